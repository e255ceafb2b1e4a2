"""Browser test: Playwright drives Debian's Chromium against the Gradio app.

A student types a question, presses 보내기, and sees the answer with its lecture id; the
citation expands to the source sentence with the answer highlighted; a catalog row holding
``<script>alert(1)</script>`` shows as text (no dialog fires). A screenshot is saved to
``test-artifacts/`` (git-ignored).

Setup: ``apt-get install -y chromium`` and ``pip install playwright`` (no browser download:
the system Chromium is used). The app runs on the fake embedder and reader, so this checks
the page, not the models.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: pip install playwright")
if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium", allow_module_level=True)
pytest.importorskip("gradio")

from assistant.ask import Assistant  # noqa: E402
from assistant.build import ingest  # noqa: E402
from assistant.retrieve import Retriever  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402
from assistant.store import CourseStore  # noqa: E402
from ui import app as ui_app  # noqa: E402

from ask_fakes import FakeReader  # noqa: E402
from conftest import TINY_COURSES, HashEmbedder, write_catalog  # noqa: E402

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SCRIPT = "<script>alert(1)</script>"
SCRIPT_ROW = ("2999999001", "보안코딩세미나", "컴퓨터공학과", "최보안", "2", "전공선택",
              f"보안 코딩 세미나의 교재: {SCRIPT} 예제와 <현대문학사> 인용 모음")
DS_IDS = sorted(r[0] for r in TINY_COURSES if r[1] == "자료구조")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("browser")
    catalog = write_catalog(folder / "catalog.csv", list(TINY_COURSES) + [SCRIPT_ROW])
    settings = Settings(db_path=folder / "browser.db", catalog_path=catalog, cache_dir=folder / "cache")
    ingest(catalog, settings, embedder=HashEmbedder(), progress=False)
    store = CourseStore(settings.db_path)
    assistant = Assistant(Retriever(store, HashEmbedder(), settings.index_path), FakeReader(), store)
    demo = ui_app.create_app(settings, assistant)
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                            quiet=True, css=ui_app.APP_CSS)
    yield url
    demo.close()
    store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    page.locator("#send").click()


def test_student_asks_and_sees_cited_answer(app_url: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.locator("#question textarea").wait_for(timeout=30_000)

    ask(page, "자료구조 교재가 뭐야?")
    chat = page.locator("#chat")
    answer = chat.locator(".ca-kind-span").last
    answer.wait_for(timeout=30_000)
    assert "Introduction to Algorithms" in answer.inner_text()
    assert any(lid in answer.inner_text() for lid in DS_IDS)
    assert page.locator("#question textarea").input_value() == ""  # cleared for the next question

    details = answer.locator("details").first
    details.locator("summary").click()
    mark = details.locator("mark")
    mark.wait_for(state="visible", timeout=5_000)
    assert mark.inner_text() == "Introduction to Algorithms"
    assert "자료구조" in page.locator("#sources").inner_text()

    # a follow-up resolved from the session's previous answer
    ask(page, "담당 교수는?")
    field = chat.locator(".ca-kind-field").last
    field.wait_for(timeout=30_000)
    assert "김철수" in field.inner_text() or "이영희" in field.inner_text()

    # catalog text with markup renders as text, and nothing runs
    ask(page, "보안코딩세미나 교재가 뭐야?")
    escaped = chat.locator(".ca-kind-span").last
    page.wait_for_function(
        "() => [...document.querySelectorAll('#chat .ca-kind-span')].some(e => e.innerText.includes('alert(1)'))",
        timeout=30_000)
    escaped = chat.locator(".ca-kind-span", has_text="alert(1)").last
    text = escaped.inner_text()
    assert SCRIPT in text and "<현대문학사>" in text
    assert page.locator("#chat script").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "browser-chat.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()


def test_user_markup_is_shown_as_text(app_url: str, browser) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.locator("#question textarea").wait_for(timeout=30_000)
    ask(page, "<img src=x onerror=alert(2)> 자료구조 교재?")
    page.locator("#chat .ca-answer").last.wait_for(timeout=30_000)
    assert "<img src=x onerror=alert(2)>" in page.locator("#chat").inner_text()
    assert page.locator("#chat img[src='x']").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []
    page.close()
