"""Question analysis: what a student's message asks, before anything is retrieved.

Pure functions over the question text (no database, no model):

- :func:`normalize_question` — NFC, control characters out, whitespace collapsed;
- :func:`asked_fields` — the catalog fields the question *asks for* (담당 교수, 학점, 선수과목,
  교재 …). A field word alone is not a question: "정준각 교수님 텍스트마이닝 실습 무슨 툴로
  해요?" names a professor but asks about a tool, so no field fires and the reader answers;
- whether it asks for courses at all ("…배우는 수업 있어?") is :mod:`assistant.searches`;
- :func:`content_words` — the words that can identify a topic (particles and endings off,
  question words and attribute nouns out), for keyword coverage and "not found" messages;
- :func:`bare_mention` — a course named with nothing asked about it ("CSE4175 뭐야?");
- :func:`asks_overview` — the rest of a question that names a course asks only what it is
  ("…는 어떤 수업이야?", "소개해줘");
- :func:`small_talk` — a greeting, thanks or goodbye and nothing else;
- :func:`refers_back` — "그 과목", "거기": the course under discussion.

What a turn means in a conversation lives in :mod:`assistant.turns`; lecture-id forms in
:mod:`assistant.ids`.

The Korean particle list lives here once (:data:`PARTICLES`); the reader's span trimming
and the keyword coverage use it.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 1000
"""Longest question accepted (characters, after trimming)."""

PARTICLES: frozenset[str] = frozenset(
    "은 는 이 가 을 를 의 에 에서 에게 께 으로 로 와 과 도 만 까지 부터 이다 였다 이며 이고 "
    "이라는 라는 으로서 로서 께서 한테 보다 처럼 이나 나 에는 에서는 으로는 로는 이라고 라고 인 "
    "이었다 였으며 이었으며 에서의 으로의 로의 이랑 랑 하고 이야 야 요 예요 이에요 인가요 인가 인지 "
    "짜리 에서도".split())
"""Particles and copulas Korean glues to a noun ("문학비평을", "자료구조는")."""

_PARTICLES_LONGEST = tuple(sorted(PARTICLES, key=len, reverse=True))

LETTERS = re.compile(r"[가-힣A-Za-z]")
HANGUL = re.compile(r"[가-힣]")
_LATIN = re.compile(r"[A-Za-z]")
# control (C0, C1), zero-width, bidi-override and lone surrogate code points (a surrogate
# half cannot be encoded as UTF-8: tokenizers and SQLite reject it)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                      r"\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")
_WORDS = re.compile(r"[가-힣A-Za-z0-9]+")

# "그 과목", "이 수업", "해당 강의", "거기", "그거" … refer back to the course under discussion.
_REFERS_BACK = re.compile(
    r"(?<![가-힣])(?:그|이|저|해당|위|앞|같은)\s*(?:과목|수업|강의|강좌|교과목|클래스)"
    r"|(?<![가-힣])(?:거기|그거|그것|그건|그게|이거|이것|이건|이게|저거)(?![가-힣]{2})")

# What turns a field word into a question about that field: a question word, a request, or
# the end of the message right after it ("담당 교수는?", "학점 몇이야", "교재 알려줘").
_ASK = (r"(?:\s*(?:은|는|이|가|을|를|도|좀|이랑|랑|요))?\s*"
        r"(?:누구|누가|뭐|뭔|뭘|무엇|몇|얼마|어디|어느|어떤|어떻게|어때|무슨|알려|궁금|확인|말해"
        r"|있(?:어|나|니|을까|는지|습니까)|\?|$)")


def _ask(word: str) -> str:
    return f"(?:{word}){_ASK}"


FIELD_PATTERNS: dict[str, re.Pattern[str]] = {
    "instructor": re.compile(
        _ask(r"(?:담당\s*)?(?:교수님?|교수진|강사|선생님|교원)(?!\s*(?:법|학습|설계|매체|요목|전략))")
        + r"|누가\s*(?:가르|강의|수업|맡|담당)|가르치는\s*(?:분|사람|교수)|담당\s*교수"
        r"|\bwho\s+teach|\binstructor\b|\bprofessor\b", re.I),
    "credits": re.compile(
        r"몇\s*학점|" + _ask(r"(?<!\d)학점") + r"|(?<!\d)(?<!\d\s)학점\s*짜리|\d\s*학점\s*(?:이야|인가|이에요|맞)"
        r"|\bcredits?\b", re.I),
    "department": re.compile(
        r"개설\s*(?:학과|전공|학부)|(?:어느|무슨|어떤|어디)\s*(?:학과|학부|전공|과에서|과\s*수업|과\s*과목|과야)"
        + "|" + _ask(r"(?:소속\s*)?(?:학과|학부)(?:\s*(?:구분|분류|항목|이름|명))?(?:\s*(?:이|가|은|는|에|에는))?(?:\s*(?:뭐로|어떻게|뭐라고)\s*(?:돼|되어|적혀))?")
        + r"|(?:어느|무슨|어떤)\s*(?:분야|계열)\s*(?:소속|과목)?|소속(?:이|은)?\s*(?:어디|뭐|\?)|어디\s*소속"
        r"|어디서\s*(?:개설|열어|열리)|\bdepartment\b", re.I),
    "course_type": re.compile(
        r"이수\s*구분|(?:전공|교양)\s*(?:필수|선택)?\s*(?:이야|인가|인지|이에요|예요|입니까|과목이야|과목인가|이냐|냐|임\s*[?？]|임$)"
        r"|(?:전필|전선|교필|교선)\s*(?:이야|인가|인지|이에요|예요|이냐|냐|임|\?|$)"
        r"|(?:필수|선택)\s*(?:과목)?\s*(?:이야|야|임|인가|인지|이에요|예요|이냐|냐|맞)"
        r"|(?:무슨|어떤|어느)\s*교양\s*(?:영역|분류|구분)|교양\s*영역(?:은|이)?\s*(?:뭐|어디|어떻게)"  # "무슨 교양 영역이야?"
        r"|(?:무슨|어떤|어느)\s*영역(?:으로|에\s*(?:속|들어|해당|인정)|이야|인가|인지|이에요|이냐)"),
    "lecture_id": re.compile(r"(?:강의|학수|과목|강좌)\s*(?:번호|코드)|\b(?:lecture|course)\s+(?:id|number|code)\b",
                             re.I),
    "prerequisites": re.compile(
        r"선수\s*(?:과목|강\s*과목|과목은|요건|조건|지식)|선이수|선수강"
        r"|(?:먼저|미리|전에|앞서)\s*(?:뭘\s*|뭐\s*|무슨\s*과목\s*)?(?:들어야|이수해야|수강해야|들어\s*놔야|듣고\s*와야)"
        r"|(?:들으려면|들을려면|수강하려면|신청하려면)\s*(?:뭐|뭘|무슨\s*과목|어떤\s*과목)\S*\s*(?:먼저\s*)?"
        r"(?:들어야|이수해야|수강해야|들어\s*놔야)"
        r"|\bprerequisites?\b", re.I),
    "textbook": re.compile(
        r"교재|교과서|주\s*교재|부\s*교재|참고\s*(?:서|문헌|도서)|" + _ask(r"(?:책|텍스트북)") + r"|\btext\s*books?\b",
        re.I),
    "evaluation": re.compile(
        r"평가\s*(?:방법|방식|기준|비율|비중|요소)|성적\s*(?:평가|산출|비율|비중|기준|은\s*어떻게|어떻게)"
        r"|(?:시험|과제|출석)\s*(?:비율|비중|반영)|\bgrading\b", re.I),
    "year": re.compile(r"몇\s*학년|학년\s*(?:은|이)?\s*(?:몇|\?|$)|대상\s*학년|몇\s*학기|학년\s*학기|전\s*학년"
                      r"|학년\s*(?:제한|상관|제약)|\d\s*학년(?:도|이|만|부터)?\s*(?:들을|수강|신청|들어도)"),
    # "몇 시에" is when; "몇 시간씩" is how long, which a description states ("이론 2시간 실습 2시간")
    "schedule": re.compile(r"(?:수업|강의)\s*시간|몇\s*(?:시(?!간)|교시)|무슨\s*요일|요일|시간표"),
    "exam_date": re.compile(r"(?:시험|중간고사|기말고사|중간|기말|퀴즈|발표|개강|종강|마감)\S{0,2}\s*(?:날짜|일정|날|언제|며칠|몇\s*일)"),
    "classroom": re.compile(r"강의실|교실|어디서\s*(?:수업|강의)|몇\s*호관|호실"),
    # "몇 명" is the seats, unless a group's size is asked: "그룹은 몇 명씩 짜여?", "팀플 몇 명이서 해?"
    "capacity": re.compile(r"정원|수강\s*인원|^(?!.*(?:팀|그룹|모둠|프로젝트|조별|한\s*조|(?<![가-힣])조(?:는|은|가|이|당|원|마다)))"
                          r".*?몇\s*명(?!\s*(?:씩|이서))", re.S),
    "english_title": re.compile(r"영문\s*(?:명|이름|과목명|제목)|영어\s*(?:이름|제목|과목명)"),
    # "교수님 이메일 알려줘", "연락처는?": a person's contact, not a topic ("이메일 쓰는 법 배우는 수업")
    "contact": re.compile(r"(?:교수|선생|강사|조교|담당)\S{0,3}\s*(?:의\s*)?(?:이메일|e-?mail|메일|연락처|전화\s*번호|번호"
                          r"|오피스\s*아워|연구실)|(?:이메일|e-?mail|메일\s*주소|연락처|전화\s*번호|오피스\s*아워)"
                          r"\s*(?:은|는|이|가|좀|을|를)?\s*(?:[?？]|$|뭐|어떻게|알려|알아|있)", re.I),
    "college": re.compile(r"(?:어느|무슨|어떤|어디)\s*(?:대학|단과\s*대학|학교)|단과\s*대학|개설\s*대학"
                         r"|(?<=[가-힣])(?:대|대학교|여대)(?:야|이야|인가요?|예요|이에요|임|냐|맞아|맞나요?)\s*[?？]"),
}
"""For each catalog field, when a question asks for it."""

FIELD_ORDER = ("lecture_id", "instructor", "credits", "department", "course_type", "prerequisites",
               "textbook", "evaluation", "year", "schedule", "exam_date", "classroom", "capacity", "english_title",
               "college", "contact")

OFFERING_FIELDS = frozenset({"schedule", "exam_date", "classroom", "capacity"})
"""Facts of one semester's offering (when, where, how many seats), not of the course: a
description written once for the handbook does not state them in prose, so a catalog
without the column answers them only from a labelled line ("강의실: …"), never from the
reader (which would answer "어디야?" with whatever place-like phrase it finds)."""

COURSE_NOUNS = frozenset("수업 과목 강의 강좌 교과목 클래스".split())
"""What a course is called in a question ("…수업 있어?", "그 중에 2학년 과목은?")."""

# Words that carry no course identity: question words, particles, attribute nouns.
_GENERIC_WORDS = frozenset("""
그 이 저 해당 위 앞 거기 그거 그것 그건 그게 이거 이것 이건 이게 저거 같은 그런 이런 저런 그러한 이러한
수업 과목 강의 강좌 교과목 클래스 선수 선수과목 선이수 선수강 먼저 교재 주교재 부교재 책 참고서
평가 성적 방법 평가방법 비율 비중 시험 중간 기말 중간고사 기말고사 과제 출석 퀴즈 발표 레포트 리포트
학점 몇 교수 교수님 담당 담당교수 선생님 강사 누가 누구 이수 이수구분 구분 전공 교양 필수 선택
학과 개설 개설학과 소속 어느 어디 어떤 어떻게 무엇 무슨 뭐 뭘 뭔 뭐가
알려 알려줘 알려주세요 있어 있나 있나요 있어요 있니 있을까 있을까요 있는지 없어 있는 해 돼 목록 리스트 전부 전체 모두
언제 내용 주제 강의번호 학수번호 번호 코드 정원 인원 수강 들어야 들으려면 듣는 하는 쓰는
정보 뭐야 뭐예요 뭔가요 뭐지 무엇인가요 어때 어때요 그럼 그러면 그리고 또 혹시 좀 추천 관련 관련된
대해 대한 하나요 해요 돼요 되나요 이름 얼마 얼마나 이야 예요 에요 인가요 궁금해 궁금해요 설명
퍼센트 프로 명이서 명씩 많이 거 것 게 데 싶어 싶어요 싶은데 싶다 요즘 저 제 나 내 우리 진짜 너무 완전 그냥 약간 혹시 ㅋㅋ 아무
근데 그런데 그래서 그러니까 아니 음 흠 참 암튼 아무튼 일단 혹시나 아하 헐 저기 있잖아 그러면 제대로 따로 직접 같이 함께
이번 이번에 요번 이번학기 올해 내년 다음학기 지금 보통 주로 되는데 해야 돼요 되는지
말한 말하는 말씀하신 말이야 말한거야 거야 거요 거예요 건데 겁니다
나면 나서 다음 다음에 후속 이수한 이수하고 수강한 수강하고 듣고 들은
팀플 팀프로젝트 조별 조모임 난이도 비대면 대면 온라인 오프라인 원어 분위기
what which who is are the a an of in on for to at by from do does there any some course courses
class classes lecture about tell me please how i you it this that and or with can learn take
""".split())
_GENERIC_PREFIXES = ("배우", "배워", "배울", "다루", "다뤄", "가르", "알려", "있", "없", "들어", "들으", "들을",
                     "듣", "궁금", "얼마", "무엇", "어떤", "어떻", "어느", "어디", "누구", "누가",
                     "언제", "몇", "공부", "싶", "추천",  # "배울수있는", "추천좀": written run together
                     "어려", "쉬워", "쉬운", "쉽", "재밌", "재미있", "힘들", "빡세",  # how a course feels: no topic
                     "열어", "열려", "열리", "여는",  # "어디서 열어?": where it is offered
                     "보여", "찾아",  # "더 보여줘", "찾아줘": a request
                     "뭐")  # "뭐있어", "뭐임": a question word run together
_VERB_ENDINGS = tuple(sorted("하는 하고 해서 하기 한다 하며 하면 해요 해줘 했던 할 한 해 하 된 되는 돼 돼요 되나요".split(),
                             key=len, reverse=True))


def normalize_question(text: str) -> str:
    """NFC, no control or direction characters, whitespace collapsed, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def title_keys(title: str) -> list[str]:
    """The forms a student may write a title in: whole, without its parenthesized part
    ("설계방법론(캡스톤디자인)" -> "설계방법론"), and the parenthesized part alone when it is
    a name of its own ("Computing for International Commerce (국제통상프로그래밍)")."""
    inner = re.findall(r"[(\[]([^()\[\]]+)[)\]]", title)
    outer = re.sub(r"[(\[][^()\[\]]*[)\]]", " ", title)
    keys = [norm_key(title), norm_key(outer)] + [norm_key(i) for i in inner if len(norm_key(i)) >= 4]
    numbered = re.fullmatch(r"(.*[가-힣])\s+[1-9]", outer.strip())  # "유기화학 1" as "유기화학(I)" is read
    if numbered:
        keys.append(norm_key(numbered[1]))
    return [k for k in dict.fromkeys(keys) if len(k) >= 2]


