"""The four letter kinds of inspector.services.letter_kinds end to end: drafted and issued through the letter
service (what issuing does to the vault), built, exported signed, and read back as a reader would (poppler)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from inspector import regulation
from inspector.model import (
    Escalation,
    EscalationKind,
    EscalationState,
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    IssuedDocument,
    NoticeStatus,
    RectificationNotice,
)
from inspector.services import exports, letter_exports, letters
from inspector.services import findings as findings_service
from inspector.services import letter_kinds_common as common
from inspector.vault import Vault
from tests.engines import verify_as_cli
from tests.signing_helpers import pdfsig
from tests.test_documents_layout import (
    assert_fonts_embedded,
    flowing_text,
    page_count,
    render_count,
    squashed,
)

S = FindingStatus
CC = ["市委网信办", "市公安局"]
SHOTS = Path("/tmp/shots/letters")


@pytest.fixture
def vault(demo_env, demo_either):
    """The demo data: this test's copy of the demo vault (the command line opens it too), then a hub's."""
    return demo_either


def notice_of(s) -> RectificationNotice:
    return s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()


def notice_findings(s) -> list[Finding]:
    return common.notice_findings(s, notice_of(s).id)


def running(s) -> Inspection:
    return s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()


def issue_and_export(vault: Vault, tmp_path: Path, kind: str, *, issued_on: date | None = None, **links):
    """create → issue through the letter service, then export signed; (letter id, number, pdf path)."""
    with vault.session() as s:
        letter = letters.create(s, kind, colophon={"cc": CC}, **links)
        letter_id = letter.id
    with vault.session() as s:
        number = letters.issue(s, letter_id, issued_on=issued_on).number
    doc = letter_exports.prepare_letter(vault, letter_id)
    assert not doc.draft and doc.kind == kind
    result = exports.finish(vault, doc, tmp_path / doc.filename, sign=True)
    assert result.recorded
    return letter_id, number, result.path


def read_as_a_reader(path: Path, tmp_path: Path, kind: str, title: str, number: str) -> str:
    data = path.read_bytes()
    rows = assert_fonts_embedded(data, tmp_path)
    assert any("ZhuqueFangsong" in r["name"] for r in rows), rows  # the body is the FangSong
    assert render_count(data, tmp_path) == page_count(data, tmp_path)
    text = flowing_text(data, tmp_path)
    for needle in (squashed(title), number, "抄送：" + "，".join(CC) + "。", "印发", "附件：相关条款原文"):
        assert needle in text, needle
    # the appendix prints the cited articles in ascending order
    appendix = text[text.rindex("相关条款原文"):]
    numbers = [_number(m) for m in re.findall(r"第([一二三四五六七八九十]+)条", appendix)]
    heads = [n for n in numbers if n in regulation.articles()]
    assert heads == sorted(heads) and heads, heads
    report = pdfsig(path)
    assert report.count("Signature Validation: Signature is Valid.") == 1, report
    SHOTS.mkdir(parents=True, exist_ok=True)  # for looking at, not for the test
    target = SHOTS / f"{kind}.pdf"
    shutil.copyfile(path, target)
    return text


def _number(chinese: str) -> int:
    digits = "零一二三四五六七八九"
    if "十" not in chinese:
        return digits.index(chinese)
    tens, _, ones = chinese.partition("十")
    return (digits.index(tens) if tens else 1) * 10 + (digits.index(ones) if ones else 0)


def verified_by_cli(run, vault: Vault, path: Path, kind: str) -> None:
    report, _ = verify_as_cli(run, vault, path)
    assert report["ok"] and report["issued"]["kind"] == kind


def test_review_that_closes_is_issued_signed_and_closes_the_findings(vault, tmp_path, run):
    with vault.session() as s:
        ids = [f.id for f in notice_findings(s)]
        notice_id = notice_of(s).id
        for fid in ids:
            for target in (S.REPORTED, S.VERIFIED):
                findings_service.change_status(s, fid, target, reason="已核验整改材料。" if target is S.VERIFIED else "")
    letter_id, number, path = issue_and_export(vault, tmp_path, "review", notice_id=notice_id)
    with vault.session() as s:
        assert [s.get(Finding, fid).status for fid in ids] == [S.CLOSED, S.CLOSED]
        letter = letters.get_letter(s, letter_id)
        assert letter.fields["next_step"] == "closed" and number.endswith("2号")  # after the demo's notice 1号
        assert s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == letter_id)).one().kind == "review"
    text = read_as_a_reader(path, tmp_path, "review", "政务数据安全整改复查意见书", number)
    for needle in ("晋城市卫生健康委员会：", "晋数安检〔2026〕1号", "已全部整改到位", "予以销号", "复查结论"):
        assert needle in text, needle
    verified_by_cli(run, vault, path, "review")


def test_urge_is_issued_and_leaves_the_deadlines_as_the_notice_set_them(vault, tmp_path, run, monkeypatch):
    monkeypatch.setattr(common, "today", lambda: date(2027, 1, 10))  # the demo's deadlines (2026-12-31) passed
    with vault.session() as s:
        notice_id = notice_of(s).id
        ids = [f.id for f in notice_findings(s)]
    with vault.session() as s:
        letter = letters.create(s, "urge", notice_id=notice_id, fields={"new_deadline": "2027-01-25"},
                                colophon={"cc": CC})
        letter_id = letter.id
    with vault.session() as s:
        number = letters.issue(s, letter_id, issued_on=date(2027, 1, 10)).number
        assert [s.get(Finding, fid).deadline for fid in ids] == [date(2026, 12, 31)] * 2
    doc = letter_exports.prepare_letter(vault, letter_id)
    path = exports.finish(vault, doc, tmp_path / doc.filename, sign=True).path
    text = read_as_a_reader(path, tmp_path, "urge", "政务数据安全整改督办通知", number)
    for needle in ("截至2027年1月10日，下列2项问题已超过整改期限", "于2027年1月25日前整改完毕", "逾期10天", "第三十五条"):
        assert needle in text, needle
    verified_by_cli(run, vault, path, "urge")


def test_secrecy_report_is_issued_and_records_the_report(vault, tmp_path, run):
    with vault.session() as s:
        insp = running(s)
        links = {"department_id": insp.department_id, "plan_id": insp.plan_id}
        [e] = s.exec(select(Escalation).where(Escalation.kind == EscalationKind.SECRECY)).all()
        e.authority = "晋城市国家保密局"
    _, number, path = issue_and_export(vault, tmp_path, "secrecy_report", **links)
    with vault.session() as s:
        [e] = s.exec(select(Escalation).where(Escalation.kind == EscalationKind.SECRECY)).all()
        assert (e.state, e.authority, e.reference) == (EscalationState.DONE, "晋城市国家保密局", number)
    text = read_as_a_reader(path, tmp_path, "secrecy_report",
                            "关于晋城市人力资源和社会保障局存在政务数据失泄密隐患的报告", number)
    for needle in ("晋城市国家保密局：", "个人信息以明文存储", "请贵局依职责予以指导", "特此报告。"):
        assert needle in text, needle
    verified_by_cli(run, vault, path, "secrecy_report")


def test_police_referral_is_issued_and_records_the_referral(vault, tmp_path, run):
    with vault.session() as s:
        insp = running(s)
        links = {"department_id": insp.department_id, "plan_id": insp.plan_id}
        first = s.exec(select(Finding).where(Finding.inspection_id == insp.id).order_by(Finding.created_at)).first()
        findings_service.update_finding(s, first.id, {"escalate_police": True})
        title = first.title
    with vault.session() as s:
        letter = letters.create(s, "police_referral", fields={"addressee": "晋城市公安局"}, colophon={"cc": CC},
                                **links)
        letter_id = letter.id
    with vault.session() as s:
        number = letters.issue(s, letter_id).number
        [e] = s.exec(select(Escalation).where(Escalation.kind == EscalationKind.POLICE)).all()
        assert (e.state, e.authority, e.reference) == (EscalationState.DONE, "晋城市公安局", number)
    doc = letter_exports.prepare_letter(vault, letter_id)
    path = exports.finish(vault, doc, tmp_path / doc.filename, sign=True).path
    text = read_as_a_reader(path, tmp_path, "police_referral",
                            "关于提请依法查处晋城市人力资源和社会保障局政务数据违法行为的函", number)
    for needle in ("晋城市公安局：", title[:6], "请贵局依法查处", "特此函告。"):
        assert needle in text, needle
    verified_by_cli(run, vault, path, "police_referral")
