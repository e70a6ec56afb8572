#!/usr/bin/env python3
"""Start a new page from its type's template: front matter filled in, and 'TODO: …' where you write.

    python scripts/new_page.py lesson "Our onboarding buddy trial" --tags onboarding,mentoring
    python scripts/new_page.py workshop "Writing good lessons" --tags writing

A workshop is a folder: overview (index.md), facilitator guide, exercises and handout. Prints the paths it
created; refuses to overwrite anything and rejects tags that are not in docs/tags.yml. The owner is
--owner, or else your git user.name (it says so). The checks refuse the page until every 'TODO: …' is
replaced. The templates are in hooks/learning_commons/template_files/.
"""

from __future__ import annotations

import argparse
import difflib
import os
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
from learning_commons.templates import NO_OWNER, SECTIONS, fill, page_templates  # noqa: E402
from learning_commons.text import slugify  # noqa: E402
from learning_commons.vocabulary import load_vocabulary  # noqa: E402

TYPES = "|".join(SECTIONS)
# How a writer gives each value: as a variable of `make new` (make sets MAKELEVEL), or to this script.
_UNDER_MAKE = {
    "type": f"add TYPE={TYPES}",
    "title": 'add TITLE="…"',
    "tags": "add TAGS=feedback,mentoring",
    "owner": 'add OWNER="…"',
}
_DIRECTLY = {
    "type": f"give the type first: {TYPES}",
    "title": 'give the title after the type: lesson "Our first open forum"',
    "tags": "add --tags feedback,mentoring",
    "owner": 'add --owner "…"',
}


class Refused(Exception):
    """The page cannot be created; the message says why and what to do."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    # Both optional for argparse, so a missing one gets our message ("add TYPE=…"), not a usage line.
    parser.add_argument("type", nargs="?", default="", help=f"the page type: {TYPES}")
    parser.add_argument("title", nargs="?", default="", help="the page title (3-90 characters of plain text)")
    parser.add_argument("--tags", default="", help="comma-separated tags from docs/tags.yml, 1 to 6")
    parser.add_argument(
        "--owner", default="", help="who keeps the page current (default: your git user.name, which it says)"
    )
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the mkdocs.yml")
    parser.add_argument("--docs-dir", type=Path, help="create the page in this docs folder instead")
    return parser.parse_args(argv)


def how_to_give(value: str) -> str:
    """How to give ``value`` ('type', 'title', 'tags', 'owner') the way the writer ran this."""
    return (_UNDER_MAKE if os.environ.get("MAKELEVEL") else _DIRECTLY)[value]


def check_type(page_type: str) -> None:
    if not page_type:
        raise Refused(f"which type of page? — {how_to_give('type')}")
    if page_type not in SECTIONS:
        close = difflib.get_close_matches(page_type.lower(), list(SECTIONS), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise Refused(f"'{page_type}' is not a page type — {hint}{how_to_give('type')}")


def git_user() -> str:
    import subprocess

    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return result.stdout.strip()


def owner_and_note(given: str) -> tuple[str, str]:
    """The owner to write, and what to tell the writer about it when they did not name one."""
    if given:
        return given, ""
    user = git_user()
    if user:
        return user, (
            f"the owner is '{user}', your git user.name — to name a team or someone else, change 'owner:' "
            f"in the page or {how_to_give('owner')}"
        )
    return NO_OWNER, f"no owner given and git has no user.name — replace '{NO_OWNER}' in the page"


def plan(page_type: str, title: str, docs_dir: Path) -> dict[Path, str]:
    """Which file gets which template text."""
    slug = slugify(title)
    if not slug:
        raise Refused(
            f"the title {title!r} has no letters a-z or digits to make a file name from — reword it"
        )
    section = docs_dir / SECTIONS[page_type]
    templates = page_templates(page_type)
    if page_type == "workshop":
        return {section / slug / name: text for name, text in templates.items()}
    return {section / f"{slug}.md": text for text in templates.values()}


def create(args: argparse.Namespace) -> tuple[list[Path], list[str]]:
    """The pages created, and notes for the writer (what was chosen for them, what to fill in)."""
    check_type(args.type)
    if not args.title.strip():
        raise Refused(f"the page needs a title — {how_to_give('title')}")
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
        raise Refused(f"give 1 to 6 tags from {vocabulary_path} — {how_to_give('tags')}")
    longest = TITLE_LIMITS[1] - (len(": facilitator guide") if args.type == "workshop" else 0)
    if len(args.title.strip()) > longest:
        raise Refused(
            f"the title has {len(args.title.strip())} characters; a {args.type} title can have at most "
            f"{longest} — shorten it"
        )
    today = clock.local_date(clock.now(), settings.timezone)
    owner, owner_note = owner_and_note(args.owner)
    files = plan(args.type, args.title, docs_dir)
    existing = [path for path in files if path.exists()]
    if existing or (args.type == "workshop" and next(iter(files)).parent.exists()):
        shown = existing[0] if existing else next(iter(files)).parent
        raise Refused(f"{shown} already exists — choose another title or edit the existing page")
    # Everything is rendered and checked before anything is written: a refusal leaves no trace. The
    # template's 'TODO: …' texts are for the writer to replace, so only they may fail the checks here.
    texts: dict[Path, str] = {}
    for path, template in files.items():
        text = fill(template, title=args.title, tags=tags, owner=owner, today=today)
        src_uri = path.relative_to(docs_dir).as_posix()
        _, problems = page_from_text(src_uri, f"docs/{src_uri}", text, vocabulary, today, placeholders=False)
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
    notes = [owner_note] if owner_note else []
    notes.append(
        "replace every 'TODO: …' with your own text before you open a pull request: the checks refuse a "
        "page with placeholders left in (make check lists them)"
    )
    return list(files), notes


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
        created, notes = create(args)
    except (Refused, CommonsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in created:
        try:
            print(path.relative_to(Path.cwd()))
        except ValueError:
            print(path)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