def title_span(low: str, title: str) -> tuple[int, int] | None:
    """Where ``low`` (NFKC, lower-cased) first writes ``title`` in any of its :func:`title_keys`
    forms, spacing and punctuation ignored; ``None`` when it does not."""
    for key in sorted(title_keys(title), key=len, reverse=True):
        found = re.search(r"[^0-9a-z가-힣]*".join(map(re.escape, key)), low)
        if found:
            end = found.end()
            open_brackets = sum(found[0].count(c) for c in "([（") - sum(found[0].count(c) for c in ")]）")
            while open_brackets > 0 and end < len(low) and low[end] in ")]）":
                end, open_brackets = end + 1, open_brackets - 1  # "수영(자유형)": the closing bracket is the title's too
            return found.start(), end
    return None


def without_title(text: str, title: str) -> str:
    """``text`` (NFKC, lower-cased) less the first place it writes ``title`` (:func:`title_span`)."""
    low = unicodedata.normalize("NFKC", text).lower()
    found = title_span(low, title)
    return f"{low[:found[0]]} {low[found[1]:]}" if found else low


def norm_key(text: str) -> str:
    """Title-matching key: NFKC, lowercase, only Hangul/Latin/digits."""
    return re.sub(r"[^0-9a-z가-힣]", "", unicodedata.normalize("NFKC", text).lower())


