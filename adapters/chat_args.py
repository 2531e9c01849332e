"""Parse a chat command's free text: ``/quote trade speaker:Xi`` or ``/verify "…" speaker:Putin``.

Shared by the console and Slack, where arguments arrive as one string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.commands import COMMANDS

_SPEAKER = re.compile(r'(?:^|\s)speaker:(?:"([^"]+)"|“([^”]+)”|(\S+))', re.I)
_OPTION = re.compile(r"(?:^|\s)--?(limit|before|after)[=\s](\d+)", re.I)
_KEYS = {c.name: tuple(dict.fromkeys(o.name for o in (*c.options, *(o for s in c.subcommands for o in s.options))
                                     if o.style == "key" and o.name != "speaker")) for c in COMMANDS}
"""The ``name:value`` options of each command in the core's table (``kind:money`` for /fact, ``card:true`` for
/daily set), besides speaker."""
_YES, _NO = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def flag(value: str | None, name: str = "card") -> bool:
    """A boolean ``name:value`` option: true/yes/on/1 or false/no/off/0 (or absent); anything else is refused."""
    if value is None or value in _NO:
        return False
    if value in _YES:
        return True
    raise ValueError(f"{name}: takes true or false, not “{value[:20]}”.")


@dataclass(slots=True)
class ChatArgs:
    command: str
    text: str
    speaker: str = ""
    options: dict[str, int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """The command's other ``name:value`` options, lower-cased values (``kind:money``, ``card:true``)."""
    raw: str = ""
    """The argument text as typed, for commands with their own grammar (/daily)."""


def parse_command(line: str) -> ChatArgs:
    """``/search "belt of eternal peace" speaker:Putin`` -> command, text, speaker."""
    line = line.strip()
    if line.startswith("/"):
        line = line[1:]
    command, _, rest = line.partition(" ")
    return parse_args(command.lower(), rest)


def parse_args(command: str, rest: str) -> ChatArgs:
    raw = rest
    speaker = ""
    match = _SPEAKER.search(rest)
    if match:
        speaker = next(g for g in match.groups() if g)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    keys = {}
    for name in _KEYS.get(command, ()):
        found = re.search(rf"(?:^|\s){name}:([^\s,;]+)", rest, re.I)
        if found:
            keys[name] = found.group(1).lower()
            rest = rest[: found.start()] + " " + rest[found.end() :]
    options = {}
    for m in list(_OPTION.finditer(rest)):
        options[m.group(1).lower()] = int(m.group(2))
    rest = _OPTION.sub(" ", rest)
    return ChatArgs(command, " ".join(rest.split()), speaker.strip(), options, keys, raw)


def unquote(text: str) -> str:
    """Drop one pair of surrounding quotation marks (for /verify "…")."""
    text = text.strip()
    if len(text) >= 2 and text[0] in "\"“'‘" and text[-1] in "\"”'’":
        return text[1:-1].strip()
    return text


@dataclass(slots=True)
class DailyArgs:
    action: str
    channel: str = ""
    time: str = ""
    zone: str = ""
    speaker: str = ""
    topic: str = ""
    card: bool = False


DAILY_USAGE = ("Usage: /daily set CHANNEL HH:MM TIME_ZONE [speaker:NAME] [topic] [card:true], /daily off [CHANNEL], "
               "/daily now [CHANNEL], /daily status")


def parse_daily(rest: str) -> DailyArgs:
    """``set #quotes 09:00 Europe/Moscow speaker:Putin trade card:true`` -> DailyArgs; ValueError on bad shape."""
    args = parse_args("daily", rest)
    words = args.text.split()
    if not words or words[0].lower() not in ("set", "off", "now", "status"):
        raise ValueError(DAILY_USAGE)
    action = words[0].lower()
    if action == "set":
        if len(words) < 4:
            raise ValueError("Usage: /daily set CHANNEL HH:MM TIME_ZONE [speaker:NAME] [topic] [card:true]")
        return DailyArgs(action, words[1], words[2], words[3], args.speaker, " ".join(words[4:]),
                         flag(args.keys.get("card")))
    return DailyArgs(action, words[1] if len(words) > 1 else "")
