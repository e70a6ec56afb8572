"""Export the wiki for a site generator that runs no hooks (Zensical, or MkDocs without ours).

    python scripts/export.py OUT              # OUT/docs, OUT/mkdocs.yml and OUT/overrides
    python scripts/export.py OUT --force      # replace an earlier export in OUT

The core computes one build, exactly as the MkDocs hook does, and writes it out as plain files:

- every generated page (tag index and tag pages, recently learned and its feed, contributors, actions,
  review, the workshops' printed packs) becomes a Markdown file in the docs folder, its HTML body as a raw HTML block;
- every content page keeps its Markdown and gets what the hook computes for it: its header (kind, tags,
  dates, authors) above the text and its footer (action items, linked from, related) below, and the same
  facts as data in its front matter under `commons:`;
- mkdocs.yml loses its `hooks:` (nothing is left for them to do) and points at the exported docs folder.

The export then builds with `zensical build` or a plain `mkdocs build --strict`, without our code. No
MkDocs import here: the core is engine-free, and this is the way off MkDocs should its hooks stop working.

Exit status: 0 exported; 1 the wiki has problems a build would refuse (listed); 2 cannot export.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from learning_commons import site  # noqa: E402
from learning_commons.frontmatter import split_front_matter  # noqa: E402
from learning_commons.model import Page, page_url  # noqa: E402
from learning_commons.problems import CommonsError  # noqa: E402
from learning_commons.siteconfig import read_site_config  # noqa: E402
from markdown_html import ExtensionsError, converter  # noqa: E402

OK, PROBLEMS, CANNOT_EXPORT = 0, 1, 2
MARKER = ".learning-commons-export"  # in OUT: this folder holds an export, which --force may replace


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml with !ENV and !!python/name tags: kept as they are when the config is written back."""


class _Tagged:
    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(suffix, node)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    data.node.tag = data.tag
    return data.node


_TolerantLoader.add_multi_constructor("", _keep_tag)
yaml.SafeDumper.add_representer(_Tagged, _represent_tagged)


def export_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml for the export: no hooks, the exported docs folder, the theme's overrides beside it."""
    config: dict[str, Any] = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    config.pop("hooks", None)
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = "overrides"
    config["watch"] = [path for path in config.get("watch") or [] if path == "overrides"]
    return config


def facts(page: Page, build: site.Build) -> dict[str, Any]:
    """What the hook computes for a page, as plain data for the front matter's `commons:` mapping."""
    record = build.listing.of(page)
    found: dict[str, Any] = {"kind": page.kind.value}
    if record.created:
        found["created"] = record.created.isoformat()
    if record.updated:
        found["updated"] = record.updated.isoformat()
    if record.authors:
        found["contributors"] = list(record.authors)
    review = build.reviews.get(page.src_uri)
    if review is not None:
        found["review_due"] = review.due.isoformat()
    if links := build.backlinks.get(page.src_uri):
        found["linked_from"] = sorted({link.source.src_uri for link in links})
    if related := build.related.get(page.src_uri):
        found["related"] = [other.src_uri for other in related]
    return found


def content_page(page: Page, source: str, build: site.Build) -> str:
    """The page's own Markdown between its header and footer, its facts added to its front matter."""
    split = split_front_matter(source)
    view = build.page_view(page.src_uri, page_url(page.src_uri))
    meta = view.meta if view is not None else {}
    front = (split.front_matter or "").rstrip("\n")
    data = {"commons": facts(page, build)}
    if revision := meta.get("revision_date"):
        data["revision_date"] = str(revision)
    front += "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    parts = [meta.get("commons_header", ""), split.body, meta.get("commons_footer", "")]
    if page.src_uri == build.home:
        parts[1:1] = [meta.get(key, "") for key in site.PART_KEYS if key.startswith("commons_home_")]
    body = "\n\n".join(part.strip("\n") for part in parts if part)
    return f"---\n{front.strip()}\n---\n\n{body}\n"


