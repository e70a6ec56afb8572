"""The HTML a page's body may contain: an allow-list, checked on the HTML that Markdown produced.

Checking the converted HTML, not the Markdown, catches every way to write the same thing: raw HTML,
attributes from attr_list (`{: onclick=… }`), Markdown links and images, snippets, entities that hide a
scheme (`&#106;avascript:`). The line of each problem is then found in the page's source.

Everything the Markdown extensions of mkdocs.yml produce is allowed (md_in_html, admonitions, details,
tabbed, attr_list ids and classes, footnotes, abbr, task lists, highlighted code, permalinks); nothing that
runs a script, loads another document or restyles the page is: no <script>, <style>, <iframe>, <object>,
<embed>, <form>, <base>, <meta>, <link>, <svg>, no event handlers, no `style`, nothing of the site's frame
(md-* and lc-* classes, ids starting with __, data-md-* attributes), no address other than http(s), mailto,
tel or a relative one, and images only from the wiki.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape

from .htmltags import UNCLOSED, start_tags
from .markup import PROBLEMS_CLASS, esc
from .problems import Problem
from .text import visible
from .urls import is_protocol_relative, scheme_at, url_scheme

# Attributes any allowed element may carry, besides aria-* and data-*.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden"})
# Elements allowed without attributes of their own.
_TEXT_ELEMENTS = """
    abbr b br caption code dd del dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i kbd mark p pre
    s samp section small span strong sub summary sup tbody tfoot thead tr u ul var wbr
"""
# Each allowed element with the attributes of its own.
ALLOWED_ELEMENTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(_TEXT_ELEMENTS.split(), frozenset()),
    "a": frozenset({"href", "name", "rel", "hreflang"}),
    "blockquote": frozenset({"cite"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "input": frozenset({"type", "checked", "disabled", "name"}),  # task lists' checkboxes, tabs' radios
    "ins": frozenset({"cite", "datetime"}),
    "label": frozenset({"for"}),
    "li": frozenset({"value"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "q": frozenset({"cite"}),
    "table": frozenset(),
    "td": frozenset({"colspan", "rowspan", "align"}),  # align: Markdown tables' column alignment
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "time": frozenset({"datetime"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
INPUT_TYPES = frozenset({"checkbox", "radio"})
# Ids the extensions write (tabs, code line anchors); other ids starting with '__' are Material's
# (__config holds its settings: a page's element of that id would be read first).
EXTENSION_ID_PREFIXES = ("__tabbed_", "__codelineno-")
# Material's buttons for links, and the box in which a preview lists a page's problems (put into the page).
CONTENT_FRAME_CLASSES = frozenset({"md-button", "md-button--primary", PROBLEMS_CLASS})
# A page reports this many problems at most: 10,000 <b onclick> should not print 10,000 lines.
MAX_PROBLEMS_PER_PAGE = 20

_RUNS_CODE = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "applet", "svg", "math"})
_ELEMENT_FIXES = {
    "style": "use the classes of docs/assets/commons.css, or ask for one to be added",
    "form": "link to the form instead",
    "base": "remove it: links are relative to the page",
    "meta": "remove it: the page's metadata comes from its front matter",
    "link": "remove it: the wiki's template loads the stylesheets",
}
_ALLOW_LIST = "hooks/learning_commons/htmlpolicy.py"


@dataclass(frozen=True)
class Breach:
    """One thing in a page's HTML the policy does not allow, and what to look for to find its line."""

    message: str
    fix: str
    needles: tuple[str, ...]  # text of the source that shows where it is, most telling first
    # Where the tag is in the HTML, with what a <script> or the like holds.
    span: tuple[int, int] = (0, 0)


def breaches(html: str) -> list[Breach]:
    """Everything in ``html`` (a page's body) that the policy does not allow, in document order."""
    found = []
    for tag in start_tags(html):
        needles = (html[tag.offset : tag.offset + 40].lower(), "<") if tag.name == UNCLOSED else None
        found += [
            replace(breach, span=(tag.offset, tag.end), needles=needles or breach.needles)
            for breach in _known_breaches(tag.name, tag.attributes)
        ]
    return found


@lru_cache(maxsize=4096)
def _known_breaches(tag: str, attrs: tuple[tuple[str, str], ...]) -> tuple[Breach, ...]:
    """``element_breaches``, remembered: a page's code blocks repeat the same few tags thousands of times."""
    return tuple(element_breaches(tag, attrs))


def shown_as_text(html: str, found: list[Breach]) -> str:
    """``html`` with every tag of ``found`` (and what a <script> or the like holds) turned into text, so a
    build that is not strict shows the refused HTML instead of running it."""
    parts, done = [], 0
    for start, end in sorted({breach.span for breach in found}):
        if start >= done:  # one tag can have several problems
            parts += [html[done:start], escape(html[start:end])]
            done = end
    return "".join(parts) + html[done:]


def element_breaches(tag: str, attrs: tuple[tuple[str, str], ...]) -> list[Breach]:
    """What is wrong with one start tag (``tag`` and attribute names lower case, values decoded)."""
    allowed = ALLOWED_ELEMENTS.get(tag)
    if allowed is not None and not attrs and tag != "input":  # most tags; an <input> alone is a text box
        return []
    if tag == UNCLOSED:
        return [
            Breach(
                "the page ends inside an HTML tag or comment: the site's own markup after it would complete it",
                "close it with '>' (a comment with '-->'), or write &lt; for a '<' that is text",
                ("<",),
            )
        ]
    if allowed is None:
        if tag in _RUNS_CODE:
            fix = "pages may not run code or embed other documents: link to it, or use an image"
        else:
            fix = _ELEMENT_FIXES.get(
                tag, f"write it in Markdown (the HTML pages may use is listed in {_ALLOW_LIST})"
            )
        return [Breach(f"the HTML element <{_shown(tag)}> is not allowed in a page", fix, (f"<{tag}",))]
    found = []
    if tag == "input" and not any(name == "type" for name, _ in attrs):  # a text box
        found.append(_input_breach(""))
    for name, value in attrs:
        breach = _attribute_breach(tag, allowed, name, value)
        if breach is not None:
            found.append(breach)
    return found


def _attribute_breach(tag: str, allowed: frozenset[str], name: str, value: str) -> Breach | None:
    where = (f"{name}=", f"<{tag}", name)
    if name.startswith("on"):
        return Breach(
            f"the event handler '{_shown(name)}' on <{tag}> is not allowed (it runs a script)",
            "remove it",
            where,
        )
    if not (name in allowed or name in GLOBAL_ATTRIBUTES or name.startswith(("aria-", "data-"))):
        if name == "style":
            return Breach(
                f"an inline style is not allowed (on <{tag}>: it can cover or disguise the page)",
                "use a class of docs/assets/commons.css; align table columns with ':' (|:--|--:|)",
                where,
            )
        return Breach(f"the attribute '{_shown(name)}' is not allowed on <{tag}>", "remove it", where)
    if tag == "input" and name == "type" and value.strip().lower() not in INPUT_TYPES:
        return _input_breach(value)
    if name == "class" and (frame := [word for word in value.split() if _is_frame_class(word)]):
        return Breach(
            f"the class '{_shown(frame[0])}' belongs to the site's own frame (header, search, banners)",
            "use a class of the page's content (md-button is fine), or none",
            (frame[0].lower(), *where),
        )
    if name == "id" and value.startswith("__") and not value.startswith(EXTENSION_ID_PREFIXES):
        return Breach(
            f"the id '{_shown(value)}' belongs to the site's own frame (Material reads its settings and "
            "controls by such ids)",
            "choose an id without the leading '__'",
            (value.lower(), *where),
        )
    if name.startswith("data-md-"):
        return Breach(
            f"the attribute '{_shown(name)}' belongs to the site's own frame (it makes Material treat the "
            f"<{tag}> as one of its controls)",
            "remove it",
            where,
        )
    scheme = url_scheme(value) if name in URL_ATTRIBUTES else None
    if tag == "img" and name == "src" and (scheme is not None or is_protocol_relative(value)):
        return Breach(
            f"the image '{_shown(value)}' is not in the wiki (the site's Content-Security-Policy shows only its own images)",
            "save the image next to the page and use its file name: ![What it shows](picture.png)",
            (value.lower(), *where),
        )
    if scheme is not None and scheme not in SAFE_SCHEMES:
        return Breach(
            f"the address '{_shown(value)}' ({name} of <{tag}>) uses the scheme '{_shown(scheme)}:', which is not allowed",
            "link to an http(s), mailto or tel address, or to a page or file of the wiki",
            (value.lower(), f"{name}=", f"{scheme}:", _after_scheme(value), f"<{tag}", name),
        )
    return None


