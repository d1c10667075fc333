"""Hostile and broken workbooks given to `python3 -m desktop import`: each ends with a clear Chinese
error (exit code 3) within 10 s and 500 MB of peak memory, and no department file is created.

Time and peak RSS are those of the import process alone (its VmHWM read from /proc while it runs;
`os.wait4`'s ru_maxrss where there is no /proc).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from desktop.export.importer import WorkbookImportError, import_workbook
from desktop.export.xlsx_guard import MAX_PART_BYTES, MAX_ROWS, MAX_TOTAL_BYTES, check_workbook
from tests.reliability import bad_workbooks as bad

pytestmark = pytest.mark.skipif(not hasattr(os, "wait4"), reason="peak memory via os.wait4 (POSIX)")
ROOT = Path(__file__).resolve().parents[2]
TIME_LIMIT = 10.0  # seconds
MEMORY_LIMIT = 500 * 1024 * 1024  # bytes of peak resident memory
DATA_SHEET = "支出明细"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """A good workbook exported from the demo department."""
    from desktop.demo import write_demo
    from desktop.export.service import run_export
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.tables.engine import Rollup

    folder = tmp_path_factory.mktemp("exported")
    write_demo(folder / "demo.budget").close()
    dfile = DepartmentFile.open(folder / "demo.budget", readonly=True)
    ledger = Ledger(dfile)
    run_export(dfile, ledger, Rollup(ledger), xlsx_path=folder / "demo.xlsx", draft=True)
    dfile.close()
    return folder / "demo.xlsx"


def run_import(workbook: Path, target: Path) -> tuple[int, str, float, int]:
    """(exit code, stderr, seconds, peak RSS in bytes) of the import command in its own process."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "desktop", "import", str(target), str(workbook)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    watchdog = threading.Timer(60, child.kill)  # a hung import fails the test, not the suite
    watchdog.start()
    sampled: list[int] = []
    sampler = threading.Thread(target=_sample_peak, args=(child, sampled), daemon=True)
    sampler.start()
    try:
        stderr = child.stderr.read().decode("utf-8", "replace")
        _pid, status, usage = os.wait4(child.pid, 0)
    finally:
        watchdog.cancel()
        child.stderr.close()
        sampler.join(timeout=1)
    child.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen quiet
    # On Linux ru_maxrss starts from the forking process's peak (the whole test run), so the
    # import's own high-water mark is read from /proc while it runs; elsewhere ru_maxrss.
    peak = max(sampled) if sampled else usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return child.returncode, stderr, time.monotonic() - started, peak


def _sample_peak(child: subprocess.Popen, sampled: list[int]) -> None:
    """Collect the child's VmHWM (its own peak resident memory since exec) every 10 ms."""
    status = Path(f"/proc/{child.pid}/status")
    while True:
        try:
            text = status.read_text()
        except OSError:
            return  # reaped, or no /proc
        for line in text.splitlines():
            if line.startswith("VmHWM:"):
                sampled.append(int(line.split()[1]) * 1024)
        if "State:\tZ" in text:
            return
        time.sleep(0.01)


def refused(workbook: Path, expected: str) -> tuple[float, int]:
    target = workbook.with_suffix(".budget")
    code, stderr, seconds, peak = run_import(workbook, target)
    assert code == 3, stderr
    assert expected in stderr, stderr
    assert "Traceback" not in stderr
    assert seconds < TIME_LIMIT, f"{seconds:.1f} s"
    assert peak < MEMORY_LIMIT, f"{peak / 2**20:.0f} MB"
    assert not target.exists()
    assert not list(workbook.parent.glob(f".{target.name}*"))  # no temporary file left
    return seconds, peak


def test_truncated_zip(tmp_path, exported):
    refused(
        bad.truncated(exported, tmp_path / "t.xlsx"),
        "它不是有效的 Excel 工作簿（.xlsx），或文件已损坏、不完整",
    )


@pytest.mark.parametrize("sheet", ["封面", DATA_SHEET])
def test_entity_expansion_in_a_sheet(tmp_path, exported, sheet):
    workbook = bad.laughs_in_sheet(exported, tmp_path / "laughs.xlsx", sheet)
    refused(workbook, f"工作表“{sheet}”含有 DOCTYPE 或实体声明")


