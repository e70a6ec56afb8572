"""scripts/annotate.py: what a strict build refuses becomes annotations on the file and line, and no text
from a page can issue a workflow command of its own."""

from __future__ import annotations

from pathlib import Path

import annotate
import check
import pytest
import workflow_commands
from sitebuild import PLAYBOOK, run_build, write_project

HOME = "---\ntitle: Home\nsummary: The home page of the test wiki, long enough to pass.\n---\n\nWelcome.\n"
LINKS = """\
---
title: Links
summary: A playbook with every kind of link the strict build refuses, one per line.
tags: [retrospective]
---

## Here

A [missing page](missing.md) on line 9.

An [absent anchor](other.md#nowhere) on line 11.

An [absolute link](/playbooks/other.md) on line 13.

An [unrecognized link](somewhere) on line 15.

A [missing anchor here](#not-here) on line 17.
"""
BAD_TAG = "---\ntitle: Bad tag\nsummary: A playbook whose tag is not in the vocabulary at all.\ntags: [retrospectives]\n---\n\nBody.\n"


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A wiki with each kind of warning, built strictly; its folder and the build's log."""
    root = tmp_path_factory.mktemp("annotate")
    pages = {
        "index.md": HOME,
        "playbooks/links.md": LINKS,
        "playbooks/other.md": PLAYBOOK.format(title="Other"),
        "playbooks/bad-tag.md": BAD_TAG,
    }
    nav = [{"Home": "index.md"}, {"Gone": "playbooks/gone.md"}, {"Links": "playbooks/links.md"}]
    config = write_project(root, pages, nav=nav, commons={"history": False})
    result = run_build(config)
    assert result.returncode == 1, result.log
    return root, result.log


def annotations_of(root: Path, log: str, seen: str = "") -> list[str]:
    sources = annotate.Sources("docs", "mkdocs.yml", root)
    return annotate.annotations(log, sources, annotate.seen_annotations(seen.splitlines()))


@pytest.mark.build
def test_each_kind_of_refusal_is_annotated_on_its_file_and_line(refused: tuple[Path, str]) -> None:
    root, log = refused
    found = annotations_of(root, log)
    nav_line = next(
        n for n, line in enumerate((root / "mkdocs.yml").read_text().splitlines(), 1) if "gone.md" in line
    )
    expected_places = [
        "::error file=docs/playbooks/bad-tag.md,line=4::docs/playbooks/bad-tag.md:4: the 1st tag 'retrospectives'",
        "::error file=docs/playbooks/links.md,line=9::Doc file 'playbooks/links.md' contains a link 'missing.md'",
        "::error file=docs/playbooks/links.md,line=11::Doc file 'playbooks/links.md' contains a link 'other.md#nowhere'",
        "::error file=docs/playbooks/links.md,line=13::Doc file 'playbooks/links.md' contains an absolute link '/playbooks/other.md'",
        "::error file=docs/playbooks/links.md,line=15::Doc file 'playbooks/links.md' contains an unrecognized relative link 'somewhere'",
        "::error file=docs/playbooks/links.md,line=17::Doc file 'playbooks/links.md' contains a link '#not-here'",
        f"::error file=mkdocs.yml,line={nav_line}::A reference to 'playbooks/gone.md' is included in the 'nav'",
    ]
    for place in expected_places:
        assert any(annotation.startswith(place) for annotation in found), (place, found)
    refusals = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert len(found) == len(refusals), "every refused record is annotated once"


@pytest.mark.build
def test_what_the_check_already_annotated_is_not_repeated(refused: tuple[Path, str]) -> None:
    root, log = refused
    check_said = (
        "::warning file=docs/playbooks/bad-tag.md,line=4::docs/playbooks/bad-tag.md:4: the 1st tag "
        "'retrospectives' is not in docs/tags.yml — did you mean 'retrospective'?\n"
    )
    found = annotations_of(root, log, check_said)
    assert not [annotation for annotation in found if "bad-tag.md" in annotation]
    assert len(found) == len(annotations_of(root, log)) - 1


