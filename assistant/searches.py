"""Requests for courses: whether a question asks which courses exist at all
(:func:`is_discovery`), what to search with (:func:`search_text`), the noun it asks about
(:func:`asked_topic`), courses besides one it names (:func:`asks_besides`), a piece of
information rather than courses (:func:`asks_information`), a yes or no
(:func:`asks_yes_or_no`), or whether a course uses a tool (:func:`asks_uses`). The rest of a
question's analysis is :mod:`assistant.question`."""

from __future__ import annotations

import re
import unicodedata

from .question import ASKS_OWN, SET_ASIDE, content_words, reference_span, refers_back, title_span

# The pieces of a request for courses, shared by the patterns below.
_COURSE = r"수업|과목|강의|강좌|교과목"  # the course nouns
_PARTICLES = r"(?:이|가|은|는|도|을|를|으로|로|좀|들|또|더|\s)*"
# "…수업 있어?", "…과목 추천해줘", "…강의 열려?": what is asked of the course noun
_ASK = (r"있|없|알려|추천\s*(?:해|좀|부탁|받)|찾(?:아|고|는|을)|뭐\s*있|뭐가\s*있|어디|어떤\s*게|듣고\s*싶|들을\s*수"
        r"|배울\s*수")
_OFFERED = r"열(?:려|림|리나|리니|리는지|릴까)|개설\s*(?:돼|되|됐|된|해|하)"  # "열려?", "개설돼?"
_WHICH = r"무슨\s*(?:수업|과목|강의)\s*(?:들|을|를|이|가)?\s*(?:들어|들으|있)"  # "무슨 수업 들어?"
# "배우는 수업", "다루는 과목": what the course does, before its noun
_DOES = r"배우는|다루는|듣는|가르치는|공부하는|배울\s*수\s*있는|하는"
_WANT = r"(?:배우고|공부하고|알고|듣고|해보고|(?:만들어|들어|배워|공부해)\s*보고)\s*싶"  # "배우고 싶어"
_FIND = r"(?:수업|과목)\s*(?:찾|추천)"  # "수업 찾는 중", "과목 추천"
_ENGLISH = r"\bis there\b|\bany (?:course|class)|\b(?:want|like) to (?:learn|study|take)\b|\bcourses? (?:on|about)\b"

# "…수업 있어?", "…다루는 과목 알려줘", "…배우고 싶어요": the student wants courses.
_DISCOVERY = re.compile(
    rf"(?:{_COURSE}|(?:교양|전공)(?:필수|선택|기초)?|전필|전선|교필|교선|클래스|것|거|게)"
    rf"{_PARTICLES}\s*"
    rf"(?:{_ASK}|잇(?:나|어|을|는|음)|목록|리스트|(?:뭐|뭘)\s*들어야|{_OFFERED})"  # "잇나": a typo of 있나
    rf"|어떤\s*(?:수업|과목|강의|강좌)|{_WHICH}"
    rf"|(?:{_DOES}|알려주는)\s*(?:{_COURSE}|교양|전공)"
    rf"|{_WANT}|{_FIND}|(?:뭐|뭘|무엇을|어떤\s*거)\s*(?:들을까|듣지|들을지|들으면\s*좋)"
    r"|관련(?:된)?\s*(?:거|것|게|건)?\s*(?:있|뭐)"
    rf"|{_ENGLISH}",
    re.I)

# With a course named, only a request for courses is a search ("X 같은 수업 있어?", "X 말고 다른
# 과목 추천해줘"): "X 과제는 어떤 게 있어요?" and "X는 어떤 학생 대상으로 하는 수업이야?" ask about X.
_DISCOVERY_NAMED = re.compile(
    rf"(?:{_COURSE}|교양|전공|클래스){_PARTICLES}\s*(?:{_ASK}|{_OFFERED})"
    rf"|{_WHICH}"
    rf"|(?:{_DOES}|알려주는)\s*(?:{_COURSE}|교양|전공)(?:이|은|는|도|좀|들|\s)*\s*(?:뭐|뭔|무엇|어떤|어느|알려|추천)"
    rf"|(?<![가-힣])(?:{_OFFERED})"  # "X 열려?": is X offered
    rf"|{_WANT}|{_FIND}"
    rf"|{_ENGLISH}",
    re.I)

