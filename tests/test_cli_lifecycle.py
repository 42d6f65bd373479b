"""The loop of an official record on the command line, on a copy of the demo vault (issue 14, part 3).

complete (refused: no summary, unanswered items, no signature) → completed → an edit refused → reopen →
complete again → notice draft → issue → an edit of what it states refused → 更正通知 → issued, the finding
corrected, the original's register rows superseded → the art. 33 escalation recorded once.
Every refusal: a non-zero exit, Chinese then English, what to do instead, no traceback.
"""

from __future__ import annotations

import subprocess
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from inspector.cli import cli
from inspector.errors import ExitCode
from inspector.model import (
    AuditEvent,
    Department,
    Finding,
    Inspection,
    InspectionStatus,
    IssuedDocument,
    Severity,
)
from inspector.services import inspections
from inspector.timezones import china_today
from inspector.vault import Vault

LATER = (china_today() + timedelta(days=30)).isoformat()
MUCH_LATER = (china_today() + timedelta(days=60)).isoformat()


@pytest.fixture
def ids(demo_vault) -> dict:
    with demo_vault.session() as s:
        running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()
        done = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).one()
        found = s.exec(select(Finding).where(Finding.inspection_id == running.id).order_by(Finding.title)).all()
        return dict(running=running.id, done=done.id, department=running.department_id, plan=running.plan_id,
                    department_name=s.get(Department, running.department_id).name,
                    findings={f.title: f.id for f in found})


def refused(result, *fragments: str, code: int = ExitCode.BAD_INPUT) -> str:
    """A refusal: the exit code, "错误：" then "Error:" on stderr, each fragment present, no traceback."""
    exit_code, out, err = result
    assert exit_code == code, out + err
    assert "Traceback" not in err and "Traceback" not in out
    if code == ExitCode.BAD_INPUT:
        assert err.index("错误：") < err.index("Error:"), err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in {err}"
    return err


def ok(result) -> str:
    code, out, err = result
    assert code == 0, out + err
    return out


def as_json(result):
    return json.loads(ok(result))


def events(vault: Vault, action: str, object_id: str) -> int:
    with vault.session() as s:
        return len(s.exec(select(AuditEvent).where(AuditEvent.action == action,
                                                   AuditEvent.object_id == object_id)).all())


