"""The rectification report form (整改情况报告表, art. 32 (4)): one per issued notice, and its import.

One row per finding of the notice (number, finding, description, requirement,
deadline, articles) with three answer columns: the measures taken, the
completion date and the list of evidence. Importing it stores a new
:class:`RectificationReport` (a re-import supersedes the previous one) and moves
every reported finding to ``reported`` — awaiting verification — through the
workflow rules, so each step is a recorded transition.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from inspector import workflow
from inspector.errors import BadInputError
from inspector.forms import (
    BuiltForm,
    Column,
    FormFile,
    FormSpec,
    ImportResult,
    reading,
    xlsx,
)
from inspector.forms.selfreport import articles_label
from inspector.model import (
    Department,
    Finding,
    FindingStatus,
    NoticeFinding,
    NoticeStatus,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
    new_id,
    utcnow,
)
from inspector.services.findings import change_status
from inspector.services.rectification import get_notice
from inspector.timezones import china_today

SPEC = FormSpec(
    kind="rectification", sheet="整改情况", name=("整改情况报告表", "rectification report form"),
    row_noun=("问题", "finding"),
    columns=(
        Column("no", "序号", "No.", 7),
        Column("title", "问题", "Finding", 24),
        Column("description", "问题描述", "Description", 40),
        Column("requirement", "整改要求", "Requirement", 32),
        Column("deadline", "整改期限", "Deadline", 12),
        Column("articles", "依据条款", "Articles", 12),
        Column("measures", "已采取的整改措施", "Measures taken", 42, "text", max_len=4000),
        Column("completed_on", "完成日期", "Completed on", 14, "date"),
        Column("evidence", "佐证材料清单", "Evidence (file names)", 30, "text"),
    ),
)


def notice_findings(session: Session, notice_id: str) -> list[Finding]:
    """The notice's findings in the order the form lists them."""
    return list(session.exec(select(Finding).join(NoticeFinding, NoticeFinding.finding_id == Finding.id)
                             .where(NoticeFinding.notice_id == notice_id)
                             .order_by(Finding.created_at, Finding.id)).all())


def finding_rows(findings: list[Finding]) -> list[list[str]]:
    """The fixed cells of each finding's row, exactly as the form writes them."""
    return [[xlsx.canon(v) for v in (str(n), f.title, f.description, f.rectification_requirement,
                                     f.deadline.isoformat() if f.deadline else "", articles_label(f.articles))]
            for n, f in enumerate(findings, 1)]


def latest_report(session: Session, notice_id: str) -> RectificationReport | None:
    """The notice's current report: the newest one no re-import superseded."""
    reports = session.exec(select(RectificationReport).where(RectificationReport.notice_id == notice_id)).all()
    superseded = {r.supersedes_id for r in reports if r.supersedes_id}
    return max((r for r in reports if r.id not in superseded), key=lambda r: (r.received_at, r.created_at),
               default=None)


def build_form(session: Session, notice_id: str) -> BuiltForm:
    """The rectification report form of an issued notice, registered in the vault (its id and checksum)."""
    notice = get_notice(session, notice_id)
    if NoticeStatus(notice.status) is not NoticeStatus.ISSUED:
        raise BadInputError("只有已签发的整改通知书才能生成整改情况报告表。",
                            "Only an issued rectification notice gets a rectification report form.")
    department = session.get(Department, notice.department_id)
    findings = notice_findings(session, notice.id)
    rows = finding_rows(findings)
    form_id = new_id()
    ids = dict(form_id=form_id, notice_id=notice.id, notice_number=notice.number, department_id=department.id,
               plan_id=notice.plan_id or "", findings=",".join(f.id for f in findings),
               generated_at=utcnow().isoformat(timespec="seconds"))
    deadline = notice.deadline.isoformat() if notice.deadline else "—"
    title = f"{department.name} 整改情况报告表"
    info = f"整改通知书：{notice.number}　　签发日期：{notice.issued_on or '—'}　　整改期限：{deadline}　　问题 {len(rows)} 项"
    return xlsx.issue_form(
        session, SPEC, ids=ids, rows=rows, title=title, info=info,
        about=[f"被检查单位：{department.name}", f"整改通知书：{notice.number}（整改期限：{deadline}）",
               "依据：《晋城市政务数据安全实施细则》第三十二条（整改提高）。"],
        steps=["在“整改情况”工作表中，对每个已完成整改的问题，在黄色区域填写已采取的整改措施、完成日期和佐证材料清单。",
               "完成日期请填写实际完成的日期，例如 2026-12-01，不得晚于报送当天。尚未完成整改的问题，整行留空。"],
        english="Rectification report: for each finding rectified fill in the yellow cells (measures taken, completion "
                "date, evidence file names); leave a row empty if not yet done; do not change the grey cells; save as .xlsx.",
        name=_name(department, notice))


def _name(department: Department, notice: RectificationNotice) -> str:
    return f"{department.name}-{notice.number}-{SPEC.name[0]}"


def suggested_filename(session: Session, notice_id: str) -> str:
    """The file name :func:`build_form` gives the form of the notice, without building (or registering) it."""
    notice = session.get(RectificationNotice, notice_id)
    department = session.get(Department, notice.department_id) if notice is not None else None
    if notice is None or department is None:
        return SPEC.name[0] + xlsx.SUFFIX
    return xlsx.safe_filename(_name(department, notice)) + xlsx.SUFFIX


