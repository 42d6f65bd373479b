"""Save PNG screenshots of every main screen, filled with the demo vault, in Chinese and English.

    python build/screenshots.py OUTDIR [--lang zh_CN|en|both] [--vault DEMO.vault]
    python build/screenshots.py --guide docs/images      # the images of the user guides, regenerated

Runs offscreen (no display needed). Without ``--vault`` a fresh demo vault is
built in a temporary folder (the real user data folder is never touched).
Files: ``OUTDIR/<lang>/<nn>-<screen>.png``. With ``--guide DIR`` the screens
the user guides show (:data:`GUIDE_SCREENS`) are written, optimised, to
``DIR/zh/<screen>.png`` and ``DIR/en/<screen>.png``; other PNGs in those two
folders are removed, so they hold exactly what the guides use.

For the sync screens an office vault is made in the temporary folder; it and
the demo vault exchange real bundles, leaving one conflict open in the demo
vault (once: a vault that has exchanged bundles already is left as it is); a
further bundle from the office is previewed, never applied; a bundle from a
colleague the demo vault does not trust yet brings up the fingerprint check;
and a truncated copy of a bundle (as an interrupted copy to a USB stick leaves
it) shows how a refused bundle is reported.

For the official-records screens the demo's issued notice is corrected by an
issued 更正通知 (once), whose exported PDF's pages are rendered side by side
with poppler's ``pdftoppm`` (the document is Chinese in both guides); the completion
dialog, the question before a change voids a signature, the finding editor with
its art. 33 record and the 更正通知 drafting dialog are shown in each language.

For the rectification screens the demo's issued notice gets a rectification report
from its department (once: the form Inspector writes, filled in as a department
would and imported), so 核验通过 shows what was reported. For 检查组签名 the team
member 张伟 gets a signing identity in the demo vault (once), the running
inspection's record is exported signed by 李明, and the dialog lists the team
(signed / can sign here / no identity here). A list of departments with one bad
row is previewed for 导入…, and a new vault (as the first-run wizard leaves it)
shows the overview's 开始使用 box. These scenes are made by build/screenshot_scenes.py.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget  # noqa: E402
from sqlmodel import select  # noqa: E402

from inspector.model import (  # noqa: E402
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    Plan,
    SelfReport,
)
from inspector.services.demo import DEMO_PASSPHRASE, build_demo  # noqa: E402
from inspector.vault import Vault  # noqa: E402
from ui import garbage, i18n, prefs, tasks  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.fonts import load_fonts  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.inspections.signature import SignatureDialog  # noqa: E402
from ui.vault.unlock import UnlockDialog  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot_scenes import (  # noqa: E402 — build/screenshot_scenes.py; re-exported for the tests
    RecordsScene,
    SyncFiles,
    VIDEO_NAME,
    department_list,
    destruction_scene,
    new_vault,
    records_scene,
    report_scene,
    sync_scene,
    team_scene,
)

__all__ = ["GUIDE_SCREENS", "RecordsScene", "SyncFiles", "main", "publish_guide", "records_scene", "report_scene",
           "settle", "shoot", "sync_scene", "team_scene"]

SIZE = (1280, 760)  # the size every screen is designed and checked at (a small inspector laptop)

GUIDE_SCREENS = (
    "first-run-1", "first-run-2", "first-run-3", "first-run-4", "unlock", "dashboard", "departments",
    "plans-self-report", "plan-editor", "discrepancies", "inspections", "inspection-runner", "signature",
    "findings", "finding-editor", "record-preview", "rectification", "rectification-draft", "notice-preview",
    "sync", "sync-export", "sync-import-preview", "sync-trust-sender", "sync-refused", "settings",
    "settings-backup", "inspection-complete", "signature-void", "finding-escalation", "correction-draft",
    "correction-notice", "dashboard-first-steps", "departments-import", "finding-dialog", "team-signing",
    "rectification-verify", "letters-dialog", "campaign-board", "campaign-analytics", "calendar",
    "reinspect-dialog", "versions-dialog", "checklist-editor", "evidence-destruction",
)
"""The screens docs/用户手册.md and docs/user-guide.md show (``--guide``); each exists in both languages."""
GUIDE_LANGUAGES = {"zh_CN": "zh", "en": "en"}


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


def render_pages(pdf: Path, png: Path, pages: int = 2, width: int = SIZE[0]) -> Path:
    """The first ``pages`` pages of ``pdf`` side by side, ``width`` pixels wide, as a PNG (pdftoppm)."""
    from document_samples import page_strip  # build/document_samples.py

    return page_strip(pdf, png, pages, width)


def draw_signature(pad: QWidget) -> None:
    """A made-up signature on the pad, sent as mouse events: a looped scrawl and a stroke under it."""

    def send(kind: QEvent.Type, x: float, y: float) -> None:
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        point = QPointF(x, y)
        QApplication.sendEvent(pad, QMouseEvent(kind, point, pad.mapToGlobal(point), button, buttons,
                                                Qt.KeyboardModifier.NoModifier))

    w, h = pad.width(), pad.height()
    turns = 5 * 2 * math.pi
    scrawl = [(w * 0.2 + w * 0.5 * t / turns - 18 * math.sin(t), h * 0.45 - 34 * math.cos(t) * (1.1 - t / turns)
               - 12 * math.sin(t / 4)) for t in (turns * k / 160 for k in range(161))]
    underline = [(w * (0.22 + 0.55 * k / 30), h * (0.72 - 0.06 * math.sin(math.pi * k / 30))) for k in range(31)]
    for points in (scrawl, underline):
        send(QEvent.Type.MouseButtonPress, *points[0])
        for x, y in points[1:]:
            send(QEvent.Type.MouseMove, x, y)
        send(QEvent.Type.MouseButtonRelease, *points[-1])


Check = Callable[[QWidget, str], None]
"""Called with each screen (the window or dialog, settled) and its name, before it is saved."""


def shoot(vault: Vault, out: Path, lang: str, app: QApplication, files: SyncFiles | None = None,
          records: RecordsScene | None = None, *, size: tuple[int, int] = SIZE, check: Check | None = None,
          natural: bool = False, extras: Callable[[MainWindow, Callable[[QWidget, str], None]], None] | None = None,
          ) -> list[Path]:
    """Every screen of ``lang`` as ``out/<lang>/<nn>-<screen>.png``; the paths, in order.

    ``size``: the main window's size. ``check(widget, name)`` sees each screen before it is saved.
    ``natural``: dialogs keep the size the application gives them (the guides' images show some larger).
    ``extras(window, snap)``: more screens, shown while the window is open (``snap(widget, name)`` saves one).
    """
    def shape(widget: QWidget, width: int, height: int) -> None:
        if not natural:
            widget.resize(width, height)

    i18n.install(app, lang)
    prefs.LANGUAGE.set(lang)  # messages from the core follow the preference (the settings are a temporary file)
    folder = out / lang
    folder.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory()  # the files the screens open (a list, a record), a new vault
    work = Path(scratch.name)
    team_scene(vault)
    with vault.session() as s:
        running = s.exec(select(Inspection.id).where(Inspection.status == InspectionStatus.IN_PROGRESS)).first()
        on_site = s.exec(select(Finding).where(Finding.inspection_id == running).order_by(Finding.created_at)
                         ).first() if running else None
        on_site = (on_site.id, on_site.item_id) if on_site is not None else None
        finding = s.exec(select(Finding.id).order_by(Finding.created_at)).first()
        plan_id = s.exec(select(Plan.id).order_by(Plan.created_at)).first()
        reported = s.exec(select(SelfReport.department_id).where(SelfReport.plan_id == plan_id)
                          .order_by(SelfReport.received_at)).first()
        escalated = s.exec(select(Finding.id).where(Finding.escalate_secrecy).order_by(Finding.created_at)).first()
    saved = []

    def snap(widget: QWidget, name: str) -> None:
        if check is not None:
            settle(app)
            check(widget, name)
        saved.append(grab(widget, app, folder / f"{len(saved) + 1:02d}-{name}.png"))

    ctx = AppContext(vault)
    window = MainWindow(ctx)
    window.resize(*size)
    window.show()
    for key in window.pages:
        window.navigate(key)
        snap(window, key)
    for key, argument, name in (("inspections", running, "inspection-runner"), ("findings", finding, "finding-editor")):
        window.navigate(key, argument)
        snap(window, name)

    window.navigate("plans")  # step 1 and 2: the plan selected, a department whose self-report has arrived
    settle(app)
    plans = window.pages["plans"]
    plans.select(plan_id)
    settle(app)
    if reported is not None:
        plans.forms.select_department(reported)
    snap(window, "plans-self-report")
    letters = plans.forms.open_letters()  # 检查通知…: the department's letters, a 检查通知 drafted
    if letters is not None:
        settle(app)
        if letters.letters_list.count() == 0:  # once: the second language shows the same draft
            letters.create("inspection_notice")
        else:
            letters.letters_list.setCurrentRow(0)
        settle(app)
        snap(letters, "letters-dialog")
        letters.close()
        settle(app)
    for opened, name in ((plans.open_board, "campaign-board"), (plans.open_analysis, "campaign-analytics"),
                         (window.pages["dashboard"].open_calendar, "calendar")):
        dialog = opened()  # the office's views of the plan: 进度看板, 检查分析, and the 检查日历 of the overview
        if dialog is not None:
            settle(app)
            snap(dialog, name)
            dialog.close()
            settle(app)
    versions = plans.open_versions()  # 检查表版本: the versions, and the shipped checklist opened (read-only)
    if versions is not None:
        settle(app)
        snap(versions, "versions-dialog")
        from ui.versions.dialog import CHECKLIST

        with vault.session() as s:
            template_id = s.exec(select(Plan.template_id).where(Plan.id == plan_id)).one()
        editor = versions.open_version(CHECKLIST, template_id)
        settle(app)
        snap(editor, "checklist-editor")
        editor.close()
        from inspector.services import regulation_versions
        from ui.versions.dialog import REGULATION

        with vault.session() as s:  # a revision of the regulation drafted, then compared with version 1
            v1 = regulation_versions.regulation_in_use(s)
            draft = regulation_versions.draft_regulation(s, v1.id, label="2026年修订")
            regulation_versions.update_regulation(s, draft.id, {
                "doc_number": "晋市政办〔2026〕9号", "issued_on": "2026-02-20", "effective_from": "2026-03-01",
                "effective_to": "2029-02-28"})
            regulation_versions.set_article(s, draft.id, 31, v1.article(31).text + "数据出境安全情况。",
                                            text_en=v1.article(31).text_en + " Cross-border transfers.")
            draft_id = draft.id
        versions.reload()
        settle(app)
        editor = versions.open_version(REGULATION, draft_id)
        settle(app)
        editor.articles_view.selectRow(30)
        snap(editor, "regulation-editor")
        editor.close()
        versions.tabs.setCurrentIndex(REGULATION)
        versions.select(REGULATION, draft_id)
        versions.compare()
        settle(app)
        if versions.diff_dialog is not None:
            snap(versions.diff_dialog, "version-diff")
            versions.diff_dialog.close()
        with vault.session() as s:
            regulation_versions.delete_regulation_draft(s, draft_id)
        versions.close()
        settle(app)
    editor = plans.open_editor(plan_id)
    snap(editor, "plan-editor")
    editor.discard_and_close()
    settle(app)
    discrepancies = plans.forms.open_discrepancies()
    shape(discrepancies, 960, 560)
    snap(discrepancies, "discrepancies")
    discrepancies.close()

    window.navigate("departments")  # 导入…: a list with one bad row, previewed (nothing imported)
    settle(app)
    departments = window.pages["departments"]
    departments.open_import()
    departments.import_dialog.load(department_list(work))
    snap(departments.import_dialog, "departments-import")
    departments.import_dialog.reject()
    settle(app)

    window.navigate("inspections", running)
    settle(app)
    runner = window.pages["inspections"].runner
    # the dialog runner.sign() opens (modally, so it is made here), with the runner's own summary
    signature = SignatureDialog(runner._statement(), "张建国", "信息科科长", window)
    signature.show()
    settle(app)
    draw_signature(signature.pad)
    snap(signature, "signature")
    signature.reject()
    signature.deleteLater()
    runner.export_record()
    snap(runner.document_dialog, "record-preview")
    runner.document_dialog.close()
    settle(app)
    if on_site is not None:  # a finding opened from its checklist item, over the runner
        runner.select_item(on_site[1])
        settle(app)
        runner.open_finding(on_site[0])
        snap(runner.finding_dialog, "finding-dialog")
        runner.finding_dialog.reject()
        settle(app)
    # 检查组签名: the record as exported and signed by 李明 (this vault's inspector), the team asked to sign
    from inspector.services.exports import finish, prepare_record

    record = finish(vault, prepare_record(vault, running), work / "现场检查记录.pdf", sign=True).path
    runner.sign_as_team(record)
    settle(app)
    snap(runner.team_dialog, "team-signing")
    runner.team_dialog.reject()
    settle(app)

    window.navigate("rectification")
    settle(app)
    rectification = window.pages["rectification"]
    rectification.open_draft_dialog()
    snap(rectification.draft_dialog, "rectification-draft")
    rectification.draft_dialog.reject()
    if records is not None:  # the original notice, not its correction (listed first, being newer)
        rectification.notices_view.selectRow(rectification.notices_model.row_of(records.original))
        settle(app)
    rectification.export_notice()
    snap(rectification.document_dialog, "notice-preview")
    rectification.document_dialog.close()
    settle(app)
    if records is not None and records.reported is not None:  # 核验通过… on the finding the department reported
        rectification.detail.select_finding(records.reported)
        settle(app)
        rectification.request_transition(records.reported, FindingStatus.VERIFIED)
        snap(rectification.transition_dialog, "rectification-verify")
        rectification.transition_dialog.reject()
        settle(app)
    if records is not None:  # 复查… as the office sees it once the notice's deadline has passed
        from ui.rectification.reinspect import open_reinspect

        today = rectification.today  # past every deadline of the demo's notice (its findings' run to 2027-01-31)
        rectification.today = lambda: today() + timedelta(days=120)
        open_reinspect(rectification, records.original)
        settle(app)
        if rectification.reinspect_dialog is not None:
            snap(rectification.reinspect_dialog, "reinspect-dialog")
            rectification.reinspect_dialog.reject()
        rectification.today = today
        settle(app)

    window.navigate("sync")
    settle(app)
    sync = window.pages["sync"]
    export = sync.open_export_dialog()
    snap(export, "sync-export")
    export.reject()
    if files is not None:
        flow = sync.import_file(files.pending)
        settle(app)
        shape(flow.preview_dialog, 720, 660)
        snap(flow.preview_dialog, "sync-import-preview")
        flow.preview_dialog.reject()
        settle(app)
        flow = sync.import_file(files.stranger)
        settle(app)
        snap(flow.trust_dialog, "sync-trust-sender")
        flow.trust_dialog.reject()
        settle(app)
        sync.import_file(files.damaged)
        snap(window, "sync-refused")
        sync.message.clear_message()

    window.navigate("settings")
    settle(app)
    scroll = window.pages["settings"].findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    snap(window, "settings-backup")
    evidence_screens(window, app, snap, shape)

    official_records(window, app, snap, running, escalated, records, shape)
    if records is not None:  # the 更正通知 as issued (its two pages): the document is Chinese in either language
        saved.append(render_pages(records.correction_pdf, folder / f"{len(saved) + 1:02d}-correction-notice.png"))

    if extras is not None:
        extras(window, snap)
        settle(app)

    window.clear_pages()
    tasks.wait_for_all()
    window.close()
    window.deleteLater()

    fresh = new_vault(work)  # the overview of a new vault: 开始使用
    try:
        window = MainWindow(AppContext(fresh))
        window.resize(*size)
        window.show()
        window.navigate("dashboard")
        snap(window, "dashboard-first-steps")
        window.clear_pages()
        tasks.wait_for_all()
        window.close()
        window.deleteLater()
        settle(app)
    finally:
        tasks.wait_for_all()
        fresh.close()

    unlock = UnlockDialog(vault.path)
    unlock.show()
    snap(unlock, "unlock")
    unlock.close()
    unlock.deleteLater()

    from ui.vault.wizard import FirstRunWizard

    wizard = FirstRunWizard(Path(tempfile.gettempdir()) / "never-created.vault")
    shape(wizard, 760, 560)
    wizard.passphrase_page.fields.new_edit.setText("晋城 检查 2026 春")  # example input, so every page is reached
    wizard.passphrase_page.fields.repeat_edit.setText("晋城 检查 2026 春")
    wizard.identity_page.name_edit.setText("李明")
    wizard.identity_page.badge_edit.setText("晋执 14050001")
    wizard.show()
    seen = set()
    while wizard.currentId() not in seen:  # stops where a page asks for input it does not have
        seen.add(wizard.currentId())
        snap(wizard, f"first-run-{len(seen)}")
        wizard.next()
    wizard.close()
    wizard.deleteLater()
    settle(app)
    scratch.cleanup()
    return saved


def evidence_screens(window: MainWindow, app: QApplication, snap, shape: Callable[[QWidget, int, int], None]) -> None:
    """证据销毁 on the settings page (one destroyed, one awaiting approval: :func:`destruction_scene`), a video in the
    viewer, and the reason a removal asks for."""
    from inspector import media
    from inspector.model import Evidence
    from inspector.services.evidence import EvidenceInfo
    from ui.widgets.evidence import removal_dialog
    from ui.widgets.viewer import EvidenceViewer

    page = window.pages["settings"]
    page.destructions.reload()
    settle(app)
    scroll = page.findChild(QScrollArea)
    scroll.ensureWidgetVisible(page.destructions, 0, 0)
    scroll.verticalScrollBar().setValue(page.destructions.y())
    page.destructions.view.selectRow(0)
    snap(window, "evidence-destruction")
    vault = window.ctx.vault
    with vault.session() as s:
        ev = s.exec(select(Evidence).where(Evidence.filename == VIDEO_NAME)).first()
        if ev is None:
            return
        info, video = EvidenceInfo.of(ev, ""), media.video_of(s, ev.blob_sha256)
    viewer = EvidenceViewer(info, None, window, editable=True, video=video)
    shape(viewer, 560, 380)
    viewer.show()
    snap(viewer, "evidence-video")
    viewer.close()
    viewer.deleteLater()
    dialog = removal_dialog(window, info)
    dialog.reason.setText("拍错了单位" if i18n.current() != "en" else "photographed the wrong department")
    dialog.show()
    snap(dialog, "delete-reason")
    dialog.close()
    dialog.deleteLater()
    settle(app)


SUMMARY = "检查发现三项问题：数据库最高管理权限由运维公司人员掌握，审计日志仅保存30天，个人信息以明文存储。已向单位反馈，限期整改。"


def official_records(window: MainWindow, app: QApplication, snap, running: str, escalated: str | None,
                     records: RecordsScene | None, shape: Callable[[QWidget, int, int], None]) -> None:
    """完成检查, the question before a change voids a signature, a finding's art. 33 record, drafting a 更正通知."""
    from datetime import datetime, timedelta, timezone

    from inspector.lifecycle import SignatureWouldVoid
    from ui.widgets.signed import void_question_box

    window.navigate("inspections", running)
    settle(app)
    runner = window.pages["inspections"].runner
    runner.complete()
    settle(app)
    dialog = runner.completion_dialog
    dialog.summary_edit.setPlainText(SUMMARY)  # saved as typed (the same text again in the second language)
    dialog.unchecked_box.setChecked(True)
    shape(dialog, 700, 600)  # room for either language's wrapped lines
    snap(dialog, "inspection-complete")
    dialog.reject()
    settle(app)

    signed_at = datetime.now(timezone.utc) - timedelta(minutes=25)
    box = void_question_box(window, SignatureWouldVoid("陈静", signed_at))
    box.show()
    snap(box, "signature-void")
    box.close()
    box.deleteLater()

    if escalated is not None:
        window.navigate("findings", escalated)
        settle(app)
        snap(window, "finding-escalation")

    window.navigate("rectification")
    settle(app)
    rectification = window.pages["rectification"]
    if records is not None:
        rectification.notices_view.selectRow(rectification.notices_model.row_of(records.original))
        settle(app)
    rectification.open_correction_dialog()
    settle(app)
    correction = rectification.correction_dialog
    model = correction.findings_model
    for row in range(model.rowCount()):  # the second finding: the first was corrected already
        model.setData(model.index(row), Qt.CheckState.Checked if row == model.rowCount() - 1
                      else Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    correction.requirement_edit.setPlainText("30日内组织全体工作人员开展政务数据安全教育培训，提交培训记录和考核结果。")
    correction.reason_edit.setPlainText("原通知书未写明培训对象和应提交的材料，予以更正。")
    settle(app)
    snap(correction, "correction-draft")
    correction.reject()
    settle(app)


def publish_guide(shots: Path, dest: Path) -> list[Path]:
    """Copy the guides' screens from ``shots/<lang>/`` (as :func:`shoot` names them) to ``dest/zh`` and
    ``dest/en`` as ``<screen>.png``; other PNGs there are removed.

    Each image is stored as the smaller of an optimised full-colour PNG and a 256-colour one (screens of
    text and flat colours lose nothing visible; most files shrink to about half)."""
    import io

    from PIL import Image

    written = []
    for lang, sub in GUIDE_LANGUAGES.items():
        target = dest / sub
        target.mkdir(parents=True, exist_ok=True)
        for stale in target.glob("*.png"):
            if stale.stem not in GUIDE_SCREENS:
                stale.unlink()
        by_name = {f.stem.split("-", 1)[1]: f for f in (shots / lang).glob("*.png")}
        for name in GUIDE_SCREENS:
            with Image.open(by_name[name]) as image:
                rgb = image.convert("RGB")
            candidates = []
            for picture in (rgb, rgb.quantize(256, method=Image.Quantize.MEDIANCUT)):
                buffer = io.BytesIO()
                picture.save(buffer, format="PNG", optimize=True)
                candidates.append(buffer.getvalue())
            path = target / f"{name}.png"
            path.write_bytes(min(candidates, key=len))
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python build/screenshots.py", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", help="where every screen goes, OUT/<lang>/<nn>-<screen>.png")
    parser.add_argument("--lang", choices=("zh_CN", "en", "both"), default="both")
    parser.add_argument("--vault", type=Path, help="an existing demo vault (opened with the demo passphrase)")
    parser.add_argument("--guide", type=Path, metavar="DIR",
                        help="write the user guides' images to DIR/zh and DIR/en (e.g. docs/images)")
    args = parser.parse_args(argv)
    if args.out is None and args.guide is None:
        parser.error("give OUTDIR, --guide DIR, or both")
    if args.guide is not None and (args.lang != "both" or args.vault is not None):
        parser.error("--guide makes both languages on a fresh demo vault: leave out --lang and --vault")

    app = QApplication.instance() or QApplication([sys.argv[0]])
    QCoreApplication.setOrganizationName("InspectorScreenshots")
    with tempfile.TemporaryDirectory() as tmp:
        prefs.keep_in(tmp)  # no saved geometry
        garbage.install()
        load_fonts(app)
        out = args.out or Path(tmp) / "shots"
        if args.vault:
            vault = Vault.open(args.vault, passphrase=DEMO_PASSPHRASE, use_keyring=False)
        else:
            vault = build_demo(Path(tmp) / "demo.vault", use_keyring=False)
        try:
            files = sync_scene(vault, Path(tmp))
            records = records_scene(vault, Path(tmp))
            destruction_scene(vault)
            saved = []
            for lang in (("zh_CN", "en") if args.lang == "both" else (args.lang,)):
                saved += shoot(vault, out, lang, app, files, records)
        finally:
            tasks.wait_for_all()
            vault.close()
            i18n.install(app, "zh_CN")
            prefs.LANGUAGE.set("zh_CN")
        if args.guide is not None:
            saved = (saved if args.out is not None else []) + publish_guide(out, args.guide)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
