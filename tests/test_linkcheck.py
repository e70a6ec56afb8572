"""scripts/linkcheck.py: the real wiki has no broken links, and broken ones are reported with their source.

One throwaway project holds every kind of broken link, one per page, so it is built once and checked a
few times (LinkChecker takes seconds per run). It is built without --strict: MkDocs would refuse the
broken Markdown links, and the point is that LinkChecker catches them too, including the ones MkDocs
cannot see (raw HTML, templates, anchors added by the theme).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import linkcheck
import pytest
from sitebuild import ROOT, run_build, write_project

pytestmark = pytest.mark.build

HOME = """\
---
title: Home
summary: The home page of a throwaway wiki built by the link check tests.
---

# Home
"""

PAGE = """\
---
title: {title}
summary: A playbook used by the link check tests, long enough to pass the summary check.
tags: [feedback]
---

{body}

## Real heading

Some text.
"""
BODY_LINE = 7  # the line of {body} in PAGE

# page slug -> (body, what the report says about it); every page holds exactly one broken link.
BROKEN = {
    # MkDocs leaves a Markdown link it cannot resolve as written: the page asks for .../missing-page/missing.md
    "missing-page": ("See [the missing page](missing.md).", "broken link 'missing.md'"),
    "missing-anchor": ("See [the target](target.md#missing).", "broken anchor '../target/#missing'"),
    "same-page-anchor": ("See [above](#nowhere).", "broken anchor '#nowhere'"),
    "raw-html": ('See <a href="../nope/">raw html</a>.', "broken link '../nope/'"),
    # On GitHub Pages /elsewhere/ is outside the project site; the test server 404s it the same way.
    "leaves-site-path": ('See <a href="/elsewhere/">outside</a>.', "broken link '/elsewhere/'"),
    "close-anchor": ("See [the heading](target.md#real-headin).", "broken anchor '../target/#real-headin'"),
}
WORKING = (
    "[target](target.md), [its heading](target.md#real-heading), [here](#real-heading), [home](../index.md)"
)
DEAD_HOST = 'See <a href="http://127.0.0.1:9/down">a dead host</a>.'  # port 9 refuses: no network needed


@dataclass(frozen=True)
class Project:
    config: Path
    site_dir: Path

    def check(self, *args: str) -> tuple[int, str, str]:
        """linkcheck.main on the existing build; returns (exit status, stdout, stderr)."""
        out, err = StringIO(), StringIO()
        argv = ["-f", str(self.config), "--site-dir", str(self.site_dir), "--no-build", *args]
        with redirect_stdout(out), redirect_stderr(err):
            status = linkcheck.main(argv)
        return status, out.getvalue(), err.getvalue()


def page(title: str, body: str) -> str:
    return PAGE.format(title=title, body=body)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("broken-links")
    pages = {
        "index.md": HOME,
        "playbooks/target.md": page("Target page", "The page the others link to."),
        "playbooks/working.md": page("Working links", WORKING),
        "playbooks/dead-host.md": page("Dead host", DEAD_HOST),
        "playbooks/index.md": "# Playbooks\n\n[gone](gone.md)\n",
    }
    pages |= {
        f"playbooks/{slug}.md": page(slug.replace("-", " ").title(), body)
        for slug, (body, _) in BROKEN.items()
    }
    config = write_project(root, pages, commons={"history": False})
    build = run_build(config, strict=False)
    assert build.returncode == 0, build.log
    return Project(config, build.site_dir)


@pytest.fixture(scope="module")
def report(project: Project) -> str:
    status, out, err = project.check()
    assert status == linkcheck.BROKEN, out + err
    return out


# -- the real wiki ----------------------------------------------------------------------------------


def test_the_wiki_has_no_broken_links_or_anchors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The internal link check of `make test`: strict build, served under /learning-commons/, AnchorCheck on."""
    status = linkcheck.main(["--site-dir", str(tmp_path / "site")])
    output = capsys.readouterr()
    assert status == linkcheck.OK, output.out + output.err
    assert "no broken links" in output.out


# -- broken links are found and named by their Markdown source ---------------------------------------


