"""The inspection runner and the inspections page on the demo vault: every edit read back from a fresh vault."""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from inspector import evidence_store
from inspector.model import (
    ChecklistItem,
    Evidence,
    Finding,
    FindingStatus,
    Inspection,
    InspectionMember,
    InspectionResult,
    InspectionStatus,
    Severity,
    Verdict,
)
from inspector.services import evidence as evidence_service
from inspector.services.inspections import RunnerItem, RunnerSection
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.conftest import delivered
from ui import tasks
from ui.context import AppContext
from ui.inspections.checklist_model import (
    COL_TITLE,
    COL_VERDICT,
    ITEM,
    ITEM_ID_ROLE,
    KIND_ROLE,
    SECTION,
    VERDICT_ROLE,
    ChecklistModel,
)
from ui.inspections.inspection_list import (
    COL_PROGRESS,
    COL_STATUS,
    ID_ROLE,
    InspectionsTableModel,
)
from ui.inspections.page import InspectionsPage
from ui.inspections.runner import InspectionRunner

TIMEOUT = 10_000


# ---- helpers -----------------------------------------------------------------------------------


@contextmanager
def fresh_session(path):
    """A second, independent unlock of the vault file: proves a write reached the disk."""
    vault = Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)
    try:
        with vault.session() as s:
            yield s
    finally:
        vault.close()


def result_row(path, inspection_id, item_id) -> InspectionResult | None:
    with fresh_session(path) as s:
        return s.exec(select(InspectionResult).where(InspectionResult.inspection_id == inspection_id,
                                                     InspectionResult.item_id == item_id)).first()


def settle(qtbot, runner: InspectionRunner | None = None) -> None:
    """Let the worker finish and its callbacks arrive."""
    assert tasks.wait_for_all(TIMEOUT)
    if runner is not None:
        qtbot.waitUntil(lambda: runner._outstanding == 0, timeout=TIMEOUT)


def png_file(path, size=(64, 48), color=(20, 120, 200)):
    Image.new("RGB", size, color).save(path, format="PNG")
    return path


@pytest.fixture
def running_id(demo_vault) -> str:
    with demo_vault.session() as s:
        return s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one().id


@pytest.fixture
def ctx(demo_vault):
    return AppContext(demo_vault)


@pytest.fixture
def runner(qtbot, ctx, running_id):
    r = InspectionRunner(ctx, running_id)
    r.confirm_void = unexpected_question
    qtbot.addWidget(r)
    r.resize(1200, 700)
    with qtbot.waitSignal(r.loaded, timeout=TIMEOUT):
        r.show()
    return r


def unexpected_question(err):
    raise AssertionError(f"unexpected question: {err.zh}")  # never a modal box that would wait forever


def item_by_code(runner: InspectionRunner, code: str) -> RunnerItem:
    return next(i for i in runner.data.items if i.code == code)


# ---- the checklist model alone ------------------------------------------------------------------


def _item(code: str, section: int) -> RunnerItem:
    return RunnerItem(id=f"id-{code}", section_no=section, code=code, title=f"标题{code}", text=f"内容{code}",
                      how_to_check="", articles=(9,), default_severity=Severity.GENERAL)


def test_checklist_model_alone(qtbot):
    sections = [RunnerSection(1, "（一）", "第一部分", (_item("1-01", 1), _item("1-02", 1))),
                RunnerSection(2, "（二）", "空的部分", ()),
                RunnerSection(3, "（三）", "第三部分", (_item("3-01", 3),))]
    model = ChecklistModel()
    with qtbot.waitSignal(model.modelReset):
        model.set_checklist(sections, {"id-1-02": Verdict.PARTIAL})
    assert model.rowCount() == 2  # the empty section is not shown
    first, third = model.index(0, 0), model.index(1, 0)
    assert first.data() == "（一）第一部分" and first.data(KIND_ROLE) == SECTION
    assert model.index(0, COL_VERDICT).data() == "1/2"
    assert model.rowCount(first) == 2 and model.rowCount(third) == 1
    assert model.rowCount(model.index(0, COL_TITLE, first)) == 0
    child = model.index(1, COL_TITLE, first)
    assert child.data() == "1-02  标题1-02" and child.data(KIND_ROLE) == ITEM and child.data(ITEM_ID_ROLE) == "id-1-02"
    assert child.parent() == first and first.parent() == QModelIndex()
    assert model.index(1, COL_VERDICT, first).data() == "部分符合"
    assert model.index(1, COL_VERDICT, first).data(VERDICT_ROLE) == "partial"
    assert model.index(0, COL_VERDICT, first).data() == "—"
    assert child.flags() & Qt.ItemFlag.ItemIsSelectable and not first.flags() & Qt.ItemFlag.ItemIsSelectable
    assert model.item(first) is None and model.item(child).code == "1-02"
    assert (model.answered(), model.total()) == (1, 3)

    with qtbot.waitSignal(model.dataChanged):
        model.set_verdict("id-3-01", Verdict.NON_COMPLIANT)
    assert model.index(0, COL_VERDICT, third).data() == "不符合" and model.index(1, COL_VERDICT).data() == "1/1"
    assert (model.answered(), model.total()) == (2, 3)
    model.set_verdict("unknown", Verdict.COMPLIANT)  # ignored
    assert model.index_of_item("id-3-01") == model.index(0, 0, third)
    assert not model.index_of_item("unknown").isValid()
    assert model.item_ids() == ["id-1-01", "id-1-02", "id-3-01"]
    assert model.neighbour("id-1-02", 1) == "id-3-01"  # across sections
    assert model.neighbour("id-3-01", 1) == "id-3-01" and model.neighbour("id-1-01", -1) == "id-1-01"
    assert model.neighbour(None, 1) == "id-1-01" and model.neighbour(None, -1) == "id-3-01"
    assert model.headerData(COL_TITLE, Qt.Orientation.Horizontal) == "检查项"
    assert not model.index(5, 0).isValid() and model.data(QModelIndex()) is None


