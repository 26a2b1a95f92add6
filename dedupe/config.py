"""Configuration: one frozen dataclass per stage, nested in :class:`DedupeConfig`.

Every default lives here and nowhere else. ``dedupe.example.toml`` at the top of the repository spells them
out with their reasons (a test checks that it equals ``DedupeConfig()``). A TOML file may set any subset;
unknown sections or keys, wrong types and out-of-range values are a :class:`ConfigError` that lists what is valid.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dedupe.errors import ConfigError

KEEP_POLICIES = ("longest", "first", "earliest", "source")


@dataclass(frozen=True, slots=True)
class InputConfig:
    id_field: str = "id"
    text_field: str = "text"


@dataclass(frozen=True, slots=True)
class CleanConfig:
    enabled: bool = True
    # Rule packs to load: "ar", "en", "fr" (the language-neutral web rules always load); empty: all of them.
    languages: tuple[str, ...] = ()
    # A document whose field of this name gives its language ("ar", "en-GB") gets only that language's rules and
    # the neutral ones; documents without it get every loaded pack.
    language_field: str = "language"
    # Names of rules to switch off (see `dedupe rules`).
    disabled_rules: tuple[str, ...] = ()
    # Rules of your own, as [[clean.rules]] tables: name, kind, pattern, and optionally description, moves,
    # sources, languages, needs. A rule named like a built-in one replaces it.
    rules: tuple[dict[str, Any], ...] = ()
    # The guard: a document whose rules and learned lines would delete more than this share of its characters
    # is not cut at all, and is flagged in the report for review (repeats and moved bylines lose nothing and
    # do not count). The largest legitimate cut seen on the dev corpus is 0.82 (a poll's widget code).
    max_cut_share: float = 0.85


@dataclass(frozen=True, slots=True)
class RepeatsConfig:
    """Paragraphs repeated inside one document."""

    enabled: bool = True
    # A repeated unit shorter than this (in matching-view words) stays: short lines such as a lone
    # "إجلاء الجرحى" sub-heading may legitimately recur, and a two-word sentence is weak evidence.
    min_words: int = 4
    # A repeat shorter than this is removed only next to another repeat (a doubled block); alone it is a
    # formula the article itself repeats ("والسلام عليكم ورحمة الله وبركاته" closing each of two letters).
    lone_min_words: int = 10


@dataclass(frozen=True, slots=True)
class LearnedConfig:
    """Boilerplate learned from how often a line recurs across the articles of one source (clean/learned.py)."""

    enabled: bool = True
    # A line is learned when it recurs in at least this many articles of one source, counted by distinct
    # bodies (an article republished four times counts once).
    min_docs: int = 4
    # Longer lines are prose and never learned.
    max_words: int = 25
    # A learned line that opens at least this share of the articles carrying it is a byline or dateline:
    # it moves to the document's `bylines` instead of being removed.
    byline_share: float = 0.5
    # Regular expressions over whole lines: `allow` lines are never learned, `deny` lines always go
    # (recorded as learned_boilerplate), however often they occur.
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NearDuplicatesConfig:
    """Near-duplicate documents; the evidence is explained in verify.py, the defaults' measurements in the README."""

    enabled: bool = True
    # Documents with fewer matching-view words are never compared: empty and stub texts all collide.
    min_words: int = 15
    # Word bigrams of the matching view (numbers kept); a shingle in more than rare_df documents is template,
    # dateline or boilerplate text and is left out of the comparison.
    shingle_size: int = 2
    rare_df: int = 20
    df_table_bits: int = 24
    # Duplicate: at least min_shared rare shingles in common, covering min_containment of the smaller set and
    # min_coverage of the larger one. Contained: only containment, at least contained_min.
    min_shared: int = 3
    min_containment: float = 0.5
    min_coverage: float = 0.5
    contained_min: float = 0.6
    # A number conflict in an aligned slot vetoes a pair whose rare-shingle Jaccard is below this.
    number_veto_below: float = 0.6
    # Contained documents are kept and reported; true drops them into duplicates.jsonl.
    drop_contained: bool = False
    # With drop_contained: a contained document's cluster joins its container's when at least this share of
    # the pairs across the two clusters is related (1.0: every pair, complete linkage).
    contained_linkage: float = 0.6
    # Which document a cluster keeps: longest, first (input order), earliest (date_field), source (the first
    # source of source_priority, found in source_field). Ties go to the longer, then the earlier document.
    keep: str = "longest"
    date_field: str = "date"
    source_field: str = "source"
    source_priority: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParagraphsConfig:
    """Paragraphs repeated across documents (reported, never deleted)."""

    enabled: bool = True
    min_words: int = 8
    shingle_size: int = 3
    num_perm: int = 64
    seed: int = 1
    lsh_threshold: float = 0.6
    verify_ratio: float = 0.9


@dataclass(frozen=True, slots=True)
class FilterConfig:
    # A document with fewer words than this after cleaning is rejected; 1 rejects only empty documents.
    min_words: int = 1


