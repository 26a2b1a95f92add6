"""Paragraphs, and sentences where a document has no line breaks.

Scraped news often arrives as one long line (BBC and Euronews samples): there the unit of "paragraph" for
repeat detection is the sentence. Segments carry their span in the text they were cut from.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# A sentence ends at . ! ? ؟ or … (possibly doubled, possibly followed by closing quotes) and a space. The
# match is the spaces: the stop is matched and given back (\K) rather than looked behind for at every position.
SENTENCE_BREAK_RE = regex.compile(r"[.!?\u061f\u2026][\"\u00bb\u201d'\u2019)\]]*\K +")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Segment]:
    """Non-empty lines of ``text``.

    >>> [s.text for s in paragraphs("a\\n\\nb c")]
    ['a', 'b c']
    """
    segments = []
    start = 0
    for line in text.split("\n"):  # a split, not a pattern's scan of every character
        end = start + len(line)
        if line.strip():
            segments.append(Segment(start, end, line))
        start = end + 1
    return segments


def sentences(text: str, offset: int = 0) -> list[Segment]:
    """Sentences of one line of text; spans are shifted by ``offset``.

    >>> [s.text for s in sentences('قال "نعم." ثم مضى. وانتهى')]
    ['قال "نعم."', 'ثم مضى.', 'وانتهى']
    """
    segments = []
    start = 0
    for match in SENTENCE_BREAK_RE.finditer(text):
        if match.start() > start:
            segments.append(Segment(offset + start, offset + match.start(), text[start : match.start()]))
        start = match.end()
    if start < len(text) and text[start:].strip():
        segments.append(Segment(offset + start, offset + len(text), text[start:]))
    return segments


def units(text: str) -> list[Segment]:
    """The units repeats are looked for in: lines, or the sentences of a document that is one line."""
    lines = paragraphs(text)
    if len(lines) == 1:
        return sentences(lines[0].text, lines[0].start)
    return lines
