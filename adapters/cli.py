"""The ``quotebot`` command: subcommands for scripts (``--json``), the console, and the chat bots."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, NoReturn

from bot.config import Settings, load_settings
from bot.errors import QuotebotError
from bot.service import QuoteService

from . import render_text as render
from .chat_args import unquote
from .progress import ProgressBar
from .terminal import is_utf, printable, tolerate_encodings

_log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line and exit 2, as argparse does, but friendlier
        self.exit(2, f"quotebot: {message} (see quotebot --help)\n")


def _common(p: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """The options every command takes, before or after the subcommand.

    A subparser's own defaults would overwrite what was given before the subcommand
    (``quotebot --db X stats``), so its copies default to SUPPRESS: only a value typed there lands.
    """
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if sub else {}
    p.add_argument("--seeds", metavar="DIR", help="transcripts folder (default: $QUOTEBOT_SEEDS or ./seeds)", **default)
    p.add_argument("--db", metavar="PATH", help="SQLite index file (default: $QUOTEBOT_DB or a per-user file)", **default)
    p.add_argument("--json", action="store_true", help="print JSON for scripts", **default)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="quotebot", description="Quote transcripts accurately, with citations.")
    _common(parser)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    p = sub.add_parser("search", help="ranked quotes for a query")
    p.add_argument("query")
    p.add_argument("--speaker")
    p.add_argument("--limit", type=int, default=5)
    p = sub.add_parser("quote", help="a cited quote about a topic, or a random one")
    p.add_argument("topic", nargs="?")
    p.add_argument("--speaker")
    p = sub.add_parser("fact", help="stated quantities about a topic")
    p.add_argument("topic", nargs="?")
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--kind")
    p.add_argument("--speaker")
    p = sub.add_parser("verify", help="check a quotation: exact, close, altered, misattributed or not found")
    p.add_argument("text")
    p.add_argument("--speaker")
    p = sub.add_parser("context", help="the paragraphs around a quote id")
    p.add_argument("id")
    p.add_argument("--before", type=int, default=2)
    p.add_argument("--after", type=int, default=2)
    p = sub.add_parser("speakers", help="each transcript's speakers: names, roles, the labels used, turns")
    p.add_argument("--document", metavar="D", help="one transcript (path, file name or name without .txt)")
    for name, text in (("index", "build or refresh the index"), ("stats", "what is indexed"),
                       ("reload", "re-read the transcripts and swap the index in if valid"),
                       ("console", "the interactive console"), ("run", "start the configured chat bots")):
        sub.add_parser(name, help=text)
    for action in sub.choices.values():
        _common(action, sub=True)
    return parser


Handler = Callable[[QuoteService, argparse.Namespace], Awaitable[tuple[Any, str]]]


async def _search(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    r = await s.search(a.query, speaker=a.speaker, limit=a.limit)
    return r.to_dict(), render.search(r)


async def _quote(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    r = await s.quote(a.topic, speaker=a.speaker)
    return {"result": r.to_dict() if r else None}, render.quote(r, a.topic)


async def _fact(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    r = await s.facts(a.topic, limit=a.limit, kind=a.kind, speaker=a.speaker)
    return {"topic": a.topic, "results": [f.to_dict() for f in r]}, render.facts(r, a.topic)


async def _verify(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    r = await s.verify(unquote(a.text), speaker=a.speaker)
    return r.to_dict(), render.verdict(r)


async def _context(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    r = await s.context(a.id, before=a.before, after=a.after)
    return r.to_dict(), render.context(r)


async def _speakers(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    r = await s.rosters(a.document)
    return {"documents": [d.to_dict() for d in r]}, render.rosters(r)


async def _stats(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    r = await s.stats()
    return r.to_dict(), render.stats(r)


async def _index(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    await s.semantic.wait()  # a large corpus's vectors are encoded in the background; `index` sees them through
    return await _stats(s, a)


async def _reload(s: QuoteService, a: argparse.Namespace) -> tuple[Any, str]:
    r = await s.admin_reload(by="cli", platform="cli", workspace="")
    await s.semantic.wait()
    return r.to_dict(), render.reload(r)


HANDLERS: dict[str, Handler] = {
    "search": _search, "quote": _quote, "fact": _fact, "verify": _verify, "context": _context,
    "index": _index, "stats": _stats, "reload": _reload, "speakers": _speakers,
}


def _platforms(settings: Settings) -> list[str]:
    found = []
    if settings.discord_token:
        found.append("discord")
    if settings.slack_bot_token or settings.slack_app_token or settings.slack_signing_secret:
        found.append("slack")  # half a configuration gets Slack's own one-line error, not the console
    return found


async def _serve(service: QuoteService, settings: Settings, command: str) -> None:
    await service.follow_reloads()  # with PostgreSQL, an admin /reload in any process rebuilds this one too
    platforms = [] if command == "console" else _platforms(settings)
    if not platforms:
        if command == "run":
            print("No chat platform configured: set DISCORD_TOKEN for Discord, or SLACK_BOT_TOKEN with "
                  "SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) for Slack. Starting the console.",
                  file=sys.stderr)
        elif sys.stdin.isatty():
            print("(Set DISCORD_TOKEN, or SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, "
                  "to run the chat bots instead.)", file=sys.stderr)
        from .console import run_console

        await run_console(service)
        return
    logging.getLogger().setLevel(settings.log_level)  # the bots log progress and failures; the CLI stays quiet
    runs = []
    if "discord" in platforms:
        from .discord import run_discord

        runs.append(run_discord(service, settings))
    if "slack" in platforms:
        from .slack import run_slack

        runs.append(run_slack(service, settings))
    await _all_or_none(runs)


async def _all_or_none(runs: list[Coroutine[Any, Any, None]]) -> None:
    """Run the adapters together; when one fails, the others are stopped (and have finished) before this
    returns, so the database is never closed under an adapter still running. The first failure is raised."""
    try:
        async with asyncio.TaskGroup() as group:
            for run in runs:
                group.create_task(run)
    except BaseExceptionGroup as failed:
        first = failed.exceptions[0]
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None


QUERIES = frozenset({"search", "quote", "fact", "verify", "context", "stats"})
"""Commands that answer from the live index as it is (building only when there is none) and say when it is stale."""


async def _answer(service: QuoteService, command: str, args: argparse.Namespace) -> None:
    stale = await service.staleness() if command in QUERIES else None
    data, text = await HANDLERS[command](service, args)
    if command in QUERIES and isinstance(data, dict):
        data = {**data, "stale": stale is not None} | ({"stale_reason": stale} if stale else {})
    # JSON stays exact on any terminal: \u escapes where the terminal cannot show a character
    print(json.dumps(data, ensure_ascii=not is_utf(sys.stdout), indent=2) if args.json else printable(text))
    if stale and not args.json:
        print(f"quotebot: note: {stale}", file=sys.stderr)


async def _main(args: argparse.Namespace) -> int:
    settings = load_settings(seeds=args.seeds, db=args.db)
    command = args.command or "run"
    bar = ProgressBar()
    # `reload` builds in its handler, so that its report says what changed on disk; `index` brings the index up
    # to date; queries and the bots answer from the index as it is (the bots then reload in the background).
    service = await QuoteService.open(settings, progress=bar, build=command != "reload", refresh=command == "index")
    bar.finish()
    try:
        if command in HANDLERS:
            await _answer(service, command, args)
        else:
            service.watch_seeds()
            await _serve(service, settings, command)
    finally:
        await service.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    tolerate_encodings()
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return asyncio.run(_main(args))
    except QuotebotError as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}))
        print(f"quotebot: {printable(str(exc))}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:  # the database failed under a command: one line, as for any other fault
        print(f"quotebot: the database {args.db or 'file'} failed: {printable(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `quotebot … | head` closed the pipe: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
