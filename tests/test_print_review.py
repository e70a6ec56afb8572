"""The review banner and the printable workshop kit, as a reader's browser shows and prints them.

A throwaway wiki (the real configuration, hooks and overrides; git history off) holds two playbooks, one
reviewed long ago and one reviewed today, and a workshop whose parts carry marker words, including a
facilitator note inside the exercises. It is built once for this module and served on loopback.

The review banner is drawn by assets/commons.js from the due date the build embeds, compared with the
*browser's* date: the same built page shows it or not depending on Playwright's clock. The kit is printed
with Chromium's print-to-PDF and the PDF's text is read back with a small pure-Python reader (Chromium's
PDFs: Flate streams, Identity-H fonts with ToUnicode maps), so no poppler is needed.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from serve_site import serving
from sitebuild import build_env, run_build, write_project

if TYPE_CHECKING:  # imported by pytest as a plugin below, so that its asserts are rewritten
    from browser import ServedSite, Tab

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

TODAY = dt.datetime.now(dt.UTC).date()  # the build's "today" too: no SOURCE_DATE_EPOCH, timezone UTC
LONG_AGO = dt.date(2020, 1, 2)
LONG_AGO_DUE = dt.date(2021, 1, 2)  # reviewed + review_every (1 year)
OWNER = "Rosa Example"

OVERVIEW_WORD = "quokkaoverview"
EXERCISE_WORD = "pangolinexercise"
FACILITATOR_WORD = "narwhalfacilitator"
HANDOUT_WORD = "axolotlhandout"
GUIDE_WORD = "okapiguide"


def playbook(title: str, reviewed: dt.date) -> str:
    return f"""\
---
title: {title}
summary: A playbook of the review banner tests, with a summary long enough to be valid.
tags: [retrospective]
owner: {OWNER}
reviewed: {reviewed.isoformat()}
review_every: 1 year
---

Steps of {title.lower()}.
"""


PAGES = {
    "index.md": """\
---
title: Print and review test wiki
summary: The home page of the print and review tests, with a summary long enough to be valid.
---

Welcome.
""",
    "playbooks/overdue.md": playbook("Overdue playbook", LONG_AGO),
    "playbooks/fresh.md": playbook("Freshly reviewed playbook", TODAY),
    "workshops/kit/index.md": f"""\
---
title: Printed workshop
summary: A workshop whose printable kit the tests print to PDF and read back.
tags: [workshop]
owner: {OWNER}
reviewed: {TODAY.isoformat()}
duration: 60
audience: Everyone who prints things
agenda:
  - item: Welcome and goals
    minutes: 10
  - item: The exercise
    minutes: 40
  - item: Wrap-up
    minutes: 10
facilitators: [{OWNER}]
---

The overview says {OVERVIEW_WORD}.

## Goals

Participants can print a kit.
""",
    "workshops/kit/exercises.md": f"""\
---
title: "Printed workshop: exercises"
summary: The exercises of the printed workshop, with a facilitator note that must not print.
tags: [workshop]
---

## Exercise 1

Participants do {EXERCISE_WORD}.

!!! facilitator "Facilitator note"
    Only the facilitator reads {FACILITATOR_WORD}.
""",
    "workshops/kit/handout.md": f"""\
---
title: "Printed workshop: handout"
summary: The handout of the printed workshop, which participants keep.
tags: [workshop]
---

## Remember

Keep {HANDOUT_WORD}.
""",
    "workshops/kit/facilitator-guide.md": f"""\
---
title: "Printed workshop: facilitator guide"
summary: The facilitator guide of the printed workshop, which the kit leaves out.
tags: [workshop]
---

## Welcome

Say {GUIDE_WORD}.
""",
}
KIT = "workshops/kit/print/"


@pytest.fixture(scope="module")
def print_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    from browser import BASE_PATH, ServedSite

    root = tmp_path_factory.mktemp("print-review")
    config = write_project(root, PAGES, commons={"history": False})
    build = run_build(config, env=build_env(), site_dir=root / "site")
    if build.returncode != 0:
        pytest.fail(f"the print and review wiki does not build strictly:\n{build.log}", pytrace=False)
    with serving(build.site_dir, BASE_PATH) as server:
        yield ServedSite(build.site_dir, server.base_url)


# -- the review banner ------------------------------------------------------------------------------


def commons_js_has_run(page: Page) -> None:
    """Wait until Material's document$ has notified its subscribers, assets/commons.js first among them."""
    page.wait_for_function("() => window.document$ !== undefined")
    page.evaluate("() => new Promise(done => window.document$.subscribe(() => setTimeout(done, 0)))")


