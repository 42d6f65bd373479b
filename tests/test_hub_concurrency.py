"""Two people editing the same record (issue 20): the second save is refused and shows the other's version —
on the hub with sessions at the same time, on a vault between two windows."""

from __future__ import annotations

import threading

import pytest

from inspector import ops
from inspector.concurrency import StaleEditError
from inspector.model import Finding
from inspector.services import findings, plans
from tests.engines import vault_on_both_engines  # noqa: F401  (SQLCipher, then the hub)


def a_finding(db) -> tuple[str, int]:
    from tests.test_search import add_findings

    (fid,) = add_findings(db, [dict(title="未落实数据分类分级", description="现场未见分类分级清单")]).values()
    detail = ops.read(db, lambda s: findings.finding_detail(s, fid))
    return fid, detail.revision


def test_the_second_save_is_refused_and_shows_the_first(vault):
    fid, seen = a_finding(vault)
    # two editors showed revision `seen`; the first saves
    ops.write(vault, lambda s: findings.update_finding(s, fid, {"title": "甲的标题"}, revision=seen))
    with pytest.raises(StaleEditError) as refused:
        ops.write(vault, lambda s: findings.update_finding(s, fid, {"title": "乙的标题"}, revision=seen))
    assert refused.value.current["title"] == "甲的标题" and "甲的标题" in refused.value.zh
    assert "未保存" in refused.value.zh and "not saved" in refused.value.en
    assert ops.read(vault, lambda s: s.get(Finding, fid).title) == "甲的标题"
    # saving on the version now shown goes through
    ops.write(vault, lambda s: findings.update_finding(s, fid, {"title": "乙的标题"}, revision=refused.value.revision))
    assert ops.read(vault, lambda s: s.get(Finding, fid).title) == "乙的标题"


def test_departments_and_plans_are_guarded_too(vault):
    dep = ops.write(vault, lambda s: plans.create_department(s, name="市民政局")).result
    seen = dep.revision
    ops.write(vault, lambda s: plans.update_department(s, dep.id, contact_name="张三", revision=seen))
    with pytest.raises(StaleEditError):
        ops.write(vault, lambda s: plans.update_department(s, dep.id, contact_name="李四", revision=seen))


def test_concurrent_sessions_on_the_hub_lose_no_update(hub):
    """Ten sessions at once, each editing its own finding, plus two racing for one: every edit of its own lands,
    exactly one of the two racers does."""
    ids = [a_finding(hub) for _ in range(11)]
    errors: list[Exception] = []

    def edit(fid: str, revision: int, title: str) -> None:
        barrier.wait()
        try:
            ops.write(hub, lambda s: findings.update_finding(s, fid, {"title": title}, revision=revision))
        except StaleEditError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(fid, rev, f"第{n}位的标题")) for n, (fid, rev) in
               enumerate(ids[:10])]
    racer_id, racer_rev = ids[10]
    threads += [threading.Thread(target=edit, args=(racer_id, racer_rev, t)) for t in ("甲", "乙")]
    barrier = threading.Barrier(len(threads))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    titles = ops.read(hub, lambda s: {f: s.get(Finding, f).title for f, _ in ids})
    assert [titles[f] for f, _ in ids[:10]] == [f"第{n}位的标题" for n in range(10)]
    assert len(errors) == 1 and titles[racer_id] in {"甲", "乙"}


# ---- status steps: issuing, discarding, scheduling -----------------------------------------------------------


def _draft_notice(s) -> str:
    from tests.test_stale_edits import draft_notice

    return draft_notice(s)


def _draft_letter(s) -> str:
    from sqlmodel import select

    from inspector.model import Plan, PlanTarget
    from inspector.services import letter_inspection, letters

    plan = s.exec(select(Plan)).first()
    target = s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan.id)).first()
    return letters.create(s, letter_inspection.KEY, plan_id=plan.id, department_id=target.department_id,
                          fields={"visit_from": "2027-03-01", "visit_to": "2027-03-01",
                                  "selfreport_due": "2027-02-20"}).id


def _meanwhile(db, first, second) -> tuple[object, object]:
    """``first(session)`` done but not committed; ``second(session)`` started in another thread meanwhile: it must
    wait (still running a second later), then finish once the first commits. (first's result, second's result or
    the error it raised)"""
    import contextlib

    out: dict[str, object] = {}

    def run_second() -> None:
        try:
            with db.session() as s:
                out["second"] = second(s)
                s.commit()
        except Exception as exc:  # noqa: BLE001 — the test looks at it
            out["second"] = exc

    with contextlib.ExitStack() as stack:
        s = stack.enter_context(db.session())
        out["first"] = first(s)
        thread = threading.Thread(target=run_second)
        thread.start()
        thread.join(timeout=1.5)
        assert thread.is_alive(), "the second did not wait for the first"
        s.commit()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return out["first"], out["second"]


