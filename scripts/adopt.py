#!/usr/bin/env python3
"""Bring a folder of Markdown into the wiki with its git history, in one reviewed step.

    make adopt FROM=notes                           # a dry run: shows what it would do, changes nothing
    make adopt FROM=retros TYPE=lesson APPLY=1      # moves retros/ into docs/lessons/retros/, one commit
    python scripts/adopt.py notes --to docs/handbook --apply

Every Markdown file under the folder, and every file its pages link to or show inside the folder
(images, attachments), is moved with `git mv` semantics (the folder's layout kept, .markdown renamed
to .md), so git follows each file's history. Pages without front matter get it: the title from the
first heading or the file name, the summary from the first paragraph (marked until a person checks it),
tags from the folder names that the vocabulary knows. Links between the moved files, and from them to
pages already in the wiki, are rewritten to keep working. Then the report lists what a person must
still check. Nothing is overwritten: a page already at a target path, a symbolic link, a file that is
not UTF-8 or a name that needs encoding in a web address stops the run before anything moves.

Exit status: 0 done (or dry run), 1 stopped by a problem (nothing moved), 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import posixpath
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from learning_commons import clock  # noqa: E402
from learning_commons.adoption import Draft, draft_page  # noqa: E402
from learning_commons.content import decode_page, page_from_text, page_kind, scan_docs, url_collisions  # noqa: E402
from learning_commons.frontmatter import split_front_matter  # noqa: E402
from learning_commons.htmlpolicy import may_hold_html, page_problems  # noqa: E402
from learning_commons.model import INDEX_NAMES, Kind  # noqa: E402
from learning_commons.moved_links import Rewrite, references, relink, resolved  # noqa: E402
from learning_commons.problems import CommonsError  # noqa: E402
from learning_commons.settings import read_settings  # noqa: E402
from learning_commons.siteconfig import read_site_config  # noqa: E402
from learning_commons.vocabulary import Vocabulary, load_vocabulary  # noqa: E402
from markdown_html import ExtensionsError, converter  # noqa: E402

SECTIONS = {"playbook": "playbooks", "lesson": "lessons"}
MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# Characters a file name may have and still be its own web address: anything else needs percent-encoding.
URL_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-~")
SYMLINK_MODE = "120000"
# The tool is the commit's author, the person who runs it its committer: the move and the drafted front
# matter are nobody's contribution (a '[bot]' is never credited, nor counted as updating a page).
AUTHOR = {"GIT_AUTHOR_NAME": "make adopt[bot]", "GIT_AUTHOR_EMAIL": "make-adopt@learning-commons.invalid"}
# The wiki's own code, next to mkdocs.yml (its page templates are Markdown too): never adopted.
WIKI_FOLDERS = ("hooks", "overrides", "scripts", "tests")
# The wiki's own files at the repository's root: not listed among the files no page uses.
WIKI_FILES = (
    "mkdocs.yml",
    "mkdocs-*.yml",
    "Makefile",
    "pyproject.toml",
    "requirements*.txt",
    "requirements*.in",
    "package.json",
    "package-lock.json",
)
# git sees a move with edits as a rename while at least half of the new file is lines of the old one (a
# margin over git's 50%). A page the front matter would grow past it gets no drafted summary: history first.
KEPT_AT_LEAST = 0.55


class Stop(Exception):
    """The adoption cannot start; the message says why and what to do."""


@dataclass
class Plan:
    """Everything the adoption does, computed before anything moves. Paths are relative to the repository."""

    source: str
    target: str
    kind: Kind
    moves: dict[str, str] = field(default_factory=dict)  # from -> to, pages and the files they use
    texts: dict[str, bytes] = field(
        default_factory=dict
    )  # new content of the moved pages that change, by 'to'
    drafts: dict[str, Draft] = field(default_factory=dict)  # by 'to'
    rewrites: dict[str, list[Rewrite]] = field(default_factory=dict)  # by 'to'
    stops: list[str] = field(default_factory=list)  # each one alone keeps the adoption from starting
    checks: list[str] = field(default_factory=list)  # what a person must still look at, 'path:line: …'
    # What fails the strict build whatever migration_until says (written wrong, not just incomplete).
    blocking: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # files in the folder that no page uses: they stay
    new_tags: Counter[str] = field(default_factory=Counter)  # folder names the vocabulary lacks, by pages
    indexes: dict[str, bytes] = field(default_factory=dict)  # new index pages of large folders, by path

    @property
    def pages(self) -> list[str]:
        return [target for target in self.moves.values() if target.endswith(".md")]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", metavar="FROM", help="the folder to adopt, inside this repository")
    parser.add_argument(
        "--type",
        choices=("playbook", "lesson", "page"),
        help="the pages' type (default: the one of --to, else page)",
    )
    parser.add_argument(
        "--to",
        metavar="docs/SECTION",
        help="where the folder goes (default: docs/playbooks or docs/lessons for those types, else docs/FROM)",
    )
    parser.add_argument("--apply", action="store_true", help="do it, in one commit (default: a dry run)")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave files matching this pattern (relative to FROM) where they are; repeatable",
    )
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the mkdocs.yml")
    return parser.parse_args(argv)


def git(root: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run git in ``root``; a failure stops the adoption with git's own words."""
    environ = {**os.environ, **env} if env else None
    proc = subprocess.run(
        ["git", *args], cwd=root, input=stdin, env=environ, capture_output=True, check=False
    )
    if proc.returncode != 0:
        raise Stop(f"git {args[0]} failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout


def nul_list(output: bytes) -> list[str]:
    return [item.decode("utf-8", "surrogateescape") for item in output.split(b"\0") if item]


def inside(path: str, folder: str) -> bool:
    return folder in ("", ".") or path == folder or path.startswith(folder + "/")


def relative_to(path: Path, root: Path, what: str) -> str:
    try:
        rel = path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise Stop(f"{what} {path} is not inside the repository {root}") from None
    return "" if rel == "." else rel


def choose_target(source: str, kind_name: str | None, to: str | None, docs: str) -> tuple[str, Kind]:
    """The folder the pages go to and their type; a type the folder would not give them stops the run."""
    if to is None:
        section = SECTIONS.get(kind_name or "page")
        name = PurePosixPath(source).name
        if section is None and not name:
            raise Stop("adopting the repository's root needs a target folder: give TO=docs/<section>")
        to = f"{docs}/{section or name}"
    if not inside(to, docs) or to == docs:
        raise Stop(f"TO={to} must be a folder inside {docs}/, like {docs}/handbook")
    kind, _, _ = page_kind(f"{to[len(docs) + 1 :]}/page.md")
    if kind not in (Kind.PLAYBOOK, Kind.LESSON, Kind.PAGE):
        raise Stop(f"TO={to}: workshops are folders of their own parts — adopt into another section")
    if kind_name is not None and kind.value != kind_name:
        wanted = (
            f"TO={docs}/{SECTIONS[kind_name]}" if kind_name in SECTIONS else f"TO={docs}/<another section>"
        )
        raise Stop(f"pages in {to}/ are {kind.label}s, not {kind_name}s — use {wanted}, or TYPE={kind.value}")
    return to, kind


def target_name(rel: str) -> str:
    """The page's path inside the target folder: other Markdown suffixes become '.md'."""
    path = PurePosixPath(rel)
    return str(path.with_suffix(".md")) if path.suffix in MARKDOWN else rel


def name_problem(rel: str) -> str | None:
    """Why a path cannot be its own web address, or None: letters, digits, '.', '_', '-' and '~' only."""
    bad = sorted({char for part in rel.split("/") for char in part if char not in URL_SAFE})
    if not bad:
        return None
    shown = " ".join(repr(char) for char in bad)
    return f"the name has characters a web address must encode ({shown}) — rename it with git mv first"


def plan_adoption(
    args: argparse.Namespace,
    root: Path,
    docs_dir: Path,
    vocabulary: Vocabulary,
    max_bytes: int,
    convert: Callable[[str], str],
    section_limit: int,
) -> Plan:
    docs = relative_to(docs_dir, root, "the docs folder")
    if not args.source.strip():
        raise Stop("FROM is empty: name the folder to adopt (FROM=. for the repository's root)")
    source_path = Path(args.source)
    if source_path.is_symlink():
        raise Stop(f"{args.source} is a symbolic link — adopt the folder it points to")
    if not source_path.is_dir():
        raise Stop(f"{args.source}: no such folder")
    source = relative_to(source_path, root, "FROM")
    if inside(source, docs) and source != "":
        raise Stop(f"{source} is already inside {docs}/")
    to = relative_to(Path(args.to), root, "TO") if args.to else None
    target, kind = choose_target(source, args.type, to, docs)
    if name_problem(target):
        raise Stop(f"TO={target}: {name_problem(target)}")
    plan = Plan(source, target, kind)
    tracked = tracked_files(root, source)
    check_clean(root, source, plan)
    pages = {path: mode for path, mode in tracked.items() if path.endswith(MARKDOWN)}
    pages = {path: mode for path, mode in pages.items() if not skipped(path, source, docs, args.exclude)}
    if not pages and not plan.stops:
        raise Stop(f"{source or '.'} holds no Markdown file that git tracks")
    texts = read_pages(root, pages, plan, max_bytes)
    used = used_files(texts, tracked, source, docs, args.exclude, plan)
    for path in sorted(pages) + sorted(used):
        rel = path[len(source) + 1 :] if source else path
        plan.moves[path] = f"{target}/{target_name(rel)}"
        if tracked[path] == SYMLINK_MODE or (root / path).is_symlink():
            plan.stops.append(f"{path}: a symbolic link — replace it with a copy of the file, or remove it")
        elif why := name_problem(rel):
            plan.stops.append(f"{path}: {why}")
    plan.left = sorted(
        path for path in tracked if path not in plan.moves and not skipped(path, source, docs, args.exclude)
    )
    check_targets(root, docs_dir, docs, plan)
    for path, (raw, text) in texts.items():
        draft_one(plan, root, docs, vocabulary, path, raw, text, convert)
    write_indexes(plan, root, vocabulary, section_limit)
    return plan


def write_indexes(plan: Plan, root: Path, vocabulary: Vocabulary, limit: int) -> None:
    """An index page for each folder with more sidebar entries than ``limit`` that has none: the build then
    keeps the folder's pages out of the sidebar and lists them on that page (a TIL folder of 136 pages
    otherwise puts 136 links on each of them). Entries are counted as the build counts them."""
    entries: Counter[str] = Counter()
    indexed = set()
    for target in plan.pages:
        folder, name = posixpath.split(target)
        if name in INDEX_NAMES or any((root / folder / index).exists() for index in INDEX_NAMES):
            indexed.add(folder)
    for target in plan.pages:
        folder, name = posixpath.split(target)
        entries[posixpath.dirname(folder) if name in INDEX_NAMES else folder] += 1
    for folder in sorted(
        folder for folder, count in entries.items() if count > limit and folder not in indexed
    ):
        if not inside(folder, plan.target):
            continue
        path = f"{folder}/index.md"
        rel = PurePosixPath(PurePosixPath(plan.source).name, path[len(plan.target) + 1 :])
        body = f"The {entries[folder]} pages of this folder, adopted with their history, by title.\n"
        text, _ = draft_page(body, str(rel), (), vocabulary)
        plan.indexes[path] = text.encode("utf-8")
        plan.checks.append(
            f"{path}: a new index page, because the folder's {entries[folder]} pages would fill "
            "the sidebar of each of them — give it a title and a summary that say what the folder holds"
        )


def tracked_files(root: Path, source: str) -> dict[str, str]:
    """The files git tracks under ``source``, with their modes (120000 for a symbolic link)."""
    entries = nul_list(git(root, "ls-files", "-s", "-z", "--", source or "."))
    files = {}
    for entry in entries:
        info, _, path = entry.partition("\t")
        files[path] = info.split(" ", 1)[0]
    return files


def check_clean(root: Path, source: str, plan: Plan) -> None:
    """The commit must hold the adoption and nothing else, and every file must move as git knows it."""
    staged = nul_list(git(root, "diff", "--cached", "--name-only", "-z"))
    if staged:
        plan.stops.append(
            f"{staged[0]}: staged changes ({len(staged)} file(s)) — commit or unstage them first"
        )
    status = iter(
        nul_list(git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", source or "."))
    )
    for entry in status:
        state, path = entry[:2], entry[3:]
        if state[0] in "RC":
            next(status, None)  # a staged rename also names where it came from
        if state == "??" and path.endswith(MARKDOWN):
            plan.stops.append(
                f"{path}: not in git — commit it first (or delete it), so it moves with the rest"
            )
        elif state != "??":
            plan.stops.append(f"{path}: changed since the last commit — commit or stash the change first")


def skipped(path: str, source: str, docs: str, excluded: list[str]) -> bool:
    """Files left where they are: the wiki's own folders, hidden folders, and what --exclude names."""
    rel = path[len(source) + 1 :] if source else path
    hidden = any(part.startswith(".") for part in PurePosixPath(rel).parts)
    own = inside(path, docs) or any(inside(path, folder) for folder in WIKI_FOLDERS)
    own = own or ("/" not in path and any(fnmatch.fnmatch(path, name) for name in WIKI_FILES))
    return own or hidden or any(fnmatch.fnmatch(rel, pattern) for pattern in excluded)


def read_pages(root: Path, pages: dict[str, str], plan: Plan, max_bytes: int) -> dict[str, tuple[str, str]]:
    """(the file's text as written, its text as MkDocs reads it) for every page that decodes."""
    texts = {}
    for path, mode in sorted(pages.items()):
        if mode == SYMLINK_MODE or (root / path).is_symlink():
            continue  # refused with the other symbolic links
        data = (root / path).read_bytes()
        text, problem = decode_page(data, path, max_bytes)  # an oversize page would be refused by the build
        if problem is not None or text is None:
            plan.stops.append(f"{problem}" if problem else f"{path}: cannot be read")
            continue
        texts[path] = (data.decode("utf-8"), text)  # as written, with its byte order mark if any
    return texts


def used_files(
    texts: dict[str, tuple[str, str]],
    tracked: dict[str, str],
    source: str,
    docs: str,
    excluded: list[str],
    plan: Plan,
) -> set[str]:
    """The files besides pages that the pages link to or show, and that lie in the adopted folder."""
    used = set()
    for path, (_, text) in texts.items():
        for ref in references(text):
            target = resolved(path, ref.target)
            if not target or target not in tracked or target.endswith(MARKDOWN) or not inside(target, source):
                continue
            if not skipped(target, source, docs, excluded):
                used.add(target)
    return used


def check_targets(root: Path, docs_dir: Path, docs: str, plan: Plan) -> None:
    """Nothing may land on a file that exists, nor publish at an address a page already has."""
    for path, target in plan.moves.items():
        if os.path.lexists(root / target):
            plan.stops.append(f"{path}: {target} already exists — adopt would overwrite it; rename one first")
    existing = scan_docs(docs_dir, docs).pages
    arriving = [target[len(docs) + 1 :] for target in plan.pages]
    for problem in url_collisions(sorted({*existing, *arriving}), docs):
        if any(f"{docs}/{src}" in problem.message for src in arriving):
            plan.stops.append(str(problem))


def draft_one(
    plan: Plan,
    root: Path,
    docs: str,
    vocabulary: Vocabulary,
    path: str,
    raw: str,
    text: str,
    convert: Callable[[str], str],
) -> None:
    """Front matter and links of one moving page, and the checks `make check` runs on the result."""
    target = plan.moves[path]
    rel = PurePosixPath(target[len(plan.target) + 1 :])
    folders = (PurePosixPath(plan.source).name, *rel.parent.parts) if plan.source else rel.parent.parts
    named = PurePosixPath(PurePosixPath(plan.source).name, rel)  # an index page is named after its folder
    topics = tuple(name for name in folders if name)
    drafted, draft = draft_page(text, str(named), topics, vocabulary)
    relinked, rewrites, doubts = relink(drafted, path, target, lambda p: arrival(root, plan.moves, p), docs)
    data = encoded(relinked, raw)
    if draft.summary and kept_share(raw.encode("utf-8"), data) < KEPT_AT_LEAST:
        drafted, draft = draft_page(text, str(named), topics, vocabulary, summary=False)
        relinked, rewrites, doubts = relink(
            drafted, path, target, lambda p: arrival(root, plan.moves, p), docs
        )
        data = encoded(relinked, raw)
        draft.notes.append(
            "no summary drafted: with one, git would take the move for a new file and lose the page's "
            "history — write it after the adoption"
        )
    plan.drafts[target] = draft
    plan.rewrites[target] = rewrites
    plan.new_tags.update(draft.unknown_tags)
    plan.checks += [f"{target}: {note}" for note in draft.notes]
    plan.blocking += [
        f"{target}:{doubt.line}: the link '{doubt.target}' cannot work: {doubt.why}" for doubt in doubts
    ]
    if relinked != text:
        plan.texts[target] = data
    src_uri = target[len(docs) + 1 :]
    _, problems = page_from_text(src_uri, target, relinked, vocabulary, clock.local_date(clock.now(), "UTC"))
    plan.checks += [str(problem) for problem in problems if problem.incomplete]
    plan.blocking += [str(problem) for problem in problems if not problem.incomplete]
    plan.blocking += body_problems(target, relinked, convert)


def body_problems(target: str, text: str, convert: Callable[[str], str]) -> list[str]:
    """What the HTML policy refuses in the page's converted body (images from other sites, raw HTML): the
    strict build fails on these whatever the migration setting, so the report must name them."""
    body = split_front_matter(text).body
    if not may_hold_html(body):
        return []
    try:
        html = convert(body)
    except Exception as error:  # what the build would stop on too: a line of the report, not a traceback
        return [f"{target}: Markdown cannot convert this page ({error}) — fix what the message names"]
    return [str(problem) for problem in page_problems(html, target, lambda: text)]


def kept_share(old: bytes, new: bytes) -> float:
    """How much of the larger file is lines of the old one, as git's rename detection counts it."""
    kept = Counter(old.splitlines(keepends=True)) & Counter(new.splitlines(keepends=True))
    return sum(len(line) * count for line, count in kept.items()) / max(len(old), len(new), 1)


def encoded(text: str, raw: str) -> bytes:
    """``text`` (newlines as MkDocs reads them) written back with the original file's line ends and BOM."""
    newline = "\r\n" if "\r\n" in raw else "\n"
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    return (bom + text.replace("\n", newline)).encode("utf-8")


def arrival(root: Path, moves: dict[str, str], path: str) -> str | None:
    """Where ``path`` will be after the adoption; a folder stands for its index page."""
    if path in moves:
        return moves[path]
    if (root / path).is_dir():
        for name in INDEX_NAMES:
            inner = f"{path}/{name}" if path else name
            if inner in moves or (root / inner).is_file():
                return arrival(root, moves, inner)
        return None
    return path if (root / path).is_file() else None


def report(plan: Plan, applied: bool) -> str:
    kind = f"{plan.kind.label}s" if plan.kind is not Kind.PAGE else "plain pages"
    out = [f"Adopting {plan.source or '.'}/ into {plan.target}/ as {kind}"]
    pages, files = len(plan.pages), len(plan.moves) - len(plan.pages)
    out.append(f"\nMoves ({pages} pages, {files} other files):")
    out += [f"  {source} -> {target}" for source, target in plan.moves.items()]
    drafts = plan.drafts.values()
    titles = Counter(draft.title_from for draft in drafts if draft.title)
    out.append(
        f"\nFront matter written: {sum(titles.values())} titles ({titles['heading']} from the first heading, "
        f"{titles['file name']} from the file name), {sum(1 for d in drafts if d.summary)} summaries "
        f"(marked until checked), tags on {sum(1 for d in drafts if d.tags)} pages"
    )
    if plan.indexes:
        out.append(f"\nIndex pages written for folders too large for the sidebar ({len(plan.indexes)}):")
        out += [f"  {path}" for path in plan.indexes]
    rewrites = [(target, rewrite) for target, found in plan.rewrites.items() for rewrite in found]
    out.append(f"\nLinks rewritten ({len(rewrites)}):")
    out += [f"  {target}:{rw.line}: {rw.old} -> {rw.new}" for target, rw in rewrites]
    if plan.new_tags:
        out.append("\nFolder names that are no tag in the vocabulary: add the useful ones to the tags file,")
        out.append("then to the pages of that folder:")
        for name, count in sorted(plan.new_tags.items()):
            out += [f"  {name}:  # folder of {count} page(s)", "    description: …"]
    if plan.left:
        out.append(f"\nLeft where they are ({len(plan.left)} files no page links to):")
        out += [f"  {path}" for path in plan.left]
    if plan.blocking:
        out.append(
            f"\nWhat fails the strict build until it is fixed, whatever migration_until says ({len(plan.blocking)}):"
        )
        out += [f"  {problem}" for problem in plan.blocking]
    out.append(f"\nA person must still check ({len(plan.checks)}):")
    out += [f"  {check}" for check in plan.checks] or ["  nothing"]
    if applied:
        out.append("\nDone in one commit. Set extra.commons.migration_until in mkdocs.yml (a date) to build")
        out.append("strictly while pages are completed; make check lists what is still missing.")
    else:
        out.append("\nThis was a dry run: nothing changed. Run it again with APPLY=1 (--apply) to do it.")
    return "\n".join(out)


def apply(plan: Plan, root: Path) -> str:
    """Move, write and commit; on any failure put every file back as it was. Returns the commit's SHA."""
    moved: list[tuple[Path, Path]] = []
    originals: dict[Path, bytes] = {}
    made: list[Path] = []  # folders the move created, removed again if it fails
    created: list[Path] = []  # new index pages, removed again if it fails
    try:
        for source, target in plan.moves.items():
            made += missing_folders(root / target)
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(root / source, root / target)
            moved.append((root / source, root / target))
        for target, data in plan.texts.items():
            originals[root / target] = (root / target).read_bytes()
            (root / target).write_bytes(data)
        for path, data in plan.indexes.items():
            (root / path).write_bytes(data)
            created.append(root / path)
        paths = [*plan.moves.keys(), *plan.moves.values(), *plan.indexes]
        stdin = b"\0".join(path.encode("utf-8", "surrogateescape") for path in paths)
        git(root, "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=stdin)
        git(root, "commit", "-q", "-F", "-", stdin=commit_message(plan).encode("utf-8"), env=AUTHOR)
    except (OSError, Stop):
        for path in created:
            path.unlink()
        for written, data in originals.items():
            written.write_bytes(data)
        for moved_from, moved_to in reversed(moved):
            os.replace(moved_to, moved_from)
        for folder in reversed(made):  # deepest first; each was empty before
            folder.rmdir()
        subprocess.run(
            ["git", "reset", "-q"], cwd=root, capture_output=True, check=False
        )  # nothing was staged
        raise
    # The adopted folder's emptied sub-folders go (git never tracked them); the repository's root stays.
    remove_empty({source.parent for source, _ in moved}, root / plan.source, keep_top=not plan.source)
    return git(root, "rev-parse", "HEAD").decode().strip()


def missing_folders(path: Path) -> list[Path]:
    """The folders above ``path`` that do not exist yet, outermost first."""
    missing = []
    for folder in path.parents:
        if folder.exists():
            break
        missing.append(folder)
    return missing[::-1]


def remove_empty(folders: set[Path], top: Path, *, keep_top: bool = False) -> None:
    """Remove each folder and those above it up to ``top`` (included unless ``keep_top``), deepest first,
    while they are empty."""
    for folder in sorted(folders, key=lambda path: len(path.parts), reverse=True):
        for path in (folder, *folder.parents):
            if (path != top and top not in path.parents) or (path == top and keep_top):
                break
            try:
                path.rmdir()  # removes nothing but an empty folder
            except OSError:
                break


def commit_message(plan: Plan) -> str:
    drafts = plan.drafts.values()
    pages, files = len(plan.pages), len(plan.moves) - len(plan.pages)
    return (
        f"Adopt {plan.source or 'the repository root'} into {plan.target}: {pages} pages and {files} other "
        "files moved with their history\n\n"
        "Moved by scripts/adopt.py (make adopt). Front matter written where it was missing: "
        f"{sum(1 for d in drafts if d.title)} titles, {sum(1 for d in drafts if d.summary)} summaries "
        f"(marked until a person checks them), tags on {sum(1 for d in drafts if d.tags)} pages. "
        f"{sum(len(found) for found in plan.rewrites.values())} links rewritten to keep working."
        + (
            f" {len(plan.indexes)} index pages written for folders too large for the sidebar."
            if plan.indexes
            else ""
        )
        + "\n"
    )


def not_renamed(root: Path, plan: Plan) -> list[str]:
    """The moved pages git did not see as renamed in the commit (one git process for all)."""
    # -l0: no limit on inexact renames (git's default gives up beyond 1,000 files; the history must not)
    status = git(root, "diff-tree", "-r", "-M", "-l0", "--name-status", "-z", "--no-commit-id", "HEAD")
    fields = iter(nul_list(status))
    renamed = set()
    for state in fields:
        paths = [next(fields), next(fields)] if state[0] in "RC" else [next(fields)]
        if state[0] == "R":
            renamed.add(paths[1])
    return [target for target in plan.pages if target not in renamed]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = read_site_config(args.config.resolve())
        settings, _ = read_settings(config.raw_settings)
        root = Path(git(config.config_file.parent, "rev-parse", "--show-toplevel").decode().strip()).resolve()
        vocabulary, _ = load_vocabulary(config.docs_dir / settings.tags_file, settings.tags_file)
        convert = converter(config.markdown_extensions, config.config_file.parent)
        plan = plan_adoption(
            args,
            root,
            config.docs_dir,
            vocabulary,
            settings.max_page_bytes,
            convert,
            settings.nav_section_limit,
        )
    except (CommonsError, Stop, ExtensionsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if plan.stops:
        print("Nothing moved: fix these first, then run make adopt again.", file=sys.stderr)
        for stop in plan.stops:
            print(f"  {stop}", file=sys.stderr)
        return 1
    if not args.apply:
        print(report(plan, applied=False))
        return 0
    try:
        sha = apply(plan, root)
    except (OSError, Stop) as error:
        print(f"error: nothing moved: {error}", file=sys.stderr)
        return 1
    plan.checks += [
        f"{target}: git did not see this move as a rename, so the page's history starts with the adoption"
        for target in not_renamed(root, plan)
    ]
    print(report(plan, applied=True))
    print(f"\nCommit {sha[:12]}: review it with git show --stat {sha[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
