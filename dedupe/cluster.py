"""Group verified pairs into clusters that cannot chain, and choose the document each cluster keeps.

Union-find over verified pairs chains: A~B and B~C put A and C together although nobody compared them, and
one shared template line can glue a string of distinct articles. Star clustering does not: items are
visited in keep-priority order; an unassigned item becomes a centre and takes every unassigned item verified
directly against it. Every member of a cluster is therefore verified against the kept item itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def star_clusters(order: Sequence[K], edges: Iterable[tuple[K, K]]) -> list[tuple[K, list[K]]]:
    """Clusters as (centre, members) in ``order`` of their centres; members in ``order`` too.

    >>> star_clusters(["a", "b", "c"], [("a", "b"), ("b", "c")])
    [('a', ['b'])]
    >>> star_clusters(["b", "a", "c"], [("a", "b"), ("b", "c")])
    [('b', ['a', 'c'])]
    """
    rank = {item: position for position, item in enumerate(order)}
    neighbours: dict[K, set[K]] = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    assigned: set[K] = set()
    clusters = []
    for item in order:
        if item in assigned or item not in neighbours:
            continue
        members = sorted((n for n in neighbours[item] if n not in assigned), key=rank.__getitem__)
        if members:
            assigned.add(item)
            assigned.update(members)
            clusters.append((item, members))
    return clusters


def keep_order(indices: Sequence[int], lengths: Sequence[int], policy: str) -> list[int]:
    """Document indices, the one to keep first: ``longest`` (most characters after cleaning; ties go to the
    earlier input) or ``first`` (input order).

    >>> keep_order([0, 1, 2], [10, 30, 30], "longest"), keep_order([0, 1, 2], [10, 30, 30], "first")
    ([1, 2, 0], [0, 1, 2])
    """
    if policy == "first":
        return sorted(indices)
    if policy == "longest":
        return sorted(indices, key=lambda i: (-lengths[i], i))
    raise ValueError(f"unknown keep policy {policy!r}")
