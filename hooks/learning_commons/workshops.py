"""Workshop kits: the agenda with start offsets, and two printed editions per workshop (participant
pack and facilitator pack), each one page of the site to print."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from .generated import GeneratedFile, checked
from .markup import PROBLEMS_CLASS, element_ids, esc, generated_page
from .model import Kind, Page, Part
from .packs import as_cards, for_participants, link_targets, with_writing_space
from .text import slugify


class Edition(Enum):
    """A workshop's printed editions: what participants get, and what the facilitators carry."""

    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"

    @property
    def title(self) -> str:
        return f"{self.value.capitalize()} pack"

    @property
    def slug(self) -> str:
        return f"{self.value}-pack"


# The parts each edition prints after the overview, in this order; participants never get the guide.
EDITION_PARTS = {
    Edition.PARTICIPANT: (Part.EXERCISE, Part.HANDOUT),
    Edition.FACILITATOR: (Part.FACILITATOR_GUIDE, Part.EXERCISE),
}
EDITION_LEADS = {
    Edition.PARTICIPANT: "What participants take into the room: the overview, the exercises with their "
    "role cards to cut out, and the handout with room to write. Facilitator notes, preparation and debrief "
    "questions are left out.",
    Edition.FACILITATOR: "What the facilitators carry: a one-page run sheet, the overview with preparation, "
    "the facilitator guide with its notes and the exercises with their debrief questions.",
}


def clock_offset(minutes: int) -> str:
    """Minutes from the start as h:mm ('0:15', '1:05')."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda_html(page: Page) -> str:
    """The overview's agenda as a table with start offsets and the total."""
    if not page.agenda:
        return ""
    rows, start = _agenda_rows(page, clock=False)
    total = f"{start} min" + (f" ({clock_offset(start)})" if start >= 60 else "")
    return (
        '<div class="lc-agenda"><table><caption>Agenda</caption><thead><tr><th scope="col">Starts</th>'
        '<th scope="col">What</th><th scope="col">Length</th></tr></thead>'
        f"<tbody>{rows}</tbody>"
        f'<tfoot><tr><th scope="row" colspan="2">Total</th><td>{total}</td></tr></tfoot></table></div>'
    )


def _agenda_rows(page: Page, *, clock: bool) -> tuple[str, int]:
    """The agenda's rows with start offsets (with ``clock``, an empty cell for the clock time) and the
    total minutes."""
    rows = []
    start = 0
    for item in page.agenda:
        clock_cell = '<td class="lc-clock"></td>' if clock else ""
        rows.append(
            f'<tr><td class="lc-offset">{clock_offset(start)}</td>{clock_cell}<td>{esc(item.item)}</td>'
            f"<td>{item.minutes} min</td></tr>"
        )
        start += item.minutes
    return "".join(rows), start


# The order the guide gives a workshop's pages, in the sidebar too (not the alphabet).
GUIDE_ORDER = (Part.OVERVIEW, Part.FACILITATOR_GUIDE, Part.EXERCISE, Part.HANDOUT)
_SEPARATORS = " :–—-|"


def guide_rank(page: Page) -> int:
    """Where a workshop page goes among its workshop's pages; other pages after them."""
    return GUIDE_ORDER.index(page.part) if page.part in GUIDE_ORDER else len(GUIDE_ORDER)


def short_title(page: Page, workshop_title: str) -> str:
    """A part's title without its workshop's name ('Exercises: Giving feedback' -> 'Exercises'), for a
    sidebar that already sits under the workshop; the title as it is when nothing would be left."""
    title = page.title
    if workshop_title and workshop_title in title and page.part is not Part.OVERVIEW:
        shorter = title.replace(workshop_title, "", 1).strip(_SEPARATORS)
        if shorter:
            return shorter[0].upper() + shorter[1:]
    return title


@dataclass(frozen=True)
class Kit:
    """One printed edition of a workshop: its overview and the edition's parts on one page, in order."""

    src_uri: str  # '<workshop folder>/<edition>-pack.md', a generated page beside the parts
    edition: Edition
    overview: Page
    parts: tuple[Page, ...]
    site_url: str = ""  # printed before links that leave the pack ('' prints site-relative paths)

    @property
    def sources(self) -> tuple[str, ...]:
        """The pages whose rendered HTML the kit is made of."""
        return (self.overview.src_uri, *(page.src_uri for page in self.parts))


