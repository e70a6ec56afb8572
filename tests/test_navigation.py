"""Navigation: the top-level order, previous/next links, and large sections listed on their index page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from learning_commons.model import INDEX_NAMES, Kind, Page, index_page
from learning_commons.preview import NavEntry, NavKeys, nav_keys
from learning_commons.sections import large_sections, section_entries
from sitebuild import PLAYBOOK, BuildResult, run_build, write_project

INDEX = "---\ntitle: {title}\nsummary: The index page of a section, used by the navigation tests.\n---\n\nIntro.\n"


def page(src_uri: str, title: str) -> Page:
    return Page(src_uri=src_uri, path=f"docs/{src_uri}", kind=Kind.PLAYBOOK, title=title, summary="S.")


def test_section_entries_count_pages_and_subfolder_indexes() -> None:
    pages = {
        src: page(src, src)
        for src in (
            "index.md",
            "playbooks/index.md",
            "playbooks/a.md",
            "workshops/index.md",
            "workshops/w1/index.md",
            "workshops/w1/handout.md",
            "workshops/w2/index.md",
        )
    }
    entries = {folder: sorted(p.src_uri for p in found) for folder, found in section_entries(pages).items()}
    assert entries == {
        "": ["playbooks/index.md", "workshops/index.md"],
        "playbooks": ["playbooks/a.md"],
        "workshops": ["workshops/w1/index.md", "workshops/w2/index.md"],
        "workshops/w1": ["workshops/w1/handout.md"],
    }
    assert list(large_sections(pages, 1)) == ["workshops"]  # the site root never collapses


def test_a_folder_index_is_index_md_or_else_readme_md_as_for_mkdocs() -> None:
    pages = {
        src: page(src, src)
        for src in (
            "README.md",
            "playbooks/README.md",
            "playbooks/a.md",
            "playbooks/readme.md",  # lower case: a page like any other for MkDocs
            "lessons/index.md",
            "lessons/README.md",  # beside index.md: MkDocs leaves it out
            "lessons/b.md",
            "workshops/w1/README.md",
            "workshops/w1/handout.md",
        )
    }
    entries = {folder: sorted(p.src_uri for p in found) for folder, found in section_entries(pages).items()}
    assert entries == {
        "": ["lessons/index.md", "playbooks/README.md"],
        "playbooks": ["playbooks/a.md", "playbooks/readme.md"],
        "lessons": ["lessons/b.md"],
        "workshops": ["workshops/w1/README.md"],
        "workshops/w1": ["workshops/w1/handout.md"],
    }
    assert [index_page(folder, pages) for folder in ("", "playbooks", "lessons", "about")] == [
        "README.md",
        "playbooks/README.md",
        "lessons/index.md",
        None,
    ]


@pytest.fixture(scope="module", params=INDEX_NAMES)
def index_named(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The same large section whatever its folders' index pages are named (home page included)."""
    name = request.param
    pages = {
        name: INDEX.format(title="Home").replace("title: Home\n", "title: Home\ntemplate: home.html\n"),
        f"about/{name}": INDEX.format(title="About"),
        f"lessons/{name}": INDEX.format(title="Lessons"),
        f"playbooks/{name}": INDEX.format(title="Playbooks"),
        **{f"playbooks/{n}.md": PLAYBOOK.format(title=n.title()) for n in ("alpha", "beta", "gamma")},
    }
    return built(tmp_path_factory.mktemp("index-named"), pages, nav_section_limit=2)


