"""Check a whole chat message: find its claims (``claims.py``) and verify each against the transcripts."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .claims import NOTHING, find_claims
from .errors import UsageError
from .models import Verdict

if TYPE_CHECKING:
    from .service import QuoteService

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MessageCheck:
    verdicts: tuple[Verdict, ...]
    skipped: int = 0
    """Quotations past the first five, left unchecked."""


async def check_message(service: QuoteService, message: str) -> MessageCheck:
    """A verdict for every claim in ``message``; ``UsageError`` (a friendly line) when it holds none."""
    found = find_claims(message, await service.speakers())
    verdicts = []
    for claim in found.claims:
        try:
            verdicts.append(await service.verify(claim.text, speaker=claim.speaker or None))
        except UsageError as exc:  # a claim of stop words only: the others still get their answer
            _log.debug("skipped claim %r: %s", claim.text[:60], exc)
    if not verdicts:
        raise UsageError(NOTHING)
    return MessageCheck(tuple(verdicts), found.skipped)
