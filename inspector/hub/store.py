"""The office hub: Inspector's schema on PostgreSQL, opened like a vault (issue 20).

A :class:`Hub` is a :class:`~inspector.database.Database`: the services get the same
:class:`~inspector.database.VaultSession` from it as from a vault, with the same audit
and tombstone hooks, so the workflow and frozen-record rules hold on both. The schema is
made and upgraded by the same Alembic migrations (:mod:`inspector.schema`); appends to
the audit chain are serialised by a lock on its head row (``SELECT … FOR UPDATE``).

What a hub keeps in ``vault_meta``: its id (the genesis of its audit chain and the
``vault_id`` of the bundles it sends), its device id, the audit hash, ``kind = hub``, its evidence key sealed by
the evidence passphrase, and the names of its group roles (:mod:`.roles`).

The evidence key (32 bytes, never in PostgreSQL in the clear) wraps the evidence files' keys (:mod:`.evidence`)
and, through a key derived from it, the private keys of the hub's signing identities (:mod:`.keys`).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import uuid
from typing import Iterator

from sqlalchemy import Engine, exc, func, select

from inspector import audit, keystore, schema
from inspector.crypto.keyfile import MIN_PASSPHRASE_CHARS, KdfParams, KeyFile, check_new_passphrase
from inspector.database import Database
from inspector.errors import AuthError, BadInputError, IncompatibleError, InspectorError
from inspector.hub.connection import HubAddress, make_engine, translate
from inspector.hub import roles
from inspector.hub.evidence import ChunkStore
from inspector.hub.keys import PREFIX as SEALED_KEY_PREFIX
from inspector.hub.keys import SigningKeySeal
from inspector.model import SigningIdentity, VaultMeta, utcnow

META_KIND = "kind"
KIND_HUB = "hub"
META_EVIDENCE_KEYFILE = "evidence_keyfile"
EVIDENCE_PASSPHRASE_ENV = "INSPECTOR_HUB_EVIDENCE_PASSPHRASE"
EVIDENCE_KEYRING_SERVICE = "Inspector hub evidence key"


def _actor(actor: str | None, address: HubAddress) -> str:
    if actor:
        return actor
    try:
        return f"hub:{address.user}/os:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 — no account name on this machine
        return f"hub:{address.user}"


@contextlib.contextmanager
def hub_errors(address: HubAddress) -> Iterator[None]:
    """PostgreSQL's and the driver's failures as errors a user can act on."""
    try:
        yield
    except InspectorError:
        raise
    except (exc.DBAPIError, exc.InterfaceError, OSError) as e:
        mapped = translate(e, address)
        if mapped is None:
            raise
        raise mapped from None


def _unwrap(keyfile: KeyFile, passphrase: str) -> list[bytes]:
    try:
        return keyfile.unwrap(passphrase)
    except AuthError:
        raise AuthError("集中库证据口令不正确，未作任何更改。",
                        "Wrong evidence passphrase for the hub; nothing was changed.") from None


def _evidence_key(meta: dict[str, str], hub_id: str, passphrase: str | None, remember: bool = True) -> bytes | None:
    """The hub's evidence key: this machine's keyring, else the evidence passphrase (argument, environment), then
    kept in the keyring unless ``remember`` is false; None when neither gives it (the hub opens, its evidence stays
    locked)."""
    stored = meta.get(META_EVIDENCE_KEYFILE)
    if not stored:
        return None
    keyfile = KeyFile.from_bytes(stored.encode(), "vault_meta.evidence_keyfile")
    cached = keystore.load_secret(EVIDENCE_KEYRING_SERVICE, hub_id)
    if cached:
        with contextlib.suppress(ValueError):
            key = bytes.fromhex(cached)
            if keyfile.knows(key):
                return key
    secret = passphrase if passphrase is not None else os.environ.get(EVIDENCE_PASSPHRASE_ENV)
    if not secret:
        return None
    key = _unwrap(keyfile, secret)[0]
    if remember:
        keystore.store_secret(EVIDENCE_KEYRING_SERVICE, hub_id, key.hex())
    return key


class Hub(Database):
    """An open hub. Get one from :meth:`init` or :meth:`open`; :meth:`close` it after use."""

    sealed_now = 0
    """How many signing keys from before sealing were sealed on opening (:meth:`seal_plain_keys`)."""
    left_plain = 0
    """How many are still stored unsealed (the evidence key locked on this machine, or a read-only login)."""

    def __init__(self, address: HubAddress, engine: Engine, actor: str | None,
                 evidence_passphrase: str | None = None, remember_evidence_key: bool = True) -> None:
        self.address = address
        self.engine = engine
        with hub_errors(address), engine.connect() as conn:  # what the hub is, and who this login is on it
            meta = dict(conn.execute(select(VaultMeta.key, VaultMeta.value)).all())
            self.role = roles.role_of(conn) if meta.get(META_KIND) == KIND_HUB else "none"
            """The application role of this login (:data:`inspector.hub.roles.ROLES`): what the UI offers."""
        if meta.get(META_KIND) != KIND_HUB:
            engine.dispose()
            raise IncompatibleError(f"{address.name} 不是 Inspector 集中库（请先运行“inspector hub init”）。",
                                    f"{address.name} is not an Inspector hub (run `inspector hub init` first).")
        if self.role not in roles.ROLES or self.role == "reporting":
            engine.dispose()
            raise AuthError(f"账户 {address.user} 不是集中库的应用用户（报表账户只能读取 reporting 视图）。",
                            f"The login {address.user} is not an application user of the hub (a reporting login "
                            "reads the reporting views only).")
        self.vault_id = meta["vault_id"]
        self.device_id = meta["device_id"]
        self.audit_hash = meta.get("audit_hash", audit.DEFAULT_HASH)
        self.audit_context = audit.AuditContext(vault_id=self.vault_id, device_id=self.device_id,
                                                actor=_actor(actor, address), alg=self.audit_hash)
        self._maker = self.session_maker(engine)
        self._unlock(_evidence_key(meta, self.vault_id, evidence_passphrase, remember_evidence_key))

    def _unlock(self, evidence_key: bytes | None) -> None:
        self.evidence = ChunkStore(self.engine, evidence_key)
        self.signing_keys = SigningKeySeal(evidence_key)
        """Seals the private keys of the hub's signing identities (:func:`inspector.signing.identity.private_key`)."""

    # ---- the signing keys, sealed ---------------------------------------------------------------------

    def _plain_keys(self):
        return select(SigningIdentity).where(
            func.substring(SigningIdentity.key_der, 1, len(SEALED_KEY_PREFIX)) != SEALED_KEY_PREFIX)

    def seal_plain_keys(self) -> tuple[int, int]:
        """Seal the signing keys a hub holds from before they were sealed (an audited change of each row).
        Done on opening by a login that may write, on a machine that holds the evidence key; returns how many
        were sealed now, and how many are left plain (evidence key locked, or a read-only login)."""
        with self.session(read_only=True) as s:
            plain = s.execute(select(func.count()).select_from(self._plain_keys().subquery())).scalar_one()
        if not plain or self.read_only or not self.signing_keys.unlocked:
            return 0, plain
        with self.session() as s:
            rows = s.scalars(self._plain_keys().with_for_update()).all()  # a second desktop opening now waits
            for row in rows:
                row.key_der = self.signing_keys.seal(row.fingerprint, row.key_der)
        return len(rows), 0

    # ---- the evidence passphrase ---------------------------------------------------------------------

    def unlock_evidence(self, passphrase: str, *, remember: bool = True) -> bool:
        """Unlock the evidence (and the signing keys) of this open hub with the evidence passphrase: nothing is
        reopened, sessions go on. ``remember``: this machine's keyring keeps the key. False when the hub has no
        evidence key; a wrong passphrase is an :class:`~inspector.errors.AuthError` and changes nothing."""
        if self.evidence.unlocked:
            return True
        with hub_errors(self.address), self.engine.connect() as conn:
            meta = dict(conn.execute(select(VaultMeta.key, VaultMeta.value)).all())
        key = _evidence_key(meta, self.vault_id, passphrase, remember)
        if key is None:
            return False
        self._unlock(key)
        self.sealed_now, self.left_plain = self.seal_plain_keys()
        return True

    def change_evidence_passphrase(self, old: str, new: str) -> None:
        """Unseal the hub's evidence key with ``old``, seal it with ``new`` (the key itself stays: the evidence
        files and signing keys need nothing done); this machine's keyring keeps the key. Administrators only."""
        if self.role != "admin":
            raise AuthError("只有办公室管理员可以更改集中库证据口令。",
                            "Only the office administrator changes the hub's evidence passphrase.")
        if len(new.strip()) < MIN_PASSPHRASE_CHARS:
            raise BadInputError(f"集中库证据口令至少需要 {MIN_PASSPHRASE_CHARS} 个字符。",
                                f"The hub's evidence passphrase needs at least {MIN_PASSPHRASE_CHARS} characters.")
        with self.session() as s:
            row = s.scalars(select(VaultMeta).where(VaultMeta.key == META_EVIDENCE_KEYFILE).with_for_update()).first()
            if row is None:
                raise IncompatibleError("该集中库没有证据密钥。", "This hub has no evidence key.")
            keyfile = KeyFile.from_bytes(row.value.encode(), "vault_meta.evidence_keyfile")
            keys = _unwrap(keyfile, old)
            keyfile.seal(new, keys)
            row.value = keyfile.to_bytes().decode()
        keystore.store_secret(EVIDENCE_KEYRING_SERVICE, self.vault_id, keys[0].hex())
        if not self.evidence.unlocked:
            self._unlock(keys[0])

    @property
    def where(self) -> str:
        return self.address.name

    def errors(self):
        return hub_errors(self.address)

    @property
    def read_only(self) -> bool:
        return self.role in roles.READ_ONLY

    def session(self, *, progress=None, cancel=None, read_only: bool = False):
        if self.read_only and not read_only:
            zh, en = roles.ROLES[self.role][1:]
            raise AuthError(f"您以“{zh}”身份登录集中库，只能查看，不能修改。", f"You are signed in to the hub as {en}: "
                            "you can look, not change.")
        return super().session(progress=progress, cancel=cancel, read_only=read_only)

    @classmethod
    def init(cls, address: HubAddress, *, evidence_passphrase: str | None = None, audit_hash: str = audit.DEFAULT_HASH,
             kdf: KdfParams | None = None, actor: str | None = None, own_roles: bool = False) -> "Hub":
        """Give an empty PostgreSQL database Inspector's schema and a hub's identity, or bring a hub's schema
        up to date (the same migrations as a vault's). Idempotent. ``own_roles``: a hub from before the group
        roles were per database moves to roles of its own (:func:`inspector.hub.roles.own_roles`).

        A new hub needs ``evidence_passphrase`` (else ``INSPECTOR_HUB_EVIDENCE_PASSPHRASE``): it seals the hub's
        evidence key, which is made here and kept in this machine's keyring."""
        engine = make_engine(address)
        try:
            with hub_errors(address):
                with engine.begin() as conn:
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(20)")  # two inits at once: one waits
                    schema.upgrade(conn, address.name)
                    have = dict(conn.execute(select(VaultMeta.key, VaultMeta.value)).all())
                    if have and have.get(META_KIND) != KIND_HUB:
                        raise IncompatibleError(f"数据库 {address.name} 已有非集中库的数据，未做任何更改。",
                                                f"The database {address.name} holds other data than a hub's; "
                                                "nothing was changed.")
                    fresh = not have
                    if fresh:
                        secret = evidence_passphrase or os.environ.get(EVIDENCE_PASSPHRASE_ENV)
                        if not secret:
                            raise AuthError(
                                f"新建集中库需要证据口令（用于保护证据文件的密钥）：请输入，或设置 {EVIDENCE_PASSPHRASE_ENV}。",
                                f"A new hub needs an evidence passphrase (it protects the key of the evidence files): "
                                f"enter one, or set {EVIDENCE_PASSPHRASE_ENV}.")
                        check_new_passphrase(secret)
                        hub_id = str(uuid.uuid4())
                        kek = os.urandom(32)
                        sealed_key = KeyFile.create(hub_id, secret, [kek], kdf).to_bytes().decode()
                        with Database.session_maker(conn)() as s:  # joins this transaction; audited like a vault's
                            s.info["audit"] = audit.AuditContext(hub_id, str(uuid.uuid4()), _actor(actor, address),
                                                                 audit_hash)
                            s.add_all([VaultMeta(key=k, value=v) for k, v in {
                                "vault_id": hub_id, "device_id": s.info["audit"].device_id,
                                "audit_hash": audit_hash, "created_at": utcnow().isoformat(),
                                META_KIND: KIND_HUB, META_EVIDENCE_KEYFILE: sealed_key,
                                roles.META_GROUPS: json.dumps(roles.derived_groups(address.database))}.items()])
                            s.commit()
                    elif roles.META_GROUPS not in have:  # a hub from before: it keeps the cluster-wide roles
                        with Database.session_maker(conn)() as s:
                            s.info["audit"] = audit.AuditContext(have["vault_id"], have["device_id"],
                                                                 _actor(actor, address),
                                                                 have.get("audit_hash", audit.DEFAULT_HASH))
                            s.add(VaultMeta(key=roles.META_GROUPS, value=json.dumps(roles.LEGACY)))
                            s.commit()
                    if own_roles and not fresh:
                        moved = roles.own_roles(conn, address.database)
                        if moved is not None:
                            with Database.session_maker(conn)() as s:  # audited, as every change of vault_meta
                                s.info["audit"] = audit.AuditContext(have["vault_id"], have["device_id"],
                                                                     _actor(actor, address),
                                                                     have.get("audit_hash", audit.DEFAULT_HASH))
                                s.get(VaultMeta, roles.META_GROUPS).value = json.dumps(moved)
                                s.commit()
                if fresh:
                    keystore.store_secret(EVIDENCE_KEYRING_SERVICE, hub_id, kek.hex())
                with engine.begin() as conn:
                    roles.apply(conn)  # roles, grants, row-level security, the analysts' views
                hub = cls(address, engine, actor, evidence_passphrase)
                hub.sealed_now, hub.left_plain = hub.seal_plain_keys()
            if fresh:
                from inspector import regulation
                from inspector.services.regulation_versions import seed_shipped

                with hub.session() as s:
                    audit.record(s, "hub.init", "vault", hub.vault_id, {"schema": schema.head_revision()})
                    seed_shipped(s)
                    regulation.import_template(s)
            return hub
        except BaseException:
            engine.dispose()
            raise

    @classmethod
    def open(cls, address: HubAddress, *, evidence_passphrase: str | None = None, actor: str | None = None,
             remember_evidence_key: bool = True) -> "Hub":
        """Connect to an initialised hub whose schema this Inspector knows (a newer one is refused; an older one
        asks for ``inspector hub init``, which upgrades it). An evidence key unlocked by ``evidence_passphrase`` is
        kept in this machine's keyring unless ``remember_evidence_key`` is false."""
        engine = make_engine(address)
        try:
            with hub_errors(address), engine.connect() as conn:
                current = schema.current_revision(conn)
            schema.ensure_known(current, address.name)
            if current != schema.head_revision():
                raise IncompatibleError(
                    f"集中库 {address.name} 的数据结构版本为 {current or '无'}，需先运行“inspector hub init”升级。",
                    f"The hub {address.name} has schema {current or 'none'}; run `inspector hub init` to upgrade it.")
            hub = cls(address, engine, actor, evidence_passphrase, remember_evidence_key)
            with hub_errors(address):
                hub.sealed_now, hub.left_plain = hub.seal_plain_keys()
            return hub
        except BaseException:
            engine.dispose()
            raise

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
        self.engine = None
