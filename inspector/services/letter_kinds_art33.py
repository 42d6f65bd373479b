"""The art. 33 letters: the report of 失泄密隐患 to the 保密主管部门 (``secrecy_report``) and the referral of a
违法行为 to the 公安机关 (``police_referral``).

Each is drawn from the escalation records (:mod:`inspector.services.escalations`) of its kind for one department's
findings, within a plan or a notice: the records still pending (待报告 / 待移送) are the ones the letter covers.
Issuing it records each of them as done (已报告 / 已移送) through
:func:`~inspector.services.escalations.record_escalation`: to the letter's addressee, on its issue date, with its
number as the reference. Once issued, the letter still states the records it covered (those whose reference is
its number).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time
from typing import Any

from sqlmodel import Session, select

from inspector.documents.layout import cn_date, sentence
from inspector.errors import BadInputError
from inspector.model import (
    Escalation,
    EscalationKind,
    EscalationState,
    Finding,
    NoticeFinding,
    NoticeStatus,
    RectificationNotice,
    Severity,
)
from inspector.services import escalations
from inspector.services import letter_kinds_common as C
from inspector.services.letter_spec import FieldSpec, LetterContent, LetterKind
from inspector.timezones import CHINA_TIME, china_today

FIELDS = (
    FieldSpec("addressee", "主送机关", "Addressed to", "text", required=True),
    FieldSpec("remarks", "其他事项", "Further remarks", "multiline"),
)


def _scope_error(department_id: str | None) -> BadInputError:
    if not department_id:
        return BadInputError("请选择被检查单位。", "Choose the department.", field="department")
    return BadInputError("请选择该单位的检查计划或整改通知书，以确定所涉问题的范围。",
                         "Choose the department's plan or rectification notice: the letter covers its findings.",
                         field="plan")


def covered(session: Session, letter: Any, kind: EscalationKind) -> list[tuple[Escalation, Finding]]:
    """The escalations of ``kind`` the letter covers, in the order of their findings: for a draft the pending
    ones of the department's findings in the plan or notice; once issued, also those it recorded as done."""
    department_id = getattr(letter, "department_id", None)
    plan_id, notice_id = getattr(letter, "plan_id", None), getattr(letter, "notice_id", None)
    if not department_id or not (plan_id or notice_id):
        raise _scope_error(department_id)
    query = (select(Escalation, Finding).join(Finding, Finding.id == Escalation.finding_id)
             .where(Escalation.kind == kind, Finding.department_id == department_id))
    if notice_id:
        notice = session.get(RectificationNotice, notice_id)
        if notice is None or notice.department_id != department_id:
            raise BadInputError("该整改通知书不是发给所选单位的。", "That notice was not sent to the chosen department.",
                                field="notice")
        query = query.where(Finding.id.in_(select(NoticeFinding.finding_id).where(NoticeFinding.notice_id == notice_id)))
    if plan_id:
        query = query.where(Finding.plan_id == plan_id)
    rows = session.exec(query.order_by(Finding.created_at, Finding.title)).all()
    number = getattr(letter, "number", "") or ""
    mine = [(e, f) for e, f in rows if EscalationState(e.state) is EscalationState.PENDING
            or (number and e.reference == number)]
    if mine:
        return mine
    department = C.department_name(session, department_id)
    if not rows:
        raise BadInputError(f"{department}在所选范围内没有涉及{kind.zh}的问题（第三十三条），无需出具此函。"
                            f"如有，请先在问题中标记“{kind.zh}”。",
                            f"{department} has no finding marked as {kind.en.lower()} (art. 33) in this scope; mark "
                            "the finding first.")
    done = EscalationState.DONE.zh_for(kind)[1:]
    count = "问题" if len(rows) == 1 else f"{len(rows)}项问题均"
    raise BadInputError(f"{department}涉及{kind.zh}的{count}已{done}（{rows[0][0].authority}），无需再次出具。",
                        f"The {kind.en.lower()} of {department} in this scope ({len(rows)}) was already "
                        f"{EscalationState.DONE.en_for(kind).lower()}; nothing is left to cover.")


