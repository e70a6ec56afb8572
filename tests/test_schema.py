"""Front matter validation per page type: every problem, with its exact message and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from learning_commons.content import page_from_text
from learning_commons.model import ActionItem, AgendaItem, Kind, Page, Part, Period
from learning_commons.problems import Severity
from learning_commons.vocabulary import Vocabulary, load_vocabulary

TODAY = dt.date(2026, 3, 15)
TAGS = """\
retrospective:
  description: Looking back together at what happened and what to change.
  aliases: [retro, retros]
feedback:
  description: Giving and receiving feedback that helps people grow.
workshop:
  description: Hands-on sessions where people practise together.
facilitation:
  description: Running a session so that everyone takes part.
mentoring:
  description: One-to-one learning relationships.
onboarding:
  description: Helping new colleagues find their way.
leadership:
  description: What managers do to model learning.
"""

TITLE = "title: Run a blameless retrospective\n"
SUMMARY = "summary: How to run a retrospective that people want to come back to.\n"
PLAYBOOK = TITLE + SUMMARY + "tags: [retrospective]\n"
LESSON = TITLE + SUMMARY + "tags: [retrospective]\nhappened: 2026-01-05\nactions: []\n"
WORKSHOP = (
    TITLE
    + SUMMARY
    + "tags: [workshop]\nduration: 60\naudience: Team leads\n"
    + "agenda:\n  - item: Welcome\n    minutes: 15\n  - item: Practice\n    minutes: 45\n"
)
ACTION = "actions:\n  - what: Book the room early\n    owner: Ada\n    status: open\n    due: 2026-04-01\n"


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    path = tmp_path_factory.mktemp("vocabulary") / "tags.yml"
    path.write_text(TAGS, encoding="utf-8")
    vocabulary, problems = load_vocabulary(path, "docs/tags.yml")
    assert problems == []
    return vocabulary


def read(vocabulary: Vocabulary, src_uri: str, front_matter: str, today: dt.date = TODAY) -> Page:
    page, problems = page_from_text(
        src_uri, f"docs/{src_uri}", f"---\n{front_matter}---\n\nBody.\n", vocabulary, today
    )
    assert page is not None
    assert problems == [], [str(problem) for problem in problems]
    return page


def problems(vocabulary: Vocabulary, src_uri: str, front_matter: str, today: dt.date = TODAY) -> list[str]:
    """The problems of a page whose front matter starts on line 2."""
    _, found = page_from_text(
        src_uri, f"docs/{src_uri}", f"---\n{front_matter}---\n\nBody.\n", vocabulary, today
    )
    return [str(problem) for problem in found]


# -- valid pages become the model -------------------------------------------------------------------


def test_valid_playbook(vocabulary: Vocabulary) -> None:
    page = read(
        vocabulary,
        "playbooks/retro.md",
        PLAYBOOK
        + "owner: Ada\nreviewed: 2026-01-10\nreview_every: 6 months\ncadence: monthly\naudience: Teams\n",
    )
    assert page.kind is Kind.PLAYBOOK
    assert page.title == "Run a blameless retrospective"
    assert page.tags == ("retrospective",)
    assert (page.owner, page.reviewed, page.review_every) == (
        "Ada",
        dt.date(2026, 1, 10),
        Period(6, "months"),
    )
    assert (page.cadence, page.audience) == ("monthly", "Teams")
    assert page.valid
    assert page.url == "playbooks/retro/"
    assert (page.words, page.links) == (1, ())  # "Body."


def test_the_model_keeps_links_and_words_of_the_body_and_images_are_checked_on_their_line(
    vocabulary: Vocabulary,
) -> None:
    body = "Read [the steps](../playbooks/retro.md#steps) first.\n\n## After\n\n![](board.png)\n"
    page, found = page_from_text(
        "playbooks/x.md", "docs/playbooks/x.md", f"---\n{PLAYBOOK}---\n{body}", vocabulary, TODAY
    )
    assert page is not None
    assert page.valid and page.links == (("../playbooks/retro.md#steps", ""),)
    assert page.words == 11  # runs of letters and digits in the Markdown, the link's target included
    front_matter_lines = PLAYBOOK.count("\n")
    assert [str(problem) for problem in found if "alt text" in str(problem)] == [
        f"docs/playbooks/x.md:{front_matter_lines + 7}: an image has no alt text — describe what it shows: "
        "![A whiteboard with the retrospective timeline](timeline.png)"
    ]


def test_valid_lesson_with_an_action(vocabulary: Vocabulary) -> None:
    page = read(vocabulary, "lessons/x.md", LESSON.replace("actions: []\n", ACTION))
    assert page.kind is Kind.LESSON
    assert page.happened == dt.date(2026, 1, 5)
    assert page.actions == (ActionItem("Book the room early", "Ada", "open", dt.date(2026, 4, 1), 7),)


def test_valid_workshop_overview(vocabulary: Vocabulary) -> None:
    page = read(vocabulary, "workshops/retro/index.md", WORKSHOP + "facilitators: [Ada, Bea]\n")
    assert (page.kind, page.workshop, page.part) == (Kind.WORKSHOP, "workshops/retro", Part.OVERVIEW)
    assert page.duration == 60
    assert page.agenda == (AgendaItem("Welcome", 15), AgendaItem("Practice", 45))
    assert page.facilitators == ("Ada", "Bea")


def test_workshop_parts_and_plain_pages_need_no_tags(vocabulary: Vocabulary) -> None:
    part = read(vocabulary, "workshops/retro/handout.md", TITLE + SUMMARY)
    assert (part.kind, part.part, part.tags) == (Kind.WORKSHOP_PART, Part.HANDOUT, ())
    assert read(vocabulary, "about/index.md", TITLE + SUMMARY + "tags: []\n").kind is Kind.PAGE


def test_material_keys_are_allowed(vocabulary: Vocabulary) -> None:
    read(
        vocabulary,
        "index.md",
        TITLE + SUMMARY + "hide: [navigation, toc]\nsearch: {boost: 2}\ntemplate: home.html\n"
        "icon: material/school\nstatus: new\n",
    )


# -- missing and unknown fields ---------------------------------------------------------------------


def missing(src_uri: str, field: str, example: str) -> str:
    """A missing field is reported at the front matter's opening '---' (line 1) with the field written out."""
    return f"docs/{src_uri}:1: '{field}' is missing — add the line '{example}' between the two '---' lines"


