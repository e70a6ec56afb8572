"""Review cycles: when each page is due for review, and the page that lists what is due."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from .clock import add_days
from .generated import GeneratedFile, PageSource, checked
from .markup import esc, generated_page, kind_badge, page_link, relative_url, show_date, time_tag
from .migration import SETTING, Backlog
from .model import Kind, Page, Period

REVIEW_URL = "review/"
GUIDE = "contributing/index.md"  # the contributing guide, where owners read what a review asks of them
GUIDE_REVIEW_URL = ("contributing/", "review-cycles")  # the guide's part on review cycles


@dataclass(frozen=True)
class Review:
    page: Page
    last: dt.date  # the last review: `reviewed`, or else the last update in git
    every: Period
    due: dt.date
    declared: bool  # True when the date comes from `reviewed`, not from git

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days


def review_words(review: Review) -> str:
    """The review state as a reader says it: 'Last reviewed April 2025 by Ruth Adeyemi; next review
    due October 2025'. Reviews are planned by the month, so their dates are shown to the month."""
    due = f"next review due {time_tag(review.due, 'UTC', month=True)}"
    if not review.declared:
        return f"Not reviewed yet; {due}"
    by = f" by {esc(review.page.owner)}" if review.page.owner else ""
    return f"Last reviewed {time_tag(review.last, 'UTC', month=True)}{by}; {due}"


def review_of(page: Page, defaults: dict[str, Period], last_updated: dt.date | None) -> Review | None:
    """A page's review schedule, or None when it has no cycle (no interval, or nothing to count from)."""
    every = page.review_every or defaults.get(page.kind.label)
    if every is None or (page.kind is Kind.PAGE and page.review_every is None):
        return None
    if page.reviewed:
        return Review(page, page.reviewed, every, every.after(page.reviewed), True)
    if last_updated is None:
        return None
    return Review(page, last_updated, every, every.after(last_updated), False)


def reviews(
    pages: dict[str, Page], defaults: dict[str, Period], updated_dates: dict[str, dt.date]
) -> list[Review]:
    """Every page with a review cycle, most overdue first (ties by path)."""
    found = [
        review
        for page in pages.values()
        if (review := review_of(page, defaults, updated_dates.get(page.src_uri))) is not None
    ]
    return sorted(found, key=lambda review: (review.due, review.page.src_uri))


def due_reviews(
    all_reviews: list[Review], today: dt.date, soon_days: int
) -> tuple[list[Review], list[Review]]:
    """(overdue or due today, due within ``soon_days``)."""
    due = [review for review in all_reviews if review.due <= today]
    horizon = add_days(today, soon_days)
    soon = [review for review in all_reviews if today < review.due <= horizon]
    return due, soon


def _rows(found: list[Review], today: dt.date, here: str) -> str:
    rows = []
    for review in found:
        left = review.days_left(today)
        when = f"{-left} days overdue" if left < 0 else ("today" if left == 0 else f"in {left} days")
        last = time_tag(review.last, "UTC", month=True)
        basis = (
            f"Reviewed {last}"
            if review.declared
            else f'Never; <span class="lc-meta">last updated {last}</span>'
        )
        rows.append(
            f"<tr><td>{page_link(review.page, here)} {kind_badge(review.page)}</td>"
            f"<td>{esc(review.page.owner or 'nobody yet')}</td>"
            f"<td>{basis}</td>"
            f"<td>{time_tag(review.due, 'UTC', month=True)} · {when}</td></tr>"
        )
    return (
        '<table><thead><tr><th scope="col">Page</th><th scope="col">Owner</th>'
        '<th scope="col">Last review</th><th scope="col">Due</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def review_page(
    all_reviews: list[Review],
    today: dt.date,
    soon_days: int,
    backlog: Backlog | None = None,
    *,
    guide: bool = False,
) -> PageSource:
    # The body is made when the page renders, so a build does not hold it from the start.
    return generated_page(
        "Due for review",
        lambda: review_body(all_reviews, today, soon_days, guide=guide) + backlog_section(backlog),
        summary="Pages whose review date has passed or is near.",
        searchable=False,
    )


