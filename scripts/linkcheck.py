"""Check every link and anchor of the built wiki the way a reader meets them: over HTTP, under the site's path.

    python scripts/linkcheck.py                      # build strictly into a temp dir, check internal links
    python scripts/linkcheck.py --site-dir site --no-build
    python scripts/linkcheck.py --external --ignore-file .linkcheck-ignore   # the weekly external check

The site is served on 127.0.0.1 under the path of site_url (/learning-commons/), like GitHub Pages serves a
project site, so a link that escapes that path is reported broken too. LinkChecker crawls it with its
AnchorCheck plugin on: a link to `page.md#missing` fails as surely as a link to a missing page. Every
problem is printed with the Markdown file that produced the page, so a contributor knows what to edit.

Exit status: 0 every link works; 1 a link or anchor is broken; 2 the check could not run (build failed,
LinkChecker missing or crashed, bad arguments).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import importlib.util
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_site import base_path_of, serving

ROOT = Path(__file__).resolve().parent.parent
OK, BROKEN, CANNOT_CHECK = 0, 1, 2
ANCHOR_MESSAGE = re.compile(
    r"^Anchor `(?P<name>.*?)' \(decoded: `(?P<decoded>.*?)'\) not found\. Available anchors: (?P<anchors>.*)\.$",
    re.S,
)
# Anchors the theme adds to every page: not where a contributor meant to link.
THEME_ANCHOR = re.compile(r"^(__|md-)")
MAX_ANCHORS_SHOWN = 12
CSV_PARTS = ("urlname", "parentname", "result", "warningstring", "valid", "url", "name")
DEFAULT_THREADS = 10
FALLBACK_SITE_URL = "http://localhost/"  # no site_url: the site lives at the server root


@dataclass(frozen=True)
class SiteInfo:
    """What the check needs from mkdocs.yml, read without importing MkDocs."""

    config_file: Path
    docs_dir: Path
    site_url: str

    @property
    def base_path(self) -> str:
        return base_path_of(self.site_url)


@dataclass(frozen=True)
class Problem:
    """One broken link or anchor, as LinkChecker reported it."""

    page: str  # the page holding the link, as a path below the site root ("playbooks/x/")
    link: str  # the link as written in the page's HTML
    target: str  # where it resolves, below the site root when internal, else the absolute URL
    text: str  # the link's text
    message: str
    is_warning: bool

    @property
    def kind(self) -> str:
        if not self.is_warning:
            return "broken link"
        return "broken anchor" if self.message.startswith("Anchor ") else "link warning"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files that use !!python/name or !ENV tags without executing anything."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_site_info(config_file: Path) -> SiteInfo:
    config: dict[str, Any] = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    docs_dir = config_file.parent / str(config.get("docs_dir") or "docs")
    return SiteInfo(config_file, docs_dir.resolve(), str(config.get("site_url") or FALLBACK_SITE_URL))


# ---------------------------------------------------------------------------------------------------
# From a page URL back to the Markdown file a contributor edits


def source_file(page_path: str, docs_dir: Path) -> Path | None:
    """The Markdown file that produced the page at ``page_path`` (below the site root), if there is one.

    With directory URLs, x/y/ comes from docs/x/y.md, docs/x/y/index.md or docs/x/y/README.md.
    Generated pages (tags, recently learned, contributors) have none.
    """
    path = unquote(page_path.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    if path.endswith(".html"):
        stem = path[: -len(".html")]
        candidates = [f"{stem}.md"]
    elif path == "" or path.endswith("/"):
        stem = path.rstrip("/")
        candidates = [f"{stem}.md"] if stem else []
        candidates += [f"{stem}/index.md", f"{stem}/README.md"] if stem else ["index.md", "README.md"]
    else:
        candidates = [path]  # a stylesheet or other asset copied from docs/
    for candidate in candidates:
        file = docs_dir / candidate
        if file.is_file():
            return file
    return None


def source_line(source: Path, problem: Problem) -> int | None:
    """The first line of ``source`` that most likely holds the broken link, or None."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    link = problem.link.strip()
    fragment = "#" + link.split("#", 1)[1] if "#" in link else ""
    last = link.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    needles = [
        link,
        f"]({fragment}" if link.startswith("#") else "",
        fragment if len(fragment) > 1 else "",
        f"[{problem.text.strip()}]" if problem.text.strip() else "",
        last if len(last) > 2 else "",
    ]
    for needle in filter(None, needles):
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


