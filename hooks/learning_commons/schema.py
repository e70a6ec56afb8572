"""Front matter schemas per page type, and validation that reports every problem with its line."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from .frontmatter import Document, Path_, field_name
from .model import ActionItem, AgendaItem, Kind, Period, parse_period
from .problems import Problem, Severity
from .text import code_points, has_markup, invisible_characters, looks_blank, normalise, shown
from .vocabulary import Vocabulary

COMMON_FIELDS = ("title", "summary", "tags", "owner", "reviewed", "review_every")
MATERIAL_FIELDS = ("hide", "search", "template", "icon", "status")
# Material inserts these into templates unescaped (a class name, an include path), so they are checked.
HIDE_CHOICES = ("navigation", "toc", "footer", "feedback", "path", "tags")
SEARCH_FIELDS = ("exclude", "boost")
_ICON_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)+$")
_STATUS_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEMPLATE_RE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.html$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KIND_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.PLAYBOOK: ("cadence", "audience"),
    Kind.LESSON: ("happened", "actions"),
    Kind.WORKSHOP: ("duration", "audience", "agenda", "facilitators"),
    Kind.WORKSHOP_PART: (),
    Kind.PAGE: (),
}
CADENCES = ("weekly", "fortnightly", "monthly", "quarterly", "yearly", "as-needed")
ACTION_STATUSES = ("open", "in-progress", "done", "dropped")
ACTION_FIELDS = ("what", "owner", "status", "due", "closed")
AGENDA_FIELDS = ("item", "minutes")
TITLE_LIMITS = (3, 90)
SUMMARY_LIMITS = (20, 300)
TAG_LIMITS = {Kind.PLAYBOOK: (1, 6), Kind.LESSON: (1, 6), Kind.WORKSHOP: (1, 6)}
OPTIONAL_TAG_LIMITS = (0, 6)
DURATION_LIMITS = (15, 480)
# The years a date in front matter may have: wider than any wiki needs, narrow enough that a typo
# ('0202', '20266') is caught and that a review cycle counted from the date stays within the calendar.
DATE_YEARS = (1900, 2999)
# A required field written out, for the fix of "'x' is missing" (tags and dates are made per page).
_EXAMPLES = {
    "title": "title: Our first open forum had no questions",
    "summary": "summary: One or two sentences on what the reader gets from this page.",
    "actions": "actions: []",
    "duration": "duration: 60",
    "audience": "audience: Team leads and facilitators, 6 to 12 people",
    "agenda": "agenda: [{item: Welcome, minutes: 10}]",
    "what": "what: Keep a backlog of four confirmed speakers",
    "owner": "owner: Learning Guild",
    "status": "status: open",
    "item": "item: Welcome",
    "minutes": "minutes: 10",
}


@dataclass
class Checked:
    """The validated values of one page's front matter."""

    values: dict[str, Any]
    problems: list[Problem]


def validate(path: str, kind: Kind, doc: Document, vocabulary: Vocabulary, today: dt.date) -> Checked:
    return _Validator(path, kind, doc, vocabulary, today).run()


