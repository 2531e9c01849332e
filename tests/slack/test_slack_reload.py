"""/reload over signed loopback HTTP: admins only, says it started, then what changed or what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.slack.limits import SECTION_TEXT
from adapters.slack.reload import STARTED, render
from bot.models import FileError, ReloadReport
from bot.service import QuoteService

from .slack_harness import FakeSlack, SlackDriver
from .test_slack_safety import assert_inert

NEW = "Ferry Board Minutes, 4 April 2022\n\nAda Quill: The new ferry timetable starts in May with four crossings.\n"


async def test_admin_reload_reports_an_added_file(slack: SlackDriver, service: QuoteService, seeds: Path) -> None:
    before = await service.stats()
    (seeds / "ferry-board-2022-04.txt").write_text(NEW, encoding="utf-8")
    sent = await slack.command("/reload", user="ULISTED")
    started = await slack.reply(sent)
    assert started == {"text": STARTED, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": STARTED,
                                                                                  "verbatim": True}}],
                       "response_type": "ephemeral"}
    done = await slack.reply(sent, 2)
    assert done["response_type"] == "ephemeral"
    assert done["text"].startswith("Reloaded. Documents: 1 added, 0 changed, 0 removed. Quotes: 1 added, 0 removed.")
    assert done["blocks"][1]["elements"][0]["text"] == "*Added:* `ferry-board-2022-04.txt`"
    assert (await service.stats()).documents == before.documents + 1
    assert (await service.search("ferry timetable")).results


@pytest.mark.parametrize("command", [("/reload", ""), ("/quotebot", "reload")])
async def test_non_admins_are_refused_and_the_index_is_unchanged(
    slack: SlackDriver, workspace: FakeSlack, service: QuoteService, seeds: Path, command: tuple[str, str]
) -> None:
    before = await service.stats()
    (seeds / "ferry-board-2022-04.txt").write_text(NEW, encoding="utf-8")
    sent = await slack.command(*command, user="UPLAIN")
    msg = await slack.reply(sent)
    assert msg["response_type"] == "ephemeral"
    assert msg["text"].startswith("Sorry, /reload is only for this workspace's admins and owners")
    assert (await service.stats()) == before
    assert not (await service.search("ferry timetable")).results
    assert len(workspace.responses) == 1  # no "Reloading…": nothing started


async def test_workspace_admin_via_quotebot_reload(slack: SlackDriver, workspace: FakeSlack,
                                                   service: QuoteService, seeds: Path) -> None:
    (seeds / "ferry-board-2022-04.txt").write_text(NEW, encoding="utf-8")
    sent = await slack.command("/quotebot", "reload", user="UADMIN")
    assert (await slack.reply(sent))["text"] == STARTED
    assert (await slack.reply(sent, 2))["text"].startswith("Reloaded. Documents: 1 added")


async def test_nothing_changed(slack: SlackDriver) -> None:
    sent = await slack.command("/reload", user="ULISTED")
    assert (await slack.reply(sent, 2))["text"] == "The transcripts are unchanged; the index is up to date."


async def test_a_bad_file_keeps_the_old_index_and_says_what_to_fix(
    slack: SlackDriver, service: QuoteService, seeds: Path
) -> None:
    before = await service.stats()
    (seeds / "broken <!channel>.txt").write_bytes(b"\x00\xff" * 100)
    sent = await slack.command("/reload", user="ULISTED")
    msg = await slack.reply(sent, 2)
    assert msg["text"].startswith("Reload refused: I am still serving the previous index, and nothing was lost.")
    assert [b["text"]["text"] for b in msg["blocks"][:2]] == [
        "*Reload refused: I am still serving the previous index, and nothing was lost.*",
        "Fix these and run /reload again:"]
    assert msg["blocks"][2]["text"]["text"].startswith("• `broken &lt;!channel&gt;.txt")
    assert_inert(msg)
    assert (await service.stats()).quotes == before.quotes


def test_report_shows_file_and_line_and_stays_within_slack_limits() -> None:
    names = tuple(f"transcript-{n:03}-{'x' * 150}.txt" for n in range(40))
    errors = tuple(FileError(f"bad-{n}.txt", "no speaker label before the first paragraph", n + 3) for n in range(30))
    report = ReloadReport(True, True, added=names, removed=("old.txt",), quotes_added=1234, facts=56, errors=errors)
    r = render(report)
    blocks = [b for g in r.groups for b in g]
    assert r.text.startswith("Reloaded. Documents: 40 added, 0 changed, 1 removed. Quotes: 1,234 added, 0 removed. "
                             "Facts: 56.")
    added = blocks[1]["elements"][0]["text"]
    assert added.startswith("*Added:* `transcript-000-") and added.endswith(" and 25 more")
    assert blocks[2]["elements"][0]["text"] == "*Removed:* `old.txt`"
    problems = blocks[4]["text"]["text"]
    assert problems.startswith("• `bad-0.txt:3: no speaker label before the first paragraph`")
    assert problems.endswith("and 15 more")
    assert all(len(b["text"]["text"] if "text" in b else b["elements"][0]["text"]) <= SECTION_TEXT for b in blocks)

    refused = render(ReloadReport(True, False, errors=(FileError("a.txt", "cannot decode", 7),)))
    assert "a.txt:7: cannot decode" in refused.text


async def test_reload_lists_lines_not_taken_as_speakers(slack: SlackDriver, seeds: Path) -> None:
    (seeds / "board.txt").write_text(
        "Board minutes\n\nAda Quill: We read the charter aloud.\n\nThe Old Charter: “Every pier is common land.”\n\n"
        "Ada Quill: That settles it.\n\nIvo Brandt: Agreed.\n\nIvo Brandt: Adjourned.\n", encoding="utf-8")
    sent = await slack.command("/reload", user="ULISTED")
    done = await slack.reply(sent, 2)
    texts = [b["text"]["text"] for b in done["blocks"] if b["type"] == "section"]
    assert "Not taken as speakers (1):" in texts
    assert any("board.txt: line 5" in t and "The Old Charter" in t for t in texts)
