"""The four letter kinds of inspector.services.letter_kinds over the demo vault: their defaults, checks, text and
what issuing them does (整改复查意见书, 整改督办通知, the art. 33 report and referral)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from inspector import lifecycle
from inspector.errors import BadInputError
from inspector.model import (
    Escalation,
    EscalationKind,
    EscalationState,
    Finding,
    FindingStatus,
    FindingTransition,
    Inspection,
    InspectionStatus,
    Letter,
    NoticeStatus,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
)
from inspector.services import findings as findings_service
from inspector.services import letter_kinds_common as common
from inspector.services import rectification
from inspector.services.letter_kinds import KINDS
from inspector.timezones import CHINA_TIME, china_today
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401

S = FindingStatus
K = {k.key: k for k in KINDS}
NUMBER = "晋数安检〔2026〕9号"


def notice_of(s) -> RectificationNotice:
    return s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()


def notice_letter(s, kind: str, **fields) -> Letter:
    notice = notice_of(s)
    return Letter(kind=kind, year=2026, notice_id=notice.id, department_id=notice.department_id,
                  plan_id=notice.plan_id, fields=fields)


def issue(letter: Letter, on: date | None = None) -> None:
    """What the letter service does before ``on_issue``: the number and the date."""
    letter.status, letter.serial, letter.number, letter.issued_on = NoticeStatus.ISSUED, 9, NUMBER, on or china_today()


def refused(call, *args, field: str | None = "unset") -> BadInputError:
    with pytest.raises(BadInputError) as info:
        call(*args)
    assert info.value.zh and info.value.en
    if field != "unset":
        assert info.value.field == field
    return info.value


def text_of(content: dict) -> str:
    out = [content["title"], content["addressee"]]
    for b in content["blocks"]:
        out.append(b.get("text", ""))
        out += ["|".join(b.get("headers", []))] + ["|".join(r) for r in b.get("rows", [])]
    return "\n".join(out)


def table(content: dict) -> dict:
    [t] = [b for b in content["blocks"] if b["kind"] == "table"]
    assert len(t["widths"]) == len(t["headers"]) and abs(sum(t["widths"]) - 1) < 1e-6
    assert all(len(r) == len(t["headers"]) for r in t["rows"])
    return t


def step(s, finding: Finding, *targets: S, reason: str = "", deadline: date | None = None) -> None:
    for target in targets:
        findings_service.change_status(s, finding.id, target, reason=reason, deadline=deadline)


def test_four_kinds_each_with_names_reason_and_fields():
    assert [k.key for k in KINDS] == ["review", "urge", "secrecy_report", "police_referral"]
    for k in KINDS:
        assert k.zh and k.en and k.reason.startswith("签发") and k.on_issue is not None
        keys = [f.key for f in k.fields]
        assert len(keys) == len(set(keys)) and all(f.zh and f.en for f in k.fields)
    assert K["review"].needs == K["urge"].needs == ("notice",)
    assert K["secrecy_report"].needs == K["police_referral"].needs == ("department",)
    [step_field] = [f for f in K["review"].fields if f.key == "next_step"]
    assert [c[0] for c in step_field.choices] == ["closed", "reinspect"] and step_field.required
    assert [f.key for f in K["urge"].fields if f.required] == ["new_deadline"]


# ---- 整改复查意见书 --------------------------------------------------------------------------------------


def test_review_of_a_notice_nobody_reported_on_says_nothing_is_rectified(demo_vault):
    review = K["review"]
    with demo_vault.session() as s:
        letter = notice_letter(s, "review")
        defaults = review.defaults(s, letter)
        assert defaults == {"next_step": "reinspect", "reinspect_on": (china_today() + timedelta(days=14)).isoformat(),
                            "remarks": ""}
        letter.fields = review.validate(s, letter, defaults)
        content = review.compose(s, letter)
        err = refused(review.validate, s, letter, {"next_step": "closed"}, field="next_step")
        assert "第1、2项" in err.zh and "销号" in err.zh
    assert content["title"] == "政务数据安全整改复查意见书" and content["addressee"] == "晋城市卫生健康委员会"
    t = table(content)
    assert t["headers"] == ["序号", "问题", "违反条款", "整改情况", "复查结论"]
    assert [r[0] for r in t["rows"]] == ["1", "2"]
    assert [r[3:] for r in t["rows"]] == [["未报送整改情况", "未整改到位"]] * 2
    body = text_of(content)
    assert "晋数安检〔2026〕1号" in body and "2026年11月3日" in body and "第三十二条第（四）项" in body
    assert "均未整改到位" in body and "第1、2项问题继续落实整改" in body
    day = china_today() + timedelta(days=14)
    assert f"{day.year}年{day.month}月{day.day}日组织复查" in body
    assert content["articles"] == sorted(content["articles"]) and 32 in content["articles"]


def test_review_refuses_bad_dates_unknown_fields_and_choices(demo_vault):
    review = K["review"]
    with demo_vault.session() as s:
        letter = notice_letter(s, "review")
        refused(review.validate, s, letter, {"next_step": "reinspect", "reinspect_on": "2026-13-40"},
                field="reinspect_on")
        refused(review.validate, s, letter, {"next_step": "reinspect", "reinspect_on": china_today().isoformat()},
                field="reinspect_on")
        refused(review.validate, s, letter, {"next_step": "reinspect", "reinspect_on": ""}, field="reinspect_on")
        refused(review.validate, s, letter, {"next_step": "later"}, field="next_step")
        refused(review.validate, s, letter, {"next_step": ""}, field="next_step")
        refused(review.validate, s, letter, {"colour": "red"}, field="colour")
        tomorrow = (china_today() + timedelta(days=1)).isoformat()
        assert review.validate(s, letter, {"next_step": "reinspect", "reinspect_on": tomorrow,
                                           "remarks": "  请加强管理。 "}) == {
            "next_step": "reinspect", "reinspect_on": tomorrow, "remarks": "请加强管理。"}


def test_review_needs_an_issued_original_notice(demo_vault):
    review = K["review"]
    with demo_vault.session() as s:
        refused(review.defaults, s, Letter(kind="review", year=2026), field="notice")
        notice = notice_of(s)
        finding = rectification.notice_detail(s, notice.id, china_today()).findings[0]
        correction = rectification.draft_correction(
            s, notice.id, {finding.finding_id: {"deadline": date(2027, 1, 31)}}, "期限有误")
        as_draft = Letter(kind="review", year=2026, notice_id=correction.id)
        assert "尚未签发" in refused(review.compose, s, as_draft, field="notice").zh
        rectification.issue(s, correction.id)
        assert "更正通知" in refused(review.compose, s, as_draft, field="notice").zh
        other = Letter(kind="review", year=2026, notice_id=notice.id, department_id=notice.department_id[::-1])
        refused(review.compose, s, other, field="notice")


def test_review_waits_for_the_office_to_verify_what_was_reported(demo_vault):
    review = K["review"]
    with demo_vault.session() as s:
        first, _ = common.notice_findings(s, notice_of(s).id)
        step(s, first, S.REPORTED)
        letter = notice_letter(s, "review")
        err = refused(review.validate, s, letter, review.defaults(s, letter))
        assert "第1项" in err.zh and first.title in err.zh and "核验" in err.zh
        content = review.compose(s, letter)  # a draft's preview says so
        assert table(content)["rows"][0][4] == "待核验" and "尚待核验" in text_of(content)
        issue(letter)
        refused(review.on_issue, s, letter)


def test_review_states_per_finding_what_the_vault_says(demo_vault):
    review = K["review"]
    with demo_vault.session() as s:
        notice = notice_of(s)
        first, second = common.notice_findings(s, notice.id)
        report = RectificationReport(notice_id=notice.id, department_id=notice.department_id,
                                     received_at=datetime(2026, 11, 28, 2, 0, tzinfo=UTC), source_filename="整改.xlsx")
        s.add(report)
        s.flush()
        s.add(RectificationItem(report_id=report.id, finding_id=first.id, measures="已制定备份恢复策略并完成演练",
                                completed_on=date(2026, 11, 25)))
        s.flush()
        step(s, first, S.REPORTED)
        step(s, first, S.VERIFIED, reason="现场核验，策略已印发。")
        step(s, second, S.REPORTED)
        step(s, second, S.REOPENED, reason="培训记录不全", deadline=china_today() + timedelta(days=20))
        letter = notice_letter(s, "review")
        letter.fields = review.validate(s, letter, {"next_step": "reinspect",
                                                    "reinspect_on": (china_today() + timedelta(days=21)).isoformat(),
                                                    "remarks": "请举一反三。"})
        content = review.compose(s, letter)
        issue(letter)
        review.on_issue(s, letter)  # a re-inspection: nothing changes
        assert (first.status, second.status) == (S.VERIFIED, S.REOPENED)
    rows = table(content)["rows"]
    assert rows[0][3] == "已制定备份恢复策略并完成演练（完成时间：2026年11月25日）"
    assert rows[0][4] == "已整改到位\n现场核验，策略已印发。"
    assert rows[1][3] == "未重新报送整改情况" and rows[1][4] == "未整改到位\n培训记录不全"
    body = text_of(content)
    assert "你单位于2026年11月28日报送了整改情况" in body
    assert "第1项问题已整改到位，第2项问题未整改到位" in body and "对第2项问题继续落实整改" in body
    assert "四、其他意见" in body and "请举一反三。" in body


def test_review_that_closes_moves_each_verified_finding_to_closed(demo_vault):
    review = K["review"]
    with demo_vault.session() as s:
        found = common.notice_findings(s, notice_of(s).id)
        for f in found:
            step(s, f, S.REPORTED, S.VERIFIED)
        step(s, found[0], S.CLOSED)  # closed by hand before: stays as it is
        letter = notice_letter(s, "review")
        defaults = review.defaults(s, letter)
        assert defaults["next_step"] == "closed" and defaults["reinspect_on"] == ""
        letter.fields = review.validate(s, letter, {**defaults, "reinspect_on": "2020-01-01"})  # ignored: no re-inspection
        assert letter.fields["reinspect_on"] == ""
        draft = review.compose(s, letter)
        issue(letter)
        review.on_issue(s, letter)
        issued = review.compose(s, letter)
        ids = [f.id for f in found]
    assert draft == issued  # what the preview showed is what the issued letter says
    body = text_of(issued)
    assert "已全部整改到位" in body and "予以销号" in body
    with demo_vault.session() as s:
        assert [s.get(Finding, i).status for i in ids] == [S.CLOSED, S.CLOSED]
        steps = s.exec(select(FindingTransition).where(FindingTransition.finding_id == ids[1],
                                                       FindingTransition.to_status == S.CLOSED)).all()
        assert [t.reason for t in steps] == [f"整改复查意见书（{NUMBER}）：整改完成，予以销号"]
        assert len(s.exec(select(FindingTransition).where(FindingTransition.finding_id == ids[0],
                                                          FindingTransition.to_status == S.CLOSED)).all()) == 1


# ---- 整改督办通知 -----------------------------------------------------------------------------------------


def test_urge_refuses_when_nothing_is_overdue(demo_vault, monkeypatch):
    urge = K["urge"]
    monkeypatch.setattr(common, "today", lambda: date(2026, 12, 20))  # the demo's deadlines are 2026-12-31
    with demo_vault.session() as s:
        letter = notice_letter(s, "urge")
        assert urge.defaults(s, letter) == {"new_deadline": "2027-01-04", "remarks": ""}
        for call in (lambda: urge.validate(s, letter, {"new_deadline": "2027-01-04"}), lambda: urge.compose(s, letter)):
            err = refused(call)
            assert "没有逾期未整改的问题" in err.zh and "nothing to urge" in err.en


def test_urge_lists_the_overdue_findings_and_the_new_date(demo_vault, monkeypatch):
    urge = K["urge"]
    monkeypatch.setattr(common, "today", lambda: date(2027, 1, 10))
    with demo_vault.session() as s:
        first, second = common.notice_findings(s, notice_of(s).id)
        step(s, first, S.REPORTED, S.VERIFIED)  # done: not overdue any more
        letter = notice_letter(s, "urge")
        refused(urge.validate, s, letter, {"new_deadline": ""}, field="new_deadline")
        refused(urge.validate, s, letter, {"new_deadline": "2027-01-10"}, field="new_deadline")
        refused(urge.validate, s, letter, {"new_deadline": "10/02/2027"}, field="new_deadline")
        letter.fields = urge.validate(s, letter, {"new_deadline": date(2027, 1, 25)})
        assert letter.fields == {"new_deadline": "2027-01-25", "remarks": ""}
        content = urge.compose(s, letter)
        issue(letter, date(2027, 1, 10))
        urge.on_issue(s, letter)
        assert (first.deadline, second.deadline) == (date(2026, 12, 31), date(2026, 12, 31))
        # why issuing leaves the deadlines alone: the issued notice states them (a 更正通知 changes them)
        with pytest.raises(lifecycle.FrozenError):
            lifecycle.guard_finding(s, second, {"deadline"})
    assert content["title"] == "政务数据安全整改督办通知" and content["addressee"] == "晋城市卫生健康委员会"
    t = table(content)
    assert t["headers"] == ["序号", "问题", "违反条款", "原整改期限", "逾期情况"]
    assert t["rows"] == [["1", f"{second.title}\n（原通知书第2项）", t["rows"][0][2], "2026年12月31日",
                          "逾期10天；未报送整改情况"]]
    body = text_of(content)
    assert "截至2027年1月10日，下列1项问题已超过整改期限" in body and "于2027年1月25日前整改完毕" in body
    assert "第三十五条" in body and "仍按既定期限整改" not in body  # the other one is verified
    assert content["articles"] == sorted(content["articles"]) and {32, 35} <= set(content["articles"])


# ---- the art. 33 letters --------------------------------------------------------------------------------


def running(s) -> Inspection:
    return s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()


def art33_letter(s, kind: str, **fields) -> Letter:
    insp = running(s)
    return Letter(kind=kind, year=2026, department_id=insp.department_id, plan_id=insp.plan_id, fields=fields)


def test_secrecy_report_is_drawn_from_the_pending_escalations(demo_vault):
    report = K["secrecy_report"]
    with demo_vault.session() as s:
        letter = art33_letter(s, "secrecy_report")
        assert report.defaults(s, letter) == {"addressee": "保密主管部门", "remarks": ""}
        [e] = s.exec(select(Escalation).where(Escalation.kind == EscalationKind.SECRECY)).all()
        e.authority = "晋城市国家保密局"
        s.flush()
        defaults = report.defaults(s, letter)
        assert defaults["addressee"] == "晋城市国家保密局"
        refused(report.validate, s, letter, {"addressee": " "}, field="addressee")
        refused(report.validate, s, Letter(kind="secrecy_report", year=2026, department_id=letter.department_id),
                {}, field="plan")
        refused(report.validate, s, Letter(kind="secrecy_report", year=2026, plan_id=letter.plan_id),
                {}, field="department")
        letter.fields = report.validate(s, letter, defaults)
        content = report.compose(s, letter)
        finding = s.get(Finding, e.finding_id)
        started = running(s).started_at.astimezone(CHINA_TIME).date()
    assert content["title"] == "关于晋城市人力资源和社会保障局存在政务数据失泄密隐患的报告"
    assert content["addressee"] == "晋城市国家保密局"
    t = table(content)
    assert t["headers"] == ["序号", "问题及情况", "发现时间", "严重程度", "违反条款"]
    assert t["rows"] == [["1", f"{finding.title}\n{finding.description}",
                          f"{started.year}年{started.month}月{started.day}日", "重大", t["rows"][0][4]]]
    body = text_of(content)
    assert "涉及失泄密隐患的向保密主管部门报告" in body and "请贵局依职责予以指导" in body
    assert "检查组已在现场提出处理意见" in body and body.rstrip().endswith("特此报告。")
    assert content["articles"] == sorted(content["articles"]) and {32, 33} <= set(content["articles"])


def test_art33_letters_refuse_without_an_escalation_of_their_kind(demo_vault):
    with demo_vault.session() as s:
        err = refused(K["police_referral"].defaults, s, art33_letter(s, "police_referral"))
        assert "违法行为" in err.zh and "unlawful conduct" in err.en
        notice = notice_of(s)  # the 卫健委 notice's findings carry no art. 33 record
        scoped = Letter(kind="secrecy_report", year=2026, department_id=notice.department_id, notice_id=notice.id)
        assert "失泄密隐患" in refused(K["secrecy_report"].compose, s, scoped).zh
        elsewhere = Letter(kind="secrecy_report", year=2026, department_id=running(s).department_id,
                           notice_id=notice.id)
        refused(K["secrecy_report"].compose, s, elsewhere, field="notice")


def test_police_referral_issued_records_each_escalation_as_referred(demo_vault):
    referral = K["police_referral"]
    with demo_vault.session() as s:
        targets = s.exec(select(Finding).where(Finding.inspection_id == running(s).id)
                         .order_by(Finding.created_at)).all()[:2]
        for f in targets:
            findings_service.update_finding(s, f.id, {"escalate_police": True})
        letter = art33_letter(s, "police_referral")
        assert referral.defaults(s, letter)["addressee"] == "公安机关"
        letter.fields = referral.validate(s, letter, {"addressee": "晋城市公安局"})
        draft = referral.compose(s, letter)
        issue(letter, date(2026, 12, 1))
        referral.on_issue(s, letter)
        issued = referral.compose(s, letter)
        ids = [f.id for f in targets]
    assert draft == issued
    assert issued["title"] == "关于提请依法查处晋城市人力资源和社会保障局政务数据违法行为的函"
    assert issued["addressee"] == "晋城市公安局" and [r[0] for r in table(issued)["rows"]] == ["1", "2"]
    body = text_of(issued)
    assert "请贵局依法查处" in body and "立即停止相关行为" in body and body.rstrip().endswith("特此函告。")
    with demo_vault.session() as s:
        done = s.exec(select(Escalation).where(Escalation.kind == EscalationKind.POLICE)).all()
        assert sorted(e.finding_id for e in done) == sorted(ids)
        for e in done:
            assert (e.state, e.authority, e.reference) == (EscalationState.DONE, "晋城市公安局", NUMBER)
            assert e.done_at.astimezone(CHINA_TIME).date() == date(2026, 12, 1) and e.done_by
        again = art33_letter(s, "police_referral")
        err = refused(referral.validate, s, again, {"addressee": "晋城市公安局"})
        assert "2项问题均已移送（晋城市公安局）" in err.zh and "already referred" in err.en
        # the secrecy record of the same department is untouched
        assert s.exec(select(Escalation).where(Escalation.kind == EscalationKind.SECRECY)).one().state \
            is EscalationState.PENDING


def test_urge_keeps_the_other_open_findings_on_their_own_deadline(demo_vault, monkeypatch):
    urge = K["urge"]
    monkeypatch.setattr(common, "today", lambda: date(2027, 1, 10))
    with demo_vault.session() as s:
        first, second = common.notice_findings(s, notice_of(s).id)
        step(s, first, S.REPORTED)
        step(s, first, S.REOPENED, reason="措施不到位", deadline=date(2027, 2, 1))  # open, not overdue
        letter = notice_letter(s, "urge", new_deadline="2027-01-25")
        content = urge.compose(s, letter)
    assert [r[1].split("\n")[0] for r in table(content)["rows"]] == [second.title]
    assert "整改通知书所列其他问题，仍按既定期限整改。" in text_of(content)
