"""The main window: navigator, grid in the centre, findings dock, status bar, menus."""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolTip,
    QWidget,
)

from desktop.errors import BudgetError
from desktop.models.store import FILE_SUFFIX, DepartmentFile, FileLockedError
from desktop.money import DisplayUnit
from desktop.records import (
    Change,
    ControlFigure,
    ExpenditureLine,
    IncomeLine,
    PriorYearLine,
    Project,
    ReasonText,
    Unit,
)
from desktop.ui import appsettings
from desktop.ui.basic_grid_model import BasicGridModel
from desktop.ui.display import amount_text
from desktop.ui.document import Document
from desktop.ui.findings_dock import FindingsDock
from desktop.ui.focus import focus_grid, view_grid
from desktop.ui.grid_view import GridView
from desktop.ui.icons import icon
from desktop.ui.navigator import Navigator
from desktop.ui.welcome import WelcomePage

if TYPE_CHECKING:
    from desktop.checks.finding import Finding
    from desktop.ui.drilldown import DrillDownDialog

# Only what the window needs to open a file and show its first view is imported above; the other
# views, dialogs and the checks are imported where they are first used (start-up time).
FILE_FILTER = f"部门预算文件 (*{FILE_SUFFIX});;所有文件 (*)"
APP_TITLE = "部门预算编制"
WARM_UP_DELAY_MS = 3000
# A file opened in a window that is never drawn (hidden, minimised) is checked after this delay.
UNPAINTED_LOAD_MS = 1000


