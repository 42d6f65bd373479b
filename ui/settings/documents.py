"""文书 — the settings section for what every official document prints besides its text.

The 版记 defaults (抄送, 印发机关), the 附注 (联系人, 电话) and the office's seal: a PNG with a
transparent background, kept inside the vault (:mod:`inspector.services.seal`), shown here, and drawn
as the visible appearance of the office's signature on issued documents. Each text saves when its field
is left, like the rest of the page; the core checks everything (one line each; the seal's format, size
and transparency) and refuses in Chinese and English. The file dialog and the confirmation are module
functions so tests can replace them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services import settings
from ui.context import AppContext
from ui.widgets import confirm as confirming
from ui.widgets import files, palette
from ui.widgets.fields import MessageLabel

if TYPE_CHECKING:
    from inspector.vault import VaultSession

PREVIEW = 132
"""The seal preview's side in pixels."""
TEXT_SETTINGS = (("cc", settings.DOC_CC), ("printer", settings.DOC_PRINTER), ("contact", settings.DOC_CONTACT),
                 ("phone", settings.DOC_PHONE))


# ---- replaceable in tests ------------------------------------------------------------------


def choose_seal(parent: QWidget) -> Path | None:
    return files.open_file(parent, "seal", QCoreApplication.translate("DocumentSettings", "载入印章图片"),
                           QCoreApplication.translate("DocumentSettings", "PNG 图片 (*.png);;所有文件 (*)"))


def confirm_remove(parent: QWidget) -> bool:
    title = QCoreApplication.translate("DocumentSettings", "移除印章")
    text = QCoreApplication.translate(
        "DocumentSettings", "移除后，签发的文书在印章位置只显示签名人和签名时间。已导出的文件不受影响。")
    return confirming.confirm(parent, title, text, title)


# ---- on the worker ---------------------------------------------------------------------------


def load_seal(s: VaultSession) -> bytes | None:
    from inspector.services import seal

    return seal.load(s)


