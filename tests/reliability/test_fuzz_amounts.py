"""Property tests of amount entry: every shown amount parses back to the same 分, decimal text is
exact (no float drift), finer than 1 分 is refused, and junk gives AmountError and nothing else."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.errors import AmountError
from desktop.money import MAX_AMOUNT_FEN, DisplayUnit, format_amount, parse_amount, yuan_str
from desktop.ui.display import amount_edit_text, parse_entry

LIMIT = MAX_AMOUNT_FEN  # the largest amount (分) a department file holds
FUZZ = settings(max_examples=300, deadline=None)
units = st.sampled_from([DisplayUnit.YUAN, DisplayUnit.WAN_YUAN])
fens = st.integers(-LIMIT, LIMIT)


@FUZZ
@given(fens)
def test_yuan_text_round_trips(fen):
    assert parse_amount(yuan_str(fen), DisplayUnit.YUAN) == fen


@FUZZ
@given(fens, units, st.booleans())
def test_exact_display_round_trips(fen, unit, thousands):
    """Shown with all the places that name a whole 分, with or without separators."""
    text = format_amount(fen, unit, places=unit.max_places, thousands=thousands)
    assert parse_amount(text, unit) == fen


@FUZZ
@given(fens.filter(bool), units)
def test_editor_text_round_trips(fen, unit):
    """What the grid puts in the editor parses back to the stored figure."""
    assert parse_entry(amount_edit_text(fen, unit), unit) == fen


@FUZZ
@given(st.integers(-(10**14), 10**14), st.integers(0, 99), st.sampled_from(["", "+", "-"]))
def test_decimal_text_is_exact(whole, cents, sign):
    """No float drift: "0.1" + "0.2" is exactly "0.3", whatever the digits."""
    text = f"{sign}{abs(whole)}.{cents:02d}"
    expected = int(Decimal(text) * 100)
    assert parse_amount(text) == expected
    if sign != "-":
        assert parse_amount(f"{text}元") == expected  # the unit may be typed after the figure
        assert parse_amount(f"  {abs(whole):,}.{cents:02d} ") == expected


@FUZZ
@given(
    st.integers(0, 10**12),
    st.text("0123456789", min_size=1, max_size=10),
    st.sampled_from("123456789"),
    units,
)
@example(0, "0", "1", DisplayUnit.YUAN)  # 0.001 元
@example(1, "00000", "1", DisplayUnit.WAN_YUAN)  # 1.0000001 万元
def test_finer_than_a_cent_is_refused(whole, middle, last, unit):
    decimals = middle + last  # ends in a non-zero digit, so it has exactly this many places
    if len(decimals) <= unit.max_places:
        decimals += "0" * (unit.max_places - len(decimals)) + last
    text = f"{whole}.{decimals}"
    assert len(text.replace(".", "").lstrip("0")) <= 28
    with pytest.raises(AmountError, match="精确到了分以下"):
        parse_amount(text, unit)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=40), units)
@example("NaN", DisplayUnit.YUAN)
@example("Infinity", DisplayUnit.YUAN)
@example("1e5", DisplayUnit.YUAN)
@example("١٢٣", DisplayUnit.YUAN)  # Arabic-Indic digits match \d
@example("１２３.４５", DisplayUnit.YUAN)  # full-width digits, as a Chinese IME may type
@example("--1", DisplayUnit.YUAN)
@example("1.2.3", DisplayUnit.YUAN)
@example("9" * 40, DisplayUnit.YUAN)
def test_any_text_is_an_amount_or_an_amount_error(text, unit):
    try:
        fen = parse_amount(text, unit)
    except AmountError as exc:
        assert str(exc)  # a Chinese sentence for the status bar
        return
    assert isinstance(fen, int) and not isinstance(fen, bool)
    assert abs(fen) <= MAX_AMOUNT_FEN


def test_sub_cent_tail_beyond_28_digits_is_refused():
    with pytest.raises(AmountError):
        parse_amount("123456789012345.67000000000001")


@pytest.mark.parametrize(
    "text",
    ["42,76", "1 2 3", "1,2345", ",123", "12,34.5", "1 234", "1.234,56", "4276，5", "1_000"],
)
def test_misplaced_separators_are_refused_not_dropped(text):
    """A comma or blank anywhere but between thousands groups is refused, never dropped."""
    with pytest.raises(AmountError, match="不是有效的金额"):
        parse_amount(text, DisplayUnit.WAN_YUAN)


@pytest.mark.parametrize(
    ("text", "fen"),
    [("1,234,567.89", 123456789), ("１２，３４５．６７", 1234567), (" -1,000 元 ", -100000)],
)
def test_thousands_separators_in_the_right_places(text, fen):
    assert parse_amount(text) == fen


def test_one_limit_everywhere():
    """The largest amount parses; one 分 more is refused by the parser and by the ledger alike."""
    from desktop.errors import LedgerError
    from desktop.validation import _check_amount

    assert parse_amount("999,999,999,999,999.99") == MAX_AMOUNT_FEN
    with pytest.raises(AmountError, match="超出了可以记录的范围") as parsed:
        parse_amount("1,000,000,000,000,000.00")
    _check_amount(MAX_AMOUNT_FEN)
    with pytest.raises(LedgerError, match="超出了可以记录的范围") as stored:
        _check_amount(MAX_AMOUNT_FEN + 1)
    assert str(stored.value) in str(parsed.value)
