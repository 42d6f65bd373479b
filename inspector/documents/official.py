"""The parts every 公文 shares (GB/T 9704-2012): 附件说明, 署名 and 成文日期 under the seal, 附注, 版记.

* :func:`closing` — after the body: the 附件说明 (§7.3.4), then the 发文机关署名 centred over the
  成文日期 (右空四字) with the seal box (42 mm, a round office seal) centred on them so that they lie
  a little below its centre and its top is within one line of the text above (§7.3.5.1, 加盖印章的公文).
  That box is the signature slot ``issuer-1``: the PAdES signature's visible appearance (the office's
  seal picture when one is loaded) sits exactly there. Then the 附注 (§7.3.6) with 联系人 and 电话.
* :func:`colophon_block` — the 版记 (§7.4) at the foot of the last page: 抄送, 印发机关 and 印发日期
  between separator lines as wide as the type area (first and last 0.35 mm, the middle ones 0.25 mm),
  the last one on the type area's bottom edge. It takes the rest of the frame and draws at its bottom,
  or moves to a new page when it does not fit, so it never overlaps text.

No vault access here except :func:`colophon_for`, which reads the settings' defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import black
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from inspector.documents import layout as L
from inspector.documents.flowables import RedHeader, SlotCollector
from inspector.documents.fonts import Faces, face_for


@dataclass(frozen=True)
class Colophon:
    """版记 and 附注 of one document."""

    cc: tuple[str, ...] = ()
    """抄送机关."""
    printer: str = ""
    """印发机关 (default: the organisation)."""
    printed_on: date | None = None
    """印发日期 (the issue date; None for a draft)."""
    contact: str = ""
    """附注: 联系人."""
    phone: str = ""
    """附注: 电话."""


ISSUER_SEAL = ("issuer-1", "发文机关印章")
"""The seal's slot: the issuing office's signature, over 署名 and 成文日期."""

SEAL = 42 * mm
"""The box of a round office seal (GB/T 9704 leaves the size to the seal; 42 mm is the common 公章)."""
SEAL_TOP_GAP = 0.15 * L.LINE
"""From the last line of the body (or 附件说明) to the seal's top: within one line (§7.3.5.1)."""
EXTRA_W = 170.0
"""The box of a further signer's stamp (e.g. ``issuer-2``) placed left of the seal."""
EXTRA_GAP = 14.0
COLOPHON_SIZE = 14
"""版记 in 4号 (§7.4.2, §7.4.3)."""
THICK = 0.35 * mm
THIN = 0.25 * mm
SIGNED_NOTE = "本件经数字签名的，签名人、证书指纹和签名时间见 PDF 文件的签名信息，可用 inspector verify 核验。"
"""Printed above the 版记 of an issued document: the technical details are in the signature, not the body (worded
for both a signed file and one exported unsigned: the layout is built before the choice to sign)."""


def _get(stored: dict | None, key: str):
    return None if not stored else stored.get(key)


def colophon_for(session, stored: dict | None, *, printed_on: date | None) -> Colophon:
    """The settings' defaults overlaid with what a document stores (``{"cc": [...], "printer", "contact",
    "phone"}``); a key a document stores overrides the default even when empty (no 抄送 for this one),
    except an empty 印发机关, which is always the organisation."""
    from inspector.services import (
        settings,  # the documents package never needs the services otherwise
    )

    defaults = settings.current(session)
    cc = _get(stored, "cc")
    cc_list = tuple(settings.split_cc(defaults.cc)) if cc is None else tuple(c.strip() for c in cc if c.strip())
    printer = (_get(stored, "printer") or "").strip() or defaults.printer or defaults.org_name
    contact = _get(stored, "contact")
    phone = _get(stored, "phone")
    return Colophon(cc=cc_list, printer=printer, printed_on=printed_on,
                    contact=defaults.contact if contact is None else contact.strip(),
                    phone=defaults.phone if phone is None else phone.strip())


# ---- the closing ------------------------------------------------------------------------------


def head(faces: Faces, st: L.Styles, *, organisation: str, number: str, title: str) -> list:
    """版头 (the red 发文机关标志 and 发文字号 over the red line), then the title (GB/T 9704 7.2, 7.3.1)."""
    return [
        RedHeader(f"{organisation}文件", number, mark_font=faces.title, number_font=faces.body,
                  red=L.RED, width=L.BODY_W, line=L.LINE),
        Spacer(1, L.LINE * 1.5),
        L.p(title, st.title),
        Spacer(1, L.LINE * 0.8),
    ]


