"""Reads the published figures of seed 003 (株洲市工业和信息化局 2021 年度部门决算) from the seed text.

The text is `tests/fixtures/seeds/003_260f60713769a9c5.txt`, a verbatim copy of the shared seed
`seeds/003_260f60713769a9c5.txt` (provenance: tests/fixtures/seeds/PROVENANCE.md), kept in the
repository so the tests stand alone. Tables 公开01–09 and the 部门整体支出绩效自评表 are tab-separated
lines; a table runs from the note (“注：”) of the one before it to its own note.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "003_260f60713769a9c5.txt"
_AMOUNT = re.compile(r"^-?[\d,]+\.\d\d$")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _lines() -> list[str]:
    return seed_text().splitlines()


def table_rows(number: int) -> list[list[str]]:
    """The tab-separated rows of 公开表 `number` (1–9), cells stripped."""
    lines = _lines()
    marker = lines.index(f"公开0{number}表")
    start = max(
        i for i, line in enumerate(lines[:marker]) if line.startswith(("注：", "部门决算表"))
    )
    end = next(i for i in range(marker, len(lines)) if lines[i].startswith("注："))
    return [
        [c.strip() for c in line.split("\t")] for line in lines[start + 1 : end] if "\t" in line
    ]


def self_evaluation_rows() -> list[list[str]]:
    """The tab-separated rows of the 部门整体支出绩效自评表 (up to its 总分 row)."""
    lines = _lines()
    start = lines.index("2021年度部门整体支出绩效自评表")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("总分"))
    return [
        [c.strip() for c in line.split("\t")] for line in lines[start : end + 1] if "\t" in line
    ]


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text))


def amount(text: str) -> Decimal:
    """A printed 万元 figure (“5,107.53”) as a Decimal; blank is zero."""
    return Decimal(text.replace(",", "")) if text else Decimal("0.00")
