"""Step 1 安排部署: plans, their targets, teams and the departments they inspect.

Plain functions on a SQLModel ``Session`` (the UI, the CLI and the API call the
same ones). Every rule a user can break raises a bilingual
:class:`~inspector.errors.BadInputError`:

* a plan needs a title, a year, a checklist template; its end is not before its start;
* a plan is activated only once it has at least one target (and an active plan
  keeps at least one);
* a department targeted once per plan, and not dropped once the plan has a
  self-report or an inspection of it;
* departments (listing, adding, changing) are :mod:`inspector.services.departments`,
  re-exported here for the callers that know them as ``plans.*_department``;
* a team needs a name, at least one member, exactly one lead (组长).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlmodel import Session, select

from inspector import concurrency, dialect
from inspector.collation import pinyin_key
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    ChecklistTemplate,
    Department,
    Inspection,
    Inspector,
    Plan,
    PlanStatus,
    PlanTarget,
    SelfReport,
    Team,
    TeamMember,
    TeamRole,
    VersionStatus,
)
from inspector.services.departments import (  # noqa: F401 (re-exported)
    DEPARTMENT_FIELDS,
    create_department,
    list_departments,
    update_department,
)
from inspector.timezones import china_today

YEARS = range(2000, 2101)
PLAN_FIELDS = ("title", "year", "focus", "description", "start_on", "end_on", "template_id", "team_id", "status")


@dataclass
class TargetSpec:
    """A department a plan inspects, and when."""

    department_id: str
    scheduled_on: date | None = None
    notes: str = ""


@dataclass
class MemberSpec:
    """A team member: an existing inspector (``inspector_id``) or a new one (``name``, ``badge_no``)."""

    role: TeamRole = TeamRole.MEMBER
    inspector_id: str | None = None
    name: str = ""
    badge_no: str = ""
    organisation: str = ""


@dataclass
class PlanDetail:
    """A plan with its targets (department names included), as the editor shows it."""

    plan: Plan
    targets: list[dict[str, Any]] = field(default_factory=list)


# ---- reading -------------------------------------------------------------------------------


def list_templates(session: Session) -> list[dict[str, Any]]:
    query = select(ChecklistTemplate).order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc())
    rows = session.exec(query).all()
    return [dict(id=t.id, code=t.code, version=t.version, name=t.name, label=t.label,
                 status=VersionStatus(t.status).value) for t in rows if VersionStatus(t.status) is not VersionStatus.DRAFT]


def list_inspectors(session: Session) -> list[dict[str, Any]]:
    rows = session.exec(select(Inspector).order_by(Inspector.name)).all()
    return [dict(id=i.id, name=i.name, badge_no=i.badge_no, organisation=i.organisation) for i in rows]


def list_teams(session: Session) -> list[dict[str, Any]]:
    """Teams with their members (lead first)."""
    teams = session.exec(select(Team).order_by(Team.name)).all()
    rows = session.exec(
        select(TeamMember, Inspector).join(Inspector, Inspector.id == TeamMember.inspector_id)
    ).all()
    members: dict[str, list[dict[str, Any]]] = {}
    for m, person in rows:
        members.setdefault(m.team_id, []).append(
            dict(inspector_id=person.id, name=person.name, badge_no=person.badge_no, role=m.role.value))
    for ms in members.values():
        ms.sort(key=lambda m: (m["role"] != TeamRole.LEAD.value, m["name"]))
    return [dict(id=t.id, name=t.name, members=members.get(t.id, [])) for t in teams]


def get_plan(session: Session, plan_id: str) -> PlanDetail:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"找不到检查计划：{plan_id}", f"No such plan: {plan_id}")
    rows = dialect.rows(session,  # columns, not objects: a campaign has thousands of targets
                        select(PlanTarget.id, PlanTarget.department_id, Department.name, PlanTarget.scheduled_on,
                               PlanTarget.notes, PlanTarget.revision)
                        .join(Department, Department.id == PlanTarget.department_id)
                        .where(PlanTarget.plan_id == plan_id))
    rows = sorted(rows, key=lambda r: (r[3] is None, r[3] or date.min, pinyin_key(r[2])))
    targets = [dict(id=i, department_id=d, department=name, scheduled_on=on, notes=notes, revision=revision)
               for i, d, name, on, notes, revision in rows]
    return PlanDetail(plan, targets)



def plan_fields(session: Session, plan_id: str) -> dict[str, Any]:
    """The plan's editable fields (:data:`PLAN_FIELDS`) as plain values."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"找不到检查计划：{plan_id}", f"No such plan: {plan_id}")
    return {f: getattr(plan, f) for f in PLAN_FIELDS}


