#!/usr/bin/env python3
"""Turn what a strict build refused into annotations on the pull request's files and lines.

    make build SITE_DIR=… >build.log 2>&1 || status=$?
    python scripts/annotate.py build.log --seen check.log

Reads the log of `mkdocs build --strict`, shows it (with workflow commands switched off, so nothing a page
says can issue one), then prints one `::error file=…,line=…::` annotation per WARNING or ERROR line:

* the wiki's own problems (`docs/x.md:4: what — how`) on their file and line;
* MkDocs' link and anchor warnings (`Doc file 'x.md' contains a link 'y.md', but …`) on the page, at the
  line where the source has that link (on the whole file when the source does not have it as written);
* nav and config warnings on mkdocs.yml, at the line that names the value when there is one;
* anything else (a Markdown extension's or a theme's warning) on the run as a whole.

--seen FILE skips annotations already printed by `scripts/check.py` (same file, line and text, or for a
broken link the same line quoting the same link), so a problem both find shows once. GitHub shows ten error
annotations of a step and drops the rest: past nine, one more annotation says how many the log above holds
(so a log of thousands of warnings is read in linear time, too). An unreadable mkdocs.yml is annotated
itself, after the log. Exit status 0, or 2 when the log cannot be read: the build's own exit status is
what fails the step.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import workflow_commands  # noqa: E402
from learning_commons.links import markdown_links  # noqa: E402
from learning_commons.problems import CommonsError  # noqa: E402
from learning_commons.siteconfig import read_site_config  # noqa: E402

# MkDocs' log lines: "WARNING -  message" (the level padded to eight characters).
_RECORD_RE = re.compile(r"^(WARNING|ERROR) +-  (.*)$")
# The wiki's own problems start with the file they are about: "docs/x.md:4: …" or "docs/x.md: …". A page's
# name may hold spaces, so the path ends at the first ": " (or ":4: "); the line has at most 9 digits, so
# a long run of digits costs one try per position, not one per pair of positions.
_PLACE_RE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d{1,9}))?: ")
_DOC_LINK_RE = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains (?:a link|an absolute link|an unrecognized relative link) "
    r"'(?P<link>.*)', (?:but |it was left as is)"
)
_DOC_EXCLUDED_RE = re.compile(r"^Doc file '(?P<page>[^']+)' contains a link to '.*' which is excluded")
_PAGE_RE = re.compile(r"^(?:Error (?:reading|building) page|Excluding) '(?P<page>[^']+)'")
_NAV_RE = re.compile(r"^(?:A reference to|An absolute path to) '(?P<value>.*)' is included in the 'nav'")
_CONFIG_RE = re.compile(r"^Config value '(?P<key>[^']+)'")
# GitHub shows at most ten error annotations of one step; the last place says how many more there are.
ANNOTATION_LIMIT = 10
# An annotation quotes at most this much of a message (a page can make MkDocs log a line of megabytes).
MESSAGE_LIMIT = 2_000


@dataclass(frozen=True)
class Annotation:
    message: str
    path: str = ""
    line: int = 0
    link: str = ""  # the link a MkDocs warning is about, as written

    def command(self) -> str:
        message = self.message if len(self.message) <= MESSAGE_LIMIT else self.message[:MESSAGE_LIMIT] + "…"
        return workflow_commands.annotation("error", message, self.path, self.line)

    def said_before(self, seen: set[str]) -> bool:
        """Whether ``seen`` holds this annotation, or for a link one on the same line quoting the link:
        scripts/check.py reports broken links in its own words, MkDocs in its."""
        if self.command() in seen:
            return True
        if not (self.link and self.line):
            return False
        place = workflow_commands.annotation("error", "", self.path, self.line)
        quoted = workflow_commands.escape_data(f"'{self.link}'")
        return any(said.startswith(place) and quoted in said for said in seen)


@dataclass(frozen=True)
class Sources:
    """Where the build's files are, as the pull request names them (relative to the repository)."""

    docs: str  # 'docs'
    config: str  # 'mkdocs.yml'
    root: Path

    def text(self, path: str) -> str:
        return _read(self.root / path)


@functools.cache  # a page with many broken links is read once
def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except (OSError, ValueError):
        return ""


def records(log: str) -> Iterator[str]:
    """The messages of the log's WARNING and ERROR lines."""
    for line in log.splitlines():
        match = _RECORD_RE.match(line)
        if match:
            yield match.group(2)


