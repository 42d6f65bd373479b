"""The settings page: preferences, vault settings, identity, passphrase change, backup and restore."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inspector.errors import AuthError
from inspector.services import settings
from inspector.vault import Vault, key_path_for
from tests.conftest import PASSPHRASE
from tests.ui.conftest import snapshot
from ui import prefs
from ui.context import AppContext
from ui.settings import page as settings_page
from ui.settings.page import SettingsPage

TIMEOUT_MS = 20_000
LEFT = Qt.MouseButton.LeftButton
NEW_PASSPHRASE = "a new 口令 for the vault"


@pytest.fixture
def page(qtbot, vault):
    p = SettingsPage(AppContext(vault))
    qtbot.addWidget(p)
    p.show()
    p.activate()
    qtbot.waitUntil(lambda: p.org_edit.text() != "", timeout=TIMEOUT_MS)
    return p


def test_preferences_are_saved_and_language_change_is_announced(qtbot, page):
    assert page.auto_lock_spin.value() == prefs.AUTO_LOCK_MINUTES.default == 10
    assert (page.auto_lock_spin.minimum(), page.auto_lock_spin.maximum()) == (1, 120)
    with qtbot.waitSignal(page.auto_lock_changed) as changed:
        page.auto_lock_spin.setValue(25)
    assert changed.args == [25] and prefs.AUTO_LOCK_MINUTES.get() == 25
    assert page.language_combo.currentData() == "zh_CN" and page.language_combo.currentText() == "中文"
    with qtbot.waitSignal(page.ctx.language_changed) as switched:
        page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    assert switched.args == ["en"] and prefs.LANGUAGE.get() == "en"


def test_vault_settings_and_identity_save_as_edited(qtbot, page, vault):
    assert page.org_edit.text() == settings.ORG_NAME.default
    assert page.example_label.text() == "晋数安检〔2026〕7号"
    page.pattern_edit.setText("晋数安检〔{year}〕号")
    assert page.example_label.text() == "—" and "{serial}" in page.org_message.text()
    page.pattern_edit.editingFinished.emit()  # refused on screen, not written
    page.pattern_edit.setText("晋数检〔{year}〕{serial}号")
    page.org_edit.setText("晋城市政务服务中心")
    page.org_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: page.org_message.text() == "已保存。", timeout=TIMEOUT_MS)
    with vault.session() as s:
        assert settings.get(s, settings.ORG_NAME) == "晋城市政务服务中心"
        assert settings.get(s, settings.DOC_NUMBER_PATTERN) == "晋数检〔{year}〕{serial}号"

    page.identity_edits["name"].insert("王芳")
    qtbot.keyClicks(page.identity_edits["badge_no"], "JZ 14050002")
    page.identity_edits["badge_no"].editingFinished.emit()
    qtbot.waitUntil(lambda: page.identity_message.text() == "已保存。", timeout=TIMEOUT_MS)
    page.identity_edits["name"].setText("")
    page.identity_edits["name"].editingFinished.emit()
    qtbot.waitUntil(lambda: page.identity_message.text() == "请填写检查人员姓名。", timeout=TIMEOUT_MS)
    with vault.session() as s:
        me = settings.self_inspector(s)
        assert (me.name, me.badge_no) == ("王芳", "JZ 14050002")


def _type_passphrases(dialog, current: str, new: str, repeat: str) -> None:
    dialog.current_edit.setText(current)
    dialog.fields.new_edit.setText(new)
    dialog.fields.repeat_edit.setText(repeat)


def test_passphrase_change(qtbot, page, vault):
    qtbot.mouseClick(page.change_passphrase_button, LEFT)
    dialog = page.passphrase_dialog
    assert dialog.isVisible()
    before = key_path_for(vault.path).read_bytes()

    _type_passphrases(dialog, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE + "!")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.message.text() == "两次输入的恢复口令不一致。"
    _type_passphrases(dialog, PASSPHRASE, "short", "short")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.message.text() == "恢复口令至少需要 8 个字符。"

    _type_passphrases(dialog, "not the passphrase", NEW_PASSPHRASE, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: dialog.message.is_error and dialog.current_edit.isEnabled(), timeout=TIMEOUT_MS)
    assert dialog.message.text() == "恢复口令不正确，保险库未作任何更改。"
    assert dialog.isVisible() and dialog.current_edit.text() == ""
    assert key_path_for(vault.path).read_bytes() == before

    dialog.current_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.passphrase_changed, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible() and "已更改" in page.security_message.text()
    vault.close()
    with pytest.raises(AuthError):
        Vault.open(vault.path, passphrase=PASSPHRASE, use_keyring=False)
    Vault.open(vault.path, passphrase=NEW_PASSPHRASE, use_keyring=False).close()


def test_backup_then_restore_into_a_new_vault(qtbot, page, vault, tmp_path, monkeypatch):
    with vault.session() as s:
        settings.put(s, settings.ORG_NAME, "备份前的单位名称")
    target = tmp_path / "backups" / "today.inspector-backup"
    target.parent.mkdir()
    monkeypatch.setattr(settings_page, "choose_backup_target", lambda parent, suggested: target)
    with qtbot.waitSignal(page.backup_done, timeout=TIMEOUT_MS) as done:
        qtbot.mouseClick(page.backup_button, LEFT)
        assert page.progress_label.text().startswith("正在备份") and not page.backup_button.isEnabled()
    assert done.args == [target] and target.is_file() and str(target) in page.security_message.text()
    assert page.backup_button.isEnabled() and page.progress_label.text() == ""

    with vault.session() as s:  # changed after the backup: the restored copy must not have it
        settings.put(s, settings.ORG_NAME, "备份后的单位名称")
    restored = tmp_path / "restored" / "copy.vault"
    monkeypatch.setattr(settings_page, "choose_backup_file", lambda parent: target)
    monkeypatch.setattr(settings_page, "choose_restore_location", lambda parent, suggested: restored)

    # a wrong passphrase: refused on the page, nothing created
    monkeypatch.setattr(settings_page, "ask_backup_passphrase", lambda parent: "not the passphrase")
    qtbot.mouseClick(page.restore_button, LEFT)
    qtbot.waitUntil(lambda: page.security_message.is_error, timeout=TIMEOUT_MS)
    assert page.security_message.text() == "恢复口令不正确，保险库未作任何更改。"
    assert not restored.parent.exists() or not any(restored.parent.iterdir())

    monkeypatch.setattr(settings_page, "ask_backup_passphrase", lambda parent: PASSPHRASE)
    with qtbot.waitSignal(page.restore_done, timeout=TIMEOUT_MS) as done:
        qtbot.mouseClick(page.restore_button, LEFT)
    assert done.args == [restored] and str(restored) in page.security_message.text()
    assert not page.security_message.is_error
    with Vault.open(restored, passphrase=PASSPHRASE, use_keyring=False) as copy, copy.session() as s:
        assert settings.get(s, settings.ORG_NAME) == "备份前的单位名称"
        assert copy.vault_id == vault.vault_id and copy.device_id != vault.device_id
    with vault.session() as s:  # the open vault is untouched
        assert settings.get(s, settings.ORG_NAME) == "备份后的单位名称"

    # never overwrite: restoring onto an existing vault is refused and changes nothing
    before = snapshot(restored.parent)
    qtbot.mouseClick(page.restore_button, LEFT)
    qtbot.waitUntil(lambda: page.security_message.is_error, timeout=TIMEOUT_MS)
    assert "不会覆盖" in page.security_message.text()
    assert snapshot(restored.parent) == before


def test_cancelled_file_dialogs_do_nothing(qtbot, page, monkeypatch, vault):
    before = snapshot(vault.path.parent)
    monkeypatch.setattr(settings_page, "choose_backup_target", lambda parent, suggested: None)
    monkeypatch.setattr(settings_page, "choose_backup_file", lambda parent: None)
    qtbot.mouseClick(page.backup_button, LEFT)
    qtbot.mouseClick(page.restore_button, LEFT)
    assert page.backup_button.isEnabled() and not page.security_message.isVisible()
    assert snapshot(vault.path.parent).keys() == before.keys()


def test_clear_forgets_the_vault_values(page):
    page.identity_edits["name"].setText("李明")
    page.clear()
    assert page.org_edit.text() == "" and page.identity_edits["name"].text() == "" and page.stale


def _settled(qtbot) -> None:
    from ui import tasks

    assert tasks.wait_for_all(TIMEOUT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=TIMEOUT_MS)


def test_a_certificate_trusted_elsewhere_reloads_the_trust_list_only(qtbot, page, vault):
    """As after 信任并继续 on the sync page: the trust list catches up; what is being typed stays."""
    from cryptography.hazmat.primitives import serialization

    from inspector.signing import trust
    from tests.ui.test_signing_settings import certificate

    _settled(qtbot)
    page.org_edit.setText("正在输入的单位名称")  # typed, not finished: nothing saved yet
    _, cert = certificate("王芳")
    der = cert.public_bytes(serialization.Encoding.DER)
    before = page.signing.trusted.rowCount()
    with qtbot.waitSignal(page.signing.loaded, timeout=TIMEOUT_MS):
        page.ctx.write(None, lambda s: trust.add_trusted(s, der, "办公室").id)
    _settled(qtbot)
    assert page.signing.trusted.rowCount() == before + 1
    assert page.org_edit.text() == "正在输入的单位名称"
    with vault.session() as s:
        assert settings.get(s, settings.ORG_NAME) == settings.ORG_NAME.default


def test_saving_a_setting_does_not_reload_the_form(qtbot, page, vault):
    _settled(qtbot)
    page.org_edit.setText("晋城市政务服务中心")
    page.org_edit.editingFinished.emit()
    page.identity_edits["name"].setText("王")  # typing goes on while the first edit is saved
    qtbot.waitUntil(lambda: page.org_message.text() == "已保存。", timeout=TIMEOUT_MS)
    _settled(qtbot)
    assert page.identity_edits["name"].text() == "王" and page.org_edit.text() == "晋城市政务服务中心"


def test_the_signing_box_reloads_once_after_its_own_write(qtbot, page, vault, monkeypatch):
    with vault.session() as s:  # an identity is made for the vault's inspector
        settings.set_identity(s, "李明", "晋执 14050001", "晋城市大数据应用局")
    from ui.settings import signing as signing_module

    _settled(qtbot)
    reads: list[int] = []
    real = signing_module.load_state
    monkeypatch.setattr(signing_module, "load_state", lambda s: (reads.append(1), real(s))[1])
    loads: list[int] = []
    page.signing.loaded.connect(lambda: loads.append(page.signing.identities.rowCount()))
    with qtbot.waitSignal(page.signing.done, timeout=TIMEOUT_MS):
        page.signing.create_button.click()
    _settled(qtbot)
    assert loads == [1] and reads == [1]  # its own reload; the page does not ask for a second one
