"""Validation through real `mkdocs build --strict` runs: exact log lines, exit codes and what the HTML shows.

Builds cost about a second each, so each project is built once per module and shared.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo
from sitebuild import LESSON as SHARED_LESSON
from sitebuild import PLAYBOOK, ROOT, BuildResult, build_env, run_build, write_project

pytestmark = pytest.mark.build
PLACEHOLDER_FIX = (
    "write your own text in its place (a page with TODO, TBD, FIXME or XXX left in is not published)"
)

HOME = "---\ntitle: Home\nsummary: The home page of the test wiki, long enough to pass.\n---\n\nWelcome.\n"
LESSON = SHARED_LESSON.format(
    title="The retro that turned into blame",
    tags="retro",
    body="We went looking for a culprit and found [a better way](../playbooks/a.md).",
)
WORKSHOP = """\
---
title: Retros in practice
summary: A workshop where teams practise running a blameless retrospective together.
tags: [workshop, retrospective]
duration: 60
audience: Team leads
agenda:
  - item: Welcome
    minutes: 10
  - item: Practice
    minutes: 50
---

Start with the [handout](handout.md).
"""
HANDOUT = "---\ntitle: 'Retros in practice: handout'\nsummary: The one-page takeaway participants keep.\n---\n\nKeep it.\n"
BAD_SUMMARY = "---\ntitle: Alpha\nsummary: Too short\ntags: [retrospective]\n---\n\nBody of Alpha.\n"
SCRIPT_TITLE = (
    '---\ntitle: "<script>lc_canary()</script>"\n'
    "summary: A playbook whose title tries to run a script in every reader's browser.\n"
    "tags: [retrospective]\n---\n\nBody.\n"
)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A small wiki of every page type, committed with a fixed date, built with the default settings."""
    root = tmp_path_factory.mktemp("good")
    repo = GitRepo(root / "repo", home=root / "home")
    config = write_project(
        repo.root,
        {
            "index.md": HOME,
            "playbooks/a.md": PLAYBOOK.format(title="Alpha"),
            "lessons/blame.md": LESSON,
            "workshops/retros/index.md": WORKSHOP,
            "workshops/retros/handout.md": HANDOUT,
        },
    )
    repo.commit("Start the wiki", date="2026-01-05T10:00:00Z")
    return run_build(config)


@pytest.fixture(scope="module")
def bad_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad")
    return write_project(
        root,
        {"index.md": HOME, "playbooks/a.md": BAD_SUMMARY, "playbooks/b.md": SCRIPT_TITLE},
        commons={"history": False},
    )


@pytest.fixture(scope="module")
def bad_strict(bad_project: Path) -> BuildResult:
    return run_build(bad_project)


@pytest.fixture(scope="module")
def bad_preview(bad_project: Path) -> BuildResult:
    """The same bad wiki built without --strict, as `mkdocs serve` shows it to its author."""
    return run_build(bad_project, strict=False, site_dir=bad_project.parent / "preview")


# -- a good wiki ---------------------------------------------------------------------------------------


def test_a_good_wiki_builds_strictly_without_warnings(good: BuildResult) -> None:
    assert good.returncode == 0, good.log
    assert good.warnings == []
    assert "<h1>Alpha</h1>" in good.read("playbooks/a/index.html")
    assert "The retro that turned into blame" in good.read("lessons/blame/index.html")
    assert (good.site_dir / "workshops/retros/handout/index.html").is_file()
    assert (good.site_dir / "tags/retrospective/index.html").is_file()
    assert not (good.site_dir / "tags.yml").exists()  # the vocabulary is read, not published


# -- front matter problems -------------------------------------------------------------------------------


def test_bad_front_matter_fails_strict_with_the_exact_log_lines(bad_strict: BuildResult) -> None:
    assert bad_strict.returncode == 1
    assert bad_strict.warnings == [
        "ERROR   -  docs/playbooks/a.md:3: 'summary' has 9 characters; it must have 20 to 300 — write a little more",
        "ERROR   -  docs/playbooks/b.md:2: 'title' contains HTML — write plain text: front matter is never HTML",
    ]
    assert "Aborted with 2 errors in strict mode!" in bad_strict.log
    assert "Traceback" not in bad_strict.log


def test_a_preview_shows_the_problems_on_the_page(bad_preview: BuildResult) -> None:
    assert bad_preview.returncode == 0
    html = bad_preview.read("playbooks/a/index.html")
    assert "This page has problems the published build will refuse" in html
    assert (
        "<code>docs/playbooks/a.md:3: 'summary' has 9 characters; it must have 20 to 300 — write a little more</code>"
    ) in html.replace("&#39;", "'")
    assert "This page has problems" not in bad_preview.read("index.html")


