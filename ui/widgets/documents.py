"""Preview an official document, then export it, signed or not.

The caller says how to build the document: ``prepare(s)``, a unit of work run
by ``ctx.read`` on the worker, returns an
:class:`inspector.services.exports.PreparedDocument` (it may use ``s.vault``,
``s.progress`` and ``s.cancel``, e.g.
``lambda s: prepare_record(s.vault, iid, progress=s.progress, cancel=s.cancel)``).
Its pages are rendered there by PDFium into plain RGB bytes; the dialog only
turns them into pixmaps. Export (``ctx.write``) writes the file the inspector
chose, signs it with the chosen identity and records its hash, again in the
background. 打印… prints exactly the PDF's pages (:mod:`ui.widgets.printing`:
rendered at the printer's resolution on the worker, painted here).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets import files, palette

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from inspector.vault import VaultSession

Prepare = Callable[["VaultSession"], Any]
"""``prepare(s) -> PreparedDocument``, on the worker."""

PREVIEW_WIDTH = 520  # pixels of a rendered page; A4 at about 63 dpi


@dataclass(frozen=True)
class RenderedPage:
    width: int
    height: int
    rgb: bytes


@dataclass(frozen=True)
class Preview:
    document: Any   # inspector.services.exports.PreparedDocument
    pages: list[RenderedPage]
    identities: list[tuple[str, str]]  # (identity id, label), default first


def render_pages(pdf: bytes, width: int = PREVIEW_WIDTH, cancel=None) -> list[RenderedPage]:
    """Render every page to RGB bytes (any thread: no Qt objects)."""
    import pypdfium2 as pdfium

    from inspector.progress import check

    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(doc)):
            check(cancel)
            page = doc[index]
            scale = width / page.get_width()
            image = page.render(scale=scale).to_pil().convert("RGB")
            pages.append(RenderedPage(image.width, image.height, image.tobytes()))
            page.close()
        return pages
    finally:
        doc.close()


def identity_choices(session: VaultSession) -> list[tuple[str, str]]:
    """The vault's signing identities as (id, label), the default one first (any thread)."""
    from inspector.signing.certs import pretty_fingerprint
    from inspector.signing.identity import default_identity_id, list_identities

    default = default_identity_id(session)
    rows = sorted(list_identities(session), key=lambda i: i.id != default)
    text = QCoreApplication.translate("DocumentDialog", "{name}（证书 {fingerprint}，{date} 到期）")
    return [(i.id, text.format(name=i.name, fingerprint=pretty_fingerprint(i.fingerprint, short=True),
                               date=f"{i.not_after:%Y-%m-%d}"))
            for i in rows]


