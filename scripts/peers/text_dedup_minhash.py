"""text-dedup's MinHash + LSH deduplication (its `text_dedup.minhash` command), for `make bench-peers`.

Runs inside the peers' own environment (scripts/bench_peers.py makes it), never in dedupe's. Usage:
python text_dedup_minhash.py CORPUS.jsonl.gz WORK_FOLDER WORKERS. Settings as the textbook reference of
`make bench`: word 5-grams, 128 permutations, threshold 0.8 (and its faster xxh3 hash). Prints the number of
documents kept as the last line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    corpus, work, workers = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    command = [sys.executable, "-m", "text_dedup.minhash", "--path", "json", "--data_files", corpus]
    command += ["--split", "train", "--column", "text", "--output", str(work / "kept")]
    command += ["--cache_dir", str(work / "cache"), "--num_proc", workers]
    command += ["--ngram", "5", "--num_perm", "128", "--threshold", "0.8", "--hash_func", "xxh3"]
    subprocess.run(command, check=True)
    from datasets import load_from_disk

    print(len(load_from_disk(str(work / "kept"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
