"""One build of the wiki: settings, pages, history and generated files, computed once per build."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import clock
from .content import read_wiki
from .contributors import contributor_files
from .generated import GeneratedFile
from .history import History, HistoryCache, HistorySettings, Notice
from .listing import Listing
from .model import Wiki
from .pageview import PageView, page_view
from .problems import Problem
from .recent import RecentEntry, home_recent, recent_entries, recent_files
from .settings import Settings, read_settings
from .tagpages import tag_files, tag_uses

# Top-level navigation order; sections not listed follow in MkDocs' order.
NAV_ORDER = [
    "index.md",
    "playbooks",
    "lessons",
    "workshops",
    "recent",
    "tags",
    "contributors",
    "about",
    "contributing",
]

_history_cache = HistoryCache()


@dataclass(frozen=True)
class Project:
    config_dir: Path
    docs_dir: Path
    site_url: str
    site_name: str
    raw_settings: Any


@dataclass
class Build:
    settings: Settings
    wiki: Wiki
    history: History
    listing: Listing
    recent: list[RecentEntry]
    generated: list[GeneratedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    _problems_by_path: dict[str, list[Problem]] = field(default_factory=dict)

    def page_view(self, src_uri: str, url: str) -> PageView | None:
        page = self.wiki.pages.get(src_uri)
        if page is None:
            return None
        view = page_view(page, url, self.listing, self._problems_by_path.get(page.path, []))
        if src_uri == "index.md":
            view.meta["commons_home_recent"] = home_recent(
                self.recent, self.settings.home_recent, self.listing.zone
            )
        return view


def build(project: Project, environ: Mapping[str, str]) -> Build:
    settings, problems = read_settings(project.raw_settings)
    now = clock.now(environ)
    wiki = read_wiki(
        project.docs_dir,
        settings,
        display_root=project.config_dir,
        today=clock.local_date(now, settings.timezone),
    )
    history_settings = HistorySettings(
        enabled=settings.history, bulk_commit_pages=settings.bulk_commit_pages, bots=settings.bots
    )
    history = _history_cache.get(project.docs_dir, history_settings, environ)
    site_url = project.site_url.rstrip("/") + "/" if project.site_url else ""
    listing = Listing(history, settings.timezone, now, site_url)
    pages = list(wiki.pages.values())
    recent = recent_entries(wiki.pages, history, now, settings.recent_days)
    generated = (
        tag_files(tag_uses(wiki.vocabulary, pages, listing), listing, project.site_name)  # type: ignore[arg-type]
        + recent_files(recent, listing, settings.recent_days, project.site_name)
        + contributor_files(history, wiki.pages, listing)
    )
    all_problems = problems + sorted(wiki.problems, key=lambda p: (p.path, p.line, p.message))
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for problem in all_problems:
        by_path[problem.path].append(problem)
    return Build(
        settings=settings,
        wiki=wiki,
        history=history,
        listing=listing,
        recent=recent,
        generated=generated,
        problems=all_problems,
        notices=list(history.notices),
        _problems_by_path=dict(by_path),
    )
