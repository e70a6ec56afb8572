"""The learning pulse's numbers, from a hand-made wiki and a history replayed from hand-made commits: no git,
no MkDocs, fixed dates, exact counts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from learning_commons.commitlog import Commit, Contributor, FileChange
from learning_commons.gitlog import RepoState
from learning_commons.history import History, HistorySettings, build_history
from learning_commons.model import ActionItem, Kind, Page, Period
from learning_commons.months import months_before, window
from learning_commons.pulse import Pulse, PulseInput, measure, page_activity
from learning_commons.pulsepage import HISTORY_OFF, home_headline, pulse_body
from learning_commons.review import reviews

TODAY = dt.date(2026, 6, 15)
ADA = Contributor("Ada Lovelace", "ada@example.org")
BEA = Contributor("Bea Ortiz", "bea@example.org")
CY = Contributor("Cy Young", "cy@example.org")
BOT = Contributor("renovate[bot]", "bot@example.org")
SUMMARY = "A page made by the tests, with a summary long enough to be valid."


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def page(src_uri: str, kind: Kind, **fields: object) -> Page:
    return Page(src_uri, f"docs/{src_uri}", kind, src_uri, SUMMARY, **fields)  # type: ignore[arg-type]


def action(status: str, due: str, closed: str | None = None, owner: str = "Ruth Adeyemi") -> ActionItem:
    return ActionItem("Do it", owner, status, day(due), closed=day(closed) if closed else None)


_shas = iter(range(1, 10_000))


def commit(when: str, *changes: FileChange, author: Contributor = ADA, **more: object) -> Commit:
    moment = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
    return Commit(f"{next(_shas):040x}", author, moment, "A commit", changes, **more)  # type: ignore[arg-type]


def add(path: str) -> FileChange:
    return FileChange("A", f"docs/{path}", lines=20)


def edit(path: str, lines: int = 10) -> FileChange:
    return FileChange("M", f"docs/{path}", lines=lines)


def replayed(*commits: Commit) -> History:
    """The history the build would have of ``commits`` (oldest first)."""
    state = RepoState(Path("/repo"), "docs/", False, commits[-1].sha)
    return build_history(
        state, reversed(commits), (), HistorySettings(small_edit_lines=1, bulk_commit_pages=5)
    )


def pulse_of(pages: list[Page], history: History, *, months: int = 6, teams: tuple[str, ...] = ()) -> Pulse:
    by_src = {p.src_uri: p for p in pages}
    first = window(TODAY, months)[0]
    return measure(
        PulseInput(
            pages=by_src,
            activity=page_activity(history, "UTC", months_before(first, months)),
            history=history.without_changes(),
            reviews=reviews(by_src, {"playbook": Period(12, "months")}, {}),
            today=TODAY,
            zone="UTC",
            months=months,
            soon_days=30,
            teams=teams,
        )
    )


def test_the_window_is_the_last_months_with_the_current_one_last() -> None:
    assert window(TODAY, 3) == (day("2026-04-01"), day("2026-05-01"), day("2026-06-01"))
    assert window(day("2026-01-31"), 2) == (day("2025-12-01"), day("2026-01-01"))
    assert months_before(day("2026-01-01"), -1) == day("2026-02-01")


WRITTEN = [
    page("lessons/a.md", Kind.LESSON, tags=("retrospective",)),
    page("lessons/b.md", Kind.LESSON, tags=("retrospective", "feedback")),
    page("lessons/c.md", Kind.LESSON, tags=("feedback",)),
    page("lessons/old.md", Kind.LESSON, tags=("feedback",)),
    page("playbooks/p.md", Kind.PLAYBOOK, tags=("mentoring",)),
    page("workshops/w/index.md", Kind.WORKSHOP, tags=("mentoring",)),
    page("about/index.md", Kind.PAGE),
]
WRITING = replayed(
    commit("2025-11-20T10:00:00", add("lessons/old.md")),  # the six months before the window
    commit("2026-01-02T10:00:00", add("about/index.md")),
    commit("2026-03-03T10:00:00", add("lessons/a.md")),
    commit("2026-03-10T10:00:00", add("lessons/b.md"), author=BEA),
    commit("2026-03-31T23:00:00", add("lessons/c.md")),
    commit("2026-03-31T23:30:00", edit("lessons/c.md")),  # created and updated in March: created
    commit("2026-04-02T10:00:00", add("playbooks/p.md"), add("workshops/w/index.md")),
    commit("2026-05-05T10:00:00", edit("lessons/a.md")),
    commit("2026-05-06T10:00:00", edit("lessons/a.md")),  # the same page twice in May: once
    commit("2026-05-07T10:00:00", edit("lessons/b.md", lines=1)),  # a typo fix is no update
    commit("2026-05-08T10:00:00", edit("lessons/old.md"), edit("playbooks/p.md")),
    commit("2026-06-01T10:00:00", edit("about/index.md")),  # not a lesson or playbook
    commit("2026-06-02T10:00:00", edit("lessons/b.md"), author=BOT),  # bots are never credited
)


def test_lessons_and_playbooks_written_and_meaningfully_updated_per_month() -> None:
    written = pulse_of(WRITTEN, WRITING).writing

    # Jan to Jun 2026
    assert written.new_lessons == (0, 0, 3, 0, 0, 0)
    assert written.new_playbooks == (0, 0, 0, 1, 0, 0)
    assert written.updated == (0, 0, 0, 0, 3, 0)  # lessons/a.md, lessons/old.md, playbooks/p.md
    assert written.lessons == 3 and written.lessons_before == 1


def test_updates_count_each_page_once_a_month() -> None:
    history = replayed(
        commit("2026-01-02T10:00:00", add("playbooks/p.md"), add("playbooks/q.md")),
        *(commit(f"2026-05-{n:02}T10:00:00", edit("playbooks/p.md")) for n in range(1, 9)),
        commit("2026-05-20T10:00:00", edit("playbooks/q.md")),
    )
    pages = [page("playbooks/p.md", Kind.PLAYBOOK), page("playbooks/q.md", Kind.PLAYBOOK)]

    assert pulse_of(pages, history).writing.updated == (0, 0, 0, 0, 2, 0)


def test_a_bulk_commit_creates_pages_but_writes_nothing_in_the_pulse() -> None:
    imported = [f"lessons/{n}.md" for n in range(6)]  # more than bulk_commit_pages
    history = replayed(commit("2026-04-01T10:00:00", *map(add, imported)))

    written = pulse_of([page(src, Kind.LESSON) for src in imported], history).writing

    assert written.new_lessons == (0,) * 6 and written.lessons == 0


LESSONS = [
    page(
        "lessons/outage.md",
        Kind.LESSON,
        happened=day("2026-01-20"),
        actions=(
            action("done", "2026-03-01", "2026-02-10"),  # opened 2026-02-01 (the lesson's commit): 9 days
            action("done", "2026-04-01", "2026-04-01"),  # 59 days
            action("dropped", "2026-04-01", "2026-03-20"),
            action("open", "2026-03-15"),  # overdue from March on
            action("in-progress", "2026-07-01"),  # not due yet
            action("done", "2026-02-15"),  # done, no closed date: in no month, never overdue
            action("done", "2026-02-20", "2026-05-02"),  # overdue at February's to April's end, done in May
        ),
    ),
    page(
        "lessons/launch.md",
        Kind.LESSON,
        happened=day("2026-04-01"),
        actions=(action("open", "2026-05-31"),),  # overdue at the end of June (today), not of May
    ),
    page("lessons/empty.md", Kind.LESSON, happened=day("2026-05-20")),
]
LESSON_HISTORY = replayed(
    commit("2026-02-01T10:00:00", add("lessons/outage.md")),
    commit("2026-04-11T10:00:00", add("lessons/launch.md")),
    commit("2026-05-21T10:00:00", add("lessons/empty.md")),
)


def test_action_items_opened_closed_dropped_and_overdue_per_month() -> None:
    acts = pulse_of(LESSONS, LESSON_HISTORY).actions

    # Jan to Jun 2026
    assert acts.opened == (0, 7, 0, 1, 0, 0)
    assert acts.done == (0, 1, 0, 1, 1, 0)
    assert acts.dropped == (0, 0, 1, 0, 0, 0)
    assert acts.overdue == (0, 1, 2, 2, 1, 2)
    assert (acts.total, acts.done_total, acts.dropped_total, acts.undated) == (8, 4, 1, 1)


def test_median_days_to_write_up_and_to_done() -> None:
    acts = pulse_of(LESSONS, LESSON_HISTORY).actions

    assert acts.days_to_write_up == 10.0  # 12 (outage), 10 (launch), 1 (empty)
    assert acts.days_to_done == 59.0  # 9, 59, 90


def test_an_item_done_before_its_lesson_reached_the_wiki_is_opened_when_it_was_done() -> None:
    lessons = [
        page(
            "lessons/imported.md",
            Kind.LESSON,
            happened=day("2026-01-05"),
            actions=(
                action("done", "2026-02-01", "2026-02-10"),  # done before the lesson's commit
                action("dropped", "2026-03-01", "2026-01-20"),
                action("done", "2026-06-01", "2026-05-11"),  # 30 days after it
            ),
        )
    ]
    history = replayed(commit("2026-04-11T10:00:00", add("lessons/imported.md")))

    acts = pulse_of(lessons, history).actions

    # Jan to Jun 2026: never done before opened
    assert acts.opened == (1, 1, 0, 1, 0, 0)
    assert acts.done == (0, 1, 0, 0, 1, 0)
    assert acts.dropped == (1, 0, 0, 0, 0, 0)
    assert acts.overdue == (0, 0, 0, 0, 0, 0)
    assert acts.days_to_done == 30.0  # the item done in February says nothing of the time to done


def test_a_new_wiki_has_a_pulse_of_zeros_and_no_medians() -> None:
    pulse = pulse_of([], History(enabled=False))

    assert pulse.writing.new_lessons == (0,) * 6 and pulse.writing.lessons == 0
    assert pulse.actions.total == 0 and pulse.actions.overdue == (0,) * 6
    assert pulse.actions.days_to_write_up is None and pulse.actions.days_to_done is None
    assert pulse.reviews.sections == () and pulse.tags == () and pulse.people.active == (0,) * 6
    assert not pulse.history


def test_reviews_on_time_due_soon_and_overdue_by_section() -> None:
    pages = [
        page("playbooks/a.md", Kind.PLAYBOOK, reviewed=day("2025-06-01")),  # due 2026-06-01: overdue
        page("playbooks/b.md", Kind.PLAYBOOK, reviewed=day("2025-06-15")),  # due today: overdue
        page("playbooks/c.md", Kind.PLAYBOOK, reviewed=day("2025-07-10")),  # due in 25 days: soon
        page("playbooks/d.md", Kind.PLAYBOOK, reviewed=day("2026-01-10")),
        page("practices/e.md", Kind.PLAYBOOK, reviewed=day("2026-01-10")),
        page("lessons/l.md", Kind.LESSON, reviewed=day("2020-01-01")),  # lessons have no cycle here
    ]
    found = pulse_of(pages, History(enabled=False)).reviews

    assert found.sections == ("playbooks", "practices")
    assert (found.on_time, found.soon, found.overdue) == ((1, 1), (1, 0), (2, 0))


def test_contributors_per_month_count_co_authors_owners_reviewing_and_actions_closed() -> None:
    history = replayed(
        commit("2026-01-05T10:00:00", add("playbooks/p.md")),
        commit("2026-02-05T10:00:00", add("playbooks/q.md"), author=BEA, coauthors=(CY,)),
        commit("2026-02-06T10:00:00", edit("playbooks/p.md"), author=ADA),
        commit("2026-03-05T10:00:00", edit("playbooks/q.md"), author=BOT),
    )
    pages = [
        page("playbooks/p.md", Kind.PLAYBOOK, owner="ruth  ADEYEMI", reviewed=day("2026-03-09")),
        page("playbooks/q.md", Kind.PLAYBOOK, owner="Learning Guild", reviewed=day("2026-04-09")),
        page(
            "lessons/l.md",
            Kind.LESSON,
            actions=(
                action("done", "2026-04-01", "2026-04-02", owner="Dan"),
                action("done", "2026-04-01", "2026-04-03", owner="bea ortiz"),
                action("dropped", "2026-04-01", "2026-04-03", owner="Eve"),
                action("open", "2026-04-01", owner="Fay"),  # nothing done yet
            ),
        ),
    ]
    seen = pulse_of(pages, history, teams=("learning guild",)).people

    # Jan: Ada; Feb: Bea, Cy (co-author), Ada; Mar: Ruth (review); Apr: Dan, Bea, Eve (closed items)
    assert seen.active == (1, 3, 1, 3, 0, 0)
    assert seen.new == (1, 2, 1, 2, 0, 0)
    assert (seen.in_window, seen.in_window_before) == (6, 0)


def test_new_contributors_are_new_to_the_whole_history_not_the_window() -> None:
    history = replayed(
        commit("2024-01-05T10:00:00", add("playbooks/p.md")),
        commit("2026-05-05T10:00:00", edit("playbooks/p.md")),
        commit("2026-05-06T10:00:00", edit("playbooks/p.md"), author=BEA),
    )
    seen = pulse_of([page("playbooks/p.md", Kind.PLAYBOOK)], history).people

    assert seen.active == (0, 0, 0, 0, 2, 0) and seen.new == (0, 0, 0, 0, 1, 0)


def test_tags_with_most_new_or_updated_pages_this_quarter_against_the_one_before() -> None:
    tags = pulse_of(WRITTEN, WRITING).tags

    # Apr to Jun: lessons/a (edit), old (edit), p, w; Jan to Mar: lessons a, b, c.
    assert [(t.tag, t.recent, t.before) for t in tags] == [
        ("mentoring", 2, 0),
        ("feedback", 1, 2),
        ("retrospective", 1, 2),
    ]


def test_months_follow_the_sites_time_zone() -> None:
    history = replayed(commit("2026-03-31T23:00:00", add("lessons/a.md")))
    pages = {"lessons/a.md": page("lessons/a.md", Kind.LESSON)}
    first = window(TODAY, 6)[0]
    in_berlin = measure(
        PulseInput(
            pages=pages,
            activity=page_activity(history, "Europe/Berlin", first),
            history=history,
            reviews=[],
            today=TODAY,
            zone="Europe/Berlin",
            months=6,
            soon_days=30,
        )
    )
    assert in_berlin.writing.new_lessons == (0, 0, 0, 1, 0, 0)


# -- the page and the headline -------------------------------------------------------------------------


def test_a_new_wiki_reads_in_sensible_words_without_dividing_by_zero() -> None:
    pulse = pulse_of([], History(enabled=False))

    assert home_headline(pulse) == (
        '<p class="lc-pulse-headline"><a href="pulse/">'
        "No lesson written in the last 6 months yet · no action items yet</a></p>"
    )
    readings = re.findall(r'<p class="lc-pulse__reading">(.*?)</p>', pulse_body(pulse))
    assert readings == [
        "0 lessons written in the last 6 months, as many as the 6 months before; 0 new playbooks and "
        "0 real updates to lessons and playbooks.",
        "No action items yet: a lesson&#x27;s action items are what we promise to change.",
        "Median time from an incident to its write-up: no data yet; from an action item&#x27;s opening "
        "to done: no data yet.",
        "No page has a review cycle yet.",
        "0 people contributed in the last 6 months, as many as the 6 months before; 0 for the first time.",
        "No tagged page was written or updated in the last 3 months.",
    ]
    assert HISTORY_OFF.split(",")[0] in pulse_body(pulse)


def test_the_headline_counts_done_among_the_items_not_dropped() -> None:
    pulse = pulse_of(LESSONS, LESSON_HISTORY)

    assert home_headline(pulse) == (
        '<p class="lc-pulse-headline"><a href="pulse/"><strong>3 lessons</strong> written in the last 6 '
        "months · <strong>57 %</strong> of action items done</a></p>"
    )


def test_nothing_from_front_matter_or_git_reaches_the_page_unescaped() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    pages = [
        page(f"{hostile}/p.md", Kind.PLAYBOOK, reviewed=day("2026-01-10"), tags=(hostile,)),
        page("lessons/a.md", Kind.LESSON, tags=(hostile,)),
    ]
    history = replayed(commit("2026-05-02T10:00:00", add(f"{hostile}/p.md"), add("lessons/a.md")))

    body = pulse_body(pulse_of(pages, history))

    assert hostile not in body and "<img" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body  # the tag and the section, as text


def test_how_we_count_says_how_many_closed_items_have_no_date() -> None:
    assert "1 item done or dropped without a <code>closed</code> date count in no month" in pulse_body(
        pulse_of(LESSONS, LESSON_HISTORY)
    )
    assert "without a <code>closed</code> date" not in pulse_body(pulse_of([], History(enabled=False)))
