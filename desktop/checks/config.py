"""Rule configuration as data (resources/rules/*.json): severities, switches, tolerances and the
code correspondences, so a province can change them without touching code."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.checks.finding import ERROR, WARNING
from desktop.errors import BudgetError
from desktop.resources import resource

DEFAULT_PROFILE = ("packs", "hunan-2025", "rules.json")


class RuleConfigError(BudgetError):
    """A rule configuration file that cannot be used."""


@dataclass(frozen=True)
class RuleConfig:
    """The parsed configuration. `rules` maps a rule id to its overrides."""

    profile: str = ""
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    function_econ: dict[str, frozenset[str]] = field(default_factory=dict)
    econ_function: dict[str, frozenset[str]] = field(default_factory=dict)
    unit_kind_functions: dict[str, frozenset[str]] = field(default_factory=dict)
    unit_kind_function_names: dict[str, frozenset[str]] = field(default_factory=dict)
    project_excluded_function_names: frozenset[str] = frozenset()
    three_public_costs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    agency_excluded_funds: frozenset[str] = frozenset()
    basic_excluded_econ_classes: frozenset[str] = frozenset()

    def enabled(self, rule_id: str) -> bool:
        return bool(self.rules.get(rule_id, {}).get("enabled", True))

    def severity(self, rule_id: str, default: str) -> str:
        return self.rules.get(rule_id, {}).get("severity", default)

    def tolerance(self, rule_id: str) -> int:
        """Difference in 分 a rule accepts (0: exact)."""
        return int(self.rules.get(rule_id, {}).get("tolerance_fen", 0))


def _codes(mapping: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    return {str(k): frozenset(str(c) for c in v) for k, v in mapping.items()}


def parse_rule_config(data: dict[str, Any], source: str = "") -> RuleConfig:
    """Build a RuleConfig from the JSON structure; raises RuleConfigError naming the problem."""
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise RuleConfigError(f"审核规则配置 {source} 中“rules”应为对象。")
    for rule_id, settings in rules.items():
        if not isinstance(settings, dict):
            raise RuleConfigError(f"审核规则配置 {source} 中规则“{rule_id}”的设置应为对象。")
        severity = settings.get("severity")
        if severity is not None and severity not in (ERROR, WARNING):
            raise RuleConfigError(
                f"审核规则配置 {source} 中规则“{rule_id}”的级别“{severity}”无效，应为“错误”或“提示”。"
            )
        tolerance = settings.get("tolerance_fen", 0)
        if isinstance(tolerance, bool) or not isinstance(tolerance, int) or tolerance < 0:
            raise RuleConfigError(
                f"审核规则配置 {source} 中规则“{rule_id}”的容差应为以分为单位的非负整数。"
            )
    try:
        return RuleConfig(
            profile=str(data.get("profile", "")),
            rules={str(k): dict(v) for k, v in rules.items()},
            function_econ=_codes(data.get("function_econ", {})),
            econ_function=_codes(data.get("econ_function", {})),
            unit_kind_functions=_codes(data.get("unit_kind_functions", {})),
            unit_kind_function_names=_codes(data.get("unit_kind_function_names", {})),
            project_excluded_function_names=frozenset(
                data.get("project_excluded_function_names", [])
            ),
            three_public_costs={
                str(k): tuple(str(c) for c in v)
                for k, v in data.get("three_public_costs", {}).items()
            },
            agency_excluded_funds=frozenset(data.get("agency_excluded_funds", [])),
            basic_excluded_econ_classes=frozenset(data.get("basic_excluded_econ_classes", [])),
        )
    except (AttributeError, TypeError, ValueError) as exc:
        raise RuleConfigError(f"审核规则配置 {source} 的格式不对：{exc}") from exc


def load_rule_config(path: str | Path | None = None) -> RuleConfig:
    """The configuration in `path`, by default the bundled profile."""
    path = Path(path) if path is not None else resource(*DEFAULT_PROFILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuleConfigError(f"找不到审核规则配置文件：{path}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RuleConfigError(
            f"审核规则配置文件 {path} 无法读取（应为 UTF-8 编码的 JSON）：{exc}"
        ) from exc
    if not isinstance(data, dict):
        raise RuleConfigError(f"审核规则配置文件 {path} 的内容应为对象。")
    return parse_rule_config(data, path.name)
