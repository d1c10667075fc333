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
from json.encoder import encode_basestring  # json.dumps's own quoting of a str (non-ASCII kept)

from desktop.export.flat import DATASET_ORDER, Rows
from desktop.export.flat_facts import OPTIONAL_DATASETS
from desktop.export.flat_final import FINAL_DATASETS
from desktop.records import Department

DIGEST_VERSION = "budget-desk-flat-v1"


def _line(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _row_lines(name: str, data: list[tuple[str, ...]]) -> bytes:
    """The lines of a dataset's rows, exactly as `_line([name, *row])` writes each: rows of
    strings are quoted by json's own `encode_basestring` and joined here, without building a
    JSON encoder per row (the digest of a large department took a tenth of its export)."""
    if () not in data:
        prefix = "[" + encode_basestring(name) + ","
        quote = encode_basestring
        try:
            return "".join([prefix + ",".join(map(quote, row)) + "]\n" for row in data]).encode(
                "utf-8"
            )
        except TypeError:  # a value that is no string (canonical rows have none): json's way
            pass
    return b"".join([_line([name, *row]) for row in data])


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
        h.update(_row_lines(name, data))
    return h.hexdigest()
