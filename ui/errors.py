"""Showing an :class:`~inspector.errors.InspectorError` to the user: Chinese first, English below, no traceback."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from inspector.errors import InspectorError


def error_text(err: InspectorError) -> str:
    """The text a dialog shows for ``err``: ``zh`` then ``en`` on the next line."""
    return f"{err.zh}\n{err.en}"


def show_error(parent: QWidget | None, err: InspectorError) -> None:
    """A modal warning box with the bilingual message of ``err``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("errors", "Inspector — 出错"))
    box.setText(error_text(err))
    box.exec()


def show_internal_error(parent: QWidget | None) -> None:
    """A bug (an exception that is not an InspectorError): say so without a traceback; the log has the details."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("errors", "Inspector — 内部错误"))
    box.setText(QCoreApplication.translate(
        "errors", "发生了意外的内部错误，详细信息已写入日志。\nAn unexpected internal error occurred; details were logged."))
    box.exec()
