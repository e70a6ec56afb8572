"""Search: what each page tells the Pagefind index, the terms file for tag aliases, and a real build's index."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from learning_commons.model import Kind, Page
from learning_commons.search import EXCLUDED, index_command, search_facts_html, tags_sentence
from learning_commons.searchindex import BODY_END, BODY_START, Indexer, searchable_html
from learning_commons.vocabulary import Tag, Vocabulary
from sitebuild import BuildResult, build_env, run_build, write_project


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


def built_page(body: str, lang: str = "en") -> str:
    """A page as the theme writes it: head, header and navigation, the searchable part, then the footer."""
    return (
        f'<!doctype html>\n<html lang="{lang}" class="no-js"><head><title>T</title></head><body>'
        '<header>navwordonly</header><nav><a href="../x/">Another page</a></nav><article>'
        f'{body}<div class="md-feedback">footerwordonly</div></article></body></html>'
    )


def test_the_index_gets_only_the_searchable_part_of_a_page() -> None:
    searchable = f'{BODY_START} data-lc-section-index><h1 id="t">Title</h1><p>bodyword</p></div>{BODY_END}'
    html = searchable_html(built_page(searchable, lang="pt-BR"))
    assert html == (
        '<!doctype html><html lang="pt-BR"><body>'
        f'{BODY_START} data-lc-section-index><h1 id="t">Title</h1><p>bodyword</p></div></body></html>'
    )


@pytest.mark.parametrize(
    "body",
    [
        "<p>A listing: no searchable part.</p>",
        f"{BODY_START}><p>An end the template did not write.</p></div>",
    ],
)
def test_a_page_without_a_whole_searchable_part_is_left_out(body: str) -> None:
    assert searchable_html(built_page(body)) is None


def test_a_page_quoting_the_end_comment_keeps_all_its_text() -> None:
    searchable = f"{BODY_START}><p>before</p><pre>{BODY_END}</pre><p>after</p></div>{BODY_END}"
    html = searchable_html(built_page(searchable))
    assert html is not None and "<p>after</p></div></body></html>" in html


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


def searchable_urls(site_dir: Path) -> set[str]:
    """The built pages that the template marked searchable, as Pagefind names them ('/playbooks/review/')."""
    return {
        "/" + (page.parent.relative_to(site_dir).as_posix() + "/").removeprefix("./")
        for page in site_dir.rglob("index.html")
        if BODY_START in page.read_text(encoding="utf-8")
    }


@pytest.mark.build
def test_the_index_holds_exactly_the_pages_marked_searchable(built: BuildResult) -> None:
    indexed = {str(record["url"]) for record in fragments(built.site_dir)}
    assert indexed == searchable_urls(built.site_dir)
    assert {"/", "/playbooks/", "/playbooks/review/"} <= indexed
    entry = json.loads((built.site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(indexed), "one index, in the site's language"
    assert "Search: 3 pages indexed" in built.log


@pytest.mark.build
def test_each_heading_is_an_anchor_of_the_index_on_its_page(built: BuildResult) -> None:
    """Pagefind's sub-results (a result's sections) link to the headings' ids: each must be on the page."""
    for record in fragments(built.site_dir):
        page = built.read(str(record["url"]).lstrip("/") + "index.html")
        for anchor in record["anchors"]:  # type: ignore[attr-defined]
            assert f'id="{anchor["id"]}"' in page, f"{record['url']}#{anchor['id']} is not on the page"
    (review,) = [record for record in fragments(built.site_dir) if record["url"] == "/playbooks/review/"]
    assert {"steps"} <= {anchor["id"] for anchor in review["anchors"]}  # type: ignore[attr-defined]


@pytest.mark.build
def test_the_index_can_be_switched_off(tmp_path: Path) -> None:
    config = write_project(tmp_path, PAGES, tags=TAGS, commons={"history": False, "search": False})
    result = run_build(config)
    assert result.returncode == 0, result.log
    assert not (result.site_dir / "pagefind").exists()
    assert "Search:" not in result.log


FAILING_PAGEFIND = {
    "says why": "#!/bin/sh\necho 'pagefind: cannot allocate the index' >&2\nexit 3\n",
    "silent": "#!/bin/sh\nexit 1\n",
    "stops midway": "#!/bin/sh\nhead -c 40 >/dev/null\nexit 2\n",
}


