"""Workshop kits: the agenda with start offsets, and one printable page per workshop."""

from __future__ import annotations

from collections import defaultdict

from .generated import GeneratedFile, checked
from .markup import esc, generated_markdown
from .model import Kind, Page, Part

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


def kit_markdown(overview: Page, parts: list[Page]) -> str:
    """Overview, exercises and handout on one page, in order, for the browser's print-to-PDF."""
    sections = [
        '<p class="lc-lead lc-no-print">Everything participants need from this workshop on one page: '
        "use your browser's <em>Print</em> (or <em>Save as PDF</em>). Navigation and facilitator notes are "
        "left out of the printout.</p>",
        # A part title of its own, so the overview's shifted headings (h3) follow an h2 like the other parts'.
        '<h2 class="lc-kit-overview">Overview</h2>',
        agenda_html(overview),
        _shift_headings(overview.body),
    ]
    for page in parts:
        sections.append(f'<h2 class="lc-kit-part">{esc(page.title)}</h2>')
        sections.append(_shift_headings(page.body))
    title = f"{overview.title}: printable kit"
    return generated_markdown(
        title,
        "\n\n".join(sections),
        summary=overview.summary,
        hide=("navigation", "toc"),
        searchable=False,  # the kit repeats its workshop's pages, which search already finds
    )


def _shift_headings(markdown: str) -> str:
    """Each part's headings go one level down, so the part titles stay on top."""
    lines = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if (
            not fenced
            and line.startswith("#")
            and line.lstrip("#").startswith(" ")
            and len(line) - len(line.lstrip("#")) < 6
        ):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines)


def kit_files(pages: dict[str, Page]) -> list[GeneratedFile]:
    by_workshop: dict[str, list[Page]] = defaultdict(list)
    for page in pages.values():
        if page.workshop and page.kind in (Kind.WORKSHOP, Kind.WORKSHOP_PART):
            by_workshop[page.workshop].append(page)
    files = []
    for workshop, members in sorted(by_workshop.items()):
        overview = next((page for page in members if page.part is Part.OVERVIEW), None)
        if overview is None:
            continue
        parts = sorted(
            (page for page in members if page.part in KIT_ORDER[1:]),
            key=lambda page: (KIT_ORDER.index(page.part), page.src_uri),
        )
        files.append(checked(f"{workshop}/print.md", kit_markdown(overview, parts)))
    return files


def kit_url(workshop: str) -> str:
    return f"{workshop}/print/"
