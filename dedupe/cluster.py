"""Group verified pairs into clusters that cannot chain, and choose the document each cluster keeps.

Union-find over verified pairs chains: A~B and B~C put A and C together although nobody compared them, and
one shared template line can glue a string of distinct articles. Star clustering does not: items are
visited in keep-priority order; an unassigned item with unassigned verified neighbours becomes a centre, and
every other item joins one centre it was verified against directly. Every member of a star is therefore
verified against the kept item itself.

Stars are then merged only under a rule that keeps that guarantee or an equivalent one: complete linkage for
copies (every pair across two clusters verified), and anchored average linkage for a contained item's cluster
joining its container's (every document of it inside the kept one or a verified copy of one that is).
:func:`verified_paths` records, for each member, the verified pair that links it towards the kept item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)


def star_clusters(order: Sequence[K], scores: Mapping[tuple[K, K], float]) -> list[tuple[K, list[K]]]:
    """Clusters as (centre, members), centres in ``order``, members in ``order`` too.

    ``scores`` maps each verified pair to its similarity. Centres are chosen greedily in ``order``; then each
    member joins the centre it is most similar to (ties: the earlier centre), so a copy is not captured by a
    longer document it barely matches when its own twin is also a centre.

    >>> star_clusters(["a", "b", "c"], {("a", "b"): 0.9, ("b", "c"): 0.9})
    [('a', ['b'])]
    >>> star_clusters(["b", "a", "c"], {("a", "b"): 0.9, ("b", "c"): 0.9})
    [('b', ['a', 'c'])]
    >>> star_clusters(["a", "d", "b", "c", "e"], {("a", "b"): 0.5, ("d", "b"): 0.9, ("a", "c"): 0.9, ("d", "e"): 0.9})
    [('a', ['c']), ('d', ['b', 'e'])]
    """
    rank = {item: position for position, item in enumerate(order)}
    neighbours: dict[K, set[K]] = defaultdict(set)
    for a, b in scores:
        neighbours[a].add(b)
        neighbours[b].add(a)
    assigned: set[K] = set()
    centres: list[K] = []
    for item in order:
        if item in assigned or item not in neighbours:
            continue
        members = [n for n in neighbours[item] if n not in assigned]
        if members:
            centres.append(item)
            assigned.add(item)
            assigned.update(members)
    is_centre = set(centres)

    def score(a: K, b: K) -> float:
        return scores[(a, b)] if (a, b) in scores else scores[(b, a)]

    clusters: dict[K, list[K]] = {centre: [] for centre in centres}
    for item in sorted(assigned - is_centre, key=rank.__getitem__):
        best = max((c for c in neighbours[item] if c in is_centre), key=lambda c: (score(item, c), -rank[c]))
        clusters[best].append(item)
    return [(centre, clusters[centre]) for centre in centres if clusters[centre]]


def lazy_star_clusters(
    order: Sequence[K], partners: Callable[[K], Iterable[K]], verify: Callable[[K, K], float | None]
) -> tuple[list[tuple[K, list[K]]], dict[tuple[K, K], float]]:
    """:func:`star_clusters` over the candidate pairs that verify, verifying only the pairs that can change it;
    returns the clusters and the scores of the pairs verified (keyed in ``order``).

    ``partners(item)`` gives an item's candidates (symmetric); ``verify(a, b)`` (a before b in ``order``) a pair's
    similarity, or None when it does not verify. Only an item still unassigned at its turn can become a centre,
    and a member chooses among centres: so only the pairs of items unassigned at their turn are verified (every
    pair of each centre among them). A family of n copies costs n − 1 verifications instead of n·(n − 1)/2.

    >>> ok = {("a", "b"): 0.9, ("a", "c"): 0.8, ("b", "c"): 0.95}
    >>> asked = []
    >>> def verify(x, y):
    ...     asked.append(x + y)
    ...     return ok.get((x, y))
    >>> lazy_star_clusters("abc", lambda item: [k for k in "abc" if k != item], verify)[0], asked
    ([('a', ['b', 'c'])], ['ab', 'ac'])
    """
    rank = {item: position for position, item in enumerate(order)}
    tried: dict[tuple[K, K], float | None] = {}
    assigned: set[K] = set()
    centres: list[K] = []
    for item in order:
        if item in assigned:
            continue
        members = []
        for other in partners(item):
            pair = (item, other) if rank[item] < rank[other] else (other, item)
            if pair not in tried:
                tried[pair] = verify(*pair)
            if tried[pair] is not None and other not in assigned:
                members.append(other)
        if members:
            centres.append(item)
            assigned.add(item)
            assigned.update(members)
    scores = {pair: score for pair, score in tried.items() if score is not None}
    is_centre = set(centres)
    choices: dict[K, list[K]] = defaultdict(list)  # each member's verified centres
    for centre in centres:
        for other in partners(centre):
            pair = (centre, other) if rank[centre] < rank[other] else (other, centre)
            if pair in scores and other not in is_centre:
                choices[other].append(centre)
    clusters: dict[K, list[K]] = {centre: [] for centre in centres}
    for item in sorted(choices, key=rank.__getitem__):
        best = max(
            choices[item],
            key=lambda c: (scores[(c, item) if rank[c] < rank[item] else (item, c)], -rank[c]),
        )
        clusters[best].append(item)
    return [(centre, clusters[centre]) for centre in centres if clusters[centre]], scores


def connected_components(size: int, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Each of ``size`` items' connected component under the edges (firsts[k], seconds[k]), named by its smallest
    item: roots hooked under the smaller root of each edge, then paths halved until every item points to its
    root, as arrays, until no edge joins two roots.

    >>> connected_components(6, np.array([4, 1, 2]), np.array([1, 3, 5])).tolist()
    [0, 1, 2, 1, 1, 2]
    """
    parent = np.arange(size, dtype=np.int64)
    while True:
        a, b = parent[firsts], parent[seconds]
        apart = a != b
        if not apart.any():
            return parent
        np.minimum.at(parent, np.maximum(a, b)[apart], np.minimum(a, b)[apart])
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


