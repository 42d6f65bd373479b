"""Two people editing the same record (issue 20) beyond findings and departments: plans, the on-site results and
summary, a draft notice's colophon, letters, checklist and regulation drafts. The second save with the revision
the editor showed is refused (:class:`~inspector.concurrency.StaleEditError`), nothing of it is written, and the
error carries what the record holds now; saving again on that version goes through. The command line takes the
same check as ``--revision N`` (exit 7, both languages, no traceback)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from inspector import ops
from inspector.concurrency import StaleEditError
from inspector.errors import ExitCode
from inspector.model import (
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    Letter,
    Plan,
    PlanTarget,
    RectificationNotice,
    RegulationVersion,
    Verdict,
    VersionStatus,
)
from inspector.services import (
    colophons,
    inspections,
    letter_inspection,
    letters,
    plans,
    rectification,
    regulation_versions,
    versions,
)
from tests.engines import demo_on_both_engines  # noqa: F401  (every test's demo_vault: SQLCipher, then the hub)


def refused(vault, fn) -> StaleEditError:
    with pytest.raises(StaleEditError) as caught:
        ops.write(vault, fn)
    err = caught.value
    assert "未保存" in err.zh and "not saved" in err.en and err.exit_code == ExitCode.BUSY
    return err


# ---- plans ---------------------------------------------------------------------------------------


def test_a_plan_saved_meanwhile_is_not_overwritten(demo_vault):
    data = ops.read(demo_vault, lambda s: plans.plan_editor_data(s, s.exec(select(Plan)).first().id))
    plan_id = ops.read(demo_vault, lambda s: s.exec(select(Plan)).first().id)
    seen = data.revision
    assert seen and data.plan["title"]
    ops.write(demo_vault, lambda s: plans.update_plan(s, plan_id, title="甲改的计划名称", revision=seen))
    err = refused(demo_vault, lambda s: plans.update_plan(s, plan_id, title="乙改的计划名称", focus="乙",
                                                          revision=seen))
    assert err.current == {"title": "甲改的计划名称"} and "甲改的计划名称" in err.zh and err.revision == seen + 1
    assert ops.read(demo_vault, lambda s: (s.get(Plan, plan_id).title, s.get(Plan, plan_id).focus)) == (
        "甲改的计划名称", data.plan["focus"])
    ops.write(demo_vault, lambda s: plans.update_plan(s, plan_id, title="乙改的计划名称", revision=err.revision))
    assert ops.read(demo_vault, lambda s: s.get(Plan, plan_id).title) == "乙改的计划名称"


def test_a_plan_s_targets_changed_meanwhile_are_not_overwritten(demo_vault):
    """The targets an editor showed, saved after someone else added, removed or rescheduled one: refused, nothing
    written, the error carrying the targets as they are now; the same editor's saves in a row go through."""
    from inspector.model import Department
    from inspector.services.plans import TargetSpec

    plan_id = ops.read(demo_vault, lambda s: s.exec(select(Plan)).first().id)
    shown = ops.read(demo_vault, lambda s: plans.get_plan(s, plan_id).targets)
    spare = ops.read(demo_vault, lambda s: next(d.id for d in s.exec(select(Department)).all()
                                                  if d.id not in {t["department_id"] for t in shown}))
    specs = [TargetSpec(t["department_id"], t["scheduled_on"], t["notes"]) for t in shown]

    def save(targets, seen):
        def work(s):
            plans.set_targets(s, plan_id, targets, seen=seen)
            return plans.get_plan(s, plan_id).targets
        return work

    # mine, twice in a row: the second checks against what the first saved
    mine = ops.write(demo_vault, save([*specs, TargetSpec(spare, date(2027, 1, 4), "我加的")],
                                      plans.targets_seen(shown))).result
    mine = ops.write(demo_vault, save([*specs, TargetSpec(spare, date(2027, 1, 5), "我改的")],
                                      plans.targets_seen(mine))).result
    seen = plans.targets_seen(mine)
    for theirs in ([*specs, TargetSpec(spare, date(2027, 2, 1), "他人改期")],   # rescheduled
                   specs):                                                    # removed
        ops.write(demo_vault, save(theirs, None))
        now = ops.read(demo_vault, lambda s: plans.get_plan(s, plan_id).targets)
        err = refused(demo_vault, save([*specs, TargetSpec(spare, date(2027, 3, 1), "我的")], seen))
        assert "被检查单位" in err.zh and "departments" in err.en
        assert err.current["targets"] == now
        assert ops.read(demo_vault, lambda s: plans.get_plan(s, plan_id).targets) == now  # nothing written
        seen = plans.targets_seen(now)
    # added by someone else: refused as well; on the version now shown, the next save goes through
    ops.write(demo_vault, save([*specs, TargetSpec(spare, None, "他人加的")], None))
    err = refused(demo_vault, save(specs[:1] + specs[2:], seen))
    assert any(t["department_id"] == spare for t in err.current["targets"])
    after = ops.write(demo_vault, save(specs, plans.targets_seen(err.current["targets"]))).result
    assert {t["department_id"] for t in after} == {t.department_id for t in specs}


