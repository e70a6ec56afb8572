"""'Recently learned': pages created or meaningfully updated in the last N days, grouped by week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .clock import local_date
from .feeds import FeedEntry, atom_feed
from .generated import GeneratedFile, PageSource, checked
from .history import History
from .listing import Listing
from .markup import (
    esc,
    generated_page,
    kind_badge,
    page_link,
    relative_url,
    show_date,
    tag_chips,
    time_tag,
)
from .model import Kind, Page

FEED_ENTRIES = 50
HISTORY_OFF = "history is switched off for this site (extra.commons.history: false)"


@dataclass(frozen=True)
class RecentEntry:
    page: Page
    status: str  # "new" or "updated"
    when: dt.datetime
    author: str
    subject: str
    sha: str


def recent_entries(
    pages: dict[str, Page], history: History, now: dt.datetime, days: int
) -> list[RecentEntry]:
    """One entry per page: its latest meaningful change in the window, newest first."""
    since = now - dt.timedelta(days=days)
    latest: dict[str, RecentEntry] = {}
    created_in_window: set[str] = set()
    for change in history.changes:  # newest first
        page = pages.get(change.src_uri)
        if page is None or page.kind is Kind.PAGE or change.when < since or change.when > now:
            continue
        if change.kind == "new":
            created_in_window.add(change.src_uri)
        if change.src_uri not in latest:
            latest[change.src_uri] = RecentEntry(
                page, "updated", change.when, change.author, change.subject, change.sha
            )
    entries = [
        RecentEntry(e.page, "new", e.when, e.author, e.subject, e.sha) if src in created_in_window else e
        for src, e in latest.items()
    ]
    return sorted(entries, key=lambda entry: (-entry.when.timestamp(), entry.page.src_uri))


def entry_html(entry: RecentEntry, here: str, zone: str) -> str:
    status = "New" if entry.status == "new" else "Updated"
    return (
        f'<li class="lc-item lc-item--{entry.status}">'
        f'<p class="lc-item__title">{page_link(entry.page, here)} {kind_badge(entry.page)} '
        f'<span class="lc-status lc-status--{entry.status}">{status}</span></p>'
        f'<p class="lc-item__summary">{esc(entry.page.summary)}</p>'
        f'<p class="lc-item__meta">{esc(entry.author)} · {time_tag(entry.when, zone)} · '
        f'<q class="lc-commit">{esc(entry.subject)}</q></p>'
        f"{tag_chips(entry.page.tags, here)}"
        "</li>"
    )


def recent_list(entries: list[RecentEntry], here: str, zone: str) -> str:
    return '<ul class="lc-list">' + "".join(entry_html(entry, here, zone) for entry in entries) + "</ul>"


def recent_page(
    entries: list[RecentEntry], days: int, zone: str, has_feed: bool, *, history: bool = True
) -> PageSource:
    # The body is made when the page renders, so a build does not hold it from the start.
    summary = "What the organization wrote down recently: new and updated pages, week by week."
    return generated_page(
        "Recently learned",
        lambda: recent_body(entries, days, zone, has_feed, history=history),
        summary=summary,
        searchable=False,
    )


def recent_body(
    entries: list[RecentEntry], days: int, zone: str, has_feed: bool, *, history: bool = True
) -> str:
    here = "recent/"
    weeks: dict[dt.date, list[RecentEntry]] = {}
    for entry in entries:
        day = local_date(entry.when, zone)
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(entry)
    feed = ' <a href="feed.xml" type="application/atom+xml">Subscribe to the feed</a>.' if has_feed else ""
    body = (
        f'<p class="lc-lead">Pages created or meaningfully updated in the last {days} days, newest first. '
        f"Typo fixes, bulk reformatting and moves are left out.{feed}</p>\n"
    )
    if not history:
        body += f'<p class="lc-empty">Nothing to list: {HISTORY_OFF}.</p>'
    elif not entries:
        body += (
            f'<p class="lc-empty">Nothing new in the last {days} days. Write down something you learned!</p>'
        )
    for monday, week in weeks.items():
        body += f'<h2 id="week-{monday.isoformat()}">Week of {show_date(monday)}</h2>\n{recent_list(week, here, zone)}\n'
    return body


def home_recent(entries: list[RecentEntry], count: int, zone: str) -> str:
    """The latest few entries for the home page, with a link to the whole list."""
    if count == 0:
        return ""
    more = f'<p><a class="md-button" href="{relative_url("", "recent/")}">Everything learned recently</a></p>'
    if not entries:
        return '<p class="lc-empty">Nothing new lately.</p>' + more
    return recent_list(entries[:count], "", zone) + more


def recent_files(
    entries: list[RecentEntry], listing: Listing, days: int, site_name: str
) -> list[GeneratedFile]:
    files = [
        checked(
            "recent/index.md",
            recent_page(entries, days, listing.zone, bool(listing.site_url), history=listing.history.enabled),
            in_nav=True,
        )
    ]
    if listing.site_url:
        feed_entries = [
            FeedEntry(
                id=f"{listing.absolute(entry.page.url)}#{entry.sha[:12]}",
                title=f"{entry.page.title} ({entry.status})",
                url=listing.absolute(entry.page.url),
                updated=entry.when,
                summary=entry.page.summary,
                authors=(entry.author,),
                categories=entry.page.tags,
                content=f"{'New' if entry.status == 'new' else 'Updated'} by {entry.author}: {entry.subject}"
                f"\n\n{entry.page.summary}",
            )
            for entry in entries[:FEED_ENTRIES]
        ]
        feed = atom_feed(
            title=f"{site_name}: recently learned",
            subtitle="New and updated playbooks, lessons learned and workshops.",
            feed_url=listing.absolute("recent/feed.xml"),
            site_url=listing.absolute("recent/"),
            entries=feed_entries,
            updated=listing.now,
        )
        files.append(checked("recent/feed.xml", feed))
        # The same feed at the site root, for the <head> link: Material's script fetches sitemap.xml
        # beside every rel=alternate link, which only exists at the root (squidfunk/mkdocs-material
        # language-selector code; a link to recent/feed.xml made every page request recent/sitemap.xml).
        files.append(checked("feed.xml", feed))
    return files
