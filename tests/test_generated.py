"""Generated pages and feeds from a hand-made history: no git, no MkDocs, exact expected output.

The history is built from history.py's frozen dataclasses and the pages from model.py, so every date,
author and ordering below is chosen by the test.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

import pytest
from learning_commons.contributors import contributor_files
from learning_commons.feeds import FeedEntry, atom_feed
from learning_commons.generated import GeneratedFile, checked
from learning_commons.history import History, PageChange, PageHistory, disabled_history
from learning_commons.listing import Listing, page_item
from learning_commons.markup import relative_url
from learning_commons.model import Kind, Page, Part
from learning_commons.problems import CommonsError
from learning_commons.recent import (
    Recent,
    RecentEntry,
    home_recent,
    recent_entries,
    recent_files,
    recent_page,
)
from learning_commons.recent import recent as recently_learned
from learning_commons.settings import Settings
from learning_commons.tagpages import TagUse, tag_files, tag_index, tag_page, tag_uses
from learning_commons.text import slugify
from learning_commons.vocabulary import Tag, Vocabulary

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://wiki.example.org/commons/"
NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)  # a Wednesday
SUMMARY = "A page made by the tests, with a summary long enough to be valid."
SLUG_RE = re.compile(r"^[a-z0-9-]+$")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def page(
    src_uri: str,
    title: str = "",
    *,
    kind: Kind = Kind.PLAYBOOK,
    tags: Iterable[str] = (),
    summary: str = SUMMARY,
) -> Page:
    title = title or src_uri.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize()
    return Page(src_uri, f"docs/{src_uri}", kind, title, summary, tuple(tags))


def change(
    src_uri: str, when: str, kind: str = "updated", author: str = "Ada Lovelace", note: str = ""
) -> PageChange:
    sha = hashlib.sha1(f"{src_uri} {when} {kind}".encode()).hexdigest()
    return PageChange(src_uri, at(when), author, kind, sha, f"Commit {kind} {src_uri}", note)  # type: ignore[arg-type]


def history_of(*changes: PageChange, extra: Iterable[PageHistory] = ()) -> History:
    """A history whose page records follow from ``changes`` (given in any order)."""
    ordered = sorted(changes, key=lambda c: (-c.when.timestamp(), c.src_uri))
    records: dict[str, PageHistory] = {}
    for src_uri in {c.src_uri for c in changes}:
        mine = [c for c in ordered if c.src_uri == src_uri]
        new = next((c for c in mine if c.kind == "new"), mine[-1])
        authors = tuple(dict.fromkeys(c.author for c in mine))
        records[src_uri] = PageHistory(
            src_uri, new.when, mine[0].when, new.author, mine[0].author, authors, False, tuple(mine)
        )
    for record in extra:
        records[record.src_uri] = record
    return History(pages=MappingProxyType(records), changes=tuple(ordered), head="f" * 40)


def listing(history: History, *, zone: str = "UTC", now: datetime = NOW, site_url: str = SITE) -> Listing:
    return Listing(history, zone, now, site_url)


def pages_by_src(*pages: Page) -> dict[str, Page]:
    return {p.src_uri: p for p in pages}


def parse_feed(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    return root


def entries_of(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def weeks(markdown: str) -> list[tuple[str, list[str]]]:
    """The week headings of the recent page, each with the titles listed under it, in page order."""
    found = []
    for chunk in markdown.split("<h2 ")[1:]:
        heading = re.search(r">([^<]*)</h2>", chunk)
        assert heading is not None
        titles = re.findall(r'<p class="lc-item__title"><a href="[^"]*">([^<]*)</a>', chunk)
        found.append((heading.group(1), titles))
    return found


# -- recent_entries ---------------------------------------------------------------------------------


def test_recent_window_is_inclusive_of_its_start_and_ignores_the_future() -> None:
    start = NOW - timedelta(days=90)
    pages = pages_by_src(*(page(f"playbooks/{n}.md") for n in ("edge", "old", "future", "recent")))
    history = history_of(
        change("playbooks/edge.md", start.isoformat()[:19], "new"),
        change("playbooks/old.md", (start - timedelta(seconds=1)).isoformat()[:19], "new"),
        change("playbooks/future.md", (NOW + timedelta(seconds=1)).isoformat()[:19], "new"),
        change("playbooks/recent.md", "2026-03-31T08:00:00", "new"),
    )

    entries = recent_entries(pages, history, NOW, 90)

    assert [e.page.src_uri for e in entries] == ["playbooks/recent.md", "playbooks/edge.md"]
    assert [e.page.src_uri for e in recent_entries(pages, history, NOW, 2)] == ["playbooks/recent.md"]


def test_recent_has_one_entry_per_page_with_its_latest_change() -> None:
    pages = pages_by_src(page("lessons/a.md", kind=Kind.LESSON), page("playbooks/b.md"))
    history = history_of(
        change("lessons/a.md", "2025-06-01T10:00:00", "new", "Ada Lovelace", "Wrote A"),
        change("lessons/a.md", "2026-02-01T10:00:00", "updated", "Bea Ortiz", "Explained A"),
        change("lessons/a.md", "2026-03-01T10:00:00", "updated", "Cai Lin", "Polished A"),
        change("playbooks/b.md", "2026-02-15T10:00:00", "new", "Bea Ortiz"),
    )

    entries = recent_entries(pages, history, NOW, 90)

    assert [(e.page.src_uri, e.status, e.when, e.author, e.note) for e in entries] == [
        ("lessons/a.md", "updated", at("2026-03-01T10:00:00"), "Cai Lin", "Polished A"),
        ("playbooks/b.md", "new", at("2026-02-15T10:00:00"), "Bea Ortiz", ""),  # no note, no subject
    ]
    assert entries[0].sha == history.page("lessons/a.md").changes[0].sha


def test_recent_calls_a_page_new_when_it_was_created_inside_the_window() -> None:
    pages = pages_by_src(page("playbooks/fresh.md"), page("playbooks/older.md"))
    history = history_of(
        change("playbooks/fresh.md", "2026-03-01T10:00:00", "new"),
        change("playbooks/fresh.md", "2026-03-20T10:00:00", "updated", "Bea Ortiz", "Improved fresh"),
        change("playbooks/older.md", "2025-01-01T10:00:00", "new"),
        change("playbooks/older.md", "2026-03-10T10:00:00", "updated"),
    )

    entries = {e.page.src_uri: e for e in recent_entries(pages, history, NOW, 90)}

    # Created in the window and improved since: still news, shown with its latest change.
    assert (entries["playbooks/fresh.md"].status, entries["playbooks/fresh.md"].note) == (
        "new",
        "Improved fresh",
    )
    assert entries["playbooks/older.md"].status == "updated"
    # A shorter window that starts after the creation makes the same page an update.
    short = {e.page.src_uri: e for e in recent_entries(pages, history, NOW, 15)}
    assert short["playbooks/fresh.md"].status == "updated"


def test_recent_leaves_out_plain_pages_and_pages_that_no_longer_exist() -> None:
    pages = pages_by_src(page("index.md", "Home", kind=Kind.PAGE), page("playbooks/kept.md"))
    history = history_of(
        change("index.md", "2026-03-01T10:00:00"),
        change("playbooks/kept.md", "2026-03-01T10:00:00"),
        change("playbooks/deleted.md", "2026-03-02T10:00:00"),
    )

    assert [e.page.src_uri for e in recent_entries(pages, history, NOW, 90)] == ["playbooks/kept.md"]


def test_recent_orders_newest_first_and_ties_by_path() -> None:
    names = ["playbooks/c.md", "lessons/b.md", "playbooks/a.md", "workshops/w/index.md"]
    pages = pages_by_src(*(page(n) for n in names))
    same = "2026-03-05T10:00:00"
    history = history_of(
        change("playbooks/c.md", same),
        change("lessons/b.md", same),
        change("playbooks/a.md", same),
        change("workshops/w/index.md", "2026-03-05T10:00:01"),
    )

    entries = recent_entries(pages, history, NOW, 90)

    assert [e.page.src_uri for e in entries] == [
        "workshops/w/index.md",
        "lessons/b.md",
        "playbooks/a.md",
        "playbooks/c.md",
    ]


# -- the recent page --------------------------------------------------------------------------------


def recent(src_uri: str, when: str, status: str = "updated", **fields: str) -> RecentEntry:
    p = page(src_uri, fields.get("title", ""), summary=fields.get("summary", SUMMARY), tags=("feedback",))
    return RecentEntry(
        p, status, at(when), fields.get("author", "Ada Lovelace"), fields.get("note", ""), "a" * 40
    )


def learned(entries: list[RecentEntry], days: int = 90, latest: list[RecentEntry] | None = None) -> Recent:
    return Recent(entries, latest or [], days)


WEEK_ENTRIES = [
    recent("playbooks/tue.md", "2026-03-31T09:00:00", title="Tuesday"),
    recent("playbooks/mon.md", "2026-03-30T00:30:00", "new", title="Monday early"),
    recent("playbooks/sun.md", "2026-03-29T23:30:00", title="Sunday late"),
    recent("playbooks/old.md", "2026-03-02T10:00:00", title="Start of March"),
]


def test_recent_page_groups_by_monday_weeks_newest_first() -> None:
    assert weeks(recent_page(learned(WEEK_ENTRIES), "UTC", has_feed=True).text) == [
        ("Week of 30 Mar 2026", ["Tuesday", "Monday early"]),
        ("Week of 23 Mar 2026", ["Sunday late"]),
        ("Week of 2 Mar 2026", ["Start of March"]),
    ]


def test_recent_page_weeks_and_dates_follow_the_display_zone() -> None:
    tokyo = recent_page(learned(WEEK_ENTRIES), "Asia/Tokyo", has_feed=False).text
    # Sunday 23:30 UTC is Monday 08:30 in Tokyo; Monday 00:30 UTC is still Sunday in Los Angeles.
    assert weeks(tokyo) == [
        ("Week of 30 Mar 2026", ["Tuesday", "Monday early", "Sunday late"]),
        ("Week of 2 Mar 2026", ["Start of March"]),
    ]
    assert '<time datetime="2026-03-30T08:30:00+09:00">30 Mar 2026</time>' in tokyo
    assert weeks(recent_page(learned(WEEK_ENTRIES), "America/Los_Angeles", has_feed=False).text) == [
        ("Week of 30 Mar 2026", ["Tuesday"]),
        ("Week of 23 Mar 2026", ["Monday early", "Sunday late"]),
        ("Week of 2 Mar 2026", ["Start of March"]),
    ]
    assert re.findall(r'<h2 id="(week-[0-9-]+)">', tokyo) == ["week-2026-03-30", "week-2026-03-02"]
    assert "feed.xml" not in tokyo


def test_recent_page_entry_shows_status_type_who_when_change_note_and_tags() -> None:
    entry = recent("playbooks/mon.md", "2026-03-30T00:30:00", note="Added a checklist", title="Monday early")
    html = recent_page(learned([entry], 30), "UTC", has_feed=True).text

    assert "last 30 days" in html and 'href="feed.xml"' in html
    assert '<a href="../playbooks/mon/">Monday early</a>' in html
    assert '<span class="lc-badge lc-badge--playbook">Playbook</span>' in html
    assert '<span class="lc-status lc-status--updated">Updated</span>' in html
    assert '<p class="lc-item__change">What changed: Added a checklist</p>' in html
    assert "Ada Lovelace · <time" in html and "Commit" not in html
    assert '<a class="lc-tag" href="../tags/feedback/">feedback</a>' in html


def test_recent_page_escapes_what_contributors_wrote() -> None:
    entry = recent(
        "lessons/x.md",
        "2026-03-30T10:00:00",
        title="Fish & chips",
        summary="Why <script>alert(1)</script> & friends are text, not markup, in summaries.",
        author='Mallory "<img src=x onerror=alert(1)>"',
        note="Fix <script>alert('note')</script> & café",
    )

    html = recent_page(learned([entry]), "UTC", has_feed=True).text

    assert "<script" not in html and "<img" not in html
    assert "Fish &amp; chips" in html
    assert "Why &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
    assert "Fix &lt;script&gt;alert(&#x27;note&#x27;)&lt;/script&gt; &amp; café" in html
    assert "Mallory &quot;&lt;img src=x onerror=alert(1)&gt;&quot;" in html


def test_recent_page_says_so_when_nothing_changed() -> None:
    html = recent_page(learned([], 45), "UTC", has_feed=False).text
    assert "Nothing new in the last 45 days. Write down something you learned!" in html and "<h2" not in html


def test_home_shows_the_latest_entries_and_links_to_the_recent_page() -> None:
    entries = [
        recent(f"playbooks/p{n}.md", f"2026-03-{20 - n:02d}T10:00:00", title=f"Page {n}") for n in range(7)
    ]

    html = home_recent(learned(entries), 5, "UTC")

    assert re.findall(r'<a href="playbooks/p\d/">(Page \d)</a>', html) == [f"Page {n}" for n in range(5)]
    assert '<a class="md-button" href="recent/">' in html
    assert home_recent(learned(entries), 0, "UTC") == ""
    empty = home_recent(learned([], 30, latest=entries[2:]), 2, "UTC")
    assert (
        "Nothing new in the last 30 days. The latest things learned:" in empty and 'href="recent/"' in empty
    )
    assert re.findall(r'<a href="playbooks/p\d/">(Page \d)</a>', empty) == ["Page 2", "Page 3"]
    assert "18 Mar 2026" in empty


# -- tags -------------------------------------------------------------------------------------------


def vocabulary(*names: str) -> Vocabulary:
    vocab = Vocabulary("docs/tags.yml")
    for name in names:
        vocab.add(Tag(name, slugify(name), f"About {name} & more."))
    return vocab


def test_tag_uses_count_pages_and_sort_by_name_and_skip_unused_tags() -> None:
    vocab = vocabulary("beta", "Alpha", "café", "unused")
    pages = [
        page("playbooks/a.md", tags=("beta", "café")),
        page("playbooks/b.md", tags=("beta",)),
        page("lessons/c.md", kind=Kind.LESSON, tags=("Alpha", "beta")),
    ]

    uses = tag_uses(vocab, pages, listing(history_of()))

    assert [(u.name, len(u.pages), u.description) for u in uses] == [
        ("Alpha", 1, "About Alpha & more."),
        ("beta", 3, "About beta & more."),
        ("café", 1, "About café & more."),
    ]


def test_related_tags_count_shared_pages_most_first_then_by_name_at_most_five() -> None:
    tagged = [
        ("retro", "workshop", "zeta"),
        ("retro", "workshop", "alpha"),
        ("retro", "café", "beta"),
        ("café", "delta"),
        ("gamma",),
    ]
    vocab = vocabulary("feedback", "retro", "workshop", "café", "alpha", "beta", "gamma", "delta", "zeta")
    pages = [page(f"playbooks/p{i}.md", tags=("feedback", *tags)) for i, tags in enumerate(tagged)]

    uses = {u.name: u for u in tag_uses(vocab, pages, listing(history_of()))}

    assert uses["feedback"].related == (("retro", 3), ("café", 2), ("workshop", 2), ("alpha", 1), ("beta", 1))
    assert uses["gamma"].related == (("feedback", 1),)


def test_tag_pages_list_newest_first_with_a_stable_tie_break() -> None:
    same = "2026-03-15T10:00:00"
    history = history_of(
        change("playbooks/p1.md", "2026-03-10T10:00:00", "new"),
        change("playbooks/p2.md", "2026-03-20T10:00:00", "new"),
        change("playbooks/p3.md", same, "new"),
        change("playbooks/p4.md", same, "new"),
        change("playbooks/p5.md", same, "new"),
        change("playbooks/p6.md", same, "new"),
        extra=[PageHistory("playbooks/p0.md", uncommitted=True)],
    )
    titles = {
        "p0": "Zero",
        "p1": "One",
        "p2": "Two",
        "p3": "beta",
        "p4": "Alpha",
        "p5": "Gamma",
        "p6": "Gamma",
    }
    pages = [page(f"playbooks/{key}.md", title, tags=("feedback",)) for key, title in titles.items()]
    expected = ["p2", "p4", "p3", "p5", "p6", "p1", "p0"]

    for order in (pages, pages[::-1], pages[3:] + pages[:3]):
        (use,) = tag_uses(vocabulary("feedback"), order, listing(history))
        assert [p.src_uri[10:12] for p in use.pages] == expected


def test_tag_page_lists_title_type_summary_last_update_and_related_tags() -> None:
    history = history_of(change("lessons/x.md", "2026-03-29T23:30:00", "new", "Bea Ortiz"))
    lesson = page(
        "lessons/x.md",
        "What <b> taught us",
        kind=Kind.LESSON,
        tags=("feedback", "retro"),
        summary="Summary with <script>alert(1)</script> & an ampersand, long enough.",
    )
    (use, _) = tag_uses(vocabulary("feedback", "retro"), [lesson], listing(history, zone="Asia/Tokyo"))

    html = tag_page(use, listing(history, zone="Asia/Tokyo")).text

    assert '<p class="lc-lead">About feedback &amp; more.</p>' in html
    assert "1 page, most recently updated first." in html
    assert '<a href="../../lessons/x/">What &lt;b&gt; taught us</a>' in html
    assert '<span class="lc-badge lc-badge--lesson">Lesson</span>' in html
    assert (
        "Summary with &lt;script&gt;alert(1)&lt;/script&gt; &amp; an ampersand" in html
        and "<script" not in html
    )
    assert 'Updated <time datetime="2026-03-30T08:30:00+09:00">30 Mar 2026</time> · by Bea Ortiz' in html
    assert (
        '<h2 id="related-tags">' in html
        and '<a class="lc-tag" href="../retro/">retro <span class="lc-count">1</span></a>' in html
    )
    assert '<a href="feed.xml" type="application/atom+xml">Feed</a>' in html


def test_tag_index_lists_every_tag_by_name_and_the_most_used_first() -> None:
    counts = {"gamma": 1, "alpha": 3, "Beta": 3, "delta": 5}
    uses = [
        TagUse(name, f"{name} & co", tuple(page(f"playbooks/{name}{i}.md") for i in range(n)), ())
        for name, n in sorted(counts.items(), key=lambda item: item[0].casefold())
    ]

    html = tag_index(uses).text

    most, table = html.split('<h2 id="all-tags">')
    assert re.findall(r'href="([^"]+)">([^ <]+) <span class="lc-count">(\d+)</span>', most) == [
        ("delta/", "delta", "5"),
        ("beta/", "Beta", "3"),
        ("alpha/", "alpha", "3"),
        ("gamma/", "gamma", "1"),
    ]
    rows = re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)</td><td>(\d+)</td></tr>', table)
    assert rows == [
        ("alpha/", "alpha", "alpha &amp; co", "3"),
        ("beta/", "Beta", "Beta &amp; co", "3"),
        ("delta/", "delta", "delta &amp; co", "5"),
        ("gamma/", "gamma", "gamma &amp; co", "1"),
    ]


def test_tag_files_have_safe_slugs_and_never_replace_the_tag_index() -> None:
    vocab = vocabulary("café culture", "index", "feedback")
    pages = [page("playbooks/a.md", tags=("café culture", "index", "feedback"))]
    history = history_of(change("playbooks/a.md", "2026-03-01T10:00:00", "new"))
    files = tag_files(tag_uses(vocab, pages, listing(history)), listing(history), "Commons")

    paths = [f.src_uri for f in files]
    assert paths == [
        "tags/index.md",
        "tags/cafe-culture/index.md",
        "tags/cafe-culture/feed.xml",
        "tags/feedback/index.md",
        "tags/feedback/feed.xml",
        "tags/index/index.md",
        "tags/index/feed.xml",
    ]
    assert len(set(paths)) == len(paths)
    assert all(SLUG_RE.match(p.split("/")[1]) for p in paths[1:])
    assert files[0].in_nav and files[0].content.startswith('---\ntitle: "Tags"')
    no_site = tag_files(
        tag_uses(vocab, pages, listing(history, site_url="")), listing(history, site_url=""), "C"
    )
    assert not [f for f in no_site if f.src_uri.endswith(".xml")]


def test_tag_feed_has_absolute_links_and_the_tags_pages() -> None:
    history = history_of(
        change("lessons/café.md", "2026-03-01T10:00:00", "new", "Bea Ortiz"),
        change("playbooks/b.md", "2026-03-05T10:00:00", "new", "Cai Lin"),
        extra=[PageHistory("playbooks/draft.md", uncommitted=True)],
    )
    pages = [
        page("lessons/café.md", "Café & <tea>", kind=Kind.LESSON, tags=("feedback",)),
        page("playbooks/b.md", tags=("feedback",)),
        page("playbooks/draft.md", tags=("feedback",)),
    ]
    files = {
        f.src_uri: f
        for f in tag_files(
            tag_uses(vocabulary("feedback"), pages, listing(history)), listing(history), "C & C"
        )
    }

    feed = parse_feed(files["tags/feedback/feed.xml"].content)

    assert feed.findtext(f"{ATOM}title") == "C & C: feedback"
    assert feed.findtext(f"{ATOM}id") == SITE + "tags/feedback/feed.xml"
    assert [link.get("href") for link in feed.findall(f"{ATOM}link")] == [
        SITE + "tags/feedback/feed.xml",
        SITE + "tags/feedback/",
    ]
    entries = entries_of(feed)  # the uncommitted page has no date yet, so it is not in the feed
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["B", "Café & <tea>"]
    assert entries[1].find(f"{ATOM}link").get("href") == SITE + "lessons/caf%C3%A9/"  # type: ignore[union-attr]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2026-03-05T10:00:00Z", "2026-03-01T10:00:00Z"]
    assert feed.findtext(f"{ATOM}updated") == "2026-03-05T10:00:00Z"


# -- feeds ------------------------------------------------------------------------------------------


def test_atom_feed_is_valid_xml_with_ampersands_markup_non_ascii_and_control_characters() -> None:
    nasty = "Tom & Jerry <script>alert('x')</script> ]]> “quotes” café ☕ 日本\x00\x07\x1b\ufffe"
    entry = FeedEntry(
        id=SITE + "a/",
        title=nasty,
        url=SITE + 'a/?q="x"&y=1',
        updated=at("2026-03-01T10:00:00"),
        summary=nasty,
        authors=("Zoë <zoe> & Co",),
        categories=('a"b&c',),
        content=nasty,
    )

    text = atom_feed(
        title=nasty, subtitle=nasty, feed_url=SITE + "f.xml", site_url=SITE, entries=[entry], updated=NOW
    )
    feed = parse_feed(text)

    clean = "Tom & Jerry <script>alert('x')</script> ]]> “quotes” café ☕ 日本"
    (parsed,) = entries_of(feed)
    assert feed.findtext(f"{ATOM}title") == clean and feed.findtext(f"{ATOM}subtitle") == clean
    assert parsed.findtext(f"{ATOM}title") == clean
    assert parsed.findtext(f"{ATOM}summary") == clean
    assert parsed.findtext(f"{ATOM}content") == clean
    assert parsed.find(f"{ATOM}content").get("type") == "text"  # type: ignore[union-attr]
    assert parsed.findtext(f"{ATOM}author/{ATOM}name") == "Zoë <zoe> & Co"
    assert parsed.find(f"{ATOM}category").get("term") == 'a"b&c'  # type: ignore[union-attr]
    assert parsed.find(f"{ATOM}link").get("href") == SITE + 'a/?q="x"&y=1'  # type: ignore[union-attr]
    assert "<script>" not in text


def test_atom_feed_without_entries_is_dated_now_and_credits_the_wiki_when_no_author() -> None:
    empty = parse_feed(
        atom_feed(title="T", subtitle="S", feed_url=SITE + "f.xml", site_url=SITE, entries=[], updated=NOW)
    )
    assert empty.findtext(f"{ATOM}updated") == "2026-04-01T12:00:00Z" and entries_of(empty) == []
    entry = FeedEntry(SITE + "a/", "A", SITE + "a/", at("2026-03-01T10:00:00"), "S")
    (anonymous,) = entries_of(
        parse_feed(
            atom_feed(title="T", subtitle="S", feed_url=SITE, site_url=SITE, entries=[entry], updated=NOW)
        )
    )
    assert anonymous.findtext(f"{ATOM}author/{ATOM}name") == "Learning Commons"


def recent_feed(entries: list[RecentEntry], now: datetime = NOW, site_url: str = SITE) -> list[GeneratedFile]:
    return recent_files(learned(entries), listing(history_of(), now=now, site_url=site_url), "Commons & Co")


def test_recent_feed_has_absolute_links_stable_ids_and_escaped_subjects() -> None:
    entries = [
        recent(
            "lessons/café.md",
            "2026-03-31T09:00:00",
            "new",
            title="Café ☕ & tea",
            note="Added <script>alert(1)</script> & café",
            author="Zoë",
        ),
        recent(
            "playbooks/b.md",
            "2026-03-20T09:00:00",
            summary="B & <b>bold</b> claims, long enough to be valid.",
        ),
    ]

    first = {f.src_uri: f.content for f in recent_feed(entries)}
    later = {f.src_uri: f.content for f in recent_feed(entries, now=NOW + timedelta(days=3))}

    assert list(first) == ["recent/index.md", "recent/feed.xml", "feed.xml"]
    assert first["feed.xml"] == first["recent/feed.xml"]  # the root copy the <head> links to
    feed = parse_feed(first["recent/feed.xml"])
    assert feed.findtext(f"{ATOM}title") == "Commons & Co: recently learned"
    assert feed.findtext(f"{ATOM}id") == SITE + "recent/feed.xml"
    assert feed.findtext(f"{ATOM}updated") == "2026-03-31T09:00:00Z"  # the newest entry, not the build time
    parsed = entries_of(feed)
    assert [e.findtext(f"{ATOM}title") for e in parsed] == ["Café ☕ & tea (new)", "B updated"]
    links = [link.get("href") for e in parsed for link in e.findall(f"{ATOM}link")]
    assert links == [SITE + "lessons/caf%C3%A9/", SITE + "playbooks/b/"]
    assert all(link.startswith(SITE) for link in links)
    assert parsed[0].findtext(f"{ATOM}author/{ATOM}name") == "Zoë"
    assert (
        parsed[0]
        .findtext(f"{ATOM}content")
        .startswith(  # type: ignore[union-attr]
            "New by Zoë.\n\nWhat changed: Added <script>alert(1)</script> & café"
        )
    )
    assert parsed[1].findtext(f"{ATOM}content").startswith("Updated by Ada Lovelace.\n\nB & ")  # type: ignore[union-attr]
    assert parsed[1].findtext(f"{ATOM}summary") == "B & <b>bold</b> claims, long enough to be valid."
    assert "<script>" not in first["recent/feed.xml"] and "&lt;script&gt;" in first["recent/feed.xml"]
    # Ids name the page and the commit: the same change keeps its id in every later build.
    ids = [e.findtext(f"{ATOM}id") for e in parsed]
    assert ids == [e.findtext(f"{ATOM}id") for e in entries_of(parse_feed(later["recent/feed.xml"]))]
    assert ids[0] == SITE + "lessons/caf%C3%A9/#" + "a" * 12 and len(set(ids)) == 2
    assert first == {f.src_uri: f.content for f in recent_feed(entries)}  # byte-for-byte reproducible


def test_recent_feed_is_only_written_when_the_site_url_is_known() -> None:
    files = recent_feed([recent("playbooks/b.md", "2026-03-20T09:00:00")], site_url="")
    assert [f.src_uri for f in files] == ["recent/index.md"] and "feed.xml" not in files[0].text


# -- links and list items ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("here", "target", "expected"),
    [
        ("", "recent/", "recent/"),
        ("", "", "./"),
        ("recent/", "playbooks/a/", "../playbooks/a/"),
        ("tags/", "tags/x/", "x/"),
        ("tags/x/", "tags/x/", "./"),
        ("tags/x/", "tags/", "../"),
        ("tags/x/", "tags/y/", "../y/"),
        ("playbooks/a/", "", "../../"),
        ("workshops/w/guide/", "workshops/w/", "../"),
        ("tags/", "recent/feed.xml", "../recent/feed.xml"),
        ("contributors/", "lessons/café/", "../lessons/caf%C3%A9/"),  # encoded as MkDocs encodes its own
        ("tags/", "playbooks/c#-tips/", "../playbooks/c%23-tips/"),
    ],
)
def test_relative_url(here: str, target: str, expected: str) -> None:
    assert relative_url(here, target) == expected


def test_relative_url_with_a_fragment() -> None:
    assert relative_url("tags/", "tags/x/", "related-tags") == "x/#related-tags"


def test_page_item_escapes_and_shows_last_update_authors_and_tags() -> None:
    history = history_of(
        change("lessons/x.md", "2026-03-01T10:00:00", "new", "Ada"),
        change("lessons/x.md", "2026-03-02T10:00:00", "updated", "Bea"),
        change("lessons/x.md", "2026-03-03T10:00:00", "updated", "Cai"),
        change("lessons/x.md", "2026-03-04T10:00:00", "updated", "Dee"),
    )
    lesson = page(
        "lessons/x.md",
        "Q&A: \"quotes\" and 'apostrophes'",
        kind=Kind.LESSON,
        tags=("feedback",),
        summary="<script>alert(document.cookie)</script> & <img src=x onerror=alert(1)> stay text.",
    )

    html = page_item(lesson, "tags/feedback/", listing(history))

    assert "<script" not in html and "<img" not in html
    assert (
        "&lt;script&gt;alert(document.cookie)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; stay text."
        in html
    )
    assert '<a href="../../lessons/x/">Q&amp;A: &quot;quotes&quot; and &#x27;apostrophes&#x27;</a>' in html
    assert (
        'Updated <time datetime="2026-03-04T10:00:00+00:00">4 Mar 2026</time> · by Dee, Cai and Bea' in html
    )
    assert '<a class="lc-tag" href="./">feedback</a>' in html


def test_page_item_of_a_page_git_does_not_know_yet() -> None:
    html = page_item(page("playbooks/new.md"), "tags/x/", listing(history_of()))
    assert '<p class="lc-item__meta">Not yet committed</p>' in html and "<time" not in html


def test_generated_paths_must_stay_inside_the_site() -> None:
    assert checked("tags/x/index.md", "x") == GeneratedFile("tags/x/index.md", "x", False)
    for bad in ("../escape.md", "/etc/passwd", "tags/../../x.md", "tags//x.md", "tags\\x.md"):
        with pytest.raises(CommonsError, match="leave the site folder"):
            checked(bad, "x")


def test_recent_settings_default_to_90_days_and_five_on_the_home_page() -> None:
    assert (Settings().recent_days, Settings().home_recent, Settings().timezone) == (90, 5, "UTC")


def test_with_history_off_nothing_claims_to_be_uncommitted_or_empty_for_lack_of_work() -> None:
    off = listing(disabled_history())
    item = page_item(page("playbooks/a.md", tags=("feedback",)), "tags/feedback/", off)
    assert "Not yet committed" not in item and "lc-item__meta" not in item and "<time" not in item
    recent_md, *_ = recent_files(learned([]), off, "C")
    assert "history is switched off" in recent_md.text and "Nothing new" not in recent_md.text
    people = contributor_files(disabled_history(), {}, off)[0].text
    assert "history is switched off" in people and "No one yet." not in people


# -- workshop parts and an empty window ---------------------------------------------------------------


def part(src_uri: str, which: Part | None, title: str, kind: Kind = Kind.WORKSHOP_PART) -> Page:
    return Page(src_uri, f"docs/{src_uri}", kind, title, SUMMARY, workshop="workshops/w", part=which)


def test_workshop_parts_roll_up_into_their_workshop_with_the_parts_named() -> None:
    pages = pages_by_src(
        part("workshops/w/index.md", Part.OVERVIEW, "Workshop W", Kind.WORKSHOP),
        part("workshops/w/handout.md", Part.HANDOUT, "Handout: W"),
        part("workshops/w/exercises.md", Part.EXERCISE, "Exercises: W"),
        part("workshops/w/guide.md", Part.FACILITATOR_GUIDE, "Guide: W"),
    )
    history = history_of(
        change("workshops/w/index.md", "2025-06-01T10:00:00", "new"),
        change("workshops/w/exercises.md", "2026-03-01T10:00:00", note="A warm-up"),
        change("workshops/w/handout.md", "2026-03-10T10:00:00", "updated", "Bea Ortiz", "Fewer slides"),
        change("workshops/w/handout.md", "2026-03-11T10:00:00", "updated", "Cai Lin"),
        change("workshops/w/guide.md", "2025-12-01T10:00:00"),  # before the window
    )

    entries = recent_entries(pages, history, NOW, 90)

    assert [(e.page.title, e.label, e.author, e.note) for e in entries] == [
        ("Workshop W", "Updated (handout, exercises)", "Cai Lin", ""),  # the latest change speaks
    ]
    feed = parse_feed(recent_files(learned(entries), listing(history), "C")[1].content)
    assert [e.findtext(f"{ATOM}title") for e in entries_of(feed)] == [
        "Workshop W updated (handout, exercises)"
    ]
    html = recent_page(learned(entries), "UTC", has_feed=True).text
    assert "Handout: W" not in html and "Updated (handout, exercises)" in html
    # A workshop new in the window is news as a whole: its parts are not listed.
    fresh = history_of(*history.changes, change("workshops/w/index.md", "2026-03-12T10:00:00", "new"))
    assert [e.label for e in recent_entries(pages, fresh, NOW, 90)] == ["New"]


def test_an_empty_window_shows_the_latest_entries_with_their_dates() -> None:
    pages = pages_by_src(*(page(f"playbooks/p{n}.md", f"Page {n}") for n in range(7)))
    history = history_of(
        *(change(f"playbooks/p{n}.md", f"2025-0{n + 1}-01T10:00:00", "new") for n in range(7))
    )

    found = recently_learned(pages, history, NOW, 30)

    assert found.entries == [] and [e.page.title for e in found.latest] == [
        f"Page {n}" for n in (6, 5, 4, 3, 2)
    ]
    html = recent_page(found, "UTC", has_feed=False).text
    assert "Nothing new in the last 30 days. The latest things learned:" in html
    assert '<time datetime="2025-07-01T10:00:00+00:00">1 Jul 2025</time>' in html
    feed = parse_feed(recent_files(found, listing(history), "C")[1].content)
    assert len(entries_of(feed)) == 5
