"""整改通知书: the rectification notice a department receives after an inspection (art. 32 (3)(4)).

Laid out as a GB/T 9704 official document: red 版头 with the 文号, title,
addressee, body citing the regulation, a table of findings that splits across
pages with its header repeated, the deadline and the duty to report back, the
art. 33 escalation wording where flagged (an unlawful act: 立即停止, never a
day count; each escalation record as it stood when the notice was issued),
the closing of :mod:`inspector.documents.official` (附件说明, 署名 and 成文日期
under the seal box ``issuer-1``, 附注), an appendix with the text of every cited
article in ascending order, and the 版记 (抄送, 印发机关, 印发日期) at the foot of
the last page.

A 更正通知 is its own document in the same layout: its own number, the number of
the notice it corrects, the reason, and a table of what changed (as issued →
corrected).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    Spacer,
)

from inspector import regulation
from inspector.documents import layout as L
from inspector.documents.flowables import SlotCollector
from inspector.documents.fonts import faces as load_faces
from inspector.documents.notice_parts import numbers_text
from inspector.documents.official import ISSUER_SEAL, Colophon, closing, colophon_block, head
from inspector.documents.slots import BuiltPdf

TITLE = "政务数据安全整改通知书"
CORRECTION_TITLE = "整改通知书更正通知"
IMMEDIATE = "立即停止"
"""The deadline of an unlawful act (art. 33): at once, never a number of days."""
DRAFT_NUMBER = "（草稿，未编号）"
ISSUER_SLOTS = (ISSUER_SEAL, ("issuer-2", "签发人（二）"))
"""The office's seal (``issuer-1``) and, left of it, a second signer's stamp (a countersignature)."""
ATTACHMENT = "相关条款原文"


@dataclass(frozen=True)
class NoticeItem:
    """One finding as the notice states it."""

    no: int
    title: str
    problem: str
    articles: list[tuple[int, str]]
    """(article number, its text) for every article violated."""
    requirement: str
    severity: str = "一般"
    escalate_secrecy: bool = False
    escalate_police: bool = False
    deadline: date | None = None
    """Only printed when it differs from the notice's deadline."""
    critical: bool = False
    """A 重大 finding: art. 33 orders a rectification within a time limit."""
    immediate: bool = False
    """An unlawful act (art. 33): stopped at once, printed 立即 instead of a day count."""
    escalations: list[tuple[str, str, str]] = field(default_factory=list)
    """Art. 33 records: (what 失泄密隐患/违法行为, state 待报告/已移送…, to whom · when · reference)."""


@dataclass(frozen=True)
class NoticeData:
    number: str
    """The 文号 (``晋数安检〔2026〕7号``); empty for a draft."""
    year: int
    organisation: str
    department: str
    plan_title: str
    issued_on: date | None
    deadline: date | None
    findings: list[NoticeItem]
    draft: bool
    inspected_on: list[date] = field(default_factory=list)
    """The days of the on-site inspections the findings come from."""
    corrects_number: str = ""
    """A 更正通知: the number of the notice it corrects (its findings are the corrected ones)."""
    correction_reason: str = ""
    changes: list[tuple[str, str, str, str]] = field(default_factory=list)
    """A 更正通知's changes: (finding title, what 整改要求/整改期限…, as issued, corrected)."""
    colophon: Colophon | None = None
    """抄送, 印发机关, 联系人 and 电话 (frozen with the notice when it is issued); None: the organisation prints it,
    with nothing else (a notice issued before notices carried a 版记)."""
    checklist: str = ""
    """The checklist version the findings were found with ("" in notices issued before versions)."""


def articles_of(item: NoticeItem) -> list[tuple[int, str]]:
    """The finding's articles in ascending order, each once."""
    seen: dict[int, str] = {}
    for n, text in item.articles:
        seen.setdefault(n, text)
    return sorted(seen.items())


def colophon_of(data: NoticeData) -> Colophon:
    """The notice's 版记/附注: what it stores, the organisation printing it, dated the day it was issued."""
    c = data.colophon or Colophon()
    printed_on = data.issued_on if not data.draft else None
    return Colophon(cc=tuple(c.cc), printer=c.printer or data.organisation, printed_on=printed_on,
                    contact=c.contact, phone=c.phone)


