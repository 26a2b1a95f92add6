"""The scorer of `make eval`, on crafted labels where every figure can be worked out by hand."""

from __future__ import annotations

import pytest

from dedupe.evaluation import LabeledPair, clusters_from_links, evaluate, pair_key

LABELS = [
    LabeledPair("P1", "a", "b", "DUP", "high", 9),
    LabeledPair("P2", "c", "d", "DUP", "high", 1),
    LabeledPair("P3", "e", "f", "CONTAINED", "high", 1),
    LabeledPair("P4", "g", "h", "DISTINCT", "medium", 1),
]
# Stratum 9 has 2 pairs in the pairs file (1 labeled): weight 2; stratum 1 has 30 (3 labeled): weight 10.
STRATA = {pair_key("a", "b"): 9, pair_key("a", "x"): 9, **{pair_key(f"s{i}", f"t{i}"): 1 for i in range(27)}}
STRATA |= {pair_key("c", "d"): 1, pair_key("e", "f"): 1, pair_key("g", "h"): 1}


def test_weighted_and_raw_scores() -> None:
    # a~b right; g~h wrong (a DISTINCT pair); b~z spurious (not in the pairs file); c~d and e~f missed.
    result = evaluate([{"a", "b", "z"}, {"g", "h"}], LABELS, STRATA)
    assert (result.strict_raw.tp, result.strict_raw.fp, result.strict_raw.fn) == (1, 1, 1)
    assert (result.strict_weighted.tp, result.strict_weighted.fp, result.strict_weighted.fn) == (2, 10 + 2, 10)
    assert (result.contained_weighted.tp, result.contained_weighted.fn) == (2, 20)
    assert result.merged_pairs == 4 and result.spurious_pairs == 2  # a-z and b-z
    assert [p.pair for p in result.merged_distinct] == ["P4"]
    assert result.per_stratum[1]["DUP"] == (0, 1) and result.per_stratum[9]["DUP"] == (1, 1)
    assert result.strict_weighted.precision == pytest.approx(2 / 14)
    assert result.strict_weighted.recall == pytest.approx(2 / 12)


def test_chains_through_duplicate_of_count_as_one_cluster() -> None:
    clusters = clusters_from_links([("b", "a"), ("x", "b")])
    assert evaluate(clusters, LABELS, STRATA).merged_pairs == 3
