"""The departments' forms from the pages: a self-report form from the plans page and a rectification report
form from the rectification page, written through the save dialog, filled with openpyxl as a department would,
imported through the open dialog — and refused forms shown problem by problem."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlmodel import select

from inspector.changes import Changes
from inspector.forms import FormProblem, rectification, selfreport
from inspector.model import (
    Area,
    Department,
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    IssuedDocument,
    NoticeStatus,
    Plan,
    RectificationNotice,
    Verdict,
)
from inspector.services import inspections, plans
from inspector.services import rectification as rect
from tests.forms_helpers import fill, row_of, vault_state
from ui import tasks
from ui.context import AppContext
from ui.forms.flows import (
    FORMS_FOLDER,
    P_COLUMN,
    P_ROW,
    P_SHEET,
    P_TEXT,
    RETURNED_FORMS_FOLDER,
    ProblemListDialog,
    ProblemsTableModel,
    with_suffix,
)
from ui.plans.page import PlansPage
from ui.rectification.page import RectificationPage

TIMEOUT_MS = 15_000
LEFT = Qt.MouseButton.LeftButton
TODAY = date(2026, 11, 24)
RS = "晋城市人力资源和社会保障局"        # demo: inspection in progress, a self-report received
WJ = "晋城市卫生健康委员会"              # demo: inspection completed, a self-report received, the issued notice


# ---- helpers -----------------------------------------------------------------------------------------------


class FileDialogs:
    """QFileDialog's static functions replaced: they answer with the paths a test chose and record the calls."""

    def __init__(self, monkeypatch) -> None:
        self.save_to: Path | None = None
        self.open_from: Path | None = None
        self.calls: list[tuple[str, str, str]] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._save))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(self._open))

    def _save(self, parent, title, start, filters, **options):
        self.calls.append(("save", title, start))
        return (str(self.save_to) if self.save_to else "", filters)

    def _open(self, parent, title, start, filters):
        self.calls.append(("open", title, start))
        return (str(self.open_from) if self.open_from else "", filters)


@pytest.fixture
def dialogs(monkeypatch) -> FileDialogs:
    return FileDialogs(monkeypatch)


def ids_of(vault) -> dict[str, str]:
    with vault.session() as s:
        plan = s.exec(select(Plan)).one()
        depts = {d.name: d.id for d in s.exec(select(Department)).all()}
        running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()
    return dict(plan=plan.id, plan_title=plan.title, running=running.id, **depts)


@pytest.fixture
def plans_page(qtbot, demo_vault) -> PlansPage:
    page = PlansPage(AppContext(demo_vault))
    page.resize(1100, 700)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=TIMEOUT_MS)
    return page


def select_plan(qtbot, page: PlansPage, plan_id: str) -> None:
    with qtbot.waitSignal(page.forms.targets_loaded, timeout=TIMEOUT_MS):
        page.select(plan_id)
    assert page.forms.plan_id == plan_id


def choose(panel, name: str) -> str:
    index = panel.department_combo.findText(name)
    assert index >= 0, name
    panel.department_combo.setCurrentIndex(index)
    return panel.department_id()


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible(), button.text()
    qtbot.mouseClick(button, LEFT)


def generate_selfreport(qtbot, page: PlansPage, dialogs: FileDialogs, out: Path):
    dialogs.save_to = out
    with qtbot.waitSignal(page.forms.written, timeout=TIMEOUT_MS) as written:
        click(qtbot, page.forms.save_button)
    return written.args[0]


def import_selfreport(qtbot, page: PlansPage, dialogs: FileDialogs, path: Path, signal: str = "imported"):
    dialogs.open_from = path
    with qtbot.waitSignal(getattr(page.forms, signal), timeout=TIMEOUT_MS) as done:
        click(qtbot, page.forms.import_button)
    return done.args[0]


def answers_for(data: bytes, answers: dict[str, str | None], default: str | None = "符合") -> dict[str, str]:
    """G cells for every item code of the form: ``answers`` where given, else ``default`` (None: unanswered)."""
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(data))["自查表"]
    cells = {}
    for row in ws.iter_rows(min_row=4, max_col=1):
        code = row[0].value
        if not code:
            continue
        value = answers.get(code, default)
        if value:
            cells[f"G{row[0].row}"] = value
    return cells


