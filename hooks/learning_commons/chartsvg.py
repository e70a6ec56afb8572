"""A chart drawn as SVG: axes with round ticks, light gridlines, bars or lines, labels that fit a phone.

Only geometry is written here; colours, fonts and dash patterns come from CSS classes (docs/assets/
commons.css: the Content-Security-Policy allows no inline style). The drawing is 480 units wide and
scales to the page's width; its text is laid out for the larger font a phone gets (see the CSS), and on
a phone every other category label is hidden (class lc-chart__label--minor), the last one always shown,
and a year shows under the first month the phone still shows (class lc-chart__year--phone). With more
months than the width holds, only every second (third...) is labelled at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .chartscale import coordinate as c
from .chartscale import number, tick_number, ticks
from .markup import esc

if TYPE_CHECKING:
    from .charts import Chart

WIDTH = 480
HEIGHT = 260  # of bars and lines; horizontal bars grow with their rows
CHAR = 7.2  # average width of a character at the desktop's 12 units
PHONE_CHAR = 10.8  # ... and at the phone's 18 units
MAX_SERIES = 6  # as many distinct colours, markers and dash patterns as commons.css defines
_TOP, _BOTTOM, _RIGHT = 28.0, 46.0, 10.0
# Shifts of a text from its y, in its own font size (larger on a phone): centred on y, or a line below.
_CENTRED, _NEXT_LINE = "0.35em", "1.2em"
_MONTH_RE = re.compile(r"([A-Z][a-z]{2})[a-z]* (\d{4})")  # 'Jan 2026' or 'January 2026'
_LABEL_CHARS = 4.5  # the room a category label needs, in characters: 'Jan' or '2026' and a gap
_HBAR_LEFT, _HBAR_LABEL_LINE = 12.0, 22.0  # horizontal bars' labels stand above them, across the width
# A horizontal bar is as thick as a line of the phone's text, so the values at bars' ends never touch.
_BAR, _ONE_BAR, _ROW_GAP = 21.0, 24.0, 8.0
# Marker outlines around (0, 0), one per series, so lines differ by shape as well as by colour and dash.
_MARKERS: tuple[tuple[tuple[float, float], ...], ...] = (
    (),  # a circle
    ((-4, -4), (4, -4), (4, 4), (-4, 4)),
    ((0, -5.5), (5, 3.5), (-5, 3.5)),
    ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
    ((0, 5.5), (5, -3.5), (-5, -3.5)),
    ((-6, -2.5), (6, -2.5), (6, 2.5), (-6, 2.5)),
)


@dataclass(frozen=True)
class _Frame:
    """The plot area inside the axes, and the value its far end stands for."""

    left: float
    top: float
    width: float
    height: float
    peak: float

    def y(self, value: float) -> float:
        return self.top + self.height - value / self.peak * self.height

    def x(self, value: float) -> float:
        return self.left + value / self.peak * self.width


def svg(chart: Chart, title_id: str, desc_id: str) -> str:
    body, height = _hbars(chart) if chart.kind == "hbars" else (_vertical(chart), HEIGHT)
    return (
        f'<svg class="lc-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {c(height)}" '
        f'width="100%" role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}">'
        f'<title id="{title_id}">{esc(chart.title)}</title>'
        f'<desc id="{desc_id}">{esc(chart.description)}</desc>'
        f"{body}</svg>"
    )


def legend_key(kind: str, index: int) -> str:
    """The small picture beside a series' name in the legend: its bar colour, or its line and marker."""
    mark = (
        '<path class="lc-chart__line" d="M0 7H28"/>'
        f'<path class="lc-chart__marker" d="{_marker(index, 14, 7)}"/>'
        if kind == "lines"
        else '<rect class="lc-chart__bar" x="7" y="1" width="14" height="12"/>'
    )
    return (
        f'<svg class="lc-chart__key" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 14" width="28" '
        'height="14" aria-hidden="true">'
        f'<g class="lc-chart__s{index + 1}">{mark}</g></svg>'
    )


def _vertical(chart: Chart) -> str:
    axis = ticks(_peak(chart), _whole(chart))
    left = 8 + max(len(tick_number(tick)) for tick in axis) * PHONE_CHAR
    frame = _Frame(left, _TOP, WIDTH - left - _RIGHT, HEIGHT - _TOP - _BOTTOM, axis[-1])
    marks = {"bars": _bars, "stacked": _stacked, "lines": _lines}[chart.kind](chart, frame)
    return (
        _value_axis(frame, axis, chart.unit)
        + "".join(_category_labels(frame, chart.labels))
        + "".join(marks)
        + _line("lc-chart__axis", frame.left, frame.y(0), frame.left + frame.width, frame.y(0))
    )


