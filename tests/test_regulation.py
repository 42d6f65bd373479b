"""The regulation and its checklist as data, and their import into a vault."""

from __future__ import annotations

import re

from sqlmodel import func, select

from inspector.model import ChecklistItem, ChecklistSection, ChecklistTemplate, Severity
from inspector.regulation import article, articles, chinese_number, import_template, load_checklist, regulation
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_all_38_articles_in_7_chapters_with_translations():
    arts = articles()
    assert sorted(arts) == list(range(1, 39))
    assert {a.chapter for a in arts.values()} == set(range(1, 8))
    assert regulation()["doc_number"] == "晋市政办〔2024〕4号"
    for a in arts.values():
        assert CJK.search(a.text) and a.text_en and not CJK.search(a.text_en), a.number
    assert "最高管理权限必须由专人负责" in article(13).text
    assert "日志审计机制" in article(17).text
    assert "加密存储" in article(23).text
    assert " and " not in article(9).text  # conversion artefact of the source repaired


def test_article_labels():
    assert [chinese_number(n) for n in (1, 10, 13, 20, 31, 38)] == ["一", "十", "十三", "二十", "三十一", "三十八"]
    assert article(31).label == "第三十一条"


def test_default_checklist_covers_art_31_and_arts_9_to_29():
    data = load_checklist()
    assert [s["number"] for s in data["sections"]] == list(range(1, 10))
    items = data["items"]
    assert len(items) >= 40
    assert len({i["code"] for i in items}) == len(items)
    assert {i["section"] for i in items} == set(range(1, 10))
    cited = {a for i in items for a in i["articles"]}
    assert set(range(9, 30)) <= cited
    assert cited <= set(articles())
    for i in items:
        assert i["text"] and i["how_to_check"] and i["text_en"] and i["how_to_check_en"] and i["title_en"], i["code"]
        Severity(i["severity"])
        assert i["code"].startswith(f"{i['section']}-")


INSPECTION_ITSELF = {31, 32}
"""Art. 31 says what an inspection checks and art. 32 how it runs: a department cannot violate either."""


def test_no_default_violated_article_describes_the_inspection_itself_and_each_list_ascends():
    data = load_checklist()
    wrong = {i["code"]: i["articles"] for i in data["items"] if INSPECTION_ITSELF & set(i["articles"])}
    assert wrong == {}
    for i in data["items"]:
        assert i["articles"] and i["articles"] == sorted(set(i["articles"])), i["code"]
    assert data["version"] >= 2  # version 1 cited arts. 31-32; a published version never changes


def test_import_into_a_vault_is_complete_and_idempotent(vault):
    data = load_checklist()
    with vault.session() as s:
        first = s.exec(select(ChecklistTemplate)).one()
        again = import_template(s, data)
        assert again.id == first.id
        assert s.exec(select(func.count()).select_from(ChecklistItem)).one() == len(data["items"])
        assert s.exec(select(func.count()).select_from(ChecklistSection)).one() == 9
        stored = {i.code: i for i in s.exec(select(ChecklistItem)).all()}
        for source in data["items"]:
            assert stored[source["code"]].articles == source["articles"]
            assert stored[source["code"]].text == source["text"]
