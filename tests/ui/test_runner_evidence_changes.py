"""A file removed or replaced in the runner stays removed (or replaced) when the inspector comes back to its item."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import delivered
from tests.ui.test_runner import TIMEOUT, ctx, item_by_code, png_file, runner, running_id  # noqa: F401


def _attach(qtbot, runner, tmp_path, name, colour):
    area = runner.panel.evidence
    photo = png_file(tmp_path / name, color=colour)
    area.choose_files = lambda parent: [str(photo)]
    before = area.model.rowCount()
    qtbot.mouseClick(area.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: area.model.rowCount() == before + 1, timeout=TIMEOUT)
    return area.model.rows()[-1]


def test_a_removed_file_does_not_come_back_when_returning_to_the_item(qtbot, runner, tmp_path):
    item, other = item_by_code(runner, "9-01"), item_by_code(runner, "9-02")
    runner.select_item(item.id)
    area = runner.panel.evidence
    first = _attach(qtbot, runner, tmp_path, "a.png", (200, 20, 20))
    second = _attach(qtbot, runner, tmp_path, "b.png", (20, 200, 20))
    area.ask_removal = lambda parent, info: "拍错了"
    with qtbot.waitSignal(runner.evidence_controller.evidence_changed, timeout=TIMEOUT):
        area.remove(first)
    delivered(qtbot)
    assert [e.id for e in area.model.rows()] == [second.id]

    runner.select_item(other.id)
    runner.select_item(item.id)
    assert [e.id for e in area.model.rows()] == [second.id]
    assert [e.id for e in runner.evidence[item.id]] == [second.id]
    assert runner.model.marks(item.id).evidence == 1  # the checklist mark counts what is left


def test_a_replaced_file_is_shown_as_replaced_when_returning_to_the_item(qtbot, runner, tmp_path):
    item, other = item_by_code(runner, "9-01"), item_by_code(runner, "9-02")
    runner.select_item(item.id)
    area = runner.panel.evidence
    first = _attach(qtbot, runner, tmp_path, "a.png", (200, 20, 20))
    new = png_file(tmp_path / "重拍.png", color=(0, 0, 200))
    area.ask_replacement = lambda parent, info: str(new)
    with qtbot.waitSignal(runner.evidence_controller.evidence_changed, timeout=TIMEOUT) as changed:
        area.replace_file(first)
    now = changed.args[2]
    delivered(qtbot)
    runner.select_item(other.id)
    runner.select_item(item.id)
    assert [(e.id, e.filename) for e in area.model.rows()] == [(now.id, "重拍.png")]
