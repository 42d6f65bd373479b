"""The rectification notice (整改通知书), built from the demo vault and judged by poppler's tools."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlmodel import select

from inspector import regulation
from inspector.documents.notice import DRAFT_NUMBER, NoticeData, build_notice
from inspector.errors import NotFoundError
from inspector.model import (
    Department,
    Finding,
    FindingStatus,
    NoticeStatus,
    Plan,
    RectificationNotice,
)
from inspector.services import documents, rectification
from tests.engines import demo_on_both_engines  # noqa: F401
from tests.test_documents_layout import (
    assert_flat,
    assert_fonts_embedded,
    flowing_text,
    page_count,
    page_texts_pdfium,
    pdf_text,
    render_count,
    squashed,
    words,
)


def _issued(s) -> RectificationNotice:
    return s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()


def _draft_for_first_department(s) -> RectificationNotice:
    """The demo's three draft findings of 人社局 (one flagged 失泄密, two 重大) in a draft notice."""
    drafts = s.exec(select(Finding).where(Finding.status == FindingStatus.DRAFT)).all()
    assert len(drafts) == 3
    drafts[0].escalate_police = True
    s.flush()
    return rectification.create_draft(s, drafts[0].department_id, [f.id for f in drafts],
                                      deadline=date(2099, 1, 31), today=date(2026, 11, 24))


@pytest.fixture
def issued_data(demo_vault) -> NoticeData:
    with demo_vault.session() as s:
        return documents.notice_data(s, _issued(s).id)


def test_issued_notice_from_the_demo_vault(issued_data, demo_vault, tmp_path):
    data = issued_data
    assert not data.draft and data.number == "晋数安检〔2026〕1号"
    assert data.department == "晋城市卫生健康委员会" and data.organisation == "晋城市大数据应用局"
    assert [f.no for f in data.findings] == [1, 2] and data.inspected_on == [date(2026, 10, 29)]
    built = build_notice(data)

    assert built.pages == page_count(built.data, tmp_path) >= 2
    assert render_count(built.data, tmp_path) == built.pages
    assert_fonts_embedded(built.data, tmp_path)
    assert_flat(built.data)
    text = squashed(pdf_text(built.data, tmp_path))
    for needle in ("晋城市大数据应用局文件", "晋数安检〔2026〕1号", "政务数据安全整改通知书", "晋城市卫生健康委员会：",
                   "—1—", "—2—", "第三十二条", "书面报告", "2026年12月15日前", "2026年11月3日", "附件：相关条款原文",
                   "未制定数据备份与恢复策略", "年度数据安全培训未开展"):
        assert needle in text, needle
    # the application's word for it (严重程度), not another
    assert "严重程度：" in text and "问题等级" not in text
    # every cited article appears with its full text (in the appendix), and art. 32 (3)(4) in the body
    flowing = flowing_text(built.data, tmp_path)
    for finding in data.findings:
        for number, article_text in finding.articles:
            assert squashed(article_text) in flowing, number
    assert squashed(regulation.article(32).text.split("\n")[3][3:]) in flowing  # （三）实地检查。…
    assert DRAFT_NUMBER not in text and not any("草稿" in page for page in page_texts_pdfium(built.data))


def test_the_seal_box_sits_on_the_signature_and_date(issued_data, tmp_path):
    """GB/T 9704 7.3.5.1: 成文日期右空四字, 署名 centred over it, the seal (42 mm) centred on both with them a
    little below its centre, its top within one line of the 附件说明; a second signer's box to its left."""
    built = build_notice(issued_data)
    assert [s.name for s in built.slots] == ["issuer-1", "issuer-2"]
    one, two = built.slots
    assert one.page == two.page and one.inspector_id is None and one.label == "发文机关印章"
    page_words = words(built.data, tmp_path, one.page + 1)
    (date_word,) = [w for w in page_words if w[4] == "2026年11月3日"]
    (org_word,) = [w for w in page_words if w[4] == "晋城市大数据应用局"]
    (attachment,) = [w for w in page_words if w[4].startswith("附件")]
    page_h = 841.89
    x1, y1, x2, y2 = one.box
    assert abs((x2 - x1) - 42 * 72 / 25.4) < 0.1 and abs((y2 - y1) - 42 * 72 / 25.4) < 0.1  # a 42 mm seal
    # the date's right edge four characters (3号, 16 pt) in from the type area's
    assert abs((79.37 + 442.2 - 4 * 16) - date_word[2]) < 1.5
    # centred on the date and on the 署名
    date_mid, org_mid = (date_word[0] + date_word[2]) / 2, (org_word[0] + org_word[2]) / 2
    assert abs((x1 + x2) / 2 - date_mid) < 1 and abs(org_mid - date_mid) < 1
    # 署名 and 日期 inside the seal, "居印章中心偏下" (pdftotext's y grows downwards)
    seal_mid = page_h - (y1 + y2) / 2
    org_y, date_y = (org_word[1] + org_word[3]) / 2, (date_word[1] + date_word[3]) / 2
    assert seal_mid < org_y < seal_mid + 16 < date_y and date_word[3] < page_h - y1
    # the seal's top within one line (28.98 pt) below the 附件说明
    assert 0 <= (page_h - y2) - attachment[3] <= 28.98
    # the second signer to the left, vertically centred on the seal, no overlap, inside the type area
    assert two.box[2] < x1 and abs((two.box[1] + two.box[3]) / 2 - (y1 + y2) / 2) < 0.1 and two.box[0] >= 79


