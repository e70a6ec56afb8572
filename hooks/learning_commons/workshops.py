"""Workshop kits: the agenda with start offsets, and one printable page per workshop."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .generated import GeneratedFile, checked
from .markup import PROBLEMS_CLASS, esc, generated_page
from .model import Kind, Page, Part
from .text import slugify

# The order of a printed kit; the facilitator guide is for the facilitator, not the participants' pack.
KIT_ORDER = (Part.OVERVIEW, Part.EXERCISE, Part.HANDOUT)


def clock_offset(minutes: int) -> str:
    """Minutes from the start as h:mm ('0:15', '1:05')."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda_html(page: Page) -> str:
    """The overview's agenda as a table with start offsets and the total."""
    if not page.agenda:
        return ""
    rows = []
    start = 0
    for item in page.agenda:
        rows.append(
            f'<tr><td class="lc-offset">{clock_offset(start)}</td><td>{esc(item.item)}</td>'
            f"<td>{item.minutes} min</td></tr>"
        )
        start += item.minutes
    total = f"{start} min" + (f" ({clock_offset(start)})" if start >= 60 else "")
    return (
        '<div class="lc-agenda"><table><caption>Agenda</caption><thead><tr><th scope="col">Starts</th>'
        '<th scope="col">What</th><th scope="col">Length</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th scope="row" colspan="2">Total</th><td>{total}</td></tr></tfoot></table></div>'
    )


@dataclass(frozen=True)
class Kit:
    """One workshop's printable kit: its overview, exercises and handout on one page, in that order."""

    src_uri: str  # '<workshop folder>/print.md', a generated page beside the parts
    overview: Page
    parts: tuple[
        Page, ...
    ]  # exercises and handout; the facilitator guide stays out of the participants' pack

    @property
    def sources(self) -> tuple[str, ...]:
        """The pages whose rendered HTML the kit is made of."""
        return (self.overview.src_uri, *(page.src_uri for page in self.parts))


def kits(pages: dict[str, Page]) -> list[Kit]:
    by_workshop: dict[str, list[Page]] = defaultdict(list)
    for page in pages.values():
        if page.workshop and page.kind in (Kind.WORKSHOP, Kind.WORKSHOP_PART):
            by_workshop[page.workshop].append(page)
    found = []
    for workshop, members in sorted(by_workshop.items()):
        overview = next((page for page in members if page.part is Part.OVERVIEW), None)
        if overview is None:
            continue
        parts = sorted(
            (page for page in members if page.part in KIT_ORDER[1:]),
            key=lambda page: (KIT_ORDER.index(page.part), page.src_uri),
        )
        found.append(Kit(f"{workshop}/print.md", overview, tuple(parts)))
    return found


def kit_files(all_kits: list[Kit]) -> list[GeneratedFile]:
    """The kits' pages; their bodies are filled in from the parts' HTML when they render (kit_html)."""
    return [
        checked(
            kit.src_uri,
            generated_page(
                f"{kit.overview.title}: printable kit",
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
    at <workshop>/print/, one folder below the overview (<workshop>/) and beside the other parts, so only
    the overview's relative links move; every part's ids get a prefix, so they stay unique on the page.
    """
    sections = [
        '<p class="lc-lead lc-no-print">Everything participants need from this workshop on one page: '
        "use your browser's <em>Print</em> (or <em>Save as PDF</em>). Navigation and facilitator notes are "
        "left out of the printout.</p>",
        # A part title of its own, so the overview's shifted headings (h3) follow an h2 like the other parts'.
        '<h2 class="lc-kit-overview">Overview</h2>',
        agenda_html(kit.overview),
        _one_folder_down(_part_html(rendered.get(kit.overview.src_uri, ""), "overview")),
    ]
    prefixes = _part_prefixes(kit)
    for page in kit.parts:
        if page.src_uri not in rendered:  # not published (a draft): not printed either
            continue
        sections.append(f'<h2 class="lc-kit-part">{esc(page.title)}</h2>')
        sections.append(_part_html(rendered[page.src_uri], prefixes[page.src_uri]))
    return "\n".join(sections)


def _part_html(html: str, prefix: str) -> str:
    return _shift_headings(_prefix_ids(_without_problems_box(html), prefix))


def _part_prefixes(kit: Kit) -> dict[str, str]:
    """An id prefix per part, from its path in the workshop folder: a slug, unique, never 'overview'."""
    taken = {"overview"}
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
    """Relative URLs written for the overview (<workshop>/) as seen from the kit (<workshop>/print/)."""
    return _in_tags(html, lambda tag: _RELATIVE_URL.sub(lambda match: f"{match[1]}../", tag))


def _in_tags(html: str, change: Callable[[str], str]) -> str:
    return _START_TAG.sub(lambda match: change(match[0]), html)


def kit_url(workshop: str) -> str:
    return f"{workshop}/print/"
