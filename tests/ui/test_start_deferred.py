"""Opening a file in the window: the first view is drawn from the ledger alone, the roll-up and
the full check follow right after the first paint, and what the user then sees is exactly what a
full computation gives, even when an edit came first."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from desktop.checks.engine import Checker
from desktop.checks.finding import ERROR
from desktop.records import Change
from desktop.tables.engine import Rollup
from desktop.ui.findings_dock import CHECKING

ROOT = Path(__file__).resolve().parents[2]


def _fresh(ledger) -> tuple[list, list]:  # noqa: ANN001
    """Every table and every finding (in the checker's order) computed from scratch."""
    rollup = Rollup(ledger)
    checker = Checker(ledger, rollup)
    try:
        findings = checker.findings
        tables = [r.to_json() for r in rollup.results()]
    finally:
        checker.close()
        rollup.close()
    return tables, findings


def _as_docked(findings: list) -> list:
    """The dock lists errors first, each group in the checker's order."""
    errors = [f for f in findings if f.severity == ERROR]
    return errors + [f for f in findings if f.severity != ERROR]


def test_checks_run_after_the_first_paint_and_match_a_full_check(qtbot, bare_window, demo_path):
    window = bare_window
    assert window.open_path(demo_path)
    document = window.document
    assert document.checks_pending  # nothing computed yet that the first view does not show
    assert window.findings.summary.text() == CHECKING
    assert not window.findings.recheck_button.isEnabled()
    qtbot.waitUntil(lambda: not document.checks_pending, timeout=10_000)
    tables, findings = _fresh(document.ledger)
    assert window.findings.findings == _as_docked(findings)
    assert len(findings) == 1  # the demo's one 提示 (unit-kind-function), explained
    assert window.findings.summary.text() == "错误 0 条，提示 1 条（已说明 1 条）"
    assert [r.to_json() for r in document.rollup.results()] == tables


def test_an_edit_before_the_checks_land_is_in_what_they_show(qtbot, bare_window, demo_path):
    window = bare_window
    assert window.open_path(demo_path)
    document = window.document
    line = next(ln for ln in document.ledger.expenditure_lines.values() if ln.kind == "personnel")
    new = dataclasses.replace(line, amount=line.amount + 1_000_000_00)  # +100 万元: unbalanced
    assert document.execute([Change(line, new)], "改金额")
    assert document.checks_pending
    qtbot.waitUntil(lambda: not document.checks_pending, timeout=10_000)
    tables, findings = _fresh(document.ledger)
    assert [r.to_json() for r in document.rollup.results()] == tables
    assert window.findings.findings == _as_docked(findings)
    assert any(f.severity == ERROR for f in findings)  # income no longer covers expenditure
    # and later edits keep both current, as before
    document.undo_stack.undo()
    tables, findings = _fresh(document.ledger)
    assert [r.to_json() for r in document.rollup.results()] == tables
    assert document.checker.findings == findings


def test_quit_after_load_reports_the_window_usable(demo_path, tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-m", "desktop", str(demo_path), "--quit-after-load"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "窗口可用：" in done.stderr
    assert "株洲市荷塘区科技和工业信息化局 2025 年 — 部门预算编制" in done.stderr
