"""What every 公文 shares (inspector.documents.official), on real PDFs read by poppler: the 署名 block under
the seal box, 附件说明, 附注, the 版记 at the foot of the last page; the notice built with them; the office's
seal as the signature's appearance."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from datetime import date

import pytest
from sqlmodel import select

from inspector.documents import layout as L
from inspector.documents.flowables import SlotCollector
from inspector.documents.fonts import faces as load_faces
from inspector.documents.notice import build_notice
from inspector.documents.official import (
    ISSUER_SEAL,
    SIGNED_NOTE,
    Colophon,
    closing,
    colophon_block,
    colophon_for,
)
from inspector.errors import BadInputError
from inspector.model import Finding, FindingStatus, NoticeStatus, RectificationNotice
from inspector.services import colophons, documents, exports, rectification, seal, settings
from inspector.signing.pades import add_signature_fields, sign_pdf
from tests.signing_helpers import make_pdf, pdfsig, red_pixels, two_signers, two_slots
from tests.test_documents_layout import assert_fonts_embedded, font_rows, pdf_text, render_count, squashed, words
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

PAGE_H = 841.89
TYPE_BOTTOM = PAGE_H - 35 * 72 / 25.4  # the type area's lower edge, from the top (pdftotext's y)
COLOPHON = Colophon(cc=("市委网信办", "市公安局"), printer="晋城市大数据应用局", printed_on=date(2026, 11, 3),
                    contact="张三", phone="0356-1234567")


def _document(paragraphs: int, colophon: Colophon = COLOPHON, attachments=("相关条款原文",), chars: int = 60):
    faces = load_faces()
    st = L.make_styles(faces)
    collector = SlotCollector()
    story = [L.p("晋城市卫生健康委员会：", st.plain)]
    story += [L.p(f"第{n + 1}段。" + "正文内容" * (chars // 4), st.body) for n in range(paragraphs)]
    story += closing(collector, faces, st, organisation="晋城市大数据应用局", date_text="2026年11月3日",
                     attachments=list(attachments), colophon=colophon)
    story.append(colophon_block(colophon, faces, st))
    return L.build(story, faces, collector, title="测试公文")


def test_fonts_text_and_the_colophon_at_the_foot_of_the_last_page(tmp_path):
    built = _document(3, attachments=("相关条款原文", "整改情况报告表"))
    assert render_count(built.data, tmp_path) == built.pages == 1
    rows = assert_fonts_embedded(built.data, tmp_path)
    assert any("ZhuqueFangsong" in row["name"] for row in rows)  # the body's FangSong
    assert not any("Helvetica" in row["name"] for row in rows)
    text = squashed(pdf_text(built.data, tmp_path))
    for needle in ("抄送：市委网信办，市公安局。", "晋城市大数据应用局", "2026年11月3日印发",
                   "（联系人：张三，电话：0356-1234567）", "附件：1．相关条款原文", "2．整改情况报告表"):
        assert needle in text, needle
    assert squashed(SIGNED_NOTE) in text  # the signature's details are in the PDF, not in the body
    page = words(built.data, tmp_path, 1)
    (printed,) = [w for w in page if w[4] == "2026年11月3日印发"]
    (cc,) = [w for w in page if w[4].startswith("抄送")]
    assert TYPE_BOTTOM - 30 < printed[3] < TYPE_BOTTOM  # the last line: on the type area's bottom edge
    assert cc[3] < printed[1]  # 抄送 above 印发
    assert abs(printed[2] - (79.37 + 442.2 - 14)) < 2  # 印发日期 右空一字 (4号)
    printer = [w for w in page if w[4] == "晋城市大数据应用局" and w[1] > cc[1]]
    assert printer and abs(printer[0][0] - (79.37 + 14)) < 2  # 印发机关 左空一字
    # the 附注 under the date, 居左空二字
    (note,) = [w for w in page if w[4].startswith("（联系人")]
    (dated,) = [w for w in page if w[4] == "2026年11月3日"]
    assert note[1] > dated[3] and abs(note[0] - (79.37 + 32)) < 2
    # one seal slot, 42 mm square
    (slot,) = built.slots
    assert slot.name == ISSUER_SEAL[0] and abs((slot.box[2] - slot.box[0]) - 119.06) < 0.1


def test_separator_lines_thick_thin_thick_as_wide_as_the_type_area(tmp_path):
    """Rendered at 600 dpi: down a column near the type area's right edge (no text there) the 版记 shows three
    rules, 0.35 mm, 0.25 mm, 0.35 mm thick; they reach both edges of the type area and no further."""
    from PIL import Image

    built = _document(1)
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(built.data)
    subprocess.run(["pdftoppm", "-r", "600", "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / "hi")],
                   check=True)
    img = Image.open(tmp_path / "hi.png").convert("L")
    k = 600 / 72

    top = int((TYPE_BOTTOM - 110) * k)  # below the body, the seal and the 附注 of this short document

    def runs(x_pt: float, top: int = top) -> list[tuple[int, int]]:
        column = [img.getpixel((int(x_pt * k), y)) for y in range(top, img.height)]
        found, start = [], None
        for y, value in enumerate(column + [255], start=top):
            if value < 128 and start is None:
                start = y
            elif value >= 128 and start is not None:
                found.append((start, y - start))
                start = None
        return found

    rules = runs(79.37 + 442.2 - 3)
    assert [round(h / k / (72 / 25.4), 2) for _, h in rules] == pytest.approx([0.35, 0.25, 0.35], abs=0.04)
    assert abs(rules[-1][0] + rules[-1][1] - TYPE_BOTTOM * k) < 2  # the last one lies on the type area's edge
    below_note = rules[0][0] - 2  # the small line about the signature starts at the left edge above the rules
    assert len(runs(79.37 + 1.5, below_note)) == 3
    assert runs(79.37 - 1.5, below_note) == [] and runs(79.37 + 442.2 + 1.5, below_note) == []


def test_no_cc_means_no_cc_line_and_a_draft_has_no_print_date(tmp_path):
    built = _document(1, Colophon(printer="晋城市大数据应用局"), attachments=())
    text = squashed(pdf_text(built.data, tmp_path))
    assert "抄送" not in text and "附件" not in text and "联系人" not in text
    assert "年月日印发" in text and squashed(SIGNED_NOTE) not in text  # a draft: not dated, not signed


@pytest.mark.parametrize("paragraphs", range(2, 9))
def test_the_colophon_never_overlaps_text(tmp_path, paragraphs):
    """Whatever the body's length, the 版记 stays below everything on its page, or goes to the next one."""
    built = _document(paragraphs, chars=112)
    last = built.pages
    page = words(built.data, tmp_path, last)
    (cc,) = [w for w in page if w[4].startswith("抄送")]
    note_top = min(w[1] for w in page if w[4].startswith("本件经数字签名"))
    colophon = {"PDF", "文件的签名信息，可用", "inspector", "verify", "核验。", "2026年11月3日印发", "—", str(last)}
    printer = max((w for w in page if w[4] == "晋城市大数据应用局"), key=lambda w: w[1])
    body = [w for w in page if w is not printer and w is not cc and w[4] not in colophon
            and not w[4].startswith("本件经数字签名")]
    assert body and max(w[3] for w in body) <= note_top, paragraphs  # everything else lies above the 版记
    assert cc[3] < TYPE_BOTTOM
    for p in range(1, last):  # nothing of the 版记 on an earlier page
        assert "印发" not in pdf_text(built.data, tmp_path, p)


