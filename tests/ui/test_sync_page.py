"""同步 with two real vaults: the demo vault is the laptop, a fresh vault the office; real bundles between them.

The dialogs are opened with ``open()`` and driven here; the file dialogs are the
module functions of ui.sync.export / ui.sync.receive, replaced per test.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlmodel import select

from inspector.model import Area, Finding, Inspection, SyncBundle
from inspector.signing import certs, trust
from inspector.sync import bundle as core_bundle
from inspector.sync import crypto, exporter, importer
from inspector.sync import overview as sync_overview
from inspector.sync.overview import HistoryRow, Overview
from tests.sync_helpers import fingerprint, own_cert, write_pem
from tests.ui.conftest import delivered
from ui import tasks
from ui.context import AppContext
from ui.sync.conflicts import KEEP_INCOMING, KEEP_LOCAL
from ui.sync.export import AES, SM4, SUFFIX, SYNC_FOLDER
from ui.sync.models import (
    C_TITLE,
    F_INCOMING,
    F_LOCAL,
    F_NAME,
    H_DIRECTION,
    H_PARTY,
    K_TABLE,
    BundleHistoryModel,
    CountsModel,
)
from ui.sync.page import SyncPage
from ui.sync.receive import PreviewDialog, hex_digits, pretty

WAIT_MS = 20_000
LAPTOP_NAME = "李明"  # the demo inspector, who signs the laptop's bundles





def make_page(qtbot, vault) -> SyncPage:
    page = SyncPage(AppContext(vault))
    page.resize(1200, 760)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page._reload_pending and tasks.wait_for_all(WAIT_MS), timeout=WAIT_MS)
    delivered(qtbot)
    return page


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible()
    # a box shown a moment ago (the conflicts once one is loaded) is laid out by a later turn of the event loop:
    # until then its button has no height and a click lands on the box itself
    window = button.window()
    qtbot.waitUntil(lambda: window.childAt(button.mapTo(window, button.rect().center())) is button, timeout=WAIT_MS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_export(qtbot, page):
    dialog = page.open_export_dialog()
    qtbot.waitUntil(lambda: dialog.setup is not None, timeout=WAIT_MS)
    assert dialog.isVisible()
    return dialog


def export_with_dialog(qtbot, monkeypatch, page, target: Path, *, scope: str = "all", since: bool = False):
    dialog = open_export(qtbot, page)
    monkeypatch.setattr("ui.sync.export.choose_export_target", lambda parent, suggested: target)
    dialog.scope_buttons[scope].setChecked(True)
    dialog.since_check.setChecked(since)
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS) as done:
        click(qtbot, dialog.ok_button)
    return done.args[0]


def import_with_dialog(qtbot, page, path: Path):
    """Preview, check the dialog is up, click 导入; the page's import result."""
    flow = page.import_file(path)
    qtbot.waitUntil(lambda: flow.preview_dialog is not None and flow.preview_dialog.isVisible(), timeout=WAIT_MS)
    with qtbot.waitSignal(page.imported, timeout=WAIT_MS) as done:
        click(qtbot, flow.preview_dialog.import_button)
    return flow, done.args[0]


def counts_in(model: CountsModel) -> dict[str, list[str]]:
    """Table label → the four counts as shown."""
    return {model.index(r, K_TABLE).data(): [model.index(r, c).data() for c in range(1, 5)]
            for r in range(model.rowCount())}


def findings(vault) -> dict[str, Finding]:
    with vault.session() as s:
        return {f.id: f for f in s.exec(select(Finding))}


# ---- export ----------------------------------------------------------------------------------


