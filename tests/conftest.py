"""Shared fixtures. Browser tests use Debian's chromium: missing locally they skip, with CI set they fail."""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tool(name: str, why: str) -> str:
    """The tool's path; skips the test locally and fails it in CI when the tool is missing."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed ({why})"
    if in_ci():
        pytest.fail(message + " — CI must install it (see .ci/run)")
    pytest.skip(message)


pytest_plugins = ["gitrepo"]
