"""Block Kit for the core's results: a section with the passage, a context block with its citation.

Every piece of transcript or user text goes through ``escape`` (transcript text in blocks through
``literal``, which also keeps ``*_~``` literal); matched words are bold;
a section never passes 3,000 characters and the citation is never cut. Each message also
carries a plain ``text`` fallback with the same citation, for notifications and screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.text import bold_terms, process_line, roster_line
from bot.models import Citation, Context, DocumentRoster, Excerpt, Fact, SearchResult, Stats, Verdict

from .limits import FALLBACK_TEXT, SECTION_TEXT, Block, cut, fit
from .safety import LITERAL, escape, literal, mrkdwn, plain, safe_url

FALLBACK_PASSAGE = 300
"""Characters of each passage kept in the fallback text of a many-passage answer."""


@dataclass(slots=True)
class Rendered:
    """Groups of blocks (a passage and its citation stay together) and the fallback text."""

    text: str
    groups: list[list[Block]] = field(default_factory=list)
    more: bool = False
    """Search only: there is a next page."""
    cited: tuple[Excerpt, ...] = ()
    """The passages the reply quotes, for their Context and Source buttons."""
    cited_from: int = 1
    """The number the reply shows on its first cited passage (search pages)."""


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def note(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def _bold(s: str) -> str:
    return f"*{s}*"


def passage(text: str, terms: tuple[str, ...] = (), *, prefix: str = "") -> str:
    """The passage in quotation marks, escaped, matched words bold, within one section's limit."""
    room = SECTION_TEXT - len(prefix)
    return prefix + fit(text, lambda t: "“" + bold_terms(t, terms, _bold, literal, LITERAL) + "”", room)


def citation(c: Citation) -> str:
    """The citation for the context block: the same facts as ``Citation.line()``, id in code."""
    who = literal(c.speaker + (f" ({c.role})" if c.role else ""))  # from the transcript: no formatting either
    where = literal(c.document + (f", {c.date}" if c.date else ""))
    url = safe_url(c.url)
    if url:
        where = f"<{url}|{where}>"
    moment = c.moment()
    link = safe_url(c.link) if moment and len(c.link) <= 512 else ""  # a longer one would crowd out the passage
    parts = [who, where, f"¶{c.paragraph}"] + ([f"<{link}|{moment}>" if link else moment] if moment else [])
    parts += [f"id `{escape(c.quote_id)}`"] if c.quote_id else []
    if c.retranslated:
        parts.append("_retranslated, not the speaker's own words_")
    return " · ".join(parts)


def excerpt_group(ex: Excerpt, terms: tuple[str, ...] = (), *, prefix: str = "") -> list[Block]:
    return [section(passage(ex.text, terms or ex.terms, prefix=prefix)), note(citation(ex.citation))]


def fallback(ex: Excerpt, limit: int = FALLBACK_TEXT) -> str:
    """``“passage” — citation``, the passage cut so the citation always fits whole."""
    line = literal(ex.citation.line())
    room = max(40, limit - len(line) - len(" — "))
    return fit(ex.text, lambda t: "“" + literal(t) + "”", room) + " — " + line


def quote(ex: Excerpt | None, topic: str = "") -> Rendered:
    if ex is None:
        about = f" about “{literal(cut(topic, 200))}”" if topic else ""
        return Rendered(f"No quote{about} found. Try other words, or /search.")
    return Rendered(fallback(ex), [excerpt_group(ex)], cited=(ex,))


def daily_quote(ex: Excerpt, title: str) -> Rendered:
    """The quote of the day: a header, then the same passage and citation as /quote."""
    head = escape(title)
    text = f"{head}: " + fallback(ex, FALLBACK_TEXT - len(head) - 2)
    return Rendered(text, [[{"type": "header", "text": plain(cut(title, 150))}, *excerpt_group(ex)]])


