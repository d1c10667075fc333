"""Checks run when a department file is opened, before anything is written or backed up.

The schema in `sqlite_master` must be exactly the one this program creates: the expected schema is
taken from a fresh in-memory database made with the statements `metadata.create_all` emits
(`schema_ddl.py`, kept equal to `schema.py` by a test, so that opening needs no SQLAlchemy), and
compared structurally (columns, keys, foreign keys and their actions, indexes, CHECK and
COLLATE clauses), because a file upgraded with ALTER TABLE has the same structure in other words.
A trigger, view, index, table or foreign key the program did not create refuses the file: such a
file can delete lines, double totals or change amounts behind the program's back.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from typing import cast

from desktop.errors import DepartmentFileError
from desktop.models import schema_ddl
from desktop.models.records_load import TABLE_NAMES
from desktop.records import FILE_KINDS

_KEYWORDS = ("COLLATE", "GENERATED", "AUTOINCREMENT", "DEFERRABLE", "ON CONFLICT", "WITHOUT")


def _check_bodies(sql: str) -> list[str]:
    """The normalised bodies of the CHECK (…) clauses of a CREATE TABLE statement."""
    bodies = []
    for match in re.finditer(r"\bCHECK\s*\(", sql, re.IGNORECASE):
        depth, i = 1, match.end()
        while i < len(sql) and depth:
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        bodies.append(re.sub(r"\s+", "", sql[match.end() : i - 1]).lower())
    return sorted(bodies)


def _table_signature(conn: sqlite3.Connection, name: str, sql: str) -> dict[str, object]:
    quoted = '"' + name.replace('"', '""') + '"'
    columns = [
        (r[1], (r[2] or "").upper(), r[3], r[4], r[5], r[6])
        for r in conn.execute(f"PRAGMA table_xinfo({quoted})")
    ]
    fks = sorted(
        (r[2], r[3], r[4] or "", r[5], r[6], r[7])
        for r in conn.execute(f"PRAGMA foreign_key_list({quoted})")
    )
    indexes = []
    for r in conn.execute(f"PRAGMA index_list({quoted})"):
        index = '"' + r[1].replace('"', '""') + '"'
        cols = tuple((c[2], c[3], c[4]) for c in conn.execute(f"PRAGMA index_xinfo({index})"))
        indexes.append((r[2], r[3], r[4], cols))
    upper = re.sub(r"\s+", " ", sql.upper())
    words = {k: upper.count(k) for k in _KEYWORDS}
    return {
        "columns": columns,
        "foreign keys": fks,
        "indexes": sorted(indexes),
        "checks": _check_bodies(sql),
        "clauses": words,
    }


def signature(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    """Structural description of every schema object: {"table t": …, "index i": …, …}."""
    found: dict[str, dict[str, object]] = {}
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in rows:
        if name.startswith("sqlite_autoindex_") or name == "sqlite_sequence":
            continue  # implied by the table's keys (compared with the table)
        if kind == "table":
            found[f"table {name}"] = _table_signature(conn, name, sql or "")
        elif kind == "index":
            text = re.sub(r"\s+", " ", (sql or "").strip()).lower()
            found[f"index {name}"] = {"table": table, "sql": text}
        else:  # trigger or view: the program creates none
            found[f"{kind} {name}"] = {"table": table, "sql": sql}
    return found


@cache
def expected_signature() -> dict[str, dict[str, object]]:
    """The signature of a database created by the current code (computed once)."""
    memory = sqlite3.connect(":memory:")
    try:
        for statement in schema_ddl.STATEMENTS:
            memory.execute(statement)
        return signature(memory)
    finally:
        memory.close()


def _columns(table: str) -> list[tuple]:
    """PRAGMA table_xinfo of one of our tables as created: (name, type, notnull, default, pk,
    hidden)."""
    return cast(list, expected_signature()[f"table {table}"]["columns"])


def _key_columns(table: str) -> list[str]:
    """The primary key's columns of one of our tables, in key order."""
    return [c[0] for c in sorted(_columns(table), key=lambda c: c[4]) if c[4]]


def value_columns(table: str) -> list[tuple[str, str, bool]]:
    """(column, SQLite type of its values: 'integer' or 'text', nullable) of one of our tables:
    INTEGER and BIGINT columns hold integers, VARCHAR and TEXT columns text."""
    found = []
    for name, declared, notnull, *_ in _columns(table):
        if declared.startswith(("INTEGER", "BIGINT")):
            found.append((name, "integer", not notnull))
        elif declared.startswith(("VARCHAR", "TEXT")):
            found.append((name, "text", not notnull))
    return found


_KIND_NAMES = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}


def _label(key: str) -> str:
    kind, name = key.split(" ", 1)
    if kind == "table" and name in TABLE_NAMES:
        return f"表“{name}”（{TABLE_NAMES[name]}）"
    return f"{_KIND_NAMES.get(kind, kind)}“{name}”"


def check_integrity(conn: sqlite3.Connection, file_name: str) -> None:
    """SQLite's quick_check (pages, records, NOT NULL), reported in Chinese."""
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result == "ok":
        return
    null = re.fullmatch(r"NULL value in (\w+)\.(\w+)", result)
    if null and null.group(1) in schema_ddl.TABLES:
        table = null.group(1)
        key = _key_columns(table)[0]
        column = null.group(2)
        # typeof(): the optimiser answers "IS NULL" on a NOT NULL column without looking.
        row = conn.execute(f"SELECT {key} FROM {table} WHERE typeof({column}) = 'null'").fetchone()
        raise DepartmentFileError(
            f"“{file_name}”已损坏：“{TABLE_NAMES.get(table, table)}”表（{table}）"
            f"中{f'编号为 {row[0]!r} 的行' if row else '有一行'}，列“{column}”为空"
            f"{'：金额必须以整数“分”保存' if column.endswith('_fen') else ''}。"
            "文件未打开、也未做任何修改。请从备份恢复。"
        )
    raise DepartmentFileError(
        f"“{file_name}”已损坏（SQLite 完整性检查报告：{result}）。文件未打开。请从备份恢复。"
    )


