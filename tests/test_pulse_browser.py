"""The learning pulse as a reader sees it (issue 20), in headless Chromium: a throwaway wiki with known
commits and front matter over the default twelve months, built with the real configuration, hooks and
overrides, and served under /learning-commons/.

Each chart draws in both colour schemes with a size, is an image named by its title, opens its numbers, and
passes axe-core; on a phone nothing in a drawing overlaps and the page does not scroll sideways; printed,
the numbers show and the series turn grey. Every tab fails on a Content-Security-Policy violation
(tests/browser.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from gitrepo import GitRepo, epoch
from playwright.sync_api import expect
from serve_site import serving
from sitebuild import run_build, write_project
from test_a11y import serious_violations, use_scheme, violation_report
from test_build_history import ADA, BEA, HOME, isolated
from test_build_pulse import ACTIONS, CY, NOW, PLAYBOOK, TAGS, lesson
from test_charts import contrast

if TYPE_CHECKING:  # imported by pytest as a plugin below, so that its asserts are rewritten
    from browser import ServedSite, Tab

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

PULSE = "pulse/"
CHARTS = ("writing", "actions", "follow-through", "reviews", "people", "tags")
# Every drawn text of one chart that a reader sees, with its box on the page (hidden ones have none).
SHOWN_TEXTS = """svg => [...svg.querySelectorAll("text")]
  .filter(text => getComputedStyle(text).display !== "none")
  .map(text => { const box = text.getBoundingClientRect();
                 return {text: text.textContent, left: box.left, right: box.right,
                         top: box.top, bottom: box.bottom}; })"""


# The colour each series is drawn in: a bar's fill, a line's stroke.
SERIES_COLOURS = """svg => [...svg.querySelectorAll(".lc-chart__series")].map(group => {
  const line = group.querySelector(".lc-chart__line");
  return line ? getComputedStyle(line).stroke : getComputedStyle(group.querySelector("rect")).fill; })"""


def hex_colour(computed: str) -> str:
    """A computed 'rgb(r, g, b)' colour as '#rrggbb'."""
    channels = computed[computed.index("(") + 1 : computed.index(")")].split(",")[:3]
    return "#" + "".join(f"{int(channel):02x}" for channel in channels)


# The lessons of the wiki: (committed and happened on, author, tag). The first March lesson carries the
# action items of tests/test_build_pulse.py: two done, one dropped, one open and overdue.
LESSONS = (
    ("2025-06-05", ADA, "feedback"),
    ("2025-09-12", BEA, "retrospective"),
    ("2025-09-20", CY, "feedback"),
    ("2026-01-15", ADA, "retrospective"),
    ("2026-03-02", BEA, "feedback"),
    ("2026-03-09", CY, "retrospective"),
)
LESSONS_BY_MONTH = {"Jun 2025": "1", "Jul 2025": "0", "Sep 2025": "2", "Jan 2026": "1", "Mar 2026": "2"}


@pytest.fixture(scope="module")
def pulse_wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """Six lessons over the twelve months up to April 2026 and a playbook whose review is overdue."""
    from browser import BASE_PATH, ServedSite

    base = tmp_path_factory.mktemp("pulse-browser")
    repo = GitRepo(base / "repo", home=base / "home")
    config = write_project(repo.root, {"index.md": HOME, "playbooks/retro.md": PLAYBOOK}, tags=TAGS)
    repo.write(".gitignore", "site/\n")
    repo.commit("Start the wiki with a playbook", date="2025-05-02T10:00:00Z", author=ADA)
    for number, (day, author, tag) in enumerate(LESSONS):
        actions = ACTIONS if day == "2026-03-02" else "actions: []\n"
        repo.write(
            f"docs/lessons/lesson-{number}.md", lesson(f"What lesson {number} taught", day, actions, tag)
        )
        repo.commit(f"Write down lesson {number}", date=f"{day}T10:00:00Z", author=author)
    built = run_build(config, env=isolated(repo, SOURCE_DATE_EPOCH=str(epoch(NOW))), site_dir=base / "site")
    if built.returncode != 0:
        pytest.fail(f"the pulse wiki does not build strictly:\n{built.log}", pytrace=False)
    with serving(built.site_dir, BASE_PATH) as server:
        yield ServedSite(built.site_dir, server.base_url)


def open_pulse(tab: Tab, site: ServedSite, scheme: str = "light") -> None:
    tab.goto(site.at(PULSE))
    expect(tab.page.locator("article h1")).to_have_text("Learning pulse")
    use_scheme(tab.page, scheme)


def figure(tab: Tab, key: str) -> Any:
    return tab.page.locator(f"figure#lc-chart-{key}")


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes intersect (a pixel of anti-aliasing forgiven)."""
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"] - 1
        and b["left"] < a["right"] - 1
        and a["top"] < b["bottom"] - 1
        and b["top"] < a["bottom"] - 1
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_chart_draws_as_an_image_named_by_its_title_and_passes_axe(
    scheme: str, pulse_wiki: ServedSite, tab: Tab
) -> None:
    open_pulse(tab, pulse_wiki, scheme)
    background = tab.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    for key in CHARTS:
        chart = figure(tab, key)
        drawing = chart.locator("svg.lc-chart__svg")
        box = drawing.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, f"{key}: drawn at {box}"
        title = chart.locator("figcaption").inner_text()
        expect(chart.get_by_role("img", name=title, exact=True)).to_have_count(1)
        expect(drawing).to_have_accessible_description(
            drawing.locator("desc").text_content() or "no description"
        )
        for colour in drawing.evaluate(SERIES_COLOURS):
            ratio = contrast(hex_colour(colour), hex_colour(background))
            assert ratio >= 3, f"{key}: {colour} on {background} in the {scheme} scheme"
    for summary in tab.page.get_by_text("Show the numbers", exact=True).all():
        summary.click()
    violations = serious_violations(tab.page)
    if violations:
        pytest.fail(violation_report(tab.page.url, scheme, violations), pytrace=False)


