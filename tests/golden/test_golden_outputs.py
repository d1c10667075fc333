"""Golden outputs: every medium prints exactly what it printed when the goldens were taken.

The goldens (`tests/fixtures/golden/`) are written by `scripts/make_golden.py` from the code before
a refactoring; a change that alters what a user sees must fail here. When a change of output is
intended, rewrite them with `python scripts/make_golden.py` and review the diff of the demo dumps.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_script():  # noqa: ANN202 - the module
    spec = importlib.util.spec_from_file_location("make_golden", ROOT / "scripts/make_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


golden = _load_script()
DIGESTS = json.loads((golden.GOLDEN / golden.DIGESTS).read_text(encoding="utf-8"))


def _first_difference(expected: str, actual: str) -> str:
    old, new = expected.splitlines(), actual.splitlines()
    for n, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return f"line {n}:\n  golden: {a!r}\n  now:    {b!r}"
    return f"golden has {len(old)} lines, now {len(new)}"


def test_every_case_and_medium_has_a_golden():
    assert set(DIGESTS) == set(golden.CASES)
    for case in golden.CASES:
        assert set(DIGESTS[case]) == set(golden.MEDIA)
    for case in golden.FULL_DUMPS:
        for medium in golden.MEDIA:
            stored = (golden.GOLDEN / golden.dump_name(case, medium)).read_text(encoding="utf-8")
            assert golden.digest(stored) == DIGESTS[case][medium]


@pytest.mark.parametrize("case", list(golden.CASES))
def test_outputs_match_golden(case, tmp_path):
    dumps = golden.case_dumps(case, tmp_path)
    problems = []
    for medium in golden.MEDIA:
        if golden.digest(dumps[medium]) == DIGESTS[case][medium]:
            continue
        name = golden.dump_name(case, medium)
        (tmp_path / name).write_text(dumps[medium], encoding="utf-8")
        if case in golden.FULL_DUMPS:
            expected = (golden.GOLDEN / name).read_text(encoding="utf-8")
            where = _first_difference(expected, dumps[medium])
        else:  # only the digest is stored: compare with `make_golden.py --out DIR` on the old code
            where = "digest differs"
        problems.append(f"{medium} ({tmp_path / name}): {where}")
    assert not problems, f"{case}: output changed\n" + "\n".join(problems)
