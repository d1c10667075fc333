"""Severities per table set: the Hunan and national rule files, and docs/CHECKS.md listing both."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.checks.config import load_rule_config
from desktop.checks.engine import Checker
from desktop.checks.finding import ERROR, WARNING
from desktop.checks.rules import ALL_RULES, RULES_BY_ID
from desktop.resources import resource
from desktop.tables.engine import Rollup

DOCS = Path(__file__).resolve().parents[2] / "docs" / "CHECKS.md"


def _severity(config, rule) -> str:  # noqa: ANN001
    text = config.severity(rule.id, rule.severity)
    return text if config.enabled(rule.id) else f"{text} (off)"


def test_national_file_lists_every_rule_with_a_severity():
    data = json.loads(resource("packs", "national-2025", "rules.json").read_text(encoding="utf-8"))
    assert set(data["rules"]) == set(RULES_BY_ID)
    assert all(v["severity"] in (ERROR, WARNING) for v in data["rules"].values())


def test_national_makes_hunan_practice_warnings():
    national = load_rule_config(resource("packs", "national-2025", "rules.json"))
    hunan = load_rule_config(resource("packs", "hunan-2025", "rules.json"))
    for rule_id in ("function-econ", "econ-function", "perf-dimensions", "perf-department-target"):
        assert hunan.severity(rule_id, RULES_BY_ID[rule_id].severity) == ERROR
        assert national.severity(rule_id, RULES_BY_ID[rule_id].severity) == WARNING
    for rule_id in ("project-admin-function", "unit-kind-function"):
        assert national.severity(rule_id, ERROR) == WARNING
    # money under the wrong budget type stays an error everywhere
    for config in (national, hunan):
        assert (
            config.severity("budget-type-function", RULES_BY_ID["budget-type-function"].severity)
            == ERROR
        )


def _final_config():
    """The rules of a 决算 file: the 决算 set's file once installed, else the Hunan set's."""
    final = resource("packs", "hunan-final-2021", "rules.json")
    return load_rule_config(
        final if final.exists() else resource("packs", "hunan-2025", "rules.json")
    )


def _for(kind: str, config, rule) -> str:  # noqa: ANN001
    return _severity(config, rule) if kind in rule.kinds else "—"


def test_docs_list_every_rule_with_its_severities():
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Severities per table set", 1)[1]
    listed = {
        m.group(1): (m.group(2), m.group(3), m.group(4))
        for m in re.finditer(
            r"^\| `([a-z0-9-]+)` \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|$", section, re.M
        )
    }
    hunan = load_rule_config(resource("packs", "hunan-2025", "rules.json"))
    national = load_rule_config(resource("packs", "national-2025", "rules.json"))
    final = _final_config()
    assert listed == {
        r.id: (_for("budget", hunan, r), _for("budget", national, r), _for("final", final, r))
        for r in ALL_RULES
    }


@pytest.mark.parametrize("name", ["hunan-2025", "national-2025"])
def test_demo_has_no_error_in_either_table_set(demo_ledger, name):
    config = load_rule_config(resource("packs", name, "rules.json"))
    findings = Checker(demo_ledger, Rollup(demo_ledger), config).findings
    assert [f.rule_id for f in findings if f.severity == ERROR] == []
    # the one finding the published figures imply, and under the national set the 310 bought
    # from 公用经费 (31002 办公设备购置 0.45 万元) that the national set reports
    expected = {"unit-kind-function"} | (
        {"basic-capital-econ"} if name == "national-2025" else set()
    )
    assert {f.rule_id for f in findings} == expected
