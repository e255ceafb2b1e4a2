"""Where the chat's warm-up time goes, part by part, on one built database.

    python bench/warm_up.py --db DB [--catalog-only] [--json]

:meth:`assistant.ask.Assistant.warm_up` loads the models and reads the catalog once before
the first question. This times each of its parts in the order it runs them: the index and
the embedder, the reader, the courses read from the store, the catalog's words
(:class:`~assistant.words.CatalogWords`), the resolver (titles, ids, conditions), its
shortened titles and its prerequisite map. ``--catalog-only`` skips the two model parts
(the catalog's parts are what grows with the catalog). Seconds on this machine, one run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def warm_up_parts(db: Path, *, models: bool = True) -> dict[str, float]:
    """Seconds for each part of the warm-up on ``db``, in the order the assistant runs them."""
    from assistant.resolve import CourseResolver
    from assistant.settings import Settings
    from assistant.store import CourseStore
    from assistant.words import CatalogWords

    settings = Settings.from_env(db_path=db)
    parts: dict[str, float] = {}

    def timed(name: str, work):  # noqa: ANN001, ANN202
        start = time.perf_counter()
        out = work()
        parts[name] = round(time.perf_counter() - start, 3)
        return out

    if models:
        from assistant.read import Reader
        from assistant.retrieve import Retriever

        retriever = Retriever.from_settings(settings)
        timed("index and embedder", retriever.warm_up)
        reader = Reader.from_settings(settings)
        timed("reader", reader.warm_up)
    store = CourseStore(settings.db_path)
    courses = timed("courses read", store.courses)
    words = timed("catalog words", lambda: CatalogWords(courses.values()))
    resolver = timed("resolver (titles, ids, conditions)", lambda: CourseResolver(courses, words))
    timed("shortened titles", resolver.abbreviations.warm_up)
    timed("prerequisite map", resolver.prerequisites.warm_up)
    parts["catalog parts"] = round(sum(v for k, v in parts.items() if k not in ("index and embedder", "reader")), 3)
    parts["courses"] = len(courses)
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a database built by `python -m assistant ingest`")
    parser.add_argument("--catalog-only", action="store_true", help="skip the index, embedder and reader")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"no database at {args.db}")
    parts = warm_up_parts(args.db, models=not args.catalog_only)
    if args.json:
        print(json.dumps(parts, ensure_ascii=False))
    else:
        for name, value in parts.items():
            print(f"{name:38s} {value:>8}" + ("" if name == "courses" else " s"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
