"""The runner at the sizes inspectors use (1280×760, 1366×768), in Chinese and English: nothing in its header,
its checklist (section headings, titles, verdicts) or its verdict buttons is cut; the checklist marks the items
that hold notes, evidence or findings, with a tooltip and an accessible text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from sqlmodel import select

from inspector.model import Inspection, InspectionStatus, Severity, Verdict
from inspector.services.inspections import RunnerItem, RunnerSection
from tests.ui.conftest import delivered
from ui import i18n
from ui.context import AppContext
from ui.inspections.checklist_model import (
    COL_MARKS,
    COL_TITLE,
    COL_VERDICT,
    MARKS_ROLE,
    ChecklistModel,
)
from ui.inspections.marks import Marks
from ui.main_window import MainWindow

TIMEOUT = 10_000
SIZES = [(1280, 760), (1366, 768)]


@pytest.fixture(params=["zh_CN", "en"])
def language(request, qapp):
    i18n.install(qapp, request.param)
    try:
        yield request.param
    finally:
        i18n.install(qapp, "zh_CN")


def inspection_id(vault, status: InspectionStatus) -> str:
    with vault.session() as s:
        return s.exec(select(Inspection.id).where(Inspection.status == status)).first()


def runner_in_window(qtbot, vault, iid: str, size: tuple[int, int]):
    window = MainWindow(AppContext(vault))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.navigate("inspections", iid)
    runner = window.pages["inspections"].runner
    qtbot.waitUntil(lambda: runner is not None and runner.data is not None, timeout=TIMEOUT)
    delivered(qtbot)
    qtbot.waitUntil(lambda: runner.header.department_label.text() != "", timeout=TIMEOUT)
    return window, runner


def cut_widgets(root: QWidget) -> list[str]:
    """Visible labels and buttons under ``root`` whose text does not fit them."""
    cut = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text():
            continue
        room = label.contentsRect()
        if label.wordWrap():
            if label.heightForWidth(room.width()) > room.height() + 1:
                cut.append(f"label {label.text()!r}: needs {label.heightForWidth(room.width())} px high, has {room.height()}")
        elif label.sizeHint().width() > label.width() + 1:
            cut.append(f"label {label.text()!r}: needs {label.sizeHint().width()} px, has {label.width()}")
    for button in root.findChildren(QPushButton):
        if button.isVisibleTo(root) and button.text() and button.sizeHint().width() > button.width() + 1:
            cut.append(f"button {button.text()!r}: needs {button.sizeHint().width()} px, has {button.width()}")
    return cut


def cut_in_checklist(runner) -> list[str]:
    """Checklist cells (every row, expanded) whose text does not fit: titles must wrap into their row."""
    tree, model = runner.tree, runner.model
    bold = QFont(tree.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    cut = []

    def rows(parent: QModelIndex):
        for row in range(model.rowCount(parent)):
            index = model.index(row, COL_TITLE, parent)
            yield index
            yield from rows(index)

    for index in rows(QModelIndex()):
        rect = tree.visualRect(index)
        need = needed_height(tree, index)
        if rect.height() + 1 < need:
            cut.append(f"title {index.data()!r}: needs {need} px high, row has {rect.height()}")
        verdict = index.siblingAtColumn(COL_VERDICT)
        if verdict.data() and metrics.horizontalAdvance(verdict.data()) + 8 > tree.columnWidth(COL_VERDICT):
            cut.append(f"verdict {verdict.data()!r}: column {tree.columnWidth(COL_VERDICT)} px")
    return cut


def needed_height(tree, index: QModelIndex) -> int:
    """The height the title needs, wrapped at the room its cell has (measured here, not asked of the view)."""
    font = index.data(Qt.ItemDataRole.FontRole) or tree.font()
    levels = (1 if index.parent().isValid() else 0) + (1 if tree.rootIsDecorated() else 0)
    width = tree.columnWidth(COL_TITLE) - levels * tree.indentation() - 8  # the item's text margins
    rect = QFontMetrics(font).boundingRect(0, 0, max(1, width), 10_000, Qt.TextFlag.TextWordWrap, index.data())
    return rect.height()


def _option(tree):
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    return option


@pytest.mark.parametrize("size", SIZES)
def test_nothing_in_the_header_or_checklist_is_cut(qtbot, demo_vault, language, size):
    for status in (InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED):
        window, runner = runner_in_window(qtbot, demo_vault, inspection_id(demo_vault, status), size)
        detail = runner.header.detail_label
        if status is InspectionStatus.COMPLETED:  # the end time and the signature are there, whole
            assert ("结束于" if language == "zh_CN" else "Ended") in detail.text()
            assert ("已签字" if language == "zh_CN" else "signed by") in detail.text().lower()
        assert cut_widgets(runner.header) == []
        lines = detail.text().split("\n")  # a line breaks between the parts only: a time or a name stays whole
        assert detail.parts and all(any(part in line for line in lines) for part in detail.parts)
        assert cut_widgets(runner.panel.verdict_buttons[Verdict.COMPLIANT].parentWidget()) == []
        runner.tree.expandAll()
        delivered(qtbot)
        assert cut_in_checklist(runner) == []
        window.close()
        delivered(qtbot)


def test_a_long_section_heading_wraps_instead_of_being_cut(qtbot, language):
    from ui.inspections.checklist_view import ChecklistView

    item = RunnerItem(id="i1", section_no=1, code="1-01", title="安全责任机构与责任人", text="…", how_to_check="",
                      articles=(9,), default_severity=Severity.GENERAL)
    heading = "贯彻落实国家、省、市政务数据安全法律法规和标准以及有关规定情况"
    model = ChecklistModel()
    model.set_checklist([RunnerSection(1, "（一）", heading, (item,))], {"i1": Verdict.PARTIAL})
    view = ChecklistView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(340, 300)
    view.show()
    view.expandAll()
    qtbot.waitExposed(view)
    delivered(qtbot)
    section = model.index(0, COL_TITLE)
    assert section.data() == f"（一）{heading}"
    line = view.fontMetrics().height()
    assert view.visualRect(section).height() >= 2 * line  # two lines, the whole heading
    assert view.visualRect(section).height() >= needed_height(view, section)
    label = model.index(0, COL_VERDICT, section).data()
    bold = QFont(view.font())
    bold.setBold(True)
    assert QFontMetrics(bold).horizontalAdvance(label) + 8 <= view.columnWidth(COL_VERDICT)


def test_marks_for_notes_evidence_and_findings_alone(qtbot):
    item = RunnerItem(id="i1", section_no=1, code="1-01", title="标题", text="…", how_to_check="", articles=(9,),
                      default_severity=Severity.GENERAL)
    model = ChecklistModel()
    model.set_checklist([RunnerSection(1, "（一）", "部分", (item,))], {})
    cell = model.index_of_item("i1", COL_MARKS)
    assert cell.data(Qt.ItemDataRole.DecorationRole) is None and cell.data(Qt.ItemDataRole.ToolTipRole) is None
    with qtbot.waitSignal(model.dataChanged):
        model.set_marks({"i1": Marks(notes=True, evidence=2, findings=1)})
    assert not cell.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "有检查记录；证据 2 个；问题 1 个"
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == "有检查记录；证据 2 个；问题 1 个"
    assert cell.data(MARKS_ROLE) == Marks(True, 2, 1) == model.marks("i1")
    model.set_marks({})
    assert cell.data(Qt.ItemDataRole.DecorationRole) is None and not model.marks("i1")


def test_the_runner_marks_items_as_notes_evidence_and_findings_arrive(qtbot, demo_vault):
    from ui.inspections.runner import InspectionRunner

    runner = InspectionRunner(AppContext(demo_vault), inspection_id(demo_vault, InspectionStatus.IN_PROGRESS))
    runner.confirm_void = lambda err: True
    qtbot.addWidget(runner)
    runner.resize(1100, 700)
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        runner.show()
    item = next(i for i in runner.data.items if not runner.model.marks(i.id))
    runner.select_item(item.id)
    runner.panel.notes_edit.setPlainText("机房门禁记录缺失")
    assert runner.model.marks(item.id) == Marks(notes=True)
    runner.add_image(QImage(8, 8, QImage.Format.Format_RGB32))
    qtbot.waitUntil(lambda: runner.model.marks(item.id).evidence == 1, timeout=TIMEOUT)
    runner.new_finding()
    qtbot.waitUntil(lambda: runner.model.marks(item.id).findings == 1, timeout=TIMEOUT)
    assert runner.model.index_of_item(item.id, COL_MARKS).data(Qt.ItemDataRole.ToolTipRole) == \
        "有检查记录；证据 1 个；问题 1 个"
    qtbot.waitUntil(lambda: runner.finding_dialog is not None, timeout=TIMEOUT)
    runner.finding_dialog.reject()
    delivered(qtbot)
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):  # read back from the vault, the marks stay
        runner.load()
    assert runner.model.marks(item.id) == Marks(notes=True, evidence=1, findings=1)
    runner.flush()
    delivered(qtbot)


def test_the_detail_line_breaks_between_its_parts_only(qtbot):
    from ui.inspections.header import PartsLabel

    label = PartsLabel()
    qtbot.addWidget(label)
    parts = ["2026年度全市政务数据安全监督检查", "已完成", "开始于 2026-10-29 09:00", "结束于 2026-12-05 12:30", "陈静已签字"]
    label.set_parts(parts)
    metrics = label.fontMetrics()
    label.resize(metrics.horizontalAdvance("2026年度全市政务数据安全监督检查 · 已完成 · ") + 4, 200)
    label.show()
    lines = label.text().split("\n")
    assert len(lines) >= 3 and all(any(p in line for line in lines) for p in parts)
    assert all(metrics.horizontalAdvance(line) <= label.contentsRect().width() for line in lines)
    assert label.heightForWidth(label.width()) == len(lines) * metrics.lineSpacing()
    assert label.accessibleName() == " · ".join(parts)
    label.resize(40, 200)  # one part wider than the line: it wraps inside itself rather than being cut
    assert label.wordWrap() and label.heightForWidth(40) > len(parts) * metrics.lineSpacing()
