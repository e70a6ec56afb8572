"""People and teams: who wrote, improved, owns or facilitates pages and closed action items.

Git names arrive merged by .mailmap (authors and co-authors alike); names from front matter (``owner``,
``facilitators``, action items' ``owner``) join a git name when ``text.person_key`` says they are the same
(case and spacing aside). The name shown is git's (.mailmap's canonical one), else the first spelling
met in front matter, pages in path order. Names listed under ``extra.commons.teams`` are teams.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from .history import History
from .model import ActionItem, Page
from .text import person_key, slugify

_FLOOR = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Person:
    """Everything one person (or team) did here; every list newest first."""

    name: str
    slug: str  # unique among people and teams, safe in a URL: [a-z0-9-]
    team: bool
    started: tuple[Page, ...] = ()
    improved: tuple[Page, ...] = ()  # improved and not started by them
    owns: tuple[Page, ...] = ()
    facilitates: tuple[Page, ...] = ()
    closed: tuple[tuple[Page, ActionItem], ...] = ()  # action items done, latest due date first
    latest: dt.datetime | None = None  # their latest change in git

    @property
    def url(self) -> str:
        return f"contributors/{self.slug}/"


@dataclass
class _Gathered:
    name: str
    started: list[Page] = field(default_factory=list)
    improved: list[Page] = field(default_factory=list)
    owns: list[Page] = field(default_factory=list)
    facilitates: list[Page] = field(default_factory=list)
    closed: list[tuple[Page, ActionItem]] = field(default_factory=list)
    latest: dt.datetime | None = None


def gather_people(history: History, pages: dict[str, Page], teams: tuple[str, ...] = ()) -> list[Person]:
    """People first, then teams, each by name; nobody without a page or an action to their name."""
    found: dict[str, _Gathered] = {}

    def person(name: str) -> _Gathered:
        return found.setdefault(person_key(name), _Gathered(name.strip()))

    for stats in history.contributors:
        someone = person(stats.name)
        someone.started += [pages[src] for src in stats.pages_created if src in pages]
        started = set(stats.pages_created)
        someone.improved += [pages[src] for src in stats.pages_updated if src in pages and src not in started]
        someone.latest = stats.latest
    for src_uri in sorted(pages):
        page = pages[src_uri]
        if page.owner and page.owner.strip():
            person(page.owner).owns.append(page)
        for name in dict.fromkeys(page.facilitators):
            if name.strip():
                person(name).facilitates.append(page)
        for item in page.actions:
            if item.status == "done" and item.owner.strip():
                person(item.owner).closed.append((page, item))
    team_keys = {person_key(team) for team in teams}
    ordered = sorted(found.items(), key=lambda item: (item[0] in team_keys, item[0], item[1].name))
    slugs: set[str] = set()
    return [
        _person(gathered, history, _unique(slugify(gathered.name) or f"person-{n}", slugs), key in team_keys)
        for n, (key, gathered) in enumerate(ordered, start=1)
        if gathered.started or gathered.improved or gathered.owns or gathered.facilitates or gathered.closed
    ]


def _person(gathered: _Gathered, history: History, slug: str, team: bool) -> Person:
    def created(page: Page) -> dt.datetime:
        return history.page(page.src_uri).created or _FLOOR

    def updated(page: Page) -> dt.datetime:
        record = history.page(page.src_uri)
        return record.updated or record.created or _FLOOR

    def newest(found: list[Page], when: Callable[[Page], dt.datetime]) -> tuple[Page, ...]:
        by_title = sorted(found, key=lambda page: (page.title.casefold(), page.src_uri))
        return tuple(sorted(by_title, key=when, reverse=True))

    return Person(
        name=gathered.name,
        slug=slug,
        team=team,
        started=newest(gathered.started, created),
        improved=newest(gathered.improved, updated),
        owns=newest(gathered.owns, updated),
        facilitates=newest(gathered.facilitates, updated),
        closed=tuple(sorted(gathered.closed, key=lambda done: done[1].due, reverse=True)),
        latest=gathered.latest,
    )


def _unique(slug: str, taken: set[str]) -> str:
    """'ann-lee', then 'ann-lee-2' for 'Ann Lée': two people never share a page or an anchor."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate
