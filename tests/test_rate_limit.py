"""A flood from one session and over-size requests (``ui.app``): the per-session rate limit
answers in Korean without reaching the assistant, other sessions are served, the refused
question does not enter the conversation; a huge paste is refused by the assistant's
length check and echoed only in part. Handlers are called directly (no server)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

gr = pytest.importorskip("gradio")

from assistant.ask import check_length  # noqa: E402
from assistant.question import MAX_QUESTION_CHARS  # noqa: E402
from assistant.records import Answer  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from ui import app as ui_app  # noqa: E402
from ui.app import RATE_LIMIT, RateLimiter  # noqa: E402


class CountingAssistant:
    """Answers everything (the real length check first) and counts the questions it got."""

    def __init__(self) -> None:
        self.questions: list[str] = []

    def ask(self, question, history=None, filters=None) -> Answer:
        self.questions.append(question)
        return check_length(question) or Answer(question, question, "none", f"답 {len(self.questions)}")

    def filter_choices(self) -> dict:
        return {}


def handlers(tmp_path, rate_limit=(3, 10.0)):
    assistant = CountingAssistant()
    demo = ui_app.create_app(Settings(db_path=tmp_path / "none.db"), assistant, examples=[], rate_limit=rate_limit)
    fns = {f.api_name: f.fn for f in demo.fns.values()}
    return assistant, fns["chat"], fns["ask"]


def session(name: str) -> SimpleNamespace:
    return SimpleNamespace(session_hash=name)


def chat_turn(respond, message, chat, answers, request):
    *_, last = list(respond(message, chat, answers, None, None, None, request))
    return last


def test_limiter_counts_a_sliding_window_per_session() -> None:
    now = [0.0]
    limiter = RateLimiter(3, 10.0, clock=lambda: now[0])
    assert [limiter.wait("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.wait("a") == pytest.approx(10.0)
    assert limiter.wait("b") == 0.0  # another session is not affected
    now[0] = 9.0
    assert limiter.wait("a") == pytest.approx(1.0)
    now[0] = 10.0
    assert limiter.wait("a") == 0.0  # the first question left the window
    with pytest.raises(ValueError):
        RateLimiter(0, 10.0)


def test_limiter_forgets_idle_sessions() -> None:
    now = [0.0]
    limiter = RateLimiter(1, 1.0, clock=lambda: now[0])
    for i in range(5000):
        limiter.wait(f"s{i}")
    now[0] = 100.0
    limiter.wait("late")
    assert len(limiter._seen) == 1  # only the session active within the window is kept


def test_a_flood_from_one_session_is_answered_in_korean_without_the_assistant(tmp_path) -> None:
    assistant, respond, _ = handlers(tmp_path)
    chat, answers = [], []
    for i in range(3):
        chat, box, answers, _ = chat_turn(respond, f"질문 {i}", chat, answers, session("flood"))
        assert f"답 {i + 1}" in chat[-1]["content"]
    for _ in range(5):  # the flood
        chat, box, answers, sources = chat_turn(respond, "또 질문", chat, answers, session("flood"))
        assert "질문이 너무 빠르게 이어지고 있습니다" in chat[-1]["content"] and "초 뒤에" in chat[-1]["content"]
        assert "ca-kind-error" in chat[-1]["content"]
    assert len(assistant.questions) == 3  # the assistant never saw the flood
    assert len(answers) == 3  # refused questions are not turns of the conversation
    chat2, _, _, _ = chat_turn(respond, "다른 사람 질문", [], [], session("other"))
    assert "답 4" in chat2[-1]["content"]  # other sessions are served


def test_the_api_endpoint_is_limited_per_session_too(tmp_path) -> None:
    assistant, _, api_ask = handlers(tmp_path, rate_limit=(2, 10.0))
    replies = [api_ask("질문", None, None, None, session("api")) for _ in range(4)]
    assert ["질문이 너무 빠르게" in r for r in replies] == [False, False, True, True]
    assert len(assistant.questions) == 2


def test_no_limit_when_disabled(tmp_path) -> None:
    assistant, _, api_ask = handlers(tmp_path, rate_limit=None)
    assert not any("너무 빠르게" in api_ask("질문", None, None, None, session("x")) for _ in range(30))
    assert len(assistant.questions) == 30


def test_default_limit_allows_a_person_clicking_every_example(tmp_path) -> None:
    assistant, respond, _ = handlers(tmp_path, rate_limit=RATE_LIMIT)
    chat, answers = [], []
    for q in ui_app.EXAMPLES + ["하나 더"]:
        chat, _, answers, _ = chat_turn(respond, q, chat, answers, session("person"))
    assert len(assistant.questions) == len(ui_app.EXAMPLES) + 1 <= RATE_LIMIT[0]


def test_an_over_size_request_is_refused_fast_and_echoed_in_part(tmp_path) -> None:
    assistant, respond, api_ask = handlers(tmp_path)
    huge = "가" * 5_000_000
    started = time.perf_counter()
    chat, _, answers, _ = chat_turn(respond, huge, [], [], session("big"))
    assert time.perf_counter() - started < 5
    assert f"{MAX_QUESTION_CHARS:,}자 이내로" in chat[-1]["content"]  # the assistant's length check
    assert len(chat[0]["content"]) <= ui_app.SHOWN_QUESTION_CHARS + 10 and chat[0]["content"].endswith("…")
    assert f"{MAX_QUESTION_CHARS:,}자 이내로" in api_ask(huge, None, None, None, session("big2"))
    assert "질문을 입력해 주세요" in api_ask(None, None, None, None, session("none"))  # type: ignore[arg-type]
