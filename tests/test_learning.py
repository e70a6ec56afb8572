"""Pure core tests for the learning features: action items, workshop kits, review cycles, connections."""

from __future__ import annotations

import datetime as dt
import re

from learning_commons.actions import (
    actions_page,
    lesson_actions_html,
    open_actions,
    overdue_problems,
    with_lesson_actions,
)
from learning_commons.links import backlinks, link_targets, outgoing_links, related_pages, resolve
from learning_commons.model import ActionItem, AgendaItem, Kind, Page, Part, Period
from learning_commons.review import (
    due_reviews,
    review_markdown,
    review_of,
    review_page,
    review_words,
    reviews,
)
from learning_commons.workshops import (
    Edition,
    Kit,
    agenda_html,
    clock_offset,
    kit_files,
    kit_html,
    kits,
    run_sheet_html,
)

TODAY = dt.date(2026, 6, 15)


def page(src_uri: str, kind: Kind = Kind.PLAYBOOK, body: str = "", **fields: object) -> Page:
    """A page as read_wiki makes it; ``body`` is its Markdown, of which the model keeps the links."""
    values: dict[str, object] = {"title": src_uri.rsplit("/", 1)[-1][:-3].title(), "summary": "A summary."}
    values.update(fields, links=link_targets(body))
    return Page(src_uri=src_uri, path=f"docs/{src_uri}", kind=kind, **values)  # type: ignore[arg-type]


def item(what: str, owner: str, status: str, due: dt.date, line: int = 7) -> ActionItem:
    return ActionItem(what, owner, status, due, line)


# -- action items ------------------------------------------------------------------------------------


LESSONS = {
    "lessons/a.md": page(
        "lessons/a.md",
        Kind.LESSON,
        actions=(
            item("Write the runbook", "Ada", "open", dt.date(2026, 6, 1), 8),
            item("Book the room", "Ben", "done", dt.date(2026, 5, 1)),
            item("Train facilitators", "Ben", "in-progress", dt.date(2026, 7, 1)),
        ),
    ),
    "lessons/b.md": page(
        "lessons/b.md",
        Kind.LESSON,
        actions=(
            item("Rename the channel", "Ada", "dropped", dt.date(2026, 1, 1)),
            item("Survey again", "Cy", "open", dt.date(2026, 3, 1), 12),
        ),
    ),
    "playbooks/p.md": page("playbooks/p.md"),
}


def test_open_actions_are_overdue_first_then_by_due_date() -> None:
    found = open_actions(LESSONS, TODAY)
    assert [(a.item.what, a.overdue) for a in found] == [
        ("Survey again", True),
        ("Write the runbook", True),
        ("Train facilitators", False),
    ]


def test_an_item_due_today_is_not_overdue() -> None:
    lessons = {"lessons/a.md": page("lessons/a.md", Kind.LESSON, actions=(item("x", "Ada", "open", TODAY),))}
    assert [a.overdue for a in open_actions(lessons, TODAY)] == [False]


def test_overdue_items_become_warnings_with_their_line() -> None:
    messages = [str(problem) for problem in overdue_problems(open_actions(LESSONS, TODAY))]
    assert messages == [
        "docs/lessons/b.md:12: the action item 'Survey again' (Cy) was due 2026-03-01 and is still open — "
        "finish it and set status: done, move its due date, or set status: dropped",
        "docs/lessons/a.md:8: the action item 'Write the runbook' (Ada) was due 2026-06-01 and is still open — "
        "finish it and set status: done, move its due date, or set status: dropped",
    ]


def test_actions_page_groups_by_owner_with_overdue_owners_first() -> None:
    html = actions_page(LESSONS, TODAY).text
    assert html.index("<h2>Ada</h2>") < html.index("<h2>Cy</h2>") < html.index("<h2>Ben</h2>")
    assert "3 open, 2 overdue" in html
    assert "Book the room" not in html  # done items are counted, not listed
    assert "<td>1 of 3</td>" in html  # lesson a: one of three done


def test_lesson_table_marks_overdue_and_links_to_all_actions() -> None:
    html = lesson_actions_html(LESSONS["lessons/a.md"], TODAY)
    assert html.count("<tr>") == 4  # header and three items
    assert "Overdue (open)" in html
    assert "1 of 3 done" in html
    assert 'href="../actions/"' in html


