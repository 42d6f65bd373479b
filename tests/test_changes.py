"""What a write changed: areas declared on the models, reported by the audit hooks, collected by ops.write."""

from __future__ import annotations

import pytest
from sqlmodel import SQLModel, select

from inspector import changes, ops
from inspector.changes import Changes
from inspector.model import TABLES, Area, Department, Finding, FindingStatus
from inspector.services import maintenance, plans, queries, settings
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)


def test_every_table_declares_its_area_and_both_labels():
    assert set(TABLES) == set(SQLModel.metadata.tables)
    for name, facts in TABLES.items():
        assert facts.model.__tablename__ == name
        assert isinstance(facts.area, Area) and facts.zh and facts.en and facts.zh != facts.en
    assert {f.area for f in TABLES.values()} == set(Area)  # no area without a table
    assert all(area.zh and area.en for area in Area)


def test_an_unknown_table_is_a_bug_not_a_silent_fallback():
    with pytest.raises(KeyError):
        Changes.of_tables({"no_such_table"})
    assert Changes.of_tables(changes.NOT_TABLES) == Changes()


def test_a_write_reports_the_areas_of_the_rows_it_touched(vault):
    done = ops.write(vault, lambda s: plans.create_department(s, name="市教育局").id)
    assert done.changes == Changes(frozenset({Area.DEPARTMENTS}))
    assert Area.DEPARTMENTS in done.changes and done.changes.touches({Area.PLANS, Area.DEPARTMENTS})
    assert not done.changes.touches({Area.FINDINGS})
    rows = ops.read(vault, plans.list_departments)
    assert [r["id"] for r in rows] == [done.result]
    assert ops.write(vault, lambda s: settings.put(s, settings.ORG_NAME, "晋城市数据局")).changes.areas == {Area.SETTINGS}


def test_a_write_that_changes_nothing_reports_nothing(vault):
    assert not ops.write(vault, queries.list_plans).changes


def test_several_tables_of_one_step_and_of_several(demo_vault):
    def close_a_plan_and_touch_a_finding(s):
        finding = s.exec(select(Finding).where(Finding.status == FindingStatus.DRAFT)).first()
        finding.description += "（补充）"
        plans.create_department(s, name="新单位")

    done = ops.write(demo_vault, close_a_plan_and_touch_a_finding)
    assert done.changes.areas == {Area.FINDINGS, Area.DEPARTMENTS}


def test_a_failed_write_reports_and_keeps_nothing(vault):
    with changes.recording() as rec, pytest.raises(ZeroDivisionError):
        ops.write(vault, lambda s: (plans.create_department(s, name="不会保存"), 1 / 0))
    assert not rec.changes
    assert ops.read(vault, plans.list_departments) == []


def test_what_vault_level_services_commit_in_their_own_sessions_is_reported(sqlcipher_vault, tmp_path):
    vault = sqlcipher_vault  # a backup: a vault's own files
    def work(s):
        with s.vault.session() as own:  # as an import or a backup does
            plans.create_department(own, name="自己的会话")
        return maintenance.backup(s.vault, tmp_path / "b.backup")

    done = ops.write(vault, work)
    assert Area.DEPARTMENTS in done.changes


def test_a_read_that_writes_is_a_bug_and_writes_nothing(vault):
    with pytest.raises(RuntimeError, match="department"):
        ops.read(vault, lambda s: plans.create_department(s, name="读取中写入"))
    with pytest.raises(RuntimeError):
        ops.read(vault, lambda s: s.add(Department(name="未刷新")))
    assert ops.read(vault, plans.list_departments) == []


def test_recordings_nest_and_each_sees_what_was_committed_inside_it(vault):
    with changes.recording() as outer:
        ops.write(vault, lambda s: plans.create_department(s, name="甲"))
        with changes.recording() as inner:
            ops.write(vault, lambda s: settings.put(s, settings.ORG_NAME, "乙"))
    assert inner.changes.areas == {Area.SETTINGS}
    assert outer.changes.areas == {Area.SETTINGS, Area.DEPARTMENTS}


def test_the_session_carries_progress_cancel_and_the_vault(vault):
    seen = []
    ops.read(vault, lambda s: seen.append((s.vault, s.cancel)) or s.progress(1, 2, "x"))
    assert seen == [(vault, None)]
