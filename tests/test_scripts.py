"""scripts/check.py and scripts/new_page.py as contributors and CI run them: output lines and exit codes."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import check
import new_page
import pytest
from learning_commons.frontmatter import parse_yaml, split_front_matter
from learning_commons.problems import Problem, Severity

ROOT = Path(__file__).resolve().parent.parent
# 'Today' for the scripts: later than any date in the real content, so the real wiki stays valid.
TODAY = dt.date(2030, 3, 15)
EPOCH = str(int(dt.datetime(2030, 3, 15, 12, tzinfo=dt.UTC).timestamp()))
TAGS = "retrospective:\n  description: Looking back together at what happened.\n  aliases: [retro]\n"
GOOD = "---\ntitle: A good page\nsummary: A page used by the script tests, long enough.\ntags: [retro]\n---\n\nBody.\n"
BAD = "---\ntitle: A bad page\nsummary: A page used by the script tests, long enough.\ntags: [retros, nope]\ncolour: red\n---\n"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def project(root: Path, pages: dict[str, str], *, settings: str = "") -> Path:
    """A wiki folder with its own mkdocs.yml; returns the config file."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "tags.yml").write_text(TAGS, encoding="utf-8")
    for src_uri, text in pages.items():
        (docs / src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / src_uri).write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        f"site_name: Test\nextra:\n  commons:\n    history: false\n{settings}", encoding="utf-8"
    )
    return config


@pytest.fixture
def real_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real wiki (mkdocs.yml and docs/) as the working folder; returns its mkdocs.yml."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "mkdocs.yml"


# -- check.py ---------------------------------------------------------------------------------------


