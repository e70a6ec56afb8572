"""Serve a built site on loopback under the path of its site_url, the way GitHub Pages serves it.

The wiki is a project site (https://<owner>.github.io/<repo>/), so every page lives under /<repo>/ and a
link that escapes that prefix is broken in production. This server reproduces that: files are served
only below the base path, a directory URL serves its index.html, a directory URL without its trailing
slash redirects, anything else is a 404 (with the site's 404.html as the body, like Pages). There are no
directory listings. It is threaded and speaks HTTP/1.1 with keep-alive, because LinkChecker and the
browser tests fetch many files at once.

    python scripts/serve_site.py SITE_DIR [--base-path /learning-commons/] [--port 8001]

Used as a library by scripts/linkcheck.py and the browser tests: ``with serving(site_dir, base) as url``.
"""

from __future__ import annotations

import argparse
import mimetypes
import posixpath
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

HOST = "127.0.0.1"
_CONTROL_RE = re.compile("[\x00-\x1f\x7f]")

# mimetypes reads /etc/mime.types, which differs between machines; pin what a built site contains.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".gz": "application/gzip",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json",
}


def add_config_file_option(parser: argparse.ArgumentParser) -> None:
    """The `-f/--config-file` option of every script that builds the wiki before it serves it."""
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "mkdocs.yml",
        help="the MkDocs configuration (default: the repository's mkdocs.yml)",
    )


def normalize_base_path(base_path: str) -> str:
    """'/learning-commons/' for 'learning-commons', '/learning-commons' or '/learning-commons/'; '/' for ''."""
    stripped = base_path.strip("/")
    return f"/{stripped}/" if stripped else "/"


def base_path_of(site_url: str) -> str:
    """The path part of a site_url: https://x.github.io/repo/ -> /repo/."""
    return normalize_base_path(urlsplit(site_url).path)


def content_type(path: Path) -> str:
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class SiteHandler(BaseHTTPRequestHandler):
    """Serves ``server.site_dir`` under ``server.base_path``; set by ``SiteServer``."""

    server: SiteServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body then waits for the
    # client's delayed ACK: up to 40 ms a response on loopback (a one-thread link check of 300 pages
    # took 26 s instead of 8 s).
    disable_nagle_algorithm = True
    server_version = "LearningCommonsSite"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _respond(self, *, send_body: bool) -> None:
        self.server.count_request()
        url_path = unquote(urlsplit(self.path).path)
        if _CONTROL_RE.search(url_path):  # an encoded CR/LF would end up in the Location header
            self.send_error(HTTPStatus.BAD_REQUEST, "control characters in the path")
            return
        base = self.server.base_path
        if url_path + "/" == base:
            self._redirect(base)
            return
        if not url_path.startswith(base) or ".." in url_path.split("/"):
            self._not_found(send_body)
            return
        relative = url_path[len(base) :]
        target = self._resolve(relative)
        if target is None:
            self._not_found(send_body)
        elif target.is_dir():
            if not url_path.endswith("/"):
                # Built from the folder found, never from the request: '//host' would redirect off the site.
                folder = posixpath.normpath("/" + relative).lstrip("/")
                self._redirect(quote(f"{base}{folder}/"))
            elif (target / "index.html").is_file():
                self._send_file(HTTPStatus.OK, target / "index.html", send_body)
            else:
                self._not_found(send_body)
        elif target.is_file() and not url_path.endswith("/"):
            self._send_file(HTTPStatus.OK, target, send_body)
        else:
            self._not_found(send_body)

    def _resolve(self, relative: str) -> Path | None:
        """The file or folder for a path below the base, or None when it would leave the site."""
        normalized = posixpath.normpath("/" + relative).lstrip("/")
        if normalized.startswith("..") or "\x00" in normalized:
            return None
        root = self.server.site_dir
        target = (root / normalized) if normalized not in ("", ".") else root
        try:
            target.resolve().relative_to(root)
        except (ValueError, OSError):
            return None
        return target

    def end_headers(self) -> None:
        # LinkChecker throttles every host to about 3 requests a second unless the server answers
        # with this header (linkcheck/checker/httpurl.py); then `maxrequestspersecond` applies.
        self.send_header("LinkChecker", "local")
        super().end_headers()

    def _send_file(self, status: HTTPStatus, path: Path, send_body: bool) -> None:
        try:
            body = path.read_bytes()
        except OSError:
            self.send_error(HTTPStatus.FORBIDDEN)
            return
        self.send_response(status)
        self.send_header("Content-Type", content_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_found(self, send_body: bool) -> None:
        page = self.server.site_dir / "404.html"
        if page.is_file():
            self._send_file(HTTPStatus.NOT_FOUND, page, send_body)
            return
        body = b"404 Not Found\n"
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    # LinkChecker opens many connections at once; the default backlog of 5 makes it retry and wait.
    request_queue_size = 128

    def __init__(
        self,
        site_dir: Path,
        base_path: str,
        port: int = 0,
        *,
        verbose: bool = False,
        handler: type[SiteHandler] = SiteHandler,
    ) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.base_path = normalize_base_path(base_path)
        self.verbose = verbose
        self.requests = 0
        self._lock = threading.Lock()
        super().__init__((HOST, port), handler)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}{self.base_path}"

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients (LinkChecker, the browser) drop keep-alive connections when they are done.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1


# Debian's chromium, headless, as root, on a machine whose only network is the loopback: without the
# background-networking flags it keeps trying (and failing) to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def serving(
    site_dir: Path, base_path: str, *, verbose: bool = False, handler: type[SiteHandler] = SiteHandler
) -> Iterator[SiteServer]:
    """Serve ``site_dir`` on a free loopback port in a background thread; stops on exit."""
    if not (Path(site_dir) / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir} has no index.html: build the site first")
    server = SiteServer(site_dir, base_path, verbose=verbose, handler=handler)
    # shutdown() waits for the loop to look at its flag: every 50 ms, not every 0.5 s (the default),
    # which was a tenth of a link check.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="site-server", daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Serve a built Learning Commons site on 127.0.0.1 under its site_url path, like GitHub Pages."
    )
    parser.add_argument("site_dir", type=Path, help="the folder `mkdocs build` wrote (make build: site/)")
    parser.add_argument(
        "--base-path",
        default="/learning-commons/",
        help="URL path the site lives under (default: %(default)s)",
    )
    parser.add_argument(
        "--port", type=int, default=8001, help="port on 127.0.0.1 (default: %(default)s; 0 = any)"
    )
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        parser.error(f"{args.site_dir} has no index.html: run `make build` first")
    server = SiteServer(args.site_dir, args.base_path, args.port, verbose=True)
    print(f"Serving {args.site_dir} at {server.base_url} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