# ---- the on-site runner --------------------------------------------------------------------------


def _running(s) -> Inspection:
    return s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()


def test_a_result_saved_meanwhile_is_not_overwritten(demo_vault):
    def shown(s):
        insp = _running(s)
        data = inspections.runner_data(s, insp.id)
        item_id, state = next((k, r) for k, r in data.results.items() if r.verdict is not None)
        return insp.id, item_id, state

    iid, item_id, state = ops.read(demo_vault, shown)
    assert state.revision > 0
    # the first inspector's notes, then the second's verdict and notes on the same item with what they were shown
    first = ops.write(demo_vault, lambda s: inspections.set_notes(s, iid, item_id, "甲的记录",
                                                                  revision=state.revision)).result
    assert first.revision == state.revision + 1
    err = refused(demo_vault, lambda s: inspections.set_verdict(s, iid, item_id, Verdict.NON_COMPLIANT,
                                                                revision=state.revision))
    assert err.current == {"notes": "甲的记录", "verdict": state.verdict} and err.revision == first.revision
    refused(demo_vault, lambda s: inspections.set_notes(s, iid, item_id, "乙的记录", revision=state.revision))
    row = ops.read(demo_vault, lambda s: inspections.runner_data(s, iid).results[item_id])
    assert (row.notes, row.verdict, row.revision) == ("甲的记录", state.verdict, first.revision)
    # on the version now shown the save goes through; the runner's own saves follow each other
    after = ops.write(demo_vault, lambda s: inspections.set_verdict(s, iid, item_id, Verdict.NON_COMPLIANT,
                                                                    revision=err.revision)).result
    ops.write(demo_vault, lambda s: inspections.set_notes(s, iid, item_id, "乙的记录", revision=after.revision))


def test_a_result_made_meanwhile_is_not_overwritten_but_an_empty_one_is_taken(demo_vault):
    def open_items(s):
        insp = _running(s)
        data = inspections.runner_data(s, insp.id)
        return insp.id, [i.id for i in data.items if i.id not in data.results][:2]

    iid, (item_a, item_b) = ops.read(demo_vault, open_items)
    # someone else answered item A after the runner showed it without a result (revision 0)
    ops.write(demo_vault, lambda s: inspections.set_verdict(s, iid, item_a, Verdict.COMPLIANT))
    err = refused(demo_vault, lambda s: inspections.set_notes(s, iid, item_a, "乙的记录", revision=0))
    assert err.current["verdict"] is Verdict.COMPLIANT
    assert ops.read(demo_vault, lambda s: inspections.runner_data(s, iid).results[item_a].notes) == ""
    # a photo made item B's row (no verdict, no notes): nothing to overwrite, the verdict goes through
    ops.write(demo_vault, lambda s: inspections.add_result_files(s, iid, item_b, [("a.txt", b"hello")]))
    state = ops.write(demo_vault, lambda s: inspections.set_verdict(s, iid, item_b, Verdict.PARTIAL,
                                                                    revision=0)).result
    assert state.verdict is Verdict.PARTIAL and state.revision >= 2


def test_a_summary_saved_meanwhile_is_not_overwritten(demo_vault):
    iid, summary = ops.read(demo_vault, lambda s: (_running(s).id, _running(s).summary))
    ops.write(demo_vault, lambda s: inspections.set_summary(s, iid, "甲的小结", shown=summary))
    err = refused(demo_vault, lambda s: inspections.set_summary(s, iid, "乙的小结", shown=summary))
    assert err.current == {"summary": "甲的小结"} and "甲的小结" in err.zh
    assert ops.read(demo_vault, lambda s: s.get(Inspection, iid).summary) == "甲的小结"
    # a verdict (or the start of the visit, a signature) changes the inspection row too, not the summary shown
    item_id = ops.read(demo_vault, lambda s: inspections.runner_data(s, iid).items[0].id)
    ops.write(demo_vault, lambda s: inspections.set_verdict(s, iid, item_id, Verdict.NOT_APPLICABLE))
    ops.write(demo_vault, lambda s: inspections.set_summary(s, iid, "乙的小结", shown="甲的小结"))
    assert ops.read(demo_vault, lambda s: s.get(Inspection, iid).summary) == "乙的小结"


