"""Check every link and anchor of the built wiki the way a reader meets them: over HTTP, under the site's path.

    python scripts/linkcheck.py                      # build strictly into a temp dir, check internal links
    python scripts/linkcheck.py --site-dir site --no-build
    python scripts/linkcheck.py --external --ignore-file .linkcheck-ignore   # the weekly external check

The site is served on 127.0.0.1 under the path of site_url (/learning-commons/), like GitHub Pages serves a
project site, so a link that escapes that path is reported broken too. LinkChecker crawls it with its
AnchorCheck plugin on: a link to `page.md#missing` fails as surely as a link to a missing page. Every
problem is printed with the Markdown file that produced the page, so a contributor knows what to edit.
LinkChecker runs with speed-ups that keep every check and message (each page fetched and parsed once, not
once per anchor that links to it, pages parsed beside it; see speed_up_linkchecker); --plain runs it as
released.

Exit status: 0 every link works; 1 a link or anchor is broken; 2 the check could not run (build failed,
LinkChecker missing or crashed, bad arguments).
"""

from __future__ import annotations

import argparse
import collections
import csv
import difflib
import functools
import importlib.machinery
import importlib.util
import io
import multiprocessing
import os
import queue
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Hashable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from html import unescape as _unescape
from http import HTTPStatus
from pathlib import Path
from typing import Any, ClassVar, NamedTuple
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "hooks"))
from learning_commons.problems import CommonsError  # noqa: E402
from learning_commons.siteconfig import SiteConfig, read_site_config  # noqa: E402
from learning_commons.sitefolder import site_folder_problem  # noqa: E402
from serve_site import SiteHandler, add_config_file_option, base_path_of, serving  # noqa: E402

OK, BROKEN, CANNOT_CHECK = 0, 1, 2
ANCHOR_MESSAGE = re.compile(
    r"^Anchor `(?P<name>.*?)' \(decoded: `(?P<decoded>.*?)'\) not found\. Available anchors: (?P<anchors>.*)\.$",
    re.S,
)
# Anchors the theme adds to every page: not where a contributor meant to link.
THEME_ANCHOR = re.compile(r"^(__|md-)")
MAX_ANCHORS_SHOWN = 12
CSV_PARTS = ("urlname", "parentname", "result", "warningstring", "valid", "url", "name")
# Internal links: LinkChecker's threads share one CPU (its interpreter lock) and wait for the parser
# processes, so a few are enough; more only add switching. External sites answer slowly: more threads.
DEFAULT_THREADS = 4
EXTERNAL_THREADS = 10
DEFAULT_PARSERS = min(os.cpu_count() or 1, 4)


@dataclass(frozen=True)
class Problem:
    """One broken link or anchor, as LinkChecker reported it."""

    page: str  # the page holding the link, as a path below the site root ("playbooks/x/")
    link: str  # the link as written in the page's HTML
    target: str  # where it resolves, below the site root when internal, else the absolute URL
    text: str  # the link's text
    message: str
    is_warning: bool

    @property
    def kind(self) -> str:
        if not self.is_warning:
            return "broken link"
        return "broken anchor" if self.message.startswith("Anchor ") else "link warning"


# ---------------------------------------------------------------------------------------------------
# From a page URL back to the Markdown file a contributor edits


