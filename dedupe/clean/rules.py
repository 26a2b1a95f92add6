"""The rule engine: where each kind of rule may fire, where a block ends, and how removals meet white space.

Kinds of rule (``Rule.kind``):

- ``line``: the pattern must match a whole line; that line goes.
- ``trailer``: like ``line``, but only in the run of removable lines at the very end of the document.
- ``lead``: like ``line``, but only among the first ``LEAD_LINES`` non-blank lines (bylines, datelines).
- ``heading``: a whole line that introduces furniture ("اخترنا لك"); it goes with the headline-like lines
  that follow it, up to the first line that reads as prose.
- ``inline``: the match goes wherever it is (captions glued into a line).
- ``block``: the match is a cue ("اقرأ أيضا على يورونيوز:"); the block runs from it to where the article's
  prose resumes. Cutting to the end of the text instead deletes half of the Euronews sample, so the block
  ends at a sentence-initial discourse marker (``وفي``, ``وقال``, ``كما`` …) or at the end of its line, and
  continues over following headline-like lines. When that end is unclear (a full stop comes first, or it is
  further than ``MAX_BLOCK_CHARS``), only the cue goes: losing prose is worse than keeping a headline.

A rule that ``moves`` takes its text out of the article into the document's ``bylines`` metadata instead of
deleting it (bylines, datelines, syndication credits). Moving rules run after the removing ones, so a byline
is moved without the furniture glued to it ("Next Previous عين اليوم – واس").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from dedupe.segment import paragraphs

RULE_KINDS = ("line", "trailer", "lead", "heading", "inline", "block")
LEAD_LINES = 2
MAX_BLOCK_CHARS = 600
MAX_HEADLINE_WORDS = 20

# Sentence-initial words with which Arabic news prose typically resumes after furniture.
# fmt: off
PROSE_MARKERS = (
    "وفي", "وقال", "وقالت", "وأضاف", "وأضافت", "وأكد", "وأكدت", "ودعا", "ودعت", "وكان", "وكانت", "كما",
    "وذكر", "وذكرت", "وأشار", "وأشارت", "وأوضح", "وأوضحت", "وتابع", "وتابعت", "وأعلن", "وأعلنت", "ونقلت",
    "ونقل", "وأفاد", "وأفادت", "وشدد", "وشددت", "ولفت", "ولفتت", "وبحسب", "وحسب", "ويأتي", "وتأتي", "وجاء",
    "من جهته", "من جهتها", "من جانبه", "من جانبها", "إلى ذلك", "في غضون ذلك", "وفيما", "وبينما",
)
# fmt: on
PROSE_RESUMES_RE = regex.compile(r"(?<=\s)(?:" + "|".join(PROSE_MARKERS) + r")(?=\s)")
# A full stop that ends a sentence; ".." and "…" in glued headlines are not one.
SENTENCE_END_RE = regex.compile(r"(?<![.\u2026])[.!?\u061f](?![.\u2026])(?=\s)")
WORD_RE = regex.compile(r"\w+")
HEADLINE_END_RE = regex.compile(r"[.!?\u061f:\u2026][\"\u00bb\u201d'\u2019)\]]*\s*$")


@dataclass(frozen=True, slots=True)
class Rule:
    """A named cleaning rule. ``pattern`` uses the ``regex`` module's syntax (V1, ignore-case off)."""

    name: str
    kind: str
    pattern: str
    description: str
    moves: bool = False
    # Sources (the documents' source field) and languages ("ar", "en", …) the rule is limited to; empty: all.
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    # Strings of which every match of the pattern holds at least one: the rule is not asked of a text that holds
    # none (substring searches are several times faster than the `regex` module's scan of a whole text for a
    # pattern that does not start with a literal). Empty: the rule is asked of every text.
    needs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise ValueError(f"rule {self.name}: kind must be one of {', '.join(RULE_KINDS)}, not {self.kind!r}")
        if not all(isinstance(need, str) and need for need in self.needs):
            raise ValueError(f"rule {self.name}: needs must be non-empty strings, not {self.needs!r}")
        compiled(self.pattern)

    def __hash__(self) -> int:
        # Rules are looked up by the tuple of a document's rules (_first_match): the generated hash would hash
        # every field of every rule for each document. Equal rules share these three, so they hash alike.
        return hash((self.name, self.kind, self.pattern))

    def applies_to(self, source: str | None, language: str | None = None) -> bool:
        """Whether the rule runs on a document of ``source`` and ``language`` (None: unknown, every pack runs)."""
        if self.sources and source not in self.sources:
            return False
        return not self.languages or language is None or language in self.languages


