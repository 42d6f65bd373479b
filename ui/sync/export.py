"""导出交换文件 — the export dialog: for whom, what, and where; then the bundle is written in the background.

The recipients are the trusted certificates that can receive
(:func:`inspector.sync.overview.export_setup`, this vault's own identities
left out: the sender is always a recipient too), plus any certificate file
chosen with "从证书文件…". The bundle is written by a ``ctx.write`` (it records
the bundle sent). The dialog is opened with ``open()``; the file dialogs are
module functions so tests can replace them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import Cancelled, InspectorError
from inspector.sync import overview
from inspector.sync.overview import ExportSetup, Recipient
from inspector.timezones import china_now
from ui.context import AppContext
from ui.prefs import Pref
from ui.settings.signing import full_fingerprint, grouped
from ui.sync.models import scope_label, size_text
from ui.widgets import files, palette
from ui.widgets.fields import MessageLabel
from ui.widgets.labels import table_label

SYNC = "sync"
"""The file dialogs' purpose (:mod:`ui.widgets.files`) of every sync dialog: they share one folder."""
SYNC_FOLDER: Pref[str] = Pref(f"folders/{SYNC}", str, "")
"""Where the last bundle was written or read; the next file dialog of the sync page starts there
(the folder :func:`ui.widgets.files.last_folder` keeps for ``SYNC``)."""

SUFFIX = ".inspbundle"
AES, SM4 = "AES-256-GCM", "SM4-GCM"
"""inspector.sync.bundle.SUFFIX and the ciphers of inspector.sync.crypto, without importing pyHanko when the
page is built (a test checks they agree)."""
SCOPES = ("all", "plan", "field")
SPEC_ROLE = Qt.ItemDataRole.UserRole + 10         # a recipient item's spec for export_bundle
FINGERPRINT_ROLE = Qt.ItemDataRole.UserRole + 11  # its certificate's fingerprint
NAME_ROLE = Qt.ItemDataRole.UserRole + 12         # its name


# ---- replaceable in tests ------------------------------------------------------------------


def choose_export_target(parent: QWidget, suggested: str) -> Path | None:
    title = QCoreApplication.translate("SyncExport", "保存交换文件")
    kinds = QCoreApplication.translate("SyncExport", "交换文件 (*{suffix})").format(suffix=SUFFIX)
    return files.save_file(parent, SYNC, title, suggested, kinds)


def choose_recipient_certificate(parent: QWidget) -> Path | None:
    title = QCoreApplication.translate("SyncExport", "选择接收方的证书")
    kinds = QCoreApplication.translate("SyncExport", "证书 (*.pem *.crt *.cer *.der);;所有文件 (*)")
    return files.open_file(parent, SYNC, title, kinds)


# ---- after an export -------------------------------------------------------------------------


def result_text(result) -> str:
    """The page's note after an export: where the file is, for whom, what it holds."""
    records = sum(result.counts.values())
    sep = QCoreApplication.translate("SyncExport", "、")
    since = QCoreApplication.translate("SyncExport", "，仅上次发送后的更改") if result.since_seq else ""
    lines = [QCoreApplication.translate("SyncExport", "已生成交换文件：{path}").format(path=result.path),
             QCoreApplication.translate("SyncExport", "接收方：{names}（并为本机加密）· 范围：{scope}{since}").format(
                 names=sep.join(result.recipients), scope=scope_label(result.scope), since=since)]
    if records or result.blobs:
        detail = sep.join(f"{table_label(t)} {n}" for t, n in result.counts.items())
        lines.append(QCoreApplication.translate("SyncExport", "记录 {n} 条（{detail}）；证据文件 {blobs} 个（{size}）")
                     .format(n=records, detail=detail, blobs=result.blobs, size=size_text(result.blob_bytes)))
    else:
        lines.append(QCoreApplication.translate("SyncExport", "上次发送后没有更改：交换文件中没有记录。"))
    return "\n".join(lines)


class ExportDialog(QDialog):
    """Recipients, scope, changes only or everything, cipher; then a file name, then the work."""

    loaded = Signal()
    exported = Signal(object)  # the ExportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("导出交换文件"))
        self.setMinimumWidth(580)
        self.setup: ExportSetup | None = None
        self.result = None
        self.task = None

        self.recipients_list = QListWidget()
        self.recipients_list.setMinimumHeight(120)
        self.recipients_list.itemChanged.connect(self._update_ok)
        self.from_file_button = QPushButton(self.tr("从证书文件…"))
        self.from_file_button.setToolTip(self.tr("选择接收方导出的证书文件（.pem / .crt），无需先加入信任列表"))
        self.from_file_button.clicked.connect(self.add_certificate_file)
        self.recipients_hint = QLabel()
        self.recipients_hint.setWordWrap(True)
        self.recipients_hint.setStyleSheet(palette.text_style(palette.SECONDARY))
        file_row = QHBoxLayout()
        file_row.addWidget(self.recipients_hint, 1)
        file_row.addWidget(self.from_file_button, 0, Qt.AlignmentFlag.AlignTop)
        recipients_box = QGroupBox(self.tr("接收方"))
        recipients_layout = QVBoxLayout(recipients_box)
        recipients_layout.addWidget(self.recipients_list)
        recipients_layout.addLayout(file_row)

        self.scope_group = QButtonGroup(self)
        scope_box = QGroupBox(self.tr("导出范围"))
        scope_layout = QVBoxLayout(scope_box)
        hints = {
            "all": self.tr("本保险库中可同步的全部记录和证据文件。"),
            "plan": self.tr("计划、被检查单位、检查组、检查表和各单位的自查报告。"),
            "field": self.tr("现场检查及结果、问题和证据、整改通知书和整改报告。"),
        }
        self.scope_buttons: dict[str, QRadioButton] = {}
        for n, scope in enumerate(SCOPES):
            button = QRadioButton(scope_label(scope))
            button.setToolTip(hints[scope])
            self.scope_group.addButton(button, n)
            self.scope_buttons[scope] = button
            hint = QLabel(hints[scope])
            hint.setStyleSheet(palette.text_style(palette.SECONDARY, "margin-left: 22px;"))
            scope_layout.addWidget(button)
            scope_layout.addWidget(hint)
        self.scope_buttons["all"].setChecked(True)
        self.since_check = QCheckBox(self.tr("仅导出上次发送后的更改"))
        self.since_check.setToolTip(self.tr("只包含上次发给所选接收方之后新增或修改的记录；"
                                            "对方须已导入之前的交换文件"))

        self.advanced_button = QToolButton()
        self.advanced_button.setText(self.tr("高级"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setAutoRaise(True)
        self.cipher_combo = QComboBox()
        self.cipher_combo.addItem(self.tr("AES-256-GCM（默认）"), AES)
        self.cipher_combo.addItem(self.tr("SM4-GCM（国密算法）"), SM4)
        self.advanced = QWidget()
        advanced_form = QFormLayout(self.advanced)
        advanced_form.setContentsMargins(22, 0, 0, 0)
        advanced_form.addRow(self.tr("内容加密算法："), self.cipher_combo)
        self.advanced.setVisible(False)
        self.advanced_button.toggled.connect(self._toggle_advanced)

        self.sender_label = QLabel()
        self.sender_label.setWordWrap(True)
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("导出…"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(recipients_box, 1)
        layout.addWidget(scope_box)
        layout.addWidget(self.since_check)
        layout.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        layout.addWidget(self.sender_label)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.sender_label.setText(self.tr("正在读取信任列表…"))

    # ---- loading ---------------------------------------------------------------------------

    def start(self) -> None:
        """Read the sender and the recipients in the background, then enable the dialog."""
        self.ctx.read(self, overview.export_setup, self._show_setup, on_failure=self.message.show_error)

    def _show_setup(self, setup: ExportSetup) -> None:
        self.setup = setup
        self.recipients_list.blockSignals(True)
        for r in setup.recipients:
            self._add_item(r, checked=len(setup.recipients) == 1)
        self.recipients_list.blockSignals(False)
        if setup.recipients:
            self.recipients_hint.setText(self.tr("勾选接收方。只有所选接收方（和本机）能解密交换文件。"))
        else:
            self.recipients_hint.setText(self.tr("信任列表中还没有可接收的证书。请用“从证书文件…”选择接收方的证书，"
                                                 "或先在“设置 → 签名身份与信任证书”中加入。"))
        if setup.sender:
            self.sender_label.setText(self.tr("由 {name} 签名。交换文件同时为本机加密，以便日后查看。").format(
                name=setup.sender))
        else:
            self.sender_label.setText("")
            self.message.show_error(setup.problem or self.tr("还没有签名身份。"))
        self._update_ok()
        self.resize(self.size().expandedTo(self.sizeHint()))  # the texts just set may need more lines
        self.loaded.emit()

    def _add_item(self, recipient: Recipient, checked: bool) -> QListWidgetItem:
        text = self.tr("{name}　　指纹 {fingerprint}").format(name=recipient.name,
                                                            fingerprint=grouped(recipient.fingerprint))
        if recipient.from_file:
            text += self.tr("（来自证书文件）")
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(SPEC_ROLE, recipient.spec)
        item.setData(FINGERPRINT_ROLE, recipient.fingerprint)
        item.setData(NAME_ROLE, recipient.name)
        tip = full_fingerprint(recipient.fingerprint)
        item.setToolTip(f"{recipient.spec}\n{tip}" if recipient.from_file else tip)
        self.recipients_list.addItem(item)
        return item

    def _toggle_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.adjustSize()

    # ---- choosing ----------------------------------------------------------------------------

    def items(self) -> list[QListWidgetItem]:
        return [self.recipients_list.item(n) for n in range(self.recipients_list.count())]

    def set_checked(self, fingerprint: str, checked: bool = True) -> bool:
        """Check the recipient with this fingerprint; False if it is not in the list."""
        for item in self.items():
            if item.data(FINGERPRINT_ROLE) == fingerprint:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return True
        return False

    def chosen(self) -> list[str]:
        """What export_bundle is given for the checked recipients."""
        return [item.data(SPEC_ROLE) for item in self.items() if item.checkState() == Qt.CheckState.Checked]

    def scope(self) -> str:
        return SCOPES[max(self.scope_group.checkedId(), 0)]

    def cipher(self) -> str:
        return self.cipher_combo.currentData()

    def _update_ok(self, *args: object) -> None:
        ready = self.setup is not None and bool(self.setup.sender) and bool(self.chosen()) and self.task is None
        self.ok_button.setEnabled(ready)

    def add_certificate_file(self) -> None:
        """A recipient from a certificate file (checked on the worker: one certificate, a P-256 key)."""
        path = choose_recipient_certificate(self)
        if path is None or self.ctx.vault is None:
            return
        SYNC_FOLDER.set(str(path.parent))
        self.message.clear_message()
        self.ctx.read(self, lambda s: overview.recipient_from_file(s, path), self._certificate_added,
                      on_failure=self.message.show_error)

    def _certificate_added(self, recipient: Recipient) -> None:
        if self.setup is not None and recipient.fingerprint in self.setup.own:
            self.message.show_note(self.tr("这是本机自己的证书：交换文件总会同时为本机加密，无需再选。"))
            return
        if not self.set_checked(recipient.fingerprint):
            self._add_item(recipient, checked=True)
        self._update_ok()

    # ---- exporting ---------------------------------------------------------------------------

    def suggested_name(self) -> str:
        names = [item.data(NAME_ROLE) for item in self.items() if item.checkState() == Qt.CheckState.Checked]
        who = names[0] if len(names) == 1 else self.tr("{n}位接收方").format(n=len(names))
        return self.tr("交换文件-致{who}-{time}").format(who=who, time=china_now().strftime("%Y%m%d-%H%M")) + SUFFIX

    def export(self) -> None:
        """Ask where, then write the bundle in the background (progress and cancel after a moment)."""
        recipients = self.chosen()
        if self.ctx.vault is None or not recipients or self.task is not None:
            return
        path = choose_export_target(self, self.suggested_name())
        if path is None:
            return
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        SYNC_FOLDER.set(str(path.parent))
        scope, since, cipher = self.scope(), self.since_check.isChecked(), self.cipher()

        def work(s):
            from inspector.sync import exporter

            return exporter.export_bundle(s.vault, path, recipients, scope=scope, since_last=since, cipher=cipher,
                                          progress=s.progress, cancel=s.cancel)

        self.message.clear_message()
        self.task = self.ctx.write(self, work, self._exported, on_failure=self._failed,
                                   label=self.tr("正在生成交换文件…"))
        self._update_ok()

    def _exported(self, result) -> None:
        self.task = None
        self.result = result
        self.exported.emit(result)
        self.accept()

    def _failed(self, err: InspectorError) -> None:
        self.task = None
        self._update_ok()
        if isinstance(err, Cancelled):
            self.message.show_note(self.tr("已取消，未生成文件。"))
        else:
            self.message.show_error(err)
