"""The findings table: a Qt model over the rows of :func:`inspector.services.queries.list_findings`.

Kept apart from any window so it can be tested alone. It holds whole rows for
now (a vault has tens of findings); when lists grow it will hold ids and fetch
rows lazily, like Anki's browser model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from inspector.model import FindingStatus, Severity

COL_TITLE, COL_DEPARTMENT, COL_SEVERITY, COL_STATUS = range(4)

ID_ROLE = Qt.ItemDataRole.UserRole + 1   # the finding's id
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value (enum value, not its label); whole rows: row()

_KEYS = {COL_TITLE: "title", COL_DEPARTMENT: "department", COL_SEVERITY: "severity", COL_STATUS: "status"}


class FindingsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers = [self.tr("问题"), self.tr("被检查单位"), self.tr("严重程度"), self.tr("状态")]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> dict[str, Any]:
        """The whole row, as list_findings returns it."""
        return self._rows[index]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[_KEYS[col]]
            if col == COL_SEVERITY:
                return Severity(value).zh
            if col == COL_STATUS:
                return FindingStatus(value).zh
            return value
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STATUS and row.get("overdue"):
            return self.tr("已超过整改期限")
        if role == SORT_ROLE:
            return row[_KEYS[col]]
        if role == ID_ROLE:
            return row["id"]
        return None
