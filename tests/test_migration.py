"""The migration setting (`extra.commons.migration_until`): while it lasts, what adopted pages still lack
is pending instead of failing the build; from the next day on it fails like any other problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from learning_commons.content import read_wiki
from learning_commons.migration import Backlog, backlog, period_over, set_aside
from learning_commons.model import Wiki
from learning_commons.problems import Problem
from learning_commons.review import backlog_section
from learning_commons.settings import read_settings
from sitebuild import write_pages

TODAY = dt.date(2026, 3, 1)


# -- the migration setting (pure) -------------------------------------------------------------------


def test_migration_until_is_a_date() -> None:
    settings, problems = read_settings({"migration_until": dt.date(2027, 6, 30)})
    assert settings.migration_until == dt.date(2027, 6, 30) and problems == []
    assert read_settings({"migration_until": "2027-06-30"})[0].migration_until == dt.date(2027, 6, 30)
    for wrong in ("next summer", "2027-02-30", 20270630, True):
        settings, problems = read_settings({"migration_until": wrong})
        assert settings.migration_until is None
        assert [str(p) for p in problems] == [
            f"mkdocs.yml: setting 'extra.commons.migration_until' is {wrong!r}: it must be a date written "
            "as YYYY-MM-DD, like 2027-06-30"
        ]


MISSING = Problem("docs/n/a.md", 2, "'summary' is missing", incomplete=True)
WRONG = Problem("docs/n/a.md", 3, "'title' contains HTML")


def test_incomplete_pages_wait_until_the_date_then_fail() -> None:
    until = dt.date(2026, 6, 30)
    assert set_aside([MISSING, WRONG], until, until) == ([WRONG], [MISSING])  # the last day still counts
    assert set_aside([MISSING, WRONG], until, until + dt.timedelta(days=1)) == ([MISSING, WRONG], [])
    assert set_aside([MISSING, WRONG], None, until) == ([MISSING, WRONG], [])
    over = period_over([MISSING, WRONG], until, until + dt.timedelta(days=1))
    assert [str(p) for p in over] == [
        "mkdocs.yml: the migration period ('extra.commons.migration_until') ended on 2026-06-30, and 1 page(s) "
        "still lack parts of the content model — complete them (make check lists them), or set a later date"
    ]
    assert (
        period_over([MISSING], until, until) == []
        and period_over([WRONG], until, until.replace(year=2027)) == []
    )


def test_backlog_counts_pages_by_what_they_lack() -> None:
    pending = [
        MISSING,
        Problem("docs/n/b.md", 2, "'summary' is missing", incomplete=True),
        Problem("docs/n/b.md", 1, "the page has no front matter", incomplete=True),
        Problem("docs/n/c.md", 5, "'actions[0].what' is missing", incomplete=True),
        Problem("docs/n/c.md", 9, "'actions[1].what' is missing", incomplete=True),
    ]
    found = backlog(pending, dt.date(2026, 6, 30), TODAY)
    assert found is not None and found.pages == 3
    assert found.by_message == (
        ("'summary' is missing", 2),
        ("'actions[…].what' is missing", 1),
        ("the page has no front matter", 1),
    )
    assert backlog(pending, None, TODAY) is None
    assert backlog([], dt.date(2026, 6, 30), TODAY) == Backlog(dt.date(2026, 6, 30), 0, ())
    assert backlog([], dt.date(2026, 2, 28), TODAY) is None  # over: the pages fail, none is pending


# -- the migration setting on a whole wiki (core) ---------------------------------------------------

INCOMPLETE_PAGES = {
    "notes/plain.md": "# A page that came without front matter\n\nText.\n",
    "notes/untitled.md": "---\nsummary: A summary long enough for the checks of the wiki.\n---\n\nText.\n",
    "lessons/half.md": "---\ntitle: A lesson\nsummary: A lesson without the fields only a person knows.\n"
    "tags: [feedback]\n---\n",
    "playbooks/untagged.md": "---\ntitle: A playbook\nsummary: A playbook that no tag was found for yet.\n---\n",
    "notes/wrong.md": "---\ntitle: <b>Bold</b> claims\nsummary: Written wrong, which no period excuses.\n---\n",
}


def read_adopted(tmp_path: Path, until: dt.date | None, today: dt.date) -> Wiki:
    docs = write_pages(tmp_path / "docs", INCOMPLETE_PAGES)
    settings, _ = read_settings({"migration_until": until.isoformat()} if until else {})
    return read_wiki(docs, settings, display_root=tmp_path, today=today)


def test_what_pages_lack_is_pending_during_the_period_and_wrong_values_are_not(tmp_path: Path) -> None:
    wiki = read_adopted(tmp_path, dt.date(2026, 6, 30), TODAY)
    assert [str(p) for p in wiki.errors] == [
        "docs/notes/wrong.md:2: 'title' contains HTML — write plain text: front matter is never HTML"
    ]
    assert sorted((p.path, p.message) for p in wiki.pending) == [
        ("docs/lessons/half.md", "'actions' is missing"),
        ("docs/lessons/half.md", "'happened' is missing"),
        ("docs/notes/plain.md", "the page has no front matter"),
        ("docs/notes/untitled.md", "'title' is missing"),
        ("docs/playbooks/untagged.md", "'tags' is missing"),
    ]
    assert all(page.valid for src, page in wiki.pages.items() if src != "notes/wrong.md")
    assert not wiki.pages["notes/wrong.md"].valid


def test_without_the_setting_or_after_the_date_nothing_is_pending(tmp_path: Path) -> None:
    without = read_adopted(tmp_path / "a", None, TODAY)
    after = read_adopted(tmp_path / "b", dt.date(2026, 2, 28), TODAY)
    assert without.pending == [] and after.pending == []
    assert len(without.errors) == 6 and not without.pages["notes/plain.md"].valid
    assert [p.message for p in after.errors if p.path == "mkdocs.yml"] == [
        "the migration period ('extra.commons.migration_until') ended on 2026-02-28, and 4 page(s) still lack "
        "parts of the content model"
    ]


def test_the_review_page_counts_what_is_missing_and_says_when_the_setting_can_go() -> None:
    until = dt.date(2026, 6, 30)
    assert backlog_section(None) == ""
    done = backlog_section(Backlog(until, 0, ()))
    assert (
        "Every adopted page is complete: the setting <code>extra.commons.migration_until</code> can go."
        in done
    )
    html = backlog_section(Backlog(until, 3, (("'summary' is missing", 2), ("'<b>' is missing", 1))))
    assert '<h2 id="adoption">Still to bring up to the content model</h2>' in html
    assert "3 pages still lack parts of the content model" in html and "ends on 30 Jun 2026" in html
    assert "<tr><td>&#x27;summary&#x27; is missing</td><td>2</td></tr>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
