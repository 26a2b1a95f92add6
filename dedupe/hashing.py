"""64-bit hashing in numpy: the SplitMix64 finalizer, n-grams of a sequence of hashes, and distinct hashes.

Every hash here is a pure function of its input, the same in every process and on every machine (Python's own
``hash`` is salted per process, which would break determinism across workers).
"""

from __future__ import annotations

import numpy as np

FOLD = np.uint64(0x9E3779B97F4A7C15)


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer: a bijection of uint64 that spreads every input bit over the output."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of a 1-d array, ascending: ``np.unique(values)`` by a sort and a comparison of
    neighbours. numpy 2.3+ finds unique values with a hash table unless asked for counts or indices, which is
    several times slower on a few hundred 64-bit hashes and twenty times slower on millions.

    >>> unique_sorted(np.array([3, 1, 3, 2], dtype=np.uint64)).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values, axis=None)
    if ordered.size < 2:
        return ordered
    first = np.empty(ordered.size, dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def ngram_sequence(hashes: np.ndarray, size: int) -> np.ndarray:
    """The hash of the ``size``-gram starting at each position of ``hashes`` (items folded in order), for every
    position with a whole n-gram after it.

    >>> ngram_sequence(np.array([1, 2, 1, 2], dtype=np.uint64), 2).size
    3
    """
    count = hashes.size - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    folded = hashes[:count].copy()
    for offset in range(1, size):  # uint64 array arithmetic wraps around silently
        folded = mix64(folded * FOLD + hashes[offset : offset + count])
    return folded


def ngram_hashes(hashes: np.ndarray, size: int) -> np.ndarray:
    """Sorted unique hashes of the ``size``-grams of a sequence of hashes (tokens); a non-empty sequence shorter
    than ``size`` is one n-gram of all its items.

    >>> ngram_hashes(np.array([1, 2, 1, 2], dtype=np.uint64), 2).size
    2
    >>> a, b = ngram_hashes(np.array([1, 2], dtype=np.uint64), 2), ngram_hashes(np.array([2, 1], dtype=np.uint64), 2)
    >>> bool(a[0] != b[0])
    True
    """
    if not hashes.size:
        return np.empty(0, dtype=np.uint64)
    return unique_sorted(ngram_sequence(hashes, min(size, hashes.size)))
