"""Images need alt text: a reader using a screen reader learns nothing from an image without it."""

from __future__ import annotations

import re

from .links import _INLINE_CODE_RE
from .problems import Problem, Severity
from .scanner import html_images
from .text import markdown_lines, unfenced

# Read over the whole text from markdown_lines(), but never across a line ('\n' is kept out of every class
# that could reach it).
_MARKDOWN_IMAGE_RE = re.compile(r"!\[[^\S\n]*\]\(")
_ALT_RE = re.compile(r"\balt\s*=\s*([\"'])\s*\S", re.IGNORECASE)


def missing_alt_text(markdown: str, first_line: int, shown: str) -> list[Problem]:
    """A warning for every image without alt text (outside fenced code) in the Markdown body of the page
    ``shown`` (its path in messages), which starts on line ``first_line``."""
    if "![" not in markdown and not html_images(markdown):  # most pages: no image at all
        return []
    body = markdown_lines(markdown)
    bare = []
    # Inline code (`![](x.png)` shown as an example) blanked to spaces of its length: offsets keep their
    # lines. Code spans never cross a line, so fences are still found in ``body``.
    text = _INLINE_CODE_RE.sub(lambda code: " " * len(code.group()), body)
    for start, end in unfenced(body):
        bare += [image.start() for image in _MARKDOWN_IMAGE_RE.finditer(text, start, end)]
        bare += [
            tag_start
            for tag_start, tag_end in html_images(text, start, end)
            if not _ALT_RE.search(text, tag_start, tag_end)
        ]
    problems = []
    line, counted = first_line - 1, 0  # markdown_lines() adds a newline before the first line
    for offset in sorted(bare):
        line += body.count("\n", counted, offset)
        counted = offset
        problems.append(
            Problem(
                shown,
                line,
                "an image has no alt text",
                "describe what it shows: ![A whiteboard with the retrospective timeline](timeline.png)",
                Severity.WARNING,
            )
        )
    return problems
