"""Typed repositories for what is not a ledger record: file settings and 出错说明.

Each write is one transaction; listeners hear of a change only after it is committed. Reads use
the driver's connection (opening a file reads settings before anything imports SQLAlchemy);
writes go through SQLAlchemy's tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from desktop.errors import DepartmentFileError

if TYPE_CHECKING:
    from desktop.models.store import DepartmentFile

SettingsListener = Callable[[set[str]], None]
ExplanationKey = tuple[str, str]  # (rule id, subject)
ExplanationsListener = Callable[[set[ExplanationKey]], None]


def _text(table: str, key: object, value: object) -> str:
    if not isinstance(value, str):
        raise DepartmentFileError(
            f"“{table}”表中“{key}”的值不是文本（{value!r}）。文件可能被其他程序改动过，请从备份恢复。"
        )
    return value


class SettingsRepository:
    """Key/value settings stored in the department file (表式设置, workbook format …)."""

    def __init__(self, dfile: DepartmentFile) -> None:
        self._file = dfile
        self._listeners: list[SettingsListener] = []

    def add_listener(self, listener: SettingsListener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: SettingsListener) -> None:
        self._listeners.remove(listener)

    def get(self, key: str) -> str | None:
        with self._file.snapshot() as raw:
            row = raw.execute('SELECT value FROM setting WHERE "key" = ?', (key,)).fetchone()
        value = None if row is None else row[0]
        return None if value is None else _text("表式设置", key, value)

    def items(self, keys: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(key, value) pairs sorted by key; only `keys` when given."""
        query = 'SELECT "key", value FROM setting'
        wanted: tuple[str, ...] = ()
        if keys is not None:
            wanted = tuple(keys)
            query += f' WHERE "key" IN ({", ".join("?" * len(wanted))})'
        with self._file.snapshot() as raw:
            found = raw.execute(query, wanted).fetchall()
        return sorted((_text("表式设置", k, k), _text("表式设置", k, v)) for k, v in found)

    def set_many(self, values: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Store (or replace) settings in one transaction."""
        pairs = list(values.items() if isinstance(values, Mapping) else values)
        if not pairs:
            return
        from sqlalchemy import insert

        from desktop.models import schema

        with self._file.transaction() as conn:
            for key, value in pairs:
                conn.execute(
                    insert(schema.setting).prefix_with("OR REPLACE").values(key=key, value=value)
                )
        changed = {k for k, _ in pairs}
        for listener in list(self._listeners):
            listener(changed)

    def set(self, key: str, value: str) -> None:
        self.set_many([(key, value)])


class ExplanationsRepository:
    """The explanations (出错说明) users give for check findings."""

    def __init__(self, dfile: DepartmentFile) -> None:
        self._file = dfile
        self._listeners: list[ExplanationsListener] = []

    def add_listener(self, listener: ExplanationsListener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: ExplanationsListener) -> None:
        self._listeners.remove(listener)

    def all(self) -> dict[ExplanationKey, str]:
        with self._file.snapshot() as raw:
            rows = raw.execute("SELECT rule_id, subject, text FROM explanation").fetchall()
        return {
            (rule_id, subject): _text("出错说明", f"{rule_id} {subject}", text)
            for rule_id, subject, text in rows
        }

    def save(self, rule_id: str, subject: str, text: str) -> None:
        """Store (or replace) one explanation; empty text deletes it."""
        self.save_many([(rule_id, subject, text)])

    def save_many(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Store several explanations in one transaction (empty text deletes)."""
        rows = [(r, s, (t or "").strip()) for r, s, t in rows]
        if not rows:
            return
        from sqlalchemy import delete, insert

        from desktop.models import schema

        table = schema.explanation
        with self._file.transaction() as conn:
            for rule_id, subject, text in rows:
                conn.execute(
                    delete(table).where(table.c.rule_id == rule_id, table.c.subject == subject)
                )
                if text:
                    conn.execute(insert(table).values(rule_id=rule_id, subject=subject, text=text))
        changed = {(r, s) for r, s, _ in rows}
        for listener in list(self._listeners):
            listener(changed)
