"""整改 — rectification: notices (整改通知书), drafting and issuing them, the findings' steps, reports received.

For an issued notice, 生成整改报告表… writes the department's rectification
report form (xlsx) and 导入整改报告… imports the one it returns
(:mod:`ui.forms.flows`): each finding reported moves to 已报整改, awaiting
verification.

Everything reads and writes through :mod:`inspector.services.rectification`
with ``ctx.read`` / ``ctx.write``; the page shows notices, findings,
departments, plans and reports, and reloads when a write anywhere changes them.
Issuing numbers a notice with the vault's pattern, without gaps per year (the
core does it), and marks its findings 已通知.

An issued notice is never edited: 起草更正通知… drafts a 更正通知 (new 整改要求
and/or 整改期限 for some of its findings, and why), listed under the number it
corrects; issuing it numbers it in the same series and only then changes the
findings, and the original shows 已被…更正.

删除草稿… deletes a draft notice made in error, with a reason (:func:`inspector.services.deletion.delete`): its
findings stay, as drafts, and can be drafted again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError, NotFoundError
from inspector.model import Area, FindingStatus, NoticeStatus
from inspector.services import deletion, findings, queries
from inspector.services import rectification as rect
from inspector.timezones import china_today
from ui.context import AppContext
from ui.errors import show_error
from ui.forms.flows import FormFlows
from ui.rectification.detail import NoticeDetailPane
from ui.rectification.dialogs import (
    ColophonDialog,
    CorrectionDialog,
    DraftNoticeDialog,
    TransitionDialog,
)
from ui.rectification.models import (
    COL_DEPARTMENT,
    ChangeRow,
    CorrectionTarget,
    NoticesTableModel,
)
from ui.rectification.reinspect import open_reinspect
from ui.rectification.reported import ReportDialog, ReportsTab
from ui.widgets import palette
from ui.widgets.confirm import ask_reason
from ui.widgets.documents import close_document_dialog, open_document_dialog
from ui.widgets.page import CoalescedReload, Page
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.vault import VaultSession


@dataclass(frozen=True)
class Overview:
    """What the page lists, read in one session."""

    notices: list[rect.NoticeRow] = field(default_factory=list)
    reports: list[rect.ReportRow] = field(default_factory=list)
    candidates: list[rect.DraftCandidate] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)


def load_overview(s: VaultSession, today: date) -> Overview:
    """Notices, reports, the findings a new notice can take, and the plans to name them by."""
    return Overview(notices=rect.list_notices(s, today), reports=rect.list_reports(s),
                    candidates=rect.draft_candidates(s), plans=queries.list_plans(s))


@dataclass(frozen=True)
class DetailData:
    """A notice's detail; for a 更正通知 also why and what it corrects (as the document states it)."""

    detail: rect.NoticeDetail
    correction_reason: str = ""
    changes: list[ChangeRow] = field(default_factory=list)


def load_detail(s: VaultSession, notice_id: str, today: date) -> DetailData:
    detail = rect.notice_detail(s, notice_id, today)
    if not detail.notice.corrects_id:
        return DetailData(detail)
    from inspector.services.documents import notice_data

    data = notice_data(s, notice_id)
    return DetailData(detail, data.correction_reason,
                      [ChangeRow(n, *change) for n, change in enumerate(data.changes, start=1)])


def correction_targets(s: VaultSession, notice_id: str, today: date) -> list[CorrectionTarget]:
    """The findings of an issued notice with what a 更正通知 may correct, as they stand."""
    targets = []
    for row in rect.notice_detail(s, notice_id, today).findings:
        f = findings.get_finding(s, row.finding_id)
        targets.append(CorrectionTarget(finding_id=f.id, title=f.title, severity=row.severity,
                                        requirement=f.rectification_requirement or "", deadline=f.deadline))
    return targets


