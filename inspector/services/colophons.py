"""A document's own 抄送, 印发机关, 联系人 and 电话 (its 版记 and 附注), changed while it is a draft.

A document stores only what differs from the settings' defaults as ``{"cc": [...], "printer": "",
"contact": "", "phone": ""}`` (its ``colophon`` column); :func:`inspector.documents.official.colophon_for`
lays those over the defaults. Once the notice is issued its colophon is frozen with its content and
never changes (a 更正通知 is a document of its own, with its own).

Two people editing the same notice's colophon (issue 20): :func:`set_notice` takes the notice's ``revision`` as
the editor showed it (:attr:`ColophonValues.revision`); someone else's save since is refused
(:class:`inspector.concurrency.StaleEditError`), never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from inspector import concurrency
from inspector.documents.official import colophon_for
from inspector.errors import BadInputError, NotFoundError
from inspector.model import NoticeStatus, RectificationNotice
from inspector.services import settings

FIELDS = ("cc", "printer", "contact", "phone")
LABELS = {"cc": ("抄送", "Copies to"), "printer": ("印发机关", "Issued by"), "contact": ("联系人", "Contact"),
          "phone": ("电话", "Telephone")}


@dataclass(frozen=True)
class ColophonValues:
    """What a document prints, as the dialog edits it: 抄送 as one 、-separated line."""

    cc: str
    printer: str
    contact: str
    phone: str
    organisation: str
    """印发机关 when ``printer`` is left empty."""
    revision: int = 0
    """The notice's revision as read: a save of these values is checked against it."""


def check(values: dict) -> dict:
    """``{"cc": list | str, "printer", "contact", "phone"}`` as a document stores it, or ``BadInputError``."""
    out: dict = {}
    for key, setting in (("cc", settings.DOC_CC), ("printer", settings.DOC_PRINTER),
                         ("contact", settings.DOC_CONTACT), ("phone", settings.DOC_PHONE)):
        value = values.get(key, "")
        if key == "cc" and not isinstance(value, str):
            value = "、".join(str(v) for v in value or ())
        if not isinstance(value, str):
            raise BadInputError(f"无效的值：{key}", f"Invalid value: {key}", field=key)
        try:
            value = settings.check_document_text(setting, value)
        except BadInputError as err:
            zh, en = LABELS[key]
            raise BadInputError(f"{zh}：{err.zh}", f"{en}: {err.en}", field=key) from None
        out[key] = settings.split_cc(value) if key == "cc" else value
    return out


def _notice(session: Session, notice_id: str) -> RectificationNotice:
    notice = session.get(RectificationNotice, notice_id)
    if notice is None:
        raise NotFoundError(f"找不到整改通知书：{notice_id}", f"No rectification notice with id {notice_id}")
    return notice


def notice_values(session: Session, notice_id: str) -> ColophonValues:
    """What the notice prints now (its own values over the settings' defaults)."""
    notice = _notice(session, notice_id)
    c = colophon_for(session, notice.colophon, printed_on=None)
    stored_printer = (notice.colophon or {}).get("printer")
    printer = stored_printer if stored_printer is not None else settings.get(session, settings.DOC_PRINTER)
    return ColophonValues(cc=settings.join_cc(c.cc), printer=printer, contact=c.contact, phone=c.phone,
                          organisation=settings.get(session, settings.ORG_NAME), revision=notice.revision)


def set_notice(session: Session, notice_id: str, values: dict, *, revision: int | None = None) -> ColophonValues:
    """Give a draft notice its own 抄送/印发机关/联系人/电话; an issued notice is refused (its text is frozen).
    ``revision``: the notice's as the editor showed it; someone else's save since is refused."""
    notice = _notice(session, notice_id)
    try:
        concurrency.expect(session, notice, revision, what=("整改通知书", "rectification notice"), shown=("number",))
    except concurrency.StaleEditError as err:
        theirs = notice_values(session, notice_id)  # what the notice prints now: the other person's values
        err.current.update({key: getattr(theirs, key) for key in FIELDS})
        raise
    if NoticeStatus(notice.status) is NoticeStatus.ISSUED:
        raise BadInputError(f"整改通知书已签发，抄送和附注随通知书固定，不能再修改：{notice.number}",
                            f"The notice was issued; its copies and note are fixed with it: {notice.number}")
    notice.colophon = check(values)
    session.flush()
    return notice_values(session, notice_id)
