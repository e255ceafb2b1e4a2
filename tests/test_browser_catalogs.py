"""Browser test: the chat speaks for the catalog it serves. Two different catalogs, each in
its own app: the header names the catalog, every example shown is the catalog's own and gets
a confident answer citing one of its courses, and a lookup answer names the course in its
first sentence. Screenshots of both land in ``test-artifacts/``.

Runs on the fake embedder and reader (this checks the page and the answer logic, not the
models); skipped without Playwright or Chromium, like ``test_browser.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import TINY_COURSES, build_catalog, open_chat, require_browser, send_question, serve_locally

pytestmark = pytest.mark.browser
require_browser()

from assistant.settings import PROJECT_ROOT  # noqa: E402
from ui import app as ui_app  # noqa: E402

from ask_fakes import fake_assistant  # noqa: E402

ARTIFACTS = PROJECT_ROOT / "test-artifacts"

# a second catalog unlike the first: letter ids, a range id, another university's courses
OTHER_COURSES = [
    ("COR1016~COR1034", "알바트로스 세미나", "공통필수교양", "", "1", "", "신입생이 대학 생활에 적응하도록 돕는 세미나이다. "
     "전공 탐색과 진로 설계를 함께 한다."),
    ("HLU4015", "골프", "스포츠 실기 분야", "", "1", "", "골프의 기본 스윙과 규칙을 배우고 필드 에티켓을 익힌다. "
     "교재: 골프 교본"),
    ("SOC3009", "인구와발전", "사회학과", "", "3", "", "인구의 구조와 변화 과정을 다루고 인구와 사회 발전의 관계를 "
     "살펴본다. 평가: 중간 40%, 기말 60%"),
    ("MAT2110", "해석학1", "수학과", "", "3", "", "실수의 완비성, 수열과 급수, 연속함수의 성질을 엄밀하게 다룬다. "
     "교재: Principles of Mathematical Analysis"),
]


def make_app(folder: Path, name: str, rows):
    settings = build_catalog(folder, rows, name=name)  # the catalog is named after its file
    assistant = fake_assistant(settings)
    demo = ui_app.create_app(settings, assistant)
    return demo, assistant.store, serve_locally(demo, css=ui_app.APP_CSS), {r[0] for r in rows}


@pytest.mark.parametrize("name, rows, lookup", [
    ("공학대학 샘플", list(TINY_COURSES), ("자료구조 수업 있어?", "자료구조")),
    ("서강대 일부", OTHER_COURSES, ("골프 배울 수 있는 수업 있어?", "골프")),
])
def test_examples_and_header_belong_to_the_loaded_catalog(tmp_path: Path, browser, name, rows, lookup) -> None:
    demo, store, url, ids = make_app(tmp_path, name, rows)
    try:
        shown = json.loads(store.get_meta()["examples"])  # made when the app was created
        titles = {r[1] for r in rows}
        assert shown and all(any(t in q for t in titles) for q in shown)  # about this catalog's courses
        page, _ = open_chat(browser, url, viewport={"width": 1280, "height": 1000})
        assert name in page.locator("#header").inner_text()
        assert f"{len(rows)}개 과목" in page.locator("#header").inner_text()
        chat = page.locator("#chat")
        for question in shown:  # shown under the chat (rendered after the page opens: waited for)
            page.get_by_text(question, exact=True).first.wait_for(timeout=30_000)
        for i, question in enumerate(shown):
            send_question(page, question)
            answer = chat.locator(".ca-answer").nth(i)
            answer.wait_for(timeout=30_000)
            classes = answer.get_attribute("class") or ""
            assert re.search(r"ca-kind-(span|field|lookup)", classes), (question, answer.inner_text())
            assert ids & set(re.findall(r"[A-Z0-9~]{6,}", answer.inner_text())), (question, answer.inner_text())
        question, title = lookup
        send_question(page, question)
        last = chat.locator(".ca-kind-lookup").last
        last.wait_for(timeout=30_000)
        first_sentence = last.inner_text().split("\n")[0]
        assert first_sentence.startswith(f"네, 있어요: {title}")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"catalog-{len(rows)}.png"), full_page=True)
        page.close()
    finally:
        demo.close()
        store.close()
