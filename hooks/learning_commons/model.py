"""The wiki's model: plain dataclasses keyed by source path, never by MkDocs objects."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Container
from dataclasses import dataclass, field
from enum import Enum

from .clock import add_days
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


# A review cycle is at most ten years, in any unit: a longer one is a typo ('100 years' for '1 year').
LONGEST_PERIOD = {"days": 3660, "weeks": 522, "months": 120, "years": 10}
_PERIOD_RE = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$", re.IGNORECASE)


def parse_period(value: object) -> Period | None:
    """The period written as '6 months', '2 weeks', '1 year' or '30 days'; None for anything else or zero.
    A count of more digits than any cycle needs is kept as a large number (only its being too long matters,
    and int() refuses more than 4,300 digits)."""
    match = _PERIOD_RE.match(value) if isinstance(value, str) else None
    if not match or not match.group(1).strip("0"):
        return None
    digits = match.group(1).lstrip("0")
    count = int(digits) if len(digits) <= 9 else 10**9
    return Period(count, match.group(2).lower() + "s")


@dataclass(frozen=True, slots=True)
class Period:
    """A review interval such as '6 months'."""

    count: int
    unit: str  # days, weeks, months or years

    @property
    def too_long(self) -> bool:
        return self.count > LONGEST_PERIOD[self.unit]

    def after(self, start: dt.date) -> dt.date:
        """The day one period after ``start`` (never past the calendar's last day)."""
        if self.unit in ("days", "weeks"):
            return add_days(start, self.count * (7 if self.unit == "weeks" else 1))
        months = self.count * (12 if self.unit == "years" else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        month += 1
        if year > dt.MAXYEAR:
            return dt.date.max
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
    closed: dt.date | None = None  # when it was done or dropped (optional; never for an open item)

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


# The names MkDocs takes as a folder's index page, in its order: README.md is the index only when the
# folder has no index.md (with both, MkDocs leaves README.md out and warns). Case matters: readme.md is a page.
INDEX_NAMES = ("index.md", "README.md")


def index_page(folder: str, known: Container[str]) -> str | None:
    """The source of ``folder``'s index page among ``known`` ('' is the site root), as MkDocs picks it."""
    for name in INDEX_NAMES:
        if (candidate := posixpath.join(folder, name)) in known:
            return candidate
    return None


def is_index_page(src_uri: str, known: Container[str]) -> bool:
    """Whether ``src_uri`` is its folder's index page (the home page for the site root)."""
    return index_page(posixpath.dirname(src_uri), known) == src_uri


@dataclass
class Wiki:
    """Everything the core knows after one read of docs/ (and, later, one pass over git)."""

    pages: dict[str, Page] = field(default_factory=dict)  # by src_uri
    vocabulary: Vocabulary | None = None
    problems: list[Problem] = field(default_factory=list)
    # What pages still lack while an adopted wiki's migration period lasts: listed, but no build fails on it.
    pending: list[Problem] = field(default_factory=list)
    # Files and folders under docs/ (relative, like src_uri) that must not be published at all, not even in a
    # preview: symbolic links, unreadable or oversize pages, pages MkDocs would read without our checks.
    refused: set[str] = field(default_factory=set)
    shown_docs: str = "docs"  # the docs folder as messages name it
    # Files MkDocs copies as they are ('assets/x.css'): they take addresses too.
    static: list[str] = field(default_factory=list)

    def is_refused(self, src_uri: str) -> bool:
        """Whether ``src_uri`` is refused, itself or through a refused folder it lies in."""
        return any(src_uri == refused or src_uri.startswith(refused + "/") for refused in self.refused)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]
