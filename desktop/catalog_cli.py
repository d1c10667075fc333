"""`budget-desk catalog-import YEAR SOURCE`: install a fiscal year's classification catalog."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.catalog import available_years, load_catalog, user_catalog_dir
from desktop.catalog_import import import_catalog
from desktop.cli_args import fiscal_year
from desktop.errors import BudgetError


def cmd_catalog_import(args: argparse.Namespace) -> int:
    try:
        folder = import_catalog(args.year, Path(args.source), user_catalog_dir())
        load_catalog.cache_clear()  # a year loaded before the import must be read again
        catalog = load_catalog(args.year)
    except BudgetError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 3
    years = "、".join(str(y) for y in available_years())
    print(
        f"已导入 {args.year} 年科目表到 {folder}：功能分类 {len(catalog.function)} 条，"
        f"部门经济分类 {len(catalog.dept_econ)} 条，政府经济分类 {len(catalog.gov_econ)} 条。"
        f"可用年度：{years}。"
    )
    return 0


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("year", metavar="年度", type=fiscal_year, help="预算年度，例如 2027")
    p.add_argument(
        "source",
        metavar="科目表",
        help="含四个 CSV 文件的文件夹或 .xlsx 工作簿（格式见 docs/CATALOGS.md）",
    )
