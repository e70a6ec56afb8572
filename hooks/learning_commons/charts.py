"""Charts of generated pages: a figure with an SVG drawn at build time, a legend, and the numbers in a table.

A small writer of our own rather than a library: pygal writes a <style> element and, by default, a script
from a third-party host into every SVG (the Content-Security-Policy refuses both); matplotlib brings NumPy
and a font renderer (tens of MB) and costs milliseconds per figure. Bars and lines on round axes take a
few hundred lines, no dependency and no browser, well under a millisecond per chart, and draw with the
site's CSS classes (docs/assets/commons.css), so they follow the reader's colour scheme and print in
black and white.

Every text from outside (title, description, labels, series names, unit) is escaped here. A chart with no
value at all says "No data yet" instead of drawing empty axes. Values are counts or durations: negative,
infinite or missing-length input is a mistake of the caller and raises ValueError.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from .chartscale import number
from .chartsvg import MAX_SERIES, legend_key, svg
from .markup import esc

ChartKind = Literal["bars", "stacked", "lines", "hbars"]
KINDS: tuple[ChartKind, ...] = ("bars", "stacked", "lines", "hbars")
_KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per label; None = no data for that label


@dataclass(frozen=True)
class Chart:
    key: str  # slug unique on the page (ids are derived from it)
    title: str  # the question the chart answers
    description: str  # one or two sentences: what it shows and the headline reading
    labels: tuple[str, ...]  # x-axis categories (e.g. "Jan 2026"), or the bars' names for hbars
    series: tuple[Series, ...]
    kind: ChartKind  # grouped bars, stacked bars, lines with markers, horizontal bars
    unit: str = ""

    def __post_init__(self) -> None:
        if not _KEY_RE.fullmatch(self.key):
            raise ValueError(f"chart key {self.key!r}: use lowercase letters, digits and single hyphens")
        if self.kind not in KINDS:
            raise ValueError(f"chart {self.key}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if len(self.series) > MAX_SERIES:
            raise ValueError(
                f"chart {self.key}: {len(self.series)} series; at most {MAX_SERIES} stay distinct"
            )
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(
                    f"chart {self.key}: series {series.name!r} has {len(series.values)} values "
                    f"for {len(self.labels)} labels"
                )
            for value in series.values:
                if value is not None and not (math.isfinite(value) and value >= 0):
                    raise ValueError(
                        f"chart {self.key}: series {series.name!r} has {value}; charts show 0 or more"
                    )

    @property
    def has_data(self) -> bool:
        return any(value is not None for series in self.series for value in series.values)


def chart_html(chart: Chart) -> str:
    """The chart as a <figure>: its title as the caption, the SVG (named by its <title> and described by
    its <desc>: the description is for screen readers, as the page says its reading in its own words), a
    legend, and the numbers in a table under "Show the numbers" (plus a copy that only printing shows, as
    a closed <details> prints closed)."""
    ids = (f"lc-chart-{chart.key}-title", f"lc-chart-{chart.key}-desc")
    caption = f'<figcaption class="lc-chart__title"><bdi>{esc(chart.title)}</bdi></figcaption>'

    opening = f'<figure class="lc-chart lc-chart--{chart.kind}" id="lc-chart-{chart.key}">{caption}'
    if not chart.has_data:
        return f'{opening}<p class="lc-chart__empty">No data yet</p></figure>'
    table = numbers_table(chart)
    return (
        f"{opening}{svg(chart, *ids)}{legend(chart)}"
        f'<details class="lc-chart__numbers"><summary>Show the numbers</summary>{table}</details>'
        f'<div class="lc-chart__print" hidden="" data-pagefind-ignore="all">{table}</div></figure>'
    )


def legend(chart: Chart) -> str:
    """The series' names beside their colour and mark, also for one series: colour alone names nothing."""
    items = "".join(
        f"<li>{legend_key(chart.kind, index)}<bdi>{esc(series.name)}</bdi></li>"
        for index, series in enumerate(chart.series)
    )
    return f'<ul class="lc-chart__legend">{items}</ul>'


def numbers_table(chart: Chart) -> str:
    """The chart's numbers: a row per label (its full text), a column per series."""
    unit = f" ({esc(chart.unit)})" if chart.unit else ""
    head = "".join(f'<th scope="col"><bdi>{esc(series.name)}</bdi>{unit}</th>' for series in chart.series)
    rows = "".join(
        f'<tr><th scope="row"><bdi>{esc(label)}</bdi></th>'
        + "".join(_cell(series.values[index]) for series in chart.series)
        + "</tr>"
        for index, label in enumerate(chart.labels)
    )
    return (
        f'<table class="lc-chart__table"><caption><bdi>{esc(chart.title)}</bdi></caption>'
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _cell(value: float | None) -> str:
    if value is None:
        return '<td class="lc-chart__none">no data</td>'
    return f"<td>{number(value)}</td>"