def test_show_the_numbers_opens_a_table_with_the_charts_numbers(pulse_wiki: ServedSite, tab: Tab) -> None:
    open_pulse(tab, pulse_wiki)
    writing = figure(tab, "writing")
    table = writing.locator("details table")
    expect(table).to_be_hidden()
    writing.get_by_text("Show the numbers", exact=True).click()
    expect(table).to_be_visible()
    for month, lessons in LESSONS_BY_MONTH.items():
        cells = table.get_by_role("row", name=month).get_by_role("cell")
        expect(cells).to_have_text([lessons, "0", "0"])  # new lessons, new playbooks, updated
    reviews = figure(tab, "reviews")
    reviews.get_by_text("Show the numbers", exact=True).click()
    expect(reviews.get_by_role("row", name="Playbooks").get_by_role("cell")).to_have_text(["0", "0", "1"])


def test_the_home_pages_headline_figure_leads_to_the_pulse(pulse_wiki: ServedSite, tab: Tab) -> None:
    tab.goto(pulse_wiki.at(""))
    headline = tab.page.locator(".lc-pulse-headline a")
    expect(headline).to_have_text("6 lessons written in the last 12 months · 67 % of action items done")
    headline.click()
    tab.page.wait_for_url(pulse_wiki.at(PULSE))
    expect(tab.page.locator("article h1")).to_have_text("Learning pulse")


def test_on_a_phone_the_charts_fit_and_no_drawn_text_overlaps(
    pulse_wiki: ServedSite, mobile_tab: Tab
) -> None:
    mobile_tab.goto(pulse_wiki.at(PULSE))
    page = mobile_tab.page
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    for key in CHARTS:
        drawing = mobile_tab.page.locator(f"figure#lc-chart-{key} svg.lc-chart__svg")
        box = drawing.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{key}: wider than the phone"
        texts = drawing.evaluate(SHOWN_TEXTS)
        assert texts and not overlaps(texts), f"{key}: texts overlap: {overlaps(texts)}"
        smallest = min(text["bottom"] - text["top"] for text in texts)
        assert smallest >= 11, f"{key}: text {smallest:.1f} px high on a phone"


def test_on_a_desktop_no_drawn_text_overlaps(pulse_wiki: ServedSite, tab: Tab) -> None:
    tab.goto(pulse_wiki.at(PULSE))
    for key in CHARTS:
        texts = figure(tab, key).locator("svg.lc-chart__svg").evaluate(SHOWN_TEXTS)
        assert texts and not overlaps(texts), f"{key}: texts overlap: {overlaps(texts)}"


def test_printed_the_numbers_show_and_the_series_are_grey(pulse_wiki: ServedSite, tab: Tab) -> None:
    tab.goto(pulse_wiki.at(PULSE))
    tab.page.emulate_media(media="print")
    writing = figure(tab, "writing")
    expect(writing.locator("details")).to_be_hidden()
    printed = writing.locator(".lc-chart__print table")
    expect(printed).to_be_visible()
    expect(printed.get_by_role("row", name="Sep 2025").get_by_role("cell")).to_have_text(["2", "0", "0"])
    fills = writing.locator(".lc-chart__series").evaluate_all(
        "groups => groups.map(g => getComputedStyle(g.querySelector('rect') || g).fill)"
    )
    for fill in fills:
        red, green, blue = (int(part) for part in fill.removeprefix("rgb(").rstrip(")").split(","))
        assert red == green == blue, f"printed in colour: {fill}"
