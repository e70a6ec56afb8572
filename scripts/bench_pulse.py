#!/usr/bin/env python3
"""Time the learning pulse on a built wiki: what the build spends on it, apart from everything else.

The pulse costs a small part of a build that takes a minute at 5,000 pages; the difference of two whole
builds (with the pulse and without) on a shared machine varies by more than that part. So this times the
very functions the build calls for the pulse, in one process, on the wiki's own model and history (read
once, untimed, as the build reads them): gathering its months from the change lists
(``site.pulse_activity``), the numbers (``site.learning_pulse``), and rendering the page and the home
page's headline (``pulsepage``). CPU time (``time.process_time``), best and median of ``--repeats``.

scripts/bench.py runs it with ``--pulse`` over the hooks build and reports the share of that build.
Prints JSON. Exit status 0, or 1 when the wiki cannot be read.

Example:
  python scripts/bench_pulse.py path/to/mkdocs.yml --repeats 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from learning_commons import clock, site  # noqa: E402
from learning_commons.content import read_wiki  # noqa: E402
from learning_commons.history import read_history  # noqa: E402
from learning_commons.problems import CommonsError  # noqa: E402
from learning_commons.pulsepage import home_headline, pulse_body  # noqa: E402
from learning_commons.settings import read_settings  # noqa: E402
from learning_commons.siteconfig import read_site_config  # noqa: E402


def measure(config_file: Path, repeats: int) -> dict[str, Any]:
    """Seconds of CPU the pulse takes on the wiki of ``config_file``: its numbers, its page and headline."""
    config = read_site_config(config_file)
    settings, _ = read_settings(config.raw_settings)
    today = clock.local_date(clock.now(os.environ), settings.timezone)
    history = read_history(config.docs_dir, site.history_settings_of(settings), environ=os.environ)
    wiki = read_wiki(config.docs_dir, settings, display_root=config_file.parent, today=today)
    schedule = site.review_schedule(wiki, history, settings)  # the build makes it for /review/ anyway
    numbers, rendering, page_bytes = [], [], 0
    for _ in range(repeats):
        started = time.process_time()
        activity = site.pulse_activity(history, settings, today)
        pulse = site.learning_pulse(wiki, history, activity, schedule, settings, today)
        computed = time.process_time()
        page_bytes = len((pulse_body(pulse) + home_headline(pulse)).encode("utf-8"))
        numbers.append(computed - started)
        rendering.append(time.process_time() - computed)
    totals = [a + b for a, b in zip(numbers, rendering, strict=True)]
    return {
        "repeats": repeats,
        "pages": len(wiki.pages),
        "changes": len(history.changes),
        "numbers_median_s": round(statistics.median(numbers), 4),
        "render_median_s": round(statistics.median(rendering), 4),
        "total_median_s": round(statistics.median(totals), 4),
        "total_min_s": round(min(totals), 4),
        "page_kb": round(page_bytes / 1000, 1),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench_pulse.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("config", type=Path, help="the wiki's mkdocs.yml")
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be 1 or more")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        report = measure(args.config.resolve(), args.repeats)
    except CommonsError as error:
        print(f"bench_pulse: error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
