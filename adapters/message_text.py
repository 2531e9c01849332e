"""A chat message as plain words to check: markup gone, links reduced to their label, nothing live kept.

Discord and Slack each turn their own markup into plain text first (mentions, masked links); what
is left here is making bare links inert, because an answer echoes the claim back into the chat.
"""

from __future__ import annotations

import re

_URL = re.compile(r"\b(?:https?|ftp)://\S+", re.I)


def inert_links(text: str) -> str:
    """Replace every bare URL with "[link]": a claim's words are what is checked, and an echoed URL would be live."""
    return _URL.sub("[link]", text)
