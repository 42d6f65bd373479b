"""Letters as documents (issue 16 §2, §3): the 检查通知 built from the demo vault, exported signed, registered and
read back as a reader would (poppler); the letter layout itself (tables across pages, articles ascending, the
draft). The four kinds of letter_kinds go through the same path in tests/test_letter_kinds_documents.py."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from inspector import regulation
from inspector.documents import official
from inspector.documents.letter import DRAFT_NUMBER, build_letter, cited
from inspector.errors import BadInputError
from inspector.model import IssuedDocument, Letter, Plan, PlanTarget
from inspector.services import exports, letter_exports, letters, settings
from inspector.vault import Vault
from tests.engines import verify_as_cli
from tests.signing_helpers import pdfsig
from tests.test_documents_layout import (
    assert_flat,
    assert_fonts_embedded,
    flowing_text,
    page_count,
    page_texts_pdfium,
    pdf_text,
    render_count,
    squashed,
)

CC = ["市委网信办", "市公安局"]
TODAY = date(2026, 12, 5)
SHOTS = Path("/tmp/shots/letters")


@pytest.fixture
def vault(demo_env, demo_either):
    """The demo data: this test's copy of the demo vault (the command line opens it too), then a hub's."""
    return demo_either


def _draft(vault: Vault, **kwargs) -> tuple[str, str]:
    """A 检查通知 for the plan's first scheduled department: (letter id, department name)."""
    with vault.session() as s:
        plan = s.exec(select(Plan)).first()
        target = s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan.id,
                                                 PlanTarget.scheduled_on.is_not(None))).first()
        kwargs.setdefault("fields", {"visit_from": (TODAY + timedelta(15)).isoformat(),
                                     "visit_to": (TODAY + timedelta(15)).isoformat(),
                                     "selfreport_due": (TODAY + timedelta(8)).isoformat()})
        letter = letters.create(s, "inspection_notice", plan_id=plan.id, department_id=target.department_id,
                                **kwargs)
        return letter.id, letters.letter_detail(s, letter.id).row.department


def _numbers(text: str) -> list[int]:
    """The article numbers of the appendix's article heads (第三十二条 …), in the order printed."""
    digits = "零一二三四五六七八九"

    def value(chinese: str) -> int:
        if "十" not in chinese:
            return digits.index(chinese)
        tens, _, ones = chinese.partition("十")
        return (digits.index(tens) if tens else 1) * 10 + (digits.index(ones) if ones else 0)

    return [value(m) for m in re.findall(r"第([一二三四五六七八九十]+)条", text)]


def test_every_kind_of_letter_has_its_document_test():
    """检查通知 here; the four kinds of letter_kinds in tests/test_letter_kinds_documents.py; the 检查情况通报 in
    tests/test_campaign_report.py."""
    assert set(letters.kinds()) == {"inspection_notice", "review", "urge", "secrecy_report", "police_referral",
                                    "campaign_report"}


def test_the_inspection_notice_exported_signed_reads_as_issued(vault, tmp_path, run):
    with vault.session() as s:
        settings.put(s, settings.DOC_CONTACT, "李明")
        settings.put(s, settings.DOC_PHONE, "0356-2021234")
    letter_id, department = _draft(vault, colophon={"cc": CC})
    with vault.session() as s:
        number = letters.issue(s, letter_id, issued_on=TODAY).number
    doc = letter_exports.prepare_letter(vault, letter_id)
    assert (doc.kind, doc.ref_id, doc.draft, doc.reason) == ("inspection_notice", letter_id, False, "签发检查通知")
    assert doc.title == f"检查通知 {number} · {department}" and doc.filename.endswith(".pdf")
    assert [slot.name for slot in doc.built.slots] == ["issuer-1"]
    out = tmp_path / doc.filename
    result = exports.finish(vault, doc, out, sign=True)
    assert result.recorded and result.signers
    data = out.read_bytes()

    rows = assert_fonts_embedded(data, tmp_path)
    assert any("ZhuqueFangsong" in r["name"] for r in rows), rows  # the body is the FangSong
    assert render_count(data, tmp_path) == page_count(data, tmp_path) >= 2
    text = flowing_text(data, tmp_path)
    for needle in (f"{vault_org(vault)}文件", number, "关于开展政务数据安全监督检查的通知", f"{department}：",
                   "第三十二条", "一、检查时间", "二、检查组", "执法证号", "三、需准备的材料", "四、自查要求",
                   "附件：1．政务数据安全自查表", "2．相关条款原文", "（联系人：李明，电话：0356-2021234）",
                   "抄送：" + "，".join(CC) + "。", "2026年12月5日印发"):
        assert squashed(needle) in text, needle
    appendix = text[text.rindex("相关条款原文"):]
    assert _numbers(appendix)[:1] == [32]
    # the 版记 is the last thing in the document, after the appendix
    assert text.rindex("抄送") > text.rindex("相关条款原文")

    report = pdfsig(out)
    assert report.count("Signature Validation: Signature is Valid.") == 1, report
    with vault.session() as s:
        row = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == letter_id)).one()
        assert (row.kind, row.sha256) == ("inspection_notice", result.sha256)
        assert s.get(Letter, letter_id).file_sha256 == result.sha256
    SHOTS.mkdir(parents=True, exist_ok=True)  # for looking at, not for the test
    shutil.copyfile(out, SHOTS / "inspection_notice.pdf")

    verdict, out_text = verify_as_cli(run, vault, out)
    assert verdict["ok"] and verdict["issued"]["kind"] == "inspection_notice"
    assert verdict["issued"]["ref_id"] == letter_id and verdict["issued"]["number"] == number
    assert "这正是检查通知" in out_text and "This is exactly the inspection notice" in out_text
    assert f"检查通知 {number}" in out_text and letter_id not in out_text  # named by its 文号, not an internal id