def search(result: SearchResult, offset: int, more: bool) -> Rendered:
    asked = f"“{literal(result.query)}”" + (f" by {literal(result.speaker)}" if result.speaker else "")
    if not result.results:
        head = f"No more results for {asked}." if offset else f"Nothing found for {asked}."
        return Rendered(head, [[section(head)]])
    first, last = offset + 1, offset + len(result.results)
    head = (f"Result {first}" if first == last else f"Results {first}–{last}") + f" for {asked}"
    groups = [[section(f"*{head}*")]]
    texts = [head + ":"]
    for n, ex in enumerate(result.results, first):
        groups.append(excerpt_group(ex, prefix=f"*{n}.* "))
        texts.append(f"{n}. " + fallback(ex, FALLBACK_PASSAGE + len(ex.citation.line())))
    return Rendered("\n".join(texts), groups, more, cited=result.results, cited_from=first)


def facts(found: list[Fact], topic: str = "") -> Rendered:
    about = f" about “{literal(cut(topic, 200))}”" if topic else ""
    if not found:
        return Rendered(f"No facts{about} found.", [[section(f"No facts{about} found.")]])
    head = f"Facts{about}"
    groups = [[section(f"*{head}*")]]
    texts = [head + ":"]
    for f in found:
        terms = (*f.excerpt.terms, f.quantity)
        label = f"*{literal(f.quantity)}* ({escape(f.kind)}): "
        groups.append(excerpt_group(f.excerpt, terms, prefix=label))
        texts.append(f"{escape(f.quantity)}: " + fallback(f.excerpt, FALLBACK_PASSAGE + len(f.excerpt.citation.line())))
    return Rendered("\n".join(texts), groups, cited=tuple(f.excerpt for f in found))


def verdict(v: Verdict) -> Rendered:
    head = literal(v.headline())  # names the changed words, from the claim and the transcript
    groups = [[section(f"*{head}*"), section(passage(v.text, prefix="You checked: "))]]
    text = head
    if v.match:
        # "Not found; nearest:" already introduces the passage.
        groups.append(excerpt_group(v.match, prefix="" if v.verdict == "not_found" else "Transcript: "))
        text += (" " if text.endswith(":") else " — ") + fallback(v.match)
    groups.append([note(f"Similarity {v.similarity:.0%}")])
    return Rendered(text, groups, cited=(v.match,) if v.match else ())


def context(ctx: Context) -> Rendered:
    groups = []
    focus_text = ""
    for ex in ctx.paragraphs:
        here = ex.citation.paragraph == ctx.focus
        groups.append(excerpt_group(ex, prefix="▶ " if here else ""))
        if here:
            focus_text = fallback(ex)
    head = f"Context of {escape(ctx.quote_id)}"
    return Rendered(f"{head}: {focus_text}" if focus_text else head, groups)


def stats(s: Stats, intro: str = "") -> Rendered:
    facts_ = [("Documents", s.documents), ("Paragraphs", s.paragraphs), ("Quotes", s.quotes),
              ("Facts", s.facts), ("Speakers", s.speakers)]
    fields = [mrkdwn(f"*{k}*\n{v:,}") for k, v in facts_] + [mrkdwn(f"*Indexed*\n{escape(s.built_at)}")]
    blocks: list[Block] = [section(intro)] if intro else []
    blocks.append({"type": "section", "fields": fields})
    if s.errors or s.warnings:
        blocks.append(note(f"{len(s.errors)} file errors, {len(s.warnings)} warnings in the transcripts."))
    if s.processes:
        blocks.append(note(cut("\n".join(escape(process_line(p)) for p in s.processes), SECTION_TEXT)))
    summary = ", ".join(f"{v:,} {k.lower()}" for k, v in facts_)
    return Rendered(escape(intro + (" " if intro else "") + summary), [blocks])


def rosters(items: tuple[DocumentRoster, ...]) -> Rendered:
    """Who speaks in each transcript: one section a document, names escaped."""
    lines = [(d.source, roster_line([(s.name, s.role, s.turns) for s in d.speakers], len(d.refused))) for d in items]
    head = [f"*{escape(cut(src, 200))}*: " for src, _ in lines]
    groups = [[section(h + fit(line, escape, SECTION_TEXT - len(h)))] for h, (_, line) in zip(head, lines, strict=True)]
    text = "; ".join(f"{src}: {line}" for src, line in lines) or "No transcripts."
    return Rendered(cut(text, FALLBACK_TEXT), groups or [[section("No transcripts.")]])
