"""Podcast and speech-to-text JSON: Podcasting 2.0 segments, Whisper and whisperX output, YouTube transcripts."""

from __future__ import annotations

import json
import math
from typing import Any

from .cues import Cue, Unreadable, clean, repeated_names, split_name


def _number(value: Any) -> float | None:
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


def _segment(seg: dict[str, Any], known: frozenset[str]) -> Cue | None:
    raw = seg.get("body", seg.get("text", seg.get("utf8")))
    if not isinstance(raw, str):
        return None
    text = clean(raw)
    stamp = seg.get("timestamp")  # Hugging Face pipelines: "timestamp": [start, end]
    pair = stamp if isinstance(stamp, list) and len(stamp) == 2 else (None, None)
    start = _number(seg.get("startTime", seg.get("start", pair[0])))
    end = _number(seg.get("endTime", seg.get("end", pair[1])))
    if end is None and start is not None and _number(seg.get("duration")) is not None:
        end = start + float(seg["duration"])
    speaker = _speaker(seg.get("speaker", seg.get("speaker_name")))
    if not speaker:
        speaker, text = split_name(text, known)
    return Cue(start, end, text, speaker, _words(text, seg.get("words")))


def _segment_list(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("segments", "transcript", "results", "captions", "chunks"):
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


def looks_like_segments(text: str) -> bool:
    head = text.lstrip()[:4000]
    return head[:1] in "[{" and any(k in head for k in ('"segments"', '"startTime"', '"start"'))
