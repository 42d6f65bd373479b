"""The team dialog never drops a typed member: Enter adds it, and 创建检查组 refuses while one is pending."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inspector.services import plans
from ui.context import AppContext
from ui.plans.team_dialog import TeamDialog
from tests.ui.conftest import delivered

TIMEOUT_MS = 10_000


@pytest.fixture
def dialog(qtbot, demo_vault):
    with demo_vault.session() as s:
        inspectors = plans.list_inspectors(s)
    d = TeamDialog(AppContext(demo_vault), inspectors)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.name_edit.insert("第二检查组")
    return d


def _teams(vault) -> dict[str, list[str]]:
    with vault.session() as s:
        return {t["name"]: sorted(m["name"] for m in t["members"]) for t in plans.list_teams(s)}


def test_enter_in_the_new_member_fields_adds_the_member_and_creates_nothing(qtbot, dialog, demo_vault):
    before = _teams(demo_vault)
    dialog.new_name_edit.setFocus()
    dialog.new_name_edit.insert("赵强")
    qtbot.keyClick(dialog.new_name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.model.rowCount() == 1
    assert dialog.model.specs()[0].name == "赵强" and dialog.new_name_edit.text() == ""
    dialog.new_name_edit.insert("钱明")
    qtbot.keyClicks(dialog.new_badge_edit, "JZ 14050010")
    dialog.new_badge_edit.setFocus()
    qtbot.keyClick(dialog.new_badge_edit, Qt.Key.Key_Enter)
    assert [m.name for m in dialog.model.specs()] == ["赵强", "钱明"]
    assert dialog.model.specs()[1].badge_no == "JZ 14050010"
    dialog.inspector_combo.setFocus()
    qtbot.keyClick(dialog.inspector_combo, Qt.Key.Key_Return)
    assert dialog.model.rowCount() == 3
    delivered(qtbot)
    assert _teams(demo_vault) == before  # Enter never created the team

    with qtbot.waitSignal(dialog.team_created, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(_teams(demo_vault)["第二检查组"]) == 3


def test_a_typed_member_not_yet_added_stops_the_creation_with_a_message(qtbot, dialog, demo_vault):
    before = _teams(demo_vault)
    dialog.new_name_edit.insert("孙丽")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    delivered(qtbot)
    assert dialog.isVisible() and _teams(demo_vault) == before
    assert "孙丽" in dialog.message.text() and "尚未添加" in dialog.message.text()
    assert dialog.new_name_edit.text() == "孙丽"  # kept, not dropped
    qtbot.keyClick(dialog.new_name_edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(dialog.team_created, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert _teams(demo_vault)["第二检查组"] == ["孙丽"]
