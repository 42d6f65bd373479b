"""Evidence widgets alone: the list model, the area's ways in, thumbnails and the viewer, all in memory."""

from __future__ import annotations

import io
from datetime import datetime, timezone

from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QLabel

from inspector.services.evidence import EvidenceInfo
from ui.widgets import images
from ui.widgets.evidence import EVIDENCE_ROLE, SHA_ROLE, EvidenceArea, EvidenceListModel, human_size
from ui.widgets.viewer import EvidenceViewer


def info(name="a.png", mime="image/png", sha="ab" * 32, size=2048) -> EvidenceInfo:
    return EvidenceInfo(id=f"id-{name}", item_id="item", filename=name, mime=mime, size=size, sha256=sha,
                        captured_at=datetime(2026, 11, 20, tzinfo=timezone.utc))


def png(size=(800, 400), color=(0, 128, 0)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def test_list_model_alone(qtbot):
    model = EvidenceListModel()
    rows = [info("a.png", sha="a" * 64), info("b.pdf", "application/pdf", "b" * 64, 5 * 1048576)]
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(rows)
    assert model.rowCount() == 2
    assert model.index(0).data() == "a.png" and model.index(1).data(EVIDENCE_ROLE) == rows[1]
    assert model.index(1).data(SHA_ROLE) == "b" * 64
    assert "5.0 MB" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    generic = model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert not model.has_thumbnail("a" * 64)
    with qtbot.waitSignal(model.dataChanged):
        model.set_thumbnail("a" * 64, images.thumbnail(png()))
    assert model.has_thumbnail("a" * 64)
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole).cacheKey() != generic.cacheKey()
    model.set_thumbnail("b" * 64, QImage())  # not an image: nothing changes
    assert not model.has_thumbnail("b" * 64)
    model.clear()
    assert model.rowCount() == 0 and not model.has_thumbnail("a" * 64)


def test_thumbnails_and_png_are_made_in_memory():
    thumb = images.thumbnail(png((800, 400)))
    assert (thumb.width(), thumb.height()) == (images.THUMB_EDGE, images.THUMB_EDGE // 2)
    small = images.thumbnail(png((40, 30)))
    assert (small.width(), small.height()) == (40, 30)  # never enlarged
    assert images.thumbnail(b"%PDF-1.7 not an image").isNull()
    image = QImage(30, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    with Image.open(io.BytesIO(images.png_bytes(image))) as img:
        assert img.size == (30, 20) and img.convert("RGB").getpixel((3, 3)) == (0, 0, 255)
    assert human_size(512) == "512 B" and human_size(2048) == "2.0 KB"


def test_area_paste_of_copied_files_and_nothing(qtbot, tmp_path):
    area = EvidenceArea()
    qtbot.addWidget(area)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.jpg"))])
    QGuiApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(area.files_offered) as offered:
        area.paste()
    assert offered.args[0] == [str(tmp_path / "a.jpg")]
    QGuiApplication.clipboard().clear()
    with qtbot.assertNotEmitted(area.files_offered), qtbot.assertNotEmitted(area.image_pasted):
        area.paste()
    assert not area.message_label.isHidden() and area.message_label.text() == "剪贴板中没有图片或文件。"


def test_area_refuses_everything_when_read_only(qtbot, tmp_path):
    area = EvidenceArea()
    qtbot.addWidget(area)
    area.choose_files = lambda parent: [str(tmp_path / "x.png")]
    area.set_editable(False)
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    QGuiApplication.clipboard().setImage(image)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "x.png"))])
    enter = QDragEnterEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    with qtbot.assertNotEmitted(area.files_offered), qtbot.assertNotEmitted(area.image_pasted):
        area.add_files()
        area.paste()
        area.dragEnterEvent(enter)
    assert not enter.isAccepted() and not area.add_button.isEnabled() and not area.acceptDrops()
    area.set_editable(True)
    enter = QDragEnterEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    area.dragEnterEvent(enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(area.image_pasted) as pasted:
        area.paste()
    assert pasted.args[0].size().width() == 10
    QGuiApplication.clipboard().clear()


def test_viewer_of_a_document_shows_name_size_hash_only(qtbot):
    doc = info("制度汇编.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "c" * 64,
               123_456)
    viewer = EvidenceViewer(doc, None)
    qtbot.addWidget(viewer)
    viewer.show()
    texts = [lbl.text() for lbl in viewer.findChildren(QLabel)]
    assert "制度汇编.docx" in texts and "c" * 64 in texts and any("120.6 KB" in t for t in texts)
    assert any("不会写成明文文件" in t for t in texts)
    assert viewer.scroll.isHidden() and viewer.displayed_size() == (0, 0)


def test_viewer_fits_then_shows_real_size(qtbot):
    image = images.decode(png((3000, 1500)))
    viewer = EvidenceViewer(info(), image)
    qtbot.addWidget(viewer)
    viewer.resize(700, 500)
    viewer.show()
    qtbot.waitExposed(viewer)
    w, h = viewer.displayed_size()
    assert w <= viewer.scroll.viewport().width() and h <= viewer.scroll.viewport().height() and w == 2 * h
    viewer.fit_button.click()
    assert viewer.displayed_size() == (3000, 1500)
    viewer.fit_button.click()
    assert viewer.displayed_size()[0] < 3000


def test_a_caption_names_the_file_under_its_thumbnail_and_in_the_viewers_title(qtbot):
    from dataclasses import replace

    model = EvidenceListModel()
    plain, captioned = info("IMG_0001.jpg", "image/jpeg"), replace(info("IMG_0002.jpg", "image/jpeg"), caption="机房门禁")
    model.set_rows([plain, captioned])
    assert [model.index(r).data() for r in range(2)] == ["IMG_0001.jpg", "机房门禁"]
    assert model.index(1).data(Qt.ItemDataRole.ToolTipRole).startswith("机房门禁\nIMG_0002.jpg")
    assert model.replace_row(replace(plain, caption="新说明")) and model.index(0).data() == "新说明"
    assert model.remove_row(captioned.id) and model.rowCount() == 1 and not model.remove_row("nope")

    viewer = EvidenceViewer(plain, None)  # no caption, no context: the file name, never the MIME type
    qtbot.addWidget(viewer)
    assert viewer.windowTitle() == "IMG_0001.jpg" and not viewer.remove_button.isVisibleTo(viewer)
    viewer = EvidenceViewer(captioned, None, context="检查项 3.2", editable=True)
    qtbot.addWidget(viewer)
    assert viewer.windowTitle() == viewer.heading.text() == "机房门禁 — 检查项 3.2"
    assert viewer.caption_label.text() == "机房门禁"
    assert viewer.replace_button.isVisibleTo(viewer)
