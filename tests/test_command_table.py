"""The core's command table is what every platform exposes: Discord's synced tree, Slack's manifest and
parsing, and the console's help and parsing. A command or option added in one place and not the others fails here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from adapters import console
from adapters.chat_args import parse_args
from adapters.discord import QuoteClient
from adapters.slack import help_text
from adapters.slack.lookups import COMMANDS as SLACK_LOOKUPS
from adapters.slack.lookups import Lookup
from bot.commands import COMMANDS, MESSAGE_COMMANDS, Command, Option
from bot.service import FACT_KINDS, QuoteService

MANIFEST = Path(__file__).resolve().parents[1] / "slack-manifest.yml"
_DISCORD_TYPES = {"text": 3, "integer": 4, "boolean": 5, "channel": 7}
SAMPLE = {"text": "abc", "integer": "3", "boolean": "true", "channel": "#x"}


def discord_payload(service: QuoteService) -> list[dict[str, Any]]:
    """What the client syncs: the tree's own payload, as ``tree.sync`` sends it."""
    client = QuoteClient(service, service.settings)
    return [c.to_dict(client.tree) for c in client.tree.get_commands()]


def _check_options(synced: list[dict[str, Any]], options: tuple[Option, ...]) -> None:
    assert [o["name"] for o in synced] == [o.name for o in options]
    for got, want in zip(synced, options, strict=True):
        assert got["description"] == want.description and got["type"] == _DISCORD_TYPES[want.type]
        assert bool(got.get("required")) == want.required
        assert [c["value"] for c in got.get("choices", [])] == list(want.choices)


async def test_discord_syncs_exactly_the_table(service: QuoteService) -> None:
    synced = {c["name"]: c for c in discord_payload(service)}
    assert set(synced) == {c.name for c in COMMANDS} | {m.name for m in MESSAGE_COMMANDS}
    for command in COMMANDS:
        got = synced[command.name]
        assert got["description"] == command.description
        if command.subcommands:
            subs = {s["name"]: s for s in got["options"]}
            assert list(subs) == [s.name for s in command.subcommands]
            for sub in command.subcommands:
                assert subs[sub.name]["description"] == sub.description
                _check_options(subs[sub.name].get("options", []), sub.options)
        else:
            _check_options(got.get("options", []), command.options)
    assert all(synced[m.name]["type"] == 3 for m in MESSAGE_COMMANDS)


def _scalar(raw: str) -> str:
    """A one-line YAML scalar: quoted or plain."""
    return raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"" else raw


def manifest_commands() -> dict[str, dict[str, str]]:
    text = MANIFEST.read_text(encoding="utf-8")
    entries = re.findall(r"- command: (/\w+)\n((?:\s{6}\w+: .*\n)+)", text)
    out = {}
    for name, body in entries:
        fields = dict(re.findall(r"(\w+): (.*)", body))
        out[name] = {k: _scalar(v.split("  #")[0].strip()) for k, v in fields.items()}
    return out


def test_slack_manifest_declares_exactly_the_table() -> None:
    declared = manifest_commands()
    assert set(declared) == {f"/{c.name}" for c in COMMANDS} | {"/quotebot"}
    for c in COMMANDS:
        entry = declared[f"/{c.name}"]
        assert entry["description"] == c.description
        assert entry.get("usage_hint", "") == c.usage().removeprefix(f"/{c.name}").strip()
    shortcuts = re.findall(r"- name: (.+)\n\s+type: message", MANIFEST.read_text(encoding="utf-8"))
    assert shortcuts == [m.name for m in MESSAGE_COMMANDS]


@pytest.mark.parametrize("help_text_of", [lambda: help_text.HELP, lambda: console.HELP], ids=["slack", "console"])
def test_text_help_lists_every_command_with_its_usage(help_text_of: Any) -> None:
    shown = help_text_of().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for c in COMMANDS:
        assert c.usage() in shown and c.description in shown


def _typed(c: Command) -> tuple[str, dict[str, str]]:
    """A command line giving every option of ``c`` a sample value, and what each should parse to."""
    parts, want = [], {}
    for o in c.options:
        value = o.choices[0] if o.choices else SAMPLE[o.type]
        want[o.name] = value
        parts.append(value if o.style == "words" else f"--{o.name} {value}" if o.style == "flag" else f"{o.name}:{value}")
    return " ".join(parts), want


@pytest.mark.parametrize("c", [c for c in COMMANDS if c.options], ids=lambda c: c.name)
def test_text_platforms_parse_every_option_of_the_table(c: Command) -> None:
    line, want = _typed(c)
    args = parse_args(c.name, line)
    for o in c.options:
        if o.style == "key":
            got = args.speaker if o.name == "speaker" else args.keys.get(o.name)
            assert got == want[o.name], (c.name, o.name, args)
        elif o.style == "flag":
            assert args.options.get(o.name) == int(want[o.name])
    if c.name in SLACK_LOOKUPS:
        lookup = Lookup.parse(c.name, line, "U1")
        assert lookup.speaker == (want.get("speaker", "")) and lookup.kind == want.get("kind", "")


def test_text_platforms_parse_every_option_of_daily_set() -> None:
    from adapters.chat_args import parse_daily

    set_ = next(c for c in COMMANDS if c.name == "daily").subcommands[0]
    line, want = _typed(set_)
    a = parse_daily(f"set {line}")
    got = {"channel": a.channel, "time": a.time, "timezone": a.zone, "speaker": a.speaker, "topic": a.topic,
           "card": "true" if a.card else ""}
    assert got == want  # every option of the table, and nothing the table lacks
    assert parse_daily("set #x 09:00 UTC trade card:false").card is False
    with pytest.raises(ValueError, match="card: takes true or false"):
        parse_daily("set #x 09:00 UTC card:maybe")


def test_fact_kinds_are_the_cores() -> None:
    assert next(c for c in COMMANDS if c.name == "fact").option("kind").choices == FACT_KINDS


async def test_console_fact_passes_speaker_and_kind(service: QuoteService) -> None:
    from adapters.chat_args import parse_command

    out = await console.answer(service, parse_command("/fact trade kind:percent speaker:Putin --limit 5"))
    kinds = re.findall(r"\[(\w+):", out)
    assert kinds and set(kinds) == {"percent"}
    assert "— Vladimir Putin" in out and "— Xi Jinping" not in out


async def test_console_saves_a_quote_card_beside_the_index(service: QuoteService) -> None:
    from adapters.chat_args import parse_command

    out = await console.answer(service, parse_command("/quote belt of eternal peace card:true"))
    saved = Path(out.splitlines()[0].removeprefix("Card saved to "))
    assert saved.parent == service.settings.db.parent / "cards" and saved.read_bytes().startswith(b"\x89PNG")
    assert "id n7krhvycer6d" in out  # the text answer as well, with its citation


def test_every_description_fits_discords_hundred_characters() -> None:
    every = [*COMMANDS, *(s for c in COMMANDS for s in c.subcommands), *MESSAGE_COMMANDS]
    assert all(1 <= len(c.description) <= 100 for c in every)
    assert all(1 <= len(o.description) <= 100 for c in every for o in c.options)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "https://exa mple.org", "http://x/<b>",
                                 "https://example.org/" + "a" * 3000, "", "example.org/page"])
def test_a_source_button_only_for_a_plain_http_url(url: str) -> None:
    from adapters.discord.jump import source_url as discord_url
    from adapters.slack.jump import source_url as slack_url

    assert discord_url(url) == "" and slack_url(url) == ""
    assert discord_url("https://example.org/a?b=1&c=2") == slack_url("https://example.org/a?b=1&c=2") != ""
