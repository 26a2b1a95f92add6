"""Learned boilerplate: short lines that recur across many different articles of one source.

Rules catch furniture whose wording is known in advance. The rest (a column's sign-off "إلى اللقاء..", a memoir
series' list of episodes under every episode, a columnist's name heading each column) is found from frequency:
a line is learned when it recurs in at least ``min_docs`` articles of one source, counted by *distinct bodies*.
An article's body is known by its longest line, so when an outlet runs one press release four times its lines
count once, not four times: text repeated by republication is content, and near-duplicate detection deals with it.

Only lines that could be furniture are counted (:func:`countable`): lines short enough (``max_words``), and not
shaped like what the labels of the dev corpus call content: a sentence ending in a full stop, a label that
introduces what follows ("السطر الأخير :"), a hashtag naming a series, a title in brackets ("(بين قوسين)").

A learned line that mostly opens its articles is a byline or dateline ("ناصر الجديع", "عين اليوم – جدة"): it
moves to the document's ``bylines`` metadata. Any other learned line is removed as ``learned_boilerplate``.

Counting keeps one 64-bit hash per countable line occurrence (source and line key hashed together) and
learning is a sort (numpy), so a million articles cost a few hundred megabytes at most and partitions can
be counted apart and concatenated.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import regex

from dedupe.codepoints import char_class, codes, decode, shifted
from dedupe.config import LearnedConfig
from dedupe.errors import ConfigError

LEARNED_RULE = "learned_boilerplate"
LEARNED_BYLINE_RULE = "learned_byline"

_DIGITS_RE = regex.compile(r"\d+")
_SPACE_RE = regex.compile(r"\s+")
_INVISIBLE = r"[\p{Cf}\u0640]"
_INVISIBLE_RE = regex.compile(_INVISIBLE)
_LETTER_RE = regex.compile(r"\p{L}")
# A sentence ends in a full stop, "!" or "؟" (not "..", which closes sign-offs and headlines), then perhaps
# closing quotes; a label in a colon; a bracketed title opens and closes with brackets or quotes. (String tests:
# a regular expression anchored at the end is tried from every position of the line.)
_SENTENCE_ENDS = (".", "!", "?", "\u061f")
_CLOSING = "\"'\u00bb\u201d)"
_LABEL_ENDS = (":", "\ufe13", "\uff1a")
_OPENING_BRACKETS, _CLOSING_BRACKETS = '([«"', ')]»"'
SENTENCE_MIN_WORDS = 6


def line_key(line: str) -> str:
    """A line as learning and the line labels key it: spaces collapsed, digit runs as 0, and blind to the
    documented encoding repairs (NFC, kashida, invisible characters), which change no line into another.

    >>> line_key(" تبدأ بالرمز (136)\\xa0ثم مسافة "), line_key("السطـر الأخـير") == line_key("السطر الأخير")
    ('تبدأ بالرمز (0) ثم مسافة', True)
    """
    return _DIGITS_RE.sub("0", _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", line))).strip())


def countable(key: str, max_words: int) -> bool:
    """Whether a line (by its key) may be learned as boilerplate at all, whatever its frequency.

    >>> [countable(k, 25) for k in ("إلى اللقاء..", "مذكرات فاتن حمامة (0): الحب الأول.. ورسالة غرام")]
    [True, True]
    >>> [countable(k, 25) for k in ("السطر الأخير :", "#نافذة", "(بين قوسين)", "وجرى خلال اللقاء بحث عدد من المسائل.")]
    [False, False, False, False]
    """
    if not _LETTER_RE.search(key) or key.startswith("#") or key.endswith(_LABEL_ENDS) or _bracketed(key):
        return False
    # A sentence first: most long lines are prose, and its test reads six words where the length test reads more.
    if _sentence_end(key) and _words_at_least(SENTENCE_MIN_WORDS).match(key):
        return False
    return not _words_at_least(max_words + 1).match(key)


@lru_cache(maxsize=8)
def _words_at_least(count: int) -> regex.Pattern:
    """Matches a text of at least ``count`` words (runs of ``\\w``), reading no further than the last of them."""
    return regex.compile(r"(?:\W*+\w++){" + str(count) + "}")


def _bracketed(key: str) -> bool:
    return len(key) >= 2 and key[0] in _OPENING_BRACKETS and key[-1] in _CLOSING_BRACKETS


def _sentence_end(key: str) -> bool:
    core = key.rstrip(_CLOSING)
    return core.endswith(_SENTENCE_ENDS) and not core[:-1].endswith((".", "\u2026"))


def _matches(pattern: str, line: str) -> bool:
    return regex.fullmatch(pattern, line, regex.V1) is not None


def line_hash(source: str, key: str) -> int:
    """64-bit hash of a line key within its source; the same in every process."""
    digest = _source_hasher(source).copy()
    digest.update(key.encode("utf-8"))
    return int.from_bytes(digest.digest(), "little")


@lru_cache(maxsize=1024)
def _source_hasher(source: str) -> hashlib.blake2b:
    """BLAKE2b keyed with ``source``: copied for each line, so the key block is hashed once per source, not
    once per line."""
    return hashlib.blake2b(digest_size=8, person=b"dedupe-line", key=source.encode()[:64])


def keyed_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each non-blank line of ``text``: :func:`line_key` of every line.

    >>> keyed_lines("سطر 12\\n\\n  ثانٍ ـ")
    [(0, 6, 'سطر 0'), (8, 16, 'ثانٍ')]
    """
    return keyed_lines_of([text])[0]