def kits(pages: Mapping[str, Page], site_url: str = "") -> list[Kit]:
    """Both editions of every workshop that has an overview."""
    by_workshop: dict[str, list[Page]] = defaultdict(list)
    for page in pages.values():
        if page.workshop and page.kind in (Kind.WORKSHOP, Kind.WORKSHOP_PART):
            by_workshop[page.workshop].append(page)
    found = []
    for workshop, members in sorted(by_workshop.items()):
        overview = next((page for page in members if page.part is Part.OVERVIEW), None)
        if overview is None:
            continue
        for edition, order in EDITION_PARTS.items():
            parts = _in_order(members, order)
            found.append(Kit(f"{workshop}/{edition.slug}.md", edition, overview, parts, site_url))
    return found


def _in_order(members: list[Page], order: tuple[Part, ...]) -> tuple[Page, ...]:
    chosen = [page for page in members if page.part in order]
    return tuple(sorted(chosen, key=lambda page: (order.index(page.part), page.src_uri)))


def kit_files(all_kits: list[Kit]) -> list[GeneratedFile]:
    """The kits' pages; their bodies are filled in from the parts' HTML when they render (kit_html)."""
    return [
        checked(
            kit.src_uri,
            generated_page(
                f"{kit.overview.title}: {kit.edition.title.lower()}",
                "",
                summary=kit.overview.summary,
                hide=("navigation", "toc"),
                searchable=False,  # the kit repeats its workshop's pages, which search already finds
            ),
        )
        for kit in all_kits
    ]


def kit_html(kit: Kit, rendered: Mapping[str, str]) -> str:
    """The kit's body from its parts' HTML as the site generator rendered them (``rendered`` by src_uri).

    Reusing the HTML instead of converting the parts' Markdown again halves what kits cost. The kit sits
    at <workshop>/<edition>-pack/, one folder below the overview (<workshop>/) and beside the other parts,
    so only the overview's relative links move; every part's ids get a prefix, so they stay unique on the
    page, and links between the printed parts become links within the page.
    """
    participants = kit.edition is Edition.PARTICIPANT
    printed = [page for page in kit.parts if page.src_uri in rendered]  # a draft part is not printed
    prefixes = _part_prefixes(kit)
    anchors = {kit.overview.url: "overview"} | {page.url: prefixes[page.src_uri] for page in printed}
    links = link_targets(posixpath.splitext(kit.src_uri)[0], anchors, kit.site_url)
    sections = [
        f'<p class="lc-lead lc-no-print">{EDITION_LEADS[kit.edition]} Use your browser\'s <em>Print</em> '
        "(or <em>Save as PDF</em>); navigation is left out of the printout.</p>",
        "" if participants else run_sheet_html(kit.overview),
        # A part title of its own, so the overview's shifted headings (h3) follow an h2 like the other parts'.
        '<section class="lc-kit-section lc-kit-section--overview">'
        '<h2 class="lc-kit-overview" id="overview">Overview</h2>',
        agenda_html(kit.overview) if participants else "",  # the facilitators' run sheet has it
        _part_html(_one_folder_down(rendered.get(kit.overview.src_uri, "")), "overview", links, participants),
        "</section>",
    ]
    for page in printed:
        html = _part_html(rendered[page.src_uri], prefixes[page.src_uri], links, participants)
        if participants and page.part is Part.EXERCISE:
            html = as_cards(html)
        if participants and page.part is Part.HANDOUT:
            html = with_writing_space(html)
        sections.append(
            f'<section class="lc-kit-section lc-kit-section--{page.part.value if page.part else "part"}">'
            f'<h2 class="lc-kit-part" id="{prefixes[page.src_uri]}">{esc(page.title)}</h2>{html}</section>'
        )
    return _anchors_that_exist("\n".join(sections), set(anchors.values()))


def _anchors_that_exist(html: str, parts: set[str]) -> str:
    """A link into a section the edition left out (a participant pack's debrief questions) leads to the
    start of its part instead of nowhere."""
    ids = element_ids(html)

    def fragment(match: re.Match[str]) -> str:
        target = html_lib.unescape(match[3])
        if not target or target in ids:
            return match[0]
        part = next((prefix for prefix in parts if target.startswith(f"{prefix}-")), "")
        return f"{match[1]}{match[2]}#{esc(part)}{match[2]}" if part else match[0]

    return _in_tags(html, lambda tag: _FRAGMENT_LINK.sub(fragment, tag))


