"""Forms as data: read a table set's forms.json, validate it, and print its forms from a ledger.

A forms file describes each cell-addressed form (the performance-target tables) as a list of
cells placed row by row: fixed labels and headers, value cells bound to a record and field,
`next` to start a row, and `repeat` blocks (one row per indicator, task, cost item, special fund
or direction) whose 一级/二级 names can merge over runs of equal text. The format is documented in
docs/PACKS_FORMS.md. `load_forms` turns a file into the `FormSpec`s every renderer consumes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.errors import BudgetError
from desktop.packs.forms_fields import (
    AMOUNT,
    COLLECTIONS,
    EACH,
    GLOBAL_RECORDS,
    RECORDS,
    FormsData,
    LedgerData,
    ProbeData,
)
from desktop.tables.forms_core import (
    EMPTY_NOTE,
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

FORMAT = 1
_MAX_PROBLEMS = 20
_ALIGNS = ("left", "center", "right")
_ORDINALS = ("chinese", "digits")
_ONLY_IF = ("tasks", "special_funds")  # collections of the whole department
_PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")
_ROWSPAN = re.compile(r"^\s*(\d+)\s*\+\s*(\w+)\s*$")
# Cells are told apart by the one key naming what they print.
_KINDS = ("label", "header", "headers", "text", "field", "ordinal", "next", "repeat")
_PLACE_KEYS = {"col", "colspan", "rowspan", "align"}
_KEYS = {
    "label": _PLACE_KEYS | {"label"},
    "header": _PLACE_KEYS | {"header"},
    "headers": {"col", "headers"},
    "text": _PLACE_KEYS | {"text"},
    "field": _PLACE_KEYS | {"record", "field", "sum", "zero", "prefix"},
    "ordinal": _PLACE_KEYS | {"ordinal"},
    "next": {"next"},
    "repeat": {"repeat", "merge", "cells"},
}
_FORM_KEYS = {
    "number",
    "key",
    "title",
    "each",
    "only_if",
    "form_title",
    "orientation",
    "unit_label",
    "note",
    "zero",
    "widths",
    "cells",
    "about",
}
_TOP_KEYS = {"format", "layout", "about", "forms"}
# Collection sizes the layout check prints with: empty, and two mixes of lengths.
_PROBES = (
    {},
    {"tasks": 2, "special_funds": 2, "indicators": 3, "cost_items": 1, "directions": 2},
    {"tasks": 1, "special_funds": 1, "indicators": 1, "cost_items": 3, "directions": 3},
)


class FormsError(BudgetError):
    """A forms file that cannot be used; the message names the file and the place in it."""


# -- the compiled form -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    path: str
    col: int
    role: str
    colspan: int = 1
    rowspan: int = 1
    rowspan_plus: str = ""  # a collection whose length is added to rowspan
    align: str = ""  # "" the role's default
    text: str = ""  # label, header or fixed text
    record: str = ""
    fields: tuple[str, ...] = ()  # several amount fields print their sum
    sum: str = ""  # a collection whose items' field is summed
    zero: str | None = None  # None: the form's zero text
    prefix: str = ""
    ordinal: str = ""
    merge_level: int = -1  # index in the enclosing repeat's `merge`, -1 if not merged


@dataclass(frozen=True)
class _Next:
    rows: int


@dataclass(frozen=True)
class _Repeat:
    path: str
    collection: str
    item: str  # the record each item is
    merge: tuple[str, ...]
    body: tuple[_Cell | _Next | _Repeat, ...]


@dataclass(frozen=True)
class _Form:
    path: str
    number: int | None
    key: str
    title: str
    each: str
    only_if: str
    form_title: str
    orientation: str
    unit_label: str
    note: str
    zero: str
    widths: tuple[float, ...]
    body: tuple[_Cell | _Next | _Repeat, ...]


# -- loading and validation ------------------------------------------------------------------------


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
    checker = _Checker()

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
            f"{where} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{_json_reason(exc)}。"
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


def _json_reason(exc: json.JSONDecodeError) -> str:
    reasons = {
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting value": "此处应为一个值",
        "Expecting property name enclosed in double quotes": "此处应为双引号括起的键名",
        "Unterminated string starting at": "字符串缺少结尾的引号",
        "Extra data": "JSON 结束后还有多余内容",
    }
    return reasons.get(exc.msg, f"语法错误（{exc.msg}）")


class _Checker:
    """Validates the JSON structure and compiles it; problems are collected, not raised."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, path: str, message: str) -> None:
        self.problems.append(f"{path}：{message}")

    def _keys(self, obj: dict, allowed: set[str], path: str) -> None:
        for key in obj:
            if key not in allowed:
                expected = "、".join(sorted(allowed))
                self.bad(f"{path}.{key}", f"不认识的键“{key}”；此处可用的键：{expected}。")

    def document(self, data: Any) -> tuple[str, list[_Form]]:
        if not isinstance(data, dict):
            self.bad("（文件）", "应为一个 JSON 对象，含 format、layout、forms。")
            return "", []
        self._keys(data, _TOP_KEYS, "（文件）")
        if data.get("format") != FORMAT:
            self.bad(
                "format", f"应为 {FORMAT}（本程序读的表单格式版本），实为 {data.get('format')!r}。"
            )
        layout = data.get("layout")
        if not isinstance(layout, str) or not layout.strip():
            self.bad("layout", "应为表式标识（非空文字），例如 “hunan”。")
            layout = ""
        forms = data.get("forms")
        if not isinstance(forms, list) or not forms:
            self.bad("forms", "应为至少含一张表的列表。")
            return layout, []
        out = []
        numbers: dict[int, int] = {}
        keys: dict[str, int] = {}
        for i, raw in enumerate(forms):
            form = self.form(raw, f"forms[{i}]")
            if form is None:
                continue
            if form.number is not None:
                if form.number in numbers:
                    self.bad(
                        f"forms[{i}].number",
                        f"表号 {form.number} 与 forms[{numbers[form.number]}] 重复；表号应唯一。",
                    )
                numbers.setdefault(form.number, i)
            if form.key in keys:
                self.bad(f"forms[{i}].key", f"标识“{form.key}”与 forms[{keys[form.key]}] 重复。")
            keys.setdefault(form.key, i)
            out.append(form)
        return layout, out

    def form(self, raw: Any, path: str) -> _Form | None:
        if not isinstance(raw, dict):
            self.bad(path, "应为一个对象（一张表）。")
            return None
        self._keys(raw, _FORM_KEYS, path)
        number = raw.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            self.bad(f"{path}.number", f"表号应为正整数或不写，实为 {number!r}。")
            number = None
        key = self._text(raw, "key", path, required=True)
        title = self._text(raw, "title", path, required=True)
        each = raw.get("each", "department")
        if each not in EACH:
            self.bad(f"{path}.each", f"应为 {'、'.join(EACH)} 之一，实为 {each!r}。")
            each = "department"
        records = set(GLOBAL_RECORDS) | set(EACH[each])
        scope = _Scope(records, each if each != "department" else "")
        only_if = raw.get("only_if", "")
        if only_if and only_if not in _ONLY_IF:
            self.bad(
                f"{path}.only_if", f"应为 {'、'.join(_ONLY_IF)} 之一（该集合为空时不出这张表）。"
            )
            only_if = ""
        form_title = self._text(raw, "form_title", path, required=True)
        for match in _PLACEHOLDER.finditer(form_title):
            self._field(match[1], match[2], scope, f"{path}.form_title", f"“{match[0]}”中")
        leftover = _PLACEHOLDER.sub("", form_title)
        if "{" in leftover or "}" in leftover:
            self.bad(f"{path}.form_title", "花括号只能写 {记录.字段}，例如 {project.name}。")
        orientation = raw.get("orientation", "portrait")
        if orientation not in ("portrait", "landscape"):
            self.bad(f"{path}.orientation", f"应为 portrait 或 landscape，实为 {orientation!r}。")
        widths = raw.get("widths")
        if (
            not isinstance(widths, list)
            or not widths
            or not all(_number(w) and w > 0 for w in widths)
        ):
            self.bad(f"{path}.widths", "应为各列的相对宽度（正数）列表，列数即其个数。")
            widths = [1]
        zero = raw.get("zero", "0.00")
        if not isinstance(zero, str):
            self.bad(f"{path}.zero", "应为金额为零时印的文字，例如 “0.00”“/”或 “”。")
            zero = "0.00"
        cells = raw.get("cells")
        if not isinstance(cells, list):
            self.bad(f"{path}.cells", "应为单元格列表。")
            cells = []
        body = self.items(cells, f"{path}.cells", scope, None)
        return _Form(
            path,
            number,
            key,
            title,
            each,
            only_if if isinstance(only_if, str) else "",
            form_title,
            orientation,
            str(raw.get("unit_label", "金额单位：万元")),
            str(raw.get("note", EMPTY_NOTE)),
            zero,
            tuple(float(w) for w in widths),
            body,
        )

    def _text(self, raw: dict, key: str, path: str, required: bool = False) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.bad(f"{path}.{key}", "应为非空文字。" if required else "应为文字。")
            return ""
        return value

    def items(
        self, raw: list, path: str, scope: _Scope, repeat: tuple[str, tuple[str, ...]] | None
    ) -> tuple[_Cell | _Next | _Repeat, ...]:
        out: list[_Cell | _Next | _Repeat] = []
        for j, item in enumerate(raw):
            out.extend(self.item(item, f"{path}[{j}]", scope, repeat))
        return tuple(out)

    def item(
        self, raw: Any, path: str, scope: _Scope, repeat: tuple[str, tuple[str, ...]] | None
    ) -> list[_Cell | _Next | _Repeat]:
        if not isinstance(raw, dict):
            self.bad(path, "应为一个对象（一个单元格、next 或 repeat）。")
            return []
        kinds = [k for k in _KINDS if k in raw]
        if len(kinds) != 1:
            found = "、".join(kinds) if kinds else "都没有"
            self.bad(
                path,
                f"应恰好含 label、header、headers、text、field、ordinal、next、repeat 之一，"
                f"实为：{found}。",
            )
            return []
        kind = kinds[0]
        self._keys(raw, _KEYS[kind], path)
        if kind == "next":
            rows = raw["next"]
            if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
                self.bad(f"{path}.next", "应为前进的行数（正整数）。")
                return []
            return [_Next(rows)]
        if kind == "repeat":
            return self.repeat(raw, path, scope)
        col = raw.get("col")
        if isinstance(col, bool) or not isinstance(col, int) or col < 0:
            self.bad(f"{path}.col", "应为列号（从 0 起的整数）。")
            col = 0
        if kind == "headers":
            texts = raw["headers"]
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                self.bad(f"{path}.headers", "应为列标题文字的列表。")
                return []
            return [
                _Cell(f"{path}.headers[{k}]", col + k, HEADER, text=t) for k, t in enumerate(texts)
            ]
        place = self.place(raw, path, scope)
        if kind in ("label", "header", "text"):
            text = raw[kind]
            if not isinstance(text, str):
                self.bad(f"{path}.{kind}", "应为文字。")
                text = ""
            role = {"label": LABEL, "header": HEADER, "text": VALUE}[kind]
            return [_Cell(path, col, role, text=text, **place)]
        if kind == "ordinal":
            if raw["ordinal"] not in _ORDINALS:
                self.bad(f"{path}.ordinal", "应为 chinese（一、二…）或 digits（1、2…）。")
            if repeat is None:
                self.bad(f"{path}.ordinal", "序号只能写在 repeat 之中。")
            return [_Cell(path, col, VALUE, ordinal=str(raw["ordinal"]), **place)]
        return [self.value(raw, path, col, place, scope, repeat)]

    def place(self, raw: dict, path: str, scope: _Scope) -> dict:
        out: dict[str, Any] = {}
        colspan = raw.get("colspan", 1)
        if isinstance(colspan, bool) or not isinstance(colspan, int) or colspan < 1:
            self.bad(f"{path}.colspan", "应为跨的列数（正整数）。")
            colspan = 1
        out["colspan"] = colspan
        rowspan = raw.get("rowspan", 1)
        if isinstance(rowspan, str) and (match := _ROWSPAN.match(rowspan)):
            if int(match[1]) < 1:
                self.bad(f"{path}.rowspan", "“N+集合”中的 N 应至少为 1。")
            self._collection(match[2], scope, f"{path}.rowspan")
            out["rowspan"], out["rowspan_plus"] = max(1, int(match[1])), match[2]
        elif isinstance(rowspan, bool) or not isinstance(rowspan, int) or rowspan < 1:
            self.bad(
                f"{path}.rowspan",
                "应为跨的行数（正整数），或“N+集合”（如 “1+indicators”：N 行加集合的条数）。",
            )
        else:
            out["rowspan"] = rowspan
        align = raw.get("align", "")
        if align and align not in _ALIGNS:
            self.bad(f"{path}.align", f"应为 left、center 或 right，实为 {align!r}。")
            align = ""
        out["align"] = align
        return out

    def value(
        self,
        raw: dict,
        path: str,
        col: int,
        place: dict,
        scope: _Scope,
        repeat: tuple[str, tuple[str, ...]] | None,
    ) -> _Cell:
        fields = raw["field"]
        names = [fields] if isinstance(fields, str) else fields
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            self.bad(f"{path}.field", "应为字段名，或（相加的金额）字段名列表。")
            names = []
        extra: dict[str, Any] = {}
        for key in ("zero", "prefix"):
            if key in raw:
                if not isinstance(raw[key], str):
                    self.bad(f"{path}.{key}", "应为文字。")
                else:
                    extra[key] = raw[key]
        total = raw.get("sum", "")
        if total:
            if "record" in raw:
                self.bad(f"{path}.record", "sum 求和的是集合各条的字段，不再写 record。")
            record = self._collection(total, scope, f"{path}.sum")
            if record is None:
                return _Cell(path, col, VALUE, **place)
            kinds = [self._field(record, n, scope, f"{path}.field", in_scope=False) for n in names]
            if any(k is not None and k != AMOUNT for k in kinds):
                self.bad(f"{path}.field", "sum 只能对金额字段求和。")
            return _Cell(
                path, col, VALUE, sum=total, record=record, fields=tuple(names), **place, **extra
            )
        record = raw.get("record") or scope.default
        if not record:
            self.bad(f"{path}.record", "应写明单元格取自哪个记录（如 department、budget）。")
            return _Cell(path, col, VALUE, **place)
        kinds = [self._field(record, n, scope, f"{path}.field") for n in names]
        if len(names) > 1 and any(k is not None and k != AMOUNT for k in kinds):
            self.bad(f"{path}.field", "只有金额字段可以写成列表（印它们的和）。")
        if ("zero" in extra or "prefix" in extra) and any(k not in (AMOUNT, None) for k in kinds):
            self.bad(path, "zero、prefix 只用于金额字段。")
        merge_level = -1
        if repeat is not None and record == repeat[0] and len(names) == 1:
            merge_level = repeat[1].index(names[0]) if names[0] in repeat[1] else -1
        return _Cell(
            path,
            col,
            VALUE,
            record=record,
            fields=tuple(names),
            merge_level=merge_level,
            **place,
            **extra,
        )

    def repeat(self, raw: dict, path: str, scope: _Scope) -> list[_Cell | _Next | _Repeat]:
        collection = raw["repeat"]
        record = self._collection(collection, scope, f"{path}.repeat")
        merge = raw.get("merge", [])
        if not isinstance(merge, list) or not all(isinstance(m, str) for m in merge):
            self.bad(f"{path}.merge", '应为要合并相同名称的字段列表，例如 ["level1", "level2"]。')
            merge = []
        if record is None:
            return []
        for k, name in enumerate(merge):
            if name not in RECORDS[record]:
                self.bad(
                    f"{path}.merge[{k}]",
                    f"记录“{record}”没有字段“{name}”；可用的字段：{'、'.join(RECORDS[record])}。",
                )
        cells = raw.get("cells")
        if not isinstance(cells, list) or not cells:
            self.bad(f"{path}.cells", '应为每一条所印单元格的列表（通常以 {"next": 1} 结束）。')
            return []
        inner = scope.enter(record)
        body = self.items(cells, f"{path}.cells", inner, (record, tuple(merge)))
        if not any(isinstance(b, _Next) for b in body):
            self.bad(f"{path}.cells", '每一条应至少前进一行：请以 {"next": 1} 结束。')
        return [_Repeat(path, collection, record, tuple(merge), body)]

    def _collection(self, name: Any, scope: _Scope, path: str) -> str | None:
        """The record of collection `name`, if it exists and can be listed here."""
        if not isinstance(name, str) or name not in COLLECTIONS:
            self.bad(path, f"集合“{name}”不存在；可用的集合：{'、'.join(COLLECTIONS)}。")
            return None
        record, needs = COLLECTIONS[name]
        missing = [n for n in needs if n not in scope.records]
        if missing:
            self.bad(path, f"集合“{name}”只能用在有“{'、'.join(missing)}”记录的地方。")
            return None
        return record

    def _field(
        self,
        record: str,
        name: str,
        scope: _Scope,
        path: str,
        context: str = "",
        in_scope: bool = True,
    ) -> str | None:
        """The kind of `record.name`, or None (with a problem) if it cannot be bound here."""
        if record not in RECORDS:
            self.bad(path, f"{context}记录“{record}”不存在；可用的记录：{'、'.join(RECORDS)}。")
            return None
        if in_scope and record not in scope.records:
            here = "、".join(sorted(scope.records))
            self.bad(path, f"{context}记录“{record}”在此处不可用；此处可用的记录：{here}。")
            return None
        fields = RECORDS[record]
        if name not in fields:
            self.bad(
                path,
                f"{context}记录“{record}”没有字段“{name}”；可用的字段：{'、'.join(fields)}。",
            )
            return None
        return fields[name].kind


