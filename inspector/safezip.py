"""Reading ZIP files that came from outside: sync bundles and departments' xlsx forms.

Nothing in a foreign ZIP is trusted. :func:`open_checked` reads only the
central directory and refuses, before any member is decompressed:

* member names with ``..``, an absolute or drive path, a backslash, NUL or
  another control character, an empty name;
* duplicate names, and names equal but for case (they collide on Windows and macOS);
* symbolic links, encrypted members, compression methods other than stored/deflate;
* more members than allowed, a declared size above the limits, entries that
  overlap one another (the "overlapping files" bomb).

Header sizes are only the first line of defence: :meth:`SafeZip.stream` counts
the bytes actually produced and stops at the member's limit, at the declared
size, and at the allowed compression ratio, whatever the headers say. A
truncated file or a CRC mismatch surfaces as a clear :class:`BadInputError`.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from inspector.errors import BadInputError, unreadable

CHUNK = 1 << 20


@dataclass(frozen=True)
class ZipLimits:
    max_members: int
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: float = 100.0
    """Decompressed / compressed bytes a member may reach (checked once it passes ``ratio_floor``)."""
    ratio_floor: int = 1 << 20


class ZipRefused(BadInputError):
    """A ZIP refused for its structure; ``reason`` is a short machine-readable word for tests and logs."""

    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.reason = reason


def check_member_name(name: str, what_zh: str = "文件", what_en: str = "file") -> None:
    """Refuse a member name that could escape a folder or collide."""
    bad = None
    if not name:
        bad = ("empty", "名称为空", "an empty name")
    elif "\x00" in name or any(ord(c) < 32 for c in name):
        bad = ("control", "名称含控制字符", "a control character in its name")
    elif "\\" in name:
        bad = ("backslash", "名称含反斜杠", "a backslash in its name")
    elif name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        bad = ("absolute", "使用了绝对路径或盘符", "an absolute or drive path")
    elif any(part in ("..", ".") for part in name.split("/")) or "//" in name:
        bad = ("traversal", "路径中含“..”等跳出目录的部分", "a '..' or similar part in its path")
    if bad:
        raise ZipRefused(bad[0], f"{what_zh}中的成员“{name!r}”{bad[1]}，已拒绝。",
                         f"The {what_en} has a member {name!r} with {bad[2]}; refused.")


class SafeZip:
    """A checked ZIP; members are read through :meth:`stream` / :meth:`read` only."""

    def __init__(self, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], limits: ZipLimits,
                 what: tuple[str, str]) -> None:
        self._zf = zf
        self._infos = infos
        self.limits = limits
        self._what = what

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def info(self, name: str) -> zipfile.ZipInfo:
        return self._infos[name]

    def stream(self, name: str, max_bytes: int | None = None) -> Iterator[bytes]:
        """The member's bytes in chunks, stopping hard at the limits (never trusting the headers)."""
        info = self._infos.get(name)
        zh, en = self._what
        if info is None:
            raise ZipRefused("missing", f"{zh}中缺少成员“{name}”。", f"The {en} lacks the member {name!r}.")
        cap = min(max_bytes or self.limits.max_member_bytes, self.limits.max_member_bytes, info.file_size)
        produced = 0
        try:
            with self._zf.open(info) as f:
                while True:
                    block = f.read(CHUNK)
                    if not block:
                        break
                    produced += len(block)
                    if produced > cap:
                        raise ZipRefused("bomb", f"{zh}成员“{name}”解压后超出声明或允许的大小，已拒绝。",
                                         f"The member {name!r} of the {en} inflates beyond its declared or allowed size; refused.")
                    if produced > self.limits.ratio_floor and produced > self.limits.max_ratio * max(info.compress_size, 1):
                        raise ZipRefused("ratio", f"{zh}成员“{name}”的压缩比异常（疑似压缩炸弹），已拒绝。",
                                         f"The member {name!r} of the {en} has an abnormal compression ratio (a zip bomb?); refused.")
                    yield block
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise ZipRefused("corrupt", f"{zh}已损坏或不完整（成员“{name}”）。",
                             f"The {en} is damaged or truncated (member {name!r}): {exc}") from None

    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        return b"".join(self.stream(name, max_bytes))

    def close(self) -> None:
        self._zf.close()

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_checked(source: Path | str | BinaryIO, limits: ZipLimits, *, what: tuple[str, str] = ("文件", "file"),
                 allow_dirs: bool = False) -> SafeZip:
    """Open ``source`` and check its central directory; see the module docstring for what is refused."""
    zh, en = what
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise ZipRefused("corrupt", f"{zh}不是有效的 ZIP 文件，或已损坏、不完整。",
                         f"The {en} is not a valid ZIP file, or it is damaged or truncated: {exc}") from None
    except OSError as exc:
        raise unreadable(source if isinstance(source, (str, Path)) else getattr(source, "name", ""), exc, zh, en) from None
    try:
        return SafeZip(zf, _check(zf, limits, what, allow_dirs), limits, what)
    except BaseException:
        zf.close()
        raise


