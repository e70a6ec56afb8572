"""Text identity and safety: one normalisation for names, one slug function, one check for unsafe text,
and the lines of Markdown as the checks read them (outside fenced code)."""

from __future__ import annotations

import re
import unicodedata

_SLUG_JUNK_RE = re.compile(r"[^a-z0-9]+")
_MARKUP_RE = re.compile(r"<[A-Za-z/!?]")
# Characters that can disguise text or break a layout: controls, bidirectional marks, overrides and
# isolates, zero-width joiners and spaces, line and paragraph separators, the byte order mark, and the
# invisible "tag" characters used to smuggle text past readers.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)
# Also the lone surrogates that stand for the bytes of a file name that is not UTF-8 (surrogateescape):
# printed as they are they stop the program that prints them.
_VISIBLE_RE = re.compile(f"[\t\n\ud800-\udfff]|{_INVISIBLE_RE.pattern}")
# Every line break of str.splitlines() other than '\n' ('\r\n' is one break).
_OTHER_LINE_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_OTHER_LINE_BREAK_RE = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ANY_LINE_BREAK_RE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# A line opening or closing a fenced code block (``` or ~~~ after any indentation), with the '\n' before it.
_FENCE_LINE_RE = re.compile(r"\n[^\S\n]*(?:```|~~~).*")


_WORD_RE = re.compile(r"\w+")
# What a line's text stands after: spaces, tabs, quote markers and list markers ('-', '*', '+', '1.', '1)'
# before a space). Each starts with a different character, so the pattern never backtracks far.
_CONTAINERS_RE = re.compile(r"(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
# Letters and symbols that print as empty space though str.isspace() says they are not space: Hangul
# fillers, the blank Braille pattern, the soft hyphen (invisible except at a line break), the combining
# grapheme joiner, Khmer inherent vowels, Mongolian and Unicode variation selectors.
_BLANK_LOOKING = frozenset(
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2800\u3164\uffa0"
)
# Categories that never show by themselves: controls, formats (zero-width, bidi), combining marks,
# separators, private use.
_BLANK_CATEGORIES = frozenset(("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Co", "Cn", "Cs"))


def count_words(markdown: str) -> int:
    """Words in a page's Markdown, for its reading time."""
    return len(_WORD_RE.findall(markdown))


def nesting(line: str) -> tuple[int, bool]:
    """(how deep a Markdown line nests, in columns: where its last list or quote marker stands, or its
    text when it has none; whether other markers stand before that one). '- - x' nests like '  - x'."""
    prefix = _CONTAINERS_RE.match(line)
    text = prefix.group() if prefix else ""
    marked = text.rstrip(" \t")
    if not marked:
        return len(text.expandtabs(4)), False
    last = len(marked) - 1
    if marked[last] in ".)":  # an ordered list's marker: its digits too
        last = len(marked[:last].rstrip("0123456789"))
    before = marked[:last]
    return len(before.expandtabs(4)), bool(before.strip(" \t"))


def ordinal(number: int) -> str:
    """'1st', '2nd', '3rd', '4th', '11th', '21st': list positions as writers count them, from one."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def normalise(name: str) -> str:
    """The identity of a tag or a person's name: NFC, trimmed, case-folded."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def person_key(name: str) -> str:
    """Whether two names are the same person: equal keys. Case, accents' composition and runs of spaces
    do not count ('ruth  ADEYEMI' is 'Ruth Adeyemi'); spelling does ('Ruth A.' is someone else)."""
    return " ".join(normalise(name).split())


def slugify(name: str) -> str:
    """A URL slug of ASCII letters, digits and hyphens ('Café culture' -> 'cafe-culture')."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _SLUG_JUNK_RE.sub("-", ascii_text.lower()).strip("-")


def looks_blank(text: str) -> bool:
    """Whether ``text`` shows nothing a reader can see: empty, spaces, or only invisible and blank letters
    (a name of U+3164 HANGUL FILLER passes every other check and prints as an empty link)."""
    return all(
        char.isspace() or char in _BLANK_LOOKING or unicodedata.category(char) in _BLANK_CATEGORIES
        for char in text
    )


def code_points(text: str) -> str:
    """The distinct characters of ``text`` as 'U+XXXX' codes, for messages about what cannot be seen."""
    return ", ".join(sorted({f"U+{ord(char):04X}" for char in text}))


def is_decomposed(text: str) -> bool:
    """Whether ``text`` spells letters with combining marks (Unicode NFD) where one character exists: it
    looks the same as the composed name but is another file name, and another address."""
    return unicodedata.normalize("NFC", text) != text


def has_markup(text: str) -> bool:
    """Whether ``text`` holds something a browser would read as a tag or comment ('a < b' is fine)."""
    return _MARKUP_RE.search(text) is not None


def invisible_characters(text: str) -> list[str]:
    """The control, bidirectional or zero-width characters in ``text``, as U+XXXX codes."""
    return sorted({f"U+{ord(char):04X}" for char in _INVISIBLE_RE.findall(text)})


def shown(text: str) -> str:
    """Quote contributor text for a message, with invisible characters made visible."""
    return "'" + _INVISIBLE_RE.sub(lambda match: _escape(match.group()), text) + "'"


def visible(text: str) -> str:
    """``text`` with every control, bidirectional or zero-width character (tab and newline too) written as
    an escape: a file name in a message shows what is there and cannot break the line."""
    return _VISIBLE_RE.sub(lambda match: _escape(match.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_line(text: str) -> str:
    """``text`` for a log line: each line break written as an escape, so a value with a newline cannot start
    a line of its own (CI reads a line starting '::error' as a workflow command)."""
    if "\n" not in text and not any(other in text for other in _OTHER_LINE_BREAKS):
        return text
    return _ANY_LINE_BREAK_RE.sub(lambda match: _escape(match.group()), text)


def markdown_lines(text: str) -> str:
    """``text`` as the Markdown checks read it: every line break of ``str.splitlines()`` written as a
    newline, and one more newline before the first line.

    Each line then follows a newline, so a pattern for something at the start of a line begins with
    '\\n' (which the regular expression engine finds fast, unlike '^'), a pattern that keeps '\\n' out of
    its classes finds what it would find line by line, and the newlines before an offset count its line.
    """
    if any(other in text for other in _OTHER_LINE_BREAKS):  # rare; testing first is 30 times faster
        text = _OTHER_LINE_BREAK_RE.sub("\n", text)
    return "\n" + text


def unfenced(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of ``text`` (from ``markdown_lines``) outside fenced code, fences left out.

    Each line starting with ``` or ~~~ opens or closes a block, whatever the fence's length or language.
    Every span starts with the newline before its first line.
    """
    if "```" not in text and "~~~" not in text:
        return [(0, len(text))]
    spans = []
    start, fenced = 0, False
    for fence in _FENCE_LINE_RE.finditer(text):
        if not fenced:
            spans.append((start, fence.start()))
        fenced = not fenced
        start = fence.end()
    if not fenced:
        spans.append((start, len(text)))
    return spans
