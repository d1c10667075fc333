"""The window marks a file whose recorded set changed since it was chosen; choosing it clears."""

from __future__ import annotations

from desktop.models.store import DepartmentFile
from desktop.packs.choice import HASH_SETTING, recorded_hash, set_file_pack
from desktop.packs.registry import get_pack


def test_changed_set_is_marked_until_chosen_again(bare_window, demo_path):
    national = get_pack("national-2025")
    dfile = DepartmentFile.open(demo_path)
    try:
        set_file_pack(dfile, national)
        dfile.settings.set(HASH_SETTING, "0" * 64)
    finally:
        dfile.close()
    assert bare_window.open_path(demo_path)
    doc = bare_window.document
    assert "在本文件选用之后已被修改" in doc.pack_notice
    assert bare_window.pack_notice_label.isVisibleTo(bare_window)
    assert bare_window.pack_notice_label.toolTip() == doc.pack_notice
    assert "已被修改" in bare_window.statusBar().currentMessage()
    doc.set_pack(national)  # what 文件 → 表套… does when the same set is chosen again
    assert doc.pack_notice == ""
    assert recorded_hash(doc.dfile) == national.content_hash
    assert not bare_window.pack_notice_label.isVisibleTo(bare_window)
