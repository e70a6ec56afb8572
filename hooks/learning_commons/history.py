"""The history index: one pass over git answers every date and author question for every page.

``read_history`` runs at most six git processes (see ``gitlog`` and ``arrivals``) and replays the log
from the oldest commit to the newest, following renames (also into the docs folder from elsewhere in the
repository), to build one ``PageHistory`` per page. Keys are paths relative to the docs folder with
forward slashes, exactly MkDocs' ``File.src_uri``.

What counts: a *meaningful* change is a commit that adds or edits a page, is not listed in the
ignore-revs file, touches at most ``bulk_commit_pages`` pages, is not a pure rename (R100), changes more
than ``small_edit_lines`` lines of the page or carries a change note (``Change:``), and was not made by
a bot. Only meaningful changes are credited, update ``updated`` and appear in the change lists.
Co-authors (``Co-authored-by`` trailers, through .mailmap) are credited with the author, but a change
is listed once, under its author.
A commit that adds a page always sets its ``created`` date, even when it is bulk, ignored or a bot's;
its (human) author is credited as the creator, but only a meaningful one is listed as a "new" change.
A merge counts with its own changes only (see ``gitlog.log_command``).

A commit that git cannot date, or dated after the build, takes a neighbour's date (see ``commitdates``).

All times are aware UTC datetimes of the *committer* date (when the change landed; see
``commitlog.Commit.when``). Converting to a display zone is the renderer's job.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from . import clock
from .arrivals import read_commits
from .commitdates import sane_dates
from .commitlog import Commit, Contributor, FileChange
from .gitlog import (
    NotARepository,
    RepoState,
    StatusEntry,
    file_stamp,
    parse_status,
    probe,
    read_ignore_revs,
    read_log,
    read_mailmap,
    read_status,
)
from .problems import CommonsError

NoticeLevel = Literal["info", "warning", "error"]
ChangeKind = Literal["new", "updated"]

# The suffixes MkDocs treats as pages (mkdocs.utils.markdown_extensions).
PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
DISABLED_MESSAGE = (
    "history is switched off (extra.commons.history: false): pages show no dates or contributors"
)
_TURN_OFF = "or set `history: false` under `extra.commons` in mkdocs.yml"
SHALLOW_ADVICE = (
    "the repository is a shallow clone, so every page would show the date of the last commit — fetch the"
    " full history: with actions/checkout set `fetch-depth: 0`, elsewhere run `git fetch --unshallow`"
)


@dataclass(frozen=True, slots=True)
class HistorySettings:
    enabled: bool = True
    bulk_commit_pages: int = 40  # a commit touching more pages than this is not an update
    small_edit_lines: int = 0  # an edit changing this many lines or fewer is not an update, without a note
    bots: tuple[str, ...] = ()  # names or emails never credited; names ending in "[bot]" always are bots
    ignore_revs_file: str = ".git-blame-ignore-revs"  # relative to the repository root


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the adapter should log once (``info``/``warning``/``error`` on a ``mkdocs.*`` logger)."""

    level: NoticeLevel
    message: str


@dataclass(frozen=True, slots=True)
class PageChange:
    src_uri: str  # where the page is now, even if it had another name at the time
    when: datetime
    author: str
    kind: ChangeKind
    sha: str
    subject: str
    note: str = ""  # what changed, in the author's words (a ``Change:`` trailer), or nothing


@dataclass(frozen=True, slots=True)
class PageHistory:
    src_uri: str
    created: datetime | None = None
    updated: datetime | None = None  # the last meaningful change; the creation if there was none
    created_by: str | None = None
    updated_by: str | None = None
    authors: tuple[str, ...] = ()  # credited names, most commits first, then by name
    uncommitted: bool = False  # new or modified in the working tree
    changes: tuple[PageChange, ...] = ()  # meaningful changes, newest first


@dataclass(frozen=True, slots=True)
class ContributorStats:
    name: str
    pages_created: tuple[str, ...]
    pages_updated: tuple[str, ...]  # pages with at least one meaningful update by this person
    latest: datetime
    latest_src_uri: str
    active: tuple[datetime, ...] = ()  # when each commit that credits them landed, oldest first


