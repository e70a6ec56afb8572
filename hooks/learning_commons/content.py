"""Read every page under docs/ once: file safety checks, front matter, validation, the page model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .filenames import file_name_problem, shown_name
from .frontmatter import Document, parse_yaml, split_front_matter
from .images import missing_alt_text
from .links import link_targets
from .migration import period_over, set_aside, unchecked_summary
from .model import INDEX_NAMES, Kind, Page, Part, Wiki, page_url
from .placeholders import body_placeholders, front_matter_placeholders
from .problems import Problem
from .rereading import rereading_hazard
from .schema import Checked, validate
from .settings import Settings
from .snippets import Snippet, Snippets, deepest_indent, includes
from .text import count_words, nesting
from .vocabulary import Vocabulary, load_vocabulary

# Suffixes MkDocs also publishes as pages; ours are '.md' only, so the others would skip every check.
_OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd")
_PART_BY_NAME = {
    "index.md": Part.OVERVIEW,
    "facilitator-guide.md": Part.FACILITATOR_GUIDE,
    "handout.md": Part.HANDOUT,
}


def page_kind(src_uri: str) -> tuple[Kind, str | None, Part | None]:
    """The page type from its folder, and for workshop pages the workshop folder and the part."""
    parts = PurePosixPath(src_uri).parts
    if len(parts) < 2 or (parts[-1] in INDEX_NAMES and len(parts) == 2):
        return Kind.PAGE, None, None
    section = parts[0]
    if section == "playbooks":
        return Kind.PLAYBOOK, None, None
    if section == "lessons":
        return Kind.LESSON, None, None
    if section == "workshops" and len(parts) >= 3:
        workshop = f"workshops/{parts[1]}"
        part = _PART_BY_NAME.get(parts[-1], Part.EXERCISE) if len(parts) == 3 else Part.EXERCISE
        kind = Kind.WORKSHOP if part is Part.OVERVIEW else Kind.WORKSHOP_PART
        return kind, workshop, part
    return Kind.PAGE, None, None


def read_wiki(
    docs_dir: Path, settings: Settings, *, display_root: Path | None = None, today: dt.date | None = None
) -> Wiki:
    """Read and validate every Markdown page under ``docs_dir``; all problems are collected, none raised."""
    display_root = display_root or docs_dir.parent
    shown_docs = _display(docs_dir, display_root)
    today = today or dt.date.today()
    vocabulary, problems = load_vocabulary(
        docs_dir / settings.tags_file, f"{shown_docs}/{settings.tags_file}"
    )
    wiki = Wiki(problems=problems)
    wiki.vocabulary = vocabulary
    scan = scan_docs(docs_dir, shown_docs)
    wiki.problems += scan.problems
    wiki.refused.update(scan.refused)
    wiki.static = scan.static
    wiki.shown_docs = shown_docs
    wiki.problems += url_collisions(scan.pages, shown_docs)
    snippets, snippet_problems = read_snippets(docs_dir, shown_docs, settings.max_page_bytes)
    wiki.problems += snippet_problems
    wiki.refused.update(snippet.src_uri for snippet in snippets.by_name.values() if snippet.refused)
    for src_uri in scan.pages:
        page, page_problems = read_page(
            docs_dir, src_uri, f"{shown_docs}/{src_uri}", vocabulary, settings, today, snippets
        )
        page_problems, pending = set_aside(page_problems, settings.migration_until, today)
        wiki.problems += page_problems
        wiki.pending += pending
        if page is None:  # unreadable, undecodable, oversize or hazardous for Python-Markdown
            wiki.refused.add(src_uri)
        else:
            if pending and not page.valid and not any(problem.is_error for problem in page_problems):
                page = dataclasses.replace(page, valid=True)  # only incomplete, and that may wait
            wiki.pages[src_uri] = page
    wiki.problems += period_over(wiki.problems, settings.migration_until, today)
    return wiki


@dataclass
class DocsScan:
    """What one walk over docs/ found."""

    pages: list[str] = field(default_factory=list)  # src_uris of the Markdown pages, sorted
    static: list[str] = field(default_factory=list)  # other files MkDocs copies as they are, sorted
    problems: list[Problem] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # files and folders never to publish, as MkDocs names them


def scan_docs(docs_dir: Path, shown_docs: str) -> DocsScan:
    """The pages and static files under docs/; symbolic links and unusable names anywhere are refused.

    Every problem is about one file or folder that must not be published: its path is
    ``f"{shown_docs}/{relative path}"``.

    Folders starting with '.' are never published and are skipped. Folders starting with '_' hold
    snippets (excluded from the site, but included into pages), so their files are no pages but are
    still checked for links: a snippet that links to /etc/passwd would publish it.
    """
    scan = DocsScan()
    for root, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        rel_root = Path(root).relative_to(docs_dir)
        in_snippets = any(part.startswith("_") for part in rel_root.parts)
        prefix = f"{rel_root.as_posix()}/" if rel_root.parts else ""
        file_names = set(files)
        for name in sorted(dirs + files):
            if name.startswith("."):
                continue
            rel = prefix + name  # as Path(root, name).relative_to(docs_dir).as_posix(), without its cost
            wrong: tuple[str, str] | None
            if os.path.islink(os.path.join(root, name)):  # not pathlib: it interns every part of every path
                wrong = (
                    "symbolic links are not allowed under docs/ (they can publish files from outside the "
                    "repository)",
                    "replace the link with a copy of the file, or remove it",
                )
            else:
                wrong = file_name_problem(name)
            if wrong is not None:
                scan.problems.append(Problem(f"{shown_docs}/{shown_name(rel)}", 0, *wrong))
                scan.refused.add(rel)
                if name in dirs:
                    dirs.remove(name)
            elif in_snippets or name not in file_names:
                continue
            elif name.endswith(".md"):
                scan.pages.append(rel)
            elif name.endswith(_OTHER_MARKDOWN):
                scan.problems.append(
                    Problem(
                        f"{shown_docs}/{rel}",
                        0,
                        "Markdown pages must end in '.md' (this one would be published without any checks)",
                        f"rename it to {PurePosixPath(name).stem}.md",
                    )
                )
                scan.refused.add(rel)
            else:
                scan.static.append(rel)
    scan.pages.sort()
    scan.static.sort()
    return scan


def url_collisions(sources: list[str], shown_docs: str) -> list[Problem]:
    """Two sources that would publish to the same address (foo.md and foo/index.md, or case only)."""
    by_url: dict[str, list[str]] = defaultdict(list)
    for src_uri in sources:
        by_url[unicodedata.normalize("NFC", page_url(src_uri)).casefold()].append(src_uri)
    problems = []
    for url, clashing in sorted(by_url.items()):
        if len(clashing) > 1:
            names = " and ".join(f"{shown_docs}/{src}" for src in clashing)
            problems.append(
                Problem(
                    f"{shown_docs}/{clashing[-1]}",
                    0,
                    f"{names} would both be published at /{url} (one would silently replace the other)",
                    "rename or merge one of them",
                )
            )
    return problems


def read_page(
    docs_dir: Path,
    src_uri: str,
    shown: str,
    vocabulary: Vocabulary,
    settings: Settings,
    today: dt.date,
    snippets: Snippets | None = None,
) -> tuple[Page | None, list[Problem]]:
    text, problem = _read_text(docs_dir / src_uri, shown, settings.max_page_bytes)
    if problem or text is None:
        return None, [problem] if problem else []
    if snippets is not None:  # Markdown reads the page with its snippets in place
        size = len(text.encode("utf-8", "surrogatepass"))
        problems = snippets.problems(includes(text), shown, size, settings.max_page_bytes, MAX_INDENT)
        if problems:
            return None, problems
    return page_from_text(src_uri, shown, text, vocabulary, today)


def _read_text(path: Path, shown: str, max_bytes: int) -> tuple[str | None, Problem | None]:
    """A page's or snippet's text, or the problem that keeps it from being used."""
    try:
        with path.open("rb") as file:  # never more than the limit (and one byte to know it is over)
            data = file.read(max_bytes + 1)
            size = os.fstat(file.fileno()).st_size
    except OSError as error:
        return None, Problem(shown, 0, f"cannot read the file ({error.strerror})")
    return decode_page(data, shown, max_bytes, size=max(size, len(data)))


def read_snippets(docs_dir: Path, shown_docs: str, max_bytes: int) -> tuple[Snippets, list[Problem]]:
    """Every file in the folders starting with '_' (snippets), checked as a page is, then with what it
    includes. Symbolic links are left to scan_docs, which refuses them."""
    snippets, problems = Snippets(), []
    for folder in sorted(docs_dir.iterdir() if docs_dir.is_dir() else ()):
        if not folder.name.startswith("_") or folder.is_symlink() or not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(name for name in dirs if not name.startswith("."))
            for path in sorted(Path(root, name) for name in files if not name.startswith(".")):
                if not path.is_symlink():
                    name = path.relative_to(folder).as_posix()
                    snippet, problem = _read_snippet(path, f"{folder.name}/{name}", shown_docs, max_bytes)
                    snippets.add(name, snippet)
                    problems += [problem] if problem else []
    for name, snippet in snippets.by_name.items():
        problems += snippets.problems(
            snippet.includes, snippet.shown, snippet.size, max_bytes, MAX_INDENT, own=name
        )
    return snippets, problems


def _read_snippet(
    path: Path, src_uri: str, shown_docs: str, max_bytes: int
) -> tuple[Snippet, Problem | None]:
    shown = f"{shown_docs}/{src_uri}"
    text, problem = _read_text(path, shown, max_bytes)
    if text is not None and problem is None:
        problem = markdown_hazard(text, 1, shown)
    if text is None or problem is not None:
        return Snippet(src_uri, shown, 0, 0, [], refused=True), problem
    size = len(text.encode("utf-8", "surrogatepass"))
    return Snippet(src_uri, shown, size, deepest_indent(text), includes(text), refused=False), None


def page_from_text(
    src_uri: str,
    shown: str,
    text: str,
    vocabulary: Vocabulary,
    today: dt.date,
    *,
    placeholders: bool = True,
) -> tuple[Page | None, list[Problem]]:
    """Parse and validate one page's text (already decoded, newlines normalised).

    ``placeholders=False`` lets a page just started from its template keep its 'TODO: …' texts.
    """
    split = split_front_matter(text)
    hazard = markdown_hazard(split.body, split.body_line, shown)
    if hazard is not None:  # Python-Markdown would hang or crash on it: the page is not published
        return None, [hazard]
    kind, workshop, part = page_kind(src_uri)
    if split.front_matter is None:
        # Still a page (a preview shows it with its problem), but an invalid one that --strict refuses.
        missing = Problem(
            shown,
            1,
            "the page has no front matter",
            "start the file with '---', then 'title: …', 'summary: …' and 'tags: […]', then '---'",
            incomplete=True,
        )
        doc, checked, problems = Document(), Checked({}, []), [missing]
    else:
        doc = parse_yaml(split.front_matter, shown, first_line=2)
        # Front matter that is not a YAML mapping has one problem; "'title' is missing" would only add noise.
        checked = validate(shown, kind, doc, vocabulary, today) if doc.parsed else Checked({}, [])
        problems = doc.problems + checked.problems
        unchecked = unchecked_summary(split.front_matter, 2, shown)
        problems += [unchecked] if unchecked else []
        if placeholders:
            problems = with_placeholders(problems, front_matter_placeholders(doc, shown))
    if placeholders:
        problems += body_placeholders(split.body, split.body_line, shown)
    problems += missing_alt_text(split.body, split.body_line, shown)
    values = checked.values
    valid = not any(problem.is_error for problem in problems)
    page = Page(
        src_uri=src_uri,
        path=shown,
        kind=kind,
        title=values.get("title") or PurePosixPath(src_uri).stem.replace("-", " ").capitalize(),
        summary=values.get("summary") or "",
        tags=values.get("tags", ()),
        owner=values.get("owner"),
        reviewed=values.get("reviewed"),
        review_every=values.get("review_every"),
        cadence=values.get("cadence"),
        audience=values.get("audience"),
        happened=values.get("happened"),
        actions=values.get("actions", ()),
        workshop=workshop,
        part=part,
        duration=values.get("duration"),
        agenda=values.get("agenda", ()),
        facilitators=values.get("facilitators", ()),
        links=link_targets(split.body),
        words=count_words(split.body),
        valid=valid,
    )
    return page, problems


def with_placeholders(problems: list[Problem], placeholders: list[Problem]) -> list[Problem]:
    """``problems`` with the front matter's placeholders added; a placeholder says all there is to say
    about its line ('summary: TODO' is not also "too short", 'tags: [TODO]' not "not in docs/tags.yml")."""
    lines = {placeholder.line for placeholder in placeholders}
    return [problem for problem in problems if problem.line not in lines] + placeholders


# Python-Markdown is quadratic in the '[' open at once in a paragraph (8,000: 24 s) and recurses once per
# level of nested lists (300 levels: RecursionError). Real pages stay far below both limits.
MAX_OPEN_BRACKETS = 500
MAX_INDENT = 200
# A line nested more than MAX_INDENT columns starts with more than MAX_INDENT / 4 characters of spaces, tabs,
# quote markers ('>') and list markers ('-', '*', '+', '1.', '1)' before a space): '- - - x' nests three lists.
_DEEP_INDENT_RE = re.compile(rf"\n(?:[ \t>\d]|[-*+.)](?=[ \t])){{{MAX_INDENT // 4 + 1}}}")


def markdown_hazard(body: str, first_line: int, shown: str) -> Problem | None:
    """A problem when the Markdown would make the build hang or crash, None for every normal page."""
    if body.count("[") <= MAX_OPEN_BRACKETS and not _DEEP_INDENT_RE.search("\n" + body):
        return rereading_hazard(body, first_line, shown)  # every normal page: None
    open_brackets = 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        if not line.strip():
            open_brackets = 0  # inline Markdown is parsed one paragraph at a time
            continue
        if (nesting := _nesting_problem(line, number, shown)) is not None:
            return nesting
        if "[" not in line and "]" not in line:
            continue
        escaped = False
        for char in line:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "[":
                open_brackets += 1
                if open_brackets > MAX_OPEN_BRACKETS:
                    return Problem(
                        shown,
                        number,
                        f"more than {MAX_OPEN_BRACKETS} '[' are open at once here: Markdown slows down with "
                        "the square of that (8,000 take half a minute)",
                        "close them with ']', or write \\[ for a bracket that is only text",
                    )
            elif char == "]" and open_brackets:
                open_brackets -= 1
    return rereading_hazard(body, first_line, shown)


def _nesting_problem(line: str, number: int, shown: str) -> Problem | None:
    """A problem when the line's content starts more than MAX_INDENT columns in, counting the list and
    quote markers before it ('- - - x' is three lists deep)."""
    columns, markers = nesting(line)
    if columns <= MAX_INDENT:
        return None
    if markers:
        where = f"this line's list and quote markers nest {columns} columns deep"
    else:
        where = f"this line is indented {columns} spaces"
    return Problem(
        shown, number, f"{where}: lists or quotes nested this deep crash Markdown", "flatten the nesting"
    )


def decode_page(
    data: bytes, shown: str, max_bytes: int, *, size: int | None = None
) -> tuple[str | None, Problem | None]:
    """The page's text as MkDocs reads it (UTF-8, BOM dropped, universal newlines), or the problem
    that keeps it from being published. ``size`` is the file's size when ``data`` is only its start."""
    size = len(data) if size is None else size
    if size > max_bytes:
        return None, Problem(
            shown,
            0,
            f"the page is {size:,} bytes, over the limit of {max_bytes:,}",
            "split it into several pages (or raise extra.commons.max_page_bytes in mkdocs.yml)",
        )
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        return None, Problem(shown, line, "the file contains a NUL byte", "save it as plain UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        decoded = bytes(error.object)  # without the byte order mark, which error.start counts from
        line = decoded[: error.start].count(b"\n") + 1
        return None, Problem(
            shown,
            line,
            f"the file is not valid UTF-8 (byte 0x{decoded[error.start]:02x})",
            "save the file as UTF-8",
        )
    # MkDocs opens pages in text mode, so Windows (CRLF) and old Mac (CR) line endings read as '\n'.
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
