"""Front matter drafted for a page that arrives without it: title, summary and tags read from the page.

`scripts/adopt.py` moves a folder of Markdown into the wiki; this module only reads text and writes
text. A drafted summary carries the mark of `migration.SUMMARY_MARK` until a person has checked it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml

from .frontmatter import FRONT_MATTER_RE, parse_yaml
from .migration import SUMMARY_MARK
from .schema import SUMMARY_LIMITS, TITLE_LIMITS
from .text import markdown_lines, slugify, unfenced
from .vocabulary import Vocabulary, tag_name_problem

MAX_TAGS = 6
_SETEXT_UNDERLINE_RE = re.compile(r" {0,3}(?:=+|-+)[^\S\n]*")
_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK_TEXT_RE = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)|\[([^\]\n]*)\]\[[^\]\n]*\]")
_HTML_TAG_RE = re.compile(r"<[A-Za-z/!?][^>\n]*>")
_EMPHASIS_RE = re.compile(r"(\*\*|__|~~|`)")
_SINGLE_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+)(?<=\S)\*(?![\w*])")
_SPACES_RE = re.compile(r"\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=\S)")
# Blocks that are no prose: headings, lists, quotes, tables, HTML, images, admonitions, rules, references.
_NOT_PROSE_RE = re.compile(r"^(?:#|[-*+][^\S\n]|\d+[.)][^\S\n]|>|\||<|!|:::|\[[^\]\n]*\]:|[-*_=]{3,}\s*$)")
_INDENTED_CODE = "    "


@dataclass
class Draft:
    """What was written into one page's front matter, and what a person should know about it."""

    title: str | None = None  # None when the page already had one
    title_from: str = ""  # 'heading' or 'file name'
    summary: str | None = None
    tags: tuple[str, ...] = ()
    unknown_tags: tuple[str, ...] = ()  # folder names that are no tag or alias in the vocabulary
    notes: list[str] = field(default_factory=list)  # what a person must still check


def draft_page(
    text: str, file_name: str, folders: tuple[str, ...], vocabulary: Vocabulary, *, summary: bool = True
) -> tuple[str, Draft]:
    """``text`` with the front matter it lacks, and what was drafted. ``file_name`` may have the folders
    above it (an index page takes its folder's name); ``folders`` name the page's topics; without
    ``summary`` none is drafted."""
    match = FRONT_MATTER_RE.match(text)
    existing: dict[str, object] = {}
    if match:
        doc = parse_yaml(match.group(1), file_name, first_line=2)
        if not doc.parsed:
            return text, Draft(
                notes=["its front matter is not a valid YAML mapping: nothing was added to it"]
            )
        existing = doc.data
    body = text[match.end() :] if match else text
    draft = Draft()
    lines: list[str] = []  # a field already there, even empty, stays as written: YAML keeps one of two
    if "title" not in existing:
        draft.title, draft.title_from = draft_title(body, file_name)
        lines.append(f"title: {_quoted(draft.title)}")
    if "summary" not in existing and summary:
        draft.summary = draft_summary(body)
        if draft.summary is None:
            draft.notes.append(f"no paragraph of {SUMMARY_LIMITS[0]} characters or more: write a summary")
        else:
            lines.append(f"summary: {_quoted(draft.summary)}  {SUMMARY_MARK}")
    if "tags" not in existing:
        draft.tags, draft.unknown_tags = proposed_tags(folders, vocabulary)
        if draft.tags:
            lines.append(f"tags: [{', '.join(_plain(tag) for tag in draft.tags)}]")
    if not lines:
        return text, draft
    added = "".join(line + "\n" for line in lines)
    if match:
        return text[: match.end(1)] + added + text[match.end(1) :], draft
    return f"---\n{added}---\n\n{text}", draft


def draft_title(body: str, file_name: str) -> tuple[str, str]:
    """(title, where it came from): the first heading, or else the file name."""
    heading = first_heading(body)
    low, high = TITLE_LIMITS
    if heading is not None and len(heading) >= low:
        return _cut(heading, high), "heading"
    stem = PurePosixPath(file_name).stem
    if stem.lower() in ("index", "readme"):
        stem = PurePosixPath(file_name).parent.name or stem
    words = _SPACES_RE.sub(" ", re.sub(r"[-_]+", " ", stem)).strip()
    title = words[:1].upper() + words[1:]
    return _cut(title, high), "file name"


