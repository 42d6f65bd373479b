"""The tables of the sync page (同步): bundles exchanged, conflicts waiting, a bundle's counts, one conflict's fields.

The rows are the core's plain dataclasses (:mod:`inspector.sync.overview`),
never ORM objects. Table names come from the models' own labels
(:func:`ui.widgets.labels.table_label`), scopes from
:data:`inspector.sync.records.SCOPE_TEXT`; the labels the core keeps in no
language (field names, what a merge did) are given here through
``QCoreApplication.translate``, so English comes from the .qm like every other
string.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from inspector.sync.overview import ConflictItem, FieldRow, HistoryRow
from inspector.sync.records import SCOPE_TEXT
from ui import i18n
from ui.widgets import palette
from ui.widgets.labels import datetime_text, severity_label, status_label, table_label
from ui.widgets.table_model import Index, RowsTableModel

NEW, UPDATED, CONFLICTS, UNCHANGED = "new", "updated", "conflicts", "unchanged"
KINDS = (NEW, UPDATED, CONFLICTS, UNCHANGED)


# ---- labels ------------------------------------------------------------------------------------


def scope_label(scope: str) -> str:
    """What a bundle holds, as the core words it (:data:`~inspector.sync.records.SCOPE_TEXT`), standing alone."""
    if scope not in SCOPE_TEXT:
        return scope or "—"
    zh, en = SCOPE_TEXT[scope]
    return i18n.pick(zh, en[:1].upper() + en[1:])  # the core's English runs inside a sentence


def kind_label(kind: str) -> str:
    return {
        NEW: QCoreApplication.translate("SyncLabels", "新增"),
        UPDATED: QCoreApplication.translate("SyncLabels", "更新"),
        CONFLICTS: QCoreApplication.translate("SyncLabels", "冲突"),
        UNCHANGED: QCoreApplication.translate("SyncLabels", "无变化"),
    }[kind]


def field_label(name: str) -> str:
    """A column of a synchronised record as a person would call it; the column name if it has no label."""
    labels = {
        "name": QCoreApplication.translate("SyncLabels", "名称"),
        "code": QCoreApplication.translate("SyncLabels", "代码"),
        "address": QCoreApplication.translate("SyncLabels", "地址"),
        "contact_name": QCoreApplication.translate("SyncLabels", "联系人"),
        "contact_phone": QCoreApplication.translate("SyncLabels", "联系电话"),
        "phone": QCoreApplication.translate("SyncLabels", "电话"),
        "badge_no": QCoreApplication.translate("SyncLabels", "执法证号"),
        "organisation": QCoreApplication.translate("SyncLabels", "单位"),
        "role": QCoreApplication.translate("SyncLabels", "角色"),
        "title": QCoreApplication.translate("SyncLabels", "标题"),
        "year": QCoreApplication.translate("SyncLabels", "年度"),
        "focus": QCoreApplication.translate("SyncLabels", "检查重点"),
        "description": QCoreApplication.translate("SyncLabels", "描述"),
        "start_on": QCoreApplication.translate("SyncLabels", "开始日期"),
        "end_on": QCoreApplication.translate("SyncLabels", "结束日期"),
        "scheduled_on": QCoreApplication.translate("SyncLabels", "安排日期"),
        "status": QCoreApplication.translate("SyncLabels", "状态"),
        "notes": QCoreApplication.translate("SyncLabels", "备注"),
        "location": QCoreApplication.translate("SyncLabels", "地点"),
        "summary": QCoreApplication.translate("SyncLabels", "小结"),
        "started_at": QCoreApplication.translate("SyncLabels", "开始时间"),
        "ended_at": QCoreApplication.translate("SyncLabels", "结束时间"),
        "department_rep_name": QCoreApplication.translate("SyncLabels", "单位代表"),
        "department_rep_title": QCoreApplication.translate("SyncLabels", "单位代表职务"),
        "verdict": QCoreApplication.translate("SyncLabels", "检查结论"),
        "answer": QCoreApplication.translate("SyncLabels", "答复"),
        "explanation": QCoreApplication.translate("SyncLabels", "说明"),
        "articles": QCoreApplication.translate("SyncLabels", "依据条款"),
        "severity": QCoreApplication.translate("SyncLabels", "严重程度"),
        "escalate_secrecy": QCoreApplication.translate("SyncLabels", "涉失泄密隐患"),
        "escalate_police": QCoreApplication.translate("SyncLabels", "涉嫌违法行为"),
        "handling_opinion": QCoreApplication.translate("SyncLabels", "处理意见"),
        "rectification_requirement": QCoreApplication.translate("SyncLabels", "整改要求"),
        "deadline": QCoreApplication.translate("SyncLabels", "整改期限"),
        "status_changed_at": QCoreApplication.translate("SyncLabels", "状态变更时间"),
        "verification_note": QCoreApplication.translate("SyncLabels", "核验意见"),
        "number": QCoreApplication.translate("SyncLabels", "文号"),
        "issued_on": QCoreApplication.translate("SyncLabels", "签发日期"),
        "filename": QCoreApplication.translate("SyncLabels", "文件名"),
        "caption": QCoreApplication.translate("SyncLabels", "说明文字"),
        "measures": QCoreApplication.translate("SyncLabels", "整改措施"),
        "completed_on": QCoreApplication.translate("SyncLabels", "完成日期"),
        "reason": QCoreApplication.translate("SyncLabels", "原因"),
        "respondent": QCoreApplication.translate("SyncLabels", "填报人"),
        "received_at": QCoreApplication.translate("SyncLabels", "收到时间"),
    }
    if name in labels:
        return labels[name]
    return _reference_label(name) or name


_REFERENCED = {"item_id": "checklist_item", "template_id": "checklist_template", "notice_id": "rectification_notice",
               "report_id": "rectification_report"}


def _reference_label(name: str) -> str:
    """A reference (``department_id``) by what it refers to (被检查单位); "" if it is not one."""
    from inspector.model import TABLES

    if not name.endswith("_id"):
        return ""
    table = _REFERENCED.get(name, name[:-3])
    return table_label(table) if table in TABLES else ""


def parse_utc(text: str) -> datetime | None:
    """The core's UTC text (``2026-11-24T21:20:19Z``, with or without fractions) as an aware datetime."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def value_text(name: str, value: Any) -> str:
    """A field's value as a reader wants it: labels for statuses, 是/否, local times, lists joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return (QCoreApplication.translate("SyncLabels", "是") if value
                else QCoreApplication.translate("SyncLabels", "否"))
    if name == "severity" or name == "default_severity":
        try:
            return severity_label(value)
        except ValueError:
            return str(value)
    if name == "status":
        try:
            return status_label(value)
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return QCoreApplication.translate("SyncLabels", "、").join(value_text("", v) for v in value) if value else "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and (name.endswith("_at")) and parse_utc(value) is not None:
        return datetime_text(parse_utc(value))
    return str(value)


def size_text(size: int) -> str:
    if size < 1024:
        return QCoreApplication.translate("SyncLabels", "{n} 字节").format(n=size)
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1048576:.1f} MB"


# ---- history ------------------------------------------------------------------------------------


H_TIME, H_DIRECTION, H_PARTY, H_SCOPE, H_CONTENT, H_FILE, H_ACK = range(7)


class BundleHistoryModel(RowsTableModel[HistoryRow]):
    """交换记录: when, sent or received, with whom, what scope, what it held or did, which file, and for a bundle
    sent whether the office hub acknowledged holding it (办公室已接收: its date, or 未确认 once this vault has
    imported any acknowledgement; before that "—", since a laptop that never works with a hub expects none)."""

    id_field = "id"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub_known = False  # an acknowledgement from an office hub was imported: one not named is unconfirmed

    def set_overview(self, rows: list[HistoryRow], hub_known: bool) -> None:
        self.hub_known = hub_known
        self.set_rows(rows)

    def headers(self) -> list[str]:
        return [self.tr("时间"), self.tr("方向"), self.tr("对方"), self.tr("范围"), self.tr("内容"), self.tr("文件"),
                self.tr("办公室已接收")]

    def ack_text(self, row: HistoryRow) -> str:
        if not row.awaits_ack:
            return ""
        if row.acknowledged_at is not None:
            return datetime_text(row.acknowledged_at)
        return self.tr("未确认") if self.hub_known else "—"

    def content(self, row: HistoryRow) -> str:
        c = row.counts
        if row.direction == "in":  # only what happened: a count of 0 says nothing (and would crowd the column)
            parts = [(self.tr("新增 {n}"), c.get(NEW, 0)), (self.tr("更新 {n}"), c.get(UPDATED, 0)),
                     (self.tr("冲突 {n}"), c.get(CONFLICTS, 0)), (self.tr("无变化 {n}"), c.get(UNCHANGED, 0))]
            text = " · ".join(t.format(n=n) for t, n in parts if n) or self.tr("没有记录")
        else:
            records = sum(n for k, n in c.items() if k != "blobs")
            text = self.tr("记录 {records} 条").format(records=records)
        if c.get("blobs"):
            text += self.tr(" · 证据文件 {n} 个").format(n=c["blobs"])
        return text

    def text(self, row: HistoryRow, col: int) -> str:
        return {
            H_TIME: lambda: datetime_text(row.processed_at),
            H_DIRECTION: lambda: self.tr("导入") if row.direction == "in" else self.tr("导出"),
            H_PARTY: lambda: (self.tr("来自 {name}") if row.direction == "in" else self.tr("发给 {name}")).format(
                name=self.tr("、").join(row.parties) or "—"),
            H_SCOPE: lambda: scope_label(row.scope),
            H_CONTENT: lambda: self.content(row) + (self.tr("（有提醒）") if row.flags else ""),
            H_FILE: lambda: row.filename,
            H_ACK: lambda: self.ack_text(row),
        }[col]()

    def raw(self, row: HistoryRow, col: int) -> Any:
        return {H_TIME: row.processed_at, H_DIRECTION: row.direction, H_PARTY: row.parties, H_SCOPE: row.scope,
                H_CONTENT: row.counts.get(CONFLICTS, 0), H_FILE: row.filename,
                H_ACK: row.acknowledged_at.isoformat() if row.acknowledged_at else self.ack_text(row)}[col]

    def foreground(self, row: HistoryRow, col: int) -> QColor | None:
        if col == H_CONTENT and (row.flags or row.counts.get(CONFLICTS)):
            return palette.qcolor(palette.AMBER_TEXT)
        if col == H_ACK and row.awaits_ack:
            if row.acknowledged_at is not None:
                return palette.qcolor(palette.OK)
            return palette.qcolor(palette.AMBER_TEXT if self.hub_known else palette.MUTED)
        return None

    def tooltip(self, row: HistoryRow, col: int) -> str | None:
        if col == H_ACK and row.awaits_ack:
            if row.acknowledged_at is not None:
                return self.tr("办公室集中库的收讫回执确认已收到此交换文件（{time}）。").format(
                    time=datetime_text(row.acknowledged_at))
            if self.hub_known:
                return self.tr("办公室集中库的收讫回执尚未确认收到此交换文件；如果一直未确认，请重新发送给办公室。")
            return self.tr("本机还没有导入过办公室集中库的收讫回执。")
        lines = [self.tr("生成时间：{time}").format(time=datetime_text(row.created_at))]
        if row.flags:  # the core records each warning of an import as "Chinese / English"
            lines.append(self.tr("导入时的提醒："))
            lines += row.flags
        return "\n".join(lines)


# ---- conflicts ------------------------------------------------------------------------------------


C_TABLE, C_TITLE, C_SENDER, C_DETECTED, C_FIELDS = range(5)


class ConflictsModel(RowsTableModel[ConflictItem]):
    """待处理冲突: what kind of record, which one, from whom, when, how many fields differ."""

    id_field = "id"

    def headers(self) -> list[str]:
        return [self.tr("类别"), self.tr("记录"), self.tr("来自"), self.tr("发现时间"), self.tr("不同之处")]

    def text(self, row: ConflictItem, col: int) -> str:
        return {
            C_TABLE: lambda: table_label(row.table),
            C_TITLE: lambda: row.title or "—",
            C_SENDER: lambda: row.sender,
            C_DETECTED: lambda: datetime_text(row.detected_at),
            C_FIELDS: lambda: self.tr("{n} 处").format(n=row.differing),
        }[col]()

    def raw(self, row: ConflictItem, col: int) -> Any:
        return {C_TABLE: row.table, C_TITLE: row.title, C_SENDER: row.sender, C_DETECTED: row.detected_at,
                C_FIELDS: row.differing}[col]

    def tooltip(self, row: ConflictItem, col: int) -> str | None:
        found = self.tr("发现时间：{time}").format(time=datetime_text(row.detected_at))
        if row.note_zh:  # frozen or signed here: the core says why and what to do
            return f"{i18n.pick(row.note_zh, row.note_en)}\n{found}"
        if row.kind == "duplicate":
            return self.tr("收到的记录与本机另一条记录重复（例如同一检查项的结果），请决定保留哪一个版本。") + "\n" + found
        return self.tr("这条记录在本机和发送方都被修改过，请决定保留哪一个版本。") + "\n" + found


F_NAME, F_LOCAL, F_INCOMING = range(3)


class FieldsModel(RowsTableModel[FieldRow]):
    """One conflict side by side: field | 本机 | 收到的; the fields that differ are highlighted."""

    id_field = "name"

    def headers(self) -> list[str]:
        return [self.tr("字段"), self.tr("本机"), self.tr("收到的")]

    def text(self, row: FieldRow, col: int) -> str:
        return {F_NAME: lambda: field_label(row.name),
                F_LOCAL: lambda: row.local_ref or self.reference(row.local, row.name),
                F_INCOMING: lambda: row.incoming_ref or self.reference(row.incoming, row.name)}[col]()

    def reference(self, value: Any, name: str) -> str:
        """A value; a reference to no record here (its id) as words, never the id itself (that is the tooltip)."""
        if name.endswith("_id") and isinstance(value, str) and value:
            return self.tr("（本机没有这条记录）")
        return value_text(name, value)

    def foreground(self, row: FieldRow, col: int) -> QColor | None:
        if row.differs:
            return palette.qcolor(palette.AMBER_TEXT)
        return palette.qcolor(palette.MUTED) if col == F_NAME else None

    def tooltip(self, row: FieldRow, col: int) -> str | None:
        if col == F_NAME:
            return row.name
        text = self.text(row, col)  # long texts are cut in the cell
        if row.name.endswith("_id"):  # a reference: its id too, for support
            value = row.local if col == F_LOCAL else row.incoming
            return f"{text}\n{value}" if value else text
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self._rows):
            row = self._rows[index.row()]
            if role == Qt.ItemDataRole.BackgroundRole and row.differs:
                return QBrush(palette.qcolor(palette.AMBER_BACKGROUND))
            if role == Qt.ItemDataRole.FontRole and row.differs:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


# ---- a bundle's counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    table: str
    counts: dict[str, int]
    total: bool = False


K_TABLE = 0


class CountsModel(RowsTableModel[CountRow]):
    """What importing a bundle would do, table by table: new, updated, conflicting, unchanged, and a total."""

    id_field = "table"

    def headers(self) -> list[str]:
        return [self.tr("数据"), *(kind_label(k) for k in KINDS)]

    def set_counts(self, counts: dict[str, dict[str, int]]) -> None:
        rows = [CountRow(table, dict(c)) for table, c in counts.items()]
        if rows:
            rows.append(CountRow("", {k: sum(r.counts.get(k, 0) for r in rows) for k in KINDS}, total=True))
        self.set_rows(rows)

    def text(self, row: CountRow, col: int) -> str:
        if col == K_TABLE:
            return self.tr("合计") if row.total else table_label(row.table)
        return str(row.counts.get(KINDS[col - 1], 0))

    def raw(self, row: CountRow, col: int) -> Any:
        return row.table if col == K_TABLE else row.counts.get(KINDS[col - 1], 0)

    def foreground(self, row: CountRow, col: int) -> QColor | None:
        if col == K_TABLE:
            return None
        kind, n = KINDS[col - 1], row.counts.get(KINDS[col - 1], 0)
        if kind == CONFLICTS and n:
            return palette.qcolor(palette.AMBER_TEXT)
        return palette.qcolor(palette.MUTED) if n == 0 or kind == UNCHANGED else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            side = Qt.AlignmentFlag.AlignLeft if section == K_TABLE else Qt.AlignmentFlag.AlignRight
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return super().headerData(section, orientation, role)

    def alignment(self, row: CountRow, col: int) -> Qt.AlignmentFlag | None:
        return None if col == K_TABLE else Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self._rows):
            row = self._rows[index.row()]
            if role == Qt.ItemDataRole.FontRole and row.total:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)