@dataclass
class PlanEditorData:
    """What the plan editor offers (templates, teams, departments, inspectors) and, for a plan, shows."""

    templates: list[dict[str, Any]]
    teams: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    inspectors: list[dict[str, Any]]
    plan: dict[str, Any] | None = None
    """The plan's :func:`plan_fields`; None for a new plan."""
    revision: int | None = None
    """The plan's revision as read (None for a new plan): its editor's saves are checked against it."""
    targets: list[dict[str, Any]] = field(default_factory=list)
    """As :func:`get_plan` lists them."""


def plan_editor_data(session: Session, plan_id: str | None = None) -> PlanEditorData:
    """Everything the plan editor needs, in plain values (no row of the session escapes it)."""
    data = PlanEditorData(list_templates(session), list_teams(session), list_departments(session),
                          list_inspectors(session))
    if plan_id is not None:
        detail = get_plan(session, plan_id)
        data.plan = {f: getattr(detail.plan, f) for f in PLAN_FIELDS}
        data.revision = detail.plan.revision
        data.targets = detail.targets
    return data

# ---- plans ---------------------------------------------------------------------------------


def _check_plan(session: Session, plan: Any, target_count: int) -> None:
    if not plan.title.strip():
        raise BadInputError("请填写计划名称。", "Please enter the plan's title.")
    if plan.year not in YEARS:
        raise BadInputError(f"年度应在 {YEARS.start}–{YEARS.stop - 1} 之间。",
                            f"The year must be between {YEARS.start} and {YEARS.stop - 1}.")
    if plan.start_on and plan.end_on and plan.end_on < plan.start_on:
        raise BadInputError("结束日期不能早于开始日期。", "The end date cannot be before the start date.")
    if not plan.template_id or session.get(ChecklistTemplate, plan.template_id) is None:
        raise BadInputError("请选择检查表模板。", "Please choose a checklist template.")
    if getattr(plan, "template_chosen", True):  # a new plan, or a new choice: only a version in force
        from inspector.services.versions import check_usable_for_plan

        check_usable_for_plan(session, plan.template_id)
    if plan.team_id and session.get(Team, plan.team_id) is None:
        raise NotFoundError(f"找不到检查组：{plan.team_id}", f"No such team: {plan.team_id}")
    if plan.status is PlanStatus.ACTIVE and target_count == 0:
        raise BadInputError("启动计划前请至少添加一个被检查单位。",
                            "Add at least one department to inspect before activating the plan.")


def _plan_in_use(session: Session, plan_id: str, department_id: str | None = None) -> bool:
    """Whether the plan (or its target ``department_id``) already has a self-report or an inspection."""
    for table in (SelfReport, Inspection):
        query = select(table.id).where(table.plan_id == plan_id)
        if department_id is not None:
            query = query.where(table.department_id == department_id)
        if session.exec(query.limit(1)).first() is not None:
            return True
    return False


def _normalise_plan_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise BadInputError(f"未知的计划字段：{', '.join(sorted(unknown))}",
                            f"Unknown plan fields: {', '.join(sorted(unknown))}")
    out = dict(fields)
    for name in ("title", "focus", "description"):
        if name in out:
            out[name] = (out[name] or "").strip()
    if "status" in out:
        try:
            out["status"] = PlanStatus(out["status"])
        except ValueError:
            raise BadInputError(f"未知的计划状态：{out['status']}", f"Unknown plan status: {out['status']}") from None
    if "team_id" in out:
        out["team_id"] = out["team_id"] or None
    return out


def create_plan(session: Session, *, targets: list[TargetSpec] = (), **fields: Any) -> Plan:
    """A new plan with its targets; ``fields`` are those of :data:`PLAN_FIELDS`."""
    values = _normalise_plan_fields(fields)
    values.setdefault("year", china_today().year)
    values.setdefault("title", "")
    values.setdefault("template_id", "")
    _check_targets(session, targets)
    defaults = {f: None for f in PLAN_FIELDS} | {"status": PlanStatus.DRAFT}
    _check_plan(session, SimpleNamespace(**(defaults | values)), len(targets))
    plan = Plan(**values)
    session.add(plan)
    session.flush()
    set_targets(session, plan.id, targets)
    return plan


def update_plan(session: Session, plan_id: str, *, revision: int | None = None, **fields: Any) -> Plan:
    """Change some fields of a plan; the whole plan must still be valid. ``revision``: the one the editor showed
    (someone else's save since is refused: :func:`inspector.concurrency.expect`)."""
    plan = get_plan(session, plan_id).plan
    concurrency.expect(session, plan, revision, what=("检查计划", "plan"), shown=("title",))
    values = _normalise_plan_fields(fields)
    if "template_id" in values and values["template_id"] != plan.template_id and _plan_in_use(session, plan_id):
        raise BadInputError("该计划已有自查报告或现场检查，不能更换检查表模板。",
                            "The plan already has self-reports or inspections; its checklist cannot change.")
    candidate = SimpleNamespace(**{**{f: getattr(plan, f) for f in PLAN_FIELDS}, **values},
                                template_chosen=values.get("template_id", plan.template_id) != plan.template_id)
    count = len(session.exec(select(PlanTarget.id).where(PlanTarget.plan_id == plan_id)).all())
    _check_plan(session, candidate, count)
    for name, value in values.items():
        if getattr(plan, name) != value:
            setattr(plan, name, value)
    session.flush()
    return plan


