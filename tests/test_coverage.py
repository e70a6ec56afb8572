"""The real wiki covers the practices of a learning culture: a page of the right type for each, every tag
in use on at least two pages, and every workshop kit with an invitation and a feedback form.

The checks are small functions tried first on pages of our own, so each is known to fail when it should;
then they run on docs/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from learning_commons.content import read_wiki
from learning_commons.model import Kind, Page, Part, Wiki
from learning_commons.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"
MIN_PAGES_PER_TAG = 2
PLAYBOOK_WORDS = (500, 1200)  # the contributing guide's range for a playbook


@dataclass(frozen=True)
class Practice:
    """A practice the wiki must have material for: pages of ``kind`` whose title or tags name every term."""

    name: str
    kind: Kind
    terms: tuple[str, ...]
    at_least: int = 1


PRACTICES = (
    Practice("mentoring and onboarding", Kind.PLAYBOOK, ("mentor", "onboard")),
    Practice("a shared vision for learning", Kind.WORKSHOP, ("shared vision",)),
    Practice("communities of practice", Kind.PLAYBOOK, ("community of practice",)),
    Practice("e-learning and self-paced modules", Kind.PLAYBOOK, ("e-learning",)),
    Practice("curating a knowledge base", Kind.PLAYBOOK, ("knowledge base",)),
    Practice("a learning review of a success", Kind.PLAYBOOK, ("learning review", "success")),
    Practice("lessons about things that went well", Kind.LESSON, ("success",), at_least=2),
    Practice("open forum templates", Kind.PLAYBOOK, ("open forum", "template")),
    Practice("workshops as a regular programme", Kind.PLAYBOOK, ("workshop", "programme")),
)

# The sections every kit has (the contributing guide, "Write a workshop"): heading, what its body must hold.
KIT_SECTIONS = {
    Part.FACILITATOR_GUIDE: ("Send the invitation", "the text to send, quoted", re.compile(r"^> \S", re.M)),
    Part.HANDOUT: ("Feedback form", "a table of questions", re.compile(r"^\|.*\|.*\|[ \t]*$", re.M)),
}


def words_of(text: str) -> str:
    """Lowercase words separated by single spaces, hyphens kept: 'E-learning, Self-paced' -> 'e-learning self-paced'."""
    return " ".join(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.casefold()))


def names(page: Page, term: str) -> bool:
    """Whether the page's title or one of its tags names ``term``; a term matches at the start of a word,
    so 'mentor' names 'Mentoring', and a tag's hyphens read as spaces unless the term has one."""
    texts = [page.title, *page.tags, *(tag.replace("-", " ") for tag in page.tags)]
    pattern = re.compile(rf"(?<![\w-]){re.escape(words_of(term))}")
    return any(pattern.search(words_of(text)) for text in texts)


def uncovered(pages: list[Page], practices: tuple[Practice, ...]) -> list[str]:
    """Each practice with fewer pages of its kind naming it than it needs, with the pages that do."""
    missing = []
    for practice in practices:
        found = [
            page.src_uri
            for page in pages
            if page.kind is practice.kind and all(names(page, term) for term in practice.terms)
        ]
        if len(found) < practice.at_least:
            missing.append(
                f"{practice.name}: {len(found)} {practice.kind.value} page(s) naming "
                f"{' + '.join(practice.terms)} in the title or tags, at least {practice.at_least} needed {found}"
            )
    return missing


def thin_tags(pages: list[Page], vocabulary: list[str]) -> dict[str, list[str]]:
    """Tags of the vocabulary on fewer than MIN_PAGES_PER_TAG pages, with the pages that carry them."""
    carried: dict[str, list[str]] = {tag: [] for tag in vocabulary}
    for page in pages:
        for tag in page.tags:
            carried.setdefault(tag, []).append(page.src_uri)
    return {tag: found for tag, found in carried.items() if len(found) < MIN_PAGES_PER_TAG}


def section(markdown: str, heading: str) -> str | None:
    """The body under the level-2 ``heading`` up to the next level-2 heading, or None without it."""
    match = re.search(rf"^## {re.escape(heading)}[ \t]*\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return match[1] if match else None


def kit_gaps(pages: list[Page], read: dict[str, str]) -> list[str]:
    """Each workshop's missing part or section of KIT_SECTIONS (``read``: Markdown by src_uri)."""
    gaps = []
    for overview in (page for page in pages if page.kind is Kind.WORKSHOP):
        for part, (heading, holds, content) in KIT_SECTIONS.items():
            member = next(
                (page for page in pages if page.workshop == overview.workshop and page.part is part), None
            )
            if member is None:
                gaps.append(f"{overview.workshop}: no {part.value} page")
                continue
            body = section(read[member.src_uri], heading)
            if body is None or not content.search(body):
                gaps.append(f"{member.src_uri}: no '## {heading}' section with {holds}")
    return gaps


def page(
    src_uri: str,
    kind: Kind,
    title: str,
    tags: tuple[str, ...] = (),
    workshop: str | None = None,
    part: Part | None = None,
) -> Page:
    summary = "A page of the coverage tests."
    return Page(src_uri, f"docs/{src_uri}", kind, title, summary, tags, workshop=workshop, part=part)


# -- the checks, on pages of our own ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "tags", "term", "expected"),
    [
        ("Mentor and onboard through learning", (), "mentor", True),
        ("A page", ("mentoring",), "mentor", True),  # a tag names it
        ("Tormentors of the build", (), "mentor", False),  # only at the start of a word
        ("A page", ("community-of-practice",), "community of practice", True),
        ("Choose e-learning", (), "e-learning", True),
        ("A page", ("e-learning",), "e-learning", True),
        ("Self-paced learning", (), "e-learning", False),
        ("A page", ("knowledge-base",), "knowledge base", True),
        ("Our knowledge, base camp", (), "knowledge base", True),  # punctuation does not split a phrase
        ("Open forum templates", (), "template", True),
        ("Open forum", ("open-forum",), "template", False),
    ],
)
def test_a_page_names_a_term_in_its_title_or_tags(
    title: str, tags: tuple[str, ...], term: str, expected: bool
) -> None:
    assert names(page("playbooks/p.md", Kind.PLAYBOOK, title, tags), term) is expected


