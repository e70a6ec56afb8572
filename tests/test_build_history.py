"""Real `mkdocs build`s of throwaway git repositories with fixed commit dates: dates, credits, /recent/,
/tags/, /contributors/ and the feeds as a reader (and a feed reader) gets them.

One module-scoped repository with a realistic history is built once and inspected by many tests; the
time zone, shallow clone, missing repository and git process count cases each build a tiny project.
"""

from __future__ import annotations

import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from gitrepo import FastCommit, GitRepo, epoch, logging_git
from learning_commons.history import DISABLED_MESSAGE
from sitebuild import BuildResult, build_env, run_build, write_project

pytestmark = pytest.mark.build

SITE = "https://learning-commons.github.io/learning-commons/"  # site_url of the real mkdocs.yml
ATOM = "{http://www.w3.org/2005/Atom}"
NOW = "2026-04-01T12:00:00Z"  # SOURCE_DATE_EPOCH of the main build: the 90-day window opens 1 Jan 12:00
SLUG_RE = re.compile(r"^[a-z0-9-]+$")

ADA = ("Ada Lovelace", "ada@example.org")
BEA = ("Bea Ortiz", "bea@example.org")
BEA_OLD = ("B. Ortiz", "bea.old@example.org")  # merged into Bea by .mailmap
CAI = ("Cai Lin", "cai@example.org")
DEPENDABOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
ROBOT = ("Release Robot", "release-bot@example.org")  # a bot by the `bots` setting

TAGS = """\
feedback:
  description: Giving and receiving feedback that helps people grow.
retrospective:
  description: Looking back together at what happened & what to change.
  aliases: [retro]
open-forum:
  description: Open sessions where anyone can raise a question.
workshop:
  description: Hands-on sessions where people practise together.
café culture:
  description: Informal conversations over coffee — and cake.
unused:
  description: A tag that no page uses yet.
"""


def playbook(
    title: str, tags: str, summary: str = "A playbook written by the tests, long enough to be valid."
) -> str:
    return f"---\ntitle: {title}\nsummary: {summary}\ntags: [{tags}]\n---\n\nHow we do it.\n"


LESSON = """\
---
title: The retrospective that turned into a blame game
summary: What happened when a retrospective looked for a culprit, and what we changed afterwards.
tags: [retrospective, feedback]
happened: 2025-05-20
actions:
  - what: Start every retrospective with the prime directive
    owner: Ada Lovelace
    status: done
    due: 2025-06-30
---

What happened.
"""

WORKSHOP = """\
---
title: Feedback in practice
summary: A one-hour workshop in which people practise giving feedback in pairs.
tags: [workshop, feedback]
duration: 60
audience: Anyone
agenda:
  - item: Practice in pairs
    minutes: 60
---

Welcome.
"""

HOME = """\
---
title: Learning Commons
summary: The home page of the test wiki, with a summary long enough to be valid.
template: home.html
hide:
  - navigation
  - toc
---

Welcome to the test wiki.
"""

ABOUT = "---\ntitle: About\nsummary: Why the test wiki exists and who looks after it.\n---\n\nAbout us.\n"

FORUM = "playbooks/cafe-forum.md"
FORUM_TITLE = "Host a café forum & Q&A for < 20 people"  # '<' is allowed when it starts no tag
QUIET = "playbooks/quiet.md"
FEEDBACK = "playbooks/feedback.md"
LEGACY = "lessons/legacy.md"
LESSON_NOW = "lessons/blame-game.md"
WORKSHOP_PAGE = "workshops/practice/index.md"
IMPORTED = "playbooks/imported.md"


# -- a tiny DOM, enough to read the generated HTML without regexes over nested markup ------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.all(tag, cls)
        assert len(found) == 1, f"expected one <{tag} class={cls}>, found {len(found)}"
        return found[0]

    def links(self) -> list[tuple[str, str]]:
        return [(a.text(), a.attrs.get("href", "")) for a in self.all("a")]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def article(site: BuildResult, url: str) -> Node:
    return parse_html(site.read(url + "index.html")).one("article")


def header_facts(site: BuildResult, url: str) -> list[str]:
    return [li.text() for li in article(site, url).one(cls="lc-header").all("li", "lc-fact")]


def dated(facts: list[str]) -> list[str]:
    return [f for f in facts if f.startswith(("Created", "Written up", "Updated", "By", "Not yet committed"))]


def parse_feed(site: BuildResult, path: str) -> ET.Element:
    root = ET.fromstring((site.site_dir / path).read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root


def hrefs(node: Node) -> list[str]:
    return [href for _, href in node.links()]


def resolve(page_url: str, href: str) -> str:
    """Where a link on the page at ``page_url`` leads, relative to the site root."""
    site_path = SITE.split("/", 3)[3]  # the 404 page links from the site's root path
    if href.startswith("/" + site_path):
        return href[len(site_path) + 1 :]
    target = posixpath.normpath(posixpath.join(page_url, href))
    return target + "/" if href.endswith("/") and target != "." else target


def info_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("INFO")]


