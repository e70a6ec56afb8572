"""Hostile pull requests against the pull-request tools (scripts/pr_summary.py, scripts/annotate.py,
scripts/workflow_commands.py), which run in CI on what a contributor wrote: file names, titles, tags, link
targets and the build's log cannot issue a workflow command, put markup, links, mentions or references in
the job summary, make a tool stop with a traceback or a wrong reason, or take more than linear time."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import annotate
import check
import markdown
import pr_summary
import pytest
import workflow_commands
from gitrepo import GitRepo, epoch
from learning_commons.links import markdown_links
from learning_commons.model import Kind, Page
from learning_commons.sitechanges import HEADING, ChangedPage, SiteChanges, markdown_text, summary_markdown
from markdown_it import MarkdownIt
from sitebuild import PLAYBOOK, ROOT, write_project
from test_workflows import run_step, steps_of, workflow

HOME = "---\ntitle: Home\nsummary: The home page of the test wiki, long enough to pass.\n---\n\nWelcome.\n"
BASE_DATE = "2026-01-05T10:00:00Z"
BRANCH_DATE = "2026-01-08T10:00:00Z"
NOW = "2026-01-10T12:00:00Z"


def runner_reads_command(line: str) -> bool:
    """Whether GitHub's runner takes ``line`` of a step's output for a workflow command (actions/runner,
    ActionCommand.TryParseV2: '::name …::' after leading blanks; TryParse: '##[name]' anywhere)."""
    body = line.lstrip()
    if body.startswith("::") and "::" in body[2:]:
        return True
    at = line.find("##[")
    return at >= 0 and "]" in line[at:]


# -- The job summary -------------------------------------------------------------------------------------


@pytest.fixture
def branch(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """main: a home page and a playbook; the branch 'change' off it, checked out."""
    write_project(git_repo.root, {"index.md": HOME, "playbooks/alpha.md": PLAYBOOK.format(title="Alpha")})
    git_repo.commit("The wiki as it was", date=BASE_DATE)
    git_repo.git("checkout", "-q", "-b", "change")
    monkeypatch.chdir(git_repo.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch(NOW)))
    return git_repo


def run_summary(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], base: str = "main"
) -> tuple[int, str, str]:
    status = pr_summary.main(["--base", base, "--config", str(repo.path("mkdocs.yml"))])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_file_name_that_is_not_utf8_is_shown_escaped(
    branch: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(os.fsencode(branch.root) + b"/docs/playbooks/caf\xe9.md", "wb") as page:
        page.write(PLAYBOOK.format(title="Cafe").encode())
    branch.commit("A page whose name is Latin-1", date=BRANCH_DATE)
    status, out, err = run_summary(branch, capsys)
    assert (status, err) == (0, "")
    assert "Other files changed under the docs folder: playbooks/caf\\\\udce9.md\n" in out, out


@pytest.mark.parametrize("target", ["../../../../../../../../etc/hostname", "/etc/hostname"])
def test_a_page_in_the_base_linking_out_of_the_wiki_is_no_page_and_no_traceback(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    write_project(git_repo.root, {"index.md": HOME})
    os.symlink(target, git_repo.root / "docs/leak.md")
    git_repo.commit("A page that is a link out of the repository", date=BASE_DATE)
    git_repo.git("checkout", "-q", "-b", "change")
    git_repo.rm("docs/leak.md")
    git_repo.write("docs/new.md", PLAYBOOK.format(title="New"))
    git_repo.commit("A new page", date=BRANCH_DATE)
    monkeypatch.chdir(git_repo.root)
    status, out, err = run_summary(git_repo, capsys)
    assert (status, err) == (0, "")
    assert "- **New** (page)" in out and "Other files changed under the docs folder: leak.md" in out


def test_a_branch_that_removes_the_docs_folder_removes_every_page(
    branch: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    branch.git("rm", "-rq", "docs")
    branch.commit("No more wiki", date=BRANCH_DATE)
    status, out, err = run_summary(branch, capsys)
    assert (status, err) == (0, ""), err
    assert "### Removed pages\n\n- **Home** (page), was at index.html in the built site\n- **Alpha**" in out


def test_a_base_with_no_commit_in_common_says_so(branch: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    branch.git("checkout", "-q", "--orphan", "unrelated")
    branch.commit("A history of its own", date=BRANCH_DATE)
    status, out, err = run_summary(branch, capsys)
    reason = (
        "this branch has no commit in common with main — start the branch from main (or rebase it onto "
        "main) and push it again"
    )
    assert (status, err) == (2, f"error: {reason}\n")
    assert out == f"{HEADING}\n\nThe summary could not be made: {markdown_text(reason, 1_000)}\n"


def test_a_summary_that_cannot_be_made_does_not_fail_the_pull_request() -> None:
    (step,) = [
        s for s in steps_of(workflow("pull-request.yml")["jobs"]["check"]) if "pr_summary" in s.get("run", "")
    ]
    assert step.get("continue-on-error") is True


def test_a_shallow_clone_says_to_fetch_the_history(
    branch: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    branch.write("docs/new.md", PLAYBOOK.format(title="New"))
    branch.commit("A new page", date=BRANCH_DATE)
    shallow = GitRepo(tmp_path / "shallow", home=branch.home, init=False)
    branch.git("clone", "-q", "--depth=1", "--no-local", "-b", "change", str(branch.root), str(shallow.root))
    shallow.git("fetch", "-q", "--depth=1", "origin", "main:main")
    monkeypatch.chdir(shallow.root)
    status, out, err = run_summary(shallow, capsys)
    assert status == 2 and out.startswith(f"{HEADING}\n\nThe summary could not be made: the clone is shallow")
    assert err.startswith("error: the clone is shallow") and "fetch-depth: 0" in err and err.count("\n") == 1


LINKABLE_TITLE = (
    "@octocat @org/team #12 www.evil.example https://evil.example/x "
    "mailto:a@b.example c@d.example $\\sqrt{x}$ $$y$$"
)
# What GitHub would link in the text of a rendered summary: a mention, a reference to an issue, a web
# address or an e-mail address.
_GITHUB_LINKS_RE = re.compile(r"(?<![\w])@\w|#\d|://|(?i:www)\.|\w@\w")


def rendered(summary: str) -> tuple[str, str]:
    """The summary as HTML (Markdown with autolinks, @mentions and #references, as GitHub renders them), and
    its text."""
    html = markdown.markdown(
        summary,
        extensions=["tables", "pymdownx.magiclink"],
        extension_configs={
            "pymdownx.magiclink": {
                "repo_url_shorthand": True,
                "social_url_shorthand": True,
                "provider": "github",
                "user": "owner",
                "repo": "wiki",
            }
        },
    )
    return html, re.sub(r"<[^>]+>", "", html)


def test_contributor_text_cannot_mention_reference_or_link(
    branch: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "'" + LINKABLE_TITLE.replace("'", "''") + "'"
    branch.write("docs/playbooks/www.evil.example.md", PLAYBOOK.format(title=title))
    branch.commit("A title full of things GitHub links", date=BRANCH_DATE)
    status, out, _ = run_summary(branch, capsys)
    assert status == 0
    html, text = rendered(out)
    assert "<a" not in html and '<span class="arithmatex"' not in html
    assert not _GITHUB_LINKS_RE.search(text), _GITHUB_LINKS_RE.search(text)
    commonmark = re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(out))  # escapes as GitHub reads them
    assert LINKABLE_TITLE in commonmark.replace("\u2060", ""), "the title reads as written"


def _page(number: int, title: str) -> Page:
    return Page(f"playbooks/p{number}.md", f"docs/playbooks/p{number}.md", Kind.PLAYBOOK, title, "A page.")


@pytest.mark.parametrize("title", ["A page with an ordinary title", "<&" * 5_000, "\u200b" * 10_000])
def test_the_summary_of_thousands_of_pages_stays_far_below_githubs_limit(title: str) -> None:
    """GitHub drops a job summary over 1 MiB whole; long titles and 5,000 pages of each kind fit."""
    changes = SiteChanges(
        pages=[
            ChangedPage(status, _page(n, title), old_src_uri=title, not_listed_because="a reason")
            for status in ("new", "changed", "moved", "removed")
            for n in range(5_000)
        ],
        tags_added=[f"{title}{n}" for n in range(5_000)],
        tags_first_used=[f"{title}{n}" for n in range(5_000)],
        other_files=[f"{title}{n}.png" for n in range(5_000)],
    )
    summary = summary_markdown(changes, "success")
    assert len(summary.encode()) < 512 * 1024
    assert "- and 4,950 more new pages\n" in summary and "- and 4,950 more removed pages\n" in summary
    assert "and 4,950 more\n" in summary


def test_long_contributor_text_is_cut_where_it_reads() -> None:
    assert markdown_text("a" * 1_000) == "a" * 150 + "…"
    assert markdown_text("<" * 1_000) == "&lt;" * 150 + "…"
    assert markdown_text("short") == "short"


# -- Workflow commands -----------------------------------------------------------------------------------

FORGING = [
    "::error::forged",
    "   ::add-mask::forged",
    "\u00a0\u3000::set-output name=x::forged",
    "a title\n::error::forged",
    "a title\r::error::forged",
    "a title\u2028::error::forged",
    "a title ##[error]forged",
    "a title ##[add-mask]forged",
    "%0A::error::forged",
]


@pytest.mark.parametrize("text", FORGING)
def test_a_log_line_is_one_line_and_no_command(text: str) -> None:
    line = workflow_commands.log_line(text)
    assert len(line.splitlines()) == 1 and not runner_reads_command(line), line


def test_an_error_quoting_a_hostile_docs_folder_is_no_command(
    branch: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """mkdocs.yml is the contributor's: a docs folder named to forge a command is quoted in git's error."""
    config = branch.path("mkdocs.yml")
    hostile = 'docs_dir: "a\\n##[error]forged"\n'
    config.write_text(config.read_text(encoding="utf-8") + hostile, encoding="utf-8")
    status, _, err = run_summary(branch, capsys)
    assert status == 2 and err.startswith("error: `git archive") and err.count("\n") == 1
    assert "forged" in err and not runner_reads_command(err), err


def test_check_py_quotes_a_hostile_docs_folder_in_no_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_project(tmp_path, {"index.md": HOME}, docs_dir="x ##[error]forged")
    assert check.main(["--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "forged: no such folder" in err and not runner_reads_command(err), err


# -- Annotations -----------------------------------------------------------------------------------------


def test_an_unreadable_config_still_shows_the_log_and_annotates_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("nav: [\n", encoding="utf-8")
    (tmp_path / "build.log").write_text("ERROR   -  Config value 'nav': broken\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert annotate.main(["build.log"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "ERROR   -  Config value 'nav': broken" and lines[2].startswith("::inert-")
    assert lines[3].startswith("::error file=mkdocs.yml::") and lines[4:] == [
        "::error::Config value 'nav': broken"
    ]


def _link_warnings(count: int) -> tuple[str, str]:
    """A page with ``count`` broken links, and the build's log of them."""
    page = "".join(f"See [link {n}](missing-{n}.md).\n\n" for n in range(count))
    log = "".join(
        f"WARNING -  Doc file 'p.md' contains a link 'missing-{n}.md', but the target is not found among "
        "documentation files.\n"
        for n in range(count)
    )
    return page, log


def test_thousands_of_warnings_give_ten_annotations_the_last_saying_how_many_more(tmp_path: Path) -> None:
    page, log = _link_warnings(25)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/p.md").write_text(page, encoding="utf-8")
    found = annotate.annotations(log, annotate.Sources("docs", "mkdocs.yml", tmp_path))
    assert len(found) == annotate.ANNOTATION_LIMIT
    assert found[0].startswith(
        "::error file=docs/p.md,line=1::Doc file 'p.md' contains a link 'missing-0.md'"
    )
    assert found[-1] == "::error::16 more of the build's warnings and errors: its log above lists them all"


def test_a_message_of_megabytes_is_cut_in_its_annotation(tmp_path: Path) -> None:
    log = "WARNING -  " + "x" * 3_000_000 + "\n"
    (found,) = annotate.annotations(log, annotate.Sources("docs", "mkdocs.yml", tmp_path))
    assert found == "::error::" + "x" * annotate.MESSAGE_LIMIT + "…"


def _cpu_seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(_link_warnings, id="a page with as many broken links as warnings"),
        pytest.param(lambda n: ("", "WARNING -  " + "a: " * (100 * n) + "\n"), id="one line of colons"),
        pytest.param(
            lambda n: ("", "WARNING -  docs/p.md:1: x\n" * n), id="the same warning again and again"
        ),
    ],
)
def test_annotating_is_linear_in_the_log(tmp_path: Path, shape: Callable[[int], tuple[str, str]]) -> None:
    """100 times the log takes about 100 times as long (a ratio of CPU times, never a wall time)."""
    (tmp_path / "docs").mkdir()
    sources = annotate.Sources("docs", "mkdocs.yml", tmp_path)

    def cost(count: int) -> float:
        page, log = shape(count)
        (tmp_path / "docs/p.md").write_text(page, encoding="utf-8")
        annotate._read.cache_clear()  # each size reads its own page
        seen = annotate.seen_annotations(
            f"::error file=docs/p.md,line={n}::x 'missing-{n}.md'" for n in range(count)
        )
        return _cpu_seconds(lambda: annotate.annotations(log, sources, seen)) if count else 0.0

    small = max(cost(20), 1e-4)
    ratio = cost(2_000) / small
    assert ratio < 300, f"100 times the log took {ratio:.0f} times as long"