def test_export_for_the_office_writes_a_bundle_it_can_open(qtbot, monkeypatch, pair, tmp_path):
    laptop, office = pair
    page = make_page(qtbot, laptop)
    assert page.history_empty.isVisible() and not page.conflicts_box.isVisible()
    dialog = open_export(qtbot, page)
    # the laptop's own certificate is in its trust store, but the sender is always a recipient: not offered
    texts = [dialog.recipients_list.item(n).text() for n in range(dialog.recipients_list.count())]
    assert len(texts) == 1 and texts[0].startswith("办公室")
    assert dialog.chosen() == [fingerprint(office)]  # the only one is checked already
    assert LAPTOP_NAME in dialog.sender_label.text() and dialog.ok_button.isEnabled()
    suggested = dialog.suggested_name()
    assert suggested.endswith(SUFFIX) and "办公室" in suggested
    dialog.reject()

    target = tmp_path / "out" / "to-office"
    target.parent.mkdir()
    result = export_with_dialog(qtbot, monkeypatch, page, target, scope="field")
    written = target.with_name("to-office" + SUFFIX)  # the suffix is added
    assert result.path == written and written.is_file()
    assert SYNC_FOLDER.get() == str(target.parent)
    assert str(written) in page.message.text() and not page.message.is_error
    assert "现场工作" in page.message.text() and "问题 5" in page.message.text()
    # the office reads it: our sender, our counts
    preview = importer.preview(office, written)
    assert (preview.sender, preview.scope, preview.cipher) == (LAPTOP_NAME, "field", AES)
    assert preview.total("new") == sum(result.counts.values()) - preview.total("unchanged")
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1, timeout=WAIT_MS)
    assert page.history_model.index(0, H_DIRECTION).data() == "导出"
    assert page.history_model.index(0, H_PARTY).data() == "发给 办公室"
    assert page.summary_label.text() == "已导出 1 次 · 已导入 0 次"


def test_recipient_from_a_certificate_file_and_sm4(qtbot, monkeypatch, demo_vault, office, tmp_path):
    """Nobody in the trust store: the dialog says so; a certificate file will do, and SM4-GCM is under 高级."""
    page = make_page(qtbot, demo_vault)
    dialog = open_export(qtbot, page)
    assert dialog.recipients_list.count() == 0 and not dialog.ok_button.isEnabled()
    assert "从证书文件" in dialog.recipients_hint.text()
    pem = write_pem(office, tmp_path / "office.pem")
    monkeypatch.setattr("ui.sync.export.choose_recipient_certificate", lambda parent: pem)
    click(qtbot, dialog.from_file_button)
    qtbot.waitUntil(lambda: dialog.recipients_list.count() == 1, timeout=WAIT_MS)
    assert dialog.chosen() == [str(pem)] and "来自证书文件" in dialog.recipients_list.item(0).text()
    assert not dialog.advanced.isVisibleTo(dialog)
    click(qtbot, dialog.advanced_button)
    assert dialog.advanced.isVisibleTo(dialog)
    dialog.cipher_combo.setCurrentIndex(dialog.cipher_combo.findData(SM4))
    target = tmp_path / f"sm4{SUFFIX}"
    monkeypatch.setattr("ui.sync.export.choose_export_target", lambda parent, suggested: target)
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    with office.session() as s:
        trust.add_trusted(s, own_cert(demo_vault), "笔记本")
    assert importer.preview(office, target).cipher == SM4


def test_own_certificate_file_is_not_added(qtbot, monkeypatch, demo_vault, tmp_path):
    page = make_page(qtbot, demo_vault)
    dialog = open_export(qtbot, page)
    monkeypatch.setattr("ui.sync.export.choose_recipient_certificate",
                        lambda parent: write_pem(demo_vault, tmp_path / "me.pem"))
    click(qtbot, dialog.from_file_button)
    qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
    assert "本机自己的证书" in dialog.message.text() and dialog.recipients_list.count() == 0


def test_cancelled_export_leaves_no_file(qtbot, monkeypatch, pair, tmp_path):
    laptop, _ = pair
    page = make_page(qtbot, laptop)
    dialog = open_export(qtbot, page)
    target = tmp_path / f"cancelled{SUFFIX}"
    monkeypatch.setattr("ui.sync.export.choose_export_target", lambda parent, suggested: target)
    dialog.scope_buttons["field"].setChecked(True)  # evidence: the writer checks the token between files
    gate = threading.Event()
    tasks.run_in_background(None, lambda progress, cancel: gate.wait(WAIT_MS / 1000), lambda _: None)
    click(qtbot, dialog.ok_button)  # queued behind the gate
    dialog.task.cancel()            # what the progress dialog's 取消 does
    gate.set()
    qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
    assert dialog.message.text() == "已取消，未生成文件。" and dialog.isVisible()
    assert not target.exists() and list(tmp_path.glob("*.inspbundle*")) == []
    with laptop.session() as s:
        assert s.exec(select(SyncBundle)).all() == []


