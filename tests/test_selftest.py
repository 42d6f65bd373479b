"""The self-test of an installed copy (inspector.selftest): it passes on a good copy, names what is
missing on a broken one, and leaves nothing behind. The packaged build runs it in CI (.ci/run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


from inspector import selftest
from inspector.paths import resources_dir

ROOT = Path(__file__).resolve().parent.parent


def run_core() -> list[selftest.StepResult]:
    with selftest.scratch() as ctx:
        folder = ctx.folder
        results = selftest.run_steps(selftest.CORE_STEPS, ctx, lambda r: None)
    assert not folder.exists(), "the temporary folder is removed"
    return results


def test_every_core_check_passes_on_the_source_tree():
    results = run_core()
    assert [r.en for r in results] == [en for _, en, _ in selftest.CORE_STEPS]
    assert all(r.ok for r in results), [selftest.format_result(r) for r in results if not r.ok]
    text = {r.en: r.detail for r in results}
    assert "SQLCipher 4." in text["create an encrypted vault"]
    assert "intact, valid and trusted" in text["build, sign and verify a PDF"]
    assert "countersigned by" in text["countersign and verify a PDF"]
    assert "both intact, valid and trusted" in text["countersign and verify a PDF"]
    assert selftest.summary(results).startswith("自检通过")


def test_a_missing_font_fails_the_resources_check_by_name(tmp_path, monkeypatch):
    broken = tmp_path / "resources"
    shutil.copytree(resources_dir(), broken)
    (broken / "fonts" / "NotoSerifSC-Bold.ttf").unlink()
    monkeypatch.setenv("INSPECTOR_RESOURCES", str(broken))
    with selftest.scratch() as ctx:
        result = selftest.run_step("随附资源", "bundled resources", selftest.check_resources, ctx)
    assert not result.ok
    assert "NotoSerifSC-Bold.ttf" in result.error
    summary = selftest.summary([result])
    assert summary.startswith("自检失败：随附资源") and "Self-test FAILED: bundled resources" in summary


def test_a_failed_step_does_not_stop_the_others_and_names_itself():
    def broken(ctx):
        raise RuntimeError("boom")

    steps = [("坏的一步", "a broken step", broken), selftest.CORE_STEPS[0]]
    with selftest.scratch() as ctx:
        results = selftest.run_steps(steps, ctx, lambda r: None)
    assert [r.ok for r in results] == [False, True]
    assert "RuntimeError: boom" in results[0].error
    assert "[失败 FAIL] 坏的一步 / a broken step" in selftest.format_result(results[0])


def test_the_users_keyring_and_vaults_are_left_alone(tmp_path):
    """Run in a fresh process with HOME elsewhere: nothing is written outside the temporary folder."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    code = ("import sys; from inspector import selftest\n"
            "with selftest.scratch() as c: r = selftest.run_steps(selftest.CORE_STEPS, c, lambda r: None)\n"
            "sys.exit(0 if all(x.ok for x in r) else 1)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(home.rglob("*")) == [], "no file in the user's home"
    assert list((tmp_path / "tmp").iterdir()) == [], "the temporary folder is gone"


# Modules the packaged application leaves out (build/inspector.spec, excludes). The same work done
# from source must succeed without them, or the package would break where the tests pass.
PACKAGE_EXCLUDES = ["lxml", "pygments", "PIL._avif", "pytest", "keyrings.alt", "tkinter", "requests", "distutils"]

BLOCKER = """
import importlib.abc, sys
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in BLOCKED or name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (left out of the package)")
sys.meta_path.insert(0, Blocker())
"""


def test_the_self_test_passes_without_the_modules_the_package_leaves_out():
    """As in the package: importing a left-out module fails, and every check still passes."""
    code = (f"BLOCKED = {PACKAGE_EXCLUDES!r}\n{BLOCKER}\n"
            "from inspector import selftest\n"
            "with selftest.scratch() as c: r = selftest.run_steps(selftest.CORE_STEPS, c, lambda r: None)\n"
            "print([x.error for x in r if not x.ok])\n"
            "sys.exit(0 if all(x.ok for x in r) else 1)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_spec_excludes_what_the_test_above_checks():
    spec = (ROOT / "build" / "inspector.spec").read_text("utf-8")
    for module in PACKAGE_EXCLUDES:
        assert f'"{module}"' in spec, module


def test_without_lxml_the_self_test_catches_a_verifier_that_needs_it():
    """The countersignature check is what guards the packaged verifier: with pyHanko's own difference policy
    (its metadata check imports lxml) and lxml unimportable, as in the package, that check must fail."""
    code = (f"BLOCKED = {PACKAGE_EXCLUDES!r}\n{BLOCKER}\n"
            "from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY\n"
            "import inspector.signing.verify as verify\n"
            "verify.DIFF_POLICY = DEFAULT_DIFF_POLICY\n"
            "from inspector import selftest\n"
            "with selftest.scratch() as c: r = selftest.run_steps(selftest.CORE_STEPS, c, lambda r: None)\n"
            "print('FAILED:', [x.en for x in r if not x.ok])")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "FAILED: ['countersign and verify a PDF']" in done.stdout, done.stdout + done.stderr
