"""What every listing needs to know about a page: when it changed, who wrote it, how to link to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from .feeds import FeedEntry
from .history import History, PageHistory
from .markup import esc, kind_badge, page_link, people, tag_chips, time_tag
from .model import Page


@dataclass(frozen=True)
class Listing:
    history: History
    zone: str
    now: dt.datetime
    site_url: str  # absolute base ending in '/', or '' when unknown

    def of(self, page: Page) -> PageHistory:
        return self.history.page(page.src_uri)

    def updated(self, page: Page) -> dt.datetime | None:
        record = self.of(page)
        return record.updated or record.created

    def newest_first(self, pages: Iterable[Page]) -> list[Page]:
        """Most recently updated first; pages git does not know last; ties by title, then path."""
        floor = dt.datetime.min.replace(tzinfo=dt.UTC)

        def key(page: Page) -> tuple[dt.datetime, str, str]:
            return (self.updated(page) or floor, page.title.casefold(), page.src_uri)

        ordered = sorted(pages, key=lambda page: (key(page)[1], key(page)[2]))
        return sorted(ordered, key=lambda page: key(page)[0], reverse=True)

    def absolute(self, url: str) -> str:
        """The address of a site-relative URL (not percent-encoded), encoded: '#' in a file name is no fragment."""
        return self.site_url + quote(url, safe="/")

    def feed_entry(self, page: Page) -> FeedEntry | None:
        updated = self.updated(page)
        if updated is None:
            return None
        return FeedEntry(
            id=self.absolute(page.url),
            title=page.title,
            url=self.absolute(page.url),
            updated=updated,
            summary=page.summary,
            authors=self.of(page).authors,
            categories=page.tags,
        )


def page_item(page: Page, here: str, listing: Listing) -> str:
    """One page in a list: title, type, summary, last updated and tags."""
    updated = listing.updated(page)
    if updated:
        facts = [f"Updated {time_tag(updated, listing.zone)}"]
    else:  # without history nothing is known, which is not the same as uncommitted
        facts = ["Not yet committed"] if listing.history.enabled else []
    authors = listing.of(page).authors
    if authors:
        facts.append(f"by {people(authors[:3])}")
    return (
        '<li class="lc-item">'
        f'<p class="lc-item__title">{page_link(page, here)} {kind_badge(page)}</p>'
        f'<p class="lc-item__summary">{esc(page.summary)}</p>'
        + (f'<p class="lc-item__meta">{" · ".join(facts)}</p>' if facts else "")
        + f"{tag_chips(page.tags, here)}"
        + "</li>"
    )