def _check(zf: zipfile.ZipFile, limits: ZipLimits, what: tuple[str, str], allow_dirs: bool) -> dict[str, zipfile.ZipInfo]:
    zh, en = what
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise ZipRefused("count", f"{zh}中的成员过多（{len(infos)} 个，上限 {limits.max_members}），已拒绝。",
                         f"The {en} has too many members ({len(infos)}, limit {limits.max_members}); refused.")
    seen: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        raw = info.orig_filename  # zipfile cuts ``filename`` at a NUL; the stored name is judged whole
        check_member_name(raw.rstrip("/") if info.is_dir() else raw, zh, en)
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            raise ZipRefused("symlink", f"{zh}中的成员“{name}”是符号链接，已拒绝。",
                             f"The member {name!r} of the {en} is a symbolic link; refused.")
        if info.flag_bits & 0x1:
            raise ZipRefused("encrypted", f"{zh}中的成员“{name}”被加密，无法检查，已拒绝。",
                             f"The member {name!r} of the {en} is encrypted and cannot be checked; refused.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipRefused("method", f"{zh}中的成员“{name}”使用了不支持的压缩方式，已拒绝。",
                             f"The member {name!r} of the {en} uses an unsupported compression method; refused.")
        if name in seen:
            raise ZipRefused("duplicate", f"{zh}中的成员“{name}”出现了两次，已拒绝。",
                             f"The member {name!r} appears twice in the {en}; refused.")
        if name.casefold() in folded:
            raise ZipRefused("case-duplicate", f"{zh}中有仅大小写不同的同名成员“{name}”，已拒绝。",
                             f"The {en} has members whose names differ only in case ({name!r}); refused.")
        if info.is_dir():
            if not allow_dirs:
                raise ZipRefused("directory", f"{zh}中不应有目录成员“{name}”，已拒绝。",
                                 f"The {en} should hold no directory entries ({name!r}); refused.")
            folded.add(name.casefold())
            continue
        if info.file_size > limits.max_member_bytes:
            raise ZipRefused("size", f"{zh}中的成员“{name}”过大（{info.file_size} 字节），已拒绝。",
                             f"The member {name!r} of the {en} is too large ({info.file_size} bytes); refused.")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ZipRefused("size", f"{zh}解压后的总大小超出上限，已拒绝。",
                             f"The {en} would inflate beyond the allowed total size; refused.")
        seen[name] = info
        folded.add(name.casefold())
    _check_overlaps(infos, zf, what)
    return seen


def _check_overlaps(infos: list[zipfile.ZipInfo], zf: zipfile.ZipFile, what: tuple[str, str]) -> None:
    """Each member's local header and data must end before the next one starts."""
    zh, en = what
    ordered = sorted(infos, key=lambda i: i.header_offset)
    end_of_entries = zf.start_dir if hasattr(zf, "start_dir") else None
    for current, following in zip(ordered, ordered[1:] + [None]):
        end = current.header_offset + 30 + _name_len(current) + current.compress_size
        limit = following.header_offset if following is not None else end_of_entries
        if limit is not None and end > limit:
            raise ZipRefused("overlap", f"{zh}中的成员“{current.filename}”与其他成员重叠（疑似压缩炸弹），已拒绝。",
                             f"The member {current.filename!r} of the {en} overlaps another (a zip bomb?); refused.")


def _name_len(info: zipfile.ZipInfo) -> int:
    encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
    try:
        return len(info.orig_filename.encode(encoding))
    except UnicodeEncodeError:
        return len(info.orig_filename.encode("utf-8"))