def strip_particle(word: str) -> str:
    """``word`` without a trailing particle (kept when too little would remain)."""
    if len(word) == 2 and word[1] in "은는을를이가의도만":
        return word[0]  # 책은, 곡을 …: a one-syllable noun and its particle
    for ending in _PARTICLES_LONGEST:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word


def _strip_verb(word: str) -> str:
    for ending in _VERB_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word


CONDITION_KINDS: dict[str, str] = {
    "credits": r"\d+(?:\.\d+)?학점", "year": r"\d학년", "semester": r"\d학기",
    "course_type": r"(?:교양|전공)(?:필수|선택|기초)?|(?:교직|일반)(?:필수|선택|기초)|전필|전선|교필|교선"}
"""What a question may set as a condition of a search rather than name as its topic ("3학점",
"2학년", "1학기", "전공필수"), by kind (:class:`assistant.terms.CatalogTerms` reads them)."""

# "3학점짜리", "2학년용", "전공필수": a condition, not a topic
_CONDITION_WORD = re.compile("(?:" + "|".join(CONDITION_KINDS.values()) + ")(?:짜리|용)?")


_COUNT = re.compile(r"\d+(?:개|과목|가지)(?:도|만|씩|나|정도)?")


def _is_generic(word: str) -> bool:
    if len(word) >= 3 and word.endswith("임") and word[:-1] in _GENERIC_WORDS:  # "과목임": chat's copula
        return True
    if _COUNT.fullmatch(word):  # "5개도 보여줘": how many, not what
        return True
    return (word in _GENERIC_WORDS or strip_particle(word) in _GENERIC_WORDS
            or any(word.startswith(p) for p in _GENERIC_PREFIXES) or bool(_CONDITION_WORD.fullmatch(word)))


