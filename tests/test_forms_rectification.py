"""The rectification report form: only an issued notice gets one; importing it stores the report and moves the
reported findings to 已报整改 through the workflow (transitions recorded); problems are named by cell; a re-import
keeps the history; dates typed any common way survive LibreOffice."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import openpyxl
import pytest
from sqlmodel import select

from inspector.errors import BadInputError, ExitCode
from inspector.forms import FormErrors, rectification
from inspector.forms.xlsx import ID_SHEET
from inspector.model import (
    Finding,
    FindingStatus,
    FindingTransition,
    NoticeStatus,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
)
from inspector.services import findings as finding_service
from inspector.services import rectification as rect
from inspector.timezones import china_today
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401
from tests.forms_helpers import (
    fill,
    libreoffice_resave,
    needs_soffice,
    vault_state,
)

SHEET = "整改情况"
TODAY = china_today()
S = FindingStatus


def issued_notice(vault) -> tuple[str, list[str]]:
    """The demo's issued notice (卫健委) and its two findings, in the form's order (rectifying, notified)."""
    with vault.session() as s:
        notice = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()
        return notice.id, [f.id for f in rectification.notice_findings(s, notice.id)]


def make_form(vault, notice_id) -> bytes:
    with vault.session() as s:
        return rectification.build_form(s, notice_id).data


def statuses(vault, finding_ids) -> list[FindingStatus]:
    with vault.session() as s:
        return [FindingStatus(s.get(Finding, f).status) for f in finding_ids]


@demo_vault_only  # the command line reads the demo vault file
def test_form_lists_the_notice_findings_and_only_an_issued_notice_gets_one(demo_vault, demo_env, run, tmp_path):
    notice_id, findings = issued_notice(demo_vault)
    out = tmp_path / "整改.xlsx"
    code, stdout, err = run("rectification", "form", "--notice", notice_id, "--out", out)
    assert code == 0 and "已生成整改情况报告表" in stdout and "2 行" in stdout, err
    wb = openpyxl.load_workbook(out)
    ws = wb[SHEET]
    assert [ws[f"A{r}"].value for r in (4, 5)] == ["1", "2"] and ws.max_row == 5
    with demo_vault.session() as s:
        titles = [s.get(Finding, f).title for f in findings]
    assert [ws["B4"].value, ws["B5"].value] == titles == ["未制定数据备份与恢复策略", "年度数据安全培训未开展"]
    assert ws["E4"].value == "2026-12-31" and ws["G3"].value == "已采取的整改措施\nMeasures taken"
    assert ws["H4"].number_format == "yyyy-mm-dd" and not ws["H4"].protection.locked and ws["B4"].protection.locked
    hidden = {r[0]: r[1] for r in wb[ID_SHEET].iter_rows(values_only=True)}
    assert hidden["notice_id"] == notice_id and hidden["findings"] == ",".join(findings)
    assert hidden["notice_number"] == "晋数安检〔2026〕1号"

    # a draft notice (人社局's draft findings) gets no form
    with demo_vault.session() as s:
        candidates = rect.draft_candidates(s)
        draft = rect.create_draft(s, candidates[0].department_id, [c.finding_id for c in candidates[:1]],
                                  deadline=TODAY + timedelta(days=30))
        draft_id = draft.id
    code, _, err = run("rectification", "form", "--notice", draft_id, "--out", tmp_path / "d.xlsx")
    assert code == ExitCode.BAD_INPUT and "只有已签发的整改通知书才能生成整改情况报告表" in err
    assert not (tmp_path / "d.xlsx").exists()


@demo_vault_only  # the command line reads the demo vault file
def test_import_moves_reported_findings_to_reported_with_transitions(demo_vault, demo_env, run, tmp_path):
    notice_id, findings = issued_notice(demo_vault)
    assert statuses(demo_vault, findings) == [S.RECTIFYING, S.NOTIFIED]
    form = make_form(demo_vault, notice_id)
    done = TODAY - timedelta(days=3)
    path = tmp_path / "卫健委整改情况.xlsx"
    path.write_bytes(fill(form, SHEET, {"G4": "制定《数据备份与恢复策略》，完成恢复演练。", "H4": datetime(done.year, done.month, done.day),
                                        "I4": "备份策略.pdf\n演练记录.pdf"}))
    code, out, err = run("rectification", "import", path, "--notice", notice_id, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["rows"], result["answered"], result["supersedes_id"]) == (2, 1, None)
    assert result["counts"] == {"moved_to_reported": 1, "already_reported": 0, "not_reported": 1}
    assert statuses(demo_vault, findings) == [S.REPORTED, S.NOTIFIED]
    with demo_vault.session() as s:
        report = s.get(RectificationReport, result["report_id"])
        [item] = s.exec(select(RectificationItem).where(RectificationItem.report_id == report.id)).all()
        step = s.exec(select(FindingTransition).where(FindingTransition.finding_id == findings[0])
                      .order_by(FindingTransition.at.desc())).first()
        listed = rect.list_reports(s)
    assert (item.finding_id, item.completed_on, item.evidence_list) == (findings[0], done, "备份策略.pdf\n演练记录.pdf")
    assert (step.from_status, step.to_status) == (S.RECTIFYING, S.REPORTED)
    assert step.reason == "整改情况报告已导入：卫健委整改情况.xlsx"
    assert report.source_filename == "卫健委整改情况.xlsx" and [r.report_id for r in listed] == [report.id]

    # the second finding is reported later: a new report supersedes the first; the first finding moves no more
    later = tmp_path / "later.xlsx"
    later.write_bytes(fill(form, SHEET, {"G4": "同上。", "H4": done.isoformat(), "G5": "已组织全员培训。",
                                         "H5": f"{done.year}年{done.month}月{done.day}日", "I5": "签到表.pdf"}))
    code, out, _ = run("rectification", "import", later)
    assert code == 0 and "本次报送 / reported: 2" in out and "取代此前导入的报告" in out
    assert statuses(demo_vault, findings) == [S.REPORTED, S.REPORTED]
    with demo_vault.session() as s:
        steps = s.exec(select(FindingTransition).where(FindingTransition.to_status == S.REPORTED)).all()
        newest = rectification.latest_report(s, notice_id)
        listed = rect.list_reports(s)
    assert sorted(t.finding_id for t in steps) == sorted(findings)  # one transition each, none repeated
    assert newest.supersedes_id == report.id and [r.superseded for r in listed] == [False, True]


def test_problems_are_named_by_cell_and_nothing_moves(demo_vault, tmp_path):
    notice_id, findings = issued_notice(demo_vault)
    form = make_form(demo_vault, notice_id)
    before = vault_state(demo_vault)

    def problems(cells, **kwargs) -> tuple[set, str]:
        with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
            rectification.import_form(s, fill(form, SHEET, cells), "f.xlsx", **kwargs)
        return {(p.sheet, p.row, p.column) for p in excinfo.value.problems}, excinfo.value.zh

    found, zh = problems({"H4": "下个月", "I4": "材料.pdf", "H5": (TODAY + timedelta(days=5)).isoformat(), "G5": "培训"})
    assert found == {(SHEET, 4, "G"), (SHEET, 4, "H"), (SHEET, 5, "H")}
    assert "第 4 行 G 列：请填写已采取的整改措施" in zh and "第 4 行 H 列：“下个月”不是有效的日期" in zh
    assert "第 5 行 H 列：完成日期" in zh and "晚于今天" in zh
    found, zh = problems({"G4": "已整改"})
    assert found == {(SHEET, 4, "H")} and "请填写完成日期" in zh
    found, zh = problems({"G4": "=B4", "H4": "=TODAY()"})
    assert found == {(SHEET, 4, "G"), (SHEET, 4, "H")} and "单元格含有公式" in zh
    found, zh = problems({})
    assert found == {(SHEET, None, None)} and "没有填写任何整改情况" in zh
    found, zh = problems({"B5": "已培训", "G4": "已整改", "H4": TODAY.isoformat()})
    assert found == {(SHEET, 5, "B")} and "“问题”与下发的原表不一致" in zh
    with demo_vault.session() as s:
        other = rect.create_draft(s, rect.draft_candidates(s)[0].department_id,
                                  [rect.draft_candidates(s)[0].finding_id], deadline=TODAY + timedelta(days=9))
        other_id = other.id
    found, zh = problems({"G4": "已整改", "H4": TODAY.isoformat()}, notice_id=other_id)
    assert "这份整改情况报告表属于整改通知书“晋数安检〔2026〕1号”" in zh
    assert statuses(demo_vault, findings) == [S.RECTIFYING, S.NOTIFIED]
    with demo_vault.session() as s:
        assert s.exec(select(RectificationReport)).all() == []
    assert vault_state(demo_vault)[2:] == before[2:]  # (the draft above is the only change)


def test_a_verified_finding_cannot_be_reported_again(demo_vault):
    notice_id, findings = issued_notice(demo_vault)
    form = make_form(demo_vault, notice_id)
    with demo_vault.session() as s:
        finding_service.change_status(s, findings[0], S.REPORTED)
        finding_service.change_status(s, findings[0], S.VERIFIED, reason="现场核验通过")
    before = vault_state(demo_vault)
    with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
        rectification.import_form(s, fill(form, SHEET, {"G4": "已整改", "H4": TODAY}), "f.xlsx")
    [problem] = excinfo.value.problems
    assert (problem.row, problem.column) == (4, "A") and "当前状态为“已核验”，不能再报送整改情况" in problem.zh
    assert vault_state(demo_vault) == before


def test_the_same_file_twice_is_refused(demo_vault):
    notice_id, _ = issued_notice(demo_vault)
    data = fill(make_form(demo_vault, notice_id), SHEET, {"G4": "已整改", "H4": TODAY})
    with demo_vault.session() as s:
        rectification.import_form(s, data, "f.xlsx")
    with demo_vault.session() as s, pytest.raises(BadInputError, match="已经导入过"):
        rectification.import_form(s, data, "f.xlsx")


@needs_soffice
def test_libreoffice_round_trip_with_dates_typed_in_every_common_way(demo_vault, tmp_path):
    notice_id, findings = issued_notice(demo_vault)
    done = TODAY - timedelta(days=10)
    filled = fill(make_form(demo_vault, notice_id), SHEET, {
        "G4": "制定备份策略。", "H4": f"{done.year}/{done.month:02d}/{done.day:02d}", "I4": "策略.pdf",
        "G5": "开展培训。", "H5": f"{done.year}年{done.month}月{done.day}日"})
    resaved = libreoffice_resave(filled, tmp_path)
    wb = openpyxl.load_workbook(io.BytesIO(resaved))
    assert wb[ID_SHEET].sheet_state in ("hidden", "veryHidden") and wb[SHEET]["A4"].value == "1"
    with demo_vault.session() as s:
        result = rectification.import_form(s, resaved, "整改.xlsx", notice_id=notice_id)
        items = s.exec(select(RectificationItem).where(RectificationItem.report_id == result.report_id)).all()
    assert sorted((i.finding_id, i.completed_on) for i in items) == sorted((f, done) for f in findings)
    assert statuses(demo_vault, findings) == [S.REPORTED, S.REPORTED]


def test_the_suggested_name_is_the_built_forms_and_registers_nothing(demo_vault):
    notice_id, _ = issued_notice(demo_vault)
    before = vault_state(demo_vault)
    with demo_vault.session() as s:
        name = rectification.suggested_filename(s, notice_id)
        assert name == rectification.build_form(s, notice_id).filename
        assert name == "晋城市卫生健康委员会-晋数安检〔2026〕1号-整改情况报告表.xlsx"
        assert rectification.suggested_filename(s, "no-notice") == "整改情况报告表.xlsx"
        s.rollback()  # the form built above registered itself: forget it
    assert vault_state(demo_vault) == before