def source_file(page_path: str, docs_dir: Path) -> Path | None:
    """The Markdown file that produced the page at ``page_path`` (below the site root), if there is one.

    With directory URLs, x/y/ comes from docs/x/y.md, docs/x/y/index.md or docs/x/y/README.md.
    Generated pages (tags, recently learned, contributors) have none.
    """
    path = unquote(page_path.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    if path.endswith(".html"):
        stem = path[: -len(".html")]
        candidates = [f"{stem}.md"]
    elif path == "" or path.endswith("/"):
        stem = path.rstrip("/")
        candidates = [f"{stem}.md"] if stem else []
        candidates += [f"{stem}/index.md", f"{stem}/README.md"] if stem else ["index.md", "README.md"]
    else:
        candidates = [path]  # a stylesheet or other asset copied from docs/
    for candidate in candidates:
        file = docs_dir / candidate
        if file.is_file():
            return file
    return None


def source_line(source: Path, problem: Problem) -> int | None:
    """The first line of ``source`` that most likely holds the broken link, or None."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    link = problem.link.strip()
    fragment = "#" + link.split("#", 1)[1] if "#" in link else ""
    last = link.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    needles = [
        link,
        f"]({fragment}" if link.startswith("#") else "",
        fragment if len(fragment) > 1 else "",
        f"[{problem.text.strip()}]" if problem.text.strip() else "",
        last if len(last) > 2 else "",
    ]
    for needle in filter(None, needles):
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


# ---------------------------------------------------------------------------------------------------
# Running LinkChecker


# LinkChecker runs in a process of its own, started with `python -c START`: LinkChecker's command line
# module is imported first, then this file is loaded beside it (under another name: `linkcheck` is
# LinkChecker's package there) and linkchecker_main() runs it.
START = (
    "import importlib.util, sys; import linkcheck.command.linkchecker as cli; "
    "spec = importlib.util.spec_from_file_location('wiki_linkcheck', {script!r}); "
    "module = sys.modules[spec.name] = importlib.util.module_from_spec(spec); spec.loader.exec_module(module); "
    "module.linkchecker_main(cli, fast={fast}, parsers={parsers})"
)
USER_NOT_KEPT = (
    "linkcheck: LinkChecker has no drop_privileges() any more; it runs as released "
    "(as root it switches to the user nobody)"
)


def linkchecker_main(cli: Any, *, fast: bool, parsers: int) -> None:
    """Inside LinkChecker's process: keep the user, apply the speed-ups when asked, run LinkChecker."""
    keep_user(cli)
    if fast:
        speed_up_linkchecker(parsers)
    cli.linkchecker()


def keep_user(cli: Any) -> bool:
    """Stop LinkChecker run as root from switching to `nobody`; False, and a note, if it cannot.

    LinkChecker run as root switches its effective user to `nobody` after reading its options and
    before it loads its plugins. When the environment lives under a folder `nobody` cannot enter (a
    checkout in a 0700 temporary folder), AnchorCheck then fails to load without a word and broken
    anchors pass. It only reads our own site over loopback, so it keeps the user it was started as.
    Should the function be renamed, the self-check (see SelfCheckHandler) catches what follows.
    """
    if not callable(getattr(cli, "drop_privileges", None)):
        print(USER_NOT_KEPT, file=sys.stderr)
        return False
    cli.drop_privileges = lambda: None
    return True


def linkchecker_installed() -> bool:
    """Whether LinkChecker's package `linkcheck` is importable: looked up past this script's own folder,
    where `linkcheck` is this file."""
    here = Path(__file__).resolve().parent
    path = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    return importlib.machinery.PathFinder.find_spec("linkcheck", path) is not None


def linkchecker_command(*, fast: bool = True, parsers: int = 0) -> list[str]:
    """LinkChecker from the environment running this script, keeping its user (see keep_user).

    With ``fast`` (the default) it runs with speed_up_linkchecker(parsers) applied: the same checks and
    messages, without fetching and parsing a page again for every `#anchor` that links to it, and
    with pages parsed in ``parsers`` processes beside it (0: in LinkChecker's own process).
    """
    if not linkchecker_installed():
        raise FileNotFoundError("LinkChecker is not installed in this environment: run `make setup-dev`")
    code = START.format(script=str(Path(__file__).resolve()), fast=fast, parsers=parsers)
    return [sys.executable, "-c", code]


# ---------------------------------------------------------------------------------------------------
# Inside LinkChecker's process
#
# With AnchorCheck on, LinkChecker caches results by the whole URL, fragment included, so each
# `page/#section` is a URL of its own: fetched, parsed into a Beautiful Soup tree, searched for anchors
# and crawled for links again, once per distinct anchor. A wiki page links to a dozen sections of its
# own (table of contents, code line numbers) and of other pages, so LinkChecker fetched and parsed each
# page about 14 times (16,300 requests for 1,150 documents at 1,000 pages, 13 minutes).
# speed_up_linkchecker() keeps every check and message and removes that repetition:
#
# - A page's anchors are collected once, with its links. A link to an anchor on a page already checked
#   without a warning (same server, same document: the fragment is not sent) is answered from them,
#   with AnchorCheck's own test; when the anchor is missing, the link becomes a URL and is checked
#   with LinkChecker's own AnchorCheck code and message, so it fails as before. Anchor URLs wait in a
#   second queue until the pages are checked, so the answer is usually known; an anchor URL whose page
#   is not checked yet, or had a warning, is checked the long way (fetched, parsed, AnchorCheck), and
#   crawls its page's links through the page URL, once.
# - A link that resolves, the way build_url resolves it, to a URL already queued is not made into a
#   URL object only for the queue to drop it (the header, navigation and footer repeat the same links
#   page after page); debug calls are no-ops unless -D.
# - Pages are parsed in ``parsers`` forked processes (one per CPU by default), which also run
#   LinkChecker's link and anchor finders and resolve each link (read_page): LinkChecker's threads
#   share one CPU. They read a page into _PageSink, which keeps what the finders read (elements with a
#   link or anchor attribute, link texts, robots meta) without building Beautiful Soup's tree, with
#   the same decoding and events as LinkChecker's make_soup: from _scan, which reads the markup of a
#   built wiki twice as fast as html.parser and gives up on anything it does not read the same, or
#   from html.parser through Beautiful Soup's own driver. Both are checked against Beautiful Soup on
#   canaries first.
# - Waits that serve nothing here are cut: the 0.1-0.6 s LinkChecker keeps between the first two
#   requests to a host before it learns that the host takes any rate, and up to a second at the end
#   for its idle threads. requests' proxy look-up, which reads the whole environment for each request,
#   is made once per host.
#
# It relies on LinkChecker's internals, so it applies only to the release it was written for
# (LINKCHECKER_VERSION, locked in requirements-dev.txt) and only when every name it reads or replaces is
# there; otherwise it checks without the speed-ups and says so (SPEED_UP_SKIPPED). Whatever happens
# here, the self-check proves on every run that links and anchors were checked. The same fix, made
# inside LinkChecker, is scripts/linkchecker-anchor-cache.patch (for upstream issue 781).
LINKCHECKER_VERSION = "10.6.0"

# Whether parse_page tries _scan before html.parser (speed_up_linkchecker turns it off if Beautiful
# Soup or html.parser read its canary otherwise).
SCANNING = True
SPEED_UP_SKIPPED = "linkcheck: LinkChecker's internals are not as expected; checking without the speed-ups"
SCAN_SKIPPED = "linkcheck: this Python or Beautiful Soup reads pages otherwise; reading them with html.parser"
# An element of a parsed page as LinkChecker's link and anchor finders read it; text only for <a href>.
Element = collections.namedtuple("Element", "name attrs text sourceline sourcepos")


class ParsedPage:
    """The part of a page's Beautiful Soup tree that LinkChecker reads (see parse_page).

    read_page() also runs LinkChecker's link and anchor finders on it, in the parser process: then
    ``found`` holds what they report, and ``elements`` are parsed again from ``source`` only if
    another finder asks for them.
    """

    def __init__(self, original_encoding: str | None, elements: list[Element], robots_meta: bool) -> None:
        self.original_encoding = original_encoding
        self.elements: list[Element] | None = elements
        self.robots_meta = robots_meta  # <meta name="robots" content="...nofollow..."> is there
        self.found: dict[str, list[tuple[Any, ...]]] = {}  # "links", "anchors": see read_page
        self.source: tuple[bytes, str | None] = (b"", None)  # markup, encoding: set where it is used

    def find_all(self, name: object) -> list[Element]:
        if name is not True:
            raise NotImplementedError(f"find_all({name!r})")
        if self.elements is None:
            self.elements = parse_page(*self.source).elements
        return self.elements

    def find(self, name: str, attrs: dict[str, Any]) -> object:
        from linkcheck.checker.httpurl import nofollow_re

        if name != "meta" or attrs != {"name": "robots", "content": nofollow_re}:
            raise NotImplementedError(f"find({name!r}, {attrs!r})")
        return self if self.robots_meta else None  # a truthy result, like a bs4 Tag


@functools.cache
def _read_tags() -> tuple[dict[str | None, set[str]], set[str]]:
    """Attributes LinkChecker's finders read (LinkTags, AnchorTags, WmlTags): per tag, and on every tag."""
    from linkcheck.htmlutil import linkparse

    per_tag: dict[str | None, set[str]] = {}
    for tags in (linkparse.LinkTags, linkparse.AnchorTags, linkparse.WmlTags):
        for tag, attrs in tags.items():
            per_tag.setdefault(tag, set()).update(attrs)
    universal = per_tag.pop(None, set())
    return {tag: attrs | universal for tag, attrs in per_tag.items()}, universal


def _is_read(name: str, attrs: dict[str, Any]) -> bool:
    """Whether LinkChecker's finders do anything with this element (the test find_links makes)."""
    per_tag, universal = _read_tags()
    return name == "base" or not per_tag.get(name, universal).isdisjoint(attrs)


class _PageSink:
    """Stands in for the BeautifulSoup object that Beautiful Soup's html.parser driver builds its tree in.

    BeautifulSoupHTMLParser (the driver LinkChecker's make_soup uses, with the same options) still reads
    the page: the same tokens, attributes, entities and line numbers. This follows the open elements
    and strings the way BeautifulSoup does (endData, _popToTag, string containers, empty elements) and
    keeps only what LinkChecker's finders read, without building a tree of objects: the elements with
    an attribute they read, the text of each <a href> (its link name), and whether a robots meta tag
    says nofollow.
    """

    class Opened:
        """The tag the driver gets back: it closes it at once if it can be an empty element."""

        __slots__ = ("is_empty_element",)

        def __init__(self, is_empty_element: bool) -> None:
            self.is_empty_element = is_empty_element

    OPENED: ClassVar[dict[bool, Opened]] = {True: Opened(True), False: Opened(False)}

    def __init__(self, builder: Any, nofollow: re.Pattern[str]) -> None:
        from bs4.element import CData

        self.builder = builder
        self.cdata = CData
        self.nofollow = nofollow
        self.read_per_tag, self.read_everywhere = _read_tags()
        self.containers = frozenset(builder.string_containers)
        self.preserved = frozenset(builder.preserve_whitespace_tags)
        self.can_be_empty: dict[str, bool] = {}
        self.contains_replacement_characters = False
        self.elements: list[list[Any]] = []  # [name, attrs, text parts or None, line, column]
        self.open: list[tuple[str, list[str] | None]] = []  # innermost last: name, its text parts
        self.open_count: dict[str, int] = {}
        self.texts: list[list[str]] = []  # text parts of the open <a href> elements
        self.in_container = 0  # open <script>, <style>, <template>...: their strings are not text
        self.preserving = 0  # open <pre>, <textarea>: whitespace kept as it is
        self.data: list[str] = []
        self.robots_nofollow = False

    def handle_starttag(
        self,
        name: str,
        namespace: str | None,
        nsprefix: str | None,
        attrs: dict[str, str],
        sourceline: int | None = None,
        sourcepos: int | None = None,
    ) -> Opened:
        self.endData()
        return self.OPENED[self.start(name, dict(attrs), sourceline, sourcepos)]

    def start(self, name: str, attrs: dict[str, str], line: int | None, column: int | None) -> bool:
        """Open an element (after endData): whether it can be an empty element."""
        text: list[str] | None = [] if name == "a" and "href" in attrs else None
        # The test find_links makes: whether LinkChecker's finders do anything with the element.
        if name == "base" or not self.read_per_tag.get(name, self.read_everywhere).isdisjoint(attrs):
            self.elements.append([name, attrs, text, line, column])
            if (
                name == "meta"
                and attrs.get("name") == "robots"
                and self.nofollow.search(attrs.get("content") or "")
            ):
                self.robots_nofollow = True  # what find("meta", attrs={"name": "robots", ...}) finds
        self.open.append((name, text))
        self.open_count[name] = self.open_count.get(name, 0) + 1
        if text is not None:
            self.texts.append(text)
        if name in self.containers:
            self.in_container += 1
        if name in self.preserved:
            self.preserving += 1
        empty = self.can_be_empty.get(name)
        if empty is None:
            empty = self.can_be_empty[name] = bool(self.builder.can_be_empty_element(name))
        return empty

    def handle_endtag(self, name: str, nsprefix: str | None = None) -> None:
        if self.data:
            self.endData()
        if self.open_count.get(name):  # BeautifulSoup._popToTag: nothing open by that name, nothing closed
            while self.open and self._pop() != name:
                pass

    def _pop(self) -> str:
        name, text = self.open.pop()
        self.open_count[name] -= 1
        if text is not None:
            self.texts.pop()  # opened and closed in the same order
        if name in self.containers:
            self.in_container -= 1
        if name in self.preserved:
            self.preserving -= 1
        return name

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def endData(self, container_class: Any = None) -> None:  # BeautifulSoup's name for it
        if not self.data:
            return
        data = "".join(self.data)
        self.data = []
        if not self.preserving and not data.strip(" \n\t\x0c\r"):
            data = "\n" if "\n" in data else " "  # BeautifulSoup.endData on whitespace
        # Text of an element: NavigableString and CData strings, not those in a string container,
        # comments, declarations or processing instructions (Tag.get_text's default).
        if container_class is self.cdata or (container_class is None and not self.in_container):
            for text in self.texts:
                text.append(data)

    def close(self) -> list[Element]:
        self.endData()
        while self.open:
            self._pop()
        return [
            Element(name, attrs, "" if text is None else "".join(text), line, column)
            for name, attrs, text, line, column in self.elements
        ]


# Markup that _scan reads the way html.parser reads it, in whichever Python: tags with plain
# attributes (whitespace between them, quoted or plain values), end tags, comments without "--"
# inside, a doctype, text without "<", entity references that end where the text goes on or ";".
_SPACE = "[ \t\n\r\f]"  # not \s: html.parser's \s is Unicode's
_NAME = "[a-zA-Z][a-zA-Z0-9-]*"
_ATTRIBUTE_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_ATTRIBUTE_VALUE = f"""{_SPACE}*={_SPACE}*(?:"[^"]*"|'[^']*'|[^\\s"'=<>`]+)"""
# Each attribute: its name, and its value "quoted", 'quoted' or bare.
_ATTRIBUTES = re.compile(
    f"""{_SPACE}+({_ATTRIBUTE_NAME})(?:{_SPACE}*={_SPACE}*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>`]+)))?"""
)
# The next "<" and what it opens: groups start, attributes, "/" of <x/>, end, comment, doctype; none
# for a "<" that opens none of them.
_TOKEN = re.compile(
    f"<(?:({_NAME})((?:{_SPACE}+{_ATTRIBUTE_NAME}(?:{_ATTRIBUTE_VALUE})?)*){_SPACE}*(/?)>"
    f"|/({_NAME}){_SPACE}*>"
    "|!--((?![->])(?:(?!--).)*)-->"
    "|!([dD][oO][cC][tT][yY][pP][eE][^<>]*)>"
    "|)",
    re.S,
)
# Elements whose content html.parser reads as raw text (or will, in a later Python): their content
# must be plain (see _scan), or the page is read by html.parser.
_RAW_TEXT = {"script", "style"}
_TEXT_ELEMENTS = _RAW_TEXT | {"title", "textarea"}
_NOT_SCANNED = {"xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@functools.cache
def _read_attribute_in(name: str) -> re.Pattern[str]:
    """Finds, in a start tag's attributes, one that LinkChecker's finders read on a ``name`` element
    (or a text that only looks like one): the attributes of other elements are not read at all."""
    per_tag, everywhere = _read_tags()
    names = "|".join(sorted(per_tag.get(name, everywhere)))
    return re.compile(f"{_SPACE}(?:{names})(?=[ \t\n\r\f=]|$)", re.I)


def _scan(text: str, sink: _PageSink) -> bool:
    """Read ``text`` into ``sink`` with the events BeautifulSoupHTMLParser gives it, twice as fast as
    html.parser; False as soon as the markup leaves what it reads the same (see _TOKEN).

    Text is read only where the sink keeps it (inside <a href>), with html.parser's rules for
    character and entity references and Beautiful Soup's for what they stand for.
    """
    closed_empty: list[str] = []  # BeautifulSoupHTMLParser.already_closed_empty_element
    line, line_start, counted = 1, 0, 0  # html.parser's getpos(), for the elements kept
    i = 0
    while token := _TOKEN.search(text, i):
        j = token.start()
        if i < j and not _read_text(text, i, j, sink):
            return False
        i = token.end()
        name, attributes, empty, end_name, comment, doctype = token.groups()
        if name is not None:
            name = name.lower()
            if name in _NOT_SCANNED or (empty and name in _TEXT_ELEMENTS):
                return False
            # BeautifulSoupHTMLParser.handle_starttag, or handle_startendtag for <x/>; the attributes
            # and position of an element the sink keeps (the others' are never read).
            attrs = {}
            if name == "base" or (attributes and _read_attribute_in(name).search(attributes)):
                for key, quoted, single_quoted, bare in _ATTRIBUTES.findall(attributes):
                    value = quoted or single_quoted or bare  # "" also for no value
                    attrs[key.lower()] = _unescape(value) if "&" in value else value  # the last one wins
                newlines = text.count("\n", counted, j)
                if newlines:
                    line += newlines
                    line_start = text.rindex("\n", counted, j) + 1
                counted = j
            if sink.data:
                sink.endData()
            if sink.start(name, attrs, line, j - line_start) and not empty:
                sink.handle_endtag(name)
                closed_empty.append(name)
            elif empty:
                sink.handle_endtag(name)
            elif name in _TEXT_ELEMENTS:
                i = _text_element(text, i, name, sink, closed_empty)
                if i < 0:
                    return False
        elif end_name is not None:
            _end_tag(end_name.lower(), sink, closed_empty)
        elif comment is not None or doctype is not None:
            _declaration(comment, doctype, sink)
        else:
            return False  # a "<" that html.parser reads otherwise
    return i == len(text) or _read_text(text, i, len(text), sink)


def _declaration(comment: str | None, doctype: str | None, sink: _PageSink) -> None:
    # BeautifulSoupHTMLParser.handle_comment and handle_decl
    from bs4.element import Comment, Doctype

    declaration, kind = comment, Comment
    if declaration is None:
        declaration, kind = str(doctype)[len("DOCTYPE ") :], Doctype
    sink.endData()
    sink.handle_data(declaration)
    sink.endData(kind)


def _text_element(text: str, start: int, name: str, sink: _PageSink, closed_empty: list[str]) -> int:
    """Read the content of a <script> or <style> (raw text: up to its end tag) or <title> or
    <textarea> (text that later Pythons read as such), and its end tag; -1 unless that content is
    the same in html.parser's every reading: no "</" or "<!--" in raw text, no "<" or "&" in text."""
    close = f"</{name}>"
    if name in _RAW_TEXT:
        end = text.find("</", start)
        plain = end >= 0 and "<!--" not in text[start:end]
    else:  # title, textarea
        end = text.find("<", start)
        plain = end >= 0 and "&" not in text[start:end]
    if not plain or not text.startswith(close, end):
        return -1
    if sink.texts and start < end:  # html.parser gives no empty text
        sink.handle_data(text[start:end])
    _end_tag(name, sink, closed_empty)
    return end + len(close)


def _end_tag(name: str, sink: _PageSink, closed_empty: list[str]) -> None:
    # BeautifulSoupHTMLParser.handle_endtag: the end tag of an empty element it closed is dropped.
    if name in closed_empty:
        closed_empty.remove(name)
    else:
        sink.handle_endtag(name)


@functools.cache
def _references() -> tuple[Any, Any, dict[str, str]]:
    """html.parser (its reference patterns), and what BeautifulSoupHTMLParser makes of references."""
    from html import parser as html_parser

    from bs4.builder._htmlparser import BeautifulSoupHTMLParser
    from bs4.dammit import EntitySubstitution

    return (
        html_parser,
        BeautifulSoupHTMLParser._dereference_numeric_character_reference,
        EntitySubstitution.HTML_ENTITY_TO_CHARACTER,
    )


def _read_text(text: str, start: int, end: int, sink: _PageSink) -> bool:
    """Give the sink the text between two tags as html.parser (without convert_charrefs, as Beautiful
    Soup runs it) and BeautifulSoupHTMLParser give it, if it keeps it; False for a reference that
    html.parser reads otherwise: one that runs to the end of the page, or a "&#" that is not one (it
    stops reading there, and may read the rest of the page as text)."""
    html_parser, dereference, entities = _references()
    if not sink.texts:  # only the "&#" that change how the rest is read matter
        k = text.find("&#", start, end)
        while k >= 0 and html_parser.charref.match(text, k):
            k = text.find("&#", k + 2, end)
        return k < 0
    i = start
    while (k := text.find("&", i, end)) >= 0:
        if i < k:
            sink.handle_data(text[i:k])
        if text.startswith("&#", k):
            reference = html_parser.charref.match(text, k)
            if reference is None:
                return False
            character, _, rest = dereference(reference.group()[2:-1])
            sink.handle_data(character)
            sink.handle_data(rest)
        elif k + 1 < end and text[k + 1] in _LETTERS:
            reference = html_parser.entityref.match(text, k)
            if reference is None:
                return False
            character = entities.get(reference[1])
            sink.handle_data(f"&{reference[1]}" if character is None else character)
        else:
            sink.handle_data("&")
            i = k + 1
            continue
        # The character that ended the reference is text again, unless it is its ";".
        i = reference.end() if reference.group().endswith(";") else reference.end() - 1
    if i < end:
        sink.handle_data(text[i:end])
    return True


def parse_page(markup: bytes, encoding: str | None = None) -> ParsedPage:
    """What LinkChecker reads of ``markup`` parsed by its make_soup (in a parser process if any).

    The same decoding (UnicodeDammit) and parser driver (BeautifulSoupHTMLParser, html.parser) with the
    same options as linkcheck.htmlutil.htmlsoup.make_soup, so the same elements, attributes, line
    numbers, link texts and encoding; only the tree of objects is not built (see _PageSink), which
    takes half the time.
    """
    from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
    from linkcheck.checker.httpurl import nofollow_re
    from linkcheck.htmlutil import htmlsoup  # noqa: F401  (sets LinkChecker's Beautiful Soup warning filters)

    builder = HTMLParserTreeBuilder(multi_valued_attributes=None)
    text, original_encoding, _, _ = next(builder.prepare_markup(markup, encoding))
    sink = _PageSink(builder, nofollow_re)
    if not (SCANNING and _scan(text, sink)):
        sink = _PageSink(builder, nofollow_re)
        args, kwargs = builder.parser_args
        driver = BeautifulSoupHTMLParser(sink, *args, **kwargs)
        driver.feed(text)
        driver.close()
    return ParsedPage(original_encoding, sink.close(), sink.robots_nofollow)


def read_with_soup(markup: bytes) -> tuple[str | None, list[Element], bool]:
    """What parse_page must return, read from LinkChecker's own Beautiful Soup tree (its make_soup)."""
    from linkcheck.checker.httpurl import nofollow_re
    from linkcheck.htmlutil import htmlsoup

    soup = htmlsoup.make_soup(markup)
    elements = [
        Element(
            e.name, e.attrs, e.text if e.name == "a" and "href" in e.attrs else "", e.sourceline, e.sourcepos
        )
        for e in soup.find_all(True)
        if _is_read(e.name, e.attrs)
    ]
    robots = soup.find("meta", attrs={"name": "robots", "content": nofollow_re}) is not None
    return soup.original_encoding, elements, robots


def read_with_sink(markup: bytes) -> tuple[str | None, list[Element], bool]:
    page = parse_page(markup)
    return page.original_encoding, page.elements, page.robots_meta


# Markup where a tree and _PageSink could part ways: whitespace, entities, comments, CDATA, scripts,
# templates, unclosed and nested links, empty elements, duplicate attributes, robots meta, encodings.
# speed_up_linkchecker() reads it both ways first and keeps LinkChecker's parse if they differ (a new
# Beautiful Soup, which LinkChecker does not pin).
CANARY = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow">'
    b'<link rel="icon" href="i.png"><base href="/b/"><script src="s.js">if (a < b) {}</script></head>\n<body>'
    b'<a href="x">a<b>b</b>  <i> </i>c&amp;d&#233;&eacute &#x41;<!-- c --><script>s</script></a>\n'
    b'<p><a href="o">open <span>in p</p> after <a href="y" id="y">y</a>\n'
    b'<a href="1">one <a href="2">two</a> three</a> four <a name="n">named</a>\n'
    b'<pre><a href="p">  spaced   </a></pre><textarea><a href="t"> \n </a></textarea>\n'
    b'<a href="c"><![CDATA[cdata]]> text</a><br></br><img src="m.png" alt="alt"></img><a href=z/>\n'
    b'<a href="r" id="i" id="j">dup</a><div style="background: url(q.png)" id="s"></div>\n'
    b'<template><a href="t2">in template</a></template><a href="u">\xc3\xa9 <svg><a href="v">svg</a></svg></a>\n'
    b'<a href="w">unclosed <div>div</div> <table><tr><td id="td">cell</a></td></tr></table> trailing\n'
    b"</body></html>"
)

# Markup that _scan reads (it stays within what it reads as html.parser does), with every kind of
# token and reference it handles: speed_up_linkchecker() reads it with _scan and with LinkChecker's
# Beautiful Soup tree, and pages are read by html.parser if they differ (another Python or Beautiful
# Soup).
SCAN_CANARY = (
    b'<!doctype html>\r\n<HTML lang="en"><head><meta charset="utf-8"><title>A title</title>\n'
    b'<meta name="robots" content="index, NOFOLLOW"><link rel="icon" href=\'i.png\'><base href="/b/">\n'
    b'<script src="s.js">if (a < b && c > d) { x = "&amp;" }</script><style>a > b { c: "&" }</style></head>\n'
    b"<!-- a comment - with <tags> and -dashes- --><body id=top class=page>\n"
    b'<a href="x?a=1&amp;b=2&c" title="t">a<b>b</b>  <i> </i>c&amp;d&#233;&eacute &#x41;&#150;&foo; & e'
    b"<!--c--><script>s</script><br><BR/>\xc3\xa9</a>\n"
    b'<p><A HREF="o" ID="o">open <span>in p</p> after <a href="y" id="y" id="z">y</a></span>\n'
    b'<a href="1">one <a href="2">two</a> three</a> four <a name="n">named</a><a href="z"/>tail\n'
    b'<pre id="pre"><a href="p">  spaced\n  </a></pre><textarea name="t"> plain </textarea>\n'
    b'<img src="m.png" alt="alt"></img><br></br><input disabled id=input><span id class="c">\n'
    b'<div style="background: url(q.png)" id="s"><a href="w">in div</div> after\n'
    b'<template><a href="t2">in template</a></template><a href="u"><svg><path d="M0"/>'
    b'<a href="v">svg</a></svg></a>\n<a\n  href="#multi"\n  id="line">multi\nline</a>'
    b'<table><tr><td id="td" background="bg.png">cell</td></tr></table>\n'
    b'<a href="last">unclosed &amp; trailing'
)


class LinkContext(NamedTuple):
    """What decides where the links of a page lead, besides the links themselves (see link_key)."""

    parent_url: str  # the page's URL
    content_type: str
    recursion_level: int
    allowed_schemes: tuple[str, ...]  # LinkChecker's --allowed-schemes


def link_key(url: str | None, base: str, context: LinkContext, encoding: str | None) -> Hashable:
    """What decides the URL that get_url_from builds for a link on a page with ``context``.

    For a link to a web page, the URL as build_url joins it (normalized link, page URL without its
    fragment): links that resolve to the same URL get the same key. Else all the inputs.
    """
    absolute_url, url_norm, urljoin = _url_functions()
    if (
        url is not None
        and not base
        and not context.allowed_schemes
        and context.content_type != "application/x-httpd-php"
        and absolute_url(url.lstrip(), None, context.parent_url).lower().split(":", 1)[0] in ("http", "https")
    ):
        try:
            parent, link = _without_fragment(context.parent_url), url_norm(url.strip(), encoding)[0]
        except Exception:  # a syntax error: get_url_from reports it
            pass
        else:
            if link.startswith("#") and len(link) > 1:
                return _before_fragment(parent) + link  # what urljoin makes of it, sooner
            joined: str = urljoin(parent, link)
            return joined
    return (url, *context[:3], base, encoding)


@functools.cache
def _url_functions() -> tuple[Any, Any, Any]:
    """LinkChecker's absolute_url, url_norm (as speed_up_linkchecker caches it) and urljoin."""
    from linkcheck import checker
    from linkcheck.checker import urlbase

    return checker.absolute_url, urlbase.url_norm, urlbase.urljoin


@functools.lru_cache(maxsize=1024)
def _without_fragment(url: str) -> str:
    from linkcheck import url as urlutil

    parts = list(urllib.parse.urlsplit(url))  # as build_url strips the parent's fragment
    parts[4] = ""
    return str(urlutil.urlunsplit(parts))


@functools.lru_cache(maxsize=1024)
def _before_fragment(url: str) -> str:
    """What urllib.parse.urljoin(url, "#x") puts before "#x": the URL parsed and put together again."""
    return urllib.parse.urlunparse((*urllib.parse.urlparse(url)[:5], ""))


def find_in(elements: list[Element], tags: dict[Any, list[str]]) -> list[tuple[Any, ...]]:
    """What linkparse.find_links passes its callback for these elements: (url, line, column, name, base).

    Its own loop, except that it reads an element's text only for <a href> (the only link name it
    uses), not for every element of the page, which made it quadratic in the nesting.
    """
    from linkcheck.htmlutil import linkparse

    found: list[tuple[Any, ...]] = []

    def callback(url: str | None, line: int | None, column: int | None, name: str, base: str) -> None:
        found.append((url, line, column, name, base))

    finder = linkparse.LinkFinder(callback, tags)
    for element in elements:
        name, attrs = element.name, element.attrs
        if name != "base" and finder.tags.get(name, finder.universal_attrs).isdisjoint(attrs):
            continue  # none of the attributes it reads: it would do nothing
        finder.html_element(
            name,
            attrs,
            element.text.strip() if name == "a" and "href" in attrs else "",
            element.sourceline,
            None if element.sourcepos is None else element.sourcepos + 1,
        )
    return found


def read_page(markup: bytes, encoding: str | None, context: LinkContext | None) -> ParsedPage:
    """parse_page, and for an HTML page (``context``) what LinkChecker's finders find on it (in a
    parser process if any): its links, each with its link_key, and its anchors. The elements are not
    sent back: they are parsed again only if another finder asks for them."""
    from linkcheck.htmlutil import linkparse

    page = parse_page(markup, encoding)
    if context is not None and page.elements is not None:
        encoding_read = page.original_encoding or "ISO-8859-1"  # UrlBase.get_content's content_encoding
        keys: dict[tuple[str | None, str], Hashable] = {}  # a page repeats a fifth of its links
        links = page.found["links"] = []
        for url, line, column, name, base in find_in(page.elements, linkparse.LinkTags):
            key = keys.get((url, base))
            if key is None:
                key = keys[url, base] = link_key(url, base, context, encoding_read)
            links.append((key, url, line, column, name, base))
        page.found["anchors"] = find_in(page.elements, linkparse.AnchorTags)
    page.elements = None
    return page


def scans(markup: bytes) -> bool:
    """Whether parse_page reads ``markup`` with _scan (else with html.parser)."""
    from bs4.builder._htmlparser import HTMLParserTreeBuilder
    from linkcheck.checker.httpurl import nofollow_re

    builder = HTMLParserTreeBuilder(multi_valued_attributes=None)
    text, _, _, _ = next(builder.prepare_markup(markup, None))
    return _scan(text, _PageSink(builder, nofollow_re))


def _scan_reads_as_soup() -> bool:
    """Whether _scan reads SCAN_CANARY, and as LinkChecker's Beautiful Soup tree has it."""
    return scans(SCAN_CANARY) and read_with_sink(SCAN_CANARY) == read_with_soup(SCAN_CANARY)


def speed_up_linkchecker(parsers: int = 0) -> bool:
    """Patch LinkChecker in this process (see above); False, and nothing patched, if it cannot."""
    try:
        import linkcheck.checker as checker_urls
        import requests.sessions
        from linkcheck import _release, log, parser
        from linkcheck import url as urlutil
        from linkcheck.cache import urlqueue
        from linkcheck.checker import urlbase
        from linkcheck.director import aggregator, checker
        from linkcheck.htmlutil import htmlsoup, linkparse
        from linkcheck.plugins import anchorcheck

        originals = (
            checker.check_url,
            checker.QUEUE_POLL_INTERVALL_SECS,
            aggregator.Aggregate.set_maxrated_for_host,
            aggregator._hosts_lock,
            requests.sessions.resolve_proxies,
            parser.parse_html,
            anchorcheck.AnchorCheck.check,
            anchorcheck.UrlAnchorCheck.check_anchor,
            urlbase.UrlBase.allows_recursion,
            urlbase.UrlBase.get_content,
            urlbase.UrlBase.get_raw_content,
            urlbase.UrlBase.ContentMimetypes,
            urlbase.URL_MAX_LENGTH,
            urlbase.url_norm,
            urlbase.get_url_from,
            urlbase.urljoin,
            checker_urls.absolute_url,
            urlbase.UrlBase.add_url,
            urlqueue.UrlQueue._put,
            urlqueue.UrlQueue._get,
            urlqueue.UrlQueue._empty,
            urlqueue.UrlQueue.do_shutdown,
            linkparse.LinkFinder,
            linkparse.find_links,
            linkparse.LinkTags,
            linkparse.AnchorTags,
            htmlsoup.make_soup,
            urlutil.urlunsplit,
            log.debug,
        )
        if _release.__version__ != LINKCHECKER_VERSION or not all(originals):
            raise AttributeError(_release.__version__)
        if read_with_sink(CANARY) != read_with_soup(CANARY):
            raise AttributeError("Beautiful Soup reads pages differently")
    except (ImportError, AttributeError):
        print(SPEED_UP_SKIPPED, file=sys.stderr)
        return False
    global SCANNING
    if not _scan_reads_as_soup():
        SCANNING = False
        print(SCAN_SKIPPED, file=sys.stderr)
    check_url, parse_html = checker.check_url, parser.parse_html
    allows_recursion = urlbase.UrlBase.allows_recursion
    set_maxrated = aggregator.Aggregate.set_maxrated_for_host
    resolve_proxies = requests.sessions.resolve_proxies
    proxies_of: dict[Hashable, dict[str, str]] = {}
    put, empty, shutdown = urlqueue.UrlQueue._put, urlqueue.UrlQueue._empty, urlqueue.UrlQueue.do_shutdown
    html_types = {mime for mime, kind in urlbase.UrlBase.ContentMimetypes.items() if kind == "html"}
    anchors_of: dict[str, list[tuple[Any, ...]]] = {}  # page URL (no fragment) -> its anchors
    anchor_names: dict[str, set[str]] = {}  # the same, as a set of names
    answered = object()  # in `queued`: an anchor found on its page, without a URL object
    queued: dict[Hashable, object] = {}  # link_key() of a link -> LinkChecker's key for its URL

    def page_url(url_data: Any) -> str:
        # How LinkChecker itself keys a URL without AnchorCheck: the URL without its fragment.
        return str(urlutil.urlunsplit([*url_data.urlparts[:4], ""]))

    def context(url_data: Any, parent_url: str | None = None) -> LinkContext:
        return LinkContext(
            url_data.url if parent_url is None else parent_url,
            url_data.content_type,
            url_data.recursion_level,
            tuple(url_data.aggregate.config["allowedschemes"]),
        )

    def anchors(url_data: Any) -> list[tuple[Any, ...]]:
        """The anchors of the page ``url_data`` fetched, collected once."""
        key = page_url(url_data)
        found = anchors_of.get(key)
        if found is None:
            collector = anchorcheck.UrlAnchorCheck()
            linkparse.find_links(url_data.get_soup(), collector.add_anchor, linkparse.AnchorTags)
            found = anchors_of.setdefault(key, collector.anchors)
        return found

    def known_page(cache: Any, key: str) -> tuple[Any, list[tuple[Any, ...]]] | None:
        """The result and anchors of the page ``key`` when it was fetched and parsed without a warning:
        a URL with an anchor on it gets the same answer from the server (the fragment is not sent)."""
        page, known = cache.get_result(key), anchors_of.get(key)
        if page is None or known is None or not page.valid or page.warnings:
            return None
        return (page, known) if page.content_type in html_types else None

    def check_anchor(url_data: Any, known: list[tuple[Any, ...]]) -> None:
        check = anchorcheck.UrlAnchorCheck()
        check.anchors = known
        check.check_anchor(url_data)  # LinkChecker's own test and warning

    def anchor_check(self: Any, url_data: Any) -> None:
        check_anchor(url_data, anchors(url_data))

    def fast_check_url(url_data: Any, logger: Any) -> None:
        if url_data.has_result or not url_data.anchor:
            check_url(url_data, logger)
            return
        cache = url_data.aggregate.result_cache
        known = known_page(cache, page_url(url_data))
        if known is None or cache.get_result(url_data.cache_url) is not None:
            check_url(url_data, logger)  # the long way: fetch, parse, AnchorCheck
            return
        page, anchors_there = known
        url_data.set_result(page.result, valid=True)
        url_data.content_type, url_data.size = page.content_type, page.size
        check_anchor(url_data, anchors_there)
        result = url_data.to_wire()
        cache.add_result(url_data.cache_url, result)
        logger.log_url(result)

    def anchor_is_there(parent: Any, key: str, url: str) -> bool:
        """Whether the link ``url`` (resolved: ``key``) is to an anchor that is on its page, a page
        known_page() answers for: LinkChecker would check it the same way and report nothing."""
        page, _, anchor = key.partition("#")  # where urlsplit cuts the fragment
        if not anchor or url != url.strip() or len(key) > urlbase.URL_MAX_LENGTH:
            return False  # nothing to check, or a warning about the URL itself
        if parent.aggregate.urlqueue.max_allowed_urls is not None:
            return False  # each URL counts
        known = known_page(parent.aggregate.result_cache, page)
        if known is None:
            return False
        names = anchor_names.get(page)
        if names is None:
            names = anchor_names.setdefault(page, {found[0] for found in known[1]})
        # UrlAnchorCheck.check_anchor's test, with the encoding get_url_from gives the URL
        return urllib.parse.unquote(anchor, encoding=parent.content_encoding) in names

    def get_content(self: Any, encoding: str | None = None) -> str:
        # UrlBase.get_content, with the page parsed (and its links found) by read_page.
        if self.text is None:
            self.get_raw_content()
            html = self.content_type in html_types
            self.soup = make_page(self.data, encoding, context(self) if html else None)
            self.content_encoding = self.soup.original_encoding or "ISO-8859-1"
            self.text = self.data.decode(self.content_encoding)
        return str(self.text)

    def parse_links(url_data: Any) -> None:
        page = url_data.get_soup()
        links = page.found.get("links") if isinstance(page, ParsedPage) else None
        if links is None:
            parse_html(url_data)
            return
        anchors(url_data)  # before its links: anchors on the page itself are answered at once
        for key, url, line, column, name, base in links:
            add_link(url_data, key, url, line, column, name, base, url_data.url)

    def set_maxrated_for_host(self: Any, host: str) -> None:
        # The host takes any rate of requests (our server says so in a header): the wait LinkChecker
        # set for it before it knew (0.1 to 0.6 s, before the second request) is dropped too.
        set_maxrated(self, host)
        with aggregator._hosts_lock:
            self.times.pop(host, None)

    def proxies_for(request: Any, proxies: dict[str, str] | None, trust_env: bool = True) -> dict[str, str]:
        # requests.utils.resolve_proxies reads the whole environment two or three times a request
        # (a third of requests' time here); its answer depends on the URL's scheme and host only,
        # and the environment does not change while LinkChecker runs.
        parts = urllib.parse.urlsplit(request.url)
        key = (parts.scheme, parts.netloc, tuple(sorted((proxies or {}).items())), trust_env)
        found = proxies_of.get(key)
        if found is None:
            found = proxies_of.setdefault(key, resolve_proxies(request, proxies, trust_env))
        return dict(found)

    def page_recursion(self: Any) -> bool:
        # An anchor URL does not crawl its page again: the page URL does, once, queued here in case
        # nothing links to the page without an anchor.
        if not allows_recursion(self):
            return False
        if self.anchor:
            self.add_url(
                page_url(self), line=self.line, column=self.column, name=self.name, parent=self.parent_url
            )
            return False
        return True

    def add_url(
        self: Any,
        url: str,
        line: int = 0,
        column: int = 0,
        page: int = 0,
        name: str = "",
        base: str | None = None,
        parent: str | None = None,
    ) -> None:
        parent_url = self.url if parent is None else parent
        key = link_key(url, base or "", context(self, parent_url), self.content_encoding)
        add_link(self, key, url, line, column, name, base, parent_url, page)

    def add_link(
        self: Any,
        key: Hashable,
        url: str,
        line: int,
        column: int,
        name: str,
        base: str | None,
        parent_url: str,
        page: int = 0,
    ) -> None:
        # UrlBase.add_url, without building a URL object the queue would drop as seen: one for a link
        # that resolves, the way build_url resolves it, to a URL LinkChecker has queued or checked
        # (the header, footer and table of contents repeat the same links, page after page), or to an
        # anchor that is on a page already checked.
        cache = self.aggregate.result_cache
        known = queued.get(key)
        if known is answered or (known is not None and cache.has_result(known)):
            return
        if isinstance(key, str) and anchor_is_there(self, key, url):
            queued[key] = answered
            return
        url_data = urlbase.get_url_from(
            url,
            self.recursion_level + 1,
            self.aggregate,
            parent_url=parent_url,
            base_ref=urlutil.url_norm(base, encoding=self.content_encoding)[0] if base else None,
            line=line,
            column=column,
            page=page,
            name=name,
            parent_content_type=self.content_type,
            url_encoding=self.content_encoding,
        )
        self.aggregate.urlqueue.put(url_data)
        if url_data.cache_url is not None and cache.has_result(url_data.cache_url):
            queued[key] = url_data.cache_url

    # Queue: anchor URLs wait in a second queue that is served when the first is empty.
    def queue_put(self: Any, url_data: Any) -> None:
        before = len(self.queue)
        put(self, url_data)
        if url_data.anchor and len(self.queue) > before and self.queue[-1] is url_data:
            self.anchor_urls.append(self.queue.pop())

    def queue_get(self: Any, timeout: float | None) -> Any:
        # UrlQueue._get, taking from the second queue when the first is empty.
        if timeout is None:
            while self._empty():
                self.not_empty.wait()
        else:
            if timeout < 0:
                raise ValueError("'timeout' must be a positive number")
            end = time.time() + timeout
            while self._empty():
                remaining = end - time.time()
                if remaining <= 0.0:
                    raise urlqueue.Empty()
                self.not_empty.wait(remaining)
        self.in_progress += 1
        return self.queue.popleft() if self.queue else self.anchor_urls.popleft()

    def queue_empty(self: Any) -> bool:
        return empty(self) and not self.anchor_urls

    def queue_shutdown(self: Any) -> None:
        with self.mutex:
            self.unfinished_tasks -= len(self.anchor_urls)
            self.anchor_urls.clear()
        shutdown(self)

    def find_links(soup: Any, callback: Any, tags: dict[Any, list[str]]) -> None:
        # linkparse.find_links: what read_page found for these tags, or find_in on the elements.
        found = None
        if isinstance(soup, ParsedPage) and tags is linkparse.LinkTags and "links" in soup.found:
            found = [link[1:] for link in soup.found["links"]]  # without their keys
        elif isinstance(soup, ParsedPage) and tags is linkparse.AnchorTags:
            found = soup.found.get("anchors")
        if found is None:
            found = find_in(soup.find_all(True), tags)
        for url, line, column, name, base in found:
            callback(url, line=line, column=column, name=name, base=base)

    if not any(arg.startswith(("-D", "--debug")) for arg in sys.argv[1:]):
        log.debug = lambda *args, **kwargs: None
    urlbase.url_norm = functools.lru_cache(maxsize=1 << 16)(urlbase.url_norm)
    linkparse.find_links = find_links
    make_page = _page_reader(parsers)  # forks here: after the patches the parsers use
    urlbase.UrlBase.get_content = get_content
    checker.check_url = fast_check_url
    # Idle checker threads look for work, and for the end of the check, every 50 ms, not every second:
    # LinkChecker waited up to a second for them once every URL was checked.
    checker.QUEUE_POLL_INTERVALL_SECS = 0.05
    aggregator.Aggregate.set_maxrated_for_host = set_maxrated_for_host
    requests.sessions.resolve_proxies = proxies_for
    parser.parse_html = parse_links
    anchorcheck.AnchorCheck.check = anchor_check
    urlbase.UrlBase.allows_recursion = page_recursion
    urlbase.UrlBase.add_url = add_url
    urlqueue.UrlQueue._put = queue_put
    urlqueue.UrlQueue._get = queue_get
    urlqueue.UrlQueue.anchor_urls = property(
        lambda self: self.__dict__.setdefault("anchor_urls", collections.deque())
    )
    urlqueue.UrlQueue._empty = queue_empty
    urlqueue.UrlQueue.do_shutdown = queue_shutdown
    return True


def _page_reader(parsers: int) -> Any:
    """read_page, in ``parsers`` forked processes if there are any; the page remembers its source."""
    read = read_page
    if parsers > 0 and "fork" in multiprocessing.get_all_start_methods():
        read = _Parsers(parsers).read

    def make_page(markup: bytes, encoding: str | None, context: LinkContext | None) -> ParsedPage:
        page = read(markup, encoding, context)
        page.source = (markup, encoding)
        return page

    return make_page


class _Parsers:
    """Processes that run read_page for LinkChecker's threads, each thread talking to an idle one over
    its pipe: no executor threads between them, whose hand-offs cost more than the pickling."""

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        sys.stdout.flush()
        sys.stderr.flush()
        self.idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        ours: list[Any] = []
        for _ in range(count):  # forked now, before LinkChecker starts a thread
            mine, theirs = context.Pipe()
            ours.append(mine)
            # The process closes the pipe ends it inherits but does not use, so that it sees the
            # end of its own pipe (and stops) when LinkChecker's process ends.
            process = context.Process(target=self.serve, args=(theirs, list(ours)), daemon=True)
            process.start()
            theirs.close()
            self.idle.put(mine)

    @staticmethod
    def serve(pipe: Any, inherited: list[Any]) -> None:
        for end in inherited:
            end.close()
        while True:
            try:
                request = pipe.recv()
            except EOFError:
                return
            try:
                answer: tuple[bool, Any] = (True, read_page(*request))
            except Exception as error:  # raised in LinkChecker's thread, as make_soup would
                answer = (False, error)
            pipe.send(answer)

    def read(self, markup: bytes, encoding: str | None, context: LinkContext | None) -> ParsedPage:
        pipe = self.idle.get()
        try:
            pipe.send((markup, encoding, context))
            ok, answer = pipe.recv()
        finally:
            self.idle.put(pipe)
        if not ok:
            raise answer
        page: ParsedPage = answer
        return page


def linkcheckerrc(server_root: str, *, external: bool, threads: int, timeout: int) -> str:
    """LinkChecker settings: AnchorCheck on, everything on our loopback server internal, CSV output."""
    # Internal = the whole loopback server, not only the site's folder: a link that leaves
    # /learning-commons/ is checked too, and 404s, as it would on GitHub Pages.
    intern = "^" + re.escape(server_root)
    return "\n".join(
        [
            "[checking]",
            f"threads={threads}",
            f"timeout={timeout}",
            # Only lifts the limit for hosts that answer with a `LinkChecker` header (our server);
            # external hosts keep LinkChecker's polite 0.1-0.6 s between requests. LinkChecker waits
            # 1 to 6 times 1/this between two requests, holding a lock: at 1000, 3.5 ms a page.
            "maxrequestspersecond=1000000",
            "[filtering]",
            f"internlinks={intern}",
            f"checkextern={1 if external else 0}",
            "[AnchorCheck]",
            "[csv]",
            "parts=" + ",".join(CSV_PARTS),
            "",
        ]
    )


def read_ignore_file(path: Path) -> list[str]:
    """One regular expression per line; blank lines and lines starting with # are skipped."""
    patterns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"{path}:{number}: not a regular expression ({error}): {pattern}") from None
        patterns.append(pattern)
    return patterns


