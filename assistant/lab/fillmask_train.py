"""``lab fillmask --train``: the masked-token data and the head's training loop (the head,
its file and filling a mask live in :mod:`.fillmask`)."""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import AssistantError, require
from ..evaluate.common import SHARED_DATA
from ..korquad import HELDOUT_ARTICLES, KORQUAD_DEV
from .encoder import Encoder
from .fillmask import DEFAULT_LAYER, HeadScores, head_logits, layer_states

CATALOGS = (SHARED_DATA / "catalogs" / "sogang_2025.csv", SHARED_DATA / "catalogs" / "eight_universities.csv")
DESCRIPTION_COLUMNS = ("교과목개요", "강의설명", "description")
MASK_RATE = 0.15
MAX_TOKENS = 96
_SENTENCE_END = re.compile(r"(?<=[.!?다])\s+")


def sentences(text: str) -> list[str]:
    """Sentences of 10-400 characters (a light split; the head needs contexts, not parses)."""
    return [s for s in (" ".join(p.split()) for p in _SENTENCE_END.split(text)) if 10 <= len(s) <= 400]


def corpus(korquad: Path | None = KORQUAD_DEV, catalogs: Sequence[Path] = CATALOGS) -> tuple[list[str], list[str]]:
    """``(train, heldout)`` sentences: KorQuAD by article (100-139 held out), each catalog's
    last tenth held out. Missing files are skipped with a message."""
    train: list[str] = []
    heldout: list[str] = []
    if korquad is not None and Path(korquad).is_file():
        for a, article in enumerate(json.loads(Path(korquad).read_text(encoding="utf-8"))["data"]):
            for para in article["paragraphs"]:
                (heldout if a in HELDOUT_ARTICLES else train).extend(sentences(para["context"]))
    elif korquad is not None:
        print(f"skipping KorQuAD: {korquad} not found", file=sys.stderr)
    for path in catalogs:
        if not Path(path).is_file():
            print(f"skipping {path}: not found", file=sys.stderr)
            continue
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        column = next((c for c in DESCRIPTION_COLUMNS if rows and c in rows[0]), None)
        if column is None:
            continue
        cut = len(rows) - len(rows) // 10
        for i, row in enumerate(rows):
            (train if i < cut else heldout).extend(sentences(row[column] or ""))
    return train, heldout

def _specials(tokenizer) -> set[int]:
    ids = set(tokenizer.all_special_ids)
    lone = tokenizer.convert_tokens_to_ids("▁")
    if isinstance(lone, int) and lone != tokenizer.unk_token_id:
        ids.add(lone)  # the bare word-start piece carries no content
    return ids

def masked_features(encoder: Encoder, texts: Sequence[str], *, layer: int = -1, seconds: float = 0.0,
                    seed: int = 0, progress: str = "") -> tuple[np.ndarray, np.ndarray]:
    """Mask 15% of each text's tokens (at least one), run the frozen encoder and keep the
    hidden state at each masked position with its true token id.

    Args:
        encoder: The frozen transformer and its tokenizer.
        texts: Sentences.
        layer: Hidden layer to read (``-1``: the last).
        seconds: Stop after this long (0: no limit).
        seed: Masking seed.
        progress: Progress-bar label (empty: none).

    Returns:
        ``(hidden (n, d) float32, token ids (n,))``.
    """
    torch = require("torch", "torch==2.13.0")
    tok = encoder.tokenizer
    rng = np.random.default_rng(seed)
    skip = _specials(tok)
    started = time.perf_counter()
    feats, targets = [], []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), desc=progress, unit="sentence", file=sys.stderr, mininterval=2)
    for i in range(0, len(texts), encoder.batch_size):
        enc = tok(list(texts[i : i + encoder.batch_size]), padding=True, truncation=True,
                  max_length=MAX_TOKENS, return_tensors="pt")
        ids = enc["input_ids"].clone()
        picks = []
        for r in range(ids.shape[0]):
            cand = [j for j in range(ids.shape[1]) if enc["attention_mask"][r, j] and int(ids[r, j]) not in skip]
            if cand:
                n = max(1, int(round(MASK_RATE * len(cand))))
                picks += [(r, int(j)) for j in rng.choice(cand, n, replace=False)]
        if not picks:
            continue
        rows, cols = (torch.tensor(x) for x in zip(*picks))
        targets.append(ids[rows, cols].numpy().copy())
        ids[rows, cols] = tok.mask_token_id
        hidden = layer_states(encoder.model, layer, ids, enc["attention_mask"])
        feats.append(hidden[rows, cols].float().numpy())
        if bar:
            bar.update(ids.shape[0])
        if seconds and time.perf_counter() - started > seconds:
            break
    if bar:
        bar.close()
    if not feats:
        return np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int64)
    return np.concatenate(feats), np.concatenate(targets).astype(np.int64)

def piece_counts(tokenizer, texts: Sequence[str]) -> Counter:
    """How often each piece occurs in ``texts`` (specials left out)."""
    skip = _specials(tokenizer)
    counts: Counter = Counter()
    for i in range(0, len(texts), 1000):
        for ids in tokenizer(list(texts[i : i + 1000]), add_special_tokens=False)["input_ids"]:
            counts.update(t for t in ids if t not in skip)
    return counts