TITLE_EXAMPLE = "title: Our first open forum had no questions"
SUMMARY_EXAMPLE = "summary: One or two sentences on what the reader gets from this page."


@pytest.mark.parametrize(
    ("src_uri", "expected"),
    [
        (
            "playbooks/x.md",
            [
                missing("playbooks/x.md", "title", TITLE_EXAMPLE),
                missing("playbooks/x.md", "summary", SUMMARY_EXAMPLE),
                missing("playbooks/x.md", "tags", "tags: [retrospective]"),
            ],
        ),
        (
            "lessons/x.md",
            [
                missing("lessons/x.md", "title", TITLE_EXAMPLE),
                missing("lessons/x.md", "summary", SUMMARY_EXAMPLE),
                missing("lessons/x.md", "tags", "tags: [retrospective]"),
                missing("lessons/x.md", "happened", "happened: 2026-03-15"),
                missing("lessons/x.md", "actions", "actions: []"),
            ],
        ),
        (
            "workshops/w/index.md",
            [
                missing("workshops/w/index.md", "title", TITLE_EXAMPLE),
                missing("workshops/w/index.md", "summary", SUMMARY_EXAMPLE),
                missing("workshops/w/index.md", "tags", "tags: [retrospective]"),
                missing("workshops/w/index.md", "duration", "duration: 60"),
                missing(
                    "workshops/w/index.md",
                    "audience",
                    "audience: Team leads and facilitators, 6 to 12 people",
                ),
                missing("workshops/w/index.md", "agenda", "agenda: [{item: Welcome, minutes: 10}]"),
            ],
        ),
        (
            "workshops/w/exercises.md",
            [
                missing("workshops/w/exercises.md", "title", TITLE_EXAMPLE),
                missing("workshops/w/exercises.md", "summary", SUMMARY_EXAMPLE),
            ],
        ),
    ],
)
def test_missing_required_fields_per_type(vocabulary: Vocabulary, src_uri: str, expected: list[str]) -> None:
    assert problems(vocabulary, src_uri, "# nothing yet\n") == expected


