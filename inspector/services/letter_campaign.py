"""检查情况通报 — the office's report of a campaign to the bureau (issue 17 §4; arts. 30–33, 35).

A letter of one plan (no department): scope and method (art. 32), the overall results with a heat map of the
sections failed × departments and a compliance table, the typical problems with the articles they break, the
units named as art. 35 asks (重大 findings or findings overdue), and the next steps. The four passages of text
are fields: generated from the vault when the draft is made (:func:`defaults`), edited by the office before it
is issued, and frozen with the rest of the content — the chart's data included, so a re-export draws the same
chart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlmodel import Session, select

from inspector import regulation, workflow
from inspector.collation import pinyin_key
from inspector.model import (
    ChecklistItem,
    Department,
    Finding,
    FindingStatus,
    Inspection,
    Plan,
    Severity,
)
from inspector.services import analytics
from inspector.services.letter_spec import FieldSpec, LetterContent, LetterKind
from inspector.timezones import china_day, china_today

KEY = "campaign_report"
ADDRESSEE = "市政务数据安全工作领导小组"
HEAT_COLUMNS = 20
"""The heat map shows at most this many departments (those with the most failures); the table lists all."""
TYPICAL = 5
"""How many articles the typical problems name by default."""

FIELDS = (
    FieldSpec("addressee", "主送机关", "Addressed to", "text", required=True),
    FieldSpec("overview", "总体情况", "Overall results", "multiline", required=True),
    FieldSpec("problems", "主要问题", "Main problems", "multiline", required=True),
    FieldSpec("named", "点名通报", "Units named (art. 35)", "multiline", required=True),
    FieldSpec("next_steps", "下一步工作", "Next steps", "multiline", required=True),
)

OPEN = (FindingStatus.NOTIFIED, FindingStatus.RECTIFYING, FindingStatus.REOPENED)


def _plan_of(session: Session, letter) -> Plan:
    return analytics._plan(session, letter.plan_id)


def _title(plan: Plan) -> str:
    name = plan.title.strip()
    if name.endswith("检查"):
        return f"关于{name}情况的通报"
    return f"关于{name}检查情况的通报"


def _findings(session: Session, plan_id: str) -> list[tuple]:
    """(id, department name, title, severity, status, deadline, articles, item articles) of the plan's findings
    that count: drafts are not yet findings of the office."""
    rows = session.exec(
        select(Finding.id, Department.name, Finding.title, Finding.severity, Finding.status, Finding.deadline,
               Finding.articles, ChecklistItem.articles)
        .join(Department, Department.id == Finding.department_id)
        .outerjoin(ChecklistItem, ChecklistItem.id == Finding.item_id)
        .where(Finding.plan_id == plan_id)
    ).all()
    return [r for r in rows if FindingStatus(r[4]) is not FindingStatus.DRAFT]


def _inspected(session: Session, plan_id: str) -> tuple[int, Any, Any]:
    """How many departments were inspected under the plan, and the first and last day of the visits."""
    rows = session.exec(select(Inspection.department_id, Inspection.started_at)
                        .where(Inspection.plan_id == plan_id, Inspection.reinspects_notice_id.is_(None))).all()
    days = sorted(china_day(at) for _, at in rows if at is not None)
    return len({d for d, at in rows if at is not None}), (days[0] if days else None), (days[-1] if days else None)


def facts(session: Session, plan_id: str) -> dict[str, Any]:
    """The numbers the default text and the tables are made of."""
    today = china_today()
    departments = analytics._departments(session, plan_id)
    comp = analytics.compliance(session, plan_id)
    findings = _findings(session, plan_id)
    severity = Counter(Severity(r[3]) for r in findings)
    overdue = [r for r in findings if workflow.is_overdue(FindingStatus(r[4]), r[5], today)]
    open_ = [r for r in findings if FindingStatus(r[4]) in OPEN]
    done = [r for r in findings if FindingStatus(r[4]) in (FindingStatus.VERIFIED, FindingStatus.CLOSED)]
    inspected, first, last = _inspected(session, plan_id)
    return {"today": today, "departments": departments, "compliance": comp, "findings": findings,
            "severity": severity, "overdue": overdue, "open": open_, "done": done, "inspected": inspected,
            "first": first, "last": last}


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _default_overview(f: dict[str, Any]) -> str:
    comp = f["compliance"].overall
    sev = f["severity"]
    n = len(f["findings"])
    return (f"本次检查共涉及{len(f['departments'])}个单位，已完成现场检查{f['inspected']}个。"
            f"检查项共作出判定{comp.answered}项，其中符合{comp.compliant}项，总体符合率{_pct(comp.rate)}。"
            f"共发现问题{n}个，其中重大{sev.get(Severity.CRITICAL, 0)}个、较大{sev.get(Severity.MAJOR, 0)}个、"
            f"一般{sev.get(Severity.GENERAL, 0)}个；已整改并核验{len(f['done'])}个，正在整改{len(f['open'])}个，"
            f"逾期未整改{len(f['overdue'])}个。")


def _default_problems(session: Session, plan_id: str, findings: list[tuple]) -> str:
    """The articles most often failed (the matrix by article), each with the findings' most common titles."""
    m = analytics.matrix(session, plan_id, by="article")
    titles: dict[int, Counter] = defaultdict(Counter)
    for r in findings:
        for a in set(r[6] or []) | set(r[7] or []):
            titles[int(a)][r[2]] += 1
    lines = []
    for row in [r for r in m.rows if r.total][:TYPICAL]:
        units = sum(1 for d, _ in m.departments if row.failed(d))
        common = "；".join(t for t, _ in titles[row.key].most_common(3))
        text = (f"违反细则第{regulation.chinese_number(row.key)}条的问题较为突出，{units}个单位的"
                f"{row.total}个检查项不符合或部分符合")
        lines.append(text + (f"，主要表现为：{common}。" if common else "。"))
    return "\n".join(lines) or "本次检查未发现普遍性问题。"


