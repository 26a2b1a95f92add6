"""Confirm candidate pairs with exact evidence. The only module that uses rapidfuzz."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Indel

from dedupe.records import PairScores
from dedupe.signature import shingles


def pair_scores(
    a_id: str,
    a_tokens: Sequence[str],
    b_id: str,
    b_tokens: Sequence[str],
    shingle_size: int,
    min_jaccard: float,
    min_ratio: float,
) -> PairScores:
    """Exact shingle Jaccard and containment, and the edit similarity of the two matching views.

    ``ratio`` is rapidfuzz's normalized Indel similarity (1.0 = identical). The pair is a duplicate when
    the Jaccard reaches ``min_jaccard`` or the ratio reaches ``min_ratio``.

    >>> s = pair_scores("a", "x y z w".split(), "b", "x y z v".split(), 2, 0.6, 0.85)
    >>> round(s.jaccard, 2), round(s.containment, 2), s.duplicate
    (0.5, 0.67, True)
    """
    a_set = shingles(a_tokens, shingle_size)
    b_set = shingles(b_tokens, shingle_size)
    shared = len(a_set & b_set)
    union = len(a_set) + len(b_set) - shared
    jaccard = shared / union if union else 0.0
    containment = shared / min(len(a_set), len(b_set)) if a_set and b_set else 0.0
    ratio = Indel.normalized_similarity(" ".join(a_tokens), " ".join(b_tokens))
    return PairScores(
        a=a_id,
        b=b_id,
        jaccard=jaccard,
        containment=containment,
        ratio=ratio,
        duplicate=jaccard >= min_jaccard or ratio >= min_ratio,
    )


def text_ratio(a: str, b: str) -> float:
    """Edit similarity of two strings, 0..1."""
    return Indel.normalized_similarity(a, b)
