"""The findings list follows an edit by replacing, inserting or removing only the findings that
differ: the view keeps its place, and the rows are exactly the checker's list."""

from __future__ import annotations

from desktop.checks.finding import ERROR, WARNING, Finding
from desktop.ui.findings_dock import FindingsModel, _changed_block


def _finding(n: int, severity: str = WARNING) -> Finding:
    return Finding(f"R{n % 7}", severity, f"第 {n} 条", subject=f"s{n}")


def _record(model: FindingsModel) -> list:
    seen: list = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.dataChanged.connect(lambda a, b, *_: seen.append(("changed", a.row(), b.row())))
    model.rowsInserted.connect(lambda _p, a, b: seen.append(("inserted", a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: seen.append(("removed", a, b)))
    return seen


def _texts(model: FindingsModel) -> list[str]:
    return [model.index(r, 2).data() for r in range(model.rowCount())]


def test_only_the_findings_that_differ_change(qtmodeltester):
    model = FindingsModel()
    explanations: dict = {}
    old = [_finding(n) for n in range(10)]
    model.set_findings(old, explanations)
    qtmodeltester.check(model, force_py=True)
    seen = _record(model)

    one_changed = old[:4] + [_finding(40, ERROR)] + old[5:]
    model.set_findings(one_changed, explanations)
    assert seen == [("changed", 4, 4)]
    assert _texts(model) == [f.message for f in one_changed]
    assert model.index(4, 0).data() == ERROR

    seen.clear()
    two_more = one_changed[:7] + [_finding(41), _finding(42)] + one_changed[7:]
    model.set_findings(two_more, explanations)
    assert seen == [("inserted", 7, 8)]
    assert _texts(model) == [f.message for f in two_more]

    seen.clear()
    fewer = two_more[:2] + [_finding(43)] + two_more[6:]  # four rows became one
    model.set_findings(fewer, explanations)
    assert seen == [("changed", 2, 2), ("removed", 3, 5)]
    assert _texts(model) == [f.message for f in fewer]

    seen.clear()
    model.set_findings(list(fewer), explanations)  # the same findings: nothing to repaint
    assert seen == []

    seen.clear()
    model.set_findings(fewer, {("R0", "s0"): "已说明"})  # other explanations: all rows anew
    assert seen == ["reset"]
    assert model.index(0, 3).data() == "已说明"
    qtmodeltester.check(model, force_py=True)


def test_the_changed_block_is_the_shortest_that_differs():
    a = [_finding(n) for n in range(6)]
    assert _changed_block(a, list(a)) == (6, 6, 6)
    assert _changed_block(a, a[:2] + a[3:]) == (2, 3, 2)
    assert _changed_block(a, [*a, _finding(9)]) == (6, 6, 7)
    assert _changed_block(a, []) == (0, 6, 0)
    assert _changed_block([], a[:1]) == (0, 0, 1)
