"""Snippets: files in the folders starting with '_' that pages include with `--8<-- "name.md"`
(pymdownx.snippets, whose base path is such a folder).

Markdown reads a page with its snippets in place, each line indented like the line that includes it. So
a snippet that would hang or crash Markdown is refused like such a page, and a page is checked with what
it includes: no refused snippet, no more bytes than a page may have, no nesting deeper than a page may
have. Whole snippets are counted even where a page includes some of their lines, which errs on the safe
side.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from .problems import Problem
from .text import nesting

TAB = 4  # Python-Markdown's tab length, which pymdownx.snippets expands the indentation with
MAX_NESTING = 50  # snippets within snippets deeper than this are not followed


@dataclass(frozen=True, slots=True)
class Include:
    line: int  # counted from 1 in the including file
    indent: int  # columns before the marker: every line of the snippet gets as many
    name: str  # the snippet's path in its folder, without line ranges or section


@dataclass
class Snippet:
    src_uri: str  # its path under docs/ ('_snippets/steps.md')
    shown: str  # its path in messages
    size: int  # bytes
    deepest: int  # the deepest indentation of its own lines, in columns
    includes: list[Include]
    refused: bool  # it has a problem of its own that keeps it from being used


@dataclass(frozen=True)
class Expanded:
    """A snippet with everything it includes, as Markdown would read it."""

    size: int
    deepest: int
    refused: bool


@dataclass
class Snippets:
    """Every snippet by name (its path inside its '_' folder)."""

    by_name: dict[str, Snippet] = field(default_factory=dict)
    _expanded: dict[str, Expanded] = field(default_factory=dict)

    def add(self, name: str, snippet: Snippet) -> None:
        """Two folders holding the same name: the worse one counts."""
        known = self.by_name.get(name)
        if known is None or (snippet.refused, snippet.size) > (known.refused, known.size):
            self.by_name[name] = snippet

    def expanded(self, name: str, stack: frozenset[str] = frozenset()) -> Expanded | None:
        """``name`` with its snippets in place; None for a name that is no snippet here, that is being
        expanded already (pymdownx.snippets skips a snippet that includes itself) or that is nested past
        MAX_NESTING (pymdownx stops short of Python's recursion limit)."""
        snippet = self.by_name.get(name)
        if snippet is None or name in stack or len(stack) >= MAX_NESTING:
            return None
        if name not in self._expanded:  # once each: a snippet included twice by one included twice...
            inside = stack | {name}
            size, deepest, refused = snippet.size, snippet.deepest, snippet.refused
            for include in snippet.includes:
                child = self.expanded(include.name, inside)
                if child is not None:
                    size += child.size
                    deepest = max(deepest, include.indent + child.deepest)
                    refused = refused or child.refused
            self._expanded[name] = Expanded(size, deepest, refused)
        return self._expanded[name]

    def problems(
        self, found: list[Include], shown: str, size: int, max_bytes: int, max_indent: int, *, own: str = ""
    ) -> list[Problem]:
        """What is wrong with the snippets ``found`` in the file ``shown`` (of ``size`` bytes); ``own`` is
        its name when the file is a snippet itself."""
        stack = frozenset({own}) if own else frozenset()
        problems = []
        total = size
        for include in found:
            child = self.expanded(include.name, stack)
            if child is None:
                continue
            total += child.size
            if child.refused:
                problems.append(
                    Problem(
                        shown,
                        include.line,
                        f"the snippet '{include.name}' included here cannot be used (see the problem reported "
                        "for it)",
                        "fix the snippet, or remove the line that includes it",
                    )
                )
            elif include.indent + child.deepest > max_indent:
                problems.append(
                    Problem(
                        shown,
                        include.line,
                        f"the snippet '{include.name}' is included {include.indent} spaces in and nests "
                        f"{child.deepest} more: lists or quotes nested this deep crash Markdown",
                        "include it with less indentation, or flatten the snippet's nesting",
                    )
                )
        if total > max_bytes and found:
            problems.append(
                Problem(
                    shown,
                    found[0].line,
                    f"with the snippets it includes, this file is {total:,} bytes, over the limit of {max_bytes:,}",
                    "include fewer or smaller snippets (or raise extra.commons.max_page_bytes in mkdocs.yml)",
                )
            )
        return problems


def includes(text: str) -> list[Include]:
    """The snippets ``text`` includes, as pymdownx.snippets reads them: `--8<-- "name"` on a line of its
    own, or one name per line between two `--8<--` lines. Escaped (`;--8<--`), commented-out (`;name`)
    and downloaded (`https://…`) ones are left out."""
    if "8<" not in text:  # nearly every page
        return []
    found: list[Include] = []
    block = False
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip("\r")
        stripped = line.lstrip(" \t")
        indent = len(line[: len(line) - len(stripped)].expandtabs(TAB))
        marker = _marker(stripped)
        if marker is not None:
            if marker:
                if not block:  # pymdownx ignores an inline marker inside a block
                    _add(found, number, indent, marker[1:-1])
            else:
                block = not block
        elif block:
            _add(found, number, indent, stripped)
    return found


def _marker(line: str) -> str | None:
    """'' for a block marker (`--8<--`), the quoted name for an inline one, None for any other line."""
    if not line.startswith("-"):
        return None
    rest = line.lstrip("-")
    if not rest.startswith("8<") or not rest[2:].startswith("-"):
        return None
    rest = rest[2:].lstrip("-")
    if not rest:
        return ""
    quoted = rest.lstrip(" \t")
    if quoted == rest or len(quoted) < 3 or quoted[0] not in "\"'" or quoted[-1] != quoted[0]:
        return None
    return quoted


def _add(found: list[Include], line: int, indent: int, written: str) -> None:
    name = _without_selection(written.strip())
    if not name or name.startswith(";") or name.lower().startswith(("https://", "http://")):
        return
    name = posixpath.normpath(name)
    if not name.startswith(("../", "/")) and name != "..":
        found.append(Include(line, indent, name))


def _without_selection(name: str) -> str:
    """'file.md' for 'file.md:3:8', 'file.md:1:2,8:9' or 'file.md:section'."""
    while ":" in name:
        path, _, selection = name.rpartition(":")
        if not selection or not all(char.isalnum() or char in "-_," for char in selection):
            break
        name = path
    return name


def deepest_indent(text: str) -> int:
    """The deepest nesting of a line with text, in columns (list and quote markers count)."""
    return max((nesting(line)[0] for line in text.splitlines() if line.strip()), default=0)
