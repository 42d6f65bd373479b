"""Chart specifications from the analytics, and their ReportLab drawing in a real PDF (poppler judges it)."""

from __future__ import annotations

import io
import subprocess

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from inspector.documents import charts, fonts
from inspector.services import analytics
from tests.engines import demo_on_both_engines  # noqa: F401
from tests.test_analytics import TODAY, build
from tests.test_documents_layout import assert_fonts_embedded, render_count


def _specs(vault, ids):
    with vault.session() as s:
        a = analytics.analytics(s, ids["p1"], TODAY)
    heat = charts.heat_map(a.sections, "问题分布（章节×单位）", legend="不符合与部分符合项数")
    bars = charts.rate_bars(a.compliance.by_department, "各单位符合率")
    return heat, bars


def test_specs_carry_the_analytics(demo_vault):
    ids = build(demo_vault)
    heat, bars = _specs(demo_vault, ids)
    assert heat.cols == ("白城市审计局", "丹东市统计局", "鄂州市粮食局")
    assert heat.values[:3] == ((1, 1, 0), (1, 1, 0), (1, 0, 0))   # sections 3, 1, 2 (see test_analytics)
    assert heat.rows[0].startswith("3. ")
    assert heat.peak == 1 and heat.grey(0) == 1.0 and heat.grey(1) < 0.5
    assert bars.values == (0.25, 0.5, None)
    assert [bars.text(v) for v in bars.values] == ["25%", "50%", "—"]
    # the layout writes every value in its cell, and every label once
    lay = charts.layout(heat)
    texts = [lab.text for lab in lay.labels]
    assert texts.count("1") == 5 + 1 and texts.count("0") == 9 * 3 - 5 + 1  # the legend: 0 and 1 (the peak)
    assert all(r in texts for r in heat.rows)
    # dark cells are written in white, light ones in black: readable in black and white
    dark = [b for b in lay.boxes if b.grey < 0.5]
    assert len(dark) == 5 + 1
    assert charts.drawn_texts(charts.drawing(heat)) == texts


def test_drawing_in_a_pdf_with_embedded_fonts(demo_vault, tmp_path):
    ids = build(demo_vault)
    heat, bars = _specs(demo_vault, ids)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, initialFontName=fonts.faces().body)  # as layout.Document does
    doc.build([charts.drawing(heat, max_width=doc.width), charts.drawing(bars, max_width=doc.width)])
    data = buf.getvalue()
    rows = assert_fonts_embedded(data, tmp_path)
    assert any("Fangsong" in r["name"] or "FangSong" in r["name"] for r in rows), rows
    assert render_count(data, tmp_path) == 1
    pdf = tmp_path / "charts.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for needle in ("问题分布（章节×单位）", "各单位符合率", "白城市审计局", "25%", "50%", "不符合与部分符合项数",
                   "建立和执行政务数据安全制度情况"):
        assert needle in text, needle


def test_wide_heat_map_scales_to_the_page():
    spec = charts.HeatMap("宽", tuple(f"第{i}条" for i in range(3)), tuple(f"单位{j}" for j in range(200)),
                          tuple(tuple(j % 4 for j in range(200)) for _ in range(3)))
    d = charts.drawing(spec, max_width=450)
    assert d.width <= 450.01
    assert charts.layout(spec).width > 450 * 5


def test_count_bars_scale_to_their_peak():
    bars = charts.count_bars([("一般", 4), ("较大", 1), ("重大", 0)], "问题分级")
    assert [bars.text(v) for v in bars.values] == ["4", "1", "0"] and bars.peak == 4
    filled = [b for b in charts.layout(bars).boxes if b.grey < 1.0]
    assert [round(b.w / charts.BAR_W, 2) for b in filled] == [1.0, 0.25]   # nothing drawn for 0
    assert charts.count_bars([("无", 0)], "空").peak == 1                    # no division by zero
