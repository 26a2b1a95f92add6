"""Command line: parses arguments, calls the library, turns its errors into one-line messages.

Exit status: 0 success, 2 bad input, configuration or usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dedupe import __version__
from dedupe.clean import BUILTIN_RULES
from dedupe.config import KEEP_POLICIES, load_config, with_overrides
from dedupe.errors import DedupeError, InputError
from dedupe.explain import explain
from dedupe.io import read_documents
from dedupe.pipeline import OUTPUT_FILES, PAIRS_FILE, run_to_directory


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dedupe", description="Clean boilerplate from news text and remove near-duplicate documents."
    )
    parser.add_argument("--version", action="version", version=f"dedupe {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="clean and deduplicate a corpus into an output folder",
        description="Clean and deduplicate INPUTs into OUT: corpus.jsonl, duplicates.jsonl, rejected.jsonl, "
        "report.json and report.html.",
    )
    run.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="folder of .txt files, .jsonl or .jsonl.gz file, or - for JSONL on standard input",
    )
    run.add_argument("-o", "--out", required=True, metavar="OUT", help="output folder (created if missing)")
    run.add_argument("--config", metavar="FILE", help="TOML configuration (see dedupe.example.toml)")
    run.add_argument("--id-field", metavar="NAME", help="JSONL field holding the document id (default: id)")
    run.add_argument("--text-field", metavar="NAME", help="JSONL field holding the text (default: text)")
    run.add_argument(
        "--keep",
        choices=KEEP_POLICIES,
        help="which document of a duplicate cluster to keep (default: longest)",
    )
    run.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bars on standard error (default: when it is a terminal)",
    )
    run.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes for cleaning and signing (default: all cores; the output is the same for any N)",
    )
    run.add_argument("-q", "--quiet", action="store_true", help="no summary at the end")

    commands.add_parser(
        "rules", help="list the built-in cleaning rules", description="List the built-in cleaning rules."
    )
    explain = commands.add_parser(
        "explain",
        help="why a document was kept, dropped, cut or merged",
        description="Explain, from the output folder of a run, why a document was kept, dropped, cut or merged; "
        "with two ids, every score computed between them and the threshold that decided.",
    )
    explain.add_argument("out", metavar="OUT", help="output folder of a dedupe run")
    explain.add_argument("ids", nargs="+", metavar="ID", help="one document id, or two")
    return parser


def _run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    overrides: dict[str, dict[str, object]] = {}
    if args.id_field:
        overrides.setdefault("input", {})["id_field"] = args.id_field
    if args.text_field:
        overrides.setdefault("input", {})["text_field"] = args.text_field
    if args.keep:
        overrides.setdefault("near_duplicates", {})["keep"] = args.keep
    if overrides:
        config = with_overrides(config, overrides)
    if args.jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {args.jobs}")
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    documents = read_documents(args.inputs, config.input.id_field, config.input.text_field)
    report = run_to_directory(documents, args.out, config, progress=progress, inputs=args.inputs, jobs=args.jobs)
    if not args.quiet:
        print(summary(report, args.out))
    return 0


def summary(report: dict, out: str) -> str:
    """The few lines printed at the end of a run."""
    c = report["counts"]
    assert c["kept"] + c["duplicates"] + c["rejected"] == c["input"], "every document must end in one output"
    rules = ", ".join(f"{rule} {t['count']}" for rule, t in report["removals_by_rule"].items())
    return "\n".join(
        [
            f"dedupe: {c['input']} documents: {c['kept']} kept, {c['duplicates']} duplicates, {c['rejected']} rejected",
            f"  {c['removals']} spans removed" + (f" ({rules})" if rules else ""),
            f"  {c['moved_to_bylines']} of them moved to bylines; {c['learned_lines']} lines learned as boilerplate; "
            f"{c['guarded']} documents left uncut by the guard",
            f"  {c['clusters']} duplicate clusters from {c['candidate_pairs']} candidate pairs; "
            f"{c['repeated_paragraph_groups']} paragraphs repeated across documents",
            f"  written to {out}/: {', '.join(OUTPUT_FILES.values())}, {PAIRS_FILE}, report.json, report.html",
        ]
    )


def _explain(args: argparse.Namespace) -> int:
    if len(args.ids) > 2:
        raise InputError("explain takes one document id, or two")
    print(explain(args.out, args.ids), end="")
    return 0


def _rules() -> int:
    print(f"{'rule':24} {'pack':4} {'kind':8} {'action':6} description")
    for rule in BUILTIN_RULES:
        pack = ",".join(rule.languages) or "any"
        action = "move" if rule.moves else "remove"
        print(f"{rule.name:24} {pack:4} {rule.kind:8} {action:6} {rule.description}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "explain":
            return _explain(args)
        return _rules()
    except DedupeError as err:
        print(f"dedupe: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dedupe: interrupted; no output written", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
