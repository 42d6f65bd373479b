"""Official records in the UI: the question before a change voids a signature, and the banner of a frozen record.

The core decides (:mod:`inspector.lifecycle`); the UI only asks. A write that would
change what the department's representative signed fails with
:class:`~inspector.lifecycle.SignatureWouldVoid`; the widget that asked then puts
the core's own sentence to the user ("修改将使 陈静 于 15:19 的签字失效，需要重新签字。")
with 确定 / 取消, and either writes again with ``void_signature=True`` or puts its
widget back to the stored value. Nothing is lost silently, nothing changes silently.

:class:`VoidQuestion` asks one question at a time: writes queued before the first
answer arrived fail the same way, and their failures wait for that one answer
instead of asking again (save-as-you-type queues a write per pause in typing).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from inspector.lifecycle import SignatureWouldVoid
from ui import i18n
from ui.widgets import palette

BANNER_STYLE = (f"background: {palette.AMBER_BACKGROUND}; color: {palette.AMBER_DARK}; "
                f"border: 1px solid {palette.AMBER_BORDER}; border-radius: 4px; padding: 8px;")


def void_question_box(parent: QWidget | None, err: SignatureWouldVoid) -> QMessageBox:
    """The question, not yet shown: the core's sentence, 确定 (change and void) or 取消 (keep as signed)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("SignedRecord", "签字将失效"))
    box.setText(i18n.pick(err.zh, err.en))
    box.setInformativeText(QCoreApplication.translate(
        "SignedRecord", "确定：保存修改，原签字作废（记入审计日志），请单位代表重新签字。\n取消：不作修改，保留原签字。"))
    box.addButton(QCoreApplication.translate("SignedRecord", "确定"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QCoreApplication.translate("SignedRecord", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)  # Enter keeps the signature: voiding it is the deliberate choice
    box.setEscapeButton(cancel)
    return box


def ask_void(parent: QWidget | None, err: SignatureWouldVoid) -> bool:
    """Ask (modally) whether to make the change and void the signature; True for 确定."""
    box = void_question_box(parent, err)
    box.exec()
    return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole


class VoidQuestion:
    """One question at a time for one signed record; refusals of writes queued before an answer share it.

    ``ask(err)`` puts the question (replaceable in tests). A write takes a :meth:`ticket` when it is queued;
    when it is refused, :meth:`resolve` calls ``on_yes`` or ``on_no`` — with the answer given since the
    ticket was taken if there is one (typing queues a save per pause: one question for the whole edit), else
    after asking. Refusals that arrive while the question is on screen wait for its answer."""

    def __init__(self, ask: Callable[[SignatureWouldVoid], bool]) -> None:
        self.ask = ask
        self._waiting: list[tuple[Callable[[], None], Callable[[], None]]] | None = None
        self._round = 0          # answers given so far
        self._answer = False     # the last one

    @property
    def asking(self) -> bool:
        return self._waiting is not None

    def ticket(self) -> int:
        """Taken when a write is queued: which answers came after it."""
        return self._round

    def resolve(self, err: SignatureWouldVoid, on_yes: Callable[[], None], on_no: Callable[[], None],
                ticket: int | None = None) -> None:
        if self._waiting is not None:  # the question is on screen: this refusal waits for its answer
            self._waiting.append((on_yes, on_no))
            return
        if ticket is not None and ticket < self._round:  # queued before the last answer: that answer stands
            (on_yes if self._answer else on_no)()
            return
        self._waiting = [(on_yes, on_no)]
        answer = False
        try:
            answer = bool(self.ask(err))
        finally:
            waiting, self._waiting = self._waiting, None
            self._round += 1
            self._answer = answer
        for yes, no in waiting:
            (yes if answer else no)()


class Banner(QLabel):
    """An amber box above a form that says why part of it cannot change, and what to do instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(BANNER_STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