def test_inspections_table_model_alone(qtbot):
    model = InspectionsTableModel()
    rows = [dict(id="i1", department="晋城市民政局", plan="2026年度检查", status="in_progress", answered=3, total=55,
                 started_at=datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc), signed=False, location="机房"),
            dict(id="i2", department="晋城市卫生健康委员会", plan="", status="completed", answered=55, total=55,
                 started_at=None, signed=True, location="")]
    model.set_rows(rows)
    assert model.rowCount() == 2 and model.columnCount() == 5
    assert model.index(0, COL_PROGRESS).data() == "3/55"
    assert model.index(0, COL_STATUS).data() == "进行中" and model.index(1, COL_STATUS).data() == "已完成（已签字）"
    assert model.index(1, 1).data() == "（无计划）" and model.index(1, 4).data() == ""
    assert model.index(1, 0).data(ID_ROLE) == "i2" and model.row_of("i2") == 1 and model.row_of("x") == -1


# ---- the runner --------------------------------------------------------------------------------


def test_runner_shows_the_first_unanswered_item_with_the_self_report(runner, demo_vault, running_id):
    data = runner.data
    assert runner.model.total() == 55 and runner.model.answered() == data.answered == 33
    assert runner.header.progress.value() == 33 and runner.header.progress.maximum() == 55
    assert runner.header.department_label.text() == "晋城市人力资源和社会保障局"
    first_open = next(i for i in data.items if data.results.get(i.id) is None or data.results[i.id].verdict is None)
    assert runner.current_item_id == first_open.id
    assert runner.panel.title_label.text().startswith(first_open.code)
    answer = data.self_answers[first_open.id]
    assert runner.panel.self_view.toPlainText().startswith(
        {"compliant": "符合", "partial": "部分符合", "non_compliant": "不符合"}[answer.answer.value])
    label, text = data.article_texts[first_open.articles[0]]
    assert label in runner.panel.info_view.toPlainText() and text[:10] in runner.panel.info_view.toPlainText()


def test_verdicts_by_keyboard_are_saved_at_once(qtbot, runner, demo_vault, running_id):
    item = item_by_code(runner, "9-01")
    runner.select_item(item.id)
    runner.tree.setFocus()
    before = runner.model.answered()
    qtbot.keyClick(runner.tree, Qt.Key.Key_3)
    assert runner.model.verdict(item.id) is Verdict.NON_COMPLIANT
    assert runner.panel.verdict_buttons[Verdict.NON_COMPLIANT].isChecked()
    assert runner.header.progress.value() == before + 1
    settle(qtbot, runner)
    assert result_row(demo_vault.path, running_id, item.id).verdict == Verdict.NON_COMPLIANT

    qtbot.keyClick(runner.tree, Qt.Key.Key_J)  # next item
    nxt = runner.model.neighbour(item.id, 1)
    assert runner.current_item_id == nxt
    qtbot.keyClick(runner.tree, Qt.Key.Key_1)
    qtbot.keyClick(runner.tree, Qt.Key.Key_K)  # back
    assert runner.current_item_id == item.id
    qtbot.keyClick(runner.tree, Qt.Key.Key_Down)
    assert runner.current_item_id == nxt
    qtbot.keyClick(runner.tree, Qt.Key.Key_Up)
    qtbot.keyClick(runner.tree, Qt.Key.Key_0)  # withdraw
    settle(qtbot, runner)
    assert result_row(demo_vault.path, running_id, item.id).verdict is None
    assert result_row(demo_vault.path, running_id, nxt).verdict == Verdict.COMPLIANT
    assert runner.header.progress.value() == before + 1
    assert "已自动保存" in runner.header.save_label.text()


def test_verdict_buttons_toggle(qtbot, runner, demo_vault, running_id):
    item = item_by_code(runner, "8-01")
    runner.select_item(item.id)
    button = runner.panel.verdict_buttons[Verdict.NOT_APPLICABLE]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert result_row(demo_vault.path, running_id, item.id).verdict == Verdict.NOT_APPLICABLE
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a second click withdraws it
    settle(qtbot, runner)
    assert result_row(demo_vault.path, running_id, item.id).verdict is None
    assert not button.isChecked() and runner.model.verdict(item.id) is None


