"""Performance tables (绩效目标表) as form specs: which layouts exist, and which one a file prints.

Every consumer (GUI view, PDF, workbook, JSON and text dumps) renders the `FormResult`s built here.
The layouts are data: each is the forms.json of a table set under resources/packs (or installed by
the user), printed by the engine in desktop/packs/forms.py (format: docs/PACKS_FORMS.md).

Which forms print follows the table set: the set's own forms, unless the user explicitly chose
another layout for the file (or `--layout` for one run); see `printed_layout`.
Money in the forms comes from the ledger (project totals, special-fund totals, the department's
budget situation); cost items (支出明细及测算) and indicator values are the typed plans.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from desktop.errors import BudgetError
from desktop.packs.forms import load_forms
from desktop.resources import resource
from desktop.tables.forms_core import (
    FormCell,
    FormResult,
    FormSpec,
)
from desktop.tables.forms_data import (
    BudgetSituation,
    budget_situation,
    target_projects,
)

if TYPE_CHECKING:
    from desktop.ledger import Ledger
    from desktop.models.store import DepartmentFile
    from desktop.packs.pack import Pack

__all__ = [
    "PERFORMANCE_LAYOUTS",
    "LAYOUT_SETTING",
    "BudgetSituation",
    "FormCell",
    "FormResult",
    "FormSpec",
    "budget_situation",
    "form_results",
    "form_sections",
    "form_specs",
    "layout_names",
    "performance_layout",
    "printed_layout",
    "layout_choices",
    "sections_to_json",
    "set_performance_layout",
    "target_projects",
]

DEFAULT_LAYOUT = "hunan"
LAYOUT_SETTING = "performance_layout"
PERFORMANCE_LAYOUTS: dict[str, str] = {
    "hunan": "湖南省公开表式（表22、表23）",
    "lukou2026": "渌口区 2026 年表式（部门整体、项目支出绩效目标表）",
    "shifeng2023": "石峰区 2023 年表式（部门整体、专项资金汇总、支出方向绩效目标表）",
    "national": "财政部参考格式（项目支出、部门整体支出绩效目标表）",
}
FINAL_LAYOUT = "final2021"  # a 决算 file prints 绩效自评表, not 绩效目标表
FINAL_LAYOUTS: dict[str, str] = {FINAL_LAYOUT: "湖南省部门决算绩效自评表（部门整体、项目支出）"}
# The bundled table set (resources/packs/<folder>/forms.json) whose forms each layout prints.
LAYOUT_PACKS: dict[str, str] = {
    "hunan": "hunan-2025",
    "lukou2026": "hunan-lukou-2026",
    "shifeng2023": "hunan-shifeng-2023",
    "national": "national-2025",
    "final2021": "hunan-final-2021",
}


def layout_names() -> dict[str, str]:
    """Every layout that can print: the bundled ones, then those of sets the user installed."""
    from desktop.packs.registry import available_packs

    names = {**PERFORMANCE_LAYOUTS, **FINAL_LAYOUTS}
    for pack in available_packs():
        if pack.forms and pack.performance_layout not in names:
            names[pack.performance_layout] = f"{pack.name}的表式"
    return names


def _check_layout(layout: str) -> None:
    if layout not in PERFORMANCE_LAYOUTS and layout not in layout_names():
        known = "、".join(f"{k}（{v}）" for k, v in layout_names().items())
        raise BudgetError(f"绩效目标表式“{layout}”不存在。可用的表式：{known}。")


def form_specs(layout: str = DEFAULT_LAYOUT) -> tuple[FormSpec, ...]:
    """The form specs of a layout, in printing order ("": a set without forms, none)."""
    if not layout:
        return ()
    _check_layout(layout)
    if layout in LAYOUT_PACKS:
        return _load(layout)
    from desktop.packs.registry import available_packs

    return next(p.forms for p in available_packs() if p.performance_layout == layout and p.forms)


@cache
def _load(layout: str) -> tuple[FormSpec, ...]:
    """A bundled layout's forms file, read and validated once per run."""
    pack = LAYOUT_PACKS[layout]
    return load_forms(resource("packs", pack, "forms.json"), f"表套 {pack}")


def form_results(ledger: Ledger, layout: str = DEFAULT_LAYOUT) -> list[FormResult]:
    """Every form of the layout, computed from the ledger now."""
    return [form for spec in form_specs(layout) for form in spec.build(ledger)]


def form_sections(
    ledger: Ledger, layout: str | None = None, numbers: set[int] | None = None
) -> list[tuple[FormSpec, list[FormResult]]]:
    """(spec, its forms) of the file's layout (or `layout`), an empty list meaning an empty table.

    `numbers` selects like the table numbers of an export: 22 the project (and special-fund)
    forms, 23 the department form; None or empty selects all.
    """
    layout = performance_layout(ledger.file) if layout is None else layout
    specs = form_specs(layout)
    if numbers:
        specs = tuple(s for s in specs if s.selection_number in numbers)
    return [(spec, spec.build(ledger)) for spec in specs]


def performance_layout(dfile: DepartmentFile) -> str:
    """The layout this department prints its performance tables in (see `printed_layout`)."""
    return printed_layout(dfile)


def printed_layout(
    dfile: DepartmentFile, pack: Pack | None = None, explicit: str | None = None
) -> str:
    """The forms layout to print: `explicit` (a run's --layout) if given; else the layout the user
    chose for the file when it differs from the file's own set's; else the layout of `pack` (one
    run's --pack) or of the file's set ("" when that set has no forms).

    The file's layout setting is written with its set (文件 → 表套…) and by the user's choice in
    the performance view: only a choice that differs from the set's own layout is the user's, and
    only a choice of the file's kind (a 决算 file prints 绩效自评表, a budget 绩效目标表).
    """
    from desktop.packs.choice import file_department, file_pack

    if explicit:
        return explicit
    try:
        own: Pack | None = file_pack(dfile)
    except BudgetError:  # the file's set is not installed here: its choice cannot be told
        own = None
    final = file_department(dfile).is_final
    stored = dfile.settings.get(LAYOUT_SETTING) or ""
    if own is not None and stored and stored != own.performance_layout:
        if stored in layout_choices(dfile):
            return stored
    target = pack or own
    if target is not None:
        return target.performance_layout
    return FINAL_LAYOUT if final else DEFAULT_LAYOUT


def layout_choices(dfile: DepartmentFile) -> dict[str, str]:
    """The layouts a file may choose: 绩效目标表式 for a budget, 绩效自评表式 for a 决算."""
    from desktop.packs.choice import file_department

    if file_department(dfile).is_final:
        return dict(FINAL_LAYOUTS)
    return {k: v for k, v in layout_names().items() if k not in FINAL_LAYOUTS}


def set_performance_layout(dfile: DepartmentFile, layout: str) -> None:
    """Remember the layout in the department file (refused, with a message, if unknown)."""
    _check_layout(layout)
    dfile.settings.set(LAYOUT_SETTING, layout)


def sections_to_json(layout: str, sections: list[tuple[FormSpec, list[FormResult]]]) -> dict:
    """The "forms" member of the tables JSON (docs/JSON.md)."""
    return {
        "layout": layout,
        "layout_name": layout_names().get(layout, ""),
        "specs": [
            {
                "number": spec.number,
                "key": spec.key,
                "title": spec.title,
                "orientation": spec.orientation,
                "unit_label": spec.unit_label,
                "empty": not forms,
                "note": spec.note if not forms else "",
                "forms": [form.to_json() for form in forms],
            }
            for spec, forms in sections
        ],
    }
