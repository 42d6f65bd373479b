"""Helpers and fixtures shared by the UI tests (the vaults and hubs themselves are made in tests/conftest.py)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from inspector.services import queries
from inspector.vault import Vault


def expected_summary(vault: Vault) -> tuple[dict[str, int], list[dict]]:
    """The counts and findings the window must show, read straight from the core's queries."""
    with vault.session() as s:
        counts = dict(plans=len(queries.list_plans(s)), departments=len(queries.list_departments(s)),
                      inspections=len(queries.list_inspections(s)))
        findings = queries.list_findings(s)
    counts["findings"] = len(findings)
    return counts, findings


def delivered(qtbot, timeout_ms: int = 10_000) -> None:
    """Every background task done and its result delivered, and what that queued on the UI thread run."""
    from PySide6.QtCore import QCoreApplication

    from ui import tasks

    assert tasks.wait_for_all(timeout_ms)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=timeout_ms)
    QCoreApplication.processEvents()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder``, name → bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, qapp):
    """QSettings (preferences, geometry) go to a per-test folder, never to the user's; fields ignore
    the wheel unless focused, as in the application (ui.input_guard)."""
    from ui import input_guard, prefs

    input_guard.install(qapp)

    prefs.keep_in(tmp_path / "qsettings")
    qapp.setOrganizationName("InspectorTests")
    qapp.setApplicationName("InspectorTests")
    yield


@pytest.fixture(autouse=True)
def _quiet_worker():
    """Each UI test leaves the worker idle and its garbage collected (here, on the UI thread).

    What survives the collection is frozen (``gc.freeze()``): the next collection looks only
    at what the next test made, not at the whole heap again (a full collection after every
    test took about half of the suite's time).
    """
    yield
    from ui import tasks

    assert tasks.wait_for_all(10_000)
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="package", autouse=True)
def _automatic_gc_after_ui_tests():
    """ui.tasks moves the garbage collector onto the UI thread; give it back for the tests that follow."""
    yield
    from ui import garbage

    gc.unfreeze()
    garbage.uninstall()


@pytest.fixture
def hub_with_profile(hub, demo_vault, tmp_path, monkeypatch):
    """The office hub holding the laptop's field work, saved as the profile 办公室, its password in the keyring
    (the connection dialog's password may stay empty)."""
    from inspector.hub import connection
    from tests.sync_helpers import hub_with_laptop_data

    hub_with_laptop_data(demo_vault, hub, tmp_path)
    monkeypatch.setenv("INSPECTOR_HUB_PROFILES", str(tmp_path / "profiles.json"))
    connection.save_profile("办公室", hub.address)
    connection.remember_password(hub.address)
    return hub


@pytest.fixture
def hub_shell(qapp, tmp_path):
    """The application started with ``--hub 办公室`` (not yet started: a test calls ``start``)."""
    from ui.shell import Shell

    s = Shell(qapp, tmp_path / "unused.vault", hub="办公室")
    yield s
    s.shutdown()


@pytest.fixture
def versions_errors(monkeypatch):
    """What the versions dialog and its editors would have shown as errors (collected); their confirmations: yes."""
    from ui.versions import dialog as dialog_module
    from ui.versions import editor as editor_module

    errors = []
    monkeypatch.setattr(dialog_module, "show_error", lambda parent, err: errors.append(err))
    monkeypatch.setattr(editor_module, "show_error", lambda parent, err: errors.append(err))
    monkeypatch.setattr(dialog_module, "confirm", lambda parent, title, text: True)
    return errors


@pytest.fixture
def versions_dialog(qtbot, demo_vault, versions_errors):
    """检查表版本 on the demo vault, shown and loaded."""
    from ui.context import AppContext
    from ui.versions.dialog import VersionsDialog

    d = VersionsDialog(AppContext(demo_vault))
    qtbot.addWidget(d)
    d.show()
    d.reload()
    delivered(qtbot)
    return d
