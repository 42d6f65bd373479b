"""The evidence of one checklist item: thumbnails, add by file dialog, drag and drop, paste a screenshot;
a caption, a replacement or a removal through the thumbnail's context menu (F2, Delete) or the viewer.

:class:`EvidenceArea` only collects what the user offers (paths, a pasted
image, a caption, a replacement, a confirmed removal) and emits it;
:class:`~ui.widgets.evidence_controller.EvidenceController` stores it, on the
worker thread, and the core decides whether it may change.
:class:`EvidenceListModel` holds the files' descriptions and the thumbnails
made in memory from their bytes.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QContextMenuEvent,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QInputDialog,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector.media import is_video
from inspector.services.evidence import EvidenceInfo
from ui.widgets import files, palette
from ui.widgets.confirm import ReasonDialog, reason_of
from ui.widgets.images import THUMB_EDGE
from ui.widgets.table_model import ROW_ROLE

EVIDENCE_ROLE = ROW_ROLE                       # the EvidenceInfo (the whole row)
SHA_ROLE = Qt.ItemDataRole.UserRole + 10       # its content hash


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} MB"


class EvidenceListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EvidenceInfo] = []
        self._icons: dict[str, QIcon] = {}

    def set_rows(self, rows: list[EvidenceInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[EvidenceInfo]:
        return list(self._rows)

    def replace_row(self, info: EvidenceInfo) -> bool:
        """Show ``info`` in place of the row with its id (a caption given, a file replaced); False if not shown."""
        for r, old in enumerate(self._rows):
            if old.id == info.id:
                self._rows[r] = info
                self.dataChanged.emit(self.index(r), self.index(r))
                return True
        return False

    def remove_row(self, evidence_id: str) -> bool:
        for r, old in enumerate(self._rows):
            if old.id == evidence_id:
                self.beginRemoveRows(QModelIndex(), r, r)
                del self._rows[r]
                self.endRemoveRows()
                return True
        return False

    def set_thumbnail(self, sha256: str, image: QImage) -> None:
        """Show ``image`` (made on the worker) for every row with this content; QPixmap only here, on the UI thread."""
        if image.isNull():
            return
        self._icons[sha256] = QIcon(QPixmap.fromImage(image))
        for r, info in enumerate(self._rows):
            if info.sha256 == sha256:
                self.dataChanged.emit(self.index(r), self.index(r), [Qt.ItemDataRole.DecorationRole])

    def has_thumbnail(self, sha256: str) -> bool:
        return sha256 in self._icons

    def clear(self) -> None:
        self._icons.clear()
        self.set_rows([])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return info.title
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._icons.get(info.sha256)
            if icon is None:
                kind = QStyle.StandardPixmap.SP_MediaPlay if is_video(info.mime) else QStyle.StandardPixmap.SP_FileIcon
                icon = QApplication.style().standardIcon(kind)
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tr("{name}\n{size}\nSHA-256：{sha}").format(
                name=info.filename, size=human_size(info.size), sha=info.sha256)
            return f"{info.caption}\n{tip}" if info.caption else tip
        if role == EVIDENCE_ROLE:
            return info
        if role == SHA_ROLE:
            return info.sha256
        return None


def ask_files(parent: QWidget) -> list[str]:
    """The platform's file dialog (tests replace :attr:`EvidenceArea.choose_files`)."""
    paths = files.open_files(
        parent, "evidence", QApplication.translate("EvidenceArea", "添加证据文件"),
        QApplication.translate("EvidenceArea", "所有文件 (*);;图片 (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;"
                                               "文档 (*.pdf *.docx *.xlsx *.txt)"))
    return [str(p) for p in paths]


def ask_caption(parent: QWidget, info: EvidenceInfo) -> str | None:
    """The caption typed for ``info`` (None: cancelled)."""
    title = QApplication.translate("EvidenceArea", "证据说明")
    label = QApplication.translate("EvidenceArea", "“{name}”的说明（显示在缩略图下方，并印在检查记录中）：")
    text, ok = QInputDialog.getText(parent, title, label.format(name=info.filename), QLineEdit.EchoMode.Normal,
                                    info.caption)
    return text if ok else None