def open_with_clock(tab: Tab, url: str, today: dt.date | None) -> None:
    if today is not None:  # the browser's date; None keeps the real one
        tab.page.clock.set_fixed_time(dt.datetime.combine(today, dt.time(12, 0), tzinfo=dt.UTC))
    tab.goto(url)
    commons_js_has_run(tab.page)


def test_build_embeds_each_pages_review_due_date(print_site: ServedSite) -> None:
    overdue = (print_site.site_dir / "playbooks/overdue/index.html").read_text(encoding="utf-8")
    fresh = (print_site.site_dir / "playbooks/fresh/index.html").read_text(encoding="utf-8")
    assert f'data-review-due="{LONG_AGO_DUE.isoformat()}"' in overdue
    assert f'data-review-owner="{OWNER}"' in overdue
    due = re.search(r'data-review-due="([0-9-]+)"', fresh)
    assert due, "the freshly reviewed playbook has no review due date"
    fresh_due = dt.date.fromisoformat(due.group(1))
    assert TODAY < fresh_due <= TODAY + dt.timedelta(days=366)
    assert "lc-review-banner" not in overdue, "the banner must come from the browser, not the build"


@pytest.mark.parametrize(
    ("page", "browser_today", "banner"),
    [
        pytest.param("playbooks/overdue/", None, True, id="reviewed-long-ago"),
        pytest.param("playbooks/fresh/", None, False, id="reviewed-today"),
        pytest.param(
            "playbooks/fresh/", TODAY + dt.timedelta(days=2 * 366), True, id="fresh-seen-in-2-years"
        ),
        pytest.param(
            "playbooks/overdue/", LONG_AGO_DUE - dt.timedelta(days=1), False, id="overdue-seen-in-time"
        ),
        pytest.param("playbooks/overdue/", LONG_AGO_DUE, False, id="overdue-seen-on-its-due-day"),
        pytest.param("playbooks/overdue/", LONG_AGO_DUE + dt.timedelta(days=1), True, id="overdue-day-after"),
    ],
)
def test_review_banner_follows_the_browsers_date(
    page: str, browser_today: dt.date | None, banner: bool, print_site: ServedSite, tab: Tab
) -> None:
    open_with_clock(tab, print_site.at(page), browser_today)
    expect(tab.page.locator(".lc-header[data-review-due]")).to_have_count(1)
    shown = tab.page.locator(".lc-review-banner")
    if banner:
        expect(shown).to_have_count(1)
        expect(shown).to_be_visible()
        expect(shown).to_have_attribute("role", "status")
        expect(shown).to_contain_text("This page is due for review")
        due = tab.page.locator(".lc-header").get_attribute("data-review-due")
        expect(shown).to_contain_text(f"reviewed by {due} (owner: {OWNER})")
        after_header = tab.page.locator(".lc-header + .lc-review-banner")
        expect(after_header).to_have_count(1)
    else:
        expect(shown).to_have_count(0)


LAYOUT_SHIFTS = """
window.__layoutShifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    const moved = (entry.sources || []).map(s => s.node ? s.node.nodeName + "." + s.node.className : "?");
    window.__layoutShifts.push({value: entry.value, at: Math.round(entry.startTime), moved});
  }
}).observe({type: "layout-shift", buffered: true});
"""


def test_review_banner_does_not_shift_the_page_on_a_phone(print_site: ServedSite, mobile_tab: Tab) -> None:
    """The banner is drawn before the first paint (commons.js runs in <head>), so the text never jumps."""
    mobile_tab.page.add_init_script(LAYOUT_SHIFTS)
    open_with_clock(mobile_tab, print_site.at("playbooks/overdue/"), None)
    expect(mobile_tab.page.locator(".lc-review-banner")).to_be_visible()
    mobile_tab.page.wait_for_timeout(200)  # layout-shift entries are reported after the frame
    shifts = mobile_tab.page.evaluate("window.__layoutShifts")
    assert sum(shift["value"] for shift in shifts) < 0.01, f"the page moved after it was painted: {shifts}"


def test_review_banner_is_accessible(print_site: ServedSite, tab: Tab) -> None:
    open_with_clock(tab, print_site.at("playbooks/overdue/"), None)
    expect(tab.page.locator(".lc-review-banner")).to_be_visible()
    violations = Axe().run(tab.page, context=".lc-review-banner").response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")], violations


