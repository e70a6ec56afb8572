"""The search index of a build, fed page by page while MkDocs writes the site (Pagefind's indexing service).

Run over the finished site, Pagefind reads every HTML file back from disk and parses all of it, the header,
the navigation and the footer around the part it indexes, and only starts once the last page is written.
Fed from the build instead, it gets each page's searchable part (what the template marks with
``data-pagefind-body``: the page's text and its search facts) as the page is written, and indexes it on
the other core while MkDocs renders the next pages; what is left after the build is writing the index.

Pagefind's service speaks base64-encoded JSON messages, each ended by a comma, over its standard input and
output. Its Python wrapper (``pagefind.index``) waits 0.1 s between two responses it reads, which for
5,000 pages alone is over eight minutes, so this module speaks the protocol itself: requests go out as
pages come, and a thread reads the responses, keeping only the errors.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .search import EXCLUDED, FOLDER, TIMEOUT_S, missing

# The template puts these around a content page's searchable part (overrides/partials/content.html).
BODY_START = "<div data-pagefind-body"
BODY_END = "<!-- end of data-pagefind-body -->"
_LANG_RE = re.compile(r'<html\s[^>]*?lang="([A-Za-z0-9-]{1,35})"')
_SEPARATOR = b","
_ERRORS_KEPT = 3


def searchable_html(page_html: str) -> str | None:
    """The part of a built page that search indexes, as a document of its own; None for a page left out
    of search (listings, tag pages, kits: the template gives them no searchable part)."""
    start = page_html.find(BODY_START)
    if start < 0:
        return None
    end = page_html.rfind(BODY_END, start)  # the last: a page's own text could hold the same comment
    if end < 0:
        return None
    # Pagefind keeps one index per language, read from <html lang>, as it would from the whole page.
    found = _LANG_RE.search(page_html, 0, start)
    lang = f' lang="{found.group(1)}"' if found else ""
    return f"<!doctype html><html{lang}><body>{page_html[start:end]}</body></html>"


@dataclass
class _Responses:
    """What the reading thread learned from the service: the answers waited for, and the errors."""

    arrived: dict[int, dict[str, Any]] = field(default_factory=dict)  # by message id, only those waited for
    errors: list[str] = field(default_factory=list)  # the first few errors and other things it said
    error_count: int = 0  # answers that were errors
    ended: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)


class Indexer:
    """One build's search index: pages go in as they are written, ``finish`` writes the index."""

    def __init__(self, site_dir: Path, process: subprocess.Popen[bytes]) -> None:
        self.site_dir = site_dir
        self.pages = 0
        self.waited_s = 0.0  # how long the build waited at its end for the index to be written
        self.peak_mb: float | None = None  # Pagefind's own peak memory, where the system tells (Linux)
        self._process = process
        self._responses = _Responses()
        self._awaited: set[int] = set()
        self._last_id = 0
        self._index_id: int | None = None
        self._writing: int | None = None  # the message that began writing the index, see write_soon
        self._failure: str | None = None
        self._reader = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, site_dir: Path) -> Indexer | str:
        """A running index for the site folder ``site_dir``, or why there cannot be one."""
        if (why := missing()) is not None:
            return why
        from pagefind.service import get_executable  # the binary of the `pagefind[bin]` package

        executable = get_executable()
        if executable is None:
            return "Pagefind's program is missing, so the site has no search — run `make setup` (it installs pagefind[bin])"
        try:
            process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
        except OSError as error:
            return f"Pagefind could not start ({error}) — the site has no search"
        indexer = cls(site_dir, process)
        config = {"exclude_selectors": [EXCLUDED]}
        answer = indexer._wait(indexer._send({"type": "NewIndex", "config": config}, awaited=True), 60)
        if answer is None or answer.get("type") != "NewIndex":
            problem = indexer._failed("it did not create an index")
            indexer.stop()
            return problem
        indexer._index_id = int(answer["index_id"])
        return indexer

    def add(self, url: str, page_html: str) -> None:
        """Index the page at ``url`` (from the site's root, '/lessons/x/') if the template made it searchable."""
        html = searchable_html(page_html)
        if html is None or self._failure is not None:
            return
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html})
        self.pages += 1
        if self._writing is not None:  # a page after the writing began: the index is written again at the end
            self._writing = None

    def write_soon(self) -> None:
        """Begin writing the index while the build goes on, once every searchable page is in: MkDocs
        renders the generated pages (tag pages, listings, kits; none searchable) last."""
        if self._writing is None and self._failure is None:
            self._writing = self._send(self._write_request(), awaited=True)

    def finish(self) -> str | None:
        """Write the index into the site folder (or wait for the writing begun) and end the service; what
        went wrong, or None."""
        started = time.perf_counter()
        writing = (
            self._writing if self._writing is not None else self._send(self._write_request(), awaited=True)
        )
        answer = self._wait(writing, TIMEOUT_S)
        self.waited_s = time.perf_counter() - started
        self.peak_mb = _peak_memory_mb(self._process.pid)  # its peak is while writing: read it before it ends
        problem = None
        if self._failure is not None or answer is None or answer.get("type") != "WriteFiles":
            problem = self._failed("it did not write the index")
        elif self._responses.error_count:
            problem = self._failed(f"{self._responses.error_count} of {self.pages} pages were not indexed")
        self.stop()
        return problem

    def stop(self) -> None:
        """End the service, whatever it was doing (a build that failed, or after ``finish``)."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            with contextlib.suppress(OSError):  # it may have ended already
                self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=5)

    def _failed(self, what: str) -> str:
        ended = self._process.poll()
        if ended is None and self._responses.ended:  # its output closed: it is ending, wait for its status
            with contextlib.suppress(subprocess.TimeoutExpired):
                ended = self._process.wait(timeout=2)
        said = "; ".join(self._responses.errors) or self._failure or ""
        if ended is not None:
            said = f"exit status {ended}" + (f": {said}" if said else "")
        said = said or "no message"
        return f"Pagefind could not index the site: {what} ({' '.join(said.split())[:500]}) — the site has no search"

    def _send(self, payload: dict[str, Any], awaited: bool = False) -> int:
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload}).encode("utf-8")
        if awaited:
            with self._responses.changed:
                self._awaited.add(self._last_id)
        stdin = self._process.stdin
        try:
            assert stdin is not None  # opened with stdin=PIPE
            stdin.write(base64.b64encode(message) + _SEPARATOR)  # blocks while Pagefind catches up
            if awaited:
                stdin.flush()
        except (BrokenPipeError, OSError) as error:
            self._failure = self._failure or f"it stopped while indexing ({error})"
        return self._last_id

    def _write_request(self) -> dict[str, Any]:
        return {"type": "WriteFiles", "index_id": self._index_id, "output_path": str(self.site_dir / FOLDER)}

    def _wait(self, message_id: int, timeout_s: float) -> dict[str, Any] | None:
        """The answer to the message ``message_id`` (sent with ``awaited``); None if none came."""
        deadline = time.monotonic() + timeout_s
        with self._responses.changed:
            while message_id not in self._responses.arrived and not self._responses.ended:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._failure = self._failure or f"no answer within {timeout_s:.0f} s"
                    return None
                self._responses.changed.wait(left)
            return self._responses.arrived.pop(message_id, None)

    def _read(self, stdout: IO[bytes] | None) -> None:
        """Collect the service's answers (in a thread, so its output never fills up and stalls it)."""
        assert stdout is not None
        pending = b""
        while chunk := stdout.read1(1 << 16):  # type: ignore[attr-defined]
            pending += chunk
            *messages, pending = pending.split(_SEPARATOR)
            for message in messages:
                self._note(message)
        with self._responses.changed:
            if pending.strip():
                self._keep_said(pending.decode("utf-8", "replace"))
            self._responses.ended = True
            self._responses.changed.notify_all()

    def _note(self, message: bytes) -> None:
        try:
            response = json.loads(base64.b64decode(message, validate=True))
        except (binascii.Error, ValueError):  # not a message: the program said something itself
            with self._responses.changed:
                self._keep_said(message.decode("utf-8", "replace"))
            return
        payload = response.get("payload") or {}
        with self._responses.changed:
            if payload.get("type") == "Error":
                self._keep_error(str(payload.get("message", "")))
            if response.get("message_id") in self._awaited:
                self._awaited.discard(response["message_id"])
                self._responses.arrived[response["message_id"]] = payload
                self._responses.changed.notify_all()

    def _keep_error(self, text: str) -> None:
        self._responses.error_count += 1
        self._keep_said(text)

    def _keep_said(self, text: str) -> None:
        """Keep the first few things it said, for the message if it fails."""
        if len(self._responses.errors) < _ERRORS_KEPT and text.strip():
            self._responses.errors.append(text.strip())


def summary(indexer: Indexer) -> str:
    """What indexing took, for the build's log (scripts/bench.py reads it)."""
    peak = f", Pagefind's peak memory {indexer.peak_mb:.0f} MB" if indexer.peak_mb is not None else ""
    return (
        f"Search: {indexer.pages} pages indexed, {indexer.waited_s:.2f} s to write the index after the last page"
        + peak
    )


def _peak_memory_mb(pid: int) -> float | None:
    """A running process's peak resident memory (Linux's VmHWM), or None where that cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s*(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None
