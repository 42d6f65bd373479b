"""The findings table: a Qt model over an ordered list of finding ids, rows fetched lazily by page.

Like Anki's browser model, it holds only the ids of the current filter and
order (:func:`inspector.services.search.ordered_ids`); the columns of a row are
fetched with the rest of its page of :data:`PAGE_SIZE` ids the first time the
view asks for them, through a *fetcher* the owner supplies::

    fetch(ids, deliver)   # runs fetch_rows(ids) on the worker, later calls deliver(rows) on the UI thread

A page that arrives is kept only if it answers the request the model is still
waiting for: after a new list (or the same ids read again) the pages asked
before are no longer pending, and their rows are dropped.

Until a page arrives its rows show a placeholder; when it arrives the model
emits ``dataChanged`` for it. At most :data:`MAX_CACHED_PAGES` pages are kept
(least recently used dropped). Sorting by clicking a header does not sort
here: the model emits :attr:`sort_requested` and its owner queries again.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from inspector.model import Severity
from inspector.services.search import FindingRow
from ui.widgets import palette
from ui.widgets.labels import date_text, datetime_text, severity_label, status_label
from ui.widgets.table_model import ID_ROLE, ROW_ROLE, SORT_ROLE

COL_TITLE, COL_DEPARTMENT, COL_SEVERITY, COL_STATUS, COL_DEADLINE, COL_CREATED = range(6)
SORT_KEYS = {COL_TITLE: "title", COL_DEPARTMENT: "department", COL_SEVERITY: "severity", COL_STATUS: "status",
             COL_DEADLINE: "deadline", COL_CREATED: "created"}
"""Column → sort key of :class:`inspector.services.search.FindingQuery`."""

# Roles (ui.widgets.table_model): ID_ROLE the finding's id (always known, never fetches), SORT_ROLE the raw
# value of the cell (enum value, date, datetime), ROW_ROLE the whole FindingRow (None while its page is on its way).

PAGE_SIZE = 200
MAX_CACHED_PAGES = 64
PLACEHOLDER = "…"

Fetcher = Callable[[list[str], Callable[[list[FindingRow]], None]], None]


# The article 33 consequences are the findings' own (context FindingLabels); statuses and severities are
# ui.widgets.labels'.


def secrecy_consequence() -> str:
    """What art. 33 requires for 失泄密隐患."""
    return QCoreApplication.translate("FindingLabels", "须向保密主管部门报告（第三十三条）")


def police_consequence() -> str:
    """What art. 33 requires for 违法行为."""
    return QCoreApplication.translate("FindingLabels", "应立即制止，并提请公安机关依法查处（第三十三条）")


class FindingsTableModel(QAbstractTableModel):
    sort_requested = Signal(str, bool)  # sort key, descending
    page_arrived = Signal(int)          # page number, after its rows are shown

    def __init__(self, fetch: Fetcher | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[str] = []
        self._pages: OrderedDict[int, dict[str, FindingRow]] = OrderedDict()
        self._pending: dict[int, list[str]] = {}  # page → the ids asked for it
        self._in_data = False
        self.sort_key, self.descending = "created", True
        self.fetches = 0  # pages asked of the fetcher since the last reset (tests and benchmarks read it)
        self._headers = [self.tr("问题"), self.tr("被检查单位"), self.tr("严重程度"), self.tr("状态"),
                         self.tr("整改期限"), self.tr("发现时间")]

    # ---- content ---------------------------------------------------------------------------

    def set_fetcher(self, fetch: Fetcher | None) -> None:
        self._fetch = fetch

    def set_ids(self, ids: Sequence[str], rows: Sequence[FindingRow] = ()) -> None:
        """Show ``ids`` (a reset); ``rows`` are the rows of some of them already read (e.g. the first page)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._forget()
        self._seed(rows)
        self.endResetModel()

    def update_ids(self, ids: Sequence[str], rows: Sequence[FindingRow] = ()) -> bool:
        """Like :meth:`set_ids`, but keeps the view (selection, scroll) when the ids did not change; True if reset."""
        if list(ids) != self._ids:
            self.set_ids(ids, rows)
            return True
        self._forget()
        self._seed(rows)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(SORT_KEYS) - 1))
        return False

    def clear(self) -> None:
        self.set_ids([])

    def _forget(self) -> None:
        self._pages.clear()  # and pages still on their way are no longer pending: dropped when they arrive
        self._pending.clear()
        self.fetches = 0

    def _seed(self, rows: Sequence[FindingRow]) -> None:
        position = {fid: r for r, fid in enumerate(self._ids[:len(rows) + PAGE_SIZE * 2])}
        for row in rows:
            r = position.get(row.id)
            if r is not None:
                self._pages.setdefault(r // PAGE_SIZE, {})[row.id] = row

    def ids(self) -> list[str]:
        return list(self._ids)

    def id_at(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, finding_id: str) -> int:
        try:
            return self._ids.index(finding_id)
        except ValueError:
            return -1

    def loaded_row(self, row: int) -> FindingRow | None:
        """The row if its page is here (never fetches)."""
        page = self._pages.get(row // PAGE_SIZE)
        return page.get(self._ids[row]) if page is not None else None

    def cached_pages(self) -> list[int]:
        return sorted(self._pages)

    # ---- lazy pages ------------------------------------------------------------------------

    def _row(self, row: int) -> FindingRow | None:
        page = row // PAGE_SIZE
        if page not in self._pages:
            self._request(page)
            if page not in self._pages:
                return None
        self._pages.move_to_end(page)
        return self._pages[page].get(self._ids[row])

    def _request(self, page: int) -> None:
        if self._fetch is None or page in self._pending:
            return
        ids = self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        self._pending[page] = ids
        self.fetches += 1
        self._fetch(ids, lambda rows: self._deliver(page, ids, rows))

    def _deliver(self, page: int, ids: list[str], rows: Sequence[FindingRow]) -> None:
        """A page arrived: kept only if it is the one asked for the ids shown now (else the list changed since)."""
        if self._pending.get(page) is not ids:
            return
        del self._pending[page]
        self._pages[page] = {r.id: r for r in rows}
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        if not self._in_data:  # asked from data(): the caller reads the row itself
            first, last = page * PAGE_SIZE, min(len(self._ids), (page + 1) * PAGE_SIZE) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(SORT_KEYS) - 1))
        self.page_arrived.emit(page)

    # ---- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SORT_KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key, descending = SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.sort_requested.emit(key, descending)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        SORT_ROLE, ROW_ROLE):
            return None
        self._in_data = True
        try:
            row = self._row(index.row())
        finally:
            self._in_data = False
        if row is None:
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole and index.column() == COL_TITLE else None
        if role == ROW_ROLE:
            return row
        return self._cell(row, index.column(), role)

    def _cell(self, row: FindingRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return {COL_TITLE: row.title, COL_DEPARTMENT: row.department, COL_SEVERITY: severity_label(row.severity),
                    COL_STATUS: status_label(row.status), COL_DEADLINE: date_text(row.deadline),
                    COL_CREATED: datetime_text(row.created_at)}[col]
        if role == SORT_ROLE:
            return {COL_TITLE: row.title, COL_DEPARTMENT: row.department, COL_SEVERITY: row.severity.value,
                    COL_STATUS: row.status.value, COL_DEADLINE: row.deadline, COL_CREATED: row.created_at}[col]
        if role == Qt.ItemDataRole.ForegroundRole:
            warn = (col == COL_DEADLINE and row.overdue) or (col == COL_SEVERITY and row.severity is Severity.CRITICAL)
            return QBrush(palette.qcolor(palette.WARNING)) if warn else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_DEADLINE and row.overdue:
                return self.tr("已超过整改期限")
            if col == COL_TITLE and (row.escalate_secrecy or row.escalate_police):
                lines = [row.title]
                if row.escalate_secrecy:
                    lines.append(self.tr("失泄密隐患：") + secrecy_consequence())
                if row.escalate_police:
                    lines.append(self.tr("违法行为：") + police_consequence())
                return "\n".join(lines)
        return None