def test_entity_expansion_in_shared_strings(tmp_path, exported):
    workbook = bad.laughs_in_shared_strings(exported, tmp_path / "sst.xlsx")
    refused(workbook, "部件“xl/sharedStrings.xml”含有 DOCTYPE 或实体声明")


def test_zip_bomb(tmp_path, exported):
    workbook = bad.zip_bomb(exported, tmp_path / "bomb.xlsx", DATA_SHEET)
    assert workbook.stat().st_size < 10 * 1024 * 1024  # ~5 MB on disk, 1.1 GB inflated
    member = bad.sheet_member(exported, DATA_SHEET)
    assert zipfile.ZipFile(workbook).getinfo(member).file_size > bad.GIB
    refused(workbook, f"其中的部件“{member}”解压后有 1,152 MB（上限 1024 MB），这可能是“压缩炸弹”")


def test_a_million_rows(tmp_path, exported):
    workbook = bad.million_rows(exported, tmp_path / "rows.xlsx", DATA_SHEET)
    assert MAX_ROWS == 1_048_576  # Excel's limit: the program's own workbook is never refused
    refused(workbook, f"工作表“{DATA_SHEET}”超过 1,048,576 行（Excel 工作表的行数上限）")


def test_more_rows_than_the_former_limit_pass_the_guard(tmp_path, exported):
    """The guard once stopped at 200,000 rows, which refused the program's own workbook of a
    department of 320,000 lines; a data sheet of 250,001 rows is now read to its end."""
    workbook = bad.million_rows(exported, tmp_path / "rows.xlsx", DATA_SHEET, rows=250_001)
    facts = check_workbook(workbook)
    assert facts[DATA_SHEET].rows == 250_001  # the header row and 250,000 rows of data
    assert facts["封面"].rows < 50


def test_the_size_limit_holds_a_data_sheet_of_excels_row_limit(exported):
    """Neither the row count nor the size of a sheet refuses the program's own workbook before
    Excel's limit: MAX_ROWS rows as wide as the widest data row exported fit in one part."""
    member = bad.sheet_member(exported, DATA_SHEET)
    with zipfile.ZipFile(exported) as zf:
        xml = zf.read(member)
    rows = re.findall(rb"<row .*?</row>", xml, re.S)
    assert len(rows) == 34  # the header and the demo's 33 expenditure lines
    widest = max(len(row) for row in rows[1:])
    assert 500 < widest < 1024  # bytes: the demo's lines carry notes and catalog names
    assert MAX_ROWS * widest < MAX_PART_BYTES
    assert MAX_PART_BYTES + 64 * 2**20 < MAX_TOTAL_BYTES  # and the other parts beside it


def test_broken_sheet_xml(tmp_path, exported):
    workbook = bad.broken_xml(exported, tmp_path / "broken.xlsx", DATA_SHEET)
    refused(workbook, f"工作表“{DATA_SHEET}”已损坏（XML 第 1 行")


def test_merged_cells_in_the_data_area(tmp_path, exported):
    workbook = bad.merged_data_cells(
        exported, tmp_path / "merged.xlsx", DATA_SHEET, ["B3:B5", "J7:J8"]
    )
    refused(workbook, f"工作表“{DATA_SHEET}”的数据区有合并单元格（B3:B5、J7:J8）")
    with pytest.raises(WorkbookImportError) as info:
        import_workbook(tmp_path / "x.budget", workbook)
    # The merge is named first, then what it caused: the emptied cells of rows 4, 5 and 8.
    assert info.value.problems[0].startswith(f"工作表“{DATA_SHEET}”的数据区有合并单元格")
    assert any("第 4 行 B 列（功能科目编码）" in p for p in info.value.problems)


def test_merged_header_cells_of_printed_tables_are_fine(exported):
    facts = check_workbook(exported)
    assert facts[DATA_SHEET].rows == 34  # header and the demo's 33 expenditure lines
    assert facts[DATA_SHEET].merged == []
    assert "A1:H1" in facts["01收支总表"].merged  # the printed title: not a data sheet


def test_good_workbook_still_imports(tmp_path, exported):
    report = import_workbook(tmp_path / "again.budget", exported)
    assert report.counts["expenditure_lines"] == 33 and not report.modified
