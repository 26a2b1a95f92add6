"""The order of the stages, and progress. Two drivers share it: :func:`run` (results in memory) and
:func:`run_to_directory` (streams into an output folder; used by the CLI).

::

    read ─► parts of 256 ─► draft_part (per document: repairs, rules) ─► part files ─┐  line counts ─► learn()
                  ┌──────────────────────────────────────────────────────────────────┘
                  ▼
    prepare_part (per draft: learned lines, guard, repeats, filter, signatures) ─► part files on disk,
                  │ shingle frequencies, paragraph band keys in memory     paragraphs' matching texts beside them
                  ▼
    near-duplicates: pairs sharing rare shingles ─► verify (texts from spool) ─► star clusters ─► keep policy
                  ▼
    repeated paragraphs across kept documents: LSH ─► components ─► star_block (workers) ─► groups (report only)
                  ▼
    write: corpus.jsonl · duplicates.jsonl · rejected.jsonl · report.json · report.html

``draft_document`` is a pure function of one document and the config, and ``prepare`` of one draft, the
learned lines and the config. So parts of a corpus are drafted and prepared by worker processes (``--jobs``,
:mod:`dedupe.workers`; a distributed engine could do the same), each writing its part file itself and
returning only what the later stages keep in memory, merged in input order; line counts concatenate. The later
stages need only the signatures and random access to the prepared texts.
"""

from __future__ import annotations

import sys
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from json.encoder import encode_basestring as _json_string  # json.dumps of a str, ensure_ascii=False
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from tqdm import tqdm

from dedupe import __version__
from dedupe.clean import active_rules, document_language, draft, finish_many
from dedupe.clean.learned import (
    LEARNED_BYLINE_RULE,
    LEARNED_RULE,
    LearnedLines,
    LineCounter,
    hashed_lines,
    keyed_lines_of,
    line_entries,
    line_key,
)
from dedupe.clean.rules import Rule
from dedupe.cluster import (
    anchored_linkage,
    complete_linkage,
    connected_components,
    keep_key,
    lazy_star_clusters,
    merge_clusters,
    star_clusters,
    verified_paths,
)
from dedupe.config import DedupeConfig, NearDuplicatesConfig, ParagraphsConfig
from dedupe.frequency import DocumentFrequency
from dedupe.hashing import ngram_hashes, unique_sorted
from dedupe.index import Banding, shared_shingle_pairs
from dedupe.io import (
    ArrayStore,
    FactStore,
    ListSpool,
    OutputFolder,
    Packed,
    PartSpool,
    dumps_compact,
    dumps_line,
    read_keyed_texts,
    read_span,
    write_keyed_texts,
)
from dedupe.normalize import (
    MatchingView,
    TokenHashes,
    fact_hashes_and_numbers,
    fact_tokens_and_hashes,
    matching_span_tokens,
    matching_view,
    matching_views,
)
from dedupe.records import (
    CleanedText,
    Cluster,
    Containment,
    Document,
    PairScores,
    Paragraph,
    Removal,
    RepeatedParagraph,
)
from dedupe.report import write_html, write_report
from dedupe.report.review import build_review
from dedupe.signature import Signer
from dedupe.verify import (
    Facts,
    PairLog,
    aligned_many,
    compare_documents,
    decide,
    fact_conflicts,
    text_ratio,
)
from dedupe.workers import Workers, batches

REPORT_SCHEMA_VERSION = 4
PART_SIZE = 256  # documents per part: the unit of work of a worker process
# Drafts prepared in one numpy pass (prepare_many): about 128k characters, whose arrays stay in the processor's
# cache (a whole part's did not, and cost 7% more).
PREPARE_AT_ONCE = 64
# Paragraphs whose texts stage 5 reads at once for the groups (about 200 MB; the next block is read meanwhile).
# Fewer would cost more: a record with paragraphs in several blocks is read once for each.
GROUP_TEXTS = 1 << 18
STAR_ROWS = 1 << 16  # paragraphs a worker stars at once in stage 5, holding their matching texts (about 40 MB)
_NO_SHINGLES = np.empty(0, dtype=np.uint64)
LEARNED_RULES = (LEARNED_RULE, LEARNED_BYLINE_RULE)


@dataclass(frozen=True, slots=True)
class ParagraphTable:
    """Paragraphs long enough to compare, as columns: document index, paragraph number, span, and the keys of
    the signature's LSH bands (index.Banding). About a hundred bytes a paragraph, so millions fit in memory.

    >>> config = ParagraphsConfig()
    >>> shingles = np.arange(20, dtype=np.uint64)
    >>> table = ParagraphTable.signed([[(0, 0, 9, shingles)], [], [(2, 5, 20, shingles)]], config, Signer(64, 1))
    >>> table.doc.tolist(), table.start.tolist(), bool((table.keys[0] == table.keys[1]).all())
    ([0, 2], [0, 5], True)
    """

    doc: np.ndarray
    index: np.ndarray
    start: np.ndarray
    end: np.ndarray
    keys: np.ndarray

    @classmethod
    def signed(
        cls, documents: Sequence[Sequence[tuple[int, int, int, np.ndarray]]], config: ParagraphsConfig, signer: Signer
    ) -> ParagraphTable:
        """The table of consecutive documents' :func:`paragraph_shingles` (the first of index 0): every paragraph
        signed in one numpy pass, and only the keys of its signature's LSH bands kept (all the stage uses)."""
        rows = [(doc, *entry[:3]) for doc, paragraphs in enumerate(documents) for entry in paragraphs]
        columns = np.array(rows, dtype=np.int64).reshape(-1, 4)
        signatures = signer.signature_matrix([entry[3] for paragraphs in documents for entry in paragraphs])
        return cls(columns[:, 0], columns[:, 1], columns[:, 2], columns[:, 3], _banding(config).keys(signatures))

    @classmethod
    def concat(cls, tables: Sequence[ParagraphTable], bands: int) -> ParagraphTable:
        if not tables:
            empty = np.empty(0, dtype=np.int64)
            return cls(empty, empty, empty, empty, np.empty((0, bands), dtype=np.uint64))
        return cls(*(np.concatenate([getattr(t, name) for t in tables]) for name in cls.__slots__))

    def shifted(self, first: int) -> ParagraphTable:
        """The same paragraphs with document indices counted from ``first``."""
        return ParagraphTable(self.doc + first, self.index, self.start, self.end, self.keys)

    def select(self, mask: np.ndarray) -> ParagraphTable:
        return ParagraphTable(*(getattr(self, name)[mask] for name in self.__slots__))

    def __len__(self) -> int:
        return self.doc.size


@dataclass(slots=True)
class Prepared:
    """What the first pass knows of one document: the spool record plus what stays in memory."""

    record: dict[str, Any]
    length: int
    paragraphs: list[tuple[int, int, int, np.ndarray]] = field(default_factory=list)
    matching: list[str] = field(default_factory=list)  # each paragraph's matching tokens, joined by spaces


@dataclass(frozen=True, slots=True)
class RunResult:
    """The outcome of :func:`run`: output records as written to the JSONL files, and the report."""

    kept: list[dict[str, Any]]
    duplicates: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    report: dict[str, Any]
    pairs: list[dict[str, Any]] = field(default_factory=list)  # as in pairs.jsonl
    review: dict[str, Any] = field(default_factory=dict)  # the data of report.html (build_html(review))


@dataclass(frozen=True, slots=True)
class DuplicateFindings:
    """Stage 4's outcome over documents known by index."""

    clusters: list[Cluster]
    duplicate_of: dict[int, int]  # dropped document -> kept document (duplicates, and dropped contained ones)
    containments: list[Containment]
    stats: Counter
    pairs: Iterable[PairScores] = ()  # every pair whose scores were computed, in order (verify.PairLog)


