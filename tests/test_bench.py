"""The benchmark's helpers: stage timings from a run, and the synthetic corpus generator (not timed here)."""

from __future__ import annotations

import sys

from conftest import ROOT, SAMPLES, require_shared_data
from hypothesis import given
from hypothesis import strategies as st

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


def test_each_slice_of_a_large_synthetic_corpus_has_its_own_spelling(monkeypatch) -> None:
    import synthetic

    corpus = require_shared_data() / "saudinewsnet-dev.jsonl.gz"
    monkeypatch.setattr(synthetic, "SLICE", 100)
    articles = list(synthetic.synthetic(corpus, 300, seed=3))
    _, _, common = synthetic._paragraphs(corpus)
    assert len(common) == synthetic.COMMON
    text = "قال الوزير إن المشروع سيكتمل في ٢٠٢٠"
    assert synthetic._respell(text, 99, common) == text
    first, second = synthetic._respell(text, 100, common), synthetic._respell(text, 200, common)
    assert first != second and first.split()[0] == "قال"  # short and common words as they are
    assert len(first) - len(text) == 2 * len([w for w in synthetic.ARABIC_WORD.findall(text) if w not in common])
    # A new article of a later slice shares no uncommon long word with the first slice's articles.
    words = [set(synthetic.ARABIC_WORD.findall(a["text"])) - common for a in articles]
    early = set().union(*words[:100])
    fresh = [k for k in range(200, 300) if not words[k] & early]
    assert len(fresh) > 80  # the others are republished copies of recent articles across the boundary
    result = run(_documents(articles))
    assert 0 < len(result.duplicates) < 100


def _documents(articles):
    from dedupe import Document

    return [Document(a["id"], a["text"], {"source": a["source"]}) for a in articles]


def test_output_is_the_same_for_any_number_of_jobs(tmp_path) -> None:
    from test_schemas import CORPUS

    from dedupe import DedupeConfig, run_to_directory
    from dedupe.config import NearDuplicatesConfig

    config = DedupeConfig(near_duplicates=NearDuplicatesConfig(min_words=5))
    documents = list(read_documents([str(SAMPLES)])) + CORPUS
    outputs = {}
    for jobs in (1, 2, 3):
        run_to_directory(documents, tmp_path / str(jobs), config, jobs=jobs)
        outputs[jobs] = {p.name: p.read_bytes() for p in sorted((tmp_path / str(jobs)).iterdir())}
    assert outputs[1] == outputs[2] == outputs[3]
    assert len(outputs[1]) == 6


def test_many_parts_give_the_same_output_for_any_number_of_jobs_and_in_memory(tmp_path, monkeypatch) -> None:
    # Five parts of real articles, with pairs whose number conflicts the workers check in blocks.
    import json
    from itertools import islice

    import dedupe.pipeline
    from dedupe import run_to_directory
    from dedupe.pipeline import PART_SIZE

    corpus = require_shared_data() / "saudinewsnet-dev.jsonl.gz"
    documents = list(islice(read_documents([str(corpus)]), 4 * PART_SIZE + 100))
    outputs = {}
    for jobs in (1, 2):
        report = run_to_directory(documents, tmp_path / str(jobs), jobs=jobs)
        outputs[jobs] = {p.name: p.read_bytes() for p in sorted((tmp_path / str(jobs)).iterdir())}
    assert outputs[1] == outputs[2]
    assert report["counts"]["duplicates"] > 0 and report["counts"]["repeated_paragraph_groups"] > 0
    monkeypatch.setattr(dedupe.pipeline, "STAR_ROWS", 16)  # the workers star many small blocks of components
    monkeypatch.setattr(dedupe.pipeline, "PAIR_BLOCK", 7)  # and write pairs.jsonl in many small blocks
    run_to_directory(documents, tmp_path / "blocks", jobs=2)
    assert {p.name: p.read_bytes() for p in sorted((tmp_path / "blocks").iterdir())} == outputs[1]
    pairs = [json.loads(line) for line in outputs[1]["pairs.jsonl"].decode().splitlines()]
    assert any(p["number_conflicts"] for p in pairs)
    in_memory = run(documents, jobs=2)
    assert in_memory.pairs == pairs
    assert in_memory.kept == [json.loads(line) for line in outputs[1]["corpus.jsonl"].decode().splitlines()]
    assert in_memory.report["counts"] == report["counts"]


WORDS = ["اعلنت", "الوزارة", "ضبط", "من", "المطلوبين", "في", "19", "44", "3.5", "3000", "٣", "و20", "2015م", "آلاف"]


@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=30), min_size=2, max_size=4))
def test_number_conflicts_from_stored_facts_equal_those_of_the_tokens(documents: list[list[str]]) -> None:
    """What stage 4 uses (each document's facts made in the worker, kept in a FactStore on disk, read back by the
    main process or by workers) against verify.number_conflicts of the texts' fact tokens."""
    from dedupe.io import FactStore
    from dedupe.normalize import fact_tokens, fact_tokens_and_hashes
    from dedupe.pipeline import _spread_conflicts
    from dedupe.verify import Facts, fact_conflicts, number_conflicts
    from dedupe.workers import Workers

    texts = [" ".join(words) for words in documents]
    hashes, tokens = fact_tokens_and_hashes(texts)
    with FactStore() as store:
        for k in range(len(texts)):
            store.append(Facts.of(hashes.of(k), tokens[k]))
        pairs = [(a, b) for a in range(len(texts)) for b in range(len(texts))]
        expected = [number_conflicts(fact_tokens(texts[a]), fact_tokens(texts[b])) for a, b in pairs]
        assert [fact_conflicts(store[a], store[b]) for a, b in pairs] == expected
        # and as the workers find them, reading the store's files by path
        assert _spread_conflicts(store, Workers(1), pairs) == expected


def test_a_conflict_is_found_from_stored_facts() -> None:
    from dedupe.normalize import fact_tokens_and_hashes
    from dedupe.verify import Facts, fact_conflicts

    texts = ["اعلنت الوزارة ضبط 19 من المطلوبين في المنطقة", "اعلنت الوزارة ضبط 44 من المطلوبين في المنطقة"]
    hashes, tokens = fact_tokens_and_hashes(texts)
    a, b = (Facts.of(hashes.of(k), tokens[k]) for k in range(2))
    assert (fact_conflicts(a, b), fact_conflicts(a, a)) == (1, 0)


def test_floor_reads_every_document(tmp_path) -> None:
    """The floor the bench prints beside the table goes over the whole corpus, short texts included."""
    import gzip
    import json

    from bench import measure_floor

    corpus = tmp_path / "c.jsonl.gz"
    texts = ["قال الوزير إن المشروع سيكتمل في العام المقبل", "", "كلمة"]
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"id": str(k), "text": t}, ensure_ascii=False) + "\n" for k, t in enumerate(texts))
    measured = measure_floor(corpus)
    assert (measured["documents"], measured["shingles"]) == (3, 4 + 1 + 1)  # eight words: four 5-grams
    assert measured["wall"] >= 0
