"""打印… in the document preview: exactly the PDF's pages, on the demo vault, judged by poppler.

The print dialog is replaced by a QPrinter writing a PDF into tmp_path (``dialog.ask_printer``, as
``ask_path`` replaces the file dialog); everything else is the application's own: the dialog, the worker,
PDFium, QPainter on the printer. pdfinfo counts and measures the printed pages, pdftoppm renders them next
to the source pages.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog
from sqlmodel import select

from inspector.model import Inspection, InspectionStatus, NoticeStatus, RectificationNotice
from inspector.timezones import china_today
from tests.ui.conftest import delivered
from ui.context import AppContext
from ui.widgets import printing
from ui.widgets.documents import DocumentDialog

TIMEOUT = 30_000
DPI, REDUCE = 150, 3  # rendered at 150 dpi, compared at 50: poppler's anti-aliasing of text and of a
# picture of text then agree to a grey level or two


@pytest.fixture
def ctx(demo_vault):
    return AppContext(demo_vault)


def _open(qtbot, ctx, prepare) -> DocumentDialog:
    dialog = DocumentDialog(ctx, prepare)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    assert not dialog.print_button.isEnabled(), "nothing to print before the preview is ready"
    if dialog.preview is None:
        with qtbot.waitSignal(dialog.preview_ready, timeout=TIMEOUT):
            pass
    assert dialog.print_button.isEnabled()
    return dialog


def _record(qtbot, ctx, demo_vault) -> DocumentDialog:
    from inspector.services.exports import prepare_record

    with demo_vault.session() as s:
        inspection_id = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).first().id
    return _open(qtbot, ctx, lambda s: prepare_record(s.vault, inspection_id))


def _pdf_printer(out: Path) -> QPrinter:
    """What the print dialog would hand back, as the dialog makes it, printing into a PDF file."""
    printer = printing.new_printer("test")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def _print(qtbot, dialog: DocumentDialog, printer: QPrinter) -> int:
    dialog.ask_printer = lambda page_count: printer
    with qtbot.waitSignal(dialog.printed, timeout=TIMEOUT) as blocker:
        dialog.print_button.click()
    delivered(qtbot)
    return blocker.args[0]


def _source(dialog: DocumentDialog, tmp_path: Path) -> Path:
    path = tmp_path / "source.pdf"
    path.write_bytes(dialog.preview.document.built.data)
    return path


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _pages(pdf: Path, folder: Path) -> list[Image.Image]:
    """Every page as poppler renders it, in colour, at :data:`DPI` / :data:`REDUCE`."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / "p")], check=True,
                   capture_output=True, timeout=120)
    return [Image.open(p).convert("RGB").reduce(REDUCE) for p in sorted(folder.glob("p-*.png"))]


def _dark(image: Image.Image, level: int = 160) -> Image.Image:
    """The pixels darker than ``level`` (text, rules, the seal's lines) as a 0/255 mask."""
    return image.convert("L").point(lambda v: 255 if v < level else 0)


def _red(image: Image.Image) -> Image.Image:
    """The red pixels (the 版头, its rule) as a 0/255 mask."""
    r, g, b = image.split()
    low = ImageChops.lighter(g, b).point(lambda v: 255 if v < 90 else 0)
    return ImageChops.multiply(r.point(lambda v: 255 if v > 150 else 0), low)


def _count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def _assert_same_page(printed: Image.Image, source: Image.Image) -> None:
    assert printed.size == source.size, "an A4 sheet for an A4 page"
    ink, wanted = _dark(printed), _dark(source)
    assert _count(wanted) > 500, "the source page has text"
    assert _count(ink) > 0.9 * _count(wanted), "the printed page is not blank"
    # where the source page has ink, the printed page has some too, and the other way round (one pixel of
    # slack): the page is printed where it belongs, at its size
    missing = ImageChops.subtract(wanted, _dark(printed, 200).filter(ImageFilter.MaxFilter(3)))
    assert _count(missing) < 0.01 * _count(wanted), "the text is where the source page has it"
    stray = ImageChops.subtract(ink, _dark(source, 200).filter(ImageFilter.MaxFilter(3)))
    assert _count(stray) < 0.01 * _count(wanted), "nothing printed where the page has no ink"
    # colour too (the red 版头, the watermark of a draft): on average within a few levels of the source
    diff = ImageChops.difference(printed, source).convert("L")
    assert sum(i * n for i, n in enumerate(diff.histogram())) / (diff.width * diff.height) < 4


