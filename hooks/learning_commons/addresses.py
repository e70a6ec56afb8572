"""Where each file is published, and which of a contributor's files would take an address the site needs.

Addresses are compared as published, not as source paths: 'tags.md' and the generated 'tags/index.md'
are both /tags/, and 'feed.xml.md' needs a folder named 'feed.xml' where the generated feed is a file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .model import Wiki, page_url
from .problems import Problem

# What MkDocs and its search plugin write themselves after copying the docs folder.
SITE_GENERATOR_OUTPUTS = ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json")


def published_path(src_uri: str) -> str:
    """The file a source becomes in the site folder: 'a/b.md' -> 'a/b/index.html', 'x.png' -> 'x.png'."""
    return page_url(src_uri) + "index.html" if src_uri.endswith(".md") else src_uri


def address(src_uri: str) -> str:
    """The address readers see, from the site's root: '/tags/', '/feed.xml'."""
    return "/" + (page_url(src_uri) if src_uri.endswith(".md") else src_uri)


def _key(path: str) -> str:
    """Two paths a case-insensitive or normalising file system (macOS, Windows) takes for one."""
    return path.casefold() if path.isascii() else unicodedata.normalize("NFC", path).casefold()


def _folders(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: end + 1]) for end in range(len(parts))]


def reserved_address_problems(wiki: Wiki, generated: Iterable[str]) -> dict[str, Problem]:
    """Each contributor's page or file (by src_uri) where the site writes a file or needs a folder of its own:
    the build would silently replace one with the other, or stop with a traceback. ``generated`` holds
    the src_uris of the generated files."""
    files: dict[str, str] = {}  # a published file -> the generated src_uri that writes it
    folders: dict[str, str] = {}  # a folder the generated files need -> one of them
    for src_uri in [*generated, *SITE_GENERATOR_OUTPUTS]:
        path = published_path(src_uri)
        files.setdefault(_key(path), src_uri)
        for folder in _folders(path):
            folders.setdefault(_key(folder), src_uri)
    problems = {}
    for src_uri in sorted([*wiki.pages, *wiki.static]):
        path = published_path(src_uri)
        # The same file, a file where a folder is needed, or a folder where a file is written.
        clash = files.get(_key(path)) or folders.get(_key(path))
        clash = clash or next((files[key] for key in map(_key, _folders(path)) if key in files), None)
        if clash is None:
            continue
        problems[src_uri] = Problem(
            f"{wiki.shown_docs}/{src_uri}",
            0,
            f"this file would be published at {address(src_uri)}, which clashes with {address(clash)} that "
            "the wiki generates (one would replace the other, or the build would stop)",
            "rename or move the file",
        )
    return problems
