"""The contributors page: everyone who has written here, and what they wrote."""

from __future__ import annotations

from .generated import GeneratedFile, PageSource, checked
from .history import History
from .listing import Listing
from .markup import esc, generated_page, page_link, time_tag
from .model import Page
from .recent import HISTORY_OFF
from .text import slugify

SHOWN_PAGES = 12


def contributors_page(history: History, pages: dict[str, Page], listing: Listing) -> PageSource:
    # The body is made when the page renders, so a build does not hold it from the start.
    return generated_page(
        "Contributors",
        lambda: contributors_body(history, pages, listing),
        summary="Everyone who has written or improved a page.",
    )


def contributors_body(history: History, pages: dict[str, Page], listing: Listing) -> str:
    here = "contributors/"
    cards = []
    anchors: set[str] = set()
    for index, person in enumerate(history.contributors):
        created = [pages[src] for src in person.pages_created if src in pages]
        updated = [
            pages[src] for src in person.pages_updated if src in pages and src not in person.pages_created
        ]
        if not created and not updated:
            continue
        latest = pages.get(person.latest_src_uri)
        latest_html = f" on {page_link(latest, here)}" if latest else ""
        written = "".join(f"<li>{page_link(page, here)}</li>" for page in created[:SHOWN_PAGES])
        more = len(created) - SHOWN_PAGES
        anchor = _unique(slugify(person.name) or f"person-{index}", anchors)
        cards.append(
            f'<section class="lc-person" aria-labelledby="{anchor}">'
            f'<h2 id="{anchor}">{esc(person.name)}</h2>'
            f'<p class="lc-person__stats"><strong>{len(created)}</strong> page{_s(len(created))} started · '
            f"<strong>{len(updated)}</strong> more improved</p>"
            f'<p class="lc-item__meta">Latest contribution {time_tag(person.latest, listing.zone)}{latest_html}</p>'
            + (f'<ul class="lc-person__pages">{written}</ul>' if written else "")
            + (f'<p class="lc-item__meta">and {more} more</p>' if more > 0 else "")
            + "</section>"
        )
    people = len(cards)
    if cards:
        listed = '<div class="lc-people">' + "".join(cards) + "</div>"
    elif history.enabled:
        listed = '<p class="lc-empty">No one yet.</p>'
    else:
        listed = f'<p class="lc-empty">Nobody is listed: {HISTORY_OFF}.</p>'
    body = (
        '<p class="lc-lead">This wiki exists because these people took the time to write down what they learned '
        "so that others would not have to learn it the hard way. Thank you.</p>\n"
        f'<p class="lc-meta">{people} contributor{_s(people)}, most pages started and improved first.</p>\n'
        + listed
    )
    return body


def contributor_files(history: History, pages: dict[str, Page], listing: Listing) -> list[GeneratedFile]:
    return [checked("contributors/index.md", contributors_page(history, pages, listing), in_nav=True)]


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _unique(anchor: str, taken: set[str]) -> str:
    """'ann-lee', then 'ann-lee-2' for 'Ann-Lee': two people never share an anchor."""
    candidate, number = anchor, 1
    while candidate in taken:
        number += 1
        candidate = f"{anchor}-{number}"
    taken.add(candidate)
    return candidate
