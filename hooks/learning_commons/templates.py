"""The starting text of a new page of each type, as `make new` writes it and a web editor could prefill it.

The texts live in template_files/ beside this module: ``<type>.md`` for a one-file page type, and for a
workshop a folder of one file per part. Every text a writer must replace starts with the placeholder
marker ``TODO``, which the checks refuse (placeholders.py): an unfilled page cannot be published.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

_FILES = Path(__file__).resolve().parent / "template_files"
# The page types `make new` can start, and the folder of docs/ each one lives in.
SECTIONS = {"lesson": "lessons", "playbook": "playbooks", "workshop": "workshops"}
# A lesson's single action item is due this many days after the page is started.
ACTION_DUE_DAYS = 30
# What a template says where the writer gave no owner: a placeholder the checks refuse until replaced.
NO_OWNER = "TODO: your name or team"

_FIELD_RE = re.compile(r'"\{title\}([^"\n]*)"|\{(title|tags|owner|today|due)\}')


def page_templates(page_type: str) -> dict[str, str]:
    """File name -> template text for ``page_type`` ('lesson', 'playbook' or 'workshop').

    A lesson or playbook is one file, named here ``<type>.md`` (the page itself takes its name from the
    title); a workshop is a folder whose files keep these names (index.md, facilitator-guide.md, ...).
    The texts hold ``{title}``, ``{tags}``, ``{owner}``, ``{today}`` and ``{due}`` for ``fill``.
    """
    if page_type not in SECTIONS:
        raise ValueError(f"no template for {page_type!r}: the types are {', '.join(SECTIONS)}")
    if page_type == "workshop":
        files = sorted((_FILES / "workshop").glob("*.md"))
    else:
        files = [_FILES / f"{page_type}.md"]
    return {file.name: file.read_text(encoding="utf-8") for file in files}


def fill(template: str, *, title: str, tags: list[str], owner: str, today: dt.date) -> str:
    """A template with its fields filled in one pass (a title containing '{owner}' stays text).

    Values are written as JSON strings, which YAML reads back exactly.
    """
    values = {
        "title": title,
        "tags": tags,
        "owner": owner,
        "today": today.isoformat(),
        "due": (today + dt.timedelta(days=ACTION_DUE_DAYS)).isoformat(),
    }

    def field(match: re.Match[str]) -> str:
        if match.group(1) is not None:  # "{title}: handout": one JSON string for the whole value
            return json.dumps(title + match.group(1), ensure_ascii=False)
        key = match.group(2)
        return str(values[key]) if key in ("today", "due") else json.dumps(values[key], ensure_ascii=False)

    return _FIELD_RE.sub(field, template)
