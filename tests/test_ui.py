"""Integration tests for the Gradio app (``ui.app``), served in-process on a free localhost
port and called through ``gradio_client``: cited lecture ids and spans on the sample
catalog, HTML escaping of catalog and user text, the ``--share`` guard, 20 concurrent
sessions.

They use the real embedder (the sample database is built on first use) and the real reader
when its weights exist (``assistant/reader_weights/reader.safetensors``), otherwise the
``FakeReader`` from ``ask_fakes``.
"""

from __future__ import annotations

import csv
import html
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

gr = pytest.importorskip("gradio")
gradio_client = pytest.importorskip("gradio_client")

from assistant.ask import Assistant  # noqa: E402
from assistant.build import ensure_built  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.records import Answer  # noqa: E402
from assistant.settings import PROJECT_ROOT, SAMPLE_CATALOG, Settings  # noqa: E402
from ui import app as ui_app  # noqa: E402

from ask_fakes import FakeReader, real_reader_available  # noqa: E402
from conftest import CATALOG_HEADER, build_catalog, serve_locally  # noqa: E402

LECTURE_ID = re.compile(r"(?<!\d)\d{10}(?!\d)")
SCRIPT_ROW = ("2999999001", "웹보안실습", "컴퓨터공학과", "최<b>보안</b>", "2", "전공선택",
              "웹 보안 실습의 교재: <script>alert(1)</script> 예제와 <현대문학사> 인용 모음")


def sample_rows() -> list[dict[str, str]]:
    with SAMPLE_CATALOG.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


CATALOG = {r["강의번호"]: r for r in sample_rows()}


def make_reader(settings: Settings):
    if real_reader_available():
        from assistant.read import Reader

        return Reader.from_settings(settings)
    return FakeReader()


@pytest.fixture(scope="module")
def embedder(model_cache_dir: Path):
    from assistant.embed import Embedder

    emb = Embedder.from_settings(Settings(cache_dir=model_cache_dir))
    try:
        emb.warm_up()
    except AssistantError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"the real embedder cannot load here: {exc}")
    return emb


def serve(settings: Settings, assistant: Assistant):
    demo = ui_app.create_app(settings, assistant, concurrency_limit=4)
    return demo, serve_locally(demo)


