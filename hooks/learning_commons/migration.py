"""Adopting a knowledge base: what its pages still lack is listed for a while instead of failing the build.

While the day set in `extra.commons.migration_until` has not passed, the problems that only say a page
is incomplete (no front matter, a required field missing, a summary written by `make adopt` that nobody
has checked) are set aside as pending: `mkdocs build --strict` passes, `make check` lists them and the
review page counts them. From the next day on they are problems like any other.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from .problems import Problem, Severity

# The comment `make adopt` puts after each summary it wrote; removing it says a person has checked it.
# Short: it is added to every adopted page, and git follows a moved file only while half of it is unchanged.
SUMMARY_MARK = "# unchecked: written by make adopt"
_MARKED_SUMMARY_RE = re.compile(r"^summary:.*[^\S\n]#[^\S\n]*unchecked: written by make adopt", re.MULTILINE)
SETTING = "extra.commons.migration_until"


@dataclass(frozen=True)
class Backlog:
    """What adopted pages still lack while the migration period lasts."""

    until: dt.date
    pages: int  # pages with at least one pending problem
    by_message: tuple[tuple[str, int], ...]  # (what is missing, on how many pages), most frequent first


def unchecked_summary(front_matter: str, first_line: int, shown: str) -> Problem | None:
    """A warning when the front matter (starting on ``first_line`` of ``shown``) still carries the mark of a
    summary written by `make adopt`."""
    match = _MARKED_SUMMARY_RE.search(front_matter) if "written by make adopt" in front_matter else None
    if match is None:
        return None
    return Problem(
        shown,
        first_line + front_matter.count("\n", 0, match.start()),
        "the summary was written by make adopt from the first paragraph and nobody has checked it yet",
        f"read it, correct it if needed, then delete the comment '{SUMMARY_MARK}'",
        Severity.WARNING,
        incomplete=True,
    )


def is_active(until: dt.date | None, today: dt.date) -> bool:
    return until is not None and today <= until


def set_aside(
    problems: list[Problem], until: dt.date | None, today: dt.date
) -> tuple[list[Problem], list[Problem]]:
    """(the problems that stand, the problems pending) for one page's problems."""
    if not is_active(until, today):
        return problems, []
    return [p for p in problems if not p.incomplete], [p for p in problems if p.incomplete]


def period_over(problems: list[Problem], until: dt.date | None, today: dt.date) -> list[Problem]:
    """One problem that explains why the build fails once the period is over and pages are still incomplete."""
    if until is None or is_active(until, today):
        return []
    pages = len({problem.path for problem in problems if problem.incomplete})
    if not pages:
        return []
    return [
        Problem(
            "mkdocs.yml",
            0,
            f"the migration period ('{SETTING}') ended on {until.isoformat()}, and {pages} page(s) still lack "
            "parts of the content model",
            "complete them (make check lists them), or set a later date",
        )
    ]


def backlog(pending: list[Problem], until: dt.date | None, today: dt.date) -> Backlog | None:
    """The pending problems counted for the review page; None when no migration period lasts (once it is
    over nothing is pending: every incomplete page fails the build)."""
    if until is None or not is_active(until, today):
        return None
    counts = Counter(_kind_of(problem) for problem in {(p.path, _kind_of(p)): p for p in pending}.values())
    by_message = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return Backlog(until, len({problem.path for problem in pending}), by_message)


def _kind_of(problem: Problem) -> str:
    """What is missing, the same words for every page ('tags[0]' and 'actions[2].what' read alike)."""
    return re.sub(r"\[\d+\]", "[…]", problem.message)
