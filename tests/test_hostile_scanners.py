"""Hostile input, round 2: every scanner over contributor text is linear, snippets are checked like pages,
and no value a calendar cannot hold reaches date arithmetic.

Linearity is a ratio, never a wall time: each scanner reads an adversarial input of about 100 KB and one of
about 1 KB of the same shape; a linear scanner takes about 100 times as long on the first (a quadratic one
10,000 times). CPU time of this process, best of a few runs, so other work on the machine hardly counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from learning_commons.content import markdown_hazard
from learning_commons.frontmatter import split_front_matter
from learning_commons.images import missing_alt_text
from learning_commons.links import link_targets
from learning_commons.markup import element_ids
from learning_commons.text import count_words, markdown_lines, shown, unfenced
from learning_commons.workshops import _part_html

SMALL, LARGE = 1_000, 100_000
# Linear is about 100; the allowance covers the fixed costs the small input hides and a noisy machine.
MAX_RATIO = 300


def _cpu_seconds(scan: Callable[[str], object], text: str, calls: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _ in range(calls):
            scan(text)
        best = min(best, (time.process_time() - start) / calls)
    return best


def growth(scan: Callable[[str], object], shape: Callable[[int], str]) -> float:
    """How much longer ``scan`` takes on the large input of ``shape`` than on the small one."""
    small, large = shape(SMALL), shape(LARGE)
    assert len(large) >= 50 * len(small)
    scan(large)  # warm up (compiled patterns, caches)
    large_seconds = _cpu_seconds(scan, large, 1)
    calls = max(1, min(2_000, int(0.2 / max(large_seconds / 50, 1e-6))))  # about 0.2 s of small runs
    return large_seconds / max(_cpu_seconds(scan, small, calls), 1e-9)


def repeat(unit: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    """A line of ``unit`` repeated to about ``size`` characters, between a prefix and a suffix."""
    return lambda size: prefix + unit * max(1, size // len(unit)) + suffix


def lines(line: str) -> Callable[[int], str]:
    """Lines of ``line`` to about ``size`` characters."""
    return lambda size: (line + "\n") * max(1, size // (len(line) + 1))


def _links(text: str) -> object:
    return link_targets(text)


def _images(text: str) -> object:
    return missing_alt_text(text, 1, "docs/x.md")


def _hazard(text: str) -> object:
    return markdown_hazard(text, 1, "docs/x.md")


def _front_matter(text: str) -> object:
    return split_front_matter(text)


def _fences(text: str) -> object:
    return unfenced(markdown_lines(text))


def _kit_part(html: str) -> object:
    return _part_html(html, "part")


# Each shape is what an attacker would write against one pattern: a run of starts that never close, a
# run of spaces the pattern could split many ways, many candidates sharing one end.
SHAPES: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = [
    ("heading of spaces", _links, repeat(" ", "\n# ", "x")),
    ("heading of spaces and tabs", _links, repeat(" \t", "# a", "b")),
    (
        "heading of spaces, hashes, spaces",
        _links,
        lambda n: "# a" + " " * (n // 3) + "#" * (n // 3) + " " * (n // 3) + "b",
    ),
    ("heading of hashes", _links, repeat("# ", "# ")),
    ("heading of unclosed braces", _links, repeat("{", "# Goals ", "}")),
    ("heading of brace pairs", _links, repeat("{}", "# Goals ", "x")),
    ("unclosed '['", _links, repeat("[")),
    ("escaped '['", _links, repeat("\\[")),
    ("'[' after backslashes", _links, repeat("[\\")),
    ("unclosed ']('", _links, repeat("](")),
    ("unclosed '[a]('", _links, repeat("[a](")),
    ("'[a](' then a long target", _links, repeat("b", "[a](")),
    ("unclosed titles", _links, repeat("[a](b '")),
    ("targets in angle brackets", _links, repeat("[a](<b ")),
    ("spaces before a title", _links, repeat(" ", "[a](b", "'")),
    ("unclosed '!['", _links, repeat("![")),
    ("reference definitions", _links, lines("[" + "a" * 60)),
    ("unclosed inline code", _links, repeat("`a")),
    ("backtick runs", _links, repeat("``a", "[")),
    ("unclosed '<a '", _links, repeat("<a ")),
    ("unclosed '<a href='", _links, repeat("<a href=")),
    ("'<a ' then hrefs without values", _links, lambda n: "<a " * (n // 12) + "href=''" * (n // 14)),
    ("hrefs then '<a '", _links, lambda n: "<a " + "href='x' " * (n // 18) + "<a " * (n // 6)),
    ("unclosed href values", _links, repeat('<a href="x', "", "[a](b)")),
    ("attribute soup", _links, repeat(" x='' y=\"\" href= ", "<a", ">")),
    ("every kind on one line", _links, repeat("[a](b) <a href='c'> ")),
    ("every kind on many lines", _links, lines("[a](b) <a href='c'>\n[d]: e")),
    ("unclosed '<img'", _images, repeat("<img ")),
    ("'<img' with alt soup", _images, repeat(" alt= alt ", "<img", ">")),
    ("empty image text", _images, repeat("![ ")),
    ("open brackets", _hazard, repeat("[")),
    ("escaped brackets", _hazard, repeat("\\[", "[]" * 300)),  # over 500 '[': both read in full
    ("deep indent", _hazard, repeat(" ", "", "x")),
    ("front matter of near-fences", _front_matter, lambda n: "---\n" + "--- " * (n // 4)),
    ("front matter of spaced fences", _front_matter, lines("---" + " " * 60 + "x")),
    ("fences of spaces", _fences, lines(" " * 60 + "``")),
    ("fence runs", _fences, repeat("`", "\n")),
    ("words", count_words, repeat("a ")),
    ("invisible characters", shown, repeat("\u202e")),
    ("unclosed ids", element_ids, repeat("<p id='a ")),
    ("ids of both quotes", element_ids, repeat('<p id=\'a" id="b ')),
    ("tags without ids", element_ids, repeat(" x", "<p", ">")),
    ("unclosed problem boxes", _kit_part, repeat('<div class="admonition failure lc-problems">')),
    ("unclosed id attributes", _kit_part, repeat(" id='a", "<p", ">")),
]


@pytest.mark.parametrize(
    ("scan", "shape"), [shape[1:] for shape in SHAPES], ids=[shape[0] for shape in SHAPES]
)
def test_every_scanner_is_linear_in_its_input(
    scan: Callable[[str], object], shape: Callable[[int], str]
) -> None:
    ratio = growth(scan, shape)
    if ratio >= MAX_RATIO:  # one slow sample on a busy machine is not a quadratic scanner: measure again
        ratio = min(ratio, growth(scan, shape))
    assert ratio < MAX_RATIO, f"100 times the input took {ratio:.0f} times as long"


def test_the_linearity_measure_tells_quadratic_from_linear() -> None:
    def quadratic(text: str) -> int:
        return sum(text.count("[", start) for start in range(0, len(text), 100))

    assert growth(quadratic, repeat("[")) > MAX_RATIO * 3
    assert growth(str.split, repeat("a ")) < MAX_RATIO
