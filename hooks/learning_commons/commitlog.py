"""Commit records, and how the output of ``git log -z`` is read into them.

No byte in a name, a subject, a .mailmap entry or a replaced commit can shift a field: each field ends
with NUL, which none of them can hold. Text that reaches pages (names, subjects) comes out printable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    "%s",
)
LOG_FORMAT = "--format=" + "".join(f"{field}%x00" for field in _FIELDS)
SHA = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_STATUS = re.compile(r"^[ACDMRTUXB][0-9]*$")  # one --name-status letter, with a score for R and C
_COMBINED = re.compile(r"^[ACDMRTUXB]{2,}$")  # a merge: one letter per parent, no score
# Characters that would reach the page as they are: controls (a raw \x07 in HTML, an invalid feed) and
# bidirectional marks that reorder what follows. Zero-width joiners stay: names in many scripts need them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
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
    parents: tuple[str, ...] = ()
    coauthors: tuple[Contributor, ...] = ()  # from Co-authored-by trailers, as written (no .mailmap)
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
    sha, name, email, stamp, trailers, subject = fields[0], *fields[2:]
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
    """The changes from ``tokens[at]`` on, and where the next commit starts."""
    changes: list[FileChange] = []
    end = len(tokens)
    is_status = _COMBINED.match if merge else _STATUS.match
    while at < end:
        status = tokens[at]
        if status[:1] == "\n":
            status = status[1:]
        if not status:  # a merge without changes here ends with one more NUL
            at += 1
        elif not is_status(status):
            break
        elif merge:
            changes.append(FileChange(_combined(status), tokens[at + 1] if at + 1 < end else ""))
            at += 2
        elif status[0] in "RC":
            old, new = (tokens[at + 1], tokens[at + 2]) if at + 2 < end else ("", "")
            changes.append(FileChange(status[0], new, old, int(status[1:]) if status[1:] else None))
            at += 3
        else:
            changes.append(FileChange(status[0], tokens[at + 1] if at + 1 < end else ""))
            at += 2
    return tuple(changes), at


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