@pytest.mark.parametrize("slug", BROKEN)
def test_a_broken_link_names_its_markdown_file_and_line(report: str, slug: str) -> None:
    expected = BROKEN[slug][1]
    assert f"\ndocs/playbooks/{slug}.md:{BODY_LINE}: {expected}" in report, report
    assert f"    on page   https://learning-commons.github.io/learning-commons/playbooks/{slug}/\n" in report


def test_each_broken_link_is_reported_once_and_working_links_not_at_all(report: str) -> None:
    sources = re.findall(r"^(docs/\S+?):\d+: ", report, flags=re.MULTILINE)
    expected = [f"docs/playbooks/{slug}.md" for slug in BROKEN] + ["docs/playbooks/index.md"]
    assert sorted(sources) == sorted(expected), report
    assert f"{len(expected)} problem(s)" in report


def test_an_index_page_maps_to_its_index_md(report: str) -> None:
    assert "\ndocs/playbooks/index.md:3: broken link 'gone.md'" in report


def test_a_missing_anchor_suggests_the_closest_ones(report: str) -> None:
    assert "Anchor #real-headin is not on that page — did you mean #real-heading?" in report
    assert "#__palette" not in report  # the theme's own anchors are noise


def test_other_sites_are_not_contacted_without_external(report: str) -> None:
    assert "127.0.0.1:9" not in report


