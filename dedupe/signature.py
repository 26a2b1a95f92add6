"""MinHash signatures of shingle sets.

Signatures use datasketch's 32-bit affine permutation scheme over 32 bits of each shingle's hash: the n-gram
hashes of the tokens' hashes (hashing.py) in the pipeline, CRC-32 of the shingle's text for sets of strings.
Both are the same in every process (Python's own ``hash`` is salted per process).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from datasketch import MinHash

SCHEME = "affine32"


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


# MurmurHash3's 32-bit finalizer, with which datasketch's "affine32" scheme pre-mixes each input hash.
FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def _fmix32(hashes: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = (np.uint32(c) for c in FMIX32)
    hashes = hashes ^ (hashes >> s1)
    hashes = hashes * m1
    hashes = hashes ^ (hashes >> s2)
    hashes = hashes * m2
    return hashes ^ (hashes >> s3)


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

    def signatures(self, sets: Sequence[Iterable[str]]) -> list[np.ndarray]:
        """The signatures of several non-empty sets at once, equal to :meth:`signature` of each (a test checks
        this against datasketch): CRC-32 of each value, the MurmurHash3 finalizer, then every affine permutation
        ``a * h + b`` (mod 2**32) and the minimum per set, in one numpy pass instead of a MinHash object per set.

        >>> signer = Signer(16, 1)
        >>> [s.tolist() for s in signer.signatures([["a b", "b c"]])] == [signer.signature(["a b", "b c"]).tolist()]
        True
        """
        return self.signatures_of_hashes(
            [np.array([_crc32(value.encode("utf-8")) for value in values], dtype=np.uint32) for values in sets]
        )

    def signatures_of_hashes(self, sets: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The signatures of several non-empty sets of hashes (any unsigned dtype; 32 bits of each are used).

        >>> signer = Signer(16, 1)
        >>> hashes = np.array([5, 7, 5], dtype=np.uint64)
        >>> bool((signer.signatures_of_hashes([hashes])[0] == signer.signatures_of_hashes([hashes[:2]])[0]).all())
        True
        """
        return list(self.signature_matrix(sets))

    def signature_matrix(self, sets: Sequence[np.ndarray]) -> np.ndarray:
        """:meth:`signatures_of_hashes` as the rows of one array (uint32, a row per set)."""
        sizes = np.fromiter((len(hashes) for hashes in sets), dtype=np.int64, count=len(sets))
        if not sizes.size:
            return np.empty((0, len(self.permutations[0])), dtype=np.uint32)
        if not sizes.all():
            raise ValueError("signatures() needs non-empty sets")
        hashed = _fmix32((np.concatenate(sets) & np.uint64(0xFFFFFFFF)).astype(np.uint32))
        a, b = self.permutations
        # One row per permutation, so that the minimum runs along contiguous memory: six times faster than a
        # row per hash. uint32 arithmetic wraps around, which is the mod 2**32.
        permuted = a[:, None] * hashed[None, :]
        permuted += b[:, None]
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        return np.ascontiguousarray(np.minimum.reduceat(permuted, starts, axis=1).T)

    def signature(self, values: Iterable[str]) -> np.ndarray:
        """The signature's hash values (uint32), the compact form kept in memory between stages."""
        return self.minhash(values).hashvalues
