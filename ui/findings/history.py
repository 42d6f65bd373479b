"""A finding's status history (``finding_transition`` rows): when, from → to, who, why."""

from __future__ import annotations

from typing import Sequence

from inspector.services.findings import HistoryStep
from ui.widgets.labels import datetime_text, status_label
from ui.widgets.table_model import RowsTableModel

COL_AT, COL_CHANGE, COL_ACTOR, COL_REASON = range(4)


class HistoryModel(RowsTableModel[HistoryStep]):
    """The steps oldest first; a cell's tooltip is its whole text (a long reason). ``ROW_ROLE``: the step."""

    id_field = "at"  # a step has no id of its own; its moment tells it apart

    def headers(self) -> list[str]:
        return [self.tr("时间"), self.tr("状态变更"), self.tr("操作人"), self.tr("原因 / 意见")]

    def set_steps(self, steps: Sequence[HistoryStep]) -> None:
        self.set_rows(steps)

    def text(self, step: HistoryStep, col: int) -> str:
        if col == COL_AT:
            return datetime_text(step.at)
        if col == COL_CHANGE:
            return self.tr("{old} → {new}").format(old=status_label(step.from_status), new=status_label(step.to_status))
        return step.actor if col == COL_ACTOR else step.reason

    def raw(self, step: HistoryStep, col: int):
        return step.at if col == COL_AT else self.text(step, col)

    def tooltip(self, step: HistoryStep, col: int) -> str | None:
        return self.text(step, col)
