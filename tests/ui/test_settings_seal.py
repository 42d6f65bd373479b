"""Settings → 文书: the 版记/附注 defaults and the office's seal (load, refuse, preview, remove)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from inspector.services import seal, settings
from inspector.services.demo import demo_seal
from ui.context import AppContext
from ui.settings import documents as documents_section
from ui.settings.page import SettingsPage

TIMEOUT_MS = 20_000


@pytest.fixture
def page(qtbot, vault):
    p = SettingsPage(AppContext(vault))
    qtbot.addWidget(p)
    p.resize(1280, 760)
    p.show()
    p.activate()
    qtbot.waitUntil(lambda: p.documents._loaded, timeout=TIMEOUT_MS)
    return p


def test_defaults_save_as_edited_and_cc_is_normalised(qtbot, page, vault):
    section = page.documents
    assert section.edits["cc"].text() == "" and section.edits["printer"].placeholderText()
    section.edits["cc"].setText("市委网信办，市公安局")
    section.edits["contact"].setText("王芳")
    with qtbot.waitSignal(section.done, timeout=TIMEOUT_MS):
        section.edits["contact"].editingFinished.emit()
    assert section.message.text() == "已保存。" and section.edits["cc"].text() == "市委网信办、市公安局"
    with vault.session() as s:
        assert settings.get(s, settings.DOC_CC) == "市委网信办、市公安局"
        assert settings.get(s, settings.DOC_CONTACT) == "王芳"
    section.edits["phone"].setText("0" * 300)
    section.edits["phone"].editingFinished.emit()
    qtbot.waitUntil(lambda: "过长" in section.message.text(), timeout=TIMEOUT_MS)
    with vault.session() as s:
        assert settings.get(s, settings.DOC_PHONE) == ""


def test_a_seal_is_loaded_previewed_and_removed(qtbot, page, vault, tmp_path, monkeypatch):
    section = page.documents
    assert section.seal_preview.text() == "未载入印章" and not section.remove_seal_button.isEnabled()
    path = tmp_path / "seal.png"
    path.write_bytes(demo_seal("晋城市大数据应用局"))
    monkeypatch.setattr(documents_section, "choose_seal", lambda parent: path)
    with qtbot.waitSignal(section.done, timeout=TIMEOUT_MS) as done:
        section.load_seal_button.click()
    assert done.args == ["seal-loaded"] and section.seal_message.text() == "印章已载入。"
    assert not section.seal_preview.pixmap().isNull() and section.remove_seal_button.isEnabled()
    with vault.session() as s:
        assert seal.load(s) == path.read_bytes()

    monkeypatch.setattr(documents_section, "confirm_remove", lambda parent: False)
    section.remove_seal_button.click()  # not confirmed: nothing happens
    with vault.session() as s:
        assert seal.load(s) is not None
    monkeypatch.setattr(documents_section, "confirm_remove", lambda parent: True)
    with qtbot.waitSignal(section.done, timeout=TIMEOUT_MS) as done:
        section.remove_seal_button.click()
    assert done.args == ["seal-removed"] and section.seal_preview.text() == "未载入印章"
    with vault.session() as s:
        assert seal.load(s) is None


def test_a_wrong_image_is_refused_on_the_page_and_the_seal_stays(qtbot, page, vault, tmp_path, monkeypatch):
    section = page.documents
    good = demo_seal("晋城市大数据应用局")
    with vault.session() as s:
        seal.store(s, good)
        s.commit()
    section.show_values(settings.VaultSettings(org_name="x", pattern="{serial}", identity={}))
    qtbot.waitUntil(lambda: section.remove_seal_button.isEnabled(), timeout=TIMEOUT_MS)
    opaque = tmp_path / "opaque.png"
    buf = io.BytesIO()
    Image.new("RGB", (400, 400), (200, 20, 20)).save(buf, format="PNG")
    opaque.write_bytes(buf.getvalue())
    monkeypatch.setattr(documents_section, "choose_seal", lambda parent: opaque)
    section.load_seal_button.click()
    qtbot.waitUntil(lambda: "透明" in section.seal_message.text(), timeout=TIMEOUT_MS)
    assert section.seal_message.text().startswith("无法使用这个印章图片")
    assert section.remove_seal_button.isEnabled() and not section.seal_preview.pixmap().isNull()
    with vault.session() as s:
        assert seal.load(s) == good
