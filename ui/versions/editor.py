"""Editing one checklist version (sections and items) or one regulation version (metadata and articles).

A draft is edited; a published or retired version opens read-only. Every change is one
``ctx.write`` to :mod:`inspector.services.versions` (or :mod:`inspector.services.regulation_versions`), which
hold every rule; a refusal is shown
with :func:`ui.errors.show_error`.

Two people editing the same draft (issue 20): the editor remembers the revision of every record it showed (the
version, its sections and items; the regulation version) and hands it to the service that saves; its own saves
advance what it remembers on the worker, in order, so its own earlier save never counts as someone else's
(:mod:`inspector.concurrency`). A save refused because someone else saved the record meanwhile
(:class:`~inspector.concurrency.StaleEditError`) is shown, and the other person's version is loaded in its place;
nothing of that save was written.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.concurrency import StaleEditError
from inspector.errors import BadInputError, InspectorError
from inspector.model import Severity
from inspector.model.enums import VersionStatus
from inspector.services import regulation_versions, versions
from ui.context import AppContext
from ui.errors import show_error
from ui.versions.models import ArticlesModel, ItemsModel, SectionsModel, version_status_text
from ui.widgets import palette
from ui.widgets.labels import severity_label
from ui.widgets.table_model import ID_ROLE
from ui.widgets.tables import configure_table

ITEM_TEXTS = ("code", "title", "text", "how_to_check", "requirement")
ENGLISH = ("title", "text", "how_to_check", "requirement")   # each item text has an English twin, *_en


def load_checklist(session, template_id: str) -> dict[str, Any]:
    """The version, its sections and items as plain dicts (on the worker)."""
    t = versions.get_checklist(session, template_id)
    reg = regulation_versions.regulation_of(session, t)
    return dict(
        id=t.id, code=t.code, version=t.version, name=t.name, name_en=t.name_en or "", label=t.label or "",
        status=VersionStatus(t.status), revision=t.revision,
        regulation=reg.doc_number if reg.label in ("", reg.doc_number) else f"{reg.doc_number} {reg.label}",
        sections=[dict(id=s.id, number=s.number, title=s.title, title_en=s.title_en or "", clause=s.clause,
                       revision=s.revision)
                  for s in versions.sections_of(session, t.id)],
        items=[dict(id=i.id, section_no=i.section_no, code=i.code, title=i.title, text=i.text,
                    how_to_check=i.how_to_check, articles=list(i.articles or []),
                    default_severity=Severity(i.default_severity).value, requirement=i.requirement,
                    revision=i.revision, **{f"{name}_en": getattr(i, f"{name}_en") or "" for name in ENGLISH})
               for i in versions.items_of(session, t.id)])


def checklist_revisions(session, template_id: str) -> dict[str, int]:
    """The revision of the version and of each of its sections and items, by id (on the worker)."""
    t = versions.get_checklist(session, template_id)
    rows = [t, *versions.sections_of(session, template_id), *versions.items_of(session, template_id)]
    return {r.id: r.revision for r in rows}


def remember(box: dict[str, int], revisions: dict[str, int]) -> None:
    """Revisions shown or saved: a record's revision only grows, so the newest one known is kept (a load read
    before this editor's own save does not take its revision back)."""
    for record_id, revision in revisions.items():
        if revision is not None and revision > box.get(record_id, -1):
            box[record_id] = revision


def load_regulation(session, regulation_id: str) -> dict[str, Any]:
    r = regulation_versions.get_regulation(session, regulation_id)
    return dict(id=r.id, code=r.code, version=r.version, label=r.label or "", status=VersionStatus(r.status),
                title=r.title, title_en=r.title_en or "", doc_number=r.doc_number, issuer=r.issuer,
                issuer_en=r.issuer_en or "", issued_on=r.issued_on, effective_from=r.effective_from,
                effective_to=r.effective_to, articles=[dict(a) for a in r.articles or []], revision=r.revision)


