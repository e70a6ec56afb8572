"""One build of the wiki: settings, pages, history and generated files, computed once per build."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import clock
from .actions import action_files, open_actions, overdue_problems, with_lesson_actions
from .addresses import reserved_address_problems
from .content import read_wiki
from .contributors import contributor_files
from .csp import for_preview
from .generated import GeneratedFile
from .history import History, HistoryCache, HistorySettings, Notice, disabled_history, read_history
from .home import contribute, entry_points, most_used_tags
from .htmlpolicy import CheckedBody, check_body, problems_box
from .links import Backlink, backlinks, related_pages
from .listing import Listing
from .markup import element_ids, esc
from .migration import backlog
from .model import Kind, Page, Wiki, index_page, is_index_page
from .months import months_before, window
from .newpages import github_repository, new_page_links, new_page_urls
from .pageview import PART_KEYS, Connections, PageView, nav_title, page_view, view_key
from .problems import Problem
from .pulse import PageActivity, Pulse, PulseInput, measure, page_activity
from .pulsepage import home_headline, pulse_files
from .recent import Recent, home_recent, recent, recent_files
from .review import GUIDE, Review, review_files, reviews
from .search import search_facts_html
from .sections import folder_of, large_sections, section_listing
from .settings import Settings, read_settings
from .tagpages import tag_files, tag_uses
from .templates import SECTIONS
from .text import one_line
from .workshops import Kit, guide_rank, kit_files, kit_html, kits, short_title

# The top tabs, at most seven: what readers come for (the home page, the three kinds of content, what
# changed, tags), then About. Sections not listed follow in MkDocs' order.
NAV_ORDER = ["index.md", "README.md", "playbooks", "lessons", "workshops", "recent", "tags", "about"]
# Under the About tab: who writes here, how the learning culture is doing (the pulse) and how to join in
# (a top-level folder or a page's src_uri), then a section for the people who keep the wiki running: the
# review queue, build performance, site quality.
ABOUT_TAB = "about"
ABOUT_ITEMS = ("contributors", "pulse", "contributing")
MAINTAINING_TITLE = "Maintaining this wiki"
MAINTAINING_ITEMS = ("review", "about/performance.md", "about/quality.md")


_history_cache = HistoryCache()

__all__ = [
    "ABOUT_ITEMS",
    "ABOUT_TAB",
    "MAINTAINING_ITEMS",
    "MAINTAINING_TITLE",
    "NAV_ORDER",
    "PART_KEYS",
    "Build",
    "Project",
    "build",
    "element_ids",
    "folder_of",
    "for_preview",
    "kit_html",
    "one_line",
    "problems_box",
]


@dataclass(frozen=True)
class Project:
    config_dir: Path
    docs_dir: Path
    site_url: str
    site_name: str
    raw_settings: Any
    repo_url: str = ""
    edit_uri: str = ""


@dataclass
class Build:
    settings: Settings
    wiki: Wiki
    history: History
    listing: Listing
    recent: Recent
    generated: list[GeneratedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    _problems_by_path: dict[str, list[Problem]] = field(default_factory=dict)
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    related: dict[str, list[Page]] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    large_sections: dict[str, list[Page]] = field(default_factory=dict)  # by folder
    kits: dict[str, Kit] = field(default_factory=dict)  # by the kit's src_uri
    today: dt.date = dt.date.min
    new_page_urls: dict[str, str] = field(default_factory=dict)  # the web editor on a new page, by type
    pulse: Pulse | None = None

    @property
    def kit_sources(self) -> set[str]:
        """The pages whose rendered HTML some printable kit reuses."""
        return {source for kit in self.kits.values() for source in kit.sources}

    def sidebar_entry(self, src_uri: str) -> tuple[int, str] | None:
        """A workshop page's place among its workshop's pages and its sidebar title (escaped); None for
        other pages, which keep their place and title."""
        page = self.wiki.pages.get(src_uri)
        if page is None or not page.workshop:
            return None
        overview = self.wiki.pages.get(f"{page.workshop}/index.md")
        return guide_rank(page), esc(short_title(page, overview.title if overview else ""))

    def page_content(self, src_uri: str, html: str) -> str:
        """A page's converted HTML with what the build adds inside its text (a lesson's action items)."""
        page = self.wiki.pages.get(src_uri)
        if page is None or page.kind is not Kind.LESSON:
            return html
        return with_lesson_actions(html, page, self.today)

    def check_html(self, src_uri: str, html: str, source_file: str | None) -> CheckedBody | None:
        """What the HTML policy refuses in a contributor's page, ``html`` being its converted body and
        ``source_file`` its Markdown (read only to find the line of a problem); None for a generated page."""
        page = self.wiki.pages.get(src_uri)
        if page is None or source_file is None:  # a generated page: its HTML is the core's own
            return None
        return check_body(
            html, page.path, lambda: Path(source_file).read_text(encoding="utf-8-sig", errors="replace")
        )

    @property
    def home(self) -> str | None:
        """The home page's source: index.md, or README.md when the docs folder has no index.md."""
        return index_page("", self.wiki.pages)

    def page_view(self, src_uri: str, url: str, *, parts: bool = True) -> PageView | None:
        """What MkDocs needs of a page: metadata, and with ``parts`` the HTML rendered around it."""
        page = self.wiki.pages.get(src_uri)
        if page is None:
            return None
        connections = self._connections(src_uri)
        problems = self._problems_by_path.get(page.path, [])
        view = page_view(page, url, self.listing, problems, connections, parts=parts)
        is_home = src_uri == self.home
        if is_home:
            view.meta.pop("revision_date", None)  # the home page shows no "last updated" of its own
        if not parts:
            return view
        view.meta["commons_search"] = search_facts_html(page, self.wiki.vocabulary)
        folder = folder_of(src_uri)
        is_index = is_index_page(src_uri, self.wiki.pages)
        if is_index and folder in self.large_sections:
            entries = section_listing(self.large_sections[folder], url)
            view.meta["commons_footer"] = entries + view.meta.get("commons_footer", "")
        section_type = next(
            (kind for kind, section in SECTIONS.items() if is_index and folder == section), None
        )
        if section_type is not None and section_type in self.new_page_urls:
            links = new_page_links(self.new_page_urls, (section_type,))
            view.meta["commons_header"] = (
                view.meta.get("commons_header", "") + f'<p class="lc-write">{links}</p>'
            )
        if is_home:
            pages = self.wiki.pages
            view.meta["commons_home_recent"] = home_recent(
                self.recent, self.settings.home_recent, self.listing.zone
            )
            view.meta["commons_home_entries"] = entry_points(pages)
            view.meta["commons_home_tags"] = most_used_tags(pages)
            view.meta["commons_home_contribute"] = contribute(new_page_links(self.new_page_urls))
            view.meta["commons_home_pulse"] = home_headline(self.pulse) if self.pulse else ""
            view.meta["commons_footer"] = ""
            view.meta["commons_header"] = ""  # the home page has a design of its own
        return view

    def _connections(self, src_uri: str) -> Connections:
        return Connections(
            today=self.today,
            backlinks=self.backlinks.get(src_uri, []),
            related=self.related.get(src_uri, []),
            review=self.reviews.get(src_uri),
        )

    def view_keys(self) -> dict[str, int]:
        """Per page, a number that changes whenever what the build shows on the page changes.

        The same inputs as ``page_view``, and the pages its links lead to (MkDocs rewrites only those into
        links to the built page). The home page and the index pages of large sections list other pages.
        """
        targets: dict[str, list[str]] = defaultdict(list)
        for target, links in self.backlinks.items():
            for link in links:
                targets[link.source.src_uri].append(target)
        keys = {}
        for src_uri, page in self.wiki.pages.items():
            problems = self._problems_by_path.get(page.path, [])
            key = view_key(page, self.listing, problems, self._connections(src_uri))
            keys[src_uri] = hash((key, tuple(sorted(targets.get(src_uri, ())))))
        for folder, entries in self.large_sections.items():
            if (index := index_page(folder, keys)) is not None:
                listed = tuple((page.src_uri, page.title, page.summary, page.kind) for page in entries)
                keys[index] = hash((keys[index], listed))
        if self.home is not None and (home := self.page_view(self.home, "")) is not None:
            keys[self.home] = hash((keys[self.home], repr(sorted(home.parts.items()))))
        return keys

    def nav_title(self, src_uri: str) -> str | None:
        """The title the nav shows for a page, generated or not, known before MkDocs reads the page."""
        page = self.wiki.pages.get(src_uri)
        return nav_title(page) if page is not None else self._generated_titles.get(src_uri)

    @cached_property
    def _generated_titles(self) -> dict[str, str]:
        return {file.src_uri: file.title for file in self.generated if file.title is not None}