def content_words(question: str) -> list[str]:
    """The words of ``question`` that can identify a course or topic (particles and verb
    endings removed; question words, attribute nouns and one-syllable Hangul dropped)."""
    out: list[str] = []
    for match in _WORDS.finditer(unicodedata.normalize("NFKC", question)):
        word = match.group().lower()
        if _is_generic(word) or word in PARTICLES:  # "몇 학점 이에요": a particle written apart
            continue
        stem = _strip_verb(strip_particle(word))
        if len(stem) < 2 and len(word) == 2 and word[1] in "가도의이만" and HANGUL.match(word) and not _is_generic(stem):
            stem = word  # "요가", "지도", "국가", "종이": as likely a word as a one-syllable noun and its particle
        if _is_generic(stem) or len(stem) < 2:
            continue
        if stem not in out:
            out.append(stem)
    return out


def topic_words(question: str, title: str) -> list[str]:
    """What a question asks about a course it names, as words: its content words less the
    title and a particle left of it ("컴퓨터시스템개론에서 어셈블리 배워?" -> ["어셈블리"])."""
    return [w for w in content_words(without_title(question, title)) if w not in PARTICLES]


_OVERVIEW = re.compile(
    r"(?:은|는|이|가|이란|란|에\s*대해(?:서)?|에서(?:는)?)?\s*(?:수업|과목|강의)?(?:은|는|이|가|에서(?:는)?)?\s*"
    r"(?:뭐야|뭐예요|뭔가요|뭐임|뭐지|무엇인가요|(?:어떤|무슨)\s*(?:수업|과목|강의|강좌)\S*|뭐\s*(?:하는|배우는)\s*(?:수업|과목|강의|강좌)\S*"
    r"|(?:뭐|뭘|무엇을)\s*(?:배워|배우|배움|배운)\S*|(?:무슨|어떤)\s*(?:내용|걸|거)\s*(?:배워|배우|다뤄|다루)?\S*"
    r"|(?:소개|요약|설명)\s*(?:해\s*(?:줘|주세요|줄래|줄래요)|좀|부탁\S*)?|(?:알려|보여)\s*(?:줘|주세요|줄래|줄래요)"
    r"|어때|어때요|어떤가요|내용(?:은|이)?\s*(?:뭐야|뭐예요|알려\s*(?:줘|주세요)|요약\S*)?)?"
    r"\s*(?:수업|과목|강의)?\s*[?？.!~]*")