KEY_CHARS = 1 << 16  # characters keyed in one numpy pass: its temporary arrays stay in the processor's cache


def keyed_lines_of(texts: Sequence[str], chars: int = KEY_CHARS) -> list[list[tuple[int, int, str]]]:
    """:func:`keyed_lines` of each text. The keys are computed on whole texts, ``chars`` characters of texts at
    once (none of the steps of :func:`line_key` crosses a line break, so texts joined by line breaks key as they
    would apart): NFC where a text needs it, then one pass over the code points (:func:`_line_keys`)."""
    found: list[list[tuple[int, int, str]]] = []
    for chunk in _chunks(texts, chars):
        normal = [
            text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text) for text in chunk
        ]
        keys = iter(_line_keys("\n".join(normal)).split("\n"))
        for text in chunk:
            lines, start = [], 0
            for line in text.split("\n"):  # NFC keeps every line break, so the keys come a line each
                end = start + len(line)
                key = next(keys).strip()
                if key:
                    lines.append((start, end, key))
                start = end + 1
            found.append(lines)
    return found


def _chunks(texts: Sequence[str], chars: int) -> Iterator[Sequence[str]]:
    """Consecutive runs of ``texts`` of about ``chars`` characters (a longer text alone)."""
    start, size = 0, 0
    for end, text in enumerate(texts):
        if size and size + len(text) > chars:
            yield texts[start:end]
            start, size = end, 0
        size += len(text) + 1
    if start < len(texts):
        yield texts[start:]


# Each code point's part in a line key (bits): dropped (invisible), white space other than a line break (a run
# of it becomes one space), a digit (a run of them becomes "0").
_DROPPED, _SPACE, _DIGIT = 1, 2, 4


@cache
def _key_kinds() -> np.ndarray:
    kinds = char_class(_INVISIBLE).astype(np.uint8) * np.uint8(_DROPPED)
    kinds |= char_class(r"[^\S\n]").astype(np.uint8) * np.uint8(_SPACE)
    kinds |= char_class(r"\d").astype(np.uint8) * np.uint8(_DIGIT)
    return kinds


def _line_keys(text: str) -> str:
    """``text`` (NFC) with the steps of :func:`line_key` but the strip: invisible characters dropped, each run of
    white space but line breaks one space, each digit run "0"; in numpy, from a table of code points built from
    the same ``regex`` classes (a regular expression pass per step cost three times as much).

    >>> _line_keys("سطـر  ١٢\\n\\t3")
    'سطر 0\\n 0'
    """
    points = codes(text)
    kinds = np.take(_key_kinds(), points)
    dropped = kinds == _DROPPED  # the classes do not overlap
    if dropped.any():
        kept = ~dropped
        points, kinds = points[kept], kinds[kept]
    else:
        points = points.copy()
    repeat = (kinds == shifted(kinds, 0, forward=True)) & (kinds != 0)  # the kind before it: a run goes on
    points[kinds == _SPACE] = ord(" ")
    points[kinds == _DIGIT] = ord("0")
    return decode(points[~repeat])


@dataclass(frozen=True, slots=True)
class LearnedLine:
    """One learned line: how many distinct articles of its source carry it, and whether it is a byline."""

    docs: int
    byline: bool


@dataclass(frozen=True, slots=True)
class LearnedLines:
    """The lines learned from a corpus, by :func:`line_hash`; look lines up with :meth:`find`."""

    lines: dict[int, LearnedLine] = field(default_factory=dict)
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()

    def find(self, source: str | None, key: str, line: str | None = None) -> LearnedLine | None:
        """The learned entry for a line of a document of ``source``, or None to keep it. ``allow`` and ``deny``
        patterns must match the whole line (``line``, stripped; its key when not given)."""
        return self.find_hashed(line_hash(source or "", key), key if line is None else line)

    def find_hashed(self, hashed: int, line: str) -> LearnedLine | None:
        """:meth:`find` of a line given as its :func:`line_hash` (with its source) and its text."""
        stripped = line.strip()
        if self.allow and any(_matches(p, stripped) for p in self.allow):
            return None
        found = self.lines.get(hashed) if self.lines else None
        if found is None and self.deny and any(_matches(p, stripped) for p in self.deny):
            return LearnedLine(0, False)
        return found

    def __bool__(self) -> bool:
        return bool(self.lines or self.deny)


