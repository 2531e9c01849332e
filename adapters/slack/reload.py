"""/reload: say it started, re-read the transcripts (the old index keeps answering), then say what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.text import refused_speakers
from bot.models import FileError, ReloadReport

from . import replies
from .blocks import Rendered, note, section
from .limits import SECTION_TEXT, cut
from .safety import escape

if TYPE_CHECKING:
    from slack_bolt.context.respond.async_respond import AsyncRespond

    from bot.service import QuoteService

STARTED = "Reloading the transcripts… I keep answering from the current index until the new one is ready."
LISTED = 15
"""Names or errors shown per list; the rest are counted."""


async def run(service: QuoteService, respond: AsyncRespond, command: dict[str, Any]) -> None:
    await replies.private(respond, Rendered(STARTED, [[section(STARTED)]]))
    report = await service.admin_reload(by=str(command.get("user_id", "")), platform="slack",
                                        workspace=str(command.get("team_id", "")))
    await replies.private(respond, render(report))


def _listing(label: str, items: tuple[str, ...]) -> str:
    shown = ", ".join(f"`{escape(cut(x, 200))}`" for x in items[:LISTED])
    more = f" and {len(items) - LISTED} more" if len(items) > LISTED else ""
    return cut(f"*{label}:* {shown}{more}", SECTION_TEXT)


def _errors(errors: tuple[FileError, ...]) -> str:
    lines = [f"• `{escape(cut(e.describe(), 300))}`" for e in errors[:LISTED]]
    if len(errors) > LISTED:
        lines.append(f"and {len(errors) - LISTED} more")
    return cut("\n".join(lines), SECTION_TEXT)


def render(r: ReloadReport) -> Rendered:
    if not r.changed:
        head = "The transcripts are unchanged; the index is up to date."
        return Rendered(head, [[section(head)]])
    if not r.applied:
        head = "Reload refused: I am still serving the previous index, and nothing was lost."
        fix = "Fix these and run /reload again:"
        return Rendered(f"{head} {fix} " + "; ".join(escape(e.describe()) for e in r.errors[:LISTED]),
                        [[section(f"*{head}*"), section(fix), section(_errors(r.errors))]])
    summary = (f"Documents: {len(r.added)} added, {len(r.modified)} changed, {len(r.removed)} removed. "
               f"Quotes: {r.quotes_added:,} added, {r.quotes_removed:,} removed. Facts: {r.facts:,}.")
    group = [section(f"*Reloaded.* {summary}")]
    for label, items in (("Added", r.added), ("Changed", r.modified), ("Removed", r.removed)):
        if items:
            group.append(note(_listing(label, items)))
    if r.errors:
        group += [section("Problems found:"), section(_errors(r.errors))]
    refused = tuple(refused_speakers(r))
    if refused:  # lines that look like labels but were not taken as speakers: an admin may want a sidecar
        group += [section(f"Not taken as speakers ({len(refused)}):"), section(_errors(refused))]
    return Rendered(f"Reloaded. {summary}", [group])