def asks_overview(rest: str) -> bool:
    """Whether ``rest``, a question less the course title it names, asks only what the course
    is: nothing at all, "어떤 수업이야?", "뭐 배우는 과목이야?", "소개해줘", "알려줘", "어때?".
    "시험 몇 번 봐?" or "교재 뭐야?" ask something of their own."""
    rest = _LEAD_IN.sub("", unicodedata.normalize("NFC", rest).strip())  # "아까 그 과목 다시 알려줘"
    return bool(_OVERVIEW.fullmatch(rest) or _EXISTS.fullmatch(rest))


# what leads into asking for a course again: "아까 그 과목 다시 알려줘", "방금 거 한번 더 보여줘"
_LEAD_IN = re.compile(r"^(?:(?:아까|방금|다시|한\s*번\s*더|한번|좀|(?:그|이|저)(?:\s*(?:과목|수업|강의|거|것))?)(?:\s+|$))+")


# "머신러닝 있어?": whether that course is there, answered by showing it ("X 수업 있어?" is a search)
_EXISTS = re.compile(r"(?:은|는|이|가|도)?\s*(?:있어|있어요|있나요|있나|있음|있니|있을까|있을까요)\s*[?？.!~]*")


_WHAT_IT_IS = re.compile(r"수업|과목|강의|강좌|소개|요약|설명|내용|어때|어떤")


