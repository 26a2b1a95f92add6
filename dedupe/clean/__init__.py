"""Output-text cleaning: encoding and layout repairs, boilerplate rules, learned boilerplate, and repeats
inside a document.

A text is cleaned in two steps, so that a corpus can be counted in between: :func:`draft` (repairs, then the
removing rules, then the moving ones) and :func:`finish` (learned lines, the guard, repeats). Each step returns
the removed spans with their rule, mapped to offsets in the text as it was read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from dedupe.clean.arabic import ARABIC_BYLINE_RULES, ARABIC_RULES
from dedupe.clean.edits import EditedText
from dedupe.clean.english import ENGLISH_RULES
from dedupe.clean.french import FRENCH_RULES
from dedupe.clean.learned import LEARNED_BYLINE_RULE, LEARNED_RULE, LearnedLines, learned_spans
from dedupe.clean.repair import repair_text
from dedupe.clean.rules import Rule, Span, find_spans, resolve_overlaps, trim_end, widen
from dedupe.clean.web import WEB_RULES
from dedupe.config import CleanConfig, RepeatsConfig
from dedupe.errors import ConfigError
from dedupe.normalize import MatchingView, matching_view, matching_views
from dedupe.records import CleanedText, Removal, by_fields

__all__ = [
    "BUILTIN_RULES",
    "PACKS",
    "Rule",
    "active_rules",
    "clean_text",
    "draft",
    "finish",
    "finish_many",
    "remove_repeated_paragraphs",
]

# Rule packs by language; the web pack ("") is language-neutral and always loads.
PACKS: dict[str, tuple[Rule, ...]] = {
    "ar": ARABIC_RULES + ARABIC_BYLINE_RULES,
    "en": ENGLISH_RULES,
    "fr": FRENCH_RULES,
    "": WEB_RULES,
}
BUILTIN_RULES: tuple[Rule, ...] = tuple(
    dataclasses.replace(rule, languages=(language,) if language else ())
    for language, pack in PACKS.items()
    for rule in pack
)
REPEAT_RULE = "repeated_paragraph"


def user_rule(spec: Mapping[str, Any]) -> Rule:
    """A rule from a [[clean.rules]] table of the config (keys checked by config.py)."""
    try:
        return Rule(
            name=spec["name"],
            kind=spec["kind"],
            pattern=spec["pattern"],
            description=spec.get("description", "") or "user rule",
            moves=spec.get("moves", False),
            sources=tuple(spec.get("sources", ())),
            languages=tuple(spec.get("languages", ())),
            needs=tuple(spec.get("needs", ())),
        )
    except (ValueError, regex.error) as err:
        raise ConfigError(f"clean.rules: rule {spec['name']!r}: {err}") from None


def active_rules(config: CleanConfig) -> tuple[Rule, ...]:
    """The built-in rules of the loaded packs, with the user's rules (one named like a built-in replaces it),
    minus those the config disables (unknown names are an error)."""
    unknown_packs = sorted(set(config.languages) - set(PACKS) - {""})
    if unknown_packs:
        raise ConfigError(
            f"clean.languages: no rule pack {unknown_packs[0]!r}; packs: {', '.join(p for p in PACKS if p)}"
        )
    rules = {
        rule.name: rule
        for rule in BUILTIN_RULES
        if not config.languages or not rule.languages or set(rule.languages) & set(config.languages)
    }
    for spec in config.rules:
        rules[spec["name"]] = user_rule(spec)
    unknown = sorted(set(config.disabled_rules) - set(rules))
    if unknown:
        raise ConfigError(f"clean.disabled_rules: unknown rule {unknown[0]!r}; valid rules: {', '.join(rules)}")
    return tuple(rule for name, rule in rules.items() if name not in config.disabled_rules)


def document_language(value: Any) -> str | None:
    """The rule-pack language of a document's language field: "ar-SA" → "ar"; None when absent."""
    if value is None or not str(value).strip():
        return None
    return str(value).strip().lower().replace("_", "-").split("-")[0]


def _cut(
    edited: EditedText, spans: list[Span], moved: frozenset[str] = frozenset()
) -> tuple[EditedText, list[Removal], list[str]]:
    """Remove ``spans``; those of the rules in ``moved`` are recorded as moved, and their text (repaired,
    stripped) is returned as bylines."""
    if not spans:  # most calls: a replace without edits would rebuild the same text and anchors
        return edited, [], []
    bylines = [edited.text[s.start : s.end].strip() for s in spans if s.rule in moved]
    spans = trim_end(edited.text, spans)
    removals = []
    for span in spans:
        start, end = edited.span_in_original(span.start, span.end)
        removals.append(Removal(span.rule, start, end, edited.original[start:end], span.rule in moved))
    return edited.replace((span.start, span.end, "") for span in spans), removals, bylines


