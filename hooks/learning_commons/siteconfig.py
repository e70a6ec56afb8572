"""Read what the scripts need from mkdocs.yml without importing MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import CommonsError


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name and !ENV tags; the scripts only need plain settings."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


@dataclass(frozen=True)
class SiteConfig:
    config_file: Path
    docs_dir: Path
    site_url: str
    site_name: str
    raw_settings: Any
    markdown_extensions: Any = None  # as written: names, and mappings of a name to its settings


def read_site_config(config_file: Path) -> SiteConfig:
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except OSError as error:
        raise CommonsError(
            f"{config_file}: cannot read ({error.strerror}) — run from the wiki's folder"
        ) from None
    except UnicodeDecodeError as error:
        raise CommonsError(f"{config_file}: not UTF-8 text ({error.reason}) — save it as UTF-8") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{config_file}:{mark.line + 1}" if mark else str(config_file)
        why = " ".join(part for part in (error.problem, error.context) if part)
        raise CommonsError(f"{where}: not valid YAML ({why})") from None
    except yaml.YAMLError as error:
        raise CommonsError(f"{config_file}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise CommonsError(f"{config_file}: must be a mapping of settings")
    extra = data.get("extra") or {}
    return SiteConfig(
        config_file=config_file,
        docs_dir=(config_file.parent / str(data.get("docs_dir", "docs"))).resolve(),
        site_url=str(data.get("site_url") or ""),
        site_name=str(data.get("site_name") or ""),
        raw_settings=extra.get("commons") if isinstance(extra, dict) else None,
        markdown_extensions=data.get("markdown_extensions"),
    )