@cache
def compiled(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, regex.V1 | regex.MULTILINE)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    rule: str


def is_headline_like(line: str) -> bool:
    """A short line with no sentence-final punctuation that does not open like prose.

    >>> is_headline_like("فرنسا وإيطاليا تدعو لوقف التصعيد في ليبيا")
    True
    >>> is_headline_like("وقال المتحدث إن القوات انسحبت.")
    False
    """
    words = WORD_RE.findall(line)
    if not words or len(words) > MAX_HEADLINE_WORDS or HEADLINE_END_RE.search(line):
        return False
    return not PROSE_RESUMES_RE.match(" " + line.lstrip())


def _absorb_headlines(text: str, lines: Sequence[tuple[int, int]], after: int) -> int:
    """End of the run of headline-like lines that starts at the first line beginning after ``after``."""
    end = after
    for start, stop in lines:
        if start < after:
            continue
        if not is_headline_like(text[start:stop]):
            break
        end = stop
    return end


def _block_end(text: str, lines: Sequence[tuple[int, int]], cue_end: int) -> int | None:
    """Where prose resumes after a block cue, or None when that is unclear."""
    line_end = text.find("\n", cue_end)
    line_end = len(text) if line_end < 0 else line_end
    marker = PROSE_RESUMES_RE.search(text, cue_end, line_end)
    stop = marker.start() if marker else line_end
    if stop - cue_end > MAX_BLOCK_CHARS or SENTENCE_END_RE.search(text, cue_end, stop):
        return None
    if marker:
        return marker.start()
    return _absorb_headlines(text, lines, line_end)


def find_spans(text: str, rules: Iterable[Rule]) -> list[Span]:
    """Every span the rules remove from ``text``, sorted, overlaps trimmed, widened over white space.

    Where several rules could take the same whole line, :func:`resolve_overlaps` keeps the one first by name,
    so the whole-line kinds ask only for that one (their rules sorted by name, :class:`_FirstMatch`); trailers
    go by the rules' order."""
    lines = [(line.start, line.end) for line in paragraphs(text)]
    found: list[Span] = []
    by_kind: dict[str, list[Rule]] = {kind: [] for kind in RULE_KINDS}
    for rule in rules:
        if not rule.needs or any(need in text for need in rule.needs):
            by_kind[rule.kind].append(rule)
    for rule in by_kind["inline"]:
        pattern = compiled(rule.pattern)
        found.extend(Span(m.start(), m.end(), rule.name) for m in pattern.finditer(text) if m.end() > m.start())
    for rule in by_kind["block"]:
        for m in compiled(rule.pattern).finditer(text):
            end = _block_end(text, lines, m.end())
            found.append(Span(m.start(), m.end() if end is None else end, rule.name))
    for kind, candidates in (("line", lines), ("lead", lines[:LEAD_LINES]), ("heading", lines)):
        if by_kind[kind]:
            first = _FirstMatch.of(by_kind[kind], by_name=True)
            for s, e in candidates:
                rule = first(text, s, e)
                if rule is not None:
                    found.append(Span(s, _absorb_headlines(text, lines, e) if kind == "heading" else e, rule.name))
    # Trailers: peel matching lines off the end, through lines other rules already remove.
    if by_kind["trailer"]:
        trailer = _FirstMatch.of(by_kind["trailer"])
        removed_lines = {(s.start, s.end) for s in found}
        for s, e in reversed(lines):
            rule = trailer(text, s, e)
            if rule is not None:
                found.append(Span(s, e, rule.name))
            elif (s, e) not in removed_lines:
                break
    # Widening can make neighbours meet again (two removed lines share the break between them).
    return resolve_overlaps([widen(text, span) for span in resolve_overlaps(found)])