def run_sheet_html(overview: Page) -> str:
    """One page for the facilitators' table: the agenda with start times and a column for the clock."""
    rows, start = _agenda_rows(overview, clock=True)
    facilitators = (
        f"<p>Facilitators: {esc(', '.join(overview.facilitators))}</p>" if overview.facilitators else ""
    )
    return (
        '<section class="lc-run-sheet" aria-labelledby="run-sheet"><h2 id="run-sheet">Run sheet</h2>'
        f"{facilitators}"
        '<div class="lc-agenda"><table><caption>Agenda with start times: write the clock time of '
        'each start in the second column before the session</caption><thead><tr><th scope="col">Starts</th>'
        '<th scope="col">Clock</th><th scope="col">What</th><th scope="col">Length</th></tr></thead>'
        f"<tbody>{rows}</tbody>"
        f'<tfoot><tr><th scope="row" colspan="3">Total</th><td>{start} min</td></tr></tfoot></table></div>'
        "</section>"
    )


def _part_html(
    html: str, prefix: str, links: Callable[[str], str] | None = None, participants: bool = False
) -> str:
    """A part's HTML for a pack: its ids prefixed, headings one level down, links as the pack needs them
    and, for participants, without what only facilitators use."""
    html = _without_problems_box(html)
    if participants:
        html = for_participants(html)
    html = _prefix_ids(html, prefix)
    return _shift_headings(_in_tags(html, links) if links is not None else html)


def _part_prefixes(kit: Kit) -> dict[str, str]:
    """An id prefix per part, from its path in the workshop folder: a slug, unique, never 'overview'."""
    taken = {"overview", "run-sheet"}
    prefixes = {}
    for page in kit.parts:
        stem = posixpath.splitext(page.src_uri.removeprefix(f"{kit.overview.workshop}/"))[0]
        base = slugify(stem.replace("/", "-")) or "part"
        prefix, number = base, 1
        while prefix in taken:
            number += 1
            prefix = f"{base}-{number}"
        taken.add(prefix)
        prefixes[page.src_uri] = prefix
    return prefixes


# The box a preview shows on a page with problems: it belongs to that page, not to the printout.
_PROBLEMS_BOX = f'<div class="admonition failure {PROBLEMS_CLASS}">'
_HEADING_TAG = re.compile(r"<(/?)h([1-5])(?=[\s>])")
_START_TAG = re.compile(r"<[a-zA-Z][^<>]*>")  # text never holds a raw '<': Markdown escapes it
_ID_ATTRIBUTE = re.compile(
    r"""(\s(?:id|for|name|aria-labelledby|aria-describedby|aria-controls)=)(["'])(.*?)\2""", re.S
)
_FRAGMENT_LINK = re.compile(r"""(\shref=)(["'])#(.*?)\2""", re.S)
_RELATIVE_URL = re.compile(r"""(\s(?:href|src)=["'])(?![#/]|[a-zA-Z][a-zA-Z0-9+.-]*:)""")


def _without_problems_box(html: str) -> str:
    """``html`` without the problems boxes, up to the first '</div>' in each. Found with str.find, not
    a lazy pattern: a page of unclosed boxes would read on to the end from every one of them."""
    kept, pos = [], 0
    while (start := html.find(_PROBLEMS_BOX, pos)) != -1:
        end = html.find("</div>", start + len(_PROBLEMS_BOX))
        if end == -1:  # no box after this one is closed either
            break
        kept.append(html[pos:start])
        pos = end + len("</div>")
    return "".join(kept) + html[pos:]


def _shift_headings(html: str) -> str:
    """Each part's headings go one level down (h6 stays), so the part titles stay on top."""
    return _HEADING_TAG.sub(lambda match: f"<{match[1]}h{int(match[2]) + 1}", html)


def _prefix_ids(html: str, prefix: str) -> str:
    """Ids, the attributes that refer to them and links within the page get ``prefix``: parts share
    heading names ('Goals'), and pymdownx.tabbed numbers its tab sets from 1 on every page."""

    def ids(match: re.Match[str]) -> str:
        names = " ".join(f"{prefix}-{name}" for name in match[3].split())
        return f"{match[1]}{match[2]}{names}{match[2]}"

    def fragment(match: re.Match[str]) -> str:
        return f"{match[1]}{match[2]}#{prefix}-{match[3]}{match[2]}" if match[3] else match[0]

    return _in_tags(html, lambda tag: _FRAGMENT_LINK.sub(fragment, _ID_ATTRIBUTE.sub(ids, tag)))


def _one_folder_down(html: str) -> str:
    """Relative URLs written for the overview (<workshop>/) as seen from the kit (<workshop>/<edition>-pack/)."""
    return _in_tags(html, lambda tag: _RELATIVE_URL.sub(lambda match: f"{match[1]}../", tag))


def _in_tags(html: str, change: Callable[[str], str]) -> str:
    return _START_TAG.sub(lambda match: change(match[0]), html)


def kit_url(workshop: str, edition: Edition) -> str:
    return f"{workshop}/{edition.slug}/"
