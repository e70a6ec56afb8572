"""The Content-Security-Policy every page carries (a <meta> written by overrides/main.html), and the one
exception a preview needs: `mkdocs serve` writes an inline script into every page it serves, which reloads
the page after an edit. A preview allows inline scripts; what the page's body holds cannot use that, as
the build shows every refused tag of a body as text (htmlpolicy.py), and front matter is always escaped.
"""

from __future__ import annotations

POLICY_META = '<meta http-equiv="Content-Security-Policy" content="'
# Written before the page's own script-src, which a browser then ignores: so it repeats what that allows.
PREVIEW_SCRIPTS = "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; "


def for_preview(page_html: str) -> str:
    """``page_html`` with its policy allowing the inline script of `mkdocs serve`'s live reload."""
    return page_html.replace(POLICY_META, POLICY_META + PREVIEW_SCRIPTS, 1)
