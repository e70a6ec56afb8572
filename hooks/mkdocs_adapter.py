"""The MkDocs adapter: the only code that knows MkDocs. It translates build events into calls on the
core package (hooks/learning_commons) and the results back into MkDocs objects.

Hook files are loaded once per process, so `mkdocs serve` keeps this module's state between rebuilds;
everything that depends on the content is recomputed in on_files, the history through its cache.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote as urlunquote

from learning_commons import preview, search, searchindex, site, sitefolder
from learning_commons.problems import CommonsError, Problem
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage

log = logging.getLogger("mkdocs.hooks.learning_commons")

_state: dict[str, Any] = {
    "build": None,
    "serving": False,
    "dirty": False,
    "files": None,
    "bodies": {},  # what makes each generated page's HTML body, by src_uri
    "kit_sources": set(),  # pages whose HTML a printable kit reuses
    "rendered": {},  # their HTML as MkDocs converted it, by src_uri (kept between `serve` rebuilds)
    "digests": {},  # what each generated file held in the last build that finished, by src_uri
    "pending_digests": {},  # the same for the build under way, kept once it finishes
    "shown": {},  # what each page showed of the others in the last build that finished, by src_uri
    "pending_shown": {},  # the same for the build under way
    "outputs": set(),  # the files a dirty rebuild wrote or kept, for removing those whose source went
    "indexing": None,  # the preview's search indexing, running in the background
    "indexer": None,  # a build's search index, fed as pages are written
    "last_searchable": None,  # the src_uri of the last page rendered that search indexes
}


class _GeneratedFile(File):
    """A generated file that a dirty rebuild (`mkdocs serve --dirty`) skips when its content is unchanged.

    MkDocs counts every file with in-memory content as modified, so without this each rebuild after an edit
    converted and rendered every tag page, listing and kit again.
    """

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"
    _state["dirty"] = dirty
    if _state["serving"] and dirty:  # on_nav keeps every page's navigation true, see _bring_up_to_date
        logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_build_warning)


def _without_dirty_build_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns on every rebuild of `serve --dirty` that the navigation may be inaccurate."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.use_directory_urls:
        raise PluginError(
            "Learning Commons needs use_directory_urls: true in mkdocs.yml — remove the setting"
        )
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    # Before MkDocs empties the site folder: never a folder holding anything but a build of this wiki.
    problem = sitefolder.site_folder_problem(Path(config.site_dir), config.site_name)
    if problem is not None:
        raise PluginError(problem)
    sitefolder.mark_site_folder(Path(config.site_dir), config.site_name)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    project = site.Project(
        config_dir=Path(config.config_file_path).parent,
        docs_dir=Path(config.docs_dir),
        site_url=config.site_url or "",
        site_name=config.site_name,
        raw_settings=config.extra.get("commons"),
        repo_url=config.repo_url or "",
        edit_uri=config.edit_uri or "",
    )
    try:
        build = site.build(project, os.environ, serving=_state["serving"])
    except CommonsError as error:
        raise PluginError(str(error)) from None
    _state["build"] = build
    for notice in build.notices:
        getattr(log, notice.level)(site.one_line(notice.message))
    _report(build.problems)
    # Symbolic links, undecodable and hazardous pages are never handed to MkDocs, even in a preview.
    for file in [file for file in files if build.wiki.is_refused(file.src_uri)]:
        files.remove(file)
    _drop_refused_snippets(config, build)
    _state["files"] = files
    _state["bodies"] = {file.src_uri: file.body for file in build.generated if file.body is not None}
    kit_sources = _state["kit_sources"] = build.kit_sources
    # Parts that left every kit go: should they come back unchanged, they are converted again.
    _state["rendered"] = {src: html for src, html in _state["rendered"].items() if src in kit_sources}
    previous, _state["pending_digests"], _state["pending_shown"] = _state["digests"], {}, {}
    for generated in build.generated:
        if _is_draft_kit(files, build.kits.get(generated.src_uri)):
            continue
        if (replaced := files.get_file_from_path(generated.src_uri)) is not None:
            files.remove(replaced)
        file = _GeneratedFile.generated(
            config,
            generated.src_uri,
            content=generated.content,
            inclusion=InclusionLevel.INCLUDED if generated.in_nav else InclusionLevel.NOT_IN_NAV,
        )
        if _state["serving"] and _state["dirty"]:  # only a dirty rebuild asks what changed
            body = generated.body() if generated.body is not None else ""
            if generated.body is not None:
                _state["bodies"][generated.src_uri] = lambda body=body: body
            kit = build.kits.get(generated.src_uri)
            text = generated.content + body + (repr(kit) if kit else "")  # a kit: which parts, their titles
            digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass")).digest()
            _state["pending_digests"][generated.src_uri] = digest
            file.changed = previous.get(generated.src_uri) != digest
        files.append(file)
    for kit in build.kits.values():  # a kit changes with its parts
        kit_file = files.get_file_from_path(kit.src_uri)
        if isinstance(kit_file, _GeneratedFile) and not kit_file.changed:
            kit_file.changed = any(_is_modified(files, source) for source in kit.sources)
    return files


def _drop_refused_snippets(config: MkDocsConfig, build: site.Build) -> None:
    """pymdownx.snippets appends its `auto_append` snippets to every page: a refused one (reported with
    its problem) is left out, so that no page reads it. MkDocs makes a new Markdown per page from this."""
    options = config.mdx_configs.get("pymdownx.snippets")
    if not isinstance(options, dict) or not options.get("auto_append"):
        return
    docs_dir = Path(config.docs_dir).resolve()
    bases = options.get("base_path") or ["."]
    folders = []
    for base in [bases] if isinstance(bases, str) else bases:
        base_dir = Path(os.path.abspath(base)).resolve()  # as pymdownx.snippets resolves it
        if base_dir.is_relative_to(docs_dir):
            folders.append(base_dir.relative_to(docs_dir).as_posix())
    options["auto_append"] = [
        name
        for name in options["auto_append"]
        if not any(build.wiki.is_refused(posixpath.normpath(f"{folder}/{name}")) for folder in folders)
    ]


def _is_draft_kit(files: Files, kit: Any) -> bool:
    """A kit whose overview is a draft (draft_docs) is not published."""
    overview = files.get_file_from_path(kit.overview.src_uri) if kit is not None else None
    return overview is not None and overview.inclusion.is_excluded()


def _is_modified(files: Files, src_uri: str) -> bool:
    file = files.get_file_from_path(src_uri)
    return file is None or file.is_modified()


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    order = site.NAV_ORDER
    nav.items.sort(
        key=lambda item: order.index(_section_of(item)) if _section_of(item) in order else len(order)
    )
    _group_under_about(nav)
    # Large sections keep only their index page in the sidebar; the index page lists the rest.
    build: site.Build = _state["build"]
    for section in [item for item in _walk(nav.items) if isinstance(item, Section)]:
        _order_workshop(section, build)
        index = next((child for child in section.children if _is_index_of_folder(child)), None)
        if index is not None and site.folder_of(index.file.src_uri) in build.large_sections:
            section.children = [index]
    # MkDocs listed the pages and linked previous/next before this event: redo both.
    for page in nav.pages:
        page.previous_page = page.next_page = None
    nav.pages = [item for item in _walk(nav.items) if isinstance(item, MkDocsPage)]
    for previous, page in zip([None, *nav.pages], nav.pages, strict=False):
        page.previous_page = previous
        if previous is not None:
            previous.next_page = page
    if nav.pages:
        nav.pages[-1].next_page = None
    # Pages outside the navigation (tag pages, person pages) belong where their folder's page is, or to
    # their top folder's tab: the reader keeps the active tab and the sidebar there.
    tops = {_section_of(item): item for item in nav.items if isinstance(item, Section)}
    in_nav = {page.file.src_uri: page for page in nav.pages}
    for file in files.documentation_pages():
        if file.page is not None and file.page.parent is None and file.inclusion.is_not_in_nav():
            file.page.parent = _home_section(file.src_uri, in_nav) or tops.get(file.src_uri.split("/")[0])
    _bring_up_to_date(nav, config, files, build)
    return nav


def _home_section(src_uri: str, in_nav: dict[str, MkDocsPage]) -> Any:
    """The section of the nearest folder page above ``src_uri`` in the navigation ('contributors/x/index.md'
    goes where 'contributors/index.md' is, under About), or None."""
    folder = src_uri.rsplit("/", 1)[0] if "/" in src_uri else ""
    while folder:
        for candidate in (f"{folder}/index.md", f"{folder}/README.md", f"{folder}.md"):
            page = in_nav.get(candidate)
            if page is not None and candidate != src_uri and page.parent is not None:
                return page.parent
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
    return None


def _group_under_about(nav: Navigation) -> None:
    """Maintainer material one click down: site.ABOUT_ITEMS and a "Maintaining this wiki" section go
    under the About tab (made if the wiki has none), so the top tabs stay the readers'."""
    about_items = [item for key in site.ABOUT_ITEMS if (item := _take(nav.items, key)) is not None]
    maintaining = [item for key in site.MAINTAINING_ITEMS if (item := _take(nav.items, key)) is not None]
    if not about_items and not maintaining:
        return
    about = next((i for i in nav.items if isinstance(i, Section) and _section_of(i) == site.ABOUT_TAB), None)
    if about is None:
        about = Section("About", [])
        nav.items.append(about)
    if maintaining:
        about_items.append(Section(site.MAINTAINING_TITLE, maintaining))
    about.children += about_items
    for parent in (about, *[item for item in about_items if isinstance(item, Section)]):
        for child in parent.children:
            child.parent = parent


