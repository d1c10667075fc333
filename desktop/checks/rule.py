"""How a rule is declared: an id, a default severity, a description and a plain check function.

Rules come in three scopes, which only decide when the engine re-runs them:
- "line": `check(ctx, key) -> str | None` judges what a line's `fields` hold (its key) and returns
  the reason it is wrong; the engine judges each distinct key once and re-judges only the lines an
  edit touched, and it writes the message as "<the line>：<reason>";
- "tables": `check(ctx)` over computed standard tables, re-run when one of `tables` changed;
- "ledger": `check(ctx)` over the ledger's aggregates, re-run after an edit of one of its
  `inputs`; a `Keyed` ledger rule is judged key by key, and after an edit of a line only the keys
  that line touches are judged again.
A check yields `Hit`s; the engine turns them into `Finding`s with the rule id and the severity
the configuration gives the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from desktop.checks.finding import CellRef
from desktop.money import format_amount


class Hit(NamedTuple):
    """What a check found: a stable subject, a Chinese message and the cells it points at."""

    subject: str
    message: str
    cells: tuple[CellRef, ...] = ()


@dataclass(frozen=True)
class Keyed:
    """A ledger rule whose findings are verdicts per key (a fund source, a unit, a (unit, item),
    a project …), each depending only on the aggregates of that key."""

    keys: Callable[[Any], Iterable[Any]]  # (ctx) -> every key, in the order findings are listed
    check: Callable[[Any, Any], Iterable[Hit]]  # (ctx, key) -> the hits of one key
    touched: Callable[[Any], Iterable[Any]]  # (line) -> the keys an edit of that line can change
    lines: tuple[type, ...]  # the record types `touched` understands; others re-judge every key
    # (ctx, key) -> where a key's findings stand, when that can change with an edit; by default
    # the order of `keys`
    order: Callable[[Any, Any], Any] | None = None

    def run(self, ctx: Any) -> Iterator[Hit]:
        """Every key's hits, in order: the rule's plain check."""
        keys = self.keys(ctx)
        if self.order is not None:
            keys = sorted(keys, key=lambda k: self.order(ctx, k))  # type: ignore[misc]
        for key in keys:
            yield from self.check(ctx, key)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    description: str
    # ledger and tables rules yield Hits; a line rule returns the reason a line is wrong
    # ("" when it is fine) for the values of its `fields`.
    check: Callable[..., Any]
    scope: str = "ledger"  # line / tables / ledger
    tables: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()  # line rules: the line fields the judgement depends on
    records: tuple[str, ...] = ("income", "expenditure")  # line rules: which lines
    # ledger rules: the record types read (Unit, Project, IncomeLine …); a rule is re-run only
    # after an edit of one of them. Empty: re-run after every edit.
    inputs: tuple[type, ...] = ()
    title: str = ""  # a short Chinese name for people (the 审核结果 list); the id is for files
    keyed: Keyed | None = None  # ledger rules judged per key (`check` is then `keyed.run`)
    # the kinds of department file the rule applies to (Department.kind: budget / final)
    kinds: tuple[str, ...] = ("budget", "final")
    # line rules: (ctx) -> (a field, the values it may hold in a key that can be wrong); keys
    # with another value are fine without judging (a full check then judges a few of thousands)
    narrow: Callable[[Any], tuple[str, Container[Any]]] | None = None

    @property
    def display_name(self) -> str:
        return self.title or self.id

    def __post_init__(self) -> None:
        if self.scope not in ("line", "tables", "ledger"):
            raise ValueError(f"rule {self.id}: unknown scope {self.scope}")
        if self.scope == "tables" and not self.tables:
            raise ValueError(f"rule {self.id}: a table rule must name its tables")
        if self.scope == "line" and not self.fields:
            raise ValueError(f"rule {self.id}: a line rule must name the fields it judges")


def wan(fen: int) -> str:
    """An amount as printed: 万元 with 2 decimals."""
    return f"{format_amount(fen)} 万元"


def wan_yuan(fen: int) -> str:
    """An amount in 万元 and, exactly, in 元 — for differences a 万元 figure may round away."""
    sign = "-" if fen < 0 else ""
    yuan = abs(fen)
    return f"{format_amount(fen)} 万元（{sign}{yuan // 100:,}.{yuan % 100:02d} 元）"


def diff_text(a: int, b: int) -> str:
    return f"相差 {wan_yuan(abs(a - b))}"


def line_cell(record: str, key: Any) -> CellRef:
    """A cell reference to an input record (the line, project, unit or control figure)."""
    return CellRef(record=record, record_key=key)
