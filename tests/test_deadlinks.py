"""Dead Markdown links and anchors, found without a build (`make check`), in the project's message form."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from gitrepo import GitRepo
from learning_commons.content import read_wiki
from learning_commons.deadlinks import dead_links, heading_ids
from learning_commons.links import link_targets, markdown_links
from learning_commons.moved_links import references
from learning_commons.placeholders import body_placeholders
from learning_commons.settings import Settings
from sitebuild import build_env, run_build, write_project

TODAY = dt.date(2026, 3, 15)
TAGS = "retrospective:\n  description: Looking back together at what happened.\n"
ANCHOR_FIX = "(an anchor is the heading in lowercase, with hyphens for spaces)"


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\nsummary: A page used by the dead link tests, long enough.\n---\n\n{body}"


TARGET = page(
    "Target",
    "## Before the session\n\nText.\n\n## Before the session\n\n### What's next?\n\n"
    "## Custom { #my-id }\n\nSee [back](../index.md).\n",
)


def found(tmp_path: Path, pages: dict[str, str]) -> list[str]:
    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    (docs / "images" / "map.png").write_bytes(b"\x89PNG")
    (docs / "tags.yml").write_text(TAGS, encoding="utf-8")
    for src_uri, text in {
        "index.md": page("Home", "Welcome.\n"),
        "guides/target.md": TARGET,
        **pages,
    }.items():
        (docs / src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / src_uri).write_text(text, encoding="utf-8")
    wiki = read_wiki(docs, Settings(history=False), display_root=tmp_path, today=TODAY)
    return [str(problem) for problem in dead_links(docs, wiki)]


# Headings as Python-Markdown's toc extension names them (what MkDocs validates anchors against).
HEADINGS = [
    "Before the session",
    "Before the session",
    "What's next?",
    "0:00 to 0:10 Welcome and goals",
    "Café culture: *why* it `matters`",
    "A [linked](other.md) heading",
    "snake_case and __bold__ words",
    "Tabs\tand  spaces -- dashes",
    "Trailing hashes ##",
    "Custom { #my-id }",
    "Custom { #my-id }",
    "Numbered_1",
    "Numbered",
    "Numbered",
]


def test_heading_ids_are_the_ids_python_markdown_gives() -> None:
    source = (
        "".join(f"## {title}\n\nText.\n\n" for title in HEADINGS)
        + "Setext title\n---\n\n## Setext title\n---\n\n```\n## Not a heading\n```\n"
    )
    html = markdown.markdown(source, extensions=["toc", "attr_list", "fenced_code"])
    assert heading_ids(source) == set(re.findall(r'<h2 id="([^"]+)"', html))


def test_ids_written_in_attribute_lists_and_html_are_anchors() -> None:
    source = 'A paragraph.\n{ #para }\n\n<div id="box" markdown>\nText\n</div>\n\n<a name="old"></a>\n'
    assert heading_ids(source) == {"para", "box", "old"}


def test_links_that_lead_somewhere_are_not_reported(tmp_path: Path) -> None:
    body = (
        "[a](guides/target.md) [b](guides/target.md#before-the-session) [c](guides/target.md#before-the-session_1)\n"
        "[d](guides/target.md#whats-next) [e](guides/target.md#my-id) [f](#welcome) [g](images/map.png)\n"
        "[h](https://example.org/x.md) [i](mailto:a@example.org) [j](tags/retrospective/index.md)\n"
        "[k](recent/index.md) [l](guides/target.md?x=1) [m](guides/target%2Emd)\n\n## Welcome\n\n"
        "`[code](missing.md)`\n\n```\n[fenced](missing.md)\n```\n"
    )
    assert found(tmp_path, {"about.md": page("About", body)}) == []


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            "guides/targte.md",
            "the link 'guides/targte.md' leads to a page that does not exist (docs/guides/targte.md) — "
            "did you mean 'guides/target.md'? (links are relative to this page's file)",
        ),
        (
            "target.md",
            "the link 'target.md' leads to a page that does not exist (docs/target.md) — "
            "did you mean 'guides/target.md'? (links are relative to this page's file)",
        ),
        (
            "nothing-like-it.md",
            "the link 'nothing-like-it.md' leads to a page that does not exist (docs/nothing-like-it.md) — "
            "check the path: links are relative to this page's file and end in .md",
        ),
        (
            "guides/target.md#before-session",
            "the link 'guides/target.md#before-session' points to a heading that 'guides/target.md' does not "
            f"have — did you mean '#before-the-session'? {ANCHOR_FIX}",
        ),
        (
            "guides/target.md#zzz",
            "the link 'guides/target.md#zzz' points to a heading that 'guides/target.md' does not have — its "
            f"headings give #before-the-session, #before-the-session_1, #my-id, #whats-next {ANCHOR_FIX}",
        ),
        (
            "#nowhere",
            "the link '#nowhere' points to a heading that this page does not have — it has no headings: link "
            f"to the page without '#…' {ANCHOR_FIX}",
        ),
        ("guides/", "the link 'guides/' points to a folder — link to one of its pages' .md files"),
        ("./", "the link './' points to a folder — link to its page: 'index.md'"),
        (
            "/guides/target/",
            "the link '/guides/target/' is absolute: it breaks when the site moves — link to the page's .md "
            "file relative to this page, e.g. '../playbooks/run-a-lunch-and-learn.md'",
        ),
        (
            "../README.md",
            "the link '../README.md' leads outside the docs folder, which is not published — link to a page "
            "under docs/, or to the file's full web address",
        ),
        (
            "images/missing.png",
            "the link 'images/missing.png' leads to a file that does not exist (docs/images/missing.png) — "
            "check the path: links are relative to this page's file",
        ),
    ],
)
def test_a_dead_link_is_reported_on_its_line(tmp_path: Path, link: str, message: str) -> None:
    body = f"Intro.\n\n```\n[in code](missing.md)\n```\n\nText with [the link]({link}) in it.\n"
    assert found(tmp_path, {"about.md": page("About", body)}) == [f"docs/about.md:12: {message}"]


def test_a_link_to_a_folder_names_the_page_mkdocs_takes_as_its_index(tmp_path: Path) -> None:
    pages = {
        "notes/README.md": page("Notes", "Text.\n"),
        "both/index.md": page("Both", "Text.\n"),
        "both/README.md": page("Both readme", "Text.\n"),
        "about.md": page("About", "[a](notes/) and [b](both/) and [c](guides/)\n"),
    }
    assert sorted(found(tmp_path, pages)) == [
        f"docs/about.md:6: the link '{link}' points to a folder — {fix}"
        for link, fix in (
            ("both/", "link to its page: 'both/index.md'"),
            ("guides/", "link to one of its pages' .md files"),
            ("notes/", "link to its page: 'notes/README.md'"),
        )
    ]


def test_a_link_whose_text_wraps_onto_the_next_line_counts(tmp_path: Path) -> None:
    # Hand-wrapped pages break link text across lines; a blank line ends it, as in Markdown.
    body = (
        "Read [the part on\nwrapping](gone.md) first,\n> and [a quote\n> wrapped](../gone-too.md).\n\n"
        "[Not a link: a blank line\n\nends the text](nope.md).\n"
    )
    assert [line.split(" — ")[0] for line in found(tmp_path, {"guides/about.md": page("About", body)})] == [
        "docs/guides/about.md:6: the link 'gone.md' leads to a page that does not exist (docs/guides/gone.md)",
        "docs/guides/about.md:8: the link '../gone-too.md' leads to a page that does not exist (docs/gone-too.md)",
    ]
    assert link_targets(body) == (("gone.md", ""), ("../gone-too.md", ""))


# Link text that starts a line before '](' in shapes of pages: Python-Markdown says which are links.
WRAPPED_SHAPES = [
    "text [a\nb](t.md)",
    "text [a\n](t.md)",
    "text [a\n    b](t.md)",
    "- item [a\n](t.md)",
    "- item [a\n  ](t.md)",
    "- item [a\ntext](t.md)",
    "- [a\n- b](t.md)",
    "* [a\n* b](t.md)",
    "1. [a\n2. b](t.md)",
    "- [a\n  - b](t.md)",
    "- [a\n1. b](t.md)",
    "- [a\n-b](t.md)",
    "- x\n\n- [a\n- b](t.md)",
    "> - [a\n> - b](t.md)",
    "text [a\n- b](t.md)",
    "text [a\n1. b](t.md)",
    "text\n- [a\n- b](t.md)",
    "text [a\n# h](t.md)",
    "text [a\n#b](t.md)",
    "text [a\n   # h](t.md)",
    "- [a\n# b](t.md)",
    "text [a\n> q](t.md)",
    "text [a\n   > q](t.md)",
    "text [a\n    > q](t.md)",
    "> text [a\n> q](t.md)",
    "> text [a\nq](t.md)",
    "> text [a\n> # h](t.md)",
    "> text [a\n# h](t.md)",
    "text [a\n***\n](t.md)",
    "text [a\n- - -\n](t.md)",
    "text [a\n___\n](t.md)",
    "text [a\n---\n](t.md)",
    "text [a\n===\n](t.md)",
    "x\ntext [a\n===\n](t.md)",
    "text [a\n<div>](t.md)",
    "text [a\n<p class='x'>](t.md)",
    "text [a\n<!-- c -->](t.md)",
    "text [a\n<span>](t.md)",
    "text [a\n</div>](t.md)",
    "text [a\n| b](t.md)",
    "# Heading [a\n](t.md)",
]


@pytest.mark.parametrize("shape", [*WRAPPED_SHAPES, "- ![a\n- b](i.png) and ![c\n  d](j.png)"])
def test_link_text_across_lines_is_a_link_where_python_markdown_makes_one(shape: str) -> None:
    # Link text cannot cross the end of a paragraph, a list item or the start of a block.
    html = markdown.markdown(
        shape + "\n", extensions=["toc", "tables", "fenced_code", "attr_list", "md_in_html"]
    )
    made = re.findall(r'<a href="([^"]+)"', html)
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert [target for _, target in markdown_links(shape + "\n")] == made
    rewritten = sorted(reference.target for reference in references(shape + "\n"))  # by make adopt
    assert rewritten == sorted(made + images)
    assert [target for target, _ in link_targets(shape + "\n")] == (
        made if not re.search(r"(^|\n)#", shape) else []
    )


def test_reference_links_and_links_in_headings_count(tmp_path: Path) -> None:
    body = "## See [it](gone.md)\n\nText [ref][r].\n\n[r]: ../gone-too.md\n"
    assert [line.split(" — ")[0] for line in found(tmp_path, {"guides/about.md": page("About", body)})] == [
        "docs/guides/about.md:6: the link 'gone.md' leads to a page that does not exist (docs/guides/gone.md)",
        "docs/guides/about.md:10: the link '../gone-too.md' leads to a page that does not exist (docs/gone-too.md)",
    ]


def test_anchors_of_a_page_with_included_snippets_are_left_to_the_build(tmp_path: Path) -> None:
    pages = {
        "with-snippet.md": page("Snippet", '--8<-- "part.md"\n'),
        "about.md": page("About", "[x](with-snippet.md#from-the-snippet)\n"),
    }
    assert found(tmp_path, pages) == []


@pytest.mark.build
def test_check_finds_the_links_the_strict_build_refuses(tmp_path: Path) -> None:
    """The same links, from the Markdown alone: each line the build warns about, check reports."""
    body = (
        "[a](missing.md) [b](target.md#nope) [c](#nowhere) [d](target.md#before-the-session)\n\n"
        "[e](../guides/) [f](/abs/) [g is a link\nthat wraps](wrapped.md)\n"
    )
    pages = {
        "index.md": page("Home", "Welcome.\n"),
        "guides/target.md": TARGET,
        "guides/about.md": page("About", body),
    }
    config = write_project(tmp_path, pages, tags=TAGS)
    repo = GitRepo(tmp_path)
    repo.commit("Pages", date="2026-01-05T10:00:00Z")
    result = run_build(config, env=build_env(SOURCE_DATE_EPOCH="1773576000"))
    assert result.returncode == 1
    refused = set(re.findall(r"contains (?:a|an \w+) (?:relative )?link '([^']+)'", result.log))
    wiki = read_wiki(tmp_path / "docs", Settings(history=False), display_root=tmp_path, today=TODAY)
    reported = {
        str(problem).split("the link '", 1)[1].split("'", 1)[0]
        for problem in dead_links(tmp_path / "docs", wiki)
    }
    assert (
        refused
        == reported
        == {"missing.md", "target.md#nope", "#nowhere", "../guides/", "/abs/", "wrapped.md"}
    )


# -- linear by construction --------------------------------------------------------------------------

ADVERSARIAL_LINES = {
    "spaces in a heading": lambda n: "# a" + " " * n + "x",
    "closing hashes": lambda n: "# a" + "#" * n + "x",
    "a long line (setext?)": lambda n: "a" * n,
    "open attribute lists": lambda n: "## a " + "{#a" * (n // 3),
    "underscores": lambda n: "## " + "_" * n + "a",
    "open tags": lambda n: "## " + "<" * n,
    "empty links in a heading": lambda n: "## " + "[](" * (n // 3),
    "empty links": lambda n: "[](" * (n // 3),
    "open titles": lambda n: "[a](b '" * (n // 7),
    "open anchors": lambda n: "<a " * (n // 3),
    "markers": lambda n: "TODO " * (n // 5),
    "a list item of spaces": lambda n: "- " + " " * n + "x",
}


def cpu_seconds(scan: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        scan(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("shape", list(ADVERSARIAL_LINES))
def test_scanners_read_one_long_line_as_fast_as_many_short_ones(shape: str) -> None:
    """100 KB on one line against the same 100 KB as 100 lines of 1 KB: a quadratic scan is 100x slower."""
    make = ADVERSARIAL_LINES[shape]
    long_line = make(100_000) + "\n"
    short_lines = "".join(make(1_000) + "\n" for _ in range(100))
    scanners: list[Callable[[str], object]] = [
        heading_ids,
        markdown_links,
        link_targets,
        lambda text: body_placeholders(text, 1, "docs/x.md"),
    ]
    for scan in scanners:
        baseline = max(cpu_seconds(scan, short_lines), 0.001)  # below a millisecond, only noise is left
        assert cpu_seconds(scan, long_line) / baseline < 10, (shape, scan)


def test_a_link_no_file_system_can_hold_is_a_dead_link_not_a_traceback(tmp_path: Path) -> None:
    name = "a" * 300  # a path segment over the 255 bytes a file name may have
    problems = found(tmp_path, {"playbooks/a.md": page("A", f"See [{name}]({name}.md) and [that]({name}/).")})
    assert len(problems) == 2 and all("does not exist" in problem for problem in problems), problems