def attachment_lines(attachments: list[str], st: L.Styles) -> list[Paragraph]:
    """附件说明 (§7.3.4): 正文下空一行左空二字编排"附件："; several are numbered ``1.`` and aligned."""
    names = [a.strip() for a in attachments if a and a.strip()]
    if not names:
        return []
    size = L.BODY_SIZE
    if len(names) == 1:
        return [L.p(f"附件：{names[0]}", st.body)]
    out = []
    hang = ParagraphStyle("attachment_more", parent=st.body, firstLineIndent=0, leftIndent=5 * size)
    for n, name in enumerate(names, start=1):
        label = f"{n}．{name}"
        out.append(L.p(f"附件：{label}", st.body) if n == 1 else L.p(label, hang))
    return out


class SealBlock(Flowable):
    """发文机关署名 centred over 成文日期 (右空四字), the seal box centred on both (§7.3.5.1).

    The box is recorded as the first slot (``issuer-1``); further slots (a second signer) go to its
    left, vertically centred on it, when they fit the type area.
    """

    def __init__(self, collector: SlotCollector, organisation: str, date_text: str, font: str,
                 slots: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.collector, self.organisation, self.date_text = collector, organisation, date_text
        self.font, self.slots = font, slots
        self.width = L.BODY_W
        self.height = SEAL_TOP_GAP + SEAL

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def geometry(self) -> dict[str, float]:
        """Where things go, in the flowable's coordinates (origin bottom-left)."""
        size = L.BODY_SIZE
        org_font = face_for(self.organisation, self.font)
        date_font = face_for(self.date_text, self.font)
        date_w = stringWidth(self.date_text, date_font, size)
        org_w = stringWidth(self.organisation, org_font, size)
        date_right = self.width - 4 * size  # 右空四字
        centre = date_right - date_w / 2
        centre = min(centre, self.width - org_w / 2, self.width - SEAL / 2)  # nothing leaves the type area
        seal_y = 0.0
        seal_cy = seal_y + SEAL / 2
        # 署名 and 日期 "居印章中心偏下": the 署名's line a little below the centre, the date a line lower
        org_mid = seal_cy - 0.15 * L.LINE
        org_base = org_mid - size * 0.35
        date_base = org_base - L.LINE
        return {"centre": centre, "date_right": date_right, "date_w": date_w, "org_w": org_w,
                "seal_x": centre - SEAL / 2, "seal_y": seal_y, "org_base": org_base, "date_base": date_base}

    def draw(self) -> None:
        canv, size, g = self.canv, L.BODY_SIZE, self.geometry()
        canv.saveState()
        canv.setFillColor(black)
        canv.setFont(face_for(self.date_text, self.font), size)
        canv.drawString(g["date_right"] - g["date_w"], g["date_base"], self.date_text)
        canv.setFont(face_for(self.organisation, self.font), size)
        canv.drawCentredString(g["centre"], g["org_base"], self.organisation)
        canv.restoreState()
        if not self.slots:
            return
        (name, label), *others = self.slots
        self.collector.record(canv, name, label, g["seal_x"], g["seal_y"], SEAL, SEAL)
        x = g["seal_x"] - EXTRA_GAP - EXTRA_W
        h = 2 * L.LINE
        y = g["seal_y"] + (SEAL - h) / 2
        for name, label in others:
            if x < 0:
                break  # no room left of the seal: the slot is left out
            self.collector.record(canv, name, label, x, y, EXTRA_W, h)
            x -= EXTRA_W + EXTRA_GAP


def note_text(colophon: Colophon) -> str:
    """附注 (§7.3.6): ``（联系人：张三，电话：0356-1234567）``; empty when neither is set."""
    parts = [f"联系人：{colophon.contact}" if colophon.contact else "",
             f"电话：{colophon.phone}" if colophon.phone else ""]
    parts = [p for p in parts if p]
    return f"（{'，'.join(parts)}）" if parts else ""


def closing(collector: SlotCollector, faces: Faces, st: L.Styles, *, organisation: str, date_text: str,
            attachments: list[str], colophon: Colophon,
            slots: tuple[tuple[str, str], ...] = (ISSUER_SEAL,)) -> list:
    """附件说明 (if any), the 署名/成文日期 block with the seal slot, then the 附注 (联系人/电话).

    Kept together, so the seal never stands on a page without text above it."""
    parts: list = [Spacer(1, L.LINE)]  # 正文下空一行
    parts += attachment_lines(attachments, st)
    parts.append(SealBlock(collector, organisation, date_text, faces.body, slots))
    note = note_text(colophon)
    if note:
        # 成文日期下一行，居左空二字 — the line below the seal's box, so the seal never covers it
        parts.append(Spacer(1, 0.15 * L.LINE))
        parts.append(L.p(note, st.body))
    return [KeepTogether(parts)]


# ---- the 版记 ------------------------------------------------------------------------------------


class ColophonBlock(Flowable):
    """版记 at the foot of the last page (§7.4): takes the rest of the frame and draws at its bottom; when
    it does not fit, it is as tall as it needs and the frame moves it to the next page."""

    def __init__(self, colophon: Colophon, faces: Faces, st: L.Styles) -> None:
        super().__init__()
        self.colophon, self.faces, self.st = colophon, faces, st
        self.width = L.BODY_W
        self.row = L.LINE * 0.9
        self._lines = self._cc_lines()
        self._note = None
        if colophon.printed_on is not None:
            self._note = Paragraph(L.text(SIGNED_NOTE), ParagraphStyle("signed_note", parent=st.small, fontSize=9,
                                                                       leading=12))
            self._note_h = self._note.wrap(self.width, 1000)[1]
        self.needed = self._natural_height()
        self.height = self.needed

    def _cc_lines(self) -> list[str]:
        """抄送 wrapped to the type area (左右各空一字), continuation lines aligned after the colon."""
        if not self.colophon.cc:
            return []
        font, size = self.faces.body, COLOPHON_SIZE
        text = "抄送：" + "，".join(self.colophon.cc) + "。"
        avail = self.width - 2 * size
        head_w = stringWidth("抄送：", font, size)
        lines, current, first = [], "", True
        for ch in text:
            limit = avail if first else avail - head_w
            if stringWidth(current + ch, face_for(current + ch, font), size) > limit and current:
                lines.append(current)
                current, first = "", False
            current += ch
        lines.append(current)
        return lines

    def _natural_height(self) -> float:
        rows = len(self._lines) + 1  # 抄送 lines, then 印发机关/印发日期
        note = self._note_h + 4 if self._note is not None else 0
        return note + rows * self.row + 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = max(avail_height, self.needed)
        return self.width, self.height

    def draw(self) -> None:
        canv, c = self.canv, self.colophon
        font, size = self.faces.body, COLOPHON_SIZE
        canv.saveState()
        canv.setFillColor(black)
        canv.setStrokeColor(black)

        def rule(y: float, thick: bool) -> None:
            canv.setLineWidth(THICK if thick else THIN)
            canv.line(0, y, self.width, y)

        def text_y(row_bottom: float) -> float:
            return row_bottom + (self.row - size) / 2 + size * 0.12

        y = THICK / 2  # the last line lies on the type area's bottom edge
        rule(y, True)
        printed = (f"{L.cn_date(c.printed_on)}印发" if c.printed_on is not None else "　　年　月　日印发")
        printer = c.printer
        canv.setFont(face_for(printer, font), size)
        canv.drawString(size, text_y(y), printer)  # 左空一字
        canv.setFont(face_for(printed, font), size)
        canv.drawRightString(self.width - size, text_y(y), printed)  # 右空一字
        y += self.row
        if self._lines:
            rule(y, False)
            head_w = stringWidth("抄送：", font, size)
            for n, line in enumerate(reversed(self._lines)):
                first = n == len(self._lines) - 1
                canv.setFont(face_for(line, font), size)
                canv.drawString(size + (0 if first else head_w), text_y(y), line)
                y += self.row
        rule(y, True)
        canv.restoreState()
        if self._note is not None:  # an issued document: where the signature's details are
            self._note.drawOn(canv, 0, y + 3)


def colophon_block(colophon: Colophon, faces: Faces, st: L.Styles) -> Flowable:
    """版记 (抄送; 印发机关 and "…印发"; separator lines §7.4) at the foot of the last page. The caller appends it as
    the story's last element (after any appendix)."""
    return ColophonBlock(colophon, faces, st)
