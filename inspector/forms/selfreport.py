"""The self-report form (自查表, art. 32 (2)): one per department and plan, and its import.

The form lists the plan's checklist (item code, section, item, requirement, how
to check, articles) with three answer columns: the conclusion (a dropdown of
符合/部分符合/不符合/不适用), an explanation and the list of evidence the
department will hand over. Importing it stores a new :class:`SelfReport`; a
re-import keeps the history (``supersedes_id``) and the inspection runner shows
the newest (:func:`inspector.services.selfreports.latest_self_report`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlmodel import Session, select

from inspector.errors import BadInputError, NotFoundError
from inspector.forms import BuiltForm, Column, Field, FormFile, FormSpec, ImportResult
from inspector.forms import reading, xlsx
from inspector.model import (
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Department,
    Plan,
    PlanTarget,
    SelfReport,
    SelfReportAnswer,
    Verdict,
    new_id,
    utcnow,
)
from inspector.regulation import chinese_number
from inspector.services.selfreports import latest_self_report

VERDICTS = {v.zh: v for v in Verdict}  # 符合 部分符合 不符合 不适用, in that order

SPEC = FormSpec(
    kind="selfreport", sheet="自查表", name=("自查表", "self-report form"), row_noun=("检查项", "item"),
    columns=(
        Column("code", "检查项编号", "Code", 10),
        Column("section", "检查内容", "Section", 20),
        Column("title", "检查项", "Item", 18),
        Column("text", "检查要求", "Requirement", 44),
        Column("how", "检查方法", "How to check", 44),
        Column("articles", "依据条款", "Articles", 12),
        Column("answer", "自查结论", "Conclusion", 13, "choice", choices=tuple(VERDICTS)),
        Column("explanation", "情况说明", "Explanation", 36, "text"),
        Column("evidence", "佐证材料清单", "Evidence (file names)", 30, "text"),
    ),
    fields=(Field("respondent", "填报人", "Respondent"), Field("phone", "联系电话", "Phone", max_len=40)),
)


def articles_label(numbers: list[int]) -> str:
    return "、".join(f"第{chinese_number(n)}条" for n in numbers)


def item_rows(session: Session, template_id: str) -> list[tuple[ChecklistItem, list[str]]]:
    """Each checklist item with the fixed cells of its row, exactly as the form writes them."""
    sections = {s.number: f"{s.clause}{s.title}" for s in session.exec(
        select(ChecklistSection).where(ChecklistSection.template_id == template_id)).all()}
    items = session.exec(select(ChecklistItem).where(ChecklistItem.template_id == template_id)
                         .order_by(ChecklistItem.position)).all()
    return [(i, [xlsx.canon(v) for v in (i.code, sections.get(i.section_no, ""), i.title, i.text, i.how_to_check,
                                         articles_label(i.articles))]) for i in items]


def _is_target(session: Session, plan_id: str, department_id: str) -> bool:
    return session.exec(select(PlanTarget).where(PlanTarget.plan_id == plan_id,
                                                 PlanTarget.department_id == department_id)).first() is not None


def _target(session: Session, plan_id: str, department_id: str) -> tuple[Plan, Department, ChecklistTemplate]:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"找不到检查计划：{plan_id}", f"No plan with id {plan_id}")
    department = session.get(Department, department_id)
    if department is None:
        raise NotFoundError(f"找不到被检查单位：{department_id}", f"No department with id {department_id}")
    if not _is_target(session, plan_id, department_id):
        raise BadInputError(f"“{department.name}”不是检查计划“{plan.title}”的检查对象。",
                            f"{department.name} is not a target of the plan {plan.title!r}.")
    return plan, department, session.get(ChecklistTemplate, plan.template_id)


def build_form(session: Session, plan_id: str, department_id: str) -> BuiltForm:
    """The department's self-report form for the plan, registered in the vault (its id and checksum)."""
    plan, department, template = _target(session, plan_id, department_id)
    rows = [cells for _, cells in item_rows(session, template.id)]
    form_id = new_id()
    ids = dict(form_id=form_id, plan_id=plan.id, department_id=department.id, template_id=template.id,
               template_code=template.code, template_version=str(template.version),
               generated_at=utcnow().isoformat(timespec="seconds"))
    title = f"{department.name} 政务数据安全自查表"
    info = f"检查计划：{plan.title}　　检查清单：{template.name}（第 {template.version} 版，{len(rows)} 项）"
    return xlsx.issue_form(
        session, SPEC, ids=ids, rows=rows, title=title, info=info,
        about=[f"被检查单位：{department.name}", f"检查计划：{plan.title}",
               "依据：《晋城市政务数据安全实施细则》第三十二条（自查评估）。"],
        steps=["在“自查表”工作表第 2 行填写填报人和联系电话。",
               "对每个检查项，在黄色区域填写：自查结论（下拉选择：符合、部分符合、不符合、不适用）、情况说明、佐证材料清单。",
               "自查结论为“部分符合”或“不符合”的，请在情况说明中写明现状和整改打算；“不适用”的请说明理由。"],
        english="Self-report form: for each item fill in the yellow cells (conclusion from the list, explanation, "
                "evidence file names); do not change the grey cells, insert rows or use formulas; save as .xlsx.",
        name=_name(department, plan))


