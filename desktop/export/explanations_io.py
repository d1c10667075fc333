"""Reading and writing the explanations (出错说明) of a department file for export and import.

Uses the checks module's agreed functions when present; until then the explanation table is
read and written directly so the workbook still carries them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select

from desktop.models import schema
from desktop.models.store import DepartmentFile


def read_explanations(dfile: DepartmentFile) -> dict[tuple[str, str], str]:
    """(rule_id, subject) → text of every stored explanation."""
    try:
        from desktop.checks.explanations import load_explanations
    except ImportError:
        with dfile.reading() as conn:
            rows = conn.execute(select(schema.explanation)).mappings()
            return {(r["rule_id"], r["subject"]): r["text"] for r in rows}
    return dict(load_explanations(dfile))


def write_explanations(dfile: DepartmentFile, rows: Iterable[tuple[str, str, str]]) -> None:
    """Store explanations (in one transaction) in a file that has none yet."""
    rows = [r for r in rows if r[2]]
    if not rows:
        return
    with dfile.transaction() as conn:
        for rule_id, subject, text in rows:
            conn.execute(
                insert(schema.explanation).values(rule_id=rule_id, subject=subject, text=text)
            )