def test_issuing_at_once_on_the_hub_takes_turns(demo_hub):
    """A notice and a letter issued at the same moment share the 发文 register: the second waits and takes the next
    number, never the same one."""
    from inspector.services import letters, rectification

    notice_id = ops.write(demo_hub, _draft_notice).result
    letter_id = ops.write(demo_hub, _draft_letter).result
    notice, letter = _meanwhile(demo_hub, lambda s: rectification.issue(s, notice_id).serial,
                                lambda s: letters.issue(s, letter_id).serial)
    assert letter == notice + 1


def test_one_draft_issued_twice_at_once_on_the_hub(demo_hub):
    """Two people issuing (or one discarding) the same draft at the same moment: the second sees it issued."""
    from inspector.errors import BadInputError
    from inspector.model import RectificationNotice
    from inspector.services import letters, rectification

    notice_id = ops.write(demo_hub, _draft_notice).result
    serial, second = _meanwhile(demo_hub, lambda s: rectification.issue(s, notice_id).serial,
                                lambda s: rectification.issue(s, notice_id).serial)
    assert isinstance(second, BadInputError) and "已签发" in second.zh
    assert ops.read(demo_hub, lambda s: s.get(RectificationNotice, notice_id).serial) == serial
    letter_id = ops.write(demo_hub, _draft_letter).result
    _, second = _meanwhile(demo_hub, lambda s: letters.issue(s, letter_id).serial,
                           lambda s: letters.delete_draft(s, letter_id))
    assert isinstance(second, BadInputError)
    assert ops.read(demo_hub, lambda s: letters.get_letter(s, letter_id).number)


def test_one_reinspection_per_notice_when_two_schedule_at_once(demo_hub):
    from datetime import date

    from sqlmodel import select

    from inspector.errors import BadInputError
    from inspector.model import Inspection, NoticeStatus, RectificationNotice
    from inspector.services import reinspection

    notice_id = ops.read(demo_hub, lambda s: s.exec(select(RectificationNotice.id).where(
        RectificationNotice.status == NoticeStatus.ISSUED)).first())

    def schedule(s):
        return reinspection.schedule(s, notice_id, scope="all", scheduled_on=date(2099, 1, 5),
                                     today=date(2027, 1, 10)).id

    first, second = _meanwhile(demo_hub, schedule, schedule)
    assert isinstance(second, BadInputError), second
    assert ops.read(demo_hub, lambda s: [i.id for i in s.exec(select(Inspection).where(
        Inspection.reinspects_notice_id == notice_id))]) == [first]


def test_one_visit_and_one_step_when_two_act_at_once(demo_hub):
    """Two people starting the same department's visit, or taking the same finding's step, at the same moment:
    the second waits, then is refused on what the first did."""
    from sqlmodel import select

    from inspector.errors import BadInputError
    from inspector.model import Finding, FindingStatus, Inspection, InspectionStatus, PlanTarget
    from inspector.services import findings, inspections

    def free_target(s):
        busy = {(i.plan_id, i.department_id) for i in s.exec(select(Inspection).where(
            Inspection.status == InspectionStatus.IN_PROGRESS))}
        return next((t.plan_id, t.department_id) for t in s.exec(select(PlanTarget))
                    if (t.plan_id, t.department_id) not in busy)

    plan_id, department_id = ops.read(demo_hub, free_target)
    start = lambda s: inspections.start_inspection(s, plan_id, department_id).id  # noqa: E731
    first, second = _meanwhile(demo_hub, start, start)
    assert isinstance(second, BadInputError) and "进行中" in second.zh
    assert ops.read(demo_hub, lambda s: [i.id for i in s.exec(select(Inspection).where(
        Inspection.department_id == department_id, Inspection.status == InspectionStatus.IN_PROGRESS))]) == [first]

    fid = ops.read(demo_hub, lambda s: s.exec(select(Finding.id).where(
        Finding.status == FindingStatus.NOTIFIED)).first())
    step = lambda s: findings.change_status(s, fid, FindingStatus.RECTIFYING).status  # noqa: E731
    _, second = _meanwhile(demo_hub, step, step)
    assert isinstance(second, BadInputError)
    from inspector.model import FindingTransition

    steps = ops.read(demo_hub, lambda s: [t.to_status for t in s.exec(select(FindingTransition).where(
        FindingTransition.finding_id == fid))])
    assert steps.count(FindingStatus.RECTIFYING) == 1  # one step recorded, not two