def guard(pattern: str, server_root: str) -> str:
    """``pattern`` as LinkChecker applies it (re.search), except that it never matches our own server.

    The weekly ignore file skips links to 127.0.0.1 in examples; unguarded, it would also skip the
    site being checked and every internal link would pass unchecked.
    """
    return f"^(?!{re.escape(server_root)}).*?(?:{pattern})"


def parse_report(report: str, start_url: str) -> list[Problem]:
    """Problems in LinkChecker's CSV output (it logs only errors and warnings)."""
    rows = list(csv.DictReader(io.StringIO(report), delimiter=";"))
    problems = []
    for row in rows:
        valid = (row.get("valid") or "").strip() == "True"
        warning = (row.get("warningstring") or "").strip()
        if valid and not warning:
            continue
        problems.append(
            Problem(
                page=_site_path(row.get("parentname") or "", start_url),
                link=row.get("urlname") or "",
                target=_site_path(row.get("url") or "", start_url),
                text=" ".join((row.get("name") or "").split()),
                message=_readable(warning if valid else (row.get("result") or "broken")),
                is_warning=valid,
            )
        )
    return problems


def _readable(message: str) -> str:
    """LinkChecker's message; for a missing anchor, the closest anchors instead of all of them."""
    message = message.replace("\r", "").strip()
    match = ANCHOR_MESSAGE.match(message)
    if match is None:
        return message
    wanted = match["decoded"]
    anchors = [a for a in re.findall(r"`(.*?)'", match["anchors"]) if not THEME_ANCHOR.match(a)]
    close = difflib.get_close_matches(wanted, anchors, n=3, cutoff=0.5)
    hint = f" — did you mean {', '.join('#' + a for a in close)}?" if close else ""
    shown = ", ".join("#" + a for a in anchors[:MAX_ANCHORS_SHOWN]) or "none"
    more = f" and {len(anchors) - MAX_ANCHORS_SHOWN} more" if len(anchors) > MAX_ANCHORS_SHOWN else ""
    return f"Anchor #{wanted} is not on that page{hint}\nAnchors there: {shown}{more}"


