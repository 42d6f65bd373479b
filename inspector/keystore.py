"""The database key in the OS keyring — only ever in a secure one.

Unlike many applications we never fall back to a file-based keyring: the
``keyrings.alt`` plaintext and base64 files, the fail and null backends, and any
backend of priority below 1 are refused. The user then unlocks with the
recovery passphrase each time, and :func:`status` says why.

A keyring that fails in any way — a backend named in ``PYTHON_KEYRING_BACKEND`` (or
keyringrc.cfg) that cannot be loaded, a backend that raises something other than
``KeyringError`` — is an unusable keyring, never a failed command: the key file and
the passphrase are enough to open a vault.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import keyring
from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "Inspector vault key"

_INSECURE_MODULE_PREFIXES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


@dataclass(frozen=True)
class KeyringStatus:
    backend: KeyringBackend | None
    reason_zh: str
    reason_en: str

    @property
    def usable(self) -> bool:
        return self.backend is not None


def _priority(backend: KeyringBackend) -> float:
    try:
        return float(backend.priority)
    except Exception:  # a backend reports unavailability by raising here
        return -1.0


def is_secure(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    if any(module.startswith(prefix) for prefix in _INSECURE_MODULE_PREFIXES):
        return False
    return _priority(backend) >= 1


def _unloadable(exc: Exception) -> KeyringStatus:
    name = os.environ.get("PYTHON_KEYRING_BACKEND") or "keyringrc.cfg"
    log.info("keyring backend could not be loaded: %s", type(exc).__name__)
    return KeyringStatus(
        None,
        f"系统密钥环后端 {name} 无法加载（{type(exc).__name__}），密钥不会保存到密钥环；每次打开保险库都需要输入"
        "恢复口令。请检查环境变量 PYTHON_KEYRING_BACKEND（或 keyringrc.cfg）所指定的后端。",
        f"The keyring backend {name} could not be loaded ({type(exc).__name__}), so the key is not kept in a "
        "keyring and the vault asks for the recovery passphrase each time. Check the backend named by "
        "PYTHON_KEYRING_BACKEND (or keyringrc.cfg).",
    )


def status() -> KeyringStatus:
    """The secure backend to use, or why there is none."""
    try:
        root = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 — an unloadable backend: keyring imports whatever it is told to
        return _unloadable(exc)
    candidates = list(getattr(root, "backends", None) or [root])
    secure = sorted((b for b in candidates if is_secure(b)), key=_priority, reverse=True)
    if secure:
        return KeyringStatus(secure[0], "", "")
    name = f"{type(root).__module__}.{type(root).__name__}"
    return KeyringStatus(
        None,
        f"本机没有安全的系统密钥环（当前为 {name}），密钥不会以明文保存；每次打开保险库都需要输入恢复口令。"
        "在 Linux 桌面上启用 GNOME 密钥环（或其他 Secret Service 服务）后即可免输；Windows、macOS 自带密钥环。",
        f"No secure system keyring is available (found {name}); the key is never stored in plain text, "
        "so the vault asks for the recovery passphrase each time. On a Linux desktop, GNOME Keyring (or another "
        "Secret Service provider) removes the need; Windows and macOS have a keyring built in.",
    )


def load_secret(service: str, name: str) -> str | None:
    """The secret kept under (``service``, ``name``) in a secure keyring, or None."""
    st = status()
    if not st.usable:
        return None
    try:
        return st.backend.get_password(service, name) or None
    except Exception as exc:  # noqa: BLE001 — KeyringError, or whatever a third-party backend raises
        log.info("keyring read failed: %s", type(exc).__name__)
        return None


def load_key(vault_id: str) -> bytes | None:
    value = load_secret(SERVICE, vault_id)
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def store_secret(service: str, name: str, value: str) -> KeyringStatus:
    """Keep ``value`` under (``service``, ``name``) if a secure keyring exists; return the status either way."""
    st = status()
    if not st.usable:
        return st
    try:
        st.backend.set_password(service, name, value)
    except Exception as exc:  # noqa: BLE001 — KeyringError, or whatever a third-party backend raises
        log.info("keyring write failed: %s", type(exc).__name__)
        return KeyringStatus(
            None,
            "系统密钥环拒绝保存密钥；每次打开保险库都需要输入恢复口令。",
            "The system keyring refused to store the key; the vault asks for the recovery passphrase each time.",
        )
    return st


def store_key(vault_id: str, key: bytes) -> KeyringStatus:
    """Store the key if a secure keyring exists; return the status either way."""
    return store_secret(SERVICE, vault_id, key.hex())


def forget_key(vault_id: str) -> None:
    st = status()
    if not st.usable:
        return
    try:
        st.backend.delete_password(SERVICE, vault_id)
    except Exception as exc:  # noqa: BLE001 — nothing stored, or an unusable keyring
        log.info("keyring delete failed: %s", type(exc).__name__)
