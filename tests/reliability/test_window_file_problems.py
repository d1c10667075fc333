"""The window facing a read-only file and a full disk: a Chinese message, the grid unchanged, the
file's bytes unchanged."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.reliability.fsutil import read_only

pytestmark = pytest.mark.gui


@pytest.fixture
def window(bare_window, monkeypatch):
    """The bare window (tests/ui/conftest.py) with its error boxes collected instead of shown."""
    errors: list[str] = []
    monkeypatch.setattr(bare_window, "show_error", lambda title, message: errors.append(message))
    bare_window.errors = errors
    return bare_window


def personnel_index(window):  # noqa: ANN001, ANN201
    model = window.show_view(("basic", "personnel")).model()
    row = next(r for r, row in enumerate(model.rows) if row.key.function == "2060101")
    return model, model.index(row, model.column_of("30101"))


def test_window_refuses_a_read_only_file_with_the_reason(window, demo_path):
    data = demo_path.read_bytes()
    with read_only(demo_path):
        assert not window.open_path(demo_path)
        assert window.errors == ["文件“demo.budget”是只读的，无法保存修改。可以用只读方式打开。"]
        assert window.open_path(demo_path, readonly=True)
        model, index = personnel_index(window)
        assert not model.setData(index, "1", Qt.ItemDataRole.EditRole)
        assert window.last_problem == "文件以只读方式打开，不能修改。"
        assert index.data() == "42.75"
        window.close_document()
    assert demo_path.read_bytes() == data


def test_typing_on_a_full_disk_is_refused_and_nothing_changes(window, demo_path):
    assert window.open_path(demo_path)
    dfile = window.document.dfile
    with dfile.reading() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages}")
    model, index = personnel_index(window)
    # A paste of many new long notes needs new pages: the database may not grow.
    expenditure = window.show_view(("expenditure",))
    emodel = expenditure.model()
    note = [c.header for c in emodel.columns].index("备注")
    data = demo_path.read_bytes()
    block = "\n".join("很长的说明" * 400 for _ in range(emodel.rowCount()))
    expenditure.setCurrentIndex(emodel.index(0, note))
    assert not expenditure.paste_text(block)
    assert window.last_problem == "磁盘已满，文件“demo.budget”未能保存本次修改（文件保持原样）。"
    assert emodel.index(0, note).data() == "表10"
    assert window.document.undo_stack.count() == 0
    assert demo_path.read_bytes() == data
    with dfile.reading() as conn:
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages * 100}")
    assert model.setData(index, "52.75", Qt.ItemDataRole.EditRole)  # room again: typing works
