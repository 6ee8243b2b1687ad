"""Business time, SLA deadlines, countdowns and leak kinds (pure functions)."""