def save_form(vault, notice_id: str, out: Path) -> FormFile:
    """Build the form and write it to ``out`` atomically (what the CLI and the UI call)."""
    return xlsx.save_form(vault, lambda s: build_form(s, notice_id), out)


def import_form(session: Session, data: bytes, filename: str, *, notice_id: str | None = None,
                today: date | None = None) -> ImportResult:
    """Check the returned form completely, then store the report and move its findings to ``reported``.

    ``notice_id``: the notice the user meant (a form of another notice is
    refused). Raises :class:`FormErrors` with every problem found; nothing is
    written unless there is none.
    """
    today = today or china_today()
    form = reading.read_form(data, filename, SPEC)
    ids = form.ids
    notice = session.get(RectificationNotice, ids.get("notice_id", ""))
    if notice is None:
        form.add_file("表单所属的整改通知书在本保险库中不存在。", "The notice of this form does not exist in this vault.")
        form.raise_if_problems()
    if notice_id and notice.id != notice_id:
        chosen = session.get(RectificationNotice, notice_id)
        form.add_file(f"这份整改情况报告表属于整改通知书“{notice.number}”，不是所选的“{chosen.number if chosen else notice_id}”。",
                      f"This form belongs to the notice {notice.number}, not the one chosen.")
    if NoticeStatus(notice.status) is not NoticeStatus.ISSUED or ids.get("department_id") != notice.department_id:
        form.add_file("整改通知书未签发，或表单的被检查单位与通知书不符。",
                      "The notice is not issued, or the form's department is not the notice's.")
    findings = notice_findings(session, notice.id)
    if ids.get("findings") != ",".join(f.id for f in findings):
        form.add_file(f"表单所列问题与整改通知书“{notice.number}”的问题不一致。",
                      f"The findings of the form are not those of the notice {notice.number}.")
    by_no = reading.check_integrity(session, form, finding_rows(findings))
    reported: list[tuple[Finding, str, date, str]] = []
    for n, finding in enumerate(findings, 1):
        row = by_no.get(str(n))
        if row is None:
            continue
        measures, done, evidence = form.text(row, "measures"), form.date(row, "completed_on"), form.text(row, "evidence")
        if not (measures or done or evidence or row.refused):
            continue  # not rectified yet: the row stays empty
        if not measures and "measures" not in row.refused:
            form.add(row.row, "measures", "请填写已采取的整改措施（尚未完成整改的问题请整行留空）。",
                     "Describe the measures taken (leave the whole row empty if not done yet).")
        if done is None and not xlsx.canon(row.answers.get("completed_on")) and "completed_on" not in row.refused:
            form.add(row.row, "completed_on", "请填写完成日期。", "Give the completion date.")
        if done is not None and done > today:
            form.add(row.row, "completed_on", f"完成日期 {done} 晚于今天（{today}），请填写实际完成的日期。",
                     f"The completion date {done} is after today ({today}); give the date it was done.")
        status = FindingStatus(finding.status)
        if status is not FindingStatus.REPORTED and FindingStatus.REPORTED not in workflow.allowed(status):
            form.add(row.row, "no", f"问题“{finding.title}”当前状态为“{status.zh}”，不能再报送整改情况。",
                     f"The finding {finding.title!r} is {status.value}; no rectification can be reported for it.")
        reported.append((finding, measures, done, evidence))
    if not reported and not form.problems:
        form.add(None, None, "表中没有填写任何整改情况。", "The form reports no rectification at all.")
    form.raise_if_problems()

    latest = latest_report(session, notice.id)
    if latest is not None and latest.source_sha256 == form.sha256:
        raise BadInputError(f"这个文件已经导入过（{latest.received_at:%Y-%m-%d %H:%M} UTC），未重复导入。",
                            "This very file was imported before; it was not imported again.")
    report = RectificationReport(notice_id=notice.id, department_id=notice.department_id, form_id=ids["form_id"],
                                 received_at=utcnow(), source_filename=form.filename, source_sha256=form.sha256,
                                 supersedes_id=latest.id if latest else None)
    session.add(report)
    session.flush()
    moved = 0
    for finding, measures, done, evidence in reported:
        session.add(RectificationItem(report_id=report.id, finding_id=finding.id, measures=measures,
                                      completed_on=done, evidence_list=evidence))
        if FindingStatus(finding.status) is not FindingStatus.REPORTED:
            change_status(session, finding.id, FindingStatus.REPORTED,
                               reason=f"整改情况报告已导入：{form.filename}")
            moved += 1
    session.flush()
    department = session.get(Department, notice.department_id)
    return ImportResult(kind=SPEC.kind, report_id=report.id, supersedes_id=report.supersedes_id,
                        department_id=department.id, department=department.name, plan_id=notice.plan_id,
                        notice_id=notice.id, form_id=report.form_id, filename=form.filename, sha256=form.sha256,
                        rows=len(findings), answered=len(reported),
                        counts={"moved_to_reported": moved, "already_reported": len(reported) - moved,
                                "not_reported": len(findings) - len(reported)})


def import_file(vault, path: Path, **expected) -> ImportResult:
    """Read ``path`` and import it in one vault session (a failure leaves the vault untouched)."""
    data = reading.read_file(path)
    with vault.session() as s:
        return import_form(s, data, Path(path).name, **expected)