def annotation_of(message: str, sources: Sources | None) -> Annotation:
    """The message on its file and line; on the run as a whole without ``sources`` (no readable config)."""
    if sources is None:
        return Annotation(message)
    own = _PLACE_RE.match(message)
    if own and _is_ours(own.group("path"), sources):
        return Annotation(message, own.group("path"), int(own.group("line") or 0))
    link = _DOC_LINK_RE.match(message)
    if link:
        path, target = f"{sources.docs}/{link.group('page')}", link.group("link")
        return Annotation(message, path, link_line(sources.text(path), target), target)
    page = _DOC_EXCLUDED_RE.match(message) or _PAGE_RE.match(message)
    if page:
        return Annotation(message, f"{sources.docs}/{page.group('page')}")
    nav = _NAV_RE.match(message)
    if nav:
        return Annotation(
            message, sources.config, value_line(sources.text(sources.config), nav.group("value"))
        )
    config = _CONFIG_RE.match(message)
    if config:
        key = config.group("key").split(".")[0]
        return Annotation(message, sources.config, key_line(sources.text(sources.config), key))
    return Annotation(message)


def _is_ours(path: str, sources: Sources) -> bool:
    """Whether a message starting with ``path`` is about a file of the wiki (not "Config value 'x'")."""
    if path == sources.config or path.startswith(f"{sources.docs}/"):
        return True
    try:
        return (sources.root / path).is_file()
    except (OSError, ValueError):  # a message that is no path at all
        return False


def link_line(text: str, link: str) -> int:
    """The line of the first Markdown link to ``link`` in a page's source; else the first line holding
    it; 0 when the source does not have it as written."""
    if not link:
        return 0
    number = _first_link_lines(text).get(link)
    if number:
        return number
    return next((number for number, line in enumerate(text.splitlines(), 1) if link in line), 0)


@functools.cache  # a page with many broken links is parsed once
def _first_link_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, target in markdown_links(text):
        lines.setdefault(target, number)
    return lines


def value_line(text: str, value: str) -> int:
    """The first line of mkdocs.yml that holds ``value`` (a nav entry)."""
    return next((number for number, line in enumerate(text.splitlines(), 1) if value in line), 0)


def key_line(text: str, key: str) -> int:
    """The line of the top-level ``key:`` in mkdocs.yml."""
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((number for number, line in enumerate(text.splitlines(), 1) if pattern.match(line)), 0)


def seen_annotations(lines: Iterable[str]) -> set[str]:
    """Annotations already printed (by scripts/check.py), whatever their level, for skipping."""
    return {
        re.sub(r"^::(?:error|warning|notice)", "::error", line) for line in lines if line.startswith("::")
    }


def annotations(
    log: str, sources: Sources | None, seen: set[str] | None = None, limit: int = ANNOTATION_LIMIT
) -> list[str]:
    """One annotation per refused record, in the log's order, none twice, none in ``seen``; past ``limit``
    - 1 of them, one that says how many more records the log holds."""
    seen = seen or set()
    found: dict[str, None] = {}  # ordered, and a look-up takes no longer as it grows
    messages = list(records(log))
    for at, message in enumerate(messages):
        if len(found) == limit - 1 and at < len(messages) - 1:
            more = f"{len(messages) - at:,} more of the build's warnings and errors: its log above lists them all"
            found[workflow_commands.annotation("error", more)] = None
            break
        annotation = annotation_of(message, sources)
        if not annotation.said_before(seen):
            found.setdefault(annotation.command())
    return list(found)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("log", type=Path, help="the output of `mkdocs build --strict`")
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the mkdocs.yml (default: %(default)s)"
    )
    parser.add_argument("--seen", type=Path, help="output of scripts/check.py whose annotations to skip")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = Path.cwd()
    try:
        log = args.log.read_text(encoding="utf-8", errors="replace")
        seen = args.seen.read_text(encoding="utf-8", errors="replace") if args.seen else ""
    except OSError as error:
        print(
            workflow_commands.log_line(f"error: {error} — give the file the build's output went to"),
            file=sys.stderr,
        )
        return 2
    print("\n".join(workflow_commands.inert(log.splitlines())))  # first: whatever follows, it is shown
    try:
        config = read_site_config(args.config.resolve())
    except CommonsError as error:  # the build stopped on it too: its records have no files to go on
        print(workflow_commands.annotation("error", str(error), _relative(args.config, root)))
        sources, limit = None, ANNOTATION_LIMIT - 1
    else:
        sources = Sources(_relative(config.docs_dir, root), _relative(config.config_file, root), root)
        limit = ANNOTATION_LIMIT
    for command in annotations(log, sources, seen_annotations(seen.splitlines()), limit):
        print(command)
    return 0


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


if __name__ == "__main__":
    sys.exit(main())