def _check_targets(session: Session, targets: list[TargetSpec]) -> None:
    seen: set[str] = set()
    for t in targets:
        department = session.get(Department, t.department_id)
        if department is None:
            raise NotFoundError(f"找不到被检查单位：{t.department_id}", f"No such department: {t.department_id}")
        if t.department_id in seen:
            raise BadInputError(f"被检查单位重复：{department.name}", f"Department listed twice: {department.name}")
        seen.add(t.department_id)


def targets_seen(targets: list[dict[str, Any]]) -> dict[str, int]:
    """The targets an editor shows (:func:`get_plan`'s), as :func:`set_targets` checks them: row id → revision."""
    return {t["id"]: t["revision"] for t in targets}


def set_targets(session: Session, plan_id: str, targets: list[TargetSpec], *,
                seen: dict[str, int] | None = None) -> list[PlanTarget]:
    """Make the plan's targets exactly ``targets`` (matched by department; others are removed). ``seen``: the
    targets the editor showed (:func:`targets_seen`); when someone else added, removed or changed one since, the
    save is refused (:class:`inspector.concurrency.StaleEditError`, carrying the targets as they are now)."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"找不到检查计划：{plan_id}", f"No such plan: {plan_id}")
    if seen is not None:
        concurrency.lock(session, plan)  # two savers of the targets take turns (the hub); then read as they are
    existing = {t.department_id: t for t in session.exec(select(PlanTarget).where(PlanTarget.plan_id == plan_id)
                                                         .execution_options(populate_existing=True)).all()}
    concurrency.expect_rows(session, plan, PlanTarget, seen, {t.id: t.revision for t in existing.values()},
                            what=("此计划的被检查单位", "this plan's departments"),
                            current=lambda: {"targets": get_plan(session, plan_id).targets})
    _check_targets(session, targets)
    if plan.status is PlanStatus.ACTIVE and not targets:
        raise BadInputError("进行中的计划至少需要一个被检查单位。", "An active plan needs at least one department.")
    wanted = {t.department_id for t in targets}
    for department_id, row in existing.items():
        if department_id not in wanted:
            if _plan_in_use(session, plan_id, department_id):
                name = session.get(Department, department_id).name
                raise BadInputError(f"{name}已有自查报告或现场检查，不能从计划中移除。",
                                    f"{name} already has a self-report or an inspection; it cannot leave the plan.")
            session.delete(row)
    result = []
    for spec in targets:
        row = existing.get(spec.department_id)
        notes = (spec.notes or "").strip()
        if row is None:
            row = PlanTarget(plan_id=plan_id, department_id=spec.department_id, scheduled_on=spec.scheduled_on,
                             notes=notes)
            session.add(row)
        else:
            if row.scheduled_on != spec.scheduled_on:
                row.scheduled_on = spec.scheduled_on
            if row.notes != notes:
                row.notes = notes
        result.append(row)
    session.flush()
    return result


# ---- teams ---------------------------------------------------------------------------------


def create_team(session: Session, name: str, members: list[MemberSpec]) -> Team:
    """A team of existing and new inspectors, with exactly one lead."""
    if not name.strip():
        raise BadInputError("请填写检查组名称。", "Please enter the team's name.")
    if not members:
        raise BadInputError("检查组至少需要一名成员。", "A team needs at least one member.")
    if sum(TeamRole(m.role) is TeamRole.LEAD for m in members) != 1:
        raise BadInputError("检查组需要且只能有一名组长。", "A team needs exactly one lead.")
    people: list[tuple[Inspector, TeamRole, bool]] = []  # (person, role, new?)
    seen: set[str] = set()
    for m in members:
        if m.inspector_id:
            person = session.get(Inspector, m.inspector_id)
            if person is None:
                raise NotFoundError(f"找不到检查人员：{m.inspector_id}", f"No such inspector: {m.inspector_id}")
            new, identity = False, person.id
        else:
            if not m.name.strip():
                raise BadInputError("请填写检查人员姓名。", "Please enter the inspector's name.")
            person = Inspector(name=m.name.strip(), badge_no=m.badge_no.strip(), organisation=m.organisation.strip())
            new, identity = True, f"new:{person.name}:{person.badge_no}"
        if identity in seen:
            raise BadInputError(f"成员重复：{person.name}", f"Member listed twice: {person.name}")
        seen.add(identity)
        people.append((person, TeamRole(m.role), new))
    team = Team(name=name.strip())
    session.add(team)
    session.add_all([p for p, _, new in people if new])
    session.flush()
    for person, role, _ in people:
        session.add(TeamMember(team_id=team.id, inspector_id=person.id, role=role))
    session.flush()
    return team
