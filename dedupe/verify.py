"""Confirm candidate pairs with exact evidence. The only module that uses rapidfuzz.

The evidence for two documents is their *rare* shingles, those in few documents of the corpus
(frequency.py): template phrases, datelines and footers recur across many articles and drop out, so what is
left is what makes an article itself.

- ``containment``: shared rare shingles over the smaller set. High when the shorter text sits in the longer.
- ``coverage``: shared rare shingles over the larger set. High only when the longer text is mostly the shorter
  one too; this is what separates a republished copy from a long report that quotes a short item.
- ``jaccard``: shared over the union, for the report.
- ``number_conflicts``: slots where the aligned texts say different numbers ("ضبط 19" / "ضبط 44"), found by
  aligning the two token sequences with rapidfuzz. Same-template items with different facts share their
  wording and differ exactly there.

A pair is a ``duplicate`` when containment and coverage both reach their minimums, ``contained`` when only
containment does, otherwise ``distinct``. (The pipeline reports a document as contained in another, and may
drop it, only from the stronger ``contained_min``; weaker contained pairs still count as related when clusters
are merged.) A number conflict blocks both unless the pair's Jaccard is at least ``number_veto_below`` (then the
differing number is a typo in a copy, "5706"/"5760").
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import regex
from rapidfuzz.distance import Indel, Levenshtein

from dedupe.codepoints import char_class, codes, runs
from dedupe.config import NearDuplicatesConfig
from dedupe.records import PairScores

NUMBER_RE = regex.compile(r"\d+(?:\.\d+)?")
MAX_SLOT_TOKENS = 4
MIN_FLANK_TOKENS = 2
ROWS_AT_ONCE = 1 << 16  # pairs a PairLog turns into Python objects at a time


def _numbers(tokens: Sequence[str]) -> set[float]:
    return {float(m.group()) for token in tokens for m in NUMBER_RE.finditer(token)}


def _scaled(a: float, b: float) -> bool:
    """3 against 3000 ("3 آلاف"): the same quantity written at another scale."""
    if a == 0 or b == 0:
        return False
    return max(a, b) / min(a, b) in (10.0, 100.0, 1000.0, 1e6)


def number_conflicts(a_tokens: Sequence[str], b_tokens: Sequence[str]) -> int:
    """Short aligned slots, flanked by identical text, where the two texts give different numbers.

    >>> a = "اعلنت الوزاره ضبط 19 من القيادات في المحافظات".split()
    >>> b = "اعلنت الوزاره ضبط 44 من القيادات في المحافظات".split()
    >>> number_conflicts(a, b), number_conflicts(a, a)
    (1, 0)
    """
    ops = Levenshtein.opcodes(list(a_tokens), list(b_tokens))
    return _conflicts(ops, lambda s, e: _numbers(a_tokens[s:e]), lambda s, e: _numbers(b_tokens[s:e]))


@dataclass(frozen=True, slots=True)
class Facts:
    """A document's fact tokens as :func:`fact_conflicts` needs them, without the strings: each token's 64-bit
    hash (normalize.token_hashes), and the numbers of the tokens that hold any: (``positions[i]``, ``values[i]``),
    positions ascending. Made by the workers beside the shingles and kept on disk, so that number conflicts need
    no text read or tokenized again."""

    hashes: np.ndarray  # uint64, one per token
    positions: np.ndarray  # int64
    values: np.ndarray  # float64

    @classmethod
    def of(cls, hashes: np.ndarray, tokens: Sequence[str]) -> Facts:
        """The facts of ``tokens`` whose hashes are ``hashes``."""
        maybe = [k for k, token in enumerate(tokens) if not token.isalpha()]  # a letters-only token holds no number
        return cls.of_numbers(hashes, maybe, [tokens[k] for k in maybe])

    @classmethod
    def of_numbers(cls, hashes: np.ndarray, positions: Sequence[int], tokens: Sequence[str]) -> Facts:
        """:meth:`of` given only the tokens that hold a digit, at their positions (normalize.fact_hashes_and_numbers):
        the others hold no number."""
        found = [
            (k, float(m.group())) for k, token in zip(positions, tokens, strict=True) for m in NUMBER_RE.finditer(token)
        ]
        return cls(
            hashes,
            np.array([k for k, _ in found], dtype=np.int64),
            np.array([v for _, v in found], dtype=np.float64),
        )


def fact_conflicts(a: Facts, b: Facts) -> int:
    """:func:`number_conflicts` of two documents' fact tokens, from their :class:`Facts` (the alignment of
    token hashes is that of the tokens, but for a 64-bit hash collision between two different words).

    >>> from dedupe.normalize import token_hashes
    >>> a = "اعلنت الوزاره ضبط 19 من القيادات في المحافظات".split()
    >>> b = "اعلنت الوزاره ضبط 44 من القيادات في المحافظات".split()
    >>> fact_conflicts(Facts.of(token_hashes(a), a), Facts.of(token_hashes(b), b))
    1
    """
    if not (a.positions.size and b.positions.size):
        return 0  # a conflict is a slot with numbers on both sides
    ops = Levenshtein.opcodes(_token_sequence(a.hashes), _token_sequence(b.hashes))
    return _conflicts(ops, _slot_numbers(a), _slot_numbers(b))


def _token_sequence(hashes: np.ndarray) -> array:
    """Token hashes as rapidfuzz reads them: an ``array('Q')`` gives the alignment a list of the same integers
    gives, and is made by one copy instead of a Python integer per token (a list cost more than the alignment)."""
    return array("Q", hashes.astype(np.uint64, copy=False).tobytes())


def _slot_numbers(facts: Facts) -> Callable[[int, int], set[float]]:
    """The numbers of tokens ``start`` to ``end`` (exclusive), as :func:`number_conflicts` reads a slot; by
    bisection in Python lists, since an alignment asks for thousands of short slots."""
    positions, values = facts.positions.tolist(), facts.values.tolist()
    return lambda start, end: set(values[bisect_left(positions, start) : bisect_left(positions, end)])


def _conflicts(
    ops: Any, a_numbers: Callable[[int, int], set[float]], b_numbers: Callable[[int, int], set[float]]
) -> int:
    """The conflicts of an alignment (rapidfuzz Opcodes): ``a_numbers(start, end)`` gives the numbers of a slot
    of the first sequence, ``b_numbers`` of the second."""
    ops = ops.as_list()  # (tag, src_start, src_end, dest_start, dest_end) tuples: no attribute lookups
    last = len(ops) - 1
    conflicts = 0
    for i, (tag, src_start, src_end, dest_start, dest_end) in enumerate(ops):
        if tag != "replace" or src_end - src_start > MAX_SLOT_TOKENS or dest_end - dest_start > MAX_SLOT_TOKENS:
            continue
        # Both neighbours (those that exist, at least one) equal runs of MIN_FLANK_TOKENS or more.
        if last == 0 or any(
            ops[j][0] != "equal" or ops[j][2] - ops[j][1] < MIN_FLANK_TOKENS for j in (i - 1, i + 1) if 0 <= j <= last
        ):
            continue
        a_found = a_numbers(src_start, src_end)
        if not a_found:
            continue
        b_found = b_numbers(dest_start, dest_end)
        if b_found and a_found != b_found and not any(_scaled(x, y) for x in a_found for y in b_found):
            conflicts += 1
    return conflicts


def overlap(shared: int, a_size: int, b_size: int) -> tuple[float, float, float]:
    """(containment, coverage, jaccard) of two sets of ``a_size`` and ``b_size`` items sharing ``shared``."""
    smaller, larger = sorted((a_size, b_size))
    containment = shared / smaller if smaller else 0.0
    coverage = shared / larger if larger else 0.0
    union = smaller + larger - shared
    return containment, coverage, shared / union if union else 0.0


def overlaps(shared: np.ndarray, a_sizes: np.ndarray, b_sizes: np.ndarray) -> tuple[np.ndarray, ...]:
    """:func:`overlap` of many pairs at once, as arrays (the same floats: integers this size convert exactly).

    >>> [x.tolist() for x in overlaps(np.array([2, 0]), np.array([4, 0]), np.array([2, 3]))]
    [[1.0, 0.0], [0.5, 0.0], [0.5, 0.0]]
    """
    shared = shared.astype(np.float64)
    smaller = np.minimum(a_sizes, b_sizes).astype(np.float64)
    larger = np.maximum(a_sizes, b_sizes).astype(np.float64)
    union = smaller + larger - shared
    with np.errstate(divide="ignore", invalid="ignore"):
        return tuple(
            np.where(whole > 0, shared / whole, 0.0) for whole in (smaller, larger, union)
        )  # containment, coverage, jaccard


@dataclass(frozen=True, slots=True)
class PairLog:
    """Every pair whose scores were computed, in order: the candidate pairs of the join (as arrays of document
    indices and shared counts, 12 bytes a pair; a pair the minimums alone call distinct gets its scores, from
    ``sizes``, each document's count of rare shingles, and its :class:`PairScores` only when read), those
    verified one by one (``verified``, by position in the join), then pairs measured later (``later``)."""

    ids: Sequence[str]
    firsts: np.ndarray
    seconds: np.ndarray
    shared: np.ndarray
    sizes: np.ndarray
    verified: dict[int, PairScores] = field(default_factory=dict)
    later: list[PairScores] = field(default_factory=list)

    @classmethod
    def of(cls, ids: Sequence[str], firsts: np.ndarray, seconds: np.ndarray, shared: np.ndarray, sizes: np.ndarray):
        """The log of the join's pairs, stored compactly (document indices below 2**31)."""
        return cls(ids, firsts.astype(np.int32), seconds.astype(np.int32), shared.astype(np.int32), sizes)

    def __len__(self) -> int:
        return self.firsts.size + len(self.later)

    def overlaps(self, rows: np.ndarray | slice) -> tuple[np.ndarray, ...]:
        """(containment, coverage, jaccard) of the join's pairs at ``rows`` (:func:`overlaps`)."""
        return overlaps(self.shared[rows], self.sizes[self.firsts[rows]], self.sizes[self.seconds[rows]])

    def rows(self) -> Iterator[PairScores | tuple]:
        """Each pair in order: its PairScores when it has one, else (a index, b index, jaccard, containment,
        coverage, shared) of a pair the minimums called distinct, so that a writer of many pairs can format
        these without making an object for each."""
        for start in range(0, len(self.firsts), ROWS_AT_ONCE):  # as Python objects a block at a time
            rows = slice(start, start + ROWS_AT_ONCE)
            containment, coverage, jaccard = self.overlaps(rows)
            columns = (self.firsts[rows], self.seconds[rows], jaccard, containment, coverage, self.shared[rows])
            block = (c.tolist() for c in columns)
            for k, row in enumerate(zip(*block, strict=True), start):
                yield self.verified.get(k) or row
        yield from self.later

    def __iter__(self) -> Iterator[PairScores]:
        for row in self.rows():
            if isinstance(row, PairScores):
                yield row
            else:
                a, b, jaccard, containment, coverage, shared = row
                yield PairScores(self.ids[a], self.ids[b], jaccard, containment, coverage, shared, 0, "distinct")


def _relation(shared: int, containment: float, coverage: float, config: NearDuplicatesConfig) -> str:
    """``duplicate`` or ``contained`` by the config's minimums, else ``distinct``."""
    if shared < config.min_shared or containment < config.min_containment:
        return "distinct"
    return "duplicate" if coverage >= config.min_coverage else "contained"


def compare_documents(
    a_id: str,
    b_id: str,
    shared: int,
    sizes: tuple[int, int],
    conflicts_of: Callable[[], int],
    config: NearDuplicatesConfig,
) -> PairScores:
    """Scores and relation of two documents with ``sizes`` rare shingles, ``shared`` of them in common.

    ``conflicts_of()`` gives the two documents' number conflicts (:func:`number_conflicts`); it is called only
    when numbers must be checked.

    >>> from dedupe.config import NearDuplicatesConfig
    >>> compare_documents("a", "b", 40, (50, 60), lambda: 0, NearDuplicatesConfig()).relation
    'duplicate'
    >>> compare_documents("a", "b", 40, (50, 200), lambda: 0, NearDuplicatesConfig()).relation
    'contained'
    """
    containment, coverage, jaccard = overlap(shared, *sizes)
    conflicts = 0
    if _relation(shared, containment, coverage, config) != "distinct" and jaccard < config.number_veto_below:
        conflicts = conflicts_of()
    relation = decide(shared, containment, coverage, jaccard, conflicts, config)
    return PairScores(a_id, b_id, jaccard, containment, coverage, shared, conflicts, relation)


def decide(
    shared: int, containment: float, coverage: float, jaccard: float, conflicts: int, config: NearDuplicatesConfig
) -> str:
    """The relation a pair's scores give: the minimums, then the number veto. (`dedupe explain` states it from
    the scores written to pairs.jsonl, with this same function.)

    >>> decide(40, 0.8, 0.7, 0.3, 1, NearDuplicatesConfig()), decide(40, 0.8, 0.7, 0.7, 1, NearDuplicatesConfig())
    ('distinct', 'duplicate')
    """
    relation = _relation(shared, containment, coverage, config)
    if relation != "distinct" and conflicts and jaccard < config.number_veto_below:
        return "distinct"
    return relation


WORD_RE = regex.compile(r"\S+")


def _words_at(text: str) -> tuple[list[str], list[int]]:
    """The words of ``text`` (what ``WORD_RE`` finds) and their starts, then the text's end.

    >>> _words_at(" قال  الوزير")
    (['قال', 'الوزير'], [1, 6, 12])
    """
    return _words_of([text])[0]


def _words_of(texts: Sequence[str]) -> list[tuple[list[str], list[int]]]:
    """:func:`_words_at` of several texts, found with a code point table over all of them at once rather than a
    match object per word."""
    joined = "\n".join(texts)
    starts, ends = runs(~char_class(r"\s")[codes(joined)])
    offsets = np.cumsum([0] + [len(text) + 1 for text in texts])
    bounds = np.searchsorted(starts, offsets).tolist()
    found = []
    for k, text in enumerate(texts):
        first, last = bounds[k], bounds[k + 1]
        at = (starts[first:last] - offsets[k]).tolist()
        if _SPLIT_ONLY_RE.search(text):  # white space to str.split() but not to \s
            words = [text[s:e] for s, e in zip(at, (ends[first:last] - offsets[k]).tolist(), strict=True)]
        else:
            words = text.split()
        found.append((words, [*at, len(text)]))
    return found


_SPLIT_ONLY_RE = regex.compile(r"[\x1c-\x1f]")  # white space to str.split(), not to \s


def aligned_segments(a: str, b: str) -> list[list]:
    """Word-level alignment of two texts, for the review page's pair view: ``[tag, a_start, a_end, b_start,
    b_end]`` character spans that cover both texts in order; ``tag`` is ``equal``, ``replace``, ``insert``
    (only in b) or ``delete`` (only in a). Words are compared as written, as the page shows them. Each segment
    is a list, as the page's data holds it (made so here: copying tuples into lists cost 0.6 s a million).

    >>> aligned_segments("قال الوزير 19 شخصا", "قال الوزير 44 شخصا")
    [['equal', 0, 11, 0, 11], ['replace', 11, 14, 11, 14], ['equal', 14, 18, 14, 18]]
    """
    return aligned_words(*_words_at(a), *_words_at(b))


def aligned_words(a_words: list[str], a_at: list[int], b_words: list[str], b_at: list[int]) -> list[list]:
    """:func:`aligned_segments` of two texts given as their :func:`_words_at`."""
    ops = Levenshtein.opcodes(a_words, b_words)
    return [
        [op.tag, a_at[op.src_start], a_at[op.src_end], b_at[op.dest_start], b_at[op.dest_end]]
        for op in ops
        if op.src_end > op.src_start or op.dest_end > op.dest_start
    ]


def aligned_many(texts: dict[int, str], pairs: Sequence[tuple[int, int]]) -> list[list[list]]:
    """:func:`aligned_segments` of each pair of keys of ``texts``, the words of all the texts found at once."""
    keys = list(texts)
    words = dict(zip(keys, _words_of([texts[key] for key in keys]), strict=True))
    return [aligned_words(*words[a], *words[b]) for a, b in pairs]


def text_ratio(a: str, b: str) -> float:
    """Edit similarity of two strings, 0..1 (rapidfuzz's normalized Indel similarity)."""
    return Indel.normalized_similarity(a, b)
