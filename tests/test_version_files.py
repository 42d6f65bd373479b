"""A checklist version as a file (issue 18): exported as .xlsx or .toml and imported back as a new draft equal item
for item; a LibreOffice re-save still imports; a malformed file is refused with every problem named by
sheet/row/column (or item/key) and nothing stored."""

from __future__ import annotations

import io
import tomllib
import zipfile

import openpyxl
import pytest
from sqlmodel import func, select

from inspector.errors import BadInputError
from inspector.model import ChecklistItem, ChecklistSection, ChecklistTemplate, VersionStatus
from inspector.regulation import default_template
from inspector.services import version_diff, version_files, versions
from tests.engines import vault_on_both_engines  # noqa: F401
from tests.forms_helpers import libreoffice_resave, needs_soffice

ITEM_FIELDS = ("section_no", "code", "position", "title", "title_en", "text", "text_en", "how_to_check",
               "how_to_check_en", "articles", "default_severity", "requirement", "requirement_en")


def _content(s, template_id):
    sections = [(x.number, x.clause, x.title, x.title_en) for x in s.exec(
        select(ChecklistSection).where(ChecklistSection.template_id == template_id).order_by(ChecklistSection.number))]
    items = [tuple(getattr(i, f) for f in ITEM_FIELDS) for i in s.exec(
        select(ChecklistItem).where(ChecklistItem.template_id == template_id).order_by(ChecklistItem.position))]
    return sections, items


def _counts(s):
    return tuple(s.exec(select(func.count()).select_from(m)).one()
                 for m in (ChecklistTemplate, ChecklistSection, ChecklistItem))


def _export(vault, tmp_path, suffix, *, edit=None):
    """Version 1 exported; ``edit`` changes a draft first (so the file has texts worth checking) and that is exported."""
    with vault.session() as s:
        tid = default_template(s).id
        if edit is not None:
            tid = edit(s, tid)
        out = version_files.export_version(s, tid, tmp_path / f"v{suffix}")
    return tid, out


def _tricky(s, tid):
    draft = versions.draft_checklist(s, tid, label="测试")
    first = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == draft.id)
                   .order_by(ChecklistItem.position)).first()
    versions.update_item(s, first.id, {"text": '第一行 "引号" \\ 反斜杠\n第二行\t制表', "requirement": "=SUM(A1)",
                                       "articles": [9, 15], "default_severity": "critical"})
    return draft.id


@pytest.mark.parametrize("suffix", [".xlsx", ".toml"])
def test_round_trip_makes_a_new_draft_equal_item_for_item(vault, tmp_path, suffix):
    tid, out = _export(vault, tmp_path, suffix, edit=_tricky)
    with vault.session() as s:
        before = _counts(s)
        draft = version_files.import_path(s, out)
        new_id, source = draft.id, s.get(ChecklistTemplate, tid)
        assert draft.status == VersionStatus.DRAFT and draft.code == source.code
        assert draft.version == source.version + 1 and draft.derived_from_id == source.id  # the next of its series
        assert draft.regulation_version_id == source.regulation_version_id and draft.label == "测试"
        assert _content(s, new_id) == _content(s, tid)
        assert version_diff.diff_checklists(s, tid, new_id).empty
        assert _counts(s)[0] == before[0] + 1
        assert s.get(ChecklistTemplate, tid).status == VersionStatus.DRAFT  # the source is untouched
    if suffix == ".toml":
        doc = tomllib.loads(out.read_text(encoding="utf-8"))
        assert doc["checklist"]["code"] == draft.code and doc["items"][0]["articles"] == [9, 15]
        assert doc["items"][0]["severity"] == "重大"


def test_a_new_code_starts_a_new_series(vault, tmp_path):
    _, out = _export(vault, tmp_path, ".toml")
    out.write_text(out.read_text(encoding="utf-8").replace('code = "', 'code = "special-', 1), encoding="utf-8")
    with vault.session() as s:
        draft = version_files.import_path(s, out)
        assert draft.code.startswith("special-") and draft.version == 1 and draft.derived_from_id is None


@needs_soffice
def test_a_libreoffice_resave_still_imports(vault, tmp_path):
    tid, out = _export(vault, tmp_path, ".xlsx")
    resaved = libreoffice_resave(out.read_bytes(), tmp_path)
    with vault.session() as s:
        draft = version_files.import_version(s, resaved, "resaved.xlsx")
        assert _content(s, draft.id) == _content(s, tid)


