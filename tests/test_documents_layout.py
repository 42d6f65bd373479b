"""The page, fonts and flowables of the official documents, judged by poppler's tools.

Also home of the small poppler helpers the other ``test_documents_*`` files import.
"""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from inspector.documents import cjk, fonts
from inspector.documents import layout as L
from inspector.documents.flowables import SignatureSlotFlowable, SlotCollector

STANDARD_14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


# ---- poppler helpers ---------------------------------------------------------------------------


def _run(args: list[str], data: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    pdf = tmp_path / name
    pdf.write_bytes(data)
    return subprocess.run([*args, str(pdf)] if args[0] != "pdftotext" else [*args, str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


def font_rows(data: bytes, tmp_path: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, emb, sub."""
    out = _run(["pdffonts"], data, tmp_path).splitlines()
    assert out[1].startswith("----"), out
    rows = []
    for line in out[2:]:
        cols = line.split()
        # name type... encoding emb sub uni object-id gen: read from the right
        rows.append({"name": cols[0], "emb": cols[-5], "sub": cols[-4]})
    return rows


def assert_fonts_embedded(data: bytes, tmp_path: Path) -> list[dict[str, str]]:
    rows = font_rows(data, tmp_path)
    assert rows, "a document without fonts cannot show text"
    for row in rows:
        assert row["emb"] == "yes" and row["sub"] == "yes", row
        assert not any(std in row["name"] for std in STANDARD_14), row
        assert re.match(r"^[A-Z]{6}\+", row["name"]), row  # a subset tag
    return rows


def render_count(data: bytes, tmp_path: Path, dpi: int = 50) -> int:
    """Render every page with pdftoppm; the number of PNGs it wrote."""
    out = tmp_path / "png"
    out.mkdir(exist_ok=True)
    pdf = tmp_path / "render.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / "p")], check=True, capture_output=True)
    pngs = list(out.glob("p-*.png"))
    assert all(p.stat().st_size > 1000 for p in pngs)
    return len(pngs)


def pdf_text(data: bytes, tmp_path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return _run(args, data, tmp_path)


def squashed(text: str) -> str:
    """Text without any whitespace, so line breaks inside a phrase do not matter."""
    return re.sub(r"\s+", "", text)


def flowing_text(data: bytes, tmp_path: Path) -> str:
    """The whole text squashed, page numbers taken out, so a paragraph split across pages reads as one."""
    lines = pdf_text(data, tmp_path).splitlines()
    return squashed("".join(ln for ln in lines if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", ln)))


def page_texts_pdfium(data: bytes) -> list[str]:
    """Each page's text as PDFium reads it (it also reads rotated text such as a watermark)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def words(data: bytes, tmp_path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """``(x_min, y_min, x_max, y_max, word)`` of one page (1-based), y from the top, from ``pdftotext -bbox``."""
    html = _run(["pdftotext", "-enc", "UTF-8", "-bbox", "-f", str(page), "-l", str(page)], data, tmp_path)
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, html)]


def page_count(data: bytes, tmp_path: Path) -> int:
    info = _run(["pdfinfo"], data, tmp_path)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def assert_flat(data: bytes) -> None:
    for marker in (b"/JavaScript", b"/JS ", b"/AcroForm", b"/Annots", b"/OpenAction", b"/Launch"):
        assert marker not in data, marker


# ---- the tests ---------------------------------------------------------------------------------


def _two_page_doc(collector: SlotCollector, *, slot_in_table: bool = True):
    faces = fonts.faces()
    st = L.make_styles(faces)
    slot = SignatureSlotFlowable(collector, "inspector-x", "检查人员：测试", 150, 50, inspector_id="x")
    story = [L.p("第一页，正文。" * 10, st.body), PageBreak(), Spacer(1, 100)]
    if slot_in_table:
        table = Table([[L.p("检查人员", st.cell), slot]], colWidths=[100, 200])
        table.setStyle(L.table_style(faces, header_rows=0))
        story.append(table)
    else:
        story.append(slot)
    return L.build(story, faces, collector, title="测试")


def test_page_numbers_odd_right_even_left_in_our_own_embedded_font(tmp_path):
    built = _two_page_doc(SlotCollector())
    assert built.pages == 2 == page_count(built.data, tmp_path)
    assert_fonts_embedded(built.data, tmp_path)
    assert render_count(built.data, tmp_path) == 2
    for page, number in ((1, "1"), (2, "2")):
        hits = [w for w in words(built.data, tmp_path, page) if w[4] == number and w[1] > 700]
        assert len(hits) == 1, hits
        x_min, y_min, x_max, _, _ = hits[0]
        # GB/T 9704 7.5: top edge 7 mm below the type area, odd right / even left, one 4号 character in
        assert y_min == pytest.approx(L.PAGE_H - L.BOTTOM + 7 * mm, abs=1.5)
        if page == 1:
            assert L.LEFT + L.BODY_W - 60 < x_max < L.LEFT + L.BODY_W - 14
        else:
            assert L.LEFT + 14 < x_min < L.LEFT + 60
    assert "— 1 —".replace(" ", "") in squashed(pdf_text(built.data, tmp_path, 1))


def test_slot_records_its_absolute_box_even_inside_a_table(tmp_path):
    collector = SlotCollector()
    built = _two_page_doc(collector)
    (slot,) = built.slots
    assert (slot.name, slot.page, slot.label, slot.inspector_id) == ("inspector-x", 1, "检查人员：测试", "x")
    x1, y1, x2, y2 = slot.box
    assert (x2 - x1, y2 - y1) == pytest.approx((150, 50), abs=0.01)
    assert L.LEFT + 100 <= x1 and x2 <= L.LEFT + L.BODY_W and L.BOTTOM <= y1 < y2 <= L.PAGE_H - L.TOP
    # the dashed frame is drawn exactly there: pixels on the box edge are ink, the middle is white
    from PIL import Image

    pdf = tmp_path / "slot.pdf"
    pdf.write_bytes(built.data)
    subprocess.run(["pdftoppm", "-r", "72", "-f", "2", "-l", "2", "-png", str(pdf), str(tmp_path / "s")], check=True)
    img = Image.open(next(tmp_path.glob("s-*.png"))).convert("L")
    top = L.PAGE_H - y2

    def inked(xs, ys) -> bool:
        return any(img.getpixel((int(x), int(y))) < 235 for x in xs for y in ys)

    mid_x, mid_y = (x1 + x2) / 2, top + (y2 - y1) / 2
    assert inked([mid_x + d for d in range(-3, 4)], [top - 1, top, top + 1])            # top edge
    assert inked([x1 - 1, x1, x1 + 1], [mid_y + d for d in range(-3, 4)])               # left edge
    assert not inked([mid_x + d for d in range(-10, 11)], [mid_y + d for d in range(-10, 11)])


def test_a_slot_name_cannot_be_placed_twice():
    collector = SlotCollector()
    faces = fonts.faces()
    slots = [SignatureSlotFlowable(collector, "issuer-1", "签发", 100, 40) for _ in range(2)]
    with pytest.raises(ValueError, match="issuer-1"):
        L.build(slots, faces, collector, title="x")


def test_no_line_starts_with_chinese_punctuation(tmp_path):
    """ReportLab alone would start lines with ，and ：; cjk.install() adds them to its kinsoku list."""
    faces = fonts.faces()
    st = L.make_styles(faces)
    text = "检查发现，存在问题：" * 30 + "数据安全，责任到人；" * 20
    built = L.build([Paragraph(text, st.body), Paragraph(text, st.cell)], faces, SlotCollector(), title="x")
    lines = [ln.strip() for ln in pdf_text(built.data, tmp_path).splitlines()
             if ln.strip() and not re.fullmatch(r"—\s*\d+\s*—", ln.strip())]  # not the page numbers
    assert len(lines) > 20
    bad = [ln for ln in lines if ln[0] in cjk.CHINESE_CANNOT_START]
    assert not bad, bad


def test_justified_chinese_lines_fill_the_type_area(tmp_path):
    faces = fonts.faces()
    st = L.make_styles(faces)
    text = "根据《晋城市政务数据安全实施细则》（晋市政办〔2024〕4号）第三十二条规定，" * 6
    built = L.build([Paragraph(text, st.body)], faces, SlotCollector(), title="x")
    lines: dict[float, float] = {}
    for x_min, y_min, x_max, _, _ in words(built.data, tmp_path, 1):
        if y_min < L.PAGE_H - L.BOTTOM:  # not the page number
            lines[round(y_min)] = max(lines.get(round(y_min), 0), x_max)
    right_edges = [lines[y] for y in sorted(lines)][:-1]  # every line but the last is justified
    assert len(right_edges) >= 4
    for edge in right_edges:
        assert edge == pytest.approx(L.LEFT + L.BODY_W, abs=1.0)


def test_dates_are_written_the_official_way_in_china_time():
    assert L.cn_date(date(2026, 11, 24)) == "2026年11月24日"
    assert L.cn_date(date(2026, 1, 5)) == "2026年1月5日"
    # 17:30 UTC is 01:30 the next day in Beijing
    assert L.cn_datetime(datetime(2026, 10, 28, 17, 30, tzinfo=UTC)) == "2026年10月29日 01:30"
    assert L.cn_date(datetime(2026, 10, 28, 17, 30, tzinfo=UTC)) == "2026年10月29日"


def test_kai_is_found_in_font_folders_and_absent_means_the_fangsong(tmp_path):
    assert fonts.find_kai([tmp_path]) is None
    nested = tmp_path / "truetype" / "founder"
    nested.mkdir(parents=True)
    (nested / "STKaiti-Regular.ttf").write_bytes(b"not really a font")
    assert fonts.find_kai([tmp_path / "missing", tmp_path]) == nested / "STKaiti-Regular.ttf"
    (tmp_path / "simkai.ttf").write_bytes(b"x")
    assert fonts.find_kai([tmp_path]) == tmp_path / "simkai.ttf"
    faces = fonts.faces()
    assert (faces.body, faces.heading, faces.title) == (fonts.FANGSONG, fonts.SANS, fonts.SERIF_BOLD)
    assert faces.heading2 in (fonts.KAI, fonts.FANGSONG)


def test_a_character_the_fangsong_lacks_is_set_in_the_fallback_face():
    rare = "\u4e02"  # not in the FangSong, in Noto Sans SC
    assert fonts.missing("\u674e" + rare) == {rare}
    assert fonts.face_for("\u674e" + rare, fonts.FANGSONG) == fonts.SANS
    assert fonts.face_for("\u674e", fonts.FANGSONG) == fonts.FANGSONG
    assert L.text("a<b" + rare) == f"a&lt;b<font name='{fonts.SANS}'>{rare}</font>"
    assert L.text("\u674e\n") == "\u674e<br/>"


def _line_texts(para) -> list[str]:
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        return ["".join(words) for _, words in lines]
    return ["".join(w.text for w in line.words if isinstance(getattr(w, "text", None), str)) for line in lines]


def test_no_line_starts_with_closing_marks_or_ends_with_an_opening_one():
    """ReportLab hangs one closing mark in the margin; the second of ``），`` then started the next line."""
    from reportlab.lib.textsplit import ALL_CANNOT_START
    from reportlab.platypus import Paragraph

    from inspector.documents.linebreak import CANNOT_END

    st = L.make_styles(fonts.faces())
    seen = 0
    for pad in range(0, 40):
        for markup in (False, True):
            head = "\u7532" * pad  # 甲…
            body = "\u5411\u4f60\u5355\u4f4d\u5370\u53d1\u300a\u6574\u6539\u901a\u77e5\u4e66\u300b\uff08\u6587\u53f7" \
                   "\u3014\u0032\u0030\u0032\u0036\u3015\u0031\u53f7\uff09\uff0c\u5217\u660e\u95ee\u9898\u3002\u201c" \
                   "\u68c0\u67e5\u201d\u3002"  # 向你单位印发《整改通知书》（文号〔2026〕1号），列明问题。“检查”。
            text = ("<b>\u7532</b>" if markup else "") + head + body * 3
            para = Paragraph(text, st.body)
            para.wrap(L.BODY_W, 10_000)
            lines = _line_texts(para)
            for before, line in zip(lines, lines[1:]):
                assert line[:1] not in ALL_CANNOT_START or not line, (before, line)
                assert before[-1:] not in CANNOT_END, (before, line)
            seen += len(lines)
    assert seen > 200


def test_chinese_quotation_marks_are_a_full_em_wide():
    quoted = "\u201c\u68c0\u67e5\u201d"  # “检查”
    assert L.text(quoted) == f"<font name='{fonts.SANS}'>\u201c</font>\u68c0\u67e5<font name='{fonts.SANS}'>\u201d</font>"
