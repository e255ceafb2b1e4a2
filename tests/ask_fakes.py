"""Test doubles for the assistant and UI tests (imported by test_ask / test_ui / test_browser).

:class:`FakeReader` is a real :class:`assistant.read.Reader` whose *model* is faked, nothing
else: a character-level tokenizer built in-process (no download, no file) and a ``_logits``
that "reads" only one kind of answer — the textbook named after 교재는 / 교재: / (교재) /
주교재는 in a window, when the question asks for a textbook. Windowing, calibration,
thresholds, span decoding, particle and label trimming and de-duplication all run the
reader's own code.

:func:`fake_assistant` puts it together with the :class:`~conftest.HashEmbedder` over a built
database.
"""

from __future__ import annotations

import re
from functools import lru_cache
import numpy as np

from assistant.ask import Assistant
from assistant.read import WEIGHTS_DIR, Reader
from assistant.retrieve import Retriever
from assistant.settings import Settings

from conftest import HashEmbedder

# the model's "knowledge": where a textbook is named. A label form ("교재: X", "(교재) X")
# starts the raw span at the label, "교재는 X" just after it; a particle before 사용 stays in
# the raw span — the reader's own post-processing has to trim both.
_TEXTBOOK = re.compile(
    r"(?:(?P<label>교재\s*[:：]|\(교재\))|주교재는|교재는)(?P<a>.+?)"
    r"(?=\s*(?:사용|이며|이다|입니다)|\.(?:\s|$)|\n|\s※|\s평가|$)")
_ASKS_TEXTBOOK = re.compile(r"교재|책|textbook", re.I)

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]")
PAD, UNK, CLS, SEP = range(4)
_EXTRA_CHARS = ("\n\t\r\u00a0\u3000·•※…–—‘’“”「」『』【】〈〉《》○●◎■□▶→←↑↓~：，。、"
                + "".join(chr(c) for c in range(0x2460, 0x2474)))  # ①-⑳

ANSWER_LOGIT = 12.0  # at the answer's first and last token
OPEN_END_LOGIT = 6.0  # end logit of a match cut by the window's end (the window may cut it)
NULL_LOGIT = 10.0  # at [CLS] when the window holds no answer


def _alphabet() -> list[str]:
    chars = [chr(c) for c in range(0x20, 0x7F)]  # printable ASCII
    chars += [chr(c) for c in range(0x3131, 0x318F)]  # Hangul compatibility jamo
    chars += [chr(c) for c in range(0xAC00, 0xD7A4)]  # every Hangul syllable
    chars += _EXTRA_CHARS
    return list(dict.fromkeys(chars))


@lru_cache(maxsize=1)
def char_tokenizer():
    """A fast, character-level BERT-style tokenizer: ``[CLS] q [SEP] passage [SEP]``.

    Every character (whitespace included) is one token with its own offsets; characters
    outside the alphabet become ``[UNK]``. Built once per process (well under a second).
    """
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    vocab = {t: i for i, t in enumerate(SPECIAL_TOKENS)}
    for ch in _alphabet():
        vocab.setdefault(ch, len(vocab))
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", CLS), ("[SEP]", SEP)])
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]",
                                   cls_token="[CLS]", sep_token="[SEP]")


@lru_cache(maxsize=1)
def _id_to_char() -> list[str]:
    vocab = char_tokenizer().get_vocab()
    chars = ["\ufffd"] * len(vocab)
    for token, i in vocab.items():
        if token not in SPECIAL_TOKENS:
            chars[i] = token
    return chars


def textbook_logits(question: str, context: str) -> tuple[np.ndarray, np.ndarray]:
    """The fake model on one window: logits over ``context``'s characters, plus the no-answer
    logit first (returned arrays have ``len(context) + 1`` entries)."""
    start, end = np.zeros(len(context) + 1), np.zeros(len(context) + 1)
    m = _TEXTBOOK.search(context) if _ASKS_TEXTBOOK.search(question) else None
    if m is None or not m.group("a").strip():
        start[0] = end[0] = NULL_LOGIT
        return start, end
    first = m.start() if m.group("label") else m.start("a")
    start[1 + first] = ANSWER_LOGIT
    end[m.end("a")] = OPEN_END_LOGIT if m.end("a") == len(context) else ANSWER_LOGIT
    return start, end


class FakeReader(Reader):
    """A :class:`Reader` with a fake model (see the module docstring).

    Calibration and threshold are fixed here (not read from the shipped manifest): the
    probability is ``sigmoid(margin)``, so a found textbook scores ≈1 and a window without
    one ≈0. Answers are up to 64 characters (= tokens); ``kwargs`` go to :class:`Reader`
    (``max_length``, ``stride``, ``budget_chars``, …). ``windows`` counts the windows read.
    """

    def __init__(self, *, threshold: float = 0.5, max_answer_tokens: int = 64, **kwargs) -> None:
        super().__init__("fake", device="cpu", quantize=False, threshold=threshold,
                         max_answer_tokens=max_answer_tokens, **kwargs)
        self.calibration = (1.0, 0.0)
        self.windows = 0

    def warm_up(self) -> None:
        if self._model is None:
            self._tokenizer, self._model, self._device, self._session = char_tokenizer(), "fake", "cpu", None

    def _logits(self, ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        chars = _id_to_char()
        starts, ends = np.full(ids.shape, -10.0), np.full(ids.shape, -10.0)
        for row, (row_ids, row_mask) in enumerate(zip(ids, mask)):
            seps = np.flatnonzero((row_ids == SEP) & (row_mask == 1))
            question = "".join(chars[i] for i in row_ids[1 : seps[0]])
            context = "".join(chars[i] for i in row_ids[seps[0] + 1 : seps[1]])
            s, e = textbook_logits(question, context)
            starts[row, 0], ends[row, 0] = s[0], e[0]
            starts[row, seps[0] + 1 : seps[1]], ends[row, seps[0] + 1 : seps[1]] = s[1:], e[1:]
        self.windows += len(ids)
        return starts, ends


def fake_assistant(settings: Settings, reader: object = "fake", **kwargs: object) -> Assistant:
    """An :class:`Assistant` over a built database with a :class:`HashEmbedder` and a
    :class:`FakeReader` (or ``reader``: another reader, or ``None`` for none); default
    relevance thresholds, ``kwargs`` go to :class:`Assistant`. Close ``assistant.store``."""
    retriever = Retriever.from_settings(settings, HashEmbedder())
    return Assistant(retriever, FakeReader() if reader == "fake" else reader, **kwargs)  # type: ignore[arg-type]


def real_reader_available() -> bool:
    """True when the bundled reader's weights are trained (``assistant/reader_weights``)."""
    return (WEIGHTS_DIR / "reader.safetensors").is_file()
