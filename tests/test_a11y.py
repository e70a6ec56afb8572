"""Accessibility: axe-core over one page of every kind, in both colour schemes, and a keyboard walk.

The pages come from the real wiki built once per session (tests/browser.py). axe-core runs inside the page
(axe-playwright-python ships it), after Material's JavaScript and ours have run, so it sees what a reader
sees. Serious and critical violations fail the test with a readable list; moderate and minor ones (some come
from Material's own templates) are not asserted.

The keyboard walk presses Tab from the top of the page until focus leaves it, and checks that every visible
link, button and input was reached and that each showed a focus indicator: an outline or a box-shadow
(or a background) that the element does not have when it is not focused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

if TYPE_CHECKING:  # imported by pytest as a plugin below, so that its asserts are rewritten
    from browser import ServedSite, Tab

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

FAILING_IMPACTS = ("serious", "critical")
AXE = Axe()
# Material's palette toggle; the schemes are those of mkdocs.yml (theme.palette).
PALETTE_TOGGLE = 'form[data-md-component="palette"] label:visible'
SCHEMES = {"light": "default", "dark": "slate"}


def one_of_kind(site: ServedSite, kind: str) -> str:
    pages = site.pages_of_kind(kind)
    assert pages, f"the wiki has no {kind} page"
    return pages[0]


def first_pack(site: ServedSite, edition: str) -> str:
    packs = sorted(site.site_dir.glob(f"workshops/*/{edition}/index.html"))
    assert packs, f"the wiki has no printed workshop pack (workshops/<w>/{edition}/)"
    return packs[0].parent.relative_to(site.site_dir).as_posix() + "/"


def first_tag(site: ServedSite) -> str:
    tags = site.pages("tags/")
    assert tags, "the wiki has no tag pages"
    return tags[0]


PAGE_KINDS = {
    "home": lambda site: "",
    "playbook": lambda site: one_of_kind(site, "playbook"),
    "lesson": lambda site: one_of_kind(site, "lesson"),
    "workshop": lambda site: one_of_kind(site, "workshop"),
    "workshop-part": lambda site: one_of_kind(site, "workshop-part"),
    "participant-pack": lambda site: first_pack(site, "participant-pack"),
    "facilitator-pack": lambda site: first_pack(site, "facilitator-pack"),
    "tag-index": lambda site: "tags/",
    "tag": first_tag,
    "recently-learned": lambda site: "recent/",
    "contributors": lambda site: "contributors/",
    "action-items": lambda site: "lessons/actions/",
    "review": lambda site: "review/",
    "pulse": lambda site: "pulse/",  # charts: SVG text and the series' colours
    "about": lambda site: "about/",
    "contributing": lambda site: "contributing/",  # code blocks: the syntax highlighting's colours
}
DARK_TOO = ("home", "lesson", "playbook", "workshop-part", "contributing", "pulse")


# -- axe-core ---------------------------------------------------------------------------------------


def use_scheme(page: Page, scheme: str) -> None:
    """Switch Material's palette with its toggle, like a reader; colour transitions are switched off."""
    # A constructed style sheet, not a <style> tag: the page's Content-Security-Policy refuses inline styles.
    page.evaluate(
        """() => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync("*, *::before, *::after { transition: none !important; }");
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }"""
    )
    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") != SCHEMES[scheme]:
        page.locator(PALETTE_TOGGLE).click()
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


def serious_violations(page: Page) -> list[dict[str, Any]]:
    results = AXE.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]


