"""Performance targets (绩效目标): the forms of tables 22 and 23 and of other layouts."""
