"""``inspector departments add|import|template|list``: bilingual messages, exit codes, nothing written on a
refusal, the per-row problem list, listing by pinyin."""

from __future__ import annotations

import json

from inspector.errors import ExitCode
from inspector.services import departments
from tests.test_departments_import import good_rows, state, xlsx


def names(vault) -> list[str]:
    with vault.session() as s:
        return [r["name"] for r in departments.list_departments(s)]


def test_add_checks_the_code_and_lists_by_pinyin(demo_env, demo_vault, run):
    code, out, err = run("departments", "add", "晋城市教育局", "--code", "12345")
    assert code == ExitCode.BAD_INPUT and "应为 18 位" in err and "18 characters" in err and "Traceback" not in err
    code, out, err = run("departments", "add", "晋城市教育局", "--code", "91350100M000100Y44")
    assert code == ExitCode.BAD_INPUT and "第 18 位应为“3”" in err and "should be '3'" in err
    code, out, err = run("departments", "add", "晋城市教育局", "--code", "91350100m000100y43", "--address", "城区",
                         "--contact", "孙悦", "--phone", "0356-1")
    assert code == 0 and "已添加单位 / department added: 晋城市教育局" in out
    code, out, err = run("departments", "add", "  晋城市教育局 ")
    assert code == ExitCode.BAD_INPUT and "已有同名单位" in err
    code, out, _ = run("departments", "list", "--json")
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["晋城市教育局", "晋城市民政局", "晋城市人力资源和社会保障局", "晋城市卫生健康委员会",
                                         "晋城市医疗保障局", "晋城市自然资源局"]
    assert rows[0]["code"] == "91350100M000100Y43" and rows[0]["phone"] == "0356-1"


def test_import_dry_run_then_refused_then_skip_problems(demo_env, demo_vault, run, tmp_path):
    path = tmp_path / "名单.xlsx"
    rows = good_rows(3) + [["晋城市民政局", "", "", "", ""], ["晋城市某局", "123", "", "", ""]]
    path.write_bytes(xlsx(rows))
    before = state(demo_vault)
    code, out, err = run("departments", "import", path, "--dry-run")
    assert code == ExitCode.BAD_INPUT
    assert "第 5 行：已有同名单位“晋城市民政局”。" in out and "Row 5: a department named" in out
    assert "第 6 行：统一社会信用代码应为 18 位" in out and "共 5 行：3 行可导入，2 行有问题" in out
    assert state(demo_vault) == before
    code, out, err = run("departments", "import", path)
    assert code == ExitCode.BAD_INPUT and "未导入任何单位" in err and "--skip-problems" in err
    assert state(demo_vault) == before
    code, out, err = run("departments", "import", path, "--skip-problems")
    assert code == 0 and "已导入 3 个单位 / 3 department(s) imported." in out
    assert "晋城市测试局002" in names(demo_vault)
    code, out, err = run("departments", "import", path, "--json", "--dry-run")
    data = json.loads(out)
    assert code == ExitCode.BAD_INPUT and data["ok"] is False and len(data["rows"]) == 5
    assert all(not r["ok"] for r in data["rows"])


def test_a_clean_list_imports_and_a_bad_file_is_refused(demo_env, demo_vault, run, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("单位名称,统一社会信用代码\n晋城市教育局,91350100M000100Y43\n", encoding="utf-8")
    code, out, _ = run("departments", "import", path, "--dry-run")
    assert code == 0 and "共 1 行：1 行可导入，0 行有问题" in out and "晋城市教育局" not in names(demo_vault)
    code, out, _ = run("departments", "import", path)
    assert code == 0 and "已导入 1 个单位" in out and "晋城市教育局" in names(demo_vault)
    bad = tmp_path / "list.xlsm"
    bad.write_bytes(xlsx(good_rows(1)))
    code, out, err = run("departments", "import", bad)
    assert code == ExitCode.BAD_INPUT and "启用宏" in err and "macro" in err and "Traceback" not in err


def test_template(run, tmp_path):
    code, out, _ = run("departments", "template", tmp_path / "t.xlsx")
    assert code == 0 and (tmp_path / "t.xlsx").stat().st_size > 0
    code, _, err = run("departments", "template", tmp_path / "missing" / "t.xlsx")
    assert code == ExitCode.BAD_INPUT and "输出文件夹不存在" in err
