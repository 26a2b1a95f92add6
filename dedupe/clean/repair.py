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

import regex

from dedupe.clean.edits import EditedText
from dedupe.clean.rules import PROSE_MARKERS

# A base character with its combining marks: where NFC composes or reorders (Arabic shadda + fatha).
NON_NFC_CLUSTER_RE = regex.compile(r"\P{M}\p{M}+")
PRESENTATION_FORM_RE = regex.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]")
INVISIBLE_RE = regex.compile(
    r"[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c\u00ad"
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+"
)
# Anchored at line starts: unanchored, a long line without these letters is rescanned from every position.
PERSIAN_LINE_RE = regex.compile(r"^[^\n]*[\u06cc\u06a9][^\n]*", regex.MULTILINE)
PERSIAN_ONLY_RE = regex.compile(r"[\u067e\u0686\u0698\u06af]")
ARABIC_ONLY_RE = regex.compile(r"[\u064a\u0643\u0629]")
PERSIAN_TO_ARABIC = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})
TATWEEL_RE = regex.compile(r"(?<=[\p{Arabic}&&\p{L}--\u0640])\u0640+(?=[\p{Arabic}&&\p{L}--\u0640])", regex.V1)
GLUED_SUBHEADING_RE = regex.compile(
    r"(?<=[\p{L}\d][.!?\u061f])(\p{Arabic}{2,}[^\s.!?\u061f:،]*(?:[ ][^\s.!?\u061f:،]+){1,5})[ ](?=(?:"
    + "|".join(PROSE_MARKERS)
    + r")[ ])"
)
GLUED_STOP_RE = regex.compile(r"[\p{L}\d][.!?\u061f]\p{Arabic}{2}")
LINE_BREAK_RE = regex.compile(r"\r\n?")
ODD_SPACE = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
SPACES_RE = regex.compile(rf"[ {ODD_SPACE}]{{2,}}|[{ODD_SPACE}]")
BLANK_LINES_RE = regex.compile(r" *\n[ \n]*")
ENDS_RE = regex.compile(r"\A[ \n]+|[ \n]+\Z")


def _nfc(match: regex.Match) -> str:
    return unicodedata.normalize("NFC", match.group())


def _presentation_form(match: regex.Match) -> str:
    return unicodedata.normalize("NFKC", match.group())


def _persian_line(match: regex.Match) -> str:
    line = match.group()
    if PERSIAN_ONLY_RE.search(line) or not ARABIC_ONLY_RE.search(line):
        return line
    return line.translate(PERSIAN_TO_ARABIC)


def _line_break(match: regex.Match) -> str:
    return "\n\n" if match.group().count("\n") > 1 else "\n"


def _always(text: str) -> bool:
    return True


def _not_nfc(text: str) -> bool:
    return not unicodedata.is_normalized("NFC", text)


def _stop_glued_to_letters(text: str) -> bool:
    # GLUED_SUBHEADING_RE tries its look-behind at every position; most texts have no such stop at all.
    return GLUED_STOP_RE.search(text) is not None


# (name, pattern, replacement, whether the text can need it at all: a cheap test that skips the pattern)
REPAIRS: tuple[tuple[str, regex.Pattern, Callable[[regex.Match], str], Callable[[str], bool]], ...] = (
    ("nfc", NON_NFC_CLUSTER_RE, _nfc, _not_nfc),
    ("presentation_forms", PRESENTATION_FORM_RE, _presentation_form, _always),
    ("invisible", INVISIBLE_RE, lambda m: "", _always),
    ("persian_letters", PERSIAN_LINE_RE, _persian_line, _always),
    ("tatweel", TATWEEL_RE, lambda m: "", _always),
    ("glued_subheading", GLUED_SUBHEADING_RE, lambda m: "\n" + m.group(1) + "\n", _stop_glued_to_letters),
    ("line_breaks", LINE_BREAK_RE, lambda m: "\n", _always),
    ("spaces", SPACES_RE, lambda m: " ", _always),
    ("blank_lines", BLANK_LINES_RE, _line_break, _always),
    ("ends", ENDS_RE, lambda m: "", _always),
)


def substitute(
    edited: EditedText, pattern: regex.Pattern, replace: Callable[[regex.Match], str]
) -> tuple[EditedText, int]:
    """Replace every match of ``pattern`` whose replacement differs; return the new text and the count."""
    edits = []
    for match in pattern.finditer(edited.text):
        replacement = replace(match)
        if replacement != match.group():
            edits.append((match.start(), match.end(), replacement))
    return (edited.replace(edits), len(edits)) if edits else (edited, 0)


def repair_text(edited: EditedText) -> tuple[EditedText, dict[str, int]]:
    """Apply every repair in order; return the repaired text and the number of changes per repair.

    >>> repaired, counts = repair_text(EditedText.of("  المیادین  في\\r\\n"))
    >>> repaired.text, counts
    ('الميادين في', {'persian_letters': 1, 'line_breaks': 1, 'spaces': 2, 'ends': 2})
    """
    counts: dict[str, int] = {}
    for name, pattern, replace, needed in REPAIRS:
        if not needed(edited.text):
            continue
        edited, count = substitute(edited, pattern, replace)
        if count:
            counts[name] = count
    if _not_nfc(edited.text):
        # Composition across clusters (e.g. Hangul jamo): rare enough to map coarsely.
        edited = edited.replace([(0, len(edited.text), unicodedata.normalize("NFC", edited.text))])
        counts["nfc"] = counts.get("nfc", 0) + 1
    return edited, counts