# ---- rectification notices and letters -----------------------------------------------------------


def draft_notice(s) -> str:
    finding = s.exec(select(Finding).where(Finding.status == FindingStatus.DRAFT)).first()
    return rectification.create_draft(s, finding.department_id, [finding.id], deadline=date(2099, 1, 31),
                                      today=date(2026, 11, 24)).id


def test_a_notice_colophon_saved_meanwhile_is_not_overwritten(demo_vault):
    notice_id = ops.write(demo_vault, draft_notice).result
    seen = ops.read(demo_vault, lambda s: colophons.notice_values(s, notice_id))
    assert seen.revision >= 1
    mine = ops.write(demo_vault, lambda s: colophons.set_notice(s, notice_id, {"cc": "市委网信办", "contact": "甲"},
                                                                revision=seen.revision)).result
    assert mine.revision == seen.revision + 1
    err = refused(demo_vault, lambda s: colophons.set_notice(s, notice_id, {"cc": "市公安局", "contact": "乙"},
                                                             revision=seen.revision))
    assert (err.current["cc"], err.current["contact"]) == ("市委网信办", "甲") and err.revision == mine.revision
    assert ops.read(demo_vault, lambda s: s.get(RectificationNotice, notice_id).colophon["contact"]) == "甲"


def _letter(s) -> str:
    plan = s.exec(select(Plan)).first()
    target = s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan.id)).first()
    return letters.create(s, letter_inspection.KEY, plan_id=plan.id, department_id=target.department_id).id


def test_a_letter_saved_meanwhile_is_not_overwritten(demo_vault):
    letter_id = ops.write(demo_vault, _letter).result
    seen = ops.read(demo_vault, lambda s: letters.editor_data(s, letter_id)).revision
    assert seen >= 1
    ops.write(demo_vault, lambda s: letters.update(s, letter_id, fields={"materials": "甲的材料"},
                                                   colophon={"contact": "甲"}, revision=seen))
    err = refused(demo_vault, lambda s: letters.update(s, letter_id, fields={"materials": "乙的材料"},
                                                       revision=seen))
    assert err.current["fields"]["materials"] == "甲的材料" and err.current["colophon"]["contact"] == "甲"
    assert ops.read(demo_vault, lambda s: s.get(Letter, letter_id).fields["materials"]) == "甲的材料"
    ops.write(demo_vault, lambda s: letters.update(s, letter_id, fields={"materials": "乙的材料"},
                                                   revision=err.revision))


# ---- checklist and regulation drafts -------------------------------------------------------------


def test_checklist_and_regulation_drafts_saved_meanwhile_are_not_overwritten(demo_vault):
    def drafts(s):
        published = s.exec(select(ChecklistTemplate).where(ChecklistTemplate.status == VersionStatus.PUBLISHED)
                           ).first()
        t = versions.draft_checklist(s, published.id)
        regulation = s.exec(select(RegulationVersion)).first()
        r = regulation_versions.draft_regulation(s, regulation.id)
        section = s.exec(select(ChecklistSection).where(ChecklistSection.template_id == t.id)).first()
        item = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == t.id)).first()
        return {"template": (t.id, t.revision), "regulation": (r.id, r.revision),
                "section": (section.id, section.revision), "item": (item.id, item.revision)}

    ids = ops.write(demo_vault, drafts).result
    cases = [
        ("template", versions.update_checklist, {"name": "甲的检查表"}, {"name": "乙的检查表"}, ChecklistTemplate,
         "name"),
        ("section", versions.update_section, {"title": "甲的章节"}, {"title": "乙的章节"}, ChecklistSection, "title"),
        ("item", versions.update_item, {"title": "甲的检查项"}, {"title": "乙的检查项"}, ChecklistItem, "title"),
        ("regulation", regulation_versions.update_regulation, {"title": "甲的法规"}, {"title": "乙的法规"},
         RegulationVersion, "title"),
    ]
    for key, update, mine, theirs, model, field in cases:
        row_id, seen = ids[key]
        ops.write(demo_vault, lambda s, u=update, r=row_id, c=mine, v=seen: u(s, r, c, revision=v))
        err = refused(demo_vault, lambda s, u=update, r=row_id, c=theirs, v=seen: u(s, r, c, revision=v))
        assert err.current[field] == mine[field], key
        assert ops.read(demo_vault, lambda s, m=model, r=row_id, f=field: getattr(s.get(m, r), f)) == mine[field]


