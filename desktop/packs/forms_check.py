"""Reading a forms file (forms.json): its structure checked and compiled into cells and blocks.

Every problem is collected with the place in the file (`forms[1].cells[4].field`) and what was
expected, in Chinese, so an implementer sees all of them at once. Whether the compiled layout
fits together (no overlapping merges, no holes) is checked by laying it out: desktop/packs/forms.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from desktop.errors import BudgetError
from desktop.packs.forms_fields import AMOUNT, COLLECTIONS, EACH, GLOBAL_RECORDS, RECORDS
from desktop.tables.forms_core import EMPTY_NOTE, HEADER, LABEL, VALUE

FORMAT = 1
_ALIGNS = ("left", "center", "right")
_ORDINALS = ("chinese", "digits")
_ONLY_IF = ("tasks", "special_funds")  # collections of the whole department
PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")
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


class FormsError(BudgetError):
    """A forms file that cannot be used; the message names the file and the place in it."""


# -- the compiled form -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
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
class Next:
    rows: int


@dataclass(frozen=True)
class Repeat:
    path: str
    collection: str
    item: str  # the record each item is
    merge: tuple[str, ...]
    body: tuple[Cell | Next | Repeat, ...]


@dataclass(frozen=True)
class CompiledForm:
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
    body: tuple[Cell | Next | Repeat, ...]


# -- validation ------------------------------------------------------------------------------------


def json_reason(exc: json.JSONDecodeError) -> str:
    reasons = {
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting value": "此处应为一个值",
        "Expecting property name enclosed in double quotes": "此处应为双引号括起的键名",
        "Unterminated string starting at": "字符串缺少结尾的引号",
        "Extra data": "JSON 结束后还有多余内容",
    }
    return reasons.get(exc.msg, f"语法错误（{exc.msg}）")


class Checker:
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

    def document(self, data: Any) -> tuple[str, list[CompiledForm]]:
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

    def form(self, raw: Any, path: str) -> CompiledForm | None:
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
        for match in PLACEHOLDER.finditer(form_title):
            self._field(match[1], match[2], scope, f"{path}.form_title", f"“{match[0]}”中")
        leftover = PLACEHOLDER.sub("", form_title)
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
        return CompiledForm(
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
    ) -> tuple[Cell | Next | Repeat, ...]:
        out: list[Cell | Next | Repeat] = []
        for j, item in enumerate(raw):
            out.extend(self.item(item, f"{path}[{j}]", scope, repeat))
        return tuple(out)

    def item(
        self, raw: Any, path: str, scope: _Scope, repeat: tuple[str, tuple[str, ...]] | None
    ) -> list[Cell | Next | Repeat]:
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
            return [Next(rows)]
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
                Cell(f"{path}.headers[{k}]", col + k, HEADER, text=t) for k, t in enumerate(texts)
            ]
        place = self.place(raw, path, scope)
        if kind in ("label", "header", "text"):
            text = raw[kind]
            if not isinstance(text, str):
                self.bad(f"{path}.{kind}", "应为文字。")
                text = ""
            role = {"label": LABEL, "header": HEADER, "text": VALUE}[kind]
            return [Cell(path, col, role, text=text, **place)]
        if kind == "ordinal":
            if raw["ordinal"] not in _ORDINALS:
                self.bad(f"{path}.ordinal", "应为 chinese（一、二…）或 digits（1、2…）。")
            if repeat is None:
                self.bad(f"{path}.ordinal", "序号只能写在 repeat 之中。")
            return [Cell(path, col, VALUE, ordinal=str(raw["ordinal"]), **place)]
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
    ) -> Cell:
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
                return Cell(path, col, VALUE, **place)
            kinds = [self._field(record, n, scope, f"{path}.field", in_scope=False) for n in names]
            if any(k is not None and k != AMOUNT for k in kinds):
                self.bad(f"{path}.field", "sum 只能对金额字段求和。")
            return Cell(
                path, col, VALUE, sum=total, record=record, fields=tuple(names), **place, **extra
            )
        record = raw.get("record") or scope.default
        if not record:
            self.bad(f"{path}.record", "应写明单元格取自哪个记录（如 department、budget）。")
            return Cell(path, col, VALUE, **place)
        kinds = [self._field(record, n, scope, f"{path}.field") for n in names]
        if len(names) > 1 and any(k is not None and k != AMOUNT for k in kinds):
            self.bad(f"{path}.field", "只有金额字段可以写成列表（印它们的和）。")
        if ("zero" in extra or "prefix" in extra) and any(k not in (AMOUNT, None) for k in kinds):
            self.bad(path, "zero、prefix 只用于金额字段。")
        merge_level = -1
        if repeat is not None and record == repeat[0] and len(names) == 1:
            merge_level = repeat[1].index(names[0]) if names[0] in repeat[1] else -1
        return Cell(
            path,
            col,
            VALUE,
            record=record,
            fields=tuple(names),
            merge_level=merge_level,
            **place,
            **extra,
        )

    def repeat(self, raw: dict, path: str, scope: _Scope) -> list[Cell | Next | Repeat]:
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
        if not any(isinstance(b, Next) for b in body):
            self.bad(f"{path}.cells", '每一条应至少前进一行：请以 {"next": 1} 结束。')
        return [Repeat(path, collection, record, tuple(merge), body)]

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
