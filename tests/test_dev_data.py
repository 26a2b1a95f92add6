"""The whole run on real news: the labeled documents of the Saudi dev corpus (skipped without ../shared/data)."""

from __future__ import annotations

import gzip
import json
from itertools import pairwise

import pytest
from conftest import require_shared_data

from dedupe import Document, run


@pytest.fixture(scope="module")
def labeled_run():
    data = require_shared_data()
    pairs = [json.loads(line) for line in (data / "saudinewsnet-dev-labels.jsonl").open(encoding="utf-8")]
    wanted = {p["a"] for p in pairs} | {p["b"] for p in pairs}
    documents = []
    with gzip.open(data / "saudinewsnet-dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in wanted:
                fields = {k: v for k, v in record.items() if k not in ("id", "text")}
                documents.append(Document(record["id"], record["text"], fields))
    return documents, pairs, run(documents)


def test_every_document_ends_in_exactly_one_output(labeled_run) -> None:
    documents, _, result = labeled_run
    outputs = [d["id"] for d in result.kept + result.duplicates + result.rejected]
    assert sorted(outputs) == sorted(d.id for d in documents)
    kept = {d["id"] for d in result.kept}
    assert all(d["duplicate_of"] in kept for d in result.duplicates)
    assert all(d["reason"] for d in result.rejected)


def test_removals_point_into_the_original(labeled_run) -> None:
    documents, _, result = labeled_run
    originals = {d.id: d.text for d in documents}
    for doc in result.report["documents"]:
        for removal in doc["removals"]:
            assert originals[doc["id"]][removal["start"] : removal["end"]] == removal["text"]
        spans = [(r["start"], r["end"]) for r in doc["removals"]]
        assert all(end <= start for (_, end), (start, _) in pairwise(spans)), doc["id"]


def test_exact_republications_are_merged_and_passthrough_fields_kept(labeled_run) -> None:
    _, pairs, result = labeled_run
    root = {d["id"]: d["duplicate_of"] for d in result.duplicates}
    verbatim = [p for p in pairs if p["label"] == "DUP" and p["j5"] >= 0.9]
    assert verbatim
    assert all(root.get(p["a"], p["a"]) == root.get(p["b"], p["b"]) for p in verbatim)
    assert all({"source", "url", "date", "title"} <= set(d) for d in result.kept)
