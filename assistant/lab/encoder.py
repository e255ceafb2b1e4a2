"""The base encoder as a plain transformer (tokenizer + ``AutoModel``), its last hidden
states pooled here rather than by sentence-transformers, so the studies can compare
poolings and see the vectors before normalisation.

Tests pass a tiny randomly initialised BERT with a character tokenizer instead.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import require
from ..settings import Settings

POOLINGS = ("cls", "mean", "max")


def pool(hidden: np.ndarray, mask: np.ndarray, how: str) -> np.ndarray:
    """Pool ``(n, t, d)`` hidden states over the tokens where ``mask`` is 1.

    ``cls``: the first token (``<s>``); ``mean``: the average of the real tokens (what e5
    was trained with); ``max``: the element-wise maximum over the real tokens.
    """
    if how == "cls":
        return hidden[:, 0].astype(np.float32)
    m = mask[..., None].astype(np.float32)
    if how == "mean":
        return ((hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)).astype(np.float32)
    if how == "max":
        return np.where(m > 0, hidden, -np.inf).max(axis=1).astype(np.float32)
    raise ValueError(f"unknown pooling {how!r} (use one of {POOLINGS})")


def normalized(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit L2 norm."""
    return (vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


@dataclass
class Encoder:
    """A tokenizer and a transformer whose ``last_hidden_state`` the studies pool.

    Attributes:
        tokenizer: A Hugging Face (fast) tokenizer.
        model: A ``transformers`` model returning ``last_hidden_state`` (and, on request,
            ``hidden_states``).
        name: Identifies the weights in on-disk caches.
        max_length: Longer texts are truncated.
        batch_size: Texts per forward pass.
    """

    tokenizer: Any
    model: Any
    name: str = "encoder"
    max_length: int = 512
    batch_size: int = 32

    def hidden_batches(self, texts: Sequence[str], *, layer: int = -1, progress: str = ""
                       ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """``(rows, hidden (b, t, d), mask (b, t))`` batch by batch, texts of similar length
        together (less padding); ``rows`` index into ``texts``. ``layer`` picks a hidden
        layer (``-1``: the last)."""
        torch = require("torch", "torch==2.13.0")
        order = np.argsort([len(t) for t in texts], kind="stable")
        bar = None
        if progress and len(texts) > self.batch_size:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(texts), desc=progress, unit="text", file=sys.stderr, mininterval=2)
        for i in range(0, len(texts), self.batch_size):
            rows = order[i : i + self.batch_size]
            enc = self.tokenizer([texts[r] for r in rows], padding=True, truncation=True,
                                 max_length=self.max_length, return_tensors="pt")
            with torch.inference_mode():
                out = self.model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"],
                                 output_hidden_states=layer != -1)
            hidden = out.last_hidden_state if layer == -1 else out.hidden_states[layer]
            yield rows, hidden.float().numpy(), enc["attention_mask"].numpy()
            if bar:
                bar.update(len(rows))
        if bar:
            bar.close()

    def pooled(self, texts: Sequence[str], poolings: Sequence[str] = POOLINGS, *, progress: str = ""
               ) -> dict[str, np.ndarray]:
        """Un-normalised pooled vectors, one ``(n, d)`` array per pooling."""
        out: dict[str, np.ndarray] = {}
        for rows, hidden, mask in self.hidden_batches(texts, progress=progress):
            for how in poolings:
                v = pool(hidden, mask, how)
                out.setdefault(how, np.zeros((len(texts), v.shape[1]), dtype=np.float32))[rows] = v
        if not texts:
            d = int(getattr(getattr(self.model, "config", None), "hidden_size", 0))
            out = {how: np.zeros((0, d), dtype=np.float32) for how in poolings}
        return out


def cached_pooled(encoder: Encoder, texts: Sequence[str], cache_dir: Path | None, *,
                  progress: str = "") -> dict[str, np.ndarray]:
    """:meth:`Encoder.pooled` for every pooling, kept on disk (keyed by the encoder's name
    and the texts) so a study run twice embeds once."""
    key = hashlib.sha256(json.dumps([encoder.name, encoder.max_length, list(texts)],
                                    ensure_ascii=False).encode()).hexdigest()[:24]
    path = Path(cache_dir) / "lab-pooled" / f"{key}.npz" if cache_dir else None
    if path is not None and path.is_file():
        with np.load(path) as data:
            return {k: data[k] for k in data.files}
    vectors = encoder.pooled(texts, POOLINGS, progress=progress)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, **vectors)
        tmp.replace(path)
    return vectors


def load_encoder(settings: Settings, *, batch_size: int = 32) -> Encoder:
    """The configured embedding model (the offline e5-small by default) as a plain
    float32 transformer on the CPU."""
    require("torch", "torch==2.13.0")
    transformers = require("transformers")
    from ..embed import load_error, resolve_model_path

    path = resolve_model_path(settings.embedding_model, settings.cache_dir)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        model = transformers.AutoModel.from_pretrained(path).eval()
    except Exception as exc:  # noqa: BLE001 - any loader failure becomes one clear error
        raise load_error(settings.embedding_model, exc) from exc
    return Encoder(tokenizer, model, name=f"{settings.embedding_model}@{Path(path).name}",
                   max_length=min(512, int(getattr(model.config, "max_position_embeddings", 512))),
                   batch_size=batch_size)
