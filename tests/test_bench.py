"""scripts/bench.py end to end on a small wiki: the report is complete and sane, the wiki is valid.

Times are never asserted (they depend on the machine); what the report contains and what the generated
wiki is are.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "scripts" / "bench.py"
SMALL = [sys.executable, str(BENCH), "--pages", "60", "--commits", "120", "--runs", "1"]

VARIANT_FIELDS = {
    "wall_s",
    "wall_median_s",
    "wall_min_s",
    "wall_max_s",
    "cpu_median_s",
    "peak_rss_mb",
    "peak_rss_median_mb",
    "site_mb",
    "site_mb_per_1000_pages",
    "site_files",
    "search_index_mb",
    "git_processes",
    "git_commands",
}


def run_small(work: Path, *options: str) -> tuple[dict[str, Any], str]:
    """The JSON report and the progress lines of a small benchmark run in ``work``."""
    proc = subprocess.run(
        [*SMALL, *options, "--json", "--workdir", str(work)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout), proc.stderr


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    work = tmp_path_factory.mktemp("bench") / "work"
    return run_small(work)[0], work


@pytest.mark.build
def test_report_has_every_field(bench: tuple[dict[str, Any], Path]) -> None:
    report, _ = bench
    assert set(report) >= {
        "config",
        "machine",
        "code",
        "wiki",
        "hooks",
        "no_hooks",
        "ratios",
        "hooks_overhead_s",
        "hooks_overhead_cpu_s",
        "hooks_overhead_cpu_min_s",
        "targets",
        "serve_edit",
        "linkcheck",
    }
    for variant in ("hooks", "no_hooks"):
        assert set(report[variant]) >= VARIANT_FIELDS, variant
        assert len(report[variant]["wall_s"]) == 1
    assert set(report["ratios"]) == {"wall", "cpu", "peak_rss", "site_mb"}
    assert set(report["machine"]) >= {"cpus", "memory_gib", "python", "mkdocs", "material", "git"}
    assert report["config"] == {
        "equal_nav": False,
        "adopted": False,
        "pages": 60,
        "commits": 120,
        "runs": 1,
        "own_runs": 0,
        "warmup": 0,
        "seed": 1,
    }
    assert report["no_hooks_equal_nav"] is None and report["ratios_equal_nav"] is None
    assert report["adopted"] is None


@pytest.mark.build
def test_report_values_are_sane(bench: tuple[dict[str, Any], Path]) -> None:
    report, _ = bench
    hooks, plain = report["hooks"], report["no_hooks"]
    assert all(value > 0 for value in report["ratios"].values())
    assert 1 <= hooks["git_processes"] <= 6
    assert plain["git_processes"] == 0
    assert hooks["git_commands"] and "log" in hooks["git_commands"]
    for variant in (hooks, plain):
        assert variant["wall_min_s"] <= variant["wall_median_s"] <= variant["wall_max_s"]
        assert variant["site_mb"] > 0 and variant["site_mb_per_1000_pages"] > 0
        assert variant["search_index_mb"] > 0 and variant["peak_rss_median_mb"] > 0
    # The hooks add tag, recent and contributor pages to the same content.
    assert hooks["site_files"] > plain["site_files"]
    wiki = report["wiki"]
    assert wiki["pages"] == 60 and wiki["markdown_files"] == 60 + wiki["fixed_pages"]
    assert wiki["commits"] == 120 and wiki["renames"] >= 1 and wiki["bulk_commits"] == 1
    assert wiki["playbooks"] and wiki["lessons"] and wiki["workshops"]
    assert report["targets"]["git_processes_le_6"] is True


@pytest.mark.build
def test_generated_wiki_passes_the_front_matter_check(bench: tuple[dict[str, Any], Path]) -> None:
    _, work = bench
    docs = work / "repo" / "docs"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check.py"), "--docs-dir", str(docs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "64 pages checked, no problems" in proc.stderr


@pytest.mark.build
def test_the_learning_pulse_is_timed_on_the_generated_wiki(bench: tuple[dict[str, Any], Path]) -> None:
    import bench as bench_script

    _, work = bench
    repo = work / "repo"
    assert "    closed: " in "".join(p.read_text(encoding="utf-8") for p in (repo / "docs").rglob("*.md"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(bench_script.SOURCE_DATE_EPOCH)}
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_pulse.py"),
            str(repo / "mkdocs-hooks.yml"),
            "--repeats",
            "2",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    pulse = json.loads(proc.stdout)
    assert pulse["repeats"] == 2 and pulse["pages"] == 64 and pulse["changes"] > 60
    assert pulse["total_median_s"] > 0 and pulse["page_kb"] > 10
    shown = bench_script.pulse_lines({**pulse, "share_of_build": 0.004})
    assert shown[0].startswith(f"  learning pulse: {pulse['total_median_s']} s CPU") and "0.4% of" in shown[0]


@pytest.mark.build
def test_generated_history_has_authors_renames_and_a_bulk_commit(bench: tuple[dict[str, Any], Path]) -> None:
    _, work = bench
    log = subprocess.run(
        ["git", "log", "-M", "--name-status", "--format=%x1e%an%x1f%ad%x1f%cd%x1f%s", "--date=unix"],
        cwd=work / "repo",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commits = [record for record in log.split("\x1e") if record.strip()]
    assert len(commits) == 120
    authors = {record.split("\x1f")[0] for record in commits}
    assert len(authors) >= 10
    assert any(line.startswith("R") for line in log.splitlines())
    bulk = next(record for record in commits if "\x1fReformat every page" in record)
    assert bulk.count("\nM\t") > 40  # more than bulk_commit_pages: not an update


@pytest.mark.build
def test_same_sidebar_build_and_extra_pairs_for_the_hooks_own_time(tmp_path: Path) -> None:
    report, progress = run_small(tmp_path / "work", "--equal-nav", "--own-runs", "2")
    assert report["config"]["own_runs"] == 2 and report["own_time_pairs"] == 3
    assert len(report["no_hooks_equal_nav"]["wall_s"]) == 1  # the extra pairs count for the own time only
    assert set(report["ratios_equal_nav"]) == {"wall", "cpu", "peak_rss", "site_mb"}
    assert isinstance(report["hooks_overhead_equal_nav_cpu_s"], float)
    assert isinstance(report["hooks_overhead_equal_nav_cpu_min_s"], float)
    logs = sorted(path.name for path in (tmp_path / "work" / "logs").glob("build-*.log"))
    assert logs == [
        "build-hooks-1.log",
        "build-hooks_own-1.log",
        "build-hooks_own-2.log",
        "build-no_hooks-1.log",
        "build-no_hooks_equal_nav-1.log",
        "build-no_hooks_equal_nav_own-1.log",
        "build-no_hooks_equal_nav_own-2.log",
    ]
    assert "own-time run 2/2 no_hooks_equal_nav_own" in progress


@pytest.mark.build
def test_adopted_pages_moved_into_docs_keep_their_history(tmp_path: Path) -> None:
    work = tmp_path / "work"
    report, _ = run_small(work, "--adopted")
    adopted = report["adopted"]
    assert adopted["ok"] and adopted["created_shown"] == adopted["created"] and not adopted["mover_credited"]
    assert report["hooks"]["git_processes"] <= 6
    log = subprocess.run(
        ["git", "log", "-M", "--name-status", "--format=%x1e%an%x1f%s"],
        cwd=work / "repo",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    move, *before = [record for record in log.split("\x1e") if record.strip()]
    assert move.startswith("Adrian Adopter\x1f")  # the last commit, by someone who wrote no page
    renames = [line.split("\t") for line in move.splitlines() if line.startswith("R")]
    assert len(renames) == adopted["moved_files"] > 60
    assert all(new == f"docs/{old}" for _, old, new in renames)
    assert not any("\tdocs/" in record for record in before)  # every page was written at the root


def test_the_adoption_check_tells_a_lost_history(tmp_path: Path) -> None:
    import bench

    wiki = bench.plan_wiki(3, 12, 30, bench.load_vocabulary(ROOT / "docs" / "tags.yml"))
    bench._fill_dates(wiki, random.Random(4))
    page = min((p for p in wiki.pages if p.created), key=lambda p: p.created)
    built = tmp_path / bench.site_path(page.path) / "index.html"
    built.parent.mkdir(parents=True)
    fact = '<span class="lc-fact__label">{label}</span> <time datetime="{when}">x</time>'
    label = "Written up" if page.kind == "lesson" else "Created"
    built.write_text(fact.format(label=label, when=page.created.isoformat()), encoding="utf-8")
    assert bench.adoption_check(wiki, tmp_path, 5)["ok"]
    built.write_text(fact.format(label=label, when="2026-12-06T10:00:00+00:00"), encoding="utf-8")
    assert not bench.adoption_check(wiki, tmp_path, 5)["ok"]  # the move's date: history lost
    built.write_text(
        fact.format(label=label, when=page.created.isoformat()) + bench.MOVER[0], encoding="utf-8"
    )
    assert bench.adoption_check(wiki, tmp_path, 5)["mover_credited"]


def test_own_time_from_paired_cpu_times() -> None:
    import bench

    # Median of the pair differences (1.0, 3.0, 2.0), and fastest against fastest (10.0 - 9.0).
    assert bench.own_cpu([11.0, 14.0, 12.0], [10.0, 11.0, 10.0]) == (2.0, 1.0)


def test_help_describes_the_options() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--help"], capture_output=True, text=True, timeout=30, check=True
    )
    for option in (
        "--pages",
        "--commits",
        "--runs",
        "--seed",
        "--serve-edit",
        "--linkcheck",
        "--json",
        "--own-runs",
        "--pulse",
        "--adopted",
    ):
        assert option in proc.stdout


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--pages", "3"], capture_output=True, text=True, timeout=30, check=False
    )
    assert proc.returncode == 2
    assert "--pages must be at least 12" in proc.stderr
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--own-runs", "2"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2
    assert "--own-runs needs --equal-nav" in proc.stderr


def test_the_plan_is_deterministic_and_valid_for_the_sidebar_baseline() -> None:
    import bench

    vocabulary = bench.load_vocabulary(ROOT / "docs" / "tags.yml")
    first = bench.plan_wiki(7, 200, 400, vocabulary)
    again = bench.plan_wiki(7, 200, 400, vocabulary)
    assert [p.path for p in first.pages] == [p.path for p in again.pages]
    assert sum(p.kind != "page" for p in first.pages) == 200
    for page in first.pages:
        if page.kind == "workshop":
            assert sum(item["minutes"] for item in page.fields["agenda"]) == page.fields["duration"]
        if page.kind != "page":
            assert 3 <= len(page.links) <= 8, page.path
    # 200 pages: about 70 playbooks and 70 lessons (over the sidebar limit of 60), 15 workshops (under it).
    patterns = bench.sidebar_exclusions(first).split()
    assert patterns == [
        "/lessons/*.md",
        "!/lessons/index.md",
        "/lessons/*/",
        "/playbooks/*.md",
        "!/playbooks/index.md",
        "/playbooks/*/",
    ]


def test_growth_targets_use_the_same_sidebar_baseline_when_both_runs_have_it() -> None:
    import bench

    def report(pages: int, own: float, plain_own: float, mb: float) -> dict[str, Any]:
        return {
            "wiki": {"pages": pages},
            "ratios": {"wall": 0.3, "peak_rss": 1.5},
            "ratios_equal_nav": {"wall": 1.5},
            "hooks": {"git_processes": 3, "site_mb_per_1000_pages": mb},
            "hooks_overhead_cpu_s": plain_own,
            "hooks_overhead_equal_nav_cpu_s": own,
        }

    result = bench.targets(report(5000, 19.2, -170.0, 43.0), report(1000, 3.7, -3.9, 46.5))
    assert result["hooks_time_growth_measure"] == "hooks_overhead_equal_nav_cpu_s"
    assert result["hooks_time_growth"] == 5.19 and result["hooks_time_growth_le_5.5"] is True
    # With the fastest runs of both sizes known, those decide.
    small, large = report(1000, 3.7, -3.9, 46.5), report(5000, 19.2, -170.0, 43.0)
    small["hooks_overhead_equal_nav_cpu_min_s"], large["hooks_overhead_equal_nav_cpu_min_s"] = 3.0, 18.0
    result = bench.targets(large, small)
    assert result["hooks_time_growth_measure"] == "hooks_overhead_equal_nav_cpu_min_s"
    assert result["hooks_time_growth"] == 6.0 and result["hooks_time_growth_le_5.5"] is False
    assert result["site_mb_per_1000_pages_flat"] is True
    assert result["wall_ratio_le_1.10"] is True and result["wall_ratio_equal_nav_le_1.10"] is False
    assert result["peak_rss_ratio_le_1.2"] is False and result["git_processes_le_6"] is True


def test_navigation_problems_find_none_and_stale_titles_and_accept_section_names() -> None:
    import bench

    titles = {"": "Learning Commons", "playbooks/": "Playbooks", "playbooks/a/": "Run a retro"}
    page = (
        '<a class="md-tabs__link" href="../..">{home}</a>'
        '<a class="md-tabs__link" href="../">Playbooks</a>'
        '<a class="md-nav__link" href="../a/"><span class="md-ellipsis">{a}</span></a>'
        '<a class="md-nav__link" href="#goals">Goals</a>'
        '<a class="md-footer__link" href="../../tags/"><span>Previous</span> <div>{tags}</div></a>'
    )
    good = page.format(home="Learning Commons", a="Run a retro", tags="Tags")
    assert bench.navigation_problems(good, "playbooks/b/", titles) == []
    bad = page.format(home="None", a="Run a retrospective", tags="None")
    assert bench.navigation_problems(bad, "playbooks/b/", titles) == [
        "/playbooks/b/: the link to / reads 'None', not 'Learning Commons'",
        "/playbooks/b/: the link to /playbooks/a/ reads 'Run a retrospective', not 'Run a retro'",
        "/playbooks/b/: the link to /tags/ reads 'None', not None",
    ]


def test_site_paths_of_pages() -> None:
    import bench

    assert [bench.site_path(p) for p in ("docs/index.md", "docs/a/index.md", "docs/a/b.md")] == [
        "",
        "a/",
        "a/b/",
    ]


def test_indexing_cost_from_the_builds_with_and_without_the_index(tmp_path: Path) -> None:
    import bench

    hooks = bench.Variant(
        "hooks", tmp_path / "a.yml", tmp_path / "a", walls=[110.0, 130.0], cpus=[60.0, 64.0]
    )
    hooks.rss_mb = [800.0, 820.0]
    without = bench.Variant("hooks_no_search", tmp_path / "b.yml", tmp_path / "b", walls=[100.0, 100.0])
    without.cpus, without.rss_mb = [50.0, 50.0], [170.0, 172.0]
    for number, (wait, peak) in enumerate([("4.00", "800"), ("6.00", "820")], start=1):
        (tmp_path / f"build-hooks-{number}.log").write_text(
            "INFO    -  Cleaning site directory\nINFO    -  Search: 5004 pages indexed, "
            f"{wait} s to write the index after the last page, Pagefind's peak memory {peak} MB\n",
            encoding="utf-8",
        )
    cost = bench.indexing_cost(hooks, without, tmp_path)
    assert cost["pages_indexed"] == 5004
    assert (cost["added_wall_s"], cost["added_wall_share"]) == (20.0, 0.2)  # median of 10 and 30
    assert (cost["added_cpu_s"], cost["added_cpu_share"]) == (12.0, 0.24)
    assert (cost["wait_after_last_page_s"], cost["wait_share"]) == (5.0, 0.05)
    assert (cost["mkdocs_peak_rss_mb"], cost["pagefind_peak_rss_mb"]) == (171.0, 810.0)
    assert cost["both_at_once_at_most_mb"] == 981.0


def test_indexing_cost_needs_the_builds_word_on_the_index(tmp_path: Path) -> None:
    import bench

    hooks = bench.Variant("hooks", tmp_path / "a.yml", tmp_path / "a", walls=[1.0], cpus=[1.0], rss_mb=[1.0])
    without = bench.Variant("hooks_no_search", tmp_path / "b.yml", tmp_path / "b", walls=[1.0], cpus=[1.0])
    (tmp_path / "build-hooks-1.log").write_text(
        "INFO    -  Documentation built in 1.00 seconds\n", encoding="utf-8"
    )
    with pytest.raises(bench.BenchError, match="does not say what indexing took"):
        bench.indexing_cost(hooks, without, tmp_path)
