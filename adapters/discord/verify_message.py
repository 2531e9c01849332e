"""Apps → "Verify quote": check the quotations in any message, answered privately with a Post to channel button.

The message's markup is made plain first (mentions, masked links, custom emoji), then the core
finds its claims and verifies each; one embed per claim, all in one answer within Discord's
6,000-character total, each with Context and Source buttons.
"""

from __future__ import annotations

import re

import discord
from discord import app_commands

from adapters.message_text import plain_words
from adapters.text import bold_terms
from bot.checks import MessageCheck, check_message
from bot.commands import MESSAGE_COMMANDS
from bot.models import Verdict

from .citations import author, footer
from .embeds import verdict_embed
from .limits import EMBED_TOTAL, FIELD_VALUE, TITLE, cut, fit
from .respond import send, within_deadline
from .runtime import client_of
from .safety import bold, escape
from .share import ShareView

NAME = MESSAGE_COMMANDS[0].name
_MASKED = re.compile(r"\[([^\]\n]*)\]\(\s*<?[^)\s>]*>?(?:\s+\"[^\"]*\")?\s*\)")
_MENTION = re.compile(r"<(@!?|@&|#)\d+>")
_EMOJI = re.compile(r"<a?(:\w+:)\d+>")
_TIMESTAMP = re.compile(r"<t:-?\d+(?::[tTdDfFR])?>")
_WHO = {"@": "@user", "@!": "@user", "@&": "@role", "#": "#channel"}
_COLOURS = {"exact": 0x10B981, "close": 0x14B8A6, "altered": 0xF59E0B, "misattributed": 0xEF4444}


def plain_text(content: str) -> str:
    """What the message says, without Discord's markup: ``[label](url)`` is its label, ``<@1>`` is "@user"."""
    text = _MASKED.sub(r"\1", content or "")
    text = _MENTION.sub(lambda m: _WHO[m.group(1)], text)
    text = _TIMESTAMP.sub("", _EMOJI.sub(r"\1", text))
    return plain_words(text)


def claim_embed(v: Verdict, room: int) -> discord.Embed:
    """A verdict in at most ``room`` characters: headline, what was checked, the passage and its citation."""
    embed = discord.Embed(title=fit(v.headline(), TITLE), colour=_COLOURS.get(v.verdict, 0x6B7280))
    who = f" — attributed to {cut(v.claimed_speaker, 100)}" if v.claimed_speaker else ""
    checked = fit(v.text, min(FIELD_VALUE, room // 3) - len(escape(who)) - 2, lambda raw: f"“{escape(raw)}”")
    embed.add_field(name="Checked", value=checked + escape(who), inline=False)
    if v.match is None:
        embed.description = "No passage in the transcripts resembles it."
        return embed
    embed.set_author(name=author(v.match.citation)).set_footer(text=footer(v.match.citation))
    differing = tuple(d.said for d in v.differences if d.said and d.kind != "speaker")
    embed.description = fit(v.match.text, max(40, room - len(embed)),
                            lambda raw: f"“{bold_terms(raw, differing, bold, escape)}”")
    return embed


def answer_embeds(check: MessageCheck) -> list[discord.Embed]:
    if len(check.verdicts) == 1 and not check.skipped:
        return [verdict_embed(check.verdicts[0])]
    room = (EMBED_TOTAL - 200) // len(check.verdicts)
    embeds = [claim_embed(v, room) for v in check.verdicts]
    if check.skipped:
        embeds[-1].set_footer(text=(embeds[-1].footer.text or "") +
                              f" · {check.skipped} more quotation(s) not checked: at most five at once")
    return embeds


@app_commands.context_menu(name=NAME)
@app_commands.checks.cooldown(3, 30.0, key=lambda i: i.user.id)
async def verify_quote(interaction: discord.Interaction, message: discord.Message) -> None:
    work = check_message(client_of(interaction).service, plain_text(message.content))
    check = await within_deadline(interaction, work, ephemeral=True)
    embeds = answer_embeds(check)
    await send(interaction, embeds=embeds, view=ShareView(interaction, embeds, [v.match for v in check.verdicts]),
               ephemeral=True)
