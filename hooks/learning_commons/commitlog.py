"""Commit records, and how the output of ``git log -z`` is read into them.

No byte in a name, a subject, a .mailmap entry or a replaced commit can shift a field: each field ends
with NUL, which none of them can hold. Text that reaches pages (names, subjects) comes out printable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from .problems import CommonsError

# One field per placeholder, each ended by NUL: no name, subject, .mailmap entry or replaced commit can
# hold a NUL (git reads them as C strings), so no byte in them can shift a field. Names and emails are
# mailmapped (%aN, %aE): .mailmap is the one place that merges identities. %ct is the committer time
# (see ``Commit.when``); %P tells a merge, whose changes git lists in the combined format.
_FIELDS = (
    "%H",
    "%P",
    "%aN",
    "%aE",
    "%ct",
    "%(trailers:key=Co-authored-by,valueonly,unfold)",
    "%(trailers:key=Change,valueonly,unfold)",
    "%s",
)
LOG_FORMAT = "--format=" + "".join(f"{field}%x00" for field in _FIELDS)
SHA = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_STATUS = re.compile(r"^[ACDMRTUXB][0-9]*$")  # one status letter, with a score for R and C
_COMBINED = re.compile(r"^[ACDMRTUXB]{2,}$")  # a merge: one letter per parent, no score
# A --numstat entry: lines added and deleted ('-' for binary files), then the path, or nothing before
# the two paths of a rename.
_NUMSTAT = re.compile(r"^([0-9]+|-)\t([0-9]+|-)\t(.*)$", re.DOTALL)
# Characters that would reach the page as they are: controls (a raw \x07 in HTML, an invalid feed) and
# bidirectional marks that reorder what follows, and invisible spaces (zero-width space, word joiner, byte
# order mark). The zero-width joiner and non-joiner stay: names in Persian, Hindi or with emoji need them.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
_CONTACT = re.compile(r"^(.*?)\s*<([^<>]*)>$")
# Who a commit without an author name is credited to (git itself refuses to make one; other tools do not).
# A .mailmap line ``Their Name <their@email>`` gives them their name.
UNNAMED = "Unnamed author"
# The newest moment a datetime can hold (31 Dec 9999): a commit stamp beyond it cannot be dated.
_LAST_STAMP = 253402300799


@dataclass(frozen=True, slots=True)
class Contributor:
    """A person as git knows them after .mailmap. The email is kept for identity and never shown."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class FileChange:
    """One ``--raw`` entry. Paths are relative to the repository root, with forward slashes."""

    status: str  # A, M, D, T, R or C
    path: str
    old_path: str | None = None  # the source of a rename or copy
    similarity: int | None = None  # R100 is a pure rename; R087 a rename with changes
    # Lines changed (--numstat): the larger of lines added and lines deleted, so a line rewritten counts
    # once; None for a binary file, or when the log was read without --numstat.
    lines: int | None = None


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: Contributor
    # Committer time, not author time: the moment the change landed on the branch. Author dates survive
    # rebases and squash merges, so a page merged today could otherwise show a date from last month.
    when: datetime
    subject: str
    changes: tuple[FileChange, ...]
    parents: tuple[str, ...] = ()
    coauthors: tuple[Contributor, ...] = ()  # from Co-authored-by trailers, as written (no .mailmap)
    note: str = ""  # what changed, for readers: the ``Change:`` trailers, joined
    # The committer time as git printed it when it is no date at all (before 1970, beyond year 9999, or
    # unreadable); ``when`` is then the Unix epoch until the history gives the commit a date of its own.
    bad_stamp: str | None = None


def parse_log(raw: str, command: str = "git log") -> tuple[Commit, ...]:
    """Parse ``-z`` output: per commit the NUL-ended fields of ``_FIELDS``, an empty field, then its
    changes as NUL-separated tokens (the first after a newline), up to the next commit's SHA."""
    tokens = raw.split("\0")
    commits: list[Commit] = []
    at, width = 0, len(_FIELDS)
    while at < len(tokens) and tokens[at].strip("\n"):
        fields = tokens[at : at + width]
        if at + width >= len(tokens) or tokens[at + width] or not SHA.match(fields[0]):
            raise CommonsError(
                f"could not read the output of `{command}` near {tokens[at][:60]!r} — "
                "please report this with the output of that command"
            )
        parents = tuple(fields[1].split())
        changes, at = _parse_changes(tokens, at + width + 1, merge=len(parents) > 1)
        if changes:  # else a commit outside the docs folder (see --sparse)
            commits.append(_commit(fields, parents, changes))
    return tuple(commits)


