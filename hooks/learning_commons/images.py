"""Images need alt text: a reader using a screen reader learns nothing from an image without it."""

from __future__ import annotations

import re

from .model import Page
from .problems import Problem, Severity

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_MARKDOWN_IMAGE_RE = re.compile(r"!\[\s*\]\(")
_HTML_IMAGE_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_RE = re.compile(r"\balt\s*=\s*([\"'])\s*\S", re.IGNORECASE)


def missing_alt_text(page: Page) -> list[Problem]:
    """A warning for every image without alt text, with its line."""
    problems = []
    fenced = False
    for offset, line in enumerate(page.body.splitlines()):
        if _FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        bare = len(_MARKDOWN_IMAGE_RE.findall(line)) + sum(
            1 for tag in _HTML_IMAGE_RE.findall(line) if not _ALT_RE.search(tag)
        )
        problems += [
            Problem(
                page.path,
                page.body_line + offset,
                "an image has no alt text",
                "describe what it shows: ![A whiteboard with the retrospective timeline](timeline.png)",
                Severity.WARNING,
            )
        ] * bare
    return problems
