"""Table models of the versions dialog: version rows (:class:`inspector.services.versions.VersionRow`), items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from inspector.model.enums import VersionStatus
from ui.widgets import palette
from ui.widgets.labels import severity_label
from ui.widgets.table_model import RowsTableModel


def version_status_text(status: VersionStatus | str) -> str:
    status = VersionStatus(status)
    if status is VersionStatus.DRAFT:
        return QCoreApplication.translate("versions", "草稿")
    if status is VersionStatus.PUBLISHED:
        return QCoreApplication.translate("versions", "已发布")
    return QCoreApplication.translate("versions", "已废止")


def _date(d: Any) -> str:
    return d.isoformat() if d else "—"


class VersionsModel(RowsTableModel):
    """Checklist or regulation versions, as the core lists them."""

    def headers(self) -> list[str]:
        return [self.tr("状态"), self.tr("版本"), self.tr("编号与版次"), self.tr("名称"), self.tr("来源"),
                self.tr("使用中"), self.tr("条目"), self.tr("施行日期"), self.tr("有效期至")]

    def text(self, row: Any, col: int) -> str:
        values = (version_status_text(row.status), row.label, f"{row.code} v{row.version}", row.name,
                  row.derived_from or "—", str(row.in_use), str(row.items), _date(row.effective_from),
                  _date(row.effective_to))
        return values[col]

    def raw(self, row: Any, col: int) -> Any:
        return self.text(row, col)

    def foreground(self, row: Any, col: int) -> QColor | None:
        if col == 0:
            status = VersionStatus(row.status)
            colour = {VersionStatus.DRAFT: palette.CAUTION, VersionStatus.PUBLISHED: palette.OK}.get(status,
                                                                                                   palette.MUTED)
            return palette.qcolor(colour)
        return None


class ItemsModel(RowsTableModel):
    """The items of one checklist version (dicts from :func:`ui.versions.editor.load_checklist`)."""

    def headers(self) -> list[str]:
        return [self.tr("章节"), self.tr("编号"), self.tr("标题"), self.tr("条款"), self.tr("严重程度")]

    def text(self, row: dict[str, Any], col: int) -> str:
        values = (str(row["section_no"]), row["code"], row["title"], self.tr("、").join(map(str, row["articles"])),
                  severity_label(row["default_severity"]))
        return values[col]


class SectionsModel(RowsTableModel):
    def headers(self) -> list[str]:
        return [self.tr("序号"), self.tr("章节标题")]

    def text(self, row: dict[str, Any], col: int) -> str:
        return str(row["number"]) if col == 0 else row["title"]


class ArticlesModel(RowsTableModel):
    id_field = "number"

    def headers(self) -> list[str]:
        return [self.tr("条号"), self.tr("章"), self.tr("条文")]

    def text(self, row: dict[str, Any], col: int) -> str:
        return (str(row["number"]), str(row.get("chapter", 0)), row["text"])[col]
