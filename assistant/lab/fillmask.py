"""``lab fillmask``: a small masked-LM head on the frozen offline encoder.

No masked-LM model is available offline, so the head is trained here: the frozen encoder
reads Korean sentences (KorQuAD paragraphs, the real catalogs in ``../shared/data/``) with
15% of their tokens replaced by ``<mask>``; the head maps the hidden state at a masked
position to the token. It is BERT's MLM transform (dense -> GELU -> LayerNorm) with the
encoder's own word embeddings, frozen, as the decoder (tied), restricted to the pieces
seen in the training text, plus a bias: small enough to ship. The encoder is frozen, so its
hidden states are computed once and the head trains on them
(:mod:`.fillmask_train`).

Held out for the reported accuracy: KorQuAD articles 100-139 (as everywhere in the
project) and the last tenth of each catalog. The unigram row (always the most frequent
pieces) says what "no context" would score.

The frozen e5 states do not give sensible fillers (the README's "Lab" section has the
measurement), so no head is shipped: ``--train`` writes one where ``lab fillmask`` looks
for it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..errors import AssistantError, require
from .encoder import Encoder

HEAD_FILE = Path(__file__).with_name("fillmask_head.safetensors")
DEFAULT_LAYER = 4
"""The encoder layer the head reads: a middle layer predicts masked tokens better than the
last (``--layer -1``; the README's "Lab" section), whose states e5's contrastive training
shaped for sentence similarity."""


@dataclass(frozen=True)
class HeadScores:
    """Held-out accuracy of a trained head (and what it was trained on)."""

    top1: float
    top5: float
    unigram_top1: float
    unigram_top5: float
    heldout_tokens: int
    train_tokens: int
    vocab: int
    layer: int
    encoder: str


@dataclass(frozen=True)
class Filler:
    """One candidate for the masked position."""

    rank: int
    token: str
    probability: float


def layer_states(model, layer: int, input_ids, attention_mask):
    """Hidden states after the first ``layer`` transformer layers (``-1``: all of them),
    ``(b, t, d)``. A BERT-style model runs only those layers (the rest would be computed
    and thrown away); any other model runs whole."""
    torch = require("torch", "torch==2.13.0")
    blocks = getattr(getattr(model, "encoder", None), "layer", None)
    with torch.inference_mode():
        if layer == -1 or not isinstance(blocks, torch.nn.ModuleList):
            out = model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=layer != -1)
            return out.last_hidden_state if layer == -1 else out.hidden_states[layer]
        model.encoder.layer = torch.nn.ModuleList(list(blocks)[:layer])
        try:
            return model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        finally:
            model.encoder.layer = blocks

def head_logits(torch, params: dict, hidden, decoder):
    """BERT's MLM transform, then the tied decoder: ``LN(gelu(W h + b)) @ E^T + bias``."""
    F = torch.nn.functional
    x = F.gelu(F.linear(hidden, params["dense.weight"], params["dense.bias"]))
    x = F.layer_norm(x, (x.shape[-1],), params["ln.weight"], params["ln.bias"], eps=1e-12)
    return x @ decoder.T + params["decoder.bias"]

def save_head(tensors: dict[str, np.ndarray], scores: HeadScores, path: Path = HEAD_FILE) -> Path:
    """Write the head as safetensors, its scores in the file's metadata."""
    from safetensors.numpy import save_file

    meta = {k: str(v) for k, v in asdict(scores).items()}
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(path), metadata=meta)
    return Path(path)


def load_head(path: Path = HEAD_FILE) -> tuple[dict[str, np.ndarray], HeadScores]:
    """Read a head written by :func:`save_head`."""
    if not Path(path).is_file():
        raise AssistantError(f"no fill-mask head at {path}: train one with "
                             "`python -m assistant lab fillmask --train`")
    from safetensors import safe_open

    with safe_open(str(path), framework="numpy") as fh:
        meta = fh.metadata() or {}
        tensors = {k: fh.get_tensor(k) for k in fh.keys()}
    kinds = {f: type(v) for f, v in asdict(HeadScores(0.0, 0.0, 0.0, 0.0, 0, 0, 0, -1, "")).items()}
    return tensors, HeadScores(**{f: kind(meta[f]) for f, kind in kinds.items()})


def masked_input(tokenizer, text: str) -> tuple[list[int], int, bool]:
    """Token ids of ``text`` with its one ``[MASK]`` (or ``<mask>``) as the mask token, the
    mask's position, and whether it starts a word. Text glued after the mask ("[MASK]다")
    continues the masked word, as it would in the training text."""
    parts = re.split(r"\[MASK\]|<mask>", text)
    if len(parts) != 2:
        raise AssistantError("put exactly one [MASK] in the sentence")
    left, right = parts
    encode = lambda s: tokenizer(s, add_special_tokens=False)["input_ids"] if s.strip() else []  # noqa: E731
    left_ids = encode(left.rstrip())
    right_ids: list[int] = []
    match = re.match(r"(\S*)(.*)", right, re.S)
    glued, rest = (match.group(1), match.group(2)) if match else ("", right)
    if glued:
        backend = tokenizer.backend_tokenizer
        norm = backend.normalizer.normalize_str(glued) if backend.normalizer else glued
        right_ids = [tokenizer.convert_tokens_to_ids(t.value) for t in backend.model.tokenize(norm)]
    right_ids += encode(rest)
    bos = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.cls_token_id
    eos = tokenizer.eos_token_id if tokenizer.eos_token_id is not None else tokenizer.sep_token_id
    ids = [bos, *left_ids, tokenizer.mask_token_id, *right_ids, eos]
    return ids, 1 + len(left_ids), not left or left[-1].isspace()


def fill_mask(encoder: Encoder, tensors: dict[str, np.ndarray], text: str, *, k: int = 5,
              layer: int = -1) -> list[Filler]:
    """The ``k`` most likely pieces for the ``[MASK]`` in ``text`` (word-starting pieces
    when the mask starts a word, continuations otherwise)."""
    torch = require("torch", "torch==2.13.0")
    tok = encoder.tokenizer
    ids, position, word_start = masked_input(tok, text)
    hidden = layer_states(encoder.model, layer, torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long))
    hidden = hidden[0, position][None].float()
    with torch.inference_mode():
        vocab = tensors["vocab_ids"].astype(np.int64)
        decoder = encoder.model.get_input_embeddings().weight.detach()[torch.from_numpy(vocab)].float()
        params = {n: torch.from_numpy(v) for n, v in tensors.items() if n != "vocab_ids"}
        probs = torch.softmax(head_logits(torch, params, hidden, decoder)[0], dim=0).numpy()
    pieces = tok.convert_ids_to_tokens(vocab.tolist())
    fits = np.array([p.startswith("▁") == word_start for p in pieces])
    if fits.any():
        probs = np.where(fits, probs, 0.0)
    best = np.argsort(-probs, kind="stable")[:k]
    return [Filler(r + 1, pieces[j].lstrip("▁") or pieces[j], float(probs[j])) for r, j in enumerate(best)]
