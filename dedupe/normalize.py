"""The matching view of a text: what hashing and similarity see. Never written out.

The steps follow ../shared/ARABIC_NEWS_NOTES.md §2, in order: NFKC; Persian/Urdu letters to Arabic; drop
harakat and tatweel; fold alef forms to ا; ى→ي and ة→ه; ؤ ئ→ء; lowercase; every digit run → 0;
punctuation → space; split on white space; strip a leading و/ف conjunction from words of three or more
letters and drop a standalone و (clitic edits are the commonest change between republished copies).

Every step but NFKC and lowercasing maps one character to at most one, so after those two (str methods) the
rest runs in numpy over the text's code points (codepoints.py): a lookup table folds letters and marks harakat
for deletion, and word characters are those of the ``regex`` class ``[\\p{L}\\p{M}\\p{Nd}]``. A Python loop
per character or per word costs ten times as much, and this runs on every word of the corpus. The tests check
the result against the regular-expression definition these tables replace (tests/reference_normalize.py).

An ASCII word pattern would turn every Arabic document into the same empty token list, and everything would
match everything: word characters are Unicode letters, marks and digits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import regex

from dedupe.codepoints import CODE_POINTS, char_class, decode, runs, shifted
from dedupe.codepoints import codes as points_of
from dedupe.hashing import mix64

# fmt: off
LETTER_FOLD = {
    # Persian and Urdu letters to their Arabic counterparts.
    "\u06cc": "\u064a", "\u06d0": "\u064a", "\u06cd": "\u064a",  # ی ې ۍ → ي
    "\u06a9": "\u0643", "\u06af": "\u0643",  # ک گ → ك
    "\u06a4": "\u0641",  # ڤ → ف
    "\u067e": "\u0628",  # پ → ب
    "\u06c0": "\u0647", "\u06d5": "\u0647",  # ۀ ە → ه
    # Alef forms (hamza above/below, madda, wasla) → bare alef.
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064a",  # ى → ي
    "\u0629": "\u0647",  # ة → ه
    "\u0624": "\u0621", "\u0626": "\u0621",  # ؤ ئ → ء
}
# fmt: on
# Harakat, Quranic marks, superscript alef and tatweel: dropped.
DIACRITICS = ((0x064B, 0x065F), (0x0610, 0x061A), (0x0670, 0x0670), (0x06D6, 0x06ED), (0x0640, 0x0640))
# Digits of any script to ASCII in the fact view, so ٢٠١٩ and 2019 are one number.
ASCII_DIGITS = {chr(c): str(unicodedata.digit(chr(c))) for c in (*range(0x660, 0x66A), *range(0x6F0, 0x6FA))}
# "3.324.641", "3,324,641", "3 324 641": one number. The first group has 1-3 digits, so "2015 100" stays two.
THOUSANDS_RE = regex.compile(r"(?<!\d)\d{1,3}(?:[ ,.\u066c]\d{3})+(?![\d.,\u066b]\d)")
THOUSANDS_SEPARATOR_RE = regex.compile(r"[ ,.\u066c]")
DECIMAL_RE = regex.compile(r"(?<=\d)[,\u066b](?=\d)")
WORD_CHAR = r"[\p{L}\p{M}\p{Nd}]"
DIGIT_CHAR = r"\p{Nd}"
CONJUNCTIONS = (0x0648, 0x0641)  # و ف
WAW = 0x0648

_DELETE = np.uint32(0xFFFFFFFF)
_SPACE = np.uint32(0x20)
_ZERO = np.uint32(ord("0"))
_DOT = np.uint32(ord("."))


@cache
def _fold_table(fact: bool) -> np.ndarray:
    """Code point → folded code point, or _DELETE; ``fact`` also makes digits ASCII."""
    table = np.arange(CODE_POINTS, dtype=np.uint32)
    for source, target in (LETTER_FOLD | ASCII_DIGITS if fact else LETTER_FOLD).items():
        table[ord(source)] = ord(target)
    for first, last in DIACRITICS:
        table[first : last + 1] = _DELETE
    return table


def _nfkc_lower(text: str) -> tuple[str, bool]:
    """NFKC then lowercase, and whether every character kept its offset (neither step changed the length)."""
    if unicodedata.is_normalized("NFKC", text):
        lowered = text.lower()
        return lowered, len(lowered) == len(text)
    return unicodedata.normalize("NFKC", text).lower(), False


def _fold_codes(text: str, fact: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """The folded code points of ``text`` (letters folded, harakat and tatweel dropped, lowercase) and, when
    offsets are kept, the offset in ``text`` of each. Lowercasing first is the same as last: it changes no
    Arabic letter or mark, and a dropped mark is case-ignorable, so no final sigma depends on it."""
    lowered, aligned = _nfkc_lower(text)
    codes = _fold_table(fact)[points_of(lowered)]
    kept = codes != _DELETE
    offsets = np.flatnonzero(kept) if aligned else None
    return codes[kept], offsets


@dataclass(frozen=True, slots=True)
class _Scan:
    """A text in the matching view: ``codes`` with every separator run one space; ``word`` marks the rest."""

    codes: np.ndarray
    word: np.ndarray
    offsets: np.ndarray | None  # offset in the input text of each code, when known


def _matching_scan(text: str) -> _Scan:
    codes, offsets = _fold_codes(text, fact=False)
    digit = char_class(DIGIT_CHAR)[codes]
    first = ~(digit & shifted(digit, False, forward=True))  # digit runs keep their first digit, as 0
    codes, digit = codes[first], digit[first]
    codes = np.where(digit, _ZERO, codes)
    return _separated(codes, char_class(WORD_CHAR)[codes], None if offsets is None else offsets[first])


def _fact_scan(text: str) -> _Scan:
    codes, _ = _fold_codes(text, fact=True)
    digit = char_class(DIGIT_CHAR)[codes]
    if digit.any():
        # Thousands separators and decimal commas sit between digits; the regexes need the string.
        folded = decode(codes)
        folded = THOUSANDS_RE.sub(lambda m: THOUSANDS_SEPARATOR_RE.sub("", m.group()), folded)
        folded = DECIMAL_RE.sub(".", folded)
        codes = points_of(folded)
        digit = char_class(DIGIT_CHAR)[codes]
    # A full stop stays only between two digits (a decimal point).
    point = (codes == _DOT) & shifted(digit, False, forward=True) & shifted(digit, False, forward=False)
    return _separated(codes, char_class(WORD_CHAR)[codes] | point, None)


def _separated(codes: np.ndarray, word: np.ndarray, offsets: np.ndarray | None) -> _Scan:
    """Each run of non-word characters made one space."""
    lone = word | shifted(word, True, forward=True)  # a separator right after a word character
    codes, word = np.where(word, codes, _SPACE)[lone], word[lone]
    return _Scan(codes, word, None if offsets is None else offsets[lone])


def _tokenized(scan: _Scan) -> tuple[np.ndarray, np.ndarray | None]:
    """The tokens of a scan as code points separated by spaces, without a standalone و, a leading و or ف
    dropped from words of three or more letters; and the offset of each token's first character in the input
    text, when known."""
    word = scan.word
    starts, ends = runs(word)
    lengths = ends - starts
    first = scan.codes[starts]
    conjunction = (first == CONJUNCTIONS[0]) | (first == CONJUNCTIONS[1])
    lone_waw = (lengths == 1) & (first == WAW)
    drop = np.zeros(scan.codes.size, dtype=bool)
    drop[starts[(lengths >= 3) & conjunction]] = True
    drop[starts[lone_waw]] = True
    return scan.codes[~drop], None if scan.offsets is None else scan.offsets[starts[~lone_waw]]


def _words(scan: _Scan) -> list[str]:
    return decode(_tokenized(scan)[0]).split()


_CHAR_SALT = np.uint64(0x2545F4914F6CDD1D)
_LENGTH_SALT = np.uint64(0x9E3779B97F4A7C15)


def _run_hashes(points: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each run of non-space code points: each (code point, position) pair mixed (SplitMix64),
    XORed over the run, mixed again with the run's length. The same in every process, no Python per token."""
    inside = points != _SPACE
    chars = points[inside].astype(np.uint64)
    if not chars.size:
        return np.empty(0, dtype=np.uint64)
    starts = np.flatnonzero((inside & ~shifted(inside, False, forward=True))[inside])
    lengths = np.diff(np.append(starts, chars.size))
    position = np.arange(chars.size, dtype=np.uint64) - np.repeat(starts, lengths).astype(np.uint64)
    mixed = mix64((chars << np.uint64(32) | position) + _CHAR_SALT)  # uint64 arithmetic wraps around silently
    return mix64(np.bitwise_xor.reduceat(mixed, starts) ^ lengths.astype(np.uint64) * _LENGTH_SALT)


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """The 64-bit hash of each token, as :func:`fact_token_hashes` and :class:`MatchingView` give them.

    >>> bool((token_hashes(["قال", "قال", "لاق"]) == token_hashes(["قال"])[0]).tolist() == [True, True, False])
    True
    """
    return _run_hashes(points_of(" ".join(tokens)))


