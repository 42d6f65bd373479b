"""Nothing of the findings screens is cut at 1280×760 or 1366×768, in English as in Chinese: the finding editor
never scrolls sideways (its right column goes under the left one rather than be cut), the article chooser shows its
text, the history wraps instead of scrolling, and the department filter shows "All departments" whole."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox
from sqlmodel import select

from inspector.model import Finding, FindingStatus
from ui import i18n
from ui.context import AppContext
from ui.findings.editor import FindingEditor
from ui.main_window import MainWindow

TIMEOUT_MS = 10_000
SIZES = [(1280, 760), (1366, 768)]


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "zh_CN")


def text_fits(combo: QComboBox) -> bool:
    """The current text is as wide as the combo's text field at most (Qt would cut it otherwise)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def finding_id(vault, *conditions) -> str:
    with vault.session() as s:
        return s.exec(select(Finding.id).where(*conditions).order_by(Finding.created_at)).first()


@pytest.mark.parametrize("size", SIZES)
def test_the_finding_editor_fits_the_window(qtbot, demo_vault, language, size):
    window = MainWindow(AppContext(demo_vault))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    page = window.pages["findings"]
    for fid in (finding_id(demo_vault, Finding.escalate_secrecy),          # a draft: every field editable
                finding_id(demo_vault, Finding.status == FindingStatus.RECTIFYING)):  # with a history
        with qtbot.waitSignal(page.editor.loaded, timeout=TIMEOUT_MS):
            window.navigate("findings", fid)
        editor = page.editor
        qtbot.waitUntil(lambda e=editor: e.scroll.widget().width() <= e.scroll.viewport().width(), timeout=TIMEOUT_MS)
        assert not editor.scroll.horizontalScrollBar().isVisible()
        assert not editor.scroll.stacked, "both columns fit side by side at this size"
        assert not editor.history_view.horizontalScrollBar().isVisible()
        if editor.articles.chooser.isVisible():
            assert text_fits(editor.articles.chooser), editor.articles.chooser.currentText()


def test_the_columns_stack_rather_than_scroll_sideways(qtbot, demo_vault, language):
    editor = FindingEditor(AppContext(demo_vault))
    qtbot.addWidget(editor)
    editor.resize(1100, 700)
    editor.show()
    with qtbot.waitSignal(editor.loaded, timeout=TIMEOUT_MS):
        editor.open(finding_id(demo_vault, Finding.escalate_secrecy))
    assert not editor.scroll.stacked
    frame = editor.width() - editor.scroll.viewport().width()
    editor.resize(editor.scroll.side_by_side_width() + frame - 40, 700)  # narrower than both columns need
    qtbot.waitUntil(lambda: editor.scroll.stacked, timeout=TIMEOUT_MS)
    assert not editor.scroll.horizontalScrollBar().isVisible()
    qtbot.waitUntil(lambda: editor.scroll.widget().width() <= editor.scroll.viewport().width(), timeout=TIMEOUT_MS)
    editor.resize(1100, 700)
    qtbot.waitUntil(lambda: not editor.scroll.stacked, timeout=TIMEOUT_MS)


@pytest.mark.parametrize("size", SIZES)
def test_the_findings_filters_show_their_first_choice_whole(qtbot, demo_vault, language, size):
    window = MainWindow(AppContext(demo_vault))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    page = window.pages["findings"]
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        window.navigate("findings")
    for combo in (page.department_combo, page.severity_combo, page.status_combo):
        assert combo.currentIndex() == 0 and text_fits(combo), combo.currentText()
    if language == "en":
        assert page.department_combo.currentText() == "All departments"
