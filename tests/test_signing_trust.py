"""The trust store: add (PEM, DER, idempotent), list, remove by fingerprint prefix, roots for verification."""

from __future__ import annotations

import pytest

from inspector.errors import BadInputError, NotFoundError
from inspector.services import settings
from inspector.signing import trust
from inspector.signing.certs import fingerprint
from inspector.signing.identity import create_identity
from tests.signing_helpers import der, make_ca, make_leaf, pem
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)


def test_add_pem_or_der_is_idempotent_and_listed(vault):
    ca_key, ca = make_ca()
    _, leaf = make_leaf(ca_key, ca, "王芳")
    with vault.session() as s:
        a = trust.add_trusted(s, pem(ca), label="市局 CA")
        again = trust.add_trusted(s, der(ca))  # same certificate as DER: nothing new, label kept
        b = trust.add_trusted(s, der(leaf))
        s.commit()
        assert again.id == a.id and again.label == "市局 CA"
        assert a.is_ca and not b.is_ca and b.label == "王芳"  # the CN when no label is given
        assert a.fingerprint == fingerprint(der(ca)) and b.cert_der == der(leaf)
        assert "CN=晋城市电子政务测试 CA" in a.subject
        assert [r.id for r in trust.list_trusted(s)] == [a.id, b.id]
        assert trust.add_trusted(s, pem(ca), label="新名称").label == "新名称"


@pytest.mark.parametrize("data", [b"", b"hello", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                                  b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", b"\x30\x03\x02\x01\x01"])
def test_garbage_is_refused_in_plain_words(vault, data):
    with vault.session() as s:
        with pytest.raises(BadInputError) as err:
            trust.add_trusted(s, data)
        assert "不是有效的证书" in err.value.zh and "certificate" in err.value.en
        assert trust.list_trusted(s) == []


def test_a_bundle_goes_through_the_file_api(vault, tmp_path):
    ca_key, ca = make_ca()
    _, leaf = make_leaf(ca_key, ca, "王芳")
    bundle = tmp_path / "chain.pem"
    bundle.write_bytes(b"leaf first\n" + pem(leaf) + b"\nthen the CA\n" + pem(ca))
    assert trust.load_certificates(bundle) == [der(leaf), der(ca)]
    (tmp_path / "one.der").write_bytes(der(ca))
    assert trust.load_certificates(tmp_path / "one.der") == [der(ca)]
    with vault.session() as s:
        with pytest.raises(BadInputError, match="2 个证书"):
            trust.add_trusted(s, bundle.read_bytes())
        rows = trust.add_trusted_file(s, bundle, label="链")
        assert [r.fingerprint for r in rows] == [fingerprint(der(leaf)), fingerprint(der(ca))]
    with pytest.raises(BadInputError, match="无法读取证书文件"):
        trust.load_certificates(tmp_path / "missing.pem")
    (tmp_path / "bad.pem").write_text("not a certificate")
    with pytest.raises(BadInputError, match="bad.pem"):
        trust.load_certificates(tmp_path / "bad.pem")


def test_remove_by_id_or_fingerprint_prefix_and_ambiguity(vault):
    certs = [make_ca(f"CA {n}")[1] for n in range(17)]  # 17 fingerprints: two share a first hex digit
    with vault.session() as s:
        rows = [trust.add_trusted(s, der(c)) for c in certs]
        by_first: dict[str, list] = {}
        for row in rows:
            by_first.setdefault(row.fingerprint[0], []).append(row)
        shared = next(group for group in by_first.values() if len(group) > 1)
        with pytest.raises(BadInputError, match="请输入更长的指纹"):
            trust.remove_trusted(s, shared[0].fingerprint[0].upper())
        target = shared[0]
        colon_prefix = ":".join(target.fingerprint[i:i + 2] for i in range(0, 16, 2)).upper()  # AB:CD:… works too
        assert trust.remove_trusted(s, colon_prefix).id == target.id
        assert trust.remove_trusted(s, rows[-1].id if rows[-1] is not target else rows[0].id)
        assert len(trust.list_trusted(s)) == 15
        with pytest.raises(NotFoundError):
            trust.remove_trusted(s, target.fingerprint)
        with pytest.raises(BadInputError, match="指纹"):
            trust.remove_trusted(s, "  ")


def test_trust_roots_are_the_store_plus_own_identities(vault):
    ca_key, ca = make_ca()
    with vault.session() as s:
        me = settings.set_identity(s, "李明", "", "")
        own = create_identity(s, me.id)
        trust.remove_trusted(s, own.fingerprint)  # even when removed from the store, own identities stay trusted
        trust.add_trusted(s, pem(ca))
        assert sorted(trust.trust_roots(s)) == sorted([der(ca), own.cert_der])