class _Validator:
    def __init__(self, path: str, kind: Kind, doc: Document, vocabulary: Vocabulary, today: dt.date) -> None:
        self.path = path
        self.kind = kind
        self.doc = doc
        self.vocabulary = vocabulary
        self.today = today
        self.problems: list[Problem] = []
        self.values: dict[str, Any] = {}

    # -- reporting -----------------------------------------------------------------------------------
    def problem(
        self,
        at: Path_,
        message: str,
        fix: str = "",
        severity: Severity = Severity.ERROR,
        *,
        incomplete: bool = False,
    ) -> None:
        self.problems.append(Problem(self.path, self.doc.line(at), message, fix, severity, incomplete))

    def missing(self, at: Path_, fix: str) -> None:
        """A required field is not there: say where it goes and show it written out."""
        example = self.example(at)
        if len(at) > 1:  # in a list entry: at the entry's first line
            hint = f"add it to this entry, e.g. {example}" if example else fix
            self.problem(at[:-1], f"{field_name(at)} is missing", hint, incomplete=True)
            return
        # At the front matter's opening '---' (line 1): the writer sees the block the field belongs in.
        line = max(self.doc.first_line - 1, 1)
        hint = f"add the line '{example}' between the two '---' lines" if example else fix
        self.problems.append(Problem(self.path, line, f"{field_name(at)} is missing", hint, incomplete=True))

    def example(self, at: Path_) -> str:
        """How a missing field is written, with a value that would pass ('' when there is no example)."""
        name = str(at[-1])
        if name == "tags":
            first = next(iter(self.vocabulary.tags), "tag-name")
            return f"tags: [{first}]"
        if name in ("happened", "due"):
            return f"{name}: {self.today.isoformat()}"
        return _EXAMPLES.get(name, "")

    def wrong_type(self, at: Path_, expected: str, value: Any) -> None:
        name = field_name(at)
        raw = self.doc.raw.get(at)
        if raw is not None and isinstance(value, bool | int | float | dt.date):
            if isinstance(value, dt.date):
                read_as = "a date and time" if isinstance(value, dt.datetime) else "a date"
            else:
                shown_value = str(value).lower() if isinstance(value, bool) else str(value)
                read_as = f"the {'boolean' if isinstance(value, bool) else 'number'} {shown_value}"
            self.problem(
                at,
                f"{name} must be {expected}, but YAML reads {raw} as {read_as}",
                f'put it in quotes: {at[-1]}: "{raw}"'
                if isinstance(at[-1], str)
                else f'put it in quotes: "{raw}"',
            )
        else:
            self.problem(at, f"{name} must be {expected}, not {_describe(value)}", _example(at, expected))

    # -- entry ---------------------------------------------------------------------------------------
    def run(self) -> Checked:
        data = self.doc.data
        allowed = COMMON_FIELDS + KIND_FIELDS[self.kind] + MATERIAL_FIELDS
        for name in data:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                if name == "description":
                    hint = "the 'summary' is the page's description: remove 'description'"
                elif close:
                    hint = f"did you mean '{close[0]}'?"
                else:
                    fields = ", ".join(COMMON_FIELDS + KIND_FIELDS[self.kind])
                    hint = f"the fields of a {self.kind.label} page are: {fields}"
                self.problem((name,), f"unknown field {shown(name)}", hint, Severity.WARNING)
        self.values["title"] = self.text(("title",), required=True, limits=TITLE_LIMITS)
        self.values["summary"] = self.text(("summary",), required=True, limits=SUMMARY_LIMITS)
        self.values["tags"] = self.tags()
        self.values["owner"] = self.text(("owner",), limits=(1, 80))
        self.values["reviewed"] = self.date(("reviewed",), not_future=True)
        self.values["review_every"] = self.period(("review_every",))
        self.material()
        getattr(self, f"check_{self.kind.name.lower()}")()
        return Checked(self.values, self.problems)

    def check_playbook(self) -> None:
        self.values["cadence"] = self.choice(("cadence",), CADENCES)
        self.values["audience"] = self.text(("audience",), limits=(1, 200))

    def check_lesson(self) -> None:
        self.values["happened"] = self.date(("happened",), required=True, not_future=True)
        self.values["actions"] = tuple(self.records(("actions",), ACTION_FIELDS, self.action, required=True))

    def check_workshop(self) -> None:
        duration = self.integer(("duration",), required=True, limits=DURATION_LIMITS)
        self.values["duration"] = duration
        self.values["audience"] = self.text(("audience",), required=True, limits=(1, 200))
        agenda = self.records(
            ("agenda",),
            AGENDA_FIELDS,
            self.agenda_item,
            required=True,
            fix="add 'agenda:' with items like '- {item: Welcome, minutes: 10}'",
        )
        self.values["agenda"] = tuple(agenda)
        facilitators = self.text_list(("facilitators",))
        self.values["facilitators"] = tuple(facilitators)
        total = sum(item.minutes for item in agenda)
        listed = self.doc.data.get("agenda")
        if isinstance(listed, list) and not listed:
            self.problem(("agenda",), "'agenda' is empty", "add items like '- {item: Welcome, minutes: 10}'")
        elif duration is not None and agenda and total != duration and len(agenda) == len(listed or ()):
            self.problem(
                ("agenda",),
                f"the agenda adds up to {total} minutes but 'duration' is {duration}",
                f"change the items' minutes or set duration: {total}",
            )

    def check_workshop_part(self) -> None:
        pass

    def check_page(self) -> None:
        pass

    # -- field kinds ---------------------------------------------------------------------------------
    def present(self, at: Path_, required: bool, fix: str = "") -> Any:
        container: Any = self.doc.data
        for key in at[:-1]:
            container = container[key]
        key = at[-1]
        if isinstance(container, list):
            value = container[key] if isinstance(key, int) and key < len(container) else None
            exists = True
        else:
            value = container.get(key) if isinstance(container, dict) else None
            exists = isinstance(container, dict) and key in container
        if value is None and at in self.doc.refused:
            return None  # the front matter reader has already said what is wrong with it
        if value is None:
            if required and not exists:
                self.missing(at, fix)
            elif required:
                example = self.example(at)
                hint = f"write it as '{example}'" if example else fix
                self.problem(at, f"{field_name(at)} is empty", hint, incomplete=True)
        return value

    def text(self, at: Path_, *, required: bool = False, limits: tuple[int, int] = (1, 500)) -> str | None:
        value = self.present(at, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.wrong_type(at, "text", value)
            return None
        value = value.strip()
        if value and looks_blank(value):
            self.problem(
                at,
                f"{field_name(at)} looks blank: it holds only invisible or space-like characters "
                f"({code_points(value)})",
                "write it with letters a reader can see",
            )
            return None
        low, high = limits
        if not low <= len(value) <= high:
            self.problem(
                at,
                f"{field_name(at)} has {len(value)} characters; it must have {low} to {high}",
                "shorten it" if len(value) > high else "write a little more",
            )
        if "\n" in value or invisible_characters(value):
            self.problem(
                at,
                f"{field_name(at)} contains line breaks or invisible characters "
                f"({', '.join(invisible_characters(value)) or 'line break'})",
                "write it on one line as plain text",
            )
        if has_markup(value):
            self.problem(
                at, f"{field_name(at)} contains HTML", "write plain text: front matter is never HTML"
            )
        return value

    def text_list(self, at: Path_) -> list[str]:
        value = self.present(at, False)
        if value is None:
            return []
        if not isinstance(value, list):
            self.wrong_type(at, "a list", value)
            return []
        texts = [self.text((*at, index), required=True, limits=(1, 80)) for index in range(len(value))]
        return [text for text in texts if text]

    def tags(self) -> tuple[str, ...]:
        low, high = TAG_LIMITS.get(self.kind, OPTIONAL_TAG_LIMITS)
        at: Path_ = ("tags",)
        value = self.present(at, low > 0, "add 'tags: [tag-name]' with 1 to 6 tags from docs/tags.yml")
        if value is None:
            return ()
        if isinstance(value, str):
            self.problem(at, "'tags' must be a list, not text", self.vocabulary.as_list(value))
            return ()
        if not isinstance(value, list):
            self.wrong_type(at, "a list of tags", value)
            return ()
        if not low <= len(value) <= high:
            self.problem(
                at,
                f"a page has {low} to {high} tags, this one has {len(value)}",
                f"keep the {high} most useful" if value else f"add a tag from {self.vocabulary.path}",
                incomplete=not value,
            )
        names: list[str] = []
        for index, name in enumerate(value):
            if not isinstance(name, str):
                self.wrong_type((*at, index), "a tag name", name)
                continue
            tag = self.vocabulary.lookup(name)
            if tag is None:
                self.problem(
                    (*at, index),
                    f"{field_name((*at, index))} {shown(name)} is not in {self.vocabulary.path}",
                    self.vocabulary.suggest(name),
                )
            elif tag.name in names:
                again = "" if normalise(name) == normalise(tag.name) else f" (an alias of '{tag.name}')"
                self.problem(
                    (*at, index),
                    f"{field_name((*at, index))} {shown(name)}{again} is listed twice",
                    "remove one",
                )
            else:
                names.append(tag.name)
        return tuple(names)

    def date(self, at: Path_, *, required: bool = False, not_future: bool = False) -> dt.date | None:
        value = self.present(at, required, f"{at[-1]}: YYYY-MM-DD")
        if value is None:
            return None
        if isinstance(value, str):
            try:
                if not _ISO_DATE_RE.match(value.strip()):
                    raise ValueError(value)
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                self.problem(at, f"{field_name(at)} {value!r} is not a date", "write it as YYYY-MM-DD")
                return None
        if isinstance(value, dt.datetime):
            self.problem(at, f"{field_name(at)} must be a date without a time", "write it as YYYY-MM-DD")
            return None
        if not isinstance(value, dt.date):
            self.wrong_type(at, "a date (YYYY-MM-DD)", value)
            return None
        if not DATE_YEARS[0] <= value.year <= DATE_YEARS[1]:
            self.problem(
                at,
                f"{field_name(at)} {value.isoformat()} is outside the years {DATE_YEARS[0]} to {DATE_YEARS[1]}",
                "check the year",
            )
            return None
        if not_future and value > self.today:
            self.problem(
                at, f"{field_name(at)} {value.isoformat()} is in the future", "use the date it happened"
            )
        return value

    def integer(self, at: Path_, *, required: bool = False, limits: tuple[int, int]) -> int | None:
        value = self.present(at, required, f"{at[-1]}: {limits[0]}")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(at, "a whole number of minutes", value)
            return None
        if not limits[0] <= value <= limits[1]:
            self.problem(
                at, f"{field_name(at)} is {value}; it must be {limits[0]} to {limits[1]}", "fix the number"
            )
            return None
        return value

    def choice(self, at: Path_, choices: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.present(at, required, f"{at[-1]}: {choices[0]}")
        if value is None:
            return None
        if not isinstance(value, str) or value not in choices:
            close = difflib.get_close_matches(str(value), choices, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.problem(at, f"{field_name(at)} is {value!r}", f"{hint}use one of: {', '.join(choices)}")
            return None
        return value

    def period(self, at: Path_) -> Period | None:
        value = self.present(at, False)
        if value is None:
            return None
        period = parse_period(value)
        if period is None:
            self.problem(
                at, f"{field_name(at)} is {value!r}", "write a period like '6 months', '2 weeks' or '1 year'"
            )
            return None
        if period.too_long:
            self.problem(
                at,
                f"{field_name(at)} is longer than 10 years, the longest review cycle",
                "write a period like '6 months', '2 weeks' or '1 year'",
            )
            return None
        return period

    def material(self) -> None:
        """Material's own keys: its templates use them as class names and include paths, unescaped."""
        hide = self.present(("hide",), False)
        if hide is not None and (
            not isinstance(hide, list)
            or not all(isinstance(item, str) and item in HIDE_CHOICES for item in hide)
        ):
            self.problem(("hide",), f"'hide' is {hide!r}", f"write a list of: {', '.join(HIDE_CHOICES)}")
        search = self.present(("search",), False)
        if search is not None and not _valid_search(search):
            self.problem(
                ("search",),
                f"'search' is {search!r}",
                "write 'search: {exclude: true}' or 'search: {boost: 2}'",
            )
        for name, pattern, example in (
            ("template", _TEMPLATE_RE, "home.html"),
            ("icon", _ICON_RE, "material/school"),
            ("status", _STATUS_RE, "new"),
        ):
            value = self.present((name,), False)
            if value is not None and not (isinstance(value, str) and pattern.match(value)):
                self.problem(
                    (name,),
                    f"'{name}' is {value!r}",
                    f"write it as '{name}: {example}' (letters, digits, hyphens)",
                )

    def records(
        self, at: Path_, fields: tuple[str, ...], read: Any, *, required: bool, fix: str = ""
    ) -> list[Any]:
        value = self.present(at, required, fix or f"{at[-1]}: [] (a list of {', '.join(fields)})")
        if value is None:
            return []
        if not isinstance(value, list):
            self.wrong_type(at, f"a list of items with {', '.join(fields)}", value)
            return []
        records = []
        for index, entry in enumerate(value):
            item_at = (*at, index)
            if not isinstance(entry, dict):
                self.wrong_type(item_at, f"an item with {', '.join(fields)}", entry)
                continue
            for name in entry:
                if name not in fields:
                    close = difflib.get_close_matches(name, fields, n=1)
                    hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(fields)}"
                    self.problem(
                        (*item_at, name), f"unknown field {shown(name)} in {field_name(item_at)}", hint
                    )
            record = read(item_at)
            if record is not None:
                records.append(record)
        return records

    def action(self, at: Path_) -> ActionItem | None:
        what = self.text((*at, "what"), required=True)
        owner = self.text((*at, "owner"), required=True, limits=(1, 80))
        status = self.choice((*at, "status"), ACTION_STATUSES, required=True)
        due = self.date((*at, "due"), required=True)
        closed = self.date((*at, "closed"), not_future=True)
        if closed is not None and status in ("open", "in-progress"):
            self.problem(
                (*at, "closed"),
                f"{field_name((*at, 'closed'))} is set but the item is still {status}",
                "set status: done or dropped, or remove the closed date",
            )
        happened = self.values.get("happened")
        if closed is not None and isinstance(happened, dt.date) and closed < happened:
            self.problem(
                (*at, "closed"),
                f"{field_name((*at, 'closed'))} {closed.isoformat()} is before the lesson happened "
                f"({happened.isoformat()})",
                "use the day the item was finished or dropped, which comes after what the lesson is about",
            )
        if what is None or owner is None or status is None or due is None:
            return None
        return ActionItem(what, owner, status, due, self.doc.line(at), closed)

    def agenda_item(self, at: Path_) -> AgendaItem | None:
        item = self.text((*at, "item"), required=True, limits=(1, 120))
        minutes = self.integer((*at, "minutes"), required=True, limits=(1, 480))
        if item is None or minutes is None:
            return None
        return AgendaItem(item, minutes)


def _valid_search(value: Any) -> bool:
    if not isinstance(value, dict) or not set(value) <= set(SEARCH_FIELDS):
        return False
    exclude, boost = value.get("exclude", False), value.get("boost", 1)
    return (
        isinstance(exclude, bool)
        and isinstance(boost, int | float)
        and not isinstance(boost, bool)
        and 0 < boost <= 100
    )


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text {value!r}"
    return repr(value)


def _example(at: Path_, expected: str) -> str:
    return f"write it as '{at[-1]}: …' ({expected})"
