"""`budget-desk check FILE`: print every finding; exit 0 when clean, 1 with only 提示, 2 with any 错误.

`budget-desk explain FILE RULE-ID TEXT`: store the 出错说明 of a 提示, as the findings panel does."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from desktop.checks.finding import CellRef, Finding
from desktop.errors import BudgetError

if TYPE_CHECKING:
    from desktop.ledger import Ledger

EXIT_CLEAN, EXIT_WARNINGS, EXIT_ERRORS = 0, 1, 2


def exit_code(findings: list[Finding], explained: dict[tuple[str, str], str] | None = None) -> int:
    """2 with any 错误; 1 with a 提示 that has no 出错说明; 0 when the file may be submitted."""
    if any(f.is_error for f in findings):
        return EXIT_ERRORS
    notes = explained or {}
    unexplained = [f for f in findings if not (notes.get((f.rule_id, f.subject)) or "").strip()]
    return EXIT_WARNINGS if unexplained else EXIT_CLEAN


def cell_text(cell: CellRef) -> str:
    """Where a finding points, as a reviewer would say it: 表3 2060101 行政运行 / 合计."""
    if cell.table:
        row = f"{cell.row_code} {cell.row_name}".strip()
        return f"表{cell.table} {row} / {cell.column}".strip()
    names = {
        "income": "收入明细",
        "expenditure": "支出明细",
        "project": "项目",
        "unit": "单位",
        "indicator": "绩效指标",
        "cost_item": "支出测算",
        "spending_schedule": "支出计划",
        "department_target": "部门整体绩效目标",
        "department_task": "年度主要任务",
        "special_fund": "专项资金",
        "reason": "主要原因",
        "balance": "结转和结余",
    }
    return f"{names.get(cell.record, '控制数' if cell.record == 'control' else cell.record)} {cell.record_key}"


def finding_json(finding: Finding, explanation: str) -> dict:
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "message": finding.message,
        "subject": finding.subject,
        "explanation": explanation,
        "cells": [
            {
                "table": c.table,
                "row_code": c.row_code,
                "row_name": c.row_name,
                "column": c.column,
                "record": c.record,
                "record_key": c.record_key,
            }
            for c in finding.cells
        ],
    }


def _findings(  # noqa: ANN001
    dfile, rules: str | None, pack_id: str | None = None, notices: list[str] | None = None
) -> tuple[list[Finding], Ledger]:
    from desktop.checks.config import load_rule_config
    from desktop.checks.engine import Checker
    from desktop.ledger import Ledger
    from desktop.packs.choice import file_pack, pack_changed_notice
    from desktop.tables.engine import Rollup

    ledger = Ledger(dfile)
    pack = file_pack(dfile, pack_id)
    if notices is not None and (notice := pack_changed_notice(dfile, pack)):
        notices.append(notice)
    config = load_rule_config(rules) if rules else pack.rules
    checker = Checker(ledger, Rollup(ledger, pack=pack), config)
    return checker.findings, ledger


def cmd_check(args: argparse.Namespace) -> int:
    from desktop.checks.explanations import load_explanations
    from desktop.models.store import DepartmentFile

    dfile = DepartmentFile.open(args.file, readonly=True)
    notices: list[str] = []
    try:
        findings, ledger = _findings(dfile, args.rules, args.pack, notices)
        explained = load_explanations(dfile)
        catalog_note = ledger.catalog.provisional_label
    finally:
        dfile.close()
    code = exit_code(findings, explained)
    for notice in notices:  # never blocks; on stderr so the JSON report stays clean
        print(f"注意：{notice}", file=sys.stderr)
    if args.json:
        payload = {
            "file": str(args.file),
            "department": {"code": ledger.department.code, "name": ledger.department.name},
            "errors": sum(1 for f in findings if f.is_error),
            "warnings": sum(1 for f in findings if not f.is_error),
            "exit_code": code,
            "catalog": {
                "year": ledger.catalog.year,
                "provisional": ledger.catalog.provisional,
                "note": catalog_note,
            },
            "findings": [
                finding_json(f, explained.get((f.rule_id, f.subject), "")) for f in findings
            ],
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return code
    if catalog_note:
        print(f"注意：{catalog_note}")
    for f in findings:
        where = cell_text(f.cells[0]) if f.cells else "-"
        more = f"（另有 {len(f.cells) - 1} 处）" if len(f.cells) > 1 else ""
        print(f"[{f.severity}] {f.rule_id}  {where}{more}\n    {f.message}")
        note = explained.get((f.rule_id, f.subject))
        if note:
            print(f"    出错说明：{note}")
    errors = sum(1 for f in findings if f.is_error)
    print(f"审核完成：错误 {errors} 条，提示 {len(findings) - errors} 条。")
    return code


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="文件", help="部门预算文件（.budget）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出审核结果")
    parser.add_argument(
        "--rules", metavar="规则文件", help="审核规则配置文件（默认使用表套的 rules.json）"
    )
    parser.add_argument(
        "--pack", metavar="表套", help="本次使用的表套标识（见 budget-desk packs；默认按文件设置）"
    )


def cmd_explain(args: argparse.Namespace) -> int:
    """Write (or with empty text, delete) the 出错说明 of the 提示 `args.rule` in the file."""
    from desktop.checks.explanations import save_explanation
    from desktop.models.store import DepartmentFile

    dfile = DepartmentFile.open(args.file)
    try:
        findings, _ledger = _findings(dfile, args.rules)
        finding = _the_finding(findings, args.rule, args.subject)
        save_explanation(dfile, finding.rule_id, finding.subject, args.text)
    finally:
        dfile.close()
    where = cell_text(finding.cells[0]) if finding.cells else finding.subject
    if args.text.strip():
        print(f"已保存出错说明：[{finding.severity}] {finding.rule_id}  {where}")
    else:
        print(f"已删除出错说明：[{finding.severity}] {finding.rule_id}  {where}")
    return 0


def _the_finding(findings: list[Finding], rule_id: str, subject: str | None) -> Finding:
    """The one current 提示 the explanation is for; refused with the choices otherwise."""
    same_rule = [f for f in findings if f.rule_id == rule_id]
    if subject is not None:
        same_rule = [f for f in same_rule if f.subject == subject]
    if not same_rule:
        warnings = sorted({f"{f.rule_id}（{f.subject}）" for f in findings if not f.is_error})
        listed = "、".join(warnings) if warnings else "没有"
        wanted = f"规则 {rule_id}" + (f"、对象 {subject}" if subject else "")
        raise BudgetError(f"文件当前的审核结果中没有{wanted}。可以说明的提示：{listed}。")
    if len(same_rule) > 1:
        subjects = "、".join(f.subject for f in same_rule)
        raise BudgetError(
            f"规则 {rule_id} 有 {len(same_rule)} 条提示，请用 --subject 指明是哪一条：{subjects}。"
        )
    finding = same_rule[0]
    if finding.is_error:
        raise BudgetError(
            f"{rule_id} 是错误，不是提示：错误要改正数据，不能用出错说明放行。{finding.message}"
        )
    return finding


def configure_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="文件", help="部门预算文件（.budget）")
    parser.add_argument(
        "rule", metavar="规则", help="提示的规则编号，见 check 的输出，例如 unit-kind-function"
    )
    parser.add_argument("text", metavar="说明", help='出错说明的文字；空字符串 "" 删除已有说明')
    parser.add_argument(
        "--subject",
        metavar="对象",
        help="同一规则有多条提示时，指明哪一条（check --json 中的 subject）",
    )
    parser.add_argument("--rules", metavar="规则文件", help="审核规则配置文件（与 check 相同）")