# "딥러닝 수업은?", "통계 관련은?", "게임 관련 과목?": a topic and a course noun, nothing asked of it
_TOPIC_ONLY = re.compile(r"(?:(?:수업|과목|강의|강좌|교과목)(?:은|는|도|들|들은)?|관련(?:된|한)?\s*(?:거|것|건|게|수업|과목|강의)?"
                         r"(?:은|는|도|들|들은)?)\s*[?？.]*\s*$")


def is_discovery(question: str, *, named: bool = False) -> bool:
    """True when the student asks whether / which courses exist. With a course ``named`` in
    the question, only a request for courses counts: "X 과제는 어떤 게 있어요?" asks about X.
    A topic with a course noun and nothing else ("딥러닝 수업은?") asks for courses too."""
    if (_DISCOVERY_NAMED if named else _DISCOVERY).search(question):
        return True
    return not named and bool(_TOPIC_ONLY.search(question)) and not refers_back(question) \
        and bool(content_words(_TOPIC_ONLY.sub(" ", question)))


_LAUGHTER = re.compile(r"[ㅋㅎㅠㅜ]+|[!~]+|\^\^|;;+")
_REQUEST_TAIL = re.compile(
    rf"\s*(?:(?:{_DOES}|들을\s*수\s*있는)\s*)?"
    rf"(?:{_COURSE}|교양|전공\s*수업|체육\s*수업|클래스)(?:이|은|는|도|을|를|좀)?\s*"
    r"(?:있(?:어|나|나요|을까요|을까|어요|음|니|는지|습니까)?|뭐\s*있(?:어|음|어요|나요)?|알려\s*(?:줘|주세요)?|추천.*)"
    r"\s*[?？.]*\s*$")


# "볼링 수업", "스페인어 강의", "골프 배울 수 있는": the word a request for courses is about
_ASKED_TOPIC = re.compile(r"([가-힣]{2,})\s+(?:(?:제대로|좀|직접|따로|같이|한번|꼭|잘|더)\s+)?"
                          rf"(?:{_COURSE}|클래스|배우|배울|배워|공부하|(?:알려|가르쳐)\s*주는\s*(?:{_COURSE}))")
# a verb's form before the request, not a noun: "어떻게 하는지 배우는", "만들어보는 수업", "받으면서 배울"
_VERB_FORM = re.compile(r"(?:[는은건던]지|[아어여워와해려러춰줘봐]보|면서|에서|는)$")


# "볼링 치는 수업", "바둑 두는 법 가르쳐주는 수업": the noun a short verb of doing it follows
# (not an adverb or a verb's form: "안전하게 보내는 법", "박자 잡아주며 이끄는 법", "준비하려는데 도움")
_DONE_TOPIC = re.compile(r"([가-힣]{2,})\s+[가-힣]{1,2}는\s+(?:(?:법|거|것)\s+)?"
                         rf"(?:{_COURSE}|클래스|배우|배울|배워|공부하|(?:알려|가르쳐)\s*주는\s*(?:{_COURSE}))")
_NOT_A_NOUN = re.compile(r"(?:게|고|며|지|데|서|면|까지|부터|도록)$")


def asked_topic(question: str) -> str | None:
    """The noun a request for courses names right before its course noun or its "배우다"
    ("볼링 수업도 있어?" -> "볼링", "스페인어 배우고 싶은데" -> "스페인어"), or before a short
    verb of doing it ("볼링 치는 수업" -> "볼링"), written bare (no particle); ``None``
    otherwise ("배우는 수업", "그런 강의", "추수까지 배우는")."""
    text = unicodedata.normalize("NFKC", question)
    for pattern in (_ASKED_TOPIC, _DONE_TOPIC):
        for found in pattern.finditer(text):
            if _bare_noun(found[1]) and (pattern is _ASKED_TOPIC or not _NOT_A_NOUN.search(found[1])):
                return found[1]
    return None


def topic_kind(question: str, topic: str) -> str | None:
    """The bare noun written right before ``topic`` that says which kind of it is asked for
    ("낚시 기술 가르쳐주는 수업" -> "낚시", "캔들 공예 수업" -> "캔들"), or ``None``."""
    text = unicodedata.normalize("NFKC", question)
    for found in re.finditer(rf"(?<![0-9A-Za-z가-힣])([가-힣A-Za-z]{{2,}})\s+{re.escape(topic)}", text):
        if _bare_noun(found[1]) and not _NOT_A_NOUN.search(found[1]):
            return found[1]
    return None


