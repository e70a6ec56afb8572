"""Engines: the wiki builds the same with ProperDocs as with MkDocs, and its export builds without hooks.

MkDocs 1.6.1 is unmaintained and Material for MkDocs ends on 2027-05-05; ProperDocs is MkDocs' maintained
fork (same mkdocs.yml, same hooks), and scripts/export.py writes the wiki for engines that run no hooks,
such as Zensical, Material's successor. docs/about/engines.md says what works where.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import export
import pytest
from sitebuild import ROOT, build_env, run_build, site_files

pytestmark = pytest.mark.build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def head_epoch() -> str:
    return subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def without_generator(site_dir: Path) -> dict[str, bytes]:
    """Every file of a built site (sitebuild.site_files), the generator meta tag, which names the engine,
    left out of the pages."""
    return {
        name: GENERATOR.sub(b"", data) if name.endswith(".html") else data
        for name, data in site_files(site_dir).items()
    }


def test_properdocs_builds_the_wiki_as_mkdocs_does(tmp_path: Path) -> None:
    env = build_env(SOURCE_DATE_EPOCH=head_epoch())
    mkdocs = run_build(ROOT / "mkdocs.yml", env=env, site_dir=tmp_path / "mkdocs")
    assert mkdocs.returncode == 0, mkdocs.log
    properdocs = run_build(
        ROOT / "mkdocs.yml", env=env, site_dir=tmp_path / "properdocs", engine="properdocs"
    )
    assert properdocs.returncode == 0, properdocs.log
    assert b"ProperDocs" in (properdocs.site_dir / "index.html").read_bytes()  # it really was ProperDocs
    ours, theirs = without_generator(mkdocs.site_dir), without_generator(properdocs.site_dir)
    assert sorted(ours) == sorted(theirs)
    differ = [path for path in ours if ours[path] != theirs[path]]
    assert not differ, f"ProperDocs built these otherwise (besides the generator tag): {differ[:10]}"


# -- the export ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "wiki"
    status = export.main([str(out)])
    assert status == export.OK
    return out


def generated_pages() -> list[str]:
    """Where the hooks put a generated page in the built site, from the core (not a hand-kept list)."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from learning_commons import site
    from learning_commons.model import page_url
    from learning_commons.siteconfig import read_site_config

    config = read_site_config(ROOT / "mkdocs.yml")
    project = site.Project(ROOT, config.docs_dir, config.site_url, config.site_name, config.raw_settings)
    build = site.build(project, build_env())
    return [
        page_url(file.src_uri) + "index.html" if file.src_uri.endswith(".md") else file.src_uri
        for file in build.generated
    ]


def test_the_export_carries_generated_pages_and_page_facts(exported: Path) -> None:
    docs = exported / "docs"
    assert (docs / "tags" / "index.md").is_file() and (docs / "recent" / "index.md").is_file()
    lesson = (docs / "lessons" / "retrospective-turned-into-blame.md").read_text(encoding="utf-8")
    front, body = lesson.split("\n---\n", 1)
    assert "commons:\n  kind: lesson\n" in front and "  created: " in front and "  contributors:" in front
    assert 'class="lc-header"' in body and "Action items" in body  # header and footer around the text
    assert "hooks" not in (exported / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_exported_participant_pack_leaves_out_the_facilitator_notes(exported: Path) -> None:
    workshop = ROOT / "docs" / "workshops" / "blameless-retrospectives-in-practice"
    assert "!!! facilitator" in (workshop / "facilitator-guide.md").read_text(encoding="utf-8") + (
        workshop / "exercises.md"
    ).read_text(encoding="utf-8"), "the test needs a kit with facilitator notes"
    folder = exported / "docs" / "workshops" / "blameless-retrospectives-in-practice"
    participants = (folder / "participant-pack.md").read_text(encoding="utf-8")
    facilitators = (folder / "facilitator-pack.md").read_text(encoding="utf-8")
    assert "admonition facilitator" in facilitators
    assert "admonition facilitator" not in participants and "Debrief" not in participants


def test_the_export_builds_strictly_with_mkdocs_and_no_hooks(exported: Path, tmp_path: Path) -> None:
    result = run_build(exported / "mkdocs.yml", site_dir=tmp_path / "site")
    assert result.returncode == 0, result.log
    missing = [page for page in generated_pages() if not (result.site_dir / page).is_file()]
    assert not missing, missing


def test_zensical_builds_the_export(exported: Path) -> None:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip(
            "Zensical is not installed (requirements-dev.txt has it): the export was not built with it"
        )
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=exported,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site_dir = exported / "site"
    missing = [page for page in generated_pages() if not (site_dir / page).is_file()]
    assert not missing, f"Zensical's output lacks these generated pages: {missing}"
    lesson = (site_dir / "lessons" / "retrospective-turned-into-blame" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'class="lc-header"' in lesson


def test_the_export_replaces_only_an_earlier_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("not an export", encoding="utf-8")
    assert export.main([str(mine), "--force"]) == export.CANNOT_EXPORT
    assert "holds no earlier export" in capsys.readouterr().err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "not an export"

    out = tmp_path / "out"
    assert export.main([str(out)]) == export.OK
    assert export.main([str(out)]) == export.CANNOT_EXPORT
    assert "add --force" in capsys.readouterr().err
    assert export.main([str(out), "--force"]) == export.OK


def test_the_export_reports_what_a_strict_build_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitebuild import write_project

    config = write_project(
        tmp_path / "wiki",
        {
            "index.md": "---\ntitle: Home\nsummary: The home page of a throwaway wiki for the export.\n---\n\n# Home\n",
            "playbooks/x.md": "---\ntitle: X\n---\n\nNo summary.\n",
        },
        commons={"history": False},
    )
    assert export.main(["-f", str(config), str(tmp_path / "out")]) == export.PROBLEMS
    assert "docs/playbooks/x.md:" in capsys.readouterr().err


def test_export_imports_no_mkdocs() -> None:
    code = "import sys; sys.path[:0] = ['scripts', 'hooks']; import export; print('mkdocs' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stdout + result.stderr
