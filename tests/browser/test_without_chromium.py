"""Without Chromium, `make test` still runs: the browser tests are left out with one line
saying how to install it, except under CI, where a missing browser fails the run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import require_chromium

ROOT = Path(__file__).resolve().parents[2]


def run_browser_tests(**env):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/browser",
         "-k", "not without_chromium", "--co"],
        cwd=ROOT, env={**os.environ, "CHROMIUM_PATH": "/nonexistent/chromium", **env},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_missing_browser_leaves_the_browser_tests_out_with_one_line(monkeypatch):
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    monkeypatch.setattr(os, "environ", env)

    result = run_browser_tests()

    lines = [line for line in result.stdout.splitlines() if "apt-get install chromium" in line]
    assert len(lines) == 1
    assert "browser tests skipped" in lines[0]


def test_under_ci_a_missing_browser_fails_the_run():
    with pytest.raises(pytest.fail.Exception, match="No Chromium"):
        require_chromium(Path("/nonexistent/chromium"))
