"""Scanners for the Markdown constructs the checks read (headings, links, raw-HTML tags), linear in
their input whatever it holds.

A regular expression that searches from every '[' (or '<a ', '<img') to the end of its line reads a
line of unclosed links once per bracket: 100 KB of them take minutes. These scanners read each character
a bounded number of times: every "where is the next X" question is asked at positions that only move
forward (``Ahead``), and answers shared by several starts are reused. They find exactly what the
patterns in their docstrings find, and never cross a line ('\\n'), except link text, which runs over
the line breaks of a wrapped paragraph or list item as Python-Markdown's does: a blank line ends it, and so
does a line that starts a block (``BLOCK_START``), in a list also the next list item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The lines that end a paragraph in Python-Markdown (each after a '\n'; measured, see test_links): a blank
# line, an ATX heading ('#' first, no space needed), and up to three spaces then a fence, a thematic
# break, an HTML comment or a block-level tag (Python-Markdown's list). A quote starts a block too
# (_QUOTE_START), except in a quote, whose lines go on with '>'.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|canvas|center|colgroup|dd|details|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|group|h[1-6]|header|hgroup|hr|html|iframe|legend|li|main|map|math|"
    "menu|nav|noscript|object|ol|option|output|p|pre|progress|script|section|style|summary|table|tbody|"
    "td|textarea|tfoot|th|thead|tr|ul|video"
)
BLOCK_START = (
    r"[^\S\n]*\n|#|[ ]{0,3}(?:```|~~~|<!--|<(?:" + _BLOCK_TAGS + r")(?=[\s/>])"
    r"|(?:(?:-[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,})[^\S\n]*\n)"
)
_QUOTE_START = r"[ ]{0,3}>"
_LIST_START = r"[^\S\n]*(?:[*+-]|\d+\.)[ ]+"  # a list item, nested or not, ends the item before it
_LINE_OF_QUOTE = r"(?:[ ]{0,3}>[ ]?|(?![ ]{0,3}>))"  # in a quote, its lines are read after the '>'


def _link_text_re(in_quote: bool, in_list: bool) -> re.Pattern[str]:
    """Link text: up to a ']' that is not escaped, across line breaks unless the next line ends the
    paragraph (or, in a list, starts an item). One character each: no backtracking."""
    ends = BLOCK_START + (f"|{_LIST_START}" if in_list else "")
    line_end = rf"\n(?!{_LINE_OF_QUOTE}(?:{ends}))" if in_quote else rf"\n(?!{ends}|{_QUOTE_START})"
    return re.compile(r"[^\]\\\n]*(?:(?:\\.|" + line_end + r")[^\]\\\n]*)*")


_LINK_TEXT_RES = {
    (quote, in_list): _link_text_re(quote, in_list) for quote in (False, True) for in_list in (False, True)
}
_ONE_LINE_TEXT_RE = re.compile(r"[^\]\\\n]*(?:\\.[^\]\\\n]*)*")  # in a heading: no line break
# A line after which a new paragraph starts (blank, heading, thematic break): it decides what the
# paragraph is (a list, a quote) by its first line.
_PARAGRAPH_BREAK_RE = re.compile(
    r"\n(?:[^\S\n]*|#[^\n]*|[ ]{0,3}(?:(?:-[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,})[^\S\n]*)(?=\n|$)"
)
_SETEXT_UNDERLINE_RE = re.compile(r"\n=+[^\S\n]*(?:\n|$)")  # under a paragraph's first line: a heading
_QUOTE_START_RE = re.compile(_QUOTE_START)
_LIST_ITEM_RE = re.compile(r"(?:[ ]{0,3}>[ ]?)?[ ]{0,3}(?:[*+-]|\d+\.)[ ]+")
_NOT_SPACE = re.compile(r"\S|\n")  # the end of a run of spaces within a line
_TARGET_END = re.compile(r"[)>\s]")
_TITLE_END = re.compile(r"[)\n]")
_TAG_END = re.compile(r"[>\n]")
_VALUE_END = re.compile(r"[\"'\n]")
_HTML_LINK_START = re.compile(r"<a[^\S\n]", re.IGNORECASE)
_HREF = re.compile(r"href=[\"']", re.IGNORECASE)
_HTML_IMAGE_START = re.compile(r"<img\b", re.IGNORECASE)


class Ahead:
    """Where the next character matched by ``pattern`` (one character) is, at or after a position.

    Asked at positions that never go back, it reads each character once: a question inside the stretch
    already read has the same answer. A question further back is answered by a new search.
    """

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self._text = text
        self._pattern = pattern
        self._asked = -1
        self._found = -1

    def find(self, start: int) -> int:
        """The offset of the next match at or after ``start``, or the length of the text."""
        if self._asked <= start <= self._found:
            return self._found
        match = self._pattern.search(self._text, start)
        self._asked, self._found = start, match.start() if match else len(self._text)
        return self._found


def headings(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(offset of the '\\n' before the line, end of the line, heading text) for each ATX heading in
    ``text[start:end]`` (lines after '\\n', as ``markdown_lines`` writes them).

    What ``\\n(#{1,6})[^\\S\\n]+(.+?)[^\\S\\n]*#*[^\\S\\n]*$`` finds: the text leaves out the closing
    '#'s and the spaces around them.
    """
    at = text.find("\n#", start, end)
    while at != -1:
        line_end = text.find("\n", at + 1, end)
        line_end = end if line_end == -1 else line_end
        line = text[at + 1 : line_end]
        marks = len(line) - len(line.lstrip("#"))
        rest = line[marks:]
        content = rest.lstrip()
        if marks <= 6 and rest[:1].isspace() and (content or len(rest) > 1):
            words = content.rstrip().rstrip("#").rstrip()
            yield at, line_end, words or content[:1] or rest[:1]
        at = text.find("\n#", line_end, end)


