"""同步 — exchange with other laptops and the office through signed, encrypted bundle files.

导出交换文件 (:mod:`ui.sync.export`) writes a bundle for chosen recipients;
导入交换文件 (:mod:`ui.sync.receive`) previews a bundle before anything is
applied, then applies all of it or nothing. Records changed on both sides are
listed as conflicts (:mod:`ui.sync.conflicts`) for the user to decide; the
bundles made and applied are listed below them (read in one session by
:func:`inspector.sync.overview.overview`), each bundle sent with whether the
office hub acknowledged holding it (办公室已接收) and the summary with how many
it confirmed, once this vault imported an acknowledgement (scope ``ack``). A small line at the bottom names
this vault by its inspector and organisation; its ids (device, vault) are only
in that line's tooltip and behind 复制技术标识 (support may ask for them), never
shown as text. The page shows the sync area and names recipients as the trust
store does: a write that changes either reloads it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.model import Area
from inspector.sync import overview as sync_overview
from inspector.sync.overview import Here, Overview
from ui.context import AppContext
from ui.sync.conflicts import ConflictsPanel, describe
from ui.sync.export import ExportDialog, result_text
from ui.sync.models import H_ACK, H_CONTENT, BundleHistoryModel, parse_utc
from ui.sync.receive import ImportFlow, choose_bundle_file, imported_text
from ui.widgets import palette
from ui.widgets.fields import MessageLabel
from ui.widgets.labels import datetime_text
from ui.widgets.page import CoalescedReload, Page
from ui.widgets.tables import configure_table


class SyncPage(CoalescedReload, Page):
    key = "sync"
    areas = frozenset({Area.SYNC, Area.SIGNING})

    loaded = Signal()           # history and conflicts show the vault
    exported = Signal(object)   # ExportResult
    imported = Signal(object)   # the importer's Preview (applied or already imported)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.overview = Overview()
        self.export_dialog: ExportDialog | None = None
        self.import_flow: ImportFlow | None = None

        self.export_button = QPushButton(self.tr("导出交换文件…"))
        self.export_button.setToolTip(self.tr("为选定的接收方生成签名并加密的交换文件"))
        self.import_button = QPushButton(self.tr("导入交换文件…"))
        self.import_button.setToolTip(self.tr("先预览交换文件的内容，确认后再导入"))
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        bar = QHBoxLayout()
        bar.addWidget(self.summary_label)
        bar.addStretch(1)
        intro = QLabel(self.tr(
            "交换文件由您的签名身份签名，只有所选接收方能够解密。导入前先显示预览；导入要么全部成功，要么不作任何更改。"
            "两边都修改过的记录不会被悄悄覆盖，而是列在下方由您决定。"))
        intro.setWordWrap(True)
        intro.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.message = MessageLabel()
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.conflicts = ConflictsPanel(ctx)
        self.conflicts_box = QGroupBox()
        QVBoxLayout(self.conflicts_box).addWidget(self.conflicts)
        self.history_model = BundleHistoryModel(self)
        self.history_view = QTableView()
        self.history_view.setModel(self.history_model)
        configure_table(self.history_view, H_CONTENT)
        self.history_empty = QLabel(self.tr("还没有交换过数据。导出的和导入的交换文件会列在这里。"))
        self.history_empty.setStyleSheet(palette.text_style(palette.MUTED))
        self.history_box = QGroupBox(self.tr("交换记录"))
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history_empty)
        history_layout.addWidget(self.history_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.conflicts_box)
        self.splitter.addWidget(self.history_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 220])

        self.here_label = QLabel("—")
        self.here_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.copy_button = QPushButton(self.tr("复制技术标识"))
        self.copy_button.setToolTip(self.tr("复制本机设备标识和保险库标识（技术支持可能需要）"))
        self.copy_button.setFlat(True)
        self.copy_button.clicked.connect(self.copy_ids)
        ids = QHBoxLayout()
        ids.addWidget(self.here_label)
        ids.addSpacing(16)
        ids.addWidget(self.copy_button)
        ids.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(ids)

        self.export_button.clicked.connect(self.open_export_dialog)
        self.import_button.clicked.connect(self.choose_and_import)
        self.conflicts.resolved.connect(self._resolved)
        self.conflicts.failed.connect(self._failed)
        self._show_overview(Overview(), announce=False)
        self.activate()

    def _show_here(self, here: Here | None) -> None:
        """This vault by its people (``本保险库：李明（晋城市大数据应用局）``); the ids only in the tooltip."""
        if here is None or self.ctx.vault is None:
            self.here_label.setText("—")
            self.here_label.setToolTip("")
            return
        if here.name:
            who = (self.tr("{name}（{organisation}）").format(name=here.name, organisation=here.organisation)
                   if here.organisation and here.organisation != here.name else here.name)
        else:
            who = here.organisation
        created = parse_utc(here.created_at) if here.created_at else None
        if getattr(self.ctx.vault, "address", None) is not None:  # the office hub
            text = self.tr("本集中库：{who}").format(who=who) if who else self.tr("本集中库")
        else:
            text = self.tr("本保险库：{who}").format(who=who) if who else self.tr("本保险库")
        if created is not None:
            text += self.tr("，创建于 {date}").format(date=datetime_text(created)[:10])
        self.here_label.setText(text)
        self.here_label.setToolTip(self.ids_text())

    def ids_text(self) -> str:
        vault = self.ctx.vault
        if vault is None:
            return ""
        return self.tr("设备标识：{device}\n保险库标识：{vault}").format(device=vault.device_id, vault=vault.vault_id)

    # ---- Page ------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("同步")

    def header_actions(self) -> list[QWidget]:
        return [self.export_button, self.import_button]

    def activate(self, argument: object = None) -> None:
        """Shown: the ids at once, the lists from the worker (cheap; an import from the command line shows too)."""
        vault = self.ctx.vault
        self._show_here(self.overview.here if vault is not None and self.overview.here.created_at else None)
        for button in (self.copy_button, self.export_button, self.import_button):
            button.setEnabled(vault is not None)
        if vault is not None:
            self.reload()

    def clear(self) -> None:
        if self.export_dialog is not None:
            self.export_dialog.reject()
            self.export_dialog = None
        if self.import_flow is not None:
            self.import_flow.close()
            self.import_flow = None
        self.conflicts.clear()
        self._show_overview(Overview(), announce=False)
        self.message.clear_message()
        self._show_here(None)
        for button in (self.copy_button, self.export_button, self.import_button):
            button.setEnabled(False)
        self.stale = True

    def copy_ids(self) -> None:
        if self.ctx.vault is not None:
            QGuiApplication.clipboard().setText(self.ids_text())

    # ---- loading ---------------------------------------------------------------------------

    def _reload_now(self) -> None:
        # on failure no reload: a failing read would repeat forever
        self.ctx.read(self, sync_overview.overview, self._show_overview, on_failure=self.message.show_error,
                      key="overview")

    def _show_overview(self, overview: Overview, announce: bool = True) -> None:
        self.overview = overview
        self.stale = False
        self._show_here(overview.here if announce else None)  # announce=False: an empty page (built, locked)
        self.conflicts.show_items(overview.conflicts)
        n = len(overview.conflicts)
        self.conflicts_box.setTitle(self.tr("待处理冲突（{n}）").format(n=n))
        self.conflicts_box.setVisible(n > 0)
        self.history_model.set_overview(overview.history, hub_known=overview.acks.received > 0)
        self.history_view.setVisible(bool(overview.history))
        # the office hub is the one that acknowledges: what it holds is not asked of it
        self.history_view.setColumnHidden(H_ACK, getattr(self.ctx.vault, "address", None) is not None)
        self.history_empty.setVisible(not overview.history)
        self.history_box.setTitle(self.tr("交换记录（{n}）").format(n=len(overview.history)) if overview.history
                                  else self.tr("交换记录"))
        sent = sum(1 for h in overview.history if h.direction == "out")
        received = len(overview.history) - sent
        summary = self.tr("已导出 {sent} 次 · 已导入 {received} 次").format(sent=sent, received=received)
        if n:
            summary = self.tr("待处理冲突 {n} 项 · ").format(n=n) + summary
        acks = overview.acks
        if acks.received:  # this vault works with an office hub: what it holds of the bundles sent
            summary += self.tr(" · 办公室已确认接收 {acknowledged}/{sent} 份").format(acknowledged=acks.acknowledged,
                                                                            sent=acks.sent)
            if acks.unconfirmed:
                summary += self.tr("（{n} 份未确认）").format(n=acks.unconfirmed)
        self.summary_label.setText(summary)
        self.summary_label.setToolTip(self.tr("最近一次确认：{time}").format(time=datetime_text(acks.last_at))
                                      if acks.last_at is not None else "")
        if announce:
            self.loaded.emit()

    def _failed(self, err: InspectorError) -> None:
        self.message.show_error(err)
        self.reload()

    # ---- export ----------------------------------------------------------------------------

    def open_export_dialog(self) -> ExportDialog | None:
        if self.ctx.vault is None:
            return None
        if self.export_dialog is not None and self.export_dialog.task is None:
            self.export_dialog.deleteLater()  # the last one is closed and done
        dialog = ExportDialog(self.ctx, self)
        dialog.exported.connect(self._exported)
        self.export_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def _exported(self, result) -> None:
        self.message.show_note(result_text(result))
        self.exported.emit(result)  # the bundle is recorded: the write reloads the history

    # ---- import ----------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        path = choose_bundle_file(self)
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> ImportFlow | None:
        """Preview ``path``, ask, import: see :class:`ui.sync.receive.ImportFlow`."""
        if self.ctx.vault is None or (self.import_flow is not None and self.import_flow.busy):
            return None
        if self.import_flow is not None:
            self.import_flow.dispose()
        self.message.clear_message()
        flow = ImportFlow(self.ctx, self, Path(path))
        flow.imported.connect(self._imported)
        flow.failed.connect(self._failed)
        flow.trusted.connect(lambda name: self.message.show_note(
            self.tr("已将“{name}”加入信任列表。").format(name=name)))
        flow.finished.connect(lambda: self.import_button.setEnabled(self.ctx.vault is not None))
        self.import_flow = flow
        self.import_button.setEnabled(False)  # one import at a time
        flow.start()
        return flow

    def _imported(self, result) -> None:
        self.message.show_note(imported_text(result))
        self.imported.emit(result)
        if result.already_imported:  # nothing written here; perhaps applied elsewhere meanwhile (the command line)
            self.reload()

    # ---- conflicts -------------------------------------------------------------------------

    def _resolved(self, conflict_id: str, keep: str, title: str) -> None:
        self.message.show_note(describe(keep, title))  # the write reloads the conflicts
