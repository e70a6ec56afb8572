"""Read every page under docs/ once: file safety checks, front matter, validation, the page model."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from pathlib import Path, PurePosixPath

from .frontmatter import Document, parse_yaml, split_front_matter
from .images import missing_alt_text
from .links import link_targets
from .model import Kind, Page, Part, Wiki, page_url
from .placeholders import body_placeholders, front_matter_placeholders
from .problems import Problem
from .schema import Checked, validate
from .settings import Settings
from .text import count_words
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
    if len(parts) < 2 or (parts[-1] == "index.md" and len(parts) == 2):
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
    sources, file_problems = scan_docs(docs_dir, shown_docs)
    wiki.problems += file_problems
    wiki.refused.update(problem.path[len(shown_docs) + 1 :] for problem in file_problems)
    wiki.problems += url_collisions(sources, shown_docs)
    for src_uri in sources:
        page, page_problems = read_page(
            docs_dir, src_uri, f"{shown_docs}/{src_uri}", vocabulary, settings, today
        )
        wiki.problems += page_problems
        if page is None:  # unreadable, undecodable, oversize or hazardous for Python-Markdown
            wiki.refused.add(src_uri)
        else:
            wiki.pages[src_uri] = page
    return wiki


def scan_docs(docs_dir: Path, shown_docs: str) -> tuple[list[str], list[Problem]]:
    """The src_uris of all Markdown pages, sorted; symbolic links anywhere under docs/ are refused.

    Every problem is about one file or folder that must not be published: its path is
    ``f"{shown_docs}/{relative path}"``.

    Folders starting with '.' are never published and are skipped. Folders starting with '_' hold
    snippets (excluded from the site, but included into pages), so their files are no pages but are
    still checked for links: a snippet that links to /etc/passwd would publish it.
    """
    sources: list[str] = []
    problems: list[Problem] = []
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
            if os.path.islink(os.path.join(root, name)):  # not pathlib: it interns every part of every path
                problems.append(
                    Problem(
                        f"{shown_docs}/{rel}",
                        0,
                        "symbolic links are not allowed under docs/ (they can publish files from outside the "
                        "repository)",
                        "replace the link with a copy of the file, or remove it",
                    )
                )
                if name in dirs:
                    dirs.remove(name)
            elif in_snippets or name not in file_names:
                continue
            elif name.endswith(".md"):
                sources.append(rel)
            elif name.endswith(_OTHER_MARKDOWN):
                problems.append(
                    Problem(
                        f"{shown_docs}/{rel}",
                        0,
                        "Markdown pages must end in '.md' (this one would be published without any checks)",
                        f"rename it to {PurePosixPath(name).stem}.md",
                    )
                )
    return sorted(sources), problems


def url_collisions(sources: list[str], shown_docs: str) -> list[Problem]:
    """Two sources that would publish to the same address (foo.md and foo/index.md, or case only)."""
    by_url: dict[str, list[str]] = defaultdict(list)
    for src_uri in sources:
        by_url[page_url(src_uri).casefold()].append(src_uri)
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
    docs_dir: Path, src_uri: str, shown: str, vocabulary: Vocabulary, settings: Settings, today: dt.date
) -> tuple[Page | None, list[Problem]]:
    path = docs_dir / src_uri
    try:
        with path.open("rb") as file:  # never more than the limit (and one byte to know it is over)
            data = file.read(settings.max_page_bytes + 1)
            size = os.fstat(file.fileno()).st_size
    except OSError as error:
        return None, [Problem(shown, 0, f"cannot read the file ({error.strerror})")]
    text, problem = decode_page(data, shown, settings.max_page_bytes, size=max(size, len(data)))
    if problem or text is None:
        return None, [problem] if problem else []
    return page_from_text(src_uri, shown, text, vocabulary, today)


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
        )
        doc, checked, problems = Document(), Checked({}, []), [missing]
    else:
        doc = parse_yaml(split.front_matter, shown, first_line=2)
        # Front matter that is not a YAML mapping has one problem; "'title' is missing" would only add noise.
        checked = validate(shown, kind, doc, vocabulary, today) if doc.parsed else Checked({}, [])
        problems = doc.problems + checked.problems
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
# A line indented more than MAX_INDENT columns starts with more than MAX_INDENT / 4 spaces or tabs.
_DEEP_INDENT_RE = re.compile(rf"\n[ \t]{{{MAX_INDENT // 4 + 1}}}")


def markdown_hazard(body: str, first_line: int, shown: str) -> Problem | None:
    """A problem when the Markdown would make the build hang or crash, None for every normal page."""
    if body.count("[") <= MAX_OPEN_BRACKETS and not _DEEP_INDENT_RE.search("\n" + body):
        return None  # every normal page: too few '[' to open too many, no line indented far enough
    open_brackets = 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        if not line.strip():
            open_brackets = 0  # inline Markdown is parsed one paragraph at a time
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if indent > MAX_INDENT:
            return Problem(
                shown,
                number,
                f"this line is indented {indent} spaces: lists or quotes nested this deep crash Markdown",
                "flatten the nesting",
            )
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
    return None


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
