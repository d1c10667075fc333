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


def test_the_dock_follows_an_edit_as_it_would_arrange_anew(qtbot):
    """After an edit the dock re-sorts and re-counts only the block of a rule's findings that
    changed: its errors, others (each in the checker's order) and counts are those of arranging
    the rule's whole new list, for random edits of every kind."""
    import random

    from desktop.ui.findings_dock import FindingsDock

    dock = FindingsDock()
    qtbot.addWidget(dock)
    dock.explanations = {(f"R{n % 7}", f"s{n}"): "说明" for n in range(0, 400, 3)}
    rng = random.Random(19)
    made = iter(range(10_000))

    def fresh() -> Finding:
        n = next(made) % 400
        return Finding(
            f"R{n % 7}", rng.choice((ERROR, WARNING, WARNING)), f"第 {n} 条", (), f"s{n}"
        )

    part = dock._arrange([fresh() for _ in range(60)])
    explained = set()
    for _ in range(300):
        old = part.source
        start = rng.randrange(len(old) + 1)
        end = min(len(old), start + rng.choice((0, 1, 1, 2, 5)))
        new = old[:start] + [fresh() for _ in range(rng.choice((0, 1, 1, 2, 4)))] + old[end:]
        part = dock._follow(part, new)
        assert part == dock._arrange(new)
        explained.add(part.tally[2])
    assert part.errors == [f for f in part.source if f.severity == ERROR]
    assert len(explained) > 3  # explained warnings came and went
    assert dock._follow(part, list(part.source)) == part  # equal findings: nothing to redo


def test_the_dock_shows_the_checkers_findings_errors_first(qtbot, monkeypatch):
    """The dock follows the checker's findings by rule: after each edit its list is the
    checker's errors, then the rest, in the checker's order, and its summary counts them."""
    from types import SimpleNamespace

    from desktop.ui.findings_dock import FindingsDock

    class Checker:
        def __init__(self, parts):
            self._parts = parts

        def parts(self):
            return list(self._parts)

    dock = FindingsDock()
    qtbot.addWidget(dock)
    a = [_finding(1), _finding(2, ERROR), _finding(3)]
    b = [_finding(4, ERROR)]
    c = [_finding(5), _finding(6)]
    doc = SimpleNamespace(
        checks_pending=False, dfile="t.budget", readonly=True, checker=Checker([a, b, c])
    )
    monkeypatch.setattr(
        "desktop.ui.findings_dock.load_explanations", lambda _dfile: {("R5", "s5"): "已说明"}
    )
    dock.document = doc
    dock.refresh()
    assert dock.findings == [a[1], b[0], a[0], a[2], c[0], c[1]]
    assert dock.summary.text() == "错误 2 条，提示 4 条（已说明 1 条）"
    b2 = [_finding(7)]  # the error of the second rule became a warning
    a2 = [a[0], _finding(8, ERROR), a[2]]
    doc.checker = Checker([a2, b2, c])
    dock.refresh()
    assert dock.findings == [a2[1], a2[0], a2[2], b2[0], c[0], c[1]]
    assert dock.summary.text() == "错误 1 条，提示 5 条（已说明 1 条）"
