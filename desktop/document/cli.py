"""Command line: `budget-desk document FILE --docx OUT.docx --pdf OUT.pdf [--draft]`."""

from __future__ import annotations

import argparse

from desktop.errors import BudgetError

# What a 主要原因 slot compares with, by its prefix (the 决算 text compares with budgets too).
AGAINST = {"比较": "上年", "年初预算": "年初预算", "年初比较": "年初预算", "预算比较": "预算"}


def submission_refusal(missing: list[str]) -> str:
    kinds = {slot.split(":", 1)[0] for slot in missing}
    if kinds <= {"比较"}:  # a budget's text: every comparison is with last year
        names = "、".join(slot.split(":", 1)[1] for slot in missing)
        what = "与上年比较的"
    else:
        names = "、".join(
            f"{slot.split(':', 1)[1]}（与{AGAINST.get(slot.split(':', 1)[0], '上年')}比）"
            for slot in missing
        )
        what = "比较的"
    return (
        f"还有 {len(missing)} 处{what}“主要原因”没有填写（{names}），"
        "公开文本不能作为报送版本导出；请先在“主要原因”页填写，或加 --draft 导出草稿。"
    )


def cmd_document(args: argparse.Namespace) -> int:
    from desktop.document.build import build_document
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.tables.engine import Rollup

    if not args.docx and not args.pdf:
        raise BudgetError("请用 --docx 和/或 --pdf 指定输出文件。")
    dfile = DepartmentFile.open(args.file, readonly=True)
    try:
        ledger = Ledger(dfile)
        document = build_document(ledger, Rollup(ledger), kind=args.kind)
        if document.missing_reasons and not args.draft:
            raise BudgetError(submission_refusal(document.missing_reasons))
        if args.docx:
            from desktop.document.docx_out import write_docx

            write_docx(document, args.docx, draft=args.draft)
            print(f"已导出公开文本 Word 文件：{args.docx}")
        if args.pdf:
            from desktop.document.pdf_out import write_pdf

            pages = write_pdf(document, args.pdf, draft=args.draft)
            print(f"已导出公开文本 PDF：{args.pdf}，共 {pages} 页")
    finally:
        dfile.close()
    return 0


def configure_document(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="部门预算文件（.budget）")
    p.add_argument("--docx", help="导出的 Word 文件（.docx）")
    p.add_argument("--pdf", help="导出的 PDF 文件")
    p.add_argument(
        "--kind",
        choices=("预算", "决算"),
        help="文本类别（默认：部门决算文件为决算，其他为预算）",
    )
    p.add_argument("--draft", action="store_true", help="草稿：允许“主要原因”未填写")
