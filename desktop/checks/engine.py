"""The checker: runs every enabled rule over the ledger and the computed tables, and re-runs only
what an edit can have changed.

Line rules are cached per line, table rules per computed table (the roll-up hands out the same
`TableResult` object until an edit touches that table), ledger rules read running totals. A rule
that raises becomes an 错误 finding with rule id `internal`; the checker itself never raises.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import chain, compress
from operator import attrgetter, is_, itemgetter
from typing import Any

from desktop.checks.config import RuleConfig, load_rule_config
from desktop.checks.context import CheckContext, TableSource
from desktop.checks.explanations import load_explanations
from desktop.checks.finding import ERROR, WARNING, Finding
from desktop.checks.linegroups import AMOUNT, EXPENDITURE_FIELDS, INCOME_FIELDS, LineGroups
from desktop.checks.linerules import AMOUNT_KEYS, DERIVED_KEYS, describe
from desktop.checks.packrules import rules_for_tables
from desktop.checks.rule import Hit, Keyed, Rule, line_cell
from desktop.checks.rules import ALL_RULES
from desktop.checks.totals import Totals
from desktop.ledger import Ledger
from desktop.records import Change, ExpenditureLine, IncomeLine, PriorYearLine, Project, Unit

INTERNAL = "internal"
# From this many income and expenditure lines a full check reads them as coded numpy columns
# (`linecolumns.py`), as the roll-up does; below, numpy is not even imported.
COLUMNAR_FROM = 5_000
_LINE_TYPES = (IncomeLine, ExpenditureLine)
_TOTAL_TYPES = (IncomeLine, ExpenditureLine, PriorYearLine)


class Checker:
    """All findings of one ledger, kept current: the checker listens to the ledger.

    Create it after the Rollup, so that its listener runs after the tables were updated.
    """

    def __init__(
        self,
        ledger: Ledger,
        rollup: TableSource,
        config: RuleConfig | None = None,
        rules: Iterable[Rule] | None = None,
    ) -> None:
        self.ledger = ledger
        self.rollup = rollup
        # By default the rules and settings follow the table set the roll-up prints.
        pack = getattr(rollup, "pack", None)
        if config is None:
            config = pack.rules if pack is not None else load_rule_config()
        self.config = config
        if rules is None:
            specs = getattr(rollup, "specs", None)
            rules = rules_for_tables(specs) if specs is not None else ALL_RULES
        kind = ledger.department.kind  # 部门预算 or 部门决算: each has rules of its own
        self.rules = tuple(r for r in rules if self.config.enabled(r.id) and kind in r.kinds)
        self._line_rules = tuple(r for r in self.rules if r.scope == "line")
        self._table_numbers = sorted(
            {n for r in self.rules if r.scope == "tables" for n in r.tables}
        )
        self._ledger_rules = tuple(r for r in self.rules if r.scope == "ledger")
        # per record type, the ledger rules reading it (and those reading everything): an edit
        # visits only these
        self._readers: dict[type, tuple[Rule, ...]] = {}
        self._severity = {r.id: self.config.severity(r.id, r.severity) for r in self.rules}
        self._listeners: list[Callable[[list[Finding]], None]] = []
        self._parts: list[list[Finding]] = []  # per rule, in rule order
        self._flat: list[Finding] | None = []  # the parts in one list, made when asked
        self.refresh()
        ledger.add_listener(self._on_change)

    def close(self) -> None:
        self.ledger.remove_listener(self._on_change)

    # -- results -----------------------------------------------------------------------------
    @property
    def findings(self) -> list[Finding]:
        """The current findings, in rule order."""
        return list(self._findings)

    @property
    def _findings(self) -> list[Finding]:
        flat = self._flat
        if flat is None:
            flat = self._flat = list(chain.from_iterable(self._parts))
        return flat

    def parts(self) -> list[list[Finding]]:
        """The current findings by rule, in rule order (together, `findings`). A rule whose
        findings an edit did not change hands out the same list object again, so a follower
        (the findings list) compares by identity and redoes only the rules that changed; the
        lists are the checker's own and must not be modified."""
        return list(self._parts)

    def errors(self) -> list[Finding]:
        return [f for f in self._findings if f.severity == ERROR]

    def warnings(self) -> list[Finding]:
        return [f for f in self._findings if f.severity == WARNING]

    def unexplained_warnings(self) -> list[Finding]:
        """Warnings without a written explanation (出错说明) stored in the department file."""
        explained = load_explanations(self.ledger.file)
        return [
            f
            for f in self._findings
            if f.severity == WARNING and (explained.get((f.rule_id, f.subject)) or "").strip() == ""
        ]

    def add_listener(self, listener: Callable[[list[Finding]], None]) -> None:
        """Called with the new findings after every re-run (the findings dock uses it)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[list[Finding]], None]) -> None:
        self._listeners.remove(listener)

    # -- running -----------------------------------------------------------------------------
    def refresh(self) -> list[Finding]:
        """Re-run every rule from scratch and return the findings."""
        # Like the roll-up: the many small objects a full check allocates are never cyclic, and
        # pausing the cyclic collector meanwhile spares full collections over the whole ledger.
        with _paused_gc():
            return self._refresh()

    def _refresh(self) -> list[Finding]:
        ledger = self.ledger
        groups = self._group_lines()
        self._totals = Totals(
            ledger.catalog,
            groups["income"],
            groups["expenditure"],
            ledger.prior_year_lines.values(),
        )
        self._ctx = CheckContext(ledger, self.rollup, self.config, self._totals)
        # per table rule: the hits of its last run and their findings
        self._table_cache: dict[str, tuple[Sequence[Hit], list[Finding]]] = {}
        self._seen: dict[int, Any] = {}  # the table results the last run read
        self._ledger_cache: dict[str, list[Finding]] = {}
        self._keyed: dict[str, _KeyedState] = {}
        self._check_all_lines(groups)
        self._run()
        return self.findings

    def _group_lines(self) -> dict[str, Any]:  # LineGroups or LineColumns
        """The income and expenditure lines grouped by every field the totals and the line rules
        read: a large department's as coded columns (reading the codes the roll-up made), else in
        groups of equal fields (derived keys such as "<0" aside)."""
        lines: dict[str, list[Any]] = {
            "income": list(self.ledger.income_lines.values()),
            "expenditure": list(self.ledger.expenditure_lines.values()),
        }
        columnar = sum(map(len, lines.values())) >= COLUMNAR_FROM
        if columnar:
            from desktop.checks.linecolumns import LineColumns
            from desktop.tables.columnar import coded_lines

            items = coded_lines(self.ledger, lines["expenditure"], lines["income"])
        out: dict[str, Any] = {}
        for record, base in (("income", INCOME_FIELDS), ("expenditure", EXPENDITURE_FIELDS)):
            fields = dict.fromkeys(base)
            for rule in self._line_rules:
                if record in rule.records:
                    fields.update(dict.fromkeys(rule.fields))
            coded = None
            if columnar:
                coded = LineColumns.build(record, lines[record], tuple(fields), items)
            if coded is not None:
                out[record] = coded
            else:
                plain = tuple(f for f in fields if f not in DERIVED_KEYS)
                out[record] = LineGroups(lines[record], plain)
        return out

    def _on_change(self, changes: list[Change]) -> None:
        # The edit has been saved already: whatever goes wrong here must not undo or hide it.
        try:
            self._update(changes)
        except Exception:  # noqa: BLE001 - fall back to a full run
            try:
                self.refresh()
            except Exception as exc:  # noqa: BLE001
                self._parts = [
                    [
                        Finding(
                            INTERNAL,
                            ERROR,
                            f"审核模块运行出错，审核结果不完整：{exc!r}。请将此信息报告给软件维护人员。",
                            (),
                            "checker",
                        )
                    ]
                ]
                self._flat = None

    def _update(self, changes: list[Change]) -> None:
        records = {c.record_type for c in changes}
        readers = [self._reading(record) for record in records]
        if len(readers) > 1:  # each rule once
            readers = [tuple({r.id: r for found in readers for r in found}.values())]
        for rule in chain.from_iterable(readers):
            self._ledger_cache.pop(rule.id, None)
            state = self._keyed.get(rule.id)
            if state is not None and not state.touch(changes, rule.inputs):
                del self._keyed[rule.id]  # judge every key again
        if records & set(_TOTAL_TYPES):
            self._totals.apply(changes)
        self._ctx.note_changes(changes)
        if records & {Unit, Project}:
            self._ctx.memo.clear()  # names and structure the rules remember may have changed
            with _paused_gc():
                self._check_all_lines()  # unit kinds and projects feed the line rules
        else:
            for change in changes:
                old, new = change.before, change.after
                if isinstance(old, _LINE_TYPES):
                    self._forget_line(_record(old), old)
                if isinstance(new, _LINE_TYPES):
                    self._check_line(_record(new), new)
        self._run()

    def _reading(self, record: type) -> tuple[Rule, ...]:
        """The ledger rules an edit of a `record` can change (in rule order)."""
        found = self._readers.get(record)
        if found is None:
            found = self._readers[record] = tuple(
                r for r in self._ledger_rules if not r.inputs or record in r.inputs
            )
        return found

    # -- line rules --------------------------------------------------------------------------
    # Line findings are kept per rule, by line ((record rank, line key): income lines first, then
    # expenditure lines, each in key order), so that an edit adds or removes only its own lines'
    # findings and the order does not depend on the order of edits.
    def _check_all_lines(self, groups: dict[str, Any] | None = None) -> None:
        """Judge each distinct key of each line rule once, then collect the lines it condemns:
        keys are read off the groups of equal fields (`LineGroups`), and a condemned key's lines
        are reached through its groups, not by a pass over every line."""
        if groups is None:
            groups = self._group_lines()
        self._line_hits: dict[str, dict[tuple, list[Finding]]] = {
            r.id: {} for r in self._line_rules
        }
        self._line_order: dict[str, list[tuple]] = {r.id: [] for r in self._line_rules}
        self._line_out: dict[str, list[Finding]] = {}  # per rule, flattened; dropped on change
        self._line_internal: dict[str, list[Finding]] = {}
        crashed: set[str] = set()  # a broken rule is reported once, not per kind of line
        # a line condemned by several rules is described once: (text, cells, subject)
        described: dict[tuple, tuple[str, tuple, str]] = {}
        ctx = self._ctx
        for record in ("income", "expenditure"):
            grouped = groups[record]
            derived: dict[tuple[str, ...], list[Any]] = {}  # per line: keys like "<0"
            # The widest keys first, so that narrower ones are read off their few values.
            wanted = {r.fields for r in self._line_rules if record in r.records}
            coded = grouped.columnar  # LineColumns: derived keys are columns too
            for fields in sorted(wanted, key=len, reverse=True):
                if coded or not any(f in DERIVED_KEYS for f in fields):
                    grouped.distinct(fields)
            amounts: list[int] | None = None
            for rule in self._line_rules:
                if record not in rule.records or rule.id in crashed:
                    continue
                fields = rule.fields
                values = None
                if not coded and any(f in DERIVED_KEYS for f in fields):
                    values = derived.get(fields)
                    if values is None:
                        by_amount = AMOUNT_KEYS.get(fields[0]) if len(fields) == 1 else None
                        if by_amount is None:
                            values = list(map(_key_getter(fields), grouped.lines))
                        else:
                            if amounts is None:
                                amounts = list(map(AMOUNT, grouped.lines))
                            values = list(map(by_amount, amounts))
                        derived[fields] = values
                    keys = set(values)
                else:
                    keys = grouped.distinct(fields)
                try:
                    if rule.narrow is not None:
                        field, may = rule.narrow(ctx)
                        at = itemgetter(fields.index(field)) if len(fields) > 1 else None
                        if at is not None:
                            keys = set(compress(keys, map(may.__contains__, map(at, keys))))
                    bad = {k: r for k in keys if (r := rule.check(ctx, k))}
                except Exception as exc:  # noqa: BLE001 - a crashing rule becomes a finding
                    self._line_internal[rule.id] = [_internal(rule, exc)]
                    crashed.add(rule.id)
                    continue
                if not bad:
                    continue
                if values is None:
                    pairs: Iterable[tuple[Any, str]] = grouped.condemned(fields, bad)
                else:
                    pairs = (
                        (ln, bad[v])
                        for ln, v in zip(grouped.lines, values, strict=True)
                        if v in bad
                    )
                hits = self._line_hits[rule.id]
                rule_id, severity = rule.id, self._severity[rule.id]
                for line, reason in pairs:
                    place = (record != "income", line.key)  # _place
                    found = described.get(place)
                    if found is None:
                        key = line.key
                        found = described[place] = (
                            describe(ctx, line),
                            (line_cell(record, key),),
                            f"{record}:{key}",
                        )
                    text, cells, subject = found  # as _line_finding makes them
                    hits.setdefault(place, []).append(
                        Finding(rule_id, severity, f"{text}：{reason}", cells, subject)
                    )
        for rule_id, hits in self._line_hits.items():
            self._line_order[rule_id] = sorted(hits)

    def _forget_line(self, record: str, line: IncomeLine | ExpenditureLine) -> None:
        place = _place(record, line)
        for rule in self._line_rules:
            hits = self._line_hits[rule.id]
            if hits.pop(place, None) is not None:
                order = self._line_order[rule.id]
                del order[bisect_left(order, place)]
                self._line_out.pop(rule.id, None)

    def _check_line(self, record: str, line: IncomeLine | ExpenditureLine) -> None:
        place = _place(record, line)
        for rule in self._line_rules:
            if record in rule.records:
                try:
                    reason = rule.check(self._ctx, _key_getter(rule.fields)(line))
                except Exception as exc:  # noqa: BLE001
                    self._add_line_hit(rule.id, place, _internal(rule, exc))
                    continue
                if reason:
                    self._add_line_hit(
                        rule.id, place, self._line_finding(rule, record, line, reason)
                    )

    def _add_line_hit(self, rule_id: str, place: tuple, finding: Finding) -> None:
        hits = self._line_hits[rule_id]
        found = hits.get(place)
        if found is None:
            hits[place] = [finding]
            insort(self._line_order[rule_id], place)
        else:
            found.append(finding)
        self._line_out.pop(rule_id, None)

    def _line_finding(self, rule: Rule, record: str, line: Any, reason: str) -> Finding:
        return Finding(
            rule.id,
            self._severity[rule.id],
            f"{describe(self._ctx, line)}：{reason}",
            (line_cell(record, line.key),),
            f"{record}:{line.key}",
        )

    def _line_rule_findings(self, rule_id: str) -> list[Finding]:
        found = self._line_out.get(rule_id)
        if found is None:
            hits = self._line_hits[rule_id]
            found = self._line_out[rule_id] = [
                *self._line_internal.get(rule_id, ()),
                *chain.from_iterable(map(hits.__getitem__, self._line_order[rule_id])),
            ]
        return found

    def _apply(self, rule: Rule, fn: Callable[..., Iterable[Hit]], *args: Any) -> list[Finding]:
        severity = self._severity[rule.id]
        try:
            return [Finding(rule.id, severity, h.message, h.cells, h.subject) for h in fn(*args)]
        except Exception as exc:  # noqa: BLE001 - a crashing rule becomes a finding
            return [_internal(rule, exc)]

    def _run(self) -> None:
        ctx = self._ctx
        # The tables whose result changed since the last run: table rules on other tables keep
        # their findings.
        results: dict[int, Any] = {}
        failed: dict[int, Exception] = {}
        for n in self._table_numbers:
            try:
                results[n] = self.rollup.result(n)
            except Exception as exc:  # noqa: BLE001 - the rules on it report it
                failed[n] = exc
        seen = self._seen
        changed = {n for n, result in results.items() if seen.get(n) is not result}
        self._seen = results
        # Per rule its findings, kept as the rule's own list: no pass over every finding here
        # (a large department has tens of thousands); `findings` joins them when asked.
        parts: list[list[Finding]] = []
        append = parts.append
        for rule in self.rules:
            if rule.scope == "line":
                append(self._line_rule_findings(rule.id))
            elif rule.scope == "tables":
                append(self._run_table_rule(rule, ctx, changed, failed))
            elif rule.keyed is not None:
                append(self._run_keyed(rule, ctx))
            else:
                cached = self._ledger_cache.get(rule.id)
                if cached is None:
                    cached = self._ledger_cache[rule.id] = self._apply(rule, rule.check, ctx)
                append(cached)
        if parts != self._parts:  # identical lists compare at once
            self._parts, self._flat = parts, None
        for listener in list(self._listeners):
            listener(self.findings)

    def _run_keyed(self, rule: Rule, ctx: CheckContext) -> list[Finding]:
        """A keyed ledger rule: every key after a full refresh or an edit it cannot follow,
        else only the keys the edits touched."""
        keyed = rule.keyed
        assert keyed is not None
        state = self._keyed.get(rule.id)
        try:
            dirty: Iterable[Any] = ()
            if state is not None:
                dirty, state.dirty = state.dirty, set()
                if not all(map(state.position.__contains__, dirty)):
                    state = None  # a key not seen before: judge them all again
            if state is None:
                state = _KeyedState(keyed, list(keyed.keys(ctx)))
                dirty = state.position
            severity = self._severity[rule.id]
            for key in dirty:
                hits = [
                    Finding(rule.id, severity, h.message, h.cells, h.subject)
                    for h in keyed.check(ctx, key)
                ]
                state.put(ctx, key, hits)
        except Exception as exc:  # noqa: BLE001 - a crashing rule becomes a finding
            self._keyed.pop(rule.id, None)
            return [_internal(rule, exc)]
        self._keyed[rule.id] = state
        if state.out is None:
            found = state.found
            state.out = list(chain.from_iterable(found[k][1] for _, k in state.entries))
        return state.out

    def _run_table_rule(
        self, rule: Rule, ctx: CheckContext, changed: set[int], failed: dict[int, Exception]
    ) -> list[Finding]:
        for n in rule.tables:
            if n in failed:
                self._table_cache.pop(rule.id, None)
                return self._apply(rule, _raise, failed[n])
        cached = self._table_cache.get(rule.id)
        if cached is not None and changed.isdisjoint(rule.tables):
            return cached[1]
        severity = self._severity[rule.id]
        try:
            hits = list(rule.check(ctx))
        except Exception as exc:  # noqa: BLE001 - a crashing rule becomes a finding
            found = [_internal(rule, exc)]
            self._table_cache[rule.id] = ((), found)
            return found
        # Rules hand out the same Hit for a verdict an edit did not change: keep its Finding.
        if cached is not None and cached[0]:
            if len(cached[0]) == len(hits) and all(map(is_, cached[0], hits)):
                return cached[1]
            kept = {id(h): f for h, f in zip(cached[0], cached[1], strict=True)}
            found = [
                kept.get(id(h)) or Finding(rule.id, severity, h.message, h.cells, h.subject)
                for h in hits
            ]
        else:
            found = [Finding(rule.id, severity, h.message, h.cells, h.subject) for h in hits]
        self._table_cache[rule.id] = (hits, found)
        return found


class _KeyedState:
    """A keyed rule's verdicts: its keys' positions, the findings of each key that has any (kept in
    order), and the keys edits touched since it last ran."""

    def __init__(self, keyed: Keyed, keys: list[Any]) -> None:
        self.keyed = keyed
        self.position = {k: i for i, k in enumerate(keys)}
        self.found: dict[Any, tuple[Any, list[Finding]]] = {}  # key -> (place, findings)
        self.entries: list[tuple[Any, Any]] = []  # (place, key) of `found`, sorted
        self.dirty: set[Any] = set()
        self.out: list[Finding] | None = None
        # keys with other than one finding: while there are none, a key's finding stands in `out`
        # where the key stands in `entries`, and a changed verdict is spliced in (into a new
        # list: followers compare by identity) instead of joining every key's findings again
        self.uneven = 0

    def put(self, ctx: CheckContext, key: Any, findings: list[Finding]) -> None:
        old = self.found.get(key)
        if old is not None and old[1] == findings and self.keyed.order is None:
            return  # the same verdict: the listing stays as it is
        old = self.found.pop(key, None)
        if old is not None:
            at = bisect_left(self.entries, (old[0], key))
            del self.entries[at]
            out, even = self.out, not self.uneven
            self.uneven -= len(old[1]) != 1
            self.out = out[:at] + out[at + 1 :] if out is not None and even else None
        if findings:
            order = self.keyed.order
            place = order(ctx, key) if order is not None else self.position[key]
            self.found[key] = (place, findings)
            at = bisect_left(self.entries, (place, key))
            self.entries.insert(at, (place, key))
            self.uneven += len(findings) != 1
            out = self.out
            self.out = (
                out[:at] + findings + out[at:] if out is not None and not self.uneven else None
            )

    def touch(self, changes: list[Change], inputs: tuple[type, ...]) -> bool:
        """Note the keys `changes` touch; False when one is an edit the rule cannot follow."""
        for change in changes:
            if inputs and change.record_type not in inputs:
                continue
            if change.record_type not in self.keyed.lines:
                return False
            for record in (change.before, change.after):
                if record is not None:
                    self.dirty.update(self.keyed.touched(record))
        return True


def _record(line: IncomeLine | ExpenditureLine) -> str:
    return "income" if isinstance(line, IncomeLine) else "expenditure"


def _place(record: str, line: IncomeLine | ExpenditureLine) -> tuple:
    """Where a line's findings stand within a rule's: income lines first, then by line key."""
    return (record != "income", line.key)


def _internal(rule: Rule, exc: Exception) -> Finding:
    return Finding(
        INTERNAL,
        ERROR,
        f"审核规则“{rule.id}”（{rule.description}）运行出错，未能完成检查：{exc!r}。"
        "请将此信息报告给软件维护人员。",
        (),
        rule.id,
    )


@contextmanager
def _paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _key_getter(fields: tuple[str, ...]) -> Callable[[Any], Any]:
    if len(fields) == 1 and fields[0] in DERIVED_KEYS:
        return DERIVED_KEYS[fields[0]]
    return attrgetter(*fields)


def _raise(exc: Exception) -> Iterable[Hit]:
    raise exc