def _body(data: NoticeData, st: L.Styles) -> list:
    reg = regulation.regulation()
    days = "、".join(L.cn_date(d) for d in sorted(set(data.inspected_on)))
    when = f"于{days}" if days else ""
    plan = f"，按照“{data.plan_title}”工作安排" if data.plan_title else ""
    checklist = f"，检查使用{data.checklist}" if data.checklist else ""
    story = [
        L.p(f"{data.department}：", st.plain),
        # art. 32 paraphrased in the register of a notice; its text is in the appendix
        L.p(f"根据《{reg['title']}》（{reg['doc_number']}）第三十二条的规定{plan}，我局会同有关部门{when}"
            f"对你单位开展了政务数据安全实地检查{checklist}。现将检查发现的问题及整改要求通知如下：", st.body),
        # the table may start on this page if its heading, header row and a first row fit; it is not
        # kept whole with the heading (keepWithNext), which would push a short table to the next page
        CondPageBreak(L.LINE + 130),
        L.p("一、存在的问题及整改要求", ParagraphStyle("table_heading", parent=st.heading, keepWithNext=0,
                                                       spaceAfter=4)),
        _findings_table(data, st),
        Spacer(1, L.LINE * 0.5),
        L.p("二、整改期限及报告要求", st.heading),
    ]
    deadline = L.cn_date(data.deadline) if data.deadline else "收到本通知书之日起30日内"
    immediate = [f.no for f in data.findings if f.immediate]
    story.append(L.p(
        f"请你单位高度重视，对照上述问题逐项制定整改措施，明确责任人和完成时限，于{deadline}前整改完毕。"
        + (f"其中第{numbers_text(immediate)}项问题涉及违法行为，相关行为应当{IMMEDIATE}。" if immediate else ""),
        st.body))
    story.append(L.p(
        f"整改完成后，请于{deadline}前将整改情况书面报告我局，逐项说明整改措施、完成时间，并附相关佐证材料。"
        "我局将对整改情况进行核查。", st.body))
    story += _escalations(data, st)
    return story


def _findings_table(data: NoticeData, st: L.Styles) -> LongTable:
    head = [Paragraph(h, st.cell_head) for h in ("序号", "存在问题", "违反条款", "整改要求")]
    rows = [head]
    for f in data.findings:
        # separate paragraphs, not <br/>: a line filled to the edge would leave an empty line before a break
        level = f"严重程度：{L.text(f.severity)}"
        flags = [t for on, t in ((f.escalate_secrecy, "涉及失泄密隐患"), (f.escalate_police, "存在违法行为")) if on]
        if flags:
            level += f"（{'；'.join(flags)}）"
        problem = [Paragraph(f"<b>{L.text(f.title)}</b>", st.cell), Paragraph(level, st.small)]
        if f.problem and f.problem != f.title:
            problem.append(L.p(f.problem, st.cell))
        articles = "<br/>".join(f"第{regulation.chinese_number(n)}条" for n, _ in articles_of(f)) or "—"
        requirement = [L.p(f.requirement or "按照细则要求完成整改。", st.cell)]
        if f.immediate:  # art. 33: an unlawful act stops at once, not within a number of days
            requirement.append(Paragraph(f"<b>整改期限：{IMMEDIATE}</b>", st.small))
        elif f.deadline and f.deadline != data.deadline:
            requirement.append(Paragraph(f"整改期限：{L.cn_date(f.deadline)}", st.small))
        requirement += [L.p(L.escalation_text(*e), st.small) for e in f.escalations]
        rows.append([Paragraph(str(f.no), st.cell_center), problem, Paragraph(articles, st.cell_center), requirement])
    widths = [0.08, 0.41, 0.16, 0.35]
    table = LongTable(rows, colWidths=[w * L.BODY_W for w in widths], repeatRows=1, splitByRow=1)
    table.setStyle(L.table_style(load_faces()))
    return table


def _escalated(f: NoticeItem, what: str) -> bool | None:
    """Whether the finding's ``what`` (失泄密隐患/违法行为) escalation was done when the notice was issued;
    None when the notice carries no record of it (only the flag)."""
    states = [state for kind, state, _ in f.escalations if kind == what]
    return not states[0].startswith("待") if states else None


def _escalations(data: NoticeData, st: L.Styles) -> list:
    """Art. 33: 重大隐患 → rectify within a time limit; 失泄密 → secrecy authority; 违法 → police.
    What was already reported or referred when the notice was issued is said to be done."""
    critical = [f.no for f in data.findings if f.critical]
    secrecy = [f for f in data.findings if f.escalate_secrecy]
    police = [f for f in data.findings if f.escalate_police]
    if not (critical or secrecy or police):
        return []
    out = [L.p("三、其他事项", st.heading)]
    if critical:
        out.append(L.p(f"第{numbers_text(critical)}项问题属于重大安全隐患，依照细则第三十三条的规定，"
                       "责令你单位限期整改，整改期间应当采取必要措施防止数据泄露、篡改和丢失。", st.body))
    for done in (True, False):
        nos = [f.no for f in secrecy if bool(_escalated(f, "失泄密隐患")) is done]
        if nos:
            act = "我局已向保密主管部门报告" if done else "我局将向保密主管部门报告"
            out.append(L.p(f"第{numbers_text(nos)}项问题涉及失泄密隐患，依照细则第三十三条的规定，"
                           f"{act}，请你单位积极配合调查处理。", st.body))
    for done in (True, False):
        nos = [f.no for f in police if bool(_escalated(f, "违法行为")) is done]
        if nos:
            act = "我局已提请公安机关依法查处" if done else "我局将提请公安机关依法查处"
            out.append(L.p(f"第{numbers_text(nos)}项问题存在违法行为，依照细则第三十三条的规定，"
                           f"你单位应当{IMMEDIATE}相关行为，{act}。", st.body))
    return out


