"""Command line: `budget-desk export FILE --pdf OUT.pdf --xlsx OUT.xlsx` and `budget-desk import`."""

from __future__ import annotations

import argparse

from desktop.cli import _table_numbers, register_command
from desktop.export.profile import DEFAULT_PROFILE, department_profile


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.tables.engine import Rollup

    dfile = DepartmentFile.open(args.file, readonly=True)
    try:
        ledger = Ledger(dfile)
        rollup = Rollup(ledger)
        result = _run_export(
            dfile,
            ledger,
            rollup,
            pdf_path=args.pdf,
            xlsx_path=args.xlsx,
            tables=_table_numbers(args.tables),
            draft=args.draft,
            profile_id=args.profile or department_profile(dfile),
        )
    finally:
        dfile.close()
    mark = "（草稿）" if args.draft else ""
    if args.pdf:
        print(f"已导出 PDF{mark}：{args.pdf}，共 {result.pdf_pages} 页")
    if args.xlsx and result.workbook:
        print(f"已导出 Excel 工作簿{mark}：{args.xlsx}，数据摘要 SHA-256 {result.workbook.digest}")
    return 0


def _run_export(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
    """run_export, its refusal telling how a draft is asked for on the command line."""
    from desktop.export.service import SubmissionBlocked, run_export

    try:
        return run_export(*args, **kwargs)
    except SubmissionBlocked as exc:
        raise SubmissionBlocked(f"{exc}\n（命令行加 --draft 导出草稿。）") from exc


def configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="部门预算文件（.budget）")
    p.add_argument("--pdf", help="导出的 PDF 文件")
    p.add_argument("--xlsx", help="导出的 Excel 工作簿（.xlsx）")
    p.add_argument("--tables", help="只导出这些表，例如 1,3,7")
    p.add_argument("--draft", action="store_true", help="导出草稿：不检查审核结果，每页标“草稿”")
    p.add_argument(
        "--profile",
        help=f"工作簿格式（resources/profiles；默认按部门文件的设置，未设置时 {DEFAULT_PROFILE}）",
    )


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.export.flat import DATASET_NAMES
    from desktop.export.importer import import_workbook

    report = import_workbook(
        args.file, args.workbook, accept_modified=args.accept_modified, profile_id=args.profile
    )
    for warning in report.warnings:
        print(f"注意：{warning}")
    counts = "，".join(f"{DATASET_NAMES[name]} {n} 行" for name, n in report.counts.items())
    dept = report.department
    print(f"已导入 {dept.code} {dept.name}（{dept.fiscal_year} 年）到 {args.file}：{counts}")
    return 0


def configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="要新建的部门预算文件（.budget，不能已存在）")
    p.add_argument("workbook", help="本软件导出的 Excel 工作簿（.xlsx）")
    p.add_argument(
        "--accept-modified", action="store_true", help="数据摘要不符（导出后被修改）时仍导入"
    )
    p.add_argument("--profile", help="工作簿格式（默认按封面记录的格式）")


register_command("export", cmd_export, "导出 PDF 和/或 Excel 工作簿", configure_export)
register_command("import", cmd_import, "从导出的 Excel 工作簿新建部门文件", configure_import)
