"""A throwaway git repository for tests, with fixed identities and dates so expected values are exact.

Use the ``git_repo`` fixture (list ``"gitrepo"`` in the root conftest's ``pytest_plugins``), call
``isolated_repo(tmp_path, monkeypatch)`` from a fixture of your own, or build a
``GitRepo(tmp_path / "repo", home=tmp_path / "home")`` yourself. Every git command runs with an
isolated HOME and ``GIT_CONFIG_NOSYSTEM=1``, so the developer's own git configuration cannot change a
result; the fixture isolates the test process the same way, for the code under test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Resolved once, before any test puts a logging wrapper first on PATH: the helper's own commands
# must never be counted as the code under test's.
GIT = shutil.which("git") or "git"
DEFAULT_DATE = "2026-01-05T10:00:00Z"
ADA = ("Ada Lovelace", "ada@example.org")

_LEAKING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CEILING_DIRECTORIES")


def isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _LEAKING and not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        LC_ALL="C",
        TZ="UTC",
    )
    return env


def epoch(date: str) -> int:
    return int(datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp())


def utc(date: str) -> datetime:
    """The aware UTC datetime the code under test should report for a commit made at ``date``."""
    return datetime.fromtimestamp(epoch(date), UTC)


def identity(person: tuple[str, str], date: str, author_date: str | None = None) -> dict[str, str]:
    """The environment that makes git record ``person`` as author and committer at ``date``."""
    name, email = person
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": author_date or date,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": date,
    }


class GitRepo:
    """A repository at ``root``; paths given to its methods are relative to ``root``."""

    def __init__(self, root: Path, *, home: Path | None = None, init: bool = True) -> None:
        self.root = root
        self.home = home or root.parent / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.env = isolated_env(self.home)
        root.mkdir(parents=True, exist_ok=True)
        if init:
            self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
        argv = [GIT, "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args]
        proc = subprocess.run(
            argv, cwd=cwd or self.root, env={**self.env, **(env or {})}, capture_output=True, check=False
        )
        if proc.returncode != 0:
            raise AssertionError(f"{argv} failed: {proc.stderr.decode(errors='replace')}")
        return proc.stdout.decode("utf-8", "surrogateescape")

    def path(self, path: str) -> Path:
        return self.root / path

    def write(self, path: str, text: str = "# A page\n") -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(
        self,
        message: str,
        *,
        date: str = DEFAULT_DATE,
        author: tuple[str, str] = ADA,
        author_date: str | None = None,
        paths: Sequence[str] | None = None,
    ) -> str:
        """Stage ``paths`` (everything when None) and commit; committer = author. Returns the SHA."""
        self.git("add", "-A", "--", *(paths or ["."]))
        self.git("commit", "-q", "--no-verify", "-m", message, env=identity(author, date, author_date))
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def mv(self, src: str, dst: str) -> None:
        (self.root / dst).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", "--", src, dst)

    def rm(self, path: str) -> None:
        self.git("rm", "-q", "--", path)

    def raw_commit(
        self, message: str, *, author: str = "Ada Lovelace <ada@example.org> 1767607200 +0000"
    ) -> str:
        """Stage everything and commit with an author and committer line as given (any name, any timestamp
        text), through ``git hash-object --literally``, which checks nothing; move the branch to it."""
        self.git("add", "-A", "--", ".")
        tree = self.git("write-tree").strip()
        parent = self.git("rev-parse", "-q", "--verify", "HEAD^{commit}").strip() if self._has_head() else ""
        lines = [f"tree {tree}", *([f"parent {parent}"] if parent else []), f"author {author}"]
        body = "\n".join([*lines, f"committer {author}", "", message]) + "\n"
        proc = subprocess.run(
            [GIT, "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
            cwd=self.root,
            env=self.env,
            input=body.encode("utf-8", "surrogateescape"),
            capture_output=True,
            check=True,
        )
        sha = proc.stdout.decode().strip()
        self.git("update-ref", "HEAD", sha)
        return sha

    def _has_head(self) -> bool:
        argv = [GIT, "rev-parse", "-q", "--verify", "HEAD"]
        return (
            subprocess.run(argv, cwd=self.root, env=self.env, capture_output=True, check=False).returncode
            == 0
        )

    def fast_import(self, commits: Iterable[FastCommit], branch: str = "main") -> None:
        """Write many commits on a new branch with one ``git fast-import`` process, then check it out.

        Fast enough for hundreds of commits; use it on a repository without commits.
        """
        stream = b"".join(c.encode(branch, mark) for mark, c in enumerate(commits, start=1))
        proc = subprocess.run(
            [GIT, "fast-import", "--quiet"], cwd=self.root, env=self.env, input=stream, capture_output=True
        )
        if proc.returncode != 0:
            raise AssertionError(f"git fast-import failed: {proc.stderr.decode(errors='replace')}")
        self.git("reset", "-q", "--hard", branch)


class FastCommit:
    """One commit for ``GitRepo.fast_import``: ``files`` maps path to text, or to None to delete it."""

    def __init__(
        self,
        message: str,
        files: dict[str, str | None],
        *,
        date: str = DEFAULT_DATE,
        author: tuple[str, str] = ADA,
    ) -> None:
        self.message, self.files, self.date, self.author = message, files, date, author

    def encode(self, branch: str, mark: int) -> bytes:
        name, email = self.author
        who = f"{name} <{email}> {epoch(self.date)} +0000\n".encode()
        message = self.message.encode()
        out = [f"commit refs/heads/{branch}\nmark :{mark}\n".encode(), b"author " + who, b"committer " + who]
        out.append(b"data %d\n%s\n" % (len(message), message))
        for path, text in self.files.items():
            if text is None:
                out.append(b"D %s\n" % path.encode())
            else:
                data = text.encode()
                out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        return b"".join(out) + b"\n"


def isolated_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty repository at ``tmp_path/"repo"``; the test process gets the same isolated git setup."""
    home = tmp_path / "home"
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(key)
    for key, value in isolated_env(home).items():
        monkeypatch.setenv(key, value)
    return GitRepo(tmp_path / "repo", home=home)


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty repository at ``tmp_path/"repo"``, with git isolated from the developer's configuration."""
    return isolated_repo(tmp_path, monkeypatch)


def logging_git(bin_dir: Path) -> Path:
    """Write a `git` into ``bin_dir`` that logs each invocation, then runs the real git; return the log.

    Put ``bin_dir`` first on PATH to count the git processes something starts.
    """
    bin_dir.mkdir(parents=True, exist_ok=True)
    log = bin_dir.parent / "git-calls.log"
    wrapper = bin_dir / "git"
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{GIT}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return log
