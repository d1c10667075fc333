"""Tab-separated blocks as Excel and WPS put them on the clipboard."""

from __future__ import annotations

import csv
import io


def parse_block(text: str) -> list[list[str]]:
    """Rows of cells from tab-separated text (quoted cells may hold tabs and line breaks)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [row or [""] for row in csv.reader(io.StringIO(text), delimiter="\t")]


def format_block(rows: list[list[str]]) -> str:
    """Tab-separated text with a final line break, as Excel writes it."""
    return "".join("\t".join(_quote(c) for c in row) + "\n" for row in rows)


def _quote(cell: str) -> str:
    if any(ch in cell for ch in '\t\n"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell
