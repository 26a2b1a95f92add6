"""Scoring a run against labeled duplicate pairs, exactly as ../shared/data/README.md defines it, and the
cleaner against labeled recurring lines.

Two documents are predicted duplicates when they end in the same cluster: one is ``duplicate_of`` the other,
directly or through a chain. Views:

- **strict**: positives DUP, negatives DISTINCT; CONTAINED pairs left out.
- **containment-aware**: positives DUP and CONTAINED, negatives DISTINCT.
- **raw**: each labeled pair counts 1; predicted pairs outside the labels are not counted.
- **weighted**: a labeled pair of stratum s counts N_s / n_s (pairs of the stratum in the pairs file over labeled
  pairs of the stratum), and every predicted pair that is not in the pairs file (a *spurious* pair) counts as one
  false positive. Weighted figures estimate what happens over the whole corpus, chains included.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from dedupe.clean.learned import line_key  # the line labels key lines as learning does

Pair = tuple[str, str]


def pair_key(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def stratum_of(j5: float) -> int:
    """Decile of the exact 5-gram Jaccard: 0 for [0, 0.1) … 9 for [0.9, 1.0]."""
    return min(int(j5 * 10), 9)


@dataclass(frozen=True, slots=True)
class LabeledPair:
    pair: str
    a: str
    b: str
    label: str
    confidence: str
    stratum: int


@dataclass(frozen=True, slots=True)
class Scores:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    strict_raw: Scores
    strict_weighted: Scores
    contained_raw: Scores
    contained_weighted: Scores
    merged_pairs: int
    spurious_pairs: int
    merged_distinct: tuple[LabeledPair, ...]
    per_stratum: Mapping[int, Mapping[str, tuple[int, int]]]  # stratum -> label -> (merged, labeled)
    stratum_sizes: Mapping[int, int]


def labels_from_records(records: Iterable[Mapping]) -> list[LabeledPair]:
    """Labeled pairs from the records of saudinewsnet-dev-labels.jsonl."""
    return [LabeledPair(r["pair"], r["a"], r["b"], r["label"], r["confidence"], int(r["stratum"])) for r in records]


def pair_strata_from_records(records: Iterable[Mapping]) -> dict[Pair, int]:
    """Every pair of saudinewsnet-dev-pairs.jsonl.gz with its stratum."""
    return {pair_key(r["a"], r["b"]): stratum_of(r["j5"]) for r in records}


def clusters_from_links(links: Iterable[tuple[str, str]]) -> list[set[str]]:
    """Groups of ids joined by (id, duplicate_of) links, following chains.

    >>> sorted(map(sorted, clusters_from_links([("b", "a"), ("c", "b"), ("e", "d")])))
    [['a', 'b', 'c'], ['d', 'e']]
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for child, target in links:
        parent[find(child)] = find(target)
    groups: dict[str, set[str]] = defaultdict(set)
    for x in list(parent):
        groups[find(x)].add(x)
    return list(groups.values())


def evaluate(
    clusters: Iterable[Iterable[str]], labels: list[LabeledPair], pair_strata: Mapping[Pair, int]
) -> Evaluation:
    predicted = {pair_key(a, b) for cluster in clusters for a, b in combinations(sorted(cluster), 2)}
    sizes = Counter(pair_strata.values())
    labeled_per_stratum = Counter(p.stratum for p in labels)
    weight = {s: sizes[s] / labeled_per_stratum[s] for s in labeled_per_stratum}
    spurious = sum(1 for pair in predicted if pair not in pair_strata)

    def tally(positive: set[str], weighted: bool) -> Scores:
        tp = fp = fn = 0.0
        for p in labels:
            if p.label not in positive and p.label != "DISTINCT":
                continue
            w = weight[p.stratum] if weighted else 1.0
            merged = pair_key(p.a, p.b) in predicted
            if p.label in positive:
                tp, fn = (tp + w, fn) if merged else (tp, fn + w)
            elif merged:
                fp += w
        return Scores(tp, fp + (spurious if weighted else 0), fn)

    per_stratum: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for p in labels:
        merged, total = per_stratum[p.stratum].get(p.label, (0, 0))
        per_stratum[p.stratum][p.label] = (merged + (pair_key(p.a, p.b) in predicted), total + 1)
    return Evaluation(
        strict_raw=tally({"DUP"}, weighted=False),
        strict_weighted=tally({"DUP"}, weighted=True),
        contained_raw=tally({"DUP", "CONTAINED"}, weighted=False),
        contained_weighted=tally({"DUP", "CONTAINED"}, weighted=True),
        merged_pairs=len(predicted),
        spurious_pairs=spurious,
        merged_distinct=tuple(p for p in labels if p.label == "DISTINCT" and pair_key(p.a, p.b) in predicted),
        per_stratum={s: dict(v) for s, v in sorted(per_stratum.items())},
        stratum_sizes=dict(sorted(sizes.items())),
    )


