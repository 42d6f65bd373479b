"""One way to ask before an action: a titled question whose buttons name what they do.

    if confirm(self, self.tr("完成检查"), text, self.tr("完成检查")):
        ...

The accept button names the action (never 是/否 or Yes/No, never the
application's name as the title); the reject button says 取消 unless told
otherwise, and is the default, so Enter never does something by accident.
Tests replace the caller's use of it (keep it a module function).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget


def confirm_box(parent: QWidget | None, title: str, text: str, accept_label: str,
                reject_label: str | None = None) -> tuple[QMessageBox, object]:
    """The box :func:`confirm` shows, and its accept button (for screenshots and tests)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    accept = box.addButton(accept_label, QMessageBox.ButtonRole.AcceptRole)
    reject = box.addButton(reject_label or QCoreApplication.translate("Confirm", "取消"),
                           QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reject)
    box.setEscapeButton(reject)
    return box, accept


def confirm(parent: QWidget | None, title: str, text: str, accept_label: str, reject_label: str | None = None) -> bool:
    """Ask ``text`` under ``title``; True only when the user chose ``accept_label``."""
    box, accept = confirm_box(parent, title, text, accept_label, reject_label)
    box.exec()
    return box.clickedButton() is accept


class ReasonDialog(QDialog):
    """Ask for an action that needs a reason (a deletion, a destruction): the question, a reason field, and a
    button naming the action, enabled only once a reason is typed."""

    def __init__(self, parent: QWidget | None, title: str, text: str, accept_label: str, *,
                 placeholder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        question = QLabel(text)
        question.setWordWrap(True)
        layout.addWidget(question)
        layout.addWidget(QLabel(QCoreApplication.translate("Confirm", "原因（必填，记入审计记录，并随交换文件送达其他设备）：")))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(placeholder)
        self.reason.setMaxLength(500)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(accept_label, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QCoreApplication.translate("Confirm", "取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.accept_button.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.accept_button.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())


def ask_reason(parent: QWidget | None, title: str, text: str, accept_label: str, *, placeholder: str = ""
               ) -> str | None:
    """The reason typed for an action (None: cancelled). Tests replace the caller's use of it."""
    return reason_of(ReasonDialog(parent, title, text, accept_label, placeholder=placeholder))


def reason_of(dialog: ReasonDialog) -> str | None:
    """Show ``dialog``; the reason typed, or None when cancelled."""
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason.text().strip() or None
