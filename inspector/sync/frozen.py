"""What a bundle may not change here: records that are frozen on this side (docs/bundle-format.md, "Frozen records").

The rules of :mod:`inspector.lifecycle`, as they apply to a merge. On the receiving side

* a **completed inspection** is frozen: its own row, its verdicts and notes (``inspection_result``), what its
  findings record (:data:`~inspector.lifecycle.RECORD_FIELDS`), the evidence of it, its results and its
  findings; a new finding, result or evidence file for it is frozen out as well;
* an inspection the representative **signed**, whose signature still holds, is frozen in what the signature
  attests (:func:`~inspector.lifecycle.content_digest`): the summary, verdicts and notes, findings'
  RECORD_FIELDS, evidence files; a change there would void the signature;
* a finding stated in an **issued notice** is frozen in what the notice states
  (:data:`~inspector.lifecycle.NOTICE_FIELDS`); its status steps go on;
* an **issued notice** is frozen: its number, its content, its status (only the hash of its latest exported
  file still changes), and no finding joins it;
* a **published checklist or regulation version** is frozen: its row (but for retiring it), its sections and
  items; no section or item joins it. A retired one does not change at all.

A change to frozen content becomes a conflict (``kind`` :data:`FROZEN`, or :data:`SIGNED` when it would void a
signature), whatever the version vectors say; a new record is held back in a conflict, and so is every record of
the same bundle that refers to it. What the core itself allows passes: a reopen made by the other side after it
saw this side's completed version (version vector strictly newer, ``correction_no`` higher, a reason), a signature the
other side voided or gave again after it saw this side's, the values an issued 更正通知 states, a new deadline
that comes with a status step (a finding reopened with a new deadline), and a change that makes a signature that
no longer holds here hold again (this side's content had drifted from what was signed; the change restores it).

The other way round (:func:`judge_keep`): when the *incoming* version of a finding is what a notice issued here (or
issued by the same bundle), or an issued 更正通知 of it, states, and this side's version differs there, the local
version cannot be kept.

:func:`judge` decides for one record; the importer asks it through a :class:`WalkContext` (the receiving side's
state *before* the bundle, cached per walk, so the preview counts what the import does), and
:mod:`inspector.sync.conflicts` through a :class:`LiveContext` (the state now) before it takes an incoming version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import select as sa_select
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from inspector import lifecycle
from inspector.errors import BadInputError
from inspector.model import (
    TABLES,
    ChecklistTemplate,
    Department,
    Finding,
    Inspection,
    InspectionResult,
    InspectionStatus,
    NoticeStatus,
    RectificationNotice,
    VersionStatus,
)
from inspector.sync import records
from inspector.tombstones import title_of

FROZEN, SIGNED = "frozen", "signed"
"""Conflict kinds: content frozen here (completed, issued), content a holding signature attests."""
KINDS = (FROZEN, SIGNED)

COMPLETED, NOTICE, ISSUED, SIGNATURE, PARENT, STATED, LETTER, VERSION = (
    "completed", "notice", "issued", "signed", "parent", "stated", "letter", "version")
"""What froze it: a completed inspection, the issued notice stating a finding, an issued notice itself, the
representative's signature, a held-back record this one belongs to; ``stated``: the *incoming* version is what an
issued notice states (the local version cannot be kept); ``letter``: an issued letter (检查通知, 整改复查意见书…);
``version``: a published (or retired) checklist or regulation version."""

SIGNATURE_FIELDS = ("rep_signature_sha256", "rep_signed_at", "rep_signed_digest", "department_rep_name")
RESULT_SIGNED = ("verdict", "notes")
EVIDENCE_SIGNED = ("blob_sha256", "owner_type", "owner_id", "caption")
NOTICE_OPEN = ("file_sha256",)
"""The one column of an issued notice that still changes: the hash of its latest exported file."""
PARENT_COLUMNS = ("inspection_id", "finding_id", "owner_id", "notice_id", "report_id")
"""Columns naming the record a row belongs to (``owner_id``: an evidence file's owner)."""
INSPECTION_OWNERS = ("inspection", "inspection_result", "finding")
"""Evidence owners that belong to an inspection."""


@dataclass(frozen=True)
class InspState:
    """What freezes an inspection on this side."""

    id: str
    name: str
    """The department's name, to say which inspection."""
    completed: bool
    signed: bool
    """The representative's signature holds (the content is what they signed)."""
    signer: str = ""
    signed_at: datetime | None = None
    digest: str | None = None
    """What the representative signed (their signature's digest), also when it no longer holds here."""


@dataclass(frozen=True)
class NoticeState:
    id: str
    number: str
    issued: bool


@dataclass(frozen=True)
class Freeze:
    """Why an incoming version is not taken: what froze the record here, and which fields it would change."""

    kind: str
    cause: str
    name: str
    """The inspection's department, the notice's number, or the held-back record's title."""
    fields: tuple[str, ...] = ()
    signer: str = ""
    signed_at: datetime | None = None
    parent_table: str = ""

    def text(self) -> tuple[str, str]:
        """Why the incoming version waits, and what the user can do (Chinese, English)."""
        labels = [lifecycle.FIELD_LABELS.get(f, (f, f)) for f in self.fields if f in lifecycle.FIELD_LABELS]
        zh_fields = f"（{'、'.join(z for z, _ in labels)}）" if labels else ""
        en_fields = f" ({', '.join(e for _, e in labels)})" if labels else ""
        if self.cause == COMPLETED:
            return (f"“{self.name}”的检查已在本机完成，检查记录不能再修改{zh_fields}，收到的修改未被采用。"
                    "如需采用，请先重新打开该检查并说明原因；保留本机版本，对方下次会收到本机的版本。",
                    f"The inspection of {self.name} is completed here; its record can no longer change{en_fields}, "
                    "so the incoming change was not applied. To take it, reopen the inspection with a reason "
                    "first; keeping the local version sends it to the other side next time.")
        if self.cause == NOTICE:
            return (f"该问题已列入本机已签发的整改通知书 {self.name}，通知书所载内容{zh_fields}不能再修改，"
                    "收到的修改未被采用。如需更正，请起草更正通知；保留本机版本，对方下次会收到通知书所载的版本。",
                    f"This finding is stated in the notice {self.name}, issued here; what the notice states"
                    f"{en_fields} can no longer change, so the incoming change was not applied. To correct it, draft "
                    "a correction notice; keeping the local version sends what the notice states to the other side.")
        if self.cause == ISSUED:
            return (f"整改通知书 {self.name} 已在本机签发，其编号和内容不能再修改，收到的修改未被采用。"
                    "如需更正，请起草更正通知。",
                    f"The notice {self.name} is issued here; its number and content can no longer change, so the "
                    "incoming change was not applied. To correct it, draft a correction notice.")
        if self.cause == LETTER:
            return (f"公文 {self.name} 已在本机签发，其编号和内容不能再修改，收到的修改未被采用；保留本机版本，"
                    "对方下次会收到本机签发的版本。",
                    f"The letter {self.name} is issued here; its number and text can no longer change, so the "
                    "incoming change was not applied; keeping the local version sends the issued one to the other "
                    "side next time.")
        if self.cause == VERSION:
            return (f"“{self.name}”已在本机发布，发布后的版本不能再修改，收到的修改未被采用。如需修改，请起草新版本；"
                    "保留本机版本，对方下次会收到已发布的版本。",
                    f"{self.name} is published here; a published version never changes, so the incoming change was "
                    "not applied. To change it, draft a new version; keeping the local version sends the published "
                    "one to the other side next time.")
        if self.cause == SIGNATURE:
            when = lifecycle._when(self.signed_at)
            return (f"收到的修改会使 {self.signer} 于 {when} 对“{self.name}”检查记录的签字失效，未被采用。"
                    "采用收到的版本将使该签字失效，需要重新签字；保留本机版本，签字继续有效。",
                    f"The incoming change would void the signature {self.signer} gave at {when} on the record of "
                    f"{self.name}; it was not applied. Taking it voids that signature (they will need to sign "
                    "again); keeping the local version keeps the signature.")
        if self.cause == STATED:
            return (f"收到的版本是已签发的整改通知书 {self.name}（或其更正通知）所载的内容，本机的版本"
                    f"{zh_fields}与之不同，导入时暂时保留了本机版本。请采用收到的版本（通知书所载以通知书为准）；"
                    "如需修改，请起草更正通知。",
                    f"The incoming version is what the issued notice {self.name} (or its correction) states; the "
                    f"local version differs from it{en_fields}, and the import kept it for now. Take the incoming "
                    "version (what a notice states is what it says); to change it, draft a correction notice.")
        label = TABLES[self.parent_table] if self.parent_table in TABLES else None
        what_zh, what_en = (label.zh, label.en) if label else ("记录", "record")
        return (f"这条记录属于未被采用的{what_zh}“{self.name}”，随之保留在冲突中；处理该{what_zh}的冲突时一并处理。",
                f"This record belongs to the {what_en} {self.name!r}, which was not applied; it waits with it and "
                "is decided with it.")

    def error(self) -> BadInputError:
        """The refusal when the user tries to take the incoming version while this still holds."""
        if self.cause == SIGNATURE:
            return lifecycle.SignatureWouldVoid(self.signer or "单位代表", self.signed_at)
        if self.cause == COMPLETED:
            return lifecycle.FrozenError(
                f"“{self.name}”的检查已完成，检查记录不能再修改，不能采用收到的版本。"
                "如需采用，请先“重新打开”该检查并说明原因，再处理此冲突。",
                f"The inspection of {self.name} is completed; its record can no longer change, so the incoming "
                "version cannot be taken. To take it, reopen the inspection with a reason first, then resolve "
                "this conflict.")
        if self.cause == STATED:
            return lifecycle.FrozenError(
                f"不能保留本机版本：该问题已列入已签发的整改通知书 {self.name}，通知书所载内容以通知书为准。"
                "请采用收到的版本；如需修改，请起草更正通知。",
                f"The local version cannot be kept: this finding is stated in the issued notice {self.name}, and "
                "what a notice states is what it says. Take the incoming version; to change it, draft a "
                "correction notice.")
        if self.cause == VERSION:
            return lifecycle.FrozenError(
                f"“{self.name}”已发布，不能采用收到的修改；如需修改，请起草新版本。",
                f"{self.name} is published; the incoming change cannot be taken. To change it, draft a new version.")
        if self.cause == LETTER:
            return lifecycle.FrozenError(
                f"公文 {self.name} 已签发，编号和内容不能再修改，不能采用收到的版本。",
                f"The letter {self.name} is issued; its number and text can no longer change, so the incoming "
                "version cannot be taken.")
        if self.cause in (NOTICE, ISSUED):
            return lifecycle.FrozenError(
                f"整改通知书 {self.name} 已签发，通知书所载内容不能再修改，不能采用收到的版本。如需更正，请起草更正通知。",
                f"The notice {self.name} is issued; what it states can no longer change, so the incoming version "
                "cannot be taken. To correct it, draft a correction notice.")
        return BadInputError(f"这条记录属于另一项冲突中的“{self.name}”，请先处理那一项冲突。",
                             f"This record belongs to {self.name!r}, which waits in another conflict; resolve that "
                             "one first.")


class Context:
    """The receiving side's state as :func:`judge` reads it."""

    session: Session

    def inspection(self, inspection_id: str | None) -> InspState | None:
        raise NotImplementedError

    def notice(self, notice_id: str | None) -> NoticeState | None:
        raise NotImplementedError

    def owner_inspection(self, owner_type: str, owner_id: str) -> str | None:
        """The inspection an evidence file's owner belongs to (None: none, or not known here)."""
        raise NotImplementedError

    def corrected(self, notice_id: str, finding_id: str) -> dict[str, list[Any]]:
        """The values issued 更正通知 of ``notice_id`` state for this finding: {field: [values]}."""
        raise NotImplementedError

    def held(self, record_id: str) -> tuple[str, str] | None:
        """(table, title) of a record held back in a conflict that ``record_id`` is; None if it is not."""
        return None

    def issued(self, notice_id: str | None) -> NoticeState | None:
        """The notice ``notice_id`` if it is issued here, or issued by the bundle being read."""
        notice = self.notice(notice_id)
        return notice if notice is not None and notice.issued else None

    def restores(self, state: InspState, table: str, row: dict[str, Any]) -> bool:
        """Whether taking ``row`` makes the representative's signature of ``state``, which no longer holds here,
        hold again: the incoming version is what they signed (this side's differs)."""
        return _restores(self.session, state, table, row)

    def unfreeze(self, inspection_id: str, *, voided: bool) -> None:
        """The other side reopened (or, ``voided``, re-signed or voided the signature of) this inspection."""

    def template(self, template_id: str | None) -> tuple[str, str] | None:
        """(status, name) of a checklist version here (None: not here)."""
        row = self.session.get(ChecklistTemplate, template_id) if template_id else None
        return (VersionStatus(row.status).value, _version_name(row.name, row.version)) if row is not None else None


def _state(session: Session, insp: Inspection) -> InspState:
    dept = session.get(Department, insp.department_id)
    name = dept.name if dept is not None else insp.department_id[:8]
    completed = InspectionStatus(insp.status) is InspectionStatus.COMPLETED
    signed = lifecycle.signature_holds(session, insp)
    return InspState(insp.id, name, completed, signed, insp.department_rep_name or "单位代表", insp.rep_signed_at,
                     insp.rep_signed_digest if insp.rep_signature_sha256 else None)


def _notice_state(notice: RectificationNotice | None) -> NoticeState | None:
    if notice is None:
        return None
    return NoticeState(notice.id, notice.number, NoticeStatus(notice.status) is NoticeStatus.ISSUED)


def _inspection_freeze(state: InspState | None, fields: Iterable[str] = (), *, signed: bool = True
                       ) -> Freeze | None:
    if state is None:
        return None
    if state.completed:
        return Freeze(FROZEN, COMPLETED, state.name, tuple(sorted(fields)))
    if state.signed and signed:
        return Freeze(SIGNED, SIGNATURE, state.name, tuple(sorted(fields)), state.signer, state.signed_at)
    return None


def title(row: dict[str, Any]) -> str:
    """A human name for a record: its title, name, number, code or file name; else its notes or reason, else the
    beginning of its id."""
    return title_of(row) or next((str(row[k]) for k in ("notes", "reason") if row.get(k)), str(row.get("id", ""))[:8])


def changed_fields(mine: dict[str, Any], row: dict[str, Any]) -> set[str]:
    return {k for k, v in row.items() if k != "id" and k not in records.BOOKKEEPING and mine.get(k) != v}


def judge(ctx: Context, table: str, mine: dict[str, Any] | None, row: dict[str, Any], *,
          newer: bool = False) -> Freeze | None:
    """Whether taking ``row`` over the local version ``mine`` (None: a record this side lacks) would change
    content frozen here. ``newer``: the incoming version vector is strictly newer (the other side saw ``mine``),
    which is when a reopen or a signature change made there is taken."""
    if mine is None:
        return _new(ctx, table, row)
    rule = _CHANGED.get(table)
    changed = changed_fields(mine, row) if rule else set()
    return rule(ctx, mine, row, changed, newer) if changed else None


def judge_keep(ctx: Context, table: str, mine: dict[str, Any] | None, row: dict[str, Any]) -> Freeze | None:
    """Whether keeping the local version ``mine`` over ``row`` would contradict what is frozen: a finding whose
    incoming version is stated in a notice issued here (or by the bundle being read), when the local version
    differs in what the notice states (the other side issued the notice while this side edited the finding), or
    in what an issued 更正通知 of it states (the other side corrected it while this side took a status step)."""
    if table != "finding" or mine is None:
        return None
    notice = ctx.issued(row.get("notice_id"))
    if notice is None:
        return None
    ours = ctx.issued(mine.get("notice_id"))
    if ours is not None and ours.id == notice.id:  # the same notice: what an issued 更正通知 of it states
        corrected = ctx.corrected(notice.id, mine["id"])
        differs = {f for f, values in corrected.items() if row.get(f) in values and mine.get(f) != row.get(f)}
    else:
        differs = {f for f in lifecycle.NOTICE_FIELDS if mine.get(f) != row.get(f)}
    return Freeze(FROZEN, STATED, notice.number, tuple(sorted(differs))) if differs else None


def _new(ctx: Context, table: str, row: dict[str, Any]) -> Freeze | None:
    for column in PARENT_COLUMNS:
        parent = row.get(column)
        held = ctx.held(parent) if isinstance(parent, str) else None
        if held is not None:
            return Freeze(FROZEN, PARENT, held[1], parent_table=held[0])
    if table == "finding":
        return _inspection_freeze(ctx.inspection(row["inspection_id"]))
    if table == "inspection_result":
        return _inspection_freeze(ctx.inspection(row["inspection_id"]),
                                  signed=bool(row["verdict"] is not None or row["notes"]))
    if table == "evidence":
        return _inspection_freeze(ctx.inspection(ctx.owner_inspection(row["owner_type"], row["owner_id"])))
    if table == "notice_finding":
        notice = ctx.notice(row["notice_id"])
        if notice is not None and notice.issued:
            return Freeze(FROZEN, ISSUED, notice.number)
    if table in ("checklist_section", "checklist_item"):
        return _version_child(ctx, row, {"template_id"})
    return None


def _version_name(name: str, version: int) -> str:
    return f"{name} 第{version}版"


def _version(mine: dict[str, Any], row: dict[str, Any], changed: set[str], name: str) -> Freeze | None:
    """A published version changes only by being retired; a retired one not at all."""
    status = VersionStatus(mine["status"])
    if status is VersionStatus.DRAFT:
        return None
    allowed = {"status"} if status is VersionStatus.PUBLISHED and row.get("status") == VersionStatus.RETIRED.value \
        else set()
    frozen = changed - allowed
    return Freeze(FROZEN, VERSION, name, tuple(sorted(frozen))) if frozen else None


def _template(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    return _version(mine, row, changed, _version_name(mine["name"], mine["version"]))


def _regulation(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    return _version(mine, row, changed, f"{mine['title']}（{mine.get('label') or mine['version']}）")


def _version_child(ctx: Context, row: dict[str, Any], changed: set[str]) -> Freeze | None:
    """A section or item of a published (or retired) version: frozen with it."""
    found = ctx.template(row.get("template_id"))
    if found is None or found[0] == VersionStatus.DRAFT.value:
        return None
    return Freeze(FROZEN, VERSION, found[1], tuple(sorted(changed)))


def _child(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    return _version_child(ctx, mine, changed) or _version_child(ctx, row, changed)


def reopened(mine: dict[str, Any], row: dict[str, Any]) -> bool:
    """The incoming version of a completed inspection was reopened there, with a reason (``correction_no`` higher)."""
    return (row["correction_no"] or 0) > (mine["correction_no"] or 0) and bool((row["correction_reason"] or "").strip())


def _inspection(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    state = ctx.inspection(mine["id"])
    if state is None:
        return None
    if state.completed:
        if newer and reopened(mine, row):
            ctx.unfreeze(mine["id"], voided=False)  # reopened there, with a reason, after it saw ours
            return None
        return _inspection_freeze(state, changed)
    if state.signed:
        if changed & set(SIGNATURE_FIELDS):
            if newer:  # voided (the user there confirmed) or signed again there, after it saw this signature
                ctx.unfreeze(mine["id"], voided=True)
                return None
            return _inspection_freeze(state, changed & {"summary", *SIGNATURE_FIELDS})
        if "summary" in changed:
            return _inspection_freeze(state, {"summary"})
    return None


def _result(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    state = ctx.inspection(mine["inspection_id"])
    found = _inspection_freeze(state, changed, signed=bool(changed & set(RESULT_SIGNED)))
    return _unless_restored(ctx, state, found, "inspection_result", row)


def _unless_restored(ctx: Context, state: InspState | None, found: Freeze | None, table: str,
                     row: dict[str, Any]) -> Freeze | None:
    """A completed inspection whose signature does not hold here (this side's content differs from what was signed,
    e.g. an edit made here while the other side completed it) takes the change that makes it hold again."""
    if found is None or found.cause != COMPLETED or state is None or state.signed or not state.digest:
        return found
    return None if ctx.restores(state, table, row) else found


def _status_step(mine: dict[str, Any], row: dict[str, Any]) -> bool:
    """The incoming version took a status step this side has not (timestamps are UTC text of one width)."""
    theirs, ours = row.get("status_changed_at"), mine.get("status_changed_at")
    return bool(theirs) and (not ours or theirs > ours)


def _finding(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    notice = ctx.notice(mine["notice_id"]) if mine["notice_id"] else None
    if notice is not None and notice.issued:
        stated = changed & set(lifecycle.NOTICE_FIELDS)
        if stated:
            corrected = ctx.corrected(notice.id, mine["id"])
            stated = {f for f in stated if row[f] not in corrected.get(f, [])}
        if "deadline" in stated and _status_step(mine, row):
            stated.discard("deadline")  # reopened with a new deadline: a status step
        if stated:
            return Freeze(FROZEN, NOTICE, notice.number, tuple(sorted(stated)))
    recorded = changed & set(lifecycle.RECORD_FIELDS)
    if recorded and mine["inspection_id"]:
        state = ctx.inspection(mine["inspection_id"])
        return _unless_restored(ctx, state, _inspection_freeze(state, recorded), "finding", row)
    return None


def _evidence(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    owners = {ctx.owner_inspection(mine["owner_type"], mine["owner_id"]),
              ctx.owner_inspection(row["owner_type"], row["owner_id"])}
    for owner in sorted(o for o in owners if o):
        found = _inspection_freeze(ctx.inspection(owner), changed, signed=bool(changed & set(EVIDENCE_SIGNED)))
        if found is not None:
            return found
    return None


def _notice(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    if NoticeStatus(mine["status"]) is not NoticeStatus.ISSUED:
        return None
    frozen = changed - set(NOTICE_OPEN)
    return Freeze(FROZEN, ISSUED, mine["number"], tuple(sorted(frozen))) if frozen else None


def _letter(ctx: Context, mine, row, changed, newer) -> Freeze | None:
    """An issued letter never changes (:mod:`inspector.services.letters`), but for the hash of its latest file."""
    if NoticeStatus(mine["status"]) is not NoticeStatus.ISSUED:
        return None
    frozen = changed - set(NOTICE_OPEN)
    return Freeze(FROZEN, LETTER, mine["number"], tuple(sorted(frozen))) if frozen else None


_CHANGED = {"inspection": _inspection, "inspection_result": _result, "finding": _finding, "evidence": _evidence,
            "rectification_notice": _notice, "letter": _letter, "checklist_template": _template,
            "regulation_version": _regulation, "checklist_section": _child, "checklist_item": _child}


# ---- the state now (resolving a conflict, listing conflicts) ----------------------------------------------


class LiveContext(Context):
    """This side as it is now."""

    def __init__(self, session: Session, held: dict[str, tuple[str, str]] | None = None) -> None:
        self.session = session
        self._held = held or {}
        self._states: dict[str, InspState | None] = {}

    def inspection(self, inspection_id: str | None) -> InspState | None:
        if not inspection_id:
            return None
        if inspection_id not in self._states:
            insp = self.session.get(Inspection, inspection_id)
            self._states[inspection_id] = _state(self.session, insp) if insp is not None else None
        return self._states[inspection_id]

    def notice(self, notice_id: str | None) -> NoticeState | None:
        return _notice_state(self.session.get(RectificationNotice, notice_id)) if notice_id else None

    def owner_inspection(self, owner_type: str, owner_id: str) -> str | None:
        return _owners(self.session, owner_type, [owner_id]).get(owner_id)

    def corrected(self, notice_id: str, finding_id: str) -> dict[str, list[Any]]:
        return _local_corrections(self.session, notice_id).get(finding_id, {})

    def held(self, record_id: str) -> tuple[str, str] | None:
        return self._held.get(record_id)


def _restores(session: Session, state: InspState, table: str, row: dict[str, Any]) -> bool:
    model = records.BY_NAME[table]
    obj = session.get(model, row["id"])
    if obj is None or not state.digest:
        return False
    _, fresh = records.parse(table, row, f"{table} {row['id']}")
    keys = [k for k in records.columns(model) if k != "id" and k not in records.BOOKKEEPING]
    saved = {k: getattr(obj, k) for k in keys}
    try:  # the incoming values in place, as loaded (nothing marked changed, nothing flushed), for the digest
        for key in keys:
            set_committed_value(obj, key, getattr(fresh, key))
        with session.no_autoflush:
            return lifecycle.content_digest(session, state.id) == state.digest
    finally:
        for key, value in saved.items():
            set_committed_value(obj, key, value)


def _owners(session: Session, owner_type: str, owner_ids: list[str]) -> dict[str, str]:
    """{owner id: inspection id} for evidence owners of one type."""
    if owner_type == "inspection":
        return {i: i for i in owner_ids}
    model = {"inspection_result": InspectionResult, "finding": Finding}.get(owner_type)
    if model is None or not owner_ids:
        return {}
    found = {}
    for start in range(0, len(owner_ids), 500):
        chunk = owner_ids[start:start + 500]
        found.update(session.connection().execute(
            sa_select(model.id, model.inspection_id).where(model.id.in_(chunk))).all())
    return {k: v for k, v in found.items() if v}


def _local_corrections(session: Session, notice_id: str) -> dict[str, dict[str, list[Any]]]:
    """{finding id: {field: [values]}} the issued 更正通知 of ``notice_id`` state."""
    out: dict[str, dict[str, list[Any]]] = {}
    for changes in session.exec(select(RectificationNotice.changes).where(
            RectificationNotice.corrects_id == notice_id, RectificationNotice.status == NoticeStatus.ISSUED)):
        add_corrections(out, changes or [])
    return out


def add_corrections(out: dict[str, dict[str, list[Any]]], changes: list[dict[str, Any]]) -> None:
    for change in changes:
        if isinstance(change, dict) and isinstance(change.get("finding_id"), str) \
                and change.get("field") in lifecycle.CORRECTABLE_FIELDS:
            out.setdefault(change["finding_id"], {}).setdefault(change["field"], []).append(change.get("new"))


# ---- the state before the bundle (the importer's walk) ----------------------------------------------------


@dataclass
class WalkContext(Context):
    """The receiving side as it was before the bundle, for one walk over a bundle's records.

    The import applies each batch before it reads the next, and the tables in order (inspections before their
    findings, findings before notices…); the preview applies nothing. So that both judge alike, what a batch is
    about to change is remembered first: the inspections and notices the bundle creates or updates (their state
    before), the records it holds back. Everything else is read from the vault, whose rows the bundle has not
    touched yet. What is kept grows with the inspections and notices a bundle carries, and the records it holds
    back, not with its findings, results or evidence; the lookups a batch needs are made once per batch.
    """

    session: Session
    bundle_corrections: dict[str, dict[str, dict[str, list[Any]]]] = field(default_factory=dict)
    """{corrected notice id: {finding id: {field: [values]}}} from the issued 更正通知 the bundle carries."""
    bundle_issued: dict[str, str] = field(default_factory=dict)
    """{notice id: number} of the issued notices the bundle carries."""
    _states: dict[str, InspState | None] = field(default_factory=dict)
    _unfrozen: dict[str, bool] = field(default_factory=dict)
    _notices: dict[str, NoticeState | None] = field(default_factory=dict)
    _templates: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    _owner_cache: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _corrections: dict[str, dict[str, dict[str, list[Any]]]] = field(default_factory=dict)
    _held: dict[str, tuple[str, str]] = field(default_factory=dict)
    voided: list[str] = field(default_factory=list)
    """Inspections whose signature the bundle voids or replaces (taken, the other side saw it): for the audit."""
    reopened: list[str] = field(default_factory=list)
    """Inspections the bundle reopens (taken): this side's exported records of them are superseded."""
    corrections_issued: list[tuple[str, str]] = field(default_factory=list)
    """(corrected notice id, number of the correction) for the 更正通知 the bundle issues here."""

    # -- per batch
    def prepare(self, table: str, batch: list[dict[str, Any]], local: dict[str, Any]) -> None:
        """Before judging a batch of ``table``: remember what the batch may change as it was, look up what it needs.

        An inspection's state is read when a record first needs it, which is always before the batch that
        changes it is applied; only the inspections the bundle brings new are remembered here (absent before)."""
        if table == "inspection":
            for row in batch:
                if row["id"] not in local:
                    self._states.setdefault(row["id"], None)
        elif table == "rectification_notice":
            for row in batch:
                obj = local.get(row["id"])
                if row["id"] not in self._notices:
                    self._notices[row["id"]] = _notice_state(obj)
        elif table == "checklist_template":  # their state before the bundle: sections and items come after
            for row in batch:
                if row["id"] not in self._templates:
                    obj = local.get(row["id"])
                    self._templates[row["id"]] = ((VersionStatus(obj.status).value, _version_name(obj.name, obj.version))
                                                  if obj is not None else None)
        elif table == "evidence":
            self._owner_cache.clear()  # per batch: the owners of this batch only
            wanted: dict[str, set[str]] = {}
            for row in batch:
                mine = local.get(row["id"])
                pairs = {(row["owner_type"], row["owner_id"])}
                if mine is not None:
                    pairs.add((mine.owner_type, mine.owner_id))
                for owner_type, owner_id in pairs:
                    if owner_type in INSPECTION_OWNERS:
                        wanted.setdefault(owner_type, set()).add(owner_id)
            for owner_type, ids in wanted.items():
                found = _owners(self.session, owner_type, sorted(ids))
                for owner_id in ids:
                    self._owner_cache[(owner_type, owner_id)] = found.get(owner_id)

    # -- Context
    def inspection(self, inspection_id: str | None) -> InspState | None:
        if not inspection_id or inspection_id in self._unfrozen:
            return None
        if inspection_id not in self._states:
            insp = self.session.get(Inspection, inspection_id)
            self._states[inspection_id] = _state(self.session, insp) if insp is not None else None
        state = self._states[inspection_id]
        if state is None or not (state.completed or state.signed):
            return None
        return state

    def notice(self, notice_id: str | None) -> NoticeState | None:
        if not notice_id:
            return None
        if notice_id not in self._notices:
            self._notices[notice_id] = _notice_state(self.session.get(RectificationNotice, notice_id))
        return self._notices[notice_id]

    def owner_inspection(self, owner_type: str, owner_id: str) -> str | None:
        if owner_type not in INSPECTION_OWNERS:
            return None
        key = (owner_type, owner_id)
        if key not in self._owner_cache:
            self._owner_cache[key] = _owners(self.session, owner_type, [owner_id]).get(owner_id)
        return self._owner_cache[key]

    def corrected(self, notice_id: str, finding_id: str) -> dict[str, list[Any]]:
        if notice_id not in self._corrections:
            self._corrections[notice_id] = _local_corrections(self.session, notice_id)
        out: dict[str, list[Any]] = {}
        for source in (self._corrections[notice_id], self.bundle_corrections.get(notice_id, {})):
            for name, values in source.get(finding_id, {}).items():
                out.setdefault(name, []).extend(values)
        return out

    def held(self, record_id: str) -> tuple[str, str] | None:
        return self._held.get(record_id)

    def template(self, template_id: str | None) -> tuple[str, str] | None:
        if template_id in self._templates:
            return self._templates[template_id]
        return super().template(template_id)

    def issued(self, notice_id: str | None) -> NoticeState | None:
        if notice_id in self.bundle_issued:
            return NoticeState(notice_id, self.bundle_issued[notice_id], True)
        return super().issued(notice_id)

    def hold(self, table: str, row: dict[str, Any]) -> None:
        self._held[row["id"]] = (table, title(row))

    def unfreeze(self, inspection_id: str, *, voided: bool) -> None:
        self._unfrozen[inspection_id] = voided
        (self.voided if voided else self.reopened).append(inspection_id)
