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

from collections.abc import Iterable

import numpy as np
from datasketch import MinHashLSH

from dedupe.hashing import FOLD as _FOLD
from dedupe.hashing import mix64

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
    for size in np.unique(sizes[sizes >= 2]).tolist():
        group = members[starts[sizes == size][:, None] + np.arange(size)]  # one row per group of this size
        for i in range(min(size - 1, anchors or size)):
            codes.append((group[:, i, None] << np.uint64(32) | group[:, i + 1 :]).ravel())
    return np.concatenate(codes)


def shared_shingle_pairs(
    sets: Iterable[tuple[int | np.ndarray, np.ndarray]], min_shared: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of keys (each below 2**32) whose hash sets share at least ``min_shared`` values, exactly.

    ``sets`` yields (key, unique hashes), or (keys, hashes) with one key per hash. Returns arrays (a, b, shared)
    with a < b, sorted by (a, b). Memory is that of the entries plus one 8-byte code per co-occurrence, so pass
    only hashes that can be shared (in at least two documents) and that are rare.

    >>> a, b, shared = shared_shingle_pairs(
    ...     [(0, np.array([1, 2, 3, 9])), (1, np.array([1, 2, 3])), (2, np.array([2, 3, 9]))], min_shared=2)
    >>> [(int(x), int(y), int(n)) for x, y, n in zip(a, b, shared)]
    [(0, 1, 3), (0, 2, 3), (1, 2, 2)]
    """
    keys, hashes = [], []
    for key, values in sets:
        keys.append(np.broadcast_to(np.asarray(key, dtype=np.uint64), values.shape))
        hashes.append(values.astype(np.uint64, copy=False))
    empty = np.array([], dtype=np.int64)
    if not hashes:
        return empty, empty, empty
    key_of = np.concatenate(keys)
    hash_of = np.concatenate(hashes)
    order = np.lexsort((key_of, hash_of))  # by hash, then key: each group's keys ascend
    codes = _pairs_in_groups(key_of[order], hash_of[order])
    if not codes.size:
        return empty, empty, empty
    pairs, shared = np.unique(codes, return_counts=True)
    keep = shared >= min_shared
    pairs = pairs[keep]
    return (pairs >> np.uint64(32)).astype(np.int64), (pairs & _LOW32).astype(np.int64), shared[keep].astype(np.int64)


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
        """One row of ``bands`` uint64 keys per signature (a row of uint32 hash values)."""
        signatures = np.asarray(signatures, dtype=np.uint64).reshape(len(signatures), -1)
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
        pairs = np.unique(np.concatenate(codes))
        return (pairs >> np.uint64(32)).astype(np.int64), (pairs & _LOW32).astype(np.int64)