# ---- pieces alone ------------------------------------------------------------------------------------------


def test_suggested_names_are_the_cores(demo_vault):
    ids = ids_of(demo_vault)
    with demo_vault.session() as s:
        notice = s.exec(select(RectificationNotice)).one()
        assert (selfreport.suggested_filename(s, ids["plan"], ids[RS])
                == selfreport.build_form(s, ids["plan"], ids[RS]).filename)
        assert rectification.suggested_filename(s, notice.id) == rectification.build_form(s, notice.id).filename
        s.rollback()  # nothing registered
    assert with_suffix("/tmp/a").name == "a.xlsx" and with_suffix("/tmp/b.XLSX").name == "b.XLSX"


def test_problems_model_and_dialog_alone(qtbot):
    problems = [FormProblem("", None, None, "这份自查表是“甲”的，不是所选单位“乙”的。", "Not the chosen department's."),
                FormProblem("自查表", 5, "G", "“是”不在可选项中", "not a choice")]
    model = ProblemsTableModel()
    model.set_rows(problems)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["工作表", "行", "列", "问题"]
    assert [model.index(0, c).data() for c in range(4)] == ["（整个文件）", "", "", problems[0].zh]
    assert [model.index(1, c).data() for c in range(4)] == ["自查表", "5", "G", "“是”不在可选项中"]
    assert model.as_text() == "\n".join(p.line_zh for p in problems)

    dialog = ProblemListDialog(problems, "返回.xlsx")
    qtbot.addWidget(dialog)
    click_copy = dialog.copy_button
    dialog.show()
    qtbot.mouseClick(click_copy, LEFT)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("“返回.xlsx”有 2 处问题，未导入任何内容。")
    assert "工作表“自查表”第 5 行 G 列：“是”不在可选项中" in copied
    assert dialog.copied_label.text() == "已复制 2 条。"


# ---- the plans page: buttons -------------------------------------------------------------------------------


def test_buttons_follow_the_selected_plan_and_say_why_not(qtbot, plans_page, demo_vault):
    panel = plans_page.forms
    buttons = (panel.save_button, panel.import_button, panel.discrepancy_button)
    assert plans_page.selected_id() is None
    assert not any(b.isEnabled() for b in buttons)
    assert all(b.toolTip() == "请先在上方列表中选择一个检查计划。" for b in buttons)

    ids = ids_of(demo_vault)
    select_plan(qtbot, plans_page, ids["plan"])
    with demo_vault.session() as s:
        expected = [t["department"] for t in plans.get_plan(s, ids["plan"]).targets]
    assert [panel.department_combo.itemText(n) for n in range(panel.department_combo.count())] == expected
    assert all(b.isEnabled() for b in buttons)
    choose(panel, RS)
    assert panel.save_button.toolTip() == f"生成“{RS}”的自查表（xlsx），发给单位填写"
    assert panel.state_label.text().startswith("已导入自查表：") and "已回答" in panel.state_label.text()
    no_report = next(name for name in expected if name not in (RS, WJ))
    choose(panel, no_report)
    assert panel.state_label.text().startswith(f"尚未导入“{no_report}”的自查表。")

    # a plan without targets: nothing to write a form for
    with demo_vault.session() as s:
        template = s.get(Plan, ids["plan"]).template_id
        empty = plans.create_plan(s, title="2027年度专项检查", year=2027, template_id=template).id
    with qtbot.waitSignal(plans_page.forms.targets_loaded, timeout=TIMEOUT_MS):
        plans_page.reload()
    select_plan(qtbot, plans_page, empty)
    assert panel.department_combo.count() == 0 and not panel.department_combo.isEnabled()
    assert not panel.save_button.isEnabled() and not panel.import_button.isEnabled()
    assert panel.save_button.toolTip() == "本计划还没有被检查单位：请先编辑计划，添加被检查单位。"
    assert panel.discrepancy_button.isEnabled()