def _bare_noun(word: str) -> bool:
    """Whether ``word`` is a noun written bare: its own one content word, no particle, not a
    verb's form ("추수까지", "제대로" and "치는" are not)."""
    return content_words(word) == [word.lower()] and not _VERB_FORM.search(word)


def search_text(question: str) -> str:
    """What to search with: the question without laughter and emoticons (ㅋㅋ, ㅠㅠ) and
    without the request that closes it ("…배우는 수업 있어?"), which every course matches."""
    text = _LAUGHTER.sub(" ", question)
    stripped = _REQUEST_TAIL.sub(" ", text)
    text = stripped if len(stripped.strip()) >= 4 else text
    return " ".join(text.split()) or question


_BESIDES = re.compile(rf"[^0-9a-z가-힣]*(?:은|는|을|를)?\s*(?:{SET_ASIDE}|대신)")


_WH = re.compile(rf"뭐|뭘|무엇|어떡|{ASKS_OWN}")


def asks_information(question: str) -> bool:
    """Whether ``question`` asks for a piece of information (언제, 어디, 어떻게, 몇, 누구 …),
    not only for courses: "수강신청 며칠부터야?", "학식 메뉴 뭐야?"."""
    return bool(_WH.search(question))


_WHICH = re.compile(r"어떤|어느|무슨|어땠|어때")
_TERM = re.compile(r"이번\s*학기|다음\s*학기|금\s*학기|올해|내년|이번에|\d{4}\s*년")
_OFFERED_RE = re.compile(_OFFERED)


def asks_when_offered(question: str) -> bool:
    """Whether ``question`` asks if courses are offered in a given term ("운영체제 이번 학기
    열려?", "다음 학기에 머신러닝 수업 개설돼?"), which a catalog does not say."""
    return bool(_TERM.search(question) and _OFFERED_RE.search(question))


def asks_yes_or_no(question: str) -> bool:
    """Whether ``question`` asks yes or no ("딥러닝도 배워?", "팀플 있어?"): no question word
    (뭐, 언제, 어떤, 무슨 …) in it."""
    return not _WH.search(question) and not _WHICH.search(question)


# "파이썬으로 해도 돼?", "R도 써?", "C언어 쓰나요?", "파이썬도 가르쳐줘?": a tool, language or
# program asked about by a verb of using it (the first such object; "과제 해도" names no tool)
_USES = re.compile(r"(?<![A-Za-z0-9가-힣])(?P<x>[A-Za-z][A-Za-z0-9+#.]*|[가-힣A-Za-z]{2,}?)"
                   r"\s*(?:도|로|으로|을|를|만)?\s*"
                   r"(?:써|쓰(?:나|니|는|면|여|이|고)|사용|활용|가르쳐|가르치|(?:해도|짜도|코딩해도)\s*(?:돼|되|괜찮))")
# what is used or written that is no tool: the course's work ("감상문 써야 돼?"), a tool named only
# by its kind ("엑셀 같은 프로그램 써?"), a pronoun, or an adverb ("따로 활용하는 자료")
_NOT_A_TOOL = re.compile(r"과제|수업|강의|과목|시험|발표|레포트|리포트|보고서|감상문|논문|에세이|글|실습|프로젝트|팀플"
                         r"|프로그램|툴|도구|언어|소프트웨어|자료|그거|이거|저거|뭐|뭘"
                         r"|따로|같이|많이|자주|직접|한번|차근차근|잘|좀|꼭|더|그냥|주로|다")


def asks_uses(question: str) -> str | None:
    """What a yes-or-no question asks whether the course uses or teaches ("뇌정보처리 수업
    파이썬으로 해도 돼?" -> "파이썬", "R도 써?" -> "R"), or ``None``: no verb of using, a
    question word, or the object is the course's work ("과제 해도 돼?"), not a tool."""
    if not asks_yes_or_no(question):
        return None
    for found in _USES.finditer(unicodedata.normalize("NFKC", question)):
        word = found["x"]
        if not _NOT_A_TOOL.fullmatch(word) and not re.search(r"(?:에서|에게|한테|에|께|때)$", word):
            return word
    return None


def asks_besides(text: str, title: str | None = None) -> bool:
    """Whether ``text`` asks for courses other than ``title`` ("운영체제 말고 다른 과목", "X 대신"), or
    than the course it points back at when no title is given ("그 과목 말고 다른 수업 있어?")."""
    low = unicodedata.normalize("NFKC", text).lower()
    span = reference_span(low) if title is None else title_span(low, title)
    return span is not None and bool(_BESIDES.match(low, span[1]))
