"""Shared fixtures and helpers: a deterministic fake embedder, a tiny Korean catalog, catalog
files and databases built in tmp folders, settings, serving the app on a free localhost port
and driving it in a browser.

Nothing here touches the network, and nothing writes into the checkout: every catalog file,
database and index lives under pytest's tmp folders. Integration tests that need the real
base model get a session-scoped cache folder (``$COURSE_ASSISTANT_CACHE`` or the per-user
default), so the ~470 MB model folder is built at most once per machine, never per test.
"""

from __future__ import annotations

import csv
import os
import re
import socket
import unicodedata
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import Settings, default_cache_dir

CATALOG_HEADER = ["강의번호", "교과목명", "개설학과", "담당교수", "학점", "이수구분", "강의설명"]

DATA_STRUCTURES = ("스택, 큐, 트리, 그래프 같은 자료구조를 배운다. 각 자료구조의 시간 복잡도를 분석한다. "
                   "과제는 C 언어로 구현한다. 교재는 Introduction to Algorithms이다.")

# lecture_id, title, department, instructor, credits, course_type, description
TINY_COURSES: list[tuple[str, str, str, str, str, str, str]] = [
    ("2110170001", "현대문학비평론", "국어국문학과", "류성민", "3", "전공선택",
     "이 과목은 문학비평의 주요 이론을 다룬다. 형식주의 비평과 구조주의를 중점적으로 배운다. "
     "교재는 <현대문학사>를 사용한다. 평가는 중간고사와 기말 보고서로 한다."),
    ("2110152001", "국어학개론", "국어국문학과", "홍소영", "3", "전공필수",
     "음운론부터 의미론까지 국어학의 핵심 주제를 학습한다. 국어의 말소리와 단어 구조를 분석한다. "
     "매주 읽기 자료에 대한 응답문을 제출한다."),
    ("2150387001", "자료구조", "컴퓨터공학과", "김철수", "3", "전공필수", DATA_STRUCTURES),
    ("2150387002", "자료구조", "컴퓨터공학과", "이영희", "3", "전공필수", DATA_STRUCTURES),
    ("2150412001", "머신러닝입문", "컴퓨터공학과", "박민수", "3", "전공선택",
     "지도학습과 비지도학습의 기본 개념을 배운다. 선형회귀, 로지스틱 회귀, 신경망을 파이썬으로 실습한다. "
     "통계 기초 지식이 필요하다. 평가는 프로젝트 50%, 기말고사 50%이다."),
    ("2150499001", "웹보안실습", "컴퓨터공학과", "최보안", "2", "전공선택",
     "웹 애플리케이션의 보안 취약점을 실습한다. 예를 들어 <script>alert(1)</script> 같은 입력으로 "
     "XSS 공격을 재현한다. 방어 기법으로 입력 검증과 출력 인코딩을 배운다."),
    ("3120101001", "회계원리", "경영학과", "정회계", "3", "전공필수",
     "재무제표의 구성과 복식부기의 원리를 배운다. 분개와 전기, 시산표 작성을 연습한다. "
     "선수 과목은 없다."),
    ("3120250001", "경영학원론", "경영학과", "한경영", "2", "교양",
     "기업 경영의 기본 개념과 조직 관리를 소개한다. 마케팅, 인사, 재무의 기초를 사례로 공부한다. "
     "팀별 발표가 있다."),
]


def write_catalog(path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = CATALOG_HEADER, *,
                  encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write ``rows`` as a CSV catalog under ``header`` (default: the Korean headers)."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def build_catalog(folder: Path, rows: Sequence[Sequence[str]], embedder: object = None, *,
                  name: str = "tiny", header: Sequence[str] = CATALOG_HEADER, **settings: object) -> Settings:
    """Write ``rows`` (under ``header``) to ``folder/<name>.csv`` and ingest it into
    ``folder/<name>.db`` (index beside it; the catalog is named ``name``). ``embedder`` defaults
    to a :class:`HashEmbedder`; ``settings`` go to :class:`Settings` (``cache_dir`` defaults to
    ``folder/cache``)."""
    from assistant.build import ingest

    catalog = write_catalog(folder / f"{name}.csv", rows, header)
    settings.setdefault("cache_dir", folder / "cache")
    built = Settings(db_path=folder / f"{name}.db", catalog_path=catalog, **settings)  # type: ignore[arg-type]
    ingest(catalog, built, embedder=embedder or HashEmbedder(), progress=False)
    return built


