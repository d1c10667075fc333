"""Exports never overwrite a department file, never write two outputs to one path, and put their
files in place as a set (issue 13, cases 3 and 11)."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.demo import write_demo
from desktop.export import outputs, service

ROOT = Path(__file__).resolve().parents[2]


def _names(folder: Path) -> list[str]:
    """The folder's entries but the test's private data folder ("data")."""
    return sorted(p.name for p in folder.iterdir() if p.name != "data")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _export(demo: Path, *extra: str) -> int:
    return main(["export", str(demo), *extra, "--draft"])


def test_export_refuses_to_overwrite_its_own_department_file(tmp_path, capsys):
    demo = tmp_path / "dept.budget"
    write_demo(demo).close()
    before = _digest(demo)
    assert _export(demo, "--xlsx", str(demo)) != 0
    assert "就是正在导出的部门文件" in capsys.readouterr().err
    assert _digest(demo) == before


def test_export_refuses_another_department_file_whatever_its_name(tmp_path, capsys):
    demo = tmp_path / "dept.budget"
    write_demo(demo).close()
    other = tmp_path / "看起来像报表.pdf"  # a department file renamed: recognised by content
    write_demo(other).close()
    before = _digest(other)
    assert _export(demo, "--pdf", str(other)) != 0
    assert "是一个部门文件" in capsys.readouterr().err
    assert _digest(other) == before


def test_two_outputs_to_one_path_are_refused(tmp_path, capsys):
    demo = tmp_path / "dept.budget"
    write_demo(demo).close()
    same = tmp_path / "x"
    assert _export(demo, "--pdf", str(same), "--xlsx", str(tmp_path / "." / "x")) != 0
    assert "不能写到同一个文件" in capsys.readouterr().err
    assert not same.exists()


def test_missing_folder_is_named_in_chinese(tmp_path, capsys):
    demo = tmp_path / "dept.budget"
    write_demo(demo).close()
    assert _export(demo, "--pdf", str(tmp_path / "没有" / "x.pdf")) != 0
    err = capsys.readouterr().err
    assert "文件夹" in err and "不存在" in err
    assert "No such file" not in err


def test_a_failing_workbook_leaves_both_old_outputs(tmp_path, monkeypatch):
    """The PDF is complete before the workbook fails: neither old file is replaced."""
    demo = tmp_path / "dept.budget"
    write_demo(demo).close()
    pdf, xlsx = tmp_path / "o.pdf", tmp_path / "o.xlsx"
    pdf.write_bytes(b"old pdf")
    xlsx.write_bytes(b"old workbook")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service, "export_workbook", broken)
    with pytest.raises(OSError):
        _export_direct(demo, pdf, xlsx)
    assert pdf.read_bytes() == b"old pdf" and xlsx.read_bytes() == b"old workbook"
    assert _names(tmp_path) == ["dept.budget", "o.pdf", "o.xlsx"]


def _export_direct(demo: Path, pdf: Path, xlsx: Path) -> None:
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.tables.engine import Rollup

    dfile = DepartmentFile.open(demo, readonly=True)
    try:
        ledger = Ledger(dfile)
        service.run_export(dfile, ledger, Rollup(ledger), pdf, xlsx, [1, 2], draft=True)
    finally:
        dfile.close()


def test_no_temporary_file_reaches_the_system_temporary_folder(tmp_path, monkeypatch):
    demo = tmp_path / "dept.budget"
    write_demo(demo).close()
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(system_tmp))
    out = tmp_path / "out"
    out.mkdir()
    _export_direct(demo, out / "o.pdf", out / "o.xlsx")
    assert list(system_tmp.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["o.pdf", "o.xlsx"]


def test_a_kill_between_the_two_moves_is_rolled_forward(tmp_path):
    """The instant between replacing the PDF and the workbook: the next export completes it."""
    demo = tmp_path / "dept.budget"
    write_demo(demo).close()
    pdf, xlsx = tmp_path / "o.pdf", tmp_path / "o.xlsx"
    pdf.write_bytes(b"old pdf")
    xlsx.write_bytes(b"old workbook")
    script = (
        "import os, signal, sys\n"
        "from desktop.export import outputs\n"
        "real = os.replace\n"
        "def replace(a, b):\n"
        "    real(a, b)\n"
        "    if str(b) == sys.argv[4]: os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.replace = replace\n"
        "from desktop.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    cmd = [sys.executable, "-c", script, "export", str(demo), "--pdf", str(pdf)]
    cmd += ["--xlsx", str(xlsx), "--draft", "--tables", "1"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert pdf.read_bytes().startswith(b"%PDF")  # the new PDF beside the old workbook …
    assert xlsx.read_bytes() == b"old workbook"
    outputs.sweep_stale_staging(tmp_path)  # … until the next export into the folder
    assert zipfile.is_zipfile(xlsx)
    assert _names(tmp_path) == ["dept.budget", "o.pdf", "o.xlsx"]


def test_killed_exports_leave_a_consistent_pair(tmp_path):
    """SIGKILL at random moments of a PDF + workbook export: old pair or new pair, never mixed."""
    demo = tmp_path / "dept.budget"
    write_demo(demo).close()
    pdf, xlsx = tmp_path / "o.pdf", tmp_path / "o.xlsx"
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    cmd = [sys.executable, "-m", "desktop", "export", str(demo), "--pdf", str(pdf)]
    cmd += ["--xlsx", str(xlsx), "--draft", "--tables", "1,2,3"]
    rng = random.Random(13)
    outcomes = set()
    for _ in range(8):
        pdf.write_bytes(b"old pdf")
        xlsx.write_bytes(b"old workbook")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outputs.sweep_stale_staging(tmp_path)
        old = (pdf.read_bytes() == b"old pdf", xlsx.read_bytes() == b"old workbook")
        assert old in {(True, True), (False, False)}
        if not old[0]:
            assert pdf.read_bytes().startswith(b"%PDF") and zipfile.is_zipfile(xlsx)
        outcomes.add(old[0])
        assert _names(tmp_path) == [
            "dept.budget",
            "o.pdf",
            "o.xlsx",
            "tmp",
        ]
        assert list((tmp_path / "tmp").iterdir()) == []
