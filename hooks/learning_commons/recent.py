"""'Recently learned': what readers can learn that is new, from pages created or meaningfully updated
in the last N days, grouped by week.

An entry names the page (a workshop part's workshop: its parts roll up into it), its type and summary,
who and when, and for an update what changed in the author's words (a ``Change:`` commit trailer),
never a commit subject. When nothing was learned in the window, the latest few entries stand in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

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
from .model import Kind, Page, Part

FEED_ENTRIES = 50
LATEST_WHEN_EMPTY = 5  # entries shown, whatever their age, when nothing was learned in the window
HISTORY_OFF = "history is switched off for this site (extra.commons.history: false)"


@dataclass(frozen=True)
class RecentEntry:
    page: Page  # what a reader opens: for a workshop part, its workshop
    status: str  # "new" or "updated"
    when: dt.datetime
    author: str
    note: str  # what changed, in the author's words; "" when they wrote nothing
    sha: str
    parts: tuple[str, ...] = ()  # the workshop parts changed, as readers name them: ("handout",)

    @property
    def label(self) -> str:
        """'New', 'Updated', 'Updated (handout)'."""
        status = "New" if self.status == "new" else "Updated"
        return f"{status} ({', '.join(self.parts)})" if self.parts else status


@dataclass
class _Gathering:
    entry: RecentEntry  # from the latest change
    new: bool = False  # the page itself was created in the window
    parts: list[str] = field(default_factory=list)


def recent_entries(
    pages: dict[str, Page], history: History, now: dt.datetime, days: int | None
) -> list[RecentEntry]:
    """One entry per page (workshop parts in their workshop's): its latest meaningful change in the
    last ``days`` days (all time when None), newest first."""
    since = now - dt.timedelta(days=days) if days is not None else None
    overviews = workshop_overviews(pages)
    found: dict[str, _Gathering] = {}
    for change in history.changes:  # newest first
        page = pages.get(change.src_uri)
        if page is None or page.kind is Kind.PAGE or change.when > now:
            continue
        if since is not None and change.when < since:
            break
        shown = listed_as(page, overviews)
        gathering = found.get(shown.src_uri)
        if gathering is None:
            entry = RecentEntry(shown, "updated", change.when, change.author, change.note, change.sha)
            gathering = found[shown.src_uri] = _Gathering(entry)
        if page is shown:
            gathering.new = gathering.new or change.kind == "new"
        elif page.part is not None and page.part.label not in gathering.parts:
            gathering.parts.append(page.part.label)
    entries = [
        replace(g.entry, status="new", parts=()) if g.new else replace(g.entry, parts=tuple(g.parts))
        for g in found.values()
    ]
    return sorted(entries, key=lambda entry: (-entry.when.timestamp(), entry.page.src_uri))


def workshop_overviews(pages: Mapping[str, Page]) -> dict[str, Page]:
    """Each workshop's overview page, by workshop folder."""
    return {page.workshop: page for page in pages.values() if page.workshop and page.part is Part.OVERVIEW}


def listed_as(page: Page, overviews: Mapping[str, Page]) -> Page:
    """The page whose entry lists a change to ``page``: a workshop part's workshop (when it has an
    overview), any other page itself."""
    return overviews.get(page.workshop or "", page) if page.kind is Kind.WORKSHOP_PART else page


def latest_entries(pages: dict[str, Page], history: History, now: dt.datetime) -> list[RecentEntry]:
    """What stands in for an empty window: the latest few entries, whatever their age."""
    return recent_entries(pages, history, now, None)[:LATEST_WHEN_EMPTY]


def entry_html(entry: RecentEntry, here: str, zone: str) -> str:
    note = f'<p class="lc-item__change">What changed: {esc(entry.note)}</p>' if entry.note else ""
    return (
        f'<li class="lc-item lc-item--{entry.status}">'
        f'<p class="lc-item__title">{page_link(entry.page, here)} {kind_badge(entry.page)} '
        f'<span class="lc-status lc-status--{entry.status}">{esc(entry.label)}</span></p>'
        f'<p class="lc-item__summary">{esc(entry.page.summary)}</p>'
        f"{note}"
        f'<p class="lc-item__meta">{esc(entry.author)} · {time_tag(entry.when, zone)}</p>'
        f"{tag_chips(entry.page.tags, here)}"
        "</li>"
    )


def recent_list(entries: list[RecentEntry], here: str, zone: str) -> str:
    return '<ul class="lc-list">' + "".join(entry_html(entry, here, zone) for entry in entries) + "</ul>"


@dataclass(frozen=True)
class Recent:
    """What "recently learned" lists: the window's entries, or the latest ones when it is empty."""

    entries: list[RecentEntry]
    latest: list[RecentEntry]  # only when ``entries`` is empty
    days: int

    @property
    def shown(self) -> list[RecentEntry]:
        return self.entries or self.latest

    def without_pages_outside(self, pages: Mapping[str, Page]) -> Recent:
        """The same lists without the entries of pages the build left out."""
        keep = [entry for entry in self.entries if entry.page.src_uri in pages]
        return Recent(keep, [entry for entry in self.latest if entry.page.src_uri in pages], self.days)


def recent(pages: dict[str, Page], history: History, now: dt.datetime, days: int) -> Recent:
    entries = recent_entries(pages, history, now, days)
    return Recent(entries, [] if entries else latest_entries(pages, history, now), days)


def _empty_window(found: Recent) -> str:
    return f"Nothing new in the last {found.days} days." + (
        " The latest things learned:" if found.latest else " Write down something you learned!"
    )


def recent_page(found: Recent, zone: str, has_feed: bool, *, history: bool = True) -> PageSource:
    # The body is made when the page renders, so a build does not hold it from the start.
    summary = "What the organization learned recently: new and updated pages, week by week."
    return generated_page(
        "Recently learned",
        lambda: recent_body(found, zone, has_feed, history=history),
        summary=summary,
        searchable=False,
    )


def recent_body(found: Recent, zone: str, has_feed: bool, *, history: bool = True) -> str:
    here = "recent/"
    feed = ' <a href="feed.xml" type="application/atom+xml">Subscribe to the feed</a>.' if has_feed else ""
    body = (
        f'<p class="lc-lead">Pages created or meaningfully updated in the last {found.days} days, newest first, '
        "with what changed when the author said. Typo fixes, bulk reformatting and moves are left out; "
        f"a workshop's handout, exercises and guide count as the workshop.{feed}</p>\n"
    )
    if not history:
        return body + f'<p class="lc-empty">Nothing to list: {HISTORY_OFF}.</p>'
    if not found.entries:
        body += f'<p class="lc-empty">{_empty_window(found)}</p>'
        return body + (recent_list(found.latest, here, zone) if found.latest else "")
    weeks: dict[dt.date, list[RecentEntry]] = {}
    for entry in found.entries:
        day = local_date(entry.when, zone)
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(entry)
    for monday, week in weeks.items():
        body += f'<h2 id="week-{monday.isoformat()}">Week of {show_date(monday)}</h2>\n{recent_list(week, here, zone)}\n'
    return body


def home_recent(found: Recent, count: int, zone: str) -> str:
    """The latest few entries for the home page, with a link to the whole list."""
    if count == 0:
        return ""
    more = f'<p><a class="md-button" href="{relative_url("", "recent/")}">Everything learned recently</a></p>'
    if not found.entries:
        empty = f'<p class="lc-empty">{_empty_window(found)}</p>'
        return empty + (recent_list(found.latest[:count], "", zone) if found.latest else "") + more
    return recent_list(found.entries[:count], "", zone) + more


def feed_entry(entry: RecentEntry, listing: Listing) -> FeedEntry:
    title = entry.page.title + (" (new)" if entry.status == "new" else f" {entry.label.lower()}")
    said = f"What changed: {entry.note}\n\n" if entry.note else ""
    return FeedEntry(
        id=f"{listing.absolute(entry.page.url)}#{entry.sha[:12]}",
        title=title,
        url=listing.absolute(entry.page.url),
        updated=entry.when,
        summary=entry.page.summary,
        authors=(entry.author,),
        categories=entry.page.tags,
        content=f"{entry.label} by {entry.author}.\n\n{said}{entry.page.summary}",
    )


def recent_files(found: Recent, listing: Listing, site_name: str) -> list[GeneratedFile]:
    files = [
        checked(
            "recent/index.md",
            recent_page(found, listing.zone, bool(listing.site_url), history=listing.history.enabled),
            in_nav=True,
        )
    ]
    if listing.site_url:
        feed = atom_feed(
            title=f"{site_name}: recently learned",
            subtitle="New and updated playbooks, lessons learned and workshops.",
            feed_url=listing.absolute("recent/feed.xml"),
            site_url=listing.absolute("recent/"),
            entries=[feed_entry(entry, listing) for entry in found.shown[:FEED_ENTRIES]],
            updated=listing.now,
        )
        files.append(checked("recent/feed.xml", feed))
        # The same feed at the site root, for the <head> link: Material's script fetches sitemap.xml
        # beside every rel=alternate link, which only exists at the root (squidfunk/mkdocs-material
        # language-selector code; a link to recent/feed.xml made every page request recent/sitemap.xml).
        files.append(checked("feed.xml", feed))
    return files
