"""The wiki's settings, read from `extra.commons` in mkdocs.yml: declared, defaulted and validated."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field, fields
from pathlib import PurePosixPath
from typing import Any

from .model import Kind, Period, parse_period
from .problems import Problem

SETTINGS_KEY = "extra.commons"
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Settings:
    history: bool = True  # read git history for dates, credits and "recently learned"
    search: bool = True  # build the search index (Pagefind)
    timezone: str = "UTC"  # the zone dates are shown in
    recent_days: int = 90  # how far back "recently learned" looks
    home_recent: int = 5  # entries of "recently learned" on the home page
    bulk_commit_pages: int = 40  # a commit touching more pages than this is not an update
    small_edit_lines: int = 1  # an edit of this many lines or fewer is not an update, unless it has a note
    bots: tuple[str, ...] = ()  # names or emails never credited, besides '*[bot]'
    teams: tuple[str, ...] = ()  # owners that are teams, not people: listed apart on /contributors/
    person_pages_from: int = 10  # from this many people on, each gets a page at contributors/<slug>/
    max_page_bytes: int = 1_000_000  # larger pages are refused
    tags_file: str = "tags.yml"  # the vocabulary, relative to docs/
    review_every: dict[str, Period] = field(
        default_factory=lambda: {"playbook": Period(12, "months"), "workshop": Period(12, "months")}
    )
    review_soon_days: int = 30  # pages due within this many days are listed apart
    warn_overdue_actions: bool = False  # the build warns about open action items past their due date
    pulse_months: int = 12  # the months the learning pulse shows, the current one included
    nav_section_limit: int = 60  # a folder with more entries lists them on its index page, not in the sidebar
    # Until this day an adopted wiki builds strictly while what its pages still lack is listed, not failed.
    migration_until: dt.date | None = None


_LIMITS = {
    "recent_days": (1, 3660),
    "home_recent": (0, 50),
    "bulk_commit_pages": (1, 1_000_000),
    "small_edit_lines": (0, 1_000_000),
    "max_page_bytes": (1_000, 50_000_000),
    "review_soon_days": (0, 365),
    "nav_section_limit": (1, 100_000),
    "pulse_months": (3, 60),
    "person_pages_from": (1, 1_000_000),
}


def read_settings(raw: Any, where: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    """Settings from the `extra.commons` mapping; every problem is reported and defaults stand in."""
    if raw is None:
        return Settings(), []
    if not isinstance(raw, dict):
        return Settings(), [Problem(where, 0, f"'{SETTINGS_KEY}' must be a mapping of settings")]
    problems: list[Problem] = []
    defaults = Settings()
    values: dict[str, Any] = {}
    names = [f.name for f in fields(Settings)]
    for key, value in raw.items():
        if key not in names:
            close = difflib.get_close_matches(str(key), names, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"valid settings: {', '.join(names)}"
            problems.append(Problem(where, 0, f"unknown setting '{SETTINGS_KEY}.{key}'", hint))
            continue
        converted, why = _convert(key, value, getattr(defaults, key))
        if why:
            problems.append(Problem(where, 0, f"setting '{SETTINGS_KEY}.{key}' {why}", _HINTS.get(key, "")))
        else:
            values[key] = converted
    return Settings(**values), problems


_HINTS = {"timezone": "use a name from the tz database, e.g. 'Europe/Berlin'"}


def _convert(key: str, value: Any, default: Any) -> tuple[Any, str]:
    """The value in the setting's type, and what is wrong with it ('' when nothing is)."""
    if key == "migration_until":
        return _date(value)
    if isinstance(default, bool):
        return value, "" if isinstance(value, bool) else "must be true or false"
    if isinstance(default, int):
        low, high = _LIMITS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return None, f"must be a whole number from {low} to {high}"
        return value, ""
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return None, "must be a list of names"
        return tuple(value), ""
    if isinstance(default, dict):
        return _review_every(value)
    if not isinstance(value, str) or not value.strip():
        return None, "must be text"
    if key == "timezone":
        return value, _zone_problem(value)
    if key == "tags_file":
        return value, _tags_file_problem(value)
    return value, ""


def _review_every(value: Any) -> tuple[dict[str, Period] | None, str]:
    kinds = [kind.value for kind in Kind if kind is not Kind.WORKSHOP_PART]
    if not isinstance(value, dict):
        return None, f"must map page types ({', '.join(kinds)}) to periods like '6 months'"
    result: dict[str, Period] = {}
    for kind, text in value.items():
        period = parse_period(text)  # as in front matter
        if kind not in kinds:
            return None, f"names an unknown page type '{kind}' (use {', '.join(kinds)})"
        if period is None:
            return None, f"has '{text}' for {kind}, not a period like '6 months'"
        if period.too_long:
            return None, f"has a period longer than 10 years for {kind}, the longest review cycle"
        result[kind] = period
    return result, ""


def _date(value: Any) -> tuple[dt.date | None, str]:
    """A day written as YYYY-MM-DD (YAML reads it as a date; in quotes it stays text)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value, ""
    if isinstance(value, str) and _ISO_DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()), ""
        except ValueError:
            pass
    return None, f"is {value!r}: it must be a date written as YYYY-MM-DD, like 2027-06-30"


def _tags_file_problem(value: str) -> str:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value or path.suffix not in (".yml", ".yaml"):
        return f"is '{value}': it must be a .yml file inside docs/, like 'tags.yml'"
    return ""


def _zone_problem(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # 'America' is a folder: OSError
        return f"names an unknown time zone '{value}'"
    return ""
