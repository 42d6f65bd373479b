"""自查评估 on the plans page: the self-report form of a plan's target department, its import, the discrepancies.

The panel sits under the plans table and follows the selected plan
(:meth:`SelfReportPanel.set_plan`): a combo of the plan's targets, then
生成自查表… (the form the department fills in), 导入自查表… (the form it returns;
the inspection runner then shows each answer beside its item) and 自查差异…
(:class:`ui.forms.discrepancy.DiscrepancyDialog`). A line below says whether the
chosen department's self-report has arrived.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services import selfreports
from inspector.services.selfreports import TargetState
from ui.context import AppContext
from ui.forms.discrepancy import DiscrepancyDialog
from ui.forms.flows import FormFlows
from ui.widgets import palette
from ui.widgets.labels import datetime_text


def _no_targets(session) -> list[TargetState]:
    """No plan selected: no targets (a read all the same, so that it supersedes one still running)."""
    return []


class SelfReportPanel(QGroupBox):
    targets_loaded = Signal()
    written = Signal(object)     # inspector.forms.FormFile
    imported = Signal(object)    # inspector.forms.ImportResult
    refused = Signal(object)     # the error of a refused import

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("第二步“自查评估”"))
        self.ctx = ctx
        self.plan_id: str | None = None
        self.plan_title = ""
        self.targets: list[TargetState] = []
        self.discrepancy_dialog: DiscrepancyDialog | None = None
        self.flows = FormFlows(ctx, self)

        self.department_combo = QComboBox()
        self.department_combo.setMinimumContentsLength(16)
        self.department_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.notice_button = QPushButton(self.tr("检查通知…"))  # the letter that sends the form (ui.letters)
        self.notice_button.setToolTip(self.tr("起草、签发和导出发给该单位的检查通知（自查表随通知发出）"))
        self.letter_dialog = None
        self.save_button = QPushButton(self.tr("生成自查表…"))
        self.import_button = QPushButton(self.tr("导入自查表…"))
        self.discrepancy_button = QPushButton(self.tr("自查差异…"))
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("被检查单位：")))
        row.addWidget(self.department_combo, 1)
        row.addWidget(self.notice_button)
        row.addWidget(self.save_button)
        row.addWidget(self.import_button)
        row.addWidget(self.discrepancy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.state_label)

        self.department_combo.currentIndexChanged.connect(self._update)
        self.notice_button.clicked.connect(self.open_letters)
        self.save_button.clicked.connect(self.save_form)
        self.import_button.clicked.connect(self.import_form)
        self.discrepancy_button.clicked.connect(self.open_discrepancies)
        self.flows.written.connect(self.written)
        self.flows.imported.connect(self.imported)
        self.flows.refused.connect(self.refused)
        self.flows.finished.connect(self._update)
        self._update()

    # ---- the plan followed -------------------------------------------------------------------

    def set_plan(self, plan_id: str | None, title: str = "") -> None:
        """Follow the plan selected on the page (None: none); always reads its targets again."""
        self.plan_id, self.plan_title = plan_id, title
        self.reload()

    def reload(self) -> None:
        """Read the targets of the plan followed again (its departments, their self-reports)."""
        plan_id = self.plan_id
        load = _no_targets if plan_id is None else (lambda s: selfreports.plan_targets(s, plan_id))
        if self.ctx.read(self, load, self._show_targets, key="targets") is None:
            self._show_targets([])  # no vault: nothing to show

    def _show_targets(self, targets: list[TargetState]) -> None:
        keep = self.department_id()
        self.targets = targets
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        for t in targets:
            self.department_combo.addItem(t.department, t.department_id)
        index = next((n for n, t in enumerate(targets) if t.department_id == keep), 0 if targets else -1)
        self.department_combo.setCurrentIndex(index)
        self.department_combo.blockSignals(False)
        self._update()
        self.targets_loaded.emit()

    def department_id(self) -> str | None:
        return self.department_combo.currentData()

    def select_department(self, department_id: str) -> bool:
        index = self.department_combo.findData(department_id)
        if index >= 0:
            self.department_combo.setCurrentIndex(index)
        return index >= 0

    def target(self) -> TargetState | None:
        dept = self.department_id()
        return next((t for t in self.targets if t.department_id == dept), None)

    # ---- buttons and the state line ----------------------------------------------------------

    def _update(self, *_args: Any) -> None:
        has_plan = self.plan_id is not None
        target = self.target()
        busy = self.flows.busy
        self.department_combo.setEnabled(bool(self.targets))
        for button in (self.save_button, self.import_button):
            button.setEnabled(target is not None and not busy)
        self.notice_button.setEnabled(target is not None)
        self.discrepancy_button.setEnabled(has_plan)
        if not has_plan:
            why = self.tr("请先在上方列表中选择一个检查计划。")
            for button in (self.save_button, self.import_button, self.discrepancy_button):
                button.setToolTip(why)
            self.state_label.setText(why)
            return
        self.discrepancy_button.setToolTip(self.tr("本计划各单位自查为“符合”、检查却发现“不符合”或“部分符合”的项，"
                                                   "以及自查未回答的项"))
        if target is None:
            why = self.tr("本计划还没有被检查单位：请先编辑计划，添加被检查单位。")
            self.save_button.setToolTip(why)
            self.import_button.setToolTip(why)
            self.state_label.setText(why if not self.targets else "")
            return
        self.save_button.setToolTip(self.tr("生成“{department}”的自查表（xlsx），发给单位填写").format(
            department=target.department))
        self.import_button.setToolTip(self.tr("导入“{department}”填好交回的自查表").format(department=target.department))
        if target.received_at is None:
            self.state_label.setText(self.tr("尚未导入“{department}”的自查表。生成自查表发给单位，收回后点击“导入自查表…”。")
                                     .format(department=target.department))
        else:
            self.state_label.setText(self.tr("已导入自查表：{when} 收到（{file}），填报人 {who}；已回答 {answered} / {items} 项。")
                                     .format(when=datetime_text(target.received_at),
                                             file=target.filename or "—", who=target.respondent or "—",
                                             answered=target.answered, items=target.items))

    def open_letters(self):
        """The 检查通知 (and any other letter) of the chosen department in this plan."""
        from ui.letters.dialog import Scope, open_letter_dialog

        target = self.target()
        if target is None or self.plan_id is None:
            return None
        self.letter_dialog = open_letter_dialog(self.ctx, self, Scope(plan_id=self.plan_id,
                                                                      department_id=target.department_id))
        return self.letter_dialog

    # ---- the flows ---------------------------------------------------------------------------

    def save_form(self) -> None:
        target, plan_id = self.target(), self.plan_id
        if target is None or plan_id is None:
            return
        department_id, department = target.department_id, target.department

        def suggest(s) -> str:
            from inspector.forms import selfreport

            return selfreport.suggested_filename(s, plan_id, department_id)

        def build(s):
            from inspector.forms import selfreport

            return selfreport.build_form(s, plan_id, department_id)

        def done(result) -> str:
            return self.tr("已生成自查表：\n{path}\n\n共 {rows} 个检查项。请将此文件发送给“{department}”填写；"
                           "单位填好交回后，点击“导入自查表…”导入。").format(
                path=str(result.path), rows=result.rows, department=department)

        self.flows.save(title=self.tr("生成自查表"), suggest=suggest, build=build, label=self.tr("正在生成自查表…"),
                        done_text=done)
        self._update()

    def import_form(self) -> None:
        target, plan_id = self.target(), self.plan_id
        if target is None or plan_id is None:
            return
        department_id = target.department_id

        def run(s, data: bytes, filename: str):
            from inspector.forms import selfreport

            return selfreport.import_form(s, data, filename, plan_id=plan_id, department_id=department_id)

        # the page reloads this panel when the self-report is stored (Area.SELF_REPORTS)
        self.flows.import_(title=self.tr("导入自查表"), run=run, label=self.tr("正在导入自查表…"),
                           done_text=self._imported_text)
        self._update()

    def _imported_text(self, result) -> str:
        unanswered = result.rows - result.answered
        lines = [self.tr("已导入“{department}”的自查表（{file}）。").format(department=result.department,
                                                                   file=result.filename),
                 self.tr("共 {rows} 项：已回答 {answered} 项，未回答 {unanswered} 项。").format(
                     rows=result.rows, answered=result.answered, unanswered=unanswered)]
        if result.supersedes_id:
            lines.append(self.tr("这份自查表取代此前导入的一份（历史保留）。"))
        lines.append(self.tr("现场检查时，检查表各项旁会显示单位的自查结论。"))
        return "\n".join(lines)

    # ---- the discrepancy view ----------------------------------------------------------------

    def open_discrepancies(self) -> DiscrepancyDialog | None:
        if self.plan_id is None or self.ctx.vault is None:
            return None
        if self.discrepancy_dialog is not None:
            self.discrepancy_dialog.close()
        dialog = DiscrepancyDialog(self.ctx, self.plan_id, self.plan_title, self)
        dialog.destroyed.connect(lambda *_: setattr(self, "discrepancy_dialog", None)
                                 if self.discrepancy_dialog is dialog else None)
        self.discrepancy_dialog = dialog
        dialog.show()
        dialog.reload()
        return dialog

    def clear(self) -> None:
        """The vault is locking: forget the targets, close the dialogs."""
        import shiboken6

        self.plan_id, self.plan_title = None, ""
        self.flows.close_dialogs()
        if self.discrepancy_dialog is not None and shiboken6.isValid(self.discrepancy_dialog):
            self.discrepancy_dialog.close()
        self.discrepancy_dialog = None
        self._show_targets([])