@dataclass(frozen=True, slots=True)
class History:
    pages: Mapping[str, PageHistory] = field(default_factory=lambda: MappingProxyType({}))
    changes: tuple[PageChange, ...] = ()  # every meaningful change, newest first, ties by src_uri
    head: str | None = None
    shallow: bool = False
    enabled: bool = True
    notices: tuple[Notice, ...] = ()
    contributors: tuple[ContributorStats, ...] = ()  # most pages created + updated first, then name

    def page(self, src_uri: str) -> PageHistory:
        """The history of one page; an empty one for a page git does not know."""
        return self.pages.get(src_uri) or PageHistory(src_uri)

    def without_changes(self) -> History:
        """The dates and authors only: what pages show once the lists of changes have been used
        (tens of thousands of changes, with their commit subjects, at 10,000 commits)."""
        pages = {src_uri: replace(page, changes=()) for src_uri, page in self.pages.items()}
        return replace(self, pages=MappingProxyType(pages), changes=())


def disabled_history() -> History:
    return History(enabled=False, notices=(Notice("info", DISABLED_MESSAGE),))


def is_bot(author: Contributor, bots: Iterable[str] = ()) -> bool:
    """The one place that decides whether an author is a bot (never credited, never listed)."""
    name, email = author.name.casefold(), author.email.casefold()
    if name.endswith("[bot]"):
        return True
    return any(bot.casefold() in (name, email) for bot in bots)


def is_page(src_uri: str) -> bool:
    return src_uri.endswith(PAGE_SUFFIXES)


def read_history(
    docs_dir: Path, settings: HistorySettings, *, environ: Mapping[str, str] | None = None
) -> History:
    """Read the history of every page under ``docs_dir`` with at most six git processes.

    ``environ`` is only consulted to tell CI from a local build (``CI``) and for the build's "now"
    (``SOURCE_DATE_EPOCH``); git runs with the process environment, without the variables that would
    point it at another repository. Raises ``CommonsError`` with advice for every fatal condition.
    """
    return HistoryCache().get(docs_dir, settings, environ)


class HistoryCache:
    """Keeps the last ``History`` for ``mkdocs serve``.

    Each ``get`` costs two cheap git calls (``rev-parse`` and ``status``); the ``git log`` passes run only
    when HEAD (or .mailmap) changed, and the index is rebuilt only when something in the key changed.
    """

    def __init__(self) -> None:
        self._log_key: tuple[object, ...] | None = None
        self._commits: tuple[Commit, ...] = ()
        self._key: tuple[object, ...] | None = None
        self._history: History | None = None

    def get(
        self, docs_dir: Path, settings: HistorySettings, environ: Mapping[str, str] | None = None
    ) -> History:
        if not settings.enabled:
            return disabled_history()
        if not docs_dir.is_dir():
            raise CommonsError(f"the docs folder {docs_dir} does not exist — check `docs_dir` in mkdocs.yml")
        state = _probe(docs_dir)
        notices = _shallow_notices(state, environ)
        status = read_status(docs_dir)
        revs_file = state.toplevel / settings.ignore_revs_file
        log_key = (docs_dir.resolve(), state.head, file_stamp(state.toplevel / ".mailmap"))
        if log_key != self._log_key:
            commits = read_commits(read_log(docs_dir, state.head), state, is_page) if state.head else ()
            self._commits = _mailmapped_coauthors(docs_dir, commits)
            self._log_key = log_key
        key = (log_key, state, status, settings, file_stamp(revs_file), notices)
        if self._history is None or key != self._key:
            ignored, bad_lines = read_ignore_revs(revs_file)
            revs_notices = tuple(_bad_rev_notice(settings.ignore_revs_file, n, t) for n, t in bad_lines)
            self._history = build_history(
                state,
                self._commits,
                parse_status(status),
                settings,
                ignored_revs=ignored,
                notices=(*notices, *revs_notices),
                now=clock.now(environ),
                ignore_revs_file=settings.ignore_revs_file,
            )
            self._key = key
        return self._history


# Co-authors looked up in .mailmap in one process at most: their contacts go on its command line.
_MAILMAP_LOOKUPS = 5000


def _mailmapped_coauthors(docs_dir: Path, commits: tuple[Commit, ...]) -> tuple[Commit, ...]:
    people = sorted(
        {person for commit in commits for person in commit.coauthors}, key=lambda p: (p.name, p.email)
    )
    mapped = read_mailmap(docs_dir, people[:_MAILMAP_LOOKUPS])
    if not mapped:
        return commits
    return tuple(
        replace(commit, coauthors=tuple(dict.fromkeys(mapped.get(p, p) for p in commit.coauthors)))
        if commit.coauthors
        else commit
        for commit in commits
    )


def _probe(docs_dir: Path) -> RepoState:
    try:
        return probe(docs_dir)
    except NotARepository as exc:
        raise CommonsError(
            f"{exc.what}, so pages cannot show dates or contributors — {exc.fix}, {_TURN_OFF}"
        ) from None


