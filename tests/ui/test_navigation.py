"""The navigation: an icon for every page, badges that count what waits (and follow the writes), and one
header per page with its title."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from inspector.model import FindingStatus
from inspector.services import queries
from inspector.services.findings import get_finding, transition
from tests.build_scripts import load_build_script
from tests.ui.conftest import delivered
from ui import tasks
from ui.context import AppContext
from ui.main_window import ICONS, MainWindow
from ui.widgets.navigation import BADGE_ROLE, BADGE_URGENT_ROLE

nav_icons = load_build_script("nav_icons")


@pytest.fixture
def window(qtbot, demo_vault):
    w = MainWindow(AppContext(demo_vault))
    qtbot.addWidget(w)
    w.show()
    delivered(qtbot)
    yield w
    w.clear_pages()
    tasks.wait_for_all()


def test_every_icon_is_rendered_from_its_svg(qapp):
    svgs = sorted(nav_icons.FOLDER.glob("*.svg"))
    assert {svg.stem for svg in svgs} == set(ICONS.values())
    assert (nav_icons.FOLDER / "LICENSE-lucide.txt").is_file()
    for svg in svgs:
        for png, (colour, pixels) in nav_icons.targets(svg).items():
            assert png.is_file(), f"{png.name} missing: run python build/nav_icons.py"
            stored = QImage(str(png)).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
            assert stored == nav_icons.render(svg, colour, pixels), f"{png.name} stale: run python build/nav_icons.py"


def test_every_page_has_its_icon_and_a_header_with_its_title(window):
    for row, (key, page) in enumerate(window.pages.items()):
        assert not window.nav.item(row).icon().isNull()
        window.navigate(key)
        header = window.headers[key]
        assert header.frame.isVisible() and header.title_label.text() == page.title()
        assert not header.icon_label.pixmap().isNull()
        assert window.current_page() is page


def test_badges_count_what_waits_and_follow_the_writes(qtbot, window, demo_vault):
    keys = list(window.pages)
    with demo_vault.session() as s:
        running = len([i for i in queries.list_inspections(s) if i["status"] == "in_progress"])
    row = keys.index("inspections")
    assert window.nav.badge(row) == running == 1
    assert not window.nav.item(row).data(BADGE_URGENT_ROLE)
    assert "1 个现场检查进行中" in window.nav.item(row).toolTip()
    verify = keys.index("rectification")
    before = window.nav.badge(verify)

    # a finding reported as rectified: one more to verify, counted again after the write
    with demo_vault.session() as s:
        rectifying = next(f for f in queries.list_findings(s) if f["status"] == FindingStatus.RECTIFYING)
    window.ctx.write(window, lambda s: transition(s, get_finding(s, rectifying["id"]), FindingStatus.REPORTED,
                                                   reason="已整改", actor="测试"))
    delivered(qtbot)
    qtbot.waitUntil(lambda: window.nav.badge(verify) == before + 1, timeout=10_000)
    assert window.nav.item(verify).data(BADGE_ROLE) == before + 1

    window.clear_pages()
    assert all(window.nav.badge(r) == 0 for r in range(window.nav.count()))


def test_the_navigation_is_wide_enough_for_its_titles_in_english(window):
    nav = window.nav
    widest = max(nav.fontMetrics().horizontalAdvance("Rectification"), nav.fontMetrics().horizontalAdvance("被检查单位"))
    assert nav.fitting_width() > widest + 20


def test_the_pages_own_actions_sit_in_the_header_at_the_right(qtbot, window, demo_vault):
    expected = {"plans": ["新建计划…", "编辑…", "删除…", "进度看板…", "检查分析…", "检查表版本…"], "departments": ["添加单位…", "导入…"],
                "inspections": ["打开检查", "新建检查…"], "rectification": ["起草整改通知书…"],
                "sync": ["导出交换文件…", "导入交换文件…"]}
    for key, texts in expected.items():
        window.navigate(key)
        header = window.headers[key]
        actions = window.pages[key].header_actions()
        assert [a.text() for a in actions] == texts
        for action in actions:
            assert action.isVisible() and not window.pages[key].isAncestorOf(action)
            assert action.mapTo(header.frame, action.rect().topLeft()).y() < header.title_label.geometry().bottom()
            assert action.geometry().left() > header.title_label.geometry().right()

    # over the runner, the list's actions leave the header
    inspections = window.pages["inspections"]
    with demo_vault.session() as s:
        running = next(i for i in queries.list_inspections(s) if i["status"] == "in_progress")
    window.navigate("inspections", running["id"])
    qtbot.waitUntil(lambda: inspections.runner is not None and inspections.runner.isVisible(), timeout=10_000)
    assert not inspections.new_button.isVisible() and not inspections.open_button.isVisible()
    delivered(qtbot)


def test_a_page_on_its_own_never_shows_its_header_actions_as_windows(qtbot, demo_vault):
    from PySide6.QtWidgets import QApplication

    from ui.inspections.page import InspectionsPage

    page = InspectionsPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    with demo_vault.session() as s:
        running = next(i for i in queries.list_inspections(s) if i["status"] == "in_progress")
    page.open_inspection(running["id"])  # the runner before the page was ever shown
    page.show_list()  # and back: the buttons are shown again, but have no parent yet
    delivered(qtbot)
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w in page.header_actions()]
    page.show()
    qtbot.waitExposed(page)
    delivered(qtbot)
    assert all(page.isAncestorOf(b) for b in page.header_actions())
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w in page.header_actions()]
