"""Search: what each page tells the index, and the index itself, built by Pagefind after the site is written.

Pagefind writes a chunked index into the site (``pagefind/``): a query loads only the chunks it needs,
instead of Material's whole-site index on the first keystroke. A build feeds it each page as the page is
written (searchindex.py); the preview runs it over the written site. What it indexes is steered by
attributes the templates write: ``data-pagefind-body`` around a content page's text (pages
without it, such as listings, tag pages and kits, are left out), ``data-pagefind-ignore`` on the header and
footer, and the hidden facts written here: the page's type and tags as filters, its summary as metadata,
and a sentence naming its tags with their aliases from the vocabulary, indexed as words: searching
`postmortem` finds the pages tagged `incident-review`, and the excerpt says why ("Tagged incident-review,
also called postmortem"). A filter alone would not do: Pagefind answers a search without words by
loading every chunk of the index, which at 5,000 pages is what Material's search downloads.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from .markup import esc
from .model import Kind, Page
from .vocabulary import Vocabulary

FOLDER = "pagefind"  # below the site folder
# Section indexes list their pages in tables: in a search excerpt they read as a wall of words. The
# permalink signs after headings (¶) are not words either.
EXCLUDED = "[data-lc-section-index] table, .headerlink"
TIMEOUT_S = 600

TYPE_LABELS = {
    Kind.PLAYBOOK: "Playbook",
    Kind.LESSON: "Lesson",
    Kind.WORKSHOP: "Workshop",
    Kind.WORKSHOP_PART: "Workshop",
    Kind.PAGE: "Page",
}


def search_facts_html(page: Page, vocabulary: Vocabulary | None) -> str:
    """The facts the index keeps about a page, in elements no reader sees.

    The filters and metadata are in an element Pagefind does not index (``data-pagefind-ignore``: it still
    reads them), so they never show up in excerpts; the sentence about the tags is indexed.
    """
    facts = [f'<span data-pagefind-filter="type">{esc(TYPE_LABELS[page.kind])}</span>']
    facts += [f'<span data-pagefind-filter="tag">{esc(tag)}</span>' for tag in page.tags]
    facts.append(f'<span data-pagefind-meta="summary">{esc(page.summary)}</span>')
    if page.tags:
        facts.append(f'<span data-pagefind-meta="tags">{esc(", ".join(page.tags))}</span>')
    html = f"<div hidden data-pagefind-ignore>{''.join(facts)}</div>"
    if page.tags:
        html += f'<p hidden data-pagefind-weight="2">{esc(tags_sentence(page.tags, vocabulary))}</p>'
    return html


def tags_sentence(tags: tuple[str, ...], vocabulary: Vocabulary | None) -> str:
    """'Tagged incident-review, also called postmortem or post-mortem. Tagged …': words to find a page by."""
    sentences = []
    for name in tags:
        tag = vocabulary.tags.get(name) if vocabulary is not None else None
        aliases = list(tag.aliases) if tag is not None else []
        if len(aliases) > 1:
            aliases = [", ".join(aliases[:-1]) + " or " + aliases[-1]]
        sentences.append(f"Tagged {name}" + (f", also called {aliases[0]}." if aliases else "."))
    return " ".join(sentences)


def index_command(site_dir: Path) -> list[str]:
    """Pagefind over the built site, from the environment running the build (the `pagefind[bin]` package)."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        FOLDER,
        "--exclude-selectors",
        EXCLUDED,
        "--silent",
    ]


def missing() -> str | None:
    """Why the index cannot be built here, or None."""
    if importlib.util.find_spec("pagefind") is None:
        return "Pagefind is not installed, so the site has no search — run `make setup` (it comes with requirements.txt)"
    return None


def start_index(site_dir: Path) -> subprocess.Popen[bytes] | None:
    """Index the written site in the background (the preview reloads at once; search follows when done).

    A dirty rebuild writes only the pages that changed, so the preview's index is made from the site folder,
    not fed from the build."""
    if missing() is not None:
        return None
    return subprocess.Popen(index_command(site_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
