"""The PDF's one-pass body texts print exactly what the printed grid prints."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.export.pdf_texts import body_texts, wan_text
from desktop.money import MAX_AMOUNT_FEN, DisplayUnit, format_amount
from desktop.tables.engine import Rollup
from desktop.tables.printed import TableGrid


def test_wan_text_rounds_half_away_from_zero_to_a_hundred_yuan():
    # 123,456,789 分 = 1,234,567.89 元 = 123.456789 万元.
    assert wan_text(123_456_789) == "123.46"
    assert wan_text(5_000) == "0.01"  # 50 元: half of 0.01 万元, rounded up
    assert wan_text(4_999) == "0.00"
    assert wan_text(-5_000) == "-0.01"
    assert wan_text(-4_999) == "-0.00"  # as Decimal prints a negative amount rounding to zero
    assert wan_text(1_234_567_890_000) == "1,234,567.89"
    assert wan_text(MAX_AMOUNT_FEN) == "100,000,000,000.00"


@given(st.integers(min_value=-MAX_AMOUNT_FEN, max_value=MAX_AMOUNT_FEN).filter(bool))
def test_wan_text_is_format_amount(fen):
    assert wan_text(fen) == format_amount(fen, DisplayUnit.WAN_YUAN)


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from([-1, 1]))
def test_wan_text_is_format_amount_near_ties(hundreds, sign):
    for fen in (hundreds * 10_000 - 5_001, hundreds * 10_000 - 5_000, hundreds * 10_000 + 4_999):
        assert wan_text(sign * fen) == format_amount(sign * fen, DisplayUnit.WAN_YUAN)


def test_body_texts_match_the_printed_grid(demo_ledger):
    rollup = Rollup(demo_ledger)
    results = rollup.results()
    assert len(results) == 21
    amounts = 0
    for result in results:
        grid = TableGrid(result)
        texts = body_texts(grid)
        assert texts == grid.body_texts()
        amounts += sum(1 for column in texts for t in column if t and t[-3:-2] == ".")
    assert amounts > 500  # the demo prints hundreds of amounts, not just blanks