def test_the_panel_shows_only_the_targets_of_the_plan_chosen_last(qtbot, plans_page, demo_vault, monkeypatch):
    """Two plans chosen quickly: the first one's targets, read after the second was chosen, never reach the panel."""
    from inspector.services import selfreports

    ids = ids_of(demo_vault)
    with demo_vault.session() as s:
        template = s.get(Plan, ids["plan"]).template_id
        other = plans.create_plan(s, title="2027年度专项检查", year=2027, template_id=template,
                                  targets=[plans.TargetSpec(ids[WJ])]).id
    assert tasks.wait_for_all(TIMEOUT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=TIMEOUT_MS)
    real = selfreports.plan_targets
    gate, held = threading.Event(), threading.Event()

    def plan_targets(s, plan_id):
        if plan_id == ids["plan"]:  # the first plan's answer, held on the worker
            held.set()
            gate.wait(10)
        return real(s, plan_id)

    monkeypatch.setattr(selfreports, "plan_targets", plan_targets)
    panel = plans_page.forms
    shown: list[list[str]] = []
    panel.targets_loaded.connect(lambda: shown.append(
        [panel.department_combo.itemText(n) for n in range(panel.department_combo.count())]))
    panel.set_plan(ids["plan"], ids["plan_title"])
    assert held.wait(10)
    with qtbot.waitSignal(panel.targets_loaded, timeout=TIMEOUT_MS):
        panel.set_plan(other, "2027年度专项检查")
        gate.set()
    assert tasks.wait_for_all(TIMEOUT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=TIMEOUT_MS)
    assert shown == [[WJ]] and panel.plan_id == other and [t.department for t in panel.targets] == [WJ]

# ---- the plans page: the self-report round trip ------------------------------------------------------------


def test_generate_fill_and_import_a_self_report(qtbot, plans_page, demo_vault, dialogs, tmp_path):
    ids = ids_of(demo_vault)
    select_plan(qtbot, plans_page, ids["plan"])
    panel = plans_page.forms
    choose(panel, RS)
    (tmp_path / "out").mkdir()
    written = generate_selfreport(qtbot, plans_page, dialogs, tmp_path / "out" / "人社局自查表")  # no suffix typed

    # the save dialog started with the core's file name; the file got its .xlsx; the folder is remembered
    kind, title, start = dialogs.calls[0]
    with demo_vault.session() as s:
        expected_name = selfreport.suggested_filename(s, ids["plan"], ids[RS])
    assert (kind, title, Path(start).name) == ("save", "生成自查表", expected_name)
    assert written.path == tmp_path / "out" / "人社局自查表.xlsx" and written.path.is_file()
    assert FORMS_FOLDER.get() == str(tmp_path / "out")
    text = panel.flows.message_box.text()
    assert str(written.path) in text and f"请将此文件发送给“{RS}”填写" in text
    with demo_vault.session() as s:
        doc = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == written.form_id)).one()
    assert doc.kind == "selfreport_form"
    panel.flows.message_box.close()

    # the department fills it in: all 符合 but two, one left unanswered
    data = written.path.read_bytes()
    cells = answers_for(data, {"1-01": "不符合", "2-01": "部分符合", "3-07": None})
    returned = tmp_path / "returned" / "人社局-自查表-已填.xlsx"
    returned.parent.mkdir()
    returned.write_bytes(fill(data, "自查表", {**cells, "H" + str(row_of(data, "自查表", "1-01")): "管理员账号共用",
                                                 "B2": "王芳", "D2": "0356-2021234"}))
    seen: list[Changes] = []
    plans_page.ctx.written.connect(lambda changes, initiator: seen.append(changes))
    with qtbot.waitSignal(panel.targets_loaded, timeout=TIMEOUT_MS):  # the state line reads the new report
        result = import_selfreport(qtbot, plans_page, dialogs, returned)
    assert dialogs.calls[-1][:2] == ("open", "导入自查表") and RETURNED_FORMS_FOLDER.get() == str(returned.parent)
    assert any(Area.SELF_REPORTS in changes for changes in seen)
    assert (result.department, result.rows - result.answered, result.supersedes_id is not None) == (RS, 1, True)
    text = panel.flows.message_box.text()
    assert f"已导入“{RS}”的自查表（人社局-自查表-已填.xlsx）。" in text
    assert f"共 {result.rows} 项：已回答 {result.rows - 1} 项，未回答 1 项。" in text
    assert "取代此前导入的一份" in text
    assert panel.state_label.text().startswith("已导入自查表：") and "人社局-自查表-已填.xlsx" in panel.state_label.text()
    assert "王芳" in panel.state_label.text()

    # the runner of 人社局's inspection shows the department's answers
    with demo_vault.session() as s:
        data = inspections.runner_data(s, ids["running"])
    by_code = {item.code: item.id for item in data.items}
    assert data.self_report["source_filename"] == "人社局-自查表-已填.xlsx"
    assert data.self_answers[by_code["1-01"]].answer is Verdict.NON_COMPLIANT
    assert data.self_answers[by_code["1-01"]].explanation == "管理员账号共用"
    assert data.self_answers[by_code["2-01"]].answer is Verdict.PARTIAL
    assert data.self_answers[by_code["3-07"]].answer is None
    assert data.self_answers[by_code["1-02"]].answer is Verdict.COMPLIANT


