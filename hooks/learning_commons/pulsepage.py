"""The learning pulse page (/pulse/) and the home page's headline: each question a chart (charts.py) with
its reading in plain words above it, and the numbers under it."""

from __future__ import annotations

from typing import Literal

from .charts import Chart, Series, chart_html
from .generated import GeneratedFile, PageSource, checked
from .markup import esc, generated_page, relative_url, short_month, show_date
from .pulse import QUARTER, Pulse
from .recent import HISTORY_OFF as NO_HISTORY

PULSE_URL = "pulse/"
PULSE_TITLE = "Learning pulse"
HISTORY_OFF = (
    f"{NO_HISTORY[0].upper()}{NO_HISTORY[1:]}, so what comes from git (pages written, contributors) "
    "shows nothing."
)


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 lesson', '3 lessons'."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %"


def _labels(pulse: Pulse) -> tuple[str, ...]:
    return tuple(short_month(month) for month in pulse.months)


def counts(name: str, values: tuple[int, ...]) -> Series:
    return Series(name, tuple(float(value) for value in values))


def monthly(
    pulse: Pulse,
    key: str,
    title: str,
    description: str,
    series: tuple[Series, ...],
    unit: str,
    kind: Literal["bars", "lines"] = "bars",
) -> Chart:
    """A chart with a value per month of the window."""
    return Chart(key, title, description, _labels(pulse), series, kind, unit)


def _than_before(now: int, before: int, span: str) -> str:
    """', 3 more than the 12 months before' (or fewer, or as many)."""
    if now == before:
        return f", as many as the {span} before"
    return f", {abs(now - before)} {'more' if now > before else 'fewer'} than the {span} before"


def _span(pulse: Pulse) -> str:
    return plural(len(pulse.months), "month")


def writing_reading(pulse: Pulse) -> str:
    written = pulse.writing
    return (
        f"{plural(written.lessons, 'lesson')} written in the last {_span(pulse)}"
        f"{_than_before(written.lessons, written.lessons_before, _span(pulse))}; "
        f"{plural(sum(written.new_playbooks), 'new playbook')} and "
        f"{plural(sum(written.updated), 'real update')} to lessons and playbooks."
    )


def writing_chart(pulse: Pulse) -> Chart:
    written = pulse.writing
    return monthly(
        pulse,
        "writing",
        "Lessons and playbooks written and updated, by month",
        "New lessons, new playbooks and meaningful updates (not typo fixes or moves) each month. "
        + writing_reading(pulse),
        (
            counts("New lessons", written.new_lessons),
            counts("New playbooks", written.new_playbooks),
            counts("Updated", written.updated),
        ),
        "pages",
    )


def actions_reading(pulse: Pulse) -> str:
    acts = pulse.actions
    if not acts.total:
        return "No action items yet: a lesson's action items are what we promise to change."
    still_open = acts.total - acts.done_total - acts.dropped_total
    overdue = acts.overdue[-1]
    undated = (
        f" {plural(acts.undated, 'closed item')} without a closed date count in no month."
        if acts.undated
        else ""
    )
    return (
        f"{acts.done_total} of {plural(acts.total, 'action item')} done, {acts.dropped_total} dropped, "
        f"{still_open} open of which {overdue} overdue: {done_share(pulse)} of those not dropped are "
        f"done.{undated}"
    )


def done_share(pulse: Pulse) -> str:
    """The share of action items done among those not dropped: '72 %'."""
    acts = pulse.actions
    kept = acts.total - acts.dropped_total
    return percent(acts.done_total, kept) if kept else "none"


def actions_chart(pulse: Pulse) -> Chart:
    acts = pulse.actions
    return monthly(
        pulse,
        "actions",
        "Action items opened, closed and overdue, by month",
        "Action items opened (their lesson written), done, dropped, and open past their due date at each "
        "month's end. " + actions_reading(pulse),
        (
            counts("Opened", acts.opened),
            counts("Done", acts.done),
            counts("Dropped", acts.dropped),
            counts("Overdue", acts.overdue),
        ),
        "action items",
        kind="lines",
    )


