"""The console adapter: chat commands typed at a prompt (or piped in), answered as a chat would."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.errors import QuotebotError, UsageError
from bot.models import Excerpt
from bot.service import QuoteService

from . import render_text as render
from .chat_args import ChatArgs, parse_command, parse_daily, unquote

PLATFORM, WORKSPACE, DEFAULT_CHANNEL = "console", "local", "console"


class ConsolePublisher:
    """Daily posts in the console are printed, like any other answer."""

    platform = PLATFORM

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout

    async def check(self, channel: str) -> None:
        return None

    async def post(self, channel: str, excerpt: Excerpt, title: str) -> None:
        print(f"[{channel}] {title}\n{render.excerpt(excerpt)}\n", file=self.stdout, flush=True)


async def daily(service: QuoteService, rest: str) -> str:
    try:
        a = parse_daily(rest)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    cmds = service.daily_commands
    if a.action == "set":
        status = await cmds.set(PLATFORM, WORKSPACE, a.channel, a.time, a.zone, speaker=a.speaker, topic=a.topic,
                                set_by="console")
        return "Daily quote set: " + status.describe()
    if a.action == "off":
        s = await cmds.off(PLATFORM, WORKSPACE, a.channel or DEFAULT_CHANNEL)
        return f"Daily quote off for {s.channel}."
    if a.action == "now":
        await cmds.now(PLATFORM, WORKSPACE, a.channel or DEFAULT_CHANNEL)
        return "Posted."
    statuses = await cmds.status(PLATFORM, WORKSPACE)
    return "\n".join(s.describe() for s in statuses) or "No daily quotes are set. Try /daily set console 09:00 UTC."

HELP = """Commands:
  /quote [topic] [speaker:NAME]     a cited quote (random when no topic)
  /fact [topic]                     numbers stated: money, percent, counts, dates…
  /search QUERY [speaker:NAME]      ranked quotes; "exact phrase", -word to exclude
  /verify "TEXT" [speaker:NAME]     was it said, by whom, and exactly so?
  /context ID                       the paragraphs around a quote id
  /about [speakers [DOCUMENT]]      what is indexed; who speaks in each transcript
  /daily set CHANNEL HH:MM ZONE [speaker:NAME] [topic]   quote of the day
  /daily off|now [CHANNEL], /daily status
  /reload                           re-read the transcripts
  /help                             this list; /quit to leave"""


async def answer(service: QuoteService, args: ChatArgs) -> str:
    """One chat command -> the text a chat would show."""
    c, text, speaker = args.command, args.text, args.speaker or None
    if c in ("help", "?", ""):
        return HELP
    if c == "quote":
        return render.quote(await service.quote(text or None, speaker=speaker), text)
    if c in ("fact", "facts"):
        return render.facts(await service.facts(text or None, limit=args.options.get("limit", 5)), text)
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
        return render.reload(await service.reload())
    return f"Unknown command /{c[:30]}. Try /help."


async def run_console(service: QuoteService, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    interactive = stdin.isatty()
    service.daily.register(ConsolePublisher(stdout))
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
        print(reply + "\n", file=stdout, flush=True)
