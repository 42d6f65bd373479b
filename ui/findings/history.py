"""A finding's status history (``finding_transition`` rows): when, from → to, who, why.

:class:`HistoryView` shows it in the editor's narrow right column: the columns
share the width (never a sideways scroll bar), long texts wrap and the rows grow
to them — a reason or a verification note is read whole, not cut in a cell.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from inspector.services.findings import HistoryStep
from ui.widgets.labels import datetime_text, status_label
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table

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


SHARES = {COL_AT: 0.22, COL_CHANGE: 0.28, COL_ACTOR: 0.16}  # at most this part of the width; the reason the rest


class HistoryView(QTableView):
    """The history table: each column as wide as its text up to its share, the reason taking the rest."""

    def __init__(self, model: HistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        configure_table(self, word_wrap=True, resize_to_contents=False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        model.modelReset.connect(self.fit_columns)

    def fit_columns(self) -> None:
        width, header = self.viewport().width(), self.horizontalHeader()
        for col, share in SHARES.items():
            natural = max(self.sizeHintForColumn(col), header.sectionSizeHint(col))
            self.setColumnWidth(col, min(natural, int(width * share)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()
