"""Charts drawn from one source for the screen and the page.

A chart is first a *specification*, plain data built from :mod:`inspector.services.analytics`
(:class:`HeatMap`, :class:`Bars`); :func:`layout` turns a specification into boxes and labels placed in
points (origin top left, y downwards), and both painters only copy that layout: :func:`drawing` into a
ReportLab ``Drawing`` for documents, ``ui/campaign/charts.py`` onto a ``QPainter`` for the screen. Cells,
values, shades and labels are therefore the same on both.

Black-and-white print: a heat-map cell's shade is a grey (white for 0, darker for more, never lighter than the
paper for a non-zero count), the count is written in the cell (white on dark greys, black on light ones), and
bars are a mid grey with their value written beside them, so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from inspector.services.analytics import Matrix, MatrixRow, Rate

CELL_W = 22.0
CELL_H = 15.0
SIZE = 8.0           # labels and values
TITLE_SIZE = 10.5
PAD = 4.0
BAR_W = 200.0
ROW_H = 15.0


@dataclass(frozen=True)
class HeatMap:
    """Rows × columns of counts."""

    title: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]   # values[row][col]
    legend: str = ""                     # what a count is, under the grid

    @cached_property  # asked for every cell: counted once
    def peak(self) -> int:
        return max((v for row in self.values for v in row), default=0)

    def grey(self, value: int) -> float:
        """The cell's grey, 1.0 white (0) to 0.2 (the peak); any non-zero count is at most 0.85."""
        if value <= 0 or self.peak <= 0:
            return 1.0
        return 0.85 - 0.65 * (value / self.peak)