def vault_org(vault: Vault) -> str:
    with vault.session(read_only=True) as s:
        return settings.get(s, settings.ORG_NAME)


def test_a_reexport_prints_what_was_issued_not_todays_settings(vault, tmp_path):
    letter_id, _ = _draft(vault)
    with vault.session() as s:
        settings.put(s, settings.DOC_CC, "市委网信办、市公安局")
        letters.issue(s, letter_id, issued_on=TODAY)
    with vault.session() as s:
        settings.put(s, settings.DOC_CC, "市保密局")
        s.get(Plan, s.get(Letter, letter_id).plan_id).title = "改过的计划名称"
    doc = letter_exports.prepare_letter(vault, letter_id)
    text = flowing_text(doc.built.data, tmp_path)
    assert "抄送：市委网信办，市公安局。" in text and "市保密局" not in text and "改过的计划名称" not in text


def test_a_draft_is_watermarked_unnumbered_and_never_registered(vault, tmp_path):
    letter_id, _ = _draft(vault)
    doc = letter_exports.prepare_letter(vault, letter_id)
    assert doc.draft and "草稿" in doc.title
    assert any("草稿" in page for page in page_texts_pdfium(doc.built.data))
    assert squashed(DRAFT_NUMBER) in flowing_text(doc.built.data, tmp_path)
    assert "年月日印发" in flowing_text(doc.built.data, tmp_path)
    with pytest.raises(BadInputError) as refused:
        exports.finish(vault, doc, tmp_path / "signed.pdf", sign=True)
    assert "草稿" in refused.value.zh and not (tmp_path / "signed.pdf").exists()
    result = exports.finish(vault, doc, tmp_path / "draft.pdf")
    assert not result.recorded
    with vault.session() as s:
        assert s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == letter_id)).all() == []
    # an incomplete draft is not built at all: the dialog says what is missing instead
    with vault.session() as s:
        letters.update(s, letter_id, fields={"materials": ""})
    with pytest.raises(BadInputError) as refused:
        letter_exports.prepare_letter(vault, letter_id)
    assert refused.value.field == "materials"


def _colophon(**kw) -> official.Colophon:
    return official.Colophon(cc=tuple(CC), printer="晋城市大数据应用局", printed_on=TODAY, **kw)


def test_the_layout_long_tables_second_level_headings_and_articles_ascending(tmp_path):
    rows = [[str(n), f"第{n}项内容" * 3, "说明"] for n in range(1, 61)]
    content = {"title": "测试公文", "addressee": "晋城市民政局",
               "blocks": [{"kind": "p", "text": "正文第一段<b>不是标记</b>。"},
                          {"kind": "h1", "text": "一、表格"},
                          {"kind": "table", "headers": ["序号", "内容", "备注"], "rows": rows,
                           "widths": [0.1, 0.6, 0.3]},
                          {"kind": "h2", "text": "（一）第二级标题"},
                          {"kind": "p", "text": "末段。"}],
               "attachments": [], "articles": [35, 9, 33, 9, 999]}
    assert cited(content) == [9, 33, 35]  # ascending, once each, unknown numbers left out
    built = build_letter(content, number="晋数安检〔2026〕9号", draft=False, organisation="晋城市大数据应用局",
                         issued_on=TODAY, colophon=_colophon(contact="李明"))
    data = built.data
    assert_flat(data)
    assert_fonts_embedded(data, tmp_path)
    pages = page_count(data, tmp_path)
    assert pages >= 4 and render_count(data, tmp_path) == pages
    text = flowing_text(data, tmp_path)
    assert "正文第一段<b>不是标记</b>。" in text  # user text is text, never markup
    assert "附件：相关条款原文" in text and "（联系人：李明）" in text
    assert _numbers(text[text.rindex("相关条款原文"):]) == [9, 33, 35]
    # the table splits by row, its head repeated on each page it spans
    spanned = [n for n in range(1, pages + 1) if re.search(r"第\d+项内容", pdf_text(data, tmp_path, n))]
    assert len(spanned) >= 2
    for n in spanned:
        assert "序号" in pdf_text(data, tmp_path, n), n
    assert "（一）第二级标题" in text
    assert regulation.article(33).text.split("\n")[0][:10] in text


def test_a_letter_without_articles_or_attachments_has_no_appendix(tmp_path):
    content = {"title": "简短公文", "addressee": "晋城市民政局", "blocks": [{"kind": "p", "text": "特此函告。"}],
               "attachments": [], "articles": []}
    built = build_letter(content, number="晋数安检〔2026〕10号", draft=False, organisation="晋城市大数据应用局",
                         issued_on=TODAY, colophon=_colophon())
    text = flowing_text(built.data, tmp_path)
    assert "附件" not in text and "相关条款原文" not in text and "抄送" in text and "印发" in text
    assert page_count(built.data, tmp_path) == 1
