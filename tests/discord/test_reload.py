"""/reload through the real tree: what changed, what to fix, and who may run it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from . import payloads
from .conftest import ADMIN_ID, Exchange, Harness

NEW = "Port workers meeting\n\nMira Quell: The cranes at the eastern pier will be replaced before the autumn season.\n"


async def reload(bot: Harness, **kwargs) -> Exchange:
    return await bot.command("reload", **({"permissions": payloads.MANAGE_GUILD} | kwargs))


def answer(exchange: Exchange) -> dict:
    """The follow-up that carries the answer, after the private "thinking…" placeholder."""
    deferred = exchange.callback.body
    assert deferred["type"] == 5 and deferred["data"]["flags"] & 64
    (follow_up,) = [c for c in exchange.calls if c.path.startswith("/webhooks/")]
    assert follow_up.body["flags"] & 64 and follow_up.body["allowed_mentions"] == {"parse": []}
    return follow_up.body["embeds"][0]


async def test_an_admin_reload_reports_the_added_file(bot: Harness, seeds: Path) -> None:
    (seeds / "port_workers.txt").write_text(NEW, encoding="utf-8")
    embed = answer(await reload(bot))
    assert embed["title"] == "Reloaded"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Documents"].startswith("1 added: port\\_workers.txt")  # escaped: the name is not markdown
    assert "0 changed" in fields["Documents"] and "0 removed" in fields["Documents"]
    assert fields["Quotes"].startswith("1 added, 0 removed")
    assert fields["Now serving"].startswith("3 documents")
    assert (await bot.client.service.stats()).documents == 3
    suggested = await bot.autocomplete("quote", "speaker", speaker="Mira")
    assert "Mira Quell" in [c["value"] for c in suggested.callback.body["data"]["choices"]]  # memory refreshed


async def test_a_reload_not_run_here_renews_autocomplete_too(bot: Harness, seeds: Path) -> None:
    """One followed from another process's /reload, or the seeds watcher's, goes through service.reload()."""
    (seeds / "port_workers.txt").write_text(NEW, encoding="utf-8")
    assert (await bot.client.service.reload()).applied
    for _ in range(100):  # the suggestions are snapshotted in the background
        suggested = await bot.autocomplete("quote", "speaker", speaker="Mira")
        if "Mira Quell" in [c["value"] for c in suggested.callback.body["data"]["choices"]]:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("autocomplete still offers the speakers of the previous index")


async def test_a_second_reload_with_nothing_new_says_so(bot: Harness) -> None:
    embed = answer(await reload(bot))
    assert embed["title"] == "Transcripts unchanged"


async def test_a_broken_file_keeps_the_old_index_and_says_what_to_fix(bot: Harness, seeds: Path) -> None:
    (seeds / "binary.txt").write_bytes(b"\x00\xff" * 100)
    (seeds / "port_workers.txt").write_text(NEW, encoding="utf-8")
    embed = answer(await reload(bot))
    assert embed["title"] == "Reload refused: still serving the previous index"
    assert embed["description"].startswith("Nothing was lost. Fix these, then run /reload again:\n• binary.txt: ")
    assert (await bot.client.service.stats()).documents == 2


async def test_a_member_without_manage_server_is_refused_and_nothing_is_reloaded(bot: Harness, seeds: Path) -> None:
    (seeds / "port_workers.txt").write_text(NEW, encoding="utf-8")
    refused = await reload(bot, permissions=payloads.MEMBER_PERMISSIONS)
    assert refused.ephemeral and refused.reply["content"].startswith("Only server admins")
    assert refused.callback.body["type"] == 4  # answered at once: nothing was started
    assert (await bot.client.service.stats()).documents == 2


async def test_a_listed_admin_may_reload_without_manage_server(bot: Harness) -> None:
    embed = answer(await reload(bot, user_id=ADMIN_ID, permissions=payloads.MEMBER_PERMISSIONS))
    assert embed["title"] == "Transcripts unchanged"


async def test_reload_refuses_in_direct_messages(bot: Harness, seeds: Path) -> None:
    (seeds / "port_workers.txt").write_text(NEW, encoding="utf-8")
    refused = await reload(bot, user_id=ADMIN_ID, guild=False)
    assert refused.ephemeral
    assert refused.reply["content"] == "That command only works in a server, not in direct messages."
    assert (await bot.client.service.stats()).documents == 2


async def test_reload_lists_lines_not_taken_as_speakers(bot: Harness, seeds: Path) -> None:
    (seeds / "board.txt").write_text(
        "Board minutes\n\nMira Quell: We read the charter aloud.\n\nThe Old Charter: “Every pier is common land.”\n\n"
        "Mira Quell: That settles it.\n\nIvo Brandt: Agreed.\n\nIvo Brandt: Adjourned.\n", encoding="utf-8")
    embed = answer(await reload(bot))
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "The Old Charter" in fields["Not taken as speakers (1)"] and "board.txt: line 5" in fields["Not taken as speakers (1)"]
