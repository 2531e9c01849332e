"""Sentence vectors from a bundled sentence-transformer model (ONNX, int8 weights), with no network.

Two models ship inside the package (``bot/data``): all-mpnet-base-v2, the default, which finds
paraphrases best, and all-MiniLM-L6-v2, five times faster and 150 MB lighter, for large indexes on
small machines (``QUOTEBOT_SEMANTIC=small``). onnxruntime runs the graph, which already mean-pools
and L2-normalises, so a vector's dot product with another is their cosine. Vectors are stored as
int8 (x127): a quarter of the bytes, cosine within 0.01.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_log = logging.getLogger(__name__)
DATA = Path(__file__).resolve().parent.parent / "data"
MAX_TOKENS = 128
"""Quotes are a sentence or two; 128 word pieces hold nearly all of them and keep encoding fast."""
BATCH = 32


@dataclass(frozen=True, slots=True)
class SentenceModel:
    key: str
    """Names the model's vectors table, so vectors of one model are never read as another's."""
    name: str
    dimensions: int
    floor: float
    """Least cosine for a quote found by meaning alone (unrelated sentences score below it)."""
    near: float
    """Least cosine between a loosely worded claim and a sentence it may have changed a number of."""

    @property
    def folder(self) -> Path:
        return DATA / self.key


MODELS = {
    # Unrelated sentences score up to about 0.2 with either ("unicorns" against a summit), related ones lower
    # with mpnet than with MiniLM: the thresholds follow (measured on the dev corpus and nonsense one-word queries).
    "mpnet": SentenceModel("mpnet", "all-mpnet-base-v2", 768, floor=0.25, near=0.4),
    "minilm": SentenceModel("minilm", "all-MiniLM-L6-v2", 384, floor=0.3, near=0.5),
}
DEFAULT = "mpnet"


class Encoder:
    """One loaded model. Load once per process (``encoder()``); encoding is thread-safe."""

    def __init__(self, model: SentenceModel, threads: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.model = model
        self._tok = Tokenizer.from_file(str(model.folder / "tokenizer.json"))
        self._tok.enable_truncation(MAX_TOKENS)
        pad = self._tok.padding or {}  # the model's own padding token: MPNet's is <pad> (1), BERT's [PAD] (0)
        self._tok.enable_padding(pad_id=pad.get("pad_id", 0), pad_token=pad.get("pad_token", "[PAD]"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model.folder / "model.onnx"), options,
                                             providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (float32, one row per text, in order)."""
        import numpy as np

        out = np.zeros((len(texts), self.model.dimensions), dtype=np.float32)
        # Batches of similar length pad little: sorting roughly halves the work on mixed quotes.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            encoded = self._tok.encode_batch([texts[i] for i in chunk])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            out[chunk] = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out


@lru_cache(maxsize=2)
def encoder(key: str = DEFAULT) -> Encoder:
    """The process's one session of a model (queries and the fill share it: a second would double its memory).
    Two threads where there are two cores: 27 quotes a second instead of 14 with mpnet, a query in 24 ms not 30."""
    return Encoder(MODELS[key], threads=min(2, os.cpu_count() or 1))


def quantise(vectors: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.clip(np.rint(vectors * 127.0), -127, 127).astype(np.int8)


@lru_cache(maxsize=2)
def available(key: str = DEFAULT) -> bool:
    """Whether the runtime and the model are installed (checked without importing them: that is slow)."""
    missing = [name for name in ("numpy", "onnxruntime", "tokenizers") if importlib.util.find_spec(name) is None]
    if missing or not (MODELS[key].folder / "model.onnx").is_file():
        _log.warning("the sentence model or %s is missing: ranking by words only", ", ".join(missing) or "its file")
        return False
    return True