def build(project: Project, environ: Mapping[str, str], *, serving: bool = False) -> Build:
    settings, problems = read_settings(project.raw_settings)
    now = clock.now(environ)
    history_settings = history_settings_of(settings)
    # The history first: parsing the log leaves garbage behind, which the pages' model, read next, reuses
    # (the other way round the build's peak memory was 8 MB higher at 5,000 pages).
    # `mkdocs serve` keeps the parsed log between rebuilds; a one-off build lets it go once indexed.
    if serving:
        history = _history_cache.get(project.docs_dir, history_settings, environ)
    else:
        history = read_history(project.docs_dir, history_settings, environ=environ)
    wiki = read_wiki(
        project.docs_dir,
        settings,
        display_root=project.config_dir,
        today=clock.local_date(now, settings.timezone),
    )
    site_url = site_root(project.site_url)
    today = clock.local_date(now, settings.timezone)
    learned = recent(wiki.pages, history, now, settings.recent_days)
    activity = pulse_activity(history, settings, today)
    history = history.without_changes()  # from here on only dates and authors are needed
    listing = Listing(history, settings.timezone, now, site_url)
    while True:
        schedule = review_schedule(wiki, history, settings)
        workshop_kits = kits(wiki.pages, site_url)
        pulse = learning_pulse(wiki, history, activity, schedule, settings, today)
        generated = generated_files(
            project, wiki, settings, listing, learned, schedule, workshop_kits, today, pulse
        )
        clashes = reserved_address_problems(wiki, [file.src_uri for file in generated])
        if not clashes:
            break
        # Rare: a file where a generated one goes. It is left out, and what the pages make is made again
        # without it (a page at workshops/w/participant-pack.md would be a part of the very pack it clashes with).
        problems += leave_out(wiki, clashes)
        learned = learned.without_pages_outside(wiki.pages)
    incoming, outgoing = backlinks(wiki.pages)
    if settings.warn_overdue_actions:
        problems += overdue_problems(open_actions(wiki.pages, today))
    all_problems = problems + sorted(wiki.problems, key=lambda p: (p.path, p.line, p.message))
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for problem in all_problems:
        by_path[problem.path].append(problem)
    return Build(
        settings=settings,
        wiki=wiki,
        history=history,
        listing=listing,
        recent=learned,
        generated=generated,
        problems=all_problems,
        notices=list(history.notices) + pending_notices(wiki, settings),
        _problems_by_path=dict(by_path),
        backlinks=incoming,
        related=related_pages(wiki.pages, outgoing, incoming),
        reviews={review.page.src_uri: review for review in schedule},
        large_sections=large_sections(wiki.pages, settings.nav_section_limit),
        kits={kit.src_uri: kit for kit in workshop_kits},
        today=today,
        new_page_urls=new_page_urls(github_repository(project.repo_url, project.edit_uri), today),
        pulse=pulse,
    )


