"""Comparing printed names: published lists mix full- and half-width brackets (维修(护)费 and
维修（护）费 are the same item), so every match by name goes through `name_key`."""

from __future__ import annotations

# Half-width brackets and their full-width forms; a name is compared in the full-width form the
# official lists use.
_WIDTH = str.maketrans({"(": "（", ")": "）", "[": "［", "]": "］"})


def name_key(name: str) -> str:
    """The form of a name used for comparison: full-width brackets, no surrounding space."""
    return (name or "").strip().translate(_WIDTH)


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same item, brackets of either width counting as equal."""
    return name_key(a) == name_key(b)
