"""The desktop application on the office hub (issue 20): connect with a profile and the keyring's password,
every page as on a vault, the read-only leader, Ctrl+L asks for the password again."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from inspector.hub import connection, roles
from ui import tasks


def connected(qtbot, hub_shell, password: str = ""):
    hub_shell.start()
    qtbot.waitUntil(lambda: hub_shell.unlock_dialog is not None, timeout=10_000)
    dialog = hub_shell.unlock_dialog
    assert dialog.host_edit.text() == "127.0.0.1" and dialog.profile_edit.text() == "办公室"
    dialog.password_edit.setText(password)
    with qtbot.waitSignal(hub_shell.window_shown, timeout=20_000):
        dialog.try_connect()
    return hub_shell.window


def test_the_hub_opens_on_every_page(qtbot, hub_shell, hub_with_profile, monkeypatch):
    import ui.errors

    shown = []
    monkeypatch.setattr(ui.errors, "show_error", lambda parent, err: shown.append(err.en))
    window = connected(qtbot, hub_shell)
    assert "集中库" in window.vault_label.text() and "办公室管理员" in window.vault_label.text()
    for key in window.pages:
        window.navigate(key)
        assert window.current_page().key == key
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20_000)
    findings = window.pages["findings"]
    window.navigate("findings")
    qtbot.waitUntil(lambda: findings.model.rowCount() > 0, timeout=20_000)
    settings = window.pages["settings"]
    window.navigate("settings")
    assert not settings.backup_button.isVisible() and "集中库" in settings.vault_label.text()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20_000)
    assert shown == []  # no page failed to read on the hub


def test_a_wrong_password_is_said_in_the_dialog(qtbot, hub_shell, hub_with_profile):
    hub_shell.start()
    qtbot.waitUntil(lambda: hub_shell.unlock_dialog is not None, timeout=10_000)
    dialog = hub_shell.unlock_dialog
    dialog.password_edit.setText("not the password")
    dialog.try_connect()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20_000)
    assert "密码不正确" in dialog.error_label.text() and hub_shell.window.isVisible()


def test_ctrl_l_asks_for_the_password_again(qtbot, hub_shell, hub_with_profile, pg_cluster):
    window = connected(qtbot, hub_shell)
    with qtbot.waitSignal(hub_shell.locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = hub_shell.unlock_dialog
    assert dialog is not None and not dialog.use_keyring and not dialog.host_edit.isEnabled()
    assert not dialog.ok_button.isEnabled()  # the keyring does not unlock a locked application
    dialog.password_edit.setText(pg_cluster.password)
    with qtbot.waitSignal(hub_shell.window_shown, timeout=20_000):
        dialog.try_connect()


def test_the_read_only_leader_is_told_so(qtbot, hub_shell, hub_with_profile, monkeypatch):
    with hub_with_profile.engine.begin() as conn:
        roles.add_user(conn, "boss", "leader", "a long enough password 1")
    connection.save_profile("办公室", replace(hub_with_profile.address, user="boss"))
    window = connected(qtbot, hub_shell, "a long enough password 1")
    assert "只读领导" in window.vault_label.text() and window.keyring_label.text() == "只读"


def test_the_sync_page_ingests_on_the_hub_and_writes_the_acknowledgement(qtbot, hub_shell, hub_with_profile, demo_vault, tmp_path):
    from inspector import ops
    from inspector.services import plans
    from inspector.sync import exporter, importer
    from tests.sync_helpers import fingerprint
    from tests.ui.test_sync_page import import_with_dialog

    window = connected(qtbot, hub_shell)
    ops.write(demo_vault, lambda s: plans.create_department(s, name="市统计局"))
    later = tmp_path / "later.bundle"
    exporter.export_bundle(demo_vault, later, [fingerprint(hub_with_profile)], scope="field", since_last=True)
    window.navigate("sync")
    page = window.pages["sync"]
    flow, result = import_with_dialog(qtbot, page, later)
    assert result.applied and result.ack
    assert "收讫回执" in page.message.text()
    back = importer.import_bundle(demo_vault, result.ack)  # the laptop learns what the office holds
    assert back.acknowledged == 2