def ask_replacement(parent: QWidget, info: EvidenceInfo) -> str | None:
    path = files.open_file(parent, "evidence", QApplication.translate("EvidenceArea", "选择替换“{name}”的文件")
                           .format(name=info.filename),
                           QApplication.translate("EvidenceArea", "所有文件 (*);;图片 (*.png *.jpg *.jpeg *.bmp *.gif "
                                                                  "*.webp);;文档 (*.pdf *.docx *.xlsx *.txt)"))
    return str(path) if path is not None else None


def removal_dialog(parent: QWidget | None, info: EvidenceInfo) -> ReasonDialog:
    """The question :func:`ask_removal` asks (also for the screenshots)."""
    question = QApplication.translate("EvidenceArea", "删除证据“{name}”？删除后无法恢复；删除及其原因会记入审计记录，"
                                                      "并随交换文件送达其他设备，在那里同样删除。")
    return ReasonDialog(parent, QApplication.translate("EvidenceArea", "删除证据"), question.format(name=info.title),
                        QApplication.translate("EvidenceArea", "删除"),
                        placeholder=QApplication.translate("EvidenceArea", "例如：拍错了单位"))


def ask_removal(parent: QWidget, info: EvidenceInfo) -> str | None:
    """The reason typed for removing ``info`` (None: cancelled)."""
    return reason_of(removal_dialog(parent, info))


def ask_destruction(parent: QWidget, info: EvidenceInfo) -> tuple[str, str] | None:
    """(reason, legal basis) of a destruction request for ``info`` (None: cancelled)."""
    from ui.evidence.destruction import RequestDialog

    dialog = RequestDialog(info, parent)
    return dialog.values() if dialog.exec() else None


