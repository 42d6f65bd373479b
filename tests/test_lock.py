"""constraints.txt, the lock: it pins every package Inspector installs, and build/dev.py installs with it.

The lock itself is written by ``python build/dev.py lock`` (pip resolves against the package
index, so no test runs it); these tests check what it wrote and how set-up uses it.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.build_scripts import load_build_script

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "constraints.txt"
dev = load_build_script("dev")


def lock_entries() -> dict[str, Requirement]:
    """Canonical name → the pinned requirement, read without build/dev.py's own parser."""
    entries = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name not in entries, f"constraints.txt line {number}: {name} pinned twice"
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version, \
            f"constraints.txt line {number}: {line!r} is not one exact == pin"
        assert not req.extras and not req.url, f"constraints.txt line {number}: a constraint has no extras or URL"
        entries[name] = req
    return entries


def pinned_version(req: Requirement) -> Version:
    return Version(next(iter(req.specifier)).version)


def required_here() -> dict[str, str | None]:
    """Every distribution ``pip install -e .[test,package]`` needs on this machine: the requirements
    of the installed ``inspector`` walked recursively, markers evaluated here. Name → the installed
    version, or None where it is not installed (PyInstaller when only the `test` extra is)."""
    env = default_environment()
    found: dict[str, str | None] = {}
    walked: set[tuple[str, str]] = set()
    stack = [("inspector", extra) for extra in ("", *dev.LOCK_EXTRAS)]
    while stack:
        dist, extra = stack.pop()
        if (dist, extra) in walked:
            continue
        walked.add((dist, extra))
        for line in importlib.metadata.requires(dist) or []:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate({**env, "extra": extra}):
                continue
            name = canonicalize_name(req.name)
            try:
                found[name] = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                found.setdefault(name, None)
                continue
            stack += [(name, x) for x in ("", *req.extras)]
    return found


def test_every_dependency_installed_here_is_pinned_at_its_installed_version():
    entries = lock_entries()
    env = default_environment()
    needed = required_here()
    assert {"pyhanko", "asn1crypto", "pytest", "pyinstaller", "cffi"} <= set(needed)
    unpinned = sorted(name for name in needed if name not in entries)
    assert not unpinned, f"not in constraints.txt (run `{dev.LOCK_COMMAND} --keep`): {unpinned}"
    ignored = sorted(n for n in needed if entries[n].marker is not None and not entries[n].marker.evaluate(env))
    assert not ignored, f"pinned with a marker that is false here, so pip ignores the pin: {ignored}"
    stale = sorted(f"{name} {version} (pinned {pinned_version(entries[name])})" for name, version in needed.items()
                   if version is not None and Version(version) != pinned_version(entries[name]))
    assert not stale, (f"installed at other versions than constraints.txt pins: {stale}; delete "
                       ".venv/.inspector-installed and `python build/dev.py test` installs the pinned ones")


def test_every_requirement_of_pyproject_is_pinned_within_its_range():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    reqs = [*project["dependencies"], *data["build-system"]["requires"]]
    reqs += [r for extra in dev.LOCK_EXTRAS for r in project["optional-dependencies"][extra]]
    assert set(project["optional-dependencies"]) <= set(dev.LOCK_EXTRAS), "an extra the lock does not cover"
    entries = lock_entries()
    for line in reqs:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in entries, f"{req.name} is not pinned in constraints.txt"
        assert req.specifier.contains(pinned_version(entries[name]), prereleases=True), \
            f"{line} does not allow the pinned {pinned_version(entries[name])}"


@pytest.mark.parametrize(("name", "platforms"), [
    ("secretstorage", {"linux"}), ("jeepney", {"linux"}),  # keyring's Secret Service backend
    ("pywin32-ctypes", {"win32"}), ("pefile", {"win32"}),  # keyring's Credential Locker; PyInstaller
    ("colorama", {"win32"}),                               # pytest's colours on Windows
    ("keyring", {"linux", "win32", "darwin"}),
])
def test_platform_specific_pins_carry_markers(name, platforms):
    """A Windows-only package pinned without a marker would only be ignored there; the markers
    say where each is needed, and that the Windows and macOS ones are in the lock at all."""
    req = lock_entries()[name]
    for platform, values in dev.LOCK_PLATFORMS.items():
        env = {**default_environment(), **values, "python_version": "3.11", "python_full_version": "3.11.0"}
        applies = req.marker is None or req.marker.evaluate(env)
        assert applies == (platform in platforms), f"{req} on {platform}"


def test_the_lock_says_how_to_refresh_it():
    text = LOCK.read_text(encoding="utf-8")
    assert dev.LOCK_COMMAND in text and "pip install -c constraints.txt" in text


def test_dev_reads_the_lock_like_pip():
    pins = dev.read_lock(LOCK)
    entries = lock_entries()
    assert set(pins) == set(entries)
    assert all(Version(version) == pinned_version(entries[name]) for name, (version, _) in pins.items())


# ---- build/dev.py: set-up follows the lock -----------------------------------------------------

