"""``eval reader`` (gold paragraph, int8 vs fp32, no-answer decision) and ``eval qa``
(open-domain: retrieve, then read)."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..embed import Embedder
from ..korquad import KORQUAD_DEV, load_korquad, load_paragraphs, wrong_paragraph
from ..settings import Settings
from .common import build_eval_index, latency_summary, paragraph_courses, print_table


@dataclass(frozen=True)
class ReaderScores:
    """Gold-paragraph reading scores (KorQuAD definitions, x100)."""

    name: str
    questions: int
    exact_match: float
    f1: float


def read_gold(reader, examples, progress: str = "") -> list:
    """Best span per example from its own paragraph (no threshold)."""
    from tqdm.auto import tqdm

    from ..read import Passage

    out = []
    for ex in tqdm(examples, desc=progress or "read", file=sys.stderr, disable=not progress):
        cands = reader.best_spans(ex.question, [Passage(ex.context, 0, "gold")])
        out.append(cands[0] if cands else None)
    return out


def score_predictions(name: str, examples, candidates) -> ReaderScores:
    """EM/F1 of best spans against the gold answers."""
    from ..korquad import exact_match, f1_score

    em = f1 = 0.0
    for ex, cand in zip(examples, candidates):
        pred = ex.context[cand.start : cand.end] if cand else ""
        em += exact_match(pred, ex.answer)
        f1 += f1_score(pred, ex.answer)
    n = max(len(examples), 1)
    return ReaderScores(name, len(examples), 100 * em / n, 100 * f1 / n)


def eval_reader(settings: Settings, *, limit: int = 0, compare_fp32: int = 300,
                write_manifest: bool = False) -> tuple[list[ReaderScores], tuple[int, float, float, float]]:
    """Held-out (articles 100-139) gold-paragraph EM/F1, int8 vs fp32, and no-answer
    accuracy on questions paired with a paragraph from another article."""
    from tqdm.auto import tqdm

    from ..korquad import HELDOUT_ARTICLES
    from ..read import WEIGHTS_DIR, Passage, Reader

    examples = load_korquad(KORQUAD_DEV, HELDOUT_ARTICLES)
    if limit:
        examples = examples[:limit]
    all_paragraphs = load_paragraphs()
    rows = []
    runtime = "int8" if settings.quantize else "fp32"
    reader = Reader.from_settings(settings)
    cands = read_gold(reader, examples, progress=f"reader {runtime}")
    rows.append(score_predictions(f"held-out, gold paragraph ({runtime})", examples, cands))
    if compare_fp32 and settings.quantize:
        subset = examples[:compare_fp32]
        fp32 = Reader.from_settings(settings.with_(quantize=False))
        rows.append(score_predictions(f"first {len(subset)}: fp32", subset,
                                      read_gold(fp32, subset, progress="reader fp32")))
        rows.append(score_predictions(f"first {len(subset)}: {runtime}", subset, cands[: len(subset)]))
    abstained = 0
    for i, ex in enumerate(tqdm(examples, desc="wrong paragraph", file=sys.stderr)):
        spans = reader.read(ex.question, [Passage(wrong_paragraph(i, examples, all_paragraphs), 0, "x")])
        abstained += not spans
    answered_gold = sum(c is not None and c.probability >= reader.threshold for c in cands)
    no_answer = (len(examples), 100 * abstained / max(len(examples), 1),
                 100 * answered_gold / max(len(examples), 1), reader.threshold)
    if write_manifest and not limit:
        manifest_path = WEIGHTS_DIR / "manifest.json"
        manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
        manifest["scores_heldout"] = {
            r.name: {"questions": r.questions, "EM": round(r.exact_match, 2), "F1": round(r.f1, 2)}
            for r in rows}
        manifest["no_answer_accuracy_wrong_paragraph"] = round(no_answer[1], 2)
        manifest["answered_on_gold_paragraph"] = round(no_answer[2], 2)
        manifest["scores_command"] = "python -m assistant eval reader --calibrate --write-manifest"
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return rows, no_answer


def cli_eval_reader(settings: Settings, args) -> int:
    """``eval reader``: prints EM/F1 and no-answer accuracy tables."""
    if getattr(args, "calibrate", False):
        from ..train_reader import calibrate_reader

        m = calibrate_reader(settings)
        print(f"calibration a={m['calibration']['a']:.3f} b={m['calibration']['b']:.3f} "
              f"threshold={m['threshold']} (train decision accuracy "
              f"{m['threshold_decision_accuracy_train']:.3f})")
    rows, (n, acc, answered, threshold) = eval_reader(
        settings, limit=args.limit, write_manifest=getattr(args, "write_manifest", False))
    print_table("KorQuAD 1.0 dev, held-out articles 100-139 (reader given the gold paragraph)",
                ["setting", "questions", "EM", "F1"],
                [(r.name, r.questions, r.exact_match, r.f1) for r in rows])
    print_table(f"no-answer decision (threshold {threshold:.2f} on the calibrated probability)",
                ["questions", "abstained on a wrong paragraph %", "answered on the gold paragraph %"],
                [(n, acc, answered)])
    return 0


def eval_qa(settings: Settings, *, limit: int = 0, neighbours: int = 1,
            budget_chars: int | None = 800) -> tuple[ReaderScores, tuple[float, float, float, float], int]:
    """Open-domain QA on held-out questions: retrieve over all 964 paragraphs, read the
    top passages, answer with the best span (no threshold: every question has an answer).

    Returns:
        (EM/F1 scores, (p50, p95) latency in ms of retrieve+read, questions).
    """
    import tempfile

    from tqdm.auto import tqdm

    from ..korquad import HELDOUT_ARTICLES, exact_match, f1_score
    from ..read import Reader
    from ..retrieve import Retriever
    from ..store import CourseStore

    examples = load_korquad(KORQUAD_DEV, HELDOUT_ARTICLES)
    if limit:
        examples = examples[:limit]
    courses = paragraph_courses(load_paragraphs())
    embedder = Embedder.from_settings(settings)
    reader = Reader.from_settings(settings, budget_chars=budget_chars)
    reader.warm_up()
    em = f1 = 0.0
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        store = CourseStore(Path(tmp) / "korquad.db")
        build_eval_index(store, embedder, courses, Path(tmp) / "korquad.faiss", settings)
        retriever = Retriever(store, embedder, Path(tmp) / "korquad.faiss", neighbours=neighbours)
        retriever.run(examples[0].question)  # warm
        read_times = []
        for ex in tqdm(examples, desc="open-domain QA", file=sys.stderr, mininterval=5):
            t = time.perf_counter()
            hits = retriever.run(ex.question, top_k=5)
            t_read = time.perf_counter()
            passages = reader.passages(hits)
            cands = reader.best_spans(ex.question, passages)
            done = time.perf_counter()
            times.append(done - t)
            read_times.append(done - t_read)
            best = max(cands, key=lambda c: c.margin, default=None)
            pred = passages[best.passage_index].text[best.start : best.end] if best else ""
            em += exact_match(pred, ex.answer)
            f1 += f1_score(pred, ex.answer)
        store.close()
    n = max(len(examples), 1)
    return ReaderScores("open-domain, top-5 passages", len(examples), 100 * em / n, 100 * f1 / n), \
        latency_summary(times) + latency_summary(read_times), len(examples)


def cli_eval_qa(settings: Settings, args) -> int:
    """``eval qa``: prints open-domain EM/F1 and latency."""
    scores, (p50, p95, read50, read95), n = eval_qa(settings, limit=args.limit)
    print_table("KorQuAD 1.0 dev held-out articles 100-139, open-domain (retrieve 964 paragraphs, read top 5)",
                ["setting", "questions", "EM", "F1"],
                [(scores.name, n, scores.exact_match, scores.f1)])
    print_table("latency per question, warm (ms)", ["stage", "p50", "p95"],
                [("retrieve + read", p50, p95), ("read 5 passages", read50, read95)])
    return 0