def violation_report(url: str, scheme: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{url} ({scheme} scheme): {len(violations)} serious or critical axe-core violations"]
    for violation in violations:
        lines.append(
            f"\n[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"  - {target}\n    {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"  ... and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


def check_axe(tab: Tab, site: ServedSite, kind: str, scheme: str) -> None:
    url = site.at(PAGE_KINDS[kind](site))
    tab.goto(url)
    expect(tab.page.locator("article h1").first).to_be_visible()
    use_scheme(tab.page, scheme)
    violations = serious_violations(tab.page)
    if violations:
        pytest.fail(violation_report(url, scheme, violations), pytrace=False)


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_serious_axe_violations_in_the_light_scheme(kind: str, real_site: ServedSite, tab: Tab) -> None:
    check_axe(tab, real_site, kind, "light")


@pytest.mark.parametrize("kind", DARK_TOO)
def test_no_serious_axe_violations_in_the_dark_scheme(kind: str, real_site: ServedSite, tab: Tab) -> None:
    check_axe(tab, real_site, kind, "dark")


# -- keyboard ---------------------------------------------------------------------------------------

# What a keyboard user must be able to reach: visible, enabled, not taken out of the tab order.
FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
)
# Shared by the two scripts below. `looks` is what a focus indicator changes. A visually hidden input shows
# its focus on a label: Material's palette radios on the label that follows them
# (`.md-option.focus-visible + label`), which is the visible toggle.
JS_HELPERS = r"""
  const looks = el => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle === "none" ? "none" : [s.outlineStyle, s.outlineWidth, s.outlineColor].join(" ");
    return [outline, s.boxShadow, s.backgroundColor].join(" | ");
  };
  const labelOf = el => {
    const next = el.nextElementSibling;
    return next && next.tagName === "LABEL" ? next : (el.labels && el.labels[0]) || null;
  };
"""
MARK_CANDIDATES = (
    "selector => {"
    + JS_HELPERS
    + r"""
  return Array.from(document.querySelectorAll(selector)).map((el, i) => {
    el.setAttribute("data-a11y-index", String(i));
    const box = el.getBoundingClientRect();
    const reachable = !el.disabled && el.tabIndex >= 0 && !el.closest("[inert], [hidden]") &&
      box.width > 1 && box.height > 1 &&
      el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true});
    const name = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\s+/g, " ");
    return {index: i, reachable, tag: el.tagName.toLowerCase(), classes: String(el.className || ""),
            label: name.slice(0, 60), looks: looks(el), labelLooks: labelOf(el) ? looks(labelOf(el)) : null};
  });
}"""
)
FOCUSED = (
    "() => {"
    + JS_HELPERS
    + r"""
  const el = document.activeElement;
  if (!el || el === document.body || !el.hasAttribute("data-a11y-index")) return null;
  const box = el.getBoundingClientRect();
  const hidden = box.width <= 1 || box.height <= 1 || getComputedStyle(el).opacity === "0";
  const shown = hidden && labelOf(el) ? labelOf(el) : el;
  const s = getComputedStyle(shown);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 &&
    !/^transparent$|rgba\(.*,\s*0\)$/.test(s.outlineColor);
  return {index: Number(el.getAttribute("data-a11y-index")), viaLabel: shown !== el, outline,
          signature: looks(shown)};
}"""
)


def tab_through(page: Page) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(every candidate element, the focus stops in Tab order) for the page, starting from the top."""
    candidates: list[dict[str, Any]] = page.evaluate(MARK_CANDIDATES, FOCUSABLE)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops: list[dict[str, Any]] = []
    seen: set[int] = set()
    outside = 0  # Tab presses in a row that left focus outside the marked elements
    for _ in range(len(candidates) + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            outside += 1
            if outside >= 3:  # focus left the document after the last element
                break
            continue
        outside = 0
        if focused["index"] in seen:  # wrapped around to the top
            break
        seen.add(focused["index"])
        stops.append(focused)
    return candidates, stops


def describe(element: dict[str, Any]) -> str:
    classes = f".{element['classes'].split()[0]}" if element.get("classes") else ""
    return f"<{element['tag']}{classes}> {element['label']!r}"


def check_keyboard(page: Page) -> list[dict[str, Any]]:
    """Every reachable element is reached by Tab and shows a focus indicator; returns the candidates."""
    candidates, stops = tab_through(page)
    reached = {stop["index"] for stop in stops}
    missed = [describe(c) for c in candidates if c["reachable"] and c["index"] not in reached]
    assert not missed, f"{page.url}: not reachable with Tab:\n  " + "\n  ".join(missed)
    invisible = []
    for stop in stops:
        element = candidates[stop["index"]]
        before = element["labelLooks"] if stop["viaLabel"] else element["looks"]
        if not (stop["outline"] or stop["signature"] != before):
            invisible.append(describe(element))
    assert not invisible, f"{page.url}: no visible focus indicator on:\n  " + "\n  ".join(invisible)
    assert len(stops) >= 10, f"{page.url}: only {len(stops)} focus stops"
    return [c for c in candidates if c["index"] in reached]


def test_keyboard_reaches_everything_on_the_home_page_with_a_visible_focus(
    real_site: ServedSite, tab: Tab
) -> None:
    tab.goto(real_site.at())
    page = tab.page
    entries = page.locator("nav.lc-entries a.lc-entry")
    chips = page.locator("ul.lc-tags a.lc-tag")
    expect(entries).to_have_count(3)
    assert chips.count() > 0, "the home page shows no tag chips"
    reached = check_keyboard(page)
    reached_classes = [str(element.get("classes") or "") for element in reached]
    assert sum("lc-entry" in classes.split() for classes in reached_classes) == 3, (
        "entry cards not all reached"
    )
    assert sum("lc-tag" in classes.split() for classes in reached_classes) == chips.count(), (
        "tag chips not all reached"
    )


def test_keyboard_reaches_everything_on_a_lesson_with_a_visible_focus(
    real_site: ServedSite, tab: Tab
) -> None:
    tab.goto(real_site.at(one_of_kind(real_site, "lesson")))
    reached = check_keyboard(tab.page)
    assert any("lc-tag" in str(element.get("classes") or "").split() for element in reached)


def test_keyboard_focus_is_visible_in_the_dark_scheme_too(real_site: ServedSite, tab: Tab) -> None:
    tab.goto(real_site.at(one_of_kind(real_site, "lesson")))
    use_scheme(tab.page, "dark")
    check_keyboard(tab.page)
