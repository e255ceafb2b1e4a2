"""Shared pieces of the lab studies: tables, plots, read-only databases, questions and
course-level hit scores."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import numpy as np

from ..errors import AssistantError, DependencyMissingError
from ..evaluate.common import print_table
from ..store import CourseStore

Column = tuple[str, Callable[[object], object]]


def print_rows(title: str, rows: Sequence[object], columns: Sequence[Column]) -> None:
    """Print ``rows`` as a table: one ``(header, getter)`` per column (``None`` shows ``-``)."""
    cells = [[("-" if (v := get(r)) is None else v) for _, get in columns] for r in rows]
    print_table(title, [h for h, _ in columns], cells)


def _pyplot():
    try:
        import matplotlib
    except ImportError as exc:
        raise DependencyMissingError(
            "--plot needs matplotlib, which is not installed: run `.venv/bin/pip install matplotlib` "
            "(the project's optional `lab` extra)") from exc
    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    # Korean labels need a Hangul font: use the first one installed, as a fallback
    installed = {f.name for f in font_manager.fontManager.ttflist}
    hangul = [f for f in ("Noto Sans CJK KR", "NanumGothic", "Malgun Gothic", "AppleGothic") if f in installed]
    plt.rcParams["font.family"] = ["DejaVu Sans", *hangul[:1]]
    return plt


def plot_bars(path: Path, title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]],
              ylabel: str = "") -> Path:
    """A grouped bar chart: one group per label, one bar per series (``None`` = no bar)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(max(6.0, 1.1 * len(labels) * max(1, len(series)) / 2), 4.0))
    width = 0.8 / max(1, len(series))
    x = np.arange(len(labels))
    for k, (name, values) in enumerate(series.items()):
        ys = [np.nan if v is None else float(v) for v in values]
        ax.bar(x + (k - (len(series) - 1) / 2) * width, ys, width, label=name)
    ax.set_xticks(x, list(labels), rotation=20, ha="right")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if len(series) > 1:
        ax.legend(fontsize=8)
    return _save(fig, plt, path)


def plot_scatter(path: Path, title: str, points: Sequence[tuple[str, float, float]], xlabel: str,
                 ylabel: str, logx: bool = False) -> Path:
    """Labelled points (``label, x, y``)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.0, 4.5))
    for label, x, y in points:
        ax.scatter([x], [y])
        ax.annotate(label, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    if logx:
        ax.set_xscale("log")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return _save(fig, plt, path)


def _save(fig, plt, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def open_read_only(db: Path) -> CourseStore:
    """A :class:`CourseStore` over ``db`` opened read-only (SQLite ``mode=ro``): the studies
    never write to the database they measure."""
    import sqlite_utils

    path = Path(db).expanduser()
    if not path.is_file():
        raise AssistantError(f"no database at {path}: run `python -m assistant ingest FILE --db {path}`")
    conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, check_same_thread=False)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"courses", "sentences", "vectors", "meta"} <= tables:
        conn.close()
        raise AssistantError(f"{path} is not a course database (tables missing)")
    return CourseStore.over(path, sqlite_utils.Database(conn))  # the schema script would write: skip it


@dataclass(frozen=True)
class LabQuestion:
    """A question with the courses that answer it."""

    question: str
    gold_lecture_ids: tuple[str, ...]


def lookup_questions(path: Path, limit: int = 0) -> list[LabQuestion]:
    """The questions of a questions file that name gold courses (``none`` rows left out)."""
    from ..evaluate.chat import load_chat_questions

    rows = [LabQuestion(r["question"], tuple(r["gold_lecture_ids"]))
            for r in load_chat_questions(path) if r["gold_lecture_ids"] and r["type"] != "none"]
    if not rows:
        raise AssistantError(f"{path} has no questions with gold_lecture_ids")
    return rows[:limit] if limit else rows


class CourseGroups:
    """Sections that share a title and a description count as one course: a hit on any
    section is a hit on the course (as the retriever collapses them)."""

    def __init__(self, store: CourseStore) -> None:
        rows = store.conn.execute(
            "SELECT lecture_id, title, description_hash FROM courses ORDER BY lecture_id").fetchall()
        first: dict[tuple[str, str], str] = {}
        self.group: dict[str, str] = {}
        for lid, title, dhash in rows:
            self.group[lid] = first.setdefault((title, dhash), lid)

    def of(self, lecture_id: str) -> str:
        """The representative lecture id of ``lecture_id``'s course."""
        return self.group.get(lecture_id, lecture_id)

    def representatives(self) -> list[str]:
        """One lecture id per course, sorted."""
        return sorted(set(self.group.values()))

    def dedupe(self, lecture_ids: Iterable[str], k: int) -> list[str]:
        """The first ``k`` distinct courses (representatives) of a ranked lecture-id list."""
        out: list[str] = []
        for lid in lecture_ids:
            g = self.of(lid)
            if g not in out:
                out.append(g)
                if len(out) == k:
                    break
        return out


def hit_rates(ranked: Sequence[Sequence[str]], gold: Sequence[Sequence[str]], groups: CourseGroups | None,
              ks: Sequence[int]) -> dict[int, float]:
    """Share of questions with a gold course among the first ``k`` ranked courses, per ``k``."""
    of = groups.of if groups else (lambda x: x)
    out = dict.fromkeys(ks, 0.0)
    for ids, g in zip(ranked, gold):
        want = {of(x) for x in g}
        got = list(dict.fromkeys(of(x) for x in ids))
        for k in ks:
            out[k] += bool(want & set(got[:k]))
    n = max(1, len(gold))
    return {k: v / n for k, v in out.items()}


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest scores of each row, best first (ties by index)."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.lexsort((part, -np.take_along_axis(scores, part, axis=1)), axis=1)
    return np.take_along_axis(part, order, axis=1)