class EvidenceArea(QWidget):
    """Thumbnails of an item's evidence, the three ways to add more, and changing one (caption, replace, remove)."""

    files_offered = Signal(list)     # local paths (from the dialog, a drop or a copied file)
    image_pasted = Signal(QImage)    # a screenshot from the clipboard or dragged in
    open_requested = Signal(object)  # the EvidenceInfo to show in the viewer
    caption_given = Signal(object, str)       # EvidenceInfo, the caption typed
    replacement_chosen = Signal(object, str)  # EvidenceInfo, the local path of the file to put in its place
    removal_confirmed = Signal(object, str)   # EvidenceInfo the user confirmed removing, the reason given
    destruction_asked = Signal(object, str, str)  # EvidenceInfo, reason, legal basis of a destruction request

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the questions (tests replace them)
        self.choose_files: Callable[[QWidget], list[str]] = ask_files
        self.ask_caption: Callable[[QWidget, EvidenceInfo], str | None] = ask_caption
        self.ask_replacement: Callable[[QWidget, EvidenceInfo], str | None] = ask_replacement
        self.ask_removal: Callable[[QWidget, EvidenceInfo], str | None] = ask_removal
        self.ask_destruction: Callable[[QWidget, EvidenceInfo], tuple[str, str] | None] = ask_destruction
        self._editable = True
        self.setAcceptDrops(True)

        self.model = EvidenceListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(QSize(THUMB_EDGE, THUMB_EDGE))
        self.view.setGridSize(QSize(THUMB_EDGE + 40, THUMB_EDGE + 36))
        self.view.setMovement(QListView.Movement.Static)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setWrapping(True)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.view.setAcceptDrops(False)  # drops go to the area itself
        self.view.viewport().setAcceptDrops(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setMinimumHeight(THUMB_EDGE + 44)
        self.view.activated.connect(self._activated)
        self.view.installEventFilter(self)
        self.view.setToolTip(self.tr("双击查看证据；右键可编辑说明、替换或删除；拖放文件到此处，或按 Ctrl+V 粘贴截图"))

        self.title_label = QLabel(self.tr("证据"))
        self.title_label.setStyleSheet("font-weight: bold;")
        self.hint_label = QLabel(self.tr("拖放文件到此处，或按 Ctrl+V 粘贴截图"))
        self.hint_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.message_label = QLabel()
        self.message_label.setStyleSheet(palette.text_style(palette.WARNING))
        self.message_label.hide()
        self.add_button = QPushButton(self.tr("添加文件…"))
        self.add_button.clicked.connect(self.add_files)
        self.paste_button = QPushButton(self.tr("粘贴截图"))
        self.paste_button.setToolTip(self.tr("把剪贴板中的截图作为证据保存（Ctrl+V）"))
        self.paste_button.clicked.connect(self.paste)

        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addWidget(self.hint_label)
        top.addStretch(1)
        top.addWidget(self.paste_button)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(self.view, 1)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.add_button.setEnabled(editable)
        self.paste_button.setEnabled(editable)
        self.add_button.setVisible(editable)
        self.paste_button.setVisible(editable)
        self.hint_label.setVisible(editable)
        self.setAcceptDrops(editable)

    @property
    def editable(self) -> bool:
        return self._editable

    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(index.data(EVIDENCE_ROLE))

    # ---- changing one file ---------------------------------------------------------------------

    def current_info(self) -> EvidenceInfo | None:
        index = self.view.currentIndex()
        return index.data(EVIDENCE_ROLE) if index.isValid() else None

    def edit_caption(self, info: EvidenceInfo | None = None, parent: QWidget | None = None) -> None:
        """Ask for ``info``'s caption (the current file's if None) over ``parent`` (this area if None)."""
        info = info or self.current_info()
        if info is None or not self._editable:
            return
        text = self.ask_caption(parent or self, info)
        if text is not None and " ".join(text.split()) != info.caption:
            self.caption_given.emit(info, text)

    def replace_file(self, info: EvidenceInfo | None = None, parent: QWidget | None = None) -> None:
        info = info or self.current_info()
        if info is None or not self._editable:
            return
        path = self.ask_replacement(parent or self, info)
        if path:
            self.show_message("")
            self.replacement_chosen.emit(info, path)

    def remove(self, info: EvidenceInfo | None = None, parent: QWidget | None = None) -> None:
        info = info or self.current_info()
        if info is None or not self._editable:
            return
        reason = self.ask_removal(parent or self, info)
        if reason:
            self.removal_confirmed.emit(info, reason)

    def request_destruction(self, info: EvidenceInfo | None = None, parent: QWidget | None = None) -> None:
        """Ask for the destruction of ``info`` (art. 29): possible whatever the record's state; a second person
        approves it (:mod:`ui.evidence.destruction`)."""
        info = info or self.current_info()
        if info is None:
            return
        values = self.ask_destruction(parent or self, info)
        if values is not None:
            self.destruction_asked.emit(info, *values)

    def menu_for(self, info: EvidenceInfo) -> QMenu:
        """The thumbnail's context menu: view; and while the record may change, caption, replace, remove."""
        menu = QMenu(self)
        menu.addAction(self.tr("查看"), lambda: self.open_requested.emit(info))
        if self._editable:
            menu.addAction(self.tr("编辑说明…"), lambda: self.edit_caption(info)).setShortcut(QKeySequence("F2"))
            menu.addAction(self.tr("替换文件…"), lambda: self.replace_file(info))
            menu.addSeparator()
            menu.addAction(self.tr("删除…"), lambda: self.remove(info)).setShortcut(QKeySequence.StandardKey.Delete)
        menu.addSeparator()
        menu.addAction(self.tr("申请销毁…"), lambda: self.request_destruction(info))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.view.indexAt(self.view.viewport().mapFrom(self, event.pos()))
        if not index.isValid():
            return super().contextMenuEvent(event)
        self.view.setCurrentIndex(index)
        self.menu_for(index.data(EVIDENCE_ROLE)).exec(event.globalPos())

    def show_message(self, text: str) -> None:
        """A short inline note (e.g. nothing to paste); empty hides it."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # ---- the three ways in -------------------------------------------------------------------

    def add_files(self) -> None:
        if not self._editable:
            return
        paths = self.choose_files(self)
        if paths:
            self.show_message("")
            self.files_offered.emit([str(p) for p in paths])

    def paste(self) -> None:
        """Take a screenshot (or copied files) from the clipboard."""
        if not self._editable:
            return
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData()
        if mime is not None and mime.hasImage():
            image = clipboard.image()
            if not image.isNull():
                self.show_message("")
                self.image_pasted.emit(image)
                return
        if mime is not None and mime.hasUrls():
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.show_message("")
                self.files_offered.emit(paths)
                return
        self.show_message(self.tr("剪贴板中没有图片或文件。"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            if isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return True
            if isinstance(event, QKeyEvent) and self.current_info() is not None:
                if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
                    self.remove()
                    return True
                if event.key() == Qt.Key.Key_F2:
                    self.edit_caption()
                    return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self._editable and (any(u.isLocalFile() for u in mime.urls()) or mime.hasImage()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction() if self._editable else event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.files_offered.emit(paths)
        elif mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                self.image_pasted.emit(image)
        event.acceptProposedAction()