@pytest.mark.build
def test_a_broken_link_the_check_annotated_is_not_annotated_again_in_mkdocs_words(
    refused: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, log = refused
    monkeypatch.chdir(root)
    assert check.main(["--config", str(root / "mkdocs.yml"), "--format", "github"]) == 1
    said = capsys.readouterr().out
    assert "links.md,line=9::docs/playbooks/links.md:9: the link 'missing.md'" in said
    found = annotations_of(root, log, said)
    places = {line.split("::")[1] for line in said.splitlines() if line.startswith("::")}
    links = [annotation for annotation in found if "Doc file" in annotation]
    assert not [annotation for annotation in links if annotation.split("::")[1] in places], found
    assert len(found) < len(annotations_of(root, log))
    assert any("A reference to 'playbooks/gone.md'" in annotation for annotation in found)


@pytest.mark.build
def test_a_config_warning_is_annotated_on_its_key(tmp_path: Path) -> None:
    """MkDocs stops at a config warning before it reads any page, so it has a build of its own."""
    config = write_project(tmp_path, {"index.md": HOME}, not_a_setting=True, commons={"history": False})
    result = run_build(config)
    lines = config.read_text(encoding="utf-8").splitlines()
    key_line = next(n for n, line in enumerate(lines, 1) if line.startswith("not_a_setting:"))
    assert annotations_of(tmp_path, result.log) == [
        f"::error file=mkdocs.yml,line={key_line}::Config value 'not_a_setting': "
        "Unrecognised configuration name: not_a_setting"
    ]


def test_a_page_name_with_spaces_and_commas_keeps_its_line(tmp_path: Path) -> None:
    log = "ERROR   -  docs/our notes, week 1.md:7: the 1st tag 'x' is unknown — fix it\n"
    (annotation,) = annotations_of(tmp_path, log)
    assert annotation.startswith("::error file=docs/our notes%2C week 1.md,line=7::")


def test_a_long_run_of_digits_is_read_in_linear_time(tmp_path: Path) -> None:
    """The path pattern is tried at each position; a line number is bounded, so no position rescans."""
    import time

    def cost(size: int) -> float:
        log = f"ERROR   -  docs/x.md{':1' * (size // 2)}\n"
        start = time.perf_counter()
        annotations_of(tmp_path, log)
        return time.perf_counter() - start

    baseline = min(cost(1_000) for _ in range(3))
    assert min(cost(100_000) for _ in range(3)) < baseline * 1_000  # quadratic would be 10,000 times


@pytest.mark.parametrize(
    ("message", "place"),
    [
        ("Error reading page 'a.md': Snippet at path 'x.md' could not be found", "file=docs/a.md::"),
        (
            "Excluding 'README.md' from the site because it conflicts with 'index.md'.",
            "file=docs/README.md::",
        ),
        (
            "Doc file 'a.md' contains a link to 'b.md' which is excluded from the built site.",
            "file=docs/a.md::",
        ),
        (
            "An absolute path to '/x/' is included in the 'nav' configuration, which presumably…",
            "file=mkdocs.yml::",
        ),
    ],
)
def test_the_shapes_of_mkdocs_messages_about_one_file(tmp_path: Path, message: str, place: str) -> None:
    """Messages the build fixture does not provoke (an extension's error, a name clash, an excluded
    target, an absolute nav link), from MkDocs 1.6.1's source: each goes on its file."""
    (annotation,) = annotations_of(tmp_path, f"WARNING -  {message}\n")
    assert annotation.startswith(f"::error {place}"), annotation


def test_a_warning_of_unknown_shape_is_annotated_on_the_run(tmp_path: Path) -> None:
    log = "INFO    -  fine\nWARNING -  pymdownx.snippets: something odd\n"
    assert annotations_of(tmp_path, log) == ["::error::pymdownx.snippets: something odd"]


def test_a_link_found_nowhere_in_the_source_annotates_the_whole_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\nNo links here.\n", encoding="utf-8")
    log = "WARNING -  Doc file 'a.md' contains a link 'b.md', but the target is not found among documentation files.\n"
    (annotation,) = annotations_of(tmp_path, log)
    assert annotation.startswith("::error file=docs/a.md::Doc file 'a.md'")


HOSTILE = [
    "docs/a.md:3: the title '%0A::error::forged' is wrong — fix it",
    "docs/a,b:c.md:3: a path with a comma and a colon — rename it",
    "Doc file 'x.md' contains a link 'y.md%0D%0A::warning::forged', but the target is not found among documentation files.",
    "Doc file 'x.md' contains a link '::add-mask::x', but the target is not found among documentation files.",
]


def unescaped(data: str) -> str:
    """What the runner makes of a command's escaped message."""
    return data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


@pytest.mark.parametrize("message", HOSTILE)
def test_no_text_in_a_record_can_issue_a_command(tmp_path: Path, message: str) -> None:
    (annotation,) = annotations_of(tmp_path, f"ERROR   -  {message}\n")
    head, _, data = annotation[2:].partition("::")
    assert head.split(" ")[0] == "error" and ":" not in head.partition(" ")[2].replace("%3A", ""), annotation
    assert unescaped(data) == message


def test_line_breaks_and_percents_cannot_end_a_command() -> None:
    command = workflow_commands.annotation("error", "a\r\n::error::forged 100%", "docs/a\n,b.md", 2)
    assert command == "::error file=docs/a%0A%2Cb.md,line=2::a%0D%0A::error::forged 100%25"
    assert len(command.splitlines()) == 1


def test_the_log_is_shown_with_commands_switched_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, {"index.md": HOME})
    forged = "ERROR   -  docs/index.md:2: nope\n::error::a line a title forged\n::add-mask::secret\n"
    (tmp_path / "build.log").write_text(forged, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert annotate.main(["build.log"]) == 0
    out = capsys.readouterr().out.splitlines()
    start, end = out[0], out.index(out[0].replace("::stop-commands::", "::") + "::")
    assert start.startswith("::stop-commands::") and len(start) > len("::stop-commands::") + 16
    assert out[1:end] == forged.splitlines()
    assert out[end + 1 :] == ["::error file=docs/index.md,line=2::docs/index.md:2: nope"]
