"""The order of the stages, and progress. Two drivers share it: :func:`run` (results in memory) and
:func:`run_to_directory` (streams into an output folder; used by the CLI).

::

    read ─► prepare (per document: repair, rules, repeats, filter, signatures) ─► spool on disk
                                                       │ signatures in memory
                  ┌────────────────────────────────────┘
                  ▼
    near-duplicates: LSH candidates ─► verify (texts from spool) ─► star clusters ─► keep policy
                  ▼
    repeated paragraphs across kept documents: LSH ─► verify ─► groups (report only)
                  ▼
    write: corpus.jsonl · duplicates.jsonl · rejected.jsonl · report.json · report.html

``prepare`` is a pure function of one document and the config, so partitions of a corpus can be prepared
by separate workers (or a distributed engine) and merged in input order; the later stages need only the
signatures and random access to the prepared texts.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from dedupe import __version__
from dedupe.clean import active_rules, clean_edited
from dedupe.clean.rules import Rule
from dedupe.cluster import keep_order, star_clusters
from dedupe.config import DedupeConfig, NearDuplicatesConfig, ParagraphsConfig
from dedupe.index import candidate_pairs
from dedupe.io import OutputFolder, Spool, dumps_line
from dedupe.normalize import matching_tokens
from dedupe.records import Cluster, Document, PairScores, Paragraph, RepeatedParagraph
from dedupe.report import build_html, dumps_report
from dedupe.segment import units
from dedupe.signature import Signer, shingles
from dedupe.verify import pair_scores, text_ratio

REPORT_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class ParagraphSignature:
    doc: int
    index: int
    start: int
    end: int
    signature: np.ndarray


@dataclass(slots=True)
class Prepared:
    """What the first pass knows of one document: the spool record plus what stays in memory."""

    record: dict[str, Any]
    length: int
    signature: np.ndarray | None
    paragraphs: list[tuple[int, int, int, np.ndarray]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RunResult:
    """The outcome of :func:`run`: output records as written to the JSONL files, and the report."""

    kept: list[dict[str, Any]]
    duplicates: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    report: dict[str, Any]


def _bar(iterable: Iterable, progress: bool, desc: str, unit: str, total: int | None = None) -> Iterable:
    return tqdm(iterable, desc=desc, unit=unit, total=total, disable=not progress, file=sys.stderr, leave=False)


def prepare(
    document: Document, config: DedupeConfig, rules: Sequence[Rule], doc_signer: Signer, para_signer: Signer
) -> Prepared:
    """Stages 2–3 and the signatures for one document: a pure function of the document and the config."""
    cleaned = clean_edited(document.text, config.clean, config.repeats, rules)
    tokens = matching_tokens(cleaned.text)
    reason = None
    if not document.text.strip():
        reason = "empty text"
    elif not cleaned.text:
        reason = "empty after cleaning"
    elif len(tokens) < config.filter.min_words:
        reason = f"fewer than {config.filter.min_words} words after cleaning"
    record = {
        "id": document.id,
        "origin": document.origin,
        "fields": dict(document.fields),
        "text": cleaned.text,
        "chars_in": len(document.text),
        "removals": cleaned.removals,
        "repairs": dict(cleaned.repairs),
        "rejected": reason,
    }
    if reason is not None:
        record["original"] = document.text
        return Prepared(record, len(cleaned.text), None)
    nd = config.near_duplicates
    signature = document_signature(tokens, nd, doc_signer) if nd.enabled else None
    paragraphs = paragraph_signatures(cleaned.text, config.paragraphs, para_signer) if config.paragraphs.enabled else []
    return Prepared(record, len(cleaned.text), signature, paragraphs)


def document_signature(tokens: Sequence[str], config: NearDuplicatesConfig, signer: Signer) -> np.ndarray | None:
    """The document's MinHash signature, or None when it is too short to enter LSH (stubs all collide)."""
    if len(tokens) < config.min_words:
        return None
    return signer.signature(shingles(tokens, config.shingle_size))


def paragraph_signatures(text: str, config: ParagraphsConfig, signer: Signer) -> list[tuple[int, int, int, np.ndarray]]:
    """(index, start, end, signature) of each paragraph of ``text`` long enough to be compared across documents."""
    signatures = []
    for index, unit in enumerate(units(text)):
        tokens = matching_tokens(unit.text)
        if len(tokens) >= config.min_words:
            signatures.append((index, unit.start, unit.end, signer.signature(shingles(tokens, config.shingle_size))))
    return signatures


