"""检查组签名: after the on-site record is exported, each team member present signs it with their own identity.

The dialog lists the inspection's team with, for each, whether the written file
holds their signature (:func:`inspector.signing.team.record_signatures`, read
from the file on the worker). 签名… asks the member to confirm and adds their
signature to the same file (:func:`inspector.signing.team.sign_record_as`, the
service behind ``inspector sign``), filling their box on the record; a member
without a signing identity in this vault can have one created here first
(:func:`inspector.signing.identity.create_identity`, as ``inspector identity
create --inspector ID``). The rules are the core's: the dialog only asks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.signing.certs import pretty_fingerprint
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets import palette
from ui.widgets.confirm import confirm

if TYPE_CHECKING:
    from inspector.signing.team import (
        MemberSignature,  # pyHanko: loaded on the worker, when first used
    )
    from inspector.vault import VaultSession


def grouped(fingerprint: str) -> str:
    """The fingerprint's beginning, as everywhere (:func:`inspector.signing.certs.pretty_fingerprint`)."""
    return pretty_fingerprint(fingerprint, short=True)


class TeamSigningDialog(QDialog):
    """One row per team member: name (role), signed or not, and the button that lets them sign."""

    shown = Signal(object)    # list[MemberSignature], each time the rows are (re)read
    signed = Signal(str)      # inspector id, once their signature is in the file

    def __init__(self, ctx: AppContext, inspection_id: str, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.path = Path(path)
        self.members: list[MemberSignature] = []
        # replaceable in tests: the member's own confirmation before their signature is made
        self.confirm: Callable[[str, str, str], bool] = (
            lambda title, text, accept: confirm(self, title, text, accept))
        self.setWindowTitle(self.tr("检查组签名"))
        self.setMinimumWidth(560)
        intro = QLabel(self.tr("检查记录已导出：{path}\n在场的每位检查人员用自己的签名身份签名；签名依次加到同一文件中，"
                               "之前的签名保持有效。").format(path=str(self.path)))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(1, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.rows)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.sign_buttons: dict[str, QPushButton] = {}

    # ---- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        iid, path = self.inspection_id, self.path

        def read(s: VaultSession) -> list[MemberSignature]:
            from inspector.signing.team import read_record, record_signatures

            return record_signatures(s, iid, read_record(path))

        self.ctx.read(self, read, self._show, key="team-signing", on_failure=self._failed)

    def _failed(self, err: InspectorError) -> None:
        self._busy(False)
        show_error(self, err)

    def _show(self, members: list[MemberSignature]) -> None:
        self.members = members
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.sign_buttons = {}
        for row, m in enumerate(members):
            role = self.tr("组长") if m.lead else self.tr("组员")
            name = QLabel(self.tr("{name}（{role}）").format(name=m.name, role=role))
            state = QLabel()
            state.setWordWrap(True)
            button = QPushButton()
            if m.signed:
                state.setText(self.tr("已签名"))
                state.setStyleSheet(palette.text_style(palette.OK))
                button.setText(self.tr("已签名"))
                button.setEnabled(False)
            elif m.identity_id is not None:
                state.setText(self.tr("未签名（证书 {fpr}）").format(fpr=grouped(m.fingerprint)))
                state.setStyleSheet(palette.text_style(palette.CAUTION))
                button.setText(self.tr("由{name}签名…").format(name=m.name))
                button.clicked.connect(lambda _c=False, member=m: self.sign(member))
            else:
                state.setText(self.tr("本机没有{name}的签名身份").format(name=m.name))
                state.setStyleSheet(palette.text_style(palette.MUTED))
                button.setText(self.tr("创建签名身份…"))
                button.setToolTip(self.tr("在本保险库中为{name}创建签名身份（密钥与自签名证书）；"
                                          "如其有单位 CA 签发的证书，可用命令行 inspector identity import --inspector 导入")
                                  .format(name=m.name))
                button.clicked.connect(lambda _c=False, member=m: self.create_identity(member))
            self.rows.addWidget(name, row, 0)
            self.rows.addWidget(state, row, 1)
            self.rows.addWidget(button, row, 2)
            self.sign_buttons[m.inspector_id] = button
        waiting = [m for m in members if not m.signed]
        self.message.setText(self.tr("检查组成员均已签名。") if not waiting else
                             self.tr("还有 {n} 人未签名。").format(n=len(waiting)))
        self._busy(False)
        self.shown.emit(members)

    def unsigned(self) -> list[MemberSignature]:
        return [m for m in self.members if not m.signed]

    def _busy(self, busy: bool) -> None:
        for inspector_id, button in self.sign_buttons.items():
            member = next((m for m in self.members if m.inspector_id == inspector_id), None)
            button.setEnabled(not busy and member is not None and not member.signed)

    # ---- acting --------------------------------------------------------------------------------

    def sign(self, member: MemberSignature) -> None:
        if member.identity_id is None or member.signed:
            return
        text = self.tr("请{name}本人确认：以其签名身份（证书 {fpr}）对现场检查记录进行数字签名。签名后该文件即带有"
                       "{name}的数字签名。").format(name=member.name, fpr=grouped(member.fingerprint))
        if not self.confirm(self.tr("检查人员签名"), text, self.tr("由{name}签名").format(name=member.name)):
            return
        iid, path, inspector_id = self.inspection_id, self.path, member.inspector_id

        def work(s: VaultSession):
            from inspector.signing.team import sign_record_as

            return sign_record_as(s.vault, iid, path, inspector_id, progress=s.progress, cancel=s.cancel)

        def done(_result: object) -> None:
            self.signed.emit(inspector_id)
            self.reload()

        if self.ctx.write(self, work, done, on_failure=self._failed, label=self.tr("正在签名…")) is not None:
            self._busy(True)

    def create_identity(self, member: MemberSignature) -> None:
        text = self.tr("在本保险库中为{name}创建签名身份（ECDSA 密钥和自签名证书，保存在加密的保险库中），"
                       "此后{name}即可在本机签名。请仅在{name}本人同意时创建。").format(name=member.name)
        if not self.confirm(self.tr("创建签名身份"), text, self.tr("创建签名身份")):
            return
        inspector_id = member.inspector_id

        def work(s: VaultSession) -> str:
            from inspector.signing.identity import create_identity

            return create_identity(s, inspector_id).id

        if self.ctx.write(self, work, lambda _id: self.reload(), on_failure=self._failed,
                          label=self.tr("正在创建签名身份…")) is not None:
            self._busy(True)
