"""Import reads a flat sheet's 元 strings into 分 exactly as the one amount grammar does."""

import pytest

from desktop.errors import AmountError
from desktop.export.importer import _yuan
from desktop.money import MAX_AMOUNT_FEN, DisplayUnit, parse_amount, yuan_str


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("0.00", 0),
        ("-0.00", 0),
        ("-0.50", -50),
        ("427500.00", 42_750_000),
        ("9876543210123.45", 987_654_321_012_345),
        (yuan_str(MAX_AMOUNT_FEN), MAX_AMOUNT_FEN),
        (yuan_str(-MAX_AMOUNT_FEN), -MAX_AMOUNT_FEN),
        ("1,234.50", 123_450),  # not canonical: read by parse_amount
        ("１２.００", 1_200),  # full-width digits: read by parse_amount as typed
    ],
)
def test_canonical_and_other_amounts(text, fen):
    assert _yuan(text) == fen == parse_amount(text, DisplayUnit.YUAN)


@pytest.mark.parametrize("text", [yuan_str(MAX_AMOUNT_FEN + 1), "1.234", "1.2.3", ""])
def test_refused_with_the_same_message(text):
    with pytest.raises(AmountError) as fast:
        _yuan(text)
    with pytest.raises(AmountError) as slow:
        parse_amount(text, DisplayUnit.YUAN)
    assert str(fast.value) == str(slow.value)