def test_empty_value_is_reported_on_its_line(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", "title:\n" + SUMMARY + "tags: [retro]\n") == [
        f"docs/playbooks/x.md:2: 'title' is empty — write it as '{TITLE_EXAMPLE}'"
    ]


def test_unknown_field_is_a_warning_with_did_you_mean(vocabulary: Vocabulary) -> None:
    _, found = page_from_text(
        "playbooks/x.md",
        "docs/playbooks/x.md",
        "---\n" + TITLE + "summery: How to run a retrospective that people want.\ntags: [retro]\n---\n",
        vocabulary,
        TODAY,
    )
    assert [(str(problem), problem.severity) for problem in found] == [
        ("docs/playbooks/x.md:3: unknown field 'summery' — did you mean 'summary'?", Severity.WARNING),
        (missing("playbooks/x.md", "summary", SUMMARY_EXAMPLE), Severity.ERROR),
    ]


def test_unknown_field_without_a_close_match_lists_the_fields(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", PLAYBOOK + "colour: teal\n") == [
        "docs/playbooks/x.md:5: unknown field 'colour' — the fields of a playbook page are: "
        "title, summary, tags, owner, reviewed, review_every, cadence, audience"
    ]


def test_description_is_not_a_field(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", PLAYBOOK + "description: Something.\n") == [
        "docs/playbooks/x.md:5: unknown field 'description' — "
        "the 'summary' is the page's description: remove 'description'"
    ]


def test_a_field_of_another_type_is_unknown(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", PLAYBOOK + "happened: 2026-01-05\n") == [
        "docs/playbooks/x.md:5: unknown field 'happened' — the fields of a playbook page are: "
        "title, summary, tags, owner, reviewed, review_every, cadence, audience"
    ]


# -- YAML reading text as something else ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "title: no",
            "'title' must be text, but YAML reads no as the boolean false — put it in quotes: title: \"no\"",
        ),
        (
            "title: Yes",
            "'title' must be text, but YAML reads Yes as the boolean true — put it in quotes: title: \"Yes\"",
        ),
        (
            "title: 1.10",
            "'title' must be text, but YAML reads 1.10 as the number 1.1 — put it in quotes: title: \"1.10\"",
        ),
        (
            "title: 10:30",
            "'title' must be text, but YAML reads 10:30 as the number 630 — put it in quotes: title: \"10:30\"",
        ),
        (
            "title: 2026-01-05",
            "'title' must be text, but YAML reads 2026-01-05 as a date — put it in quotes: title: \"2026-01-05\"",
        ),
        ("title: [a, b]", "'title' must be text, not a list — write it as 'title: …' (text)"),
    ],
)
def test_text_field_read_as_something_else(vocabulary: Vocabulary, line: str, expected: str) -> None:
    assert problems(vocabulary, "playbooks/x.md", line + "\n" + SUMMARY + "tags: [retro]\n") == [
        f"docs/playbooks/x.md:2: {expected}"
    ]


def test_a_refused_value_is_not_also_reported_as_empty(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", "title: !!binary aGk=\n" + SUMMARY + "tags: [retro]\n") == [
        "docs/playbooks/x.md:2: the YAML tag !!binary is not allowed — remove the tag and write a plain value"
    ]


# -- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "2026-02-30",
            "2026-02-30 is not a date that exists (day is out of range for month) — "
            "write a real calendar date as YYYY-MM-DD",
        ),
        (
            "2026-13-01",
            "2026-13-01 is not a date that exists (month must be in 1..12) — "
            "write a real calendar date as YYYY-MM-DD",
        ),
        ("2026-01-05 10:00:00", "'happened' must be a date without a time — write it as YYYY-MM-DD"),
        ("2026-01-05T10:00:00Z", "'happened' must be a date without a time — write it as YYYY-MM-DD"),
        ("last week", "'happened' 'last week' is not a date — write it as YYYY-MM-DD"),
        ('"20260105"', "'happened' '20260105' is not a date — write it as YYYY-MM-DD"),
        (
            "2026",
            "'happened' must be a date (YYYY-MM-DD), but YAML reads 2026 as the number 2026 — "
            'put it in quotes: happened: "2026"',
        ),
        ("2026-03-16", "'happened' 2026-03-16 is in the future — use the date it happened"),
    ],
)
def test_bad_happened_date(vocabulary: Vocabulary, value: str, expected: str) -> None:
    front_matter = LESSON.replace("happened: 2026-01-05", f"happened: {value}")
    assert problems(vocabulary, "lessons/x.md", front_matter) == [f"docs/lessons/x.md:5: {expected}"]


