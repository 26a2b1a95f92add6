"""Output-text cleaning: encoding and layout repairs, boilerplate rules, and repeats inside a document.

Each step returns the removed spans with their rule, mapped to offsets in the text as it was read.
"""

from __future__ import annotations

from collections.abc import Sequence

from dedupe.clean.arabic import ARABIC_RULES
from dedupe.clean.edits import EditedText
from dedupe.clean.repair import repair_text
from dedupe.clean.rules import Rule, Span, find_spans, resolve_overlaps, trim_end, widen
from dedupe.clean.web import WEB_RULES
from dedupe.config import CleanConfig, RepeatsConfig
from dedupe.errors import ConfigError
from dedupe.normalize import matching_tokens
from dedupe.records import CleanedText, Removal
from dedupe.segment import units

__all__ = ["BUILTIN_RULES", "Rule", "active_rules", "clean_text", "remove_repeated_paragraphs"]

BUILTIN_RULES: tuple[Rule, ...] = ARABIC_RULES + WEB_RULES
REPEAT_RULE = "repeated_paragraph"


def active_rules(config: CleanConfig) -> tuple[Rule, ...]:
    """The built-in rules minus those the config disables (unknown names are an error)."""
    names = [rule.name for rule in BUILTIN_RULES]
    unknown = sorted(set(config.disabled_rules) - set(names))
    if unknown:
        raise ConfigError(f"clean.disabled_rules: unknown rule {unknown[0]!r}; valid rules: {', '.join(names)}")
    return tuple(rule for rule in BUILTIN_RULES if rule.name not in config.disabled_rules)


def _cut(edited: EditedText, spans: list[Span]) -> tuple[EditedText, list[Removal]]:
    spans = trim_end(edited.text, spans)
    removals = []
    for span in spans:
        start, end = edited.span_in_original(span.start, span.end)
        removals.append(Removal(span.rule, start, end, edited.original[start:end]))
    return edited.replace((span.start, span.end, "") for span in spans), removals


def apply_rules(edited: EditedText, rules: Sequence[Rule]) -> tuple[EditedText, list[Removal]]:
    return _cut(edited, find_spans(edited.text, rules))


def drop_repeats(edited: EditedText, min_words: int, lone_min_words: int) -> tuple[EditedText, list[Removal]]:
    """Remove every paragraph (sentence, in a one-line document) that repeats an earlier one of the text.

    Units are compared in the matching view, so a copy that differs only in punctuation or diacritics counts.
    A repeat under ``lone_min_words`` words goes only next to another repeat (inside a doubled block): alone,
    it is a formula that recurs in the article itself, such as the closing prayer of each of two statements.
    """
    seen: set[str] = set()
    found: list[tuple[int, int]] = []  # (unit position, words) of each repeat
    spans = []
    document = units(edited.text)
    for position, unit in enumerate(document):
        tokens = matching_tokens(unit.text)
        if len(tokens) < max(min_words, 1):
            continue
        key = " ".join(tokens)
        if key in seen:
            found.append((position, len(tokens)))
        seen.add(key)
    repeated = {position for position, _ in found}
    for position, words in found:
        if words >= lone_min_words or {position - 1, position + 1} & repeated:
            unit = document[position]
            spans.append(widen(edited.text, Span(unit.start, unit.end, REPEAT_RULE)))
    return _cut(edited, resolve_overlaps(spans))


def clean_edited(
    text: str, clean: CleanConfig, repeats: RepeatsConfig, rules: Sequence[Rule] | None = None
) -> CleanedText:
    """Stages 2 and 3 on one text: repairs, rules, then repeated paragraphs; spans refer to ``text``."""
    edited, repairs = repair_text(EditedText.of(text))
    removals: list[Removal] = []
    if clean.enabled:
        edited, found = apply_rules(edited, active_rules(clean) if rules is None else rules)
        removals += found
    if repeats.enabled:
        edited, found = drop_repeats(edited, repeats.min_words, repeats.lone_min_words)
        removals += found
    removals.sort(key=lambda r: (r.start, r.end))
    return CleanedText(edited.text, tuple(removals), repairs)


def clean_text(text: str, config: CleanConfig | None = None) -> CleanedText:
    """Repair encoding and layout and remove boilerplate (stage 2), with every removal explained.

    >>> cleaned = clean_text("الخبر كما ورد.\\nمشاركة :")
    >>> cleaned.text, [(r.rule, r.text) for r in cleaned.removals]
    ('الخبر كما ورد.', [('share_prompt', '\\nمشاركة :')])
    """
    return clean_edited(text, config or CleanConfig(), RepeatsConfig(enabled=False))


def remove_repeated_paragraphs(text: str, config: RepeatsConfig | None = None) -> CleanedText:
    """Remove paragraphs that repeat earlier ones of the same text (stage 3), after the repairs.

    >>> line = "وصل وزير الخارجية إلى العاصمة صباح اليوم في زيارة رسمية تستغرق يومين."
    >>> cleaned = remove_repeated_paragraphs(f"{line}\\nسطر آخر بينهما\\n{line}")
    >>> cleaned.text == f"{line}\\nسطر آخر بينهما", [r.rule for r in cleaned.removals]
    (True, ['repeated_paragraph'])
    """
    return clean_edited(text, CleanConfig(enabled=False), config or RepeatsConfig())