def review_body(all_reviews: list[Review], today: dt.date, soon_days: int, *, guide: bool = False) -> str:
    """The review list in plain words; with ``guide``, a link for owners to the contributing guide's part on
    reviews (only when the wiki has the guide, so the link never breaks)."""
    due, soon = due_reviews(all_reviews, today, soon_days)
    body = (
        '<p class="lc-lead">Every playbook and workshop is read again from time to time by the person who '
        "looks after it, so that what it says stays true. These pages are past that date or close to it: "
        "they may be out of date in places. If you notice something wrong, tell the owner or suggest a "
        "change from the page.</p>\n"
        f'<p class="lc-meta">As of {show_date(today)}: {len(due)} past their date, {len(soon)} due within '
        f"{soon_days} days.{_for_owners(guide)}</p>\n"
        '<h2 id="due">Past their review date</h2>\n'
        + (_rows(due, today, REVIEW_URL) if due else '<p class="lc-empty">Nothing is overdue.</p>')
        + f'\n<h2 id="due-soon">Due within {soon_days} days</h2>\n'
        + (_rows(soon, today, REVIEW_URL) if soon else '<p class="lc-empty">Nothing is due soon.</p>')
    )
    return body


def _for_owners(guide: bool) -> str:
    if not guide:
        return ""
    href = relative_url(REVIEW_URL, *GUIDE_REVIEW_URL)
    return f' Owners: how to review a page is in the <a href="{href}">contributing guide</a>.'


def backlog_section(backlog: Backlog | None) -> str:
    """What adopted pages still lack, while the migration period lasts ('' when none is set)."""
    if backlog is None:
        return ""
    heading = '\n<h2 id="adoption">Still to bring up to the content model</h2>\n'
    if not backlog.pages:
        return heading + (
            '<p class="lc-empty">Every adopted page is complete: the setting '
            f"<code>{SETTING}</code> can go.</p>"
        )
    rows = "".join(
        f"<tr><td>{esc(message)}</td><td>{count}</td></tr>" for message, count in backlog.by_message
    )
    return heading + (
        f'<p class="lc-meta">{backlog.pages} pages still lack parts of the content model. The migration '
        f"period (<code>{SETTING}</code>) ends on {show_date(backlog.until)}: until then the build lists "
        "these pages instead of failing, after that it fails on each of them. "
        "<code>make check</code> names every one with its file and line.</p>\n"
        '<table><thead><tr><th scope="col">What is missing</th><th scope="col">Pages</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def review_markdown(all_reviews: list[Review], today: dt.date, soon_days: int, site_url: str) -> str:
    """The body of the reminder issue; empty when nothing is due (the workflow then closes the issue)."""
    due, soon = due_reviews(all_reviews, today, soon_days)
    if not due and not soon:
        return ""

    def line(review: Review) -> str:
        left = review.days_left(today)
        state = f"{-left} days overdue" if left < 0 else f"due {show_date(review.due)}"
        title = code_span(review.page.title)
        link = f"[{title}]({site_url}{quote(review.page.url, safe='/')})" if site_url else title
        owner = code_span(review.page.owner) if review.page.owner else "none"
        return f"- [ ] {link} ({code_span(review.page.path)}), owner: {owner}, {state}"

    parts = [
        f"Pages due for review as of {show_date(today)}.",
        "",
        "To review a page: read it again, fix what changed, and set `reviewed:` in its front matter to "
        "the date of your review (`review_every` changes how often). Tick it here once merged.",
    ]
    if due:
        parts += ["", "## Due now", *map(line, due)]
    if soon:
        parts += ["", f"## Due within {soon_days} days", *map(line, soon)]
    return "\n".join(parts) + "\n"


def code_span(text: str) -> str:
    """``text`` as a Markdown code span, where GitHub makes no mention, link, image, reference or HTML of
    it: the fence is longer than any run of backticks inside, and line breaks become spaces."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def review_files(
    all_reviews: list[Review],
    today: dt.date,
    soon_days: int,
    backlog: Backlog | None = None,
    *,
    guide: bool = False,
) -> list[GeneratedFile]:
    page = review_page(all_reviews, today, soon_days, backlog, guide=guide)
    return [checked("review/index.md", page, in_nav=True)]