def _site_path(url: str, start_url: str) -> str:
    """A URL on our server as a path below the site root; other URLs unchanged."""
    if url.startswith(start_url):
        return url[len(start_url) :]
    root = start_url[: start_url.index("/", len("http://"))]
    if url.startswith(root):
        return url[len(root) :]  # left the site's folder: keep the absolute path, it is the bug
    return url


def run_linkchecker(
    command: list[str],
    start_url: str,
    *,
    external: bool,
    ignore: list[str],
    threads: int,
    timeout: int,
    verbose: bool,
) -> tuple[int, str, str]:
    parts = urlsplit(start_url)
    server_root = f"{parts.scheme}://{parts.netloc}/"
    with tempfile.TemporaryDirectory(prefix="linkcheckerrc-") as folder:
        rc = Path(folder) / "linkcheckerrc"
        rc.write_text(linkcheckerrc(server_root, external=external, threads=threads, timeout=timeout))
        command = [*command, "--config", str(rc), "--output", "csv/utf_8"]
        if not verbose:
            command.append("--no-status")
        command += [f"--ignore-url={guard(pattern, server_root)}" for pattern in ignore]
        command += [start_url, server_root + SELF_CHECK_PATH.lstrip("/")]  # the site, then the self-check
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            cwd=folder,
            env={**os.environ, "HOME": folder, "PYTHONIOENCODING": "utf-8"},
            check=False,
        )
    return proc.returncode, proc.stdout, proc.stderr


