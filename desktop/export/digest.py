"""SHA-256 digest of a department's flat data over a canonical serialization (docs/FORMAT.md).

Serialization, UTF-8: the line `budget-desk-flat-v1`, then the department as a JSON array
`[code, name, fiscal_year]`, then for every dataset in `DATASET_ORDER` a line
`["#", dataset, row_count]` followed by one JSON array per row `[dataset, value, …]` with the
canonical strings of `flat.py`; JSON without spaces, non-ASCII kept, each line ending in "\\n".
A dataset added later (`OPTIONAL_DATASETS`) is left out entirely while it has no rows, so the
digest of a workbook written before it existed is unchanged. A 部门决算 file adds its kind to the
department line (`[code, name, fiscal_year, "final"]`); a budget file's line is as it always was.
"""

from __future__ import annotations

import hashlib
import json

from desktop.export.flat import DATASET_ORDER, Rows
from desktop.export.flat_facts import OPTIONAL_DATASETS
from desktop.export.flat_final import FINAL_DATASETS
from desktop.records import Department

DIGEST_VERSION = "budget-desk-flat-v1"


def _line(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def flat_digest(department: Department, rows: Rows) -> str:
    """Hex SHA-256 of the canonical serialization of `rows` for `department`."""
    h = hashlib.sha256()
    h.update((DIGEST_VERSION + "\n").encode("utf-8"))
    head: list[object] = [department.code, department.name, department.fiscal_year]
    h.update(_line([*head, department.kind] if department.is_final else head))
    for name in DATASET_ORDER:
        data = rows.get(name, [])
        if not data and (name in OPTIONAL_DATASETS or name in FINAL_DATASETS):
            continue
        h.update(_line(["#", name, len(data)]))
        for row in data:
            h.update(_line([name, *row]))
    return h.hexdigest()