def test_a_form_with_mistakes_shows_every_problem(qtbot, plans_page, demo_vault, dialogs, tmp_path):
    ids = ids_of(demo_vault)
    select_plan(qtbot, plans_page, ids["plan"])
    panel = plans_page.forms
    choose(panel, RS)
    written = generate_selfreport(qtbot, plans_page, dialogs, tmp_path / "form.xlsx")
    panel.flows.message_box.close()
    data = written.path.read_bytes()
    r1, r2, r3 = (row_of(data, "自查表", code) for code in ("1-01", "1-02", "2-01"))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(fill(data, "自查表", {f"G{r1}": "是", f"H{r2}": "=A1", f"D{r3}": "改过的要求"}))
    before = vault_state(demo_vault)

    err = import_selfreport(qtbot, plans_page, dialogs, bad, signal="refused")
    assert vault_state(demo_vault) == before
    dialog = panel.flows.problem_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "表单未导入"
    model = dialog.model
    got = [(model.index(r, P_SHEET).data(), model.index(r, P_ROW).data(), model.index(r, P_COLUMN).data(),
            model.index(r, P_TEXT).data()) for r in range(model.rowCount())]
    assert got == [(p.sheet, str(p.row), p.column, p.zh) for p in err.problems]
    assert [(row, col) for _, row, col, _ in got] == [(str(r1), "G"), (str(r2), "H"), (str(r3), "D")]
    assert got[0][3].startswith("“是”不在可选项中") and "公式" in got[1][3] and "“检查要求”与下发的原表不一致" in got[2][3]
    assert panel.flows.message_box is None  # no success message
    assert panel.save_button.isEnabled() and panel.import_button.isEnabled()  # the flow is over
    dialog.copy_button.click()
    assert f"工作表“自查表”第 {r1} 行 G 列" in QGuiApplication.clipboard().text()


def test_a_form_for_another_department_is_refused_as_such(qtbot, plans_page, demo_vault, dialogs, tmp_path):
    ids = ids_of(demo_vault)
    select_plan(qtbot, plans_page, ids["plan"])
    panel = plans_page.forms
    choose(panel, RS)
    written = generate_selfreport(qtbot, plans_page, dialogs, tmp_path / "rs.xlsx")
    panel.flows.message_box.close()
    filled = tmp_path / "rs-filled.xlsx"
    filled.write_bytes(fill(written.path.read_bytes(), "自查表", answers_for(written.path.read_bytes(), {})))
    choose(panel, WJ)  # the user picked the wrong department before importing
    import_selfreport(qtbot, plans_page, dialogs, filled, signal="refused")
    model = panel.flows.problem_dialog.model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(3)] == ["（整个文件）", "", ""]
    assert model.index(0, P_TEXT).data() == f"这份自查表是“{RS}”的，不是所选单位“{WJ}”的。"


