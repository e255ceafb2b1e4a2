"""The course-adapted embedder: multilingual-e5-small plus the project's shipped low-rank
adapter, merged once into a normal sentence-transformers folder in the user cache.

The adapter (``assistant/embedder_weights/adapter.safetensors``, a few MB) holds, for each
adapted linear layer ``name``, two small matrices ``name.A`` (rank x in) and ``name.B``
(out x rank); the merged weight is ``W + scale * B @ A``. It is trained by
:mod:`assistant.train_embedder` on catalog descriptions alone (no question text); its
manifest records the recipe. :func:`ensure_adapted_model` is what the default
:data:`~assistant.settings.ADAPTED_MODEL_ID` resolves to.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from .basemodel import ensure_base_model, file_sha256
from .errors import ModelLoadError, require

WEIGHTS_DIR = Path(__file__).resolve().parent / "embedder_weights"
ADAPTER_FILE = "adapter.safetensors"
MARKER = "adapter_source.json"


def read_adapter(folder: Path = WEIGHTS_DIR) -> tuple[dict[str, np.ndarray], dict]:
    """The adapter's tensors and its manifest.

    Raises:
        ModelLoadError: The files are missing, or the weights do not match the manifest.
    """
    weights, manifest_file = folder / ADAPTER_FILE, folder / "manifest.json"
    if not weights.is_file() or not manifest_file.is_file():
        raise ModelLoadError(f"the embedder adapter is missing in {folder} (reinstall the project)")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    if file_sha256(weights) != manifest.get("weights_sha256"):
        raise ModelLoadError(f"{weights} does not match its manifest's checksum (a partial copy?)")
    require("safetensors")
    from safetensors.numpy import load_file

    return load_file(str(weights)), manifest


def merge_adapter(base: dict[str, np.ndarray], adapter: dict[str, np.ndarray], scale: float) -> dict[str, np.ndarray]:
    """``base`` with ``scale * B @ A`` added to each adapted layer's weight (new arrays).

    Raises:
        ModelLoadError: The adapter names a layer the base lacks, or a shape disagrees.
    """
    merged = dict(base)
    layers = sorted({k.rsplit(".", 1)[0] for k in adapter})
    for layer in layers:
        a, b, key = adapter.get(f"{layer}.A"), adapter.get(f"{layer}.B"), f"{layer}.weight"
        if a is None or b is None or key not in base:
            raise ModelLoadError(f"the embedder adapter does not fit the base model (layer {layer})")
        delta = scale * (b.astype(np.float32) @ a.astype(np.float32))
        if delta.shape != base[key].shape:
            raise ModelLoadError(f"the embedder adapter does not fit the base model ({key}: "
                                 f"{delta.shape} against {base[key].shape})")
        merged[key] = (base[key].astype(np.float32) + delta).astype(base[key].dtype)
    return merged


def ensure_adapted_model(cache_dir: Path, *, weights_dir: Path = WEIGHTS_DIR, quiet: bool = False) -> Path:
    """Return the cached adapted-model folder, building it on first use (base model first).

    The folder name carries the adapter's checksum; the build writes a temporary folder
    and renames it into place, so an interrupted build never leaves a half-written model.
    """
    require("safetensors")
    from safetensors.numpy import load_file, save_file

    manifest_file = weights_dir / "manifest.json"
    if not manifest_file.is_file():
        raise ModelLoadError(f"the embedder adapter is missing in {weights_dir} (reinstall the project)")
    expected = json.loads(manifest_file.read_text(encoding="utf-8")).get("weights_sha256", "")
    base = ensure_base_model(cache_dir, quiet=quiet)
    folder = Path(cache_dir) / f"{base.name}-course-{expected[:12]}"
    if expected and (folder / MARKER).is_file():
        return folder  # built before: the adapter file is neither read nor hashed again
    adapter, manifest = read_adapter(weights_dir)
    if not quiet:
        print(f"Building the course-adapted embedder (one time) into {folder} …", file=sys.stderr, flush=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    tmp.chmod(0o755)
    try:
        shutil.copytree(base, tmp, dirs_exist_ok=True)
        merged = merge_adapter(load_file(str(base / "model.safetensors")), adapter, float(manifest["scale"]))
        save_file({k: np.ascontiguousarray(v) for k, v in merged.items()}, str(tmp / "model.safetensors"))
        (tmp / MARKER).write_text(json.dumps({"base": base.name, "adapter_sha256": manifest["weights_sha256"],
                                              "scale": manifest["scale"]}, indent=2))
        try:
            tmp.rename(folder)
        except OSError:
            if not (folder / MARKER).is_file():  # not a concurrent build
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder
