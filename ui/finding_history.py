"""A finding's status history (``finding_transition`` rows): when, from → to, who, why."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from inspector.services.search import HistoryStep
from ui.findings_model import local_time, status_label

COL_AT, COL_CHANGE, COL_ACTOR, COL_REASON = range(4)
STEP_ROLE = Qt.ItemDataRole.UserRole + 1  # the HistoryStep


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[HistoryStep] = []
        self._headers = [self.tr("时间"), self.tr("状态变更"), self.tr("操作人"), self.tr("原因 / 意见")]

    def set_steps(self, steps: Sequence[HistoryStep]) -> None:
        self.beginResetModel()
        self._steps = list(steps)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._steps)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step = self._steps[index.row()]
        if role == STEP_ROLE:
            return step
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return {
                COL_AT: local_time(step.at),
                COL_CHANGE: self.tr("{old} → {new}").format(old=status_label(step.from_status),
                                                           new=status_label(step.to_status)),
                COL_ACTOR: step.actor,
                COL_REASON: step.reason,
            }[index.column()]
        return None
