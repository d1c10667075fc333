"""Exact money: amounts are integers of 分 (0.01 元); parsing and display in 元 or 万元."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import Enum

from desktop.errors import AmountError

FEN_PER_YUAN = 100


class DisplayUnit(Enum):
    """The unit amounts are shown and typed in."""

    YUAN = ("元", 100, 2)
    WAN_YUAN = ("万元", 1_000_000, 6)

    def __init__(self, label: str, fen: int, max_places: int) -> None:
        self.label = label
        self.fen = fen  # 分 per one display unit
        self.max_places = max_places  # decimals that still name a whole 分


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Excel/WPS accounting formats show zero as a dash; a sheet pasted or imported keeps that meaning.
ZERO_DASHES = frozenset({"-", "—", "–", "－", "——", "--"})


def parse_amount(text: str, unit: DisplayUnit = DisplayUnit.YUAN) -> int:
    """Parse what the user typed (in `unit`) into 分; raise AmountError with a Chinese message.

    Thousands separators and surrounding blanks are accepted; anything finer than 1 分 is refused
    rather than rounded, because a silently rounded figure is a lost figure.
    """
    raw = text
    cleaned = (text or "").strip().replace(",", "").replace("，", "").replace(" ", "")
    if cleaned.endswith(unit.label):
        cleaned = cleaned[: -len(unit.label)]
    if not cleaned:
        raise AmountError("金额不能为空。")
    if cleaned in ZERO_DASHES:
        return 0
    if not _NUMBER.match(cleaned):
        raise AmountError(f"“{raw}”不是有效的金额，请输入数字（单位：{unit.label}）。")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - regex already guards
        raise AmountError(f"“{raw}”不是有效的金额。") from exc
    # Exact product: the default 28-digit context would round a long sub-分 tail away.
    with localcontext() as ctx:
        ctx.prec = len(cleaned) + 8
        fen = value * unit.fen
    if fen != fen.to_integral_value():
        raise AmountError(
            f"“{raw}”{unit.label}精确到了分以下；以{unit.label}录入时最多{unit.max_places}位小数。"
        )
    if abs(fen) >= 10**17:
        raise AmountError(f"“{raw}”超出了可以记录的金额范围。")
    return int(fen)


def fen_to_decimal(fen: int, unit: DisplayUnit = DisplayUnit.YUAN) -> Decimal:
    """Exact value of `fen` in `unit` (no rounding)."""
    return Decimal(fen) / Decimal(unit.fen)


def yuan_str(fen: int) -> str:
    """Exact decimal string in 元, e.g. 2897900.00 — the JSON and flat-sheet representation."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def rounded(fen: int, unit: DisplayUnit = DisplayUnit.WAN_YUAN, places: int = 2) -> Decimal:
    """Value in `unit` rounded half-up to `places` decimals, as printed tables round."""
    quantum = Decimal(1).scaleb(-places)
    return fen_to_decimal(fen, unit).quantize(quantum, rounding=ROUND_HALF_UP)


def format_amount(
    fen: int | None,
    unit: DisplayUnit = DisplayUnit.WAN_YUAN,
    places: int = 2,
    thousands: bool = True,
    blank_zero: bool = False,
) -> str:
    """Display string: rounded to `places` in `unit`, with thousands separators."""
    if fen is None or (blank_zero and fen == 0):
        return ""
    value = rounded(fen, unit, places)
    return f"{value:,.{places}f}" if thousands else f"{value:.{places}f}"
