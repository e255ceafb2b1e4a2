"""Gradio chat app: a thin adapter over :func:`assistant.ask.ask`.

Everything the student sees comes from an :class:`~assistant.records.Answer`, rendered by
:mod:`ui.render` (HTML-escaped, citations expandable to the source sentence with the answer
highlighted); this module wires it into Gradio, turns the filter widgets into
:class:`~assistant.store.Filters` and holds the command line. No retrieval logic lives here.

Run it with ``python -m ui`` (``--help`` lists the options). ``create_app`` builds the
``gr.Blocks`` for tests and embedding; the ``ask`` API endpoint (``api_name="ask"``) answers
one question for ``gradio_client``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.records import Answer
from assistant.settings import ENV_PREFIX, Settings
from assistant.store import Filters
from ui.rate_limit import MSG_RATE_LIMITED, RATE_LIMIT, RateLimiter, rate_limited_answer, session_of
from ui.render import APP_CSS, catalog_header, esc, render_answer, render_sources

log = logging.getLogger(__name__)

AUTH_USER_ENV = ENV_PREFIX + "AUTH_USER"
AUTH_PASSWORD_ENV = ENV_PREFIX + "AUTH_PASSWORD"

TITLE = "강의 Q&A 도우미"
INTRO = ("강의계획서(강의설명)와 교과목 정보에서 답을 찾아 드립니다. 답마다 출처 강의번호가 붙고, "
         "출처를 펼치면 답이 나온 문장을 볼 수 있습니다.")
PENDING = "⏳ 답을 찾는 중입니다…"
HISTORY_TURNS = 20  # answers kept per session for follow-up questions
SHOWN_QUESTION_CHARS = 2000
"""Longest question echoed in the chat (a huge paste is refused by the assistant anyway)."""

EXAMPLES = [
    "자료구조 수업 교재가 뭐야?",
    "알고리즘 수업 선수과목이 뭐야?",
    "문학비평 이론을 배우는 수업 있어?",
    "현대문학비평론은 누가 가르쳐?",
    "건축설계1은 몇 학점짜리야?",
    "데이터베이스 수업 평가 비율 알려줘",
    "내쉬 균형을 다루는 과목이 있나요?",
]


def make_filters(departments: Sequence[str] | None, credits: Sequence[Any] | None,
                 course_types: Sequence[str] | None) -> Filters | None:
    """Filter widgets -> :class:`Filters` (``None`` when nothing is selected)."""
    cr = tuple(float(c) for c in (credits or ()) if str(c).strip())
    f = Filters(departments=tuple(departments) if departments else None,
                credits=cr or None, course_types=tuple(course_types) if course_types else None)
    return None if f.is_empty() else f


def _filter_choices(settings: Settings, assistant: Any) -> dict[str, list[Any]]:
    if assistant is not None and hasattr(assistant, "filter_choices"):
        try:
            return assistant.filter_choices()
        except Exception:  # noqa: BLE001 - the app still works without filters
            log.exception("cannot read filter values")
            return {}
    if not Path(settings.db_path).exists():
        return {}
    from assistant.store import CourseStore

    store = CourseStore(settings.db_path)
    try:
        return {col: store.distinct_values(col) for col in ("department", "credits", "course_type")}
    finally:
        store.close()



def default_examples(settings: Settings, assistant: Any) -> list[str]:
    """The examples to show: the bundled sample's curated ones on a database built from the
    sample, else the loaded catalog's own (made from its titles and fields, each checked)."""
    from assistant.examples import ensure_examples
    from assistant.settings import SAMPLE_CATALOG

    if assistant is None:
        return list(EXAMPLES)
    if assistant.store.get_meta().get("catalog_file") == str(SAMPLE_CATALOG.resolve()):
        return list(EXAMPLES)

    try:
        return ensure_examples(assistant) or list(EXAMPLES)
    except Exception:  # noqa: BLE001 - the app works without examples
        log.exception("cannot make example questions")
        return []