def test_colophon_for_lays_a_documents_values_over_the_settings(vault):
    with vault.session() as s:
        settings.put(s, settings.DOC_CC, "市委网信办，市公安局、市委网信办")
        settings.put(s, settings.DOC_CONTACT, "王芳")
        settings.put(s, settings.DOC_PHONE, "0356-2029876")
        assert settings.get(s, settings.DOC_CC) == "市委网信办、市公安局"  # normalised, repeats dropped
        org = settings.get(s, settings.ORG_NAME)
        assert colophon_for(s, {}, printed_on=None) == Colophon(cc=("市委网信办", "市公安局"), printer=org,
                                                                contact="王芳", phone="0356-2029876")
        own = colophon_for(s, {"cc": [], "printer": "", "contact": "李明"}, printed_on=date(2026, 11, 3))
        assert own == Colophon(cc=(), printer=org, printed_on=date(2026, 11, 3), contact="李明",
                               phone="0356-2029876")
        with pytest.raises(BadInputError, match="一行"):
            settings.put(s, settings.DOC_CONTACT, "王芳\n李明")


# ---- the notice -----------------------------------------------------------------------------------


def _draft(s) -> RectificationNotice:
    drafts = s.exec(select(Finding).where(Finding.status == FindingStatus.DRAFT)).all()
    drafts[0].articles = [23, 9, 21]
    s.flush()
    return rectification.create_draft(s, drafts[0].department_id, [drafts[0].id], deadline=date(2099, 1, 31),
                                      today=date(2026, 11, 24))


def test_the_notice_lists_articles_ascending_and_paraphrases_art_32(demo_vault, tmp_path):
    with demo_vault.session() as s:
        data = documents.notice_data(s, _draft(s).id)
    assert [n for n, _ in data.findings[0].articles] == [9, 21, 23]
    # an old frozen notice listing them out of order prints them in order too
    shuffled = dataclasses.replace(data.findings[0], articles=list(reversed(data.findings[0].articles)))
    built = build_notice(dataclasses.replace(data, findings=[shuffled]))
    text = squashed(pdf_text(built.data, tmp_path))
    table = text[text.index("一、存在的问题"):text.index("二、整改期限")]
    assert table.index("第九条") < table.index("第二十一条") < table.index("第二十三条")
    appendix = text[text.index("相关条款原文（摘自"):]
    order = [appendix.index(f"第{n}条") for n in ("九", "二十一", "二十三", "三十二")]
    assert order == sorted(order)
    assert "第三十二条的规定" in text and "现将检查发现的问题及整改要求通知如下：" in text
    assert "依照该条第（三）项" not in text  # art. 32 is not quoted at length in the opening
    assert "严重程度：" in text and "问题等级" not in text
    for needle in ("抄送：市委网信办，市公安局。", "年月日印发", "（联系人：王芳，电话：0356-2029876）"):
        assert needle in text, needle


