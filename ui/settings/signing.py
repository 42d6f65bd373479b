"""签名身份与信任证书 — the settings section for signing identities and the trust store.

An inspector creates a signing identity here (a key pair and a self-signed
certificate, kept inside the vault) or imports the one the bureau's CA issued
(PKCS#12), exports the certificate so colleagues can trust it, and keeps the
list of colleagues' and the bureau's certificates this vault trusts. Every
vault operation is a ``ctx.read`` or ``ctx.write``; a write reports the signing
area, which the sync page and the settings page hear. The file dialogs are
module functions so tests can replace them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.signing.certs import person_text, pretty_fingerprint
from ui import i18n
from ui.context import AppContext
from ui.widgets import files, palette
from ui.widgets.fields import MessageLabel
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.vault import VaultSession


# ---- replaceable in tests ------------------------------------------------------------------


def choose_pkcs12(parent: QWidget) -> Path | None:
    title = QCoreApplication.translate("SigningSettings", "导入签名证书")
    kinds = QCoreApplication.translate("SigningSettings", "PKCS#12 证书 (*.p12 *.pfx);;所有文件 (*)")
    return files.open_file(parent, "signing-certificate", title, kinds)


def ask_pkcs12_password(parent: QWidget) -> str | None:
    title = QCoreApplication.translate("SigningSettings", "证书密码")
    label = QCoreApplication.translate("SigningSettings", "请输入该 PKCS#12 文件的密码（没有密码则留空）：")
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else None


def choose_certificate_target(parent: QWidget, suggested: str) -> Path | None:
    title = QCoreApplication.translate("SigningSettings", "导出证书")
    kinds = QCoreApplication.translate("SigningSettings", "PEM 证书 (*.pem *.crt)")
    return files.save_file(parent, "certificate-export", title, suggested, kinds)


def choose_certificate_file(parent: QWidget) -> Path | None:
    title = QCoreApplication.translate("SigningSettings", "添加信任证书")
    kinds = QCoreApplication.translate("SigningSettings", "证书 (*.pem *.crt *.cer *.der);;所有文件 (*)")
    return files.open_file(parent, "trusted-certificate", title, kinds)


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
    own: bool = False
    """One of this vault's own signing identities (the core trusts them when it creates them)."""


@dataclass(frozen=True)
class SigningState:
    identities: list[IdentityRow]
    trusted: list[TrustedRow]


def load_state(s: VaultSession) -> SigningState:
    """Both lists as plain rows (on the worker); private keys never leave the core."""
    from inspector.signing.identity import list_identities
    from inspector.signing.trust import list_trusted

    identities = [IdentityRow(i.id, i.name, i.source, i.fingerprint, i.not_after) for i in list_identities(s)]
    own = {i.fingerprint for i in identities}
    trusted = [TrustedRow(t.id, t.subject, t.label, t.fingerprint, t.is_ca, t.fingerprint in own)
               for t in list_trusted(s)]
    return SigningState(identities, trusted)


def grouped(fingerprint: str) -> str:
    """The beginning of a fingerprint as everywhere (:func:`inspector.signing.certs.pretty_fingerprint`):
    ``50EF B565 1680 D2B1``, what people read out over the phone; the full value is in the tooltip."""
    return pretty_fingerprint(fingerprint, short=True)


def full_fingerprint(fingerprint: str) -> str:
    """The whole fingerprint, in two lines of eight groups, for tooltips and details."""
    return QCoreApplication.translate("SigningSettings", "证书指纹（SHA-256）：\n{fingerprint}").format(
        fingerprint=pretty_fingerprint(fingerprint, per_line=8))


def person(subject: str) -> str:
    """A certificate's holder as ``姓名（单位）`` (:func:`inspector.signing.certs.person_text`), in the
    interface's language."""
    return person_text(subject, english=i18n.current() == "en")


class IdentitiesModel(RowsTableModel[IdentityRow]):
    def headers(self) -> list[str]:
        return [self.tr("签名人"), self.tr("来源"), self.tr("证书指纹"), self.tr("有效期至")]

    def text(self, row: IdentityRow, col: int) -> str:
        source = self.tr("本机创建") if row.source == "created" else self.tr("导入（PKCS#12）")
        return (row.name, source, grouped(row.fingerprint), f"{row.not_after:%Y-%m-%d}")[col]

    def tooltip(self, row: IdentityRow, col: int) -> str | None:
        return full_fingerprint(row.fingerprint)


