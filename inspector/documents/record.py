"""现场检查记录: the on-site inspection record (art. 32 (3)) the team and the department sign.

Department, dates and team; the verdicts per art. 31 section; every item's
verdict and notes (and which items were recorded 未检查 at completion); the
findings with their art. 33 escalations and evidence thumbnails; photos taken
on site; 检查小结; the department representative's drawn signature — or why
there is none (拒绝签字/不在场), or that it no longer holds because the content
changed after signing; one signature slot per inspector; and an appendix
listing every evidence file with its SHA-256, so the record names exactly the
files it rests on (chain of custody). A record exported after the inspection
was reopened says at its top that it is a corrected version (更正版), when and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reportlab.platypus import LongTable, Paragraph, Spacer

from inspector import regulation
from inspector.documents import layout as L
from inspector.documents import record_parts as parts
from inspector.documents.flowables import SlotCollector
from inspector.documents.fonts import faces as load_faces
from inspector.documents.slots import BuiltPdf
from inspector.documents.thumbs import Thumbnail
from inspector.progress import CancelToken, ProgressFn, check, no_progress

TITLE = "政务数据安全现场检查记录"
TITLE_REINSPECTION = "政务数据安全现场复查记录"
VERDICTS = ("符合", "部分符合", "不符合", "不适用")
UNCHECKED = "未检查"
CORRECTED = "（更正版）"


@dataclass(frozen=True)
class MemberRow:
    id: str
    name: str
    badge: str
    role: str
    """组长 or 组员."""


@dataclass(frozen=True)
class SectionSummary:
    """Verdict counts for one of the nine contents of art. 31."""

    number: int
    clause: str
    title: str
    counts: dict[str, int]
    """符合 / 部分符合 / 不符合 / 不适用 / 未检查 → number of items."""


@dataclass(frozen=True)
class ItemRow:
    section_no: int
    code: str
    title: str
    verdict: str
    """The Chinese verdict, or 未检查."""
    notes: str = ""


@dataclass(frozen=True)
class FindingBlock:
    """A finding as the on-site record states it: what the representative's signature attests
    (:data:`inspector.lifecycle.RECORD_FIELDS`). The rectification requirement and deadline are the notice's."""

    no: int
    title: str
    severity: str
    articles: list[tuple[int, str]]
    description: str = ""
    opinion: str = ""
    item_code: str = ""
    escalate_secrecy: bool = False
    escalate_police: bool = False
    thumbnails: list[Thumbnail] = field(default_factory=list)
    escalations: list[tuple[str, str, str]] = field(default_factory=list)
    """Art. 33 records: (what 失泄密隐患/违法行为, state 待报告/已移送…, to whom · when · reference)."""


@dataclass(frozen=True)
class EvidenceRow:
    filename: str
    owner: str
    """What the file belongs to: ``检查项 3-05``, ``问题 2``, ``单位代表签名``."""
    size: int
    sha256: str
    caption: str = ""
    """What the inspector wrote about it (printed under the file name)."""


@dataclass(frozen=True)
class ReinspectedFinding:
    """One finding of the re-inspected notice, and what the re-inspection found of it."""

    title: str
    item_code: str        # "" when the finding names no checklist item
    verdict: str          # 符合 / 部分符合 / 不符合 / 不适用 / 未检查 / —
    opinion: str          # 已整改到位 / 未整改到位 / …


@dataclass(frozen=True)
class Reinspection:
    """What a 现场复查记录 adds: the notice it re-inspects and each of its findings."""

    notice_number: str
    notice_issued: str    # the notice's date, in Chinese
    findings: list[ReinspectedFinding]


@dataclass(frozen=True)
class RecordData:
    department: str
    plan_title: str
    location: str
    started_at: datetime | None
    ended_at: datetime | None
    team: list[MemberRow]
    sections: list[SectionSummary]
    items: list[ItemRow]
    findings: list[FindingBlock]
    evidence: list[EvidenceRow]
    organisation: str = ""
    summary: str = ""
    photos: list[Thumbnail] = field(default_factory=list)
    """Images attached to checklist items (findings carry their own)."""
    rep_name: str = ""
    rep_title: str = ""
    rep_signature_png: bytes | None = None
    rep_signed_at: datetime | None = None
    signature_void: bool = False
    """The representative signed, but the content changed since: the signature is not printed, only that it is void."""
    rep_not_signed: str = ""
    """Why there is no signature (拒绝签字 / 不在场), recorded at completion."""
    rep_not_signed_note: str = ""
    unchecked: list[str] = field(default_factory=list)
    """Item codes recorded as 未检查 at completion."""
    correction_no: int = 0
    """Above 0: a corrected version (更正版) after the inspection was reopened this many times."""
    corrected_at: datetime | None = None
    correction_reason: str = ""
    reinspection: Reinspection | None = None
    """Set for a re-inspection (复查) of a rectification notice."""
    checklist: str = ""
    """The checklist version it was made under (name, version, label), for ever."""


