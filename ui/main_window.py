"""The main window: a thin shell that composes the pages, one module each (``ui/pages/``).

It knows the pages only through :class:`ui.widgets.page.Page`: a navigation list
on the left, a stack of pages on the right, a status bar. Pages talk to each
other through the :class:`~ui.context.AppContext` (navigation, change notices),
never through the window.

The window is shown *before* the database stack is imported (that import is
most of start-up): at first it holds a calm "opening" message, and
:meth:`MainWindow.install_pages` builds the pages once the vault is open.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import prefs
from ui.context import AppContext

PAGES = (
    ("ui.dashboard.page", "DashboardPage"),
    ("ui.plans.page", "PlansPage"),
    ("ui.departments.page", "DepartmentsPage"),
    ("ui.inspections.page", "InspectionsPage"),
    ("ui.findings.page", "FindingsPage"),
    ("ui.rectification.page", "RectificationPage"),
    ("ui.sync.page", "SyncPage"),
    ("ui.settings.page", "SettingsPage"),
)
"""In navigation order; Ctrl+1 … Ctrl+8 jump to them."""


def page_classes() -> list[type]:
    """The page classes (importing them imports the core; call it on the worker first)."""
    return [getattr(importlib.import_module(module), name) for module, name in PAGES]


class MainWindow(QMainWindow):
    page_shown = Signal(str)  # key of the page now in front
    first_paint = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._painted = False
        self.setWindowTitle(self.tr("Inspector — 政务数据安全监督检查"))
        self.setMinimumSize(1024, 640)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(110)
        self.stack = QStackedWidget()
        # Until the vault is open: a calm message in the middle. Centred by stretches, not by
        # Qt.AlignmentFlag: the frame is painted before anything touches the Qt namespace (ui.shell).
        self.waiting = QWidget()
        self.waiting_label = QLabel(self.tr("正在打开保险库…"))
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.waiting_label)
        row.addStretch()
        column = QVBoxLayout(self.waiting)
        column.addStretch()
        column.addLayout(row)
        column.addStretch()
        self.stack.addWidget(self.waiting)
        self.pages: dict = {}
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([150, 1130])
        self.setCentralWidget(self.splitter)

        self.vault_label = QLabel()
        self.keyring_label = QLabel()
        self.statusBar().addWidget(self.vault_label, 1)
        self.statusBar().addPermanentWidget(self.keyring_label)

        lock = QShortcut(QKeySequence("Ctrl+L"), self)
        lock.activated.connect(ctx.lock_requested)
        self.nav.currentRowChanged.connect(self._show_row)
        ctx.navigate_requested.connect(self.navigate)
        if not prefs.restore_geometry(self, "main", {"splitter": self.splitter}):
            self.resize(1280, 760)
        if ctx.vault is not None:
            self.install_pages()

    def set_waiting(self, text: str) -> None:
        self.waiting_label.setText(text)

    def install_pages(self) -> None:
        """Build every page on the open vault and show the first."""
        for n, cls in enumerate(page_classes(), start=1):
            page = cls(self.ctx)
            self.pages[page.key] = page
            self.stack.addWidget(page)
            self.nav.addItem(page.title())
            self.nav.item(n - 1).setToolTip(f"Ctrl+{n}")
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            shortcut.activated.connect(lambda row=n - 1: self.nav.setCurrentRow(row))
        self._show_vault_status()
        self.nav.setCurrentRow(0)

    def _show_vault_status(self) -> None:
        vault = self.ctx.vault
        self.vault_label.setText(self.tr("保险库：{path}").format(path=vault.path))
        st = vault.keyring_status
        if st is not None and st.usable:
            self.keyring_label.setText(self.tr("密钥保存在系统密钥环"))
        else:
            self.keyring_label.setText(self.tr("每次需输入恢复口令"))
            if st is not None:
                self.keyring_label.setToolTip(st.reason_zh + "\n" + st.reason_en)

    def _show_row(self, row: int, argument: object = None) -> None:
        if row < 0 or not self.pages:
            return
        page = list(self.pages.values())[row]
        self.stack.setCurrentWidget(page)
        page.activate(argument)
        self.page_shown.emit(page.key)

    def navigate(self, key: str, argument: object = None) -> None:
        """Bring page ``key`` to the front, passing ``argument`` (e.g. a record id)."""
        row = list(self.pages).index(key)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)
        self._show_row(row, argument)

    def current_page(self):
        return self.stack.currentWidget()

    def clear_pages(self) -> None:
        """Locking: every page forgets what it showed (and flushes pending saves)."""
        for page in self.pages.values():
            page.clear()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_paint.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        prefs.save_geometry(self, "main", {"splitter": self.splitter})
        self.clear_pages()
        super().closeEvent(event)
