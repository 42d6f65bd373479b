"""Translatable labels of the enums and figures the rectification and overview pages show.

The core has ``FindingStatus.zh`` and friends; the UI maps enum values to
``QCoreApplication.translate`` strings instead, so the English comes from the
.qm files like every other string. Dates are ISO (2026-12-31); times are
北京时间 (UTC+8, :mod:`inspector.timezones`) whatever the machine's zone, as in
the PDFs: :func:`datetime_text` and :func:`day_text` are the one way to show a
stored time, :func:`zone_text` names the zone where a screen says it once.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from inspector.model import (
    FindingStatus,
    InspectionStatus,
    NoticeStatus,
    Severity,
    Verdict,
)
from inspector.services.rectification import NOTICE_CLOSED, NOTICE_DRAFT, NOTICE_OPEN
from inspector.timezones import china_day, china_minutes


def status_label(status: FindingStatus | str) -> str:
    s = FindingStatus(status)
    return {
        FindingStatus.DRAFT: QCoreApplication.translate("Labels", "草稿"),
        FindingStatus.NOTIFIED: QCoreApplication.translate("Labels", "已通知"),
        FindingStatus.RECTIFYING: QCoreApplication.translate("Labels", "整改中"),
        FindingStatus.REPORTED: QCoreApplication.translate("Labels", "已报整改"),
        FindingStatus.VERIFIED: QCoreApplication.translate("Labels", "已核验"),
        FindingStatus.CLOSED: QCoreApplication.translate("Labels", "已关闭"),
        FindingStatus.REOPENED: QCoreApplication.translate("Labels", "已重新打开"),
    }[s]


def severity_label(severity: Severity | str) -> str:
    s = Severity(severity)
    return {
        Severity.GENERAL: QCoreApplication.translate("Labels", "一般"),
        Severity.MAJOR: QCoreApplication.translate("Labels", "较大"),
        Severity.CRITICAL: QCoreApplication.translate("Labels", "重大"),
    }[s]


def verdict_labels() -> dict[Verdict, str]:
    """The translated label of each verdict (context "Verdict")."""
    return {Verdict.COMPLIANT: QCoreApplication.translate("Verdict", "符合"),
            Verdict.PARTIAL: QCoreApplication.translate("Verdict", "部分符合"),
            Verdict.NON_COMPLIANT: QCoreApplication.translate("Verdict", "不符合"),
            Verdict.NOT_APPLICABLE: QCoreApplication.translate("Verdict", "不适用")}


def inspection_status_labels() -> dict[InspectionStatus, str]:
    """The translated label of each inspection status (context "InspectionStatus")."""
    return {InspectionStatus.PLANNED: QCoreApplication.translate("InspectionStatus", "计划中"),
            InspectionStatus.IN_PROGRESS: QCoreApplication.translate("InspectionStatus", "进行中"),
            InspectionStatus.COMPLETED: QCoreApplication.translate("InspectionStatus", "已完成")}


def notice_state_label(state: str) -> str:
    return {
        NOTICE_DRAFT: QCoreApplication.translate("Labels", "草稿"),
        NOTICE_OPEN: QCoreApplication.translate("Labels", "整改中"),
        NOTICE_CLOSED: QCoreApplication.translate("Labels", "已办结"),
    }[state]


def notice_number_text(number: str, status: NoticeStatus | str) -> str:
    """The notice's number, or a placeholder for a draft (numbers are given when issued)."""
    if NoticeStatus(status) is NoticeStatus.DRAFT or not number:
        return QCoreApplication.translate("Labels", "（草稿，签发时编号）")
    return number


def date_text(value: date | None) -> str:
    return value.isoformat() if value else "—"


def datetime_text(value: datetime | None, empty: str = "—") -> str:
    """A stored (UTC) time in Beijing time, ``2026-12-05 14:30``; ``empty`` when there is none."""
    return china_minutes(value, empty) if value else empty


def day_text(value: datetime | None, empty: str = "—") -> str:
    """The day in Beijing of a stored (UTC) time, ``2026-12-05``; ``empty`` when there is none."""
    return china_day(value).isoformat() if value else empty


def zone_text() -> str:
    """The zone of every time shown: said once where times are (status bar, a dialog's time)."""
    return QCoreApplication.translate("Labels", "北京时间")


def zone_tooltip() -> str:
    return QCoreApplication.translate("Labels", "本应用显示的时间均为北京时间（UTC+8），与导出的文书一致，"
                                                "不随本机时区变化。")


def days_left_text(days: int | None) -> str:
    """剩余 N 天 / 今天到期 / 逾期 N 天, or a dash when no deadline is watched."""
    if days is None:
        return "—"
    if days > 0:
        return QCoreApplication.translate("Labels", "剩余 {n} 天").format(n=days)
    if days == 0:
        return QCoreApplication.translate("Labels", "今天到期")
    return QCoreApplication.translate("Labels", "逾期 {n} 天").format(n=-days)


def table_label(table: str) -> str:
    """What a table of the vault holds, in the interface language (declared on the model: ``__label__``)."""
    from inspector.model import TABLES
    from ui import i18n

    facts = TABLES[table]
    return i18n.pick(facts.zh, facts.en)