AUTHORS_SECTION = (
    '<h2 id="what-we-change">What we change</h2><p>Change.</p>'
    '<h2 id="action-items">Action items<a class="headerlink" href="#action-items">&para;</a></h2>'
    "<p>The runbook is written.</p>"
)


def test_the_action_table_goes_under_the_authors_action_items_heading_above_their_words() -> None:
    html = with_lesson_actions(AUTHORS_SECTION, LESSONS["lessons/a.md"], TODAY)
    assert html.count('id="action-items"') == 1 and html.count(">Action items<") == 1
    assert html.index(">Action items<") < html.index("1 of 3 done") < html.index("The runbook is written")
    assert html.index("<p>Change.</p>") < html.index(">Action items<")


def test_a_lesson_without_the_heading_gets_one_section_at_the_end() -> None:
    for text in ("<p>Only text.</p>", '<h3 id="action-items-x">Action items</h3><p>A sub-section.</p>'):
        html = with_lesson_actions(text, LESSONS["lessons/a.md"], TODAY)
        assert html.startswith(text) and html.count('<h2 id="action-items">Action items</h2>') == 1
        assert html.index('<h2 id="action-items">') < html.index("1 of 3 done")


def test_a_lesson_without_actions_keeps_its_text_as_written() -> None:
    assert with_lesson_actions(AUTHORS_SECTION, page("lessons/n.md", Kind.LESSON), TODAY) == AUTHORS_SECTION


def test_action_text_is_escaped() -> None:
    lessons = {
        "lessons/x.md": page("lessons/x.md", Kind.LESSON, actions=(item("<b>x</b>", "A&B", "open", TODAY),))
    }
    html = lesson_actions_html(lessons["lessons/x.md"], TODAY) + actions_page(lessons, TODAY).text
    assert "<b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "A&amp;B" in html


# -- workshop kits -----------------------------------------------------------------------------------


def test_clock_offsets() -> None:
    assert [clock_offset(m) for m in (0, 15, 60, 65, 135)] == ["0:00", "0:15", "1:00", "1:05", "2:15"]


def test_agenda_table_has_start_offsets_and_total() -> None:
    overview = page(
        "workshops/w/index.md",
        Kind.WORKSHOP,
        duration=75,
        agenda=(AgendaItem("Welcome", 10), AgendaItem("Practice", 50), AgendaItem("Close", 15)),
    )
    html = agenda_html(overview)
    offsets = [cell.split("<")[0] for cell in html.split('<td class="lc-offset">')[1:]]
    assert offsets == ["0:00", "0:10", "1:00"]
    assert "<td>75 min (1:15)</td>" in html


KIT_PAGES = {
    "workshops/w/index.md": page(
        "workshops/w/index.md", Kind.WORKSHOP, workshop="workshops/w", part=Part.OVERVIEW
    ),
    "workshops/w/handout.md": page(
        "workshops/w/handout.md", Kind.WORKSHOP_PART, workshop="workshops/w", part=Part.HANDOUT
    ),
    "workshops/w/exercises.md": page(
        "workshops/w/exercises.md", Kind.WORKSHOP_PART, workshop="workshops/w", part=Part.EXERCISE
    ),
    "workshops/w/facilitator-guide.md": page(
        "workshops/w/facilitator-guide.md",
        Kind.WORKSHOP_PART,
        workshop="workshops/w",
        part=Part.FACILITATOR_GUIDE,
    ),
    "workshops/lone/exercises.md": page(  # no overview: no kit
        "workshops/lone/exercises.md", Kind.WORKSHOP_PART, workshop="workshops/lone", part=Part.EXERCISE
    ),
}
# The parts as MkDocs renders them (what the adapter hands kit_html).
RENDERED = {
    "workshops/w/index.md": (
        '<h2 id="goals">Goals<a class="headerlink" href="#goals">&para;</a></h2>\n<p>Overview text, see '
        '<a href="exercises/#warm-up">the warm-up</a>, <a href="../other/">another workshop</a>, '
        '<a href="https://example.org/x">a site</a>, <a href="/abs/">the root</a> and <a href="#goals">goals</a>.'
        '</p>\n<p><img alt="Room" src="room.png" /> Text that shows id="literal" and <code>&lt;h2&gt;</code>.</p>'
    ),
    "workshops/w/exercises.md": (
        '<h1 id="one">One</h1>\n<p>Exercise text <a href="../#goals">back</a></p>\n'
        '<h2 id="goals">Goals</h2><h6 id="deep">Deep</h6>\n'
        '<div class="tabbed-set"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio" />'
        '<label for="__tabbed_1_1">Tab</label></div>'
    ),
    "workshops/w/handout.md": '<h2 id="goals">Goals</h2><p>Handout text</p>',
    "workshops/w/facilitator-guide.md": "<p>Guide text</p>",
}


