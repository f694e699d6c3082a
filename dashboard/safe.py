"""Text the documents or reviewers wrote, made inert before it reaches the page.

Streamlit's markdown reads links, images, `:red[…]` directives and `$…$` formulas, and HTML where
`unsafe_allow_html` is on. A project name, an explanation quoting a report or a reviewer's note is
escaped here, so it shows as the characters it is and never as markup.
"""
import html
import re

import pandas as pd

# ASCII punctuation markdown may act on; a backslash makes each one literal (CommonMark §2.4)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$&\"'])")
# GitHub-flavoured markdown links bare addresses even when escaped: an invisible word joiner breaks them
AUTOLINK = re.compile(r"(://|www\.|@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def blank(value) -> bool:
    """None, NaN, NaT and empty text: nothing to show."""
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def md(value, empty: str = "—") -> str:
    """Document or reviewer text for st.markdown / st.error / st.caption: every markup character literal."""
    if blank(value):
        return empty
    text = AUTOLINK.sub(lambda m: m.group()[0] + WORD_JOINER + m.group()[1:], str(value))
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def h(value, empty: str = "—") -> str:
    """Document or reviewer text for HTML the app builds itself (st.html)."""
    return empty if blank(value) else html.escape(str(value), quote=True)
