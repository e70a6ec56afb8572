"""Pure core tests for the charts of generated pages (issue 20): the figure parses, names itself, escapes what
comes from outside, and draws what its table says."""

from __future__ import annotations

import calendar
import itertools
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from learning_commons import chartsvg
from learning_commons.charts import Chart, Series, chart_html
from learning_commons.chartscale import coordinate, number, tick_number, ticks

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = tuple(
    f"{month} {year}"
    for year, months in ((2025, "Dec"), (2026, "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov"))
    for month in months.split()
)
HOSTILE = (
    "<script>alert(1)</script>",
    'say "hi" & <b>bye</b>',
    "end ]]> of data",
    "\u202eevil\u202c and \u2067isolate",
    "&lt;already escaped&gt;",
)


def chart(kind: str = "bars", *series: Series, labels: tuple[str, ...] = MONTHS, **fields: str) -> Chart:
    fields = {"key": "lessons", "title": "Are we writing?", "description": "Lessons per month.", **fields}
    return Chart(labels=labels, series=series, kind=kind, **fields)  # type: ignore[arg-type]


def counts(name: str, *values: float | None) -> Series:
    return Series(name, tuple(values))


def parse(markup: str) -> ET.Element:
    """The figure as XML: proves the markup is well formed, so nothing from outside broke out of its text."""
    return ET.fromstring(markup)


def svg_of(figure: ET.Element) -> ET.Element:
    found = figure.find(f"{SVG}svg")
    assert found is not None, "the figure holds no SVG"
    return found


def by_id(root: ET.Element, ident: str) -> ET.Element:
    found = [element for element in root.iter() if element.get("id") == ident]
    assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
    return found[0]


def table_rows(figure: ET.Element) -> dict[str, list[str]]:
    """The table under "Show the numbers": {row label: its cells' texts}."""
    details = figure.find("details")
    assert details is not None and "".join(details.find("summary").itertext()) == "Show the numbers"
    rows = details.find("table").find("tbody").findall("tr")
    return {
        "".join(row.find("th").itertext()): ["".join(td.itertext()) for td in row.findall("td")]
        for row in rows
    }


def bars_of(svg: ET.Element, series: int) -> list[ET.Element]:
    group = next(g for g in svg.iter(f"{SVG}g") if f"lc-chart__s{series}" in g.get("class", "").split())
    return group.findall(f"{SVG}rect")


def shown(text: ET.Element) -> str:
    """What a text element draws: its own text, not its tooltip's."""
    return (text.text or "") + "".join(child.tail or "" for child in text)


def labelled(svg: ET.Element, name: str) -> list[ET.Element]:
    """The text elements of class ``name``."""
    return [text for text in svg.iter(f"{SVG}text") if name in text.get("class", "").split()]


def texts(svg: ET.Element, name: str) -> list[str]:
    return [shown(text) for text in labelled(svg, name)]


def title_of(element: ET.Element) -> str | None:
    title = element.find(f"{SVG}title")
    return None if title is None else title.text


# -- the figure and its names ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["bars", "stacked", "lines", "hbars"])
def test_every_kind_is_a_figure_with_an_svg_image_named_by_its_title_and_description(kind: str) -> None:
    figure = parse(chart_html(chart(kind, counts("Lessons", *range(12)), counts("Playbooks", *[1] * 12))))
    assert figure.tag == "figure" and figure.get("id") == "lc-chart-lessons"
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    assert svg.get("width") == "100%" and re.fullmatch(r"0 0 480 \d+(\.\d)?", svg.get("viewBox", ""))
    (title_id,) = svg.get("aria-labelledby", "").split()
    (desc_id,) = svg.get("aria-describedby", "").split()
    assert by_id(svg, title_id).tag == f"{SVG}title" and by_id(svg, title_id).text == "Are we writing?"
    assert by_id(svg, desc_id).tag == f"{SVG}desc" and by_id(svg, desc_id).text == "Lessons per month."
    assert "".join(figure.find("figcaption").itertext()) == "Are we writing?"
    legend = [" ".join(item.itertext()).strip() for item in figure.find("ul").findall("li")]
    assert legend == ["Lessons", "Playbooks"]


def test_ids_are_unique_within_a_chart_and_between_charts_of_one_page() -> None:
    page = "".join(
        chart_html(chart(kind, counts("Lessons", *range(12)), key=key))
        for kind, key in (("bars", "writing"), ("lines", "actions"), ("hbars", "tags"))
    )
    ids = [element.get("id") for element in parse(f"<main>{page}</main>").iter() if element.get("id")]
    assert len(ids) == 9 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("key", ["", "Lessons", "a b", "a--b", "-a", 'x"y', "ümlaut"])
def test_a_key_that_is_not_a_slug_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="lowercase letters, digits and single hyphens"):
        chart(key=key)


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("kind", ["bars", "lines", "hbars"])
def test_outside_text_is_escaped_everywhere_it_is_shown(hostile: str, kind: str) -> None:
    markup = chart_html(
        chart(
            kind,
            counts(hostile, 3, 1),
            labels=(hostile, "Feb 2026"),
            title=hostile,
            description=hostile,
            unit=hostile,
        )
    )
    figure = parse(markup)  # well formed: no text broke out of its element
    assert "<script" not in markup and "<b>" not in markup
    svg = svg_of(figure)
    assert by_id(svg, "lc-chart-lessons-title").text == hostile
    assert by_id(svg, "lc-chart-lessons-desc").text == hostile
    rows = table_rows(figure)
    assert list(rows) == [hostile, "Feb 2026"]
    header = ["".join(th.itertext()) for th in figure.find("details").find("table").find("thead").iter("th")]
    assert header == [f"{hostile} ({hostile})"]
    assert figure.find("ul").find("li").find("bdi").text == hostile


def test_text_from_outside_is_isolated_so_a_bidi_override_cannot_reorder_what_follows_it() -> None:
    hostile = "\u202eevil"
    figure = parse(
        chart_html(chart("bars", counts(hostile, 1), labels=(hostile,), title=hostile, description=hostile))
    )
    html_texts = [element for element in figure.iter() if element.text and hostile in element.text]
    assert html_texts and all(
        element.tag in ("bdi", f"{SVG}title", f"{SVG}desc", f"{SVG}text") for element in html_texts
    )


# -- what is drawn is what the table says -----------------------------------------------------------------


def test_the_table_holds_every_label_in_full_and_every_value_as_given() -> None:
    lessons = (3, 0, 12, None, 1234567, 2.5, 0.25, 7, 8, 9, 10, 11)
    figure = parse(chart_html(chart("bars", counts("Lessons", *lessons), counts("Playbooks", *[1] * 12))))
    rows = table_rows(figure)
    assert list(rows) == list(MONTHS)
    for label, value in zip(MONTHS, lessons, strict=True):
        cell = rows[label][0]
        assert cell == "no data" if value is None else float(cell.replace(",", "")) == value
        assert rows[label][1] == "1"


@pytest.mark.parametrize("values", [(1, 2, 3), (7, 0, 13), (0.5, 2.25, 1), (1_000_000, 250_000, 999_999)])
def test_bar_heights_are_proportional_to_the_values(values: tuple[float, ...]) -> None:
    svg = svg_of(parse(chart_html(chart("bars", counts("Lessons", *values), labels=("a", "b", "c")))))
    heights = [float(rect.get("height")) for rect in bars_of(svg, 1)]
    per_unit = heights[values.index(max(values))] / max(values)
    assert per_unit > 0
    for height, value in zip(heights, values, strict=True):
        assert height == pytest.approx(value * per_unit, abs=0.15)


