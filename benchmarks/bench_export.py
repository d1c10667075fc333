"""Export benchmark: full PDF, workbook export, import, and LibreOffice's PDF of the workbook.

    python -m benchmarks.bench_export [--seed 1] [--runs 5] [--office-runs 1] [--keep DIR]

Uses the large generated department of `benchmarks/generate.py` (the demo if it is missing).
The PDF and the workbook are timed for the 21 standard tables (with the flat data sheets) and
again including the 绩效目标表 (tables 22–23); import reads the complete workbook. Each step is timed `--runs` times and the median (and fastest) reported, since the machine's
speed drifts; the LibreOffice conversion (about a minute) `--office-runs` times.
Goals: PDF < 5 s, workbook < 3 s, import < 3 s.

The fair comparison with LibreOffice (the same pages: our tables against its conversion of the
table sheets alone) is `libreoffice_ratio()`; the conversion in `main` converts the whole
workbook, flat data sheets included, and is kept for the record.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
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

PDF, XLSX, IMPORT, OFFICE = (
    "pdf (all 21 tables)",
    "workbook export",
    "import",
    "libreoffice xlsx→pdf",
)
# The performance forms (绩效目标表, tables 22 and 23: one form per project) come on top.
PDF_ALL, XLSX_ALL = "pdf incl. forms 22-23", "workbook incl. forms 22-23"
TABLES = list(range(1, 22))
GOALS = ((PDF, 5), (XLSX, 3), (IMPORT, 3))


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


def _timed(label: str, fn, times: dict[str, list[float]]) -> object:  # noqa: ANN001
    start = time.perf_counter()
    value = fn()
    times.setdefault(label, []).append(time.perf_counter() - start)
    print(f"  {label:<26} {times[label][-1]:7.2f} s")
    return value


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--office-runs", type=int, default=1)
    parser.add_argument("--keep", help="keep the generated files in this folder")
    args = parser.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "large.budget"
    source.unlink(missing_ok=True)
    kind = _make_department(source, args.seed)
    print(f"machine: {os.cpu_count()} CPUs, {_cpu()}, python {platform.python_version()}")
    times: dict[str, list[float]] = {}
    pdf, xlsx, target = work / "large.pdf", work / "large.xlsx", work / "imported.budget"
    pdf_all, xlsx_all = work / "large-all.pdf", work / "large-all.xlsx"
    dfile = DepartmentFile.open(source, readonly=True)
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        rollup.results()  # tables computed once, as in the running application
        print(
            f"department: {kind}, {len(ledger.units)} units, "
            f"{len(ledger.expenditure_lines)} expenditure lines, "
            f"{len(ledger.income_lines)} income lines, {len(ledger.projects)} projects"
        )

        def export(label: str, tables: list[int] | None, **paths: Path) -> object:
            def job() -> object:
                return run_export(dfile, ledger, rollup, tables=tables, draft=True, **paths)

            return _timed(label, job, times)

        for run in range(1, args.runs + 1):
            print(f"run {run}")
            out = export(PDF, TABLES, pdf_path=pdf)
            out_all = export(PDF_ALL, None, pdf_path=pdf_all)
            export(XLSX, TABLES, xlsx_path=xlsx)
            export(XLSX_ALL, None, xlsx_path=xlsx_all)
            target.unlink(missing_ok=True)
            _timed(IMPORT, lambda: import_workbook(target, xlsx_all), times)
    finally:
        dfile.close()
    for name, path, pages in ((PDF, pdf, out.pdf_pages), (PDF_ALL, pdf_all, out_all.pdf_pages)):
        print(f"{name}: {pages} pages, {path.stat().st_size / 1e6:.1f} MB")
    for name, path in ((XLSX, xlsx), (XLSX_ALL, xlsx_all)):
        print(f"{name}: {path.stat().st_size / 1e6:.1f} MB")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office and args.office_runs > 0:
        outdir = work / "lo"
        outdir.mkdir(exist_ok=True)
        profile = (work / "lo-profile").as_uri()  # a private profile: no clash with a running one
        start = [office, f"-env:UserInstallation={profile}", "--headless"]
        # The first start only creates the profile: not part of a conversion a user waits for.
        subprocess.run([*start, "--terminate_after_init"], check=True, capture_output=True)
        cmd = [*start, "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)]
        for _ in range(args.office_runs):
            _timed(OFFICE, lambda: subprocess.run(cmd, check=True, capture_output=True), times)
    elif not office:
        print("libreoffice not installed: the conversion was not timed")
    medians = {label: statistics.median(values) for label, values in times.items()}
    print(f"\nmedians of {args.runs} runs (fastest, slowest):")
    for label, values in times.items():
        print(f"  {label:<26} {medians[label]:7.2f} s  ({min(values):.2f}, {max(values):.2f})")
    if OFFICE in medians:
        print(f"  libreoffice / our pdf ratio  {medians[OFFICE] / medians[PDF]:7.1f}×")
    for label, goal in GOALS:
        verdict = "ok" if medians[label] < goal else "OVER GOAL"
        print(f"goal {label:<23} < {goal} s: {verdict}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return medians


def _pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def table_sheets_only(workbook: Path, target: Path) -> list[str]:
    """Copy `workbook` to `target` keeping only the standard-table sheets (no cover, no flat
    data sheets): the pages our PDF prints. Returns the sheet names kept."""
    import openpyxl

    from desktop.export.profile import DEFAULT_PROFILE, load_profile

    tables = {s.name for s in load_profile(DEFAULT_PROFILE).sheets if s.kind == "table"}
    wb = openpyxl.load_workbook(workbook)
    for ws in list(wb.worksheets):
        if ws.title not in tables:
            wb.remove(ws)
    wb.save(target)
    return wb.sheetnames


def libreoffice_ratio(path: Path | None = None, lines: int = 20_000) -> dict[str, float]:
    """One run, the same pages on both sides: our PDF of tables 1–21 against LibreOffice
    converting our workbook with only those 21 table sheets left in it.

    Returns seconds and pages of each and `ratio` = LibreOffice's time / ours (an empty dict
    when LibreOffice is not installed). The department is `path` or a generated one.
    """
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        return {}
    with tempfile.TemporaryDirectory(prefix="bench-office-") as tmp:
        work = Path(tmp)
        if path is None:
            from benchmarks.generate import generate

            path = generate(work / "large.budget", lines=lines)
        pdf, xlsx, tables = work / "ours.pdf", work / "all.xlsx", work / "tables.xlsx"
        dfile = DepartmentFile.open(path, readonly=True)
        try:
            ledger = Ledger(dfile)
            rollup = Rollup(ledger)
            rollup.results()
            start = time.perf_counter()
            run_export(dfile, ledger, rollup, pdf_path=pdf, tables=TABLES, draft=True)
            ours = time.perf_counter() - start
            run_export(dfile, ledger, rollup, xlsx_path=xlsx, tables=TABLES, draft=True)
        finally:
            dfile.close()
        table_sheets_only(xlsx, tables)
        profile = (work / "lo-profile").as_uri()  # private: no clash with a running office
        start_cmd = [office, f"-env:UserInstallation={profile}", "--headless"]
        # The first start only creates the profile: not part of a conversion a user waits for.
        subprocess.run([*start_cmd, "--terminate_after_init"], check=True, capture_output=True)
        outdir = work / "lo"
        outdir.mkdir()
        start = time.perf_counter()
        subprocess.run(
            [*start_cmd, "--convert-to", "pdf", "--outdir", str(outdir), str(tables)],
            check=True,
            capture_output=True,
        )
        theirs = time.perf_counter() - start
        return {
            "ours_s": ours,
            "libreoffice_s": theirs,
            "ratio": theirs / ours,
            "our_pages": float(_pages(pdf)),
            "libreoffice_pages": float(_pages(outdir / "tables.pdf")),
        }


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
