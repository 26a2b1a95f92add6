"""Page furniture that is the same in every language: code and widget text from the page, contact lines.

Seen in the Saudi dev corpus: reader polls of alriyadh carry their voting widget's CSS rules and jQuery code
inline ("#vote_area2 ul { padding: 0; margin: 0; } … jQuery(document).ready(function(){ … }); });"); 3alyoum
articles open with their image slider's "Next Previous"; columns end with the writer's e-mail or handle;
sections are set apart by lines of asterisks. Copyright lines ("© 2019 BBC") and wire datelines in capitals
("WASHINGTON (AP) — ", "TRIPOLI (AFP) - ") look the same in English and French news.
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
        needs=("{",),
    ),
    Rule(
        name="slider_nav",
        kind="inline",
        # "Next Previous عين اليوم – واس": the slider's buttons glued before the first line of the article.
        pattern=r"^Next Previous(?: +|$)",
        description="image slider navigation text opening a line",
        needs=("Next Previous",),
    ),
    Rule(
        name="separator_line",
        kind="line",
        pattern=r"[ \t]*\*(?:[ \t]*\*)+[ \t]*",
        description="a line of asterisks only",
    ),
    Rule(
        name="author_contact",
        kind="trailer",
        # A whole line that is only an e-mail address, a handle or a web address, in the article's last lines.
        pattern=(
            r"[ \t]*(?:(?:تويتر|twitter|Twitter)[ \t]*:[ \t]*)?"
            r"(?:@\w+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|www\.[\w.-]+)[ \t]*"
        ),
        description="the writer's e-mail address, handle or site alone on one of the last lines",
    ),
    Rule(
        name="copyright_line",
        kind="trailer",
        pattern=r"[ \t]*(?:©|\(c\)|Copyright)[^\n]{0,120}",
        description="copyright line at the end of the article",
    ),
    Rule(
        name="agency_dateline_prefix",
        kind="inline",
        # "WASHINGTON (AP) — ", "LONDON, April 8 (Reuters) - ", "TRIPOLI (AFP) - ", "PARIS, 8 avril (Reuters) - ".
        pattern=(
            r"\A[ \t]*\p{Lu}{2,}(?:[ \t-]\p{Lu}{2,})*(?:,[ \t]+(?:\p{Lu}\p{Ll}+\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+\p{Ll}+))?"
            r"[ \t]*\((?:AP|AFP|Reuters|UPI)\)[ \t]*[—–-][ \t]*"
        ),
        description="place and agency dateline in capitals opening the text",
        needs=("(AP)", "(AFP)", "(Reuters)", "(UPI)"),
        moves=True,
    ),
)
