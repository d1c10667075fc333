"""Golden outputs: what every medium prints for fixed departments, to prove a refactoring changes
nothing a user sees.

    python scripts/make_golden.py            # rewrite tests/fixtures/golden/ from the current code
    python scripts/make_golden.py --out DIR  # write the dumps of the current code to DIR instead

Cases: the demo department in each performance-form layout (hunan, lukou2026, shifeng2023) and a
smaller generated large department (`benchmarks/generate.py`, seed 1: 6 units, 600 lines,
12 projects).
Media: `tables --json`, `tables` (terminal text), the PDF's text page by page and its ruling lines
(pdfplumber), and every workbook cell (value and merges). The export time on the workbook's cover
is the only thing normalised. `tests/golden/test_golden_outputs.py` regenerates and compares: the
SHA-256 of each canonical dump is stored for every case, the dumps themselves for the demo, so a
failure there shows the first differing line.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import io
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

GOLDEN = ROOT / "tests" / "fixtures" / "golden"
DIGESTS = "digests.json"
MEDIA = ("json", "text", "pdf", "pdf-lines", "xlsx")
FULL_DUMPS = ("demo",)  # cases whose dumps are stored whole, not only as digests
# The generated department, smaller than the benchmark's so the test stays quick (pdfplumber reads
# about ten pages a second) but of the same shape: several units, special funds, bureau projects.
# The goldens were taken when the generator drew fund sources at random: keep drawing them so.
LARGE = {"seed": 1, "lines": 600, "projects": 12, "units": 6, "random_funds": True}
EXPORT_TIME = "导出时间"


def _demo(path: Path) -> None:
    from desktop.demo import write_demo

    write_demo(path).close()


def _demo_layout(layout: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        from desktop.models.store import DepartmentFile
        from desktop.tables.forms import set_performance_layout

        _demo(path)
        dfile = DepartmentFile.open(path)
        try:
            set_performance_layout(dfile, layout)
        finally:
            dfile.close()

    return build


def _large(path: Path) -> None:
    from benchmarks.generate import generate

    generate(path, **LARGE)


FORMS = (22, 23)
# case -> (how to build its department, the table numbers it prints: None for all). The other
# form layouts differ from the demo only in their forms, so only those are printed for them.
CASES: dict[str, tuple[Callable[[Path], None], tuple[int, ...] | None]] = {
    "demo": (_demo, None),
    "demo-lukou2026": (_demo_layout("lukou2026"), FORMS),
    "demo-shifeng2023": (_demo_layout("shifeng2023"), FORMS),
    "large": (_large, None),
}


def case_dumps(name: str, work: Path) -> dict[str, str]:
    """Build the case's department in `work` and return its canonical dump per medium."""
    source = work / f"{name}.budget"
    build, tables = CASES[name]
    build(source)
    flags = ["--tables", ",".join(map(str, tables))] if tables else []
    every = flags or ["--tables", "1-23"]  # `tables FILE` alone lists the tables
    return {
        "json": _tables_output(source, "--json", *flags),
        "text": _tables_output(source, *every, "--width", "1000"),
        **_export_dumps(source, work / name, tables),
    }


def _tables_output(source: Path, *flags: str) -> str:
    from desktop.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["tables", str(source), *flags])
    if code != 0:
        raise RuntimeError(f"tables {source} {flags} exited {code}")
    return out.getvalue()


def _export_dumps(source: Path, stem: Path, tables: tuple[int, ...] | None) -> dict[str, str]:
    """The PDF and workbook of every table and form, as exported for submission (no draft mark;
    the submission gate is not what is being compared)."""
    from desktop.export.service import prepare_export
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.tables.engine import Rollup

    pdf, xlsx = stem.with_suffix(".pdf"), stem.with_suffix(".xlsx")
    dfile = DepartmentFile.open(source, readonly=True)
    try:
        ledger = Ledger(dfile)
        job = prepare_export(dfile, ledger, Rollup(ledger), tables, draft=True)
        dataclasses.replace(job, draft=False).run(pdf, xlsx)
    finally:
        dfile.close()
    text, lines = _pdf_dumps(pdf)
    return {"pdf": text, "pdf-lines": lines, "xlsx": _workbook_dump(xlsx)}


def _pdf_dumps(path: Path) -> tuple[str, str]:
    import pdfplumber

    text, lines = [], []
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            text.append(f"=== page {n} ===")
            text.append(page.extract_text())
            lines.append(f"=== page {n} ===")
            ruled = [
                f"{o['x0']:.1f} {o['top']:.1f} {o['x1']:.1f} {o['bottom']:.1f}"
                for o in page.lines + page.rects
            ]
            lines.extend(sorted(ruled))
            page.close()
    return "\n".join(text) + "\n", "\n".join(lines) + "\n"


def _workbook_dump(path: Path) -> str:
    import openpyxl

    out = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        out.append(f"=== sheet {ws.title} ===")
        merges = sorted(str(r) for r in ws.merged_cells.ranges)
        out.append("merges: " + " ".join(merges))
        export_time = False
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value = cell.value
                if export_time:  # the moment of export is the one thing that may differ
                    value, export_time = "<time>", False
                export_time = value == EXPORT_TIME
                out.append(f"{cell.coordinate}\t{type(value).__name__}\t{value!r}")
    wb.close()
    return "\n".join(out) + "\n"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dump_name(case: str, medium: str) -> str:
    return f"{case}.{medium}.txt"


def write_golden(target: Path, cases: list[str] | None = None) -> dict[str, dict[str, str]]:
    """Write digests (and the full dumps of FULL_DUMPS) for `cases` (all by default) to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    digests: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        for case in cases or list(CASES):
            dumps = case_dumps(case, Path(tmp))
            digests[case] = {m: digest(dumps[m]) for m in MEDIA}
            if case in FULL_DUMPS:
                for medium in MEDIA:
                    (target / dump_name(case, medium)).write_text(dumps[medium], encoding="utf-8")
            print(f"{case}: " + ", ".join(f"{m} {len(dumps[m]):,} chars" for m in MEDIA))
    path = target / DIGESTS
    path.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return digests


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GOLDEN, help="folder (default: the goldens)")
    parser.add_argument("cases", nargs="*", help=f"of {', '.join(CASES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.cases) - set(CASES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    write_golden(args.out, args.cases or None)


if __name__ == "__main__":
    main()
