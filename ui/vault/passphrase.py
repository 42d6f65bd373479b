"""The recovery passphrase: a strength hint, the two-field entry, and the change-passphrase dialog.

:func:`passphrase_strength` is a plain function (no Qt), a deliberately simple
estimate: the size of the character pool the passphrase draws from, times an
effective length in which repeated characters and straight runs (``1234``,
``abcd``) count half. The minimum length itself is the core's rule
(:func:`inspector.crypto.keyfile.check_new_passphrase`), shown with its own message.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from inspector.crypto.keyfile import check_new_passphrase
from inspector.errors import AuthError, BadInputError, InspectorError
from ui.context import AppContext
from ui.widgets import palette
from ui.widgets.fields import MessageLabel, inline_text

POOLS = {"lower": 26, "upper": 26, "digit": 10, "symbol": 33, "space": 1, "cjk": 1000, "other": 100}
"""Characters each class offers; Chinese counts the ~1000 characters of everyday words, not all of Unicode."""
LEVEL_BITS = (45, 65, 90)  # below: weak, fair, good; from the last on: strong


@dataclass(frozen=True)
class Strength:
    length: int
    classes: tuple[str, ...]
    bits: int
    level: int  # 0 too short (refused), 1 weak, 2 fair, 3 good, 4 strong

    @property
    def acceptable(self) -> bool:
        return self.level > 0


def char_class(ch: str) -> str:
    if ch.isascii():
        if ch.islower():
            return "lower"
        if ch.isupper():
            return "upper"
        if ch.isdigit():
            return "digit"
        return "space" if ch.isspace() else "symbol"
    if unicodedata.category(ch) == "Lo" and "CJK" in unicodedata.name(ch, ""):
        return "cjk"
    return "space" if ch.isspace() else "other"


def passphrase_strength(passphrase: str) -> Strength:
    """A simple strength estimate of ``passphrase`` (see the module doc)."""
    text = unicodedata.normalize("NFC", passphrase)
    classes = tuple(c for c in POOLS if any(char_class(ch) == c for ch in text))
    pool = sum(POOLS[c] for c in classes)
    seen: set[str] = set()
    effective = 0.0
    previous = None
    for ch in text:
        straight = previous is not None and abs(ord(ch) - ord(previous)) == 1
        effective += 0.5 if ch in seen or straight else 1.0
        seen.add(ch)
        previous = ch
    bits = int(effective * math.log2(pool)) if pool > 1 else 0
    try:
        check_new_passphrase(text)
    except BadInputError:
        level = 0
    else:
        level = 1 + sum(bits >= b for b in LEVEL_BITS)
    return Strength(len(text), classes, bits, level)


class PassphraseFields(QWidget):
    """A new passphrase, typed twice, with its strength hint and the warning that it cannot be recovered."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, new_label: str | None = None) -> None:
        super().__init__(parent)
        self.new_edit = QLineEdit()
        self.repeat_edit = QLineEdit()
        for edit in (self.new_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._update)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.warning_label = QLabel(self.tr(
            "请务必牢记并妥善保管恢复口令：它无法找回，也无法重置。更换电脑或系统密钥环丢失时，"
            "没有它就再也打不开保险库。"))
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(palette.text_style(palette.AMBER_TEXT))

        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(new_label or self.tr("恢复口令："), self.new_edit)
        form.addRow(self.tr("再次输入："), self.repeat_edit)
        form.addRow("", self.meter)
        form.addRow("", self.hint_label)
        form.addRow("", self.warning_label)
        self._update()

    def passphrase(self) -> str:
        return self.new_edit.text()

    def hint(self, strength: Strength) -> str:
        if not self.new_edit.text():
            return self.tr("至少 8 个字符。几个词组成的一句话，比短而复杂的密码更好记也更安全。")
        if strength.level == 0:
            try:
                check_new_passphrase(self.new_edit.text())
            except BadInputError as err:
                return inline_text(err)
        # in words, not bits: how hard it is to guess, and what it is made of
        verdicts = {1: self.tr("弱，容易被猜中：请再加几个词"), 2: self.tr("一般，再长一些会更安全"),
                    3: self.tr("较强，不易被猜中"), 4: self.tr("强，极难被猜中")}
        kinds = {"lower": self.tr("小写字母"), "upper": self.tr("大写字母"), "digit": self.tr("数字"),
                 "symbol": self.tr("符号"), "space": self.tr("空格"), "cjk": self.tr("汉字"), "other": self.tr("其他字符")}
        return self.tr("强度：{verdict}（{n} 个字符，含{kinds}）").format(
            verdict=verdicts[strength.level], n=strength.length,
            kinds=self.tr("、").join(kinds[c] for c in strength.classes))

    def problem(self) -> str | None:
        """Why the passphrase cannot be used yet (too short, the two differ), or None."""
        try:
            check_new_passphrase(self.new_edit.text())
        except BadInputError as err:
            return inline_text(err)
        if self.new_edit.text() != self.repeat_edit.text():
            return self.tr("两次输入的恢复口令不一致。")
        return None

    def clear(self) -> None:
        self.new_edit.clear()
        self.repeat_edit.clear()

    def _update(self) -> None:
        strength = passphrase_strength(self.new_edit.text())
        self.meter.setValue(strength.level)
        colour = palette.STRENGTH[strength.level]
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        self.hint_label.setText(self.hint(strength))
        self.changed.emit()


class ChangePassphraseDialog(QDialog):
    """Current passphrase, the new one twice; re-wraps the key in the background (``vault.change_passphrase``).

    A write on the open vault (``ctx.write``): it changes no table row, but records an audit event.
    """

    passphrase_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = False
        self.setWindowTitle(self.tr("更改恢复口令"))
        self.current_edit = QLineEdit()
        self.current_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = PassphraseFields(new_label=self.tr("新恢复口令："))
        self.message = MessageLabel()
        note = QLabel(self.tr("更改后，旧的备份仍需用旧口令恢复。"))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("更改口令"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

        self.fields.form.insertRow(0, self.tr("当前恢复口令："), self.current_edit)  # one column of labels
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        if self._busy or self.ctx.vault is None:
            return
        old, new = self.current_edit.text(), self.fields.passphrase()
        if not old:
            self.message.show_error(self.tr("请输入当前恢复口令。"))
            return
        problem = self.fields.problem()
        if problem:
            self.message.show_error(problem)
            return
        if self.ctx.write(self, lambda s: s.vault.change_passphrase(old, new), self._done,
                          on_failure=self._failed) is not None:
            self._set_busy(True)
            self.message.show_note(self.tr("正在更改恢复口令…"))

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.fields, self.ok_button):
            w.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _done(self, _result) -> None:
        self._set_busy(False)
        self.passphrase_changed.emit()
        self.accept()

    def _failed(self, err: InspectorError) -> None:
        self._set_busy(False)
        self.message.show_error(err)
        if isinstance(err, AuthError):
            self.current_edit.clear()
            self.current_edit.setFocus()
