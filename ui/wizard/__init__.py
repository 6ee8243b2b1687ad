"""The first-run setup wizard."""
