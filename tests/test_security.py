"""The served app lets nobody in who should not be: Gradio's file routes refuse every file
outside what the app itself serves (the database and its index, the project's sources, the
model cache, system files), however the path is written. The app is started the way
``python -m ui`` starts it (``create_app`` + ``launch`` on 127.0.0.1), with a stub assistant,
and probed with ``urllib`` over loopback only. A few seconds: part of the normal unit run.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

gr = pytest.importorskip("gradio")

from assistant.records import Answer  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings, default_cache_dir  # noqa: E402
from assistant.store import CourseStore  # noqa: E402
from ui import app as ui_app  # noqa: E402

SECRET = "top-secret-7f3a"


class StubAssistant:
    def ask(self, question, history=None, filters=None) -> Answer:
        return Answer(question, question, "none", "찾지 못했습니다.")

    def filter_choices(self) -> dict:
        return {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("secure")
    db = folder / "catalog.db"
    store = CourseStore(db)
    store.set_meta(secret=SECRET)
    store.close()
    Path(folder / "catalog.faiss").write_text(SECRET)
    demo = ui_app.create_app(Settings(db_path=db), StubAssistant(), examples=[])
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                            quiet=True, css=ui_app.APP_CSS, **ui_app.LAUNCH_LIMITS)
    assert urllib.parse.urlsplit(url).hostname == "127.0.0.1"
    yield url.rstrip("/"), folder
    demo.close()


def targets(folder: Path) -> list[str]:
    cache = default_cache_dir()
    cached = next((p for p in cache.rglob("*") if p.is_file()), None) if cache.is_dir() else None
    return [
        str(folder / "catalog.db"), str(folder / "catalog.faiss"), str(folder), "/etc/passwd", "/proc/self/environ",
        "../../assistant/settings.py", "../assistant/settings.py", "assistant/settings.py",
        str(PROJECT_ROOT / "assistant" / "settings.py"), str(PROJECT_ROOT / "pyproject.toml"), "pyproject.toml",
        "db/sample_catalog.csv", str(PROJECT_ROOT / "db" / "sample_catalog.csv"), "tests/conftest.py",
        str(cache), *([str(cached)] if cached else []),
        "/tmp/gradio/../../etc/passwd", "//etc/passwd", "file:///etc/passwd",
    ]


ROUTES = ["/file=", "/gradio_api/file=", "/file/", "/gradio_api/file/", "/static/", "/assets/",
          "/gradio_api/static/"]


def encodings(path: str) -> list[str]:
    return [path, urllib.parse.quote(path, safe=""), urllib.parse.quote(urllib.parse.quote(path, safe=""), safe=""),
            path.replace("/", "%2f"), path.replace("../", "..%2f").replace("/", "/./")]


def fetch(url: str) -> tuple[int, bytes]:
    assert urllib.parse.urlsplit(url).hostname == "127.0.0.1"  # loopback only
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(4096)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(4096)


def test_no_file_outside_the_app_can_be_downloaded(served) -> None:
    base, folder = served
    served_files = []
    tried = 0
    for route in ROUTES:
        for target in targets(folder):
            for encoded in encodings(target):
                status, body = fetch(base + route + encoded)
                tried += 1
                if status not in (403, 404) or SECRET.encode() in body or b"root:" in body:
                    served_files.append((route + encoded, status, body[:60]))
    assert tried > 500
    assert not served_files, f"{len(served_files)} downloads were not refused, e.g. {served_files[:5]}"


def test_the_app_itself_is_still_served(served) -> None:
    base, _ = served
    assert fetch(base + "/")[0] == 200
    status, body = fetch(base + "/config")
    assert status == 200 and ui_app.TITLE in body.decode("utf-8", "replace") and SECRET.encode() not in body


def test_the_rate_limit_sees_the_session_of_a_served_request(served) -> None:
    """Gradio hands each request's session to the handlers: one API client flooding is
    limited (the default: RATE_LIMIT questions per window), a second client is not."""
    gradio_client = pytest.importorskip("gradio_client")
    base, _ = served
    flood = gradio_client.Client(base + "/", verbose=False)
    replies = [flood.predict("질문", None, None, None, api_name="/ask") for _ in range(ui_app.RATE_LIMIT[0] + 2)]
    limited = ["너무 빠르게" in r for r in replies]
    assert limited[: ui_app.RATE_LIMIT[0]] == [False] * ui_app.RATE_LIMIT[0] and limited[-1]
    other = gradio_client.Client(base + "/", verbose=False)
    assert "너무 빠르게" not in other.predict("질문", None, None, None, api_name="/ask")


def test_uploads_are_refused(served) -> None:
    base, _ = served
    boundary = "----x"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + b"0" * 100_000 + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/gradio_api/upload", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert urllib.parse.urlsplit(request.full_url).hostname == "127.0.0.1"
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status in (400, 413), status

