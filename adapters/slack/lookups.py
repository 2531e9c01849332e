"""A lookup is one request to the core (command, words, speaker, options, page, asker).

It is what a slash command parses into, what runs against ``QuoteService``, and what a
button carries in its value, so Previous, Next and Post to channel work after a restart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from adapters.chat_args import parse_args, unquote
from bot.errors import UsageError
from bot.models import Fact

from . import blocks
from .limits import BUTTON_VALUE

if TYPE_CHECKING:
    from bot.service import QuoteService

COMMANDS = ("quote", "fact", "search", "verify", "context")
PAGE = 5
_OPTIONS = ("limit", "before", "after")


@dataclass(frozen=True, slots=True)
class Lookup:
    command: str
    text: str = ""
    speaker: str = ""
    options: dict[str, int] = field(default_factory=dict)
    kind: str = ""
    offset: int = 0
    user: str = ""
    """The Slack user who asked; only they may turn its pages."""
    card: bool = False
    """/quote card:true: the quote as an image card."""

    @classmethod
    def parse(cls, command: str, text: str, user: str) -> Lookup:
        """``/search "belt of eternal peace" speaker:Putin`` -> a lookup (``kind:money`` for /fact)."""
        args = parse_args(command, text or "")
        card = args.keys.get("card", "") in ("true", "yes", "on", "1")
        return cls(command, args.text, args.speaker, dict(args.options), args.keys.get("kind", ""), 0, user, card)

    def at(self, offset: int) -> Lookup:
        return replace(self, offset=max(0, offset))

    def encode(self) -> str | None:
        """A button value (at most 2,000 characters), or None when this lookup does not fit in one."""
        raw: dict[str, Any] = {"c": self.command, "t": self.text, "s": self.speaker, "n": self.options,
                               "k": self.kind, "o": self.offset, "u": self.user, "cd": self.card}
        value = json.dumps({k: v for k, v in raw.items() if v}, ensure_ascii=False, separators=(",", ":"))
        return value if len(value) <= BUTTON_VALUE else None

    @classmethod
    def decode(cls, value: str) -> Lookup:
        try:
            raw = json.loads(value)
            options = {k: int(v) for k, v in raw.get("n", {}).items() if k in _OPTIONS}
            q = cls(str(raw["c"]), str(raw.get("t", "")), str(raw.get("s", "")), options, str(raw.get("k", "")),
                    int(raw.get("o", 0)), str(raw.get("u", "")), bool(raw.get("cd", False)))
        except (ValueError, TypeError, KeyError, AttributeError):
            raise UsageError("That button no longer works; run the command again.") from None
        if q.command not in COMMANDS:
            raise UsageError("That button no longer works; run the command again.")
        return q


async def run(service: QuoteService, q: Lookup) -> blocks.Rendered:
    """Ask the core and render the answer; core errors (QuotebotError) propagate to the error handler."""
    speaker = q.speaker or None
    if q.command == "quote":
        return blocks.quote(await service.quote(q.text or None, speaker=speaker), q.text)
    if q.command == "search":
        found = await service.search(q.text, speaker=speaker, limit=PAGE + 1, offset=q.offset)
        page = replace(found, results=found.results[:PAGE])
        return blocks.search(page, q.offset, len(found.results) > PAGE)
    if q.command == "fact":
        return blocks.facts(await _facts(service, q), q.text)
    if q.command == "verify":
        return blocks.verdict(await service.verify(unquote(q.text), speaker=speaker))
    if q.command == "context":
        ctx = await service.context(q.text, before=q.options.get("before", 2), after=q.options.get("after", 2))
        return blocks.context(ctx)
    raise UsageError(f"Unknown command {q.command!r}.")


async def _facts(service: QuoteService, q: Lookup) -> list[Fact]:
    limit = q.options.get("limit", 5)
    if not q.speaker or not 1 <= limit <= 50:
        return await service.facts(q.text or None, limit=limit, kind=q.kind or None)
    # The core's facts() has no speaker filter yet: ask for more and keep that speaker's.
    names = (await service.speakers()).resolve(q.speaker)
    found = await service.facts(q.text or None, limit=50, kind=q.kind or None)
    return [f for f in found if f.excerpt.speaker in names][:limit]