def test_check_passes_on_the_real_wiki(real_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = len(list((real_copy.parent / "docs").rglob("*.md"))) - len(
        list((real_copy.parent / "docs" / "_snippets").rglob("*.md"))
    )
    assert check.main(["--config", str(real_copy)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"{pages} pages checked, no problems\n")


def test_check_reports_every_problem_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project(tmp_path, {"index.md": GOOD, "playbooks/a.md": BAD}, settings="    histroy: true\n")
    monkeypatch.chdir(tmp_path)
    assert check.main(["--config", str(config)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "mkdocs.yml: unknown setting 'extra.commons.histroy' — did you mean 'history'?",
        "docs/playbooks/a.md:4: the 1st tag 'retros' is not in docs/tags.yml — did you mean 'retrospective'?",
        "docs/playbooks/a.md:4: the 2nd tag 'nope' is not in docs/tags.yml — the nearest tag in docs/tags.yml is "
        "'retrospective': use one, or add the new tag there with a description",
        "docs/playbooks/a.md:5: unknown field 'colour' — the fields of a playbook page are: title, summary, "
        "tags, owner, reviewed, review_every, cadence, audience",
    ]
    assert err == "3 error(s), 1 warning(s) in 2 pages\n"


def test_check_reports_dead_links_and_anchors_without_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once only the strict build found these, in MkDocs' words; make check says where and what to do."""
    body = "See [the good page](../good.md#a-heading), [this](#nowhere) and [that](../godo.md).\n"
    pages = {"good.md": GOOD + "\n## A heading\n", "playbooks/a.md": GOOD.replace("Body.", body)}
    config = project(tmp_path, pages)
    monkeypatch.chdir(tmp_path)
    assert check.main(["--config", str(config)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/playbooks/a.md:7: the link '#nowhere' points to a heading that this page does not have — it has "
        "no headings: link to the page without '#…' (an anchor is the heading in lowercase, with hyphens for "
        "spaces)",
        "docs/playbooks/a.md:7: the link '../godo.md' leads to a page that does not exist (docs/godo.md) — "
        "did you mean '../good.md'? (links are relative to this page's file)",
    ]


def test_check_github_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project(tmp_path, {"playbooks/a.md": BAD})
    monkeypatch.chdir(tmp_path)
    assert check.main(["--config", str(config), "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=docs/playbooks/a.md,line=4::docs/playbooks/a.md:4: the 1st tag 'retros' is not in "
        "docs/tags.yml — did you mean 'retrospective'?",
        "::error file=docs/playbooks/a.md,line=4::docs/playbooks/a.md:4: the 2nd tag 'nope' is not in docs/tags.yml "
        "— the nearest tag in docs/tags.yml is 'retrospective': use one, or add the new tag there with a description",
        "::warning file=docs/playbooks/a.md,line=5::docs/playbooks/a.md:5: unknown field 'colour' — the fields of "
        "a playbook page are: title, summary, tags, owner, reviewed, review_every, cadence, audience",
    ]


def test_check_github_format_is_the_default_under_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project(tmp_path, {"playbooks/a.md": "no front matter\n"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check.main(["--config", str(config)]) == 1
    assert capsys.readouterr().out == (
        "::error file=docs/playbooks/a.md,line=1::docs/playbooks/a.md:1: the page has no front matter — start "
        "the file with '---', then 'title: …', 'summary: …' and 'tags: […]', then '---'\n"
    )


def test_annotations_cannot_be_forged_or_broken() -> None:
    problem = Problem("docs/a,b:c.md", 3, "100% wrong\r\n::error::forged", severity=Severity.WARNING)
    assert check.annotation(problem) == (
        "::warning file=docs/a%2Cb%3Ac.md,line=3::docs/a,b:c.md:3: 100%25 wrong%0D%0A::error::forged"
    )
    assert check.annotation(Problem("docs/x.md", 0, "whole file")) == (
        "::error file=docs/x.md::docs/x.md: whole file"
    )


def test_check_with_docs_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path / "other", {"index.md": GOOD})
    monkeypatch.chdir(tmp_path)
    assert check.main(["--docs-dir", "other/docs"]) == 0
    assert capsys.readouterr().err == "1 pages checked, no problems\n"


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def test_check_without_a_config_exits_2_with_a_message(tmp_path: Path) -> None:
    result = run_script(str(ROOT / "scripts" / "check.py"), "--config", "missing.yml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {tmp_path.resolve() / 'missing.yml'}: cannot read (No such file or directory) — "
        "run from the wiki's folder\n"
    )


def test_check_with_a_missing_docs_dir_exits_2(tmp_path: Path) -> None:
    result = run_script(str(ROOT / "scripts" / "check.py"), "--docs-dir", "nowhere", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: nowhere: no such folder — check --docs-dir or docs_dir\n"


def test_check_with_a_broken_config_exits_2(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: [\n", encoding="utf-8")
    result = run_script(str(ROOT / "scripts" / "check.py"), "--config", "mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {tmp_path.resolve() / 'mkdocs.yml'}:2: not valid YAML (")


# -- new_page.py -------------------------------------------------------------------------------------

FILL_IN = (
    "replace every 'TODO: …' with your own text before you open a pull request: the checks refuse a page "
    "with placeholders left in (make check lists them)"
)
PLACEHOLDER_FIX = (
    "write your own text in its place (a page with TODO, TBD, FIXME or XXX left in is not published)"
)


@pytest.fixture(autouse=True)
def not_under_make(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests run the scripts as a writer runs them directly: `make test` must not make them think
    `make new` called them (make sets MAKELEVEL, and new_page.py then names make's variables)."""
    monkeypatch.delenv("MAKELEVEL", raising=False)


def new(real_copy: Path, *args: str) -> int:
    return new_page.main([*args, "--config", str(real_copy), "--owner", "Ada Lovelace"])


@pytest.mark.parametrize(
    ("kind", "title", "created"),
    [
        ("playbook", "Run a demo day", ["docs/playbooks/run-a-demo-day.md"]),
        ("lesson", 'Our "quick win": café talks failed', ["docs/lessons/our-quick-win-cafe-talks-failed.md"]),
        (
            "workshop",
            "Écrire: a writing workshop",
            [
                "docs/workshops/ecrire-a-writing-workshop/exercises.md",
                "docs/workshops/ecrire-a-writing-workshop/facilitator-guide.md",
                "docs/workshops/ecrire-a-writing-workshop/handout.md",
                "docs/workshops/ecrire-a-writing-workshop/index.md",
            ],
        ),
    ],
)
def test_new_page_is_refused_until_its_placeholders_are_filled_in(
    real_copy: Path, capsys: pytest.CaptureFixture[str], kind: str, title: str, created: list[str]
) -> None:
    assert new(real_copy, kind, title, "--tags", "retro,Feedback,retrospective") == 0
    out, err = capsys.readouterr()
    assert (out.splitlines(), err) == (created, f"note: {FILL_IN}\n")
    for path in created:
        text = (real_copy.parent / path).read_text(encoding="utf-8")
        assert 'tags: ["retrospective", "feedback"]' in text  # aliases resolved, duplicates dropped
    # Unfilled, the page fails the check, and only for its placeholders.
    assert check.main(["--config", str(real_copy)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(" is a placeholder: " in line and line.endswith(PLACEHOLDER_FIX) for line in lines)
    assert {line.split(":")[0] for line in lines} == set(created)
    # Written in (here: each 'TODO' dropped, leaving its hint as the text), it passes.
    for path in created:
        page = real_copy.parent / path
        page.write_text(page.read_text(encoding="utf-8").replace("TODO: ", "").replace("TODO ", ""), "utf-8")
    assert check.main(["--config", str(real_copy)]) == 0, capsys.readouterr().out
    main_page = split_front_matter((real_copy.parent / created[-1]).read_text(encoding="utf-8"))
    assert parse_yaml(main_page.front_matter or "", "x").data["title"] == title


def test_new_page_titles_survive_exactly(real_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from learning_commons.content import read_wiki
    from learning_commons.settings import Settings

    title = 'Say "no": {owner} & <3 — naïve café'
    assert new(real_copy, "workshop", title, "--tags", "feedback") == 0
    capsys.readouterr()
    wiki = read_wiki(
        real_copy.parent / "docs", Settings(history=False), display_root=real_copy.parent, today=TODAY
    )
    folder = "workshops/say-no-owner-3-naive-cafe"
    assert wiki.pages[f"{folder}/index.md"].title == title
    assert wiki.pages[f"{folder}/handout.md"].title == f"{title}: handout"
    assert wiki.pages[f"{folder}/index.md"].facilitators == ("Ada Lovelace",)
    assert wiki.pages[f"{folder}/index.md"].owner == "Ada Lovelace"


def test_new_lesson_happened_today_with_an_action_due_in_30_days(real_copy: Path) -> None:
    assert new(real_copy, "lesson", "Fixed dates", "--tags", "retro") == 0
    text = (real_copy.parent / "docs/lessons/fixed-dates.md").read_text(encoding="utf-8")
    assert "happened: 2030-03-15\n" in text
    assert "    due: 2030-04-14\n" in text


def test_new_page_refuses_to_overwrite(real_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(real_copy, "playbook", "Run a demo day", "--tags", "retro") == 0
    page = real_copy.parent / "docs/playbooks/run-a-demo-day.md"
    page.write_text("my edits", encoding="utf-8")
    capsys.readouterr()
    assert new(real_copy, "playbook", "Run a demo day!", "--tags", "retro") == 1
    assert capsys.readouterr() == (
        "",
        f"error: {page} already exists — choose another title or edit the existing page\n",
    )
    assert page.read_text(encoding="utf-8") == "my edits"


def test_new_workshop_refuses_an_existing_folder(real_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = real_copy.parent / "docs/workshops/kit"
    folder.mkdir()
    assert new(real_copy, "workshop", "Kit", "--tags", "retro") == 1
    assert (
        capsys.readouterr().err
        == f"error: {folder} already exists — choose another title or edit the existing page\n"
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("lesson", "A lesson", "--tags", "retrospectives"),
            "the tag 'retrospectives' is not in docs/tags.yml — did you mean 'retrospective'?",
        ),
        (
            ("lesson", "A lesson", "--tags", " , "),
            "give 1 to 6 tags from docs/tags.yml — add --tags feedback,mentoring",
        ),
        (
            ("", "A lesson", "--tags", "retro"),
            "which type of page? — give the type first: lesson|playbook|workshop",
        ),
        (
            ("lessons", "A lesson", "--tags", "retro"),
            "'lessons' is not a page type — did you mean 'lesson'? give the type first: lesson|playbook|workshop",
        ),
        (
            ("lesson", " ", "--tags", "retro"),
            'the page needs a title — give the title after the type: lesson "Our first open forum"',
        ),
        (
            ("lesson", "日本語", "--tags", "retro"),
            "the title '日本語' has no letters a-z or digits to make a file name from — reword it",
        ),
        (
            ("workshop", "W" * 72, "--tags", "retro"),
            "the title has 72 characters; a workshop title can have at most 71 — shorten it",
        ),
        (
            ("playbook", "P" * 91, "--tags", "retro"),
            "the title has 91 characters; a playbook title can have at most 90 — shorten it",
        ),
        (
            ("playbook", "<b>Bold</b> move", "--tags", "retro"),
            "docs/playbooks/b-bold-b-move.md:2: 'title' contains HTML — write plain text: front matter is never HTML",
        ),
        (
            ("workshop", "Hi", "--tags", "retro"),
            "docs/workshops/hi/index.md:2: 'title' has 2 characters; it must have 3 to 90 — write a little more",
        ),
    ],
)
def test_new_page_refusals_leave_no_trace(
    real_copy: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    before = sorted(path for path in (real_copy.parent / "docs").rglob("*"))
    assert new(real_copy, *args) == 1
    assert capsys.readouterr() == ("", f"error: {message}\n")
    assert sorted(path for path in (real_copy.parent / "docs").rglob("*")) == before


def test_new_page_in_a_missing_docs_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert new_page.main(["lesson", "A lesson", "--tags", "retro", "--docs-dir", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"error: {missing} is not a folder — check --docs-dir or docs_dir in {ROOT / 'mkdocs.yml'}\n"
    )


def test_new_page_runs_as_a_program(real_copy: Path) -> None:
    result = run_script(
        str(ROOT / "scripts" / "new_page.py"),
        "playbook",
        "From the command line",
        "--tags",
        "retro",
        "--owner",
        "Ada",
        "--config",
        "mkdocs.yml",
        cwd=real_copy.parent,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "docs/playbooks/from-the-command-line.md\n",
        f"note: {FILL_IN}\n",
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("variables", "message"),
    [
        # Without TYPE= the title used to be read as the type: "argument type: invalid choice: 'Our trial'".
        (["TITLE=Our trial", "TAGS=retro"], "which type of page? — add TYPE=lesson|playbook|workshop"),
        (
            ["TYPE=Lesson", "TITLE=Our trial", "TAGS=retro"],
            "'Lesson' is not a page type — did you mean 'lesson'? add TYPE=lesson|playbook|workshop",
        ),
        (["TYPE=lesson", "TAGS=retro"], 'the page needs a title — add TITLE="…"'),
        (
            ["TYPE=lesson", "TITLE=Our trial"],
            "give 1 to 6 tags from docs/tags.yml — add TAGS=feedback,mentoring",
        ),
    ],
)
def test_make_new_says_which_variable_to_add(variables: list[str], message: str) -> None:
    """`make new` as the guide shows it, short of one variable: the message names the variable."""
    before = sorted((ROOT / "docs").rglob("*"))
    result = subprocess.run(
        ["make", "-s", "-o", "setup", "new", *variables, f"PY={sys.executable}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == f"error: {message}"
    assert sorted((ROOT / "docs").rglob("*")) == before


def test_new_page_says_when_the_owner_comes_from_git(
    real_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_page, "git_user", lambda: "Grace Hopper")
    assert new_page.main(["lesson", "Owned", "--tags", "retro", "--config", str(real_copy)]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "note: the owner is 'Grace Hopper', your git user.name — to name a team or someone else, change "
        "'owner:' in the page or add --owner \"…\""
    )
    assert 'owner: "Grace Hopper"\n' in (real_copy.parent / "docs/lessons/owned.md").read_text(
        encoding="utf-8"
    )


def test_new_page_without_any_owner_leaves_a_placeholder(
    real_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_page, "git_user", lambda: "")
    assert new_page.main(["playbook", "Unowned", "--tags", "retro", "--config", str(real_copy)]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "note: no owner given and git has no user.name — replace 'TODO: your name or team' in the page"
    )
    assert check.main(["--config", str(real_copy)]) == 1
    assert (
        "docs/playbooks/unowned.md:5: 'owner' is a placeholder: 'TODO: your name or team' — "
        f"{PLACEHOLDER_FIX}"
    ) in capsys.readouterr().out.splitlines()
