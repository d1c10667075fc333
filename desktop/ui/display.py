"""Amount display and entry in the chosen unit (万元 or 元): exact text, never float."""

from __future__ import annotations

from desktop.money import DisplayUnit, fen_to_decimal, format_amount, parse_amount, yuan_str


def amount_text(fen: int | None, unit: DisplayUnit, blank_zero: bool = True) -> str:
    """Shown in a cell: rounded to 2 places with thousands separators."""
    return format_amount(fen, unit, places=2, thousands=True, blank_zero=blank_zero)


def amount_edit_text(fen: int | None, unit: DisplayUnit) -> str:
    """Put in the editor: the exact value in `unit`, no separators, no trailing zeros."""
    if not fen:
        return ""
    value = fen_to_decimal(fen, unit).normalize()
    return format(value, "f")


def amount_tooltip(fen: int | None) -> str:
    if fen is None:
        return ""
    whole = yuan_str(fen)
    head, _, tail = whole.partition(".")
    sign = "-" if head.startswith("-") else ""
    return f"{sign}{int(head.lstrip('-')):,}.{tail} 元"


def parse_entry(text: str, unit: DisplayUnit) -> int | None:
    """Parse a typed amount; blank means "clear" (None). Raises AmountError with a message."""
    if not (text or "").strip():
        return None
    return parse_amount(text, unit)