def _take(items: list[Any], key: str) -> Any:
    """Remove and return the item for ``key``: a page by its src_uri, or a top-level folder's section
    (its only page when it holds one, so the sidebar shows no section of one page)."""
    for item in list(items):
        if isinstance(item, MkDocsPage) and item.file.src_uri == key:
            items.remove(item)
            return item
        if isinstance(item, Section):
            if "/" not in key and not key.endswith(".md") and _section_of(item) == key:
                items.remove(item)
                return item.children[0] if len(item.children) == 1 else item
            if (found := _take(item.children, key)) is not None:
                return found
    return None


def _order_workshop(section: Section, build: site.Build) -> None:
    """A workshop's pages in the guide's order under the workshop's title, each titled without the
    workshop's name in the sidebar (Material's `typeset` attribute, which its typeset plugin sets too)."""
    entries = {
        id(child): entry
        for child in section.children
        if isinstance(child, MkDocsPage) and (entry := build.sidebar_entry(child.file.src_uri)) is not None
    }
    if not entries:
        return
    for child in section.children:
        if id(child) not in entries:
            continue
        if _is_index_of_folder(child):  # the overview: the section takes its title, not the folder's name
            section.title = entries[id(child)][1]
        else:
            child.typeset = {"title": entries[id(child)][1]}
    section.children.sort(key=lambda child: entries[id(child)][0] if id(child) in entries else len(entries))


