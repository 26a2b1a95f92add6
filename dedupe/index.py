"""Candidate pairs: an exact join on rare shingles for documents, MinHash LSH for paragraphs.

Documents are compared on their rare shingles (frequency.py), each in at most ``rare_df`` documents. That bound
makes the exact answer cheap: group the (shingle, document) entries by shingle, and every group of ``n``
documents gives ``n·(n−1)/2`` pairs, ``rare_df·(rare_df−1)/2`` at most, whatever the corpus size. Counting the
pairs gives each pair's number of shared rare shingles exactly, so no pair is missed the way LSH misses a short
article inside a long one (their Jaccard is low even when containment is high). The join is a group-by and a
count, which a distributed engine runs as a shuffle.

Paragraph shingles have no such bound (boilerplate paragraphs recur in thousands of documents), so paragraphs
keep MinHash LSH.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHashLSH

from dedupe.hashing import FOLD as _FOLD
from dedupe.hashing import mix64, unique_sorted
from dedupe.io import Buckets

_LOW32 = np.uint64(0xFFFFFFFF)


def _pairs_in_groups(members: np.ndarray, group_of: np.ndarray, anchors: int | None = None) -> np.ndarray:
    """Every pair of members that share a group, as codes ``first << 32 | second`` (first < second, repeats
    possible); with ``anchors``, only the pairs that include one of a group's first ``anchors`` members, so a
    group of n gives at most n·anchors pairs instead of n². ``group_of`` must be sorted, and members ascending
    within each group.

    >>> codes = _pairs_in_groups(np.arange(4, dtype=np.uint64), np.zeros(4), anchors=1)
    >>> [(int(c >> np.uint64(32)), int(c & _LOW32)) for c in codes]
    [(0, 1), (0, 2), (0, 3)]
    """
    starts = np.flatnonzero(np.concatenate(([True], group_of[1:] != group_of[:-1])))
    sizes = np.diff(np.append(starts, group_of.size))
    codes = [np.empty(0, dtype=np.uint64)]
    for size in unique_sorted(sizes[sizes >= 2]).tolist():
        group = members[starts[sizes == size][:, None] + np.arange(size)]  # one row per group of this size
        for i in range(min(size - 1, anchors or size)):
            codes.append((group[:, i, None] << np.uint64(32) | group[:, i + 1 :]).ravel())
    return np.concatenate(codes)


JOIN_PARTS = 64  # buckets of the join on disk: a bucket's entries or pairs are what it holds in memory at once
JOIN_THREADS = 2  # buckets sorted at once (by threads of the main process), so held in memory at once
_ENTRY = np.dtype([("hash", np.uint64), ("key", np.uint32)])


def _bucket_pairs(bucket: np.ndarray) -> np.ndarray:
    """The pair codes of one bucket of (hash, key) entries: its keys grouped by hash."""
    order = np.lexsort((bucket["key"], bucket["hash"]))  # by hash, then key: each group's keys ascend
    return _pairs_in_groups(bucket["key"][order].astype(np.uint64), bucket["hash"][order])


def _in_order(threads: ThreadPoolExecutor, function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
    """``map(function, items)`` by ``threads``, in order, with no more items read ahead than ``JOIN_THREADS``."""
    pending: deque[Future] = deque()
    for item in items:
        if len(pending) == JOIN_THREADS:
            yield pending.popleft().result()
        pending.append(threads.submit(function, item))
    while pending:
        yield pending.popleft().result()


def shared_shingle_pairs(
    sets: Iterable[tuple[int | np.ndarray, np.ndarray]],
    min_shared: int,
    directory: str | Path | None = None,
    parts: int = JOIN_PARTS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of keys (each below 2**32) whose hash sets share at least ``min_shared`` values, exactly.

    ``sets`` yields (key, unique hashes), or (keys, hashes) with one key per hash. Returns arrays (a, b, shared)
    with a < b, sorted by (a, b). Pass only hashes that can be shared (in at least two documents) and that are
    rare: each group of documents sharing a hash gives a pair per two of them.

    It runs as a distributed engine would, in ``parts`` buckets on disk (in ``directory``): the (hash, key)
    entries bucketed by hash; each hash bucket's groups give pair codes, bucketed by their first key's range;
    each of those is counted on its own. Memory holds one bucket, not the corpus's entries or pairs.

    >>> a, b, shared = shared_shingle_pairs(
    ...     [(0, np.array([1, 2, 3, 9])), (1, np.array([1, 2, 3])), (2, np.array([2, 3, 9]))], min_shared=2)
    >>> [(int(x), int(y), int(n)) for x, y, n in zip(a, b, shared)]
    [(0, 1, 3), (0, 2, 3), (1, 2, 2)]
    """
    found_pairs, found_counts = [np.empty(0, dtype=np.uint64)], [np.empty(0, dtype=np.int64)]
    with Buckets(parts, _ENTRY, directory) as entries, Buckets(parts, np.uint64, directory) as pair_codes:
        top = 0  # above every key
        for key, values in sets:
            if not values.size:
                continue
            block = np.empty(values.size, dtype=_ENTRY)
            block["hash"], block["key"] = values, key
            top = max(top, int(block["key"].max()) + 1)
            entries.add(block["hash"] % np.uint64(parts), block)
        with ThreadPoolExecutor(JOIN_THREADS) as threads:  # numpy sorts without the GIL: buckets side by side
            for codes in _in_order(threads, _bucket_pairs, entries):
                pair_codes.add((codes >> np.uint64(32)).astype(np.int64) * parts // max(top, 1), codes)
            # Ascending ranges of first keys: the pairs come out sorted.
            for pairs, shared in _in_order(threads, partial(np.unique, return_counts=True), pair_codes):
                keep = shared >= min_shared
                found_pairs.append(pairs[keep])
                found_counts.append(shared[keep].astype(np.int64))
    pairs, shared = np.concatenate(found_pairs), np.concatenate(found_counts)
    return (pairs >> np.uint64(32)).astype(np.int64), (pairs & _LOW32).astype(np.int64), shared


class Banding:
    """MinHash LSH as arrays: a signature's bands (runs of ``rows`` hash values) each reduced to one 64-bit key,
    and candidate pairs as items that share a key in some band. The bands and rows are datasketch's
    ``MinHashLSH`` choice for the threshold, so the candidates are the pairs its index would give (but for
    64-bit key collisions, which only add a pair to verify); a sort per band replaces a query per item.

    >>> banding = Banding(0.6, 64)
    >>> (banding.bands, banding.rows)
    (10, 6)
    """

    # A band key shared by more items than this (a paragraph repeated across a large corpus) pairs each of them
    # only with its first ANCHORS items in input order: the groups are stars around the earliest copy, so those
    # are the pairs that matter, and the rest would grow with the square of the repeats.
    ANCHORS = 64

    def __init__(self, threshold: float, num_perm: int) -> None:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.bands, self.rows = lsh.b, lsh.r

    def keys(self, signatures: np.ndarray) -> np.ndarray:
        """One row of ``bands`` uint64 keys per signature (a row of uint32 hash values; none: no rows)."""
        signatures = np.asarray(signatures, dtype=np.uint64)
        keys = np.zeros((signatures.shape[0], self.bands), dtype=np.uint64)
        for row in range(self.rows):  # uint64 array arithmetic wraps around silently
            keys = mix64(keys * _FOLD + signatures[:, row : self.bands * self.rows : self.rows])
        return keys

    def pairs(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (a, b), a < b, of row indices whose keys agree in at least one band, each once, sorted.

        >>> banding = Banding(0.6, 64)
        >>> keys = banding.keys(np.array([[1] * 64, [2] * 64, [1] * 60 + [3] * 4], dtype=np.uint32))
        >>> [(int(a), int(b)) for a, b in zip(*banding.pairs(keys))]
        [(0, 2)]
        """
        members = np.arange(keys.shape[0], dtype=np.uint64)
        codes = [np.empty(0, dtype=np.uint64)]
        for band in range(keys.shape[1]):
            order = np.lexsort((members, keys[:, band]))
            codes.append(_pairs_in_groups(members[order], keys[order, band], self.ANCHORS))
        pairs = unique_sorted(np.concatenate(codes))
        return (pairs >> np.uint64(32)).astype(np.int64), (pairs & _LOW32).astype(np.int64)
