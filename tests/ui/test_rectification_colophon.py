"""整改 → 抄送与附注…: a draft notice's own 抄送, 印发机关, 联系人 and 电话; an issued notice has no such button."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from inspector.model import Finding, FindingStatus, RectificationNotice
from inspector.services import documents
from inspector.services import rectification as rect
from ui.context import AppContext
from ui.rectification.page import RectificationPage

LOAD_MS = 10_000
TODAY = date(2026, 11, 24)


@pytest.fixture
def draft_id(demo_vault) -> str:
    with demo_vault.session() as s:
        drafts = s.exec(select(Finding).where(Finding.status == FindingStatus.DRAFT)).all()
        notice = rect.create_draft(s, drafts[0].department_id, [drafts[0].id], deadline=date(2026, 12, 24),
                                   today=TODAY)
        s.commit()
        return notice.id


@pytest.fixture
def page(qtbot, demo_vault, draft_id) -> RectificationPage:
    page = RectificationPage(AppContext(demo_vault))
    page.today = lambda: TODAY
    page.resize(1100, 700)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):
        page.activate()
    return page


def _select(qtbot, page, notice_id: str) -> None:
    model = page.notices_model
    row = next(r for r in range(model.rowCount()) if model.row(r).notice_id == notice_id)
    view = page.notices_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(row, 0)).center())
    qtbot.waitUntil(lambda: page.selected_notice_id() == notice_id, timeout=LOAD_MS)


def test_a_draft_notice_gets_its_own_cc_and_contact(qtbot, page, demo_vault, draft_id):
    issued = next(page.notices_model.row(r) for r in range(page.notices_model.rowCount())
                  if page.notices_model.row(r).notice_id != draft_id)
    _select(qtbot, page, issued.notice_id)
    assert not page.colophon_button.isEnabled()  # an issued notice's 版记 is frozen with it
    _select(qtbot, page, draft_id)
    assert page.colophon_button.isEnabled()
    qtbot.mouseClick(page.colophon_button, Qt.MouseButton.LeftButton)
    dialog = page.colophon_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.ok_button.isEnabled(), timeout=LOAD_MS)
    assert dialog.edits["cc"].text() == "市委网信办、市公安局" and dialog.edits["contact"].text() == "王芳"
    assert "晋城市大数据应用局" in dialog.edits["printer"].placeholderText()

    dialog.edits["contact"].setText("")
    dialog.edits["cc"].setText("市国家保密局")
    dialog.edits["phone"].setText("9" * 201)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "过长" in dialog.message.text(), timeout=LOAD_MS)  # refused here, the dialog stays
    assert dialog.isVisible() and dialog.edits["phone"].hasFocus()
    dialog.edits["phone"].setText("0356-1111111")
    with qtbot.waitSignal(dialog.saved, timeout=LOAD_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with demo_vault.session() as s:
        stored = s.get(RectificationNotice, draft_id).colophon
        data = documents.notice_data(s, draft_id)
    assert stored == {"cc": ["市国家保密局"], "printer": "", "contact": "", "phone": "0356-1111111"}
    assert data.colophon.cc == ("市国家保密局",) and data.colophon.contact == ""
