"""The wiki's model: plain dataclasses keyed by source path, never by MkDocs objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from .problems import Problem
from .vocabulary import Vocabulary


class Kind(Enum):
    PLAYBOOK = "playbook"
    LESSON = "lesson"
    WORKSHOP = "workshop"  # the overview page of one workshop folder
    WORKSHOP_PART = "workshop-part"  # facilitator guide, exercises or handout of a workshop
    PAGE = "page"  # home, about, contributing, section indexes

    @property
    def label(self) -> str:
        return {"workshop-part": "workshop"}.get(self.value, self.value)


class Part(Enum):
    OVERVIEW = "overview"
    FACILITATOR_GUIDE = "facilitator-guide"
    EXERCISE = "exercise"
    HANDOUT = "handout"

    @property
    def label(self) -> str:
        """The part as a reader names it: 'facilitator guide', 'exercises', 'handout'."""
        return {"facilitator-guide": "facilitator guide", "exercise": "exercises"}.get(self.value, self.value)


@dataclass(frozen=True, slots=True)
class Period:
    """A review interval such as '6 months'."""

    count: int
    unit: str  # days, weeks, months or years

    def after(self, start: dt.date) -> dt.date:
        if self.unit == "days":
            return start + dt.timedelta(days=self.count)
        if self.unit == "weeks":
            return start + dt.timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "years" else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        month += 1
        for day in range(start.day, 27, -1):  # 31 Jan + 1 month is the last day of February
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
        return dt.date(year, month, min(start.day, 28))

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.count == 1 else self.unit
        return f"{self.count} {unit}"


@dataclass(frozen=True, slots=True)
class ActionItem:
    what: str
    owner: str
    status: str  # open, in-progress, done or dropped
    due: dt.date
    line: int = 0

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in-progress")


@dataclass(frozen=True, slots=True)
class AgendaItem:
    item: str
    minutes: int


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown page with its validated front matter."""

    src_uri: str  # relative to docs/, as MkDocs names it: 'lessons/x.md'
    path: str  # as shown in messages: 'docs/lessons/x.md'
    kind: Kind
    title: str
    summary: str
    tags: tuple[str, ...] = ()  # canonical tag names, aliases resolved
    owner: str | None = None
    reviewed: dt.date | None = None
    review_every: Period | None = None
    # playbook
    cadence: str | None = None
    audience: str | None = None
    # lesson
    happened: dt.date | None = None
    actions: tuple[ActionItem, ...] = ()
    # workshop overview and parts
    workshop: str | None = None  # the workshop folder, 'workshops/feedback'
    part: Part | None = None
    duration: int | None = None
    agenda: tuple[AgendaItem, ...] = ()
    facilitators: tuple[str, ...] = ()
    # What the build needs of the Markdown body, which is not kept (13 MB at 5,000 pages):
    links: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (target as written, heading above)
    words: int = 0
    valid: bool = True  # False when the page has front matter errors

    @property
    def url(self) -> str:
        """The directory-style URL MkDocs gives the page, relative to the site root."""
        return page_url(self.src_uri)


def page_url(src_uri: str) -> str:
    """Where MkDocs publishes a page: 'a/b.md' -> 'a/b/', 'a/index.md' and 'a/README.md' -> 'a/'."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/"


@dataclass
class Wiki:
    """Everything the core knows after one read of docs/ (and, later, one pass over git)."""

    pages: dict[str, Page] = field(default_factory=dict)  # by src_uri
    vocabulary: Vocabulary | None = None
    problems: list[Problem] = field(default_factory=list)
    # Files and folders under docs/ (relative, like src_uri) that must not be published at all, not even in a
    # preview: symbolic links, unreadable or oversize pages, pages MkDocs would read without our checks.
    refused: set[str] = field(default_factory=set)

    def is_refused(self, src_uri: str) -> bool:
        """Whether ``src_uri`` is refused, itself or through a refused folder it lies in."""
        return any(src_uri == refused or src_uri.startswith(refused + "/") for refused in self.refused)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]