def test_fifty_findings_split_across_pages_with_the_header_repeated(issued_data, tmp_path):
    many = [dataclasses.replace(issued_data.findings[i % 2], no=i + 1) for i in range(50)]
    built = build_notice(dataclasses.replace(issued_data, findings=many))
    assert built.pages >= 5
    assert render_count(built.data, tmp_path) == built.pages
    assert_fonts_embedded(built.data, tmp_path)
    table_pages = 0
    for page in range(1, built.pages + 1):
        page_words = {w[4] for w in words(built.data, tmp_path, page)}
        if any(w.startswith("严重程度") for w in page_words):  # a page with finding rows carries the header
            table_pages += 1
            assert {"序号", "存在问题", "违反条款", "整改要求"} <= page_words, page
    assert table_pages >= 3
    numbers = {w[4] for p in range(1, built.pages + 1) for w in words(built.data, tmp_path, p)}
    assert {str(n) for n in range(1, 51)} <= numbers


def test_draft_has_no_number_a_watermark_and_art_33_wording(demo_vault, tmp_path):
    with demo_vault.session() as s:
        draft = _draft_for_first_department(s)
        data = documents.notice_data(s, draft.id)
        s.rollback()
    assert data.draft and data.number == "" and data.issued_on is None
    assert data.department == "晋城市人力资源和社会保障局"
    built = build_notice(data)
    assert_fonts_embedded(built.data, tmp_path)
    assert_flat(built.data)
    text = squashed(pdf_text(built.data, tmp_path))
    assert DRAFT_NUMBER in text and "晋数安检" not in text
    assert all("草稿" in page for page in page_texts_pdfium(built.data))  # the watermark, on every page
    # art. 33: 重大 → 限期整改, 失泄密 → 保密主管部门, 违法 → 公安机关; each naming its findings
    assert "属于重大安全隐患" in text and "涉及失泄密隐患，依照细则第三十三条" in text
    assert "保密主管部门报告" in text and "提请公安机关依法查处" in text
    assert squashed(regulation.article(33).text) in flowing_text(built.data, tmp_path)


def test_no_art_33_section_when_nothing_is_flagged(issued_data, tmp_path):
    assert not any(f.critical or f.escalate_secrecy or f.escalate_police for f in issued_data.findings)
    text = squashed(pdf_text(build_notice(issued_data).data, tmp_path))
    assert "三、其他事项" not in text and "公安机关" not in text


def test_find_notice_prefers_the_issued_one(demo_vault):
    with demo_vault.session() as s:
        issued = _issued(s)
        assert documents.find_notice(s, issued.department_id, issued.plan_id).id == issued.id
        assert documents.find_notice(s, issued.department_id, None).id == issued.id
        draft = _draft_for_first_department(s)
        assert documents.find_notice(s, draft.department_id, draft.plan_id).id == draft.id
        other = s.exec(select(Department).where(Department.name == "晋城市民政局")).one()
        plan = s.exec(select(Plan)).first()
        with pytest.raises(NotFoundError) as err:
            documents.find_notice(s, other.id, plan.id)
        assert "晋城市民政局" in err.value.zh and "no rectification notice" in err.value.en
        with pytest.raises(NotFoundError):
            documents.notice_data(s, "no-such-notice")
        s.rollback()


def test_an_unlawful_act_must_stop_at_once_and_each_escalation_is_printed(demo_vault, tmp_path):
    """Art. 33 on the notice: 立即停止 instead of a date for an unlawful act; each escalation as it stood at issue."""
    from datetime import UTC, datetime

    from inspector.model import EscalationKind
    from inspector.services import escalations, findings

    with demo_vault.session() as s:
        drafts = s.exec(select(Finding).where(Finding.status == FindingStatus.DRAFT)
                        .order_by(Finding.created_at)).all()
        findings.update_finding(s, drafts[0].id, {"escalate_police": True})
        referral = escalations.find(s, drafts[0].id, EscalationKind.POLICE)
        escalations.record_escalation(s, referral.id, authority="晋城市公安局网安支队", reference="晋公网移〔2026〕3号",
                                      done_at=datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
        notice = rectification.create_draft(s, drafts[0].department_id, [f.id for f in drafts],
                                            deadline=date(2027, 1, 31), today=date(2026, 11, 24))
        rectification.issue(s, notice.id, issued_on=date(2026, 11, 24))
        s.commit()
        data = documents.notice_data(s, notice.id)
        leak = next(f for f in drafts if f.escalate_secrecy)
    police = data.findings[0]
    assert police.immediate and police.escalations == [("违法行为", "已移送", "晋城市公安局网安支队 · 2026-11-20 · 晋公网移〔2026〕3号")]
    assert [f.immediate for f in data.findings[1:]] == [False, False]
    built = build_notice(data)
    assert_fonts_embedded(built.data, tmp_path)
    assert render_count(built.data, tmp_path) == built.pages
    flowing = flowing_text(built.data, tmp_path)
    cells = squashed("".join(page_texts_pdfium(built.data)))
    # the unlawful act's deadline is 立即停止, no date; the others keep theirs (2026-12-31, not the notice's)
    assert cells.count("整改期限：立即停止") == 1
    assert cells.count("整改期限：2026年12月31日") == 2 and cells.count("整改期限：") == 3
    assert "其中第1项问题涉及违法行为，相关行为应当立即停止。" in flowing
    # each escalation with its state, in the finding's row
    assert "违法行为：已移送晋城市公安局网安支队（2026-11-20，晋公网移〔2026〕3号）" in cells
    assert "失泄密隐患：待报告保密主管部门" in cells
    no = next(f.no for f in data.findings if f.title == leak.title)
    # and in 其他事项: the referral is done, the report to the secrecy authority still to come
    assert "第1项问题存在违法行为，依照细则第三十三条的规定，你单位应当立即停止相关行为，我局已提请公安机关依法查处。" in flowing
    assert f"第{no}项问题涉及失泄密隐患，依照细则第三十三条的规定，我局将向保密主管部门报告" in flowing
