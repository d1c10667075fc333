"""Standard tables: declarative specs (表样), the roll-up engine and immutable results."""