def test_a_file_that_is_not_a_form_shows_the_message(qtbot, plans_page, demo_vault, dialogs, tmp_path):
    ids = ids_of(demo_vault)
    select_plan(qtbot, plans_page, ids["plan"])
    choose(plans_page.forms, RS)
    old = tmp_path / "自查表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    before = vault_state(demo_vault)
    import_selfreport(qtbot, plans_page, dialogs, old, signal="refused")
    box = plans_page.forms.flows.message_box
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert ".xlsx" in box.text() and box.text().splitlines()[0]  # Chinese first
    assert plans_page.forms.flows.problem_dialog is None
    assert vault_state(demo_vault) == before


def test_choosing_no_file_does_nothing(qtbot, plans_page, demo_vault, dialogs):
    ids = ids_of(demo_vault)
    select_plan(qtbot, plans_page, ids["plan"])
    panel = plans_page.forms
    before = vault_state(demo_vault)
    with qtbot.waitSignal(panel.flows.finished, timeout=TIMEOUT_MS):
        click(qtbot, panel.import_button)
    with qtbot.waitSignal(panel.flows.finished, timeout=TIMEOUT_MS):
        click(qtbot, panel.save_button)
    assert [c[0] for c in dialogs.calls] == ["open", "save"]
    assert panel.flows.message_box is None and vault_state(demo_vault) == before
    assert panel.save_button.isEnabled() and panel.import_button.isEnabled()


def test_a_cancelled_import_stores_nothing(qtbot, plans_page, demo_vault, dialogs, tmp_path):
    ids = ids_of(demo_vault)
    select_plan(qtbot, plans_page, ids["plan"])
    panel = plans_page.forms
    choose(panel, RS)
    written = generate_selfreport(qtbot, plans_page, dialogs, tmp_path / "rs.xlsx")
    panel.flows.message_box.close()
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill(written.path.read_bytes(), "自查表", answers_for(written.path.read_bytes(), {})))
    before = vault_state(demo_vault)

    gate = threading.Event()  # hold the one worker so the import is cancelled before it starts
    tasks.run_in_background(None, lambda progress, cancel: gate.wait(10), lambda _: None)
    dialogs.open_from = filled
    started: list = []
    real_write = panel.ctx.write
    panel.ctx.write = lambda *a, **k: started.append(real_write(*a, **k)) or started[-1]
    click(qtbot, panel.import_button)
    started[-1].cancel()
    gate.set()
    with qtbot.waitSignal(panel.flows.finished, timeout=TIMEOUT_MS):
        pass
    assert vault_state(demo_vault) == before
    assert panel.flows.message_box is None and panel.flows.problem_dialog is None
    assert panel.import_button.isEnabled()


# ---- the rectification page --------------------------------------------------------------------------------


@pytest.fixture
def rect_page(qtbot, demo_vault, monkeypatch) -> RectificationPage:
    monkeypatch.setattr("ui.rectification.page.show_error", lambda parent, err: None)
    page = RectificationPage(AppContext(demo_vault))
    page.today = lambda: TODAY
    page.resize(1100, 700)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.detail_loaded, timeout=TIMEOUT_MS):
        page.activate()
    return page