def kit_page(kit: Any, build: site.Build, docs_dir: Path, convert: Callable[[str], str]) -> str:
    """A printed edition of a workshop, made as the hook makes it (site.kit_html) from its parts' HTML:
    here converted with the site's Markdown extensions, where the hook reuses what MkDocs converted.
    So a participant pack leaves out the facilitator notes and sections here too."""
    (generated,) = [file for file in build.generated if file.src_uri == kit.src_uri]
    rendered = {
        src_uri: convert(split_front_matter((docs_dir / src_uri).read_text(encoding="utf-8")).body)
        for src_uri in kit.sources
    }
    return generated.content + "\n" + site.kit_html(kit, rendered) + "\n"


def export(config_file: Path, out: Path) -> list[str]:
    """Write the export into ``out``; the build's problems (empty when it would pass --strict)."""
    config = read_site_config(config_file)
    project = site.Project(
        config_dir=config_file.parent,
        docs_dir=config.docs_dir,
        site_url=config.site_url,
        site_name=config.site_name,
        raw_settings=config.raw_settings,
    )
    build = site.build(project, os.environ)
    docs = out / "docs"
    shutil.copytree(config.docs_dir, docs, ignore=_left_out(config.docs_dir, build))
    for src_uri, page in build.wiki.pages.items():
        if build.wiki.is_refused(src_uri):
            continue
        source = (config.docs_dir / src_uri).read_text(encoding="utf-8")
        (docs / src_uri).write_text(content_page(page, source, build), encoding="utf-8")
    kits = build.kits
    convert = converter(config.markdown_extensions, config_file.parent)
    for generated in build.generated:
        target = docs / generated.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if generated.src_uri in kits:
            text = kit_page(kits[generated.src_uri], build, config.docs_dir, convert)
        else:
            text = generated.content + ("\n" + generated.body() if generated.body is not None else "")
        target.write_text(text, encoding="utf-8")
    overrides = config_file.parent / "overrides"
    if overrides.is_dir():
        shutil.copytree(overrides, out / "overrides")
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(export_config(config_file), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (out / MARKER).write_text("Written by scripts/export.py; --force replaces it.\n", encoding="utf-8")
    return [str(problem) for problem in build.problems]  # --strict refuses warnings too


def _left_out(docs_dir: Path, build: site.Build) -> Any:
    """copytree's ignore: symbolic links (they may point anywhere) and pages the build refuses."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        base = Path(folder)
        return {
            name
            for name in names
            if (base / name).is_symlink()
            or build.wiki.is_refused((base / name).relative_to(docs_dir).as_posix())
        }

    return ignore


def prepare(out: Path, force: bool) -> str | None:
    """Why ``out`` cannot take the export, or None. Only an earlier export is ever replaced."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return f"{out} is not a folder"
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            return f"{out} is not empty and holds no earlier export: name a new or empty folder"
        if not force:
            return f"{out} holds an earlier export: add --force to replace it"
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    return None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="export.py",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Exit status: 0 exported, 1 the wiki has problems a strict build refuses, 2 cannot export.",
    )
    parser.add_argument("out", type=Path, help="the folder to write (new, empty, or an earlier export)")
    parser.add_argument(
        "-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml", help="the MkDocs configuration"
    )
    parser.add_argument("--force", action="store_true", help="replace an earlier export in OUT")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = args.out.resolve()
    if (reason := prepare(out, args.force)) is not None:
        print(f"export: {reason}", file=sys.stderr)
        return CANNOT_EXPORT
    try:
        problems = export(args.config_file.resolve(), out)
    except (CommonsError, ExtensionsError, OSError, yaml.YAMLError) as error:
        print(f"export: {error}", file=sys.stderr)
        return CANNOT_EXPORT
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"Exported the wiki to {out}: build it with `zensical build` or `mkdocs build` there")
    return PROBLEMS if problems else OK


if __name__ == "__main__":
    sys.exit(main())
