"""Exact money: amounts are integers of 分 (0.01 元); parsing and display in 元 or 万元."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import Enum

from desktop.errors import AmountError, AmountRangeError

FEN_PER_YUAN = 100


class DisplayUnit(Enum):
    """The unit amounts are shown and typed in."""

    YUAN = ("元", 100, 2)
    WAN_YUAN = ("万元", 1_000_000, 6)

    def __init__(self, label: str, fen: int, max_places: int) -> None:
        self.label = label
        self.fen = fen  # 分 per one display unit
        self.max_places = max_places  # decimals that still name a whole 分


# The largest amount (分) a department file holds, far beyond any budget: every stored amount then
# survives the workbook round trip (up to 15 significant digits as a number, beyond that as text).
MAX_AMOUNT_FEN = 10**17 - 1

# Digits, optionally grouped by thousands separators placed every three digits, then decimals.
_NUMBER = re.compile(r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?$|^[+-]?\.[0-9]+$")
_SEPARATED = re.compile(r"[0-9][,\s][0-9]")


def amount_range_error(fen: int) -> AmountRangeError | None:
    """The one message for an amount outside what a department file may hold (None: in range)."""
    if abs(fen) <= MAX_AMOUNT_FEN:
        return None
    limit = format_amount(MAX_AMOUNT_FEN, DisplayUnit.YUAN)
    return AmountRangeError(f"金额超出了可以记录的范围：绝对值不能超过 {limit} 元。")


# Excel/WPS accounting formats show zero as a dash; a sheet pasted or imported keeps that meaning.
ZERO_DASHES = frozenset({"-", "—", "–", "－", "——", "--"})


def parse_amount(text: str, unit: DisplayUnit = DisplayUnit.YUAN) -> int:
    """Parse what the user typed (in `unit`) into 分; raise AmountError with a Chinese message.

    The one amount grammar of the grid, the paste and the import: an optional sign, digits with
    thousands separators only where they belong (1,234,567.89), a decimal point, and optionally
    the unit after the figure. Full-width digits and punctuation from a Chinese input method are
    read as their ASCII forms. Anything else — a comma elsewhere (42,76), blanks between digits
    (1 2 3) — is refused rather than guessed, and so is anything finer than 1 分, because a
    silently changed figure is a lost figure.
    """
    raw = text
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    if cleaned.endswith(unit.label):
        cleaned = cleaned[: -len(unit.label)].rstrip()
    if not cleaned:
        raise AmountError("金额不能为空。")
    if cleaned in ZERO_DASHES:
        return 0
    if not _NUMBER.match(cleaned):
        if _SEPARATED.search(cleaned):
            raise AmountError(
                f"“{raw}”不是有效的金额：数字之间只能用千分位逗号（每三位一个，如 1,234,567.89），"
                "小数点请用“.”。"
            )
        raise AmountError(f"“{raw}”不是有效的金额，请输入数字（单位：{unit.label}）。")
    cleaned = cleaned.replace(",", "")
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
    error = amount_range_error(int(fen))
    if error is not None:
        raise AmountRangeError(f"“{raw}”{unit.label}：{error}")
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


def wan_text(fen: int) -> str:
    """`format_amount(fen)` in integer arithmetic: 万元 rounded half away from zero to 0.01 万元
    (100 元) as `rounded` rounds, thousands separated; a negative amount keeps its sign even where
    it rounds to 0.00, as the Decimal formatting prints it (e.g. 1,234.57, -0.00)."""
    hundredths, rest = divmod(abs(fen), 10_000)  # 0.01 万元 = 10,000 分
    if rest >= 5_000:
        hundredths += 1
    sign = "-" if fen < 0 else ""
    return f"{sign}{hundredths // 100:,}.{hundredths % 100:02d}"


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
    if unit is DisplayUnit.WAN_YUAN and places == 2 and fen.__class__ is int:
        text = wan_text(fen)  # the printed tables' case, tens of thousands of cells per print
        return text if thousands else text.replace(",", "")
    value = rounded(fen, unit, places)
    return f"{value:,.{places}f}" if thousands else f"{value:.{places}f}"
