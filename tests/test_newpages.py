"""Writing a new page from the browser: links on the home page and each section index open GitHub's web
editor on a new file in the right folder, prefilled with the page type's template."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from learning_commons.model import INDEX_NAMES
from learning_commons.newpages import TAGS, TITLE, Repository, github_repository, new_page_url
from learning_commons.placeholders import front_matter_placeholders
from learning_commons.templates import NO_OWNER, fill, page_templates
from sitebuild import BuildResult, run_build, site_config, write_project

if TYPE_CHECKING:  # imported by pytest as a plugin below, so that its asserts are rewritten
    from browser import ServedSite, Tab

pytest_plugins = ["browser"]

TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "expected"),
    [
        (
            "https://github.com/org/wiki",
            "edit/main/docs/",
            Repository("https://github.com/org/wiki", "main", "docs/"),
        ),
        (
            "https://github.com/fork/wiki.git/",
            "/blob/trunk/site/docs",
            Repository("https://github.com/fork/wiki", "trunk", "site/docs/"),
        ),
        ("https://github.com/org/wiki", "edit/main/", Repository("https://github.com/org/wiki", "main", "")),
        ("https://gitlab.com/org/wiki", "edit/main/docs/", None),
        ("https://github.com/org", "edit/main/docs/", None),
        ("https://github.com/org/wiki", "docs/", None),
        ("", "", None),
    ],
)
def test_the_repository_comes_from_repo_url_and_edit_uri(
    repo_url: str, edit_uri: str, expected: Repository | None
) -> None:
    assert github_repository(repo_url, edit_uri) == expected


def opened(url: str) -> tuple[str, str, str]:
    """Where GitHub's editor opens (the folder URL), the file name it proposes, and the text it holds."""
    parts = urlsplit(url)
    query = parse_qs(parts.query, strict_parsing=True)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query["filename"][0], query["value"][0]


@pytest.mark.parametrize("page_type", ["lesson", "playbook", "workshop"])
def test_a_new_page_url_opens_the_section_folder_with_the_filled_template(page_type: str) -> None:
    fork = Repository("https://github.com/fork/wiki", "release/2026", "site docs/")
    folder, filename, text = opened(new_page_url(fork, page_type, TODAY))
    section = {"lesson": "lessons", "playbook": "playbooks", "workshop": "workshops"}[page_type]
    assert folder == f"https://github.com/fork/wiki/new/release%2F2026/site%20docs/{section}"
    assert filename.endswith(".md") and "/" not in filename.removesuffix("/index.md")
    template = page_templates(page_type).get("index.md") or page_templates(page_type)[f"{page_type}.md"]
    assert text == fill(template, title=TITLE, tags=TAGS, owner=NO_OWNER, today=TODAY)
    assert text.startswith("---\ntitle: ") and "{" + "title}" not in text


# -- built: the links are on the home page and the section indexes ----------------------------------

SECTION_INDEX = (
    "---\ntitle: {title}\nsummary: The index page of a section, used by the new page tests.\n---\n"
)
PAGES = {
    "index.md": "---\ntitle: Home\nsummary: The home page of the new page tests' wiki.\ntemplate: home.html\n---\n",
    "lessons/index.md": SECTION_INDEX.format(title="Lessons"),
    "playbooks/index.md": SECTION_INDEX.format(title="Playbooks"),
    "workshops/index.md": SECTION_INDEX.format(title="Workshops"),
}
LINK_RE = re.compile(r'<a class="md-button lc-new-page" href="([^"]+)">(Write a new (\w+))</a>')


@pytest.fixture(scope="module", params=INDEX_NAMES)
def fork_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The wiki on a fork, its home and section index pages named index.md, or README.md (as MkDocs
    takes a folder's README.md for its index page when it has no index.md)."""
    root = tmp_path_factory.mktemp("fork")
    config = write_project(
        root,
        {src.replace("index.md", request.param): text for src, text in PAGES.items()},
        repo_url="https://github.com/someone/their-wiki",
        edit_uri="edit/trunk/wiki/docs/",
        commons={"history": False},
    )
    built = run_build(config)
    assert built.returncode == 0, built.log
    return built


@pytest.mark.build
@pytest.mark.parametrize(
    ("page", "types"),
    [
        ("index.html", ["lesson", "playbook", "workshop"]),
        ("lessons/index.html", ["lesson"]),
        ("playbooks/index.html", ["playbook"]),
        ("workshops/index.html", ["workshop"]),
    ],
)
def test_home_and_section_indexes_link_to_a_new_page_in_the_fork(
    fork_site: BuildResult, page: str, types: list[str]
) -> None:
    links = LINK_RE.findall(fork_site.read(page))
    assert [page_type for _, _, page_type in links] == types
    for href, _, page_type in links:
        folder, _, text = opened(html.unescape(href))
        assert folder == f"https://github.com/someone/their-wiki/new/trunk/wiki/docs/{page_type}s"
        assert text.startswith("---\ntitle: ")


@pytest.mark.build
def test_a_wiki_not_on_github_keeps_the_guide_link(tmp_path: Path) -> None:
    config = write_project(
        tmp_path, PAGES, repo_url="https://gitlab.com/org/wiki", commons={"history": False}
    )
    built = run_build(config)
    assert built.returncode == 0, built.log
    assert not LINK_RE.search(built.read("index.html"))
    assert "Start a new page" in built.read("index.html")


def test_the_prefilled_page_is_refused_until_filled() -> None:
    """What the editor opens with cannot be published as it is: its TODO texts are placeholders."""
    from learning_commons.frontmatter import parse_yaml

    _, _, text = opened(new_page_url(Repository("https://github.com/o/r", "main", "docs/"), "lesson", TODAY))
    front = text.split("---\n")[1]
    problems = front_matter_placeholders(
        parse_yaml(front, "docs/lessons/x.md", first_line=2), "docs/lessons/x.md"
    )
    assert {problem.line for problem in problems} >= {2, 3}  # the title and the summary


# -- in the browser: the home page's call to action -------------------------------------------------


@pytest.mark.browser
def test_the_home_page_offers_to_write_each_type_of_page(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at(""))
    repository = github_repository(str(site_config()["repo_url"]), str(site_config()["edit_uri"]))
    assert repository is not None, "mkdocs.yml's repo_url and edit_uri name a GitHub branch"
    for page_type, section in (("lesson", "lessons"), ("playbook", "playbooks"), ("workshop", "workshops")):
        link = tab.page.get_by_role("link", name=f"Write a new {page_type}")
        assert link.is_visible()
        folder, _, text = opened(str(link.get_attribute("href")))
        assert folder == f"{repository.url}/new/{repository.branch}/{repository.docs_folder}{section}"
        assert text.startswith("---\ntitle: ")
