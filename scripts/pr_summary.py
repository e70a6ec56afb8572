#!/usr/bin/env python3
"""Say in plain words what a pull request changes on the site, as Markdown for the job summary.

    python scripts/pr_summary.py --base origin/main --link-check success >>"$GITHUB_STEP_SUMMARY"

Compares the wiki at the point where the branch left BASE (git merge-base) with the checked-out one:
pages new, changed, moved or removed with their titles and where they are in the built site, tags added to
docs/tags.yml or used by a page for the first time, whether each new or changed page will show on
"recently learned" (the build's own rule, applied to the branch's commits), and the link check's result
(--link-check: the outcome of the step that ran scripts/linkcheck.py: success, failure, skipped).

Reads git with a fixed handful of processes whatever the number of pages: merge-base, diff, archive,
rev-list and the history's own few. Exit status: 0 the summary was written; 2 it could not be (no such
BASE, no commit in common with it or a shallow clone, not a git repository, unreadable mkdocs.yml): the
reason and what to do are then the summary, and on stderr one line that the runner reads as no command.
"""

from __future__ import annotations

import argparse
import io
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import workflow_commands  # noqa: E402
from learning_commons import clock  # noqa: E402
from learning_commons.content import read_wiki  # noqa: E402
from learning_commons.gitlog import git_output, probe  # noqa: E402
from learning_commons.history import read_history  # noqa: E402
from learning_commons.model import Wiki  # noqa: E402
from learning_commons.problems import CommonsError  # noqa: E402
from learning_commons.recent import RecentEntry, recent_entries  # noqa: E402
from learning_commons.settings import Settings, read_settings  # noqa: E402
from learning_commons.site import history_settings_of  # noqa: E402
from learning_commons.sitechanges import (  # noqa: E402
    HEADING,
    markdown_text,
    parse_name_status,
    site_changes,
    summary_markdown,
)
from learning_commons.siteconfig import read_site_config  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", required=True, help="the branch the pull request goes into: origin/main")
    parser.add_argument(
        "--config", type=Path, default=ROOT / "mkdocs.yml", help="the mkdocs.yml (default: %(default)s)"
    )
    parser.add_argument(
        "--link-check",
        default="",
        help="the link check step's outcome: success, failure, cancelled or skipped (default: not run)",
    )
    return parser.parse_args(argv)


def wiki_at(revision: str, toplevel: Path, docs: str, settings: Settings, scratch: Path) -> Wiki:
    """The wiki as it was at ``revision``: its docs folder unpacked from one ``git archive``."""
    try:
        archive = git_output(["archive", "--format=tar", revision, "--", docs], toplevel)
    except CommonsError as error:
        if "did not match any files" not in str(error):
            raise
        archive = b""  # the docs folder is new: every page is
    if archive:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(scratch, filter=_inside)
    docs_dir = scratch / docs
    docs_dir.mkdir(parents=True, exist_ok=True)
    return read_wiki(docs_dir, settings, display_root=scratch, today=clock.local_date(clock.now(), "UTC"))


def _inside(member: tarfile.TarInfo, scratch: str) -> tarfile.TarInfo | None:
    """The archive's member as the "data" filter lets it out (no absolute path, no '..', no link leading out
    of scratch, no device), or None to leave it out: a page that is a symbolic link to a file outside the
    docs folder is no page of the wiki (the build refuses it too), not a reason to stop the summary."""
    try:
        return tarfile.data_filter(member, scratch)
    except tarfile.FilterError:
        return None


def merge_base(base_ref: str, toplevel: Path, shallow: bool) -> str:
    """The commit where the branch left ``base_ref``; without one, what to do about it."""
    try:
        return git_output(["merge-base", base_ref, "HEAD"], toplevel).decode().strip()
    except CommonsError as error:
        if "exit status 1)" not in str(error):  # 1 is git's answer "no common commit"; others failed
            raise
    if shallow:
        raise CommonsError(
            f"the clone is shallow, so the commit where this branch left {base_ref} is not in it — "
            "check out the whole history (actions/checkout with fetch-depth: 0)"
        )
    raise CommonsError(
        f"this branch has no commit in common with {base_ref} — start the branch from {base_ref} "
        f"(or rebase it onto {base_ref}) and push it again"
    )


def summary(base_ref: str, config_file: Path, link_check: str) -> str:
    config = read_site_config(config_file)
    settings, _ = read_settings(config.raw_settings)
    now = clock.now()
    today = clock.local_date(now, settings.timezone)
    state = probe(config.config_file.parent)  # the docs folder may be gone on the branch
    docs = config.docs_dir.resolve().relative_to(state.toplevel.resolve()).as_posix()
    base = merge_base(base_ref, state.toplevel, state.shallow)
    diff = git_output(
        ["diff", "--name-status", "-z", "-M", "--no-relative", base, "HEAD", "--", docs], state.toplevel
    ).decode("utf-8", "surrogateescape")
    commits = git_output(["rev-list", f"{base}..HEAD"], state.toplevel).decode().split()
    entries = parse_name_status(diff, docs)
    head = read_wiki(config.docs_dir, settings, display_root=state.toplevel, today=today)
    with tempfile.TemporaryDirectory(prefix="pr-summary-") as scratch:
        before = wiki_at(base, state.toplevel, docs, settings, Path(scratch))
    recent: list[RecentEntry] = []
    history_on = False
    if head.pages:  # a branch that removes the docs folder has no history to read there
        history = read_history(config.docs_dir, history_settings_of(settings))
        history_on = history.enabled
        recent = recent_entries(head.pages, history, now, settings.recent_days) if history_on else []
    changes = site_changes(
        entries,
        before,
        head,
        recent,
        frozenset(commits),
        small_edit_lines=settings.small_edit_lines,
        history=history_on,
    )
    return summary_markdown(changes, link_check)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        text = summary(args.base, args.config.resolve(), args.link_check)
    except CommonsError as error:
        print(workflow_commands.log_line(f"error: {error}"), file=sys.stderr)
        print(f"{HEADING}\n\nThe summary could not be made: {markdown_text(str(error), limit=1_000)}")
        return 2
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
