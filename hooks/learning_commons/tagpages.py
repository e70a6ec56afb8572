"""The tag index (/tags/) and one page and Atom feed per tag (/tags/<slug>/)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .feeds import atom_feed
from .generated import GeneratedFile, PageSource, checked
from .listing import Listing, page_item
from .markup import esc, generated_page, relative_url, tag_url
from .model import Page
from .text import slugify
from .vocabulary import Vocabulary

MOST_USED = 8
RELATED = 5
FEED_ENTRIES = 50


@dataclass(frozen=True)
class TagUse:
    name: str
    description: str
    pages: tuple[Page, ...]  # newest first
    related: tuple[tuple[str, int], ...]  # co-occurring tags with how many pages share them


def tag_uses(vocabulary: Vocabulary, pages: list[Page], listing: Listing) -> list[TagUse]:
    """Every vocabulary tag that some page uses, sorted by name; computed once for all tags."""
    by_tag: dict[str, list[Page]] = defaultdict(list)
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for page in pages:
        for tag in page.tags:
            by_tag[tag].append(page)
            together[tag].update(other for other in page.tags if other != tag)
    uses = []
    for name in sorted(by_tag, key=lambda name: (name.casefold(), name)):
        description = vocabulary.tags[name].description
        related = sorted(together[name].items(), key=lambda item: (-item[1], item[0]))[:RELATED]
        uses.append(TagUse(name, description, tuple(listing.newest_first(by_tag[name])), tuple(related)))
    return uses


def tag_files(uses: list[TagUse], listing: Listing, site_name: str) -> list[GeneratedFile]:
    files = [checked("tags/index.md", tag_index(uses), in_nav=True)]
    for use in uses:
        slug = slugify(use.name)
        # tags/<slug>/index.md, not tags/<slug>.md: a tag named 'index' would replace the tag index.
        files.append(checked(f"tags/{slug}/index.md", tag_page(use, listing)))
        if listing.site_url:
            entries = [listing.feed_entry(page) for page in use.pages[:FEED_ENTRIES]]
            feed = atom_feed(
                title=f"{site_name}: {use.name}",
                subtitle=use.description,
                feed_url=listing.absolute(f"tags/{slug}/feed.xml"),
                site_url=listing.absolute(tag_url(use.name)),
                entries=[entry for entry in entries if entry is not None],
                updated=listing.now,
            )
            files.append(checked(f"tags/{slug}/feed.xml", feed))
    return files


def tag_index(uses: list[TagUse]) -> PageSource:
    here = "tags/"
    most = sorted(uses, key=lambda use: (-len(use.pages), use.name))[:MOST_USED]
    chips = "".join(
        f'<li><a class="lc-tag" href="{esc(relative_url(here, tag_url(use.name)))}">{esc(use.name)}'
        f' <span class="lc-count">{len(use.pages)}</span></a></li>'
        for use in most
    )
    rows = "".join(
        f'<tr><td><a href="{esc(relative_url(here, tag_url(use.name)))}">{esc(use.name)}</a></td>'
        f"<td>{esc(use.description)}</td><td>{len(use.pages)}</td></tr>"
        for use in uses
    )
    body = (
        '<p class="lc-lead">Every page carries one to six tags from a shared vocabulary. '
        "Pick a tag to see everything the organization has written about it.</p>\n"
        '<h2 id="most-used">Most used</h2>\n'
        f'<ul class="lc-tags lc-tags--large" aria-label="Most used tags">{chips}</ul>\n'
        '<h2 id="all-tags">All tags</h2>\n'
        '<table><thead><tr><th scope="col">Tag</th><th scope="col">What it covers</th>'
        f'<th scope="col">Pages</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    return generated_page("Tags", body, summary="Every tag in the wiki with its pages.")


def tag_page(use: TagUse, listing: Listing) -> PageSource:
    # The body is made when the page renders: the tag pages list every page, most of them several times.
    return generated_page(
        f"Tag: {use.name}", lambda: tag_page_body(use, listing), summary=use.description, searchable=False
    )


def tag_page_body(use: TagUse, listing: Listing) -> str:
    here = tag_url(use.name)
    items = "".join(page_item(page, here, listing) for page in use.pages)
    related = "".join(
        f'<li><a class="lc-tag" href="{esc(relative_url(here, tag_url(name)))}">{esc(name)}'
        f' <span class="lc-count">{count}</span></a></li>'
        for name, count in use.related
    )
    count = len(use.pages)
    body = (
        f'<p class="lc-lead">{esc(use.description)}</p>\n'
        f'<p class="lc-meta">{count} page{"s" if count != 1 else ""}, most recently updated first. '
        f'<a href="{esc(relative_url(here, "tags/"))}">All tags</a>'
        + (' · <a href="feed.xml" type="application/atom+xml">Feed</a>' if listing.site_url else "")
        + "</p>\n"
        f'<ul class="lc-list">{items}</ul>\n'
    )
    if related:
        body += (
            '<h2 id="related-tags">Related tags</h2>\n'
            f'<ul class="lc-tags" aria-label="Related tags">{related}</ul>\n'
        )
    return body
