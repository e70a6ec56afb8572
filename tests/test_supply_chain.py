"""What gets installed is what was locked: hashed requirements, locked Node tools, the weekly audit."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = ROOT / "Makefile"
AUDIT_WORKFLOW = ROOT / ".github" / "workflows" / "dependency-audit.yml"

# `name==version \` followed by `--hash=sha256:…` lines, as pip-compile --generate-hashes writes them.
REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+) \\$")
HASH = re.compile(r"^ {4}--hash=sha256:[0-9a-f]{64}( \\)?$")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, int]:
    """Each requirement of a compiled lock file with its number of hashes; fails on any other line."""
    found: dict[str, int] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if match := REQUIREMENT.match(line):
            current = normalized(match["name"])
            found[current] = 0
        elif HASH.match(line) and current is not None:
            found[current] += 1
        else:
            raise AssertionError(f"{path.name}:{number}: not a pinned, hashed requirement: {line!r}")
    return found


def direct(path: Path) -> set[str]:
    """The package names a .in file asks for (its -r/-c lines left out)."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(normalized(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0]))
    return names


@pytest.mark.parametrize("name", ["requirements", "requirements-dev"])
def test_every_requirement_is_pinned_and_hashed(name: str) -> None:
    lock = locked(ROOT / f"{name}.txt")
    assert lock, f"{name}.txt names no package"
    unhashed = sorted(package for package, hashes in lock.items() if hashes == 0)
    assert not unhashed, f"{name}.txt has packages without a hash: {unhashed}"
    missing = direct(ROOT / f"{name}.in") - set(lock)
    assert not missing, (
        f"{name}.in asks for {sorted(missing)}, which {name}.txt does not lock: run `make lock`"
    )


def test_the_dev_lock_keeps_the_site_packages_at_the_site_versions() -> None:
    site = {
        line.split(" ")[0] for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line
    }
    dev = {
        line.split(" ")[0]
        for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
        if "==" in line
    }
    assert {normalized(s) for s in site} <= {normalized(d) for d in dev}, (
        "requirements-dev.txt drifted from requirements.txt"
    )


def test_the_lock_check_refuses_an_unhashed_line(tmp_path: Path) -> None:
    bad = tmp_path / "requirements.txt"
    bad.write_text("mkdocs==1.6.1\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not a pinned, hashed requirement"):
        locked(bad)


def test_mkdocs_stays_below_2() -> None:
    lock = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^mkdocs==1\.", lock, re.MULTILINE)
    assert "mkdocs>=1.6.1,<2" in (ROOT / "requirements.in").read_text(encoding="utf-8")
    dependabot = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    (pip,) = [u for u in dependabot["updates"] if u["package-ecosystem"] == "pip"]
    assert {"dependency-name": "mkdocs", "versions": [">=2"]} in pip["ignore"]


def test_make_installs_only_with_hashes() -> None:
    makefile = MAKEFILE.read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if re.search(r"pip install .*-r requirements", line)]
    assert len(installs) == 2, installs
    assert all("--require-hashes" in line for line in installs), installs
    # Nothing else is pip-installed into the project's environment (pip-tools gets a throwaway one).
    others = [line for line in makefile.splitlines() if "$(BIN)/pip install" in line and line not in installs]
    assert not others, others


def test_lighthouse_comes_from_the_lock_file() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["lighthouse"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "Lighthouse is pinned to one exact version"
    entry = lock["packages"]["node_modules/lighthouse"]
    assert entry["version"] == version and entry["integrity"].startswith("sha512-")
    script = (ROOT / "scripts" / "lighthouse.py").read_text(encoding="utf-8")
    assert "npx" not in script, "scripts/lighthouse.py must run the locked Lighthouse, not fetch one"


# -- make test: the browser is there, or the run says how ------------------------------------------


def make_browser(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`make browser` with a PATH that has no chromium and an apt-get that only records its call."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("sh", "id", "make", "true"):
        target = subprocess.run(
            ["sh", "-c", f"command -v {tool}"], capture_output=True, text=True
        ).stdout.strip()
        (bin_dir / tool).symlink_to(target)
    fake = bin_dir / "apt-get"
    fake.write_text(f'#!/bin/sh\necho "apt-get $*" >>{tmp_path / "apt.log"}\n', encoding="utf-8")
    fake.chmod(0o755)
    environ = {"PATH": str(bin_dir), **env}
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(MAKEFILE), "browser"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="the install path is taken only as root")
def test_make_test_installs_chromium_as_root(tmp_path: Path) -> None:
    result = make_browser(tmp_path)
    calls = (tmp_path / "apt.log").read_text(encoding="utf-8").splitlines()
    assert calls[0] == "apt-get update -qq", calls
    assert calls[1].endswith("install -y -qq chromium"), calls
    assert "installing Debian's chromium" in result.stdout


def test_make_test_skips_the_browser_only_when_asked(tmp_path: Path) -> None:
    result = make_browser(tmp_path, SKIP_BROWSER="1")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "apt.log").exists()


