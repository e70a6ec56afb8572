"""The folder a build writes into: MkDocs empties it first, so a build only goes where a build of this wiki was.

`make build SITE_DIR=~` or `linkcheck.py --site-dir docs` would otherwise delete everything in it. Every
build leaves a marker naming the site; a folder that is missing, empty or marked by a build of the same
site may be (re)built, any other is refused. The marker says nothing of the machine (no path), so two
clones still build byte-identical folders.
"""

from __future__ import annotations

import os
from pathlib import Path

# Hidden, so MkDocs neither deletes it when it cleans the folder nor publishes it.
MARKER = ".learning-commons-build"


def site_folder_problem(site_dir: Path, site_name: str) -> str | None:
    """Why building into ``site_dir`` could delete or overwrite files this wiki did not write, or None."""
    try:
        entries = sorted(name for name in os.listdir(site_dir) if not name.startswith("."))
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return f"{site_dir} is a file, not a folder — give a new or empty folder to build into"
    except OSError as error:
        return f"cannot read {site_dir} ({error.strerror}) — give a new or empty folder to build into"
    if not entries:
        return None
    marker = site_dir / MARKER
    built_by = _read_marker(marker)
    if built_by == _stamp(site_name):
        return None
    whose = f"the marker says: {built_by}" if built_by else f"{len(entries)} entries such as '{entries[0]}'"
    return (
        f"refusing to build into {site_dir}: it is not empty and not a previous build of this wiki ({whose}), "
        "and building would delete what it holds — give a new or empty folder, or delete it yourself"
    )


def mark_site_folder(site_dir: Path, site_name: str) -> None:
    """Mark ``site_dir`` as this wiki's build (before anything is written, so a failed build is marked too)."""
    site_dir.mkdir(parents=True, exist_ok=True)
    marker = site_dir / MARKER
    if marker.is_symlink():
        marker.unlink()  # never write through a link
    marker.write_text(_stamp(site_name) + "\n", encoding="utf-8")


def _stamp(site_name: str) -> str:
    return f"a Learning Commons build of {site_name!r}"


def _read_marker(marker: Path) -> str | None:
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        return marker.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