def lazy_answerer(settings: Settings) -> Callable[..., Answer]:
    """An answer function that opens the assistant for ``settings`` on the first question
    (so the page loads at once) and turns a missing or stale database, or a model that
    cannot load, into a Korean error answer instead of an exception. Input checks that need
    no database (empty, too long) answer before anything loads."""
    import threading

    from assistant import reply
    from assistant.ask import Assistant, check_length
    from assistant.errors import AssistantError, IndexMissingError, StaleIndexError

    opened: list[Assistant] = []
    lock = threading.Lock()

    def answer(question: str, history: Sequence[Answer] | None = None, filters: Filters | None = None) -> Answer:
        text = question if isinstance(question, str) else ""
        early = check_length(question)
        if early is not None:
            return early
        try:
            with lock:
                if not opened:
                    opened.append(Assistant.from_settings(settings))
        except IndexMissingError as exc:
            log.error("index missing: %s", exc)
            return reply.error_answer(text, "", reply.MSG_INDEX_MISSING)
        except StaleIndexError as exc:
            log.error("stale index: %s", exc)
            return reply.error_answer(text, "", reply.MSG_INDEX_STALE)
        except Exception as exc:  # noqa: BLE001 - the chat must always get an answer
            log.exception("cannot start the assistant")
            return reply.error_answer(text, "", reply.MSG_FAILED.format(
                reason=exc if isinstance(exc, AssistantError) else type(exc).__name__))
        return opened[0].ask(question, history, filters)

    return answer


LAUNCH_LIMITS = {"max_file_size": "1kb"}
"""The chat takes no files: Gradio's upload route, open to every visitor, refuses anything
bigger than a tiny file, so nobody can fill the disk through it."""


CONCURRENCY = 8
"""Questions answered at once. Measured with ``bench/load.py`` (8 sessions x 40 s on the
Sogang catalog, this 2-core CPU): 10.2 answers/s at 1, 11.0 at 2, 13.8 at 4, 15.4 at 8."""


