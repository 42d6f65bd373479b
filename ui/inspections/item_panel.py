"""The selected checklist item: what to check, the articles, the department's own answer, verdict, notes, evidence;
in a re-inspection (复查), the notice's findings of the item and what the department reported (read-only).

The panel only shows and collects; the runner saves. Every user edit leaves
as a signal at once (no Save button): :attr:`verdict_chosen`,
:attr:`notes_edited` on every change of the text.
"""

from __future__ import annotations

from html import escape
from typing import Any, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.model import Verdict
from inspector.services.inspections import ResultState, RunnerItem, SelfAnswer
from ui.widgets import palette
from ui.widgets.evidence import EvidenceArea
from ui.widgets.labels import date_text, day_text, status_label, verdict_labels

VERDICT_KEYS = {Verdict.COMPLIANT: "1", Verdict.PARTIAL: "2", Verdict.NON_COMPLIANT: "3", Verdict.NOT_APPLICABLE: "4"}


class ItemPanel(QWidget):
    verdict_chosen = Signal(object)      # Verdict, or None to withdraw it
    notes_edited = Signal(str)           # the whole text, after every change
    new_finding_requested = Signal()
    finding_requested = Signal(str)      # id of a finding already opened from this item

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: RunnerItem | None = None
        self._loading = False
        self._labels = verdict_labels()

        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.verdict_group = QButtonGroup(self)
        self.verdict_group.setExclusive(False)  # a second click on the chosen verdict withdraws it
        self.verdict_buttons: dict[Verdict, QPushButton] = {}
        verdicts = QHBoxLayout()
        for verdict, key in VERDICT_KEYS.items():
            button = QPushButton(f"{key}  {self._labels[verdict]}")
            button.setCheckable(True)
            button.setToolTip(self.tr("快捷键：在检查项列表中按 {key}，或在任何位置按 Alt+{key}；再按一次取消结论")
                              .format(key=key))
            button.setStyleSheet(f"QPushButton:checked {{ background: {palette.VERDICT[verdict]}; color: white;"
                                 f" font-weight: bold; border-radius: 3px; padding: 4px 10px; }}")
            button.setMinimumHeight(30)
            bold = button.font()
            bold.setBold(True)  # checked, the label is bold inside 10 px of padding: never cut
            button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(button.text()) + 2 * 10 + 10)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the focus in the checklist
            self.verdict_group.addButton(button)
            self.verdict_buttons[verdict] = button
            button.clicked.connect(self._verdict_clicked)
            verdicts.addWidget(button)
        self.findings_label = QLabel()
        self.findings_label.setTextFormat(Qt.TextFormat.RichText)
        self.findings_label.setWordWrap(True)
        self.findings_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.findings_label.linkActivated.connect(self.finding_requested)
        verdicts.addWidget(self.findings_label, 1)
        self.finding_button = QPushButton(self.tr("新建问题"))
        self.finding_button.setToolTip(self.tr("由本检查项新建问题草稿（带出条款与默认严重程度）"))
        self.finding_button.clicked.connect(self.new_finding_requested)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.finding_button, 0, Qt.AlignmentFlag.AlignTop)

        self.info_view = QTextBrowser()
        self.info_view.setOpenLinks(False)
        self.self_view = QTextBrowser()
        self.self_view.setOpenLinks(False)
        info_row = QSplitter(Qt.Orientation.Horizontal)
        info_row.setChildrenCollapsible(False)
        info_row.addWidget(self._titled(self.tr("检查要求"), self.info_view))
        info_row.addWidget(self._titled(self.tr("单位自查"), self.self_view))
        info_row.setStretchFactor(0, 3)
        info_row.setStretchFactor(1, 2)
        self.info_row = info_row

        # a 复查: what the notice found on this item and what the department reported (read-only)
        self.notice_view = QTextBrowser()
        self.notice_view.setOpenLinks(False)
        self.notice_box = self._titled(self.tr("整改通知书所列问题"), self.notice_view)
        self.notice_box.hide()

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.textChanged.connect(self._notes_changed)
        self.notes_edit.setTabChangesFocus(True)
        self.evidence = EvidenceArea()

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.notice_box)
        self.splitter.addWidget(info_row)
        self.splitter.addWidget(self._titled(self.tr("检查记录"), self.notes_edit))
        self.splitter.addWidget(self.evidence)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setStretchFactor(3, 2)
        self.splitter.setSizes([160, 300, 120, 170])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addLayout(verdicts)
        layout.addWidget(self.splitter, 1)
        self.show_nothing()

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        label = QLabel(title)
        label.setStyleSheet("font-weight: bold;")
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        return box

    # ---- showing -----------------------------------------------------------------------------

    def show_nothing(self) -> None:
        self.item = None
        self._loading = True
        self.title_label.setText(self.tr("请在左侧选择检查项"))
        self.info_view.clear()
        self.self_view.clear()
        self.notes_edit.clear()
        self.findings_label.clear()
        self.show_notice_findings(None)
        self.evidence.model.clear()
        self._loading = False
        self.set_editable(False)

    def show_item(self, item: RunnerItem, result: ResultState | None, self_answer: SelfAnswer | None,
                  self_report: dict[str, Any] | None, articles: dict[int, tuple[str, str]],
                  findings: list[dict[str, Any]], editable: bool,
                  notice_findings: list[dict[str, Any]] | None = None) -> None:
        """``notice_findings``: for a re-inspection, the notice's findings of this item (None: a first
        inspection, or an item the notice found nothing on)."""
        self.item = item
        self._loading = True
        try:
            self.title_label.setText(f"{item.code}  {item.title}")
            self.info_view.setHtml(self._info_html(item, articles))
            self.self_view.setHtml(self._self_html(self_answer, self_report))
            notes = result.notes if result else ""
            if self.notes_edit.toPlainText() != notes:
                self.notes_edit.setPlainText(notes)
            self.show_verdict(result.verdict if result else None)
            self.show_findings(findings)
            self.show_notice_findings(notice_findings)
        finally:
            self._loading = False
        self.set_editable(editable)

    def show_notice_findings(self, rows: list[dict[str, Any]] | None) -> None:
        """The re-inspected notice's findings of this item: title, status, deadline, the reported measures."""
        self.notice_box.setVisible(bool(rows))
        if not rows:
            self.notice_view.clear()
            return
        deadline_label, measures_label = self.tr("整改期限"), self.tr("单位报告的整改措施")
        nothing = self.tr("（单位未报告整改情况）")
        parts = []
        for row in rows:
            head = (f"<p><b>{escape(row['title'])}</b>&nbsp;&nbsp;"
                    f"<span style=\"color:{palette.SLATE};\">{escape(status_label(row['status']))}"
                    f" · {escape(deadline_label)} {escape(date_text(row.get('deadline')))}</span></p>")
            measures = (row.get("measures") or "").strip()
            body = (f'<p style="margin-left:8px; color:{palette.INK_SOFT};"><b>{escape(measures_label)}</b><br>'
                    f"{escape(measures)}</p>" if measures
                    else f'<p style="margin-left:8px; color:{palette.MUTED};">{escape(nothing)}</p>')
            parts.append(head + body)
        self.notice_view.setHtml("".join(parts))

    def show_notes(self, notes: str) -> None:
        """The item's notes as stored (a change the user did not confirm was undone); no edit is signalled."""
        self._loading = True
        try:
            if self.notes_edit.toPlainText() != notes:
                self.notes_edit.setPlainText(notes)
        finally:
            self._loading = False

    def show_verdict(self, verdict: Optional[Verdict]) -> None:
        for v, button in self.verdict_buttons.items():
            button.setChecked(v == verdict)

    def show_findings(self, findings: list[dict[str, Any]]) -> None:
        if not findings:
            self.findings_label.clear()
            return
        links = self.tr("、").join(f'<a href="{escape(f["id"])}">{escape(f["title"][:14])}</a>' for f in findings[-2:])
        self.findings_label.setText(self.tr("已有问题 {n} 个：{links}").format(n=len(findings), links=links))

    def set_editable(self, editable: bool) -> None:
        has_item = self.item is not None
        for button in self.verdict_buttons.values():
            button.setEnabled(editable and has_item)
        self.notes_edit.setReadOnly(not (editable and has_item))
        self.notes_edit.setPlaceholderText(
            self.tr("检查记录：现场看到的情况、询问要点……（随输入自动保存）") if editable and has_item
            else self.tr("（无检查记录）"))
        self.finding_button.setEnabled(editable and has_item)
        self.finding_button.setToolTip(
            self.tr("由本检查项新建问题草稿（带出条款与默认严重程度）") if editable or not has_item
            else self.tr("检查已完成，不能再新建问题；如需更正，请先“重新打开（更正）”该检查"))
        self.evidence.set_editable(editable and has_item)

    def _info_html(self, item: RunnerItem, articles: dict[int, tuple[str, str]]) -> str:
        how_label, basis_label = self.tr("检查方法"), self.tr("依据条款")  # plain calls: lupdate cannot see into f-strings
        parts = [f"<p>{escape(item.text)}</p>"]
        if item.how_to_check:
            parts.append(f"<p><b>{escape(how_label)}</b><br>{escape(item.how_to_check)}</p>")
        cited = [n for n in item.articles if n in articles]
        if cited:
            parts.append(f"<p><b>{escape(basis_label)}</b></p>")
            for n in cited:
                label, text = articles[n]
                parts.append(f'<p style="margin-left:8px; color:{palette.INK_SOFT};"><b>{escape(label)}</b>&nbsp;&nbsp;{escape(text)}</p>')
        return "".join(parts)

    def _self_html(self, answer: SelfAnswer | None, report: dict[str, Any] | None) -> str:
        none_label, unanswered_label = self.tr("未提交自查"), self.tr("自查中未回答本项")
        evidence_label = self.tr("佐证材料")
        if report is None:
            return f'<p style="color:{palette.MUTED};">{escape(none_label)}</p>'
        if answer is None or answer.answer is None:
            parts = [f'<p style="color:{palette.MUTED};">{escape(unanswered_label)}</p>']
        else:
            color = palette.VERDICT[answer.answer]
            parts = [f'<p><b style="color:{color};">{escape(self._labels[answer.answer])}</b></p>']
            if answer.explanation:
                parts.append(f"<p>{escape(answer.explanation)}</p>")
            if answer.evidence_list:
                parts.append(f"<p><b>{escape(evidence_label)}</b><br>{escape(answer.evidence_list)}</p>")
        received = report.get("received_at")
        source = self.tr("自查表：{who}，{when} 收到").format(
            who=report.get("respondent") or self.tr("未署名"),
            when=day_text(received, empty=""))
        parts.append(f'<p style="color:{palette.MUTED}; font-size:small;">{escape(source)}</p>')
        return "".join(parts)

    # ---- user edits ----------------------------------------------------------------------------

    def _verdict_clicked(self) -> None:
        button = self.sender()
        for verdict, b in self.verdict_buttons.items():
            if b is button:
                chosen = verdict if b.isChecked() else None
                self.show_verdict(chosen)
                self.verdict_chosen.emit(chosen)
                return

    def _notes_changed(self) -> None:
        if not self._loading and self.item is not None:
            self.notes_edited.emit(self.notes_edit.toPlainText())
