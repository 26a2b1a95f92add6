"""Encoding and layout repairs of the output text.

These are the only changes dedupe makes to text it keeps (besides removing whole spans). Each repair
changes characters, never words, and is counted in the report:

- ``nfc``: Unicode NFC composition.
- ``presentation_forms``: Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFE) to their letters.
- ``invisible``: zero-width space, direction marks and embeddings/isolates, word joiner, BOM, soft hyphen
  and C0 control characters deleted. ZWNJ and ZWJ stay: they are spelling in Persian and Urdu, and in emoji.
- ``persian_letters``: ``ی→ي`` and ``ک→ك`` in Arabic typed on a Persian keyboard ("المیادین نت فی تقریر").
  The decision is per line, because most Persian words ("ایرانی") look like such Arabic: a line is repaired
  when it also has an Arabic-only letter (ي ك ة, which Persian spelling never uses) and no Persian-only one
  (پ چ ژ گ). ``ی`` becomes ``ي`` (not ``ى``), as it is pronounced.
- ``tatweel``: kashida between two letters deleted; ``بـ"…"`` after a proclitic stays.
- ``glued_subheading``: a sub-heading glued after a full stop, with the prose after it on the same line
  ("البوابة 27.آخر المواقف الدولية ودعت ألمانيا", 003), goes on a line of its own: a line break is inserted
  before and after it. Only between a full stop with no space after it and a sentence-initial discourse
  marker (``ودعت``, ``وقال`` …), and only for two to six words, so "أ.ف.ب" stays as it is.
- ``line_breaks``, ``spaces``, ``blank_lines``, ``ends``: CRLF/CR to LF, odd spaces and tabs to one space,
  no spaces around line breaks, at most one blank line, no leading or trailing white space.

Hamza/alef forms, ى/ي, ة/ه and diacritics are never changed: folding them is for matching only (normalize.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex

from dedupe.clean.edits import Edit, EditedText
from dedupe.clean.rules import PROSE_MARKERS
from dedupe.codepoints import ClassScan, char_class, codes, runs

# A base character with its combining marks: where NFC composes or reorders (Arabic shadda + fatha).
NON_NFC_CLUSTER_RE = regex.compile(r"\P{M}\p{M}+")
PRESENTATION_FORMS = r"[\ufb50-\ufdff\ufe70-\ufefe]"
PRESENTATION_FORM_RE = regex.compile(PRESENTATION_FORMS)
INVISIBLES = (
    r"[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
INVISIBLE_RE = regex.compile(INVISIBLES + "+")
PERSIAN_LETTERS = r"[\u06cc\u06a9]"
# Anchored at line starts: unanchored, a long line without these letters is rescanned from every position.
PERSIAN_LINE_RE = regex.compile(r"^[^\n]*[\u06cc\u06a9][^\n]*", regex.MULTILINE)
PERSIAN_ONLY_RE = regex.compile(r"[\u067e\u0686\u0698\u06af]")
ARABIC_ONLY_RE = regex.compile(r"[\u064a\u0643\u0629]")
PERSIAN_TO_ARABIC = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})
TATWEEL = r"[\u0640]"
TATWEEL_RE = regex.compile(r"(?<=[\p{Arabic}&&\p{L}--\u0640])\u0640+(?=[\p{Arabic}&&\p{L}--\u0640])", regex.V1)
# The full stop is matched (and given back with \K) rather than looked behind for: a look-behind is tried at
# every position of the text, the stop only where there is one.
GLUED_SUBHEADING_RE = regex.compile(
    r"(?<=[\p{L}\d])[.!?\u061f]\K(\p{Arabic}{2,}[^\s.!?\u061f:،]*(?:[ ][^\s.!?\u061f:،]+){1,5})[ ](?=(?:"
    + "|".join(PROSE_MARKERS)
    + r")[ ])"
)
LINE_BREAK_RE = regex.compile(r"\r\n?")
ODD_SPACE = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
ODD_SPACES = f"[{ODD_SPACE}]"
# Which of the character classes above a text has, in one pass (codepoints.py): most texts need no repair
# of most kinds, and a regular expression finds that out only by scanning the whole text.
CLASSES = ClassScan([PRESENTATION_FORMS, INVISIBLES, PERSIAN_LETTERS, TATWEEL, ODD_SPACES])


@lru_cache(maxsize=2)
def _classes(text: str) -> tuple[bool, ...]:
    return CLASSES.present(text)


def _has(pattern: str) -> Callable[[str], bool]:
    bit = CLASSES.patterns.index(pattern)
    return lambda text: _classes(text)[bit]


def _nfc(match: regex.Match) -> str:
    return unicodedata.normalize("NFC", match.group())


def _presentation_form(match: regex.Match) -> str:
    return unicodedata.normalize("NFKC", match.group())


def _persian_line(match: regex.Match) -> str:
    line = match.group()
    if PERSIAN_ONLY_RE.search(line) or not ARABIC_ONLY_RE.search(line):
        return line
    return line.translate(PERSIAN_TO_ARABIC)


def _break_runs(text: str) -> list[Edit]:
    """Each run of spaces and line breaks that holds a line break made one break, or two (a blank line) when it
    holds two or more, where that differs: what ``" *\\n[ \\n]*"`` finds, found from the line breaks (a
    pattern that may begin with a space is tried at every space of the text).

    >>> _break_runs("a \\n b\\n\\nc\\n\\n\\n")
    [(1, 4, '\\n'), (8, 11, '\\n\\n')]
    """
    edits = []
    at = text.find("\n")
    while at >= 0:
        start, stop = at, at + 1
        while start > 0 and text[start - 1] == " ":
            start -= 1
        while stop < len(text) and text[stop] in " \n":
            stop += 1
        run = text[start:stop]
        wanted = "\n\n" if run.count("\n") > 1 else "\n"
        if run != wanted:
            edits.append((start, stop, wanted))
        at = text.find("\n", stop)
    return edits


def _space_runs(text: str) -> list[Edit]:
    """Each run of spaces (tabs, no-break and other odd spaces included) made one plain space, where that differs:
    what ``[ ODD]{2,}|[ODD]`` finds (``[ODD]``: ``ODD_SPACES``), found without a pattern, which would
    be tried at every space of the text. A text without odd spaces has only runs of plain spaces to find, found
    from the double spaces; in others the runs come from a mask of their code points.

    >>> _space_runs("a   b c  d"), _space_runs("a\\u00a0b")
    ([(1, 4, ' '), (7, 9, ' ')], [(1, 2, ' ')])
    """
    if _has_odd_space(text):  # the runs of a code point mask, in numpy
        points = codes(text)
        # The odd spaces' table is the one the class scan already built (char_class keeps it).
        starts, ends = runs(char_class(ODD_SPACES)[points] | (points == ord(" ")))
        changed = (ends - starts > 1) | (points[starts] != ord(" "))
        return [(start, end, " ") for start, end in zip(starts[changed].tolist(), ends[changed].tolist(), strict=True)]
    edits = []
    at = text.find("  ")
    while at >= 0:
        stop = at + 2
        while stop < len(text) and text[stop] == " ":
            stop += 1
        edits.append((at, stop, " "))
        at = text.find("  ", stop)
    return edits


def _matches(pattern: regex.Pattern, replace: Callable[[regex.Match], str]) -> Callable[[str], list[Edit]]:
    """The edits that replace each match of ``pattern`` by ``replace(match)``, where that differs."""

    def edits(text: str) -> list[Edit]:
        found = []
        for match in pattern.finditer(text):
            replacement = replace(match)
            if replacement != match.group():
                found.append((match.start(), match.end(), replacement))
        return found

    return edits


def _ends(text: str) -> list[Edit]:
    """Spaces and line breaks at either end deleted (what ``\\A[ \\n]+|[ \\n]+\\Z`` finds, without trying the
    second branch at every position)."""
    lead = len(text) - len(text.lstrip(" \n"))
    if lead == len(text):
        return [(0, lead, "")] if text else []
    trail = len(text) - len(text.rstrip(" \n"))
    return [e for e in ((0, lead, ""), (len(text) - trail, len(text), "")) if e[1] > e[0]]


def _not_nfc(text: str) -> bool:
    return not unicodedata.is_normalized("NFC", text)


_has_odd_space = _has(ODD_SPACES)


def _odd_spaces(text: str) -> bool:
    return "  " in text or _has_odd_space(text)


def _unusual_breaks(text: str) -> bool:
    # What _break_runs would change: a space beside a line break, or three breaks in a row.
    return " \n" in text or "\n " in text or "\n\n\n" in text


def _stop_before_letter(text: str) -> bool:
    """Whether a ".!?؟" is directly followed by a character at or past U+0600, as every glued subheading's stop
    is by an Arabic letter: found by substring searches, several times faster than the pattern's own scan."""
    for stop in ".!?\u061f":
        at = text.find(stop)
        while 0 <= at < len(text) - 1:
            if text[at + 1] >= "\u0600":
                return True
            at = text.find(stop, at + 1)
    return False


