"""Configuration: defaults in one place, the example file equals them, bad keys and values are explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from dedupe import ConfigError, DedupeConfig, load_config
from dedupe.config import with_overrides


def test_example_config_equals_defaults() -> None:
    assert load_config(ROOT / "dedupe.example.toml") == DedupeConfig()


def test_no_file_gives_defaults() -> None:
    assert load_config(None) == DedupeConfig()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[nope]\n", r"unknown section \[nope\]; valid sections: input, clean, repeats"),
        (
            "[near_duplicates]\nthreshold = 0.5\n",
            r"unknown key near_duplicates\.threshold; valid keys in \[near_duplicates\]: enabled, min_words",
        ),
        ("[near_duplicates]\nrare_df = 'many'\n", r"near_duplicates\.rare_df must be a whole number"),
        ("[near_duplicates]\nrare_df = 1\n", r"near_duplicates\.rare_df must be between 2 and 1000"),
        ("[near_duplicates]\ncontained_linkage = 0\n", r"contained_linkage must be above 0"),
        ("[paragraphs]\nnum_perm = 8\n", r"paragraphs\.num_perm must be at least 16"),
        ("[near_duplicates]\nmin_coverage = 1.5\n", r"near_duplicates\.min_coverage must be between 0 and 1"),
        ("[near_duplicates]\nkeep = 'source'\n", r"needs near_duplicates\.source_priority"),
        (
            "[near_duplicates]\nkeep = 'newest'\n",
            r"near_duplicates\.keep must be one of longest, first, earliest, source",
        ),
        ("[clean]\nenabled = 1\n", r"clean\.enabled must be true or false"),
        ("[clean]\ndisabled_rules = 'x'\n", r"clean\.disabled_rules must be a list of strings"),
        ("[input]\nid_field = 'text'\n", r"must name different fields"),
        ("not toml = = \n", r"not valid TOML"),
        ("[learned]\nmin_docs = 1\n", r"learned\.min_docs must be at least 2"),
        ("[[clean.rules]]\nname = 'x'\nkind = 'line'\n", r"clean\.rules\[0\]: pattern is required"),
        ("[[clean.rules]]\nname = 'x'\nkind = 'line'\npattern = 'a'\ncolour = 1\n", r"unknown key 'colour'"),
        ("[[clean.rules]]\nname = 'x'\nkind = 'line'\npattern = 'a'\nmoves = 'yes'\n", r"rules\[0\]\.moves must be"),
        ("[[clean.rules]]\nname = 'x'\nkind = 'line'\npattern = 'a'\nneeds = 'a'\n", r"rules\[0\]\.needs must be"),
        ("[clean]\nrules = 'x'\n", r"clean\.rules must be a list of tables"),
    ],
)
def test_bad_config_is_explained(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_partial_config_keeps_other_defaults(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[near_duplicates]\nkeep = 'first'\nmin_coverage = 1\n")
    config = load_config(path)
    assert config.near_duplicates.keep == "first" and config.near_duplicates.min_coverage == 1.0
    assert config.near_duplicates.rare_df == DedupeConfig().near_duplicates.rare_df
    assert config.paragraphs == DedupeConfig().paragraphs


def test_overrides_are_checked_like_the_file() -> None:
    config = with_overrides(DedupeConfig(), {"input": {"text_field": "body"}})
    assert config.input.text_field == "body" and config.input.id_field == "id"
    with pytest.raises(ConfigError, match="keep must be one of"):
        with_overrides(DedupeConfig(), {"near_duplicates": {"keep": "oldest"}})


USER_RULES = r"""
[[clean.rules]]
name = "okaz_signature"
kind = "trailer"
pattern = 'مع تحيات [^\n]{1,40}'
sources = ["okaz"]
needs = ["مع تحيات"]

[[clean.rules]]
name = "share_prompt"
kind = "line"
pattern = '\s*انشر\s*'
description = "replaces the built-in share prompt"
"""


def test_user_rules_add_override_and_limit_by_source(tmp_path: Path) -> None:
    from dedupe import Document, run

    path = tmp_path / "c.toml"
    path.write_text(USER_RULES, encoding="utf-8")
    config = load_config(path)
    prose = "وقال المتحدث إن الاجتماع سيعقد غدا في العاصمة."
    documents = [
        Document("o", prose + "\nمع تحيات التحرير", {"source": "okaz"}),
        Document("w", prose + "\nمع تحيات التحرير", {"source": "alwatan"}),
        Document("s", prose + " الثاني.\nانشر\nمشاركة :", {"source": "alwatan"}),
    ]
    kept = {d["id"]: d["text"] for d in run(documents, config).kept}
    assert kept["o"] == prose
    assert kept["w"] == prose + "\nمع تحيات التحرير"  # another source: the rule does not run
    assert kept["s"] == prose + " الثاني.\nمشاركة :"  # the built-in share_prompt is replaced
    assert with_overrides(config, {}) == config  # user rules survive the report's echo of the config


def test_bad_user_rule_pattern_names_the_rule(tmp_path: Path) -> None:
    from dedupe.clean import active_rules

    path = tmp_path / "c.toml"
    path.write_text("[[clean.rules]]\nname = 'broken'\nkind = 'line'\npattern = '(unclosed'\n")
    with pytest.raises(ConfigError, match="clean.rules: rule 'broken'"):
        active_rules(load_config(path).clean)


def test_language_packs_and_language_field() -> None:
    from dataclasses import replace

    from dedupe import Document, run
    from dedupe.clean import active_rules

    clean = DedupeConfig().clean
    assert not any(r.name.startswith("en_") for r in active_rules(replace(clean, languages=("ar",))))
    with pytest.raises(ConfigError, match="no rule pack 'de'"):
        active_rules(replace(clean, languages=("de",)))
    text = "The minister spoke on Monday about the plan for the coming year.\nShare this article"
    documents = [Document("en", text, {"language": "en-GB"}), Document("ar", text, {"language": "ar"})]
    kept = {d["id"]: d["text"] for d in run(documents).kept}
    assert kept["en"] == text.split("\n")[0] and kept["ar"] == text