def test_the_whole_loop_from_the_command_line(demo_vault, demo_env, run, ids, tmp_path):
    running = ids["running"]
    titles = ("个人信息以明文存储", "数据库最高管理权限由运维公司人员掌握", "安全审计日志仅保存30天")
    plaintext, database, audit_log = (ids["findings"][t] for t in titles)

    view = as_json(run("inspections", "show", running, "--json"))
    assert (view["status"], view["answered"], view["total"], view["unanswered"]) == ("in_progress", 33, 55, 22)
    assert view["signature"]["state"] == "none" and view["summary"] == "" and not view["ready"]
    assert {f["id"] for f in view["findings"]} == set(ids["findings"].values())
    text = ok(run("inspections", "show", running))
    assert "未作答 / unanswered: 22" in text and "单位代表签字 / representative's signature: 无 / none" in text

    # completing: each missing piece refused in turn, with the option that supplies it
    refused(run("inspections", "complete", running), "检查小结", "summary", "--summary")
    refused(run("inspections", "complete", running, "--summary", "发现三项问题，已现场反馈。"),
            "22 个检查项没有结论", "22 items have no verdict", "--record-unchecked")
    refused(run("inspections", "complete", running, "--summary", "发现三项问题，已现场反馈。", "--record-unchecked"),
            "单位代表签字", "representative's signature", "--not-signed refused|absent")
    assert as_json(run("inspections", "show", running, "--json"))["summary"] == "", "a refusal writes nothing"
    refused(run("inspections", "complete", running, "--note", "外出"), code=ExitCode.USAGE)
    view = as_json(run("inspections", "complete", running, "--summary", "发现三项问题，已现场反馈。",
                       "--record-unchecked", "--not-signed", "absent", "--note", "单位代表外出", "--json"))
    assert view["status"] == "completed" and len(view["unchecked_items"]) == 22
    assert view["signature"] == dict(state="none", signer="", title="", signed_at=None, not_signed="absent",
                                     not_signed_note="单位代表外出")
    text = ok(run("inspections", "show", running))
    assert "记为未检查 / recorded as not checked: 22" in text and "不在场 (absent)：单位代表外出" in text
    refused(run("inspections", "complete", running, "--record-unchecked", "--not-signed", "absent"),
            "已完成", "already completed", f"inspections reopen {running}")

    # completed: the record is frozen; the refusal names what froze it and the way back
    err = refused(run("findings", "edit", plaintext, "--title", "改过的标题"),
                  "检查已完成", "The inspection is completed", "重新打开", "reopen",
                  f"inspector inspections reopen {running} --reason")
    assert err.count("\n") == 2  # one line in Chinese, one in English
    frozen = as_json(run("findings", "show", plaintext, "--json"))
    assert frozen["title"] == "个人信息以明文存储" and "title" in frozen["frozen"]["locked"]
    assert "rectification_requirement" not in frozen["frozen"]["locked"]  # the notice's, not the record's
    ok(run("findings", "edit", plaintext, "--requirement", "三十日内完成字段加密"))

    # the record exported now is superseded once the inspection is reopened
    ok(run("export", "record", "--inspection", running, "--out", tmp_path / "record.pdf"))
    refused(run("inspections", "reopen", running), "--reason", code=ExitCode.USAGE)
    refused(run("inspections", "reopen", running, "--reason", "  "), "原因", "reason")
    view = as_json(run("inspections", "reopen", running, "--reason", "补充检查第 5 节", "--json"))
    assert view["status"] == "in_progress" and view["superseded_records"] == 1
    assert view["correction"]["number"] == 1 and view["correction"]["reason"] == "补充检查第 5 节"
    assert events(demo_vault, "inspection.reopened", running) == 1
    with demo_vault.session() as s:
        [doc] = s.exec(select(IssuedDocument).where(IssuedDocument.kind == "record",
                                                    IssuedDocument.ref_id == running)).all()
        assert doc.superseded_by == "更正版（第 1 次更正）" and doc.superseded_at is not None
    refused(run("inspections", "reopen", running, "--reason", "再来一次"), "只有已完成", "Only a completed")
    ok(run("findings", "edit", plaintext, "--title", "个人信息明文存储"))
    ok(run("inspections", "complete", running, "--record-unchecked", "--not-signed", "absent"))

    # a notice: drafted, issued, then what it states is frozen; status steps go on
    draft = as_json(run("notices", "draft", "--department", ids["department"], "--finding", database,
                        "--finding", audit_log, "--deadline", LATER, "--json"))
    assert draft["status"] == "draft" and draft["number"] == "" and draft["findings"] == 2
    issued = as_json(run("notices", "issue", draft["notice_id"], "--json"))
    number = issued["number"]
    assert re.fullmatch(r"晋数安检〔\d{4}〕\d+号", number) and issued["status"] == "issued"
    refused(run("notices", "issue", draft["notice_id"]), "已签发", "already issued",
            f"inspector notices correct {draft['notice_id']}")
    ok(run("export", "notice", "--department", ids["department"], "--plan", ids["plan"], "--out",
           tmp_path / "notice.pdf"))
    refused(run("findings", "status", database, "closed"), "不能从“已通知”变为“已关闭”",
            "cannot go from notified to closed", "rectifying（整改中）", "From notified: rectifying, reported")
    assert as_json(run("findings", "status", database, "rectifying", "--reason", "开始整改", "--json"))[
        "status"] == "rectifying"
    err = refused(run("findings", "edit", database, "--requirement", "悄悄改过的要求"),
                  number, "更正通知", "correction notice",
                  f"inspector notices correct {draft['notice_id']} --finding {database}")
    assert err.count("\n") == 2
    refused(run("findings", "edit", database, "--description", "改"), number,
            "只能更正整改要求和整改期限", "corrects only the rectification requirement and the deadline")
    assert as_json(run("findings", "show", database, "--json"))["rectification_requirement"] != "悄悄改过的要求"

    # the correction: its own number, naming the original and what changed; issuing it applies the change
    correction = as_json(run("notices", "correct", draft["notice_id"], "--finding", database, "--requirement",
                             "三十日内收回运维公司的最高管理权限", "--reason", "整改要求表述不准确", "--json"))
    assert correction["status"] == "draft" and correction["corrects_number"] == number
    [change] = correction["changes"]
    assert change["finding_id"] == database and change["field"] == "rectification_requirement"
    assert change["new"] == "三十日内收回运维公司的最高管理权限"
    assert as_json(run("findings", "show", database, "--json"))["rectification_requirement"] == change["old"]
    corrected = as_json(run("notices", "issue", correction["notice_id"], "--json"))
    assert corrected["number"] not in ("", number) and corrected["corrects_number"] == number
    notices = {n["notice_id"]: n for n in as_json(run("notices", "list", "--json"))}
    assert notices[draft["notice_id"]]["corrected_by"] == [corrected["number"]]
    assert notices[correction["notice_id"]]["corrects_id"] == draft["notice_id"]
    assert notices[correction["notice_id"]]["correction_reason"] == "整改要求表述不准确"
    text = ok(run("notices", "list"))
    assert f"已被 {corrected['number']} 更正" in text and f"更正 {number}" in text
    text = ok(run("notices", "show", correction["notice_id"]))
    assert "整改要求表述不准确" in text and "三十日内收回运维公司的最高管理权限" in text
    after = as_json(run("findings", "show", database, "--json"))
    assert after["rectification_requirement"] == "三十日内收回运维公司的最高管理权限"
    assert after["status"] == "rectifying" and after["notice_number"] == number
    with demo_vault.session() as s:
        rows = s.exec(select(IssuedDocument).where(IssuedDocument.kind == "notice",
                                                   IssuedDocument.ref_id == draft["notice_id"])).all()
        assert rows and all(r.superseded_by == corrected["number"] and r.superseded_at for r in rows)
    refused(run("notices", "correct", draft["notice_id"], "--finding", database, "--requirement",
                "三十日内收回运维公司的最高管理权限", "--reason", "重复"), "没有需要更正的内容", "Nothing to correct")

    # art. 33: the demo's leak risk is pending; recorded once, with a date and a reference
    pending = as_json(run("escalations", "list", "--pending", "--json"))
    [leak] = [e for e in pending if e["finding_id"] == plaintext]
    assert (leak["kind"], leak["state"], leak["state_zh"]) == ("secrecy", "pending", "待报告")
    assert "待报告" in ok(run("escalations", "list"))
    recorded = as_json(run("escalations", "record", plaintext, "--authority", "晋城市国家保密局", "--reference",
                           "晋保函〔2026〕3号", "--date", china_today().isoformat(), "--json"))
    assert (recorded["id"], recorded["state"], recorded["state_zh"]) == (leak["id"], "done", "已报告")
    assert recorded["authority"] == "晋城市国家保密局" and recorded["reference"] == "晋保函〔2026〕3号"
    assert recorded["done_at"] and recorded["done_by"]
    assert leak["id"] not in {e["id"] for e in as_json(run("escalations", "list", "--pending", "--json"))}
    refused(run("escalations", "record", leak["id"], "--authority", "晋城市国家保密局"), "不能重复登记", "already")
    text = ok(run("findings", "show", plaintext))
    assert "失泄密隐患 已报告 / Reported" in text and "晋保函〔2026〕3号" in text

    # every write went through the audited session: the vault checks
    ok(run("vault", "check"))
    ok(run("audit", "verify"))