# ---- import ----------------------------------------------------------------------------------


def test_import_shows_a_preview_then_applies(qtbot, pair, tmp_path):
    laptop, office = pair
    path = exporter.export_bundle(laptop, tmp_path / f"field{SUFFIX}", [fingerprint(office)], scope="field").path
    expected = importer.preview(office, path)  # the core's own count, nothing applied
    assert findings(office) == {}
    page = make_page(qtbot, office)
    flow = page.import_file(path)
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=WAIT_MS)
    dialog: PreviewDialog = flow.preview_dialog
    assert dialog.isVisible() and findings(office) == {}  # still nothing applied
    assert dialog.sender_label.text() == LAPTOP_NAME
    assert "签名有效" in dialog.trust_label.text()
    assert dialog.fingerprint_label.text().replace("\n", " ") == certs.pretty_fingerprint(fingerprint(laptop))
    assert dialog.scope_label.text() == "现场工作（发给办公室）"
    shown = counts_in(dialog.counts_model)
    assert shown["问题"] == ["5", "0", "0", "0"] and shown["检查项"] == ["0", "0", "0", "55"]
    assert shown["合计"] == [str(expected.total(k)) for k in ("new", "updated", "conflicts", "unchanged")]
    assert f"新增 {expected.total('new')} 条" in dialog.summary_label.text()
    assert not dialog.flags_label.isVisible()
    with qtbot.waitSignal(page.imported, timeout=WAIT_MS) as done:
        click(qtbot, dialog.import_button)
    assert done.args[0].applied
    assert len(findings(office)) == 5 and findings(office).keys() == findings(laptop).keys()
    assert page.message.text() == (f"已导入 {LAPTOP_NAME} 的交换文件：新增 {expected.total('new')} 条、更新 0 条记录，"
                                   f"{expected.total('unchanged')} 条无变化。")
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1, timeout=WAIT_MS)
    assert page.history_model.index(0, H_DIRECTION).data() == "导入"
    assert page.history_model.index(0, H_PARTY).data() == f"来自 {LAPTOP_NAME}"


def test_other_pages_hear_about_an_import(qtbot, pair, tmp_path):
    laptop, office = pair
    path = exporter.export_bundle(laptop, tmp_path / f"all{SUFFIX}", [fingerprint(office)]).path
    page = make_page(qtbot, office)
    areas: set[Area] = set()
    page.ctx.written.connect(lambda changes, initiator: areas.update(changes.areas))
    import_with_dialog(qtbot, page, path)
    assert {Area.FINDINGS, Area.PLANS, Area.DEPARTMENTS, Area.INSPECTIONS, Area.NOTICES, Area.EVIDENCE} <= areas


def test_importing_again_changes_nothing(qtbot, pair, tmp_path):
    laptop, office = pair
    path = exporter.export_bundle(laptop, tmp_path / f"all{SUFFIX}", [fingerprint(office)]).path
    page = make_page(qtbot, office)
    import_with_dialog(qtbot, page, path)
    before = findings(office)
    # the preview already knows: it says so and offers nothing to import
    flow = page.import_file(path)
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=WAIT_MS)
    dialog = flow.preview_dialog
    assert not dialog.import_button.isEnabled() and dialog.cancel_button.text() == "关闭"
    assert "已导入过" in dialog.flags_label.text() and dialog.flags_label.isVisible()
    with qtbot.waitSignal(flow.cancelled, timeout=WAIT_MS):
        click(qtbot, dialog.cancel_button)
    # imported elsewhere while the preview was open (e.g. from the command line): the result says so
    page.message.clear_message()
    other = exporter.export_bundle(laptop, tmp_path / f"again{SUFFIX}", [fingerprint(office)]).path
    flow = page.import_file(other)
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=WAIT_MS)
    importer.import_bundle(office, other)
    with qtbot.waitSignal(page.imported, timeout=WAIT_MS) as done:
        click(qtbot, flow.preview_dialog.import_button)
    assert done.args[0].already_imported and not done.args[0].applied
    assert page.message.text() == "该交换文件已导入过，未作任何更改。"
    assert findings(office).keys() == before.keys()
    with office.session() as s:
        assert len(s.exec(select(SyncBundle).where(SyncBundle.direction == "in")).all()) == 2


