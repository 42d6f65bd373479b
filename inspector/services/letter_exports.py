"""Exporting a letter: the same two steps as the notice and the record (:mod:`inspector.services.exports`)::

    doc = prepare_letter(vault, letter_id)              # read the vault, build the PDF in memory
    result = exports.finish(vault, doc, out, sign=True)  # as every document; the letter keeps the file's hash

The document's kind is the letter's kind key (``inspection_notice``…), so the register of issued documents and
``inspector verify`` name it; a draft carries the 草稿 watermark, has no number and is never registered.
"""

from __future__ import annotations


from inspector.documents import official
from inspector.documents.letter import build_letter
from inspector.errors import BadInputError
from inspector.model import Department
from inspector.progress import CancelToken, ProgressFn, check, no_progress
from inspector import regulation
from inspector.services import exports, letters, regulation_versions, settings
from inspector.vault import Vault


def prepare_letter(vault: Vault, letter_id: str, *, progress: ProgressFn = no_progress,
                   cancel: CancelToken | None = None) -> exports.PreparedDocument:
    progress(0, 3, "读取公文")
    with vault.session(read_only=True) as s:
        letter = letters.get_letter(s, letter_id)
        kind = letters.kind_of(letter.kind)
        issued = letters.is_issued(letter)
        if not issued:
            problems = letters.missing(s, letter)
            if problems:
                key, zh, en = problems[0]
                raise BadInputError(f"{kind.zh}草稿还不完整：{zh}", f"The draft {kind.en} is not complete: {en}",
                                    field=key)
        cites = regulation_versions.regulation_for_letter(s, letter)
        with regulation.using(cites):
            content = letters.content_of(s, letter)
        organisation = settings.get(s, settings.ORG_NAME)
        if issued:  # frozen at issue
            stored = letter.colophon
            colophon = official.Colophon(cc=tuple(stored.get("cc") or ()), printer=stored.get("printer") or organisation,
                                         printed_on=letter.issued_on, contact=stored.get("contact") or "",
                                         phone=stored.get("phone") or "")
        else:
            colophon = official.colophon_for(s, letter.colophon, printed_on=None)
        number, issued_on = letter.number, letter.issued_on
        place = s.get(Department, letter.department_id) if letter.department_id else None
        department = place.name if place is not None else ""
    check(cancel)
    progress(1, 3, "排版")
    with regulation.using(cites):
        built = build_letter(content, number=number, draft=not issued, organisation=organisation,
                             issued_on=issued_on, colophon=colophon)
    progress(3, 3, "")
    shown = number if issued else "草稿"
    who = f" · {department}" if department else ""
    return exports.PreparedDocument(
        kind=kind.key, ref_id=letter_id, built=built, draft=not issued, reason=kind.reason,
        title=f"{kind.zh} {shown}{who}",
        filename=exports._safe_name("-".join(p for p in (kind.zh, shown, department) if p)) + ".pdf",
    )
