"""进度看板: one plan's targets through the stages of art. 32, from :func:`inspector.services.campaign.board`.

:class:`BoardModel` shows a row per department (单位 | 计划日期 | 检查通知 | 自查表 | 实地检查 | 整改通知书 | 问题 |
复查), each stage's cell coloured by its state (:data:`ui.widgets.palette.STAGE_STATE`; a late stage also says
逾期 in words); :class:`BoardFilter` sorts and filters by name and by state; :class:`BoardDialog` (non-modal, reloads
when the vault changes) adds the counts, the xlsx export and a double-click into the department: its newest
inspection in the runner, else the department on the departments page.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHeaderView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.collation import pinyin_key
from inspector.model import Area
from inspector.timezones import china_day
from ui.context import AppContext
from ui.widgets import palette
from ui.widgets.table_model import ROW_ROLE, SORT_ROLE, RowsTableModel
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.changes import Changes
    from inspector.services.campaign import Board, BoardRow

C_DEPARTMENT, C_SCHEDULED, C_NOTICE, C_SELFREPORT, C_INSPECTION, C_RECTIFICATION, C_FINDINGS, C_REVIEW = range(8)
STAGE_OF = {C_NOTICE: "notice", C_SELFREPORT: "selfreport", C_INSPECTION: "inspection",
            C_RECTIFICATION: "rectification", C_FINDINGS: "findings", C_REVIEW: "review"}
STATE_ORDER = {"late": 0, "in_progress": 1, "not_started": 2, "done": 3}
WATCHED = frozenset({Area.PLANS, Area.DEPARTMENTS, Area.SELF_REPORTS, Area.INSPECTIONS, Area.FINDINGS,
                     Area.NOTICES, Area.REPORTS, Area.DOCUMENTS})
"""What the board shows (letters are registered in DOCUMENTS and NOTICES): a write touching one reloads it."""

ALL, ANY_LATE, ANY_RUNNING, ALL_DONE, NOTHING_YET = "all", "late", "in_progress", "done", "not_started"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return (china_day(value) if isinstance(value, datetime) else value).isoformat()


class BoardModel(RowsTableModel):
    """Rows: :class:`inspector.services.campaign.BoardRow`."""

    id_field = "department_id"

    def tr(self, text: str) -> str:  # type: ignore[override]
        """Qt's translation, kept for the load: the cells of 2 000 rows ask for the same few words tens of
        thousands of times (a call into Qt each)."""
        cache = self.__dict__.setdefault("_translated", {})
        if text not in cache:
            cache[text] = super().tr(text)
        return cache[text]

    def headers(self) -> list[str]:
        return [self.tr("被检查单位"), self.tr("计划检查日期"), self.tr("检查通知"), self.tr("自查表"),
                self.tr("实地检查"), self.tr("整改通知书"), self.tr("问题\n未整改/已报/已核验/逾期"), self.tr("复查")]

    def state_label(self, state: str) -> str:
        return {"not_started": self.tr("未开始"), "in_progress": self.tr("进行中"), "done": self.tr("已完成"),
                "late": self.tr("逾期")}[state]

    def _letter(self, status: str | None, number: str, on: date | None) -> str:
        if status is None:
            return self.tr("未起草")
        if status == "draft":
            return self.tr("草稿")
        return f"{number}\n{_day(on)}".strip()

    def _stage_text(self, row: BoardRow, col: int) -> str:
        if col == C_NOTICE:
            return self._letter(row.notice_letter_status, row.notice_letter_number, row.notice_letter_on)
        if col == C_SELFREPORT:
            if row.returned_at is not None and not row.counted:  # counted after the first paint (BoardDialog)
                return self.tr("已返回 {day}\n差异计算中…").format(day=_day(row.returned_at))
            if row.returned_at is not None:
                return self.tr("已返回 {day}\n差异 {n} 项").format(day=_day(row.returned_at), n=row.discrepancies)
            return self.tr("已发出，未返回") if row.form_sent else self.tr("未发出")
        if col == C_INSPECTION:
            if row.inspection_status is None:
                return self.tr("未开始")
            text = {"planned": self.tr("计划中"), "in_progress": self.tr("进行中"),
                    "completed": self.tr("已完成")}[row.inspection_status]
            return f"{text}\n{_day(row.inspected_on)}".strip()
        if col == C_RECTIFICATION:
            text = self._letter(row.rect_notice_status, row.rect_notice_number, row.rect_notice_on)
            if row.rect_notice_status is None:
                return self.tr("未起草")
            if row.rect_deadline:
                text += self.tr("，期限 {day}").format(day=_day(row.rect_deadline)) if row.rect_notice_on else (
                    "\n" + self.tr("期限 {day}").format(day=_day(row.rect_deadline)))
            return text
        if col == C_FINDINGS:
            if not row.findings_total:
                return self.tr("无")
            return self.tr("{total} 项\n{open}/{reported}/{verified}/{overdue}").format(
                total=row.findings_total, open=row.findings_open, reported=row.findings_reported,
                verified=row.findings_verified, overdue=row.findings_overdue)
        # C_REVIEW: the newest re-inspection first, else the review letter (two lines at most)
        if row.reinspection_status is not None:
            return "\n".join((self.reinspection_text(row), row.review_number or self.tr("未出具复查意见书")))
        if row.review_status is None:
            return self.tr("未起草")
        if row.review_status == "draft":
            return self.tr("草稿")
        step = {"closed": self.tr("予以销号"), "reinspect": self.tr("组织复查")}.get(row.review_next_step, "")
        if row.review_next_step == "reinspect" and row.review_reinspect_on:
            step = self.tr("组织复查 {day}").format(day=_day(row.review_reinspect_on))
        return "\n".join(x for x in (row.review_number, step or _day(row.review_on)) if x)

    def reinspection_text(self, row: BoardRow) -> str:
        """现场复查: planned for a day, in progress, or completed on a day."""
        if row.reinspection_status == "completed":
            return self.tr("已复查 {day}").format(day=_day(row.reinspection_on))
        if row.reinspection_status == "in_progress":
            return self.tr("复查进行中")
        return self.tr("复查已安排 {day}").format(day=_day(row.reinspection_on)) if row.reinspection_on else self.tr(
            "复查已安排")

    def set_rows(self, rows) -> None:
        self._translated: dict[str, str] = {}  # the language may have changed since the last load
        self._texts: dict[tuple[int, int], str] = {}
        self._keys: dict[tuple[int, int], Any] = {}
        super().set_rows(self._sorted(list(rows)))

    def fill(self, rows) -> None:
        """The same departments with their self-reports counted (:meth:`inspector.services.campaign.Board.with_counts`):
        replaced in place, so the view keeps its scroll position and selection; sorted again only when sorted by the
        self-report column."""
        fresh = {row.department_id: row for row in rows}
        # the caches are keyed by id(row): emptied before the old rows go (a new row may reuse an old one's id)
        self._texts, self._keys = {}, {}
        self._rows = [fresh.get(row.department_id, row) for row in self._rows]
        column, order = getattr(self, "_order", (-1, Qt.SortOrder.AscendingOrder))
        if column == C_SELFREPORT:
            self.sort(column, order)
        if self._rows:
            self.dataChanged.emit(self.index(0, C_SELFREPORT), self.index(len(self._rows) - 1, C_SELFREPORT))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows here, each row's key made once (:class:`BoardFilter` only filters): a proxy sorting 2 000
        rows asks for two keys per comparison, tens of thousands of calls into Python."""
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = {id(r): n for n, r in enumerate(self._rows)}
        self._rows = self._sorted(self._rows)
        after = {id(r): n for n, r in enumerate(self._rows)}
        moved = {before[k]: v for k, v in after.items()}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(moved[i.row()], i.column()) for i in old])
        self.layoutChanged.emit()

    def _sorted(self, rows: list) -> list:
        column, order = getattr(self, "_order", (-1, Qt.SortOrder.AscendingOrder))
        if column < 0:
            return rows
        return sorted(rows, key=lambda r: self.raw(r, column), reverse=order == Qt.SortOrder.DescendingOrder)

    @staticmethod
    def _once(cache: dict[tuple[int, int], Any] | None, make, row: BoardRow, col: int) -> Any:
        """``make(row, col)``, kept in ``cache`` for the load (None: before the first load, not kept)."""
        if cache is None:
            return make(row, col)
        key = (id(row), col)
        if key not in cache:
            cache[key] = make(row, col)
        return cache[key]

    def text(self, row: BoardRow, col: int) -> str:
        """A cell's text, made once per load (sizing the columns and rows asks for every cell more than once)."""
        return self._once(getattr(self, "_texts", None), self._text, row, col)

    def _text(self, row: BoardRow, col: int) -> str:
        if col == C_DEPARTMENT:
            return row.department
        if col == C_SCHEDULED:
            return _day(row.scheduled_on) or self.tr("未定")
        text = self._stage_text(row, col)
        if row.states.get(STAGE_OF[col]) == "late" and col != C_FINDINGS:
            text = text + "\n" + self.tr("（逾期）")
        return text

    def shape(self, row: BoardRow, col: int) -> tuple:
        """What a cell's lines are made of but their digits and CJK characters (:meth:`_stage_text`, branch by
        branch): cells of one shape have lines of the same lengths (:func:`_units`), so fitting a column needs one
        text per shape, not one per row."""
        late = row.states.get(STAGE_OF.get(col, ""), "") == "late"
        if col == C_SCHEDULED:
            return (row.scheduled_on is None,)
        if col == C_NOTICE:
            return (*self._letter_shape(row.notice_letter_status, row.notice_letter_number, row.notice_letter_on),
                    late)
        if col == C_SELFREPORT:
            if row.returned_at is not None:
                return ("returned", row.counted and len(str(row.discrepancies)), late)
            return ("waiting", row.form_sent, late)
        if col == C_INSPECTION:
            return (row.inspection_status, row.inspection_status is not None and row.inspected_on is None, late)
        if col == C_RECTIFICATION:
            if row.rect_notice_status is None:
                return (None, late)
            return (*self._letter_shape(row.rect_notice_status, row.rect_notice_number, row.rect_notice_on),
                    row.rect_deadline is None, row.rect_notice_on is None, late)
        if col == C_FINDINGS:  # 无, or the five counts' digits
            return tuple(len(str(n)) for n in (row.findings_total, row.findings_open, row.findings_reported,
                                               row.findings_verified, row.findings_overdue)) if row.findings_total else ()
        if col == C_REVIEW:
            if row.reinspection_status is not None:
                return ("re", row.reinspection_status, row.reinspection_on is None, _units(row.review_number), late)
            if row.review_status != "issued":
                return ("letter", row.review_status, late)
            reinspect = row.review_next_step == "reinspect"
            return ("issued", _units(row.review_number), row.review_next_step, reinspect and row.review_reinspect_on
                    is None, not row.review_next_step and row.review_on is None, late)
        return (id(row),)  # the department's name: every row its own

    @staticmethod
    def _letter_shape(status: str | None, number: str, on: date | None) -> tuple:
        return (status,) if status != "issued" else (status, _units(number), on is None)

    def raw(self, row: BoardRow, col: int) -> Any:
        """A cell's sort key, made once per load (sorting asks for each row's key many times)."""
        return self._once(getattr(self, "_keys", None), self._raw, row, col)

    def _raw(self, row: BoardRow, col: int) -> Any:
        if col == C_DEPARTMENT:
            return "".join(str(k) for k in pinyin_key(row.department))
        if col == C_SCHEDULED:
            return _day(row.scheduled_on) or "9999"
        if col == C_FINDINGS:
            return -(row.findings_overdue * 100000 + row.findings_total)
        return f"{STATE_ORDER[row.states[STAGE_OF[col]]]}{self.text(row, col)}"

    def foreground(self, row: BoardRow, col: int) -> QColor | None:
        stage = STAGE_OF.get(col)
        return palette.qcolor(palette.STAGE_STATE[row.states[stage]]) if stage else None

    def tooltip(self, row: BoardRow, col: int) -> str | None:
        stage = STAGE_OF.get(col)
        if stage is None:
            return None
        tip = self.state_label(row.states[stage])
        if col == C_FINDINGS and row.findings_total:
            tip += "\n" + self.tr("未整改 {open} 项，已报整改 {reported} 项，已核验 {verified} 项，逾期 {overdue} 项").format(
                open=row.findings_open, reported=row.findings_reported, verified=row.findings_verified,
                overdue=row.findings_overdue)
        if col == C_REVIEW:
            if row.review_on:
                tip += "\n" + self.tr("签发日期：{day}").format(day=_day(row.review_on))
            tip += "\n" + (self.tr("现场复查：{state}").format(state=self.reinspection_text(row))
                           if row.reinspection_status is not None else self.tr("现场复查：未安排"))
        return tip