def _peak(chart: Chart) -> float:
    if chart.kind == "stacked":
        return max(sum(series.values[i] or 0 for series in chart.series) for i in range(len(chart.labels)))
    return max(value for series in chart.series for value in series.values if value is not None)


def _whole(chart: Chart) -> bool:
    return all(value == int(value) for series in chart.series for value in series.values if value is not None)


def _value_axis(frame: _Frame, axis: tuple[float, ...], unit: str) -> str:
    lines = "".join(
        _line("lc-chart__grid", frame.left, frame.y(tick), frame.left + frame.width, frame.y(tick))
        + _text("lc-chart__tick", frame.left - 6, frame.y(tick), tick_number(tick), anchor="end", dy=_CENTRED)
        for tick in axis
    )
    return lines + (_text("lc-chart__unit", 0, _TOP - 14, esc(unit), anchor="start") if unit else "")


def _category_labels(frame: _Frame, labels: tuple[str, ...]) -> Iterator[str]:
    """The labels under the bands, months as 'Jan' with the year under each year's first month shown.

    Counting back from the last label, which always shows, every ``step``-th label is drawn, as many as
    the width holds; a phone hides those between every ``phone_step``-th (class lc-chart__label--minor)
    and shows a year under that year's first month it still shows. The table keeps every label whole.
    """
    band = frame.width / len(labels)
    step = _label_step(band, CHAR, 1)
    phone_step = _label_step(band, PHONE_CHAR, step)
    chars = max(1, int(min(band * step / CHAR, band * phone_step / PHONE_CHAR)) - 1)
    baseline = frame.top + frame.height + 17
    years: dict[str, list[str]] = {}  # year: the classes of the year texts written so far
    for index, label in enumerate(labels):
        place = len(labels) - 1 - index
        if place % step:
            continue
        minor = "" if place % phone_step == 0 else " lc-chart__label--minor"
        month = _MONTH_RE.fullmatch(label)
        x = frame.left + band * (index + 0.5)
        shown = _fitted(month[1] if month else label, chars)
        yield _text("lc-chart__label" + minor, x, baseline, shown, anchor="middle")
        if not month:
            continue
        written = years.setdefault(month[2], [])
        if not written:
            written.append("lc-chart__year" + minor)
        elif written[-1].endswith("--minor") and not minor:
            written.append("lc-chart__year lc-chart__year--phone")
        else:
            continue
        yield _text(written[-1], x, baseline, esc(month[2]), anchor="middle", dy=_NEXT_LINE)


def _label_step(band: float, char: float, base: int) -> int:
    """The smallest multiple of ``base`` bands that holds a label of a few characters ('Jan', '2026')."""
    step = base
    while band * step < _LABEL_CHARS * char:
        step += base
    return step


def _bars(chart: Chart, frame: _Frame) -> Iterator[str]:
    band = frame.width / len(chart.labels)
    width = band * 0.8 / len(chart.series)
    gap = 1 if len(chart.series) > 1 else 0
    for nth, series in enumerate(chart.series):
        rects = (
            _rect(
                frame.left + band * (i + 0.1) + width * nth,
                frame.y(value),
                width - gap,
                frame.y(0),
                _tip(chart, i, series.name, value),
            )
            for i, value in enumerate(series.values)
            if value is not None
        )
        yield _series(nth, "".join(rects))


def _stacked(chart: Chart, frame: _Frame) -> Iterator[str]:
    band = frame.width / len(chart.labels)
    below = [0.0] * len(chart.labels)
    for nth, series in enumerate(chart.series):
        rects = []
        for i, value in enumerate(series.values):
            if value is None:
                continue
            base, below[i] = below[i], below[i] + value
            x = frame.left + band * (i + 0.2)
            rects.append(
                _rect(x, frame.y(below[i]), band * 0.6, frame.y(base), _tip(chart, i, series.name, value))
            )
        yield _series(nth, "".join(rects))


def _lines(chart: Chart, frame: _Frame) -> Iterator[str]:
    band = frame.width / len(chart.labels)
    for nth, series in enumerate(chart.series):
        points = [
            (i, frame.left + band * (i + 0.5), frame.y(value))
            for i, value in enumerate(series.values)
            if value is not None
        ]
        path = "".join(
            ("L" if previous is not None and previous[0] == i - 1 else "M") + f"{c(x)} {c(y)}"
            for previous, (i, x, y) in zip([None, *points], points, strict=False)
        )
        markers = "".join(
            f'<path class="lc-chart__marker" d="{_marker(nth, x, y)}">'
            f"<title>{_tip(chart, i, series.name, series.values[i] or 0)}</title></path>"
            for i, x, y in points
        )
        yield _series(nth, f'<path class="lc-chart__line" d="{path}"/>{markers}')


