"""An in-app viewer for evidence: the image from its bytes, zoomed to fit; never a temp file, never another program.

Files that are not images show their name, size and SHA-256 only: opening them
in an external program would mean writing them to disk in plaintext.

The title names the file by its caption (else its file name) and, when the
host says, what it belongs to (``context``: the checklist item, the finding).
While the record may change (``editable``) the viewer offers the caption, a
replacement and the removal; it only asks for them (signals), the
:class:`~ui.widgets.evidence_controller.EvidenceController` does them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector.media import VideoInfo, is_video
from inspector.services.evidence import EvidenceInfo
from ui.widgets.evidence import human_size


class EvidenceViewer(QDialog):
    """Shows one evidence file; ``image`` is the decoded picture (null or None for other files)."""

    caption_requested = Signal(object)  # the EvidenceInfo whose caption the user wants to edit
    replace_requested = Signal(object)
    remove_requested = Signal(object)

    def __init__(self, info: EvidenceInfo, image: QImage | None, parent: QWidget | None = None, *,
                 context: str = "", editable: bool = False, video: VideoInfo | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.context = context
        self.image = image if image is not None and not image.isNull() else None
        self._pixmap = QPixmap.fromImage(self.image) if self.image is not None else None
        self.fit = True

        details = QFormLayout()
        self.caption_label = QLabel()
        self.caption_label.setWordWrap(True)
        self.caption_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.addRow(self.tr("说明："), self.caption_label)
        name = QLabel(info.filename)
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sha = QLabel(info.sha256)
        sha.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sha.setWordWrap(True)
        details.addRow(self.tr("文件名："), name)
        size_text = human_size(info.size)
        if self.image is not None:
            size_text = self.tr("{size}，{w} × {h} 像素").format(size=size_text, w=self.image.width(), h=self.image.height())
        details.addRow(self.tr("大小："), QLabel(size_text))
        details.addRow(self.tr("类型："), QLabel(info.mime))
        if video is not None:
            details.addRow(self.tr("时长："), QLabel(video.duration_text))
            if video.width:
                details.addRow(self.tr("画面："), QLabel(self.tr("{w} × {h} 像素").format(w=video.width, h=video.height)))
        details.addRow(self.tr("SHA-256："), sha)

        layout = QVBoxLayout(self)
        self.heading = QLabel()  # the title again, inside the dialog (a window manager may show little of it)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setWidget(self.image_label)
        self.scroll.setWidgetResizable(True)
        self.fit_button = QPushButton(self.tr("适应窗口"))
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.toggled.connect(self.set_fit)
        if self._pixmap is not None:
            bar = QHBoxLayout()
            bar.addWidget(self.fit_button)
            bar.addStretch(1)
            layout.addLayout(bar)
            layout.addWidget(self.scroll, 1)
        else:
            self.fit_button.hide()
            self.scroll.hide()
            if is_video(info.mime):
                text = self.tr("视频无法在此播放：播放组件会使安装包超出大小预算。为保护数据安全，视频只保存在加密保险库中，"
                               "不会写成明文文件，也不会用其他程序打开；需要时可用“inspector evidence export”导出。")
            else:
                text = self.tr("该文件不是图片，无法在此预览。为保护数据安全，证据只保存在加密保险库中，"
                               "不会写成明文文件，也不会用其他程序打开。")
            note = QLabel(text)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        self.caption_button = QPushButton(self.tr("编辑说明…"))
        self.replace_button = QPushButton(self.tr("替换文件…"))
        self.remove_button = QPushButton(self.tr("删除…"))
        self.caption_button.clicked.connect(lambda: self.caption_requested.emit(self.info))
        self.replace_button.clicked.connect(lambda: self.replace_requested.emit(self.info))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.info))
        bottom = QHBoxLayout()
        for button in (self.caption_button, self.replace_button, self.remove_button):
            button.setAutoDefault(False)
            button.setVisible(editable)
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.set_info(info)
        self._initial_size()
        self._render()

    def set_info(self, info: EvidenceInfo) -> None:
        """Show ``info``'s caption (given or changed) in the title and the details; the file is the same."""
        self.info = info
        title = (self.tr("{title} — {context}").format(title=info.title, context=self.context) if self.context
                 else info.title)
        self.setWindowTitle(title)
        self.heading.setText(title)
        self.caption_label.setText(info.caption or self.tr("（无）"))

    def _initial_size(self) -> None:
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        max_w, max_h = (int(avail.width() * 0.8), int(avail.height() * 0.85)) if avail else (1000, 700)
        if self._pixmap is None:
            self.resize(min(520, max_w), 240)
        else:
            self.resize(min(max(self._pixmap.width() + 40, 480), max_w), min(self._pixmap.height() + 180, max_h))

    def set_fit(self, fit: bool) -> None:
        """Fit the image to the window (default), or show it at its real size with scroll bars."""
        self.fit = fit
        self.scroll.setWidgetResizable(fit)
        self._render()

    def _render(self) -> None:
        if self._pixmap is None:
            return
        if not self.fit:
            self.image_label.setPixmap(self._pixmap)
            self.image_label.adjustSize()
            return
        area = self.scroll.viewport().size()
        if area.width() < 10 or area.height() < 10:
            return
        if self._pixmap.width() <= area.width() and self._pixmap.height() <= area.height():
            self.image_label.setPixmap(self._pixmap)  # never enlarge a small picture
        else:
            self.image_label.setPixmap(self._pixmap.scaled(area, Qt.AspectRatioMode.KeepAspectRatio,
                                                           Qt.TransformationMode.SmoothTransformation))

    def displayed_size(self) -> tuple[int, int]:
        pm = self.image_label.pixmap()
        return (pm.width(), pm.height()) if pm is not None and not pm.isNull() else (0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._render()
