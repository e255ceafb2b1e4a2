"""Conversation turns: what a message means after an earlier answer (pure functions, no model).

- :func:`ordinal` — "두 번째 거": one course of the list the last answer gave;
- :func:`asks_more` — "다른 건 없어?": more courses for the last search;
- :func:`among` — "그 중에 교양은?": the last list, narrowed;
- :func:`asks_leads_to` — "듣고 나면 뭐 들을 수 있어?": the courses a course opens;
- :func:`follows_up` — "몇 학년이야?": a short question about the course under discussion;
- :func:`history_text` — the text of one chat message, whatever form the UI sends.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from .question import FIELD_PATTERNS, PARTICLES, content_words, normalize_question
from .searches import is_discovery

# "두 번째 거", "2번 과목", "마지막 수업": one of the courses the last answer listed
_ORDINAL = re.compile(r"(?:(첫|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*번\s*째"
                      r"|(?<![0-9])([1-9]|1\d)\s*번(?:\s*(?:째|과목|수업|강의|거|것|꺼)"  # "3번은?", "3번 몇 학년?"
                      r"|(?=[은는이가의]?\s*(?:[?？]|$)|[은는이가의]\s|\s*(?:몇|뭐|뭘|무슨|어느|어떤|누구|누가|언제|어디)))"
                      r"|(마지막))"
                      r"(?:\s*(?:거|것|꺼|건|껀|과목|수업|강의|강좌))?(?:은|는|이|가|의|에서)?")
_ORDINAL_WORDS = {"첫": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}


def ordinal(question: str) -> tuple[int, str] | None:
    """Which course of a listed answer the question points at ("두 번째 거 몇 학년이야?" -> 2,
    "마지막 수업 교재는?" -> -1) and the question less the pointer; ``None`` without one."""
    found = _ORDINAL.search(question)
    if found is None:
        return None
    word, digit, last = found.groups()
    n = -1 if last else int(digit) if digit else _ORDINAL_WORDS[word]
    return n, f"{question[:found.start()]} {question[found.end():]}".strip()


# "다른 건 없어?", "또 뭐 있어?", "비슷한 거 더 보여줘", "그 외에는?": more courses for the last search
_MORE = re.compile(r"(?<![가-힣])(?:다른|딴|또|더|말고|비슷한|나머지|다음|(?:그|이)\s*외(?:에|에는|엔|로|는)?)(?![가-힣])"
                   r"|(?<![가-힣])(?:더\s*)?(?:보여|찾아)[가-힣]*|(?<![가-힣])더\s*알려[가-힣]*")
# "그 중에 교양은?", "이 중에서 3학점짜리", "그 과목들 중에 파이썬 쓰는 거": the last list, narrowed
_AMONG = re.compile(r"(?<![가-힣])(?:그|이|저|위)\s*(?:(?:과목|수업|강의)들?\s*)?중(?:에서|에선|에는|에|엔)?(?![가-힣])")


# "듣고 나면 뭐 들을 수 있어?", "이수한 다음에 들을 과목", "후속 과목", "X를 선수과목으로 하는 과목"
_LEADS_TO = re.compile(r"(?:듣고|이수하고|수강하고|끝내고|마치고)\s*(?:나서|나면|난\s*(?:뒤|후|다음)|후에?|다음에?)"
                       r"|(?:들은|이수한|수강한|끝낸|마친)\s*(?:뒤|후|다음)"
                       r"|후속\s*(?:과목|수업|강의|과정)|다음\s*(?:단계|과정)\s*(?:과목|수업|강의)"
                       r"|선수\s*과목으로\s*(?:하는|두는|요구하는|삼는|지정한|지정된)"
                       r"|선수\s*과목(?:인|이\s*(?:되는|된))\s*(?:과목|수업|강의|거|것|게|건)"  # "X가 선수과목인 수업"
                       r"|(?:들어야|이수해야|수강해야)\s*(?:들을|수강할|신청할|이수할)\s*수\s*있는")  # "X 들어야 들을 수 있는 …"


def asks_leads_to(question: str) -> bool:
    """Whether the question asks which courses a course opens: those taken after it, which
    name it as their prerequisite ("그 과목 듣고 나면 뭐 들을 수 있어?", "후속 과목은?")."""
    return bool(_LEADS_TO.search(question))


# "둘 차이가 뭐야?", "두 과목 학점은?", "셋 다 교수님 누구야?": every course the last answer listed
_ALL_LISTED = re.compile(r"(?<![가-힣])(?:둘|셋|두\s*(?:과목|수업|강의|개|가지)|세\s*(?:과목|수업|강의|개|가지))"
                         r"(?:이|은|는|의|을|를|다|모두|중에?|간의?|사이의?)?(?![가-힣])")


def asks_all_listed(question: str) -> bool:
    """Whether the question asks about every course the last answer listed ("둘 차이가 뭐야?",
    "두 과목 학점 알려줘"), when that list is short."""
    return bool(_ALL_LISTED.search(question))


def asks_more(question: str) -> bool:
    """Whether a short question asks only for more courses than the last search listed
    ("다른 건 없어?", "또 뭐 있어?", "더 보여줘"): nothing else is named."""
    q = normalize_question(question)
    return len(q) <= FOLLOW_UP_CHARS and bool(_MORE.search(q)) and not content_words(_MORE.sub(" ", q))


def among(question: str) -> str | None:
    """What a question narrowing the last list asks for ("그 중에 교양은?" -> "교양은?"),
    ``None`` when it does not point into a list."""
    found = _AMONG.search(question)
    if found is None:
        return None
    return f"{question[:found.start()]} {question[found.end():]}".strip()


# how the course runs, asked of the course under discussion: "무슨 언어 써?", "과제 많아?", "영어로 해?"
_RUNS = re.compile(r"(?:무슨|어떤|어느|뭔)\s*(?:언어|툴|도구|프로그램|소프트웨어|방식)|(?:영어|한국어|원어|영강)(?:로|으로)?"
                   r"|(?<![가-힣])많(?:아|음|나|니|은가|은지|이)?(?![가-힣])"
                   r"|(?<![가-힣])(?:써|쓰나|쓰니|씀|쓰는지|해|하나|함|수업해|진행해)(?=\s*[?？.]?\s*$)")

FOLLOW_UP_CHARS = 30
"""Longest question read as a follow-up about the course under discussion without pointing at it."""


def follows_up(question: str, course_text: str) -> bool:
    """Whether a question that names no course, in a conversation about one (``course_text``:
    its title and description), asks about that course without pointing at it. It is short and
    no search ("…수업 있어?", "…배우고 싶어"), and what it names beside a catalog field and
    how a course runs is nothing ("몇 학년이야?", "강의실 어디야?", "팀플 있어?", "무슨 언어 써?") or
    is in that course's text ("광원도 배워?" of 식물공장론). Any other word starts a new topic:
    "로봇공학 궁금해", "네트워크 쪽은?"."""
    q = normalize_question(question)
    if len(q) > FOLLOW_UP_CHARS or is_discovery(q):
        return False
    rest = _RUNS.sub(" ", q)
    for pattern in FIELD_PATTERNS.values():
        rest = pattern.sub(" ", rest)
    words = [w for w in content_words(rest) if w not in PARTICLES]  # "어느 학과에서": "에서" is left
    own = unicodedata.normalize("NFKC", course_text).lower()
    return not words or all(w in own for w in words)


def history_text(content: Any) -> str:
    """Text of one chat message's content: a string, Gradio 6 content blocks, or a dict."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return str(content.get("text") or content.get("content") or "")
    if isinstance(content, (list, tuple)):
        return "\n".join(history_text(c) for c in content)
    return str(getattr(content, "text", "") or getattr(content, "content", "") or "")