def _named(findings: list[tuple], overdue: list[tuple]) -> dict[str, tuple[int, int]]:
    """Department name → (重大 findings, overdue findings), for the units art. 35 has the office name."""
    critical = Counter(r[1] for r in findings if Severity(r[3]) is Severity.CRITICAL)
    late = Counter(r[1] for r in overdue)
    return {name: (critical.get(name, 0), late.get(name, 0))
            for name in sorted(set(critical) | set(late), key=pinyin_key)}


NAMED_BUDGET = 3600
"""Characters of the default 点名通报 (a letter field holds at most ``letters.MAX_FIELD``, 4 000): a campaign with
more units to name names the most serious within it and counts the rest, whom the xlsx annex lists."""


def _named_line(name: str, critical: int, late: int) -> str:
    parts = ([f"存在重大安全隐患{critical}个"] if critical else []) + ([f"逾期未整改问题{late}个"] if late else [])
    return f"{name}：{'，'.join(parts)}。"


def _default_named(f: dict[str, Any]) -> str:
    named = _named(f["findings"], f["overdue"])
    if not named:
        return "本次检查未发现存在重大安全隐患或逾期未整改问题的单位。"
    worst = sorted(named, key=lambda n: (-named[n][0], -named[n][1]))  # 重大 first, then the most overdue
    kept, used = set(), 0
    for name in worst:
        line = _named_line(name, *named[name])
        if used + len(line) + 1 > NAMED_BUDGET - 80:  # room for the line that counts the rest
            break
        kept.add(name)
        used += len(line) + 1
    lines = [_named_line(name, *counts) for name, counts in named.items() if name in kept]  # pinyin order
    rest = [counts for name, counts in named.items() if name not in kept]
    if rest:
        critical, late = sum(c for c, _ in rest), sum(n for _, n in rest)
        what = "、".join(([f"重大安全隐患{critical}个"] if critical else []) + ([f"逾期未整改问题{late}个"] if late else []))
        lines.append(f"另有{len(rest)}个单位存在{what}，名单见附件。")
    return "\n".join(lines)


DEFAULT_NEXT = "\n".join((
    "督促整改落实。各被检查单位要对照整改通知书逐项整改，按期报送整改情况；逾期未整改的，将依照细则第三十五条予以通报。",
    "组织复查核验。对存在重大安全隐患和逾期未整改问题的单位开展复查，核验整改成效。",
    "健全长效机制。针对共性问题完善政务数据安全管理制度和技术防护措施，加强人员培训和日常检查。",
))


def defaults(session: Session, letter) -> dict[str, Any]:
    if not letter.plan_id:
        return {"addressee": ADDRESSEE}
    f = facts(session, letter.plan_id)
    return {"addressee": ADDRESSEE, "overview": _default_overview(f),
            "problems": _default_problems(session, letter.plan_id, f["findings"]),
            "named": _default_named(f), "next_steps": DEFAULT_NEXT}


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _numbered(text: Any) -> list[dict[str, Any]]:
    lines = _lines(text)
    if len(lines) == 1:
        return [{"kind": "p", "text": lines[0]}]
    return [{"kind": "p", "text": f"{n}．{line}"} for n, line in enumerate(lines, 1)]