def _bad_rev_notice(shown: str, number: int, text: str) -> Notice:
    return Notice(
        "warning",
        f"{shown}:{number}: {text!r} is not a full commit SHA, so that commit still counts as an update"
        f" — write the full 40-character SHA (`git rev-parse {text}` prints it)",
    )


def _shallow_notices(state: RepoState, environ: Mapping[str, str] | None) -> tuple[Notice, ...]:
    if not state.shallow:
        return ()
    ci = (environ if environ is not None else os.environ).get("CI", "").strip().casefold()
    if ci not in ("", "false", "0"):
        raise CommonsError(f"{state.toplevel}: {SHALLOW_ADVICE}")
    return (Notice("warning", SHALLOW_ADVICE),)


@dataclass(frozen=True, slots=True)
class _Event:
    seq: int  # position in the replay, oldest first
    commit: Commit
    kind: ChangeKind
    shown: bool  # a meaningful change (a bulk or ignored creation is credited but not shown)
    person: str  # who is credited: the author, or a co-author (whose events are never shown)


@dataclass
class _Lineage:
    """One page across renames, while the log is replayed."""

    created: Commit
    events: list[_Event] = field(default_factory=list)


def build_history(
    state: RepoState,
    commits: Iterable[Commit],
    status: Iterable[StatusEntry],
    settings: HistorySettings,
    *,
    ignored_revs: frozenset[str] = frozenset(),
    notices: Iterable[Notice] = (),
    now: datetime | None = None,
    ignore_revs_file: str = ".git-blame-ignore-revs",
) -> History:
    """The pure part: turn the parsed log (newest first) and status into the index.

    ``now`` is the build's; without it only commits git cannot date are re-dated."""
    dated, date_notices = sane_dates(tuple(reversed(tuple(commits))), now, ignored_revs, ignore_revs_file)
    replayed = _replay(dated, settings, ignored_revs)
    lineages = {
        rel: lin for path, lin in replayed.items() if (rel := _relative(state.prefix, path)) is not None
    }
    uncommitted = _apply_status(state.prefix, status, lineages)
    paths = sorted(p for p in {*lineages, *uncommitted} if is_page(p))
    ordered = [(e, p) for p in paths if (lin := lineages.get(p)) for e in lin.events if e.shown]
    ordered.sort(key=lambda item: (-item[0].commit.when.timestamp(), item[1], -item[0].seq))
    # One PageChange per event, shared by the wiki-wide list and the page's own (tens of thousands).
    changes = {id(event): _change(path, event) for event, path in ordered}
    pages = {p: _page_history(p, lineages.get(p), p in uncommitted, changes) for p in paths}
    all_notices = [*notices, *(Notice("warning", message) for message in date_notices)]
    pending = sum(1 for p in paths if p in uncommitted)
    if pending:
        all_notices.append(
            Notice(
                "info",
                f"{pending} {'page has' if pending == 1 else 'pages have'} changes that are not committed"
                " yet: they show the dates and contributors of their last commit (new pages show none)"
                " until you commit them",
            )
        )
    return History(
        pages=MappingProxyType(pages),
        changes=tuple(changes.values()),
        head=state.head,
        shallow=state.shallow,
        enabled=True,
        notices=tuple(all_notices),
        contributors=_contributors(paths, lineages),
    )


def _relative(prefix: str, path: str) -> str | None:
    return path[len(prefix) :] if path.startswith(prefix) else None


def _replay(
    commits: Iterable[Commit], settings: HistorySettings, ignored: frozenset[str]
) -> dict[str, _Lineage]:
    """Replay ``commits`` (oldest first) into one lineage per repository path."""
    lineages: dict[str, _Lineage] = {}
    for seq, commit in enumerate(commits):
        people = _credited(commit, settings.bots)
        touched = {
            raw for change in commit.changes for raw in (change.path, change.old_path) if raw and is_page(raw)
        }
        quiet = commit.sha in ignored or len(touched) > settings.bulk_commit_pages
        for change in commit.changes:
            path, old = change.path, change.old_path
            if change.status == "D":
                lineages.pop(path, None)
                continue
            lineage = lineages.pop(old, None) if change.status == "R" and old is not None else None
            if change.status in "MT":
                lineage = lineages.get(path)
            if lineage is None:  # added, copied, or first seen (moved in from outside what the log reads)
                lineage = _Lineage(created=commit)
                lineage.events += _events(seq, commit, "new", not quiet, people)
            elif not (
                quiet
                or (change.status == "R" and change.similarity == 100)
                or _small_edit(change, commit, settings.small_edit_lines)
            ):
                lineage.events += _events(seq, commit, "updated", True, people)
            lineages[path] = lineage
    return lineages


