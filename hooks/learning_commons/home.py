"""The home page's generated parts: entry points with page counts, most used tags, a call to contribute."""

from __future__ import annotations

from collections import Counter

from .markup import esc, relative_url, tag_url
from .model import Kind, Page

SECTIONS = (
    (
        Kind.PLAYBOOK,
        "playbooks/",
        "Playbooks",
        "How to run a practice: steps, timings, checklists, pitfalls.",
    ),
    (
        Kind.LESSON,
        "lessons/",
        "Lessons learned",
        "Blameless write-ups: what happened, what we learned, what we change.",
    ),
    (
        Kind.WORKSHOP,
        "workshops/",
        "Workshops",
        "Ready-to-run kits: agenda, facilitator guide, exercises, handout.",
    ),
)
MOST_USED = 10


def section_counts(pages: dict[str, Page]) -> Counter[Kind]:
    return Counter(page.kind for page in pages.values())


def entry_points(pages: dict[str, Page]) -> str:
    counts = section_counts(pages)
    cards = "".join(
        f'<a class="lc-entry lc-entry--{kind.value}" href="{relative_url("", url)}">'
        f'<span class="lc-entry__title">{title}</span>'
        f'<span class="lc-entry__count">{counts[kind]} {"page" if counts[kind] == 1 else "pages"}</span>'
        f'<span class="lc-entry__text">{text}</span></a>'
        for kind, url, title, text in SECTIONS
    )
    return f'<nav class="lc-entries" aria-label="Sections">{cards}</nav>'


def most_used_tags(pages: dict[str, Page]) -> str:
    counts = Counter(tag for page in pages.values() for tag in page.tags)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MOST_USED]
    chips = "".join(
        f'<li><a class="lc-tag" href="{esc(relative_url("", tag_url(name)))}">{esc(name)}'
        f' <span class="lc-count">{count}</span></a></li>'
        for name, count in top
    )
    more = f'<p><a href="{relative_url("", "tags/")}">All tags</a></p>'
    return (
        f'<ul class="lc-tags lc-tags--large" aria-label="Most used tags">{chips}</ul>{more}' if chips else ""
    )


def contribute(new_pages: str = "") -> str:
    """The call to write: ``new_pages`` are links that start a page in the web editor, if the wiki has them."""
    guide = relative_url("", "contributing/")
    start = (
        new_pages or f'<a class="md-button" href="{guide}#preview-and-check-your-page">Start a new page</a>'
    )
    return (
        '<div class="lc-cta">'
        "<p><strong>Learned something the hard way?</strong> Write it down so the next person does not have to. "
        "Anyone can add or improve a page through a pull request.</p>"
        f'<p><a class="md-button md-button--primary" href="{guide}">How to contribute</a> {start}</p>'
        "</div>"
    )
