"""Connections between pages: backlinks ("linked from") and related pages by shared tags.

Both are computed once per build for all pages, in time near-linear in the number of pages.
"""

from __future__ import annotations

import bisect
import math
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from .model import INDEX_NAMES, Kind, Page, index_page
from .scanner import headings, html_links, inline_links, without_attr_list
from .text import markdown_lines, unfenced

RELATED = 5
# A tag on more pages than this is too common to pull in candidates of its own (keeps the cost linear).
CANDIDATES = 200
# Inline code and reference definitions are read with patterns that stay linear (no start can read past
# the next '`', or past its own line); headings, inline links and raw-HTML links with scanner.py.
# Nothing but an inline link's text crosses a line (a wrapped paragraph's, up to a blank line), so reading
# markdown_lines() at once finds what a line-by-line reading would, and the links whose text wraps.
_INLINE_CODE_RE = re.compile(r"``*[^`\n]*`+")
_REF_DEF_RE = re.compile(r"\n[^\S\n]{0,3}\[[^\]\n]+\]:[^\S\n]*<?([^\s>]+)>?")


@dataclass(frozen=True, slots=True)  # one per linking page
class Backlink:
    source: Page
    sections: tuple[str, ...]  # the headings above its links, in the page's order ('' at the top)


def is_navigation(page: Page) -> bool:
    """The home page and section indexes: they link to pages to list them, not because they are related."""
    return page.kind is Kind.PAGE and posixpath.basename(page.src_uri) in INDEX_NAMES


def link_targets(markdown: str) -> tuple[tuple[str, str], ...]:
    """(target as written, section heading) for every link in a page's Markdown body, in order.

    Links in fenced code, in inline code and in headings do not count; the section is the heading above.
    """
    body = markdown_lines(markdown)
    found: list[tuple[str, str]] = []
    section = ""
    for start, end in unfenced(body):
        for line_start, line_end, heading in headings(body, start, end):
            found += [(target, section) for target in _targets(body[start:line_start])]
            section = without_attr_list(heading).strip()
            start = line_end
        found += [(target, section) for target in _targets(body[start:end])]
    return tuple(found)


def heading_text(line: str) -> str:
    """A heading's text without its closing '#'s ('Title ##' -> 'Title')."""
    return line.rstrip("#").rstrip() or line


def markdown_links(markdown: str) -> list[tuple[int, str]]:
    """(line within ``markdown``, counted from 1; target as written) for every Markdown link and reference
    definition outside fenced and inline code, headings included: the links MkDocs validates."""
    if "[" not in markdown:
        return []
    body = markdown_lines(markdown)
    found: list[tuple[int, str]] = []
    first, before = 0, 0  # lines before each span, counted once, not from the top for every code block
    for start, end in unfenced(body):
        # Inline code blanked to spaces of its length, so every offset still counts its line.
        text = _INLINE_CODE_RE.sub(lambda code: " " * len(code.group()), body[start:end])
        references = [(match.start(1), match.group(1)) for match in _REF_DEF_RE.finditer(text)]
        first += body.count("\n", before, start)
        before = start
        line, counted = first, 0
        for offset, target in sorted(inline_links(text) + references):
            line += text.count("\n", counted, offset)  # counted once, not from the top for every link
            counted = offset
            found.append((line, target))
    return sorted(found)


def outgoing_links(page: Page, known: set[str]) -> list[tuple[str, str]]:
    """(target src_uri, section heading) for every link from ``page`` to another known page."""
    found = []
    for target, section in page.links:
        resolved = resolve(page.src_uri, target, known)
        if resolved and resolved != page.src_uri:
            found.append((resolved, section))
    return found


def _targets(text: str) -> list[str]:
    """The link targets in lines of Markdown (each after a '\\n'), in the order of a line-by-line reading."""
    if "[" not in text and "<" not in text:  # most paragraphs: no link of any kind
        return []
    text = _INLINE_CODE_RE.sub("", text)
    references = [(match.start(), match.group(1)) for match in _REF_DEF_RE.finditer(text)]
    found = [inline_links(text), references, html_links(text)]  # on one line, links are read in this order
    if sum(1 for targets in found if targets) < 2:  # one kind only: the order of the text
        return [target for targets in found for _, target in targets]
    by_offset = sorted(
        (start, kind, target) for kind, targets in enumerate(found) for start, target in targets
    )
    ordered, line, counted = [], 0, 0
    for start, kind, target in by_offset:
        line += text.count("\n", counted, start)  # counted once, not from the top for every link
        counted = start
        ordered.append((line, kind, start, target))
    return [target for *_, target in sorted(ordered)]


def resolve(src_uri: str, target: str, known: set[str]) -> str | None:
    """The src_uri a relative link from ``src_uri`` points to, if it is one of ``known``."""
    if "://" in target or target.startswith(("#", "/", "mailto:", "tel:", "data:")):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if joined.startswith(".."):
        return None
    if joined in known:
        return joined
    folder_index = index_page("" if joined == "." else joined, known)
    return folder_index or (f"{joined}.md" if f"{joined}.md" in known else None)


