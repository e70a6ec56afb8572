"""The learning pulse: how alive the wiki's learning culture is, month by month, from what the build
already holds (the pages' front matter and the one pass over git).

Five questions, each answered over the last ``months`` months (the current one included) and, for the
readings in words, against the same number of months before:

- writing: lessons and playbooks created, and meaningfully updated (history's notion: no typo fixes,
  bulk commits or moves), per month; a page created and updated in one month counts as created;
- actions: action items opened (their lesson's creation in git, or their ``closed`` date if earlier),
  closed as done or dropped (their ``closed`` date) and overdue at each month's end; median days from a lesson's ``happened`` to its
  write-up and from an action's opening to its closing;
- reviews: pages on time, due soon and overdue by section (review.py's rules);
- people: distinct contributors per month (git authors and co-authors, page owners in the month of a
  review, action owners in the month they closed one) and those seen for the first time;
- tags: the tags with the most new or updated pages in the last three months, against the three before.

Months are local to the site's zone. Everything here is plain data; pulsepage.py renders it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import median

from .clock import local_date
from .history import History
from .model import ActionItem, Kind, Page
from .months import month_end, month_of, months_before, per_month, window
from .review import Review
from .text import person_key

WRITTEN_KINDS = (Kind.LESSON, Kind.PLAYBOOK)
QUARTER = 3  # months compared for tags
TOP_TAGS = 8


# What the pulse needs of the change lists, kept before the build lets them go: per page, the months
# with a meaningful change and whether it created the page.
PageActivity = Mapping[str, Mapping[dt.date, str]]  # src_uri -> month -> "new" or "updated"


def page_activity(history: History, zone: str, since: dt.date) -> dict[str, dict[dt.date, str]]:
    """Per page, each month from ``since`` on with a meaningful change: "new" when one created the page."""
    found: dict[str, dict[dt.date, str]] = defaultdict(dict)
    for change in history.changes:  # newest first
        month = month_of(local_date(change.when, zone))
        if month < since:
            break
        months = found[change.src_uri]
        if change.kind == "new" or month not in months:
            months[month] = change.kind
    return dict(found)


@dataclass(frozen=True)
class Writing:
    new_lessons: tuple[int, ...]  # per month of the window
    new_playbooks: tuple[int, ...]
    updated: tuple[int, ...]  # lessons and playbooks meaningfully updated, not created, that month
    lessons: int  # written in the window
    lessons_before: int  # in the same number of months before


@dataclass(frozen=True)
class Actions:
    opened: tuple[int, ...]
    done: tuple[int, ...]
    dropped: tuple[int, ...]
    overdue: tuple[int, ...]  # open and past due at the month's end (today for the current month)
    total: int  # every action item, whenever written
    done_total: int
    dropped_total: int
    undated: int  # done or dropped without a `closed` date: in no month's count
    days_to_write_up: float | None  # median, lessons written in the window
    days_to_done: float | None  # median, actions done in the window


@dataclass(frozen=True)
class Reviews:
    sections: tuple[str, ...]  # top folders, by name
    on_time: tuple[int, ...]  # per section
    soon: tuple[int, ...]
    overdue: tuple[int, ...]


@dataclass(frozen=True)
class People:
    active: tuple[int, ...]  # distinct contributors per month
    new: tuple[int, ...]  # seen for the first time that month
    in_window: int  # distinct contributors over the window
    in_window_before: int


@dataclass(frozen=True)
class TagTrend:
    tag: str
    recent: int  # pages new or updated in the last three months
    before: int  # in the three months before


@dataclass(frozen=True)
class Pulse:
    months: tuple[dt.date, ...]  # the window, oldest first
    today: dt.date
    writing: Writing
    actions: Actions
    reviews: Reviews
    people: People
    tags: tuple[TagTrend, ...]
    history: bool  # False when git history is off: what comes from git is empty


@dataclass(frozen=True)
class PulseInput:
    pages: Mapping[str, Page]
    activity: PageActivity
    history: History  # dates and contributors (the change lists may be gone)
    reviews: list[Review]
    today: dt.date
    zone: str
    months: int
    soon_days: int
    teams: tuple[str, ...] = ()


def measure(given: PulseInput) -> Pulse:
    months = window(given.today, given.months)
    return Pulse(
        months=months,
        today=given.today,
        writing=writing(given, months),
        actions=actions(given, months),
        reviews=reviews_by_section(given.reviews, given.today, given.soon_days),
        people=people(given, months),
        tags=tag_trends(given),
        history=given.history.enabled,
    )


def writing(given: PulseInput, months: tuple[dt.date, ...]) -> Writing:
    new: dict[Kind, list[dt.date]] = defaultdict(list)
    updated: list[dt.date] = []
    for src_uri, by_month in given.activity.items():
        page = given.pages.get(src_uri)
        if page is None or page.kind not in WRITTEN_KINDS:
            continue
        for month, kind in by_month.items():
            (new[page.kind] if kind == "new" else updated).append(month)
    before = months_before(months[0], len(months))
    lessons = new[Kind.LESSON]
    return Writing(
        new_lessons=per_month(months, lessons),
        new_playbooks=per_month(months, new[Kind.PLAYBOOK]),
        updated=per_month(months, updated),
        lessons=sum(month >= months[0] for month in lessons),
        lessons_before=sum(before <= month < months[0] for month in lessons),
    )


@dataclass(frozen=True)
class _Action:
    item: ActionItem
    written: dt.date | None  # its lesson's creation in git

    @property
    def opened(self) -> dt.date | None:
        """Its lesson's write-up, or its closing when that came first: the work was done before the lesson
        reached the wiki, so the item was open by then at the latest (never done before it was opened)."""
        closed = self.item.closed
        if self.written is None or closed is None or self.item.is_open:
            return self.written
        return min(self.written, closed)


def _lesson_actions(given: PulseInput) -> list[_Action]:
    return [
        _Action(item, _created(given, page.src_uri))
        for page in given.pages.values()
        if page.kind is Kind.LESSON
        for item in page.actions
    ]


def _created(given: PulseInput, src_uri: str) -> dt.date | None:
    created = given.history.page(src_uri).created
    return local_date(created, given.zone) if created is not None else None


def _overdue_on(action: _Action, day: dt.date) -> bool:
    """Open and past due at the end of ``day``; an item closed without a date is never counted."""
    item = action.item
    if item.due >= day or (action.opened is not None and action.opened > day):
        return False
    if item.is_open:
        return True
    return item.closed is not None and item.closed > day


def actions(given: PulseInput, months: tuple[dt.date, ...]) -> Actions:
    found = _lesson_actions(given)
    closed = [a.item for a in found if not a.item.is_open and a.item.closed is not None]
    # Days from write-up to done; an item done before its lesson reached the wiki says nothing of it.
    to_done = [
        (a.item.closed - a.written).days
        for a in found
        if a.item.status == "done"
        and a.item.closed
        and a.written
        and a.item.closed >= max(a.written, months[0])
    ]
    return Actions(
        opened=per_month(months, (month_of(a.opened) for a in found if a.opened is not None)),
        done=per_month(months, (month_of(i.closed) for i in closed if i.status == "done" and i.closed)),
        dropped=per_month(months, (month_of(i.closed) for i in closed if i.status == "dropped" and i.closed)),
        overdue=tuple(sum(_overdue_on(a, month_end(month, given.today)) for a in found) for month in months),
        total=len(found),
        done_total=sum(a.item.status == "done" for a in found),
        dropped_total=sum(a.item.status == "dropped" for a in found),
        undated=sum(not a.item.is_open and a.item.closed is None for a in found),
        days_to_write_up=_median(_write_up_days(given, months[0])),
        days_to_done=_median(to_done),
    )


def _write_up_days(given: PulseInput, since: dt.date) -> list[int]:
    """Days from each lesson's `happened` to its creation in git, for lessons written since ``since``."""
    days = []
    for page in given.pages.values():
        created = _created(given, page.src_uri) if page.kind is Kind.LESSON else None
        if created is not None and page.happened is not None and created >= since:
            days.append(max(0, (created - page.happened).days))
    return days


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None