def _after_scheme(url: str) -> str:
    """What follows the scheme, to find a URL whose scheme the source hides (&#106;avascript:)."""
    rest = url.partition(":")[2].lower()
    return rest if len(rest) >= 4 else ""


def _input_breach(kind: str) -> Breach:
    shown = f'<input type="{_shown(kind)}">' if kind else "<input> (a text box)"
    return Breach(
        f"{shown} is not allowed: pages have only task lists' checkboxes and tabs' radio buttons",
        "write a task list: '- [ ] to do'",
        ("<input",),
    )


def _is_frame_class(name: str) -> bool:
    """Material's (md-) and the wiki's (lc-) classes place things over the page; buttons are content."""
    return name.startswith(("md-", "lc-")) and name not in CONTENT_FRAME_CLASSES


@dataclass(frozen=True)
class CheckedBody:
    problems: list[Problem]
    html: str  # the body as a build that is not strict publishes it: each refused tag shown as text


def check_body(html: str, shown: str, source: Callable[[], str]) -> CheckedBody:
    """The problems of ``html``, the converted body of the page ``shown`` (its path in messages), and the
    body with what they refuse shown as text. ``source`` gives the page file's text, read only when there
    is a problem to find the line of."""
    found = breaches(html)
    if not found:
        return CheckedBody([], html)
    finder = _LineFinder(source())
    problems = []
    for breach in found[:MAX_PROBLEMS_PER_PAGE]:
        line = finder.line_of(breach.needles)
        message = breach.message if line else f"{breach.message} (it may come from an included snippet)"
        problems.append(Problem(shown, line, message, breach.fix))
    if len(found) > MAX_PROBLEMS_PER_PAGE:
        more = len(found) - MAX_PROBLEMS_PER_PAGE
        problems.append(
            Problem(
                shown, 0, f"and {more} more HTML problems like these", "fix the ones above, then build again"
            )
        )
    return CheckedBody(problems, shown_as_text(html, found))


def page_problems(html: str, shown: str, source: Callable[[], str]) -> list[Problem]:
    """The problems of check_body alone (`make check`)."""
    return check_body(html, shown, source).problems


def problems_box(problems: list[Problem]) -> str:
    """The problems as a preview shows them above the page (printable kits leave the box out)."""
    items = "".join(f"<li><code>{esc(str(problem))}</code></li>" for problem in problems)
    return (
        f'<div class="admonition failure {PROBLEMS_CLASS}"><p class="admonition-title">This page has HTML '
        f"the published build will refuse: it is shown as text</p><ul>{items}</ul></div>\n"
    )


class _LineFinder:
    """Finds the line a breach comes from: the next occurrence of its first needle found in the source
    (case-insensitive), so two <script> elements are reported on their own lines."""

    def __init__(self, source: str) -> None:
        self._text = source.lower()
        self._line_starts = [0] + [index + 1 for index, char in enumerate(source) if char == "\n"]
        self._next: dict[str, int] = {}  # where to look for each needle next

    def line_of(self, needles: tuple[str, ...]) -> int:
        """The 1-based line, 0 when no needle is in the source (HTML from a snippet, or written as entities)."""
        for needle in needles:
            if not needle:
                continue
            at = self._text.find(needle, self._next.get(needle, 0))
            if at < 0:
                at = self._text.find(needle)  # every occurrence used: the first is the best guess
            if at >= 0:
                self._next[needle] = at + len(needle)
                return bisect_right(self._line_starts, at)
        return 0


def may_hold_html(markdown: str) -> bool:
    """False when ``markdown`` cannot produce anything the policy refuses, so `make check` need not convert
    it: no raw HTML or autolink ('<'), no attr_list ('{'), no entity ('&'), no link target with a scheme
    other than http(s), mailto or tel, and no image with a scheme at all. Linear in the text."""
    if "<" in markdown or "{" in markdown or "&" in markdown:
        return True
    images = "![" in markdown  # which target is an image's is not known without parsing: any may be
    for opener in ("](", "]:"):
        start = markdown.find(opener)
        while start >= 0:
            scheme = scheme_at(markdown, start + 2)
            if scheme is not None and (images or scheme not in SAFE_SCHEMES):
                return True
            start = markdown.find(opener, start + 2)
    return False


def _shown(text: str, limit: int = 60) -> str:
    """Contributor text quoted in a message: invisible characters written as escapes, long values cut."""
    shown = visible(text[: limit * 2])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
