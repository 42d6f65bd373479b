"""Preview, export and sign the two documents from the UI, on the demo vault."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import select

from inspector.model import (
    Inspection,
    InspectionStatus,
    IssuedDocument,
    NoticeStatus,
    RectificationNotice,
)
from inspector.signing.trust import trust_roots
from inspector.signing.verify import issued_lookup, verify_pdf
from inspector.timezones import china_today
from ui.context import AppContext
from ui.inspections.runner import InspectionRunner
from ui.rectification.page import RectificationPage
from ui.widgets.documents import DocumentDialog

TIMEOUT = 30_000


@pytest.fixture
def ctx(demo_vault):
    return AppContext(demo_vault)


def _verified(vault, path) -> object:
    with vault.session() as s:
        roots, issued = trust_roots(s), issued_lookup(s)
    return verify_pdf(path.read_bytes(), roots, issued=issued)


def _wait_preview(qtbot, dialog: DocumentDialog) -> None:
    if dialog.preview is None:
        with qtbot.waitSignal(dialog.preview_ready, timeout=TIMEOUT):
            pass


def test_notice_preview_then_signed_export(qtbot, ctx, demo_vault, tmp_path):
    page = RectificationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.detail_loaded, timeout=TIMEOUT):
        page.activate()
    with demo_vault.session() as s:
        issued = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).first()
    page.notices_view.selectRow(page.notices_model.row_of(issued.id))
    assert page.pdf_button.isEnabled()
    page.pdf_button.click()
    dialog = page.document_dialog
    _wait_preview(qtbot, dialog)

    assert issued.number in dialog.title_label.text()
    assert dialog.model.rowCount() >= 1
    assert not dialog.model.data(dialog.model.index(0), 1).isNull()  # DecorationRole: a real pixmap
    assert dialog.sign_button.isEnabled(), "the demo inspector has a signing identity"

    out = tmp_path / "notice.pdf"
    dialog.ask_path = lambda name: str(out)
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as blocker:
        dialog.sign_button.click()
    result = blocker.args[0]
    assert out.exists() and result.signers
    assert hashlib.sha256(out.read_bytes()).hexdigest() == result.sha256
    report = _verified(demo_vault, out)
    assert report.ok
    with demo_vault.session() as s:
        assert s.get(RectificationNotice, issued.id).file_sha256 == result.sha256
        assert s.exec(select(IssuedDocument).where(IssuedDocument.sha256 == result.sha256)).one().kind == "notice"
    assert str(out) in dialog.result_label.text()


def test_a_draft_notice_previews_but_cannot_be_signed(qtbot, ctx, demo_vault, tmp_path):
    from inspector.services import rectification as rect

    with demo_vault.session() as s:
        candidates = rect.draft_candidates(s)
        first = candidates[0]
        ids = [c.finding_id for c in candidates if c.department_id == first.department_id]
        draft = rect.create_draft(s, first.department_id, ids, plan_id=first.plan_id,
                                  deadline=china_today() + timedelta(days=30))
        s.commit()
        draft_id = draft.id

    from inspector.services.exports import prepare_notice

    dialog = DocumentDialog(ctx, lambda s: prepare_notice(s.vault, draft_id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    _wait_preview(qtbot, dialog)
    assert dialog.preview.document.draft
    assert not dialog.sign_button.isEnabled()
    assert dialog.export_button.isEnabled()

    out = tmp_path / "draft.pdf"
    dialog.ask_path = lambda name: str(out)
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as blocker:
        dialog.export_button.click()
    assert out.exists() and not blocker.args[0].recorded  # a draft is not an issued document
    with demo_vault.session() as s:
        assert s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == draft_id)).first() is None


def test_record_from_the_runner(qtbot, ctx, demo_vault, tmp_path):
    with demo_vault.session() as s:
        inspection_id = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).first().id
    runner = InspectionRunner(ctx, inspection_id)
    qtbot.addWidget(runner)
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        runner.show()
    runner.header.record_button.click()
    dialog = runner.document_dialog
    _wait_preview(qtbot, dialog)
    assert "现场检查记录" in dialog.title_label.text()
    assert dialog.preview.document.built.slots, "one signature place per inspector"

    out = tmp_path / "record.pdf"
    dialog.ask_path = lambda name: str(out)
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT):
        dialog.sign_button.click()
    report = _verified(demo_vault, out)
    assert report.ok and len(report.signatures) == 1


def test_locking_closes_the_preview(qtbot, ctx, demo_vault):
    page = RectificationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.detail_loaded, timeout=TIMEOUT):
        page.activate()
    page.notices_view.selectRow(0)
    page.pdf_button.click()
    dialog = page.document_dialog
    _wait_preview(qtbot, dialog)
    assert dialog.isVisible()
    page.clear()
    assert page.document_dialog is None
    assert not dialog.isVisible()