def test_a_quoted_date_and_today_are_fine(vocabulary: Vocabulary) -> None:
    page = read(vocabulary, "lessons/x.md", LESSON.replace("2026-01-05", '"2026-03-15"'))
    assert page.happened == TODAY


def test_reviewed_in_the_future(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", PLAYBOOK + "reviewed: 2027-01-01\n") == [
        "docs/playbooks/x.md:5: 'reviewed' 2027-01-01 is in the future — use the date it happened"
    ]


@pytest.mark.parametrize("value", ["six months", "0 months", "6 moons", "6"])
def test_bad_review_period(vocabulary: Vocabulary, value: str) -> None:
    shown = repr(int(value)) if value.isdigit() else repr(value)
    assert problems(vocabulary, "playbooks/x.md", PLAYBOOK + f"review_every: {value}\n") == [
        f"docs/playbooks/x.md:5: 'review_every' is {shown} — "
        "write a period like '6 months', '2 weeks' or '1 year'"
    ]


def test_review_period_forms(vocabulary: Vocabulary) -> None:
    page = read(vocabulary, "playbooks/x.md", PLAYBOOK + "review_every: 1 Year\n")
    assert (page.review_every, str(page.review_every)) == (Period(1, "years"), "1 year")


# -- tags --------------------------------------------------------------------------------------------


def test_unknown_tag_exact_message(vocabulary: Vocabulary) -> None:
    front_matter = TITLE + SUMMARY + "tags: [feedback, retrospectives]\nhappened: 2026-01-05\nactions: []\n"
    assert problems(vocabulary, "lessons/x.md", front_matter) == [
        "docs/lessons/x.md:4: the 2nd tag 'retrospectives' is not in docs/tags.yml — did you mean 'retrospective'?"
    ]


def test_unknown_tag_without_a_close_match(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", TITLE + SUMMARY + "tags: [astronomy]\n") == [
        "docs/playbooks/x.md:4: the 1st tag 'astronomy' is not in docs/tags.yml — the nearest tags in "
        "docs/tags.yml are 'retrospective', 'facilitation' and 'onboarding': use one, or add the new tag there "
        "with a description"
    ]


def test_unknown_tag_in_a_block_list_names_its_own_line(vocabulary: Vocabulary) -> None:
    front_matter = TITLE + SUMMARY + "tags:\n  - feedback\n  - mentorin\n"
    assert problems(vocabulary, "playbooks/x.md", front_matter) == [
        "docs/playbooks/x.md:6: the 2nd tag 'mentorin' is not in docs/tags.yml — did you mean 'mentoring'?"
    ]


def test_tag_with_invisible_characters_is_shown_visibly(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", TITLE + SUMMARY + 'tags: ["retro\\u202e"]\n') == [
        "docs/playbooks/x.md:4: the 1st tag 'retro\\u202e' is not in docs/tags.yml — did you mean 'retrospective'?"
    ]


def test_aliases_and_case_map_to_the_tag(vocabulary: Vocabulary) -> None:
    page = read(vocabulary, "playbooks/x.md", TITLE + SUMMARY + "tags: [retro, ' Feedback ']\n")
    assert page.tags == ("retrospective", "feedback")


