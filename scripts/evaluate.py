"""`make eval`: run the pipeline with the default configuration on the dev corpus and score it.

Usage: python scripts/evaluate.py [--data ../shared/data] [--out out-eval] [--config FILE]
Prints precision, recall and F1 as ../shared/data/README.md defines them. Exits 0 with a message when the data
is absent, so `make eval` works on any checkout.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dedupe import load_config, read_documents, run_to_directory
from dedupe.evaluation import (
    clusters_from_links,
    evaluate,
    format_evaluation,
    labels_from_records,
    pair_strata_from_records,
)
from dedupe.io import read_jsonl_records


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
    config = load_config(args.config)
    started = time.perf_counter()
    report = run_to_directory(
        read_documents([str(corpus)]), args.out, config, progress=sys.stderr.isatty(), inputs=[str(corpus)]
    )
    elapsed = time.perf_counter() - started
    links = [(r["id"], r["duplicate_of"]) for r in read_jsonl_records(Path(args.out) / "duplicates.jsonl")]
    labels = labels_from_records(read_jsonl_records(data / "saudinewsnet-dev-labels.jsonl"))
    strata = pair_strata_from_records(read_jsonl_records(data / "saudinewsnet-dev-pairs.jsonl.gz"))
    result = evaluate(clusters_from_links(links), labels, strata)
    counts = report["counts"]
    title = (
        f"dev corpus: {counts['input']} documents, {counts['kept']} kept, {counts['duplicates']} duplicates, "
        f"{counts['rejected']} rejected; {elapsed:.0f} s; config: {args.config or 'defaults'}"
    )
    print(format_evaluation(result, title))
    return 0


if __name__ == "__main__":
    sys.exit(main())
