"""Hostile xlsx files: macros, ZIP bombs, XML entity expansion, things that are not workbooks. Each is refused
with a clear bilingual message before openpyxl reads it, and the vault is left exactly as it was."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import openpyxl.xml
import pytest
from defusedxml import DefusedXmlException
from sqlmodel import select

from inspector.errors import BadInputError, ExitCode
from inspector.forms import FormErrors, selfreport
from inspector.model import Department, Plan
from inspector.safezip import ZipRefused
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401
from tests.forms_helpers import fill, rezip, vault_state

SHEET_XML = "xl/worksheets/sheet2.xml"  # the form sheet (the guide is sheet1)
BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n')


def without_declaration(xml: bytes) -> bytes:
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


@pytest.fixture
def good_form(demo_vault) -> bytes:
    """A correctly filled self-report form of 晋城市民政局 (imports cleanly as it is)."""
    with demo_vault.session() as s:
        plan = s.exec(select(Plan)).one()
        dept = s.exec(select(Department).where(Department.name == "晋城市民政局")).one()
        data = selfreport.build_form(s, plan.id, dept.id).data
    return fill(data, "自查表", {"G4": "符合"})


def refused(vault, data: bytes, filename: str = "form.xlsx") -> BadInputError:
    before = vault_state(vault)
    with vault.session() as s, pytest.raises(BadInputError) as excinfo:
        selfreport.import_form(s, data, filename)
    assert vault_state(vault) == before
    assert excinfo.value.exit_code == ExitCode.BAD_INPUT and excinfo.value.zh and excinfo.value.en
    return excinfo.value


def test_the_untouched_form_imports(demo_vault, good_form):
    with demo_vault.session() as s:
        assert selfreport.import_form(s, good_form, "form.xlsx").answered == 1


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_xml_entity_expansion_is_refused(demo_vault, good_form):
    with zipfile.ZipFile(io.BytesIO(good_form)) as z:
        sheet = z.read(SHEET_XML)
    body = without_declaration(sheet)
    bomb = rezip(good_form, replace={SHEET_XML: BILLION_LAUGHS + body.replace(b"<v>", b"<v>&lol3;", 1)})
    error = refused(demo_vault, bomb)
    assert isinstance(error, ZipRefused) and error.reason == "xml-entities"
    assert f"部件“{SHEET_XML}”含有 DTD 或实体声明" in error.zh and "XML bomb" in error.en
    # and openpyxl on its own refuses the same file (it parses worksheets with defusedxml)
    with pytest.raises(ValueError) as excinfo:
        openpyxl.load_workbook(io.BytesIO(bomb))
    assert isinstance(excinfo.value.__cause__, DefusedXmlException)

    external = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    strings = "xl/workbook.xml"
    with zipfile.ZipFile(io.BytesIO(good_form)) as z:
        body = without_declaration(z.read(strings))
    assert refused(demo_vault, rezip(good_form, replace={strings: external + body})).reason == "xml-entities"


def test_macro_enabled_files_are_refused(demo_vault, good_form):
    error = refused(demo_vault, good_form, "自查表.xlsm")
    assert error.reason == "macro" and "启用宏的文件" in error.zh
    with_vba = rezip(good_form, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)})
    error = refused(demo_vault, with_vba)
    assert error.reason == "macro" and "含有宏（xl/vbaProject.bin）" in error.zh
    xlm = rezip(good_form, add={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet xmlns:xm='x'/>"})
    assert refused(demo_vault, xlm).reason == "macro"
    with zipfile.ZipFile(io.BytesIO(good_form)) as z:
        types = z.read("[Content_Types].xml")
    declared = types.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
    assert declared != types
    error = refused(demo_vault, rezip(good_form, replace={"[Content_Types].xml": declared}))
    assert error.reason == "macro" and "声明了宏内容" in error.zh


def test_zip_bombs_are_refused_before_openpyxl_reads_them(demo_vault, good_form):
    ratio = rezip(good_form, add={"xl/media/image1.png": bytes(30 << 20)})  # 30 MB of zeros, ~30 kB deflated
    error = refused(demo_vault, ratio)
    assert error.reason == "ratio" and "压缩比异常" in error.zh
    large = rezip(good_form, add={"xl/media/image2.png": bytes((50 << 20) + 1)})
    assert refused(demo_vault, large).reason == "size"
    many = rezip(good_form, add={f"xl/media/m{n}.bin": b"x" for n in range(2000)})
    error = refused(demo_vault, many)
    assert error.reason == "count" and "上限 2000" in error.zh
    sneaky = rezip(good_form, add={"../../evil.xml": b"<a/>"})
    assert refused(demo_vault, sneaky).reason == "traversal"


def test_files_that_are_not_xlsx_workbooks(demo_vault, good_form):
    assert refused(demo_vault, good_form[: len(good_form) // 2]).reason == "corrupt"
    assert "不是有效的 ZIP 文件" in refused(demo_vault, b"PK\x03\x04 not really").zh
    assert "不是 .xlsx 格式" in refused(demo_vault, good_form, "自查表.xls").zh
    assert refused(demo_vault, rezip(good_form, replace={SHEET_XML: b"<worksheet"})).reason == "xml"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "你好")
    assert refused(demo_vault, buf.getvalue()).reason == "not-xlsx"
    plain = openpyxl.Workbook()
    plain.active["A1"] = "一张普通的表"
    out = io.BytesIO()
    plain.save(out)
    assert "这不是 Inspector 生成的自查表" in refused(demo_vault, out.getvalue()).zh


@demo_vault_only  # the command line reads the demo vault file
def test_cli_reports_a_refused_file_with_exit_code_4(demo_env, run, good_form, tmp_path):
    path = tmp_path / "自查表.xlsm"
    path.write_bytes(good_form)
    code, _, err = run("selfreport", "import", path)
    assert code == ExitCode.BAD_INPUT and "错误：" in err and "启用宏的文件" in err and "macro-enabled" in err


def test_a_sheet_far_longer_than_any_form_is_read_only_up_to_the_limit(demo_vault, good_form):
    long = fill(good_form, "自查表", {"H6000": "藏在表格远处的内容"})
    with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
        selfreport.import_form(s, long, "form.xlsx")
    [problem] = excinfo.value.problems
    assert (problem.sheet, problem.row) == ("自查表", 5004) and "表格超过 5000 行" in problem.zh


@pytest.mark.parametrize("cells", [{"J4": "写在表格右边的说明"}, {"M9": "远处的备注", "Z2": "另一处"}, {"AA5": 42}])
def test_text_written_right_of_the_table_is_named(demo_vault, good_form, cells):
    """docs/forms.md: text written outside the table is named in the problem list, never silently ignored."""
    form = fill(good_form, "自查表", cells)
    before = vault_state(demo_vault)
    with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
        selfreport.import_form(s, form, "form.xlsx")
    assert vault_state(demo_vault) == before
    named = {(p.row, p.column) for p in excinfo.value.problems}
    for address in cells:
        column = address.rstrip("0123456789")
        assert (int(address[len(column):]), column) in named
    assert all("表格以外" in p.zh and "outside the table" in p.en for p in excinfo.value.problems)


def test_a_cell_far_to_the_right_costs_little(demo_vault, good_form):
    """One cell in the sheet's last column (XFD) on many rows: read quickly, named once per cell up to a limit."""
    far = fill(good_form, "自查表", {f"XFD{r}": "x" for r in range(4, 60)})
    with demo_vault.session() as s, pytest.raises(FormErrors) as excinfo:
        selfreport.import_form(s, far, "form.xlsx")
    problems = excinfo.value.problems
    assert len(problems) <= 11 and "XFD" in {p.column for p in problems}
    [summary] = [p for p in problems if p.row is None]
    assert "还有 46 处" in summary.zh and "46 more" in summary.en