@pytest.mark.build
@pytest.mark.parametrize("behaviour", sorted(FAILING_PAGEFIND))
def test_a_failing_pagefind_is_a_clear_error_not_a_traceback(tmp_path: Path, behaviour: str) -> None:
    program = tmp_path / "pagefind"
    program.write_text(FAILING_PAGEFIND[behaviour], encoding="utf-8")
    program.chmod(0o755)
    config = write_project(tmp_path / "wiki", PAGES, tags=TAGS, commons={"history": False})
    result = run_build(config, env=build_env(PAGEFIND_BINARY_PATH=str(program)))
    assert result.returncode != 0, "a site without its search index must fail the strict build"
    assert "Traceback" not in result.log
    (line,) = [line for line in result.log.splitlines() if "Pagefind" in line]
    assert line.startswith("ERROR") and line.endswith("— the site has no search"), line
    if behaviour == "says why":
        assert "cannot allocate the index" in line


@pytest.mark.build
def test_a_pagefind_that_cannot_start_is_a_clear_error(tmp_path: Path) -> None:
    config = write_project(tmp_path, PAGES, tags=TAGS, commons={"history": False})
    result = run_build(config, env=build_env(PAGEFIND_BINARY_PATH=str(tmp_path / "no-such-program")))
    assert result.returncode != 0 and "Traceback" not in result.log
    assert "ERROR   -  Pagefind could not start (" in result.log, result.log


# A stand-in for Pagefind's service that speaks its protocol: it refuses pages holding "refuseme".
FAKE_SERVICE = """\
import base64, json, sys
def answer(message_id, payload):
    sys.stdout.buffer.write(base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()) + b",")
    sys.stdout.flush()
pending = b""
while chunk := sys.stdin.buffer.read1(65536):
    pending += chunk
    *messages, pending = pending.split(b",")
    for raw in messages:
        message = json.loads(base64.b64decode(raw))
        kind = message["payload"]["type"]
        if kind == "NewIndex":
            answer(message["message_id"], {"type": "NewIndex", "index_id": 0})
        elif kind == "AddFile" and "refuseme" in message["payload"]["file_contents"]:
            answer(message["message_id"], {"type": "Error", "message": "Failed to add file"})
        elif kind == "AddFile":
            answer(message["message_id"], {"type": "IndexedFile", "page_word_count": 1, "page_url": "", "page_meta": {}})
        elif kind == "WriteFiles":
            answer(message["message_id"], {"type": "WriteFiles", "output_path": message["payload"]["output_path"]})
"""


@pytest.fixture
def fake_indexer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Indexer:
    """An index fed to the stand-in service instead of Pagefind."""
    program = tmp_path / "pagefind"
    program.write_text(f"#!{sys.executable}\n{FAKE_SERVICE}", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    indexer = Indexer.start(tmp_path / "site")
    assert isinstance(indexer, Indexer), indexer
    return indexer


def test_pages_pagefind_refuses_are_counted_in_one_message(fake_indexer: Indexer) -> None:
    indexer = fake_indexer
    for number, text in enumerate(["fine", "refuseme", "fine too", "refuseme again"]):
        indexer.add(f"/page-{number}/", built_page(f"{BODY_START}><p>{text}</p></div>{BODY_END}"))
    indexer.add("/listing/", built_page("<p>refuseme, but not searchable</p>"))
    assert indexer.pages == 4
    assert indexer.finish() == (
        "Pagefind could not index the site: 2 of 4 pages were not indexed (Failed to add file; Failed to add"
        " file) — the site has no search"
    )


def test_a_pagefind_that_accepts_every_page_leaves_nothing_to_say(fake_indexer: Indexer) -> None:
    indexer = fake_indexer
    indexer.add("/a/", built_page(f"{BODY_START}><p>fine</p></div>{BODY_END}"))
    assert indexer.finish() is None and indexer.pages == 1


def test_a_page_added_after_the_writing_began_is_still_in_the_index(tmp_path: Path) -> None:
    """The build begins writing the index at its last searchable page; should one come later anyway
    (MkDocs rendering in another order), the index is written again with it."""
    indexer = Indexer.start(tmp_path / "site")
    assert isinstance(indexer, Indexer), indexer
    indexer.add("/early/", built_page(f"{BODY_START}><h1>Early</h1><p>quokkaword</p></div>{BODY_END}"))
    indexer.write_soon()
    indexer.add("/late/", built_page(f"{BODY_START}><h1>Late</h1><p>wombatword</p></div>{BODY_END}"))
    assert indexer.finish() is None
    entry = json.loads((tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 2
    assert {str(record["url"]) for record in fragments(tmp_path / "site")} >= {"/early/", "/late/"}