def test_alt_shortcuts_work_while_typing_notes(qtbot, runner, demo_vault, running_id):
    item = item_by_code(runner, "9-02")
    runner.select_item(item.id)
    runner.activateWindow()
    runner.panel.notes_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is runner.panel.notes_edit, timeout=TIMEOUT)
    qtbot.keyClick(runner.panel.notes_edit, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert runner.model.verdict(item.id) is Verdict.PARTIAL
    assert runner.panel.notes_edit.toPlainText() == ""  # nothing typed into the notes
    settle(qtbot, runner)
    assert result_row(demo_vault.path, running_id, item.id).verdict == Verdict.PARTIAL


def test_notes_reach_the_vault_while_typing(qtbot, runner, demo_vault, running_id):
    item = item_by_code(runner, "4-01")
    runner.select_item(item.id)
    qtbot.keyClicks(runner.panel.notes_edit, "door log missing; ")
    runner.panel.notes_edit.insertPlainText("机房门禁登记簿缺失")  # Chinese arrives as committed text
    expected = "door log missing; 机房门禁登记簿缺失"
    assert tasks.wait_for_all(TIMEOUT)  # only the worker: no timer, no flush, no Save
    assert result_row(demo_vault.path, running_id, item.id).notes == expected

    runner.move(1)
    runner.move(-1)  # switching back shows the text as typed
    assert runner.panel.notes_edit.toPlainText() == expected
    settle(qtbot, runner)


def test_notes_typed_just_before_a_lock_are_written(qtbot, ctx, demo_vault, running_id):
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.runner_opened, timeout=TIMEOUT) as opened:
        page.activate(running_id)
    runner = opened.args[0]
    qtbot.waitUntil(lambda: runner.data is not None, timeout=TIMEOUT)
    item = item_by_code(runner, "5-02")
    runner.select_item(item.id)
    for n in range(30):
        runner.panel.notes_edit.insertPlainText(f"第{n}行\n")
    page.clear()  # flushes before forgetting
    assert page.runner is None and page.model.rowCount() == 0
    assert result_row(demo_vault.path, running_id, item.id).notes == "".join(f"第{n}行\n" for n in range(30))


def _evidence_rows(path, inspection_id):
    with fresh_session(path) as s:
        return [(e, evidence_store.read_bytes(s, e.blob_sha256)) for e in s.exec(
            select(Evidence).join(InspectionResult, InspectionResult.id == Evidence.owner_id)
            .where(Evidence.owner_type == "inspection_result", InspectionResult.inspection_id == inspection_id)).all()]


def test_evidence_by_file_dialog_with_thumbnail(qtbot, runner, demo_vault, running_id, tmp_path):
    item = item_by_code(runner, "9-01")
    runner.select_item(item.id)
    photo = png_file(tmp_path / "门禁.png", size=(400, 300))
    area = runner.panel.evidence
    area.choose_files = lambda parent: [str(photo)]
    qtbot.mouseClick(area.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: area.model.rowCount() == 1, timeout=TIMEOUT)
    info = area.model.rows()[0]
    qtbot.waitUntil(lambda: area.model.has_thumbnail(info.sha256), timeout=TIMEOUT)
    icon = area.model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert max(icon.availableSizes()[0].width(), icon.availableSizes()[0].height()) <= 96
    [(ev, data)] = _evidence_rows(demo_vault.path, running_id)
    assert ev.filename == "门禁.png" and ev.mime == "image/png" and data == photo.read_bytes()
    assert result_row(demo_vault.path, running_id, item.id).id == ev.owner_id  # result created on demand
    settle(qtbot, runner)


def test_evidence_by_clipboard_paste(qtbot, runner, demo_vault, running_id):
    runner.select_item(item_by_code(runner, "3-05").id)
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    QGuiApplication.clipboard().setImage(image)
    area = runner.panel.evidence
    area.view.setFocus()
    qtbot.keyClick(area.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: area.model.rowCount() == 1, timeout=TIMEOUT)
    settle(qtbot, runner)
    [(ev, data)] = _evidence_rows(demo_vault.path, running_id)
    assert ev.filename.startswith("截图-") and ev.filename.endswith(".png") and ev.mime == "image/png"
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (120, 80) and img.convert("RGB").getpixel((5, 5)) == (255, 0, 0)
    QGuiApplication.clipboard().clear()


def test_nothing_to_paste_says_so(qtbot, runner):
    QGuiApplication.clipboard().clear()
    runner.panel.evidence.paste()
    assert runner.panel.evidence.message_label.text() == "剪贴板中没有图片或文件。"


