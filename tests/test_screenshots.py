"""Every page kind as readers and facilitators see it, and the structure that makes a page look finished.

The real wiki (tests/browser.py) is rendered page kind by page kind (scripts/screenshots.py's page_kinds:
home, playbook, lesson, the first workshop with each part and both printed packs, tags, one tag, recent,
contributors, action items, review, the learning pulse, 404) at 1280 x 800 and 390 x 844, in the light and
the dark scheme, into .artifacts/screenshots/<kind>-<size>-<scheme>.png (full page), plus each pack's
first printed sheet.
The pictures are for people to look at; the tests assert what can be said without looking.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser
from screenshots import FIRST_SHEET, PACKS, SCHEMES, VIEWPORTS, page_kinds

if TYPE_CHECKING:  # imported by pytest as a plugin below, so that its asserts are rewritten
    from browser import ServedSite, Tab

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

MAX_TABS = 7
GENERATED = ("tags", "tag", "recent", "contributors", "person", "actions", "review", "pulse")
# A header fact without its label, or with an empty one ('Monthly' alone, '120 minutes' alone).
UNLABELLED_FACTS = """() => [...document.querySelectorAll(".lc-header li.lc-fact")]
  .filter(li => !(li.firstElementChild && li.firstElementChild.matches(".lc-fact__label")
                  && li.firstElementChild.textContent.trim()))
  .map(li => li.textContent.trim())"""
# What a pack's first printed sheet starts with: the overview for participants, the run sheet alone for
# the facilitators (the overview starts the next sheet).
FIRST_ON_SHEET = {"participant-pack": ".lc-kit-overview", "facilitator-pack": ".lc-run-sheet"}
SCHEME_SHOWN = "() => document.body.getAttribute('data-md-color-scheme')"


@pytest.fixture
def sized_tab(request: pytest.FixtureRequest, chromium: Browser) -> Iterator[Tab]:
    from browser import open_tab

    viewport, scheme = request.param
    tab, context = open_tab(chromium, viewport=VIEWPORTS[viewport], color_scheme=scheme)
    yield tab
    context.close()


def visit(tab: Tab, site: ServedSite, kind: str, path: str) -> None:
    response = tab.page.goto(site.at(path), wait_until="load")
    assert response is not None, f"{kind}: no response"
    expected = 404 if kind == "404" else 200
    assert response.status == expected, f"{kind} ({path}): HTTP {response.status}"
    tab.page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(
    "sized_tab",
    [(viewport, scheme) for viewport in VIEWPORTS for scheme in SCHEMES],
    ids=[f"{viewport}-{scheme}" for viewport in VIEWPORTS for scheme in SCHEMES],
    indirect=True,
)
def test_every_page_kind_renders_in_each_size_and_scheme(real_site: ServedSite, sized_tab: Tab) -> None:
    from browser import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = "desktop" if sized_tab.page.viewport_size == VIEWPORTS["desktop"] else "phone"
    scheme = sized_tab.page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    scheme_name, material_scheme = ("dark", "slate") if scheme else ("light", "default")
    for kind, path in page_kinds(real_site.site_dir).items():
        visit(sized_tab, real_site, kind, path)
        assert sized_tab.page.evaluate(SCHEME_SHOWN) == material_scheme, (
            f"{kind}: not in the {scheme_name} scheme"
        )
        target = SCREENSHOTS / f"{kind}-{size}-{scheme_name}.png"
        sized_tab.page.screenshot(path=str(target), full_page=True, animations="disabled", caret="hide")
    problems = [problem for problem in sized_tab.problems() if "there-is-no-such-page" not in problem]
    assert not problems, problems


def test_every_page_kind_is_finished(real_site: ServedSite, tab: Tab) -> None:
    """At most seven tabs everywhere, one active tab and a place in the sidebar on generated pages, and
    no header fact without its label."""
    kinds = page_kinds(real_site.site_dir)
    assert set(GENERATED) <= set(kinds), "a generated page kind is missing from the screenshots"
    for kind, path in kinds.items():
        visit(tab, real_site, kind, path)
        page = tab.page
        tabs = page.locator(".md-tabs__item")
        assert 0 < tabs.count() <= MAX_TABS, f"{kind}: {tabs.count()} tabs"
        assert page.evaluate(UNLABELLED_FACTS) == [], f"{kind}: header facts without a label"
        if kind in GENERATED:
            assert page.locator(".md-tabs__item--active").count() == 1, f"{kind}: no active tab"
            sidebar = page.locator(".md-sidebar--primary .md-nav__item--active")
            assert sidebar.count() >= 1 and page.locator(".md-sidebar--primary").is_visible(), (
                f"{kind}: no sidebar"
            )


def test_every_lesson_has_one_action_items_section(real_site: ServedSite) -> None:
    lessons = real_site.pages_of_kind("lesson")
    assert lessons, "the wiki has no lesson"
    for lesson in lessons:
        html = (real_site.site_dir / lesson / "index.html").read_text(encoding="utf-8")
        sections = html.count('id="action-items"')
        assert sections == 1, f"{lesson}: {sections} action items sections"


def test_each_pack_prints_a_first_sheet(real_site: ServedSite, chromium: Browser) -> None:
    """The first A4 sheet of each printed pack, as scripts/screenshots.py draws it for the README."""
    from browser import SCREENSHOTS, open_tab
    from screenshots import A4_SHEET

    tab, context = open_tab(chromium, viewport=A4_SHEET)
    try:
        kinds = page_kinds(real_site.site_dir)
        for pack in PACKS:
            tab.page.emulate_media(media="print")
            visit(tab, real_site, pack, kinds[pack])
            tab.page.evaluate(FIRST_SHEET)
            first = FIRST_ON_SHEET[pack]
            assert tab.page.locator(first).is_visible(), f"{pack}: {first} is not on its first sheet"
            tab.page.screenshot(path=str(SCREENSHOTS / f"{pack}-print.png"), animations="disabled")
    finally:
        context.close()
