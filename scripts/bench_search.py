"""Search figures for scripts/bench.py: Material's search against the wiki's Pagefind search, side by side.

For each built site (Material's search plugin in the build without hooks, Pagefind in the hooks build) it
reports the index's bytes on disk, then opens a page in headless Chromium with the CPU slowed down
(DevTools' Emulation.setCPUThrottlingRate, 4x by default: a mid-range phone) and measures, like a reader
who opens a page and searches at once: the bytes the server sends for search (uncompressed) until the
first query shows a result, the bytes of a second query, and the time from typing the first query to
its first result. What indexing costs the build is measured by scripts/bench.py (the hooks build with and
without the index).

    python scripts/bench_search.py MATERIAL_SITE PAGEFIND_SITE [--base-path /learning-commons/]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "hooks"))
from learning_commons.search import FOLDER  # noqa: E402
from serve_site import CHROMIUM_ARGS, SiteHandler, serving  # noqa: E402

QUERIES = ("retrospective", "feedback")
TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Engine:
    name: str
    index_paths: tuple[str, ...]  # below the site folder: what the index is on disk
    request_marks: tuple[str, ...]  # a request whose URL holds one of these is a search request
    open_selector: str  # what a reader clicks to search
    input_selector: str
    result_selector: str


MATERIAL = Engine(
    "material",
    ("search",),
    ("/search/", "/workers/search"),
    "input.md-search__input",  # on a desktop screen the box is in the header
    "input.md-search__input",
    ".md-search-result__item",
)
PAGEFIND = Engine(
    "pagefind",
    (FOLDER,),
    (f"/{FOLDER}/", "assets/search.js"),
    "[data-lc-search-open]",
    "#lc-search-input",
    ".lc-search__result",
)


def disk_bytes(site: Path, paths: tuple[str, ...]) -> int:
    total = 0
    for name in paths:
        path = site / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        total += sum(file.stat().st_size for file in files)
    return total


class CountingHandler(SiteHandler):
    """Serves the site and notes each file it sends: the page's and its workers' requests alike (DevTools
    sees a dedicated worker's requests, where Pagefind and Material fetch their indexes, only when
    attached to that worker)."""

    def _send_file(self, status: Any, path: Path, send_body: bool) -> None:
        super()._send_file(status, path, send_body)
        if send_body:
            self.server.served.append((self.path, path.stat().st_size))  # type: ignore[attr-defined]


def browse(site: Path, engine: Engine, base_path: str, throttle: float) -> dict[str, Any]:
    """One reader's first and second query on a fresh browser (empty cache), the CPU slowed ``throttle`` times."""
    from playwright.sync_api import sync_playwright

    with serving(site, base_path, handler=CountingHandler) as server, sync_playwright() as playwright:
        downloads: list[tuple[str, int]] = []  # (path, bytes), as the server sent them
        server.served = downloads  # type: ignore[attr-defined]
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(server.base_url, wait_until="load")

        def searched() -> int:
            return sum(size for url, size in downloads if any(mark in url for mark in engine.request_marks))

        page.locator(engine.open_selector).click()
        started = time.perf_counter()
        page.keyboard.type(QUERIES[0])  # key by key: Material's search listens for key presses
        page.locator(engine.result_selector).first.wait_for(state="visible")
        first_s = time.perf_counter() - started
        page.wait_for_timeout(500)  # requests the result list itself makes (fragments)
        first_bytes = searched()
        page.locator(engine.input_selector).fill("")
        page.keyboard.type(QUERIES[1])
        page.wait_for_function(
            "([selector, query]) => document.querySelector(selector) && "
            "document.body.innerText.toLowerCase().includes(query)",
            arg=[engine.result_selector, QUERIES[1]],
        )
        page.wait_for_timeout(500)
        second_bytes = searched() - first_bytes
        browser.close()
    return {
        "first_query_kb": round(first_bytes / 1024, 1),
        "second_query_kb": round(second_bytes / 1024, 1),
        "first_result_s": round(first_s, 3),
    }


def measure(
    material_site: Path, pagefind_site: Path, base_path: str, throttle: float = 4.0
) -> dict[str, Any]:
    report: dict[str, Any] = {"cpu_throttling": throttle, "queries": list(QUERIES)}
    for engine, site in ((MATERIAL, material_site), (PAGEFIND, pagefind_site)):
        report[engine.name] = {
            "index_mb": round(disk_bytes(site, engine.index_paths) / 1e6, 2),
            **browse(site, engine, base_path, throttle),
        }
    material, pagefind = report["material"], report["pagefind"]
    report["first_query_download_ratio"] = round(
        material["first_query_kb"] / max(pagefind["first_query_kb"], 0.1), 1
    )
    report["first_result_speedup"] = round(
        material["first_result_s"] / max(pagefind["first_result_s"], 0.001), 1
    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("material_site", type=Path, help="a site built with Material's search plugin")
    parser.add_argument("pagefind_site", type=Path, help="a site built with the hooks (Pagefind index)")
    parser.add_argument(
        "--base-path", default="/learning-commons/", help="where the site lives on the server"
    )
    parser.add_argument(
        "--throttle", type=float, default=4.0, help="CPU slow-down factor (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    print(
        json.dumps(measure(args.material_site, args.pagefind_site, args.base_path, args.throttle), indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
