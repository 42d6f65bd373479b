"""Destruction in the desktop app: asked from a file's menu, decided by a second person on the settings page; and a
video evidence file in the viewer (its duration and size from its header, no playback)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlmodel import select

from inspector.model import Destruction, Evidence, EvidenceBlob, Finding, Inspector
from inspector.services import findings, settings
from inspector.signing import identity
from tests.test_evidence_store import mp4
from tests.ui.conftest import delivered
from tests.ui.test_evidence_controller import TIMEOUT, attach_to, png
from ui.context import AppContext
from ui.evidence.destruction import DestructionSettings, RequestDialog
from ui.widgets.evidence import EvidenceArea
from ui.widgets.evidence_controller import EvidenceController


def _host(qtbot, demo_vault):
    host = QWidget()
    area = EvidenceArea()
    QVBoxLayout(host).addWidget(area)
    qtbot.addWidget(host)
    return host, area, EvidenceController(AppContext(demo_vault), host, [area])


def _finding(demo_vault) -> str:
    with demo_vault.session() as s:
        return s.exec(select(Finding)).first().id


def test_a_destruction_is_asked_from_the_files_menu_and_destroys_nothing_yet(qtbot, demo_vault):
    host, area, controller = _host(qtbot, demo_vault)
    fid = _finding(demo_vault)
    with demo_vault.session() as s:
        [info] = findings.add_finding_files(s, fid, [("身份证.png", png())]).added
    controller.show(area, [info], target=fid, attach=attach_to(fid))
    area.ask_destruction = lambda parent, i: ("含身份证号码", "《个人信息保护法》第四十七条")
    with qtbot.waitSignal(controller.destruction_requested, timeout=TIMEOUT):
        area.request_destruction(info)
    assert "另一人" in area.message_label.text()
    with demo_vault.session() as s:
        [d] = s.exec(select(Destruction)).all()
        assert d.status == "requested" and d.items[0]["sha256"] == info.sha256
        assert s.get(Evidence, info.id) is not None


def test_the_request_dialog_needs_both_a_reason_and_a_basis(qtbot, demo_vault):
    from inspector.services.evidence import EvidenceInfo

    dialog = RequestDialog(EvidenceInfo("e", "", "a.png", "image/png", 10, "0" * 64, None))
    qtbot.addWidget(dialog)
    assert not dialog.submit.isEnabled()
    dialog.reason.setText("超期")
    assert not dialog.submit.isEnabled()
    dialog.basis.setText("《档案法》")
    assert dialog.submit.isEnabled() and dialog.values() == ("超期", "《档案法》")


def _second_identity(demo_vault) -> str:
    with demo_vault.session() as s:
        me = settings.get(s, settings.SELF_INSPECTOR)
        other = s.exec(select(Inspector).where(Inspector.id != me)).first()
        return identity.create_identity(s, other.id).id


def _requested(demo_vault) -> tuple[str, str]:
    from inspector.services import destruction

    fid = _finding(demo_vault)
    with demo_vault.session() as s:
        [info] = findings.add_finding_files(s, fid, [("身份证.png", png((5, 5, 5)))]).added
        return destruction.request(s, [info.id], "含身份证号码", "《个人信息保护法》").id, info.sha256


def test_a_second_person_approves_on_the_settings_page_and_the_file_is_destroyed(qtbot, demo_vault):
    approver = _second_identity(demo_vault)
    d_id, sha = _requested(demo_vault)
    box = DestructionSettings(AppContext(demo_vault))
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.loaded, timeout=TIMEOUT):
        box.reload()
    assert box.model.rowCount() == 1 and box.model.index(0, 0).data() == "待审批"
    assert box.approve_button.isEnabled()
    box.identity_combo.setCurrentIndex(box.identity_combo.findData(approver))
    asked = []
    box.confirm = lambda parent, title, text, accept: asked.append(text) or True
    with qtbot.waitSignal(box.done, timeout=TIMEOUT) as done:
        box.approve()
    assert done.args == ["approved"] and "身份证.png" in asked[0]
    qtbot.waitUntil(lambda: box.model.index(0, 0).data() == "已销毁", timeout=TIMEOUT)
    assert not box.approve_button.isEnabled()
    with demo_vault.session() as s:
        assert s.get(Destruction, d_id).status == "destroyed" and s.get(EvidenceBlob, sha) is None


def test_the_requester_cannot_approve_and_is_told_why(qtbot, demo_vault):
    d_id, _ = _requested(demo_vault)
    box = DestructionSettings(AppContext(demo_vault))
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.loaded, timeout=TIMEOUT):
        box.reload()
    box.confirm = lambda *a: True
    box.approve()  # the only identity: the requester's own
    qtbot.waitUntil(lambda: not box.message.isHidden() and box.message.is_error, timeout=TIMEOUT)
    assert "另一人" in box.message.text()
    with demo_vault.session() as s:
        assert s.get(Destruction, d_id).status == "requested"


def test_rejecting_asks_for_a_reason(qtbot, demo_vault):
    approver = _second_identity(demo_vault)
    d_id, sha = _requested(demo_vault)
    box = DestructionSettings(AppContext(demo_vault))
    qtbot.addWidget(box)
    with qtbot.waitSignal(box.loaded, timeout=TIMEOUT):
        box.reload()
    box.identity_combo.setCurrentIndex(box.identity_combo.findData(approver))
    box.ask_reason = lambda *a, **k: None  # cancelled
    box.reject()
    delivered(qtbot)
    box.ask_reason = lambda *a, **k: "仍在复核期内"
    with qtbot.waitSignal(box.done, timeout=TIMEOUT):
        box.reject()
    with demo_vault.session() as s:
        d = s.get(Destruction, d_id)
        assert d.status == "rejected" and d.decision_note == "仍在复核期内" and s.get(EvidenceBlob, sha) is not None


def test_a_video_shows_its_duration_and_size_and_says_why_it_does_not_play(qtbot, demo_vault):
    host, area, controller = _host(qtbot, demo_vault)
    fid = _finding(demo_vault)
    with demo_vault.session() as s:
        [info] = findings.add_finding_files(s, fid, [("机房巡查.mp4", mp4(83, 1920, 1080, 2 << 20))]).added
    controller.show(area, [info], target=fid, attach=attach_to(fid))
    controller.open_evidence(info, area)
    qtbot.waitUntil(lambda: controller.viewer is not None and controller.viewer.isVisible(), timeout=TIMEOUT)
    texts = [label.text() for label in controller.viewer.findChildren(QLabel)]
    assert "01:23" in texts and "1920 × 1080 像素" in texts
    assert any("无法在此播放" in t for t in texts)
    controller.close_viewer()


def test_the_window_says_what_opening_the_vault_swept(qtbot, demo_vault_path):
    """A file a crash left without a record is removed on opening; the window says so (and the audit trail)."""
    from inspector.vault import Vault
    from tests.conftest import PASSPHRASE
    from tests.test_evidence_store import old
    from ui.main_window import MainWindow

    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as v:
        left = v.evidence.seal([b"a crash left me"])
    old(left.path)
    vault = Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False)
    try:
        window = MainWindow(AppContext(vault))
        qtbot.addWidget(window)
        assert vault.swept == [left.path.name]
        assert "已清理 1 个" in window.statusBar().currentMessage()
        window.clear_pages()
    finally:
        from ui import tasks

        tasks.wait_for_all()
        vault.close()
