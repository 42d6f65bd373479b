"""A new vault's overview lists what to do first, ticks each step as it is done, and goes away when all are."""

from __future__ import annotations

from inspector.services import plans, settings
from inspector.signing import identity
from tests.ui.test_dashboard import LOAD_MS, open_page


def _reload(qtbot, page) -> None:
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        page.reload()


def test_the_first_steps_tick_themselves_off_and_lead_where_each_is_done(qtbot, vault):
    page = open_page(qtbot, vault)
    box = page.first_steps
    assert box.isVisible() and box.remaining() == ["organisation", "signing", "departments", "plan"]
    assert box.marks["signing"].text() == "○" and box.labels["signing"].text() == "创建签名身份"

    went = []
    page.ctx.navigate_requested.connect(lambda key, arg: went.append(key))
    for key in ("organisation", "signing", "departments", "plan"):
        box.buttons[key].click()
    assert went == ["settings", "settings", "departments", "plans"]

    with vault.session() as s:
        settings.put(s, settings.ORG_NAME, "晋城市大数据应用局")
        settings.put(s, settings.DOC_NUMBER_PATTERN, "晋数安检〔{year}〕{serial}号")
        me = settings.set_identity(s, "陈静", "JZ 14050001", "晋城市大数据应用局")
        identity.create_identity(s, me.id)
        s.commit()
    _reload(qtbot, page)
    assert box.remaining() == ["departments", "plan"]
    assert box.marks["signing"].text() == "✓" and "已完成" in box.labels["signing"].text()
    assert not box.buttons["signing"].isVisible()

    with vault.session() as s:
        plans.create_department(s, "晋城市民政局")
        plans.create_plan(s, title="2027年度检查", year=2027, template_id=plans.list_templates(s)[0]["id"])
        s.commit()
    _reload(qtbot, page)
    assert box.remaining() == [] and not box.isVisible()


def test_the_demo_vault_shows_no_first_steps(qtbot, demo_vault):
    page = open_page(qtbot, demo_vault)
    assert not page.first_steps.isVisible()
    page.clear()
    assert not page.first_steps.isVisible()