def test_a_draft_notice_takes_its_own_colophon_and_an_issued_one_is_frozen(demo_vault, tmp_path):
    with demo_vault.session() as s:
        notice_id = _draft(s).id
        s.commit()
    with demo_vault.session() as s:
        shown = colophons.notice_values(s, notice_id)
        assert (shown.cc, shown.contact) == ("市委网信办、市公安局", "王芳")
        with pytest.raises(BadInputError) as refused:
            colophons.set_notice(s, notice_id, {"cc": "市委网信办", "contact": "李明\n王芳"})
        assert refused.value.field == "contact"
        colophons.set_notice(s, notice_id, {"cc": "市国家保密局", "contact": "李明", "phone": "0356-1111111"})
        s.commit()
    with demo_vault.session() as s:
        data = documents.notice_data(s, notice_id)
        assert data.colophon.cc == ("市国家保密局",) and data.colophon.contact == "李明"
        rectification.issue(s, notice_id, issued_on=date(2026, 11, 25))
        s.commit()
    with demo_vault.session() as s:
        settings.put(s, settings.DOC_CC, "另一个机关")  # later defaults change nothing issued
        s.commit()
        with pytest.raises(BadInputError, match="已签发"):
            colophons.set_notice(s, notice_id, {"cc": "别的"})
        frozen = documents.notice_data(s, notice_id)
    assert frozen.colophon.cc == ("市国家保密局",) and frozen.colophon.printed_on == date(2026, 11, 25)
    text = squashed(pdf_text(build_notice(frozen).data, tmp_path))
    assert "抄送：市国家保密局。" in text and "2026年11月25日印发" in text and "（联系人：李明，电话：0356-1111111）" in text


def _issued_id(vault) -> str:
    with vault.session() as s:
        return s.exec(select(RectificationNotice.id).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()


@pytest.mark.parametrize("with_seal", [True, False])
def test_the_signed_notice_shows_the_seal_where_the_signature_is(demo_vault, tmp_path, run, demo_env, with_seal):
    if not with_seal:
        with demo_vault.session() as s:
            assert seal.remove(s)
            s.commit()
    doc = exports.prepare_notice(demo_vault, _issued_id(demo_vault))
    out = tmp_path / "notice.pdf"
    exports.finish(demo_vault, doc, out, sign=True)
    assert render_count(out.read_bytes(), tmp_path) == doc.built.pages
    report = pdfsig(out)
    assert "Signature Field Name: issuer-1" in report and report.count("Signature is Valid.") == 1, report
    for row in font_rows(out.read_bytes(), tmp_path):
        assert row["emb"] == "yes" and row["sub"] == "yes" and "Helvetica" not in row["name"]
    box = next(s for s in doc.built.slots if s.name == "issuer-1")
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", "-f", str(box.page + 1), "-l", str(box.page + 1),
                    str(out), str(tmp_path / "page")], check=True)
    red = red_pixels(tmp_path / "page.png", box.box)
    if with_seal:
        assert red > 1500  # the seal: ring, star, name
        assert b"/BM /Multiply" in out.read_bytes()  # stamp ink: the 署名 and date under it stay readable
    else:
        assert 30 < red < 600  # the signer and time, small, in seal red
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "证书指纹：" not in text and "签名时间：" not in text  # no technical box in the body
    code, answer, err = run("verify", out, "--json")
    assert code == 0 and json.loads(answer)["ok"], answer + err


def test_only_the_office_seal_field_shows_the_seal(vault, tmp_path):
    from inspector.services.demo import demo_seal

    me, _ = two_signers(vault)
    built = make_pdf(two_slots(me.inspector_id))
    pdf = add_signature_fields(built.data, built.slots)
    png = demo_seal("晋城市大数据应用局")
    inspector_signed = sign_pdf(pdf, me, seal=png)  # the inspector's own field: the text stamp, never the seal
    assert b"/SMask" not in inspector_signed[len(pdf):]
    both = sign_pdf(inspector_signed, me, field="issuer-1", seal=png)
    assert b"/SMask" in both[len(inspector_signed):]  # the seal picture with its transparency
    path = tmp_path / "both.pdf"
    path.write_bytes(both)
    assert pdfsig(path).count("Signature is Valid.") == 2
