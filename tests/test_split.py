"""Tests for assistant.split: sentence spans that map back onto the original text.

All splitting uses the ``punct`` backend (fast, pure kss). The first test that splits pays
kss' ~5 s import once.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant import kss_backend
from assistant.errors import AssistantError, DependencyMissingError
from assistant.records import Sentence
from assistant.split import BACKENDS, available_backends, split_description, split_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def texts(text: str, backend: str = "punct") -> list[str]:
    """The sentence strings ``split_text`` finds in ``text``."""
    return [text[s:e] for s, e in split_text(text, backend)]


def assert_valid_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans are increasing, non-overlapping, non-empty, trimmed and cover all non-space."""
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text), (spans, text)
        assert not text[start].isspace() and not text[end - 1].isspace(), text[start:end]
        for i in range(start, end):
            covered[i] = True
        previous_end = end
    lost = [(i, ch) for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not lost, f"characters not in any sentence: {lost}"


VARIED = [
    "이 과목은 자료구조를 이해한다.또한 알고리즘을 배운다.",
    "본 강좌는 3.5학점이며, 주 2회 진행된다. 성적은 상대평가이다.",
    "학습목표\n1. 자료구조를 이해한다.\n2. 알고리즘을 설계한다.\r\n\n3. 구현한다.",
    "목표: 1) 자료구조 이해 2) 알고리즘 설계 3) 구현",
    "① 자료구조 이해 ② 알고리즘 설계 ③ 프로젝트",
    "This course covers data structures. Students will learn algorithms.",
    "이 과목은   여러  공백을   포함한다.   다음 문장이다.   ",
    "   앞에 공백이 있다.\t\t탭도 있다.",
    "자세한 내용은 https://example.ac.kr/syllabus.html?id=3 을 참고한다. 질문은 a.b@uni.ac.kr 로 한다.",
    "e.g. 예를 들어 설명한다. Python 3.11 과 Ver.2.0 을 사용한다.",
    "무엇을 배우는가?또한 어떻게 평가하는가!그리고 끝",
    "(괄호 안의 문장이다.) 다음은 \"인용된 문장이다.\" 라고 했다.",
    "Lecture: Intro to ML.\nGrading: midterm 30%, final 40%, projects 30%.",
    "• 실습 • 과제 • 시험",
    "1) 하나\n\n\n2) 둘",
    "가.",
    "x",
]


@pytest.mark.parametrize("text", VARIED)
def test_spans_round_trip_and_cover_text(text: str) -> None:
    spans = split_text(text, "punct")
    assert spans, "non-blank text must give at least one sentence"
    assert_valid_spans(text, spans)
    for sentence in split_description("L1", text, "punct"):
        assert text[sentence.start : sentence.end] == sentence.text


def test_glued_period_is_split() -> None:
    assert texts("이 과목은 자료구조를 이해한다.또한 알고리즘을 배운다.") == [
        "이 과목은 자료구조를 이해한다.",
        "또한 알고리즘을 배운다.",
    ]


def test_glued_question_and_exclamation_are_split() -> None:
    assert texts("무엇을 배우는가?또한 어떻게 평가하는가!그리고 끝") == [
        "무엇을 배우는가?",
        "또한 어떻게 평가하는가!",
        "그리고 끝",
    ]


def test_glued_period_before_capitalised_english_word_is_split() -> None:
    assert texts("강의는 Python을 사용한다.Java도 다룬다.") == [
        "강의는 Python을 사용한다.",
        "Java도 다룬다.",
    ]
    assert texts("Students learn algorithms.Then they code.") == [
        "Students learn algorithms.",
        "Then they code.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "본 강좌는 3.5학점이다.",
        "Python 3.11 을 사용한다.",
        "Ver.2.0 을 사용한다.",
        "e.g.Some examples are shown.",
        "자료는 네이버.com 에서 받는다.",
        "자세한 내용은 https://example.ac.kr/a.강의.자료 를 본다.",
        "문의는 prof.Kim@uni.ac.kr 로 한다.",
        "Dr.Smith teaches it.",
        "(총 2) 회 진행한다.",
        "표1) 과 표2) 를 비교한다.",
    ],
)
def test_decimals_abbreviations_urls_and_lone_numbers_are_not_split(text: str) -> None:
    assert texts(text) == [text]


def test_english_sentences_are_split() -> None:
    text = "This course covers data structures. Students will learn algorithms."
    assert texts(text) == [
        "This course covers data structures.",
        "Students will learn algorithms.",
    ]