class Stopwatch:
    """Wall time per stage, for the benchmark (never written to the outputs, which must not depend on it)."""

    def __init__(self, laps: dict[str, float] | None = None) -> None:
        self.laps = laps if laps is not None else {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self._last
        self._last = now


def _bar(iterable: Iterable, progress: bool, desc: str, unit: str, total: int | None = None) -> Iterable:
    return tqdm(iterable, desc=desc, unit=unit, total=total, disable=not progress, file=sys.stderr, leave=False)


def _counter(progress: bool, desc: str, unit: str, total: int | None = None) -> tqdm:
    return tqdm(desc=desc, unit=unit, total=total, disable=not progress, file=sys.stderr, leave=False)


def _field(document: Document, name: str) -> str | None:
    value = document.fields.get(name)
    return None if value is None else str(value)


def draft_document(
    document: Document, config: DedupeConfig, rules: Sequence[Rule], count_lines: bool = True
) -> dict[str, Any]:
    """First pass over one document: repairs and rules (clean.draft), its line counts for learning (when
    ``count_lines``), and the fields later stages need."""
    return draft_documents([document], config, rules, count_lines)[0]


def draft_documents(
    documents: Sequence[Document], config: DedupeConfig, rules: Sequence[Rule], count_lines: bool = True
) -> list[dict[str, Any]]:
    """:func:`draft_document` of each document, their lines keyed together (learned.keyed_lines_of)."""
    nd = config.near_duplicates
    sources = [_field(document, nd.source_field) for document in documents]
    drafts = [
        draft(
            document.text,
            config.clean,
            rules,
            source,
            document_language(document.fields.get(config.clean.language_field)),
        )
        for document, source in zip(documents, sources, strict=True)
    ]
    keyed = keyed_lines_of([drafted.text for drafted in drafts]) if count_lines else [None] * len(drafts)
    records = []
    for document, source, drafted, keys in zip(documents, sources, drafts, keyed, strict=True):
        entries = []
        if count_lines:
            lines = hashed_lines(source, drafted.text, keys)
            entries = line_entries(source, drafted.text, config.learned.max_words, lines)
            drafted = replace(drafted, lines=tuple((start, end, hashed) for start, end, _, hashed in lines))
        records.append(
            {
                "id": document.id,
                "origin": document.origin,
                "fields": dict(document.fields),
                "draft": drafted,
                "lines": entries,
                "date": _field(document, nd.date_field),
                "source": source,
            }
        )
    return records


def prepare_many(drafts: Sequence[dict[str, Any]], config: DedupeConfig, learned: LearnedLines) -> list[Prepared]:
    """Second pass over several documents: learned lines, repeats, the guard (clean.finish_many), the filter,
    shingles and paragraph shingles (signed a part at a time: :meth:`ParagraphTable.signed`). A pure function of the
    first pass's records, the learned lines and the config; the token hashes of all the documents are made in
    one numpy pass (normalize.TokenHashes), which is what makes the pass fast."""
    finished = finish_many(
        [drafted["draft"] for drafted in drafts],
        config.clean,
        config.repeats,
        learned,
        [drafted["source"] for drafted in drafts],
    )
    facts, numbers = fact_hashes_and_numbers([one.cleaned.text for one in finished])
    records = [
        _record(drafted, one.cleaned, len(facts.of(k)), config)
        for k, (drafted, one) in enumerate(zip(drafts, finished, strict=True))
    ]
    taking_part = [k for k, record in enumerate(records) if record["rejected"] is None]
    views: dict[int, MatchingView | None] = {}
    if config.paragraphs.enabled:
        views = {k: finished[k].view for k in taking_part}
        missing = [k for k, view in views.items() if view is None]
        views.update(zip(missing, matching_views([finished[k].cleaned.text for k in missing]), strict=True))
    prepared = []
    for k, record in enumerate(records):
        text = record["text"]
        if record["rejected"] is None:
            if config.near_duplicates.enabled:
                record["shingles"] = document_shingles(facts, k, config.near_duplicates)
                if record["shingles"] is not None:
                    record["facts"] = Facts.of_numbers(facts.of(k).copy(), *numbers[k])
            paragraphs = paragraph_shingles(text, config.paragraphs, views[k]) if k in views else []
            matching = views[k].unit_texts([index for index, _, _, _ in paragraphs]) if paragraphs else []
            prepared.append(Prepared(record, len(text), paragraphs, matching))
        else:
            prepared.append(Prepared(record, len(text)))
    return prepared


def _record(drafted: dict[str, Any], cleaned: CleanedText, words: int, config: DedupeConfig) -> dict[str, Any]:
    """The spool record of a document after the second pass (shingles still to come), rejected or not."""
    original = drafted["draft"].edited.original
    reason = None
    if not original.strip():
        reason = "empty text"
    elif not cleaned.text:
        reason = "empty after cleaning"
    elif words < config.filter.min_words:
        reason = f"fewer than {config.filter.min_words} words after cleaning"
    record = {
        "id": drafted["id"],
        "origin": drafted["origin"],
        "fields": drafted["fields"],
        "text": cleaned.text,
        "chars_in": len(original),
        "removals": cleaned.removals,
        "bylines": list(cleaned.bylines),
        "withheld": cleaned.withheld,
        "repairs": dict(cleaned.repairs),
        "rejected": reason,
        "date": drafted["date"],
        "source": drafted["source"],
        "shingles": None,
        "facts": None,
    }
    if reason is not None or cleaned.removals or cleaned.withheld:
        record["original"] = original  # for rejected.jsonl and the review page
    return record


def draft_part(
    task: tuple[str, list[Document]], config: DedupeConfig, rules: Sequence[Rule], count_lines: bool
) -> tuple[tuple[str, list[int]], list[list[tuple[int, int, bool]]]]:
    """Pass one over a part of the corpus, in whichever process runs it: each document drafted, the drafts
    written to the part file ``task[0]``; returns the written part and each document's line counts."""
    path, documents = task
    drafted = draft_documents(documents, config, rules, count_lines)
    lines = [record.pop("lines") for record in drafted]
    return PartSpool.write(path, drafted), lines


KEYS_SUFFIX = ".keys"  # beside a part of prepared records: its paragraphs' matching texts (write_keyed_texts)


@dataclass(frozen=True, slots=True)
class PartSummary:
    """What the later stages use of a part's documents, in columns (one list or array per field), so that a
    worker sends it to the main process in a few buffers rather than an object or two per document."""

    ids: list[str]
    sources: list[str | None]
    dates: list[str | None]
    lengths: list[int]
    shingled: list[bool]  # whether the document takes part in near-duplicate detection
    shingles: Packed  # each document's shingle hashes (none when not shingled)
    facts: tuple[Packed, Packed]  # and its verify.Facts (io.FactStore.pack)


def prepare_part(
    task: tuple[str, str], config: DedupeConfig, learned: LearnedLines, para_signer: Signer
) -> tuple[tuple[str, list[int]], PartSummary, ParagraphTable]:
    """Pass two over a part: the drafts of part file ``task[0]`` prepared, the records written to ``task[1]``
    and the matching texts of their paragraphs beside it (``KEYS_SUFFIX``, keyed by :func:`_paragraph_key`);
    returns the written part, its :class:`PartSummary` and its paragraphs (document indices counted from the
    part's first)."""
    drafts, path = task
    chunks = batches(PartSpool.read(drafts), PREPARE_AT_ONCE)
    prepared = [one for chunk in chunks for one in prepare_many(chunk, config, learned)]
    if config.paragraphs.enabled:
        keyed = [
            (_paragraph_key(k, start), text)
            for k, one in enumerate(prepared)
            for (_, start, _, _), text in zip(one.paragraphs, one.matching, strict=True)
        ]
        write_keyed_texts(path + KEYS_SUFFIX, [key for key, _ in keyed], [text for _, text in keyed])
    table = ParagraphTable.signed([p.paragraphs for p in prepared], config.paragraphs, para_signer)
    records = [one.record for one in prepared]
    # Shingles and facts are kept apart (io.ArrayStore, io.FactStore), not with the text.
    shingles = [record.pop("shingles") for record in records]
    facts = [record.pop("facts") for record in records]
    summary = PartSummary(
        [record["id"] for record in records],
        [record["source"] for record in records],
        [record["date"] for record in records],
        [one.length for one in prepared],
        [one is not None for one in shingles],
        Packed.of([_NO_SHINGLES if one is None else one for one in shingles]),
        FactStore.pack(facts),
    )
    return PartSpool.write(path, records), summary, table


def document_shingles(tokens: TokenHashes, k: int, config: NearDuplicatesConfig) -> np.ndarray | None:
    """Document ``k``'s shingle hashes from the hashes of its fact tokens (``tokens.of(k)``), or None when it
    is too short to take part (stubs all collide)."""
    count = len(tokens.of(k))
    if count < config.min_words:
        return None
    if count < config.shingle_size:
        return ngram_hashes(tokens.of(k), config.shingle_size)
    return unique_sorted(tokens.grams(k, config.shingle_size))


def paragraph_shingles(
    text: str, config: ParagraphsConfig, view: MatchingView | None = None
) -> list[tuple[int, int, int, np.ndarray]]:
    """(index, start, end, shingle hashes) of each paragraph of ``text`` long enough to be compared across
    documents; ``view`` is the text's matching view, made here when not given."""
    view = matching_view(text) if view is None else view
    segments, layout = view.units()
    size = config.shingle_size
    hashes, grams = layout.hashes, layout.grams(size)  # the n-gram at each token position: a paragraph's are a slice
    chosen = []
    for index, (unit, first, last) in enumerate(zip(segments, layout.firsts, layout.lasts, strict=True)):
        if last - first >= max(config.min_words, 1):
            shingled = (
                grams[first : last - size + 1] if last - first >= size else ngram_hashes(hashes[first:last], size)
            )
            chosen.append((index, unit, shingled))
    return [(index, unit.start, unit.end, shingled) for index, unit, shingled in chosen]


@lru_cache(maxsize=4)
def _banding(config: ParagraphsConfig) -> Banding:
    return Banding(config.lsh_threshold, config.num_perm)


def find_document_duplicates(
    candidates_of: Sequence[int],
    shingles_of: Callable[[int], np.ndarray],
    facts_of: Callable[[int], Facts],
    frequency: DocumentFrequency,
    ids: Sequence[str],
    keys: Sequence[Any],
    config: NearDuplicatesConfig,
    progress: bool = False,
    directory: str | Path | None = None,
    conflicts_of: Callable[[list[tuple[int, int]]], list[int]] | None = None,
    shingles_of_many: Callable[[Sequence[int]], list[np.ndarray]] | None = None,
) -> DuplicateFindings:
    """Stage 4 over documents known by index: rare shingles, the pairs that share them, verification, star
    clusters, and containment.

    ``candidates_of`` lists the documents that may take part, in input order; ``shingles_of(i)`` gives a
    document's shingle hashes and ``facts_of(i)`` its :class:`verify.Facts` (for number conflicts); ``keys[i]``
    sorts the document a cluster keeps first (cluster.keep_key). The join of rare shingles runs in buckets on disk
    in ``directory`` (the system's temporary folder by default). ``conflicts_of(pairs)`` gives the number
    conflicts of many pairs at once (a driver may spread them over processes); by default, from ``facts_of``.
    ``shingles_of_many(indices)`` gives the shingle hashes of many documents (ascending) at once, when a store can
    read them faster together (io.ArrayStore.many); by default, ``shingles_of`` of each.
    """

    @lru_cache(maxsize=8192)
    def rare_of(index: int) -> np.ndarray:
        return frequency.rare(shingles_of(index), config.rare_df)

    sizes = np.zeros(len(ids), dtype=np.int64)  # each document's count of rare shingles

    def shareable() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The rare shingles that another document may share (counted more than once), with their documents;
        a block of documents at a time, counted in one lookup."""
        for block in batches(_bar(candidates_of, progress, "join rare shingles", "doc"), 4096):
            arrays = [shingles_of(index) for index in block] if shingles_of_many is None else shingles_of_many(block)
            hashes = np.concatenate(arrays)
            position = np.repeat(np.arange(len(block)), [a.size for a in arrays])  # of each hash's document
            counts = frequency.counts(hashes)
            rare = counts <= config.rare_df
            sizes[block] = np.bincount(position[rare], minlength=len(block))
            shared = rare & (counts >= 2)
            yield np.array(block, dtype=np.uint64)[position[shared]], hashes[shared]

    def compare(a: int, b: int, shared: int) -> PairScores:
        return compare_documents(
            ids[a],
            ids[b],
            shared,
            (int(sizes[a]), int(sizes[b])),
            lambda: fact_conflicts(facts_of(a), facts_of(b)),
            config,
        )

    stats: Counter = Counter()
    duplicates: dict[tuple[int, int], PairScores] = {}
    contained: list[tuple[int, int, PairScores]] = []  # (inside, container, scores)
    firsts, seconds, counts = shared_shingle_pairs(shareable(), config.min_shared, directory)
    stats["candidate_pairs"] = len(counts)
    computed = PairLog.of(ids, firsts, seconds, counts, sizes)
    # Pairs below the minimums are distinct on their counts alone; the others are verified one by one.
    maybe = np.flatnonzero(
        (counts >= config.min_shared) & (computed.overlaps(slice(None))[0] >= config.min_containment)
    )
    stats["distinct_pairs"] = len(counts) - maybe.size
    # Number conflicts, where the Jaccard is low enough for them to veto (from the documents' stored facts: no
    # text is read); then each pair's relation from its scores (verify.compare_documents, in two steps).
    firsts, seconds, counts = firsts[maybe], seconds[maybe], counts[maybe]
    containment, coverage, jaccard = computed.overlaps(maybe)
    conflicts = np.zeros(maybe.size, dtype=np.int64)
    checked = jaccard < config.number_veto_below
    pairs = list(zip(firsts[checked].tolist(), seconds[checked].tolist(), strict=True))
    if conflicts_of is None:
        conflicts[checked] = [fact_conflicts(facts_of(a), facts_of(b)) for a, b in pairs]
    else:
        conflicts[checked] = conflicts_of(pairs)
    columns = (maybe, firsts, seconds, counts, conflicts, jaccard, containment, coverage)
    checks = zip(*(c.tolist() for c in columns), strict=True)
    for k, a, b, shared, found, jaccard, containment, coverage in _bar(
        checks, progress, "verify pairs", "pair", total=maybe.size
    ):
        relation = decide(shared, containment, coverage, jaccard, found, config)
        scores = PairScores(ids[a], ids[b], jaccard, containment, coverage, shared, found, relation)
        computed.verified[k] = scores
        stats[f"{scores.relation}_pairs"] += 1
        if scores.relation == "duplicate":
            duplicates[(a, b)] = scores
        elif scores.relation == "contained" and scores.containment >= config.contained_min:
            # The document with fewer rare shingles is the contained one; on a tie, the one the keep policy
            # would not keep.
            a_inside = sizes[a] < sizes[b] or (sizes[a] == sizes[b] and keys[a] > keys[b])
            contained.append((a, b, scores) if a_inside else (b, a, scores))

    order = sorted(candidates_of, key=keys.__getitem__)
    rank = {index: position for position, index in enumerate(order)}
    verified: dict[tuple[int, int], PairScores] = dict(duplicates)
    verified.update(((min(i, c), max(i, c)), scores) for i, c, scores in contained)

    def pair_scores(x: int, y: int) -> PairScores:
        """A pair's scores: those kept from verification (duplicates and reportable containments), or for any
        other pair measured again now (the merge checks and the report need a few)."""
        key = (min(x, y), max(x, y))
        if key not in verified:
            shared = np.intersect1d(rare_of(key[0]), rare_of(key[1]), assume_unique=True).size
            verified[key] = compare(key[0], key[1], int(shared))
            computed.later.append(verified[key])
        return verified[key]

    def related(x: int, y: int) -> bool:
        return pair_scores(x, y).relation != "distinct"

    def copies(x: int, y: int) -> bool:
        return pair_scores(x, y).relation == "duplicate"

    def lies_in(x: int, y: int) -> bool:
        """x is a copy of y or the smaller side of a contained pair."""
        relation = pair_scores(x, y).relation
        return relation == "duplicate" or (relation == "contained" and sizes[x] <= sizes[y])

    groups: dict[int, list[int]] = {}  # kept document -> its cluster, kept document first
    for kept, members in star_clusters(order, {pair: s.jaccard for pair, s in duplicates.items()}):
        groups[kept] = [kept, *members]

    # Stars can split one family of copies (a copy whose best centre differs from its twin's): clusters
    # whose every cross pair is a duplicate are one cluster.
    by_strength = sorted(duplicates.items(), key=lambda item: (-item[1].jaccard, rank[item[0][0]], rank[item[0][1]]))
    merge_clusters([pair for pair, _ in by_strength], groups, rank, complete_linkage(copies))
    dropped = {member for group in groups.values() for member in group[1:]}

    # Each contained document not dropped names its best container: the most containing, then the one kept first.
    best: dict[int, tuple[int, PairScores]] = {}
    for inside, container, scores in contained:
        if inside in dropped:
            continue
        current = best.get(inside)
        if current is None or (scores.containment, -rank[container]) > (current[1].containment, -rank[current[0]]):
            best[inside] = (container, scores)
    if config.drop_contained:
        # A contained document's cluster joins its container's when each of its documents is inside the
        # container or a copy of one that is, and most pairs across the two clusters are related (the
        # container's copies may lack the passage; two items of one roundup are not copies of each other).
        by_containment = sorted(contained, key=lambda t: (-t[2].containment, rank[t[0]], rank[t[1]]))
        joinable = anchored_linkage(lies_in, copies, related, config.contained_linkage)
        merge_clusters([(i, c) for i, c, _ in by_containment], groups, rank, joinable, second_absorbs=True)

    duplicate_of = {member: kept for kept, group in groups.items() for member in group[1:]}
    clusters = []
    for kept in sorted(groups, key=rank.__getitem__):
        members = sorted(groups[kept][1:], key=rank.__getitem__)
        if members:
            parent = verified_paths(kept, members, rank, related)
            clusters.append(
                Cluster(
                    ids[kept],
                    tuple(ids[m] for m in members),
                    tuple(pair_scores(m, parent[m]) for m in members),
                    tuple(ids[parent[m]] for m in members),
                )
            )
    containments = [
        Containment(ids[i], ids[c], scores, i in duplicate_of)
        for i, (c, scores) in sorted(best.items(), key=lambda item: rank[item[0]])
    ]
    return DuplicateFindings(clusters, duplicate_of, containments, stats, computed)


CONFLICT_BLOCK = 1024  # pairs whose number conflicts a worker finds in one task


def _spread_conflicts(store: FactStore, workers: Workers, pairs: list[tuple[int, int]]) -> list[int]:
    """The number conflicts of ``pairs`` (document indices) from the facts in ``store``, a block per task."""
    paths = store.paths
    blocks = batches(pairs, CONFLICT_BLOCK)
    tasks = ((paths, [(store.spans(a), store.spans(b)) for a, b in block]) for block in blocks)
    return [found for block in workers.map(fact_conflict_block, tasks, chunksize=1) for found in block]


def fact_conflict_block(task: tuple[tuple[str, str], list[tuple[Any, Any]]]) -> list[int]:
    """The number conflicts of a block of pairs, each side given by where its facts lie in a
    :class:`dedupe.io.FactStore`'s two files (a worker's task: it reads them itself)."""
    (hashes_path, numbers_path), pairs = task
    with open(hashes_path, "rb") as hashes, open(numbers_path, "rb") as numbers:

        def facts(spans: tuple[tuple[int, int], tuple[int, int]]) -> Facts:
            return FactStore.facts(read_span(hashes.fileno(), spans[0]), read_span(numbers.fileno(), spans[1]))

        return [fact_conflicts(facts(a), facts(b)) for a, b in pairs]


def group_paragraphs(
    entries: ParagraphTable,
    read: SpanReader,
    keys: KeySource,
    ids: Sequence[str],
    config: ParagraphsConfig,
    progress: bool = False,
    workers: Workers | None = None,
) -> Iterator[RepeatedParagraph]:
    """Stage 5: paragraphs of different documents that are (near-)verbatim copies of each other.

    Groups are stars around the earliest paragraph in input order; every other member is verified against
    that anchor (no chaining through intermediate copies). ``keys`` gives the paragraphs' matching texts (a
    :class:`KeySource`), ``read`` their texts (a :data:`SpanReader`): many documents at once, in order, not per
    pair. ``workers`` star blocks of the candidate graph side by side (the same stars for any number). The
    groups come one at a time, in order of their first paragraph, their texts read a block of groups at a time
    (by a thread, one block ahead: ``read`` must allow a call from another thread).
    """
    if not len(entries):
        return
    stars, verified = _paragraph_stars(entries, keys, config, progress, workers or Workers(1))
    blocks = []  # (first star, end, member rows) of each block of groups whose texts are read in one pass
    start = 0
    while start < len(stars):
        end, members = start, []
        while end < len(stars) and (end == start or len(members) + 1 + len(stars[end][1]) <= GROUP_TEXTS):
            members.extend((stars[end][0], *stars[end][1]))
            end += 1
        blocks.append((start, end, np.array(members, dtype=np.int64)))
        start = end
    if not blocks:
        return
    with ThreadPoolExecutor(1) as reader:  # the next block's texts are read while this block's groups are made
        pending = reader.submit(_paragraphs, entries, blocks[0][2], ids, read)
        for k, (start, end, _) in enumerate(blocks):
            paragraphs = pending.result()
            if k + 1 < len(blocks):
                pending = reader.submit(_paragraphs, entries, blocks[k + 1][2], ids, read)
            for anchor, others in stars[start:end]:
                ratios = tuple(verified[(min(anchor, m), max(anchor, m))] for m in others)
                yield RepeatedParagraph(paragraphs[anchor], tuple(paragraphs[m] for m in others), ratios)
            del paragraphs


def _paragraphs(
    entries: ParagraphTable, rows: np.ndarray, ids: Sequence[str], read: SpanReader
) -> dict[int, Paragraph]:
    """The :class:`Paragraph` of each row of ``rows``, their texts read at once (:func:`_paragraph_texts`)."""
    texts = _paragraph_texts(entries, rows, read)
    found = np.fromiter(texts, dtype=np.int64, count=len(texts))
    columns = (entries.doc[found].tolist(), entries.index[found].tolist(), entries.start[found].tolist())
    rows_of = zip(texts.items(), *columns, entries.end[found].tolist(), strict=True)
    return {row: Paragraph(ids[doc], number, start, end, text) for (row, text), doc, number, start, end in rows_of}


# A block of whole components of the candidate graph for a worker to star: its rows (ascending) with their
# documents, starts and ends, and its candidate pairs (first row, second row).
StarTask = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _paragraph_stars(
    entries: ParagraphTable,
    keys: KeySource,
    config: ParagraphsConfig,
    progress: bool,
    workers: Workers,
) -> tuple[list[tuple[int, list[int]]], dict[tuple[int, int], float]]:
    """The stars of :func:`group_paragraphs` (anchor row, member rows, anchors ascending) and the ratio of each
    pair in them.

    Candidate pairs never cross a connected component of the candidate graph, so neither do stars: blocks of
    whole components (up to ``STAR_ROWS`` paragraphs) are starred apart (:func:`star_block`), by the workers,
    each with only its block's matching texts in memory; a few blocks wait for a worker at a time.
    """
    firsts, seconds = _banding(config).pairs(entries.keys)
    other_doc = entries.doc[firsts] != entries.doc[seconds]
    firsts, seconds = firsts[other_doc], seconds[other_doc]
    label = connected_components(len(entries), firsts, seconds)  # each row's component, named by its first row
    rows = unique_sorted(np.concatenate((firsts, seconds)))
    rows = rows[np.argsort(label[rows], kind="stable")]  # by component, then row
    by_component = np.argsort(label[firsts], kind="stable")  # the pairs likewise, still in (first, second) order
    firsts, seconds = firsts[by_component], seconds[by_component]
    pair_labels = label[firsts]
    row_labels = label[rows]

    def tasks() -> Iterator[StarTask]:
        start = 0
        while start < rows.size:
            end = min(start + STAR_ROWS, rows.size)
            if end < rows.size:  # cut between components: before the one the cut would split, after it if alone
                cut = int(np.searchsorted(row_labels, row_labels[end]))
                end = cut if cut > start else int(np.searchsorted(row_labels, row_labels[end], side="right"))
            low = np.searchsorted(pair_labels, row_labels[start])
            high = np.searchsorted(pair_labels, row_labels[end - 1], side="right")
            block = np.sort(rows[start:end])
            columns = (entries.doc[block], entries.start[block], entries.end[block])
            yield (block, *columns, firsts[low:high], seconds[low:high])
            start = end

    bar = _counter(progress, "verify repeated paragraphs", "pair")
    starring = partial(star_block, keys=keys, verify_ratio=config.verify_ratio)
    stars: list[tuple[int, list[int]]] = []
    ratios: dict[tuple[int, int], float] = {}
    for block, verified, count in workers.map_few(starring, tasks()):
        stars.extend(block)
        ratios.update(verified)
        bar.update(count)
    bar.close()
    stars.sort()
    return stars, ratios


def star_block(
    task: StarTask, keys: KeySource, verify_ratio: float
) -> tuple[list[tuple[int, list[int]]], dict[tuple[int, int], float], int]:
    """:func:`cluster.lazy_star_clusters` of the candidate pairs of some whole components (a worker's task):
    the stars, the ratio of each pair in them, and how many pairs were verified."""
    rows, docs, starts, ends, firsts, seconds = task
    texts = dict(zip(rows.tolist(), keys.texts(docs.tolist(), starts.tolist(), ends.tolist()), strict=True))
    # Each row's candidates: only the pairs of a row not yet in a star at its turn are verified.
    ends_of, partners = np.concatenate((firsts, seconds)), np.concatenate((seconds, firsts))
    by_row = np.argsort(ends_of, kind="stable")
    ends_of, partner_list = ends_of[by_row], partners[by_row].tolist()
    order = unique_sorted(ends_of)
    firsts_of = np.searchsorted(ends_of, order).tolist()
    lasts_of = np.searchsorted(ends_of, order, side="right").tolist()
    bounds = dict(zip(order.tolist(), zip(firsts_of, lasts_of, strict=True), strict=True))
    count = 0

    def verify(a: int, b: int) -> float | None:
        nonlocal count
        count += 1
        ratio = text_ratio(texts[a], texts[b])
        return ratio if ratio >= verify_ratio else None

    def partners_of(row: int) -> list[int]:
        first, last = bounds[row]
        return partner_list[first:last]

    stars, verified = lazy_star_clusters(order.tolist(), partners_of, verify)
    pairs = ((min(anchor, m), max(anchor, m)) for anchor, members in stars for m in members)
    return stars, {pair: verified[pair] for pair in pairs}, count


def _paragraph_texts(entries: ParagraphTable, rows: np.ndarray, read: SpanReader) -> dict[int, str]:
    """The text of each paragraph of ``rows``: the spans of each document asked of ``read`` at once, the
    documents in input order."""
    rows = unique_sorted(rows)
    rows = rows[np.argsort(entries.doc[rows], kind="stable")]
    wanted = _by_document(*(column.tolist() for column in (entries.doc[rows], entries.start[rows], entries.end[rows])))
    found = (text for texts in read(wanted) for text in texts)  # in the order of the rows
    return dict(zip(rows.tolist(), found, strict=True))


# Reads the given spans of documents known by index: (document, [(start, end), ...]) pairs with ascending
# documents; yields each document's list of span texts, in order.
SpanReader = Callable[[Sequence[tuple[int, list[tuple[int, int]]]]], Iterable[list[str]]]


class KeySource(Protocol):
    """Paragraphs' matching texts (their matching tokens joined by spaces), by document, start and end, the
    documents ascending: what stage 5 verifies candidates on. Those that go to worker processes pickle small."""

    def texts(self, docs: Sequence[int], starts: Sequence[int], ends: Sequence[int]) -> list[str]: ...


def span_texts(texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], matching: bool) -> list[list[str]]:
    """Each text's ``spans`` as text, or as their matching tokens joined by spaces (in one pass over the texts).

    >>> span_texts(["قالَ الوزير.", "نص آخر"], [[(0, 4)], [(3, 6), (0, 2)]], matching=True)
    [['قال'], ['اخر', 'نص']]
    """
    if matching:
        return [[" ".join(tokens) for tokens in found] for found in matching_span_tokens(texts, spans)]
    return [[text[start:end] for start, end in text_spans] for text, text_spans in zip(texts, spans, strict=True)]


def _by_document(
    docs: Sequence[int], starts: Sequence[int], ends: Sequence[int]
) -> list[tuple[int, list[tuple[int, int]]]]:
    """Spans of ascending documents gathered per document: what a :data:`SpanReader` takes."""
    wanted: list[tuple[int, list[tuple[int, int]]]] = []
    for doc, start, end in zip(docs, starts, ends, strict=True):
        if not wanted or wanted[-1][0] != doc:
            wanted.append((doc, []))
        wanted[-1][1].append((start, end))
    return wanted


class MemoryKeys:
    """A :class:`KeySource` over texts in memory: the spans' matching tokens made when asked."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts

    def texts(self, docs: Sequence[int], starts: Sequence[int], ends: Sequence[int]) -> list[str]:
        wanted = _by_document(docs, starts, ends)
        found = span_texts([self._texts[doc] for doc, _ in wanted], [spans for _, spans in wanted], matching=True)
        return [text for texts in found for text in texts]


class SpooledKeys:
    """A :class:`KeySource` over the matching texts the second pass wrote beside each part of records
    (``KEYS_SUFFIX``, by :func:`_paragraph_key`): only signed paragraphs' are there. Holds the part paths and
    first documents, so a worker process reads the files itself."""

    def __init__(self, spool: PartSpool) -> None:
        parts = spool.parts()
        self._paths = [path + KEYS_SUFFIX for path, _ in parts]
        self._firsts = np.cumsum([0] + [size for _, size in parts[:-1]]).tolist()

    def texts(self, docs: Sequence[int], starts: Sequence[int], ends: Sequence[int]) -> list[str]:
        found: list[str] = []
        at = 0
        while at < len(docs):
            part = bisect_right(self._firsts, docs[at]) - 1
            upto = bisect_left(docs, self._firsts[part + 1]) if part + 1 < len(self._firsts) else len(docs)
            first = self._firsts[part]
            keys = [_paragraph_key(docs[k] - first, starts[k]) for k in range(at, upto)]
            found.extend(read_keyed_texts(self._paths[part], keys))
            at = upto
        return found


def _memory_reader(texts: Sequence[str]) -> SpanReader:
    """A :data:`SpanReader` over texts in memory, a block of documents at a time."""

    def read(wanted: Sequence[tuple[int, list[tuple[int, int]]]]) -> Iterator[list[str]]:
        for block in batches(wanted, PART_SIZE):
            yield from span_texts([texts[doc] for doc, _ in block], [spans for _, spans in block], matching=False)

    return read


def _paragraph_key(number: int, start: int) -> int:
    """The key of a paragraph's matching text beside its part: the document's number in the part, and where the
    paragraph starts."""
    return number << 32 | start


def _spool_reader(spool: PartSpool, workers: Workers) -> SpanReader:
    """A :data:`SpanReader` over the spooled records, a part file per task of the workers."""

    def read(wanted: Sequence[tuple[int, list[tuple[int, int]]]]) -> Iterator[list[str]]:
        spans = iter([spans for _, spans in wanted])
        tasks = (
            (path, offsets, [next(spans) for _ in offsets]) for path, offsets in spool.locate(doc for doc, _ in wanted)
        )
        for found in workers.map(part_span_texts, tasks, chunksize=1):
            yield from found

    return read


def part_span_texts(task: tuple[str, list[int], list[list[tuple[int, int]]]]) -> list[list[str]]:
    """:func:`span_texts` of some records of one part file (a worker's task)."""
    path, offsets, spans = task
    return span_texts([record["text"] for record in PartSpool.load(path, offsets)], spans, matching=False)


def _execute(
    documents: Iterable[Document],
    config: DedupeConfig,
    spool: PartSpool,
    document_entries: ListSpool,
    repeats: ListSpool,
    progress: bool,
    inputs: Sequence[str],
    watch: Stopwatch,
    jobs: int = 1,
    as_lines: bool = True,
) -> _Outcome:
    """Run every stage; return the outputs (as ``(status, UTF-8 JSONL lines)``, or ``(status, record)`` when not
    ``as_lines``, in input order) and the builders of the report and of the review page's data. The outputs are
    a generator that also tallies the report: call the builders after it. The prepared records wait in ``spool``,
    the report's per-document entries in ``document_entries`` and its repeated paragraphs in ``repeats``."""
    rules = active_rules(config.clean)
    nd, pc = config.near_duplicates, config.paragraphs
    para_signer = Signer(pc.num_perm, pc.seed)
    frequency = DocumentFrequency(nd.df_table_bits)
    key = keep_key(nd.keep, nd.source_priority)
    ids: list[str] = []
    sources: list[str | None] = []
    one_of: dict[str | None, str | None] = {}  # a single string object for each source
    keys: list[tuple] = []
    with_shingles = array("q")
    paragraph_parts: list[ParagraphTable] = []
    learning = config.clean.enabled and config.learned.enabled
    counter = LineCounter(config.learned)
    shingle_store = ArrayStore(spool.directory)  # every document's shingle hashes, by index; closed below
    fact_store = FactStore(spool.directory)  # and its verify.Facts
    with PartSpool(spool.directory) as drafts, Workers(jobs) as workers:
        bar = _counter(progress, "clean", "doc")
        parts = ((drafts.path(k), part) for k, part in enumerate(batches(documents, PART_SIZE)))
        drafting = partial(draft_part, config=config, rules=rules, count_lines=learning)
        for written, lines in workers.map(drafting, parts, chunksize=1):
            drafts.add(written)
            for entries in lines:
                counter.add_entries(entries)
            bar.update(len(lines))
        bar.close()
        watch.lap("read, repair, rules, count lines")
        learned = counter.learn() if learning else LearnedLines()
        watch.lap("learn lines")
        bar = _counter(progress, "learned lines and signatures", "doc", total=len(drafts))
        preparing = partial(prepare_part, config=config, learned=learned, para_signer=para_signer)
        parts = ((path, spool.path(k)) for k, path in enumerate(drafts.paths()))
        for written, summary, paragraphs in workers.map(preparing, parts, chunksize=1):
            first = len(spool)
            spool.add(written)
            ids.extend(summary.ids)
            columns = zip(summary.sources, summary.dates, summary.lengths, summary.shingled, strict=True)
            for index, (source, date, length, shingled) in enumerate(columns, first):
                sources.append(one_of.setdefault(source, source))
                keys.append(key(index, length, date, source))
                if shingled:
                    with_shingles.append(index)
            frequency.add(summary.shingles.values)  # each document's shingles are unique (document_shingles)
            shingle_store.extend(summary.shingles)
            fact_store.extend(summary.facts)
            paragraph_parts.append(paragraphs.shifted(first))
            bar.update(len(summary.ids))
        bar.close()
    watch.lap("learned lines, repeats, shingles, signatures")

    ranks = np.empty(len(keys), dtype=np.int64)  # the keep policy's order as a number, 8 bytes a document
    ranks[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    del keys
    with Workers(jobs) as workers:
        findings = find_document_duplicates(
            with_shingles,
            shingle_store.__getitem__,
            fact_store.__getitem__,
            frequency,
            ids,
            ranks,
            nd,
            progress,
            spool.directory,
            conflicts_of=partial(_spread_conflicts, fact_store, workers),
            shingles_of_many=shingle_store.many,
        )
    shingle_store.close()
    fact_store.close()
    duplicate_of = findings.duplicate_of
    watch.lap("near-duplicates")
    if pc.enabled:
        paragraph_table = ParagraphTable.concat(paragraph_parts, _banding(pc).bands)
        del paragraph_parts
        dropped = np.fromiter(duplicate_of, dtype=np.int64)
        kept_paragraphs = paragraph_table.select(~np.isin(paragraph_table.doc, dropped))
        del paragraph_table
        with Workers(jobs) as workers:
            read, keys = _spool_reader(spool, workers), SpooledKeys(spool)
            groups = group_paragraphs(kept_paragraphs, read, keys, ids, pc, progress, workers)
            repeats.extend(dumps_compact(_repeat_entry(group)) for group in groups)
        del kept_paragraphs
    watch.lap("repeated paragraphs")
    # Each dropped document: the document it was verified against on its path to the kept one
    # (cluster.verified_paths), and the scores.
    scores_of = {
        m: (matched, p) for c in findings.clusters for m, matched, p in zip(c.members, c.matched, c.pairs, strict=True)
    }

    tally = Tally(document_entries)
    writing = partial(write_part, as_lines=as_lines)

    def records() -> Iterator[tuple[str, Any]]:
        """The documents' outputs in input order, made by the workers a part at a time: (status, the UTF-8 JSONL
        lines of a part's documents of that status), or (status, record) of each document when ``as_lines`` is false;
        the part tallies are added to ``tally`` in order."""
        bar = _counter(progress, "write", "doc", total=len(spool))
        first = 0
        tasks = []
        for path, size in spool.parts():
            dropped = {
                index: (ids[duplicate_of[index]], *scores_of[ids[index]])
                for index in range(first, first + size)
                if index in duplicate_of
            }
            tasks.append((path, first, dropped))
            first += size
        with Workers(jobs) as workers:
            for outputs, part_tally in workers.map(writing, tasks, chunksize=1):
                tally.merge(part_tally)
                yield from outputs
                bar.update(part_tally.counts.total())
        bar.close()

    def report() -> dict[str, Any]:
        stats = findings.stats
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "dedupe_version": __version__,
            "inputs": list(inputs),
            "config": config.as_dict(),
            "counts": {
                "input": len(ids),
                "kept": tally.counts["kept"],
                "duplicates": tally.counts["duplicate"],
                "rejected": tally.counts["rejected"],
                "contained": len(findings.containments),
                "removals": sum(t["count"] for t in tally.by_rule.values()),
                "moved_to_bylines": sum(t.get("moved", 0) for t in tally.by_rule.values()),
                "guarded": len(tally.guarded),
                "learned_lines": len(learned.lines),
                "candidate_pairs": stats["candidate_pairs"],
                "duplicate_pairs": stats["duplicate_pairs"],
                "contained_pairs": stats["contained_pairs"],
                "clusters": len(findings.clusters),
                "repeated_paragraph_groups": len(repeats),
            },
            "removals_by_rule": {rule: dict(counts) for rule, counts in sorted(tally.by_rule.items())},
            "learned_boilerplate": tally.learned.entries(learned),
            "guarded": tally.guarded,
            "repairs": dict(sorted(tally.repairs.items())),
            "rejected_by_reason": dict(sorted(tally.reasons.items())),
            "documents": tally.documents,
            "clusters": [_cluster_entry(c) for c in findings.clusters],
            "contained": [
                {"id": c.id, "contained_in": c.contained_in, "dropped": c.dropped, **c.scores.as_dict()}
                for c in findings.containments
            ],
            "repeated_paragraphs": repeats,
        }

    def review(built: dict[str, Any]) -> dict[str, Any]:
        index_of = {doc_id: index for index, doc_id in enumerate(ids)}

        def records_of(doc_ids: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
            return ((ids[i], record) for i, record in spool.items(sorted(index_of[d] for d in doc_ids)))

        def texts_of(doc_ids: list[str]) -> dict[str, str]:
            return {doc_id: record["text"] for doc_id, record in records_of(doc_ids)}

        def originals_of(doc_ids: list[str]) -> dict[str, str]:
            return {doc_id: record.get("original", record["text"]) for doc_id, record in records_of(doc_ids)}

        def align(pairs: list[tuple[str, str]]) -> list[list]:
            indexed = [(index_of[a], index_of[b]) for a, b in pairs]
            blocks = [indexed[k : k + ALIGN_BLOCK] for k in range(0, len(indexed), ALIGN_BLOCK)]
            with Workers(jobs) as workers:
                done = workers.map(partial(align_block, spool=spool), blocks, chunksize=1)
                return [segments for block in done for segments in block]

        return build_review(built, texts_of, originals_of, lambda d: sources[index_of[d]], rules, align)

    return _Outcome(records(), report, review, findings.pairs)


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What :func:`_execute` hands a driver: the outputs (a generator that also tallies the report: read it
    first; ``_execute``'s ``records``), then the report builder, the review page's data builder, and every pair
    whose scores were computed."""

    records: Iterator[tuple[str, Any]]
    report: Callable[[], dict[str, Any]]
    review: Callable[[dict[str, Any]], dict[str, Any]]
    pairs: Iterable[PairScores]


def output_record(
    record: dict[str, Any], dropped: tuple[str, str, PairScores] | None
) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """A prepared record's status, its output record (as in corpus.jsonl, duplicates.jsonl or rejected.jsonl)
    and its entry in the report's documents (None when nothing was removed or repaired). ``dropped`` is (kept
    id, matched id, scores) for a dropped document."""
    doc_id = record["id"]
    if record["rejected"] is not None:
        status = "rejected"
        out = {"id": doc_id, "reason": record["rejected"], "origin": record["origin"], "text": record["original"]}
    elif dropped is not None:
        status = "duplicate"
        kept, matched, scores = dropped
        out = {"id": doc_id, "duplicate_of": kept, "relation": scores.relation, "matched": matched}
        out.update(scores=scores.as_dict(), text=record["text"])
    else:
        status = "kept"
        out = {"id": doc_id, "text": record["text"]}
    if status != "rejected" and record["bylines"]:
        out["bylines"] = record["bylines"]
    out.update(record["fields"])
    entry = None
    if record["removals"] or record["repairs"] or record["withheld"]:
        entry = {
            "id": doc_id,
            "origin": record["origin"],
            "status": status,
            "chars_in": record["chars_in"],
            "chars_out": len(record["text"]),
            "removals": [_removal_entry(r) for r in record["removals"]],
            "repairs": record["repairs"],
        }
        if record["withheld"]:
            entry["guarded"] = True
            entry["withheld"] = [_removal_entry(r) for r in record["withheld"]]
    return status, out, entry


class Tally:
    """What the report counts over the output records; tallies of consecutive parts merge in order."""

    def __init__(self, documents: list[str] | ListSpool | None = None) -> None:
        self.counts: Counter = Counter()
        self.by_rule: dict[str, Counter] = {}
        self.repairs: Counter = Counter()
        self.reasons: Counter = Counter()
        self.learned = LearnedReport()
        self.guarded: list[str] = []
        # The report's per-document entries as compact JSON texts: a part's in a list, a run's in a ListSpool.
        self.documents = [] if documents is None else documents

    def add(self, record: dict[str, Any], status: str, entry: dict[str, Any] | None) -> None:
        self.counts[status] += 1
        if status == "rejected":
            self.reasons[record["rejected"]] += 1
        self.repairs.update(record["repairs"])
        for removal in record["removals"]:
            counts = self.by_rule.setdefault(removal.rule, Counter())
            counts["count"] += 1
            counts["chars"] += removal.end - removal.start
            if removal.moved:
                counts["moved"] += 1
            if removal.rule in LEARNED_RULES:
                self.learned.add(record["source"], removal, record["id"])
        if entry is not None:
            self.documents.append(dumps_compact(entry))  # a part's tally: a list
            if record["withheld"]:
                self.guarded.append(record["id"])

    def merge(self, later: Tally) -> None:
        self.counts.update(later.counts)
        for rule, counts in later.by_rule.items():
            self.by_rule.setdefault(rule, Counter()).update(counts)
        self.repairs.update(later.repairs)
        self.reasons.update(later.reasons)
        self.learned.merge(later.learned)
        self.guarded += later.guarded
        self.documents.extend(later.documents)


def write_part(
    task: tuple[str, int, dict[int, tuple[str, str, PairScores]]], as_lines: bool
) -> tuple[list[tuple[str, Any]], Tally]:
    """The outputs of one part of prepared records (part file ``task[0]``, whose first document has index
    ``task[1]``; ``task[2]`` the dropped ones among them), and the part's tally. The outputs are (status, the
    JSONL lines of the part's documents of that status, in order, as UTF-8), one a status, each file's lines in
    one piece for the process that writes them (encoded here: sent as bytes, the text is neither decoded nor
    encoded again on its way to the file); or, when not ``as_lines``, (status, output record) of each document."""
    path, first, dropped = task
    tally = Tally()
    outputs = []
    lines: dict[str, list[str]] = {}
    for index, record in enumerate(PartSpool.read(path), first):
        status, out, entry = output_record(record, dropped.get(index))
        tally.add(record, status, entry)
        if as_lines:
            lines.setdefault(status, []).append(dumps_line(out))
        else:
            outputs.append((status, out))
    if as_lines:
        return [(status, "".join(found).encode("utf-8")) for status, found in lines.items()], tally
    return outputs, tally


ALIGN_BLOCK = 500  # pairs one task aligns for the review page


def align_block(pairs: list[tuple[int, int]], spool: PartSpool) -> list[list]:
    """verify.aligned_segments of each pair (a, b) of prepared documents, each text read once."""
    texts = dict(_texts_of(spool, sorted({index for pair in pairs for index in pair})))
    return aligned_many(texts, pairs)


def _texts_of(spool: PartSpool, indices: Iterable[int]) -> Iterator[tuple[int, str]]:
    return ((index, record["text"]) for index, record in spool.items(indices))


def pair_record(scores: PairScores) -> dict[str, Any]:
    """One line of pairs.jsonl: the two documents, their relation, and the scores."""
    return {"a": scores.a, "b": scores.b, "relation": scores.relation, **scores.as_dict()}


def pair_line(scores: PairScores) -> str:
    """``dumps_line(pair_record(scores))``, formatted directly: pairs.jsonl has a line per candidate pair.

    >>> from dedupe.records import PairScores
    >>> scores = PairScores('a"1', "ب", 0.123456, 1.0, 0.5, 12, 0, "contained")
    >>> pair_line(scores) == dumps_line(pair_record(scores))
    True
    """
    return _pair_line(
        _json_string(scores.a),
        _json_string(scores.b),
        scores.relation,
        repr(round(scores.containment, 4)),
        repr(round(scores.coverage, 4)),
        repr(round(scores.jaccard, 4)),
        scores.number_conflicts,
        scores.shared,
    )


def _pair_line(
    a: str, b: str, relation: str, containment: str, coverage: str, jaccard: str, conflicts: int, shared: int
) -> str:
    """A line of pairs.jsonl from its fields, the ids already JSON strings and the scores rounded and written
    (``repr(round(score, 4))``)."""
    return (
        f'{{"a": {a}, "b": {b}, "relation": "{relation}", "containment": {containment}, "coverage": {coverage}, '
        f'"jaccard": {jaccard}, "number_conflicts": {conflicts}, "shared": {shared}}}\n'
    )


PAIR_BLOCK = 1 << 16  # join pairs one task of the workers writes as lines of pairs.jsonl


def pair_lines(pairs: Iterable[PairScores], workers: Workers | None = None) -> Iterator[str]:
    """The text of pairs.jsonl, in pieces of whole lines (:func:`pair_line` of each pair); a :class:`PairLog`'s
    join pairs are formatted straight from its arrays a block at a time (:func:`pair_block_lines`), by
    ``workers`` when given."""
    if not isinstance(pairs, PairLog):
        yield from map(pair_line, pairs)
        return
    verified = sorted(pairs.verified)

    def blocks() -> Iterator[PairLog]:
        for start in range(0, pairs.firsts.size, PAIR_BLOCK):
            end = min(start + PAIR_BLOCK, pairs.firsts.size)
            firsts, seconds = pairs.firsts[start:end], pairs.seconds[start:end]
            used = unique_sorted(np.concatenate((firsts, seconds)))  # the block's documents, named once each
            low, high = bisect_left(verified, start), bisect_left(verified, end)
            yield PairLog(
                [pairs.ids[index] for index in used.tolist()],
                np.searchsorted(used, firsts),
                np.searchsorted(used, seconds),
                pairs.shared[start:end],
                pairs.sizes[used],
                {k - start: pairs.verified[k] for k in verified[low:high]},
            )

    yield from (workers or Workers(1)).map_few(pair_block_lines, blocks())
    yield from map(pair_line, pairs.later)


def pair_block_lines(block: PairLog) -> str:
    """Lines of pairs.jsonl for a block of a :class:`PairLog`'s join pairs (a worker's task), given as a small
    log of its own: only the block's documents, and its verified pairs by position in the block."""
    names = [_json_string(doc_id) for doc_id in block.ids]
    rounded: dict[float, str] = {}  # the scores are ratios of small counts: few distinct values, each rounded once

    def score(value: float) -> str:
        text = rounded.get(value)
        if text is None:
            text = rounded[value] = repr(round(value, 4))
        return text

    lines = []
    for row in block.rows():
        if isinstance(row, PairScores):
            lines.append(pair_line(row))
        else:
            a, b, jaccard, containment, coverage, shared = row
            scores = score(containment), score(coverage), score(jaccard)
            lines.append(_pair_line(names[a], names[b], "distinct", *scores, 0, shared))
    return "".join(lines)


def _removal_entry(removal: Removal) -> dict[str, Any]:
    entry: dict[str, Any] = {"rule": removal.rule, "start": removal.start, "end": removal.end, "text": removal.text}
    if removal.moved:
        entry["moved"] = True
    return entry


class LearnedReport:
    """What the learned lines did, for the report: each line with its source, kind, counts and example ids."""

    EXAMPLES = 3

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, source: str | None, removal: Removal, doc_id: str) -> None:
        line = removal.text.strip()
        entry = self.seen.setdefault(
            (source or "", line_key(line)),
            {"source": source, "line": line, "moved": removal.moved, "removed_from": 0, "examples": []},
        )
        entry["removed_from"] += 1
        if len(entry["examples"]) < self.EXAMPLES:
            entry["examples"].append(doc_id)

    def merge(self, later: LearnedReport) -> None:
        """Add what a later part of the corpus saw (examples stay the first ones in input order)."""
        for key, entry in later.seen.items():
            mine = self.seen.setdefault(key, {**entry, "removed_from": 0, "examples": []})
            mine["removed_from"] += entry["removed_from"]
            mine["examples"] = (mine["examples"] + entry["examples"])[: self.EXAMPLES]

    def entries(self, learned: LearnedLines) -> list[dict[str, Any]]:
        """Most frequent first; ``docs`` is the distinct-body count that made the line learned (0: deny list)."""
        result = []
        for (source, key), entry in self.seen.items():
            found = learned.find(source, key, entry["line"])
            result.append({**entry, "docs": found.docs if found else 0})
        return sorted(result, key=lambda e: (-e["removed_from"], e["source"] or "", e["line"]))


