"""English news furniture: the built-in English rule pack.

Cues from BBC's page code and public scrapers (../shared/ARABIC_NEWS_NOTES.md §3, "English"), each with the
position it may fire in: a whole line, the last lines, the first lines, or the very start of the text.
tests/test_clean.py holds, for each rule, text it must remove and real sentences with the same cue it must keep.
"""

from __future__ import annotations

from dedupe.clean.rules import Rule

# A capitalized name of one to four words ("Lyse Doucet", "Mary-Jane O'Neil").
NAME = r"\p{Lu}[\p{L}'’.-]+(?:[ \t]+\p{Lu}[\p{L}'’.-]+){0,3}"

ENGLISH_RULES: tuple[Rule, ...] = (
    Rule(
        name="en_media_caption",
        kind="line",
        # BBC: "Image source, Getty Images" / "Image caption, Crowds gathered …" / "Video caption, …".
        pattern=(
            r"[ \t]*(?:Image source|Image caption|Video caption|Media caption|Photo credit)"
            r"[ \t]*[,:][^\n]{0,300}"
        ),
        description="image or video credit and caption line",
    ),
    Rule(
        name="en_related_heading",
        kind="heading",
        pattern=(
            r"[ \t]*(?:Read more|Read also|Related topics|Related stories|Related articles|More on this story|"
            r"Most read|You may also like|Recommended)[ \t]*(?::[^\n]{0,200})?"
        ),
        description="'read more' / related-articles heading and the headline-like lines after it",
    ),
    Rule(
        name="en_share_prompt",
        kind="line",
        pattern=(r"[ \t]*(?:Share this(?: article| story| page)?|Share|Print|Email this(?: article)?)[ \t]*:?[ \t]*"),
        description="share / print / e-mail prompt alone on a line",
    ),
    Rule(
        name="en_follow_us",
        kind="trailer",
        pattern=(
            r"[ \t]*Follow (?:us|\p{Lu}[\w ]{0,30}) on "
            r"(?:Twitter|Facebook|Instagram|X|YouTube|LinkedIn)[^\n.]{0,80}"
        ),
        description="'follow us on …' line at the end of the article",
    ),
    Rule(
        name="en_copyright",
        kind="trailer",
        pattern=r"[^\n]{0,80}All rights reserved\.?[ \t]*",
        description="copyright line at the end of the article",
    ),
    Rule(
        name="en_advertisement",
        kind="line",
        pattern=r"[ \t]*(?:Advertisement|ADVERTISEMENT|Sponsored content|Skip advertisement)[ \t]*",
        description="advertisement label alone on a line",
    ),
    Rule(
        name="en_byline",
        kind="lead",
        # "By Lyse Doucet, Chief international correspondent": "By" and a capitalized name, as a whole line.
        pattern=(
            rf"[ \t]*By[ \t]+{NAME}"
            rf"(?:(?:[ \t]*,[ \t]*|[ \t]+and[ \t]+){NAME}|[ \t]*,[ \t]*[\w ]{{1,40}})?[ \t]*"
        ),
        description="'By' and the writer's name, alone on one of the first lines",
        moves=True,
    ),
)
