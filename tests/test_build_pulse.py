"""The learning pulse in a real build of a throwaway repository with known commits and front matter: the
numbers in the page's tables, the home page's headline, and where the page sits."""

from __future__ import annotations

import pytest
from gitrepo import GitRepo, epoch
from sitebuild import BuildResult, run_build, write_project
from test_build_history import ADA, BEA, HOME, article, isolated, parse_html

pytestmark = pytest.mark.build

NOW = "2026-04-01T12:00:00Z"  # the window of three months: Feb, Mar, Apr 2026
CY = ("Cy <b>Young</b>", "cy@example.org")
TAGS = (
    "feedback:\n  description: Giving and receiving feedback that helps people grow.\n"
    "retrospective:\n  description: Looking back together at what happened and what to change.\n"
)


def lesson(title: str, happened: str, actions: str = "actions: []\n", tag: str = "feedback") -> str:
    return (
        f"---\ntitle: {title}\nsummary: A lesson written by the tests, long enough to be valid here.\n"
        f"tags: [{tag}]\nhappened: {happened}\n{actions}---\n\nWhat happened.\n"
    )


ACTIONS = """\
actions:
  - {what: Route alerts to the rota, owner: Ada Lovelace, status: done, due: 2026-03-10, closed: 2026-03-15}
  - {what: Write the runbook, owner: Bea Ortiz, status: done, due: 2026-04-10, closed: 2026-03-25}
  - {what: Hire a second person, owner: Ada Lovelace, status: dropped, due: 2026-04-10, closed: 2026-04-01}
  - {what: Test the pager, owner: Ada Lovelace, status: open, due: 2026-03-20}
"""
PLAYBOOK = """\
---
title: Run a retrospective
summary: A playbook written by the tests, long enough to be valid here.
tags: [retrospective]
owner: Ruth Adeyemi
reviewed: 2025-01-05
---

Steps.
"""


@pytest.fixture(scope="module")
def pulse_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Ada writes a playbook in January; in March Ada, Bea and Cy (with Dan as co-author) write three
    lessons; the playbook's review is overdue since January."""
    repo = GitRepo(tmp_path_factory.mktemp("pulse") / "repo")
    config = write_project(
        repo.root, {"index.md": HOME, "playbooks/retro.md": PLAYBOOK}, tags=TAGS, commons={"pulse_months": 3}
    )
    repo.write(".gitignore", "site/\n")
    repo.commit("Add the retrospective playbook", date="2026-01-10T10:00:00Z", author=ADA)
    repo.write("docs/lessons/a.md", lesson("The alert nobody read", "2026-02-20", ACTIONS))
    repo.commit("Add a lesson", date="2026-03-02T10:00:00Z", author=ADA)
    repo.write("docs/lessons/b.md", lesson("The retro that blamed", "2026-03-01", tag="retrospective"))
    repo.commit("Add a lesson", date="2026-03-09T10:00:00Z", author=BEA)
    repo.write("docs/lessons/c.md", lesson("The forum with no questions", "2026-03-10"))
    repo.commit(
        "Add a lesson\n\nCo-authored-by: Dan Abara <dan@example.org>", date="2026-03-20T10:00:00Z", author=CY
    )
    built = run_build(config, env=isolated(repo, SOURCE_DATE_EPOCH=str(epoch(NOW))))
    assert built.returncode == 0, built.log
    return built


def numbers(site: BuildResult, key: str) -> dict[str, dict[str, str]]:
    """A chart's "Show the numbers" table: per row label, per column header, the cell's text."""
    page = article(site, "pulse/")
    figure = next(node for node in page.all("figure") if node.attrs.get("id") == f"lc-chart-{key}")
    table = figure.all("table")[0]
    columns = [cell.text() for cell in table.one("thead").all("th")]
    return {
        row.one("th").text(): dict(zip(columns, (cell.text() for cell in row.all("td")), strict=True))
        for row in table.one("tbody").all("tr")
    }


