"""Executable content in page bodies: the HTML allow-list and the Content-Security-Policy.

Every hostile input is Markdown a contributor could write; it is converted with the wiki's own Markdown
settings (scripts/markdown_html.py, as `make check` does), so raw HTML, attr_list, Markdown links and the
extensions' syntax are all checked on the HTML a browser would get. Payloads carry the marker `lc_pwned`.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import check
import pytest
from learning_commons.frontmatter import split_front_matter
from learning_commons.htmlpolicy import check_body, may_hold_html, page_problems
from learning_commons.htmltags import UNCLOSED, start_tags
from learning_commons.siteconfig import read_site_config
from learning_commons.urls import url_scheme
from markdown_html import converter
from sitebuild import ROOT, BuildResult, build_env, run_build, write_project

pytest_plugins = ["browser"]

CONVERT = converter(read_site_config(ROOT / "mkdocs.yml").markdown_extensions, ROOT)
FRONT = "---\ntitle: Hostile\nsummary: A playbook with hostile HTML in its body, for the tests.\ntags: [retrospective]\n---\n\n"
SHOWN = "docs/playbooks/x.md"  # its body starts on line 7
HOME = "---\ntitle: Home\nsummary: The home page of the test wiki, long enough to pass.\n---\n\nWelcome.\n"

RUNS = "pages may not run code or embed other documents: link to it, or use an image"
WRITE_MARKDOWN = (
    "write it in Markdown (the HTML pages may use is listed in hooks/learning_commons/htmlpolicy.py)"
)
LINK_FIX = "link to an http(s), mailto or tel address, or to a page or file of the wiki"
IMAGE_FIX = "save the image next to the page and use its file name: ![What it shows](picture.png)"
STYLE = "use a class of docs/assets/commons.css; align table columns with ':' (|:--|--:|)"


def problems_of(body: str) -> list[str]:
    text = FRONT + body
    return [str(problem) for problem in page_problems(CONVERT(body), SHOWN, lambda: text)]


def element(line: int, name: str, fix: str = RUNS) -> str:
    return f"{SHOWN}:{line}: the HTML element <{name}> is not allowed in a page — {fix}"


def handler(line: int, name: str, tag: str) -> str:
    return (
        f"{SHOWN}:{line}: the event handler '{name}' on <{tag}> is not allowed (it runs a script) — remove it"
    )


def address(line: int, url: str, scheme: str, attribute: str = "href", tag: str = "a") -> str:
    return (
        f"{SHOWN}:{line}: the address '{url}' ({attribute} of <{tag}>) uses the scheme '{scheme}:', which is "
        f"not allowed — {LINK_FIX}"
    )


def image(line: int, url: str) -> str:
    return (
        f"{SHOWN}:{line}: the image '{url}' is not in the wiki (the site's Content-Security-Policy shows only "
        f"its own images) — {IMAGE_FIX}"
    )


# Each sub-class of executable or page-covering content, written as a contributor could: body -> problems.
HOSTILE = {
    "script element": ("Text.\n\n<script>lc_pwned()</script>\n", [element(9, "script")]),
    "two scripts, each on its line": (
        "<script>lc_pwned(1)</script>\n\nText.\n\n<script>lc_pwned(2)</script>\n",
        [element(7, "script"), element(11, "script")],
    ),
    "event handler in raw HTML": (
        'A picture: <img src="team.png" alt="The team" onerror="lc_pwned()">\n',
        [handler(7, "onerror", "img")],
    ),
    "event handler from attr_list on a paragraph": (
        'A paragraph.\n{: onclick="lc_pwned()" }\n',
        [handler(8, "onclick", "p")],
    ),
    "event handler from attr_list on a heading": (
        "Intro.\n\n## Agenda { #agenda onmouseover=lc_pwned() }\n",
        [handler(9, "onmouseover", "h2")],
    ),
    "event handler inside md_in_html": (
        '<div markdown>\n\n**Bold** and <span onclick="lc_pwned()">this</span>.\n\n</div>\n',
        [handler(9, "onclick", "span")],
    ),
    "event handler in an admonition title": (
        '!!! note "<b onmouseover=lc_pwned()>Hover me</b>"\n    Body.\n',
        [handler(7, "onmouseover", "b")],
    ),
    "event handler in a tab's label": (
        '=== "<i onfocus=lc_pwned() tabindex=0>One</i>"\n\n    Body.\n',
        [
            handler(7, "onfocus", "i"),
            f"{SHOWN}:7: the attribute 'tabindex' is not allowed on <i> — remove it",
        ],
    ),
    "javascript: Markdown link": (
        "[Click](javascript:lc_pwned())\n",
        [address(7, "javascript:lc_pwned()", "javascript")],
    ),
    "javascript: hidden by an entity": (
        "Text.\n\n[Click](&#106;avascript:lc_pwned())\n",
        [address(9, "javascript:lc_pwned()", "javascript")],
    ),
    "javascript: in a reference definition": (
        "[Click][r]\n\n[r]: JAVASCRIPT:lc_pwned()\n",
        [address(9, "JAVASCRIPT:lc_pwned()", "javascript")],
    ),
    "vbscript: in raw HTML": (
        '<a href="vbscript:lc_pwned()">x</a>\n',
        [address(7, "vbscript:lc_pwned()", "vbscript")],
    ),
    "tab inside the scheme": (
        'Text.\n\n<a href=" java&#9;script:lc_pwned()">x</a>\n',
        [address(9, " java\\u0009script:lc_pwned()", "javascript")],
    ),
    "data: link": (
        "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
        [address(7, "data:text/html;base64,PHNjcmlwdD4=", "data")],
    ),
    "data: image": (
        "![Chart](data:image/svg+xml;base64,PHN2Zz4=)\n",
        [image(7, "data:image/svg+xml;base64,PHN2Zz4=")],
    ),
    "image from elsewhere (a tracking pixel)": (
        "![Logo](https://tracker.example/pixel.gif)\n",
        [image(7, "https://tracker.example/pixel.gif")],
    ),
    "image from elsewhere without a scheme": (
        'Text.\n\n<img alt="Logo" src="\\\\tracker.example/pixel.gif">\n',
        [image(9, "\\\\tracker.example/pixel.gif")],
    ),
    "iframe": ('<iframe src="https://example.org/"></iframe>\n', [element(7, "iframe")]),
    "object": ('<object data="movie.swf"></object>\n', [element(7, "object")]),
    "embed": ('<embed src="movie.swf">\n', [element(7, "embed")]),
    "svg with a script": (
        "<svg><script>lc_pwned()</script></svg>\n",
        [element(7, "svg"), element(7, "script")],
    ),
    "form": (
        '<form action="https://example.org/login"><button>Log in</button></form>\n',
        [element(7, "form", "link to the form instead"), element(7, "button", WRITE_MARKDOWN)],
    ),
    "base": (
        '<base href="https://example.org/">\n',
        [element(7, "base", "remove it: links are relative to the page")],
    ),
    "meta refresh": (
        '<meta http-equiv="refresh" content="0; url=https://example.org/">\n',
        [element(7, "meta", "remove it: the page's metadata comes from its front matter")],
    ),
    "link to a stylesheet": (
        '<link rel="stylesheet" href="https://example.org/x.css">\n',
        [element(7, "link", "remove it: the wiki's template loads the stylesheets")],
    ),
    "style element": (
        "<style>body { display: none }</style>\n",
        [element(7, "style", "use the classes of docs/assets/commons.css, or ask for one to be added")],
    ),
    "inline style that covers the page": (
        '<div style="position:fixed;inset:0;z-index:9">You won a prize</div>\n',
        [
            f"{SHOWN}:7: an inline style is not allowed (on <div>: it can cover or disguise the page) — {STYLE}"
        ],
    ),
    "inline style from attr_list": (
        'Text.\n{: style="position:fixed;top:0" }\n',
        [f"{SHOWN}:8: an inline style is not allowed (on <p>: it can cover or disguise the page) — {STYLE}"],
    ),
    "a class of the site's frame": (
        "A fake banner.\n{: .md-banner }\n",
        [
            f"{SHOWN}:8: the class 'md-banner' belongs to the site's own frame (header, search, banners) — "
            "use a class of the page's content (md-button is fine), or none"
        ],
    ),
    "an id Material reads its settings from": (
        '<div id="__config">{"search": "assets/evil.js"}</div>\n',
        [
            f"{SHOWN}:7: the id '__config' belongs to the site's own frame (Material reads its settings and "
            "controls by such ids) — choose an id without the leading '__'"
        ],
    ),
    "an attribute that makes a link one of Material's controls": (
        'Text.\n\n[Search](other.md){ data-md-component="search-query" }\n',
        [
            f"{SHOWN}:9: the attribute 'data-md-component' belongs to the site's own frame (it makes Material "
            "treat the <a> as one of its controls) — remove it"
        ],
    ),
    "a text box": (
        '<input name="password">\n',
        [
            f"{SHOWN}:7: <input> (a text box) is not allowed: pages have only task lists' checkboxes and tabs' "
            "radio buttons — write a task list: '- [ ] to do'"
        ],
    ),
}


@pytest.mark.parametrize("body, expected", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_html_is_refused_with_its_line(body: str, expected: list[str]) -> None:
    assert problems_of(body) == expected


@pytest.mark.parametrize("body", [body for body, _ in HOSTILE.values()], ids=HOSTILE.keys())
def test_make_check_converts_every_page_that_could_hold_hostile_html(body: str) -> None:
    """`make check` skips the conversion of a page only when nothing in it could be refused."""
    assert may_hold_html(body)


def test_pages_without_html_links_elsewhere_or_attributes_are_not_converted_by_make_check() -> None:
    assert not may_hold_html("Text with [a link](https://example.org), [mail](mailto:a@example.org).\n")
    assert not may_hold_html("[A page](../lessons/x.md#why) and [[brackets]] and [ref]: other.md\n")


ALLOWED = """\
# A page using every extension { #top .lead }

