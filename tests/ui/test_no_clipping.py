"""Nothing is cut: every screen, in Chinese and English, at 1280×760 and 1366×768.

The screens are driven by build/screenshots.py (the guides' images come from the
same steps) plus a few dialogs the guides do not show; each is checked by
:mod:`tests.ui.clipping` before it is saved (the PNGs stay in the test's tmp
folder, named in the failure). Dialogs keep the size the application gives them;
one larger than the screen is reported, then shrunk to it and checked as the user
would see it.

``CLIPPING_REPORT=/path/file.txt`` appends every problem found to that file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QTableView, QWidget
from sqlmodel import select

from tests.build_scripts import load_build_script
from tests.conftest import PASSPHRASE
from tests.ui.clipping import Problem, find_problems, fit_to_screen, is_vocabulary

screenshots = load_build_script("screenshots")

SIZES = [(1280, 760), (1366, 768)]
LANGUAGES = ["zh_CN", "en"]


# ---- the detector itself ---------------------------------------------------------------------------


def shown(widget: QWidget, qtbot, width: int, height: int) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    return widget


def test_a_label_too_long_for_its_room_is_reported_and_one_that_fits_is_not(qtbot):
    window = QWidget()
    row = QHBoxLayout(window)
    long = QLabel("这是一段非常长的说明文字，放不进一百像素宽的地方 and some English too")
    long.setFixedWidth(100)
    short = QLabel("短")
    short.setFixedWidth(100)
    wrapped = QLabel("这是一段会换行的说明文字，" * 4)
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 40)  # too low for its lines
    row.addWidget(long)
    row.addWidget(short)
    row.addWidget(wrapped)
    shown(window, qtbot, 400, 100)
    problems = find_problems(window)
    texts = {(p.kind, p.text, p.axis) for p in problems}
    assert ("label", long.text(), "w") in texts
    assert ("label", wrapped.text(), "h") in texts
    assert not [p for p in problems if p.text == "短"]
    reported = next(p for p in problems if p.text == long.text())
    assert reported.needed > reported.available == 100
    assert "QLabel" in reported.path and reported.widget == "QLabel"


def test_an_elided_header_section_and_an_elided_status_cell_are_reported(qtbot):
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["整改期限（到期日）", "Status"])
    model.setData(model.index(0, 0), "2026-12-15")
    model.setData(model.index(0, 1), "Partly compliant")  # a verdict: the application's own words
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setStretchLastSection(False)
    view.setColumnWidth(0, 40)
    view.setColumnWidth(1, 200)
    shown(view, qtbot, 320, 120)
    problems = find_problems(view)
    assert [(p.kind, p.text) for p in problems if p.kind == "header"] == [("header", "整改期限（到期日）")]
    assert ("cell", "2026-12-15") in {(p.kind, p.text) for p in problems}

    view.setColumnWidth(0, 200)
    view.horizontalHeader().setMinimumSectionSize(10)  # the style's minimum grows with the font (and fonts
    view.setColumnWidth(1, 20)  # loaded by earlier tests): 20 px is too narrow for "Status" in any font
    problems = find_problems(view)
    assert {(p.kind, p.text) for p in problems} >= {("cell", "Partly compliant"), ("header", "Status")}
    assert not [p for p in problems if p.text in ("整改期限（到期日）", "2026-12-15")]


def test_buttons_combo_boxes_and_a_too_wide_page_are_reported_only_when_cut(qtbot):
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QPushButton,
        QScrollArea,
        QVBoxLayout,
    )

    window = QWidget()
    column = QVBoxLayout(window)
    cut_button, whole_button = QPushButton("Complete inspection"), QPushButton("Complete inspection")
    text = cut_button.fontMetrics().horizontalAdvance("Complete inspection")
    cut_button.setFixedWidth(text - 10)
    whole_button.setFixedWidth(text + 6)  # less than its size hint (Fusion's margin), the text still whole
    cut_box, whole_box = QCheckBox("Record these 22 items as not checked"), QCheckBox("Record these 22 items")
    cut_box.setFixedWidth(cut_box.sizeHint().width() - 20)
    whole_box.setFixedWidth(whole_box.sizeHint().width() - 4)  # the hint's spare pixels may go
    cut_combo, whole_combo = QComboBox(), QComboBox()
    for combo in (cut_combo, whole_combo):
        combo.addItem("All departments")
    cut_combo.setFixedWidth(110)
    wide = QWidget()
    wide.setMinimumWidth(900)
    page = QScrollArea()
    page.setWidgetResizable(True)
    page.setWidget(wide)
    for w in (cut_button, whole_button, cut_box, whole_box, cut_combo, whole_combo, page):
        column.addWidget(w)
    shown(window, qtbot, 500, 400)
    problems = find_problems(window)
    kinds = {(p.kind, p.widget, p.text) for p in problems if p.axis == "w"}
    assert ("button", "QPushButton", "Complete inspection") in kinds
    assert ("button", "QCheckBox", "Record these 22 items as not checked") in kinds
    assert ("combo", "QComboBox", "All departments") in kinds
    assert ("scrollbar", "QScrollArea", "horizontal scroll bar") in kinds
    assert len([p for p in problems if p.kind == "button"]) == 2, problems  # not the whole ones
    assert len([p for p in problems if p.kind == "combo"]) == 1, problems


def test_content_out_of_reach_and_a_label_the_application_elided_are_reported(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea, QVBoxLayout

    window = QWidget()
    column = QVBoxLayout(window)
    wide = QWidget()
    wide.setMinimumWidth(900)
    page = QScrollArea()
    page.setWidgetResizable(True)
    page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    page.setWidget(wide)
    elided = QLabel("晋城市人力资源…")
    elided.setToolTip("晋城市人力资源和社会保障局")
    column.addWidget(page)
    column.addWidget(elided)
    shown(window, qtbot, 500, 300)
    kinds = {(p.kind, p.widget) for p in find_problems(window)}
    assert kinds == {("cut", "QScrollArea"), ("elided", "QLabel")}


def test_a_dialog_larger_than_the_screen_is_reported(qtbot):
    from PySide6.QtWidgets import QDialog

    dialog = shown(QDialog(), qtbot, 640, 820)
    problems = find_problems(dialog, QSize(1280, 760))
    assert [(p.kind, p.needed, p.available, p.axis) for p in problems] == [("window", 820, 760, "h")]
    fit_to_screen(dialog, QSize(1280, 760))
    assert dialog.height() == 760


def test_user_content_may_be_elided_in_a_cell_but_not_the_applications_words():
    assert is_vocabulary("Partly compliant") and is_vocabulary("部分符合")
    assert is_vocabulary("2026-12-15") and is_vocabulary("3/55") and is_vocabulary("56 days left")
    assert not is_vocabulary("晋城市人力资源和社会保障局")
    assert not is_vocabulary("未制定数据备份与恢复策略")


# ---- every screen ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scene(_demo_master, tmp_path_factory):
    """A copy of the demo vault with the screenshots' sync and records scenes (made once for all sizes)."""
    from inspector.vault import Vault, copy_vault

    folder = tmp_path_factory.mktemp("clipping-scene")
    path = copy_vault(_demo_master, folder / "demo.vault")
    vault = Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)
    try:
        files = screenshots.sync_scene(vault, folder)
        records = screenshots.records_scene(vault, folder)
        yield vault, files, records
    finally:
        from ui import tasks

        tasks.wait_for_all()
        vault.close()