class RectificationPage(CoalescedReload, Page):
    key = "rectification"
    areas = frozenset({Area.NOTICES, Area.FINDINGS, Area.DEPARTMENTS, Area.PLANS, Area.REPORTS, Area.INSPECTIONS})

    loaded = Signal()                # the lists show the vault
    detail_loaded = Signal()         # the detail pane shows the selected notice
    notice_drafted = Signal(str)     # notice id
    correction_drafted = Signal(str)  # the draft 更正通知's id
    notice_issued = Signal(str)      # the number given
    notice_deleted = Signal(str)     # notice id: a draft deleted with a reason
    finding_changed = Signal(str)    # finding id, after a step was taken
    form_written = Signal(object)    # inspector.forms.FormFile: a rectification report form was saved
    report_imported = Signal(object)  # inspector.forms.ImportResult: a returned form was imported
    form_refused = Signal(object)    # the error of a refused import or write
    report_opened = Signal(str)      # report id: its dialog shows what the department reported
    reinspection_scheduled = Signal(str)  # inspection id of the re-inspection (复查) just scheduled

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = china_today
        self.overview = Overview()
        self.draft_dialog: DraftNoticeDialog | None = None
        self.correction_dialog: CorrectionDialog | None = None
        self.transition_dialog: TransitionDialog | None = None
        self.reinspect_dialog = None  # ui.rectification.reinspect.ReinspectDialog
        self.confirm_box: QMessageBox | None = None
        self._select_after_load: str | None = None

        self.draft_button = QPushButton(self.tr("起草整改通知书…"))
        self.issue_button = QPushButton(self.tr("签发"))
        self.issue_button.setToolTip(self.tr("签发选中的草稿：按年度连续编号，所列问题变为“已通知”"))
        self.discard_button = QPushButton(self.tr("删除草稿…"))
        self.discard_button.setToolTip(self.tr("删除误起草的通知书草稿（需填写原因）；所列问题仍为草稿，可重新起草"))
        self.colophon_button = QPushButton(self.tr("抄送与附注…"))
        self.colophon_button.setToolTip(self.tr("本草稿的抄送机关、印发机关、联系人和电话（签发后随通知书固定）"))
        self.colophon_dialog: ColophonDialog | None = None
        self.correct_button = QPushButton(self.tr("起草更正通知…"))
        self.pdf_button = QPushButton(self.tr("通知书 PDF…"))
        self.pdf_button.setToolTip(self.tr("预览选中的整改通知书，导出并数字签名"))
        self.document_dialog = None
        self.form_button = QPushButton(self.tr("生成整改报告表…"))
        self.import_button = QPushButton(self.tr("导入整改报告…"))
        self.flows = FormFlows(ctx, self)
        self.flows.written.connect(self.form_written)
        self.flows.imported.connect(self._report_imported)
        self.flows.refused.connect(self.form_refused)
        self.flows.finished.connect(self._update_buttons)
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        bar = QHBoxLayout()
        for button in (self.issue_button, self.discard_button, self.colophon_button, self.correct_button,
                       self.pdf_button):
            bar.addWidget(button)
        bar.addSpacing(16)
        bar.addWidget(self.form_button)
        bar.addWidget(self.import_button)
        bar.addStretch(1)
        bar.addWidget(self.summary_label)

        self.notices_model = NoticesTableModel(self)
        self.notices_view = QTableView()
        self.notices_view.setModel(self.notices_model)
        configure_table(self.notices_view, COL_DEPARTMENT)
        self.notices_view.selectionModel().selectionChanged.connect(self._notice_selected)
        self.detail = NoticeDetailPane()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.notices_view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([220, 420])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        self.reports_tab = ReportsTab()
        self.reports_model, self.reports_view = self.reports_tab.model, self.reports_tab.view
        self.reports_tab.open_requested.connect(self.open_report)
        self.report_dialog: ReportDialog | None = None

        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, self.tr("整改通知书"))
        self.tabs.addTab(self.reports_tab, self.tr("整改报告"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        self.draft_button.clicked.connect(self.open_draft_dialog)
        self.issue_button.clicked.connect(self.confirm_issue)
        self.discard_button.clicked.connect(self.confirm_discard)
        self.colophon_button.clicked.connect(self.open_colophon_dialog)
        self.correct_button.clicked.connect(self.open_correction_dialog)
        self.pdf_button.clicked.connect(self.export_notice)
        self.form_button.clicked.connect(self.save_report_form)
        self.import_button.clicked.connect(self.import_report)
        self.detail.action_requested.connect(self.request_transition)
        self.detail.open_finding_requested.connect(lambda fid: self.ctx.navigate("findings", fid))
        self.letter_dialog = None  # ui.letters: the selected notice's letters
        self.detail.letters_requested.connect(self.open_letters)
        self.detail.reinspect_requested.connect(lambda notice_id: open_reinspect(self, notice_id))
        self._update_buttons()

    # ---- Page ------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("整改")

    def header_actions(self) -> list[QWidget]:
        return [self.draft_button]

    def activate(self, argument: object = None) -> None:
        if isinstance(argument, str):
            self._select_after_load = argument
        if self.stale or argument is not None:
            self.reload()

    def clear(self) -> None:
        self.overview = Overview()
        self.notices_model.set_rows([])
        self.reports_model.set_rows([])
        self.detail.show_detail(None)
        self.summary_label.clear()
        for dialog in (self.draft_dialog, self.correction_dialog, self.transition_dialog, self.confirm_box,
                       self.report_dialog, self.reinspect_dialog):
            if dialog is not None:
                dialog.reject()
        close_document_dialog(self.document_dialog)
        self.document_dialog = None
        close_document_dialog(self.letter_dialog)  # any dialog that may be gone already
        self.letter_dialog = None
        self.flows.close_dialogs()
        self.stale = True
        self._update_buttons()

    # ---- loading ---------------------------------------------------------------------------

    def _reload_now(self) -> None:
        today = self.today()
        self.ctx.read(self, lambda s: load_overview(s, today), self._show_overview, key="overview")

    def _show_overview(self, overview: Overview) -> None:
        keep = self._select_after_load or self.selected_notice_id()
        self._select_after_load = None
        self.overview = overview
        self.stale = False
        self.notices_model.set_rows(overview.notices)
        self.reports_model.set_rows(overview.reports)
        self.tabs.setTabText(1, self.tr("整改报告（{n}）").format(n=len(overview.reports)))
        states = [n.state for n in overview.notices if n.status is NoticeStatus.DRAFT or not n.corrects_id]
        self.summary_label.setText(self.tr("草稿 {d} 份 · 整改中 {o} 份 · 已办结 {c} 份").format(
            d=states.count(rect.NOTICE_DRAFT), o=states.count(rect.NOTICE_OPEN), c=states.count(rect.NOTICE_CLOSED)))
        row = self.notices_model.row_of(keep) if keep else -1
        if row < 0 and self.notices_model.rowCount():
            row = 0
        if row >= 0:
            before = self.selected_notice_id()
            self.notices_view.selectRow(row)
            if self.selected_notice_id() == before:  # no selection change: reload its findings all the same
                self._load_detail()
        else:
            self.detail.show_detail(None)
        self._update_buttons()
        self.loaded.emit()

    def selected_notice(self) -> rect.NoticeRow | None:
        rows = self.notices_view.selectionModel().selectedRows()
        return self.notices_model.row(rows[0].row()) if rows else None

    def selected_notice_id(self) -> str | None:
        row = self.selected_notice()
        return row.notice_id if row else None

    def _notice_selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._update_buttons()
        self._load_detail()

    def _load_detail(self) -> None:
        """The selected notice's detail; a newer request (another notice, or none) drops an older answer."""
        notice_id, today = self.selected_notice_id(), self.today()
        if notice_id is None:
            self.detail.show_detail(None)
            # a detail still on its way belongs to a notice no longer listed: this read of nothing replaces it
            self.ctx.read(self, lambda s: None, self._show_detail, key="detail")
            return
        self.ctx.read(self, lambda s: load_detail(s, notice_id, today), self._show_detail,
                      on_failure=self._detail_failed, key="detail")

    def _show_detail(self, data: DetailData | None) -> None:
        if data is None:
            self.detail.show_detail(None)
            return
        self.detail.show_detail(data.detail, reason=data.correction_reason, changes=data.changes)
        self.detail_loaded.emit()

    def _detail_failed(self, err: InspectorError) -> None:
        if isinstance(err, NotFoundError):  # deleted meanwhile (another window, an import): just catch up
            self.reload()
        else:
            self._failed(err)

    def _update_buttons(self) -> None:
        notice = self.selected_notice()
        is_draft = notice is not None and notice.status is NoticeStatus.DRAFT
        self.issue_button.setEnabled(is_draft)
        self.discard_button.setEnabled(is_draft)
        self.colophon_button.setEnabled(is_draft)
        self.pdf_button.setEnabled(notice is not None)
        can_draft = bool(self.overview.candidates)
        self.draft_button.setEnabled(can_draft)
        self.draft_button.setToolTip(self.tr("选择单位及其草稿问题，起草整改通知书") if can_draft
                                     else self.tr("没有待通知的草稿问题"))
        issued = notice is not None and notice.status is NoticeStatus.ISSUED
        correction = notice is not None and bool(notice.corrects_id)
        self.correct_button.setEnabled(issued and not correction)
        if notice is None or not issued:
            self.correct_button.setToolTip(self.tr("选择一份已签发的整改通知书，才能起草更正通知"))
        elif correction:
            self.correct_button.setToolTip(self.tr("这是一份更正通知；如需再次更正，请对原通知书{original}起草更正通知").format(
                original=notice.corrects_number))
        else:
            self.correct_button.setToolTip(self.tr("更正{number}所列问题的整改要求或整改期限：起草更正通知，签发后生效").format(
                number=notice.number))
        for button in (self.form_button, self.import_button):
            button.setEnabled(issued and not correction and not self.flows.busy)
        if notice is None:
            why = self.tr("请先在列表中选择一份已签发的整改通知书。")
            self.form_button.setToolTip(why)
            self.import_button.setToolTip(why)
        elif correction:
            why = self.tr("更正通知没有单独的整改报告：请选中原通知书{original}办理。").format(original=notice.corrects_number)
            self.form_button.setToolTip(why)
            self.import_button.setToolTip(why)
        elif not issued:
            self.form_button.setToolTip(self.tr("草稿尚未签发：签发后才能生成整改情况报告表。"))
            self.import_button.setToolTip(self.tr("草稿尚未签发：签发后才能导入整改情况报告。"))
        else:
            self.form_button.setToolTip(self.tr("生成 {number} 的整改情况报告表（xlsx），发给“{department}”填写").format(
                number=notice.number, department=notice.department))
            self.import_button.setToolTip(self.tr("导入“{department}”填好交回的整改情况报告表：报送整改的问题变为"
                                                  "“已报整改”，等待核验").format(department=notice.department))

    # ---- a report received ---------------------------------------------------------------

    def open_report(self, report_id: str | None) -> None:
        """Read the report ``report_id`` with what it reports for each finding, then show it."""
        if not report_id:
            return

        def show(detail: rect.ReportDetail) -> None:
            if self.report_dialog is not None:
                self.report_dialog.reject()
            self.report_dialog = dialog = ReportDialog(detail, self)
            dialog.open_finding_requested.connect(lambda fid: self.ctx.navigate("findings", fid))
            dialog.open()
            self.report_opened.emit(report_id)

        self.ctx.read(self, lambda s: rect.report_detail(s, report_id), show, on_failure=self._detail_failed,
                      key="report")

    def export_notice(self) -> None:
        """Preview the selected notice, then export it (signed once issued)."""
        notice = self.selected_notice()
        if notice is None or self.ctx.vault is None:
            return
        notice_id = notice.notice_id

        def prepare(s: VaultSession):
            from inspector.services.exports import prepare_notice

            return prepare_notice(s.vault, notice_id, progress=s.progress, cancel=s.cancel)

        self.document_dialog = open_document_dialog(self.ctx, self, prepare)

    def open_letters(self, notice_id: str) -> None:
        """The letters of the notice (整改复查意见书, 督办通知, art. 33): :class:`ui.letters.dialog.LetterDialog`."""
        from ui.letters.dialog import Scope, open_letter_dialog

        close_document_dialog(self.letter_dialog)
        self.letter_dialog = open_letter_dialog(self.ctx, self, Scope(notice_id=notice_id))

    # ---- the rectification report form -----------------------------------------------------

    def save_report_form(self) -> None:
        """Write the rectification report form of the selected issued notice (a save dialog first)."""
        notice = self.selected_notice()
        if notice is None or notice.status is not NoticeStatus.ISSUED:
            return
        notice_id, number, department = notice.notice_id, notice.number, notice.department

        def suggest(s: VaultSession) -> str:
            from inspector.forms import rectification

            return rectification.suggested_filename(s, notice_id)

        def build(s: VaultSession):
            from inspector.forms import rectification

            return rectification.build_form(s, notice_id)

        def done(result) -> str:
            return self.tr("已生成整改情况报告表：\n{path}\n\n{number}，共 {rows} 个问题。请将此文件发送给“{department}”，"
                           "由单位填写已采取的整改措施和完成日期；交回后点击“导入整改报告…”导入。").format(
                path=str(result.path), number=number, rows=result.rows, department=department)

        self.flows.save(title=self.tr("生成整改情况报告表"), suggest=suggest,
                        build=build, label=self.tr("正在生成整改情况报告表…"), done_text=done)
        self._update_buttons()

    def import_report(self) -> None:
        """Import the form the department returned for the selected issued notice."""
        notice = self.selected_notice()
        if notice is None or notice.status is not NoticeStatus.ISSUED:
            return
        notice_id, today = notice.notice_id, self.today()

        def run(s: VaultSession, data: bytes, filename: str):
            from inspector.forms import rectification

            return rectification.import_form(s, data, filename, notice_id=notice_id, today=today)

        self.flows.import_(title=self.tr("导入整改情况报告"), run=run, label=self.tr("正在导入整改情况报告…"),
                           done_text=self._imported_text)
        self._update_buttons()

    def _imported_text(self, result) -> str:
        counts = result.counts
        lines = [self.tr("已导入“{department}”的整改情况报告（{file}）。").format(department=result.department,
                                                                        file=result.filename),
                 self.tr("报送整改 {answered} / {rows} 个问题：{moved} 个转为“已报整改”，等待核验；"
                         "{already} 个此前已报整改；{pending} 个尚未报送。").format(
                     answered=result.answered, rows=result.rows, moved=counts.get("moved_to_reported", 0),
                     already=counts.get("already_reported", 0), pending=counts.get("not_reported", 0))]
        if result.supersedes_id:
            lines.append(self.tr("这份报告取代此前导入的一份（历史保留）。"))
        return "\n".join(lines)

    def _report_imported(self, result) -> None:
        self._select_after_load = result.notice_id  # the import's write reloads the page: keep its notice
        self.report_imported.emit(result)

    # ---- writing ---------------------------------------------------------------------------

    # Each write below reports what it changed (notices, findings): this page and the others showing them
    # reload through on_written.

    def _failed(self, err: InspectorError) -> None:
        show_error(self, err)
        self.reload()  # show the vault as it is now

    def open_draft_dialog(self) -> None:
        if not self.overview.candidates:
            return
        self.draft_dialog = DraftNoticeDialog(self.overview.candidates, self.overview.plans, self.today(), self)
        self.draft_dialog.accepted.connect(self._draft_accepted)
        self.draft_dialog.open()

    def _draft_accepted(self) -> None:
        dialog = self.draft_dialog
        if dialog is None:
            return
        dept, plan, ids, deadline, today = (dialog.department_id(), dialog.plan_id(), dialog.finding_ids(),
                                            dialog.deadline(), self.today())

        def draft(s: VaultSession) -> str:
            return rect.create_draft(s, dept, ids, plan_id=plan, deadline=deadline, today=today).id

        def drafted(notice_id: str) -> None:
            self._select_after_load = notice_id
            self.notice_drafted.emit(notice_id)

        self.ctx.write(self, draft, drafted, on_failure=self._failed)

    def open_colophon_dialog(self) -> None:
        notice = self.selected_notice()
        if notice is not None and notice.status is NoticeStatus.DRAFT:
            self.colophon_dialog = ColophonDialog(self.ctx, notice.notice_id, notice.department, self)
            self.colophon_dialog.open()

    def open_correction_dialog(self) -> None:
        """Read the selected issued notice's findings as they stand, then ask what to correct."""
        notice = self.selected_notice()
        if notice is None or notice.status is not NoticeStatus.ISSUED or notice.corrects_id:
            return
        notice_id, today = notice.notice_id, self.today()

        def show(targets: list[CorrectionTarget]) -> None:
            current = self.selected_notice()
            if current is None or current.notice_id != notice_id:
                return  # the selection moved on while the findings were read
            self.correction_dialog = dialog = CorrectionDialog(current, targets, today, self)
            dialog.submitted.connect(lambda: self._draft_correction(dialog))
            dialog.open()

        self.ctx.read(self, lambda s: correction_targets(s, notice_id, today), show, on_failure=self._failed,
                      key="correction")

    def _draft_correction(self, dialog: CorrectionDialog) -> None:
        notice_id, changes, reason, today = dialog.notice_id, dialog.changes(), dialog.reason(), self.today()

        def drafted(correction_id: str) -> None:
            self._select_after_load = correction_id
            dialog.accept()
            self.correction_drafted.emit(correction_id)

        def refused(err: InspectorError) -> None:
            if dialog.isVisible():
                dialog.show_error(err)  # the dialog stays open: the user can change what was refused
            else:
                self._failed(err)

        self.ctx.write(self, lambda s: rect.draft_correction(s, notice_id, changes, reason, today=today).id,
                       drafted, on_failure=refused)

    def _confirm(self, title: str, text: str, yes: str, on_yes: Callable[[], None]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button)
        box.buttonClicked.connect(lambda button: on_yes() if button is yes_button else None)
        self.confirm_box = box
        box.open()

    def confirm_issue(self) -> None:
        notice = self.selected_notice()
        if notice is None or notice.status is not NoticeStatus.DRAFT:
            return
        notice_id = notice.notice_id
        if notice.corrects_id:
            self._confirm(self.tr("签发更正通知"),
                          self.tr("签发更正{original}的更正通知（{n} 个问题）？\n签发后按年度连续编号，不可撤回；"
                                  "所列问题的内容即按更正通知修改，原通知书标记为已更正。").format(
                              original=notice.corrects_number, n=notice.findings),
                          self.tr("签发"), lambda: self.issue(notice_id))
            return
        self._confirm(self.tr("签发整改通知书"),
                      self.tr("签发致 {department} 的整改通知书（{n} 个问题）？\n签发后按年度连续编号，不可撤回；"
                              "所列问题将变为“已通知”。").format(department=notice.department, n=notice.findings),
                      self.tr("签发"), lambda: self.issue(notice_id))

    def issue(self, notice_id: str) -> None:
        """Issue the draft ``notice_id`` with the vault's number pattern."""
        today = self.today()

        def issued(number: str) -> None:
            self._select_after_load = notice_id
            self.notice_issued.emit(number)

        self.ctx.write(self, lambda s: rect.issue(s, notice_id, issued_on=today).number, issued,
                       on_failure=self._failed)

    def confirm_discard(self) -> None:
        """删除草稿…: ask why, then delete the selected draft notice (its findings stay drafts); the list reloads
        on the write, a refusal is shown with the core's reason."""
        notice = self.selected_notice()
        if notice is None or notice.status is not NoticeStatus.DRAFT:
            return
        notice_id = notice.notice_id
        reason = ask_reason(self, self.tr("删除草稿"),
                            self.tr("删除致 {department} 的整改通知书草稿？所列问题仍为草稿，可重新起草。\n"
                                    "删除及原因记入审计记录，并随交换文件同步到其他设备。").format(
                                department=notice.department),
                            self.tr("删除"))
        if reason is None:
            return
        self.ctx.write(self, lambda s: deletion.delete(s, "notice", notice_id, reason).id,
                       self.notice_deleted.emit, on_failure=self._failed)

    def request_transition(self, finding_id: str, target: FindingStatus) -> None:
        """Take one step for a finding; the steps that need words or a date ask for them first."""
        if target in (FindingStatus.VERIFIED, FindingStatus.REOPENED):
            row = self.detail.selected_finding()
            row = row if row is not None and row.finding_id == finding_id else None
            self.transition_dialog = TransitionDialog(target, row.title if row else "", self.today(), self,
                                                      reported=row.reported if row else None)
            dialog = self.transition_dialog
            dialog.accepted.connect(lambda: self.apply_transition(finding_id, target, dialog.text(), dialog.deadline()))
            dialog.open()
        else:
            self.apply_transition(finding_id, target)

    def apply_transition(self, finding_id: str, target: FindingStatus, reason: str = "",
                         deadline: date | None = None) -> None:
        reason = reason.strip()
        self.ctx.write(self, lambda s: findings.change_status(s, finding_id, target, reason=reason,
                                                               deadline=deadline).id,
                       self.finding_changed.emit, on_failure=self._failed)