def history_settings_of(settings: Settings) -> HistorySettings:
    """What the history needs of the site's settings: the build and scripts/check.py read it alike."""
    return HistorySettings(
        enabled=settings.history,
        bulk_commit_pages=settings.bulk_commit_pages,
        small_edit_lines=settings.small_edit_lines,
        bots=settings.bots,
    )


def pulse_activity(history: History, settings: Settings, today: dt.date) -> PageActivity:
    """What the pulse needs of the change lists, before the build lets them go: its window and as many
    months before, for the comparisons."""
    first = window(today, settings.pulse_months)[0]
    return page_activity(history, settings.timezone, months_before(first, settings.pulse_months))


def learning_pulse(
    wiki: Wiki,
    history: History,
    activity: PageActivity,
    schedule: list[Review],
    settings: Settings,
    today: dt.date,
) -> Pulse:
    return measure(
        PulseInput(
            pages=wiki.pages,
            activity=activity,
            history=history,
            reviews=schedule,
            today=today,
            zone=settings.timezone,
            months=settings.pulse_months,
            soon_days=settings.review_soon_days,
            teams=settings.teams,
        )
    )


def review_schedule(wiki: Wiki, history: History, settings: Settings) -> list[Review]:
    """Every page's review cycle; a page without `reviewed` counts from its last update in git."""
    updated = {
        src_uri: clock.local_date(when, settings.timezone)
        for src_uri in wiki.pages
        if (when := history.page(src_uri).updated or history.page(src_uri).created) is not None
    }
    return reviews(wiki.pages, settings.review_every, updated)


