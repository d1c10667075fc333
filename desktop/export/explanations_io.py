"""Reading and writing the explanations (出错说明) of a department file for export and import.

Uses the checks module's agreed functions when present; until then the explanation table is
read and written directly so the workbook still carries them.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.models.store import DepartmentFile


def read_explanations(dfile: DepartmentFile) -> dict[tuple[str, str], str]:
    """(rule_id, subject) → text of every stored explanation."""
    return dfile.explanations.all()


def write_explanations(dfile: DepartmentFile, rows: Iterable[tuple[str, str, str]]) -> None:
    """Store explanations (in one transaction) in a file that has none yet."""
    dfile.explanations.save_many([r for r in rows if r[2]])