def test_stacked_bars_stand_on_each_other_and_total_to_the_sum() -> None:
    svg = svg_of(
        parse(
            chart_html(
                chart("stacked", counts("Done", 2, 0, 5), counts("Open", 3, 4, None), labels=("a", "b", "c"))
            )
        )
    )
    done, still_open = bars_of(svg, 1), bars_of(svg, 2)
    per_unit = float(done[2].get("height")) / 5
    totals = [float(d.get("height")) + float(o.get("height")) for d, o in zip(done, still_open, strict=False)]
    assert totals == pytest.approx([5 * per_unit, 4 * per_unit], abs=0.15)
    for lower, upper in zip(done, still_open, strict=False):  # each segment starts where the one below ends
        assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(
            float(lower.get("y")), abs=0.15
        )


def test_horizontal_bar_widths_are_proportional_and_labelled_with_their_values() -> None:
    values = (9, 3, 6)
    svg = svg_of(
        parse(
            chart_html(chart("hbars", counts("This quarter", *values), labels=("retro", "onboarding", "x")))
        )
    )
    widths = [float(rect.get("width")) for rect in bars_of(svg, 1)]
    assert [w / widths[0] for w in widths] == pytest.approx([v / 9 for v in values], abs=0.01)
    assert texts(svg, "lc-chart__value") == ["9", "3", "6"]


def test_lines_have_one_marker_per_value_and_break_where_there_is_no_data() -> None:
    svg = svg_of(
        parse(
            chart_html(
                chart(
                    "lines",
                    counts("Median days", 4, None, 6, 7),
                    counts("Other", 1, 1, 1, 1),
                    labels=tuple("abcd"),
                )
            )
        )
    )
    first = next(g for g in svg.iter(f"{SVG}g") if "lc-chart__s1" in g.get("class", ""))
    line, *markers = first.findall(f"{SVG}path")
    assert line.get("d", "").count("M") == 2 and line.get("d", "").count("L") == 1
    assert [title_of(marker) for marker in markers] == [
        "a, Median days: 4",
        "c, Median days: 6",
        "d, Median days: 7",
    ]
    second = next(g for g in svg.iter(f"{SVG}g") if "lc-chart__s2" in g.get("class", ""))
    shapes = {
        len(re.findall("[A-Za-z]", group.findall(f"{SVG}path")[1].get("d", ""))) for group in (first, second)
    }
    assert len(shapes) == 2, "the two series' markers have the same shape"


# -- axes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("peak", [0, 0.3, 1, 3, 7, 10, 12.5, 99, 100, 101, 12_345, 987_654_321, 3e15])
@pytest.mark.parametrize("whole", [True, False])
def test_ticks_start_at_zero_step_roundly_and_cover_the_peak(peak: float, whole: bool) -> None:
    axis = ticks(peak, whole)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(axis)}
    assert axis[0] == 0 and axis[-1] >= peak and len(steps) == 1 and 2 <= len(axis) <= 6
    (step,) = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5)
    assert axis[-2] < peak or peak == 0, "one tick more than needed"
    if whole:
        assert all(tick == int(tick) for tick in axis)


def test_the_drawn_ticks_are_those_numbers_without_float_noise() -> None:
    svg = svg_of(parse(chart_html(chart("lines", counts("Median days", 0.1, 0.3, 0.7), labels=tuple("abc")))))
    assert texts(svg, "lc-chart__tick") == ["0", "0.2", "0.4", "0.6", "0.8"]
    numbers = re.findall(
        r'\s(?:x|y|x1|y1|x2|y2|width|height)="([^"]*)"',
        chart_html(chart("bars", counts("a", 1 / 3, 2 / 3, 1), labels=tuple("abc"))),
    )
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?|100%", value) for value in numbers)


