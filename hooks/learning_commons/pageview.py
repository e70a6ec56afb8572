"""What a content page shows besides its Markdown: the header facts and the metadata the theme reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .actions import lesson_actions_html
from .links import Backlink
from .listing import Listing
from .markup import (
    PROBLEMS_CLASS,
    esc,
    kind_badge,
    page_link,
    people,
    relative_url,
    show_month,
    tag_chips,
    time_tag,
)
from .model import Kind, Page, Part
from .problems import Problem
from .review import Review, review_words
from .workshops import agenda_html, kit_url

WORDS_PER_MINUTE = 200
_PART_LABELS = {
    Part.FACILITATOR_GUIDE: "Facilitator guide",
    Part.EXERCISE: "Exercises",
    Part.HANDOUT: "Handout",
}


@dataclass(frozen=True)
class Connections:
    """What the build computed about a page from all the others, once for all pages."""

    today: dt.date
    backlinks: list[Backlink] = field(default_factory=list)
    related: list[Page] = field(default_factory=list)
    review: Review | None = None


# Material's own front matter keys; on a page whose front matter failed validation they are dropped,
# since Material puts some of them into the HTML unescaped (status) or into template paths (template).
THEME_KEYS = ("hide", "search", "template", "icon", "status")
# The large HTML parts of a page: the adapter adds them only while the page is rendered, so a build does
# not hold every page's header and footer in memory at once.
PART_KEYS = (
    "commons_header",
    "commons_footer",
    "commons_home_recent",
    "commons_home_entries",
    "commons_home_tags",
    "commons_home_contribute",
    "commons_search",
)


@dataclass(frozen=True)
class PageView:
    meta: dict[str, Any] = field(default_factory=dict)
    drop: tuple[str, ...] = ()  # meta keys the adapter must remove

    @property
    def light_meta(self) -> dict[str, Any]:
        """The metadata MkDocs needs before rendering (title, description, dates, tags)."""
        return {key: value for key, value in self.meta.items() if key not in PART_KEYS}

    @property
    def parts(self) -> dict[str, Any]:
        return {key: value for key, value in self.meta.items() if key in PART_KEYS}

    problems: str = ""  # a Markdown admonition listing the page's problems (shown while previewing)


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


def page_view(
    page: Page,
    url: str,
    listing: Listing,
    problems: list[Problem],
    connections: Connections,
    *,
    parts: bool = True,
) -> PageView:
    """Metadata for the theme. Material inserts meta values unescaped, so every one is escaped here.

    With ``parts`` the header and footer HTML too (needed only while the page is rendered).
    """
    record = listing.of(page)
    meta: dict[str, Any] = {
        "tags": list(page.tags),  # validated names only: Material's search copies meta tags into its index
        "title": nav_title(page),
        "description": esc(page.summary),
        "commons_kind": page.kind.value,
    }
    if parts:
        meta["commons_header"] = header_html(page, url, listing, connections)
        meta["commons_footer"] = footer_html(page, url, connections)
    if record.updated or record.created:
        meta["revision_date"] = time_tag(record.updated or record.created, listing.zone)  # type: ignore[arg-type]
    return PageView(meta, () if page.valid else THEME_KEYS, problems_admonition(problems))


def nav_title(page: Page) -> str:
    """The title MkDocs shows for the page, in its own metadata and in the nav of every other page."""
    return esc(page.title)


def view_key(page: Page, listing: Listing, problems: list[Problem], connections: Connections) -> int:
    """A number that changes whenever ``page_view`` of the same arguments would change.

    Of the other pages it takes only what the page shows of them (a linking page's title, not its text),
    so that an edit makes a preview rebuild the pages it shows on, not every page it touches.
    """
    return hash(
        (
            page,
            listing.of(page),
            listing.zone,
            listing.history.enabled,
            tuple(problems),
            connections.today,
            tuple((link.source.src_uri, link.source.title, link.section) for link in connections.backlinks),
            tuple((other.src_uri, other.title, other.kind) for other in connections.related),
            connections.review,
        )
    )


def header_html(page: Page, url: str, listing: Listing, connections: Connections) -> str:
    record = listing.of(page)
    facts: list[str] = []
    if page.kind is Kind.WORKSHOP_PART and page.part in _PART_LABELS:
        facts.append(esc(_PART_LABELS[page.part]))
    if page.happened:
        facts.append(f"Happened {time_tag(page.happened, listing.zone)}")
    if page.duration:
        facts.append(f"{page.duration} minutes")
    if page.audience:
        facts.append(f"Audience: {esc(page.audience)}")
    if page.cadence:
        facts.append(esc(page.cadence.capitalize()))
    if listing.history.enabled and not (record.created or record.updated):
        facts.append('<span class="lc-uncommitted">Not yet committed</span>')
    elif listing.history.enabled and record.uncommitted:
        facts.append('<span class="lc-uncommitted">Has uncommitted changes</span>')
    if page.owner:
        facts.append(f"Owner: {esc(page.owner)}")
    if connections.review is not None:
        facts.append(review_words(connections.review))
    if record.created:  # a lesson happened on its own date: the commit is when it was written up
        written = "Written up" if page.kind is Kind.LESSON else "Created"
        facts.append(f"{written} {time_tag(record.created, listing.zone)}")
    if record.updated and record.updated != record.created:
        facts.append(f"Updated {time_tag(record.updated, listing.zone)}")
    if record.authors:
        facts.append(f"By {people(record.authors)}")
    facts.append(f"{reading_minutes(page.words)} min read")
    if page.workshop:
        facts.append(f'<a href="{esc(relative_url(url, kit_url(page.workshop)))}">Printable kit</a>')
    fact_items = "".join(f'<li class="lc-fact">{fact}</li>' for fact in facts)
    return (
        f'<div class="lc-header" data-kind="{page.kind.value}"{review_attributes(connections.review)}>'
        f'<div class="lc-header__line">{kind_badge(page)}{tag_chips(page.tags, url)}</div>'
        f'<ul class="lc-facts" aria-label="About this page">{fact_items}</ul>'
        "</div>" + (agenda_html(page) if page.kind is Kind.WORKSHOP else "")
    )


def review_attributes(review: Review | None) -> str:
    """The review due date, for the banner the browser shows once it has passed (so it never goes stale)."""
    if review is None:
        return ""
    owner = review.page.owner or ""
    return (
        f' data-review-due="{review.due.isoformat()}" data-review-due-text="{show_month(review.due)}"'
        f' data-review-owner="{esc(owner)}"'
    )


def footer_html(page: Page, url: str, connections: Connections) -> str:
    """After the page's text: a lesson's action items, the pages linking here, related pages."""
    parts = [lesson_actions_html(page, connections.today)] if page.kind is Kind.LESSON else []
    if connections.backlinks:
        items = "".join(
            f"<li>{page_link(link.source, url)}"
            + (f' <span class="lc-meta">in “{esc(link.section)}”</span>' if link.section else "")
            + "</li>"
            for link in connections.backlinks
        )
        parts.append(
            '<section class="lc-connections" aria-labelledby="linked-from"><h2 id="linked-from">Linked from</h2>'
            f'<ul class="lc-links">{items}</ul></section>'
        )
    if connections.related:
        items = "".join(
            f"<li>{page_link(other, url)} {kind_badge(other)}</li>" for other in connections.related
        )
        parts.append(
            '<section class="lc-connections" aria-labelledby="related-pages"><h2 id="related-pages">Related</h2>'
            f'<ul class="lc-links">{items}</ul></section>'
        )
    return "".join(parts)


def problems_admonition(problems: list[Problem]) -> str:
    """A visible warning on the page itself, so a contributor previewing it sees what to fix."""
    if not problems:
        return ""
    lines = "\n".join("    - `" + str(problem).replace("`", "'") + "`" for problem in problems)
    return (
        f'!!! failure {PROBLEMS_CLASS} "This page has problems the published build will refuse"\n\n{lines}\n'
    )
