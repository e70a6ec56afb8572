"""The history index: exact dates and credits from real throwaway repositories (no MkDocs)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from gitrepo import ADA, FastCommit, GitRepo, identity, logging_git, utc
from learning_commons.history import (
    DISABLED_MESSAGE,
    History,
    HistoryCache,
    HistorySettings,
    Notice,
    PageChange,
    PageHistory,
    read_history,
)
from learning_commons.problems import CommonsError

BEA = ("Bea Ortiz", "bea@example.org")
CAI = ("Cai Lin", "cai@example.org")
DEFAULTS = HistorySettings()
LOCAL: dict[str, str] = {}  # an environment without CI

GitCalls = Callable[[], list[str]]


@pytest.fixture
def git_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitCalls:
    """Put a `git` first on PATH that logs each call and runs the real git; return the log reader."""
    bin_dir = tmp_path / "bin"
    log = logging_git(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    def calls() -> list[str]:
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    return calls


def subcommands(calls: list[str]) -> list[str]:
    """The git subcommand of each logged call (skipping global options such as `-c x=y`)."""
    names = []
    for call in calls:
        words = call.split()
        i = 0
        while words[i].startswith("-"):
            i += 2 if words[i] == "-c" else 1
        names.append(words[i])
    return names


def test_created_and_updated_dates_authors_and_changes(git_repo: GitRepo) -> None:
    git_repo.write("docs/index.md")
    git_repo.write("docs/lessons/a.md", "# A\n")
    first = git_repo.commit("Add the first pages", date="2026-01-05T10:00:00Z")
    git_repo.write("docs/lessons/a.md", "# A\n\nMore.\n")
    second = git_repo.commit("Explain A", date="2026-01-12T09:30:00Z", author=BEA)
    git_repo.write("docs/lessons/a.md", "# A\n\nMore, better.\n")
    third = git_repo.commit("Polish A", date="2026-02-01T08:00:00Z", author=BEA)
    git_repo.write("docs/index.md", "# Home\n")
    fourth = git_repo.commit("Home title", date="2026-02-01T08:00:00Z")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert history.enabled and not history.shallow and history.head == fourth and history.notices == ()
    assert sorted(history.pages) == ["index.md", "lessons/a.md"]
    a = history.page("lessons/a.md")
    assert (a.created, a.updated) == (utc("2026-01-05T10:00:00Z"), utc("2026-02-01T08:00:00Z"))
    assert (a.created_by, a.updated_by) == ("Ada Lovelace", "Bea Ortiz")
    assert a.authors == ("Bea Ortiz", "Ada Lovelace")  # most commits first
    assert not a.uncommitted
    assert a.changes == (
        PageChange("lessons/a.md", utc("2026-02-01T08:00:00Z"), "Bea Ortiz", "updated", third, "Polish A"),
        PageChange("lessons/a.md", utc("2026-01-12T09:30:00Z"), "Bea Ortiz", "updated", second, "Explain A"),
        PageChange(
            "lessons/a.md", utc("2026-01-05T10:00:00Z"), "Ada Lovelace", "new", first, "Add the first pages"
        ),
    )
    home = history.page("index.md")
    assert (home.created, home.updated, home.authors) == (
        utc("2026-01-05T10:00:00Z"),
        utc("2026-02-01T08:00:00Z"),
        ("Ada Lovelace",),
    )
    # Across pages: newest first, a tie broken by src_uri.
    assert [(c.src_uri, c.sha) for c in history.changes] == [
        ("index.md", fourth),
        ("lessons/a.md", third),
        ("lessons/a.md", second),
        ("index.md", first),
        ("lessons/a.md", first),
    ]
    assert [(s.name, s.pages_created, s.pages_updated) for s in history.contributors] == [
        ("Ada Lovelace", ("index.md", "lessons/a.md"), ("index.md",)),
        ("Bea Ortiz", (), ("lessons/a.md",)),
    ]
    ada, bea = history.contributors
    assert (ada.latest, ada.latest_src_uri) == (utc("2026-02-01T08:00:00Z"), "index.md")
    assert (bea.latest, bea.latest_src_uri) == (utc("2026-02-01T08:00:00Z"), "lessons/a.md")


def test_dates_are_committer_dates_in_utc(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Rebased later", date="2026-03-10T12:00:00Z", author_date="2025-11-01T12:00:00Z")
    git_repo.write("docs/b.md")
    git_repo.commit("In another zone", date="2026-03-11T12:00:00+02:00")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert history.page("a.md").created == utc("2026-03-10T12:00:00Z")
    created = history.page("b.md").created
    assert created == utc("2026-03-11T10:00:00Z")
    assert created is not None and created.utcoffset() == timedelta(0)


def test_unknown_page_has_an_empty_history(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add a")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert history.page("nope.md") == PageHistory("nope.md")


def test_renames_keep_the_created_date_and_only_edits_count(git_repo: GitRepo) -> None:
    body = "".join(f"Line {n} of a page long enough for rename detection.\n" for n in range(20))
    git_repo.write("docs/lessons/old.md", body)
    git_repo.write("docs/lessons/edited.md", body.replace("Line", "Row"))
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.mv("docs/lessons/old.md", "docs/playbooks/moved.md")  # another folder, same content
    git_repo.commit("Move to playbooks", date="2026-01-20T10:00:00Z", author=BEA)
    git_repo.mv("docs/lessons/edited.md", "docs/lessons/renamed.md")
    git_repo.write("docs/lessons/renamed.md", body.replace("Line", "Row") + "One more line.\n")
    renamed = git_repo.commit("Rename and extend", date="2026-01-25T10:00:00Z", author=CAI)

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert sorted(history.pages) == ["lessons/renamed.md", "playbooks/moved.md"]
    moved = history.page("playbooks/moved.md")
    assert (moved.created, moved.updated) == (utc("2026-01-05T10:00:00Z"), utc("2026-01-05T10:00:00Z"))
    assert (moved.created_by, moved.updated_by, moved.authors) == (
        "Ada Lovelace",
        "Ada Lovelace",
        ("Ada Lovelace",),
    )
    assert [c.kind for c in moved.changes] == ["new"]
    assert moved.changes[0].src_uri == "playbooks/moved.md"  # credited under its current name
    edited = history.page("lessons/renamed.md")
    assert (edited.created, edited.updated) == (utc("2026-01-05T10:00:00Z"), utc("2026-01-25T10:00:00Z"))
    assert edited.updated_by == "Cai Lin"
    assert (edited.changes[0].kind, edited.changes[0].sha) == ("updated", renamed)
    assert "Bea Ortiz" not in {s.name for s in history.contributors}


def test_staged_rename_keeps_history(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md", "".join(f"line {n}\n" for n in range(30)))
    git_repo.commit("Add a", date="2026-01-05T10:00:00Z")
    git_repo.mv("docs/a.md", "docs/b.md")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert list(history.pages) == ["b.md"]
    b = history.page("b.md")
    assert (b.created, b.uncommitted) == (utc("2026-01-05T10:00:00Z"), True)


def test_ignored_revisions_and_bulk_commits_are_not_updates(git_repo: GitRepo) -> None:
    for name in ("a", "b", "c"):
        git_repo.write(f"docs/{name}.md", f"# {name}\n")
    git_repo.commit("Add three pages", date="2026-01-05T10:00:00Z")
    git_repo.write("docs/a.md", "# a\n\nReal edit.\n")
    git_repo.commit("Real edit", date="2026-01-06T10:00:00Z", author=BEA)
    git_repo.write("docs/a.md", "# a\n\nReal  edit.\n")
    reformat = git_repo.commit("Reformat", date="2026-01-07T10:00:00Z", author=CAI)
    for name in ("a", "b", "c"):
        git_repo.write(f"docs/{name}.md", f"# {name.upper()}\n\nReal edit.\n")
    git_repo.write("docs/d.md", "# d\n")
    git_repo.commit("Bulk: headings, and add d", date="2026-01-08T10:00:00Z", author=CAI)
    git_repo.write(".git-blame-ignore-revs", f"# formatting\n\n{reformat}  # reformat\nabc123\n")
    git_repo.commit("Ignore the reformat", date="2026-01-09T10:00:00Z", paths=[".git-blame-ignore-revs"])

    settings = HistorySettings(bulk_commit_pages=3)  # the bulk commit touches four pages
    history = read_history(git_repo.path("docs"), settings, environ=LOCAL)

    a = history.page("a.md")
    assert (a.created, a.updated, a.updated_by) == (
        utc("2026-01-05T10:00:00Z"),
        utc("2026-01-06T10:00:00Z"),
        "Bea Ortiz",
    )
    assert a.authors == ("Ada Lovelace", "Bea Ortiz")
    b = history.page("b.md")
    assert (b.created, b.updated, b.updated_by) == (
        utc("2026-01-05T10:00:00Z"),
        utc("2026-01-05T10:00:00Z"),
        "Ada Lovelace",
    )
    d = history.page("d.md")  # a bulk commit that adds a page still creates it, but lists no change
    assert (d.created, d.updated, d.created_by, d.changes) == (
        utc("2026-01-08T10:00:00Z"),
        utc("2026-01-08T10:00:00Z"),
        "Cai Lin",
        (),
    )
    assert {c.sha for c in history.changes}.isdisjoint({reformat})
    assert [c.subject for c in history.changes] == [
        "Real edit",
        "Add three pages",
        "Add three pages",
        "Add three pages",
    ]
    assert history.notices == (
        Notice(
            "warning",
            ".git-blame-ignore-revs:4: 'abc123' is not a full commit SHA, so that commit still counts as an"
            " update — write the full 40-character SHA (`git rev-parse abc123` prints it)",
        ),
    )


def test_mailmap_merges_two_identities(git_repo: GitRepo) -> None:
    git_repo.write(".mailmap", "Ada Lovelace <ada@example.org> A. Lovelace <ada@old.example.org>\n")
    git_repo.write("site/docs/a.md")
    git_repo.commit("Add a", date="2026-01-05T10:00:00Z", author=("A. Lovelace", "ada@old.example.org"))
    git_repo.write("site/docs/a.md", "# Better\n")
    git_repo.commit("Edit a", date="2026-01-06T10:00:00Z")

    history = read_history(git_repo.path("site/docs"), DEFAULTS, environ=LOCAL)

    a = history.page("a.md")
    assert (a.created_by, a.updated_by, a.authors) == ("Ada Lovelace", "Ada Lovelace", ("Ada Lovelace",))
    assert [(s.name, s.pages_created, s.pages_updated) for s in history.contributors] == [
        ("Ada Lovelace", ("a.md",), ("a.md",))
    ]


def test_bots_are_never_credited(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add a", date="2026-01-05T10:00:00Z")
    git_repo.write("docs/a.md", "# Fixed links\n")
    git_repo.commit("Fix links", date="2026-01-06T10:00:00Z", author=("renovate[bot]", "bot@example.org"))
    git_repo.write("docs/a.md", "# Fixed links again\n")
    git_repo.commit("Sync", date="2026-01-07T10:00:00Z", author=("Sync Robot", "SYNC@example.org"))
    git_repo.write("docs/b.md")
    git_repo.commit("Generate b", date="2026-01-08T10:00:00Z", author=("Docs Builder", "builder@example.org"))

    settings = HistorySettings(bots=("sync@example.org", "docs builder"))
    history = read_history(git_repo.path("docs"), settings, environ=LOCAL)

    a = history.page("a.md")
    assert (a.updated, a.updated_by, a.authors) == (
        utc("2026-01-05T10:00:00Z"),
        "Ada Lovelace",
        ("Ada Lovelace",),
    )
    b = history.page("b.md")  # created by a bot: it has a date, but no one is credited
    assert (b.created, b.created_by, b.updated_by, b.authors, b.changes) == (
        utc("2026-01-08T10:00:00Z"),
        None,
        None,
        (),
        (),
    )
    assert [c.author for c in history.changes] == ["Ada Lovelace"]
    assert [s.name for s in history.contributors] == ["Ada Lovelace"]


def test_uncommitted_untracked_and_deleted_pages(git_repo: GitRepo) -> None:
    for name in ("kept", "edited", "gone", "removed"):
        git_repo.write(f"docs/{name}.md", f"# {name}\n")
    git_repo.write("docs/old.md")
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.rm("docs/old.md")
    git_repo.commit("Remove old", date="2026-01-06T10:00:00Z")
    git_repo.write("docs/edited.md", "# edited, not committed\n")
    git_repo.write("docs/new/draft.md", "# draft\n")
    git_repo.path("docs/gone.md").unlink()  # deleted in the working tree only
    git_repo.rm("docs/removed.md")  # deletion staged
    git_repo.write("docs/image.png", "not a page")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert sorted(history.pages) == ["edited.md", "kept.md", "new/draft.md"]
    edited = history.page("edited.md")
    assert (edited.created, edited.updated, edited.uncommitted) == (
        utc("2026-01-05T10:00:00Z"),
        utc("2026-01-05T10:00:00Z"),
        True,
    )
    assert history.page("new/draft.md") == PageHistory("new/draft.md", uncommitted=True)
    assert not history.page("kept.md").uncommitted
    assert history.notices == (
        Notice(
            "info",
            "2 pages have changes that are not committed yet: they show the dates and contributors of their"
            " last commit (new pages show none) until you commit them",
        ),
    )
    assert {c.src_uri for c in history.changes} == {"edited.md", "kept.md"}


def test_repository_without_commits(git_repo: GitRepo) -> None:
    git_repo.write("docs/index.md")
    git_repo.write("docs/lessons/a.md")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert history.head is None and history.enabled
    assert history.pages == {
        "index.md": PageHistory("index.md", uncommitted=True),
        "lessons/a.md": PageHistory("lessons/a.md", uncommitted=True),
    }
    assert history.notices[0].message.startswith("2 pages have changes that are not committed yet")


def test_repository_root_above_docs_dir(git_repo: GitRepo) -> None:
    git_repo.write("README.md")
    git_repo.write("site-src/mkdocs.yml", "site_name: x\n")
    git_repo.write("site-src/docs/index.md")
    git_repo.write("site-src/docs/lessons/x.md")
    git_repo.write("site-src/docsextra/not-me.md")
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.write("README.md", "# Changed\n")
    git_repo.write("site-src/docsextra/not-me.md", "# Changed\n")
    git_repo.commit("Outside the docs", date="2026-01-06T10:00:00Z")
    git_repo.write("README.md", "# Changed again\n")  # uncommitted, but outside the docs

    history = read_history(git_repo.path("site-src/docs"), DEFAULTS, environ=LOCAL)

    assert sorted(history.pages) == ["index.md", "lessons/x.md"]
    assert history.page("lessons/x.md").updated == utc("2026-01-05T10:00:00Z")
    assert history.notices == ()


def test_non_ascii_file_names(git_repo: GitRepo) -> None:
    git_repo.write("docs/lessons/café.md", "".join(f"ligne {n}\n" for n in range(30)))
    git_repo.write("docs/répertoire avec espaces/naïve “quote”.md")
    git_repo.commit("Ajouter", date="2026-01-05T10:00:00Z", author=("Zoë Ångström", "zoe@example.org"))
    git_repo.mv("docs/lessons/café.md", "docs/lessons/crème brûlée.md")
    git_repo.commit("Renommer", date="2026-01-06T10:00:00Z")
    git_repo.write("docs/lessons/日本語.md")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert sorted(history.pages) == [
        "lessons/crème brûlée.md",
        "lessons/日本語.md",
        "répertoire avec espaces/naïve “quote”.md",
    ]
    moved = history.page("lessons/crème brûlée.md")
    assert (moved.created, moved.created_by) == (utc("2026-01-05T10:00:00Z"), "Zoë Ångström")
    assert history.page("lessons/日本語.md").uncommitted
    assert history.contributors[0].name == "Zoë Ångström"


def test_merged_branch_commits_are_credited(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.write("docs/b.md")
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.git("switch", "-q", "-c", "topic")
    git_repo.write("docs/a.md", "# On the branch\n")
    branch = git_repo.commit("Branch edit", date="2026-01-06T10:00:00Z", author=BEA)
    git_repo.git("switch", "-q", "main")
    git_repo.write("docs/b.md", "# On main\n")
    git_repo.commit("Main edit", date="2026-01-07T10:00:00Z")
    git_repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge topic",
        "topic",
        env=identity(ADA, "2026-01-08T10:00:00Z"),
    )

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    a = history.page("a.md")
    assert (a.updated, a.updated_by, a.changes[0].sha) == (utc("2026-01-06T10:00:00Z"), "Bea Ortiz", branch)
    assert "Merge topic" not in {c.subject for c in history.changes}


def test_commits_outside_the_docs_folder_are_not_credited(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.write("mkdocs.yml", "site_name: x\n")
    git_repo.write("hooks/x.py", "")
    git_repo.commit("Configure", date="2026-01-06T10:00:00Z", author=BEA)

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert [c.name for c in history.contributors] == ["Ada Lovelace"]
    assert [c.subject for c in history.changes] == ["Add"]
    assert history.page("a.md").updated == utc("2026-01-05T10:00:00Z")


def test_branch_discarded_by_its_merge_is_not_credited(git_repo: GitRepo) -> None:
    # git simplifies the history of the docs folder: a merge that kept main's docs unchanged
    # (`-s ours`) brings in none of the branch's edits, so the branch's author is not credited.
    git_repo.write("docs/a.md")
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.git("switch", "-q", "-c", "topic")
    git_repo.write("docs/a.md", "# Abandoned\n")
    git_repo.commit("Abandoned edit", date="2026-01-06T10:00:00Z", author=BEA)
    git_repo.git("switch", "-q", "main")
    git_repo.git(
        "merge", "-q", "-s", "ours", "-m", "Merge topic", "topic", env=identity(ADA, "2026-01-07T10:00:00Z")
    )

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert [c.subject for c in history.changes] == ["Add"]
    assert [c.name for c in history.contributors] == ["Ada Lovelace"]


def test_deleted_then_recreated_page_starts_again(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.rm("docs/a.md")
    git_repo.commit("Remove", date="2026-01-06T10:00:00Z")
    git_repo.write("docs/a.md", "# A new page\n")
    git_repo.commit("Write a new a", date="2026-01-07T10:00:00Z", author=BEA)

    a = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL).page("a.md")

    assert (a.created, a.created_by, a.authors) == (utc("2026-01-07T10:00:00Z"), "Bea Ortiz", ("Bea Ortiz",))


@pytest.fixture
def shallow_clone(git_repo: GitRepo, tmp_path: Path) -> GitRepo:
    git_repo.write("docs/a.md")
    git_repo.commit("Add a", date="2026-01-05T10:00:00Z")
    git_repo.write("docs/b.md")
    git_repo.commit("Add b", date="2026-01-06T10:00:00Z")
    clone = GitRepo(tmp_path / "clone", home=git_repo.home, init=False)
    clone.git("clone", "-q", "--depth", "1", f"file://{git_repo.root}", str(clone.root), cwd=tmp_path)
    return clone


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_shallow_clone_fails_in_ci(shallow_clone: GitRepo, ci: str) -> None:
    with pytest.raises(CommonsError) as error:
        read_history(shallow_clone.path("docs"), DEFAULTS, environ={"CI": ci})
    message = str(error.value)
    assert message.startswith(f"{shallow_clone.root}: the repository is a shallow clone")
    assert "`fetch-depth: 0`" in message and "`git fetch --unshallow`" in message


@pytest.mark.parametrize("environ", [{}, {"CI": ""}, {"CI": "false"}, {"CI": "0"}])
def test_shallow_clone_warns_locally(shallow_clone: GitRepo, environ: dict[str, str]) -> None:
    history = read_history(shallow_clone.path("docs"), DEFAULTS, environ=environ)

    assert history.shallow
    assert [n.level for n in history.notices] == ["warning"]
    assert "fetch-depth: 0" in history.notices[0].message
    assert history.page("a.md").created == utc("2026-01-06T10:00:00Z")  # what the warning is about


def test_no_repository_is_an_error_when_history_is_on(
    tmp_path: Path, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "download" / "docs"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text("# A\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # even if /tmp were inside a repository

    with pytest.raises(CommonsError) as error:
        read_history(docs, DEFAULTS, environ=LOCAL)

    assert str(error.value) == (
        f"{docs} is not inside a git repository, so pages cannot show dates or contributors — clone the site"
        " with `git clone` instead of downloading an archive, or set `history: false` under"
        " `extra.commons` in mkdocs.yml"
    )


def test_history_off_runs_no_git(tmp_path: Path, git_calls: GitCalls) -> None:
    history = read_history(tmp_path, HistorySettings(enabled=False), environ=LOCAL)

    assert history == History(enabled=False, notices=(Notice("info", DISABLED_MESSAGE),))
    assert history.page("a.md") == PageHistory("a.md")
    assert git_calls() == []


def test_git_not_installed(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    git_repo.write("docs/a.md")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    with pytest.raises(
        CommonsError, match=r"^git is not installed \(or not on PATH\), .* — install git, or set"
    ):
        read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)


def test_missing_docs_folder(git_repo: GitRepo) -> None:
    with pytest.raises(CommonsError, match=r"does not exist — check `docs_dir` in mkdocs\.yml$"):
        read_history(git_repo.path("nope"), DEFAULTS, environ=LOCAL)


def test_a_failing_git_command_names_the_command(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md", "# one\n")
    git_repo.commit("One", date="2026-01-05T10:00:00Z")
    git_repo.write("docs/a.md", "# two\n")
    git_repo.commit("Two", date="2026-01-06T10:00:00Z")
    tree = git_repo.git("rev-parse", "HEAD~1^{tree}").strip()
    git_repo.path(f".git/objects/{tree[:2]}/{tree[2:]}").unlink()  # a damaged clone: a missing object

    with pytest.raises(CommonsError) as error:
        read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    message = str(error.value)
    assert message.startswith("`git log -z --date-order --sparse --cc --raw -M -l5000 ")
    assert f"failed in {git_repo.path('docs')} (exit status 128): fatal: " in message
    assert tree in message
    assert message.endswith("if the clone is damaged (missing objects), clone the repository again")
    assert "Traceback" not in message and "\n" not in message


def big_history(pages: int, edits: int) -> list[FastCommit]:
    people = [ADA, BEA, CAI]
    commits = [
        FastCommit(
            f"Add page {n}",
            {f"docs/section-{n % 7}/page-{n:03}.md": f"# Page {n}\n"},
            date=f"2025-{1 + n // 28:02}-{1 + n % 28:02}T10:00:00Z",
            author=people[n % 3],
        )
        for n in range(pages)
    ]
    commits += [
        FastCommit(
            f"Edit page {n % pages}",
            {f"docs/section-{n % pages % 7}/page-{n % pages:03}.md": f"# Page {n % pages}\n\nEdit {n}.\n"},
            date=f"2026-{1 + n // 28:02}-{1 + n % 28:02}T00:00:00Z",
            author=people[(n + 1) % 3],
        )
        for n in range(edits)
    ]
    return commits


def test_git_processes_do_not_grow_with_pages_or_commits(git_repo: GitRepo, git_calls: GitCalls) -> None:
    git_repo.fast_import(big_history(pages=300, edits=300))
    assert git_repo.git("rev-list", "--count", "HEAD").strip() == "600"

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    # The second log lists the renames of the 300 commits that added pages (none came from outside).
    assert subcommands(git_calls()) == ["rev-parse", "status", "log", "log"]
    assert len(history.pages) == 300 and len(history.changes) == 600
    page = history.page("section-5/page-012.md")  # added by commit 12, edited by edit 12
    assert (page.created, page.updated) == (utc("2025-01-13T10:00:00Z"), utc("2026-01-13T00:00:00Z"))
    assert (page.created_by, page.updated_by) == ("Ada Lovelace", "Bea Ortiz")
    assert sum(len(s.pages_created) for s in history.contributors) == 300


def test_cache_skips_the_log_until_head_changes(git_repo: GitRepo, git_calls: GitCalls) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add a", date="2026-01-05T10:00:00Z")
    cache = HistoryCache()
    docs = git_repo.path("docs")

    first = cache.get(docs, DEFAULTS, LOCAL)
    again = cache.get(docs, DEFAULTS, LOCAL)
    assert again is first
    assert subcommands(git_calls()) == ["rev-parse", "status", "log", "rev-parse", "status"]

    git_repo.write("docs/a.md", "# Being edited\n")
    edited = cache.get(docs, DEFAULTS, LOCAL)
    assert edited.page("a.md").uncommitted and not first.page("a.md").uncommitted
    assert subcommands(git_calls()).count("log") == 1  # the working tree changed, HEAD did not

    git_repo.commit("Edit a", date="2026-01-09T10:00:00Z", author=BEA)
    committed = cache.get(docs, DEFAULTS, LOCAL)
    assert subcommands(git_calls()).count("log") == 2
    assert (committed.page("a.md").updated, committed.page("a.md").updated_by) == (
        utc("2026-01-09T10:00:00Z"),
        "Bea Ortiz",
    )
    assert not committed.page("a.md").uncommitted


def test_history_commands_never_write_config(git_repo: GitRepo, git_calls: GitCalls) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add a")
    config = git_repo.path(".git/config").read_bytes()

    read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert git_repo.path(".git/config").read_bytes() == config
    assert not any(" config " in f" {call} " for call in git_calls())
    assert all("--no-optional-locks" in call for call in git_calls())


def test_git_runs_without_a_shell(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add a")
    seen: list[tuple[object, dict[str, object]]] = []
    real_run = subprocess.run

    def spy(argv: Any, **kwargs: Any) -> Any:
        seen.append((argv, kwargs))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    read_history(git_repo.path("docs"), DEFAULTS, environ=LOCAL)

    assert len(seen) == 3
    for argv, kwargs in seen:
        assert isinstance(argv, list) and argv[0] == "git"
        assert not kwargs.get("shell") and kwargs["cwd"] in (git_repo.path("docs"), git_repo.root)
