#!/usr/bin/env python3
"""GitHub Actions workflow commands, escaped so that no text from a page can end one or forge another.

    python scripts/workflow_commands.py inert -- make build ENGINE=properdocs

runs a command whose output may quote pages (a build's warnings, a link check's report) and shows that
output with workflow commands off, exiting with the command's own status.

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
import subprocess
import sys
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


def run_inert(command: list[str]) -> int:
    """Run ``command`` with its output (stdout and stderr, line by line as it comes) between the lines that
    switch workflow commands off and on again; its exit status."""
    opening, closing = inert([])
    print(opening, flush=True)
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
            assert process.stdout is not None
            ended = True
            for chunk in process.stdout:
                sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
                ended = chunk.endswith(b"\n")
            status = process.wait()
    except OSError as error:
        print(log_line(f"error: could not run {command[0]}: {error}"), file=sys.stderr)
        status, ended = 127, True
    print(closing if ended else f"\n{closing}", flush=True)  # a line of its own, or commands stay off
    return status


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3 or args[:2] != ["inert", "--"]:
        print("usage: workflow_commands.py inert -- COMMAND [ARGUMENT...]", file=sys.stderr)
        return 2
    return run_inert(args[2:])


if __name__ == "__main__":
    sys.exit(main())
