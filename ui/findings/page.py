"""问题 — the findings: a list that stays fluid at 100 000 findings, and the finding editor.

The list is a :class:`~ui.findings.model.FindingsTableModel`: the page asks the
worker for the ordered ids of the current filters and order
(:func:`inspector.services.search.ordered_ids`) plus the first page of rows, in
one task; the model then fetches further pages on the worker as the view
scrolls to them (one query by primary key per page of 200, ~2 ms), so the UI
thread never queries the vault. Until a page arrives its rows show "…".

Search narrows the ids already in hand (:func:`~inspector.services.search.matching_ids`
then :func:`~inspector.services.search.narrow`): typing does not sort again.
Clicking a header sorts in the query (ORDER BY), never in the view.

Double-click or Enter on a row, or ``navigate("findings", finding_id)``, opens
the :class:`~ui.findings.editor.FindingEditor` in place of the list. Its 删除… deletes a finding made in
error, with a reason; the list is shown again, and reloads on the write.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.model import Area, FindingStatus, Severity
from inspector.progress import check
from inspector.services import search
from inspector.services.search import FindingQuery, FindingRow
from inspector.timezones import china_today
from ui.context import AppContext
from ui.findings.editor import FindingEditor
from ui.findings.model import (
    COL_CREATED,
    COL_DEADLINE,
    COL_DEPARTMENT,
    COL_SEVERITY,
    COL_STATUS,
    COL_TITLE,
    PAGE_SIZE,
    FindingsTableModel,
)
from ui.widgets import palette
from ui.widgets.labels import severity_label, status_label
from ui.widgets.page import Page
from ui.widgets.table_model import ID_ROLE
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.changes import Changes
    from inspector.vault import VaultSession

SEARCH_DELAY_MS = 150  # typing pauses this long before the list narrows


@dataclass(frozen=True)
class ListLoad:
    """What one load brings back from the worker."""

    base_key: tuple[FindingQuery, date]
    base: list[str]          # ids of the filters and order, before the search text
    ids: list[str]           # what the list shows
    rows: list[FindingRow]   # the first page of it
    total: int               # findings in the vault
    departments: list[tuple[str, str]] | None


def contents_length(combo: QComboBox, row: int) -> int:
    """How many "x" the text of ``row`` is as wide as (what :meth:`QComboBox.setMinimumContentsLength` counts)."""
    metrics = combo.fontMetrics()
    return -(-metrics.horizontalAdvance(combo.itemText(row)) // max(1, metrics.horizontalAdvance("x")))


class FindingsPage(Page):
    key = "findings"
    areas = frozenset({Area.FINDINGS, Area.DEPARTMENTS})  # a department's name is a column, a filter, searched

    loaded = Signal()            # the list shows the result of the latest filters
    editor_opened = Signal(str)  # finding id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = china_today
        self.query = FindingQuery()
        self._base: tuple[tuple[FindingQuery, date], list[str]] | None = None
        self._departments_known = False

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("搜索标题、描述、地点、处理意见、整改要求、被检查单位"))
        self.search_edit.setClearButtonEnabled(True)
        self.department_combo = QComboBox()
        self.department_combo.addItem(self.tr("全部单位"), None)
        # a department's long name may be cut, never "全部单位" ("All departments")
        self.department_combo.setMinimumContentsLength(max(10, contents_length(self.department_combo, 0)))
        self.department_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.severity_combo = QComboBox()
        self.severity_combo.addItem(self.tr("全部严重程度"), None)
        for severity in (Severity.GENERAL, Severity.MAJOR, Severity.CRITICAL):
            self.severity_combo.addItem(severity_label(severity), severity)
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("全部状态"), None)
        for status in FindingStatus:
            self.status_combo.addItem(status_label(status), status)
        self.overdue_check = QCheckBox(self.tr("仅显示逾期"))
        self.count_label = QLabel()
        self.count_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        for w in (self.department_combo, self.severity_combo, self.status_combo, self.overdue_check, self.count_label):
            bar.addWidget(w)

        self.model = FindingsTableModel(self._fetch_rows, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        # never ResizeToContents: it reads every row
        configure_table(self.view, COL_TITLE, on_activate=self._open_index, resize_to_contents=False, alternating=True)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure 100 000 rows
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance(chr(0x4E2D))  # the width of one Chinese character (中)
        for col, width in ((COL_DEPARTMENT, 15), (COL_SEVERITY, 5), (COL_STATUS, 6), (COL_DEADLINE, 7),
                           (COL_CREATED, 10)):
            header.resizeSection(col, em * width)
        header.setSortIndicator(COL_CREATED, Qt.SortOrder.DescendingOrder)  # the query's default order
        self.view.setSortingEnabled(True)
        self.empty_label = QLabel()
        self.empty_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.empty_label.hide()

        self.list_panel = QWidget()
        list_layout = QVBoxLayout(self.list_panel)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(bar)
        list_layout.addWidget(self.empty_label)
        list_layout.addWidget(self.view, 1)
        self.editor = FindingEditor(ctx, deletable=True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_panel)
        self.stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._search_changed)
        self.search_edit.textChanged.connect(self.search_timer.start)
        self.search_edit.returnPressed.connect(self._search_now)
        for combo in (self.department_combo, self.severity_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.overdue_check.toggled.connect(self._filters_changed)
        self.model.sort_requested.connect(self._sort_changed)
        self.editor.back_requested.connect(self.show_list)
        self.editor.deleted.connect(lambda _finding_id: self.show_list())
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)

    def title(self) -> str:
        return self.tr("问题")

    # ---- page protocol -----------------------------------------------------------------------

    def activate(self, argument: object = None) -> None:
        if isinstance(argument, str) and argument:
            self.open_finding(argument)
            return
        if self.stack.currentWidget() is self.list_panel and self.stale:
            self.reload()

    def clear(self) -> None:
        self.editor.clear()
        self.stack.setCurrentWidget(self.list_panel)
        self._base = None
        self.model.clear()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.search_timer.stop()
        self.query = replace(self.query, text="", department_id=None)
        self.department_combo.blockSignals(True)
        while self.department_combo.count() > 1:
            self.department_combo.removeItem(1)
        self.department_combo.blockSignals(False)
        self._departments_known = False
        self.count_label.clear()
        self.stale = True

    def on_written(self, changes: Changes, initiator: QWidget | None) -> None:
        """Ids read before are stale; a department's change (a rename, a new one) changes the filter's choices.

        The visible list reloads at once (:meth:`activate`); under the editor, when it is shown again.
        """
        if changes.touches(self.areas):
            self._base = None
            if Area.DEPARTMENTS in changes:
                self._departments_known = False
        super().on_written(changes, initiator)

    # ---- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Ids of the current filters and order (again), narrowed by the search text, and their first page."""
        query, today = self.query, self.today()
        base_key = (query.without_text(), today)
        cached = self._base[1] if self._base is not None and self._base[0] == base_key else None
        want_departments = not self._departments_known

        def load(s: VaultSession) -> ListLoad:
            base = cached if cached is not None else search.ordered_ids(s, base_key[0], today)
            check(s.cancel)  # a newer load asked meanwhile: this one is dropped, stop here
            ids = search.narrow(base, search.matching_ids(s, query.text))
            rows = search.fetch_rows(s, ids[:PAGE_SIZE], today)
            departments = search.department_choices(s) if want_departments else None
            return ListLoad(base_key, base, ids, rows, search.total(s), departments)

        if self.ctx.read(self, load, self._loaded, key="list") is not None:  # latest only: an older load is dropped
            self.stale = False

    def _loaded(self, result: ListLoad) -> None:
        self._base = (result.base_key, result.base)
        if result.departments is not None:
            self._set_departments(result.departments)
        current = self.view.currentIndex().data(ID_ROLE)
        if self.model.update_ids(result.ids, result.rows):  # another list: back to the top, or to the selection
            row = self.model.row_of(current) if current is not None else -1
            if row >= 0:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, COL_TITLE))
            else:
                self.view.scrollToTop()
        n = len(result.ids)
        if n == result.total:
            self.count_label.setText(self.tr("共 {n} 项").format(n=n))
        else:
            self.count_label.setText(self.tr("{n} 项（共 {total} 项）").format(n=n, total=result.total))
        self.empty_label.setVisible(n == 0)
        self.empty_label.setText(self.tr("没有符合条件的问题。") if result.total else
                                 self.tr("保险库中还没有问题。现场检查中发现的问题会列在这里。"))
        self.loaded.emit()

    def _fetch_rows(self, ids: list[str], deliver: Callable[[list[FindingRow]], None]) -> None:
        """The model's fetcher: one page of rows, read on the worker (the model drops a page it no longer waits for)."""
        today = self.today()
        self.ctx.read(self, lambda s: search.fetch_rows(s, ids, today), deliver, key=("page", ids[0] if ids else None))

    def _set_departments(self, departments: list[tuple[str, str]]) -> None:
        combo = self.department_combo
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for dept_id, name in departments:
            combo.addItem(name, dept_id)
        index = combo.findData(self.query.department_id) if self.query.department_id else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if index < 0:  # the department is gone
            self._filters_changed()
        self._departments_known = True

    # ---- filters, search, order ------------------------------------------------------------

    def _filters_changed(self, *_args) -> None:
        self.query = replace(self.query, department_id=self.department_combo.currentData(),
                             severity=self.severity_combo.currentData(), status=self.status_combo.currentData(),
                             overdue_only=self.overdue_check.isChecked())
        self.reload()

    def _search_changed(self) -> None:
        text = self.search_edit.text()
        if text != self.query.text:
            self.query = replace(self.query, text=text)
            self.reload()

    def _search_now(self) -> None:
        self.search_timer.stop()
        self._search_changed()

    def _sort_changed(self, key: str, descending: bool) -> None:
        self.query = replace(self.query, sort=key, descending=descending)
        self.reload()

    def _focus_search(self) -> None:
        if self.stack.currentWidget() is self.list_panel:
            self.search_edit.setFocus()
            self.search_edit.selectAll()

    # ---- the editor ------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        finding_id = index.data(ID_ROLE)
        if finding_id:
            self.open_finding(finding_id)

    def open_finding(self, finding_id: str) -> None:
        self.editor.open(finding_id)
        self.stack.setCurrentWidget(self.editor)
        row = self.model.row_of(finding_id)
        if row >= 0:
            self.view.selectRow(row)
        self.editor_opened.emit(finding_id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_panel)
        self.view.setFocus()
        if self.stale:
            self.reload()
