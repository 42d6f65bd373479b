"""Errors a user can cause, each with a Chinese and an English message and an exit code.

The command line maps ``exit_code`` to the process exit status; the UI shows
``zh`` (or ``en``) in a plain dialog. Nothing here ever carries a secret.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``inspector`` command (documented in docs/CLI.md)."""

    OK = 0
    INTERNAL = 1        # a bug: unexpected exception
    USAGE = 2           # bad command-line usage (click's own code)
    AUTH = 3            # wrong passphrase or key; vault stays untouched
    BAD_INPUT = 4       # malformed file, unknown id, forbidden transition, missing vault
    INTEGRITY = 5       # corrupted vault, broken audit chain, damaged backup
    INCOMPATIBLE = 6    # written by a newer Inspector / unsupported format version
    BUSY = 7            # the vault is in use by another process; the hub unreachable; a record saved meanwhile by someone else


class InspectorError(Exception):
    """Base of every error meant for the user."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, zh: str, en: str, *, detail: str | None = None, field: str | None = None) -> None:
        self.zh = zh
        self.en = en
        self.detail = detail
        self.field = field  # the input it is about, where there is one (a form puts the cursor there)
        super().__init__(f"{zh} / {en}")

    def bilingual(self) -> str:
        text = f"{self.zh}\n{self.en}"
        if self.detail:
            text += f"\n({self.detail})"
        return text


class AuthError(InspectorError):
    exit_code = ExitCode.AUTH


class BadInputError(InspectorError):
    exit_code = ExitCode.BAD_INPUT


class NotFoundError(BadInputError):
    pass


class KeyFileDamaged(BadInputError):
    """The vault's key file cannot be used as it is: unreadable, changed by accident, or asking for
    key-derivation work outside the range Inspector ever writes. The database is not touched."""


class ForeignKeyFile(BadInputError):
    """A key file and a database that do not belong together: the key opens none of its pages."""


def unreadable(path, exc: OSError, what_zh: str = "文件", what_en: str = "file") -> BadInputError:
    """A file the user named could not be read: say why in both languages (not the OS's English alone)."""
    if isinstance(exc, FileNotFoundError):
        zh, en = "文件不存在", "no such file"
    elif isinstance(exc, IsADirectoryError):
        zh, en = "这是文件夹，不是文件", "it is a folder, not a file"
    elif isinstance(exc, PermissionError):
        zh, en = "没有读取权限", "permission denied"
    else:
        reason = exc.strerror or type(exc).__name__
        zh, en = f"系统错误：{reason}", reason
    return BadInputError(f"无法读取{what_zh}：{path}（{zh}）", f"Cannot read the {what_en} {path} ({en})")


class InternalError(InspectorError):
    """Something failed that should not (a bug), told in plain words instead of a traceback: exit 1."""

    exit_code = ExitCode.INTERNAL


class IntegrityFailure(InspectorError):
    exit_code = ExitCode.INTEGRITY


class IncompatibleError(InspectorError):
    exit_code = ExitCode.INCOMPATIBLE


class VaultBusyError(InspectorError):
    exit_code = ExitCode.BUSY

    @classmethod
    def open_elsewhere(cls, path) -> "VaultBusyError":
        return cls(f"该保险库已在另一个 Inspector 窗口中打开：{path}",
                   f"This vault is already open in another Inspector window: {path}")


class VaultLockedError(InspectorError):
    """An operation on a vault that was closed (locked) meanwhile."""

    exit_code = ExitCode.AUTH


class TransitionError(BadInputError):
    """A finding status change the rules of the status flow do not allow."""


class Cancelled(InspectorError):
    """The user cancelled a long operation; nothing was changed."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self) -> None:
        super().__init__("操作已取消，未做任何更改。", "Cancelled; nothing was changed.")
