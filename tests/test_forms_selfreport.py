"""The self-report form: its layout, a filled form imported (history kept, runner shows the newest), every kind
of problem named by sheet, row and column, forms for another plan or edited, and a LibreOffice round trip."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from sqlmodel import select

from inspector.errors import ExitCode
from inspector.forms import FormErrors, selfreport
from inspector.forms.xlsx import FORMAT, ID_SHEET, form_checksum
from inspector.model import (
    ChecklistItem,
    Department,
    Inspection,
    InspectionStatus,
    IssuedDocument,
    Plan,
    SelfReport,
    SelfReportAnswer,
    Verdict,
)
from inspector.regulation import import_template, load_checklist
from inspector.services import inspections, plans, selfreports
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401
from tests.forms_helpers import (
    fill,
    libreoffice_resave,
    needs_soffice,
    row_of,
    vault_state,
)

SHEET = "自查表"


def demo_ids(vault) -> dict:
    with vault.session() as s:
        plan = s.exec(select(Plan)).one()
        depts = {d.name: d.id for d in s.exec(select(Department)).all()}
        running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()
        items = {i.code: i.id for i in s.exec(select(ChecklistItem)).all()}
    return dict(plan=plan.id, rs=depts["晋城市人力资源和社会保障局"], mz=depts["晋城市民政局"],
                zr=depts["晋城市自然资源局"], yb=depts["晋城市医疗保障局"], running=running.id, items=items)


def make_form(vault, plan_id, department_id) -> bytes:
    with vault.session() as s:
        return selfreport.build_form(s, plan_id, department_id).data


def problems_of(excinfo) -> set[tuple]:
    return {(p.sheet, p.row, p.column) for p in excinfo.value.problems}


@demo_vault_only  # the command line reads the demo vault file
def test_form_layout_identifiers_and_registration(demo_vault, demo_env, run, tmp_path):
    ids = demo_ids(demo_vault)
    out = tmp_path / "自查表.xlsx"
    code, stdout, _ = run("selfreport", "form", "--plan", ids["plan"], "--department", ids["mz"], "--out", out, "--json")
    assert code == 0, stdout
    written = json.loads(stdout)
    assert written["rows"] == 55 and out.exists()

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["填写说明", SHEET, ID_SHEET]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible", "veryHidden"]
    ws = wb[SHEET]
    assert ws["A3"].value == "检查项编号\nCode" and ws["G3"].value == "自查结论\nConclusion"
    assert ws["A4"].value == "1-01" and ws["F4"].value == "第九条" and ws.max_row == 3 + 55
    assert ws.protection.sheet and wb[ID_SHEET].protection.sheet and wb.security.lockStructure
    assert all(ws.cell(4, c).protection.locked for c in range(1, 7))          # the item cells
    assert not any(ws.cell(4, c).protection.locked for c in range(7, 10))     # the answers
    assert not ws["B2"].protection.locked and not ws["D2"].protection.locked  # respondent, phone
    [choice] = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert choice.formula1 == '"符合,部分符合,不符合,不适用"' and str(choice.sqref) == "G4:G58"
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth) == ("landscape", 9, 1)
    assert all(ws.column_dimensions[c].width >= 10 for c in "ADGH") and ws["D4"].alignment.wrap_text

    hidden = {r[0]: r[1] for r in wb[ID_SHEET].iter_rows(values_only=True)}
    assert hidden["kind"] == "selfreport" and hidden["format"] == FORMAT
    assert (hidden["plan_id"], hidden["department_id"], hidden["form_id"]) == (ids["plan"], ids["mz"], written["form_id"])
    rows = [[str(c) if c is not None else "" for c in r[:6]] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert form_checksum(hidden, rows) == hidden["checksum"]
    with demo_vault.session() as s:
        issued = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == written["form_id"])).one()
    assert (issued.kind, issued.sha256) == ("selfreport_form", hidden["checksum"])


@demo_vault_only  # the command line reads the demo vault file
def test_import_stores_answers_keeps_history_and_the_runner_shows_the_newest(demo_vault, demo_env, run, tmp_path):
    ids = demo_ids(demo_vault)
    with demo_vault.session() as s:
        demo_report = selfreports.latest_self_report(s, ids["plan"], ids["rs"])
    form = make_form(demo_vault, ids["plan"], ids["rs"])
    r1, r2 = row_of(form, SHEET, "1-01"), row_of(form, SHEET, "3-05")
    first = tmp_path / "first.xlsx"
    first.write_bytes(fill(form, SHEET, {"B2": "张建国", "D2": 13503561234, f"G{r1}": "符合", f"H{r1}": "已发文明确。",
                                         f"I{r1}": "晋人社发〔2026〕3号.pdf\n岗位职责.docx", f"G{r2}": "部分符合"}))
    code, out, err = run("selfreport", "import", first, "--plan", ids["plan"], "--department", ids["rs"], "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["rows"], result["answered"], result["supersedes_id"]) == (55, 2, demo_report.id)
    assert result["counts"] == {"compliant": 1, "partial": 1, "unanswered": 53}
    with demo_vault.session() as s:
        report = s.get(SelfReport, result["report_id"])
        answers = {a.item_id: a for a in s.exec(select(SelfReportAnswer)
                                                 .where(SelfReportAnswer.self_report_id == report.id)).all()}
        shown = inspections.runner_data(s, ids["running"])
    assert report.respondent == "张建国（13503561234）" and report.source_filename == "first.xlsx"
    assert len(answers) == 55 and sum(a.answer is None for a in answers.values()) == 53
    one = answers[ids["items"]["1-01"]]
    assert (one.answer, one.explanation, one.evidence_list) == (Verdict.COMPLIANT, "已发文明确。",
                                                                "晋人社发〔2026〕3号.pdf\n岗位职责.docx")
    assert shown.self_report["id"] == report.id
    assert shown.self_answers[ids["items"]["3-05"]].answer is Verdict.PARTIAL

    # the department corrects its answers: a second import supersedes the first, nothing is lost
    second = tmp_path / "second.xlsx"
    second.write_bytes(fill(form, SHEET, {f"G{r1}": "不符合", f"H{r1}": "文件尚未印发。"}))
    code, out, _ = run("selfreport", "import", second)
    assert code == 0 and "已导入自查报告" in out and "不符合 1" in out and "取代此前导入的报告" in out
    with demo_vault.session() as s:
        chain = s.exec(select(SelfReport).where(SelfReport.department_id == ids["rs"])).all()
        newest = selfreports.latest_self_report(s, ids["plan"], ids["rs"])
        shown = inspections.runner_data(s, ids["running"])
    assert len(chain) == 3 and newest.supersedes_id == report.id and report.supersedes_id == demo_report.id
    assert shown.self_report["id"] == newest.id and shown.self_report["source_filename"] == "second.xlsx"
    assert shown.self_answers[ids["items"]["1-01"]].answer is Verdict.NON_COMPLIANT
    assert shown.self_answers[ids["items"]["3-05"]].answer is None

    code, _, err = run("selfreport", "import", second)  # the very same file again
    assert code == ExitCode.BAD_INPUT and "已经导入过" in err


@demo_vault_only  # the command line reads the demo vault file
def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_is_written(demo_vault, demo_env, run, tmp_path):
    ids = demo_ids(demo_vault)
    form = make_form(demo_vault, ids["plan"], ids["mz"])
    a, b, c, d = (row_of(form, SHEET, code) for code in ("1-01", "2-02", "3-07", "5-02"))
    bad = fill(form, SHEET, {f"G{a}": "是", f"H{b}": "=A1&B1", f"D{c}": "已删除此要求", f"I{d}": "x" * 2001,
                             f"G{d}": "=\"符合\"", "B2": "王" * 101, f"H{a}": "说明"})
    before = vault_state(demo_vault)
    with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
        selfreport.import_form(s, bad, "bad.xlsx")
    assert problems_of(excinfo) == {(SHEET, a, "G"), (SHEET, b, "H"), (SHEET, c, "D"), (SHEET, d, "I"),
                                    (SHEET, d, "G"), (SHEET, 2, None)}
    zh = excinfo.value.zh
    assert f"工作表“自查表”第 {a} 行 G 列：“是”不在可选项中（符合、部分符合、不符合、不适用）" in zh
    assert f"工作表“自查表”第 {b} 行 H 列：单元格含有公式" in zh and f"第 {d} 行 G 列：单元格含有公式" in zh
    assert f"工作表“自查表”第 {c} 行 D 列：“检查要求”与下发的原表不一致（被修改过）" in zh
    assert f"第 {d} 行 I 列：内容过长（2001 字，最多 2000 字）" in zh and zh.startswith("表单有 6 处问题")
    assert "row %d, column G" % a in excinfo.value.en
    assert vault_state(demo_vault) == before

    path = tmp_path / "bad.xlsx"
    path.write_bytes(bad)
    code, out, err = run("selfreport", "import", path, "--json")
    assert code == ExitCode.BAD_INPUT and f"第 {a} 行 G 列" in err
    reported = json.loads(out)
    assert reported["ok"] is False and {(p["row"], p["column"]) for p in reported["problems"]} >= {(a, "G"), (c, "D")}
    assert vault_state(demo_vault) == before


def test_a_form_for_another_plan_department_version_or_vault_is_recognised(demo_vault):
    ids = demo_ids(demo_vault)
    with demo_vault.session() as s:
        other = plans.create_plan(s, title="2026年度专项检查", year=2026, template_id=s.get(Plan, ids["plan"]).template_id,
                                  targets=[plans.TargetSpec(ids["zr"])])
        other_id = other.id
    form = fill(make_form(demo_vault, ids["plan"], ids["mz"]), SHEET, {"G4": "符合"})

    def refused(data, **expected) -> str:
        with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
            selfreport.import_form(s, data, "f.xlsx", **expected)
        return excinfo.value.zh

    assert "这份自查表属于检查计划“2026年度全市政务数据安全监督检查”，不是所选的“2026年度专项检查”" in refused(form, plan_id=other_id)
    assert "这份自查表是“晋城市民政局”的，不是所选单位“晋城市自然资源局”的" in refused(form, department_id=ids["zr"])
    # hidden identifiers edited (the form pretends to be the other plan's): the registered checksum tells
    msg = refused(fill(form, SHEET, {}, key_values={"plan_id": other_id}))
    assert "校验和不符" in msg and "不是检查计划“2026年度专项检查”的检查对象" in msg
    wb = openpyxl.load_workbook(io.BytesIO(form))
    hidden = {r[0]: r[1] for r in wb[ID_SHEET].iter_rows(values_only=True)} | {"plan_id": other_id}
    rows = [[str(c) if c is not None else "" for c in r[:6]] for r in wb[SHEET].iter_rows(min_row=4, values_only=True)]
    forged = fill(form, SHEET, {}, key_values={"plan_id": other_id, "checksum": form_checksum(hidden, rows)})
    msg = refused(forged)  # even with the checksum recomputed
    assert "隐藏标识与下发时登记的不一致" in msg and "校验和不符" not in msg
    # a form this vault never registered (built in a session that was rolled back)
    with pytest.raises(RuntimeError), demo_vault.session() as s:
        stray = selfreport.build_form(s, ids["plan"], ids["mz"]).data
        raise RuntimeError("roll back")
    assert "未知：这份自查表不是本保险库生成的" in refused(fill(stray, SHEET, {"G4": "符合"}))
    # the plan moved to a new checklist version after the form was sent
    form2 = fill(make_form(demo_vault, other_id, ids["zr"]), SHEET, {"G4": "符合"})
    data = load_checklist()
    shipped = data["version"]
    data["version"] = shipped + 1
    with demo_vault.session() as s:
        plans.update_plan(s, other_id, template_id=import_template(s, data).id)
    assert (f"表单使用的检查清单（JC-GDS-2024 第 {shipped} 版）与检查计划现用的清单（JC-GDS-2024 第 {shipped + 1} 版）"
            "不一致") in refused(form2)
    # a rectification form is not a self-report
    from inspector.forms import rectification
    from inspector.model import RectificationNotice
    with demo_vault.session() as s:
        notice = s.exec(select(RectificationNotice)).one()
        rect_form = rectification.build_form(s, notice.id).data
    assert "这是整改情况报告表，不是自查表" in refused(rect_form)


def test_rows_deleted_or_inserted_are_named(demo_vault):
    ids = demo_ids(demo_vault)
    wb = openpyxl.load_workbook(io.BytesIO(make_form(demo_vault, ids["plan"], ids["mz"])))
    ws = wb[SHEET]
    ws.protection.sheet = False  # the department unprotects the sheet and deletes a row
    ws.delete_rows(5)
    ws["G60"] = "符合"            # and writes below the table
    buf = io.BytesIO()
    wb.save(buf)
    with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
        selfreport.import_form(s, buf.getvalue(), "f.xlsx")
    lines = excinfo.value.zh
    assert "工作表“自查表”：缺少检查项“1-02”（该行被删除了？）" in lines
    assert "工作表“自查表”第 60 行 A 列：这一行不是表中原有的检查项" in lines


@demo_vault_only  # the command line reads the demo vault file
def test_cli_refuses_unknown_ids_and_missing_folders(demo_vault, demo_env, run, tmp_path):
    ids = demo_ids(demo_vault)
    code, _, err = run("selfreport", "form", "--plan", "nope", "--department", ids["mz"], "--out", tmp_path / "f.xlsx")
    assert code == ExitCode.BAD_INPUT and "找不到检查计划" in err
    code, _, err = run("selfreport", "form", "--plan", ids["plan"], "--department", ids["yb"], "--out", tmp_path / "f.xlsx")
    assert code == ExitCode.BAD_INPUT and "不是检查计划“2026年度全市政务数据安全监督检查”的检查对象" in err
    before = vault_state(demo_vault)
    code, _, err = run("selfreport", "form", "--plan", ids["plan"], "--department", ids["mz"],
                       "--out", tmp_path / "missing" / "f.xlsx")
    assert code == ExitCode.BAD_INPUT and "输出文件夹不存在" in err and vault_state(demo_vault) == before
    code, _, err = run("selfreport", "import", tmp_path / "nothing.xlsx")
    assert code == ExitCode.BAD_INPUT and "无法读取文件" in err


@needs_soffice
def test_libreoffice_round_trip(demo_vault, tmp_path):
    ids = demo_ids(demo_vault)
    form = make_form(demo_vault, ids["plan"], ids["mz"])
    r = row_of(form, SHEET, "3-11")
    filled = fill(form, SHEET, {"B2": "王志强", f"G{r}": "不符合", f"H{r}": "身份证号明文存储，\n正在改造。",
                                f"I{r}": "改造方案.docx", "G4": "不适用"})
    resaved = libreoffice_resave(filled, tmp_path)
    assert resaved != filled

    wb = openpyxl.load_workbook(io.BytesIO(resaved))
    assert wb[ID_SHEET].sheet_state in ("hidden", "veryHidden")  # Calc keeps the sheet, hidden, with its values
    assert wb[SHEET].protection.sheet and not wb[SHEET][f"H{r}"].protection.locked
    assert any(dv.type == "list" for dv in wb[SHEET].data_validations.dataValidation)

    with demo_vault.session() as s:
        result = selfreport.import_form(s, resaved, "民政局自查表.xlsx", plan_id=ids["plan"], department_id=ids["mz"])
        answers = {a.item_id: a for a in s.exec(select(SelfReportAnswer)
                                                 .where(SelfReportAnswer.self_report_id == result.report_id)).all()}
    assert result.counts == {"non_compliant": 1, "not_applicable": 1, "unanswered": 53}
    item = answers[ids["items"]["3-11"]]
    assert (item.answer, item.explanation, item.evidence_list) == (Verdict.NON_COMPLIANT, "身份证号明文存储，\n正在改造。",
                                                                   "改造方案.docx")

    edited = fill(resaved, SHEET, {f"D{r}": "（已改）"})  # an edit after a Calc round trip is still caught
    with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
        selfreport.import_form(s, libreoffice_resave(edited, tmp_path), "x.xlsx")
    assert problems_of(excinfo) == {(SHEET, r, "D")}


# ---- what the UI asks of the core: a suggested name, the targets' state, a form written or imported as one unit ----


def test_the_suggested_name_is_the_built_forms_and_registers_nothing(demo_vault):
    ids = demo_ids(demo_vault)
    before = vault_state(demo_vault)
    with demo_vault.session() as s:
        name = selfreport.suggested_filename(s, ids["plan"], ids["rs"])
        assert name == selfreport.build_form(s, ids["plan"], ids["rs"]).filename
        assert name == "晋城市人力资源和社会保障局-2026年度全市政务数据安全监督检查-自查表.xlsx"
        assert selfreport.suggested_filename(s, "no-plan", ids["rs"]) == "自查表.xlsx"
        assert selfreport.suggested_filename(s, ids["plan"], "no-department") == "自查表.xlsx"
        s.rollback()  # the form built above registered itself: forget it
    assert vault_state(demo_vault) == before


def test_plan_targets_say_where_each_self_report_stands(demo_vault, tmp_path):
    from inspector import ops

    ids = demo_ids(demo_vault)
    states = ops.read(demo_vault, lambda s: selfreports.plan_targets(s, ids["plan"]))
    with demo_vault.session() as s:
        targets = plans.get_plan(s, ids["plan"]).targets
        reports = {t["department_id"]: selfreports.latest_self_report(s, ids["plan"], t["department_id"])
                   for t in targets}
        answers = {dept: [a.answer for a in s.exec(select(SelfReportAnswer)
                                                   .where(SelfReportAnswer.self_report_id == r.id)).all()]
                   for dept, r in reports.items() if r is not None}
    assert [(t.department_id, t.department) for t in states] == [(t["department_id"], t["department"]) for t in targets]
    assert ids["rs"] in answers and ids["mz"] not in answers
    for state in states:
        report = reports[state.department_id]
        if report is None:
            assert (state.received_at, state.respondent, state.filename, state.answered, state.items) == (
                None, "", "", 0, 0)
        else:
            said = answers[state.department_id]
            assert (state.received_at, state.respondent, state.filename) == (
                report.received_at, report.respondent, report.source_filename)
            assert (state.answered, state.items) == (sum(a is not None for a in said), len(said))

    # 民政局 returns its form: two answers, the newest report counts
    form = make_form(demo_vault, ids["plan"], ids["mz"])
    r1, r2 = row_of(form, SHEET, "1-01"), row_of(form, SHEET, "1-02")
    with demo_vault.session() as s:
        selfreport.import_form(s, fill(form, SHEET, {"B2": "王志强", f"G{r1}": "符合", f"G{r2}": "不适用"}), "mz.xlsx")
    mz = next(t for t in ops.read(demo_vault, lambda s: selfreports.plan_targets(s, ids["plan"]))
              if t.department_id == ids["mz"])
    assert (mz.filename, mz.respondent, mz.answered, mz.items) == ("mz.xlsx", "王志强", 2, 55)
    assert mz.received_at is not None


def test_a_form_written_in_a_unit_of_work_is_registered_unless_cancelled_first(demo_vault, tmp_path):
    from inspector import ops
    from inspector.errors import Cancelled
    from inspector.forms import xlsx
    from inspector.model import Area
    from inspector.progress import CancelToken

    ids = demo_ids(demo_vault)
    out = tmp_path / "mz.xlsx"
    cancel = CancelToken()
    cancel.cancel()
    before = vault_state(demo_vault)
    with pytest.raises(Cancelled):  # built, then cancelled before the file is written: nothing registered
        ops.write(demo_vault, lambda s: xlsx.write_form(
            s, lambda inner: selfreport.build_form(inner, ids["plan"], ids["mz"]), out), cancel=cancel)
    assert not out.exists() and vault_state(demo_vault) == before

    done = ops.write(demo_vault, lambda s: xlsx.write_form(
        s, lambda inner: selfreport.build_form(inner, ids["plan"], ids["mz"]), out))
    assert done.result.path == out and out.is_file() and done.result.rows == 55
    assert Area.DOCUMENTS in done.changes
    with demo_vault.session() as s:
        issued = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == done.result.form_id)).one()
    assert issued.kind == "selfreport_form"


def test_a_returned_form_imported_from_its_path_reports_progress_and_a_cancel_stores_nothing(demo_vault, tmp_path):
    from inspector import ops
    from inspector.errors import Cancelled
    from inspector.forms import reading
    from inspector.model import Area
    from inspector.progress import CancelToken

    ids = demo_ids(demo_vault)
    form = make_form(demo_vault, ids["plan"], ids["mz"])
    path = tmp_path / "民政局.xlsx"
    path.write_bytes(fill(form, SHEET, {"B2": "王志强", "G4": "符合"}))
    before = vault_state(demo_vault)

    cancel = CancelToken()

    def import_then_cancel(s, data, filename):
        result = selfreport.import_form(s, data, filename, plan_id=ids["plan"], department_id=ids["mz"])
        cancel.cancel()  # the user pressed Cancel while the import ran: it is rolled back, before the commit
        return result

    with pytest.raises(Cancelled):
        ops.write(demo_vault, lambda s: reading.import_path(s, path, import_then_cancel), cancel=cancel)
    assert vault_state(demo_vault) == before

    steps: list[tuple[int, int]] = []
    done = ops.write(demo_vault, lambda s: reading.import_path(
        s, path, lambda s, data, filename: selfreport.import_form(s, data, filename, plan_id=ids["plan"])),
        progress=lambda n, total, message="": steps.append((n, total)))
    assert steps == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert (done.result.filename, done.result.department_id, done.result.answered) == ("民政局.xlsx", ids["mz"], 1)
    assert Area.SELF_REPORTS in done.changes and vault_state(demo_vault) != before
