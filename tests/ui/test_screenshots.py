"""The screenshots script saves every main screen, in Chinese and English, rendered with real glyphs; the user
guides show exactly the images ``--guide`` publishes."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QImage

from tests.build_scripts import load_build_script
from ui.fonts import FAMILY

screenshots = load_build_script("screenshots")
samples = load_build_script("document_samples")

SCREENS = ["dashboard", "plans", "departments", "inspections", "findings", "rectification", "sync", "settings",
           "inspection-runner", "finding-editor", "plans-self-report", "letters-dialog", "campaign-board",
           "campaign-analytics", "calendar", "versions-dialog", "checklist-editor", "regulation-editor",
           "version-diff", "plan-editor", "discrepancies",
           "departments-import", "signature", "record-preview", "finding-dialog", "team-signing",
           "rectification-draft", "notice-preview", "rectification-verify", "reinspect-dialog", "sync-export", "sync-import-preview",
           "sync-trust-sender", "sync-refused", "settings-backup", "evidence-destruction", "evidence-video",
           "delete-reason", "inspection-complete", "signature-void",
           "finding-escalation", "correction-draft", "correction-notice", "dashboard-first-steps", "unlock",
           "first-run-1", "first-run-2", "first-run-3", "first-run-4"]

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDES = {"zh": DOCS / "用户手册.md", "en": DOCS / "user-guide.md"}


def test_every_screen_in_both_languages(qtbot, tmp_path, capsys):
    assert screenshots.main([str(tmp_path), "--lang", "both"]) == 0
    printed = capsys.readouterr().out.split()
    assert FAMILY in QFontDatabase.families()  # the bundled CJK font was loaded before rendering
    for lang in ("zh_CN", "en"):
        files = sorted((tmp_path / lang).glob("*.png"))
        assert [f.stem.split("-", 1)[1] for f in files] == SCREENS
        for f in files:
            assert str(f) in printed
            image = QImage(str(f))
            assert not image.isNull() and image.width() >= 300 and image.height() >= 100
    # the two languages really differ: the navigation is translated
    zh = QImage(str(tmp_path / "zh_CN" / "01-dashboard.png"))
    en = QImage(str(tmp_path / "en" / "01-dashboard.png"))
    assert zh.copy(0, 0, 130, 200) != en.copy(0, 0, 130, 200)

    # --guide: the guides' screens, one file per screen and language, nothing else left in the folders
    guide = tmp_path / "guide"
    (guide / "zh").mkdir(parents=True)
    (guide / "zh" / "no-longer-used.png").write_bytes(b"old")
    written = screenshots.publish_guide(tmp_path, guide)
    assert len(written) == 2 * len(screenshots.GUIDE_SCREENS)
    for sub in ("zh", "en"):
        assert sorted(f.stem for f in (guide / sub).glob("*.png")) == sorted(screenshots.GUIDE_SCREENS)
    original = QImage(str(tmp_path / "en" / "01-dashboard.png"))
    published = QImage(str(guide / "en" / "dashboard.png"))
    assert published.size() == original.size()


def test_the_guides_show_exactly_the_published_images():
    assert set(screenshots.GUIDE_SCREENS) <= set(SCREENS)
    for sub, guide in GUIDES.items():
        text = guide.read_text(encoding="utf-8")
        documents = re.findall(r"!\[[^\]]*\]\(images/documents/([a-z_]+)\.png\)", text)
        assert documents == list(samples.KINDS), guide.name  # one page strip of every kind, in procedure order
        text = re.sub(r"\(images/documents/[a-z_]+\.png\)", "", text)
        shown = re.findall(r"!\[[^\]]*\]\(images/([a-z]+)/([a-z0-9-]+)\.png\)", text)
        assert {folder for folder, _ in shown} == {sub}, f"{guide.name} shows images of another language"
        assert {name for _, name in shown} == set(screenshots.GUIDE_SCREENS), guide.name
        on_disk = {f.stem for f in (DOCS / "images" / sub).glob("*")}
        assert on_disk == set(screenshots.GUIDE_SCREENS), f"docs/images/{sub} holds other files"
    assert sorted(f.stem for f in (DOCS / "images" / "documents").glob("*")) == sorted(samples.KINDS)