def _commit(fields: list[str], parents: tuple[str, ...], changes: tuple[FileChange, ...]) -> Commit:
    sha, name, email, stamp, trailers, notes, subject = fields[0], *fields[2:]
    seconds = int(stamp) if stamp.isascii() and stamp.isdigit() else 0
    dated = 0 < seconds <= _LAST_STAMP
    return Commit(
        sha=sha,
        author=Contributor(printable(name).strip() or UNNAMED, printable(email)),
        when=datetime.fromtimestamp(seconds if dated else 0, UTC),
        subject=printable(subject),
        changes=changes,
        parents=parents,
        coauthors=_coauthors(trailers),
        note=" ".join(printable(line).strip() for line in notes.splitlines() if line.strip()),
        bad_stamp=None if dated else stamp,
    )


def _coauthors(trailers: str) -> tuple[Contributor, ...]:
    people = (parse_contact(line) for line in trailers.splitlines())
    return tuple(dict.fromkeys(person for person in people if person is not None))


def printable(raw: str) -> str:
    """Text from git as a page may show it: invalid UTF-8 replaced, controls and bidirectional marks
    written as visible escapes (``\\u202e``)."""
    text = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _parse_changes(tokens: list[str], at: int, *, merge: bool) -> tuple[tuple[FileChange, ...], int]:
    """The changes from ``tokens[at]`` on (``--raw`` entries and ``--numstat`` entries in any order),
    and where the next commit starts."""
    changes: list[FileChange] = []
    lines: dict[str, int | None] = {}
    while at < len(tokens):
        token = tokens[at].lstrip("\n")
        if not token:  # a merge without changes here ends with one more NUL
            at += 1
        elif token.startswith(":"):
            change, at = _raw_change(tokens, at, token.rsplit(" ", 1)[-1], merge=merge)
            if change is None:
                break
            changes.append(change)
        elif numstat := _NUMSTAT.match(token):
            added, deleted, path = numstat.groups()
            if not path:  # a rename: the old path, then the new one
                path, at = (tokens[at + 2] if at + 2 < len(tokens) else ""), at + 3
            else:
                at += 1
            lines[path] = max(int(added), int(deleted)) if added.isdigit() and deleted.isdigit() else None
        else:
            break
    if lines:
        changes = [replace(change, lines=lines.get(change.path)) for change in changes]
    return tuple(changes), at


def _raw_change(tokens: list[str], at: int, status: str, *, merge: bool) -> tuple[FileChange | None, int]:
    """One ``--raw`` entry whose status is ``status``: the change, and where the next token starts."""
    path = tokens[at + 1] if at + 1 < len(tokens) else ""
    if merge and _COMBINED.match(status):
        return FileChange(_combined(status), path), at + 2
    if merge or not _STATUS.match(status):
        return None, at
    kind, score = status[0], status[1:]
    if kind in "RC":
        old, new = tokens[at + 1 : at + 3] + [""] * (at + 3 - len(tokens))
        return FileChange(kind, new, old, int(score) if score else None), at + 3
    return FileChange(kind, path), at + 2


def _combined(letters: str) -> str:
    """A merge's change to one file against all its parents, as one status: added or deleted only
    when it is so against every parent, else an edit (a rename from one side lands on a known page)."""
    if set(letters) == {"A"}:
        return "A"
    return "D" if set(letters) == {"D"} else "M"


def parse_contact(text: str) -> Contributor | None:
    """``Name <email>`` as a contributor (a co-author, an answer of ``git check-mailmap``)."""
    match = _CONTACT.match(text.strip())
    if match is None or not match.group(1):
        return None
    return Contributor(printable(match.group(1)), printable(match.group(2)))
