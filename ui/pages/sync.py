"""同步 — exchange with other laptops and the office: a placeholder until the bundle format arrives.

It says what is coming and shows the two identifiers a colleague will need:
this device's id and the vault's id (both read from the open vault, no query).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.pages.base import Page


class SyncPage(Page):
    key = "sync"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        heading = QLabel(self.tr("与其他检查人员及办公室交换数据"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(self.tr(
            "后续版本将通过交换文件在笔记本电脑与办公室之间传递检查计划、问题、整改通知书和整改报告。"
            "交换文件由发送方签名、为接收方加密，每个成员都有哈希校验；导入要么全部成功、要么不做任何更改，"
            "重复导入无副作用，冲突会列出由您决定，而不会被悄悄覆盖。\n\n"
            "在此之前，本机的全部数据都保存在加密的保险库中，不会经网络发送。"))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.device_label = self._id_label()
        self.vault_label = self._id_label()
        self.copy_button = QPushButton(self.tr("复制标识"))
        self.copy_button.setToolTip(self.tr("复制本机标识和保险库标识，以便告知办公室"))
        self.copy_button.clicked.connect(self.copy_ids)
        ids_box = QGroupBox(self.tr("本机标识"))
        form = QFormLayout(ids_box)
        form.addRow(self.tr("设备标识："), self.device_label)
        form.addRow(self.tr("保险库标识："), self.vault_label)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self.copy_button)
        form.addRow(copy_row)
        note = QLabel(self.tr("办公室合并各检查人员的数据时，用设备标识区分每台笔记本电脑上的更改。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #616161;")

        column = QVBoxLayout()
        column.addWidget(heading)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addWidget(ids_box)
        column.addWidget(note)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column, 6)
        layout.addStretch(1)
        self.activate()

    @staticmethod
    def _id_label() -> QLabel:
        label = QLabel("—")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet("font-family: monospace;")
        return label

    def title(self) -> str:
        return self.tr("同步")

    def activate(self, argument: object = None) -> None:
        vault = self.ctx.vault
        self.device_label.setText(vault.device_id if vault is not None else "—")
        self.vault_label.setText(vault.vault_id if vault is not None else "—")
        self.copy_button.setEnabled(vault is not None)
        self.stale = False

    def clear(self) -> None:
        self.device_label.setText("—")
        self.vault_label.setText("—")
        self.copy_button.setEnabled(False)
        self.stale = True

    def copy_ids(self) -> None:
        vault = self.ctx.vault
        if vault is not None:
            QGuiApplication.clipboard().setText(
                self.tr("设备标识：{device}\n保险库标识：{vault}").format(device=vault.device_id, vault=vault.vault_id))
