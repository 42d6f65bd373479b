"""Issued documents that hold (issue 14): a 更正通知 is a document of its own; an issued notice exports the same
text however its findings move on; `inspector verify` says when a notice was corrected or a record superseded.

Real vaults, real PDFs judged by poppler (pdftotext, pdffonts, pdftoppm), real signatures.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from inspector.documents.notice import DRAFT_NUMBER, build_notice
from inspector.errors import BadInputError, ExitCode
from inspector.lifecycle import FrozenError
from inspector.model import (
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    IssuedDocument,
    NoticeStatus,
    RectificationNotice,
)
from inspector.services import documents, exports, findings, rectification
from inspector.services.inspections import reopen_inspection
from inspector.signing.pades import open_pdf
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.engines import demo_on_both_engines  # noqa: F401
from tests.test_documents_layout import (
    assert_flat,
    assert_fonts_embedded,
    flowing_text,
    page_texts_pdfium,
    pdf_text,
    render_count,
    squashed,
)

ORIGINAL = "晋数安检〔2026〕1号"
CORRECTION = "晋数安检〔2026〕2号"
REASON = "原通知书整改要求表述不完整，整改期限未考虑年末系统封网"
REQUIREMENT = "制定书面数据备份与恢复策略，明确备份范围、频率和保存期限，并于一个月内开展一次恢复演练。"


def _original(s) -> RectificationNotice:
    return s.exec(select(RectificationNotice).where(RectificationNotice.number == ORIGINAL)).one()


def _its_findings(s, notice: RectificationNotice) -> list[Finding]:
    return s.exec(select(Finding).where(Finding.notice_id == notice.id).order_by(Finding.created_at)).all()


def _draft_correction(s) -> RectificationNotice:
    """Correct the demo's issued notice: one finding's requirement and deadline, the other's deadline."""
    original = _original(s)
    first, second = _its_findings(s, original)
    return rectification.draft_correction(s, original.id, {
        first.id: {"rectification_requirement": REQUIREMENT, "deadline": date(2027, 1, 15)},
        second.id: {"deadline": date(2027, 1, 31)},
    }, REASON, today=date(2026, 11, 24))


def _correct(s) -> RectificationNotice:
    correction = _draft_correction(s)
    rectification.issue(s, correction.id, issued_on=date(2026, 11, 25))
    return correction


def _unstamped(text: str) -> str:
    """A signed file's text: the office's seal field shows the demo vault's seal picture, no text, so nothing in
    it depends on when it was signed (no 签名时间 and no fingerprint in the body)."""
    assert "签名时间：" not in text and "证书指纹：" not in text
    return text


def _text(doc: exports.PreparedDocument, tmp_path) -> str:
    return pdf_text(doc.built.data, tmp_path)


# ---- the 更正通知 --------------------------------------------------------------------------------------


def test_correction_notice_names_both_numbers_the_reason_and_each_change(demo_vault, tmp_path):
    with demo_vault.session() as s:
        correction = _correct(s)
        s.commit()
        data = documents.notice_data(s, correction.id)
    assert data.number == CORRECTION and data.corrects_number == ORIGINAL and not data.draft
    assert data.changes == [
        ("未制定数据备份与恢复策略", "整改要求", "按照细则要求完成整改，并提交整改报告及佐证材料。", REQUIREMENT),
        ("未制定数据备份与恢复策略", "整改期限", "2026年12月31日", "2027年1月15日"),
        ("年度数据安全培训未开展", "整改期限", "2026年12月31日", "2027年1月31日"),
    ]
    built = build_notice(data)
    assert render_count(built.data, tmp_path) == built.pages
    assert_fonts_embedded(built.data, tmp_path)
    assert_flat(built.data)
    assert [slot.name for slot in built.slots] == ["issuer-1", "issuer-2"]
    text = squashed(pdf_text(built.data, tmp_path))
    flowing = flowing_text(built.data, tmp_path)
    cells = squashed("".join(page_texts_pdfium(built.data)))  # drawing order: each table cell reads whole
    # its own red header and number, its own title; the number of what it corrects and why, in the body
    assert text.startswith(f"晋城市大数据应用局文件{CORRECTION}整改通知书更正通知晋城市卫生健康委员会：")
    assert f"我局向你单位印发的《政务数据安全整改通知书》（{ORIGINAL}）中，下列内容需要更正。" in flowing
    assert f"更正原因：{REASON}。" in flowing
    # every change: the finding, what, as issued → corrected
    assert "序号问题更正项目原内容更正为" in cells
    for title, label, old, new in data.changes:
        assert squashed(f"{title}{label}{old}{new}") in cells, (label, new)
    assert f"除上述更正事项外，原通知书（{ORIGINAL}）其他内容不变，继续有效。" in flowing
    assert "晋城市大数据应用局2026年11月25日" in text  # 署名 and 成文日期 under the stamps
    # a document of its own, not the notice again: no findings table, no appendix
    assert "存在的问题及整改要求" not in text and "附件" not in text and "政务数据安全整改通知书晋城市" not in text