def asks_what_it_is(rest: str) -> bool:
    """Whether ``rest``, a question less the course it names, asks in words what the course is
    ("무슨 수업이야?", "소개해줘", "어떤 과목이에요"), not just "뭐야?" or nothing."""
    rest = re.sub(r"[()\[\]{}<>,:]", " ", rest)  # "운영체제(CSE4070) 어떤 수업이야?" less the title and id
    return asks_overview(rest) and bool(_WHAT_IT_IS.search(rest))


def bare_mention(rest: str) -> bool:
    """Whether ``rest``, a question less the course it names (title or lecture id), says
    nothing of its own: no content word and at most a short "뭐야?" / "알려줘" / "은?"
    (six letters). "CSE4175 뭐야?" shows the course's row and "현대문학비평론은?" carries
    the previous question over; "06003233 누가 수강할 수 있어요?" and "시험 몇 번 봐?" ask
    something (a question word other than 뭐)."""
    return not content_words(rest) and len(norm_key(rest)) <= 6 and not re.search(ASKS_OWN, rest)


ASKS_OWN = r"언제|어디|어떻게|몇|누구|누가|얼마|며칠|왜"
"""Question words that ask something of their own ("몇 번", "언제", "어디"), unlike "뭐야?"."""

SET_ASIDE = r"말고|빼고|외에|이외에|제외하고|제외한|말구|말곤"
"""Words that set something aside ("수업 시간 말고 …", "운영체제 빼고 …")."""