def loaded_script(relative: str, name: str):
    """Import a script of the project (``scripts/…``, ``bench/…``) as a module named
    ``name`` for the duration of a fixture: ``yield from loaded_script(...)``."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent.parent / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(name, None)


def free_port() -> int:
    """A localhost TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- browser tests (Playwright driving the system Chromium) ------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def require_browser():
    """Playwright's sync API; skips the calling module without Playwright, Chromium or Gradio."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install playwright")
    if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium", allow_module_level=True)
    pytest.importorskip("gradio")
    return sync_api


def open_chat(browser, url: str, **new_page: object):
    """A page on the chat app at ``url``, ready for a question, and the list that collects
    the messages of its dialogs (each dismissed; any dialog means page script ran)."""
    page = browser.new_page(**new_page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.locator("#question textarea").wait_for(timeout=30_000)
    return page, dialogs


def send_question(page, question: str) -> None:
    """Type ``question`` into the chat box and press 보내기."""
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()


def serve_locally(demo, **launch: object) -> str:
    """Launch a Gradio app on a free localhost port without blocking; its URL."""
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                            quiet=True, **launch)
    return url


_TOKEN = re.compile(r"\w+")


_COURSE_TEXT = re.compile(r"^[^:()]+ \([^():]+\)$")  # a course head: "title (department)"


class HashEmbedder:
    """Deterministic fake :class:`assistant.embed.TextEmbedder`.

    Each text becomes a bag of character bigrams (within words, lowercased, NFKC) plus whole
    words, hashed with CRC32 into ``dim`` buckets and L2-normalized, so texts sharing words
    are close. ``calls`` records every batch it was asked to embed.
    """

    def __init__(self, dim: int = 128, model_id: str = "hash-test") -> None:
        self.model_id = model_id
        self._dim = dim
        self.calls: list[tuple[list[str], bool]] = []

    @property
    def dimension(self) -> int:
        return self._dim

    @property
    def embedded_texts(self) -> list[str]:
        """Every sentence text embedded so far (queries and course-level texts excluded)."""
        return [t for texts, query in self.calls if not query for t in texts if not _COURSE_TEXT.match(t)]

    @property
    def course_texts(self) -> list[str]:
        """Every course-level text embedded so far ("title (department)")."""
        return [t for texts, query in self.calls if not query for t in texts if _COURSE_TEXT.match(t)]

    def vector(self, text: str) -> np.ndarray:
        v = np.zeros(self._dim, dtype=np.float32)
        for word in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
            v[zlib.crc32(("w:" + word).encode()) % self._dim] += 0.5
            for i in range(len(word) - 1):
                v[zlib.crc32(word[i : i + 2].encode()) % self._dim] += 1.0
            if len(word) == 1:
                v[zlib.crc32(word.encode()) % self._dim] += 1.0
        norm = float(np.linalg.norm(v))
        if norm == 0.0:
            v[0] = 1.0
            return v
        return v / norm

    def run(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        self.calls.append((list(texts), query))
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return np.stack([self.vector(t) for t in texts]).astype(np.float32)


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="module")
def browser():
    """A headless system Chromium (browser tests; skipped where there is none)."""
    with require_browser().sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def tiny_built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The tiny catalog ingested once per session with the :class:`HashEmbedder`.

    Shared: read it, never change it (copy the database first, as ``test_ask`` does).
    """
    return build_catalog(tmp_path_factory.mktemp("tiny-built"), TINY_COURSES)


@pytest.fixture
def tiny_catalog(tmp_path: Path) -> Path:
    """A small CSV catalog: 8 courses, 3 departments, one pair of sections."""
    return write_catalog(tmp_path / "tiny_catalog.csv", TINY_COURSES)


@pytest.fixture(scope="session")
def model_cache_dir() -> Path:
    """Shared cache folder for the real base model (never a fresh tmp dir per test)."""
    env = os.environ.get("COURSE_ASSISTANT_CACHE")
    return Path(env).expanduser() if env else default_cache_dir()


@pytest.fixture
def settings(tmp_path: Path, tiny_catalog: Path, model_cache_dir: Path) -> Settings:
    return Settings(db_path=tmp_path / "t.db", catalog_path=tiny_catalog, cache_dir=model_cache_dir)
