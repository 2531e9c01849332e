"""Parse a chat command's free text: ``/quote trade speaker:Xi`` or ``/verify "…" speaker:Putin``.

Shared by the console and Slack, where arguments arrive as one string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPEAKER = re.compile(r'(?:^|\s)speaker:(?:"([^"]+)"|“([^”]+)”|(\S+))', re.I)
_OPTION = re.compile(r"(?:^|\s)--?(limit|before|after)[=\s](\d+)", re.I)


@dataclass(slots=True)
class ChatArgs:
    command: str
    text: str
    speaker: str = ""
    options: dict[str, int] = field(default_factory=dict)


def parse_command(line: str) -> ChatArgs:
    """``/search "belt of eternal peace" speaker:Putin`` -> command, text, speaker."""
    line = line.strip()
    if line.startswith("/"):
        line = line[1:]
    command, _, rest = line.partition(" ")
    return parse_args(command.lower(), rest)


def parse_args(command: str, rest: str) -> ChatArgs:
    speaker = ""
    match = _SPEAKER.search(rest)
    if match:
        speaker = next(g for g in match.groups() if g)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    options = {}
    for m in list(_OPTION.finditer(rest)):
        options[m.group(1).lower()] = int(m.group(2))
    rest = _OPTION.sub(" ", rest)
    return ChatArgs(command, " ".join(rest.split()), speaker.strip(), options)


def unquote(text: str) -> str:
    """Drop one pair of surrounding quotation marks (for /verify "…")."""
    text = text.strip()
    if len(text) >= 2 and text[0] in "\"“'‘" and text[-1] in "\"”'’":
        return text[1:-1].strip()
    return text
