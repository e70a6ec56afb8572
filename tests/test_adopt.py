"""Adopting an existing folder of Markdown: the drafted front matter, the rewritten links, `make adopt`
on a throwaway repository (dry run, refusals, the one commit), and the migration setting that lets the
adopted wiki build strictly while its pages are completed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import adopt
import check
import pytest
from gitrepo import FastCommit, GitRepo, epoch, logging_git
from learning_commons.adoption import draft_page, draft_summary, draft_title, proposed_tags
from learning_commons.content import page_from_text
from learning_commons.migration import SUMMARY_MARK
from learning_commons.moved_links import relink
from learning_commons.schema import SUMMARY_LIMITS
from learning_commons.vocabulary import Tag, Vocabulary
from sitebuild import build_env, run_build, write_project

ADA = ("Ada Lovelace", "ada@example.org")
BEA = ("Bea Ortiz", "bea@example.org")
CAI = ("Cai Lin", "cai@example.org")
MOVER = ("Max Mover", "max@example.org")
TODAY = dt.date(2026, 3, 1)
ADOPTED = "2026-02-01T09:00:00Z"


def vocabulary() -> Vocabulary:
    vocab = Vocabulary("docs/tags.yml")
    vocab.add(Tag("retrospective", "retrospective", "Looking back.", ("retro", "retros")))
    vocab.add(Tag("feedback", "feedback", "Giving feedback."))
    return vocab


# -- drafting front matter (pure) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "file_name", "expected"),
    [
        (
            "# Use `git bisect` to find **bugs** #\n\nText.\n",
            "x.md",
            ("Use git bisect to find bugs", "heading"),
        ),
        ("Intro.\n\nSetext title\n============\n", "x.md", ("Setext title", "heading")),
        ("```\n# not a heading\n```\n\n## The [real](a.md) one\n", "x.md", ("The real one", "heading")),
        ("No heading at all.\n", "giving_feedback-well.md", ("Giving feedback well", "file name")),
        ("# Go\n", "guides/README.md", ("Guides", "file name")),  # too short for a title
        ("#\n", "team-notes/index.md", ("Team notes", "file name")),
        ("# " + "word " * 40 + "\n", "x.md", (("word " * 17).strip() + "…", "heading")),
    ],
)
def test_title_from_the_first_heading_or_the_file_name(
    body: str, file_name: str, expected: tuple[str, str]
) -> None:
    assert draft_title(body, file_name) == expected


def test_summary_is_the_first_paragraph_of_prose_cut_after_a_sentence() -> None:
    body = (
        "# Title\n\n![A board](board.png)\n\n- a list item is no summary\n\n```\ncode is none either\n```\n\n"
        "Short.\n\n"
        "We meet every second Friday and look back at the **sprint**. Everyone writes [notes](n.md) first! "
        + "Then we talk about what we saw for a long time. " * 8
        + "\n"
    )
    summary = draft_summary(body)
    assert summary is not None
    assert summary.startswith(
        "We meet every second Friday and look back at the sprint. Everyone writes notes first!"
    )
    assert SUMMARY_LIMITS[0] <= len(summary) <= SUMMARY_LIMITS[1]
    assert summary.endswith(".")  # whole sentences only


def test_a_first_sentence_longer_than_the_limit_is_cut_at_a_word() -> None:
    summary = draft_summary("word " * 100)
    assert summary is not None and len(summary) <= SUMMARY_LIMITS[1] and summary.endswith("word…")


def test_no_summary_without_a_paragraph_long_enough() -> None:
    assert draft_summary("# Title\n\nToo short.\n\n| a | b |\n|---|---|\n") is None


def test_tags_from_folder_names_known_to_the_vocabulary_and_its_aliases() -> None:
    known, unknown = proposed_tags(("Team_Notes", "retros", "feedback", "2019", "retro"), vocabulary())
    assert known == ("retrospective", "feedback")
    assert unknown == ("team-notes",)  # years are no topics


def test_drafted_front_matter_passes_validation_and_marks_the_summary() -> None:
    text = "# How we run retros\n\nWe meet every second Friday and look back at the sprint together.\n"
    drafted, draft = draft_page(text, "how-we-run-retros.md", ("notes", "retros"), vocabulary())
    assert drafted.endswith("\n\n" + text)
    assert draft.tags == ("retrospective",) and draft.unknown_tags == ("notes",)
    assert f'summary: "{draft.summary}"  {SUMMARY_MARK}' in drafted
    page, problems = page_from_text("playbooks/x.md", "docs/playbooks/x.md", drafted, vocabulary(), TODAY)
    assert page is not None and page.title == "How we run retros" and page.tags == ("retrospective",)
    assert [p.message for p in problems] == [
        "the summary was written by make adopt from the first paragraph and nobody has checked it yet"
    ]
    assert problems[0].line == 3 and problems[0].incomplete


def test_existing_front_matter_gets_only_the_missing_fields() -> None:
    text = '---\ntitle: "Kept: as written"\ntags: [feedback]\n---\nA first paragraph that is long enough to summarise.\n'
    drafted, draft = draft_page(text, "x.md", ("retros",), vocabulary())
    assert draft.title is None and draft.tags == ()
    assert drafted.startswith('---\ntitle: "Kept: as written"\ntags: [feedback]\nsummary: "A first paragraph')


def test_a_field_already_there_is_never_written_twice_even_when_empty() -> None:
    text = "---\ntitle:\nsummary: ''\ntags: []\n---\n# A heading\n\nA first paragraph long enough to summarise.\n"
    drafted, draft = draft_page(text, "x.md", ("retros",), vocabulary())
    assert drafted == text and draft.title is None and draft.summary is None and draft.tags == ()


def test_front_matter_that_does_not_parse_is_left_alone_and_reported() -> None:
    text = "---\ntitle: [unclosed\n---\nBody.\n"
    drafted, draft = draft_page(text, "x.md", (), vocabulary())
    assert drafted == text and "not a valid YAML mapping" in draft.notes[0]


def test_drafted_values_stay_plain_text_in_yaml() -> None:
    text = '# Why "yes" means no: <b>really</b>\n\nA paragraph with "quotes", a colon: and a backslash \\ in it.\n'
    drafted, _ = draft_page(text, "x.md", (), vocabulary())
    page, problems = page_from_text("notes/x.md", "docs/notes/x.md", drafted, vocabulary(), TODAY)
    assert page is not None and page.title == 'Why "yes" means no: really'
    assert "a colon: and a backslash \\ in it." in page.summary
    assert all(problem.incomplete for problem in problems)


# -- links of moved pages (pure) --------------------------------------------------------------------

MOVES = {
    "notes/a.md": "docs/n/a.md",
    "notes/sub/b.md": "docs/n/sub/b.md",
    "notes/img/x.png": "docs/n/img/x.png",
}
STAYING = {"README.md", "docs/about.md"}


def place(path: str) -> str | None:
    if path == "notes/sub":
        return MOVES["notes/sub/b.md"]
    return MOVES.get(path) or (path if path in STAYING else None)


def test_links_keep_leading_where_they_led() -> None:
    text = (
        "[b](sub/b.md#part) ![pic](img/x.png) [root](/notes/a.md) `[code](zz.md)`\n"
        "[about](../docs/about.md) [folder](sub/) [site](https://example.org/a.md)\n"
        "[ref]: ../docs/about.md\n"
        "```\n[fenced](../docs/about.md)\n```\n"
    )
    new, rewrites, doubts = relink(text, "notes/a.md", "docs/n/a.md", place, "docs")
    assert new == (
        "[b](sub/b.md#part) ![pic](img/x.png) [root](a.md) `[code](zz.md)`\n"
        "[about](../about.md) [folder](sub/b.md) [site](https://example.org/a.md)\n"
        "[ref]: ../about.md\n"
        "```\n[fenced](../docs/about.md)\n```\n"
    )
    assert [(r.line, r.old, r.new) for r in rewrites] == [
        (1, "/notes/a.md", "a.md"),
        (2, "../docs/about.md", "../about.md"),
        (2, "sub/", "sub/b.md"),
        (3, "../docs/about.md", "../about.md"),
    ]
    assert doubts == []


def test_links_whose_text_wraps_onto_the_next_line_keep_leading_where_they_led() -> None:
    # Hand-wrapped pages (a TIL repository wraps at 80 columns) break link and alt text across lines.
    text = (
        "See [a link whose text\nwraps](/notes/a.md), ![a picture\n  described](img/x.png) and\n"
        "> [quoted\n> link](/notes/sub/b.md)\n"
        "[not a link: a blank line\n\nends the text](/notes/a.md)\n"
        "[gone and\nwrapped](nope.md)\n"
    )
    new, rewrites, doubts = relink(text, "notes/a.md", "docs/n/a.md", place, "docs")
    assert new == text.replace("(/notes/a.md),", "(a.md),").replace("(/notes/sub/b.md)", "(sub/b.md)")
    assert [(r.line, r.old, r.new) for r in rewrites] == [
        (2, "/notes/a.md", "a.md"),
        (5, "/notes/sub/b.md", "sub/b.md"),
    ]
    assert [(d.line, d.target) for d in doubts] == [(10, "nope.md")]


def test_links_with_any_scheme_are_left_alone() -> None:
    text = "[a](MAILTO:x@y.org) [b](sms:123) [c](Tel:1) [d](//elsewhere.org/x.md) [e](#here)\n"
    assert relink(text, "notes/a.md", "docs/n/a.md", place, "docs") == (text, [], [])


def test_links_that_cannot_work_in_the_site_are_doubts_and_stay_as_written() -> None:
    text = "[readme](../README.md)\n[gone](nope.md)\n[out](../../../etc/passwd)\n"
    new, rewrites, doubts = relink(text, "notes/a.md", "docs/n/a.md", place, "docs")
    assert new == text and rewrites == []
    assert [(d.line, d.target) for d in doubts] == [
        (1, "../README.md"),
        (2, "nope.md"),
        (3, "../../../etc/passwd"),
    ]
    assert (
        "outside docs/" in doubts[0].why
        and "broken before" in doubts[1].why
        and "repository" in doubts[2].why
    )


# -- make adopt on a throwaway repository ----------------------------------------------------------

WIKI_PAGES = {
    "index.md": "---\ntitle: Home\nsummary: The home page of the adopting wiki, for the tests.\n---\n\nWelcome.\n",
    "about.md": "---\ntitle: About\nsummary: What this wiki is about, for the adoption tests.\n---\n\nAbout.\n",
}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
NOTES: dict[str, tuple[tuple[str, str], str, str | bytes]] = {
    # path: (author, date, content)
    "notes/README.md": (
        ADA,
        "2019-03-01T09:00:00Z",
        "# Team notes\n\nEverything the team wrote down before the wiki existed, sorted by topic.\n\n"
        "- [How we run retros](retro/how-we-run-retros.md)\n- [Giving feedback](feedback/giving-feedback.md)\n",
    ),
    "notes/retro/how-we-run-retros.md": (
        ADA,
        "2019-05-02T09:00:00Z",
        "# How we run retros\n\nWe meet every second Friday and look back at the sprint. Everyone writes notes "
        "first, then we talk.\n\n![The board after a retrospective](img/board.png)\n\n"
        "See also [giving feedback](../feedback/giving-feedback.md), [the index](/notes/README.md) and "
        "[about the wiki](../../docs/about.md).\n\nMore about the format, the timing and the follow-up, "
        "written down over the years by everyone who facilitated one.\n\n## Timing\n\nAn hour is enough for a "
        "team of eight. Keep ten minutes for the actions at the end, and send them round the same day, with "
        "a name next to each and a date by which it is done.\n",
    ),
    "notes/retro/img/board.png": (ADA, "2019-05-02T09:00:00Z", PNG),
    "notes/feedback/giving-feedback.md": (
        BEA,
        "2020-07-14T09:00:00Z",
        "Feedback works best when it is specific and kind. Say what you saw, then what it did.\n\n"
        "Ask before you give it, and give it soon. Written down by Bea after the 2020 offsite, improved since.\n\n"
        "## Asking for feedback\n\nAsk one person, ask about one thing, and ask for an example. Thank them, "
        "whatever they say, and tell them later what you changed because of it.\n",
    ),
    "notes/feedback/deep/nested/old-note.markdown": (
        CAI,
        "2021-11-30T09:00:00Z",
        "Old note\n========\n\nA note written long ago, kept for the record of how things used to be done.\n\n"
        "Back to [the index](../../../README.md).\n",
    ),
    "notes/unused.txt": (CAI, "2021-12-01T09:00:00Z", "Nobody links to this file.\n"),
}


@pytest.fixture
def repo(tmp_path: Path, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A wiki with a folder of notes written by three people over three years, none of it in docs/."""
    write_project(git_repo.root, WIKI_PAGES)
    git_repo.commit("Start the wiki", date="2019-01-01T09:00:00Z", author=MOVER)
    for path, (author, date, content) in NOTES.items():
        target = git_repo.path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
        git_repo.commit(f"Write {path}", date=date, author=author, paths=[path])
    git_repo.git("config", "user.name", MOVER[0])
    git_repo.git("config", "user.email", MOVER[1])
    monkeypatch.chdir(git_repo.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch("2026-03-01T12:00:00Z")))
    for variable in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):  # the adoption's commit, before the builds
        monkeypatch.setenv(variable, ADOPTED)
    return git_repo


