"""The findings table model alone: ids, lazy pages, roles, sorting requests."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from inspector.model import FindingStatus, Severity
from inspector.services.search import FindingRow
from ui.findings import model as findings_model
from ui.findings.model import (
    COL_CREATED,
    COL_DEADLINE,
    COL_DEPARTMENT,
    COL_SEVERITY,
    COL_STATUS,
    COL_TITLE,
    ID_ROLE,
    PAGE_SIZE,
    PLACEHOLDER,
    ROW_ROLE,
    SORT_ROLE,
    FindingsTableModel,
)

CREATED = datetime(2026, 11, 3, 2, 30, tzinfo=timezone.utc)


def row(fid: str, **kw) -> FindingRow:
    values = dict(id=fid, title=f"问题 {fid}", department_id="d1", department="晋城市民政局", severity=Severity.GENERAL,
                  status=FindingStatus.DRAFT, deadline=None, created_at=CREATED)
    values.update(kw)
    return FindingRow(**values)


class FakeFetcher:
    """Records what the model asks for; delivers at once or when told."""

    def __init__(self, deferred: bool = False) -> None:
        self.deferred = deferred
        self.asked: list[list[str]] = []
        self.waiting: list[tuple[list[str], object]] = []

    def __call__(self, ids, deliver) -> None:
        self.asked.append(list(ids))
        if self.deferred:
            self.waiting.append((list(ids), deliver))
        else:
            deliver([row(i) for i in ids])

    def deliver_all(self) -> None:
        waiting, self.waiting = self.waiting, []
        for ids, deliver in waiting:
            deliver([row(i) for i in ids])


def ids(n: int) -> list[str]:
    return [f"f{i:05d}" for i in range(n)]


def test_rows_come_from_the_ids_and_only_asked_pages_are_fetched(qtbot):
    fetch = FakeFetcher(deferred=True)
    model = FindingsTableModel(fetch)
    all_ids = ids(1000)
    with qtbot.waitSignal(model.modelReset):
        model.set_ids(all_ids, [row(i) for i in all_ids[:PAGE_SIZE]])  # the first page came with the ids
    assert model.rowCount() == 1000 and model.columnCount() == 6 and model.rowCount(model.index(0, 0)) == 0
    assert model.index(5, COL_TITLE).data() == "问题 f00005" and fetch.asked == []

    assert model.index(450, COL_TITLE).data(ID_ROLE) == "f00450" and fetch.asked == []  # ids never fetch
    assert model.index(450, COL_TITLE).data() == PLACEHOLDER  # its page is on its way
    assert model.index(450, COL_STATUS).data() is None and model.index(450, 0).data(ROW_ROLE) is None
    model.index(599, COL_TITLE).data()  # same page: asked once
    assert fetch.asked == [all_ids[400:600]] and model.fetches == 1

    with qtbot.waitSignal(model.dataChanged) as changed:
        fetch.deliver_all()
    top, bottom = changed.args[0], changed.args[1]
    assert (top.row(), top.column(), bottom.row(), bottom.column()) == (400, 0, 599, 5)
    assert model.index(450, COL_TITLE).data() == "问题 f00450"
    assert model.cached_pages() == [0, 2] and model.fetches == 1
    assert model.row_of("f00450") == 450 and model.row_of("gone") == -1 and model.id_at(7) == "f00007"


def test_a_view_fetches_only_the_pages_it_shows(qtbot):
    fetch = FakeFetcher()
    model = FindingsTableModel(fetch)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 300)
    model.set_ids(ids(100_000))
    view.show()
    qtbot.waitExposed(view)
    view.viewport().grab()  # paint
    assert [a[0] for a in fetch.asked] == ["f00000"]  # page 0 only, of 500
    view.scrollTo(model.index(70_123, 0), QTableView.ScrollHint.PositionAtTop)
    view.viewport().grab()
    assert [a[0] for a in fetch.asked] == ["f00000", "f70000"]
    assert model.index(70_130, COL_TITLE).data() == "问题 f70130"


def test_late_pages_of_an_old_list_are_dropped(qtbot):
    fetch = FakeFetcher(deferred=True)
    model = FindingsTableModel(fetch)
    model.set_ids(ids(500))
    model.index(300, 0).data()
    model.set_ids(ids(10))  # new list before the page arrived
    fetch.deliver_all()
    assert model.cached_pages() == [] and model.rowCount() == 10


def test_a_page_asked_before_the_same_ids_were_read_again_is_dropped(qtbot):
    fetch = FakeFetcher(deferred=True)
    model = FindingsTableModel(fetch)
    model.set_ids(ids(500))
    model.index(300, 0).data()  # page 1 asked: its rows are read before a change
    model.update_ids(ids(500))  # the same ids read again after the change: what was on its way is stale
    [(old_ids, old_deliver)] = fetch.waiting
    old_deliver([row(i, title="旧的标题") for i in old_ids])
    assert model.cached_pages() == [] and model.index(300, COL_TITLE).data() == PLACEHOLDER  # asked again
    fetch.waiting.pop(0)  # the old one, answered above
    fetch.deliver_all()
    assert model.index(300, COL_TITLE).data() == "问题 f00300" and model.fetches == 1


def test_only_the_latest_pages_stay_cached(qtbot, monkeypatch):
    monkeypatch.setattr(findings_model, "MAX_CACHED_PAGES", 2)
    model = FindingsTableModel(FakeFetcher())
    model.set_ids(ids(2000))
    for r in (0, 500, 1000, 1500):
        model.index(r, 0).data()
    assert model.cached_pages() == [5, 7]
    model.index(600, 0).data()  # page 3 is fetched again
    assert model.fetches == 5


def test_update_with_the_same_ids_keeps_the_view(qtbot):
    model = FindingsTableModel(FakeFetcher())
    model.set_ids(ids(3), [row("f00000")])
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged):
        assert model.update_ids(ids(3), [row("f00000", title="改过的标题")]) is False
    assert resets == [] and model.index(0, COL_TITLE).data() == "改过的标题"
    assert model.update_ids(ids(2)) is True and resets == [1]


def test_roles_of_a_row(qtbot):
    model = FindingsTableModel()
    overdue = row("a", title="日志仅保存30天", severity=Severity.CRITICAL, status=FindingStatus.RECTIFYING,
                  deadline=date(2026, 1, 31), overdue=True, escalate_secrecy=True, escalate_police=True)
    model.set_ids(["a", "b"], [overdue, row("b", severity=Severity.MAJOR, status=FindingStatus.REOPENED)])
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "问题", "被检查单位", "严重程度", "状态", "整改期限", "发现时间"]
    shown = [model.index(0, c).data() for c in range(6)]
    assert shown == ["日志仅保存30天", "晋城市民政局", "重大", "整改中", "2026-01-31",
                     "2026-11-03 10:30"]  # Beijing time, whatever the machine's zone
    assert [model.index(1, c).data() for c in (COL_SEVERITY, COL_STATUS, COL_DEADLINE)] == ["较大", "已重新打开", "—"]
    assert model.index(0, COL_SEVERITY).data(SORT_ROLE) == "critical"
    assert model.index(0, COL_DEADLINE).data(SORT_ROLE) == date(2026, 1, 31)
    assert model.index(0, COL_CREATED).data(SORT_ROLE) == CREATED
    assert model.index(0, COL_DEPARTMENT).data(ROW_ROLE) == overdue
    assert model.index(0, COL_DEADLINE).data(Qt.ItemDataRole.ToolTipRole) == "已超过整改期限"
    assert model.index(0, COL_DEADLINE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, COL_DEADLINE).data(Qt.ItemDataRole.ForegroundRole) is None
    tip = model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "须向保密主管部门报告（第三十三条）" in tip and "应立即制止，并提请公安机关依法查处（第三十三条）" in tip
    assert model.index(1, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.data(QModelIndex()) is None and model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    model.clear()
    assert model.rowCount() == 0


@pytest.mark.parametrize("column,key", sorted(findings_model.SORT_KEYS.items()))
def test_clicking_a_header_asks_for_a_sorted_query(qtbot, column, key):
    model = FindingsTableModel()
    asked = []
    model.sort_requested.connect(lambda k, desc: asked.append((k, desc)))
    model.sort(column, Qt.SortOrder.AscendingOrder)
    model.sort(column, Qt.SortOrder.AscendingOrder)  # the same order again: nothing to do
    model.sort(column, Qt.SortOrder.DescendingOrder)
    assert asked == [(key, False), (key, True)]
