"""Action items from lessons learned: what the lessons promised, who owns it, and what is overdue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from .generated import GeneratedFile, PageSource, checked
from .headings import HEADING, text_of
from .markup import esc, generated_page, page_link, relative_url, show_date
from .model import ActionItem, Kind, Page
from .problems import Problem, Severity

ACTIONS_URL = "lessons/actions/"
ACTIONS_HEADING = "Action items"  # the lesson section the guide asks for, which gets the table
STATUS_LABELS = {"open": "Open", "in-progress": "In progress", "done": "Done", "dropped": "Dropped"}


@dataclass(frozen=True)
class OpenAction:
    lesson: Page
    item: ActionItem
    overdue: bool


def open_actions(pages: dict[str, Page], today: dt.date) -> list[OpenAction]:
    """Every open item across lessons: overdue first (oldest due first), then by due date, owner, lesson."""
    found = [
        OpenAction(page, item, item.due < today)
        for page in pages.values()
        if page.kind is Kind.LESSON
        for item in page.actions
        if item.is_open
    ]
    return sorted(
        found,
        key=lambda a: (not a.overdue, a.item.due, a.item.owner.casefold(), a.lesson.src_uri, a.item.what),
    )


def overdue_problems(actions: list[OpenAction]) -> list[Problem]:
    """Warnings for the build when `warn_overdue_actions` is on."""
    return [
        Problem(
            action.lesson.path,
            action.item.line,
            f"the action item '{action.item.what}' ({action.item.owner}) was due {action.item.due.isoformat()} "
            "and is still open",
            "finish it and set status: done, move its due date, or set status: dropped",
            Severity.WARNING,
        )
        for action in actions
        if action.overdue
    ]


def status_badge(item: ActionItem, today: dt.date) -> str:
    overdue = item.is_open and item.due < today
    status = "overdue" if overdue else item.status
    label = f"Overdue ({STATUS_LABELS[item.status].lower()})" if overdue else STATUS_LABELS[item.status]
    return f'<span class="lc-action lc-action--{status}">{label}</span>'


def lesson_actions_html(page: Page, today: dt.date) -> str:
    """The table of a lesson's action items: what, who, when and where it stands."""
    if not page.actions:
        return ""
    rows = "".join(
        f"<tr><td>{esc(item.what)}</td><td>{esc(item.owner)}</td>"
        f'<td><time datetime="{item.due.isoformat()}">{show_date(item.due)}</time></td>'
        f"<td>{status_badge(item, today)}</td></tr>"
        for item in page.actions
    )
    done = sum(item.status == "done" for item in page.actions)
    return (
        '<div class="lc-actions">'
        f'<p class="lc-meta">{done} of {len(page.actions)} done. '
        f'<a href="{esc(relative_url(page.url, ACTIONS_URL))}">All open action items</a></p>'
        '<table><thead><tr><th scope="col">What</th><th scope="col">Owner</th>'
        f'<th scope="col">Due</th><th scope="col">Status</th></tr></thead><tbody>{rows}</tbody></table>'
        "</div>"
    )


def with_lesson_actions(html: str, page: Page, today: dt.date) -> str:
    """A lesson's HTML with its action items table in one "Action items" section: right under the
    author's own heading of that name (the guide asks for it), above their words on each action; at the
    end under a heading of its own when the lesson has none. One section, one id."""
    table = lesson_actions_html(page, today)
    if not table:
        return html
    for match in HEADING.finditer(html):
        if match[1] == "2" and text_of(match[2]).lower() == ACTIONS_HEADING.lower():
            return html[: match.end()] + table + html[match.end() :]
    return f'{html}<h2 id="action-items">{ACTIONS_HEADING}</h2>{table}'


def actions_page(pages: dict[str, Page], today: dt.date) -> PageSource:
    # The body is made when the page renders, so a build does not hold it from the start.
    return generated_page(
        "Action items",
        lambda: actions_body(pages, today),
        summary="Open action items from every lesson learned.",
    )


def actions_body(pages: dict[str, Page], today: dt.date) -> str:
    here = ACTIONS_URL
    actions = open_actions(pages, today)
    by_owner: dict[str, list[OpenAction]] = defaultdict(list)
    for action in actions:
        by_owner[action.item.owner].append(action)
    owners = sorted(
        by_owner, key=lambda owner: (not any(a.overdue for a in by_owner[owner]), owner.casefold())
    )
    overdue = sum(action.overdue for action in actions)
    body = (
        '<p class="lc-lead">Every lesson ends with what we will change. This page keeps those promises visible: '
        "all open action items across lessons learned, grouped by owner, overdue ones first.</p>\n"
        f'<p class="lc-meta">{len(actions)} open, {overdue} overdue, as of {show_date(today)}.</p>\n'
    )
    for owner in owners:
        rows = "".join(
            f'<tr class="{"lc-overdue" if a.overdue else ""}"><td>{esc(a.item.what)}</td>'
            f"<td>{page_link(a.lesson, here)}</td>"
            f'<td><time datetime="{a.item.due.isoformat()}">{show_date(a.item.due)}</time></td>'
            f"<td>{status_badge(a.item, today)}</td></tr>"
            for a in by_owner[owner]
        )
        body += (
            f"<h2>{esc(owner)}</h2>\n"
            '<table><thead><tr><th scope="col">What</th><th scope="col">Lesson</th>'
            f'<th scope="col">Due</th><th scope="col">Status</th></tr></thead><tbody>{rows}</tbody></table>\n'
        )
    if not actions:
        body += '<p class="lc-empty">No open action items. Every promise kept!</p>\n'
    lessons = sorted(
        (p for p in pages.values() if p.kind is Kind.LESSON and p.actions), key=lambda p: p.title.casefold()
    )
    rows = "".join(
        f"<tr><td>{page_link(lesson, here)}</td>"
        f"<td>{sum(i.status == 'done' for i in lesson.actions)} of {len(lesson.actions)}</td>"
        f"<td>{sum(i.is_open and i.due < today for i in lesson.actions)}</td></tr>"
        for lesson in lessons
    )
    body += (
        '<h2 id="by-lesson">Done per lesson</h2>\n'
        '<table><thead><tr><th scope="col">Lesson</th><th scope="col">Done</th>'
        f'<th scope="col">Overdue</th></tr></thead><tbody>{rows}</tbody></table>\n'
    )
    return body


def action_files(pages: dict[str, Page], today: dt.date) -> list[GeneratedFile]:
    return [checked("lessons/actions.md", actions_page(pages, today), in_nav=True)]
