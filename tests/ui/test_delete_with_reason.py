"""删除… with a reason on the findings, plans and departments pages (the draft notice's: tests/ui/test_rectification.py).

Each asks for the reason (``ask_reason``, replaced here), deletes through the core
(:func:`inspector.services.deletion.delete`), which leaves a tombstone holding the reason, and the list drops the
record; cancelling changes nothing; what the core refuses is shown with its reason and stays.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from inspector.model import Department, Finding, FindingStatus, Plan, PlanTarget, Tombstone
from inspector.services import plans
from ui import tasks
from ui.context import AppContext
from ui.departments.page import DepartmentsPage
from ui.findings.page import FindingsPage
from ui.plans.page import PlansPage

TIMEOUT_MS = 10_000
LEFT = Qt.MouseButton.LeftButton
REASON = "误录：与另一条重复"


class Asked:
    """Stands for ``ask_reason``: what it was asked, and the answer given (None: cancelled)."""

    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str, str]] = []

    def __call__(self, parent, title: str, text: str, accept_label: str, **_kw) -> str | None:
        self.calls.append((title, text, accept_label))
        return self.answer


@pytest.fixture
def answer(monkeypatch):
    """``answer(reason_or_None, module)`` replaces the module's ask_reason and returns the stand-in."""

    def replace(reason: str | None, module: str) -> Asked:
        asked = Asked(reason)
        monkeypatch.setattr(f"{module}.ask_reason", asked)
        return asked

    return replace


@pytest.fixture
def errors(monkeypatch) -> list:
    shown: list = []
    monkeypatch.setattr("ui.findings.editor.show_error", lambda parent, err: shown.append(err))
    monkeypatch.setattr("ui.plans.page.show_error", lambda parent, err: shown.append(err))
    return shown


def tombstone(vault, record_id: str) -> Tombstone | None:
    with vault.session() as s:
        return s.get(Tombstone, record_id)


def exists(vault, model, record_id: str) -> bool:
    with vault.session() as s:
        return s.get(model, record_id) is not None


def idle(qtbot) -> None:
    assert tasks.wait_for_all(TIMEOUT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=TIMEOUT_MS)


# ---- a finding: from its editor on the findings page --------------------------------------------


@pytest.fixture
def findings_page(qtbot, demo_vault):
    page = FindingsPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.activate()
    return page


def finding_id(vault, *conditions) -> str:
    with vault.session() as s:
        return s.exec(select(Finding.id).where(*conditions).order_by(Finding.created_at)).first()


def open_finding(qtbot, page: FindingsPage, fid: str) -> None:
    with qtbot.waitSignal(page.editor.loaded, timeout=TIMEOUT_MS):
        page.open_finding(fid)
    assert page.editor.delete_button.isVisible() and page.editor.delete_button.isEnabled()


def test_a_draft_finding_is_deleted_with_its_reason(qtbot, findings_page, demo_vault, answer, errors):
    page = findings_page
    fid = finding_id(demo_vault, Finding.status == FindingStatus.DRAFT, Finding.title == "安全审计日志仅保存30天")
    assert page.model.row_of(fid) >= 0
    open_finding(qtbot, page, fid)
    asked = answer(REASON, "ui.findings.editor")
    with qtbot.waitSignal(page.editor.deleted, timeout=TIMEOUT_MS) as deleted:
        qtbot.mouseClick(page.editor.delete_button, LEFT)
    assert deleted.args == [fid]
    [(title, text, accept)] = asked.calls
    assert (title, accept) == ("删除问题", "删除") and "安全审计日志仅保存30天" in text
    assert page.stack.currentWidget() is page.list_panel and page.editor.finding_id is None
    qtbot.waitUntil(lambda: page.model.row_of(fid) == -1 and not page.stale, timeout=TIMEOUT_MS)
    assert not exists(demo_vault, Finding, fid)
    stone = tombstone(demo_vault, fid)
    assert stone is not None and (stone.table_name, stone.reason) == ("finding", REASON)
    assert stone.title == "安全审计日志仅保存30天" and errors == []


