"""Every screen of the application on the office hub, in both languages, at the size screens are checked at
(build/hub_screenshots.py, which starts its own PostgreSQL cluster)."""

from __future__ import annotations

from PySide6.QtGui import QImage

from tests.build_scripts import load_build_script

hub_screenshots = load_build_script("hub_screenshots")


def test_every_hub_screen_in_both_languages(qtbot, tmp_path, capsys):
    assert hub_screenshots.main([str(tmp_path)]) == 0
    for lang in ("zh_CN", "en"):
        files = sorted((tmp_path / lang).glob("*.png"))
        assert [f.stem.split("-", 1)[1] for f in files] == list(hub_screenshots.SCREENS)
        for f in files:
            image = QImage(str(f))
            assert not image.isNull()
            if f.stem.split("-", 1)[1] in {"hub-dashboard", "hub-findings", "hub-settings"}:
                assert (image.width(), image.height()) == (1280, 760), f.name
