"""report.json and report.html, built from the run's report dict (a pure function of it)."""

from __future__ import annotations

import json
from typing import Any

from dedupe.report.html import build_html

__all__ = ["build_html", "dumps_report"]


def dumps_report(report: dict[str, Any]) -> str:
    """report.json: sorted keys and UTF-8 text, so the same run gives the same bytes."""
    return json.dumps(report, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