@pytest.fixture(scope="module")
def sample_url(embedder, model_cache_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    # built in a temporary folder: tests never write into the checkout
    folder = tmp_path_factory.mktemp("ui-sample")
    settings = Settings(db_path=folder / "sample.db", catalog_path=SAMPLE_CATALOG, cache_dir=model_cache_dir)
    ensure_built(settings, embedder=embedder, progress=False)
    assistant = Assistant.from_settings(settings, reader=make_reader(settings), embedder=embedder)
    assistant.warm_up()
    demo, url = serve(settings, assistant)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def script_url(embedder, tmp_path_factory: pytest.TempPathFactory, model_cache_dir: Path):
    folder = tmp_path_factory.mktemp("ui-escape")
    rows = [tuple(CATALOG[lid][h] for h in CATALOG_HEADER) for lid in ("2410191001", "2410195001")]
    settings = build_catalog(folder, rows + [SCRIPT_ROW], embedder, name="escape", cache_dir=model_cache_dir)
    assistant = Assistant.from_settings(settings, reader=make_reader(settings), embedder=embedder)
    demo, url = serve(settings, assistant)
    yield url
    demo.close()


def client(url: str):
    return gradio_client.Client(url, verbose=False)


def ask_api(url: str, question: str, **filters) -> str:
    return client(url).predict(question, filters.get("departments"), filters.get("credits"),
                               filters.get("course_types"), api_name="/ask")


# ----------------------------------------------------------------------------- answers


def test_reply_cites_real_lecture_and_span_from_its_description(sample_url: str) -> None:
    reply = ask_api(sample_url, "일반생물학1 교재는?")
    cited = LECTURE_ID.findall(reply)
    assert cited and all(lid in CATALOG for lid in cited)
    assert set(cited) & {"2340116001", "2340116002"}
    marked = re.findall(r"<mark>(.*?)</mark>", reply)
    assert marked, reply
    span = html.unescape(marked[0])
    assert span in CATALOG[cited[0]]["강의설명"]
    assert "Campbell Biology" in span


def test_field_answer_through_the_api(sample_url: str) -> None:
    reply = ask_api(sample_url, "데이터베이스 담당 교수는 누구야?")
    assert "오하은" in reply and "2410321001" in reply


def test_filters_through_the_api(sample_url: str) -> None:
    reply = ask_api(sample_url, "자료구조 수업의 교재는 뭐야?", departments=["경영학과"])
    assert "2410191001" not in reply and "2410191002" not in reply


def test_unrelated_question_gets_an_honest_no(sample_url: str) -> None:
    reply = html.unescape(ask_api(sample_url, "빵이나 케이크 굽는 제과제빵 수업 있어?"))
    assert "찾지 못했습니다" in reply


def test_chat_endpoint_keeps_the_conversation(sample_url: str) -> None:
    c = client(sample_url)
    chat, box, sources = c.predict("알고리즘 교재가 뭐야?", [], [], [], [], api_name="/chat")
    assert box == "" and "2410195001" in sources
    chat, _, sources = c.predict("담당 교수는?", chat, [], [], [], api_name="/chat")
    last = chat[-1]["content"][0]["text"] if isinstance(chat[-1]["content"], list) else chat[-1]["content"]
    assert "정영호" in last and "2410195001" in last  # the follow-up resolved to 알고리즘
    assert len(chat) == 4


# ----------------------------------------------------------------------------- escaping


def test_catalog_html_is_escaped(script_url: str) -> None:
    reply = ask_api(script_url, "웹보안실습 교재가 뭐야?")
    # the span may start or end inside the tag; what matters is that no markup survives
    assert "script&gt;" in reply and "&lt;/script&gt;" in reply
    assert "<script" not in reply.lower() and "</script" not in reply.lower()
    assert "&lt;현대문학사" in reply and "<현대문학사" not in reply
    field = ask_api(script_url, "웹보안실습 담당 교수는?")
    assert "&lt;b&gt;" in field and "<b>" not in field


def test_user_text_is_escaped_in_the_chat(script_url: str) -> None:
    chat, _, _ = client(script_url).predict("<img src=x onerror=alert(1)> 자료구조 교재?", [], [], [], [],
                                            api_name="/chat")
    user = chat[0]["content"][0]["text"] if isinstance(chat[0]["content"], list) else chat[0]["content"]
    assert user.startswith("&lt;img") and "<img" not in user


def test_render_answer_escapes_everything() -> None:
    from assistant.records import Answer, Citation, Course, Sentence

    course = Course("1", "<b>t</b>", "<i>d</i>", "x", 3.0, "전공", "a <script>b</script> c")
    sentence = Sentence("1", 0, 0, len(course.description), course.description, 1)
    answer = Answer("q", "q", "span", "**<script>**", citations=(Citation(course, ("1",), sentence, 2, 10),))
    out = ui_app.render_answer(answer)
    assert "<script" not in out and "<b>t" not in out and "<i>" not in out and "**" not in out
    assert "<mark>&lt;script&gt;</mark>" in out


def test_a_source_card_states_credits_only_when_the_catalog_gives_them() -> None:
    from assistant.records import Answer, Citation, Course

    def card(credits: float | None) -> str:
        course = Course("1", "채플", "교목처", "", credits, "교양필수", "채플에 참석한다.")
        return ui_app.render_sources(Answer("q", "q", "field", "m", citations=(Citation(course, ("1",)),)))

    assert "교목처 · 미정 · 0학점 · 교양필수" in card(0.0)  # a 0-credit course
    assert "교목처 · 미정 · 교양필수" in card(None) and "학점" not in card(None)


# ----------------------------------------------------------------------------- command line


def test_share_without_auth_is_refused(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path) -> None:
    monkeypatch.delenv(ui_app.AUTH_USER_ENV, raising=False)
    monkeypatch.delenv(ui_app.AUTH_PASSWORD_ENV, raising=False)
    db = tmp_path / "never.db"
    assert ui_app.main(["--share", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "--auth" in err and ui_app.AUTH_USER_ENV in err and "--allow-public-without-auth" in err
    assert not db.exists()  # refused before building anything
    assert ui_app.main(["--share", "--auth", "no-colon", "--db", str(db)]) == 2


def test_share_credentials_from_env() -> None:
    args = ui_app.build_parser().parse_args(["--share"])
    env = {ui_app.AUTH_USER_ENV: "kim", ui_app.AUTH_PASSWORD_ENV: "pw:1"}
    assert ui_app.credentials(args, env) == ("kim", "pw:1")
    assert ui_app.credentials(args, {}) is None
    args = ui_app.build_parser().parse_args(["--share", "--auth", "lee:secret:x"])
    assert ui_app.credentials(args, {}) == ("lee", "secret:x")


def test_python_m_ui_share_exits_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_ASSISTANT_AUTH")}
    done = subprocess.run([sys.executable, "-m", "ui", "--share", "--db", str(tmp_path / "x.db")],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "refusing to share without a login" in done.stderr


# ----------------------------------------------------------------------------- concurrency


def concurrent_cases() -> list[tuple[str, str, str]]:
    """20 (question, lecture id, expected text) over distinct courses and fields."""
    rows = sorted(CATALOG.values(), key=lambda r: r["강의번호"])
    titles = [r["교과목명"] for r in rows]
    unique = [r for r in rows if titles.count(r["교과목명"]) == 1
              and not any(r["교과목명"] != t and r["교과목명"] in t for t in titles)]
    cases = []
    for i, r in enumerate(unique[:: max(len(unique) // 20, 1)][:20]):
        if i % 3 == 0:
            cases.append((f"{r['교과목명']} 담당 교수는 누구야?", r["강의번호"], r["담당교수"] or "미정"))
        elif i % 3 == 1:
            cases.append((f"{r['교과목명']}은 몇 학점이야?", r["강의번호"], f"{float(r['학점']):g}학점"))
        else:
            cases.append((f"{r['교과목명']} 개설 학과는?", r["강의번호"], r["개설학과"]))
    return cases


def test_twenty_simultaneous_sessions(sample_url: str) -> None:
    cases = concurrent_cases()
    assert len(cases) == 20

    def one(case: tuple[str, str, str]) -> tuple[tuple[str, str, str], str]:
        return case, client(sample_url).predict(case[0], None, None, None, api_name="/ask")

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, cases))
    for (question, lid, expected), reply in results:
        assert "ca-kind-field" in reply, (question, reply)
        assert lid in reply and html.escape(expected) in reply, (question, reply)


def test_the_sample_shows_its_curated_examples_and_others_their_own(sample_url: str) -> None:
    import json
    import urllib.request

    config = json.loads(urllib.request.urlopen(sample_url.rstrip("/") + "/config").read().decode("utf-8"))
    text = json.dumps(config, ensure_ascii=False)
    assert all(q in text for q in ui_app.EXAMPLES)  # built from the bundled sample: its curated examples
    header = next(c["props"]["value"] for c in config["components"] if c.get("props", {}).get("elem_id") == "header")
    assert "샘플 카탈로그 · 352개 과목" in header and "구축" in header


def test_the_chat_without_database_answers_how_to_build_it(tmp_path: Path) -> None:
    from ui.app import lazy_answerer

    settings = Settings(db_path=tmp_path / "nothing.db", cache_dir=tmp_path / "cache")
    answer = lazy_answerer(settings)("자료구조 교재가 뭐야?")
    assert isinstance(answer, Answer)
    assert answer.kind == "error" and "python -m assistant build" in answer.message
    assert not (tmp_path / "nothing.db").exists()  # asking never builds


def test_the_chat_checks_input_before_loading_anything(tmp_path: Path) -> None:
    from ui.app import lazy_answerer

    settings = Settings(db_path=tmp_path / "nothing.db", cache_dir=tmp_path / "cache")
    assert "질문" in lazy_answerer(settings)("").message
    assert not (tmp_path / "cache").exists()  # nothing was loaded
