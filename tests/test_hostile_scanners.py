"""Hostile input, round 2: every scanner over contributor text is linear, text Python-Markdown itself would
take minutes on (or crash on) is refused, snippets are checked like pages, and no value a calendar cannot
hold reaches date arithmetic.

Linearity is a ratio, never a wall time: each scanner reads an adversarial input of about 100 KB and one of
about 1 KB of the same shape; a linear scanner takes about 100 times as long on the first (a quadratic one
10,000 times). CPU time of this process, best of a few runs, so other work on the machine hardly counts.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from learning_commons import clock, rereading
from learning_commons.actions import with_lesson_actions
from learning_commons.clock import add_days
from learning_commons.content import markdown_hazard, page_from_text, read_wiki
from learning_commons.frontmatter import split_front_matter
from learning_commons.images import missing_alt_text
from learning_commons.links import link_targets, markdown_links
from learning_commons.markup import element_ids
from learning_commons.model import LONGEST_PERIOD, ActionItem, Kind, Page, Period
from learning_commons.moved_links import references
from learning_commons.packs import as_cards, with_writing_space
from learning_commons.packs import link_targets as pack_link_targets
from learning_commons.placeholders import body_placeholders
from learning_commons.problems import CommonsError
from learning_commons.rereading import MAX_REREAD
from learning_commons.settings import Settings, read_settings
from learning_commons.text import count_words, markdown_lines, shown, unfenced
from learning_commons.vocabulary import Vocabulary
from learning_commons.workshops import _part_html
from sitebuild import PLAYBOOK, ROOT, build_env, run_build, write_pages, write_project

TODAY = dt.date(2026, 3, 15)
HOME = "---\ntitle: Home\nsummary: The home page of the test wiki, long enough to pass.\n---\n\nWelcome.\n"

SMALL, LARGE = 1_000, 100_000
# Linear is about 100; the allowance covers the fixed costs the small input hides and a noisy machine.
MAX_RATIO = 300


def _cpu_seconds(scan: Callable[[str], object], text: str, calls: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _ in range(calls):
            scan(text)
        best = min(best, (time.process_time() - start) / calls)
    return best


def growth(scan: Callable[[str], object], shape: Callable[[int], str]) -> float:
    """How much longer ``scan`` takes on the large input of ``shape`` than on the small one."""
    small, large = shape(SMALL), shape(LARGE)
    assert len(large) >= 50 * len(small)
    scan(large)  # warm up (compiled patterns, caches)
    large_seconds = _cpu_seconds(scan, large, 1)
    calls = max(1, min(2_000, int(0.2 / max(large_seconds / 50, 1e-6))))  # about 0.2 s of small runs
    return large_seconds / max(_cpu_seconds(scan, small, calls), 1e-9)


def repeat(unit: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    """A line of ``unit`` repeated to about ``size`` characters, between a prefix and a suffix."""
    return lambda size: prefix + unit * max(1, size // len(unit)) + suffix


def lines(line: str) -> Callable[[int], str]:
    """Lines of ``line`` to about ``size`` characters."""
    return lambda size: (line + "\n") * max(1, size // (len(line) + 1))


def _links(text: str) -> object:
    return link_targets(text)


def _images(text: str) -> object:
    return missing_alt_text(text, 1, "docs/x.md")


def _moved_links(text: str) -> object:
    return references(text)


def _placeholders(text: str) -> object:
    return body_placeholders(text, 1, "docs/x.md")


def _hazard(text: str) -> object:
    return markdown_hazard(text, 1, "docs/x.md")


def _front_matter(text: str) -> object:
    return split_front_matter(text)


def _front_matter_value(field: str) -> Callable[[str], object]:
    """Validation of one front matter field holding ``text`` (quoted for YAML, as a contributor could)."""

    def validate(text: str) -> object:
        source = f"---\ntitle: A page\nsummary: A page with a hostile field value.\n{field}: '{text}'\n---\n"
        return page_from_text(
            "playbooks/x.md", "docs/playbooks/x.md", source, Vocabulary(path="t.yml"), TODAY
        )

    return validate


def _fences(text: str) -> object:
    return unfenced(markdown_lines(text))


def _kit_part(html: str) -> object:
    return _part_html(html, "part")


_PACK_LINKS = pack_link_targets("workshops/w/participant-pack", {"workshops/w/": "overview"}, "https://x/")


def _participant_part(html: str) -> object:
    """Everything a participant pack does to a part: notes and facilitator sections out, links, cards,
    writing space."""
    return with_writing_space(as_cards(_part_html(html, "part", _PACK_LINKS, participants=True)))


def _lesson(html: str) -> object:
    return with_lesson_actions(html, _LESSON, TODAY)


_LESSON = Page(
    "lessons/l.md",
    "docs/lessons/l.md",
    Kind.LESSON,
    "L",
    "S.",
    actions=(ActionItem("Do it", "Ada", "open", TODAY, 7),),
)


# Each shape is what an attacker would write against one pattern: a run of starts that never close, a
# run of spaces the pattern could split many ways, many candidates sharing one end.
SHAPES: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = [
    ("heading of spaces", _links, repeat(" ", "\n# ", "x")),
    ("heading of spaces and tabs", _links, repeat(" \t", "# a", "b")),
    (
        "heading of spaces, hashes, spaces",
        _links,
        lambda n: "# a" + " " * (n // 3) + "#" * (n // 3) + " " * (n // 3) + "b",
    ),
    ("heading of hashes", _links, repeat("# ", "# ")),
    ("heading of unclosed braces", _links, repeat("{", "# Goals ", "}")),
    ("heading of brace pairs", _links, repeat("{}", "# Goals ", "x")),
    ("unclosed '['", _links, repeat("[")),
    ("escaped '['", _links, repeat("\\[")),
    ("'[' after backslashes", _links, repeat("[\\")),
    ("unclosed ']('", _links, repeat("](")),
    ("unclosed '[a]('", _links, repeat("[a](")),
    ("'[a](' then a long target", _links, repeat("b", "[a](")),
    ("unclosed titles", _links, repeat("[a](b '")),
    ("targets in angle brackets", _links, repeat("[a](<b ")),
    ("spaces before a title", _links, repeat(" ", "[a](b", "'")),
    ("unclosed '!['", _links, repeat("![")),
    ("reference definitions", _links, lines("[" + "a" * 60)),
    ("unclosed inline code", _links, repeat("`a")),
    ("backtick runs", _links, repeat("``a", "[")),
    ("unclosed '<a '", _links, repeat("<a ")),
    ("unclosed '<a href='", _links, repeat("<a href=")),
    ("'<a ' then hrefs without values", _links, lambda n: "<a " * (n // 12) + "href=''" * (n // 14)),
    ("hrefs then '<a '", _links, lambda n: "<a " + "href='x' " * (n // 18) + "<a " * (n // 6)),
    ("unclosed href values", _links, repeat('<a href="x', "", "[a](b)")),
    ("attribute soup", _links, repeat(" x='' y=\"\" href= ", "<a", ">")),
    ("every kind on one line", _links, repeat("[a](b) <a href='c'> ")),
    ("every kind on many lines", _links, lines("[a](b) <a href='c'>\n[d]: e")),
    ("unclosed '[' on lines of their own, in links", _links, repeat("[\n")),
    ("link text wrapping without end, in links", _links, repeat("[a\nb")),
    ("blank lines after '[', in links", _links, repeat("\n \n[")),
    ("wrapped links", _links, repeat("[a\nb](c) ")),
    ("list items of unclosed '['", _links, lines("- [a")),
    ("quote lines of unclosed '['", _links, lines("> [a")),
    ("wrapped links in list items", _links, repeat("- [a\n  b](c)\n")),
    ("'[' then headings and breaks", _links, repeat("[a\n# b\n[c\n- - -\n")),
    ("'[' then a line of digits", _links, repeat("9", "[a\n", ".")),
    ("'[' then a line of spaced dashes", _links, repeat("- ", "[a\n", "x")),
    ("'[' on a long first line over '='", _links, repeat("[", "", "\n===\n](x)")),
    ("'[' then block starts, moved", _moved_links, repeat("[a\n# b\n> c\n<div>\n")),
    ("list items of wrapped links, moved", _moved_links, repeat("- [a\n- b](c)\n")),
    ("wrapped links and images, moved", _moved_links, repeat("[a\nb](c) ![d\ne](f) ")),
    ("links between inline code, moved", _moved_links, repeat("`a` [b](c) ")),
    ("unclosed '[' on lines of their own", _moved_links, repeat("[\n")),
    ("unclosed '![' on lines of their own", _moved_links, repeat("![\n")),
    ("link text wrapping without end", _moved_links, repeat("[a\nb")),
    ("escapes before line breaks", _moved_links, repeat("[\\\n")),
    ("blank lines after '['", _moved_links, repeat("\n \n[")),
    ("unclosed '[' on one line, moved", _moved_links, repeat("[")),
    ("placeholders between code blocks", _placeholders, repeat("```\nx\n```\nTODO\n")),
    ("links between code blocks", markdown_links, repeat("```\nx\n```\n[a](b.md)\n")),
    ("wrapped links between code blocks, moved", _moved_links, repeat("```\nx\n```\n\n[a\nb](c)\n\n")),
    ("images in inline code", _images, repeat("`![](x)` ")),
    ("unclosed '<img'", _images, repeat("<img ")),
    ("'<img' with alt soup", _images, repeat(" alt= alt ", "<img", ">")),
    ("empty image text", _images, repeat("![ ")),
    ("open brackets", _hazard, repeat("[")),
    ("escaped brackets", _hazard, repeat("\\[", "[]" * 300)),  # over 500 '[': both read in full
    ("deep indent", _hazard, repeat(" ", "", "x")),
    ("list and quote markers", _hazard, repeat("- > 1. ", "", "x")),
    ("abbreviations", _hazard, lines("*[A]: x")),
    ("unclosed link targets", _hazard, repeat("[a](")),
    ("unclosed tags", _hazard, repeat("x<y ")),
    ("closed links and tags", _hazard, repeat("[a](b) <b>c</b> ")),
    ("front matter of near-fences", _front_matter, lambda n: "---\n" + "--- " * (n // 4)),
    ("front matter of spaced fences", _front_matter, lines("---" + " " * 60 + "x")),
    ("fences of spaces", _fences, lines(" " * 60 + "``")),
    ("fence runs", _fences, repeat("`", "\n")),
    ("words", count_words, repeat("a ")),
    ("icon of hyphens and slashes", _front_matter_value("icon"), repeat("a-a/", "", "!")),
    ("status of hyphens", _front_matter_value("status"), repeat("a-", "", "-")),
    ("template of folders", _front_matter_value("template"), repeat("a/", "", "html")),
    ("review cycle of spaces", _front_matter_value("review_every"), repeat(" ", "1", "x")),
    ("review cycle of digits", _front_matter_value("review_every"), repeat("9", "", " days")),
    ("invisible characters", shown, repeat("\u202e")),
    ("unclosed ids", element_ids, repeat("<p id='a ")),
    ("ids of both quotes", element_ids, repeat('<p id=\'a" id="b ')),
    ("tags without ids", element_ids, repeat(" x", "<p", ">")),
    ("unclosed problem boxes", _kit_part, repeat('<div class="admonition failure lc-problems">')),
    ("unclosed id attributes", _kit_part, repeat(" id='a", "<p", ">")),
    ("unclosed headings in a pack", _participant_part, repeat("<h2>")),
    ("headings that never close", _participant_part, repeat("<h3 id='a'>Debrief x")),
    ("facilitator sections of open blocks", _participant_part, repeat("<h3>Debrief</h3><div>")),
    ("unclosed facilitator notes", _participant_part, repeat('<div class="admonition facilitator">')),
    ("class soup in block tags", _participant_part, repeat(" class='x' class=", "<div", ">")),
    ("unclosed tab sets", _participant_part, repeat('<div class="tabbed-set">')),
    (
        "unclosed tab labels",
        _participant_part,
        repeat("<label>", '<div class="tabbed-set"><div class="tabbed-labels">'),
    ),
    ("writing sections", _participant_part, repeat("<h2>My x</h2><p>y</p>")),
    ("unclosed hrefs in a pack", _participant_part, repeat(' href="../x/', "<a", ">")),
    ("unclosed headings in a lesson", _lesson, repeat("<h2>Action")),
]


@pytest.mark.parametrize(
    ("scan", "shape"), [shape[1:] for shape in SHAPES], ids=[shape[0] for shape in SHAPES]
)
def test_every_scanner_is_linear_in_its_input(
    scan: Callable[[str], object], shape: Callable[[int], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        rereading, "MAX_REREAD", 0
    )  # both sizes read in full, not the shortcut of normal pages
    ratio = growth(scan, shape)
    if ratio >= MAX_RATIO:  # one slow sample on a busy machine is not a quadratic scanner: measure again
        ratio = min(ratio, growth(scan, shape))
    assert ratio < MAX_RATIO, f"100 times the input took {ratio:.0f} times as long"


def test_the_linearity_measure_tells_quadratic_from_linear() -> None:
    def quadratic(text: str) -> int:
        return sum(text.count("[", start) for start in range(0, len(text), 100))

    assert growth(quadratic, repeat("[")) > MAX_RATIO * 3
    assert growth(str.split, repeat("a ")) < MAX_RATIO


# -- what Python-Markdown itself would read over and over ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Fine.\n\n" + "[a](" * 3000,
            "docs/x.md:3: 3,000 link targets '](' are never closed with ')' in this paragraph: Markdown reads the "
            "rest of the paragraph again for each ({} characters in all) — close them, or write \\[ and "
            "\\( for brackets that are only text",
        ),
        (
            "[" * 400 + "\n" + "word " * 6000,
            "docs/x.md:1: 400 '[' are never closed with ']' in this paragraph: Markdown reads the rest of the "
            "paragraph again for each ({} characters in all) — close them, or write \\[ and \\( for "
            "brackets that are only text",
        ),
        (
            "<b>closed</b>\n" + "x<y " * 2500,
            "docs/x.md:2: 2,500 HTML tags from here on are never closed with '>': Markdown reads on to the end of "
            "the page for each ({} characters in all) — close the tags with '>', or write &lt; for a '<' "
            "that is only text",
        ),
    ],
)
def test_text_markdown_would_reread_without_end_is_refused(body: str, expected: str) -> None:
    pattern = re.escape(expected).replace(r"\{\}", "([0-9,]+)")
    found = re.fullmatch(pattern, str(markdown_hazard(body, 1, "docs/x.md")))
    assert found, f"{markdown_hazard(body, 1, 'docs/x.md')} does not read {expected}"
    assert int(found[1].replace(",", "")) > MAX_REREAD


@pytest.mark.parametrize(
    "body",
    [
        "[a](b) <b>c</b> " * 20_000,  # 320 KB of closed links and tags
        "[a](" * 3000 + ")" * 3000,  # nested, but closed
        "[a](\n\n" * 3000,  # one unclosed target per paragraph
        "x<y " * 2500 + ">",  # one '>' closes them all as one tag's attributes
    ],
)
def test_text_markdown_reads_once_is_not_refused(body: str) -> None:
    assert markdown_hazard(body, 1, "docs/x.md") is None


@pytest.mark.parametrize(
    ("line", "columns"),
    [
        ("- " * 102 + "x", 202),
        ("> - " * 51 + "x", 202),
        ("1. " * 68 + "x", 201),
        ("  " + "* " * 100 + "x", 200),
    ],
)
def test_list_and_quote_markers_on_one_line_nest_like_indentation(line: str, columns: int) -> None:
    # Python-Markdown: '- ' * 500 + 'x' is a RecursionError, as 500 levels of indentation are.
    problem = markdown_hazard(f"Text.\n\n{line}\n", 1, "docs/x.md")
    if columns <= 200:
        assert problem is None
    else:
        assert str(problem) == (
            f"docs/x.md:3: this line's list and quote markers nest {columns} columns deep: lists or quotes "
            "nested this deep crash Markdown — flatten the nesting"
        )


def test_a_page_defining_thousands_of_abbreviations_is_refused() -> None:
    # Python-Markdown: 4,000 abbreviations used 4,000 times (58 KB) took 22 s; 20 on a large page are fine.
    many = "Intro.\n\n" + "".join(f"*[A{number}]: x\n" for number in range(4000)) + "A1 " * 4000
    problem = str(markdown_hazard(many, 1, "docs/x.md"))
    assert problem.startswith(
        "docs/x.md:3: 4,000 abbreviations are defined on this page: Markdown looks for every"
    )
    assert problem.endswith("— define only the abbreviations the page uses, a few dozen at most")
    few = "".join(f"*[A{number}]: x\n" for number in range(20)) + "A1 " * 300_000
    assert markdown_hazard(few, 1, "docs/x.md") is None


# -- snippets pass the checks pages pass ------------------------------------------------------------------------

SNIPPET_PAGE = (
    "---\ntitle: Uses {name}\nsummary: A page that includes a snippet, for the tests.\n---\n\n{body}\n"
)
NESTED_LIST = "".join("    " * depth + "- lc_nested\n" for depth in range(60))  # 236 columns deep at the end
DEEP_LINE = 51 + 1  # the first line indented more than 200 columns (204), counted from 1


def snippet_problems(
    root: Path, files: dict[str, str | bytes], max_page_bytes: int = 10_000
) -> tuple[list[str], list[str]]:
    """(the pages read, every problem as text) for a docs folder of ``files``."""
    write_pages(root / "docs", files, tags=None)
    settings = Settings(max_page_bytes=max_page_bytes)
    wiki = read_wiki(root / "docs", settings, display_root=root, today=TODAY)
    return sorted(wiki.pages), [str(problem) for problem in wiki.problems if "tags.yml" not in problem.path]


def including(name: str, indent: str = "") -> str:
    return SNIPPET_PAGE.format(name=name, body=f'{indent}--8<-- "{name}"')


REFUSED_HERE = "the snippet '{}' included here cannot be used (see the problem reported for it) — fix the snippet, or remove the line that includes it"


def test_a_deeply_nested_snippet_is_refused_with_the_pages_that_include_it(tmp_path: Path) -> None:
    pages, problems = snippet_problems(
        tmp_path,
        {
            "_snippets/deep.md": NESTED_LIST,
            "a.md": including("deep.md"),
            "b.md": SNIPPET_PAGE.format(name="x", body="No snippet."),
        },
    )
    assert pages == ["b.md"]
    assert problems == [
        f"docs/_snippets/deep.md:{DEEP_LINE}: this line is indented 204 spaces: lists or quotes nested this deep "
        "crash Markdown — flatten the nesting",
        f"docs/a.md:6: {REFUSED_HERE.format('deep.md')}",
    ]


def test_an_oversize_snippet_is_refused_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "docs" / "_snippets" / "big.md"
    big.parent.mkdir(parents=True)
    with big.open("wb") as file:
        file.truncate(50_000_000)  # 50 MB of NUL bytes, sparse: only the first 10,001 are read
    pages, problems = snippet_problems(tmp_path, {"a.md": including("big.md", "    ")})
    assert pages == []
    assert problems == [
        "docs/_snippets/big.md: the page is 50,000,000 bytes, over the limit of 10,000 — split it into several "
        "pages (or raise extra.commons.max_page_bytes in mkdocs.yml)",
        f"docs/a.md:6: {REFUSED_HERE.format('big.md')}",
    ]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("[" * 600 + "\n", "docs/_snippets/s.md:1: more than 500 '[' are open at once here"),
        (b"caf\xe9\n", "docs/_snippets/s.md:1: the file is not valid UTF-8 (byte 0xe9)"),
        (b"a NUL \0\n", "docs/_snippets/s.md:1: the file contains a NUL byte"),
    ],
)
def test_a_snippet_fails_every_check_a_page_fails(
    tmp_path: Path, snippet: str | bytes, expected: str
) -> None:
    pages, problems = snippet_problems(tmp_path, {"_snippets/s.md": snippet, "a.md": including("s.md")})
    assert pages == []
    assert problems[0].startswith(expected)
    assert problems[1:] == [f"docs/a.md:6: {REFUSED_HERE.format('s.md')}"]


def test_nesting_adds_up_from_the_including_line(tmp_path: Path) -> None:
    shallow = "".join("    " * depth + "- level\n" for depth in range(31))  # 120 columns: fine alone
    block = SNIPPET_PAGE.format(name="block", body="--8<--\nouter.md\n--8<--")
    pages, problems = snippet_problems(
        tmp_path,
        {
            "_snippets/shallow.md": shallow,
            "_snippets/outer.md": " " * 40 + '--8<-- "shallow.md"\n',  # 160 columns
            "fine.md": including("shallow.md", " " * 80),  # 200 columns: the limit, not over it
            "deep.md": including("shallow.md", " " * 84),
            "block.md": block,
            "escaped.md": SNIPPET_PAGE.format(name="escaped", body=" " * 84 + ';--8<-- "shallow.md"'),
        },
    )
    assert pages == ["block.md", "escaped.md", "fine.md"]
    assert problems == [
        "docs/deep.md:6: the snippet 'shallow.md' is included 84 spaces in and nests 120 more: lists or quotes "
        "nested this deep crash Markdown — include it with less indentation, or flatten the snippet's nesting",
    ]


def test_snippets_that_multiply_count_with_what_they_include(tmp_path: Path) -> None:
    # Each snippet includes the next ten times: Markdown would read 10^5 copies of the last one.
    files: dict[str, str | bytes] = {
        f"_snippets/s{level}.md": f'--8<-- "s{level + 1}.md"\n' * 10 for level in range(5)
    }
    files["_snippets/s5.md"] = "Ten words of text that the page would repeat many times.\n"
    files["_snippets/self.md"] = 'Itself: --8<-- is only a marker at the start.\n--8<-- "self.md"\n'
    files["a.md"] = including("s0.md")
    files["b.md"] = including("self.md")  # pymdownx.snippets skips a snippet inside itself: fine
    pages, problems = snippet_problems(tmp_path, files)
    assert pages == ["b.md"]
    expanded = {5: len(files["_snippets/s5.md"])}
    for level in range(4, -1, -1):
        expanded[level] = len(files[f"_snippets/s{level}.md"]) + 10 * expanded[level + 1]
    too_big = "bytes, over the limit of 10,000 — include fewer or smaller snippets (or raise extra.commons.max_page_bytes in mkdocs.yml)"
    assert [expanded[level] > 10_000 for level in range(6)] == [True, True, True, False, False, False]
    assert problems == [
        f"docs/_snippets/s{level}.md:1: with the snippets it includes, this file is {expanded[level]:,} {too_big}"
        for level in range(3)
    ] + [
        f"docs/a.md:6: with the snippets it includes, this file is {len(files['a.md']) + expanded[0]:,} {too_big}"
    ]


def test_a_refused_snippet_fails_the_build_and_leaves_every_page_it_reaches(tmp_path: Path) -> None:
    config = write_project(
        tmp_path,
        {
            "index.md": HOME,
            "_snippets/abbreviations.md": NESTED_LIST,  # appended to every page by mkdocs.yml
            "_snippets/deep.md": NESTED_LIST,
            "playbooks/uses.md": PLAYBOOK.format(title="Uses") + '\n--8<-- "deep.md"\n',
            "playbooks/fine.md": PLAYBOOK.format(title="Fine"),
        },
        commons={"history": False},
    )
    result = run_build(config)
    assert result.returncode == 1
    assert "Traceback" not in result.log
    assert result.warnings == [
        f"ERROR   -  docs/_snippets/abbreviations.md:{DEEP_LINE}: this line is indented 204 spaces: lists or "
        "quotes nested this deep crash Markdown — flatten the nesting",
        f"ERROR   -  docs/_snippets/deep.md:{DEEP_LINE}: this line is indented 204 spaces: lists or quotes "
        "nested this deep crash Markdown — flatten the nesting",
        f"ERROR   -  docs/playbooks/uses.md:9: {REFUSED_HERE.format('deep.md')}",
    ]
    fine = result.read("playbooks/fine/index.html")
    assert "Body of Fine" in fine
    assert "lc_nested" not in fine  # the refused abbreviations.md was not appended
    assert not (result.site_dir / "playbooks" / "uses").exists()


# -- values a calendar cannot hold ---------------------------------------------------------------------------

PLAYBOOK_FM = "title: A playbook\nsummary: A playbook used by the hostile date tests.\n"
LESSON_FM = "title: A lesson\nsummary: A lesson used by the hostile date tests.\n"
TOO_LONG = "'review_every' is longer than 10 years, the longest review cycle — write a period like '6 months', '2 weeks' or '1 year'"


def outside(field: str, value: str) -> str:
    return f"'{field}' {value} is outside the years 1900 to 2999 — check the year"


def date_problems(src_uri: str, front_matter: str) -> tuple[Page | None, list[str]]:
    vocabulary = Vocabulary(path="docs/tags.yml")
    page, problems = page_from_text(
        src_uri, f"docs/{src_uri}", f"---\n{front_matter}---\n", vocabulary, TODAY
    )
    return page, [str(problem) for problem in problems if "'tags'" not in problem.message]


@pytest.mark.parametrize(
    ("src_uri", "front_matter", "expected"),
    [
        ("playbooks/x.md", PLAYBOOK_FM + "review_every: 10000 years\n", f"docs/playbooks/x.md:4: {TOO_LONG}"),
        ("playbooks/x.md", PLAYBOOK_FM + "review_every: 121 months\n", f"docs/playbooks/x.md:4: {TOO_LONG}"),
        ("playbooks/x.md", PLAYBOOK_FM + "review_every: 600 weeks\n", f"docs/playbooks/x.md:4: {TOO_LONG}"),
        (
            "playbooks/x.md",
            PLAYBOOK_FM + "review_every: 99999999999999999999 days\n",
            f"docs/playbooks/x.md:4: {TOO_LONG}",
        ),
        (
            "playbooks/x.md",
            PLAYBOOK_FM + f"review_every: {'9' * 5000} days\n",
            f"docs/playbooks/x.md:4: {TOO_LONG}",
        ),
        (
            "playbooks/x.md",
            PLAYBOOK_FM + "reviewed: 9999-12-31\n",
            f"docs/playbooks/x.md:4: {outside('reviewed', '9999-12-31')}",
        ),
        (
            "playbooks/x.md",
            PLAYBOOK_FM + "reviewed: '3000-01-01'\n",
            f"docs/playbooks/x.md:4: {outside('reviewed', '3000-01-01')}",
        ),
        (
            "playbooks/x.md",
            PLAYBOOK_FM + "reviewed: 0001-01-01\n",
            f"docs/playbooks/x.md:4: {outside('reviewed', '0001-01-01')}",
        ),
        (
            "lessons/x.md",
            LESSON_FM + "happened: 1899-12-31\nactions: []\n",
            f"docs/lessons/x.md:4: {outside('happened', '1899-12-31')}",
        ),
        (
            "lessons/x.md",
            LESSON_FM
            + "happened: 2026-01-05\nactions:\n  - {what: Fix it, owner: Ada, status: open, due: 9999-12-31}\n",
            "docs/lessons/x.md:6: 'due' of the 1st action 9999-12-31 is outside the years 1900 to 2999"
            " — check the year",
        ),
    ],
)
def test_front_matter_values_a_calendar_cannot_hold_are_errors(
    src_uri: str, front_matter: str, expected: str
) -> None:
    page, problems = date_problems(src_uri, front_matter)
    assert problems == [expected]
    assert page is not None and not page.valid
    assert (page.reviewed, page.review_every) == (None, None)


@pytest.mark.parametrize(
    ("period", "start"),
    [
        (Period(LONGEST_PERIOD[unit], unit), start)
        for unit in LONGEST_PERIOD
        for start in (dt.date(1900, 1, 1), dt.date(2999, 12, 31), dt.date.max, dt.date(9999, 2, 28))
    ]
    + [(Period(10**9, "days"), dt.date(2026, 1, 1)), (Period(10**9, "years"), dt.date(2026, 1, 31))],
)
def test_date_arithmetic_stays_within_the_calendar(period: Period, start: dt.date) -> None:
    due = period.after(start)
    assert start < due or due == dt.date.max
    assert add_days(dt.date.max, 1) == dt.date.max and add_days(dt.date.min, -1) == dt.date.min


def test_review_defaults_longer_than_ten_years_are_refused() -> None:
    settings, problems = read_settings({"review_every": {"playbook": "11 years"}})
    assert settings.review_every == Settings().review_every
    assert [str(problem) for problem in problems] == [
        "mkdocs.yml: setting 'extra.commons.review_every' has a period longer than 10 years for playbook, "
        "the longest review cycle"
    ]


def test_source_date_epoch_past_the_calendar_is_a_clear_error() -> None:
    for epoch in ("253402300799", "100000000000000000", "9" * 5000):
        with pytest.raises(
            CommonsError, match=r"^SOURCE_DATE_EPOCH=\d{1,20}…? is not a time a calendar can hold"
        ):
            clock.now({"SOURCE_DATE_EPOCH": epoch})
    assert clock.now({"SOURCE_DATE_EPOCH": "253339228800"}).year == 9998


def test_check_and_due_list_report_dates_without_a_traceback(tmp_path: Path) -> None:
    config = write_project(
        tmp_path,
        {
            "index.md": HOME,
            "playbooks/far.md": PLAYBOOK.format(title="Far").replace(
                "---\n\n", "reviewed: 9999-12-31\nreview_every: 10000 years\n---\n\n"
            ),
            "playbooks/days.md": PLAYBOOK.format(title="Days").replace(
                "---\n\n", f"review_every: {'9' * 30} days\n---\n\n"
            ),
        },
        commons={"history": False},
    )
    check = [sys.executable, str(ROOT / "scripts" / "check.py"), "--config", str(config)]
    env = build_env(SOURCE_DATE_EPOCH="1773532800")  # 15 Mar 2026
    checked = subprocess.run(
        check, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"docs/playbooks/days.md:5: {TOO_LONG}",
        f"docs/playbooks/far.md:5: {outside('reviewed', '9999-12-31')}",
        f"docs/playbooks/far.md:6: {TOO_LONG}",
    ]
    due = subprocess.run(
        [*check, "--due"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert (due.returncode, "Traceback" in due.stderr) == (0, False)
    bad_clock = build_env(SOURCE_DATE_EPOCH="9" * 40)
    for args in ([], ["--due"]):
        result = subprocess.run(
            [*check, *args],
            cwd=tmp_path,
            env=bad_clock,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2
        assert result.stderr.startswith(
            "error: SOURCE_DATE_EPOCH=99999999999999999999… is not a time a calendar can hold"
        )
