"""Encode the quotes of a live generation that have no vector yet, a batch at a time."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict

import aiosqlite

from ..store import vectors
from .encoder import encoder, quantise

_log = logging.getLogger(__name__)
BATCH = 256
"""Quotes encoded and committed together (about ten seconds with mpnet): progress survives an interrupted fill."""


MEMO = 20_000
"""Sentences remembered per process (about 15 MB): a rebuild, or a second index of the same
transcripts, never encodes a sentence twice."""
_memo: OrderedDict[tuple[str, str], bytes] = OrderedDict()
"""(model, sentence) -> vector bytes."""
_memo_lock = threading.Lock()


def _encode(model: str, texts: list[str]) -> list[bytes]:
    """int8 vector bytes per text; runs in a thread (the model releases the GIL while it works)."""
    keys = [(model, t) for t in texts]
    with _memo_lock:
        new = [k for k in dict.fromkeys(keys) if k not in _memo]
    encoded = dict(zip(new, (v.tobytes() for v in quantise(encoder(model).encode([t for _, t in new]))),
                       strict=True)) if new else {}
    with _memo_lock:
        _memo.update(encoded)
        for k in keys:
            if k in _memo:
                _memo.move_to_end(k)
        out = [encoded.get(k) or _memo.get(k) for k in keys]
        while len(_memo) > MEMO:
            _memo.popitem(last=False)
    lost = [i for i, v in enumerate(out) if v is None]  # forgotten by another thread meanwhile: encode again
    for i, vec in zip(lost, quantise(encoder(model).encode([texts[i] for i in lost])), strict=True) if lost else ():
        out[i] = vec.tobytes()
    return [v for v in out if v is not None]


async def fill(db: aiosqlite.Connection, g: int, model: str) -> int:
    """Vectors for every quote of generation ``g`` that has none; returns how many were encoded."""
    done, started, said = 0, time.monotonic(), time.monotonic()
    while rows := await vectors.missing(db, g, model, BATCH):
        encoded = await asyncio.to_thread(_encode, model, [text for _, text in rows])
        await vectors.write(db, g, model, [(qid, vec) for (qid, _), vec in zip(rows, encoded, strict=True)])
        done += len(rows)
        if time.monotonic() - said > 5:
            said = time.monotonic()
            _log.info("vectors: %d quotes encoded, %.0f a second", done, done / (said - started))
    await vectors.mark_complete(db, g, model)
    if done:
        _log.info("encoded %d quotes in %.1fs", done, time.monotonic() - started)
    return done