def png() -> bytes:
    import io

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


def test_a_change_that_voids_the_signature_needs_void_signature(demo_vault, demo_env, run, ids):
    running = ids["running"]
    finding = ids["findings"]["安全审计日志仅保存30天"]
    with demo_vault.session() as s:
        inspections.set_summary(s, running, "小结")
        inspections.save_signature(s, running, png(), "陈静", "科长")
    assert as_json(run("inspections", "show", running, "--json"))["signature"]["state"] == "holds"
    shown = as_json(run("findings", "show", finding, "--json"))["frozen"]
    assert shown["voids_signature"] and shown["inspection"]["signed_by"] == "陈静" and not shown["locked"]
    refused(run("findings", "edit", finding, "--severity", "critical"),
            "修改将使 陈静 于", "的签字失效，需要重新签字", "voids the signature 陈静 gave",
            "如确认，请加 --void-signature 重新运行", "run it again with --void-signature")
    assert as_json(run("findings", "show", finding, "--json"))["severity"] == "major"
    assert as_json(run("inspections", "show", running, "--json"))["signature"]["state"] == "holds"
    result = as_json(run("findings", "edit", finding, "--severity", "critical", "--void-signature", "--json"))
    assert result["signature_voided"] and result["changed"] == ["severity"]
    assert result["finding"]["severity"] == "critical"
    assert as_json(run("inspections", "show", running, "--json"))["signature"]["state"] == "none"
    assert events(demo_vault, "inspection.signature_voided", running) == 1
    out = ok(run("findings", "edit", finding, "--requirement", "保存六个月以上"))  # not signed on site
    assert "整改要求" in out and "签字已失效" not in out
    # a summary other than the one signed is a change too
    with demo_vault.session() as s:
        inspections.save_signature(s, running, png(), "陈静", "科长")
    refused(run("inspections", "complete", running, "--summary", "另一份小结", "--record-unchecked"),
            "陈静", "不带 --summary", "without --summary")


