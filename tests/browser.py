"""Shared browser fixtures: Debian's chromium driven by Playwright, and built sites served like GitHub Pages.

Register with ``pytest_plugins = ["browser"]``. Each site is built once per session and served on
127.0.0.1 under the path of site_url (/learning-commons/), by the same server scripts/linkcheck.py uses:

- ``real_site``: this repository's docs/, built strictly with SOURCE_DATE_EPOCH fixed (HEAD's commit time).
- ``history_site``: a throwaway git repository with fixed commit dates and authors, built with the real
  configuration, hooks and overrides, so "recently learned" and "contributors" have known entries, and a
  page title with ``&`` and ``<`` tests escaping.

``tab`` opens a fresh page that records console errors, uncaught exceptions, failed requests and HTTP
errors, and refuses every request that leaves the loopback server: the site must work offline. Every test
that opens a tab fails when the page's Content-Security-Policy refused something (Material's scripts, the
search worker, the review banner must all run under it), or when the policy itself has a mistake.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import require_browser
from gitrepo import GIT, GitRepo, epoch
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route, sync_playwright
from serve_site import CHROMIUM_ARGS, base_path_of, serving
from sitebuild import ROOT, build_env, run_build, site_config, write_project

SCREENSHOTS = ROOT / ".artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 667}
TIMEOUT_MS = 15_000
FALLBACK_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z, when the repository has no commit


@dataclass(frozen=True)
class ServedSite:
    site_dir: Path
    url: str  # http://127.0.0.1:PORT/learning-commons/

    def at(self, path: str = "") -> str:
        """The URL of a page given by its path below the site root ('playbooks/x/')."""
        return self.url + path.lstrip("/")

    def path_of(self, url: str) -> str:
        """The inverse of ``at``: 'playbooks/x/' for a URL on this site."""
        assert url.startswith(self.url), f"{url} is not on the site {self.url}"
        return url[len(self.url) :].split("#", 1)[0].split("?", 1)[0]

    def pages_of_kind(self, kind: str) -> list[str]:
        """Paths of the built pages whose Learning Commons header says they are a ``kind`` (playbook...)."""
        marker = f'class="lc-header" data-kind="{kind}"'
        folders = [
            index.parent.relative_to(self.site_dir).as_posix()
            for index in self.site_dir.rglob("index.html")
            if marker in index.read_text(encoding="utf-8")
        ]
        return sorted("" if folder == "." else folder + "/" for folder in folders)

    def pages(self, section: str) -> list[str]:
        """Paths of the built pages one level below ``section`` ('playbooks/' -> ['playbooks/x/', ...])."""
        return sorted(
            f"{section}{index.parent.name}/" for index in (self.site_dir / section).glob("*/index.html")
        )


def head_epoch(repository: Path = ROOT) -> str:
    """HEAD's committer time: what CI exports as SOURCE_DATE_EPOCH, so builds of one commit agree."""
    proc = subprocess.run(
        [GIT, "log", "-1", "--format=%ct"], cwd=repository, capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else FALLBACK_EPOCH


BASE_PATH = base_path_of(site_config()["site_url"])


# -- sites ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    site_dir = tmp_path_factory.mktemp("real-site") / "site"
    build = run_build(ROOT / "mkdocs.yml", env=build_env(SOURCE_DATE_EPOCH=head_epoch()), site_dir=site_dir)
    if build.returncode != 0:
        pytest.fail(f"the wiki does not build strictly:\n{build.log}", pytrace=False)
    with serving(site_dir, BASE_PATH) as server:
        yield ServedSite(site_dir, server.base_url)


HISTORY_NOW = "2026-04-01T12:00:00Z"  # SOURCE_DATE_EPOCH of the history site: 90 days back is 1 Jan
ADA = ("Ada Lovelace", "ada@example.org")
BEA = ("Bea Ortiz", "bea@example.org")
ESCAPE_TITLE = 'Host a café forum & Q&A for < 20 people, "&lt;b&gt;" stays text'
HISTORY_HOME = """\
---
title: Learning Commons
summary: The home page of the browser tests' wiki, with a summary long enough to be valid.
template: home.html
hide:
  - navigation
  - toc
---

Welcome to the test wiki.
"""
HISTORY_PLAYBOOK = f"""\
---
title: '{ESCAPE_TITLE}'
summary: How to host a small open forum over coffee, with a question and answer round.
tags: [feedback]
---

Bring a thermos of zabaglione and let people ask anything.
"""
HISTORY_LESSON = """\
---
title: The retrospective that turned into a blame game
summary: What happened when a retrospective looked for a culprit, and what we changed afterwards.
tags: [retrospective, feedback]
happened: 2026-02-20
actions:
  - what: Start every retrospective with the prime directive
    owner: Ada Lovelace
    status: done
    due: 2026-03-30
---

What happened.
"""


@dataclass(frozen=True)
class HistoryEntry:
    url: str
    title: str
    author: str
    date: str  # ISO 8601 UTC, as in <time datetime>


@dataclass(frozen=True)
class HistorySite(ServedSite):
    entries: tuple[HistoryEntry, ...] = field(default=())


@pytest.fixture(scope="session")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HistorySite]:
    base = tmp_path_factory.mktemp("history-site")
    repo = GitRepo(base / "repo", home=base / "home")
    write_project(repo.root, {"index.md": HISTORY_HOME})
    repo.commit("Start the wiki", date="2026-01-10T09:00:00Z", author=ADA)
    entries = (
        HistoryEntry(
            "playbooks/cafe-forum/",
            ESCAPE_TITLE,
            ADA[0],
            "2026-03-02T10:00:00+00:00",
        ),
        HistoryEntry(
            "lessons/blame-game/",
            "The retrospective that turned into a blame game",
            BEA[0],
            "2026-03-10T15:30:00+00:00",
        ),
    )
    repo.write("docs/playbooks/cafe-forum.md", HISTORY_PLAYBOOK)
    repo.commit("Add the café forum playbook", date="2026-03-02T10:00:00Z", author=ADA)
    repo.write("docs/lessons/blame-game.md", HISTORY_LESSON)
    repo.commit("Write down the blame game lesson", date="2026-03-10T15:30:00Z", author=BEA)
    env = build_env(
        SOURCE_DATE_EPOCH=str(epoch(HISTORY_NOW)), **{k: repo.env[k] for k in ("HOME", "GIT_CONFIG_NOSYSTEM")}
    )
    build = run_build(repo.root / "mkdocs.yml", env=env, site_dir=base / "site")
    if build.returncode != 0:
        pytest.fail(f"the history site does not build strictly:\n{build.log}", pytrace=False)
    with serving(build.site_dir, BASE_PATH) as server:
        yield HistorySite(build.site_dir, server.base_url, entries)


