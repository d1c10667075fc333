"""Computed standard tables: immutable snapshots that every consumer renders."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.money import yuan_str
from desktop.tables.spec import AnySpec

# Row levels, used for styling (bold totals, indented items) and for checks.
TOTAL, DEPARTMENT, UNIT, PROJECT, LINE = "total", "department", "unit", "project", "line"


@dataclass(frozen=True)
class Row:
    key: tuple
    code: str
    name: str
    level: str  # total / department / unit / 类 / 款 / 项 / project / line
    values: tuple  # one per leaf column: str for text columns, int (分) or None for amounts


@dataclass(frozen=True)
class TableResult:
    spec: AnySpec
    rows: tuple[Row, ...]
    empty: bool

    @property
    def number(self) -> int:
        return self.spec.number

    @property
    def title(self) -> str:
        return self.spec.title

    def amount_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.spec.leaf_columns) if c.select is not None]

    def column_index(self, label: str, occurrence: int = 0) -> int:
        """Index of the `occurrence`-th leaf column printed as `label`."""
        found = [i for i, c in enumerate(self.spec.leaf_columns) if c.label == label]
        if len(found) <= occurrence:
            raise KeyError(f"表{self.number} 没有第 {occurrence + 1} 个“{label}”列")
        return found[occurrence]

    def find_row(self, code: str = "", name: str = "", level: str | None = None) -> Row:
        for row in self.rows:
            if (not code or row.code == code) and (not name or row.name == name):
                if level is None or row.level == level:
                    return row
        raise KeyError(f"表{self.number} 没有编码“{code}”名称“{name}”的行")

    def to_json(self) -> dict:
        """The documented JSON form (docs/JSON.md): amounts as exact 元 decimal strings."""
        columns = []
        header_paths = _column_paths(self.spec)
        for col, path in zip(self.spec.leaf_columns, header_paths, strict=True):
            columns.append(
                {
                    "label": col.label,
                    "path": path,
                    "kind": "text" if col.select is None else "amount",
                }
            )
        rows = []
        for row in self.rows:
            cells = [
                (None if v is None else yuan_str(v)) if isinstance(v, int) or v is None else v
                for v in row.values
            ]
            rows.append({"code": row.code, "name": row.name, "level": row.level, "cells": cells})
        return {
            "number": self.number,
            "key": self.spec.key,
            "title": self.title,
            "kind": self.spec.kind,
            # The JSON's amounts are 元 (exact); the printed table's unit line says 万元.
            "unit_label": self.spec.unit_label.replace("万元", "元"),
            "printed_unit_label": self.spec.unit_label,
            "columns": columns,
            "rows": rows,
            "empty": self.empty,
            "note": self.spec.note if self.empty else "",
        }


def _column_paths(spec: AnySpec) -> list[list[str]]:
    from desktop.tables.spec import Group

    paths: list[list[str]] = []

    def walk(nodes, prefix):
        for node in nodes:
            if isinstance(node, Group):
                walk(node.children, prefix + [node.label])
            else:
                paths.append(prefix + [node.label])

    walk(spec.columns, [])
    return paths