def participant_and_facilitator_packs(pages: dict[str, Page]) -> tuple[Kit, Kit]:
    participant, facilitator = kits(pages, "https://wiki.example/")
    assert (participant.edition, facilitator.edition) == (Edition.PARTICIPANT, Edition.FACILITATOR)
    return participant, facilitator


def test_each_workshop_gets_a_participant_and_a_facilitator_pack_with_their_parts_in_order() -> None:
    participant, facilitator = participant_and_facilitator_packs(KIT_PAGES)
    assert participant.src_uri == "workshops/w/participant-pack.md"
    assert facilitator.src_uri == "workshops/w/facilitator-pack.md"
    assert participant.sources == (
        "workshops/w/index.md",
        "workshops/w/exercises.md",
        "workshops/w/handout.md",
    )
    assert facilitator.sources == (
        "workshops/w/index.md",
        "workshops/w/facilitator-guide.md",
        "workshops/w/exercises.md",
    )
    html = kit_html(participant, RENDERED)
    assert html.index("Overview text") < html.index("Exercise text") < html.index("Handout text")
    assert "Guide text" not in html and "Run sheet" not in html
    html = kit_html(facilitator, RENDERED)
    assert html.index("Run sheet") < html.index("Overview text") < html.index("Guide text")
    assert html.index("Guide text") < html.index("Exercise text") and "Handout text" not in html
    files = kit_files([participant, facilitator])
    assert [file.src_uri for file in files] == [participant.src_uri, facilitator.src_uri]
    assert all('"toc"' in file.content and '"exclude": true' in file.content for file in files)


def test_run_sheet_lists_the_agenda_with_start_times_and_a_column_for_the_clock() -> None:
    overview = page(
        "workshops/w/index.md",
        Kind.WORKSHOP,
        workshop="workshops/w",
        part=Part.OVERVIEW,
        facilitators=("Ada <b>",),
        agenda=(AgendaItem("Welcome & goals", 10), AgendaItem("Practice", 50), AgendaItem("Close", 15)),
    )
    sheet = run_sheet_html(overview)
    offsets = [cell.split("<")[0] for cell in sheet.split('<td class="lc-offset">')[1:]]
    assert offsets == ["0:00", "0:10", "1:00"]
    assert sheet.count('<td class="lc-clock"></td>') == 3
    assert "Welcome &amp; goals" in sheet and "Ada &lt;b&gt;" in sheet and "<td>75 min</td>" in sheet


def test_kit_shifts_headings_and_keeps_ids_unique() -> None:
    html = kit_html(kits(KIT_PAGES)[0], RENDERED)
    assert '<h3 id="overview-goals">Goals<a class="headerlink" href="#overview-goals">' in html
    assert '<h2 id="exercises-one">One</h2>' in html and '<h6 id="exercises-deep">Deep</h6>' in html
    assert '<h3 id="exercises-goals">' in html and '<h3 id="handout-goals">' in html
    assert 'id="literal"' in html and "<code>&lt;h2&gt;</code>" in html  # text is not markup
    facilitator_html = kit_html(kits(KIT_PAGES)[1], RENDERED)  # tabs stay tabs for the facilitators
    assert 'id="exercises-__tabbed_1_1" name="exercises-__tabbed_1"' in facilitator_html
    assert '<label for="exercises-__tabbed_1_1">' in facilitator_html


def test_kit_links_to_printed_parts_stay_on_the_page_and_others_print_their_address() -> None:
    html = kit_html(kits(KIT_PAGES, "https://wiki.example/")[0], RENDERED)
    # The exercises are printed here; they have no "warm-up" heading, so the link goes to their start.
    assert '<a href="#exercises">the warm-up</a>' in html
    assert '<a href="../../other/" data-lc-print-url="https://wiki.example/workshops/other/">' in html
    assert 'src="../room.png"' in html
    assert '<a href="https://example.org/x">' in html and '<a href="/abs/">' in html
    assert '<a href="#overview-goals">goals</a>' in html
    assert '<a href="#overview-goals">back</a>' in html  # the overview is printed too
    assert 'href="#overview">' not in html and '<h2 class="lc-kit-overview" id="overview">' in html