Text with **bold**, *em*, `<script>` in code, [a link](https://example.org), [mail](mailto:a@example.org),
[a call](tel:+15551234), [a page](other.md), [an anchor](#top), <https://example.org> and <a@example.org>.
HTML stays text in code, and an abbreviation like HTML stays an abbreviation.[^1]

![A whiteboard](whiteboard.png){ width="300" loading=lazy }

[A button](other.md){ .md-button .md-button--primary }

| Left | Right | Centre |
|:-----|------:|:------:|
| 1    |     2 |   3    |

- [x] done
- [ ] to do

!!! note "A note"
    Body.

??? tip "Details"
    Hidden.

=== "One"

    First.

=== "Two"

    Second.

```python
print("<script>lc_pwned()</script>")
```

<div markdown>
<kbd>Ctrl</kbd> <mark>marked</mark> <abbr title="Frequently asked">FAQ</abbr> <sub>low</sub> <sup>high</sup>
</div>

<details open><summary>Raw details</summary>Content</details>

*[HTML]: HyperText Markup Language
[^1]: A footnote.
"""


def test_everything_the_markdown_extensions_write_is_allowed() -> None:
    assert problems_of(ALLOWED) == []


def test_every_page_of_this_wiki_keeps_to_the_policy() -> None:
    docs = ROOT / "docs"
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        html = CONVERT(split_front_matter(text).body)
        assert page_problems(html, path.as_posix(), lambda text=text: text) == []


def test_a_page_full_of_hostile_html_reports_twenty_problems_and_a_count() -> None:
    problems = problems_of('<b onclick="lc_pwned()">x</b>\n' * 100)
    assert len(problems) == 21
    assert problems[0] == handler(7, "onclick", "b")
    assert (
        problems[-1]
        == f"{SHOWN}: and 80 more HTML problems like these — fix the ones above, then build again"
    )


def test_the_same_refused_tag_twice_is_shown_as_text_twice() -> None:
    # What is wrong with a tag is remembered across tags and pages; where each one is, is not.
    html = '<p><b onclick="x">1</b> <span class="n">2</span> <b onclick="x">3</b></p>'
    for _ in range(2):
        checked = check_body(html, "docs/a.md", lambda: html)
        assert [problem.line for problem in checked.problems] == [1, 1]
        assert checked.html == (
            '<p>&lt;b onclick=&quot;x&quot;&gt;1</b> <span class="n">2</span> '
            "&lt;b onclick=&quot;x&quot;&gt;3</b></p>"
        )


def test_a_body_that_ends_inside_a_tag_is_refused() -> None:
    """In a page, the template's markup after the body would complete the tag (and its onerror)."""
    source = FRONT + 'Text\n\n<img src="x.png" alt="x" onerror="lc_pwned()"\n'
    html = '<p>Text</p>\n<img src="x.png" alt="x" onerror="lc_pwned()"'
    problems = page_problems(html, SHOWN, lambda: source)
    assert [str(problem) for problem in problems] == [
        f"{SHOWN}:9: the page ends inside an HTML tag or comment: the site's own markup after it would complete "
        "it — close it with '>' (a comment with '-->'), or write &lt; for a '<' that is text"
    ]


def test_html_that_comes_from_nowhere_in_the_source_names_the_snippets() -> None:
    problems = page_problems('<p onclick="x">y</p>', SHOWN, lambda: FRONT + "No HTML here.\n")
    assert problems[0].line == 0
    assert problems[0].message.endswith("(it may come from an included snippet)")


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("javascript:x", "javascript"),
        (" \x01JaVa\tScRi\npt:x", "javascript"),
        ("https://example.org", "https"),
        ("mailto:a@example.org", "mailto"),
        ("a+b-c.d:x", "a+b-c.d"),
        ("page.md", None),
        ("/x:y", None),
        ("#fn:1", None),
        ("a b:c", None),
        ("1a:b", None),
        (":x", None),
        ("", None),
    ],
)
def test_the_scheme_of_an_address_is_read_as_a_browser_reads_it(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme


# -- the tokenizer ----------------------------------------------------------------------------------------


def tags(html: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    return [(tag.name, tag.attributes) for tag in start_tags(html)]


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<a title="x>y" onclick=z>', [("a", (("title", "x>y"), ("onclick", "z")))]),
        ("<!-- <img onerror=x> --> <b>", [("b", ())]),
        ("<!--> <img onerror=x>", [("img", (("onerror", "x"),))]),
        ("<!-- a --!> <img onerror=x>", [("img", (("onerror", "x"),))]),
        ("<P/OnClick=x>", [("p", (("onclick", "x"),))]),
        ("<p\nonclick\n=\n'x'>", [("p", (("onclick", "x"),))]),
        ('<a href="x"onclick="y">', [("a", (("href", "x"), ("onclick", "y")))]),
        ("<textarea><img onerror=x></textarea><b>", [("textarea", ()), ("b", ())]),
        ("<script>if (a<b) x('</scripts>')</script ><i>", [("script", ()), ("i", ())]),
        ('</p onclick=">"><b>', [("b", ())]),
        ("<a href=x", [(UNCLOSED, ())]),
        ("<b>x</b><a title='x>", [("b", ()), (UNCLOSED, ())]),
        ("<b>x</b><!-- no end", [("b", ()), (UNCLOSED, ())]),
        ("<b>x</b></b", [("b", ()), (UNCLOSED, ())]),
        ("<b>x</b><!doctype", [("b", ()), (UNCLOSED, ())]),
        ("1 < 2 <3 <> </> <?php x ?> <!doctype html><b>", [("b", ())]),
        ("<a href='&#106;ava&Tab;script:x'>", [("a", (("href", "java\tscript:x"),))]),
        # One class, as highlighted code writes it (read in one step), and what only looks like it.
        (
            '<span class="n">x</span><span class="A b-c_d">',
            [("span", (("class", "n"),)), ("span", (("class", "A b-c_d"),))],
        ),
        ('<span class="&lt;n">', [("span", (("class", "<n"),))]),
        ('<span class="n" onclick=x>', [("span", (("class", "n"), ("onclick", "x")))]),
        ('<span class="n"/>', [("span", (("class", "n"),))]),
        ('<SPAN class="n">', [("span", (("class", "n"),))]),
        ('<textarea class="n"><img onerror=x></textarea><b>', [("textarea", (("class", "n"),)), ("b", ())]),
        ('<script class="n"><i></script><b>', [("script", (("class", "n"),)), ("b", ())]),
        ('<plaintext class="n"><b>', [("plaintext", (("class", "n"),))]),
    ],
)
def test_tags_are_read_as_a_browser_reads_them(html: str, expected: list[object]) -> None:
    assert tags(html) == expected


