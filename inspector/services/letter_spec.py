"""What a kind of letter is: the interface between the letter service and the kinds it serves.

A *letter* is an official document other than the rectification notice and the on-site record
(检查通知, 整改复查意见书, 督办通知, the art. 33 letters). Each kind says which records it is about,
which inputs the office types in, how its text is composed from the vault, and what issuing it does.
The text (:data:`LetterContent`) is a plain JSON dict, frozen into the letter when it is issued::

    {
      "title": "关于开展政务数据安全监督检查的通知",
      "addressee": "晋城市卫生健康委员会",               # 主送机关 (printed "…：")
      "blocks": [{"kind": "p", "text": "…"},             # body paragraph (2-character indent)
                 {"kind": "h1", "text": "一、检查时间"},   # 黑体
                 {"kind": "h2", "text": "（一）…"},        # 楷体
                 {"kind": "table", "headers": ["序号", "…"], "rows": [["1", "…"]], "widths": [0.1, 0.9]}],
      "attachments": ["政务数据安全自查表"],              # 附件说明, may be empty
      "articles": [32],                                   # cited articles (an appendix prints them ascending)
    }
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LetterContent = dict[str, Any]


@dataclass(frozen=True)
class FieldSpec:
    """One input the office gives a letter of this kind (rendered by the UI, ``--set key=value`` on the CLI)."""

    key: str
    zh: str
    en: str
    type: str = "text"
    """``text`` | ``multiline`` | ``date`` (ISO ``YYYY-MM-DD``) | ``choice``."""
    choices: tuple[tuple[str, str, str], ...] = ()
    """For ``choice``: (value, zh, en)."""
    required: bool = False


@dataclass(frozen=True)
class LetterKind:
    key: str
    """``inspection_notice`` | ``review`` | ``urge`` | ``secrecy_report`` | ``police_referral``."""
    zh: str
    en: str
    reason: str
    """The signature's reason (``签发检查通知``…)."""
    needs: tuple[str, ...]
    """Which of ``plan``, ``department``, ``notice`` the letter must name."""
    fields: tuple[FieldSpec, ...]
    compose: Callable[[Any, Any], LetterContent]
    """``compose(session, letter)``: the text, from the vault and ``letter.fields``."""
    defaults: Callable[[Any, Any], dict[str, Any]] = lambda session, letter: {}
    """``defaults(session, letter)``: initial ``fields`` for a new draft."""
    validate: Callable[[Any, Any, dict[str, Any]], dict[str, Any]] = lambda session, letter, values: values
    """``validate(session, letter, fields)``: the fields normalised, or ``BadInputError`` (zh + en, ``field=key``)."""
    on_issue: Callable[[Any, Any], None] | None = None
    """``on_issue(session, letter)``: what issuing it does to other records (after numbering, before freezing)."""
    extra: dict[str, Any] = field(default_factory=dict)
