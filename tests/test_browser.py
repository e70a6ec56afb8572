"""What a reader sees: the built wiki in headless Chromium, served under /learning-commons/ like GitHub Pages.

The real wiki is built once per session (tests/browser.py). Pages whose content depends on git history
("recently learned", "contributors") are checked for their structure on the real wiki, which may have
uncommitted pages, and for their entries on a throwaway repository with fixed commit dates.
Screenshots of every page kind land in .artifacts/screenshots/ (uploaded by the pull request workflow).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, expect

if TYPE_CHECKING:  # imported by pytest as a plugin below, so that its asserts are rewritten
    from browser import HistorySite, ServedSite, Tab

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser


def assert_clean(tab: Tab) -> None:
    """No console error, uncaught exception, failed request, HTTP error or request leaving the site."""
    if tab.problems():
        pytest.fail(f"{tab.page.url}:\n  " + "\n  ".join(dict.fromkeys(tab.problems())), pytrace=False)


def first(section: str, site: ServedSite) -> str:
    pages = site.pages(section)
    assert pages, f"the wiki has no pages under {section}"
    return pages[0]


def first_of_kind(kind: str, site: ServedSite) -> str:
    pages = site.pages_of_kind(kind)
    assert pages, f"the wiki has no {kind} page"
    return pages[0]


def page_kinds(site: ServedSite) -> dict[str, str]:
    """One page of every kind a reader meets, by the name its screenshot gets."""
    return {
        "home": "",
        "playbook": first_of_kind("playbook", site),
        "lesson": first_of_kind("lesson", site),
        "workshop": first_of_kind("workshop", site),
        "tag-index": "tags/",
        "tag": first("tags/", site),
        "recently-learned": "recent/",
        "contributors": "contributors/",
    }


def href_paths(links: Locator, site: ServedSite) -> list[str]:
    """Where each link leads, as a path below the site root (the browser resolves relative hrefs)."""
    return [site.path_of(url) for url in links.evaluate_all("links => links.map(a => a.href)")]


# -- every page kind renders cleanly ----------------------------------------------------------------

KINDS = ["home", "playbook", "lesson", "workshop", "tag-index", "tag", "recently-learned", "contributors"]


@pytest.mark.parametrize("kind", KINDS)
def test_page_renders_without_errors(kind: str, real_site: ServedSite, tab: Tab) -> None:
    """No console error, no failed or external request, a visible title; a full-page screenshot."""
    path = page_kinds(real_site)[kind]
    tab.goto(real_site.at(path))
    expect(tab.page.locator("article h1").first).to_be_visible()
    tab.page.wait_for_load_state("networkidle")
    tab.screenshot(kind)
    assert_clean(tab)


def test_home_page_shows_the_sections_and_recent_learning(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at())
    expect(tab.page.locator("h1")).to_have_text("Learning Commons")
    sections = tab.page.locator("nav.lc-entries a.lc-entry")
    expect(sections).to_have_count(3)
    assert href_paths(sections, real_site) == ["playbooks/", "lessons/", "workshops/"]
    expect(tab.page.locator("#recently-learned")).to_be_visible()
    expect(tab.page.locator("#popular-tags")).to_be_visible()
    assert_clean(tab)


def test_page_title_with_special_characters_shows_as_written(history_site: HistorySite, tab: Tab) -> None:
    forum = history_site.entries[0]
    tab.goto(history_site.at(forum.url))
    expect(tab.page.locator("article h1")).to_have_text(forum.title)
    assert tab.page.title().startswith(forum.title)
    assert_clean(tab)


# -- tags -------------------------------------------------------------------------------------------


def test_a_tag_chip_on_a_playbook_leads_to_its_tag_page_which_links_back(
    real_site: ServedSite, tab: Tab
) -> None:
    playbook = first_of_kind("playbook", real_site)
    tab.goto(real_site.at(playbook))
    chip = tab.page.locator("article .lc-header a.lc-tag").first
    tag = chip.inner_text().strip()
    chip.click()
    # Wait for the navigation itself: a load-state wait right after the click can return before it starts.
    expect(tab.page).to_have_url(re.compile(r"/tags/[a-z0-9-]+/$"))
    assert real_site.path_of(tab.page.url).startswith("tags/"), tab.page.url
    expect(tab.page.locator("article h1")).to_contain_text(tag)
    listed = tab.page.locator("article .lc-list .lc-item__title a")
    assert playbook in href_paths(listed, real_site), f"the tag page of {tag!r} does not list {playbook}"
    assert_clean(tab)


def test_the_tag_index_links_every_tag_page(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at("tags/"))
    linked = set(href_paths(tab.page.locator("article table a"), real_site))
    assert linked == set(real_site.pages("tags/"))


# -- history pages: structure on the real wiki, entries on a repository with fixed dates -------------


def test_recently_learned_has_its_structure(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at("recent/"))
    expect(tab.page.locator("article h1")).to_have_text("Recently learned")
    expect(tab.page.locator("article .lc-lead")).to_be_visible()
    items = tab.page.locator("article .lc-list > li.lc-item")
    if tab.page.locator("article .lc-empty").count():  # nothing in the window: the latest entries, if any
        expect(tab.page.locator("article .lc-empty")).to_be_visible()
        expect(tab.page.locator("article h2[id^=week-]")).to_have_count(0)
    else:
        expect(tab.page.locator("article h2[id^=week-]").first).to_be_visible()
    for item in items.all():
        expect(item.locator(".lc-item__title a").first).to_be_visible()
        expect(item.locator("time[datetime]")).to_have_count(1)
    assert_clean(tab)


def test_contributors_has_its_structure(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at("contributors/"))
    expect(tab.page.locator("article h1")).to_have_text("Contributors")
    people = tab.page.locator("article .lc-people > section.lc-person")
    if people.count() == 0:
        expect(tab.page.locator("article .lc-empty")).to_be_visible()
    else:
        for person in people.all():
            expect(person.locator("h2")).not_to_be_empty()
            expect(person.locator(".lc-person__stats")).to_be_visible()
    assert_clean(tab)


def test_recently_learned_lists_committed_pages_newest_first(history_site: HistorySite, tab: Tab) -> None:
    tab.goto(history_site.at("recent/"))
    items = tab.page.locator("article .lc-list > li.lc-item")
    newest_first = sorted(history_site.entries, key=lambda entry: entry.date, reverse=True)
    expect(items).to_have_count(len(newest_first))
    for item, entry in zip(items.all(), newest_first, strict=True):
        expect(item.locator(".lc-item__title a").first).to_have_text(entry.title)
        assert href_paths(item.locator(".lc-item__title a").first, history_site) == [entry.url]
        expect(item.locator(".lc-item__meta")).to_contain_text(entry.author)
        expect(item.locator("time")).to_have_attribute("datetime", entry.date)
    tab.screenshot("recently-learned-with-entries")
    assert_clean(tab)


def test_contributors_lists_everyone_who_committed(history_site: HistorySite, tab: Tab) -> None:
    tab.goto(history_site.at("contributors/"))
    names = tab.page.locator("article .lc-people > section.lc-person h2").all_inner_texts()
    assert sorted(names) == sorted({entry.author for entry in history_site.entries})
    for entry in history_site.entries:
        person = tab.page.locator("article section.lc-person").filter(has_text=entry.author)
        assert entry.url in href_paths(person.locator("a"), history_site)
    tab.screenshot("contributors-with-entries")
    assert_clean(tab)


# -- theme behaviour --------------------------------------------------------------------------------


def test_the_palette_toggle_switches_between_light_and_dark(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at())
    body = tab.page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    tab.page.locator('form[data-md-component="palette"] label:visible').click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    tab.page.locator('form[data-md-component="palette"] label:visible').click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert_clean(tab)


def test_a_phone_can_open_the_navigation_drawer(real_site: ServedSite, mobile_tab: Tab) -> None:
    tab = mobile_tab
    tab.goto(real_site.at(first_of_kind("playbook", real_site)))
    drawer = tab.page.locator(".md-sidebar--primary")
    expect(drawer).not_to_be_in_viewport()
    tab.page.locator('label.md-header__button[for="__drawer"]').click()
    expect(tab.page.locator("#__drawer")).to_be_checked()
    expect(drawer).to_be_in_viewport()
    link = drawer.locator("a.md-nav__link").first
    expect(link).to_be_visible()
    tab.screenshot("mobile-navigation")
    assert_clean(tab)


def test_a_missing_page_shows_the_styled_404_page(real_site: ServedSite, tab: Tab) -> None:
    """GitHub Pages serves 404.html for any missing URL; its assets must load from below the site path."""
    missing = real_site.at("no-such-page/")
    response = tab.page.goto(missing)
    assert response is not None and response.status == 404
    expect(tab.page.locator("article h1")).to_have_text("There is no page here")
    asked_for = urlsplit(missing).path
    expect(tab.page.locator("article .lc-404-path")).to_have_text(asked_for)
    tab.page.locator("article .lc-404-search").click()  # opens the header's search dialog
    expect(tab.page.locator("dialog[data-lc-search]")).to_have_attribute("open", "")
    expect(tab.page.locator("header.md-header")).to_be_visible()
    tab.failed_requests.remove(f"HTTP 404: {missing}")
    tab.console_errors[:] = [error for error in tab.console_errors if missing not in error]
    assert_clean(tab)
