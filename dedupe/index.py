"""Candidate pairs from MinHash LSH. The only module that uses datasketch's indexes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from datasketch import MinHashLSH

from dedupe.signature import Signer


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
