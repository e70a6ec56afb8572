"""Real builds of the learning features: action items, workshop kits, review, backlinks and related pages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from gitrepo import GitRepo
from sitebuild import BuildResult, build_env, run_build, write_project

TAGS = """\
retrospective:
  description: Looking back together at what happened and what to change.
feedback:
  description: Giving and receiving feedback that helps people grow.
workshop:
  description: Hands-on sessions where people practise together.
"""

LESSON = """\
---
title: The retro that found a culprit
summary: A retrospective turned into blame; what we learned about running them.
tags: [retrospective]
happened: 2026-01-10
actions:
  - what: Write the prime directive on the board
    owner: Ada Lovelace
    status: open
    due: 2026-02-01
  - what: Train two more facilitators
    owner: Ben Okri
    status: done
    due: 2026-03-01
  - what: Book a room with a whiteboard
    owner: Ben Okri
    status: in-progress
    due: 2026-09-01
---

## What we change

We now follow [the retrospective playbook](../playbooks/retro.md#steps).
"""

PLAYBOOK = """\
---
title: Run a retrospective
summary: How to run a blameless retrospective in ninety minutes.
tags: [retrospective, feedback]
owner: Cy Twombly
reviewed: 2025-01-15
review_every: 6 months
---

## Steps

Do the thing.
"""

OTHER = """\
---
title: {title}
summary: Another playbook that shares a tag with the retrospective playbook.
tags: [{tags}]
---

Text.
"""

OVERVIEW = """\
---
title: Feedback in practice
summary: A ninety-minute workshop on giving and receiving feedback.
tags: [workshop, feedback]
duration: 90
audience: Team leads
agenda:
  - item: Welcome
    minutes: 15
  - item: Practice in pairs
    minutes: 60
  - item: Close
    minutes: 15
---

Overview words.
"""

PART = """\
---
title: {title}
summary: A part of the feedback workshop, used by the build tests.
---

{body}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("learning")
    repo = GitRepo(root / "repo", home=root / "home")
    config = write_project(
        repo.root,
        {
            "index.md": "---\ntitle: Home\nsummary: The home page of the learning features test wiki.\n---\n",
            "lessons/retro.md": LESSON,
            "playbooks/retro.md": PLAYBOOK,
            "playbooks/feedback.md": OTHER.format(title="Give feedback", tags="feedback"),
            "playbooks/lonely.md": OTHER.format(title="Lonely", tags="workshop"),
            "workshops/feedback/index.md": OVERVIEW,
            "workshops/feedback/facilitator-guide.md": PART.format(
                title="Facilitator guide",
                body='!!! facilitator "Facilitator note"\n    Secret facilitator advice.\n',
            ),
            "workshops/feedback/exercises.md": PART.format(
                title="Exercises", body="## Pairs\n\nExercise words."
            ),
            "workshops/feedback/handout.md": PART.format(title="Handout", body="Handout words."),
        },
        tags=TAGS,
    )
    repo.commit("Write the learning pages", date="2026-06-01T10:00:00Z")
    today = int(datetime(2026, 6, 15, 12, tzinfo=UTC).timestamp())
    result = run_build(config, env=build_env(SOURCE_DATE_EPOCH=str(today)))
    assert result.returncode == 0, result.log
    return result


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_lesson_shows_its_action_items_with_status(site: BuildResult) -> None:
    lesson = site.read("lessons/retro/index.html")
    assert lesson.count('id="action-items"') == 1, "one Action items section"
    table = text_of(lesson.split('id="action-items"', 1)[1].split("</table>", 1)[0])
    assert "1 of 3 done" in table
    assert "Write the prime directive on the board Ada Lovelace 1 Feb 2026 Overdue (open)" in table
    assert "Train two more facilitators Ben Okri 1 Mar 2026 Done" in table
    assert 'href="../actions/"' in lesson


def test_the_actions_page_lists_open_items_by_owner_overdue_first(site: BuildResult) -> None:
    page = text_of(site.read("lessons/actions/index.html"))
    assert "2 open, 1 overdue, as of 15 Jun 2026" in page
    ada = page.index("Ada Lovelace What Lesson Due Status Write the prime directive on the board")
    ben = page.index("Ben Okri What Lesson Due Status Book a room with a whiteboard")
    assert ada < ben  # owners with overdue items first
    assert "1 Sep 2026 In progress" in page
    assert "Train two more facilitators" not in page  # done items are counted, not listed


def test_the_workshop_overview_has_its_agenda_with_offsets(site: BuildResult) -> None:
    agenda = site.read("workshops/feedback/index.html").split('class="lc-agenda"', 1)[1].split("</table>")[0]
    assert re.findall(r'<td class="lc-offset">([^<]+)</td>', agenda) == ["0:00", "0:15", "1:15"]
    assert "90 min (1:30)" in agenda


def test_the_participant_pack_has_overview_exercises_and_handout_but_no_facilitator_notes(
    site: BuildResult,
) -> None:
    kit = site.read("workshops/feedback/participant-pack/index.html")
    content = kit.split('class="md-content"', 1)[1]
    assert content.index("Overview words") < content.index("Exercise words") < content.index("Handout words")
    assert "Secret facilitator advice" not in content
    facilitators = site.read("workshops/feedback/facilitator-pack/index.html").split('class="md-content"', 1)[
        1
    ]
    assert "Secret facilitator advice" in facilitators and "Handout words" not in facilitators
    handout = site.read("workshops/feedback/handout/index.html")
    packs = handout.split('class="lc-packs', 1)[1].split("</nav>")[0]
    assert 'href="../participant-pack/"' in packs and 'href="../facilitator-pack/"' in packs


# A workshop with a printable kit and nothing else, for the rebuild tests.
KIT_WIKI = {
    "index.md": "---\ntitle: Home\nsummary: The home page of the kit rebuild test wikis.\n---\n",
    "workshops/feedback/index.md": OVERVIEW,
    "workshops/feedback/exercises.md": PART.format(title="Exercises", body="Exercise words."),
    "workshops/feedback/handout.md": PART.format(title="Handout", body="Handout words."),
}


def test_a_dirty_rebuild_puts_an_edited_part_into_the_kit_with_the_unchanged_parts(tmp_path: Path) -> None:
    config = write_project(tmp_path, KIT_WIKI, tags=TAGS, commons={"history": False})
    first = run_build(config)
    assert first.returncode == 0, first.log
    exercises = tmp_path / "docs/workshops/feedback/exercises.md"
    exercises.write_text(PART.format(title="Exercises", body="Rewritten exercise."), encoding="utf-8")
    os.utime(exercises, (time.time() + 5, time.time() + 5))  # newer than its built page, whatever the clock
    rebuilt = run_build(config, strict=False, dirty=True)  # MkDocs warns about every dirty build
    assert rebuilt.returncode == 0, rebuilt.log
    kit = rebuilt.read("workshops/feedback/participant-pack/index.html").split('class="md-content"', 1)[1]
    assert "Exercise words" not in kit
    assert kit.index("Overview words") < kit.index("Rewritten exercise") < kit.index("Handout words")


def test_links_to_generated_anchors_pass_strict_and_a_draft_workshop_prints_no_kit(tmp_path: Path) -> None:
    pages = {
        "index.md": "---\ntitle: Home\nsummary: The home page of the generated anchors test wiki.\n---\n",
        "playbooks/retro.md": PLAYBOOK.replace(
            "Do the thing.",
            "See [what is due](../review/index.md#due-soon) and [all tags](../tags/index.md#all-tags).",
        ),
        "workshops/feedback/index.md": OVERVIEW,
        "workshops/feedback/exercises.md": PART.format(title="Exercises", body="Exercise words."),
    }
    config = write_project(tmp_path, pages, tags=TAGS, commons={"history": False})
    built = run_build(config)
    assert built.returncode == 0 and not built.warnings, built.log
    assert (built.site_dir / "workshops/feedback/participant-pack/index.html").is_file()
    config.write_text(config.read_text(encoding="utf-8") + "draft_docs: workshops/feedback/index.md\n")
    draft = run_build(config)
    assert draft.returncode == 0, draft.log
    assert not (draft.site_dir / "workshops/feedback/participant-pack").exists()


SERVE_REBUILDS = """
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, seen, started = sys.argv[1], {}, []
part = Path("docs/workshops/feedback")


def rebuild(label):  # what `mkdocs serve --dirty` does on each change, in one process
    config = load_config(config_file="mkdocs.yml", site_dir=site)
    if not started:
        config.plugins.on_startup(command="serve", dirty=True)
        started.append(True)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    kit = Path(site, "workshops/feedback/participant-pack/index.html").read_text(encoding="utf-8")
    seen[label] = kit.split('class="md-content"', 1)[1]


def change(path, text):  # after the last build wrote its pages, so newer than they are
    path.write_text(text, encoding="utf-8")


rebuild("first")
exercises = part / "exercises.md"
change(exercises, exercises.read_text(encoding="utf-8").replace("Exercise words", "Rewritten exercise"))
rebuild("edited")
(part / "handout.md").unlink()
rebuild("handout deleted")
print(json.dumps(seen))
"""


def test_serve_dirty_rebuilds_keep_the_kit_in_step_with_its_parts(tmp_path: Path) -> None:
    write_project(tmp_path, KIT_WIKI, tags=TAGS, commons={"history": False})
    result = subprocess.run(
        [sys.executable, "-c", SERVE_REBUILDS, str(tmp_path / "site")],
        cwd=tmp_path,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert all(word in seen["first"] for word in ("Overview words", "Exercise words", "Handout words"))
    assert "Rewritten exercise" in seen["edited"] and "Handout words" in seen["edited"]
    assert "Rewritten exercise" in seen["handout deleted"] and "Handout words" not in seen["handout deleted"]


def test_facilitator_notes_are_an_admonition_of_their_own(site: BuildResult) -> None:
    guide = site.read("workshops/feedback/facilitator-guide/index.html")
    assert '<div class="admonition facilitator">' in guide


def test_review_page_and_banner_date(site: BuildResult) -> None:
    html = site.read("review/index.html")
    review = text_of(html)
    assert "Run a retrospective" in review.split("Past their review date", 1)[1]
    headings = re.findall(r"<h[1-6][^>]*>([^<]*)", html)
    assert len(headings) == len(set(headings)), f"a heading is repeated: {headings}"
    readers_text = text_of(html.split('class="md-content"', 1)[1])
    for jargon in ("review_every", "reviewed:", "front matter"):  # owners' instructions are in the guide
        assert jargon not in readers_text
    playbook = site.read("playbooks/retro/index.html")
    assert 'data-review-due="2025-07-15"' in playbook and 'data-review-owner="Cy Twombly"' in playbook


def test_linked_from_names_the_section_and_related_skips_linked_pages(site: BuildResult) -> None:
    playbook = site.read("playbooks/retro/index.html")
    linked = text_of(playbook.split('id="linked-from"', 1)[1].split("</section>", 1)[0])
    assert "The retro that found a culprit in “What we change”" in linked
    related = playbook.split('id="related-pages"', 1)[1].split("</section>", 1)[0]
    assert "Give feedback" in related and "The retro that found a culprit" not in related
    assert "Lonely" not in related  # shares no tag
