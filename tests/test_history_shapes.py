"""Git history of any shape: separator bytes, merges, odd environments and dates, pages moved into the
docs folder. Real throwaway repositories, no MkDocs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from gitrepo import ADA, FastCommit, GitRepo, epoch, identity, logging_git, utc
from learning_commons.arrivals import source_paths
from learning_commons.commitlog import UNNAMED, Contributor, FileChange, parse_log
from learning_commons.history import HistorySettings, read_history
from learning_commons.problems import CommonsError
from sitebuild import ROOT, write_project

BEA = ("Bea Ortiz", "bea@example.org")
CAI = ("Cai Lin", "cai@example.org")
MOVER = ("Mo Ver", "mover@example.org")
DEFAULTS = HistorySettings()
NOW = {"SOURCE_DATE_EPOCH": str(epoch("2026-06-01T00:00:00Z"))}  # the build's "now", no CI


@pytest.fixture
def git_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    log = logging_git(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    return lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []


# -- bytes no name, subject or path can use to break the log ---------------------------------------------


@pytest.mark.parametrize(
    "name, shown",
    [
        ("Eve\x1e\x1fRecord", "Eve\\u001e\\u001fRecord"),  # the old record and field separators
        ("Mallory \u202eredliw", "Mallory \\u202eredliw"),  # a right-to-left override
        ("Bell\x07 Ringer", "Bell\\u0007 Ringer"),
        ("Zoë \u200dJoiner", "Zoë \u200dJoiner"),  # a zero-width joiner belongs in many names
        (
            "Zero\u200bWidth \ufeffMark",
            "Zero\\u200bWidth \\ufeffMark",
        ),  # invisible, and nobody's name needs them
        ("Word\u2060Joiner", "Word\\u2060Joiner"),
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),  # a Persian name keeps its non-joiner
        ("   ", UNNAMED),
    ],
)
def test_any_author_name_is_read_and_shown_escaped(git_repo: GitRepo, name: str, shown: str) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add a", date="2026-01-05T10:00:00Z")
    git_repo.write("docs/a.md", "# Edited\n")
    sha = git_repo.raw_commit(
        "Edit\x1e\x1f a\x07 \u202eyes", author=f"{name} <x\x1f@example.org> 1767780000 +0000"
    )
    git_repo.write("docs/b.md")
    git_repo.commit("Add b", date="2026-01-08T10:00:00Z", author=BEA)

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    a = history.page("a.md")
    assert (a.updated, a.updated_by, a.authors) == (
        utc("2026-01-07T10:00:00Z"),
        shown,
        ("Ada Lovelace", shown),
    )
    assert a.changes[0].sha == sha
    assert a.changes[0].subject == "Edit\\u001e\\u001f a\\u0007 \\u202eyes"
    assert history.page("b.md").created_by == "Bea Ortiz"  # the commits after it are still read


def test_an_author_without_name_or_email_is_credited_as_unnamed(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.raw_commit("No one", author=" <> 1767607200 +0000")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    assert (history.page("a.md").created, history.page("a.md").created_by) == (
        utc("2026-01-05T10:00:00Z"),
        UNNAMED,
    )


def test_a_mailmap_or_replace_ref_with_separator_bytes(git_repo: GitRepo) -> None:
    git_repo.write(".mailmap", "Ada\x1f\x1e Lovelace <ada@example.org>\n")
    git_repo.write("docs/a.md")
    git_repo.commit("Add a", date="2026-01-05T10:00:00Z")
    git_repo.write("docs/a.md", "# Edited\n")
    edit = git_repo.commit("Edit a", date="2026-01-06T10:00:00Z", author=BEA)
    # The edit's published commit is replaced by one whose subject holds the separators.
    git_repo.git("reset", "-q", "--soft", "HEAD~1")
    replacement = git_repo.raw_commit(
        "Replaced\x1e\x1f\x1e", author="Cai\x1e <cai@example.org> 1767693600 +0000"
    )
    git_repo.git("reset", "-q", "--soft", edit)
    git_repo.git("replace", edit, replacement)

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    a = history.page("a.md")
    assert a.created_by == "Ada\\u001f\\u001e Lovelace"
    assert (a.updated_by, a.changes[0].subject) == ("Cai\\u001e", "Replaced\\u001e\\u001f\\u001e")


def test_file_names_that_look_like_statuses_or_commits(git_repo: GitRepo) -> None:
    # The docs folder is the repository's root here, so paths come without a folder in front.
    sha_like = "0123456789abcdef0123456789abcdef01234567"
    for name in ("M", "R100", "AA", sha_like, "\nM.md", "a.md"):
        git_repo.write(name, "x\n")
    git_repo.commit("Odd names", date="2026-01-05T10:00:00Z")
    git_repo.mv(sha_like, "R050")
    git_repo.write("a.md", "# Edited\n")
    git_repo.commit("Move and edit", date="2026-01-06T10:00:00Z", author=BEA)

    history = read_history(git_repo.root, DEFAULTS, environ=NOW)

    assert history.page("\nM.md").created == utc("2026-01-05T10:00:00Z")
    assert history.page("a.md").updated_by == "Bea Ortiz"


def test_the_log_parser_reads_fields_by_position_only() -> None:
    one, two, three = "1" * 40, "2" * 40, "3" * 40
    raw = "\0".join(
        [
            # A subject holding a line break, the old separators and text shaped like a change.
            *(two, f"{one} {three}", "Mo\x1e", "m@x", "1767607200", "", "", "M\nM R100 x"),
            "",  # a merge lists its line counts first
            *("", "1\t0\tdocs/resolved.md", "::100644 100644 100644 a b c AM", "docs/resolved.md", ""),
            *(one, "", "", "", "", "Bo <bo@x>\nnot a contact\n", "Says why\n\x07and how\n", ""),
            "",
            *("\n:100644 100644 a b R087", "docs/old.md", "docs/new.md", ":000000 100644 0 c A"),
            *("docs/" + three + ".md", "3\t2\t", "docs/old.md", "docs/new.md", f"-\t-\tdocs/{three}.md"),
            "",
        ]
    )

    merge, root = parse_log(raw)

    assert (merge.sha, merge.parents, merge.author.name, merge.subject, merge.note) == (
        two,
        (one, three),
        "Mo\\u001e",
        "M\\u000aM R100 x",
        "",
    )
    assert merge.changes == (FileChange("M", "docs/resolved.md", lines=1),)
    assert (root.author.name, root.bad_stamp, root.coauthors) == (UNNAMED, "", (Contributor("Bo", "bo@x"),))
    assert root.note == "Says why \\u0007and how"  # one line per Change: trailer, joined
    assert root.changes == (
        FileChange("R", "docs/new.md", "docs/old.md", 87, lines=3),
        FileChange("A", f"docs/{three}.md"),  # binary: no line count
    )
    with pytest.raises(
        CommonsError, match=r"^could not read the output of `git log` near 'not a sha' — please"
    ):
        parse_log("not a sha\0\0")


# -- merges ---------------------------------------------------------------------------------------------


def merge(repo: GitRepo, branch: str, date: str, *extra: str) -> None:
    repo.git("merge", "-q", "--no-ff", "-m", f"Merge {branch}", *extra, branch, env=identity(CAI, date))


def test_a_page_added_or_resolved_in_a_merge_is_dated_and_credited(git_repo: GitRepo) -> None:
    git_repo.write("docs/conflict.md", "# One\n")
    git_repo.write("docs/plain.md")
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.git("switch", "-q", "-c", "topic")
    git_repo.write("docs/conflict.md", "# Branch\n")
    git_repo.write("docs/plain.md", "# Branch only\n")
    git_repo.commit("Branch edit", date="2026-01-06T10:00:00Z", author=BEA)
    git_repo.git("switch", "-q", "main")
    git_repo.write("docs/conflict.md", "# Main\n")
    git_repo.commit("Main edit", date="2026-01-07T10:00:00Z")
    proc_env = identity(CAI, "2026-01-08T10:00:00Z")
    with pytest.raises(AssertionError, match="merge"):  # a conflict, resolved below
        git_repo.git("merge", "-q", "--no-commit", "topic", env=proc_env)
    git_repo.write("docs/conflict.md", "# Both, resolved\n")
    git_repo.write("docs/evil.md", "# Written while merging\n")
    git_repo.git("add", "-A", "docs")
    git_repo.git("commit", "-q", "--no-edit", env=proc_env)
    merge_sha = git_repo.head()

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    evil = history.page("evil.md")
    assert (evil.created, evil.created_by, evil.changes[0].sha) == (
        utc("2026-01-08T10:00:00Z"),
        "Cai Lin",
        merge_sha,
    )
    conflict = history.page("conflict.md")
    assert (conflict.updated, conflict.updated_by) == (utc("2026-01-08T10:00:00Z"), "Cai Lin")
    assert conflict.authors == ("Ada Lovelace", "Bea Ortiz", "Cai Lin")
    # The branch's own edit is the branch author's; the merge did not touch it.
    plain = history.page("plain.md")
    assert (plain.updated, plain.updated_by, plain.authors) == (
        utc("2026-01-06T10:00:00Z"),
        "Bea Ortiz",
        ("Ada Lovelace", "Bea Ortiz"),
    )


def test_a_clean_merge_credits_the_merger_for_nothing(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.write("docs/b.md")
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.git("switch", "-q", "-c", "topic")
    for n in range(3):
        git_repo.write(f"docs/new-{n}.md")
        git_repo.write("docs/a.md", f"# Branch {n}\n")
        git_repo.commit(f"Branch {n}", date=f"2026-01-0{6 + n}T10:00:00Z", author=BEA)
    git_repo.git("switch", "-q", "main")
    git_repo.write("docs/b.md", "# Main\n")
    git_repo.commit("Main edit", date="2026-01-06T12:00:00Z")
    merge(git_repo, "topic", "2026-01-10T10:00:00Z")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    assert "Cai Lin" not in {c.name for c in history.contributors}
    assert {c.subject for c in history.changes}.isdisjoint({"Merge topic"})
    assert history.page("new-2.md").created == utc("2026-01-08T10:00:00Z")


def test_a_merge_that_combines_both_sides_edits_of_a_page_is_an_update_by_the_merger(
    git_repo: GitRepo,
) -> None:
    lines = "".join(f"Line {n}.\n" for n in range(10))
    git_repo.write("docs/a.md", lines)
    git_repo.commit("Add", date="2026-01-05T10:00:00Z")
    git_repo.git("switch", "-q", "-c", "topic")
    git_repo.write("docs/a.md", lines.replace("Line 1.", "Line one."))
    git_repo.commit("Topic edit", date="2026-01-06T10:00:00Z", author=BEA)
    git_repo.git("switch", "-q", "main")
    git_repo.write("docs/a.md", lines.replace("Line 8.", "Line eight."))
    git_repo.commit("Main edit", date="2026-01-07T10:00:00Z")
    merge(git_repo, "topic", "2026-01-08T10:00:00Z")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    # The merged text is neither side's: git's combined diff lists it, so the merge is the last update.
    a = history.page("a.md")
    assert (a.updated, a.updated_by, a.authors) == (
        utc("2026-01-08T10:00:00Z"),
        "Cai Lin",
        ("Ada Lovelace", "Bea Ortiz", "Cai Lin"),
    )


# -- where the repository is ------------------------------------------------------------------------------


def test_git_dir_and_index_in_the_environment_are_ignored(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    git_repo.write("docs/a.md")
    git_repo.commit("Add a", date="2026-01-05T10:00:00Z")
    other = GitRepo(tmp_path / "other")
    other.write("x.md")
    other.commit("Elsewhere", date="2026-02-05T10:00:00Z")
    # As inside a git hook of another repository, and as inside one of this one (GIT_DIR alone makes
    # git take the current folder, the docs folder, for the working tree).
    for git_dir in (other.path(".git"), git_repo.path(".git")):
        monkeypatch.setenv("GIT_DIR", str(git_dir))
        monkeypatch.setenv("GIT_INDEX_FILE", str(tmp_path / "no-index"))

        history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

        assert history.page("a.md").created == utc("2026-01-05T10:00:00Z")
        assert not history.page("a.md").uncommitted


def test_a_docs_folder_in_a_submodule(git_repo: GitRepo, tmp_path: Path) -> None:
    wiki = GitRepo(tmp_path / "wiki", home=git_repo.home)
    wiki.write("docs/a.md")
    wiki.commit("Add a", date="2026-01-05T10:00:00Z", author=BEA)
    git_repo.write("README.md", "x\n")
    git_repo.commit("Start", date="2026-01-06T10:00:00Z")
    git_repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(wiki.root), "wiki")
    git_repo.commit("Add the wiki", date="2026-01-07T10:00:00Z")

    history = read_history(git_repo.path("wiki/docs"), DEFAULTS, environ=NOW)

    a = history.page("a.md")
    assert (a.created, a.created_by, a.uncommitted) == (utc("2026-01-05T10:00:00Z"), "Bea Ortiz", False)


# -- dates a calendar cannot hold -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stamp, what",
    [
        ("-100", "dated before 1970, or with a date git cannot read"),
        ("0", "dated before 1970, or with a date git cannot read"),
        ("soon", "dated before 1970, or with a date git cannot read"),
        ("253402300800", "dated after the year 9999 (timestamp 253402300800)"),
        ("100000000000000000", "dated after the year 9999 (timestamp 100000000000000000)"),
        ("7258118400", "dated 2200-01-01, after this build (2026-06-01)"),  # 1 Jan 2200
        (str(epoch("2026-06-03T00:00:00Z")), "dated 2026-06-03, after this build (2026-06-01)"),
    ],
)
def test_a_commit_dated_out_of_range_takes_the_date_before_it(
    git_repo: GitRepo, stamp: str, what: str
) -> None:
    git_repo.write("docs/old.md")
    git_repo.commit("Add old", date="2026-01-05T10:00:00Z")
    git_repo.write("docs/new.md")
    git_repo.write("docs/old.md", "# Edited\n")
    sha = git_repo.raw_commit("Broken clock", author=f"Bea Ortiz <bea@example.org> {stamp} +0000")
    git_repo.write("docs/later.md")
    git_repo.commit("Add later", date="2026-02-05T10:00:00Z")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    new = history.page("new.md")
    assert (new.created, new.updated, new.created_by) == (utc("2026-01-05T10:00:00Z"),) * 2 + ("Bea Ortiz",)
    assert history.page("old.md").updated == utc("2026-01-05T10:00:00Z")
    assert history.page("later.md").created == utc("2026-02-05T10:00:00Z")
    assert [n.message for n in history.notices if n.level == "warning"] == [
        f"commit {sha[:12]} ('Broken clock') is {what}: its pages take the date of the commit before it,"
        " 2026-01-05 — nothing to fix in the pages; to accept this date, add the commit's full SHA"
        f" ({sha}) to .git-blame-ignore-revs"
    ]
    git_repo.write(".git-blame-ignore-revs", f"{sha}\n")
    quiet = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)
    assert quiet.notices == () and quiet.page("new.md").created == utc("2026-01-05T10:00:00Z")


def test_the_review_list_survives_a_commit_in_the_year_10000(git_repo: GitRepo) -> None:
    playbook = "---\ntitle: A playbook\nsummary: A playbook long enough to be valid here.\ntags: [feedback]\n---\n\nText.\n"
    config = write_project(git_repo.root, {"playbooks/p.md": playbook})
    git_repo.commit("Add a playbook", date="2025-01-05T10:00:00Z")
    git_repo.write("docs/playbooks/p.md", playbook + "\nMore.\n")
    git_repo.raw_commit("Edit far ahead", author=f"Ada Lovelace <ada@example.org> {10**17} +0000")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch("2026-06-01T00:00:00Z"))}

    due = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check.py"), "--due", "--config", str(config)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    # The edit takes the date of the commit before it, so the 12-month review fell due on 5 Jan 2026.
    assert (due.returncode, "Traceback" in due.stderr) == (0, False), due.stderr
    assert "playbooks/p.md: review 147 days overdue (due 2026-01-05" in due.stdout, due.stdout


def test_a_first_commit_in_the_future_takes_the_next_date(git_repo: GitRepo) -> None:
    git_repo.write("docs/a.md")
    git_repo.raw_commit("From the future", author="Ada Lovelace <ada@example.org> 7258118400 +0000")
    git_repo.write("docs/b.md")
    git_repo.commit("Add b", date="2026-01-05T10:00:00Z")

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    assert history.page("a.md").created == utc("2026-01-05T10:00:00Z")
    (warning,) = [n.message for n in history.notices if n.level == "warning"]
    assert "its pages take the date of the first commit after it that has one, 2026-01-05 — " in warning


# -- pages that came from elsewhere in the repository ----------------------------------------------------


def test_pages_moved_into_the_docs_folder_keep_their_history(
    git_repo: GitRepo, git_calls: Callable[[], list[str]]
) -> None:
    git_repo.write("notes/a.md", "# A\n\nThe first version of a page written before the wiki existed.\n")
    git_repo.write("b.md", "# B\n\nAnother page, at the root of the repository, long enough to compare.\n")
    git_repo.commit("Start the notes", date="2015-05-01T10:00:00Z")
    git_repo.write("notes/a.md", "# A\n\nThe second version of a page written before the wiki existed.\n")
    git_repo.commit("Improve a", date="2016-05-01T10:00:00Z", author=BEA)
    git_repo.write("docs/index.md")
    git_repo.commit("Start the wiki", date="2026-01-05T10:00:00Z", author=CAI)
    git_repo.mv("notes/a.md", "docs/a.md")
    git_repo.mv("b.md", "docs/b.md")
    git_repo.write(
        "docs/b.md", "# B\n\nAnother page, at the root of the repository, long enough to compare!\n"
    )
    git_repo.commit("Move the notes into the wiki", date="2026-02-05T10:00:00Z", author=MOVER)

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    a = history.page("a.md")
    assert (a.created, a.updated, a.authors) == (
        utc("2015-05-01T10:00:00Z"),
        utc("2016-05-01T10:00:00Z"),
        ("Ada Lovelace", "Bea Ortiz"),
    )
    b = history.page("b.md")
    assert (b.created, b.created_by) == (utc("2015-05-01T10:00:00Z"), "Ada Lovelace")
    # Moving b with an edit is the mover's update of b; moving a alone is nothing.
    assert (b.updated_by, b.authors) == ("Mo Ver", ("Ada Lovelace", "Mo Ver"))
    assert history.page("index.md").created_by == "Cai Lin"
    assert [c.subject for c in a.changes] == ["Improve a", "Start the notes"]
    assert sum(" log " in f" {call} " for call in git_calls()) == 3


def test_pages_moved_in_are_followed_by_path_then_by_folder() -> None:
    assert source_paths(["README.md", "notes/a.md"]) == ["README.md", "notes/a.md"]  # few: the files
    many = [f"{folder}/{n}.md" for folder in ("a/b", "a", "a b", "a/b/d", "ab") for n in range(30)]
    assert source_paths(many) == ["a", "a b", "ab"]  # the fewest, outermost folders
    assert source_paths([*many, *(f"{n}.md" for n in range(30))]) == ["."]  # files at the root
    assert source_paths([f"f{n}/{m}.md" for n in range(50) for m in range(3)]) == sorted(
        f"f{n}" for n in range(50)
    )
    assert source_paths([f"f{n}/{m}.md" for n in range(51) for m in range(3)]) == ["."]


def adopted_history(pages: int, prefix: str) -> list[FastCommit]:
    """``pages`` pages under ``prefix`` written by three people in batches of 30, over several years;
    basenames repeat (index.md in many folders), so git must compare contents to pair them."""
    people = [ADA, BEA, CAI]
    batches = range(0, pages, 30)
    return [
        FastCommit(
            f"Write batch {start // 30}",
            {
                f"{prefix}s{n % 40}/p{n // 40}/index.md": f"# Page {n}\n\n"
                + f"Line {n} of a real page.\n" * 8
                for n in range(start, min(start + 30, pages))
            },
            date=f"{2015 + start // 300}-{1 + start // 30 % 10:02}-01T10:00:00Z",
            author=people[start // 30 % 3],
        )
        for start in batches
    ]


def moved(pages: int, old: str, new: str) -> FastCommit:
    """One commit by the mover that moves every page to ``new`` with a small edit, in other folders."""
    files: dict[str, str | None] = {}
    for n in range(pages):
        files[f"{old}s{n % 40}/p{n // 40}/index.md"] = None
        text = f"# Page {n}\n\n" + f"Line {n} of a real page.\n" * 8 + "Moved.\n"
        files[f"{new}t{n % 7}/s{n % 40}/p{n // 40}/index.md"] = text
    return FastCommit("Reorganise everything", files, date="2026-03-01T10:00:00Z", author=MOVER)


@pytest.mark.parametrize("old", ["", "handbook/"], ids=["from-the-root", "within-docs"])
def test_a_reorganisation_of_1200_pages_with_edits_keeps_every_history(
    git_repo: GitRepo, git_calls: Callable[[], list[str]], old: str
) -> None:
    pages = 1200
    old_prefix = "" if not old else "docs/handbook/"
    git_repo.fast_import([*adopted_history(pages, old_prefix), moved(pages, old_prefix, "docs/")])

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    assert len(history.pages) == pages
    for n in (0, 29, 30, 599, 1199):
        page = history.page(f"t{n % 7}/s{n % 40}/p{n // 40}/index.md")
        start = n // 30 * 30
        assert page.created == utc(f"{2015 + start // 300}-{1 + start // 30 % 10:02}-01T10:00:00Z"), n
        assert page.authors == (("Ada Lovelace", "Bea Ortiz", "Cai Lin")[n // 30 % 3],)
    assert "Mo Ver" not in {c.name for c in history.contributors}
    assert len(git_calls()) <= 5


# -- co-authors -------------------------------------------------------------------------------------------


def test_co_authors_are_credited_through_the_mailmap(
    git_repo: GitRepo, git_calls: Callable[[], list[str]]
) -> None:
    git_repo.write(".mailmap", "Bea Ortiz <bea@example.org> B. Ortiz <bea.old@example.org>\n")
    git_repo.write("docs/a.md")
    message = (
        "Write a together\n\nPaired on it.\n\n"
        "Co-authored-by: B. Ortiz <bea.old@example.org>\n"
        "co-authored-by: Cai Lin <cai@example.org>\n"
        "Co-authored-by: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>\n"
        "Co-authored-by: Ada Lovelace <ada@example.org>\n"
        "Co-authored-by: not a contact\n"
    )
    first = git_repo.commit(message, date="2026-01-05T10:00:00Z")
    git_repo.write("docs/a.md", "# Edited\n")
    git_repo.commit(
        "Edit a\n\nCo-authored-by: Cai Lin <cai@example.org>", date="2026-01-06T10:00:00Z", author=BEA
    )

    history = read_history(git_repo.path("docs"), DEFAULTS, environ=NOW)

    a = history.page("a.md")
    assert (a.created_by, a.updated_by) == ("Ada Lovelace", "Bea Ortiz")
    assert a.authors == ("Bea Ortiz", "Cai Lin", "Ada Lovelace")  # two commits each, then one
    assert [(c.author, c.subject) for c in a.changes] == [
        ("Bea Ortiz", "Edit a"),
        ("Ada Lovelace", "Write a together"),
    ]
    assert [c.sha for c in history.changes].count(first) == 1  # a change is listed once, under its author
    assert [(s.name, s.pages_created, s.pages_updated) for s in history.contributors] == [
        ("Bea Ortiz", ("a.md",), ("a.md",)),
        ("Cai Lin", ("a.md",), ("a.md",)),
        ("Ada Lovelace", ("a.md",), ()),
    ]
    assert sum(" check-mailmap " in f" {call} " for call in git_calls()) == 1


@pytest.mark.parametrize("most", [1, 2])
def test_small_edits_are_not_updates_unless_a_change_note_says_so(git_repo: GitRepo, most: int) -> None:
    lines = "".join(f"Line {n}.\n" for n in range(10))
    git_repo.write("a.md", lines)
    git_repo.write("b.md", lines)
    git_repo.write("c.md", lines)
    git_repo.commit("Start", date="2026-01-05T10:00:00Z")
    git_repo.write("a.md", lines.replace("Line 3.", "Line three."))  # one line rewritten: 1
    git_repo.write("b.md", lines.replace("Line 3.", "Line three.").replace("Line 4.", "Line four."))  # 2
    git_repo.write("c.md", lines.replace("Line 3.", "Line three."))
    git_repo.commit("Fix typos", date="2026-01-06T10:00:00Z", paths=["a.md", "b.md"])
    git_repo.commit("Reword\n\nChange: the third step, said plainly", date="2026-01-07T10:00:00Z")

    history = read_history(git_repo.root, HistorySettings(small_edit_lines=most), environ=NOW)

    updated = {src: history.page(src).updated for src in ("a.md", "b.md", "c.md")}
    assert updated["a.md"] == utc("2026-01-05T10:00:00Z")  # the typo fix is no update
    assert updated["b.md"] == utc("2026-01-06T10:00:00Z" if most == 1 else "2026-01-05T10:00:00Z")
    assert updated["c.md"] == utc("2026-01-07T10:00:00Z")  # as small, but with a note
    assert history.page("c.md").changes[0].note == "the third step, said plainly"
    everything = read_history(git_repo.root, HistorySettings(small_edit_lines=0), environ=NOW)
    assert everything.page("a.md").updated == utc("2026-01-06T10:00:00Z")
