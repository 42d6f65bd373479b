"""The office's seal image: what is refused (and that a refusal changes nothing), kept in the vault, the CLI."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import select

from inspector.errors import BadInputError
from inspector.model import AuditHead, VaultMeta
from inspector.services import seal, settings
from inspector.services.demo import demo_seal
from tests.conftest import PASSPHRASE
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

ENV = {"INSPECTOR_PASSPHRASE": PASSPHRASE}


def _png(size=(400, 400), mode="RGBA", transparent=True, **save) -> bytes:
    colour = (200, 20, 20, 0 if transparent else 255) if mode == "RGBA" else (200, 20, 20)
    img = Image.new(mode, size, colour)
    if mode == "RGBA":
        img.putpixel((size[0] // 2, size[1] // 2), (200, 20, 20, 255))
    buf = io.BytesIO()
    img.save(buf, format="PNG", **save)
    return buf.getvalue()


def _state(vault) -> tuple:
    """The settings rows and the audit chain's head: what a refused store must leave as it was."""
    with vault.session() as s:
        meta = sorted((m.key, m.value) for m in s.exec(select(VaultMeta)).all())
        head = s.get(AuditHead, 1)
        return meta, (head.seq, head.hash) if head else None


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (400, 400), (200, 20, 20)).save(buf, format="JPEG")
    return buf.getvalue()


def _noise_png(side: int) -> bytes:
    """A PNG that does not compress (random pixels), to pass 2 MB while within 2000 px."""
    import os

    img = Image.frombytes("RGBA", (side, side), os.urandom(side * side * 4))
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=0)
    return buf.getvalue()


REFUSED = {
    "jpeg": (_jpeg, "不是 PNG 图片", "not a PNG"),
    "too large": (lambda: _noise_png(1000), "文件过大", "too large"),
    "opaque": (lambda: _png(transparent=False, mode="RGB"), "没有透明背景", "no transparent background"),
    "alpha but nothing transparent": (lambda: _png(transparent=False), "没有透明的部分", "no part of the image is"),
    "tiny": (lambda: _png((120, 120)), "每边应在 200 到 2000 像素之间", "200 to 2000 pixels"),
    "not square": (lambda: _png((800, 400)), "大致为正方形", "roughly square"),
    "damaged": (lambda: _png()[:60], "已损坏或无法读取", "damaged or unreadable"),
}


@pytest.mark.parametrize("kind", list(REFUSED))
def test_a_wrong_seal_image_is_refused_with_its_reason_and_changes_nothing(vault, kind):
    make, zh, en = REFUSED[kind]
    before = _state(vault)
    with vault.session() as s, pytest.raises(BadInputError) as refused:
        seal.store(s, make())
    assert zh in refused.value.zh and en in refused.value.en and refused.value.field == "seal"
    assert refused.value.zh.startswith("无法使用这个印章图片")
    assert _state(vault) == before
    with vault.session() as s:
        assert seal.load(s) is None and not settings.current(s).has_seal


def test_a_palette_png_with_a_transparent_colour_is_taken(vault):
    img = Image.new("P", (300, 300), 0)
    img.putpalette([255, 255, 255, 200, 20, 20] + [0] * 762)
    img.putpixel((150, 150), 1)
    buf = io.BytesIO()
    img.save(buf, format="PNG", transparency=0)
    with vault.session() as s:
        assert seal.store(s, buf.getvalue()).width == 300


def test_the_seal_is_kept_in_the_vault_audited_and_removed(vault):
    png = demo_seal("晋城市大数据应用局")
    _, head_before = _state(vault)
    with vault.session() as s:
        info = seal.store(s, png)
        s.commit()
    assert (info.width, info.height) == (600, 600) and info.size == len(png)
    with vault.session() as s:
        assert seal.load(s) == png and settings.current(s).has_seal
        assert seal.info(s) == info
    _, head_after = _state(vault)
    assert head_after[0] > head_before[0]  # the change is in the audit chain
    with vault.session() as s:
        assert seal.remove(s) is True
        s.commit()
    with vault.session() as s:
        assert seal.load(s) is None and seal.remove(s) is False


def test_the_demo_seal_says_demo_and_is_a_valid_seal():
    png = demo_seal("晋城市大数据应用局")
    info = seal.check(png)
    assert info.width == info.height == 600
    with Image.open(io.BytesIO(png)) as im:
        rgba = im.convert("RGBA")
    assert rgba.getpixel((2, 2))[3] == 0  # a transparent corner
    raw = rgba.tobytes()
    red = sum(1 for i in range(0, len(raw), 4) if raw[i + 3] > 200 and raw[i] > 150 and raw[i + 1] < 80
              and raw[i + 2] < 80)
    assert red > 10_000  # the ring, star and letters in seal red


def test_cli_seal_set_show_remove(run, demo_env, tmp_path):
    path = tmp_path / "seal.png"
    path.write_bytes(demo_seal("晋城市大数据应用局"))
    code, out, err = run("seal", "show", "--json", env=ENV)
    assert code == 0 and '"width": 600' in out  # the demo vault has its seal
    code, out, err = run("seal", "remove", env=ENV)
    assert code == 0 and "印章已移除" in out
    code, out, _ = run("seal", "show", env=ENV)
    assert code == 0 and "没有载入印章" in out
    code, out, err = run("seal", "set", path, env=ENV)
    assert code == 0 and "600×600" in out and "GB/T 38540" in out
    back = tmp_path / "back.png"
    code, out, _ = run("seal", "show", "--out", back, env=ENV)
    assert code == 0 and back.read_bytes() == path.read_bytes()


def test_cli_refuses_a_jpeg_renamed_png_in_both_languages(run, demo_env, tmp_path):
    fake = tmp_path / "seal.png"
    fake.write_bytes(_jpeg())
    code, out, err = run("seal", "set", fake, env=ENV)
    assert code == 4 and "不是 PNG 图片" in err and "not a PNG image" in err and "Traceback" not in err
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024))
    code, _, err = run("seal", "set", big, env=ENV)
    assert code == 4 and "文件过大（3.0 MB，最大 2 MB）" in err
    code, _, err = run("seal", "set", tmp_path / "missing.png", env=ENV)
    assert code == 4 and "无法读取印章图片" in err
