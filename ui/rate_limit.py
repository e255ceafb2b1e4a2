"""Per-session rate limiting for the chat app: at most so many questions in a sliding
window for each Gradio session, and the Korean "slow down" answer given instead of asking
the assistant. :mod:`ui.app` applies it to the chat and to the ``ask`` API endpoint.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from assistant.records import Answer

RATE_LIMIT = (10, 10.0)
"""Default per-session limit: at most 10 questions in any 10 seconds. A person (even clicking
every example question) stays below it; a script flooding from one session does not."""
MSG_RATE_LIMITED = "질문이 너무 빠르게 이어지고 있습니다. {wait}초 뒤에 다시 질문해 주세요."


class RateLimiter:
    """At most ``limit`` questions per ``window`` seconds for each session (a sliding window).

    Sessions are keyed by Gradio's ``session_hash`` (one per browser tab or API client);
    sessions idle for a whole window are forgotten, so memory stays bounded.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a rate limit needs limit >= 1 and window > 0")
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._next_prune = clock() + window

    def wait(self, session: str) -> float:
        """0 when ``session`` may ask now (the question is counted), else the seconds to wait."""
        now = self.clock()
        with self._lock:
            if now >= self._next_prune:  # forget idle sessions, at most once a window
                self._seen = {k: q for k, q in self._seen.items() if q and now - q[-1] < self.window}
                self._next_prune = now + self.window
            times = self._seen.setdefault(session, deque())
            while times and now - times[0] >= self.window:
                times.popleft()
            if len(times) >= self.limit:
                return self.window - (now - times[0])
            times.append(now)
            return 0.0


def session_of(request: Any) -> str:
    """The session a request belongs to (Gradio's ``session_hash``; ``""`` when unknown)."""
    return str(getattr(request, "session_hash", None) or "")


def rate_limited_answer(question: str, wait: float) -> Answer:
    """The Korean "slow down" answer (the assistant is not asked)."""
    return Answer(question=question, resolved_question=question, kind="error",
                  message=MSG_RATE_LIMITED.format(wait=max(1, int(wait + 0.999))))