def _small_edit(change: FileChange, commit: Commit, most: int) -> bool:
    """A typo fix: few lines changed, and no change note saying it matters."""
    return change.lines is not None and change.lines <= most and not commit.note


def _credited(commit: Commit, bots: Iterable[str]) -> list[str]:
    """The names a commit credits: its author, then its co-authors (Co-authored-by), bots left out."""
    people = (commit.author, *commit.coauthors)
    return list(dict.fromkeys(person.name for person in people if not is_bot(person, bots)))


def _events(seq: int, commit: Commit, kind: ChangeKind, shown: bool, people: list[str]) -> list[_Event]:
    """One event per credited person; only the first is listed as a change."""
    return [_Event(seq, commit, kind, shown and n == 0, name) for n, name in enumerate(people)]


def _apply_status(prefix: str, status: Iterable[StatusEntry], lineages: dict[str, _Lineage]) -> set[str]:
    """Fold the working tree into the index; return the paths with uncommitted changes."""
    entries = [(e, rel) for e in status if (rel := _relative(prefix, e.path)) is not None]
    untracked = {rel for e, rel in entries if e.x == "?"}
    uncommitted: set[str] = set()
    for entry, path in entries:
        if entry.x in "?!":
            if entry.x == "?":
                uncommitted.add(path)
            continue
        if entry.x == "R" and entry.orig_path:  # a staged move keeps the page's history
            old = _relative(prefix, entry.orig_path)
            moved = lineages.pop(old, None) if old is not None else None
            if moved is not None:
                lineages[path] = moved
        if (entry.y == "D" or (entry.x == "D" and entry.y == " ")) and path not in untracked:
            lineages.pop(path, None)  # deleted from the working tree: the page is gone
            continue
        uncommitted.add(path)
    return uncommitted


def _change(src_uri: str, event: _Event) -> PageChange:
    commit = event.commit
    return PageChange(src_uri, commit.when, event.person, event.kind, commit.sha, commit.subject, commit.note)


def _page_history(
    src_uri: str, lineage: _Lineage | None, uncommitted: bool, changes: Mapping[int, PageChange]
) -> PageHistory:
    if lineage is None:
        return PageHistory(src_uri, uncommitted=uncommitted)
    creator = next((e.person for e in lineage.events if e.kind == "new"), None)
    shown = sorted((e for e in lineage.events if e.shown), key=lambda e: (e.commit.when, e.seq), reverse=True)
    counts = Counter(e.person for e in lineage.events)
    return PageHistory(
        src_uri=src_uri,
        created=lineage.created.when,
        updated=shown[0].commit.when if shown else lineage.created.when,
        created_by=creator,
        updated_by=shown[0].person if shown else creator,
        authors=tuple(sorted(counts, key=lambda name: (-counts[name], name))),
        uncommitted=uncommitted,
        changes=tuple(changes[id(e)] for e in shown),
    )


def _contributors(paths: Iterable[str], lineages: Mapping[str, _Lineage]) -> tuple[ContributorStats, ...]:
    created: dict[str, set[str]] = {}
    updated: dict[str, set[str]] = {}
    latest: dict[str, tuple[datetime, int, str]] = {}
    active: dict[str, dict[str, datetime]] = {}  # by name, the credited commits' times by SHA
    for path in paths:  # sorted, so on a tie the first path wins
        lineage = lineages.get(path)
        for event in lineage.events if lineage else ():
            name = event.person
            (created if event.kind == "new" else updated).setdefault(name, set()).add(path)
            active.setdefault(name, {})[event.commit.sha] = event.commit.when
            best = latest.get(name)
            if best is None or (event.commit.when, event.seq) > best[:2]:
                latest[name] = (event.commit.when, event.seq, path)
    stats = [
        ContributorStats(
            name=name,
            pages_created=tuple(sorted(created.get(name, ()))),
            pages_updated=tuple(sorted(updated.get(name, ()))),
            latest=when,
            latest_src_uri=path,
            active=tuple(sorted(active[name].values())),
        )
        for name, (when, _, path) in latest.items()
    ]
    stats.sort(key=lambda s: (-(len(s.pages_created) + len(s.pages_updated)), s.name))
    return tuple(stats)
