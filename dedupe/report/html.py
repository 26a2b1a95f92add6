"""report.html: one self-contained page a person reads to check what was removed and merged, and why.

The page is a static shell, the run's review data as JSON (report/review.py), and one script (page.js) that
draws the views: overview, clusters, a pair side by side, documents with their removed spans in place,
contained documents, repeated paragraphs, learned boilerplate; with search, filters, sorting and pages.

Article text is untrusted. In the JSON, "<", ">" and "&" are escaped, so no text can end the data's element;
the script puts text on the page only as text (textContent), and shows direction controls as visible code
points rather than obeying them. The Content-Security-Policy lets only the page's own script run (by its
SHA-256) and forbids every network fetch. Without scripts the page shows a static summary.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring  # json.dumps of a str, ensure_ascii=False
from pathlib import Path
from typing import IO, Any

import regex

from dedupe.io import dumps_compact
from dedupe.report.review import bare_review

MAX_SHOWN = 2000  # characters of one removed span or paragraph shown before it is shortened
BIDI_CONTROL = r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
BIDI_CONTROL_RE = regex.compile(BIDI_CONTROL)
# The same characters one by one: a substring test for each is a fast memory scan, several times quicker than the
# pattern's scan or a table lookup per character, and almost every text has none of them.
BIDI_CONTROLS = tuple(chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _has_bidi_control(text: str) -> bool:
    return any(control in text for control in BIDI_CONTROLS)


CSS = """
body{font-family:system-ui,'Noto Naskh Arabic','Segoe UI',sans-serif;margin:2rem auto;max-width:72rem;
padding:0 1rem;color:#1d2330;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .6rem;text-align:start;
vertical-align:top}th{background:#f1f3f8}.num{text-align:end;font-variant-numeric:tabular-nums}
.text{white-space:pre-wrap;unicode-bidi:plaintext;font-size:1.05rem}.removed{background:#fde2e2}
.rule{font-family:ui-monospace,monospace;font-size:.85rem;background:#eef;padding:0 .3rem;border-radius:3px}
details{margin:.4rem 0;border:1px solid #dde;border-radius:4px;padding:.3rem .6rem}summary{cursor:pointer}
.muted{color:#667}.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #ccd;border-radius:6px;
padding:.5rem 1rem;min-width:8rem}.card b{display:block;font-size:1.5rem}
"""


def _text(value: Any, limit: int = MAX_SHOWN) -> str:
    """Escape untrusted text for an element body; show direction controls instead of obeying them."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + f" … [{len(text) - limit} more characters]"
    if _has_bidi_control(text):
        text = BIDI_CONTROL_RE.sub(lambda m: f"\u2039U+{ord(m.group()):04X}\u203a", text)
    return html.escape(text, quote=True)


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _overview(report: dict[str, Any]) -> str:
    counts = report["counts"]
    cards = "".join(
        f'<div class="card"><b>{counts[key]}</b>{label}</div>'
        for key, label in (
            ("input", "documents in"),
            ("kept", "kept"),
            ("duplicates", "duplicates dropped"),
            ("contained", "contained in others"),
            ("rejected", "rejected"),
            ("removals", "spans removed"),
            ("guarded", "left uncut by the guard"),
            ("repeated_paragraph_groups", "repeated paragraphs"),
        )
    )
    inputs = ", ".join(_text(i) for i in report["inputs"]) or "(library call)"
    version = f"dedupe {_text(report['dedupe_version'])}, report schema {report['schema_version']}"
    return f'<div class="cards">{cards}</div><p class="muted">Inputs: {inputs}. {version}.</p>'


def _removals_by_rule(report: dict[str, Any]) -> str:
    rows = [
        [f'<span class="rule">{_text(rule)}</span>', str(t["count"]), str(t.get("moved", 0)), str(t["chars"])]
        for rule, t in report["removals_by_rule"].items()
    ]
    repairs = [[f'<span class="rule">{_text(kind)}</span>', str(n)] for kind, n in report["repairs"].items()]
    reasons = [[_text(reason), str(n)] for reason, n in report["rejected_by_reason"].items()]
    parts = [
        _table(["rule", "removals", "moved to bylines", "characters"], rows, {1, 2, 3})
        if rows
        else "<p>No text was removed.</p>"
    ]
    if repairs:
        parts.append("<h3>Encoding and layout repairs</h3>" + _table(["repair", "changes"], repairs, {1}))
    if reasons:
        parts.append("<h3>Rejected documents</h3>" + _table(["reason", "documents"], reasons, {1}))
    return "".join(parts)


SCORE_COLUMNS = ("shared", "containment", "coverage", "jaccard", "number_conflicts")
SCORE_HEADERS = ["shared rare shingles", "containment", "coverage", "Jaccard", "number conflicts"]


def _score_cells(scores: dict[str, Any]) -> list[str]:
    return [f"{scores[k]:.3f}" if isinstance(scores[k], float) else str(scores[k]) for k in SCORE_COLUMNS]


def _clusters(report: dict[str, Any]) -> str:
    if not report["clusters"]:
        return "<p>No near-duplicate documents were found.</p>"
    rows = [
        [f"<bdi>{_text(cluster['kept'])}</bdi>", f"<bdi>{_text(member['id'])}</bdi>", *_score_cells(member)]
        for cluster in report["clusters"]
        for member in cluster["members"]
    ]
    return _table(["kept", "dropped as its duplicate", *SCORE_HEADERS], rows, {2, 3, 4, 5, 6})


def _contained(report: dict[str, Any]) -> str:
    if not report["contained"]:
        return "<p>No document is contained in another.</p>"
    rows = [
        [
            f"<bdi>{_text(c['id'])}</bdi>",
            f"<bdi>{_text(c['contained_in'])}</bdi>",
            "dropped" if c["dropped"] else "kept",
            *_score_cells(c),
        ]
        for c in report["contained"]
    ]
    return _table(["document", "contained in", "outcome", *SCORE_HEADERS], rows, {3, 4, 5, 6, 7})


def _learned(report: dict[str, Any]) -> str:
    entries = report.get("learned_boilerplate", [])
    if not entries:
        return "<p>No line recurred often enough in one source to be learned.</p>"
    rows = [
        [
            _text(e["source"] or "(no source)"),
            f'<div class="text" dir="auto">{_text(e["line"])}</div>',
            "moved to bylines" if e["moved"] else "removed",
            str(e["docs"]),
            str(e["removed_from"]),
            ", ".join(f"<bdi>{_text(i)}</bdi>" for i in e["examples"]),
        ]
        for e in entries
    ]
    return _table(["source", "line", "action", "articles learned from", "documents cut", "examples"], rows, {3, 4})


def _removal_rows(removals: list[dict[str, Any]]) -> str:
    return "".join(
        f'<tr><td><span class="rule">{_text(r["rule"])}</span>{" (moved)" if r.get("moved") else ""}</td>'
        f'<td class="num">{r["start"]}–{r["end"]}</td>'
        f'<td><div class="text removed" dir="auto">{_text(r["text"])}</div></td></tr>'
        for r in removals
    )


REMOVAL_HEAD = "<thead><tr><th>rule</th><th>span in input</th><th>removed text</th></tr></thead>"


def _guarded(report: dict[str, Any]) -> str:
    docs = [d for d in report["documents"] if d.get("guarded")]
    if not docs:
        return "<p>No document was left uncut by the guard.</p>"
    return "".join(
        f"<details><summary><bdi>{_text(doc['id'])}</bdi> — {len(doc['withheld'])} removal(s) withheld, "
        f"{doc['chars_in']} characters, {_text(doc['status'])}</summary>"
        f"<table>{REMOVAL_HEAD}<tbody>{_removal_rows(doc['withheld'])}</tbody></table></details>"
        for doc in docs
    )


def _documents(report: dict[str, Any]) -> str:
    docs = [d for d in report["documents"] if d["removals"]]
    if not docs:
        return "<p>No document had text removed.</p>"
    return "".join(
        f"<details><summary><bdi>{_text(doc['id'])}</bdi> — {len(doc['removals'])} removal(s), "
        f"{doc['chars_in']} → {doc['chars_out']} characters, {_text(doc['status'])}</summary>"
        f"<table>{REMOVAL_HEAD}<tbody>{_removal_rows(doc['removals'])}</tbody></table></details>"
        for doc in docs
    )


def _repeats(report: dict[str, Any]) -> str:
    if not report["repeated_paragraphs"]:
        return "<p>No paragraph recurs across kept documents.</p>"
    parts = []
    for group in report["repeated_paragraphs"]:
        first = group["first"]
        others = "".join(
            f"<li><bdi>{_text(o['id'])}</bdi> ¶{o['paragraph']} (ratio {o['ratio']:.3f})</li>" for o in group["others"]
        )
        parts.append(
            f"<details><summary>In {len(group['others']) + 1} documents, first in <bdi>{_text(first['id'])}</bdi> "
            f'¶{first["paragraph"]}</summary><div class="text" dir="auto">{_text(group["text"])}</div>'
            f"<ul>{others}</ul></details>"
        )
    return "".join(parts)


SCRIPT = (Path(__file__).with_name("page.js")).read_text(encoding="utf-8")
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
# Only the viewer's own script may run (by its hash); no network, no plugins, no frames, no forms.
CSP = (
    f"default-src 'none'; script-src 'sha256-{SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
APP_CSS = """
nav{display:flex;flex-wrap:wrap;gap:.3rem;margin:1rem 0}
nav a{padding:.3rem .7rem;border:1px solid #ccd;border-radius:4px;text-decoration:none;color:#1d2330}
nav a.current{background:#1d2330;color:#fff}
.controls{display:flex;flex-wrap:wrap;gap:.4rem;margin:.6rem 0}
.controls input,.controls select{padding:.25rem .4rem}
.range{width:9rem}.pager{margin:.5rem 0}.doc{border:1px solid #dde;border-radius:4px;padding:.8rem;line-height:1.9}
mark{border-radius:3px;padding:0 .15rem}mark.removed{background:#fde2e2;text-decoration:line-through #c33}
mark.moved{background:#e2ecfd}mark.withheld{background:#fff3c4}
.label{font-family:ui-monospace,monospace;font-size:.75rem;background:#334;color:#fff;border-radius:3px;
padding:0 .3rem;margin-inline-end:.3rem;unicode-bidi:isolate;direction:ltr;display:inline-block}
table.pair{table-layout:fixed;width:100%}table.pair td{width:50%}.same{background:#e6f4ea}.diff{background:#fde2e2}
.only{background:#fff3c4}.legend span{padding:0 .4rem;border-radius:3px}
"""


def _json_for_script(value: Any) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the article text holds."""
    return "".join(_script_json(value))


SCRIPT_PIECE_CHARS = 1 << 16  # JSON escaped at once: each character's escape is its own, so any cut will do
# How deep the page data's containers are laid out piece by piece, below each entry of the review dict: the
# report's lists item by item, the maps of texts and alignments entry by entry (each one text, or one pair's).
REVIEW_DEPTHS = {"report": 2, "texts": 1, "originals": 1, "sources": 1, "pairs": 1}


def _script_json(value: Any, depth: int = 3, depths: dict[str, int] | None = None) -> Iterator[str]:
    """:func:`_json_for_script` in pieces (a large page's data is hundreds of megabytes): the containers of the
    top ``depth`` levels are laid out here (below the entries of a top dict named in ``depths``, that many
    levels; below the others, none), everything below them by json's C encoder; escaped some
    ``SCRIPT_PIECE_CHARS`` characters at a time."""
    if depths is not None and _str_keyed(value):
        pieces = _dict_pieces(value, lambda key: depths.get(key, 0))
    else:
        pieces = _json_pieces(value, depth)
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= SCRIPT_PIECE_CHARS:
            yield _escaped("".join(batch))
            batch, size = [], 0
    if batch:
        yield _escaped("".join(batch))


def _escaped(piece: str) -> str:
    piece = piece.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Direction controls travel as escapes too, so no raw override character is in the file at all.
    if not _has_bidi_control(piece):
        return piece
    return BIDI_CONTROL_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", piece)


def _json_pieces(value: Any, depth: int) -> Iterator[str]:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` in pieces."""
    if depth and _str_keyed(value):
        yield from _dict_pieces(value, lambda _: depth - 1)
    elif depth and isinstance(value, list | tuple) and value:
        for n, item in enumerate(value):
            yield "[" if n == 0 else ","
            yield from _json_pieces(item, depth - 1)
        yield "]"
    else:
        yield dumps_compact(value)


def _str_keyed(value: Any) -> bool:
    """A non-empty dict whose keys are all strings: one laid out here as json.dumps would (it spells other keys
    its own way)."""
    return isinstance(value, dict) and bool(value) and all(isinstance(key, str) for key in value)


def _dict_pieces(value: dict[str, Any], depth_of: Callable[[str], int]) -> Iterator[str]:
    for n, key in enumerate(sorted(value)):
        yield ("{" if n == 0 else ",") + encode_basestring(key) + ":"
        yield from _json_pieces(value[key], depth_of(key))
    yield "}"


NAV = (
    ("overview", "Overview"),
    ("clusters", "Clusters"),
    ("documents", "Documents"),
    ("contained", "Contained"),
    ("repeats", "Repeated paragraphs"),
    ("learned", "Learned boilerplate"),
)


def build_html(review: dict[str, Any]) -> str:
    """The review page for a review dict (:func:`dedupe.report.review.build_review`) or a bare report dict.

    The summary is static HTML (readable without scripts); the views are drawn by the page's one script from
    the JSON data embedded beside it.
    """
    return "".join(html_pieces(review))


def write_html(review: dict[str, Any], handle: IO[str]) -> None:
    """:func:`build_html` written into ``handle`` piece by piece, never whole in memory."""
    handle.writelines(html_pieces(review))


def html_pieces(review: dict[str, Any]) -> Iterator[str]:
    """The text of :func:`build_html`, in pieces."""
    review = review if "report" in review else bare_review(review)
    report = review["report"]
    nav = "".join(f'<a href="#{key}">{label}</a>' for key, label in NAV)
    yield (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>dedupe report</title><style>{CSS}{APP_CSS}</style></head><body><h1>dedupe report</h1>"
        f'<nav>{nav}</nav><main id="main"><noscript>'
    )
    for title, section in (
        ("Overview", _overview),
        ("Removed by rule", _removals_by_rule),
        ("Learned boilerplate", _learned),
        ("Documents the guard left uncut (review these)", _guarded),
        ("Near-duplicate clusters", _clusters),
        ("Documents contained in longer ones", _contained),
        ("Documents with removed text", _documents),
        ("Paragraphs repeated across documents", _repeats),
    ):
        yield f"<h2>{title}</h2>{section(report)}"
    yield '</noscript></main><script type="application/json" id="review-data">'
    yield from _script_json(review, depths=REVIEW_DEPTHS)
    yield f"</script><script>{SCRIPT}</script></body></html>\n"
