"""A demo vault: one plan, four departments, self-reports, inspections, findings with evidence.

Everything is invented; names of departments follow the city's real structure
so the screens look like the real thing.
"""

from __future__ import annotations

import io
import math
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlmodel import Session, select

from inspector import lifecycle
from inspector.crypto.keyfile import KdfParams
from inspector.model import (
    ChecklistItem,
    Department,
    FindingStatus,
    Inspection,
    InspectionMember,
    InspectionResult,
    InspectionStatus,
    Inspector,
    Plan,
    PlanStatus,
    PlanTarget,
    SelfReport,
    SelfReportAnswer,
    Severity,
    Team,
    TeamMember,
    TeamRole,
    Verdict,
)
from inspector.paths import resource
from inspector.progress import ProgressFn, no_progress
from inspector.regulation import default_template
from inspector.services import escalations, seal, settings
from inspector.services.evidence import add_evidence, store_blob
from inspector.services.findings import finding_from_item, transition
from inspector.services.rectification import draft_notice, issue_notice
from inspector.services.setup import create_vault
from inspector.signing.identity import create_identity
from inspector.vault import Vault, remove_vault_files

DEMO_PASSPHRASE = "jincheng-demo-2026"

DEPARTMENTS = [
    ("晋城市人力资源和社会保障局", "11140500MB1234567R", "张建国", "0356-2021001"),
    ("晋城市卫生健康委员会", "11140500MB2345678B", "李红梅", "0356-2021002"),
    ("晋城市民政局", "11140500MB3456789W", "王志强", "0356-2021003"),
    ("晋城市自然资源局", "11140500MB4567890F", "赵丽", "0356-2021004"),
    ("晋城市医疗保障局", "11140500MB5678901N", "刘洋", "0356-2021005"),
]
INSPECTORS = [("李明", "晋执 14050001", TeamRole.LEAD), ("王芳", "晋执 14050002", TeamRole.MEMBER),
              ("张伟", "晋执 14050003", TeamRole.MEMBER)]


def drawn_signature(seed: int) -> bytes:
    """A made-up handwritten signature (transparent PNG), as the signature pad would save it."""
    rng = random.Random(seed)
    img = Image.new("RGBA", (480, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    x, y = 30.0, 90.0
    points = [(x, y)]
    for _ in range(40):
        x += rng.uniform(6, 14)
        y = min(140.0, max(20.0, y + rng.uniform(-28, 28)))
        points.append((x, y))
    draw.line(points, fill=(20, 20, 60, 255), width=4, joint="curve")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


DEMO_CC = "市委网信办、市公安局"
DEMO_CONTACT = ("王芳", "0356-2029876")


def demo_seal(organisation: str, *, size: int = 600) -> bytes:
    """A made-up round office seal (transparent PNG): red ring, star, the name along the upper arc, and
    演示 / DEMO · 非真实印章 in it, so nobody takes a demo document for a sealed one."""
    red = (200, 16, 22, 255)
    n = size * 2  # drawn at twice the size, then scaled down: smooth edges
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    c, ring = n / 2, n * 0.035
    draw.ellipse((ring / 2, ring / 2, n - ring / 2, n - ring / 2), outline=red, width=int(ring))
    star = []
    for k in range(10):
        r = n * 0.14 if k % 2 == 0 else n * 0.14 * 0.382
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(a), c + r * math.sin(a)))
    draw.polygon(star, fill=red)
    font_path = str(resource("fonts", "NotoSansSC-Regular.ttf"))
    chars = list(organisation) or ["印"]
    span = min(math.radians(240), math.radians(22) * len(chars))
    glyph = int(min(n * 0.105, (c - ring - n * 0.08) * span / len(chars) * 0.95))
    radius = c - ring - glyph * 0.75
    font = ImageFont.truetype(font_path, glyph)
    for i, ch in enumerate(chars):  # each character turned to face the centre
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(chars)
        tile = Image.new("RGBA", (glyph * 2, glyph * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((glyph, glyph), ch, font=font, fill=red, anchor="mm")
        tile = tile.rotate(-math.degrees(a + math.pi / 2), resample=Image.BICUBIC)
        img.alpha_composite(tile, (int(c + radius * math.cos(a) - glyph), int(c + radius * math.sin(a) - glyph)))
    draw.text((c, c + n * 0.25), "演示", font=ImageFont.truetype(font_path, int(n * 0.09)), fill=red, anchor="mm")
    draw.text((c, c + n * 0.34), "DEMO · 非真实印章", font=ImageFont.truetype(font_path, int(n * 0.045)), fill=red,
              anchor="mm")
    buf = io.BytesIO()
    img.resize((size, size), Image.LANCZOS).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def evidence_image(title: str, lines: list[str], seed: int) -> bytes:
    """A made-up screenshot (PNG) standing in for a photo taken on site."""
    rng = random.Random(seed)
    img = Image.new("RGB", (960, 600), (236, 239, 243))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 960, 44), fill=(38, 70, 120))
    draw.text((16, 14), title, fill=(255, 255, 255))
    draw.rectangle((24, 64, 936, 576), fill=(255, 255, 255), outline=(180, 186, 196))
    y = 84
    for line in lines:
        draw.text((44, y), line, fill=(30, 30, 30))
        y += 26
    for _ in range(8):
        x0, y0 = rng.randint(44, 700), rng.randint(y + 10, 520)
        draw.rectangle((x0, y0, x0 + rng.randint(60, 220), y0 + 14), fill=(rng.randint(200, 230),) * 3)
    draw.rectangle((40, y - 4, 600, y + 20), outline=(200, 30, 30), width=3)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def build_demo(path: Path, *, passphrase: str = DEMO_PASSPHRASE, kdf: KdfParams | None = None,
               use_keyring: bool = True, progress: ProgressFn = no_progress) -> Vault:
    vault = create_vault(path, passphrase, kdf=kdf, use_keyring=use_keyring)
    try:
        with vault.session() as s:
            _populate(s, progress)
    except BaseException:
        vault.close()
        remove_vault_files(path)  # no half-built demo left behind
        raise
    return vault


