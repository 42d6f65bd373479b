"""``inspector campaign status|export`` (issue 17 §1): the board as text, as JSON with every field, as xlsx; an
unknown plan or a folder that does not exist: exit 4, in both languages, no traceback."""

from __future__ import annotations

import json

import openpyxl
from sqlmodel import select

from inspector.model import Plan
from inspector.vault import Vault
from tests.conftest import PASSPHRASE


def _plan_id(path) -> str:
    v = Vault.open(path, passphrase=PASSPHRASE)
    try:
        with v.session(read_only=True) as s:
            return s.exec(select(Plan)).one().id
    finally:
        v.close()


def test_status_text_and_json(demo_env, run):
    plan_id = _plan_id(demo_env)
    code, out, err = run("campaign", "status", "--plan", plan_id, "--today", "2026-12-05")
    assert code == 0, err
    lines = out.splitlines()
    assert "2026年度全市政务数据安全监督检查" in lines[0] and "2026-12-05" in lines[0]
    assert "检查对象 / targets 4" in lines[1]
    assert lines[2].startswith("被检查单位\t")
    assert len(lines) == 3 + 4
    assert any("已完成 2026-10-29" in line and "期限 2026-12-15" in line for line in lines[3:])
    assert "未开始（逾期）" in lines[-1]  # the last target's date has passed without an inspection
    code, out, err = run("campaign", "status", "--plan", plan_id, "--today", "2027-01-10", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["plan_id"] == plan_id and data["today"] == "2027-01-10" and len(data["rows"]) == 4
    second = data["rows"][1]
    assert second["rect_deadline"] == "2026-12-15" and second["findings_overdue"] == 2
    assert second["states"]["findings"] == "late" and second["reinspection_status"] is None
    assert set(second) >= {"department_id", "notice_letter_status", "form_sent", "returned_at", "discrepancies",
                           "inspection_status", "rect_notice_number", "findings_open", "review_next_step"}
    assert data["totals"]["findings_overdue"] == 2
    assert sum(data["counts"]["findings"].values()) == 4


def test_export_xlsx(demo_env, run, tmp_path):
    plan_id = _plan_id(demo_env)
    out = tmp_path / "board.xlsx"
    code, stdout, err = run("campaign", "export", "--plan", plan_id, "--out", out, "--json")
    assert code == 0, err
    assert json.loads(stdout) == {"path": str(out), "rows": 4}
    ws = openpyxl.load_workbook(out)["进度看板"]
    assert ws["B3"].value == "被检查单位" and ws.max_row == 3 + 4


def test_refusals(demo_env, run, tmp_path):
    code, out, err = run("campaign", "status", "--plan", "no-such-plan")
    assert code == 4 and "找不到检查计划" in err and "No such plan" in err and "Traceback" not in err
    plan_id = _plan_id(demo_env)
    code, out, err = run("campaign", "export", "--plan", plan_id, "--out", tmp_path / "nope" / "b.xlsx")
    assert code == 4 and "输出文件夹不存在" in err and "does not exist" in err and "Traceback" not in err


def _campaign(path) -> dict:
    """tests.test_analytics's hand-counted campaign, added to this copy of the demo vault."""
    from tests.test_analytics import build

    v = Vault.open(path, passphrase=PASSPHRASE)
    try:
        return build(v)
    finally:
        v.close()


def test_analytics_text(demo_env, run):
    ids = _campaign(demo_env)
    code, out, err = run("campaign", "analytics", "--plan", ids["p1"], "--today", "2031-04-11")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "2031年度检查（截至 2031-04-11）"
    assert lines[1].startswith("问题分布（章节×单位）")
    # columns: the departments by pinyin, cut to 8 characters
    assert lines[2] == "章节\t白城市审计局\t丹东市统计局\t鄂州市粮食局\t不符合+部分符合"
    # section 3 first: A and B 3-01 不符合; then section 1: A 1-03 不符合, B 1-03 部分符合; section 2: A 2-03
    assert lines[3].split("\t")[1:] == ["1", "1", "0", "2"] and lines[3].startswith("3. 建立和执行")
    assert lines[3].split("\t")[0].endswith("…") and len(lines[3].split("\t")[0]) == 16
    assert lines[4].split("\t")[1:] == ["1", "1", "0", "2"] and lines[5].split("\t")[1:] == ["1", "0", "0", "1"]
    assert "符合率 / compliance: 38%（符合 3 / 已判定 8" in out
    assert "  白城市审计局\t1/4\t25%" in lines and "  丹东市统计局\t2/4\t50%" in lines
    assert "  鄂州市粮食局\t0/0\t—" in lines
    assert any(line.startswith("  1. 贯彻落实") and line.endswith("\t3/5\t60%") for line in lines)
    assert ("整改时效 / timeliness: 已核验 / verified 2，下发到核验中位数 / median days to verification 15 天 / days；"
            "尚待整改 / open 2；逾期 / overdue 2（共 / total 12 天 / days，最长 / longest 10）") in lines
    assert "问题分级 / severity: 一般 / general 4，较大 / major 1，重大 / critical 1" in lines
    assert ("第三十三条 / art. 33: 失泄密隐患 / secrecy 待报告 / pending 1，已报告 / done 1；"
            "违法行为 / police 待移送 / pending 0，已移送 / done 1") in lines
    assert lines[-2:] == ["重复问题 / repeat findings: 1",
                          "  白城市审计局\t1-03\t未落实分类分级\t此前 / earlier: 2030年度检查"]


def test_analytics_articles_by_verdicts_and_json(demo_env, run):
    ids = _campaign(demo_env)
    code, out, err = run("campaign", "analytics", "--plan", ids["p1"], "--rows", "article", "--columns", "verdicts",
                         "--today", "2031-04-11")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[2] == "条款\t符合\t部分符合\t不符合\t不适用\t不符合+部分符合"
    # art. 9: 1-01 (A, B 符合), 1-02 (B 符合), 3-01 (A, B 不符合); art. 21: 3-01 only
    assert lines[3] == "第9条\t3\t0\t2\t0\t2" and lines[4] == "第21条\t0\t0\t2\t0\t2"
    code, out, err = run("campaign", "analytics", "--plan", ids["p1"], "--columns", "verdicts",
                         "--today", "2031-04-11", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["plan_id"] == ids["p1"] and data["today"] == "2031-04-11"
    m = data["matrix"]
    assert (m["rows_by"], m["columns_by"]) == ("section", "verdicts")
    assert [c["id"] for c in m["columns"]] == ["compliant", "partial", "non_compliant", "not_applicable"]
    assert [(r["key"], r["cells"], r["failed"]) for r in m["rows"][:3]] == [
        (3, {"compliant": 0, "partial": 0, "non_compliant": 2, "not_applicable": 1}, 2),
        (1, {"compliant": 3, "partial": 1, "non_compliant": 1, "not_applicable": 0}, 2),
        (2, {"compliant": 0, "partial": 1, "non_compliant": 0, "not_applicable": 0}, 1)]
    assert data["compliance"]["overall"] == {"key": "", "label": "", "compliant": 3, "answered": 8, "rate": 0.375}
    assert [(r["key"], r["rate"]) for r in data["compliance"]["by_department"]] == [
        (ids["a"], 0.25), (ids["b"], 0.5), (ids["c"], None)]
    t = data["timeliness"]
    assert t["days_to_verification"] == {ids["f1"]: 20, ids["f2"]: 10} and t["median_days"] == 15
    assert t["overdue"] == {ids["f3"]: 10, ids["f4"]: 2} and t["open"] == 2 and t["overdue_days_total"] == 12
    assert data["severity"] == {"general": 4, "major": 1, "critical": 1}
    assert data["escalation"]["police"] == {"pending": 0, "done": 1}
    assert [(r["finding_id"], r["earlier_plans"]) for r in data["repeats"]] == [(ids["f1"], ["2030年度检查"])]


def test_analytics_refusals(demo_env, run):
    code, out, err = run("campaign", "analytics", "--plan", "no-such-plan")
    assert code == 4 and "没有编号为 no-such-plan 的检查计划" in err and "No plan with id no-such-plan" in err
    assert "Traceback" not in err and out == ""
    plan_id = _plan_id(demo_env)
    code, out, err = run("campaign", "analytics", "--plan", plan_id, "--columns", "severity")
    assert code != 0 and "Traceback" not in err and "severity" in err
