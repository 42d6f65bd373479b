"""Where the office hub is, and how Inspector reaches it: addresses, saved profiles, TLS, the password.

A hub is a PostgreSQL ≥ 15 database (issue 20). Inspector always speaks TLS to it and verifies
the server's certificate and name — against the CA file of the profile (``sslrootcert``), else
the system's CAs. The password is never kept in a file: it comes from the OS keyring (service
:data:`KEYRING_SERVICE`, the address's :attr:`HubAddress.name`), else ``INSPECTOR_HUB_PASSWORD``,
else the caller's prompt; a password written in the URL is used once and never saved.

Where the address comes from: ``--url`` (``postgresql://user@host:port/db?sslrootcert=ca.pem``),
else ``INSPECTOR_HUB``; either may instead name a saved profile (:func:`save_profile`).
"""

from __future__ import annotations

import json
import os
import ssl
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL

from inspector import keystore
from inspector.errors import AuthError, BadInputError, ExitCode, InspectorError, NotFoundError
from inspector.paths import APP_NAME, atomic_write

HUB_ENV = "INSPECTOR_HUB"
PASSWORD_ENV = "INSPECTOR_HUB_PASSWORD"
KEYRING_SERVICE = "Inspector hub password"
PROFILES_ENV = "INSPECTOR_HUB_PROFILES"  # the profiles file; tests point it elsewhere
CONNECT_TIMEOUT_S = 10
PasswordPrompt = Callable[[], str]


class HubUnreachable(InspectorError):
    exit_code = ExitCode.BUSY


@dataclass(frozen=True)
class HubAddress:
    """A hub's address; never holds a password in what is saved (:attr:`password` is for this process only)."""

    host: str
    database: str
    user: str
    port: int = 5432
    ca_file: str = ""
    """The CA certificate (PEM) the server's certificate must chain to; empty: the system's CAs."""
    password: str = field(default="", repr=False, compare=False)

    @property
    def name(self) -> str:
        """``user@host:port/database``: how a hub is named to the user and in the keyring."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def saved(self) -> dict:
        data = asdict(self)
        data.pop("password")
        return data


def profiles_file() -> Path:
    if os.environ.get(PROFILES_ENV):
        return Path(os.environ[PROFILES_ENV])
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "hub-profiles.json"


def profiles() -> dict[str, HubAddress]:
    path = profiles_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise BadInputError(f"集中库连接配置文件无法读取：{path}（{type(exc).__name__}）",
                            f"The hub profiles file cannot be read: {path} ({type(exc).__name__})") from None
    out = {}
    for name, entry in (data.get("profiles") or {}).items():
        try:
            out[name] = HubAddress(host=str(entry["host"]), database=str(entry["database"]), user=str(entry["user"]),
                                   port=int(entry.get("port", 5432)), ca_file=str(entry.get("ca_file", "")))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def save_profile(name: str, address: HubAddress) -> Path:
    """Save ``address`` as profile ``name`` (the password is never written)."""
    if not name or "://" in name:
        raise BadInputError(f"连接配置名称无效：{name!r}", f"Invalid profile name: {name!r}")
    every = {k: v.saved() for k, v in profiles().items()}
    every[name] = address.saved()
    path = profiles_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"format": 1, "profiles": every}, ensure_ascii=False, indent=2).encode())
    return path


def parse(text: str) -> HubAddress:
    """A ``postgresql://`` URL, or the name of a saved profile."""
    text = text.strip()
    if "://" not in text:
        found = profiles().get(text)
        if found is None:
            raise NotFoundError(f"没有名为 {text!r} 的集中库连接配置（{profiles_file()}）。",
                                f"No hub profile named {text!r} ({profiles_file()}).")
        return found
    parts = urlsplit(text)
    if parts.scheme not in {"postgresql", "postgres", "postgresql+pg8000"}:
        raise BadInputError(f"集中库地址须以 postgresql:// 开头：{parts.scheme}://…",
                            f"A hub URL starts with postgresql://, not {parts.scheme}://")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    mode = query.get("sslmode", "verify-full")
    if mode != "verify-full":
        raise BadInputError(
            f"集中库连接必须使用 TLS 并校验服务器证书（sslmode=verify-full），不接受 sslmode={mode}。",
            f"The hub is reached over TLS with the server's certificate verified (sslmode=verify-full); "
            f"sslmode={mode} is refused.")
    database = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not parts.username or not database:
        raise BadInputError("集中库地址须包含用户、主机和数据库：postgresql://用户@主机:端口/数据库",
                            "A hub URL names a user, a host and a database: postgresql://user@host:port/database")
    try:
        port = parts.port or 5432
    except ValueError:
        raise BadInputError("集中库地址中的端口无效。", "The port in the hub URL is invalid.") from None
    ca_file = query.get("sslrootcert", "")
    if ca_file:  # absolute: a saved profile works from any folder
        ca_file = str(Path(ca_file).expanduser().resolve())
    return HubAddress(host=parts.hostname, database=database, user=unquote(parts.username), port=port,
                      ca_file=ca_file, password=unquote(parts.password or ""))