def _populate(s: Session, progress: ProgressFn) -> None:
    rng = random.Random(2026)
    template = default_template(s)
    items = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == template.id)
                   .order_by(ChecklistItem.position)).all()
    by_code = {i.code: i for i in items}
    progress(1, 5, "departments")
    depts = [Department(name=n, code=c, contact_name=p, contact_phone=t, address="山西省晋城市城区")
             for n, c, p, t in DEPARTMENTS]
    people = [Inspector(name=n, badge_no=b, organisation="晋城市大数据应用局") for n, b, _ in INSPECTORS]
    team = Team(name="第一检查组")
    s.add_all([*depts, *people, team])
    s.flush()
    for person, (_, _, role) in zip(people, INSPECTORS):
        s.add(TeamMember(team_id=team.id, inspector_id=person.id, role=role))
    settings.put(s, settings.SELF_INSPECTOR, people[0].id)  # the demo laptop belongs to 李明
    settings.put(s, settings.ORG_NAME, settings.ORG_NAME.default)
    settings.put(s, settings.DOC_NUMBER_PATTERN, settings.DOC_NUMBER_PATTERN.default)
    settings.put(s, settings.DOC_CC, DEMO_CC)  # the 版记 and 附注 of every document
    settings.put(s, settings.DOC_CONTACT, DEMO_CONTACT[0])
    settings.put(s, settings.DOC_PHONE, DEMO_CONTACT[1])
    seal.store(s, demo_seal(settings.ORG_NAME.default))
    create_identity(s, people[0].id)  # so a demo vault can sign documents at once

    plan = Plan(title="2026年度全市政务数据安全监督检查", year=2026, template_id=template.id, team_id=team.id,
                focus="最高管理权限管理、日志审计、加密存储与备份、商用密码应用",
                description="依据《晋城市政务数据安全实施细则》第三十条至第三十三条，会同市委网信办、市公安局开展。",
                start_on=date(2026, 10, 12), end_on=date(2026, 12, 18), status=PlanStatus.ACTIVE)
    s.add(plan)
    s.flush()
    for n, dept in enumerate(depts[:4]):
        s.add(PlanTarget(plan_id=plan.id, department_id=dept.id, scheduled_on=date(2026, 10, 20) + timedelta(days=9 * n)))

    progress(2, 5, "self-reports")
    answers = [Verdict.COMPLIANT] * 7 + [Verdict.PARTIAL] * 2 + [Verdict.NON_COMPLIANT]
    for dept in depts[:2]:
        report = SelfReport(plan_id=plan.id, department_id=dept.id, form_id=f"demo-{dept.code}",
                            received_at=datetime(2026, 10, 15, 2, 30, tzinfo=timezone.utc),
                            respondent=f"{dept.contact_name}（信息科）", source_filename=f"{dept.name}-自查表.xlsx")
        s.add(report)
        s.flush()
        for item in items:
            answer = rng.choice(answers)
            s.add(SelfReportAnswer(self_report_id=report.id, item_id=item.id, answer=answer,
                                   explanation="已建立相关制度并执行。" if answer is Verdict.COMPLIANT else "正在完善中。"))

    progress(3, 5, "inspections")
    now = datetime.now(timezone.utc)
    running = Inspection(plan_id=plan.id, department_id=depts[0].id, template_id=template.id,
                         status=InspectionStatus.IN_PROGRESS, location="人社局信息中心机房及三楼会议室",
                         started_at=now - timedelta(hours=1, minutes=20))
    done = Inspection(plan_id=plan.id, department_id=depts[1].id, template_id=template.id,
                      status=InspectionStatus.COMPLETED, location="卫健委信息科", summary="检查发现两项问题，已现场反馈。",
                      started_at=datetime(2026, 10, 29, 1, 0, tzinfo=timezone.utc),
                      ended_at=datetime(2026, 10, 29, 4, 30, tzinfo=timezone.utc),
                      department_rep_name="李红梅", department_rep_title="信息科科长",
                      rep_signature_sha256=store_blob(s, drawn_signature(7)),
                      rep_signed_at=datetime(2026, 10, 29, 4, 25, tzinfo=timezone.utc))
    s.add_all([running, done])
    s.flush()
    for insp in (running, done):
        for person, (_, _, role) in zip(people, INSPECTORS):
            s.add(InspectionMember(inspection_id=insp.id, inspector_id=person.id, role=role))
    verdicts = [Verdict.COMPLIANT] * 6 + [Verdict.PARTIAL, Verdict.NOT_APPLICABLE]
    for n, item in enumerate(items):
        if n < len(items) * 3 // 5:
            s.add(InspectionResult(inspection_id=running.id, item_id=item.id, verdict=rng.choice(verdicts),
                                   answered_at=now - timedelta(minutes=80 - n), notes=""))
        s.add(InspectionResult(inspection_id=done.id, item_id=item.id, verdict=rng.choice(verdicts),
                               answered_at=done.started_at + timedelta(minutes=3 * n)))
    s.flush()

    progress(4, 5, "findings")
    demo_findings = [
        (running, "3-05", "数据库最高管理权限由运维公司人员掌握",
         "社保核心业务数据库 root 账号口令由运维外包单位工程师保管并日常使用，本单位无专人负责。",
         Severity.CRITICAL, False, ["DB admin accounts", "root  owner: vendor-ops  last login: 2026-11-20"]),
        (running, "3-07", "安全审计日志仅保存30天",
         "业务系统和数据库审计日志仅保存30天，未明确日志收集内容和标准，无法追溯半年前的数据访问。",
         Severity.MAJOR, False, ["Log retention policy", "audit.log rotate: 30 days  remote copy: none"]),
        (running, "3-11", "个人信息以明文存储",
         "参保人员身份证号、银行卡号在业务库中以明文存储，未采取加密措施。",
         Severity.CRITICAL, True, ["SELECT id_no, bank_card FROM insured LIMIT 3", "1405**********1234 | 6222****5678"]),
        (done, "3-13", "未制定数据备份与恢复策略",
         "卫生健康信息平台无书面备份恢复策略，近一年未开展恢复演练。",
         Severity.MAJOR, False, ["Backup jobs", "last successful restore test: never"]),
        (done, "5-02", "年度数据安全培训未开展",
         "2026年度未组织政务数据安全教育培训，无培训记录。",
         Severity.GENERAL, False, ["Training records 2026", "(empty)"]),
    ]
    created = []
    for n, (insp, code, title, desc, sev, secrecy, lines) in enumerate(demo_findings):
        item = by_code.get(code) or items[n]
        f = finding_from_item(s, insp, item, title=title, description=desc, severity=sev,
                              escalate_secrecy=secrecy, location=insp.location,
                              handling_opinion="责令限期整改，整改完成后报送整改情况。",
                              rectification_requirement="按照细则要求完成整改，并提交整改报告及佐证材料。",
                              deadline=date(2026, 12, 31))
        add_evidence(s, "finding", f.id, f"evidence-{n + 1}.png", evidence_image(title=lines[0], lines=lines[1:], seed=n))
        escalations.open_for_flags(s, f)  # art. 33: the leak risk waits to be reported
        created.append(f)
    done.rep_signed_digest = lifecycle.content_digest(s, done.id)  # the signature attests what was recorded
    notice = draft_notice(s, depts[1].id, created[3:], plan_id=plan.id, deadline=date(2026, 12, 15), year=2026)
    issue_notice(s, notice, issued_on=date(2026, 11, 3))
    transition(s, created[3], FindingStatus.RECTIFYING)
    progress(5, 5, "")