def test_a_link_into_a_section_the_participants_do_not_get_leads_to_its_part() -> None:
    rendered = RENDERED | {
        "workshops/w/index.md": '<p>See <a href="exercises/#debrief-questions">the debrief</a>.</p>',
        "workshops/w/exercises.md": '<h2 id="debrief-questions">Debrief questions</h2><p>Ask.</p>',
    }
    participant, facilitator = kits(KIT_PAGES)
    assert '<a href="#exercises">the debrief</a>' in kit_html(participant, rendered)
    assert '<a href="#exercises-debrief-questions">the debrief</a>' in kit_html(facilitator, rendered)


def test_kit_title_is_escaped_and_json_quoted_front_matter() -> None:
    overview = page(
        "workshops/w/index.md",
        Kind.WORKSHOP,
        title='Say "no" & <mean> it',
        workshop="workshops/w",
        part=Part.OVERVIEW,
    )
    participant, facilitator = kit_files(kits({overview.src_uri: overview}))
    quoted = '---\ntitle: "Say &quot;no&quot; &amp; &lt;mean&gt; it: '
    assert participant.content.startswith(quoted + 'participant pack"\n')
    assert facilitator.content.startswith(quoted + 'facilitator pack"\n')


# -- review cycles -----------------------------------------------------------------------------------


DEFAULTS = {"playbook": Period(12, "months"), "workshop": Period(6, "months")}


def test_review_counts_from_reviewed_or_else_the_last_update() -> None:
    declared = page("playbooks/a.md", reviewed=dt.date(2025, 1, 31), review_every=Period(1, "months"))
    review = review_of(declared, DEFAULTS, dt.date(2026, 1, 1))
    assert review is not None and review.due == dt.date(2025, 2, 28) and review.declared
    undeclared = review_of(page("playbooks/b.md"), DEFAULTS, dt.date(2026, 1, 10))
    assert undeclared is not None and undeclared.due == dt.date(2027, 1, 10) and not undeclared.declared


def test_lessons_and_pages_have_no_cycle_unless_they_declare_one() -> None:
    assert review_of(page("lessons/a.md", Kind.LESSON), DEFAULTS, TODAY) is None
    assert review_of(page("about/index.md", Kind.PAGE), DEFAULTS, TODAY) is None
    declared = review_of(page("about/index.md", Kind.PAGE, review_every=Period(2, "weeks")), DEFAULTS, TODAY)
    assert declared is not None and declared.due == TODAY + dt.timedelta(weeks=2)


def test_due_and_soon_are_split_and_sorted_most_overdue_first() -> None:
    pages = {
        "playbooks/late.md": page("playbooks/late.md", reviewed=dt.date(2025, 1, 1), owner="Ada"),
        "playbooks/later.md": page("playbooks/later.md", reviewed=dt.date(2025, 3, 1)),
        "playbooks/soon.md": page("playbooks/soon.md", reviewed=dt.date(2025, 7, 1)),
        "playbooks/fine.md": page("playbooks/fine.md", reviewed=dt.date(2026, 6, 1)),
    }
    due, soon = due_reviews(reviews(pages, DEFAULTS, {}), TODAY, 30)
    assert [r.page.src_uri for r in due] == ["playbooks/late.md", "playbooks/later.md"]
    assert [r.page.src_uri for r in soon] == ["playbooks/soon.md"]
    html = review_page(reviews(pages, DEFAULTS, {}), TODAY, 30).text
    assert "165 days overdue" in html and "in 16 days" in html and "Fine" not in html
    assert "contributing" not in html  # no guide in this wiki: no link to it
    with_guide = review_page(reviews(pages, DEFAULTS, {}), TODAY, 30, guide=True).text
    assert '<a href="../contributing/#review-cycles">contributing guide</a>' in with_guide
    body = review_markdown(reviews(pages, DEFAULTS, {}), TODAY, 30, "https://wiki.example/")
    assert (
        "- [ ] [`Late`](https://wiki.example/playbooks/late/) (`docs/playbooks/late.md`), owner: `Ada`, "
        "165 days overdue" in body
    )


def test_nothing_due_gives_an_empty_reminder() -> None:
    pages = {"playbooks/fine.md": page("playbooks/fine.md", reviewed=TODAY)}
    assert review_markdown(reviews(pages, DEFAULTS, {}), TODAY, 30, "") == ""


