"""GitHub Actions workflow commands, escaped so that no text from a page can end one or forge another.

The runner reads a command from any line of a step's output that starts with `::` after blanks, and in
the older form `##[name]` from anywhere in a line (actions/runner, ActionCommand.cs). Values are escaped as
GitHub's toolkit escapes them (actions/toolkit, packages/core/src/command.ts): in the message `%`, CR and
LF; in a property (`file=`, `line=`) also `:` and `,`. A log that may hold contributor text is shown
between `::stop-commands::TOKEN` and `::TOKEN::`, so none of its lines is read as a command; a single
message that may quote it (an error on stderr) goes through `log_line`.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

# Every line break of str.splitlines(): the runner splits a log at CR and LF, a reader's screen at the rest.
_LINE_BREAK_RE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


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


def log_line(text: str) -> str:
    """``text`` (a message that may quote contributor text) as one line of a step's log that the runner
    reads as no command: line breaks written as escapes, no '::' at its start (the runner trims blanks
    before looking), and no '##[', the older form of a command, which the runner finds anywhere in a line."""
    line = _LINE_BREAK_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", text).replace("##[", "#\\u0023[")
    body = line.lstrip()
    if body.startswith("::"):
        line = line[: len(line) - len(body)] + "\\u003a" + body[1:]
    return line


def inert(lines: Iterable[str]) -> list[str]:
    """``lines`` wrapped so that the runner reads none of them as a workflow command."""
    token = f"inert-{secrets.token_hex(16)}"
    return [f"::stop-commands::{token}", *lines, f"::{token}::"]