def fact_token_hashes(text: str) -> np.ndarray:
    """``token_hashes(fact_tokens(text))``, without making the tokens.

    >>> bool((fact_token_hashes("قال ٣ مرات") == token_hashes(["قال", "3", "مرات"])).all())
    True
    """
    return _run_hashes(_tokenized(_fact_scan(text))[0])


def _fold(text: str) -> str:
    """NFKC, Persian letters and alef forms folded, harakat and tatweel dropped, lowercase."""
    return decode(_fold_codes(text, fact=False)[0])


def matching_text(text: str) -> str:
    """The normalized string before tokenization (letters folded, digits to 0, punctuation to spaces).

    >>> matching_text("إلى المستشفى، في ٢٠١٩!")
    'الي المستشفي في 0 '
    """
    return decode(_matching_scan(text).codes)


def fact_tokens(text: str) -> list[str]:
    """The matching view with numbers kept as values: what near-duplicate detection compares.

    Two copies of a release agree on their figures; two items of one template ("44 arrested" against
    "19 arrested") differ exactly there, so numbers stay, with digits of every script made ASCII and
    thousands separators dropped.

    >>> fact_tokens("ضبط ٤٤ عنصرا و3.324.641 ريالا، بنسبة 0,31%")
    ['ضبط', '44', 'عنصرا', '3324641', 'ريالا', 'بنسبه', '0.31']
    """
    return _words(_fact_scan(text))