def parse_articles(text: str) -> list[int] | None:
    """"3、5, 7" → [3, 5, 7]; None when a part is not a number (the core checks they exist)."""
    if not re.fullmatch(r"[\d\s,;\u3001\uff0c\uff1b]*", text):
        return None
    return [int(p) for p in re.findall(r"\d+", text)]


class ChecklistEditor(QDialog):
    """Sections and items of one checklist version; read-only unless it is a draft."""

    changed = Signal()   # a change was stored
    loaded = Signal()

    def __init__(self, ctx: AppContext, template_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template_id = template_id
        self.data: dict[str, Any] | None = None
        self._select: str | None = None
        self._select_section: str | None = None   # the section just moved, selected again after the reload
        self._revisions: dict[str, int] = {}
        """Revision of the version, its sections and items as shown or last saved here, by id; the worker's
        writes read and advance it (in order), so a save never counts this editor's own as someone else's."""
        self.resize(1100, 680)

        self.heading = QLabel()
        self.read_only_label = QLabel(self.tr("此版本已发布或已废止，不能修改；如需修改请起草新版本。"))
        self.read_only_label.setStyleSheet(palette.text_style(palette.CAUTION))
        self.read_only_label.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_en_edit = QLineEdit()
        self.name_en_edit.setPlaceholderText(self.tr("英文名称"))
        self.label_edit = QLineEdit()
        self.save_meta_button = QPushButton(self.tr("保存名称和版本标签"))
        meta = QHBoxLayout()
        meta.addWidget(QLabel(self.tr("名称：")))
        meta.addWidget(self.name_edit, 2)
        meta.addWidget(self.name_en_edit, 2)
        meta.addWidget(QLabel(self.tr("版本标签：")))
        meta.addWidget(self.label_edit, 1)
        meta.addWidget(self.save_meta_button)

        self.sections_model = SectionsModel(self)
        self.sections_view = QTableView()
        self.sections_view.setModel(self.sections_model)
        configure_table(self.sections_view, 1)
        self.section_title_edit = QLineEdit()
        self.section_title_edit.setPlaceholderText(self.tr("章节标题"))
        self.section_title_en_edit = QLineEdit()
        self.section_title_en_edit.setPlaceholderText(self.tr("英文章节标题"))
        section_titles = QHBoxLayout()
        section_titles.addWidget(self.section_title_edit)
        section_titles.addWidget(self.section_title_en_edit)
        self.add_section_button = QPushButton(self.tr("新增章节"))
        self.rename_section_button = QPushButton(self.tr("修改章节标题"))
        self.remove_section_button = QPushButton(self.tr("删除章节"))
        self.section_up_button = QPushButton(self.tr("上移"))
        self.section_down_button = QPushButton(self.tr("下移"))
        section_buttons = QHBoxLayout()
        for b in (self.add_section_button, self.rename_section_button, self.remove_section_button,
                  self.section_up_button, self.section_down_button):
            section_buttons.addWidget(b)

        self.items_model = ItemsModel(self)
        self.items_view = QTableView()
        self.items_view.setModel(self.items_model)
        configure_table(self.items_view, 2)
        self.add_item_button = QPushButton(self.tr("新增检查项"))
        self.remove_item_button = QPushButton(self.tr("删除检查项"))
        self.up_button = QPushButton(self.tr("上移"))
        self.down_button = QPushButton(self.tr("下移"))
        item_buttons = QHBoxLayout()
        for b in (self.add_item_button, self.remove_item_button, self.up_button, self.down_button):
            item_buttons.addWidget(b)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("章节")))
        left.addWidget(self.sections_view, 1)
        left.addLayout(section_titles)
        left.addLayout(section_buttons)
        left.addWidget(QLabel(self.tr("检查项")))
        left.addWidget(self.items_view, 3)
        left.addLayout(item_buttons)

        self.section_spin = QSpinBox()
        self.section_spin.setRange(1, 999)
        self.code_edit = QLineEdit()
        self.title_edit = QLineEdit()
        self.text_edit = QPlainTextEdit()
        self.how_edit = QPlainTextEdit()
        self.articles_edit = QLineEdit()
        self.articles_edit.setPlaceholderText(self.tr("条号，如 12、15"))
        self.severity_combo = QComboBox()
        for s in Severity:
            self.severity_combo.addItem(severity_label(s), s.value)
        self.requirement_edit = QPlainTextEdit()
        # the English twins of the item's texts, on their own tab (Chinese first)
        self.title_en_edit = QLineEdit()
        self.text_en_edit = QPlainTextEdit()
        self.how_en_edit = QPlainTextEdit()
        self.requirement_en_edit = QPlainTextEdit()
        self.save_item_button = QPushButton(self.tr("保存检查项"))
        form = QFormLayout()
        form.addRow(self.tr("章节："), self.section_spin)
        form.addRow(self.tr("编号："), self.code_edit)
        form.addRow(self.tr("引用条款："), self.articles_edit)
        form.addRow(self.tr("默认严重程度："), self.severity_combo)
        self.text_tabs = QTabWidget()
        self.text_tabs.setUsesScrollButtons(False)  # two short tabs: no room kept for scroll arrows
        for name, rows in ((self.tr("中文"), ((self.tr("标题："), self.title_edit),
                                             (self.tr("检查内容："), self.text_edit),
                                             (self.tr("检查方法："), self.how_edit),
                                             (self.tr("整改要求："), self.requirement_edit))),
                           (self.tr("英文"), ((self.tr("英文标题："), self.title_en_edit),
                                             (self.tr("英文检查内容："), self.text_en_edit),
                                             (self.tr("英文检查方法："), self.how_en_edit),
                                             (self.tr("英文整改要求："), self.requirement_en_edit)))):
            page = QWidget()
            page_form = QFormLayout(page)
            for label, widget in rows:
                page_form.addRow(label, widget)
            self.text_tabs.addTab(page, name)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.text_tabs, 1)
        right.addWidget(self.save_item_button)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.read_only_label)
        layout.addLayout(meta)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

        self.items_view.selectionModel().selectionChanged.connect(lambda *_: self._show_item())
        self.sections_view.selectionModel().selectionChanged.connect(lambda *_: self._show_section())
        self.save_meta_button.clicked.connect(self.save_meta)
        self.add_section_button.clicked.connect(self.add_section)
        self.rename_section_button.clicked.connect(self.rename_section)
        self.remove_section_button.clicked.connect(self.remove_section)
        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.section_up_button.clicked.connect(lambda: self.move_section(-1))
        self.section_down_button.clicked.connect(lambda: self.move_section(+1))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))
        self.save_item_button.clicked.connect(self.save_item)
        self.setEnabled(False)
        self.reload()

    # ---- loading -------------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.data is not None and self.data["status"] is VersionStatus.DRAFT

    def reload(self) -> None:
        template_id = self.template_id
        self.ctx.read(self, lambda s: load_checklist(s, template_id), self._loaded, key="load")

    def _loaded(self, data: dict[str, Any]) -> None:
        selected = self._select or self.selected_item_id()
        self._select = None
        self.data = data
        remember(self._revisions, {row["id"]: row["revision"] for row in (data, *data["sections"], *data["items"])})
        self.setWindowTitle(self.tr("检查表版本：{name}（{code} v{version}）").format(**data))
        self.heading.setText(self.tr("{status} · 依据 {regulation} · {n} 个检查项").format(
            status=version_status_text(data["status"]), regulation=data["regulation"], n=len(data["items"])))
        self.name_edit.setText(data["name"])
        self.name_en_edit.setText(data["name_en"])
        self.label_edit.setText(data["label"])
        section = self.selected_section()
        self.sections_model.set_rows(data["sections"])
        moved, self._select_section = self._select_section, None
        if moved is None and section is not None:
            moved = section["id"]  # the section in the titles' fields stays selected, its stored titles shown
        if moved is not None:
            n = self.sections_model.row_of(moved)
            if n >= 0:
                self.sections_view.selectRow(n)
        self.items_model.set_rows(data["items"])
        n = self.items_model.row_of(selected) if selected else -1
        if n < 0 and self.items_model.rowCount():
            n = 0  # the first item in the form
        if n >= 0:
            self.items_view.selectRow(n)
        editable = self.editable
        self.read_only_label.setVisible(not editable)
        for w in (self.name_edit, self.name_en_edit, self.label_edit, self.save_meta_button,
                  self.section_title_edit, self.section_title_en_edit, self.add_section_button,
                  self.rename_section_button, self.remove_section_button, self.section_up_button,
                  self.section_down_button, self.add_item_button, self.remove_item_button, self.up_button,
                  self.down_button,
                  self.save_item_button, self.section_spin, self.severity_combo):
            w.setEnabled(editable)
        for w in (self.code_edit, self.title_edit, self.articles_edit, self.title_en_edit):
            w.setReadOnly(not editable)
        for w in (self.text_edit, self.how_edit, self.requirement_edit, self.text_en_edit, self.how_en_edit,
                  self.requirement_en_edit):
            w.setReadOnly(not editable)
        self.setEnabled(True)
        self.loaded.emit()

    def selected_item_id(self) -> str | None:
        rows = self.items_view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def selected_section(self) -> dict[str, Any] | None:
        rows = self.sections_view.selectionModel().selectedRows()
        return self.sections_model.row(rows[0].row()) if rows else None

    def _item(self) -> dict[str, Any] | None:
        item_id = self.selected_item_id()
        n = self.items_model.row_of(item_id) if item_id else -1
        return self.items_model.row(n) if n >= 0 else None

    def _show_item(self) -> None:
        item = self._item()
        if item is None:
            return
        self.section_spin.setValue(item["section_no"])
        self.code_edit.setText(item["code"])
        self.title_edit.setText(item["title"])
        self.text_edit.setPlainText(item["text"])
        self.how_edit.setPlainText(item["how_to_check"])
        self.articles_edit.setText(self.tr("、").join(map(str, item["articles"])))
        self.severity_combo.setCurrentIndex(max(0, self.severity_combo.findData(item["default_severity"])))
        self.requirement_edit.setPlainText(item["requirement"])
        self.title_en_edit.setText(item["title_en"])
        self.text_en_edit.setPlainText(item["text_en"])
        self.how_en_edit.setPlainText(item["how_to_check_en"])
        self.requirement_en_edit.setPlainText(item["requirement_en"])

    def _show_section(self) -> None:
        section = self.selected_section()
        if section is not None:
            self.section_title_edit.setText(section["title"])
            self.section_title_en_edit.setText(section["title_en"])

    # ---- writing -------------------------------------------------------------------------------

    def _write(self, fn, select: str | None = None) -> None:
        """``fn(session, revisions)`` on the worker; ``revisions``: what this editor showed or saved last, by id.
        The records this write changed (an item saved, items renumbered by a move, …) are remembered at their new
        revisions, if this editor knew them as they were just before: someone else's change is never taken over
        unseen (the reload after the write shows it)."""
        box, tid = self._revisions, self.template_id

        def work(s) -> Any:
            before = checklist_revisions(s, tid)
            result = fn(s, box)  # the services flush: the new revisions are there to read
            remember(box, {k: v for k, v in checklist_revisions(s, tid).items() if box.get(k) == before.get(k)})
            return result

        def done(result: Any) -> None:
            self._select = select if select is not None else (result if isinstance(result, str) else None)
            self.changed.emit()
            self.reload()

        self.ctx.write(self, work, done, on_failure=self._refused)

    def _refused(self, err: InspectorError) -> None:
        show_error(self, err)  # what was typed stays in the form, to be corrected
        if isinstance(err, StaleEditError):
            self.reload()  # … unless someone else saved the record meanwhile: their version is shown instead

    def form_values(self) -> dict[str, Any] | None:
        articles = parse_articles(self.articles_edit.text())
        if articles is None:
            show_error(self, BadInputError(self.tr("条款请填写条号数字，用顿号或逗号分隔。"),
                                           "Give the articles as numbers separated by commas."))
            return None
        return dict(section_no=self.section_spin.value(), code=self.code_edit.text(), title=self.title_edit.text(),
                    text=self.text_edit.toPlainText(), how_to_check=self.how_edit.toPlainText(), articles=articles,
                    default_severity=self.severity_combo.currentData(),
                    requirement=self.requirement_edit.toPlainText(), title_en=self.title_en_edit.text(),
                    text_en=self.text_en_edit.toPlainText(), how_to_check_en=self.how_en_edit.toPlainText(),
                    requirement_en=self.requirement_en_edit.toPlainText())

    def save_meta(self) -> None:
        tid, changes = self.template_id, dict(name=self.name_edit.text(), name_en=self.name_en_edit.text(),
                                              label=self.label_edit.text())
        self._write(lambda s, box: versions.update_checklist(s, tid, changes, revision=box.get(tid)).id and None)

    def save_item(self) -> None:
        item = self._item()
        values = self.form_values()
        if item is None or values is None:
            return
        changes = {k: v for k, v in values.items() if item.get(k) != v}
        if changes:
            item_id = item["id"]
            self._write(lambda s, box: versions.update_item(s, item_id, changes, revision=box.get(item_id)).id)

    def add_item(self) -> None:
        values = self.form_values()
        if values is None:
            return
        tid, after = self.template_id, self.selected_item_id()
        if self._item() is not None and values["code"] == self._item()["code"]:
            values["code"] = values["code"] + "-1"   # a new code; the core refuses a clash anyway
        self._write(lambda s, _box: versions.add_item(s, tid, values, after_id=after).id)

    def remove_item(self) -> None:
        item_id = self.selected_item_id()
        if item_id:
            self._write(lambda s, _box: versions.remove_item(s, item_id))

    def move(self, step: int) -> None:
        item_id = self.selected_item_id()
        if not item_id:
            return
        position = self.items_model.row_of(item_id) + 1 + step
        self._write(lambda s, _box: versions.move_item(s, item_id, position).id, select=item_id)

    def add_section(self) -> None:
        tid, title, title_en = self.template_id, self.section_title_edit.text(), self.section_title_en_edit.text()
        self._write(lambda s, _box: versions.add_section(s, tid, title, title_en=title_en) and None)

    def rename_section(self) -> None:
        section = self.selected_section()
        if section is not None:
            sid = section["id"]
            changes = {"title": self.section_title_edit.text(), "title_en": self.section_title_en_edit.text()}
            self._write(lambda s, box: versions.update_section(s, sid, changes, revision=box.get(sid)) and None)

    def move_section(self, step: int) -> None:
        section = self.selected_section()
        if section is None:
            return
        sid, position = section["id"], section["number"] + step
        self._select_section = sid
        self._write(lambda s, _box: versions.move_section(s, sid, position) and None)

    def remove_section(self) -> None:
        section = self.selected_section()
        if section is not None:
            sid = section["id"]
            self._write(lambda s, _box: versions.remove_section(s, sid))


