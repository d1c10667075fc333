"""Checks (审核): rules over the ledger and the computed standard tables."""
