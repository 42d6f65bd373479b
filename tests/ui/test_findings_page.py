"""The findings page on the demo vault: the list, its filters, search and order, and opening the editor."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from inspector import workflow
from inspector.model import Finding, FindingStatus, Severity
from inspector.services import findings, plans, search
from ui.context import AppContext
from ui.findings.model import COL_SEVERITY, COL_STATUS, COL_TITLE, ID_ROLE, SORT_ROLE
from ui.findings.page import FindingsPage

TIMEOUT_MS = 10_000


@pytest.fixture
def page(qtbot, demo_vault):
    p = FindingsPage(AppContext(demo_vault))
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=TIMEOUT_MS):
        p.activate()
    return p


def shown_titles(page) -> list[str]:
    return [page.model.index(r, COL_TITLE).data() for r in range(page.model.rowCount())]


def shown_ids(page) -> list[str]:
    return [page.model.index(r, COL_TITLE).data(ID_ROLE) for r in range(page.model.rowCount())]


def all_findings(vault) -> list[Finding]:
    with vault.session() as s:
        return list(s.exec(select(Finding)).all())


def type_text(qtbot, page, text: str) -> None:
    """Commit ``text`` as an input method would (QTest types ASCII only), then wait for the list."""
    page.search_edit.clear()
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(page.search_edit, event)
    assert page.search_edit.text() == text


def test_the_list_shows_every_finding_newest_first(page, demo_vault):
    with demo_vault.session() as s:
        expected = search.ordered_ids(s, search.FindingQuery())
    findings = all_findings(demo_vault)
    assert page.title() == "问题" and page.key == "findings"
    assert shown_ids(page) == expected and len(expected) == len(findings) >= 5
    assert page.count_label.text() == f"共 {len(findings)} 项"
    by_id = {f.id: f for f in findings}
    for r, fid in enumerate(expected):
        assert page.model.index(r, COL_TITLE).data() == by_id[fid].title
        assert page.model.index(r, COL_STATUS).data(SORT_ROLE) == by_id[fid].status.value
    departments = [page.department_combo.itemText(i) for i in range(page.department_combo.count())]
    assert departments[0] == "全部单位" and "晋城市人力资源和社会保障局" in departments


def test_typing_a_search_narrows_the_list(qtbot, page, demo_vault):
    findings = all_findings(demo_vault)
    type_text(qtbot, page, "运维公司")  # three characters and more: the trigram index
    assert shown_titles(page) == ["数据库最高管理权限由运维公司人员掌握"]
    assert page.count_label.text() == f"1 项（共 {len(findings)} 项）"
    type_text(qtbot, page, "明文")  # two characters
    assert shown_titles(page) == ["个人信息以明文存储"]
    type_text(qtbot, page, "卫生健康")  # the department's name is searched too
    health = {f.id for f in findings if f.location == "卫健委信息科"}
    assert set(shown_ids(page)) == health and len(health) == 2
    type_text(qtbot, page, "没有这样的问题")
    assert page.model.rowCount() == 0 and page.empty_label.isVisible()
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.search_edit.clear()
    assert page.model.rowCount() == len(findings) and not page.empty_label.isVisible()


def test_filters_combine_with_the_search(qtbot, page, demo_vault):
    findings = all_findings(demo_vault)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.severity_combo.setCurrentIndex(page.severity_combo.findData(Severity.CRITICAL))
    assert {page.model.index(r, COL_SEVERITY).data() for r in range(page.model.rowCount())} == {"重大"}
    assert page.model.rowCount() == sum(f.severity is Severity.CRITICAL for f in findings) == 2
    type_text(qtbot, page, "明文")
    assert shown_titles(page) == ["个人信息以明文存储"]
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.search_edit.clear()
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.severity_combo.setCurrentIndex(0)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.status_combo.setCurrentIndex(page.status_combo.findData(FindingStatus.RECTIFYING))
    assert shown_titles(page) == [f.title for f in findings if f.status is FindingStatus.RECTIFYING]
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.status_combo.setCurrentIndex(0)
    health = page.department_combo.findText("晋城市卫生健康委员会")
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.department_combo.setCurrentIndex(health)
    assert set(shown_ids(page)) == {f.id for f in findings if f.department_id == page.department_combo.currentData()}
    assert page.model.rowCount() == 2


def test_overdue_only_follows_the_workflow_rule(qtbot, page, demo_vault):
    page.today = lambda: date(2027, 1, 15)  # after the demo's deadlines
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        qtbot.mouseClick(page.overdue_check, Qt.MouseButton.LeftButton)
    expected = {f.id for f in all_findings(demo_vault) if workflow.is_overdue(f.status, f.deadline, date(2027, 1, 15))}
    assert set(shown_ids(page)) == expected and len(expected) == 2  # notified and rectifying, not the drafts


def test_clicking_a_header_sorts_in_the_query(qtbot, page, demo_vault):
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(COL_TITLE) + 20
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    titles = shown_titles(page)
    assert page.query.sort == "title"
    assert titles == sorted(titles, reverse=page.query.descending)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown_titles(page) == titles[::-1]


def test_double_click_enter_and_navigation_open_the_editor(qtbot, page):
    index = page.model.index(2, COL_TITLE)
    where = page.view.visualRect(index).center()
    with qtbot.waitSignal(page.editor.loaded, timeout=TIMEOUT_MS) as opened:  # press, release, double click, release
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseRelease(page.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == [index.data(ID_ROLE)]
    assert page.stack.currentWidget() is page.editor and page.editor.title_edit.text() == index.data()

    page.editor.back_button.click()
    assert page.stack.currentWidget() is page.list_panel
    page.view.setCurrentIndex(page.model.index(0, COL_TITLE))
    page.view.setFocus()
    with qtbot.waitSignal(page.editor.loaded, timeout=TIMEOUT_MS) as opened:
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened.args == [page.model.index(0, 0).data(ID_ROLE)]

    page.show_list()
    last = page.model.index(4, 0).data(ID_ROLE)
    with qtbot.waitSignal(page.editor.loaded, timeout=TIMEOUT_MS) as opened:
        page.activate(last)
    assert opened.args == [last] and page.stack.currentWidget() is page.editor


def test_a_change_elsewhere_reloads_the_visible_list(qtbot, page, demo_vault):
    row = next(r for r in range(page.model.rowCount())  # a draft: what an issued notice states is frozen
               if page.model.index(r, 0).data(ID_ROLE) in draft_ids(demo_vault))
    fid = page.model.index(row, 0).data(ID_ROLE)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):  # a write elsewhere (no widget) reports FINDINGS
        page.ctx.write(None, lambda s: findings.update_finding(s, fid, {"title": "标题已在别处修改"}) and None)
    assert page.model.index(row, COL_TITLE).data() == "标题已在别处修改"
    page.view.selectRow(row)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.ctx.write(None, lambda s: findings.update_finding(s, fid, {"location": "别处"}) and None)
    # the same ids: no reset, the selection stays
    assert page.view.currentIndex().row() == row


def draft_ids(vault) -> set[str]:
    with vault.session() as s:
        return {f.id for f in s.exec(select(Finding).where(Finding.status == FindingStatus.DRAFT)).all()}


def test_an_older_list_read_is_dropped_when_a_newer_one_was_asked(qtbot, page, monkeypatch):
    entered, release = threading.Event(), threading.Event()
    real = search.ordered_ids

    def held(s, query, today=None):
        if query.severity == Severity.CRITICAL:  # the first read: held on the worker until the second is asked
            entered.set()
            release.wait(TIMEOUT_MS / 1000)
        return real(s, query, today)

    monkeypatch.setattr(search, "ordered_ids", held)
    shown: list[list[str]] = []
    page.loaded.connect(lambda: shown.append(shown_ids(page)))
    page.severity_combo.setCurrentIndex(page.severity_combo.findData(Severity.CRITICAL))
    assert entered.wait(TIMEOUT_MS / 1000)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.severity_combo.setCurrentIndex(page.severity_combo.findData(Severity.MAJOR))
        release.set()
    # The worker runs in order: the first read ended before the second, and its answer never showed.
    assert len(shown) == 1
    assert {page.model.index(r, COL_SEVERITY).data() for r in range(page.model.rowCount())} == {"较大"}


def test_a_department_renamed_elsewhere_renames_the_filter_choice(qtbot, page, demo_vault):
    index = page.department_combo.findText("晋城市卫生健康委员会")
    department_id = page.department_combo.itemData(index)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.department_combo.setCurrentIndex(index)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):  # a write elsewhere (no widget) reports DEPARTMENTS
        page.ctx.write(None, lambda s: plans.update_department(s, department_id, name="晋城市卫健委") and None)
    assert page.department_combo.findText("晋城市卫生健康委员会") == -1
    assert page.department_combo.currentText() == "晋城市卫健委"  # the filter stays on it
    assert page.department_combo.currentData() == department_id and page.model.rowCount() == 2
    assert {page.model.index(r, 1).data() for r in range(2)} == {"晋城市卫健委"}


def test_locking_forgets_everything_shown(qtbot, page):
    type_text(qtbot, page, "明文")
    page.clear()
    assert page.model.rowCount() == 0 and page.search_edit.text() == "" and page.department_combo.count() == 1
    assert page.count_label.text() == "" and page.stale