def _no_timers_left(dialog: DocumentDialog) -> None:
    assert dialog.print_task is None and dialog.print_button.isEnabled()
    assert [t for t in dialog.findChildren(QTimer) if t.isActive()] == []
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()] == []


def test_the_record_prints_every_page_as_the_pdf_has_it(qtbot, ctx, demo_vault, tmp_path):
    dialog = _record(qtbot, ctx, demo_vault)
    out = tmp_path / "printed.pdf"
    sheets = _print(qtbot, dialog, _pdf_printer(out))

    source = _source(dialog, tmp_path)
    count = int(_info(source)["Pages"])
    assert sheets == count == len(dialog.preview.pages) and count >= 2
    info = _info(out)
    assert int(info["Pages"]) == count
    assert "(A4)" in info["Page size"], info["Page size"]
    printed, pages = _pages(out, tmp_path / "printed"), _pages(source, tmp_path / "source")
    assert len(printed) == len(pages) == count
    for mine, theirs in zip(printed, pages, strict=True):
        _assert_same_page(mine, theirs)
    assert str(out) in dialog.result_label.text()
    _no_timers_left(dialog)


def test_the_pages_and_copies_chosen_are_printed_in_order(qtbot, ctx, demo_vault, tmp_path):
    dialog = _record(qtbot, ctx, demo_vault)
    count = len(dialog.preview.pages)
    out = tmp_path / "range.pdf"
    printer = _pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, count)  # every page but the first
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert not printer.supportsMultipleCopies(), "a PDF printer makes no copies itself: the dialog does"
    assert _print(qtbot, dialog, printer) == 2 * (count - 1)

    printed, pages = _pages(out, tmp_path / "printed"), _pages(_source(dialog, tmp_path), tmp_path / "source")
    wanted = pages[1:] * 2
    assert len(printed) == len(wanted)
    for mine, theirs in zip(printed, wanted, strict=True):
        _assert_same_page(mine, theirs)
    _no_timers_left(dialog)


def test_a_draft_prints_with_its_watermark(qtbot, ctx, demo_vault, tmp_path):
    from inspector.services import rectification as rect
    from inspector.services.exports import prepare_notice

    with demo_vault.session() as s:
        candidates = rect.draft_candidates(s)
        first = candidates[0]
        ids = [c.finding_id for c in candidates if c.department_id == first.department_id]
        draft_id = rect.create_draft(s, first.department_id, ids, plan_id=first.plan_id,
                                     deadline=china_today() + timedelta(days=30)).id
        s.commit()
    dialog = _open(qtbot, ctx, lambda s: prepare_notice(s.vault, draft_id))
    assert dialog.preview.document.draft
    out = tmp_path / "draft.pdf"
    _print(qtbot, dialog, _pdf_printer(out))

    source = _source(dialog, tmp_path)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-l", "1", str(source), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "草稿" in text, "the watermark is part of the PDF"
    printed, pages = _pages(out, tmp_path / "printed"), _pages(source, tmp_path / "source")
    assert len(printed) == len(pages)
    for mine, theirs in zip(printed, pages, strict=True):
        _assert_same_page(mine, theirs)  # within a few levels of colour everywhere: the watermark too


def test_an_issued_notice_prints_at_the_size_of_its_pdf(qtbot, ctx, demo_vault, tmp_path):
    from inspector.services.exports import prepare_notice

    with demo_vault.session() as s:
        issued = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).first()
    dialog = _open(qtbot, ctx, lambda s: prepare_notice(s.vault, issued.id))
    out = tmp_path / "notice.pdf"
    _print(qtbot, dialog, _pdf_printer(out))
    source = _source(dialog, tmp_path)
    assert _info(out)["Pages"] == _info(source)["Pages"]
    printed, pages = _pages(out, tmp_path / "printed"), _pages(source, tmp_path / "source")
    for mine, theirs in zip(printed, pages, strict=True):
        _assert_same_page(mine, theirs)
        assert _count(_red(mine)) >= 0.8 * _count(_red(theirs))
    assert _count(_red(pages[0])) > 100, "the first page has its red 版头"


def test_cancelled_while_rendering_nothing_is_printed(qtbot, ctx, demo_vault, tmp_path):
    dialog = _record(qtbot, ctx, demo_vault)
    out = tmp_path / "cancelled.pdf"
    printer = _pdf_printer(out)
    dialog.ask_printer = lambda page_count: printer
    printed = []
    dialog.printed.connect(printed.append)
    dialog.print_button.click()
    assert dialog.print_task is not None and not dialog.print_button.isEnabled(), "one print job at a time"
    dialog.print_task.cancel()  # what the progress dialog's 取消 does
    delivered(qtbot)
    assert printed == [] and not out.exists()
    assert dialog.message_box is None, "a cancel is not an error"
    _no_timers_left(dialog)


