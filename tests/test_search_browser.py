"""Search as a reader uses it, in headless Chromium over the real wiki: words, filters, tag aliases, the
keyboard, highlighted words on the page found, and accessibility in both colour schemes."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Locator, expect
from sitebuild import ROOT
from test_a11y import serious_violations, use_scheme, violation_report
from test_search import fragments

if TYPE_CHECKING:
    from browser import HistorySite, ServedSite, Tab

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

WORD_RE = re.compile(r"[a-z]{7,}")
RESULT_LINKS = ".lc-search__result a.lc-search__link"


def open_search(tab: Tab) -> Locator:
    """Open the search dialog with its header button, like a reader; the query box."""
    tab.page.locator("[data-lc-search-open]").click()
    box = tab.page.locator("#lc-search-input")
    expect(box).to_be_focused()
    return box


def search(tab: Tab, query: str) -> Locator:
    """Type ``query`` into the search box and return the result links once they appear."""
    box = tab.page.locator("#lc-search-input")
    if not box.is_visible():
        box = open_search(tab)
    box.fill("")
    box.press_sequentially(query, delay=20)
    expect(tab.page.locator("#lc-search-status")).to_contain_text(f"for “{query}”")
    return tab.page.locator(RESULT_LINKS)


def result_paths(results: Locator, site: ServedSite) -> list[str]:
    return [site.path_of(url) for url in results.evaluate_all("links => links.map(a => a.href)")]


def distinctive_body_word(site: ServedSite, path: str) -> str:
    """A word of ``path``'s indexed text (not its title) that as few other pages as possible contain."""
    records = {record["url"]: record for record in fragments(site.site_dir)}
    words = {url: set(WORD_RE.findall(str(record["content"]).lower())) for url, record in records.items()}
    spread = Counter(word for found in words.values() for word in found)
    record = records["/" + path]
    title = str(record["meta"]["title"]).lower()  # type: ignore[index]
    candidates = sorted((spread[word], word) for word in words["/" + path] if word not in title)
    assert candidates, f"{path} has no body text in the search index"
    return candidates[0][1]


def tagged(site: ServedSite, tag: str) -> set[str]:
    """The pages the index has with ``tag``, from each page's front matter."""
    return {
        str(record["url"]).lstrip("/")
        for record in fragments(site.site_dir)
        if tag in record["filters"].get("tag", [])  # type: ignore[union-attr]
    }


def assert_clean(tab: Tab) -> None:
    if tab.problems():
        pytest.fail(f"{tab.page.url}:\n  " + "\n  ".join(dict.fromkeys(tab.problems())), pytrace=False)


def test_a_word_from_a_playbook_finds_it(real_site: ServedSite, tab: Tab) -> None:
    playbook = real_site.pages_of_kind("playbook")[0]
    word = distinctive_body_word(real_site, playbook)
    tab.goto(real_site.at())
    results = search(tab, word)
    assert playbook in result_paths(results, real_site), f"searching {word!r} did not find {playbook}"
    first = tab.page.locator(".lc-search__result").first
    expect(first.locator(".lc-search__type")).to_have_text(re.compile(r"\w+"))
    expect(first.locator(".lc-search__summary")).not_to_be_empty()
    expect(first.locator(".lc-search__excerpt mark").first).to_be_visible()
    assert_clean(tab)


def test_a_tag_alias_finds_the_pages_with_that_tag(real_site: ServedSite, tab: Tab) -> None:
    expected = tagged(real_site, "incident-review")
    assert expected, "the wiki has no page tagged incident-review to find"
    tab.goto(real_site.at())
    results = search(tab, "postmortem")  # an alias of incident-review in docs/tags.yml, on no page
    found = result_paths(results, real_site)
    assert expected <= set(found), f"searching an alias of incident-review missed {expected - set(found)}"
    excerpt = tab.page.locator(".lc-search__excerpt").first
    expect(excerpt).to_contain_text("also called postmortem")  # the reader sees why the page was found
    assert_clean(tab)


def test_the_type_and_tag_filters_narrow_the_results(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at())
    search(tab, "retrospective")
    status = tab.page.locator("#lc-search-status")
    everything = int(status.text_content().split()[0])  # type: ignore[union-attr]

    def choose(name: str, value: str) -> None:
        before = status.text_content()
        tab.page.locator(f'select[data-lc-search-filter="{name}"]').select_option(value)
        expect(status).not_to_have_text(before or "")

    choose("type", "Lesson")
    lessons = int(status.text_content().split()[0])  # type: ignore[union-attr]
    types = tab.page.locator(".lc-search__type").all_text_contents()
    assert types and set(types) == {"Lesson"}, types
    assert 0 < lessons < everything
    choose("type", "")
    choose("tag", "blameless")
    found = set(result_paths(tab.page.locator(RESULT_LINKS), real_site))
    assert found and found <= tagged(real_site, "blameless"), found
    assert_clean(tab)


