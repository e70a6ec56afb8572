"""Atom 1.0 feeds, written by hand so the output is byte-for-byte reproducible."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 cannot carry at all, not even escaped (commit subjects can contain them).
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str
    updated: dt.datetime
    summary: str
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    content: str = ""  # plain text shown by readers instead of the summary (what changed), if any


def _text(value: str) -> str:
    return escape(_NOT_XML_RE.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML_RE.sub("", value))


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def atom_feed(
    *,
    title: str,
    subtitle: str,
    feed_url: str,
    site_url: str,
    entries: Iterable[FeedEntry],
    updated: dt.datetime,
) -> str:
    entries = list(entries)
    newest = max((entry.updated for entry in entries), default=updated)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{_text(feed_url)}</id>",
        f"  <title>{_text(title)}</title>",
        f"  <subtitle>{_text(subtitle)}</subtitle>",
        f'  <link rel="self" type="application/atom+xml" href={_attr(feed_url)}/>',
        f'  <link rel="alternate" type="text/html" href={_attr(site_url)}/>',
        f"  <updated>{_stamp(newest)}</updated>",
        '  <generator uri="https://www.mkdocs.org/">Learning Commons</generator>',
    ]
    for entry in entries:
        lines += [
            "  <entry>",
            f"    <id>{_text(entry.id)}</id>",
            f"    <title>{_text(entry.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={_attr(entry.url)}/>',
            f"    <updated>{_stamp(entry.updated)}</updated>",
        ]
        names = entry.authors or ("Learning Commons",)
        lines += [f"    <author><name>{_text(name)}</name></author>" for name in names]
        lines += [f"    <category term={_attr(term)}/>" for term in entry.categories]
        lines.append(f"    <summary>{_text(entry.summary)}</summary>")
        if entry.content:
            lines.append(f'    <content type="text">{_text(entry.content)}</content>')
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
