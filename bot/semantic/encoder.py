"""Sentence vectors from the bundled all-MiniLM-L6-v2 model (ONNX, int8), with no network.

The model and its tokenizer ship inside the package (``bot/data/minilm``); onnxruntime runs
the graph, which already mean-pools and L2-normalises, so a vector's dot product with another
is their cosine. Vectors are stored as int8 (x127): a quarter of the bytes, cosine within 0.01.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "minilm"
DIMENSIONS = 384
MAX_TOKENS = 128
"""Quotes are a sentence or two; 128 word pieces hold nearly all of them and keep encoding fast."""
BATCH = 32


class Encoder:
    """One loaded model. Load once per process (``encoder()``); encoding is thread-safe."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.enable_truncation(MAX_TOKENS)
        self._tok.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (float32, one row per text, in order)."""
        import numpy as np

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
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
def encoder(threads: int = 1) -> Encoder:
    return Encoder(threads=threads)


def quantise(vectors: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.clip(np.rint(vectors * 127.0), -127, 127).astype(np.int8)


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the runtime and the model are installed (checked without importing them: that is slow)."""
    missing = [name for name in ("numpy", "onnxruntime", "tokenizers") if importlib.util.find_spec(name) is None]
    if missing or not (MODEL_DIR / "model.onnx").is_file():
        _log.warning("the sentence model or %s is missing: ranking by words only", ", ".join(missing) or "its file")
        return False
    return True
