"""The data behind report.html: the report, plus the texts a reviewer needs and the alignment of each pair.

report.json says what was done; the page must also show it. For each document with removals (or removals the
guard withheld) it carries the text as read, to highlight every span in place (documents that were only
repaired are counted, not listed); for each dropped or contained
document, the cleaned texts of both sides of its verified pair and their word alignment. A very
large run is cut to the first ``MAX_DOCUMENTS`` documents, ``MAX_PAIRS`` pairs and ``MAX_GROUPS`` groups of repeated
paragraphs in input order; the page says so, and report.json still has everything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice
from typing import Any

from dedupe.verify import aligned_segments

MAX_DOCUMENTS = 10_000
MAX_PAIRS = 10_000
MAX_GROUPS = 10_000


def pair_key(a: str, b: str) -> str:
    """How the page names the alignment of document ``a`` (left) against ``b`` (right)."""
    return f"{a}\u0000{b}"


def build_review(
    report: dict[str, Any],
    texts_of: Callable[[list[str]], dict[str, str]],
    originals_of: Callable[[list[str]], dict[str, str]],
    source_of: Callable[[str], str | None],
    rules: Sequence[Any] = (),
    align: Callable[[list[tuple[str, str]]], list[list]] | None = None,
) -> dict[str, Any]:
    """The page's data: ``report`` and, by document id, the texts, sources and pair alignments it shows (the
    report's ``documents`` may be any iterable of its entries and its ``repeated_paragraphs`` any sized iterable,
    such as a :class:`dedupe.io.ListSpool`).

    ``texts_of(ids)`` gives documents' cleaned texts, ``originals_of(ids)`` their texts as read (both by id, for
    many documents at once), ``source_of(id)`` a document's source; ``rules`` (clean.Rule) describe the rule
    names on the page. ``align(pairs)`` gives the :func:`dedupe.verify.aligned_segments` of each pair of cleaned
    texts (a driver may spread them over processes); by default they are made here.
    """
    # Documents with something to show in place; those only repaired are counted on the overview. The report's
    # documents may be any iterable of entries (a run's wait on disk): they are read once, in order.
    shown = (d for d in report["documents"] if d["removals"] or d.get("withheld"))
    documents = list(islice(shown, MAX_DOCUMENTS))
    cut = len(documents) + sum(1 for _ in shown)
    pairs: list[tuple[str, str]] = []
    for cluster in report["clusters"]:
        pairs.extend((member["id"], member["matched"]) for member in cluster["members"])
    pairs.extend((c["id"], c["contained_in"]) for c in report["contained"])
    shown_pairs = pairs[:MAX_PAIRS]
    texts = texts_of(sorted({doc_id for pair in shown_pairs for doc_id in pair}))
    aligned = align(shown_pairs) if align else [aligned_segments(texts[a], texts[b]) for a, b in shown_pairs]
    alignments = {pair_key(a, b): segments for (a, b), segments in zip(shown_pairs, aligned, strict=True)}
    ids = set(texts) | {d["id"] for d in documents}
    groups = list(islice(report["repeated_paragraphs"], MAX_GROUPS))
    for group in groups:
        ids.add(group["first"]["id"])
        ids.update(o["id"] for o in group["others"])
    return {
        "report": {**report, "documents": documents, "repeated_paragraphs": groups},
        "texts": texts,
        "originals": _in_order(originals_of([d["id"] for d in documents]), [d["id"] for d in documents]),
        "sources": {doc_id: source_of(doc_id) for doc_id in sorted(ids)},
        "pairs": alignments,
        "rules": {
            rule.name: {"kind": rule.kind, "moves": rule.moves, "description": rule.description} for rule in rules
        },
        "truncated": {
            "documents": cut - len(documents),
            "pairs": max(0, len(pairs) - len(shown_pairs)),
            "repeated_paragraphs": len(report["repeated_paragraphs"]) - len(groups),
        },
    }


def _in_order(by_id: dict[str, str], ids: list[str]) -> dict[str, str]:
    return {doc_id: by_id[doc_id] for doc_id in ids}


def bare_review(report: dict[str, Any]) -> dict[str, Any]:
    """The page's data for a report alone (read back from report.json, say): every document and pair it lists,
    with no texts around them."""
    return {
        "report": report,
        "texts": {},
        "originals": {},
        "sources": {},
        "pairs": {},
        "rules": {},
        "truncated": {"documents": 0, "pairs": 0, "repeated_paragraphs": 0},
    }