def _days(value: float | None) -> str:
    return "no data yet" if value is None else plural(round(value), "day")


def follow_through_reading(pulse: Pulse) -> str:
    acts = pulse.actions
    return (
        f"Median time from an incident to its write-up: {_days(acts.days_to_write_up)}; "
        f"from an action item's opening to done: {_days(acts.days_to_done)}."
    )


def follow_through_chart(pulse: Pulse) -> Chart:
    acts = pulse.actions
    return Chart(
        key="follow-through",
        title=f"Median days to follow through, last {_span(pulse)}",
        description="Days from a lesson's incident to its write-up, and from an action item's opening to "
        "its closing as done. " + follow_through_reading(pulse),
        labels=("From incident to write-up", "From action opened to done"),
        series=(Series("Median days", (acts.days_to_write_up, acts.days_to_done)),),
        kind="hbars",
        unit="days",
    )


def section_label(section: str) -> str:
    return section.replace("-", " ").capitalize() if section else "Top-level pages"


def reviews_reading(pulse: Pulse) -> str:
    found = pulse.reviews
    total = sum(found.on_time) + sum(found.soon) + sum(found.overdue)
    if not total:
        return "No page has a review cycle yet."
    return (
        f"{sum(found.on_time)} of {plural(total, 'page')} with a review cycle are on time "
        f"({percent(sum(found.on_time), total)}); {sum(found.soon)} due soon, {sum(found.overdue)} overdue."
    )


def reviews_chart(pulse: Pulse) -> Chart:
    found = pulse.reviews
    return Chart(
        key="reviews",
        title="Pages by review state, by section",
        description="Pages whose owner read them again within their review cycle, those due soon and "
        "those overdue, in each section. " + reviews_reading(pulse),
        labels=tuple(section_label(section) for section in found.sections),
        series=(
            counts("On time", found.on_time),
            counts("Due soon", found.soon),
            counts("Overdue", found.overdue),
        ),
        kind="stacked",
        unit="pages",
    )


def people_reading(pulse: Pulse) -> str:
    seen = pulse.people
    return (
        f"{plural(seen.in_window, 'person', 'people')} contributed in the last {_span(pulse)}"
        f"{_than_before(seen.in_window, seen.in_window_before, _span(pulse))}; "
        f"{sum(seen.new)} for the first time."
    )


def people_chart(pulse: Pulse) -> Chart:
    seen = pulse.people
    return monthly(
        pulse,
        "people",
        "Contributors and new contributors, by month",
        "People who wrote or improved a page (authors and co-authors), reviewed a page they own or closed "
        "an action item, and those who did so for the first time. " + people_reading(pulse),
        (counts("Contributors", seen.active), counts("New contributors", seen.new)),
        "people",
    )


def _quarter() -> str:
    return f"last {QUARTER} months"


def tags_reading(pulse: Pulse) -> str:
    if not pulse.tags or not pulse.tags[0].recent:
        return f"No tagged page was written or updated in the {_quarter()}."
    top = pulse.tags[0]
    return (
        f"Most written about in the {_quarter()}: {top.tag} "
        f"({plural(top.recent, 'page')}, against {top.before} in the {QUARTER} months before)."
    )


def tags_chart(pulse: Pulse) -> Chart:
    return Chart(
        key="tags",
        title=f"Tags with the most new or updated pages, {_quarter()} against the {QUARTER} before",
        description="Pages new or meaningfully updated per tag. " + tags_reading(pulse),
        labels=tuple(trend.tag for trend in pulse.tags),
        series=(
            counts(f"Last {QUARTER} months", tuple(trend.recent for trend in pulse.tags)),
            counts(f"{QUARTER} months before", tuple(trend.before for trend in pulse.tags)),
        ),
        kind="hbars",
        unit="pages",
    )


