"""Exports of the standard tables (PDF, the bureau's workbook) and import of such a workbook."""
