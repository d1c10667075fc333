"""Storage of the department file: SQLAlchemy schema, opening, locking and migrations."""