def test_choosing_no_printer_prints_nothing(qtbot, ctx, demo_vault, tmp_path):
    dialog = _record(qtbot, ctx, demo_vault)
    dialog.ask_printer = lambda page_count: None  # the print dialog was cancelled
    dialog.print_button.click()
    delivered(qtbot)
    assert dialog.print_task is None and dialog.message_box is None and dialog.print_button.isEnabled()


@pytest.mark.skipif(printing.has_printer(), reason="this machine has a printer")
def test_without_a_printer_the_dialog_says_so(qtbot, ctx, demo_vault):
    dialog = _record(qtbot, ctx, demo_vault)
    dialog.print_button.click()  # the application's own step: no printer, so no print dialog
    box = dialog.message_box
    assert box is not None and box.isVisible()
    assert box.text() == printing.no_printer_text() and "打印机" in box.text()
    assert dialog.print_task is None and dialog.print_button.isEnabled()
    box.close()
    delivered(qtbot)
    assert dialog.message_box is None


def test_the_package_has_qt_printing_and_leaves_the_cups_client_to_the_system():
    """build/inspector.spec ships QtPrintSupport and Qt's CUPS plugin, not libcups and what libcups brings."""
    import re
    import types

    spec = (Path(__file__).resolve().parents[2] / "build" / "inspector.spec").read_text("utf-8")
    assert '"PySide6.QtPrintSupport"' not in spec[spec.index("excludes = ["):spec.index("a = Analysis(")]
    start = spec.index("# Printing on Linux")
    snippet = spec[start:spec.index("\npyz =", start)]
    kept = ["PySide6/QtPrintSupport.abi3.so", "PySide6/Qt/lib/libQt6PrintSupport.so.6",
            "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "libgssapi_krb5.so.2", "libQt6Gui.so.6"]
    system_cups = ["libcups.so.2", "libavahi-common.so.3", "libavahi-client.so.3", "libgnutls.so.30",
                   "libp11-kit.so.0", "libidn2.so.0", "libunistring.so.2", "libtasn1.so.6", "libnettle.so.8",
                   "libhogweed.so.6", "libgmp.so.10"]
    a = types.SimpleNamespace(binaries=[(n, "", "BINARY") for n in kept + system_cups], datas=[])
    exec(snippet, {"re": re, "sys": types.SimpleNamespace(platform="linux"), "a": a})
    assert [b[0] for b in a.binaries] == kept


def test_closing_the_preview_while_rendering_prints_nothing(qtbot, ctx, demo_vault, tmp_path):
    import shiboken6
    from PySide6.QtCore import Qt

    from inspector.services.exports import prepare_record

    with demo_vault.session() as s:
        inspection_id = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).first().id
    dialog = DocumentDialog(ctx, lambda s: prepare_record(s.vault, inspection_id))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as open_document_dialog makes it
    dialog.show()
    dialog.start()
    with qtbot.waitSignal(dialog.preview_ready, timeout=TIMEOUT):
        pass
    out = tmp_path / "closed.pdf"
    printer = _pdf_printer(out)
    dialog.ask_printer = lambda page_count: printer
    dialog.print_button.click()
    task = dialog.print_task
    dialog.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=TIMEOUT)
    delivered(qtbot)
    assert not task.is_running() and not out.exists()


def test_a_grayscale_printer_gets_grey_pages(qtbot, ctx, demo_vault, tmp_path):
    from inspector.services.exports import prepare_notice

    with demo_vault.session() as s:
        issued = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).first()
    dialog = _open(qtbot, ctx, lambda s: prepare_notice(s.vault, issued.id))
    out = tmp_path / "grey.pdf"
    printer = _pdf_printer(out)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    _print(qtbot, dialog, printer)
    printed, pages = _pages(out, tmp_path / "printed"), _pages(_source(dialog, tmp_path), tmp_path / "source")
    assert len(printed) == len(pages)
    for mine, theirs in zip(printed, pages, strict=True):
        assert _count(_red(mine)) == 0, "no colour on a grey page"
        assert _count(_dark(mine)) > 0.9 * _count(_dark(theirs)), "the text is there"
