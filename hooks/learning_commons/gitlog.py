"""The raw git pass: run a fixed, small number of git commands and parse their output into records
(the log's format and records are ``commitlog``'s).

Six commands at most, whatever the number of pages or commits:

1. ``git rev-parse --show-toplevel --show-prefix --is-shallow-repository --verify -q HEAD``
2. ``git status --porcelain=v1 -z --untracked-files=all -- .``
3. ``git log -z --sparse --raw --numstat -M --cc ... <head> -- .`` (skipped when there are no commits yet)
4. and 5. only when pages were added: see ``arrivals``.
6. ``git check-mailmap -- <contact>...`` only when commits have co-authors (``Co-authored-by``).

Every command runs with an argv list (no shell) in the docs folder, so the pathspec ``.`` is the docs
folder (4 and 5 run at the repository's top, with paths from there). The user's git configuration is never written; a few settings that would change the output
format (signatures, ``--follow``) are switched off for the one command with ``-c``. Variables that point
git at another repository (``GIT_DIR``, ``GIT_WORK_TREE``, ``GIT_INDEX_FILE``..., set inside git hooks)
are left out of git's environment: the history is always the one of the repository holding the docs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .commitlog import LOG_FORMAT, SHA, Commit, Contributor, parse_contact, parse_log
from .problems import CommonsError

# Options before the git subcommand. ``--literal-pathspecs`` so a docs folder named ``[draft]*`` is
# not a glob; ``--no-optional-locks`` so ``git status`` during ``mkdocs serve`` never takes the index
# lock away from the writer's own git commands.
_GIT_OPTIONS = (
    "--no-optional-locks",
    "--literal-pathspecs",
    "-c",
    "core.quotepath=off",
    "-c",
    "log.showSignature=false",
    "-c",
    "log.follow=false",
)

# Inexact renames (moved and edited) are looked for among this many added and deleted files at most; git's
# default (diff.renameLimit, 1,000) drops them all when one commit moves more. Exact renames are always
# found. 5,000 x 5,000 files take git a few seconds, once.
RENAME_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class RepoState:
    toplevel: Path
    prefix: str  # the docs folder relative to the repository root: "" or "site-src/docs/"
    shallow: bool
    head: str | None  # None in a repository with no commits yet


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """One ``git status --porcelain=v1`` entry: X is the index, Y the working tree."""

    x: str
    y: str
    path: str
    orig_path: str | None = None


class NotARepository(CommonsError):
    """The docs folder is not inside a git repository, or git is not installed."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(f"{what} — {fix}")
        self.what = what
        self.fix = fix


# What git hooks set (``git rev-parse --local-env-vars``): each would make git read another repository,
# index or object store than the one that holds the docs folder, or take the working tree to be the
# current folder (with GIT_DIR alone), so that no committed page would be found.
_REPOSITORY_VARIABLES = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_IMPLICIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
        "GIT_SHALLOW_FILE",
        "GIT_GRAFT_FILE",
        "GIT_INTERNAL_SUPER_PREFIX",
    }
)


def _git_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _REPOSITORY_VARIABLES}
    env["LC_ALL"] = "C"  # git's messages in English, so they can be recognised and quoted
    env["LANGUAGE"] = "C"
    return env


def describe(args: Sequence[str]) -> str:
    """The command as the user would type it (without the format-only options)."""
    return shlex.join(["git", *args])


def _run(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    argv = ["git", *_GIT_OPTIONS, *args]
    try:
        return subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, env=_git_env(), check=False)
    except FileNotFoundError as exc:
        raise NotARepository("git is not installed (or not on PATH)", "install git") from exc
    except OSError as exc:
        raise CommonsError(f"could not run `{describe(args)}` in {cwd}: {exc}") from exc


