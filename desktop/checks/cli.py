"""`budget-desk check FILE`: print every finding; exit 0 when clean, 1 with only 提示, 2 with any 错误."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.checks.finding import CellRef, Finding
from desktop.cli import register_command

EXIT_CLEAN, EXIT_WARNINGS, EXIT_ERRORS = 0, 1, 2


def exit_code(findings: list[Finding]) -> int:
    if any(f.is_error for f in findings):
        return EXIT_ERRORS
    return EXIT_WARNINGS if findings else EXIT_CLEAN


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


def cmd_check(args: argparse.Namespace) -> int:
    from desktop.checks.config import load_rule_config
    from desktop.checks.engine import Checker
    from desktop.checks.explanations import load_explanations
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.packs.choice import file_pack
    from desktop.tables.engine import Rollup

    dfile = DepartmentFile.open(args.file, readonly=True)
    try:
        ledger = Ledger(dfile)
        pack = file_pack(dfile, args.pack)
        config = load_rule_config(args.rules) if args.rules else pack.rules
        checker = Checker(ledger, Rollup(ledger, pack=pack), config)
        findings = checker.findings
        explained = load_explanations(dfile)
        catalog_note = ledger.catalog.provisional_label
    finally:
        dfile.close()
    code = exit_code(findings)
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
    parser.add_argument("file", help="部门预算文件（.budget）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出审核结果")
    parser.add_argument("--rules", help="审核规则配置文件（默认使用表套的 rules.json）")
    parser.add_argument("--pack", help="本次使用的表套标识（见 budget-desk packs；默认按文件设置）")


register_command("check", cmd_check, "审核部门预算文件", configure)
