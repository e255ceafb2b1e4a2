"""Calibrate the lookup decision's thresholds (``match_z``, ``hedge_z``, ``match_dense``,
``min_presence``) on real questions, leave one catalog out.

    python bench/relevance_threshold.py --pair QUESTIONS.jsonl DB [--pair QUESTIONS.jsonl DB ...] [--json]

For an open question the assistant decides whether the retrieved courses match (a course
list), might (a hedged list) or do not (a plain "not found"); see
:class:`assistant.relevance.Relevance`. The bars are relative to the catalog (standard
deviations above its mean similarity) except ``match_dense`` (a cosine, so it belongs to the
embedding model: after a model change, run this again).

Each pair is a question file and the database it was written over. Its ``lookup`` and
``none`` questions are asked at every point of a grid; a point scores a catalog by the mean
of its lookup hit@3 and its share of none questions said plainly (the two targets weigh
alike, however many questions of each a file has). The script prints each catalog's score
at the current defaults and at the best point, the leave-one-catalog-out choices (the best
point on the other catalogs, scored on the one left out) and the point best over all
catalogs pooled (ties: nearest the current defaults). That point replaces the defaults only
when it transfers: chosen on the others, no catalog left out scores below the defaults and
one scores above (``adopt``); else the defaults stand.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MATCH_Z = (3.5, 4.0, 4.5, 5.0)
HEDGE_Z = (2.2, 2.6, 3.0, 3.4)
MATCH_DENSE = (0.87, 1.0)  # 1.0: a sentence's cosine never decides
MIN_PRESENCE = (0.0, 0.34, 0.51)  # 0.0: word presence never decides; 0.34: a third of the words


def grid() -> list[tuple[float, float, float, float]]:
    return [p for p in itertools.product(MATCH_Z, HEDGE_Z, MATCH_DENSE, MIN_PRESENCE) if p[1] <= p[0]]


def ask_grid(questions: Path, db: Path, points: list[tuple]) -> dict[tuple, list[tuple[str, bool]]]:
    """For each point, ``(type, right)`` of each lookup and none question of ``questions``."""
    from assistant.ask import Assistant
    from assistant.evaluate.chat import load_chat_questions, ranked_course_ids
    from assistant.relevance import Relevance
    from assistant.settings import Settings

    assistant = Assistant.from_settings(Settings.from_env(db_path=db))
    assistant.warm_up()
    rows = [q for q in load_chat_questions(questions) if q["type"] in ("lookup", "none")]
    out: dict[tuple, list[tuple[str, bool]]] = {}
    for point in points:
        assistant.relevance = Relevance(*point)
        marks = []
        for q in rows:
            answer = assistant.ask(q["question"])
            if q["type"] == "lookup":
                gold = set(q["gold_lecture_ids"])
                marks.append(("lookup", any(gold & set(g) for g in ranked_course_ids(answer)[:3])))
            else:
                marks.append(("none", answer.kind == "none"))
        out[point] = marks
    return out


def score(marks: list[tuple[str, bool]]) -> float:
    """Mean of lookup hit@3 and none accuracy (either alone when the other is absent)."""
    parts = []
    for kind in ("lookup", "none"):
        got = [ok for k, ok in marks if k == kind]
        if got:
            parts.append(sum(got) / len(got))
    return sum(parts) / max(len(parts), 1)


def best(results: dict[tuple, list], default: tuple) -> tuple:
    def distance(p: tuple) -> float:
        return sum(abs(a - b) for a, b in zip(p, default))

    return max(results, key=lambda p: (round(score(results[p]), 9), -distance(p)))


def main(argv: list[str] | None = None) -> int:
    from assistant.settings import Settings

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pair", nargs=2, action="append", metavar=("QUESTIONS", "DB"), required=True)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    d = Settings(db_path=Path("unused.db"))
    default = (d.match_z, d.hedge_z, d.match_dense, d.min_presence)
    points = grid()
    if default not in points:
        points.append(default)
    catalogs: dict[str, dict[tuple, list]] = {}
    for questions, db in args.pair:
        print(f"asking {questions} over {db} at {len(points)} points ...", file=sys.stderr, flush=True)
        got = ask_grid(Path(questions), Path(db), points)
        merged = catalogs.setdefault(str(db), {pt: [] for pt in points})
        for pt in points:
            merged[pt].extend(got[pt])
    pooled = {pt: [m for c in catalogs.values() for m in c[pt]] for pt in points}
    chosen = best(pooled, default)
    result = {"default": list(default), "chosen": list(chosen),
              "catalogs": {db: {"default": round(score(r[default]), 4), "at_chosen": round(score(r[chosen]), 4),
                                "best": list(best(r, default)), "at_best": round(score(r[best(r, default)]), 4)}
                           for db, r in catalogs.items()},
              "pooled": {"default": round(score(pooled[default]), 4), "at_chosen": round(score(pooled[chosen]), 4)},
              "leave_one_out": {}}
    if len(catalogs) > 1:
        for held, marks in catalogs.items():
            rest = {pt: [m for db, c in catalogs.items() if db != held for m in c[pt]] for pt in points}
            pt = best(rest, default)
            result["leave_one_out"][held] = {"point": list(pt), "score": round(score(marks[pt]), 4),
                                             "default": round(score(marks[default]), 4)}
    loo = result["leave_one_out"].values()
    result["adopt"] = (tuple(chosen) != default and bool(loo) and all(r["score"] >= r["default"] for r in loo)
                       and any(r["score"] > r["default"] for r in loo))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print("score = (lookup hit@3 + none said plainly) / 2; point = (match_z, hedge_z, match_dense, min_presence)")
    for db, row in result["catalogs"].items():
        print(f"{Path(db).name:<16} default {row['default']:.3f}  chosen {row['at_chosen']:.3f}  "
              f"own best {row['at_best']:.3f} at {tuple(row['best'])}")
    print(f"{'pooled':<16} default {result['pooled']['default']:.3f}  chosen {result['pooled']['at_chosen']:.3f}")
    for held, row in result["leave_one_out"].items():
        print(f"left out {Path(held).name}: {tuple(row['point'])} from the others scores {row['score']:.3f} "
              f"on it (default {row['default']:.3f})")
    print(f"best pooled point: {tuple(chosen)} (default {default})")
    print("adopt it: chosen on the other catalogs, it never loses to the defaults on the one left out"
          if result["adopt"] else "keep the defaults: left out, a catalog does not gain from the points "
          "the others choose")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