class RegulationEditor(QDialog):
    """Metadata and articles of one regulation version; read-only unless it is a draft."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx: AppContext, regulation_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.regulation_id = regulation_id
        self.data: dict[str, Any] | None = None
        self._revisions: dict[str, int] = {}  # the version's revision as shown or last saved here (as above)
        self.resize(900, 700)
        self.read_only_label = QLabel(self.tr("此版本已发布或已废止，不能修改；如需修改请起草新版本。"))
        self.read_only_label.setStyleSheet(palette.text_style(palette.CAUTION))
        self.title_edit = QLineEdit()
        self.title_en_edit = QLineEdit()
        self.label_edit = QLineEdit()
        self.doc_number_edit = QLineEdit()
        self.issuer_edit = QLineEdit()
        self.issuer_en_edit = QLineEdit()
        self.issued_edit = QLineEdit()
        self.issued_edit.setPlaceholderText("2024-01-29")
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText("2026-03-01")
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText(self.tr("留空表示长期有效"))
        self.save_meta_button = QPushButton(self.tr("保存法规信息"))
        meta = QFormLayout()
        meta.addRow(self.tr("标题："), self.title_edit)
        meta.addRow(self.tr("英文标题："), self.title_en_edit)
        meta.addRow(self.tr("版本标签："), self.label_edit)
        meta.addRow(self.tr("文号："), self.doc_number_edit)
        issuer = QHBoxLayout()
        issuer.addWidget(self.issuer_edit, 1)
        issuer.addWidget(QLabel(self.tr("英文：")))
        issuer.addWidget(self.issuer_en_edit, 1)
        meta.addRow(self.tr("发布机关："), issuer)
        dates = QHBoxLayout()
        for label, edit in ((self.tr("发布日期："), self.issued_edit), (self.tr("施行日期："), self.from_edit),
                            (self.tr("有效期至："), self.to_edit)):
            dates.addWidget(QLabel(label))
            dates.addWidget(edit, 1)
        meta.addRow(self.tr("日期："), dates)
        meta.addRow("", self.save_meta_button)

        self.articles_model = ArticlesModel(self)
        self.articles_view = QTableView()
        self.articles_view.setModel(self.articles_model)
        configure_table(self.articles_view, 2, resize_to_contents=False)
        self.number_spin = QSpinBox()
        self.number_spin.setRange(1, 9999)
        self.chapter_spin = QSpinBox()
        self.chapter_spin.setRange(0, 999)
        self.article_text = QPlainTextEdit()
        self.article_text.setPlaceholderText(self.tr("条文"))
        self.article_text_en = QPlainTextEdit()
        self.article_text_en.setPlaceholderText(self.tr("英文条文"))
        texts = QHBoxLayout()
        texts.addWidget(self.article_text, 1)
        texts.addWidget(self.article_text_en, 1)
        self.set_article_button = QPushButton(self.tr("保存条款"))
        self.remove_article_button = QPushButton(self.tr("删除条款"))
        article_form = QHBoxLayout()
        article_form.addWidget(QLabel(self.tr("条号：")))
        article_form.addWidget(self.number_spin)
        article_form.addWidget(QLabel(self.tr("章：")))
        article_form.addWidget(self.chapter_spin)
        article_form.addWidget(self.set_article_button)
        article_form.addWidget(self.remove_article_button)
        article_form.addStretch(1)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_label)
        layout.addLayout(meta)
        layout.addWidget(self.articles_view, 3)
        layout.addLayout(article_form)
        layout.addLayout(texts, 2)
        layout.addWidget(self.close_button)
        self.articles_view.selectionModel().selectionChanged.connect(lambda *_: self._show_article())
        self.save_meta_button.clicked.connect(self.save_meta)
        self.set_article_button.clicked.connect(self.set_article)
        self.remove_article_button.clicked.connect(self.remove_article)
        self.setEnabled(False)
        self.reload()

    @property
    def editable(self) -> bool:
        return self.data is not None and self.data["status"] is VersionStatus.DRAFT

    def reload(self) -> None:
        rid = self.regulation_id
        self.ctx.read(self, lambda s: load_regulation(s, rid), self._loaded, key="load")

    def _loaded(self, data: dict[str, Any]) -> None:
        self.data = data
        remember(self._revisions, {data["id"]: data["revision"]})
        self.setWindowTitle(self.tr("法规版本：{title}（{code} v{version}）").format(**data))
        self.title_edit.setText(data["title"])
        self.title_en_edit.setText(data["title_en"])
        self.label_edit.setText(data["label"])
        self.doc_number_edit.setText(data["doc_number"])
        self.issuer_edit.setText(data["issuer"])
        self.issuer_en_edit.setText(data["issuer_en"])
        self.issued_edit.setText(data["issued_on"].isoformat() if data["issued_on"] else "")
        self.from_edit.setText(data["effective_from"].isoformat() if data["effective_from"] else "")
        self.to_edit.setText(data["effective_to"].isoformat() if data["effective_to"] else "")
        self.articles_model.set_rows(data["articles"])
        editable = self.editable
        self.read_only_label.setVisible(not editable)
        for w in (self.title_edit, self.title_en_edit, self.label_edit, self.doc_number_edit, self.issuer_edit,
                  self.issuer_en_edit, self.issued_edit, self.from_edit, self.to_edit):
            w.setReadOnly(not editable)
        self.article_text.setReadOnly(not editable)
        self.article_text_en.setReadOnly(not editable)
        for w in (self.save_meta_button, self.set_article_button, self.remove_article_button, self.number_spin,
                  self.chapter_spin):
            w.setEnabled(editable)
        self.setEnabled(True)
        self.loaded.emit()

    def _show_article(self) -> None:
        rows = self.articles_view.selectionModel().selectedRows()
        if rows:
            a = self.articles_model.row(rows[0].row())
            self.number_spin.setValue(int(a["number"]))
            self.chapter_spin.setValue(int(a.get("chapter", 0)))
            self.article_text.setPlainText(a["text"])
            self.article_text_en.setPlainText(a.get("text_en", ""))

    def _write(self, fn) -> None:
        """``fn(session, revision)`` on the worker (``revision``: as shown or last saved here), returning the
        regulation version it changed; its new revision is remembered if this editor knew the one just before."""
        box, rid = self._revisions, self.regulation_id

        def work(s) -> None:
            before = regulation_versions.get_regulation(s, rid).revision
            row = fn(s, box.get(rid))  # flushed by the service: its revision is the new one
            if box.get(rid) == before:
                remember(box, {rid: row.revision})

        def done(_result: Any) -> None:
            self.changed.emit()
            self.reload()

        self.ctx.write(self, work, done, on_failure=self._refused)

    def _refused(self, err: InspectorError) -> None:
        show_error(self, err)
        if isinstance(err, StaleEditError):
            self.reload()  # someone else saved the version meanwhile: their version is shown instead

    def save_meta(self) -> None:
        rid = self.regulation_id
        changes = dict(title=self.title_edit.text(), title_en=self.title_en_edit.text(), label=self.label_edit.text(),
                       doc_number=self.doc_number_edit.text(), issuer=self.issuer_edit.text(),
                       issuer_en=self.issuer_en_edit.text(), issued_on=self.issued_edit.text().strip(),
                       effective_from=self.from_edit.text().strip(), effective_to=self.to_edit.text().strip())
        self._write(lambda s, revision: regulation_versions.update_regulation(s, rid, changes, revision=revision))

    def set_article(self) -> None:
        rid, number, chapter, text, text_en = (self.regulation_id, self.number_spin.value(), self.chapter_spin.value(),
                                               self.article_text.toPlainText(), self.article_text_en.toPlainText())
        self._write(lambda s, _revision: regulation_versions.set_article(s, rid, number, text, text_en=text_en,
                                                                          chapter=chapter))

    def remove_article(self) -> None:
        rid, number = self.regulation_id, self.number_spin.value()
        self._write(lambda s, _revision: regulation_versions.remove_article(s, rid, number))
