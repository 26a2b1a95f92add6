"""`dedupe explain OUT ID [ID2]`: why a document was kept, dropped, cut or merged, read back from a run's output.

For one id: where the document ended, every removal with its rule and span, what moved to its bylines, what the
guard withheld, its cluster and containments. For two ids: every score computed between them (pairs.jsonl),
each compared with the threshold it met or missed, and the relation that followed; or why they were never
compared.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dedupe.config import NearDuplicatesConfig
from dedupe.errors import InputError
from dedupe.io import read_jsonl_records, read_text
from dedupe.verify import decide

OUTPUTS = {"corpus.jsonl": "kept", "duplicates.jsonl": "duplicate", "rejected.jsonl": "rejected"}
EXCERPT = 70
# The [near_duplicates] keys verify.decide reads.
THRESHOLDS = ("min_shared", "min_containment", "min_coverage", "number_veto_below")


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _scores(s: Mapping[str, Any]) -> str:
    return (
        f"shared {s['shared']}, containment {s['containment']:.3f}, coverage {s['coverage']:.3f}, "
        f"jaccard {s['jaccard']:.3f}, number conflicts {s['number_conflicts']}"
    )


def decision(scores: Mapping[str, Any], config: Mapping[str, Any]) -> list[str]:
    """Each threshold of [near_duplicates] a pair's scores met or missed, in the order verify.py applies them,
    ending with the relation verify.decide gives.

    >>> config = {"min_shared": 3, "min_containment": 0.5, "min_coverage": 0.5, "contained_min": 0.6,
    ...           "number_veto_below": 0.6}
    >>> scores = {"shared": 12, "containment": 0.9, "coverage": 0.3, "jaccard": 0.28, "number_conflicts": 0}
    >>> decision(scores, config)[-1]
    'so: contained (reported, and dropped with drop_contained, since containment 0.900 ≥ contained_min 0.6)'
    """

    def check(name: str, value: float, minimum: float) -> bool:
        met = value >= minimum
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        lines.append(f"{name} {shown} {'≥' if met else '<'} {_key(name)} {minimum}")
        return met

    lines: list[str] = []
    if check("shared", scores["shared"], config["min_shared"]) and check(
        "containment", scores["containment"], config["min_containment"]
    ):
        check("coverage", scores["coverage"], config["min_coverage"])
        if scores["number_conflicts"] and scores["jaccard"] < config["number_veto_below"]:
            lines.append(
                f"{scores['number_conflicts']} number conflict(s) and jaccard {scores['jaccard']:.3f} < "
                f"number_veto_below {config['number_veto_below']}: vetoed"
            )
        elif scores["number_conflicts"]:
            lines.append(f"number conflicts ignored: jaccard {scores['jaccard']:.3f} ≥ number_veto_below")
    thresholds = NearDuplicatesConfig(**{key: config[key] for key in THRESHOLDS})
    relation = decide(
        scores["shared"],
        scores["containment"],
        scores["coverage"],
        scores["jaccard"],
        scores["number_conflicts"],
        thresholds,
    )
    if relation == "contained":
        strong = scores["containment"] >= config["contained_min"]
        relation += (
            f" (reported, and dropped with drop_contained, since containment {scores['containment']:.3f} ≥ "
            f"contained_min {config['contained_min']})"
            if strong
            else f" (related for merges only: containment < contained_min {config['contained_min']})"
        )
    lines.append(f"so: {relation}")
    return lines


def _key(name: str) -> str:
    return {"shared": "min_shared", "containment": "min_containment", "coverage": "min_coverage"}[name]


class RunOutput:
    """A run's output folder, read for explanations."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        report_path = self.out / "report.json"
        if not report_path.exists():
            raise InputError(f"{self.out}: no report.json here; give the -o folder of a dedupe run")
        try:
            self.report = json.loads(read_text(report_path))
        except json.JSONDecodeError as err:
            raise InputError(f"{report_path}: not valid JSON ({err.msg})") from None

    def records(self, ids: set[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """(status, output record) of each of ``ids`` found in the three JSONL files."""
        found = {}
        for name, status in OUTPUTS.items():
            path = self.out / name
            if path.exists():
                for record in read_jsonl_records(path):
                    if record.get("id") in ids:
                        found[record["id"]] = (status, record)
        return found

    def pairs(self, a: str, b: str) -> list[dict[str, Any]]:
        path = self.out / "pairs.jsonl"
        if not path.exists():
            return []
        return [r for r in read_jsonl_records(path) if {r["a"], r["b"]} == {a, b}]


def explain(out: str | Path, ids: Sequence[str]) -> str:
    """The explanation `dedupe explain` prints for one or two document ids of the run written to ``out``."""
    run = RunOutput(out)
    records = run.records(set(ids))
    missing = [i for i in ids if i not in records]
    if missing:
        raise InputError(
            f"{run.out}: no document with id {missing[0]!r} in corpus.jsonl, duplicates.jsonl or rejected.jsonl"
        )
    lines: list[str] = []
    for doc_id in ids:
        lines += _one(run, doc_id, *records[doc_id])
        lines.append("")
    if len(ids) == 2:
        lines += _two(run, ids[0], ids[1], records)
    return "\n".join(lines).rstrip() + "\n"


def _one(run: RunOutput, doc_id: str, status: str, record: dict[str, Any]) -> list[str]:
    report = run.report
    lines = [f"{doc_id}:"]
    if status == "kept":
        lines.append("  kept (corpus.jsonl)")
    elif status == "rejected":
        lines.append(f"  rejected (rejected.jsonl): {record['reason']}")
    else:
        lines.append(
            f"  dropped (duplicates.jsonl) as a {record['relation']} of {record['duplicate_of']}, "
            f"verified against {record['matched']}: {_scores(record['scores'])}"
        )
        lines += [f"    {line}" for line in decision(record["scores"], report["config"]["near_duplicates"])]
    entry = next((d for d in report["documents"] if d["id"] == doc_id), None)
    if entry is None:
        lines.append("  cleaning: nothing removed or repaired")
    else:
        lines.append(f"  cleaning: {entry['chars_in']} → {entry['chars_out']} characters")
        lines += [_removal(r) for r in entry["removals"]]
        if entry.get("guarded"):
            lines.append(
                f"    the guard left it whole: these {len(entry['withheld'])} removal(s) would cut more than "
                f"max_cut_share {report['config']['clean']['max_cut_share']} of it"
            )
            lines += ["  " + _removal(r) for r in entry["withheld"]]
        if entry["repairs"]:
            lines.append("    repairs: " + ", ".join(f"{k} {v}" for k, v in entry["repairs"].items()))
    if record.get("bylines"):
        lines.append("  bylines: " + " | ".join(record["bylines"]))
    for cluster in report["clusters"]:
        if cluster["kept"] == doc_id:
            lines.append(
                f"  keeps a cluster of {len(cluster['members']) + 1}: " + ", ".join(m["id"] for m in cluster["members"])
            )
    for c in report["contained"]:
        if c["id"] == doc_id:
            lines.append(f"  contained in {c['contained_in']} ({'dropped' if c['dropped'] else 'kept'}): {_scores(c)}")
        elif c["contained_in"] == doc_id:
            lines.append(
                f"  contains {c['id']} ({'dropped' if c['dropped'] else 'kept'}): containment {c['containment']:.3f}"
            )
    return lines


def _removal(r: Mapping[str, Any]) -> str:
    action = "moved to bylines" if r.get("moved") else "removed"
    return f"    {r['rule']} {action} [{r['start']}:{r['end']}]: {_excerpt(r['text'])!r}"


def _two(run: RunOutput, a: str, b: str, records: Mapping[str, tuple[str, dict[str, Any]]]) -> list[str]:
    config = run.report["config"]["near_duplicates"]
    lines = [f"{a} and {b}:"]
    pairs = run.pairs(a, b)
    for pair in pairs:
        lines.append(f"  scores ({pair['a']} against {pair['b']}): {_scores(pair)}")
        lines += [f"    {line}" for line in decision(pair, config)]
    if not pairs:
        lines.append("  never compared: " + _why_not_compared(a, b, records, config))
    roots = {i: records[i][1].get("duplicate_of", i) if records[i][0] == "duplicate" else i for i in (a, b)}
    if records[a][0] != "rejected" and roots[a] == roots[b]:
        lines.append(f"  same cluster: both end at {roots[a]}")
    else:
        lines.append("  not in the same cluster")
    return lines


def _why_not_compared(
    a: str, b: str, records: Mapping[str, tuple[str, dict[str, Any]]], config: Mapping[str, Any]
) -> str:
    rejected = [i for i in (a, b) if records[i][0] == "rejected"]
    if rejected:
        return f"{rejected[0]} was rejected"
    short = [i for i in (a, b) if len(records[i][1].get("text", "").split()) < config["min_words"]]
    if short:
        return f"{short[0]} has fewer than min_words {config['min_words']} words"
    return (
        f"they share fewer than min_shared {config['min_shared']} rare shingles (bigrams in at most "
        f"rare_df {config['rare_df']} documents), so the join never proposed them"
    )
