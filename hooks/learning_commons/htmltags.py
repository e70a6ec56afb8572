"""The start tags of an HTML text, read as a browser's tokenizer reads them, in time linear in the text.

The standard library's html.parser is not linear: 100 KB of unclosed `<a title='` took 53 s, where a browser
(and this reader) needs one pass. Only what decides what a browser creates is followed: tags and their
attributes, comments, bogus comments and the raw text of <script>, <style> and the like (HTML Living
Standard, "Tokenization"). Attribute values come back with character references decoded, as a browser
uses them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import NamedTuple

# Runs of one character class, each matched at a known position: one quantifier, nothing after it to
# backtrack into, so each reads its run once (in C, where a loop over characters in Python was slow).
_SPACES = re.compile(r"[\t\n\f\r ]*")
_SPACES_OR_SLASHES = re.compile(r"[\t\n\f\r /]*")
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />=]*")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*")
_TAG_NAME_END = "\t\n\f\r />"
# Most tags Markdown writes: a start or end tag with a short name and nothing else (read in one step).
_PLAIN_TAG = re.compile(r"<(/?)([a-z][a-z0-9]{0,15})>")
# The next most common: a start tag with one quoted class of plain words, as highlighted code writes
# thousands of them (<span class="n">); read in one step, with nothing to decode.
_CLASS_TAG = re.compile(r'<([a-z][a-z0-9]{0,15}) class="([A-Za-z0-9 _-]*)">')
# Elements whose content is text up to their end tag: a '<' in them starts no tag.
RAW_TEXT_ELEMENTS = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"}
)


# The name of the StartTag reported when the text ends inside a tag or a comment: in a page, the template's
# markup after the body would complete it (no tag name starts with '#').
UNCLOSED = "#unclosed"


class StartTag(NamedTuple):
    name: str  # lower case
    attributes: tuple[tuple[str, str], ...]  # names lower case, values decoded ("" when there is none)
    offset: int  # where its '<' is in the text
    end: int  # where the text after it starts; after the content of a raw-text element such as <script>


def start_tags(text: str) -> Iterator[StartTag]:
    """Every start tag of ``text`` in order. When the text ends inside a tag or a comment (which a browser
    would drop in a document of its own), the last is an UNCLOSED one from there to the end."""
    lowered = ""  # the text in lower case, made when a raw-text element needs it
    end = len(text)
    at = text.find("<")
    while 0 <= at < end - 1:
        following = text[at + 1]
        plain = _PLAIN_TAG.match(text, at)
        if plain is not None and plain[1]:
            after = plain.end()  # an end tag
        elif plain is not None and _is_plain(plain[2]):
            after = plain.end()
            yield StartTag(plain[2], (), at, after)
        elif (classed := _CLASS_TAG.match(text, at)) is not None and _is_plain(classed[1]):
            after = classed.end()
            yield StartTag(classed[1], (("class", classed[2]),), at, after)
        elif following.isascii() and following.isalpha():
            tag = _read_tag(text, at + 1)
            if tag is None:
                yield StartTag(UNCLOSED, (), at, end)
                return
            name, attributes, after = tag
            if name == "plaintext":  # everything after it is text
                yield StartTag(name, attributes, at, end)
                return
            if name in RAW_TEXT_ELEMENTS:
                lowered = lowered or text.lower()
                after = _end_of_raw_text(lowered, after, name)
            yield StartTag(name, attributes, at, after)
        elif following == "/":
            after = _skip_end_tag(text, at + 2)
        elif following == "!" and text.startswith("<!--", at):
            after = _end_of_comment(text, at + 4)
        elif following in "!?":
            after = _after(text, ">", at + 2)  # a doctype, or a bogus comment
        else:
            after = at + 1  # a '<' that starts no tag is text
        if after < 0:
            yield StartTag(UNCLOSED, (), at, end)
            return
        at = text.find("<", after) if after < end else -1


def _is_plain(name: str) -> bool:
    """Whether text after a start tag of ``name`` is read as HTML again (not raw text, not plaintext)."""
    return name not in RAW_TEXT_ELEMENTS and name != "plaintext"


def _read_tag(text: str, start: int) -> tuple[str, tuple[tuple[str, str], ...], int] | None:
    """The tag whose name starts at ``start``: its name, its attributes and where the text after it starts;
    None when the text ends inside it."""
    at = _run_end(_TAG_NAME, text, start)
    name = text[start:at].lower()
    if text.startswith(">", at):  # most tags: a name and nothing else
        return name, (), at + 1
    attributes: list[tuple[str, str]] = []
    end = len(text)
    while True:
        at = _run_end(_SPACES_OR_SLASHES, text, at)
        if at >= end:
            return None
        if text[at] == ">":
            return name, tuple(attributes), at + 1
        name_end = _run_end(_ATTRIBUTE_NAME, text, at + 1)  # a first '=' is the name's
        attribute = text[at:name_end].lower()
        at = _run_end(_SPACES, text, name_end)
        value = ""
        if at < end and text[at] == "=":
            at = _run_end(_SPACES, text, at + 1)
            if at < end and text[at] in "\"'":
                close = text.find(text[at], at + 1)
                if close < 0:
                    return None
                value, at = text[at + 1 : close], close + 1
            else:
                value_end = _run_end(_UNQUOTED_VALUE, text, at)
                value, at = text[at:value_end], value_end
        attributes.append((attribute, html.unescape(value) if "&" in value else value))


def _skip_end_tag(text: str, start: int) -> int:
    """Where the text after the end tag (or bogus comment) whose name starts at ``start`` starts; -1 when
    the text ends inside it."""
    if start < len(text) and text[start].isascii() and text[start].isalpha():
        tag = _read_tag(text, start)  # quoted attribute values may hold a '>'
        return -1 if tag is None else tag[2]
    return _after(text, ">", start)


def _end_of_comment(text: str, start: int) -> int:
    """Where the text after the comment whose content starts at ``start`` starts ('-->' or '--!>' ends it;
    '<!-->' and '<!--->' are empty comments); -1 when the text ends inside it."""
    if text.startswith(">", start):
        return start + 1
    if text.startswith("->", start):
        return start + 2
    dashes = text.find("--", start)
    while dashes >= 0:
        if text.startswith(">", dashes + 2):
            return dashes + 3
        if text.startswith("!>", dashes + 2):
            return dashes + 4
        dashes = text.find("--", dashes + 1)
    return -1


def _end_of_raw_text(lowered: str, start: int, name: str) -> int:
    """Where the end tag of the raw-text element ``name`` starts ('</name' then a space, '/' or '>')."""
    closing = "</" + name
    at = lowered.find(closing, start)
    while at >= 0:
        following = at + len(closing)
        if following >= len(lowered) or lowered[following] in _TAG_NAME_END:
            return at
        at = lowered.find(closing, following)
    return len(lowered)


def _after(text: str, char: str, start: int) -> int:
    """Where the text after the next ``char`` from ``start`` starts; -1 when there is none."""
    found = text.find(char, start)
    return -1 if found < 0 else found + 1


def _run_end(run: re.Pattern[str], text: str, start: int) -> int:
    """Where the run of ``run`` (a pattern that always matches) that starts at ``start`` ends."""
    match = run.match(text, start)
    return match.end() if match else start
