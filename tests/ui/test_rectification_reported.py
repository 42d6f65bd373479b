"""What a department reported, where the inspector verifies it: the verification dialog shows the reported measures
(whole, wrapped), the completion date, the material and the report; a report of 整改报告 opens on a double-click;
the finding editor shows the reported rectification in full."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from inspector.changes import Changes
from inspector.forms import rectification as form
from inspector.model import Area, FindingStatus, NoticeStatus, RectificationNotice
from tests.forms_helpers import fill
from ui.context import AppContext
from ui.findings.editor import FindingEditor
from ui.rectification.page import RectificationPage

LOAD_MS = 10_000
TODAY = date(2026, 11, 24)
S = FindingStatus
BACKUP, TRAINING = "未制定数据备份与恢复策略", "年度数据安全培训未开展"
LONG = ("制定《数据备份与恢复策略》，明确备份范围、频率和保存期限；" * 6) + "已完成一次恢复演练并形成记录。"


def import_report(vault, cells: dict, filename: str = "卫健委整改情况.xlsx") -> tuple[str, list[str]]:
    """Import a filled rectification report form for the demo's issued notice, as the page's import does."""
    with vault.session() as s:
        notice = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()
        ids = [f.id for f in form.notice_findings(s, notice.id)]
        data = fill(form.build_form(s, notice.id).data, "整改情况", cells)
        return form.import_form(s, data, filename, notice_id=notice.id, today=TODAY).report_id, ids


@pytest.fixture
def page(qtbot, demo_vault, monkeypatch) -> RectificationPage:
    monkeypatch.setattr("ui.rectification.page.show_error", lambda parent, err: pytest.fail(err.zh))
    page = RectificationPage(AppContext(demo_vault))
    page.today = lambda: TODAY
    page.resize(1280, 760)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):
        page.activate()
    return page


def reload(qtbot, page) -> None:
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):  # as after the import's write
        page.ctx.written.emit(Changes(frozenset({Area.REPORTS, Area.FINDINGS})), None)


def select_finding(page, title: str) -> str:
    model = page.detail.findings_model
    row = next(r for r in range(model.rowCount()) if model.row(r).title == title)
    page.detail.findings_view.selectRow(row)
    return model.row(row).finding_id


def open_verification(qtbot, page):
    button = page.detail.action_buttons[S.VERIFIED]
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.transition_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def shown_whole(label) -> bool:
    """A word-wrapped label tall enough for all its lines (nothing cut)."""
    return label.wordWrap() and label.isVisible() and label.height() >= label.heightForWidth(label.width())


def test_the_verification_dialog_shows_what_the_department_reported(qtbot, page, demo_vault):
    import_report(demo_vault, {"G4": LONG, "H4": "2026-11-20", "I4": "备份策略.pdf\n演练记录.pdf"})
    reload(qtbot, page)
    select_finding(page, BACKUP)
    dialog = open_verification(qtbot, page)
    view = dialog.reported_view
    assert dialog.reported_box.isVisible() and dialog.reported_box.title() == "单位报送的整改情况"
    assert view.measures_label.text() == LONG and shown_whole(view.measures_label)
    assert view.completed_label.text() == "2026-11-20"
    assert view.evidence_label.text() == "备份策略.pdf\n演练记录.pdf"
    assert view.source_label.text().startswith("卫健委整改情况.xlsx，") and view.source_label.text().endswith("导入")
    assert not view.none_label.isVisible()
    assert view.measures_label.width() <= dialog.width()  # wrapped inside the dialog, never beyond it
    dialog.reject()

    # 已报整改 registered by hand (a report on paper): the dialog says no report was imported
    select_finding(page, TRAINING)
    with qtbot.waitSignal(page.finding_changed, timeout=LOAD_MS):
        qtbot.mouseClick(page.detail.action_buttons[S.REPORTED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail.action_buttons[S.VERIFIED].isEnabled(), timeout=LOAD_MS)
    dialog = open_verification(qtbot, page)
    assert dialog.reported_box.isVisible() and not dialog.reported_view.measures_label.isVisible()
    assert dialog.reported_view.none_label.text().startswith("尚未导入单位的整改情况报告")


def test_a_reopening_shows_the_report_only_when_there_is_one(qtbot, page, demo_vault):
    import_report(demo_vault, {"G4": "已制定策略。", "H4": "2026-11-20"})
    reload(qtbot, page)
    select_finding(page, BACKUP)
    qtbot.mouseClick(page.detail.action_buttons[S.REOPENED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.transition_dialog.isVisible)
    assert page.transition_dialog.reported_view.measures_label.text() == "已制定策略。"
    page.transition_dialog.reject()


def test_a_report_opens_on_a_double_click_with_every_findings_measures(qtbot, page, demo_vault):
    first, _ = import_report(demo_vault, {"G4": LONG, "H4": "2026-11-20"})
    second, (_, training) = import_report(demo_vault, {"G4": "同上。", "H4": "2026-11-20",
                                                            "G5": "已组织全员培训。", "H5": "2026-11-21",
                                                            "I5": "签到表.pdf"}, "第二次.xlsx")
    reload(qtbot, page)
    page.tabs.setCurrentIndex(1)
    tab = page.reports_tab
    assert not tab.open_button.isEnabled()  # nothing selected yet
    view, model = page.reports_view, page.reports_model
    row = model.row_of(first)
    rect_ = view.visualRect(model.index(row, 0))
    with qtbot.waitSignal(page.report_opened, timeout=LOAD_MS) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect_.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect_.center())
    assert opened.args == [first] and tab.open_button.isEnabled()
    dialog = page.report_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert [v.measures_label.text() for v in dialog.item_views] == [LONG]
    assert dialog.superseded_label.isVisible() and "第二次.xlsx" in dialog.superseded_label.text()
    assert shown_whole(dialog.item_views[0].measures_label)
    assert not dialog.scroll.horizontalScrollBar().isVisible()
    dialog.reject()

    # the newer one by its button: both findings, each with an 打开问题 that goes to it
    view.selectRow(model.row_of(second))
    with qtbot.waitSignal(page.report_opened, timeout=LOAD_MS):
        qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert [v.measures_label.text() for v in dialog.item_views] == ["同上。", "已组织全员培训。"]
    assert dialog.item_views[1].evidence_label.text() == "签到表.pdf" and not dialog.superseded_label.isVisible()
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=LOAD_MS) as nav:
        qtbot.mouseClick(dialog.open_buttons[training], Qt.MouseButton.LeftButton)
    assert nav.args == ["findings", training] and not dialog.isVisible()


def test_the_finding_editor_shows_the_reported_rectification_in_full(qtbot, demo_vault):
    _, (backup, training) = import_report(demo_vault, {"G4": LONG, "H4": "2026-11-20", "I4": "备份策略.pdf"})
    editor = FindingEditor(AppContext(demo_vault))
    qtbot.addWidget(editor)
    editor.resize(1280, 760)
    editor.show()
    with qtbot.waitSignal(editor.loaded, timeout=LOAD_MS):
        editor.open(backup)
    panel = editor.status_panel
    assert panel.reported_view.isVisible() and panel.reported_view.measures_label.text() == LONG
    assert shown_whole(panel.reported_view.measures_label)
    assert panel.reported_view.evidence_label.text() == "备份策略.pdf"
    qtbot.mouseClick(panel.buttons[S.VERIFIED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    assert panel.dialog.reported_view.measures_label.text() == LONG  # and the verification dialog shows it
    panel.dialog.reject()

    with qtbot.waitSignal(editor.loaded, timeout=LOAD_MS):  # 已通知, nothing reported: no such section
        editor.open(training)
    assert not panel.reported_view.isVisible() and not panel.reported_title.isVisible()