# -- backlinks and related pages ---------------------------------------------------------------------


def test_resolve_relative_links_with_anchors_and_directories() -> None:
    known = {"playbooks/a.md", "lessons/b.md", "workshops/w/index.md"}
    assert resolve("lessons/b.md", "../playbooks/a.md#steps", known) == "playbooks/a.md"
    assert resolve("lessons/b.md", "../workshops/w/", known) == "workshops/w/index.md"
    assert resolve("lessons/b.md", "../workshops/w/index.md", known) == "workshops/w/index.md"
    assert resolve("lessons/b.md", "https://example.org/playbooks/a.md", known) is None
    assert resolve("lessons/b.md", "#local", known) is None
    assert resolve("lessons/b.md", "../../outside.md", known) is None


def test_a_link_to_a_folder_resolves_to_the_index_page_mkdocs_takes() -> None:
    known = {"README.md", "notes/README.md", "both/index.md", "both/README.md", "lessons/b.md"}
    assert resolve("lessons/b.md", "../notes/", known) == "notes/README.md"
    assert resolve("lessons/b.md", "../notes", known) == "notes/README.md"
    assert resolve("lessons/b.md", "../both/", known) == "both/index.md"
    assert resolve("lessons/b.md", "../", known) == "README.md"
    assert resolve("lessons/b.md", "../lessons/", known) is None


def test_backlinks_carry_the_section_and_skip_code() -> None:
    source = page(
        "lessons/b.md",
        Kind.LESSON,
        body=(
            "Intro links [a](../playbooks/a.md).\n"
            "## What we change {#change}\n"
            'See [a again](../playbooks/a.md#x) and <a href="../playbooks/c.md">c</a>.\n'
            "```\n[not a link](../playbooks/d.md)\n```\n"
            "Inline `[code](../playbooks/d.md)` is not a link.\n"
            "[ref]: ../playbooks/e.md\n"
        ),
    )
    pages = {
        src: page(src) for src in ("playbooks/a.md", "playbooks/c.md", "playbooks/d.md", "playbooks/e.md")
    }
    pages["lessons/b.md"] = source
    assert outgoing_links(source, set(pages)) == [
        ("playbooks/a.md", ""),
        ("playbooks/a.md", "What we change"),
        ("playbooks/c.md", "What we change"),
        ("playbooks/e.md", "What we change"),
    ]
    incoming, outgoing = backlinks(pages)
    assert [(b.source.src_uri, b.sections) for b in incoming["playbooks/a.md"]] == [
        ("lessons/b.md", ("", "What we change")),  # the same page once, with its sections
    ]
    assert "playbooks/d.md" not in incoming
    assert outgoing["lessons/b.md"] == {"playbooks/a.md", "playbooks/c.md", "playbooks/e.md"}


def test_links_are_read_line_by_line_whatever_the_line_breaks() -> None:
    body = (
        "Before any heading: [a](a.md)\r\n"
        "## Steps {#steps}\u2028"  # a line break for str.splitlines(), so the next line is in 'Steps'
        '<a href="b.md">b</a>, then [c](c.md "C"), on one line\x0c'  # inline links first, then HTML
        "~~~\n[d](d.md)\n~~~\n"
        "[wrapped\n](d.md) <a\nhref='d.md'>\n"  # link text may wrap, as in Markdown; an HTML tag is read on one line
        "Text `[d](d.md)` and [e \\] e](e.md) and ![f](f.md)\n"
        "  [ref]: g.md\n"
        "# Last\n"
    )
    known = {f"p/{name}.md" for name in "abcdefg"}
    assert outgoing_links(page("p/x.md", body=body), known) == [
        ("p/a.md", ""),
        ("p/c.md", "Steps"),
        ("p/b.md", "Steps"),
        ("p/d.md", "Steps"),
        ("p/e.md", "Steps"),
        ("p/g.md", "Steps"),
    ]


def test_related_pages_rank_rare_tags_higher_and_skip_linked_pages() -> None:
    pages = {
        "p/me.md": page("p/me.md", tags=("rare", "common"), body="[x](linked.md)"),
        "p/linked.md": page("p/linked.md", tags=("rare", "common")),
        "p/rare.md": page("p/rare.md", tags=("rare",)),
        "p/common.md": page("p/common.md", tags=("common",)),
        **{f"p/filler{n}.md": page(f"p/filler{n}.md", tags=("common",)) for n in range(6)},
    }
    incoming, outgoing = backlinks(pages)
    related = [p.src_uri for p in related_pages(pages, outgoing, incoming)["p/me.md"]]
    assert related[0] == "p/rare.md"
    assert "p/linked.md" not in related and "p/me.md" not in related
    assert len(related) == 5


