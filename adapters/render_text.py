"""Plain-text rendering for the terminal: how a chat would show an answer, without the chat."""

from __future__ import annotations

import textwrap

from bot.models import Context, DocumentRoster, Excerpt, Fact, FileError, ReloadReport, SearchResult, Stats, Verdict

from .text import bold_terms, process_line, refused_speakers

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def excerpt(e: Excerpt, n: int | None = None) -> str:
    body = bold_terms(e.text, e.terms, lambda w: f"*{w}*")
    head = f"{n}. " if n is not None else ""
    link = f"\n   ▶ {e.citation.link}" if e.citation.link else ""
    return f"{head}“{body.strip()}”\n" + _wrap(f"— {e.citation.line()}", "   ") + link


def search(result: SearchResult) -> str:
    if not result.results:
        who = f" by {result.speaker}" if result.speaker else ""
        return f"Nothing found for “{result.query}”{who}."
    return "\n\n".join(excerpt(e, i) for i, e in enumerate(result.results, 1))


def quote(e: Excerpt | None, topic: str | None = None) -> str:
    if e is None:
        return f"No quote found about “{topic}”." if topic else "No quotes are indexed."
    return excerpt(e)


def facts(items: list[Fact], topic: str | None = None) -> str:
    if not items:
        return f"No facts found about “{topic}”." if topic else "No facts are indexed."
    lines = []
    for i, f in enumerate(items, 1):
        unit = f" {f.unit}" if f.unit and f.kind in ("money", "count", "duration", "ordinal") else ""
        value = f"{f.value:g}" if f.kind in ("year", "date") else f"{f.value:,.0f}" if float(f.value).is_integer() else f"{f.value:,}"
        lines.append(f"{i}. {f.quantity}  [{f.kind}: {value}{unit}]\n" + excerpt(f.excerpt))
    return "\n\n".join(lines)


def verdict(v: Verdict) -> str:
    out = [v.headline()]
    if v.match:
        out.append(excerpt(v.match))
    return "\n".join(out)


def context(c: Context) -> str:
    parts = []
    for p in c.paragraphs:
        mark = "▶ " if p.citation.paragraph == c.focus else "  "
        who = p.citation.speaker + (" (retranslated)" if p.citation.retranslated else "")
        who += f" ({p.citation.moment()})" if p.citation.moment() else ""
        parts.append(f"{mark}¶{p.citation.paragraph} {who}:\n{_wrap(p.text, '    ')}")
    doc = c.paragraphs[0].citation if c.paragraphs else None
    head = f"Context of {c.quote_id}" + (f" in {doc.document}" if doc else "")
    return head + "\n" + "\n".join(parts)


def stats(s: Stats) -> str:
    lines = [f"{s.documents} documents, {s.paragraphs} paragraphs, {s.quotes} quotes, {s.facts} facts, "
             f"{s.speakers} speakers", f"seeds: {s.seeds}", f"index: {s.db} (built {s.built_at}, version {s.version})"]
    lines += [process_line(p) for p in s.processes]
    lines += [f"error: {e.describe()}" for e in s.errors]
    lines += [f"warning: {w.describe()}" for w in s.warnings]
    return "\n".join(lines)


def reload(r: ReloadReport) -> str:
    if not r.changed:
        return "Transcripts unchanged; the index is up to date."
    if not r.applied:
        fix = "\n".join(f"  {e.describe()}" for e in r.errors)
        return f"Reload refused; still serving the previous index. Fix:\n{fix}"
    lines = [f"Reloaded: {len(r.added)} added, {len(r.modified)} changed, {len(r.removed)} removed documents; "
             f"{r.quotes_added} quotes added, {r.quotes_removed} removed; {r.facts} facts."]
    lines += [f"  error: {e.describe()}" for e in r.errors]
    review = refused_speakers(r)
    read = set(r.added) | set(r.modified)
    warned = [w for w in (r.stats.warnings if r.stats else ()) if w.source in read and w not in review]
    lines += [f"  warning: {w.describe()}" for w in warned[:10]]
    lines += [f"  … and {len(warned) - 10} more warnings (see stats)"] if len(warned) > 10 else []
    return "\n".join(lines + _review(review))


REVIEW_LISTED = 10


def _review(found: list[FileError]) -> list[str]:
    """Label-shaped lines of the files just read that were not taken as speakers, for an admin to check."""
    lines = [f"  review: {w.describe()}" for w in found[:REVIEW_LISTED]]
    if len(found) > REVIEW_LISTED:
        lines.append(f"  … and {len(found) - REVIEW_LISTED} more (quotebot speakers)")
    return lines


def rosters(items: tuple[DocumentRoster, ...]) -> str:
    out = []
    for d in items:
        out.append(f"{d.source} — {d.title}" if d.title else d.source)
        for s in d.speakers:
            who = s.name + (f" ({s.role})" if s.role else "")
            turns = f"{s.turns} turn" + ("" if s.turns == 1 else "s")
            out.append(f"  {who} — {turns} — as " + ", ".join(s.forms or (s.name,)))
        if not d.speakers:
            out.append("  no speakers")
        out += [f"  not a speaker: line {e.line}: {e.message}" if e.line else f"  problem: {e.message}" for e in d.refused]
    return "\n".join(out) if out else "No transcripts."