def _info_table(data: RecordData, st: L.Styles) -> LongTable:
    reg = regulation.regulation()
    when = L.cn_datetime(data.started_at)
    if data.ended_at:
        same_day = data.started_at and L.cn_date(data.started_at) == L.cn_date(data.ended_at)
        when += f" 至 {L.cn_datetime(data.ended_at)[-5:] if same_day else L.cn_datetime(data.ended_at)}"
    team = "\n".join(f"{m.name}（{m.role}，执法证号 {m.badge}）" if m.badge else f"{m.name}（{m.role}）"
                    for m in data.team)
    rows = [("被检查单位", data.department), ("检查方案", data.plan_title), ("检查单位", data.organisation),
            ("检查依据", f"《{reg['title']}》（{reg['doc_number']}）第三十一条、第三十二条第（三）项"),
            ("检查地点", data.location), ("检查时间", when or "—"), ("检查人员", team or "—")]
    if data.checklist:
        rows.insert(4, ("检查清单", data.checklist))
    if data.reinspection is not None:
        re = data.reinspection
        rows[3] = ("复查依据", f"《{reg['title']}》（{reg['doc_number']}）第三十二条第（四）项；"
                           f"整改通知书{re.notice_number}（{re.notice_issued}）")
        rows[-2] = ("复查时间", when or "—")
        rows[-1] = ("复查人员", team or "—")
    table = LongTable([[Paragraph(k, st.cell_head), L.p(v or "—", st.cell)] for k, v in rows],
                      colWidths=[0.2 * L.BODY_W, 0.8 * L.BODY_W])
    style = L.table_style(load_faces(), header_rows=0)
    style += [("BACKGROUND", (0, 0), (0, -1), L.HEAD_FILL), ("VALIGN", (0, 0), (0, -1), "MIDDLE")]
    table.setStyle(style)
    return table


def _summary_table(data: RecordData, st: L.Styles) -> LongTable:
    cols = (*VERDICTS, UNCHECKED)
    head = [Paragraph(h, st.small_head) for h in ("序号", "检查内容（第三十一条）", *cols)]
    rows = [head]
    totals = dict.fromkeys(cols, 0)
    for s in data.sections:
        rows.append([Paragraph(s.clause or str(s.number), st.small_center), L.p(s.title, st.small)]
                    + [Paragraph(str(s.counts.get(c, 0)), st.small_center) for c in cols])
        for c in cols:
            totals[c] += s.counts.get(c, 0)
    rows.append([Paragraph("", st.small), Paragraph("合计", st.small_head)]
                + [Paragraph(str(totals[c]), st.small_head) for c in cols])
    num = 0.075
    table = LongTable(rows, colWidths=[w * L.BODY_W for w in (0.07, 0.93 - 5 * num, *[num] * 5)], repeatRows=1)
    style = L.table_style(load_faces()) + [("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                                            ("BACKGROUND", (0, -1), (-1, -1), L.HEAD_FILL)]
    table.setStyle(style)
    return table


def build_record(data: RecordData, *, progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> BuiltPdf:
    """The record as an unsigned, flat PDF with one slot ``inspector-<id>`` per team member."""
    faces = load_faces()
    st = L.make_styles(faces)
    collector = SlotCollector()
    progress(0, 4, "排版")
    title = f"{TITLE if data.reinspection is None else TITLE_REINSPECTION}{CORRECTED if data.correction_no else ''}"
    story: list = [L.p(title, st.title)]
    if data.correction_no:  # said before anything else, so no reader takes it for the version it replaces
        story += [Spacer(1, L.LINE * 0.3), parts.correction_box(data, st), Spacer(1, L.LINE * 0.4)]
    else:
        story.append(Spacer(1, L.LINE * 0.6))
    story += [_info_table(data, st),
              Spacer(1, L.LINE * 0.5), L.p("一、检查情况汇总", st.heading_flush), _summary_table(data, st),
              Spacer(1, L.LINE * 0.5), L.p("二、检查项目及结论", st.heading_flush), parts.items_table(data, st)]
    story += parts.unchecked_note(data, st)
    n = 3
    if data.reinspection is not None:
        story += [Spacer(1, L.LINE * 0.5),
                  L.p(f"{regulation.chinese_number(n)}、整改通知书所列问题复查情况", st.heading_flush),
                  parts.reinspection_table(data.reinspection, st)]
        n += 1
    if data.findings:
        story += [Spacer(1, L.LINE * 0.5), L.p(f"{regulation.chinese_number(n)}、发现的问题", st.heading_flush)]
        for f in data.findings:
            story += parts.finding_story(f, st)
        n += 1
    if data.photos:
        story += [Spacer(1, L.LINE * 0.5), L.p(f"{regulation.chinese_number(n)}、现场证据照片", st.heading_flush),
                  parts.photo_grid(data.photos, st)]
        n += 1
    story += [Spacer(1, L.LINE * 0.5), L.p(f"{regulation.chinese_number(n)}、检查小结", st.heading_flush),
              L.p(data.summary or "（无）", st.body)]
    n += 1
    story += parts.signatures(data, st, collector, f"{regulation.chinese_number(n)}、签字确认")
    story += parts.evidence_appendix(data, st)
    check(cancel)
    progress(1, 4, "排版")

    def on_page(page: int) -> None:
        check(cancel)  # raising here abandons the build; nothing was written anywhere

    built = L.build(story, faces, collector, title=f"{title} {data.department}", subject=data.department,
                    on_page=on_page)
    progress(4, 4, "")
    return built