def test_dropped_files_are_stored_and_a_folder_is_refused_plainly(qtbot, runner, demo_vault, running_id, tmp_path,
                                                                   monkeypatch):
    shown = []
    monkeypatch.setattr("ui.widgets.evidence_controller.show_error", lambda parent, err: shown.append(err))
    runner.select_item(item_by_code(runner, "1-01").id)
    photo = png_file(tmp_path / "a.png")
    (tmp_path / "folder").mkdir()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(tmp_path / "folder"))])
    area = runner.panel.evidence
    # Qt delivers a drop only to the target of a real drag; call the handlers as that drag would
    enter = QDragEnterEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    area.dragEnterEvent(enter)
    assert enter.isAccepted()
    area.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=TIMEOUT)
    assert "文件夹" in shown[0].zh and "Traceback" not in shown[0].zh
    assert runner.panel.evidence.model.rowCount() == 1
    assert [e.filename for e, _ in _evidence_rows(demo_vault.path, running_id)] == ["a.png"]


def test_too_large_evidence_gives_a_message_and_stores_nothing(qtbot, runner, demo_vault, running_id, tmp_path,
                                                               monkeypatch):
    shown = []
    monkeypatch.setattr("ui.widgets.evidence_controller.show_error", lambda parent, err: shown.append(err))
    monkeypatch.setattr(evidence_service, "MAX_EVIDENCE_BYTES", 1024)
    runner.select_item(item_by_code(runner, "1-01").id)
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.7\n" + bytes(4096))
    runner.add_files([str(big)])
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=TIMEOUT)
    assert "过大" in shown[0].zh and "too large" in shown[0].en
    assert runner.panel.evidence.model.rowCount() == 0
    assert _evidence_rows(demo_vault.path, running_id) == []
    settle(qtbot, runner)


def test_viewer_shows_the_image_from_the_vault(qtbot, runner, tmp_path):
    runner.select_item(item_by_code(runner, "1-01").id)
    runner.add_files([str(png_file(tmp_path / "wide.png", size=(2400, 600)))])
    qtbot.waitUntil(lambda: runner.panel.evidence.model.rowCount() == 1, timeout=TIMEOUT)
    info = runner.panel.evidence.model.rows()[0]
    runner.open_evidence(info)
    qtbot.waitUntil(lambda: runner.viewer is not None and runner.viewer.isVisible(), timeout=TIMEOUT)
    viewer = runner.viewer
    assert (viewer.image.width(), viewer.image.height()) == (2400, 600)
    w, h = viewer.displayed_size()
    assert 0 < w <= viewer.scroll.viewport().width() and abs(w / h - 4) < 0.05  # fitted, proportions kept
    assert info.sha256 in [lbl.text() for lbl in viewer.findChildren(type(runner.panel.title_label))]
    viewer.close()
    settle(qtbot, runner)


def test_new_finding_from_an_item_opens_it(qtbot, runner, ctx, demo_vault, running_id):
    item = item_by_code(runner, "3-13")
    runner.select_item(item.id)
    runner.panel.notes_edit.setPlainText("备份介质放在办公室抽屉")
    qtbot.mouseClick(runner.panel.finding_button, Qt.MouseButton.LeftButton)  # opens over the runner
    qtbot.waitUntil(lambda: runner.finding_dialog is not None and runner.finding_dialog.editor.detail is not None,
                    timeout=TIMEOUT)
    finding_id = runner.finding_dialog.editor.finding_id
    with fresh_session(demo_vault.path) as s:
        f, stored_item = s.get(Finding, finding_id), s.get(ChecklistItem, item.id)
        assert f.status == FindingStatus.DRAFT and f.item_id == item.id and f.inspection_id == running_id
        assert f.articles == stored_item.articles == list(item.articles)
        assert f.severity == item.default_severity and f.description == "备份介质放在办公室抽屉"
    assert finding_id in runner.panel.findings_label.text()
    runner.finding_dialog.reject()
    settle(qtbot, runner)