def _appendix(data: NoticeData, st: L.Styles) -> list:
    cited: dict[int, str] = {}
    for f in data.findings:
        for n, t in articles_of(f):
            cited.setdefault(n, t)
    cited.setdefault(32, regulation.article(32).text)
    if any(f.critical or f.escalate_secrecy or f.escalate_police for f in data.findings):
        cited.setdefault(33, regulation.article(33).text)
    reg = regulation.regulation()
    story = [PageBreak(), L.p("附件", st.heading_flush), Spacer(1, L.LINE),
             L.p("相关条款原文", st.title), L.p(f"（摘自《{reg['title']}》）", st.subtitle),
             Spacer(1, L.LINE * 0.5)]
    for n in sorted(cited):
        lines = (cited[n] or "").split("\n")
        story.append(Paragraph(f"<font name='{load_faces().heading}'>第{regulation.chinese_number(n)}条</font>"
                               f"　{L.text(lines[0])}", st.body))
        story += [L.p(line, st.body) for line in lines[1:] if line.strip()]
    return story


def _correction_body(data: NoticeData, st: L.Styles) -> list:
    """A 更正通知: which notice, why, and each change (finding, what, as issued → corrected)."""
    story = [
        L.p(f"{data.department}：", st.plain),
        L.p(f"我局向你单位印发的《{TITLE}》（{data.corrects_number}）中，下列内容需要更正。"
            f"更正原因：{L.sentence(data.correction_reason) or '—'}", st.body),
        L.p("现将更正事项通知如下：", st.body),
        # the heading goes to the next page with the table when not even the table's first row fits under it
        # (a row is never split; the heading would stand alone above an empty half page)
        CondPageBreak(L.LINE + 8 + _first_row_height(data, st)),
        L.p("一、更正事项", ParagraphStyle("changes_heading", parent=st.heading, keepWithNext=0, spaceAfter=4)),
        _changes_table(data, st),
        Spacer(1, L.LINE * 0.5),
        L.p("二、其他事项", st.heading),
        L.p(f"除上述更正事项外，原通知书（{data.corrects_number}）其他内容不变，继续有效。请你单位按照更正后的"
            "要求落实整改，并按期书面报告整改情况。", st.body),
    ]
    return story


def _first_row_height(data: NoticeData, st: L.Styles) -> float:
    """The height of the changes table's head and first change, as laid out on the page."""
    first = _changes_table(NoticeData(**{**data.__dict__, "changes": data.changes[:1]}), st)
    return first.wrap(L.BODY_W, 10_000)[1]


def _changes_table(data: NoticeData, st: L.Styles) -> LongTable:
    head = [Paragraph(h, st.cell_head) for h in ("序号", "问题", "更正项目", "原内容", "更正为")]
    rows = [head]
    for n, (title, label, old, new) in enumerate(data.changes, start=1):
        rows.append([Paragraph(str(n), st.cell_center), L.p(title, st.cell), L.p(label, st.cell_center),
                     L.p(old, st.cell), Paragraph(f"<b>{L.text(new)}</b>", st.cell)])
    widths = [0.08, 0.24, 0.14, 0.27, 0.27]
    table = LongTable(rows, colWidths=[w * L.BODY_W for w in widths], repeatRows=1, splitByRow=1)
    table.setStyle(L.table_style(load_faces()))
    return table


def build_notice(data: NoticeData) -> BuiltPdf:
    """The notice as an unsigned, flat PDF with the seal slot ``issuer-1`` over 署名 and 日期 and ``issuer-2``
    to its left.

    A 更正通知 (``corrects_number``) is a document of its own in the same layout: its own number, the number
    of the notice it corrects, the reason and a table of the changes; no appendix."""
    faces = load_faces()
    st = L.make_styles(faces)
    collector = SlotCollector()
    correction = bool(data.corrects_number)
    title = CORRECTION_TITLE if correction else TITLE
    number = DRAFT_NUMBER if data.draft or not data.number else data.number
    story: list = head(faces, st, organisation=data.organisation, number=number, title=title)
    story += _correction_body(data, st) if correction else _body(data, st)
    issued = L.cn_date(data.issued_on) if data.issued_on and not data.draft else "　　年　月　日"
    colophon = colophon_of(data)
    end = closing(collector, faces, st, organisation=data.organisation, date_text=issued,
                  attachments=[] if correction else [ATTACHMENT], colophon=colophon, slots=ISSUER_SLOTS)
    # the last paragraph goes with the 署名 block, so the seal never stands on a page without text (§7.3.5.4)
    story.append(KeepTogether([story.pop(), *end]))
    if not correction:
        story += _appendix(data, st)
    story.append(colophon_block(colophon, faces, st))
    label = number if not data.draft else "草稿"
    return L.build(story, faces, collector, title=f"{title} {label}", subject=data.department,
                   watermark="草稿" if data.draft else None)
