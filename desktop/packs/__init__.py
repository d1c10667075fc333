"""Table sets (表套): tables, forms, rules and text of a region's published set, as data."""
