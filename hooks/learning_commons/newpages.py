"""Links that start a new page in GitHub's web editor, in its section's folder, prefilled with its template.

GitHub opens its editor on a new file at ``https://github.com/OWNER/REPO/new/BRANCH/FOLDER?filename=NAME&
value=TEXT``. The repository comes from ``repo_url``, the branch and the docs folder from ``edit_uri``
(``edit/main/docs/``), so a fork or a renamed branch links to itself. The text is the same template
`make new` fills, with a TODO wherever the writer has to write: the checks refuse it until they have.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .markup import esc
from .templates import NO_OWNER, SECTIONS, fill, page_templates

TITLE = "TODO: a title that says what the page is about"
TAGS = ["TODO: one to six tags from docs/tags.yml"]
# The name GitHub's editor proposes for the file; a workshop is a folder whose overview is index.md.
FILE_NAMES = {
    "lesson": "your-lesson-title.md",
    "playbook": "your-playbook-title.md",
    "workshop": "your-workshop/index.md",
}
LABELS = {
    "lesson": "Write a new lesson",
    "playbook": "Write a new playbook",
    "workshop": "Write a new workshop",
}

# edit_uri as MkDocs' GitHub default writes it: 'edit/BRANCH/DOCS_FOLDER/' (or 'blob/…').
_EDIT_URI_RE = re.compile(r"(?:edit|blob)/(?P<branch>[^/]+)/(?P<folder>(?:[^/]+/)*)")


@dataclass(frozen=True)
class Repository:
    url: str  # https://github.com/OWNER/REPO
    branch: str
    docs_folder: str  # relative to the repository root, '' or ending in '/': 'docs/'


def github_repository(repo_url: str, edit_uri: str) -> Repository | None:
    """The repository of a wiki on GitHub; None elsewhere, or when edit_uri names no branch."""
    parts = urlsplit(repo_url.strip())
    owner_repo = parts.path.strip("/").removesuffix(".git")
    if parts.scheme != "https" or parts.netloc.lower() != "github.com" or owner_repo.count("/") != 1:
        return None
    found = _EDIT_URI_RE.fullmatch(edit_uri.strip().lstrip("/").rstrip("/") + "/")
    if found is None:
        return None
    return Repository(f"https://github.com/{owner_repo}", found["branch"], found["folder"])


def new_page_url(repository: Repository, page_type: str, today: dt.date) -> str:
    """The web editor on a new page of ``page_type`` in its section's folder, prefilled with its template."""
    templates = page_templates(page_type)
    template = templates.get("index.md") or next(iter(templates.values()))
    text = fill(template, title=TITLE, tags=TAGS, owner=NO_OWNER, today=today)
    folder = posixpath.join(repository.docs_folder, SECTIONS[page_type])
    return (
        f"{repository.url}/new/{quote(repository.branch, safe='')}/{quote(folder)}"
        f"?filename={quote(FILE_NAMES[page_type], safe='/')}&value={quote(text, safe='')}"
    )


def new_page_urls(repository: Repository | None, today: dt.date) -> dict[str, str]:
    """By page type, where to write a new page; empty when the wiki is not on GitHub."""
    if repository is None:
        return {}
    return {page_type: new_page_url(repository, page_type, today) for page_type in SECTIONS}


def new_page_links(urls: dict[str, str], page_types: tuple[str, ...] = tuple(SECTIONS)) -> str:
    """Buttons that open the editor on a new page of each of ``page_types``."""
    return " ".join(
        f'<a class="md-button lc-new-page" href="{esc(urls[page_type])}">{LABELS[page_type]}</a>'
        for page_type in page_types
        if page_type in urls
    )
