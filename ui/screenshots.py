"""Save PNG screenshots of every main screen, filled with the demo vault, in Chinese and English.

    python -m ui.screenshots OUTDIR [--lang zh_CN|en|both] [--vault DEMO.vault]

Runs offscreen (no display needed). Without ``--vault`` a fresh demo vault is
built in a temporary folder (the real user data folder is never touched).
Files: ``OUTDIR/<lang>/<nn>-<screen>.png``.

For the sync screens an office vault is made in the temporary folder; it and
the demo vault exchange real bundles, leaving one conflict open in the demo
vault (once: a vault that has exchanged bundles already is left as it is), and
a further bundle from the office is previewed, never applied.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlmodel import select  # noqa: E402

from inspector.model import Department, Finding, Inspection, InspectionStatus  # noqa: E402
from inspector.services.demo import DEMO_PASSPHRASE, build_demo  # noqa: E402
from inspector.vault import Vault  # noqa: E402
from ui import garbage, i18n, tasks  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.fonts import load_fonts  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.unlock import UnlockDialog  # noqa: E402

SIZE = (1366, 768)  # a common inspector laptop


def settle(app: QApplication) -> None:
    """Let background loads finish and their results paint."""
    for _ in range(5):
        tasks.wait_for_all(30_000)
        for _ in range(20):
            app.processEvents()


def grab(widget: QWidget, app: QApplication, path: Path) -> Path:
    settle(app)
    widget.grab().save(str(path))
    return path


def sync_scene(demo: Vault, folder: Path) -> Path | None:
    """The demo vault (the laptop) and a new office vault exchange bundles, leaving the demo vault with a history
    and one open conflict; returns a further bundle from the office, not applied, for the preview (None if the
    demo vault has exchanged bundles before)."""
    from inspector.crypto.keyfile import KdfParams
    from inspector.services import plans, settings
    from inspector.services.setup import create_vault
    from inspector.signing import identity, trust
    from inspector.sync import conflicts, exporter, importer

    with demo.session() as s:
        if conflicts.history(s, limit=1):
            return None
        laptop_cert = identity.load_identity(s).cert_der
    office = create_vault(folder / "office.vault", DEMO_PASSPHRASE, use_keyring=False,
                          kdf=KdfParams(memory_kib=8 * 1024, iterations=2, lanes=1))  # thrown away afterwards
    try:
        with office.session() as s:
            settings.set_identity(s, "王芳", "晋执 14050009", "晋城市数据局")
            office_id = identity.create_identity(s, None)
            office_cert, office_fpr = office_id.cert_der, office_id.fingerprint
            trust.add_trusted(s, laptop_cert, "李明（检查组）")
        with demo.session() as s:
            trust.add_trusted(s, office_cert, "市数据局办公室（王芳）")
            laptop_fpr = identity.load_identity(s).fingerprint
        sent = exporter.export_bundle(demo, folder / "laptop-1.inspbundle", [office_fpr], scope="field")
        importer.import_bundle(office, sent.path)
        with demo.session() as s:  # the same requirement edited on site and at the office
            finding = s.exec(select(Finding).order_by(Finding.created_at.desc())).first()
            finding.rectification_requirement = "立即收回运维公司的数据库最高管理权限，由本单位专人管理并留存操作日志。"
            finding_id = finding.id
        with office.session() as s:
            s.get(Finding, finding_id).rectification_requirement = \
                "30日内收回运维公司的数据库最高管理权限，建立权限审批和操作审计制度。"
        back = exporter.export_bundle(office, folder / "office-1.inspbundle", [laptop_fpr], scope="field")
        importer.import_bundle(demo, back.path)
        with office.session() as s:  # more from the office, to preview: a new department, another's new contact
            plans.create_department(s, "晋城市住房和城乡建设局", contact_name="赵磊", contact_phone="0356-2025101")
            first = s.exec(select(Department).order_by(Department.name)).first()
            plans.update_department(s, first.id, contact_name="孙丽", contact_phone="0356-2025188")
        return exporter.export_bundle(office, folder / "office-2.inspbundle", [laptop_fpr], scope="plan",
                                      since_last=True).path
    finally:
        office.close()


def shoot(vault: Vault, out: Path, lang: str, app: QApplication, pending: Path | None = None) -> list[Path]:
    i18n.install(app, lang)
    folder = out / lang
    folder.mkdir(parents=True, exist_ok=True)
    with vault.session() as s:
        running = s.exec(select(Inspection.id).where(Inspection.status == InspectionStatus.IN_PROGRESS)).first()
        finding = s.exec(select(Finding.id).order_by(Finding.created_at)).first()
    saved = []
    ctx = AppContext(vault)
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    n = 0
    for key in window.pages:
        n += 1
        window.navigate(key)
        saved.append(grab(window, app, folder / f"{n:02d}-{key}.png"))
    for key, argument, name in (("inspections", running, "inspection-runner"), ("findings", finding, "finding-editor")):
        n += 1
        window.navigate(key, argument)
        saved.append(grab(window, app, folder / f"{n:02d}-{name}.png"))
    window.navigate("inspections", running)
    settle(app)
    runner = window.pages["inspections"].runner
    runner.export_record()
    n += 1
    saved.append(grab(runner.document_dialog, app, folder / f"{n:02d}-record-preview.png"))
    runner.document_dialog.close()
    window.navigate("sync")
    settle(app)
    sync = window.pages["sync"]
    export = sync.open_export_dialog()
    n += 1
    saved.append(grab(export, app, folder / f"{n:02d}-sync-export.png"))
    export.reject()
    if pending is not None:
        flow = sync.import_file(pending)
        settle(app)
        flow.preview_dialog.resize(720, 660)
        n += 1
        saved.append(grab(flow.preview_dialog, app, folder / f"{n:02d}-sync-import-preview.png"))
        flow.preview_dialog.reject()
    window.clear_pages()
    tasks.wait_for_all()
    window.close()
    window.deleteLater()

    unlock = UnlockDialog(vault.path)
    unlock.show()
    n += 1
    saved.append(grab(unlock, app, folder / f"{n:02d}-unlock.png"))
    unlock.close()
    unlock.deleteLater()

    from ui.wizard import FirstRunWizard

    wizard = FirstRunWizard(Path(tempfile.gettempdir()) / "never-created.vault")
    wizard.resize(760, 560)
    wizard.passphrase_page.fields.new_edit.setText("晋城 检查 2026 春")  # example input, so every page is reached
    wizard.passphrase_page.fields.repeat_edit.setText("晋城 检查 2026 春")
    wizard.identity_page.name_edit.setText("李明")
    wizard.identity_page.badge_edit.setText("晋执 14050001")
    wizard.show()
    seen = set()
    while wizard.currentId() not in seen:  # stops where a page asks for input it does not have
        seen.add(wizard.currentId())
        n += 1
        saved.append(grab(wizard, app, folder / f"{n:02d}-first-run-{len(seen)}.png"))
        wizard.next()
    wizard.close()
    wizard.deleteLater()
    settle(app)
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=("zh_CN", "en", "both"), default="both")
    parser.add_argument("--vault", type=Path, help="an existing demo vault (opened with the demo passphrase)")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    QCoreApplication.setOrganizationName("InspectorScreenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)  # no saved geometry
        garbage.install()
        load_fonts(app)
        if args.vault:
            vault = Vault.open(args.vault, passphrase=DEMO_PASSPHRASE, use_keyring=False)
        else:
            vault = build_demo(Path(tmp) / "demo.vault", use_keyring=False)
        try:
            pending = sync_scene(vault, Path(tmp))
            saved = []
            for lang in (("zh_CN", "en") if args.lang == "both" else (args.lang,)):
                saved += shoot(vault, args.out, lang, app, pending)
        finally:
            tasks.wait_for_all()
            vault.close()
            i18n.install(app, "zh_CN")
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
