"""Reading docs/: page kinds, file safety (links, bytes, sizes, collisions) and the model's helpers."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from learning_commons.content import decode_page, page_kind, read_wiki, scan_docs
from learning_commons.model import Kind, Part, Period, page_url
from learning_commons.settings import Settings
from learning_commons.vocabulary import Vocabulary
from sitebuild import write_pages

TODAY = dt.date(2026, 3, 15)
TAGS = "retrospective:\n  description: Looking back together at what happened.\n  aliases: [retro]\n"
GOOD = "---\ntitle: {title}\nsummary: A page used by the content tests, long enough.\ntags: [retro]\n---\n\nBody.\n"
SYMLINK_FIX = (
    "symbolic links are not allowed under docs/ (they can publish files from outside the repository) — "
    "replace the link with a copy of the file, or remove it"
)


def make_docs(root: Path, pages: dict[str, str | bytes]) -> Path:
    return write_pages(root / "docs", pages, tags=TAGS)


def wiki_problems(root: Path, settings: Settings | None = None) -> tuple[list[str], list[str]]:
    """(the src_uris of the pages read, every problem as text)."""
    wiki = read_wiki(root / "docs", settings or Settings(), display_root=root, today=TODAY)
    return sorted(wiki.pages), [str(problem) for problem in wiki.problems]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the code under test opens through pathlib."""
    paths: list[Path] = []
    real_open: Callable[..., object] = pathlib.Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        paths.append(self.resolve())
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", spy)
    return paths


# -- page kinds and addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src_uri", "expected"),
    [
        ("index.md", (Kind.PAGE, None, None)),
        ("about/index.md", (Kind.PAGE, None, None)),
        ("contributing/index.md", (Kind.PAGE, None, None)),
        ("playbooks/index.md", (Kind.PAGE, None, None)),
        ("lessons/index.md", (Kind.PAGE, None, None)),
        ("workshops/index.md", (Kind.PAGE, None, None)),
        ("playbooks/run-a-retro.md", (Kind.PLAYBOOK, None, None)),
        ("lessons/what-we-learned.md", (Kind.LESSON, None, None)),
        ("workshops/feedback/index.md", (Kind.WORKSHOP, "workshops/feedback", Part.OVERVIEW)),
        (
            "workshops/feedback/facilitator-guide.md",
            (Kind.WORKSHOP_PART, "workshops/feedback", Part.FACILITATOR_GUIDE),
        ),
        ("workshops/feedback/handout.md", (Kind.WORKSHOP_PART, "workshops/feedback", Part.HANDOUT)),
        ("workshops/feedback/exercises.md", (Kind.WORKSHOP_PART, "workshops/feedback", Part.EXERCISE)),
        ("workshops/feedback/role-play.md", (Kind.WORKSHOP_PART, "workshops/feedback", Part.EXERCISE)),
        ("workshops/feedback/extra/index.md", (Kind.WORKSHOP_PART, "workshops/feedback", Part.EXERCISE)),
        ("workshops/stray.md", (Kind.PAGE, None, None)),
        ("about/team.md", (Kind.PAGE, None, None)),
    ],
)
def test_page_kind_comes_from_the_folder(
    src_uri: str, expected: tuple[Kind, str | None, Part | None]
) -> None:
    assert page_kind(src_uri) == expected


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [
        ("index.md", ""),
        ("README.md", ""),
        ("playbooks/index.md", "playbooks/"),
        ("playbooks/README.md", "playbooks/"),
        ("playbooks/run-a-retro.md", "playbooks/run-a-retro/"),
        ("workshops/feedback/index.md", "workshops/feedback/"),
        ("workshops/feedback/handout.md", "workshops/feedback/handout/"),
        ("playbooks/reindex.md", "playbooks/reindex/"),
    ],
)
def test_page_url_is_what_mkdocs_publishes(src_uri: str, url: str) -> None:
    assert page_url(src_uri) == url


