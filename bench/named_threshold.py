"""Calibrate the reader's bar for a course the student named (``named_threshold``).

    python bench/named_threshold.py --pair QUESTIONS.jsonl DB [--pair QUESTIONS.jsonl DB ...] [--json]

When a question names a course ("미분방정식 교재 뭐 써?"), the assistant reads that course's
whole description and quotes the reader's best span if its calibrated probability reaches
``named_threshold``; below it, the answer says plainly that the catalog does not hold it.
Too low a bar quotes a random clause for what the description never says; too high a bar
drops right answers that real phrasings leave the reader unsure of.

Each pair is a question file and the database it was written over. Its ``span`` and
``none`` questions are asked once with the bar at zero, keeping the best span's
probability. A threshold ``t`` then scores each question: a span question its answer's F1
when the span reaches ``t`` (0 otherwise), a none question 1 when it is not answered with a
span of probability ``t`` or more and its answer says nothing was found. The script prints,
for each catalog (pairs that share a database), the mean score at each threshold of the grid; leave-one-catalog-out choices (the
best threshold on the other catalogs, scored on the one left out); and the threshold that is
best over all catalogs pooled (the lowest one on a tie), which is the setting's default.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GRID = (0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.19)


def ask_all(questions: Path, db: Path) -> list[dict]:
    """Ask the span and none questions of ``questions`` over ``db`` with no named bar."""
    from assistant.ask import Assistant
    from assistant.evaluate.chat import load_chat_questions
    from assistant.korquad import f1_score
    from assistant.settings import Settings

    assistant = Assistant.from_settings(Settings.from_env(db_path=db), named_threshold=0.0)
    assistant.warm_up()
    rows = []
    for q in load_chat_questions(questions):
        if q["type"] not in ("span", "none"):
            continue
        answer = assistant.ask(q["question"])
        rows.append({"type": q["type"], "kind": answer.kind,
                     "score": answer.spans[0].score if answer.kind == "span" and answer.spans else None,
                     "f1": max((f1_score(answer.answer_text, g) for g in q["gold_answers"]), default=0.0)})
    return rows


def score(rows: list[dict], t: float) -> float:
    """Mean per-question score at threshold ``t`` (see the module docstring)."""
    total = 0.0
    for r in rows:
        quoted = r["score"] is not None and r["score"] >= t
        if r["type"] == "span":
            total += r["f1"] if quoted or (r["kind"] != "span") else 0.0
        else:
            total += 1.0 if r["kind"] == "none" or (r["kind"] == "span" and not quoted) else 0.0
    return total / max(len(rows), 1)


def best(rows: list[dict], grid=GRID) -> float:
    return max(grid, key=lambda t: (round(score(rows, t), 9), -t))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pair", nargs=2, action="append", metavar=("QUESTIONS", "DB"), required=True)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    catalogs: dict[str, list[dict]] = {}
    for questions, db in args.pair:
        print(f"asking {questions} over {db} ...", file=sys.stderr)
        catalogs.setdefault(str(db), []).extend(ask_all(Path(questions), Path(db)))
    pooled = [r for rows in catalogs.values() for r in rows]
    result = {"grid": list(GRID),
              "catalogs": {db: {"n": len(rows), "score": [round(score(rows, t), 4) for t in GRID]}
                           for db, rows in catalogs.items()},
              "pooled": {"n": len(pooled), "score": [round(score(pooled, t), 4) for t in GRID]},
              "leave_one_out": {}, "chosen": best(pooled)}
    if len(catalogs) > 1:
        for held, rows in catalogs.items():
            rest = [r for db, rs in catalogs.items() if db != held for r in rs]
            t = best(rest)
            result["leave_one_out"][held] = {"threshold": t, "score": round(score(rows, t), 4)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print("mean score (span: F1 when quoted; none: 1 when not quoted) by named_threshold")
    print(f"{'catalog':<28} {'n':>4}  " + "  ".join(f"{t:>5}" for t in GRID))
    for db, row in list(result["catalogs"].items()) + [("pooled", result["pooled"])]:
        print(f"{Path(db).name:<28} {row['n']:>4}  " + "  ".join(f"{s:5.3f}" for s in row["score"]))
    for held, row in result["leave_one_out"].items():
        print(f"left out {Path(held).name}: threshold {row['threshold']} from the others scores {row['score']:.3f} on it")
    print(f"best pooled threshold: {result['chosen']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
