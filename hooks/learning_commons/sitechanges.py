"""What a pull request changes on the site, in plain words: pages new, changed, moved or removed with their
titles, tags added, whether each page will show on "recently learned", and the link check's result.

The pages come from the wiki read at both revisions (``content.read_wiki``); what git says changed comes
from one ``git diff --name-status -z`` (``parse_name_status``); whether a page shows on recently learned is
the build's own answer (``recent.recent_entries``) about the pull request's commits. Everything a
contributor wrote is Markdown-escaped (``markdown_text``), so a title cannot add a link, an image, HTML, a
mention or a reference to an issue; and the summary stays far below the 1 MiB GitHub accepts for a job
summary (it drops a larger one whole), however many pages a pull request touches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .model import Kind, Page, Wiki
from .recent import RecentEntry, listed_as, workshop_overviews
from .text import one_line, visible

Status = Literal["new", "changed", "moved", "removed"]
HEADING = "## What this pull request changes on the site"
LINK_CHECK_RESULTS = {
    "success": "passed: every link and anchor in the built site works.",
    "failure": "failed: a link or anchor in the built site leads nowhere; the 'Check links' step lists them.",
}
_HEADINGS: tuple[tuple[Status, str], ...] = (
    ("new", "New pages"),
    ("changed", "Changed pages"),
    ("moved", "Moved pages"),
    ("removed", "Removed pages"),
)
# Characters Markdown gives a meaning to inside a line: each is written escaped, so it shows as itself.
# (The text never starts a line, so list and heading markers at a line's start cannot arise.) '$' opens
# GitHub's math.
_MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]()#!|~$")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# GitHub links what it recognises in the rendered text, escaped or not: '@name' (a mention, which can
# notify), '#12' (an issue), 'https://…', 'www.…' and 'a@b.org'. An invisible WORD JOINER after '@' and
# '#', inside '://' and after 'www' breaks each pattern and leaves the text as it reads.
_LINKABLE_RE = re.compile(r"[@#]|:(?=/)|(?i:www)(?=\.)")
_JOINER = "\u2060"
# How much of one contributor's text (a title, a path, a tag) the summary shows, in characters as written;
# and how many entries it lists under each heading. A summary is then at most some hundreds of KB.
TEXT_LIMIT = 150
LIST_LIMIT = 50


@dataclass(frozen=True)
class DiffEntry:
    """One line of ``git diff --name-status``: 'A', 'M', 'D', 'T', or 'R'/'C' with the old path."""

    status: str
    path: str
    old_path: str = ""


@dataclass(frozen=True)
class ChangedPage:
    status: Status
    page: Page  # as it is after the change; for a removed page, as it was
    old_src_uri: str = ""  # where a moved page was
    listed_under: Page | None = (
        None  # the entry of recently learned that shows it (its workshop's for a part)
    )
    not_listed_because: str = ""


@dataclass
class SiteChanges:
    pages: list[ChangedPage] = field(default_factory=list)
    tags_added: list[str] = field(default_factory=list)  # new entries in the vocabulary
    tags_first_used: list[str] = field(default_factory=list)  # used by a page now, by none before
    other_files: list[str] = field(default_factory=list)  # under docs/, not pages (pictures, snippets)


def parse_name_status(raw: str, docs: str) -> list[DiffEntry]:
    """``git diff --name-status -z`` output (fields separated by NUL, renames and copies with two paths),
    with paths relative to the docs folder ``docs`` (as the repository names it: 'docs')."""
    fields = raw.split("\0")
    entries, at = [], 0
    while at < len(fields) and fields[at]:
        status = fields[at][0]
        paths = fields[at + 1 : at + (3 if status in "RC" else 2)]
        inside = [path.removeprefix(f"{docs}/") if docs != "." else path for path in paths]
        entries.append(DiffEntry(status, inside[-1], inside[0] if len(inside) == 2 else ""))
        at += 1 + len(paths)
    return entries


def site_changes(
    diff: Iterable[DiffEntry],
    base: Wiki,
    head: Wiki,
    recent: Iterable[RecentEntry],
    commits: frozenset[str],
    *,
    small_edit_lines: int,
    history: bool = True,
) -> SiteChanges:
    """What the change does to the site. ``diff`` paths are relative to the docs folder; ``recent`` is
    what recently learned lists at the head; ``commits`` are the pull request's."""
    listed = {entry.page.src_uri: entry for entry in recent if entry.sha in commits}
    overviews = workshop_overviews(head.pages)
    changes = SiteChanges()
    for entry in diff:
        status = _STATUS.get(entry.status, "changed")
        page = base.pages.get(entry.path) if status == "removed" else head.pages.get(entry.path)
        if page is None:
            changes.other_files.append(entry.path)
            was = None if status == "removed" else base.pages.get(entry.old_path or entry.path)
            if was is not None:  # moved or changed into what is no page (a name the build refuses)
                changes.pages.append(ChangedPage("removed", was))
            continue
        if status == "removed":
            changes.pages.append(ChangedPage("removed", page))
            continue
        shown = listed_as(page, overviews)
        why = _not_listed_because(page, shown.src_uri in listed, small_edit_lines, history)
        changes.pages.append(ChangedPage(status, page, entry.old_path, None if why else shown, why))
    if base.vocabulary and head.vocabulary:
        changes.tags_added = [name for name in head.vocabulary.tags if name not in base.vocabulary.tags]
    used_before = _tags_used(base.pages)
    changes.tags_first_used = sorted(_tags_used(head.pages) - used_before)
    return changes


