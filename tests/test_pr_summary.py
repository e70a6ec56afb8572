"""scripts/pr_summary.py on throwaway repositories: a branch off main with a new lesson, a changed playbook,
a removed page, a new tag and a small edit, and the job summary it writes, word for word."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pr_summary
import pytest
from gitrepo import GitRepo, epoch, logging_git
from learning_commons.sitechanges import markdown_text, parse_name_status
from sitebuild import LESSON, PLAYBOOK, write_project

HOME = "---\ntitle: Home\nsummary: The home page of the test wiki, long enough to pass.\n---\n\nWelcome.\n"
WHAT_HAPPENED = "We went looking for a culprit."
NEW_LESSON = """\
---
title: Pairing new joiners
summary: New joiners who paired with a buddy for their first month shipped a change in a week.
tags: [mentoring]
happened: 2025-12-01
owner: Grace
---

## Timeline

Each of the four new joiners of the winter had a buddy for a month, with two hours a day set aside.

## What we learned

Protected time mattered more than the buddy's seniority.
"""
HANDOUT = "---\ntitle: Handout\nsummary: The one-page takeaway participants keep.\n---\n\nKeep it.\n"
MENTORING_TAG = "mentoring:\n  description: Helping someone grow by sharing what you know.\n"
HEADING = "## What this pull request changes on the site\n\n"
BASE_DATE = "2026-01-05T10:00:00Z"
BRANCH_DATE = "2026-01-08T10:00:00Z"
NOW = "2026-01-10T12:00:00Z"


@pytest.fixture
def branch(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """main: a home page, three playbooks and a lesson; the branch 'change' off it, checked out."""
    pages = {
        "index.md": HOME,
        "playbooks/alpha.md": PLAYBOOK.format(title="Alpha"),
        "playbooks/beta.md": PLAYBOOK.format(title="Beta"),
        "playbooks/gamma.md": PLAYBOOK.format(title="Gamma"),
        "lessons/old.md": LESSON.format(title="An old lesson", tags="retrospective", body=WHAT_HAPPENED),
    }
    write_project(git_repo.root, pages)
    git_repo.commit("The wiki as it was", date=BASE_DATE)
    git_repo.git("checkout", "-q", "-b", "change")
    monkeypatch.chdir(git_repo.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch(NOW)))
    return git_repo


def make_changes(repo: GitRepo) -> None:
    """A new lesson with a new tag, Alpha rewritten, Beta with one line fixed, the old lesson removed."""
    tags = repo.path("docs/tags.yml")
    tags.write_text(tags.read_text(encoding="utf-8") + MENTORING_TAG, encoding="utf-8")
    repo.write("docs/lessons/new.md", NEW_LESSON)
    alpha = PLAYBOOK.format(title="Alpha").replace("Body of Alpha.", "Step one.\n\nStep two.\n\nStep three.")
    repo.write("docs/playbooks/alpha.md", alpha)
    repo.write("docs/playbooks/beta.md", PLAYBOOK.format(title="Beta").replace("Body of", "The body of"))
    repo.rm("docs/lessons/old.md")
    repo.commit("A lesson on pairing, Alpha's steps, a typo in Beta", date=BRANCH_DATE)


def summary_of(repo: GitRepo, link_check: str, capsys: pytest.CaptureFixture[str]) -> str:
    config = str(repo.path("mkdocs.yml"))
    assert pr_summary.main(["--base", "main", "--config", config, "--link-check", link_check]) == 0
    return capsys.readouterr().out


NOT_LISTED = (
    "Will not show on recently learned: an edit of 1 line or fewer, a move, or a commit touching many pages "
    "is left out; a line 'Change: what changed' at the end of the commit message (or of the pull request's "
    "description, for a squash merge) lists it."
)


def test_the_summary_says_what_the_branch_changes(
    branch: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    make_changes(branch)
    assert summary_of(branch, "success", capsys) == (
        HEADING + "### New pages\n\n"
        "- **Pairing new joiners** (lesson), in the built site at lessons/new/index.html. "
        "Shows on recently learned.\n\n"
        "### Changed pages\n\n"
        "- **Alpha** (playbook), in the built site at playbooks/alpha/index.html. Shows on recently learned.\n"
        f"- **Beta** (playbook), in the built site at playbooks/beta/index.html. {NOT_LISTED}\n\n"
        "### Removed pages\n\n"
        "- **An old lesson** (lesson), was at lessons/old/index.html in the built site\n\n"
        "### Tags\n\n"
        "- New in the tag list (docs/tags.yml): mentoring\n"
        "- Used by a page for the first time: mentoring\n\n"
        "Other files changed under the docs folder: tags.yml\n\n"
        "**Link check:** passed: every link and anchor in the built site works.\n"
    )


def test_a_moved_page_a_change_note_and_a_failed_link_check(
    branch: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A one-line edit with a Change: note shows; a pure move does not; a plain page never does."""
    branch.write("docs/playbooks/beta.md", PLAYBOOK.format(title="Beta").replace("Body of", "The body of"))
    branch.write("docs/index.md", HOME.replace("Welcome.", "Welcome, reader."))
    branch.commit("Beta: clearer\n\nChange: the body says whose it is", date=BRANCH_DATE)
    branch.mv("docs/playbooks/gamma.md", "docs/playbooks/delta.md")
    branch.commit("Gamma is now delta", date=BRANCH_DATE)
    assert summary_of(branch, "failure", capsys) == (
        HEADING + "### Changed pages\n\n"
        "- **Home** (page), in the built site at index.html. Will not show on recently learned: only "
        "playbooks, lessons and workshops are listed there.\n"
        "- **Beta** (playbook), in the built site at playbooks/beta/index.html. Shows on recently learned.\n\n"
        "### Moved pages\n\n"
        "- **Gamma** (playbook), in the built site at playbooks/delta/index.html, moved from "
        f"playbooks/gamma.md. {NOT_LISTED}\n\n"
        "**Link check:** failed: a link or anchor in the built site leads nowhere; the 'Check links' step "
        "lists them.\n"
    )