def without_attr_list(heading: str) -> str:
    """``heading`` without a trailing attribute list ('Goals {#goals}' -> 'Goals '), as
    ``re.sub(r"\\{[^}]*\\}\\s*$", "", heading)``."""
    kept = heading.rstrip()
    if not kept.endswith("}"):
        return heading
    brace = kept.find("{", kept.rfind("}", 0, len(kept) - 1) + 1, len(kept) - 1)
    return heading if brace == -1 else heading[:brace]


def inline_links(text: str) -> list[tuple[int, str]]:
    """(offset, target) of each inline link ``[text](target "title")``, not images.

    What ``\\[(?<!!\\[)TEXT\\]\\([^\\S\\n]*<?([^)\\s>]+)>?(?:[^\\S\\n]+["'(][^)\\n]*)?\\)`` finds with
    ``finditer``, TEXT being the link text pattern for the kind of paragraph the '[' is in (``LinkTexts``).
    """
    found: list[tuple[int, str]] = []
    destination = _Destination(text)
    texts = LinkTexts(text)
    text_end = -1  # where the link text read from the last '[' ended: the same for every '[' before it
    at = text.find("[")
    while at != -1:
        if at == 0 or text[at - 1] != "!":
            if at >= text_end:
                text_end = texts.end(at)
            link = destination.read(text_end + 2) if text.startswith("](", text_end) else None
            if link is not None:
                target, after = link
                found.append((at, target))
                at = text.find("[", after)
                continue
        at = text.find("[", at + 1)
    return found