# ---------------------------------------------------------------------------------------------------
# Running LinkChecker


# LinkChecker run as root switches its effective user to `nobody` after reading its options and
# before it loads its plugins. When the environment lives under a folder `nobody` cannot enter (a
# checkout in a 0700 temporary folder), AnchorCheck then fails to load without a word and broken anchors
# pass. It only reads our own site over loopback, so it keeps the user it was started as.
KEEP_USER = (
    "import linkcheck.command.linkchecker as cli; cli.drop_privileges = lambda: None; cli.linkchecker()"
)


def linkchecker_command() -> list[str]:
    """LinkChecker from the environment running this script, keeping its user (see KEEP_USER)."""
    if importlib.util.find_spec("linkcheck") is None:
        raise FileNotFoundError("LinkChecker is not installed in this environment: run `make setup-dev`")
    return [sys.executable, "-c", KEEP_USER]


def linkcheckerrc(server_root: str, *, external: bool, threads: int, timeout: int) -> str:
    """LinkChecker settings: AnchorCheck on, everything on our loopback server internal, CSV output."""
    # Internal = the whole loopback server, not only the site's folder: a link that leaves
    # /learning-commons/ is checked too, and 404s, as it would on GitHub Pages.
    intern = "^" + re.escape(server_root)
    return "\n".join(
        [
            "[checking]",
            f"threads={threads}",
            f"timeout={timeout}",
            # Only lifts the limit for hosts that answer with a `LinkChecker` header (our server);
            # external hosts keep LinkChecker's polite 0.1-0.6 s between requests.
            "maxrequestspersecond=1000",
            "[filtering]",
            f"internlinks={intern}",
            f"checkextern={1 if external else 0}",
            "[AnchorCheck]",
            "[csv]",
            "parts=" + ",".join(CSV_PARTS),
            "",
        ]
    )


def read_ignore_file(path: Path) -> list[str]:
    """One regular expression per line; blank lines and lines starting with # are skipped."""
    patterns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"{path}:{number}: not a regular expression ({error}): {pattern}") from None
        patterns.append(pattern)
    return patterns


def guard(pattern: str, server_root: str) -> str:
    """``pattern`` as LinkChecker applies it (re.search), except that it never matches our own server.

    The weekly ignore file skips links to 127.0.0.1 in examples; unguarded, it would also skip the
    site being checked and every internal link would pass unchecked.
    """
    return f"^(?!{re.escape(server_root)}).*?(?:{pattern})"


def parse_report(report: str, start_url: str) -> list[Problem]:
    """Problems in LinkChecker's CSV output (it logs only errors and warnings)."""
    rows = list(csv.DictReader(io.StringIO(report), delimiter=";"))
    problems = []
    for row in rows:
        valid = (row.get("valid") or "").strip() == "True"
        warning = (row.get("warningstring") or "").strip()
        if valid and not warning:
            continue
        problems.append(
            Problem(
                page=_site_path(row.get("parentname") or "", start_url),
                link=row.get("urlname") or "",
                target=_site_path(row.get("url") or "", start_url),
                text=" ".join((row.get("name") or "").split()),
                message=_readable(warning if valid else (row.get("result") or "broken")),
                is_warning=valid,
            )
        )
    return problems


