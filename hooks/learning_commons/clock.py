"""Time in one place: 'now' honours SOURCE_DATE_EPOCH so builds are reproducible, and date arithmetic
stays within the calendar (years 1 to 9999) whatever it is given."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Mapping

from .problems import CommonsError


def now(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The build's 'now' as an aware UTC datetime (SOURCE_DATE_EPOCH when set)."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (OverflowError, OSError, ValueError):  # past year 9999, or too many digits for int()
            moment = dt.datetime.max.replace(tzinfo=dt.UTC)
        if moment.year >= dt.MAXYEAR:  # the last year leaves no room for time zones and review dates
            shown = epoch if len(epoch) <= 20 else epoch[:20] + "…"
            raise CommonsError(
                f"SOURCE_DATE_EPOCH={shown} is not a time a calendar can hold — set it to seconds since "
                "1970, like a commit's time (git log -1 --format=%ct), or unset it"
            )
        return moment
    return dt.datetime.now(tz=dt.UTC)


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days``, held at the calendar's first or last day rather than past it."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def local(when: dt.datetime, zone: str) -> dt.datetime:
    """``when`` in the display zone; at the calendar's very ends, where the zone's offset would leave
    it, as it is."""
    try:
        return when.astimezone(zoneinfo.ZoneInfo(zone))
    except OverflowError:
        return when


def local_date(when: dt.datetime, zone: str) -> dt.date:
    return local(when, zone).date()
