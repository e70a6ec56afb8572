"""Text identity and safety: one normalisation for names, one slug function, one check for unsafe text."""

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


def normalise(name: str) -> str:
    """The identity of a tag or a person's name: NFC, trimmed, case-folded."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def slugify(name: str) -> str:
    """A URL slug of ASCII letters, digits and hyphens ('Café culture' -> 'cafe-culture')."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _SLUG_JUNK_RE.sub("-", ascii_text.lower()).strip("-")


def has_markup(text: str) -> bool:
    """Whether ``text`` holds something a browser would read as a tag or comment ('a < b' is fine)."""
    return _MARKUP_RE.search(text) is not None


def invisible_characters(text: str) -> list[str]:
    """The control, bidirectional or zero-width characters in ``text``, as U+XXXX codes."""
    return sorted({f"U+{ord(char):04X}" for char in _INVISIBLE_RE.findall(text)})


def shown(text: str) -> str:
    """Quote contributor text for a message, with invisible characters made visible."""
    return "'" + _INVISIBLE_RE.sub(lambda match: _escape(match.group()), text) + "'"


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
