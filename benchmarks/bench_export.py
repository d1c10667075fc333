"""Export benchmark: full PDF, workbook export, import, and LibreOffice's PDF of the workbook.

    python -m benchmarks.bench_export [--seed 1] [--keep DIR]

Uses the large generated department of `benchmarks/generate.py` (the demo if it is missing).
Goals: PDF < 5 s, workbook < 3 s, import < 3 s.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop.export.importer import import_workbook
from desktop.export.service import run_export
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.tables.engine import Rollup


def _make_department(path: Path, seed: int) -> str:
    try:
        from benchmarks.generate import generate
    except ImportError:
        from desktop.demo import write_demo

        print("benchmarks/generate.py 不可用，改用演示部门（数字没有代表性）。")
        write_demo(path).close()
        return "demo"
    generate(path, seed=seed)
    return f"generated (seed {seed})"


def _timed(label: str, fn, results: dict) -> object:  # noqa: ANN001
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    print(f"{label:<28} {results[label]:7.2f} s")
    return value


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="keep the generated files in this folder")
    args = parser.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "large.budget"
    kind = _make_department(source, args.seed)
    dfile = DepartmentFile.open(source, readonly=True)
    results: dict[str, float] = {}
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        rollup.results()  # tables computed once, as in the running application
        print(
            f"department: {kind}, {len(ledger.units)} units, "
            f"{len(ledger.expenditure_lines)} expenditure lines, "
            f"{len(ledger.income_lines)} income lines, {len(ledger.projects)} projects"
        )
        pdf, xlsx = work / "large.pdf", work / "large.xlsx"
        out = _timed(
            "pdf (all 21 tables)",
            lambda: run_export(dfile, ledger, rollup, pdf_path=pdf, draft=True),
            results,
        )
        print(f"{'':<28} {out.pdf_pages} pages, {pdf.stat().st_size / 1e6:.1f} MB")
        _timed(
            "workbook export",
            lambda: run_export(dfile, ledger, rollup, xlsx_path=xlsx, draft=True),
            results,
        )
        print(f"{'':<28} {xlsx.stat().st_size / 1e6:.1f} MB")
    finally:
        dfile.close()
    target = work / "imported.budget"
    target.unlink(missing_ok=True)
    _timed("import", lambda: import_workbook(target, xlsx), results)
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office:
        outdir = work / "lo"
        outdir.mkdir(exist_ok=True)
        cmd = [office, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)]
        _timed(
            "libreoffice xlsx→pdf",
            lambda: subprocess.run(cmd, check=True, capture_output=True),
            results,
        )
        ratio = results["libreoffice xlsx→pdf"] / results["pdf (all 21 tables)"]
        print(f"libreoffice / our pdf ratio      {ratio:7.1f}×")
    else:
        print("libreoffice not installed: the conversion was not timed")
    for label, goal in (("pdf (all 21 tables)", 5), ("workbook export", 3), ("import", 3)):
        verdict = "ok" if results[label] < goal else "OVER GOAL"
        print(f"goal {label:<23} < {goal} s: {verdict}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