def test_untrusted_sender_is_trusted_by_fingerprint_then_imported(qtbot, demo_vault, office, tmp_path):
    laptop = demo_vault
    with laptop.session() as s:  # one way only: the office has never seen the laptop's certificate
        trust.add_trusted(s, own_cert(office), "办公室")
    path = exporter.export_bundle(laptop, tmp_path / f"plan{SUFFIX}", [fingerprint(office)], scope="plan").path
    page = make_page(qtbot, office)
    flow = page.import_file(path)
    qtbot.waitUntil(lambda: flow.trust_dialog is not None and flow.trust_dialog.isVisible(), timeout=WAIT_MS)
    dialog = flow.trust_dialog
    fpr = fingerprint(laptop)
    assert f"“{LAPTOP_NAME}”签名" in dialog.intro_label.text()
    assert dialog.fingerprint_label.text().replace("\n", " ") == certs.pretty_fingerprint(fpr)
    assert not dialog.ok_button.isEnabled()
    wrong = ("0" if fpr[0] != "0" else "1") + fpr[1:16]
    dialog.fingerprint_edit.setText(wrong)
    assert not dialog.ok_button.isEnabled() and dialog.message.is_error and "不符" in dialog.message.text()
    dialog.fingerprint_edit.setText(fpr[:8])  # too short
    assert not dialog.ok_button.isEnabled() and not dialog.message.isVisible()
    # the core checks again: a wrong fingerprint that slipped through is refused, shown in the dialog
    dialog.trust_requested.emit(wrong)
    qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
    assert "不符" in dialog.message.text() and dialog.isVisible()
    with office.session() as s:
        assert fpr not in {t.fingerprint for t in trust.list_trusted(s)}
    # read out by phone in groups of four, typed with spaces
    dialog.fingerprint_edit.setText(" ".join(fpr[i:i + 4].upper() for i in range(0, 16, 4)))
    assert dialog.ok_button.isEnabled() and not dialog.message.isVisible()
    with qtbot.waitSignal(flow.preview_ready, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert page.message.text() == f"已将“{LAPTOP_NAME}”加入信任列表。"
    with office.session() as s:
        assert fpr in {t.fingerprint for t in trust.list_trusted(s)}
    assert "签名有效" in flow.preview_dialog.trust_label.text()
    with qtbot.waitSignal(page.imported, timeout=WAIT_MS) as done:
        click(qtbot, flow.preview_dialog.import_button)
    assert done.args[0].applied and done.args[0].scope == "plan"


def test_refusing_to_trust_imports_nothing(qtbot, demo_vault, office, tmp_path):
    with demo_vault.session() as s:
        trust.add_trusted(s, own_cert(office), "办公室")
    path = exporter.export_bundle(demo_vault, tmp_path / f"x{SUFFIX}", [fingerprint(office)]).path
    page = make_page(qtbot, office)
    flow = page.import_file(path)
    qtbot.waitUntil(lambda: flow.trust_dialog is not None and flow.trust_dialog.isVisible(), timeout=WAIT_MS)
    with qtbot.waitSignal(flow.cancelled, timeout=WAIT_MS):
        flow.trust_dialog.reject()
    assert findings(office) == {} and flow.preview_dialog is None
    with office.session() as s:
        assert fingerprint(demo_vault) not in {t.fingerprint for t in trust.list_trusted(s)}


def test_a_damaged_file_is_refused_in_plain_words(qtbot, office, tmp_path):
    path = tmp_path / f"damaged{SUFFIX}"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    page = make_page(qtbot, office)
    with qtbot.waitSignal(page.import_file(path).failed, timeout=WAIT_MS):
        pass
    assert page.message.is_error and "交换文件不是有效的 ZIP 文件" in page.message.text()


def test_cancelled_import_changes_nothing(qtbot, pair, tmp_path):
    laptop, office = pair
    path = exporter.export_bundle(laptop, tmp_path / f"field{SUFFIX}", [fingerprint(office)], scope="field").path
    page = make_page(qtbot, office)
    flow = page.import_file(path)
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=WAIT_MS)
    gate = threading.Event()
    tasks.run_in_background(None, lambda progress, cancel: gate.wait(WAIT_MS / 1000), lambda _: None)
    with qtbot.waitSignal(flow.cancelled, timeout=WAIT_MS):
        click(qtbot, flow.preview_dialog.import_button)  # queued behind the gate
        flow.task.cancel()                               # what the progress dialog's 取消 does
        gate.set()
    assert findings(office) == {}
    with office.session() as s:
        assert s.exec(select(SyncBundle)).all() == []
    assert not page.message.is_error


