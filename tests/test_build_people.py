"""People and what was learned, in real builds of a throwaway repository: who is credited where, and what
"recently learned" and its feed tell a reader."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from gitrepo import GitRepo, epoch
from sitebuild import BuildResult, run_build, write_project
from test_build_history import ADA, ATOM, BEA, HOME, WORKSHOP, article, header_facts, isolated

pytestmark = pytest.mark.build

NOW = "2026-04-01T12:00:00Z"
TAGS = "feedback:\n  description: Giving and receiving feedback that helps people grow.\n"


def playbook(title: str, owner: str = "", body: str = "Body.\n", extra: str = "") -> str:
    who = (f"owner: {owner}\n" if owner else "") + extra
    return (
        f"---\ntitle: {title}\nsummary: A playbook written by the tests, long enough to be valid.\n"
        f"tags: [feedback]\n{who}---\n\n{body}"
    )


def build(repo: GitRepo, config: Path) -> BuildResult:
    built = run_build(config, env=isolated(repo, SOURCE_DATE_EPOCH=str(epoch(NOW))))
    assert built.returncode == 0, built.log
    return built


@pytest.fixture(scope="module")
def credited(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Ada writes a playbook with Bea (Co-authored-by); Ruth owns it and never commits."""
    repo = GitRepo(tmp_path_factory.mktemp("people") / "repo")
    config = write_project(
        repo.root,
        {
            "playbooks/pairing.md": playbook(
                "Pair on it", owner="ruth adeyemi", extra="reviewed: 2026-02-10\n"
            ),
            "lessons/outage.md": LESSON,
        },
        tags=TAGS,
        commons={"person_pages_from": 1},
    )
    repo.write(".gitignore", "site/\n")
    repo.commit(
        "Add the pairing playbook\n\nCo-authored-by: Bea Ortiz <bea@example.org>", date="2026-03-02T10:00:00Z"
    )
    return build(repo, config)


LESSON = """\
---
title: The outage nobody owned
summary: What happened when an alert fired into a channel that nobody read, and what we changed.
tags: [feedback]
happened: 2026-02-03
actions:
  - what: Route alerts to the on-call rota
    owner: Ruth Adeyemi
    status: done
    due: 2026-03-01
---

What happened.
"""


def test_a_page_header_shows_its_owner_its_review_in_words_and_a_lessons_two_dates(
    credited: BuildResult,
) -> None:
    assert header_facts(credited, "playbooks/pairing/")[:3] == [
        "Owner: ruth adeyemi",
        "Last reviewed February 2026 by ruth adeyemi; next review due February 2027",
        "Created 2 Mar 2026",
    ]
    lesson = header_facts(credited, "lessons/outage/")
    assert lesson[0] == "Happened 3 Feb 2026" and "Written up 2 Mar 2026" in lesson
    assert not any(fact.startswith("Created") for fact in lesson)


def test_a_co_author_is_credited_on_the_page_and_on_contributors(credited: BuildResult) -> None:
    assert "By Ada Lovelace and Bea Ortiz" in header_facts(credited, "playbooks/pairing/")
    names = [
        section.one("h2").text() for section in article(credited, "contributors/").all("section", "lc-person")
    ]
    assert names == [ADA[0], BEA[0], "Ruth Adeyemi"]  # one person, whether owner or action owner
    bea = article(credited, "contributors/bea-ortiz/")
    assert bea.one("ul", "lc-person__pages").links() == [
        ("Pair on it", "../../playbooks/pairing/"),
        ("The outage nobody owned", "../../lessons/outage/"),
    ]


def test_an_owner_who_never_committed_appears_with_their_pages(credited: BuildResult) -> None:
    ruth = article(credited, "contributors/ruth-adeyemi/")
    assert ruth.one("p", "lc-person__stats").text() == "1 page owned · 1 action item closed"
    owned, closed = ruth.all("ul", "lc-person__pages")
    assert owned.links() == [("Pair on it", "../../playbooks/pairing/")]
    assert closed.text().startswith(
        "Route alerts to the on-call rota from The outage nobody owned, due 1 Mar 2026"
    )


