"""The shortcuts the checks take for speed give exactly what the plain paths give: amounts in
messages, distinct values read off line groups, and the lines a condemned value reaches."""

from __future__ import annotations

from operator import attrgetter

from desktop.checks.linegroups import LineGroups
from desktop.checks.rule import wan, wan_yuan
from desktop.money import DisplayUnit, format_amount
from desktop.records import ExpenditureLine


def test_amounts_in_messages_are_format_amount():
    # Hand-worked: 12,345.67 元 = 1,234,567 分 = 1.234567 万元 → 1.23; 5,000 分 = 0.005 万元 rounds
    # half away from zero to 0.01, and a negative amount that rounds to 0.00 keeps its sign.
    assert wan(1_234_567) == "1.23 万元"
    assert wan(5_000) == "0.01 万元"
    assert wan(4_999) == "0.00 万元"
    assert wan(-5_000) == "-0.01 万元"
    assert wan(-1) == "-0.00 万元"
    assert wan(123_456_789_012) == "123,456.79 万元"
    assert wan_yuan(-100) == "-0.00 万元（-1.00 元）"
    assert wan_yuan(28_979_000) == "28.98 万元（289,790.00 元）"
    for fen in [*range(-25_000, 25_000, 7), 10**12 + 4_999, 10**12 + 5_000, -(10**15) - 5_000]:
        assert wan(fen) == f"{format_amount(fen)} 万元"
        assert wan_yuan(fen) == (
            f"{format_amount(fen)} 万元（{format_amount(fen, DisplayUnit.YUAN)} 元）"
        )


def _line(i: int, unit: str, function: str, econ: str, kind: str, amount: int) -> ExpenditureLine:
    return ExpenditureLine(i, unit, function, econ, "gp_appropriation", kind, "", amount)


LINES = [
    _line(1, "001", "2010101", "30101", "personnel", 100),
    _line(2, "001", "2010101", "30101", "personnel", 250),
    _line(3, "001", "2080505", "30108", "personnel", 40),
    _line(4, "002", "2010101", "30201", "operating", 7),
    _line(5, "002", "2080505", "30109", "personnel", 1),
    _line(6, "001", "2010101", "30101", "personnel", -30),
]
FIELDS = ("kind", "unit_code", "function_code", "fund_source", "econ_code", "project_code")


def test_line_groups_sum_and_project_like_a_pass_over_every_line():
    groups = LineGroups(LINES, FIELDS)
    # lines 1, 2 and 6 share every field: one group of 3 lines, 100 + 250 − 30 分
    sums = {key[2:5:2]: (amount, count) for key, amount, count in groups.sums()}
    assert sums == {
        ("2010101", "30101"): (320, 3),
        ("2080505", "30108"): (40, 1),
        ("2010101", "30201"): (7, 1),
        ("2080505", "30109"): (1, 1),
    }
    assert [line.id for line in groups.group(groups.keys[0])] == [1, 2, 6]
    for fields in [("unit_code",), ("econ_code", "unit_code"), ("kind", "function_code")]:
        plain = set(map(attrgetter(*fields), LINES))
        assert groups.distinct(fields) == plain
    # the lines of the values a rule condemns, with the verdict of their value
    bad = {("2080505", "30109"): "错", ("2010101", "30201"): "也错"}
    found = sorted(
        (line.id, why) for line, why in groups.condemned(("function_code", "econ_code"), bad)
    )
    assert found == [(4, "也错"), (5, "错")]
