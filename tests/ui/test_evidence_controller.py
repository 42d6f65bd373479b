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
        def __init__(self, info, image, parent, **kw):
            opened.append(info)
            super().__init__(info, image, parent, **kw)

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


# ---- caption, replacement, removal ------------------------------------------------------------------


def finding_of(demo_vault, status) -> str:
    from inspector.model import Inspection

    with demo_vault.session() as s:
        iid = s.exec(select(Inspection).where(Inspection.status == status)).one().id
        return s.exec(select(Finding).where(Finding.inspection_id == iid)).first().id


def stored(demo_vault, finding_id):
    with demo_vault.session() as s:
        return {e.id: e for e in evidence_service.evidence_of(s, "finding", finding_id)}


def test_a_caption_is_stored_and_shown_under_the_thumbnail_and_in_the_viewer(qtbot, gallery, demo_vault,
                                                                              finding_id):
    host, own, other, controller = gallery
    with demo_vault.session() as s:
        [photo] = findings.add_finding_files(s, finding_id, [("IMG_0001.jpg", png())]).added
    controller.show(own, [photo], target=finding_id, attach=attach_to(finding_id), context="问题：机房门禁")
    own.ask_caption = lambda parent, info: "  机柜门未上锁 "
    own.view.setCurrentIndex(own.model.index(0))
    with qtbot.waitSignal(controller.evidence_changed, timeout=TIMEOUT) as changed:
        qtbot.keyClick(own.view, Qt.Key.Key_F2)
    target, eid, now = changed.args
    assert (target, eid, now.caption) == (finding_id, photo.id, "机柜门未上锁")
    assert own.model.index(0).data(Qt.ItemDataRole.DisplayRole) == "机柜门未上锁"
    assert stored(demo_vault, finding_id)[photo.id].caption == "机柜门未上锁"

    controller.open_evidence(own.model.rows()[0])
    qtbot.waitUntil(lambda: controller.viewer is not None and controller.viewer.isVisible(), timeout=TIMEOUT)
    viewer = controller.viewer
    assert viewer.windowTitle() == "机柜门未上锁 — 问题：机房门禁" and "image/" not in viewer.windowTitle()
    assert viewer.caption_button.isVisibleTo(viewer) and viewer.remove_button.isVisibleTo(viewer)
    own.ask_caption = lambda parent, info: ""  # from the viewer: the caption removed, the file name is the title
    with qtbot.waitSignal(controller.evidence_changed, timeout=TIMEOUT):
        viewer.caption_button.click()
    assert viewer.windowTitle() == "IMG_0001.jpg — 问题：机房门禁"
    assert own.model.index(0).data(Qt.ItemDataRole.DisplayRole) == "IMG_0001.jpg"
    viewer.close()


def test_removing_asks_first_and_the_viewer_closes(qtbot, gallery, demo_vault, finding_id):
    host, own, other, controller = gallery
    with demo_vault.session() as s:
        a, b = findings.add_finding_files(s, finding_id, [("a.png", png((1, 1, 1))), ("b.png", png((2, 2, 2)))]).added
    controller.show(own, [a, b], target=finding_id, attach=attach_to(finding_id))
    asked = []
    own.ask_removal = lambda parent, info: asked.append(info) or None  # the user cancels
    own.view.setCurrentIndex(own.model.index(0))
    qtbot.keyClick(own.view, Qt.Key.Key_Delete)
    delivered(qtbot)
    assert asked == [a] and own.model.rowCount() == 2 and a.id in stored(demo_vault, finding_id)

    own.ask_removal = lambda parent, info: "拍错了"
    with qtbot.waitSignal(controller.evidence_changed, timeout=TIMEOUT) as changed:
        qtbot.keyClick(own.view, Qt.Key.Key_Delete)
    assert changed.args == [finding_id, a.id, None]
    assert own.model.rows() == [b] and a.id not in stored(demo_vault, finding_id)
    with demo_vault.session() as s:
        from inspector.model import Tombstone

        assert s.get(Tombstone, a.id).reason == "拍错了"  # the reason travels with the deletion

    controller.open_evidence(b)
    qtbot.waitUntil(lambda: controller.viewer is not None and controller.viewer.isVisible(), timeout=TIMEOUT)
    viewer = controller.viewer
    with qtbot.waitSignal(controller.evidence_changed, timeout=TIMEOUT):
        viewer.remove_button.click()
    assert controller.viewer is None and not viewer.isVisible() and own.model.rowCount() == 0


