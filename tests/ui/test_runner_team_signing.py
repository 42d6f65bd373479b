"""Each team member present signs the exported on-site record in the application, each with their own identity:
the core says who has signed a record file and who can (inspector.signing.team), the runner offers the rest a
signature after the export (检查组签名), and the record's second signature box is filled."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from sqlmodel import select

from inspector.errors import BadInputError, NotFoundError
from inspector.model import Inspection, InspectionMember, InspectionStatus, Inspector
from inspector.services import exports, settings
from inspector.signing.identity import create_identity, member_identity
from inspector.signing.pades import empty_signature_fields
from inspector.signing.team import record_signatures, sign_record_as
from inspector.signing.trust import trust_roots
from inspector.signing.verify import verify_pdf
from tests.ui.conftest import delivered
from ui.context import AppContext
from ui.inspections.runner import InspectionRunner
from ui.inspections.team_signing import TeamSigningDialog

TIMEOUT = 10_000


def completed_id(vault) -> str:
    with vault.session() as s:
        return s.exec(select(Inspection.id).where(Inspection.status == InspectionStatus.COMPLETED)).first()


def team(vault, iid: str) -> tuple[str, list[str]]:
    """(this vault's own inspector, the other members) of the inspection."""
    with vault.session() as s:
        own = settings.self_inspector(s).id
        members = s.exec(select(InspectionMember.inspector_id).where(InspectionMember.inspection_id == iid)).all()
    return own, [m for m in members if m != own]


def exported(vault, iid: str, out: Path, sign: bool = True) -> Path:
    doc = exports.prepare_record(vault, iid)
    exports.finish(vault, doc, out, sign=sign)
    return out


def signers(vault, path: Path) -> list[str]:
    with vault.session() as s:
        roots = trust_roots(s)
    report = verify_pdf(path.read_bytes(), roots)
    assert report.ok  # every signature intact, covering the file, trusted
    return [sig.signer for sig in report.signatures]


def test_the_core_says_who_signed_and_signs_for_each_member(demo_vault, tmp_path):
    iid = completed_id(demo_vault)
    own, others = team(demo_vault, iid)
    other = others[0]
    path = exported(demo_vault, iid, tmp_path / "record.pdf")
    with demo_vault.session() as s:
        rows = {m.inspector_id: m for m in record_signatures(s, iid, path.read_bytes())}
    assert rows[own].signed and not rows[other].signed
    assert rows[other].identity_id is None and not rows[other].can_sign  # the demo gives only its own a key
    with pytest.raises(NotFoundError):
        sign_record_as(demo_vault, iid, path, other)
    with pytest.raises(BadInputError):
        sign_record_as(demo_vault, iid, path, own)  # signed already

    with demo_vault.session() as s:
        create_identity(s, other)  # as `inspector identity create --inspector ID`
        s.commit()
        name = s.get(Inspector, other).name
        assert member_identity(s, other).inspector_id == other
    result = sign_record_as(demo_vault, iid, path, other)
    assert result.signers == [name] and result.kind == "record" and result.ref_id == iid
    assert not any(f == f"inspector-{other}" for f in empty_signature_fields(path.read_bytes()))  # the box is filled
    assert len(signers(demo_vault, path)) == 2
    with demo_vault.session() as s:
        rows = {m.inspector_id: m for m in record_signatures(s, iid, path.read_bytes())}
    assert rows[own].signed and rows[other].signed and not any(rows[o].signed for o in others[1:])
    with pytest.raises(BadInputError):
        sign_record_as(demo_vault, iid, path, "not-a-member")


def test_a_file_changed_elsewhere_or_of_another_inspection_is_refused(demo_vault, tmp_path):
    iid = completed_id(demo_vault)
    _own, others = team(demo_vault, iid)
    other = others[0]
    path = exported(demo_vault, iid, tmp_path / "record.pdf")
    path.write_bytes(path.read_bytes() + b"\n% changed\n")
    with demo_vault.session() as s:
        create_identity(s, other)
        s.commit()
        with pytest.raises(BadInputError, match="不是本保险库为这次检查导出的检查记录"):
            record_signatures(s, iid, path.read_bytes())
        running = s.exec(select(Inspection.id).where(Inspection.status == InspectionStatus.IN_PROGRESS)).first()
    good = exported(demo_vault, iid, tmp_path / "good.pdf")
    with pytest.raises(BadInputError):
        sign_record_as(demo_vault, running, good, other)


@pytest.fixture
def runner(qtbot, demo_vault):
    r = InspectionRunner(AppContext(demo_vault), completed_id(demo_vault))
    qtbot.addWidget(r)
    r.resize(1200, 700)
    with qtbot.waitSignal(r.loaded, timeout=TIMEOUT):
        r.show()
    return r


def test_after_the_export_each_member_signs_in_the_application(qtbot, runner, demo_vault, tmp_path):
    iid = runner.inspection_id
    own, others = team(demo_vault, iid)
    other = others[0]
    out = tmp_path / "record.pdf"
    runner.export_record()
    document = runner.document_dialog
    qtbot.waitUntil(lambda: document.preview is not None, timeout=TIMEOUT)
    document.ask_path = lambda _name: str(out)
    document.export(sign=True)  # 导出并签名: this vault's own inspector signs first
    qtbot.waitUntil(lambda: runner.team_dialog is not None and runner.team_dialog.isVisible(), timeout=TIMEOUT)
    dialog: TeamSigningDialog = runner.team_dialog
    assert dialog.windowTitle() == "检查组签名" and str(out) in dialog.findChildren(type(dialog.message))[0].text()
    assert sorted(m.inspector_id for m in dialog.unsigned()) == sorted(others)
    assert not dialog.sign_buttons[own].isEnabled() and dialog.sign_buttons[own].text() == "已签名"
    button = dialog.sign_buttons[other]
    assert button.text() == "创建签名身份…" and button.isEnabled()  # no identity of theirs here yet

    asked = []
    dialog.confirm = lambda title, text, accept: asked.append((title, accept)) or True
    with qtbot.waitSignal(dialog.shown, timeout=TIMEOUT):
        button.click()
    assert asked == [("创建签名身份", "创建签名身份")]
    button = dialog.sign_buttons[other]
    with demo_vault.session() as s:
        name = s.get(Inspector, other).name
    assert button.text() == f"由{name}签名…"
    with qtbot.waitSignal(dialog.signed, timeout=TIMEOUT):
        button.click()
    assert asked[-1] == ("检查人员签名", f"由{name}签名")
    qtbot.waitUntil(lambda: other not in [m.inspector_id for m in dialog.unsigned()], timeout=TIMEOUT)
    assert dialog.message.text() == f"还有 {len(others) - 1} 人未签名。" and dialog.sign_buttons[other].text() == "已签名"
    delivered(qtbot)
    assert len(signers(demo_vault, out)) == 2
    assert f"inspector-{other}" not in empty_signature_fields(out.read_bytes())  # the second box is filled
    dialog.reject()
    document.close()
    delivered(qtbot)


def test_declining_the_confirmation_signs_nothing(qtbot, runner, demo_vault, tmp_path):
    iid = runner.inspection_id
    _own, others = team(demo_vault, iid)
    other = others[0]
    with demo_vault.session() as s:
        create_identity(s, other)
        s.commit()
    path = exported(demo_vault, iid, tmp_path / "record.pdf", sign=False)
    before = path.read_bytes()
    dialog = runner.sign_as_team(path)
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=TIMEOUT)
    assert len(dialog.unsigned()) == 1 + len(others)  # exported without signing: everyone is offered
    dialog.confirm = lambda *_a: False
    dialog.sign_buttons[other].click()
    delivered(qtbot)
    assert path.read_bytes() == before
    dialog.reject()


def test_nobody_left_to_sign_shows_nothing(qtbot, runner, demo_vault, tmp_path):
    iid = runner.inspection_id
    _own, others = team(demo_vault, iid)
    with demo_vault.session() as s:
        for other in others:
            create_identity(s, other)
        s.commit()
    path = exported(demo_vault, iid, tmp_path / "record.pdf")
    for other in others:
        sign_record_as(demo_vault, iid, path, other)
    dialog = runner.sign_as_team(path)
    with qtbot.waitSignal(dialog.shown, timeout=TIMEOUT):
        pass
    delivered(qtbot)
    assert runner.team_dialog is None and (not shiboken6.isValid(dialog) or not dialog.isVisible())
