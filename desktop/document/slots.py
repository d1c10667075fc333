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
    against: str = "上年"  # what the figure is compared with: 上年, 预算 or 年初预算

    @property
    def label(self) -> str:
        return f"{self.name} 比{self.against}"

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


# A 决算 text's slot prefixes (desktop/document/final_text.py) and what each compares with.
_AGAINST = {COMPARE: "上年", "预算比较:": "预算", "年初预算:": "年初预算", "年初比较:": "年初预算"}


def _final_slots(ledger: Ledger, rollup: Rollup) -> list[ComparisonSlot]:
    """The comparisons of a 决算 text: with 上年, and of 决算数 with 预算数 / 年初预算数, read from
    the built document (the 决算 template's slots are made while its text is filled in)."""
    from desktop.document.build import build_document

    document = build_document(ledger, rollup, "决算")
    builder_threshold = document_threshold(rollup, "决算")
    missing = set(document.missing_reasons)
    reasons = ledger.reason_texts
    out = []
    for slot, comparison in document.slots.items():
        prefix = next((p for p in _AGAINST if slot.startswith(p)), "")
        name = slot[len(prefix) :]
        if prefix == "年初预算:":  # a 功能分类 项 by its code
            name = f"{name} {ledger.catalog.function_name(name)}".strip()
        reason = reasons.get(slot)
        text = reason.text if reason is not None else ""
        if prefix == COMPARE:
            required = comparison.needs_reason(builder_threshold)
        else:
            required = comparison.current != comparison.prior  # 决算数 ≠ 预算数: say why
        out.append(
            ComparisonSlot(
                slot,
                name,
                comparison,
                required or slot in missing,
                text,
                builder_threshold,
                _AGAINST.get(prefix, "上年"),
            )
        )
    return out


def document_threshold(rollup: Rollup, kind: str) -> int:
    """The template's reason threshold in percent (as `DocumentBuilder.threshold`)."""
    spec = file_template(rollup)["kinds"][kind]
    return int(spec.get("reason_threshold_percent", 10))


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
    if ledger.is_final:
        return _final_slots(ledger, rollup)
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