@dataclass(frozen=True)
class _Scope:
    records: set[str]
    default: str  # the record a value cell reads when it names none

    def enter(self, record: str) -> _Scope:
        return _Scope(self.records | {record}, record)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_layout(form: _Form, checker: _Checker) -> None:
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


def _spec(form: _Form, layout: str) -> FormSpec:
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


def _build_forms(spec: FormSpec, form: _Form, data: FormsData) -> list[FormResult]:
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
        self, form: _Form, data: FormsData, subject: str, scope: dict | None = None
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
        title = _PLACEHOLDER.sub(lambda m: self.text_of(m[1], m[2], scope), self.form.form_title)
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
        return None

    def text_of(self, record: str, field: str, scope: dict) -> str:
        rec = self.record(record, scope)
        return "" if rec is None else str(RECORDS[record][field].get(rec, self.data))

    def items(self, collection: str, scope: dict) -> list:
        return self.data.items(collection, scope, self.subject)

    def run(self, body: tuple, scope: dict, index: int) -> None:
        for item in body:
            if isinstance(item, _Next):
                self.row += item.rows
            elif isinstance(item, _Repeat):
                self.repeat(item, scope)
            else:
                self.cells.append(self.cell(item, scope, index))
                self.paths.append(item.path)

    def repeat(self, rep: _Repeat, scope: dict) -> None:
        items = self.items(rep.collection, scope)
        starts: list[int] = []
        merged: list[tuple[int, int, int]] = []  # (level, item index, position in self.cells)
        levels = {c.path: c.merge_level for c in rep.body if isinstance(c, _Cell)}
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
        self, rep: _Repeat, items: list, starts: list[int], merged: list[tuple[int, int, int]]
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

    def cell(self, c: _Cell, scope: dict, index: int) -> FormCell:
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

    def _amount(self, c: _Cell, rowspan: int, fen: int, source: Any, field: str) -> FormCell:
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
