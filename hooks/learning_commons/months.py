"""Calendar months as their first days: the unit the learning pulse counts in."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable


def month_of(day: dt.date) -> dt.date:
    """The month a day falls in, as its first day."""
    return day.replace(day=1)


def months_before(month: dt.date, count: int) -> dt.date:
    """The month ``count`` months before ``month`` (both first days); a negative count goes forward."""
    year, index = divmod(month.year * 12 + month.month - 1 - count, 12)
    return dt.date(year, index + 1, 1)


def window(today: dt.date, count: int) -> tuple[dt.date, ...]:
    """The last ``count`` months, oldest first, the current one last."""
    current = month_of(today)
    return tuple(months_before(current, back) for back in range(count - 1, -1, -1))


def month_end(month: dt.date, today: dt.date) -> dt.date:
    """The last day of ``month``, or today for the month under way."""
    return min(months_before(month, -1) - dt.timedelta(days=1), today)


def per_month(months: tuple[dt.date, ...], found: Iterable[dt.date]) -> tuple[int, ...]:
    """How many of ``found`` (months) fall in each of ``months``."""
    counted = Counter(found)
    return tuple(counted[month] for month in months)
