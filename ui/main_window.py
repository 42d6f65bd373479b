"""The main window: a thin shell over one open vault.

For now it shows where the vault is, how many plans, departments, inspections
and findings it holds, the findings table, and whether the key is in the system
keyring. Later pages (plans, on-site inspection, rectification) are separate
files that this window composes; it does not grow into a god object.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.model import FindingStatus
from inspector.progress import CancelToken, ProgressFn
from inspector.services import queries
from inspector.vault import Vault
from ui.findings_model import COL_TITLE, FindingsTableModel
from ui.tasks import BackgroundTask, run_in_background

CLOSE_WAIT_MS = 10_000  # how long closing waits for a running load before closing the vault anyway


@dataclass(frozen=True)
class VaultSummary:
    """What the window shows, read in one session on the worker thread."""

    plans: int
    departments: int
    inspections: int
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def findings_by_status(self) -> dict[FindingStatus, int]:
        counts = Counter(FindingStatus(f["status"]) for f in self.findings)
        return {status: counts.get(status, 0) for status in FindingStatus}


def load_summary(vault: Vault, progress: ProgressFn, cancel: CancelToken) -> VaultSummary:
    """Counts and findings of ``vault`` (runs off the UI thread)."""
    with vault.session() as s:
        plans = len(queries.list_plans(s))
        departments = len(queries.list_departments(s))
        cancel.check()
        inspections = len(queries.list_inspections(s))
        findings = queries.list_findings(s)
    progress(1, 1, "")
    return VaultSummary(plans, departments, inspections, findings)


class MainWindow(QMainWindow):
    summary_loaded = Signal(object)  # VaultSummary, after the labels and the table show it

    COUNT_KEYS = ("plans", "departments", "inspections", "findings")

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = vault
        self._task: BackgroundTask | None = None
        self.setWindowTitle(self.tr("Inspector — 政务数据安全监督检查"))
        self.resize(960, 640)

        self.path_label = QLabel(str(vault.path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        vault_box = QGroupBox(self.tr("保险库"))
        form = QFormLayout(vault_box)
        form.addRow(self.tr("位置："), self.path_label)

        titles = {"plans": self.tr("检查计划"), "departments": self.tr("被检查单位"),
                  "inspections": self.tr("现场检查"), "findings": self.tr("问题")}
        self.count_labels: dict[str, QLabel] = {}
        counts_box = QGroupBox(self.tr("概况"))
        counts_grid = QGridLayout(counts_box)
        for col, key in enumerate(self.COUNT_KEYS):
            self.count_labels[key] = self._add_count(counts_grid, col, titles[key])

        self.status_labels: dict[FindingStatus, QLabel] = {}
        status_box = QGroupBox(self.tr("问题（按状态）"))
        status_grid = QGridLayout(status_box)
        for col, status in enumerate(FindingStatus):
            self.status_labels[status] = self._add_count(status_grid, col, status.zh)

        self.findings_model = FindingsTableModel(self)
        self.findings_view = QTableView()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings_view.verticalHeader().hide()
        header = self.findings_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(counts_box, 1)
        top.addWidget(status_box, 2)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(vault_box)
        layout.addLayout(top)
        layout.addWidget(self.findings_view, 1)
        self.setCentralWidget(central)

        self.keyring_label = QLabel(self._keyring_text())
        self.statusBar().addWidget(self.keyring_label, 1)
        self.reload()

    @staticmethod
    def _add_count(grid: QGridLayout, col: int, title: str) -> QLabel:
        value = QLabel("…")
        value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        value.setFont(font)
        caption = QLabel(title)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(value, 0, col)
        grid.addWidget(caption, 1, col)
        return value

    def _keyring_text(self) -> str:
        st = self.vault.keyring_status if self.vault else None
        if st is None:
            return self.tr("未使用系统密钥环：每次打开保险库都需要输入恢复口令。")
        if st.usable:
            return self.tr("密钥已保存在系统密钥环中，下次打开无需输入恢复口令。")
        return st.reason_zh

    # ---- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the counts and findings again, off the UI thread."""
        vault = self.vault
        if vault is None:
            return
        self._task = run_in_background(self, lambda progress, cancel: load_summary(vault, progress, cancel),
                                       on_success=self.show_summary)

    def show_summary(self, summary: VaultSummary) -> None:
        for key in self.COUNT_KEYS:
            value = len(summary.findings) if key == "findings" else getattr(summary, key)
            self.count_labels[key].setText(str(value))
        for status, n in summary.findings_by_status.items():
            self.status_labels[status].setText(str(n))
        self.findings_model.set_rows(summary.findings)
        self.summary_loaded.emit(summary)

    # ---- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._task is not None and self._task.is_running():
            self._task.cancel()
            self._task.wait(CLOSE_WAIT_MS)
        if self.vault is not None:
            self.vault.close()
            self.vault = None
        event.accept()