def test_numbers_are_written_whole_with_separators_and_short_on_an_axis() -> None:
    assert [number(v) for v in (0, 3.0, 1234567, 2.5, 0.125, 1e15)] == [
        "0",
        "3",
        "1,234,567",
        "2.5",
        "0.12",
        "1,000,000,000,000,000",
    ]
    assert [tick_number(v) for v in (9_999, 10_000, 2_500_000, 3e9, 4e12)] == [
        "9,999",
        "10k",
        "2.5M",
        "3B",
        "4T",
    ]
    assert [coordinate(v) for v in (0.04, -0.04, 1 / 3, 7.0, 1e6)] == ["0", "0", "0.3", "7", "1000000"]


def test_a_chart_is_the_same_text_every_time() -> None:
    made = [
        chart_html(chart("lines", counts("Lessons", 1 / 3, 2, None, 1e9), labels=("a", "b", "c", "d")))
        for _ in range(2)
    ]
    assert made[0] == made[1]


# -- labels on a phone --------------------------------------------------------------------------------------


def test_twelve_months_show_short_names_and_every_other_one_minor_the_last_one_shown() -> None:
    svg = svg_of(parse(chart_html(chart("bars", counts("Lessons", *range(12))))))
    assert texts(svg, "lc-chart__label") == [label.split()[0] for label in MONTHS]
    minor = ["lc-chart__label--minor" in text.get("class", "") for text in labelled(svg, "lc-chart__label")]
    assert minor == [index % 2 == 0 for index in range(12)], "the last month must stay shown on a phone"


@pytest.mark.parametrize(
    ("labels", "on_desktop", "on_a_phone"),
    [
        (MONTHS, [("2025", "Dec"), ("2026", "Jan")], [("2026", "Jan")]),
        (
            tuple(f"{month} 2026" for month in calendar.month_abbr[1:]),
            [("2026", "Jan")],
            [("2026", "Feb")],
        ),
    ],
)
def test_each_year_shows_under_its_first_month_on_a_phone_its_first_month_still_shown(
    labels: tuple[str, ...], on_desktop: list[tuple[str, str]], on_a_phone: list[tuple[str, str]]
) -> None:
    svg = svg_of(parse(chart_html(chart("bars", counts("Lessons", *range(12)), labels=labels))))
    month_at = {text.get("x"): shown(text) for text in labelled(svg, "lc-chart__label")}
    years = [
        (shown(text), month_at[text.get("x")], text.get("class", "").split())
        for text in labelled(svg, "lc-chart__year")
    ]
    assert [
        (year, month) for year, month, names in years if "lc-chart__year--phone" not in names
    ] == on_desktop
    assert [
        (year, month) for year, month, names in years if "lc-chart__label--minor" not in names
    ] == on_a_phone


def months_from(year: int, count: int) -> tuple[str, ...]:
    return tuple(f"{calendar.month_abbr[index % 12 + 1]} {year + index // 12}" for index in range(count))


def overlapping(texts_at: list[tuple[float, str]], char: float) -> list[tuple[str, str]]:
    """Neighbouring centred texts closer than half their widths together."""
    return [
        (left, right)
        for (x1, left), (x2, right) in itertools.pairwise(sorted(texts_at))
        if x2 - x1 < (len(left) + len(right)) / 2 * char
    ]


@pytest.mark.parametrize("count", [1, 2, 5, 7, 12, 13, 24, 36, 60])
@pytest.mark.parametrize("names", ["months", "tags"])
def test_category_labels_never_overlap_on_a_desktop_or_a_phone_and_the_last_one_shows(
    count: int, names: str
) -> None:
    labels = (
        months_from(2022, count)
        if names == "months"
        else tuple(f"tag-{n}-with-a-long-name" for n in range(count))
    )
    svg = svg_of(parse(chart_html(chart("bars", counts("Lessons", *range(count)), labels=labels))))
    for name in ("lc-chart__label", "lc-chart__year"):
        drawn = [(float(text.get("x")), shown(text), text.get("class", "")) for text in labelled(svg, name)]
        desktop = [(x, text) for x, text, names in drawn if "--phone" not in names]
        phone = [(x, text) for x, text, names in drawn if "--minor" not in names]
        assert not overlapping(desktop, chartsvg.CHAR) and not overlapping(phone, chartsvg.PHONE_CHAR)
    desktop_labels = texts(svg, "lc-chart__label")
    assert desktop_labels and len(desktop_labels) >= min(count, 6)
    last = labels[-1].split()[0] if names == "months" else labels[-1]
    assert last.startswith(desktop_labels[-1].rstrip("…")), "the latest month is always labelled"