def _cluster_entry(cluster: Cluster) -> dict[str, Any]:
    return {
        "kept": cluster.kept,
        "members": [
            {"id": m, "matched": matched, "relation": p.relation, **p.as_dict()}
            for m, matched, p in zip(cluster.members, cluster.matched, cluster.pairs, strict=True)
        ],
    }


def _repeat_entry(group: RepeatedParagraph) -> dict[str, Any]:
    def where(p: Paragraph) -> dict[str, Any]:
        return {"id": p.doc_id, "paragraph": p.index, "start": p.start, "end": p.end}

    return {
        "text": group.first.text,
        "first": where(group.first),
        "others": [
            {**where(p), "ratio": round(r, 4), "text": p.text} for p, r in zip(group.others, group.ratios, strict=True)
        ],
    }


def run(
    documents: Iterable[Document],
    config: DedupeConfig | None = None,
    progress: bool = False,
    timings: dict[str, float] | None = None,
    jobs: int = 1,
) -> RunResult:
    """The whole pipeline over an iterable of documents, results in memory.

    >>> from dedupe.records import Document
    >>> result = run([Document("a", "نص قصير."), Document("b", "  ")])
    >>> [d["id"] for d in result.kept], [(d["id"], d["reason"]) for d in result.rejected]
    (['a'], [('b', 'empty text')])
    """
    config = config or DedupeConfig()
    outputs: dict[str, list[dict[str, Any]]] = {"kept": [], "duplicate": [], "rejected": []}
    with PartSpool() as spool, ListSpool(spool.directory) as entries, ListSpool(spool.directory) as repeats:
        watch = Stopwatch(timings)
        outcome = _execute(documents, config, spool, entries, repeats, progress, [], watch, jobs, as_lines=False)
        for status, record in outcome.records:
            outputs[status].append(record)
        watch.lap("write outputs")
        report = {**outcome.report(), "documents": list(entries), "repeated_paragraphs": list(repeats)}
        review = outcome.review(report)
        watch.lap("report and review page")
    pairs = [pair_record(p) for p in outcome.pairs]
    return RunResult(outputs["kept"], outputs["duplicate"], outputs["rejected"], report, pairs, review)


