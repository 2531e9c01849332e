"""Autocomplete from memory: speakers, frequent subject words and fact subjects.

Discord gives an autocomplete interaction three seconds; a slow answer shows up as "Unknown
interaction". So suggestions never query the index while a user types: they come from a
snapshot taken at start-up, refreshed in the background when old, and from the words of
passages the bot has recently shown.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
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
