"""Time in one place: 'now' honours SOURCE_DATE_EPOCH so builds are reproducible."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Mapping


def now(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The build's 'now' as an aware UTC datetime (SOURCE_DATE_EPOCH when set)."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC)


def local(when: dt.datetime, zone: str) -> dt.datetime:
    """``when`` in the display zone."""
    return when.astimezone(zoneinfo.ZoneInfo(zone))


def local_date(when: dt.datetime, zone: str) -> dt.date:
    return local(when, zone).date()