def _defaults_for(kind: EscalationKind):
    def defaults(session: Session, letter: Any) -> dict[str, Any]:
        authorities = Counter((e.authority or "").strip() or kind.authority_zh for e, _ in covered(session, letter, kind))
        return {"addressee": authorities.most_common(1)[0][0] if authorities else kind.authority_zh, "remarks": ""}
    return defaults


def _validate_for(kind: EscalationKind):
    defaults = _defaults_for(kind)

    def validate(session: Session, letter: Any, values: dict[str, Any]) -> dict[str, Any]:
        out = C.normalise(FIELDS, C.merged(defaults, session, letter, values))
        covered(session, letter, kind)
        return out
    return validate


def _polite(addressee: str) -> str:
    """贵局 / 贵委 / 贵办 for a body whose name ends so, else 贵单位."""
    for end in ("局", "委", "办", "厅", "部"):
        if addressee.endswith(end):
            return "贵" + end
    return "贵单位"


def _measures(session: Session, kind: EscalationKind, rows: list[tuple[int, Finding]]) -> list[str]:
    """What the office has done about the findings, as the vault records it: the issued notices that state them,
    else the handling opinion given on site."""
    by_notice: dict[str, list[int]] = {}
    on_site: list[tuple[int, Finding]] = []
    for n, f in rows:
        notice = session.get(RectificationNotice, f.notice_id) if f.notice_id else None
        if notice is not None and NoticeStatus(notice.status) is NoticeStatus.ISSUED:
            by_notice.setdefault(notice.id, []).append(n)
        else:
            on_site.append((n, f))
    out = []
    deadlines = {n: f.deadline for n, f in rows}
    for notice_id, numbers in by_notice.items():
        notice = session.get(RectificationNotice, notice_id)
        if kind is EscalationKind.POLICE:
            order = "责令其立即停止相关行为并限期整改"
        else:
            days = sorted({deadlines[n] for n in numbers if deadlines[n]})
            order = f"责令其于{cn_date(days[-1])}前完成整改" if days else "责令其限期整改"
        out.append(f"针对{C.numbers_text(numbers)}问题，我局已于{cn_date(notice.issued_on)}向该单位印发"
                   f"《{C.NOTICE_TITLE}》（{notice.number}），{order}。")
    for n, f in on_site:
        opinion = sentence(f.handling_opinion)
        said = f"检查组已在现场提出处理意见：{opinion}" if opinion else "检查组已在现场向该单位反馈。"
        then = "我局将依程序向该单位印发整改通知书，" + \
            ("责令其立即停止相关行为并限期整改。" if kind is EscalationKind.POLICE else "责令其限期整改。")
        out.append(f"针对{C.numbers_text([n])}问题，{said}{then}")
    return out


