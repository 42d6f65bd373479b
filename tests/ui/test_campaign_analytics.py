"""The analytics view of a plan: the heat map, the bars and the numbers the core counted, painted from the same
specifications as the document's ReportLab drawings."""

from __future__ import annotations

from PySide6.QtGui import QColor

from inspector.documents import charts
from inspector.services import analytics
from tests.test_analytics import TODAY, build
from tests.ui.conftest import delivered
from ui.campaign.analytics import AnalyticsDialog
from ui.campaign.charts import ChartView
from ui.context import AppContext


def _dialog(qtbot, vault, ids) -> AnalyticsDialog:
    d = AnalyticsDialog(AppContext(vault), ids["p1"])
    d.today = lambda: TODAY
    qtbot.addWidget(d)
    d.resize(1280, 760)
    d.show()
    qtbot.waitExposed(d)
    d.reload()
    delivered(qtbot)
    return d


def _painted(view: ChartView, qtbot) -> list[str]:
    view.repaint()
    qtbot.waitUntil(lambda: bool(view.painted))
    return [lab.text for lab in view.painted]


def test_the_screen_paints_the_document_spec(qtbot, demo_vault):
    ids = build(demo_vault)
    d = _dialog(qtbot, demo_vault, ids)
    with demo_vault.session() as s:
        data = analytics.analytics(s, ids["p1"], TODAY)
    spec = charts.heat_map(data.sections, "问题分布（章节×单位）", "不符合与部分符合项数")
    assert d.heat.spec == spec                          # the same cells, values and labels
    assert _painted(d.heat, qtbot) == charts.drawn_texts(charts.drawing(spec))  # the same texts drawn
    # the darkest cell (section 3 × 白城, count 1 = the peak) is dark on screen, an empty cell white
    lay = charts.layout(spec)
    image = d.heat.grab().toImage()
    dark = next(b for b in lay.boxes if b.grey < 0.5)
    light = next(b for b in lay.boxes if b.grey == 1.0)
    z = d.heat.zoom

    def at(b, dx: float = 3) -> QColor:  # a point inside the box, clear of its written value
        return image.pixelColor(int((b.x + dx) * z), int((b.y + 3) * z))

    assert at(dark).lightness() < 128 and at(light).lightness() > 240
    bars = charts.rate_bars(data.compliance.by_department, "各单位符合率")
    assert d.dept_bars.spec == bars
    d.tabs.setCurrentIndex(1)
    assert _painted(d.dept_bars, qtbot) == charts.drawn_texts(charts.drawing(bars))
    assert ["25%", "50%", "—"] == [t for t in _painted(d.dept_bars, qtbot) if t.endswith("%") or t == "—"]


def test_toggle_articles_numbers_and_repeats(qtbot, demo_vault):
    ids = build(demo_vault)
    d = _dialog(qtbot, demo_vault, ids)
    d.by_article.setChecked(True)
    assert d.heat.spec.rows[:5] == ("第9条", "第21条", "第12条", "第15条", "第10条")
    assert d.heat.spec.values[0] == (1, 1, 0)
    assert "符合率 38%" in d.summary.text() and "逾期未整改 2 项" in d.summary.text()
    assert d.fields["median"].text() == "15 天"
    assert d.fields["overdue"].text() == "2 项，共逾期 12 天，最长 10 天"
    assert d.fields["severity"].text() == "一般 4 项，较大 1 项，重大 1 项"
    assert d.fields["secrecy"].text() == "待报告 1 项，已报告 1 项"
    assert d.fields["police"].text() == "待移送 0 项，已移送 1 项"
    assert d.repeats.rowCount() == 1
    assert [d.repeats.index(0, c).data() for c in range(4)] == ["白城市审计局", "1-03", "未落实分类分级", "2030年度检查"]


def test_the_plans_page_opens_the_analysis_of_the_selected_plan(qtbot, demo_vault):
    from PySide6.QtCore import Qt

    from ui.plans.page import PlansPage

    ids = build(demo_vault)
    page = PlansPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    page.show()
    page.reload()
    delivered(qtbot)
    assert page.analysis_button in page.header_actions() and not page.analysis_button.isEnabled()
    page.select(ids["p1"])
    assert page.analysis_button.isEnabled()
    qtbot.mouseClick(page.analysis_button, Qt.MouseButton.LeftButton)
    delivered(qtbot)
    dialogs = page.findChildren(AnalyticsDialog)
    assert len(dialogs) == 1 and dialogs[0].plan_id == ids["p1"] and dialogs[0].data is not None
    assert dialogs[0].windowTitle() == "检查分析 — 2031年度检查"
    dialogs[0].close()


def test_a_verdict_changed_elsewhere_is_counted(qtbot, demo_vault):
    from sqlmodel import select

    from inspector.model import ChecklistItem, Inspection, InspectionResult, Verdict

    ids = build(demo_vault)
    d = _dialog(qtbot, demo_vault, ids)
    assert d.data.compliance.by_department[1].compliant == 2

    def comply(s):  # 丹东's 3-01 不符合 → 符合
        result = s.exec(select(InspectionResult).join(Inspection, Inspection.id == InspectionResult.inspection_id)
                        .join(ChecklistItem, ChecklistItem.id == InspectionResult.item_id)
                        .where(Inspection.department_id == ids["b"], Inspection.plan_id == ids["p1"],
                               ChecklistItem.code == "3-01")).one()
        result.verdict = Verdict.COMPLIANT

    d.ctx.write(None, comply)
    delivered(qtbot)
    delivered(qtbot)
    assert d.data.compliance.by_department[1].compliant == 3
    assert d.dept_bars.spec.values[1] == 0.75


def test_a_double_click_on_a_repeat_opens_the_finding(qtbot, demo_vault):
    ids = build(demo_vault)
    d = _dialog(qtbot, demo_vault, ids)
    opened = []
    d.ctx.navigate = lambda key, arg=None: opened.append((key, arg))
    d.tabs.setCurrentIndex(3)
    d.repeats_view.activated.emit(d.repeats.index(0, 2))  # a double-click or Enter on the row
    assert opened == [("findings", ids["f1"])]


def test_columns_switch_to_verdicts_and_back(qtbot, demo_vault):
    ids = build(demo_vault)
    d = _dialog(qtbot, demo_vault, ids)
    d.by_verdicts.setChecked(True)
    spec = d.heat.spec
    assert spec.title == "问题分布（章节×检查结论）" and spec.cols == ("符合", "部分符合", "不符合", "不适用")
    assert spec.legend == "各检查结论的检查项数"
    # sections 3, 1, 2 first (most failed), counts as in test_section_matrix_by_verdicts
    assert spec.values[:3] == ((0, 0, 2, 1), (3, 1, 1, 0), (0, 1, 0, 0))
    painted = _painted(d.heat, qtbot)
    assert painted == charts.drawn_texts(charts.drawing(spec))
    assert painted[1:13] == list("符合部分符合不符合不适用")   # column names written downwards
    d.by_article.setChecked(True)
    assert d.heat.spec.title == "问题分布（条款×检查结论）"
    assert d.heat.spec.rows[:2] == ("第9条", "第21条") and d.heat.spec.values[:2] == ((3, 0, 2, 0), (0, 0, 2, 0))
    d.by_departments.setChecked(True)
    assert d.heat.spec.title == "问题分布（条款×单位）"
    assert d.heat.spec.cols == ("白城市审计局", "丹东市统计局", "鄂州市粮食局")
    assert d.heat.spec.values[0] == (1, 1, 0)