def test_a_practice_needs_pages_of_its_own_kind() -> None:
    practices = (
        Practice("vision", Kind.WORKSHOP, ("shared vision",)),
        Practice("went well", Kind.LESSON, ("success",), at_least=2),
        Practice("forum templates", Kind.PLAYBOOK, ("open forum", "template")),
    )
    pages = [
        page("playbooks/vision.md", Kind.PLAYBOOK, "Our shared vision"),  # a playbook, not a workshop
        page("lessons/a.md", Kind.LESSON, "It went well", ("success",)),
        page("playbooks/forum.md", Kind.PLAYBOOK, "Open forum templates"),
    ]
    assert uncovered(pages, practices) == [
        "vision: 0 workshop page(s) naming shared vision in the title or tags, at least 1 needed []",
        "went well: 1 lesson page(s) naming success in the title or tags, at least 2 needed ['lessons/a.md']",
    ]
    pages += [
        page("workshops/v/index.md", Kind.WORKSHOP, "Vision", ("shared-vision",)),
        page("lessons/b.md", Kind.LESSON, "A success"),
    ]
    assert uncovered(pages, practices) == []


def test_a_tag_on_fewer_than_two_pages_is_thin() -> None:
    pages = [
        page("playbooks/a.md", Kind.PLAYBOOK, "A", ("mentoring", "onboarding")),
        page("lessons/b.md", Kind.LESSON, "B", ("mentoring",)),
    ]
    assert thin_tags(pages, ["mentoring", "onboarding", "e-learning"]) == {
        "onboarding": ["playbooks/a.md"],
        "e-learning": [],
    }


KIT = "workshops/k"
GUIDE = (
    "## Send the invitation\n\nThree weeks ahead.\n\n> **Subject:** A workshop\n\n## 0:00 to 0:10 Welcome\n"
)
HANDOUT = "## Checklist\n\n- [ ] Done\n\n## Feedback form\n\n| Question | Answer |\n|---|---|\n| Useful? | 1 to 5 |\n"


@pytest.mark.parametrize(
    ("guide", "handout", "expected"),
    [
        (GUIDE, HANDOUT, []),
        (
            GUIDE.replace("Send the invitation", "Invite people"),
            HANDOUT,
            [
                "workshops/k/facilitator-guide.md: no '## Send the invitation' section with the text to send, quoted"
            ],
        ),
        (  # the heading without the text to send
            GUIDE.replace("> **Subject:** A workshop", "Write an invitation."),
            HANDOUT,
            [
                "workshops/k/facilitator-guide.md: no '## Send the invitation' section with the text to send, quoted"
            ],
        ),
        (  # the table belongs to another section
            GUIDE,
            "## Feedback form\n\nAsk people.\n\n## Table\n\n| a | b |\n",
            ["workshops/k/handout.md: no '## Feedback form' section with a table of questions"],
        ),
        (GUIDE, None, ["workshops/k: no handout page"]),
    ],
)
def test_every_kit_needs_an_invitation_and_a_feedback_form(
    guide: str, handout: str | None, expected: list[str]
) -> None:
    pages = [
        page(f"{KIT}/index.md", Kind.WORKSHOP, "Kit", workshop=KIT, part=Part.OVERVIEW),
        page(
            f"{KIT}/facilitator-guide.md",
            Kind.WORKSHOP_PART,
            "Guide",
            workshop=KIT,
            part=Part.FACILITATOR_GUIDE,
        ),
    ]
    read = {f"{KIT}/facilitator-guide.md": guide}
    if handout is not None:
        pages.append(
            page(f"{KIT}/handout.md", Kind.WORKSHOP_PART, "Handout", workshop=KIT, part=Part.HANDOUT)
        )
        read[f"{KIT}/handout.md"] = handout
    assert kit_gaps(pages, read) == expected


# -- the real wiki -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wiki() -> Wiki:
    read = read_wiki(DOCS, Settings())
    assert [str(problem) for problem in read.errors] == []
    return read


def test_every_practice_has_material(wiki: Wiki) -> None:
    assert uncovered(list(wiki.pages.values()), PRACTICES) == []


def test_every_tag_in_the_vocabulary_is_on_at_least_two_pages(wiki: Wiki) -> None:
    assert wiki.vocabulary is not None and wiki.vocabulary.tags
    assert thin_tags(list(wiki.pages.values()), list(wiki.vocabulary.tags)) == {}


def test_every_workshop_kit_has_an_invitation_and_a_feedback_form(wiki: Wiki) -> None:
    pages = list(wiki.pages.values())
    assert any(page.kind is Kind.WORKSHOP for page in pages)
    read = {
        page.src_uri: (DOCS / page.src_uri).read_text(encoding="utf-8") for page in pages if page.workshop
    }
    assert kit_gaps(pages, read) == []


def test_every_playbook_has_the_length_the_guide_asks_for(wiki: Wiki) -> None:
    low, high = PLAYBOOK_WORDS
    playbooks = {page.src_uri: page.words for page in wiki.pages.values() if page.kind is Kind.PLAYBOOK}
    assert playbooks
    assert {src_uri: words for src_uri, words in playbooks.items() if not low <= words <= high} == {}
