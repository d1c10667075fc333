"""The recorded set's content hash: a changed set is named (never blocking) until chosen again."""

from __future__ import annotations

import json

from desktop.cli import main
from desktop.models.store import DepartmentFile
from desktop.packs.choice import HASH_SETTING, pack_changed_notice, set_file_pack
from desktop.packs.registry import get_pack

NOTICE = "表套“部门预算公开参考表（财政部参考格式）”（national-2025）在本文件选用之后已被修改"


def _record_national_then_change_it(path) -> None:
    """The file chose national-2025 when its content hashed to something else (an older copy)."""
    dfile = DepartmentFile.open(path)
    try:
        set_file_pack(dfile, get_pack("national-2025"))
        dfile.settings.set(HASH_SETTING, "0" * 64)
    finally:
        dfile.close()


def test_notice_names_the_changed_set_and_choosing_it_again_clears_it(demo_path):
    national = get_pack("national-2025")
    dfile = DepartmentFile.open(demo_path)
    try:
        assert pack_changed_notice(dfile, get_pack("hunan-2025")) == ""  # no hash recorded yet
        set_file_pack(dfile, national)
        assert pack_changed_notice(dfile, national) == ""  # unchanged since chosen
        dfile.settings.set(HASH_SETTING, "0" * 64)
        notice = pack_changed_notice(dfile, national)
        assert notice.startswith(NOTICE)
        assert "可能与以前打印的不同" in notice and "“文件 → 表套…”中重新选定" in notice
        # A set given for one run (--pack) is not the file's choice: nothing to say.
        assert pack_changed_notice(dfile, get_pack("hunan-2025")) == ""
        set_file_pack(dfile, national)  # chosen again: the new hash is recorded
        assert pack_changed_notice(dfile, national) == ""
    finally:
        dfile.close()


def test_check_and_tables_say_so_without_blocking(capsys, demo_path):
    dfile = DepartmentFile.open(demo_path)
    try:
        set_file_pack(dfile, get_pack("national-2025"))
    finally:
        dfile.close()
    capsys.readouterr()
    code = main(["check", str(demo_path), "--json"])
    before = capsys.readouterr()
    assert "已被修改" not in before.err
    _record_national_then_change_it(demo_path)
    assert main(["check", str(demo_path), "--json"]) == code  # the same exit code
    captured = capsys.readouterr()
    assert captured.err.startswith(f"注意：{NOTICE}")
    assert captured.out == before.out  # and the same report
    assert json.loads(captured.out)["errors"] == 0
    assert main(["tables", str(demo_path), "--json", "--tables", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(f"注意：{NOTICE}")
    assert [t["title"] for t in json.loads(captured.out)["tables"]] == ["部门收支总表"]
    # Another set for one run: no notice.
    assert main(["tables", str(demo_path), "--pack", "hunan-2025", "--tables", "1"]) == 0
    assert "已被修改" not in capsys.readouterr().err
