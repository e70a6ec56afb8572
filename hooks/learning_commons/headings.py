"""Sections of rendered HTML by their headings: where a section starts and ends, and the text of a heading.

The scanners step from tag to tag once over the HTML (no nested unbounded repetition), so they stay linear.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Callable

# A heading's text never holds another heading's tag, so no start reads past the next one: linear.
HEADING = re.compile(r"<h([1-6])(?=[\s>])[^<>]*>((?:[^<]|<(?!/?h[1-6][\s>]))*)</h\1\s*>")
_TAG = re.compile(r"<[^<>]*>")
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
# Tags that open or close a block holding other blocks: a section never ends inside one.
_BLOCK_TAG = re.compile(r"<(/?)(h[1-6]|div|details|section|blockquote|ul|ol|dl|table)(?=[\s>])", re.I)


def text_of(markup: str) -> str:
    """The text of an HTML fragment, tags left out and entities read (a permalink's ¶ too)."""
    return html_lib.unescape(_TAG.sub("", markup)).replace("\u00b6", "").strip()


@functools.cache
def _same_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){name}(?=[\s>])", re.I)


def element_end(markup: str, start: int) -> int:
    """Where the element whose start tag begins at ``start`` ends (after its end tag)."""
    name = _TAG_NAME.match(markup, start)
    assert name is not None, "called on a start tag"
    depth = 0
    for match in _same_tag(name[1].lower()).finditer(markup, start):
        depth += -1 if match[1] else 1
        if depth == 0:
            close = markup.find(">", match.end())
            return len(markup) if close < 0 else close + 1
    return len(markup)


def section_end(markup: str, start: int, level: int) -> int:
    """Where the section of an h``level`` heading ending at ``start`` ends: at the next heading of the
    same or a higher level, or where the block holding the heading closes."""
    depth = 0
    for match in _BLOCK_TAG.finditer(markup, start):
        closing, name = match[1], match[2].lower()
        if name.startswith("h"):
            if not closing and depth == 0 and int(name[1]) <= level:
                return match.start()
            continue
        depth += -1 if closing else 1
        if depth < 0:
            return match.start()
    return len(markup)


def sections(markup: str, wanted: Callable[[str], bool]) -> list[tuple[int, int]]:
    """(start, end) of every section whose heading text (lower case) ``wanted`` accepts, outermost only."""
    found: list[tuple[int, int]] = []
    for match in HEADING.finditer(markup):
        if found and match.start() < found[-1][1]:
            continue  # inside a section already found
        if wanted(text_of(match[2]).lower()):
            found.append((match.start(), section_end(markup, match.end(), int(match[1]))))
    return found