def train_head(encoder: Encoder, train_texts: Sequence[str], heldout_texts: Sequence[str], *,
               minutes: float = 3.0, layer: int = DEFAULT_LAYER, vocab_size: int = 32000, epochs: int = 8,
               seed: int = 0, progress: bool = True) -> tuple[dict[str, np.ndarray], HeadScores]:
    """Train the head on the frozen encoder within about ``minutes`` and score it.

    Args:
        encoder: The frozen transformer (:func:`~assistant.lab.encoder.load_encoder`).
        train_texts: Training sentences (shuffled here; as many are read as time allows).
        heldout_texts: Held-out sentences (up to 400 are scored).
        minutes: Time budget: about 75% reading training sentences (the frozen encoder is
            the cost), the rest training.
        layer: Encoder layer whose hidden states the head reads (``-1``: the last; default
            :data:`DEFAULT_LAYER`).
        vocab_size: Output pieces: the most frequent in ``train_texts``.
        epochs: Passes over the collected masked tokens (fewer when time runs out).
        seed: Shuffling, masking and initialisation seed.
        progress: Progress bars and a line per epoch on stderr.

    Returns:
        ``(tensors, scores)``: the head's tensors (``vocab_ids`` among them) and held-out scores.
    """
    torch = require("torch", "torch==2.13.0")
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    budget = minutes * 60
    started = time.perf_counter()
    order = rng.permutation(len(train_texts))
    counts = piece_counts(encoder.tokenizer, [train_texts[i] for i in order[:200_000]])
    vocab = np.array([t for t, _ in counts.most_common(vocab_size)], dtype=np.int64)
    held = [heldout_texts[i] for i in rng.permutation(len(heldout_texts))[:400]]
    hx, hy = masked_features(encoder, held, layer=layer, seed=seed + 1, progress="held-out" if progress else "")
    tx, ty = masked_features(encoder, [train_texts[i] for i in order], layer=layer, seed=seed,
                             seconds=max(5.0, 0.75 * budget - (time.perf_counter() - started)),
                             progress="encode (frozen)" if progress else "")
    if len(tx) == 0 or len(hx) == 0:
        raise AssistantError("no training or held-out text to mask (is ../shared/data/ there?)")
    slot = {int(t): i for i, t in enumerate(vocab)}
    keep = np.array([int(t) in slot for t in ty])
    x = torch.from_numpy(tx[keep])
    y = torch.tensor([slot[int(t)] for t in ty[keep]], dtype=torch.long)
    d = x.shape[1]
    decoder = encoder.model.get_input_embeddings().weight.detach()[torch.from_numpy(vocab)].float()
    dense = torch.nn.Linear(d, d)
    params = {"dense.weight": dense.weight.detach().clone(), "dense.bias": torch.zeros(d),
              "ln.weight": torch.ones(d), "ln.bias": torch.zeros(d),
              "decoder.bias": torch.log(torch.tensor([counts[int(t)] + 1.0 for t in vocab]))}
    params["decoder.bias"] -= params["decoder.bias"].mean()  # start from the unigram prior
    for p in params.values():
        p.requires_grad_(True)
    opt = torch.optim.AdamW(params.values(), lr=2e-3, weight_decay=0.01)
    batch = 256
    deadline = started + budget
    for epoch in range(epochs):
        perm = torch.randperm(len(x))
        total = 0.0
        for i in range(0, len(x), batch):
            rows = perm[i : i + batch]
            loss = torch.nn.functional.cross_entropy(head_logits(torch, params, x[rows], decoder), y[rows])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(rows)
        if progress:
            print(f"epoch {epoch + 1}: loss {total / len(x):.3f} ({len(x)} masked tokens, "
                  f"{time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        if time.perf_counter() > deadline:
            break
    tensors = {k: v.detach().numpy().astype(np.float32) for k, v in params.items()}
    tensors["vocab_ids"] = vocab.astype(np.int32)
    top1, top5 = accuracy(torch, tensors, decoder, hx, hy)
    uni1, uni5 = (float(np.isin(hy, vocab[:k]).mean()) for k in (1, 5))
    return tensors, HeadScores(top1, top5, uni1, uni5, len(hy), int(len(x)), len(vocab), layer, encoder.name)

def accuracy(torch, tensors: dict[str, np.ndarray], decoder, hidden: np.ndarray, targets: np.ndarray
             ) -> tuple[float, float]:
    """Top-1/top-5 accuracy of the head on masked positions (a target outside the head's
    vocabulary counts as a miss)."""
    params = {k: torch.from_numpy(v) for k, v in tensors.items() if k != "vocab_ids"}
    vocab = tensors["vocab_ids"].astype(np.int64)
    with torch.inference_mode():
        top = head_logits(torch, params, torch.from_numpy(hidden), decoder).topk(5, dim=1).indices.numpy()
    predicted = vocab[top]
    return (float((predicted[:, 0] == targets).mean()), float((predicted == targets[:, None]).any(1).mean()))