@pytest.mark.parametrize("line", ["[a](b)\n", "[a](b) "], ids=["a link a line", "one line of links"])
def test_the_links_of_a_page_are_found_in_linear_time(line: str) -> None:
    """annotate.py and check.py find each link's line: 100 times the links take about 100 times as long."""
    small = max(_cpu_seconds(lambda: markdown_links(line * 1_000)), 1e-4)
    ratio = _cpu_seconds(lambda: markdown_links(line * 100_000)) / small
    assert ratio < 300, f"100 times the links took {ratio:.0f} times as long"


# -- The workflow's steps --------------------------------------------------------------------------------


LINK_REPORT = """\
Checked the internal links of site: 2 problem(s) — fix them in the Markdown files named below

docs/index.md:3: broken link '##[error]forged' (text: '::add-mask::x')
    error     ##[set-output name=x;]forged
::error::a line of LinkChecker's own
"""


def test_the_link_check_step_shows_its_report_with_workflow_commands_off(tmp_path: Path) -> None:
    """Run the step for real, with a stand-in for make and for a link check whose report quotes hostile
    links and exits 1."""
    (step,) = [
        s for s in steps_of(workflow("pull-request.yml")["jobs"]["check"]) if s.get("id") == "linkcheck"
    ]
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "workflow_commands.py").symlink_to(ROOT / "scripts" / "workflow_commands.py")
    (tmp_path / "report.txt").write_text(LINK_REPORT.rstrip("\n"), encoding="utf-8")  # no last newline
    (tmp_path / "scripts" / "linkcheck.py").write_text(
        f"import sys\nsys.stdout.write(open({str(tmp_path / 'report.txt')!r}).read())\nsys.exit(1)\n",
        encoding="utf-8",
    )
    result = run_step(str(step["run"]), tmp_path, make="exit 0")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert len(token) > 30 and lines[-1] == f"::{token}::", lines
    assert "\n".join(lines[1:-1]).strip("\n") == LINK_REPORT.strip("\n")


