"""`make bench-peers`: the document-level MinHash deduplication of datatrove and of text-dedup, timed on the
corpora of `make bench`, beside dedupe's full pipeline.

Usage: python scripts/bench_peers.py [--data ../shared/data] [--sizes 100000 ...] [--out out-bench]
                                     [--envs .venv-peers]

Each peer is installed into an environment of its own under --envs (made on first use; pinned versions below),
never into dedupe's, and runs from a small script in scripts/peers/ inside that environment. Every measurement
is a child process of its own: wall time includes start-up, and the peak is that of the largest process
(workers included). datatrove parallelizes over input files, so the corpus is first split into one shard per
core (not timed); text-dedup reads the corpus as it is. A peer that cannot be installed is reported and skipped.
Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEERS = Path(__file__).resolve().parent / "peers"

# What each peer's environment gets, in order (pip arguments). datatrove's MinHash needs its optional readers'
# and tokenizers' packages (spacy for the Arabic word tokenizer); xxhash below 3.6 still hashes str. text-dedup
# 0.4.0 asks for pyspark, unisim and sphinx on install, none of which its MinHash script uses: it is installed
# without them, beside what that script imports.
INSTALLS = {
    "datatrove": [["datatrove==0.10.1", "orjson", "regex", "xxhash<3.6", "tokenizers", "spacy"]],
    "text-dedup": [
        ["datasets", "numpy", "scipy", "xxhash", "regex", "tqdm", "click<9", "click-option-group<0.6", "rich<14"]
        + ["fire<0.7", "ftfy", "bitarray", "psutil", "zstandard"],
        ["--no-deps", "text-dedup==0.4.0"],
    ],
}


def environment(envs: Path, peer: str) -> Path | None:
    """The peer's Python, its environment made and installed when missing; None (said why) when that fails."""
    home = envs / peer
    python = home / "bin" / "python"
    stamp = home / ".installed"
    if stamp.exists() and stamp.read_text() == json.dumps(INSTALLS[peer]):
        return python
    print(f"installing {peer} into {home} ...", file=sys.stderr, flush=True)
    shutil.rmtree(home, ignore_errors=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True, capture_output=True, text=True)
        for arguments in INSTALLS[peer]:
            pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *arguments]
            subprocess.run(pip, check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as error:
        lines = (error.stderr or error.stdout or "").strip().splitlines()
        print(f"{peer} could not be installed, skipped: {lines[-1] if lines else error}", file=sys.stderr)
        return None
    stamp.write_text(json.dumps(INSTALLS[peer]))
    return python


def shards(corpus: Path, folder: Path, count: int) -> Path:
    """The corpus split into ``count`` gzip JSONL shards of consecutive documents (id and text only)."""
    if folder.exists():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        total = sum(1 for _ in handle)
    per_shard = -(-total // count)
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for k in range(count):
            with gzip.open(partial / f"shard-{k:03d}.jsonl.gz", "wt", encoding="utf-8") as out:
                for _, line in zip(range(per_shard), handle, strict=False):
                    record = json.loads(line)
                    out.write(json.dumps({"id": record["id"], "text": record["text"]}, ensure_ascii=False) + "\n")
    partial.rename(folder)
    return folder


def measured(command: list[str], log: Path) -> dict:
    """Run ``command`` in a child that reports its wall time and the peak of its largest process."""
    result = subprocess.run(
        [sys.executable, __file__, "--measure", str(log), "--", *command], check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(log: Path, command: list[str]) -> dict:
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as handle:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=handle, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        return {"error": f"exit {done.returncode}; see {log}"}
    kept = int(done.stdout.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall": wall, "kept": kept, "peak_mib": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--sizes", nargs="*", type=int, default=[])
    parser.add_argument("--out", default=str(ROOT / "out-bench"))
    parser.add_argument("--envs", default=str(ROOT / ".venv-peers"))
    parser.add_argument("--measure", nargs=1, metavar="LOG", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.command)))
        return 0
    dev = Path(args.data) / "saudinewsnet-dev.jsonl.gz"
    if not dev.exists():
        print(f"bench-peers skipped: {dev} not found (the evaluation data lives in ../shared/data)")
        return 0
    out, workers = Path(args.out), os.cpu_count() or 1
    corpora = [("dev corpus", dev)]
    for size in args.sizes:
        path = out / f"synthetic-{size}.jsonl.gz"
        if not path.exists():
            print(f"{path} is missing: `make bench SIZES={size}` makes it", file=sys.stderr)
            return 1
        corpora.append((f"synthetic {size:,}", path))
    pythons = {peer: environment(Path(args.envs), peer) for peer in INSTALLS}
    print(f"{workers} cores, {workers} workers each; wall includes start-up; documents per second over that wall\n")
    print("| corpus | tool | documents | kept | wall s | docs/s | peak MiB (largest process) | dedupe's speed-up |")
    print("|---|---|---|---|---|---|---|---|")
    for name, corpus in corpora:
        work = out / "peers" / corpus.name.removesuffix(".jsonl.gz")
        work.mkdir(parents=True, exist_ok=True)
        ours = bench_pipeline(corpus, work / "dedupe")
        documents = ours["documents"]
        rate = documents / ours["process_wall"]
        print(
            f"| {name} | dedupe (everything) | {documents:,} | {ours['kept']:,} | {ours['process_wall']:.1f} | "
            f"{rate:,.0f} | {max(ours['peak_mib'], ours['worker_peak_mib']):,.0f} | |",
            flush=True,
        )
        for peer, python in pythons.items():
            if python is None:
                continue
            result = measured(peer_command(peer, python, corpus, work, workers), work / f"{peer}.log")
            if "error" in result:
                print(f"| {name} | {peer} (MinHash only) | failed: {result['error']} |", flush=True)
                continue
            peer_rate = documents / result["wall"]
            print(
                f"| {name} | {peer} (document MinHash only) | {documents:,} | {result['kept']:,} | "
                f"{result['wall']:.1f} | {peer_rate:,.0f} | {result['peak_mib']:,.0f} | {rate / peer_rate:.2f}× |",
                flush=True,
            )
    return 0


def peer_command(peer: str, python: Path, corpus: Path, work: Path, workers: int) -> list[str]:
    """How to run ``peer`` on ``corpus`` with ``workers`` processes, in a fresh folder of ``work``."""
    if peer == "datatrove":
        source = shards(corpus, work / f"shards-{workers}", workers)
        script = PEERS / "datatrove_minhash.py"
    else:
        source, script = corpus, PEERS / "text_dedup_minhash.py"
    return [str(python), str(script), str(source), str(_fresh(work / peer)), str(workers)]


def bench_pipeline(corpus: Path, out: Path) -> dict:
    """dedupe's full pipeline on ``corpus``, measured as `make bench` measures it (its child process)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--child", "pipeline", str(corpus), str(out), "0"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    ours = json.loads(result.stdout.strip().splitlines()[-1])
    ours["process_wall"] = time.perf_counter() - started
    return ours


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


if __name__ == "__main__":
    sys.exit(main())