def test_related_pages_with_equal_scores_go_by_title_then_path() -> None:
    titles = {"me": "Me", "z": "alpha", "a": "Beta", "b": "beta", "y": "Alpha", "c": "Gamma", "d": "Delta"}
    pages = {f"p/{name}.md": page(f"p/{name}.md", tags=("t",), title=title) for name, title in titles.items()}
    pages["p/c.md"] = page("p/c.md", tags=("t", "rare"), title="Gamma")
    pages["p/me.md"] = page("p/me.md", tags=("t", "rare"), title="Me")
    incoming, outgoing = backlinks(pages)
    related = [p.src_uri for p in related_pages(pages, outgoing, incoming)["p/me.md"]]
    assert related == ["p/c.md", "p/y.md", "p/z.md", "p/a.md", "p/b.md"]


def test_linked_from_leaves_out_the_home_page_and_section_indexes() -> None:
    pages = {
        "index.md": page("index.md", Kind.PAGE, body="[a](playbooks/a.md)"),
        "playbooks/index.md": page("playbooks/index.md", Kind.PAGE, body="[a](a.md)"),
        "about/README.md": page("about/README.md", Kind.PAGE, body="[a](../playbooks/a.md)"),
        "about/team.md": page("about/team.md", Kind.PAGE, body="[a](../playbooks/a.md)"),
        "workshops/w/index.md": page(
            "workshops/w/index.md",
            Kind.WORKSHOP,
            workshop="workshops/w",
            part=Part.OVERVIEW,
            body="[a](../../playbooks/a.md)",
        ),
        "playbooks/a.md": page("playbooks/a.md"),
    }
    incoming, outgoing = backlinks(pages)
    assert [b.source.src_uri for b in incoming["playbooks/a.md"]] == [
        "workshops/w/index.md",
        "about/team.md",
    ]  # by title
    assert outgoing["playbooks/index.md"] == {"playbooks/a.md"}  # still known as a link for "related"


def test_related_rolls_workshop_parts_up_and_never_suggests_a_section_index() -> None:
    def part(name: str, workshop: str, kind: Kind = Kind.WORKSHOP_PART, role: Part = Part.EXERCISE) -> Page:
        src = f"workshops/{workshop}/{name}.md"
        return page(src, kind, tags=("topic",), workshop=f"workshops/{workshop}", part=role)

    pages = {
        "playbooks/me.md": page("playbooks/me.md", tags=("topic",)),
        "playbooks/index.md": page("playbooks/index.md", Kind.PAGE, tags=("topic",)),
        "playbooks/other.md": page("playbooks/other.md", tags=("topic",)),
        "workshops/w/index.md": part("index", "w", Kind.WORKSHOP, Part.OVERVIEW),
        "workshops/w/exercises.md": part("exercises", "w"),
        "workshops/w/handout.md": part("handout", "w", role=Part.HANDOUT),
        "workshops/v/handout.md": part("handout", "v", role=Part.HANDOUT),  # a workshop without overview
    }
    incoming, outgoing = backlinks(pages)
    related = related_pages(pages, outgoing, incoming)
    assert [p.src_uri for p in related["playbooks/me.md"]] == [
        "workshops/v/handout.md",
        "workshops/w/index.md",
        "playbooks/other.md",
    ]
    # a part is not pointed at its own workshop
    assert [p.src_uri for p in related["workshops/w/handout.md"]] == [
        "workshops/v/handout.md",
        "playbooks/me.md",
        "playbooks/other.md",
    ]


def test_related_pages_stay_bounded_for_very_common_tags() -> None:
    pages = {f"p/{n:04d}.md": page(f"p/{n:04d}.md", tags=("everywhere",)) for n in range(1000)}
    incoming, outgoing = backlinks(pages)
    related = related_pages(pages, outgoing, incoming)
    assert all(len(found) == 5 for found in related.values())
    # Nearest in the folder tree stand in when nothing rarer is shared.
    assert [p.src_uri for p in related["p/0500.md"]][:2] == ["p/0400.md", "p/0401.md"]


