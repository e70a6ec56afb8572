"""Problems found in contributor input, reported as ``path:line: what is wrong — how to fix it``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file. ``path`` is relative to the repository (``docs/lessons/x.md``)."""

    path: str
    line: int
    message: str
    fix: str = ""
    severity: Severity = Severity.ERROR
    # Something the content model asks for that the page does not have yet (the front matter, a required
    # field, a checked summary), as opposed to something written wrong: an adopted wiki may defer these.
    incomplete: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class CommonsError(Exception):
    """A failure that stops the build, with a message that says what to do (never a traceback)."""
