"""KorQuAD 1.0 loading, the article split and the official-style metrics.

The only Korean extractive-QA data available offline is KorQuAD 1.0 dev, read from
``../shared/data/korquad/`` (never copied into the project). It is split by article so no
paragraph is in both halves: articles 0-99 (file order) train, 100-139 are held out.
"""

from __future__ import annotations

import json
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .settings import PROJECT_ROOT

KORQUAD_DEV = PROJECT_ROOT.parent / "shared" / "data" / "korquad" / "KorQuAD_v1.0_dev.json"
TRAIN_ARTICLES = range(0, 100)
HELDOUT_ARTICLES = range(100, 140)


@dataclass(frozen=True)
class QAExample:
    """One KorQuAD question with its paragraph.

    Attributes:
        qid: KorQuAD question id.
        question: The question.
        context: The paragraph.
        answer: The first gold answer text.
        answer_start: Character offset of ``answer`` in ``context``.
        article: 0-based article index in file order.
        paragraph: 0-based global paragraph index in file order.
    """

    qid: str
    question: str
    context: str
    answer: str
    answer_start: int
    article: int
    paragraph: int


def load_korquad(path: Path = KORQUAD_DEV, articles: range | None = None) -> list[QAExample]:
    """Load KorQuAD (SQuAD v1.1 layout) as a flat list of examples.

    Args:
        path: The JSON file.
        articles: Keep only these article indices (e.g. :data:`HELDOUT_ARTICLES`).

    Raises:
        ReferenceDataMissing: The data folder is absent (with where it was looked for).
    """
    if not Path(path).is_file():
        from .errors import ReferenceDataMissing

        raise ReferenceDataMissing(
            f"KorQuAD not found at {path}: the reference data lives in {Path(path).parent.parent} "
            "(../shared/data/ beside the project)")
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    out: list[QAExample] = []
    paragraph_index = 0
    for a, article in enumerate(data):
        for para in article["paragraphs"]:
            if articles is None or a in articles:
                for qa in para["qas"]:
                    ans = qa["answers"][0]
                    out.append(
                        QAExample(qa["id"], qa["question"], para["context"], ans["text"],
                                  int(ans["answer_start"]), a, paragraph_index)
                    )
            paragraph_index += 1
    return out


def load_paragraphs(path: Path = KORQUAD_DEV) -> list[str]:
    """All paragraphs in file order (index == :attr:`QAExample.paragraph`)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    return [p["context"] for article in data for p in article["paragraphs"]]


# --- metrics: the KorQuAD 1.0 evaluation script's definitions ---------------------------

_TO_SPACE = str.maketrans(dict.fromkeys("'\"《》<>〈〉()‘’", " "))
_DROP = str.maketrans("", "", string.punctuation)


def normalize_answer(text: str) -> str:
    """KorQuAD normalization: drop quotes/brackets and punctuation, lower, squeeze spaces."""
    text = text.translate(_TO_SPACE).translate(_DROP)
    return " ".join(text.lower().split())


def exact_match(prediction: str, gold: str) -> float:
    """1.0 when the normalized strings are equal."""
    return float(normalize_answer(prediction) == normalize_answer(gold))


def f1_score(prediction: str, gold: str) -> float:
    """KorQuAD character-level F1 (spaces removed, characters as tokens)."""
    pred = list(normalize_answer(prediction).replace(" ", ""))
    ref = list(normalize_answer(gold).replace(" ", ""))
    common = Counter(pred) & Counter(ref)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(ref)
    return 2 * precision * recall / (precision + recall)


def wrong_paragraph(example_index: int, examples, paragraphs: Sequence[str], seed: int = 13) -> str:
    """A paragraph that does not answer ``examples[example_index]`` (another paragraph
    without its answer), chosen deterministically per question: the no-answer case of
    reader evaluation and calibration."""
    import random

    ex = examples[example_index]
    rng = random.Random(seed * 1_000_003 + example_index)
    while True:
        j = rng.randrange(len(paragraphs))
        if paragraphs[j] != ex.context and not (ex.answer and ex.answer in paragraphs[j]):
            return paragraphs[j]
