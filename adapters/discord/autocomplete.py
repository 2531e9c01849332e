"""Autocomplete from memory: speakers, frequent subject words, fact subjects and time zones.

Discord gives an autocomplete interaction three seconds; a slow answer shows up as "Unknown
interaction". So suggestions never query the index while a user types: they come from a
snapshot taken at start-up, refreshed in the background when old or when a new index serves
(``index_changed``), and from the words of passages the bot has recently shown.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable

import discord
from discord import app_commands

from bot.service import QuoteService
from bot.speakers import SpeakerDirectory
from bot.text.fold import fold
from bot.text.terms import STOPWORDS

from .limits import CHOICE_NAME, CHOICES, cut
from .runtime import client_of

_log = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W_]+)*")
MAX_AGE = 300.0
_SAMPLE = 30
_VOCABULARY = 5000
COMMON_ZONES = ("UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Moscow", "America/New_York",
                "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Africa/Lagos",
                "Asia/Dubai", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney")
"""Offered before anything is typed; every other zone is found by typing part of its name."""


def _words(text: str) -> Iterable[str]:
    for word in _WORD.findall(text):
        low = fold(word)
        if len(low) >= 4 and low not in STOPWORDS:
            yield low


class Suggestions:
    """What autocomplete offers; every method a keystroke calls is synchronous and in memory."""

    def __init__(self, service: QuoteService, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._service = service
        self._clock = clock
        self._directory = SpeakerDirectory(())
        self._base: Counter[str] = Counter()
        self._learned: Counter[str] = Counter()
        self._subjects: list[str] = []
        self._loaded_at = -MAX_AGE
        self._task: asyncio.Task[None] | None = None

    async def refresh(self) -> None:
        """Snapshot speakers, fact subjects and a sample of passages from the index."""
        directory = await self._service.speakers()
        facts = await self._service.facts(limit=50)
        base: Counter[str] = Counter()
        for fact in facts:
            base.update(_words(fact.excerpt.text))
        for _ in range(_SAMPLE):
            found = await self._service.quote()
            if found:
                base.update(_words(found.text))
        self._directory, self._base = directory, base
        self._subjects = list(dict.fromkeys(f.subject for f in facts if f.subject))
        self._loaded_at = self._clock()

    def index_changed(self) -> None:
        """A new index serves (a reload here, or one followed from another process): snapshot it now, after any
        snapshot already under way, rather than when the old one ages out."""
        self._task = asyncio.create_task(self._refresh_after(self._task))

    async def _refresh_after(self, running: asyncio.Task[None] | None) -> None:
        if running is not None and not running.done():
            await asyncio.wait({running})
        await self._refresh_quietly()

    def learn(self, texts: Iterable[str]) -> None:
        """Remember the words of passages just shown (search results), so topics follow use."""
        for text in texts:
            self._learned.update(_words(text))
        if len(self._learned) > _VOCABULARY:
            self._learned = Counter(dict(self._learned.most_common(_VOCABULARY // 2)))

    def _keep_fresh(self) -> None:
        if self._clock() - self._loaded_at < MAX_AGE or (self._task and not self._task.done()):
            return
        self._task = asyncio.create_task(self._refresh_quietly())

    async def _refresh_quietly(self) -> None:
        try:
            await self.refresh()
        except Exception:
            _log.exception("could not refresh autocomplete suggestions")

    def speakers(self, current: str) -> list[str]:
        self._keep_fresh()
        return self._directory.suggestions(current[:CHOICE_NAME], CHOICES)

    def topics(self, current: str) -> list[str]:
        self._keep_fresh()
        key = fold(current)
        counts = self._base + self._learned
        ranked = sorted(counts, key=lambda w: (-counts[w], w))
        words = [w for w in ranked if w.startswith(key)] + [w for w in ranked if key in w and not w.startswith(key)]
        subjects = [s for s in self._subjects if key in fold(s)]
        typed = [current.strip()] if current.strip() else []
        out = list(dict.fromkeys(cut(t, CHOICE_NAME) for t in (*typed, *words[:16], *subjects)))
        return out[:CHOICES]


def _choices(values: list[str]) -> list[app_commands.Choice[str]]:
    """Discord refuses the whole answer if one choice is empty or longer than 100 characters."""
    return [app_commands.Choice(name=cut(v, CHOICE_NAME), value=cut(v, CHOICE_NAME)) for v in values if v][:CHOICES]


async def speaker_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return _choices(client_of(interaction).suggestions.speakers(current))


async def topic_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return _choices(client_of(interaction).suggestions.topics(current))


@functools.cache
def _zones() -> tuple[str, ...]:
    """Every IANA zone name (from ``tzdata`` where the system has none), read once."""
    return tuple(sorted(zoneinfo.available_timezones()))


def time_zones(current: str) -> list[str]:
    """Zones whose name or city starts with what was typed, then those containing it ("new york" finds New_York)."""
    key = current.strip().lower().replace(" ", "_")
    if not key:
        return list(COMMON_ZONES[:CHOICES])
    starts = [z for z in _zones() if z.lower().startswith(key) or z.lower().rsplit("/", 1)[-1].startswith(key)]
    seen = set(starts)
    inside = [z for z in _zones() if key in z.lower() and z not in seen]
    return (starts + inside)[:CHOICES]


async def zone_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return _choices(time_zones(current))
