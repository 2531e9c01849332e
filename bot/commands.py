"""The one table of chat commands and their options; Discord, Slack and the console each render it.

Discord builds its slash commands' descriptions and choices from here, Slack's manifest and help
and the console's help are written from it, and a test checks all three expose exactly these
commands and options, so they cannot drift apart again. Option *styles* say how a text platform
(Slack, the console) takes them: ``words`` are the free text, ``key`` is ``name:value``, ``flag``
is ``--name N``. Discord takes every option as a typed field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FACT_KINDS = ("money", "percent", "count", "ordinal", "year", "date", "duration")

OptionType = Literal["text", "integer", "boolean", "channel"]
Style = Literal["words", "key", "flag"]


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    description: str
    type: OptionType = "text"
    style: Style = "key"
    required: bool = False
    choices: tuple[str, ...] = ()
    placeholder: str = ""
    """How usage lines show the value: ``speaker:NAME``, ``--limit N``."""
    low: int = 0
    high: int = 0
    """Bounds of an integer option."""

    def usage(self) -> str:
        shown = self.placeholder or self.name.upper()
        if self.style == "words":
            text = shown if self.required or self.placeholder else self.name
        elif self.style == "flag":
            text = f"--{self.name} {shown}"
        else:
            text = f"{self.name}:{shown}"
        return text if self.required else f"[{text}]"


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    description: str
    options: tuple[Option, ...] = ()
    subcommands: tuple[Command, ...] = ()
    admin: bool = False

    def option(self, name: str) -> Option:
        return next(o for o in self.options if o.name == name)

    def describe(self) -> dict[str, str]:
        """Option name -> description, as ``app_commands.describe`` takes them."""
        return {o.name: o.description for o in self.options}

    def usage(self) -> str:
        """``/quote [topic] [speaker:NAME]``; a group lists its subcommands."""
        if self.subcommands:
            return f"/{self.name} " + " | ".join(s.usage().removeprefix("/") for s in self.subcommands)
        return " ".join([f"/{self.name}", *(o.usage() for o in self.options)])


_SPEAKER = Option("speaker", "Who said it (a name, a surname or a role)", placeholder="NAME")
_TOPIC = Option("topic", "What it should be about (leave empty for a random one)", style="words")
_CHANNEL = Option("channel", "Which channel (default: this one)", type="channel", style="words", placeholder="#channel")

COMMANDS: tuple[Command, ...] = (
    Command("quote", "A cited quote from the transcripts, on a topic or at random.", (
        _TOPIC, _SPEAKER,
        Option("card", "Send it as an image card to share (its alt text is the quote and citation)", type="boolean",
               placeholder="true"))),
    Command("fact", "A figure stated in the transcripts (money, percent, dates...), cited.", (
        _TOPIC, _SPEAKER,
        Option("kind", "Only figures of this kind", choices=FACT_KINDS, placeholder="money"),
        Option("limit", "How many figures (1 to 5 on Discord, 50 elsewhere)", type="integer", style="flag",
               placeholder="5", low=1, high=50))),
    Command("search", "Search the transcripts; results come five to a page.", (
        Option("query", 'Words or a "quoted phrase" to look for; -word to exclude', style="words", required=True,
               placeholder="QUERY"),
        Option("speaker", "Only passages by this speaker", placeholder="NAME"))),
    Command("verify", "Check a quotation against the transcripts: exact, altered or not said.", (
        Option("text", "The quotation as you saw it", style="words", required=True, placeholder='"TEXT"'),
        Option("speaker", "Who it is attributed to", placeholder="NAME"))),
    Command("context", "The paragraphs around a quote, by the id shown in its citation.", (
        Option("id", "The quote id from a citation (12 letters and digits)", style="words", required=True,
               placeholder="ID"),
        Option("before", "Paragraphs before it (default 2)", type="integer", style="flag", placeholder="2", high=20),
        Option("after", "Paragraphs after it (default 2)", type="integer", style="flag", placeholder="2", high=20))),
    Command("about", "What the transcripts hold: documents, speakers, counts, last reload.", (
        Option("show", "counts (the default), or speakers: who speaks in each transcript", style="words",
               choices=("counts", "speakers"), placeholder="speakers"),
        Option("document", "With show:speakers, one transcript's file name", style="words", placeholder="DOCUMENT"))),
    Command("help", "What each command does."),
    Command("daily", "Quote of the day: one cited quote a day in a channel (admins).", subcommands=(
        Command("set", "Post a quote of the day in a channel at a local time.", (
            Option("channel", "Where to post it", type="channel", style="words", required=True,
                   placeholder="#channel"),
            Option("time", "Local time, 24-hour HH:MM, e.g. 09:00", style="words", required=True,
                   placeholder="HH:MM"),
            Option("timezone", "IANA time zone, e.g. Europe/Moscow (type a city to search)", style="words",
                   required=True, placeholder="ZONE"),
            Option("speaker", "Only quotes by this speaker", placeholder="NAME"),
            Option("topic", "Only quotes about this", style="words"),
            Option("card", "Post it as an image card too (alt text: the quote and citation)", type="boolean",
                   placeholder="true"))),
        Command("off", "Stop the quote of the day in a channel.", (_CHANNEL,)),
        Command("now", "Post the channel's next quote of the day now, outside the schedule.", (_CHANNEL,)),
        Command("status", "Every quote of the day here: next post, last post, pauses.")), admin=True),
    Command("reload", "Re-read the transcripts folder and swap in the new index (admins).", admin=True),
)
MESSAGE_COMMANDS: tuple[Command, ...] = (
    Command("Verify quote", "Check the quotations in this message against the transcripts"),
)
"""Commands on a message: Discord's Apps menu, Slack's message shortcuts."""


def command(name: str) -> Command:
    return next(c for c in COMMANDS if c.name == name)
