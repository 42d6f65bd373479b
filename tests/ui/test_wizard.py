"""The first-run wizard end to end, and the passphrase strength estimate it shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from inspector.errors import AuthError
from inspector.services import settings
from inspector.vault import Vault, key_path_for
from tests.conftest import FAST_KDF, PASSPHRASE
from ui.vault.passphrase import PassphraseFields, passphrase_strength
from ui.vault.wizard import FirstRunWizard

TIMEOUT_MS = 10_000


# ---- the strength estimate ---------------------------------------------------------------------


def test_strength_levels():
    assert passphrase_strength("").level == 0
    assert passphrase_strength("short").level == 0
    assert passphrase_strength("        x").level == 0  # the core strips spaces before counting
    weak = passphrase_strength("password")
    assert (weak.level, weak.length, weak.classes) == (1, 8, ("lower",))
    assert passphrase_strength("12345678").bits < passphrase_strength("73916248").bits  # a straight run counts less
    assert passphrase_strength("aaaaaaaaaaaa").level == 1  # repetition counts half
    fair = passphrase_strength("Tr0ub4dor&3")
    assert set(fair.classes) == {"lower", "upper", "digit", "symbol"} and fair.level in (2, 3)
    strong = passphrase_strength(PASSPHRASE)
    assert "cjk" in strong.classes and "space" in strong.classes and strong.level == 4
    assert passphrase_strength("correct horse battery staple").level >= 3
    assert all(passphrase_strength(p).acceptable for p in ("password", PASSPHRASE))


def test_fields_show_the_cores_message_and_a_mismatch(qtbot):
    fields = PassphraseFields()
    qtbot.addWidget(fields)
    qtbot.keyClicks(fields.new_edit, "short")
    assert "8" in fields.hint_label.text() and fields.meter.value() == 0
    assert fields.problem() == "恢复口令至少需要 8 个字符。"
    qtbot.keyClicks(fields.new_edit, "er and longer")
    assert fields.problem() == "两次输入的恢复口令不一致。"
    assert "强度" in fields.hint_label.text() and fields.meter.value() >= 2
    qtbot.keyClicks(fields.repeat_edit, "shorter and longer")
    assert fields.problem() is None
    assert "无法找回" in fields.warning_label.text()


# ---- the wizard --------------------------------------------------------------------------------


def _next(qtbot, wizard: FirstRunWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _fill(qtbot, wizard: FirstRunWizard, *, pattern: str = "晋数安检〔{year}〕{serial}号") -> None:
    assert wizard.currentPage() is wizard.welcome_page
    assert str(wizard.path) in wizard.welcome_page.path_label.text()
    _next(qtbot, wizard)

    page = wizard.passphrase_page
    assert wizard.currentPage() is page
    qtbot.keyClicks(page.fields.new_edit, "short")
    _next(qtbot, wizard)
    assert wizard.currentPage() is page and page.message.text() == "恢复口令至少需要 8 个字符。"
    page.fields.new_edit.clear()
    page.fields.new_edit.insert(PASSPHRASE)  # Chinese: QTest types ASCII only
    page.fields.repeat_edit.insert(PASSPHRASE + "x")
    _next(qtbot, wizard)
    assert wizard.currentPage() is page and page.message.text() == "两次输入的恢复口令不一致。"
    qtbot.keyClick(page.fields.repeat_edit, Qt.Key.Key_Backspace)
    _next(qtbot, wizard)

    page = wizard.identity_page
    assert wizard.currentPage() is page
    _next(qtbot, wizard)
    assert wizard.currentPage() is page and page.message.text() == "请填写检查人员姓名。"
    page.name_edit.insert("李明")
    page.badge_edit.insert("晋执 14050001")
    _next(qtbot, wizard)

    page = wizard.organisation_page
    assert wizard.currentPage() is page
    assert page.org_edit.text() == settings.ORG_NAME.default
    assert page.example_label.text() == "晋数安检〔2026〕7号"
    page.org_edit.setText("晋城市政务服务中心")
    page.pattern_edit.setText(pattern)


def test_wizard_creates_a_vault_that_opens_with_the_passphrase(qtbot, tmp_path):
    path = tmp_path / "first" / "inspector.vault"
    wizard = FirstRunWizard(path, kdf=FAST_KDF, use_keyring=False)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(qtbot, wizard, pattern="晋数安检〔{year}〕号")
    page = wizard.organisation_page
    assert page.example_label.text() == "—" and "{serial}" in page.message.text()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.isVisible() and wizard.vault is None and not path.exists()  # nothing written before Finish

    page.pattern_edit.setText("晋数检〔{year}〕第{serial}号")
    assert page.example_label.text() == "晋数检〔2026〕第7号" and not page.message.isVisible()
    with qtbot.waitSignal(wizard.vault_created, timeout=TIMEOUT_MS) as created:
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    vault = created.args[0]
    assert vault is wizard.vault and not wizard.isVisible()
    assert wizard.result() == int(QWizard.DialogCode.Accepted)
    with vault.session() as s:
        assert settings.self_inspector(s).name == "李明"
    vault.close()
    assert path.is_file() and key_path_for(path).is_file()

    with pytest.raises(AuthError):
        Vault.open(path, passphrase=PASSPHRASE + "x", use_keyring=False)
    with Vault.open(path, passphrase=PASSPHRASE, use_keyring=False) as again, again.session() as s:
        me = settings.self_inspector(s)
        assert (me.name, me.badge_no, me.organisation) == ("李明", "晋执 14050001", settings.ORG_NAME.default)
        assert settings.get(s, settings.ORG_NAME) == "晋城市政务服务中心"
        assert settings.get(s, settings.DOC_NUMBER_PATTERN) == "晋数检〔{year}〕第{serial}号"
        assert again.audit_context.actor == f"inspector:{me.id}"


def test_failed_creation_keeps_the_wizard_open_and_leaves_nothing(qtbot, tmp_path):
    path = tmp_path / "taken.vault"
    key_path_for(path).write_bytes(b"someone else's key file")
    wizard = FirstRunWizard(path, kdf=FAST_KDF, use_keyring=False)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.error is not None, timeout=TIMEOUT_MS)
    assert wizard.isVisible() and wizard.vault is None
    assert wizard.status_label.text() == wizard.error.zh and "已有保险库" in wizard.error.zh
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not path.exists() and key_path_for(path).read_bytes() == b"someone else's key file"


def test_cancel_writes_nothing(qtbot, tmp_path):
    path = tmp_path / "never.vault"
    wizard = FirstRunWizard(path, kdf=FAST_KDF, use_keyring=False)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible() and wizard.vault is None
    assert list(tmp_path.iterdir()) == []


def test_the_strength_is_said_in_words_not_bits(qtbot):
    fields = PassphraseFields()
    qtbot.addWidget(fields)
    fields.new_edit.setText("春天的晋城 tea 2026")
    hint = fields.hint_label.text()
    assert hint.startswith("强度：") and "位" not in hint and "bits" not in hint
    assert "14 个字符，含小写字母、数字、空格、汉字" in hint
    fields.new_edit.setText("abcdefgh")
    assert "容易被猜中" in fields.hint_label.text()