def column(table: dict[str, dict[str, str]], name: str) -> dict[str, str]:
    """One series by row, whatever unit the header adds after its name."""
    return {row: next(v for k, v in cells.items() if k.startswith(name)) for row, cells in table.items()}


def test_lessons_written_per_month(pulse_site: BuildResult) -> None:
    table = numbers(pulse_site, "writing")
    assert list(table) == ["Feb 2026", "Mar 2026", "Apr 2026"]
    assert column(table, "New lessons") == {"Feb 2026": "0", "Mar 2026": "3", "Apr 2026": "0"}
    assert column(table, "New playbooks") == {"Feb 2026": "0", "Mar 2026": "0", "Apr 2026": "0"}


def test_action_items_closed_dropped_and_overdue(pulse_site: BuildResult) -> None:
    table = numbers(pulse_site, "actions")
    assert column(table, "Opened") == {"Feb 2026": "0", "Mar 2026": "4", "Apr 2026": "0"}
    assert column(table, "Done") == {"Feb 2026": "0", "Mar 2026": "2", "Apr 2026": "0"}
    assert column(table, "Dropped") == {"Feb 2026": "0", "Mar 2026": "0", "Apr 2026": "1"}
    assert column(table, "Overdue") == {"Feb 2026": "0", "Mar 2026": "1", "Apr 2026": "1"}


def test_median_days_to_write_up_and_to_done(pulse_site: BuildResult) -> None:
    table = numbers(pulse_site, "follow-through")
    # write-ups: 10 (a), 8 (b), 10 (c); actions: 13 and 23 days after the lesson's commit
    assert column(table, "Median days") == {
        "From incident to write-up": "10",
        "From action opened to done": "18",
    }


def test_one_overdue_review(pulse_site: BuildResult) -> None:
    table = numbers(pulse_site, "reviews")
    assert list(table) == ["Playbooks"]
    assert [column(table, state)["Playbooks"] for state in ("On time", "Due soon", "Overdue")] == [
        "0",
        "0",
        "1",
    ]


def test_contributors_and_new_contributors_per_month(pulse_site: BuildResult) -> None:
    table = numbers(pulse_site, "people")
    # March: Ada, Bea, Cy and Dan (a co-author); Ada was first seen in January
    assert column(table, "Contributors") == {"Feb 2026": "0", "Mar 2026": "4", "Apr 2026": "1"}
    assert column(table, "New contributors") == {"Feb 2026": "0", "Mar 2026": "3", "Apr 2026": "0"}


def test_tags_this_quarter_against_the_one_before(pulse_site: BuildResult) -> None:
    table = numbers(pulse_site, "tags")
    assert column(table, "Last 3 months") == {"feedback": "2", "retrospective": "1"}
    assert column(table, "3 months before") == {"feedback": "0", "retrospective": "1"}


def test_readings_in_plain_words_above_each_chart(pulse_site: BuildResult) -> None:
    readings = [p.text() for p in article(pulse_site, "pulse/").all("p", "lc-pulse__reading")]
    assert readings[0].startswith("3 lessons written in the last 3 months, 3 more than the 3 months before")
    assert readings[1].startswith(
        "2 of 4 action items done, 1 dropped, 1 open of which 1 overdue: 67 % of those not dropped are done"
    )


def test_the_home_page_headline_links_to_the_pulse(pulse_site: BuildResult) -> None:
    headline = parse_html(pulse_site.read("index.html")).one("p", "lc-pulse-headline")
    assert headline.text() == "3 lessons written in the last 3 months · 67 % of action items done"
    assert headline.links() == [(headline.text(), "pulse/")]


def test_the_pulse_is_under_about_and_out_of_search(pulse_site: BuildResult) -> None:
    html = pulse_site.read("pulse/index.html")
    assert "data-pagefind-body" not in html
    tabs = parse_html(html).one("nav", "md-tabs")
    active = next(li for li in tabs.all("li") if "md-tabs__item--active" in li.classes)
    assert active.text() == "About"
    assert "<b>Young</b>" not in html and "Cy &lt;b&gt;" not in html  # names are counted, never shown
