"""A throw-away PostgreSQL cluster for the tests and the benchmarks (issue 20).

Debian's ``postgresql`` package gives the server binaries (``build/dev.sh`` installs it);
this makes a cluster of its own in a temporary folder — ``initdb``, a certificate
authority and a server certificate for TLS, a random port on 127.0.0.1 — starts it,
and removes it all again. Nothing of the machine's own PostgreSQL is touched.

PostgreSQL refuses to run as root: as root the cluster runs as the ``postgres``
account (Debian's package makes it) through ``runuser``.

``python -m tests.pgcluster`` starts one and prints its URL, for trying things by hand.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SUPERUSER = "hubadmin"


def server_bin() -> Path | None:
    """The newest PostgreSQL ≥ 15 server binaries of the machine, or None."""
    root = Path("/usr/lib/postgresql")
    versions = sorted((p for p in root.glob("*/bin") if p.parent.name.isdigit() and int(p.parent.name) >= 15),
                      key=lambda p: int(p.parent.name)) if root.is_dir() else []
    return versions[-1] if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cert(subject: str, key, issuer_key=None, issuer: x509.Certificate | None = None, *, ca: bool):
    now = datetime.datetime.now(datetime.timezone.utc)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (x509.CertificateBuilder()
               .subject_name(name)
               .issuer_name(issuer.subject if issuer else name)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                         x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]),
            critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


def _pem_key(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


@dataclass
class Cluster:
    root: Path
    port: int
    password: str
    ca_file: Path
    """The certificate authority that signed the server's certificate: what a client verifies TLS against."""

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        return f"postgresql://{user}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """A new database, empty or a copy of ``template``; returns its name."""
        import pg8000.native

        name = name or f"t_{secrets.token_hex(6)}"
        conn = pg8000.native.Connection(SUPERUSER, host="127.0.0.1", port=self.port, password=self.password,
                                        database="postgres")
        try:
            conn.run(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        finally:
            conn.close()
        return name

    def drop_database(self, name: str) -> None:
        import pg8000.native

        conn = pg8000.native.Connection(SUPERUSER, host="127.0.0.1", port=self.port, password=self.password,
                                        database="postgres")
        try:
            conn.run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            conn.close()


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextlib.contextmanager
def running(*, durable: bool = False) -> Iterator[Cluster]:
    """A started cluster; stopped and removed on leaving. ``durable``: fsync and synchronous commits on, as a
    real hub runs (the benchmarks); off for the tests, which throw the cluster away."""
    bindir = server_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL ≥ 15 server binaries not found (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="inspector-pg-"))
    data = root / "data"
    password = secrets.token_urlsafe(18)
    port = _free_port()
    try:
        ca_key, srv_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
        ca = _cert("Inspector test CA", ca_key, ca=True)
        srv = _cert("localhost", srv_key, ca_key, ca, ca=False)
        (root / "ca.crt").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
        pwfile = root / "pw"
        pwfile.write_text(password)
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(root, entry.pw_uid, entry.pw_gid)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER,
                                        "--pwfile", str(pwfile), "-A", "scram-sha-256", "-E", "UTF8",
                                        "--locale", "C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
        pwfile.unlink()
        (data / "server.crt").write_bytes(srv.public_bytes(serialization.Encoding.PEM))
        (data / "server.key").write_bytes(_pem_key(srv_key))
        os.chmod(data / "server.key", 0o600)
        if os.geteuid() == 0:
            for f in ("server.crt", "server.key"):
                os.chown(data / f, entry.pw_uid, entry.pw_gid)
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n"
                       "ssl = on\nmax_connections = 200\nshared_buffers = 128MB\n"
                       + ("" if durable else "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"))
        log = root / "server.log"
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                                        "-t", "60", "start"]), check=True, capture_output=True)
        yield Cluster(root, port, password, root / "ca.crt")
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                                            "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    with running() as c:
        print(c.url(), "ca:", c.ca_file, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
