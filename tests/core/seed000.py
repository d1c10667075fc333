"""Reads the published figures of seed 000 (the Hunan table set of 株洲市荷塘区科技和工业信息化局,
2025) straight from the seed text, so the comparison test checks every printed figure.

The text is `tests/fixtures/seeds/000_afe0d350365080c7.txt`, a verbatim copy of the shared seed
`seeds/000_afe0d350365080c7.txt` (the department's 2025 部门预算公开), kept in the repository so
the tests stand alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# A copy of the public seed document kept in the repository (provenance: tests/fixtures/seeds/).
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "000_afe0d350365080c7.txt"

# First line (1-based) of each legible table's title in the seed. Tables 2, 4 and 5 are
# "[illegible]" in the seed and cannot be compared cell by cell.
SECTIONS = {
    1: 37,
    3: 83,
    6: 129,
    7: 171,
    8: 207,
    9: 242,
    10: 265,
    11: 288,
    12: 304,
    13: 320,
    14: 338,
    15: 354,
    16: 368,
    17: 381,
    18: 393,
    19: 405,
    20: 418,
    21: 431,
}
ILLEGIBLE = (2, 4, 5)
_AMOUNT = re.compile(r"^-?\d+\.\d\d$")


@dataclass(frozen=True)
class PublishedRow:
    cells: tuple[str, ...]  # as printed, spaces inside numbers removed ("289. 79" → "289.79")


def _table_lines(number: int) -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = SECTIONS[number]
    following = sorted(v for v in SECTIONS.values() if v > start)
    end = following[0] if following else len(lines)
    tabbed = []
    for line in lines[start : end - 1]:
        if line.startswith("注："):
            break
        if "\t" in line:
            tabbed.append(line)
    return tabbed


def header_lines(number: int, header_rows: int) -> list[str]:
    """The printed header rows of table `number`."""
    return _table_lines(number)[:header_rows]


def published_rows(number: int, header_rows: int) -> list[PublishedRow]:
    """The data rows of table `number`: the tab-separated lines after its header rows."""
    rows = []
    for line in _table_lines(number)[header_rows:]:
        cells = tuple(_clean(c) for c in line.split("\t"))
        rows.append(PublishedRow(cells))
    return rows


def _clean(cell: str) -> str:
    cell = cell.strip()
    squeezed = cell.replace(" ", "")
    return squeezed if _AMOUNT.match(squeezed) else cell


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text))
