"""Placeholders: the templates' 'TODO: …' texts and TBD/FIXME/XXX-style markers are refused, prose is not."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from learning_commons.content import page_from_text
from learning_commons.placeholders import FIX
from learning_commons.templates import SECTIONS, fill, page_templates
from learning_commons.vocabulary import Vocabulary, load_vocabulary

TODAY = dt.date(2026, 3, 15)
TAGS = "retrospective:\n  description: Looking back together at what happened.\n"
HEAD = "title: A page with a title\nsummary: A summary that is long enough to pass the checks.\n"
FRONT = f"---\n{HEAD}tags: [retrospective]\n"  # a playbook's front matter, still open
PLAYBOOK = f"{FRONT}---\n\n"


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    path = tmp_path_factory.mktemp("vocabulary") / "tags.yml"
    path.write_text(TAGS, encoding="utf-8")
    return load_vocabulary(path, "docs/tags.yml")[0]


def problems(vocabulary: Vocabulary, text: str, src_uri: str = "playbooks/x.md") -> list[str]:
    _, found = page_from_text(src_uri, f"docs/{src_uri}", text, vocabulary, TODAY)
    return [str(problem) for problem in found]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("TBD", "'TBD'"),
        ("tbd", "'tbd'"),
        ('"todo:"', "'todo:'"),
        ("FIXME later", "'FIXME later'"),
        ("Dates TBD, see the calendar", "'Dates TBD, see the calendar'"),
        ("XXX", "'XXX'"),
        ('"TODO: who it is for"', "'TODO: who it is for'"),
        ("Todo - ask the team", "'Todo - ask the team'"),
    ],
)
def test_a_marker_in_a_front_matter_value_is_refused(vocabulary: Vocabulary, value: str, shown: str) -> None:
    # One message for the line: not also "has 3 characters" for 'TBD'.
    assert problems(vocabulary, f"{FRONT}audience: {value}\n---\n\nBody.\n") == [
        f"docs/playbooks/x.md:5: 'audience' is a placeholder: {shown} — {FIX}"
    ]


def test_markers_in_lists_of_the_front_matter_name_the_entry(vocabulary: Vocabulary) -> None:
    lesson = (
        f"---\n{HEAD}tags: [retrospective]\nhappened: 2026-01-05\nactions:\n"
        "  - what: Book the room\n    owner: TBD\n    status: open\n    due: 2026-04-01\n---\n\nBody.\n"
    )
    assert problems(vocabulary, lesson, "lessons/x.md") == [
        f"docs/lessons/x.md:8: 'owner' of the 1st action is a placeholder: 'TBD' — {FIX}"
    ]


@pytest.mark.parametrize(
    "value",
    [
        "A to-do list for new hosts",
        "Todo apps we tried and dropped",
        "What our todo list taught us about focus",
        "The XXXL T-shirt order",
        "Thirty tbd-free minutes",
    ],
)
def test_the_words_inside_prose_are_not_markers(vocabulary: Vocabulary, value: str) -> None:
    assert problems(vocabulary, f"{FRONT}audience: {value}\n---\n\n{value}.\n\n## {value}\n") == []


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("TODO", "this line"),
        ("TBD.", "this line"),
        ("todo: write the steps", "this line"),
        ("FIXME the timings are wrong", "this line"),
        ("- [ ] TODO: what to prepare", "this line"),
        ("1. TBD", "this line"),
        ("> TODO: a quote", "this line"),
        ("**TODO: 40 minutes: how the time splits.**", "this line"),
        ("| TODO: YYYY-MM-DD | TODO: one event per row |", "this line"),
        ("| 2026-01-05 | TBD |", "this line"),
        ("    TODO: inside an admonition", "this line"),
        ("## TODO", "this heading"),
        ("### Exercise 1: TODO name the exercise", "this heading"),
        ('!!! warning "TODO: a mistake people make"', "this title"),
    ],
)
def test_a_placeholder_line_in_the_body_is_refused(vocabulary: Vocabulary, line: str, what: str) -> None:
    text = f"{PLAYBOOK}An opening paragraph.\n\n{line}\n"
    assert problems(vocabulary, text) == [
        f"docs/playbooks/x.md:9: {what} is a placeholder: '{line.strip()}' — {FIX}"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Keep a to-do list.\n",
        "Todo lists help.\n",
        "We decided the date later, so the invitation said TBD for a week.\n",
        "```text\nTODO: an example in code\n```\n",
        "~~~\n## TODO\n~~~\n",
        "`TODO` is what our linter looks for.\n",
        "<!-- TODO: a note that is never published -->\n",
        "| Word | Meaning |\n|---|---|\n| to-do | a task |\n",
    ],
)
def test_markers_in_prose_code_and_comments_are_not_placeholders(vocabulary: Vocabulary, body: str) -> None:
    assert problems(vocabulary, f"{PLAYBOOK}{body}") == []


def test_placeholders_after_fenced_code_keep_their_line_numbers(vocabulary: Vocabulary) -> None:
    body = "Intro.\n\n```\nTODO in code\n```\n\nTODO: after the code\n"
    assert problems(vocabulary, f"{PLAYBOOK}{body}") == [
        f"docs/playbooks/x.md:13: this line is a placeholder: 'TODO: after the code' — {FIX}"
    ]


def test_a_page_without_front_matter_keeps_that_problem(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "TODO\n") == [
        "docs/playbooks/x.md:1: the page has no front matter — start the file with '---', then 'title: …', "
        "'summary: …' and 'tags: […]', then '---'",
        f"docs/playbooks/x.md:1: this line is a placeholder: 'TODO' — {FIX}",
    ]


@pytest.mark.parametrize("page_type", list(SECTIONS))
def test_every_template_is_refused_until_filled_in(vocabulary: Vocabulary, page_type: str) -> None:
    for name, template in page_templates(page_type).items():
        src_uri = (
            f"{SECTIONS[page_type]}/w/{name}" if page_type == "workshop" else f"{SECTIONS[page_type]}/x.md"
        )
        text = fill(template, title="A new page", tags=["retrospective"], owner="Ada Lovelace", today=TODAY)
        found = problems(vocabulary, text, src_uri)
        assert found, f"{name} passes the checks unfilled"
        assert all(" is a placeholder: " in problem for problem in found), found
        # Every line that says TODO is reported, so make check is a list of what is left to write.
        todo_lines = [number for number, line in enumerate(text.split("\n"), start=1) if "TODO" in line]
        assert [int(problem.split(":")[1]) for problem in found] == todo_lines
        written = text.replace("TODO: ", "").replace("TODO ", "")
        assert problems(vocabulary, written, src_uri) == [], f"{name} fails once written in"


def test_new_page_can_validate_a_template_without_its_placeholders(vocabulary: Vocabulary) -> None:
    text = fill(
        page_templates("lesson")["lesson.md"], title="Trial", tags=["retrospective"], owner="A", today=TODAY
    )
    _, found = page_from_text(
        "lessons/x.md", "docs/lessons/x.md", text, vocabulary, TODAY, placeholders=False
    )
    assert found == []


LESSON_SECTIONS = [
    "## Timeline",
    "## What happened",
    "## What we learned",
    "## What we change",
    "## Action items",
]


def test_the_lesson_template_has_the_sections_the_guide_asks_for() -> None:
    """The contributing guide names the lesson's sections in order; the template has exactly those."""
    guide = (Path(__file__).resolve().parent.parent / "docs/contributing/index.md").read_text(
        encoding="utf-8"
    )
    template = page_templates("lesson")["lesson.md"]
    headings = [line for line in template.split("\n") if line.startswith("#")]
    assert headings == LESSON_SECTIONS
    asked = guide.split("Use these sections in the body, in this order:", 1)[1].split("\n\n", 1)[0]
    assert [asked.index(f"**{heading[3:]}**") for heading in headings] == sorted(
        asked.index(f"**{heading[3:]}**") for heading in headings
    )
    assert template.split("---\n", 2)[2].lstrip().startswith("TODO: a short opening paragraph")


@pytest.mark.parametrize(
    ("row", "page_type", "name"),
    [
        ("Lesson", "lesson", "lesson.md"),
        ("Playbook", "playbook", "playbook.md"),
        ("Workshop overview", "workshop", "index.md"),
    ],
)
def test_the_guide_names_each_template_s_sections_in_order(row: str, page_type: str, name: str) -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs/contributing/index.md").read_text(
        encoding="utf-8"
    )
    cells = next(line for line in guide.split("\n") if line.startswith(f"| {row} |")).split("|")[2]
    named = re.findall(r"\*\*([^*]+)\*\*", cells)
    template = page_templates(page_type)[name]
    assert [line[3:] for line in template.split("\n") if line.startswith("## ")] == named