QUESTIONS = (
    ("writing", "Are we writing down what we learn?", writing_reading, writing_chart),
    ("actions", "Do lessons change anything?", actions_reading, actions_chart),
    ("follow-through", "How quickly do we follow through?", follow_through_reading, follow_through_chart),
    ("reviews", "Is the knowledge kept alive?", reviews_reading, reviews_chart),
    ("people", "Who learns here?", people_reading, people_chart),
    ("tags", "What do we learn about?", tags_reading, tags_chart),
)


def pulse_body(pulse: Pulse) -> str:
    first, last = pulse.months[0], pulse.months[-1]
    body = (
        '<p class="lc-lead">How our learning culture is doing, from the wiki\'s own history: '
        f"{short_month(first)} to {short_month(last)}, month by month, "
        f"as of {show_date(pulse.today)}. Under each chart, “Show the numbers” gives its table.</p>\n"
    )
    if not pulse.history:
        body += f'<p class="lc-empty">{esc(HISTORY_OFF)}</p>\n'
    for key, question, reading, chart in QUESTIONS:
        body += (
            f'<section class="lc-pulse" aria-labelledby="{key}">'
            f'<h2 id="{key}">{esc(question)}</h2>'
            f'<p class="lc-pulse__reading">{esc(reading(pulse))}</p>'
            f"{chart_html(chart(pulse))}</section>\n"
        )
    return body + how_we_count(pulse)


def how_we_count(pulse: Pulse) -> str:
    """What the numbers mean, for a reader who will quote them."""
    undated = pulse.actions.undated
    missing = (
        f" {plural(undated, 'item')} done or dropped without a <code>closed</code> date count in no "
        "month: add one to each."
        if undated
        else ""
    )
    return (
        '<h2 id="how-we-count">How we count</h2>\n<ul class="lc-pulse__notes">'
        "<li>A lesson or playbook is written when it is first committed; an update is a meaningful one, as "
        "on Recently learned (no typo fixes, bulk commits or moves), and a page counts once a month.</li>"
        "<li>An action item is opened when its lesson is written and closed on its <code>closed</code> "
        "date; an item closed before its lesson reached the wiki is opened on that date too, and left out "
        "of the days to done; it is overdue at a "
        f"month's end when it was still open past its due date.{missing}</li>"
        "<li>Reviews follow the review page: overdue from the due date, due soon within the days "
        "before it.</li>"
        "<li>Contributors are git authors and co-authors, page owners in the month of their review, and "
        "action item owners in the month they closed one; teams are not counted. A new contributor is "
        "one seen for the first time in the wiki's whole history.</li>"
        "</ul>\n"
    )


def pulse_page(pulse: Pulse) -> PageSource:
    # The body is made when the page renders, so a build does not hold it from the start.
    return generated_page(
        PULSE_TITLE,
        lambda: pulse_body(pulse),
        summary="How our learning culture is doing: lessons written, actions closed, reviews kept, "
        "people contributing, month by month.",
        searchable=False,
    )


def pulse_files(pulse: Pulse) -> list[GeneratedFile]:
    return [checked("pulse/index.md", pulse_page(pulse), in_nav=True)]


def home_headline(pulse: Pulse) -> str:
    """One line of figures on the home page, linking to the pulse: '14 lessons written in the last 12
    months · 72 % of action items done', the figures in bold."""
    lessons = pulse.writing.lessons
    written = (
        f"<strong>{plural(lessons, 'lesson')}</strong> written in the last {_span(pulse)}"
        if lessons
        else f"No lesson written in the last {_span(pulse)} yet"
    )
    acts = pulse.actions
    done = (
        f"<strong>{done_share(pulse)}</strong> of action items done"
        if acts.total > acts.dropped_total
        else "no action items yet"
    )
    return f'<p class="lc-pulse-headline"><a href="{relative_url("", PULSE_URL)}">{written} · {done}</a></p>'