def _signature_png() -> bytes:
    from ui.widgets.images import png_bytes

    image = QImage(60, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    return png_bytes(image)


def sign_in_vault(vault, inspection_id: str, name: str = "陈静") -> None:
    from inspector.services import inspections as svc

    with vault.session() as s:
        svc.save_signature(s, inspection_id, _signature_png(), name, "信息科科长")


def inspection_row(path, inspection_id) -> Inspection:
    with fresh_session(path) as s:
        return s.get(Inspection, inspection_id)


def voided_events(path, inspection_id) -> int:
    from inspector.model import AuditEvent

    with fresh_session(path) as s:
        return len(s.exec(select(AuditEvent).where(AuditEvent.action == "inspection.signature_voided",
                                                   AuditEvent.object_id == inspection_id)).all())


@pytest.fixture
def signed_runner(qtbot, ctx, demo_vault, running_id):
    """The runner of the running inspection after 陈静 signed it."""
    sign_in_vault(demo_vault, running_id)
    r = InspectionRunner(ctx, running_id)
    r.confirm_void = unexpected_question
    qtbot.addWidget(r)
    r.resize(1200, 700)
    with qtbot.waitSignal(r.loaded, timeout=TIMEOUT):
        r.show()
    assert "陈静已签字" in r.header.detail_label.text()
    return r


def test_a_change_after_signing_asks_and_on_yes_voids_the_signature_and_saves(qtbot, signed_runner, demo_vault,
                                                                             running_id):
    runner = signed_runner
    asked = []
    runner.confirm_void = lambda err: asked.append(err) or True
    item = item_by_code(runner, "9-01")
    runner.select_item(item.id)
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):  # voided: the header is read again
        runner.set_verdict(Verdict.NON_COMPLIANT)
    settle(qtbot, runner)
    assert len(asked) == 1 and asked[0].zh.startswith("修改将使 陈静 于 ") and asked[0].zh.endswith("需要重新签字。")
    assert result_row(demo_vault.path, running_id, item.id).verdict == Verdict.NON_COMPLIANT
    insp = inspection_row(demo_vault.path, running_id)
    assert insp.rep_signature_sha256 is None and insp.rep_signed_at is None
    assert voided_events(demo_vault.path, running_id) == 1
    assert "已签字" not in runner.header.detail_label.text() and runner.header.sign_button.text() == "现场签字"
    runner.set_verdict(Verdict.COMPLIANT)  # nothing signed any more: no question
    settle(qtbot, runner)
    assert len(asked) == 1 and result_row(demo_vault.path, running_id, item.id).verdict == Verdict.COMPLIANT


def test_declining_keeps_the_signature_and_shows_the_stored_values_again(qtbot, signed_runner, demo_vault,
                                                                         running_id):
    runner = signed_runner
    asked = []
    runner.confirm_void = lambda err: asked.append(err) or False
    answered = next(i for i in runner.data.items if runner.stored.get(i.id) and runner.stored[i.id].verdict)
    before = runner.stored[answered.id].verdict
    other = next(v for v in (Verdict.NON_COMPLIANT, Verdict.PARTIAL) if v is not before)
    runner.select_item(answered.id)
    runner.set_verdict(other)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: runner.model.verdict(answered.id) is before, timeout=TIMEOUT)
    assert runner.panel.verdict_buttons[before].isChecked()

    # notes typed after signing: one question for the whole edit, then the stored text again
    notes_item = item_by_code(runner, "4-01")
    runner.select_item(notes_item.id)
    qtbot.keyClicks(runner.panel.notes_edit, "typed after signing")
    qtbot.waitUntil(lambda: len(asked) == 2 and runner.panel.notes_edit.toPlainText() == "", timeout=TIMEOUT)
    settle(qtbot, runner)
    assert len(asked) == 2 and runner.results[notes_item.id].notes == ""

    # the summary the same way
    qtbot.keyClicks(runner.summary_edit, "summary")
    qtbot.waitUntil(lambda: len(asked) == 3 and runner.summary_edit.toPlainText() == "", timeout=TIMEOUT)
    settle(qtbot, runner)
    assert len(asked) == 3

    # a new finding and a file: asked, declined, nothing added
    runner.new_finding()
    qtbot.waitUntil(lambda: len(asked) == 4, timeout=TIMEOUT)
    runner.add_image(QImage(8, 8, QImage.Format.Format_RGB32))
    qtbot.waitUntil(lambda: len(asked) == 5, timeout=TIMEOUT)
    settle(qtbot, runner)
    assert runner.panel.evidence.model.rowCount() == 0 and runner.findings.get(notes_item.id) is None

    insp = inspection_row(demo_vault.path, running_id)
    assert insp.rep_signature_sha256 is not None and insp.rep_signed_digest is not None and insp.summary == ""
    assert voided_events(demo_vault.path, running_id) == 0
    assert result_row(demo_vault.path, running_id, answered.id).verdict == before
    stored = result_row(demo_vault.path, running_id, notes_item.id)
    assert stored is None or stored.notes == ""
    with fresh_session(demo_vault.path) as s:
        assert s.exec(select(Finding).where(Finding.inspection_id == running_id,
                                            Finding.item_id == notes_item.id)).all() == []
    assert "陈静已签字" in runner.header.detail_label.text()


def test_a_new_finding_and_a_file_after_signing_void_it_once_confirmed(qtbot, signed_runner, ctx, demo_vault,
                                                                       running_id):
    runner = signed_runner
    asked = []
    runner.confirm_void = lambda err: asked.append(err) or True
    item = item_by_code(runner, "3-13")
    runner.select_item(item.id)
    qtbot.mouseClick(runner.panel.finding_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.finding_dialog is not None, timeout=TIMEOUT)
    assert len(asked) == 1
    settle(qtbot, runner)
    runner.finding_dialog.reject()
    settle(qtbot, runner)
    assert inspection_row(demo_vault.path, running_id).rep_signature_sha256 is None
    sign_in_vault(demo_vault, running_id, "张建国")
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        runner.load()
    runner.add_image(QImage(8, 8, QImage.Format.Format_RGB32))
    qtbot.waitUntil(lambda: runner.panel.evidence.model.rowCount() == 1, timeout=TIMEOUT)
    settle(qtbot, runner)
    assert len(asked) == 2 and "张建国" in asked[1].zh
    assert inspection_row(demo_vault.path, running_id).rep_signature_sha256 is None
    assert voided_events(demo_vault.path, running_id) == 2


