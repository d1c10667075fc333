"""Command line: `budget-desk final-from-budget BUDGET OUT` — the 决算 file of a budget file."""

from __future__ import annotations

import argparse

from desktop.money import format_amount


def cmd_final_from_budget(args: argparse.Namespace) -> int:
    from desktop.final_from_budget import make_final_from_budget

    report = make_final_from_budget(args.file, args.out)
    print(
        f"已生成 {report.year} 年部门决算文件：{args.out}。预算数 {report.baseline_lines} 行，"
        f"合计 {format_amount(report.baseline_total)} 万元；项目 {report.projects} 个，"
        f"绩效指标 {report.indicators} 条。"
    )
    print(
        "请录入本年收入、本年支出和结转结余（可从会计科目余额表导入：budget-desk import-accounts）。"
    )
    return 0


def configure_final_from_budget(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="预算文件", help="本年度部门预算文件（.budget，不会被修改）")
    p.add_argument("out", metavar="决算文件", help="要新建的部门决算文件（.budget，不能已存在）")