def test_source_file_maps_directory_urls_back_to_markdown(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name in ("index.md", "a/b.md", "c/index.md", "d/README.md", "assets/x.css"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x")
    assert linkcheck.source_file("", docs) == docs / "index.md"
    assert linkcheck.source_file("a/b/", docs) == docs / "a/b.md"
    assert linkcheck.source_file("a/b/index.html", docs) == docs / "a/b.md"
    assert linkcheck.source_file("c/", docs) == docs / "c/index.md"
    assert linkcheck.source_file("d/", docs) == docs / "d/README.md"
    assert linkcheck.source_file("assets/x.css", docs) == docs / "assets/x.css"
    assert linkcheck.source_file("tags/feedback/", docs) is None


# -- the speed-ups: the same report as LinkChecker on its own ---------------------------------------

# A hand-written site (no build): a/ is linked only through anchors, so its page is fetched the long
# way and crawled through its page URL; b/ is linked plainly too, so its anchors are answered from the
# page already parsed; each page has a broken anchor or link.
HAND_WRITTEN = {
    "index.html": '<a href="a/#x">x</a> <a href="a/#nope">nope</a> <a href="b/">b</a> <a href="b/#gone">gone</a>',
    "a/index.html": '<h2 id="x">X</h2> <a href="../missing/">missing</a> <a href="../b/#here">here</a>',
    "b/index.html": '<p id="here"><a href="#here">self</a> <a href="#not-here">not here</a></p>',
}
HAND_WRITTEN_PROBLEMS = [
    "docs/a.md: broken link '../missing/' (text: 'missing')",
    "docs/b.md: broken anchor '#not-here' (text: 'not here')",
    "docs/index.md: broken anchor 'a/#nope' (text: 'nope')",
    "docs/index.md: broken anchor 'b/#gone' (text: 'gone')",
]


@pytest.fixture(scope="module")
def hand_written(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("hand-written")
    (root / "mkdocs.yml").write_text("site_name: x\nsite_url: https://example.org/learning-commons/\n")
    for page, body in HAND_WRITTEN.items():
        html = root / "site" / page
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>\n")
        source = root / "docs" / (page.replace("/index.html", ".md").replace(".html", ".md"))
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("# Page\n")
    return Project(root / "mkdocs.yml", root / "site")


def problems_in(report: str) -> list[str]:
    return sorted(re.findall(r"^(docs/\S+: .*)$", report, flags=re.MULTILINE))


@pytest.mark.parametrize(
    "options", [(), ("--parsers", "0"), ("--parsers", "1", "--threads", "1"), ("--plain",)]
)
def test_anchors_are_checked_with_and_without_the_speed_ups(
    hand_written: Project, options: tuple[str, ...]
) -> None:
    status, out, err = hand_written.check(*options)
    assert status == linkcheck.BROKEN, out + err
    assert problems_in(out) == HAND_WRITTEN_PROBLEMS, out


@pytest.fixture(scope="module")
def plain_report(project: Project) -> str:
    """The broken-links project checked by LinkChecker as released (--plain)."""
    status, out, err = project.check("--plain")
    assert status == linkcheck.BROKEN, out + err
    return out


def test_the_speed_ups_report_what_linkchecker_reports_alone(report: str, plain_report: str) -> None:
    assert problems_in(report) == problems_in(plain_report)
    assert report.split("\n", 1)[1] == plain_report.split("\n", 1)[1]  # all but the summary (time, requests)


def test_the_speed_ups_fetch_each_page_once(project: Project, report: str, plain_report: str) -> None:
    fast = int(re.search(r"\((\d+) requests", report)[1])
    plain = int(re.search(r"\((\d+) requests", plain_report)[1])
    pages = len(list(project.site_dir.rglob("*.html")))
    assert fast <= pages + 20, (fast, pages)  # + theme assets, robots.txt and the missing pages
    assert fast < plain, (fast, plain)  # LinkChecker alone fetches a page again for each anchor


def run_with_the_script(code: str) -> subprocess.CompletedProcess[str]:
    """Python ``code`` with LinkChecker imported and this script loaded as ``module`` (the name
    `linkcheck` is LinkChecker's there)."""
    script = ROOT / "scripts" / "linkcheck.py"
    prelude = (
        "import importlib.util, sys; import linkcheck.command.linkchecker; "
        f"spec = importlib.util.spec_from_file_location('wiki_linkcheck', {str(script)!r}); "
        "module = sys.modules[spec.name] = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
    )
    return subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, check=False)


def test_pages_are_read_as_linkcheckers_beautiful_soup_reads_them(project: Project) -> None:
    """Elements, attributes, lines, link texts, encoding and robots meta: the same without the tree."""
    proc = run_with_the_script(
        "from pathlib import Path\n"
        f"pages = [p.read_bytes() for p in sorted(Path({str(project.site_dir)!r}).rglob('*.html'))]\n"
        "pages += [module.CANARY, module.SCAN_CANARY]\n"
        "differ = [i for i, page in enumerate(pages) if module.read_with_sink(page) != module.read_with_soup(page)]\n"
        "print(len(pages), differ)\n"
    )
    count, differ = proc.stdout.split(" ", 1)
    assert int(count) > 10, proc.stdout + proc.stderr
    assert differ.strip() == "[]", proc.stdout + proc.stderr


def test_the_fast_reader_reads_every_page_of_a_built_wiki(project: Project) -> None:
    """_scan gives up on markup it does not read as html.parser does; a theme or plugin that puts such
    markup on every page would halve the check's speed without a word: this names the pages."""
    proc = run_with_the_script(
        "from pathlib import Path\n"
        f"site = Path({str(project.site_dir)!r})\n"
        "pages = sorted(site.rglob('*.html'))\n"
        "print(len(pages), [str(p.relative_to(site)) for p in pages if not module.scans(p.read_bytes())])\n"
    )
    count, given_up = proc.stdout.split(" ", 1)
    assert int(count) > 10, proc.stdout + proc.stderr
    assert given_up.strip() == "[]", proc.stdout + proc.stderr


# Pieces of markup, sound and broken, put together at random: wherever _scan reads a document, it must
# read what LinkChecker's Beautiful Soup tree has.
# fmt: off
PIECES = [
    "<", ">", "&", "&amp;", "&#", "&#1", "&#x4", "&#65", "&#150;", "&#0;", "&#x110000;", ";", "&eacute",
    "&foo", "&AMP;", '"', "'", "=", " ", "\n", "\r\n", "\t", "/", "x", "yz", "\u00e9", "\u00a0", "\x00",
    "<a href=x>", '<a href="y" id=z>', "<A HREF=u>", "</a>", "</A>", "<a name=n>", "<a href=x />",
    "<a\nhref='m'\n>", "<a b='c'd>", "<a/b>", "< a>", "</ a>", "<a href=&quot;>", "<a title=a&lt;b href=c>",
    "<a ID=x Id=y>", "<span id class=c>", " id", "ID=1", "<br>", "</br>", "<br/>", "<br />", "<img src=i>",
    "</img>", "<div>", "</div>", "<p id=q>", "</p>", "<p/>", "</p\n>", "<b>", "</b>", "<td id=td>", "</td>",
    "<pre>", "</pre>", "<svg>", "</svg>", "<path d=1/>", "<template>", "</template>", "<rt>", "</rt>",
    "<script>", "</script>", "<SCRIPT>", "</script >", "<script/>", "<style>", "</style>", "<title>",
    "</title>", "<title></title>", "<title>&amp;</title>", "<textarea>", "</textarea>", "<noscript>", "<xmp>",
    "<!--", "-->", "--", "<!-->", "<!--->", "<!---->", "<!-- - -->", "<!--a--b-->", "<!--a--!>",
    "<!DOCTYPE html>", "<!doctype\nhtml>", "<!DOCTYPE>", "<![CDATA[x]]>", "<?pi>",
    "<meta name=robots content=nofollow>", "<base href=/b/>",
]
# fmt: on


def test_the_fast_reader_reads_what_beautiful_soup_reads_or_gives_up() -> None:
    proc = run_with_the_script(
        "import random\n"
        f"pieces, rng = {PIECES!r}, random.Random(2024)\n"
        "read = differ = 0\n"
        "for _ in range(3000):\n"
        "    markup = ''.join(rng.choice(pieces) for _ in range(rng.randint(1, 30))).encode()\n"
        "    if module.scans(markup):\n"
        "        read += 1\n"
        "        differ += module.read_with_sink(markup) != module.read_with_soup(markup)\n"
        "print(read, differ)\n"
    )
    read, differ = map(int, proc.stdout.split())
    assert read > 300, proc.stdout + proc.stderr  # enough documents that it reads
    assert differ == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "change",
    [
        "import linkcheck._release as release; release.__version__ = '99.0'",
        "module.parse_page = lambda markup, encoding=None: module.ParsedPage(None, [], False)",
    ],
    ids=["another LinkChecker", "another Beautiful Soup"],
)
def test_when_its_assumptions_fail_linkchecker_runs_without_the_speed_ups(change: str) -> None:
    proc = run_with_the_script(f"{change}\nprint(module.speed_up_linkchecker())")
    assert proc.stdout.strip() == "False", proc.stdout + proc.stderr
    assert linkcheck.SPEED_UP_SKIPPED in proc.stderr


def test_when_the_fast_reader_reads_otherwise_pages_are_read_by_html_parser() -> None:
    proc = run_with_the_script(
        "module._scan = lambda text, sink: sink.start('a', {'href': 'x'}, 1, 0) and False\n"
        "print(module.speed_up_linkchecker(), module.SCANNING, module.read_with_sink(module.SCAN_CANARY)"
        " == module.read_with_soup(module.SCAN_CANARY))"
    )
    assert proc.stdout.split() == ["True", "False", "True"], proc.stdout + proc.stderr
    assert linkcheck.SCAN_SKIPPED in proc.stderr


# -- --external and --ignore-file --------------------------------------------------------------------


def test_external_links_are_checked_with_external(project: Project, tmp_path: Path) -> None:
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("# the tests have no network: skip real sites\n\n^https://\n")
    status, out, err = project.check("--external", "--timeout", "5", "--ignore-file", str(ignore))
    assert status == linkcheck.BROKEN, out + err
    assert f"\ndocs/playbooks/dead-host.md:{BODY_LINE}: broken link 'http://127.0.0.1:9/down'" in out, out


def test_ignore_file_patterns_skip_links_but_never_the_site_itself(project: Project, tmp_path: Path) -> None:
    """The weekly ignore file skips 127.0.0.1 links in examples; the site on 127.0.0.1 is still checked."""
    ignore = tmp_path / "ignore.txt"
    weekly = (ROOT / ".github" / "linkcheck-external-ignore.txt").read_text(encoding="utf-8")
    ignore.write_text(weekly + "\n^https://\n")
    status, out, err = project.check("--external", "--timeout", "5", "--ignore-file", str(ignore))
    assert status == linkcheck.BROKEN, out + err
    assert "127.0.0.1:9" not in out
    for slug, (_, expected) in BROKEN.items():
        assert f"docs/playbooks/{slug}.md:{BODY_LINE}: {expected}" in out, out


@pytest.mark.parametrize(
    ("pattern", "url", "ignored"),
    [
        (r"^https?://127\.0\.0\.1(:\d+)?(/|$)", "http://127.0.0.1:8000/", True),
        (r"^https?://127\.0\.0\.1(:\d+)?(/|$)", "http://127.0.0.1:4321/learning-commons/x/", False),
        (r"linkedin\.com/", "https://www.linkedin.com/in/someone", True),
        (r"^mailto:", "mailto:guild@example.org", True),
        (r"^mailto:", "https://example.org/mailto:", False),
    ],
)
def test_guarded_patterns_mean_what_they_say_except_for_the_site(
    pattern: str, url: str, ignored: bool
) -> None:
    assert bool(re.search(linkcheck.guard(pattern, "http://127.0.0.1:4321/"), url)) is ignored


def test_a_bad_ignore_pattern_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("# comment\n(unclosed\n")
    assert linkcheck.main(["--ignore-file", str(ignore), "--no-build", "--site-dir", str(tmp_path)]) == 2
    assert f"{ignore}:2: not a regular expression" in capsys.readouterr().err


def test_the_linkchecker_settings_turn_on_anchor_checking() -> None:
    rc = linkcheck.linkcheckerrc("http://127.0.0.1:1234/", external=True, threads=4, timeout=5)
    assert "[AnchorCheck]" in rc
    assert "checkextern=1" in rc
    assert "internlinks=^http://127\\.0\\.0\\.1:1234/" in rc
    assert "checkextern=0" in linkcheck.linkcheckerrc(
        "http://127.0.0.1:1/", external=False, threads=4, timeout=5
    )


# -- the program ------------------------------------------------------------------------------------


def test_a_failing_strict_build_stops_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_project(
        tmp_path,
        {"index.md": HOME, "playbooks/linking.md": page("Linking", "[gone](gone.md)")},
        commons={"history": False},
    )
    assert linkcheck.main(["-f", str(config)]) == linkcheck.CANNOT_CHECK
    err = capsys.readouterr().err
    assert "contains a link 'gone.md'" in err
    assert "`mkdocs build --strict` failed" in err


def test_no_build_needs_a_site_dir(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        linkcheck.main(["--no-build"])
    assert exit_info.value.code == 2
    assert "--no-build needs --site-dir" in capsys.readouterr().err


def test_runs_as_a_program_with_help() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "linkcheck.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert "--external" in proc.stdout and "--ignore-file" in proc.stdout


# -- the self-check: a run that did not check links or anchors cannot pass --------------------------

# What a renamed LinkChecker internal can do without a word: no plugin loads (as when `drop_privileges`
# is renamed and LinkChecker, run as root in a folder `nobody` cannot read, loses AnchorCheck), or no
# page is crawled for its links.
SIMULATED_BREAKAGES = {
    "anchors unchecked": (
        "import linkcheck.plugins as p; p.get_plugin_modules = lambda folders: []; ",
        "did not check anchors",
    ),
    "links unchecked": (
        "import linkcheck.checker.urlbase as u; u.UrlBase.allows_recursion = lambda self: False; ",
        "did not check links",
    ),
}


@pytest.mark.parametrize("breakage", SIMULATED_BREAKAGES)
@pytest.mark.parametrize("options", [(), ("--plain",)], ids=["fast", "plain"])
def test_a_link_check_that_did_not_check_fails_the_run(
    hand_written: Project, monkeypatch: pytest.MonkeyPatch, breakage: str, options: tuple[str, ...]
) -> None:
    patch, message = SIMULATED_BREAKAGES[breakage]
    start = linkcheck.START.replace("module.linkchecker_main(", patch + "module.linkchecker_main(")
    assert start != linkcheck.START
    monkeypatch.setattr(linkcheck, "START", start)
    status, out, err = hand_written.check(*options)
    assert status == linkcheck.CANNOT_CHECK, out + err
    assert message in err and "cannot be trusted" in err, err


def test_the_self_check_pages_never_reach_the_report(hand_written: Project) -> None:
    status, out, err = hand_written.check()
    assert status == linkcheck.BROKEN, out + err
    assert linkcheck.SELF_CHECK_PATH.strip("/") not in out + err


def self_check_problem(kind: str, link: str) -> linkcheck.Problem:
    message = "Anchor #x is not on that page" if kind == "broken anchor" else "404 Not Found"
    return linkcheck.Problem(
        page=linkcheck.SELF_CHECK_PATH,
        link=link,
        target=link,
        text="",
        message=message,
        is_warning=kind == "broken anchor",
    )


def test_the_self_check_wants_exactly_its_two_broken_links() -> None:
    link = self_check_problem("broken link", linkcheck.SELF_CHECK_BROKEN_LINK)
    anchor = self_check_problem("broken anchor", linkcheck.SELF_CHECK_BROKEN_ANCHOR)
    working = self_check_problem("broken anchor", "target/#present")
    assert linkcheck.self_check_failures([link, anchor]) == []
    assert [f.split(":")[0] for f in linkcheck.self_check_failures([link])] == [
        "the link checker did not check anchors"
    ]
    assert [f.split(":")[0] for f in linkcheck.self_check_failures([anchor])] == [
        "the link checker did not check links"
    ]
    assert "which works" in linkcheck.self_check_failures([link, anchor, working])[0]


def test_a_renamed_drop_privileges_is_said_and_not_silently_replaced() -> None:
    proc = run_with_the_script(
        "cli = linkcheck.command.linkchecker; del cli.drop_privileges\n"
        "print(module.keep_user(cli), hasattr(cli, 'drop_privileges'))\n"
    )
    assert proc.stdout.split() == ["False", "False"], proc.stdout + proc.stderr
    assert linkcheck.USER_NOT_KEPT in proc.stderr


@pytest.mark.parametrize(
    "change",
    [
        "import linkcheck._release as release; release.__version__ = '10.6.1'",
        "import linkcheck.htmlutil.linkparse as l; del l.find_links",
    ],
    ids=["another 10.x release", "find_links renamed"],
)
def test_the_speed_ups_apply_only_to_the_release_they_were_written_for(change: str) -> None:
    proc = run_with_the_script(f"{change}\nprint(module.speed_up_linkchecker())")
    assert proc.stdout.strip() == "False", proc.stdout + proc.stderr
    assert linkcheck.SPEED_UP_SKIPPED in proc.stderr


# -- the upstream fix ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def patched_linkchecker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LinkChecker as installed, with scripts/linkchecker-anchor-cache.patch applied, in a folder of its own."""
    # `linkcheck` here is scripts/linkcheck.py: ask a fresh interpreter where LinkChecker's package is.
    spec = subprocess.run(
        [sys.executable, "-c", "import importlib.util; print(importlib.util.find_spec('linkcheck').origin)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path_factory.getbasetemp(),
    ).stdout.strip()
    folder = tmp_path_factory.mktemp("patched-linkchecker")
    shutil.copytree(Path(spec).parent, folder / "linkcheck", ignore=shutil.ignore_patterns("__pycache__"))
    patch = ROOT / "scripts" / "linkchecker-anchor-cache.patch"
    applied = subprocess.run(
        ["patch", "-p1", "--batch", "--forward", "-i", str(patch)], cwd=folder, capture_output=True, text=True
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    return folder


def test_the_upstream_patch_reports_what_linkchecker_reports_with_fewer_requests(
    project: Project, plain_report: str, patched_linkchecker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(patched_linkchecker))
    status, patched, err = project.check("--plain")
    assert status == linkcheck.BROKEN, patched + err
    assert patched.split("\n", 1)[1] == plain_report.split("\n", 1)[1]  # the same findings, word for word
    requests = int(re.search(r"\((\d+) requests", patched)[1])
    plain = int(re.search(r"\((\d+) requests", plain_report)[1])
    assert requests < plain, (requests, plain)


def test_linkchecker_is_looked_up_past_this_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """`linkcheck` on the scripts folder is this script: it never counts as LinkChecker being installed."""
    assert linkcheck.linkchecker_installed()
    monkeypatch.setattr(sys, "path", [str(ROOT / "scripts")])
    assert not linkcheck.linkchecker_installed()
    with pytest.raises(FileNotFoundError, match="make setup-dev"):
        linkcheck.linkchecker_command()