def _open_completion(qtbot, runner):
    qtbot.mouseClick(runner.header.complete_button, Qt.MouseButton.LeftButton)
    dialog = runner.completion_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.check is not None, timeout=TIMEOUT)
    return dialog


def test_completion_is_blocked_until_summary_signature_or_reason_and_the_unchecked_choice(qtbot, runner, demo_vault,
                                                                                          running_id):
    dialog = _open_completion(qtbot, runner)
    assert len(dialog.check.unanswered) == 22 and dialog.check.signature == "none"
    assert dialog.unanswered_label.text().startswith("还有 22 个检查项没有结论：")
    assert dialog.unchecked_box.text() == "将以上 22 项记为“未检查”" and not dialog.unchecked_box.isChecked()
    assert not dialog.complete_button.isEnabled()
    assert "填写检查小结" in dialog.missing_label.text() and "拒绝签字/不在场" in dialog.missing_label.text()

    dialog.summary_edit.setPlainText("检查发现三项问题，已现场反馈。")  # saved as typed, shown in the runner too
    assert runner.summary_edit.toPlainText() == "检查发现三项问题，已现场反馈。"
    qtbot.mouseClick(dialog.absent_radio, Qt.MouseButton.LeftButton)
    dialog.note_edit.setText("单位代表外出开会")
    assert not dialog.complete_button.isEnabled()  # the unanswered items are not chosen yet
    assert dialog.missing() == ["为每个检查项给出结论，或勾选将其余 22 项记为“未检查”"]
    dialog.unchecked_box.setChecked(True)
    assert dialog.complete_button.isEnabled() and not dialog.missing_label.isVisible()
    qtbot.mouseClick(dialog.absent_radio, Qt.MouseButton.LeftButton)  # a second click clears the reason
    assert not dialog.complete_button.isEnabled()
    qtbot.mouseClick(dialog.refused_radio, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.absent_radio, Qt.MouseButton.LeftButton)
    assert dialog.rep_not_signed() == "absent" and not dialog.refused_radio.isChecked()

    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert runner.completion_dialog is None
    insp = inspection_row(demo_vault.path, running_id)
    assert insp.status == InspectionStatus.COMPLETED and insp.summary == "检查发现三项问题，已现场反馈。"
    assert insp.rep_not_signed == "absent" and insp.rep_not_signed_note == "单位代表外出开会"
    assert len(insp.unchecked_items) == 22 and insp.unchecked_items == list(dialog.check.unanswered)

    # read-only now: no verdict, notes, summary, file, signature or new finding
    assert not runner.editable and "单位代表不在场" in runner.header.detail_label.text()
    assert not runner.header.complete_button.isVisible() and not runner.header.sign_button.isVisible()
    assert not runner.header.sign_button.isEnabled() and runner.header.reopen_button.isVisible()
    assert not runner.panel.finding_button.isEnabled() and runner.summary_edit.isReadOnly()
    item = runner.current_item_id
    runner.tree.setFocus()
    qtbot.keyClick(runner.tree, Qt.Key.Key_1)  # nothing happens
    runner.sign()
    runner.new_finding()
    assert runner.model.verdict(item) is None and not runner.panel.verdict_buttons[Verdict.COMPLIANT].isEnabled()
    assert runner.panel.notes_edit.isReadOnly() and not runner.panel.evidence.add_button.isEnabled()
    settle(qtbot, runner)
    assert inspection_row(demo_vault.path, running_id).rep_signature_sha256 is None


def test_completion_with_the_signature_given_in_the_dialog(qtbot, runner, demo_vault, running_id):
    png = _signature_png()
    asked = []
    runner.ask_signature = lambda statement, name, title: asked.append(statement) or (png, "张建国", "信息科科长")
    dialog = _open_completion(qtbot, runner)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.signature == "holds", timeout=TIMEOUT)
    assert "55 项" in asked[0] and dialog.signature_label.text().startswith("已签字：张建国，")
    assert not dialog.refused_radio.isEnabled() and dialog.sign_button.text() == "重新签字…"
    dialog.unchecked_box.setChecked(True)
    assert not dialog.complete_button.isEnabled()  # no summary yet
    # the summary typed after signing changes what was signed: asked, and the signature goes once confirmed
    questions = []
    runner.confirm_void = lambda err: questions.append(err) or True
    dialog.summary_edit.setPlainText("检查组意见：总体较好。")
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.signature == "none", timeout=TIMEOUT)
    assert len(questions) == 1 and not dialog.complete_button.isEnabled()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)  # signs again, over the summary
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.signature == "holds", timeout=TIMEOUT)
    qtbot.waitUntil(dialog.complete_button.isEnabled, timeout=TIMEOUT)
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    insp = inspection_row(demo_vault.path, running_id)
    assert insp.status == InspectionStatus.COMPLETED and insp.department_rep_name == "张建国"
    assert insp.summary == "检查组意见：总体较好。" and insp.rep_not_signed == ""
    with fresh_session(demo_vault.path) as s:
        assert evidence_store.read_bytes(s, insp.rep_signature_sha256) == png
    assert "张建国已签字" in runner.header.detail_label.text() and not runner.header.sign_button.isVisible()


