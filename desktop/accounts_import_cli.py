"""Command line: `budget-desk import-accounts FILE SOURCE [--mapping M.json]` — the accounting
system's 科目余额表 into a 决算 file (the same code as the window's import)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_import_accounts(args: argparse.Namespace) -> int:
    from desktop.accounts_import import (
        AccountsMapping,
        find_header,
        guess_mapping,
        import_accounts,
        parse_pasted,
        read_table,
        stored_mapping,
    )
    from desktop.errors import BudgetError
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.money import format_amount

    rows = parse_pasted(sys.stdin.read()) if args.source == "-" else read_table(args.source)
    dfile = DepartmentFile.open(args.file)
    try:
        ledger = Ledger(dfile)
        if args.mapping:
            path = Path(args.mapping)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise BudgetError(f"无法读取对应关系文件“{path}”：{exc.strerror}。") from exc
            mapping = AccountsMapping.from_json(text, f"对应关系文件“{path.name}”")
        else:
            headers = rows[find_header(rows)] if rows else []
            mapping = guess_mapping(headers, stored_mapping(ledger))
        plan = import_accounts(ledger, rows, mapping)
    finally:
        dfile.close()
    print(f"已导入科目余额表：{plan.summary()}。")
    for target, label in (("expenditure", "本年支出"), ("income", "本年收入")):
        if plan.counts.get(target):
            print(f"{label}合计 {format_amount(plan.totals.get(target, 0))} 万元")
    if plan.counts.get("balance"):
        print(f"年末结转和结余合计 {format_amount(plan.totals.get('balance', 0))} 万元")
    for note in plan.notes:
        print(f"说明：{note}")
    return 0


def configure_import_accounts(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="决算文件", help="部门决算文件（.budget）")
    p.add_argument(
        "source",
        metavar="科目余额表",
        help="会计系统导出的科目余额表（.xlsx、.csv 或制表符分隔的 .txt；- 表示从标准输入读取）",
    )
    p.add_argument(
        "--mapping",
        metavar="对应关系",
        help="各列用途和会计科目对应关系（JSON）；不给出时用文件中保存的对应关系或按列名识别。"
        "导入成功后保存在决算文件中",
    )