# ---- conflicts -------------------------------------------------------------------------------


def conflicting(laptop, office, tmp_path) -> tuple[str, Path]:
    """The office has the laptop's field work; then both change one finding's requirement; the laptop's
    next bundle (changes only) carries the conflict. Returns (finding id, bundle)."""
    first = exporter.export_bundle(laptop, tmp_path / f"first{SUFFIX}", [fingerprint(office)], scope="field")
    importer.import_bundle(office, first.path)
    with laptop.session() as s:
        # a finding nothing froze (the inspection in progress, no notice): sync keeps frozen ones frozen
        finding = s.exec(select(Finding).join(Inspection, Inspection.id == Finding.inspection_id)
                         .where(Inspection.status == "in_progress").order_by(Finding.created_at.desc())).first()
        finding.rectification_requirement = "立即收回运维公司的最高权限（现场商定）"
        fid = finding.id
    with office.session() as s:
        s.get(Finding, fid).rectification_requirement = "三个工作日内收回最高权限（办公室意见）"
    second = exporter.export_bundle(laptop, tmp_path / f"second{SUFFIX}", [fingerprint(office)], scope="field",
                                    since_last=True)
    return fid, second.path


def resolve_with(qtbot, page, button, keep: str) -> None:
    conflict_id = page.conflicts.selected_id()
    assert conflict_id is not None
    click(qtbot, button)
    box = page.conflicts.confirm_box
    assert box is not None, f"no confirmation; modal in the way: {QApplication.activeModalWidget()!r}"
    qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)
    yes = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    with qtbot.waitSignal(page.conflicts.resolved, timeout=WAIT_MS) as done:
        click(qtbot, yes)
    assert done.args[:2] == [conflict_id, keep]
    qtbot.waitUntil(lambda: page.conflicts.model.rowCount() == 0, timeout=WAIT_MS)


