"""Parts of the inspection record: the item table, findings, photo grids, signatures, evidence list."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.platypus import (
    Image,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from inspector import regulation
from inspector.documents import layout as L
from inspector.documents.flowables import (
    JpegImage,
    SignatureSlotFlowable,
    SlotCollector,
)
from inspector.documents.fonts import faces as load_faces
from inspector.documents.thumbs import Thumbnail

if TYPE_CHECKING:
    from inspector.documents.record import FindingBlock, RecordData

PHOTO_MAX_H = 165.0
SLOT_W, SLOT_H = 170.0, 52.0
REP_SIG_MAX_W, REP_SIG_MAX_H = 190.0, 52.0


def items_table(data: RecordData, st: L.Styles) -> LongTable:
    """Every checklist item by art. 31 section: code, item, verdict, notes; header repeated on each page."""
    rows = [[Paragraph(h, st.cell_head) for h in ("编号", "检查项", "结论", "情况记录")]]
    section_rows = []
    titles = {s.number: f"{s.clause}{s.title}" for s in data.sections}
    current = None
    for item in data.items:
        if item.section_no != current:
            current = item.section_no
            section_rows.append(len(rows))
            rows.append([L.p(titles.get(current, str(current)), st.small), "", "", ""])
        verdict = L.text(item.verdict)
        if item.verdict in ("不符合", "部分符合"):
            verdict = f"<b>{verdict}</b>"
        rows.append([Paragraph(L.text(item.code), st.small_center), L.p(item.title, st.small),
                     Paragraph(verdict, st.small_center), L.p(item.notes, st.small)])
    table = LongTable(rows, colWidths=[w * L.BODY_W for w in (0.1, 0.44, 0.13, 0.33)], repeatRows=1)
    style = L.table_style(load_faces())
    for r in section_rows:
        style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), L.Color(0.97, 0.97, 0.97))]
    table.setStyle(style)
    return table


def reinspection_table(re, st: L.Styles) -> LongTable:
    """A 复查记录's table: each finding of the notice, its item, the re-inspection's verdict and opinion."""
    rows = [[Paragraph(h, st.cell_head) for h in ("序号", "整改通知书所列问题", "检查项", "复查结论", "复查意见")]]
    for n, f in enumerate(re.findings, start=1):
        rows.append([Paragraph(str(n), st.small_center), L.p(f.title, st.small),
                     Paragraph(L.text(f.item_code or "—"), st.small_center), Paragraph(L.text(f.verdict), st.small_center),
                     L.p(f.opinion, st.small)])
    table = LongTable(rows, colWidths=[w * L.BODY_W for w in (0.09, 0.41, 0.1, 0.13, 0.27)], repeatRows=1)
    table.setStyle(L.table_style(load_faces()) + [("VALIGN", (0, 1), (-1, -1), "MIDDLE")])
    return table


def _articles(articles: list[tuple[int, str]], st: L.Styles) -> list[Paragraph]:
    """Each article and each of its clauses its own paragraph: a ``<br/>`` after a line filled to the
    edge would leave an empty line."""
    out = []
    for n, body in sorted(articles):
        first, *rest = (body or "").split("\n")
        out.append(Paragraph(f"<b>第{regulation.chinese_number(n)}条</b>　{L.text(first)}", st.small))
        out += [L.p(line, st.small) for line in rest if line.strip()]
    return out or [Paragraph("—", st.small)]


def escalation_lines(f: FindingBlock) -> list[str]:
    """What art. 33 asks of the finding: each escalation record with its state; the bare flags for a finding
    recorded before escalations were records."""
    if f.escalations:
        return [L.escalation_text(*e) for e in f.escalations]
    return [t for on, t in ((f.escalate_secrecy, "涉及失泄密隐患，向保密主管部门报告"),
                            (f.escalate_police, "存在违法行为，立即制止并提请公安机关依法查处")) if on]


def finding_story(f: FindingBlock, st: L.Styles) -> list:
    """One finding as found on site: what, where, which articles (with their text), the handling opinion, its
    art. 33 escalations, the evidence. What must be done by when is the notice's (not attested on site)."""
    rows: list[tuple[str, str | list]] = [
        ("严重程度", L.text(f.severity)), ("对应检查项", L.text(f.item_code) or "—"),
        ("违反条款", _articles(f.articles, st)), ("问题描述", L.text(f.description) or "—")]
    if f.opinion:
        rows.append(("处理意见", L.text(f.opinion)))
    escalations = escalation_lines(f)
    if escalations:
        rows.append(("第三十三条", [L.p(line, st.small) for line in escalations]))
    table = Table([[Paragraph(k, st.cell_head), v if isinstance(v, list) else Paragraph(v, st.small)]
                   for k, v in rows],
                  colWidths=[0.18 * L.BODY_W, 0.82 * L.BODY_W])
    style = L.table_style(load_faces(), header_rows=0)
    style += [("BACKGROUND", (0, 0), (0, -1), L.HEAD_FILL), ("VALIGN", (0, 0), (0, -1), "MIDDLE")]
    table.setStyle(style)
    out = [L.p(f"问题{f.no}：{f.title}", st.subheading), table]
    if f.thumbnails:
        out += [Spacer(1, 6), photo_grid(f.thumbnails, st)]
    out.append(Spacer(1, 10))
    return out


