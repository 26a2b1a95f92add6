"""`make eval`: run the pipeline on the dev corpus and score it on the labeled pairs.

Usage: python scripts/evaluate.py [--data ../shared/data] [--out out-eval] [--config FILE]

Two runs: the configuration as given (defaults: contained documents kept and reported), and the same with
near_duplicates.drop_contained = true, for the containment-aware figures. Prints precision, recall and F1
exactly as ../shared/data/README.md defines them, and for the first run what the cleaner did to the labeled
recurring lines (saudinewsnet-dev-lines.jsonl) in the kept documents. Exits 0 with a message when the data is absent, so
`make eval` works on any checkout.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from dedupe import DedupeConfig, load_config, read_documents, run_to_directory
from dedupe.config import with_overrides
from dedupe.evaluation import (
    Evaluation,
    LineScores,
    clusters_from_links,
    evaluate,
    format_evaluation,
    format_line_scores,
    labels_from_records,
    line_key,
    pair_strata_from_records,
    score_lines,
)
from dedupe.io import read_jsonl_records


def evaluate_run(corpus: Path, out: Path, config: DedupeConfig, labels, strata) -> tuple[Evaluation, str]:
    started = time.perf_counter()
    report = run_to_directory(
        read_documents([str(corpus)]),
        out,
        config,
        progress=sys.stderr.isatty(),
        inputs=[str(corpus)],
        jobs=os.cpu_count() or 1,  # the outputs are the same for any number of workers
    )
    elapsed = time.perf_counter() - started
    links = [(r["id"], r["duplicate_of"]) for r in read_jsonl_records(out / "duplicates.jsonl")]
    c = report["counts"]
    summary = (
        f"{c['input']} documents, {c['kept']} kept, {c['duplicates']} dropped, {c['rejected']} rejected, "
        f"{c['contained']} contained; {elapsed:.0f} s"
    )
    return evaluate(clusters_from_links(links), labels, strata), summary


def score_kept_lines(corpus: Path, out: Path, config: DedupeConfig, line_labels: dict[str, str]) -> LineScores:
    """The labeled recurring lines in the kept documents: input text against output text and metadata."""
    kept = {r["id"]: r for r in read_jsonl_records(out / "corpus.jsonl")}
    originals = ((d.id, d.text) for d in read_documents([str(corpus)], config.input.id_field, config.input.text_field))
    return score_lines(
        ((text, kept[i]["text"], kept[i].get("bylines", [])) for i, text in originals if i in kept), line_labels
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data"))
    parser.add_argument("--out", default="out-eval")
    parser.add_argument("--config", default=None)
    args = parser.parse_args()
    data = Path(args.data)
    corpus = data / "saudinewsnet-dev.jsonl.gz"
    if not corpus.exists():
        print(f"eval skipped: {corpus} not found (the evaluation data lives in ../shared/data)")
        return 0
    labels = labels_from_records(read_jsonl_records(data / "saudinewsnet-dev-labels.jsonl"))
    strata = pair_strata_from_records(read_jsonl_records(data / "saudinewsnet-dev-pairs.jsonl.gz"))
    lines_file = data / "saudinewsnet-dev-lines.jsonl"
    line_labels = {}
    if lines_file.exists():
        line_labels = {line_key(r["key"]): r["label"] for r in read_jsonl_records(lines_file)}
    config = load_config(args.config)
    runs = [("", config)]
    if not config.near_duplicates.drop_contained:
        runs.append(("-contained", with_overrides(config, {"near_duplicates": {"drop_contained": True}})))
    for suffix, run_config in runs:
        result, summary = evaluate_run(corpus, Path(args.out + suffix), run_config, labels, strata)
        mode = "dropped" if run_config.near_duplicates.drop_contained else "kept and reported"
        print(f"dev corpus, config {args.config or 'defaults'}, contained documents {mode}: {summary}")
        print(format_evaluation(result))
        if line_labels and suffix == "":
            print(format_line_scores(score_kept_lines(corpus, Path(args.out), run_config, line_labels)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
