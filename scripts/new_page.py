#!/usr/bin/env python3
"""Start a new page from its type's template, with front matter that already passes the checks.

    python scripts/new_page.py lesson "Our onboarding buddy trial" --tags onboarding,mentoring
    python scripts/new_page.py workshop "Writing good lessons" --tags writing

A workshop is a folder: overview (index.md), facilitator guide, exercises and handout. Prints the paths it
created; refuses to overwrite anything and rejects tags that are not in docs/tags.yml.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from learning_commons import clock  # noqa: E402
from learning_commons.content import page_from_text  # noqa: E402
from learning_commons.problems import CommonsError  # noqa: E402
from learning_commons.schema import TITLE_LIMITS  # noqa: E402
from learning_commons.settings import read_settings  # noqa: E402
from learning_commons.siteconfig import read_site_config  # noqa: E402
from learning_commons.text import slugify  # noqa: E402
from learning_commons.vocabulary import load_vocabulary  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECTIONS = {"playbook": "playbooks", "lesson": "lessons", "workshop": "workshops"}


class Refused(Exception):
    """The page cannot be created; the message says why and what to do."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("type", choices=sorted(SECTIONS), help="the page type")
    parser.add_argument("title", help="the page title (3-90 characters of plain text)")
    parser.add_argument("--tags", required=True, help="comma-separated tags from docs/tags.yml, 1 to 6")
    parser.add_argument("--owner", default="", help="who keeps the page current (default: you, from git)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the mkdocs.yml")
    parser.add_argument("--docs-dir", type=Path, help="create the page in this docs folder instead")
    return parser.parse_args(argv)


def git_user() -> str:
    import subprocess

    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return result.stdout.strip()


def render(template: str, *, title: str, tags: list[str], owner: str, today: dt.date) -> str:
    """Fill a template in one pass (a title containing '{owner}' stays text); values are written as
    JSON strings, which YAML reads back exactly."""
    values = {
        "title": title,
        "tags": tags,
        "owner": owner,
        "today": today.isoformat(),
        "due": (today + dt.timedelta(days=30)).isoformat(),
    }

    def fill(match: re.Match[str]) -> str:
        if match.group(1) is not None:  # "{title}: handout": one JSON string for the whole value
            return json.dumps(title + match.group(1), ensure_ascii=False)
        key = match.group(2)
        return str(values[key]) if key in ("today", "due") else _json(values[key])

    return _PLACEHOLDER_RE.sub(fill, template)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


_PLACEHOLDER_RE = re.compile(r'"\{title\}([^"\n]*)"|\{(title|tags|owner|today|due)\}')


def plan(kind: str, title: str, docs_dir: Path) -> dict[Path, Path]:
    """Which template becomes which file."""
    slug = slugify(title)
    if not slug:
        raise Refused(
            f"the title {title!r} has no letters a-z or digits to make a file name from — reword it"
        )
    section = docs_dir / SECTIONS[kind]
    if kind == "workshop":
        folder = section / slug
        return {
            folder / template.name: template for template in sorted((TEMPLATES / "workshop").glob("*.md"))
        }
    return {section / f"{slug}.md": TEMPLATES / f"{kind}.md"}


def create(args: argparse.Namespace) -> list[Path]:
    config = read_site_config(args.config.resolve())
    docs_dir = args.docs_dir.resolve() if args.docs_dir else config.docs_dir
    if not docs_dir.is_dir():
        raise Refused(f"{docs_dir} is not a folder — check --docs-dir or docs_dir in {args.config}")
    settings, _ = read_settings(config.raw_settings)
    vocabulary_path = f"docs/{settings.tags_file}"
    vocabulary, vocabulary_problems = load_vocabulary(docs_dir / settings.tags_file, vocabulary_path)
    if not vocabulary.tags:
        raise Refused("; ".join(str(problem) for problem in vocabulary_problems) or "no tags")
    tags: list[str] = []
    for name in (name.strip() for name in args.tags.split(",") if name.strip()):
        tag = vocabulary.lookup(name)
        if tag is None:
            raise Refused(f"the tag '{name}' is not in {vocabulary_path} — {vocabulary.suggest(name)}")
        if tag.name not in tags:  # 'retro,retrospective' is one tag
            tags.append(tag.name)
    if not 1 <= len(tags) <= 6:
        raise Refused("give 1 to 6 tags with --tags, e.g. --tags feedback,mentoring")
    longest = TITLE_LIMITS[1] - (len(": facilitator guide") if args.type == "workshop" else 0)
    if len(args.title.strip()) > longest:
        raise Refused(
            f"the title has {len(args.title.strip())} characters; a {args.type} title can have at most "
            f"{longest} — shorten it"
        )
    today = clock.local_date(clock.now(), settings.timezone)
    owner = args.owner or git_user() or "TODO: owner"
    files = plan(args.type, args.title, docs_dir)
    existing = [path for path in files if path.exists()]
    if existing or (args.type == "workshop" and next(iter(files)).parent.exists()):
        shown = existing[0] if existing else next(iter(files)).parent
        raise Refused(f"{shown} already exists — choose another title or edit the existing page")
    # Everything is rendered and checked before anything is written: a refusal leaves no trace.
    texts: dict[Path, str] = {}
    for path, template in files.items():
        text = render(
            template.read_text(encoding="utf-8"), title=args.title, tags=tags, owner=owner, today=today
        )
        src_uri = path.relative_to(docs_dir).as_posix()
        _, problems = page_from_text(src_uri, f"docs/{src_uri}", text, vocabulary, today)
        errors = [problem for problem in problems if problem.is_error]
        if errors:
            raise Refused("; ".join(str(problem) for problem in errors))
        texts[path] = text
    for path in texts:
        refuse_links(path, docs_dir)
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:  # 'x': never overwrite
            file.write(text)
    return list(files)


def refuse_links(path: Path, docs_dir: Path) -> None:
    """Never write outside docs/ or through a symbolic link: a linked folder would put the page elsewhere."""
    try:
        parts = path.relative_to(docs_dir).parts
    except ValueError:
        raise Refused(
            f"{path} is outside {docs_dir} — new pages are only written into the docs folder"
        ) from None
    for depth in range(1, len(parts) + 1):
        step = docs_dir.joinpath(*parts[:depth])
        if step.is_symlink():
            raise Refused(
                f"{step} is a symbolic link — new pages are never written through one: "
                "replace it with a real folder"
            )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        created = create(args)
    except (Refused, CommonsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in created:
        try:
            print(path.relative_to(Path.cwd()))
        except ValueError:
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
