"""The sync page names things as people do (issue 15, item 15): no ids, no raw certificate subjects.

This vault by its inspector and organisation (its ids only in a tooltip and the copy button); a conflicting
record without a name of its own (a verdict) by what it belongs to; a reference by the record's name; the
core's notes in the interface's language only.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from sqlmodel import select

from inspector.model import ChecklistItem, Department, Inspection, InspectionResult, Plan
from inspector.sync import exporter, importer
from tests.sync_helpers import fingerprint
from ui.sync.export import SUFFIX
from ui.sync.models import F_INCOMING, F_LOCAL, F_NAME, FieldsModel, field_label
from tests.ui.test_sync_page import make_page

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def visible_texts(page) -> list[str]:
    """Every label's text and every cell of the page's tables, as shown."""
    texts = [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page)]
    for model in (page.conflicts.model, page.conflicts.fields_model, page.history_model):
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                texts.append(str(model.index(r, c).data() or ""))
    return texts


def verdict_conflict(laptop, office, tmp_path) -> str:
    """Both sides change the notes of one verdict of an inspection in progress; the office imports the
    laptop's change. Returns the verdict's id."""
    first = exporter.export_bundle(laptop, tmp_path / f"first{SUFFIX}", [fingerprint(office)], scope="field")
    importer.import_bundle(office, first.path)
    with laptop.session() as s:
        result = s.exec(select(InspectionResult).join(Inspection, Inspection.id == InspectionResult.inspection_id)
                        .where(Inspection.status == "in_progress", Inspection.rep_signature_sha256 == None)  # noqa: E711
                        .order_by(InspectionResult.id)).first()
        result.notes = "现场查看：机房门禁记录完整（笔记本）"
        rid = result.id
    with office.session() as s:
        s.get(InspectionResult, rid).notes = "办公室补充：门禁记录需每月导出"
    second = exporter.export_bundle(laptop, tmp_path / f"second{SUFFIX}", [fingerprint(office)], scope="field",
                                    since_last=True)
    importer.import_bundle(office, second.path)
    return rid


def test_the_page_shows_names_not_ids(qtbot, pair, tmp_path):
    laptop, office = pair
    rid = verdict_conflict(laptop, office, tmp_path)
    with office.session() as s:
        result = s.get(InspectionResult, rid)
        item = s.get(ChecklistItem, result.item_id)
        inspection = s.get(Inspection, result.inspection_id)
        department = s.get(Department, inspection.department_id)
        plan = s.get(Plan, inspection.plan_id)
        item_title, names = item.title, (department.name, plan.title)
    page = make_page(qtbot, office)
    qtbot.waitUntil(lambda: page.conflicts.model.rowCount() == 1, timeout=10_000)
    [conflict] = page.overview.conflicts
    assert conflict.table == "inspection_result"
    # the verdict has no name of its own: the checklist item and the inspection it belongs to
    assert item_title in conflict.title and any(n in conflict.title for n in names)
    assert rid[:8] not in conflict.title and item_title in page.conflicts.title_label.text()
    # this vault by its people
    assert "王芳" in page.here_label.text()
    texts = visible_texts(page)
    assert not [t for t in texts if UUID.search(t)], [t for t in texts if UUID.search(t)]
    assert not [t for t in texts if "C=CN" in t]
    # the ids stay reachable for support: the tooltip, the copy button
    assert office.vault_id in page.here_label.toolTip() and office.device_id in page.here_label.toolTip()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert office.vault_id in QGuiApplication.clipboard().text()


def test_a_reference_shows_the_record_it_names():
    from inspector.sync.overview import FieldRow

    model = FieldsModel()
    model.set_rows([FieldRow("department_id", "d-1", "d-2", True, "卫健委", ""),
                    FieldRow("item_id", "i-1", "i-1", False, "1.1 制度建设", "1.1 制度建设")])
    assert model.index(0, F_NAME).data() == field_label("department_id") == "被检查单位"
    assert model.index(0, F_LOCAL).data() == "卫健委"
    assert model.index(0, F_INCOMING).data() == "（本机没有这条记录）"  # an id this vault does not have: words
    assert "d-2" in model.index(0, F_INCOMING).data(Qt.ItemDataRole.ToolTipRole)  # the id, for support
    assert model.index(1, F_NAME).data() == "检查项" and model.index(1, F_LOCAL).data() == "1.1 制度建设"


def test_a_frozen_conflict_note_is_in_the_interface_language_only(qtbot, demo_vault):
    from datetime import datetime, timezone

    from inspector.sync.overview import ConflictItem, FieldRow
    from ui.context import AppContext
    from ui.sync.conflicts import ConflictsPanel

    panel = ConflictsPanel(AppContext(demo_vault))
    qtbot.addWidget(panel)
    item = ConflictItem("c1", "finding", "f1", "frozen", "年度培训未开展", "王芳", datetime.now(timezone.utc),
                        "2026-12-01T08:00:00Z", "2026-12-02T08:00:00Z",
                        [FieldRow("title", "a", "b", True)], note_zh="该问题已列入整改通知书。",
                        note_en="This finding is stated in a notice.")
    panel.show_items([item])
    assert "该问题已列入整改通知书。" in panel.meta_label.text()  # Chinese mode: the Chinese sentence only
    assert "This finding" not in panel.meta_label.text()
    tip = panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "该问题已列入整改通知书。" in tip and "This finding" not in tip and "发现时间" in tip