def test_the_completion_dialog_alone_with_a_void_signature(qtbot):
    from inspector.services.inspections import CompletionCheck
    from ui.inspections.completion import CompletionDialog

    dialog = CompletionDialog("晋城市民政局", "小结")
    qtbot.addWidget(dialog)
    assert not dialog.complete_button.isEnabled()  # nothing is known before the first check arrives
    dialog.show_check(CompletionCheck(unanswered=(), summary_missing=False, signature="void", signer="陈静",
                                      signed_at=datetime(2026, 11, 20, 7, 19, tzinfo=timezone.utc)))
    assert dialog.unanswered_box.isHidden() and dialog.signature_label.text().startswith("签字已失效：陈静 于 ")
    assert dialog.sign_button.text() == "重新签字…" and not dialog.complete_button.isEnabled()
    assert dialog.missing() == ["请单位代表重新签字，或选择未签字的原因（拒绝签字/不在场）"]
    assert dialog.refused_radio.isEnabled()  # the core withdraws a void signature when a reason is recorded
    dialog.refused_radio.click()
    assert dialog.complete_button.isEnabled() and dialog.rep_not_signed() == "refused"
    with qtbot.waitSignal(dialog.complete_requested):
        dialog.complete_button.click()
    assert not dialog.complete_button.isEnabled()  # busy until the runner answers: one completion per click
    dialog.show_check(CompletionCheck(unanswered=(), summary_missing=False, signature="holds", signer="陈静",
                                      signed_at=None))
    assert not dialog.refused_radio.isChecked() and not dialog.refused_radio.isEnabled()
    assert dialog.complete_button.isEnabled() and dialog.note() == ""


def test_a_refused_completion_is_shown_plainly(qtbot, runner, demo_vault, running_id, monkeypatch):
    shown = []
    monkeypatch.setattr(runner, "_show_error", shown.append)
    dialog = _open_completion(qtbot, runner)
    dialog.summary_edit.setPlainText("小结")
    dialog.unchecked_box.setChecked(True)
    qtbot.mouseClick(dialog.refused_radio, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    sign_in_vault(demo_vault, running_id)  # meanwhile, elsewhere: a reason no longer applies
    qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=TIMEOUT)
    assert shown[0].zh == "单位代表已签字，不能再记录未签字原因。"
    qtbot.waitUntil(lambda: dialog.check.signature == "holds" and not dialog.refused_radio.isChecked(),
                    timeout=TIMEOUT)
    assert inspection_row(demo_vault.path, running_id).status == InspectionStatus.IN_PROGRESS
    dialog.reject()
    settle(qtbot, runner)


def test_reopen_needs_a_reason_and_the_header_says_corrected_version(qtbot, ctx, demo_vault):
    with demo_vault.session() as s:
        done_id = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).one().id
    runner = InspectionRunner(ctx, done_id)
    qtbot.addWidget(runner)
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        runner.show()
    assert not runner.editable and runner.header.reopen_button.isVisible()
    assert not runner.header.correction_label.isVisible()
    assert runner.summary_edit.toPlainText() == "检查发现两项问题，已现场反馈。" and runner.summary_edit.isReadOnly()
    assert "李红梅已签字" in runner.header.detail_label.text()
    qtbot.mouseClick(runner.header.reopen_button, Qt.MouseButton.LeftButton)
    dialog = runner.reopen_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("第 3-13 项结论录入有误")
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    insp = inspection_row(demo_vault.path, done_id)
    assert insp.status == InspectionStatus.IN_PROGRESS and insp.correction_no == 1
    assert insp.correction_reason == "第 3-13 项结论录入有误"
    assert runner.editable and runner.header.complete_button.isVisible() and not runner.header.reopen_button.isVisible()
    assert runner.header.correction_label.isVisible()
    assert runner.header.correction_label.text() == "更正版 第 1 次 · 第 3-13 项结论录入有误"
    assert runner.header.sign_button.isEnabled() and runner.panel.finding_button.isEnabled()


# ---- the page ----------------------------------------------------------------------------------