class DocumentSettings(QGroupBox):
    """The group box on the settings page."""

    done = Signal(str)  # for tests: "saved", "seal-loaded", "seal-removed"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("文书（随保险库保存）"))
        self.ctx = ctx
        self._saved: dict[str, str] = {}
        self._loaded = False
        self.edits = {key: QLineEdit() for key, _ in TEXT_SETTINGS}
        self.edits["cc"].setPlaceholderText(self.tr("如：市委网信办、市公安局"))
        self.edits["printer"].setPlaceholderText(self.tr("留空即为单位名称"))
        self.edits["phone"].setPlaceholderText(self.tr("如：0356-1234567"))
        self.message = MessageLabel()
        form = QFormLayout()
        form.addRow(self.tr("抄送机关："), self.edits["cc"])
        form.addRow(self.tr("印发机关："), self.edits["printer"])
        form.addRow(self.tr("联系人："), self.edits["contact"])
        form.addRow(self.tr("联系电话："), self.edits["phone"])
        hint = QLabel(self.tr("抄送机关用顿号（、）隔开。每份文书起草时可以另行修改；签发后随文书固定。"))
        hint.setWordWrap(True)
        hint.setStyleSheet(palette.text_style(palette.SECONDARY))
        form.addRow("", hint)

        self.seal_preview = QLabel()
        self.seal_preview.setFixedSize(PREVIEW, PREVIEW)
        self.seal_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.seal_preview.setStyleSheet(f"border: 1px dashed {palette.NEUTRAL};")
        self.load_seal_button = QPushButton(self.tr("载入印章…"))
        self.remove_seal_button = QPushButton(self.tr("移除印章"))
        self.seal_message = MessageLabel()
        seal_note = QLabel(self.tr(
            "印章图片：PNG 格式、透明背景、大致为正方形，每边 200–2000 像素，不超过 2 MB。签发文书时，"
            "印章作为数字签名的外观盖在署名和成文日期上。注意：带印章图片的数字签名不是 GB/T 38540 电子印章；"
            "需要电子印章时，请打印后加盖实物印章，或使用经批准的电子印章系统。"))
        seal_note.setWordWrap(True)
        seal_note.setStyleSheet(palette.text_style(palette.SECONDARY))
        buttons = QVBoxLayout()
        buttons.addWidget(self.load_seal_button)
        buttons.addWidget(self.remove_seal_button)
        buttons.addStretch(1)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_preview)
        seal_row.addLayout(buttons)
        seal_column = QVBoxLayout()
        seal_column.addWidget(QLabel(self.tr("发文机关印章：")))
        seal_column.addLayout(seal_row)
        seal_column.addWidget(seal_note)
        seal_column.addWidget(self.seal_message)
        seal_column.addStretch(1)

        texts = QVBoxLayout()
        texts.addLayout(form)
        texts.addWidget(self.message)
        texts.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(texts, 3)
        layout.addLayout(seal_column, 2)

        for edit in self.edits.values():
            edit.editingFinished.connect(self.save)
        self.load_seal_button.clicked.connect(self.load_seal)
        self.remove_seal_button.clicked.connect(self.remove_seal)
        self._show_seal(None)

    # ---- reading -----------------------------------------------------------------------------

    def show_values(self, values: settings.VaultSettings) -> None:
        """The page read the vault's settings: fill the fields (never while the user types: only once)."""
        self._saved = {"cc": values.cc, "printer": values.printer, "contact": values.contact, "phone": values.phone}
        for key, edit in self.edits.items():
            edit.blockSignals(True)
            edit.setText(self._saved[key])
            edit.blockSignals(False)
        self._loaded = True
        self.ctx.read(self, load_seal, self._show_seal, key="seal")

    def _show_seal(self, png: bytes | None) -> None:
        pixmap = QPixmap()
        if png and pixmap.loadFromData(png, "PNG"):
            self.seal_preview.setPixmap(pixmap.scaled(PREVIEW - 8, PREVIEW - 8, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
            self.seal_preview.setToolTip(self.tr("{w}×{h} 像素").format(w=pixmap.width(), h=pixmap.height()))
        else:
            self.seal_preview.setPixmap(QPixmap())
            self.seal_preview.setText(self.tr("未载入印章"))
            self.seal_preview.setToolTip("")
        self.remove_seal_button.setEnabled(bool(png))

    def clear(self) -> None:
        self._loaded = False
        self._saved = {}
        for edit in self.edits.values():
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.message.clear_message()
        self.seal_message.clear_message()
        self._show_seal(None)

    # ---- writing -----------------------------------------------------------------------------

    def save(self) -> None:
        values = {key: edit.text().strip() for key, edit in self.edits.items()}
        if not self._loaded or values == self._saved:
            return

        def work(s: VaultSession) -> dict[str, str]:
            for key, setting in TEXT_SETTINGS:
                settings.put(s, setting, values[key])
            return {key: settings.get(s, setting) for key, setting in TEXT_SETTINGS}

        self.ctx.write(self, work, self._stored, on_failure=self.message.show_error)

    def _stored(self, saved: dict[str, str]) -> None:
        self._saved = saved
        if self.edits["cc"].text().strip() != saved["cc"]:  # normalised by the core (、 between names)
            self.edits["cc"].setText(saved["cc"])
        self.message.show_note(self.tr("已保存。"))
        self.done.emit("saved")

    def load_seal(self) -> None:
        path = choose_seal(self)
        if path is None:
            return
        from inspector.services import seal

        def work(s: VaultSession) -> bytes:
            data = seal.read_file(path)
            seal.store(s, data)
            return data

        self.seal_message.clear_message()
        self.ctx.write(self, work, self._seal_loaded, on_failure=self.seal_message.show_error)

    def _seal_loaded(self, png: bytes) -> None:
        self._show_seal(png)
        self.seal_message.show_note(self.tr("印章已载入。"))
        self.done.emit("seal-loaded")

    def remove_seal(self) -> None:
        if not confirm_remove(self):
            return
        from inspector.services import seal

        self.seal_message.clear_message()
        self.ctx.write(self, seal.remove, self._seal_removed, on_failure=self.seal_message.show_error)

    def _seal_removed(self, _: object) -> None:
        self._show_seal(None)
        self.seal_message.show_note(self.tr("印章已移除。"))
        self.done.emit("seal-removed")
