"""`money.format_amount` prints 万元 amounts in integer arithmetic (`wan_text`); it must print
exactly what the Decimal rounding (`money.rounded`, half away from zero) prints."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.money import MAX_AMOUNT_FEN, format_amount, rounded, wan_text


def _decimal(fen: int) -> str:
    return f"{rounded(fen):,.2f}"


def test_hand_worked_amounts():
    assert wan_text(123_456_789) == "123.46"  # 1,234,567.89 元
    assert wan_text(5_000) == "0.01"  # 50 元 rounds up to 0.01 万元
    assert wan_text(4_999) == "0.00"
    assert wan_text(-5_000) == "-0.01"  # half away from zero
    assert wan_text(-1) == "-0.00"  # the sign stays, as Decimal prints it
    assert wan_text(1_234_567_890_000) == "1,234,567.89"  # 12,345,678,900 元
    assert format_amount(1_234_567_890_000, thousands=False) == "1234567.89"


@given(st.integers(-MAX_AMOUNT_FEN, MAX_AMOUNT_FEN))
def test_integer_and_decimal_formatting_agree(fen):
    assert wan_text(fen) == _decimal(fen)


@given(st.integers(-(10**9), 10**9).map(lambda k: k * 10_000 + 5_000))
def test_ties_round_alike(fen):
    assert wan_text(fen) == _decimal(fen)
    assert format_amount(fen, thousands=False) == _decimal(fen).replace(",", "")
