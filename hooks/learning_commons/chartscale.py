"""A chart's value axis and its numbers: round ticks from zero, and numbers without float noise."""

from __future__ import annotations

import math

_NICE_STEPS = (1, 2, 5, 10)  # a step is one of these times a power of ten
_MAX_INTERVALS = 5
# (from, size, suffix): '12k' on an axis; up to 9,999 a number stays whole
_COMPACT = ((10**12, 10**12, "T"), (10**9, 10**9, "B"), (10**6, 10**6, "M"), (10**4, 10**3, "k"))


def ticks(peak: float, whole: bool) -> tuple[float, ...]:
    """The value axis' ticks: 0, then round steps (1, 2 or 5 times a power of ten) until the first tick at or
    above ``peak``, at most five intervals. ``whole`` (every value a count) keeps the step at 1 or more."""
    peak = max(peak, 0.0) or 1.0  # all zeros: an axis from 0 to 1, so the bars stand on a scale
    exponent = math.floor(math.log10(peak / _MAX_INTERVALS))
    step = next(
        nice * 10.0**exponent for nice in _NICE_STEPS if nice * 10.0**exponent * _MAX_INTERVALS >= peak
    )
    if whole:
        step = max(step, 1.0)
    decimals = max(0, -exponent)
    count = math.ceil(round(peak / step, 9))
    return tuple(round(index * step, decimals) for index in range(count + 1))


def number(value: float) -> str:
    """A value as the table shows it: thousands separated, at most two decimals, no trailing zeros."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def tick_number(value: float) -> str:
    """A value on an axis: short from 10,000 on ('12k', '3.5M'), as an axis has little room."""
    for start, size, suffix in _COMPACT:
        if value >= start:
            return number(round(value / size, 1)) + suffix
    return number(value)


def coordinate(value: float) -> str:
    """An SVG coordinate to a tenth of a unit: the same input always writes the same text."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text
