"""report.json and report.html, built from the run's report dict (a pure function of it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from dedupe.report.html import build_html

__all__ = ["build_html", "dumps_report", "write_report"]


def dumps_report(report: dict[str, Any]) -> str:
    """report.json: sorted keys and UTF-8 text, so the same run gives the same bytes; one line per top-level key,
    and a list's items one per line (a line per document, cluster, group), each in compact JSON.

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


def _compact(value: Any) -> str:
    # json's C encoder (used when there is no indent): ten times the speed of the indenting one.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _lines(report: dict[str, Any]) -> Iterator[str]:
    keys = sorted(report)
    yield "{\n"
    for n, key in enumerate(keys):
        end = ",\n" if n < len(keys) - 1 else "\n"
        value = report[key]
        if isinstance(value, list) and value:
            yield f" {_compact(key)}: [\n"
            last = len(value) - 1
            for i, item in enumerate(value):
                yield f"  {_compact(item)}{',' if i < last else ''}\n"
            yield f" ]{end}"
        else:
            yield f" {_compact(key)}: {_compact(value)}{end}"
    yield "}\n"
