"""Command line: `budget-desk export FILE --pdf OUT.pdf --xlsx OUT.xlsx` and `budget-desk import`."""

from __future__ import annotations

import argparse

from desktop.cli_args import parse_table_numbers
from desktop.export.profile import DEFAULT_PROFILE, department_profile


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.packs.choice import file_pack
    from desktop.tables.engine import Rollup

    dfile = DepartmentFile.open(args.file, readonly=True)
    try:
        ledger = Ledger(dfile)
        pack = file_pack(dfile, args.pack)
        rollup = Rollup(ledger, pack=pack)
        chosen = department_profile(dfile)
        result = _run_export(
            dfile,
            ledger,
            rollup,
            pdf_path=args.pdf,
            xlsx_path=args.xlsx,
            tables=parse_table_numbers(args.tables),
            draft=args.draft,
            # The file's chosen workbook format, else the one the table set ships with.
            profile_id=args.profile
            or (chosen if chosen != DEFAULT_PROFILE else pack.workbook_profile),
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
    p.add_argument("file", metavar="文件", help="部门预算文件（.budget）")
    p.add_argument("--pdf", metavar="PDF文件", help="导出的 PDF 文件")
    p.add_argument("--xlsx", metavar="工作簿", help="导出的 Excel 工作簿（.xlsx）")
    p.add_argument("--tables", metavar="表号", help="只导出这些表，例如 1,3,7 或 1-5")
    p.add_argument("--draft", action="store_true", help="导出草稿：不检查审核结果，每页标“草稿”")
    p.add_argument(
        "--profile",
        metavar="格式",
        help=f"工作簿格式（resources/profiles；默认按部门文件的设置，未设置时按表套，如 {DEFAULT_PROFILE}）",
    )
    p.add_argument(
        "--pack", metavar="表套", help="本次使用的表套标识（见 budget-desk packs；默认按文件设置）"
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
    p.add_argument("file", metavar="文件", help="要新建的部门预算文件（.budget，不能已存在）")
    p.add_argument("workbook", metavar="工作簿", help="本软件导出的 Excel 工作簿（.xlsx）")
    p.add_argument(
        "--accept-modified", action="store_true", help="数据摘要不符（导出后被修改）时仍导入"
    )
    p.add_argument("--profile", metavar="格式", help="工作簿格式（默认按封面记录的格式）")
