"""The owner's weekly leakage review (shared/LEAKAGE.md, "Weekly figures")."""
