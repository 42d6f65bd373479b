"""证据销毁 (art. 29): asking for a destruction, and the box on the settings page where a second person decides.

A request is filed from an evidence file's context menu (:class:`RequestDialog`: the reason and the legal basis);
nothing is destroyed then. :class:`DestructionSettings` lists the requests and what became of them; approving
(with a signing identity other than the requester's, chosen here) destroys at once, after a last question;
rejecting needs a reason; the 销毁记录 opens in the document preview, to print or export signed. The core decides
every step (:mod:`inspector.services.destruction`); this only asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.services.evidence import EvidenceInfo
from inspector.timezones import CHINA_TIME
from ui.context import AppContext
from ui.widgets import palette
from ui.widgets.confirm import ask_reason, confirm
from ui.widgets.fields import MessageLabel
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.vault import VaultSession


class RequestDialog(QDialog):
    """The reason and the legal basis of a destruction request for one file."""

    def __init__(self, info: EvidenceInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("申请销毁证据"))
        text = QLabel(self.tr("申请销毁“{name}”。提交后须由另一人（使用其本人的签名身份）审批；批准后文件及其密钥即被销毁，"
                              "无法恢复，销毁记录留存并随交换文件报送办公室。").format(name=info.title))
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("例如：含个人身份证号码，超出检查需要"))
        self.basis = QLineEdit()
        self.basis.setPlaceholderText(self.tr("例如：《个人信息保护法》第四十七条"))
        form = QFormLayout()
        form.addRow(self.tr("销毁原因："), self.reason)
        form.addRow(self.tr("法律依据："), self.basis)
        buttons = QDialogButtonBox()
        self.submit = buttons.addButton(self.tr("提交申请"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        for edit in (self.reason, self.basis):
            edit.setMaxLength(500)
            edit.textChanged.connect(self._enable)
        self._enable()
        self.resize(520, self.sizeHint().height())

    def _enable(self) -> None:
        self.submit.setEnabled(bool(self.reason.text().strip() and self.basis.text().strip()))

    def values(self) -> tuple[str, str]:
        return self.reason.text().strip(), self.basis.text().strip()


@dataclass(frozen=True)
class DestructionRow:
    id: str
    status: str
    files: tuple[str, ...]
    reason: str
    legal_basis: str
    requested_by: str
    requested_at: datetime | None
    decided_by: str
    when: datetime | None


@dataclass(frozen=True)
class DestructionState:
    rows: list[DestructionRow]
    identities: list[tuple[str, str, str]]  # (identity id, name, the fingerprint's beginning)


def load_state(s: VaultSession) -> DestructionState:
    """The requests and the signing identities, as plain rows (on the worker)."""
    from inspector.services import destruction
    from inspector.signing.identity import list_identities

    rows = [DestructionRow(d.id, d.status, tuple(f["filename"] for i in d.items for f in i["files"]),
                           d.reason, d.legal_basis, d.requested_by, d.requested_at, d.decided_by,
                           d.destroyed_at or d.decided_at)
            for d in destruction.list_destructions(s)]
    identities = [(i.id, i.name, i.fingerprint[:8].upper()) for i in list_identities(s)]
    return DestructionState(rows, identities)


def _time(moment: datetime | None) -> str:
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M") if moment else ""


class DestructionsModel(RowsTableModel[DestructionRow]):
    def headers(self) -> list[str]:
        return [self.tr("状态"), self.tr("文件"), self.tr("原因"), self.tr("申请人"), self.tr("审批人"), self.tr("时间")]

    def status_text(self, status: str) -> str:
        return {"requested": self.tr("待审批"), "rejected": self.tr("已驳回"), "destroyed": self.tr("已销毁")}.get(
            status, status)

    def text(self, row: DestructionRow, col: int) -> str:
        return (self.status_text(row.status), self.files_text(row), row.reason, row.requested_by, row.decided_by or "—",
                _time(row.when or row.requested_at))[col]

    def files_text(self, row: DestructionRow) -> str:
        return self.tr("、").join(row.files) or "—"

    def tooltip(self, row: DestructionRow, col: int) -> str | None:
        return self.tr("法律依据：{basis}").format(basis=row.legal_basis)

    def foreground(self, row: DestructionRow, col: int):
        return QColor(palette.WARNING) if row.status == "requested" and col == 0 else None


class DestructionSettings(QGroupBox):
    """The box on the settings page: requests, and the second person's decision."""

    loaded = Signal()
    done = Signal(str)  # for tests: "approved", "rejected"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("证据销毁（第二十九条）"))
        self.ctx = ctx
        self.model = DestructionsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, stretch=2)  # the reason takes the room
        self.view.setMinimumHeight(90)
        self.view.setMaximumHeight(170)
        self.identity_combo = QComboBox()
        self.approve_button = QPushButton(self.tr("批准并销毁…"))
        self.reject_button = QPushButton(self.tr("驳回…"))
        self.document_button = QPushButton(self.tr("销毁记录…"))
        self.message = MessageLabel()
        note = QLabel(self.tr("在证据的右键菜单中“申请销毁”。审批须由申请人以外的另一人用其本人的签名身份进行；"
                              "批准后文件及其密钥立即销毁，此后的备份不再包含它们，销毁记录留存于审计记录并报送办公室。"))
        note.setWordWrap(True)
        note.setStyleSheet(palette.text_style(palette.SECONDARY))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("审批人签名身份：")))
        bar.addWidget(self.identity_combo, 1)
        bar.addWidget(self.approve_button)
        bar.addWidget(self.reject_button)
        bar.addWidget(self.document_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.document_button.clicked.connect(self.open_document)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.confirm = confirm
        self.ask_reason = ask_reason
        self._enable()

    def reload(self) -> None:
        self.ctx.read(self, load_state, self.show_state, key="destructions")

    def show_state(self, state: DestructionState) -> None:
        current = self.current()
        self.model.set_rows(state.rows)
        chosen = self.identity_combo.currentData()
        self.identity_combo.clear()
        for identity_id, name, start in state.identities:
            self.identity_combo.addItem(self.tr("{name}（{fingerprint}）").format(name=name, fingerprint=start),
                                        identity_id)
        if chosen is not None and self.identity_combo.findData(chosen) >= 0:
            self.identity_combo.setCurrentIndex(self.identity_combo.findData(chosen))
        row = self.model.row_of(current.id) if current is not None else -1
        if row < 0 and state.rows:
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        self._enable()
        self.loaded.emit()

    def current(self) -> DestructionRow | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        row = self.current()
        pending = row is not None and row.status == "requested"
        self.approve_button.setEnabled(pending and self.identity_combo.count() > 0)
        self.reject_button.setEnabled(pending and self.identity_combo.count() > 0)
        self.document_button.setEnabled(row is not None)

    def approve(self) -> None:
        row, identity_id = self.current(), self.identity_combo.currentData()
        if row is None or identity_id is None:
            return
        text = self.tr("以“{who}”的签名身份批准销毁：{files}\n\n批准后文件及其密钥立即销毁，无法恢复。").format(
            who=self.identity_combo.currentText(), files=self.model.files_text(row))
        if not self.confirm(self, self.tr("批准销毁"), text, self.tr("批准并销毁")):
            return
        from inspector.services import destruction

        request_id = row.id
        self.ctx.write(self, lambda s: destruction.approve(s.vault, request_id, identity_id=identity_id).id,
                       lambda _id: self._decided("approved"), on_failure=self.message.show_error,
                       label=self.tr("正在销毁…"))

    def reject(self) -> None:
        row, identity_id = self.current(), self.identity_combo.currentData()
        if row is None or identity_id is None:
            return
        note = self.ask_reason(self, self.tr("驳回销毁申请"), self.tr("驳回对“{files}”的销毁申请。").format(files=self.model.files_text(row)),
                               self.tr("驳回"))
        if note is None:
            return
        from inspector.services import destruction

        request_id = row.id
        self.ctx.write(self, lambda s: destruction.reject(s, request_id, identity_id=identity_id, note=note).id,
                       lambda _id: self._decided("rejected"), on_failure=self.message.show_error)

    def _decided(self, what: str) -> None:
        self.message.show_note(self.tr("已批准，文件已销毁。") if what == "approved" else self.tr("已驳回。"))
        self.reload()
        self.done.emit(what)

    def open_document(self) -> None:
        row = self.current()
        if row is None:
            return
        from inspector.services import destruction
        from ui.widgets.documents import open_document_dialog

        request_id = row.id
        self.document_dialog = open_document_dialog(self.ctx, self,
                                                    lambda s: destruction.prepare_document(s.vault, request_id))

