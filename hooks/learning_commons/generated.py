"""Generated files: what the core asks the site generator to add to the build."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from posixpath import normpath

from .problems import CommonsError


@dataclass(frozen=True)
class PageSource:
    """A generated page: front matter for the site generator, and a body that is already HTML.

    The body never goes through Markdown: Python-Markdown parses raw HTML with html.parser, which made
    converting the generated listings (a few MB of HTML at 5,000 pages) cost more than writing them.
    It is made when the page renders (``body()``), so a build never holds every tag page at once.
    """

    front_matter: str
    body: Callable[[], str]
    title: str = ""  # escaped, as the front matter has it: the nav shows it even when the page is not read

    @property
    def text(self) -> str:
        return self.front_matter + self.body()


@dataclass(frozen=True)
class GeneratedFile:
    src_uri: str  # where it would be in docs/: 'tags/retrospective/index.md', 'recent/feed.xml'
    content: str  # what the site generator reads: a page's front matter, or a whole feed
    in_nav: bool = False
    body: Callable[[], str] | None = None  # a page's HTML body, in place of what its Markdown converts to
    title: str | None = None  # a page's title, escaped as in its front matter

    @property
    def text(self) -> str:
        """Everything the file says, front matter and body (for comparing builds and for tests)."""
        return self.content + (self.body() if self.body is not None else "")


def checked(src_uri: str, source: str | PageSource, *, in_nav: bool = False) -> GeneratedFile:
    """A generated file whose path provably stays inside the site folder."""
    normal = normpath(src_uri)
    if normal != src_uri or normal.startswith(("/", "..")) or "\\" in src_uri or "\0" in src_uri:
        raise CommonsError(f"refusing to generate {src_uri!r}: the path would leave the site folder")
    if isinstance(source, PageSource):
        return GeneratedFile(src_uri, source.front_matter, in_nav, source.body, source.title)
    return GeneratedFile(src_uri, source, in_nav)