# -- images ------------------------------------------------------------------------------------------


def test_images_without_alt_text_are_warned_about_with_their_line() -> None:
    from learning_commons.images import missing_alt_text

    body = (
        "![A timeline on a whiteboard](timeline.png)\n"
        "![](bare.png) and ![ ](space.png)\n"
        '<img src="a.png" alt="A chart"> <img src="b.png">\n'
        "```\n![](in-code.png)\n```\n"
        'Shown as code: `![](example.png)`, ``<img src="x.png">`` and ![](after-code.png)\n'
    )
    problems = missing_alt_text(body, 10, "docs/lessons/x.md")
    assert [(p.line, p.is_error) for p in problems] == [(11, False), (11, False), (12, False), (16, False)]
    assert str(problems[0]).startswith(
        "docs/lessons/x.md:11: an image has no alt text — describe what it shows"
    )


def test_image_lines_count_every_line_break_and_skip_tilde_fences() -> None:
    from learning_commons.images import missing_alt_text

    body = (
        "Intro\r\n![](a.png)\u2028~~~\n![](b.png)\n~~~\x0c"
        '<IMG src=c.png> <img alt="C" src=c.png>\n![ ](d.png) ![](e.png)\n'
    )
    problems = missing_alt_text(body, 4, "docs/lessons/x.md")
    assert [p.line for p in problems] == [5, 9, 10, 10]
    assert missing_alt_text("No image [here](x.md).\n", 1, "docs/lessons/x.md") == []


# -- links between generated pages -------------------------------------------------------------------


def test_string_relpath_agrees_with_posixpath() -> None:
    import itertools
    import posixpath

    from learning_commons.markup import _relpath

    folders = ["", "a", "b", "a/b", "a/c", "tags", "tags/x", "lessons/x", "workshops/w/print", "a/b/c"]
    for target, start in itertools.product(folders, repeat=2):
        assert _relpath(target, start) == posixpath.relpath(target or ".", start or "."), (target, start)


def test_kit_part_prefixes_are_unique_slugs_and_problem_boxes_stay_on_their_page() -> None:
    overview = page("workshops/w/index.md", Kind.WORKSHOP, workshop="workshops/w", part=Part.OVERVIEW)
    parts = {
        src: page(src, Kind.WORKSHOP_PART, workshop="workshops/w", part=Part.EXERCISE)
        for src in ("workshops/w/overview.md", "workshops/w/extra/handout.md", 'workshops/w/x"><b>.md')
    }
    kit = kits({overview.src_uri: overview, **parts})[0]
    box = '<div class="admonition failure lc-problems"><p class="admonition-title">Problems</p><p>x</p></div>'
    rendered = {overview.src_uri: box + "<p>Overview</p>"} | {src: '<h2 id="a">A</h2>' for src in parts}
    html = kit_html(kit, rendered)
    assert 'id="overview-2-a"' in html and 'id="extra-handout-a"' in html and 'id="x-b-a"' in html
    assert "lc-problems" not in html and "<b>" not in html
    del rendered["workshops/w/extra/handout.md"]  # a draft part is not printed
    assert "extra-handout" not in kit_html(kit, rendered)


def test_review_state_reads_in_words_by_the_month_on_pages_and_the_review_page() -> None:
    pages = {
        "playbooks/late.md": page("playbooks/late.md", reviewed=dt.date(2025, 4, 2), owner="Ruth <Adeyemi>"),
        "playbooks/never.md": page("playbooks/never.md"),
    }
    never, late = reviews(pages, DEFAULTS, {"playbooks/never.md": dt.date(2025, 3, 9)})  # due first

    assert review_words(late) == (
        'Last reviewed <time datetime="2025-04-02">April 2025</time> by Ruth &lt;Adeyemi&gt;; '
        'next review due <time datetime="2026-04-02">April 2026</time>'
    )
    assert (
        review_words(never)
        == 'Not reviewed yet; next review due <time datetime="2026-03-09">March 2026</time>'
    )
    html = review_page([never, late], TODAY, 30).text
    assert (
        'Never; <span class="lc-meta">last updated <time datetime="2025-03-09">March 2025</time></span>'
        in html
    )
    assert 'Reviewed <time datetime="2025-04-02">April 2025</time>' in html
    assert re.search(r"\b\d{4}-\d{2}-\d{2}</", html) is None  # no ISO date shown, only in attributes
