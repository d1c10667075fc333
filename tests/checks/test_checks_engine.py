"""The checker as a whole: the demo's findings, live re-checking, crashes, explanations, config,
the rule catalogue and the `check` command."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from desktop.checks.config import RuleConfigError, load_rule_config, parse_rule_config
from desktop.checks.engine import INTERNAL, Checker
from desktop.checks.explanations import load_explanations, save_explanation
from desktop.checks.finding import ERROR, WARNING
from desktop.checks.rule import Hit, Rule
from desktop.checks.rules import ALL_RULES, RULES_BY_ID
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.money import DisplayUnit, parse_amount
from desktop.records import (
    ControlFigure,
    DepartmentTarget,
    ExpenditureLine,
    IncomeLine,
    Indicator,
    PriorYearLine,
    Project,
    Unit,
)
from desktop.tables.engine import Rollup

DOCS = Path(__file__).resolve().parents[2] / "docs" / "CHECKS.md"
TESTS = Path(__file__).resolve().parent


def W(text: str) -> int:  # noqa: N802 - an amount as printed, in 万元
    return parse_amount(text, DisplayUnit.WAN_YUAN)


def key(findings) -> list[tuple]:
    return [(f.rule_id, f.severity, f.subject, f.message, f.cells) for f in findings]


# -- the demo ----------------------------------------------------------------------------------
def test_demo_findings_are_exactly_what_the_published_figures_imply(demo_ledger):
    checker = Checker(demo_ledger, Rollup(demo_ledger))
    assert [(f.rule_id, f.severity, f.subject) for f in checker.findings] == [
        # The only unit, 030001, is a 行政单位, yet the publication budgets 2.16 万元 of 30110
        # under 2101102 事业单位医疗 (next to 5.92 under 2101101 行政单位医疗). A reviewer asks
        # why; the accountant answers with an 出错说明 (e.g. staff on 事业 establishment), and the
        # demo carries that answer, as a submission would.
        ("unit-kind-function", WARNING, "030001|2101102"),
    ]
    # Nothing else fires, and these are the reasons:
    # - income equals expenditure for every 项 (e.g. 2060101: 116.81 = 42.75 + 23.66 + 28.21 +
    #   3.00 + 1.33 + 6.79 + 6.59 + 4.03 + 0.45 as printed), so per fund, 类, unit and the total
    #   (289.79) balance; the demo's income per 项 is the exact sum of its lines in 元, so the
    #   publication's rounding tails do not show up as imbalances;
    # - every social-security line sits on its own item: 30108/2080505 18.34, 30109/2080506 9.17,
    #   30110/2101101 5.92 and /2101102 2.16, 30111/2101103 11.68, 30113/2210201 16.29,
    #   30302/2080501 20.40;
    # - the 0.45 of 31002 bought from 公用经费 is the Hunan practice (basic-capital-econ is off);
    # - no control figures and no prior-year lines are in the publication, so those rules wait;
    # - both projects have lines (35.00) and goals; there are no performance-target tables yet;
    # - every table foots and the tables agree, as the publication's do.
    (f,) = checker.findings
    assert f.message == (
        "行政单位 030001 株洲市荷塘区科技和工业信息化局 使用了功能科目“2101102 事业单位医疗”"
        "（收入 2.16 万元，支出 2.16 万元），该科目适用于事业单位。请核对单位性质或科目。"
    )
    assert [(c.table, c.row_code, c.column) for c in f.cells] == [
        (2, "2101102", "合计"),
        (3, "2101102", "合计"),
    ]
    assert checker.errors() == []
    assert checker.unexplained_warnings() == []  # explained in the demo


def test_demo_with_rounded_lines_shows_the_rounding_difference(demo_ledger):
    """Lines typed from a publication that rounded each line: 289.79 of income against 289.78."""
    line = next(x for x in demo_ledger.expenditure_lines.values() if x.econ_code == "30239")
    demo_ledger.replace(line, amount=line.amount - W("0.01"))
    found = {f.rule_id: f for f in Checker(demo_ledger, Rollup(demo_ledger)).findings}
    assert found["t01-balance"].message == (
        "表1“收入总计”为 289.79 万元，应等于表1“支出总计”289.78 万元，相差 0.01 万元（100.00 元）。"
    )
    assert found["balance-fund"].severity == ERROR
    assert found["balance-item"].subject == "030001|2060101"


# -- live re-checking ----------------------------------------------------------------------------
def test_recheck_after_each_edit_equals_a_full_check(demo_ledger):
    ledger = demo_ledger
    rollup = Rollup(ledger)
    checker = Checker(ledger, rollup)
    seen: list[int] = []
    checker.add_listener(lambda findings: seen.append(len(findings)))

    def same() -> None:
        assert key(checker.findings) == key(Checker(ledger, Rollup(ledger)).findings)

    line = next(iter(ledger.expenditure_lines.values()))
    ledger.replace(line, amount=line.amount + 1)  # imbalance everywhere
    same()
    ledger.replace(ledger.expenditure_lines[line.id], amount=line.amount)
    same()
    ledger.add(Unit("030002", "服务中心", "institution", 1))  # unit change: full re-run
    same()
    (inc,) = ledger.add(IncomeLine(None, "030002", "2060401", "gp_appropriation", W("1")))
    same()
    ledger.add(
        ExpenditureLine(
            None, "030002", "2060401", "30201", "gp_appropriation", "operating", "", W("1")
        )
    )
    same()
    ledger.add(ControlFigure(None, "", "gp_appropriation", "basic", W("250")))
    same()
    ledger.add(
        PriorYearLine(None, "030001", "2060101", "30217", "gp_appropriation", "operating", 0)
    )
    same()
    ledger.add(Project("030002-P", "030002", "空项目"))
    same()
    ledger.remove(inc)
    same()
    assert len(seen) == 9  # the listener heard every re-run


def test_a_crashing_rule_becomes_a_finding(demo_ledger):
    def broken_line(ctx, key):  # noqa: ANN001
        raise ValueError("坏了")

    def broken_ledger(ctx):  # noqa: ANN001
        return [Hit("x", "y")][5]

    def broken_table(ctx):  # noqa: ANN001
        ctx.table(99)
        return []

    rules = (
        Rule("bad-line", WARNING, "会出错的明细规则", broken_line, "line", fields=("unit_code",)),
        Rule("bad-ledger", WARNING, "会出错的规则", broken_ledger),
        Rule("bad-table", WARNING, "会出错的表规则", broken_table, "tables", (3,)),
        RULES_BY_ID["unit-kind-function"],
    )
    checker = Checker(demo_ledger, Rollup(demo_ledger), rules=rules)
    internal = [f for f in checker.findings if f.rule_id == INTERNAL]
    assert [(f.severity, f.subject) for f in internal] == [
        (ERROR, "bad-line"),
        (ERROR, "bad-ledger"),
        (ERROR, "bad-table"),
    ]
    assert internal[0].message.startswith(
        "审核规则“bad-line”（会出错的明细规则）运行出错，未能完成检查：ValueError('坏了')。"
    )
    assert [f.rule_id for f in checker.findings if f.rule_id != INTERNAL] == ["unit-kind-function"]
    # Editing goes on and the broken rules keep reporting themselves, once each.
    line = next(iter(demo_ledger.expenditure_lines.values()))
    demo_ledger.replace(line, amount=line.amount)
    assert len([f for f in checker.findings if f.rule_id == INTERNAL]) >= 3


# -- explanations --------------------------------------------------------------------------------
def test_explanation_survives_reopening(demo_path):
    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    checker = Checker(ledger, Rollup(ledger))
    (warning,) = checker.findings  # explained by the demo's own 出错说明: replaced here
    assert checker.unexplained_warnings() == []
    save_explanation(
        dfile, warning.rule_id, warning.subject, "  单位有事业编制人员，按规定列事业单位医疗。 "
    )
    assert checker.unexplained_warnings() == []
    dfile.close()

    dfile = DepartmentFile.open(demo_path)
    ledger = Ledger(dfile)
    checker = Checker(ledger, Rollup(ledger))
    assert load_explanations(dfile) == {
        ("unit-kind-function", "030001|2101102"): "单位有事业编制人员，按规定列事业单位医疗。"
    }
    assert checker.unexplained_warnings() == []
    save_explanation(dfile, warning.rule_id, warning.subject, "")  # empty text deletes
    assert load_explanations(dfile) == {}
    assert len(checker.unexplained_warnings()) == 1
    dfile.close()


# -- configuration -------------------------------------------------------------------------------
def test_configuration_changes_severity_and_switches_rules_off(demo_ledger):
    hunan = load_rule_config()
    stricter = dataclasses.replace(
        hunan, rules={**hunan.rules, "unit-kind-function": {"severity": ERROR}}
    )
    (f,) = Checker(demo_ledger, Rollup(demo_ledger), stricter).findings
    assert f.severity == ERROR
    off = dataclasses.replace(
        hunan, rules={**hunan.rules, "unit-kind-function": {"enabled": False}}
    )
    assert Checker(demo_ledger, Rollup(demo_ledger), off).findings == []


def test_bad_configuration_is_refused_in_chinese(tmp_path):
    with pytest.raises(RuleConfigError, match="级别“严重”无效"):
        parse_rule_config({"rules": {"x": {"severity": "严重"}}})
    with pytest.raises(RuleConfigError, match="容差应为以分为单位的非负整数"):
        parse_rule_config({"rules": {"x": {"tolerance_fen": 0.5}}})
    bad = tmp_path / "rules.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(RuleConfigError, match="无法读取"):
        load_rule_config(bad)
    with pytest.raises(RuleConfigError, match="找不到审核规则配置文件"):
        load_rule_config(tmp_path / "none.json")


def test_bundled_configuration_names_only_existing_rules():
    config = load_rule_config()
    assert set(config.rules) <= set(RULES_BY_ID)
    assert config.function_econ["2080505"] == {"30108"}
    assert config.econ_function["30110"] == {"2101101", "2101102"}


# -- the catalogue -------------------------------------------------------------------------------
def test_at_least_forty_rules_each_documented_and_tested():
    assert len(ALL_RULES) >= 40
    docs = DOCS.read_text(encoding="utf-8")
    undocumented = [r.id for r in ALL_RULES if f"`{r.id}`" not in docs]
    assert undocumented == []
    # Table rules are all exercised by the parametrized test in test_checks_tables.py; every
    # other rule is named in one of the test modules.
    text = "".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_checks_*.py"))
    untested = [
        r.id
        for r in ALL_RULES
        if r.scope != "tables" and not re.search(rf'"{re.escape(r.id)}"', text)
    ]
    assert untested == []


# -- the command -----------------------------------------------------------------------------------
def _clean_file(tmp_path: Path) -> Path:
    path = tmp_path / "clean.budget"
    dfile = DepartmentFile.create(path, "001", "测试部门", 2025)
    ledger = Ledger(dfile)
    ledger.add(Unit("001001", "本级", "agency"))
    ledger.add(
        IncomeLine(None, "001001", "2060101", "gp_appropriation", W("1")),
        ExpenditureLine(
            None, "001001", "2060101", "30201", "gp_appropriation", "operating", "", W("1")
        ),
    )
    # A department with expenditure needs its overall performance target, all four 一级.
    ledger.add(
        DepartmentTarget(duty_goal="保障机关运转。"),
        Indicator(None, "", "产出指标", "数量指标", "办理事项", "≥", "1", "项"),
        Indicator(None, "", "效益指标", "社会效益指标", "机关运转", "定性", "正常"),
        Indicator(None, "", "满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90%"),
        Indicator(None, "", "成本指标", "经济成本指标", "年初预算", "≤", "1", "万元"),
    )
    dfile.close()
    return path


def test_check_command_exit_codes_and_json(tmp_path, demo_path, capsys):
    from desktop.cli import main

    clean = _clean_file(tmp_path)
    assert main(["check", str(clean)]) == 0
    assert "审核完成：错误 0 条，提示 0 条。" in capsys.readouterr().out

    # The demo's one 提示 carries its 出错说明, as a submitted file would: it may be submitted.
    assert main(["check", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "[提示] unit-kind-function  表2 2101102 事业单位医疗 / 合计（另有 1 处）\n"
    )
    from desktop.checks.explanations import save_explanation

    with DepartmentFile.open(demo_path) as dfile:
        for rule_id, subject in list(dfile.explanations.all()):
            save_explanation(dfile, rule_id, subject, "")  # take the 出错说明 back
    assert main(["check", str(demo_path)]) == 1
    capsys.readouterr()

    dfile = DepartmentFile.open(clean)
    Ledger(dfile).add(IncomeLine(None, "001001", "2060101", "gp_appropriation", 5))
    dfile.close()
    assert main(["check", str(clean), "--json"]) == 2
    payload = json.loads(capsys.readouterr().out)
    assert payload["exit_code"] == 2 and payload["errors"] >= 1
    first = next(f for f in payload["findings"] if f["rule_id"] == "t01-balance")
    assert first["severity"] == "错误" and first["cells"][0]["table"] == 1

    assert main(["check", str(tmp_path / "missing.budget")]) == 3
    assert "找不到文件" in capsys.readouterr().err


def test_a_failing_recheck_falls_back_to_a_full_run_and_never_raises(demo_ledger, monkeypatch):
    checker = Checker(demo_ledger, Rollup(demo_ledger))

    def broken(changes):  # noqa: ANN001
        raise RuntimeError("增量更新出错")

    monkeypatch.setattr(checker, "_update", broken)
    line = next(iter(demo_ledger.expenditure_lines.values()))
    demo_ledger.replace(line, amount=line.amount + 1)  # the edit is saved; the checker recovers
    assert "t01-balance" in {f.rule_id for f in checker.findings}
    monkeypatch.setattr(checker, "refresh", lambda: broken(None))
    demo_ledger.replace(demo_ledger.expenditure_lines[line.id], amount=line.amount)
    (f,) = checker.findings
    assert (f.rule_id, f.severity, f.subject) == (INTERNAL, ERROR, "checker")
    assert demo_ledger.expenditure_lines[line.id].amount == line.amount


def test_check_command_says_when_the_catalog_is_provisional(tmp_path, capsys):
    from desktop.cli import main

    path = tmp_path / "d2026.budget"
    dfile = DepartmentFile.create(path, "001", "测试部门", 2026)
    Ledger(dfile).add(Unit("001001", "本级", "agency"))
    dfile.close()
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert out.startswith(
        "注意：2026 年科目表为暂用（沿用 2025 年科目），导入 2026 年正式科目表后更新。\n"
    )
    main(["check", str(path), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["catalog"] == {
        "year": 2026,
        "provisional": True,
        "note": "2026 年科目表为暂用（沿用 2025 年科目），导入 2026 年正式科目表后更新。",
    }