def _at_ends(text: str) -> bool:
    return bool(text) and (text[0] in " \n" or text[-1] in " \n")


# (name, the edits it makes in a text, whether a text can need it at all: a cheap test that skips the edits)
REPAIRS: tuple[tuple[str, Callable[[str], list[Edit]], Callable[[str], bool]], ...] = (
    ("nfc", _matches(NON_NFC_CLUSTER_RE, _nfc), _not_nfc),
    ("presentation_forms", _matches(PRESENTATION_FORM_RE, _presentation_form), _has(PRESENTATION_FORMS)),
    ("invisible", _matches(INVISIBLE_RE, lambda m: ""), _has(INVISIBLES)),
    ("persian_letters", _matches(PERSIAN_LINE_RE, _persian_line), _has(PERSIAN_LETTERS)),
    ("tatweel", _matches(TATWEEL_RE, lambda m: ""), _has(TATWEEL)),
    ("glued_subheading", _matches(GLUED_SUBHEADING_RE, lambda m: "\n" + m.group(1) + "\n"), _stop_before_letter),
    ("line_breaks", _matches(LINE_BREAK_RE, lambda m: "\n"), lambda text: "\r" in text),
    ("spaces", _space_runs, _odd_spaces),
    ("blank_lines", _break_runs, _unusual_breaks),
    ("ends", _ends, _at_ends),
)


def repair_text(edited: EditedText) -> tuple[EditedText, dict[str, int]]:
    """Apply every repair in order; return the repaired text and the number of changes per repair.

    >>> repaired, counts = repair_text(EditedText.of("  المیادین  في\\r\\n"))
    >>> repaired.text, counts
    ('الميادين في', {'persian_letters': 1, 'line_breaks': 1, 'spaces': 2, 'ends': 2})
    """
    counts: dict[str, int] = {}
    for name, edits_of, needed in REPAIRS:
        if not needed(edited.text):
            continue
        edits = edits_of(edited.text)
        if edits:
            edited = edited.replace(edits)
            counts[name] = len(edits)
    if _not_nfc(edited.text):
        # Composition across clusters (e.g. Hangul jamo): rare enough to map coarsely.
        edited = edited.replace([(0, len(edited.text), unicodedata.normalize("NFC", edited.text))])
        counts["nfc"] = counts.get("nfc", 0) + 1
    return edited, counts