class BoardFilter(QSortFilterProxyModel):
    """Rows whose department name contains the text, and whose stages match the state chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.state = ALL
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, BoardModel):  # sorted there, once per row (BoardModel.sort); the proxy keeps its order
            source.sort(column, order)
            return
        super().sort(column, order)

    def set_filter(self, text: str, state: str) -> None:
        if (text.strip(), state) == (self.text, self.state):  # the same filter: the rows were filtered as they came
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 deprecates invalidateFilter()
            self.beginFilterChange()
            self.text, self.state = text.strip(), state
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.text, self.state = text.strip(), state
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.text and self.state == ALL:  # no filter: no call into the model for each of thousands of rows
            return True
        row = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        if row is None:
            return False
        if self.text and self.text.casefold() not in row.department.casefold():
            return False
        states = set(row.states.values())
        if self.state in (ANY_LATE, ANY_RUNNING):
            return self.state in states
        if self.state in (ALL_DONE, NOTHING_YET):
            return states == {self.state}
        return True


def _widest(lines: set[str], keep: int = 48) -> list[str]:
    """The lines that may be the widest: the ``keep`` longest, a wide (CJK) character counting as two narrow ones.
    Measuring every line of thousands of rows would cost more than reading the board; in the board's fonts a line
    of more such units is never much narrower than one of fewer, and the ``keep`` longest leave a wide margin."""
    return sorted(lines, key=_units, reverse=True)[:keep]


def _units(text: str) -> int:
    """A line's length with a wide (CJK) character counted as two narrow ones."""
    return len(text.encode("gb18030"))  # CJK: 2 bytes