def test_search_by_keyboard_alone(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at("playbooks/"))
    tab.page.keyboard.press("/")
    box = tab.page.locator("#lc-search-input")
    expect(box).to_be_focused()
    box.press_sequentially("blameless", delay=20)
    first = tab.page.locator(RESULT_LINKS).first
    expect(first).to_be_visible()
    tab.page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    target = real_site.path_of(first.evaluate("a => a.href"))
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(re.escape(target) + r"\?highlight=blameless"))
    expect(tab.page.locator("mark.pagefind-highlight").first).to_be_visible()
    tab.page.keyboard.press("Control+k")
    expect(tab.page.locator("#lc-search-input")).to_be_focused()
    tab.page.keyboard.press("Escape")
    expect(tab.page.locator("dialog.lc-search")).not_to_be_visible()
    assert_clean(tab)


def test_search_works_on_a_phone(real_site: ServedSite, mobile_tab: Tab) -> None:
    mobile_tab.goto(real_site.at())
    results = search(mobile_tab, "retrospective")
    expect(results.first).to_be_in_viewport()
    assert_clean(mobile_tab)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_search_has_no_serious_axe_violations(real_site: ServedSite, tab: Tab, scheme: str) -> None:
    tab.goto(real_site.at("playbooks/"))
    use_scheme(tab.page, scheme)
    search(tab, "feedback")
    tab.page.locator('select[data-lc-search-filter="type"]').select_option("Playbook")
    expect(tab.page.locator(".lc-search__type").first).to_have_text("Playbook")
    violations = serious_violations(tab.page)
    if violations:
        pytest.fail(violation_report(tab.page.url, scheme, violations), pytrace=False)


def test_titles_with_ampersands_and_angle_brackets_show_as_written(
    history_site: HistorySite, tab: Tab
) -> None:
    forum = history_site.entries[0]
    tab.goto(history_site.at())
    results = search(tab, "zabaglione")
    match = results.filter(has=tab.page.locator(f'xpath=self::*[contains(@href, "{forum.url}")]'))
    title = match.first.locator(".lc-search__title")
    expect(title).to_have_text(forum.title)
    assert title.evaluate("t => t.children.length") == 0, "the title was read as HTML"
    assert_clean(tab)


def test_a_results_sections_lead_to_their_headings(real_site: ServedSite, tab: Tab) -> None:
    """Pagefind's sub-results (the sections of a page that match) link to anchors that are on the page."""
    playbook = real_site.pages_of_kind("playbook")[0]
    word = distinctive_body_word(real_site, playbook)
    tab.goto(real_site.at())
    sections = tab.page.evaluate(
        """async ([bundle, word, path]) => {
            const pagefind = await import(bundle);
            const found = await pagefind.search(word);
            const pages = await Promise.all(found.results.map((result) => result.data()));
            const page = pages.find((data) => data.url.endsWith("/" + path));
            return page ? page.sub_results.map((section) => section.url) : null;
        }""",
        [real_site.at("pagefind/pagefind.js"), word, playbook],
    )
    assert sections, f"searching {word!r} did not find {playbook} with its sections"
    anchored = [url for url in sections if "#" in url]
    assert anchored, f"no section of {playbook} has an anchor: {sections}"
    for url in anchored:
        tab.goto(urljoin(real_site.url, url))
        anchor = url.split("#", 1)[1]
        expect(tab.page.locator(f'[id="{anchor}"]')).to_have_count(1)
    assert_clean(tab)


PLAIN_WORDS_RE = re.compile(r"[A-Za-z ]*")
FACILITATOR_NOTE_RE = re.compile(r"^!!! facilitator[^\n]*\n((?:    [^\n]*\n)+)", re.MULTILINE)


def test_facilitator_notes_are_found_by_search(real_site: ServedSite) -> None:
    """The policy (docs/contributing/index.md, Search): facilitator notes are indexed with their guide."""
    records = {str(record["url"]): str(record["content"]) for record in fragments(real_site.site_dir)}
    notes = 0
    for guide in sorted((ROOT / "docs" / "workshops").glob("*/facilitator-guide.md")):
        url = "/" + guide.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"
        for note in FACILITATOR_NOTE_RE.findall(guide.read_text(encoding="utf-8")):
            # Its opening words up to the first punctuation, which the Markdown may turn typographic.
            opening = PLAIN_WORDS_RE.match(" ".join(note.split())).group(0).rsplit(" ", 1)[0]  # type: ignore[union-attr]
            if len(opening.split()) >= 3:
                assert opening in records[url], f"{url}: the facilitator note {opening!r}… is not indexed"
                notes += 1
    assert notes, "the wiki has no facilitator note to look for"
