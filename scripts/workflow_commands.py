"""GitHub Actions workflow commands, escaped so that no text from a page can end one or forge another.

The runner reads a command from any line of a step's output that starts with `::`. Values are escaped as
GitHub's toolkit escapes them (actions/toolkit, packages/core/src/command.ts): in the message `%`, CR and
LF; in a property (`file=`, `line=`) also `:` and `,`. A log that may hold contributor text is shown
between `::stop-commands::TOKEN` and `::TOKEN::`, so none of its lines is read as a command.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, path: str = "", line: int = 0) -> str:
    """``::error file=docs/x.md,line=4::message``; without a path, an annotation on the whole run."""
    properties = []
    if path:
        properties.append(f"file={escape_property(path)}")
        if line > 0:
            properties.append(f"line={line}")
    where = f" {','.join(properties)}" if properties else ""
    return f"::{level}{where}::{escape_data(message)}"


def inert(lines: Iterable[str]) -> list[str]:
    """``lines`` wrapped so that the runner reads none of them as a workflow command."""
    token = f"inert-{secrets.token_hex(16)}"
    return [f"::stop-commands::{token}", *lines, f"::{token}::"]
