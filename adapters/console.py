"""The console adapter: chat commands typed at a prompt (or piped in), answered as a chat would."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.errors import QuotebotError
from bot.service import QuoteService

from . import render_text as render
from .chat_args import ChatArgs, parse_command, unquote

HELP = """Commands:
  /quote [topic] [speaker:NAME]     a cited quote (random when no topic)
  /fact [topic]                     numbers stated: money, percent, counts, dates…
  /search QUERY [speaker:NAME]      ranked quotes; "exact phrase", -word to exclude
  /verify "TEXT" [speaker:NAME]     was it said, by whom, and exactly so?
  /context ID                       the paragraphs around a quote id
  /about                            what is indexed
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
        return render.stats(await service.stats())
    if c == "reload":
        return render.reload(await service.reload())
    return f"Unknown command /{c[:30]}. Try /help."


async def run_console(service: QuoteService, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    interactive = stdin.isatty()
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