def test_rectification_report_round_trip(qtbot, rect_page, demo_vault, dialogs, tmp_path):
    page = rect_page
    notice = page.selected_notice()
    assert notice.status is NoticeStatus.ISSUED and notice.department == WJ
    assert page.form_button.isEnabled() and page.import_button.isEnabled()
    assert page.form_button.toolTip() == f"生成 {notice.number} 的整改情况报告表（xlsx），发给“{WJ}”填写"

    dialogs.save_to = tmp_path / "rect.xlsx"
    with qtbot.waitSignal(page.form_written, timeout=TIMEOUT_MS) as written:
        click(qtbot, page.form_button)
    form = written.args[0]
    with demo_vault.session() as s:
        assert Path(dialogs.calls[0][2]).name == rectification.suggested_filename(s, notice.notice_id)
    assert form.path.is_file() and str(form.path) in page.flows.message_box.text()
    assert f"请将此文件发送给“{WJ}”" in page.flows.message_box.text()
    page.flows.message_box.close()

    data = form.path.read_bytes()
    with demo_vault.session() as s:
        findings = rectification.notice_findings(s, notice.notice_id)
    first = findings[0]
    row = row_of(data, "整改情况", "1")
    returned = tmp_path / "rect-filled.xlsx"
    returned.write_bytes(fill(data, "整改情况", {f"G{row}": "已回收共用账号，实行一人一号。", f"H{row}": "2026-11-20",
                                                  f"I{row}": "账号清单.pdf"}))
    dialogs.open_from = returned
    with qtbot.waitSignal(page.report_imported, timeout=TIMEOUT_MS) as imported:
        click(qtbot, page.import_button)
    result = imported.args[0]
    assert result.counts["moved_to_reported"] == 1 and result.counts["not_reported"] == len(findings) - 1
    text = page.flows.message_box.text()
    assert f"已导入“{WJ}”的整改情况报告（rect-filled.xlsx）。" in text
    assert f"报送整改 1 / {len(findings)} 个问题：1 个转为“已报整改”，等待核验" in text

    # the detail shows the finding awaiting verification; the reports tab lists the report
    qtbot.waitUntil(lambda: page.detail.findings_model.row_of(first.id) >= 0 and page.detail.findings_model.row(
        page.detail.findings_model.row_of(first.id)).status is FindingStatus.REPORTED, timeout=TIMEOUT_MS)
    with demo_vault.session() as s:
        assert s.get(Finding, first.id).status is FindingStatus.REPORTED
        assert rectification.latest_report(s, notice.notice_id).source_filename == "rect-filled.xlsx"
    qtbot.waitUntil(lambda: any(r.source_filename == "rect-filled.xlsx" for r in page.reports_model.rows()),
                    timeout=TIMEOUT_MS)
    page.detail.select_finding(first.id)
    assert page.detail.action_buttons[FindingStatus.VERIFIED].isEnabled()  # next: verify it


def test_rectification_form_with_a_date_in_the_future_is_refused(qtbot, rect_page, demo_vault, dialogs, tmp_path):
    page = rect_page
    notice = page.selected_notice()
    dialogs.save_to = tmp_path / "rect.xlsx"
    with qtbot.waitSignal(page.form_written, timeout=TIMEOUT_MS) as written:
        click(qtbot, page.form_button)
    page.flows.message_box.close()
    data = written.args[0].path.read_bytes()
    row = row_of(data, "整改情况", "1")
    returned = tmp_path / "late.xlsx"
    returned.write_bytes(fill(data, "整改情况", {f"G{row}": "已整改", f"H{row}": "2026-12-31"}))
    before = vault_state(demo_vault)
    dialogs.open_from = returned
    with qtbot.waitSignal(page.form_refused, timeout=TIMEOUT_MS):
        click(qtbot, page.import_button)
    model = page.flows.problem_dialog.model
    assert [(model.index(0, c).data()) for c in range(3)] == ["整改情况", str(row), "H"]
    assert model.index(0, P_TEXT).data() == "完成日期 2026-12-31 晚于今天（2026-11-24），请填写实际完成的日期。"
    assert vault_state(demo_vault) == before
    assert page.selected_notice_id() == notice.notice_id


def test_a_draft_notice_gets_no_form(qtbot, rect_page, demo_vault):
    page = rect_page
    with demo_vault.session() as s:
        candidates = rect.draft_candidates(s)
        dept = candidates[0].department_id
        draft = rect.create_draft(s, dept, [c.finding_id for c in candidates if c.department_id == dept],
                                  deadline=date(2026, 12, 24), today=TODAY).id
    page._select_after_load = draft
    with qtbot.waitSignal(page.detail_loaded, timeout=TIMEOUT_MS):
        page.reload()
    assert page.selected_notice_id() == draft
    assert not page.form_button.isEnabled() and not page.import_button.isEnabled()
    assert page.form_button.toolTip() == "草稿尚未签发：签发后才能生成整改情况报告表。"
    assert page.import_button.toolTip() == "草稿尚未签发：签发后才能导入整改情况报告。"
    page.notices_view.clearSelection()
    assert page.form_button.toolTip() == "请先在列表中选择一份已签发的整改通知书。"