_SMALL_TALK = {
    "greeting": frozenset("안녕 안녕하세요 안녕하십니까 하이 헬로 ㅎㅇ 반가워 반가워요 반갑습니다 hi hello hey".split()),
    "thanks": frozenset("고마워 고마워요 고맙습니다 감사 감사해 감사해요 감사합니다 땡큐 thanks thank you thx".split()),
    "bye": frozenset("잘가 바이 수고하세요 수고하셨습니다 bye".split()),
}


def small_talk(question: str) -> str | None:
    """``"greeting"``, ``"thanks"`` or ``"bye"`` when the whole message is only that
    ("안녕하세요!", "고마워요 ㅎㅎ", "thank you"): there is nothing to look up."""
    words = re.sub(r"[^0-9a-z가-힣ㅎㅇ\s]", " ", unicodedata.normalize("NFC", question).lower()).split()
    words = [w for w in (re.sub(r"(?<=[가-힣a-z])[ㅋㅎㅠㅜ]+$", "", w) for w in words)
             if w and not re.fullmatch(r"[ㅋㅎㅠㅜ]+", w)]
    kinds = [next((k for k, vocabulary in _SMALL_TALK.items() if w in vocabulary), None) for w in words]
    return kinds[0] if kinds and None not in kinds else None


def replace_reference(question: str, title: str) -> str:
    """``question`` with its first reference to the course under discussion ("그 과목",
    "거기") replaced by ``title``."""
    return _REFERS_BACK.sub(title, question, count=1)


def refers_back(question: str) -> bool:
    """True when the question points at the course under discussion ("그 과목", "거기")."""
    return bool(_REFERS_BACK.search(question))


def reference_span(text: str) -> tuple[int, int] | None:
    """Where ``text`` first points at the course under discussion ("그 과목"), ``None`` if nowhere."""
    found = _REFERS_BACK.search(text)
    return (found.start(), found.end()) if found else None


# A field's noun in a list of fields ("학점이랑 학과 알려줘", "학점, 학과, 이수구분은?"): asked with the rest
_FIELD_NOUNS = {"instructor": r"(?:담당\s*)?교수님?", "credits": r"학점", "department": r"(?:개설\s*)?(?:학과|학부)",
                "course_type": r"이수\s*구분", "prerequisites": r"선수\s*과목", "textbook": r"교재",
                "evaluation": r"평가\s*방법", "year": r"학년", "lecture_id": r"(?:강의|학수)\s*번호"}
_ANY_NOUN = "|".join(_FIELD_NOUNS.values())
_LISTED = {f: re.compile(rf"(?:{noun})\s*(?:이랑|랑|하고|과|와|및|,|/|&)\s*(?:{_ANY_NOUN})")
           for f, noun in _FIELD_NOUNS.items()}


# what sets a field aside rather than asking for it: "수업 시간 말고 따로 실습하려면 어디 가?"
_SET_ASIDE = re.compile(rf"\s*(?:은|는|이|가|을|를)?\s*(?:{SET_ASIDE})")


def asked_fields(question: str) -> list[str]:
    """Catalog fields the question asks for, in :data:`FIELD_ORDER` (with those listed beside
    an asked one: "학점이랑 학과 알려줘"); a field set aside ("수업 시간 말고 …") is not asked."""
    asked = {f for f in FIELD_ORDER
             if any(not _SET_ASIDE.match(question, m.end()) for m in FIELD_PATTERNS[f].finditer(question))}
    if asked:
        asked |= {f for f, listed in _LISTED.items() if listed.search(question)}
    return [f for f in FIELD_ORDER if f in asked]


def is_english_only(question: str) -> bool:
    """Latin letters and no Hangul."""
    return bool(_LATIN.search(question)) and not HANGUL.search(question)