def matching_tokens(text: str) -> list[str]:
    """The tokens of the matching view.

    >>> matching_tokens("وقالَ الرئيسُ: و «أكّد» ٣ مرات")
    ['قال', 'الرءيس', 'اكد', '0', 'مرات']
    """
    return list(_cached_matching_tokens(text))


@lru_cache(maxsize=4096)
def _cached_matching_tokens(text: str) -> tuple[str, ...]:
    # A paragraph is tokenized by the inner-repeat check and again when it is signed; a small cache of recent
    # paragraphs does it once.
    return tuple(_words(_matching_scan(text)))


@lru_cache(maxsize=4)
def matching_view(text: str) -> MatchingView:
    """The :class:`MatchingView` of ``text``; the few most recent are kept, as the repeat check and the
    paragraph signatures usually look at the same text."""
    return MatchingView(text)


class MatchingView:
    """The matching tokens of a whole text, looked up by span: one pass for all of a document's paragraphs.

    ``tokens(start, end)`` equals ``matching_tokens(text[start:end])`` for a span that starts and ends next to
    white space or the text's ends (paragraphs and sentences do), since no token crosses white space;
    ``hashes(start, end)`` equals ``token_hashes`` of those tokens. A text whose NFKC or lowercase form moves
    offsets (rare) is tokenized span by span instead.

    >>> view = MatchingView("قالَ الوزير.\\nوأكّد ٣ مرات")
    >>> view.tokens(0, 12), view.tokens(13, 25)
    (['قال', 'الوزير'], ['اكد', '0', 'مرات'])
    >>> bool((view.hashes(13, 25) == token_hashes(["اكد", "0", "مرات"])).all())
    True
    """

    def __init__(self, text: str) -> None:
        self.text = text
        points, offsets = _tokenized(_matching_scan(text))
        self._points = points if offsets is not None else None
        self._offsets = offsets
        self._hashes = _run_hashes(points) if offsets is not None else None
        self._tokens: list[str] | None = None

    def _range(self, start: int, end: int) -> tuple[int, int]:
        first, last = np.searchsorted(self._offsets, (start, end))
        return int(first), int(last)

    def tokens(self, start: int, end: int) -> list[str]:
        if self._points is None:
            return matching_tokens(self.text[start:end])
        if self._tokens is None:
            self._tokens = decode(self._points).split()
        first, last = self._range(start, end)
        return self._tokens[first:last]

    def hashes(self, start: int, end: int) -> np.ndarray:
        if self._hashes is None:
            return token_hashes(matching_tokens(self.text[start:end]))
        first, last = self._range(start, end)
        return self._hashes[first:last]

    def layout(self, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token hashes for several spans at once: ``(hashes, firsts, lasts)`` such that span k's tokens hash
        to ``hashes[firsts[k]:lasts[k]]``. The spans must be in order and not overlap.

        >>> view = MatchingView("قال الوزير.\\nوأكد ٣ مرات")
        >>> hashes, firsts, lasts = view.layout([(0, 11), (12, 23)])
        >>> firsts.tolist(), lasts.tolist()
        ([0, 2], [2, 5])
        """
        bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
        if self._hashes is not None:
            return (
                self._hashes,
                np.searchsorted(self._offsets, bounds[:, 0]),
                np.searchsorted(self._offsets, bounds[:, 1]),
            )
        pieces = [self.hashes(int(start), int(end)) for start, end in bounds]
        lasts = np.cumsum([piece.size for piece in pieces], dtype=np.int64)
        firsts = lasts - np.array([piece.size for piece in pieces], dtype=np.int64)
        return np.concatenate([np.empty(0, dtype=np.uint64), *pieces]), firsts, lasts
