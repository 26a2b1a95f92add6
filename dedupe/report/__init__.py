"""report.json and report.html, built from the run's report dict (a pure function of it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from dedupe.io import ListSpool
from dedupe.io import dumps_compact as _compact
from dedupe.report.html import build_html, write_html

__all__ = ["build_html", "dumps_report", "write_html", "write_report"]


def dumps_report(report: dict[str, Any]) -> str:
    """report.json: sorted keys and UTF-8 text, so the same run gives the same bytes; one line per top-level key,
    and a list's items one per line (a line per document, cluster, group), each in compact JSON. A list may be
    an :class:`dedupe.io.ListSpool`, whose lines are copied as they are.

    >>> print(dumps_report({"counts": {"kept": 2}, "clusters": [{"kept": "a"}, {"kept": "b"}]}), end="")
    {
     "clusters": [
      {"kept":"a"},
      {"kept":"b"}
     ],
     "counts": {"kept":2}
    }
    """
    return "".join(_lines(report))


def write_report(report: dict[str, Any], handle: IO[str]) -> None:
    """:func:`dumps_report` written line by line into ``handle``, never whole in memory (a large run's report
    is hundreds of megabytes)."""
    handle.writelines(_lines(report))


def _lines(report: dict[str, Any]) -> Iterator[str]:
    keys = sorted(report)
    yield "{\n"
    for n, key in enumerate(keys):
        end = ",\n" if n < len(keys) - 1 else "\n"
        value = report[key]
        if isinstance(value, list | ListSpool) and len(value):
            yield f" {_compact(key)}: [\n"
            last = len(value) - 1
            texts = value.lines() if isinstance(value, ListSpool) else map(_compact, value)
            for i, text in enumerate(texts):
                yield f"  {text}{',' if i < last else ''}\n"
            yield f" ]{end}"
        else:
            yield f" {_compact(key)}: {'[]' if isinstance(value, ListSpool) else _compact(value)}{end}"
    yield "}\n"