@pytest.fixture
def fake_project(tmp_path, monkeypatch):
    """build/dev.py pointed at a project in tmp_path with a .venv that exists; pip is not run, only recorded."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "constraints.txt").write_text("click==8.1.0\n")
    venv_dir = tmp_path / ".venv"
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setattr(dev, "PYPROJECT", tmp_path / "pyproject.toml")
    monkeypatch.setattr(dev, "LOCK", tmp_path / "constraints.txt")
    monkeypatch.setattr(dev, "VENV", venv_dir)
    monkeypatch.setattr(dev, "STAMP", venv_dir / ".inspector-installed")
    dev.venv_python().parent.mkdir(parents=True)
    dev.venv_python().write_text("")
    calls: list[list[str]] = []
    monkeypatch.setattr(dev, "subprocess", SimpleNamespace(run=lambda cmd, **kw: calls.append([str(c) for c in cmd])))
    return SimpleNamespace(root=tmp_path, calls=calls)


def test_the_install_digest_covers_pyproject_and_the_lock(fake_project):
    first = dev.install_digest()
    (fake_project.root / "constraints.txt").write_text("click==8.1.1\n")
    second = dev.install_digest()
    (fake_project.root / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    assert len({first, second, dev.install_digest()}) == 3


def test_setup_installs_with_the_lock_and_again_only_when_it_changes(fake_project):
    lock = str(fake_project.root / "constraints.txt")
    dev.setup(("test",))
    upgrade_pip, install = fake_project.calls
    assert upgrade_pip[upgrade_pip.index("-c") + 1] == lock and upgrade_pip[-1] == "pip"  # pip too is pinned
    assert install[install.index("-c") + 1] == lock and install[install.index("--build-constraint") + 1] == lock
    assert install[-2:] == ["-e", f"{fake_project.root}[test]"]

    fake_project.calls.clear()
    dev.setup(("test",))
    assert fake_project.calls == []  # nothing changed: no pip at all

    (fake_project.root / "constraints.txt").write_text("click==8.1.1\n")  # a refreshed lock
    dev.setup(("test",))
    assert len(fake_project.calls) == 2 and fake_project.calls[1][-1] == f"{fake_project.root}[test]"

    fake_project.calls.clear()
    dev.setup(("test", "package"))  # build.py's set-up: the same lock, one more extra
    assert fake_project.calls[1][-1] == f"{fake_project.root}[package,test]" and lock in fake_project.calls[1]
    fake_project.calls.clear()
    dev.setup(("test",))
    assert fake_project.calls == []


def test_setup_without_a_lock_says_how_to_make_one(fake_project):
    (fake_project.root / "constraints.txt").unlink()
    with pytest.raises(SystemExit, match="build/dev.py lock"):
        dev.setup(("test",))


# ---- build/dev.py: how `lock` decides what to pin, and with which marker -----------------------

def env_of(platform: str, python: str) -> dict[str, str]:
    return dev.lock_environments()[(platform, python)]


METADATA = {
    "app": {"name": "app", "version": "1", "requires_dist": [
        'winonly>=1; sys_platform == "win32"', 'old>=2; python_version < "3.12"', "plugin[extra]"]},
    "old": {"name": "old", "version": "2.5"},
    "plugin": {"name": "Plugin", "version": "3", "requires_dist": ['addon; extra == "extra"', 'unused; extra == "other"']},
    "addon": {"name": "addon", "version": "4"},
}


def test_the_closure_follows_markers_and_extras_and_reports_what_another_platform_needs():
    roots = [("app", "pyproject.toml")]
    needed, missing = dev.requirements_closure(roots, METADATA, env_of("linux", "3.11"))
    assert set(needed) == {"app", "old", "plugin", "addon"} and not missing
    assert needed["addon"] == {"plugin"}
    needed, missing = dev.requirements_closure(roots, METADATA, env_of("win32", "3.13"))
    assert set(needed) == {"app", "winonly", "plugin", "addon"}
    assert missing == {"winonly>=1"}  # resolved in a second round, marker left out


def test_markers_name_the_platforms_and_python_versions_a_package_is_needed_on():
    every = {(p, v) for p in dev.LOCK_PLATFORMS for v in dev.LOCK_PYTHONS}
    assert dev.lock_marker(every) == ""
    assert dev.lock_marker({("win32", v) for v in dev.LOCK_PYTHONS}) == 'sys_platform == "win32"'
    assert dev.lock_marker({k for k in every if k[0] != "win32"}) == 'sys_platform != "win32"'
    assert dev.lock_marker({k for k in every if k[1] == "3.11"}) == 'python_version < "3.12"'
    assert dev.lock_marker({k for k in every if k[1] != "3.11"}) == 'python_version >= "3.12"'
    assert dev.lock_marker({("linux", "3.11")}) == 'sys_platform == "linux" and python_version < "3.12"'
    odd = {("linux", "3.11"), ("win32", "3.12")}
    marker = dev.lock_marker(odd)
    for key in every:
        assert Requirement(f"x==1 ; {marker}").marker.evaluate({**env_of(*key), "extra": ""}) == (key in odd)
