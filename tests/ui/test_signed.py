"""The question before a change voids a signature: asked once for the writes queued before its answer."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtWidgets import QMessageBox

from inspector.lifecycle import SignatureWouldVoid
from ui.widgets.signed import Banner, VoidQuestion, void_question_box

ERR = SignatureWouldVoid("陈静", datetime(2026, 11, 20, 7, 19, tzinfo=timezone.utc))


def test_one_answer_for_every_write_queued_before_it():
    asked, outcome = [], []
    question = VoidQuestion(lambda err: asked.append(err) or False)
    first, second = question.ticket(), question.ticket()
    question.resolve(ERR, lambda: outcome.append("yes1"), lambda: outcome.append("no1"), first)
    question.resolve(ERR, lambda: outcome.append("yes2"), lambda: outcome.append("no2"), second)  # same edit
    assert len(asked) == 1 and outcome == ["no1", "no2"]
    later = question.ticket()  # queued after the answer: a new edit asks again
    question.ask = lambda err: asked.append(err) or True
    question.resolve(ERR, lambda: outcome.append("yes3"), lambda: outcome.append("no3"), later)
    assert len(asked) == 2 and outcome[-1] == "yes3"


def test_refusals_arriving_while_the_question_is_shown_wait_for_its_answer():
    outcome = []
    question = VoidQuestion(lambda err: None)

    def ask(err):  # a refusal arrives while the box is on screen (its nested event loop delivers it)
        assert question.asking
        question.resolve(err, lambda: outcome.append("inner yes"), lambda: outcome.append("inner no"),
                         question.ticket())
        assert outcome == []
        return True

    question.ask = ask
    question.resolve(ERR, lambda: outcome.append("yes"), lambda: outcome.append("no"), question.ticket())
    assert outcome == ["yes", "inner yes"] and not question.asking


def test_the_box_says_the_cores_sentence_and_cancel_is_the_default(qtbot):
    box = void_question_box(None, ERR)
    qtbot.addWidget(box)
    assert box.text().startswith("修改将使 陈静 于 ") and box.text().endswith("的签字失效，需要重新签字。")
    assert box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.RejectRole
    assert box.defaultButton().text() == "取消" and box.escapeButton() is box.defaultButton()
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_text("已签发")
    assert not banner.isHidden()
    banner.show_text("")
    assert banner.isHidden()