class _StandardParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple((name, value or "") for name, value in attrs)))


def test_on_this_wiki_the_tokenizer_reads_what_the_standard_library_reads() -> None:
    html = CONVERT(ALLOWED) + "".join(
        CONVERT(split_front_matter(path.read_text(encoding="utf-8")).body)
        for path in sorted((ROOT / "docs").rglob("*.md"))
    )
    standard = _StandardParser()
    standard.feed(html)
    standard.close()
    assert tags(html) == standard.tags


def best_time(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    "unit",
    [
        "<a href=",
        "<a title='",
        "<!--",
        "<!-- -- -",
        "<",
        "<b onclick=x>",
        "<script></scriptx",
        "<a   ",
        "<a ===",
        "](",
        "]:\t",
    ],
)
def test_the_check_is_linear_in_the_page(unit: str) -> None:
    """100 KB against 1 KB of the same shape: about 100 times the time, never 10,000 (html.parser: 53 s)."""
    small, large = unit * (1_000 // len(unit)), unit * (100_000 // len(unit))
    for function in (lambda html: page_problems(html, SHOWN, lambda: html), may_hold_html):
        ratio = best_time(function, large) / max(best_time(function, small), 1e-5)
        assert ratio < 1_000, f"{unit!r}: 100 times the input took {ratio:.0f} times as long"


# -- builds and make check -----------------------------------------------------------------------------------

BUILD_CASES = [
    "event handler from attr_list on a heading",
    "javascript: hidden by an entity",
    "iframe",
    "form",
]


@pytest.fixture(scope="module")
def hostile_wiki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-html")
    pages: dict[str, str | bytes] = {"index.md": HOME}
    for number, case in enumerate(BUILD_CASES):
        pages[f"playbooks/x{number}.md"] = FRONT + HOSTILE[case][0]
    return write_project(root, pages, commons={"history": False})


@pytest.mark.build
def test_the_strict_build_fails_on_hostile_html_with_path_and_line(hostile_wiki: Path) -> None:
    result = run_build(hostile_wiki)
    assert result.returncode == 1
    expected = [
        problem.replace(SHOWN, f"docs/playbooks/x{number}.md")
        for number, case in enumerate(BUILD_CASES)
        for problem in HOSTILE[case][1]
    ]
    ours = [line for line in result.warnings if line.startswith("ERROR")]  # MkDocs warns of odd links too
    assert ours == [f"ERROR   -  {problem}" for problem in expected]
    assert "Traceback" not in result.log


def test_make_check_reports_what_the_build_reports(
    hostile_wiki: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(hostile_wiki.parent)
    assert check.main(["--config", str(hostile_wiki), "--format", "text"]) == 1
    expected = sorted(
        problem.replace(SHOWN, f"docs/playbooks/x{number}.md")
        for number, case in enumerate(BUILD_CASES)
        for problem in HOSTILE[case][1]
    )
    assert capsys.readouterr().out.splitlines() == expected


def test_make_check_also_checks_snippets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_project(tmp_path, {"index.md": HOME}, commons={"history": False})
    (tmp_path / "docs" / "_snippets" / "evil.md").write_text(
        "Text.\n<script>lc_pwned()</script>\n", encoding="utf-8"
    )
    assert check.main(["--config", str(config), "--format", "text"]) == 1
    shown = check.shown_path(tmp_path / "docs" / "_snippets" / "evil.md")
    assert capsys.readouterr().out.splitlines() == [
        f"{shown}:2: the HTML element <script> is not allowed in a page — {RUNS}"
    ]


# -- the Content-Security-Policy --------------------------------------------------------------------------

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; object-src 'none'; "
    "frame-src 'none'; base-uri 'self'; form-action 'self'"
)
PAYLOAD = """\
<script>window.lc_pwned = "script";</script>

<img src="missing.png" alt="x" onerror="window.lc_pwned = 'handler'">

[Click me](javascript:window.lc_pwned='link')

<div id="lc-overlay" style="position:fixed;inset:0;background:red">You won</div>
"""


@pytest.fixture(scope="module")
def preview_of_hostile_html(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """What a non-strict build (a preview) publishes: the errors are logged, the page is still written."""
    root = tmp_path_factory.mktemp("hostile-preview")
    tabs = '=== "One"\n\n    First.\n\n=== "Two"\n\n    Second.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n'
    config = write_project(
        root,
        {"index.md": HOME, "playbooks/evil.md": FRONT + PAYLOAD, "playbooks/fine.md": FRONT + tabs},
        commons={"history": False},
    )
    result = run_build(config, strict=False)
    assert result.returncode == 0, result.log
    return result


def inline_code(html: str) -> list[str]:
    """What the policy would refuse anywhere in a built page: inline scripts, event handlers, styles."""
    found = []
    for tag in start_tags(html):
        attributes = dict(tag.attributes)
        if tag.name == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            found.append(f"an inline script: {html[tag.offset : tag.end][:80]}")
        found += [
            f"{name} on <{tag.name}>" for name in attributes if name.startswith("on") or name == "style"
        ]
    return found


@pytest.mark.build
def test_every_page_carries_the_policy_before_any_script_and_nothing_inline(
    preview_of_hostile_html: BuildResult,
) -> None:
    pages = sorted(preview_of_hostile_html.site_dir.rglob("*.html"))
    assert len(pages) > 5
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        assert meta in head, page
        assert head.index(meta) < head.index("<script"), page
        assert inline_code(html) == [], page


@pytest.mark.build
def test_a_preview_shows_refused_html_as_text_under_its_problems(
    preview_of_hostile_html: BuildResult,
) -> None:
    html = preview_of_hostile_html.read("playbooks/evil/index.html")
    assert "This page has HTML the published build will refuse: it is shown as text" in html
    assert "<code>docs/playbooks/evil.md:7: the HTML element &lt;script&gt; is not allowed" in html
    assert (
        "&lt;script&gt;window.lc_pwned = &quot;script&quot;;</script>" in html
    )  # a stray end tag is harmless
    # The search index (Pagefind) holds the page's text, never its HTML: nothing in it can run.


@pytest.mark.browser
def test_nothing_of_a_hostile_preview_runs_and_the_theme_works(
    preview_of_hostile_html: BuildResult, chromium: object
) -> None:
    from browser import BASE_PATH, open_tab
    from serve_site import serving

    with serving(preview_of_hostile_html.site_dir, BASE_PATH) as server:
        tab, context = open_tab(chromium)  # type: ignore[arg-type]
        try:
            tab.goto(server.base_url + "playbooks/evil/")
            tab.page.get_by_text("Click me").click()
            tab.page.wait_for_timeout(300)
            assert tab.page.evaluate("window.lc_pwned === undefined"), "a payload ran"
            assert tab.page.get_by_text('<script>window.lc_pwned = "script";').is_visible()
            assert tab.csp_violations == []  # nothing was left for the policy to refuse
            tab.goto(server.base_url + "playbooks/fine/")
            tab.page.get_by_text("Two", exact=True).click()
            tab.page.locator("label[for='__palette_1']").click()  # the palette toggle
            assert tab.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
            align = tab.page.locator("td[align=right]").evaluate("e => getComputedStyle(e).textAlign")
            assert align.endswith("right"), align  # Chromium says -webkit-right for align="right"
            assert tab.csp_violations == [] and tab.console_errors == []  # Material's scripts ran cleanly
        finally:
            context.close()


INJECTED = """<script>window.lc_pwned = "script";</script>
<img src="missing.png" alt="x" onerror="window.lc_pwned = 'handler'">
<a id="lc-link" href="javascript:window.lc_pwned = 'link'">Click</a>
<div id="lc-overlay" style="position:fixed;inset:0;background:red">You won</div>
<iframe src="data:text/html,<script>parent.lc_pwned = 'frame'</script>"></iframe>
</body>"""


@pytest.mark.browser
def test_the_policy_refuses_what_got_past_the_build_and_the_tests_see_it(
    preview_of_hostile_html: BuildResult, chromium: object, tmp_path: Path
) -> None:
    """Payloads written straight into a built page (as a template mistake or a future hook might): none
    runs, and the browser tests' watch reports each refusal, which fails any of them."""
    from browser import BASE_PATH, fail_on_csp_violations, open_tab
    from serve_site import serving

    site = tmp_path / "site"
    shutil.copytree(preview_of_hostile_html.site_dir, site)
    page = site / "playbooks" / "fine" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", INJECTED, 1), encoding="utf-8")
    with serving(site, BASE_PATH) as server:
        tab, context = open_tab(chromium)  # type: ignore[arg-type]
        try:
            tab.goto(server.base_url + "playbooks/fine/")
            tab.page.locator("#lc-link").click()
            tab.page.wait_for_timeout(300)
            assert tab.page.evaluate("window.lc_pwned === undefined"), "a payload ran"
            position = tab.page.locator("#lc-overlay").evaluate("e => getComputedStyle(e).position")
            assert position != "fixed", "the inline style applied"
        finally:
            context.close()
    refused = "\n".join(tab.csp_violations)
    for directive in ("script-src", "style-src", "frame-src"):
        assert directive in refused, refused
    with pytest.raises(pytest.fail.Exception, match="the Content-Security-Policy refused"):
        fail_on_csp_violations(tab)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.browser
def test_live_reload_of_a_preview_runs_under_its_policy(chromium: object, tmp_path: Path) -> None:
    """`mkdocs serve` writes an inline script into each page it serves: the preview's policy lets it run."""
    from browser import BASE_PATH, open_tab

    config = write_project(
        tmp_path, {"index.md": HOME, "playbooks/fine.md": FRONT + "Body.\n"}, commons={"history": False}
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}{BASE_PATH}playbooks/fine/"
    try:
        for _ in range(600):  # the first build takes a few seconds on a busy machine
            try:
                with urllib.request.urlopen(url, timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        tab, context = open_tab(chromium)  # type: ignore[arg-type]
        try:
            with tab.page.expect_request(lambda request: "/livereload/" in request.url):
                response = tab.goto(url)
            assert "livereload(" in response.text()
            assert tab.csp_violations == []
        finally:
            context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