def test_replacing_shows_the_new_file_in_the_same_place(qtbot, gallery, demo_vault, finding_id, tmp_path):
    host, own, other, controller = gallery
    with demo_vault.session() as s:
        a, b = findings.add_finding_files(s, finding_id, [("a.png", png((1, 1, 1))), ("b.png", png((2, 2, 2)))]).added
    controller.show(own, [a, b], target=finding_id, attach=attach_to(finding_id))
    new = tmp_path / "重拍.png"
    new.write_bytes(png((0, 200, 0), (30, 30)))
    own.ask_replacement = lambda parent, info: str(new)
    with qtbot.waitSignal(controller.evidence_changed, timeout=TIMEOUT) as changed:
        own.replace_file(a)
    now = changed.args[2]
    assert [r.id for r in own.model.rows()] == [a.id, b.id] and own.model.rows()[0] == now
    assert now.filename == "重拍.png" and now.sha256 != a.sha256
    qtbot.waitUntil(lambda: own.model.has_thumbnail(now.sha256), timeout=TIMEOUT)
    assert stored(demo_vault, finding_id)[a.id].blob_sha256 == now.sha256


def test_a_read_only_area_offers_no_change(qtbot, gallery, demo_vault, finding_id):
    host, own, other, controller = gallery
    with demo_vault.session() as s:
        [a] = findings.add_finding_files(s, finding_id, [("a.png", png())]).added
    other.set_editable(False)
    controller.show(other, [a], target=finding_id)
    asked = []
    other.ask_removal = other.ask_caption = lambda parent, info: asked.append(info)
    other.view.setCurrentIndex(other.model.index(0))
    qtbot.keyClick(other.view, Qt.Key.Key_Delete)
    qtbot.keyClick(other.view, Qt.Key.Key_F2)
    assert asked == [] and controller.remove(a, other) is None
    assert [act.text() for act in other.menu_for(a).actions() if act.text()] == ["查看", "申请销毁…"]
    assert [act.text() for act in own.menu_for(a).actions() if act.text()] == ["查看", "编辑说明…", "替换文件…", "删除…",
                                                                             "申请销毁…"]


def test_the_core_refuses_a_completed_record_and_the_row_stays(qtbot, gallery, demo_vault, monkeypatch):
    from inspector.model import InspectionStatus

    shown = []
    monkeypatch.setattr("ui.widgets.evidence_controller.show_error", lambda parent, err: shown.append(err))
    host, own, other, controller = gallery
    done = finding_of(demo_vault, InspectionStatus.COMPLETED)
    rows = list(stored(demo_vault, done).values())
    with demo_vault.session() as s:
        infos = evidence_service.infos_of(s, "finding", done)
    controller.show(own, infos, target=done, attach=attach_to(done))  # as if the page had not heard yet
    controller.remove(infos[0], own)
    delivered(qtbot)
    assert len(shown) == 1 and "重新打开" in shown[0].zh and own.model.rowCount() == len(rows)
    assert infos[0].id in stored(demo_vault, done)


def test_a_signed_record_asks_before_a_caption_voids_the_signature(qtbot, demo_vault):
    from inspector.model import Inspection, InspectionStatus
    from inspector.services import inspections
    from ui.widgets.signed import VoidQuestion

    fid = finding_of(demo_vault, InspectionStatus.IN_PROGRESS)
    with demo_vault.session() as s:
        iid = s.get(Finding, fid).inspection_id
        [a] = findings.add_finding_files(s, fid, [("a.png", png())]).added
        inspections.save_signature(s, iid, png((9, 9, 9)), "陈静")
    questions = []
    host, area = QWidget(), EvidenceArea()
    QVBoxLayout(host).addWidget(area)
    qtbot.addWidget(host)
    controller = EvidenceController(AppContext(demo_vault), host, [area],
                                    question=VoidQuestion(lambda err: questions.append(err.zh) or True))
    controller.show(area, [a], target=fid, attach=attach_to(fid))
    with qtbot.waitSignal(controller.signature_voided, timeout=TIMEOUT):
        controller.set_caption(a, "签字后补的说明", area)
    assert len(questions) == 1 and "陈静" in questions[0]
    with demo_vault.session() as s:
        assert s.get(Inspection, iid).rep_signature_sha256 is None
    assert area.model.rows()[0].caption == "签字后补的说明"


def test_apply_change_follows_a_hosts_list(gallery):
    from datetime import datetime, timezone

    from inspector.services.evidence import EvidenceInfo
    from ui.widgets.evidence_controller import apply_change

    def row(i, caption=""):
        return EvidenceInfo(id=i, item_id="x", filename=f"{i}.png", mime="image/png", size=1, sha256="a" * 64,
                            captured_at=datetime(2026, 1, 1, tzinfo=timezone.utc), caption=caption)
    rows = [row("1"), row("2")]
    assert apply_change(rows, "1", None) == [row("2")]
    assert apply_change(rows, "2", row("2", "c")) == [row("1"), row("2", "c")]