# -- the browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's chromium (Playwright's own download does not work here); with CI set, missing fails."""
    executable = require_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _github_answers() -> dict[str, tuple[int, dict[str, Any]]]:
    """What GitHub's API answers Material's header, which asks for the repository's stars and forks.

    Material fetches these from every reader's browser (repo_url in mkdocs.yml). The tests run offline,
    so they answer for GitHub: the repository without releases, as GitHub does (404 for the latest release).
    """
    repo_url = str(site_config().get("repo_url") or "")
    if not repo_url.startswith("https://github.com/"):
        return {}
    api = "https://api.github.com/repos/" + repo_url.removeprefix("https://github.com/").strip("/")
    return {
        api: (200, {"stargazers_count": 0, "forks_count": 0}),
        f"{api}/releases/latest": (404, {"message": "Not Found"}),
    }


GITHUB_ANSWERS = _github_answers()


CSP_MARK = "Content-Security-Policy violation:"
# Chromium logs most refusals itself; the event also covers those it reports only to the page.
REPORT_CSP_VIOLATIONS = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error("{CSP_MARK} " + event.effectiveDirective + " refused " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber);
}});
"""


@dataclass
class Tab:
    """A page in its own browser context, with everything that went wrong while it was open."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def goto(self, url: str) -> Response:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, (
            f"{url}: HTTP {response.status if response else 'no response'}"
        )
        return response

    def problems(self) -> list[str]:
        return [*self.console_errors, *self.failed_requests]

    def screenshot(self, kind: str) -> Path:
        """A full-page screenshot in .artifacts/screenshots/<kind>.png (uploaded by the pull request workflow)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{kind}.png"
        self.page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path


def open_tab(browser: Browser, **context_options: Any) -> tuple[Tab, Any]:
    options = {"viewport": DESKTOP, "color_scheme": "light", "reduced_motion": "reduce", **context_options}
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    tab = Tab(page)

    def keep_offline(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc.startswith("127.0.0.1:"):
            route.continue_()
        elif url in GITHUB_ANSWERS:
            status, body = GITHUB_ANSWERS[url]
            route.fulfill(status=status, json=body, headers={"Access-Control-Allow-Origin": "*"})
        else:
            tab.failed_requests.append(f"request leaves the site (blocked): {url}")
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if CSP_MARK in message.text or "Content Security Policy" in message.text:  # any level: warnings too
            tab.csp_violations.append(f"{message.text} ({message.location.get('url', '')})")
        if message.type == "error" and message.location.get("url") not in GITHUB_ANSWERS:
            tab.console_errors.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def on_failed(request: Request) -> None:
        tab.failed_requests.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.url not in GITHUB_ANSWERS:
            tab.failed_requests.append(f"HTTP {response.status}: {response.url}")

    context.route("**/*", keep_offline)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.console_errors.append(f"uncaught exception: {error}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    return tab, context


def fail_on_csp_violations(tab: Tab) -> None:
    """What the Content-Security-Policy refused while the tab was open fails the test that opened it."""
    if tab.csp_violations:
        pytest.fail(
            f"{tab.page.url}: the Content-Security-Policy refused:\n  "
            + "\n  ".join(dict.fromkeys(tab.csp_violations)),
            pytrace=False,
        )


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Tab]:
    tab, context = open_tab(chromium)
    yield tab
    context.close()
    fail_on_csp_violations(tab)


@pytest.fixture
def mobile_tab(chromium: Browser) -> Iterator[Tab]:
    tab, context = open_tab(chromium, viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield tab
    context.close()
    fail_on_csp_violations(tab)
