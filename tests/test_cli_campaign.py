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