def test_a_draft_correction_has_no_number_and_cannot_be_signed(demo_vault, tmp_path):
    with demo_vault.session() as s:
        correction = _draft_correction(s)
        s.commit()
        correction_id = correction.id
    doc = exports.prepare_notice(demo_vault, correction_id)
    assert doc.draft and doc.title.startswith("更正通知 草稿") and doc.filename.startswith("更正通知-草稿-")
    text = squashed(_text(doc, tmp_path))
    assert DRAFT_NUMBER in text and CORRECTION not in text and f"（{ORIGINAL}）" in text
    assert all("草稿" in page for page in page_texts_pdfium(doc.built.data))
    with pytest.raises(BadInputError) as err:
        exports.finish(demo_vault, doc, tmp_path / "draft.pdf", sign=True)
    assert "签发" in err.value.zh and not (tmp_path / "draft.pdf").exists()


def test_an_issued_notice_exports_the_same_text_whatever_happens_to_its_findings(demo_vault, tmp_path):
    with demo_vault.session() as s:
        original = _original(s)
        first, second = (f.id for f in _its_findings(s, original))
        original_id = original.id
    before = exports.prepare_notice(demo_vault, original_id)
    text = _text(before, tmp_path)
    assert before.title == f"整改通知书 {ORIGINAL} · 晋城市卫生健康委员会" and not before.reason

    with demo_vault.session() as s:  # the rectification goes on: every status step, a closure and a reopening
        findings.change_status(s, first, FindingStatus.REPORTED)
        findings.change_status(s, first, FindingStatus.VERIFIED)
        findings.change_status(s, first, FindingStatus.CLOSED)
        with pytest.raises(FrozenError) as err:  # the issue's first report: closed, then its requirement edited
            findings.update_finding(s, first, {"rectification_requirement": "另行要求"})
        assert ORIGINAL in err.value.zh and "更正通知" in err.value.zh
        findings.change_status(s, first, FindingStatus.REOPENED, reason="复查发现未落实", deadline=date(2027, 3, 1))
        findings.change_status(s, second, FindingStatus.RECTIFYING)
        s.commit()
    again = exports.prepare_notice(demo_vault, original_id)
    assert _text(again, tmp_path) == text

    with demo_vault.session() as s:  # corrected: the findings now say something else; the original does not
        _correct(s)
        s.commit()
        assert s.get(Finding, first).rectification_requirement == REQUIREMENT
    after = exports.prepare_notice(demo_vault, original_id)
    assert _text(after, tmp_path) == text
    assert after.title == before.title and after.filename == before.filename
    assert REQUIREMENT not in squashed(text)


