"""build/dev.sh waits for another package manager's lock (unattended upgrades at boot) instead of failing.

dev.sh runs here with stand-ins for apt-get, dpkg-query, sudo and python3 on PATH, and with its
lock files pointed (INSPECTOR_APT_LOCKS) at files in tmp_path that this test locks the way apt
and dpkg do (fcntl): the machine's real package manager is never touched.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not Path("/proc/locks").exists()
                                or not shutil.which("bash"), reason="dev.sh is for Debian/Ubuntu")

FAKES = {
    # every package is installed except those in $FAKE_MISSING
    "dpkg-query": """#!/bin/sh
for p in $FAKE_MISSING; do [ "$p" = "$3" ] && exit 1; done
printf 'install ok installed'
""",
    # records its arguments; fails like apt-get update on a held lists lock while $FAKE_LOCKED_UPDATES > 0
    "apt-get": """#!/bin/sh
echo "apt-get $*" >> "$FAKE_LOG"
n=$(cat "$FAKE_LOCKED_UPDATES" 2>/dev/null || echo 0)
if [ "$2" != "${2#DPkg::Lock::Timeout=}" ] && [ "$3" = update ] && [ "$n" -gt 0 ]; then
  echo $((n - 1)) > "$FAKE_LOCKED_UPDATES"
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
echo "fake apt-get done: $*"
""",
    "sudo": """#!/bin/sh
echo "sudo $*" >> "$FAKE_LOG"
exec "$@"
""",
    "python3": """#!/bin/sh
[ "$1" = -c ] && exit 0
echo "python3 $*" >> "$FAKE_LOG"
""",
}


@pytest.fixture
def devsh(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in FAKES.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    locks = [tmp_path / "lock-frontend", tmp_path / "lists-lock"]
    for lock in locks:
        lock.write_text("")
    log = tmp_path / "calls.log"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_LOG": str(log),
           "FAKE_MISSING": "", "FAKE_LOCKED_UPDATES": str(tmp_path / "locked-updates"),
           "INSPECTOR_APT_LOCKS": " ".join(map(str, locks)), "INSPECTOR_APT_LOCK_POLL": "0.05"}

    def run(*args: str, on_output=None, **extra_env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
        """dev.sh to its end; ``on_output(line)`` sees each line of its output as it comes."""
        with subprocess.Popen(["bash", str(ROOT / "build" / "dev.sh"), *args], env={**env, **extra_env},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
            out = []
            for line in proc.stdout:
                out.append(line)
                if on_output is not None:
                    on_output(line)
            err = proc.stderr.read()
            code = proc.wait(60)
        result = subprocess.CompletedProcess(proc.args, code, "".join(out), err)
        calls = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return result, calls

    run.locks = locks
    run.tmp = tmp_path
    run.log = log
    held: list[Held] = []
    run.hold = lambda path: held.append(Held(path)) or held[-1]
    yield run
    for lock in held:
        lock.release()


class Held:
    """An fcntl write lock on ``path`` (what apt and dpkg take), held by this process until released."""

    def __init__(self, path: Path) -> None:
        self.fd: int | None = os.open(path, os.O_RDWR)
        fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def apt_calls(calls: list[str]) -> list[str]:
    return [c for c in calls if c.startswith("apt-get")]


def test_nothing_missing_means_no_apt_at_all(devsh):
    devsh.hold(devsh.locks[0])  # even with the lock held: no wait, no apt
    started = time.monotonic()
    result, calls = devsh("test", "-k", "x")
    assert result.returncode == 0, result.stderr
    assert apt_calls(calls) == [] and "Waiting" not in result.stdout
    assert calls[-1] == "python3 build/dev.py test -k x"
    assert time.monotonic() - started < 4


def test_a_held_lock_is_waited_for_then_the_packages_install(devsh):
    holder = devsh.hold(devsh.locks[0])
    apt_before_release = []

    def release_once_waiting(line: str) -> None:  # the other package manager finishes while dev.sh waits
        if line.startswith("Waiting for another package manager") and holder.fd is not None:
            apt_before_release.extend(apt_calls(devsh.log.read_text().splitlines() if devsh.log.exists() else []))
            holder.release()

    result, calls = devsh("app", on_output=release_once_waiting, FAKE_MISSING="xvfb xauth")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Waiting for another package manager (unattended upgrades) to finish" in result.stdout
    assert f"process {os.getpid()} " in result.stdout and str(devsh.locks[0]) in result.stdout
    assert holder.fd is None and apt_before_release == []  # apt ran only after the lock was let go
    update, install = apt_calls(calls)
    assert update.startswith("apt-get -o DPkg::Lock::Timeout=") and update.endswith(" update -q")
    assert 800 < int(update.split("=")[1].split()[0]) <= 900  # apt waits too, for what is left of 15 min
    assert install.endswith("install -y -q --no-install-recommends xvfb xauth")
    assert calls[-1] == "python3 build/dev.py app"


def test_update_is_tried_again_while_the_lists_lock_is_held(devsh):
    (devsh.tmp / "locked-updates").write_text("2")  # apt-get update does not wait for the lists lock itself
    result, calls = devsh("test", FAKE_MISSING="xauth")
    assert result.returncode == 0, result.stdout + result.stderr
    apt = apt_calls(calls)
    assert [c.endswith(" update -q") for c in apt] == [True, True, True, False] and apt[-1].endswith(" xauth")
    assert "Waiting for another package manager" in result.stdout
    assert result.stdout.count("Could not get lock") == 1  # the retries are quiet until they get through


def test_it_gives_up_after_the_timeout_with_a_clear_message(devsh):
    devsh.hold(devsh.locks[1])  # never let go
    result, calls = devsh("test", FAKE_MISSING="xauth", INSPECTOR_APT_LOCK_TIMEOUT="2")
    assert result.returncode == 1
    assert apt_calls(calls) == [] and "python3 build/dev.py test" not in calls
    assert "still holds the lock after 2 s" in result.stderr and "run this command again" in result.stderr


def test_as_a_user_apt_goes_through_sudo(devsh):
    if os.geteuid() != 0:
        result, calls = devsh("test", FAKE_MISSING="xauth")
    else:  # as root dev.sh calls apt-get directly; pretend to be a user with an `id` that says 1000
        (devsh.tmp / "bin" / "id").write_text("#!/bin/sh\necho 1000\n")
        (devsh.tmp / "bin" / "id").chmod(0o755)
        result, calls = devsh("test", FAKE_MISSING="xauth")
    assert result.returncode == 0, result.stderr
    sudo = [c for c in calls if c.startswith("sudo")]
    assert len(sudo) == 2 and all(c.startswith("sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=")
                                  for c in sudo)
