"""Links and images in a page that moves, rewritten so that they still lead where they led before.

Paths here are relative to the repository ('notes/a.md'); ``place`` says where a path will be once
everything has moved (itself when it stays, a folder's index page for a folder, None when nothing is there).
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from .links import _INLINE_CODE_RE, _REF_DEF_RE
from .scanner import BLOCK_START, LinkTexts
from .text import markdown_lines, unfenced
from .urls import is_protocol_relative, url_scheme

# The link syntax the build reads with scanner.py, here as patterns that give each target's position, to
# rewrite it in place. Link text and alt text may wrap onto the next lines of their paragraph, as Markdown
# allows and hand-wrapped pages do (a blank line or a line that starts a block ends them; lines of a quote
# go on after their '>'). Neither reads past a '[' (a line of '[](' or of unclosed '[' stays linear); make
# adopt runs them once. A match whose text wraps is then kept only if the build's reader (LinkTexts)
# ends the text at the same ']': the next item of a list, for one, ends it.
_TEXT = r"(?:[^\]\[\\\n]|\\.|\n(?!(?:[ ]{0,3}>[ ]?)?(?:" + BLOCK_START + r")))*"  # up to a ']'

_LINK_RE = re.compile(r"\[(?<!!\[)" + _TEXT + r"\]\([^\S\n]*<?([^)\s>\[\]]+)>?(?:[^\S\n]+[\"'(][^)\[\n]*)?\)")
_HTML_HREF_RE = re.compile(r"""<a[^\S\n][^<>\n]*href=["']([^"'\n]+)["']""", re.IGNORECASE)

_IMAGE_RE = re.compile(r"!\[" + _TEXT + r"\]\([^\S\n]*<?([^)\s>]+)>?(?:[^\S\n]+[\"'(][^)\n]*)?\)")
_HTML_SRC_RE = re.compile(r"""<img[^\S\n][^>\n]*src=["']([^"'\n]+)["']""", re.IGNORECASE)
_PATTERNS = (_LINK_RE, _IMAGE_RE, _REF_DEF_RE, _HTML_HREF_RE, _HTML_SRC_RE)

Place = Callable[[str], str | None]


@dataclass(frozen=True)
class Reference:
    """One link or image target in a page: where it is written and what it says."""

    start: int  # offset of the target in the page's text
    end: int
    line: int
    target: str


@dataclass(frozen=True)
class Rewrite:
    line: int
    old: str
    new: str


@dataclass(frozen=True)
class Doubt:
    """A link that moving cannot keep working: a person must look at it."""

    line: int
    target: str
    why: str


def references(text: str, first_line: int = 1) -> list[Reference]:
    """Every link and image target outside code in Markdown ``text`` (which starts on ``first_line``)."""
    body = markdown_lines(text)  # one more character in front: offsets in ``text`` are one less
    found: dict[int, tuple[int, str]] = {}  # by the target's offset: its end and the target
    # One reader of link text per pattern for the whole page: it is asked at offsets that only go forward,
    # span after span; a new one for each span would walk the page's paragraphs from the top again.
    link_texts = {pattern: LinkTexts(body) for pattern in (_LINK_RE, _IMAGE_RE)}
    for start, end in unfenced(body):
        code = [(m.start(), m.end()) for m in _INLINE_CODE_RE.finditer(body, start, end)]
        code_starts = [low for low, _ in code]
        for pattern in _PATTERNS:
            texts = link_texts.get(pattern)
            for match in pattern.finditer(body, start, end):
                at = match.start(1)
                inside = bisect.bisect_right(code_starts, at) - 1  # the last code span starting before
                if at in found or (inside >= 0 and at < code[inside][1]):
                    continue
                if texts is not None and not _text_ends_where_the_reader_ends_it(body, match, texts):
                    continue
                found[at] = (match.end(1), match.group(1))
    # Lines counted once, in the order of the page: counting from the top for each one reads a page of
    # many links in quadratic time.
    references, line, counted = [], first_line - 1, 0
    for at in sorted(found):
        line += body.count("\n", counted, at)
        counted = at
        end, target = found[at]
        references.append(Reference(at - 1, end - 1, line, target))
    return references


def _text_ends_where_the_reader_ends_it(body: str, match: re.Match[str], texts: LinkTexts) -> bool:
    """Whether a link or image whose text wraps is one for the build's reader too."""
    close = body.rfind("](", match.start(), match.start(1))
    bracket = match.start() + (1 if body.startswith("!", match.start()) else 0)
    if body.find("\n", bracket, close) == -1:
        return True  # on one line: the patterns read it as the reader does
    return texts.end(bracket) == close


def resolved(page: str, target: str) -> str | None:
    """The repository path ``target`` in ``page`` points at ('' for the root), None for other sites."""
    if target.startswith("#") or url_scheme(target) is not None or is_protocol_relative(target):
        return None  # in the page, or another site, mail, a phone number: any scheme
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    base = "" if path.startswith("/") else posixpath.dirname(page)  # '/x.md' is from the repository's root
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    return "" if joined == "." else joined


def relink(
    text: str, page: str, moved_to: str, place: Place, docs: str, first_line: int = 1
) -> tuple[str, list[Rewrite], list[Doubt]]:
    """``text`` of ``page`` (moving to ``moved_to``) with its links rewritten, what changed, and what cannot
    work in the site: targets missing, outside the repository or outside ``docs`` (the docs folder)."""
    rewrites: list[Rewrite] = []
    doubts: list[Doubt] = []
    pieces: list[str] = []
    done = 0
    for ref in references(text, first_line):
        path = resolved(page, ref.target)
        if path is None:
            continue
        if path.startswith(".."):
            doubts.append(Doubt(ref.line, ref.target, "it leads outside the repository"))
            continue
        arrives = place(path)
        if arrives is None:
            doubts.append(
                Doubt(ref.line, ref.target, "nothing is there (the link was broken before the move)")
            )
            continue
        if not arrives.startswith(docs + "/"):
            doubts.append(
                Doubt(ref.line, ref.target, f"'{arrives}' stays outside {docs}/, so the site lacks it")
            )
            continue
        if resolved(moved_to, ref.target) == arrives:
            continue  # it still works as written: left alone (every changed line costs the move's similarity)
        new = _relative(arrives, moved_to) + _suffix(ref.target)
        pieces += [text[done : ref.start], new]
        done = ref.end
        rewrites.append(Rewrite(ref.line, ref.target, new))
    pieces.append(text[done:])
    return "".join(pieces), rewrites, doubts


def _relative(target: str, page: str) -> str:
    return quote(posixpath.relpath(target, posixpath.dirname(page) or "."), safe="/~")


def _suffix(target: str) -> str:
    """The '#anchor' or '?query' part of a link, kept as written."""
    cut = min((index for index in (target.find("#"), target.find("?")) if index >= 0), default=len(target))
    return target[cut:]
