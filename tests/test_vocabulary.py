"""The tag vocabulary (docs/tags.yml): names that could be paths, markup or disguises are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from learning_commons.problems import Problem
from learning_commons.text import invisible_characters, normalise, shown, slugify
from learning_commons.vocabulary import Tag, Vocabulary, load_vocabulary

GOOD = """\
retrospective:
  description: Looking back together at what happened and what to change.
  aliases: [retro, retros]
"""
NAME_RULE = "may contain only letters, digits, single spaces and hyphens (no '/', '.', '<', quotes or other punctuation)"


def load(tmp_path: Path, text: str) -> tuple[Vocabulary, list[str]]:
    path = tmp_path / "tags.yml"
    path.write_text(text, encoding="utf-8")
    vocabulary, problems = load_vocabulary(path, "docs/tags.yml")
    return vocabulary, [str(problem) for problem in problems]


def test_good_vocabulary(tmp_path: Path) -> None:
    vocabulary, problems = load(tmp_path, GOOD + "café culture:\n  description: Coffee and conversation.\n")
    assert problems == []
    assert vocabulary.tags == {
        "retrospective": Tag(
            "retrospective",
            "retrospective",
            "Looking back together at what happened and what to change.",
            ("retro", "retros"),
            1,
        ),
        "café culture": Tag("café culture", "cafe-culture", "Coffee and conversation.", (), 4),
    }


def test_lookup_by_name_alias_case_and_unicode_form(tmp_path: Path) -> None:
    vocabulary, _ = load(tmp_path, GOOD + "café:\n  description: Coffee and conversation.\n")
    assert vocabulary.lookup("RETRO") is vocabulary.tags["retrospective"]
    assert vocabulary.lookup(" retros ") is vocabulary.tags["retrospective"]
    assert vocabulary.lookup("cafe\u0301") is vocabulary.tags["café"]  # decomposed é
    assert vocabulary.lookup("retrospectives") is None
    assert vocabulary.known("Retro")
    assert not vocabulary.known("nope")


def test_suggestions(tmp_path: Path) -> None:
    vocabulary, _ = load(tmp_path, GOOD)
    assert vocabulary.suggest("retrospectives") == "did you mean 'retrospective'?"
    assert vocabulary.suggest("retor") == "did you mean 'retrospective'?"  # through the alias 'retro'
    # Nothing close: the nearest valid tags by spelling, not just the file's name.
    assert vocabulary.suggest("astronomy") == (
        "the nearest tag in docs/tags.yml is 'retrospective': use one, or add the new tag there with a "
        "description"
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("a/b", f"the tag name 'a/b' {NAME_RULE}"),
        ("'..'", f"the tag name '..' {NAME_RULE}"),
        ("../../etc", f"the tag name '../../etc' {NAME_RULE}"),
        ("'<script>'", f"the tag name '<script>' {NAME_RULE}"),
        ("two  spaces", f"the tag name 'two  spaces' {NAME_RULE}"),
        ("trailing-", f"the tag name 'trailing-' {NAME_RULE}"),
        ("under_score", f"the tag name 'under_score' {NAME_RULE}"),
        ('"bell\\a"', "the tag name 'bell\\u0007' contains invisible or control characters (U+0007)"),
        (
            '"evil\\u202eflip"',
            "the tag name 'evil\\u202eflip' contains invisible or control characters (U+202E)",
        ),
        (
            '"zero\\u200bwidth"',
            "the tag name 'zero\\u200bwidth' contains invisible or control characters (U+200B)",
        ),
        ("'   '", "a tag name cannot be empty or only spaces"),
        ("''", "a tag name cannot be empty or only spaces"),
        ("日本", "the tag name '日本' has no letters a-z or digits to make a web address from"),
    ],
)
def test_bad_tag_names(tmp_path: Path, key: str, message: str) -> None:
    vocabulary, problems = load(tmp_path, GOOD + f"{key}:\n  description: A tag used by the tests.\n")
    assert problems == [f"docs/tags.yml:4: {message} — rename the tag"]
    assert list(vocabulary.tags) == ["retrospective"]  # the bad tag is not in the vocabulary


@pytest.mark.parametrize(
    ("name", "slug"), [("Ünïcödé", "unicode"), ("blameless retro", "blameless-retro"), ("a1", "a1")]
)
def test_good_tag_names(tmp_path: Path, name: str, slug: str) -> None:
    vocabulary, problems = load(tmp_path, GOOD + f"{name}:\n  description: A tag used by the tests.\n")
    assert problems == []
    assert vocabulary.tags[name].slug == slug


def test_two_tags_with_the_same_slug(tmp_path: Path) -> None:
    text = GOOD + "café:\n  description: Coffee and conversation.\ncafe:\n  description: Also coffee.\n"
    vocabulary, problems = load(tmp_path, text)
    assert problems == [
        "docs/tags.yml:6: the tag 'cafe' clashes with 'café' (line 4): the same name, alias or web address "
        "— merge the two tags or rename one"
    ]
    assert list(vocabulary.tags) == ["retrospective", "café"]


def test_two_tags_differing_only_in_case(tmp_path: Path) -> None:
    _, problems = load(tmp_path, GOOD + "Retrospective:\n  description: The same again.\n")
    assert problems == [
        "docs/tags.yml:4: the tag 'Retrospective' clashes with 'retrospective' (line 1): the same name, "
        "alias or web address — merge the two tags or rename one"
    ]


def test_alias_clashing_with_another_tag(tmp_path: Path) -> None:
    text = GOOD + "review:\n  description: Reviews of any kind.\n  aliases: [Retro]\n"
    vocabulary, problems = load(tmp_path, text)
    assert problems == [
        "docs/tags.yml:4: the tag 'review' clashes with 'retrospective' (line 1): the same name, alias or "
        "web address — merge the two tags or rename one"
    ]
    assert vocabulary.lookup("retro") is vocabulary.tags["retrospective"]


def test_tag_named_like_an_earlier_alias(tmp_path: Path) -> None:
    _, problems = load(tmp_path, GOOD + "retros:\n  description: Many retrospectives.\n")
    assert problems == [
        "docs/tags.yml:4: the tag 'retros' clashes with 'retrospective' (line 1): the same name, alias or "
        "web address — merge the two tags or rename one"
    ]


def test_missing_and_empty_descriptions(tmp_path: Path) -> None:
    text = GOOD + "feedback:\nmentoring:\n  aliases: [mentorship]\nonboarding:\n  description: '  '\n"
    vocabulary, problems = load(tmp_path, text)
    assert problems == [
        "docs/tags.yml:4: the tag 'feedback' needs a description — write 'feedback:' then 'description: …'",
        "docs/tags.yml:5: the tag 'mentoring' has no description — add 'description: …'",
        "docs/tags.yml:7: the tag 'onboarding' has no description — add 'description: …'",
    ]
    assert list(vocabulary.tags) == ["retrospective", "mentoring", "onboarding"]


@pytest.mark.parametrize(
    ("description", "message"),
    [
        ("'<script>alert(1)</script>'", "contains HTML — write plain text ('a < b' is fine, '<b>' is not)"),
        ("Read <b>this</b>", "contains HTML — write plain text ('a < b' is fine, '<b>' is not)"),
        ('"flip \\u202e here"', "contains invisible or control characters (U+202E) — write it as plain text"),
        ("D" * 301, "has 301 characters; it may have at most 300 — shorten it"),
    ],
)
def test_bad_description_is_refused_and_never_published(
    tmp_path: Path, description: str, message: str
) -> None:
    vocabulary, problems = load(tmp_path, GOOD + f"feedback:\n  description: {description}\n")
    assert problems == [f"docs/tags.yml:5: the description of 'feedback' {message}"]
    assert vocabulary.tags["feedback"].description == ""


def test_description_may_contain_less_than_and_quotes_as_text(tmp_path: Path) -> None:
    text = GOOD + "feedback:\n  description: 'Teams < 10 people & \"quotes\" are text, not markup.'\n"
    vocabulary, problems = load(tmp_path, text)
    assert problems == []
    assert vocabulary.tags["feedback"].description == 'Teams < 10 people & "quotes" are text, not markup.'


def test_bad_aliases(tmp_path: Path) -> None:
    text = (
        GOOD
        + "feedback:\n  description: Feedback.\n  aliases: fb\n"
        + "mentoring:\n  description: Mentoring.\n  aliases:\n    - coach\n    - ../up\n"
    )
    vocabulary, problems = load(tmp_path, text)
    assert problems == [
        "docs/tags.yml:6: the aliases of 'feedback' must be a list of names — write aliases: [name, other-name]",
        f"docs/tags.yml:11: the alias '../up' {NAME_RULE} — rename the alias",
    ]
    assert vocabulary.tags["mentoring"].aliases == ("coach",)
    assert vocabulary.lookup("fb") is None


def test_unknown_field_of_a_tag(tmp_path: Path) -> None:
    _, problems = load(tmp_path, GOOD + "feedback:\n  description: Feedback.\n  alias: [fb]\n  colour: red\n")
    assert problems == [
        "docs/tags.yml:6: the tag 'feedback' has an unknown field 'alias' — did you mean 'aliases'?",
        "docs/tags.yml:7: the tag 'feedback' has an unknown field 'colour' — "
        "a tag has only 'description' and 'aliases'",
    ]


def test_duplicate_tag_keeps_the_last_and_says_so(tmp_path: Path) -> None:
    _, problems = load(tmp_path, GOOD + "retrospective:\n  description: Again.\n")
    assert problems == [
        "docs/tags.yml:4: the field 'retrospective' appears twice (YAML keeps only the last one) — remove one of them"
    ]


def test_vocabulary_that_is_a_list(tmp_path: Path) -> None:
    vocabulary, problems = load(tmp_path, "- retrospective\n- feedback\n")
    assert problems == [
        "docs/tags.yml:1: the tag vocabulary must be a mapping, not a list — "
        "write one 'tag-name:' per tag with 'description: …' indented under it"
    ]
    assert vocabulary.tags == {}


def test_vocabulary_that_is_not_yaml(tmp_path: Path) -> None:
    _, problems = load(tmp_path, GOOD + "feedback:\n  description: [unclosed\n")
    assert problems == [
        "docs/tags.yml:5: the tag vocabulary is not valid YAML (did not find expected ',' or ']' while "
        "parsing a flow sequence) — check the indentation, and put values containing ': ' or starting "
        "with a quote, '[', '{', '*', '&', '!' or '@' in quotes"
    ]


def test_vocabulary_with_aliases_is_refused(tmp_path: Path) -> None:
    text = "a:\n  description: &d Shared words.\nb:\n  description: *d\n"
    _, problems = load(tmp_path, text)
    assert problems == [
        "docs/tags.yml:4: YAML aliases (*name) are not allowed — write the value out in full",
        "docs/tags.yml:3: the tag 'b' has no description — add 'description: …'",
    ]


def test_empty_vocabulary(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "# nothing yet\n")
    assert problems == [
        "docs/tags.yml:1: the tag vocabulary has no tags — add 'tag-name:' with a 'description: …'"
    ]


def test_missing_vocabulary(tmp_path: Path) -> None:
    vocabulary, problems = load_vocabulary(tmp_path / "tags.yml", "docs/tags.yml")
    assert [str(problem) for problem in problems] == [
        "docs/tags.yml: the tag vocabulary is missing — "
        "create it with one 'tag-name:' per tag and 'description: …' indented under it"
    ]
    assert vocabulary.tags == {}


def test_vocabulary_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "tags.yml").write_bytes(
        b"retro:\n  description: Looking back.\ncaf\xe9:\n  description: Coffee.\n"
    )
    _, problems = load_vocabulary(tmp_path / "tags.yml", "docs/tags.yml")
    assert [str(problem) for problem in problems] == [
        "docs/tags.yml:3: the file is not valid UTF-8 (byte 0xe9) — save it as UTF-8"
    ]


# -- text identity and safety helpers ---------------------------------------------------------------


def test_normalise_and_slugify() -> None:
    assert normalise("  Cafe\u0301 ") == "café"
    assert normalise("STRASSE") == normalise("straße")
    assert slugify("Café culture!") == "cafe-culture"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("<script>") == "script"
    assert slugify("日本") == ""


def test_invisible_characters_and_shown() -> None:
    text = "a\u202eb\u200bc\x07d\u2066e\U000e0041f\tg"
    assert invisible_characters(text) == ["U+0007", "U+200B", "U+202E", "U+2066", "U+E0041"]
    assert shown(text) == "'a\\u202eb\\u200bc\\u0007d\\u2066e\\U000e0041f\tg'"


def test_problem_format() -> None:
    assert str(Problem("docs/a.md", 4, "what", "fix")) == "docs/a.md:4: what — fix"
    assert str(Problem("docs/a.md", 0, "what")) == "docs/a.md: what"
