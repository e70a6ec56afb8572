"""Markdown converted as the build converts it, for checks that look at a page's HTML without building.

MkDocs converts every page with Python-Markdown, its default extensions (toc, tables, fenced_code) and
those of mkdocs.yml's `markdown_extensions`; this does the same without importing MkDocs. Relative
snippet folders (pymdownx.snippets' base_path) are read from the folder of mkdocs.yml, where the build runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown

MKDOCS_DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")


class ExtensionsError(ValueError):
    """mkdocs.yml's markdown_extensions cannot be read or loaded (the message says which)."""


def extension_settings(setting: Any, config_dir: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The extensions' names in order, and the settings of each, from ``markdown_extensions``."""
    names = list(MKDOCS_DEFAULT_EXTENSIONS)
    settings: dict[str, dict[str, Any]] = {}
    for entry in setting or []:
        if isinstance(entry, str):
            name, options = entry, {}
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
            options = options or {}
        else:
            raise ExtensionsError(f"markdown_extensions: cannot read the entry {entry!r}")
        if not isinstance(name, str) or not isinstance(options, dict):
            raise ExtensionsError(f"markdown_extensions: cannot read the entry {entry!r}")
        if name not in names:
            names.append(name)
        settings[name] = dict(options)
    snippets = settings.get("pymdownx.snippets")
    if snippets is not None and "base_path" in snippets:
        folders = snippets["base_path"]
        folders = [folders] if isinstance(folders, str) else folders
        snippets["base_path"] = [str(config_dir / folder) for folder in folders]
    return names, settings


def converter(setting: Any, config_dir: Path) -> Callable[[str], str]:
    """A function from a page's Markdown body to its HTML, with the extensions of ``setting``."""
    names, settings = extension_settings(setting, config_dir)
    try:
        md = markdown.Markdown(extensions=names, extension_configs=settings)
    except Exception as error:  # an extension that is not installed, or a setting it refuses
        raise ExtensionsError(f"markdown_extensions: {error}") from None

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert
