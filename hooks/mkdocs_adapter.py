"""The MkDocs adapter: the only code that knows MkDocs. It translates build events into calls on the
core package (hooks/learning_commons) and the results back into MkDocs objects.

Hook files are loaded once per process, so `mkdocs serve` keeps this module's state between rebuilds;
everything that depends on the content is recomputed in on_files, the history through its cache.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from learning_commons import site
from learning_commons.problems import CommonsError, Problem
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage

log = logging.getLogger("mkdocs.hooks.learning_commons")

_state: dict[str, Any] = {"build": None, "serving": False}


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.use_directory_urls:
        raise PluginError(
            "Learning Commons needs use_directory_urls: true in mkdocs.yml — remove the setting"
        )
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    project = site.Project(
        config_dir=Path(config.config_file_path).parent,
        docs_dir=Path(config.docs_dir),
        site_url=config.site_url or "",
        site_name=config.site_name,
        raw_settings=config.extra.get("commons"),
    )
    try:
        build = site.build(project, os.environ, serving=_state["serving"])
    except CommonsError as error:
        raise PluginError(str(error)) from None
    _state["build"] = build
    for notice in build.notices:
        getattr(log, notice.level)(notice.message)
    _report(build.problems)
    # Symbolic links, undecodable and hazardous pages are never handed to MkDocs, even in a preview.
    for file in [file for file in files if build.wiki.is_refused(file.src_uri)]:
        files.remove(file)
    for generated in build.generated:
        if files.get_file_from_path(generated.src_uri) is not None:
            files.remove(files.get_file_from_path(generated.src_uri))
        files.append(
            File.generated(
                config,
                generated.src_uri,
                content=generated.content,
                inclusion=InclusionLevel.INCLUDED if generated.in_nav else InclusionLevel.NOT_IN_NAV,
            )
        )
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    order = site.NAV_ORDER
    nav.items.sort(
        key=lambda item: order.index(_section_of(item)) if _section_of(item) in order else len(order)
    )
    # Large sections keep only their index page in the sidebar; the index page lists the rest.
    build: site.Build = _state["build"]
    for section in [item for item in _walk(nav.items) if isinstance(item, Section)]:
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
    return nav


def _is_index_of_folder(item: Any) -> bool:
    return isinstance(item, MkDocsPage) and item.file.src_uri.endswith("/index.md")


def _walk(items: list[Any]) -> list[Any]:
    found = []
    for item in items:
        found.append(item)
        found += _walk(getattr(item, "children", None) or [])
    return found


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    build: site.Build = _state["build"]
    view = build.page_view(page.file.src_uri, page.url, parts=False)
    if view is None:
        return markdown
    for key in view.drop:
        page.meta.pop(key, None)
    page.meta.update(view.light_meta)
    if view.problems and not config.strict:
        markdown = view.problems + "\n\n" + markdown
    return markdown


def on_page_context(context: dict[str, Any], page: MkDocsPage, config: MkDocsConfig, nav: Navigation) -> Any:
    # The header, footer and home page parts exist only while their page renders (memory stays flat).
    build: site.Build = _state["build"]
    view = build.page_view(page.file.src_uri, page.url)
    if view is not None:
        page.meta.update(view.parts)
    return context


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    for key in site.PART_KEYS:
        page.meta.pop(key, None)
    return output


def _section_of(item: Any) -> str:
    if getattr(item, "is_page", False):
        return str(item.file.src_uri).split("/")[0]
    children = getattr(item, "children", None) or []
    for child in children:
        return _section_of(child)
    return ""


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        (log.error if problem.is_error else log.warning)(str(problem))
