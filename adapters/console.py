"""The console adapter: chat commands typed at a prompt (or piped in), answered as a chat would."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import TextIO

from bot.commands import COMMANDS
from bot.errors import QuotebotError, UsageError
from bot.models import Excerpt
from bot.service import QuoteService

from . import cards
from . import render_text as render
from .chat_args import ChatArgs, parse_command, parse_daily, unquote
from .terminal import printable

_log = logging.getLogger(__name__)
PLATFORM, WORKSPACE, DEFAULT_CHANNEL = "console", "local", "console"


class ConsolePublisher:
    """Daily posts in the console are printed, like any other answer; a card is saved in ``cards_dir``."""

    platform = PLATFORM

    def __init__(self, stdout: TextIO, cards_dir: Path | None = None) -> None:
        self.stdout = stdout
        self.cards_dir = cards_dir

    def owns(self, workspace: str) -> bool:
        return True

    async def check(self, channel: str, workspace: str = "") -> None:
        return None

    async def post(self, channel: str, excerpt: Excerpt, title: str, *, card: bool = False) -> None:
        saved = await self._card(excerpt) if card else None
        head = f"[{channel}] {title}" + (f"\nCard saved to {saved}" if saved else "")
        print(printable(f"{head}\n{render.excerpt(excerpt)}\n"), file=self.stdout, flush=True)

    async def _card(self, excerpt: Excerpt) -> Path | None:
        """The card saved beside the index, or None (logged) when it cannot be: the text is printed all the same."""
        made = await cards.render_or_none(excerpt) if self.cards_dir else None
        if made is None or self.cards_dir is None:
            return None
        try:
            self.cards_dir.mkdir(parents=True, exist_ok=True)
            (self.cards_dir / made.filename).write_bytes(made.png)
        except OSError as exc:
            _log.warning("cannot save the daily card in %s (%s); printing the text alone", self.cards_dir, exc)
            return None
        return self.cards_dir / made.filename


async def daily(service: QuoteService, rest: str) -> str:
    try:
        a = parse_daily(rest)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    cmds = service.daily_commands
    if a.action == "set":
        status = await cmds.set(PLATFORM, WORKSPACE, a.channel, a.time, a.zone, speaker=a.speaker, topic=a.topic,
                                set_by="console", card=a.card)
        return "Daily quote set: " + status.describe()
    if a.action == "off":
        s = await cmds.off(PLATFORM, WORKSPACE, a.channel or DEFAULT_CHANNEL, by="console")
        return f"Daily quote off for {s.channel}."
    if a.action == "now":
        await cmds.now(PLATFORM, WORKSPACE, a.channel or DEFAULT_CHANNEL, by="console")
        return "Posted."
    statuses = await cmds.status(PLATFORM, WORKSPACE)
    return "\n".join(s.describe() for s in statuses) or "No daily quotes are set. Try /daily set console 09:00 UTC."


def _help() -> str:
    """The core's command table, a line each; the console has no admins, so every command is open."""
    lines = ["Commands:"]
    for c in COMMANDS:
        lines.append(f"  {c.usage()}\n      {c.description}")
    return "\n".join([*lines, "  /quit\n      Leave the console."])


HELP = _help()


async def save_card(service: QuoteService, found: Excerpt) -> Path:
    """The console has no chat to post a picture in: the card goes in ``cards/`` beside the index file."""
    made = await asyncio.to_thread(cards.render, found)
    folder = service.settings.db.parent / "cards"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / made.filename).write_bytes(made.png)
    except OSError as exc:
        raise UsageError(f"Cannot save the card in {folder} ({exc.strerror or exc}).") from None
    return folder / made.filename


async def answer(service: QuoteService, args: ChatArgs) -> str:
    """One chat command -> the text a chat would show."""
    c, text, speaker = args.command, args.text, args.speaker or None
    if c in ("help", "?", ""):
        return HELP
    if c == "quote":
        found = await service.quote(text or None, speaker=speaker)
        if found and args.keys.get("card") in ("true", "yes", "on", "1"):
            return f"Card saved to {await save_card(service, found)}\n" + render.quote(found, text)
        return render.quote(found, text)
    if c in ("fact", "facts"):
        facts = await service.facts(text or None, limit=args.options.get("limit", 5), kind=args.keys.get("kind"),
                                    speaker=speaker)
        return render.facts(facts, text)
    if c == "search":
        return render.search(await service.search(text, speaker=speaker, limit=args.options.get("limit", 5)))
    if c == "verify":
        return render.verdict(await service.verify(unquote(text), speaker=speaker))
    if c == "context":
        return render.context(await service.context(text, before=args.options.get("before", 2),
                                                    after=args.options.get("after", 2)))
    if c in ("about", "stats"):
        what, _, document = text.strip().partition(" ")
        if what.lower() == "speakers":
            return render.rosters(await service.rosters(document.strip() or None))
        return render.stats(await service.stats())
    if c == "daily":
        return await daily(service, args.raw)
    if c == "reload":
        return render.reload(await service.admin_reload(by="console", platform=PLATFORM, workspace=WORKSPACE))
    return f"Unknown command /{c[:30]}. Try /help."


async def run_console(service: QuoteService, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    interactive = stdin.isatty()
    service.daily.register(ConsolePublisher(stdout, service.settings.db.parent / "cards"))
    service.daily.start()
    if interactive:
        stats = await service.stats()
        print(f"quotebot console: {stats.quotes} quotes from {stats.documents} transcripts. /help for commands.",
              file=stdout)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit", "quit", "exit"):
            break
        try:
            reply = await answer(service, parse_command(line))
        except QuotebotError as exc:
            reply = str(exc)
        print(printable(reply) + "\n", file=stdout, flush=True)