def _readable(message: str) -> str:
    """LinkChecker's message; for a missing anchor, the closest anchors instead of all of them."""
    message = message.replace("\r", "").strip()
    match = ANCHOR_MESSAGE.match(message)
    if match is None:
        return message
    wanted = match["decoded"]
    anchors = [a for a in re.findall(r"`(.*?)'", match["anchors"]) if not THEME_ANCHOR.match(a)]
    close = difflib.get_close_matches(wanted, anchors, n=3, cutoff=0.5)
    hint = f" — did you mean {', '.join('#' + a for a in close)}?" if close else ""
    shown = ", ".join("#" + a for a in anchors[:MAX_ANCHORS_SHOWN]) or "none"
    more = f" and {len(anchors) - MAX_ANCHORS_SHOWN} more" if len(anchors) > MAX_ANCHORS_SHOWN else ""
    return f"Anchor #{wanted} is not on that page{hint}\nAnchors there: {shown}{more}"


def _site_path(url: str, start_url: str) -> str:
    """A URL on our server as a path below the site root; other URLs unchanged."""
    if url.startswith(start_url):
        return url[len(start_url) :]
    root = start_url[: start_url.index("/", len("http://"))]
    if url.startswith(root):
        return url[len(root) :]  # left the site's folder: keep the absolute path, it is the bug
    return url


def run_linkchecker(
    command: list[str],
    start_url: str,
    *,
    external: bool,
    ignore: list[str],
    threads: int,
    timeout: int,
    verbose: bool,
) -> tuple[int, str, str]:
    parts = urlsplit(start_url)
    server_root = f"{parts.scheme}://{parts.netloc}/"
    with tempfile.TemporaryDirectory(prefix="linkcheckerrc-") as folder:
        rc = Path(folder) / "linkcheckerrc"
        rc.write_text(linkcheckerrc(server_root, external=external, threads=threads, timeout=timeout))
        command = [*command, "--config", str(rc), "--output", "csv/utf_8"]
        if not verbose:
            command.append("--no-status")
        command += [f"--ignore-url={guard(pattern, server_root)}" for pattern in ignore]
        command.append(start_url)
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            cwd=folder,
            env={**os.environ, "HOME": folder, "PYTHONIOENCODING": "utf-8"},
            check=False,
        )
    return proc.returncode, proc.stdout, proc.stderr


# ---------------------------------------------------------------------------------------------------
# Building


