"""Lighthouse scores of the built wiki: performance, accessibility, best practices and SEO.

    python scripts/lighthouse.py                    # report only
    python scripts/lighthouse.py --min 95           # fail (exit 1) when any score is below 95
    python scripts/lighthouse.py --page recent/ --preset desktop

The wiki is built strictly into a temporary folder and served on 127.0.0.1 under the path of site_url
(/learning-commons/) and with gzip, like GitHub Pages serves it. Lighthouse (npm, locked in package-lock.json and installed by
`npm ci`, as `make setup-dev` does) runs
Debian's chromium headless on the home page and the first playbook, with its desktop preset and its default
mobile emulation. Each report's JSON lands in --output-dir; the audits that cost points are listed, so the
scores say what to fix.

Exit status: 0 every score is at least --min (default 0: report only); 1 a score is below --min;
2 Lighthouse could not run (build failed, Lighthouse or chromium missing, Lighthouse crashed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkcheck import CommonsError, build_site, read_site_config
from serve_site import SiteHandler, add_config_file_option, base_path_of, content_type, serving

ROOT = Path(__file__).resolve().parent.parent
OK, BELOW_MIN, CANNOT_RUN = 0, 1, 2
# The locked install, never a download at run time: `npm ci` puts it here from package-lock.json.
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESETS = ("desktop", "mobile")  # mobile is Lighthouse's default: no --preset flag
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
PLAYBOOK_MARKER = 'class="lc-header" data-kind="playbook"'
TIMEOUT_S = 240


@dataclass(frozen=True)
class Result:
    page: str  # below the site root: "" is the home page
    preset: str
    scores: dict[str, int | None]  # 0-100, None when Lighthouse could not score the category
    losses: list[str]  # "category: audit title (score)" for the audits that cost points
    report: Path


class CompressingHandler(SiteHandler):
    """serve_site's handler, compressing text with gzip when the browser accepts it, as GitHub Pages does.

    Without it, Lighthouse charges the local server's uncompressed CSS, JavaScript and search index
    (about 440 KiB more on the wire) to the wiki.
    """

    def _send_file(self, status: HTTPStatus, path: Path, send_body: bool) -> None:
        kind = content_type(path)
        textual = kind.startswith(("text/", "application/json", "application/xml", "image/svg+xml"))
        if not textual or "gzip" not in self.headers.get("Accept-Encoding", ""):
            super()._send_file(status, path, send_body)
            return
        try:
            body = gzip.compress(path.read_bytes(), mtime=0)
        except OSError:
            self.send_error(HTTPStatus.FORBIDDEN)
            return
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def first_playbook(site_dir: Path) -> str:
    """The first playbook page of the build, as a path below the site root ('playbooks/x/')."""
    for index in sorted(site_dir.glob("playbooks/*/index.html")):
        if PLAYBOOK_MARKER in index.read_text(encoding="utf-8"):
            return index.parent.relative_to(site_dir).as_posix() + "/"
    raise FileNotFoundError(f"{site_dir} has no playbook page")


def lighthouse_command(lighthouse: Path, chromium: str, url: str, preset: str, report: Path) -> list[str]:
    command = [
        str(lighthouse),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--chrome-path={chromium}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    return command


def read_report(report: Path) -> tuple[dict[str, int | None], list[str]]:
    """Scores 0-100 per category, and the audits that lost points (most weight first)."""
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    audits = data.get("audits", {})
    scores: dict[str, int | None] = {}
    losses: list[str] = []
    for name in CATEGORIES:
        category = data.get("categories", {}).get(name, {})
        score = category.get("score")
        scores[name] = None if score is None else round(score * 100)
        refs = sorted(category.get("auditRefs", []), key=lambda ref: -ref.get("weight", 0))
        for ref in refs:
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or f"score {audit['score']:.2f}"
                losses.append(f"{name}: {audit.get('title', ref['id'])} ({shown})")
    return scores, losses


def run_lighthouse(
    lighthouse: Path, chromium: str, base_url: str, page: str, preset: str, output_dir: Path, verbose: bool
) -> Result:
    slug = (page.strip("/").replace("/", "-") or "home") + f"-{preset}"
    report = output_dir / f"{slug}.json"
    command = lighthouse_command(lighthouse, chromium, base_url + page, preset, report)
    proc = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    if verbose:
        sys.stderr.write(proc.stderr)
    if proc.returncode != 0 or not report.is_file():
        raise RuntimeError(
            f"Lighthouse failed on {base_url + page} ({preset}), exit {proc.returncode}:\n{proc.stderr[-3000:]}"
        )
    scores, losses = read_report(report)
    return Result(page, preset, scores, losses, report)


def table(results: list[Result]) -> str:
    header = ["Page", "Preset", "Performance", "Accessibility", "Best practices", "SEO"]
    rows = [
        [
            f"/{result.page}" if result.page else "/ (home)",
            result.preset,
            *("n/a" if result.scores[name] is None else str(result.scores[name]) for name in CATEGORIES),
        ]
        for result in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    heading = "  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))
    return "\n".join([heading, "  ".join("-" * width for width in widths), *lines])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="lighthouse.py",
        description=(
            "Build the wiki, serve it on 127.0.0.1 under its site_url path and score the home page and a "
            f"playbook with Lighthouse ({LIGHTHOUSE}, desktop and mobile) in Debian's chromium."
        ),
        epilog="Exit status: 0 all scores at least --min, 1 a score below --min, 2 Lighthouse could not run.",
    )
    add_config_file_option(parser)
    parser.add_argument(
        "--min",
        type=int,
        default=0,
        metavar="SCORE",
        help="lowest acceptable score, 0-100, for every category (default: %(default)s, report only)",
    )
    parser.add_argument(
        "--page",
        action="append",
        metavar="PATH",
        help="a page below the site root, e.g. 'recent/' (repeatable; default: the home page and the first "
        "playbook)",
    )
    parser.add_argument(
        "--preset",
        action="append",
        choices=PRESETS,
        help="desktop or mobile (repeatable; default: both)",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=ROOT / ".artifacts" / "lighthouse",
        help="where the JSON reports go (default: %(default)s)",
    )
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium") or "/usr/bin/chromium",
        help="the browser Lighthouse drives (default: %(default)s)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show Lighthouse's own log")
    args = parser.parse_args(argv)
    if not 0 <= args.min <= 100:
        parser.error("--min must be between 0 and 100")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print("lighthouse: node_modules has no Lighthouse; run `make setup-dev` (npm ci)", file=sys.stderr)
        return CANNOT_RUN
    if not Path(args.chromium).is_file():
        print(f"lighthouse: no browser at {args.chromium} (apt-get install chromium)", file=sys.stderr)
        return CANNOT_RUN
    try:
        site = read_site_config(args.config_file.resolve())
    except (OSError, CommonsError) as error:
        print(f"lighthouse: {error}", file=sys.stderr)
        return CANNOT_RUN
    presets = args.preset or list(PRESETS)
    output_dir = args.output_dir.resolve()
    output_dir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    with ExitStack() as stack:
        site_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lighthouse-site-"))) / "site"
        started = time.monotonic()
        built, log = build_site(site.config_file, site_dir)
        if not built:
            sys.stderr.write(log)
            print("lighthouse: `mkdocs build --strict` failed (see the warnings above)", file=sys.stderr)
            return CANNOT_RUN
        print(f"Built the site in {time.monotonic() - started:.1f} s", flush=True)
        try:
            pages = args.page or ["", first_playbook(site_dir)]
        except FileNotFoundError as error:
            print(f"lighthouse: {error}; name pages with --page", file=sys.stderr)
            return CANNOT_RUN
        server = stack.enter_context(
            serving(site_dir, base_path_of(site.site_url), handler=CompressingHandler)
        )
        for page in pages:
            for preset in presets:
                print(f"Lighthouse: {server.base_url}{page.lstrip('/')} ({preset}) ...", flush=True)
                try:
                    results.append(
                        run_lighthouse(
                            LIGHTHOUSE,
                            args.chromium,
                            server.base_url,
                            page.lstrip("/"),
                            preset,
                            output_dir,
                            args.verbose,
                        )
                    )
                except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError) as error:
                    print(f"lighthouse: {error}", file=sys.stderr)
                    return CANNOT_RUN
    print()
    print(table(results))
    print(f"\nReports: {output_dir}")
    losses = [(result, loss) for result in results for loss in result.losses]
    if losses:
        print("\nAudits that cost points:")
        for result, loss in losses:
            print(f"  /{result.page} ({result.preset}) {loss}")
    below = [
        f"/{result.page} ({result.preset}) {name}: {'n/a' if score is None else score}"
        for result in results
        for name, score in result.scores.items()
        if (score is None and args.min > 0) or (score is not None and score < args.min)
    ]
    if below:
        print(f"\nBelow the minimum of {args.min}:\n  " + "\n  ".join(below), file=sys.stderr)
        return BELOW_MIN
    return OK


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
