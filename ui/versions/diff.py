"""与来源版本比较 — what changed from the version a draft came from: a checklist's sections and items added,
removed, changed or moved, a regulation's particulars and articles added, removed or changed; changed texts word
by word, removed words struck through (red), added ones underlined (green), so the difference reads in black and
white too."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from inspector.services.version_diff import ChecklistDiff, FieldChange, RegulationDiff
from ui.widgets import palette


def kind_text(kind: str) -> str:
    return {
        "added": QCoreApplication.translate("VersionDiff", "新增"),
        "removed": QCoreApplication.translate("VersionDiff", "删除"),
        "changed": QCoreApplication.translate("VersionDiff", "修改"),
        "moved": QCoreApplication.translate("VersionDiff", "移动"),
    }[kind]


def field_text(name: str, regulation: bool = False) -> str:
    if regulation:
        found = {
            "title": QCoreApplication.translate("VersionDiff", "标题"),
            "title_en": QCoreApplication.translate("VersionDiff", "英文标题"),
            "doc_number": QCoreApplication.translate("VersionDiff", "文号"),
            "issuer": QCoreApplication.translate("VersionDiff", "发布机关"),
            "issuer_en": QCoreApplication.translate("VersionDiff", "英文发布机关"),
            "issued_on": QCoreApplication.translate("VersionDiff", "发布日期"),
            "effective_from": QCoreApplication.translate("VersionDiff", "施行日期"),
            "effective_to": QCoreApplication.translate("VersionDiff", "有效期至"),
            "chapter": QCoreApplication.translate("VersionDiff", "章"),
            "text": QCoreApplication.translate("VersionDiff", "条文"),
            "text_en": QCoreApplication.translate("VersionDiff", "英文条文"),
        }.get(name)
        if found:
            return found
    return {
        "section_no": QCoreApplication.translate("VersionDiff", "章节"),
        "title": QCoreApplication.translate("VersionDiff", "标题"),
        "title_en": QCoreApplication.translate("VersionDiff", "英文标题"),
        "text": QCoreApplication.translate("VersionDiff", "检查内容"),
        "text_en": QCoreApplication.translate("VersionDiff", "英文检查内容"),
        "how_to_check": QCoreApplication.translate("VersionDiff", "检查方法"),
        "how_to_check_en": QCoreApplication.translate("VersionDiff", "英文检查方法"),
        "articles": QCoreApplication.translate("VersionDiff", "引用条款"),
        "default_severity": QCoreApplication.translate("VersionDiff", "默认严重程度"),
        "requirement": QCoreApplication.translate("VersionDiff", "整改要求"),
        "requirement_en": QCoreApplication.translate("VersionDiff", "英文整改要求"),
        "clause": QCoreApplication.translate("VersionDiff", "条款"),
    }.get(name, name)


def words_html(words: list[tuple[str, str]]) -> str:
    """Word runs as HTML: removed struck through in red, added underlined in green, the rest plain."""
    out = []
    for op, text in words:
        text = escape(text).replace("\n", "<br>")
        if op == "-":
            out.append(f'<s style="color:{palette.WARNING}">{text}</s>')
        elif op == "+":
            out.append(f'<u style="color:{palette.OK}">{text}</u>')
        else:
            out.append(text)
    return "".join(out)


def _shown(value) -> str:
    if value is None:
        return "—"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _field_html(change: FieldChange, regulation: bool = False) -> str:
    if change.words:
        body = words_html(change.words)
    else:
        body = words_html([("-", _shown(change.old)), ("+", _shown(change.new))])
    return f"<li><b>{escape(field_text(change.field, regulation))}</b>: {body}</li>"


def diff_html(diff: ChecklistDiff | RegulationDiff, heading: str) -> str:
    counts = diff.counts()
    regulation = isinstance(diff, RegulationDiff)
    if regulation:
        summary = QCoreApplication.translate("VersionDiff", "条款：新增 {added}，删除 {removed}，修改 {changed}")
        groups = [(QCoreApplication.translate("VersionDiff", "法规条款"), diff.articles)]
    else:
        summary = QCoreApplication.translate("VersionDiff", "检查项：新增 {added}，删除 {removed}，修改 {changed}，移动 {moved}")
        groups = [(QCoreApplication.translate("VersionDiff", "章节"), diff.sections),
                  (QCoreApplication.translate("VersionDiff", "检查项"), diff.items)]
    parts = [f"<h3>{escape(heading)}</h3>", "<p>" + escape(summary.format(**counts)) + "</p>"]
    if diff.empty:
        parts.append("<p>" + escape(QCoreApplication.translate("VersionDiff", "两个版本没有差别。")) + "</p>")
    if regulation and diff.fields:
        parts.append("<h4>" + escape(QCoreApplication.translate("VersionDiff", "法规信息")) + "</h4><ul>"
                     + "".join(_field_html(f, True) for f in diff.fields) + "</ul>")
    for title, changes in groups:
        if not changes:
            continue
        parts.append(f"<h4>{escape(title)}</h4><ul>")
        for c in changes:
            colour = {"added": palette.OK, "removed": palette.WARNING}.get(c.kind, palette.CAUTION)
            mark = {"added": "u", "removed": "s"}.get(c.kind, "b")
            code = (QCoreApplication.translate("VersionDiff", "第{n}条").format(n=c.code) if regulation
                    else c.code)
            parts.append(f'<li><{mark} style="color:{colour}">[{escape(kind_text(c.kind))}]</{mark}> '
                         f"{escape(code)} {escape(c.title)}")
            if c.changes:
                parts.append("<ul>" + "".join(_field_html(f, regulation) for f in c.changes) + "</ul>")
            parts.append("</li>")
        parts.append("</ul>")
    return "".join(parts)


class DiffDialog(QDialog):
    """The difference shown read-only; the HTML is built from the core's ChecklistDiff or RegulationDiff."""

    def __init__(self, diff: ChecklistDiff | RegulationDiff, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diff = diff
        self.setWindowTitle(self.tr("与来源版本比较"))
        self.resize(820, 620)
        self.browser = QTextBrowser()
        self.browser.setHtml(diff_html(diff, heading))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(close)
