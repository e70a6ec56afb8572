"""What a content page shows besides its Markdown: the header facts and the metadata the theme reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .clock import local_date
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
from .workshops import Edition, agenda_html, kit_url

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
    "commons_home_pulse",
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
            tuple((link.source.src_uri, link.source.title, link.sections) for link in connections.backlinks),
            tuple((other.src_uri, other.title, other.kind) for other in connections.related),
            connections.review,
        )
    )


def header_html(page: Page, url: str, listing: Listing, connections: Connections) -> str:
    record = listing.of(page)
    facts: list[tuple[str, str]] = []  # (label, value): every fact says what it is
    if page.kind is Kind.WORKSHOP_PART and page.part in _PART_LABELS:
        facts.append(("Part:", esc(_PART_LABELS[page.part])))
    if page.happened:
        facts.append(("Happened", time_tag(page.happened, listing.zone)))
    if page.duration:
        facts.append(("Duration:", f"{page.duration} minutes"))
    if page.audience:
        facts.append(("Audience:", esc(page.audience)))
    if page.cadence:
        facts.append(("How often:", esc(page.cadence.replace("-", " ").capitalize())))
    if listing.history.enabled and not (record.created or record.updated):
        facts.append(('<span class="lc-uncommitted">Not yet committed</span>', ""))
    elif listing.history.enabled and record.uncommitted:
        facts.append(('<span class="lc-uncommitted">Has uncommitted changes</span>', ""))
    if page.owner:
        facts.append(("Owner:", esc(page.owner)))
    if connections.review is not None:
        facts.append(_words_before_date(review_words(connections.review)))
    if record.created:  # a lesson happened on its own date: the commit is when it was written up
        facts.append(
            ("Written up" if page.kind is Kind.LESSON else "Created", time_tag(record.created, listing.zone))
        )
    if record.updated and not _same_day(record.updated, record.created, listing.zone):
        facts.append(("Updated", time_tag(record.updated, listing.zone)))
    if record.authors:
        facts.append(("By", people(record.authors)))
    facts.append(("Reading time:", f"{reading_minutes(page.words)} min"))
    fact_items = "".join(
        f'<li class="lc-fact"><span class="lc-fact__label">{label}</span>{" " + value if value else ""}</li>'
        for label, value in facts
    )
    return (
        f'<div class="lc-header" data-kind="{page.kind.value}"{review_attributes(connections.review)}>'
        f'<div class="lc-header__line">{kind_badge(page)}{tag_chips(page.tags, url)}</div>'
        f'<ul class="lc-facts" aria-label="About this page">{fact_items}</ul>'
        "</div>" + packs_html(page, url) + (agenda_html(page) if page.kind is Kind.WORKSHOP else "")
    )


def _words_before_date(text: str) -> tuple[str, str]:
    """A fact written as a sentence ('Last reviewed <time>…'): its words before the first date are its label."""
    label, date, rest = text.partition(" <time")
    return (label, date.strip() + rest) if date else (text, "")


def _same_day(when: dt.datetime, other: dt.datetime | None, zone: str) -> bool:
    """Two moments on one date where the reader sees them: one date shown, not "Created X · Updated X"."""
    return other is not None and local_date(when, zone) == local_date(other, zone)


def packs_html(page: Page, url: str) -> str:
    """The workshop's two printed editions, as buttons every page of the workshop shows near its top."""
    if not page.workshop:
        return ""
    buttons = "".join(
        f'<a class="md-button{" md-button--primary" if edition is Edition.PARTICIPANT else ""}" '
        f'href="{esc(relative_url(url, kit_url(page.workshop, edition)))}">{edition.title}</a>'
        for edition in Edition
    )
    return (
        '<nav class="lc-packs lc-no-print" aria-label="Print for the room">'
        '<p class="lc-packs__title">Print for the room</p>'
        f'<p class="lc-packs__buttons">{buttons}</p>'
        '<p class="lc-meta">The participant pack is what participants get: exercises, role cards and the '
        "handout, without facilitator notes. The facilitator pack has the run sheet, the guide with its "
        "notes and the debrief questions.</p></nav>"
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
    """After the page's text: the pages linking here, related pages (a lesson's action items are in its
    text, see actions.with_lesson_actions)."""
    parts = []
    if connections.backlinks:
        items = "".join(
            f"<li>{page_link(link.source, url)}" + _sections_note(link.sections) + "</li>"
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


def _sections_note(sections: tuple[str, ...]) -> str:
    named = [f"“{esc(section)}”" for section in sections if section]
    return f' <span class="lc-meta">in {", ".join(named)}</span>' if named else ""


def problems_admonition(problems: list[Problem]) -> str:
    """A visible warning on the page itself, so a contributor previewing it sees what to fix."""
    if not problems:
        return ""
    lines = "\n".join("    - `" + str(problem).replace("`", "'") + "`" for problem in problems)
    return (
        f'!!! failure {PROBLEMS_CLASS} "This page has problems the published build will refuse"\n\n{lines}\n'
    )
