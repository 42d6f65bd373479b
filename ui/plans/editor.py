"""The plan editor (安排部署): title, year, focus, schedule, team, checklist, status and targets.

Saving — one rule everywhere in Inspector's forms:

* a **new** plan is written only when 创建计划 is pressed (closing before that writes nothing);
* an **existing** plan saves as it is edited: choices and targets at once, typed
  text and dates after a short pause (or when the field is left), closing flushes.
  The core checks the whole plan each time (title, end ≥ start, a target before
  activating); a refused change stays on screen with the reason below the form
  and is retried with the next change. Closing with a refused change asks once
  more (a second 关闭 discards it).

Two people editing the same plan (issue 20): each save hands the core the plan's revision as shown or last
saved here (:mod:`inspector.concurrency`); a save refused because someone else saved the plan meanwhile
shows why and then the other person's version in the form (nothing of this save was written).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.collation import by_pinyin
from inspector.concurrency import StaleEditError
from inspector.errors import InspectorError
from inspector.model.enums import VersionStatus
from inspector.services import plans, regulation_versions
from inspector.services.plans import PlanEditorData
from ui.context import AppContext
from ui.plans.form import PlanForm
from ui.plans.targets import COL_NOTES, TargetDialog, TargetsTableModel
from ui.plans.team_dialog import TeamDialog
from ui.widgets import palette
from ui.widgets.fields import Debouncer, MessageLabel
from ui.widgets.tables import configure_table


def plan_validity(session, template_id: str, start_on, end_on) -> dict[str, Any]:
    """The effective dates of the regulation the checklist cites, and the core's warning (on the worker)."""
    reg = regulation_versions.regulation_of(session, template_id)
    return dict(title=reg.title, doc_number=reg.doc_number, effective_from=reg.effective_from,
                effective_to=reg.effective_to,
                warning=regulation_versions.plan_validity_warning(session, template_id, start_on, end_on))


