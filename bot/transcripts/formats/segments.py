"""Podcast and speech-to-text JSON: Podcasting 2.0 segments, Whisper and whisperX output, YouTube transcripts."""

from __future__ import annotations

import json
import math
from typing import Any

from .cues import Cue, Unreadable, clean, repeated_names, seconds, split_name


def _number(value: Any) -> float | None:
    if isinstance(value, str) and ":" in value:
        return seconds(value)  # "00:01:02.500", as some exporters write times
    try:
        number = None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None
    return number if number is not None and math.isfinite(number) else None


def _words(text: str, words: Any) -> tuple[tuple[int, float], ...]:
    """Offsets of Whisper's timed words in the segment's text, found in order."""
    if not isinstance(words, list):
        return ()
    out, at = [], 0
    for w in words:
        if not isinstance(w, dict):
            continue
        word, start = clean(str(w.get("word") or w.get("text") or "")), _number(w.get("start"))
        if not word or start is None:
            continue
        found = text.find(word, at)
        if found < 0:
            continue
        out.append((found, start))
        at = found + len(word)
    return tuple(out)


def _speaker(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return f"Speaker {value}"  # diarization numbers speakers; a bare "0" reads as no one
    return clean(value) if isinstance(value, str) else ""


def _times(seg: dict[str, Any]) -> tuple[float | None, float | None]:
    """Start and end in seconds, whichever way the tool writes them."""
    stamp = seg.get("timestamp")  # Hugging Face pipelines: "timestamp": [start, end]
    pair = stamp if isinstance(stamp, list) and len(stamp) == 2 else (None, None)
    start = _number(seg.get("startTime", seg.get("start", pair[0])))
    end = _number(seg.get("endTime", seg.get("end", pair[1])))
    offsets = seg.get("offsets")  # whisper.cpp: milliseconds
    if start is None and isinstance(offsets, dict) and _number(offsets.get("from")) is not None:
        start, to = _number(offsets.get("from")), _number(offsets.get("to"))
        start, end = (start or 0) / 1000, None if to is None else to / 1000
    if start is None and _number(seg.get("tStartMs")) is not None:  # YouTube json3
        start = (_number(seg.get("tStartMs")) or 0) / 1000
        duration = _number(seg.get("dDurationMs"))
        end = None if duration is None else start + duration / 1000
    if end is None and start is not None and _number(seg.get("duration")) is not None:
        end = start + float(seg["duration"])
    return start, end


def _json3_text(seg: dict[str, Any], start: float | None) -> tuple[str, tuple[tuple[int, float], ...]] | None:
    """A YouTube json3 event's words (``segs`` of ``utf8`` with ``tOffsetMs``) and their times."""
    parts = seg.get("segs")
    if not isinstance(parts, list):
        return None
    text, words = "", []
    for part in parts:
        if not isinstance(part, dict) or not isinstance(part.get("utf8"), str):
            continue
        chunk = " ".join(part["utf8"].split())
        offset = _number(part.get("tOffsetMs"))
        glue = " " if text and chunk else ""
        if offset is not None and start is not None and chunk:
            words.append((len(text) + len(glue), round(start + offset / 1000, 3)))
        text += glue + chunk
    return text, tuple(words)


def _segment(seg: dict[str, Any], known: frozenset[str]) -> Cue | None:
    start, end = _times(seg)
    json3 = _json3_text(seg, start)
    raw = seg.get("body", seg.get("text", seg.get("utf8")))
    if json3 is not None:
        text, words = json3
        return Cue(start, end, text, "", words) if text else None
    if not isinstance(raw, str):
        return None
    text = clean(raw)
    speaker = _speaker(seg.get("speaker", seg.get("speaker_name")))
    if not speaker:
        speaker, text = split_name(text, known)
    return Cue(start, end, text, speaker, _words(text, seg.get("words")))


def _segment_list(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("segments", "transcript", "transcription", "results", "captions", "chunks", "events"):
            if isinstance(data.get(key), list):
                return data[key]
    return None


def read_segments(text: str) -> list[Cue]:
    """Cues of a transcript JSON; Unreadable when the JSON is something else."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise Unreadable("JSON nested too deeply to be a transcript") from None
    except json.JSONDecodeError as exc:
        raise Unreadable(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    segments = [s for s in _segment_list(data) or () if isinstance(s, dict)]
    known = repeated_names([clean(s["text"]) for s in segments if isinstance(s.get("text"), str)])
    cues = [c for c in (_segment(s, known) for s in segments) if c is not None]
    if not cues or all(c.start is None for c in cues):
        raise Unreadable("JSON without transcript segments (expected 'segments' with start times and text)")
    return cues

