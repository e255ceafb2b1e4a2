"""ONNX Runtime int8 inference for the encoder models (the CPU fast path).

An int8 ONNX Runtime graph is the CPU default because it is faster than both fp32 and
PyTorch's dynamic int8 layers (``python bench/embed_speed.py`` measures it). :func:`int8_session`
exports a Hugging Face model to ONNX once (``torch.onnx.export``), quantizes its weights to
int8 per channel with ``onnxruntime.quantization`` and caches the file; later runs load the
cached file directly. The feed-forward output projections stay float32: their inputs (after
GELU) carry outliers that one int8 scale per batch cannot cover, and keeping them loses
little speed but most of the error.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable
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


def cache_file(cache_dir: Path, model_key: str, kind: str) -> Path:
    """Where the int8 graph of ``model_key`` (a path or id) for ``kind`` is cached."""
    digest = hashlib.sha256(f"{model_key}\x00{kind}\x00{RUNTIME_VERSION}".encode()).hexdigest()[:16]
    return Path(cache_dir) / "onnx" / f"{kind}-{digest}.int8.onnx"


def _export(module, example: dict, outputs: list[str], path: Path) -> None:
    torch = require("torch", "torch==2.13.0")
    axes = {name: {0: "batch", 1: "tokens"} for name in ["input_ids", "attention_mask", *outputs]}
    with torch.inference_mode():
        torch.onnx.export(module, (example["input_ids"], example["attention_mask"]), str(path),
                          input_names=["input_ids", "attention_mask"], output_names=outputs,
                          dynamic_axes=axes, opset_version=17, dynamo=False)


def _quantize(src: Path, dst: Path) -> None:
    require("onnx", "onnx")
    from onnxruntime.quantization import QuantType, quantize_dynamic

    import onnx

    graph = onnx.load(str(src))
    keep_fp32 = [n.name for n in graph.graph.node
                 if n.op_type == "MatMul" and "/output/dense/" in n.name and "/attention/" not in n.name]
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                     nodes_to_exclude=keep_fp32)


def int8_session(cache_dir: Path, model_key: str, kind: str, build_module: Callable[[], object],
                 tokenizer, outputs: list[str]):
    """An ONNX Runtime session for an int8 export of a model, built on first use.

    Args:
        cache_dir: The user cache folder.
        model_key: Identifies the weights (resolved model path or id, plus anything that
            changes them, e.g. the reader weights' checksum).
        kind: ``"embedder"`` or ``"reader"`` (part of the file name).
        build_module: Returns a ``torch.nn.Module`` mapping (input_ids, attention_mask) to
            ``outputs``; only called when the file is not cached yet.
        tokenizer: To make an example input for the export.
        outputs: Output names, in the module's order.

    Returns:
        ``onnxruntime.InferenceSession``.
    """
    ort = require("onnxruntime", "onnxruntime")
    path = cache_file(cache_dir, model_key, kind)
    if not path.is_file():
        print(f"Preparing the int8 ONNX Runtime {kind} (one time) …", file=sys.stderr, flush=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_fp32 = path.with_suffix(f".fp32.tmp-{os.getpid()}")
        tmp_int8 = path.with_suffix(f".tmp-{os.getpid()}")
        try:
            example = tokenizer(["예시 문장입니다.", "두 번째 예시"], ["문맥", "문맥 두 번째"],
                                padding=True, return_tensors="pt")
            _export(build_module(), example, outputs, tmp_fp32)
            _quantize(tmp_fp32, tmp_int8)
            os.replace(tmp_int8, path)
        finally:
            for leftover in (tmp_fp32, tmp_int8, Path(f"{tmp_fp32}.data")):
                leftover.unlink(missing_ok=True)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    # honour OMP_NUM_THREADS like torch does (0 = ONNX Runtime's default, one per core)
    options.intra_op_num_threads = int(os.environ.get("OMP_NUM_THREADS", "0") or 0)
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def run_session(session, input_ids: np.ndarray, attention_mask: np.ndarray) -> list[np.ndarray]:
    """Run a session exported by :func:`int8_session`."""
    return session.run(None, {"input_ids": input_ids.astype(np.int64),
                              "attention_mask": attention_mask.astype(np.int64)})
