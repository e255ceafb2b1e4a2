"""Evaluation commands: retrieval on KorQuAD, STS for the embedder (reader/QA/chat below).

Every number the README or a closing note reports comes from one of these functions,
printed as a table by ``python -m assistant eval …``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .embed import Embedder, TextEmbedder
from .korquad import KORQUAD_DEV, load_korquad, load_paragraphs
from .records import Course
from .settings import PROJECT_ROOT, Settings

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
KORSTS_TEST = SHARED_DATA / "korsts" / "sts-test.tsv"
KLUE_STS_DEV = SHARED_DATA / "klue-sts" / "klue-sts-v1.1_dev.json"


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain aligned table."""
    cells = [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    print(title)
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for r in cells:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


def cached_embeddings(embedder: TextEmbedder, texts: Sequence[str], *, query: bool,
                      cache_dir: Path | None, progress: bool = True) -> np.ndarray:
    """Embed ``texts``, reusing an on-disk copy keyed by model, prefix kind and texts."""
    key = hashlib.sha256(
        json.dumps([getattr(embedder, "model_id", "?"),
                    # the scheme too: vectors cached under an older quantization are stale
                    getattr(embedder, "quantize", None) and getattr(embedder, "QUANTIZATION", True),
                    query, list(texts)], ensure_ascii=False).encode()).hexdigest()[:24]
    path = Path(cache_dir) / "eval-embeddings" / f"{key}.npy" if cache_dir else None
    if path is not None and path.is_file():
        return np.load(path)
    if isinstance(embedder, Embedder):
        vectors = embedder.run(texts, query=query, progress=progress)
    else:
        vectors = embedder.run(texts, query=query)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


@dataclass(frozen=True)
class RankingScores:
    """Recall@k and MRR of one retrieval method."""

    method: str
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr: float


def ranking_scores(method: str, ranked: list[list[str]], gold: list[str]) -> RankingScores:
    """Recall@1/5/10 and MRR (over the top 10) from ranked id lists."""
    r1 = r5 = r10 = rr = 0.0
    for ids, g in zip(ranked, gold):
        if g in ids[:10]:
            rank = ids.index(g) + 1
            rr += 1.0 / rank
            r1 += rank <= 1
            r5 += rank <= 5
            r10 += 1
    n = max(len(gold), 1)
    return RankingScores(method, r1 / n, r5 / n, r10 / n, rr / n)


def paragraph_courses(paragraphs: Sequence[str]) -> list[Course]:
    """KorQuAD paragraphs as catalog rows (id ``P0000``…, no title), so the evaluation
    runs the product's own ingest → split → store → index → retrieve path."""
    return [Course(f"P{i:04d}", "", "", "", 0.0, "", p.strip()) for i, p in enumerate(paragraphs)]


def eval_retrieval(settings: Settings, *, limit: int = 0, embedder: TextEmbedder | None = None,
                   data: Path = KORQUAD_DEV) -> list[RankingScores]:
    """Open-domain retrieval on KorQuAD 1.0 dev: index all 964 paragraphs, find each
    question's own paragraph.

    Args:
        settings: Model, split backend and index settings (the database is a temp file).
        limit: Evaluate only the first N questions (0 = all 5,774).
        embedder: Override the embedder (tests pass a fake).
        data: KorQuAD file.

    Returns:
        One row per method: dense-sentence, dense-paragraph, keyword (bigram), keyword
        (trigram), hybrid.
    """
    import tempfile

    from .build import embed_missing, sync_courses, write_index
    from .retrieve import Retriever
    from .store import CourseStore

    examples = load_korquad(data)
    if limit:
        examples = examples[:limit]
    paragraphs = load_paragraphs(data)
    courses = paragraph_courses(paragraphs)
    gold = [f"P{e.paragraph:04d}" for e in examples]
    embedder = embedder or Embedder.from_settings(settings)

    with tempfile.TemporaryDirectory() as tmp:
        store = CourseStore(Path(tmp) / "korquad.db")
        print(f"indexing {len(courses)} paragraphs …", file=sys.stderr)
        with store.conn:
            sync_courses(store, courses, split_backend=settings.split_backend, progress=True)
        ids = store.missing_vector_ids()
        texts = store.texts_for_embedding(ids)
        store.put_vectors(ids, cached_embeddings(embedder, texts, query=False, cache_dir=settings.cache_dir))
        with store.conn:
            embed_missing(store, embedder)  # nothing left; keeps meta consistent
            write_index(store, Path(tmp) / "korquad.faiss", factory=settings.index_factory,
                        metric=settings.metric, model_id=getattr(embedder, "model_id", "?"))
        questions = [e.question for e in examples]
        qvecs = cached_embeddings(embedder, questions, query=True, cache_dir=settings.cache_dir)
        pvecs = cached_embeddings(embedder, [c.description for c in courses], query=False,
                                  cache_dir=settings.cache_dir)
        results: list[RankingScores] = []
        order = np.argsort(-(qvecs @ pvecs.T), axis=1)[:, :10]
        dense_paragraph = [[courses[j].lecture_id for j in row] for row in order]

        rows: dict[str, list[list[str]]] = {}
        configs = [("dense-sentence", "dense", "bigram", "convex"),
                   ("keyword (bigram BM25)", "keyword", "bigram", "convex"),
                   ("keyword (trigram BM25)", "keyword", "trigram", "convex"),
                   ("hybrid (RRF)", "hybrid", "bigram", "rrf"),
                   ("hybrid (convex, default)", "hybrid", "bigram", "convex")]
        from tqdm.auto import tqdm

        for name, mode, kw, fusion in configs:
            retriever = Retriever(store, embedder, Path(tmp) / "korquad.faiss", mode=mode,
                                  keyword_mode=kw, fusion=fusion)
            ranked = []
            for q, v in tqdm(list(zip(questions, qvecs)), desc=name, file=sys.stderr, mininterval=5):
                ranked.append([h.course.lecture_id for h in retriever.run(q, top_k=10, query_vector=v)])
            rows[name] = ranked
        results.append(ranking_scores("dense-sentence", rows["dense-sentence"], gold))
        results.append(ranking_scores("dense-paragraph", dense_paragraph, gold))
        results.append(ranking_scores("keyword (bigram BM25)", rows["keyword (bigram BM25)"], gold))
        results.append(ranking_scores("keyword (trigram BM25)", rows["keyword (trigram BM25)"], gold))
        results.append(ranking_scores("hybrid (RRF)", rows["hybrid (RRF)"], gold))
        results.append(ranking_scores("hybrid (convex, default)", rows["hybrid (convex, default)"], gold))
        store.close()
    return results


def load_sts(path: Path) -> tuple[list[str], list[str], list[float]]:
    """Sentence pairs and gold scores from KorSTS (TSV) or KLUE-STS (JSON)."""
    if path.suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        return ([r["sentence1"] for r in rows], [r["sentence2"] for r in rows],
                [float(r["labels"]["label"]) for r in rows])
    a, b, s = [], [], []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("sentence1") and row.get("sentence2") and row.get("score"):
                a.append(row["sentence1"])
                b.append(row["sentence2"])
                s.append(float(row["score"]))
    return a, b, s


def eval_sts(settings: Settings, embedder: TextEmbedder | None = None) -> list[tuple[str, int, float]]:
    """Spearman correlation (x100) between cosine similarity and gold STS scores.

    Both sentences get the query prefix, as e5's model card prescribes for symmetric tasks.
    """
    from scipy.stats import spearmanr

    embedder = embedder or Embedder.from_settings(settings)
    out = []
    for name, path in (("KorSTS test", KORSTS_TEST), ("KLUE-STS dev", KLUE_STS_DEV)):
        if not path.is_file():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            continue
        a, b, gold = load_sts(path)
        va = cached_embeddings(embedder, a, query=True, cache_dir=settings.cache_dir)
        vb = cached_embeddings(embedder, b, query=True, cache_dir=settings.cache_dir)
        rho = spearmanr((va * vb).sum(1), gold).statistic
        out.append((name, len(gold), float(rho) * 100))
    return out


def latency_summary(seconds: Sequence[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    if not seconds:
        return 0.0, 0.0
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return statistics.median(ms), p95


def eval_latency(settings: Settings, queries: Sequence[str], repeats: int = 3) -> tuple[float, float]:
    """Warm retrieval latency on the configured database (p50, p95 in ms)."""
    from .retrieve import Retriever

    retriever = Retriever.from_settings(settings)
    retriever.warm_up()
    retriever.run(queries[0])  # warm caches
    times = []
    for _ in range(repeats):
        for q in queries:
            t = time.perf_counter()
            retriever.run(q, top_k=5)
            times.append(time.perf_counter() - t)
    return latency_summary(times)


# --- reader ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ReaderScores:
    """Gold-paragraph reading scores (KorQuAD definitions, x100)."""

    name: str
    questions: int
    exact_match: float
    f1: float


def _wrong_paragraph(example_index: int, examples, paragraphs: Sequence[str], seed: int = 13) -> str:
    """A paragraph from another article, chosen deterministically per question."""
    import random

    ex = examples[example_index]
    rng = random.Random(seed * 1_000_003 + example_index)
    while True:
        j = rng.randrange(len(paragraphs))
        if paragraphs[j] != ex.context and not (ex.answer and ex.answer in paragraphs[j]):
            return paragraphs[j]


def read_gold(reader, examples, progress: str = "") -> list:
    """Best span per example from its own paragraph (no threshold)."""
    from tqdm.auto import tqdm

    from .read import Passage

    out = []
    for ex in tqdm(examples, desc=progress or "read", file=sys.stderr, disable=not progress):
        cands = reader.best_spans(ex.question, [Passage(ex.context, 0, "gold")])
        out.append(cands[0] if cands else None)
    return out


def score_predictions(name: str, examples, candidates) -> ReaderScores:
    """EM/F1 of best spans against the gold answers."""
    from .korquad import exact_match, f1_score

    em = f1 = 0.0
    for ex, cand in zip(examples, candidates):
        pred = ex.context[cand.start : cand.end] if cand else ""
        em += exact_match(pred, ex.answer)
        f1 += f1_score(pred, ex.answer)
    n = max(len(examples), 1)
    return ReaderScores(name, len(examples), 100 * em / n, 100 * f1 / n)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 50) -> tuple[float, float]:
    """One-feature logistic regression ``p = sigmoid(a*x + b)`` by Newton's method (with a
    small L2 penalty on ``a`` so separable data stays finite); ``(1, 0)`` without data of
    both classes."""
    if len(x) == 0 or y.min() == y.max():
        return 1.0, 0.0
    w = np.zeros(2)
    features = np.stack([x, np.ones_like(x)], axis=1)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(features @ w)))
        grad = features.T @ (p - y) + l2 * np.array([w[0], 0.0])
        hess = (features * (p * (1 - p))[:, None]).T @ features + l2 * np.diag([1.0, 0.0]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(w[0]), float(w[1])


def calibrate_reader(settings: Settings, *, questions: int = 300, seed: int = 7) -> dict:
    """Fit the margin -> probability calibration and the no-answer threshold on TRAINING
    articles (0-99) and write them into the shipped manifest.

    Positives: a question with its own paragraph where the best span is right (F1 >= 0.5).
    Negatives: the question with a paragraph from another article, and wrong spans.
    The threshold maximizes decision accuracy (answer when the span is right, abstain on
    the wrong paragraph) over those pairs.
    """
    import random

    from .korquad import TRAIN_ARTICLES, f1_score
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
        wrong = reader.best_spans(ex.question, [Passage(_wrong_paragraph(i, examples, paragraphs), 0, "x")])
        if wrong:
            margins.append(wrong[0].margin), labels.append(0), kinds.append("wrong")
    x = np.array(margins, dtype=np.float64)
    a, b = fit_logistic(x, np.array(labels, dtype=np.float64))
    probs = 1 / (1 + np.exp(-(a * x + b)))
    best_t, best_acc = 0.5, -1.0
    for t in np.linspace(0.05, 0.95, 91):
        # right decision: answer a gold pair, abstain on a wrong-paragraph pair
        acc = np.mean([(p >= t) == (k == "gold") for p, k in zip(probs, kinds)])
        if acc > best_acc:
            best_t, best_acc = float(t), float(acc)
    manifest_path = WEIGHTS_DIR / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    manifest["calibration"] = {"a": a, "b": b, "questions": len(picked),
                               "data": "KorQuAD dev articles 0-99 (training articles)"}
    manifest["threshold"] = round(best_t, 3)
    manifest["threshold_decision_accuracy_train"] = round(best_acc, 4)
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def eval_reader(settings: Settings, *, limit: int = 0, compare_fp32: int = 300,
                write_manifest: bool = False) -> tuple[list[ReaderScores], tuple[int, float, float, float]]:
    """Held-out (articles 100-139) gold-paragraph EM/F1, int8 vs fp32, and no-answer
    accuracy on questions paired with a paragraph from another article."""
    from tqdm.auto import tqdm

    from .korquad import HELDOUT_ARTICLES
    from .read import WEIGHTS_DIR, Passage, Reader

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
        spans = reader.read(ex.question, [Passage(_wrong_paragraph(i, examples, all_paragraphs), 0, "x")])
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
        manifest["scores_command"] = "python -m assistant eval reader --write-manifest"
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return rows, no_answer


def cli_eval_reader(settings: Settings, args) -> int:
    """``eval reader``: prints EM/F1 and no-answer accuracy tables."""
    if getattr(args, "calibrate", False):
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

    from .build import embed_missing, sync_courses, write_index
    from .korquad import HELDOUT_ARTICLES, exact_match, f1_score
    from .read import Reader
    from .retrieve import Retriever
    from .store import CourseStore

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
        with store.conn:
            sync_courses(store, courses, split_backend=settings.split_backend)
        ids = store.missing_vector_ids()
        store.put_vectors(ids, cached_embeddings(embedder, store.texts_for_embedding(ids), query=False,
                                                 cache_dir=settings.cache_dir))
        with store.conn:
            embed_missing(store, embedder)
            write_index(store, Path(tmp) / "korquad.faiss", factory=settings.index_factory,
                        metric=settings.metric, model_id=embedder.model_id)
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


# --- chat -----------------------------------------------------------------------------

QUESTION_TYPES = ("lookup", "span", "field", "none")


@dataclass(frozen=True)
class ChatScores:
    """What ``eval chat`` prints, per question type (rates in [0, 1], F1/EM x100, ms)."""

    lookup_n: int
    hit_at_1: float
    hit_at_3: float
    span_n: int
    span_f1: float
    span_em: float
    field_n: int
    field_accuracy: float
    none_n: int
    none_accuracy: float
    p50_ms: float
    p95_ms: float
    failures: tuple[dict, ...] = ()

    def as_json(self) -> dict:
        """The ``--json`` object: one key per question type, plus latency."""
        r = lambda x: round(x, 4)  # noqa: E731
        return {"lookup": {"n": self.lookup_n, "hit@1": r(self.hit_at_1), "hit@3": r(self.hit_at_3)},
                "span": {"n": self.span_n, "f1": r(self.span_f1), "em": r(self.span_em)},
                "field": {"n": self.field_n, "accuracy": r(self.field_accuracy)},
                "none": {"n": self.none_n, "accuracy": r(self.none_accuracy)},
                "latency_ms": {"p50": r(self.p50_ms), "p95": r(self.p95_ms)}}


def ranked_course_ids(answer) -> list[tuple[str, ...]]:
    """The courses an answer puts forward, in the order it presents them (cited courses
    first, then the other courses found); each entry holds all lecture ids of a course's
    sections. A ``none`` answer puts forward nothing, whatever near misses it names."""
    if answer.kind in ("none", "error"):
        return []
    groups: list[tuple[str, ...]] = []
    for ids in [c.lecture_ids for c in answer.citations] + [h.lecture_ids for h in answer.courses]:
        if ids and not any(set(ids) & set(g) for g in groups):
            groups.append(tuple(ids))
    return groups


def question_type(row: dict) -> str:
    """The row's ``type``, or one inferred from its golds (answers: span; ids: lookup)."""
    kind = str(row.get("type") or "").strip().lower()
    if kind in QUESTION_TYPES:
        return kind
    if row.get("gold_answers"):
        return "span"
    return "lookup" if row.get("gold_lecture_ids") else "none"


def load_chat_questions(path: Path) -> list[dict]:
    """Questions JSONL: ``question``, ``gold_lecture_ids``, ``gold_answers``, ``type``
    (``lookup``, ``span``, ``field`` or ``none``); other keys are ignored."""
    from .errors import AssistantError

    if not Path(path).is_file():
        raise AssistantError(f"questions file not found: {path}")
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append({"question": str(row["question"]),
                         "gold_lecture_ids": [str(i) for i in row.get("gold_lecture_ids") or []],
                         "gold_answers": [str(a) for a in row.get("gold_answers") or []],
                         "type": question_type(row)})
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AssistantError(f"{path}: line {number}: not a question object ({exc})") from exc
    return rows


def field_correct(answer, gold_answers: Sequence[str]) -> bool:
    """A field answer is right when a gold value appears in what the chat said."""
    if answer.kind in ("none", "error"):
        return False
    said = " ".join(unicodedata.normalize("NFKC", f"{answer.message} {answer.answer_text}").split())
    return any(" ".join(unicodedata.normalize("NFKC", g).split()) in said for g in gold_answers if g.strip())


def eval_chat(settings: Settings, path: Path, assistant=None) -> ChatScores:
    """Run a question file through :meth:`assistant.ask.Assistant.ask` (each question on
    its own, no history) and score each question type apart."""
    from .ask import Assistant
    from .build import ensure_built
    from .korquad import exact_match, f1_score

    questions = load_chat_questions(path)
    if assistant is None:
        ensure_built(settings)
        assistant = Assistant.from_settings(settings)
    assistant.warm_up()
    assistant.ask(questions[0]["question"] if questions else "워밍업")
    sums = {"h1": 0.0, "h3": 0.0, "f1": 0.0, "em": 0.0, "field": 0.0, "none": 0.0}
    counts = dict.fromkeys(QUESTION_TYPES, 0)
    times, failures = [], []
    for q in questions:
        t = time.perf_counter()
        answer = assistant.ask(q["question"])
        times.append(time.perf_counter() - t)
        kind = q["type"]
        counts[kind] += 1
        gold_ids, golds = set(q["gold_lecture_ids"]), q["gold_answers"]
        ok = True
        if kind == "lookup":
            ranked = ranked_course_ids(answer)
            sums["h1"] += any(gold_ids & set(g) for g in ranked[:1])
            hit3 = any(gold_ids & set(g) for g in ranked[:3])
            sums["h3"] += hit3
            ok = hit3
        elif kind == "span":
            f1 = max((f1_score(answer.answer_text, g) for g in golds), default=0.0)
            sums["f1"] += f1
            sums["em"] += max((exact_match(answer.answer_text, g) for g in golds), default=0.0)
            ok = f1 >= 0.5
        elif kind == "field":
            ok = field_correct(answer, golds)
            sums["field"] += ok
        else:
            ok = answer.kind == "none"
            sums["none"] += ok
        if not ok:
            failures.append({"type": kind, "question": q["question"], "kind": answer.kind,
                             "answer": answer.answer_text, "courses": ranked_course_ids(answer)[:3],
                             "gold_ids": sorted(gold_ids), "gold_answers": golds})
    p50, p95 = latency_summary(times)
    n = {k: max(v, 1) for k, v in counts.items()}
    return ChatScores(counts["lookup"], sums["h1"] / n["lookup"], sums["h3"] / n["lookup"],
                      counts["span"], 100 * sums["f1"] / n["span"], 100 * sums["em"] / n["span"],
                      counts["field"], sums["field"] / n["field"], counts["none"], sums["none"] / n["none"],
                      p50, p95, tuple(failures))


def cli_eval_chat(settings: Settings, args) -> int:
    """``eval chat FILE.jsonl [--json]``: lookup hit@1/3, span F1/EM, field and none
    accuracy, latency."""
    from .errors import AssistantError

    if args.file is None:
        raise AssistantError("eval chat needs a questions file: python -m assistant eval chat FILE.jsonl")
    s = eval_chat(settings, args.file)
    if getattr(args, "json", False):
        print(json.dumps(s.as_json(), ensure_ascii=False))
        return 0
    if getattr(args, "failures", False):
        for f in s.failures:
            print(json.dumps(f, ensure_ascii=False))
    print_table(f"chat evaluation: {args.file} on {settings.db_path}",
                ["type", "questions", "metric", "value"],
                [("lookup", s.lookup_n, "hit@1", s.hit_at_1),
                 ("lookup", s.lookup_n, "hit@3", s.hit_at_3),
                 ("span", s.span_n, "F1 (x100)", s.span_f1),
                 ("span", s.span_n, "EM (x100)", s.span_em),
                 ("field", s.field_n, "accuracy", s.field_accuracy),
                 ("none", s.none_n, "said plainly", s.none_accuracy),
                 ("all", s.lookup_n + s.span_n + s.field_n + s.none_n, "latency p50 (ms)", s.p50_ms),
                 ("all", s.lookup_n + s.span_n + s.field_n + s.none_n, "latency p95 (ms)", s.p95_ms)])
    return 0
