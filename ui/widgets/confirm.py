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
from PySide6.QtWidgets import QMessageBox, QWidget


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
