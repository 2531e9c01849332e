"""Which process serves which Discord servers: Discord's own rule, ``(guild_id >> 22) % shard_count``."""

from __future__ import annotations

from bot.config import Settings

IDENTIFY_HOLD = 5.0
"""Seconds between two IDENTIFYs of one max_concurrency bucket, as Discord asks, across every process."""


def shard_of(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


def owns(settings: Settings, workspace: str) -> bool:
    """Whether this process's shards hold the server ``workspace`` (every server when not sharded)."""
    if settings.discord_shard_count is None or settings.discord_shard_ids is None:
        return True
    if not workspace.isdigit():
        return False
    return shard_of(int(workspace), settings.discord_shard_count) in settings.discord_shard_ids


def syncs_commands(settings: Settings) -> bool:
    """Commands are synced once, by the process that runs shard 0 (or the only process)."""
    return settings.discord_shard_ids is None or 0 in settings.discord_shard_ids