def more_screens(vault):
    """The dialogs the guides do not show: a new inspection team, a new inspection."""
    from inspector.model import Plan
    from inspector.services import inspections
    from ui.inspections.inspection_list import NewInspectionDialog

    with vault.session() as s:
        plan_id = s.exec(select(Plan.id).order_by(Plan.created_at)).first()
        targets = inspections.startable_targets(s)

    def extras(window, snap) -> None:
        app = QApplication.instance()
        window.navigate("plans")
        screenshots.settle(app)
        editor = window.pages["plans"].open_editor(plan_id)
        screenshots.settle(app)
        editor.open_team_dialog()
        screenshots.settle(app)
        snap(editor.team_dialog, "team-dialog")
        editor.team_dialog.reject()
        editor.discard_and_close()
        screenshots.settle(app)
        dialog = NewInspectionDialog(targets, window)
        dialog.show()
        snap(dialog, "new-inspection")
        dialog.reject()
        dialog.deleteLater()

    return extras


def report(problems: dict[str, list[Problem]], lang: str, size: tuple[int, int]) -> str:
    lines = []
    for screen, found in problems.items():
        lines.append(f"{screen} ({lang}, {size[0]}×{size[1]}):")
        lines += [f"    {p}" for p in found]
    return "\n".join(lines)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_is_cut_on_any_screen(qapp, qtbot, scene, lang, size, tmp_path):
    from ui import i18n, prefs
    from ui.fonts import load_fonts

    vault, files, records = scene
    load_fonts(qapp)
    screen = QSize(*size)
    problems: dict[str, list[Problem]] = {}

    def check(widget: QWidget, name: str) -> None:
        if widget.isWindow() and isinstance(widget, QWidget):
            found = find_problems(widget, screen)  # its size as opened: not larger than the screen
            fit_to_screen(widget, screen)
            screenshots.settle(qapp)
            found += [p for p in find_problems(widget) if p not in found]
        else:
            found = find_problems(widget, screen)
        if found:
            problems[name] = found

    try:
        saved = screenshots.shoot(vault, tmp_path, lang, qapp, files, records, size=size, check=check,
                                  natural=True, extras=more_screens(vault))
    finally:
        i18n.install(qapp, "zh_CN")
        prefs.LANGUAGE.set("zh_CN")
    assert len(saved) >= 30
    text = report(problems, lang, size)
    if os.environ.get("CLIPPING_REPORT") and text:
        with Path(os.environ["CLIPPING_REPORT"]).open("a", encoding="utf-8") as out:
            out.write(text + "\n\n")
    count = sum(len(found) for found in problems.values())
    assert not problems, f"{count} texts do not fit (screenshots in {tmp_path / lang}):\n{text}"