def isolated(repo: GitRepo, **extra: str) -> dict[str, str]:
    """The build's environment: the developer's git configuration cannot change a result."""
    return build_env(
        HOME=str(repo.home),
        XDG_CONFIG_HOME=str(repo.home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CEILING_DIRECTORIES=str(repo.root.parent),
        **extra,
    )


# -- the main repository ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wiki:
    site: BuildResult
    shas: dict[str, str]


def append(repo: GitRepo, src_uri: str, text: str) -> None:
    path = repo.path(f"docs/{src_uri}")
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Wiki:
    """Built once with 'now' = 1 Apr 2026, bulk_commit_pages 3, a configured bot and home_recent 3.

    2025-06-02 Ada starts the wiki: home, about, the café forum playbook, lessons/legacy.md
    2025-09-01 Ada adds the quiet room playbook (never meaningfully changed again)
    2026-01-10 'B. Ortiz <bea.old@…>' (Bea by .mailmap) adds the feedback playbook: new in the window
    2026-02-03 Cai improves the legacy lesson: its last real update
    2026-02-10 dependabot[bot], 2026-02-12 the configured bot: touch the quiet room only
    2026-02-15 Ada moves lessons/legacy.md to lessons/blame-game.md (pure rename)
    2026-02-20 Ada reformats four pages and adds one: a bulk commit
    2026-03-05 Ada wraps the quiet room's lines; .git-blame-ignore-revs lists it (committed 03-06)
    2026-03-09 23:30 UTC Bea updates the café forum, subject with <script> and '&'
    2026-03-20 Cai adds a workshop; 2026-03-25 Ada improves the feedback playbook
    """
    root = tmp_path_factory.mktemp("wiki") / "repo"
    repo = GitRepo(root)
    config = write_project(
        root,
        {
            "index.md": HOME,
            "about/index.md": ABOUT,
            FORUM: playbook(
                FORUM_TITLE,
                "open-forum, café culture",
                "Coffee & conversation — how we run the café forum, step by step.",
            ),
            LEGACY: LESSON,
        },
        tags=TAGS,
        commons={"bulk_commit_pages": 3, "bots": ["release-bot@example.org"], "home_recent": 3},
    )
    repo.write(".gitignore", "site/\n")
    repo.write(".mailmap", "Bea Ortiz <bea@example.org> B. Ortiz <bea.old@example.org>\n")
    shas: dict[str, str] = {}
    shas["start"] = repo.commit("Start the wiki", date="2025-06-02T10:00:00Z")
    repo.write(f"docs/{QUIET}", playbook("Keep a quiet room", "retrospective"))
    repo.commit("Add the quiet room playbook", date="2025-09-01T10:00:00Z")
    repo.write(f"docs/{FEEDBACK}", playbook("Give feedback", "feedback, café culture, retrospective"))
    shas["feedback"] = repo.commit(
        "Add the feedback playbook & checklist", date="2026-01-10T09:00:00Z", author=BEA_OLD
    )
    repo.write(f"docs/{LEGACY}", LESSON + "\nWhat we learned, with notes from the café.\n")
    shas["lesson"] = repo.commit(
        "Explain what happened — café notes ☕", date="2026-02-03T10:00:00Z", author=CAI
    )
    repo.write(f"docs/{QUIET}", playbook("Keep a quiet room", "retrospective") + "\nBumped.\n")
    repo.commit("Bump links", date="2026-02-10T10:00:00Z", author=DEPENDABOT)
    repo.write(f"docs/{QUIET}", playbook("Keep a quiet room", "retrospective") + "\nReleased.\n")
    repo.commit("Release notes", date="2026-02-12T10:00:00Z", author=ROBOT)
    repo.mv(f"docs/{LEGACY}", f"docs/{LESSON_NOW}")
    repo.commit("Move the legacy lesson", date="2026-02-15T10:00:00Z")
    for src_uri in (FORUM, QUIET, FEEDBACK, LESSON_NOW):
        append(repo, src_uri, "\n<!-- tidy -->\n")
    repo.write(f"docs/{IMPORTED}", playbook("An imported playbook", "retrospective"))  # created in bulk
    repo.commit("Reformat every page, import one", date="2026-02-20T10:00:00Z")
    repo.write(f"docs/{QUIET}", playbook("Keep a quiet room", "retrospective") + "\nWrapped lines.\n")
    shas["ignored"] = repo.commit("Wrap lines", date="2026-03-05T10:00:00Z")
    repo.write(".git-blame-ignore-revs", f"# formatting only\n{shas['ignored']}\n")
    repo.commit("Ignore the formatting commit in blame", date="2026-03-06T10:00:00Z")
    append(repo, FORUM, "\nA better agenda.\n")
    shas["forum"] = repo.commit(
        "Fix <script>alert(1)</script> & tidy the agenda\n\nChange: a <b>shorter</b> agenda & café breaks",
        date="2026-03-09T23:30:00Z",
        author=BEA,
    )
    repo.write(f"docs/{WORKSHOP_PAGE}", WORKSHOP)
    shas["workshop"] = repo.commit("Add the feedback workshop", date="2026-03-20T10:00:00Z", author=CAI)
    append(repo, FEEDBACK, "\nUpward feedback.\n")
    shas["feedback-2"] = repo.commit("Add upward feedback examples", date="2026-03-25T10:00:00Z")
    assert repo.git("status", "--porcelain") == ""

    site = run_build(config, env=isolated(repo, SOURCE_DATE_EPOCH=str(epoch(NOW))))
    assert site.returncode == 0, site.log
    return Wiki(site, shas)


def test_the_build_is_clean_and_logs_nothing_about_history(wiki: Wiki) -> None:
    assert wiki.site.warnings == []
    assert not [line for line in info_lines(wiki.site.log) if "commit" in line or "history" in line]


def test_every_content_page_header_shows_type_tags_dates_and_people(wiki: Wiki) -> None:
    site = wiki.site
    assert dated(header_facts(site, "playbooks/cafe-forum/")) == [
        "Created 2 Jun 2025",
        "Updated 9 Mar 2026",  # 23:30 UTC is still the 9th in UTC
        "By Ada Lovelace and Bea Ortiz",
    ]
    # Created by 'B. Ortiz <bea.old@…>', which .mailmap merges into Bea Ortiz.
    assert dated(header_facts(site, "playbooks/feedback/")) == [
        "Created 10 Jan 2026",
        "Updated 25 Mar 2026",
        "By Ada Lovelace and Bea Ortiz",
    ]
    assert dated(header_facts(site, "workshops/practice/")) == ["Created 20 Mar 2026", "By Cai Lin"]
    header = article(site, "playbooks/cafe-forum/").one(cls="lc-header")
    assert header.one(cls="lc-badge").text() == "Playbook"
    assert header.one("ul", "lc-tags").links() == [
        ("open-forum", "../../tags/open-forum/"),
        ("café culture", "../../tags/cafe-culture/"),
    ]
    assert article(site, "lessons/blame-game/").one(cls="lc-header").one(cls="lc-badge").text() == "Lesson"
    assert article(site, "workshops/practice/").one(cls="lc-header").one(cls="lc-badge").text() == "Workshop"
    for url in ("playbooks/cafe-forum/", "lessons/blame-game/"):
        for _, href in article(site, url).one(cls="lc-header").links():
            if "/tags/" in href:
                assert (site.site_dir / resolve(url, href) / "index.html").is_file(), href


def test_bots_bulk_commits_and_ignored_revisions_are_not_updates(wiki: Wiki) -> None:
    # quiet.md was touched by dependabot, a configured bot, a bulk commit and an ignored formatting commit.
    assert dated(header_facts(wiki.site, "playbooks/quiet/")) == ["Created 1 Sep 2025", "By Ada Lovelace"]
    # A page created by a bulk commit has that date and creator, but is not news (see the recent tests).
    assert dated(header_facts(wiki.site, "playbooks/imported/")) == ["Created 20 Feb 2026", "By Ada Lovelace"]


def test_a_rename_keeps_the_created_date_and_is_not_an_update(wiki: Wiki) -> None:
    # Created as lessons/legacy.md, improved by Cai, then moved (R100) and reformatted in bulk.
    assert dated(header_facts(wiki.site, "lessons/blame-game/")) == [
        "Written up 2 Jun 2025",  # a lesson: it happened on 20 May 2025, the header says so too
        "Updated 3 Feb 2026",
        "By Ada Lovelace and Cai Lin",
    ]
    assert not (wiki.site.site_dir / "lessons/legacy").exists()


def latest_date(site: BuildResult, url: str) -> Node:
    """The last date in a page's header: when it was last updated (or created)."""
    return article(site, url).one(cls="lc-header").all("time")[-1]


def test_the_header_shows_the_last_update_once_and_the_footer_repeats_no_date(wiki: Wiki) -> None:
    site = wiki.site
    expected = {
        "about/": "2 Jun 2025",
        "playbooks/cafe-forum/": "9 Mar 2026",
        "playbooks/quiet/": "1 Sep 2025",
        "lessons/blame-game/": "3 Feb 2026",
    }
    for url, day in expected.items():
        assert latest_date(site, url).text() == day, url
        assert article(site, url).all(cls="md-source-file") == [], f"{url} repeats its date in the footer"
    assert latest_date(site, "playbooks/cafe-forum/").attrs["datetime"] == "2026-03-09T23:30:00+00:00"
    for url in ("recent/", "tags/", "tags/feedback/", "contributors/"):
        page = article(site, url)
        assert page.all(cls="md-source-file") == [] and page.all(cls="lc-header") == [], url


def test_no_email_address_is_published(wiki: Wiki) -> None:
    for path in wiki.site.site_dir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json") and path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "@example.org" not in text and "users.noreply.github.com" not in text, path
            assert "B. Ortiz" not in text and "dependabot" not in text and "Release Robot" not in text, path


def test_every_page_links_the_recent_feed_in_its_head(wiki: Wiki) -> None:
    # The <head> link goes to the root copy of the recent feed (Material fetches sitemap.xml beside it).
    assert wiki.site.read("feed.xml") == wiki.site.read("recent/feed.xml")
    pages = sorted(wiki.site.site_dir.rglob("*.html"))
    assert len(pages) >= 12
    for path in pages:
        head = parse_html(path.read_text(encoding="utf-8")).one("head")
        feeds = [link for link in head.all("link") if link.attrs.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, path
        url = path.parent.relative_to(wiki.site.site_dir).as_posix()
        assert resolve("" if url == "." else url + "/", feeds[0].attrs["href"]) == "feed.xml", path


# -- /recent/ ------------------------------------------------------------------------------------------


def test_recent_lists_meaningful_changes_in_the_window_by_week(wiki: Wiki) -> None:
    page = article(wiki.site, "recent/")
    weeks = [
        (h2.text(), [li.one("p", "lc-item__title").links()[0][0] for li in ul.all("li", "lc-item")])
        for h2, ul in zip(page.all("h2"), page.all("ul", "lc-list"), strict=True)
    ]
    assert weeks == [
        ("Week of 23 Mar 2026", ["Give feedback"]),
        ("Week of 16 Mar 2026", ["Feedback in practice"]),
        ("Week of 9 Mar 2026", [FORUM_TITLE]),
        ("Week of 2 Feb 2026", ["The retrospective that turned into a blame game"]),
    ]
    assert "last 90 days" in page.one("p", "lc-lead").text()


def test_recent_entry_shows_link_type_status_summary_tags_who_when_and_change_note(wiki: Wiki) -> None:
    items = {
        li.one("p", "lc-item__title").links()[0][0]: li
        for li in article(wiki.site, "recent/").all("li", "lc-item")
    }

    forum = items[FORUM_TITLE]
    assert forum.one("p", "lc-item__title").links()[0][1] == "../playbooks/cafe-forum/"
    assert forum.one(cls="lc-badge").text() == "Playbook"
    assert forum.one(cls="lc-status").text() == "Updated"
    assert (
        forum.one("p", "lc-item__summary").text()
        == "Coffee & conversation — how we run the café forum, step by step."
    )
    assert forum.one("p", "lc-item__meta").text() == "Bea Ortiz · 9 Mar 2026"
    assert forum.one("p", "lc-item__change").text() == "What changed: a <b>shorter</b> agenda & café breaks"
    assert forum.one("ul", "lc-tags").links() == [
        ("open-forum", "../tags/open-forum/"),
        ("café culture", "../tags/cafe-culture/"),
    ]
    # Created in the window and improved since: new, shown with its latest change.
    feedback = items["Give feedback"]
    assert feedback.one(cls="lc-status").text() == "New"
    assert feedback.one("p", "lc-item__meta").text() == "Ada Lovelace · 25 Mar 2026"
    assert feedback.all("p", "lc-item__change") == []  # no change note: no commit subject either
    lesson = items["The retrospective that turned into a blame game"]
    assert lesson.one(cls="lc-status").text() == "Updated"
    assert lesson.one("p", "lc-item__meta").text() == "Cai Lin · 3 Feb 2026"
    assert items["Feedback in practice"].one(cls="lc-badge").text() == "Workshop"


def test_change_notes_are_escaped_and_commit_subjects_never_shown(wiki: Wiki) -> None:
    for url in ("recent/", ""):
        html = wiki.site.read(url + "index.html")
        assert "<script>alert(1)</script>" not in html and "tidy the agenda" not in html, url
        assert "a &lt;b&gt;shorter&lt;/b&gt; agenda &amp; café breaks" in html, url
        assert "Host a café forum &amp; Q&amp;A for &lt; 20 people" in html, url


def test_home_page_shows_the_latest_entries_and_links_to_recent(wiki: Wiki) -> None:
    home = article(wiki.site, "").one("section", "lc-home-recent")
    titles = [li.one("p", "lc-item__title").links()[0] for li in home.all("li", "lc-item")]
    assert titles == [  # home_recent: 3
        ("Give feedback", "playbooks/feedback/"),
        ("Feedback in practice", "workshops/practice/"),
        (FORUM_TITLE, "playbooks/cafe-forum/"),
    ]
    assert "recent/" in hrefs(home)


def test_recent_feed_is_atom_with_absolute_links_and_stable_ids(wiki: Wiki) -> None:
    feed = parse_feed(wiki.site, "recent/feed.xml")
    assert feed.findtext(f"{ATOM}id") == SITE + "recent/feed.xml"
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")} == {
        "self": SITE + "recent/feed.xml",
        "alternate": SITE + "recent/",
    }
    assert feed.findtext(f"{ATOM}updated") == "2026-03-25T10:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Give feedback (new)",
        "Feedback in practice (new)",
        f"{FORUM_TITLE} updated",
        "The retrospective that turned into a blame game updated",
    ]
    links = [link.get("href") or "" for e in entries for link in e.findall(f"{ATOM}link")]
    assert links == [
        SITE + "playbooks/feedback/",
        SITE + "workshops/practice/",
        SITE + "playbooks/cafe-forum/",
        SITE + "lessons/blame-game/",
    ]
    shas = wiki.shas
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        SITE + "playbooks/feedback/#" + shas["feedback-2"][:12],
        SITE + "workshops/practice/#" + shas["workshop"][:12],
        SITE + "playbooks/cafe-forum/#" + shas["forum"][:12],
        SITE + "lessons/blame-game/#" + shas["lesson"][:12],
    ]
    forum = entries[2]
    assert forum.findtext(f"{ATOM}updated") == "2026-03-09T23:30:00Z"
    assert forum.findtext(f"{ATOM}author/{ATOM}name") == "Bea Ortiz"
    assert (
        forum.findtext(f"{ATOM}summary") == "Coffee & conversation — how we run the café forum, step by step."
    )
    assert (forum.findtext(f"{ATOM}content") or "").startswith(
        "Updated by Bea Ortiz.\n\nWhat changed: a <b>shorter</b> agenda & café breaks\n\n"
    )
    assert [c.get("term") for c in forum.findall(f"{ATOM}category")] == ["open-forum", "café culture"]
    assert "café notes" not in (entries[3].findtext(f"{ATOM}content") or "")  # a subject is not a note
    raw = (wiki.site.site_dir / "recent/feed.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>') and b"<script>" not in raw


# -- /tags/ ---------------------------------------------------------------------------------------------


def test_tag_index_lists_used_tags_by_name_with_descriptions_counts_and_most_used(wiki: Wiki) -> None:
    page = article(wiki.site, "tags/")
    rows = [[td.text() for td in tr.all("td")] for tr in page.one("tbody").all("tr")]
    assert rows == [
        ["café culture", "Informal conversations over coffee — and cake.", "2"],
        ["feedback", "Giving and receiving feedback that helps people grow.", "3"],
        ["open-forum", "Open sessions where anyone can raise a question.", "1"],
        ["retrospective", "Looking back together at what happened & what to change.", "4"],
        ["workshop", "Hands-on sessions where people practise together.", "1"],
    ]
    assert hrefs(page.one("tbody")) == [
        "cafe-culture/",
        "feedback/",
        "open-forum/",
        "retrospective/",
        "workshop/",
    ]
    most = page.one("ul", "lc-tags--large")
    assert [li.text() for li in most.all("li")] == [
        "retrospective 4",
        "feedback 3",
        "café culture 2",
        "open-forum 1",
        "workshop 1",
    ]
    assert not (wiki.site.site_dir / "tags/unused").exists()


def test_tag_page_lists_pages_newest_first_and_related_tags(wiki: Wiki) -> None:
    page = article(wiki.site, "tags/feedback/")
    assert page.one("p", "lc-lead").text() == "Giving and receiving feedback that helps people grow."
    items = page.one("ul", "lc-list").all("li", "lc-item")
    assert [li.one("p", "lc-item__title").links()[0] for li in items] == [
        ("Give feedback", "../../playbooks/feedback/"),
        ("Feedback in practice", "../../workshops/practice/"),
        ("The retrospective that turned into a blame game", "../../lessons/blame-game/"),
    ]
    assert [li.one(cls="lc-badge").text() for li in items] == ["Playbook", "Workshop", "Lesson"]
    assert (
        items[0].one("p", "lc-item__summary").text()
        == "A playbook written by the tests, long enough to be valid."
    )
    assert [li.one("p", "lc-item__meta").text().split(" · ")[0] for li in items] == [
        "Updated 25 Mar 2026",
        "Updated 20 Mar 2026",
        "Updated 3 Feb 2026",
    ]
    (related,) = [ul for ul in page.all("ul", "lc-tags") if ul.attrs.get("aria-label") == "Related tags"]
    assert related.links() == [
        ("retrospective 2", "../retrospective/"),
        ("café culture 1", "../cafe-culture/"),
        ("workshop 1", "../workshop/"),
    ]


def test_every_tag_has_a_slug_page_and_an_atom_feed(wiki: Wiki) -> None:
    tags_dir = wiki.site.site_dir / "tags"
    slugs = sorted(p.name for p in tags_dir.iterdir() if p.is_dir())
    assert slugs == ["cafe-culture", "feedback", "open-forum", "retrospective", "workshop"]
    assert all(SLUG_RE.match(slug) for slug in slugs)
    for slug in slugs:
        assert (tags_dir / slug / "index.html").is_file()
        feed = parse_feed(wiki.site, f"tags/{slug}/feed.xml")
        assert feed.findtext(f"{ATOM}id") == f"{SITE}tags/{slug}/feed.xml"
        for link in feed.iter(f"{ATOM}link"):
            assert (link.get("href") or "").startswith(SITE)
    feedback = parse_feed(wiki.site, "tags/feedback/feed.xml")
    assert feedback.findtext(f"{ATOM}title") == "Learning Commons: feedback"
    assert [e.findtext(f"{ATOM}id") for e in feedback.findall(f"{ATOM}entry")] == [
        SITE + "playbooks/feedback/",
        SITE + "workshops/practice/",
        SITE + "lessons/blame-game/",
    ]
    cafe = parse_feed(wiki.site, "tags/cafe-culture/feed.xml")
    assert cafe.findtext(f"{ATOM}subtitle") == "Informal conversations over coffee — and cake."
    assert [e.findtext(f"{ATOM}title") for e in cafe.findall(f"{ATOM}entry")] == [
        "Give feedback",
        FORUM_TITLE,
    ]


# -- /contributors/ ---------------------------------------------------------------------------------------


def test_contributors_are_merged_by_mailmap_without_bots_with_counts_and_pages(wiki: Wiki) -> None:
    people = article(wiki.site, "contributors/").all("section", "lc-person")
    assert [p.one("h2").text() for p in people] == ["Ada Lovelace", "Bea Ortiz", "Cai Lin"]
    ada, bea, cai = people
    assert ada.one("p", "lc-person__stats").text() == (
        "6 pages started · 1 page improved · 1 action item closed"
    )
    assert ada.all("ul", "lc-person__pages")[0].links() == [  # newest first, ties by title
        ("An imported playbook", "../playbooks/imported/"),
        ("Keep a quiet room", "../playbooks/quiet/"),
        ("About", "../about/"),
        (FORUM_TITLE, "../playbooks/cafe-forum/"),
        ("Learning Commons", "../"),
        ("The retrospective that turned into a blame game", "../lessons/blame-game/"),
    ]
    assert ada.all("p", "lc-item__meta")[0].text() == "Latest change 25 Mar 2026"
    assert bea.one("p", "lc-person__stats").text() == "1 page started · 1 page improved"
    assert bea.all("ul", "lc-person__pages")[0].links() == [("Give feedback", "../playbooks/feedback/")]
    assert bea.all("p", "lc-item__meta")[0].text() == "Latest change 9 Mar 2026"
    assert cai.one("p", "lc-person__stats").text() == "1 page started · 1 page improved"
    assert cai.all("p", "lc-item__meta")[0].text() == "Latest change 20 Mar 2026"


# -- time zone, SOURCE_DATE_EPOCH, uncommitted pages -------------------------------------------------------


@pytest.fixture(scope="module")
def tokyo(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Sunday 1 March 2026 23:30 UTC is Monday 2 March in Tokyo; 'now' is 10 March, the window 30 days."""
    root = tmp_path_factory.mktemp("tokyo") / "repo"
    repo = GitRepo(root)
    config = write_project(
        root,
        {"index.md": HOME, "playbooks/old.md": playbook("An old playbook", "feedback")},
        commons={"timezone": "Asia/Tokyo", "recent_days": 30},
    )
    repo.write(".gitignore", "site/\n")
    repo.commit("Start", date="2026-01-05T10:00:00Z")
    repo.write("docs/playbooks/late.md", playbook("A late playbook", "feedback"))
    repo.commit("Add a playbook late at night", date="2026-03-01T23:30:00Z")
    repo.write("docs/playbooks/draft.md", playbook("A draft playbook", "feedback"))  # never committed
    site = run_build(config, env=isolated(repo, SOURCE_DATE_EPOCH=str(epoch("2026-03-10T00:00:00Z"))))
    assert site.returncode == 0, site.log
    return site


def test_the_time_zone_setting_changes_displayed_dates(tokyo: BuildResult) -> None:
    assert dated(header_facts(tokyo, "playbooks/late/")) == ["Created 2 Mar 2026", "By Ada Lovelace"]
    time = latest_date(tokyo, "playbooks/late/")
    assert (time.text(), time.attrs["datetime"]) == ("2 Mar 2026", "2026-03-02T08:30:00+09:00")
    recent = article(tokyo, "recent/")
    assert [h2.text() for h2 in recent.all("h2")] == ["Week of 2 Mar 2026"]
    assert "2 Mar 2026" in recent.one("p", "lc-item__meta").text()


def test_source_date_epoch_fixes_now_for_the_recent_window(tokyo: BuildResult) -> None:
    # With the real clock, a 30-day window would hold nothing; from 10 March it holds the late playbook only.
    recent = article(tokyo, "recent/")
    assert [li.one("p", "lc-item__title").links()[0][0] for li in recent.all("li", "lc-item")] == [
        "A late playbook"
    ]
    assert "last 30 days" in recent.one("p", "lc-lead").text()
    feed = ET.fromstring((tokyo.site_dir / "recent/feed.xml").read_bytes())
    assert feed.findtext(f"{ATOM}updated") == "2026-03-01T23:30:00Z"


def test_an_uncommitted_page_says_so_and_the_build_logs_one_info_line(tokyo: BuildResult) -> None:
    assert dated(header_facts(tokyo, "playbooks/draft/")) == ["Not yet committed"]
    assert "md-source-file" not in tokyo.read("playbooks/draft/index.html")
    lines = [line for line in info_lines(tokyo.log) if "not committed" in line]
    assert len(lines) == 1, tokyo.log
    assert lines[0].startswith("INFO    -  1 page has changes that are not committed yet")
    assert "A draft playbook" not in tokyo.read("recent/index.html")


# -- shallow clones and missing repositories -----------------------------------------------------------


def test_a_shallow_clone_fails_in_ci_and_warns_locally(tmp_path: Path) -> None:
    origin = GitRepo(tmp_path / "origin")
    write_project(origin.root, {"index.md": HOME, "playbooks/a.md": playbook("Playbook A", "feedback")})
    origin.commit("Start", date="2026-01-05T10:00:00Z")
    origin.write("docs/playbooks/a.md", playbook("Playbook A", "feedback") + "\nMore.\n")
    origin.commit("More", date="2026-02-05T10:00:00Z")
    clone = GitRepo(tmp_path / "clone", home=origin.home, init=False)
    origin.git("clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone.root), cwd=tmp_path)
    assert clone.git("rev-parse", "--is-shallow-repository").strip() == "true"
    config = clone.root / "mkdocs.yml"

    ci = run_build(config, strict=False, env=isolated(clone, CI="true"))  # fails even without --strict
    assert ci.returncode != 0 and "Aborted with a BuildError!" in ci.log
    (error,) = [line for line in ci.warnings if "shallow" in line]
    assert error == (
        f"ERROR   -  {clone.root}: the repository is a shallow clone, so every page would show the date of"
        " the last commit — fetch the full history: with actions/checkout set `fetch-depth: 0`, elsewhere run"
        " `git fetch --unshallow`"
    )

    local = run_build(config, strict=False, env=isolated(clone))
    assert local.returncode == 0, local.log
    (warning,) = [line for line in local.warnings if "shallow" in line]
    assert warning.startswith("WARNING") and "`fetch-depth: 0`" in warning
    assert (local.site_dir / "playbooks/a/index.html").is_file()


def test_without_a_repository_the_build_fails_clearly_unless_history_is_off(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    home = tmp_path / "home"
    home.mkdir()
    env = build_env(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_CEILING_DIRECTORIES=str(tmp_path))
    config = write_project(root, {"index.md": HOME, "playbooks/a.md": playbook("Playbook A", "feedback")})

    failed = run_build(config, strict=False, env=env)
    assert failed.returncode != 0 and "Traceback" not in failed.log
    assert failed.warnings == [
        f"ERROR   -  {root / 'docs'} is not inside a git repository, so pages cannot show dates or"
        " contributors — clone the site with `git clone` instead of downloading an archive, or set"
        " `history: false` under `extra.commons` in mkdocs.yml"
    ]

    config = write_project(root, {}, commons={"history": False})
    built = run_build(config, env=env)
    assert built.returncode == 0, built.log
    assert [line for line in info_lines(built.log) if DISABLED_MESSAGE in line] != []
    page = built.read("playbooks/a/index.html")
    assert "md-source-file" not in page and "Created" not in page
    # Without history no page is "not yet committed": the wiki simply does not know, and says why.
    assert "Not yet committed" not in page
    assert "Not yet committed" not in built.read("tags/feedback/index.html")
    for url in ("recent/", "contributors/"):
        assert "history is switched off" in article(built, url).one("p", "lc-empty").text()


# -- git processes --------------------------------------------------------------------------------------


@pytest.fixture
def git_log_file(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A `git` wrapper that logs each invocation and runs the real git; yields (bin dir, log file)."""
    bin_dir = tmp_path / "bin"
    log = logging_git(bin_dir)
    yield bin_dir, log


def test_a_large_build_starts_at_most_six_git_processes(
    tmp_path: Path, git_log_file: tuple[Path, Path]
) -> None:
    pages, commits = 300, 600
    authors = [(f"Writer {n}", f"writer{n}@example.org") for n in range(7)]
    start = datetime(2026, 1, 20, tzinfo=UTC)  # 600 hours: until 14 Feb
    repo = GitRepo(tmp_path / "repo")

    def commit(n: int) -> FastCommit:
        number = n % pages
        text = playbook(f"Playbook number {number}", "feedback") + ("\nRevised.\n" if n >= pages else "")
        when = (start + timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return FastCommit(
            f"Commit {n}", {f"docs/playbooks/p{number:03d}.md": text}, date=when, author=authors[n % 7]
        )

    repo.fast_import(commit(n) for n in range(commits))
    config = write_project(repo.root, {"index.md": HOME})
    repo.write(".gitignore", "site/\n")
    repo.commit("Configure the site", date="2026-03-01T10:00:00Z")
    bin_dir, log = git_log_file

    env = isolated(repo, SOURCE_DATE_EPOCH=str(epoch(NOW)), PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    site = run_build(config, env=env)

    assert site.returncode == 0, site.log
    calls = log.read_text(encoding="utf-8").splitlines()
    assert 1 <= len(calls) <= 6, calls
    assert any(" log " in f" {call} " for call in calls)
    assert len(list((site.site_dir / "playbooks").iterdir())) == pages
    assert len(parse_feed(site, "recent/feed.xml").findall(f"{ATOM}entry")) == 50


# -- history of any shape ---------------------------------------------------------------------------------


def test_a_hostile_history_builds_with_dates_escaped_names_and_one_warning_per_bad_date(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo")
    config = write_project(repo.root, {"index.md": HOME})
    repo.write(".gitignore", "site/\n")
    repo.write("notes/old.md", playbook("An old playbook", "feedback"))
    repo.commit(
        "Write\x07 the notes \u202eeno", date="2025-03-01T10:00:00Z", author=("Bea\x1e \u202eOrtiz", BEA[1])
    )
    repo.mv("notes/old.md", "docs/playbooks/old.md")
    repo.commit("Move the notes into the wiki", date="2026-02-01T10:00:00Z", author=ROBOT)
    repo.write("docs/playbooks/future.md", playbook("A playbook from the future", "feedback"))
    future = repo.raw_commit(
        "From 2200", author=f"Cai Lin <cai@example.org> {epoch('2200-01-01T00:00:00Z')} +0000"
    )
    # Inside a git hook GIT_DIR is set, and git would take the current folder for the working tree.
    env = isolated(repo, SOURCE_DATE_EPOCH=str(epoch(NOW)), GIT_DIR=str(repo.path(".git")))

    strict = run_build(config, env=env)

    assert strict.returncode != 0
    assert [line for line in strict.warnings if "commit" in line] == [
        f"WARNING -  commit {future[:12]} ('From 2200') is dated 2200-01-01, after this build (2026-04-01): its"
        " pages take the date of the commit before it, 2026-02-01 — nothing to fix in the pages; to accept"
        f" this date, add the commit's full SHA ({future}) to .git-blame-ignore-revs"
    ]
    repo.write(".git-blame-ignore-revs", f"# Committed with a broken clock\n{future}\n")
    built = run_build(config, env=env)
    assert built.returncode == 0, built.log
    assert dated(header_facts(built, "playbooks/old/")) == [
        "Created 1 Mar 2025",
        "By Bea\\u001e \\u202eOrtiz",
    ]
    assert dated(header_facts(built, "playbooks/future/")) == ["Created 1 Feb 2026", "By Cai Lin"]
    people = article(built, "contributors/").text()
    assert "Bea\\u001e \\u202eOrtiz" in people and "Release Robot" not in people  # the mover is not credited
    unsafe = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
    for path in built.site_dir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            assert not unsafe.search(path.read_text(encoding="utf-8")), path


def test_an_adopted_knowledge_base_keeps_its_dates_and_authors_after_the_move(
    tmp_path: Path, git_log_file: tuple[Path, Path]
) -> None:
    """1,050 notes written in folders at the repository's root by five people over ten years, then moved
    into docs/ in one commit by someone else: the move changes no date and no credit."""
    people = [ADA, BEA, CAI, ("Dee Park", "dee@example.org"), ("Eli Moss", "eli@example.org")]
    notes = 1050

    def note(n: int) -> str:
        summary = f"What the team learned about topic {n}, written down before the wiki existed."
        return f"---\ntitle: Note {n}\nsummary: {summary}\n---\n\nThe note's text.\n"

    def written(batch: int) -> FastCommit:
        files: dict[str, str | None] = {
            f"topic-{n % 3}/note-{n:04}.md": note(n) for n in range(batch * 25, batch * 25 + 25)
        }
        when = f"{2015 + batch // 5}-{1 + batch % 5 * 2:02}-15T09:00:00Z"  # ten years, five batches a year
        return FastCommit(
            f"Notes {batch * 25} to {batch * 25 + 24}", files, date=when, author=people[batch % 5]
        )

    repo = GitRepo(tmp_path / "repo")
    repo.fast_import(written(batch) for batch in range(notes // 25))
    config = write_project(repo.root, {"index.md": HOME})
    repo.write(".gitignore", "site/\n")
    repo.commit("Start a wiki", date="2026-01-20T10:00:00Z", author=CAI)
    for topic in range(3):
        repo.mv(f"topic-{topic}", f"docs/topic-{topic}")
    repo.commit("Move the notes into the wiki", date="2026-02-01T10:00:00Z", author=ROBOT)
    bin_dir, log = git_log_file
    env = isolated(repo, SOURCE_DATE_EPOCH=str(epoch(NOW)), PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    site = run_build(config, env=env)

    assert site.returncode == 0, site.log
    for n in (0, 24, 25, 524, 1049):
        batch = n // 25
        created = datetime(2015 + batch // 5, 1 + batch % 5 * 2, 15, tzinfo=UTC)
        facts = dated(header_facts(site, f"topic-{n % 3}/note-{n:04}/"))
        assert facts == [f"Created {created.day} {created:%b %Y}", f"By {people[batch % 5][0]}"], n
    people_page = article(site, "contributors/").text()
    assert all(name in people_page for name, _ in people) and ROBOT[0] not in people_page
    assert len(log.read_text(encoding="utf-8").splitlines()) <= 6
