"""Front matter parsing: every way YAML can surprise a contributor gives one exact message with a line."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from learning_commons.frontmatter import Document, parse_yaml, split_front_matter

PATH = "docs/lessons/x.md"
SYNTAX_FIX = (
    "check the indentation, and put values containing ': ' or starting with a quote, "
    "'[', '{', '*', '&', '!' or '@' in quotes"
)


def parse(source: str) -> Document:
    """Parse as front matter starting on line 2 (line 1 is the opening '---')."""
    return parse_yaml(source, PATH, first_line=2)


def messages(source: str) -> list[str]:
    return [str(problem) for problem in parse(source).problems]


# -- splitting the page -----------------------------------------------------------------------------


def test_split_finds_front_matter_and_the_body_line() -> None:
    split = split_front_matter("---\ntitle: A\nsummary: B\n---\n\n# Body\n")
    assert split.front_matter == "title: A\nsummary: B\n"
    assert split.body == "\n# Body\n"
    assert split.body_line == 5


def test_split_accepts_dots_as_the_closing_line_like_mkdocs() -> None:
    assert split_front_matter("---\ntitle: A\n...\nBody\n").front_matter == "title: A\n"


@pytest.mark.parametrize(
    "text",
    [
        "# No front matter\n",
        "title: A\n---\n",  # no opening line
        "---\ntitle: A\n",  # never closed
        " ---\ntitle: A\n---\n",  # indented opening line
    ],
)
def test_split_without_front_matter(text: str) -> None:
    split = split_front_matter(text)
    assert split.front_matter is None
    assert split.body == text
    assert split.body_line == 1


# -- YAML that is not a mapping ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "why"),
    [
        # An unclosed bracket or quote, or a key without ':', is reported where it starts...
        (
            "title: A\nsummary: [unclosed\ntags: [x]\n",
            3,
            "did not find expected ',' or ']' while parsing a flow sequence",
        ),
        (
            'title: A\nsummary: "unclosed\ntags: [x]\n',
            3,
            "found unexpected end of stream while scanning a quoted scalar",
        ),
        ("title: A\nsummary\ntags: [x]\n", 3, "could not find expected ':' while scanning a simple key"),
        # ...anything else where YAML gave up.
        ("title: A\nsummary: Why: because\n", 3, "mapping values are not allowed in this context"),
        ("title: A\n  summary: B\n", 3, "mapping values are not allowed in this context"),
        (
            "title: A\n\tsummary: B\n",
            3,
            "found a tab character that violates indentation while scanning a plain scalar",
        ),
        ("actions:\n  - what: a\n owner: b\n", 4, "did not find expected key while parsing a block mapping"),
        ("title: @me\n", 2, "found character that cannot start any token while scanning for the next token"),
    ],
)
def test_malformed_yaml_names_the_line(source: str, line: int, why: str) -> None:
    assert messages(source) == [f"{PATH}:{line}: the front matter is not valid YAML ({why}) — {SYNTAX_FIX}"]


def test_front_matter_that_is_a_list() -> None:
    assert messages("- title\n- summary\n") == [
        f"{PATH}:2: the front matter must be a mapping, not a list — "
        "write one 'field: value' per line, e.g. 'title: My page'"
    ]


def test_front_matter_that_is_plain_text() -> None:
    assert messages("Just a sentence\n") == [
        f"{PATH}:2: the front matter must be a mapping, not the text 'Just a sentence' — "
        "write one 'field: value' per line, e.g. 'title: My page'"
    ]


def test_empty_front_matter_is_an_empty_mapping_without_problems() -> None:
    doc = parse("\n")
    assert (doc.data, doc.problems) == ({}, [])


def test_comment_only_front_matter_is_empty() -> None:
    doc = parse("# nothing yet\n")
    assert (doc.data, doc.problems) == ({}, [])


def test_raw_control_character_names_its_line() -> None:
    assert messages("title: A\nsummary: a\x07b\n") == [
        f"{PATH}:3: the front matter contains the control character U+0007, which YAML does not allow — "
        "delete it (it is often invisible: retype the line)"
    ]


@pytest.mark.parametrize("depth", [21, 500, 999])
@pytest.mark.parametrize("inner", ["", "text", "7"])
def test_deep_nesting_is_one_problem_not_a_recursion_error(depth: int, inner: str) -> None:
    assert messages("title: " + "[" * depth + inner + "]" * depth + "\n") == [
        f"{PATH}:2: the values are nested more than 20 levels deep — "
        "front matter needs at most a list of mappings: flatten it"
    ]


def test_deeper_nesting_than_libyaml_allows() -> None:
    assert messages("title: " + "[" * 5000 + "]" * 5000 + "\n") == [
        f"{PATH}:2: the front matter is not valid YAML "
        f"(exceeded maximum nesting depth while increasing flow level) — {SYNTAX_FIX}"
    ]


# -- values, lines and raw text ---------------------------------------------------------------------


def test_values_lines_and_raw_text() -> None:
    doc = parse("title: A page\ntags:\n  - one\n  - two\nduration: 60\nhappened: 2026-01-05\n")
    assert doc.problems == []
    assert doc.data == {
        "title": "A page",
        "tags": ["one", "two"],
        "duration": 60,
        "happened": dt.date(2026, 1, 5),
    }
    assert doc.lines[("title",)] == 2
    assert doc.lines[("tags",)] == 3
    assert doc.lines[("tags", 1)] == 5
    assert doc.lines[("duration",)] == 6
    assert doc.raw[("duration",)] == "60"
    assert doc.line(("tags", 1, "deeper")) == 5  # nearest ancestor with a line
    assert doc.line(("missing",)) == 2  # the first line of the front matter


def test_yaml_1_1_surprises_are_kept_for_validation_to_explain() -> None:
    doc = parse("a: no\nb: 1.10\nc: yes\nd: 1:30\ne: 017\n")
    assert doc.problems == []
    assert doc.data == {"a": False, "b": 1.1, "c": True, "d": 90, "e": 15}
    assert doc.raw[("a",)] == "no"
    assert doc.raw[("b",)] == "1.10"


def test_duplicate_key() -> None:
    doc = parse("title: First\nsummary: S\ntitle: Second\n")
    assert [str(problem) for problem in doc.problems] == [
        f"{PATH}:4: the field 'title' appears twice (YAML keeps only the last one) — remove one of them"
    ]
    assert doc.data["title"] == "Second"


def test_date_that_does_not_exist() -> None:
    doc = parse("title: A\nhappened: 2026-02-30\n")
    assert [str(problem) for problem in doc.problems] == [
        f"{PATH}:3: 2026-02-30 is not a date that exists (day is out of range for month) — "
        "write a real calendar date as YYYY-MM-DD"
    ]
    assert doc.data["happened"] is None


def test_datetime_stays_a_datetime_for_validation() -> None:
    doc = parse("happened: 2026-01-05 10:30:00\n")
    assert doc.problems == []
    assert doc.data["happened"] == dt.datetime(2026, 1, 5, 10, 30)


# -- aliases, merge keys and tags -------------------------------------------------------------------


def test_alias_is_refused() -> None:
    doc = parse("owner: &who Ada\nsummary: S\naudience: *who\n")
    assert [str(problem) for problem in doc.problems] == [
        f"{PATH}:4: YAML aliases (*name) are not allowed — write the value out in full"
    ]
    assert doc.data == {"owner": "Ada", "summary": "S", "audience": None}


def test_an_anchor_alone_is_harmless() -> None:
    doc = parse("owner: &who Ada\n")
    assert (doc.data, doc.problems) == ({"owner": "Ada"}, [])


def test_recursive_alias_is_refused() -> None:
    assert messages("loop: &a [*a]\n") == [
        f"{PATH}:2: YAML aliases (*name) are not allowed — write the value out in full"
    ]


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_billion_laughs_is_refused_fast_without_expansion() -> None:
    assert len(BILLION_LAUGHS) < 500  # a few hundred bytes that would expand to 9**9 strings
    start = time.perf_counter()
    doc = parse(BILLION_LAUGHS)
    assert time.perf_counter() - start < 0.5
    # One problem per line that uses aliases (lines 3 to 10), not one per alias.
    assert [str(problem) for problem in doc.problems] == [
        f"{PATH}:{line}: YAML aliases (*name) are not allowed — write the value out in full"
        for line in range(3, 11)
    ]
    assert doc.data["i"] == [None] * 9  # nothing expanded


def test_merge_key_is_refused() -> None:
    doc = parse("base: &b {owner: Ada}\nextra:\n  <<: *b\n  audience: All\n")
    assert [str(problem) for problem in doc.problems] == [
        f"{PATH}:4: YAML merge keys (<<) are not allowed — write the fields out in full"
    ]
    assert doc.data["extra"] == {"audience": "All"}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!foo bar", "!foo"),
        ("!!python/object:os.system echo", "!!python/object:os.system"),
        ("!!python/object/apply:os.system [echo]", "!!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
    ],
)
def test_custom_tags_are_refused(value: str, shown: str) -> None:
    doc = parse(f"title: A\nsummary: {value}\n")
    assert [str(problem) for problem in doc.problems] == [
        f"{PATH}:3: the YAML tag {shown} is not allowed — remove the tag and write a plain value"
    ]
    assert doc.data["summary"] is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int abc", "'abc' cannot be read as a whole number"),
        ("!!float abc", "'abc' cannot be read as a number"),
        ("!!bool maybe", "'maybe' cannot be read as a boolean"),
        ("!!timestamp someday", "'someday' cannot be read as a date"),
        ("!!int", "'' cannot be read as a whole number"),  # PyYAML fails with an IndexError on these two
        ("!!float ''", "'' cannot be read as a number"),
        ("9" * 5000, f"'{'9' * 39}…' cannot be read as a whole number"),  # over Python's digit limit
    ],
)
def test_values_that_cannot_be_constructed_are_problems_not_crashes(value: str, message: str) -> None:
    assert messages(f"duration: {value}\n") == [
        f"{PATH}:2: {message} — put text in quotes and remove any '!!' tag"
    ]


def test_plain_tags_are_accepted() -> None:
    doc = parse("a: !!str 12\nb: !!int '7'\n")
    assert (doc.data, doc.problems) == ({"a": "12", "b": 7}, [])


def test_a_complex_key_is_refused() -> None:
    assert messages("? [a, b]\n: value\n") == [
        f"{PATH}:2: a field name must be plain text — write 'name: value'"
    ]


def test_what_and_layout_name_the_source() -> None:
    doc = parse_yaml("- a\n", "docs/tags.yml", what="the tag vocabulary", layout="write 'tag:' lines")
    assert [str(problem) for problem in doc.problems] == [
        "docs/tags.yml:1: the tag vocabulary must be a mapping, not a list — write 'tag:' lines"
    ]