@pytest.mark.parametrize(
    ("typed", "fix"),
    [
        ("retrospective", "write it as a list: tags: [retrospective]"),
        # The valid names of what was typed, not the same words again: aliases, case, near spellings.
        ("Retros, Feedback, mentorin", "write it as a list: tags: [retrospective, feedback, mentoring]"),
        ("retro feedback", "write it as a list: tags: [retrospective, feedback]"),  # no commas
        ("retro, retrospective", "write it as a list: tags: [retrospective]"),  # one tag twice
        (
            "retro, astronomy",
            "write it as a list: tags: [retrospective]; 'astronomy' is not a tag (the nearest are "
            "'retrospective', 'facilitation' and 'onboarding')",
        ),
        (
            "astronomy",
            "write it as a list of tags from docs/tags.yml; 'astronomy' is not a tag (the nearest are "
            "'retrospective', 'facilitation' and 'onboarding')",
        ),
    ],
)
def test_tags_as_text_instead_of_a_list(vocabulary: Vocabulary, typed: str, fix: str) -> None:
    assert problems(vocabulary, "playbooks/x.md", TITLE + SUMMARY + f"tags: {typed}\n") == [
        f"docs/playbooks/x.md:4: 'tags' must be a list, not text — {fix}"
    ]


def test_no_tags(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", TITLE + SUMMARY + "tags: []\n") == [
        "docs/playbooks/x.md:4: a page has 1 to 6 tags, this one has 0 — add a tag from docs/tags.yml"
    ]


def test_seven_tags(vocabulary: Vocabulary) -> None:
    tags = "[retrospective, feedback, workshop, facilitation, mentoring, onboarding, leadership]"
    assert problems(vocabulary, "playbooks/x.md", TITLE + SUMMARY + f"tags: {tags}\n") == [
        "docs/playbooks/x.md:4: a page has 1 to 6 tags, this one has 7 — keep the 6 most useful"
    ]


def test_seven_tags_on_a_workshop_part(vocabulary: Vocabulary) -> None:
    tags = "[retrospective, feedback, workshop, facilitation, mentoring, onboarding, leadership]"
    assert problems(vocabulary, "workshops/w/handout.md", TITLE + SUMMARY + f"tags: {tags}\n") == [
        "docs/workshops/w/handout.md:4: a page has 0 to 6 tags, this one has 7 — keep the 6 most useful"
    ]


def test_tag_listed_twice_by_name_and_by_alias(vocabulary: Vocabulary) -> None:
    front_matter = TITLE + SUMMARY + "tags: [retrospective, feedback, retro, Feedback]\n"
    assert problems(vocabulary, "playbooks/x.md", front_matter) == [
        "docs/playbooks/x.md:4: the 3rd tag 'retro' (an alias of 'retrospective') is listed twice — remove one",
        "docs/playbooks/x.md:4: the 4th tag 'Feedback' is listed twice — remove one",
    ]


def test_a_tag_that_is_not_text(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", TITLE + SUMMARY + "tags: [retro, 2026]\n") == [
        "docs/playbooks/x.md:4: the 2nd tag must be a tag name, but YAML reads 2026 as the number 2026 — "
        'put it in quotes: "2026"'
    ]


# -- lessons: action items ---------------------------------------------------------------------------


def lesson_with(action: str) -> str:
    return LESSON.replace("actions: []\n", "actions:\n" + action)


def test_action_without_owner(vocabulary: Vocabulary) -> None:
    action = "  - what: Book the room\n    status: open\n    due: 2026-04-01\n"
    assert problems(vocabulary, "lessons/x.md", lesson_with(action)) == [
        "docs/lessons/x.md:7: 'owner' of the 1st action is missing — add it to this entry, e.g. owner: Learning Guild"
    ]


def test_action_with_a_bad_status_suggests_one(vocabulary: Vocabulary) -> None:
    action = "  - what: Book the room\n    owner: Ada\n    status: in progress\n    due: 2026-04-01\n"
    assert problems(vocabulary, "lessons/x.md", lesson_with(action)) == [
        "docs/lessons/x.md:9: 'status' of the 1st action is 'in progress' — "
        "did you mean 'in-progress'? use one of: open, in-progress, done, dropped"
    ]


def test_action_with_an_unknown_status(vocabulary: Vocabulary) -> None:
    action = "  - what: Book the room\n    owner: Ada\n    status: someday\n    due: 2026-04-01\n"
    assert problems(vocabulary, "lessons/x.md", lesson_with(action)) == [
        "docs/lessons/x.md:9: 'status' of the 1st action is 'someday' — use one of: open, in-progress, done, dropped"
    ]