def test_a_large_section_is_listed_on_its_index_page_whatever_mkdocs_takes_as_one(
    index_named: BuildResult,
) -> None:
    playbook = index_named.read("playbooks/beta/index.html")
    assert "../alpha/" not in nav_links(playbook) and "../gamma/" not in nav_links(playbook)
    listing = index_named.read("playbooks/index.html").split('id="all-pages"', 1)[1]
    assert "All 3 pages in this section" in listing
    assert re.findall(r'<li><a href="([^"]+)"', listing) == ["alpha/", "beta/", "gamma/"]
    home = index_named.read("index.html")
    assert 'class="lc-entries"' in home  # the home page is built as the home page
    tabs = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*<', home)
    assert tabs == ["Home", "Playbooks", "Lessons", "Recent", "Tags", "About"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("nav")
    pages = {
        "index.md": INDEX.format(title="Home"),
        "about/index.md": INDEX.format(title="About"),
        "lessons/index.md": INDEX.format(title="Lessons"),
        "playbooks/index.md": INDEX.format(title="Playbooks"),
        **{
            f"playbooks/{name}.md": PLAYBOOK.format(title=name.title()) for name in ("alpha", "beta", "gamma")
        },
    }
    return built(root, pages, nav_section_limit=2)


def built(root: Path, pages: dict[str, str], **commons: object) -> BuildResult:
    """A strict build of ``pages`` with git history off and ``commons`` settings."""
    result = run_build(write_project(root, pages, commons={"history": False, **commons}))
    assert result.returncode == 0, result.log
    return result


def nav_links(html: str) -> list[str]:
    sidebar = html.split("md-nav--primary", 1)[1].split('class="md-content"', 1)[0]
    return re.findall(r'<a href="([^"]*)" class="md-nav__link', sidebar)


def test_tabs_follow_the_wiki_order_not_the_alphabet(site: BuildResult) -> None:
    tabs = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*<', site.read("index.html"))
    assert tabs == ["Home", "Playbooks", "Lessons", "Recent", "Tags", "About"]


def test_a_large_section_leaves_the_sidebar_and_its_index_lists_every_page(site: BuildResult) -> None:
    playbook = site.read("playbooks/beta/index.html")
    assert "../alpha/" not in nav_links(playbook) and "../gamma/" not in nav_links(playbook)
    index = site.read("playbooks/index.html")
    listing = index.split('id="all-pages"', 1)[1]
    assert "All 3 pages in this section" in listing
    assert [href for href in re.findall(r'<li><a href="([^"]+)"', listing)] == ["alpha/", "beta/", "gamma/"]


def test_previous_and_next_follow_the_navigation_shown(site: BuildResult) -> None:
    home = site.read("index.html")
    assert re.search(r'<link rel="next" href="playbooks/">', home)
    index = site.read("playbooks/index.html")
    assert re.search(r'<link rel="prev" href="\.\.">', index) and re.search(
        r'<link rel="next" href="\.\./lessons/">', index
    )
    beta = site.read("playbooks/beta/index.html")  # out of the navigation: no previous or next
    assert '<link rel="prev"' not in beta and '<link rel="next"' not in beta


def test_small_sections_keep_their_pages_in_the_sidebar(tmp_path: Path) -> None:
    pages = {
        "index.md": INDEX.format(title="Home"),
        "playbooks/alpha.md": PLAYBOOK.format(title="Alpha"),
        "playbooks/beta.md": PLAYBOOK.format(title="Beta"),
    }
    result = run_build(write_project(tmp_path, pages, commons={"history": False}))
    assert result.returncode == 0, result.log
    assert "../alpha/" in nav_links(result.read("playbooks/beta/index.html"))
    assert "All 2 pages" not in result.read("playbooks/beta/index.html")


# -- a wiki organized for readers ----------------------------------------------------------------------

WORKSHOP = """\
---
title: Feedback in practice
summary: A workshop of the navigation tests, whose parts the sidebar lists in the guide's order.
tags: [retrospective]
duration: 30
audience: Everyone
agenda:
  - item: Practice
    minutes: 30
---

Overview.
"""
PART = '---\ntitle: "{title}"\nsummary: A part of the navigation tests\' workshop, in the sidebar.\n---\n\nText.\n'
LESSON = """\
---
title: A lesson of the navigation tests
summary: A lesson, so that the wiki has action items and a lessons tab.
tags: [retrospective]
happened: 2026-01-05
actions:
  - what: Write it down
    owner: Ada
    status: open
    due: 2026-02-01
---

Text.
"""
READER_TABS = ["Home", "Playbooks", "Lessons", "Workshops", "Recent", "Tags", "About"]


@pytest.fixture(scope="module")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("reader-nav")
    pages = {
        "index.md": INDEX.format(title="Home"),
        "playbooks/index.md": INDEX.format(title="Playbooks"),
        "playbooks/alpha.md": PLAYBOOK.format(title="Alpha"),
        "lessons/index.md": INDEX.format(title="Lessons"),
        "lessons/one.md": LESSON,
        "workshops/index.md": INDEX.format(title="Workshops"),
        "workshops/fb/index.md": WORKSHOP,
        # Alphabetically: exercises, facilitator-guide, handout, warm-up; the guide's order differs.
        "workshops/fb/exercises.md": PART.format(title="Feedback in practice: exercises"),
        "workshops/fb/facilitator-guide.md": PART.format(title="Facilitator guide: Feedback in practice"),
        "workshops/fb/handout.md": PART.format(title="Handout – Feedback in practice"),
        "workshops/fb/warm-up.md": PART.format(title="Warm-up"),
        "about/index.md": INDEX.format(title="About"),
        "about/performance.md": INDEX.format(title="Build performance"),
        "about/quality.md": INDEX.format(title="Site quality"),
        "contributing/index.md": INDEX.format(title="Contributing"),
    }
    return built(root, pages)


def tabs(html: str) -> list[str]:
    return re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*<', html)


def active_tab(html: str) -> str:
    found = re.findall(r'md-tabs__item--active">\s*<a [^>]*class="md-tabs__link">\s*([^<]+?)\s*<', html)
    assert len(found) == 1, f"expected one active tab, found {found}"
    return found[0]


def sidebar_titles(html: str) -> list[str]:
    sidebar = html.split("md-nav--primary", 1)[1].split('class="md-content"', 1)[0]
    spans = re.findall(r'<span class="md-ellipsis">(.*?)</span>\s*(?:</span>)?', sidebar, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", span)).strip() for span in spans]


def test_the_top_tabs_are_the_readers_and_at_most_seven(wiki: BuildResult) -> None:
    assert tabs(wiki.read("index.html")) == READER_TABS
    assert len(READER_TABS) <= 7


@pytest.mark.parametrize(
    "url", ["contributing/", "review/", "contributors/", "pulse/", "about/performance/", "about/quality/"]
)
def test_maintainer_material_sits_under_about(url: str, wiki: BuildResult) -> None:
    html = wiki.read(url + "index.html")
    assert tabs(html) == READER_TABS and active_tab(html) == "About"


def test_about_lists_contributing_then_maintaining_this_wiki(wiki: BuildResult) -> None:
    html = wiki.read("review/index.html")
    assert nav_links(html)[-4:] == ["../contributing/", "./", "../about/performance/", "../about/quality/"]
    titles = sidebar_titles(html)
    assert titles[titles.index("About") :] == [
        "About",
        "Contributors",
        "Learning pulse",
        "Contributing",
        "Maintaining this wiki",
        "Build performance",
        "Site quality",
    ]  # the review queue is the section's own page (Material: its index page), then the reports


@pytest.mark.parametrize(
    ("url", "tab"),
    [
        ("tags/retrospective/", "Tags"),
        ("tags/", "Tags"),
        ("recent/", "Recent"),
        ("contributors/", "About"),
        ("lessons/actions/", "Lessons"),
        ("review/", "About"),
    ],
)
def test_generated_pages_keep_the_active_tab_and_a_sidebar(url: str, tab: str, wiki: BuildResult) -> None:
    html = wiki.read(url + "index.html")
    assert active_tab(html) == tab
    sidebar = html.split('class="md-sidebar md-sidebar--primary"', 1)[1].split('class="md-content"', 1)[0]
    assert "md-nav__item--active" in sidebar, f"{url} shows no place in the sidebar"


def test_workshop_parts_follow_the_guide_and_do_not_repeat_the_workshops_name(wiki: BuildResult) -> None:
    titles = [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in sidebar_titles(wiki.read("workshops/fb/handout/index.html"))
    ]
    start = titles.index("Feedback in practice")
    assert titles[start : start + 5] == [
        "Feedback in practice",  # the workshop's title, not its folder's name ("Fb")
        "Facilitator guide",
        "Exercises",
        "Warm-up",
        "Handout",
    ]
    handout = wiki.read("workshops/fb/handout/index.html").split('class="md-content"', 1)[1]
    assert re.search(r"<h1[^>]*>Handout – Feedback in practice", handout), "the page keeps its full title"


def test_the_404_page_helps_the_reader_on(wiki: BuildResult) -> None:
    html = wiki.read("404.html")
    content = html.split('class="md-content"', 1)[1]
    assert 'class="lc-404-path"' in content  # filled in with the address by assets/commons.js
    assert 'class="md-button md-button--primary lc-404-search"' in content, "a way into search"
    assert (
        'href="/learning-commons/recent/">Recently learned' in content
        or '/recent/">Recently learned' in content
    )
    sections = re.findall(r'<li><a href="[^"]*">([^<]+)</a></li>', content.split('id="sections"', 1)[1])
    assert sections == [*READER_TABS[1:], "Home page"]


# -- what each page shows of the others' navigation (the preview rebuilds a page when this changes) ----


def nav(playbooks: tuple[str, ...], lessons: tuple[str, ...]) -> tuple[NavEntry, ...]:
    """Home, then a Playbooks and a Lessons section of pages named by their titles."""

    def section(title: str, folder: str, titles: tuple[str, ...]) -> NavEntry:
        pages = tuple(NavEntry(name, f"{folder}/{name}.md", f"{folder}/{name}/") for name in titles)
        return NavEntry(title, children=pages)

    return (
        NavEntry("Home", "index.md", ""),
        section("Playbooks", "playbooks", playbooks),
        section("Lessons", "lessons", lessons),
    )


def changed(before: NavKeys, after: NavKeys) -> set[str]:
    return {src for src in before.pages.keys() & after.pages.keys() if before.pages[src] != after.pages[src]}


def test_a_title_changes_the_keys_of_its_section_and_its_neighbours_only() -> None:
    before = nav_keys(nav(("a", "b", "c"), ("x", "y", "z")))
    home, playbooks, lessons = nav(("a", "b", "c"), ("x", "y", "z"))
    first, *others = lessons.children
    retitled = (home, playbooks, replace(lessons, children=(replace(first, title="X!"), *others)))
    after = nav_keys(retitled)
    assert changed(before, after) == {"playbooks/c.md", "lessons/x.md", "lessons/y.md", "lessons/z.md"}
    assert before.outside == after.outside  # a page outside the nav shows only the tabs


def test_a_new_first_page_moves_a_tab_and_changes_every_key() -> None:
    before = nav_keys(nav(("b", "c"), ("x",)))
    after = nav_keys(nav(("a", "b", "c"), ("x",)))
    assert changed(before, after) == set(before.pages)
    assert before.outside != after.outside


def test_a_page_added_last_changes_its_section_and_its_new_neighbour() -> None:
    before = nav_keys(nav(("a", "b"), ("x", "y")))
    after = nav_keys(nav(("a", "b"), ("x", "y", "z")))
    assert changed(before, after) == {"lessons/x.md", "lessons/y.md"}
    assert set(after.pages) - set(before.pages) == {"lessons/z.md"}
