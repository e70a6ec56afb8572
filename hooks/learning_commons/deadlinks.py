"""Markdown links that lead nowhere: a missing page, file or heading, a folder or an absolute path.

The strict build finds the same links (MkDocs' link validation), in MkDocs' words and only after a full
build; this finds them from the Markdown alone, for `make check`, as ``path:line: what — how to fix``.
Anchors are the ids Python-Markdown's toc extension gives headings (its default slugify), ids written
with attribute lists or HTML, and footnotes.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from .frontmatter import split_front_matter
from .links import heading_text, markdown_links
from .model import Wiki, index_page
from .problems import Problem
from .text import markdown_lines, unfenced
from .urls import url_scheme

# Pages the build generates (tag pages, recently learned, contributors, review, open actions, a workshop's
# printed packs): links to them are checked by the build, which knows them; the guide says not to link to them.
GENERATED = re.compile(
    r"^(?:tags|recent|contributors|review|lessons/actions)(?:/|$)"
    r"|^workshops/[^/]+/(?:participant|facilitator)-pack(?:/|$)"
)
# Headings, setext underlines and ids, line by line after a '\n' (see text.markdown_lines).
_ATX_RE = re.compile(r"\n[^\S\n]*#{1,6}([^\n]*)")  # as Python-Markdown: no space needed after the '#'s
_SETEXT_RE = re.compile(r"\n([^\n]+)\n[^\S\n]{0,3}(?:=+|-+)[^\S\n]*(?=\n|$)")
_ATTR_LIST_RE = re.compile(r"\{([^{}\n]*)\}")  # '{' excluded inside, so a run of them is read once
_HTML_ID_RE = re.compile(r"""\b(?:id|name)=["']([^"'\n]+)["']""")
_HEADING_ATTRS_RE = re.compile(r"\{[^{}\n]*\}[^\S\n]*$")
_INLINE_LINK_RE = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_MARKUP_RE = re.compile(r"[*`]|<[^<>\n]*>")
_WORD_RE = re.compile(r"\S+")
_SLUG_DROP_RE = re.compile(r"[^\w\s-]")
_SLUG_JOIN_RE = re.compile(r"[-\s]+")
_NUMBERED_RE = re.compile(r"^(.*)_([0-9]+)$")
_SHOWN_IDS = 5


def dead_links(docs_dir: Path, wiki: Wiki) -> list[Problem]:
    """Every Markdown link of every page that the strict build would refuse, on its own line."""
    checker = _Checker(docs_dir, wiki)
    problems: list[Problem] = []
    for src_uri in sorted(wiki.pages):
        problems += checker.page_problems(src_uri)
    return problems


def heading_ids(markdown: str) -> set[str]:
    """The anchors a page's Markdown body gives: headings as Python-Markdown's toc extension names them
    ('Before the session' -> 'before-the-session', a second one 'before-the-session_1'), and ids set by
    attribute lists or HTML."""
    text = markdown_lines(markdown)
    ids: set[str] = set()
    for start, end in unfenced(text):
        span = text[start:end]
        titles = [(match.start(), heading_text(match.group(1).strip())) for match in _ATX_RE.finditer(span)]
        titles += [
            (match.start(), match.group(1))
            for match in _SETEXT_RE.finditer(span)
            if not match.group(1).lstrip().startswith("#")  # a '#' heading already, with a rule below it
        ]
        for _, title in sorted(titles):
            if title.strip():
                written = _HEADING_ATTRS_RE.search(title)
                given = _attribute_id(written.group()) if written else None
                ids.add(given or _unique(_slugify(title), ids))
        ids.update(filter(None, (_attribute_id(match.group(1)) for match in _ATTR_LIST_RE.finditer(span))))
        ids.update(match.group(1) for match in _HTML_ID_RE.finditer(span))
    return ids


def _attribute_id(attributes: str) -> str | None:
    """The id an attribute list sets ('{: #my-id .wide }' -> 'my-id'), or None."""
    return next((word[1:] for word in attributes.strip("{}: ").split() if word.startswith("#")), None)


def _kind(path: Path) -> tuple[bool, bool]:
    """(a folder, a file) at ``path``; neither when the file system cannot say (a name over 255 bytes,
    say), which makes the link one to nothing, not a traceback."""
    try:
        return path.is_dir(), path.is_file()
    except OSError:
        return False, False


def _slugify(title: str) -> str:
    """markdown.extensions.toc.slugify of the heading's text (its Markdown markup dropped)."""
    text = _MARKUP_RE.sub("", _INLINE_LINK_RE.sub(r"\1", _HEADING_ATTRS_RE.sub("", title)))
    # Underscores around a word are emphasis ('__bold__'); inside one they are text ('snake_case').
    text = _WORD_RE.sub(lambda word: word.group().strip("_") or word.group(), text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_JOIN_RE.sub("-", _SLUG_DROP_RE.sub("", text).strip().lower())


def _unique(slug: str, taken: set[str]) -> str:
    """As markdown.extensions.toc.unique: 'a', then 'a_1', 'a_2'."""
    while slug in taken or not slug:
        numbered = _NUMBERED_RE.match(slug)
        slug = f"{numbered.group(1)}_{int(numbered.group(2)) + 1}" if numbered else f"{slug}_1"
    return slug


class _Checker:
    def __init__(self, docs_dir: Path, wiki: Wiki) -> None:
        self.docs_dir = docs_dir
        self.wiki = wiki
        self.bodies: dict[str, tuple[str, int]] = {}
        self.ids: dict[str, set[str] | None] = {}

    def body(self, src_uri: str) -> tuple[str, int]:
        """A page's Markdown body and the line it starts on (read once, and only for pages with links)."""
        if src_uri not in self.bodies:
            text = (self.docs_dir / src_uri).read_text(encoding="utf-8-sig")
            split = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
            self.bodies[src_uri] = (split.body, split.body_line)
        return self.bodies[src_uri]

    def anchors(self, src_uri: str) -> set[str] | None:
        """The page's anchors, or None when they cannot be known without a build (included snippets)."""
        if src_uri not in self.ids:
            body, _ = self.body(src_uri)
            self.ids[src_uri] = None if "--8<--" in body else heading_ids(body)
        return self.ids[src_uri]

    def page_problems(self, src_uri: str) -> list[Problem]:
        page = self.wiki.pages[src_uri]
        if not page.links:  # what the model already read: most pages' links are checked without a read
            return []
        body, first_line = self.body(src_uri)
        problems = []
        for line, target in markdown_links(body):
            found = self.target_problem(src_uri, target)
            if found:
                problems.append(Problem(page.path, first_line + line - 1, *found))
        return problems

    def target_problem(self, src_uri: str, target: str) -> tuple[str, str] | None:
        """(what is wrong, how to fix it) for a link from ``src_uri``, or None when it leads somewhere."""
        if (
            url_scheme(html.unescape(target)) is not None
        ):  # another site, mail, or a scheme the HTML policy refuses
            return None
        path, _, anchor = target.partition("#")
        path = unquote(path.split("?", 1)[0])
        if target.startswith("/"):
            return (
                f"the link '{target}' is absolute: it breaks when the site moves",
                "link to the page's .md file relative to this page, e.g. '../playbooks/run-a-lunch-and-learn.md'",
            )
        if not path:
            return self.anchor_problem(src_uri, src_uri, target, anchor)
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if joined == ".." or joined.startswith("../"):
            return (
                f"the link '{target}' leads outside the docs folder, which is not published",
                "link to a page under docs/, or to the file's full web address",
            )
        if GENERATED.match(joined):
            return None
        if joined in self.wiki.pages:
            return self.anchor_problem(src_uri, joined, target, anchor) if anchor else None
        is_dir, is_file = _kind(self.docs_dir / joined)
        if is_dir:
            inner = index_page("" if joined == "." else joined, self.wiki.pages)
            if inner is not None:
                index = posixpath.normpath(posixpath.join(path, posixpath.basename(inner)))
                return f"the link '{target}' points to a folder", f"link to its page: '{index}'"
            return f"the link '{target}' points to a folder", "link to one of its pages' .md files"
        if not path.endswith(".md") and is_file:
            return None  # an image or a download
        shown = self.wiki.pages[src_uri].path[: -len(src_uri)] + joined  # as messages show paths: docs/…
        what = "page" if path.endswith(".md") else "file"
        return f"the link '{target}' leads to a {what} that does not exist ({shown})", self.path_fix(
            src_uri, joined
        )

    def path_fix(self, src_uri: str, joined: str) -> str:
        # By file name (the folder names two paths share would make every page of a folder look close),
        # then of the pages of that name the one whose path is nearest.
        by_name: dict[str, list[str]] = defaultdict(list)
        for other in self.wiki.pages:
            if other != src_uri:
                by_name[posixpath.basename(other)].append(other)
        close = difflib.get_close_matches(posixpath.basename(joined), list(by_name), n=1, cutoff=0.6)
        if close:
            nearest = max(
                sorted(by_name[close[0]]),
                key=lambda other: difflib.SequenceMatcher(None, joined, other).ratio(),
            )
            relative = posixpath.relpath(nearest, posixpath.dirname(src_uri) or ".")
            return f"did you mean '{relative}'? (links are relative to this page's file)"
        ending = " and end in .md" if joined.endswith(".md") else ""
        return f"check the path: links are relative to this page's file{ending}"

    def anchor_problem(
        self, src_uri: str, target_uri: str, target: str, anchor: str
    ) -> tuple[str, str] | None:
        anchors = self.anchors(target_uri)
        if anchors is None or unquote(anchor) in anchors or anchor.startswith(("fn:", "fnref:")):
            return None
        page = "this page" if target_uri == src_uri else f"'{target_uri}'"
        close = difflib.get_close_matches(unquote(anchor), sorted(anchors), n=1, cutoff=0.6)
        if close:
            fix = f"did you mean '#{close[0]}'?"
        elif anchors:
            shown = ", ".join(f"#{name}" for name in sorted(anchors)[:_SHOWN_IDS])
            fix = f"its headings give {shown}{', …' if len(anchors) > _SHOWN_IDS else ''}"
        else:
            fix = "it has no headings: link to the page without '#…'"
        return (
            f"the link '{target}' points to a heading that {page} does not have",
            f"{fix} (an anchor is the heading in lowercase, with hyphens for spaces)",
        )