class LinkTexts:
    """Where link text ends, asked at offsets that never go back. The pattern depends on where the '['
    is: a paragraph whose first line is a list item is a list, a line that starts with '>' is in a
    quote, a heading's text stays on its line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = 0  # the '\n' before the current paragraph's first line
        self.next = _PARAGRAPH_BREAK_RE.search(text)
        self.first_line_end = self._line_end(0)
        self.line_start = 0  # the '\n' before the line of the last offset asked
        self.asked = 0

    def end(self, at: int) -> int:
        """Where the link text after the '[' at ``at`` ends (at a ']' if it is closed)."""
        match = self._pattern(at).match(self.text, at + 1)
        return match.end() if match else at + 1

    def _pattern(self, at: int) -> re.Pattern[str]:
        while self.next is not None and self.next.end() <= at:
            self.start = self.next.end()
            self.next = _PARAGRAPH_BREAK_RE.search(self.text, self.start)
            self.first_line_end = self._line_end(self.start)
        if self.next is not None and self.next.start() < at:  # on a heading's line: it ends there
            return _ONE_LINE_TEXT_RE
        if at < self.first_line_end and _SETEXT_UNDERLINE_RE.match(self.text, self.first_line_end):
            return _ONE_LINE_TEXT_RE  # a heading underlined with '=': Python-Markdown reads it so only here
        if (newline := self.text.rfind("\n", self.asked, at)) != -1:  # each stretch read once
            self.line_start = newline
        self.asked = at
        in_quote = _QUOTE_START_RE.match(self.text, self.line_start + 1) is not None
        return _LINK_TEXT_RES[in_quote, _LIST_ITEM_RE.match(self.text, self.start + 1) is not None]

    def _line_end(self, start: int) -> int:
        end = self.text.find("\n", start + 1)
        return len(self.text) if end == -1 else end


class _Destination:
    """The ``(target "title")`` part of inline links, read at offsets that never go back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.last: tuple[int, tuple[str, int] | None] = (-1, None)  # links sharing a ']' share it
        self.spaces = Ahead(text, _NOT_SPACE)
        self.targets = Ahead(text, _TARGET_END)
        self.title_spaces = Ahead(text, _NOT_SPACE)
        self.titles = Ahead(text, _TITLE_END)

    def read(self, start: int) -> tuple[str, int] | None:
        """(target, offset after the closing ')') for the destination starting at ``start``, or None."""
        if self.last[0] != start:
            self.last = (start, self._read(start))
        return self.last[1]

    def _read(self, start: int) -> tuple[str, int] | None:
        text = self.text
        begin = self.spaces.find(start)
        end = self.targets.find(begin)
        if text.startswith("<", begin) and end > begin + 1:
            begin += 1  # <target>; '<' alone is the target
        if end == begin:
            return None
        after = end + 1 if text.startswith(">", end) else end
        if text.startswith(")", after):
            return text[begin:end], after + 1
        if after < len(text) and text[after] != "\n" and text[after].isspace():
            title = self.title_spaces.find(after)
            if text.startswith(('"', "'", "("), title):
                close = self.titles.find(title + 1)
                if text.startswith(")", close):
                    return text[begin:end], close + 1
        return None


def html_links(text: str) -> list[tuple[int, str]]:
    """(offset, href) of each raw-HTML link, as ``<a[^\\S\\n][^>\\n]*href=["']([^"'\\n]+)["']`` finds
    them: the last ``href=`` in the tag whose quoted value is not empty."""
    found: list[tuple[int, str]] = []
    tag_ends = Ahead(text, _TAG_END)
    value_ends = Ahead(text, _VALUE_END)
    last: tuple[int, tuple[int, int] | None] = (-1, None)  # (tag end, its last href value)
    pos = 0
    while (start := _HTML_LINK_START.search(text, pos)) is not None:
        tag_end = tag_ends.find(start.end())
        if last[0] != tag_end:  # every '<a ' up to this '>' shares its hrefs: read them once
            last = (tag_end, _last_href_value(text, start.end(), tag_end, value_ends))
        value = last[1]
        if value is not None and value[0] - len("href='") >= start.end():
            found.append((start.start(), text[value[0] : value[1]]))
            pos = value[1] + 1
        else:
            pos = start.start() + 1
    return found


def _last_href_value(text: str, start: int, end: int, value_ends: Ahead) -> tuple[int, int] | None:
    """(start, end) of the last non-empty quoted value after ``href=`` in ``text[start:end]``."""
    last = None
    for href in _HREF.finditer(text, start, end):
        close = value_ends.find(href.end())
        if close > href.end() and text.startswith(('"', "'"), close):
            last = (href.end(), close)
    return last


def html_images(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each ``<img …>`` tag in ``text[start:end]``, as ``<img\\b[^>\\n]*>`` finds them."""
    end = len(text) if end is None else end
    found = []
    tag_ends = Ahead(text, _TAG_END)
    while (tag := _HTML_IMAGE_START.search(text, start, end)) is not None:
        close = tag_ends.find(tag.end())
        if close < end and text[close] == ">":
            found.append((tag.start(), close + 1))
            start = close + 1
        else:
            start = tag.start() + 1
    return found
