"""A finding's status history (``finding_transition`` rows): when, from → to, who, why."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from inspector.services.findings import HistoryStep
from ui.widgets.table_model import ListTableModel
from ui.findings.model import local_time, status_label

COL_AT, COL_CHANGE, COL_ACTOR, COL_REASON = range(4)
STEP_ROLE = Qt.ItemDataRole.UserRole + 1  # the HistoryStep


class HistoryModel(ListTableModel):
    def headers(self) -> list[str]:
        return [self.tr("时间"), self.tr("状态变更"), self.tr("操作人"), self.tr("原因 / 意见")]

    def set_steps(self, steps: Sequence[HistoryStep]) -> None:
        self.set_rows(steps)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step = self._rows[index.row()]
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
