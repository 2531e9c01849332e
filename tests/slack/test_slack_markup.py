"""Transcript markup reaches Slack as text: no link, mention, date, bold, italic, strike, code or quote of its own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .slack_harness import BUNDLED, SlackDriver, texts

FERRY = """Ferry committee minutes

Jane Doe: The ferry rules say *always* wear a _life_ vest and ~never~ run on the `deck` today.

Jane Doe: > ferry quote that starts a line on the harbour.

Jane Doe: Ferry ```block of code``` and <https://evil.example|ferry tickets> and <!date^1700000000^{date}|soon>.

Jane Doe: Ferry desk <@U123> <#C123> <!here> <!subteam^S1|@crew> & friends.

Jane Doe: Ferry *bold ferry words* inside the stars.
"""
# A date Slack cannot format shows its fallback as plain text: how a formatting character stays literal.
LITERAL = re.compile(r"<!date\^0+\^\{_\}\|[*_~`]>")
TOPICS = ("ferry rules vest", "ferry quote harbour", "ferry block code tickets", "ferry desk friends",
          "ferry bold words stars")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(BUNDLED, folder / BUNDLED.name)
    (folder / "ferry-markup.txt").write_text(FERRY, encoding="utf-8")
    return folder


def live(text: str) -> list[str]:
    """Slack markup left in a passage once our own bold (``*word*``) and the literal characters are taken out."""
    plain = LITERAL.sub("", text)
    plain = re.sub(r"(?<![\w*])\*([^*<>]+?)\*(?![\w*])", r"\1", plain)
    found = []
    if "<" in plain or ">" in plain:
        found.append("control sequence (link, mention, date, broadcast)")
    if re.search(r"[*_~`]", plain):
        found.append("formatting (bold, italic, strike, code)")
    if re.search(r"(?m)^&gt;", plain):
        found.append("block quote")
    return found


def passages(message: dict) -> list[str]:
    """Every quoted stretch of every text of the message (block sections and the notification text)."""
    return [t[t.index("“"): t.rindex("”") + 1] for t in texts(message) if "“" in t and "”" in t]


async def test_transcript_markup_is_plain_text_in_slack(slack: SlackDriver) -> None:
    seen, n = 0, 0
    for topic in TOPICS:
        for command in ("/search", "/quote"):
            n += 1
            msg = await slack.reply(await slack.command(command, topic, user=f"UFERRY{n}"), n)
            for text in passages(msg):
                assert live(text) == [], (topic, text)
                seen += "erry" in text
    assert seen >= len(TOPICS) * 2


@pytest.mark.parametrize("command", ["/search", "/fact", "/verify"])
async def test_user_markup_is_echoed_as_text(slack: SlackDriver, command: str) -> None:
    typed = "zeppelin *qwv* _vqw_ ~wqv~ `vwq` <https://zz.invalid|x> <@U1> <!here> &"
    msg = await slack.reply(await slack.command(command, typed, user="UMARKUP"))
    echoes = [m.group(0) for t in texts(msg) for m in re.finditer(r"“zeppelin[^”]*”", t)]
    assert echoes, texts(msg)
    for echo in echoes:  # nothing of ours is bold inside an echo, so any mark left would be the user's
        plain = LITERAL.sub("", echo)
        assert not re.search(r"[*_~`<>]", plain), echo
