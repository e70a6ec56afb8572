"""The live preview tells the truth after every edit: `mkdocs serve` started the way `make serve` starts it,
on a throwaway wiki in git, watched in headless Chromium while a page's file changes on disk.

A preview that rebuilds only what changed (`--dirty`) must still name every page of the sidebar, the tabs
and previous/next by its front matter title, on the pages it rebuilt and on those it kept.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest
import yaml
from bench import ServeLog, mkdocs_serve
from gitrepo import GitRepo
from playwright.sync_api import Error as PlaywrightError
from sitebuild import DEFAULT_TAGS, PLAYBOOK, build_env, write_project

if TYPE_CHECKING:  # imported by pytest as a plugin below, so that its asserts are rewritten
    from browser import Tab

pytest_plugins = ["browser"]

START_TIMEOUT_S = 120.0
RELOAD_TIMEOUT_MS = 60_000

HOME = """\
---
title: Learning Commons
summary: The home page of the preview test's wiki, with a summary long enough to be valid.
template: home.html
hide: [navigation, toc]
---
"""
LESSON = """\
---
title: The retrospective that turned into a blame game
summary: What happened when a retrospective looked for a culprit, and what we changed afterwards.
tags: [retrospective]
happened: 2026-02-20
actions: []
---

What happened.
"""
PREVIEW_WIKI = {
    "index.md": HOME,
    "playbooks/feedback.md": PLAYBOOK.format(title="Give feedback that lands"),
    "playbooks/forum.md": PLAYBOOK.format(title="Host a forum & Q&A for < 20 people"),
    "playbooks/retro.md": PLAYBOOK.format(title="Run a retrospective"),
    "lessons/blame-game.md": LESSON,
}


@dataclass
class Preview:
    """A running `mkdocs serve` of a wiki in git: its URL, its log, and where its pages are on disk."""

    docs: Path
    url: str
    log: ServeLog

    def at(self, path: str = "") -> str:
        return self.url + path.lstrip("/")

    def titles(self) -> dict[str, str]:
        """Every page's title as its front matter says, by path below docs/ ('playbooks/retro.md')."""
        titles = {}
        for path in sorted(self.docs.rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if text.startswith("---\n") and not path.relative_to(self.docs).as_posix().startswith("_"):
                titles[path.relative_to(self.docs).as_posix()] = yaml.safe_load(text.split("---\n")[1])[
                    "title"
                ]
        return titles


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    """`mkdocs serve` started as `make serve` starts it, on a wiki in git."""
    repo = GitRepo(tmp_path / "repo", home=tmp_path / "home")
    config = write_project(repo.root, PREVIEW_WIKI)
    repo.commit("Start the wiki", date="2026-03-02T10:00:00Z")
    env = build_env(**{key: repo.env[key] for key in ("HOME", "GIT_CONFIG_NOSYSTEM")})
    with mkdocs_serve(config, repo.root, env, START_TIMEOUT_S) as (log, url):
        yield Preview(repo.root / "docs", url, log)


def texts(tab: Tab, selector: str) -> list[str]:
    return [" ".join(text.split()) for text in tab.page.locator(selector).all_inner_texts()]


def assert_navigation_true(tab: Tab, preview: Preview, section: str) -> None:
    """Tabs, sidebar and previous/next of the open page name pages as their front matter does."""
    titles = preview.titles()
    where = tab.page.url
    tabs = texts(tab, ".md-tabs__link")
    sidebar = texts(tab, ".md-nav--primary .md-nav__link .md-ellipsis")
    neighbours = texts(tab, ".md-footer__link .md-ellipsis")
    for name, shown in (("tabs", tabs), ("sidebar", sidebar), ("previous/next", neighbours)):
        assert "None" not in shown, f"{where}: the {name} read {shown}"
    assert tabs and tabs[0] == titles["index.md"], f"{where}: the first tab reads {tabs[:1]}"
    in_section = [title for path, title in titles.items() if path.startswith(section + "/")]
    missing = [title for title in in_section if title not in sidebar]
    assert not missing, f"{where}: the sidebar lacks {missing}; it reads {sidebar}"
    links = tab.page.locator(".md-footer__link")
    for href, shown in zip(links.evaluate_all("links => links.map(a => a.href)"), neighbours, strict=True):
        path = href.removeprefix(preview.url).split("#")[0]
        source = next((titles[p] for p in (path.rstrip("/") + ".md", path + "index.md") if p in titles), None)
        assert source in (None, shown), f"{where}: the link to {path} reads {shown!r}, not {source!r}"


@pytest.mark.browser
def test_the_preview_names_every_page_by_its_front_matter_after_an_edit(preview: Preview, tab: Tab) -> None:
    tab.goto(preview.at("playbooks/retro/"))
    assert_navigation_true(tab, preview, "playbooks")
    forum = preview.docs / "playbooks" / "forum.md"
    edited = forum.read_text(encoding="utf-8").replace(
        "title: Host a forum & Q&A for < 20 people", "title: Host an open forum & Q&A for < 30 people"
    )
    edit_at = time.perf_counter()
    with tab.page.expect_event("load", timeout=RELOAD_TIMEOUT_MS):  # the live reload of the open page
        forum.write_text(edited + "\nA sentence added while the preview runs.\n", encoding="utf-8")
    preview.log.wait_for(r"Reloading browsers", edit_at, RELOAD_TIMEOUT_MS / 1000)
    assert_navigation_true(tab, preview, "playbooks")  # the open page, which the edit did not touch
    tab.goto(preview.at("playbooks/forum/"))  # the edited page
    assert "A sentence added while the preview runs." in tab.page.locator("article").inner_text()
    assert_navigation_true(tab, preview, "playbooks")
    assert texts(tab, ".md-footer__link--prev .md-ellipsis")[-1:] == ["Give feedback that lands"]
    assert texts(tab, ".md-footer__link--next .md-ellipsis")[-1:] == ["Run a retrospective"]
    for path, section in (("lessons/blame-game/", "lessons"), ("tags/retrospective/", "tags"), ("", "")):
        tab.goto(preview.at(path))
        assert_navigation_true(tab, preview, section)
    tab.goto(preview.at("tags/retrospective/"))  # a generated page lists the edited page by its new title
    listed = tab.page.locator("article").get_by_role("link", name="Host an open forum & Q&A for < 30 people")
    assert listed.count() == 1, texts(tab, "article a")
    warnings = [line for _, line in preview.log.lines if line.lstrip().startswith(("WARNING", "ERROR"))]
    assert not warnings, "the preview printed warnings a writer would have to learn to ignore:\n" + "\n".join(
        warnings
    )


# -- every kind of edit: each rebuild of the preview equals a full build -----------------------------

SERVE_URL = "http://127.0.0.1:8000/learning-commons/"
PREVIEW_REBUILDS = """
import difflib, json, subprocess, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

serve_url, steps = sys.argv[1], json.loads(sys.argv[2])
report = {}


def lines(path):  # what a reader sees: the lines of HTML without the blank ones Jinja leaves
    if not path.exists():
        return ["(no file)"]
    text = path.read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith(PREVIEW_ONLY)]


# The preview's Content-Security-Policy also lets MkDocs' live-reload script run (csp.for_preview).
PREVIEW_ONLY = '<meta http-equiv="Content-Security-Policy"'


def differences(label):  # every HTML file of the preview against a full build of the same files
    clean, dirty, found = Path("full-" + str(len(report))), Path("preview"), []
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(clean)], check=True)
    names = {p.relative_to(site).as_posix() for site in (clean, dirty) for p in site.rglob("*.html")}
    for name in sorted(names):
        full, shown = lines(clean / name), lines(dirty / name)
        if full != shown:
            diff = difflib.unified_diff(full, shown, "full build", "preview", n=0, lineterm="")
            found.append(name + ":\\n" + "\\n".join(list(diff)[2:10]))
    return found


for number, (label, changes) in enumerate(steps):
    for path, text in changes.items():  # after the last build wrote its pages, so newer than they are
        if text is None:
            Path(path).unlink()
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(text, encoding="utf-8")
    config = load_config(config_file="mkdocs.yml", site_dir="preview")  # what `mkdocs serve` does
    if number == 0:
        config.plugins.on_startup(command="serve", dirty=True)
    config.site_url = serve_url
    build(config, serve_url=serve_url, dirty=True)
    report[label] = differences(label)
print(json.dumps(report))
"""


def lesson(title: str, body: str = "What happened.") -> str:
    return LESSON.replace("The retrospective that turned into a blame game", title) + f"\n{body}\n"


REBUILD_WIKI = {
    **PREVIEW_WIKI,
    "playbooks/retro.md": PLAYBOOK.format(title="Run a retrospective") + "\nSee [the forum](forum.md).\n",
    "lessons/index.md": "---\ntitle: Lessons learned\nsummary: Every lesson we wrote down, in one list.\n---\n",
    "lessons/missed-deadline.md": lesson("The deadline we missed"),
    "lessons/silent-launch.md": lesson("The launch nobody heard about"),
}
EDITS = [
    ("the first build", {}),
    ("a title", {"docs/playbooks/forum.md": PLAYBOOK.format(title="Host an open forum")}),
    ("a body", {"docs/playbooks/retro.md": PLAYBOOK.format(title="Run a retrospective") + "\nNew words.\n"}),
    ("a new first page", {"docs/playbooks/agenda.md": PLAYBOOK.format(title="Agree on an agenda")}),
    (
        "tags",
        {"docs/playbooks/feedback.md": PLAYBOOK.format(title="Give feedback").replace("[retro", "[feed")},
    ),
    (
        "a link",
        {"docs/lessons/silent-launch.md": lesson("The launch", "See [feedback](../playbooks/feedback.md).")},
    ),
    ("a title in a large section", {"docs/lessons/missed-deadline.md": lesson("The deadline we moved")}),
    ("a deleted page", {"docs/playbooks/forum.md": None}),
    ("the vocabulary", {"docs/tags.yml": DEFAULT_TAGS.replace("Looking back together", "Looking back")}),
]


@pytest.mark.build
def test_each_rebuild_of_the_preview_equals_a_full_build(tmp_path: Path) -> None:
    """Whatever the edit, every page the preview serves is the page a full build of the same files writes."""
    repo = GitRepo(tmp_path / "repo", home=tmp_path / "home")
    write_project(repo.root, REBUILD_WIKI, site_url=SERVE_URL, commons={"nav_section_limit": 2})
    repo.commit("Start the wiki", date="2026-03-02T10:00:00Z")
    env = build_env(
        SOURCE_DATE_EPOCH="1775044800", **{key: repo.env[key] for key in ("HOME", "GIT_CONFIG_NOSYSTEM")}
    )
    result = subprocess.run(
        [sys.executable, "-c", PREVIEW_REBUILDS, SERVE_URL, json.dumps(EDITS)],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(report) == [label for label, _ in EDITS]
    wrong = {label: found for label, found in report.items() if found}
    assert not wrong, "\n\n".join(f"after {label}:\n" + "\n".join(found) for label, found in wrong.items())


def test_search_in_the_preview_finds_what_was_just_written(preview: Preview, tab: Tab) -> None:
    """The preview indexes in the background after each rebuild: a word written while it runs is found."""

    def pages_found(word: str) -> list[str]:
        tab.goto(preview.at())  # a fresh page: Pagefind reads the index it finds now
        try:
            urls: list[str] = tab.page.evaluate(
                """async ([bundle, word]) => {
                    const pagefind = await import(bundle);
                    const found = await pagefind.search(word);
                    return Promise.all(found.results.map((result) => result.data().then((data) => data.url)));
                }""",
                [preview.at("pagefind/pagefind.js"), word],
            )
        except PlaywrightError:  # the preview reloaded the page after a rebuild, or has no index yet
            return []
        return [urljoin(preview.url, url) for url in urls]

    def wait_until_found(word: str, page: str) -> None:
        deadline = time.monotonic() + RELOAD_TIMEOUT_MS / 1000
        while page not in (found := pages_found(word)):
            assert time.monotonic() < deadline, (
                f"the preview's search never found {word!r} on {page}: {found}"
            )
            tab.page.wait_for_timeout(500)

    wait_until_found("retrospective", preview.at("lessons/blame-game/"))
    forum = preview.docs / "playbooks" / "forum.md"
    forum.write_text(forum.read_text(encoding="utf-8") + "\nThe zebrafinch rota.\n", encoding="utf-8")
    wait_until_found("zebrafinch", preview.at("playbooks/forum/"))