@dataclass(frozen=True)
class Bars:
    """One horizontal bar per label; ``values`` are rates 0..1 (``percent``) or counts. None: no bar, "—"."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    percent: bool = True

    def text(self, value: float | None) -> str:
        if value is None:
            return "—"
        return f"{round(value * 100)}%" if self.percent else str(int(value))

    @property
    def peak(self) -> float:
        if self.percent:
            return 1.0
        return max((v for v in self.values if v is not None), default=0) or 1


def to_dict(spec: HeatMap | Bars) -> dict:
    """The specification as plain JSON-able data (a letter freezes it in its content)."""
    if isinstance(spec, HeatMap):
        return {"type": "heat_map", "title": spec.title, "rows": list(spec.rows), "cols": list(spec.cols),
                "values": [list(r) for r in spec.values], "legend": spec.legend}
    return {"type": "bars", "title": spec.title, "labels": list(spec.labels), "values": list(spec.values),
            "percent": spec.percent}


def from_dict(data: dict) -> HeatMap | Bars:
    """The specification :func:`to_dict` wrote; ``ValueError`` for anything else."""
    kind = data.get("type")
    if kind == "heat_map":
        return HeatMap(title=str(data.get("title") or ""), rows=tuple(str(r) for r in data.get("rows") or ()),
                       cols=tuple(str(c) for c in data.get("cols") or ()),
                       values=tuple(tuple(int(v) for v in row) for row in data.get("values") or ()),
                       legend=str(data.get("legend") or ""))
    if kind == "bars":
        return Bars(title=str(data.get("title") or ""), labels=tuple(str(x) for x in data.get("labels") or ()),
                    values=tuple(None if v is None else float(v) for v in data.get("values") or ()),
                    percent=bool(data.get("percent", True)))
    raise ValueError(f"not a chart specification: {kind!r}")


def heat_map(m: Matrix, title: str, legend: str = "", limit: int | None = None,
             row_label: Callable[[MatrixRow], str] | None = None) -> HeatMap:
    """The matrix as a heat map: rows (sections or articles, most often failed first, up to ``limit``) ×
    its columns (departments: each cell 不符合 + 部分符合; or verdicts: each cell that verdict's count, see
    :func:`inspector.services.analytics.matrix`). ``row_label`` names a row (default: the matrix's Chinese label)."""
    rows = m.rows[:limit] if limit else m.rows
    name = row_label or (lambda r: r.label)
    return HeatMap(title=title, rows=tuple(name(r) for r in rows), cols=tuple(n for _, n in m.departments),
                   values=tuple(tuple(r.cell(d) for d, _ in m.departments) for r in rows), legend=legend)


def rate_bars(rates: list[Rate], title: str) -> Bars:
    return Bars(title=title, labels=tuple(r.label for r in rates), values=tuple(r.rate for r in rates))


def count_bars(counts: list[tuple[str, int]], title: str) -> Bars:
    return Bars(title=title, labels=tuple(k for k, _ in counts), values=tuple(float(v) for _, v in counts),
                percent=False)


# ---- layout: the one geometry both painters copy --------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    grey: float           # fill, 0 black .. 1 white
    stroke: bool = True   # a thin black outline


@dataclass(frozen=True)
class Label:
    x: float
    y: float              # the baseline
    text: str
    size: float
    grey: float = 0.0     # 0 black, 1 white
    anchor: str = "start"  # start | middle | end
    bold: bool = False


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: tuple[Box, ...]
    labels: tuple[Label, ...]


def text_width(text: str, size: float) -> float:
    """Width in points: a hanzi (or any wide character) one em, anything else about half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.55 for ch in text)


def layout(spec: HeatMap | Bars) -> Layout:
    return _heat_layout(spec) if isinstance(spec, HeatMap) else _bars_layout(spec)


def _heat_layout(spec: HeatMap) -> Layout:
    boxes: list[Box] = []
    labels: list[Label] = [Label(0, TITLE_SIZE, spec.title, TITLE_SIZE, bold=True)]
    left = max((text_width(r, SIZE) for r in spec.rows), default=0) + PAD * 2
    head = max((len(c) for c in spec.cols), default=0) * SIZE + PAD * 2
    top = TITLE_SIZE + PAD * 2
    grid_top = top + head
    for j, col in enumerate(spec.cols):  # column names written downwards, one character under the other
        cx = left + j * CELL_W + CELL_W / 2
        for k, ch in enumerate(col):
            labels.append(Label(cx, top + PAD + (k + 1) * SIZE - 1, ch, SIZE, anchor="middle"))
    for i, (row, values) in enumerate(zip(spec.rows, spec.values)):
        y = grid_top + i * CELL_H
        labels.append(Label(left - PAD, y + CELL_H / 2 + SIZE * 0.35, row, SIZE, anchor="end"))
        for j, v in enumerate(values):
            g = spec.grey(v)
            x = left + j * CELL_W
            boxes.append(Box(x, y, CELL_W, CELL_H, g))
            labels.append(Label(x + CELL_W / 2, y + CELL_H / 2 + SIZE * 0.35, str(v), SIZE,
                                grey=1.0 if g < 0.5 else 0.0, anchor="middle"))
    bottom = grid_top + len(spec.rows) * CELL_H
    width = max(left + len(spec.cols) * CELL_W, text_width(spec.title, TITLE_SIZE))
    if spec.legend and spec.peak > 0:  # a scale: 0, the middle, the peak
        y = bottom + PAD * 2
        x = left
        for v in sorted({0, (spec.peak + 1) // 2, spec.peak}):
            g = spec.grey(v)
            boxes.append(Box(x, y, CELL_W, CELL_H, g))
            labels.append(Label(x + CELL_W / 2, y + CELL_H / 2 + SIZE * 0.35, str(v), SIZE,
                                grey=1.0 if g < 0.5 else 0.0, anchor="middle"))
            x += CELL_W
        labels.append(Label(x + PAD, y + CELL_H / 2 + SIZE * 0.35, spec.legend, SIZE))
        width = max(width, x + PAD + text_width(spec.legend, SIZE))
        bottom = y + CELL_H
    bottom += PAD * 2
    return Layout(width + 1, bottom + 1, tuple(boxes), tuple(labels))


def _bars_layout(spec: Bars) -> Layout:
    boxes: list[Box] = []
    labels: list[Label] = [Label(0, TITLE_SIZE, spec.title, TITLE_SIZE, bold=True)]
    left = max((text_width(lab, SIZE) for lab in spec.labels), default=0) + PAD * 2
    top = TITLE_SIZE + PAD * 2
    value_w = text_width("100%", SIZE) + PAD * 2
    for i, (lab, v) in enumerate(zip(spec.labels, spec.values)):
        y = top + i * ROW_H
        base = y + ROW_H / 2 + SIZE * 0.35
        labels.append(Label(left - PAD, base, lab, SIZE, anchor="end"))
        boxes.append(Box(left, y + 2, BAR_W, ROW_H - 4, 1.0))  # the scale: a full bar is 100% (or the peak)
        if v is not None and v > 0:
            boxes.append(Box(left, y + 2, BAR_W * min(v / spec.peak, 1.0), ROW_H - 4, 0.45, stroke=False))
        labels.append(Label(left + BAR_W + PAD, base, spec.text(v), SIZE))
    height = top + len(spec.labels) * ROW_H + PAD * 2
    width = max(left + BAR_W + value_w, text_width(spec.title, TITLE_SIZE))
    return Layout(width + 1, height + 1, tuple(boxes), tuple(labels))


# ---- ReportLab ------------------------------------------------------------------------------------


def drawing(spec: HeatMap | Bars, max_width: float | None = None):
    """The chart as a ReportLab ``Drawing`` (a flowable), in the document faces, scaled down to ``max_width``."""
    from reportlab.graphics.shapes import Drawing, Group, Rect, String
    from reportlab.lib.colors import Color

    from inspector.documents import fonts

    faces = fonts.faces()
    lay = layout(spec)
    k = min(1.0, max_width / lay.width) if max_width else 1.0
    group = Group()
    for b in lay.boxes:
        group.add(Rect(b.x, lay.height - b.y - b.h, b.w, b.h, fillColor=Color(b.grey, b.grey, b.grey),
                       strokeColor=Color(0, 0, 0) if b.stroke else None, strokeWidth=0.5 if b.stroke else 0))
    for lab in lay.labels:
        face = faces.heading if lab.bold else fonts.face_for(lab.text, faces.body)
        group.add(String(lab.x, lay.height - lab.y, lab.text, fontName=face, fontSize=lab.size,
                         fillColor=Color(lab.grey, lab.grey, lab.grey), textAnchor=lab.anchor))
    group.scale(k, k)
    d = Drawing(lay.width * k, lay.height * k)
    d.initialFontName, d.initialFontSize = faces.body, SIZE  # the renderer's first state, not Helvetica
    d.add(group)
    return d


def drawn_texts(d) -> list[str]:
    """The texts of a :func:`drawing`, in the order drawn (for tests and checks)."""
    from reportlab.graphics.shapes import String

    out: list[str] = []

    def walk(node) -> None:
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                out.append(child.text)
            else:
                walk(child)

    walk(d)
    return out
