"""What a file or folder name under docs/ may be: every name becomes part of a web address and of messages."""

from __future__ import annotations

import os
import unicodedata

from .text import code_points, invisible_characters, looks_blank, visible


def shown_name(name: str) -> str:
    """A name as messages print it: bytes that are not UTF-8 (kept by os.walk as surrogates) as \\xNN,
    control and invisible characters as \\uNNNN."""
    return visible(os.fsencode(name).decode("utf-8", "backslashreplace"))


def file_name_problem(name: str) -> tuple[str, str] | None:
    """What is wrong with one file or folder name and how to fix it, or None for a good name.

    Spaces, '#', '?' and '%' are fine: every link to the page is percent-encoded.
    """
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return (
            f"the file name is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            "rename it with a tool that writes UTF-8 names",
        )
    controls = {char for char in name if unicodedata.category(char) == "Cc"}
    hidden = sorted(set(invisible_characters(name)) | {f"U+{ord(char):04X}" for char in controls})
    if hidden:
        return (
            f"the file name contains control or invisible characters ({', '.join(hidden)})",
            "rename it with letters, digits and hyphens",
        )
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    if looks_blank(stem):
        return (
            f"the file name looks blank: it holds only invisible or space-like characters ({code_points(stem)})",
            "rename it with letters a reader can see",
        )
    return None