def test_conftest_fails_without_chromium_unless_skipping_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import conftest

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("SKIP_BROWSER", raising=False)
    with pytest.raises(pytest.fail.Exception, match="SKIP_BROWSER=1"):
        conftest.require_browser()
    monkeypatch.setenv("SKIP_BROWSER", "1")
    with pytest.raises(pytest.skip.Exception, match="SKIP_BROWSER"):
        conftest.require_browser()
    monkeypatch.setenv("CI", "true")  # CI never skips
    with pytest.raises(pytest.fail.Exception):
        conftest.require_browser()


# -- the weekly audit ---------------------------------------------------------------------------------

FAKE_GH = """\
#!/bin/sh
# Stand-in for the gh CLI: records every call; answers `issue list` from $FAKE_ISSUES.
printf '%s\\n' "$*" >>"$GH_LOG"
if [ "$1 $2" = "issue list" ]; then
  printf '%s\\n' "$FAKE_ISSUES"
fi
"""


def audit_workflow() -> dict[str, Any]:
    data = yaml.safe_load(AUDIT_WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_audit_runs_pip_audit_without_write_access() -> None:
    jobs = audit_workflow()["jobs"]
    assert jobs["audit"]["permissions"] == {"contents": "read"}
    runs = "\n".join(str(step.get("run", "")) for step in jobs["audit"]["steps"])
    assert "make -s audit" in runs
    assert "pip-audit --strict --disable-pip --require-hashes" in MAKEFILE.read_text(encoding="utf-8")
    assert jobs["report"]["permissions"] == {"issues": "write"}
    assert not any("uses" in step for step in jobs["report"]["steps"]), (
        "the job that may write runs no action"
    )


@pytest.mark.parametrize(
    ("status", "open_issues", "expected"),
    [
        (
            "found",
            [],
            "issue create --title Known vulnerabilities in locked dependencies --label dependency-audit",
        ),
        ("found", [{"number": 9}, {"number": 4}], "issue edit 4 --body-file body.md"),
        ("clean", [{"number": 4}], "issue close 4 --comment"),
        ("clean", [], None),
    ],
    ids=["create", "update", "close", "nothing"],
)
def test_the_audit_keeps_one_issue_it_opened(
    tmp_path: Path, status: str, open_issues: list[dict[str, int]], expected: str | None
) -> None:
    (step,) = audit_workflow()["jobs"]["report"]["steps"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    (tmp_path / "step.sh").write_text(str(step["run"]), encoding="utf-8")
    log = tmp_path / "gh.log"
    report = "| Name | Version | ID | Fix Versions |\n|---|---|---|---|\n| jinja2 | 3.1.6 | GHSA-x | 3.1.7 |"
    env = {
        **{key: value for key, value in step["env"].items() if not str(value).startswith("${{")},
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "STATUS": status,
        "REPORT": report,
        "FAKE_ISSUES": json.dumps(open_issues),
        "GH_LOG": str(log),
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "step.sh"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    # It looks only at issues it opened: its label, and the workflow's own bot as author.
    assert calls[0].startswith("issue list --state open --label dependency-audit --author app/github-actions")
    writes = calls[1:]
    if expected is None:
        assert writes == []
    else:
        assert writes[-1].startswith(expected), writes
    if status == "found":
        assert report in (tmp_path / "body.md").read_text(encoding="utf-8")
