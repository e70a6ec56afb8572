"""The raw git pass: run a fixed, small number of git commands and parse their output into records.

Three commands at most, whatever the number of pages or commits:

1. ``git rev-parse --show-toplevel --show-prefix --is-shallow-repository --verify -q HEAD``
2. ``git status --porcelain=v1 -z --untracked-files=all -- .``
3. ``git log -z --sparse --name-status -M ... <head> -- .`` (skipped when the repository has no commits yet)

Every command runs with an argv list (no shell) in the docs folder, so the pathspec ``.`` is the docs
folder. The user's git configuration is never written; a few settings that would change the output
format (signatures, ``--follow``) are switched off for the one command with ``-c``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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

_RECORD = "\x1e"
_FIELD = "\x1f"
# Author name and email are mailmapped (%aN, %aE): .mailmap is the one place that merges identities.
# %ct is the committer time: see ``Commit.when``.
_LOG_FORMAT = "--format=%x1e%H%x1f%aN%x1f%aE%x1f%ct%x1f%s%x1f"
_SHA = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")


@dataclass(frozen=True, slots=True)
class Contributor:
    """A person as git knows them after .mailmap. The email is kept for identity and never shown."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class FileChange:
    """One ``--name-status`` entry. Paths are relative to the repository root, with forward slashes."""

    status: str  # A, M, D, T, R or C
    path: str
    old_path: str | None = None  # the source of a rename or copy
    similarity: int | None = None  # R100 is a pure rename; R087 a rename with changes


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: Contributor
    # Committer time, not author time: the moment the change landed on the branch. Author dates survive
    # rebases and squash merges, so a page merged today could otherwise show a date from last month.
    when: datetime
    subject: str
    changes: tuple[FileChange, ...]


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


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env["LC_ALL"] = "C"  # git's messages in English, so they can be recognised and quoted
    env["LANGUAGE"] = "C"
    return env


def describe(args: Sequence[str]) -> str:
    """The command as the user would type it (without the format-only options)."""
    return shlex.join(["git", *args])


def _run(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    argv = ["git", *_GIT_OPTIONS, *args]
    try:
        return subprocess.run(argv, cwd=cwd, capture_output=True, env=_git_env(), check=False)
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


def _output(args: Sequence[str], cwd: Path) -> str:
    proc = _run(args, cwd)
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
        raise NotARepository(
            f"{docs_dir} is not inside a git repository",
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


def log_command(head: str) -> list[str]:
    return [
        "log",
        "-z",
        "--no-merges",  # a merge adds nothing of its own; the commits it brings in are listed
        "--date-order",  # parents after children, so the reversed list replays history in order
        # Lists every commit instead of testing each for a change under the path first: that test
        # diffed the docs folder a second time per commit, a third of this command's time on large
        # folders. Merges are still simplified; commits without changes here are dropped when parsed.
        "--sparse",
        "--name-status",
        "-M",
        "--no-relative",
        "--no-color",
        "--encoding=UTF-8",
        _LOG_FORMAT,
        head,
        "--",
        ".",
    ]


def read_log(docs_dir: Path, head: str) -> tuple[Commit, ...]:
    """Every commit that touched the docs folder, newest first: one process."""
    args = log_command(head)
    return parse_log(_output(args, docs_dir), describe(args))


def parse_log(raw: str, command: str = "git log") -> tuple[Commit, ...]:
    commits: list[Commit] = []
    for record in raw.split(_RECORD)[1:]:
        fields = record.split(_FIELD)
        if len(fields) < 6 or not _SHA.match(fields[0]) or not fields[3].isdigit():
            raise CommonsError(
                f"could not read the output of `{command}` near {record[:60]!r} — "
                "please report this with the output of that command"
            )
        changes = _parse_changes(fields[-1])
        if not changes:  # a commit outside the docs folder (see --sparse)
            continue
        sha, name, email, stamp = fields[:4]
        subject = _FIELD.join(fields[4:-1]).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        commits.append(
            Commit(
                sha=sha,
                author=Contributor(_text(name), _text(email)),
                when=datetime.fromtimestamp(int(stamp), UTC),
                subject=subject,
                changes=changes,
            )
        )
    return tuple(commits)


def _text(raw: str) -> str:
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _parse_changes(raw: str) -> tuple[FileChange, ...]:
    tokens = iter(raw.lstrip("\0\n").split("\0"))
    changes: list[FileChange] = []
    for status in tokens:
        if not status:
            continue
        kind = status[0]
        if kind in "RC":
            old, new = next(tokens, ""), next(tokens, "")
            score = int(status[1:]) if status[1:].isdigit() else None
            changes.append(FileChange(kind, new, old, score))
        else:
            changes.append(FileChange(kind, next(tokens, "")))
    return tuple(changes)


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
        if _SHA.match(rev):
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
