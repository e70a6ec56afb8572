"""Commit dates a page can show: a commit git cannot date, or dated after the build, takes a neighbour's.

Git stores any number as a commit's time. One made before 1970 prints no time at all, one at 1e17 a
year datetime cannot hold, one from a clock set to 2200 would make its pages "created in 2200" and never
due for review. Such a commit takes the date of the commit replayed before it, and the build warns,
naming it, unless the commit is listed in the ignore-revs file (published history cannot be rewritten).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from .commitlog import Commit

# A commit this far after the build's "now" is dated wrongly, not by a clock a little ahead.
FUTURE_TOLERANCE = timedelta(days=1)


def sane_dates(
    replayed: tuple[Commit, ...], now: datetime | None, ignored: frozenset[str], ignore_revs_file: str
) -> tuple[list[Commit], list[str]]:
    """The commits (oldest first), each with a date it can have, and a warning for each one re-dated.

    A commit git cannot date, or dated after ``now``, takes the date of the commit before it; the first
    ones, when they have none before them, the date of the first dated commit after them."""
    latest = now + FUTURE_TOLERANCE if now is not None else None
    sane = [c.bad_stamp is None and (latest is None or c.when <= latest) for c in replayed]
    if all(sane):
        return list(replayed), []
    dates = [c.when if ok else None for c, ok in zip(replayed, sane, strict=True)]
    fallback = next((d for d in dates if d is not None), None)
    source = "the first commit after it that has one" if fallback else "this build"
    fallback = fallback or now or replayed[-1].when
    commits, warnings = [], []
    for commit, when in zip(replayed, dates, strict=True):
        if when is not None:
            fallback, source = when, "the commit before it"
            commits.append(commit)
            continue
        commits.append(replace(commit, when=fallback, bad_stamp=None))
        if commit.sha not in ignored:
            warnings.append(_warning(commit, f"{source}, {fallback:%Y-%m-%d}", now, ignore_revs_file))
    return commits, warnings


def _warning(commit: Commit, used: str, now: datetime | None, ignore_revs_file: str) -> str:
    if commit.bad_stamp is None:
        what = f"dated {commit.when:%Y-%m-%d}, after this build ({now:%Y-%m-%d})" if now else "in the future"
    elif commit.bad_stamp.isdigit() and int(commit.bad_stamp) > 0:
        what = f"dated after the year 9999 (timestamp {commit.bad_stamp[:30]})"
    else:
        what = "dated before 1970, or with a date git cannot read"
    return (
        f"commit {commit.sha[:12]} ('{commit.subject[:60]}') is {what}: its pages take the date of"
        f" {used} — nothing to fix in the pages; to accept this date, add the"
        f" commit's full SHA ({commit.sha}) to {ignore_revs_file}"
    )