def first_heading(body: str) -> str | None:
    """The plain text of the page's title heading outside fenced code: the first heading when nothing but
    blank lines comes before it, else the first level-1 heading (a later '## Section' is no title)."""
    text = markdown_lines(body)
    prose = False
    for start, end in unfenced(text):
        lines = text[start:end].split("\n")
        for number, line in enumerate(lines):
            heading, level = _atx_heading(line), 0
            if heading is not None:
                level = len(line.strip()) - len(line.strip().lstrip("#"))
            elif line.strip() and number + 1 < len(lines) and not _NOT_PROSE_RE.match(line.lstrip()):
                underline = _SETEXT_UNDERLINE_RE.fullmatch(lines[number + 1])
                heading, level = (line, 1 if "=" in lines[number + 1] else 2) if underline else (None, 0)
            if heading is not None and plain_text(heading) and (level == 1 or not prose):
                return plain_text(heading)
            prose = prose or bool(line.strip())
    return None


def _atx_heading(line: str) -> str | None:
    """The text of a '# Heading' line (closing hashes dropped), or None."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith("#"):
        return None
    hashes = len(stripped) - len(stripped.lstrip("#"))
    rest = stripped[hashes:]
    if hashes > 6 or (rest and not rest[0].isspace()):
        return None
    rest = rest.strip()
    closing = rest.rstrip("#")
    if closing != rest and (not closing or closing[-1].isspace()):
        rest = closing.rstrip()
    return rest


def draft_summary(body: str) -> str | None:
    """The first paragraph of prose, cut after a sentence so that it fits the summary's length limits."""
    low, high = SUMMARY_LIMITS
    for paragraph in paragraphs(body):
        text = plain_text(paragraph)
        if len(text) < low:
            continue
        summary = ""
        for sentence in _SENTENCE_END_RE.split(text):
            longer = f"{summary} {sentence}".strip()
            if len(longer) > high:
                break
            summary = longer
        if not summary:  # the first sentence alone is too long: cut it at a word
            summary = _cut(text, high)
        if len(summary) >= low:
            return summary
    return None


def paragraphs(body: str) -> list[str]:
    """The paragraphs of prose outside fenced code, each as one string."""
    text = markdown_lines(body)
    found: list[str] = []
    for start, end in unfenced(text):
        for block in re.split(r"\n[^\S\n]*\n", text[start:end]):
            lines = [line for line in block.split("\n") if line.strip()]
            if not lines or _NOT_PROSE_RE.match(lines[0].lstrip()) or lines[0].startswith(_INDENTED_CODE):
                continue
            if len(lines) > 1 and re.fullmatch(r" {0,3}(?:=+|-+)\s*", lines[-1]):  # a setext heading
                lines = lines[:-2]
            if lines:
                found.append(" ".join(lines))
    return found


def plain_text(markdown: str) -> str:
    """Inline Markdown as the plain text a reader sees: no images, link targets, emphasis or tags."""
    text = _IMAGE_RE.sub("", markdown)
    text = _LINK_TEXT_RE.sub(lambda match: match.group(1) or match.group(2) or "", text)
    text = _HTML_TAG_RE.sub("", text)
    text = _EMPHASIS_RE.sub("", text)
    text = _SINGLE_EMPHASIS_RE.sub(r"\1", text)
    return _SPACES_RE.sub(" ", text).strip()


def proposed_tags(
    folders: tuple[str, ...], vocabulary: Vocabulary
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(tags from the vocabulary, new tag names) for the folder names a page lies in, outermost first."""
    known: list[str] = []
    unknown: list[str] = []
    for folder in folders:
        tag = vocabulary.lookup(folder) or vocabulary.lookup(slugify(folder))
        if tag is not None:
            if tag.name not in known:
                known.append(tag.name)
            continue
        name = slugify(folder)
        if name and not name.isdigit() and tag_name_problem(name) is None and name not in unknown:
            unknown.append(name)
    return tuple(known[:MAX_TAGS]), tuple(unknown)


def _cut(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, an ellipsis showing the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _plain(name: str) -> str:
    """A tag name as written in a YAML list: plain unless YAML would read it as something else."""
    return name if yaml.safe_load(f"[{name}]") == [name] else _quoted(name)