Joinable = Callable[[Sequence[K], Sequence[K]], bool]


def merge_clusters(
    links: Iterable[tuple[K, K]],
    groups: dict[K, list[K]],
    rank: Mapping[K, int],
    joinable: Joinable,
    second_absorbs: bool = False,
) -> None:
    """Merge, in link order, the clusters of each linked pair when ``joinable(absorbed, absorbing)`` holds.

    ``groups`` maps each cluster's kept item to its items (kept first); items in no cluster are singletons.
    The cluster whose kept item ranks first absorbs the other, or with ``second_absorbs`` the cluster of the
    link's second item does (a container absorbing what it contains). ``joinable`` sees both clusters, kept
    items first (see :func:`complete_linkage` and :func:`anchored_linkage`). Updates ``groups`` in place.

    >>> groups = {"a": ["a", "b"], "c": ["c", "d"]}
    >>> rank = {k: i for i, k in enumerate("abcde")}
    >>> merge_clusters([("b", "c")], groups, rank, complete_linkage(lambda x, y: {x, y} != {"a", "d"})); groups
    {'a': ['a', 'b'], 'c': ['c', 'd']}
    >>> merge_clusters([("b", "c"), ("e", "a")], groups, rank, complete_linkage(lambda x, y: True)); groups
    {'a': ['a', 'b', 'c', 'd', 'e']}
    """
    root_of = {item: kept for kept, group in groups.items() for item in group}
    for a, b in links:
        root_a, root_b = root_of.get(a, a), root_of.get(b, b)
        if root_a == root_b:
            continue
        inner, outer = (root_a, root_b) if second_absorbs or rank[root_a] > rank[root_b] else (root_b, root_a)
        inner_group, outer_group = groups.get(inner, [inner]), groups.get(outer, [outer])
        if joinable(inner_group, outer_group):
            groups[outer] = outer_group + inner_group
            groups.pop(inner, None)
            for item in inner_group:
                root_of[item] = outer


def complete_linkage(related: Callable[[K, K], bool]) -> Joinable:
    """Two clusters join only if every pair across them is related: a merge never puts together two items
    that are not."""
    return lambda xs, ys: all(related(x, y) for x in xs for y in ys)


