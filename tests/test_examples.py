"""Every example question the chat and the README show gets a confident, cited, correct
answer on the bundled sample, with the real offline models (built in this run's cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ask import Assistant
from assistant.build import ingest
from assistant.embed import Embedder
from assistant.settings import SAMPLE_CATALOG, Settings
from ui.app import EXAMPLES

pytestmark = pytest.mark.integration

README = Path(__file__).resolve().parent.parent / "README.md"

# what each example must answer: (kind, text the answer must contain, lecture id it must cite)
EXPECTED = {
    "자료구조 수업 교재가 뭐야?": ("span", "Introduction to Algorithms", "2410191001"),
    "알고리즘 수업 선수과목이 뭐야?": ("span", "자료구조", "2410195001"),
    "문학비평 이론을 배우는 수업 있어?": ("lookup", "현대문학비평론", "2110170001"),
    "현대문학비평론은 누가 가르쳐?": ("field", "류성민", "2110170001"),
    "건축설계1은 몇 학점짜리야?": ("field", "4학점", "2440151001"),
    "데이터베이스 수업 평가 비율 알려줘": ("span", "중간고사 30%", "2410321001"),
    "내쉬 균형을 다루는 과목이 있나요?": ("lookup", "게임이론", "2210548001"),
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, model_cache_dir: Path) -> Assistant:
    folder = tmp_path_factory.mktemp("examples")
    settings = Settings(db_path=folder / "sample.db", catalog_path=SAMPLE_CATALOG, cache_dir=model_cache_dir,
                        device="cpu")
    embedder = Embedder(cache_dir=model_cache_dir, device="cpu")
    ingest(SAMPLE_CATALOG, settings, embedder=embedder, progress=False)
    a = Assistant.from_settings(settings, embedder=embedder)
    a.warm_up()
    return a


def test_every_ui_example_has_an_expectation() -> None:
    assert set(EXAMPLES) == set(EXPECTED)


def test_readme_questions_are_ui_examples() -> None:
    text = README.read_text(encoding="utf-8")
    quoted = [q for q in EXPECTED if q in text]
    assert len(quoted) >= 2  # the README's own examples are among them


@pytest.mark.parametrize("question", list(EXPECTED))
def test_example_is_answered_confidently_and_cited(assistant: Assistant, question: str) -> None:
    kind, text, lid = EXPECTED[question]
    answer = assistant.ask(question)
    assert answer.kind == kind, answer.message
    assert text in answer.message
    if kind == "lookup":
        assert answer.message.startswith("네, 있어요: ") and lid in answer.courses[0].lecture_ids
    else:
        assert answer.confident and lid in answer.citations[0].lecture_ids
        assert text in answer.answer_text
