"""The main window: a thin shell that composes the pages, one module each (``ui/pages/``).

It knows the pages only through :class:`ui.widgets.page.Page`: a navigation list
on the left (icons, and badges counting what waits on each page), a stack of pages
on the right, each under the same header (icon, title, what the page is for, the
page's own actions at the right), a status bar. Pages talk to each
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

from ui import i18n, prefs
from ui.context import AppContext
from ui.widgets import palette
from ui.widgets.page import CoalescedReload

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

ICONS = {"dashboard": "layout-dashboard", "plans": "calendar-range", "departments": "building-2",
         "inspections": "clipboard-check", "findings": "circle-alert", "rectification": "file-check",
         "sync": "arrow-left-right", "settings": "settings"}
"""Each page's navigation icon (resources/icons/nav/, Lucide)."""


def page_classes() -> list[type]:
    """The page classes (importing them imports the core; call it on the worker first)."""
    return [getattr(importlib.import_module(module), name) for module, name in PAGES]


class MainWindow(CoalescedReload, QMainWindow):  # CoalescedReload: the badges, counted once per turn
    page_shown = Signal(str)  # key of the page now in front
    first_paint = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._painted = False
        self.setWindowTitle(self.tr("Inspector — 政务数据安全监督检查"))
        self.setMinimumSize(1024, 640)

        # A plain list until the pages are installed (after the first paint, install_pages): the navigation's
        # icons and badges cost start-up time before it (tests/bench/bench_startup.py).
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(110)
        self.headers: dict = {}  # page key → its PageHeader
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
        self.zone_label = QLabel()  # every time shown is Beijing time: said once, here
        self.zone_label.setContentsMargins(0, 0, 16, 0)  # apart from the keyring's note beside it
        self.statusBar().addWidget(self.vault_label, 1)
        self.statusBar().addPermanentWidget(self.zone_label)
        self.statusBar().addPermanentWidget(self.keyring_label)

        lock = QShortcut(QKeySequence("Ctrl+L"), self)
        lock.activated.connect(ctx.lock_requested)
        ctx.written.connect(self._badges_stale)
        self.nav.currentRowChanged.connect(self._show_row)
        ctx.navigate_requested.connect(self.navigate)
        self._restored = prefs.restore_geometry(self, "main", {"splitter": self.splitter})
        if not self._restored:
            self.resize(1280, 760)
        if ctx.vault is not None:
            self.install_pages()

    def set_waiting(self, text: str) -> None:
        self.waiting_label.setText(text)

    def install_pages(self) -> None:
        """Build every page on the open vault and show the first."""
        self._use_navigation_list()
        for n, cls in enumerate(page_classes(), start=1):
            page = cls(self.ctx)
            self.pages[page.key] = page
            header = PageHeader(page, ICONS.get(page.key, ""))
            self.headers[page.key] = header
            self.stack.addWidget(header.frame)
            self.nav.add_page(page.title(), ICONS.get(page.key, ""), f"Ctrl+{n}")
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            shortcut.activated.connect(lambda row=n - 1: self.nav.setCurrentRow(row))
        self._show_vault_status()
        width = self.nav.fitting_width()
        self.nav.setMinimumWidth(width)
        if not self._restored:
            self.splitter.setSizes([width, max(self.width() - width, 600)])
        self.nav.setCurrentRow(0)
        self.refresh_badges()

    def _use_navigation_list(self) -> None:
        """The navigation with icons and badges takes the plain list's place (once)."""
        from ui.widgets.navigation import NavigationList

        if isinstance(self.nav, NavigationList):
            return
        plain, self.nav = self.nav, NavigationList()
        self.nav.setMinimumWidth(plain.minimumWidth())
        self.splitter.replaceWidget(0, self.nav)
        self.nav.currentRowChanged.connect(self._show_row)
        plain.deleteLater()

    # ---- badges: what waits on each page ---------------------------------------------------------

    def _badges_stale(self, *_args) -> None:
        """A write happened: count again once this turn of the event loop is over (many writes, one read)."""
        if self.pages:
            self.reload()

    def _reload_now(self) -> None:
        self.refresh_badges()

    def refresh_badges(self) -> None:
        if not self.pages:
            return
        from inspector.services.dashboard import navigation_counts
        from inspector.timezones import china_today

        today = china_today()
        self.ctx.read(self, lambda s: navigation_counts(s, today), self._show_badges, key="badges")

    def _show_badges(self, counts) -> None:
        if not self.pages:
            return  # locked meanwhile
        keys = list(self.pages)
        shown = {
            "dashboard": (counts.escalations, True, self.tr("{n} 项待上报或移送（第三十三条）")),
            "inspections": (counts.running, False, self.tr("{n} 个现场检查进行中")),
            "findings": (counts.overdue, True, self.tr("{n} 个问题逾期未整改")),
            "rectification": (counts.to_verify, False, self.tr("{n} 个问题已报整改，待核验")),
            "sync": (counts.conflicts, True, self.tr("{n} 处同步冲突待处理")),
        }
        for key, (count, urgent, tooltip) in shown.items():
            if key in keys:
                self.nav.set_badge(keys.index(key), count, urgent, tooltip.format(n=count))

    def _show_vault_status(self) -> None:
        vault = self.ctx.vault
        if getattr(vault, "address", None) is not None:  # the office hub
            from inspector.hub.roles import ROLES

            self.vault_label.setText(self.tr("集中库：{name}（{role}）").format(
                name=vault.where, role=i18n.pick(*ROLES[vault.role][1:])))
            self.keyring_label.setText(self.tr("只读") if vault.read_only else "")
            return
        self.vault_label.setText(self.tr("保险库：{path}").format(path=vault.path))
        if getattr(vault, "swept", None):  # what opening removed: files a crash left without a record
            self.statusBar().showMessage(self.tr("已清理 {n} 个上次中断时留下的证据文件（没有对应记录，无法读取），已记入审计记录。")
                                         .format(n=len(vault.swept)), 30_000)
        from inspector.paths import default_demo_vault_path
        from ui.widgets.labels import zone_text, zone_tooltip

        self.zone_label.setText(self.tr("时间：{zone}").format(zone=zone_text()))
        self.zone_label.setToolTip(zone_tooltip())
        st = vault.keyring_status
        if st is not None and st.usable:
            self.keyring_label.setText(self.tr("密钥保存在系统密钥环"))
        elif vault.path == default_demo_vault_path():  # ui.app --demo: the shell gives the public passphrase
            self.keyring_label.setText(self.tr("演示保险库：口令公开，自动解锁"))
            self.keyring_label.setToolTip(self.tr("演示保险库的恢复口令是公开的，本应用启动时自动输入；"
                                                  "真实数据请使用自己的保险库。"))
        else:
            self.keyring_label.setText(self.tr("每次需输入恢复口令"))
            if st is not None:
                self.keyring_label.setToolTip(st.reason_zh + "\n" + st.reason_en)

    def _show_row(self, row: int, argument: object = None) -> None:
        if row < 0 or not self.pages:
            return
        page = list(self.pages.values())[row]
        self.stack.setCurrentWidget(self.headers[page.key].frame)
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
        """The page in front (before the vault is open: the waiting message)."""
        current = self.stack.currentWidget()
        return next((p for k, p in self.pages.items() if self.headers[k].frame is current), current)

    def clear_pages(self) -> None:
        """Locking: every page forgets what it showed (and flushes pending saves)."""
        for page in self.pages.values():
            page.clear()
        if hasattr(self.nav, "set_badge"):
            for row in range(self.nav.count()):
                self.nav.set_badge(row, 0, False, "")

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_paint.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        prefs.save_geometry(self, "main", {"splitter": self.splitter})
        self.clear_pages()
        super().closeEvent(event)