def test_action_with_a_bad_due_date(vocabulary: Vocabulary) -> None:
    action = "  - what: Book the room\n    owner: Ada\n    status: open\n    due: next sprint\n"
    assert problems(vocabulary, "lessons/x.md", lesson_with(action)) == [
        "docs/lessons/x.md:10: 'due' of the 1st action 'next sprint' is not a date — write it as YYYY-MM-DD"
    ]


def test_action_due_may_be_in_the_future_or_past(vocabulary: Vocabulary) -> None:
    action = "  - {what: A, owner: Ada, status: done, due: 2025-01-01}\n  - {what: B, owner: Bo, status: open, due: 2030-01-01}\n"
    assert len(read(vocabulary, "lessons/x.md", lesson_with(action)).actions) == 2


def test_action_with_an_unknown_field_and_not_a_mapping(vocabulary: Vocabulary) -> None:
    action = "  - {what: A, owner: Ada, status: open, due: 2026-04-01, whom: Bo}\n  - Book the room\n"
    assert problems(vocabulary, "lessons/x.md", lesson_with(action)) == [
        "docs/lessons/x.md:7: unknown field 'whom' in the 1st action — use what, owner, status, due, closed",
        "docs/lessons/x.md:8: the 2nd action must be an item with what, owner, status, due, closed, "
        "not the text 'Book the room' — write it as '1: …' (an item with what, owner, status, due, closed)",
    ]


def test_a_closed_action_may_say_when_it_was_closed(vocabulary: Vocabulary) -> None:
    action = (
        "  - {what: A, owner: Ada, status: done, due: 2026-01-01, closed: 2026-01-05}\n"
        "  - {what: B, owner: Bo, status: dropped, due: 2026-01-01, closed: '2026-02-01'}\n"
        "  - {what: C, owner: Cy, status: done, due: 2026-01-01}\n"
    )
    found = read(vocabulary, "lessons/x.md", lesson_with(action)).actions
    assert [item.closed for item in found] == [dt.date(2026, 1, 5), dt.date(2026, 2, 1), None]


def test_an_item_closed_before_the_lesson_happened_is_refused(vocabulary: Vocabulary) -> None:
    action = "  - {what: A, owner: Ada, status: done, due: 2026-01-01, closed: 2026-01-04}\n"
    assert problems(vocabulary, "lessons/x.md", lesson_with(action)) == [
        "docs/lessons/x.md:7: 'closed' of the 1st action 2026-01-04 is before the lesson happened (2026-01-05) "
        "— use the day the item was finished or dropped, which comes after what the lesson is about"
    ]


def test_closed_dates_in_the_future_on_open_items_or_not_dates_are_refused(vocabulary: Vocabulary) -> None:
    action = (
        "  - {what: A, owner: Ada, status: done, due: 2025-01-01, closed: 2099-01-03}\n"
        "  - {what: B, owner: Bo, status: in-progress, due: 2026-01-01, closed: 2026-02-01}\n"
        "  - {what: C, owner: Cy, status: done, due: 2025-01-01, closed: last week}\n"
    )
    assert problems(vocabulary, "lessons/x.md", lesson_with(action)) == [
        "docs/lessons/x.md:7: 'closed' of the 1st action 2099-01-03 is in the future — use the date it happened",
        "docs/lessons/x.md:8: 'closed' of the 2nd action is set but the item is still in-progress — "
        "set status: done or dropped, or remove the closed date",
        "docs/lessons/x.md:9: 'closed' of the 3rd action 'last week' is not a date — write it as YYYY-MM-DD",
    ]


# -- workshops ---------------------------------------------------------------------------------------


def test_agenda_that_does_not_add_up(vocabulary: Vocabulary) -> None:
    front_matter = WORKSHOP.replace("minutes: 45", "minutes: 30")
    assert problems(vocabulary, "workshops/w/index.md", front_matter) == [
        "docs/workshops/w/index.md:7: the agenda adds up to 45 minutes but 'duration' is 60 — "
        "change the items' minutes or set duration: 45"
    ]