def test_a_wiki_whose_docs_folder_is_new_has_every_page_new(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    git_repo.write("README.md", "The wiki starts in the next commit.\n")
    git_repo.commit("Before the wiki", date=BASE_DATE)
    git_repo.git("checkout", "-q", "-b", "change")
    write_project(git_repo.root, {"index.md": HOME, "workshops/w/handout.md": HANDOUT})
    git_repo.commit("The wiki", date=BRANCH_DATE)
    monkeypatch.chdir(git_repo.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch(NOW)))
    out = summary_of(git_repo, "success", capsys)
    assert out.startswith(HEADING + "### New pages\n\n- **Home** (page), in the built site at index.html.")
    assert (
        "- **Handout** (handout), in the built site at workshops/w/handout/index.html. "
        "Shows on recently learned.\n" in out
    ), "a workshop part without an overview is listed as itself"
    assert "- New in the tag list (docs/tags.yml): retrospective, feedback, workshop\n" in out


OVERVIEW = (
    "---\ntitle: Retros in practice\nsummary: A workshop where teams practise a blameless retrospective.\n"
    "tags: [workshop]\nduration: 60\naudience: Team leads\nagenda:\n  - item: Practice\n    minutes: 60\n---\n"
)


def test_a_changed_workshop_part_shows_under_its_workshop(
    branch: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    branch.write("docs/workshops/retros/index.md", OVERVIEW)
    branch.write("docs/workshops/retros/handout.md", HANDOUT)
    branch.commit("A workshop", date=BASE_DATE)
    branch.git("branch", "-f", "main")  # the workshop is on main already
    branch.write("docs/workshops/retros/handout.md", HANDOUT + "\nStep one.\n\nStep two.\n")
    branch.commit("Two steps in the handout", date=BRANCH_DATE)
    assert summary_of(branch, "success", capsys) == (
        HEADING + "### Changed pages\n\n"
        "- **Handout** (handout), in the built site at workshops/retros/handout/index.html. Shows on recently "
        "learned, under Retros in practice.\n\n"
        "**Link check:** passed: every link and anchor in the built site works.\n"
    )


def test_no_change_to_the_pages_and_no_link_check(
    branch: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    branch.write("README.md", "Not a page.\n")
    branch.commit("A readme outside docs/", date=BRANCH_DATE)
    assert summary_of(branch, "", capsys) == (
        HEADING + "No page is new, changed, moved or removed.\n\n"
        "**Link check:** not run (an earlier step failed, or it was skipped).\n"
    )


HOSTILE_TITLE = (
    "| <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](http://e.x/i.png) `code` *em* __b__"
)


def test_a_hostile_title_comes_out_as_inert_text(branch: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    page = PLAYBOOK.format(title="'" + HOSTILE_TITLE.replace("'", "''") + "'")
    branch.write("docs/playbooks/hostile.md", page)
    branch.commit("A hostile title", date=BRANCH_DATE)
    out = summary_of(branch, "success", capsys)
    html = markdown.markdown(out, extensions=["tables"])
    assert "<img" not in html and "<a " not in html and "<code>" not in html and "<em>" not in html
    assert "<strong>| &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))" in html
    assert "\n" not in markdown_text("a\nb\u202ec")


def test_markdown_text_shows_every_character_as_written() -> None:
    html = markdown.markdown(markdown_text(HOSTILE_TITLE), extensions=["tables"])  # GFM escapes '|' too
    html = html.replace("\u2060", "")  # the invisible joiner that keeps GitHub from linking 'http://'
    assert html == f"<p>{HOSTILE_TITLE.replace('<', '&lt;').replace('>', '&gt;')}</p>"


def test_renames_and_copies_carry_both_paths() -> None:
    raw = "A\0docs/a b.md\0R087\0docs/old.md\0docs/new.md\0M\0docs/x\u00e9.md\0"
    assert [(e.status, e.path, e.old_path) for e in parse_name_status(raw, "docs")] == [
        ("A", "a b.md", ""),
        ("R", "new.md", "old.md"),
        ("M", "x\u00e9.md", ""),
    ]


def test_a_fixed_handful_of_git_processes_whatever_the_number_of_pages(
    branch: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    log = logging_git(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    counts = []
    for batch in (1, 20):
        for n in range(batch):
            branch.write(
                f"docs/lessons/l{batch}-{n}.md",
                LESSON.format(title=f"Lesson {n}", tags="retro", body=WHAT_HAPPENED),
            )
        branch.commit(f"{batch} lessons", date=BRANCH_DATE)
        log.write_text("", encoding="utf-8")
        summary_of(branch, "success", capsys)
        counts.append(len(log.read_text(encoding="utf-8").splitlines()))
    assert counts[0] == counts[1] <= 10, counts


def test_an_unknown_base_is_one_line_on_stderr(branch: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(branch.path("mkdocs.yml"))
    assert pr_summary.main(["--base", "no-such-branch", "--config", config]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: `git merge-base no-such-branch HEAD` failed") and err.count("\n") == 1