OUTPUT_FILES = {"kept": "corpus.jsonl", "duplicate": "duplicates.jsonl", "rejected": "rejected.jsonl"}
PAIRS_FILE = "pairs.jsonl"


def run_to_directory(
    documents: Iterable[Document],
    out: str | Path,
    config: DedupeConfig | None = None,
    progress: bool = False,
    inputs: Sequence[str] = (),
    timings: dict[str, float] | None = None,
    jobs: int = 1,
) -> dict[str, Any]:
    """The whole pipeline, written into ``out``; returns the report but its per-document entries and its
    repeated paragraphs (a line each in report.json: held in memory they would grow with the corpus). Nothing is
    written unless it succeeds.
    ``timings``, when given, receives the wall time of each stage in seconds (the benchmark's view); ``jobs``
    worker processes clean and sign the documents (the output is the same for any number)."""
    config = config or DedupeConfig()
    with (
        OutputFolder(out) as folder,
        PartSpool(folder.staging) as spool,
        ListSpool(folder.staging) as entries,
        ListSpool(folder.staging) as repeats,
    ):
        watch = Stopwatch(timings)
        outcome = _execute(documents, config, spool, entries, repeats, progress, inputs, watch, jobs)
        handles = {status: folder.open_binary(name) for status, name in OUTPUT_FILES.items()}
        try:
            for status, lines in outcome.records:
                handles[status].write(lines)
        finally:
            for handle in handles.values():
                handle.close()
        with folder.open(PAIRS_FILE) as handle, Workers(jobs) as workers:
            handle.writelines(pair_lines(outcome.pairs, workers))
        watch.lap("write outputs")
        report = outcome.report()
        with folder.open("report.json") as handle:
            write_report(report, handle)
        with folder.open("report.html") as handle:
            write_html(outcome.review(report), handle)
        watch.lap("report and review page")
    return {key: value for key, value in report.items() if key not in ("documents", "repeated_paragraphs")}