# -- the printable kit ------------------------------------------------------------------------------

HIDDEN_IN_PRINT = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar",
    ".md-footer",
    ".lc-search-open",
    ".admonition.facilitator",
)
# The kit hides the navigation sidebars on screen too (hide: navigation, toc); these show on screen.
SHOWN_ON_SCREEN = (".md-header", ".md-tabs", ".md-footer", ".admonition.facilitator")


def displayed(page: Page, selector: str) -> list[bool]:
    return page.locator(selector).evaluate_all("els => els.map(el => el.checkVisibility())")


def test_kit_has_overview_exercises_and_handout_in_that_order(print_site: ServedSite, tab: Tab) -> None:
    tab.goto(print_site.at(KIT))
    article = tab.page.locator("article")
    expect(article.locator("h1")).to_have_text("Printed workshop: printable kit")
    parts = article.locator("h2.lc-kit-overview, h2.lc-kit-part").all_inner_texts()
    assert parts == ["Overview", "Printed workshop: exercises", "Printed workshop: handout"]
    text = article.inner_text()
    positions = [text.find(word) for word in (OVERVIEW_WORD, EXERCISE_WORD, HANDOUT_WORD)]
    assert -1 not in positions and positions == sorted(positions), positions
    assert text.find("Agenda") < text.find(OVERVIEW_WORD), "the agenda belongs to the overview"
    assert GUIDE_WORD not in text, "the facilitator guide is not part of the participants' kit"


def test_kit_hides_navigation_and_facilitator_notes_in_print(print_site: ServedSite, tab: Tab) -> None:
    tab.goto(print_site.at(KIT))
    page = tab.page
    for selector in SHOWN_ON_SCREEN:  # or the check below would prove nothing
        assert any(displayed(page, selector)), f"{selector} is not shown on screen"
    page.emulate_media(media="print")
    shown = [selector for selector in HIDDEN_IN_PRINT if any(displayed(page, selector))]
    assert not shown, f"printed although print CSS should hide them: {shown}"
    expect(page.locator("article").get_by_text(HANDOUT_WORD)).to_be_visible()


def test_kit_pdf_has_the_handout_but_no_facilitator_note_or_site_chrome(
    print_site: ServedSite, tab: Tab
) -> None:
    tab.goto(print_site.at(KIT))
    tab.page.wait_for_load_state("networkidle")
    pdf = tab.page.pdf(format="A4", print_background=True)
    text = " ".join(pdf_text(pdf).split())
    for word in (OVERVIEW_WORD, EXERCISE_WORD, HANDOUT_WORD, "Printed workshop: handout"):
        assert word in text, f"the PDF lacks {word!r}; its text begins: {text[:300]!r}"
    assert text.find(OVERVIEW_WORD) < text.find(EXERCISE_WORD) < text.find(HANDOUT_WORD)
    absent = {
        FACILITATOR_WORD: "the facilitator note",
        GUIDE_WORD: "the facilitator guide",
        "Overdue playbook": "navigation (another page's title)",
        "Type to start searching": "the search box",
        "Written together by everyone": "the footer",
        "Printable kit</": "markup",
        "Save as PDF": "the on-screen hint (lc-no-print)",
    }
    leaked = [what for needle, what in absent.items() if needle in text]
    assert not leaked, f"the printed kit contains {leaked}"


def test_real_kits_print_without_site_chrome(real_site: ServedSite, tab: Tab) -> None:
    kits = sorted(real_site.site_dir.glob("workshops/*/print/index.html"))
    assert kits, "the wiki has no printable workshop kit"
    tab.goto(real_site.at(kits[0].parent.relative_to(real_site.site_dir).as_posix() + "/"))
    tab.page.emulate_media(media="print")
    shown = [selector for selector in HIDDEN_IN_PRINT if any(displayed(tab.page, selector))]
    assert not shown, f"printed although print CSS should hide them: {shown}"
    assert tab.page.locator("article h2.lc-kit-part").count() >= 1


# -- reading the PDF's text -------------------------------------------------------------------------

