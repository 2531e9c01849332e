"""A chat message as plain words to check: markup gone, links reduced to their label, nothing live kept.

Discord and Slack each turn their own markup into plain text first (mentions, masked links); what
is left here is what both share: block-quote markers, and bare links, made inert because an answer
echoes the claim back into the chat.
"""

from __future__ import annotations

import re

_URL = re.compile(r"\b(?:https?|ftp)://\S+", re.I)
_BLOCK_QUOTE = re.compile(r"^[ \t]*>(?:>>)?[ \t]?", re.M)


def plain_words(text: str) -> str:
    """Block-quote markers (``> ``, ``>>> ``) off every line, and links made inert: the words as a reader sees them."""
    return inert_links(_BLOCK_QUOTE.sub("", text))


def inert_links(text: str) -> str:
    """Replace every bare URL with "[link]": a claim's words are what is checked, and an echoed URL would be live."""
    return _URL.sub("[link]", text)
