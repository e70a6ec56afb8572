"""What sets a workshop's two printed editions apart, as changes to its parts' rendered HTML.

The participant pack leaves out what only facilitators use: facilitator notes, and every section whose
heading starts with "Facilitator" or "Debrief" (the overview's preparation for facilitators, the
exercises' debrief questions). Its exercises print their tabbed sets as cards to cut out, one per tab
(a role card each), and its handout gets lines to write on at the end of every section headed "My …".
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Callable, Mapping

from .headings import element_end, sections
from .markup import esc

# Headings that open a section only facilitators use (compared in lower case, from the start).
FACILITATOR_HEADINGS = ("facilitator", "debrief")
# Handout sections in which participants write their own answer (compared in lower case).
WRITING_HEADINGS = ("my ",)
WRITING_LINES = 4

# One unbounded repetition per pattern, none able to read past the next '<': every scan stays linear.
_BLOCK_START = re.compile(r"<(?:div|details)\s[^<>]*>")
_CLASS = re.compile(r"""\sclass=(["'])([^"'<>]*)\1""")
_LABEL = re.compile(r"<label\b[^<>]*>((?:[^<]|<(?!/?label[\s>]))*)</label>")
_TABBED_SET = re.compile(r"""<div class=(["'])tabbed-set[\s"']""")
_TABBED_BLOCK = re.compile(r"""<div class=(["'])tabbed-block\1>""")
_LINK_TAG = re.compile(r"""<a\s[^<>]*>""")
_HREF = re.compile(r"""(\shref=)(?:"([^"]*)"|'([^']*)')""")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _facilitator_notes(markup: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for match in _BLOCK_START.finditer(markup):
        if found and match.start() < found[-1][1]:
            continue
        classes = _CLASS.search(match[0])
        if classes is not None and "facilitator" in classes[2].split():
            found.append((match.start(), element_end(markup, match.start())))
    return found


def _cut(markup: str, spans: list[tuple[int, int]]) -> str:
    pieces, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        pieces.append(markup[position:start])
        position = end
    pieces.append(markup[position:])
    return "".join(pieces)


def for_participants(markup: str) -> str:
    """A part without facilitator notes and without the sections only facilitators use."""
    markup = _cut(markup, _facilitator_notes(markup))
    return _cut(markup, sections(markup, lambda title: title.startswith(FACILITATOR_HEADINGS)))


def with_writing_space(markup: str) -> str:
    """Lines to write on at the end of each section headed "My …" (what the handout asks to write)."""
    lines = '<div class="lc-write" aria-hidden="true">' + "<span></span>" * WRITING_LINES + "</div>"
    pieces, position = [], 0
    for _start, end in sections(markup, lambda title: title.startswith(WRITING_HEADINGS)):
        pieces += [markup[position:end], lines]
        position = end
    pieces.append(markup[position:])
    return "".join(pieces)


def as_cards(markup: str) -> str:
    """Tabbed sets (one tab per role) as cards to cut out: the tab's label on top of its text."""
    pieces, position, read_to = [], 0, 0
    for match in _TABBED_SET.finditer(markup):
        if match.start() < read_to:
            continue  # inside a set read already (each set is read once: the scan stays linear)
        read_to = end = element_end(markup, match.start())
        cards = _cards(markup[match.start() : end])
        if cards is None:
            continue
        pieces += [markup[position : match.start()], cards]
        position = end
    pieces.append(markup[position:])
    return "".join(pieces)


def _cards(tab_set: str) -> str | None:
    labels_start = tab_set.find('<div class="tabbed-labels"')
    if labels_start < 0:
        return None
    labels_end = element_end(tab_set, labels_start)
    labels = _LABEL.findall(tab_set, labels_start, labels_end)
    blocks = []
    position = labels_end
    while (block := _TABBED_BLOCK.search(tab_set, position)) is not None:
        end = element_end(tab_set, block.start())
        blocks.append(tab_set[block.end() : end - len("</div>")])
        position = end
    if not labels or len(blocks) != len(labels):
        return None  # not the shape pymdownx.tabbed writes: printed as tabs, each under its label
    cards = "".join(
        f'<div class="lc-card"><p class="lc-card__title">{label}</p>{block}</div>'
        for label, block in zip(labels, blocks, strict=True)
    )
    return f'<div class="lc-cards">{cards}</div>'


def link_targets(folder: str, anchors: Mapping[str, str], site_url: str) -> Callable[[str], str]:
    """Links as a printed pack needs them: a change to one start tag of a part's HTML.

    ``folder`` is the pack's own folder; ``anchors`` maps the URL of each page printed in the pack to the
    id its part starts at. A link to a page in the pack becomes a link within the pack; a link to any other
    page of the wiki carries its full address for print (data-lc-print-url), since paper has no links.
    """

    def change(tag: str) -> str:
        href = _HREF.search(tag)
        if href is None or _LINK_TAG.match(tag) is None:
            return tag
        quote = '"' if href[2] is not None else "'"
        target = html_lib.unescape(href[2] if href[2] is not None else href[3])
        if not target or target.startswith(("#", "/", "?")) or _SCHEME.match(target):
            return tag
        path, _, fragment = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved.startswith(".."):
            return tag  # outside the site: left as written
        url = "" if resolved == "." else resolved + ("/" if path.endswith("/") or not path else "")
        if url in anchors:
            anchor = f"{anchors[url]}-{fragment}" if fragment else anchors[url]
            return tag[: href.start()] + f"{href[1]}{quote}#{esc(anchor)}{quote}" + tag[href.end() :]
        return tag[:-1] + f' data-lc-print-url="{esc(site_url + url)}">'

    return change
