"""同步 on a laptop that works with the office hub (issue 20): importing the hub's acknowledgement says how many of
this laptop's bundles the office confirmed, and the history shows per bundle sent whether the office holds it
(办公室已接收, with the date) or not yet (未确认). The hub is a real PostgreSQL one; the laptop the demo vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from inspector.hub import ingest
from inspector.sync import exporter
from tests.sync_helpers import fingerprint, introduce
from tests.ui.conftest import delivered
from tests.ui.test_sync_page import WAIT_MS, make_page
from ui import tasks
from ui.sync.models import H_ACK, H_FILE, H_SCOPE


def import_with_page(qtbot, page, path):
    flow = page.import_file(path)
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(page.imported, timeout=WAIT_MS) as done:
        qtbot.mouseClick(flow.preview_dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page._reload_pending and tasks.wait_for_all(WAIT_MS), timeout=WAIT_MS)
    delivered(qtbot)
    return done.args[0]


def ack_column(page) -> dict[str, str]:
    """{file: what 办公室已接收 shows} of every row."""
    model = page.history_model
    return {model.index(r, H_FILE).data(): model.index(r, H_ACK).data() for r in range(model.rowCount())}


def test_the_sync_page_shows_what_the_office_holds(qtbot, demo_vault, office_hub, tmp_path):
    introduce(demo_vault, office_hub, "笔记本（李明）", "办公室")
    first = exporter.export_bundle(demo_vault, tmp_path / "first.bundle", [fingerprint(office_hub)], scope="field")
    exporter.export_bundle(demo_vault, tmp_path / "second.bundle", [fingerprint(office_hub)], scope="field",
                           since_last=True)
    page = make_page(qtbot, demo_vault)
    # no acknowledgement yet: this laptop has not heard from a hub, so nothing is called unconfirmed
    assert page.history_model.headerData(H_ACK, Qt.Orientation.Horizontal) == "办公室已接收"
    assert ack_column(page) == {"first.bundle": "—", "second.bundle": "—"}
    assert page.summary_label.text() == "已导出 2 次 · 已导入 0 次"

    done = ingest.ingest(office_hub, [first.path], ack_dir=tmp_path / "acks")  # the second never reached it
    result = import_with_page(qtbot, page, done[0].ack)
    assert result.applied and result.acknowledged == 1
    assert page.message.text() == "已导入 王芳 的收讫回执：办公室集中库确认已收到本机 1 份交换文件（此前未确认）。"
    assert not page.message.is_error

    shown = ack_column(page)
    assert shown["second.bundle"] == "未确认"
    assert shown["first.bundle"][:4].isdigit() and shown["first.bundle"] != "未确认"  # the date it was confirmed
    ack_row = next(r for r in range(page.history_model.rowCount())
                   if page.history_model.index(r, H_FILE).data() == Path(done[0].ack).name)
    assert page.history_model.index(ack_row, H_ACK).data() == ""  # an acknowledgement is not one to confirm
    assert page.history_model.index(ack_row, H_SCOPE).data() == "收讫回执（办公室集中库发回）"
    second_row = next(r for r in range(page.history_model.rowCount())
                      if page.history_model.index(r, H_FILE).data() == "second.bundle")
    assert "重新发送" in page.history_model.index(second_row, H_ACK).data(Qt.ItemDataRole.ToolTipRole)
    assert page.summary_label.text() == "已导出 2 次 · 已导入 1 次 · 办公室已确认接收 1/2 份（1 份未确认）"
    assert page.summary_label.toolTip().startswith("最近一次确认：")


def test_an_acknowledgement_naming_nothing_new_says_so(qtbot, demo_vault, office_hub, tmp_path):
    introduce(demo_vault, office_hub, "笔记本（李明）", "办公室")
    first = exporter.export_bundle(demo_vault, tmp_path / "first.bundle", [fingerprint(office_hub)], scope="field")
    done = ingest.ingest(office_hub, [first.path], ack_dir=tmp_path / "acks")
    older = tmp_path / "older-ack.bundle"
    Path(done[0].ack).rename(older)
    ingest.acknowledge(office_hub, demo_vault.vault_id, fingerprint(demo_vault), tmp_path / "acks")  # a second one
    page = make_page(qtbot, demo_vault)
    import_with_page(qtbot, page, older)
    [newer] = list((tmp_path / "acks").glob("*.bundle"))
    result = import_with_page(qtbot, page, newer)
    assert result.applied and result.acknowledged == 0
    assert page.message.text() == "已导入 王芳 的收讫回执：没有新确认收到的交换文件。"
    assert ack_column(page)["first.bundle"] not in ("未确认", "—", "")
    assert page.summary_label.text().endswith("办公室已确认接收 1/1 份")


def test_on_the_hub_the_page_asks_nothing_of_itself(qtbot, demo_vault, office_hub, tmp_path):
    """The hub is the one that acknowledges: no 办公室已接收 column there, and it names itself 本集中库."""
    introduce(demo_vault, office_hub, "笔记本（李明）", "办公室")
    first = exporter.export_bundle(demo_vault, tmp_path / "first.bundle", [fingerprint(office_hub)], scope="field")
    ingest.ingest(office_hub, [first.path])
    page = make_page(qtbot, office_hub)
    assert page.history_model.rowCount() == 1
    assert page.history_view.isColumnHidden(H_ACK)
    assert page.here_label.text().startswith("本集中库：王芳")
    laptop = make_page(qtbot, demo_vault)
    assert not laptop.history_view.isColumnHidden(H_ACK) and laptop.here_label.text().startswith("本保险库")