def test_art_33_from_the_command_line(demo_vault, demo_env, run, ids):
    with demo_vault.session() as s:  # a general finding of its own
        f = Finding(department_id=ids["department"], title="门禁登记缺失", severity=Severity.GENERAL)
        s.add(f)
        s.flush()
        fid = f.id
    result = as_json(run("findings", "edit", fid, "--police", "--json"))
    assert result["severity_raised"] and result["finding"]["severity"] == "major"
    [esc] = result["finding"]["escalations"]
    assert (esc["kind"], esc["state_zh"], esc["immediate"]) == ("police", "待移送", True)
    assert "立即 / at once" in ok(run("findings", "show", fid))
    refused(run("findings", "edit", fid, "--severity", "general"), "不能低于“较大”", "cannot be below Major")
    out = ok(run("findings", "edit", fid, "--secrecy", "--articles", "9、33"))
    assert "失泄密隐患 待报告" in out and "违法行为 待移送" in out
    assert as_json(run("findings", "show", fid, "--json"))["articles"] == [9, 33]
    refused(run("escalations", "record", fid, "--authority", "晋城市公安局"), "--kind secrecy", "--kind police")
    refused(run("escalations", "record", esc["id"], "--kind", "secrecy", "--authority", "x"), "违法行为", "unlawful")
    done = as_json(run("escalations", "record", fid, "--kind", "police", "--authority", "晋城市公安局城区分局",
                       "--date", "2026-11-30", "--json"))
    assert done["state_zh"] == "已移送" and done["done_at"].startswith("2026-11-30")
    assert "2026-11-30" in ok(run("escalations", "list"))
    refused(run("findings", "edit", fid, "--no-police"), "已移送", "cannot be withdrawn")
    ok(run("findings", "edit", fid, "--no-secrecy"))  # still pending: withdrawn with its flag
    assert [e["kind"] for e in as_json(run("escalations", "list", "--json")) if e["finding_id"] == fid] == ["police"]
    ok(run("vault", "check"))


