"""The contributors page: the people and teams who learn here, and what each of them did.

Up to ``person_pages_from`` people the page shows everyone in full; from there on it lists them briefly
and each gets a page of their own at ``contributors/<slug>/``.
"""

from __future__ import annotations

from collections.abc import Callable

from .generated import GeneratedFile, PageSource, checked
from .history import History
from .listing import Listing
from .markup import esc, generated_page, page_link, relative_url, time_tag
from .model import ActionItem, Page
from .people import Person, gather_people
from .recent import HISTORY_OFF

SHOWN_PAGES = 12  # per list on the contributors page; a person page shows them all
HERE = "contributors/"


def contributor_files(
    history: History,
    pages: dict[str, Page],
    listing: Listing,
    *,
    teams: tuple[str, ...] = (),
    person_pages_from: int = 10,
) -> list[GeneratedFile]:
    everyone = gather_people(history, pages, teams)
    own_pages = len(everyone) >= person_pages_from
    files = [checked("contributors/index.md", contributors_page(everyone, listing, own_pages), in_nav=True)]
    if own_pages:
        files += [checked(f"{person.url}index.md", person_page(person, listing)) for person in everyone]
    return files


def contributors_page(everyone: list[Person], listing: Listing, own_pages: bool) -> PageSource:
    # The body is made when the page renders, so a build does not hold it from the start.
    return generated_page(
        "Contributors",
        lambda: contributors_body(everyone, listing, own_pages),
        summary="The people and teams who write, improve, own and facilitate what is learned here.",
    )


def contributors_body(everyone: list[Person], listing: Listing, own_pages: bool) -> str:
    people = [person for person in everyone if not person.team]
    teams = [person for person in everyone if person.team]
    card: Callable[[Person], str] = (
        (lambda person: _brief_card(person, listing)) if own_pages else (lambda p: _card(p, listing, HERE))
    )
    body = (
        '<p class="lc-lead">This wiki exists because these people took the time to write down what they learned '
        "so that others would not have to learn it the hard way. Thank you.</p>\n"
        f'<p class="lc-meta">{_count(len(people), "person", "people")} and {_count(len(teams), "team", "teams")}, '
        "by name: what each started, improved, owns and facilitates, and the action items they closed.</p>\n"
    )
    if people:
        body += '<div class="lc-people">' + "".join(map(card, people)) + "</div>"
    elif not listing.history.enabled:
        body += f'<p class="lc-empty">Nobody from git is listed: {HISTORY_OFF}.</p>'
    else:
        body += '<p class="lc-empty">No one yet.</p>'
    if teams:
        body += (
            '\n<h2 id="teams">Teams</h2>\n<p class="lc-meta">Teams own pages too; the people in them are '
            "credited above for what they wrote.</p>\n"
            '<div class="lc-people">' + "".join(map(card, teams)) + "</div>"
        )
    return body


def person_page(person: Person, listing: Listing) -> PageSource:
    what = "A team" if person.team else "A contributor"
    return generated_page(
        person.name,
        lambda: _facts(person, listing) + _sections(person, listing, person.url, shown=None, level=2),
        summary=f"{what} to the wiki: what they started, improved, own and facilitate.",
        searchable=False,
    )


def _card(person: Person, listing: Listing, here: str) -> str:
    return (
        f'<section class="lc-person" aria-labelledby="{person.slug}">'
        f'<h2 id="{person.slug}">{esc(person.name)}</h2>'
        + _facts(person, listing)
        + _sections(person, listing, here, shown=SHOWN_PAGES, level=3)
        + "</section>"
    )


def _brief_card(person: Person, listing: Listing) -> str:
    link = f'<a href="{esc(relative_url(HERE, person.url))}">{esc(person.name)}</a>'
    return (
        f'<section class="lc-person" aria-labelledby="{person.slug}">'
        f'<h2 id="{person.slug}">{link}</h2>{_facts(person, listing)}</section>'
    )


def _facts(person: Person, listing: Listing) -> str:
    counts = [
        (len(person.started), "page started", "pages started"),
        (len(person.improved), "page improved", "pages improved"),
        (len(person.owns), "page owned", "pages owned"),
        (len(person.facilitates), "workshop facilitated", "workshops facilitated"),
        (len(person.closed), "action item closed", "action items closed"),
    ]
    stats = " · ".join(f"<strong>{n}</strong> {one if n == 1 else many}" for n, one, many in counts if n)
    latest = (
        f'<p class="lc-item__meta">Latest change {time_tag(person.latest, listing.zone)}</p>'
        if person.latest
        else ""
    )
    return f'<p class="lc-person__stats">{stats}</p>{latest}'


def _sections(person: Person, listing: Listing, here: str, *, shown: int | None, level: int) -> str:
    def dated(page: Page, created: bool) -> str:
        record = listing.of(page)
        when = record.created if created else (record.updated or record.created)
        return page_link(page, here) + (
            f' <span class="lc-meta">{time_tag(when, listing.zone)}</span>' if when else ""
        )

    def closed(page: Page, item: ActionItem) -> str:
        due = time_tag(item.due, listing.zone)
        return f'{esc(item.what)} <span class="lc-meta">from {page_link(page, here)}, due {due}</span>'

    lists = [
        ("Started", [dated(page, True) for page in person.started]),
        ("Improved", [dated(page, False) for page in person.improved]),
        ("Owns", [page_link(page, here) for page in person.owns]),
        ("Facilitates", [page_link(page, here) for page in person.facilitates]),
        ("Action items closed", [closed(page, item) for page, item in person.closed]),
    ]
    parts = []
    for title, items in lists:
        if not items:
            continue
        more = len(items) - shown if shown is not None else 0
        listed = "".join(f"<li>{item}</li>" for item in items[:shown])
        parts.append(
            f'<h{level} class="lc-person__role">{title}</h{level}><ul class="lc-person__pages">{listed}</ul>'
            + (f'<p class="lc-item__meta">and {more} more</p>' if more > 0 else "")
        )
    return "".join(parts)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
