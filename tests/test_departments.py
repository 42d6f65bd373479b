"""Departments in the core: the 统一社会信用代码 check (GB 32100-2015), sorting by pinyin, and the rules
create/update apply (every caller — UI, command line, API, list import — goes through them)."""

from __future__ import annotations

import pytest

from inspector import uscc
from inspector.collation import pinyin_key
from inspector.errors import BadInputError
from inspector.services import departments, plans, queries, search
from inspector.services.demo import DEPARTMENTS
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

# Codes published by the bodies themselves (the standard's own example, the State Council's General
# Office, companies' public registrations).
REAL_CODES = ["91350100M000100Y43", "11100000000013127D", "914403001922038216", "91110105771583283D",
              "91110000802100433B", "91440300708461136T", "51610700305332460K", "112302070019030687"]


# ---- the code ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert uscc.problem(code) is None and uscc.is_valid(code)
    assert uscc.check_character(code[:17]) == code[17]


def test_weights_are_powers_of_three_mod_31():
    assert uscc.WEIGHTS[:6] == (1, 3, 9, 27, 19, 26) and len(uscc.WEIGHTS) == 17
    assert len(uscc.ALPHABET) == 31 and not set("IOSVZ") & set(uscc.ALPHABET)


def test_every_wrong_check_character_is_caught_and_named():
    code = "91350100M000100Y43"
    for c in uscc.ALPHABET.replace("3", ""):
        zh, en = uscc.problem(code[:17] + c)
        assert "第 18 位应为“3”" in zh and "should be '3'" in en


@pytest.mark.parametrize("code, zh, en", [
    ("12345", "应为 18 位", "has 5"),
    ("91350100M000100Y4", "17 位", "has 17"),
    ("91350100M000100Y431", "19 位", "has 19"),
    ("9135010OM000100Y43", "第 8 位“O”无效（代码中不使用字母 O）", "Character 8"),
    ("91350100M0001-0Y43", "第 14 位“-”无效", "only digits and capital letters"),
    ("91350100M000100Y4中", "第 18 位", "Character 18"),
])
def test_problems_say_what_is_wrong(code, zh, en):
    found = uscc.problem(code)
    assert found is not None and zh in found[0] and en in found[1]


def test_normalised_lowercase_and_full_width_and_empty():
    assert uscc.check(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert uscc.check("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
    assert uscc.check("") == "" and uscc.problem(None) is None and not uscc.is_valid("")


def test_demo_codes_are_valid():
    assert all(uscc.is_valid(code) for _, code, _, _ in DEPARTMENTS)


# ---- create and update -----------------------------------------------------------------------------


def test_create_refuses_an_invalid_code_and_writes_nothing(vault):
    with pytest.raises(BadInputError) as err, vault.session() as s:
        departments.create_department(s, "晋城市教育局", code="12345")
    assert "18 位" in err.value.zh and "18 characters" in err.value.en
    with pytest.raises(BadInputError) as err, vault.session() as s:
        plans.create_department(s, "晋城市教育局", code="91350100M000100Y44")
    assert "应为“3”" in err.value.zh
    with vault.session() as s:
        assert plans.list_departments(s) == []


def test_create_stores_the_code_upper_cased_and_allows_none(vault):
    with vault.session() as s:
        a = departments.create_department(s, "甲局", code="91350100m000100y43").id
        departments.create_department(s, "乙局", code="")
        departments.create_department(s, "丙局")
    with vault.session() as s:
        rows = {r["name"]: r["code"] for r in departments.list_departments(s)}
    assert rows == {"甲局": "91350100M000100Y43", "乙局": "", "丙局": ""}
    assert a


def test_a_code_belongs_to_one_department(vault):
    with vault.session() as s:
        a = departments.create_department(s, "甲局", code="91350100M000100Y43").id
        b = departments.create_department(s, "乙局").id
    with pytest.raises(BadInputError) as err, vault.session() as s:
        departments.create_department(s, "丙局", code="91350100m000100Y43")
    assert "已属于单位“甲局”" in err.value.zh and "already belongs to 甲局" in err.value.en
    with pytest.raises(BadInputError), vault.session() as s:
        departments.update_department(s, b, code="91350100M000100Y43")
    with vault.session() as s:  # its own code again is no conflict
        departments.update_department(s, a, code="91350100M000100Y43", contact_name="王")


def test_update_checks_a_changed_code_only(vault):
    """A department stored before the rule (an invalid code) keeps its other fields editable."""
    from inspector.model import Department

    with vault.session() as s:
        old = Department(name="旧单位", code="11140500MB1234567A")
        s.add(old)
        s.flush()
        old_id = old.id
    with vault.session() as s:
        departments.update_department(s, old_id, contact_phone="0356-1", code="11140500MB1234567A")
    with pytest.raises(BadInputError) as err, vault.session() as s:
        departments.update_department(s, old_id, code="11140500MB1234567B")
    assert "应为“R”" in err.value.zh
    with vault.session() as s:
        departments.update_department(s, old_id, code="11140500mb1234567r")
        assert s.get(Department, old_id).code == "11140500MB1234567R"


# ---- pinyin ------------------------------------------------------------------------------------------


NAMES = ["晋城市自然资源局", "晋城市人力资源和社会保障局", "晋城市卫生健康委员会", "晋城市民政局", "阿里", "北京市",
         "长治市教育局", "ABC 公司", "Zeta", "中国", "1号楼"]
BY_PINYIN = ["1号楼", "ABC 公司", "阿里", "北京市", "长治市教育局", "晋城市民政局", "晋城市人力资源和社会保障局",
             "晋城市卫生健康委员会", "晋城市自然资源局", "Zeta", "中国"]


def test_pinyin_key_orders_by_pinyin_not_code_point():
    assert sorted(NAMES, key=pinyin_key) == BY_PINYIN
    assert sorted(NAMES) != BY_PINYIN
    assert pinyin_key("ａｂｃ") < pinyin_key("abd") and pinyin_key("abc") < pinyin_key("ABD")


def test_department_listings_are_by_pinyin(vault):
    with vault.session() as s:
        for name in NAMES:
            departments.create_department(s, name)
    with vault.session() as s:
        assert [r["name"] for r in plans.list_departments(s)] == BY_PINYIN
        assert [r["name"] for r in queries.list_departments(s)] == BY_PINYIN
        assert [name for _, name in search.department_choices(s)] == BY_PINYIN
        assert [r["name"] for r in plans.plan_editor_data(s).departments] == BY_PINYIN
