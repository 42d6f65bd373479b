"""What every command shares: the ``inspector`` group, options, opening the vault, output, and :func:`main`.

Exit codes are listed in :class:`inspector.errors.ExitCode` and docs/CLI.md.
Passphrases come from the keyring, ``INSPECTOR_PASSPHRASE`` (and
``INSPECTOR_NEW_PASSPHRASE`` for a new one), or a hidden prompt on a terminal;
they are never accepted as command-line arguments, which other users could see.
No command prints a traceback: an unexpected error is one bilingual line and exit 1
(``INSPECTOR_DEBUG=1`` lets the traceback through, for a bug report). What Python reports on
its own — log records' tracebacks, warnings, errors ignored in finalisers or threads — is
cut to one line naming the kind (:func:`quiet_diagnostics`): any of them may quote the data
at hand, a bundle's decrypted records for one.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import click

from inspector import __version__, keystore
from inspector.errors import (
    AuthError,
    ExitCode,
    InspectorError,
    NotFoundError,
)
from inspector.model import FindingStatus, Severity
from inspector.paths import default_demo_vault_path, default_vault_path
from inspector.timezones import ZONE_ZH, china_minutes
from inspector.vault import PASSPHRASE_ENV, Vault

NEW_PASSPHRASE_ENV = "INSPECTOR_NEW_PASSPHRASE"
DEBUG_ENV = "INSPECTOR_DEBUG"
log = logging.getLogger("inspector")


# ---- helpers -------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


_LABELS = {"severity": Severity, "status": FindingStatus}


def _cell(key: str, value: Any, labels: dict[str, Any] | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return china_minutes(value)
    enum = (labels or _LABELS).get(key)
    if enum is not None and value in enum._value2member_map_:
        return enum(value).zh
    return str(value)


def emit_table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], labels: dict[str, Any] | None = None) -> None:
    """Tab-separated rows; ``labels`` maps a column to the enum whose Chinese label replaces its value."""
    if not rows:
        click.echo("（无记录） (none)")
        return
    timed = {key for key, _ in columns if any(isinstance(row.get(key), datetime) for row in rows)}
    click.echo("\t".join(f"{title}（{ZONE_ZH}）" if key in timed else title for key, title in columns))
    for row in rows:
        click.echo("\t".join(_cell(key, row.get(key), labels) for key, _ in columns))


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def prompt_passphrase() -> str:
    if not _interactive():
        zh = f"需要恢复口令：请在终端中运行，或设置环境变量 {PASSPHRASE_ENV}。"
        en = f"The recovery passphrase is needed: run in a terminal or set {PASSPHRASE_ENV}."
        st = keystore.status()
        if not st.usable:  # why the keyring could not spare the passphrase
            zh, en = f"{zh}\n{st.reason_zh}", f"{en}\n{st.reason_en}"
        raise AuthError(zh, en)
    return click.prompt("恢复口令 / Recovery passphrase", hide_input=True)


def new_passphrase(env: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not _interactive():
        raise AuthError(f"需要设置新的恢复口令：请在终端中运行，或设置环境变量 {env}。",
                        f"A new recovery passphrase is needed: run in a terminal or set {env}.")
    return click.prompt("新的恢复口令 / New recovery passphrase", hide_input=True,
                       confirmation_prompt="再次输入 / Repeat")


def current_passphrase() -> str:
    return os.environ.get(PASSPHRASE_ENV) or prompt_passphrase()


def vault_path(ctx: click.Context, override: str | None) -> Path:
    if override:
        return Path(override).expanduser()
    return ctx.obj.get("vault") or default_vault_path()


HUB_KEY = "hub"
"""``ctx.obj[HUB_KEY]``: under ``inspector hub`` (its ``--url``, "" for ``INSPECTOR_HUB``), commands open the hub."""


def _prompt_hub_password() -> str:
    if not _interactive():
        return ""
    return click.prompt("集中库密码 / hub password", hide_input=True, default="", show_default=False, err=True)


def open_hub(ctx: click.Context, url: str | None):
    """The office hub named by ``url`` (or ``INSPECTOR_HUB``), closed when the command ends."""
    from inspector.hub import connection
    from inspector.hub.store import Hub

    address = connection.with_password(connection.resolve(url), _prompt_hub_password)
    hub = Hub.open(address)
    ctx.call_on_close(hub.close)
    return hub


def open_vault(ctx: click.Context, override: str | None = None) -> Vault:
    if ctx.obj.get(HUB_KEY) is not None and override is None:
        return open_hub(ctx, ctx.obj[HUB_KEY] or None)
    path = vault_path(ctx, override)
    if not path.is_file():
        raise missing_vault(path)
    vault = Vault.open(path, prompt=prompt_passphrase)
    ctx.call_on_close(vault.close)
    if not os.environ.get(PASSPHRASE_ENV):  # whoever set it has already chosen how to live without a keyring
        tell_keyring(vault)
    if vault.swept:
        click.echo(f"提示：已清理 {len(vault.swept)} 个上次中断时留下的证据文件（没有对应记录，无法读取），已记入审计记录。\n"
                   f"Note: {len(vault.swept)} evidence file(s) left by an interrupted operation (no record named them; "
                   "they could not be read) were removed; the audit trail records it.", err=True)
    return vault


def missing_vault(path: Path) -> NotFoundError:
    """No vault where the command looked: say where it looked and how to point it elsewhere."""
    zh = (f"找不到保险库：{path}。请先运行“inspector init”创建，"
          "或用 --vault 或环境变量 INSPECTOR_VAULT 指定位置。")
    en = f"No vault at {path}. Create one with `inspector init`, or point --vault or INSPECTOR_VAULT at it."
    demo = default_demo_vault_path()
    if demo.is_file() and demo != path:
        zh += f"\n演示保险库在：{demo}"
        en += f"\nThe demo vault is at: {demo}"
    return NotFoundError(zh, en)


def tell_keyring(vault: Vault) -> None:
    st = vault.keyring_status
    if st is not None and not st.usable:
        click.echo(f"提示：{st.reason_zh}命令行与脚本也可设置环境变量 {PASSPHRASE_ENV}。\n"
                   f"Note: {st.reason_en} On the command line and in scripts, {PASSPHRASE_ENV} can hold it.",
                   err=True)


def progress_printer(label: str) -> Callable[[int, int, str], None]:
    last = {"pct": -1}

    def report(done: int, total: int, message: str = "") -> None:
        pct = int(done * 100 / total) if total else 100
        if pct != last["pct"] and sys.stderr.isatty():
            last["pct"] = pct
            click.echo(f"\r{label} {pct:3d}%", nl=pct >= 100, err=True)

    return report


vault_option = click.option("--vault", "vault_override", metavar="PATH", default=None,
                            help="保险库文件 / vault file (default: $INSPECTOR_VAULT or the user data folder)")
json_option = click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON")
# a document's 版记 and 附注 (letters and draft notices)
cc_option = click.option("--cc", default=None, metavar="A、B", help="抄送（空字符串：不抄送）/ 抄送 (empty: none)")
contact_option = click.option("--contact", default=None, metavar="NAME", help="附注联系人 / contact in the 附注")
phone_option = click.option("--phone", default=None, metavar="TEL", help="附注电话 / telephone in the 附注")


# ---- the command tree ------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="inspector")
@click.option("--vault", metavar="PATH", default=None, help="保险库文件 / vault file")
@click.pass_context
def cli(ctx: click.Context, vault: str | None) -> None:
    """Inspector — 政务数据安全监督检查 (offline, encrypted)."""
    ctx.ensure_object(dict)
    ctx.obj["vault"] = Path(vault).expanduser() if vault else None


class _NoTraceback(logging.Filter):
    """A log line without the traceback or stack a library attached to it (they may quote the data at hand)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def _one_line(kind_zh: str, kind_en: str, name: str) -> None:
    try:
        click.echo(f"{kind_zh}（{name}）/ {kind_en} ({name}); {DEBUG_ENV}=1: details", err=True)
    except Exception:  # noqa: BLE001 - a report about a report must not fail in turn
        pass