def resolve(url: str | None) -> HubAddress:
    """The hub named by ``url``, else by ``INSPECTOR_HUB``."""
    text = url or os.environ.get(HUB_ENV)
    if not text:
        raise BadInputError(f"请用 --url 或环境变量 {HUB_ENV} 指定集中库（地址或已保存的连接配置名称）。",
                            f"Name the hub with --url or {HUB_ENV} (a URL or a saved profile's name).")
    return parse(text)


def with_password(address: HubAddress, prompt: PasswordPrompt | None = None) -> HubAddress:
    """``address`` with its password: the URL's, the keyring's, ``INSPECTOR_HUB_PASSWORD``, or the prompt's."""
    if address.password:
        return address
    secret = keystore.load_secret(KEYRING_SERVICE, address.name) or os.environ.get(PASSWORD_ENV)
    if not secret and prompt is not None:
        secret = prompt()
    if not secret:
        raise AuthError(f"需要集中库 {address.name} 的密码：系统密钥环中没有，也未设置 {PASSWORD_ENV}。",
                        f"The password of hub {address.name} is needed: none in the system keyring, "
                        f"and {PASSWORD_ENV} is not set.")
    return replace(address, password=secret)


def remember_password(address: HubAddress) -> keystore.KeyringStatus:
    """Keep the address's password in the OS keyring (never in a file)."""
    return keystore.store_secret(KEYRING_SERVICE, address.name, address.password)


def tls_context(address: HubAddress) -> ssl.SSLContext:
    try:
        context = ssl.create_default_context(cafile=address.ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise BadInputError(f"集中库的 CA 证书文件无法读取：{address.ca_file}（{type(exc).__name__}）",
                            f"The hub's CA certificate file cannot be read: {address.ca_file} "
                            f"({type(exc).__name__})") from None
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def make_engine(address: HubAddress, *, pool_size: int = 5) -> Engine:
    """An engine on the hub over pg8000 (pure Python), TLS verified; the password only in the URL object."""
    url = URL.create("postgresql+pg8000", username=address.user, password=address.password, host=address.host,
                     port=address.port, database=address.database)
    return create_engine(url, connect_args={"ssl_context": tls_context(address), "timeout": CONNECT_TIMEOUT_S,
                                            "application_name": "Inspector"},
                         pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def translate(exc: BaseException, address: HubAddress) -> InspectorError | None:
    """A user-facing error for a failure to reach or use the hub (never the password); None if not one."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig)
    code = orig.args[0].get("C") if orig.args and isinstance(orig.args[0], dict) else None
    if code in {"28P01", "28000"}:
        return AuthError(f"集中库 {address.name} 拒绝了登录：用户名或密码不正确。",
                         f"The hub {address.name} refused the login: wrong user name or password.")
    if code == "3D000":
        return NotFoundError(f"集中库服务器上没有数据库 {address.database}（{address.host}）。",
                             f"There is no database {address.database} on the hub's server ({address.host}).")
    if code == "42501":
        return AuthError(f"集中库拒绝了此操作：用户 {address.user} 没有相应权限。",
                         f"The hub refused this: user {address.user} has no permission for it.")
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text or "hostname" in text.lower():
        return HubUnreachable(f"集中库 {address.host} 的服务器证书未通过校验，连接已中止（未发送密码）。",
                              f"The server certificate of hub {address.host} failed verification; the connection "
                              "was stopped (no password was sent).")
    if "SSL" in text or "ssl" in text:
        return HubUnreachable(f"无法与集中库 {address.host} 建立 TLS 连接。",
                              f"No TLS connection could be made to hub {address.host}.")
    if type(orig).__name__ in {"InterfaceError", "OperationalError"} or isinstance(orig, OSError):
        return HubUnreachable(f"无法连接集中库 {address.host}:{address.port}：服务器未响应或拒绝连接。",
                              f"Cannot reach hub {address.host}:{address.port}: the server does not answer "
                              "or refuses the connection.")
    return None