def heat_spec(session: Session, plan_id: str) -> dict[str, Any]:
    """The sections × departments heat map (the departments most often failed, at most :data:`HEAT_COLUMNS`)."""
    from inspector.documents import charts

    m = analytics.matrix(session, plan_id, by="section")
    failed = {d: sum(r.failed(d) for r in m.rows) for d, _ in m.departments}
    shown = [dn for dn in m.departments if failed[dn[0]]]
    if len(shown) > HEAT_COLUMNS:
        keep = {d for d, _ in sorted(shown, key=lambda dn: -failed[dn[0]])[:HEAT_COLUMNS]}
        shown = [dn for dn in shown if dn[0] in keep]
    legend = "不符合与部分符合的检查项数"
    if len(shown) < len([d for d in m.departments if failed[d[0]]]):
        legend += f"（问题最多的{len(shown)}个单位）"
    spec = charts.HeatMap(title="各单位检查发现问题分布（按检查章节）", rows=tuple(r.label for r in m.rows),
                          cols=tuple(n for _, n in shown),
                          values=tuple(tuple(r.failed(d) for d, _ in shown) for r in m.rows), legend=legend)
    return charts.to_dict(spec)


def compose(session: Session, letter) -> LetterContent:
    from inspector.documents.layout import cn_date

    plan = _plan_of(session, letter)
    values = letter.fields
    f = facts(session, plan.id)
    reg = regulation.regulation()
    names = [n for _, n in f["departments"]]
    start, end = plan.start_on or f["first"], plan.end_on or f["last"]
    if start and end and end != start:
        when = f"{cn_date(start)}至{cn_date(end)}"
    else:
        when = cn_date(start) if start else "本年度"
    blocks: list[dict[str, Any]] = [
        {"kind": "p", "text": f"根据《{reg['title']}》（{reg['doc_number']}）第三十条、第三十二条的规定，"
                              f"我局组织开展了{plan.title}。现将检查情况通报如下："},
        {"kind": "h1", "text": "一、检查基本情况"},
        {"kind": "p", "text": f"{when}，检查组对{len(names)}个单位开展了政务数据安全监督检查"
                              + (f"，包括{'、'.join(names)}" if names else "") + "。"},
        {"kind": "p", "text": "检查依照细则第三十二条的规定，按照安排部署、自查评估、现场检查、整改复查的程序进行，"
                              "采取查阅资料、询问有关人员、查看系统和技术检测等方式，逐项对照检查表作出判定。"},
        {"kind": "h1", "text": "二、检查结果"},
        *[{"kind": "p", "text": line} for line in _lines(values.get("overview"))],
        {"kind": "chart", "spec": heat_spec(session, plan.id)},
        {"kind": "h2", "text": "各单位检查项符合情况"},
    ]
    per_unit = Counter(r[1] for r in f["findings"])
    rows = [[str(n), rate.label, str(rate.answered), str(rate.compliant), _pct(rate.rate),
             str(per_unit.get(rate.label, 0))] for n, rate in enumerate(f["compliance"].by_department, 1)]
    blocks.append({"kind": "table", "headers": ["序号", "被检查单位", "判定项数", "符合项数", "符合率", "问题数"],
                   "rows": rows, "widths": [0.09, 0.37, 0.13, 0.13, 0.14, 0.14]})
    blocks += [{"kind": "h1", "text": "三、主要问题"}, *_numbered(values.get("problems")),
               {"kind": "h1", "text": "四、通报"},
               {"kind": "p", "text": "依照细则第三十五条的规定，对以下存在重大安全隐患或者逾期未整改问题的单位予以通报："},
               *_numbered(values.get("named")),
               {"kind": "h1", "text": "五、下一步工作"}, *_numbered(values.get("next_steps"))]
    articles = {30, 32, 35}
    for r in f["findings"]:
        articles |= {int(a) for a in (r[6] or []) if str(a).isdigit() or isinstance(a, int)}
    articles.discard(31)  # art. 31 is what is checked, never what was broken (as the other letters cite)
    return {"title": _title(plan), "addressee": str(values.get("addressee") or ""), "blocks": blocks,
            "attachments": ["检查发现问题清单（电子表格）"], "articles": sorted(articles)}


KIND = LetterKind(key=KEY, zh="检查情况通报", en="Campaign report", reason="签发检查情况通报",
                  needs=("plan",), fields=FIELDS, compose=compose, defaults=defaults)