def generated_files(
    project: Project,
    wiki: Wiki,
    settings: Settings,
    listing: Listing,
    learned: Recent,
    schedule: list[Review],
    workshop_kits: list[Kit],
    today: dt.date,
    pulse: Pulse,
) -> list[GeneratedFile]:
    """Every page and feed the wiki generates (their bodies are made when they render)."""
    pages = list(wiki.pages.values())
    return (
        tag_files(tag_uses(wiki.vocabulary, pages, listing), listing, project.site_name)  # type: ignore[arg-type]
        + recent_files(learned, listing, project.site_name)
        + contributor_files(
            listing.history,
            wiki.pages,
            listing,
            teams=settings.teams,
            person_pages_from=settings.person_pages_from,
        )
        + action_files(wiki.pages, today)
        + kit_files(workshop_kits)
        + review_files(
            schedule,
            today,
            settings.review_soon_days,
            backlog(wiki.pending, settings.migration_until, today),
            guide=GUIDE in wiki.pages,
        )
        + pulse_files(pulse)
    )


def leave_out(wiki: Wiki, clashes: dict[str, Problem]) -> list[Problem]:
    """Refuse every file that clashes with a generated one; their problems."""
    for src_uri in clashes:
        wiki.refused.add(src_uri)
        wiki.pages.pop(src_uri, None)
        if src_uri in wiki.static:
            wiki.static.remove(src_uri)
    return list(clashes.values())


def reserved_addresses(
    project: Project, wiki: Wiki, settings: Settings, now: dt.datetime
) -> dict[str, Problem]:
    """The contributors' files (by src_uri) that would take a generated file's address. Computed without
    git history, which decides what the generated pages say, never where they go."""
    history = disabled_history()
    listing = Listing(history, settings.timezone, now, site_root(project.site_url))
    schedule = review_schedule(wiki, history, settings)
    today = clock.local_date(now, settings.timezone)
    nothing = Recent([], [], settings.recent_days)
    site_url = site_root(project.site_url)
    pulse = learning_pulse(wiki, history, {}, schedule, settings, today)
    generated = generated_files(
        project, wiki, settings, listing, nothing, schedule, kits(wiki.pages, site_url), today, pulse
    )
    return reserved_address_problems(wiki, [file.src_uri for file in generated])


def site_root(site_url: str) -> str:
    return site_url.rstrip("/") + "/" if site_url else ""


def pending_notices(wiki: Wiki, settings: Settings) -> list[Notice]:
    """One line in the build's log for all that adopted pages still lack (each page is listed by make check)."""
    if not wiki.pending or settings.migration_until is None:
        return []
    pages = len({problem.path for problem in wiki.pending})
    until = settings.migration_until.isoformat()
    return [
        Notice(
            "info",
            f"{pages} adopted page(s) still lack parts of the content model; the build fails on them after "
            f"{until} — run make check for the list, the review page counts them",
        )
    ]