def correction_box(data: RecordData, st: L.Styles) -> Table:
    """Under the title of a corrected version: that it is one, which correction, when the inspection was
    reopened and why; it replaces every record of this inspection exported before."""
    when = f"更正时间：{L.cn_datetime(data.corrected_at)}。" if data.corrected_at else ""
    line = (f"<b>更正版（第 {data.correction_no} 次更正）</b>：本记录取代此前出具的本次检查现场检查记录。"
            f"{when}更正原因：{L.text(L.sentence(data.correction_reason)) or '—'}")
    box = Table([[Paragraph(line, st.small)]], colWidths=[L.BODY_W])
    box.setStyle([("BOX", (0, 0), (-1, -1), 1.2, L.RED), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                  ("RIGHTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 3),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("FONTNAME", (0, 0), (-1, -1), load_faces().body)])
    return box


def unchecked_note(data: RecordData, st: L.Styles) -> list:
    """The items answered nowhere, recorded as 未检查 when the inspection was completed (a decision, not a gap)."""
    if not data.unchecked:
        return []
    codes = "、".join(data.unchecked)
    return [Spacer(1, 4), L.p(f"注：完成检查时，以下 {len(data.unchecked)} 个检查项未作结论，经检查组确认记为"
                              f"“未检查”：{codes}。", st.cell)]


def _photo(t: Thumbnail, width: float) -> JpegImage:
    scale = min(width / t.width, PHOTO_MAX_H / t.height)
    return JpegImage(t.jpeg, t.width * scale, t.height * scale)


def photo_grid(thumbs: list[Thumbnail], st: L.Styles) -> Table:
    """Two thumbnails a row, each with its caption; a row never splits across pages."""
    cell_w = L.BODY_W / 2
    cells = [[_photo(t, cell_w - 12), L.p(t.caption or t.filename, st.small_center)] for t in thumbs]
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[cell_w, cell_w])
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), load_faces().body), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])
    return table


VOID_SIGNATURE = "单位代表签字后检查内容有变更，原签字已失效"


