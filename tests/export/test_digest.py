"""The flat digest is the SHA-256 of the serialization docs/FORMAT.md describes, whatever the text."""

import hashlib
import json

from desktop.export.digest import DATASET_ORDER, FINAL_DATASETS, OPTIONAL_DATASETS, flat_digest
from desktop.records import Department


def test_digest_is_the_documented_serialization_of_awkward_text() -> None:
    awkward = ('引号"与\\反斜杠', "换行\n制表\t", "\x01\x1f", "", " 空格 ", "\u2028", "é")
    rows = {
        "units": [("001", "本级"), awkward[:2]],
        "projects": [awkward, ("P1",)],
        "explanations": [("R01", "", "说明")],
    }
    # docs/FORMAT.md, word for word: a compact JSON array per line, each dataset headed by
    # ["#", name, count]; the optional and 决算 datasets left out while empty.
    lines: list[object] = [["123", "某部门", 2025]]
    for name in DATASET_ORDER:
        data = rows.get(name, [])
        if not data and (name in OPTIONAL_DATASETS or name in FINAL_DATASETS):
            continue
        lines.append(["#", name, len(data)])
        lines += [[name, *row] for row in data]
    assert lines[1:4] == [["#", "units", 2], ["units", "001", "本级"], ["units", *awkward[:2]]]
    text = "budget-desk-flat-v1\n" + "".join(
        json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines
    )
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert flat_digest(Department("123", "某部门", 2025), rows) == expected


def test_rows_of_other_values_are_serialized_as_json_writes_them() -> None:
    from desktop.export.digest import _row_lines

    data = [("a", 1, None), (), ('引号"',)]
    expected = '["units","a",1,null]\n["units"]\n["units","引号\\""]\n'.encode()
    assert _row_lines("units", data) == expected
    assert _row_lines("units", data[2:]) == expected.split(b"\n")[2] + b"\n"
