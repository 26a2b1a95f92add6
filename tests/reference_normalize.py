"""The matching view as regular expressions: the definition that dedupe/normalize.py computes in numpy.

The tests check the fast version against this one on random and real text. (Formerly dedupe/normalize.py.)


The steps follow ../shared/ARABIC_NEWS_NOTES.md §2, in order: NFKC; Persian/Urdu letters to Arabic; drop
harakat and tatweel; fold alef forms to ا; ى→ي and ة→ه; ؤ ئ→ء; lowercase; every digit run → 0;
punctuation → space; split on white space; strip a leading و/ف conjunction from words of three or more
letters and drop a standalone و (clitic edits are the commonest change between republished copies).

Word patterns come from the ``regex`` module with Unicode classes: an ASCII word pattern turns every Arabic
document into the same empty token list, and everything would match everything.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# fmt: off
LETTER_FOLD = str.maketrans(
    {
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
)
# fmt: on
# Harakat, Quranic marks, superscript alef and tatweel.
DIACRITICS_RE = regex.compile(r"[\u064b-\u065f\u0610-\u061a\u0670\u06d6-\u06ed\u0640]+")
DIGITS_RE = regex.compile(r"\p{Nd}+")
# Digits of any script to ASCII, so ٢٠١٥ and 2015 are one number.
ASCII_DIGITS = str.maketrans(
    {chr(c): str(unicodedata.digit(chr(c))) for c in range(0x660, 0x66A)}
    | {chr(c): str(unicodedata.digit(chr(c))) for c in range(0x6F0, 0x6FA)}
)
# "3.324.641", "3,324,641", "3 324 641": one number. The first group has 1-3 digits, so "2015 100" stays two.
THOUSANDS_RE = regex.compile(r"(?<!\d)\d{1,3}(?:[ ,.\u066c]\d{3})+(?![\d.,\u066b]\d)")
DECIMAL_RE = regex.compile(r"(?<=\d)[,\u066b](?=\d)")
FACT_NON_WORD_RE = regex.compile(r"(?:(?<!\d)\.|\.(?!\d)|[^\p{L}\p{M}\p{Nd}.])+")
NON_WORD_RE = regex.compile(r"[^\p{L}\p{M}\p{Nd}]+")
CONJUNCTIONS = ("\u0648", "\u0641")  # و ف


def _fold(text: str) -> str:
    """NFKC, Persian letters and alef forms folded, harakat and tatweel dropped, lowercase."""
    return DIACRITICS_RE.sub("", unicodedata.normalize("NFKC", text).translate(LETTER_FOLD)).lower()


def _words(text: str) -> list[str]:
    """Whitespace tokens without a standalone و; a leading و or ف is dropped from words of three or more letters.

    >>> _words("وقال فيه ود و هم")
    ['قال', 'يه', 'ود', 'هم']
    """
    # One list comprehension, no call per word: this runs on every word of the corpus, more than once.
    return [
        token[1:] if len(token) >= 3 and token.startswith(CONJUNCTIONS) else token
        for token in text.split()
        if token != "\u0648"
    ]


def matching_text(text: str) -> str:
    """The normalized string before tokenization (letters folded, digits to 0, punctuation to spaces).

    >>> matching_text("إلى المستشفى، في ٢٠١٩!")
    'الي المستشفي في 0 '
    """
    return NON_WORD_RE.sub(" ", DIGITS_RE.sub("0", _fold(text)))


def fact_tokens(text: str) -> list[str]:
    """The matching view with numbers kept as values: what near-duplicate detection compares.

    Two copies of a release agree on their figures; two items of one template ("44 arrested" against
    "19 arrested") differ exactly there, so numbers stay, with digits of every script made ASCII and
    thousands separators dropped.

    >>> fact_tokens("ضبط ٤٤ عنصرا و3.324.641 ريالا، بنسبة 0,31%")
    ['ضبط', '44', 'عنصرا', '3324641', 'ريالا', 'بنسبه', '0.31']
    """
    text = _fold(text).translate(ASCII_DIGITS)
    text = THOUSANDS_RE.sub(lambda m: regex.sub(r"[ ,.\u066c]", "", m.group()), text)
    return _words(FACT_NON_WORD_RE.sub(" ", DECIMAL_RE.sub(".", text)))


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
    return tuple(_words(matching_text(text)))