def _bring_up_to_date(nav: Navigation, config: MkDocsConfig, files: Files, build: site.Build) -> None:
    """A dirty build (`mkdocs serve --dirty`) reads and renders only the pages whose file changed.

    The pages that show something that changed elsewhere (a title in their sidebar, a neighbour, a page
    linking to them, a template) are rebuilt too, and the titles of the pages left unread come from the
    core: MkDocs knows a page's title only once it has read the page, and Material shows "None".
    """
    if not _state["dirty"]:
        return
    pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    if _state["serving"]:  # only `serve` remembers what the last build showed
        keys = preview.nav_keys(tuple(_nav_entries(nav.items, build)))
        views = build.view_keys()
        everywhere = _site_key(config, files)
        previous, pending = _state["shown"], _state["pending_shown"]
        stale = []
        for file in pages:
            shown = hash((everywhere, keys.pages.get(file.src_uri, keys.outside), views.get(file.src_uri)))
            pending[file.src_uri] = shown
            if previous.get(file.src_uri) != shown:
                stale.append(file)
        for file in stale:
            _rebuild(file)
        log.debug(f"{len(stale)} pages show what changed elsewhere: {[file.src_uri for file in stale[:20]]}")
    for file in pages:  # a title set before (by mkdocs.yml's nav, or above) stays
        title = build.nav_title(file.src_uri)
        if file.page is not None and file.page.title is None and title is not None and not file.is_modified():
            file.page.title = title


def _nav_entries(items: list[Any], build: site.Build) -> list[preview.NavEntry]:
    entries = []
    for item in items:
        if isinstance(item, MkDocsPage):  # no page is read yet: a title here was set on purpose
            title = item.title if item.title is not None else build.nav_title(item.file.src_uri)
            entries.append(preview.NavEntry(title, item.file.src_uri, item.url))
        elif isinstance(item, Link):
            entries.append(preview.NavEntry(item.title, url=item.url))
        else:
            children = tuple(_nav_entries(getattr(item, "children", None) or [], build))
            entries.append(preview.NavEntry(item.title, children=children))
    return entries


