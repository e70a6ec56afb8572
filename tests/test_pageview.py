"""Pure core tests for a page's header: every fact carries its label, one date per day, workshop packs."""

from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType

import pytest
from learning_commons.history import History, PageHistory
from learning_commons.listing import Listing
from learning_commons.model import AgendaItem, Kind, Page, Part
from learning_commons.pageview import Connections, header_html

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
FACT = re.compile(r'<li class="lc-fact">(.*?)</li>')
LABEL = re.compile(r'^<span class="lc-fact__label">(?:<span class="lc-uncommitted">)?([^<]+)<')


def header(page: Page, created: str | None, updated: str | None, zone: str = "UTC") -> str:
    when = {
        name: dt.datetime.fromisoformat(value) for name, value in (("c", created), ("u", updated)) if value
    }
    record = PageHistory(page.src_uri, when.get("c"), when.get("u"), authors=("Ada",) if when else ())
    history = History(pages=MappingProxyType({page.src_uri: record}), changes=(), head="f" * 40)
    return header_html(page, page.url, Listing(history, zone, NOW, ""), Connections(today=NOW.date()))


def page(src_uri: str, kind: Kind, **fields: object) -> Page:
    return Page(src_uri, f"docs/{src_uri}", kind, "Title", "A summary.", **fields)  # type: ignore[arg-type]


PAGES = [
    page("playbooks/p.md", Kind.PLAYBOOK, cadence="as-needed"),
    page("lessons/l.md", Kind.LESSON, happened=dt.date(2026, 5, 1)),
    page(
        "workshops/w/index.md",
        Kind.WORKSHOP,
        workshop="workshops/w",
        part=Part.OVERVIEW,
        duration=90,
        audience="Leads",
        agenda=(AgendaItem("Everything", 90),),
    ),
    page("workshops/w/handout.md", Kind.WORKSHOP_PART, workshop="workshops/w", part=Part.HANDOUT),
]


@pytest.mark.parametrize("subject", PAGES, ids=lambda p: p.kind.value)
@pytest.mark.parametrize(
    ("created", "updated"), [(None, None), ("2026-01-02T10:00+00:00", "2026-03-04T10:00+00:00")]
)
def test_every_header_fact_starts_with_its_label(
    subject: Page, created: str | None, updated: str | None
) -> None:
    facts = FACT.findall(header(subject, created, updated))
    assert facts
    unlabelled = [fact for fact in facts if not (m := LABEL.match(fact)) or not m[1].strip()]
    assert not unlabelled, unlabelled


def test_the_cadence_says_what_it_is_in_plain_words() -> None:
    assert "How often:</span> As needed" in header(PAGES[0], None, None)


def test_created_and_updated_on_one_day_show_one_date_in_the_readers_zone() -> None:
    same_day = header(PAGES[0], "2026-11-27T08:00+00:00", "2026-11-27T17:00+00:00")
    assert "Created" in same_day and "Updated" not in same_day
    # 23:30 and 01:00 UTC are one day apart in UTC and the same day in New York
    across = ("2026-11-27T23:30+00:00", "2026-11-28T01:00+00:00")
    assert "Updated" in header(PAGES[0], *across)
    assert "Updated" not in header(PAGES[0], *across, zone="America/New_York")


def test_workshop_pages_link_both_printed_packs_near_the_top() -> None:
    for subject, prefix in ((PAGES[2], ""), (PAGES[3], "../")):
        html = header(subject, None, None)
        packs = html.split('<nav class="lc-packs', 1)[1].split("</nav>", 1)[0]
        assert f'href="{prefix}participant-pack/">Participant pack</a>' in packs
        assert f'href="{prefix}facilitator-pack/">Facilitator pack</a>' in packs
    assert "lc-packs" not in header(PAGES[0], None, None)
    overview = header(PAGES[2], None, None)
    assert overview.index("lc-packs") < overview.index("lc-agenda"), "the packs come before the agenda"