def find_duplicates(documents: Iterable[Document], config: NearDuplicatesConfig | None = None) -> list[Cluster]:
    """Stage 4 alone, in memory, on texts as given (clean them first with :func:`dedupe.clean_text`).

    Shingle frequencies are counted over the given documents, so pass the whole collection at once.

    >>> from dedupe.records import Document
    >>> text = " ".join(f"كلمة{i}" for i in range(40))
    >>> [(c.kept, c.members) for c in find_duplicates([Document("a", text), Document("b", text + " زيادة")])]
    [('b', ('a',))]
    """
    config = config or NearDuplicatesConfig()
    frequency = DocumentFrequency(config.df_table_bits)
    key = keep_key(config.keep, config.source_priority)
    ids, keys, facts_of, hashes, candidates = [], [], [], [], []
    for batch in batches(enumerate(documents), PART_SIZE):
        facts, words = fact_tokens_and_hashes([document.text for _, document in batch])
        for k, (index, document) in enumerate(batch):
            ids.append(document.id)
            facts_of.append(Facts.of(facts.of(k), words[k]))
            date, source = _field(document, config.date_field), _field(document, config.source_field)
            keys.append(key(index, len(document.text), date, source))
            hashes.append(document_shingles(facts, k, config))
            if hashes[-1] is not None:
                frequency.add(hashes[-1])
                candidates.append(index)
    findings = find_document_duplicates(
        candidates, hashes.__getitem__, facts_of.__getitem__, frequency, ids, keys, config
    )
    return findings.clusters