def _duplicate_keys(conn: sqlite3.Connection, key: str) -> str:
    """ "编号 34 出现了 2 次" for a table of ours whose key repeats (a table without its key)."""
    table = key.split(" ", 1)[1]
    if table not in schema_ddl.TABLES:
        return ""
    columns = ", ".join(_key_columns(table))
    try:
        row = conn.execute(
            f"SELECT {columns}, count(*) FROM {table} GROUP BY {columns} "
            "HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
    except sqlite3.Error:
        return ""
    if row is None:
        return ""
    shown = "、".join(repr(v) for v in row[:-1])
    return f"（没有主键，编号 {shown} 出现了 {row[-1]} 次）"


def check_schema(conn: sqlite3.Connection, file_name: str) -> None:
    """Refuse a file whose schema is not exactly ours, naming what differs."""
    found, expected = signature(conn), expected_signature()
    problems = []
    for key in sorted(found.keys() - expected.keys()):
        kind = key.split(" ", 1)[0]
        why = {
            "trigger": "本软件不建触发器，它可能在背后删除或改动数据",
            "view": "本软件不建视图，它可能冒充数据表",
        }.get(kind, "不是本软件建立的")
        problems.append(f"多出了{_label(key)}（{why}）")
    for key in sorted(expected.keys() - found.keys()):
        problems.append(f"缺少{_label(key)}")
    for key in sorted(found.keys() & expected.keys()):
        if found[key] == expected[key]:
            continue
        parts = [
            {
                "columns": "列",
                "foreign keys": "外键",
                "indexes": "主键或唯一约束",
                "checks": "CHECK 约束",
                "clauses": "列的约束",
                "sql": "定义",
                "table": "所属表",
            }[part]
            for part in found[key]
            if found[key].get(part) != expected[key].get(part)
        ]
        duplicates = _duplicate_keys(conn, key) if key.startswith("table ") else ""
        problems.append(f"{_label(key)}的{('、'.join(parts))}与本软件建立的不同{duplicates}")
    if problems:
        listed = "；".join(problems[:6]) + ("；……" if len(problems) > 6 else "")
        raise DepartmentFileError(
            f"“{file_name}”的数据库结构不是本软件建立的：{listed}。为避免数据被改动或丢失，"
            "文件未打开、也未做任何修改。请从备份恢复，或联系技术支持检查这个文件。"
        )


def check_values(conn: sqlite3.Connection, file_name: str) -> None:
    """Every stored value has the type its column declares (amounts are integers of 分).

    SQLite keeps what it is given: text or a real number in an amount column, or NULL where the
    file was edited outside the program. The first bad value is named by table, id and column.
    """
    for table in schema_ddl.TABLES:
        key = _key_columns(table)[0]
        checked = value_columns(table)
        conditions = []
        for column, wanted, nullable in checked:
            allowed = f"'{wanted}', 'null'" if nullable else f"'{wanted}'"
            conditions.append(f"typeof({column}) NOT IN ({allowed})")
        if not conditions:
            continue
        columns = ", ".join(c[0] for c in checked)
        query = f"SELECT {key}, {columns} FROM {table} WHERE {' OR '.join(conditions)} LIMIT 1"
        row = conn.execute(query).fetchone()
        if row is None:
            continue
        for (column, wanted, nullable), value in zip(checked, row[1:], strict=True):
            integer = wanted == "integer"
            if value is None and not nullable:
                what = "为空"
            elif integer and type(value) is not int and value is not None:
                what = f"不是整数（{value!r}）"
            elif not integer and not isinstance(value, str) and value is not None:
                what = f"不是文本（{value!r}）"
            else:
                continue
            amount = "：金额必须以整数“分”保存" if column.endswith("_fen") else ""
            raise DepartmentFileError(
                f"“{file_name}”已损坏：“{TABLE_NAMES.get(table, table)}”表"
                f"（{table}）中编号为 {row[0]!r} 的行，列“{column}”{what}{amount}。"
                "文件未打开、也未做任何修改。请从备份恢复。"
            )
    count = conn.execute("SELECT count(*) FROM department").fetchone()[0]
    if count != 1:
        raise DepartmentFileError(
            f"“{file_name}”不是完整的部门预算文件：没有部门信息（“部门”表为空）。请从备份恢复。"
        )
    department_columns = {r[1] for r in conn.execute("PRAGMA table_info(department)")}
    if "kind" in department_columns:  # schema version 4 and later
        kind = conn.execute("SELECT kind FROM department").fetchone()[0]
        if kind not in FILE_KINDS:
            raise DepartmentFileError(
                f"“{file_name}”已损坏：文件的类别“{kind}”无法识别（应为部门预算或部门决算）。"
                "文件未打开、也未做任何修改。请从备份恢复。"
            )


def check_references(conn: sqlite3.Connection, file_name: str) -> None:
    """No line refers to a unit, project or fund that is not in the file."""
    row = conn.execute("PRAGMA foreign_key_check").fetchone()
    if row is not None:
        table, rowid, parent = row[0], row[1], row[2]
        raise DepartmentFileError(
            f"“{file_name}”已损坏：“{TABLE_NAMES.get(table, table)}”表（{table}）中编号为 {rowid} "
            f"的行引用了“{TABLE_NAMES.get(parent, parent)}”表中不存在的记录。请从备份恢复。"
        )