def format_evaluation(result: Evaluation, title: str = "") -> str:
    """The table `make eval` prints."""
    lines = [title] if title else []
    lines.append(f"{'view':34} {'precision':>9} {'recall':>7} {'F1':>7} {'TP':>9} {'FP':>9} {'FN':>9}")
    for name, s in (
        ("strict, raw (labeled pairs)", result.strict_raw),
        ("strict, weighted", result.strict_weighted),
        ("containment-aware, raw", result.contained_raw),
        ("containment-aware, weighted", result.contained_weighted),
    ):
        lines.append(f"{name:34} {s.precision:9.4f} {s.recall:7.4f} {s.f1:7.4f} {s.tp:9.1f} {s.fp:9.1f} {s.fn:9.1f}")
    share = result.spurious_pairs / result.merged_pairs if result.merged_pairs else 0.0
    lines.append(
        f"merged pairs: {result.merged_pairs}; spurious (not in the pairs file): {result.spurious_pairs} ({share:.2%})"
    )
    by_confidence = Counter(p.confidence for p in result.merged_distinct)
    lines.append(
        "labeled DISTINCT pairs merged: "
        + (", ".join(f"{n} {c}" for c, n in sorted(by_confidence.items())) or "none")
        + "".join(f"\n  {p.pair} {p.a} {p.b} ({p.confidence}, stratum {p.stratum})" for p in result.merged_distinct)
    )
    lines.append("per stratum (5-gram Jaccard decile): merged / labeled")
    lines.append(f"{'stratum':>7} {'pairs':>7} {'DUP':>9} {'CONTAINED':>10} {'DISTINCT':>9}")
    for s, by_label in result.per_stratum.items():
        cells = [
            f"{by_label[k][0]}/{by_label[k][1]}" if k in by_label else "-" for k in ("DUP", "CONTAINED", "DISTINCT")
        ]
        lines.append(f"{s:>7} {result.stratum_sizes.get(s, 0):>7} {cells[0]:>9} {cells[1]:>10} {cells[2]:>9}")
    return "\n".join(lines)


# Recurring lines (saudinewsnet-dev-lines.jsonl): BOILERPLATE should leave the text, CONTENT stay in it, and
# METADATA (bylines, datelines) leave the text for the document's metadata.

LINE_LABELS = ("BOILERPLATE", "METADATA", "CONTENT")


@dataclass(frozen=True, slots=True)
class LineScores:
    """Occurrences of labeled lines in the input documents, and what became of them in the output."""

    occurrences: Mapping[str, int]  # label -> occurrences in the input of the scored documents
    kept: Mapping[str, int]  # label -> still a line of the output text
    moved: Mapping[str, int]  # label -> out of the text, found in the document's metadata

    def share(self, label: str, outcome: str) -> float:
        """Share of ``label``'s occurrences that were ``kept``, ``moved`` or ``removed`` (out of the text)."""
        total = self.occurrences.get(label, 0)
        if not total:
            return 1.0
        if outcome == "removed":
            return 1 - self.kept.get(label, 0) / total
        return getattr(self, outcome).get(label, 0) / total


def score_lines(documents: Iterable[tuple[str, str, Iterable[str]]], labels: Mapping[str, str]) -> LineScores:
    """Score (input text, output text, metadata strings) per document against ``labels`` (line key -> label).

    An occurrence is kept while the output has a line with its key left to match (each output line matches
    once), moved when it left the text and a metadata string's key is its key or a part of it (a byline moved
    without the slider text glued before it), otherwise removed.

    >>> labels = {"عين اليوم – الرياض": "METADATA", "...المزيد": "BOILERPLATE", "نص الخبر": "CONTENT"}
    >>> text = "عين اليوم – الرياض\\nنص الخبر\\n...المزيد"
    >>> scores = score_lines([(text, "نص الخبر", ["عين اليوم – الرياض"])], labels)
    >>> scores.share("BOILERPLATE", "removed"), scores.share("CONTENT", "kept"), scores.share("METADATA", "moved")
    (1.0, 1.0, 1.0)
    """
    occurrences: Counter = Counter()
    kept: Counter = Counter()
    moved: Counter = Counter()
    for original, output, metadata in documents:
        left = Counter(line_key(line) for line in output.split("\n"))
        moved_keys = {line_key(m) for m in metadata}
        for line in original.split("\n"):
            key = line_key(line)
            label = labels.get(key)
            if label is None:
                continue
            occurrences[label] += 1
            if left[key] > 0:
                left[key] -= 1
                kept[label] += 1
            elif any(m and m in key for m in moved_keys):
                moved[label] += 1
    return LineScores(dict(occurrences), dict(kept), dict(moved))


def format_line_scores(scores: LineScores) -> str:
    """The recurring-lines table `make eval` prints."""
    lines = [f"{'recurring lines':16} {'occurrences':>11} {'kept':>7} {'removed':>8} {'moved':>7}"]
    for label in LINE_LABELS:
        lines.append(
            f"{label:16} {scores.occurrences.get(label, 0):>11} {scores.share(label, 'kept'):>7.1%} "
            f"{scores.share(label, 'removed'):>8.1%} {scores.share(label, 'moved'):>7.1%}"
        )
    return "\n".join(lines)