def backlinks(pages: dict[str, Page]) -> tuple[dict[str, list[Backlink]], dict[str, set[str]]]:
    """Pages linking to each page (one entry per linking page, with its sections; the home page and
    section indexes left out), and each page's outgoing links."""
    known = set(pages)
    own = {src_uri: src_uri for src_uri in pages}  # kept: the page's own string, not a copy per link
    incoming: dict[str, dict[str, list[str]]] = defaultdict(dict)  # target -> linking page -> sections
    outgoing: dict[str, set[str]] = {}
    for src_uri, page in pages.items():
        links = outgoing_links(page, known)
        outgoing[src_uri] = {own[target] for target, _ in links}
        if is_navigation(page):
            continue
        for target, section in links:
            sections = incoming[own[target]].setdefault(src_uri, [])
            if section not in sections:
                sections.append(section)
    ordered = {
        target: sorted(
            (Backlink(pages[source], tuple(sections)) for source, sections in found.items()),
            key=lambda b: (b.source.title.casefold(), b.source.src_uri),
        )
        for target, found in incoming.items()
    }
    return ordered, outgoing


def related_pages(
    pages: dict[str, Page], outgoing: dict[str, set[str]], incoming: dict[str, list[Backlink]]
) -> dict[str, list[Page]]:
    """Up to five pages per page, ranked by shared tags where rarer tags weigh more, so pages of the same
    subject come first; not already linked, workshops rolled up, no section index (see _suggestions).

    Equal scores go by title, then path.
    """
    by_tag: dict[str, list[str]] = defaultdict(list)
    for src_uri in sorted(pages):
        for tag in pages[src_uri].tags:
            by_tag[tag].append(src_uri)
    total = max(len(pages), 1)
    weight = {tag: math.log(1 + total / len(members)) for tag, members in by_tag.items()}
    common = {tag: set(members) for tag, members in by_tag.items() if len(members) > CANDIDATES}
    listed_once = {tag for tag, members in by_tag.items() if len(set(members)) == len(members)}
    by_title = sorted(pages, key=lambda src_uri: (pages[src_uri].title.casefold(), src_uri))
    rank = {src_uri: index for index, src_uri in enumerate(by_title)}.__getitem__
    related: dict[str, list[Page]] = {}
    for src_uri, page in pages.items():
        skipped = {src_uri, *outgoing.get(src_uri, ())}  # the page itself, the pages it links to
        skipped.update(backlink.source.src_uri for backlink in incoming.get(src_uri, []))  # and from
        scores: dict[str, float] = defaultdict(float)
        for tag in sorted(page.tags, key=lambda tag: (-weight[tag], tag)):  # rarest tags first
            members = by_tag[tag]
            if tag in common:
                members = _bounded(members, src_uri, common[tag], scores)
            shared = weight[tag]
            if not scores and tag in listed_once:  # so every score is just this weight: set them in C
                scores.update(dict.fromkeys(set(members) - skipped, shared))
                continue
            for other in members:
                if other not in skipped:
                    scores[other] += shared
        related[src_uri] = [pages[other] for other in _best(_suggestions(scores, page, pages, skipped), rank)]
    return related


def _suggestions(
    scores: dict[str, float], page: Page, pages: dict[str, Page], skipped: set[str]
) -> dict[str, float]:
    """The scored pages worth suggesting: a workshop part stands for its workshop (the overview, with the
    best score of its pages); never a section index, nor a page of the reader's own workshop."""
    found: dict[str, float] = {}
    for other, score in scores.items():
        candidate = pages[other]
        if is_navigation(candidate):
            continue
        if candidate.kind is Kind.WORKSHOP_PART and candidate.workshop:
            other = _overview_of(candidate.workshop, pages) or other
        if other in skipped or (page.workshop and pages[other].workshop == page.workshop):
            continue
        found[other] = max(found.get(other, 0.0), score)
    return found


def _overview_of(workshop: str, pages: dict[str, Page]) -> str | None:
    overview = f"{workshop}/index.md"
    return overview if overview in pages else None


def _best(scores: dict[str, float], rank: Callable[[str], int]) -> list[str]:
    """The RELATED highest scores, equal scores by ``rank`` (title, then path).

    Only the pages scoring at least the RELATED-th score can be among them; they are sorted by rank, then
    by score with a stable sort (keys looked up in C, no tuple per page).
    """
    if len(scores) > RELATED:
        cutoff = sorted(scores.values(), reverse=True)[RELATED - 1]
        scores = {other: score for other, score in scores.items() if score >= cutoff}
    return sorted(sorted(scores, key=rank), key=scores.__getitem__, reverse=True)[:RELATED]


def _bounded(members: list[str], src_uri: str, tagged: set[str], scores: dict[str, float]) -> list[str]:
    """The members of a very common tag worth scoring, at most about CANDIDATES of them.

    Pages that already share a rarer tag get the extra weight; failing enough of those, the tag's pages
    nearest in the folder tree stand in (members are sorted by path), so the cost per page stays bounded.
    """
    if len(scores) >= RELATED:
        return list(scores.keys() & tagged)
    middle = bisect.bisect_left(members, src_uri)
    start = max(0, min(middle - CANDIDATES // 2, len(members) - CANDIDATES))
    return members[start : start + CANDIDATES]