HANDOUT = '---\ntitle: "Handout: feedback in practice"\nsummary: What participants take home from the workshop.\n---\n\n{body}'
LINES = "".join(f"Line {n} of a longer playbook.\n\n" for n in range(1, 6))


@pytest.fixture(scope="module")
def learned(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path]:
    """Before the window: a workshop with a handout and two playbooks. In it: the handout reworked with
    a change note, a typo fixed, a playbook rewritten under an engineering subject."""
    repo = GitRepo(tmp_path_factory.mktemp("learned") / "repo")
    config = write_project(
        repo.root,
        {
            "index.md": HOME,
            "workshops/practice/index.md": WORKSHOP,
            "workshops/practice/handout.md": HANDOUT.format(body="Take this home.\n"),
            "playbooks/typo.md": playbook("Spell it out", body=LINES),
            "playbooks/tables.md": playbook("Read the tables", body=LINES),
        },
        tags=TAGS + "workshop:\n  description: Hands-on sessions where people practise together.\n",
    )
    repo.write(".gitignore", "site/\n")
    repo.commit("Start", date="2025-06-01T10:00:00Z")
    repo.write("docs/workshops/practice/handout.md", HANDOUT.format(body="Take this home.\n\n- one\n- two\n"))
    repo.commit(
        "Handout: rework\n\nChange: a checklist for your first week", date="2026-03-02T10:00:00Z", author=BEA
    )
    repo.write("docs/playbooks/typo.md", playbook("Spell it out", body=LINES.replace("longer", "longr", 1)))
    repo.commit("Fix a typo", date="2026-03-05T10:00:00Z")
    repo.write("docs/playbooks/tables.md", playbook("Read the tables", body=LINES + "More.\n\nAnd more.\n"))
    repo.commit("Content: name the columns of two tables", date="2026-03-06T10:00:00Z")
    return repo, config


def test_what_was_learned_rolls_up_workshops_shows_notes_and_no_subjects(
    learned: tuple[GitRepo, Path],
) -> None:
    site = build(*learned)
    items = {
        li.one("p", "lc-item__title").links()[0][0]: li
        for li in article(site, "recent/").all("li", "lc-item")
    }

    assert list(items) == ["Read the tables", "Feedback in practice"]  # no typo fix, no handout of its own
    workshop = items["Feedback in practice"]
    assert workshop.one(cls="lc-status").text() == "Updated (handout)"
    assert workshop.one("p", "lc-item__change").text() == "What changed: a checklist for your first week"
    assert workshop.one("p", "lc-item__meta").text() == "Bea Ortiz · 2 Mar 2026"
    assert items["Read the tables"].all("p", "lc-item__change") == []
    for html in (site.read("recent/index.html"), site.read("index.html"), site.read("recent/feed.xml")):
        assert "name the columns" not in html and "Fix a typo" not in html and "Handout: rework" not in html
    feed = ET.fromstring((site.site_dir / "recent/feed.xml").read_bytes())
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "Read the tables updated",
        "Feedback in practice updated (handout)",
    ]
    # The typo fix is no update on the page either.
    assert not any(fact.startswith("Updated") for fact in header_facts(site, "playbooks/typo/"))


def test_an_empty_window_still_shows_the_latest_entries(learned: tuple[GitRepo, Path]) -> None:
    repo, config = learned
    site = run_build(config, env=isolated(repo, SOURCE_DATE_EPOCH=str(epoch("2027-01-01T00:00:00Z"))))
    assert site.returncode == 0, site.log

    recent = article(site, "recent/")
    assert recent.one("p", "lc-empty").text() == "Nothing new in the last 90 days. The latest things learned:"
    assert [li.one("p", "lc-item__meta").text() for li in recent.all("li", "lc-item")] == [
        "Ada Lovelace · 6 Mar 2026",
        "Bea Ortiz · 2 Mar 2026",
        "Ada Lovelace · 1 Jun 2025",  # the typo playbook, new then; the workshop's start is in Bea's entry
    ]
    home = article(site, "").one("section", "lc-home-recent")
    assert "The latest things learned:" in home.text() and len(home.all("li", "lc-item")) == 3
    feed = ET.fromstring((site.site_dir / "recent/feed.xml").read_bytes())
    assert len(feed.findall(f"{ATOM}entry")) == 3
