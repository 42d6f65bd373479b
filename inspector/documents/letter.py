"""A letter (检查通知, 整改复查意见书, 督办通知, the art. 33 letters) as a GB/T 9704 公文.

Red 版头 with the 发文字号 (as the notice), title, 主送机关, the body from the letter's content (paragraphs,
黑体 first-level and 楷体 second-level headings, tables that split by row with their head repeated), then the
closing (附件说明, 署名 and 成文日期 under the seal, 附注), an appendix with the text of the cited articles in
ascending order when there are any, and the 版记 last. The content is a
:data:`~inspector.services.letter_spec.LetterContent` dict; nothing here reads the vault.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, LongTable, PageBreak, Paragraph, Spacer

from inspector import regulation
from inspector.documents import layout as L
from inspector.documents import official
from inspector.documents.flowables import SlotCollector
from inspector.documents.fonts import Faces
from inspector.documents.fonts import faces as load_faces
from inspector.documents.slots import BuiltPdf

DRAFT_NUMBER = "（草稿，未编号）"
APPENDIX = "相关条款原文"
TABLE_ROOM = L.LINE + 90
"""Room a table's heading, head row and first row need at the foot of a page; less moves them on."""


def _table(block: dict[str, Any], faces: Faces, st: L.Styles) -> LongTable:
    headers = [str(h) for h in block.get("headers") or []]
    rows = [[str(c) for c in row] for row in block.get("rows") or []]
    columns = max([len(headers), *(len(r) for r in rows)] or [1])
    widths = list(block.get("widths") or [])
    if len(widths) != columns or not all(isinstance(w, (int, float)) and w > 0 for w in widths):
        widths = [1.0 / columns] * columns
    total = sum(widths)
    centred = {n for n, h in enumerate(headers) if h in ("序号", "编号")}
    data = []
    if headers:
        data.append([Paragraph(L.text(h), st.cell_head) for h in headers])
    for row in rows:
        row = row + [""] * (columns - len(row))
        data.append([L.p(cell, st.cell_center if n in centred else st.cell) for n, cell in enumerate(row)])
    if not data:
        data = [[""] * columns]
    table = LongTable(data, colWidths=[w / total * L.BODY_W for w in widths], repeatRows=1 if headers else 0,
                      splitByRow=1)
    style = L.table_style(faces)
    if not headers:  # no shaded, middle-aligned head row
        style = [s for s in style if s[0] != "BACKGROUND" and s[-1] != "MIDDLE"]
    table.setStyle(style)
    return table


def body(content: dict[str, Any], faces: Faces, st: L.Styles) -> list:
    """The blocks of the content as flowables."""
    story: list = []
    blocks = list(content.get("blocks") or [])
    flat_heading = ParagraphStyle("letter_heading_before_table", parent=st.heading, keepWithNext=0, spaceAfter=4)
    for n, block in enumerate(blocks):
        kind = block.get("kind")
        following = blocks[n + 1].get("kind") if n + 1 < len(blocks) else None
        if kind == "p":
            story.append(L.p(str(block.get("text") or ""), st.body))
        elif kind in ("h1", "h2"):
            if following == "table":  # a heading on a table: both move on when the table cannot start here
                story.append(CondPageBreak(TABLE_ROOM))
                style = flat_heading if kind == "h1" else ParagraphStyle(
                    "letter_heading2_before_table", parent=st.heading2, keepWithNext=0, spaceAfter=4)
            else:
                style = st.heading if kind == "h1" else st.heading2
            story.append(L.p(str(block.get("text") or ""), style))
        elif kind == "chart":  # a chart specification (charts.to_dict), drawn as the screen draws it
            from inspector.documents import charts

            story.append(CondPageBreak(TABLE_ROOM))
            story.append(Spacer(1, 2))
            story.append(charts.drawing(charts.from_dict(dict(block.get("spec") or {})), max_width=L.BODY_W))
            story.append(Spacer(1, L.LINE * 0.4))
        elif kind == "table":
            if n == 0 or blocks[n - 1].get("kind") not in ("h1", "h2"):
                story.append(CondPageBreak(TABLE_ROOM - L.LINE))
            story.append(Spacer(1, 2))
            story.append(_table(block, faces, st))
            story.append(Spacer(1, L.LINE * 0.4))
    return story


def cited(content: dict[str, Any]) -> list[int]:
    """The articles the letter cites, ascending, each once (unknown numbers left out)."""
    out = set()
    for n in content.get("articles") or []:
        try:
            regulation.article(int(n))
        except (KeyError, ValueError, TypeError):
            continue
        out.add(int(n))
    return sorted(out)


def appendix(articles: list[int], label: str, faces: Faces, st: L.Styles) -> list:
    """附件 相关条款原文: the text of each cited article, in ascending order."""
    reg = regulation.regulation()
    story = [PageBreak(), L.p(label, st.heading_flush), Spacer(1, L.LINE),
             L.p(APPENDIX, st.title), L.p(f"（摘自《{reg['title']}》）", st.subtitle), Spacer(1, L.LINE * 0.5)]
    for n in articles:
        lines = (regulation.article(n).text or "").split("\n")
        story.append(Paragraph(f"<font name='{faces.heading}'>第{regulation.chinese_number(n)}条</font>"
                               f"　{L.text(lines[0])}", st.body))
        story += [L.p(line, st.body) for line in lines[1:] if line.strip()]
    return story


def build_letter(content: dict[str, Any], *, number: str, draft: bool, organisation: str,
                 issued_on: date | None, colophon: official.Colophon) -> BuiltPdf:
    """The letter as an unsigned, flat PDF with the seal slot ``issuer-1`` over 署名 and 成文日期."""
    faces = load_faces()
    st = L.make_styles(faces)
    collector = SlotCollector()
    title = str(content.get("title") or "")
    shown_number = DRAFT_NUMBER if draft or not number else number
    story: list = official.head(faces, st, organisation=organisation, number=shown_number, title=title)
    addressee = str(content.get("addressee") or "").strip()
    if addressee:
        story.append(L.p(f"{addressee}：", st.plain))
    story += body(content, faces, st)
    articles = cited(content)
    attachments = [str(a) for a in content.get("attachments") or [] if str(a).strip()]
    if articles:
        attachments.append(APPENDIX)
    date_text = L.cn_date(issued_on) if issued_on and not draft else "　　年　月　日"
    story += official.closing(collector, faces, st, organisation=organisation, date_text=date_text,
                              attachments=attachments, colophon=colophon)
    if articles:
        label = "附件" if len(attachments) == 1 else f"附件{len(attachments)}"
        story += appendix(articles, label, faces, st)
    story.append(official.colophon_block(colophon, faces, st))
    label = "草稿" if draft else number
    return L.build(story, faces, collector, title=f"{title} {label}".strip(), subject=addressee,
                   watermark="草稿" if draft else None)
