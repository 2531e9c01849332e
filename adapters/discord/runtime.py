"""Reach the running bot's parts (service, settings, suggestions) from an interaction.

Commands are defined once at module level, as discord.py's examples do; the state they need
lives on the client, which every interaction carries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

if TYPE_CHECKING:
    from .client import QuoteClient


def client_of(interaction: discord.Interaction) -> QuoteClient:
    return cast("QuoteClient", interaction.client)
