"""Finding a catalog code the way accountants type it: by code prefix, by (part of) the Chinese
name, or by the pinyin initials of the name (`xzyx` → 行政运行).

Choices carry their full path (类 › 款 › 项) because the same 项 name recurs under every 款
(80 × 行政运行). Matches are ranked: codes this department already uses first, then the entries
that suit the department's kind of unit (行政运行 for 行政/参公 units, 事业运行 for 事业单位),
then how well the text matched, then the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from desktop.catalog import AGENCY_KINDS, Catalog, Entry

PATH_SEPARATOR = " › "

# 项 names that belong to one kind of unit: offered after the others to the other kind.
AGENCY_ONLY_NAMES = frozenset({"行政运行", "一般行政管理事务", "机关服务"})
INSTITUTION_ONLY_NAMES = frozenset({"事业运行"})


@dataclass(frozen=True)
class CodeChoice:
    """One entry of a code picker: what is shown and what is typed into the cell."""

    code: str
    name: str
    path: str  # 类 › 款 › 项 names, or the parents of a fund source
    initials: str  # pinyin initials of the name, lower case
    show_code: bool = True  # fund sources are known by name; their codes are internal

    @property
    def text(self) -> str:
        """What the cell receives when the entry is picked ("code name", or a fund's name)."""
        return f"{self.code} {self.name}" if self.show_code else self.name

    @property
    def label(self) -> str:
        """What the picker shows: code, name and where the entry sits."""
        parent = self.path.rpartition(PATH_SEPARATOR)[0]
        return f"{self.text}    {parent}" if parent else self.text


@lru_cache(maxsize=8192)
def pinyin_initials(name: str) -> str:
    """Lower-case pinyin initials of the Chinese characters in `name` (others kept as typed)."""
    # Imported on first use: loading its dictionaries takes a second or two, not at start-up.
    from pypinyin import Style, lazy_pinyin

    # pypinyin's stub types `errors` as returning str; at runtime (and per its docs) the
    # callable may return a list, one entry per character, which is what we rely on.
    letters = lazy_pinyin(
        name,
        style=Style.FIRST_LETTER,
        errors=lambda s: list(s),  # type: ignore[arg-type,return-value]
    )
    return "".join(letters).lower()


def _entry_path(entries: dict[str, Entry], entry: Entry) -> str:
    names = [entry.name]
    parent = entries.get(entry.parent)
    while parent is not None:
        names.append(parent.name)
        parent = entries.get(parent.parent)
    return PATH_SEPARATOR.join(reversed(names))


def function_choices(catalog: Catalog) -> list[CodeChoice]:
    return _cached_choices(catalog, "function")


def econ_choices(catalog: Catalog, classes: tuple[str, ...] | None = None) -> list[CodeChoice]:
    return [c for c in _cached_choices(catalog, "econ") if classes is None or c.code[:3] in classes]


def fund_choices(catalog: Catalog) -> list[CodeChoice]:
    return _cached_choices(catalog, "fund")


_CHOICES: dict[tuple[int, int, str], list[CodeChoice]] = {}


def _cached_choices(catalog: Catalog, what: str) -> list[CodeChoice]:
    key = (id(catalog), catalog.year, what)
    found = _CHOICES.get(key)
    if found is None:
        found = _build_choices(catalog, what)
        _CHOICES[key] = found
    return found


def _build_choices(catalog: Catalog, what: str) -> list[CodeChoice]:
    if what == "function":
        items: Iterable[Entry] = catalog.function_items()
        return [
            CodeChoice(e.code, e.name, _entry_path(catalog.function, e), pinyin_initials(e.name))
            for e in items
        ]
    if what == "econ":
        return [
            CodeChoice(e.code, e.name, _entry_path(catalog.dept_econ, e), pinyin_initials(e.name))
            for e in catalog.dept_econ_sections()
        ]
    funds = catalog.fund_sources
    result = []
    for fund in catalog.fund_leaves():
        names, parent = [fund.name], funds.get(fund.parent)
        while parent is not None:
            names.append(parent.name)
            parent = funds.get(parent.parent)
        path = PATH_SEPARATOR.join(reversed(names))
        result.append(CodeChoice(fund.code, fund.name, path, pinyin_initials(fund.name), False))
    return result


def warm_up(catalog: Catalog) -> None:
    """Build the choices of `catalog` ahead of the first keystroke (run in a worker thread)."""
    function_choices(catalog)
    econ_choices(catalog)
    fund_choices(catalog)


def _match_quality(choice: CodeChoice, typed: str) -> int | None:
    """0 best … 5; None when `typed` does not match the choice at all."""
    if choice.code == typed:
        return 0
    if choice.code.startswith(typed):
        return 1
    if choice.name == typed:
        return 2
    if choice.name.startswith(typed) or choice.initials.startswith(typed.lower()):
        return 3
    if typed in choice.name or (typed.isascii() and typed.lower() in choice.initials):
        return 4
    if typed in choice.path:
        return 5
    return None


def _kind_penalty(choice: CodeChoice, unit_kinds: set[str]) -> int:
    """1 when the entry is meant for a kind of unit the department does not have."""
    if not unit_kinds:
        return 0
    has_agency = bool(unit_kinds & set(AGENCY_KINDS))
    has_institution = "institution" in unit_kinds
    if choice.name in AGENCY_ONLY_NAMES and not has_agency:
        return 1
    if choice.name in INSTITUTION_ONLY_NAMES and not has_institution:
        return 1
    return 0


def search(
    choices: Iterable[CodeChoice],
    text: str,
    used: Iterable[str] = (),
    unit_kinds: Iterable[str] = (),
    limit: int = 50,
) -> list[CodeChoice]:
    """The choices matching `text`, best first (see the module docstring for the order).

    `text` may be "code name" as the picker writes it: then the code alone is searched.
    """
    typed = (text or "").strip()
    head = typed.split()[0] if typed else ""
    if head.isdigit() and " " in typed:
        typed = head
    used_set, kinds = set(used), set(unit_kinds)
    ranked = []
    for order, choice in enumerate(choices):
        quality = _match_quality(choice, typed) if typed else 3
        if quality is None:
            continue
        key = (
            0 if choice.code in used_set else 1,
            _kind_penalty(choice, kinds),
            quality,
            order,
        )
        ranked.append((key, choice))
    ranked.sort(key=lambda pair: pair[0])
    return [choice for _, choice in ranked[:limit]]
