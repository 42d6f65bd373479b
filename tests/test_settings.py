"""Vault settings: declared defaults, validation, the inspector's identity, all audited."""

from __future__ import annotations

import pytest

from inspector.errors import BadInputError
from inspector.services import settings
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)


def test_defaults_then_changes_are_kept_and_audited(vault):
    with vault.session() as s:
        assert settings.get(s, settings.ORG_NAME) == "晋城市大数据应用局"
        settings.put(s, settings.ORG_NAME, "晋城市政务服务中心")
    with vault.session() as s:
        assert settings.get(s, settings.ORG_NAME) == "晋城市政务服务中心"
    with vault.engine.connect() as conn:
        actions = conn.exec_driver_sql("SELECT action, object_id FROM audit_event ORDER BY seq DESC LIMIT 1").one()
    assert tuple(actions) == ("vault_meta.create", "org_name")


def test_number_pattern_is_validated(vault):
    assert settings.check_number_pattern("晋数安检〔{year}〕{serial}号") == "晋数安检〔2026〕7号"
    with vault.session() as s:
        for bad in ("晋数安检〔{year}〕号", "{serial}{oops}"):
            with pytest.raises(BadInputError):
                settings.put(s, settings.DOC_NUMBER_PATTERN, bad)


def test_identity_is_created_once_then_updated(vault):
    with vault.session() as s:
        with pytest.raises(BadInputError):
            settings.set_identity(s, " ", "", "")
        first = settings.set_identity(s, "李明", "晋执 14050001", "晋城市大数据应用局")
        again = settings.set_identity(s, "李明", "晋执 14050009", "晋城市大数据应用局")
        assert first.id == again.id and settings.self_inspector(s).badge_no == "晋执 14050009"


def test_current_gives_plain_values_with_defaults_then_what_was_set(vault):
    with vault.session() as s:
        before = settings.current(s)
    assert (before.org_name, before.pattern) == (settings.ORG_NAME.default, settings.DOC_NUMBER_PATTERN.default)
    assert before.identity == {f: "" for f in settings.IDENTITY_FIELDS}
    with vault.session() as s:
        settings.put(s, settings.ORG_NAME, "晋城市政务服务中心")
        settings.set_identity(s, "王芳", "晋执 14050002", "晋城市数据局", "0356-1234567")
    with vault.session() as s:
        now = settings.current(s)
    assert now.org_name == "晋城市政务服务中心"
    assert now.identity == {"name": "王芳", "badge_no": "晋执 14050002", "organisation": "晋城市数据局",
                            "phone": "0356-1234567"}