def test_a_conflict_is_listed_side_by_side_and_taking_incoming_changes_the_record(qtbot, pair, tmp_path):
    laptop, office = pair
    fid, path = conflicting(laptop, office, tmp_path)
    page = make_page(qtbot, office)
    _, result = import_with_dialog(qtbot, page, path)
    assert result.total("conflicts") == 1 and "有 1 项冲突待您处理" in page.message.text()
    qtbot.waitUntil(lambda: page.conflicts.model.rowCount() == 1, timeout=WAIT_MS)
    assert page.conflicts_box.isVisible() and page.conflicts_box.title() == "待处理冲突（1）"
    assert page.summary_label.text().startswith("待处理冲突 1 项")
    title = findings(office)[fid].title
    assert page.conflicts.model.index(0, C_TITLE).data() == title
    assert page.conflicts.title_label.text() == f"问题：{title}"
    fields = page.conflicts.fields_model
    assert fields.rowCount() > 5  # the whole record, for context
    assert [fields.index(0, c).data() for c in (F_NAME, F_LOCAL, F_INCOMING)] == [
        "整改要求", "三个工作日内收回最高权限（办公室意见）", "立即收回运维公司的最高权限（现场商定）"]
    assert fields.row(0).differs and not any(fields.row(r).differs for r in range(1, fields.rowCount()))
    assert fields.index(0, F_LOCAL).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert fields.index(1, F_LOCAL).data(Qt.ItemDataRole.BackgroundRole) is None
    page.conflicts.only_differences.setChecked(True)
    assert fields.rowCount() == 1
    # nothing was overwritten by the import
    assert findings(office)[fid].rectification_requirement == "三个工作日内收回最高权限（办公室意见）"
    areas: set[Area] = set()
    page.ctx.written.connect(lambda changes, initiator: areas.update(changes.areas))
    resolve_with(qtbot, page, page.conflicts.take_incoming_button, KEEP_INCOMING)
    assert findings(office)[fid].rectification_requirement == "立即收回运维公司的最高权限（现场商定）"
    assert Area.FINDINGS in areas
    assert page.message.text() == f"已采用收到的版本：{title}"
    qtbot.waitUntil(lambda: not page.conflicts_box.isVisible(), timeout=WAIT_MS)
    assert not page.conflicts.take_incoming_button.isEnabled()


def test_keeping_the_local_version(qtbot, pair, tmp_path):
    laptop, office = pair
    fid, path = conflicting(laptop, office, tmp_path)
    importer.import_bundle(office, path)  # from the command line, say: the page shows it when shown
    page = make_page(qtbot, office)
    assert page.conflicts.model.rowCount() == 1 and page.history_model.rowCount() == 2
    # 取消 in the confirmation changes nothing
    click(qtbot, page.conflicts.keep_local_button)
    box = page.conflicts.confirm_box
    qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)
    click(qtbot, next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole))
    tasks.wait_for_all(WAIT_MS)
    assert page.conflicts.model.rowCount() == 1
    resolve_with(qtbot, page, page.conflicts.keep_local_button, KEEP_LOCAL)
    assert findings(office)[fid].rectification_requirement == "三个工作日内收回最高权限（办公室意见）"
    assert page.message.text().startswith("已保留本机版本")


def test_a_change_that_voids_a_signature_here_is_explained_and_taken_only_when_confirmed(qtbot, pair, tmp_path):
    """The laptop's representative signed; the office edited a finding of that inspection. On the laptop the
    conflict says whose signature it would void; 采用收到的版本 asks once more, and only then voids it."""
    from inspector import lifecycle
    from tests.test_sync_frozen import LOG, TO_LAPTOP, TO_OFFICE, ids, send, sign_and_complete

    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    f = ids(laptop)
    sign_and_complete(laptop, f["running"], complete=False)
    with office.session() as s:
        s.get(Finding, f[LOG]).description = "办公室修改的描述"
    send(office, laptop, tmp_path / "b.inspbundle", TO_LAPTOP, since_last=True)
    page = make_page(qtbot, laptop)
    qtbot.waitUntil(lambda: page.conflicts.model.rowCount() == 1, timeout=WAIT_MS)
    item = page.conflicts.selected()
    assert item.kind == "signed" and item.note_zh in page.conflicts.meta_label.text()
    assert "陈静" in page.conflicts.model.index(0, C_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    click(qtbot, page.conflicts.take_incoming_button)
    box = page.conflicts.confirm_box
    qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)
    click(qtbot, next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole))
    # the core refused (the signature holds): the question names whose signature, and changes nothing yet
    qtbot.waitUntil(lambda: page.conflicts.confirm_box is not box and page.conflicts.confirm_box.isVisible(),
                    timeout=WAIT_MS)
    void_box = page.conflicts.confirm_box
    assert "陈静" in void_box.text() and "失效" in void_box.text()
    assert findings(laptop)[f[LOG]].description != "办公室修改的描述"
    with qtbot.waitSignal(page.conflicts.resolved, timeout=WAIT_MS):
        click(qtbot, next(b for b in void_box.buttons()
                          if void_box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole))
    assert findings(laptop)[f[LOG]].description == "办公室修改的描述"
    with laptop.session() as s:
        assert not lifecycle.signature_holds(s, s.get(Inspection, f["running"]))


