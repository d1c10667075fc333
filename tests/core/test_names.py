"""Names are compared with full- and half-width brackets as equal wherever they are matched."""

from __future__ import annotations

from desktop import codes
from desktop.catalog import load_catalog
from desktop.names import name_key, same_name


def test_bracket_width_does_not_matter():
    assert same_name("维修(护)费", "维修（护）费")
    assert same_name(" 因公出国(境)费用", "因公出国（境）费用")
    assert name_key("维修(护)费") == "维修（护）费"
    assert not same_name("维修费", "维修（护）费")


def test_code_entry_by_name_accepts_either_bracket_width():
    cat = load_catalog(2025)
    assert cat.dept_econ_name("30213") == "维修（护）费"
    assert codes.resolve_econ(cat, "维修(护)费") == "30213"
    assert codes.resolve_econ(cat, "因公出国(境)费用") == "30212"
    # part of a name, typed with ASCII brackets
    assert codes.resolve_econ(cat, "(护)") == "30213"