_STATUS: dict[str, Status] = {"A": "new", "C": "new", "D": "removed", "R": "moved"}


def _tags_used(pages: Mapping[str, Page]) -> set[str]:
    return {tag for page in pages.values() for tag in page.tags}


def _not_listed_because(page: Page, listed: bool, small_edit_lines: int, history: bool) -> str:
    """Why the page will not show on recently learned, or "" when it will."""
    if page.kind is Kind.PAGE:
        return "only playbooks, lessons and workshops are listed there"
    if not history:
        return "history is switched off for this site"
    if listed:
        return ""
    lines = "line" if small_edit_lines == 1 else "lines"
    return (
        f"an edit of {small_edit_lines} {lines} or fewer, a move, or a commit touching many pages is left out; "
        "a line 'Change: what changed' at the end of the commit message (or of the pull request's "
        "description, for a squash merge) lists it"
    )


def markdown_text(text: str, limit: int = TEXT_LIMIT) -> str:
    """Contributor text for a Markdown line: on one line, invisible characters shown, every character
    Markdown or HTML gives a meaning to escaped and every pattern GitHub links broken, so it reads as
    written and does nothing; cut with '…' after ``limit`` characters."""
    shown = visible(one_line(text))
    cut = "…" if len(shown) > limit else ""
    escaped = "".join(
        _HTML.get(char) or (f"\\{char}" if char in _MARKDOWN_PUNCTUATION else char) for char in shown[:limit]
    )
    return _LINKABLE_RE.sub(lambda match: match.group() + _JOINER, escaped) + cut


def summary_markdown(changes: SiteChanges, link_check: str) -> str:
    """The job summary: what readers will find new or different, then the link check's result."""
    out = [HEADING, ""]
    if not changes.pages:
        out += ["No page is new, changed, moved or removed.", ""]
    for status, heading in _HEADINGS:
        pages = [change for change in changes.pages if change.status == status]
        if pages:
            listed = [_page_line(change) for change in pages[:LIST_LIMIT]]
            if len(pages) > LIST_LIMIT:
                listed.append(f"- and {len(pages) - LIST_LIMIT:,} more {heading.lower()}")
            out += [f"### {heading}", "", *listed, ""]
    if changes.tags_added or changes.tags_first_used:
        out += ["### Tags", ""]
        if changes.tags_added:
            out.append(f"- New in the tag list (docs/tags.yml): {_names(changes.tags_added)}")
        if changes.tags_first_used:
            out.append(f"- Used by a page for the first time: {_names(changes.tags_first_used)}")
        out.append("")
    if changes.other_files:
        out += [f"Other files changed under the docs folder: {_names(changes.other_files)}", ""]
    result = LINK_CHECK_RESULTS.get(link_check, "not run (an earlier step failed, or it was skipped).")
    out += [f"**Link check:** {result}", ""]
    return "\n".join(out)


def _page_line(change: ChangedPage) -> str:
    page = change.page
    kind = page.part.label if page.kind is Kind.WORKSHOP_PART and page.part else page.kind.label
    where = markdown_text(f"{page.url}index.html")
    if change.status == "removed":
        return f"- **{markdown_text(page.title)}** ({kind}), was at {where} in the built site"
    line = f"- **{markdown_text(page.title)}** ({kind}), in the built site at {where}"
    if change.status == "moved":
        line += f", moved from {markdown_text(change.old_src_uri)}"
    if change.listed_under is page:
        return line + ". Shows on recently learned."
    if change.listed_under is not None:
        return line + f". Shows on recently learned, under {markdown_text(change.listed_under.title)}."
    return line + f". Will not show on recently learned: {change.not_listed_because}."


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(markdown_text(name) for name in names[:LIST_LIMIT])
    return shown + (f" and {len(names) - LIST_LIMIT:,} more" if len(names) > LIST_LIMIT else "")
