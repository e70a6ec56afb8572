"""Pure core tests for the printed editions of a workshop: what the participant pack leaves out, role cards,
writing space. The HTML is shaped as Python-Markdown, admonitions and pymdownx.tabbed write it."""

from __future__ import annotations

import re

import pytest
from learning_commons.headings import text_of
from learning_commons.packs import as_cards, for_participants, link_targets, with_writing_space

NOTE = (
    '<div class="admonition facilitator"><p class="admonition-title">Facilitator note</p>'
    "<p>secret {n}</p><div><p>nested block</p></div></div>"
)
COLLAPSED_NOTE = '<details class="facilitator"><summary>Note</summary><p>secret {n}</p></details>'


def heading(level: int, text: str) -> str:
    slug = re.sub(r"\W+", "-", text.lower()).strip("-")
    return f'<h{level} id="{slug}">{text}<a class="headerlink" href="#{slug}">&para;</a></h{level}>'


@pytest.mark.parametrize("note", [NOTE, COLLAPSED_NOTE], ids=["admonition", "collapsible"])
def test_participants_get_no_facilitator_note_and_everything_around_it(note: str) -> None:
    html = f"<p>before</p>{note.format(n=1)}<p>between</p>{note.format(n=2)}<p>after</p>"
    kept = for_participants(html)
    assert "secret" not in kept and "nested block" not in kept
    assert kept == "<p>before</p><p>between</p><p>after</p>"


def test_a_note_class_that_only_contains_the_word_stays() -> None:
    html = '<div class="admonition facilitators-welcome"><p>kept</p></div>'
    assert for_participants(html) == html


@pytest.mark.parametrize("title", ["Facilitators", "Facilitator preparation", "Debrief questions", "Debrief"])
def test_participants_get_no_section_for_facilitators_up_to_the_next_heading_of_its_level(title: str) -> None:
    html = (
        heading(2, "Preparation")
        + heading(3, title)
        + "<ul><li>secret</li></ul>"
        + heading(4, "Deeper")
        + "<p>secret too</p>"
        + heading(3, "Participants")
        + "<p>kept</p>"
        + heading(2, "Materials")
    )
    kept = for_participants(html)
    assert "secret" not in kept and "Deeper" not in kept
    assert [text_of(h) for h in re.findall(r"<h\d.*?</h\d>", kept)] == [
        "Preparation",
        "Participants",
        "Materials",
    ]


def test_a_section_for_facilitators_inside_a_block_ends_where_the_block_ends() -> None:
    html = (
        '<div class="tabbed-block">'
        + heading(3, "Debrief questions")
        + "<div><p>secret</p></div></div><p>after the block</p>"
        + heading(2, "Next")
    )
    assert for_participants(html) == '<div class="tabbed-block"></div><p>after the block</p>' + heading(
        2, "Next"
    )


def test_headings_that_only_mention_facilitators_stay() -> None:
    html = heading(2, "Who facilitates") + "<p>kept</p>" + heading(2, "Our facilitator debrief")
    assert for_participants(html) == html


def tab_set(labels: list[str], blocks: list[str]) -> str:
    inputs = "".join(
        f'<input id="__tabbed_1_{n}" name="__tabbed_1" type="radio" />' for n in range(1, len(labels) + 1)
    )
    label_html = "".join(f'<label for="__tabbed_1_{n}">{label}</label>' for n, label in enumerate(labels, 1))
    block_html = "".join(f'<div class="tabbed-block">\n{block}\n</div>\n' for block in blocks)
    return (
        f'<div class="tabbed-set tabbed-alternate" data-tabs="1:{len(labels)}">{inputs}'
        f'<div class="tabbed-labels">{label_html}</div>\n<div class="tabbed-content">\n{block_html}</div>\n</div>'
    )


def test_tabbed_sets_become_one_card_per_tab_with_its_label() -> None:
    html = "<p>Roles:</p>" + tab_set(
        ["Giver", "Receiver &amp; co"], ["<p>give</p>", "<div><p>take</p></div>"]
    )
    cards = as_cards(html + "<p>after</p>")
    assert cards == (
        '<p>Roles:</p><div class="lc-cards">'
        '<div class="lc-card"><p class="lc-card__title">Giver</p>\n<p>give</p>\n</div>'
        '<div class="lc-card"><p class="lc-card__title">Receiver &amp; co</p>\n<div><p>take</p></div>\n</div>'
        "</div><p>after</p>"
    )
    assert "<input" not in cards


def test_a_tab_set_of_another_shape_stays_tabs() -> None:
    odd = '<div class="tabbed-set"><div class="tabbed-labels"><label>One</label><label>Two</label></div>'
    odd += '<div class="tabbed-content"><div class="tabbed-block"><p>only one</p></div></div></div>'
    assert as_cards(odd) == odd


def test_sections_headed_my_get_lines_to_write_on_at_their_end() -> None:
    html = (
        heading(2, "Checklist")
        + "<p>read</p>"
        + heading(2, "My commitment")
        + "<p>In my next retrospective, I will …</p>"
        + heading(2, "My talk")
        + "<p>Promise and date.</p>"
    )
    written = with_writing_space(html)
    assert written.count('<div class="lc-write"') == 2
    assert written.index("I will …") < written.index("lc-write") < written.index("My talk")
    assert written.endswith(
        "Promise and date.</p>" + re.findall(r'<div class="lc-write".*?</div>', written)[1]
    )
    assert with_writing_space(heading(2, "Mystery") + "<p>x</p>") == heading(2, "Mystery") + "<p>x</p>"


def test_links_between_printed_pages_become_anchors_and_others_carry_their_address() -> None:
    change = link_targets(
        "workshops/w/participant-pack", {"workshops/w/": "overview", "workshops/w/x/": "x"}, ""
    )
    assert change('<a href="../x/#step-2">') == '<a href="#x-step-2">'
    assert change('<a href="../">') == '<a href="#overview">'
    assert (
        change('<a href="../../../lessons/a/">')
        == '<a href="../../../lessons/a/" data-lc-print-url="lessons/a/">'
    )
    for untouched in (
        '<a href="#here">',
        '<a href="https://e.org/">',
        '<a href="/root/">',
        '<img src="a.png">',
    ):
        assert change(untouched) == untouched
    assert change('<a href="../../../../../up/">') == '<a href="../../../../../up/">'