def _site_key(config: MkDocsConfig, files: Files) -> int:
    """What every page shows: the configuration, the theme overrides, and the files pages may include."""
    watched = [
        Path(file.abs_src_path)
        for file in files
        if file.inclusion is InclusionLevel.EXCLUDED and file.abs_src_path
    ]
    if config.theme.custom_dir:
        watched += [path for path in Path(config.theme.custom_dir).rglob("*") if path.is_file()]
    stamps = tuple((str(path), path.stat().st_mtime_ns) for path in watched if path.is_file())
    return hash((Path(config.config_file_path).read_bytes(), stamps))


def _rebuild(file: File) -> None:
    """Make a dirty build read and render the file again: MkDocs rebuilds an output older than its source."""
    if isinstance(file, _GeneratedFile):
        file.changed = True
    elif os.path.isfile(file.abs_dest_path):
        os.utime(file.abs_dest_path, (0, 0))


def _is_index_of_folder(item: Any) -> bool:
    # MkDocs' own answer: index.md, or README.md in a folder without one (MkDocs dropped the other).
    return isinstance(item, MkDocsPage) and item.is_index and "/" in item.file.src_uri


def _walk(items: list[Any]) -> list[Any]:
    found = []
    for item in items:
        found.append(item)
        found += _walk(getattr(item, "children", None) or [])
    return found


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    build: site.Build = _state["build"]
    view = build.page_view(page.file.src_uri, _core_url(page), parts=False)
    if view is None:
        return markdown
    for key in view.drop:
        page.meta.pop(key, None)
    page.meta.update(view.light_meta)
    if view.problems and not config.strict:
        markdown = view.problems + "\n\n" + markdown
    return markdown


@event_priority(-100)  # after every other plugin's look at the page's Markdown
def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    # The HTML Markdown produced, so raw HTML, attr_list attributes and links are checked alike.
    checked = _state["build"].check_html(page.file.src_uri, html, page.file.abs_src_path)
    if checked is not None and checked.problems:
        _report(checked.problems)
        html = checked.html if config.strict else site.problems_box(checked.problems) + checked.html
    html = _state["build"].page_content(page.file.src_uri, html)
    if page.file.src_uri in _state["kit_sources"]:
        _state["rendered"][page.file.src_uri] = html
    # MkDocs keeps every page's Markdown source to the end of the build, though nothing reads it once
    # converted (13 MB at 5,000 pages). "" and not None: Page.title takes None for "not read yet".
    page.markdown = ""
    return html


@event_priority(50)  # before the search plugin indexes page.content
def on_page_context(context: dict[str, Any], page: MkDocsPage, config: MkDocsConfig, nav: Navigation) -> Any:
    # The header, footer and home page parts exist only while their page renders (memory stays flat).
    build: site.Build = _state["build"]
    view = build.page_view(page.file.src_uri, _core_url(page))
    if view is not None:
        page.meta.update(view.parts)
    # Generated pages get their HTML body only now, and drop it once written (see on_post_page).
    body = _state["bodies"].get(page.file.src_uri)
    if body is not None:
        page.content = body()
    kit = build.kits.get(page.file.src_uri)
    if kit is not None:  # every page is converted before any renders, so the kit's parts are ready
        page.content = site.kit_html(kit, _rendered(kit.sources, config))
    if body is not None or kit is not None:  # MkDocs checks links to their anchors after the last page
        page.present_anchor_ids = site.element_ids(page.content or "")
    return context


def _rendered(sources: tuple[str, ...], config: MkDocsConfig) -> dict[str, str]:
    """The converted HTML of the published ``sources`` (drafts left out). A dirty build skips unchanged
    pages: those come from the previous rebuild of `mkdocs serve`, or are converted here when there was
    none (`build --dirty`)."""
    rendered: dict[str, str] = _state["rendered"]
    found = {}
    for src_uri in sources:
        file = _state["files"].get_file_from_path(src_uri)
        if file is None or file.page is None or file.inclusion.is_excluded():
            continue
        if src_uri not in rendered:
            file.page.read_source(config)
            file.page.render(config, _state["files"])
            content = file.page.content or ""
            checked = _state["build"].check_html(src_uri, content, file.abs_src_path)
            rendered[src_uri] = checked.html if checked is not None else content
        found[src_uri] = rendered[src_uri]
    return found