def _load(plan_id: str):
    def load(s) -> Board:
        from inspector.services import campaign

        return campaign.board(s, plan_id, counts=False)  # the self-reports' answers are counted after the paint
    return load


def _count(board: Board):
    def count(s) -> Board:
        from inspector.services import campaign

        return board.with_counts(campaign.selfreport_counts(s, board.plan_id))  # a frozen board: no Qt in it
    return count


class BoardDialog(QDialog):
    """The board of one plan; non-modal, reloads when the vault changes."""

    loaded = Signal()   # the board painted; the self-reports' discrepancies may still be counted (then `counted`)
    counted = Signal()  # every row's self-report counted
    navigated = Signal(str, str)  # page key, id
    exported = Signal(str)        # the file written

    def __init__(self, ctx: AppContext, plan_id: str, plan_title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self.plan_title = plan_title
        self.board: Board | None = None
        self.setWindowTitle(self.tr("进度看板 — {plan}").format(plan=plan_title) if plan_title else self.tr("进度看板"))
        self.resize(1220, 620)

        intro = QLabel(self.tr("本计划每个被检查单位在第三十二条各环节的进度：检查通知、自查表、实地检查、整改通知书、问题整改、复查。"
                               "红色为逾期，蓝色为进行中，绿色为已完成。双击一行打开该单位的现场检查（尚无检查时打开该单位）。"))
        intro.setWordWrap(True)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("按单位名称筛选"))
        self.search_edit.setClearButtonEnabled(True)
        self.state_combo = QComboBox()
        for value, label in ((ALL, self.tr("全部单位")), (ANY_LATE, self.tr("有逾期环节")),
                             (ANY_RUNNING, self.tr("有进行中环节")), (NOTHING_YET, self.tr("尚未开始")),
                             (ALL_DONE, self.tr("全部完成"))):
            self.state_combo.addItem(label, value)
        self.export_button = QPushButton(self.tr("导出 xlsx…"))
        self.export_button.setEnabled(False)
        self.report_button = QPushButton(self.tr("检查情况通报…"))
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.state_combo)
        top.addWidget(self.export_button)
        top.addWidget(self.report_button)

        self.model = BoardModel(self)
        self.proxy = BoardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(C_SCHEDULED, Qt.SortOrder.AscendingOrder)
        # sized once per load (below), not on every layout pass: a plan may have hundreds of departments
        configure_table(self.view, C_DEPARTMENT, on_activate=self.open_row, alternating=True, word_wrap=True,
                        resize_to_contents=False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)  # a long name wraps, never cut
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.view.fontMetrics().lineSpacing() + 10)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.close_button = QPushButton(self.tr("关闭"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(bottom)

        self.search_edit.textChanged.connect(self._filter_changed)
        self.state_combo.currentIndexChanged.connect(self._filter_changed)
        self.export_button.clicked.connect(self.export)
        self.report_button.clicked.connect(self.open_report)
        self.close_button.clicked.connect(self.close)
        ctx.written.connect(self._written)

    # ---- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.read(self, _load(self.plan_id), self._show, on_failure=self._failed, key="board")

    def _failed(self, err) -> None:
        from ui.widgets.fields import inline_text

        self.message_label.setStyleSheet(palette.text_style(palette.WARNING))
        self.message_label.setText(inline_text(err))

    def _show(self, board: Board) -> None:
        """The board painted at once; the discrepancies of the self-reports (every answer and verdict of the plan
        read) follow from a second read, which a newer load supersedes."""
        self.board = board
        self.model.set_rows(board.rows)
        self.export_button.setEnabled(True)
        self._apply_filter()
        self._fit_columns()
        self.loaded.emit()
        if all(row.counted for row in board.rows):
            self.counted.emit()
        else:
            self.ctx.read(self, _count(board), self._fill, on_failure=self._failed, key="board-counts")

    def _fill(self, board: Board) -> None:
        self.board = board
        self.model.fill(board.rows)
        self._fit_columns((C_SELFREPORT,))
        self.counted.emit()

    def _fit_columns(self, columns: tuple[int, ...] | None = None) -> None:
        """Every column (of ``columns``) but the department's as wide as its widest line (header included), measured
        once from one text per shape (:meth:`BoardModel.shape`); the department's takes the rest. Rows are two lines
        high (no cell has more): asking the view to size them from every cell would cost more than the whole read
        for a plan of 200 departments."""
        metrics, header = self.view.fontMetrics(), self.view.horizontalHeader()
        head_metrics = header.fontMetrics()
        pad = 2 * self.view.style().pixelMetric(self.view.style().PixelMetric.PM_FocusFrameHMargin) + 14
        rows = self.model.rows()
        for col in range(self.model.columnCount()) if columns is None else columns:
            if col == C_DEPARTMENT:
                continue
            title = self.model.headerData(col, Qt.Orientation.Horizontal) or ""
            width = max((head_metrics.horizontalAdvance(line) for line in title.split("\n")), default=0) + 24
            shapes = {self.model.shape(row, col): row for row in rows}  # one row of each shape
            lines = {line for row in shapes.values() for line in self.model.text(row, col).split("\n")}
            for line in _widest(lines):
                width = max(width, metrics.horizontalAdvance(line) + pad)
            header.resizeSection(col, width)
        header.setSectionResizeMode(C_DEPARTMENT, QHeaderView.ResizeMode.Stretch)

    def _written(self, changes: Changes, initiator: QWidget | None) -> None:
        if changes.touches(WATCHED) and self.isVisible():
            self.reload()

    def _filter_changed(self, *_args: object) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        """The rows shown, and the counts line."""
        self.proxy.set_filter(self.search_edit.text(), self.state_combo.currentData())
        if self.board is None:
            self.count_label.setText("")
            return
        t = self.board.totals
        self.count_label.setText(self.tr(
            "显示 {shown} / {n} 个单位。检查通知已签发 {notices}，自查表已返回 {returned}，已完成实地检查 {inspected}，"
            "整改通知书已签发 {rect}；问题 {findings} 项，未整改 {open}，已报整改 {reported}，已核验 {verified}，"
            "逾期 {overdue}。").format(
            shown=self.proxy.rowCount(), n=t["targets"], notices=t["notices_issued"], returned=t["forms_returned"],
            inspected=t["inspected"], rect=t["rect_notices_issued"], findings=t["findings"], open=t["findings_open"],
            reported=t["findings_reported"], verified=t["findings_verified"], overdue=t["findings_overdue"]))

    # ---- opening a department ----------------------------------------------------------------

    def open_row(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return
        if row.inspection_id:
            page, ref = "inspections", row.inspection_id
        else:
            page, ref = "departments", row.department_id
        self.ctx.navigate(page, ref)
        self.navigated.emit(page, ref)
        self.close()  # the page is in front now; the board would cover it (the plans page opens it again)

    def open_report(self):
        """The plan's 检查情况通报 in the Letters dialog (drafted, edited, issued, exported there)."""
        from ui.letters.dialog import Scope, open_letter_dialog

        return open_letter_dialog(self.ctx, self, Scope(plan_id=self.plan_id))

    # ---- export ------------------------------------------------------------------------------

    def export(self) -> None:
        from inspector.forms.xlsx import safe_filename
        from ui.widgets.files import save_file

        name = safe_filename(self.tr("{plan}-进度看板").format(plan=self.plan_title or self.tr("检查计划"))) + ".xlsx"
        path = save_file(self, "campaign-board", self.tr("导出进度看板"), name, self.tr("Excel 工作簿 (*.xlsx)"))
        if path is not None:
            self.export_to(path)

    def export_to(self, path) -> None:
        plan_id = self.plan_id

        def write(s):
            from inspector.services import campaign

            campaign.export_board(s, plan_id, path)
            return str(path)

        def done(written: str) -> None:
            self.message_label.setStyleSheet(palette.text_style(palette.OK))
            self.message_label.setText(self.tr("已导出：{path}").format(path=written))
            self.exported.emit(written)

        self.export_button.setEnabled(False)
        task = self.ctx.read(self, write, lambda w: (self.export_button.setEnabled(True), done(w)),
                             on_failure=lambda err: (self.export_button.setEnabled(True), self._failed(err)))
        if task is None:
            self.export_button.setEnabled(True)