def run_adopt(repo: GitRepo, *args: str) -> int:
    return adopt.main([*args, "--config", str(repo.path("mkdocs.yml"))])


def tree(repo: GitRepo) -> dict[str, bytes]:
    return {
        str(path.relative_to(repo.root)): path.read_bytes()
        for path in sorted(repo.root.rglob("*"))
        if path.is_file() and ".git" not in path.parts
    }


def test_dry_run_shows_everything_and_changes_nothing(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    head, before = repo.head(), tree(repo)
    assert run_adopt(repo, "notes") == 0
    out = capsys.readouterr().out
    assert tree(repo) == before and repo.head() == head and repo.git("status", "--porcelain") == ""
    assert (
        "  notes/feedback/deep/nested/old-note.markdown -> docs/notes/feedback/deep/nested/old-note.md" in out
    )
    assert "  notes/retro/img/board.png -> docs/notes/retro/img/board.png" in out
    assert "Left where they are (1 files no page links to):\n  notes/unused.txt" in out
    assert "  docs/notes/retro/how-we-run-retros.md:13: /notes/README.md -> ../README.md" in out
    assert "  docs/notes/retro/how-we-run-retros.md:13: ../../docs/about.md -> ../../about.md" in out
    assert "  notes:  # folder of 4 page(s)\n    description: …" in out
    assert "This was a dry run: nothing changed." in out


def test_apply_moves_everything_in_one_commit_that_git_sees_as_renames(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    head = repo.head()
    assert run_adopt(repo, "notes", "--apply") == 0
    out = capsys.readouterr().out
    assert repo.git("rev-parse", "HEAD^").strip() == head
    assert repo.git("log", "-1", "--format=%an|%cn|%s").strip() == (
        "make adopt[bot]|Max Mover|Adopt notes into docs/notes: 4 pages and 1 other files moved with their history"
    )
    changes = repo.git("show", "-M", "--name-status", "--format=", "HEAD").split("\n")
    renamed = {line.split("\t")[2] for line in changes if line.startswith("R")}
    assert renamed == {
        "docs/notes/README.md",
        "docs/notes/retro/how-we-run-retros.md",
        "docs/notes/retro/img/board.png",
        "docs/notes/feedback/giving-feedback.md",
        "docs/notes/feedback/deep/nested/old-note.md",
    }
    assert not repo.path("notes/README.md").exists() and repo.path("notes/unused.txt").exists()
    assert not repo.path("notes/retro").exists()  # emptied folders go
    assert repo.git("status", "--porcelain") == ""
    retros = repo.path("docs/notes/retro/how-we-run-retros.md").read_text()
    assert retros.startswith(
        '---\ntitle: "How we run retros"\nsummary: "We meet every second Friday and look back at the sprint. '
        f'Everyone writes notes first, then we talk."  {SUMMARY_MARK}\ntags: [retrospective]\n---\n\n# How'
    )
    assert "[the index](../README.md) and [about the wiki](../../about.md)" in retros
    feedback = repo.path("docs/notes/feedback/giving-feedback.md").read_text()
    assert feedback.startswith('---\ntitle: "Giving feedback"\n') and "tags: [feedback]" in feedback
    assert "Done in one commit." in out and "git did not see" not in out


def test_the_adopted_wiki_builds_strictly_with_the_migration_setting(repo: GitRepo, tmp_path: Path) -> None:
    assert run_adopt(repo, "notes", "--apply") == 0
    config = repo.path("mkdocs.yml")
    text = config.read_text()
    assert "  commons:\n" in text
    config.write_text(text.replace("  commons:\n", "  commons:\n    migration_until: 2026-06-30\n", 1))
    env = build_env(SOURCE_DATE_EPOCH=str(epoch("2026-03-01T12:00:00Z")))
    result = run_build(config, env=env, site_dir=tmp_path / "site")
    assert result.returncode == 0, result.log
    assert result.warnings == []
    assert (
        "5 adopted page(s) still lack parts of the content model" not in result.log
    )  # four pages were adopted
    assert (
        "4 adopted page(s) still lack parts of the content model; the build fails on them after 2026-06-30"
        in (result.log)
    )
    review = result.read("review/index.html")
    assert "Still to bring up to the content model" in review
    assert "4 pages still lack parts of the content model" in review
    assert (
        "the summary was written by make adopt from the first paragraph and nobody has checked it yet"
        in review
    )
    page = result.read("notes/retro/how-we-run-retros/index.html")
    assert 'href="../../../about/"' in page
    # Neither the move nor the drafted front matter is anybody's contribution.
    assert "Max Mover" not in page and "make adopt" not in result.read("contributors/index.html")

    after = build_env(SOURCE_DATE_EPOCH=str(epoch("2026-07-01T12:00:00Z")))
    failed = run_build(config, env=after, site_dir=tmp_path / "site-after")
    assert failed.returncode != 0
    assert "the migration period ('extra.commons.migration_until') ended on 2026-06-30" in failed.log
    assert (
        "docs/notes/retro/how-we-run-retros.md:3: the summary was written by make adopt from the first "
        "paragraph and nobody has checked it yet" in failed.log
    )


def test_a_folder_too_large_for_the_sidebar_gets_an_index_page_that_lists_its_pages(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A TIL repository's folders have no index page: without one, a folder of 136 pages puts 136 links on
    # each of them, and the build's rule for large sections has no page to list them on.
    for name in ("one", "two", "three", "four"):
        repo.write(
            f"til/git/{name}.md",
            f"# Git {name}\n\nSomething learned about git, number {name}, written down.\n",
        )
    repo.write("til/vim/one.md", "# Vim one\n\nSomething learned about vim, written down the same day.\n")
    repo.commit("Things learned", date="2022-01-01T09:00:00Z", author=BEA)
    config = repo.path("mkdocs.yml")
    settings = "  commons:\n    nav_section_limit: 3\n    migration_until: 2026-06-30\n"
    config.write_text(config.read_text().replace("  commons:\n", settings, 1))
    repo.commit("A smaller sidebar", date="2022-01-02T09:00:00Z", author=MOVER, paths=["mkdocs.yml"])
    assert run_adopt(repo, "til", "--apply") == 0
    out = capsys.readouterr().out
    assert "Index pages written for folders too large for the sidebar (1):\n  docs/til/git/index.md\n" in out
    assert (
        "docs/til/git/index.md: a new index page, because the folder's 4 pages would fill the sidebar" in out
    )
    assert not repo.path("docs/til/vim/index.md").exists()  # one page: the sidebar holds it
    assert "A\tdocs/til/git/index.md" in repo.git("show", "--name-status", "--format=", "HEAD")
    result = run_build(
        config,
        env=build_env(SOURCE_DATE_EPOCH=str(epoch("2026-03-01T12:00:00Z"))),
        site_dir=tmp_path / "site",
    )
    assert result.returncode == 0, result.log
    page, index = result.read("til/git/one/index.html"), result.read("til/git/index.html")
    assert 'href="../two/"' not in page  # the sidebar no longer lists the folder's other pages
    assert "All 4 pages in this section" in index
    assert all(f'href="{name}/"' in index for name in ("one", "two", "three", "four"))


def test_check_lists_unchecked_summaries_as_pending_until_the_date(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_adopt(repo, "notes", "--apply") == 0
    capsys.readouterr()
    config = repo.path("mkdocs.yml")
    assert check.main(["--config", str(config)]) == 1  # without the setting, every unchecked summary fails
    assert "docs/notes/README.md:3: the summary was written by make adopt" in capsys.readouterr().out
    text = config.read_text()
    config.write_text(text.replace("  commons:\n", "  commons:\n    migration_until: 2026-06-30\n", 1))
    assert check.main(["--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert (
        "docs/notes/README.md:3: the summary was written by make adopt from the first paragraph and nobody has "
        "checked it yet — read it, correct it if needed, then delete the comment '# unchecked: written by make adopt' "
        "[pending until 2026-06-30]"
    ) in captured.out
    assert "in 4 adopted page(s): the build fails on them after 2026-06-30" in captured.err
    # A person reads the summary, keeps it, and deletes the mark: the page is no longer listed.
    readme = repo.path("docs/notes/README.md")
    readme.write_text(readme.read_text().replace(f"  {SUMMARY_MARK}", ""))
    assert check.main(["--config", str(config)]) == 0
    assert "docs/notes/README.md" not in capsys.readouterr().out


HOSTILE_TALKS = {
    "talks/remote-picture.md": "# A remote picture\n\nThe slides we showed at the meetup, as a picture.\n\n"
    "![The first slide](https://i.example.org/slide.png)\n\n![](pic.png) and <app> in the text.\n",
    "talks/scripted.md": "# Scripted\n\nA page that runs a script.\n\n<script>alert(1)</script>\n\n"
    '[Open](javascript:alert(2)) and <b onclick="x()">this</b>.\n',
    "talks/plain.md": "# Plain\n\nNothing but text and [a link](https://example.org), which is fine.\n",
    "talks/pic.png": PNG,
}


def test_the_report_names_every_problem_make_check_finds_in_the_pages_bodies(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # Images from other sites and refused HTML fail the strict build whatever the migration setting:
    # the adoption's report must name them, as `make check` does after the move.
    for path, content in HOSTILE_TALKS.items():
        repo.path(path).parent.mkdir(parents=True, exist_ok=True)
        repo.path(path).write_bytes(content if isinstance(content, bytes) else content.encode())
    repo.commit("Write the talks", date="2022-01-01T09:00:00Z", author=CAI, paths=list(HOSTILE_TALKS))
    assert run_adopt(repo, "talks") == 0
    out = capsys.readouterr().out
    reported = {line.strip() for line in out.splitlines()}
    # What no migration date waives comes first, apart from what may wait (a summary to write or check).
    blocking, later = out.split("What fails the strict build until it is fixed")[1].split(
        "A person must still check"
    )
    assert "scripted.md:10: the HTML element <script>" in blocking and "summary" not in blocking
    assert "remote-picture.md:1: 'summary' is missing" in later and "<script>" not in later
    assert run_adopt(repo, "talks", "--apply") == 0
    capsys.readouterr()
    assert check.main(["--config", str(repo.path("mkdocs.yml"))]) == 1
    found = [line for line in capsys.readouterr().out.splitlines() if line.startswith("docs/talks/")]
    in_bodies = [line for line in found if "summary" not in line]
    # The remote image, the image without alt text, <app>, <script>, javascript:, onclick.
    assert len(in_bodies) == 6
    assert [line for line in found if line not in reported] == []
    assert not any("plain.md" in line for line in in_bodies)


def test_lessons_go_to_their_section_and_wait_for_what_only_a_person_knows(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_adopt(repo, "notes/retro", "--type", "lesson", "--apply") == 0
    out = capsys.readouterr().out
    assert repo.path("docs/lessons/how-we-run-retros.md").is_file()
    assert "docs/lessons/how-we-run-retros.md:1: 'happened' is missing" in out  # at the opening '---'
    assert "docs/lessons/how-we-run-retros.md:1: 'actions' is missing" in out
    # Links out of the moved folder to pages that stay behind cannot work in the site: a person decides.
    assert (
        "the link '../feedback/giving-feedback.md' cannot work: 'notes/feedback/giving-feedback.md' stays"
        in out
    )


def test_a_target_folder_whose_name_needs_encoding_stops(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_adopt(repo, "notes", "--to", "docs/Team notes") == 2
    assert (
        "TO=docs/Team notes: the name has characters a web address must encode (' ')"
        in capsys.readouterr().err
    )


def test_a_type_the_target_folder_would_not_give_stops(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_adopt(repo, "notes", "--type", "lesson", "--to", "docs/handbook") == 2
    assert "pages in docs/handbook/ are pages, not lessons — use TO=docs/lessons" in capsys.readouterr().err


BAD_FILES: dict[str, tuple[str, bytes | None]] = {
    "not UTF-8": ("notes/latin1.md", b"# Caf\xe9\n"),
    "a name that needs encoding": ("notes/My note.md", b"# My note\n"),
    "a non-ASCII name": ("notes/caf\u00e9.md", b"# Cafe\n"),
    "a symbolic link": ("notes/link.md", None),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_file_that_cannot_move_safely_stops_the_run_before_anything_moves(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path, content = BAD_FILES[case]
    if content is None:
        repo.path(path).symlink_to("README.md")
    else:
        repo.path(path).write_bytes(content)
    repo.commit(f"Add {case}", date="2022-01-01T09:00:00Z")
    head, before = repo.head(), tree(repo)
    assert run_adopt(repo, "notes", "--apply") == 1
    err = capsys.readouterr().err
    assert err.startswith("Nothing moved: fix these first, then run make adopt again.\n")
    assert f"  {path}" in err
    assert repo.head() == head and tree(repo) == before


def test_an_existing_page_at_a_target_path_stops_the_run(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("docs/notes/retro/how-we-run-retros.md", WIKI_PAGES["about.md"])
    repo.commit("A page already there", date="2022-01-01T09:00:00Z")
    head = repo.head()
    assert run_adopt(repo, "notes", "--apply") == 1
    assert (
        "  notes/retro/how-we-run-retros.md: docs/notes/retro/how-we-run-retros.md already exists — adopt would "
        "overwrite it; rename one first"
    ) in capsys.readouterr().err
    assert repo.head() == head and repo.path("notes/retro/how-we-run-retros.md").is_file()


def test_an_address_taken_by_an_existing_page_stops_the_run(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("docs/notes/index.md", WIKI_PAGES["about.md"])  # notes/README.md would publish at /notes/ too
    repo.commit("A section index", date="2022-01-01T09:00:00Z")
    assert run_adopt(repo, "notes") == 1
    assert "would both be published at /notes/" in capsys.readouterr().err


def test_uncommitted_work_stops_the_run(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.path("notes/README.md").write_text("# Changed\n")
    repo.write("notes/draft.md", "# A draft nobody committed\n")
    assert run_adopt(repo, "notes") == 1
    err = capsys.readouterr().err
    assert "notes/README.md: changed since the last commit — commit or stash the change first" in err
    assert "notes/draft.md: not in git — commit it first (or delete it), so it moves with the rest" in err


def test_the_repository_root_is_adopted_without_the_wikis_own_files(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("TIL.md", "# Today I learned\n\nSmall things learned on the way, one file each, since 2015.\n")
    repo.write("scripts/templates/lesson.md", "# A template of the wiki's own\n")
    repo.write(".github/PULL_REQUEST_TEMPLATE.md", "# Describe the change\n")
    repo.commit("Files at the root", date="2022-01-01T09:00:00Z")
    assert run_adopt(repo, ".") == 2
    assert "adopting the repository's root needs a target folder" in capsys.readouterr().err
    assert run_adopt(repo, ".", "--to", "docs/til", "--exclude", "notes/feedback/*") == 0
    out = capsys.readouterr().out
    moves = [line.strip() for line in out.split("\n\n")[1].splitlines()[1:]]
    assert moves == [
        "TIL.md -> docs/til/TIL.md",
        "notes/README.md -> docs/til/notes/README.md",
        "notes/retro/how-we-run-retros.md -> docs/til/notes/retro/how-we-run-retros.md",
        "notes/retro/img/board.png -> docs/til/notes/retro/img/board.png",
    ]
    assert "mkdocs.yml" not in out.split("Left where they are")[-1]  # the wiki's own files are not listed
    assert run_adopt(repo, ".", "--to", "docs/til", "--exclude", "notes/feedback/*", "--apply") == 0
    assert not repo.path("notes/retro").exists()  # the emptied folders go, the root stays
    assert repo.path("notes/feedback/giving-feedback.md").is_file() and repo.path(".git").is_dir()


def test_line_ends_and_byte_order_mark_are_kept(repo: GitRepo) -> None:
    text = "\ufeff# Written on Windows\r\n\r\nA page saved with CRLF line ends and a byte order mark, as some editors do.\r\n"
    repo.path("notes/windows.md").write_bytes(text.encode("utf-8"))
    repo.commit("A page from Windows", date="2022-01-01T09:00:00Z")
    assert run_adopt(repo, "notes", "--apply") == 0
    data = repo.path("docs/notes/windows.md").read_bytes()
    assert data.startswith(b'\xef\xbb\xbf---\r\ntitle: "Written on Windows"\r\n')
    assert data.endswith(text.encode("utf-8")[3:]) and b"\n" not in data.replace(b"\r\n", b"")


def test_a_thousand_files_at_the_root_move_as_renames_with_a_fixed_number_of_git_processes(
    tmp_path: Path, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real case: a TIL repository, files at the root by several authors over years, adopted at once."""
    wiki = tmp_path / "wiki"
    write_project(wiki, WIKI_PAGES)
    start = {
        str(path.relative_to(wiki)): path.read_text()
        for path in wiki.rglob("*")
        if path.is_file() and path.suffix in (".md", ".yml", ".css", ".js")
    }
    commits = [FastCommit("Start the wiki", start, date="2015-01-01T09:00:00Z", author=MOVER)]
    authors = (ADA, BEA, CAI)
    for number in range(1100):
        topic = ("git", "python", "retro")[number % 3]
        text = (
            f"# Lesson number {number}\n\nSomething learned on day {number}, written down so that nobody has to "
            f"learn it twice. See [the one before](../{topic}/til-{max(number - 3, 0)}.md).\n\n"
            "A second paragraph with the details, the commands that were run and what they printed, and "
            "a third sentence about what to try next time, for whoever meets the same problem again.\n\n"
            "```\n$ make test\n12 passed\n```\n"
        )
        year = 2015 + number % 10
        commits.append(
            FastCommit(
                f"TIL {number}",
                {f"{topic}/til-{number}.md": text},
                date=f"{year}-0{1 + number % 9}-1{number % 10}T09:00:00Z",
                author=authors[number % 3],
            )
        )
    git_repo.fast_import(commits)
    git_repo.git("config", "user.name", MOVER[0])
    git_repo.git("config", "user.email", MOVER[1])
    monkeypatch.chdir(git_repo.root)
    log = logging_git(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    head = git_repo.head()
    assert run_adopt(git_repo, ".", "--to", "docs/til", "--apply") == 0, capsys.readouterr().err
    assert git_repo.git("rev-parse", "HEAD^").strip() == head
    assert len(log.read_text().splitlines()) <= 8  # the same few git processes for 1 or 1,100 pages
    changes = git_repo.git("show", "-M", "-l0", "--name-status", "--format=", "HEAD").splitlines()
    renames = [line for line in changes if line.startswith("R")]
    added = [line.split("\t")[1] for line in changes if line.startswith("A")]
    assert len(renames) == 1100 and len(renames) + len(added) == len(changes), changes[:3]
    assert added and all(path.endswith("/index.md") for path in added)  # folders too large for the sidebar
    assert "git did not see" not in capsys.readouterr().out


def test_a_commit_that_fails_puts_every_file_back(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    hook = repo.path(".git/hooks/pre-commit")
    hook.write_text("#!/bin/sh\necho 'refused by a hook' >&2\nexit 1\n")
    hook.chmod(0o755)
    head, before = repo.head(), tree(repo)
    assert run_adopt(repo, "notes", "--apply") == 1
    assert "error: nothing moved: git commit failed: refused by a hook" in capsys.readouterr().err
    assert repo.head() == head and tree(repo) == before and repo.git("status", "--porcelain") == ""
    assert not repo.path("docs/notes").exists()