def test_a_script_in_the_title_is_refused_and_shown_as_text(bad_preview: BuildResult) -> None:
    for path in html_files(bad_preview.site_dir):
        assert "<script>lc_canary" not in path.read_text(encoding="utf-8"), path
    assert "&lt;script&gt;lc_canary()&lt;/script&gt;" in bad_preview.read("playbooks/b/index.html")


# -- links -------------------------------------------------------------------------------------------------


def test_broken_links_and_anchors_fail_strict(tmp_path: Path) -> None:
    body = "See [the missing page](missing.md) and [a missing heading](../index.md#nowhere).\n"
    config = write_project(
        tmp_path,
        {"index.md": HOME, "playbooks/a.md": PLAYBOOK.format(title="Alpha") + body},
        commons={"history": False},
    )
    result = run_build(config)
    assert result.returncode == 1
    assert result.warnings == [
        "WARNING -  Doc file 'playbooks/a.md' contains a link 'missing.md', but the target "
        "'playbooks/missing.md' is not found among documentation files.",
        "WARNING -  Doc file 'playbooks/a.md' contains a link '../index.md#nowhere', but the doc 'index.md' "
        "does not contain an anchor '#nowhere'.",
    ]


# -- the real wiki and the canary ----------------------------------------------------------------------------


def test_the_real_wiki_builds_strictly(tmp_path: Path) -> None:
    result = run_build(ROOT / "mkdocs.yml", site_dir=tmp_path / "site")
    assert result.returncode == 0, result.log
    assert result.warnings == []
    assert (tmp_path / "site" / "index.html").is_file()


CANARY = ROOT / "tests" / "fixtures" / "canary"


def test_the_canary_fails_check_py_with_exit_1() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/check.py", "--docs-dir", "tests/fixtures/canary/docs"],
        cwd=ROOT,
        env={**build_env(), "GITHUB_ACTIONS": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout) == (
        1,
        "tests/fixtures/canary/docs/playbooks/bad-front-matter.md:4: the 1st tag 'retrospectives' is not in "
        "tests/fixtures/canary/docs/tags.yml — did you mean 'retrospective'?\n"
        "tests/fixtures/canary/docs/playbooks/broken-link.md:7: the link 'missing-page.md' leads to a page that "
        "does not exist (tests/fixtures/canary/docs/playbooks/missing-page.md) — check the path: links are "
        "relative to this page's file and end in .md\n"
        f"tests/fixtures/canary/docs/playbooks/unfilled.md:3: 'summary' is a placeholder: 'TODO: one or two "
        f"sentences on what this playbook helps peop…' — {PLACEHOLDER_FIX}\n"
        f"tests/fixtures/canary/docs/playbooks/unfilled.md:7: this line is a placeholder: 'TODO: one paragraph on "
        f"what the practice is and why it is w…' — {PLACEHOLDER_FIX}\n",
    )
    assert result.stderr == "4 error(s), 0 warning(s) in 4 pages\n"


def test_the_canary_fails_the_strict_build(tmp_path: Path) -> None:
    result = run_build(CANARY / "mkdocs.yml", site_dir=tmp_path / "site")
    assert result.returncode == 1
    assert result.warnings == [
        "ERROR   -  docs/playbooks/bad-front-matter.md:4: the 1st tag 'retrospectives' is not in docs/tags.yml — "
        "did you mean 'retrospective'?",
        "ERROR   -  docs/playbooks/unfilled.md:3: 'summary' is a placeholder: 'TODO: one or two sentences on "
        f"what this playbook helps peop…' — {PLACEHOLDER_FIX}",
        "ERROR   -  docs/playbooks/unfilled.md:7: this line is a placeholder: 'TODO: one paragraph on what the "
        f"practice is and why it is w…' — {PLACEHOLDER_FIX}",
        "WARNING -  Doc file 'playbooks/broken-link.md' contains a link 'missing-page.md', but the target "
        "'playbooks/missing-page.md' is not found among documentation files.",
    ]
    assert "Aborted with 3 errors, 1 warnings in strict mode!" in result.log
    assert "Traceback" not in result.log


def test_the_canary_builds_from_another_folder(tmp_path: Path) -> None:
    """Its hooks and overrides are relative to its mkdocs.yml, so CI can run it from anywhere."""
    copy = tmp_path / "tests" / "fixtures" / "canary"
    shutil.copytree(CANARY, copy, ignore=shutil.ignore_patterns("site"))
    for folder in ("hooks", "overrides"):
        (tmp_path / folder).symlink_to(ROOT / folder, target_is_directory=True)
    result = run_build(copy / "mkdocs.yml", site_dir=tmp_path / "site")
    assert result.returncode == 1
    assert len(result.warnings) == 4


def test_pytest_collects_nothing_under_fixtures() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/fixtures"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 5, result.stdout  # 5: no tests were collected
    assert not list((ROOT / "tests" / "fixtures").rglob("*.py"))
