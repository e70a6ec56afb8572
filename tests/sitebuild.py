"""Throwaway wiki projects built with the real configuration, hooks and overrides of this repository."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_TAGS = """\
retrospective:
  description: Looking back together at what happened and what to change.
  aliases: [retro]
feedback:
  description: Giving and receiving feedback that helps people grow.
workshop:
  description: Hands-on sessions where people practise together.
"""

PLAYBOOK = """\
---
title: {title}
summary: A playbook used by the tests, long enough to pass the summary check.
tags: [retrospective]
---

Body of {title}.
"""

LESSON = """\
---
title: {title}
summary: What happened when a retrospective looked for a culprit, and what we changed.
tags: [{tags}]
happened: 2026-01-02
actions:
  - what: Agree on the prime directive before every retro
    owner: Ada
    status: open
    due: 2026-02-01
---

## What happened

{body}
"""


# Pagefind 1.5 writes each search filter's values in hash-map order, which changes from run to run, and
# names those files (and the meta and entry files that list them) after a hash of their bytes.
PAGEFIND_UNORDERED = re.compile(r"^pagefind/(?:filter/[^/]+\.pf_filter|[^/]+\.pf_meta|pagefind-entry\.json)$")
PAGEFIND_HASH = re.compile(rb"en_[0-9a-f]{7,}")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by path, for comparing two builds. Pagefind's unordered files are
    compared as the same values in any order: their bytes sorted, hashes blanked."""
    found = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name, data = path.relative_to(site).as_posix(), path.read_bytes()
        if PAGEFIND_UNORDERED.match(name):
            text = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            data = bytes(sorted(PAGEFIND_HASH.sub(b"en_HASH", text)))
            name = re.sub(r"en_[0-9a-f]{7,}", "en_HASH", name) + f" ({len(data)} bytes)"
        found[name] = data
    return found


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    log: str
    site_dir: Path

    def read(self, path: str) -> str:
        return (self.site_dir / path).read_text(encoding="utf-8")

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def site_config(**overrides: Any) -> dict[str, Any]:
    """The repository's mkdocs.yml as a dict, pointing at this repository's hooks and overrides."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "mkdocs_adapter.py")]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["watch"] = [str(ROOT / path) for path in config.get("watch", [])]
    commons = overrides.pop("commons", None)
    if commons is not None:
        config["extra"]["commons"] = {**config["extra"]["commons"], **commons}
    config.update(overrides)
    return config


def write_pages(docs: Path, pages: dict[str, str | bytes], *, tags: str | None = DEFAULT_TAGS) -> Path:
    """Write the vocabulary and the pages (text, or bytes for broken encodings) into ``docs``."""
    docs.mkdir(parents=True, exist_ok=True)
    if tags is not None:
        (docs / "tags.yml").write_text(tags, encoding="utf-8")
    for src_uri, content in pages.items():
        path = docs / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return docs


def write_project(
    root: Path,
    pages: dict[str, str | bytes],
    *,
    tags: str | None = DEFAULT_TAGS,
    **config_overrides: Any,
) -> Path:
    """Write mkdocs.yml and docs/ (assets and snippets copied from the real wiki); return mkdocs.yml."""
    docs = root / "docs"
    for folder in ("assets", "_snippets"):
        shutil.copytree(ROOT / "docs" / folder, docs / folder, dirs_exist_ok=True)
    write_pages(docs, pages, tags=tags)
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(site_config(**config_overrides), sort_keys=False), encoding="utf-8")
    return config_file


def build_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "SOURCE_DATE_EPOCH")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def run_build(
    config_file: Path,
    *,
    strict: bool = True,
    env: dict[str, str] | None = None,
    site_dir: Path | None = None,
    dirty: bool = False,
    engine: str = "mkdocs",
) -> BuildResult:
    """`mkdocs build` in a subprocess, exactly as a contributor runs it; never raises on failure.

    ``dirty`` rebuilds only what changed since the last build into ``site_dir`` (`--dirty`), as a preview does.
    ``engine`` "properdocs" builds with ProperDocs, MkDocs' maintained fork, instead.
    """
    site_dir = site_dir or config_file.parent / "site"
    command = [
        sys.executable,
        "-m",
        engine,
        "build",
        "--dirty" if dirty else "--clean",
        "-f",
        str(config_file),
        "-d",
        str(site_dir),
    ]
    if strict:
        command.append("--strict")
    result = subprocess.run(
        command,
        cwd=config_file.parent,
        env=env or build_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return BuildResult(result.returncode, result.stdout + result.stderr, site_dir)
