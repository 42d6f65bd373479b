"""检查分析 — what the inspections of a plan found: the heat map of failures (sections or articles ×
departments, or × verdicts), compliance per department and per section, rectification timeliness, severity and art. 33
counts, and the repeat findings. One background read (:func:`inspector.services.analytics.analytics`); the
charts are the document's specifications painted by :class:`ui.campaign.charts.ChartView`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.changes import Changes
from inspector.documents import charts
from inspector.model import Area, EscalationKind, EscalationState, Severity, Verdict
from inspector.services import analytics
from inspector.services.analytics import Analytics, MatrixRow, Repeat
from inspector.timezones import china_today
from ui.campaign.charts import ChartView
from ui.context import AppContext
from ui.widgets import palette
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table


class RepeatsModel(RowsTableModel[Repeat]):
    id_field = "finding_id"

    def headers(self) -> list[str]:
        return [self.tr("被检查单位"), self.tr("检查项"), self.tr("问题"), self.tr("此前不符合的计划")]

    def text(self, row: Repeat, col: int) -> str:
        return [row.department, row.item_code, row.title, self.tr("、").join(row.earlier_plans)][col]


def _scrolled(*widgets: QWidget) -> QScrollArea:
    inner = QWidget()
    box = QVBoxLayout(inner)
    for w in widgets:
        box.addWidget(w)
    box.addStretch(1)
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setStyleSheet("QScrollArea { background: white; } QScrollArea > QWidget > QWidget { background: white; }")
    return area


class AnalyticsDialog(QDialog):
    """The analytics of one plan."""

    def __init__(self, ctx: AppContext, plan_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self.today: Callable[[], date] = china_today
        self.data: Analytics | None = None
        self.setWindowTitle(self.tr("检查分析"))
        self.resize(1180, 700)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.by_section = QRadioButton(self.tr("按章节"))
        self.by_article = QRadioButton(self.tr("按条款"))
        self.by_section.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_section)
        group.addButton(self.by_article)
        self.by_section.toggled.connect(lambda _on: self._show_heat())
        self.by_departments = QRadioButton(self.tr("单位"))
        self.by_verdicts = QRadioButton(self.tr("检查结论"))
        self.by_departments.setChecked(True)
        columns = QButtonGroup(self)
        columns.addButton(self.by_departments)
        columns.addButton(self.by_verdicts)
        self.by_departments.toggled.connect(lambda _on: self._show_heat())
        self.heat = ChartView()
        self.dept_bars = ChartView()
        self.section_bars = ChartView()
        toggle = QHBoxLayout()
        toggle.addWidget(QLabel(self.tr("行：")))
        toggle.addWidget(self.by_section)
        toggle.addWidget(self.by_article)
        toggle.addSpacing(24)
        toggle.addWidget(QLabel(self.tr("列：")))
        toggle.addWidget(self.by_departments)
        toggle.addWidget(self.by_verdicts)
        toggle.addStretch(1)
        heat_page = QWidget()
        heat_box = QVBoxLayout(heat_page)
        heat_box.addLayout(toggle)
        heat_box.addWidget(_scrolled(self.heat), 1)

        self.numbers = QWidget()
        self.form = QFormLayout(self.numbers)
        self.fields: dict[str, QLabel] = {}
        for key, caption in (("median", self.tr("从下发整改通知书到核验（中位数）")),
                             ("verified", self.tr("已核验问题")),
                             ("open", self.tr("尚待整改")),
                             ("overdue", self.tr("逾期未整改")),
                             ("severity", self.tr("问题分级")),
                             ("secrecy", self.tr("失泄密隐患（第三十三条）")),
                             ("police", self.tr("违法行为（第三十三条）"))):
            label = QLabel()
            self.fields[key] = label
            self.form.addRow(caption, label)

        self.repeats = RepeatsModel(self)
        self.repeats_view = QTableView()
        self.repeats_view.setModel(self.repeats)
        configure_table(self.repeats_view, 2, on_activate=self._open_repeat)
        self.repeats_note = QLabel(self.tr("同一单位的同一检查项在此前的检查计划中已判为“不符合”。双击打开此问题。"))
        self.repeats_note.setStyleSheet(palette.text_style(palette.SECONDARY))
        repeats_page = QWidget()
        rp = QVBoxLayout(repeats_page)
        rp.addWidget(self.repeats_note)
        rp.addWidget(self.repeats_view, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(heat_page, self.tr("问题分布"))
        self.tabs.addTab(_scrolled(self.dept_bars, self.section_bars), self.tr("符合率"))
        self.tabs.addTab(_scrolled(self.numbers), self.tr("整改时效与问题分级"))
        self.tabs.addTab(repeats_page, self.tr("重复问题"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        ctx.written.connect(self._on_written)

    AREAS = frozenset({Area.PLANS, Area.DEPARTMENTS, Area.INSPECTIONS, Area.FINDINGS, Area.NOTICES})

    def _on_written(self, changes: Changes, _initiator: object) -> None:
        """A verdict, a finding, a notice changed elsewhere: the figures are read again."""
        if changes.touches(self.AREAS):
            self.reload()

    def reload(self) -> None:
        plan_id, today = self.plan_id, self.today()
        self.ctx.read(self, lambda s: analytics.analytics(s, plan_id, today), self.show_data, key="data")

    def show_data(self, data: Analytics) -> None:
        self.data = data
        self.setWindowTitle(self.tr("检查分析 — {plan}").format(plan=data.plan_title))
        c = data.compliance.overall
        t = data.timeliness
        rate = self.tr("尚无判定") if c.rate is None else f"{round(c.rate * 100)}%"
        self.summary.setText(
            self.tr("{plan}：{n} 个被检查单位，符合率 {rate}（符合 {ok} / 已判定 {answered}，不含不适用），").format(
                plan=data.plan_title, n=len(data.sections.departments), rate=rate, ok=c.compliant,
                answered=c.answered)
            + self.tr("逾期未整改 {overdue} 项，重复问题 {repeats} 项。").format(
                overdue=t.overdue_count, repeats=len(data.repeats)))
        self._show_heat()
        self.dept_bars.set_spec(charts.rate_bars(data.compliance.by_department, self.tr("各单位符合率")))
        self.section_bars.set_spec(charts.rate_bars(data.compliance.by_section, self.tr("各章节符合率")))
        days = self.tr("{n} 天")
        self.fields["median"].setText(self.tr("无") if t.median_days is None else days.format(n=f"{t.median_days:g}"))
        self.fields["verified"].setText(self.tr("{n} 项").format(n=len(t.days)))
        self.fields["open"].setText(self.tr("{n} 项").format(n=t.open_total))
        self.fields["overdue"].setText(self.tr("{n} 项，共逾期 {total} 天，最长 {max} 天").format(
            n=t.overdue_count, total=t.overdue_days_total, max=t.overdue_days_max))
        self.fields["severity"].setText(self.tr("一般 {general} 项，较大 {major} 项，重大 {critical} 项").format(
            general=data.severity[Severity.GENERAL], major=data.severity[Severity.MAJOR],
            critical=data.severity[Severity.CRITICAL]))
        K, S = EscalationKind, EscalationState
        e = data.escalation
        self.fields["secrecy"].setText(self.tr("待报告 {todo} 项，已报告 {done} 项").format(
            todo=e[(K.SECRECY, S.PENDING)], done=e[(K.SECRECY, S.DONE)]))
        self.fields["police"].setText(self.tr("待移送 {todo} 项，已移送 {done} 项").format(
            todo=e[(K.POLICE, S.PENDING)], done=e[(K.POLICE, S.DONE)]))
        self.repeats.set_rows(data.repeats)

    def _open_repeat(self, index) -> None:
        self.ctx.navigate("findings", self.repeats.row(index.row()).finding_id)
        self.accept()

    def _show_heat(self) -> None:
        data = self.data
        if data is None:
            return
        by = "section" if self.by_section.isChecked() else "article"
        columns = "departments" if self.by_departments.isChecked() else "verdicts"
        m = data.matrix(by, columns)
        if columns == "verdicts":
            legend = self.tr("各检查结论的检查项数")
            m = replace(m, departments=[(v.value, self.verdict_label(v)) for v, _ in analytics.VERDICT_COLUMNS])
        else:
            legend = self.tr("不符合与部分符合项数")
        title = {("section", "departments"): self.tr("问题分布（章节×单位）"),
                 ("article", "departments"): self.tr("问题分布（条款×单位）"),
                 ("section", "verdicts"): self.tr("问题分布（章节×检查结论）"),
                 ("article", "verdicts"): self.tr("问题分布（条款×检查结论）")}[(by, columns)]
        if by == "section":
            spec = charts.heat_map(m, title, legend)
        else:
            article: Callable[[MatrixRow], str] = lambda r: self.tr("第{n}条").format(n=r.key)
            spec = charts.heat_map(m, title, legend, row_label=article)
        self.heat.set_spec(spec)

    def verdict_label(self, verdict: Verdict) -> str:
        return {Verdict.COMPLIANT: self.tr("符合"), Verdict.PARTIAL: self.tr("部分符合"),
                Verdict.NON_COMPLIANT: self.tr("不符合"), Verdict.NOT_APPLICABLE: self.tr("不适用")}[verdict]


def open_analytics(ctx: AppContext, plan_id: str, parent: QWidget | None = None) -> AnalyticsDialog:
    dialog = AnalyticsDialog(ctx, plan_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.reload()
    dialog.open()
    return dialog
