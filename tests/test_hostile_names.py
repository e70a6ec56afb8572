"""Hostile names and addresses (issue 16, sections 5 and 6): what a file name, a tag or a field can make the
build, the scripts, the review reminder and the local server do. Every class with inputs of its own."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import linkcheck
import new_page
import pytest
import serve_site
from gitrepo import GitRepo, epoch
from learning_commons.addresses import reserved_address_problems
from learning_commons.content import page_from_text, scan_docs, url_collisions
from learning_commons.filenames import file_name_problem
from learning_commons.model import Kind, Page, Period, Wiki
from learning_commons.review import Review, code_span, review_markdown
from learning_commons.siteconfig import SiteConfig
from learning_commons.sitefolder import MARKER
from learning_commons.text import one_line
from learning_commons.vocabulary import Vocabulary, load_vocabulary, tag_name_problem
from sitebuild import PLAYBOOK, BuildResult, build_env, run_build, write_project

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 15)
HOME = "---\ntitle: Home\nsummary: The home page of the test wiki, long enough to pass.\n---\n\nWelcome.\n"
WORKSHOP = (
    "---\ntitle: A workshop\nsummary: A workshop overview long enough to pass the check.\ntags: [workshop]\n"
    "audience: Everyone\nduration: 30\nagenda:\n  - {item: Practise, minutes: 30}\n---\n\nBody.\n"
)
HANGUL_FILLER, BRAILLE_BLANK, SOFT_HYPHEN, ZERO_WIDTH = "\u3164", "\u2800", "\u00ad", "\u200b"
CLASH = (
    "this file would be published at {here}, which clashes with {there} that the wiki generates "
    "(one would replace the other, or the build would stop) — rename or move the file"
)


def playbook(title: str) -> str:
    return PLAYBOOK.format(title=title)


# -- 5.1 reserved addresses, compared as published -------------------------------------------------------

RESERVED = {
    "recent.md": ("/recent/", "/recent/"),
    "tags.md": ("/tags/", "/tags/"),
    "contributors.md": ("/contributors/", "/contributors/"),
    "review.md": ("/review/", "/review/"),
    "tags/retrospective.md": ("/tags/retrospective/", "/tags/retrospective/"),
    "workshops/kit/print/index.md": ("/workshops/kit/print/", "/workshops/kit/print/"),
    "workshops/kit/print.md": ("/workshops/kit/print/", "/workshops/kit/print/"),
    "lessons/actions/index.md": ("/lessons/actions/", "/lessons/actions/"),
    "feed.xml.md": ("/feed.xml/", "/feed.xml"),  # a folder where the generated feed is a file
    "recent/feed.xml/index.md": ("/recent/feed.xml/", "/recent/feed.xml"),
    "Tags/Feedback.md": ("/Tags/Feedback/", "/tags/feedback/"),  # one folder on macOS and Windows
}
RESERVED_STATIC = {
    "feed.xml": ("/feed.xml", "/feed.xml"),
    "sitemap.xml": ("/sitemap.xml", "/sitemap.xml"),
    "tags/feedback/feed.xml": ("/tags/feedback/feed.xml", "/tags/feedback/feed.xml"),
    "review": ("/review", "/review/"),  # a file where the review page needs a folder
}


@pytest.fixture(scope="module")
def reserved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult, BuildResult]:
    root = tmp_path_factory.mktemp("reserved")
    pages: dict[str, str | bytes] = {
        "index.md": HOME,
        "playbooks/a.md": playbook("Alpha"),
        "playbooks/b.md": PLAYBOOK.replace("[retrospective]", "[feedback]").format(title="Beta"),
        "workshops/kit/index.md": WORKSHOP,
        "tags/not-a-tag.md": playbook("A page where no tag page goes"),  # allowed: no tag of that name
    }
    pages |= {src: playbook(f"Reserved {number}") for number, src in enumerate(RESERVED)}
    pages |= {src: "<x/>\n" for src in RESERVED_STATIC}
    config = write_project(root, pages, commons={"history": False})
    return config, run_build(config), run_build(config, strict=False, site_dir=root / "preview")


def expected_clashes() -> list[str]:
    lines = [
        f"ERROR   -  docs/{src}: " + CLASH.format(here=here, there=there)
        for src, (here, there) in {**RESERVED, **RESERVED_STATIC}.items()
    ]
    return sorted(lines)


def test_reserved_addresses_fail_the_strict_build_with_one_error_each(
    reserved: tuple[Path, BuildResult, BuildResult],
) -> None:
    _, strict, _ = reserved
    assert strict.returncode == 1
    assert sorted(line for line in strict.warnings if "clashes with" in line) == expected_clashes()
    assert "docs/tags/not-a-tag.md" not in strict.log
    assert "Traceback" not in strict.log


def test_make_check_reports_the_same_reserved_addresses(
    reserved: tuple[Path, BuildResult, BuildResult],
) -> None:
    config, _, _ = reserved
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check.py"), "--config", str(config)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env=build_env(),
        check=False,
    )
    assert proc.returncode == 1
    found = sorted("ERROR   -  " + line for line in proc.stdout.splitlines() if "clashes with" in line)
    assert found == expected_clashes()


def test_a_preview_keeps_the_generated_pages_and_never_crashes(
    reserved: tuple[Path, BuildResult, BuildResult],
) -> None:
    _, _, preview = reserved
    assert preview.returncode == 0, preview.log
    assert "Traceback" not in preview.log and "FileExistsError" not in preview.log
    assert preview.read("feed.xml").startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed')
    assert "Reserved" not in preview.read("tags/index.html").split('<nav class="md-nav')[0]
    assert "<title>Tags - Learning Commons</title>" in preview.read("tags/index.html")
    assert "printable kit" in preview.read("workshops/kit/print/index.html")


@pytest.mark.parametrize(
    ("pages", "static", "generated", "clashing"),
    [
        (["a.md"], [], ["a/index.md"], ["a.md"]),
        (["a/b/index.md"], [], ["a/b.md"], ["a/b/index.md"]),
        (["x.json.md"], [], ["x.json"], ["x.json.md"]),
        ([], ["x.json/data.csv"], ["x.json"], ["x.json/data.csv"]),
        ([], ["q/r"], ["q/r/s.md"], ["q/r"]),
        (["caf\u00e9/index.md"], [], [unicodedata.normalize("NFD", "caf\u00e9.md")], ["caf\u00e9/index.md"]),
        (["a/b.md", "a.md"], ["a/c.css"], ["a/d.md"], []),  # a shared folder is no clash
    ],
)
def test_reserved_addresses_of_any_shape(
    pages: list[str], static: list[str], generated: list[str], clashing: list[str]
) -> None:
    wiki = Wiki(pages={src: Page(src, f"docs/{src}", Kind.PAGE, "T", "S") for src in pages}, static=static)
    problems = reserved_address_problems(wiki, generated)
    assert list(problems) == clashing
    assert [problem.path for problem in problems.values()] == [f"docs/{src}" for src in clashing]


# -- 5.2 every generated link percent-encoded ---------------------------------------------------------------

ODD_NAMES = ["c#-tips", "what?", "100%", "two words", "caf\u00e9", "a&b", "semi;colon", "plus+sign"]


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("odd")
    repo = GitRepo(root)
    section = "---\ntitle: Playbooks\nsummary: Every playbook, listed here once the section is large.\n---\n"
    pages: dict[str, str | bytes] = {
        "index.md": HOME,
        "workshops/kit #1/index.md": WORKSHOP,
        "playbooks/index.md": section,
    }
    for number, name in enumerate(ODD_NAMES):
        # Each links to the next, so backlinks and related pages link to odd names too.
        following = ODD_NAMES[(number + 1) % len(ODD_NAMES)].replace("%", "%25").replace(" ", "%20")
        following = following.replace("#", "%23").replace("?", "%3F")
        body = playbook(f"Odd {number}") + f"\nSee [the next one]({following}.md).\n"
        pages[f"playbooks/{name}.md"] = body
    # A section larger than the limit lists its pages on its index page.
    config = write_project(
        root, pages, site_url="https://wiki.example/odd/", commons={"nav_section_limit": 3}
    )
    repo.commit("Odd names")
    git = {key: value for key, value in repo.env.items() if key.startswith("GIT_")}
    # "Now" a week after the commit: every page is in recently learned and its feeds.
    return run_build(config, env=build_env(SOURCE_DATE_EPOCH=str(epoch("2026-01-12T00:00:00Z")), **git))


def _hrefs(html: str) -> list[str]:
    return [unescape_attr(match) for match in re.findall(r'\shref="([^"]*)"', html)]


def unescape_attr(value: str) -> str:
    return value.replace("&amp;", "&").replace("&quot;", '"').replace("&#x27;", "'").replace("&lt;", "<")


def _published(site: Path, url_path: str) -> bool:
    target = site / unquote(url_path.removeprefix("/odd/").lstrip("/"))  # 404.html links from the site's path
    return target.is_file() or (target / "index.html").is_file()


def test_every_link_between_pages_reaches_a_page(odd_site: BuildResult) -> None:
    assert odd_site.returncode == 0, odd_site.log
    broken = []
    for page in sorted(odd_site.site_dir.rglob("*.html")):
        here = "/" + quote(page.relative_to(odd_site.site_dir).as_posix())
        for href in _hrefs(page.read_text(encoding="utf-8")):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if not _published(odd_site.site_dir, urlsplit(urljoin(here, href)).path):
                broken.append(f"{here}: {href}")
    assert broken == []
    tag_page = odd_site.read("tags/retrospective/index.html")
    assert 'href="../../playbooks/c%23-tips/"' in tag_page and 'href="../../playbooks/what%3F/"' in tag_page


def test_feeds_link_to_published_pages(odd_site: BuildResult) -> None:
    assert 'href="../playbooks/c%23-tips/"' in odd_site.read("recent/index.html")
    assert 'href="c%23-tips/"' in odd_site.read("playbooks/index.html")  # the section's own listing
    for feed in ("feed.xml", "recent/feed.xml", "tags/retrospective/feed.xml", "tags/workshop/feed.xml"):
        links = re.findall(r'<link rel="alternate" type="text/html" href="([^"]*)"/>', odd_site.read(feed))
        assert len(links) >= 2
        for link in links:
            assert link.startswith("https://wiki.example/odd/"), link
            assert not set(link) & set(" #?") and not re.search("%(?![0-9A-F]{2})", link), link
            assert _published(odd_site.site_dir, link.removeprefix("https://wiki.example/odd")), link


def test_the_link_checker_names_the_file_behind_an_odd_address(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name in ("what?.md", "what.md", "c#-tips.md", "c.md"):
        (docs / "playbooks" / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / "playbooks" / name).write_text("x\n", encoding="utf-8")
    assert linkcheck.source_file("playbooks/what%3F/", docs) == docs / "playbooks/what?.md"
    assert linkcheck.source_file("playbooks/c%23-tips/", docs) == docs / "playbooks/c#-tips.md"


def test_the_link_checker_says_when_a_broken_link_is_not_in_the_markdown(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "playbooks").mkdir(parents=True)
    (docs / "playbooks" / "a.md").write_text("---\ntitle: A\n---\n\nNo links here.\n", encoding="utf-8")
    site = SiteConfig(tmp_path / "mkdocs.yml", docs, "https://wiki.example/", "Wiki", None)
    problem = linkcheck.Problem("playbooks/a/", "../zzz-gone/", "playbooks/zzz-gone/", "", "404", False)
    report = list(linkcheck.describe([problem], site))
    assert report[0] == "docs/playbooks/a.md: broken link '../zzz-gone/'"
    assert (
        report[2]
        == "    written   by the wiki around the page (header, footer or listing), not in its Markdown"
    )


# -- 5.3 names that look blank, decomposed names, names that are not UTF-8 -----------------------------------


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    path = tmp_path_factory.mktemp("vocabulary") / "tags.yml"
    path.write_text("retrospective:\n  description: Looking back.\n", encoding="utf-8")
    return load_vocabulary(path, "docs/tags.yml")[0]


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        (HANGUL_FILLER, "U+3164"),
        (BRAILLE_BLANK * 3, "U+2800"),
        (SOFT_HYPHEN, "U+00AD"),
        (HANGUL_FILLER + " " + "\uffa0", "U+0020, U+3164, U+FFA0"),
        ("\u115f\u1160", "U+115F, U+1160"),
    ],
)
def test_blank_looking_tag_names_and_aliases_are_refused(name: str, codes: str) -> None:
    assert (
        tag_name_problem(name)
        == f"the tag name looks blank: it holds only invisible or space-like characters ({codes})"
    )
    assert (
        tag_name_problem(name, "alias")
        == f"the alias looks blank: it holds only invisible or space-like characters ({codes})"
    )


def test_decomposed_tag_names_are_refused_and_composed_ones_kept() -> None:
    decomposed = unicodedata.normalize("NFD", "caf\u00e9")
    assert tag_name_problem(decomposed) == (
        "the tag name 'cafe\u0301' spells a letter with a combining mark (Unicode NFD): it looks like the same "
        "name typed with one character but is not"
    )
    assert tag_name_problem("caf\u00e9") is None


def test_a_decomposed_twin_in_the_vocabulary_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "tags.yml"
    nfc, nfd = "caf\u00e9", unicodedata.normalize("NFD", "caf\u00e9")
    path.write_text(f"{nfc}:\n  description: One.\n{nfd}:\n  description: Two.\n", encoding="utf-8")
    vocabulary, problems = load_vocabulary(path, "docs/tags.yml")
    assert list(vocabulary.tags) == [nfc]
    assert [(problem.line, "combining mark" in problem.message) for problem in problems] == [(3, True)]


@pytest.mark.parametrize("field", ["title", "summary", "owner"])
@pytest.mark.parametrize(
    "value", [HANGUL_FILLER * 12, BRAILLE_BLANK * 40, SOFT_HYPHEN * 5, ZERO_WIDTH + SOFT_HYPHEN]
)
def test_blank_looking_fields_are_refused(vocabulary: Vocabulary, field: str, value: str) -> None:
    values = {
        "title": "A real title",
        "summary": "A real summary that is long enough to pass.",
        "owner": "Ada",
    }
    values[field] = value
    text = (
        f'---\ntitle: "{values["title"]}"\nsummary: "{values["summary"]}"\ntags: [retrospective]\n'
        f'owner: "{values["owner"]}"\n---\n\nBody.\n'
    )
    _, problems = page_from_text("playbooks/x.md", "docs/playbooks/x.md", text, vocabulary, TODAY)
    line = {"title": 2, "summary": 3, "owner": 5}[field]
    blank = [str(problem) for problem in problems if "looks blank" in problem.message]
    assert len(blank) == 1 and blank[0].startswith(f"docs/playbooks/x.md:{line}: '{field}' looks blank: ")
    assert blank[0].endswith(" — write it with letters a reader can see")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (os.fsdecode(b"caf\xe9.md"), "the file name is not valid UTF-8 (byte 0xe9)"),
        ("tab\there.md", "the file name contains control or invisible characters (U+0009)"),
        ("new\nline.md", "the file name contains control or invisible characters (U+000A)"),
        ("zero\u200bwidth.md", "the file name contains control or invisible characters (U+200B)"),
        ("\u202egnp.md", "the file name contains control or invisible characters (U+202E)"),
        (
            HANGUL_FILLER + ".md",
            "the file name looks blank: it holds only invisible or space-like characters (U+3164)",
        ),
        (
            BRAILLE_BLANK,
            "the file name looks blank: it holds only invisible or space-like characters (U+2800)",
        ),
    ],
)
def test_unusable_file_names_are_refused(name: str, message: str) -> None:
    problem = file_name_problem(name)
    assert problem is not None and problem[0] == message


@pytest.mark.parametrize(
    "name", ["c#-tips.md", "what?.md", "100%.md", "two words.md", "caf\u00e9.md", "日本.md"]
)
def test_names_links_can_carry_are_fine(name: str) -> None:
    assert file_name_problem(name) is None


def test_composed_and_decomposed_twins_are_one_address() -> None:
    nfc, nfd = "lessons/caf\u00e9.md", unicodedata.normalize("NFD", "lessons/caf\u00e9.md")
    problems = url_collisions(sorted([nfc, nfd]), "docs")
    assert len(problems) == 1 and "would both be published at /lessons/caf" in problems[0].message


def test_a_folder_with_an_unusable_name_is_refused_with_all_it_holds(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    bad = docs / os.fsdecode(b"lessons-\xff")
    bad.mkdir(parents=True)
    (bad / "inner.md").write_text("x\n", encoding="utf-8")
    (docs / "good.md").write_text("x\n", encoding="utf-8")
    scan = scan_docs(docs, "docs")
    assert scan.pages == ["good.md"]
    assert [str(problem) for problem in scan.problems] == [
        "docs/lessons-\\xff: the file name is not valid UTF-8 (byte 0xff) — rename it with a tool that writes UTF-8 names"
    ]
    assert scan.refused == {bad.name}


def test_a_committed_file_name_that_is_not_utf8_fails_the_build_cleanly(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "wiki")
    config = write_project(repo.root, {"index.md": HOME, "playbooks/good.md": playbook("Good")})
    (repo.root / "docs" / "playbooks" / os.fsdecode(b"caf\xe9.md")).write_bytes(playbook("Latin").encode())
    (repo.root / "docs" / "playbooks" / "tab\there.md").write_text(playbook("Tab"), encoding="utf-8")
    repo.commit("Pages with odd names")
    env = build_env(**{key: value for key, value in repo.env.items() if key.startswith(("GIT_", "HOME"))})
    strict = run_build(config, env=env)
    assert strict.returncode == 1
    assert strict.warnings == [
        "ERROR   -  docs/playbooks/caf\\xe9.md: the file name is not valid UTF-8 (byte 0xe9) — rename it with a "
        "tool that writes UTF-8 names",
        "ERROR   -  docs/playbooks/tab\\u0009here.md: the file name contains control or invisible characters "
        "(U+0009) — rename it with letters, digits and hyphens",
    ]
    assert "Traceback" not in strict.log and "UnicodeEncodeError" not in strict.log
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check.py"), "--config", str(config)],
        cwd=repo.root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert check.returncode == 1
    assert ["ERROR   -  " + line for line in check.stdout.splitlines()] == strict.warnings
    preview = run_build(config, env=env, strict=False, site_dir=tmp_path / "preview")
    assert preview.returncode == 0 and "Traceback" not in preview.log
    assert (preview.site_dir / "playbooks" / "good" / "index.html").is_file()
    assert sorted(os.listdir(preview.site_dir / "playbooks")) == ["good"]


# -- 6.1 nothing deleted or overwritten that a script did not write -------------------------------------------


@pytest.fixture
def small_wiki(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "wiki", {"index.md": HOME, "playbooks/a.md": playbook("Alpha")}, commons={"history": False}
    )


def _belongings(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "thesis.txt").write_text("years of work\n", encoding="utf-8")
    return folder / "thesis.txt"


def test_a_build_refuses_a_folder_it_did_not_build(small_wiki: Path, tmp_path: Path) -> None:
    kept = _belongings(tmp_path / "mine")
    result = run_build(small_wiki, site_dir=tmp_path / "mine")
    assert result.returncode == 1
    assert (
        f"refusing to build into {tmp_path / 'mine'}: it is not empty and not a previous build of this wiki "
        "(1 entries such as 'thesis.txt'), and building would delete what it holds — give a new or empty "
        "folder, or delete it yourself"
    ) in result.log
    assert kept.read_text(encoding="utf-8") == "years of work\n"
    assert sorted(path.name for path in (tmp_path / "mine").iterdir()) == ["thesis.txt"]


def test_a_build_rebuilds_its_own_folder_and_refuses_another_wikis(small_wiki: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run_build(small_wiki, site_dir=site).returncode == 0
    assert (site / MARKER).read_text(encoding="utf-8") == "a Learning Commons build of 'Learning Commons'\n"
    (site / "stale.html").write_text("old\n", encoding="utf-8")
    assert run_build(small_wiki, site_dir=site).returncode == 0
    assert not (site / "stale.html").exists()  # a build of this wiki is cleaned as before
    other = write_project(
        tmp_path / "other", {"index.md": HOME}, commons={"history": False}, site_name="Other"
    )
    refused = run_build(other, site_dir=site)
    assert refused.returncode == 1
    assert (
        "not a previous build of this wiki (the marker says: a Learning Commons build of 'Learning Commons')"
        in refused.log
    )
    assert (site / "playbooks" / "a" / "index.html").is_file()


def test_linkcheck_refuses_a_site_dir_it_did_not_build(
    small_wiki: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = _belongings(tmp_path / "docs-i-need")
    assert linkcheck.main(["-f", str(small_wiki), "--site-dir", str(tmp_path / "docs-i-need")]) == 2
    assert "refusing to build into" in capsys.readouterr().err
    assert kept.is_file() and sorted(p.name for p in kept.parent.iterdir()) == ["thesis.txt"]


def test_make_clean_removes_only_a_marked_build(small_wiki: Path, tmp_path: Path) -> None:
    make = shutil.which("make")
    assert make, "make clean is what the test runs: `make test` needs make anyway"
    kept = _belongings(tmp_path / "mine")
    assert run_build(small_wiki, site_dir=tmp_path / "built").returncode == 0
    for folder in ("mine", "built"):
        proc = subprocess.run(
            [make, "-s", "-f", str(ROOT / "Makefile"), "clean", f"SITE_DIR={folder}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
    assert kept.is_file() and not (tmp_path / "built").exists()


def test_new_page_never_writes_through_a_symbolic_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_project(tmp_path / "wiki", {"index.md": HOME}, commons={"history": False})
    outside = tmp_path / "outside"
    outside.mkdir()
    (config.parent / "docs" / "lessons").symlink_to(outside, target_is_directory=True)
    code = new_page.main(
        ["lesson", "What we learned", "--tags", "retro", "--config", str(config), "--owner", "Ada"]
    )
    assert code == 1
    assert "is a symbolic link — new pages are never written through one" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


# -- 6.2 the review reminder's issue body -------------------------------------------------------------------

HOSTILE_TITLE = (
    "Ping @acme/everyone re #12 ![t](https://evil.example/t.png) [x](https://evil.example) <img src=x> `a``b`"
)


def _outside_code_spans(markdown: str) -> str:
    """The Markdown with every code span (CommonMark: equal runs of backticks) taken out."""
    out, index = [], 0
    while index < len(markdown):
        if markdown[index] == "`":
            run = re.match("`+", markdown[index:])[0]  # type: ignore[index]
            close = re.compile(f"(?<!`){run}(?!`)").search(markdown, index + len(run))
            if close:
                index = close.end()
                continue
        out.append(markdown[index])
        index += 1
    return "".join(out)


def test_the_review_issue_body_neutralises_everything_from_front_matter() -> None:
    page = Page(
        "playbooks/x`y.md",
        "docs/playbooks/x`y.md",
        Kind.PLAYBOOK,
        HOSTILE_TITLE,
        "S",
        owner="@acme/admins\n## Forged heading",
    )
    review = Review(page, dt.date(2025, 1, 1), Period(1, "years"), dt.date(2025, 6, 1), True)
    body = review_markdown([review], TODAY, 30, "https://wiki.example/")
    outside = _outside_code_spans(body)
    assert "@" not in outside and "<" not in outside and "![" not in outside and "#12" not in outside
    assert "evil.example" not in outside and "Forged" not in outside
    assert "](https://wiki.example/playbooks/x%60y/)" in outside  # the one link the workflow writes
    assert body.count("\n") == 4  # the first line, a blank line, the heading, the one item: nothing injected


@pytest.mark.parametrize("text", ["plain", "a`b", "``x``", "`", "line\nbreak", "ends with `"])
def test_code_spans_hold_any_text(text: str) -> None:
    span = code_span(text)
    assert _outside_code_spans(span) == ""
    fence = re.match("`+", span)[0]  # type: ignore[index]
    inner = span[len(fence) : -len(fence)]
    if inner.startswith(" ") and inner.endswith(" "):  # CommonMark drops one space on each side
        inner = inner[1:-1]
    assert inner == " ".join(text.split())


def test_the_workflow_only_finds_the_issue_it_labelled_and_marked() -> None:
    workflow = (ROOT / ".github" / "workflows" / "review-reminder.yml").read_text(encoding="utf-8")
    assert 'gh issue list --state open --limit 100 --label "$ISSUE_LABEL"' in workflow
    assert "select(.body | startswith($m))" in workflow
    assert 'gh issue create --title "$ISSUE_TITLE" --label "$ISSUE_LABEL" --body-file body.md' in workflow
    assert "in:title" not in workflow


# -- 6.3 no forged workflow commands in CI logs -------------------------------------------------------------

FORGED = "x\n::error file=docs/index.md,line=1::forged\r\n::warning::forged"


def test_one_line_keeps_every_value_on_its_line() -> None:
    assert (
        one_line(FORGED) == "x\\u000a::error file=docs/index.md,line=1::forged\\u000d\\u000a::warning::forged"
    )
    assert one_line("a\u2028b\x85c\x0bd") == "a\\u2028b\\u0085c\\u000bd"
    assert one_line("plain") == "plain"


def _forged_lines(log: str) -> list[str]:
    """Lines GitHub would run as the commands the values hold (ours name the page or tags.yml as file=)."""
    forged = ("::error file=docs/index.md", "::warning::forged")
    return [line for line in log.splitlines() if line.lstrip().startswith(forged)]


def test_values_with_newlines_cannot_forge_workflow_commands(tmp_path: Path) -> None:
    forged_yaml = FORGED.replace("\n", "\\n").replace("\r", "\\r")
    page = (
        f'---\ntitle: "A title{forged_yaml}"\nsummary: A page whose fields try to forge CI commands.\n'
        f'tags: [retrospective, "nope{forged_yaml}"]\nowner: "Ada{forged_yaml}"\n---\n\nBody.\n'
    )
    tags = (
        'retrospective:\n  description: "Looking back'
        + forged_yaml
        + '"\n  aliases: ["r'
        + forged_yaml
        + '"]\n'
    )
    config = write_project(
        tmp_path, {"index.md": HOME, "playbooks/x.md": page}, tags=tags, commons={"history": False}
    )
    build = run_build(config)
    assert build.returncode == 1 and build.warnings
    assert _forged_lines(build.log) == []
    for fmt in ("text", "github"):
        proc = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "check.py"), "--config", str(config), "--format", fmt],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=build_env(),
            check=False,
        )
        assert proc.returncode == 1
        assert _forged_lines(proc.stdout + proc.stderr) == []
        assert len(proc.stdout.splitlines()) >= 4


# -- 6.4 the local server never sends a header it did not mean to --------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[serve_site.SiteServer]:
    site = tmp_path_factory.mktemp("served")
    (site / "index.html").write_text("home\n", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "index.html").write_text("assets\n", encoding="utf-8")
    (site.parent / "secret.txt").write_text("secret\n", encoding="utf-8")
    with serve_site.serving(site, "/wiki/") as running:
        yield running


def _raw_get(server: serve_site.SiteServer, path: str) -> tuple[int, dict[str, str]]:
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(head[0].split()[1]), headers


@pytest.mark.parametrize(
    "path",
    [
        "/wiki/assets%0D%0AX-Forged:%20yes",
        "/wiki/assets%0AX-Forged:%20yes",
        "/wiki/assets%0D%0A%0D%0A<script>x</script>",
        "/wiki/%00assets",
    ],
)
def test_control_characters_in_the_path_are_a_bad_request(server: serve_site.SiteServer, path: str) -> None:
    status, headers = _raw_get(server, path)
    assert status == 400
    assert "x-forged" not in headers and "location" not in headers


@pytest.mark.parametrize(
    "path",
    [
        "/wiki/../secret.txt",
        "/wiki/%2E%2E/secret.txt",
        "/wiki/assets/..%2F..%2Fsecret.txt",
        "/wiki/a/../../secret.txt",
    ],
)
def test_dot_dot_is_not_found(server: serve_site.SiteServer, path: str) -> None:
    status, headers = _raw_get(server, path)
    assert status == 404 and "location" not in headers


@pytest.mark.parametrize("path", ["/wiki//assets", "/wiki/%2F%2Fassets", "/wiki/%2Fassets", "/wiki/./assets"])
def test_redirects_stay_on_the_site(server: serve_site.SiteServer, path: str) -> None:
    status, headers = _raw_get(server, path)
    assert status == 301
    assert headers["location"] == "/wiki/assets/"


def test_a_folder_redirect_is_percent_encoded(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("home\n", encoding="utf-8")
    (tmp_path / "two words?").mkdir()
    with serve_site.serving(tmp_path, "/") as running:
        status, headers = _raw_get(running, "/two%20words%3F")
    assert status == 301 and headers["location"] == "/two%20words%3F/"
