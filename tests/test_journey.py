"""A first lesson from the browser, end to end, as the contributing guide tells a writer to do it.

From the home page of a throwaway wiki built with the project's configuration, Chromium follows "Write a
new lesson", and the test reads the prefilled template out of the link (`filename=`, `value=`), as
GitHub's editor would show it. Committed as it is, the template fails the pull request's checks with the
placeholder message on its file and line. Filled in the way the guide says, and committed with a fixed
date, it passes them (scripts/check.py, the strict build, the job summary), and the built site shows the
lesson on "recently learned" and on its tag pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from gitrepo import GitRepo, epoch
from playwright.sync_api import expect
from serve_site import base_path_of, serving
from sitebuild import ROOT, BuildResult, build_env, run_build, site_config, write_project

if TYPE_CHECKING:  # imported by pytest as a plugin below, so that its asserts are rewritten
    from browser import Tab
    from playwright.sync_api import Browser

pytest_plugins = ["browser"]
pytestmark = [pytest.mark.browser, pytest.mark.build]

ADA = ("Ada Lovelace", "ada@example.org")
WIKI_STARTED = "2026-03-01T09:00:00Z"
LESSON_COMMITTED = "2026-03-10T15:30:00Z"
NOW = "2026-03-12T12:00:00Z"  # SOURCE_DATE_EPOCH of every build and check: the lesson is recent
BASE_PATH = base_path_of(site_config()["site_url"])  # /learning-commons/, as GitHub Pages serves it

SECTION = "---\ntitle: {title}\nsummary: The {title} section of the journey test's wiki.\n---\n\nIntro.\n"
PAGES = {
    "index.md": (
        "---\ntitle: Learning Commons\nsummary: The home page of the journey test's wiki, long enough.\n"
        "template: home.html\nhide:\n  - navigation\n  - toc\n---\n\nWelcome.\n"
    ),
    "lessons/index.md": SECTION.format(title="Lessons"),
    "playbooks/index.md": SECTION.format(title="Playbooks"),
    "workshops/index.md": SECTION.format(title="Workshops"),
}

# What the writer types, as the guide asks for it (front matter fields, then the sections in order).
TITLE = "Buddies with protected time got new joiners to a first change in a week"
FIELDS = {
    "title": TITLE,
    "summary": "Four new joiners paired with a buddy who had two hours a day set aside; each shipped a change in week one.",
    "tags": "[retrospective, feedback]",
    "owner": "Ada Lovelace",
}
ACTION = {
    "what": "Give every new joiner's buddy two hours a day for the first month",
    "owner": "Ada Lovelace",
}
PARAGRAPHS = [
    "Over the winter four people joined the platform team. Each had a buddy with time set aside, and "
    "each shipped a reviewed change within their first week.",
    "The buddies' managers moved two hours a day of their other work elsewhere for a month, so helping "
    "never competed with a deadline.",
    "Protected time mattered more than the buddy's seniority.",
    "The onboarding checklist now names a buddy and books their time before the first day.",
    "The action is open: the next four joiners start in April.",
]
TIMELINE_ROW = "| 2026-01-12 | The first two new joiners start, each with a buddy |"


@dataclass(frozen=True)
class Wiki:
    repo: GitRepo
    env: dict[str, str]
    work: Path


@dataclass(frozen=True)
class Template:
    path: str  # where the writer saves it, relative to the repository: 'docs/lessons/x.md'
    filename: str  # the name GitHub's editor proposes
    text: str  # what the editor opens with


@pytest.fixture(scope="module")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Wiki:
    work = tmp_path_factory.mktemp("journey")
    repo = GitRepo(work / "repo", home=work / "home")
    write_project(repo.root, PAGES)
    repo.commit("Start the wiki", date=WIKI_STARTED, author=ADA)
    env = build_env(
        SOURCE_DATE_EPOCH=str(epoch(NOW)), **{key: repo.env[key] for key in ("HOME", "GIT_CONFIG_NOSYSTEM")}
    )
    env.pop("GITHUB_ACTIONS", None)  # the checks print text here, as on a writer's machine
    return Wiki(repo, env, work)


def built(wiki: Wiki, name: str) -> BuildResult:
    return run_build(wiki.repo.root / "mkdocs.yml", env=wiki.env, site_dir=wiki.work / name)


@pytest.fixture(scope="module")
def template(wiki: Wiki, chromium: Browser) -> Template:
    """What "Write a new lesson" on the home page opens GitHub's editor with."""
    from browser import fail_on_csp_violations, open_tab

    home = built(wiki, "site-before")
    assert home.returncode == 0, home.log
    tab, context = open_tab(chromium)
    with serving(home.site_dir, BASE_PATH) as server:
        tab.goto(server.base_url)
        link = tab.page.get_by_role("link", name="Write a new lesson")
        expect(link).to_be_visible()
        href = str(link.get_attribute("href"))
    context.close()
    fail_on_csp_violations(tab)
    parts = urlsplit(href)
    query = parse_qs(parts.query, strict_parsing=True)
    # https://github.com/OWNER/REPO/new/BRANCH/FOLDER: the folder the file is created in.
    folder = unquote(parts.path).split("/new/", 1)[1].split("/", 1)[1]
    filename = query["filename"][0]
    return Template(f"{folder}/{filename}", filename, query["value"][0])