def learn_boilerplate(documents: Iterable[Document], config: DedupeConfig | None = None) -> LearnedLines:
    """The lines learned as boilerplate from a collection (after repairs and rules), per source field; pass the
    result to :func:`dedupe.clean_text` with each document's source.

    >>> from dedupe.records import Document
    >>> bodies = ["افتتح الوزير المعرض", "هطلت أمطار غزيرة", "فاز الفريق بالكأس", "وصل الوفد الرسمي"]
    >>> docs = [Document(str(i), b + "\\nإلى اللقاء..", {"source": "paper"}) for i, b in enumerate(bodies)]
    >>> from dedupe import clean_text
    >>> clean_text(bodies[0] + "\\nإلى اللقاء..", learned=learn_boilerplate(docs), source="paper").text
    'افتتح الوزير المعرض'
    """
    config = config or DedupeConfig()
    rules = active_rules(config.clean)
    counter = LineCounter(config.learned)
    for part in batches(documents, PART_SIZE):
        for drafted in draft_documents(part, config, rules):
            counter.add_entries(drafted["lines"])
    return counter.learn()


def find_repeated_paragraphs(
    documents: Iterable[Document], config: ParagraphsConfig | None = None
) -> list[RepeatedParagraph]:
    """Stage 5 alone, in memory: paragraphs that recur (near-)verbatim across the given documents."""
    config = config or ParagraphsConfig()
    signer = Signer(config.num_perm, config.seed)
    ids, texts, shingled = [], [], []
    for document in documents:
        ids.append(document.id)
        texts.append(document.text)
        shingled.append(paragraph_shingles(document.text, config))
    entries = ParagraphTable.signed(shingled, config, signer)
    return list(group_paragraphs(entries, _memory_reader(texts), MemoryKeys(texts), ids, config))
