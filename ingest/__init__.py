"""Read project expenditure performance self-evaluation reports into one normalized model."""
