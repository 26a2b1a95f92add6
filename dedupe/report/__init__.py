"""report.json and report.html, built from the run's report dict (a pure function of it)."""

from __future__ import annotations

import json
from typing import IO, Any

from dedupe.report.html import build_html

__all__ = ["build_html", "dumps_report", "write_report"]


def dumps_report(report: dict[str, Any]) -> str:
    """report.json: sorted keys and UTF-8 text, so the same run gives the same bytes."""
    return json.dumps(report, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_report(report: dict[str, Any], handle: IO[str]) -> None:
    """:func:`dumps_report` written piece by piece into ``handle``, never whole in memory (a large run's report
    is hundreds of megabytes)."""
    json.dump(report, handle, ensure_ascii=False, sort_keys=True, indent=1)
    handle.write("\n")
