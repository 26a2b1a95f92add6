"""The benchmark's helpers: stage timings from a run, and the synthetic corpus generator (not timed here)."""

from __future__ import annotations

import sys

from conftest import ROOT, SAMPLES, require_shared_data

from dedupe import read_documents, run

sys.path.insert(0, str(ROOT / "scripts"))


def test_run_reports_time_per_stage_without_touching_the_outputs() -> None:
    timings: dict[str, float] = {}
    timed = run(read_documents([str(SAMPLES)]), timings=timings)
    assert set(timings) >= {"read, repair, rules, count lines", "near-duplicates", "write outputs"}
    assert all(seconds >= 0 for seconds in timings.values())
    assert timed.report == run(read_documents([str(SAMPLES)])).report


def test_synthetic_corpus_is_deterministic_and_realistic() -> None:
    from synthetic import synthetic

    corpus = require_shared_data() / "saudinewsnet-dev.jsonl.gz"
    first = list(synthetic(corpus, 300, seed=3))
    assert first == list(synthetic(corpus, 300, seed=3))
    assert first != list(synthetic(corpus, 300, seed=4))
    assert len({a["id"] for a in first}) == 300 and all(a["text"] and a["source"] for a in first)
    result = run(_documents(first))
    assert 0 < len(result.duplicates) < 100  # about one in eight is a republished copy
    assert result.report["counts"]["removals"] > 0  # furniture was injected


def _documents(articles):
    from dedupe import Document

    return [Document(a["id"], a["text"], {"source": a["source"]}) for a in articles]
