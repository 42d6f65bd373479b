"""统一社会信用代码 (unified social credit code, GB 32100-2015): its form and check character.

A code is 18 characters from the 31 of :data:`ALPHABET` (the digits and the capital
letters without I, O, S, V and Z):

* 1 登记管理部门代码, 2 机构类别代码, 3–8 登记管理机关行政区划码,
  9–17 主体标识码（组织机构代码）, 18 校验码.

The check character: with ``w_i = 3^(i-1) mod 31`` and ``c_i`` the value of the i-th
character (its index in :data:`ALPHABET`), ``C18 = 31 - (Σ c_i·w_i mod 31)``, where 31
becomes 0. Only this check character of the standard is checked (the organisation code
inside the code has its own GB 11714 check, which is not asked of it here).

:func:`normalise` upper-cases and strips a code; :func:`problem` says what is wrong with
one (None when it is valid or empty: a department may have no code yet); :func:`check`
raises it as a bilingual :class:`~inspector.errors.BadInputError`.
"""

from __future__ import annotations

from inspector.errors import BadInputError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LENGTH = 18
WEIGHTS = tuple(pow(3, i, 31) for i in range(LENGTH - 1))   # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
_VALUE = {c: n for n, c in enumerate(ALPHABET)}
_EXCLUDED = set("IOSVZ")


def normalise(code: str | None) -> str:
    """The code as stored: surrounding spaces removed, letters upper-cased (full-width characters made ASCII)."""
    text = (code or "").strip()
    text = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)
    return text.upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must be in :data:`ALPHABET`)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str | None) -> tuple[str, str] | None:
    """What is wrong with ``code`` (after :func:`normalise`), in Chinese and English; None if nothing is."""
    code = normalise(code)
    if not code:
        return None
    if len(code) != LENGTH:
        return (f"统一社会信用代码应为 {LENGTH} 位，“{code}”是 {len(code)} 位。",
                f"A unified social credit code has {LENGTH} characters; {code!r} has {len(code)}.")
    for n, c in enumerate(code, 1):
        if c not in _VALUE:
            if c in _EXCLUDED:
                zh_why, en_why = f"代码中不使用字母 {c}", f"the letter {c} is not used in codes"
            else:
                zh_why, en_why = "只能是数字和大写字母", "only digits and capital letters are allowed"
            return (f"统一社会信用代码第 {n} 位“{c}”无效（{zh_why}）。",
                    f"Character {n} of the unified social credit code, {c!r}, is invalid ({en_why}).")
    expected = check_character(code[:-1])
    if code[-1] != expected:
        return (f"统一社会信用代码校验位不符：第 18 位应为“{expected}”，而不是“{code[-1]}”。请核对代码是否抄错。",
                f"The check character of the unified social credit code does not match: character 18 should be "
                f"{expected!r}, not {code[-1]!r}. Please check the code for a typing mistake.")
    return None


def is_valid(code: str | None) -> bool:
    """Whether ``code`` is a well-formed code with the right check character (empty is not)."""
    return bool(normalise(code)) and problem(code) is None


def check(code: str | None) -> str:
    """The normalised code, or :class:`BadInputError` saying what is wrong; an empty code is allowed."""
    found = problem(code)
    if found is not None:
        raise BadInputError(*found, field="code")
    return normalise(code)
