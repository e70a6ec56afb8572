"""Addresses in HTML as a browser reads them: which scheme a URL has, and whether it leaves the site."""

from __future__ import annotations

# Browsers drop these from the start of a URL before they read it (spaces and control characters).
_LEADING = "".join(map(chr, range(0x21)))


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (lower case), None for a relative URL.

    Browsers drop leading spaces and control characters and every tab and newline before they look for the
    scheme, so ' java\\tscript:' is a javascript: URL.
    """
    return scheme_at(url, 0)


def scheme_at(text: str, start: int) -> str | None:
    """The scheme of the URL that starts at ``text[start]`` (see url_scheme); reads only the scheme."""
    index = start
    while index < len(text) and text[index] <= " ":  # spaces and control characters before the URL
        index += 1
    scheme: list[str] = []
    while index < len(text):
        char = text[index]
        index += 1
        if char in "\t\n\r":
            continue
        if char == ":":
            return "".join(scheme).lower() if scheme else None
        if not char.isascii() or not (char.isalpha() or (scheme and (char.isdigit() or char in "+-."))):
            return None
        scheme.append(char)
    return None


def is_protocol_relative(url: str) -> bool:
    """'//host/x' (browsers read a backslash as a slash here) is on another site without a scheme."""
    start = url.lstrip(_LEADING).replace("\t", "").replace("\n", "").replace("\r", "")
    return start[:2] in ("//", "\\\\", "/\\", "\\/")