def _first_line(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.strip():
            return line.strip()
    return "(git printed no message)"


def _failure(args: Sequence[str], cwd: Path, proc: subprocess.CompletedProcess[bytes]) -> CommonsError:
    return CommonsError(
        f"`{describe(args)}` failed in {cwd} (exit status {proc.returncode}): {_first_line(proc.stderr)}"
        " — run that command in that folder to see the whole message; if the clone is damaged"
        " (missing objects), clone the repository again"
    )


def _output(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> str:
    proc = _run(args, cwd, stdin)
    if proc.returncode != 0:
        raise _failure(args, cwd, proc)
    # Paths are decoded with surrogateescape, exactly as os.walk (and so MkDocs) sees file names.
    return proc.stdout.decode("utf-8", "surrogateescape")


def probe(docs_dir: Path) -> RepoState:
    """Where the repository is, whether it is shallow and what HEAD is: one process."""
    args = [
        "rev-parse",
        "--show-toplevel",
        "--show-prefix",
        "--is-shallow-repository",
        "--verify",
        "-q",
        "HEAD",
    ]
    proc = _run(args, docs_dir)
    lines = proc.stdout.decode("utf-8", "surrogateescape").split("\n")
    if proc.returncode != 0 and "not a git repository" in _first_line(proc.stderr):
        ignored = sorted(_REPOSITORY_VARIABLES.intersection(os.environ))
        raise NotARepository(
            f"{docs_dir} is not inside a git repository"
            + (f" ({', '.join(ignored)} set in the environment, and left out)" if ignored else ""),
            "clone the site with `git clone` instead of downloading an archive",
        )
    # With --verify -q, an unborn HEAD (no commits yet) exits 1 after printing the other answers.
    if proc.returncode not in (0, 1) or len(lines) < 3 or (proc.returncode == 1 and proc.stderr.strip()):
        raise _failure(args, docs_dir, proc)
    head = lines[3].strip() if proc.returncode == 0 and len(lines) > 3 else ""
    return RepoState(
        toplevel=Path(lines[0]),
        prefix=lines[1],
        shallow=lines[2].strip() == "true",
        head=head or None,
    )


def read_status(docs_dir: Path) -> str:
    """The raw ``git status`` of the docs folder: one process. Also the cache key for ``mkdocs serve``."""
    args = ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=all", "--", "."]
    return _output(args, docs_dir)


def parse_status(raw: str) -> tuple[StatusEntry, ...]:
    entries: list[StatusEntry] = []
    tokens = iter(raw.split("\0"))
    for token in tokens:
        if len(token) < 4:
            continue
        x, y, path = token[0], token[1], token[3:]
        orig = next(tokens, "") if x in "RC" else None
        entries.append(StatusEntry(x, y, path, orig or None))
    return tuple(entries)


def log_command(head: str, paths: Sequence[str] = (".",)) -> list[str]:
    return [
        "log",
        "-z",
        "--date-order",  # parents after children, so the reversed list replays history in order
        # Lists every commit instead of testing each for a change under the path first: that test
        # diffed the docs folder a second time per commit, a third of this command's time on large
        # folders. Merges are still simplified; commits without changes here are dropped when parsed.
        "--sparse",
        # A merge lists only the files whose merged text matches none of its parents (a conflict
        # resolved, a page added or edited in the merge, or both sides' edits combined): what the
        # branches did is their commits'. --remerge-diff would leave out clean combinations too, but it
        # writes a temporary object folder into .git (a read-only clone fails) and costs twice as much.
        "--cc",
        *_CHANGE_OPTIONS,
        "--numstat",  # lines changed per page, so a typo fix is not an update (see history)
        head,
        "--",
        *paths,
    ]


_CHANGE_OPTIONS = (
    "--raw",  # --name-status would suppress --numstat; --raw carries the same status letters
    "-M",
    f"-l{RENAME_LIMIT}",
    "--no-relative",
    "--no-color",
    "--encoding=UTF-8",
    LOG_FORMAT,
)


def renames_command() -> list[str]:
    """The renames of the commits read from stdin, over the whole repository (see ``arrivals``)."""
    return ["log", "-z", "--no-walk=unsorted", "--stdin", "--diff-filter=R", *_CHANGE_OPTIONS]


def read_log(cwd: Path, head: str, paths: Sequence[str] = (".",)) -> tuple[Commit, ...]:
    """Every commit that touched ``paths`` (relative to ``cwd``: the docs folder), newest first: one
    process."""
    args = log_command(head, paths)
    return parse_log(_output(args, cwd), describe(args))


def read_renames(cwd: Path, shas: Sequence[str]) -> tuple[Commit, ...]:
    """The commits ``shas`` with only their renames, found over the whole repository: one process."""
    args = renames_command()
    return parse_log(_output(args, cwd, "".join(f"{sha}\n" for sha in shas).encode()), describe(args))


def read_mailmap(cwd: Path, people: Sequence[Contributor]) -> dict[Contributor, Contributor]:
    """What .mailmap makes of ``people`` (co-authors, whom ``%aN`` does not cover): one process for
    all of them. An answer git cannot give leaves everyone as written."""
    if not people:
        return {}
    proc = _run(["check-mailmap", "--", *(f"{person.name} <{person.email}>" for person in people)], cwd)
    answers = proc.stdout.decode("utf-8", "surrogateescape").split("\n")
    if proc.returncode != 0 or len(answers) < len(people):
        return {}
    mapped = {}
    for person, answer in zip(people, answers, strict=False):
        if (contact := parse_contact(answer)) is not None:
            mapped[person] = contact
    return mapped


def read_ignore_revs(path: Path) -> tuple[frozenset[str], tuple[tuple[int, str], ...]]:
    """Full SHAs from a ``.git-blame-ignore-revs`` file, and the lines that are not one.

    The format is git's own (``blame.ignoreRevsFile``): one SHA a line, ``#`` comments, blank lines.
    A missing or unreadable file ignores nothing.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset(), ()
    revs: set[str] = set()
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        rev = line.split("#", 1)[0].strip().lower()
        if SHA.match(rev):
            revs.add(rev)
        elif rev:
            bad.append((number, rev))
    return frozenset(revs), tuple(bad)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """Modification time and size, to notice that .mailmap or the ignore-revs file changed."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def git_output(args: Sequence[str], cwd: Path) -> bytes:
    """The raw output of one git command (a tar archive, NUL-separated names); raises CommonsError with
    advice when it fails."""
    proc = _run(args, cwd)
    if proc.returncode != 0:
        raise _failure(args, cwd, proc)
    return proc.stdout
