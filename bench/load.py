"""Load test of the chat app: N concurrent chat sessions through ``gradio_client``.

    python bench/load.py --db /tmp/load/sample.db --sessions 20 --seconds 60
    python bench/load.py --db /tmp/load/sample.db --sessions 8 --seconds 30 --concurrency 1

Starts the app (``ui.app.create_app`` over ``--db`` with the real models, on 127.0.0.1 and a
free port) in a subprocess, so the clients do not share the server's interpreter, then
drives ``--sessions`` chat sessions at once, each its own ``gradio_client.Client`` (its own
Gradio session, so follow-ups resolve against that session's conversation), for at most
``--seconds`` and at most ``--max-requests`` questions in all. Questions come from
``db/sample_questions.jsonl`` (or ``--questions``: JSONL with a ``question`` field, or one per
line): catalog-field, span and lookup questions, and now and then a follow-up ("담당 교수는?")
about the course the session is discussing. Each question goes through the ``/chat``
endpoint, the one the browser uses.

Prints requests sent, answered, errors (a request that raised or timed out), lost answers
(requests that got no answer bubble back), the answer kinds, p50/p95/p99 latency and
throughput. Only loopback addresses are ever contacted (``--url`` must be one too). The
app's per-session rate limit is off unless ``--rate-limit`` is given (sessions here ask
back to back, faster than a person).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = ROOT / "db" / "sample_questions.jsonl"
FOLLOW_UPS = ["담당 교수는?", "몇 학점이야?", "그 과목 교재는?", "선수과목은?", "개설 학과는?", "평가 방법은?"]
FOLLOW_UP_SHARE = 0.3
KIND = re.compile(r"ca-kind-(\w+)")


# ----------------------------------------------------------------------------- loopback only


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` resolves to is a loopback address."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def require_loopback(url_or_host: str) -> None:
    host = urllib.parse.urlsplit(url_or_host).hostname if "://" in url_or_host else url_or_host
    if not host or not is_loopback(host):
        raise SystemExit(f"refusing {url_or_host!r}: the load test only talks to loopback addresses "
                         "(127.0.0.1, ::1, localhost)")


# ----------------------------------------------------------------------------- the server


def serve(args: argparse.Namespace) -> int:
    """``--serve``: the app over ``--db`` on 127.0.0.1; prints ``READY <url>`` and blocks."""
    require_loopback(args.host)
    from assistant.ask import Assistant
    from assistant.settings import Settings
    from ui import app as ui_app

    settings = Settings.from_env(db_path=args.db)
    assistant = Assistant.from_settings(settings)
    assistant.warm_up()
    rate_limit = (args.rate_limit, ui_app.RATE_LIMIT[1]) if args.rate_limit else None
    demo = ui_app.create_app(settings, assistant, concurrency_limit=args.concurrency, examples=[],
                             rate_limit=rate_limit)
    _, url, _ = demo.launch(server_name=args.host, server_port=args.port or free_port(args.host),
                            prevent_thread_lock=True, quiet=True, **ui_app.LAUNCH_LIMITS)
    print(f"READY {url} reader={'yes' if assistant.reader is not None else 'no'}", flush=True)
    ui_app.serve_until_interrupted(demo)
    return 0


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


SERVER_LOG: deque[str] = deque(maxlen=200)
"""The server's last output lines (shown when something goes wrong)."""


def start_server(args: argparse.Namespace) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", "--db", str(args.db), "--host", args.host,
               "--concurrency", str(args.concurrency), "--rate-limit", str(args.rate_limit)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    deadline = time.monotonic() + args.startup_timeout
    assert server.stdout is not None
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("READY "):
            threading.Thread(target=lambda: SERVER_LOG.extend(server.stdout), daemon=True).start()  # drain
            url, reader = line.split()[1], line.split()[2]
            print(f"server: {url} ({reader}, concurrency {args.concurrency})", flush=True)
            return server, url
    server.kill()
    raise SystemExit("the app did not start:\n" + "".join(lines[-40:]))


# ----------------------------------------------------------------------------- the clients


def load_questions(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        out.append(json.loads(line)["question"] if line.startswith("{") else line)
    if not out:
        raise SystemExit(f"no questions in {path}")
    return out


@dataclass
class Result:
    question: str
    seconds: float
    kind: str | None  # None: no answer came back
    error: str = ""


@dataclass
class Run:
    max_requests: int
    deadline: float
    sent: int = 0
    results: list[Result] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        """Count one more request, unless the time or the request budget is spent."""
        with self.lock:
            if self.sent >= self.max_requests or time.monotonic() >= self.deadline:
                return False
            self.sent += 1
            return True

    def add(self, result: Result) -> None:
        with self.lock:
            self.results.append(result)


def answer_text(chat: object) -> str:
    """The last bubble of a chat value returned by ``/chat``."""
    if not isinstance(chat, list) or not chat:
        return ""
    content = chat[-1].get("content") if isinstance(chat[-1], dict) else None
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) if isinstance(part, dict) else str(part) for part in content)
    return str(content or "")