def _workbook(out) -> openpyxl.Workbook:
    return openpyxl.load_workbook(out)


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _refused(vault, data, filename, error=BadInputError):
    with vault.session(read_only=True) as s:
        before = _counts(s)
    with pytest.raises(error) as refused:
        with vault.session() as s:
            version_files.import_version(s, data, filename)
    with vault.session(read_only=True) as s:
        assert _counts(s) == before  # nothing stored
    return refused.value


def test_a_malformed_workbook_is_refused_with_every_problem(vault, tmp_path):
    _, out = _export(vault, tmp_path, ".xlsx")
    wb = _workbook(out)
    ws = wb["检查项"]
    ws["G2"] = "很严重"                 # severity
    ws["F3"] = "9、999"                 # an article the regulation does not have
    ws["A4"] = ws["A2"].value           # a duplicate code
    ws["C5"] = None                     # an empty title
    ws["D6"] = "=A1&B1"                 # a formula
    error = _refused(vault, _save(wb), "bad.xlsx")
    places = {(p.sheet, p.row, p.column) for p in error.problems}
    assert {("检查项", 2, "G"), ("检查项", 3, "F"), ("检查项", 4, "A"), ("检查项", 5, "C"), ("检查项", 6, "D")} <= places
    rows = [p.row for p in error.problems if p.sheet == "检查项"]
    assert rows == sorted(rows)  # sheet by sheet, row by row
    assert "999" in str(error.zh) and "999" in error.en and "公式" in error.zh and "formula" in error.en


def test_a_missing_sheet_is_named(vault, tmp_path):
    _, out = _export(vault, tmp_path, ".xlsx")
    wb = _workbook(out)
    del wb["章节"]
    error = _refused(vault, _save(wb), "nosections.xlsx")
    assert any("章节" in p.zh and p.sheet == "" for p in error.problems)
    assert any(p.column == "B" and p.sheet == "检查项" for p in error.problems)  # its items' sections are unknown


def test_a_hostile_zip_is_refused(vault, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>")
    _refused(vault, buf.getvalue(), "bomb.xlsx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("../../evil.xml", "<x/>")
    _refused(vault, buf.getvalue(), "traversal.xlsx")
    _refused(vault, b"not a zip at all", "x.xlsx")
    _refused(vault, b"PK", "x.xlsm")


def test_a_malformed_toml_file_is_refused_with_every_problem(vault, tmp_path):
    _, out = _export(vault, tmp_path, ".toml")
    doc = out.read_text(encoding="utf-8")
    blocks = doc.split("\n[[items]]\n")
    first_code = tomllib.loads("[[items]]\n" + blocks[1])["items"][0]["code"]
    blocks[1] = blocks[1].replace('severity = "一般"', 'severity = "很严重"').replace('severity = "较大"', 'severity = "很严重"')
    blocks[2] = blocks[2].replace("articles = [", "articles = [999, ")
    blocks[3] = blocks[3].replace(blocks[3].split("\n")[0], f'code = "{first_code}"')
    blocks[4] = blocks[4].replace(blocks[4].split("\n")[2], 'title = ""')
    bad = "\n[[items]]\n".join(blocks)
    error = _refused(vault, bad.encode(), "bad.toml")
    text = "\n".join(p.line_zh for p in error.problems)
    assert "[[items]] 第 1 个" in text and "severity" in text
    assert "[[items]] 第 2 个" in text and "999" in text
    assert "[[items]] 第 3 个" in text and "重复" in text
    assert "[[items]] 第 4 个" in text and "title" in text
    assert len(error.problems) == 4, text
    assert [p.order for p in error.problems] == [(3, 1), (3, 2), (3, 3), (3, 4)]  # in file order
    syntax = _refused(vault, b'format = "inspector-checklist/1"\n[checklist\n', "broken.toml")
    assert "line 2" in syntax.en


def test_an_unknown_regulation_or_format_is_named(vault, tmp_path):
    _, out = _export(vault, tmp_path, ".toml")
    text = out.read_text(encoding="utf-8")
    error = _refused(vault, text.replace('regulation = "', 'regulation = "nope-', 1).encode(), "r.toml")
    assert [p.where_en for p in error.problems] == ["[checklist], key regulation"] and "nope-" in error.zh
    error = _refused(vault, text.replace('format = "inspector-checklist/1"', 'format = "other"').encode(), "f.toml")
    assert [p.where_en for p in error.problems] == ["f.toml"] and "format" in error.en