class PagesModel(QAbstractListModel):
    """The rendered pages of one document, as pixmaps made on first display."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pages: list[RenderedPage] = []
        self._pixmaps: dict[int, QPixmap] = {}

    def set_pages(self, pages: list[RenderedPage]) -> None:
        self.beginResetModel()
        self._pages, self._pixmaps = pages, {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._pages)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DecorationRole:
            if row not in self._pixmaps:
                page = self._pages[row]
                image = QImage(page.rgb, page.width, page.height, page.width * 3, QImage.Format.Format_RGB888)
                self._pixmaps[row] = QPixmap.fromImage(image)
            return self._pixmaps[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"— {row + 1} —"
        if role == Qt.ItemDataRole.SizeHintRole:
            page = self._pages[row]
            return QSize(page.width + 8, page.height + 8)
        return None


def _fitting_height(parent: QWidget | None, wanted: int) -> int:
    """``wanted``, or less on a screen too low for it (the title bar and the task bar keep their room)."""
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    return min(wanted, screen.availableGeometry().height() - 60)


class DocumentDialog(QDialog):
    """Preview → 打印 / 导出 PDF / 导出并签名."""

    preview_ready = Signal()
    exported = Signal(object)  # inspector.services.exports.ExportResult
    printed = Signal(int)      # the number of sheets sent to the printer

    def __init__(self, ctx: AppContext, prepare: Prepare, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.prepare = prepare
        self.preview: Preview | None = None
        # replaceable in tests: where to write the file
        self.ask_path: Callable[[str], str | None] = self._ask_path
        # replaceable in tests: the printer to print on (the print dialog's choice), or None
        self.ask_printer: Callable[[int], QPrinter | None] = self._ask_printer
        self.print_task = None  # the rendering for the printer, while it runs (ui.tasks.BackgroundTask)
        self.message_box: QMessageBox | None = None  # the last printing problem shown, while open
        self.setWindowTitle(self.tr("文书预览"))
        self.resize(640, _fitting_height(parent, 820))

        self.title_label = QLabel(self.tr("正在生成文书…"))
        self.title_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.info_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.model = PagesModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(8)
        self.view.setStyleSheet(f"QListView {{ background: {palette.NEUTRAL}; }}")
        self.view.setIconSize(QSize(PREVIEW_WIDTH, int(PREVIEW_WIDTH * 1.42)))
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QListView.SelectionMode.NoSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.identity_box = QComboBox()
        self.identity_box.setToolTip(self.tr("用哪一个签名身份签名"))
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setToolTip(self.tr("用打印机打印这份文书，页面与 PDF 完全相同"))
        self.export_button = QPushButton(self.tr("导出 PDF…"))
        self.export_button.setToolTip(self.tr("导出不签名的 PDF（可以之后再签名）"))
        self.sign_button = QPushButton(self.tr("导出并签名…"))
        self.sign_button.setDefault(True)
        self.close_button = QPushButton(self.tr("关闭"))
        for button in (self.print_button, self.export_button, self.sign_button):
            button.setEnabled(False)  # until the preview is ready
        self.print_button.clicked.connect(self.print_document)
        self.export_button.clicked.connect(lambda: self.export(sign=False))
        self.sign_button.clicked.connect(lambda: self.export(sign=True))
        self.close_button.clicked.connect(self.reject)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        who = QHBoxLayout()  # a line of its own: the identity names its holder, certificate and expiry
        who.addWidget(QLabel(self.tr("签名身份：")))
        who.addWidget(self.identity_box, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.print_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.sign_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.info_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.result_label)
        layout.addLayout(who)
        layout.addLayout(bar)

    # ---- building the preview --------------------------------------------------------------

    def start(self) -> None:
        prepare = self.prepare

        def work(s: VaultSession) -> Preview:
            document = prepare(s)
            pages = render_pages(document.built.data, cancel=s.cancel)
            return Preview(document, pages, identity_choices(s))

        self.ctx.read(self, work, self._show_preview, on_failure=self._failed, label=self.tr("正在生成文书…"))

    def _failed(self, error) -> None:
        from ui.errors import show_error

        self.title_label.setText(self.tr("无法生成文书"))
        show_error(self, error)

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        doc = preview.document
        self.setWindowTitle(doc.title)
        self.title_label.setText(doc.title)
        self.model.set_pages(preview.pages)
        slots = self.tr("、").join(slot.label for slot in doc.built.slots)
        info = self.tr("共 %n 页", "", len(preview.pages))
        if slots:
            info += self.tr("；签名位置：%1").replace("%1", slots)
        if doc.draft:
            info += self.tr("。草稿：签发后才能签名。")
        self.info_label.setText(info)
        self.identity_box.clear()
        for identity_id, label in preview.identities:
            self.identity_box.addItem(label, identity_id)
        self.export_button.setEnabled(True)
        self.print_button.setEnabled(True)
        can_sign = bool(preview.identities) and not doc.draft
        self.sign_button.setEnabled(can_sign)
        if not preview.identities:
            self.sign_button.setToolTip(self.tr("还没有签名身份：请先在“设置 → 签名身份”中创建或导入。"))
        self.identity_box.setEnabled(can_sign)
        self.preview_ready.emit()

    # ---- printing --------------------------------------------------------------------------

    def _ask_printer(self, page_count: int) -> QPrinter | None:
        from ui.widgets import printing

        if not printing.has_printer():
            self._print_problem(printing.no_printer_text())
            return None
        return printing.ask_printer(self, self.preview.document.title if self.preview else "", page_count)

    def print_document(self) -> None:
        """Ask for a printer and pages, render them on the worker, then paint them here (see ui.widgets.printing)."""
        if self.preview is None or self.print_task is not None:
            return
        from ui.widgets import printing

        pdf = self.preview.document.built.data
        printer = self.ask_printer(len(self.preview.pages))
        if printer is None:
            return
        order = printing.print_order(printer, len(self.preview.pages))
        if not order:
            return
        numbers, dpi, gray = sorted(set(order)), printing.print_dpi(printer), printing.grayscale(printer)

        def work(s: VaultSession):  # plain bytes in, plain bytes out: the printer stays on this thread
            return printing.render_for_print(pdf, numbers, dpi, gray, progress=s.progress, cancel=s.cancel)

        def rendered(pages) -> None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the printer takes the pages here
            try:
                sheets = printing.paint(printer, pages, order)
            except printing.PrintFailed as failure:
                self._print_problem(str(failure))
                return
            finally:
                QGuiApplication.restoreOverrideCursor()
            where = printer.outputFileName() or printer.printerName()
            self.result_label.setText(self.tr("已发送 %n 页到打印机：%1", "", sheets).replace("%1", where))
            self.printed.emit(sheets)

        task = self.ctx.read(self, work, rendered, on_failure=self._print_failed, label=self.tr("正在准备打印…"))
        if task is not None:
            self.print_task = task
            self.print_button.setEnabled(False)
            task.finished.connect(self._print_ended)

    def _print_failed(self, error) -> None:
        from inspector.errors import Cancelled
        from ui.errors import show_error

        if not isinstance(error, Cancelled):
            show_error(self, error)

    def _print_ended(self) -> None:
        self.print_task = None
        self.print_button.setEnabled(self.preview is not None)

    def _print_problem(self, text: str) -> None:
        from ui.widgets import printing

        box = printing.warning_box(self, text)
        box.destroyed.connect(lambda *_: setattr(self, "message_box", None) if self.message_box is box else None)
        self.message_box = box

    # ---- exporting -------------------------------------------------------------------------

    def _ask_path(self, filename: str) -> str | None:
        path = files.save_file(self, "documents", self.tr("导出 PDF"), filename, self.tr("PDF 文件 (*.pdf)"))
        return None if path is None else str(path)

    def export(self, sign: bool) -> None:
        if self.preview is None or self.ctx.vault is None:
            return
        path = self.ask_path(self.preview.document.filename)
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        document, out = self.preview.document, Path(path)
        identity_id = self.identity_box.currentData() if sign else None

        def work(s: VaultSession):
            from inspector.services.exports import finish

            return finish(s.vault, document, out, sign=sign, identity_id=identity_id,
                          progress=s.progress, cancel=s.cancel)

        label = self.tr("正在签名并导出…") if sign else self.tr("正在导出…")
        self.ctx.write(self, work, self._exported, label=label)

    def _exported(self, result) -> None:
        lines = [self.tr("已导出：%1").replace("%1", str(result.path))]
        if result.signers:
            lines.append(self.tr("签名人：%1").replace("%1", self.tr("、").join(result.signers)))
        lines.append("SHA-256: " + result.sha256)
        self.result_label.setText("\n".join(lines))
        self.exported.emit(result)


def open_document_dialog(ctx: AppContext, parent: QWidget, prepare: Prepare) -> DocumentDialog:
    """Show the preview of what ``prepare(s)`` builds (see the module doc); the dialog deletes itself when closed."""
    dialog = DocumentDialog(ctx, prepare, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.start()
    return dialog


def close_document_dialog(dialog: DocumentDialog | None) -> None:
    """Close a dialog that may already be gone (the vault is locking: drop what it shows)."""
    import shiboken6

    if dialog is not None and shiboken6.isValid(dialog):
        dialog.close()
