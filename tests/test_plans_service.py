"""Plans, targets, teams and departments (安排部署): validation, read back, audit chain intact."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from inspector import audit, regulation
from inspector.errors import BadInputError, NotFoundError
from inspector.model import Department, Inspector, Plan, PlanStatus, PlanTarget, Team, TeamMember, TeamRole
from inspector.services import plans, queries
from inspector.services.plans import MemberSpec, TargetSpec
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)


def deep_ok(vault) -> bool:
    with vault.engine.connect() as conn:
        report = audit.verify(conn, vault.audit_hash, vault.vault_id, deep=True)
    return report.ok


def count(vault, table) -> int:
    with vault.session() as s:
        return len(s.exec(select(table)).all())


@pytest.fixture
def two_departments(vault):
    with vault.session() as s:
        a = plans.create_department(s, "晋城市民政局", code="11140500MB3456789W", contact_name="王志强",
                                    contact_phone="0356-2021003")
        b = plans.create_department(s, "晋城市自然资源局")
    return a.id, b.id


@pytest.fixture
def template_id(vault):
    with vault.session() as s:
        templates = plans.list_templates(s)
    assert len(templates) == 1 and templates[0]["code"] and templates[0]["version"] >= 1 and templates[0]["name"]
    return templates[0]["id"]


# ---- departments ---------------------------------------------------------------------------


def test_departments_are_created_updated_and_read_back(vault, two_departments):
    a, b = two_departments
    with vault.session() as s:
        plans.update_department(s, b, address=" 山西省晋城市城区 ", notes="二楼")
    with vault.session() as s:
        rows = plans.list_departments(s)
    assert [r["name"] for r in rows] == sorted(["晋城市民政局", "晋城市自然资源局"])
    by_id = {r["id"]: r for r in rows}
    assert by_id[a]["code"] == "11140500MB3456789W" and by_id[a]["contact_phone"] == "0356-2021003"
    assert by_id[b]["address"] == "山西省晋城市城区" and by_id[b]["notes"] == "二楼"
    assert deep_ok(vault)


@pytest.mark.parametrize("name", ["", "   ", "晋城市民政局", " 晋城市民政局 "])
def test_department_name_is_required_and_unique(vault, two_departments, name):
    before = count(vault, Department)
    with pytest.raises(BadInputError) as err, vault.session() as s:
        plans.create_department(s, name)
    assert err.value.zh and err.value.en
    assert count(vault, Department) == before


def test_renaming_a_department_onto_another_is_refused_but_its_own_name_is_fine(vault, two_departments):
    a, b = two_departments
    with pytest.raises(BadInputError), vault.session() as s:
        plans.update_department(s, b, name="晋城市民政局")
    with vault.session() as s:
        plans.update_department(s, a, name="晋城市民政局", contact_name="王强")
    with pytest.raises(NotFoundError), vault.session() as s:
        plans.update_department(s, "nope", name="x")
    with pytest.raises(BadInputError), vault.session() as s:
        plans.update_department(s, a, colour="red")
    with vault.session() as s:
        assert s.get(Department, a).contact_name == "王强" and s.get(Department, b).name == "晋城市自然资源局"


# ---- teams ---------------------------------------------------------------------------------


def test_team_of_existing_and_new_inspectors(vault):
    with vault.session() as s:
        me = Inspector(name="李明", badge_no="晋执 14050001")
        s.add(me)
        s.flush()
        team = plans.create_team(s, "第一检查组", [
            MemberSpec(TeamRole.LEAD, inspector_id=me.id),
            MemberSpec(TeamRole.MEMBER, name="王芳", badge_no="晋执 14050002"),
        ])
    with vault.session() as s:
        teams = plans.list_teams(s)
        people = plans.list_inspectors(s)
    assert [t["name"] for t in teams] == ["第一检查组"] and teams[0]["id"] == team.id
    assert [(m["name"], m["role"]) for m in teams[0]["members"]] == [("李明", "lead"), ("王芳", "member")]
    assert {p["name"] for p in people} == {"李明", "王芳"}
    assert deep_ok(vault)


@pytest.mark.parametrize("name, members", [
    ("", [MemberSpec(TeamRole.LEAD, name="甲")]),
    ("一组", []),
    ("一组", [MemberSpec(TeamRole.MEMBER, name="甲")]),
    ("一组", [MemberSpec(TeamRole.LEAD, name="甲"), MemberSpec(TeamRole.LEAD, name="乙")]),
    ("一组", [MemberSpec(TeamRole.LEAD, name=" ")]),
    ("一组", [MemberSpec(TeamRole.LEAD, name="甲"), MemberSpec(TeamRole.MEMBER, name="甲")]),
    ("一组", [MemberSpec(TeamRole.LEAD, inspector_id="missing")]),
])
def test_bad_teams_are_refused_without_writing(vault, name, members):
    with pytest.raises(BadInputError), vault.session() as s:
        plans.create_team(s, name, members)
    assert count(vault, Team) == count(vault, TeamMember) == count(vault, Inspector) == 0


# ---- plans ---------------------------------------------------------------------------------


def test_plan_with_targets_and_team_is_read_back(vault, two_departments, template_id):
    a, b = two_departments
    with vault.session() as s:
        team = plans.create_team(s, "第一检查组", [MemberSpec(TeamRole.LEAD, name="李明")])
        plan = plans.create_plan(
            s, title=" 2026年度监督检查 ", year=2026, focus="日志审计", description="依据第三十条",
            start_on=date(2026, 10, 1), end_on=date(2026, 12, 1), template_id=template_id, team_id=team.id,
            status="active", targets=[TargetSpec(a, date(2026, 10, 20), "先查机房"), TargetSpec(b)])
    with vault.session() as s:
        detail = plans.get_plan(s, plan.id)
        listed = queries.list_plans(s)
    p = detail.plan
    assert (p.title, p.year, p.focus, p.status, p.team_id, p.template_id) == (
        "2026年度监督检查", 2026, "日志审计", PlanStatus.ACTIVE, team.id, template_id)
    assert (p.start_on, p.end_on) == (date(2026, 10, 1), date(2026, 12, 1))
    assert [(t["department"], t["scheduled_on"], t["notes"]) for t in detail.targets] == [
        ("晋城市民政局", date(2026, 10, 20), "先查机房"), ("晋城市自然资源局", None, "")]
    assert listed == [dict(id=plan.id, title="2026年度监督检查", year=2026, status="active", focus="日志审计",
                           start_on=date(2026, 10, 1), end_on=date(2026, 12, 1), targets=2)]
    assert deep_ok(vault)



def test_the_editor_data_is_plain_values_read_in_one_unit_of_work(vault, two_departments, template_id):
    from inspector import ops

    a, b = two_departments
    with vault.session() as s:
        team = plans.create_team(s, "第一检查组", [MemberSpec(TeamRole.LEAD, name="李明")])
        plan = plans.create_plan(s, title="2026年度监督检查", year=2026, focus="日志审计", template_id=template_id,
                                 team_id=team.id, start_on=date(2026, 10, 1),
                                 targets=[TargetSpec(b, None, "后查"), TargetSpec(a, date(2026, 10, 20))])
    # read as the UI reads (ops.read rolls back and closes): nothing of the session may be needed afterwards
    new = ops.read(vault, plans.plan_editor_data)
    data = ops.read(vault, lambda s: plans.plan_editor_data(s, plan.id))
    with vault.session() as s:
        expected = (plans.list_templates(s), plans.list_teams(s), plans.list_departments(s), plans.list_inspectors(s))
    for got in (new, data):
        assert (got.templates, got.teams, got.departments, got.inspectors) == expected
    assert (new.plan, new.targets) == (None, [])
    assert data.plan == dict(title="2026年度监督检查", year=2026, focus="日志审计", description="", start_on=date(2026, 10, 1),
                             end_on=None, template_id=template_id, team_id=team.id, status=PlanStatus.DRAFT)
    assert [(t["department_id"], t["scheduled_on"], t["notes"]) for t in data.targets] == [(a, date(2026, 10, 20), ""),
                                                                                          (b, None, "后查")]
    with pytest.raises(NotFoundError):
        ops.read(vault, lambda s: plans.plan_editor_data(s, "missing"))

@pytest.mark.parametrize("fields, targets", [
    (dict(title="  "), False),
    (dict(title="计划", start_on=date(2026, 12, 1), end_on=date(2026, 11, 30)), False),
    (dict(title="计划", status="active"), False),
    (dict(title="计划", status="paused"), False),
    (dict(title="计划", year=1999), False),
    (dict(title="计划", team_id="missing"), False),
    (dict(title="计划", colour="red"), False),
    (dict(title="计划"), "twice"),
])
def test_bad_plans_are_refused_without_writing(vault, two_departments, template_id, fields, targets):
    a, _ = two_departments
    specs = [TargetSpec(a), TargetSpec(a)] if targets == "twice" else []
    with pytest.raises(BadInputError) as err, vault.session() as s:
        plans.create_plan(s, template_id=template_id, targets=specs, **fields)
    assert err.value.zh and err.value.en
    assert count(vault, Plan) == count(vault, PlanTarget) == 0


def test_plan_needs_a_template(vault):
    with pytest.raises(BadInputError), vault.session() as s:
        plans.create_plan(s, title="计划", year=2026)


def test_updates_are_checked_against_the_whole_plan(vault, two_departments, template_id):
    a, b = two_departments
    with vault.session() as s:
        plan_id = plans.create_plan(s, title="计划", year=2026, template_id=template_id,
                                    start_on=date(2026, 10, 1)).id
    with pytest.raises(BadInputError), vault.session() as s:
        plans.update_plan(s, plan_id, end_on=date(2026, 9, 30))
    with pytest.raises(BadInputError), vault.session() as s:
        plans.update_plan(s, plan_id, status=PlanStatus.ACTIVE)  # no target yet
    with vault.session() as s:
        plans.set_targets(s, plan_id, [TargetSpec(a, date(2026, 10, 8))])
        plans.update_plan(s, plan_id, status=PlanStatus.ACTIVE, end_on=date(2026, 10, 31), title="新名称")
    with pytest.raises(BadInputError), vault.session() as s:
        plans.set_targets(s, plan_id, [])  # an active plan keeps a target
    with vault.session() as s:
        plans.set_targets(s, plan_id, [TargetSpec(b, notes="补充"), TargetSpec(a, date(2026, 10, 9))])
    with vault.session() as s:
        detail = plans.get_plan(s, plan_id)
    p = detail.plan
    assert (p.title, p.status, p.end_on) == ("新名称", PlanStatus.ACTIVE, date(2026, 10, 31))
    assert {(t["department_id"], t["scheduled_on"], t["notes"]) for t in detail.targets} == {
        (a, date(2026, 10, 9), ""), (b, None, "补充")}
    with pytest.raises(NotFoundError), vault.session() as s:
        plans.get_plan(s, "missing")
    assert deep_ok(vault)


def test_a_target_with_an_inspection_stays_and_the_template_is_fixed(demo_vault):
    with demo_vault.session() as s:
        plan_id = queries.list_plans(s)[0]["id"]
        detail = plans.get_plan(s, plan_id)
        inspected = {i["department_id"] for i in queries.list_inspections(s)}
        newer = regulation.import_template(s, {**regulation.load_checklist(), "version": 99}).id
    kept = [t for t in detail.targets if t["department_id"] in inspected]
    assert kept and len(kept) < len(detail.targets)
    with pytest.raises(BadInputError) as err, demo_vault.session() as s:
        plans.set_targets(s, plan_id, [TargetSpec(t["department_id"]) for t in detail.targets
                                       if t["department_id"] not in inspected])
    assert "不能从计划中移除" in err.value.zh
    with demo_vault.session() as s:  # dropping a department not yet visited is fine
        plans.set_targets(s, plan_id, [TargetSpec(t["department_id"], t["scheduled_on"]) for t in kept])
    with pytest.raises(BadInputError) as err, demo_vault.session() as s:
        plans.update_plan(s, plan_id, template_id=newer)
    assert "模板" in err.value.zh
    with demo_vault.session() as s:  # a plan nobody worked on yet may switch
        fresh = plans.create_plan(s, title="临时", year=2026, template_id=detail.plan.template_id).id
        plans.update_plan(s, fresh, template_id=newer)
    with demo_vault.session() as s:
        assert len(plans.get_plan(s, plan_id).targets) == len(kept)
        assert plans.get_plan(s, plan_id).plan.template_id == detail.plan.template_id
        assert plans.get_plan(s, fresh).plan.template_id == newer
    assert deep_ok(demo_vault)
