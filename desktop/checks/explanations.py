"""出错说明: the accountant's written reasons for accepted warnings, stored in the department file
(table `explanation`, keyed by rule id and the finding's stable subject) so they survive reopening."""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from desktop.models import schema
from desktop.models.store import DepartmentFile


def load_explanations(dfile: DepartmentFile) -> dict[tuple[str, str], str]:
    """Every stored explanation: (rule id, subject) → text."""
    table = schema.explanation
    with dfile.reading() as conn:
        rows = conn.execute(select(table.c.rule_id, table.c.subject, table.c.text)).all()
    return {(r.rule_id, r.subject): r.text for r in rows}


def save_explanation(dfile: DepartmentFile, rule_id: str, subject: str, text: str) -> None:
    """Store (or replace) the explanation of a finding; empty text deletes it. One transaction."""
    table = schema.explanation
    text = (text or "").strip()
    with dfile.transaction() as conn:
        conn.execute(delete(table).where(table.c.rule_id == rule_id, table.c.subject == subject))
        if text:
            conn.execute(insert(table).values(rule_id=rule_id, subject=subject, text=text))