def create_app(settings: Settings | None = None, assistant: Any = None, *, concurrency_limit: int = CONCURRENCY,
               examples: Sequence[str] | None = None, rate_limit: tuple[int, float] | None = RATE_LIMIT):
    """Build the chat app.

    Args:
        settings: Which database and models (default: the environment's).
        assistant: An :class:`~assistant.ask.Assistant` (default: one for ``settings``,
            opened on the first question; see :func:`lazy_answerer`).
        concurrency_limit: Questions processed at the same time (others queue).
        examples: Example questions (default: :func:`default_examples`).
        rate_limit: ``(questions, seconds)`` allowed per session; more are answered with a
            Korean "slow down" message without reaching the assistant. ``None``: no limit.

    Returns:
        The ``gr.Blocks`` app, queued.
    """
    import gradio as gr

    settings = settings or Settings.from_env()
    answer_fn = assistant.ask if assistant is not None else lazy_answerer(settings)
    choices = _filter_choices(settings, assistant)
    shown = list(examples) if examples is not None else default_examples(settings, assistant)
    header = catalog_header(settings)
    limiter = RateLimiter(*rate_limit) if rate_limit else None

    def _ask(question: str, history: Sequence[Answer], filters: Filters | None, request: Any = None) -> Answer:
        wait = limiter.wait(session_of(request)) if limiter is not None else 0.0
        if wait > 0:
            return rate_limited_answer(question, wait)
        try:
            return answer_fn(question, history, filters)
        except Exception as exc:  # noqa: BLE001 - the assistant should not raise; be safe
            log.exception("assistant raised")
            return Answer(question=question, resolved_question=question, kind="error",
                          message=f"답을 준비하는 중 문제가 생겼습니다. ({type(exc).__name__})")

    def respond(message: str, chat: list[dict[str, Any]] | None, answers: list[Answer] | None,
                departments: list[str] | None, credits: list[str] | None, types: list[str] | None,
                request: Any = None):
        chat = list(chat or [])
        answers = list(answers or [])
        text = message if isinstance(message, str) else ""
        shown = text if len(text) <= SHOWN_QUESTION_CHARS else text[:SHOWN_QUESTION_CHARS] + "…"
        chat.append({"role": "user", "content": esc(shown)})
        chat.append({"role": "assistant", "content": PENDING})
        yield chat, "", answers, gr.update()
        answer = _ask(text, answers, make_filters(departments, credits, types), request)
        chat[-1] = {"role": "assistant", "content": render_answer(answer)}
        if answer.message.startswith(MSG_RATE_LIMITED.split("{")[0]):
            yield chat, "", answers, gr.update()  # not a turn of the conversation: history unchanged
            return
        answers = (answers + [answer])[-HISTORY_TURNS:]
        yield chat, "", answers, render_sources(answer)

    def api_ask(question: str, departments: list[str] | None = None, credits: list[float] | None = None,
                course_types: list[str] | None = None, request: Any = None) -> str:
        """Answer one question; returns the rendered answer (HTML with lecture ids)."""
        text = question if isinstance(question, str) else ""
        return render_answer(_ask(text, (), make_filters(departments, credits, course_types), request))

    # Gradio hands the request (and so the session) to a parameter annotated gr.Request; this
    # module's string annotations cannot name gr (imported here, not at the top)
    respond.__annotations__["request"] = gr.Request
    api_ask.__annotations__["request"] = gr.Request

    def reset():
        return [], [], render_sources(None), ""

    credit_choices = [f"{float(c):g}" for c in choices.get("credits", [])]
    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"## {TITLE}" + (f" — {header}" if header else "") + f"\n{INTRO}", elem_id="header")
        answers_state = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="대화", height=520, elem_id="chat", latex_delimiters=[],
                                     feedback_options=None, buttons=["copy"],
                                     placeholder="강의에 대해 무엇이든 물어보세요."
                                     + (f" 예: {esc(shown[0])}" if shown else ""))
                with gr.Row():
                    box = gr.Textbox(placeholder="질문을 입력하세요",
                                     show_label=False, scale=5, elem_id="question", autofocus=True,
                                     max_length=4000, lines=1)
                    send = gr.Button("보내기", variant="primary", scale=1, elem_id="send")
                clear = gr.Button("새 대화", size="sm", elem_id="clear")
                if shown:
                    gr.Examples(examples=[[q] for q in shown], inputs=[box], label="예시 질문")
            with gr.Column(scale=2):
                with gr.Accordion("검색 필터", open=False):
                    departments = gr.Dropdown(choices=list(choices.get("department", [])), multiselect=True,
                                              label="개설 학과", elem_id="filter-department")
                    credits = gr.CheckboxGroup(choices=credit_choices, label="학점", elem_id="filter-credits")
                    types = gr.CheckboxGroup(choices=list(choices.get("course_type", [])), label="이수구분",
                                             elem_id="filter-type")
                sources = gr.HTML(render_sources(None), elem_id="sources")

        inputs = [box, chatbot, answers_state, departments, credits, types]
        outputs = [chatbot, box, answers_state, sources]
        send.click(respond, inputs, outputs, api_name="chat", show_progress="minimal")
        box.submit(respond, inputs, outputs, api_visibility="private", show_progress="minimal")
        clear.click(reset, None, [chatbot, answers_state, sources, box], api_visibility="private")
        gr.api(api_ask, api_name="ask")
    demo.queue(default_concurrency_limit=concurrency_limit, max_size=256)
    return demo


# --------------------------------------------------------------------------- command line


def parse_auth(value: str) -> tuple[str, str]:
    """``"user:password"`` -> ``("user", "password")``."""
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("--auth must look like USER:PASSWORD")
    return user, password


