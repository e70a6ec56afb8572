"""People and teams on /contributors/: git and front matter merged, no git, no MkDocs, exact output."""

from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType

from learning_commons.contributors import contributor_files
from learning_commons.history import ContributorStats, History, PageHistory
from learning_commons.listing import Listing
from learning_commons.model import ActionItem, Kind, Page
from learning_commons.people import gather_people

NOW = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)
SUMMARY = "A page made by the tests, with a summary long enough to be valid."
SLUG_RE = re.compile(r"^[a-z0-9-]+$")


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)


def page(src_uri: str, title: str, **fields: object) -> Page:
    return Page(src_uri, f"docs/{src_uri}", fields.pop("kind", Kind.PLAYBOOK), title, SUMMARY, **fields)  # type: ignore[arg-type]


def action(what: str, owner: str, status: str, due: str) -> ActionItem:
    return ActionItem(what, owner, status, dt.date.fromisoformat(due))


def history(created: dict[str, str], *stats: ContributorStats) -> History:
    records = {src: PageHistory(src, created=at(day), updated=at(day)) for src, day in created.items()}
    return History(pages=MappingProxyType(records), contributors=stats)


PAGES = {
    p.src_uri: p
    for p in (
        page("playbooks/a.md", "Alpha", owner="ruth  ADEYEMI"),
        page("playbooks/b.md", "Beta", owner="Learning Guild"),
        page("playbooks/c.md", "Gamma <b>", owner="Ruth Adeyemi"),
        page("workshops/w/index.md", "Workshop", kind=Kind.WORKSHOP, facilitators=("Ruth Adeyemi", "Mo")),
        page(
            "lessons/l.md",
            "Lesson",
            kind=Kind.LESSON,
            actions=(
                action("Write the runbook", "Ruth Adeyemi", "done", "2026-02-01"),
                action("Fix the alert", "ruth adeyemi", "done", "2026-03-01"),
                action("Hire", "Ruth Adeyemi", "dropped", "2026-03-05"),
                action("Plan", "Ruth Adeyemi", "open", "2026-03-06"),
            ),
        ),
    )
}
GIT = history(
    {"playbooks/a.md": "2026-01-10", "playbooks/b.md": "2026-02-10", "playbooks/c.md": "2026-03-10"},
    ContributorStats(
        "Ada Lovelace",
        ("playbooks/a.md", "playbooks/b.md"),
        ("playbooks/c.md",),
        at("2026-03-10"),
        "playbooks/c.md",
    ),
    ContributorStats(
        "<Eve> & Co", (), ("playbooks/a.md", "playbooks/gone.md"), at("2026-01-11"), "playbooks/a.md"
    ),
    ContributorStats("Gone Person", ("playbooks/gone.md",), (), at("2026-01-02"), "playbooks/gone.md"),
)


def test_people_merge_git_and_front_matter_names_and_list_teams_last() -> None:
    everyone = gather_people(GIT, PAGES, teams=("learning guild",))

    assert [(p.name, p.slug, p.team) for p in everyone] == [
        ("<Eve> & Co", "eve-co", False),
        ("Ada Lovelace", "ada-lovelace", False),
        ("Mo", "mo", False),
        ("Ruth Adeyemi", "ruth-adeyemi", False),  # the first spelling met: lessons/l.md comes first
        ("Learning Guild", "learning-guild", True),
    ]
    ada, ruth = everyone[1], everyone[3]
    assert [p.title for p in ada.started] == ["Beta", "Alpha"]  # newest first
    assert [p.title for p in ada.improved] == ["Gamma <b>"] and ada.latest == at("2026-03-10")
    # Never committed, yet credited: two pages owned whatever the spelling, a workshop, two actions done.
    assert ruth.started == () and ruth.latest is None
    assert [p.title for p in ruth.owns] == ["Gamma <b>", "Alpha"]
    assert [p.title for p in ruth.facilitates] == ["Workshop"]
    assert [item.what for _, item in ruth.closed] == ["Fix the alert", "Write the runbook"]
    assert "Gone Person" not in {p.name for p in everyone}  # only pages that are still here count


def test_slugs_are_unique_and_safe_whatever_the_names() -> None:
    stats = [
        ContributorStats(name, ("playbooks/a.md",), (), at("2026-01-02"), "playbooks/a.md")
        for name in ("Ann Lee", "Ann-Lee", "李雷", "../..", "Index")
    ]
    everyone = gather_people(
        history({"playbooks/a.md": "2026-01-02"}, *stats), {"playbooks/a.md": PAGES["playbooks/a.md"]}
    )
    slugs = [p.slug for p in everyone if p.started]
    assert len(set(slugs)) == len(slugs) == 5
    assert all(SLUG_RE.match(slug) for slug in slugs)


def test_contributors_page_shows_everyone_in_full_below_the_threshold() -> None:
    listing = Listing(GIT, "Asia/Tokyo", NOW, "https://wiki.example.org/")
    files = contributor_files(GIT, PAGES, listing, teams=("Learning Guild",), person_pages_from=6)

    assert [f.src_uri for f in files] == ["contributors/index.md"]
    html = files[0].text
    assert "4 people and 1 team" in html
    assert re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', html) == [
        ("eve-co", "&lt;Eve&gt; &amp; Co"),
        ("ada-lovelace", "Ada Lovelace"),
        ("mo", "Mo"),
        ("ruth-adeyemi", "Ruth Adeyemi"),
        ("teams", "Teams"),
        ("learning-guild", "Learning Guild"),
    ]
    ruth = html.split('<section class="lc-person"')[4]
    assert (
        "<strong>2</strong> pages owned · <strong>1</strong> workshop facilitated · <strong>2</strong> action items closed"
        in ruth
    )
    assert '<a href="../playbooks/c/">Gamma &lt;b&gt;</a>' in ruth and "<b>" not in ruth
    assert "Latest change" not in ruth  # nothing in git
    ada = html.split('<section class="lc-person"')[2]
    assert (
        '<a href="../playbooks/b/">Beta</a> <span class="lc-meta"><time datetime="2026-02-10T09:00:00+09:00">10 Feb 2026</time>'
        in ada
    )


def test_person_pages_from_the_threshold_on() -> None:
    listing = Listing(GIT, "UTC", NOW, "")
    files = contributor_files(GIT, PAGES, listing, teams=("Learning Guild",), person_pages_from=5)

    assert [f.src_uri for f in files] == [
        "contributors/index.md",
        "contributors/eve-co/index.md",
        "contributors/ada-lovelace/index.md",
        "contributors/mo/index.md",
        "contributors/ruth-adeyemi/index.md",
        "contributors/learning-guild/index.md",
    ]
    index = files[0].text
    assert '<h2 id="ruth-adeyemi"><a href="ruth-adeyemi/">Ruth Adeyemi</a></h2>' in index
    assert "Write the runbook" not in index  # the details are on the person's page
    eve = files[1].text
    assert 'title: "&lt;Eve&gt; &amp; Co"' in eve
    ruth = files[4].text
    assert '<h2 class="lc-person__role">Action items closed</h2>' in ruth
    assert 'from <a href="../../lessons/l/">Lesson</a>' in ruth and "Hire" not in ruth and "Plan" not in ruth


def test_contributors_page_without_anyone() -> None:
    files = contributor_files(History(), {}, Listing(History(), "UTC", NOW, ""))
    assert "No one yet." in files[0].text