class PlanEditor(QDialog):
    loaded = Signal()
    saved = Signal(str)       # the plan id, after it was created or a change was stored
    save_failed = Signal(object)

    def __init__(self, ctx: AppContext, plan_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self.data: PlanEditorData | None = None
        self.validity_warning: tuple[str, str] | None = None
        self._saved: dict[str, Any] = {}
        self._saved_targets: list[dict[str, Any]] = []
        self._revision: list[int | None] = [None]
        """The plan's revision as shown or last saved here; the worker's saves read and advance it (in order), so a
        save never counts this editor's own earlier save as someone else's (inspector.concurrency)."""
        self._targets_seen: list[dict[str, int] | None] = [None]
        """The targets as shown or last saved here (plans.targets_seen), kept as :attr:`_revision` is."""
        self._filling = True
        self._discard_armed = False
        self.target_dialog: TargetDialog | None = None
        self.team_dialog: TeamDialog | None = None
        self.debouncer = Debouncer(self.save_changes, self)
        self._build()
        self._set_mode()
        self.resize(1060, 640)
        ctx.read(self, lambda s: plans.plan_editor_data(s, plan_id), self._loaded, key="load")

    # ---- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.form = PlanForm()
        self.targets_model = TargetsTableModel(self)
        self.targets_view = QTableView()
        self.targets_view.setModel(self.targets_model)
        configure_table(self.targets_view, COL_NOTES, on_activate=lambda _index: self.open_edit_target())
        self.add_target_button = QPushButton(self.tr("添加单位…"))
        self.edit_target_button = QPushButton(self.tr("修改…"))
        self.remove_target_button = QPushButton(self.tr("移除"))
        target_buttons = QHBoxLayout()
        target_buttons.addWidget(self.add_target_button)
        target_buttons.addWidget(self.edit_target_button)
        target_buttons.addWidget(self.remove_target_button)
        target_buttons.addStretch(1)
        targets = QGroupBox(self.tr("被检查单位"))
        targets_layout = QVBoxLayout(targets)
        targets_layout.addWidget(self.targets_view, 1)
        targets_layout.addLayout(target_buttons)

        self.validity_label = QLabel()  # the regulation's effective dates; a warning when the plan falls outside
        self.validity_label.setWordWrap(True)
        self.message = MessageLabel()
        self.state_label = QLabel()
        self.state_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.create_button = QPushButton(self.tr("创建计划"))
        self.create_button.setDefault(True)
        self.close_button = QPushButton(self.tr("关闭"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label, 1)
        bottom.addWidget(self.create_button)
        bottom.addWidget(self.close_button)

        columns = QHBoxLayout()
        columns.addWidget(self.form, 5)
        columns.addWidget(targets, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.validity_label)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.setEnabled(False)  # until loaded

        self.form.edited.connect(self._edited)
        self.form.edited_now.connect(self._edited_now)
        self.form.edited.connect(self.check_validity)
        self.form.edited_now.connect(self.check_validity)
        self.form.new_team_button.clicked.connect(self.open_team_dialog)
        self.add_target_button.clicked.connect(self.open_add_target)
        self.edit_target_button.clicked.connect(self.open_edit_target)
        self.remove_target_button.clicked.connect(self.remove_selected_target)
        self.create_button.clicked.connect(self.create)
        self.close_button.clicked.connect(self.reject)

    def _set_mode(self) -> None:
        new = self.plan_id is None
        self.setWindowTitle(self.tr("新建检查计划") if new else self.tr("编辑检查计划"))
        self.create_button.setVisible(new)
        self.state_label.setText(self.tr("填写完毕后点击“创建计划”。") if new else self.tr("修改会自动保存。"))

    # ---- values ------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def dirty(self) -> dict[str, Any]:
        return {k: v for k, v in self.values().items() if self._saved.get(k) != v}

    def _loaded(self, data: PlanEditorData) -> None:
        self.data = data
        self._filling = True
        used = data.plan["template_id"] if data.plan is not None else None
        # only published versions; a retired one only for the plan that already uses it, marked 已废止
        offered = [t for t in data.templates if t.get("status", "published") == VersionStatus.PUBLISHED.value
                   or t["id"] == used]
        self.form.fill(offered, data.teams, data.plan)
        combo = self.form.template_combo
        for n, t in enumerate(offered):
            if t.get("status") == VersionStatus.RETIRED.value:
                combo.setItemText(n, self.tr("{text}（已废止）").format(text=combo.itemText(n)))
        if data.plan is not None:
            self._saved_targets = data.targets
            self.targets_model.set_rows(data.targets)
            self._saved = self.values()
            self._revision = [data.revision]  # a new box: a save on its way keeps its own
            self._targets_seen = [plans.targets_seen(data.targets)]
        self._filling = False
        self.setEnabled(True)
        self.form.title_edit.setFocus()
        self.check_validity()
        self.loaded.emit()

    # ---- validity ----------------------------------------------------------------------------

    def check_validity(self, *_args) -> None:
        """Read the regulation's dates for the chosen checklist and the plan's dates (latest only)."""
        values = self.form.values()
        template_id, start, end = values["template_id"], values["start_on"], values["end_on"]
        if self.data is None or not template_id:
            self.validity_label.clear()
            return
        self.ctx.read(self, lambda s: plan_validity(s, template_id, start, end), self.show_validity,
                      key="validity")

    def show_validity(self, result: dict[str, Any]) -> None:
        span = self.tr("《{title}》（{doc_number}）有效期：{start} 至 {end}").format(
            title=result["title"], doc_number=result["doc_number"],
            start=result["effective_from"].isoformat() if result["effective_from"] else "—",
            end=result["effective_to"].isoformat() if result["effective_to"] else self.tr("长期"))
        warning = result["warning"]
        self.validity_warning = warning
        if warning:
            self.validity_label.setText(f"{span}\n⚠ {warning[0]}\n{warning[1]}")
            self.validity_label.setStyleSheet(palette.text_style(palette.WARNING))
        else:
            self.validity_label.setText(span)
            self.validity_label.setStyleSheet(palette.text_style(palette.SECONDARY))

    # ---- saving ------------------------------------------------------------------------------

    def _edited(self, *_args) -> None:
        if not self._filling and self.plan_id is not None:
            self._discard_armed = False
            self.debouncer.poke()

    def _edited_now(self, *_args) -> None:
        if not self._filling and self.plan_id is not None:
            self._discard_armed = False
            self.debouncer.cancel()
            self.save_changes()

    def save_changes(self) -> None:
        """Store what changed since the last save (existing plans only)."""
        changes = self.dirty()
        if self.plan_id is None or self.data is None or not changes:
            return
        plan_id, box = self.plan_id, self._revision

        def work(s) -> dict[str, Any]:
            box[0] = plans.update_plan(s, plan_id, revision=box[0], **changes).revision
            return changes

        if self.ctx.write(self, work, self._changes_saved, on_failure=self._save_refused) is not None:
            self.state_label.setText(self.tr("正在保存…"))

    def _changes_saved(self, changes: dict[str, Any]) -> None:
        self._saved.update(changes)
        if not self.dirty():
            self.message.clear_message()
        self.state_label.setText(self.tr("已保存。修改会自动保存。"))
        self.saved.emit(self.plan_id)

    def _save_refused(self, err: InspectorError) -> None:
        self.state_label.setText(self.tr("有修改未保存。"))
        self.message.show_error(err)
        if isinstance(err, StaleEditError) and self.plan_id is not None:
            self.debouncer.cancel()  # what was typed here was refused: the other person's version is shown instead
            plan_id = self.plan_id
            self.ctx.read(self, lambda s: plans.plan_editor_data(s, plan_id), lambda data: self._show_theirs(data, err),
                          key="load")
        self.save_failed.emit(err)

    def _show_theirs(self, data: PlanEditorData, err: StaleEditError) -> None:
        """The plan as someone else saved it (a save of this editor was refused): shown, with why."""
        self._loaded(data)
        self.message.show_error(err)
        self.state_label.setText(self.tr("未保存：显示的是他人修改后的计划。"))

    def create(self) -> None:
        if self.plan_id is not None or self.data is None:
            return
        values, targets = self.values(), self.targets_model.specs()

        def work(s) -> tuple[str, list[dict[str, Any]], int]:
            plan = plans.create_plan(s, targets=targets, **values)
            return plan.id, plans.get_plan(s, plan.id).targets, plan.revision

        if self.ctx.write(self, work, lambda result: self._created(values, *result),
                          on_failure=self._create_refused) is not None:
            self.create_button.setEnabled(False)

    def _created(self, values: dict[str, Any], plan_id: str, targets: list[dict[str, Any]], revision: int) -> None:
        self.plan_id = plan_id
        self._revision = [revision]
        self._targets_seen = [plans.targets_seen(targets)]
        self._saved = values
        self._saved_targets = targets
        self.targets_model.set_rows(targets)
        self.create_button.setEnabled(True)
        self.message.clear_message()
        self._set_mode()
        self.state_label.setText(self.tr("计划已创建。之后的修改会自动保存。"))
        self.saved.emit(plan_id)
        if self.dirty():  # edited while it was being created
            self.save_changes()

    def _create_refused(self, err: InspectorError) -> None:
        self.create_button.setEnabled(True)
        self.message.show_error(err)
        self.save_failed.emit(err)

    def done(self, result: int) -> None:
        self.debouncer.flush()
        if self.plan_id is not None and self.message.is_error and self.dirty() and not self._discard_armed:
            self._discard_armed = True
            self.state_label.setText(self.tr("有修改未能保存（原因见上）。再次点击“关闭”将放弃这些修改。"))
            return
        super().done(result)

    def discard_and_close(self) -> None:
        """Close even with a refused change (after flushing what can be saved): the vault is locking."""
        self._discard_armed = True
        self.done(int(QDialog.DialogCode.Rejected))

    # ---- targets -----------------------------------------------------------------------------

    def _selected_target(self) -> int | None:
        rows = self.targets_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def open_add_target(self) -> None:
        if self.data is None:
            return
        taken = self.targets_model.department_ids()
        available = [d for d in self.data.departments if d["id"] not in taken]
        dialog = TargetDialog(available, self, default_date=self.form.start_date(), ctx=self.ctx)
        dialog.department_added.connect(self._department_added)
        self._open_target_dialog(dialog)

    def _department_added(self, row: dict[str, Any]) -> None:
        """A department added from the target dialog: offered from now on (the dialog chose it already)."""
        if self.data is not None and all(d["id"] != row["id"] for d in self.data.departments):
            self.data.departments = by_pinyin([*self.data.departments, row])

    def open_edit_target(self) -> None:
        n = self._selected_target()
        if n is not None:
            self._open_target_dialog(TargetDialog([], self, target=self.targets_model.row(n)))

    def _open_target_dialog(self, dialog: TargetDialog) -> None:
        self.target_dialog = dialog
        dialog.accepted.connect(lambda: self.put_target(dialog.target()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def put_target(self, target: dict[str, Any]) -> None:
        self.targets_model.put(target)
        self._targets_changed()

    def remove_selected_target(self) -> None:
        n = self._selected_target()
        if n is not None:
            self.targets_model.remove(n)
            self._targets_changed()

    def _targets_changed(self) -> None:
        if self.plan_id is None:
            return
        plan_id, specs, box = self.plan_id, self.targets_model.specs(), self._targets_seen

        def work(s) -> list[dict[str, Any]]:
            plans.set_targets(s, plan_id, specs, seen=box[0])  # someone else's change since: refused
            targets = plans.get_plan(s, plan_id).targets
            box[0] = plans.targets_seen(targets)
            return targets

        if self.ctx.write(self, work, self._targets_saved, on_failure=self._targets_refused) is not None:
            self.state_label.setText(self.tr("正在保存…"))

    def _targets_saved(self, targets: list[dict[str, Any]]) -> None:
        self._saved_targets = targets
        self.targets_model.set_rows(targets)
        self.message.clear_message()
        self.state_label.setText(self.tr("已保存。修改会自动保存。"))
        self.saved.emit(self.plan_id)
        self.save_changes()  # a change refused for want of a target may pass now

    def _targets_refused(self, err: InspectorError) -> None:
        self.targets_model.set_rows(self._saved_targets)
        self.state_label.setText(self.tr("修改未保存。"))
        self.message.show_error(err)
        if isinstance(err, StaleEditError):  # the targets as someone else saved them; the plan's fields stay
            self._saved_targets = err.current["targets"]
            self._targets_seen = [plans.targets_seen(self._saved_targets)]
            self.targets_model.set_rows(self._saved_targets)
            self.state_label.setText(self.tr("未保存：显示的是他人修改后的被检查单位。"))
        self.save_failed.emit(err)

    # ---- team --------------------------------------------------------------------------------

    def open_team_dialog(self) -> None:
        if self.data is None:
            return
        self.team_dialog = TeamDialog(self.ctx, self.data.inspectors, self)
        self.team_dialog.team_created.connect(self._team_created)
        self.team_dialog.finished.connect(self.team_dialog.deleteLater)
        self.team_dialog.open()

    def _team_created(self, team_id: str) -> None:
        self.ctx.read(self, lambda s: (plans.list_teams(s), plans.list_inspectors(s)),
                      lambda result: self._teams_reloaded(team_id, *result), key="teams")

    def _teams_reloaded(self, team_id: str, teams: list[dict[str, Any]], inspectors: list[dict[str, Any]]) -> None:
        self.data.teams, self.data.inspectors = teams, inspectors
        self.form.set_teams(teams, select=team_id)
        self._edited_now()
