"""Art. 33 escalations: a finding with a leak risk (失泄密隐患) is reported to the secrecy authority; an unlawful
act (违法行为) is stopped at once and referred to the police. Each is a record with its own state
(待报告 → 已报告, 待移送 → 已移送): to whom, when, by whom, the reference number, a note.

Setting a finding's flag opens the record (:func:`open_for_flags`); clearing it removes a record still
pending, and is refused once the escalation was done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    Department,
    Escalation,
    EscalationKind,
    EscalationState,
    Finding,
    Severity,
    utcnow,
)

FLAGS = {"escalate_secrecy": EscalationKind.SECRECY, "escalate_police": EscalationKind.POLICE}


@dataclass(frozen=True)
class EscalationRow:
    id: str
    finding_id: str
    finding_title: str
    department: str
    severity: Severity
    kind: EscalationKind
    state: EscalationState
    authority: str
    done_at: datetime | None
    done_by: str
    reference: str
    note: str

    @property
    def state_zh(self) -> str:
        return self.state.zh_for(self.kind)

    @property
    def state_en(self) -> str:
        return self.state.en_for(self.kind)

    @property
    def immediate(self) -> bool:
        """An unlawful act must stop at once (立即), whatever the rectification deadline."""
        return self.kind is EscalationKind.POLICE


def _of(session: Session, finding_id: str) -> dict[EscalationKind, Escalation]:
    return {EscalationKind(e.kind): e for e in session.exec(select(Escalation).where(Escalation.finding_id == finding_id))}


def check_flags(session: Session, finding: Finding, changed: dict[str, Any]) -> None:
    """Refuse clearing a flag whose escalation was already done (it happened; it stays on record)."""
    existing = _of(session, finding.id)
    for flag, kind in FLAGS.items():
        if flag in changed and not changed[flag]:
            e = existing.get(kind)
            if e is not None and EscalationState(e.state) is EscalationState.DONE:
                raise BadInputError(
                    f"该问题的{kind.zh}已{EscalationState.DONE.zh_for(kind)[1:]}（{e.authority}），不能再取消。",
                    f"This finding's {kind.en.lower()} was already {EscalationState.DONE.en_for(kind).lower()} "
                    f"({e.authority}); it cannot be withdrawn.")


def open_for_flags(session: Session, finding: Finding) -> None:
    """Make the escalation records follow the finding's flags: a record for each flag set, none for a flag
    cleared (only pending ones are ever removed, see :func:`check_flags`)."""
    existing = _of(session, finding.id)
    for flag, kind in FLAGS.items():
        e = existing.get(kind)
        if getattr(finding, flag) and e is None:
            session.add(Escalation(finding_id=finding.id, kind=kind, state=EscalationState.PENDING,
                                   authority=kind.authority_zh))
        elif not getattr(finding, flag) and e is not None and EscalationState(e.state) is EscalationState.PENDING:
            session.delete(e)
    session.flush()


def _row(e: Escalation, f: Finding, department: str) -> EscalationRow:
    return EscalationRow(id=e.id, finding_id=f.id, finding_title=f.title, department=department,
                         severity=Severity(f.severity), kind=EscalationKind(e.kind), state=EscalationState(e.state),
                         authority=e.authority, done_at=e.done_at, done_by=e.done_by, reference=e.reference,
                         note=e.note)


def list_escalations(session: Session, *, pending_only: bool = False, finding_id: str | None = None
                     ) -> list[EscalationRow]:
    """Escalations, pending first, then the latest done; with the finding and its department."""
    query = (select(Escalation, Finding, Department.name).join(Finding, Finding.id == Escalation.finding_id)
             .join(Department, Department.id == Finding.department_id))
    if pending_only:
        query = query.where(Escalation.state == EscalationState.PENDING)
    if finding_id is not None:
        query = query.where(Escalation.finding_id == finding_id)
    rows = [_row(e, f, name) for e, f, name in session.exec(query).all()]
    rows.sort(key=lambda r: (r.state is not EscalationState.PENDING,
                             -(r.done_at.timestamp() if r.done_at else 0), r.department, r.finding_title))
    return rows


def get_escalation(session: Session, escalation_id: str) -> Escalation:
    e = session.get(Escalation, escalation_id)
    if e is None:
        raise NotFoundError(f"找不到上报移送记录：{escalation_id}", f"No escalation with id {escalation_id}")
    return e


def find(session: Session, finding_id: str, kind: EscalationKind) -> Escalation:
    e = _of(session, finding_id).get(EscalationKind(kind))
    if e is None:
        raise NotFoundError(f"该问题没有{EscalationKind(kind).zh}的上报移送记录。",
                            f"The finding has no {EscalationKind(kind).en.lower()} escalation.")
    return e


def record_escalation(session: Session, escalation_id: str, *, authority: str, reference: str = "", note: str = "",
                      done_at: datetime | None = None) -> Escalation:
    """待报告 → 已报告 (待移送 → 已移送): to whom, when, by whom (the vault's actor), the reference number."""
    e = get_escalation(session, escalation_id)
    kind = EscalationKind(e.kind)
    if EscalationState(e.state) is EscalationState.DONE:
        raise BadInputError(f"该{kind.zh}已{EscalationState.DONE.zh_for(kind)[1:]}，不能重复登记。",
                            f"This {kind.en.lower()} is already {EscalationState.DONE.en_for(kind).lower()}.")
    if not authority.strip():
        raise BadInputError(f"请填写接收单位（如{kind.authority_zh}）。",
                            f"Name the body it went to (such as {kind.authority_en}).")
    e.state = EscalationState.DONE
    e.authority = authority.strip()
    e.reference = reference.strip()
    e.note = note.strip()
    e.done_at = done_at or utcnow()
    e.done_by = session.info["audit"].actor
    session.flush()
    return e
