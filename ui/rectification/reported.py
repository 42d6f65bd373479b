"""What a department reported (整改情况), shown in full: for one finding, and for one imported report.

:class:`ReportedView` shows one :class:`~inspector.services.rectification.ReportedItem`
— the measures taken (word-wrapped, whole), the completion date, the supporting
material listed, and the report it came from. It sits in the verification dialog
(:class:`ui.rectification.dialogs.TransitionDialog`) and in the finding editor's
status box. :class:`ReportDialog` shows one imported report with every finding it
reports on (double-click a row of 整改报告, :class:`ReportsTab`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.services.rectification import ReportDetail, ReportedItem
from ui.rectification.models import REP_FILE, ReportsTableModel
from ui.widgets import palette
from ui.widgets.labels import date_text, datetime_text, status_label
from ui.widgets.table_model import ID_ROLE
from ui.widgets.tables import configure_table


def _wrapping_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the department's words, never markup
    return label


class ReportedView(QWidget):
    """One finding's reported rectification; without one, a line saying none was imported."""

    def __init__(self, parent: QWidget | None = None, *, show_source: bool = True) -> None:
        super().__init__(parent)
        self.item: ReportedItem | None = None
        self.measures_label = _wrapping_label()
        self.completed_label = _wrapping_label()
        self.evidence_label = _wrapping_label()
        self.source_label = _wrapping_label()
        self.source_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.none_label = QLabel()
        self.none_label.setWordWrap(True)
        self.none_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("整改措施："), self.measures_label)
        self.form.addRow(self.tr("完成日期："), self.completed_label)
        self.form.addRow(self.tr("证明材料："), self.evidence_label)
        self.form.addRow(self.tr("报送来源："), self.source_label)
        self.form.setRowVisible(self.source_label, show_source)
        self._show_source = show_source
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.none_label)
        self.show_item(None)

    def show_item(self, item: ReportedItem | None,
                  none_text: str | None = None) -> None:
        """Show ``item``; None: ``none_text`` (by default: no report imported for this finding)."""
        self.item = item
        has = item is not None
        for label in (self.measures_label, self.completed_label, self.evidence_label, self.source_label):
            self.form.setRowVisible(label, has and (label is not self.source_label or self._show_source))
        self.none_label.setVisible(not has)
        if item is None:
            self.none_label.setText(none_text if none_text is not None else self.tr(
                "尚未导入单位的整改情况报告（如单位以纸质材料报送，请对照纸质材料核验）。"))
            for label in (self.measures_label, self.completed_label, self.evidence_label, self.source_label):
                label.clear()
            return
        self.measures_label.setText(item.measures or self.tr("（未填写）"))
        self.completed_label.setText(date_text(item.completed_on))
        self.evidence_label.setText(item.evidence_list or self.tr("（未列出）"))
        self.source_label.setText(self.tr("{file}，{received} 导入").format(
            file=item.source_filename or self.tr("整改情况报告"), received=datetime_text(item.received_at)))


class FittingScroll(QScrollArea):
    """A borderless vertical scroll area as tall as its (word-wrapped) content, up to ``cap`` pixels."""

    def __init__(self, content: QWidget, cap: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cap = cap
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)  # the group's own background
        content.setAutoFillBackground(False)
        self.setWidget(content)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wanted = self.widget().heightForWidth(self.viewport().width())
        if wanted < 0:
            wanted = self.widget().sizeHint().height()
        self.setFixedHeight(min(self.cap, wanted))


class ReportDialog(QDialog):
    """One imported rectification report: from whom, for which notice, the file, and each finding it reports on.

    :attr:`open_finding_requested` asks the page to open a finding (the dialog closes)."""

    open_finding_requested = Signal(str)  # finding id

    def __init__(self, detail: ReportDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        r = detail.report
        self.setWindowTitle(self.tr("整改情况报告"))
        self.setMinimumWidth(600)
        self.resize(720, 560)
        heading = QLabel(self.tr("{department} · {notice}").format(department=r.department, notice=r.notice_number))
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        heading.setWordWrap(True)
        self.file_label = _wrapping_label()
        self.file_label.setText(r.source_filename or "—")
        info = QFormLayout()
        info.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        info.addRow(self.tr("文件："), self.file_label)
        info.addRow(self.tr("导入时间："), QLabel(datetime_text(r.received_at)))
        info.addRow(self.tr("报送问题："), QLabel(self.tr("{n} 个").format(n=len(detail.items))))
        self.superseded_label = QLabel()
        self.superseded_label.setWordWrap(True)
        self.superseded_label.setStyleSheet(palette.text_style(palette.WARNING))
        if r.superseded:
            self.superseded_label.setText(self.tr("此报告已被更新导入的报告（{file}）取代，以新报告为准。").format(
                file=detail.superseded_by or "—"))
        self.superseded_label.setVisible(r.superseded)

        items = QWidget()
        column = QVBoxLayout(items)
        self.item_views: list[ReportedView] = []
        self.open_buttons: dict[str, QPushButton] = {}
        for n, item in enumerate(detail.items, start=1):
            if n > 1:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                column.addWidget(line)
            title = QLabel(self.tr("{n}. {title}").format(n=n, title=item.finding_title))
            title.setWordWrap(True)
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            status = QLabel(self.tr("当前状态：{status}").format(status=status_label(item.finding_status)))
            status.setStyleSheet(palette.text_style(palette.SECONDARY))
            open_button = QPushButton(self.tr("打开问题"))
            open_button.clicked.connect(lambda _c=False, fid=item.finding_id: self._open(fid))
            self.open_buttons[item.finding_id] = open_button
            top = QHBoxLayout()
            top.addWidget(title, 1)
            top.addWidget(open_button, 0, Qt.AlignmentFlag.AlignTop)
            view = ReportedView(show_source=False)
            view.show_item(item)
            self.item_views.append(view)
            column.addLayout(top)
            column.addWidget(status)
            column.addWidget(view)
        if not detail.items:
            column.addWidget(QLabel(self.tr("此报告没有报送任何问题的整改情况。")))
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(items)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(info)
        layout.addWidget(self.superseded_label)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)

    def _open(self, finding_id: str) -> None:
        self.accept()
        self.open_finding_requested.emit(finding_id)


class ReportsTab(QWidget):
    """The 整改报告 tab: the reports received; double-click, Enter or 查看报告… asks to open one."""

    open_requested = Signal(str)  # report id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReportsTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, REP_FILE, on_activate=lambda index: self.open_requested.emit(index.data(ID_ROLE)))
        hint = QLabel(self.tr("各单位报送的整改情况报告。在“整改通知书”中选中已签发的通知书，"
                              "点击“生成整改报告表…”发给单位填写，单位交回后点击“导入整改报告…”导入。"
                              "双击一份报告，查看单位报送的整改措施。"))
        hint.setWordWrap(True)
        self.open_button = QPushButton(self.tr("查看报告…"))
        self.open_button.setToolTip(self.tr("查看选中报告中单位报送的整改措施、完成日期和证明材料"))
        self.open_button.clicked.connect(self._open_selected)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._update()

    def selected_report_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def _update(self, *args: object) -> None:
        self.open_button.setEnabled(self.selected_report_id() is not None)

    def _open_selected(self) -> None:
        report_id = self.selected_report_id()
        if report_id:
            self.open_requested.emit(report_id)
