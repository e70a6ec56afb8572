"""Large sections: past a size, a folder's pages leave the sidebar and its index page lists them instead.

Material renders the whole active section into the sidebar of every page in it. A section of 1,700
lessons puts 1,700 links on each of those pages (600 KB of HTML a page, 3 GB for a 5,000-page wiki); at
that size the list helps nobody, while the section's index page, search and tags do.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from .markup import esc, kind_badge, page_link
from .model import INDEX_NAMES, Page, is_index_page


def folder_of(src_uri: str) -> str:
    return posixpath.dirname(src_uri)


def section_entries(pages: dict[str, Page]) -> dict[str, list[Page]]:
    """Per folder, what its sidebar section would list: its pages and the index pages of its subfolders."""
    entries: dict[str, list[Page]] = defaultdict(list)
    for src_uri, page in pages.items():
        folder = folder_of(src_uri)
        if is_index_page(src_uri, pages):
            if folder:
                entries[folder_of(folder)].append(page)
        elif posixpath.basename(src_uri) not in INDEX_NAMES:  # a README.md beside index.md is left out
            entries[folder].append(page)
    return entries


def large_sections(pages: dict[str, Page], limit: int) -> dict[str, list[Page]]:
    """The folders (not the site root) with more sidebar entries than ``limit``, with their entries by title."""
    return {
        folder: sorted(found, key=lambda page: (page.title.casefold(), page.src_uri))
        for folder, found in section_entries(pages).items()
        if folder and len(found) > limit
    }


def section_listing(entries: list[Page], url: str) -> str:
    """The list an index page of a large section shows, since the sidebar no longer does."""
    items = "".join(
        f"<li>{page_link(page, url)} {kind_badge(page)}"
        f'<br><span class="lc-meta">{esc(page.summary)}</span></li>'
        for page in entries
    )
    return (
        '<section class="lc-section-list" aria-labelledby="all-pages">'
        f'<h2 id="all-pages">All {len(entries)} pages in this section</h2>'
        f'<ul class="lc-links">{items}</ul></section>'
    )
