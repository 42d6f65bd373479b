"""Importing a list of departments from xlsx or csv: the safe way in, the per-row problems, the preview
writes nothing, the import adds the good rows only (200 rows), cancel and a changed file roll back."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import func, select

from inspector import audit, uscc
from inspector.errors import BadInputError, Cancelled
from inspector.model import AuditHead, Department
from inspector.progress import CancelToken
from inspector.safezip import ZipRefused
from inspector.services import department_import as imp
from inspector.services import departments
from tests.forms_helpers import rezip
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

HEADER = ["单位名称", "统一社会信用代码", "地址", "联系人", "联系电话"]


def code_for(n: int) -> str:
    first = f"1114050000{n:07d}"
    return first + uscc.check_character(first)


def good_rows(n: int) -> list[list[object]]:
    return [[f"晋城市测试局{i:03d}", code_for(i), f"城区{i}号", f"联系人{i}", f"0356-{2000000 + i}"] for i in range(n)]


def xlsx(rows: list[list[object]], header: list[str] = HEADER, *, before: list[list[object]] = ()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in before:
        ws.append(r)
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def state(vault) -> tuple:
    with vault.session() as s:
        head = s.get(AuditHead, 1)
        return head.seq, s.exec(select(func.count()).select_from(Department)).one()


def deep_ok(vault) -> bool:
    with vault.engine.connect() as conn:
        return audit.verify(conn, vault.audit_hash, vault.vault_id, deep=True).ok


def test_two_hundred_rows_preview_then_import(vault, tmp_path):
    path = write(tmp_path, "名单.xlsx", xlsx(good_rows(200)))
    before = state(vault)
    seen: list[tuple[int, int]] = []
    with vault.session() as s:
        result = imp.preview(s, path)
    assert state(vault) == before  # a preview writes nothing
    assert len(result.rows) == 200 and not result.bad and result.header_row == 1
    assert result.columns == ["name", "code", "address", "contact_name", "contact_phone"]
    assert result.rows[0].row == 2 and result.rows[0].values["code"] == code_for(0)
    with vault.session() as s:
        done = imp.import_departments(s, path, sha256=result.sha256, progress=lambda d, t, m="": seen.append((d, t)))
    assert len(done.added) == 200 and seen[-1] == (200, 200)
    with vault.session() as s:
        rows = departments.list_departments(s)
    assert len(rows) == 200 and rows[5]["contact_phone"] == "0356-2000005" and rows[5]["address"] == "城区5号"
    assert deep_ok(vault)
    # the same file again: every row already exists, nothing is added
    with vault.session() as s:
        again = imp.import_departments(s, path)
    assert not again.added and len(again.bad) == 200
    assert "已有同名单位“晋城市测试局000”" in again.rows[0].line_zh()
    assert "already belongs to" in again.rows[0].line_en()


def test_every_problem_is_listed_with_its_row_and_rows_with_problems_are_skipped(vault, tmp_path):
    with vault.session() as s:
        departments.create_department(s, "晋城市民政局", code="11140500MB3456789W")
    rows = [
        ["晋城市教育局", "12345", "", "", ""],                      # 2: code too short
        ["晋城市民政局", "", "", "", ""],                           # 3: exists
        ["晋城市公安局", "11140500mb3456789w", "", "", ""],         # 4: the code exists (lowercase)
        ["", "", "某地", "", ""],                                   # 5: no name
        ["晋城市财政局", "91350100M000100Y43", "", "", ""],         # 6: good
        ["晋城市财政局", "", "", "", ""],                           # 7: name of row 6
        ["晋城市审计局", "91350100M000100Y43", "", "", ""],         # 8: code of row 6
        [None, None, None, None, None],                             # 9: empty, ignored
        ["晋城市统计局", "91350100M000100Y44", "", "", ""],         # 10: check character
        ["晋城市税务局", "=A2", "", "", ""],                        # 11: a formula
        ["x" * 201, "", "", "", ""],                                # 12: too long
        ["晋城市商务局", 91350100000000000, "", "", ""],            # 13: a code typed as a number
    ]
    path = write(tmp_path, "名单.xlsx", xlsx(rows))
    with vault.session() as s:
        result = imp.preview(s, path)
    problems = {r.row: r.line_zh() for r in result.bad}
    english = {r.row: r.line_en() for r in result.bad}
    assert sorted(problems) == [2, 3, 4, 5, 7, 8, 10, 11, 12, 13]
    assert "第 2 行：" in problems[2] and "应为 18 位" in problems[2] and "has 5" in english[2]
    assert "已有同名单位“晋城市民政局”" in problems[3]
    assert "已属于单位“晋城市民政局”" in problems[4]
    assert "缺少单位名称" in problems[5] and "name is missing" in english[5]
    assert "单位名称与第 6 行重复" in problems[7] and "same name as row 6" in english[7]
    assert "统一社会信用代码与第 6 行重复" in problems[8]
    assert "第 18 位应为“3”" in problems[10]
    assert "公式" in problems[11] and "formula" in english[11]
    assert "过长" in problems[12]
    assert "数字形式保存" in problems[13] and "as text" in english[13]
    assert [r.row for r in result.good] == [6]
    assert "共 11 行：1 行可导入，10 行有问题" in result.summary()[0]
    with vault.session() as s:
        done = imp.import_departments(s, path, sha256=result.sha256)
    with vault.session() as s:
        names = [r["name"] for r in departments.list_departments(s)]
    assert len(done.added) == 1 and sorted(names) == sorted(["晋城市民政局", "晋城市财政局"])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_offices_save(vault, tmp_path, encoding):
    text = "Name,Code,Address,Contact,Phone\r\n晋城市教育局,91350100m000100y43,\"城区, 凤台街\",孙悦,0356-2020001\r\n"
    path = write(tmp_path, "list.csv", text.encode(encoding))
    with vault.session() as s:
        result = imp.import_departments(s, path)
    assert len(result.added) == 1
    with vault.session() as s:
        (row,) = departments.list_departments(s)
    assert (row["name"], row["code"], row["address"], row["contact_name"]) == \
        ("晋城市教育局", "91350100M000100Y43", "城区, 凤台街", "孙悦")


def test_header_below_a_title_in_any_order_with_unknown_columns(vault, tmp_path):
    data = xlsx([["0356-1", "晋城市教育局", "x"]], ["电话", "被检查单位", "级别"], before=[["2026年被检查单位名单"], []])
    with vault.session() as s:
        result = imp.preview(s, write(tmp_path, "a.xlsx", data))
    assert result.header_row == 3 and result.ignored_columns == ["级别"]
    assert result.rows[0].row == 4 and result.rows[0].values["contact_phone"] == "0356-1"


def test_a_file_without_a_name_column_is_refused(vault, tmp_path):
    with pytest.raises(BadInputError) as err, vault.session() as s:
        imp.preview(s, write(tmp_path, "a.xlsx", xlsx([["x"]], ["地址"])))
    assert "找不到表头“单位名称”" in err.value.zh and "No header" in err.value.en


def test_hostile_and_wrong_files_are_refused_before_reading(vault, tmp_path):
    good = xlsx(good_rows(2))
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' + body
    cases = {
        "bomb.xlsx": (rezip(good, replace={"xl/worksheets/sheet1.xml": bomb}), "xml-entities"),
        "ratio.xlsx": (rezip(good, add={"xl/media/image1.png": bytes(30 << 20)}), "ratio"),
        "macro.xlsm": (good, "macro"),
        "vba.xlsx": (rezip(good, add={"xl/vbaProject.bin": bytes(600)}), "macro"),
    }
    before = state(vault)
    for name, (data, reason) in cases.items():
        with pytest.raises(ZipRefused) as err, vault.session() as s:
            imp.import_departments(s, write(tmp_path, name, data))
        assert err.value.reason == reason, name
    with pytest.raises(BadInputError) as err, vault.session() as s:
        imp.preview(s, write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0" + bytes(100)))
    assert "另存为 .xlsx" in err.value.zh
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(imp.MAX_FILE_BYTES + 1)
    with pytest.raises(BadInputError) as err, vault.session() as s:
        imp.preview(s, big)
    assert "文件过大" in err.value.zh
    with pytest.raises(BadInputError) as err, vault.session() as s:
        imp.preview(s, tmp_path / "missing.csv")
    assert "文件不存在" in err.value.zh
    assert state(vault) == before


def test_too_many_rows_is_refused(vault, tmp_path):
    text = "单位名称\n" + "".join(f"单位{i}\n" for i in range(imp.MAX_ROWS + 1))
    with pytest.raises(BadInputError) as err, vault.session() as s:
        imp.preview(s, write(tmp_path, "many.csv", text.encode()))
    assert f"超过 {imp.MAX_ROWS} 行" in err.value.zh


def test_cancel_and_a_changed_file_write_nothing(vault, tmp_path):
    path = write(tmp_path, "名单.xlsx", xlsx(good_rows(50)))
    with vault.session() as s:
        seen = imp.preview(s, path)
    before = state(vault)
    token = CancelToken()

    def progress(done: int, total: int, message: str = "") -> None:
        if done == 20:
            token.cancel()

    with pytest.raises(Cancelled), vault.session() as s:
        imp.import_departments(s, path, sha256=seen.sha256, progress=progress, cancel=token)
    assert state(vault) == before
    path.write_bytes(xlsx(good_rows(51)))
    with pytest.raises(BadInputError) as err, vault.session() as s:
        imp.import_departments(s, path, sha256=seen.sha256)
    assert "预览之后被修改过" in err.value.zh and "changed after the preview" in err.value.en
    assert state(vault) == before


def test_the_template_imports_as_an_empty_list(vault, tmp_path):
    path = write(tmp_path, imp.TEMPLATE_NAME, imp.template_xlsx())
    with vault.session() as s:
        result = imp.preview(s, path)
    assert result.rows == [] and result.columns == list(imp.FIELDS)
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb.worksheets[0][1]][:5] == HEADER and wb.sheetnames[1] == "填写说明"
