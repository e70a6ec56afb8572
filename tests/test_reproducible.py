"""Two clones of the repository, built with the same SOURCE_DATE_EPOCH, give byte-identical sites.

The clones live at different paths and are built by different processes (different hash seeds), so
absolute paths, set ordering and anything else that varies between machines shows up as a difference.
A third build in another time zone proves the local clock's zone does not leak into the pages.
Only committed work is in a clone: the test builds HEAD, as the deploy workflow does.
"""

from __future__ import annotations

import difflib
import gzip
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitrepo import GIT, isolated_env
from sitebuild import ROOT, build_env, run_build
from sitebuild import site_files as files

pytestmark = pytest.mark.build

MAX_DIFF_LINES = 30


@dataclass(frozen=True)
class Builds:
    epoch: int  # SOURCE_DATE_EPOCH of the builds: HEAD's committer time
    first: Path
    second: Path
    other_zone: Path


def clone(destination: Path, home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [GIT, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(destination)],
        env=isolated_env(home),
        check=True,
        capture_output=True,
    )
    return destination


def commit_time(repository: Path, home: Path) -> str:
    return subprocess.run(
        [GIT, "log", "-1", "--format=%ct"],
        cwd=repository,
        env=isolated_env(home),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def build(repository: Path, site_dir: Path, epoch: str, **env: str) -> Path:
    result = run_build(
        repository / "mkdocs.yml", env=build_env(SOURCE_DATE_EPOCH=epoch, **env), site_dir=site_dir
    )
    if result.returncode != 0:
        pytest.fail(f"HEAD does not build strictly in a clean clone:\n{result.log}", pytrace=False)
    return site_dir


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    base = tmp_path_factory.mktemp("reproducible")
    home = base / "home"
    first_clone = clone(base / "clone-a", home)
    second_clone = clone(base / "elsewhere" / "clone-b", home)
    epoch = commit_time(first_clone, home)
    return Builds(
        epoch=int(epoch),
        first=build(first_clone, base / "site-a", epoch, TZ="UTC", PYTHONHASHSEED="1"),
        second=build(second_clone, base / "site-b", epoch, TZ="UTC", PYTHONHASHSEED="2"),
        other_zone=build(second_clone, base / "site-c", epoch, TZ="Pacific/Auckland", PYTHONHASHSEED="3"),
    )


def explain(name: str, left: bytes, right: bytes) -> str:
    """A short unified diff of one differing file (gzip files are compared header and content apart)."""
    if name.endswith(".gz"):
        inner = "same" if gzip.decompress(left) == gzip.decompress(right) else "different"
        return f"{name}: gzip header differs (bytes 0-9: {left[:10].hex()} vs {right[:10].hex()}); content {inner}"
    try:
        a, b = left.decode("utf-8").splitlines(), right.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{name}: binary, {len(left)} vs {len(right)} bytes"
    diff = list(difflib.unified_diff(a, b, f"a/{name}", f"b/{name}", n=1, lineterm=""))
    shown = "\n".join(line[:200] for line in diff[:MAX_DIFF_LINES])
    more = f"\n... {len(diff) - MAX_DIFF_LINES} more diff lines" if len(diff) > MAX_DIFF_LINES else ""
    return shown + more


def compare(left_site: Path, right_site: Path) -> list[str]:
    left, right = files(left_site), files(right_site)
    problems = [f"only in the first build: {name}" for name in sorted(left.keys() - right.keys())]
    problems += [f"only in the second build: {name}" for name in sorted(right.keys() - left.keys())]
    for name in sorted(left.keys() & right.keys()):
        if left[name] != right[name]:
            problems.append(explain(name, left[name], right[name]))
    return problems


def test_two_clones_build_byte_identical_sites(builds: Builds) -> None:
    differences = compare(builds.first, builds.second)
    assert not differences, f"{len(differences)} file(s) differ:\n" + "\n".join(differences)
    assert len(files(builds.first)) > 10


def test_the_build_machine_time_zone_does_not_change_the_site(builds: Builds) -> None:
    differences = compare(builds.first, builds.other_zone)
    assert not differences, f"{len(differences)} file(s) differ:\n" + "\n".join(differences)


def test_the_compressed_sitemap_carries_the_source_date_not_the_build_time(builds: Builds) -> None:
    """MkDocs stamps sitemap.xml.gz with the pages' update date (midnight UTC of SOURCE_DATE_EPOCH)."""
    header = (builds.first / "sitemap.xml.gz").read_bytes()[:10]
    assert int.from_bytes(header[4:8], "little") == builds.epoch - builds.epoch % 86400
