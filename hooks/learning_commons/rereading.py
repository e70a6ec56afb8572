"""Text Python-Markdown would read over and over: after each '[' or link target '](' it cannot close it
reads on to the end of the paragraph, after each '<tag' that no '>' follows on to the end of the page.
20 KB of them take a build a minute, 1 MB hours. Measured here in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import Problem

# Characters Markdown would read again, in all: at most about 3 s of its time (it reads 3 to 15 million
# a second, depending on what it looks for). Real pages stay far below.
MAX_REREAD = 10_000_000
# Escapes, blank lines (the end of a paragraph), link starts and ends, brackets and parentheses.
_LINK_TOKEN_RE = re.compile(r"\\.|\n[^\S\n]*(?=\n)|\]\(|[\[\]()]")
_TAG_START_RE = re.compile(r"<[A-Za-z]")
# Abbreviations ('*[HTML]: Hyper Text Markup Language'): Markdown looks for each at every word of the page,
# some ten million comparisons a second. Real pages define a handful.
MAX_ABBREVIATION_WORK = 30_000_000
_ABBREVIATION_RE = re.compile(r"\n\*\[")


@dataclass(frozen=True)
class _Unclosed:
    kind: str  # "[", "](" or "<"
    starts: list[int]  # offsets of the starts never closed
    reread: int  # characters read again because of them


def rereading_hazard(body: str, first_line: int, shown: str) -> Problem | None:
    """A problem when Markdown would read more than MAX_REREAD characters again, or compare more than
    MAX_ABBREVIATION_WORK abbreviations; None for normal pages."""
    size = len(body)
    if body.count("*[") * size > MAX_ABBREVIATION_WORK:
        definitions = [match.start() for match in _ABBREVIATION_RE.finditer("\n" + body)]
        if len(definitions) * size > MAX_ABBREVIATION_WORK:
            return Problem(
                shown,
                first_line + body.count("\n", 0, definitions[0]),
                f"{len(definitions):,} abbreviations are defined on this page: Markdown looks for every one at "
                f"every word ({len(definitions) * size:,} comparisons)",
                "define only the abbreviations the page uses, a few dozen at most",
            )
    if max(body.count("["), body.count("<")) * size <= MAX_REREAD:  # every normal page
        return None
    worst = next(
        (found for found in (*_unclosed_links(body), _unclosed_tags(body)) if found.reread > MAX_REREAD), None
    )
    if worst is None:
        return None
    line = first_line + body.count("\n", 0, worst.starts[0])
    count = len(worst.starts)
    if worst.kind == "<":
        return Problem(
            shown,
            line,
            f"{count:,} HTML tags from here on are never closed with '>': Markdown reads on to the end of "
            f"the page for each ({worst.reread:,} characters in all)",
            "close the tags with '>', or write &lt; for a '<' that is only text",
        )
    what = (
        "'[' are never closed with ']'"
        if worst.kind == "["
        else "link targets '](' are never closed with ')'"
    )
    return Problem(
        shown,
        line,
        f"{count:,} {what} in this paragraph: Markdown reads the rest of the paragraph again for each "
        f"({worst.reread:,} characters in all)",
        "close them, or write \\[ and \\( for brackets that are only text",
    )


def _unclosed_links(body: str) -> list[_Unclosed]:
    """Per paragraph, the '[' and the '](' it leaves open, with what they make Markdown read again."""
    found = []
    brackets: list[int] = []
    targets: list[tuple[int, int]] = []  # (depth of parentheses inside the target, offset)
    depth = 0
    for token in _LINK_TOKEN_RE.finditer(body):
        text = token.group()
        if text.startswith("\n") or text.startswith("\\"):
            if text.startswith("\n"):  # the paragraph ends: what is open stays unclosed
                found += _paragraph(brackets, targets, token.start())
                brackets, targets, depth = [], [], 0
        elif text == "[":
            brackets.append(token.start())
        elif text == "]" and brackets:
            brackets.pop()
        elif text == "](":
            if brackets:
                brackets.pop()
            depth += 1
            targets.append((depth, token.start()))
        elif text == "(":
            depth += 1
        elif text == ")" and depth:
            if targets and targets[-1][0] == depth:
                targets.pop()
            depth -= 1
    return found + _paragraph(brackets, targets, len(body))


def _paragraph(brackets: list[int], targets: list[tuple[int, int]], end: int) -> list[_Unclosed]:
    starts = [offset for _, offset in targets]
    return [
        _Unclosed(kind, opened, sum(end - offset for offset in opened))
        for kind, opened in (("[", brackets), ("](", starts))
        if opened
    ]


def _unclosed_tags(body: str) -> _Unclosed:
    """The tag starts ('<' and a letter) after the last '>': each reads on to the end of the page. (A tag
    that a '>' closes, however far on, takes every '<' up to it as its attributes, read once.)"""
    last_close = body.rfind(">")
    starts = [tag.start() for tag in _TAG_START_RE.finditer(body, last_close + 1)]
    return _Unclosed("<", starts, sum(len(body) - start for start in starts))