class PageHeader:
    """A page under its header: the page's icon and title, what it is for, and the page's own actions
    at the right — the same on every page. ``frame`` is what the window's stack holds."""

    def __init__(self, page, icon: str) -> None:
        from PySide6.QtCore import (  # after the first paint (the Qt namespace costs start-up time)
            QSize,
            Qt,
        )

        from ui.widgets.navigation import nav_icon

        self.page = page
        self.frame = QWidget()
        self.frame.setObjectName(f"page-{page.key}")
        self.icon_label = QLabel()
        if icon:
            self.icon_label.setPixmap(nav_icon(icon).pixmap(QSize(24, 24)))
        self.title_label = QLabel(page.title())
        self.title_label.setObjectName("page-title")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title_label.setFont(font)
        self.subtitle_label = QLabel(page.subtitle())
        self.subtitle_label.setObjectName("page-subtitle")
        self.subtitle_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.subtitle_label.setVisible(bool(page.subtitle()))
        self.subtitle_label.setWordWrap(True)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.title_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addSpacing(8)
        row.addWidget(self.subtitle_label, 10, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        for action in page.header_actions():
            row.addWidget(action, 0, Qt.AlignmentFlag.AlignVCenter)
        page.header_placed = True
        page.update_header_actions()
        column = QVBoxLayout(self.frame)
        column.setContentsMargins(12, 10, 12, 0)
        column.setSpacing(6)
        column.addLayout(row)
        column.addWidget(page, 1)
        if page.layout() is not None:
            page.layout().setContentsMargins(0, 0, 0, 0)
