"""The campaign board (issue 17 §1): every stage of every target of the demo plan read from the vault, the counts,
changes seen at once, a fixed number of queries whatever the plan's size, and the xlsx export (read back, and
converted by LibreOffice)."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

import openpyxl
from sqlalchemy import event
from sqlmodel import select

from inspector.forms import selfreport
from inspector.forms.campaign_board import COLUMNS, SHEET
from inspector.model import Department, Plan, PlanTarget
from inspector.services import campaign, letter_inspection, letters
from inspector.services.campaign import DONE, IN_PROGRESS, LATE, NOT_STARTED
from inspector.services.discrepancy import discrepancies
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401
from tests.forms_helpers import SOFFICE, _profile, needs_soffice

TODAY = date(2026, 12, 5)
LATER = date(2027, 1, 10)   # past the demo notice's deadline (2026-12-15) and the findings' (2026-12-31)


def _plan(s) -> Plan:
    return s.exec(select(Plan)).one()


def _rows(s, today=TODAY) -> dict[str, campaign.BoardRow]:
    return {r.department: r for r in campaign.board(s, _plan(s).id, today).rows}


def test_the_demo_plan_every_stage(demo_vault):
    with demo_vault.session() as s:
        plan = _plan(s)
        data = campaign.board(s, plan.id, TODAY)
        names = [r.department for r in data.rows]
        targets = s.exec(select(PlanTarget, Department.name).join(Department, Department.id == PlanTarget.department_id)
                         .where(PlanTarget.plan_id == plan.id).order_by(PlanTarget.scheduled_on)).all()
        assert names == [name for _, name in targets]  # the plan's order: scheduled date
        assert data.title == plan.title and len(data.rows) == 4
        first, second, third, fourth = data.rows
        # 人社局 (first): self-report returned, inspection in progress, three open findings, no notice yet
        assert first.returned_at is not None and first.form_sent and first.items > 0 and first.answered == first.items
        assert first.inspection_status == "in_progress" and first.inspection_id is not None
        assert (first.findings_total, first.findings_open, first.findings_overdue) == (3, 3, 0)
        assert first.rect_notice_status is None and first.review_status is None
        assert first.states == dict(notice=NOT_STARTED, selfreport=DONE, inspection=IN_PROGRESS, rectification=NOT_STARTED,
                                    findings=IN_PROGRESS, review=NOT_STARTED)
        # 卫健委 (second): inspected on 2026-10-29, notice issued 2026-11-03, deadline 2026-12-15
        assert second.inspection_status == "completed" and second.inspected_on == date(2026, 10, 29)
        assert second.rect_notice_status == "issued" and second.rect_notice_number
        assert second.rect_notice_on == date(2026, 11, 3) and second.rect_deadline == date(2026, 12, 15)
        assert (second.findings_total, second.findings_open, second.findings_reported,
                second.findings_verified, second.findings_overdue) == (2, 2, 0, 0, 0)
        assert second.states["rectification"] == DONE and second.states["inspection"] == DONE
        assert second.reinspection_status is None and second.reinspection_id is None
        # the discrepancies: the same figures as the discrepancy view
        view = discrepancies(s, plan_id=plan.id)
        for row in data.rows:
            assert row.discrepancies == sum(1 for d in view if d.department_id == row.department_id)
        assert first.discrepancies > 0
        # the last two: nothing yet; the third's date passed (inspection late), the fourth's too?
        for row in (third, fourth):
            assert not row.form_sent and row.returned_at is None and row.inspection_id is None
            assert row.findings_total == 0 and row.notice_letter_status is None
        assert third.states["inspection"] == (LATE if third.scheduled_on < TODAY else NOT_STARTED)
        totals = data.totals
        assert totals["targets"] == 4 and totals["forms_returned"] == 2 and totals["inspected"] == 1
        assert totals["findings"] == 5 and totals["rect_notices_issued"] == 1 and totals["findings_overdue"] == 0
        assert sum(data.counts["inspection"].values()) == 4


def test_overdue_and_review_follow_the_date(demo_vault):
    with demo_vault.session() as s:
        rows = _rows(s, LATER)
        second = list(rows.values())[1]
        assert second.findings_overdue == 2 and second.states["findings"] == LATE
        assert second.states["review"] == LATE  # the notice's deadline passed without a review
        assert campaign.board(s, _plan(s).id, LATER).totals["findings_overdue"] == 2


def test_a_reinspection_is_the_review_stage_never_the_inspection(demo_vault):
    """A 复查 scheduled after the deadline makes the review stage in progress, done once completed; 实地检查 and
    the discrepancies stay those of the first inspection."""
    from inspector.model import Verdict
    from inspector.services import inspections, reinspection

    with demo_vault.session() as s:
        before = list(_rows(s, LATER).values())[1]
        insp = reinspection.schedule(s, before.rect_notice_id, scheduled_on=LATER, today=LATER)
        second = list(_rows(s, LATER).values())[1]
        assert (second.reinspection_id, second.reinspection_status, second.reinspection_on) == (
            insp.id, "planned", LATER)
        assert second.states["review"] == IN_PROGRESS
        assert (second.inspection_id, second.inspected_on, second.discrepancies) == (
            before.inspection_id, before.inspected_on, before.discrepancies)
        for item_id in insp.scope_items:
            inspections.set_verdict(s, insp.id, item_id, Verdict.NON_COMPLIANT)
        inspections.complete_inspection(s, insp.id, summary="复查", rep_not_signed="absent")
        second = list(_rows(s, LATER).values())[1]
        assert second.reinspection_status == "completed" and second.states["review"] == DONE
        assert second.inspection_id == before.inspection_id and second.discrepancies == before.discrepancies


def test_an_inspection_notice_and_a_form_show_at_once(demo_vault):
    with demo_vault.session() as s:
        plan = _plan(s)
        fourth = campaign.board(s, plan.id, TODAY).rows[3]
        assert fourth.notice_letter_status is None and not fourth.form_sent
        later = (TODAY + timedelta(15)).isoformat()
        letter = letters.create(s, letter_inspection.KEY, plan_id=plan.id, department_id=fourth.department_id,
                                fields={"visit_from": later, "visit_to": later,
                                        "selfreport_due": (TODAY + timedelta(8)).isoformat()})
        row = campaign.board(s, plan.id, TODAY).rows[3]
        assert row.notice_letter_status == "draft" and row.notice_letter_id == letter.id
        letters.issue(s, letter.id, issued_on=TODAY)
        selfreport.build_form(s, plan.id, fourth.department_id)
        row = campaign.board(s, plan.id, TODAY).rows[3]
        assert row.notice_letter_status == "issued" and row.notice_letter_number == letter.number != ""
        assert row.notice_letter_on == TODAY and row.states["notice"] == DONE
        assert row.form_sent and row.form_sent_at is not None and row.returned_at is None
        assert row.states["selfreport"] in (IN_PROGRESS, LATE)


def test_a_review_letter_and_its_next_step(demo_vault):
    from inspector.model import RectificationNotice

    with demo_vault.session() as s:
        plan = _plan(s)
        notice = s.exec(select(RectificationNotice).where(RectificationNotice.plan_id == plan.id)).one()
        letter = letters.create(s, "review", notice_id=notice.id)
        row = next(r for r in campaign.board(s, plan.id, TODAY).rows if r.department_id == notice.department_id)
        assert row.review_status == "draft" and row.review_next_step == "reinspect"
        assert row.review_reinspect_on == date.fromisoformat(letter.fields["reinspect_on"])
        assert row.states["review"] == IN_PROGRESS
        letters.issue(s, letter.id, issued_on=TODAY)
        row = next(r for r in campaign.board(s, plan.id, TODAY).rows if r.department_id == notice.department_id)
        assert row.review_status == "issued" and row.review_number == letter.number
        assert row.states["review"] == DONE
        from inspector.forms.campaign_board import review_text
        assert review_text(row) == f"{letter.number} {TODAY.isoformat()}，组织复查 {row.review_reinspect_on.isoformat()}"


def test_a_fixed_number_of_queries(demo_vault):
    """The board of a plan of 4 targets and one of 24 take the same number of statements."""
    def count(s, plan_id) -> int:
        n = [0]

        def before(*_):
            n[0] += 1
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", before)
        try:
            campaign.board(s, plan_id, TODAY)
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return n[0]

    with demo_vault.session() as s:
        plan = _plan(s)
        small = count(s, plan.id)
        for n in range(20):
            d = Department(name=f"测试单位{n:02d}")
            s.add(d)
            s.flush()
            s.add(PlanTarget(plan_id=plan.id, department_id=d.id, scheduled_on=date(2026, 12, 20)))
            selfreport.build_form(s, plan.id, d.id)
        s.flush()
        assert len(campaign.board(s, plan.id, TODAY).rows) == 24
        assert count(s, plan.id) == small


def _read_back(path):
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    header = [c.value for c in ws[3]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    return ws, header, rows


def test_the_xlsx_export(demo_vault, tmp_path):
    out = tmp_path / "board.xlsx"
    with demo_vault.session() as s:
        data = campaign.export_board(s, _plan(s).id, out, TODAY)
    ws, header, rows = _read_back(out)
    assert header[:len(COLUMNS)] == [c[0] for c in COLUMNS]
    assert header[1] == "被检查单位" and "检查通知状态" in header and "复查状态" in header
    assert ws.freeze_panes == "C4"
    assert ws.column_dimensions["B"].width >= 20
    assert [r[1] for r in rows] == [r.department for r in data.rows]
    second = rows[1]
    assert second[0] == 2 and second[8].startswith(data.rows[1].rect_notice_number)
    assert second[header.index("整改期限")] == "2026-12-15" and second[header.index("问题总数")] == 2
    assert second[header.index("实地检查")] == "已完成" and second[header.index("现场复查")] == "未安排"
    assert rows[0][header.index("检查通知状态")] == "未开始"


@needs_soffice
def test_libreoffice_converts_the_board(demo_vault, tmp_path):
    out = tmp_path / "board.xlsx"
    with demo_vault.session() as s:
        data = campaign.export_board(s, _plan(s).id, out, TODAY)
    result = subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={_profile().as_uri()}",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
                             str(out)], capture_output=True, text=True, timeout=180)
    csv = tmp_path / "board.csv"
    assert csv.exists(), result.stdout + result.stderr
    text = csv.read_text(encoding="utf-8")
    assert "被检查单位" in text
    for row in data.rows:
        assert row.department in text


def test_discrepancies_follow_the_newest_verdict(demo_vault):
    """The board's bulk count equals the discrepancy view's rows when a newer inspection changes verdicts."""
    from inspector.model import Inspection, InspectionResult, InspectionStatus, Verdict, utcnow
    from tests.test_discrepancy import setup_rs

    ids = setup_rs(demo_vault)
    with demo_vault.session() as s:
        before = next(r for r in campaign.board(s, ids["plan"], TODAY).rows if r.department_id == ids["dept"])
        later = Inspection(plan_id=ids["plan"], department_id=ids["dept"], template_id=s.get(Plan, ids["plan"]).template_id,
                           status=InspectionStatus.IN_PROGRESS, started_at=utcnow() + timedelta(days=1))
        s.add(later)
        s.flush()
        s.add(InspectionResult(inspection_id=later.id, item_id=ids["items"]["1-01"], verdict=Verdict.COMPLIANT))
        s.add(InspectionResult(inspection_id=later.id, item_id=ids["items"]["1-02"], verdict=Verdict.PARTIAL))
        s.flush()
        row = next(r for r in campaign.board(s, ids["plan"], TODAY).rows if r.department_id == ids["dept"])
        assert row.discrepancies == len(discrepancies(s, plan_id=ids["plan"], department_id=ids["dept"]))
        assert row.discrepancies != 0 and row.inspection_id == later.id
        assert before.discrepancies == row.discrepancies  # 1-01 no longer contradicted, 1-02 now is


def test_painted_first_counted_after(demo_vault):
    """board(counts=False) reads every stage but the self-reports' answers (what the UI paints first); filled in
    with selfreport_counts it is the whole board, row for row."""
    with demo_vault.session(read_only=True) as s:
        plan_id = _plan(s).id
        whole = campaign.board(s, plan_id, TODAY)
        first = campaign.board(s, plan_id, TODAY, counts=False)
        counts = campaign.selfreport_counts(s, plan_id)
    returned = [r for r in whole.rows if r.returned_at is not None]
    assert returned and any(r.discrepancies for r in returned) and all(r.counted for r in whole.rows)
    assert {r.department_id for r in returned} == set(counts)
    waiting = [r for r in first.rows if not r.counted]
    assert [r.department_id for r in waiting] == [r.department_id for r in returned]
    assert all((r.answered, r.items, r.discrepancies) == (0, 0, 0) for r in waiting)
    assert first != whole and first.with_counts(counts) == whole
    assert {r.department_id: (r.answered, r.items, r.discrepancies) for r in returned} == counts
