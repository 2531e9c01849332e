"""What /help (/quotebot help) and /about say; the command list is the core's command table."""

from __future__ import annotations

from bot.commands import COMMANDS, MESSAGE_COMMANDS

from .blocks import Rendered, note, section
from .safety import escape

ABOUT = ("quotebot quotes the transcripts it was given, accurately and with a citation "
         "(speaker, document, paragraph and quote id) for every passage.")


def _help() -> str:
    lines = ["*quotebot commands*"]
    lines += [f"`{escape(c.usage())}`: {escape(c.description)}" for c in COMMANDS]
    lines += [f"*{escape(m.name)}* in a message's ⋯ menu: {escape(m.description)}, in its thread"
              for m in MESSAGE_COMMANDS]
    lines.append("`@quotebot [topic] [speaker:NAME]` in a channel I am in: the /quote answer, in the mention's thread")
    lines.append("`/quotebot help | about | about speakers [file]`, and `/quotebot search …` (every command above) where the short names "
                 "are taken")
    return "\n".join(lines)


HELP = _help()


def help_message() -> Rendered:
    text = HELP.replace("*", "").replace("`", "")
    return Rendered(text, [[section(HELP), note("Answers are private until you press *Post to channel*.")]])