@dataclass(frozen=True, slots=True)
class DedupeConfig:
    input: InputConfig = field(default_factory=InputConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    repeats: RepeatsConfig = field(default_factory=RepeatsConfig)
    learned: LearnedConfig = field(default_factory=LearnedConfig)
    near_duplicates: NearDuplicatesConfig = field(default_factory=NearDuplicatesConfig)
    paragraphs: ParagraphsConfig = field(default_factory=ParagraphsConfig)
    filter: FilterConfig = field(default_factory=FilterConfig)

    def as_dict(self) -> dict[str, Any]:
        """Plain nested dict (tuples as lists), as written to report.json."""
        return {
            section.name: {k: _plain(v) for k, v in dataclasses.asdict(getattr(self, section.name)).items()}
            for section in dataclasses.fields(self)
        }


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _check_value(where: str, value: Any, default: Any) -> Any:
    """Coerce ``value`` to the type of ``default`` or raise ConfigError naming ``where``."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where} must be a whole number, not {value!r}")
        if value < 0:
            raise ConfigError(f"{where} must not be negative, not {value}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where} must be a number, not {value!r}")
        if not 0.0 <= value <= 1.0:
            raise ConfigError(f"{where} must be between 0 and 1, not {value}")
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{where} must be a string, not {value!r}")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} must be a list of strings, not {value!r}")
        return tuple(value)
    raise AssertionError(f"no type check for {where}")  # pragma: no cover - a new option without a check


RULE_KEYS = {
    "name": "",
    "kind": "",
    "pattern": "",
    "description": "",
    "moves": False,
    "sources": (),
    "languages": (),
    "needs": (),
}


def _check_rules(where: str, value: Any, default: Any) -> tuple[dict[str, Any], ...]:
    """[[clean.rules]]: a list of tables, each checked by :func:`_check_rule`."""
    if not isinstance(value, list):
        raise ConfigError(f"{where} must be a list of tables ([[clean.rules]]), not {value!r}")
    return tuple(_check_rule(f"{where}[{n}]", rule) for n, rule in enumerate(value))


def _check_rule(where: str, rule: Any) -> dict[str, Any]:
    """A user rule's keys and their types; the kind and pattern are checked where rules are built (clean)."""
    if not isinstance(rule, dict):
        raise ConfigError(f"{where} must be a table with name, kind and pattern, not {rule!r}")
    unknown = sorted(set(rule) - set(RULE_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; valid keys: {', '.join(RULE_KEYS)}")
    missing = [key for key in ("name", "kind", "pattern") if not rule.get(key)]
    if missing:
        raise ConfigError(f"{where}: {missing[0]} is required")
    return {key: _check_value(f"{where}.{key}", value, RULE_KEYS[key]) for key, value in rule.items()}


# Options whose values are not plain scalars or lists of strings, with their own check.
SPECIAL_CHECKS = {("clean", "rules"): _check_rules}


def _validate(config: DedupeConfig) -> DedupeConfig:
    nd = config.near_duplicates
    if nd.keep not in KEEP_POLICIES:
        raise ConfigError(f"near_duplicates.keep must be one of {', '.join(KEEP_POLICIES)}, not {nd.keep!r}")
    for where, section in (("near_duplicates", nd), ("paragraphs", config.paragraphs)):
        if section.shingle_size < 1:
            raise ConfigError(f"{where}.shingle_size must be at least 1")
    if config.learned.min_docs < 2:
        raise ConfigError("learned.min_docs must be at least 2 (a line in one document is not a pattern)")
    if config.paragraphs.num_perm < 16:
        raise ConfigError("paragraphs.num_perm must be at least 16")
    if not 2 <= nd.rare_df <= 1000:
        raise ConfigError("near_duplicates.rare_df must be between 2 and 1000 (a shingle's pairs grow with its square)")
    if nd.contained_linkage <= 0.0:
        raise ConfigError("near_duplicates.contained_linkage must be above 0")
    if not 8 <= nd.df_table_bits <= 32:
        raise ConfigError("near_duplicates.df_table_bits must be between 8 and 32")
    if nd.keep == "source" and not nd.source_priority:
        raise ConfigError('near_duplicates.keep = "source" needs near_duplicates.source_priority, a list of sources')
    for name in (config.input.id_field, config.input.text_field):
        if not name:
            raise ConfigError("input.id_field and input.text_field must not be empty")
    if config.input.id_field == config.input.text_field:
        raise ConfigError("input.id_field and input.text_field must name different fields")
    return config


def config_from_dict(data: dict[str, Any], source: str = "config") -> DedupeConfig:
    """Build a config from nested dicts (as parsed from TOML), rejecting unknown sections and keys."""
    base = DedupeConfig()
    sections = {f.name: getattr(base, f.name) for f in dataclasses.fields(base)}
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise ConfigError(f"{source}: unknown section [{unknown[0]}]; valid sections: {', '.join(sections)}")
    changes = {}
    for name, values in data.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: [{name}] must be a table of options")
        default_section = sections[name]
        valid = [f.name for f in dataclasses.fields(default_section)]
        bad = sorted(set(values) - set(valid))
        if bad:
            raise ConfigError(f"{source}: unknown key {name}.{bad[0]}; valid keys in [{name}]: {', '.join(valid)}")
        checked = {
            key: SPECIAL_CHECKS.get((name, key), _check_value)(
                f"{source}: {name}.{key}", value, getattr(default_section, key)
            )
            for key, value in values.items()
        }
        changes[name] = dataclasses.replace(default_section, **checked)
    return _validate(dataclasses.replace(base, **changes))


def load_config(path: str | Path | None = None) -> DedupeConfig:
    """Load a TOML config file; ``None`` gives the defaults."""
    if path is None:
        return DedupeConfig()
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config file: {err.strerror}") from None
    return config_from_dict(data, source=str(path))


def with_overrides(config: DedupeConfig, overrides: dict[str, dict[str, Any]]) -> DedupeConfig:
    """Apply command-line overrides ({section: {key: value}}) with the same checks as a config file."""
    merged = config.as_dict()
    for name, values in overrides.items():
        merged[name].update(values)
    return config_from_dict(merged, source="command line")