# ---- the command line (it reads the vault file: SQLCipher) -----------------------------------------


@pytest.fixture
def cli_ids(demo_env, run) -> dict[str, str]:
    code, out, err = run("plans", "list", "--json")
    assert code == 0, err
    plan = json.loads(out)[0]
    code, out, err = run("departments", "list", "--json")
    names = {d["name"]: d["id"] for d in json.loads(out)}
    return {"plan": plan["id"], "department": names["晋城市民政局"]}


def test_letter_set_with_a_revision_refuses_a_letter_changed_since(cli_ids, run):
    code, out, err = run("letter", "new", "--kind", "inspection_notice", "--plan", cli_ids["plan"], "--department",
                         cli_ids["department"], "--json")
    assert code == 0, err
    view = json.loads(out)
    letter, seen = view["id"], view["revision"]
    code, out, err = run("letter", "show", letter)
    assert code == 0 and f"修订 / revision {seen}" in out
    code, out, err = run("letter", "set", letter, "--contact", "甲", "--revision", seen, "--json")
    assert code == 0, err
    assert json.loads(out)["revision"] == seen + 1
    code, out, err = run("letter", "set", letter, "--contact", "乙", "--revision", seen)
    assert code == ExitCode.BUSY, (out, err)
    assert "未保存" in err and "not saved" in err and "Traceback" not in err + out
    code, out, err = run("letter", "show", letter, "--json")
    assert json.loads(out)["colophon"]["contact"] == "甲"
    code, out, err = run("letter", "set", letter, "--contact", "乙", "--json")  # no --revision: no check
    assert code == 0 and json.loads(out)["colophon"]["contact"] == "乙"


def test_notices_colophon_with_a_revision_refuses_a_notice_changed_since(demo_env, demo_vault_path, run):
    from inspector.vault import Vault
    from tests.conftest import PASSPHRASE

    vault = Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False)
    try:
        notice_id = ops.write(vault, draft_notice).result
    finally:
        vault.close()
    code, out, err = run("notices", "colophon", notice_id, "--json")
    assert code == 0, err
    seen = json.loads(out)["revision"]
    code, out, err = run("notices", "colophon", notice_id, "--contact", "甲", "--revision", seen)
    assert code == 0, err
    assert f"修订 / revision: {seen + 1}" in out
    code, out, err = run("notices", "colophon", notice_id, "--contact", "乙", "--revision", seen)
    assert code == ExitCode.BUSY and "未保存" in err and "not saved" in err and "Traceback" not in err + out
    code, out, err = run("notices", "colophon", notice_id, "--json")
    assert json.loads(out)["contact"] == "甲"
    code, out, err = run("notices", "colophon", notice_id, "--contact", "乙", "--revision", "-1")
    assert code == ExitCode.USAGE


def test_findings_edit_with_a_revision_refuses_a_finding_changed_since(demo_env, run):
    code, out, err = run("findings", "list", "--json")
    assert code == 0, err
    rows = json.loads(out)
    rows = rows["findings"] if isinstance(rows, dict) else rows
    editable = []
    for row in rows:
        code, out, err = run("findings", "show", row["id"], "--json")
        view = json.loads(out)
        held = set(view["frozen"]["locked"]) | set(view["frozen"]["voids_signature"])
        if "location" not in held:
            editable.append(view)
    assert editable, "the demo holds a finding still open to edits"
    finding, seen = editable[0]["id"], editable[0]["revision"]
    code, out, err = run("findings", "edit", finding, "--location", "甲处", "--revision", seen, "--json")
    assert code == 0, err
    assert json.loads(out)["finding"]["revision"] == seen + 1
    code, out, err = run("findings", "edit", finding, "--location", "乙处", "--revision", seen)
    assert code == ExitCode.BUSY, (out, err)
    assert "未保存" in err and "not saved" in err and "Traceback" not in err + out
    code, out, err = run("findings", "show", finding, "--json")
    assert json.loads(out)["location"] == "甲处"
