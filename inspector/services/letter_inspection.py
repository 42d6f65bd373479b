"""检查通知 — the notice a department receives before the visit (art. 32 (一) 安排部署, (二) 自查评估).

It names the plan's dates for this department, the team (names, roles, 执法证号), what to prepare, and the
self-assessment form (the forms feature's 政务数据安全自查表, its 附件) to return by a date before the visit.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from inspector import regulation
from inspector.errors import BadInputError
from inspector.model import Department, Inspector, Plan, PlanTarget, TeamMember, TeamRole
from inspector.services.letter_spec import FieldSpec, LetterContent, LetterKind

KEY = "inspection_notice"
TITLE = "关于开展政务数据安全监督检查的通知"
ATTACHMENT = "政务数据安全自查表"
DUE_DAYS = 7
"""The self-assessment is due this many days before the visit, unless the office says otherwise."""

DEFAULT_MATERIALS = "\n".join((
    "本单位政务数据安全管理制度、操作规程及岗位职责分工文件；",
    "政务数据资源目录及数据分类分级清单；",
    "政务信息系统清单及网络安全等级保护定级、备案、测评和商用密码应用安全性评估材料；",
    "政务数据安全应急预案及近一年的演练记录；",
    "近一年政务数据安全培训的通知、签到表和课件；",
    "数据共享、开放及委托处理的审批记录、协议和安全管理材料；",
    "安全隐患排查、通报处置记录及上一次检查发现问题的整改材料（如有）；",
    "政务数据安全经费的预算和使用情况。",
))

FIELDS = (
    FieldSpec("visit_from", "检查开始日期", "Visit from", "date", required=True),
    FieldSpec("visit_to", "检查结束日期", "Visit until", "date"),
    FieldSpec("materials", "需准备的材料", "Materials to prepare", "multiline", required=True),
    FieldSpec("selfreport_due", "自查表报送期限", "Self-assessment due", "date", required=True),
)


def _day(value: Any) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _target(session: Session, letter) -> PlanTarget | None:
    return session.exec(select(PlanTarget).where(PlanTarget.plan_id == letter.plan_id,
                                                 PlanTarget.department_id == letter.department_id)).first()


def defaults(session: Session, letter) -> dict[str, Any]:
    """The target's scheduled day (else the plan's dates), the self-assessment due a week before, the usual
    materials."""
    plan = session.get(Plan, letter.plan_id) if letter.plan_id else None
    target = _target(session, letter) if plan else None
    start = target.scheduled_on if target and target.scheduled_on else (plan.start_on if plan else None)
    end = target.scheduled_on if target and target.scheduled_on else (plan.end_on if plan else None)
    out: dict[str, Any] = {"materials": DEFAULT_MATERIALS}
    if start:
        out["visit_from"] = start.isoformat()
        out["selfreport_due"] = (start - timedelta(days=DUE_DAYS)).isoformat()
    if end and (not start or end >= start):
        out["visit_to"] = end.isoformat()
    return out


def validate(session: Session, letter, values: dict[str, Any]) -> dict[str, Any]:
    """The department is one the plan inspects; the visit ends on or after it starts; the self-assessment is
    due before the visit starts."""
    if letter.plan_id and letter.department_id and _target(session, letter) is None:
        department = session.get(Department, letter.department_id)
        plan = session.get(Plan, letter.plan_id)
        raise BadInputError(f"“{department.name if department else letter.department_id}”不在检查计划"
                            f"“{plan.title if plan else letter.plan_id}”的检查单位中。",
                            "The department is not one the plan inspects.", field="department")
    start, end, due = (_day(values.get(k)) for k in ("visit_from", "visit_to", "selfreport_due"))
    if start and end and end < start:
        raise BadInputError("检查结束日期不能早于开始日期。", "The visit cannot end before it starts.", field="visit_to")
    if start and due and due >= start:
        raise BadInputError("自查表报送期限应早于检查开始日期。",
                            "The self-assessment must be due before the visit starts.", field="selfreport_due")
    return values


def on_issue(session: Session, letter) -> None:
    """A notice is sent before the visit: issued on or before the day the self-assessment is due (and so
    before the visit), never after the fact."""
    due = _day(letter.fields.get("selfreport_due"))
    if due is not None and letter.issued_on is not None and due < letter.issued_on:
        raise BadInputError(f"自查表报送期限（{due.isoformat()}）早于签发日期（{letter.issued_on.isoformat()}），"
                            "请先调整检查时间和报送期限再签发。",
                            f"The self-assessment would be due ({due.isoformat()}) before the notice is issued "
                            f"({letter.issued_on.isoformat()}): change the visit and due dates first.",
                            field="selfreport_due")


def team(session: Session, plan: Plan | None) -> list[tuple[str, str, str]]:
    """(name, role, 执法证号) of the plan's team, the lead first."""
    if plan is None or not plan.team_id:
        return []
    rows = session.exec(select(TeamMember, Inspector).join(Inspector, Inspector.id == TeamMember.inspector_id)
                        .where(TeamMember.team_id == plan.team_id)).all()
    rows = sorted(rows, key=lambda r: (TeamRole(r[0].role) is not TeamRole.LEAD, r[1].name))
    return [(person.name, "组长" if TeamRole(m.role) is TeamRole.LEAD else "组员", person.badge_no or "—")
            for m, person in rows]


