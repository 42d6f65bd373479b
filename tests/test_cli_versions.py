"""``inspector checklist versions|show --version|export|import|diff|draft|publish|retire|delete`` (issue 18): each
command with and without --json, and the refusals (publishing twice, deleting or retiring the wrong version, a
malformed import) as exit 4 with a Chinese and English message and no traceback."""

from __future__ import annotations

import json

from inspector.errors import ExitCode
from inspector.regulation import load_checklist

CODE, N = load_checklist()["code"], load_checklist()["version"]  # the shipped checklist
V1 = f"{CODE}:{N}"


def _refused(result, *needles):
    code, out, err = result
    assert code == ExitCode.BAD_INPUT, out + err
    assert "错误：" in err and "Error:" in err and "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


def test_versions_and_show(run, demo_env):
    code, out, _ = run("checklist", "versions", "--json")
    data = json.loads(out)
    [checklist] = data["checklists"]
    assert code == 0 and (checklist["code"], checklist["version"], checklist["status"]) == (CODE, N, "published")
    assert checklist["in_use"] >= 1 and checklist["items"] == 55
    [regulation] = data["regulations"]
    assert regulation["effective_to"] == "2026-02-28" and regulation["in_use"] == 1
    code, out, _ = run("checklist", "versions")
    assert code == 0 and "已发布" in out and "2026-02-28" in out and "法规版本" in out
    code, out, _ = run("checklist", "show", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["id"] == checklist["id"] and len(shown["items"]) == 55 and len(shown["sections"]) == 9
    code, out, _ = run("checklist", "show", "--version", checklist["id"])
    assert code == 0 and "第13条" in out
    _refused(run("checklist", "show", "--version", f"{CODE}:{N + 9}"), "找不到检查表版本", "No checklist version")


def test_draft_export_import_diff_publish_retire_delete(run, demo_env, tmp_path):
    code, out, _ = run("checklist", "draft", "--from", V1, "--label", "2027年版", "--note", "修订", "--json")
    draft = json.loads(out)
    assert code == 0 and (draft["version"], draft["status"], draft["label"]) == (N + 1, "draft", "2027年版")
    code, out, _ = run("checklist", "export", "--version", V1, "--out", tmp_path / "v1.toml", "--json")
    assert code == 0 and json.loads(out)["path"].endswith("v1.toml")
    text = (tmp_path / "v1.toml").read_text(encoding="utf-8")
    first_title = text.split("[[items]]")[1].split('title = "')[1].split('"')[0]
    (tmp_path / "v3.toml").write_text(text.replace(f'title = "{first_title}"', f'title = "{first_title}并留存记录"', 1),
                                      encoding="utf-8")
    code, out, err = run("checklist", "import", tmp_path / "v3.toml", "--json")
    imported = json.loads(out)
    assert code == 0 and (imported["version"], imported["status"]) == (N + 2, "draft"), err
    code, out, _ = run("checklist", "diff", V1, imported["id"])
    assert code == 0 and "{+并留存记录+}" in out and "修改" in out and "1 changed" in out
    code, out, _ = run("checklist", "diff", V1, f"{CODE}:{N + 2}", "--json")
    diff = json.loads(out)
    assert diff["counts"] == {"added": 0, "removed": 0, "changed": 1, "moved": 0}
    assert ["+", "并留存记录"] in diff["items"][0]["changes"][0]["words"]
    code, out, _ = run("checklist", "export", "--version", f"{CODE}:{N + 2}", "--out", tmp_path / "v3.xlsx")
    assert code == 0 and (tmp_path / "v3.xlsx").stat().st_size > 0
    code, out, _ = run("checklist", "publish", imported["id"])
    assert code == 0 and "已发布" in out
    _refused(run("checklist", "publish", imported["id"]), "已发布", "published already")
    _refused(run("checklist", "delete", imported["id"]), "不能删除", "cannot be deleted")
    _refused(run("checklist", "retire", draft["id"]), "只有已发布的版本才能废止", "Only a published version")
    code, out, _ = run("checklist", "show", "--json")  # the newest published one
    assert json.loads(out)["version"] == N + 2
    code, out, _ = run("checklist", "retire", V1, "--json")
    assert code == 0 and json.loads(out)["status"] == "retired"
    code, out, _ = run("checklist", "delete", draft["id"])
    assert code == 0 and "已删除" in out
    code, out, _ = run("checklist", "versions", "--json")
    assert [(c["version"], c["status"]) for c in json.loads(out)["checklists"]] == [(N, "retired"), (N + 2, "published")]


def test_a_malformed_import_lists_every_problem_and_stores_nothing(run, demo_env, tmp_path):
    run("checklist", "export", "--version", V1, "--out", tmp_path / "v1.toml")
    text = (tmp_path / "v1.toml").read_text(encoding="utf-8")
    bad = text.replace('severity = "一般"', 'severity = "很严重"', 1).replace("articles = [", "articles = [999, ", 1)
    (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
    err = _refused(run("checklist", "import", tmp_path / "bad.toml"), "2 处问题", "2 problem(s)", "999", "severity")
    assert "[[items]]" in err
    code, out, _ = run("checklist", "versions", "--json")
    assert len(json.loads(out)["checklists"]) == 1
    _refused(run("checklist", "import", tmp_path / "missing.toml"))
    (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
    _refused(run("checklist", "import", tmp_path / "x.csv"), ".xlsx")
    _refused(run("checklist", "export", "--version", V1, "--out", tmp_path / "v1.pdf"), ".toml")


def test_diff_of_two_regulation_versions(run, demo_env):
    from inspector.services import regulation_versions
    from inspector.vault import Vault
    from tests.conftest import PASSPHRASE

    vault = Vault.open(demo_env, passphrase=PASSPHRASE)
    try:
        with vault.session() as s:
            [v1] = regulation_versions.regulation_versions(s)
            draft = regulation_versions.draft_regulation(s, v1.id)
            regulation_versions.update_regulation(s, draft.id, {"effective_to": "2029-02-28"})
            regulation_versions.set_article(s, draft.id, 40, "本细则由市政府办公室负责解释。", chapter=7)
            old, new = f"{v1.code}:1", f"{v1.code}:2"
    finally:
        vault.close()
    code, out, _ = run("checklist", "diff", "--regulation", old, new)
    assert code == 0 and "effective_to: 2026-02-28 → 2029-02-28" in out and "新增 added" in out
    assert "articles: 1 added, 0 removed, 0 changed" in out
    code, out, _ = run("checklist", "diff", "--regulation", old, new, "--json")
    diff = json.loads(out)
    assert diff["counts"] == {"added": 1, "removed": 0, "changed": 0}
    assert diff["articles"][0]["code"] == "40" and diff["fields"][0]["field"] == "effective_to"
    _refused(run("checklist", "diff", "--regulation", old, f"{v1.code}:9"), "找不到法规版本", "No regulation version")