def hashed_lines(
    source: str | None, text: str, keyed: list[tuple[int, int, str]] | None = None
) -> list[tuple[int, int, str, int]]:
    """(start, end, key, :func:`line_hash`) of each non-blank line of a document of ``source``. ``keyed``: its
    :func:`keyed_lines`, when already made (:func:`keyed_lines_of` keys many documents at once)."""
    source = source or ""
    keyed = keyed_lines(text) if keyed is None else keyed
    return [(start, end, key, line_hash(source, key)) for start, end, key in keyed]


def line_entries(
    source: str | None, text: str, max_words: int, lines: list[tuple[int, int, str, int]] | None = None
) -> list[tuple[int, int, bool]]:
    """What one document adds to the counts: (line hash, body hash, opens the document) of each countable line,
    each line once. A pure function of the document, so workers can compute it. ``lines``: its
    :func:`hashed_lines`, when already made."""
    lines = hashed_lines(source, text) if lines is None else lines
    if len(lines) < 2:
        return []
    body = max(lines, key=lambda line: len(line[2]))[3]  # the first longest line's
    seen: set[int] = set()
    entries = []
    for position, (_, _, key, hashed) in enumerate(lines):
        if not countable(key, max_words):
            continue
        if hashed not in seen and hashed != body:
            seen.add(hashed)
            entries.append((hashed, body, position == 0))
    return entries


class LineCounter:
    """Counts countable lines per source over a corpus, one document at a time; :meth:`learn` decides.

    >>> counter = LineCounter(LearnedConfig(min_docs=2))
    >>> for body in ("افتتح الوزير المعرض", "هطلت أمطار غزيرة", "فاز الفريق بالكأس"):
    ...     counter.add("paper", body + "\\nإلى اللقاء..")
    >>> learned = counter.learn()
    >>> learned.find("paper", "إلى اللقاء.."), learned.find("other", "إلى اللقاء..")
    (LearnedLine(docs=3, byline=False), None)
    """

    CHUNK = 1 << 16

    def __init__(self, config: LearnedConfig) -> None:
        for where, patterns in (("allow", config.allow), ("deny", config.deny)):
            for pattern in patterns:
                try:
                    regex.compile(pattern, regex.V1)
                except regex.error as err:
                    raise ConfigError(f"learned.{where}: pattern {pattern!r} is not valid: {err}") from None
        self.config = config
        self._pending: list[tuple[int, int, bool]] = []  # (line hash, body hash, opens its document)
        self._chunks: list[np.ndarray] = []

    def add(self, source: str | None, text: str) -> None:
        """Count one document's lines (its text after the rules); each line once per document."""
        self.add_entries(line_entries(source, text, self.config.max_words))

    def add_entries(self, entries: list[tuple[int, int, bool]]) -> None:
        """Count one document's :func:`line_entries` (computed elsewhere, e.g. by a worker process)."""
        self._pending.extend(entries)
        if len(self._pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._chunks.append(np.array(self._pending, dtype=np.uint64).reshape(-1, 3))
            self._pending = []

    def learn(self) -> LearnedLines:
        """The learned lines: in at least ``min_docs`` distinct bodies of their source."""
        self._flush()
        config = self.config
        if not self._chunks:
            return LearnedLines({}, config.allow, config.deny)
        table = np.concatenate(self._chunks)
        lines, occurrences = np.unique(table[:, 0], return_counts=True)
        common = occurrences >= config.min_docs
        table = table[np.isin(table[:, 0], lines[common])]
        if not table.size:
            return LearnedLines({}, config.allow, config.deny)
        # Distinct bodies per line, and how often the line opens its document.
        pairs = np.unique(table[:, :2], axis=0)
        hashes, bodies = np.unique(pairs[:, 0], return_counts=True)
        opening = _counts(table[table[:, 2] == 1, 0])
        totals = dict(zip(lines[common].tolist(), occurrences[common].tolist(), strict=True))
        learned = {}
        for hashed, docs in zip(hashes.tolist(), bodies.tolist(), strict=True):
            if docs >= config.min_docs:
                share = opening.get(hashed, 0) / totals[hashed]
                learned[hashed] = LearnedLine(docs, share >= config.byline_share)
        return LearnedLines(learned, config.allow, config.deny)


def _counts(values: np.ndarray) -> dict[int, int]:
    unique, counts = np.unique(values, return_counts=True)
    return dict(zip(unique.tolist(), counts.tolist(), strict=True))


def learned_spans(
    text: str, source: str | None, learned: LearnedLines, lines: Iterable[tuple[int, int, int]] | None = None
) -> Iterable[tuple[int, int, LearnedLine]]:
    """(start, end, entry) of each line of ``text`` that ``learned`` names. ``lines``: (start, end, line hash)
    of each non-blank line (:func:`hashed_lines`), when already made."""
    if lines is None:
        lines = ((start, end, hashed) for start, end, _, hashed in hashed_lines(source, text))
    for start, end, hashed in lines:
        entry = learned.find_hashed(hashed, text[start:end])
        if entry is not None:
            yield start, end, entry