OBJECT_RE = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
STREAM_RE = re.compile(rb"\bstream\r?\n")
LENGTH_RE = re.compile(rb"/Length\s+(\d+)\b")
TO_UNICODE_RE = re.compile(rb"/ToUnicode\s+(\d+) 0 R")
FONT_RESOURCE_RE = re.compile(rb"/(F\w*)\s+(\d+) 0 R")
BFCHAR_RE = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE_RE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
HEX_RE = re.compile(rb"<([0-9A-Fa-f]*)>")
TEXT_OP_RE = re.compile(
    rb"/(?P<font>F\w*)\s+[-\d.]+\s+Tf"
    rb"|\[(?P<array>[^\]]*)\]\s*TJ"
    rb"|<(?P<single>[0-9A-Fa-f]*)>\s*Tj"
    rb"|[-\d.]+\s+(?P<dy>[-\d.]+)\s+T[dD]\b"  # a move: along the line (dy 0) or to another line
    rb"|(?P<newline>\b(?:ET|Tm|T\*))"
)


def _stream(body: bytes) -> bytes:
    """An object's stream data (its /Length bytes), inflated when Flate-encoded; b"" without a stream."""
    start = STREAM_RE.search(body)
    length = LENGTH_RE.search(body[: start.start()]) if start else None
    if start is None or length is None:
        return b""
    raw = body[start.end() : start.end() + int(length.group(1))]
    return zlib.decompress(raw) if b"/FlateDecode" in body[: start.start()] else raw


def _utf16(hex_: bytes) -> str:
    return bytes.fromhex(hex_.decode()).decode("utf-16-be", errors="replace")


def _cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: glyph code -> text."""
    mapping: dict[int, str] = {}
    for block in BFCHAR_RE.findall(data):
        codes = HEX_RE.findall(block)
        for code, target in zip(codes[::2], codes[1::2], strict=False):
            mapping[int(code, 16)] = _utf16(target)
    for block in BFRANGE_RE.findall(data):
        for line in block.strip().splitlines():
            values = HEX_RE.findall(line)
            if len(values) < 3:
                continue
            start, end = int(values[0], 16), int(values[1], 16)
            if b"[" in line:  # <start> <end> [<text> <text> ...]
                for offset, target in enumerate(values[2:]):
                    mapping[start + offset] = _utf16(target)
            else:  # <start> <end> <text>: consecutive characters from <text>
                first = _utf16(values[2])
                for offset in range(end - start + 1):
                    mapping[start + offset] = first[:-1] + chr(ord(first[-1]) + offset)
    return mapping


def _show(hex_: bytes, cmap: dict[int, str]) -> str:
    """Two-byte glyph codes (Identity-H) to text."""
    raw = bytes.fromhex(hex_.decode())
    return "".join(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw), 2))


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF that Chromium (Skia) wrote, in content-stream order: enough for "is X printed".

    Skia writes plain objects (no object streams), Flate-compressed content streams and Type0 fonts with
    Identity-H encoding and a ToUnicode map, under one resource name per font for the whole file. It draws
    glyph by glyph (`<code> Tj`, then a `Td` along the line), spaces included, so text is joined as is and a
    new line starts at a new text object, a text matrix or a move with a vertical part.
    """
    objects = {int(number): body for number, body in OBJECT_RE.findall(pdf)}
    cmaps: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, number in FONT_RESOURCE_RE.findall(body):
            to_unicode = TO_UNICODE_RE.search(objects.get(int(number), b""))
            if to_unicode and name not in cmaps:
                cmaps[name] = _cmap(_stream(objects[int(to_unicode.group(1))]))
    assert cmaps, "no fonts with ToUnicode maps in the PDF: this reader does not fit this PDF"
    out: list[str] = []
    for body in objects.values():
        if b"stream" not in body or b"/Subtype /Image" in body:
            continue
        try:
            content = _stream(body)
        except zlib.error:
            continue
        cmap: dict[int, str] = {}
        for op in TEXT_OP_RE.finditer(content):
            if op["font"]:
                cmap = cmaps.get(op["font"], {})
            elif op["array"] is not None:
                out.extend(_show(part, cmap) for part in HEX_RE.findall(op["array"]))
            elif op["single"] is not None:
                out.append(_show(op["single"], cmap))
            elif op["newline"] or float(op["dy"]) != 0:
                out.append("\n")
    return "".join(out)


def test_pdf_reader_reads_what_chromium_prints(chromium: object, tmp_path: Path) -> None:
    """The reader above, on a page with known text: so 'not in the PDF' means not printed."""
    from browser import open_tab

    tab, context = open_tab(chromium)  # type: ignore[arg-type]
    try:
        tab.page.set_content("<h1>Hello PDF</h1><p>Bold <b>café</b> &amp; text, 12 × 3.</p>")
        text = " ".join(pdf_text(tab.page.pdf()).split())
    finally:
        context.close()
    assert "Hello PDF" in text and "café" in text and "12 × 3" in text, text