# ---------------------------------------------------------------------------------------------------
# The self-check
#
# The speed-ups replace LinkChecker's internals, and keeping its user replaces one more: a renamed
# internal could switch anchor checking off without a word (AnchorCheck never loads, every anchor
# "passes", the run exits 0). So every run also checks two pages served beside the site, outside it,
# holding one broken link, one broken anchor and one working anchor: unless LinkChecker reports exactly
# the two broken ones, its report cannot be trusted and the run exits 2.

SELF_CHECK_PATH = "/__linkcheck-self-check__/"
SELF_CHECK_BROKEN_LINK = "missing-page/"
SELF_CHECK_BROKEN_ANCHOR = "target/#missing-anchor"
_SELF_CHECK_PAGE = "<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title></head><body>{body}</body></html>"
SELF_CHECK_PAGES = {
    SELF_CHECK_PATH: _SELF_CHECK_PAGE.format(
        title="Link check self-check",
        body=f'<a href="target/#present">a working anchor</a> '
        f'<a href="{SELF_CHECK_BROKEN_ANCHOR}">a broken anchor</a> '
        f'<a href="{SELF_CHECK_BROKEN_LINK}">a broken link</a>',
    ).encode(),
    SELF_CHECK_PATH + "target/": _SELF_CHECK_PAGE.format(
        title="Self-check target", body='<h1 id="present">Present</h1>'
    ).encode(),
}