def cluster_documents(
    signatures: Sequence[tuple[int, np.ndarray]],
    tokens_of: Callable[[int], list[str]],
    ids: Sequence[str],
    lengths: Sequence[int],
    config: NearDuplicatesConfig,
    progress: bool = False,
) -> tuple[list[Cluster], dict[int, int], Counter]:
    """Stage 4 over documents known by index: LSH candidates, verification, star clusters.

    Returns the clusters, a map from each dropped document's index to its kept document's index, and
    counts of candidate and verified pairs.
    """
    signer = Signer(config.num_perm, config.seed)
    verified: dict[tuple[int, int], PairScores] = {}
    stats: Counter = Counter()
    candidates = candidate_pairs(signatures, signer, config.lsh_threshold)
    for a, b in _bar(candidates, progress, "verify candidate pairs", "pair"):
        stats["candidate_pairs"] += 1
        scores = pair_scores(
            ids[a],
            tokens_of(a),
            ids[b],
            tokens_of(b),
            config.shingle_size,
            config.verify_jaccard,
            config.verify_ratio,
        )
        if scores.duplicate:
            verified[(a, b)] = scores
    stats["verified_pairs"] = len(verified)
    order = keep_order([index for index, _ in signatures], lengths, config.keep)
    clusters = []
    duplicate_of: dict[int, int] = {}
    for kept, members in star_clusters(order, verified):
        pairs = tuple(verified[(min(kept, m), max(kept, m))] for m in members)
        clusters.append(Cluster(ids[kept], tuple(ids[m] for m in members), pairs))
        duplicate_of.update((m, kept) for m in members)
    return clusters, duplicate_of, stats


def group_paragraphs(
    entries: Sequence[ParagraphSignature],
    text_of: Callable[[int], str],
    ids: Sequence[str],
    config: ParagraphsConfig,
    progress: bool = False,
) -> list[RepeatedParagraph]:
    """Stage 5: paragraphs of different documents that are (near-)verbatim copies of each other.

    Each group is anchored at its earliest paragraph in input order, and every other member is verified
    against that anchor (no chaining through intermediate copies).
    """
    signer = Signer(config.num_perm, config.seed)
    candidates = candidate_pairs(((k, e.signature) for k, e in enumerate(entries)), signer, config.lsh_threshold)
    verified: dict[tuple[int, int], float] = {}
    for a, b in _bar(candidates, progress, "verify repeated paragraphs", "pair"):
        if entries[a].doc == entries[b].doc:
            continue
        ratio = text_ratio(
            " ".join(matching_tokens(_paragraph_text(entries[a], text_of))),
            " ".join(matching_tokens(_paragraph_text(entries[b], text_of))),
        )
        if ratio >= config.verify_ratio:
            verified[(a, b)] = ratio
    groups = []
    for anchor, members in star_clusters(range(len(entries)), verified):
        first = _paragraph(entries[anchor], text_of, ids)
        others = tuple(_paragraph(entries[m], text_of, ids) for m in members)
        scores = tuple(
            PairScores(first.doc_id, other.doc_id, 0.0, 0.0, verified[(anchor, m)], True)
            for m, other in zip(members, others, strict=True)
        )
        groups.append(RepeatedParagraph(first, others, scores))
    return groups


def _paragraph_text(entry: ParagraphSignature, text_of: Callable[[int], str]) -> str:
    return text_of(entry.doc)[entry.start : entry.end]


def _paragraph(entry: ParagraphSignature, text_of: Callable[[int], str], ids: Sequence[str]) -> Paragraph:
    return Paragraph(ids[entry.doc], entry.index, entry.start, entry.end, _paragraph_text(entry, text_of))