def test_numbered_items_on_lines_are_sentences() -> None:
    text = "학습목표\n1. 자료구조를 이해한다.\n2. 알고리즘을 설계한다."
    assert texts(text) == ["학습목표", "1. 자료구조를 이해한다.", "2. 알고리즘을 설계한다."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "목표: 1) 자료구조 이해 2) 알고리즘 설계 3) 구현",
            ["목표:", "1) 자료구조 이해", "2) 알고리즘 설계", "3) 구현"],
        ),
        ("(1) 이론 (2) 실습", ["(1) 이론", "(2) 실습"]),
        ("1. 첫째 항목 2. 둘째 항목", ["1. 첫째 항목", "2. 둘째 항목"]),
        ("① 자료구조 이해 ② 알고리즘 설계", ["① 자료구조 이해", "② 알고리즘 설계"]),
        ("평가: • 시험 • 과제", ["평가:", "• 시험", "• 과제"]),
    ],
)
def test_inline_numbered_items_are_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_sentences_never_cross_a_newline() -> None:
    text = "첫 줄은 마침표가 없다\r\n둘째 줄도 없다\n\n셋째 줄"
    assert texts(text) == ["첫 줄은 마침표가 없다", "둘째 줄도 없다", "셋째 줄"]
    for start, end in split_text(text):
        assert "\n" not in text[start:end] and "\r" not in text[start:end]


def test_inner_spaces_are_kept_and_spans_trimmed() -> None:
    text = "  이 과목은   여러  공백을   포함한다.   다음 문장이다.   "
    spans = split_text(text)
    assert [text[s:e] for s, e in spans] == ["이 과목은   여러  공백을   포함한다.", "다음 문장이다."]
    assert spans[0][0] == 2


@pytest.mark.parametrize("text", ["", " ", "   \n\t \r\n  ", "\u3000"])
def test_empty_or_blank_text_gives_no_sentences(text: str) -> None:
    assert split_text(text) == []
    assert split_description("L1", text) == []


def test_split_description_builds_sentences_with_positions() -> None:
    description = "자료구조를 이해한다.또한 3.5학점이다.\n1) 실습"
    sentences = split_description("2150387001", description)
    assert sentences == [
        Sentence("2150387001", 0, 0, 11, "자료구조를 이해한다."),
        Sentence("2150387001", 1, 11, 22, "또한 3.5학점이다."),
        Sentence("2150387001", 2, 23, 28, "1) 실습"),
    ]
    assert all(s.id is None for s in sentences)


def test_unknown_backend_raises_value_error_listing_valid_ones() -> None:
    with pytest.raises(ValueError) as info:
        split_text("문장이다.", backend="nope")
    message = str(info.value)
    assert "'nope'" in message
    for name in BACKENDS:
        assert name in message
    with pytest.raises(ValueError):
        split_description("L1", "문장이다.", backend="auto")  # kss' machine-dependent mode


def test_backend_name_is_case_insensitive() -> None:
    assert split_text("하나다. 둘이다.", backend=" PUNCT ") == split_text("하나다. 둘이다.")


def test_non_string_text_raises_type_error() -> None:
    with pytest.raises(TypeError):
        split_text(None)  # type: ignore[arg-type]


def test_available_backends_include_punct() -> None:
    backends = available_backends()
    assert "punct" in backends
    assert set(backends) <= set(BACKENDS)


def test_missing_mecab_raises_dependency_error_with_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kss = kss_backend.load_kss()
    real = kss.split_sentences

    def without_mecab(text: str, backend: str = "auto", **kwargs: object) -> list[str]:
        if backend == "mecab":  # what kss raises when python-mecab-ko is not installed
            raise ImportError("Oops! You specified `backend` as 'mecab' ...")
        return real(text, backend=backend, **kwargs)

    monkeypatch.setattr(kss, "split_sentences", without_mecab)
    monkeypatch.setattr(kss_backend, "_available", {})  # forget the probe results

    with pytest.raises(DependencyMissingError) as info:
        split_text("문장이다.", backend="mecab")
    assert "pip install python-mecab-ko python-mecab-ko-dic" in str(info.value)
    assert isinstance(info.value, AssistantError)
    assert "mecab" not in available_backends()
    assert split_text("문장이다.", backend="punct") == [(0, 5)]


