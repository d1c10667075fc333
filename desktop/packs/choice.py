"""Which table set a department file prints with: recorded in its settings (id and content hash).

Files written before table sets existed have no such setting: they print with the Hunan set
whose performance forms match the layout they stored (渌口, 石峰) or with `hunan-2025`.
"""

from __future__ import annotations

from desktop.errors import BudgetError
from desktop.models.store import DepartmentFile
from desktop.packs.pack import Pack, PackError
from desktop.packs.registry import DEFAULT_PACK, default_pack_id, get_pack
from desktop.records import FILE_KINDS, Department

PACK_SETTING = "table_set"
HASH_SETTING = "table_set_hash"
LAYOUT_SETTING = "performance_layout"  # the forms layout setting of desktop/tables/forms.py
PROFILE_SETTING = "export_profile"  # the workbook format (desktop/export/profile.py)
_PACK_OF_LAYOUT = {"lukou2026": "hunan-lukou-2026", "shifeng2023": "hunan-shifeng-2023"}


def _settings(dfile: DepartmentFile, *keys: str) -> dict[str, str]:
    return dict(dfile.settings.items(keys))


def file_department(dfile: DepartmentFile) -> Department:
    """The file's department row: its year and kind (部门预算 / 部门决算)."""
    from desktop.models.records_load import load_department

    with dfile.snapshot() as raw:
        return load_department(raw)


def file_pack_id(dfile: DepartmentFile) -> str:
    """The id of the set the file records (or the one matching an older file's forms layout);
    a 决算 file that records none (or a budget set) takes the final set of its year."""
    found = _settings(dfile, PACK_SETTING, LAYOUT_SETTING)
    department = file_department(dfile)
    if department.is_final:
        recorded = found.get(PACK_SETTING, "")
        region = ""
        if recorded:
            try:
                pack = get_pack(recorded)
            except PackError:
                return recorded  # not installed here: file_pack says so
            if pack.kind == "final":
                return recorded
            region = pack.region
        return default_pack_id("final", department.fiscal_year, region)
    if found.get(PACK_SETTING):
        return found[PACK_SETTING]
    return _PACK_OF_LAYOUT.get(found.get(LAYOUT_SETTING, ""), DEFAULT_PACK)


def file_pack(dfile: DepartmentFile, override: str | None = None) -> Pack:
    """The set to print this file with: `override` (one run's --pack) or the file's own.
    A budget set for a 决算 file (or the reverse) is refused."""
    pack = get_pack(override or file_pack_id(dfile))
    check_pack_kind(file_department(dfile), pack)
    return pack


def check_pack_kind(department: Department, pack: Pack) -> None:
    """Raise PackError when `pack` prints the other kind of file (预算 vs 决算)."""
    kind = "final" if department.is_final else "budget"
    if pack.kind == kind:
        return
    mine = FILE_KINDS.get(kind, kind)
    raise PackError(
        f"表套“{pack.name}”（{pack.id}）是{pack.kind_name}表套，不能用于{mine}文件"
        f"“{department.name}”；请选用{mine}表套（budget-desk packs 的最后一列为表套种类）。"
    )


def recorded_hash(dfile: DepartmentFile) -> str:
    """The content hash recorded when the set was chosen ("" for older files)."""
    return _settings(dfile, HASH_SETTING).get(HASH_SETTING, "")


def set_file_pack(dfile: DepartmentFile, pack: Pack) -> None:
    """Record `pack` (id and hash) in the file; its forms layout goes with it, and so does its
    workbook format when the set changes to one with other tables (sheets name their tables)."""
    check_pack_kind(file_department(dfile), pack)
    values = {
        PACK_SETTING: pack.id,
        HASH_SETTING: pack.content_hash,
        LAYOUT_SETTING: pack.performance_layout,
    }
    try:
        before = file_pack(dfile)
    except BudgetError:
        before = None
    if before is None or before.workbook_profile != pack.workbook_profile:
        values[PROFILE_SETTING] = pack.workbook_profile
    dfile.settings.set_many(values)


def pack_changed_notice(dfile: DepartmentFile, pack: Pack) -> str:
    """A plain notice when `pack` is the file's recorded set but its content changed since the
    file chose it ("" otherwise: no hash recorded, another set for one run, or unchanged)."""
    found = _settings(dfile, PACK_SETTING, HASH_SETTING)
    recorded = found.get(HASH_SETTING, "")
    if not recorded or found.get(PACK_SETTING, "") != pack.id or recorded == pack.content_hash:
        return ""
    return (
        f"表套“{pack.name}”（{pack.id}）在本文件选用之后已被修改，各表的格式和数字的排列"
        "可能与以前打印的不同。如确认沿用修改后的表套，请在“文件 → 表套…”中重新选定它。"
    )
