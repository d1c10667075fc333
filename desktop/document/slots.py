"""The comparisons the public document makes with last year, one row per 主要原因 slot.

The same template, figures and threshold as the document itself (`DocumentBuilder`), without
building the text: the 主要原因 page lists these rows, and the check that flags an empty
required reason reads them, so the page, the check and the export refusal agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from desktop.document.build import COMPARE, DocumentBuilder, file_template
from desktop.document.wording import Comparison
from desktop.ledger import Ledger
from desktop.tables.engine import Rollup

_COMPARISON = re.compile(r"\{" + re.escape(COMPARE) + r"([^{}]+)\}")


@dataclass(frozen=True)
class ComparisonSlot:
    slot: str  # the slot id, "比较:收入总计": the key of its ReasonText
    name: str  # the figure compared, "收入总计"
    comparison: Comparison
    required: bool  # the change is beyond the set's threshold (or new this year)
    reason: str  # the accountant's 主要原因 ("" while not written)
    threshold: int  # percent

    @property
    def label(self) -> str:
        return f"{self.name} 比上年"

    @property
    def missing(self) -> bool:
        """Required but not written: a submission document cannot be exported."""
        return self.required and not self.reason.strip()

    @property
    def change(self) -> Decimal:
        return self.comparison.change

    def rate_text(self) -> str:
        """增减率 as the sentence prints it, signed; "—" when last year had nothing."""
        rate = self.comparison.rate
        if rate is None:
            return "—"
        return f"-{rate}%" if self.change < 0 else f"{rate}%"


def slot_names(template: dict, kind: str = "预算") -> list[str]:
    """The figures the template compares with last year, in the order the text makes them."""
    names: list[str] = []
    for part in template["kinds"][kind]["parts"]:
        texts = [part["heading"]]
        for section in part.get("sections", []):
            texts += [section["heading"], *section["text"]]
        for text in texts:
            names += [n for n in _COMPARISON.findall(text) if n not in names]
    return names


def comparison_slots(
    ledger: Ledger,
    rollup: Rollup,
    kind: str = "预算",
    basic_groups: dict[tuple[str, str, str, str], int] | None = None,
) -> list[ComparisonSlot]:
    """Every comparison slot of the file's document template, with its figures and reason.

    `basic_groups`: this year's basic lines grouped as `DocumentBuilder` does, when the caller
    keeps them (the checks' running totals). Raises BudgetError when the template names a
    figure its table set's tables lack.
    """
    builder = DocumentBuilder(ledger, rollup, file_template(rollup), kind, basic_groups)
    reasons = ledger.reason_texts
    out = []
    for name in slot_names(builder.template, kind):
        comparison = builder.comparison(name)
        slot = f"{COMPARE}{name}"
        reason = reasons.get(slot)
        out.append(
            ComparisonSlot(
                slot,
                name,
                comparison,
                comparison.needs_reason(builder.threshold),
                reason.text if reason is not None else "",
                builder.threshold,
            )
        )
    return out
