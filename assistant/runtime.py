"""ONNX Runtime int8 inference for the encoder models (the CPU fast path).

An int8 ONNX Runtime graph is the CPU default because it is faster than both fp32 and
PyTorch's dynamic int8 layers (``python bench/embed_speed.py`` measures it). :func:`int8_graphs`
exports a Hugging Face model to ONNX once (``torch.onnx.export``), quantizes its weights to
int8 per channel with ``onnxruntime.quantization`` and caches the files; later runs load the
cached files directly. Two recipes (:data:`RECIPES`): ``"precise"`` keeps the feed-forward
output projections float32 (their inputs, after GELU, carry outliers that one int8 scale per
batch cannot cover; keeping them loses little speed but most of the error), ``"fast"``
quantizes every matrix product (about 1.3x the throughput; the embedder uses it for indexed
passages only, see :class:`~assistant.embed.Embedder`).
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .errors import require

RUNTIME_VERSION = 1  # bump when the export or quantization recipe changes


class LazyModel:
    """Haystack's lazy ``warm_up()`` for the model components (embedder, reader, lab
    re-ranker): the first call runs the subclass's ``_load()`` once, even from several
    threads at a time; ``_load`` sets ``_model`` (the torch model or ``"onnx"``)."""

    _model: object = None
    _load_lock: threading.Lock

    def warm_up(self) -> None:
        """Load the model once. Raises :class:`~assistant.errors.ModelLoadError` with the reason."""
        if self._model is not None:
            return
        with self._load_lock:
            if self._model is None:
                self._load()

    def _load(self) -> None:
        raise NotImplementedError


def onnx_available() -> bool:
    """True when onnxruntime and onnx (for quantization) are importable."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "onnxruntime"))