def fill_in(template: str) -> str:
    """The template filled in the way the guide says: each field and each section written, every TODO gone."""
    lines, out, skipping = template.split("\n"), [], False
    for line in lines:
        if skipping and line.strip():
            continue  # the rest of a TODO paragraph
        skipping = False
        key = line.split(":", 1)[0].strip().lstrip("- ")
        if "TODO" in line and line.startswith("  ") and key in ACTION:
            out.append(f"{line.split(':', 1)[0]}: {ACTION[key]}")
        elif "TODO" in line and key in FIELDS:
            out.append(f"{key}: {FIELDS[key]}")
        elif line.startswith("| TODO"):
            out.append(TIMELINE_ROW)
        elif line.startswith("TODO"):
            out.append(PARAGRAPHS.pop(0))
            skipping = True
        else:
            out.append(line)
    assert not PARAGRAPHS, "the template asks for fewer sections than the guide"
    return "\n".join(out)


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def run_script(wiki: Wiki, *args: str) -> subprocess.CompletedProcess[str]:
    """One of the repository's scripts, run in the throwaway wiki as the pull request workflow runs it."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / args[0]), *args[1:]],
        cwd=wiki.repo.root,
        env=wiki.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def settle(tab: Tab) -> None:
    """Wait until the page has made its requests: leaving it earlier aborts them (Material fetches the
    sitemap after the page has loaded), which would count as failed requests."""
    tab.page.wait_for_load_state("networkidle")


@pytest.fixture
def branch(wiki: Wiki, request: pytest.FixtureRequest) -> Iterator[GitRepo]:
    """A branch of the wiki for one test, like a pull request's; main again afterwards."""
    wiki.repo.git("checkout", "-q", "-b", request.node.name[:40], "main")
    yield wiki.repo
    wiki.repo.git("checkout", "-q", "-f", "main")


def test_the_unfilled_template_fails_the_checks_with_the_placeholder_message(
    wiki: Wiki, template: Template, branch: GitRepo
) -> None:
    assert template.path.startswith("docs/lessons/") and template.text.startswith("---\ntitle: ")
    branch.write(template.path, template.text)
    branch.commit("A lesson, as the editor opened it", date=LESSON_COMMITTED, author=ADA)
    title_line = next(n for n, line in enumerate(template.text.split("\n"), 1) if line.startswith("title:"))
    where = f"{template.path}:{title_line}: 'title' is a placeholder"

    check = run_script(wiki, "check.py", "--config", "mkdocs.yml", "--format", "text")
    assert check.returncode == 1, check.stdout + check.stderr
    assert any(line.startswith(where) for line in check.stdout.splitlines()), check.stdout

    build = built(wiki, "site-unfilled")
    assert build.returncode == 1
    assert any(where in line for line in build.warnings), build.log
    (wiki.work / "unfilled.log").write_text(build.log, encoding="utf-8")
    annotate = run_script(wiki, "annotate.py", str(wiki.work / "unfilled.log"))
    assert f"::error file={template.path},line={title_line}::{where}" in annotate.stdout


def test_a_lesson_written_from_the_browser_passes_and_shows_on_recent_and_its_tags(
    wiki: Wiki, template: Template, branch: GitRepo, tab: Tab
) -> None:
    # The guide: name the file after your title, replace every TODO, propose the change.
    path = template.path.replace(template.filename, f"{slug(TITLE)}.md")
    text = fill_in(template.text)
    assert "TODO" not in text
    branch.write(path, text)
    branch.commit(f"{TITLE}\n\nChange: a new lesson on onboarding buddies", date=LESSON_COMMITTED, author=ADA)

    check = run_script(wiki, "check.py", "--config", "mkdocs.yml", "--format", "text")
    assert check.returncode == 0 and check.stdout == "", check.stdout + check.stderr
    build = built(wiki, "site-after")
    assert build.returncode == 0 and build.warnings == [], build.log
    (wiki.work / "after.log").write_text(build.log, encoding="utf-8")
    annotate = run_script(wiki, "annotate.py", str(wiki.work / "after.log"))
    assert annotate.returncode == 0 and "::error" not in annotate.stdout, annotate.stdout
    summary = run_script(
        wiki, "pr_summary.py", "--config", "mkdocs.yml", "--base", "main", "--link-check", "success"
    )
    assert summary.returncode == 0, summary.stderr
    url = f"lessons/{slug(TITLE)}/"
    assert f"- **{TITLE}** (lesson), in the built site at {url}index.html. Shows on recently learned.\n" in (
        summary.stdout
    )

    with serving(build.site_dir, BASE_PATH) as server:
        tab.goto(server.base_url + "recent/")
        entry = tab.page.locator("article li.lc-item").filter(has_text=TITLE)
        expect(entry).to_have_count(1)
        expect(entry.locator(".lc-status")).to_have_text("New")
        expect(entry.locator(".lc-item__change")).to_contain_text("a new lesson on onboarding buddies")
        settle(tab)
        entry.get_by_role("link", name=TITLE).click()
        expect(tab.page).to_have_url(server.base_url + url)
        settle(tab)
        for tag in ("retrospective", "feedback"):
            tab.goto(server.base_url + url)
            tab.page.locator("article").get_by_role("link", name=tag, exact=True).first.click()
            expect(tab.page).to_have_url(server.base_url + f"tags/{tag}/")
            settle(tab)
            expect(tab.page.locator("article").get_by_role("link", name=TITLE)).to_be_visible()
        assert tab.problems() == []
