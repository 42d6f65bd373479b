"""Four kinds of letter (:class:`~inspector.services.letter_spec.LetterKind`) the procedure of arts. 32–33 needs
besides the notice and the record:

* ``review`` — 整改复查意见书 (art. 32 (四)): the office's conclusion on a notice's rectification, finding by
  finding, as the vault has it (verified, closed, reopened, or nothing reported), and the next step: 予以销号
  or a re-inspection on a date. Issuing one that closes moves each verified finding to 已关闭 through the
  status rules (:func:`inspector.services.findings.transition`).
* ``urge`` — 整改督办通知: the findings of a notice past their deadline and still open
  (:func:`inspector.workflow.is_overdue`), and the new date. Issuing it changes no finding: the deadline is
  a field the issued notice states, frozen by :func:`inspector.lifecycle.guard_finding` (only a 更正通知
  changes it); the new date is what the letter itself says.
* ``secrecy_report`` and ``police_referral`` — the art. 33 letters, in :mod:`inspector.services.letter_kinds_art33`.

Each kind's text is composed from the vault (a draft's preview) and frozen into the letter when it is issued.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session, select

from inspector.documents.layout import cn_date
from inspector.errors import BadInputError
from inspector.model import FindingStatus, FindingTransition, RectificationReport
from inspector.services import letter_kinds_common as C
from inspector.services.findings import transition
from inspector.services.letter_kinds_art33 import POLICE_REFERRAL, SECRECY_REPORT
from inspector.services.letter_spec import FieldSpec, LetterContent, LetterKind
from inspector.services.rectification import reported_rectification
from inspector.timezones import china_day

DONE = frozenset({FindingStatus.VERIFIED, FindingStatus.CLOSED})
"""整改到位: the office verified the rectification (and may have closed the finding since)."""
NOT_REPORTED = frozenset({FindingStatus.NOTIFIED, FindingStatus.RECTIFYING})

# ---- 整改复查意见书 ----------------------------------------------------------------------------------

CLOSE, REINSPECT = "closed", "reinspect"
REVIEW_FIELDS = (
    FieldSpec("next_step", "下一步", "Next step", "choice",
              ((CLOSE, "整改完成，予以销号", "Rectified: close the findings"),
               (REINSPECT, "组织复查", "Inspect again")), required=True),
    FieldSpec("reinspect_on", "复查日期", "Re-inspection date", "date"),
    FieldSpec("remarks", "其他意见", "Further remarks", "multiline"),
)
_STEP, _ON = REVIEW_FIELDS[0], REVIEW_FIELDS[1]
REINSPECT_AFTER = timedelta(days=14)
"""The re-inspection a draft suggests: two weeks on."""


def _review_defaults(session: Session, letter: Any) -> dict[str, Any]:
    findings = C.notice_findings(session, C.issued_notice(session, letter).id)
    all_done = bool(findings) and all(FindingStatus(f.status) in DONE for f in findings)
    return {"next_step": CLOSE if all_done else REINSPECT,
            "reinspect_on": "" if all_done else (C.today() + REINSPECT_AFTER).isoformat(), "remarks": ""}


def _awaiting(findings: list) -> list[int]:
    """Numbers of the findings the department reported and the office has not yet verified or sent back."""
    return [n for n, f in enumerate(findings, start=1) if FindingStatus(f.status) is FindingStatus.REPORTED]


def _check_review(session: Session, letter: Any, values: dict[str, Any]) -> list:
    notice = C.issued_notice(session, letter)
    findings = C.notice_findings(session, notice.id)
    waiting = _awaiting(findings)
    if waiting:
        titles = "；".join(f"{n}. {findings[n - 1].title}" for n in waiting)
        raise BadInputError(
            f"{C.numbers_text(waiting)}问题（{titles}）的整改情况已报送、尚未核验。请先在“整改”页逐项核验"
            "（已核验或重新打开），再出具整改复查意见书。",
            f"The department reported on finding(s) {', '.join(map(str, waiting))} and the office has not verified "
            "them yet. Verify or reopen each on the Rectification page before issuing a review.")
    if values["next_step"] == CLOSE:
        open_ones = [n for n, f in enumerate(findings, start=1) if FindingStatus(f.status) not in DONE]
        if open_ones:
            raise BadInputError(f"{C.numbers_text(open_ones)}问题尚未整改到位，不能予以销号；请选择“组织复查”。",
                                f"Finding(s) {', '.join(map(str, open_ones))} are not rectified yet; they cannot "
                                "be closed. Choose a re-inspection.", field="next_step")
    return findings


def _review_validate(session: Session, letter: Any, values: dict[str, Any]) -> dict[str, Any]:
    out = C.normalise(REVIEW_FIELDS, C.merged(_review_defaults, session, letter, values))
    if out["next_step"] == REINSPECT:
        out["reinspect_on"] = C.later_than_today(_ON, out["reinspect_on"], letter).isoformat()
    else:
        out["reinspect_on"] = ""
    _check_review(session, letter, out)
    return out


def _reopen_reason(session: Session, finding_id: str) -> str:
    step = session.exec(select(FindingTransition).where(FindingTransition.finding_id == finding_id,
                                                        FindingTransition.to_status == FindingStatus.REOPENED)
                        .order_by(FindingTransition.at.desc())).first()
    return step.reason.strip() if step else ""


def _reported_text(session: Session, f) -> str:
    item = reported_rectification(session, f.id)
    status = FindingStatus(f.status)
    if item is not None and item.measures.strip():
        done = f"（完成时间：{cn_date(item.completed_on)}）" if item.completed_on else ""
        return f"{item.measures.strip()}{done}"
    if status in NOT_REPORTED:
        return "未报送整改情况"
    if status is FindingStatus.REOPENED and item is None:
        return "未重新报送整改情况"
    return "已报送整改情况"


def _conclusion(session: Session, f) -> str:
    status = FindingStatus(f.status)
    if status in DONE:
        note = f.verification_note.strip()
        return "已整改到位" + (f"\n{note}" if note else "")
    if status is FindingStatus.REPORTED:
        return "待核验"
    reason = _reopen_reason(session, f.id) if status is FindingStatus.REOPENED else ""
    return "未整改到位" + (f"\n{reason}" if reason else "")


def _review_compose(session: Session, letter: Any) -> LetterContent:
    notice = C.issued_notice(session, letter)
    findings = C.notice_findings(session, notice.id)
    fields = C.field_values(_review_defaults, session, letter)
    department = C.department_name(session, notice.department_id)
    reports = session.exec(select(RectificationReport.received_at).where(RectificationReport.notice_id == notice.id)
                           .order_by(RectificationReport.received_at.desc())).all()
    reported = f"你单位于{cn_date(china_day(reports[0]))}报送了整改情况。" if reports else ""
    rows = [[str(n), f.title, C.articles_text(f.articles, "\n"), _reported_text(session, f), _conclusion(session, f)]
            for n, f in enumerate(findings, start=1)]
    done = [n for n, f in enumerate(findings, start=1) if FindingStatus(f.status) in DONE]
    waiting = _awaiting(findings)
    not_done = [n for n in range(1, len(findings) + 1) if n not in done and n not in waiting]
    total = len(findings)
    if len(done) == total:
        result = f"经复查，整改通知书所列{total}项问题已全部整改到位。"
    elif not done and not waiting:
        result = f"经复查，整改通知书所列{total}项问题均未整改到位。"
    else:
        parts = ([f"{C.numbers_text(done)}问题已整改到位"] if done else []) + \
                ([f"{C.numbers_text(not_done)}问题未整改到位"] if not_done else [])
        result = f"经复查，整改通知书所列{total}项问题中，{'，'.join(parts)}，整改工作尚未全部完成。"
    if waiting:
        result += f"{C.numbers_text(waiting)}问题的整改情况尚待核验。"
    if fields.get("next_step") == CLOSE:
        step = ("你单位已按照整改通知书的要求完成整改，上述问题予以销号。请你单位巩固整改成果，健全政务数据安全管理"
                "长效机制，防止同类问题再次发生。")
    else:
        when = C.parse_date(_ON, fields.get("reinspect_on"))
        date_text = cn_date(when) if when else "另行通知的日期"
        if not_done or waiting:
            step = (f"请你单位对{C.numbers_text(not_done or waiting)}问题继续落实整改，将整改措施、完成时间及佐证材料"
                    f"书面报告我局。我局定于{date_text}组织复查，请你单位做好配合工作。")
        else:
            step = f"我局定于{date_text}组织现场复查，请你单位做好配合工作。"
    blocks: list[dict[str, Any]] = [
        {"kind": "p", "text": f"根据{C.reg_name()}第三十二条第（四）项的规定，我局于{cn_date(notice.issued_on)}向你单位"
                              f"印发《{C.NOTICE_TITLE}》（{notice.number}），列明问题{total}项并提出整改要求。{reported}"
                              "我局对照整改通知书逐项进行了复查，现将复查意见通知如下："},
        {"kind": "h1", "text": "一、复查情况"},
        {"kind": "table", "headers": ["序号", "问题", "违反条款", "整改情况", "复查结论"], "rows": rows,
         "widths": [0.08, 0.25, 0.16, 0.29, 0.22]},
        {"kind": "h1", "text": "二、复查结论"},
        {"kind": "p", "text": result},
        {"kind": "h1", "text": "三、下一步工作"},
        {"kind": "p", "text": step},
    ]
    if fields.get("remarks", "").strip():
        blocks += [{"kind": "h1", "text": "四、其他意见"}, {"kind": "p", "text": fields["remarks"].strip()}]
    return {"title": "政务数据安全整改复查意见书", "addressee": department, "blocks": blocks, "attachments": [],
            "articles": C.cited([32], *(f.articles for f in findings))}


def _review_on_issue(session: Session, letter: Any) -> None:
    """予以销号: each verified finding of the notice becomes 已关闭 through the status rules (audited, with the
    letter's number as the reason). A re-inspection changes nothing: the date is the letter's."""
    fields = C.field_values(_review_defaults, session, letter)
    findings = _check_review(session, letter, fields)
    if fields.get("next_step") != CLOSE:
        return
    for f in findings:
        if FindingStatus(f.status) is FindingStatus.VERIFIED:
            transition(session, f, FindingStatus.CLOSED, reason=f"整改复查意见书（{letter.number}）：整改完成，予以销号")


REVIEW = LetterKind(
    key="review", zh="整改复查意见书", en="Rectification review", reason="签发整改复查意见书",
    needs=("notice",), fields=REVIEW_FIELDS, compose=_review_compose, defaults=_review_defaults,
    validate=_review_validate, on_issue=_review_on_issue)

# ---- 整改督办通知 -------------------------------------------------------------------------------------

URGE_FIELDS = (
    FieldSpec("new_deadline", "新的整改期限", "New deadline", "date", required=True),
    FieldSpec("remarks", "其他事项", "Further remarks", "multiline"),
)
URGE_AFTER = timedelta(days=15)
"""The new deadline a draft suggests."""


def overdue_findings(session: Session, letter: Any) -> list[tuple[int, Any]]:
    """(number in the notice, finding) of each finding of the letter's notice past its deadline and still open on
    the day the letter speaks from (:func:`inspector.workflow.is_overdue`)."""
    from inspector import workflow

    notice = C.issued_notice(session, letter)
    day = C.as_of(letter)
    return [(n, f) for n, f in enumerate(C.notice_findings(session, notice.id), start=1)
            if workflow.is_overdue(FindingStatus(f.status), f.deadline, day)]


def _urge_defaults(session: Session, letter: Any) -> dict[str, Any]:
    return {"new_deadline": (C.today() + URGE_AFTER).isoformat(), "remarks": ""}


def _check_overdue(session: Session, letter: Any) -> list[tuple[int, Any]]:
    overdue = overdue_findings(session, letter)
    if not overdue:
        notice = C.issued_notice(session, letter)
        raise BadInputError(f"整改通知书 {notice.number} 没有逾期未整改的问题，无需督办。",
                            f"Notice {notice.number} has no finding past its deadline; there is nothing to urge.")
    return overdue


def _urge_validate(session: Session, letter: Any, values: dict[str, Any]) -> dict[str, Any]:
    out = C.normalise(URGE_FIELDS, C.merged(_urge_defaults, session, letter, values))
    _check_overdue(session, letter)
    new = C.later_than_today(URGE_FIELDS[0], out["new_deadline"], letter)
    out["new_deadline"] = new.isoformat()
    return out


_STATE = {FindingStatus.NOTIFIED: "未报送整改情况", FindingStatus.RECTIFYING: "整改中，未报送整改情况",
          FindingStatus.REOPENED: "经核验未整改到位，未重新报送"}


def _urge_compose(session: Session, letter: Any) -> LetterContent:
    notice = C.issued_notice(session, letter)
    overdue = _check_overdue(session, letter)
    fields = C.field_values(_urge_defaults, session, letter)
    day = C.as_of(letter)
    new = C.parse_date(URGE_FIELDS[0], fields.get("new_deadline"))
    rows = [[str(k), f"{f.title}\n（原通知书第{n}项）", C.articles_text(f.articles, "\n"), cn_date(f.deadline),
             f"逾期{(day - f.deadline).days}天；{_STATE.get(FindingStatus(f.status), FindingStatus(f.status).zh)}"]
            for k, (n, f) in enumerate(overdue, start=1)]
    listed = {f.id for _, f in overdue}
    others_open = any(f.id not in listed and FindingStatus(f.status) not in DONE
                      for f in C.notice_findings(session, notice.id))
    blocks: list[dict[str, Any]] = [
        {"kind": "p", "text": f"我局于{cn_date(notice.issued_on)}向你单位印发《{C.NOTICE_TITLE}》（{notice.number}），"
                              "责令你单位对检查发现的问题限期整改。截至"
                              f"{cn_date(day)}，下列{len(overdue)}项问题已超过整改期限，仍未整改到位。根据"
                              f"{C.reg_name(alias=True)}第三十二条第（四）项的规定，现就有关问题督办如下："},
        {"kind": "h1", "text": "一、逾期未整改的问题"},
        {"kind": "table", "headers": ["序号", "问题", "违反条款", "原整改期限", "逾期情况"], "rows": rows,
         "widths": [0.08, 0.30, 0.16, 0.21, 0.25]},
        {"kind": "h1", "text": "二、督办要求"},
        {"kind": "p", "text": "请你单位高度重视，主要负责同志亲自过问，对照整改通知书的要求逐项落实整改措施，"
                              f"于{cn_date(new) if new else '规定期限'}前整改完毕，并将整改情况书面报告我局，逐项说明"
                              "整改措施、完成时间，并附相关佐证材料。"
                              + ("整改通知书所列其他问题，仍按既定期限整改。" if others_open else "")},
        {"kind": "p", "text": f"逾期仍未整改到位的，我局将依照{C.SHORT}第三十五条的规定严肃处理。"},
    ]
    if fields.get("remarks", "").strip():
        blocks += [{"kind": "h1", "text": "三、其他事项"}, {"kind": "p", "text": fields["remarks"].strip()}]
    return {"title": "政务数据安全整改督办通知", "addressee": C.department_name(session, notice.department_id),
            "blocks": blocks, "attachments": [], "articles": C.cited([32, 35], *(f.articles for _, f in overdue))}


def _urge_on_issue(session: Session, letter: Any) -> None:
    """Issuing a 督办通知 checks that something is still overdue and changes no finding: each finding's deadline
    is stated by the issued notice and frozen (:data:`inspector.lifecycle.NOTICE_FIELDS`); the new date is the
    letter's own, and a finding still open after it is overdue against the notice's date, as before."""
    _check_overdue(session, letter)


URGE = LetterKind(
    key="urge", zh="整改督办通知", en="Notice urging overdue rectification", reason="签发整改督办通知",
    needs=("notice",), fields=URGE_FIELDS, compose=_urge_compose, defaults=_urge_defaults,
    validate=_urge_validate, on_issue=_urge_on_issue)

KINDS: list[LetterKind] = [REVIEW, URGE, SECRECY_REPORT, POLICE_REFERRAL]
"""The four kinds this module serves (the letter service adds its own ``inspection_notice``)."""
