"""`make bench`: wall time, documents per second, peak memory and time per stage of the full pipeline, beside the
textbook datasketch pipeline on the same corpus.

Usage: python scripts/bench.py [--data ../shared/data] [--sizes 100000 300000 1000000] [--out out-bench]

Corpora: the dev corpus (../shared/data/saudinewsnet-dev.jsonl.gz), then one synthetic corpus per size in
--sizes (scripts/synthetic.py; made into --out, never stored in the repository). Each measurement runs in a
child process of its own, so its peak resident memory is its own. The reference is the textbook use of
datasketch at document level only: a MinHash per document (128 permutations), `update` per word 5-gram, and a
MinHashLSH (threshold 0.8) queried and filled document by document; on a corpus larger than --reference-docs
(20,000) it times only that many first documents (its rate per document barely changes with size, and the
whole 1M would take hours). The pipeline runs with the CLI's default `--jobs` (all cores). Prints a table,
then the issue's Python-level floor on the dev corpus (read, split, hash word 5-grams; one core: what the issue
counts as the least any pure-Python pipeline does), then the stages; exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure_pipeline(corpus: Path, out: Path) -> dict:
    from dedupe import read_documents, run_to_directory

    timings: dict[str, float] = {}
    started = time.perf_counter()
    report = run_to_directory(
        read_documents([str(corpus)]), out, timings=timings, inputs=[str(corpus)], jobs=os.cpu_count() or 1
    )
    wall = time.perf_counter() - started
    return {"documents": report["counts"]["input"], "kept": report["counts"]["kept"], "wall": wall, "stages": timings}


def word_5grams(text: str) -> list[str]:
    """The shingles of the reference and of the floor: a text's word 5-grams (the whole text when shorter)."""
    words = text.split()
    return [" ".join(words[k : k + 5]) for k in range(max(1, len(words) - 4))]


def measure_reference(corpus: Path, limit: int) -> dict:
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    documents = duplicates = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            if documents >= limit:
                break
            record = json.loads(line)
            sketch = MinHash(num_perm=128)
            for shingle in word_5grams(record["text"]):
                sketch.update(shingle.encode("utf-8"))
            if lsh.query(sketch):
                duplicates += 1
            lsh.insert(record["id"], sketch)
            documents += 1
    return {"documents": documents, "wall": time.perf_counter() - started, "duplicates": duplicates}


def measure_floor(corpus: Path) -> dict:
    """The issue's Python-level floor, for scale: read each line, split the text into words and hash its word
    5-grams into a set (Python's own string hash), on one core; nothing else."""
    started = time.perf_counter()
    documents = shingles = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            shingles += len(set(map(hash, word_5grams(json.loads(line)["text"]))))
            documents += 1
    return {"documents": documents, "shingles": shingles, "wall": time.perf_counter() - started}


def child(kind: str, corpus: Path, out: Path, limit: int = 0) -> dict:
    """Run one measurement in a child process; returns its result with its peak resident memory (MiB)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(corpus), str(out), str(limit)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    measured["process_wall"] = time.perf_counter() - started  # start-up included
    return measured


def row(name: str, ours: dict, reference: dict) -> str:
    rate = ours["documents"] / ours["process_wall"]
    reference_rate = reference["documents"] / reference["process_wall"]
    return (
        f"| {name} | {ours['documents']:,} | {ours['process_wall']:.1f} | {rate:,.0f} | {ours['peak_mib']:,.0f} / "
        f"{ours['worker_peak_mib']:,.0f} | "
        f"{reference_rate:,.0f} | {reference['peak_mib']:,.0f} | {rate / reference_rate:.2f}× |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--sizes", nargs="*", type=int, default=[])
    parser.add_argument("--out", default=str(ROOT / "out-bench"))
    parser.add_argument("--reference-docs", type=int, default=20_000)
    parser.add_argument("--child", nargs=4, metavar=("KIND", "CORPUS", "OUT", "LIMIT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, corpus, out, limit = args.child
        if kind == "pipeline":
            result = measure_pipeline(Path(corpus), Path(out))
        elif kind == "floor":
            result = measure_floor(Path(corpus))
        else:
            result = measure_reference(Path(corpus), int(limit))
        result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["worker_peak_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    dev = Path(args.data) / "saudinewsnet-dev.jsonl.gz"
    if not dev.exists():
        print(f"bench skipped: {dev} not found (the evaluation data lives in ../shared/data)")
        return 0
    out = Path(args.out)
    corpora = [("dev corpus", dev)]
    for size in args.sizes:
        path = out / f"synthetic-{size}.jsonl.gz"
        if not path.exists():  # made under another name first: an interrupted run leaves no truncated corpus
            print(f"making {path} ...", file=sys.stderr)
            partial = path.with_name(f".{path.name}.partial")
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "synthetic.py"), str(dev), str(size), str(partial)], check=True
            )
            partial.rename(path)
        corpora.append((f"synthetic {size:,}", path))
    print(f"{os.cpu_count()} cores; wall includes start-up; documents per second over that wall\n")
    print(
        "| corpus | documents | wall s | docs/s | peak MiB (main / largest worker) | textbook datasketch docs/s "
        f"(first {args.reference_docs:,} documents at most) | its peak MiB | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    stages = []
    for name, corpus in corpora:
        ours = child("pipeline", corpus, out / f"run-{corpus.stem}")
        reference = child("reference", corpus, out, args.reference_docs)
        print(row(name, ours, reference), flush=True)
        print(_stages(name, ours["stages"]), file=sys.stderr, flush=True)  # now, in case a later corpus fails
        stages.append((name, ours["stages"]))
    floor = child("floor", dev, out)
    print(
        f"\nPython-level floor on the dev corpus (read, split, hash word 5-grams into a set; one core, no pipeline): "
        f"{floor['documents'] / floor['wall']:,.0f} docs/s"
    )
    for name, laps in stages:
        print(_stages(name, laps))
    return 0


def _stages(name: str, laps: dict[str, float]) -> str:
    return f"\nstages, {name}:\n" + "".join(f"  {stage:48} {seconds:8.1f} s\n" for stage, seconds in laps.items())


if __name__ == "__main__":
    sys.exit(main())
