"""Screenshots of the application on the office hub (issue 20), in Chinese and English, at 1280×760.

Run::

    python build/hub_screenshots.py OUTDIR

A throw-away PostgreSQL cluster (tests/pgcluster.py: Debian's ``postgresql`` package) gets a hub holding the demo
laptop's field work (its bundle ingested); the application connects as the shell does (``--hub``), and each screen
is saved as ``OUTDIR/<lang>/<nn>-<screen>.png``: the connection dialog; the evidence passphrase asked for (this
machine's keyring does not hold the hub's evidence key yet); the overview, the findings list, the campaign board,
the plan editor refusing a save someone else's save overtook, the sync page and the settings page on the hub; and
the connection dialog after Ctrl+L.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "build")]

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from screenshots import SIZE, grab, settle  # noqa: E402
from ui import garbage, i18n, prefs, tasks  # noqa: E402
from ui.fonts import load_fonts  # noqa: E402

SCREENS = ("hub-connect", "hub-evidence-unlock", "hub-dashboard", "hub-findings", "hub-board", "hub-plan-stale",
           "hub-sync", "hub-settings", "hub-locked")
EVIDENCE_PASSPHRASE = "office evidence 证据 passphrase"


def _wait_for(condition, timeout_ms: int = 30_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: condition() and loop.quit())
    timer.start(20)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()
    if not condition():
        raise RuntimeError("the screen did not get ready in time")


def shoot(app: QApplication, hub_address, hub_id: str, out: Path, lang: str) -> list[Path]:
    import keyring

    from inspector.hub import connection
    from inspector.hub.store import EVIDENCE_KEYRING_SERVICE
    from inspector.model import Plan
    from inspector.services import plans
    from ui.shell import Shell

    i18n.install(app, lang)
    prefs.LANGUAGE.set(lang)
    folder = out / lang
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def snap(widget, name: str) -> None:
        saved.append(grab(widget, app, folder / f"{SCREENS.index(name) + 1:02d}-{name}.png"))

    shell = Shell(app, Path(tempfile.gettempdir()) / "unused.vault", hub="办公室")
    try:
        shell.start()
        _wait_for(lambda: shell.unlock_dialog is not None)
        dialog = shell.unlock_dialog
        snap(dialog, "hub-connect")
        connection.remember_password(hub_address)
        keyring.delete_password(EVIDENCE_KEYRING_SERVICE, hub_id)  # this machine never unlocked the evidence
        dialog.try_connect()
        _wait_for(lambda: shell.window is not None and shell.ctx.vault is not None and shell.unlock_dialog is None)
        _wait_for(lambda: shell.evidence_notice is not None and shell.evidence_notice.dialog is not None)
        evidence = shell.evidence_notice.dialog
        evidence.passphrase_edit.setText(EVIDENCE_PASSPHRASE)
        snap(evidence, "hub-evidence-unlock")
        evidence.try_unlock()
        _wait_for(lambda: shell.evidence_notice is None)  # unlocked: the dialog accepted (and deleted)
        window = shell.window
        window.resize(*SIZE)
        settle(app)
        snap(window, "hub-dashboard")
        window.navigate("findings")
        _wait_for(lambda: window.pages["findings"].model.rowCount() > 0)
        snap(window, "hub-findings")
        window.navigate("plans")
        page = window.pages["plans"]
        _wait_for(lambda: page.model.rowCount() > 0)
        page.view.selectRow(0)
        board = page.open_board()
        board.resize(*SIZE)
        _wait_for(lambda: board.proxy.rowCount() > 0)
        snap(board, "hub-board")
        board.close()
        editor = page.open_editor(page.selected_id())
        editor.resize(*SIZE)
        _wait_for(lambda: editor.data is not None and editor.isEnabled())
        plan_id = editor.plan_id
        with shell.ctx.vault.session() as s:  # another member of the office saves the plan meanwhile
            plans.update_plan(s, plan_id, title=s.get(Plan, plan_id).title + "（修订）")
        failed: list[object] = []
        editor.save_failed.connect(failed.append)
        editor.form.title_edit.setText(editor.form.title_edit.text() + "（我的修改）")
        editor.form.title_edit.editingFinished.emit()
        _wait_for(lambda: bool(failed) and "（修订）" in editor.form.title_edit.text())
        settle(app)
        snap(editor, "hub-plan-stale")
        editor.discard_and_close()
        window.navigate("sync")
        settle(app)
        snap(window, "hub-sync")
        window.navigate("settings")
        settle(app)
        snap(window, "hub-settings")
        shell.lock()
        _wait_for(lambda: shell.unlock_dialog is not None)
        snap(shell.unlock_dialog, "hub-locked")
    finally:
        tasks.wait_for_all()
        shell.shutdown()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python build/hub_screenshots.py", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)

    import os

    import keyring

    from inspector.crypto.keyfile import THROWAWAY_KDF
    from inspector.hub import connection
    from inspector.hub.store import Hub
    from inspector.services.demo import build_demo
    from tests import pgcluster
    from tests.memory_keyring import MemoryKeyring
    from tests.sync_helpers import hub_with_laptop_data

    app = QApplication.instance() or QApplication([sys.argv[0]])
    QCoreApplication.setOrganizationName("InspectorScreenshots")
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())  # the hub's password and evidence key for this run only
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp, pgcluster.running() as cluster:
        prefs.keep_in(tmp)
        garbage.install()
        load_fonts(app)
        os.environ["INSPECTOR_HUB_PROFILES"] = str(Path(tmp) / "profiles.json")
        cluster.create_database("inspector")
        address = connection.parse(cluster.url("inspector") + f"?sslrootcert={cluster.ca_file}")
        laptop = build_demo(Path(tmp) / "demo.vault", use_keyring=False)
        hub = Hub.init(address, evidence_passphrase=EVIDENCE_PASSPHRASE, kdf=THROWAWAY_KDF)
        hub_id = hub.vault_id
        try:
            hub_with_laptop_data(laptop, hub, Path(tmp))
        finally:
            hub.close()
            laptop.close()
        connection.save_profile("办公室", address)
        try:
            for lang in ("zh_CN", "en"):
                saved += shoot(app, address, hub_id, args.out, lang)
        finally:
            i18n.install(app, "zh_CN")
            prefs.LANGUAGE.set("zh_CN")
            keyring.set_keyring(previous)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
