"""The controlled tag vocabulary (docs/tags.yml): tags, their descriptions and aliases."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import Document, parse_yaml
from .problems import Problem
from .text import (
    code_points,
    has_markup,
    invisible_characters,
    is_decomposed,
    looks_blank,
    normalise,
    shown,
    slugify,
)

# Letters of any script, digits, spaces and hyphens: nothing that can be a path, markup or a disguise.
_TAG_NAME_RE = re.compile(r"^[^\W_](?:[^\W_]|[ -](?=[^\W_]))*$")
_MAX_DESCRIPTION = 300
_TAG_FIELDS = ("description", "aliases")
NEAREST = 3  # valid tags listed when an unknown tag is close to none


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    description: str
    aliases: tuple[str, ...] = ()
    line: int = 0


@dataclass
class Vocabulary:
    """Every allowed tag, found by name or alias through one normalisation."""

    path: str
    tags: dict[str, Tag] = field(default_factory=dict)  # by tag name, in file order
    _by_key: dict[str, Tag] = field(default_factory=dict)

    def add(self, tag: Tag) -> None:
        self.tags[tag.name] = tag
        for name in (tag.name, *tag.aliases):
            self._by_key[normalise(name)] = tag

    def lookup(self, name: str) -> Tag | None:
        return self._by_key.get(normalise(name))

    def known(self, name: str) -> bool:
        return normalise(name) in self._by_key

    def exact(self, name: str) -> Tag | None:
        """The tag of this name or alias, or of the same web address ('Lunch and learn')."""
        tag = self.lookup(name)
        if tag is None and slugify(name):
            tag = next((tag for tag in self.tags.values() if tag.slug == slugify(name)), None)
        return tag

    def closest(self, name: str) -> Tag | None:
        """The tag ``name`` most likely means: itself, the tag of the same web address, or a near spelling."""
        tag = self.exact(name)
        if tag is None:
            close = difflib.get_close_matches(normalise(name), list(self._by_key), n=1, cutoff=0.6)
            tag = self._by_key[close[0]] if close else None
        return tag

    def nearest(self, name: str, count: int = NEAREST) -> list[Tag]:
        """The ``count`` tags most alike ``name`` by spelling (names and aliases), most alike first."""
        if not self._by_key:
            return []
        ranked = difflib.get_close_matches(normalise(name), list(self._by_key), n=len(self._by_key), cutoff=0)
        tags: list[Tag] = []
        for key in ranked:
            if self._by_key[key] not in tags:
                tags.append(self._by_key[key])
        return tags[:count]

    def suggest(self, name: str) -> str:
        """A 'did you mean' hint, or the nearest valid tags when nothing is close."""
        tag = self.closest(name)
        if tag is not None:
            return f"did you mean '{tag.name}'?"
        nearest = [tag.name for tag in self.nearest(name)]
        if not nearest:
            return f"add the tag to {self.path} with a description"
        are = "tags in {path} are" if len(nearest) > 1 else "tag in {path} is"
        return (
            f"the nearest {are.format(path=self.path)} {_quoted_list(nearest)}: use one, or add the new tag "
            "there with a description"
        )

    def as_list(self, text: str) -> str:
        """The fix for tags written as text ('tags: retros, feedback'): the list of the tags it names."""
        names = [part.strip() for part in text.split(",") if part.strip()]
        words = names[0].split() if len(names) == 1 else []
        if words and self.exact(names[0]) is None and any(self.exact(word) for word in words):
            names = words  # 'retro feedback': tags without commas
        found: list[str] = []
        unknown: list[str] = []
        for name in names:
            tag = self.closest(name)
            if tag is None:
                unknown.append(name)
            elif tag.name not in found:
                found.append(tag.name)
        if found or not unknown:
            fix = f"write it as a list: tags: [{', '.join(found or list(self.tags)[:1])}]"
        else:
            fix = f"write it as a list of tags from {self.path}"
        for name in unknown:
            nearest = _quoted_list([tag.name for tag in self.nearest(name)])
            fix += f"; {shown(name)} is not a tag (the nearest are {nearest})"
        return fix


def _quoted_list(names: list[str]) -> str:
    """'a', 'b' and 'c'."""
    quoted = [f"'{name}'" for name in names]
    return " and ".join(filter(None, [", ".join(quoted[:-1]), *quoted[-1:]]))


def tag_name_problem(name: str, what: str = "tag name") -> str | None:
    """Why ``name`` cannot be a tag name (or an alias: ``what``), or None when it can."""
    if not name.strip():
        return f"a {what} cannot be empty or only spaces"
    if looks_blank(name):
        return (
            f"the {what} looks blank: it holds only invisible or space-like characters ({code_points(name)})"
        )
    if is_decomposed(name):
        return (
            f"the {what} {shown(name)} spells a letter with a combining mark (Unicode NFD): it looks like "
            "the same name typed with one character but is not"
        )
    hidden = invisible_characters(name)
    if hidden:
        return f"the {what} {shown(name)} contains invisible or control characters ({', '.join(hidden)})"
    if not _TAG_NAME_RE.match(name):
        return (
            f"the {what} {shown(name)} may contain only letters, digits, single spaces and hyphens "
            "(no '/', '.', '<', quotes or other punctuation)"
        )
    if what == "tag name" and not slugify(name):
        return f"the {what} {shown(name)} has no letters a-z or digits to make a web address from"
    return None


def load_vocabulary(path: Path, display_path: str) -> tuple[Vocabulary, list[Problem]]:
    """Read tags.yml; every problem is reported, and the valid tags are kept."""
    vocabulary = Vocabulary(display_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return vocabulary, [
            Problem(
                display_path,
                0,
                "the tag vocabulary is missing",
                "create it with one 'tag-name:' per tag and 'description: …' indented under it",
            )
        ]
    except UnicodeDecodeError as error:
        line = bytes(error.object)[: error.start].count(b"\n") + 1
        byte = bytes(error.object)[error.start]
        return vocabulary, [
            Problem(
                display_path, line, f"the file is not valid UTF-8 (byte 0x{byte:02x})", "save it as UTF-8"
            )
        ]
    except OSError as error:
        return vocabulary, [Problem(display_path, 0, f"cannot read the tag vocabulary ({error.strerror})")]
    doc = parse_yaml(
        text,
        display_path,
        what="the tag vocabulary",
        layout="write one 'tag-name:' per tag with 'description: …' indented under it",
    )
    problems = list(doc.problems)
    if not doc.data and not problems:
        problems.append(
            Problem(
                display_path, 1, "the tag vocabulary has no tags", "add 'tag-name:' with a 'description: …'"
            )
        )
    slugs: dict[str, Tag] = {}
    for name, entry in doc.data.items():
        line = doc.line((name,))
        tag, entry_problems = _read_tag(name, entry, doc, display_path)
        problems += entry_problems
        if tag is None:
            continue
        clash = slugs.get(tag.slug) or _first_known(vocabulary, (tag.name, *tag.aliases))
        if clash is not None:
            problems.append(
                Problem(
                    display_path,
                    line,
                    f"the tag '{tag.name}' clashes with '{clash.name}' (line {clash.line}): "
                    "the same name, alias or web address",
                    "merge the two tags or rename one",
                )
            )
            continue
        slugs[tag.slug] = tag
        vocabulary.add(tag)
    return vocabulary, problems


def _first_known(vocabulary: Vocabulary, names: Iterable[str]) -> Tag | None:
    return next((tag for name in names if (tag := vocabulary.lookup(name)) is not None), None)


def _description_problem(description: str) -> tuple[str, str] | None:
    """What is wrong with a description and how to fix it, or None."""
    if len(description) > _MAX_DESCRIPTION:
        return f"has {len(description)} characters; it may have at most {_MAX_DESCRIPTION}", "shorten it"
    hidden = invisible_characters(description)
    if hidden:
        return f"contains invisible or control characters ({', '.join(hidden)})", "write it as plain text"
    if has_markup(description):
        return "contains HTML", "write plain text ('a < b' is fine, '<b>' is not)"
    return None


def _read_tag(name: str, entry: object, doc: Document, path: str) -> tuple[Tag | None, list[Problem]]:
    line = doc.line((name,))
    problems: list[Problem] = []
    why = tag_name_problem(name)
    if why:
        return None, [Problem(path, line, why, "rename the tag")]
    if not isinstance(entry, dict):
        return None, [
            Problem(
                path, line, f"the tag '{name}' needs a description", f"write '{name}:' then 'description: …'"
            )
        ]
    description = entry.get("description")
    if not isinstance(description, str) or not description.strip():
        problems.append(Problem(path, line, f"the tag '{name}' has no description", "add 'description: …'"))
        description = ""
    elif wrong := _description_problem(description.strip()):
        at = doc.line((name, "description"))
        problems.append(Problem(path, at, f"the description of '{name}' {wrong[0]}", wrong[1]))
        description = ""  # a refused description is never published, not even in a preview
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        problems.append(
            Problem(
                path,
                doc.line((name, "aliases")),
                f"the aliases of '{name}' must be a list of names",
                "write aliases: [name, other-name]",
            )
        )
        aliases = []
    good_aliases: list[str] = []
    for index, alias in enumerate(aliases):
        why = tag_name_problem(alias, "alias")
        if why:
            problems.append(Problem(path, doc.line((name, "aliases", index)), why, "rename the alias"))
        else:
            good_aliases.append(alias)
    for unknown in sorted(set(entry) - set(_TAG_FIELDS)):
        close = difflib.get_close_matches(unknown, _TAG_FIELDS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "a tag has only 'description' and 'aliases'"
        problems.append(
            Problem(
                path,
                doc.line((name, unknown)),
                f"the tag '{name}' has an unknown field {shown(unknown)}",
                hint,
            )
        )
    return Tag(name.strip(), slugify(name), description.strip(), tuple(good_aliases), line), problems
