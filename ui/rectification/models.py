"""The tables of the rectification page (整改): notices, a notice's findings, reports, draftable findings.

Each model holds the core's rows (:mod:`inspector.services.rectification`
dataclasses) and is tested alone. The tables are
:class:`ui.widgets.table_model.RowsTableModel` (its ``ID_ROLE``, ``ROW_ROLE`` and
``SORT_ROLE``); the draftable findings are a list with check boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from inspector.model import NoticeStatus, Severity
from inspector.services.rectification import (
    DraftCandidate,
    NoticeFindingRow,
    NoticeRow,
    ReportRow,
)
from ui.widgets import palette
from ui.widgets.labels import (
    date_text,
    datetime_text,
    days_left_text,
    notice_number_text,
    notice_state_label,
    severity_label,
    status_label,
)
from ui.widgets.table_model import ID_ROLE, ROW_ROLE, Index, RowsTableModel

COL_NUMBER, COL_DEPARTMENT, COL_ISSUED, COL_DEADLINE, COL_FINDINGS, COL_STATE = range(6)


class NoticesTableModel(RowsTableModel[NoticeRow]):
    """整改通知书: number, department, issued, deadline, findings, state (draft / open / closed)."""

    id_field = "notice_id"

    def headers(self) -> list[str]:
        return [self.tr("文号"), self.tr("被检查单位"), self.tr("签发日期"), self.tr("整改期限"),
                self.tr("问题数"), self.tr("状态")]

    def text(self, row: NoticeRow, col: int) -> str:
        return {
            COL_NUMBER: lambda: self.number_text(row),
            COL_DEPARTMENT: lambda: row.department,
            COL_ISSUED: lambda: date_text(row.issued_on),
            COL_DEADLINE: lambda: date_text(row.deadline),
            COL_FINDINGS: lambda: str(row.findings),
            COL_STATE: lambda: self.state_text(row),
        }[col]()

    def number_text(self, row: NoticeRow) -> str:
        """The number; a 更正通知 names the notice it corrects, a corrected notice the corrections."""
        number = notice_number_text(row.number, row.status)
        if row.corrects_id:
            return self.tr("{number} · 更正通知（更正{original}）").format(number=number, original=row.corrects_number)
        if row.corrected_by:
            return self.tr("{number}（已被{by}更正）").format(number=number, by=self.tr("、").join(row.corrected_by))
        return number

    def state_text(self, row: NoticeRow) -> str:
        if row.corrects_id and row.status is NoticeStatus.ISSUED:
            return self.tr("已签发")  # a correction has no rectification of its own: its findings are the original's
        return notice_state_label(row.state)

    def raw(self, row: NoticeRow, col: int) -> Any:
        return {COL_NUMBER: row.number, COL_DEPARTMENT: row.department, COL_ISSUED: row.issued_on,
                COL_DEADLINE: row.deadline, COL_FINDINGS: row.findings, COL_STATE: row.state}[col]

    def foreground(self, row: NoticeRow, col: int) -> QColor | None:
        if col == COL_STATE and row.overdue_findings:
            return palette.qcolor(palette.WARNING)
        if col == COL_NUMBER and not row.number:
            return palette.qcolor(palette.MUTED)
        return None

    def tooltip(self, row: NoticeRow, col: int) -> str | None:
        if col == COL_NUMBER and row.corrects_id:
            return self.tr("更正通知：更正{original}所列问题的内容，签发后生效").format(original=row.corrects_number)
        if col == COL_NUMBER and row.corrected_by:
            return self.tr("此通知书已被{by}更正：以更正后的内容为准").format(by=self.tr("、").join(row.corrected_by))
        if row.corrects_id:
            return None
        if col in (COL_FINDINGS, COL_STATE) and row.number:
            text = self.tr("未办结 {open} 项，逾期 {overdue} 项").format(open=row.open_findings,
                                                                 overdue=row.overdue_findings)
            return text
        return None


F_TITLE, F_SEVERITY, F_STATUS, F_DEADLINE, F_DAYS = range(5)


class NoticeFindingsModel(RowsTableModel[NoticeFindingRow]):
    """The findings of one notice: status, deadline, days left or overdue."""

    id_field = "finding_id"

    def headers(self) -> list[str]:
        return [self.tr("问题"), self.tr("严重程度"), self.tr("状态"), self.tr("整改期限"), self.tr("剩余时间")]

    def text(self, row: NoticeFindingRow, col: int) -> str:
        return {
            F_TITLE: lambda: row.title,
            F_SEVERITY: lambda: severity_label(row.severity),
            F_STATUS: lambda: status_label(row.status),
            F_DEADLINE: lambda: date_text(row.deadline),
            F_DAYS: lambda: days_left_text(row.days_left),
        }[col]()

    def raw(self, row: NoticeFindingRow, col: int) -> Any:
        return {F_TITLE: row.title, F_SEVERITY: row.severity.value, F_STATUS: row.status.value,
                F_DEADLINE: row.deadline, F_DAYS: row.days_left}[col]

    def foreground(self, row: NoticeFindingRow, col: int) -> QColor | None:
        return palette.qcolor(palette.WARNING) if col == F_DAYS and row.overdue else None

    def tooltip(self, row: NoticeFindingRow, col: int) -> str | None:
        if col == F_STATUS and row.verification_note:
            return self.tr("核验意见：{note}").format(note=row.verification_note)
        return None


@dataclass(frozen=True)
class ChangeRow:
    """One change a 更正通知 states: the finding, the field, what the notice said, what it says now."""

    no: int
    finding: str
    field: str
    old: str
    new: str


C_FINDING, C_FIELD, C_OLD, C_NEW = range(4)


class ChangesTableModel(RowsTableModel[ChangeRow]):
    """The changes of a 更正通知 (:attr:`inspector.services.documents.NoticeData.changes`)."""

    id_field = "no"

    def headers(self) -> list[str]:
        return [self.tr("问题"), self.tr("更正事项"), self.tr("原内容"), self.tr("更正为")]

    def text(self, row: ChangeRow, col: int) -> str:
        return [row.finding, row.field, row.old, row.new][col]

    def tooltip(self, row: ChangeRow, col: int) -> str | None:
        return [row.finding, row.field, row.old, row.new][col] if col in (C_FINDING, C_OLD, C_NEW) else None


@dataclass(frozen=True)
class CorrectionTarget:
    """A finding of an issued notice, as a 更正通知 may correct it (its current requirement and deadline)."""

    finding_id: str
    title: str
    severity: Severity
    requirement: str
    deadline: date | None


REP_RECEIVED, REP_DEPARTMENT, REP_NOTICE, REP_FILE, REP_ITEMS = range(5)


class ReportsTableModel(RowsTableModel[ReportRow]):
    """整改情况报告 received: when, from whom, for which notice, the file, findings covered."""

    id_field = "report_id"

    def headers(self) -> list[str]:
        return [self.tr("收到时间"), self.tr("被检查单位"), self.tr("整改通知书"), self.tr("文件"), self.tr("涉及问题")]

    def text(self, row: ReportRow, col: int) -> str:
        return {
            REP_RECEIVED: lambda: datetime_text(row.received_at),
            REP_DEPARTMENT: lambda: row.department,
            REP_NOTICE: lambda: row.notice_number,
            REP_FILE: lambda: row.source_filename,
            REP_ITEMS: lambda: str(row.items),
        }[col]()

    def raw(self, row: ReportRow, col: int) -> Any:
        return {REP_RECEIVED: row.received_at, REP_DEPARTMENT: row.department, REP_NOTICE: row.notice_number,
                REP_FILE: row.source_filename, REP_ITEMS: row.items}[col]

    def foreground(self, row: ReportRow, col: int) -> QColor | None:
        return palette.qcolor(palette.MUTED) if row.superseded else None

    def tooltip(self, row: ReportRow, col: int) -> str | None:
        return self.tr("已被更新的报告取代") if row.superseded else None


class CandidateFindingsModel(QAbstractListModel):
    """Findings with a check box: the drafts to put in a new notice (all checked at first), or the findings of
    an issued notice a 更正通知 corrects (:class:`CorrectionTarget`, none checked at first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DraftCandidate | CorrectionTarget] = []
        self._checked: set[str] = set()

    def set_rows(self, rows: Sequence[DraftCandidate | CorrectionTarget], checked: bool = True) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._checked = {r.finding_id for r in self._rows} if checked else set()
        self.endResetModel()

    def row(self, index: int) -> DraftCandidate | CorrectionTarget:
        return self._rows[index]

    def checked_ids(self) -> list[str]:
        """The checked findings, in the order shown."""
        return [r.finding_id for r in self._rows if r.finding_id in self._checked]

    def set_all(self, checked: bool) -> None:
        self._checked = {r.finding_id for r in self._rows} if checked else set()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [Qt.ItemDataRole.CheckStateRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("{title}（{severity}）").format(title=row.title, severity=severity_label(row.severity))
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if row.finding_id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("整改期限：{deadline}").format(deadline=date_text(row.deadline))
        if role == ID_ROLE:
            return row.finding_id
        if role == ROW_ROLE:
            return row
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        fid = self._rows[index.row()].finding_id
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        if state == Qt.CheckState.Checked:
            self._checked.add(fid)
        else:
            self._checked.discard(fid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