def build_site(config_file: Path, site_dir: Path, *, source_date_epoch: str = "") -> tuple[bool, str]:
    """`mkdocs build --strict` into ``site_dir``: (whether it succeeded, its log)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if source_date_epoch:
        env["SOURCE_DATE_EPOCH"] = source_date_epoch
        env.pop("CI", None)  # a local picture or score, not a CI build: no shallow-clone error
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "-f",
            str(config_file),
            "-d",
            str(site_dir),
        ],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode == 0, proc.stdout + proc.stderr


# ---------------------------------------------------------------------------------------------------
# Reporting


def describe(problems: Iterable[Problem], site: SiteInfo) -> Iterator[str]:
    """Report lines grouped by the file to edit, each problem with its page, link and error."""
    public = site.site_url.rstrip("/") + "/"
    by_source: dict[str, list[tuple[int | None, Problem]]] = {}
    for problem in problems:
        source = source_file(problem.page, site.docs_dir)
        if source is None:
            where = f"(no Markdown source: {problem.page or 'the home page'} is generated or a theme file)"
            line = None
        else:
            where = _relative(source, site.config_file.parent)
            line = source_line(source, problem)
        by_source.setdefault(where, []).append((line, problem))
    for where in sorted(by_source):
        entries = sorted(by_source[where], key=lambda entry: (entry[0] or 0, entry[1].link))
        for line, problem in entries:
            location = f"{where}:{line}" if line else where
            text = f" (text: {problem.text!r})" if problem.text else ""
            yield f"{location}: {problem.kind} {problem.link!r}{text}"
            yield f"    on page   {public}{problem.page}"
            yield f"    resolves  {problem.target}"
            for message_line in problem.message.splitlines() or [""]:
                yield f"    error     {message_line}"


def _relative(path: Path, project: Path) -> str:
    """docs/x.md: relative to the project, as contributors and CI logs name files."""
    try:
        return path.relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="linkcheck.py",
        description=(
            "Build the wiki, serve it on 127.0.0.1 under its site_url path and check every link and "
            "anchor with LinkChecker. Each problem names the Markdown file to fix."
        ),
        epilog="Exit status: 0 all links work, 1 broken links or anchors, 2 the check could not run.",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=ROOT / "mkdocs.yml",
        help="the MkDocs configuration (default: the repository's mkdocs.yml)",
    )
    parser.add_argument(
        "--site-dir",
        type=Path,
        help="build into DIR and keep it (default: a temporary folder); with --no-build, check DIR",
    )
    parser.add_argument(
        "--no-build", action="store_true", help="check the existing build in --site-dir as it is"
    )
    parser.add_argument(
        "--external", action="store_true", help="check links to other sites too (slow, needs network)"
    )
    parser.add_argument(
        "--ignore-file",
        type=Path,
        help="file with one regular expression per line ('#' comments), each passed to LinkChecker as --ignore-url: matching links are not checked (the site's own pages always are)",
    )
    parser.add_argument(
        "--threads", type=int, default=DEFAULT_THREADS, help="LinkChecker threads (default: %(default)s)"
    )
    parser.add_argument("--timeout", type=int, default=30, help="seconds per request (default: %(default)s)")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show LinkChecker's progress and messages"
    )
    args = parser.parse_args(argv)
    if args.no_build and args.site_dir is None:
        parser.error("--no-build needs --site-dir DIR (the folder `make build` wrote)")
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = sys.stdout
    try:
        site = read_site_info(args.config_file.resolve())
        ignore = read_ignore_file(args.ignore_file) if args.ignore_file else []
        command = linkchecker_command()
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"linkcheck: {error}", file=sys.stderr)
        return CANNOT_CHECK
    with ExitStack() as stack:
        if args.no_build:
            site_dir = args.site_dir.resolve()
        else:
            if args.site_dir is not None:
                site_dir = args.site_dir.resolve()
            else:
                site_dir = (
                    Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="linkcheck-site-"))) / "site"
                )
            started = time.monotonic()
            built, log = build_site(site.config_file, site_dir)
            if not built:
                sys.stderr.write(log)
                print(
                    "linkcheck: `mkdocs build --strict` failed (see the warnings above); fix them first",
                    file=sys.stderr,
                )
                return CANNOT_CHECK
            print(f"Built the site in {time.monotonic() - started:.1f} s", file=out)
        if not (site_dir / "index.html").is_file():
            print(
                f"linkcheck: {site_dir} has no index.html: build the site first (make build)", file=sys.stderr
            )
            return CANNOT_CHECK
        server = stack.enter_context(serving(site_dir, site.base_path))
        start_url = server.base_url
        started = time.monotonic()
        returncode, report, errors = run_linkchecker(
            command,
            start_url,
            external=args.external,
            ignore=ignore,
            threads=args.threads,
            timeout=args.timeout,
            verbose=args.verbose,
        )
        elapsed = time.monotonic() - started
        requests = server.requests
    if args.verbose or returncode not in (0, 1):
        sys.stderr.write(errors)
    if returncode not in (0, 1):
        print(
            f"linkcheck: LinkChecker failed (exit status {returncode}); its messages are above",
            file=sys.stderr,
        )
        return CANNOT_CHECK
    problems = parse_report(report, start_url)
    scope = "internal and external" if args.external else "internal"
    summary = f"Checked the {scope} links of {site_dir} in {elapsed:.1f} s ({requests} requests to the site)"
    if returncode == 1 and not problems:
        sys.stderr.write(errors)
        print(f"{summary}: LinkChecker reported a failure that its report does not show", file=sys.stderr)
        return BROKEN
    if not problems:
        print(f"{summary}: no broken links", file=out)
        return OK
    print(f"{summary}: {len(problems)} problem(s) — fix them in the Markdown files named below\n", file=out)
    for line in describe(problems, site):
        print(line, file=out)
    return BROKEN


if __name__ == "__main__":
    sys.exit(main())
