"""Shared fixtures. Browser tests use Debian's chromium: when it is missing they fail and say how to install
it; SKIP_BROWSER=1 skips them on purpose (never in CI)."""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_browser() -> str:
    """Debian's chromium for the browser tests. Missing, it fails with the way out, because a run that
    quietly skipped 56 browser tests looked like a pass; SKIP_BROWSER=1 skips them (never with CI set)."""
    path = shutil.which("chromium")
    if path:
        return path
    how = "install it with `sudo apt-get install chromium` (make test does that when run as root)"
    if in_ci():
        pytest.fail(f"chromium is not installed: {how}; CI must install it (see .ci/run)")
    if os.environ.get("SKIP_BROWSER", "").strip() not in ("", "0"):
        pytest.skip("SKIP_BROWSER is set: the browser tests were skipped on purpose")
    pytest.fail(f"chromium is not installed: {how}, or skip the browser tests with SKIP_BROWSER=1")


pytest_plugins = ["gitrepo"]
