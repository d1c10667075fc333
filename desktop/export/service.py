"""One export run: the submission gate, then the PDF and/or the workbook of the chosen tables.

Shared by the command line and the export dialog so both apply the same rules.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.catalog import Catalog
from desktop.errors import BudgetError
from desktop.export.explanations_io import read_explanations
from desktop.export.flat import Rows, flat_rows
from desktop.export.outputs import check_targets, staged_outputs
from desktop.export.pdf import export_pdf
from desktop.export.profile import DEFAULT_PROFILE, Profile, load_profile
from desktop.export.workbook import WorkbookInfo, export_workbook
from desktop.ledger import Ledger
from desktop.models.store import DepartmentFile
from desktop.records import Department
from desktop.tables.engine import Rollup
from desktop.tables.forms import form_sections, form_specs, printed_layout
from desktop.tables.result import TableResult

Progress = Callable[[int, int, str], None]
PDF, XLSX = "PDF", "Excel 工作簿"  # the outputs, as messages name them
FORM_NUMBERS = {22, 23}  # the Hunan performance forms (绩效目标表) print as tables 22 and 23


STEPS = 1000  # the export's progress is reported in thousandths of the whole


def _share(done: int, total: int, start: int, end: int) -> tuple[int, int]:
    """`done` of `total` of one stage, as a position between `start` and `end` of STEPS."""
    return start + (end - start) * done // max(total, 1), STEPS


class SubmissionBlocked(BudgetError):
    """The checks block an export for submission; each front end says how to export a draft."""


@dataclass
class ExportResult:
    pdf_pages: int = 0
    workbook: WorkbookInfo | None = None


def submission_blockers(ledger: Ledger, rollup: Rollup) -> list[str]:
    """Why the department may not be exported for submission (empty list: it may)."""
    from desktop.checks.engine import Checker

    checker = Checker(ledger, rollup)
    try:
        checker.refresh()
        out = [f"错误：{f.message}" for f in checker.errors()]
        out += [f"提示未填写出错说明：{f.message}" for f in checker.unexplained_warnings()]
    finally:
        close = getattr(checker, "close", None)
        if callable(close):
            close()
    return out


def select_tables(
    rollup: Rollup, numbers: Iterable[int] | None, form_numbers: Iterable[int] = FORM_NUMBERS
) -> list:
    """The results of tables `numbers` (all if none); `form_numbers` select forms, not tables."""
    wanted = set(numbers or ())
    known = {s.number for s in rollup.specs} | set(form_numbers)
    unknown = sorted(wanted - known)
    if unknown:
        raise BudgetError(
            f"没有表号为 {'、'.join(map(str, unknown))} 的标准表（可用 1–{max(known)}）。"
        )
    return [r for r in rollup.results() if not wanted or r.number in wanted]


@dataclass
class ExportJob:
    """An immutable snapshot of what to export, taken in the caller's thread.

    The dialog renders it in a worker thread, so the ledger itself is never read off the GUI
    thread.
    """

    department: Department
    results: list[TableResult]
    rows: Rows | None
    catalog: Catalog
    profile: Profile | None
    draft: bool
    forms: list = field(default_factory=list)  # (FormSpec, [FormResult]): tables 22 and 23
    source: Path | None = None  # the department file: never an export target

    def run(
        self,
        pdf_path: str | os.PathLike | None = None,
        xlsx_path: str | os.PathLike | None = None,
        progress: Progress | None = None,
    ) -> ExportResult:
        protected = (self.source,) if self.source else ()
        targets = check_targets({PDF: pdf_path, XLSX: xlsx_path}, protected)
        out = ExportResult()
        # One bar for both files: the PDF fills the first half, the workbook the rest.
        pdf_share = 0 if PDF not in targets else (STEPS // 2 if XLSX in targets else STEPS)
        with staged_outputs(targets) as staged:
            if PDF in targets:

                def pdf_step(done: int, total: int) -> None:
                    if progress:
                        progress(*_share(done, total, 0, pdf_share), "正在生成 PDF…")

                out.pdf_pages = export_pdf(
                    staged.path(PDF),
                    self.department,
                    self.results,
                    self.draft,
                    pdf_step,
                    self.forms,
                )
            if XLSX in targets:
                if self.rows is None or self.profile is None:
                    raise BudgetError("导出准备时未包含工作簿数据。")

                def xlsx_step(done: int, total: int) -> None:
                    if progress:
                        progress(*_share(done, total, pdf_share, STEPS), "正在生成 Excel 工作簿…")

                out.workbook = export_workbook(
                    staged.path(XLSX),
                    self.department,
                    self.results,
                    self.rows,
                    self.profile,
                    self.catalog,
                    self.draft,
                    xlsx_step,
                    self.forms,
                )
            staged.commit()  # both files complete: only now do they replace the old ones
        return out


def prepare_export(
    dfile: DepartmentFile,
    ledger: Ledger,
    rollup: Rollup,
    tables: Iterable[int] | None = None,
    draft: bool = False,
    profile_id: str = DEFAULT_PROFILE,
    with_workbook: bool = True,
) -> ExportJob:
    """Check the submission gate (unless draft) and take the snapshot to export."""
    if not draft:
        blockers = submission_blockers(ledger, rollup)
        if blockers:
            shown = "\n".join(blockers[:20])
            more = f"\n……共 {len(blockers)} 项。" if len(blockers) > 20 else ""
            raise SubmissionBlocked("审核未通过，不能导出报送版本（可导出草稿）：\n" + shown + more)
    tables = list(tables or ())  # read twice: the tables, then the forms
    # The forms follow the set the tables come from (or the file's explicit choice of layout).
    layout = printed_layout(dfile, rollup.pack)
    results = select_tables(rollup, tables, {s.selection_number for s in form_specs(layout)})
    profile = load_profile(profile_id) if with_workbook else None
    rows = flat_rows(ledger, read_explanations(dfile)) if with_workbook else None
    forms = form_sections(ledger, layout, numbers=set(tables))
    return ExportJob(
        ledger.department, results, rows, ledger.catalog, profile, draft, forms, dfile.path
    )


def run_export(
    dfile: DepartmentFile,
    ledger: Ledger,
    rollup: Rollup,
    pdf_path: str | os.PathLike | None = None,
    xlsx_path: str | os.PathLike | None = None,
    tables: Iterable[int] | None = None,
    draft: bool = False,
    profile_id: str = DEFAULT_PROFILE,
    progress: Progress | None = None,
) -> ExportResult:
    """Export as asked; refuses an export for submission while checks block it."""
    check_targets({PDF: pdf_path, XLSX: xlsx_path}, (dfile.path,))  # before any work
    job = prepare_export(dfile, ledger, rollup, tables, draft, profile_id, bool(xlsx_path))
    return job.run(pdf_path, xlsx_path, progress)
