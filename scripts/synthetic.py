"""Synthetic news corpora of any size, made deterministically from a real one (for `make bench`).

Each synthetic article mixes three to six paragraphs of different real articles of one source, in a new order,
with about one word in twelve replaced by another of the corpus's words, so that articles are distinct the way
real ones are. Around them, like a crawl: one article in eight is a republished copy of an earlier synthetic one
(a paragraph dropped, words edited, a number changed), and one in ten carries furniture (an SMS footer, a
"...المزيد" link, a slider's "Next Previous"). The output is JSONL (id, source, text); it is made, not stored:
the real corpus's licence allows research use only.

A large corpus is a run of slices of ``SLICE`` (100,000) articles, each with its own spelling of the words: in
slice k > 0, every word of four or more Arabic letters that is not among the corpus's ``COMMON`` most frequent
gets two letters of its own appended (the same two for the whole slice). Without it every real paragraph would
recur in about N / 15,000 articles (75 near-copies each at a million), which no news corpus does, and the size
of every family of repeats (and the work on it) would grow with N. With it, a million articles hold ten slices
as dense in repeats as the 100,000 one, as a crawl of ten times the time span would; republished copies may
still cross a slice boundary. The first slice is spelled as read, so the 100,000 corpus is unchanged.

Usage: python scripts/synthetic.py SOURCE.jsonl.gz N OUT.jsonl.gz [--seed 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

FURNITURE = (
    "\nللتواصل مع الكاتب ارسل رسالة SMS\nتبدأ بالرمز (136) ثم مسافة ثم نص الرسالة إلى\n88591 - Stc",
    "\n...المزيد",
    "Next Previous ",
)


SLICE = 100_000
COMMON = 500
# Letters that the matching view keeps as they are (no folding), two per slice: 400 slices, 40M articles.
SUFFIX_LETTERS = "بتثجحخدذرزسشصضطظعغقك"
ARABIC_WORD = re.compile(r"[\u0621-\u064a]{4,}")


def _paragraphs(path: Path) -> tuple[dict[str, list[str]], list[str], set[str]]:
    by_source: dict[str, list[str]] = defaultdict(list)
    vocabulary: list[str] = []
    counts: Counter = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            paragraphs = [p for p in record["text"].split("\n") if len(p.split()) >= 8]
            by_source[record.get("source") or ""].extend(paragraphs)
            counts.update(ARABIC_WORD.findall(record["text"]))
            if len(vocabulary) < 200_000:
                vocabulary.extend(record["text"].split()[:40])
    common = {word for word, _ in counts.most_common(COMMON)}
    return dict(sorted(by_source.items())), vocabulary, common


def _respell(text: str, index: int, common: set[str]) -> str:
    """The text as slice ``index // SLICE`` spells it (the first slice: unchanged)."""
    k = index // SLICE
    if k == 0:
        return text
    if k > len(SUFFIX_LETTERS) ** 2:
        raise ValueError(f"at most {len(SUFFIX_LETTERS) ** 2 * SLICE} articles")
    suffix = SUFFIX_LETTERS[(k - 1) // len(SUFFIX_LETTERS)] + SUFFIX_LETTERS[(k - 1) % len(SUFFIX_LETTERS)]
    return ARABIC_WORD.sub(lambda m: m[0] if m[0] in common else m[0] + suffix, text)


def _edit(text: str, rng: random.Random, vocabulary: list[str], rate: float) -> str:
    words = text.split(" ")
    for k in range(len(words)):
        if rng.random() < rate:
            words[k] = rng.choice(vocabulary)
    return " ".join(words)


def synthetic(path: Path, n: int, seed: int = 1) -> Iterator[dict[str, str]]:
    """``n`` synthetic articles made from the corpus at ``path``; the same arguments give the same articles."""
    by_source, vocabulary, common = _paragraphs(path)
    sources = [s for s, paragraphs in by_source.items() if len(paragraphs) >= 20]
    rng = random.Random(seed)
    recent: list[dict[str, str]] = []
    for i in range(n):
        if recent and rng.random() < 0.125:
            original = rng.choice(recent)
            paragraphs = original["text"].split("\n")
            if len(paragraphs) > 2:
                paragraphs.pop(rng.randrange(len(paragraphs)))
            text = _edit("\n".join(paragraphs), rng, vocabulary, 0.02)
            source = rng.choice(sources)
        else:
            source = rng.choice(sources)
            pool = by_source[source]
            text = "\n".join(_edit(rng.choice(pool), rng, vocabulary, 1 / 12) for _ in range(rng.randint(3, 6)))
            text = _respell(text, i, common)
        if rng.random() < 0.1:
            furniture = rng.choice(FURNITURE)
            text = furniture + text if furniture.startswith("Next") else text + furniture
        article = {"id": f"syn-{i:07d}", "source": source, "text": text}
        recent.append(article)
        if len(recent) > 2000:
            recent.pop(0)
        yield article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.source.exists():
        print(f"synthetic: {args.source} not found", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as raw:
        for article in synthetic(args.source, args.n, args.seed):
            raw.write((json.dumps(article, ensure_ascii=False) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