def test_empty_agenda(vocabulary: Vocabulary) -> None:
    front_matter = WORKSHOP[: WORKSHOP.index("agenda:")] + "agenda: []\n"
    assert problems(vocabulary, "workshops/w/index.md", front_matter) == [
        "docs/workshops/w/index.md:7: 'agenda' is empty — add items like '- {item: Welcome, minutes: 10}'"
    ]


def test_agenda_item_with_bad_minutes_is_not_also_a_sum_mismatch(vocabulary: Vocabulary) -> None:
    front_matter = WORKSHOP.replace("minutes: 45", "minutes: 0")
    assert problems(vocabulary, "workshops/w/index.md", front_matter) == [
        "docs/workshops/w/index.md:11: 'minutes' of the 2nd agenda item is 0; it must be 1 to 480 — fix the number"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10", "'duration' is 10; it must be 15 to 480 — fix the number"),
        ("481", "'duration' is 481; it must be 15 to 480 — fix the number"),
        (
            "1 hour",
            "'duration' must be a whole number of minutes, not the text '1 hour' — "
            "write it as 'duration: …' (a whole number of minutes)",
        ),
        (
            "60.5",
            "'duration' must be a whole number of minutes, but YAML reads 60.5 as the number 60.5 — "
            'put it in quotes: duration: "60.5"',
        ),
        (
            "true",
            "'duration' must be a whole number of minutes, but YAML reads true as the boolean true — "
            'put it in quotes: duration: "true"',
        ),
    ],
)
def test_duration_out_of_range_or_not_a_number(vocabulary: Vocabulary, value: str, expected: str) -> None:
    front_matter = WORKSHOP.replace("duration: 60", f"duration: {value}")
    assert problems(vocabulary, "workshops/w/index.md", front_matter) == [
        f"docs/workshops/w/index.md:5: {expected}"
    ]


# -- title and summary -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Hi", "'title' has 2 characters; it must have 3 to 90 — write a little more"),
        ("T" * 91, "'title' has 91 characters; it must have 3 to 90 — shorten it"),
        (
            '"<script>alert(1)</script>"',
            "'title' contains HTML — write plain text: front matter is never HTML",
        ),
        ("Retros <b>done</b> right", "'title' contains HTML — write plain text: front matter is never HTML"),
        (
            '"Bell\\a here"',
            "'title' contains line breaks or invisible characters (U+0007) — "
            "write it on one line as plain text",
        ),
        (
            '"Evil \\u202eright to left"',
            "'title' contains line breaks or invisible characters (U+202E) — "
            "write it on one line as plain text",
        ),
        (
            '"Zero\\u200bwidth"',
            "'title' contains line breaks or invisible characters (U+200B) — "
            "write it on one line as plain text",
        ),
        (
            '"Two\\nlines"',
            "'title' contains line breaks or invisible characters (line break) — "
            "write it on one line as plain text",
        ),
        (
            '"Line\\u2028separator"',
            "'title' contains line breaks or invisible characters (U+2028) — "
            "write it on one line as plain text",
        ),
    ],
)
def test_bad_title(vocabulary: Vocabulary, title: str, expected: str) -> None:
    front_matter = f"title: {title}\n" + SUMMARY + "tags: [retro]\n"
    assert problems(vocabulary, "playbooks/x.md", front_matter) == [f"docs/playbooks/x.md:2: {expected}"]


@pytest.mark.parametrize("title", ["Café culture: a < b & “quotes”", "Q&A sessions", "Ünïcödé 日本語 title"])
def test_plain_text_titles_with_punctuation_are_fine(vocabulary: Vocabulary, title: str) -> None:
    page = read(vocabulary, "playbooks/x.md", f"title: '{title}'\n" + SUMMARY + "tags: [retro]\n")
    assert page.title == title


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Too short", "'summary' has 9 characters; it must have 20 to 300 — write a little more"),
        ("S" * 301, "'summary' has 301 characters; it must have 20 to 300 — shorten it"),
        (
            "'Click <img src=x onerror=alert(1)> to learn more'",
            "'summary' contains HTML — write plain text: front matter is never HTML",
        ),
    ],
)
def test_bad_summary(vocabulary: Vocabulary, summary: str, expected: str) -> None:
    front_matter = TITLE + f"summary: {summary}\n" + "tags: [retro]\n"
    assert problems(vocabulary, "playbooks/x.md", front_matter) == [f"docs/playbooks/x.md:3: {expected}"]