class _FirstMatch:
    """The first of some rules whose pattern matches a whole line: asked of one pattern that tries theirs in
    order, each as a group of its own (one call a line rather than one a rule), where they can be joined
    without changing what each matches; else of each pattern in turn."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.joined = _joined(tuple(rule.pattern for rule in rules))

    @classmethod
    def of(cls, rules: Sequence[Rule], by_name: bool = False) -> _FirstMatch:
        """The matcher of ``rules`` in their order, or in order of name (sorted once, not on every call)."""
        return _first_match(tuple(rules), by_name)

    def __call__(self, text: str, start: int, end: int) -> Rule | None:
        if self.joined is not None:
            match = self.joined.fullmatch(text, start, end)
            return None if match is None else self.rules[match.lastindex - 1]
        return next((rule for rule in self.rules if compiled(rule.pattern).fullmatch(text, start, end)), None)


@lru_cache(maxsize=256)  # a run meets a few sets of rules (by source and language); a long-lived process more
def _first_match(rules: tuple[Rule, ...], by_name: bool) -> _FirstMatch:
    return _FirstMatch(tuple(sorted(rules, key=lambda rule: rule.name)) if by_name else rules)


def _joined(patterns: tuple[str, ...]) -> regex.Pattern | None:
    """``(p1)|(p2)|…``, which matches where the first of the patterns that matches does, and tells which by its
    group: None when a pattern could behave otherwise inside it (groups or references of its own, recursion,
    flags beyond the engine's own, which in V1 would reach past its group or, verbose, swallow the group's end).
    """
    plain = compiled("").flags
    for pattern in patterns:
        own = compiled(pattern)
        if own.groups or own.flags != plain or regex.search(r"\\[gQ]|\(\?(?:R|\d|[-+]\d|&|P>)", pattern):
            return None
    try:
        return compiled("|".join(f"({pattern})" for pattern in patterns))
    except regex.error:
        return None


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlaps trimmed: a span inside an earlier one is dropped, one reaching past it starts
    where it ends (the earlier rule keeps the shared text).

    >>> resolve_overlaps([Span(5, 9, "b"), Span(0, 6, "a"), Span(1, 2, "c")])
    [Span(start=0, end=6, rule='a'), Span(start=6, end=9, rule='b')]
    """
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.rule)):
        if result and span.start < result[-1].end:
            if span.end <= result[-1].end:
                continue
            span = Span(result[-1].end, span.end, span.rule)
        result.append(span)
    return result


def trim_end(text: str, spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans whose last run of adjacent spans reaches the end of ``text``: the run's
    first span takes the white space before it (as :func:`widen` does for one span), so no line break is left
    dangling at the end.

    >>> trim_end("a\\nb\\nb", [Span(2, 4, "r"), Span(4, 5, "r")])
    [Span(start=1, end=4, rule='r'), Span(start=4, end=5, rule='r')]
    """
    if not spans or spans[-1].end != len(text):
        return spans
    first = len(spans) - 1
    while first > 0 and spans[first - 1].end == spans[first].start:
        first -= 1
    start = spans[first].start
    while start > 0 and text[start - 1] in " \n":
        start -= 1
    return [*spans[:first], Span(start, spans[first].end, spans[first].rule), *spans[first + 1 :]]


def widen(text: str, span: Span) -> Span:
    """Take the white space a removal leaves behind with it, so the text around it stays well laid out.

    A removal from a line start takes the line break(s) after it; one inside a line takes the following
    spaces, or the preceding ones when it ends the line; one that reaches the end of the text takes the
    white space before it.

    >>> t = "a b\\n\\nX\\n\\nc"
    >>> s = widen(t, Span(5, 6, "r")); t[:s.start] + t[s.end:]
    'a b\\n\\nc'
    >>> s = widen(t, Span(8, 9, "r")); t[:s.start] + t[s.end:]
    'a b\\n\\nX'
    """
    start, end = span.start, span.end
    if start == 0 or text[start - 1] == "\n":
        while end < len(text) and text[end] in " \n":
            end += 1
    else:
        while end < len(text) and text[end] == " ":
            end += 1
        if end < len(text) and text[end] == "\n":
            while start > 0 and text[start - 1] == " ":
                start -= 1
    if end == len(text):
        while start > 0 and text[start - 1] in " \n":
            start -= 1
    return Span(start, end, span.rule)