def test_prepare_a_correction_names_it_and_signs_it_as_one(demo_vault, tmp_path):
    with demo_vault.session() as s:
        correction_id = _correct(s).id
        s.commit()
    doc = exports.prepare_notice(demo_vault, correction_id)
    assert not doc.draft and doc.kind == "notice"
    assert doc.title == f"更正通知 {CORRECTION}（更正 {ORIGINAL}）· 晋城市卫生健康委员会"
    assert doc.filename == f"更正通知-{CORRECTION}-晋城市卫生健康委员会.pdf"
    result = exports.finish(demo_vault, doc, tmp_path / doc.filename, sign=True)
    (sig,) = open_pdf(result.path.read_bytes()).embedded_signatures
    assert str(sig.sig_object["/Reason"]) == "签发整改通知书更正通知"
    with demo_vault.session() as s:
        (row,) = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == correction_id)).all()
        assert row.kind == "notice" and row.sha256 == result.sha256 and not row.superseded_by


# ---- `inspector verify` on what was replaced since --------------------------------------------------------


@pytest.fixture
def cli_vault(demo_env, demo_vault_path):
    """The command line works on this test's demo vault; the test opens it in between (``with_vault``)."""

    def with_vault(fn):
        vault = Vault.open(demo_vault_path, passphrase=PASSPHRASE)
        try:
            with vault.session() as s:
                out = fn(s)
                s.commit()
                return out
        finally:
            vault.close()

    return with_vault


def test_verify_says_a_notice_was_corrected(run, cli_vault, tmp_path):
    original_id = cli_vault(lambda s: _original(s).id)
    signed = tmp_path / "notice.pdf"
    code, _, err = run("export", "notice", "--notice", original_id, "--out", signed, "--sign")
    assert code == 0, err
    code, text, _ = run("verify", signed)
    assert code == 0 and "更正" not in text

    correction_id = cli_vault(lambda s: _correct(s).id)
    code, text, err = run("verify", signed)
    assert code == ExitCode.OK, err  # still a valid signature over what was issued (docs/CLI.md: exit 0)
    assert f"注意：该整改通知书已被 {CORRECTION} 更正" in text and "已不是现行文本" in text
    assert f"corrected by {CORRECTION}" in text and "验证通过" in text
    code, text, _ = run("verify", signed, "--json")
    report = json.loads(text)
    assert code == 0 and report["ok"]
    assert report["superseded_by"] == CORRECTION and report["superseded_kind"] == "notice"
    assert report["issued"]["superseded_by"] == CORRECTION and report["issued"]["ref_id"] == original_id

    # the original exported again after the correction: the same text, and just as corrected
    again = tmp_path / "notice-again.pdf"
    code, _, err = run("export", "notice", "--notice", original_id, "--out", again, "--sign")
    assert code == 0, err
    assert _unstamped(pdf_text(again.read_bytes(), tmp_path)) == _unstamped(pdf_text(signed.read_bytes(), tmp_path))
    code, text, _ = run("verify", again, "--json")
    assert code == 0 and json.loads(text)["superseded_by"] == CORRECTION
    rows = cli_vault(lambda s: [(r.superseded_by, bool(r.superseded_at)) for r in s.exec(
        select(IssuedDocument).where(IssuedDocument.ref_id == original_id)).all()])
    assert rows == [(CORRECTION, True), (CORRECTION, True)]

    # the correction itself stands, and a second inspector's countersignature keeps saying what it is
    own = tmp_path / "correction.pdf"
    code, _, err = run("export", "notice", "--notice", correction_id, "--out", own, "--sign")
    assert code == 0, err
    code, text, _ = run("verify", own)
    assert code == 0 and "已不是现行文本" not in text and "整改通知书更正通知" in squashed(pdf_text(own.read_bytes(),
                                                                                                tmp_path))
    both = tmp_path / "notice-countersigned.pdf"
    code, _, err = run("sign", signed, "--out", both)
    assert code == 0, err
    code, text, _ = run("verify", both, "--json")
    assert code == 0 and json.loads(text)["superseded_by"] == CORRECTION