# -- Material's keys (inserted into templates unescaped) ---------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "status: 'new\"><script>x()</script>'",
            "'status' is 'new\"><script>x()</script>' — write it as 'status: new' (letters, digits, hyphens)",
        ),
        (
            "icon: ../../../../etc/passwd",
            "'icon' is '../../../../etc/passwd' — "
            "write it as 'icon: material/school' (letters, digits, hyphens)",
        ),
        (
            "template: ../main.html",
            "'template' is '../main.html' — write it as 'template: home.html' (letters, digits, hyphens)",
        ),
        (
            "hide: navigation",
            "'hide' is 'navigation' — write a list of: navigation, toc, footer, feedback, path, tags",
        ),
        (
            "hide: [sidebar]",
            "'hide' is ['sidebar'] — write a list of: navigation, toc, footer, feedback, path, tags",
        ),
        ("search: true", "'search' is True — write 'search: {exclude: true}' or 'search: {boost: 2}'"),
        (
            "search: {boost: many}",
            "'search' is {'boost': 'many'} — write 'search: {exclude: true}' or 'search: {boost: 2}'",
        ),
    ],
)
def test_material_keys_are_checked(vocabulary: Vocabulary, line: str, expected: str) -> None:
    assert problems(vocabulary, "playbooks/x.md", PLAYBOOK + line + "\n") == [
        f"docs/playbooks/x.md:5: {expected}"
    ]


# -- the playbook's own fields -----------------------------------------------------------------------


def test_bad_cadence_suggests_one(vocabulary: Vocabulary) -> None:
    assert problems(vocabulary, "playbooks/x.md", PLAYBOOK + "cadence: monthy\n") == [
        "docs/playbooks/x.md:5: 'cadence' is 'monthy' — did you mean 'monthly'? "
        "use one of: weekly, fortnightly, monthly, quarterly, yearly, as-needed"
    ]


def test_every_problem_is_reported_at_once(vocabulary: Vocabulary) -> None:
    front_matter = "title: no\nsummary: short\ntags: [retros, nope]\ncadence: daily\n"
    assert problems(vocabulary, "playbooks/x.md", front_matter) == [
        "docs/playbooks/x.md:2: 'title' must be text, but YAML reads no as the boolean false — "
        'put it in quotes: title: "no"',
        "docs/playbooks/x.md:3: 'summary' has 5 characters; it must have 20 to 300 — write a little more",
        "docs/playbooks/x.md:4: the 2nd tag 'nope' is not in docs/tags.yml — the nearest tags in docs/tags.yml "
        "are 'retrospective', 'workshop' and 'feedback': use one, or add the new tag there with a description",
        "docs/playbooks/x.md:5: 'cadence' is 'daily' — use one of: weekly, fortnightly, monthly, quarterly, "
        "yearly, as-needed",
    ]


def test_an_invalid_page_is_still_a_page_marked_invalid(tmp_path: Path, vocabulary: Vocabulary) -> None:
    page, found = page_from_text(
        "playbooks/x.md", "docs/playbooks/x.md", "---\ntitle: no\n---\n", vocabulary, TODAY
    )
    assert page is not None and not page.valid
    assert page.title == "X"  # from the file name, so lists and the nav still have something to show
    assert len(found) == 3


def test_front_matter_that_is_not_yaml_is_one_problem_not_a_list_of_missing_fields(
    vocabulary: Vocabulary,
) -> None:
    assert problems(vocabulary, "playbooks/x.md", "title: Retros: in practice\n" + SUMMARY) == [
        "docs/playbooks/x.md:2: the front matter is not valid YAML (mapping values are not allowed in this "
        "context) — check the indentation, and put values containing ': ' or starting with a quote, '[', '{', "
        "'*', '&', '!' or '@' in quotes"
    ]
    assert problems(vocabulary, "playbooks/x.md", "- title\n") == [
        "docs/playbooks/x.md:2: the front matter must be a mapping, not a list — "
        "write one 'field: value' per line, e.g. 'title: My page'"
    ]