def _hbars(chart: Chart) -> tuple[str, float]:
    """Horizontal bars, each label on a line of its own above its bars, so a phone has the whole width
    for it; the values stand at the bars' ends. Returns the drawing and its height."""
    values = [value for series in chart.series for value in series.values if value is not None]
    right = 10 + max(len(number(value)) for value in values) * PHONE_CHAR
    bar = _ONE_BAR if len(chart.series) == 1 else _BAR
    row = _HBAR_LABEL_LINE + bar * len(chart.series) + _ROW_GAP
    axis = ticks(max(values), _whole(chart))
    frame = _Frame(_HBAR_LEFT, 4, WIDTH - _HBAR_LEFT - right, row * len(chart.labels), axis[-1])
    below = frame.top + frame.height
    chars = int((WIDTH - _HBAR_LEFT) / PHONE_CHAR)
    bars_at = [frame.top + row * i + _HBAR_LABEL_LINE for i in range(len(chart.labels))]
    parts = [
        _text("lc-chart__label", _HBAR_LEFT, top - 5, _fitted(label, chars), anchor="start")
        for top, label in zip(bars_at, chart.labels, strict=True)
    ]
    # Grid and axis beside the bars only, not through the labels above them; the last reaches the ticks.
    for top in bars_at:
        bottom = below if top == bars_at[-1] else top + bar * len(chart.series) + 2
        parts += [_line("lc-chart__grid", frame.x(tick), top - 2, frame.x(tick), bottom) for tick in axis]
        parts.append(_line("lc-chart__axis", frame.left, top - 2, frame.left, bottom))
    parts += [
        _text("lc-chart__tick", frame.x(tick), below + 17, tick_number(tick), anchor="middle")
        for tick in axis
    ]
    for nth, series in enumerate(chart.series):
        bars = (
            _hbar(chart, frame, i, series.name, value, bars_at[i] + bar * nth, bar)
            for i, value in enumerate(series.values)
            if value is not None
        )
        parts.append(_series(nth, "".join(bars)))
    height = below + 26
    if chart.unit:  # on a line under the ticks' numbers
        parts.append(
            _text(
                "lc-chart__unit", frame.x(axis[-1]), below + 17, esc(chart.unit), anchor="end", dy=_NEXT_LINE
            )
        )
        height += 22
    return "".join(parts), height


def _hbar(chart: Chart, frame: _Frame, index: int, name: str, value: float, y: float, bar: float) -> str:
    end = frame.x(value)
    return (
        f'<rect class="lc-chart__bar" x="{c(frame.left)}" y="{c(y)}" width="{c(end - frame.left)}" '
        f'height="{c(bar - 1)}"><title>{_tip(chart, index, name, value)}</title></rect>'
        + _text("lc-chart__value", end + 4, y + bar / 2, number(value), anchor="start", dy=_CENTRED)
    )


def _series(index: int, marks: str) -> str:
    return f'<g class="lc-chart__series lc-chart__s{index + 1}">{marks}</g>'


def _rect(x: float, top: float, width: float, bottom: float, tip: str) -> str:
    return (
        f'<rect class="lc-chart__bar" x="{c(x)}" y="{c(top)}" width="{c(width)}" height="{c(bottom - top)}">'
        f"<title>{tip}</title></rect>"
    )


def _marker(index: int, x: float, y: float) -> str:
    """The path of series ``index``'s marker centred on (x, y)."""
    outline = _MARKERS[index]
    if not outline:
        return f"M{c(x - 4.5)} {c(y)}a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0 -9 0Z"
    return "M" + "L".join(f"{c(x + dx)} {c(y + dy)}" for dx, dy in outline) + "Z"


def _line(name: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line class="{name}" x1="{c(x1)}" y1="{c(y1)}" x2="{c(x2)}" y2="{c(y2)}"/>'


def _text(name: str, x: float, y: float, content: str, *, anchor: str, dy: str = "") -> str:
    """A text element; ``content`` is already escaped, ``dy`` shifts it from ``y`` (_CENTRED, _NEXT_LINE)."""
    shift = f' dy="{dy}"' if dy else ""
    return f'<text class="{name}" x="{c(x)}" y="{c(y)}"{shift} text-anchor="{anchor}">{content}</text>'


def _fitted(label: str, chars: int) -> str:
    """A label cut to ``chars`` characters, escaped; a cut label carries its full text as a tooltip."""
    if len(label) <= chars:
        return esc(label)
    return f"<title>{esc(label)}</title>{esc(label[: max(1, chars - 1)].rstrip())}…"


def _tip(chart: Chart, index: int, name: str, value: float) -> str:
    """A mark's tooltip: 'Jan 2026, Lessons: 3' (the unit is on the axis)."""
    return esc(f"{chart.labels[index]}, {name}: {number(value)}")