def _execute(
    documents: Iterable[Document], config: DedupeConfig, spool: Spool, progress: bool, inputs: Sequence[str]
) -> tuple[Iterator[tuple[str, dict[str, Any]]], Callable[[], dict[str, Any]]]:
    """Run every stage; return the output records (as ``(status, record)``, in input order) and a function that
    builds the report. The records are a generator that also tallies the report: call the builder after them."""
    rules = active_rules(config.clean)
    nd, pc = config.near_duplicates, config.paragraphs
    doc_signer, para_signer = Signer(nd.num_perm, nd.seed), Signer(pc.num_perm, pc.seed)
    ids: list[str] = []
    lengths: list[int] = []
    signatures: list[tuple[int, np.ndarray]] = []
    paragraph_sigs: list[ParagraphSignature] = []
    for document in _bar(documents, progress, "clean and sign", "doc"):
        prepared = prepare(document, config, rules, doc_signer, para_signer)
        index = spool.append(prepared.record)
        ids.append(document.id)
        lengths.append(prepared.length)
        if prepared.signature is not None:
            signatures.append((index, prepared.signature))
        paragraph_sigs.extend(ParagraphSignature(index, *p) for p in prepared.paragraphs)

    @lru_cache(maxsize=4096)
    def text_of(index: int) -> str:
        return spool[index]["text"]

    @lru_cache(maxsize=4096)
    def tokens_of(index: int) -> list[str]:
        return matching_tokens(text_of(index))

    clusters, duplicate_of, stats = cluster_documents(signatures, tokens_of, ids, lengths, nd, progress)
    kept_paragraphs = [e for e in paragraph_sigs if e.doc not in duplicate_of]
    repeated = group_paragraphs(kept_paragraphs, text_of, ids, pc, progress) if pc.enabled else []
    scores_of = {m: pair for cluster in clusters for m, pair in zip(cluster.members, cluster.pairs, strict=True)}

    report_documents: list[dict[str, Any]] = []
    counts: Counter = Counter()
    by_rule: dict[str, Counter] = {}
    repairs: Counter = Counter()
    reasons: Counter = Counter()

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        for index, record in enumerate(_bar(spool, progress, "write", "doc", total=len(spool))):
            doc_id = record["id"]
            if record["rejected"] is not None:
                status = "rejected"
                reasons[record["rejected"]] += 1
                out = {
                    "id": doc_id,
                    "reason": record["rejected"],
                    "origin": record["origin"],
                    "text": record["original"],
                }
            elif index in duplicate_of:
                status = "duplicate"
                scores = scores_of[doc_id].as_dict()
                out = {
                    "id": doc_id,
                    "duplicate_of": ids[duplicate_of[index]],
                    "scores": {k: scores[k] for k in ("containment", "jaccard", "ratio")},
                    "text": record["text"],
                }
            else:
                status = "kept"
                out = {"id": doc_id, "text": record["text"]}
            out.update(record["fields"])
            counts[status] += 1
            repairs.update(record["repairs"])
            for removal in record["removals"]:
                tally = by_rule.setdefault(removal.rule, Counter())
                tally["count"] += 1
                tally["chars"] += removal.end - removal.start
            if record["removals"] or record["repairs"]:
                report_documents.append(
                    {
                        "id": doc_id,
                        "origin": record["origin"],
                        "status": status,
                        "chars_in": record["chars_in"],
                        "chars_out": len(record["text"]),
                        "removals": [
                            {"rule": r.rule, "start": r.start, "end": r.end, "text": r.text} for r in record["removals"]
                        ],
                        "repairs": record["repairs"],
                    }
                )
            yield status, out

    def report() -> dict[str, Any]:
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "dedupe_version": __version__,
            "inputs": list(inputs),
            "config": config.as_dict(),
            "counts": {
                "input": len(ids),
                "kept": counts["kept"],
                "duplicates": counts["duplicate"],
                "rejected": counts["rejected"],
                "removals": sum(t["count"] for t in by_rule.values()),
                "candidate_pairs": stats["candidate_pairs"],
                "verified_pairs": stats["verified_pairs"],
                "clusters": len(clusters),
                "repeated_paragraph_groups": len(repeated),
            },
            "removals_by_rule": {rule: dict(tally) for rule, tally in sorted(by_rule.items())},
            "repairs": dict(sorted(repairs.items())),
            "rejected_by_reason": dict(sorted(reasons.items())),
            "documents": report_documents,
            "clusters": [_cluster_entry(c) for c in clusters],
            "repeated_paragraphs": [_repeat_entry(g) for g in repeated],
        }

    return records(), report