class MainWindow(QMainWindow):
    """One department file at a time; every accepted edit is already in the file."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or appsettings.app_settings()
        self.document: Document | None = None
        self.views: dict[tuple, QWidget] = {}
        self.dirty: set[tuple] = set()
        self.last_problem = ""
        self._findings_pending = False
        self.undo_group = QUndoGroup(self)
        self._findings_wanted = True  # the user's choice for the dock while a file is open
        self._after_paint: list = []  # callbacks queued behind the next paint of the window
        self.setWindowTitle(APP_TITLE)

        self.welcome = WelcomePage()
        self.navigator = Navigator()
        self.view_stack = QStackedWidget()
        self.splitter = QSplitter()
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.view_stack)
        self.splitter.setStretchFactor(1, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)
        self.findings = FindingsDock(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)

        self._build_status_bar()
        self._build_actions()
        self._connect()
        self._restore_layout()
        self._set_open(False)

    # -- construction ------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.income_label = QLabel()
        self.expenditure_label = QLabel()
        self.balance_label = QLabel()
        self.save_label = QLabel()
        # a provisional catalog (科目表暂用): the year's list is a copy until the real one is imported
        self.catalog_label = QLabel()
        self.catalog_label.setStyleSheet("color: #8a5a00;")
        self.catalog_label.setVisible(False)
        # the recorded table set was changed since the file chose it (until it is chosen again)
        self.pack_notice_label = QLabel("表套已修改")
        self.pack_notice_label.setStyleSheet("color: #8a5a00;")
        self.pack_notice_label.setVisible(False)
        for label in (
            self.pack_notice_label,
            self.catalog_label,
            self.income_label,
            self.expenditure_label,
            self.balance_label,
            self.save_label,
        ):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        menu = self.menuBar().addMenu("文件(&F)")
        self.new_action = self._action("新建部门…", self.new_department, keys.New)
        self.open_action = self._action("打开…", self.open_dialog, keys.Open)
        self.recent_menu = menu.addMenu("最近打开的文件")
        self.demo_action = self._action("打开演示部门", self.open_demo)
        self.save_action = self._action("保存", self.save, keys.Save)
        self.export_action = self._action("导出…", self.export, "Ctrl+E")
        self.print_action = self._action("打印…", self.print_tables, keys.Print)
        self.preview_action = self._action("打印预览…", self.print_preview, "Ctrl+Shift+P")
        self.pack_action = self._action("表套…", self.choose_pack)
        self.quit_action = self._action("退出", self.close, keys.Quit)
        menu.insertAction(self.recent_menu.menuAction(), self.new_action)
        menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        menu.addAction(self.demo_action)
        from desktop.ui.document_actions import export_public_document, new_next_year

        self.next_year_action = self._action("新建下一年度…", lambda: new_next_year(self))
        menu.insertAction(self.recent_menu.menuAction(), self.next_year_action)
        from desktop.ui.final_actions import add_final_actions

        self.final_action, self.accounts_action = add_final_actions(self, menu)
        menu.addSeparator()
        menu.addAction(self.pack_action)
        menu.addAction(self.save_action)
        menu.addAction(self.export_action)
        menu.addAction(self.print_action)
        menu.addAction(self.preview_action)
        self.document_action = self._action("导出公开文本…", lambda: export_public_document(self))
        menu.addAction(self.document_action)
        from desktop.ui.backup_dialog import restore_in_window  # 从备份恢复…

        self.restore_action = self._action("从备份恢复…", lambda: restore_in_window(self))
        menu.addAction(self.restore_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

        edit = self.menuBar().addMenu("编辑(&E)")
        self.undo_action = self.undo_group.createUndoAction(self, "撤销")
        self.undo_action.setShortcut(keys.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "重做")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(keys.Redo)])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self.insert_row_action = self._action(
            "插入行", lambda: self._on_grid("insert_row"), "Ctrl+I"
        )
        self.delete_rows_action = self._action(
            "删除行", lambda: self._on_grid("delete_rows"), "Ctrl+-"
        )
        edit.addAction(self.insert_row_action)
        edit.addAction(self.delete_rows_action)
        edit.addSeparator()
        self.find_action = self._action("查找…", self.find, keys.Find)
        edit.addAction(self.find_action)

        view = self.menuBar().addMenu("视图(&V)")
        self.unit_group = QActionGroup(self)
        self.unit_actions = {}
        for number, unit in enumerate((DisplayUnit.WAN_YUAN, DisplayUnit.YUAN), start=1):
            action = QAction(f"金额单位：{unit.label}", self, checkable=True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, u=unit: self.set_unit(u))
            self.unit_group.addAction(action)
            view.addAction(action)
            self.unit_actions[unit] = action
        self.unit_actions[DisplayUnit.WAN_YUAN].setChecked(True)
        view.addSeparator()
        self.findings_action = self.findings.toggleViewAction()
        self.findings_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.findings_action.triggered.connect(lambda on: setattr(self, "_findings_wanted", on))
        view.addAction(self.findings_action)
        view.addSeparator()
        self.previous_view_action = self._action(
            "上一张表", lambda: self.step_view(-1), "Ctrl+PgUp"
        )
        self.next_view_action = self._action("下一张表", lambda: self.step_view(1), "Ctrl+PgDown")
        self.next_pane_action = self._action("切换到下一区域", lambda: self.cycle_pane(1), "F6")
        self.previous_pane_action = self._action(
            "切换到上一区域", lambda: self.cycle_pane(-1), "Shift+F6"
        )
        for action in (
            self.previous_view_action,
            self.next_view_action,
            self.next_pane_action,
            self.previous_pane_action,
        ):
            view.addAction(action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.manual_action = self._action(
            "用户手册", self.show_manual, QKeySequence.StandardKey.HelpContents
        )
        help_menu.addAction(self.manual_action)
        help_menu.addSeparator()
        self.about_action = self._action("关于", self.show_about)
        help_menu.addAction(self.about_action)

        for action, name in (
            (self.new_action, "new"),
            (self.open_action, "open"),
            (self.save_action, "save"),
            (self.export_action, "export"),
            (self.print_action, "print"),
            (self.preview_action, "preview"),
            (self.undo_action, "undo"),
            (self.redo_action, "redo"),
            (self.insert_row_action, "insert-row"),
            (self.delete_rows_action, "delete-row"),
            (self.find_action, "find"),
            (self.unit_actions[DisplayUnit.WAN_YUAN], "unit-wan"),
            (self.unit_actions[DisplayUnit.YUAN], "unit-yuan"),
        ):
            action.setIcon(icon(name))
        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(20, 20))
        for action in (self.open_action, self.save_action, self.print_action, self.export_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addSeparator()
        toolbar.addAction(self.insert_row_action)
        toolbar.addAction(self.delete_rows_action)
        toolbar.addAction(self.find_action)
        toolbar.addSeparator()
        for action in self.unit_actions.values():
            toolbar.addAction(action)

    def _connect(self) -> None:
        self.navigator.view_selected.connect(
            lambda key: self.show_view(key, focus=not self.navigator.hasFocus())
        )
        self.navigator.enter_view.connect(lambda: focus_grid(self.current_view()))
        self.welcome.new_requested.connect(self.new_department)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_requested.connect(self.open_path)
        self.welcome.manual_requested.connect(self.show_manual)
        self.findings.jump_requested.connect(self.jump_to_finding)
        self.findings.message.connect(self.show_info)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
            self.splitter.setSizes([250, 1030])
            self.resizeDocks([self.findings], [160], Qt.Orientation.Vertical)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        self.welcome.set_recent(appsettings.recent_files(self.settings))

    def _set_open(self, is_open: bool) -> None:
        self.pages.setCurrentIndex(1 if is_open else 0)
        writable = is_open and self.document is not None and not self.document.readonly
        for action in (self.insert_row_action, self.delete_rows_action, self.pack_action):
            action.setEnabled(writable)
        for action in (
            self.save_action,
            self.print_action,
            self.preview_action,
            self.find_action,
            self.previous_view_action,
            self.next_view_action,
        ):
            action.setEnabled(is_open)
        # Nothing to check and no amounts to show on the welcome page.
        self.findings.setVisible(is_open and self._findings_wanted)
        self.findings_action.setEnabled(is_open)
        for action in self.unit_actions.values():
            action.setVisible(is_open)
        self.export_action.setEnabled(
            is_open and importlib.util.find_spec("desktop.ui.export_dialog") is not None
        )
        self.document_action.setEnabled(is_open)
        self.next_year_action.setEnabled(is_open)
        self.final_action.setEnabled(is_open)
        self.accounts_action.setEnabled(is_open)

    # -- files -------------------------------------------------------------------------------
    def ask_readonly(self, message: str) -> bool:
        """Asked when another instance holds the file: open it read-only instead?"""
        box = QMessageBox(QMessageBox.Icon.Question, "文件正在使用", message, parent=self)
        readonly = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is readonly

    def lock_box(self, exc: FileLockedError) -> tuple[QMessageBox, dict[str, object]]:
        """The question shown when another instance holds the file (who, where, since when)."""
        box = QMessageBox(QMessageBox.Icon.Question, "文件正在使用", str(exc), parent=self)
        buttons: dict[str, object] = {
            "readonly": box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
        }
        if exc.holder is not None:
            buttons["force"] = box.addButton("强制解除…", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        return box, buttons

    def ask_locked(self, exc: FileLockedError) -> str:
        """ "readonly", "force" (confirmed a second time) or "" for cancel."""
        if exc.holder is None:
            return "readonly" if self.ask_readonly(str(exc)) else ""
        box, buttons = self.lock_box(exc)
        box.exec()
        clicked = box.clickedButton()
        if clicked is buttons["readonly"]:
            return "readonly"
        if clicked is buttons.get("force") and self.confirm_force_unlock(exc):
            return "force"
        return ""

    def confirm_force_unlock(self, exc: FileLockedError) -> bool:
        holder = exc.holder.describe() if exc.holder else "另一个程序"
        answer = QMessageBox.warning(
            self,
            "强制解除",
            f"只有在确认 {holder}打开的程序已经关闭（例如那台计算机断电、U 盘被拔出）时才能强制解除。"
            "如果那个程序仍在编辑，两边的修改会互相覆盖。\n\n确定要强制解除并以编辑方式打开吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, message)

    def open_path(
        self, path: str | Path, readonly: bool = False, force_unlock: bool = False
    ) -> bool:
        """Open a department file; any failure is a Chinese message, never a crash.

        A file that cannot be opened is dropped from the recent files (and so not reopened at the
        next start).
        """
        path = Path(path)
        try:
            try:
                dfile = DepartmentFile.open(path, readonly=readonly, force_unlock=force_unlock)
            except FileLockedError as exc:
                choice = self.ask_locked(exc)
                if not choice:
                    return False
                force = choice == "force"
                dfile = DepartmentFile.open(path, readonly=not force, force_unlock=force)
            try:
                document = Document(dfile, self)
            except Exception:
                dfile.close()
                raise
        except FileLockedError as exc:
            self.show_error("无法打开文件", str(exc))
            return False
        except BudgetError as exc:
            self._open_failed(path, str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - the window must survive any file
            self._open_failed(
                path, f"打开“{path.name}”时出现意外错误（{type(exc).__name__}），文件没有被修改。"
            )
            return False
        self.close_document()
        self._set_document(document)
        appsettings.remember_file(self.settings, path)
        self.welcome.set_recent(appsettings.recent_files(self.settings))
        if dfile.notice:
            self.show_info(dfile.notice)
        return True

    def _open_failed(self, path: Path, message: str) -> None:
        if appsettings.forget_file(self.settings, path):
            message += "\n\n它已从“最近打开的文件”中移除，下次启动时不会再自动打开。"
            self.welcome.set_recent(appsettings.recent_files(self.settings))
        self.show_error("无法打开文件", message)

    def _set_document(self, document: Document) -> None:
        self.document = document
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.tables_changed.connect(self._on_tables_changed)
        document.changed.connect(self._on_changed)
        document.failed.connect(self.show_problem)
        document.pack_changed.connect(self._on_pack_changed)
        document.set_unit(self._checked_unit())
        dept = document.ledger.department
        suffix = "（只读）" if document.readonly else ""
        self.setWindowTitle(f"{dept.name} {dept.fiscal_year} 年 — {APP_TITLE}{suffix}")
        self.navigator.populate(document)
        self.findings.set_document(document)
        self._set_open(True)
        self.save_label.setText("只读，不能修改" if document.readonly else "已保存")
        catalog = document.ledger.catalog
        self.catalog_label.setText(f"{catalog.year} 年科目表暂用" if catalog.provisional else "")
        self.catalog_label.setToolTip(catalog.provisional_label)
        self.catalog_label.setVisible(catalog.provisional)
        self._show_pack_notice()
        if document.dfile.migrated_from is not None and not document.readonly:
            self.show_info(
                f"文件已从旧版本（版本 {document.dfile.migrated_from}）升级；"
                f"升级前的备份：{document.dfile.migration_backup}"
            )
        if document.pack_problem:
            self.show_problem(document.pack_problem)
        self._update_totals()
        # The code search's pinyin tables load in the background once the window has settled,
        # not at start-up and not at the first keystroke in a code cell.
        QTimer.singleShot(WARM_UP_DELAY_MS, self, lambda: self._warm_up(document))
        self.show_view(("basic", "personnel"))
        # The first view needs the ledger only: the standard tables and the full check follow
        # once it is on screen, one step per turn of the event loop, so that input is answered
        # between them (a key pressed right after the first paint comes before the roll-up).
        # The findings dock says 审核中… until then.
        self.after_next_paint(lambda: self._after_first_paint(document))
        QTimer.singleShot(UNPAINTED_LOAD_MS, document, lambda: self._finish_loading(document))

    def after_next_paint(self, callback) -> None:  # noqa: ANN001 - a callable without arguments
        """Run `callback` in the event loop once the window has been drawn the next time (not
        at all if the open document is closed first)."""
        self._after_paint.append(callback)

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().paintEvent(event)
        if self._after_paint:
            # Posted now, they run after this paint (the children are drawn in the same pass).
            waiting, self._after_paint = self._after_paint, []
            for callback in waiting:
                QTimer.singleShot(0, self, callback)

    def _after_first_paint(self, document: Document) -> None:
        """One more turn of the event loop: what was posted with the paint is answered first."""
        QTimer.singleShot(0, self, lambda: self._finish_loading(document))

    def _finish_loading(self, document: Document) -> None:
        """The backup of the file as opened, what writing needs and the roll-up of every standard
        table; the full check in the next turn of the loop."""
        if document is not self.document or not document.checks_pending:
            return
        document.take_backup()
        try:
            document.ledger.prepare_writes()
            document.rollup  # noqa: B018 - made now (a table view may have made it already)
        except Exception as exc:  # noqa: BLE001 - as when opening failed: a message, no crash
            path = document.path
            self.close_document()
            message = (
                str(exc)
                if isinstance(exc, BudgetError)
                else f"打开“{path.name}”时出现意外错误（{type(exc).__name__}），文件没有被修改。"
            )
            self._open_failed(path, message)
            return
        QTimer.singleShot(0, self, lambda: self._finish_checks(document))

    def _finish_checks(self, document: Document) -> None:
        if document is not self.document or not document.checks_pending:
            return
        document.checker  # noqa: B018 - the full check runs now; the dock is told
        # The department's records live as long as it is open: keep them out of the cyclic
        # garbage collector's full passes, which otherwise stall an edit of a large department
        # for tens of milliseconds whenever one falls due.
        gc.freeze()

    def _warm_up(self, document: Document) -> None:
        if document is self.document:  # still open: build the pinyin tables off the GUI thread
            from desktop import code_search

            catalog = document.ledger.catalog
            threading.Thread(target=code_search.warm_up, args=(catalog,), daemon=True).start()

    def close_document(self) -> None:
        if self.document is None:
            return
        self._after_paint.clear()  # nothing more to finish for this document
        gc.unfreeze()  # what the department held may be collected once it is closed
        focused = self.focusWidget()
        if focused is not None:
            focused.clearFocus()  # a text being typed (a goal) is committed while views exist
        for view in self.views.values():
            self.view_stack.removeWidget(view)
            view.deleteLater()
        self.views.clear()
        self.dirty.clear()
        self.undo_group.removeStack(self.document.undo_stack)
        self.document.close()
        self.document.deleteLater()
        self.document = None
        self.findings.set_document(None)
        self.setWindowTitle(APP_TITLE)
        self.catalog_label.setVisible(False)
        self.pack_notice_label.setVisible(False)
        self._set_open(False)

    def open_dialog(self) -> None:
        start = str(Path(appsettings.last_file(self.settings) or Path.home()).parent)
        path, _ = QFileDialog.getOpenFileName(self, "打开部门文件", start, FILE_FILTER)
        if path:
            self.open_path(path)

    def open_demo(self) -> None:
        try:
            path = appsettings.demo_file()
        except BudgetError as exc:
            self.show_error("无法生成演示部门", str(exc))
            return
        self.open_path(path)

    def show_manual(self) -> None:
        """Help > 用户手册: the manual beside the window (one at a time)."""
        from desktop.ui.help_dialog import show_manual

        dialog = getattr(self, "manual_dialog", None)
        if dialog is None or not dialog.isVisible():
            self.manual_dialog = show_manual(self)
        else:
            self.manual_dialog.raise_()
            self.manual_dialog.activateWindow()

    def show_about(self) -> None:
        from desktop.ui.dialogs import show_about

        show_about(self)

    def new_department(self) -> None:
        from desktop.ui.dialogs import NewDepartmentDialog, write_department_settings

        dialog = NewDepartmentDialog(self)
        if not dialog.exec():
            return
        year, code, name, units = dialog.values()
        kind = dialog.kind()
        mark = "决算" if kind == "final" else ""
        suggested = str(Path.home() / f"{name}{year}{mark}{FILE_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "保存新部门文件", suggested, FILE_FILTER)
        if not path:
            return
        if not path.endswith(FILE_SUFFIX):
            path += FILE_SUFFIX
        try:
            create_department(Path(path), year, code, name, units, kind)
            write_department_settings(Path(path), dialog.settings())
        except BudgetError as exc:
            self.show_error("无法新建部门", str(exc))
            return
        self.open_path(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = appsettings.recent_files(self.settings)
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not files:
            self.recent_menu.addAction("（无）").setEnabled(False)

    def export(self) -> None:
        if self.document is None:
            return
        from desktop.ui.export_dialog import open_export_dialog

        doc = self.document
        open_export_dialog(self, doc.ledger, doc.rollup, doc.dfile)

    # -- views -------------------------------------------------------------------------------
    def show_view(self, key: tuple, focus: bool = True) -> QWidget | None:
        """Show the view of `key`; with `focus` the keyboard goes to its first editable cell."""
        if self.document is None:
            return None
        view = self.views.get(key)
        if view is None:
            view = self._make_view(key)
            if view is None:
                return None
            self.views[key] = view
            self.view_stack.addWidget(view)
        elif key in self.dirty:
            _refresh(view)
        self.dirty.discard(key)
        self.view_stack.setCurrentWidget(view)
        if self.navigator.current_key() != key:
            self.navigator.select(key)
        if focus:
            focus_grid(view)
        return view

    def step_view(self, step: int) -> None:
        """Ctrl+PgUp / Ctrl+PgDn: the previous or next view in the navigator's order."""
        keys = self.navigator.view_keys()
        current = self.navigator.current_key()
        if not keys or self.document is None:
            return
        position = keys.index(current) if current in keys else -step
        self.show_view(keys[(position + step) % len(keys)])

    def cycle_pane(self, step: int) -> None:
        """F6 / Shift+F6: navigator → grid → 审核结果 → navigator."""
        if self.document is None:
            return
        grid = view_grid(self.current_view())
        panes: list[QWidget] = [self.navigator]
        if grid is not None:
            panes.append(grid)
        if self.findings.isVisible():
            panes.append(self.findings.table)
        focused = self.focusWidget()
        here = next((i for i, p in enumerate(panes) if focused is p or p.isAncestorOf(focused)), -1)
        target = panes[(here + step) % len(panes)]
        if target is grid:
            focus_grid(self.current_view())
        else:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def find(self) -> None:
        """Ctrl+F: the find box (one per window), its text selected for typing over."""
        from desktop.ui.find_dialog import FindDialog

        if self.document is None:
            return
        dialog = getattr(self, "find_dialog", None)
        if dialog is None:
            self.find_dialog = dialog = FindDialog(self)
        dialog.show()
        dialog.raise_()
        dialog.text.selectAll()
        dialog.text.setFocus()

    def print_tables(self) -> None:
        """Ctrl+P: print the standard tables exactly as the PDF export lays them out."""
        from desktop.ui.print_tables import print_tables

        if self.document is not None:
            print_tables(self)

    def print_preview(self) -> None:
        from desktop.ui.print_tables import print_preview

        if self.document is not None:
            print_preview(self)

    def save(self) -> None:
        """Ctrl+S: every accepted edit is already in the file; say so."""
        if self.document is None:
            return
        if self.document.readonly:
            self.show_info("文件以只读方式打开，不能保存修改。")
        else:
            self.show_info("已保存：每次修改在录入时就已写入部门文件，无需另行保存。")

    def _make_view(self, key: tuple) -> QWidget | None:
        doc = self.document
        assert doc is not None
        kind = key[0]
        if kind == "table":
            from desktop.ui.table_view import StandardTableView

            view = StandardTableView(doc, key[1])
            view.drill_requested.connect(lambda r, c, n=key[1]: self.drill_down(n, r, c))
            return view
        if kind == "basic":
            model = BasicGridModel(doc, key[1])
        elif kind in ("income", "expenditure", "project_lines", "units", "projects"):
            from desktop.ui.record_models import (
                expenditure_model,
                income_model,
                project_model,
                unit_model,
            )

            if kind == "income":
                model = income_model(doc)
            elif kind == "expenditure":
                model = expenditure_model(doc)
            elif kind == "project_lines":
                if key[1] not in doc.ledger.projects:
                    return None
                model = expenditure_model(doc, key[1])
            elif kind == "units":
                model = unit_model(doc)
            else:
                model = project_model(doc)
        elif kind in ("control", "prior_year"):
            from desktop.ui.figure_models import control_model, prior_year_model

            model = control_model(doc) if kind == "control" else prior_year_model(doc)
        else:
            from desktop.ui.final_models import FINAL_GRID_MODELS
            from desktop.ui.performance_views import PERFORMANCE_KINDS, make_performance_view
            from desktop.ui.public_text_views import GRID_MODELS, TEXT_VIEWS

            if kind in PERFORMANCE_KINDS:
                return make_performance_view(self, key)
            if kind in TEXT_VIEWS:
                return TEXT_VIEWS[kind](doc)
            if kind in GRID_MODELS:
                model = GRID_MODELS[kind](doc)
            elif kind in FINAL_GRID_MODELS:
                model = FINAL_GRID_MODELS[kind](doc)
            else:
                return None
        grid = GridView()
        grid.setModel(model)
        model.setParent(grid)
        model.refused.connect(self.show_problem)
        if hasattr(model, "info"):  # what a new line still needs before it is written
            model.info.connect(self.show_info)
        grid.message.connect(self.show_info)
        grid.detail_requested.connect(lambda r, c, g=grid: self.grid_detail(g, r, c))
        grid.table_requested.connect(lambda r, c, g=grid: self.grid_to_table(g, r, c))
        if kind == "projects":
            model.confirm = self.confirm_delete  # type: ignore[attr-defined]
        if kind == "basic":  # narrow enough for 6 economic columns beside the codes at 1366×768
            widths = (72, 80, 150, 84, 92)
            for c in range(model.columnCount()):
                grid.setColumnWidth(c, widths[c] if c < len(widths) else 92)
            grid.freeze(len(widths))
        return grid

    def current_view(self) -> QWidget | None:
        return self.view_stack.currentWidget() if self.document else None

    def _on_grid(self, method: str) -> None:
        from desktop.ui.performance_views import active_grid

        view = active_grid(self.current_view())  # a grid, or the visible grid of a target view
        if isinstance(view, GridView) and not (self.document and self.document.readonly):
            getattr(view, method)()

    def confirm_delete(self, question: str) -> bool:
        """Asked before a deletion takes more with it (a project's performance target)."""
        answer = QMessageBox.question(self, "确认删除", question)
        return answer == QMessageBox.StandardButton.Yes

    def set_unit(self, unit: DisplayUnit) -> None:
        self.unit_actions[unit].setChecked(True)
        if self.document is not None:
            self.document.set_unit(unit)
            self._update_totals()

    def _checked_unit(self) -> DisplayUnit:
        return next(
            (u for u, a in self.unit_actions.items() if a.isChecked()), DisplayUnit.WAN_YUAN
        )

    # -- after every edit ----------------------------------------------------------------------
    def _on_tables_changed(self, changes: list[Change]) -> None:
        """Figures first: the visible grid or table and the totals, before the checks run."""
        if self.document is None:
            return
        if any(isinstance(c.after or c.before, (Unit, Project)) for c in changes):
            self._drop_missing_project_views()
            self.navigator.populate(self.document)
        current = self.view_stack.currentWidget()
        for key, view in self.views.items():
            if view is current:
                _refresh(view, changes)
            else:
                self.dirty.add(key)
        self._update_totals(changes)

    def _on_changed(self, _changes: list[Change]) -> None:
        if self.document is None:
            return
        self.save_label.setText(f"已保存 {dt.datetime.now():%H:%M:%S}")
        # The list of findings follows once the event loop is free; a burst of edits shows once.
        if not self._findings_pending:
            self._findings_pending = True
            QTimer.singleShot(0, self._refresh_findings)

    def _refresh_findings(self) -> None:
        self._findings_pending = False
        self.findings.refresh()

    def choose_pack(self) -> None:
        """文件 → 表套…: print the department with another table set."""
        doc = self.document
        if doc is None or doc.readonly:
            return
        from desktop.ui.pack_dialog import PackDialog

        department = doc.ledger.department
        dialog = PackDialog(
            department.fiscal_year, doc.pack.id if doc.pack else "", self, department.kind
        )
        if not dialog.exec() or dialog.chosen() is None:
            return
        if doc.pack is not None and dialog.chosen().id == doc.pack.id and not doc.pack_notice:
            return  # the same set, unchanged; chosen again when changed, its new hash is recorded
        doc.set_pack(dialog.chosen())

    def _show_pack_notice(self) -> None:
        """The status-bar mark (and a message) while the file's set differs from when chosen."""
        notice = self.document.pack_notice if self.document is not None else ""
        self.pack_notice_label.setToolTip(notice)
        self.pack_notice_label.setVisible(bool(notice))
        if notice:
            self.show_info(notice)

    def _on_pack_changed(self) -> None:
        """Other tables and forms: their views are rebuilt and the navigator lists the new set."""
        doc = self.document
        if doc is None:
            return
        shown = self.navigator.current_key()
        stale = [k for k in self.views if k[0] in ("table", "form")]
        for key in stale:
            view = self.views.pop(key)
            self.view_stack.removeWidget(view)
            view.deleteLater()
            self.dirty.discard(key)
        self.navigator.populate(doc)
        if ("reasons",) in self.views:  # the comparisons of the new set's document template
            _refresh(self.views[("reasons",)])
        self.findings.refresh()
        self._show_pack_notice()
        self.show_info(f"已改用表套：{doc.pack.name}" if doc.pack else "已更换表套")
        numbers = [s.number for s in doc.rollup.specs]
        if shown and shown[0] == "table":
            self.show_view(("table", shown[1] if shown[1] in numbers else numbers[0]))
        elif shown and shown not in stale:
            self.show_view(shown)

    def _drop_missing_project_views(self) -> None:
        projects = self.document.ledger.projects if self.document else {}
        per_project = ("project_lines", "perf_project")
        for key in [k for k in self.views if k[0] in per_project and k[1] not in projects]:
            view = self.views.pop(key)
            self.view_stack.removeWidget(view)
            view.deleteLater()
            self.dirty.discard(key)

    def _update_totals(self, changes: list[Change] | None = None) -> None:
        """The status bar's totals: summed once per department, then kept by the `changes`
        (an edit then costs what it changed, not a pass over every line)."""
        doc = self.document
        if doc is None:
            return
        unit = doc.unit
        kept = getattr(self, "_totals", None)
        if changes is not None and kept is not None and kept[0] is doc:
            income, expenditure = kept[1], kept[2]
            for change in changes:
                for line, sign in ((change.before, -1), (change.after, 1)):
                    if isinstance(line, IncomeLine):
                        income += sign * line.amount
                    elif isinstance(line, ExpenditureLine):
                        expenditure += sign * line.amount
        else:
            income, expenditure = doc.ledger.income_total(), doc.ledger.expenditure_total()
        self._totals = (doc, income, expenditure)
        self.income_label.setText(f"收入合计 {amount_text(income, unit, False)} {unit.label}")
        self.expenditure_label.setText(
            f"支出合计 {amount_text(expenditure, unit, False)} {unit.label}"
        )
        diff = income - expenditure
        if doc.ledger.is_final:  # a 决算's income and spending differ by its 结转和结余
            self.balance_label.setText(
                f"本年收支差额 {amount_text(diff, unit, False)} {unit.label}"
            )
            self.balance_label.setStyleSheet("")
        elif diff == 0:
            self.balance_label.setText("收支平衡")
            self.balance_label.setStyleSheet("color: #1b7f3b;")
        else:
            self.balance_label.setText(
                f"收支不平衡：差额 {amount_text(diff, unit, False)} {unit.label}"
            )
            self.balance_label.setStyleSheet("color: #b00020;")

    def show_problem(self, message: str) -> None:
        """A refused edit: red in the status bar and as a tip at the current cell."""
        self.last_problem = message
        self.statusBar().setStyleSheet("QStatusBar { color: #b00020; }")
        self.statusBar().showMessage(message, 15000)
        view = self.current_view()
        if isinstance(view, GridView) and view.isVisible():
            rect = view.visualRect(view.currentIndex())
            QToolTip.showText(view.viewport().mapToGlobal(rect.bottomLeft()), message, view)

    def show_info(self, message: str) -> None:
        self.statusBar().setStyleSheet("")
        self.statusBar().showMessage(message, 8000)

    # -- drill-down and jumps --------------------------------------------------------------------
    def drill_down(self, number: int, row: int, column: int) -> DrillDownDialog | None:
        from desktop.tables.labels import row_label
        from desktop.ui.drilldown import DrillDownDialog, lines_behind

        doc = self.document
        if doc is None:
            return None
        view = self.views[("table", number)]
        model = view.model  # type: ignore[attr-defined]
        lines = lines_behind(doc.rollup, number, row, column)
        result = model.result
        label = model.spec.leaf_columns[column].label
        title = f"表{number} {result.title}：{row_label(result, row, column)} / {label}"
        dialog = DrillDownDialog(doc.ledger, title, lines, doc.unit, self)
        dialog.jump_requested.connect(self.jump_to_record)
        dialog.open()
        return dialog

    def grid_detail(self, grid: GridView, row: int, column: int) -> DrillDownDialog | None:
        """查看明细: the lines behind an input-grid cell, in the drill-down dialog."""
        from desktop.ui.drilldown import DrillDownDialog
        from desktop.ui.grid_links import lines_at

        doc = self.document
        if doc is None:
            return None
        model = grid.model()
        lines = lines_at(doc.ledger, model, row, column)
        if not lines:
            self.show_info("这一格没有可查看的收支明细。")
            return None
        header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        title = f"{getattr(model, 'title', '')}：第 {row + 1} 行 / {header}"
        dialog = DrillDownDialog(doc.ledger, title, lines, doc.unit, self)
        dialog.jump_requested.connect(self.jump_to_record)
        dialog.open()
        return dialog

    def grid_to_table(self, grid: GridView, row: int, column: int) -> bool:
        """跳转到标准表: the row of 收入总表 / 支出总表 that prints this line's figures."""
        from desktop.ui.grid_links import lines_at, table_for
        from desktop.ui.table_view import StandardTableView

        doc = self.document
        target = table_for(lines_at(doc.ledger, grid.model(), row, column)) if doc else None
        if target is None:
            self.show_info("这一行还没有可在标准表中查看的金额。")
            return False
        number, unit, function = target
        view = self.show_view(("table", number))
        if not isinstance(view, StandardTableView):
            return False
        rows = view.model.result.rows
        found = next(
            (i for i, r in enumerate(rows) if r.code == function and unit in map(str, r.key)),
            next((i for i, r in enumerate(rows) if r.code == function), None),
        )
        if found is None:
            return False
        amounts = view.model.result.amount_columns()
        view.select_cell(found, amounts[0] if amounts else 0)
        return True

    def jump_to_record(self, record: object, field: str = "") -> bool:
        from desktop.ui.final_models import FINAL_RECORD_PAGES
        from desktop.ui.performance_views import jump_to_performance, wants_target_view

        if wants_target_view(record, field):  # performance records, a project's goal texts
            return jump_to_performance(self, record, field)
        if isinstance(record, ExpenditureLine):
            if record.kind in ("personnel", "operating"):
                key: tuple = ("basic", record.kind)
            elif record.kind == "project" and record.project_code:
                key = ("project_lines", record.project_code)
            else:
                key = ("expenditure",)
        elif isinstance(record, IncomeLine):
            key = ("income",)
        elif isinstance(record, Unit):
            key = ("units",)
        elif isinstance(record, Project):
            key = ("projects",)
        elif isinstance(record, ControlFigure):
            key = ("control",)
        elif isinstance(record, PriorYearLine):
            key = ("prior_year",)
        elif isinstance(record, ReasonText):
            key = ("reasons",)
        elif type(record) in FINAL_RECORD_PAGES:
            key = (FINAL_RECORD_PAGES[type(record)],)
        else:
            return False
        view = self.show_view(key)
        if not isinstance(view, GridView):
            return False
        found = view.grid_model().locate(record)
        if found is None:
            return False
        view.jump_to(*found)
        return True

    def jump_to_finding(self, finding: Finding) -> bool:
        from desktop.checks.documentrules import REASON_RECORD
        from desktop.ui.performance_views import finding_target
        from desktop.ui.table_view import StandardTableView

        doc = self.document
        if doc is None or not finding.cells:
            return False
        cell = finding.cells[0]
        if cell.table:
            view = self.show_view(("table", cell.table))
            if not isinstance(view, StandardTableView):
                return False
            found = view.grid.locate(cell.row_key, cell.column_index)
            if found:
                view.select_cell(*found)
            return found is not None
        if cell.record == REASON_RECORD:  # a 主要原因 slot, written or not
            return self.jump_to_record(ReasonText(str(cell.record_key)))
        target = finding_target(doc.ledger, cell, finding.rule_id)
        if target is not None:
            return self.jump_to_record(*target)
        stores = {
            "expenditure": doc.ledger.expenditure_lines,
            "income": doc.ledger.income_lines,
            "project": doc.ledger.projects,
            "unit": doc.ledger.units,
            "control": doc.ledger.control_figures,
            "balance": doc.ledger.balance_lines,
        }
        record = stores.get(cell.record, {}).get(cell.record_key)
        return record is not None and self.jump_to_record(record)

    # -- closing ---------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.sync()
        self.close_document()
        super().closeEvent(event)


def _refresh(view: QWidget, changes: list[Change] | None = None) -> None:
    """Bring `view` up to date; with the `changes` just applied a grid may update only the rows
    they touch."""
    if isinstance(view, GridView):
        model = view.grid_model()
        apply = getattr(model, "apply_changes", None)
        if changes is None or apply is None or not apply(changes):
            model.refresh()
    elif callable(getattr(view, "refresh", None)):  # standard tables, target views and forms
        view.refresh()


def create_department(
    path: Path, year: int, code: str, name: str, units: list[Unit], kind: str = "budget"
) -> None:
    """Write a new department file (部门预算 or 部门决算) with its units (nothing is left behind
    on failure)."""
    from desktop.ledger import Ledger

    dfile = DepartmentFile.create(path, code, name, year, kind)
    try:
        Ledger(dfile).add(*units)
    except BudgetError:
        dfile.close()
        path.unlink(missing_ok=True)
        raise
    dfile.close()