def _when(start: date | None, end: date | None) -> str:
    from inspector.documents.layout import cn_date

    if start is None:
        return "另行通知"
    if end is None or end == start:
        return cn_date(start)
    return f"{cn_date(start)}至{cn_date(end)}"


def compose(session: Session, letter) -> LetterContent:
    from inspector.documents.layout import cn_date

    plan = session.get(Plan, letter.plan_id) if letter.plan_id else None
    department = session.get(Department, letter.department_id) if letter.department_id else None
    values = letter.fields
    start, end, due = (_day(values.get(k)) for k in ("visit_from", "visit_to", "selfreport_due"))
    reg = regulation.regulation()
    when = _when(start, end)
    plan_text = f"按照“{plan.title}”工作安排，" if plan and plan.title else ""
    blocks: list[dict[str, Any]] = [
        {"kind": "p", "text": f"根据《{reg['title']}》（{reg['doc_number']}）第三十二条关于政务数据安全监督检查的规定，"
                              f"{plan_text}我局将会同有关部门对你单位开展政务数据安全监督检查。请你单位先行开展自查评估，"
                              "并做好迎检准备。现将有关事项通知如下："},
        {"kind": "h1", "text": "一、检查时间"},
        {"kind": "p", "text": f"{when}。检查组进驻前将与你单位联系人确认具体日程。"},
        {"kind": "h1", "text": "二、检查组"},
    ]
    members = team(session, plan)
    if members:
        blocks.append({"kind": "p", "text": "检查组由以下人员组成，检查时出示执法证件："})
        blocks.append({"kind": "table", "headers": ["序号", "姓名", "职务或角色", "执法证号"],
                       "rows": [[str(n), name, role, badge] for n, (name, role, badge) in enumerate(members, 1)],
                       "widths": [0.12, 0.25, 0.25, 0.38]})
    else:
        blocks.append({"kind": "p", "text": "检查组成员另行通知。"})
    blocks.append({"kind": "h1", "text": "三、需准备的材料"})
    blocks.append({"kind": "p", "text": "请你单位提前准备以下材料（纸质或电子版均可），检查期间提供查阅："})
    lines = [line.strip() for line in str(values.get("materials") or "").splitlines() if line.strip()]
    blocks += [{"kind": "p", "text": f"{n}．{line}"} for n, line in enumerate(lines, 1)]
    due_text = cn_date(due) if due else "检查开始前"
    blocks += [
        {"kind": "h1", "text": "四、自查要求"},
        {"kind": "p", "text": f"请你单位依照细则第三十二条第（二）项的规定，对照附件《{ATTACHMENT}》逐项开展自查评估，"
                              f"如实填写自查情况，形成自查报告，于{due_text}前将自查表和自查报告报送我局。"
                              "自查表请使用我局提供的电子表格填写，不要改动表格结构。"},
        {"kind": "h1", "text": "五、其他事项"},
        {"kind": "p", "text": "请你单位确定一名熟悉政务数据安全工作的联系人，配合检查组开展工作；检查期间，"
                              "分管负责同志及相关业务、技术人员应当在岗，如实提供情况和材料。"},
    ]
    return {"title": TITLE, "addressee": department.name if department else "", "blocks": blocks,
            "attachments": [ATTACHMENT], "articles": [32]}


KIND = LetterKind(key=KEY, zh="检查通知", en="Inspection notice", reason="签发检查通知",
                  needs=("plan", "department"), fields=FIELDS, compose=compose, defaults=defaults, validate=validate,
                  on_issue=on_issue)