def test_page_lists_starts_and_opens_inspections(qtbot, ctx, demo_vault, running_id):
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 650)
    page.show()
    with qtbot.waitSignal(page.rows_loaded, timeout=TIMEOUT):
        page.activate()
    assert page.title() == "现场检查" and page.key == "inspections"
    assert page.model.rowCount() == 2 and page.model.index(0, 0).data(ID_ROLE) == running_id

    offered = []

    def choose(targets):
        offered.extend(targets)
        target = next(t for t in targets if t["department"] == "晋城市民政局")
        return ("start", target["plan_id"], target["department_id"], "民政局三楼")

    page.ask_new = choose
    with qtbot.waitSignal(page.runner_opened, timeout=TIMEOUT) as opened:
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    runner = opened.args[0]
    assert len(offered) == 4 and sum(1 for t in offered if t["running_id"]) == 1
    qtbot.waitUntil(lambda: runner.data is not None, timeout=TIMEOUT)
    assert page.stack.currentWidget() is runner and runner.data.inspection.department == "晋城市民政局"
    assert runner.panel.self_view.toPlainText() == "未提交自查"
    with fresh_session(demo_vault.path) as s:
        insp = s.get(Inspection, runner.inspection_id)
        assert insp.status == InspectionStatus.IN_PROGRESS and insp.location == "民政局三楼"
        assert len(s.exec(select(InspectionMember).where(InspectionMember.inspection_id == insp.id)).all()) == 3

    with qtbot.waitSignal(page.rows_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(runner.header.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list_page and page.model.rowCount() == 3

    with qtbot.waitSignal(page.runner_opened, timeout=TIMEOUT) as opened:
        page.activate(running_id)  # what ctx.navigate("inspections", id) does
    assert opened.args[0].inspection_id == running_id and page.runner is opened.args[0]
    qtbot.waitUntil(lambda: page.runner.data is not None, timeout=TIMEOUT)
    page.clear()
    assert page.runner is None and page.model.rowCount() == 0


def test_page_offers_to_open_a_running_inspection_instead(qtbot, ctx, running_id):
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    page.ask_new = lambda targets: ("open", next(t["running_id"] for t in targets if t["running_id"]))
    with qtbot.waitSignal(page.runner_opened, timeout=TIMEOUT) as opened:
        page.start_new()
    assert opened.args[0].inspection_id == running_id
    qtbot.waitUntil(lambda: opened.args[0].data is not None, timeout=TIMEOUT)


# ---- reads that supersede, reactions to writes --------------------------------------------------


def test_a_newer_load_of_the_runner_supersedes_an_older_one(qtbot, ctx, running_id, monkeypatch):
    import threading

    from inspector.services import inspections as svc

    real, release, answers = svc.runner_data, threading.Event(), []

    def runner_data(s, inspection_id):
        data = real(s, inspection_id)
        answers.append(data)
        if len(answers) == 1:  # the first read waits on the worker until a newer one was asked
            assert release.wait(TIMEOUT)
        return data

    monkeypatch.setattr(svc, "runner_data", runner_data)
    shown = []
    try:
        r = InspectionRunner(ctx, running_id)  # its first load, held
        qtbot.addWidget(r)
        r.loaded.connect(shown.append)
        r.load()  # a newer one
    finally:
        release.set()
    settle(qtbot)
    qtbot.waitUntil(lambda: r.data is not None, timeout=TIMEOUT)
    delivered(qtbot)
    assert len(answers) == 2 and shown == [answers[1]] and r.data is answers[1]


def test_the_page_reloads_a_shown_runner_for_changes_made_elsewhere_only(qtbot, ctx, demo_vault, running_id):
    from inspector.services import findings

    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.runner_opened, timeout=TIMEOUT) as opened:
        page.activate(running_id)
    runner = opened.args[0]
    qtbot.waitUntil(lambda: runner.data is not None, timeout=TIMEOUT)
    loads = []
    runner.loaded.connect(loads.append)

    item = item_by_code(runner, "2-01")
    runner.select_item(item.id)
    runner.set_verdict(Verdict.COMPLIANT)  # the runner's own edit: on screen already
    runner.panel.notes_edit.setPlainText("现场核对")
    settle(qtbot, runner)
    delivered(qtbot)
    assert loads == [] and page.stale  # the list, hidden, is read again when shown

    with demo_vault.session() as s:
        finding_id = s.exec(select(Finding)).first().id
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):  # a change another screen made
        ctx.write(None, lambda s: findings.update_finding(s, finding_id, {"title": "另一页面改的标题"}))
    assert len(loads) == 1 and runner.model.verdict(item.id) is Verdict.COMPLIANT
    assert runner.results[item.id].notes == "现场核对"


def test_notes_typed_while_locked_queue_nothing_and_saving_resumes_after_unlock(qtbot, runner, ctx, demo_vault,
                                                                               running_id):
    from ui.inspections.saver import NotesSaver

    item_id = item_by_code(runner, "6-01").id
    queued = []
    saver = NotesSaver(ctx, runner, running_id, queued.append)
    ctx.vault = None  # locked: ctx.write runs nothing (set directly, so the runner itself is not told)
    saver.update(item_id, "锁定时输入")
    assert queued == [] and not saver.pending()
    ctx.vault = demo_vault
    saver.update(item_id, "解锁后输入")  # the saver is not stuck waiting for a save that never ran
    assert len(queued) == 1
    settle(qtbot)
    assert result_row(demo_vault.path, running_id, item_id).notes == "解锁后输入"
