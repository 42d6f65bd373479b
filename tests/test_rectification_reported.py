"""What a department reported (整改情况), read back for one finding and for one imported report: the measures in
full, the completion date, the material it lists, and which report said so (the newest report listing a finding)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from inspector.errors import NotFoundError
from inspector.forms import rectification as form
from inspector.model import FindingStatus, NoticeStatus, RectificationNotice
from inspector.services import rectification as rect
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401
from tests.forms_helpers import fill

SHEET = "整改情况"
TODAY = date(2026, 11, 24)
LONG = ("制定《数据备份与恢复策略》，明确备份范围、频率和保存期限；" * 6) + "已完成一次恢复演练并形成记录。"


def issued(vault) -> tuple[str, list[str]]:
    with vault.session() as s:
        notice = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()
        return notice.id, [f.id for f in form.notice_findings(s, notice.id)]


def import_report(vault, notice_id: str, cells: dict, filename: str) -> str:
    with vault.session() as s:
        data = fill(form.build_form(s, notice_id).data, SHEET, cells)
        return form.import_form(s, data, filename, notice_id=notice_id, today=TODAY).report_id


def test_a_findings_reported_rectification_and_a_reports_detail(demo_vault):
    notice_id, (backup, training) = issued(demo_vault)
    with demo_vault.session() as s:
        assert rect.reported_rectification(s, backup) is None  # nothing imported yet
    first = import_report(demo_vault, notice_id, {"G4": LONG, "H4": "2026-11-20", "I4": "备份策略.pdf\n演练记录.pdf"},
                          "卫健委整改情况.xlsx")
    with demo_vault.session() as s:
        item = rect.reported_rectification(s, backup)
        assert rect.reported_rectification(s, training) is None
        rows = {r.finding_id: r for r in rect.notice_detail(s, notice_id, TODAY).findings}
    assert (item.measures, item.completed_on, item.evidence_list) == (LONG, date(2026, 11, 20),
                                                                      "备份策略.pdf\n演练记录.pdf")
    assert (item.report_id, item.source_filename, item.finding_status) == (first, "卫健委整改情况.xlsx",
                                                                          FindingStatus.REPORTED)
    assert rows[backup].reported == item and rows[training].reported is None  # the notice's rows carry it

    second = import_report(demo_vault, notice_id, {"G4": "同上，另补充异地备份。", "H4": "2026-11-22",
                                                   "G5": "已组织全员培训。", "H5": "2026-11-21"}, "第二次.xlsx")
    with demo_vault.session() as s:
        newest = rect.reported_rectification(s, backup)
        old, new = rect.report_detail(s, first), rect.report_detail(s, second)
        with pytest.raises(NotFoundError):
            rect.report_detail(s, "no-such-report")
    assert (newest.report_id, newest.measures) == (second, "同上，另补充异地备份。")  # the newest report listing it
    assert old.report.superseded and old.superseded_by == "第二次.xlsx"
    assert [i.measures for i in old.items] == [LONG]
    assert not new.report.superseded and new.superseded_by == ""
    assert [(i.finding_id, i.completed_on) for i in new.items] == [(backup, date(2026, 11, 22)),
                                                                   (training, date(2026, 11, 21))]