def test_verify_says_a_record_was_superseded_by_a_corrected_version(run, cli_vault, tmp_path):
    inspection_id = cli_vault(lambda s: s.exec(select(Inspection).where(
        Inspection.status == InspectionStatus.COMPLETED)).one().id)
    signed = tmp_path / "record.pdf"
    code, _, err = run("export", "record", "--inspection", inspection_id, "--out", signed, "--sign")
    assert code == 0, err
    cli_vault(lambda s: reopen_inspection(s, inspection_id, "补录检查项 3-13 的情况记录"))

    code, text, err = run("verify", signed)
    assert code == ExitCode.OK, err
    assert "注意：该现场检查记录已被更正版取代（第 1 次更正，" in text
    assert "superseded by a corrected version (correction 1, " in text
    code, text, _ = run("verify", signed, "--json")
    report = json.loads(text)
    assert report["ok"] and report["superseded_by"] == "更正版（第 1 次更正）" and report["superseded_kind"] == "record"

    corrected = tmp_path / "record-corrected.pdf"
    code, _, err = run("export", "record", "--inspection", inspection_id, "--out", corrected, "--sign")
    assert code == 0, err
    assert "政务数据安全现场检查记录（更正版）" in squashed(pdf_text(corrected.read_bytes(), tmp_path))
    code, text, _ = run("verify", corrected, "--json")
    assert code == 0 and json.loads(text)["superseded_by"] == ""


def test_export_notice_takes_a_notice_or_a_department(run, cli_vault, tmp_path):
    code, _, err = run("export", "notice", "--out", tmp_path / "x.pdf")
    assert code == ExitCode.USAGE and "--notice" in err
    code, _, err = run("export", "notice", "--notice", "no-such-notice", "--out", tmp_path / "x.pdf")
    assert code == ExitCode.BAD_INPUT and not (tmp_path / "x.pdf").exists()

    # after a correction, the department's notice is still the notice; the 更正通知 is exported by its id
    department, plan, correction_id = cli_vault(lambda s: (_original(s).department_id, _original(s).plan_id,
                                                           _correct(s).id))
    for args, title, number in ((("--department", department, "--plan", plan), "政务数据安全整改通知书", ORIGINAL),
                                (("--department", department), "政务数据安全整改通知书", ORIGINAL),
                                (("--notice", correction_id), "整改通知书更正通知", CORRECTION)):
        out = tmp_path / f"{number}.pdf"
        code, text, err = run("export", "notice", *args, "--out", out, "--json")
        assert code == 0 and json.loads(text)["recorded"], err
        head = squashed(pdf_text(out.read_bytes(), tmp_path, page=1))
        assert head.startswith(f"晋城市大数据应用局文件{number}{title}"), args
    assert cli_vault(lambda s: NoticeStatus(_original(s).status)) is NoticeStatus.ISSUED


@pytest.mark.parametrize("reason_lines", range(0, 9))
def test_the_changes_heading_never_stands_alone_at_the_foot_of_a_page(tmp_path, reason_lines):
    """Whatever the reason's length pushes the table to, 一、更正事项 is on the page where the table starts
    (a row is never split, so a tall first row used to leave the heading alone above an empty half page)."""
    from inspector.documents.notice import NoticeData

    long_new = "六十日内制定书面数据备份与恢复策略，明确备份范围、频率和异地保存要求，并完成一次恢复演练，提交演练记录。"
    data = NoticeData(number=CORRECTION, year=2026, organisation="晋城市大数据应用局", department="晋城市卫生健康委员会",
                      plan_title="", issued_on=date(2026, 11, 20), deadline=date(2026, 12, 31), findings=[],
                      draft=False, corrects_number=ORIGINAL, correction_reason=REASON + "。补充说明。" * 6 * reason_lines,
                      changes=[("未制定数据备份与恢复策略", "整改要求", "按照细则要求完成整改，并提交整改报告及佐证材料。",
                                long_new), ("未制定数据备份与恢复策略", "整改期限", "2026年12月31日", "2027年1月31日")])
    built = build_notice(data)
    pages = [squashed(pdf_text(built.data, tmp_path, page=n)) for n in range(1, built.pages + 1)]
    heading = next(n for n, text in enumerate(pages) if "一、更正事项" in text)
    table = next(n for n, text in enumerate(pages) if "原内容" in text)
    assert heading == table, pages
