"""Write resources/examples/科目表示例.xlsx: the bundled 2026 catalog as a workbook for
`budget-desk catalog-import` (one sheet per catalog file, Chinese sheet names, header row).

    python scripts/make_catalog_example.py

tests/test_catalog_example.py checks that the workbook holds exactly the 2026 CSV files.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.catalog_import import TABLES  # noqa: E402

SOURCE = ROOT / "resources" / "catalogs" / "2026"
TARGET = ROOT / "resources" / "examples" / "科目表示例.xlsx"


def main() -> None:
    book = Workbook()
    book.remove(book.active)
    for table in TABLES:
        sheet = book.create_sheet(table.title)
        with (SOURCE / table.filename).open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                sheet.append(row)  # codes stay text: 2060101 must not become a number
    book.properties.creator = "Budget Desk"
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    book.save(TARGET)
    print(f"{TARGET.relative_to(ROOT)}：{', '.join(t.title for t in TABLES)}")


if __name__ == "__main__":
    main()
