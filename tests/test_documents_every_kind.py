"""Every kind of official document, read as a reader would (issue 16 §3).

``build/document_samples.py`` makes each kind as an office does (from a fresh demo vault, issued through the
services, exported and signed under the demo seal); poppler then judges the files: ``pdftoppm`` renders every
page, ``pdffonts`` finds the FangSong as the body face and nothing unembedded, ``pdftotext`` finds the 版记
(抄送, 印发) of every 公文 and the cited articles in ascending order, ``pdfsig`` calls every signature valid.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from inspector import regulation
from tests.build_scripts import load_build_script
from tests.test_documents_layout import assert_fonts_embedded, render_count, squashed

samples = load_build_script("document_samples")
OFFICIAL = [kind for kind in samples.KINDS if kind != "record"]
"""The 公文 the office issues (the record is signed by the inspectors and the department: no 版记, no seal)."""
NUMERALS = {regulation.chinese_number(n): n for n in regulation.articles()}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    return samples.make(tmp_path_factory.mktemp("samples"))


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _appendix_articles(text: str) -> list[int]:
    """The article numbers heading the appendix 相关条款原文, in the order printed."""
    if "相关条款原文" not in text:
        return []
    tail = squashed(text.split("相关条款原文", 1)[1])
    return [NUMERALS[m] for m in re.findall(r"第([一二三四五六七八九十]+)条", tail) if m in NUMERALS]


def test_every_kind_is_made(made):
    assert list(made) == list(samples.KINDS) and all(p.stat().st_size > 10_000 for p in made.values())


@pytest.mark.parametrize("kind", samples.KINDS)
def test_each_renders_in_embedded_fonts_with_the_fangsong_as_body(made, kind, tmp_path):
    data = made[kind].read_bytes()
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(made[kind])], capture_output=True,
                                                             text=True, check=True).stdout).group(1))
    assert render_count(data, tmp_path) == pages >= 2
    names = [row["name"] for row in assert_fonts_embedded(data, tmp_path)]
    assert any("ZhuqueFangsong" in n for n in names), names
    assert not any("Helvetica" in n or "Times" in n for n in names), names


@pytest.mark.parametrize("kind", OFFICIAL)
def test_each_official_document_has_its_colophon_and_articles_ascending(made, kind):
    text = _text(made[kind])
    flat = squashed(text)
    assert "抄送：" in flat and "市委网信办" in flat and "印发" in flat, kind  # the demo's 抄送 defaults
    assert "联系人" in flat, kind  # 附注
    assert "证书指纹：" not in flat and "签名信息" in flat  # no technical box in the body: a line points to the panel
    cited = _appendix_articles(text)
    assert cited or kind == "inspection_notice", kind  # the 检查通知 cites art. 32 in its text, with no appendix
    assert cited == sorted(cited) and len(cited) == len(set(cited)), (kind, cited)
    assert not ({31} & set(cited)), (kind, cited)  # art. 31 is what is checked, never what was broken


@pytest.mark.parametrize("kind", samples.KINDS)
def test_each_signature_is_valid(made, kind):
    report = subprocess.run(["pdfsig", str(made[kind])], capture_output=True, text=True).stdout
    assert "Signature is Valid." in report, report
    assert "Signature is Invalid" not in report and "Digest Mismatch" not in report, report