@pytest.mark.parametrize(
    ("kind", "count", "longest_shown"),
    [("hbars", 2, 44), ("bars", 3, 14), ("bars", 12, 5)],
)
def test_long_labels_are_cut_in_the_drawing_with_the_full_text_in_a_tooltip_and_the_table(
    kind: str, count: int, longest_shown: int
) -> None:
    long = "psychological-safety-in-incident-reviews-and-retrospectives"
    labels = (long,) * count
    figure = parse(chart_html(chart(kind, counts("Pages", *[1] * count), labels=labels)))
    label = labelled(svg_of(figure), "lc-chart__label")[-1]
    assert title_of(label) == long
    cut = shown(label)
    assert cut.endswith("…") and long.startswith(cut[:-1]) and len(cut) <= longest_shown
    assert long in table_rows(figure)


def test_horizontal_bars_show_a_label_of_forty_characters_whole_above_its_bar() -> None:
    labels = ("From an incident to its written-up lesson", "retro")
    svg = svg_of(parse(chart_html(chart("hbars", counts("Days", 145.5, 3), labels=labels))))
    assert texts(svg, "lc-chart__label") == list(labels)
    (label, _), (bar, *_) = labelled(svg, "lc-chart__label"), bars_of(svg, 1)
    assert float(label.get("y")) < float(bar.get("y")), "the label stands above its bar"


# -- edge cases -------------------------------------------------------------------------------------------


def test_all_zeros_draw_empty_bars_on_an_axis_from_zero_to_one() -> None:
    svg = svg_of(parse(chart_html(chart("bars", counts("Lessons", 0, 0, 0), labels=tuple("abc")))))
    assert texts(svg, "lc-chart__tick") == ["0", "1"]
    assert [rect.get("height") for rect in bars_of(svg, 1)] == ["0", "0", "0"]


def test_one_label_draws_one_bar() -> None:
    figure = parse(chart_html(chart("bars", counts("Lessons", 4), labels=("Dec 2026",))))
    assert len(bars_of(svg_of(figure), 1)) == 1 and table_rows(figure) == {"Dec 2026": ["4"]}


@pytest.mark.parametrize(
    "empty",
    [
        chart("bars", counts("Lessons", None, None), labels=("a", "b")),
        chart("lines"),
        chart("hbars", labels=()),
    ],
)
def test_a_chart_without_any_value_says_no_data_yet_instead_of_empty_axes(empty: Chart) -> None:
    figure = parse(chart_html(empty))
    assert figure.find(f"{SVG}svg") is None and figure.find("details") is None
    assert [p.text for p in figure.iter("p")] == ["No data yet"]
    assert "".join(figure.find("figcaption").itertext()).startswith("Are we writing?")


def test_very_large_numbers_fit_the_axis_and_stay_whole_in_the_table() -> None:
    figure = parse(chart_html(chart("bars", counts("Commits", 123_456_789_012, 5), labels=("a", "b"))))
    assert texts(svg_of(figure), "lc-chart__tick")[-1] == "150B"
    assert table_rows(figure)["a"] == ["123,456,789,012"]


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf])
def test_negative_or_unreal_values_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="charts show 0 or more"):
        chart("bars", counts("Lessons", 1, bad), labels=("a", "b"))


def test_a_series_of_the_wrong_length_or_too_many_series_is_refused() -> None:
    with pytest.raises(ValueError, match="has 1 values for 2 labels"):
        chart("bars", counts("Lessons", 1), labels=("a", "b"))
    with pytest.raises(ValueError, match="at most 6"):
        chart("bars", *[counts(str(n), 1) for n in range(7)], labels=("a",))


