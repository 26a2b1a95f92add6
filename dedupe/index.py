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

from collections.abc import Iterable, Iterator

import numpy as np
from datasketch import MinHashLSH

from dedupe.signature import Signer

_LOW32 = np.uint64(0xFFFFFFFF)


def shared_shingle_pairs(
    sets: Iterable[tuple[int, np.ndarray]], min_shared: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of keys (each below 2**32) whose hash sets share at least ``min_shared`` values, exactly.

    ``sets`` yields (key, unique hashes). Returns arrays (a, b, shared) with a < b, sorted by (a, b). Memory is
    that of the entries plus one 8-byte code per co-occurrence, so pass only hashes that can be shared (in at
    least two documents) and that are rare.

    >>> a, b, shared = shared_shingle_pairs(
    ...     [(0, np.array([1, 2, 3, 9])), (1, np.array([1, 2, 3])), (2, np.array([2, 3, 9]))], min_shared=2)
    >>> [(int(x), int(y), int(n)) for x, y, n in zip(a, b, shared)]
    [(0, 1, 3), (0, 2, 3), (1, 2, 2)]
    """
    keys, hashes = [], []
    for key, values in sets:
        keys.append(np.full(values.size, key, dtype=np.uint64))
        hashes.append(values.astype(np.uint64, copy=False))
    empty = np.array([], dtype=np.int64)
    if not hashes:
        return empty, empty, empty
    key_of = np.concatenate(keys)
    hash_of = np.concatenate(hashes)
    order = np.lexsort((key_of, hash_of))  # by hash, then key: each group's keys ascend
    key_of, hash_of = key_of[order], hash_of[order]
    starts = np.flatnonzero(np.r_[True, hash_of[1:] != hash_of[:-1]])
    sizes = np.diff(np.r_[starts, hash_of.size])
    codes = []
    for size in np.unique(sizes[sizes >= 2]).tolist():
        group = key_of[starts[sizes == size][:, None] + np.arange(size)]  # one row per shared hash
        for i in range(size - 1):
            codes.append((group[:, i, None] << np.uint64(32) | group[:, i + 1 :]).ravel())
    if not codes:
        return empty, empty, empty
    pairs, shared = np.unique(np.concatenate(codes), return_counts=True)
    keep = shared >= min_shared
    pairs = pairs[keep]
    return (pairs >> np.uint64(32)).astype(np.int64), (pairs & _LOW32).astype(np.int64), shared[keep].astype(np.int64)


def candidate_pairs(
    signatures: Iterable[tuple[int, np.ndarray]], signer: Signer, threshold: float
) -> Iterator[tuple[int, int]]:
    """Pairs of keys whose signatures collide in at least one LSH band, each once as (earlier, later).

    Each signature queries the index of those before it and is then inserted, so the pairs come out in
    a fixed order for a fixed input order.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=signer.num_perm)
    for key, hashvalues in signatures:
        sketch = signer.from_signature(hashvalues)
        for other in sorted(lsh.query(sketch)):
            yield other, key
        lsh.insert(key, sketch, check_duplication=False)
