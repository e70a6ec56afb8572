"""The review banner and a workshop's two printed packs, as a reader's browser shows and prints them.

A throwaway wiki (the real configuration, hooks and overrides; git history off) holds two playbooks, one
reviewed long ago and one reviewed today, and a workshop whose parts carry marker words: facilitator notes
in the exercises and the guide, preparation for facilitators, debrief questions, role cards as tabs. It is
built once for this module and served on loopback.

The review banner is drawn by assets/commons.js from the due date the build embeds, compared with the
*browser's* date: the same built page shows it or not depending on Playwright's clock. Each pack is printed
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
from playwright.sync_api import Locator, Page, expect
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
GUIDE_NOTE_WORD = "wombatguidenote"
PREPARATION_WORD = "tapirpreparation"  # in the overview's preparation for facilitators
DEBRIEF_WORD = "quetzaldebrief"
CARD_WORDS = ("ibisgiver", "lemurreceiver")


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

## Preparation

### Facilitators

- [ ] Read {PREPARATION_WORD}.

### Participants

Bring a pen.
""",
    "workshops/kit/exercises.md": f"""\
---
title: "Printed workshop: exercises"
summary: The exercises of the printed workshop, with a facilitator note that must not print.
tags: [workshop]
---

## Exercise 1

Participants do {EXERCISE_WORD}, as the [overdue playbook](../../playbooks/overdue.md) says.

!!! facilitator "Facilitator note"
    Only the facilitator reads {FACILITATOR_WORD}.

=== "Giver"

    The giver card says {CARD_WORDS[0]}.

=== "Receiver"

    The receiver card says {CARD_WORDS[1]}.

### Debrief questions

- Ask {DEBRIEF_WORD}.

## Exercise 2

Back to the [goals](index.md#goals) and the [handout](handout.md).
""",
    "workshops/kit/handout.md": f"""\
---
title: "Printed workshop: handout"
summary: The handout of the printed workshop, which participants keep.
tags: [workshop]
---

## Remember

Keep {HANDOUT_WORD}.

## My commitment

In my next session, I will …

## Feedback form

| Question | Your answer |
|---|---|
| How useful was it? | |
| Anything else? | |
""",
    "workshops/kit/facilitator-guide.md": f"""\
---
title: "Printed workshop: facilitator guide"
summary: The facilitator guide of the printed workshop, which the participant pack leaves out.
tags: [workshop]
---

## 0:00 to 0:10 Welcome

Say {GUIDE_WORD}.

!!! facilitator "Facilitator note"
    When it goes wrong, {GUIDE_NOTE_WORD}.
""",
}
PARTICIPANT_PACK = "workshops/kit/participant-pack/"
FACILITATOR_PACK = "workshops/kit/facilitator-pack/"


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
        due = dt.date.fromisoformat(tab.page.locator(".lc-header").get_attribute("data-review-due") or "")
        # The date in words, as everywhere else on the site (the build writes it; the browser only compares).
        expect(shown).to_contain_text(f"Its owner, {OWNER}, planned to read it again in {due:%B %Y}.")
        for jargon in ("reviewed'", "review_every", "front matter"):  # readers get plain words
            expect(shown).not_to_contain_text(jargon)
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


# -- the printed packs -------------------------------------------------------------------------------

HIDDEN_IN_PRINT = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar",
    ".md-footer",
    ".lc-search-open",
    ".lc-no-print",
)
# The packs hide the navigation sidebars on screen too (hide: navigation, toc); these show on screen.
SHOWN_ON_SCREEN = (".md-header", ".md-tabs", ".md-footer", ".lc-no-print")


def displayed(page: Page, selector: str) -> list[bool]:
    return page.locator(selector).evaluate_all("els => els.map(el => el.checkVisibility())")


def open_pack(tab: Tab, site: ServedSite, pack: str, edition: str) -> tuple[Locator, list[str]]:
    """The pack's article, checked for its title, and the titles of its parts in order."""
    tab.goto(site.at(pack))
    article = tab.page.locator("article")
    expect(article.locator("h1")).to_have_text(f"Printed workshop: {edition}")
    return article, article.locator("h2#run-sheet, h2.lc-kit-overview, h2.lc-kit-part").all_inner_texts()


