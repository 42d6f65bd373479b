"""The 检查情况通报 from the board (issue 17 §4): the board's button opens the Letters dialog for the plan itself,
which offers the report, drafts it with its generated text and shows it for editing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPlainTextEdit
from sqlmodel import select

from inspector.model import Letter, Plan
from tests.ui.conftest import delivered
from ui.campaign.board import BoardDialog
from ui.context import AppContext
from ui.letters.dialog import Scope

TIMEOUT = 30_000
SHOTS = Path("/tmp/shots")


def test_the_board_opens_the_plans_campaign_report(qtbot, demo_vault):
    with demo_vault.session(read_only=True) as s:
        plan = s.exec(select(Plan)).one()
        plan_id, title = plan.id, plan.title
    board = BoardDialog(AppContext(demo_vault), plan_id, title)
    qtbot.addWidget(board)
    board.show()
    with qtbot.waitSignal(board.loaded, timeout=TIMEOUT):
        board.reload()
    assert board.report_button.text() == "检查情况通报…"
    dialog = board.open_report()
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=TIMEOUT)
    assert dialog.scope == Scope(plan_id=plan_id)
    assert [a.text() for a in dialog.new_menu.actions()] == ["新建检查情况通报"]
    assert dialog.heading.text() == title and dialog.list_label.text() == "本计划的公文："
    with qtbot.waitSignal(dialog.letter_loaded, timeout=TIMEOUT):
        dialog.new_menu.actions()[0].trigger()
    editors = dialog.editors.widgets
    assert isinstance(editors["overview"], QPlainTextEdit) and "共发现问题" in editors["overview"].toPlainText()
    assert {"addressee", "problems", "named", "next_steps"} <= set(editors)
    with demo_vault.session(read_only=True) as s:
        letter = s.exec(select(Letter).where(Letter.kind == "campaign_report")).one()
        assert letter.plan_id == plan_id and letter.department_id is None
    delivered(qtbot)  # the write's reload of the list settles first
    qtbot.waitUntil(lambda: dialog.editors is not None and dialog.form.rowCount() == 5, timeout=TIMEOUT)
    dialog.resize(1280, 760)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "campaign_report_dialog_zh.png"))
    board.resize(1280, 760)
    board.grab().save(str(SHOTS / "campaign_board_report_button_zh.png"))
    dialog.close()
    delivered(qtbot)
