"""What each page of the live preview shows of the other pages' navigation.

`mkdocs serve --dirty` rebuilds only the pages whose file changed, so after an edit the other pages kept
the tabs, sidebar and previous/next links of the build before. A page whose key here changed between two
rebuilds is out of date even though its own file is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class NavEntry:
    """A page or a section of the site navigation, as the theme shows it."""

    title: str | None
    src_uri: str | None = None  # a page's; None for a section or a link
    url: str | None = None  # a page's or a link's; None for a section
    children: tuple[NavEntry, ...] = ()

    def first_page(self) -> NavEntry | None:
        """Where the entry's link leads: a section's is its first page's (a tab links there)."""
        if self.url is not None:
            return self
        return next((page for child in self.children if (page := child.first_page()) is not None), None)


@dataclass(frozen=True)
class NavKeys:
    pages: dict[str, int]  # by src_uri, for the pages in the navigation
    outside: int  # for pages outside it (tag pages, drafts): they show the tabs only


def nav_keys(top: tuple[NavEntry, ...]) -> NavKeys:
    """Per page, a number of what its tabs, sidebar and previous/next links show of other pages.

    A page shows the top-level entries (its tabs), every entry beside each of its ancestors and itself
    (the sidebar; Material's navigation.prune leaves out the rest), and its previous and next page.
    """
    sidebars = list(_sidebars(top, ()))
    order: list[NavEntry | None] = [page for _, page, _ in sidebars]
    keys = {
        src_uri: hash((sidebar, _shown(before), _shown(after)))
        for (src_uri, _, sidebar), before, after in zip(
            sidebars, [None, *order[:-1]], [*order[1:], None], strict=True
        )
    }
    return NavKeys(keys, hash(tuple(_shown(entry) for entry in top)))


def _sidebars(
    entries: tuple[NavEntry, ...], above: tuple[object, ...]
) -> Iterator[tuple[str, NavEntry, tuple[object, ...]]]:
    """Every page in navigation order, with the entries its sidebar lists at each level down to it."""
    level = (*above, tuple(_shown(entry) for entry in entries))
    for entry in entries:
        if entry.src_uri is not None:
            yield entry.src_uri, entry, level
        yield from _sidebars(entry.children, level)


def _shown(entry: NavEntry | None) -> tuple[str | None, str | None] | None:
    """What a link to the entry shows: its title, and where it leads."""
    if entry is None:
        return None
    first = entry.first_page()
    return entry.title, first.url if first is not None else None