def test_a_submodule_and_a_page_moved_to_an_odd_name(
    branch: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A submodule under docs/ is another file, not a page; a page moved to a name the build refuses is
    removed from the site, and its new name shown on one line."""
    other = GitRepo(tmp_path / "other", home=branch.home)
    other.write("README.md", "Another repository.\n")
    other.commit("Another repository", date=BASE_DATE)
    branch.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other.root), "docs/vendored")
    branch.mv("docs/playbooks/alpha.md", "docs/playbooks/-a, b: @c\u2028d.md")
    branch.commit("A submodule and a move", date=BRANCH_DATE)
    status, out, err = run_summary(branch, capsys)
    assert (status, err) == (0, ""), err
    assert "### Removed pages\n\n- **Alpha** (playbook), was at playbooks/alpha/index.html" in out, out
    assert "docs folder: playbooks/-a, b: @\u2060c\\\\u2028d.md, vendored\n" in out


def test_a_command_run_inert_keeps_its_status_and_every_line(capfd: pytest.CaptureFixture[str]) -> None:
    report = "::error::forged\n##[add-mask]forged\nthe last line, without a newline"
    command = [sys.executable, "-c", f"import sys; sys.stdout.write({report!r}); sys.exit(3)"]
    assert workflow_commands.main(["inert", "--", *command]) == 3
    lines = capfd.readouterr().out.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert lines[1:] == [*report.splitlines(), f"::{token}::"] and len(token) > 30


def test_an_unreadable_config_and_many_warnings_still_make_ten_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("nav: [\n", encoding="utf-8")
    (tmp_path / "build.log").write_text(
        "".join(f"WARNING -  warning {n}\n" for n in range(30)), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert annotate.main(["build.log"]) == 0
    out = capsys.readouterr().out.splitlines()
    shown = out[32:]  # after the log's 30 lines between the two that switch commands off and on
    assert out[31].startswith("::inert-")
    assert len(shown) == annotate.ANNOTATION_LIMIT and shown[0].startswith("::error file=mkdocs.yml::")
    assert shown[-1] == "::error::22 more of the build's warnings and errors: its log above lists them all"
