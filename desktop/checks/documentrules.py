"""Rules over the public document's text: a 主要原因 the text requires but nobody wrote."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.checks.context import CheckContext
from desktop.checks.finding import ERROR, CellRef
from desktop.checks.rule import Hit, Rule
from desktop.errors import BudgetError
from desktop.records import ExpenditureLine, IncomeLine, PriorYearLine, ReasonText, Unit

REASON_RECORD = "reason"  # CellRef.record of a 主要原因 slot; record_key is the slot id


def reason_missing(ctx: CheckContext) -> Iterator[Hit]:
    """Every comparison slot whose change is beyond the threshold and whose reason is empty."""
    if not ctx.ledger.prior_year_lines:
        return  # no 上年数 typed in yet: like the other rules against last year, this waits
    from desktop.document.slots import comparison_slots  # the document builds on the tables

    try:
        groups = ctx.totals.basic_groups  # kept by deltas: no pass over this year's lines
        slots = comparison_slots(ctx.ledger, ctx.rollup, basic_groups=groups)  # type: ignore[arg-type]
    except BudgetError:
        return  # a template that does not fit its tables: the document export says so
    for s in slots:
        if not s.missing:
            continue
        c = s.comparison
        if c.prior:
            change = f"{c.direction} {abs(c.change)} 万元（{s.rate_text()}）"
        else:
            change = f"上年无此项，本年 {c.current} 万元"
        yield Hit(
            s.slot,
            f"公开文本“{s.label}”{change}，变化超过 {s.threshold}%，须在“主要原因”页填写主要原因，"
            "否则公开文本不能作为报送版本导出。",
            (CellRef(record=REASON_RECORD, record_key=s.slot, column="主要原因"),),
        )


DOCUMENT_RULES = (
    Rule(
        "document-reason-missing",
        ERROR,
        "公开文本与上年比较的变化超过阈值（表套 document.json 的 reason_threshold_percent）时，"
        "须填写主要原因。",
        reason_missing,
        inputs=(IncomeLine, ExpenditureLine, PriorYearLine, ReasonText, Unit),
        title="主要原因未填写",
    ),
)
