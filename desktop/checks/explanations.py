"""出错说明: the accountant's written reasons for accepted warnings, stored in the department file
(table `explanation`, keyed by rule id and the finding's stable subject) so they survive reopening."""

from __future__ import annotations

from desktop.models.store import DepartmentFile


def load_explanations(dfile: DepartmentFile) -> dict[tuple[str, str], str]:
    """Every stored explanation: (rule id, subject) → text."""
    return dfile.explanations.all()


def save_explanation(dfile: DepartmentFile, rule_id: str, subject: str, text: str) -> None:
    """Store (or replace) the explanation of a finding; empty text deletes it. One transaction."""
    dfile.explanations.save(rule_id, subject, text)
