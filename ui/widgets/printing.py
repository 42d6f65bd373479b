"""Printing a previewed document: exactly the PDF's pages, one per sheet (used by ui/widgets/documents.py).

Three steps, so that no Qt object crosses to the worker and the UI thread never renders a PDF:

1. :func:`ask_printer` (UI thread): the system's print dialog over an A4 :class:`QPrinter`, with the page
   range the user may pick; :func:`print_order` reads what was chosen (range, copies) into page numbers.
2. :func:`render_for_print` (worker, inside ``ctx.read``): PDFium renders the chosen pages at the
   printer's resolution (at most :data:`MAX_DPI`) into plain bytes, zlib-packed (an A4 page at 300 dpi
   is 26 MB of pixels and about half a megabyte packed), with progress and cancel.
3. :func:`paint` (UI thread): QPainter puts each page on a sheet of its own, scaled to the sheet's paint
   rectangle with its aspect ratio kept. The printer prints the whole sheet (``fullPage``), so an A4
   page lands on A4 paper at 100 %: the margins GB/T 9704 prescribes stay what the PDF says.

A draft prints with its watermark, which is part of the PDF.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

MAX_DPI = 300  # enough for text and seals on paper; more only makes the job larger


# ---- 1. the printer (UI thread) ----------------------------------------------------------------

def new_printer(document_name: str) -> QPrinter:
    """An A4 portrait printer at its full resolution that prints the whole sheet (no margins of its own)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


def has_printer() -> bool:
    """Whether the system offers any printer at all."""
    return bool(QPrinterInfo.availablePrinters())


def no_printer_text() -> str:
    return QCoreApplication.translate(
        "DocumentDialog", "没有可用的打印机：请先在系统设置中添加打印机。也可以先“导出 PDF…”，再在其他电脑上打印。")


def ask_printer(parent: QWidget, document_name: str, page_count: int) -> QPrinter | None:
    """The system's print dialog (printer, pages, copies); the printer chosen, or None (cancelled).

    Ask :func:`has_printer` first: without a printer, say :func:`no_printer_text` instead.
    """
    printer = new_printer(document_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("DocumentDialog", "打印文书"))
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOptions(option.PrintPageRange | option.PrintCollateCopies | option.PrintShowPageSize)
    dialog.setMinMax(1, page_count)
    printer.setFromTo(1, page_count)
    try:
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def print_order(printer: QPrinter, page_count: int) -> list[int]:
    """The PDF's pages (0-based) in the order they go to the printer: the range chosen, then the copies
    the printer does not make itself (collated or not, as chosen)."""
    pages = list(range(page_count))
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [p for p in pages if ranges.contains(p + 1)]
        elif printer.fromPage() > 0:
            last = max(printer.toPage(), printer.fromPage())
            pages = [p for p in pages if printer.fromPage() <= p + 1 <= last]
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return pages
    if printer.collateCopies():
        return pages * copies
    return [p for p in pages for _ in range(copies)]


def print_dpi(printer: QPrinter) -> int:
    """The resolution to render at: the printer's, at most :data:`MAX_DPI`."""
    return max(72, min(printer.resolution(), MAX_DPI))


def grayscale(printer: QPrinter) -> bool:
    return printer.colorMode() == QPrinter.ColorMode.GrayScale


# ---- 2. the pages as bytes (worker) -------------------------------------------------------------

@dataclass(frozen=True)
class PrintPage:
    """One rendered page: ``width`` × ``height`` pixels, RGB (3 bytes) or grey (1 byte), zlib-packed."""

    number: int   # 0-based, in the PDF
    width: int
    height: int
    gray: bool
    packed: bytes


def render_for_print(pdf: bytes, numbers: Sequence[int], dpi: int, gray: bool = False,
                     progress=None, cancel=None) -> dict[int, PrintPage]:
    """The pages ``numbers`` (0-based; each rendered once) at ``dpi`` (any thread: no Qt objects)."""
    import pypdfium2 as pdfium

    from inspector.progress import check

    wanted = sorted(set(numbers))
    done: dict[int, PrintPage] = {}
    doc = pdfium.PdfDocument(pdf)
    try:
        for i, number in enumerate(wanted):
            check(cancel)
            if progress is not None:
                progress(i, len(wanted), "")
            page = doc[number]
            try:
                image = page.render(scale=dpi / 72, grayscale=gray).to_pil().convert("L" if gray else "RGB")
            finally:
                page.close()
            done[number] = PrintPage(number, image.width, image.height, gray, zlib.compress(image.tobytes(), 1))
            del image
        if progress is not None:
            progress(len(wanted), len(wanted), "")
        return done
    finally:
        doc.close()


# ---- 3. painting (UI thread) --------------------------------------------------------------------

class PrintFailed(Exception):
    """The printer refused the job (it could not start, or failed part-way); the message is for the user."""


def fitted(page: QSizeF, area: QRectF) -> QRectF:
    """``page`` scaled to fit ``area`` with its aspect ratio kept, centred."""
    scale = min(area.width() / page.width(), area.height() / page.height())
    w, h = page.width() * scale, page.height() * scale
    return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)


def paint(printer: QPrinter, pages: dict[int, PrintPage], order: Sequence[int]) -> int:
    """Each page of ``order`` on a sheet of its own; the number of sheets. Raises :class:`PrintFailed`."""
    name = printer.printerName() or printer.outputFileName()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(QCoreApplication.translate(
            "DocumentDialog", "无法开始打印：打印机“%1”没有接受这份文书。").replace("%1", name))
    sheets = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        area = QRectF(painter.viewport())
        for number in order:
            if sheets and not printer.newPage():
                raise PrintFailed(QCoreApplication.translate(
                    "DocumentDialog", "打印中断：打印机在第 %n 页之后出错。", None, sheets))
            page = pages[number]
            pixels = zlib.decompress(page.packed)  # kept alive while the image below reads it
            fmt = QImage.Format.Format_Grayscale8 if page.gray else QImage.Format.Format_RGB888
            image = QImage(pixels, page.width, page.height, page.width * (1 if page.gray else 3), fmt)
            painter.drawImage(fitted(QSizeF(page.width, page.height), area), image)
            sheets += 1
    finally:
        ended = painter.end()
    if not ended or printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintFailed(QCoreApplication.translate(
            "DocumentDialog", "打印失败：打印机“%1”报告了错误。").replace("%1", name))
    return sheets


def warning_box(parent: QWidget, text: str) -> QMessageBox:
    """A warning that does not block (``open()``, so tests can read it); it deletes itself when closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("DocumentDialog", "打印"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