def apply_rules(edited: EditedText, rules: Sequence[Rule]) -> tuple[EditedText, list[Removal], list[str]]:
    """The removing rules, then the moving ones on what is left; returns the moved (byline) texts too."""
    removals: list[Removal] = []
    bylines: list[str] = []
    for moving in (False, True):
        group = [rule for rule in rules if rule.moves == moving]
        if not group:
            continue
        spans = find_spans(edited.text, group)
        names = frozenset(rule.name for rule in group) if moving else frozenset()
        edited, found, moved_text = _cut(edited, spans, names)
        removals += found
        bylines += moved_text
    return edited, removals, bylines


def apply_learned(
    edited: EditedText,
    source: str | None,
    learned: LearnedLines,
    lines: Iterable[tuple[int, int, int]] | None = None,
) -> tuple[EditedText, list[Removal], list[str]]:
    """Remove the learned boilerplate lines of ``edited``; move the learned bylines. ``lines``: each line's
    (start, end, line hash), when already made (learned.hashed_lines)."""
    spans = [
        widen(edited.text, Span(start, end, LEARNED_BYLINE_RULE if entry.byline else LEARNED_RULE))
        for start, end, entry in learned_spans(edited.text, source, learned, lines)
    ]
    return _cut(edited, resolve_overlaps(spans), frozenset({LEARNED_BYLINE_RULE}))


def drop_repeats(
    edited: EditedText, min_words: int, lone_min_words: int, view: MatchingView | None = None
) -> tuple[EditedText, list[Removal]]:
    """Remove every paragraph (sentence, in a one-line document) that repeats an earlier one of the text.

    Units are compared in the matching view (``view``: that of ``edited.text``, made here when not given), so
    a copy that differs only in punctuation or diacritics counts. A repeat under ``lone_min_words`` words goes
    only next to another repeat (inside a doubled block): alone, it is a formula that recurs in the article
    itself, such as the closing prayer of each of two statements.
    """
    seen: set[bytes] = set()
    found: list[tuple[int, int]] = []  # (unit position, words) of each repeat
    spans = []
    view = matching_view(edited.text) if view is None else view
    document, layout = view.units()
    hashes = layout.hashes
    for position, (first, last) in enumerate(zip(layout.firsts, layout.lasts, strict=True)):
        if last - first < max(min_words, 1):
            continue
        key = hashes[first:last].tobytes()  # the unit's token hashes: equal bytes, equal tokens
        if key in seen:
            found.append((position, last - first))
        seen.add(key)
    repeated = {position for position, _ in found}
    for position, words in found:
        if words >= lone_min_words or {position - 1, position + 1} & repeated:
            unit = document[position]
            spans.append(widen(edited.text, Span(unit.start, unit.end, REPEAT_RULE)))
    edited, removals, _ = _cut(edited, resolve_overlaps(spans))
    return edited, removals


@dataclass(frozen=True, slots=True)
class Draft:
    """A text after repairs and rules, before learned lines and repeats (what learning counts)."""

    edited: EditedText
    removals: tuple[Removal, ...]
    bylines: tuple[str, ...]
    repairs: Mapping[str, int]
    # (start, end, learned.line_hash) of each non-blank line of the text, for its source, when the caller made
    # them already (the pipeline's first pass, which counts them): finishing need not key the lines again.
    lines: tuple[tuple[int, int, int], ...] | None = None

    __reduce__ = by_fields

    @property
    def text(self) -> str:
        return self.edited.text


def draft(
    text: str,
    clean: CleanConfig,
    rules: Sequence[Rule] | None = None,
    source: str | None = None,
    language: str | None = None,
) -> Draft:
    """Repairs, then the rules that apply to a document of ``source`` and ``language`` (None: unknown)."""
    edited, repairs = repair_text(EditedText.of(text))
    removals: list[Removal] = []
    bylines: list[str] = []
    if clean.enabled:
        rules = active_rules(clean) if rules is None else rules
        applicable = [r for r in rules if r.applies_to(source, language)]
        edited, removals, bylines = apply_rules(edited, applicable)
    return Draft(edited, tuple(removals), tuple(bylines), repairs)


def finish(
    drafted: Draft,
    clean: CleanConfig,
    repeats: RepeatsConfig,
    learned: LearnedLines | None = None,
    source: str | None = None,
) -> CleanedText:
    """Learned lines, the guard, then repeated paragraphs. The guard: when the rules and learned lines together
    would delete more than ``clean.max_cut_share`` of the text, nothing is cut (only the repairs stay) and the
    removals are returned as ``withheld``."""
    return finish_many([drafted], clean, repeats, learned, [source])[0].cleaned


