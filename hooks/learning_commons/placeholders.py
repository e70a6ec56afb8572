"""Placeholders left in a page: the template's 'TODO: …' texts and TBD/FIXME/XXX-style markers.

An unfilled page must not be published (and shown as "recently learned"), so a placeholder is an error.
A marker counts where it stands for missing text: in a front matter value, at the start of a line of the
body (a paragraph, list item, table cell or admonition title) and anywhere in a heading. The words inside
normal prose ("a to-do list", "Todo apps", "the TBD column" in lower case) are not markers.
"""

from __future__ import annotations

import re
from typing import Any

from .frontmatter import Document, Path_, field_name
from .problems import Problem
from .text import markdown_lines, shown, unfenced

MARKERS = ("TODO", "TBD", "TBC", "FIXME", "XXX")
_WORDS = "|".join(MARKERS)
# Each marker as people write it: 'TODO', 'todo', 'Todo'. Most pages hold none, and then nothing else is
# looked at; a search for the words in any case (re.IGNORECASE) took 2 s over 5,000 pages, these 0.4 s.
_FORMS = tuple(form for word in MARKERS for form in (word, word.lower(), word.capitalize()))
# A marker word in capitals anywhere ('Dates TBD', 'Exercise 1: TODO'): in values and headings.
_CAPITAL_RE = re.compile(rf"(?<![\w-])(?:{_WORDS})(?![\w-])")
# Text that starts with a marker: in capitals, or in any case when nothing but punctuation follows it
# ('todo: write this', 'tbd'), so 'Todo lists help' is prose.
_LEADING_RE = re.compile(rf"(?:(?:{_WORDS})(?![\w-])|(?i:{_WORDS})[^\S\n]*(?:[:.!?…)\]—–]|-(?!\w)|$))")
# What comes before a line's text: indentation, quote marks, list bullets and numbers, task boxes,
# emphasis and headings' '#'s.
_LINE_START_RE = re.compile(r"[\s>]*(?:(?:[-*+]|\d+[.)])[^\S\n]+)?(?:\[[ xX]\][^\S\n]+)?[*_]*")
_HEADING_RE = re.compile(r"[^\S\n]{0,3}#{1,6}[^\S\n]")
_ADMONITION_RE = re.compile(r'[^\S\n]*(?:!!!|\?\?\?\+?)[^"\n]*"([^"\n]*)"')
_EXCERPT = 60
FIX = "write your own text in its place (a page with TODO, TBD, FIXME or XXX left in is not published)"


def front_matter_placeholders(doc: Document, shown_path: str) -> list[Problem]:
    problems = []
    for at, value in _texts(doc.data, ()):
        if _has_marker(value) and (_CAPITAL_RE.search(value) or _LEADING_RE.match(value.strip())):
            problems.append(
                Problem(
                    shown_path, doc.line(at), f"{field_name(at)} is a placeholder: {_excerpt(value)}", FIX
                )
            )
    return problems


def body_placeholders(body: str, body_line: int, shown_path: str) -> list[Problem]:
    if not _has_marker(body):  # nearly every page: not one marker
        return []
    text = markdown_lines(body)
    problems, first, counted = [], body_line, 0
    for start, end in unfenced(text):  # markers in code examples are examples
        first += text.count("\n", counted, start)  # the line after the span's leading '\n'
        counted = start
        for offset, line in enumerate(text[start + 1 : end].split("\n")):
            what = _line_placeholder(line)
            if what:
                problems.append(
                    Problem(shown_path, first + offset, f"{what} is a placeholder: {_excerpt(line)}", FIX)
                )
    return problems


def _line_placeholder(line: str) -> str:
    """What on this line is a placeholder ('this heading', 'this line'), or '' when nothing is."""
    if not _has_marker(line):
        return ""
    if _HEADING_RE.match(line):
        return "this heading" if _CAPITAL_RE.search(line) or _starts_with_marker(line) else ""
    admonition = _ADMONITION_RE.match(line)
    if admonition:
        return "this title" if _starts_with_marker(admonition.group(1)) else ""
    cells = line.strip().strip("|").split("|") if line.lstrip().startswith("|") else [line]
    return "this line" if any(_starts_with_marker(cell) for cell in cells) else ""


def _has_marker(text: str) -> bool:
    return any(form in text for form in _FORMS)


def _starts_with_marker(text: str) -> bool:
    start = _LINE_START_RE.match(text)
    rest = text[start.end() :] if start else text
    return _LEADING_RE.match(rest.lstrip("#").strip(" *_")) is not None


def _texts(value: Any, at: Path_) -> list[tuple[Path_, str]]:
    """Every text in front matter values, with where it is."""
    if isinstance(value, str):
        return [(at, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _texts(item, (*at, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _texts(item, (*at, index))]
    return []


def _excerpt(text: str) -> str:
    text = text.strip()
    return shown(text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…")