def test_participant_pack_has_overview_exercises_and_handout_in_that_order(
    print_site: ServedSite, tab: Tab
) -> None:
    article, parts = open_pack(tab, print_site, PARTICIPANT_PACK, "participant pack")
    assert parts == ["Overview", "Printed workshop: exercises", "Printed workshop: handout"]
    text = article.inner_text()
    positions = [text.find(word) for word in (OVERVIEW_WORD, EXERCISE_WORD, HANDOUT_WORD)]
    assert -1 not in positions and positions == sorted(positions), positions
    assert text.find("Agenda") < text.find(OVERVIEW_WORD), "the agenda belongs to the overview"
    for word in (GUIDE_WORD, FACILITATOR_WORD, PREPARATION_WORD, DEBRIEF_WORD):
        assert word not in text, f"{word} is for facilitators, not for the participant pack"
    cards = article.locator(".lc-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text(CARD_WORDS[0])
    expect(cards.last).to_contain_text(CARD_WORDS[1])
    expect(article.locator(".lc-kit-section--handout .lc-write")).to_have_count(1)  # after "My commitment"


def test_facilitator_pack_has_run_sheet_overview_guide_and_exercises(
    print_site: ServedSite, tab: Tab
) -> None:
    article, parts = open_pack(tab, print_site, FACILITATOR_PACK, "facilitator pack")
    assert parts == [
        "Run sheet",
        "Overview",
        "Printed workshop: facilitator guide",
        "Printed workshop: exercises",
    ]
    starts = article.locator(".lc-run-sheet td.lc-offset").all_inner_texts()
    assert starts == ["0:00", "0:10", "0:50"]
    text = article.text_content() or ""  # the receiver's tab is hidden on screen until chosen
    for word in (GUIDE_WORD, GUIDE_NOTE_WORD, FACILITATOR_WORD, PREPARATION_WORD, DEBRIEF_WORD, *CARD_WORDS):
        assert word in text, f"the facilitator pack lacks {word}"
    assert HANDOUT_WORD not in text


@pytest.mark.parametrize("pack", [PARTICIPANT_PACK, FACILITATOR_PACK])
def test_packs_hide_navigation_in_print(pack: str, print_site: ServedSite, tab: Tab) -> None:
    tab.goto(print_site.at(pack))
    page = tab.page
    for selector in SHOWN_ON_SCREEN:  # or the check below would prove nothing
        assert any(displayed(page, selector)), f"{selector} is not shown on screen"
    page.emulate_media(media="print")
    shown = [selector for selector in HIDDEN_IN_PRINT if any(displayed(page, selector))]
    assert not shown, f"printed although print CSS should hide them: {shown}"
    expect(page.locator("article").get_by_text(EXERCISE_WORD)).to_be_visible()


def test_the_facilitator_guide_prints_its_facilitator_notes(print_site: ServedSite, tab: Tab) -> None:
    tab.goto(print_site.at("workshops/kit/facilitator-guide/"))
    tab.page.wait_for_load_state("networkidle")
    text = " ".join(pdf_text(tab.page.pdf(format="A4")).split())
    assert GUIDE_WORD in text and GUIDE_NOTE_WORD in text, text[:300]


PACK_PAGES = {  # each part starts a page; the overview and each part fit on one page of this small wiki
    PARTICIPANT_PACK: range(3, 5),  # overview, exercises, handout
    FACILITATOR_PACK: range(4, 6),  # run sheet, overview, guide, exercises
}
PACK_WORDS = {
    PARTICIPANT_PACK: (
        (OVERVIEW_WORD, EXERCISE_WORD, *CARD_WORDS, HANDOUT_WORD),
        (FACILITATOR_WORD, GUIDE_WORD, GUIDE_NOTE_WORD, PREPARATION_WORD, DEBRIEF_WORD),
    ),
    FACILITATOR_PACK: (
        (
            "Run sheet",
            OVERVIEW_WORD,
            PREPARATION_WORD,
            GUIDE_WORD,
            GUIDE_NOTE_WORD,
            EXERCISE_WORD,
            DEBRIEF_WORD,
        ),
        (HANDOUT_WORD,),
    ),
}


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))  # page objects; the page tree is /Pages


