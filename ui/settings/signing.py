"""签名身份与信任证书 — the settings section for signing identities and the trust store.

An inspector creates a signing identity here (a key pair and a self-signed
certificate, kept inside the vault) or imports the one the bureau's CA issued
(PKCS#12), exports the certificate so colleagues can trust it, and keeps the
list of colleagues' and the bureau's certificates this vault trusts. Every
vault operation runs in the background; the file dialogs are module functions
so tests can replace them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.fields import MessageLabel
from ui.widgets.table_model import Index, ListTableModel


# ---- replaceable in tests ------------------------------------------------------------------


def choose_pkcs12(parent: QWidget) -> Path | None:
    title = QCoreApplication.translate("SigningSettings", "导入签名证书")
    kinds = QCoreApplication.translate("SigningSettings", "PKCS#12 证书 (*.p12 *.pfx);;所有文件 (*)")
    name, _ = QFileDialog.getOpenFileName(parent, title, "", kinds)
    return Path(name) if name else None


def ask_pkcs12_password(parent: QWidget) -> str | None:
    title = QCoreApplication.translate("SigningSettings", "证书密码")
    label = QCoreApplication.translate("SigningSettings", "请输入该 PKCS#12 文件的密码（没有密码则留空）：")
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else None


def choose_certificate_target(parent: QWidget, suggested: str) -> Path | None:
    title = QCoreApplication.translate("SigningSettings", "导出证书")
    kinds = QCoreApplication.translate("SigningSettings", "PEM 证书 (*.pem *.crt)")
    name, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested), kinds)
    return Path(name) if name else None


def choose_certificate_file(parent: QWidget) -> Path | None:
    title = QCoreApplication.translate("SigningSettings", "添加信任证书")
    kinds = QCoreApplication.translate("SigningSettings", "证书 (*.pem *.crt *.cer *.der);;所有文件 (*)")
    name, _ = QFileDialog.getOpenFileName(parent, title, "", kinds)
    return Path(name) if name else None


def confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, QCoreApplication.translate("SigningSettings", "请确认"), text)
    return answer == QMessageBox.StandardButton.Yes


# ---- what the tables show ----------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityRow:
    id: str
    name: str
    source: str
    fingerprint: str
    not_after: datetime


@dataclass(frozen=True)
class TrustedRow:
    id: str
    subject: str
    label: str
    fingerprint: str
    is_ca: bool


@dataclass(frozen=True)
class SigningState:
    identities: list[IdentityRow]
    trusted: list[TrustedRow]


def load_state(vault) -> SigningState:
    """Read both lists (worker thread); private keys never leave the core."""
    from inspector.signing.identity import list_identities
    from inspector.signing.trust import list_trusted

    with vault.session() as s:
        identities = [IdentityRow(i.id, i.name, i.source, i.fingerprint, i.not_after) for i in list_identities(s)]
        trusted = [TrustedRow(t.id, t.subject, t.label, t.fingerprint, t.is_ca) for t in list_trusted(s)]
    return SigningState(identities, trusted)


def grouped(fingerprint: str) -> str:
    """The first 16 hex digits in groups of four, as people read them out over the phone."""
    head = fingerprint[:16].upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


class IdentitiesModel(ListTableModel):
    def headers(self) -> list[str]:
        return [self.tr("签名人"), self.tr("来源"), self.tr("证书指纹"), self.tr("有效期至")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: IdentityRow = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            source = self.tr("本机创建") if row.source == "created" else self.tr("导入（PKCS#12）")
            return (row.name, source, grouped(row.fingerprint), f"{row.not_after:%Y-%m-%d}")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.fingerprint
        return None


class TrustedModel(ListTableModel):
    def headers(self) -> list[str]:
        return [self.tr("证书"), self.tr("备注"), self.tr("类型"), self.tr("证书指纹")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: TrustedRow = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            kind = self.tr("签发机构（CA）") if row.is_ca else self.tr("个人")
            return (row.subject, row.label, kind, grouped(row.fingerprint))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.subject}\n{row.fingerprint}"
        return None


def _table(model: ListTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setMinimumHeight(90)
    view.setMaximumHeight(150)
    return view


class SigningSettings(QGroupBox):
    """The group box on the settings page."""

    loaded = Signal()
    done = Signal(str)  # what was done, for tests: "created", "imported", "exported", "trusted", "removed"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("签名身份与信任证书"))
        self.ctx = ctx
        self.identities = IdentitiesModel(self)
        self.trusted = TrustedModel(self)
        self.identities_view = _table(self.identities)
        self.trusted_view = _table(self.trusted)
        self.create_button = QPushButton(self.tr("创建签名身份"))
        self.create_button.setToolTip(self.tr("为本机的检查人员生成密钥和证书，密钥只保存在加密保险库中"))
        self.import_button = QPushButton(self.tr("导入证书（PKCS#12）…"))
        self.export_button = QPushButton(self.tr("导出证书…"))
        self.export_button.setToolTip(self.tr("导出证书（不含密钥），交给同事或办公室加入信任列表"))
        self.trust_button = QPushButton(self.tr("添加信任证书…"))
        self.remove_button = QPushButton(self.tr("移除信任"))
        self.message = MessageLabel()

        note = QLabel(self.tr("签名身份用于对现场检查记录和整改通知书进行数字签名。"
                              "信任列表中的证书签名的文书，核验时视为可信。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("本保险库的签名身份：")))
        layout.addWidget(self.identities_view)
        row = QHBoxLayout()
        for b in (self.create_button, self.import_button, self.export_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("信任的证书：")))
        layout.addWidget(self.trusted_view)
        row = QHBoxLayout()
        for b in (self.trust_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.message)

        self.create_button.clicked.connect(self.create_identity)
        self.import_button.clicked.connect(self.import_identity)
        self.export_button.clicked.connect(self.export_certificate)
        self.trust_button.clicked.connect(self.add_trusted)
        self.remove_button.clicked.connect(self.remove_trusted)
        self.identities_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.trusted_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # ---- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        vault = self.ctx.vault
        if vault is not None:
            self.ctx.run(self, lambda progress, cancel: load_state(vault), self._show)

    def _show(self, state: SigningState) -> None:
        self.identities.set_rows(state.identities)
        self.trusted.set_rows(state.trusted)
        if state.identities:
            self.identities_view.selectRow(0)
        self._update_buttons()
        self.loaded.emit()

    def clear(self) -> None:
        self.identities.set_rows([])
        self.trusted.set_rows([])
        self.message.clear_message()
        self._update_buttons()

    def _selected(self, view: QTableView, model: ListTableModel) -> Any:
        rows = view.selectionModel().selectedRows()
        return model.row(rows[0].row()) if rows else None

    def _update_buttons(self, *args: object) -> None:
        self.export_button.setEnabled(self._selected(self.identities_view, self.identities) is not None)
        self.remove_button.setEnabled(self._selected(self.trusted_view, self.trusted) is not None)

    # ---- writing -----------------------------------------------------------------------------

    def _write(self, work: Callable[[Any], str], what: str) -> None:
        """Run ``work(session)`` on the worker and commit; show its note, reload, announce ``what``."""
        vault = self.ctx.vault
        if vault is None:
            return

        def run(progress, cancel) -> str:
            with vault.session() as s:
                note = work(s)
                s.commit()
            return note

        def finished(note: str) -> None:
            self.message.show_note(note)
            self.reload()
            self.done.emit(what)

        self.message.clear_message()
        self.ctx.run(self, run, finished, self.message.show_error)

    def create_identity(self) -> None:
        from inspector.signing import identity

        def work(s) -> str:
            created = identity.create_identity(s, None)
            return self.tr("已创建签名身份：%1（证书指纹 %2）").replace("%1", created.name).replace(
                "%2", grouped(created.fingerprint))

        self._write(work, "created")

    def import_identity(self) -> None:
        path = choose_pkcs12(self)
        if path is None:
            return
        password = ask_pkcs12_password(self)
        if password is None:
            return
        from inspector.signing import identity

        def work(s) -> str:
            try:
                data = path.read_bytes()
            except OSError as exc:
                from inspector.errors import BadInputError

                raise BadInputError(self.tr("无法读取文件：%1").replace("%1", str(path)),
                                    f"Cannot read the file: {path}", detail=str(exc)) from exc
            imported = identity.import_pkcs12(s, data, password or None, None)
            return self.tr("已导入签名身份：%1").replace("%1", imported.name)

        self._write(work, "imported")

    def export_certificate(self) -> None:
        row: IdentityRow | None = self._selected(self.identities_view, self.identities)
        if row is None:
            return
        target = choose_certificate_target(self, f"{row.name}-{row.fingerprint[:8]}.pem")
        if target is None:
            return
        from inspector.paths import atomic_write
        from inspector.signing import identity

        def work(s) -> str:
            atomic_write(target, identity.export_cert_pem(s, row.id))
            return self.tr("证书已导出：%1").replace("%1", str(target))

        self._write(work, "exported")

    def add_trusted(self) -> None:
        path = choose_certificate_file(self)
        if path is None:
            return
        from inspector.signing import trust

        def work(s) -> str:
            added = trust.add_trusted_file(s, path)
            return self.tr("已加入信任列表：%1").replace("%1", self.tr("、").join(c.subject for c in added))

        self._write(work, "trusted")

    def remove_trusted(self) -> None:
        row: TrustedRow | None = self._selected(self.trusted_view, self.trusted)
        if row is None or not confirm(self, self.tr("不再信任“%1”签名的文书？").replace("%1", row.subject)):
            return
        from inspector.signing import trust

        def work(s) -> str:
            trust.remove_trusted(s, row.id)
            return self.tr("已移除：%1").replace("%1", row.subject)

        self._write(work, "removed")
