"""Forms as data: read a table set's forms.json, validate it, and print its forms from a ledger.

A forms file describes each cell-addressed form (the performance-target tables) as a list of
cells placed row by row: fixed labels and headers, value cells bound to a record and field,
`next` to start a row, and `repeat` blocks (one row per indicator, task, cost item, special fund
or direction) whose 一级/二级 names can merge over runs of equal text. The format is documented in
docs/PACKS_FORMS.md. `load_forms` turns a file into the `FormSpec`s every renderer consumes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.packs.forms_check import (
    FORMAT,
    PLACEHOLDER,
    Cell,
    Checker,
    CompiledForm,
    FormsError,
    Next,
    Repeat,
    json_reason,
)
from desktop.packs.forms_fields import AMOUNT, RECORDS, FormsData, LedgerData, ProbeData
from desktop.tables.forms_core import (
    HEADER,
    LABEL,
    VALUE,
    FormCell,
    FormResult,
    FormSpec,
    amount_text,
)

if TYPE_CHECKING:
    from desktop.ledger import Ledger

__all__ = ["FORMAT", "FormsError", "load_forms"]

_MAX_PROBLEMS = 20
# Collection sizes the layout check prints with: empty, and two mixes of lengths.
_PROBES: tuple[dict[str, int], ...] = (
    {},
    {"tasks": 2, "special_funds": 2, "indicators": 3, "cost_items": 1, "directions": 2},
    {"tasks": 1, "special_funds": 1, "indicators": 1, "cost_items": 3, "directions": 3},
)


# -- loading ---------------------------------------------------------------------------------------


def load_forms(path: Path, source: str = "") -> tuple[FormSpec, ...]:
    """The form specs of the forms file at `path`, in printing order.

    `source` names where the file belongs (e.g. the table set's id) in messages. Raises
    FormsError listing every problem found (file, place in it, what was expected); nothing is
    loaded from a file with a problem.
    """
    where = f"表单文件 {path}" + (f"（{source}）" if source else "")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FormsError(f"{where} 不是 UTF-8 编码的文本，无法读取。") from exc
    except OSError as exc:
        raise FormsError(f"{where} 无法读取：{exc.strerror or exc}。") from exc
    checker = Checker()

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:  # json would keep the last silently: a typo would lose a cell
                checker.bad("（文件）", f"同一对象中键“{key}”出现了两次；请删去或合并其一。")
            seen.add(key)
        return dict(pairs)

    try:
        data = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise FormsError(
            f"{where} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{json_reason(exc)}。"
        ) from exc
    layout, forms = checker.document(data)
    if not checker.problems:
        for form in forms:
            _check_layout(form, checker)
    if checker.problems:
        shown = checker.problems[:_MAX_PROBLEMS]
        more = len(checker.problems) - len(shown)
        lines = [f"{where} 有 {len(checker.problems)} 处错误，未载入："]
        lines += [f"  {p}" for p in shown]
        if more:
            lines.append(f"  （另有 {more} 处未列出）")
        raise FormsError("\n".join(lines))
    return tuple(_spec(form, layout) for form in forms)


def _check_layout(form: CompiledForm, checker: Checker) -> None:
    """Lay the form out with invented records; report cells outside it, on each other, or holes."""
    columns = len(form.widths)
    for counts in _PROBES:
        builder = _Builder(form, ProbeData(counts), subject="")
        builder.build()
        taken: dict[tuple[int, int], str] = {}
        for cell, path in zip(builder.cells, builder.paths, strict=True):
            if cell.col + cell.colspan > columns:
                checker.bad(
                    path,
                    f"占到第 {cell.col + cell.colspan} 列，超出表宽（widths 共 {columns} 列）。",
                )
                return
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if (r, c) in taken:
                        checker.bad(
                            path,
                            f"合并区域与 {taken[(r, c)]} 重叠（第 {r + 1} 行第 {c + 1} 列）；"
                            "单元格不能相互覆盖，请检查 rowspan、colspan 和 next。",
                        )
                        return
                    taken[(r, c)] = path
        rows = max((r for r, _ in taken), default=-1) + 1
        holes = [(r, c) for r in range(rows) for c in range(columns) if (r, c) not in taken]
        if holes:
            r, c = holes[0]
            checker.bad(
                f"{form.path}.cells",
                f"第 {r + 1} 行第 {c + 1} 列没有单元格；表格的每一格都应由一个单元格占据"
                '（空白格写 {"col": …, "text": ""}），请检查 rowspan、colspan 和 next。',
            )
            return


# -- building forms from data ----------------------------------------------------------------------


def _spec(form: CompiledForm, layout: str) -> FormSpec:
    """A FormSpec whose build prints `form` from a ledger."""
    holder: list[FormSpec] = []

    def build(ledger: Ledger) -> list[FormResult]:
        return _build_forms(holder[0], form, LedgerData(ledger))

    spec = FormSpec(
        form.number,
        form.key,
        form.title,
        layout,
        form.orientation,
        form.unit_label,
        form.note,
        build,
    )
    holder.append(spec)
    return spec


def _build_forms(spec: FormSpec, form: CompiledForm, data: FormsData) -> list[FormResult]:
    if form.only_if and not data.items(form.only_if, {}, ""):
        return []
    if form.each == "department":
        return [_Builder(form, data, "").result(spec, "", {})]
    out = []
    for project in data.projects():
        scope = {"project": project, "fund": data.fund_of(project)}
        out.append(_Builder(form, data, project.code, scope).result(spec, project.code, scope))
    return out


class _Builder:
    """Places the cells of one form: a row pointer moved by `next`, repeats run per item."""

    def __init__(
        self, form: CompiledForm, data: FormsData, subject: str, scope: dict | None = None
    ) -> None:
        self.form = form
        self.data = data
        self.subject = subject
        self.scope = scope or {}
        self.cells: list[FormCell] = []
        self.paths: list[str] = []
        self.row = 0

    def build(self) -> None:
        if not self.scope and self.form.each == "project":  # a probe of a per-project form
            project = self.data.projects()[0]
            self.scope = {"project": project, "fund": self.data.fund_of(project)}
        self.run(self.form.body, self.scope, 0)

    def result(self, spec: FormSpec, subject: str, scope: dict) -> FormResult:
        self.build()
        total = sum(self.form.widths)
        widths = tuple(round(w / total, 4) for w in self.form.widths)
        rows = max((c.row + c.rowspan for c in self.cells), default=0)
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        title = PLACEHOLDER.sub(lambda m: self.text_of(m[1], m[2], scope), self.form.form_title)
        return FormResult(spec, subject, title, rows, len(widths), cells, widths)

    def record(self, name: str, scope: dict) -> Any:
        if name in scope:
            return scope[name]
        if name == "department":
            return self.data.department()
        if name == "department_target":
            return self.data.target()
        if name == "budget":
            return self.data.budget()
        if name == "evaluation":  # the 绩效自评 of the form's subject
            return self.data.evaluation(self.subject)
        return None

    def text_of(self, record: str, field: str, scope: dict) -> str:
        rec = self.record(record, scope)
        return "" if rec is None else str(RECORDS[record][field].get(rec, self.data))

    def items(self, collection: str, scope: dict) -> list:
        return self.data.items(collection, scope, self.subject)

    def run(self, body: tuple, scope: dict, index: int) -> None:
        for item in body:
            if isinstance(item, Next):
                self.row += item.rows
            elif isinstance(item, Repeat):
                self.repeat(item, scope)
            else:
                self.cells.append(self.cell(item, scope, index))
                self.paths.append(item.path)

    def repeat(self, rep: Repeat, scope: dict) -> None:
        items = self.items(rep.collection, scope)
        starts: list[int] = []
        merged: list[tuple[int, int, int]] = []  # (level, item index, position in self.cells)
        levels = {c.path: c.merge_level for c in rep.body if isinstance(c, Cell)}
        levels = {path: level for path, level in levels.items() if level >= 0}
        for n, item in enumerate(items):
            starts.append(self.row)
            first = len(self.cells)
            self.run(rep.body, {**scope, rep.item: item}, n + 1)
            for pos in range(first, len(self.cells)) if levels else ():
                level = levels.get(self.paths[pos], -1)
                if level >= 0:
                    merged.append((level, n, pos))
        if merged:
            self._merge(rep, items, starts, merged)

    def _merge(
        self, rep: Repeat, items: list, starts: list[int], merged: list[tuple[int, int, int]]
    ) -> None:
        """Merge each merged field over runs of items equal in it and every field before it."""
        fields = RECORDS[rep.item]
        keys = [tuple(fields[f].get(it, self.data) for f in rep.merge) for it in items]
        ends = starts[1:] + [self.row]
        drop: set[int] = set()
        for level, n, pos in merged:
            key = keys[n][: level + 1]
            if n > 0 and keys[n - 1][: level + 1] == key:
                drop.add(pos)
                continue
            last = n
            while last + 1 < len(items) and keys[last + 1][: level + 1] == key:
                last += 1
            cell = self.cells[pos]
            self.cells[pos] = replace(cell, rowspan=ends[last] - cell.row)
        keep = [i for i in range(len(self.cells)) if i not in drop]
        self.cells = [self.cells[i] for i in keep]
        self.paths = [self.paths[i] for i in keep]

    def cell(self, c: Cell, scope: dict, index: int) -> FormCell:
        rowspan = c.rowspan
        if c.rowspan_plus:
            rowspan += len(self.items(c.rowspan_plus, scope))
        if c.role in (LABEL, HEADER):
            return FormCell(
                self.row, c.col, c.text, rowspan, c.colspan, c.role, align=c.align or "center"
            )
        if c.ordinal or not c.fields:
            text = _ordinal(index, c.ordinal) if c.ordinal else c.text
            return FormCell(
                self.row, c.col, text, rowspan, c.colspan, VALUE, align=c.align or "left"
            )
        fields = RECORDS[c.record]
        if c.sum:
            recs = self.items(c.sum, scope)
            fen = sum(fields[f].get(r, self.data) for r in recs for f in c.fields)
            return self._amount(c, rowspan, fen, None, "")
        rec = self.record(c.record, scope)
        if rec is None:  # e.g. the special fund of a project that belongs to none
            return FormCell(self.row, c.col, "", rowspan, c.colspan, VALUE, align=c.align or "left")
        first = fields[c.fields[0]]
        source = None if first.cell_field is None else rec
        if first.kind == AMOUNT:
            fen = sum(fields[f].get(rec, self.data) for f in c.fields)
            return self._amount(c, rowspan, fen, source, first.cell_field or "")
        text = str(first.get(rec, self.data))
        return FormCell(
            self.row,
            c.col,
            text,
            rowspan,
            c.colspan,
            VALUE,
            None,
            c.align or "left",
            source,
            first.cell_field or "",
        )

    def _amount(self, c: Cell, rowspan: int, fen: int, source: Any, field: str) -> FormCell:
        """A money cell: 万元 with two decimals; a zero prints as the form says."""
        zero = self.form.zero if c.zero is None else c.zero
        align = c.align or ("left" if c.prefix else "right")
        text = c.prefix + amount_text(fen, zero)
        return FormCell(self.row, c.col, text, rowspan, c.colspan, VALUE, fen, align, source, field)


_CHINESE = "一二三四五六七八九十"


def _ordinal(n: int, style: str) -> str:
    """digits: 1, 2 …; chinese: 一, 二, … 十, 十一 … 九十九 (funds in Chinese, directions in digits)."""
    if style != "chinese":
        return str(n)
    if n <= 10:
        return _CHINESE[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CHINESE[tens - 1] + "十"
    return head + (_CHINESE[ones - 1] if ones else "")