def _compose_for(kind: EscalationKind):
    defaults = _defaults_for(kind)
    secrecy = kind is EscalationKind.SECRECY

    def compose(session: Session, letter: Any) -> LetterContent:
        records = covered(session, letter, kind)
        fields = C.field_values(defaults, session, letter)
        addressee = fields.get("addressee", "").strip() or kind.authority_zh
        department = C.department_name(session, letter.department_id)
        findings = [f for _, f in records]
        days = [C.found_on(session, f) for f in findings]
        plan = C.plan_title(session, letter.plan_id or next((f.plan_id for f in findings if f.plan_id), None))
        arrangement = f"和“{plan}”工作安排" if plan else ""
        rows = [[str(n), f.title + (f"\n{f.description.strip()}" if f.description.strip() else ""),
                 cn_date(day), Severity(f.severity).zh, C.articles_text(f.articles, "\n")]
                for n, (f, day) in enumerate(zip(findings, days), start=1)]
        numbered = list(enumerate(findings, start=1))
        what = "涉及失泄密隐患的问题" if secrecy else "涉嫌违法行为的问题"
        rule = "涉及失泄密隐患的向保密主管部门报告" if secrecy else "存在违法行为的应立即制止，并提请公安机关依法查处"
        blocks: list[dict[str, Any]] = [
            {"kind": "p", "text": f"根据{C.reg_name(alias=True)}第三十二条的规定{arrangement}，我局会同有关部门于{C.days_text(days)}"
                                  f"对{department}开展了政务数据安全监督检查，发现该单位存在{what}{len(findings)}项。"
                                  f"依照{C.SHORT}第三十三条“{rule}”的规定，现将有关情况"
                                  + ("报告如下：" if secrecy else "函告如下：")},
            {"kind": "h1", "text": "一、发现的问题"},
            {"kind": "table", "headers": ["序号", "问题及情况", "发现时间", "严重程度", "违反条款"], "rows": rows,
             "widths": [0.08, 0.42, 0.21, 0.13, 0.16]},
            {"kind": "h1", "text": "二、我局已采取的措施"},
            *({"kind": "p", "text": t} for t in _measures(session, kind, numbered)),
            {"kind": "h1", "text": "三、有关请求"},
        ]
        polite = _polite(addressee)
        if secrecy:
            ask = (f"上述问题涉及失泄密隐患，请{polite}依职责予以指导，并视情况组织核查处置。我局将督促该单位抓紧整改，"
                   "并及时通报整改进展。")
        else:
            ask = (f"上述行为涉嫌违法，请{polite}依法查处。我局将积极配合调查，并提供现场检查记录、证据材料等相关材料。")
        blocks.append({"kind": "p", "text": ask})
        remarks = fields.get("remarks", "").strip()
        if remarks:
            blocks += [{"kind": "h1", "text": "四、其他事项"}, {"kind": "p", "text": remarks}]
        blocks.append({"kind": "p", "text": "特此报告。" if secrecy else "特此函告。"})
        title = (f"关于{department}存在政务数据失泄密隐患的报告" if secrecy
                 else f"关于提请依法查处{department}政务数据违法行为的函")
        return {"title": title, "addressee": addressee, "blocks": blocks, "attachments": [],
                "articles": C.cited([32, 33], *(f.articles for f in findings))}
    return compose


def _issue_moment(letter: Any) -> datetime:
    """When a record covered by the letter was done: now on its issue day, else noon (Beijing) of that day."""
    day = getattr(letter, "issued_on", None) or china_today()
    if day == china_today():
        return datetime.now(UTC)
    return datetime.combine(day, time(12, 0), CHINA_TIME).astimezone(UTC)


def _on_issue_for(kind: EscalationKind):
    defaults = _defaults_for(kind)

    def on_issue(session: Session, letter: Any) -> None:
        """Each pending record the letter covers becomes 已报告 / 已移送: to the addressee, on the issue date,
        the letter's number as its reference (the escalation service's own rule)."""
        addressee = C.field_values(defaults, session, letter).get("addressee", "").strip() or kind.authority_zh
        moment = _issue_moment(letter)
        for e, _ in covered(session, letter, kind):
            if EscalationState(e.state) is EscalationState.PENDING:
                escalations.record_escalation(session, e.id, authority=addressee, reference=letter.number,
                                              note=f"{'失泄密隐患报告' if kind is EscalationKind.SECRECY else '违法行为移送函'}"
                                                   f"（{letter.number}）",
                                              done_at=moment)
    return on_issue


SECRECY_REPORT = LetterKind(
    key="secrecy_report", zh="失泄密隐患报告", en="Report of a leak risk to the secrecy authority",
    reason="签发失泄密隐患报告", needs=("department",), fields=FIELDS,
    compose=_compose_for(EscalationKind.SECRECY), defaults=_defaults_for(EscalationKind.SECRECY),
    validate=_validate_for(EscalationKind.SECRECY), on_issue=_on_issue_for(EscalationKind.SECRECY),
    extra={"escalation": EscalationKind.SECRECY.value})

POLICE_REFERRAL = LetterKind(
    key="police_referral", zh="违法行为移送函", en="Referral of unlawful conduct to the police",
    reason="签发违法行为移送函", needs=("department",), fields=FIELDS,
    compose=_compose_for(EscalationKind.POLICE), defaults=_defaults_for(EscalationKind.POLICE),
    validate=_validate_for(EscalationKind.POLICE), on_issue=_on_issue_for(EscalationKind.POLICE),
    extra={"escalation": EscalationKind.POLICE.value})