def _cluster_entry(cluster: Cluster) -> dict[str, Any]:
    return {
        "kept": cluster.kept,
        "members": [
            {"id": m, **{k: v for k, v in p.as_dict().items() if k not in ("a", "b", "duplicate")}}
            for m, p in zip(cluster.members, cluster.pairs, strict=True)
        ],
    }


def _repeat_entry(group: RepeatedParagraph) -> dict[str, Any]:
    def where(p: Paragraph) -> dict[str, Any]:
        return {"id": p.doc_id, "paragraph": p.index, "start": p.start, "end": p.end}

    return {
        "text": group.first.text,
        "first": where(group.first),
        "others": [
            {**where(p), "ratio": round(s.ratio, 4), "text": p.text}
            for p, s in zip(group.others, group.scores, strict=True)
        ],
    }


def run(documents: Iterable[Document], config: DedupeConfig | None = None, progress: bool = False) -> RunResult:
    """The whole pipeline over an iterable of documents, results in memory.

    >>> from dedupe.records import Document
    >>> result = run([Document("a", "نص قصير."), Document("b", "  ")])
    >>> [d["id"] for d in result.kept], [(d["id"], d["reason"]) for d in result.rejected]
    (['a'], [('b', 'empty text')])
    """
    config = config or DedupeConfig()
    outputs: dict[str, list[dict[str, Any]]] = {"kept": [], "duplicate": [], "rejected": []}
    with Spool() as spool:
        records, report = _execute(documents, config, spool, progress, inputs=[])
        for status, record in records:
            outputs[status].append(record)
    return RunResult(outputs["kept"], outputs["duplicate"], outputs["rejected"], report())


OUTPUT_FILES = {"kept": "corpus.jsonl", "duplicate": "duplicates.jsonl", "rejected": "rejected.jsonl"}


def run_to_directory(
    documents: Iterable[Document],
    out: str | Path,
    config: DedupeConfig | None = None,
    progress: bool = False,
    inputs: Sequence[str] = (),
) -> dict[str, Any]:
    """The whole pipeline, written into ``out``; returns the report. Nothing is written unless it succeeds."""
    config = config or DedupeConfig()
    with OutputFolder(out) as folder, Spool(folder.staging) as spool:
        records, build_report = _execute(documents, config, spool, progress, inputs)
        handles = {status: folder.open(name) for status, name in OUTPUT_FILES.items()}
        try:
            for status, record in records:
                handles[status].write(dumps_line(record))
        finally:
            for handle in handles.values():
                handle.close()
        report = build_report()
        folder.write_text("report.json", dumps_report(report))
        folder.write_text("report.html", build_html(report))
    return report


def find_duplicates(documents: Iterable[Document], config: NearDuplicatesConfig | None = None) -> list[Cluster]:
    """Stage 4 alone, in memory, on texts as given (clean them first with :func:`dedupe.clean_text`).

    >>> from dedupe.records import Document
    >>> text = " ".join(f"كلمة{i}" for i in range(40))
    >>> [(c.kept, c.members) for c in find_duplicates([Document("a", text), Document("b", text + " زيادة")])]
    [('b', ('a',))]
    """
    config = config or NearDuplicatesConfig()
    signer = Signer(config.num_perm, config.seed)
    ids, lengths, tokens, signatures = [], [], [], []
    for index, document in enumerate(documents):
        ids.append(document.id)
        lengths.append(len(document.text))
        tokens.append(matching_tokens(document.text))
        signature = document_signature(tokens[-1], config, signer)
        if signature is not None:
            signatures.append((index, signature))
    clusters, _, _ = cluster_documents(signatures, tokens.__getitem__, ids, lengths, config)
    return clusters


def find_repeated_paragraphs(
    documents: Iterable[Document], config: ParagraphsConfig | None = None
) -> list[RepeatedParagraph]:
    """Stage 5 alone, in memory: paragraphs that recur (near-)verbatim across the given documents."""
    config = config or ParagraphsConfig()
    signer = Signer(config.num_perm, config.seed)
    ids, texts, entries = [], [], []
    for index, document in enumerate(documents):
        ids.append(document.id)
        texts.append(document.text)
        entries.extend(ParagraphSignature(index, *p) for p in paragraph_signatures(document.text, config, signer))
    return group_paragraphs(entries, texts.__getitem__, ids, config)