def resolve_device(torch, device: str) -> str:
    """``device`` with ``"auto"`` made concrete: CUDA when torch sees a GPU, else the CPU."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def hub_factory(transformers, model_id: str, auto_class: str):
    """``(tokenizer, make_model)`` for a Hugging Face model id or folder; ``auto_class`` is the
    ``transformers`` Auto class to build with. Any loading failure is one
    :class:`~assistant.errors.ModelLoadError` naming the model."""
    from .embed import load_error

    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(model_id)
    except Exception as exc:  # noqa: BLE001 - one clear error for any loader failure
        raise load_error(model_id, exc) from exc

    def make_model():
        try:
            return getattr(transformers, auto_class).from_pretrained(model_id)
        except Exception as exc:  # noqa: BLE001
            raise load_error(model_id, exc) from exc

    return tokenizer, make_model


_TOKENIZERS: dict[str, tuple[object, threading.Lock]] = {}
_TOKENIZERS_LOCK = threading.Lock()


def shared_tokenizer(transformers, folder: str) -> tuple[object, threading.Lock]:
    """One fast tokenizer per model folder for the whole process, with the lock every call
    must hold (a fast tokenizer changes its padding and truncation state on each call). The
    embedder and the bundled reader share the base model's: an XLM-R tokenizer takes about
    300 MB of memory."""
    key = str(Path(folder).resolve())
    with _TOKENIZERS_LOCK:
        if key not in _TOKENIZERS:
            _TOKENIZERS[key] = (transformers.AutoTokenizer.from_pretrained(folder), threading.Lock())
        return _TOKENIZERS[key]


RECIPES = ("precise", "fast")
"""Int8 recipes: ``"precise"`` keeps the feed-forward output projections float32, ``"fast"``
quantizes every matrix product."""


def cache_file(cache_dir: Path, model_key: str, kind: str, recipe: str = "precise") -> Path:
    """Where the int8 graph of ``model_key`` (a path or id) for ``kind`` is cached."""
    if recipe not in RECIPES:
        raise ValueError(f"unknown int8 recipe {recipe!r} ({', '.join(RECIPES)})")
    name = kind if recipe == "precise" else f"{kind}-{recipe}"
    digest = hashlib.sha256(f"{model_key}\x00{name}\x00{RUNTIME_VERSION}".encode()).hexdigest()[:16]
    return Path(cache_dir) / "onnx" / f"{name}-{digest}.int8.onnx"


def _export(module, example: dict, outputs: list[str], path: Path) -> None:
    torch = require("torch", "torch==2.13.0")
    axes = {name: {0: "batch", 1: "tokens"} for name in ["input_ids", "attention_mask", *outputs]}
    with torch.inference_mode():
        torch.onnx.export(module, (example["input_ids"], example["attention_mask"]), str(path),
                          input_names=["input_ids", "attention_mask"], output_names=outputs,
                          dynamic_axes=axes, opset_version=17, dynamo=False)


def _quantize(src: Path, dst: Path, recipe: str = "precise") -> None:
    require("onnx", "onnx")
    from onnxruntime.quantization import QuantType, quantize_dynamic

    import onnx

    keep_fp32 = []
    if recipe == "precise":
        graph = onnx.load(str(src))
        keep_fp32 = [n.name for n in graph.graph.node
                     if n.op_type == "MatMul" and "/output/dense/" in n.name and "/attention/" not in n.name]
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                     nodes_to_exclude=keep_fp32)


def int8_graphs(cache_dir: Path, model_key: str, kind: str, build_module: Callable[[], object],
                tokenizer, outputs: list[str], recipes: Sequence[str] = ("precise",)) -> list[Path]:
    """The cached int8 graphs of a model, one per recipe, built on first use from one export.

    Args:
        cache_dir: The user cache folder.
        model_key: Identifies the weights (resolved model path or id, plus anything that
            changes them, e.g. the reader weights' checksum).
        kind: ``"embedder"`` or ``"reader"`` (part of the file name).
        build_module: Returns a ``torch.nn.Module`` mapping (input_ids, attention_mask) to
            ``outputs``; only called when a file is not cached yet.
        tokenizer: To make an example input for the export.
        outputs: Output names, in the module's order.
        recipes: Which of :data:`RECIPES`.

    Returns:
        The graph files, in the order of ``recipes``.
    """
    paths = [cache_file(cache_dir, model_key, kind, r) for r in recipes]
    missing = [(r, p) for r, p in zip(recipes, paths) if not p.is_file()]
    if missing:
        print(f"Preparing the int8 ONNX Runtime {kind} (one time) …", file=sys.stderr, flush=True)
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        tmp_fp32 = paths[0].with_suffix(f".fp32.tmp-{os.getpid()}")
        tmps = [p.with_suffix(f".tmp-{os.getpid()}") for _, p in missing]
        try:
            example = tokenizer(["예시 문장입니다.", "두 번째 예시"], ["문맥", "문맥 두 번째"],
                                padding=True, return_tensors="pt")
            _export(build_module(), example, outputs, tmp_fp32)
            for (recipe, path), tmp in zip(missing, tmps):
                _quantize(tmp_fp32, tmp, recipe)
                os.replace(tmp, path)
        finally:
            for leftover in (tmp_fp32, *tmps, Path(f"{tmp_fp32}.data")):
                leftover.unlink(missing_ok=True)
    return paths


def open_session(path: Path):
    """An ONNX Runtime CPU session over a graph of :func:`int8_graphs`."""
    ort = require("onnxruntime", "onnxruntime")
    options = ort.SessionOptions()
    options.log_severity_level = 3
    # honour OMP_NUM_THREADS like torch does (0 = ONNX Runtime's default, one per core)
    options.intra_op_num_threads = int(os.environ.get("OMP_NUM_THREADS", "0") or 0)
    # no busy-waiting between runs: ONNX Runtime's threads spin after each run by default and
    # take the cores from what follows a question's embedding (FAISS, NumPy, SQLite), for
    # about 3% of batch throughput (README, "Speed")
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def int8_session(cache_dir: Path, model_key: str, kind: str, build_module: Callable[[], object],
                 tokenizer, outputs: list[str]):
    """An ONNX Runtime session over the ``"precise"`` int8 graph (:func:`int8_graphs`)."""
    require("onnxruntime", "onnxruntime")
    return open_session(int8_graphs(cache_dir, model_key, kind, build_module, tokenizer, outputs)[0])


def run_session(session, input_ids: np.ndarray, attention_mask: np.ndarray) -> list[np.ndarray]:
    """Run a session over a graph of :func:`int8_graphs`."""
    return session.run(None, {"input_ids": input_ids.astype(np.int64),
                              "attention_mask": attention_mask.astype(np.int64)})
