"""Read a page's YAML front matter the way MkDocs does, but keep line numbers and refuse what MkDocs hides.

MkDocs swallows YAML errors (broken front matter becomes page text) and expands aliases silently. We
compose the YAML ourselves with the loader MkDocs uses (libyaml's when present), so we agree on what
parses, and we convert the node tree by hand so every value knows its line and its raw text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem
from .text import ordinal

try:  # The loader MkDocs itself uses: the C loader accepts some inputs the pure-Python one rejects.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in every wheel we pin
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# The same pattern as mkdocs/utils/meta.py, so a page has front matter exactly when MkDocs thinks so.
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)

_YAML = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE, _TIMESTAMP = (f"{_YAML}{n}" for n in ("str", "seq", "map", "merge", "timestamp"))
_PLAIN_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

MAX_DEPTH = 20  # the schemas need 3 (actions[0].what); libyaml allows 1000, more than Python's stack
_KIND_NAMES = {"int": "whole number", "float": "number", "bool": "boolean", "timestamp": "date"}

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML mapping with a line for every key path and the raw text of every scalar."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Path_, int] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    first_line: int = 1
    refused: set[Path_] = field(default_factory=set)  # values replaced by None after a reported problem
    parsed: bool = False  # False when the source is not YAML or not a mapping: there are no fields to check

    def line(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


# What one entry of a list field is called in messages ('the 2nd tag', "'due' of the 1st action").
_ENTRY_NAMES = {"tags": "tag", "actions": "action", "agenda": "agenda item", "facilitators": "facilitator"}


def field_name(path: Path_) -> str:
    """``path`` in a writer's words, counting list entries from one: 'title' is "'title'", ('tags', 1) is
    'the 2nd tag', ('actions', 0, 'due') is "'due' of the 1st action"."""
    name = ""
    for index, part in enumerate(path):  # an entry's name replaces its list's: 'the 1st action', not both
        if isinstance(part, int):
            parent = path[index - 1] if index else ""
            entry = _ENTRY_NAMES.get(str(parent), f"entry of '{parent}'")
            name = f"the {ordinal(part + 1)} {entry}"
        else:
            name = f"'{part}'" if not name else f"'{part}' of {name}"
    return name


@dataclass(frozen=True)
class SplitPage:
    front_matter: str | None  # None when the page has no front matter block
    body: str
    body_line: int  # 1-based line where the Markdown body starts


def split_front_matter(text: str) -> SplitPage:
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return SplitPage(None, text, 1)
    return SplitPage(match.group(1), text[match.end() :], text[: match.end()].count("\n") + 1)


def parse_yaml(
    source: str,
    path: str,
    *,
    first_line: int = 1,
    what: str = "the front matter",
    layout: str = "write one 'field: value' per line, e.g. 'title: My page'",
) -> Document:
    """Parse a YAML mapping from ``source`` (which starts at ``first_line`` of ``path``).

    ``what`` names the source in messages ('the front matter' of a page, 'the tag vocabulary') and
    ``layout`` says how the mapping should look when the source is something else.
    """
    doc = Document(first_line=first_line)
    try:
        node = yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        # For an unclosed '[', '{' or quote, or a key without ':', the context mark is where the mistake is;
        # the problem mark is where YAML gave up, often lines later. Otherwise the problem mark is better.
        starts_there = any(word in (error.context or "") for word in ("flow", "quoted", "simple key"))
        mark = (error.context_mark if starts_there else None) or error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        why = " ".join(part for part in (error.problem, error.context) if part) or "invalid YAML"
        doc.problems.append(
            Problem(
                path,
                line,
                f"{what} is not valid YAML ({why})",
                "check the indentation, and put values containing ': ' or starting with a quote, "
                "'[', '{', '*', '&', '!' or '@' in quotes",
            )
        )
        return doc
    except yaml.reader.ReaderError as error:
        # Raw control characters: YAML refuses them before parsing, with a position but no line.
        line = first_line + source[: max(error.position, 0)].count("\n")
        doc.problems.append(
            Problem(
                path,
                line,
                f"{what} contains the control character U+{error.character:04X}, which YAML does not allow",
                "delete it (it is often invisible: retype the line)",
            )
        )
        return doc
    except RecursionError:  # pragma: no cover - only the pure-Python loader recurses without a limit
        doc.problems.append(Problem(path, first_line, f"{what} is nested too deeply", "flatten it"))
        return doc
    except yaml.YAMLError as error:  # pragma: no cover - every YAML error we know of is handled above
        doc.problems.append(Problem(path, first_line, f"{what} is not valid YAML ({error})"))
        return doc
    if node is None:
        doc.parsed = True
        return doc
    if not isinstance(node, yaml.MappingNode):
        doc.problems.append(
            Problem(
                path,
                first_line + node.start_mark.line,
                f"{what} must be a mapping, not {_describe_node(node)}",
                layout,
            )
        )
        return doc
    converter = _Converter(path, first_line, doc)
    data = converter.convert(node, ())
    doc.data = data if isinstance(data, dict) else {}
    doc.parsed = True
    return doc


def _describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the text {node.value!r}" if isinstance(node, yaml.ScalarNode) else "that"


class _Converter:
    """Turns a composed node tree into plain values, refusing aliases, custom tags and duplicate keys."""

    def __init__(self, path: str, first_line: int, doc: Document) -> None:
        self.path = path
        self.first_line = first_line
        self.doc = doc
        self.seen: set[int] = set()
        self.alias_lines: set[int] = set()
        self.too_deep = False
        self.constructor = yaml.constructor.SafeConstructor()

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def problem(self, node: yaml.Node, message: str, fix: str) -> None:
        self.doc.problems.append(Problem(self.path, self.line_of(node), message, fix))

    def convert(self, node: yaml.Node, at: Path_) -> Any:
        # The composer hands back the same node object for every alias of an anchor; expanding them is
        # how a few hundred bytes of YAML become megabytes (the "billion laughs" alias bomb).
        if id(node) in self.seen:
            line = self.doc.line(at)  # where the alias is used: its node carries the anchor's line
            self.doc.refused.add(at)
            if line not in self.alias_lines:  # one report per line, not one per alias of a bomb
                self.alias_lines.add(line)
                self.doc.problems.append(
                    Problem(
                        self.path, line, "YAML aliases (*name) are not allowed", "write the value out in full"
                    )
                )
            return None
        self.seen.add(id(node))
        if at not in self.doc.lines:
            self.doc.lines[at] = self.first_line + node.start_mark.line
        if node.tag == _STR and isinstance(node, yaml.ScalarNode) and len(at) <= MAX_DEPTH:
            self.doc.raw[at] = node.value  # text, most values: the constructor would return it as it is
            return node.value
        if len(at) > MAX_DEPTH:  # converting recursively: stop long before Python's recursion limit
            self.doc.refused.add(at)
            if not self.too_deep:
                self.too_deep = True
                self.problem(
                    node,
                    f"the values are nested more than {MAX_DEPTH} levels deep",
                    "front matter needs at most a list of mappings: flatten it",
                )
            return None
        reported = len(self.doc.problems)
        value = self.node_value(node, at)
        if value is None and len(self.doc.problems) > reported:
            self.doc.refused.add(at)  # validation must not add "is empty" to the problem just reported
        return value

    def node_value(self, node: yaml.Node, at: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.custom_tag(node)
                return None
            return [self.convert(item, (*at, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the composer makes only three kinds of node
        return self.scalar(node, at)

    def mapping(self, node: yaml.MappingNode, at: Path_) -> dict[str, Any] | None:
        if node.tag != _MAP:
            self.custom_tag(node)
            return None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.problem(key_node, "YAML merge keys (<<) are not allowed", "write the fields out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.problem(key_node, "a field name must be plain text", "write 'name: value'")
                continue
            key = str(key_node.value)
            if key in result:
                self.problem(
                    key_node,
                    f"the field '{key}' appears twice (YAML keeps only the last one)",
                    "remove one of them",
                )
            self.doc.lines[(*at, key)] = self.line_of(key_node)
            result[key] = self.convert(value_node, (*at, key))
        return result

    def scalar(self, node: yaml.ScalarNode, at: Path_) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self.custom_tag(node)
            return None
        self.doc.raw[at] = node.value
        if node.tag == _TIMESTAMP:
            return self.timestamp(node)
        # Resolving a plain scalar with the loader's own constructor keeps YAML 1.1 semantics identical to
        # MkDocs' (yes/no/on/off are booleans, 1.10 is a float); validation explains the surprises.
        return self.construct(node)

    def construct(self, node: yaml.ScalarNode) -> Any:
        """The scalar's value; explicit tags on the wrong text ('!!int abc', or '!!int' on nothing, which
        PyYAML answers with an IndexError) and giant numbers are problems."""
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError, yaml.YAMLError):
            kind = node.tag.replace(_YAML, "")
            self.problem(
                node,
                f"{_shorten(node.value)!r} cannot be read as a {_KIND_NAMES.get(kind, kind)}",
                "put text in quotes and remove any '!!' tag",
            )
            return None

    def timestamp(self, node: yaml.ScalarNode) -> Any:
        match = _DATE_RE.match(node.value)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as error:
                self.problem(
                    node,
                    f"{node.value} is not a date that exists ({error})",
                    "write a real calendar date as YYYY-MM-DD",
                )
                return None
        return self.construct(node)

    def custom_tag(self, node: yaml.Node) -> None:
        self.problem(
            node,
            f"the YAML tag {node.tag.replace(_YAML, '!!')} is not allowed",
            "remove the tag and write a plain value",
        )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