def test_colours_and_fonts_come_from_classes_not_inline_styles() -> None:
    markup = "".join(
        chart_html(chart(kind, counts("a", 1, 2), counts("b", 2, 1), labels=("x", "y")))
        for kind in ("bars", "stacked", "lines", "hbars")
    )
    assert not re.search(r"\s(style|fill|stroke|font-size|font-family|color)=", markup)
    assert {f"lc-chart__s{n}" for n in (1, 2)} <= set(re.findall(r"lc-chart__s\d", markup))


# -- the colours of commons.css ---------------------------------------------------------------------------

CSS = (Path(__file__).resolve().parents[1] / "docs" / "assets" / "commons.css").read_text(encoding="utf-8")
# Material's page backgrounds: white, and slate's hsla(225, 15%, 14%) (its palette stylesheet).
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2129"}
PALETTES = {
    "light": r"^\.lc-chart \{([^}]*)\}",
    "dark": r'^\[data-md-color-scheme="slate"\] \.lc-chart \{([^}]*)\}',
    "print": r"^  \.lc-chart \{([^}]*)\}",
}


def palette(scheme: str) -> dict[int, str]:
    """The series colours commons.css gives a scheme: {series number: '#rrggbb'}."""
    found = re.search(PALETTES[scheme], CSS, re.MULTILINE)
    assert found, f"commons.css has no chart palette for the {scheme} scheme"
    return {int(n): long_hex(colour) for n, colour in re.findall(r"--lc-chart-(\d): (#[0-9a-f]+);", found[1])}


def long_hex(colour: str) -> str:
    return colour if len(colour) == 7 else "#" + "".join(digit * 2 for digit in colour[1:])


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_series_colour_stands_out_three_to_one_on_the_page(scheme: str) -> None:
    colours = palette(scheme)
    assert sorted(colours) == list(range(1, chartsvg.MAX_SERIES + 1))
    assert len(set(colours.values())) == len(colours), "two series share a colour"
    for number_, colour in colours.items():
        assert contrast(colour, BACKGROUNDS[scheme]) >= 3, (
            f"series {number_}: {colour} in the {scheme} scheme"
        )


def test_printed_series_are_distinct_greys_and_every_series_has_its_class_and_dash() -> None:
    greys = palette("print")
    assert sorted(greys) == list(range(1, chartsvg.MAX_SERIES + 1)) and len(set(greys.values())) == len(greys)
    assert all(colour[1:3] == colour[3:5] == colour[5:7] for colour in greys.values())
    dashes = [re.search(rf"\.lc-chart__s{n} \{{([^}}]*)\}}", CSS) for n in range(1, chartsvg.MAX_SERIES + 1)]
    assert all(dashes), "a series without its class in commons.css"
    patterns = [re.search(r"--lc-chart-dash: ([^;]+);", found[1]) for found in dashes if found]
    shown = [pattern[1] if pattern else "solid" for pattern in patterns]
    assert len(set(shown)) == len(shown), f"two series' lines share a dash pattern: {shown}"


def test_six_series_of_lines_have_six_marker_shapes_in_the_drawing_and_the_legend() -> None:
    six = [counts(f"Series {n}", n, n + 1) for n in range(chartsvg.MAX_SERIES)]
    figure = parse(chart_html(chart("lines", *six, labels=("a", "b"))))
    keys = [li.find(f"{SVG}svg") for li in figure.find("ul").findall("li")]
    shapes = [key.find(f"{SVG}g").findall(f"{SVG}path")[1].get("d") for key in keys]  # all at one spot
    assert len(set(shapes)) == chartsvg.MAX_SERIES, shapes
    groups = [g for g in svg_of(figure).iter(f"{SVG}g") if "lc-chart__series" in g.get("class", "")]
    assert [g.get("class") for g in groups] == [f"lc-chart__series lc-chart__s{n}" for n in range(1, 7)]
