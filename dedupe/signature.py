"""Shingles of the matching view and their MinHash signatures.

Signatures use datasketch's 32-bit affine permutation scheme with CRC-32 as the shingle hash: fast, and the
same in every process (Python's own ``hash`` is salted per process, which would break determinism).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from datasketch import MinHash

SCHEME = "affine32"


def shingles(tokens: Sequence[str], size: int) -> set[str]:
    """Word ``size``-grams; a text shorter than one shingle is a single shingle of all its words.

    >>> sorted(shingles(["a", "b", "c"], 2))
    ['a b', 'b c']
    >>> shingles(["a"], 3)
    {'a'}
    """
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def shingle_hashes(tokens: Sequence[str], size: int) -> np.ndarray:
    """Sorted unique 64-bit hashes (BLAKE2b) of the word ``size``-grams: compact, and the same in every process.

    >>> shingle_hashes(["a", "b", "a", "b"], 2).size
    2
    """
    digests = (hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest() for s in shingles(tokens, size))
    return np.unique(np.fromiter((int.from_bytes(d, "little") for d in digests), dtype=np.uint64))


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


class Signer:
    """Computes MinHash signatures that all share one set of permutations."""

    def __init__(self, num_perm: int, seed: int) -> None:
        self.num_perm = num_perm
        self.seed = seed
        self.permutations = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations

    def _sketch(self, hashfunc: Callable, hashvalues: np.ndarray | None = None) -> MinHash:
        """A sketch on the shared permutations; empty, or holding ``hashvalues``."""
        return MinHash(
            num_perm=self.num_perm,
            seed=self.seed,
            hashfunc=hashfunc,
            hashvalues=hashvalues,
            permutations=self.permutations,
            scheme=SCHEME,
        )

    def minhash(self, values: Iterable[str]) -> MinHash:
        sketch = self._sketch(_crc32)
        sketch.update_batch([value.encode("utf-8") for value in values])
        return sketch

    def signature(self, values: Iterable[str]) -> np.ndarray:
        """The signature's hash values (uint32), the compact form kept in memory between stages."""
        return self.minhash(values).hashvalues

    def from_signature(self, hashvalues: np.ndarray) -> MinHash:
        return self._sketch(_crc32, hashvalues)