@pytest.mark.parametrize("pack", [PARTICIPANT_PACK, FACILITATOR_PACK])
def test_pack_pdf_holds_its_edition_on_the_expected_pages_without_site_chrome(
    pack: str, print_site: ServedSite, tab: Tab
) -> None:
    tab.goto(print_site.at(pack))
    tab.page.wait_for_load_state("networkidle")
    pdf = tab.page.pdf(format="A4", print_background=True)
    assert page_count(pdf) in PACK_PAGES[pack], f"{page_count(pdf)} pages, expected {PACK_PAGES[pack]}"
    text = " ".join(pdf_text(pdf).split())
    printed, left_out = PACK_WORDS[pack]
    missing = [word for word in printed if word not in text]
    assert not missing, f"the PDF lacks {missing}; its text begins: {text[:300]!r}"
    positions = [text.find(word) for word in printed]
    assert positions == sorted(positions), f"out of order: {printed}"
    leaked = [word for word in left_out if word in text]
    assert not leaked, f"the {pack} PDF prints {leaked}"
    absent = {
        "Freshly reviewed playbook": "navigation (another page's title)",
        "Type to start searching": "the search box",
        "Written together by everyone": "the footer",
        "pack</": "markup",
        "Save as PDF": "the on-screen hint (lc-no-print)",
    }
    chrome = [what for needle, what in absent.items() if needle in text]
    assert not chrome, f"the printed pack contains {chrome}"


def test_pack_links_print_the_address_of_pages_outside_the_pack(print_site: ServedSite, tab: Tab) -> None:
    tab.goto(print_site.at(PARTICIPANT_PACK))
    tab.page.wait_for_load_state("networkidle")
    text = " ".join(pdf_text(tab.page.pdf(format="A4")).split()).replace(" ", "")
    playbook = "https://learning-commons.github.io/learning-commons/playbooks/overdue/"
    assert playbook in text, "the link to a page outside the pack prints without its address"
    article = tab.page.locator("article")
    # Links to printed parts lead within the page, so they need no address on paper.
    expect(article.get_by_role("link", name="goals", exact=True)).to_have_attribute("href", "#overview-goals")
    expect(article.get_by_role("link", name="handout", exact=True)).to_have_attribute("href", "#handout")


BREAK_INSIDE = """els => els.map(el => getComputedStyle(el).breakInside)"""


@pytest.mark.parametrize("pack", [PARTICIPANT_PACK, FACILITATOR_PACK])
def test_tables_cards_and_notes_are_not_split_across_pages(
    pack: str, print_site: ServedSite, tab: Tab
) -> None:
    tab.goto(print_site.at(pack))
    tab.page.emulate_media(media="print")
    selectors = ["article table", "article .admonition", "article .lc-card"]
    kept = {selector: tab.page.locator(selector).evaluate_all(BREAK_INSIDE) for selector in selectors}
    assert kept["article table"], "the pack has no table, so this proves nothing"
    split = {selector: styles for selector, styles in kept.items() if set(styles) - {"avoid"}}
    assert not split, f"may break across pages: {split}"


# Generous bounds for the real kits: a participant pack is handed out, a facilitator pack carried.
REAL_PACK_PAGES = {"participant-pack": 10, "facilitator-pack": 14}


@pytest.mark.parametrize("edition", sorted(REAL_PACK_PAGES))
def test_real_packs_print_without_site_chrome_within_their_page_bound(
    edition: str, real_site: ServedSite, tab: Tab
) -> None:
    packs = sorted(real_site.site_dir.glob(f"workshops/*/{edition}/index.html"))
    assert packs, f"the wiki has no {edition}"
    for pack in packs:
        tab.goto(real_site.at(pack.parent.relative_to(real_site.site_dir).as_posix() + "/"))
        tab.page.wait_for_load_state("networkidle")
        pages = page_count(tab.page.pdf(format="A4", print_background=True))
        assert 2 <= pages <= REAL_PACK_PAGES[edition], f"{pack}: {pages} pages"
        tab.page.emulate_media(media="print")
        shown = [selector for selector in HIDDEN_IN_PRINT if any(displayed(tab.page, selector))]
        assert not shown, f"{pack} prints {shown}"
        tab.page.emulate_media(media="screen")


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