@dataclass(frozen=True, slots=True)
class Finished:
    """A text after :func:`finish`, with the matching view of its final text when one was made on the way."""

    cleaned: CleanedText
    view: MatchingView | None


def finish_many(
    drafts: Sequence[Draft],
    clean: CleanConfig,
    repeats: RepeatsConfig,
    learned: LearnedLines | None,
    sources: Sequence[str | None],
) -> list[Finished]:
    """:func:`finish` for several texts, their matching views made in one pass (:func:`matching_views`)."""
    staged = [
        _learn_and_guard(drafted, clean, learned, source) for drafted, source in zip(drafts, sources, strict=True)
    ]
    if not repeats.enabled:
        return [Finished(_finished(drafted, *stage), None) for drafted, stage in zip(drafts, staged, strict=True)]
    pending = [k for k, (_, _, _, withheld) in enumerate(staged) if withheld is None]
    views = dict(zip(pending, matching_views([staged[k][0].text for k in pending]), strict=True))
    finished = []
    for k, (edited, removals, bylines, withheld) in enumerate(staged):
        view = views.get(k)
        if view is not None:
            edited, found = drop_repeats(edited, repeats.min_words, repeats.lone_min_words, view)
            if found:
                removals, view = removals + found, None  # the view is of the text before the repeats went
        finished.append(Finished(_finished(drafts[k], edited, removals, bylines, withheld), view))
    return finished


def _learn_and_guard(
    drafted: Draft, clean: CleanConfig, learned: LearnedLines | None, source: str | None
) -> tuple[EditedText, list[Removal], list[str], tuple[Removal, ...] | None]:
    """Learned lines and the guard: the edited text, removals, bylines, and the withheld removals (None unless
    the guard fired, when the text is the repaired original)."""
    edited = drafted.edited
    removals = list(drafted.removals)
    bylines = list(drafted.bylines)
    if clean.enabled and learned:
        edited, found, moved = apply_learned(edited, source, learned, drafted.lines)
        removals += found
        bylines += moved
    cut = sum(r.end - r.start for r in removals if not r.moved)
    if removals and cut > clean.max_cut_share * len(edited.original):
        repaired, _ = repair_text(EditedText.of(edited.original))
        return repaired, [], [], tuple(sorted(removals, key=lambda r: (r.start, r.end)))
    return edited, removals, bylines, None


def _finished(
    drafted: Draft,
    edited: EditedText,
    removals: list[Removal],
    bylines: list[str],
    withheld: tuple[Removal, ...] | None,
) -> CleanedText:
    if withheld is not None:
        return CleanedText(edited.text, (), drafted.repairs, (), withheld)
    removals.sort(key=lambda r: (r.start, r.end))
    return CleanedText(edited.text, tuple(removals), drafted.repairs, tuple(bylines))


def clean_edited(
    text: str,
    clean: CleanConfig,
    repeats: RepeatsConfig,
    rules: Sequence[Rule] | None = None,
    learned: LearnedLines | None = None,
    source: str | None = None,
) -> CleanedText:
    """Stages 2 and 3 on one text: repairs, rules, learned lines, then repeated paragraphs; spans refer to
    ``text``."""
    return finish(draft(text, clean, rules, source), clean, repeats, learned, source)


def clean_text(
    text: str, config: CleanConfig | None = None, learned: LearnedLines | None = None, source: str | None = None
) -> CleanedText:
    """Repair encoding and layout, remove boilerplate and move bylines (stage 2), with every removal explained.
    ``learned`` (from :func:`dedupe.learn_boilerplate`) adds the lines learned for ``source``.

    >>> cleaned = clean_text("عين اليوم – الرياض\\nالخبر كما ورد.\\nمشاركة :")
    >>> cleaned.text, cleaned.bylines, [(r.rule, r.moved) for r in cleaned.removals]
    ('الخبر كما ورد.', ('عين اليوم – الرياض',), [('byline', True), ('share_prompt', False)])
    """
    return clean_edited(text, config or CleanConfig(), RepeatsConfig(enabled=False), learned=learned, source=source)


def remove_repeated_paragraphs(text: str, config: RepeatsConfig | None = None) -> CleanedText:
    """Remove paragraphs that repeat earlier ones of the same text (stage 3), after the repairs.

    >>> line = "وصل وزير الخارجية إلى العاصمة صباح اليوم في زيارة رسمية تستغرق يومين."
    >>> cleaned = remove_repeated_paragraphs(f"{line}\\nسطر آخر بينهما\\n{line}")
    >>> cleaned.text == f"{line}\\nسطر آخر بينهما", [r.rule for r in cleaned.removals]
    (True, ['repeated_paragraph'])
    """
    return clean_edited(text, CleanConfig(enabled=False), config or RepeatsConfig())
