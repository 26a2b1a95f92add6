"""64-bit hashing in numpy: the SplitMix64 finalizer, and n-grams of a sequence of hashes.

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
    return np.unique(ngram_sequence(hashes, min(size, hashes.size)))
