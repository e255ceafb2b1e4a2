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

import pytest

from conftest import TINY_COURSES, build_catalog, open_chat, require_browser, send_question, serve_locally

pytestmark = pytest.mark.browser
require_browser()

from assistant.settings import PROJECT_ROOT  # noqa: E402
from ui import app as ui_app  # noqa: E402

from ask_fakes import fake_assistant  # noqa: E402

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SCRIPT = "<script>alert(1)</script>"
SCRIPT_ROW = ("2999999001", "보안코딩세미나", "컴퓨터공학과", "최보안", "2", "전공선택",
              f"보안 코딩 세미나의 교재: {SCRIPT} 예제와 <현대문학사> 인용 모음")
DS_IDS = sorted(r[0] for r in TINY_COURSES if r[1] == "자료구조")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    settings = build_catalog(tmp_path_factory.mktemp("browser"), list(TINY_COURSES) + [SCRIPT_ROW], name="browser")
    assistant = fake_assistant(settings)
    demo = ui_app.create_app(settings, assistant)
    yield serve_locally(demo, css=ui_app.APP_CSS)
    demo.close()
    assistant.store.close()


def test_student_asks_and_sees_cited_answer(app_url: str, browser) -> None:
    page, dialogs = open_chat(browser, app_url, viewport={"width": 1280, "height": 900})

    send_question(page, "자료구조 교재가 뭐야?")
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
    send_question(page, "담당 교수는?")
    field = chat.locator(".ca-kind-field").last
    field.wait_for(timeout=30_000)
    assert "김철수" in field.inner_text() or "이영희" in field.inner_text()

    # catalog text with markup renders as text, and nothing runs
    send_question(page, "보안코딩세미나 교재가 뭐야?")
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
    page, dialogs = open_chat(browser, app_url)
    send_question(page, "<img src=x onerror=alert(2)> 자료구조 교재?")
    page.locator("#chat .ca-answer").last.wait_for(timeout=30_000)
    assert "<img src=x onerror=alert(2)>" in page.locator("#chat").inner_text()
    assert page.locator("#chat img[src='x']").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []
    page.close()