class SelfCheckHandler(SiteHandler):
    """The site, and the self-check's pages under SELF_CHECK_PATH (not counted as the site's requests)."""

    def do_GET(self) -> None:
        if not self._self_check(send_body=True):
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._self_check(send_body=False):
            super().do_HEAD()

    def _self_check(self, *, send_body: bool) -> bool:
        path = urlsplit(self.path).path
        if not path.startswith(SELF_CHECK_PATH):
            return False
        body = SELF_CHECK_PAGES.get(path)
        self.send_response(HTTPStatus.OK if body is not None else HTTPStatus.NOT_FOUND)
        body = body if body is not None else b"404 Not Found\n"
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)
        return True


def is_self_check(problem: Problem) -> bool:
    return ("/" + problem.page.lstrip("/")).startswith(SELF_CHECK_PATH)


def self_check_failures(problems: Iterable[Problem]) -> list[str]:
    """What is wrong with LinkChecker's report on the self-check's pages: empty when it is exact."""
    reported = {(problem.kind, problem.link) for problem in problems}
    failures = []
    if ("broken link", SELF_CHECK_BROKEN_LINK) not in reported:
        failures.append(
            f"the link checker did not check links: the self-check's broken link '{SELF_CHECK_BROKEN_LINK}' "
            "was not reported"
        )
    if ("broken anchor", SELF_CHECK_BROKEN_ANCHOR) not in reported:
        failures.append(
            f"the link checker did not check anchors: the self-check's broken anchor "
            f"'{SELF_CHECK_BROKEN_ANCHOR}' was not reported"
        )
    for kind, link in sorted(
        reported - {("broken link", SELF_CHECK_BROKEN_LINK), ("broken anchor", SELF_CHECK_BROKEN_ANCHOR)}
    ):
        failures.append(f"the link checker reported a {kind} '{link}' on the self-check's page, which works")
    return failures