def session(url: str, run: Run, questions: list[str], seed: int, timeout: float) -> None:
    from gradio_client import Client

    rng = random.Random(seed)
    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - counted as a failed session
        run.add(Result("(connect)", 0.0, None, f"{type(exc).__name__}: {exc}"))
        return
    focus = False
    while run.take():
        question = rng.choice(FOLLOW_UPS) if focus and rng.random() < FOLLOW_UP_SHARE else rng.choice(questions)
        started = time.perf_counter()
        try:
            job = client.submit(question, [], [], [], [], api_name="/chat")
            chat, _box, _sources = job.result(timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - every failure is a data point
            run.add(Result(question, time.perf_counter() - started, None, f"{type(exc).__name__}: {exc}"[:200]))
            continue
        elapsed = time.perf_counter() - started
        text = answer_text(chat)
        match = KIND.search(text)
        run.add(Result(question, elapsed, match.group(1) if match else None, "" if match else "no answer bubble"))
        focus = bool(match) and match.group(1) in {"span", "field", "lookup"}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def drive(url: str, args: argparse.Namespace, questions: list[str]) -> dict:
    require_loopback(url)
    from gradio_client import Client

    Client(url, verbose=False).predict(questions[0], [], [], [], [], api_name="/chat")  # warm, not counted
    run = Run(args.max_requests, time.monotonic() + args.seconds)
    started = time.perf_counter()
    threads = [threading.Thread(target=session, args=(url, run, questions, args.seed + i, args.timeout), daemon=True)
               for i in range(args.sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.seconds + args.timeout + 30)
    wall = time.perf_counter() - started
    answered = [r for r in run.results if r.kind is not None]
    errors = [r for r in run.results if r.kind is None and r.error != "no answer bubble"]
    lost = run.sent - len(answered)
    latencies = [r.seconds for r in answered]
    return {
        "url": url, "sessions": args.sessions, "seconds": args.seconds, "concurrency": args.concurrency,
        "sent": run.sent, "answered": len(answered), "errors": len(errors), "lost": lost,
        "kinds": dict(Counter(r.kind for r in answered).most_common()),
        "p50": percentile(latencies, 0.50), "p95": percentile(latencies, 0.95), "p99": percentile(latencies, 0.99),
        "mean": statistics.fmean(latencies) if latencies else float("nan"),
        "wall": wall, "throughput": len(answered) / wall if wall > 0 else 0.0,
        "error_examples": sorted({r.error for r in errors})[:5],
    }


def report(stats: dict) -> None:
    kinds = ", ".join(f"{k} {v}" for k, v in stats["kinds"].items()) or "-"
    print(f"sessions {stats['sessions']} x {stats['seconds']:g} s, app concurrency {stats['concurrency']}")
    print(f"requests sent      {stats['sent']}")
    print(f"answered           {stats['answered']}  ({kinds})")
    print(f"errors             {stats['errors']}")
    print(f"lost answers       {stats['lost']}")
    print(f"latency p50/p95/p99  {stats['p50']:.2f} / {stats['p95']:.2f} / {stats['p99']:.2f} s "
          f"(mean {stats['mean']:.2f} s)")
    print(f"throughput         {stats['throughput']:.2f} answers/s over {stats['wall']:.1f} s")
    for example in stats["error_examples"]:
        print(f"  error: {example}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python bench/load.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="database to serve (required unless --url)")
    parser.add_argument("--sessions", type=int, default=5, help="concurrent chat sessions (default 5)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to send questions (default 20)")
    parser.add_argument("--max-requests", type=int, default=10_000, help="questions in all, at most (default 10000)")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS,
                        help="JSONL with a 'question' field, or one question per line")
    parser.add_argument("--concurrency", type=int, default=8, help="the app's concurrency_limit (default 8, the app's)")
    parser.add_argument("--rate-limit", type=int, default=0,
                        help="the app's per-session questions per 10 s (default 0: off)")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to serve on (default 127.0.0.1)")
    parser.add_argument("--url", help="drive an app already running at this loopback URL instead")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one answer may take (default 120)")
    parser.add_argument("--startup-timeout", type=float, default=600.0, help="seconds the app may take to start")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    require_loopback(args.url or args.host)
    if args.serve:
        return serve(args)
    if args.sessions < 1 or args.seconds <= 0 or args.max_requests < 1:
        raise SystemExit("--sessions, --seconds and --max-requests must be positive")
    questions = load_questions(args.questions)
    if args.url:
        stats = drive(args.url, args, questions)
    else:
        if args.db is None or not args.db.is_file():
            raise SystemExit(f"no database at {args.db}: build one with "
                             "`python -m assistant ingest db/sample_catalog.csv --db PATH`")
        server, url = start_server(args)
        try:
            stats = drive(url, args, questions)
        except Exception:
            print("server output:\n" + "".join(list(SERVER_LOG)[-40:]), file=sys.stderr)
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    report(stats)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
    return 0 if stats["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
