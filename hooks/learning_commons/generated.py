"""Generated files: what the core asks the site generator to add to the build."""

from __future__ import annotations

from dataclasses import dataclass
from posixpath import normpath

from .problems import CommonsError


@dataclass(frozen=True)
class GeneratedFile:
    src_uri: str  # where it would be in docs/: 'tags/retrospective/index.md', 'recent/feed.xml'
    content: str
    in_nav: bool = False


def checked(src_uri: str, content: str, *, in_nav: bool = False) -> GeneratedFile:
    """A generated file whose path provably stays inside the site folder."""
    normal = normpath(src_uri)
    if normal != src_uri or normal.startswith(("/", "..")) or "\\" in src_uri or "\0" in src_uri:
        raise CommonsError(f"refusing to generate {src_uri!r}: the path would leave the site folder")
    return GeneratedFile(src_uri, content, in_nav)
