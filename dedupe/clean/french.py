"""French news furniture: the built-in French rule pack.

Cues from public scrapers and outlets' page code (../shared/ARABIC_NEWS_NOTES.md §3, "French"), each with the
position it may fire in. tests/test_clean.py holds, for each rule, text it must remove and real sentences with
the same cue it must keep.
"""

from __future__ import annotations

from dedupe.clean.rules import Rule

NAME = r"\p{Lu}[\p{L}'’.-]+(?:[ \t]+(?:de |d'|du |le |la )?\p{Lu}[\p{L}'’.-]+){0,3}"

FRENCH_RULES: tuple[Rule, ...] = (
    Rule(
        name="fr_media_caption",
        kind="line",
        pattern=(
            r"[ \t]*(?:Légende image|Légende vidéo|Légende photo|Crédit photo|Crédit image|Crédits photo)"
            r"[ \t]*[,:][^\n]{0,300}"
        ),
        description="image or video credit and caption line",
    ),
    Rule(
        name="fr_related_heading",
        kind="heading",
        pattern=(
            r"[ \t]*(?:À lire aussi|A lire aussi|Lire aussi|Voir aussi|Sur le même sujet|Les plus lus|"
            r"Nos articles sur le sujet)[ \t]*(?::[^\n]{0,200})?"
        ),
        description="'lire aussi' / related-articles heading and the headline-like lines after it",
    ),
    Rule(
        name="fr_share_prompt",
        kind="line",
        pattern=(
            r"[ \t]*(?:Partager(?: cet article| sur \w+)?|Imprimer|Envoyer à un ami|Envoyer par e-mail)"
            r"[ \t]*:?[ \t]*"
        ),
        description="share / print / send prompt alone on a line",
    ),
    Rule(
        name="fr_follow_us",
        kind="trailer",
        pattern=r"[ \t]*Suivez[- ]nous sur [^\n.]{1,80}",
        description="'suivez-nous sur …' line at the end of the article",
    ),
    Rule(
        name="fr_copyright",
        kind="trailer",
        pattern=r"[^\n]{0,80}Tous droits réservés\.?[ \t]*",
        description="copyright line at the end of the article",
    ),
    Rule(
        name="fr_byline",
        kind="lead",
        # "Par Jean Dupont, envoyé spécial à Tripoli": "Par" and a capitalized name, as a whole line.
        pattern=(
            rf"[ \t]*Par[ \t]+{NAME}"
            rf"(?:(?:[ \t]*,[ \t]*|[ \t]+et[ \t]+){NAME}|[ \t]*,[ \t]*[\w' ]{{1,40}})?[ \t]*"
        ),
        description="'Par' and the writer's name, alone on one of the first lines",
        moves=True,
    ),
)