def section_of(src_uri: str) -> str:
    """The top folder a page is in ('' for pages at the top)."""
    return src_uri.split("/", 1)[0] if "/" in src_uri else ""


def reviews_by_section(found: list[Review], today: dt.date, soon_days: int) -> Reviews:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for review in found:
        left = review.days_left(today)
        state = "overdue" if left <= 0 else "due soon" if left <= soon_days else "on time"
        counts[section_of(review.page.src_uri)][state] += 1
    sections = tuple(sorted(counts))
    return Reviews(
        sections=sections,
        on_time=tuple(counts[s]["on time"] for s in sections),
        soon=tuple(counts[s]["due soon"] for s in sections),
        overdue=tuple(counts[s]["overdue"] for s in sections),
    )


def contributions(given: PulseInput) -> dict[str, set[dt.date]]:
    """Per person (``text.person_key``), every month they contributed in: credited in git, reviewing a page
    they own (`reviewed`), closing an action item they own (`closed`). Teams are not people."""
    teams = {person_key(team) for team in given.teams}
    found: dict[str, set[dt.date]] = defaultdict(set)
    for stats in given.history.contributors:
        found[person_key(stats.name)].update(month_of(local_date(when, given.zone)) for when in stats.active)
    for page in given.pages.values():
        if page.owner and page.reviewed is not None:
            found[person_key(page.owner)].add(month_of(page.reviewed))
        for item in page.actions:
            if item.closed is not None and not item.is_open:
                found[person_key(item.owner)].add(month_of(item.closed))
    return {key: months for key, months in found.items() if key and key not in teams}


def people(given: PulseInput, months: tuple[dt.date, ...]) -> People:
    found = contributions(given)
    before = months_before(months[0], len(months))
    return People(
        active=per_month(months, (month for seen in found.values() for month in seen)),
        new=per_month(months, (min(seen) for seen in found.values() if seen)),
        in_window=sum(any(month >= months[0] for month in seen) for seen in found.values()),
        in_window_before=sum(any(before <= month < months[0] for month in seen) for seen in found.values()),
    )


def tag_trends(given: PulseInput) -> tuple[TagTrend, ...]:
    """The tags with the most pages new or updated in the last three months, against the three before."""
    recent_start = months_before(month_of(given.today), QUARTER - 1)
    before_start = months_before(recent_start, QUARTER)
    recent: Counter[str] = Counter()
    before: Counter[str] = Counter()
    for src_uri, by_month in given.activity.items():
        page = given.pages.get(src_uri)
        if page is None:
            continue
        if any(month >= recent_start for month in by_month):
            recent.update(page.tags)
        if any(before_start <= month < recent_start for month in by_month):
            before.update(page.tags)
    ranked = sorted(set(recent) | set(before), key=lambda tag: (-recent[tag], -before[tag], tag))
    return tuple(TagTrend(tag, recent[tag], before[tag]) for tag in ranked[:TOP_TAGS])