def test_cancelling_the_reason_deletes_no_finding(qtbot, findings_page, demo_vault, answer, errors):
    page = findings_page
    fid = finding_id(demo_vault, Finding.status == FindingStatus.DRAFT)
    open_finding(qtbot, page, fid)
    asked = answer(None, "ui.findings.editor")
    qtbot.mouseClick(page.editor.delete_button, LEFT)
    idle(qtbot)
    assert len(asked.calls) == 1
    assert exists(demo_vault, Finding, fid) and tombstone(demo_vault, fid) is None
    assert page.stack.currentWidget() is page.editor and page.editor.finding_id == fid and errors == []


def test_a_finding_of_an_issued_notice_is_refused_and_stays(qtbot, findings_page, demo_vault, answer, errors):
    page = findings_page
    fid = finding_id(demo_vault, Finding.notice_id.is_not(None))
    open_finding(qtbot, page, fid)
    answer(REASON, "ui.findings.editor")
    qtbot.mouseClick(page.editor.delete_button, LEFT)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=TIMEOUT_MS)
    assert errors[0].zh.startswith("不能删除：") and "晋数安检〔2026〕1号" in errors[0].zh
    assert exists(demo_vault, Finding, fid) and tombstone(demo_vault, fid) is None
    assert page.stack.currentWidget() is page.editor and page.editor.finding_id == fid
    assert page.editor.delete_button.isEnabled()


def test_the_runners_finding_dialog_offers_no_deletion(qtbot, demo_vault):
    """The editor inside the runner's finding dialog is not made deletable (it would stay on a deleted finding)."""
    from ui.findings.editor import FindingEditor

    editor = FindingEditor(AppContext(demo_vault))
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.delete_button.isVisible()


# ---- a draft plan: from the plans page ----------------------------------------------------------


@pytest.fixture
def draft_plan(demo_vault) -> str:
    with demo_vault.session() as s:
        department = s.exec(select(Department.id).where(Department.name == "晋城市医疗保障局")).one()
        template = s.exec(select(Plan.template_id)).first()  # the demo plan's checklist
        return plans.create_plan(s, title="误建的检查计划", year=2026, template_id=template,
                                 targets=[plans.TargetSpec(department, date(2026, 12, 1))]).id


@pytest.fixture
def plans_page(qtbot, demo_vault, draft_plan):
    page = PlansPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 1, timeout=TIMEOUT_MS)
    return page


def test_a_draft_plan_is_deleted_with_its_reason(qtbot, plans_page, demo_vault, draft_plan, answer, errors):
    page = plans_page
    n = page.model.rowCount()
    active = next(r["id"] for r in page.model.rows() if r["id"] != draft_plan)
    page.select(active)
    assert page.selected_id() == active and not page.delete_button.isEnabled()  # only a draft may go
    page.select(draft_plan)
    assert page.delete_button.isEnabled() and page.delete_button.isVisible()
    asked = answer(REASON, "ui.plans.page")
    qtbot.mouseClick(page.delete_button, LEFT)
    qtbot.waitUntil(lambda: page.model.row_of(draft_plan) == -1, timeout=TIMEOUT_MS)
    [(title, text, accept)] = asked.calls
    assert (title, accept) == ("删除计划", "删除") and "误建的检查计划" in text
    assert page.model.rowCount() == n - 1 and page.count_label.text() == f"共 {n - 1} 个计划"
    assert not exists(demo_vault, Plan, draft_plan)
    with demo_vault.session() as s:
        assert s.exec(select(PlanTarget).where(PlanTarget.plan_id == draft_plan)).all() == []
    stone = tombstone(demo_vault, draft_plan)
    assert stone is not None and (stone.table_name, stone.reason) == ("plan", REASON) and errors == []


def test_cancelling_the_reason_deletes_no_plan(qtbot, plans_page, demo_vault, draft_plan, answer, errors):
    page = plans_page
    page.select(draft_plan)
    asked = answer(None, "ui.plans.page")
    qtbot.mouseClick(page.delete_button, LEFT)
    idle(qtbot)
    assert len(asked.calls) == 1 and page.model.row_of(draft_plan) >= 0
    assert exists(demo_vault, Plan, draft_plan) and tombstone(demo_vault, draft_plan) is None and errors == []


def test_a_draft_plan_an_inspection_started_from_is_refused(qtbot, plans_page, demo_vault, draft_plan, answer,
                                                            errors):
    from inspector.model import Inspection

    with demo_vault.session() as s:  # an inspection of the demo, moved onto the draft plan
        inspection = s.exec(select(Inspection)).first()
        inspection.plan_id = draft_plan
        s.add(inspection)
    page = plans_page
    page.select(draft_plan)
    answer(REASON, "ui.plans.page")
    qtbot.mouseClick(page.delete_button, LEFT)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=TIMEOUT_MS)
    assert errors[0].zh.startswith("不能删除：") and "引用该检查计划" in errors[0].zh
    assert exists(demo_vault, Plan, draft_plan) and tombstone(demo_vault, draft_plan) is None
    assert page.model.row_of(draft_plan) >= 0


# ---- a department: from the departments page ---------------------------------------------------


@pytest.fixture
def departments_page(qtbot, demo_vault):
    page = DepartmentsPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=TIMEOUT_MS)
    return page


def select_department(page: DepartmentsPage, name: str) -> str:
    row = next(r for r in page.model.rows() if r["name"] == name)
    page.view.selectRow(page.model.row_of(row["id"]))
    assert page.current_id == row["id"]
    return row["id"]


def test_a_department_added_in_error_is_deleted_with_its_reason(qtbot, departments_page, demo_vault, answer):
    page = departments_page
    assert not page.delete_button.isVisible()  # a new department: nothing to delete yet
    n = page.model.rowCount()
    did = select_department(page, "晋城市医疗保障局")
    assert page.delete_button.isVisible() and page.delete_button.isEnabled()
    asked = answer(REASON, "ui.departments.page")
    with qtbot.waitSignal(page.model.modelReset, timeout=TIMEOUT_MS):
        qtbot.mouseClick(page.delete_button, LEFT)
    qtbot.waitUntil(lambda: page.model.row_of(did) == -1, timeout=TIMEOUT_MS)
    [(title, text, accept)] = asked.calls
    assert (title, accept) == ("删除单位", "删除") and "晋城市医疗保障局" in text
    assert page.model.rowCount() == n - 1 and page.current_id is None and page.add_button.isVisible()
    assert page.state_label.text() == "已删除“晋城市医疗保障局”。" and not page.message.isVisible()
    assert not exists(demo_vault, Department, did)
    stone = tombstone(demo_vault, did)
    assert stone is not None and (stone.table_name, stone.reason, stone.title) == (
        "department", REASON, "晋城市医疗保障局")


def test_cancelling_the_reason_deletes_no_department(qtbot, departments_page, demo_vault, answer):
    page = departments_page
    did = select_department(page, "晋城市医疗保障局")
    asked = answer(None, "ui.departments.page")
    qtbot.mouseClick(page.delete_button, LEFT)
    idle(qtbot)
    assert len(asked.calls) == 1 and page.current_id == did and page.model.row_of(did) >= 0
    assert exists(demo_vault, Department, did) and tombstone(demo_vault, did) is None


def test_a_department_something_refers_to_is_refused_and_stays(qtbot, departments_page, demo_vault, answer):
    page = departments_page
    did = select_department(page, "晋城市卫生健康委员会")  # planned, inspected, given a notice
    answer(REASON, "ui.departments.page")
    qtbot.mouseClick(page.delete_button, LEFT)
    qtbot.waitUntil(page.message.isVisible, timeout=TIMEOUT_MS)
    assert "不能删除：" in page.message.text() and "引用该单位" in page.message.text()
    assert page.current_id == did and page.delete_button.isEnabled()
    assert exists(demo_vault, Department, did) and tombstone(demo_vault, did) is None
