"""Page furniture that is the same in every language: code from the page glued into the text.

Seen in the Saudi dev corpus: reader polls of alriyadh carry their voting widget's CSS rules and jQuery code
inline ("#vote_area2 ul { padding: 0; margin: 0; } … jQuery(document).ready(function(){ … }); });").
"""

from __future__ import annotations

from dedupe.clean.rules import Rule

WEB_RULES: tuple[Rule, ...] = (
    Rule(
        name="embedded_code",
        kind="inline",
        # Starts at a CSS rule (selector, then "{ property: value; … }"), which prose never has, and runs over
        # code characters and quoted strings (the widget's strings are Arabic) to the last closing brace,
        # with any ");" after it.
        pattern=(
            r"[#.]?[A-Za-z_][\w-]*(?:[ \t]+[#.\w\[\]=:-]+)*[ \t]*"
            r"\{[^{}\n\p{Arabic}]*:[^{}\n\p{Arabic}]*;[^{}\n\p{Arabic}]*\}"
            r"""(?:[^\n\p{Arabic}'"]|'[^'\n]*'|"[^"\n]*")*\}(?:[ \t]*\)[ \t]*;)*"""
        ),
        description="CSS or JavaScript of a page widget glued into the text",
    ),
)
