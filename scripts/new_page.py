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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from learning_commons import clock  # noqa: E402
from learning_commons.content import read_page  # noqa: E402
from learning_commons.problems import CommonsError  # noqa: E402
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
    """Fill a template; values are written as JSON strings, which YAML reads back exactly."""
    values = {
        "title": json.dumps(title, ensure_ascii=False),
        "tags": json.dumps(tags, ensure_ascii=False),
        "owner": json.dumps(owner, ensure_ascii=False),
        "today": today.isoformat(),
        "due": (today + dt.timedelta(days=30)).isoformat(),
    }
    text = template
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    # Titles inside a longer quoted string ("{title}: handout") must not carry JSON's own quotes.
    return text.replace(f'"{values["title"]}:', '"' + json.dumps(title, ensure_ascii=False)[1:-1] + ":")


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
    settings, _ = read_settings(config.raw_settings)
    vocabulary, _ = load_vocabulary(docs_dir / settings.tags_file, f"docs/{settings.tags_file}")
    tags = []
    for name in (name.strip() for name in args.tags.split(",") if name.strip()):
        tag = vocabulary.lookup(name)
        if tag is None:
            raise Refused(
                f"the tag '{name}' is not in docs/{settings.tags_file} — {vocabulary.suggest(name)}"
            )
        tags.append(tag.name)
    if not 1 <= len(tags) <= 6:
        raise Refused("give 1 to 6 tags with --tags, e.g. --tags feedback,mentoring")
    today = clock.local_date(clock.now(), settings.timezone)
    owner = args.owner or git_user() or "TODO: owner"
    files = plan(args.type, args.title, docs_dir)
    existing = [path for path in files if path.exists()]
    if existing or (args.type == "workshop" and next(iter(files)).parent.exists()):
        shown = existing[0] if existing else next(iter(files)).parent
        raise Refused(f"{shown} already exists — choose another title or edit the existing page")
    texts = {}
    for path, template in files.items():
        text = render(
            template.read_text(encoding="utf-8"), title=args.title, tags=tags, owner=owner, today=today
        )
        src_uri = path.relative_to(docs_dir).as_posix()
        texts[path] = text
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        _, problems = read_page(docs_dir, src_uri, str(path), vocabulary, settings, today)
        errors = [problem for problem in problems if problem.is_error]
        if errors:
            for written in texts:
                written.unlink()
            raise Refused("; ".join(str(problem) for problem in errors))
    return list(files)


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