def _warning(message, category, filename, lineno, file=None, line=None) -> None:
    _one_line("警告", "Warning", getattr(category, "__name__", "Warning"))


def _unraisable(unraisable) -> None:
    _one_line("已忽略的内部错误", "Ignored internal error", getattr(unraisable.exc_type, "__name__", "Exception"))


def _thread_failed(args) -> None:
    if args.exc_type is not SystemExit:
        _one_line("后台线程出错", "A background thread failed", getattr(args.exc_type, "__name__", "Exception"))


def quiet_diagnostics() -> None:
    """What Python and the libraries print on their own: never a traceback, a warning's text, or the object an
    error was ignored in, any of which may quote the data being handled (a decrypted record, say): one line
    naming the kind instead. ``INSPECTOR_DEBUG=1`` leaves Python's own reports alone."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    debug = bool(os.environ.get(DEBUG_ENV))
    if not debug:
        handler.addFilter(_NoTraceback())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])  # nothing if the host already set up logging
    if debug:
        return
    warnings.showwarning = _warning
    sys.unraisablehook = _unraisable
    threading.excepthook = _thread_failed


def main(argv: list[str] | None = None) -> None:
    quiet_diagnostics()
    try:
        code = cli.main(args=argv, prog_name="inspector", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("已取消 / cancelled", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except InspectorError as exc:
        click.echo(f"错误：{exc.zh}\nError: {exc.en}" + (f"\n（{exc.detail}）" if exc.detail else ""), err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        # No traceback (it may quote data the command was handling): the kind of failure, and how to get more.
        click.echo(f"内部错误（{type(exc).__name__}），命令未完成。请将此信息报告给维护人员；设置环境变量 "
                   f"{DEBUG_ENV}=1 再运行可得到详细信息。\n"
                   f"Internal error ({type(exc).__name__}); the command did not complete. Please report this "
                   f"message to the maintainers; run it again with {DEBUG_ENV}=1 for the details.", err=True)
        sys.exit(ExitCode.INTERNAL)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)
