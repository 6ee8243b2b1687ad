"""LeakDesk's Qt layer: renders what the core decides; holds no business rules."""