def anchored_linkage(
    inside: Callable[[K, K], bool],
    copies: Callable[[K, K], bool],
    related: Callable[[K, K], bool],
    min_share: float,
) -> Joinable:
    """A cluster joins another when every item of it is ``inside`` the other's kept item or is a copy of one
    that is (through ``copies`` within its own cluster), and at least ``min_share`` of all pairs across the two
    clusters are ``related`` (average linkage).

    The anchor keeps out a document that merely *shares* an item with the kept one (two reports quoting one wire
    item: neither is inside the other), and one the kept item is inside of (a cluster never absorbs a larger
    document into a smaller). The share keeps a long roundup from taking every short item it quotes: two items
    of one roundup are not copies of each other.

    >>> pairs = {frozenset(p) for p in ["ak", "ac", "bc"]}
    >>> inside = related = lambda x, y: frozenset((x, y)) in pairs
    >>> copies = lambda x, y: {x, y} == {"a", "b"}
    >>> [anchored_linkage(inside, copies, related, share)(["a", "b"], ["k", "c"]) for share in (0.75, 0.8)]
    [True, False]
    >>> anchored_linkage(inside, lambda x, y: False, related, 0.5)(["a", "b"], ["k", "c"])  # b: no way to k
    False
    """

    def joinable(inner: Sequence[K], outer: Sequence[K]) -> bool:
        kept = outer[0]
        reached = [x for x in inner if inside(x, kept)]
        waiting = [x for x in inner if x not in reached]
        while reached and waiting:
            found = [x for x in waiting if any(copies(x, r) for r in reached)]
            reached = found
            waiting = [x for x in waiting if x not in found]
        return not waiting and sum(related(x, y) for x in inner for y in outer) >= min_share * len(inner) * len(outer)

    return joinable


def verified_paths(kept: K, members: Sequence[K], rank: Mapping[K, int], related: Callable[[K, K], bool]) -> dict[K, K]:
    """Each member's parent on a shortest path of related pairs to ``kept``: the document a dropped one is
    reported as matched against.

    Breadth first from ``kept``; among the possible parents of a member, the one ranked first. A member of a
    star is its centre's child; after an average-linkage merge a member may reach the kept item through
    another (a copy of an item that the kept document contains). Members no path reaches are the kept
    item's children, so every member has a parent.

    >>> verified_paths("k", ["a", "b", "c"], {"k": 0, "a": 1, "b": 2, "c": 3}, lambda x, y: {x, y} != {"k", "c"})
    {'a': 'k', 'b': 'k', 'c': 'a'}
    """
    parent: dict[K, K] = {}
    layer = [kept]
    waiting = sorted(members, key=rank.__getitem__)
    while layer and waiting:
        reached = {}
        for member in waiting:
            found = next((p for p in layer if related(member, p)), None)
            if found is not None:
                reached[member] = found
        parent.update(reached)
        waiting = [m for m in waiting if m not in reached]
        layer = sorted(reached, key=rank.__getitem__)
    parent.update((m, kept) for m in waiting)
    return parent


def keep_key(policy: str, source_priority: Sequence[str] = ()) -> Callable[[int, int, str | None, str | None], tuple]:
    """Sort key for (input index, length, date, source): the document a cluster keeps sorts first.

    ``longest``: most characters after cleaning; ``first``: input order; ``earliest``: smallest date string
    (ISO dates sort by time; documents without a date come after those with one); ``source``: the earliest
    source in ``source_priority`` (others after). Ties go to the longer document, then the earlier one.

    >>> docs = [(0, 10, "2015-07-22", "okaz"), (1, 30, "2015-07-21", "sabq"), (2, 30, None, "was")]
    >>> [[d[0] for d in sorted(docs, key=lambda d: keep_key(p, ["was"])(*d))]
    ...  for p in ("longest", "first", "earliest", "source")]
    [[1, 2, 0], [0, 1, 2], [1, 0, 2], [2, 1, 0]]
    """
    if policy == "longest":
        return lambda index, length, date, source: (-length, index)
    if policy == "first":
        return lambda index, length, date, source: (index,)
    if policy == "earliest":
        return lambda index, length, date, source: (date is None, date or "", -length, index)
    if policy == "source":
        rank = {name: position for position, name in enumerate(source_priority)}
        return lambda index, length, date, source: (rank.get(source, len(rank)), -length, index)
    raise ValueError(f"unknown keep policy {policy!r}")