@event_priority(100)  # first of the plugins' post-build work
def on_post_build(config: MkDocsConfig) -> None:
    # What this build generated counts as built only now: after a failed build, everything is redone.
    _state["digests"] = _state["pending_digests"]
    _state["shown"] = _state["pending_shown"]
    if _state["serving"] and _state["dirty"]:
        _remove_left_behind(config, _state["files"])
    gc.collect()  # see on_env
    _index_for_search(Path(config.site_dir))


def _index_for_search(site_dir: Path) -> None:
    """The search index of the site just written. The preview indexes in the background, so a page
    reloads at once after an edit and search catches up a moment later; a build waits for it."""
    if _state["serving"] and _state["build"].settings.search:
        running = _state["indexing"]
        if running is not None and running.poll() is None:
            running.kill()  # an edit came before the last index was done: index this build instead
            running.wait()
        _state["indexing"] = search.start_index(site_dir)
        if _state["indexing"] is None:
            log.warning(search.missing())
        return
    indexer, _state["indexer"] = _state["indexer"], None
    if indexer is not None and (problem := indexer.finish()) is not None:
        log.error(problem)
    elif indexer is not None:
        log.info(searchindex.summary(indexer))


def _remove_left_behind(config: MkDocsConfig, files: Files) -> None:
    """A dirty build leaves the output of a deleted page (or of a tag no page has any more) in place, and
    the preview would go on serving it."""
    outputs = {file.abs_dest_path for file in files if file.inclusion.is_in_serve()}
    for path in sorted(_state["outputs"] - outputs):
        if os.path.isfile(path):
            os.remove(path)
        folder = os.path.dirname(path)
        while (
            folder.startswith(config.site_dir + os.sep) and os.path.isdir(folder) and not os.listdir(folder)
        ):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
    _state["outputs"] = outputs


@event_priority(100)
def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    # The model the hooks keep alive makes Python's full collections rarer, so garbage of the conversion
    # piled up until the search index was written: 212 to 226 MB peak at 5,000 pages, 213 MB with a
    # collection here (all pages converted) and before the index (each about 0.1 s).
    gc.collect()
    _start_indexing(Path(config.site_dir), files)
    return env


def _start_indexing(site_dir: Path, files: Files) -> None:
    """A build feeds the search index each page as it is written (the pages render next, in the order of
    ``files``); the preview indexes the written site in the background instead (see _index_for_search)."""
    _stop_indexing()
    if _state["serving"] or not _state["build"].settings.search:
        return
    started = searchindex.Indexer.start(site_dir)
    if isinstance(started, str):
        log.error(started)
        return
    _state["indexer"] = started
    wiki_pages = _state["build"].wiki.pages  # the pages with search facts; generated pages have none
    searchable = [file.src_uri for file in files.documentation_pages() if file.src_uri in wiki_pages]
    _state["last_searchable"] = searchable[-1] if searchable else None


def _stop_indexing() -> None:
    if _state["indexer"] is not None:
        _state["indexer"].stop()
        _state["indexer"] = None


def on_build_error(error: Exception) -> None:
    _state["digests"] = {}
    _state["shown"] = {}
    _stop_indexing()


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    for key in site.PART_KEYS:
        page.meta.pop(key, None)
    if page.file.src_uri in _state["bodies"] or page.file.src_uri in _state["build"].kits:
        page.content = None  # generated HTML exists only while its page renders
    if _state["indexer"] is not None:
        _state["indexer"].add("/" + page.url, output)
        if page.file.src_uri == _state["last_searchable"]:
            _state["indexer"].write_soon()  # while the generated pages render
    return site.for_preview(output) if _state["serving"] else output  # live reload is an inline script


def _core_url(page: MkDocsPage) -> str:
    """The page's URL as the core takes it: MkDocs' is percent-encoded ('c%23-tips/'), the core's are not
    (it encodes every link it writes)."""
    return urlunquote(page.url)


def _section_of(item: Any) -> str:
    if getattr(item, "is_page", False):
        return str(item.file.src_uri).split("/")[0]
    children = getattr(item, "children", None) or []
    for child in children:
        return _section_of(child)
    return ""


def _report(problems: list[Problem]) -> None:
    for problem in problems:  # one line each: a name with a newline cannot forge a CI workflow command
        (log.error if problem.is_error else log.warning)(site.one_line(str(problem)))