# ---- the page itself -------------------------------------------------------------------------


def test_locking_empties_the_page(qtbot, pair, tmp_path):
    laptop, office = pair
    fid, path = conflicting(laptop, office, tmp_path)
    importer.import_bundle(office, path)
    page = make_page(qtbot, office)
    flow = page.import_file(path)
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=WAIT_MS)
    page.clear()
    assert not flow.preview_dialog.isVisible()
    assert page.conflicts.model.rowCount() == page.history_model.rowCount() == 0
    assert page.here_label.text() == "—" and not page.export_button.isEnabled()
    assert not page.import_button.isEnabled()


def test_an_older_overview_read_is_dropped_when_a_newer_one_was_asked(qtbot, demo_vault, monkeypatch):
    page = make_page(qtbot, demo_vault)
    gate, held = threading.Event(), threading.Event()
    real, calls = sync_overview.overview, []

    def first_held(s):
        calls.append(1)
        if len(calls) == 1:
            held.set()
            assert gate.wait(WAIT_MS / 1000)
            return Overview(history=[HistoryRow("stale", "out", ("旧",), "all", None, None, "stale.inspbundle")])
        return real(s)

    monkeypatch.setattr(sync_overview, "overview", first_held)
    loaded: list[int] = []
    page.loaded.connect(lambda: loaded.append(page.history_model.rowCount()))
    page.reload()
    qtbot.waitUntil(held.is_set, timeout=WAIT_MS)  # the first read is on the worker, held
    page.reload()
    qtbot.waitUntil(lambda: not page._reload_pending, timeout=WAIT_MS)  # the second is asked
    gate.set()
    assert tasks.wait_for_all(WAIT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=WAIT_MS)
    assert len(calls) == 2 and loaded == [0]  # only the newer answer was shown: no bundle exchanged yet
    assert page.history_model.rowCount() == 0 and page.history_empty.isVisible()


def test_constants_agree_with_the_core():
    assert SUFFIX == core_bundle.SUFFIX and (AES, SM4) == (crypto.AES_256_GCM, crypto.SM4_GCM)


def test_hex_digits_and_pretty_fingerprint():
    assert hex_digits(" ab:CD-12 34 ") == "abcd1234" and hex_digits("ab cd xyz") == ""
    fpr = "ab" * 32
    assert pretty(fpr).split("\n") == [" ".join(["ABAB"] * 8)] * 2  # the one format, in two lines of eight groups


def test_models_alone(qapp):
    counts = CountsModel()
    counts.set_counts({"finding": {"new": 2, "updated": 1, "conflicts": 1, "unchanged": 0},
                       "department": {"new": 0, "updated": 0, "conflicts": 0, "unchanged": 5}})
    assert counts_in(counts) == {"问题": ["2", "1", "1", "0"], "被检查单位": ["0", "0", "0", "5"],
                                 "合计": ["2", "1", "1", "5"]}
    assert counts.headerData(0, Qt.Orientation.Horizontal) == "数据"
    history = BundleHistoryModel()
    history.set_rows([HistoryRow("b1", "out", ("王芳", "赵六"), "plan", None, None, "x.inspbundle",
                                 {"plan": 1, "plan_target": 4, "blobs": 2}, []),
                      HistoryRow("b2", "in", ("李明",), "field", None, None, "y.inspbundle",
                                 {"new": 3, "updated": 0, "conflicts": 1, "unchanged": 7, "blobs": 0},
                                 ["The sender's audit chain is shorter than in an earlier bundle"])])
    assert history.index(0, H_PARTY).data() == "发给 王芳、赵六"
    assert history.content(history.row(0)) == "记录 5 条 · 证据文件 2 个"
    assert history.content(history.row(1)) == "新增 3 · 冲突 1 · 无变化 7"  # what happened, no zeros
    assert "shorter" in history.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
