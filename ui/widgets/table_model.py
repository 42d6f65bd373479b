"""The one base of the UI's table models (after Vorta's ``ArchiveTableModel``): rows in a list, cells from hooks.

A subclass gives :meth:`headers` and :meth:`text`, and where it needs them
:meth:`raw` (the value to sort by), :meth:`foreground`, :meth:`tooltip` and
:meth:`alignment`; rows are the core's plain dataclasses or dicts (never ORM
objects). ``id_field`` names the field that identifies a row. Custom roles:
:data:`ID_ROLE` the row's id, :data:`ROW_ROLE` the whole row, :data:`SORT_ROLE`
the raw value of a cell. A subclass that needs more (check boxes, fonts) adds to
``data()`` and falls back on ``super().data()``. Tested alone, no window needed.
"""

from __future__ import annotations

from typing import Any, Generic, Sequence, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

ID_ROLE = Qt.ItemDataRole.UserRole + 1    # the row's id
ROW_ROLE = Qt.ItemDataRole.UserRole + 2   # the whole row
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the raw value of the cell, for sorting


class RowsTableModel(QAbstractTableModel, Generic[R]):
    id_field = "id"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._headers = self.headers()  # translated once; a language switch rebuilds the views

    # ---- what a subclass gives ---------------------------------------------------------------

    def headers(self) -> list[str]:
        raise NotImplementedError

    def text(self, row: R, col: int) -> str:
        raise NotImplementedError

    def raw(self, row: R, col: int) -> Any:
        return self.text(row, col)

    def foreground(self, row: R, col: int) -> QColor | None:
        return None

    def tooltip(self, row: R, col: int) -> str | None:
        return None

    def alignment(self, row: R, col: int) -> Qt.AlignmentFlag | None:
        return None

    # ---- rows ----------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row(self, n: int) -> R:
        return self._rows[n]

    def row_id(self, row: R) -> Any:
        return row[self.id_field] if isinstance(row, dict) else getattr(row, self.id_field)

    def row_of(self, row_id: Any) -> int:
        """The number of the row with this id, or -1."""
        return next((n for n, r in enumerate(self._rows) if self.row_id(r) == row_id), -1)

    # ---- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self.foreground(row, col)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            flag = self.alignment(row, col)
            return int(flag) if flag is not None else None
        if role == ID_ROLE:
            return self.row_id(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self.raw(row, col)
        return None

