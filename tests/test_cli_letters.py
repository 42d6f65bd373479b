"""``inspector letter …`` and ``inspector export letter``: the whole path on the command line, its refusals in
both languages with their exit codes, never a traceback."""

from __future__ import annotations

import json

import pytest

from inspector.services import letter_inspection


@pytest.fixture
def ids(demo_env, run) -> dict[str, str]:
    code, out, err = run("plans", "list", "--json")
    assert code == 0, err
    plan = json.loads(out)[0]
    code, out, err = run("departments", "list", "--json")
    names = {d["name"]: d["id"] for d in json.loads(out)}
    return {"plan": plan["id"], "department": names["晋城市民政局"], "outsider": names.get("晋城市教育局", "")}


BEFORE_THE_VISITS = "2026-10-01"
"""An issue date before the demo's visits (from 2026-10-20) and their self-assessment due dates."""


def _new(run, ids, *extra) -> dict:
    code, out, err = run("letter", "new", "--kind", "inspection_notice", "--plan", ids["plan"], "--department",
                         ids["department"], *extra, "--json")
    assert code == 0, err
    return json.loads(out)


def test_kinds_are_listed_with_their_inputs(demo_env, run):
    code, out, err = run("letter", "kinds", "--json")
    assert code == 0, err
    kinds = {k["key"]: k for k in json.loads(out)}
    notice = kinds["inspection_notice"]
    assert notice["zh"] == "检查通知" and notice["needs"] == ["plan", "department"]
    assert [f["key"] for f in notice["fields"]] == [f.key for f in letter_inspection.FIELDS]
    code, out, err = run("letter", "kinds")
    assert code == 0 and "--set visit_from=" in out and "必填 / required" in out and "--plan --department" in out


def test_draft_change_issue_export_and_verify(ids, run, tmp_path):
    view = _new(run, ids, "--cc", "市委网信办、市公安局", "--contact", "李明", "--phone", "0356-2021234")
    letter = view["id"]
    assert view["status"] == "draft" and view["number"] == "" and view["problems"] == []
    assert view["colophon"] == {"cc": ["市委网信办", "市公安局"], "contact": "李明", "phone": "0356-2021234"}
    assert view["fields"]["visit_from"] == "2026-11-07" and view["content"]["addressee"] == "晋城市民政局"

    code, out, err = run("letter", "set", letter, "--set", r"materials=制度文件\n数据目录", "--set",
                         "visit_to=2026-11-08", "--json")
    assert code == 0, err
    changed = json.loads(out)
    assert changed["fields"]["materials"] == "制度文件\n数据目录" and changed["fields"]["visit_to"] == "2026-11-08"
    texts = [b.get("text", "") for b in changed["content"]["blocks"]]
    assert "1．制度文件" in texts and "2．数据目录" in texts

    code, out, err = run("letter", "show", letter)
    assert code == 0 and "检查通知 / Inspection notice" in out and "关于开展政务数据安全监督检查的通知" in out
    assert f"inspector letter issue {letter}" not in out  # show says what it is; new and set say what is next

    code, out, err = run("letter", "issue", letter, "--date", BEFORE_THE_VISITS, "--json")
    assert code == 0, err
    issued = json.loads(out)
    assert issued["status"] == "issued" and issued["number"].startswith("晋数安检〔") and issued["content_sha256"]

    code, out, err = run("letter", "list", "--department", ids["department"])
    assert code == 0 and issued["number"] in out and "已签发" in out
    code, out, err = run("letter", "list", "--json", "--kind", "review")
    assert code == 0 and json.loads(out) == []

    pdf = tmp_path / "检查通知.pdf"
    code, out, err = run("export", "letter", "--letter", letter, "--out", pdf, "--sign", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["recorded"] and result["kind"] == "inspection_notice" and result["signers"]
    code, out, err = run("verify", pdf)
    assert code == 0, out + err
    assert "这正是检查通知" in out and "验证通过" in out


@pytest.mark.parametrize("args, code, words", [
    (("letter", "new", "--kind", "nope"), 4, ("没有这种公文", "No such kind of letter")),
    (("letter", "new", "--kind", "inspection_notice"), 4, ("需要指定检查计划", "plan is needed")),
    (("letter", "show", "no-such-id"), 4, ("找不到公文", "No letter with id")),
    (("letter", "issue", "no-such-id"), 4, ("找不到公文", "No letter with id")),
    (("letter", "delete", "no-such-id"), 4, ("找不到公文", "No letter with id")),
    (("letter", "list", "--kind", "nope"), 4, ("没有这种公文", "No such kind of letter")),
    (("export", "letter", "--letter", "no-such-id", "--out", "x.pdf"), 4, ("找不到公文", "No letter with id")),
])
def test_refusals_are_bilingual_without_a_traceback(demo_env, run, args, code, words):
    got, out, err = run(*args)
    assert got == code, out + err
    for w in words:
        assert w in err, err
    assert "Traceback" not in out + err


def test_refusals_about_a_letter(ids, run, tmp_path):
    letter = _new(run, ids)["id"]
    for args, words in [
        (("letter", "set", letter, "--set", "foo"), ("键=值", "key=value")),
        (("letter", "set", letter), ("请给出要修改的内容", "give what to change")),
        (("letter", "set", letter, "--set", "colour=red"), ("没有这一项", "has no field colour")),
        (("letter", "set", letter, "--set", "visit_from=2026-13-01"), ("不是有效日期", "is not a date")),
        (("letter", "set", letter, "--set", "selfreport_due=2026-12-31"), ("应早于检查开始日期", "due before")),
        (("export", "letter", "--letter", letter, "--out", tmp_path / "d.pdf", "--sign"), ("草稿", "draft")),
    ]:
        code, out, err = run(*args)
        assert code in (2, 4), (args, out, err)
        for w in words:
            assert w in out + err, (args, out + err)
        assert "Traceback" not in out + err
    code, out, err = run("letter", "set", letter, "--set", "materials=", "--json")
    assert code == 0 and json.loads(out)["problems"][0]["field"] == "materials"
    code, out, err = run("letter", "issue", letter)
    assert code == 4 and "尚不能签发" in err and "cannot be issued yet" in err
    run("letter", "set", letter, "--set", "materials=制度文件")
    assert run("letter", "issue", letter, "--date", BEFORE_THE_VISITS)[0] == 0
    for args in (("letter", "set", letter, "--set", "visit_to=2026-11-30"), ("letter", "delete", letter),
                 ("letter", "issue", letter)):
        code, out, err = run(*args)
        assert code == 4 and "公文已签发" in err and "was issued" in err, (args, err)
    draft = _new(run, ids)["id"]
    code, out, err = run("letter", "delete", draft)
    assert code == 0 and "已删除草稿" in out
    code, out, err = run("letter", "show", draft)
    assert code == 4