# -- review periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "expected"),
    [
        (Period(1, "months"), dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (Period(1, "months"), dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # leap year
        (Period(1, "months"), dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (Period(1, "months"), dt.date(2026, 1, 15), dt.date(2026, 2, 15)),
        (Period(1, "months"), dt.date(2026, 12, 31), dt.date(2027, 1, 31)),
        (Period(13, "months"), dt.date(2026, 1, 31), dt.date(2027, 2, 28)),
        (Period(1, "years"), dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
        (Period(4, "years"), dt.date(2028, 2, 29), dt.date(2032, 2, 29)),
        (Period(2, "weeks"), dt.date(2026, 12, 25), dt.date(2027, 1, 8)),
        (Period(1, "days"), dt.date(2026, 2, 28), dt.date(2026, 3, 1)),
    ],
)
def test_period_after(period: Period, start: dt.date, expected: dt.date) -> None:
    assert period.after(start) == expected


def test_period_text() -> None:
    assert [str(Period(1, "months")), str(Period(6, "months")), str(Period(1, "days"))] == [
        "1 month",
        "6 months",
        "1 day",
    ]


# -- reading the wiki -----------------------------------------------------------------------------------


def test_a_good_wiki(tmp_path: Path) -> None:
    make_docs(tmp_path, {"index.md": GOOD.format(title="Home"), "playbooks/a.md": GOOD.format(title="Alpha")})
    wiki = read_wiki(tmp_path / "docs", Settings(), display_root=tmp_path, today=TODAY)
    assert wiki.problems == []
    assert sorted(wiki.pages) == ["index.md", "playbooks/a.md"]
    assert wiki.pages["playbooks/a.md"].path == "docs/playbooks/a.md"
    assert isinstance(wiki.vocabulary, Vocabulary)


def test_page_without_front_matter(tmp_path: Path) -> None:
    make_docs(tmp_path, {"playbooks/a.md": "# Just a heading\n\ntitle: not front matter\n"})
    # Still a page, so a preview shows it with its problem, but an invalid one that --strict refuses.
    assert wiki_problems(tmp_path) == (
        ["playbooks/a.md"],
        [
            "docs/playbooks/a.md:1: the page has no front matter — start the file with '---', then "
            "'title: …', 'summary: …' and 'tags: […]', then '---'"
        ],
    )
    wiki = read_wiki(tmp_path / "docs", Settings(), display_root=tmp_path, today=TODAY)
    assert not wiki.pages["playbooks/a.md"].valid and wiki.refused == set()


def test_windows_line_endings_read_like_mkdocs_reads_them(tmp_path: Path) -> None:
    make_docs(tmp_path, {"playbooks/a.md": GOOD.format(title="Alpha").replace("\n", "\r\n").encode()})
    assert wiki_problems(tmp_path) == (["playbooks/a.md"], [])


def test_byte_order_mark_is_fine(tmp_path: Path) -> None:
    make_docs(tmp_path, {"playbooks/a.md": b"\xef\xbb\xbf" + GOOD.format(title="Alpha").encode()})
    assert wiki_problems(tmp_path) == (["playbooks/a.md"], [])


def test_nul_byte_names_its_line(tmp_path: Path) -> None:
    make_docs(tmp_path, {"playbooks/a.md": GOOD.format(title="Alpha").encode() + b"more\nbad \0 byte\n"})
    assert wiki_problems(tmp_path) == (
        [],
        ["docs/playbooks/a.md:9: the file contains a NUL byte — save it as plain UTF-8 text"],
    )


def test_invalid_utf8_names_its_line_and_byte(tmp_path: Path) -> None:
    text = GOOD.format(title="Alpha").encode()
    make_docs(
        tmp_path,
        {"playbooks/a.md": text + b"caf\xe9\n", "playbooks/b.md": b"\xef\xbb\xbf" + text + b"\xff\n"},
    )
    assert wiki_problems(tmp_path) == (
        [],
        [
            "docs/playbooks/a.md:8: the file is not valid UTF-8 (byte 0xe9) — save the file as UTF-8",
            "docs/playbooks/b.md:8: the file is not valid UTF-8 (byte 0xff) — save the file as UTF-8",
        ],
    )


def test_decode_page_directly() -> None:
    assert decode_page(b"a\r\nb\rc\n", "x.md", 100) == ("a\nb\nc\n", None)
    text, problem = decode_page(b"\xef\xbb\xbfa\n\xc3", "x.md", 100)
    assert (
        text is None
        and str(problem) == "x.md:2: the file is not valid UTF-8 (byte 0xc3) — save the file as UTF-8"
    )


def test_page_over_the_size_limit(tmp_path: Path) -> None:
    page = GOOD.format(title="Alpha")
    make_docs(tmp_path, {"playbooks/big.md": page + "x" * (1_000 - len(page)) + "\n"})
    assert wiki_problems(tmp_path, Settings(max_page_bytes=1_000)) == (
        [],
        [
            "docs/playbooks/big.md: the page is 1,001 bytes, over the limit of 1,000 — split it into several "
            "pages (or raise extra.commons.max_page_bytes in mkdocs.yml)"
        ],
    )


def test_a_huge_page_is_refused_without_reading_it(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {})
    (docs / "playbooks").mkdir()
    with (docs / "playbooks" / "huge.md").open("wb") as file:
        file.truncate(8 * 1024**3)  # 8 GiB, sparse: reading it whole would take minutes and all memory
    start = time.perf_counter()
    _, problems = wiki_problems(tmp_path)
    assert time.perf_counter() - start < 2
    assert problems == [
        "docs/playbooks/huge.md: the page is 8,589,934,592 bytes, over the limit of 1,000,000 — split it into "
        "several pages (or raise extra.commons.max_page_bytes in mkdocs.yml)"
    ]


def test_symlinked_page_is_an_error_and_never_read(tmp_path: Path, opened: list[Path]) -> None:
    docs = make_docs(tmp_path, {"playbooks/a.md": GOOD.format(title="Alpha")})
    secret = tmp_path / "secret.md"
    secret.write_bytes(b"---\ntitle: \0 would be a problem if read\n---\n")
    (docs / "playbooks" / "link.md").symlink_to(secret)
    opened.clear()  # only what reading the wiki opens
    assert wiki_problems(tmp_path) == (["playbooks/a.md"], [f"docs/playbooks/link.md: {SYMLINK_FIX}"])
    assert secret.resolve() not in opened
    assert (docs / "playbooks" / "a.md").resolve() in opened  # the spy works


def test_symlinked_folder_is_an_error_and_never_entered(tmp_path: Path, opened: list[Path]) -> None:
    docs = make_docs(tmp_path, {"playbooks/a.md": GOOD.format(title="Alpha")})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "inner.md").write_text(GOOD.format(title="Inner"), encoding="utf-8")
    (docs / "lessons").symlink_to(outside, target_is_directory=True)
    opened.clear()
    assert wiki_problems(tmp_path) == (["playbooks/a.md"], [f"docs/lessons: {SYMLINK_FIX}"])
    assert (outside / "inner.md").resolve() not in opened


def test_symlinks_to_assets_and_in_snippets_are_errors_too(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {"_snippets/abbreviations.md": "*[KB]: Knowledge base\n"})
    (docs / "_snippets" / "evil.md").symlink_to("/etc/passwd")
    (docs / "assets").mkdir()
    (docs / "assets" / "logo.svg").symlink_to("/etc/hostname")
    assert wiki_problems(tmp_path) == (
        [],
        [f"docs/_snippets/evil.md: {SYMLINK_FIX}", f"docs/assets/logo.svg: {SYMLINK_FIX}"],
    )


def test_a_dangling_symlink_is_an_error(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {})
    (docs / "gone.md").symlink_to(tmp_path / "nowhere.md")
    assert wiki_problems(tmp_path) == ([], [f"docs/gone.md: {SYMLINK_FIX}"])


def test_page_and_folder_index_at_the_same_address(tmp_path: Path) -> None:
    make_docs(
        tmp_path,
        {
            "playbooks/foo.md": GOOD.format(title="Foo"),
            "playbooks/foo/index.md": GOOD.format(title="Foo index"),
        },
    )
    assert wiki_problems(tmp_path)[1] == [
        "docs/playbooks/foo/index.md: docs/playbooks/foo.md and docs/playbooks/foo/index.md would both be "
        "published at /playbooks/foo/ (one would silently replace the other) — rename or merge one of them"
    ]


def test_readme_and_index_at_the_same_address(tmp_path: Path) -> None:
    make_docs(
        tmp_path,
        {"about/README.md": GOOD.format(title="Read me"), "about/index.md": GOOD.format(title="About")},
    )
    assert wiki_problems(tmp_path)[1] == [
        "docs/about/index.md: docs/about/README.md and docs/about/index.md would both be published at /about/ "
        "(one would silently replace the other) — rename or merge one of them"
    ]


def case_sensitive(folder: Path) -> bool:
    (folder / "CaseProbe").write_text("", encoding="utf-8")
    return not (folder / "caseprobe").exists()


def test_names_differing_only_in_case(tmp_path: Path) -> None:
    if not case_sensitive(tmp_path):
        pytest.skip("the file system is not case-sensitive: Foo.md and foo.md cannot both exist")
    make_docs(
        tmp_path, {"playbooks/Foo.md": GOOD.format(title="Foo"), "playbooks/foo.md": GOOD.format(title="foo")}
    )
    assert wiki_problems(tmp_path)[1] == [
        "docs/playbooks/foo.md: docs/playbooks/Foo.md and docs/playbooks/foo.md would both be published at "
        "/playbooks/foo/ (one would silently replace the other) — rename or merge one of them"
    ]


def test_other_markdown_suffixes_are_refused(tmp_path: Path) -> None:
    make_docs(tmp_path, {"playbooks/a.markdown": "---\ntitle: <script>x()</script>\n---\n"})
    assert wiki_problems(tmp_path) == (
        [],
        [
            "docs/playbooks/a.markdown: Markdown pages must end in '.md' (this one would be published "
            "without any checks) — rename it to a.md"
        ],
    )


def test_hidden_and_underscore_folders_hold_no_pages(tmp_path: Path) -> None:
    make_docs(
        tmp_path,
        {
            "index.md": GOOD.format(title="Home"),
            "_snippets/abbreviations.md": "*[KB]: Knowledge base\n",
            "_drafts/half-done.md": "no front matter at all\n",
            ".hidden/page.md": "no front matter at all\n",
            "playbooks/.notes.md": "no front matter at all\n",
            "assets/commons.css": "body {}\n",
        },
    )
    assert wiki_problems(tmp_path) == (["index.md"], [])


def test_scan_docs_returns_sorted_sources(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {"z.md": "", "a/b.md": "", "a.md": "", "img.png": ""})
    scan = scan_docs(docs, "docs")
    assert (scan.pages, scan.static, scan.problems) == (
        ["a.md", "a/b.md", "z.md"],
        ["img.png", "tags.yml"],
        [],
    )


def test_missing_vocabulary_is_reported_with_the_pages(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {"playbooks/a.md": GOOD.format(title="Alpha")})
    os.remove(docs / "tags.yml")
    assert wiki_problems(tmp_path)[1] == [
        "docs/tags.yml: the tag vocabulary is missing — create it with one 'tag-name:' per tag and "
        "'description: …' indented under it",
        "docs/playbooks/a.md:4: the 1st tag 'retro' is not in docs/tags.yml — add the tag to docs/tags.yml "
        "with a description",
    ]


def test_files_that_must_not_be_published_are_listed(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path,
        {
            "index.md": GOOD.format(title="Home"),
            "playbooks/bad-front-matter.md": "---\ntitle: no\n---\n",  # published, with its problems shown
            # MkDocs reads these lines as MultiMarkdown meta; the adapter replaces the title, drops theme keys
            "playbooks/no-front-matter.md": "title: <script>x()</script>\n\nMultiMarkdown meta to MkDocs.\n",
            "playbooks/nul.md": b"---\0\n",
            "playbooks/latin1.md": b"caf\xe9\n",
            "playbooks/big.md": "x" * 1_001,
            "playbooks/page.mkd": "---\ntitle: unchecked\n---\n",
        },
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    (docs / "lessons").symlink_to(outside, target_is_directory=True)
    (docs / "playbooks" / "link.md").symlink_to(docs / "index.md")
    wiki = read_wiki(docs, Settings(max_page_bytes=1_000), display_root=tmp_path, today=TODAY)
    assert wiki.refused == {
        "lessons",
        "playbooks/big.md",
        "playbooks/latin1.md",
        "playbooks/link.md",
        "playbooks/nul.md",
        "playbooks/page.mkd",
    }
    assert sorted(wiki.pages) == ["index.md", "playbooks/bad-front-matter.md", "playbooks/no-front-matter.md"]
    assert wiki.is_refused("lessons/inner.md")
    assert not wiki.is_refused("lessons-learned/index.md")
    assert not wiki.is_refused("index.md")


# -- Markdown that would hang or crash the build ------------------------------------------------------------

BRACKETS = (
    "more than 500 '[' are open at once here: Markdown slows down with the square of that (8,000 take half a "
    "minute) — close them with ']', or write \\[ for a bracket that is only text"
)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("[" * 8_000, f"docs/playbooks/a.md:7: {BRACKETS}"),
        ("text\n" + "[a " * 300 + "\n" + "[b " * 300 + "\n", f"docs/playbooks/a.md:9: {BRACKETS}"),
        (
            "".join("    " * level + "- item\n" for level in range(300)),
            "docs/playbooks/a.md:58: this line is indented 204 spaces: lists or quotes nested this deep crash "
            "Markdown — flatten the nesting",
        ),
        ("[a " * 300 + "\n\n" + "[b " * 300, None),  # paragraphs are parsed one at a time
        ("\\[" * 2_000, None),  # escaped brackets are text
        ("[link](x.md) " * 2_000, None),
        ("".join("    " * level + "- item\n" for level in range(40)), None),
        (
            "text\n" + "\t" * 51 + "- deep\n",  # a tab counts up to 4 columns
            "docs/playbooks/a.md:8: this line is indented 204 spaces: lists or quotes nested this deep crash "
            "Markdown — flatten the nesting",
        ),
        ("\t" * 50 + "- item\n" + " " * 300 + "\n", None),  # 200 columns; a blank line is no hazard
        (("[x](a.md) " * 100 + "\n\n") * 6, None),  # 600 '[' in all, but never 500 open at once
    ],
)
def test_markdown_that_would_hang_or_crash_the_build(tmp_path: Path, body: str, problem: str | None) -> None:
    page = (
        "---\ntitle: Alpha\nsummary: A page used by the content tests, long enough.\ntags: [retro]\n---\n\n"
    )
    make_docs(tmp_path, {"playbooks/a.md": page + body})
    start = time.perf_counter()
    pages, problems = wiki_problems(tmp_path)
    assert time.perf_counter() - start < 1
    if problem is None:
        assert (pages, problems) == (["playbooks/a.md"], [])
    else:
        assert (pages, problems) == ([], [problem])
