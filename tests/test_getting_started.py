"""The first steps of a new vault tick themselves off as the vault fills; the navigation counts match the data."""

from __future__ import annotations

from datetime import date

from inspector.services import dashboard, plans, settings
from inspector.signing import identity
from tests.engines import demo_on_both_engines, vault_on_both_engines  # noqa: F401


def _done(vault) -> dict[str, bool]:
    with vault.session() as s:
        return {step.key: step.done for step in dashboard.getting_started(s)}


def test_each_first_step_ticks_itself_off(vault):
    assert _done(vault) == dict(organisation=False, signing=False, departments=False, plan=False)
    with vault.session() as s:
        settings.put(s, settings.ORG_NAME, "晋城市大数据应用局")
        s.commit()
    assert _done(vault)["organisation"] is False  # the document number too
    with vault.session() as s:
        settings.put(s, settings.DOC_NUMBER_PATTERN, "晋数安检〔{year}〕{serial}号")
        me = settings.set_identity(s, "陈静", "JZ 14050001", "晋城市大数据应用局")
        s.commit()
        inspector_id = me.id
    assert _done(vault) == dict(organisation=True, signing=False, departments=False, plan=False)
    with vault.session() as s:
        identity.create_identity(s, inspector_id)
        plans.create_department(s, "晋城市民政局")
        s.commit()
    assert _done(vault) == dict(organisation=True, signing=True, departments=True, plan=False)
    with vault.session() as s:
        plans.create_plan(s, title="2027年度检查", year=2027, template_id=plans.list_templates(s)[0]["id"])
        s.commit()
    assert all(_done(vault).values())


def test_the_demo_vault_needs_no_first_steps_and_counts_what_waits(demo_vault):
    assert all(_done(demo_vault).values())
    with demo_vault.session() as s:
        counts = dashboard.navigation_counts(s, date(2027, 2, 1))
        data = dashboard.dashboard_data(s, date(2027, 2, 1))
        early = dashboard.navigation_counts(s, date(2026, 12, 1))
    assert counts.overdue == data.overdue_total > 0
    assert early.overdue == 0
    assert counts.running == data.running_total == 1
    assert counts.escalations == data.escalations_total
    assert counts.to_verify == data.by_status[dashboard.FindingStatus.REPORTED]
    assert counts.conflicts == 0