def _rep_signature(data: RecordData, st: L.Styles):
    """The drawn signature, only while it attests this content; else what there is instead, in words."""
    if data.rep_not_signed:  # recorded at completion: the latest word on the signature
        out = [Paragraph(f"<b>单位代表未签字：{L.text(data.rep_not_signed)}</b>", st.cell)]
        if data.rep_not_signed_note:
            out.append(L.p(f"说明：{data.rep_not_signed_note}", st.small))
        return out
    if data.signature_void:
        return [Paragraph(f"<b>{VOID_SIGNATURE}</b>", st.cell), L.p("（需重新签字）", st.small)]
    if not data.rep_signature_png:
        return L.p("（未签字）", st.cell)
    try:
        img = Image(io.BytesIO(data.rep_signature_png))
        w, h = img.imageWidth, img.imageHeight
        scale = min(REP_SIG_MAX_W / w, REP_SIG_MAX_H / h)
        img.drawWidth, img.drawHeight = w * scale, h * scale
        img.hAlign = "LEFT"
    except (OSError, ValueError):  # a damaged image must not stop the record; the appendix still lists its hash
        return L.p("（签名图像无法显示）", st.cell)
    return [img, L.p(f"签字时间：{L.cn_datetime(data.rep_signed_at)}", st.small)] if data.rep_signed_at else img


def signatures(data: RecordData, st: L.Styles, collector: SlotCollector, heading: str) -> list:
    """The department's representative (drawn signature) and one digital-signature slot per inspector."""
    rep = data.rep_name + (f"（{data.rep_title}）" if data.rep_title else "")
    rows = [[Paragraph(h, st.cell_head) for h in ("签字人", "姓名", "签名")],
            [Paragraph("被检查单位代表", st.cell_center), L.p(rep or "—", st.cell), _rep_signature(data, st)]]
    for m in data.team:
        slot = SignatureSlotFlowable(collector, f"inspector-{m.id}", f"检查人员：{m.name}", SLOT_W, SLOT_H,
                                     inspector_id=m.id)
        who = f"{L.text(m.name)}（{L.text(m.role)}）"
        if m.badge:
            who += f"<br/><font size='9'>执法证号 {L.text(m.badge)}</font>"
        rows.append([Paragraph("检查人员", st.cell_center), Paragraph(who, st.cell), slot])
    table = Table(rows, colWidths=[w * L.BODY_W for w in (0.24, 0.28, 0.48)])
    table.setStyle(L.table_style(load_faces()) + [("VALIGN", (0, 1), (1, -1), "MIDDLE")])
    return [Spacer(1, L.LINE * 0.5),
            KeepTogether([L.p(heading, st.heading_flush),
                          L.p("被检查单位对以上检查情况和发现的问题已知悉。检查人员以数字签名确认本记录。", st.body),
                          Spacer(1, 4), table])]


def evidence_appendix(data: RecordData, st: L.Styles) -> list:
    """附件: every evidence file with its size and SHA-256, so the record names exactly what it rests on."""
    out = [PageBreak(), L.p("附件", st.heading_flush), Spacer(1, L.LINE * 0.5), L.p("证据文件清单", st.title),
           L.p("（证据保管链：文件及其SHA-256校验值）", st.subtitle), Spacer(1, L.LINE * 0.5)]
    if not data.evidence:
        return out + [L.p("本次检查未采集证据文件。", st.body)]
    rows = [[Paragraph(h, st.cell_head) for h in ("序号", "文件名", "所属", "大小", "SHA-256")]]
    for n, e in enumerate(data.evidence, start=1):
        digest = f"{e.sha256[:32]}<br/>{e.sha256[32:]}"
        name = [L.p(e.filename, st.small), *([L.p(f"说明：{e.caption}", st.small)] if e.caption else [])]
        rows.append([Paragraph(str(n), st.small_center), name, L.p(e.owner, st.small),
                     Paragraph(L.size_text(e.size), st.small_center), Paragraph(digest, st.hash)])
    table = LongTable(rows, colWidths=[w * L.BODY_W for w in (0.08, 0.27, 0.16, 0.12, 0.37)], repeatRows=1)
    table.setStyle(L.table_style(load_faces()) + [("VALIGN", (0, 1), (-1, -1), "MIDDLE")])
    return out + [table]
