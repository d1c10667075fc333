"""Command line: `budget-desk next-year FILE OUT` — next year's file from this year's."""

from __future__ import annotations

import argparse


def cmd_next_year(args: argparse.Namespace) -> int:
    from desktop.next_year import make_next_year

    report = make_next_year(args.file, args.out)
    print(f"已生成 {report.year} 年部门文件：{args.out}，上年数 {report.prior_lines} 行")
    if report.projects:
        print(f"延续的跨年项目：{'、'.join(report.projects)}")
    for old, new, note in report.mapped:
        print(f"科目变化：{old} → {new}{'（' + note + '）' if note else ''}")
    for message in report.unmapped:
        print(f"请核对：{message}")
    return 0


def configure_next_year(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="本年度部门预算文件（.budget）")
    p.add_argument("out", help="要新建的下一年度文件（.budget，不能已存在）")