def _name(department: Department, plan: Plan) -> str:
    return f"{department.name}-{plan.title}-{SPEC.name[0]}"


def suggested_filename(session: Session, plan_id: str, department_id: str) -> str:
    """The file name :func:`build_form` gives the form, without building (or registering) it."""
    plan, department = session.get(Plan, plan_id), session.get(Department, department_id)
    if plan is None or department is None:
        return SPEC.name[0] + xlsx.SUFFIX
    return xlsx.safe_filename(_name(department, plan)) + xlsx.SUFFIX


def save_form(vault, plan_id: str, department_id: str, out: Path) -> FormFile:
    """Build the form and write it to ``out`` atomically (what the CLI and the UI call)."""
    return xlsx.save_form(vault, lambda s: build_form(s, plan_id, department_id), out)


def import_form(session: Session, data: bytes, filename: str, *, plan_id: str | None = None,
                department_id: str | None = None) -> ImportResult:
    """Check the returned form completely, then store it as the department's newest self-report.

    ``plan_id`` / ``department_id``: what the user meant to import (a form for
    another plan or department is refused). Raises :class:`FormErrors` with
    every problem found; nothing is written unless there is none.
    """
    form = reading.read_form(data, filename, SPEC)
    ids = form.ids
    plan = session.get(Plan, ids.get("plan_id", ""))
    department = session.get(Department, ids.get("department_id", ""))
    if plan is None or department is None:
        form.add_file("表单所属的检查计划或被检查单位在本保险库中不存在。",
                      "The plan or the department of this form does not exist in this vault.")
    if plan is not None and plan_id and plan.id != plan_id:
        chosen = session.get(Plan, plan_id)
        form.add_file(f"这份自查表属于检查计划“{plan.title}”，不是所选的“{chosen.title if chosen else plan_id}”。",
                      f"This self-report form belongs to the plan {plan.title!r}, not the one chosen.")
    if department is not None and department_id and department.id != department_id:
        chosen = session.get(Department, department_id)
        form.add_file(f"这份自查表是“{department.name}”的，不是所选单位“{chosen.name if chosen else department_id}”的。",
                      f"This self-report form is {department.name}'s, not the chosen department's.")
    if plan is not None and department is not None and not _is_target(session, plan.id, department.id):
        form.add_file(f"“{department.name}”不是检查计划“{plan.title}”的检查对象。",
                      f"{department.name} is not a target of the plan {plan.title!r}.")
    template = session.get(ChecklistTemplate, ids.get("template_id", ""))
    if plan is not None and (template is None or template.id != plan.template_id
                             or str(template.version) != ids.get("template_version")):
        current = session.get(ChecklistTemplate, plan.template_id)
        form.add_file(f"表单使用的检查清单（{ids.get('template_code', '?')} 第 {ids.get('template_version', '?')} 版）"
                      f"与检查计划现用的清单（{current.code} 第 {current.version} 版）不一致，请重新下发自查表。",
                      "The form's checklist version differs from the plan's current one; issue a new form.")
    rows = item_rows(session, template.id) if template is not None else []
    if not rows:
        form.raise_if_problems()
    by_code = reading.check_integrity(session, form, [cells for _, cells in rows])
    answers: dict[str, tuple[Verdict | None, str, str]] = {}
    for item, _ in rows:
        row = by_code.get(item.code)
        if row is not None:
            label = form.choice(row, "answer")
            answers[item.id] = (VERDICTS.get(label), form.text(row, "explanation"), form.text(row, "evidence"))
    respondent, phone = form.field_text("respondent"), form.field_text("phone")
    form.raise_if_problems()

    latest = latest_self_report(session, plan.id, department.id)
    if latest is not None and latest.source_sha256 == form.sha256:
        raise BadInputError(f"这个文件已经导入过（{latest.received_at:%Y-%m-%d %H:%M} UTC），未重复导入。",
                            "This very file was imported before; it was not imported again.")
    report = SelfReport(plan_id=plan.id, department_id=department.id, form_id=ids["form_id"], received_at=utcnow(),
                        respondent=f"{respondent}（{phone}）" if phone else respondent, source_filename=form.filename,
                        source_sha256=form.sha256, supersedes_id=latest.id if latest else None)
    session.add(report)
    session.flush()
    for item_id, (verdict, explanation, evidence) in answers.items():
        session.add(SelfReportAnswer(self_report_id=report.id, item_id=item_id, answer=verdict,
                                     explanation=explanation, evidence_list=evidence))
    session.flush()
    counts = Counter(v.value if v else "unanswered" for v, _, _ in answers.values())
    return ImportResult(kind=SPEC.kind, report_id=report.id, supersedes_id=report.supersedes_id,
                        department_id=department.id, department=department.name, plan_id=plan.id, notice_id=None,
                        form_id=report.form_id, filename=form.filename, sha256=form.sha256, rows=len(answers),
                        answered=len(answers) - counts.get("unanswered", 0), counts=dict(counts))


def import_file(vault, path: Path, **expected: str | None) -> ImportResult:
    """Read ``path`` and import it in one vault session (a failure leaves the vault untouched)."""
    data = reading.read_file(path)
    with vault.session() as s:
        return import_form(s, data, Path(path).name, **expected)

