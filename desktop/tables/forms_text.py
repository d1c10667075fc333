"""Plain-text rendering of performance forms, for the terminal (`budget-desk tables FILE`)."""

from __future__ import annotations

from desktop.records import Department
from desktop.tables.forms_core import FormResult, FormSpec

SEPARATOR = " │ "


def render_form_text(form: FormResult, department: Department) -> str:
    """One form: title, 填报单位 and unit line, then one line per row.

    A merged cell prints once, on its first row; the columns it covers below print blank.
    """
    lines = [form.title, f"填报单位：{department.name}    {form.spec.unit_label}"]
    for row in range(form.rows):
        parts = []
        col = 0
        while col < form.columns:
            cell = form.cell_at(row, col)
            if cell is None:
                parts.append("")
                col += 1
                continue
            parts.append(cell.text.replace("\n", " ") if cell.row == row else "")
            col = cell.col + cell.colspan
        lines.append(SEPARATOR.join(parts).rstrip())
    return "\n".join(lines) + "\n"


def render_section_text(spec: FormSpec, forms: list[FormResult], department: Department) -> str:
    """All forms of one spec; an empty spec prints its title and note as the seeds do."""
    if not forms:
        return f"{spec.title}\n填报单位：{department.name}    {spec.unit_label}\n{spec.note}\n"
    return "\n".join(render_form_text(form, department) for form in forms)
