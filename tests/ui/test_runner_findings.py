"""On site, the inspector stays in the runner: 新建问题 (and a finding listed on the item) opens the finding editor
over it and closing it returns to the same item; Ctrl+V in the checklist pastes a screenshot as the item's
evidence, as the evidence area's hint says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from inspector.model import (
    Evidence,
    Finding,
    Inspection,
    InspectionResult,
    InspectionStatus,
)
from tests.conftest import PASSPHRASE
from tests.ui.conftest import delivered
from ui.context import AppContext
from ui.findings.editor import FindingEditor
from ui.inspections.finding_dialog import FindingDialog
from ui.inspections.runner import InspectionRunner
from ui.widgets.confirm import confirm_box

TIMEOUT = 10_000


@pytest.fixture
def ctx(demo_vault):
    return AppContext(demo_vault)


@pytest.fixture
def runner(qtbot, ctx, demo_vault):
    with demo_vault.session() as s:
        iid = s.exec(select(Inspection.id).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()
    r = InspectionRunner(ctx, iid)
    r.confirm_void = lambda err: pytest.fail(f"unexpected question: {err.zh}")
    qtbot.addWidget(r)
    r.resize(1200, 700)
    with qtbot.waitSignal(r.loaded, timeout=TIMEOUT):
        r.show()
    return r


def fresh_rows(path, model, **where):
    from inspector.vault import Vault

    vault = Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)
    try:
        with vault.session() as s:
            query = select(model)
            for name, value in where.items():
                query = query.where(getattr(model, name) == value)
            return s.exec(query).all()
    finally:
        vault.close()


def test_new_finding_opens_over_the_runner_and_returns_to_the_item(qtbot, runner, ctx, demo_vault):
    navigated = []
    ctx.navigate_requested.connect(lambda page, arg: navigated.append((page, arg)))
    item = next(i for i in runner.data.items if i.code == "3-13")
    runner.select_item(item.id)
    qtbot.mouseClick(runner.panel.finding_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.finding_dialog is not None and runner.finding_dialog.editor.detail is not None,
                    timeout=TIMEOUT)
    dialog = runner.finding_dialog
    assert isinstance(dialog, FindingDialog) and isinstance(dialog.editor, FindingEditor)  # the page's own editor
    assert dialog.isVisible() and dialog.isModal() and navigated == []  # no jump to the 问题 page
    editor = dialog.editor
    finding_id = editor.finding_id
    assert editor.back_button.text() == "← 返回检查项"
    assert editor.item_label.text().startswith("3-13") and "问题" in dialog.windowTitle()
    editor.title_edit.setText("备份介质未异地存放")  # saved as typed, like on the 问题 page
    editor.title_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: editor.save_label.text() == "已保存", timeout=TIMEOUT)

    runner.select_item(runner.model.neighbour(item.id, 1))  # behind the dialog nothing moves …
    runner.select_item(item.id)
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.finding_dialog is None, timeout=TIMEOUT)
    delivered(qtbot)
    assert navigated == [] and runner.current_item_id == item.id  # … and the same item is shown again
    assert runner.tree.hasFocus() or QGuiApplication.focusObject() is None  # offscreen may give focus to none
    qtbot.waitUntil(lambda: "备份介质未异地存放"[:14] in runner.panel.findings_label.text(), timeout=TIMEOUT)
    [stored] = fresh_rows(demo_vault.path, Finding, id=finding_id)
    assert stored.title == "备份介质未异地存放" and stored.item_id == item.id


def test_a_finding_listed_on_the_item_opens_there_too_and_esc_returns(qtbot, runner, ctx):
    navigated = []
    ctx.navigate_requested.connect(lambda page, arg: navigated.append((page, arg)))
    item_id, rows = next((k, v) for k, v in runner.findings.items() if v)
    runner.select_item(item_id)
    runner.panel.findings_label.linkActivated.emit(rows[0]["id"])
    qtbot.waitUntil(lambda: runner.finding_dialog is not None and runner.finding_dialog.editor.detail is not None,
                    timeout=TIMEOUT)
    assert runner.finding_dialog.editor.finding_id == rows[0]["id"] and navigated == []
    qtbot.keyClick(runner.finding_dialog.editor.title_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: runner.finding_dialog is None, timeout=TIMEOUT)
    delivered(qtbot)
    assert runner.current_item_id == item_id and navigated == []


def test_the_finding_dialog_closes_when_the_vault_locks(qtbot, runner):
    runner.open_finding(next(v for v in runner.findings.values() if v)[0]["id"])
    qtbot.waitUntil(lambda: runner.finding_dialog is not None and runner.finding_dialog.editor.detail is not None,
                    timeout=TIMEOUT)
    dialog = runner.finding_dialog
    runner.clear()
    assert runner.finding_dialog is None and not dialog.isVisible() and dialog.editor.finding_id is None


def test_ctrl_v_in_the_checklist_pastes_a_screenshot_as_evidence_of_the_item(qtbot, runner, demo_vault):
    item = next(i for i in runner.data.items if not runner.evidence.get(i.id))
    runner.select_item(item.id)
    runner.tree.setFocus()
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    QGuiApplication.clipboard().setImage(image)
    qtbot.keyClick(runner.tree, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: runner.panel.evidence.model.rowCount() == 1, timeout=TIMEOUT)
    delivered(qtbot)
    assert runner.current_item_id == item.id and runner.model.marks(item.id).evidence == 1
    [result] = fresh_rows(demo_vault.path, InspectionResult, inspection_id=runner.inspection_id, item_id=item.id)
    [stored] = fresh_rows(demo_vault.path, Evidence, owner_id=result.id)  # the item's result holds the screenshot
    assert stored.filename.startswith("截图-") and stored.filename.endswith(".png") and stored.mime == "image/png"

    QGuiApplication.clipboard().clear()  # nothing to paste: said beside the evidence, nothing stored
    qtbot.keyClick(runner.tree, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    delivered(qtbot)
    assert runner.panel.evidence.model.rowCount() == 1
    assert runner.panel.evidence.message_label.text() == "剪贴板中没有图片或文件。"


def test_confirm_names_the_action_and_cancel_is_the_default(qtbot):
    box, accept = confirm_box(None, "完成检查", "完成后检查记录不能再修改。", "完成检查")
    qtbot.addWidget(box)
    texts = sorted(b.text() for b in box.buttons())
    assert box.windowTitle() == "完成检查" and texts == sorted(["完成检查", "取消"])
    assert accept.text() == "完成检查" and box.defaultButton().text() == "取消"
    assert box.escapeButton() is box.defaultButton()
    assert not any(box.button(b) for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No))


def test_completing_asks_in_a_titled_dialog_whose_buttons_name_the_action(qtbot, runner):
    from PySide6.QtWidgets import QDialogButtonBox

    import ui.inspections.runner as runner_module

    assert not hasattr(runner_module, "ask_confirmation")  # the old "Inspector" 是/否 question is gone
    runner.complete()
    dialog = runner.completion_dialog
    assert dialog.windowTitle() == "完成检查"
    texts = sorted(b.text() for b in dialog.buttons.buttons())
    assert texts == sorted(["完成检查", "取消"])
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Yes) is None
    dialog.reject()
    delivered(qtbot)
