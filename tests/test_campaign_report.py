"""The 检查情况通报 (issue 17 §4): a letter of one plan, its text generated from the demo vault and editable,
issued, exported signed with its heat map, read back as a reader would (poppler), verified; the xlsx annex of
every finding; ``inspector campaign report`` end to end."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from inspector.documents import charts
from inspector.lifecycle import FrozenError
from inspector.model import Finding, FindingStatus, Letter, Plan, Severity
from inspector.services import (
    analytics,
    exports,
    letter_campaign,
    letter_exports,
    letters,
)
from inspector.vault import Vault
from tests.engines import demo_vault_only, verify_as_cli
from tests.signing_helpers import pdfsig
from tests.test_documents_layout import (
    assert_fonts_embedded,
    flowing_text,
    page_count,
    render_count,
    squashed,
)

TODAY = date(2026, 12, 5)
SHOTS = Path("/tmp/shots/campaign_report")


@pytest.fixture
def vault(demo_env, demo_either):
    """The demo data: this test's copy of the demo vault (the command line opens it too), then a hub's."""
    return demo_either


def _plan(vault: Vault) -> tuple[str, dict]:
    """The demo plan with the most findings (one of them made 重大, so a unit is named), and what the report
    should say of it."""
    with vault.session() as s:
        best = max(s.exec(select(Plan)).all(),
                   key=lambda p: len(s.exec(select(Finding.id).where(Finding.plan_id == p.id)).all()))
        issued = [x for x in s.exec(select(Finding).where(Finding.plan_id == best.id)).all()
                  if FindingStatus(x.status) is not FindingStatus.DRAFT]
        issued[0].severity = Severity.CRITICAL
        s.add(issued[0])
    with vault.session() as s:
        f = letter_campaign.facts(s, best.id)
        assert len(f["findings"]) == len(issued) and f["severity"][Severity.CRITICAL] >= 1
        return best.id, f


def _draft(vault: Vault, plan_id: str, **kwargs) -> str:
    with vault.session() as s:
        return letters.create(s, "campaign_report", plan_id=plan_id, **kwargs).id


def test_the_defaults_give_the_plans_numbers(vault):
    plan_id, f = _plan(vault)
    assert f["findings"], "the demo plan has findings"
    letter_id = _draft(vault, plan_id)
    with vault.session() as s:
        fields = s.get(Letter, letter_id).fields
        comp = analytics.compliance(s, plan_id).overall
    assert fields["addressee"] == letter_campaign.ADDRESSEE
    overview = fields["overview"]
    assert f"共涉及{len(f['departments'])}个单位" in overview
    assert f"共发现问题{len(f['findings'])}个" in overview
    assert f"重大{f['severity'].get(Severity.CRITICAL, 0)}个" in overview
    assert f"符合{comp.compliant}项" in overview and f"判定{comp.answered}项" in overview
    assert f"逾期未整改{len(f['overdue'])}个" in overview
    # art. 35: every unit with a 重大 finding or an overdue one is named, and no other
    named = {r[1] for r in f["findings"] if Severity(r[3]) is Severity.CRITICAL} | {r[1] for r in f["overdue"]}
    assert named, "the demo vault has a unit to name"
    text = fields["named"]
    for name in named:
        assert f"{name}：" in text
    assert len(text.splitlines()) == len(named)
    assert "细则第" in fields["problems"]


def test_the_content_has_the_sections_the_chart_and_the_table(vault):
    plan_id, f = _plan(vault)
    letter_id = _draft(vault, plan_id)
    with vault.session() as s:
        detail = letters.letter_detail(s, letter_id)
        plan = s.get(Plan, plan_id)
    content = detail.content
    assert not detail.problems
    assert content["title"].startswith("关于") and content["title"].endswith("情况的通报") and plan.title in content["title"]
    heads = [b["text"] for b in content["blocks"] if b["kind"] == "h1"]
    assert heads == ["一、检查基本情况", "二、检查结果", "三、主要问题", "四、通报", "五、下一步工作"]
    chart = [b for b in content["blocks"] if b["kind"] == "chart"]
    assert len(chart) == 1
    spec = charts.from_dict(chart[0]["spec"])
    assert isinstance(spec, charts.HeatMap) and spec.cols and spec.peak > 0
    assert charts.to_dict(spec) == chart[0]["spec"]
    json.dumps(content)  # the content, chart included, is plain JSON
    table = next(b for b in content["blocks"] if b["kind"] == "table")
    assert len(table["rows"]) == len(f["departments"])
    assert 35 in content["articles"] and content["articles"] == sorted(content["articles"])
    assert 31 not in content["articles"]


def test_editing_a_field_changes_the_text_and_issuing_freezes_it(vault):
    plan_id, _ = _plan(vault)
    letter_id = _draft(vault, plan_id)
    with vault.session() as s:
        letters.update(s, letter_id, fields={"next_steps": "一律在一个月内完成整改。", "addressee": "市委网信办"})
        content = letters.letter_detail(s, letter_id).content
    flat = json.dumps(content, ensure_ascii=False)
    assert "一律在一个月内完成整改。" in flat and content["addressee"] == "市委网信办"
    with vault.session() as s:
        letters.issue(s, letter_id, issued_on=TODAY)
    with vault.session() as s, pytest.raises(FrozenError):
        letters.update(s, letter_id, fields={"next_steps": "改了"})
    with vault.session() as s:  # the data changes afterwards; the issued report does not
        for finding in s.exec(select(Finding).where(Finding.plan_id == plan_id)).all():
            finding.severity = Severity.CRITICAL
        frozen = s.get(Letter, letter_id).content
        assert letters.letter_detail(s, letter_id).content == frozen
        assert "一律在一个月内完成整改。" in json.dumps(frozen, ensure_ascii=False)


def test_the_plan_scope_offers_the_report(vault):
    plan_id, _ = _plan(vault)
    with vault.session() as s:
        view = letters.scope_view(s, plan_id=plan_id)
        assert [k for k, _, _ in view.kinds] == ["campaign_report"]
        department_id = s.exec(select(Finding.department_id).where(Finding.plan_id == plan_id)).first()
        assert [k for k, _, _ in letters.scope_view(s, plan_id=plan_id, department_id=department_id).kinds] == \
            ["inspection_notice"]


def test_issued_exported_signed_reads_as_issued(vault, tmp_path, run):
    plan_id, f = _plan(vault)
    letter_id = _draft(vault, plan_id, colophon={"cc": ["市委网信办", "市公安局"]})
    with vault.session() as s:
        number = letters.issue(s, letter_id, issued_on=TODAY).number
        content = s.get(Letter, letter_id).content
    doc = letter_exports.prepare_letter(vault, letter_id)
    assert (doc.kind, doc.reason) == ("campaign_report", "签发检查情况通报")
    out = tmp_path / doc.filename
    result = exports.finish(vault, doc, out, sign=True)
    data = out.read_bytes()
    rows = assert_fonts_embedded(data, tmp_path)
    assert any("ZhuqueFangsong" in r["name"] for r in rows), rows
    assert render_count(data, tmp_path) == page_count(data, tmp_path) >= 2
    text = flowing_text(data, tmp_path)
    spec = charts.from_dict(next(b for b in content["blocks"] if b["kind"] == "chart")["spec"])
    named = {r[1] for r in f["findings"] if Severity(r[3]) is Severity.CRITICAL} | {r[1] for r in f["overdue"]}
    for needle in (number, content["title"], f"{letter_campaign.ADDRESSEE}：", "一、检查基本情况", "二、检查结果",
                   "三、主要问题", "四、通报", "五、下一步工作", "各单位检查项符合情况", spec.title, *spec.rows[:2],
                   *named, "抄送：市委网信办，市公安局。", "2026年12月5日印发", "相关条款原文"):
        assert squashed(needle) in text, needle
    report = pdfsig(out)
    assert report.count("Signature Validation: Signature is Valid.") == 1, report
    SHOTS.mkdir(parents=True, exist_ok=True)  # for looking at
    shutil.copyfile(out, SHOTS / "campaign_report.pdf")

    again = letter_exports.prepare_letter(vault, letter_id)  # a re-export draws the same chart
    assert spec.title in flowing_text(again.built.data, tmp_path)
    verdict, _ = verify_as_cli(run, vault, out)
    assert verdict["ok"] and verdict["issued"]["kind"] == "campaign_report" and verdict["issued"]["number"] == number
    assert result.sha256


def test_the_annex_has_one_row_per_finding(vault, tmp_path):
    from inspector.forms import campaign_annex

    plan_id, _ = _plan(vault)
    out = tmp_path / "annex.xlsx"
    with vault.session() as s:
        n = campaign_annex.export_annex(s, plan_id, out)
        total = len(s.exec(select(Finding.id).where(Finding.plan_id == plan_id)).all())
    assert n == total > 0
    ws = load_workbook(out).active
    assert ws.freeze_panes == "A2"
    values = list(ws.iter_rows(values_only=True))
    assert values[0][:5] == ("序号", "被检查单位", "检查日期", "检查项", "问题")
    assert len(values) == total + 1
    assert all(row[7] in {s.zh for s in FindingStatus} for row in values[1:])


@demo_vault_only  # `inspector campaign report` works on the vault file
def test_the_cli_report_end_to_end(vault, tmp_path, run):
    plan_id, _ = _plan(vault)
    vault.close()
    pdf, xlsx = tmp_path / "report.pdf", tmp_path / "annex.xlsx"
    code, out, err = run("campaign", "report", "--plan", plan_id, "--out", pdf, "--xlsx", xlsx, "--sign", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["number"] and result["path"] == str(pdf) and len(result["sha256"]) == 64
    assert result["annex"] == str(xlsx) and result["findings"] > 0
    assert pdfsig(pdf).count("Signature is Valid.") == 1
    assert load_workbook(xlsx).active.max_row == result["findings"] + 1
    # again: the issued report is exported again, not a second one issued
    code, out, err = run("campaign", "report", "--plan", plan_id, "--out", tmp_path / "again.pdf")
    assert code == 0, err
    assert result["number"] in out
    code, out, err = run("campaign", "report", "--plan", "nope", "--out", tmp_path / "x.pdf")
    assert code != 0 and "Traceback" not in err


def test_a_large_campaign_names_the_most_serious_units_within_a_field_and_counts_the_rest():
    """200 departments with overdue findings: the default 点名通报 still fits a letter field (it did not)."""
    from inspector.model import Severity
    from inspector.services import letter_campaign, letters

    names = [f"晋城市第{n}测试局" for n in range(200)]
    findings = [("f", name, "", Severity.GENERAL.value) for name in names]
    findings += [("f", names[7], "", Severity.CRITICAL.value)]  # the one 重大 finding: named whatever the order
    overdue = [("f", name) for name in names for _ in range(1 + names.index(name) % 3)]
    text = letter_campaign._default_named({"findings": findings, "overdue": overdue})
    assert len(text) <= letter_campaign.NAMED_BUDGET < letters.MAX_FIELD
    lines = text.split("\n")
    assert names[7] in text and "重大安全隐患1个" in lines[[i for i, l in enumerate(lines) if names[7] in l][0]]
    named = len(lines) - 1
    assert 50 < named < 200 and lines[-1].startswith(f"另有{200 - named}个单位") and lines[-1].endswith("名单见附件。")
    kept_late = [int(l.split("逾期未整改问题")[1].rstrip("个。")) for l in lines[:-1] if "逾期未整改问题" in l]
    rest_late = int(lines[-1].split("逾期未整改问题")[1].split("个")[0])
    assert rest_late / (200 - named) <= min(kept_late)  # the most overdue were named before the others
    assert "重大安全隐患0个" not in lines[-1]
