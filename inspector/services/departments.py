"""被检查单位: the departments under inspection — listing, adding, changing.

Plain functions on a SQLModel ``Session`` (the UI, the command line, the API and the
list import call the same ones). The rules, each refusal a bilingual
:class:`~inspector.errors.BadInputError`:

* a department needs a name, unique (ignoring case and surrounding spaces);
* its 统一社会信用代码 may be empty; if given it is 18 characters with the right GB 32100-2015
  check character (:mod:`inspector.uscc`; stored upper-cased), and no other department has it.
  An update checks the code only when it changes, so a department stored before this rule
  keeps its other fields editable;
* departments are listed by pinyin (:func:`inspector.collation.pinyin_key`).

Importing a list of departments from a spreadsheet is :mod:`inspector.services.department_import`.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from inspector import concurrency, uscc
from inspector.collation import by_pinyin
from inspector.errors import BadInputError, NotFoundError
from inspector.model import Department

DEPARTMENT_FIELDS = ("name", "code", "address", "contact_name", "contact_phone", "notes")


def list_departments(session: Session) -> list[dict[str, Any]]:
    """Every field of every department, by pinyin of the name."""
    rows = session.exec(select(Department)).all()
    return by_pinyin([dict(id=d.id, revision=d.revision, **{f: getattr(d, f) for f in DEPARTMENT_FIELDS})
                      for d in rows])


def name_taken(name: str, others: dict[str, str], own_id: str | None = None) -> str | None:
    """The existing name (of ``others``: id → name) equal to ``name`` ignoring case and spaces, if any."""
    wanted = name.strip().casefold()
    for other_id, other in others.items():
        if other_id != own_id and other.strip().casefold() == wanted:
            return other
    return None


def check_name(session: Session, name: str, own_id: str | None = None) -> None:
    if not name:
        raise BadInputError("请填写单位名称。", "Please enter the department's name.", field="name")
    other = name_taken(name, dict(session.exec(select(Department.id, Department.name)).all()), own_id)
    if other is not None:
        raise BadInputError(f"已有同名单位：{other}", f"A department with this name exists: {other}", field="name")


def check_code(session: Session, code: str, own_id: str | None = None) -> str:
    """The code as stored (normalised), once it is well formed and no other department has it."""
    code = uscc.check(code)
    if code:
        other = session.exec(select(Department).where(Department.code == code, Department.id != (own_id or ""))).first()
        if other is not None:
            raise BadInputError(f"统一社会信用代码 {code} 已属于单位“{other.name}”。",
                                f"The unified social credit code {code} already belongs to {other.name}.",
                                field="code")
    return code


def _values(fields: dict[str, Any]) -> dict[str, str]:
    unknown = set(fields) - set(DEPARTMENT_FIELDS)
    if unknown:
        raise BadInputError(f"未知的单位字段：{', '.join(sorted(unknown))}",
                            f"Unknown department fields: {', '.join(sorted(unknown))}")
    return {k: (v or "").strip() for k, v in fields.items()}


def create_department(session: Session, name: str, **fields: str) -> Department:
    """A new department; ``fields`` are those of :data:`DEPARTMENT_FIELDS` but the name."""
    values = _values({"name": name, **fields})
    check_name(session, values["name"])
    if "code" in values:
        values["code"] = check_code(session, values["code"])
    department = Department(**values)
    session.add(department)
    session.flush()
    return department


def update_department(session: Session, department_id: str, *, revision: int | None = None,
                      **fields: str) -> Department:
    """Change some fields of a department (see the module docstring for the rules); ``revision``: the one the
    editor showed (someone else's save since is refused: :func:`inspector.concurrency.expect`)."""
    department = session.get(Department, department_id)
    if department is None:
        raise NotFoundError(f"找不到被检查单位：{department_id}", f"No such department: {department_id}")
    concurrency.expect(session, department, revision, what=("被检查单位", "department"), shown=("name", "contact_name", "contact_phone"))
    values = _values(fields)
    if "name" in values:
        check_name(session, values["name"], department_id)
    if "code" in values:
        if uscc.normalise(values["code"]) == department.code:
            values["code"] = department.code
        else:
            values["code"] = check_code(session, values["code"], department_id)
    for name, value in values.items():
        if getattr(department, name) != value:
            setattr(department, name, value)
    session.flush()
    return department
