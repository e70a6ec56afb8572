#!/usr/bin/env python3
"""Check every page's front matter, its Markdown links and anchors, the tag vocabulary and the HTML of the
pages, without building the site.

The HTML is checked against the wiki's allow-list (hooks/learning_commons/htmlpolicy.py) for pages and
snippets whose Markdown can hold something it refuses; only those are converted.

Prints one line per problem as `path:line: what is wrong — how to fix it` and exits 1 when there is any
(warnings included, as `mkdocs build --strict` fails on them too). Under GitHub Actions it also prints
`::error file=…,line=…::` annotations so problems show on the pull request's diff. While an adopted wiki's
migration period lasts (extra.commons.migration_until), what its pages still lack is listed too, marked
pending, and does not fail the check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import workflow_commands  # noqa: E402
from learning_commons import clock  # noqa: E402
from learning_commons.content import markdown_hazard, read_wiki  # noqa: E402
from learning_commons.deadlinks import dead_links  # noqa: E402
from learning_commons.frontmatter import split_front_matter  # noqa: E402
from learning_commons.history import read_history  # noqa: E402
from learning_commons.htmlpolicy import may_hold_html, page_problems  # noqa: E402
from learning_commons.problems import CommonsError, Problem  # noqa: E402
from learning_commons.review import due_reviews, review_markdown  # noqa: E402
from learning_commons.settings import read_settings  # noqa: E402
from learning_commons.site import Project, history_settings_of, reserved_addresses, review_schedule  # noqa: E402
from learning_commons.siteconfig import SiteConfig, read_site_config  # noqa: E402
from learning_commons.text import one_line  # noqa: E402
from markdown_html import ExtensionsError, converter  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--config", type=Path, default=ROOT / "mkdocs.yml", help="the mkdocs.yml (default: %(default)s)"
    )
    parser.add_argument("--docs-dir", type=Path, help="check this folder instead of the config's docs_dir")
    parser.add_argument(
        "--format",
        choices=("text", "github", "markdown"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
        help="github adds workflow annotations (default under GitHub Actions); markdown is for --due",
    )
    parser.add_argument(
        "--due",
        action="store_true",
        help="list pages due for review (reads git history) instead of checking; always exits 0",
    )
    return parser.parse_args(argv)


def annotation(problem: Problem, level: str = "") -> str:
    """A workflow command for ``problem`` on its file and line."""
    level = level or ("error" if problem.is_error else "warning")
    return workflow_commands.annotation(level, str(problem), problem.path, problem.line)


def shown_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, as messages show files."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def list_due(config: SiteConfig, docs_dir: Path, markdown: bool) -> int:
    """Print the pages due for review (the weekly reminder issue's body with --format markdown)."""
    settings, _ = read_settings(config.raw_settings)
    now = clock.now()
    today = clock.local_date(now, settings.timezone)
    wiki = read_wiki(docs_dir, settings, display_root=Path.cwd(), today=today)
    history = read_history(docs_dir, history_settings_of(settings))
    schedule = review_schedule(wiki, history, settings)
    site_url = config.site_url.rstrip("/") + "/" if config.site_url else ""
    if markdown:
        print(review_markdown(schedule, today, settings.review_soon_days, site_url), end="")
        return 0
    due, soon = due_reviews(schedule, today, settings.review_soon_days)
    for review in due + soon:
        left = review.days_left(today)
        state = f"{-left} days overdue" if left < 0 else f"due in {left} days"
        owner = review.page.owner or "none"
        print(one_line(f"{review.page.path}: review {state} (due {review.due.isoformat()}, owner: {owner})"))
    print(f"{len(due)} page(s) due, {len(soon)} due within {settings.review_soon_days} days", file=sys.stderr)
    return 0


def html_problems(
    docs_dir: Path, page_sources: list[str], convert: Callable[[str], str], max_bytes: int
) -> list[Problem]:
    """What the HTML policy refuses in the pages (``page_sources``: their src_uris) and in the snippets
    (folders starting with '_'), converted as the build converts them. Snippets over ``max_bytes`` or with
    Markdown that would hang the conversion are left to the checks that refuse them."""
    snippets = sorted(
        path.relative_to(docs_dir).as_posix()
        for path in docs_dir.rglob("*.md")
        if any(part.startswith("_") for part in path.relative_to(docs_dir).parent.parts)
        and path.is_file()
        and not path.is_symlink()
        and path.stat().st_size <= max_bytes
    )
    problems = []
    for src_uri, is_page in [*((src, True) for src in page_sources), *((src, False) for src in snippets)]:
        shown = shown_path(docs_dir / src_uri)
        text = (docs_dir / src_uri).read_text(encoding="utf-8-sig", errors="replace")
        body = split_front_matter(text).body if is_page else text
        if not may_hold_html(body) or (not is_page and markdown_hazard(body, 1, shown) is not None):
            continue
        try:
            html = convert(body)
        except Exception as error:  # what the build would stop on too, shown as a problem, not a traceback
            problems.append(
                Problem(
                    shown, 0, f"Markdown cannot convert this page ({error})", "fix what the message names"
                )
            )
            continue
        problems += page_problems(html, shown, lambda text=text: text)
    return problems


def list_pending(pending: list[Problem], until: dt.date | None, github: bool) -> None:
    """What adopted pages still lack, marked as pending so nobody takes it for a failure."""
    if not pending or until is None:
        return
    for problem in pending:
        print(annotation(problem, "notice") if github else f"{problem} [pending until {until.isoformat()}]")
    pages = len({problem.path for problem in pending})
    print(
        f"{len(pending)} pending in {pages} adopted page(s): the build fails on them after {until.isoformat()}",
        file=sys.stderr,
    )


def _error(message: str) -> None:
    """An error that stops the check, on stderr as one line no runner reads as a command (it may quote
    mkdocs.yml, which a pull request can change)."""
    print(workflow_commands.log_line(f"error: {message}"), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = read_site_config(args.config.resolve())
    except CommonsError as error:
        _error(str(error))
        return 2
    docs_dir = args.docs_dir.resolve() if args.docs_dir else config.docs_dir
    if not docs_dir.is_dir():
        _error(f"{shown_path(docs_dir)}: no such folder — check --docs-dir or docs_dir")
        return 2
    if args.due:
        try:
            return list_due(config, docs_dir, args.format == "markdown")
        except CommonsError as error:
            _error(str(error))
            return 2
    settings, problems = read_settings(config.raw_settings, shown_path(args.config))
    try:
        now = clock.now()
        today = clock.local_date(now, settings.timezone)
    except CommonsError as error:
        _error(str(error))
        return 2
    wiki = read_wiki(docs_dir, settings, display_root=Path.cwd(), today=today)
    project = Project(
        config.config_file.parent, docs_dir, config.site_url, config.site_name, config.raw_settings
    )
    wiki.problems += reserved_addresses(project, wiki, settings, now).values()
    try:
        convert = converter(config.markdown_extensions, config.config_file.parent)
    except ExtensionsError as error:
        _error(f"{shown_path(args.config)}: {error}")
        return 2
    found = wiki.problems + dead_links(docs_dir, wiki)
    found += html_problems(docs_dir, sorted(wiki.pages), convert, settings.max_page_bytes)
    problems += sorted(found, key=lambda p: (p.path, p.line, p.message))
    for problem in problems:
        print(annotation(problem) if args.format == "github" else one_line(str(problem)))
    list_pending(wiki.pending, settings.migration_until, args.format == "github")
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} error(s), {warnings} warning(s) in {len(wiki.pages)} pages", file=sys.stderr)
        return 1
    print(f"{len(wiki.pages)} pages checked, no problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
