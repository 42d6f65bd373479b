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