class TrustedModel(RowsTableModel[TrustedRow]):
    def headers(self) -> list[str]:
        return [self.tr("证书"), self.tr("备注"), self.tr("类型"), self.tr("证书指纹")]

    def text(self, row: TrustedRow, col: int) -> str:
        kind = self.tr("签发机构（CA）") if row.is_ca else self.tr("个人")
        label = self.tr("本机签名身份") if row.own else row.label  # the core's label for these is Chinese only
        return (person(row.subject), label, kind, grouped(row.fingerprint))[col]

    def tooltip(self, row: TrustedRow, col: int) -> str | None:
        return f"{row.subject}\n{full_fingerprint(row.fingerprint)}"  # the full subject, for support


def _table(model: RowsTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    configure_table(view)
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
        note.setStyleSheet(palette.text_style(palette.SECONDARY))
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
        self.ctx.read(self, load_state, self._show, key="state")

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

    def _selected(self, view: QTableView, model: RowsTableModel) -> Any:
        rows = view.selectionModel().selectedRows()
        return model.row(rows[0].row()) if rows else None

    def _update_buttons(self, *args: object) -> None:
        self.export_button.setEnabled(self._selected(self.identities_view, self.identities) is not None)
        self.remove_button.setEnabled(self._selected(self.trusted_view, self.trusted) is not None)

    # ---- writing -----------------------------------------------------------------------------

    def _finished(self, what: str, note: Callable[[Any], str]) -> Callable[[Any], None]:
        """What to do once an action succeeded: its note (made here, on the UI thread), reload, announce ``what``."""

        def finished(result: Any) -> None:
            self.message.show_note(note(result))
            self.reload()
            self.done.emit(what)

        return finished

    def create_identity(self) -> None:
        from inspector.signing import identity

        def work(s: VaultSession) -> tuple[str, str]:
            created = identity.create_identity(s, None)
            return created.name, created.fingerprint

        self.message.clear_message()
        self.ctx.write(self, work, self._finished("created", lambda made: self.tr(
            "已创建签名身份：%1（证书指纹 %2）").replace("%1", made[0]).replace("%2", grouped(made[1]))),
            on_failure=self.message.show_error)

    def import_identity(self) -> None:
        path = choose_pkcs12(self)
        if path is None:
            return
        password = ask_pkcs12_password(self)
        if password is None:
            return
        from inspector.signing import identity

        unreadable = self.tr("无法读取文件：%1").replace("%1", str(path))

        def work(s: VaultSession) -> str:
            try:
                data = path.read_bytes()
            except OSError as exc:
                from inspector.errors import BadInputError

                raise BadInputError(unreadable, f"Cannot read the file: {path}", detail=str(exc)) from exc
            return identity.import_pkcs12(s, data, password or None, None).name

        self.message.clear_message()
        self.ctx.write(self, work, self._finished("imported", lambda name: self.tr(
            "已导入签名身份：%1").replace("%1", name)), on_failure=self.message.show_error)

    def export_certificate(self) -> None:
        row: IdentityRow | None = self._selected(self.identities_view, self.identities)
        if row is None:
            return
        target = choose_certificate_target(self, f"{row.name}-{row.fingerprint[:8]}.pem")
        if target is None:
            return
        from inspector.paths import atomic_write
        from inspector.signing import identity

        identity_id = row.id

        def work(s: VaultSession) -> None:  # reads the vault, writes only the file
            atomic_write(target, identity.export_cert_pem(s, identity_id))

        self.message.clear_message()
        self.ctx.read(self, work, self._finished("exported", lambda _: self.tr(
            "证书已导出：%1").replace("%1", str(target))), on_failure=self.message.show_error)

    def add_trusted(self) -> None:
        path = choose_certificate_file(self)
        if path is None:
            return
        from inspector.signing import trust

        def work(s: VaultSession) -> list[str]:
            return [person(c.subject) for c in trust.add_trusted_file(s, path)]

        self.message.clear_message()
        self.ctx.write(self, work, self._finished("trusted", lambda subjects: self.tr(
            "已加入信任列表：%1").replace("%1", self.tr("、").join(subjects))), on_failure=self.message.show_error)

    def remove_trusted(self) -> None:
        row: TrustedRow | None = self._selected(self.trusted_view, self.trusted)
        if row is None or not confirm(self, self.tr("不再信任“%1”签名的文书？").replace("%1", person(row.subject))):
            return
        from inspector.signing import trust

        trusted_id, subject = row.id, person(row.subject)

        def work(s: VaultSession) -> None:
            trust.remove_trusted(s, trusted_id)

        self.message.clear_message()
        self.ctx.write(self, work, self._finished(
            "removed", lambda _: self.tr("已移除：%1").replace("%1", subject)), on_failure=self.message.show_error)