def credentials(args: argparse.Namespace, env: dict[str, str] | os._Environ = os.environ) -> tuple[str, str] | None:
    """Login from ``--auth`` or the ``COURSE_ASSISTANT_AUTH_USER/PASSWORD`` variables."""
    if args.auth:
        return parse_auth(args.auth)
    user, password = env.get(AUTH_USER_ENV, ""), env.get(AUTH_PASSWORD_ENV, "")
    if user and password:
        return user, password
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ui", description=f"{TITLE}: the chat app over the course catalog.",
        epilog="example: python -m ui --port 7860   (first run builds the sample database)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", 7860)))
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 exposes it on the network)")
    parser.add_argument("--share", action="store_true",
                        help="create a public gradio.live link (requires --auth or the auth env vars)")
    parser.add_argument("--auth", metavar="USER:PASSWORD",
                        help=f"require this login (or set {AUTH_USER_ENV} and {AUTH_PASSWORD_ENV})")
    parser.add_argument("--allow-public-without-auth", action="store_true",
                        help="allow --share without a login (anyone with the link can use it)")
    parser.add_argument("--db", type=Path, help="database file (default: the sample's db/sample.db)")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY,
                        help=f"questions answered at once (default {CONCURRENCY}); more wait in the queue")
    parser.add_argument("--rate-limit", type=int, default=RATE_LIMIT[0], metavar="N",
                        help=f"questions allowed per session in {RATE_LIMIT[1]:g} s (default {RATE_LIMIT[0]}; "
                             "0 = no limit)")
    parser.add_argument("--examples", type=Path,
                        help="example questions to show, one per line (default: made from the loaded catalog)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ui``: build the database on first run, then serve the app."""
    args = build_parser().parse_args(argv)
    try:
        auth = credentials(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.share and auth is None and not args.allow_public_without_auth:
        print("error: --share makes the app public on the internet; refusing to share without a login.\n"
              f"  give one with --auth USER:PASSWORD or the {AUTH_USER_ENV} / {AUTH_PASSWORD_ENV} "
              "environment variables,\n  or pass --allow-public-without-auth if you really want a public, "
              "open link.", file=sys.stderr)
        return 2
    if args.share and auth is None:
        print("warning: sharing a public link WITHOUT a login (--allow-public-without-auth)", file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1") and auth is None:
        print(f"warning: listening on {args.host} without a login; anyone on the network can use it",
              file=sys.stderr)

    from assistant.ask import Assistant
    from assistant.build import ensure_built
    from assistant.errors import AssistantError

    try:
        settings = Settings.from_env(db_path=args.db)
        if not Path(settings.db_path).exists():
            print(f"first run: building {settings.db_path} from {settings.catalog_path} …", flush=True)
        elif not settings.index_path.exists():
            print(f"rebuilding the missing index {settings.index_path} …", flush=True)
        report = ensure_built(settings, progress=True)
        if report is not None:
            print(f"built {report.sentences} sentences in {report.seconds_total:.1f} s", flush=True)
        print("loading models …", flush=True)
        assistant = Assistant.from_settings(settings)
        assistant.warm_up()
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if assistant.reader is None:
        print(f"warning: no reader ({assistant.reader_error}); answers list matching courses only",
              file=sys.stderr)
    examples = None
    if args.examples:
        from assistant.examples import read_examples_file

        try:
            examples = read_examples_file(args.examples)
        except AssistantError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    demo = create_app(settings, assistant, concurrency_limit=args.concurrency, examples=examples,
                      rate_limit=(args.rate_limit, RATE_LIMIT[1]) if args.rate_limit > 0 else None)
    try:
        _, local_url, share_url = demo.launch(
            server_name=args.host, server_port=args.port, share=args.share, auth=auth,
            prevent_thread_lock=True, quiet=True, css=APP_CSS, footer_links=["api"], **LAUNCH_LIMITS)
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    print(f"running on {local_url}", flush=True)
    if share_url:
        print(f"public link: {share_url}", flush=True)
    serve_until_interrupted(demo)
    return 0


def serve_until_interrupted(demo) -> None:
    """Keep a launched app serving until Ctrl-C, then close it."""
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    finally:
        demo.close()


__all__ = ["create_app", "main", "serve_until_interrupted", "LAUNCH_LIMITS", "render_answer", "render_sources", "esc", "APP_CSS", "EXAMPLES",
           "make_filters", "RateLimiter", "RATE_LIMIT"]
