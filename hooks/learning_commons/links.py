"""Connections between pages: backlinks ("linked from") and related pages by shared tags.

Both are computed once per build for all pages, in time near-linear in the number of pages.
"""

from __future__ import annotations

import bisect
import math
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote

from .model import Page

RELATED = 5
# A tag on more pages than this is too common to pull in candidates of its own (keeps the cost linear).
CANDIDATES = 200
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_INLINE_CODE_RE = re.compile(r"`+[^`]*`+")
_LINK_RE = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
_HTML_HREF_RE = re.compile(r"""<a\s[^>]*href=["']([^"']+)["']""", re.IGNORECASE)
_ATTR_LIST_RE = re.compile(r"\{[^}]*\}\s*$")


@dataclass(frozen=True)
class Backlink:
    source: Page
    section: str  # the heading above the link in the linking page ('' at the top)


def outgoing_links(page: Page, known: set[str]) -> list[tuple[str, str]]:
    """(target src_uri, section heading) for every link from ``page`` to another known page."""
    found: list[tuple[str, str]] = []
    section = ""
    fenced = False
    for line in page.body.splitlines():
        if _FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            section = _ATTR_LIST_RE.sub("", heading.group(2)).strip()
            continue
        text = _INLINE_CODE_RE.sub("", line)
        targets = _LINK_RE.findall(text) + _REF_DEF_RE.findall(text) + _HTML_HREF_RE.findall(text)
        for target in targets:
            resolved = resolve(page.src_uri, target, known)
            if resolved and resolved != page.src_uri:
                found.append((resolved, section))
    return found


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
    for candidate in (joined, f"{joined}/index.md", f"{joined}.md", f"{joined.rstrip('/')}/index.md"):
        if candidate in known:
            return candidate
    return None


def backlinks(pages: dict[str, Page]) -> tuple[dict[str, list[Backlink]], dict[str, set[str]]]:
    """Pages linking to each page (one entry per linking page and section), and each page's outgoing links."""
    known = set(pages)
    incoming: dict[str, dict[tuple[str, str], Backlink]] = defaultdict(dict)
    outgoing: dict[str, set[str]] = {}
    for src_uri, page in pages.items():
        links = outgoing_links(page, known)
        outgoing[src_uri] = {target for target, _ in links}
        for target, section in links:
            incoming[target].setdefault((src_uri, section), Backlink(page, section))
    ordered = {
        target: sorted(found.values(), key=lambda b: (b.source.title.casefold(), b.source.src_uri, b.section))
        for target, found in incoming.items()
    }
    return ordered, outgoing


def related_pages(
    pages: dict[str, Page], outgoing: dict[str, set[str]], incoming: dict[str, list[Backlink]]
) -> dict[str, list[Page]]:
    """Up to five pages per page, ranked by shared tags where rarer tags weigh more, not already linked."""
    by_tag: dict[str, list[str]] = defaultdict(list)
    for src_uri in sorted(pages):
        for tag in pages[src_uri].tags:
            by_tag[tag].append(src_uri)
    total = max(len(pages), 1)
    weight = {tag: math.log(1 + total / len(members)) for tag, members in by_tag.items()}
    related: dict[str, list[Page]] = {}
    for src_uri, page in pages.items():
        linked = outgoing.get(src_uri, set()) | {b.source.src_uri for b in incoming.get(src_uri, [])}
        scores: dict[str, float] = defaultdict(float)
        for tag in sorted(page.tags, key=lambda tag: (-weight[tag], tag)):  # rarest tags first
            members = by_tag[tag]
            if len(members) > CANDIDATES:
                members = _bounded(members, src_uri, tag, scores, pages)
            for other in members:
                if other != src_uri and other not in linked:
                    scores[other] += weight[tag]
        best = sorted(scores.items(), key=lambda item: (-item[1], pages[item[0]].title.casefold(), item[0]))
        related[src_uri] = [pages[other] for other, _ in best[:RELATED]]
    return related


def _bounded(
    members: list[str], src_uri: str, tag: str, scores: dict[str, float], pages: dict[str, Page]
) -> list[str]:
    """The members of a very common tag worth scoring, at most about CANDIDATES of them.

    Pages that already share a rarer tag get the extra weight; failing enough of those, the tag's pages
    nearest in the folder tree stand in (members are sorted by path), so the cost per page stays bounded.
    """
    if len(scores) >= RELATED:
        return [other for other in scores if tag in pages[other].tags]
    middle = bisect.bisect_left(members, src_uri)
    start = max(0, min(middle - CANDIDATES // 2, len(members) - CANDIDATES))
    return members[start : start + CANDIDATES]
