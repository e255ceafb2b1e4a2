"""``eval chat FILE``: a question file through the assistant, each question type scored
apart."""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings
from .common import latency_summary, print_table


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
    from ..errors import AssistantError

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
    from ..ask import Assistant
    from ..build import ensure_built
    from ..korquad import exact_match, f1_score

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
    from ..errors import AssistantError

    if args.file is None:
        raise AssistantError("eval chat needs a questions file: python -m assistant eval chat FILE.jsonl")
    s = eval_chat(settings, args.file)
    if getattr(args, "failures", False):  # first, also before --json's one object
        for f in s.failures:
            print(json.dumps(f, ensure_ascii=False))
    if getattr(args, "json", False):
        print(json.dumps(s.as_json(), ensure_ascii=False))
        return 0
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

