"""Search: what each page tells the Pagefind index, the terms file for tag aliases, and a real build's index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from learning_commons.model import Kind, Page
from learning_commons.search import EXCLUDED, index_command, search_facts_html, tags_sentence
from learning_commons.vocabulary import Tag, Vocabulary
from sitebuild import BuildResult, run_build, write_project


def page(**fields: object) -> Page:
    values: dict[str, object] = {
        "src_uri": "lessons/x.md",
        "path": "docs/lessons/x.md",
        "kind": Kind.LESSON,
        "title": "A lesson",
        "summary": "What we learned.",
    }
    values.update(fields)
    return Page(**values)  # type: ignore[arg-type]


def vocabulary() -> Vocabulary:
    found = Vocabulary("docs/tags.yml")
    found.add(
        Tag(
            "incident-review",
            "incident-review",
            "Reviews of incidents.",
            ("postmortem", "post-mortem", "pir"),
        )
    )
    found.add(Tag("retrospective", "retrospective", "Looking back.", ("retro",)))
    found.add(Tag("blameless", "blameless", "No culprits."))
    return found


def test_a_page_tells_the_index_its_type_tags_and_summary_out_of_sight() -> None:
    html = search_facts_html(page(tags=("retrospective", "blameless")), vocabulary())
    ignored, indexed = html.split("</div>", 1)
    assert ignored.startswith("<div hidden data-pagefind-ignore>")
    assert '<span data-pagefind-filter="type">Lesson</span>' in ignored
    assert '<span data-pagefind-filter="tag">retrospective</span>' in ignored
    assert '<span data-pagefind-filter="tag">blameless</span>' in ignored
    assert '<span data-pagefind-meta="summary">What we learned.</span>' in ignored
    assert indexed == (
        '<p hidden data-pagefind-weight="2">Tagged retrospective, also called retro. Tagged blameless.</p>'
    )


def test_tag_aliases_are_words_the_index_finds_the_page_by() -> None:
    assert tags_sentence(("incident-review",), vocabulary()) == (
        "Tagged incident-review, also called postmortem, post-mortem or pir."
    )
    assert tags_sentence(("unknown",), None) == "Tagged unknown."


def test_a_page_without_tags_has_no_tag_sentence() -> None:
    assert "<p" not in search_facts_html(page(), vocabulary())


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (Kind.PLAYBOOK, "Playbook"),
        (Kind.WORKSHOP, "Workshop"),
        (Kind.WORKSHOP_PART, "Workshop"),
        (Kind.PAGE, "Page"),
    ],
)
def test_workshop_parts_are_found_as_workshops(kind: Kind, label: str) -> None:
    assert f'data-pagefind-filter="type">{label}</span>' in search_facts_html(page(kind=kind), None)


def test_what_a_page_tells_the_index_is_escaped() -> None:
    html = search_facts_html(page(summary='<img src=x onerror=alert(1)> & "quotes"'), None)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;" in html


def test_pagefind_runs_from_the_build_environment_into_the_site_folder(tmp_path: Path) -> None:
    command = index_command(tmp_path / "site")
    assert command[1:4] == ["-m", "pagefind", "--site"] and command[4] == str(tmp_path / "site")
    assert command[command.index("--output-subdir") + 1] == "pagefind"
    assert command[command.index("--exclude-selectors") + 1] == EXCLUDED


# -- a real build ------------------------------------------------------------------------------------

TAGS = """\
incident-review:
  description: Reviews of incidents.
  aliases: [postmortem]
retrospective:
  description: Looking back together at what happened and what to change.
"""
PAGES = {
    "index.md": "---\ntitle: Home\nsummary: The home page of a throwaway wiki for the search tests.\n---\n\n# Home\n",
    "playbooks/index.md": (
        "---\ntitle: Playbooks\nsummary: Every playbook of the search tests' wiki, in one table.\n---\n\n"
        "Intro words.\n\n| Playbook | What |\n|---|---|\n| [Review](review.md) | tablewordonly |\n"
    ),
    "playbooks/review.md": (
        "---\ntitle: Review an incident\nsummary: How to review an incident without blame, step by step.\n"
        "tags: [incident-review]\n---\n\n## Steps\n\nGather the zanzibarite timeline first.\n"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    config = write_project(tmp_path_factory.mktemp("search"), PAGES, tags=TAGS, commons={"history": False})
    result = run_build(config)
    assert result.returncode == 0, result.log
    return result


def fragments(site_dir: Path) -> list[dict[str, object]]:
    """Pagefind's per-page records (gzip, a signature, then JSON)."""
    found = []
    for path in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{") :]))
    return found


@pytest.mark.build
def test_the_build_writes_the_index(built: BuildResult) -> None:
    assert (built.site_dir / "pagefind" / "pagefind.js").is_file()
    assert not (built.site_dir / "search" / "search_index.json").exists(), "Material's search is off"


@pytest.mark.build
def test_only_content_is_indexed_with_its_filters(built: BuildResult) -> None:
    records = {record["url"]: record for record in fragments(built.site_dir)}
    assert (
        "/playbooks/review/" in records
        and "/tags/" not in records
        and "/tags/incident-review/" not in records
    )
    review = records["/playbooks/review/"]
    assert review["filters"] == {"type": ["Playbook"], "tag": ["incident-review"]}
    assert review["meta"]["summary"] == "How to review an incident without blame, step by step."
    assert "zanzibarite" in review["content"]
    assert "Playbook" not in review["content"], "the filters are not indexed as words"
    assert "Tagged incident-review, also called postmortem." in review["content"]
    assert "¶" not in review["content"]  # the headings' permalink signs
    index = records["/playbooks/"]
    assert "Intro words" in index["content"] and "tablewordonly" not in index["content"]


@pytest.mark.build
def test_markup_in_front_matter_reaches_the_index_as_text(tmp_path: Path) -> None:
    """The page escapes the summary, so Pagefind reads it back as the text that was written; the search box
    shows index values with textContent (tests/test_search_browser.py), never as HTML."""
    summary = "<script>lc_canary()</script> How to review an incident without blame, step by step."
    pages = {
        **PAGES,
        "playbooks/review.md": PAGES["playbooks/review.md"].replace(
            "How to review an incident without blame, step by step.", summary
        ),
    }
    config = write_project(tmp_path, pages, tags=TAGS, commons={"history": False})
    result = run_build(config, strict=False)
    assert "<script>lc_canary" not in result.read("playbooks/review/index.html")
    (record,) = [record for record in fragments(result.site_dir) if record["url"] == "/playbooks/review/"]
    assert record["meta"]["summary"] == summary
