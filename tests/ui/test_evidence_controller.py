"""The one evidence controller alone, on the demo vault: attach is a parameter, newer reads supersede older ones."""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget
from sqlmodel import select

from inspector.model import Finding
from inspector.services import evidence as evidence_service
from inspector.services import findings
from tests.ui.conftest import delivered
from ui import tasks
from ui.context import AppContext
from ui.widgets import images
from ui.widgets.evidence import EvidenceArea
from ui.widgets.evidence_controller import EvidenceController
from ui.widgets.viewer import EvidenceViewer

TIMEOUT = 10_000


def png(color=(0, 0, 255), size=(60, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def solid(color: str) -> QImage:
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    return image


@pytest.fixture
def finding_id(demo_vault) -> str:
    with demo_vault.session() as s:
        return s.exec(select(Finding)).first().id


@pytest.fixture
def gallery(qtbot, demo_vault):
    """A host with an editable area and a read-only one, and their controller."""
    host = QWidget()
    own, other = EvidenceArea(), EvidenceArea()
    layout = QVBoxLayout(host)
    layout.addWidget(own)
    layout.addWidget(other)
    qtbot.addWidget(host)
    controller = EvidenceController(AppContext(demo_vault), host, [own, other])
    return host, own, other, controller


def attach_to(finding_id: str):
    return lambda s, files, void: findings.add_finding_files(s, finding_id, files, void_signature=void)


def held(monkeypatch, name: str, first_result):
    """Replace ``images.<name>``: its first call waits for the returned event and answers ``first_result``."""
    real = getattr(images, name)
    release, calls = threading.Event(), []

    def fake(s, *args):
        calls.append(args)
        if len(calls) == 1:
            assert release.wait(TIMEOUT)
            return first_result
        return real(s, *args)

    monkeypatch.setattr(images, name, fake)
    return release, calls


def test_files_go_to_what_the_area_shows_and_a_read_only_area_takes_none(qtbot, gallery, demo_vault, finding_id,
                                                                         tmp_path):
    host, own, other, controller = gallery
    controller.show(own, [], target=finding_id, attach=attach_to(finding_id))
    controller.show(other, [], target="read-only")
    photo = tmp_path / "整改前.png"
    photo.write_bytes(png())

    assert controller.add_files([str(photo)], other) is None  # no attach: nothing is written
    with qtbot.waitSignal(controller.evidence_added, timeout=TIMEOUT) as added:
        own.files_offered.emit([str(photo)])  # what a drop, the dialog or a paste of files does
    target, batch = added.args
    assert target == finding_id and [i.filename for i in batch.added] == ["整改前.png"] and not batch.errors
    assert own.model.rows() == batch.added and other.model.rowCount() == 0
    qtbot.waitUntil(lambda: own.model.has_thumbnail(batch.added[0].sha256), timeout=TIMEOUT)
    with demo_vault.session() as s:
        assert [e.filename for e in evidence_service.evidence_of(s, "finding", finding_id)][-1] == "整改前.png"

    image = solid("red")
    with qtbot.waitSignal(controller.evidence_added, timeout=TIMEOUT) as pasted:
        own.image_pasted.emit(image)  # a screenshot: encoded on the worker
    [shot] = pasted.args[1].added
    assert shot.filename.startswith("截图-") and shot.mime == "image/png" and own.model.rowCount() == 2


def test_an_addition_shown_elsewhere_meanwhile_is_not_added_to_the_area(qtbot, gallery, finding_id, tmp_path):
    host, own, other, controller = gallery
    controller.show(own, [], target=finding_id, attach=attach_to(finding_id))
    photo = tmp_path / "a.png"
    photo.write_bytes(png())
    controller.add_files([str(photo)])  # the first area that takes files
    controller.show(own, [], target="another finding", attach=None)  # the area shows something else now
    with qtbot.waitSignal(controller.evidence_added, timeout=TIMEOUT) as added:
        pass
    assert added.args[0] == finding_id and len(added.args[1].added) == 1
    assert own.model.rowCount() == 0


def test_refused_files_are_reported_the_others_stored(qtbot, gallery, finding_id, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.widgets.evidence_controller.show_error", lambda parent, err: shown.append((parent, err)))
    host, own, other, controller = gallery
    controller.show(own, [], target=finding_id, attach=attach_to(finding_id))
    (tmp_path / "folder").mkdir()
    photo = tmp_path / "b.png"
    photo.write_bytes(png())
    with qtbot.waitSignal(controller.evidence_added, timeout=TIMEOUT):
        controller.add_files([str(tmp_path / "folder"), str(photo)], own)
    assert own.model.rowCount() == 1
    [(parent, err)] = shown
    assert parent is host and "文件夹" in err.zh and "folder" in err.en


def test_a_newer_thumbnail_read_supersedes_an_older_one(qtbot, gallery, demo_vault, finding_id, monkeypatch):
    host, own, other, controller = gallery
    with demo_vault.session() as s:
        batch = findings.add_finding_files(s, finding_id, [("c.png", png((0, 0, 255)))])
    [info] = batch.added
    release, calls = held(monkeypatch, "read_thumbnails", {info.sha256: solid("red")})
    shown = []
    controller.thumbnails_shown.connect(lambda: shown.append(1))
    try:
        controller.show(own, [info], target=finding_id)  # the first read: held on the worker
        controller.show(other, [info], target="other")   # a newer one of the same key
    finally:
        release.set()
    assert tasks.wait_for_all(TIMEOUT)
    qtbot.waitUntil(lambda: own.model.has_thumbnail(info.sha256), timeout=TIMEOUT)
    delivered(qtbot)  # anything still queued for the UI thread arrives
    assert len(calls) == 2 and shown == [1]  # only the newer answer was shown
    icon = own.model.index(0).data(Qt.ItemDataRole.DecorationRole)
    colour = icon.pixmap(icon.availableSizes()[0]).toImage().pixelColor(2, 2)
    assert (colour.red(), colour.blue()) == (0, 255)  # the vault's blue picture, not the held red answer
    assert other.model.has_thumbnail(info.sha256)


def test_a_newer_viewer_request_supersedes_an_older_one(qtbot, gallery, demo_vault, finding_id, monkeypatch):
    host, own, other, controller = gallery
    with demo_vault.session() as s:
        batch = findings.add_finding_files(s, finding_id, [("first.png", png((255, 0, 0), (30, 30))),
                                                           ("second.png", png((0, 255, 0), (50, 20)))])
    first, second = batch.added
    release, calls = held(monkeypatch, "read_for_viewer", solid("red"))
    opened = []

    class Viewer(EvidenceViewer):
        def __init__(self, info, image, parent):
            opened.append(info)
            super().__init__(info, image, parent)

    monkeypatch.setattr("ui.widgets.evidence_controller.EvidenceViewer", Viewer)
    try:
        controller.open_evidence(first)
        controller.open_evidence(second)
    finally:
        release.set()
    qtbot.waitUntil(lambda: controller.viewer is not None and controller.viewer.isVisible(), timeout=TIMEOUT)
    delivered(qtbot)
    viewer = controller.viewer
    assert len(calls) == 2 and opened == [second]  # the older answer never opened a viewer
    assert viewer.info == second and (viewer.image.width(), viewer.image.height()) == (50, 20)

    controller.clear()  # the vault is locking
    assert controller.viewer is None and not viewer.isVisible() and own.model.rowCount() == 0


def test_a_document_opens_in_the_viewer_without_reading_the_vault(qtbot, gallery, demo_vault, finding_id):
    host, own, other, controller = gallery
    with demo_vault.session() as s:
        [doc] = findings.add_finding_files(s, finding_id, [("制度.pdf", b"%PDF-1.7 not an image")]).added
    controller.open_evidence(doc)
    assert controller.viewer is not None and controller.viewer.image is None
    controller.viewer.close()
