"""Screenshots of the wiki for the README and the about pages: the home page, a lesson, recently
learned, the contributors page, a person's page and the learning pulse (also in the dark scheme), as a
reader first sees them, and the first printed page of a workshop's participant pack and facilitator pack.

    python scripts/screenshots.py      # writes docs/about/images/{home,lesson,recent,contributors,person,
                                       # pulse,pulse-dark,participant-pack,facilitator-pack}.png
    python scripts/screenshots.py --lesson lessons/retrospective-turned-into-blame/ --person contributors/mei-chen/

The wiki is built strictly into a temporary folder (with SOURCE_DATE_EPOCH at HEAD's commit time, so the
dates shown are those of the commit), served on 127.0.0.1 under its site_url path and opened in Debian's
chromium through Playwright: 1280 x 900, light scheme (pulse-dark.png dark, in a browser context of its
own: Material keeps the scheme a page last showed), no animation, every request that would leave the
loopback server refused. Each PNG is the first screenful (the pulse's 1500 high, for its first two
charts); a pack's is its first A4 sheet as Chromium prints it (print media, 794 x 1123 CSS pixels). With
Pillow installed the PNGs are reduced to an 8-bit palette; either way a PNG over --max-kb is an error. The
images live under docs/ so that they are published with the site too.

page_kinds() names one page of every kind a reader or facilitator meets; tests/test_screenshots.py renders
each at VIEWPORTS in both SCHEMES into .artifacts/screenshots/ and checks their structure.

Exit status: 0 written; 1 an image is larger than --max-kb; 2 the screenshots could not be taken.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkcheck import CommonsError, build_site, read_site_config
from serve_site import CHROMIUM_ARGS, add_config_file_option, base_path_of, serving

ROOT = Path(__file__).resolve().parent.parent
OK, TOO_LARGE, CANNOT_RUN = 0, 1, 2
VIEWPORT = {"width": 1280, "height": 900}
A4_SHEET = {"width": 794, "height": 1123}  # 210 x 297 mm at 96 CSS pixels per inch
PACKS = ("participant-pack", "facilitator-pack")  # the printed editions of a workshop (workshops.py)
PULSE = "pulse/"  # the learning pulse (pulsepage.py): its charts in both schemes
DARK = ("pulse-dark",)  # the pictures taken in the dark scheme
TALL_VIEWPORT = {"width": 1280, "height": 1500}
TALL = {name: TALL_VIEWPORT for name in ("pulse", "pulse-dark")}  # the pulse's first two charts, not one
KIND_MARKER = 'class="lc-header" data-kind="{kind}"'
MISSING_PAGE = "there-is-no-such-page/"  # an address the site lacks: the server answers with its 404 page
# The sizes and schemes every page kind is rendered in by the screenshot test: a laptop and a phone.
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
FALLBACK_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z, when there is no commit


def head_epoch() -> str:
    """HEAD's committer time, as CI sets SOURCE_DATE_EPOCH; a fixed date without git history."""
    git = shutil.which("git")
    if git is None:
        return FALLBACK_EPOCH
    proc = subprocess.run(
        [git, "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else FALLBACK_EPOCH


def first_lesson(site_dir: Path) -> str:
    return first_of_kind(site_dir, "lesson")


def first_of_kind(site_dir: Path, kind: str) -> str:
    """The first page (by path) whose Learning Commons header names ``kind`` ('playbook', 'lesson'...)."""
    marker = KIND_MARKER.format(kind=kind)
    for index in sorted(site_dir.rglob("index.html")):
        if marker in index.read_text(encoding="utf-8"):
            return "" if index.parent == site_dir else index.parent.relative_to(site_dir).as_posix() + "/"
    raise FileNotFoundError(f"{site_dir} has no {kind} page")


def page_kinds(site_dir: Path) -> dict[str, str]:
    """One page of every kind a reader or facilitator meets, by name: the home page, a playbook, a lesson,
    the first workshop with each of its parts and both printed packs, the generated pages and the 404 page
    (for the screenshot test, tests/test_screenshots.py)."""
    kinds = {"home": ""} | {
        kind: first_of_kind(site_dir, kind) for kind in ("playbook", "lesson", "workshop")
    }
    workshop = first_workshop(site_dir)
    for part in sorted((site_dir / workshop).glob("*/index.html")):
        name = part.parent.name
        kinds[name if name in PACKS else f"workshop-{name}"] = f"{workshop}{name}/"
    tags = sorted(site_dir.glob("tags/*/index.html"))
    if not tags:
        raise FileNotFoundError(f"{site_dir} has no tag page")
    person = first_person(site_dir)
    return kinds | {
        "tags": "tags/",
        "tag": tags[0].parent.relative_to(site_dir).as_posix() + "/",
        "recent": "recent/",
        "contributors": "contributors/",
        **({"person": person} if person else {}),
        "actions": "lessons/actions/",
        "review": "review/",
        "pulse": PULSE,
        "404": MISSING_PAGE,
    }


# Print media on screen is one long sheet: what follows the first page break of a pack (workshops.py:
# each part starts a page) is hidden, and the page's padding stands in for the printer's margins.
FIRST_SHEET = """() => {
  document.body.style.padding = "48px";
  const next = document.querySelector(".lc-kit-part, .lc-run-sheet + .lc-kit-section");
  for (let part = next && next.closest(".lc-kit-section"); part; part = part.nextElementSibling) {
    part.style.visibility = "hidden";
  }
}"""


def first_sheet(page: Any) -> dict[str, float]:
    """The clip of a printed pack's first A4 sheet (print media, A4 width)."""
    page.evaluate(FIRST_SHEET)
    return {"x": 0, "y": 0, **A4_SHEET}


def first_workshop(site_dir: Path) -> str:
    for overview in sorted(site_dir.glob(f"workshops/*/{PACKS[0]}/index.html")):
        return overview.parent.parent.relative_to(site_dir).as_posix() + "/"
    raise FileNotFoundError(f"{site_dir} has no workshop with printed packs")


def first_person(site_dir: Path) -> str | None:
    """The person page with the most to show (the longest), or None when the wiki has no person pages."""
    found = sorted(
        site_dir.glob("contributors/*/index.html"), key=lambda index: (-index.stat().st_size, index)
    )
    return found[0].parent.relative_to(site_dir).as_posix() + "/" if found else None


def shrink_png(png: bytes) -> bytes:
    """An 8-bit palette PNG when Pillow is installed and that is smaller; the PNG as it is otherwise."""
    try:
        from PIL import Image
    except ImportError:
        return png
    with Image.open(io.BytesIO(png)) as image:
        quantized = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        quantized.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(png) else png


def take(base_url: str, pages: dict[str, str], chromium: str) -> dict[str, bytes]:
    """A first-screenful PNG of each page: name -> PNG bytes."""
    from playwright.sync_api import Route, sync_playwright

    loopback = urlsplit(base_url).netloc

    def offline(route: Route) -> None:
        if urlsplit(route.request.url).netloc == loopback:
            route.continue_()
        else:
            route.abort()

    shots = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            tabs = {}
            for scheme in ("light", "dark"):  # a context each: Material keeps the scheme a page last showed
                context = browser.new_context(
                    viewport=VIEWPORT, color_scheme=scheme, reduced_motion="reduce", device_scale_factor=1
                )
                context.route("**/*", offline)
                tabs[scheme] = context.new_page()
            for name, path in pages.items():
                page = tabs["dark" if name in DARK else "light"]
                printed = name in PACKS
                page.set_viewport_size(A4_SHEET if printed else TALL.get(name, VIEWPORT))
                page.emulate_media(media="print" if printed else "screen")
                page.goto(base_url + path, wait_until="networkidle")
                page.evaluate("() => document.fonts.ready.then(() => true)")
                clip = first_sheet(page) if printed else None
                shots[name] = page.screenshot(animations="disabled", caret="hide", clip=clip)
        finally:
            browser.close()
    return shots


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="screenshots.py",
        description="Build the wiki and save screenshots of the home page, a lesson, recently learned, "
        "the contributors page, a person's page, the learning pulse (light and dark) and a workshop's "
        "printed packs.",
        epilog="Exit status: 0 written, 1 an image is over --max-kb, 2 the screenshots could not be taken.",
    )
    add_config_file_option(parser)
    parser.add_argument(
        "--lesson", metavar="PATH", help="the lesson to show, e.g. 'lessons/x/' (default: the first lesson)"
    )
    parser.add_argument(
        "--workshop",
        metavar="PATH",
        help="the workshop whose packs to show, e.g. 'workshops/x/' (default: the first workshop)",
    )
    parser.add_argument(
        "--person",
        metavar="PATH",
        help="the person page to show, e.g. 'contributors/x/' (default: the one with the most on it)",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=ROOT / "docs" / "about" / "images",
        help="where the PNGs go (default: %(default)s)",
    )
    parser.add_argument(
        "--max-kb", type=int, default=300, help="largest acceptable PNG in KB (default: %(default)s)"
    )
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium") or "/usr/bin/chromium",
        help="the browser to drive (default: %(default)s)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not Path(args.chromium).is_file():
        print(f"screenshots: no browser at {args.chromium} (apt-get install chromium)", file=sys.stderr)
        return CANNOT_RUN
    try:
        site = read_site_config(args.config_file.resolve())
    except (OSError, CommonsError) as error:
        print(f"screenshots: {error}", file=sys.stderr)
        return CANNOT_RUN
    with ExitStack() as stack:
        site_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="screenshots-site-"))) / "site"
        built, log = build_site(site.config_file, site_dir, source_date_epoch=head_epoch())
        if not built:
            sys.stderr.write(log)
            print("screenshots: `mkdocs build --strict` failed (see the warnings above)", file=sys.stderr)
            return CANNOT_RUN
        try:
            pages = {
                "home": "",
                "lesson": (args.lesson or first_lesson(site_dir)).lstrip("/"),
                "recent": "recent/",
                "contributors": "contributors/",
                "pulse": PULSE,
                "pulse-dark": PULSE,
            }
            workshop = (args.workshop or first_workshop(site_dir)).strip("/")
            pages |= {pack: f"{workshop}/{pack}/" for pack in PACKS}
        except FileNotFoundError as error:
            print(f"screenshots: {error}; name one with --lesson or --workshop", file=sys.stderr)
            return CANNOT_RUN
        person = args.person or first_person(site_dir)
        if person:  # only wikis with person_pages_from people or more have person pages
            pages["person"] = person.lstrip("/")
        server = stack.enter_context(serving(site_dir, base_path_of(site.site_url)))
        try:
            shots = take(server.base_url, pages, args.chromium)
        except Exception as error:  # Playwright's errors: name the page and stop
            print(f"screenshots: the browser failed: {error}", file=sys.stderr)
            return CANNOT_RUN
    args.output_dir.mkdir(parents=True, exist_ok=True)
    status = OK
    for name, png in shots.items():
        png = shrink_png(png)
        target = args.output_dir / f"{name}.png"
        target.write_bytes(png)
        size_kb = len(png) / 1024
        print(f"{target} ({pages[name] or 'home page'}): {size_kb:.0f} KB")
        if size_kb > args.max_kb:
            print(f"screenshots: {target} is over {args.max_kb} KB", file=sys.stderr)
            status = TOO_LARGE
    return status


if __name__ == "__main__":
    sys.exit(main())
