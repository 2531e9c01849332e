"""One error root for the core; adapters turn these into short, friendly replies."""

from __future__ import annotations


class QuotebotError(Exception):
    """Base of every error the core raises on purpose. ``str(err)`` is safe to show a user."""


class UsageError(QuotebotError):
    """The request itself is wrong: empty text, a bad option, an unparsable value."""


class NotFoundError(QuotebotError):
    """The request was fine but names something that does not exist (an id, a speaker)."""


class SeedsError(QuotebotError):
    """The transcripts cannot be read or indexed; the serving index is left untouched."""


class StoreError(QuotebotError):
    """The database file cannot be used: not a database, damaged, full, deleted, or of a newer quotebot."""