@pytest.mark.parametrize("args, code, fragments", [
    (("inspections", "show", "nope"), 4, ("找不到现场检查", "No inspection")),
    (("findings", "show", "nope"), 4, ("找不到问题", "No finding")),
    (("notices", "show", "nope"), 4, ("找不到整改通知书", "No rectification notice")),
    (("notices", "issue", "nope"), 4, ("找不到整改通知书", "No rectification notice")),
    (("escalations", "record", "nope", "--authority", "x"), 4, ("找不到", "No escalation or finding")),
    (("findings", "edit", "nope"), 2, ("至少给出一项", "at least one field")),
    (("findings", "edit", "nope", "--deadline", "明天"), 2, ("不是有效日期", "not a date")),
    (("findings", "edit", "nope", "--articles", "九"), 2, ("不是条款编号", "not an article number")),
    (("notices", "draft", "--department", "d", "--finding", "f", "--deadline", "2026-13-01"), 2, ("YYYY-MM-DD",)),
])
def test_bad_input_is_told_in_both_languages(run, demo_env, args, code, fragments):
    refused(run(*args), *fragments, code=code)


def test_notices_refuse_what_the_rules_refuse(demo_vault, demo_env, run, ids):
    database = ids["findings"]["数据库最高管理权限由运维公司人员掌握"]
    refused(run("notices", "draft", "--department", ids["department"], "--finding", database, "--deadline",
                (china_today() - timedelta(days=1)).isoformat()), "不能早于今天", "cannot be in the past")
    draft = as_json(run("notices", "draft", "--department", ids["department"], "--finding", database,
                        "--deadline", LATER, "--json"))
    refused(run("notices", "draft", "--department", ids["department"], "--finding", database, "--deadline", LATER),
            "另一份整改通知书草稿", "another draft notice")
    refused(run("notices", "correct", draft["notice_id"], "--finding", database, "--deadline", MUCH_LATER,
                "--reason", "延期"), "只有已签发", "Only an issued notice")
    refused(run("notices", "correct", draft["notice_id"], "--finding", database, "--reason", "x"),
            "--requirement", code=ExitCode.USAGE)
    ok(run("notices", "issue", draft["notice_id"]))
    refused(run("notices", "correct", draft["notice_id"], "--finding", ids["findings"]["个人信息以明文存储"],
                "--deadline", MUCH_LATER, "--reason", "延期"), "不在整改通知书", "is not in notice")
    refused(run("notices", "correct", draft["notice_id"], "--finding", database, "--deadline", MUCH_LATER,
                "--reason", " "), "更正原因", "needs a reason")
    assert [n["number"] for n in as_json(run("notices", "list", "--json")) if not n["number"]] == []


def test_every_new_command_is_in_the_docs():
    """docs/CLI.md names each command of the loop (the guard in test_every_write_checks lists them all)."""
    doc = (Path(__file__).parent.parent / "docs" / "CLI.md").read_text(encoding="utf-8")
    for group in ("inspections", "findings", "notices", "escalations"):
        for name in cli.commands[group].commands:
            assert f"`inspector {group} {name}" in doc, f"inspector {group} {name}"


def test_a_draft_notice_gets_its_own_colophon_and_an_issued_one_keeps_it(demo_vault, demo_env, run, ids, tmp_path):
    database = ids["findings"]["数据库最高管理权限由运维公司人员掌握"]
    draft = as_json(run("notices", "draft", "--department", ids["department"], "--finding", database,
                        "--deadline", LATER, "--json"))["notice_id"]
    shown = as_json(run("notices", "colophon", draft, "--json"))
    assert (shown["cc"], shown["contact"]) == ("市委网信办、市公安局", "王芳")  # the demo's defaults
    changed = as_json(run("notices", "colophon", draft, "--cc", "市公安局、市保密局", "--contact", "李明", "--json"))
    assert (changed["cc"], changed["contact"], changed["phone"]) == ("市公安局、市保密局", "李明", shown["phone"])
    assert "市公安局、市保密局" in ok(run("notices", "colophon", draft))
    refused(run("notices", "colophon", draft, "--phone", "x" * 300), "电话")
    ok(run("notices", "issue", draft))
    out = tmp_path / "notice.pdf"
    ok(run("export", "notice", "--notice", draft, "--out", out))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True).stdout
    assert "抄送：市公安局，市保密局。" in "".join(text.split()) and "联系人：李明" in "".join(text.split())
    refused(run("notices", "colophon", draft, "--cc", "市公安局"), "已签发", "was issued")