# ---------------------------------------------------------------------------------------------------
# Building


def build_site(config_file: Path, site_dir: Path, *, source_date_epoch: str = "") -> tuple[bool, str]:
    """`mkdocs build --strict` into ``site_dir``: (whether it succeeded, its log)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if source_date_epoch:
        env["SOURCE_DATE_EPOCH"] = source_date_epoch
        env.pop("CI", None)  # a local picture or score, not a CI build: no shallow-clone error
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "-f",
            str(config_file),
            "-d",
            str(site_dir),
        ],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode == 0, proc.stdout + proc.stderr


# ---------------------------------------------------------------------------------------------------
# Reporting


def describe(problems: Iterable[Problem], site: SiteConfig) -> Iterator[str]:
    """Report lines grouped by the file to edit, each problem with its page, link and error."""
    public = (site.site_url or "http://localhost/").rstrip("/") + "/"
    by_source: dict[str, list[tuple[int | None, Problem]]] = {}
    for problem in problems:
        source = source_file(problem.page, site.docs_dir)
        if source is None:
            where = f"(no Markdown source: {problem.page or 'the home page'} is generated or a theme file)"
            line = None
        else:
            where = _relative(source, site.config_file.parent)
            line = source_line(source, problem)
        by_source.setdefault(where, []).append((line, problem))
    for where in sorted(by_source):
        entries = sorted(by_source[where], key=lambda entry: (entry[0] or 0, entry[1].link))
        for line, problem in entries:
            location = f"{where}:{line}" if line else where
            text = f" (text: {problem.text!r})" if problem.text else ""
            yield f"{location}: {problem.kind} {problem.link!r}{text}"
            yield f"    on page   {public}{problem.page}"
            if line is None and where.endswith(".md"):  # what the hooks wrote: tags, backlinks, related pages
                yield "    written   by the wiki around the page (header, footer or listing), not in its Markdown"
            yield f"    resolves  {problem.target}"
            for message_line in problem.message.splitlines() or [""]:
                yield f"    error     {message_line}"


def _relative(path: Path, project: Path) -> str:
    """docs/x.md: relative to the project, as contributors and CI logs name files."""
    try:
        return path.relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="linkcheck.py",
        description=(
            "Build the wiki, serve it on 127.0.0.1 under its site_url path and check every link and "
            "anchor with LinkChecker. Each problem names the Markdown file to fix."
        ),
        epilog="Exit status: 0 all links work, 1 broken links or anchors, 2 the check could not run.",
    )
    add_config_file_option(parser)
    parser.add_argument(
        "--site-dir",
        type=Path,
        help="build into DIR and keep it (default: a temporary folder; a DIR holding anything but a build of "
        "this wiki is refused, never emptied); with --no-build, check DIR",
    )
    parser.add_argument(
        "--no-build", action="store_true", help="check the existing build in --site-dir as it is"
    )
    parser.add_argument(
        "--external", action="store_true", help="check links to other sites too (slow, needs network)"
    )
    parser.add_argument(
        "--ignore-file",
        type=Path,
        help="file with one regular expression per line ('#' comments), each passed to LinkChecker as --ignore-url: matching links are not checked (the site's own pages always are)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help=f"LinkChecker threads (default: {DEFAULT_THREADS}, or {EXTERNAL_THREADS} with --external)",
    )
    parser.add_argument("--timeout", type=int, default=30, help="seconds per request (default: %(default)s)")
    parser.add_argument(
        "--parsers",
        type=int,
        default=DEFAULT_PARSERS,
        help="processes that parse pages for LinkChecker (default: one per CPU, at most 4: %(default)s here; 0: LinkChecker parses them in its own process)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="run LinkChecker as released, without this script's speed-ups (many times slower; to compare)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show LinkChecker's progress and messages"
    )
    args = parser.parse_args(argv)
    if args.no_build and args.site_dir is None:
        parser.error("--no-build needs --site-dir DIR (the folder `make build` wrote)")
    if args.threads is None:
        args.threads = EXTERNAL_THREADS if args.external else DEFAULT_THREADS
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    if args.parsers < 0:
        parser.error("--parsers must be 0 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = sys.stdout
    try:
        site = read_site_config(args.config_file.resolve())
        ignore = read_ignore_file(args.ignore_file) if args.ignore_file else []
        command = linkchecker_command(fast=not args.plain, parsers=args.parsers)
    except (OSError, ValueError, CommonsError) as error:
        print(f"linkcheck: {error}", file=sys.stderr)
        return CANNOT_CHECK
    with ExitStack() as stack:
        if args.no_build:
            site_dir = args.site_dir.resolve()
        else:
            if args.site_dir is not None:
                site_dir = args.site_dir.resolve()
                refused = site_folder_problem(site_dir, site.site_name)
                if refused is not None:  # the build empties the folder first
                    print(f"linkcheck: {refused}", file=sys.stderr)
                    return CANNOT_CHECK
            else:
                site_dir = (
                    Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="linkcheck-site-"))) / "site"
                )
            started = time.monotonic()
            built, log = build_site(site.config_file, site_dir)
            if not built:
                sys.stderr.write(log)
                print(
                    "linkcheck: `mkdocs build --strict` failed (see the warnings above); fix them first",
                    file=sys.stderr,
                )
                return CANNOT_CHECK
            print(f"Built the site in {time.monotonic() - started:.1f} s", file=out)
        if not (site_dir / "index.html").is_file():
            print(
                f"linkcheck: {site_dir} has no index.html: build the site first (make build)", file=sys.stderr
            )
            return CANNOT_CHECK
        server = stack.enter_context(serving(site_dir, base_path_of(site.site_url), handler=SelfCheckHandler))
        start_url = server.base_url
        started = time.monotonic()
        returncode, report, errors = run_linkchecker(
            command,
            start_url,
            external=args.external,
            ignore=ignore,
            threads=args.threads,
            timeout=args.timeout,
            verbose=args.verbose,
        )
        elapsed = time.monotonic() - started
        requests = server.requests
    if args.verbose or returncode not in (0, 1):
        sys.stderr.write(errors)
    else:
        for note in (SPEED_UP_SKIPPED, SCAN_SKIPPED, USER_NOT_KEPT):
            if note in errors:
                print(note, file=sys.stderr)
    if returncode not in (0, 1):
        print(
            f"linkcheck: LinkChecker failed (exit status {returncode}); its messages are above",
            file=sys.stderr,
        )
        return CANNOT_CHECK
    reported = parse_report(report, start_url)
    if failures := self_check_failures(problem for problem in reported if is_self_check(problem)):
        sys.stderr.write(errors)
        for failure in failures:
            print(
                f"linkcheck: {failure} — its report cannot be trusted (LinkChecker changed?)", file=sys.stderr
            )
        return CANNOT_CHECK
    problems = [problem for problem in reported if not is_self_check(problem)]
    scope = "internal and external" if args.external else "internal"
    summary = f"Checked the {scope} links of {site_dir} in {elapsed:.1f} s ({requests} requests to the site)"
    if not problems:
        print(f"{summary}: no broken links", file=out)
        return OK
    print(f"{summary}: {len(problems)} problem(s) — fix them in the Markdown files named below\n", file=out)
    for line in describe(problems, site):
        print(line, file=out)
    return BROKEN


if __name__ == "__main__":
    sys.exit(main())
