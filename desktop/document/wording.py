"""Numbers and comparison wording as the document prints them (万元, two decimals)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop.money import rounded


def wan(fen: int) -> Decimal:
    """An amount as printed: 万元, two decimals (the table cell's rounding)."""
    return rounded(fen or 0)


@dataclass(frozen=True)
class Comparison:
    """This year against last year, both as printed; the change is computed from the printed
    figures, so a reader subtracting the two printed numbers gets the printed change."""

    current: Decimal
    prior: Decimal

    @property
    def change(self) -> Decimal:
        return self.current - self.prior

    @property
    def rate(self) -> Decimal | None:
        """增减率 in percent, one decimal; None when last year had nothing."""
        if not self.prior:
            return None
        return (abs(self.change) / self.prior * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def direction(self) -> str:
        """增加 / 减少 / 持平, following the sign of the change."""
        if self.change > 0:
            return "增加"
        if self.change < 0:
            return "减少"
        return "持平"

    def needs_reason(self, threshold_percent: int) -> bool:
        """Beyond the threshold (or new this year), the accountant must say why."""
        if not self.change:
            return False
        rate = self.rate
        return rate is None or rate >= threshold_percent

    def sentence(self) -> str:
        """与上年相比的一句（不含主要原因）。"""
        if not self.current and not self.prior:
            return "本年及上年均无此项支出。"
        if self.direction == "持平":
            return f"与上年{self.prior}万元持平。"
        if not self.prior:
            return f"上年无此项支出，本年增加{self.change}万元。"
        grow = "增长" if self.change > 0 else "下降"
        return f"比上年{self.prior}万元{self.direction}{abs(self.change)}万元，{grow}{self.rate}%。"
