"""Settings that belong to a vault (and travel with it), each declared once with its default.

Stored in ``vault_meta``, so every change is audited. Machine preferences
(auto-lock delay, language) are the UI's business, not the vault's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from inspector.errors import BadInputError
from inspector.model import Inspector, VaultMeta
from inspector.services.rectification import DEFAULT_NUMBER_PATTERN
from inspector.vault import META_SELF_INSPECTOR


@dataclass(frozen=True)
class Setting:
    key: str
    default: str


ORG_NAME = Setting("org_name", "晋城市大数据应用局")
"""The issuing organisation (市政务数据管理部门), printed on documents."""

DOC_NUMBER_PATTERN = Setting("doc_number_pattern", DEFAULT_NUMBER_PATTERN)
"""Rectification-notice numbers: ``{year}`` and ``{serial}`` are filled in (晋数安检〔2026〕7号)."""

SELF_INSPECTOR = Setting(META_SELF_INSPECTOR, "")
"""The inspector who uses this vault (their record in ``inspector``)."""

DOC_CC = Setting("doc_cc", "")
"""抄送 printed in a document's 版记 unless the document says otherwise: names separated by 、 (市委网信办、市公安局)."""

DOC_PRINTER = Setting("doc_printer", "")
"""印发机关 in the 版记; empty: the organisation (:data:`ORG_NAME`)."""

DOC_CONTACT = Setting("doc_contact", "")
"""附注: the 联系人 a department may call about a document."""

DOC_PHONE = Setting("doc_phone", "")
"""附注: the 联系人's telephone."""

SEAL_PNG = Setting("seal_png", "")
"""The office's seal (a PNG with transparency, base64); managed by :mod:`inspector.services.seal`."""

EVIDENCE_CIPHER = Setting("evidence_cipher", "AES-256-GCM")
"""How new evidence files are encrypted: ``AES-256-GCM``, or ``SM4-GCM`` where the vault is set to the national
algorithms (国密); read by :func:`inspector.evidence_store.cipher_of`."""

ALL = (ORG_NAME, DOC_NUMBER_PATTERN, SELF_INSPECTOR, DOC_CC, DOC_PRINTER, DOC_CONTACT, DOC_PHONE, SEAL_PNG, EVIDENCE_CIPHER)
DOCUMENT_TEXT = (DOC_CC, DOC_PRINTER, DOC_CONTACT, DOC_PHONE)
"""The 版记/附注 defaults, plain text a user edits on the settings page."""
MAX_TEXT = 200


def get(session: Session, setting: Setting) -> str:
    row = session.get(VaultMeta, setting.key)
    return row.value if row else setting.default


def put(session: Session, setting: Setting, value: str) -> None:
    if setting is DOC_NUMBER_PATTERN:
        check_number_pattern(value)
    if setting in DOCUMENT_TEXT:
        value = check_document_text(setting, value)
    if setting is EVIDENCE_CIPHER and value not in ("AES-256-GCM", "SM4-GCM"):
        raise BadInputError(f"不支持的证据加密算法：{value}", f"Unsupported evidence cipher: {value}")
    row = session.get(VaultMeta, setting.key)
    if row is None:
        session.add(VaultMeta(key=setting.key, value=value))
    elif row.value != value:
        row.value = value
    session.flush()


def check_number_pattern(pattern: str) -> str:
    """Refuse a pattern without ``{serial}`` or with unknown fields; returns an example."""
    if "{serial}" not in pattern:
        raise BadInputError("文号格式必须包含 {serial}（序号）。", "The number pattern must contain {serial}.")
    try:
        return pattern.format(year=2026, serial=7)
    except (KeyError, IndexError, ValueError):
        raise BadInputError("文号格式只能使用 {year} 和 {serial}。",
                            "The number pattern may use only {year} and {serial}.") from None


CC_SEPARATORS = "、，,；;\n"


def split_cc(value: str) -> list[str]:
    """抄送 as stored (``市委网信办、市公安局``) → the names, in order, blanks and repeats dropped."""
    names: list[str] = []
    current = ""
    for ch in value or "":
        if ch in CC_SEPARATORS:
            current = current.strip()
            if current and current not in names:
                names.append(current)
            current = ""
        else:
            current += ch
    current = current.strip()
    if current and current not in names:
        names.append(current)
    return names


def join_cc(names: list[str] | tuple[str, ...]) -> str:
    """The names as one line, separated by 、 (how the settings page shows and stores them)."""
    return "、".join(split_cc("、".join(names)))


def check_document_text(setting: Setting, value: str) -> str:
    """A 版记/附注 default: one line, at most :data:`MAX_TEXT` characters; 抄送 normalised to 、-separated."""
    value = (value or "").strip()
    if setting is DOC_CC:
        value = join_cc(split_cc(value))
    elif "\n" in value or "\r" in value:
        raise BadInputError("只能填写一行文字。", "Only one line of text is allowed.")
    if len(value) > MAX_TEXT:
        raise BadInputError(f"文字过长（最多 {MAX_TEXT} 个字）。", f"Too long (at most {MAX_TEXT} characters).")
    return value


def self_inspector(session: Session) -> Inspector | None:
    inspector_id = get(session, SELF_INSPECTOR)
    return session.get(Inspector, inspector_id) if inspector_id else None


def set_identity(session: Session, name: str, badge_no: str, organisation: str, phone: str = "") -> Inspector:
    """Create or update the inspector who uses this vault."""
    if not name.strip():
        raise BadInputError("请填写检查人员姓名。", "Please enter the inspector's name.")
    person = self_inspector(session)
    if person is None:
        person = Inspector(name=name.strip(), badge_no=badge_no.strip(), organisation=organisation.strip(), phone=phone)
        session.add(person)
        session.flush()
        put(session, SELF_INSPECTOR, person.id)
        audit_ctx = session.info.get("audit")
        if audit_ctx is not None:  # from now on the audit trail names this inspector
            audit_ctx.actor = f"inspector:{person.id}"
    else:
        person.name, person.badge_no = name.strip(), badge_no.strip()
        person.organisation, person.phone = organisation.strip(), phone
        session.flush()
    return person


IDENTITY_FIELDS = ("name", "badge_no", "organisation", "phone")


@dataclass(frozen=True)
class VaultSettings:
    """The settings a user edits, as plain values: the organisation, the number pattern, the font, who I am."""

    org_name: str
    pattern: str
    identity: dict[str, str]
    """:data:`IDENTITY_FIELDS` of the vault's inspector ("" each while there is none)."""
    cc: str = ""
    """抄送 default, 、-separated."""
    printer: str = ""
    """印发机关 as set (empty: the organisation)."""
    contact: str = ""
    phone: str = ""
    has_seal: bool = False


def current(session: Session) -> VaultSettings:
    """The vault's settings and its inspector's identity, defaults where nothing was set."""
    me = self_inspector(session)
    return VaultSettings(org_name=get(session, ORG_NAME), pattern=get(session, DOC_NUMBER_PATTERN),
                         identity={f: getattr(me, f) if me else "" for f in IDENTITY_FIELDS},
                         cc=get(session, DOC_CC), printer=get(session, DOC_PRINTER),
                         contact=get(session, DOC_CONTACT), phone=get(session, DOC_PHONE),
                         has_seal=bool(get(session, SEAL_PNG)))