def test_alignment_survives_kss_changing_whitespace(monkeypatch: pytest.MonkeyPatch) -> None:
    kss = kss_backend.load_kss()
    real = kss.split_sentences

    def squeezed(text: str, **kwargs: object) -> list[str]:
        return [s.replace(" ", "") for s in real(text, **kwargs)]

    text = "이 과목은   여러 공백을 포함한다. 다음 문장이다."
    expected = split_text(text)
    monkeypatch.setattr(kss, "split_sentences", squeezed)
    assert split_text(text) == expected
    assert texts(text) == ["이 과목은   여러 공백을 포함한다.", "다음 문장이다."]


def test_alignment_ignores_zero_width_characters_kss_drops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kss = kss_backend.load_kss()
    real = kss.split_sentences
    text = "자료\u200b구조를 배운다. 다음\ufeff 문장."
    expected = [(0, 11), (12, 19)]
    assert split_text(text) == expected
    monkeypatch.setattr(
        kss,
        "split_sentences",
        lambda t, **kw: [s.replace("\u200b", "").replace("\ufeff", "") for s in real(t, **kw)],
    )
    assert split_text(text) == expected


def test_characters_kss_drops_are_attached_to_a_neighbour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kss = kss_backend.load_kss()

    def lossy(text: str, **kwargs: object) -> list[str]:
        # Drops the closing bracket and the leading "※", invents nothing.
        return ["자료구조를 배운다.", "(실습 포함", "다음 문장."]

    monkeypatch.setattr(kss, "split_sentences", lossy)
    text = "※ 자료구조를 배운다. (실습 포함) 다음 문장."
    assert texts(text) == ["※ 자료구조를 배운다.", "(실습 포함)", "다음 문장."]
    assert_valid_spans(text, split_text(text))


def test_unmatchable_kss_output_still_covers_text(monkeypatch: pytest.MonkeyPatch) -> None:
    kss = kss_backend.load_kss()
    monkeypatch.setattr(kss, "split_sentences", lambda text, **kwargs: ["전혀 다른 문장."])
    text = "원래 문장이다. 또 다른 문장."
    assert texts(text) == [text]


def test_importing_split_does_not_import_kss() -> None:
    code = "import sys, assistant.split; assert 'kss' not in sys.modules, 'kss imported eagerly'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_kss_is_loaded_once() -> None:
    assert kss_backend.load_kss() is kss_backend.load_kss()


def test_marker_only_sentence_is_merged_into_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    kss = kss_backend.load_kss()
    monkeypatch.setattr(kss, "split_sentences", lambda text, **kwargs: ["1.", "자료구조를 배운다."])
    assert texts("1. 자료구조를 배운다.") == ["1. 자료구조를 배운다."]


ONE_SENTENCE_OR_NOT = [
    "이 과목은 문학비평의 주요 이론을 다룬다", "이 과목은 문학비평의 주요 이론을 다룬다.",
    "실습 위주로 진행한다!", "정말 그럴까?\"", "(교재는 추후 공지)", "교재: <현대문학사>",
    "Data structures and algorithms in C", "평가: 출석 10%, 과제 30%, 기말 60%.  ",
    "자료구조를 이해한다. 또한 구현한다.", "3.5학점이며 실습이 있다", "왜 배우는가? 답한다",
    "e.g. 스택과 큐", "끝났다!! 다음", "¶ 새 문단", "문장이다.\" 그리고 다음",
]


@pytest.mark.parametrize("piece", ONE_SENTENCE_OR_NOT)
def test_a_piece_is_taken_whole_only_where_kss_would_return_it_whole(piece: str) -> None:
    """The shortcut that skips kss for a one-sentence piece agrees with kss itself."""
    from assistant.split import _one_sentence

    kss = kss_backend.load_kss()
    with kss_backend.quiet("punct"):
        found = kss.split_sentences(piece, backend="punct", strip=True)
    if _one_sentence(piece):
        assert found == [piece.strip()]


def test_the_shortcut_leaves_pieces_with_a_boundary_inside_to_kss() -> None:
    from assistant.split import _one_sentence

    assert [p for p in ONE_SENTENCE_OR_NOT if not _one_sentence(p)] == [
        "자료구조를 이해한다. 또한 구현한다.", "3.5학점이며 실습이 있다", "왜 배우는가? 답한다",
        "e.g. 스택과 큐", "끝났다!! 다음", "¶ 새 문단", "문장이다.\" 그리고 다음"]
