"""datatrove's document-level MinHash deduplication (its four stages, run locally), for `make bench-peers`.

Runs inside the peers' own environment (scripts/bench_peers.py makes it), never in dedupe's. Usage:
python datatrove_minhash.py SHARDS_FOLDER WORK_FOLDER WORKERS. The input is a folder of JSONL shards (one task
per shard: datatrove parallelizes over files); prints the number of documents kept as the last line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers.jsonl import JsonlWriter
from datatrove.utils.typeshelper import Languages


def main() -> int:
    shards, work, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    tasks = len(list(shards.glob("*.jsonl.gz")))
    config = MinhashConfig()  # its defaults: word 5-grams, 14 bands of 8 hashes

    def reader() -> JsonlReader:
        return JsonlReader(str(shards), glob_pattern="*.jsonl.gz", text_key="text", id_key="id")

    def run(pipeline: list, tasks: int, name: str) -> None:
        LocalPipelineExecutor(
            pipeline=pipeline, tasks=tasks, workers=min(workers, tasks), logging_dir=str(work / "logs" / name)
        ).run()

    signing = MinhashDedupSignature(output_folder=str(work / "signatures"), config=config, language=Languages.arabic)
    run([reader(), signing], tasks, "signatures")
    buckets = MinhashDedupBuckets(
        input_folder=str(work / "signatures"), output_folder=str(work / "buckets"), config=config
    )
    run([buckets], config.num_buckets, "buckets")
    clusters = MinhashDedupCluster(
        input_folder=str(work / "buckets"), output_folder=str(work / "remove"), config=config
    )
    run([clusters], 1, "clusters")
    run(
        [reader(), MinhashDedupFilter(input_folder=str(work / "remove")), JsonlWriter(str(work / "kept"))],
        tasks,
        "filter",
    )
    print(sum(1 for path in (work / "kept").glob("*.jsonl.gz") for _ in _lines(path)))
    return 0


def _lines(path: Path):
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        yield from handle


if __name__ == "__main__":
    sys.exit(main())
