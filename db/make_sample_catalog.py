"""Generate the bundled sample course catalog and its evaluation questions.

Writes, next to this script:

* ``sample_catalog.csv``  - UTF-8 (no BOM), header
  ``강의번호,교과목명,개설학과,담당교수,학점,이수구분,강의설명``.
* ``sample_questions.jsonl`` - evaluation questions
  ``{"question", "gold_lecture_ids", "gold_answers"}``, one per line.

Everything is deterministic: the hand-written pools below are combined with
``random.Random`` instances seeded by fixed strings, so two runs give byte-identical
files.  Each course is authored with its own topics and one course-specific sentence,
so no two descriptions are the same template with only the name swapped (apart from the
intentional multi-section courses, whose sections share one description).

Run:  ``.venv/bin/python db/make_sample_catalog.py``  (stdlib only).
The script ends with a self-check (gold ids exist, gold spans occur verbatim, ...).
"""

from __future__ import annotations

import csv
import json
import random
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOG_PATH = HERE / "sample_catalog.csv"
QUESTIONS_PATH = HERE / "sample_questions.jsonl"
HEADER = ["강의번호", "교과목명", "개설학과", "담당교수", "학점", "이수구분", "강의설명"]
SEED = "sample-catalog-v1"
COURSE_TYPES = {"전공필수", "전공선택", "교양필수", "교양선택"}

# --------------------------------------------------------------------------------------
# Korean helpers: particles (josa) and sentence-ending registers
# --------------------------------------------------------------------------------------

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_JONG_NONE, _JONG_N, _JONG_L, _JONG_M, _JONG_B = 0, 4, 8, 16, 17


def _is_hangul(ch: str) -> bool:
    return _HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST


def _jong(ch: str) -> int:
    return (ord(ch) - _HANGUL_FIRST) % 28


def _with_jong(ch: str, jong: int) -> str:
    base = ord(ch) - _HANGUL_FIRST
    return chr(_HANGUL_FIRST + base - base % 28 + jong)


def _last_sound(word: str) -> tuple[bool, bool]:
    """(has a final consonant, that consonant is ㄹ) for the way ``word`` is read."""
    w = word.strip()
    while w.endswith(")") and "(" in w:  # 자료구조(Data Structures) reads as 자료구조
        w = w[: w.rfind("(")].rstrip()
    w = w.rstrip("<>'\" ")
    if not w:
        return False, False
    ch = w[-1]
    if _is_hangul(ch):
        j = _jong(ch)
        return j != _JONG_NONE, j == _JONG_L
    if ch.isdigit():  # 영 일 이 삼 사 오 육 칠 팔 구
        return ch in "013678", ch in "178"
    if ch.lower() in "lmn":
        return True, ch.lower() == "l"
    return False, False


_JOSA = {
    "을": ("을", "를"), "를": ("을", "를"),
    "이": ("이", "가"), "가": ("이", "가"),
    "은": ("은", "는"), "는": ("은", "는"),
    "과": ("과", "와"), "와": ("과", "와"),
}


def josa(word: str, particle: str) -> str:
    """``word`` followed by the right form of ``particle`` (을/를, 이/가, 은/는, 과/와, 으로/로)."""
    final, rieul = _last_sound(word)
    if particle in ("으로", "로"):
        return word + ("으로" if final and not rieul else "로")
    with_final, without = _JOSA[particle]
    return word + (with_final if final else without)


_SLOT = re.compile(r"\{(\w+)(?::(을|를|이|가|은|는|과|와|으로|로))?\}")


def fill(template: str, values: dict[str, str]) -> str:
    """Fill ``{name}`` / ``{name:을}`` slots; the particle agrees with the value."""

    def sub(m: re.Match[str]) -> str:
        value = values[m.group(1)]
        return josa(value, m.group(2)) if m.group(2) else value

    return _SLOT.sub(sub, template)


def to_register(sentence: str, register: str) -> str:
    """Rewrite a plain ``-다.`` ending as ``-함.``/``-음.`` (``ham``) or ``-합니다.`` (``hapnida``).

    Handles the endings used in this file: -ㄴ다/-는다 verbs, vowel-final adjectives and
    the copula (-이다), and consonant-final stems (있다, 없다).  Other sentences are
    returned unchanged.
    """
    if register == "da" or not sentence.endswith("다."):
        return sentence
    body = sentence[:-2]
    if not body or not _is_hangul(body[-1]):
        return sentence
    last = body[-1]
    ham = register == "ham"
    if last == "는" and len(body) >= 2 and _is_hangul(body[-2]) and _jong(body[-2]) != _JONG_NONE:
        return body[:-1] + ("음." if ham else "습니다.")  # 읽는다 -> 읽음 / 읽습니다
    jong = _jong(last)
    if jong == _JONG_N:
        stem_last = _with_jong(last, _JONG_NONE)  # 다룬다 -> 다루
    elif jong == _JONG_NONE:
        stem_last = last  # 중요하다, 과목이다
    else:
        return body + ("음." if ham else "습니다.")  # 있다 -> 있음 / 있습니다
    if ham:
        return body[:-1] + _with_jong(stem_last, _JONG_M) + "."
    return body[:-1] + _with_jong(stem_last, _JONG_B) + "니다."


# --------------------------------------------------------------------------------------
# Hand-authored course pools
# --------------------------------------------------------------------------------------


@dataclass
class Spec:
    """One authored course (all its sections share the generated description)."""

    title: str
    english: str
    topics: list[str]
    custom: str
    opts: dict[str, str] = field(default_factory=dict)


def C(title: str, english: str, topics: str, custom: str, opts: str = "") -> Spec:
    """Compact course literal. ``opts`` is ``key=value|flag|...``.

    Keys: ``req`` (전공필수), ``ty=`` (이수구분), ``cr=`` (학점), ``b=`` (교재),
    ``p=`` (선수과목), ``ev=`` (pinned evaluation line), ``sec=`` (number of sections),
    ``ins=`` (instructor override: ``two``, ``none`` or ``미정``), ``eng`` (영어강의),
    ``lab`` (실험/실습), ``team`` (팀 프로젝트).
    """
    parsed: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in opts.split("|"))):
        key, _, value = part.partition("=")
        parsed[key] = value if _ else "1"
    return Spec(title, english, [t.strip() for t in topics.split(";")], custom, parsed)


@dataclass
class Dept:
    name: str
    code: int
    style: str
    courses: list[Spec]


DEPARTMENTS: list[Dept] = [
    Dept("국어국문학과", 110, "HUM", [
        C("국어학개론", "Introduction to Korean Linguistics", "음운론;형태론;통사론;의미론",
          "국어의 말소리, 단어, 문장, 의미를 분석하는 기본 개념과 용어를 익힌다.",
          "req|b=국어학 개설 (이익섭)"),
        C("현대문학비평론", "Modern Literary Criticism", "형식주의 비평;구조주의;정신분석 비평;탈식민주의 비평",
          "문학비평 이론의 흐름을 개관하고 각 이론을 한국 현대소설 읽기에 직접 적용해 본다.",
          "b=문학비평의 이해|p=한국현대문학사"),
        C("한국현대문학사", "History of Modern Korean Literature", "개화기 문학;1920년대 동인지 문학;해방기 문학;산업화 시대의 문학",
          "<현대문학사>의 주요 쟁점을 따라가며 시대별 대표 작품을 함께 읽는다.", "req"),
        C("한국고전문학강독", "Readings in Korean Classical Literature", "향가;고려가요;시조;고전소설",
          "<춘향전>, <구운몽> 등 고전소설의 원문을 강독하고 현대어로 풀이한다."),
        C("현대소설론", "Theory of the Modern Novel", "시점과 서술자;인물과 플롯;근대 장편소설;대하소설",
          "박경리의 <토지>를 중심으로 대하소설의 서사 구조와 인물 형상화 방식을 분석한다."),
        C("현대시론", "Theory of Modern Poetry", "운율과 리듬;비유와 상징;시적 화자;모더니즘 시",
          "김수영과 김춘수의 시를 비교하며 시적 언어의 특성을 탐구한다."),
        C("국어문법론", "Korean Grammar", "품사 분류;문장 성분;높임법;시제와 상",
          "학교 문법과 이론 문법의 차이를 검토하고 문법 교육에 활용할 수 있는 분석 능력을 기른다.",
          "p=국어학개론"),
        C("국어음운론", "Korean Phonology", "음소와 변이음;음절 구조;음운 변동;운소",
          "표준 발음법의 근거가 되는 음운 규칙을 실제 발음 자료를 통해 확인한다.", "p=국어학개론"),
        C("한국어교육론", "Teaching Korean as a Foreign Language", "교수법;학습자 오류 분석;교재 개발;문화 교육",
          "외국인 학습자를 위한 한국어 수업 지도안을 직접 작성하고 모의 수업을 진행한다.", "sec=2"),
        C("고전시가론", "Classical Korean Poetry", "향가;경기체가;가사;사설시조",
          "정철의 <관동별곡>과 윤선도의 <어부사시사>를 중심으로 가사와 시조의 미학을 살펴본다."),
        C("국어사", "History of the Korean Language", "고대 국어;중세 국어;훈민정음;근대 국어",
          "<훈민정음> 해례본과 <석보상절> 등 중세 문헌을 직접 읽으며 국어의 변천 과정을 이해한다."),
        C("구비문학론", "Korean Oral Literature", "설화;민요;판소리;무가",
          "지역 설화를 현지 조사(fieldwork)로 채록하고 그 결과를 보고서로 정리한다."),
        C("희곡과 공연", "Drama and Performance", "희곡의 구조;연극 공연;한국 근대극;대본 분석",
          "유치진과 오태석의 희곡을 읽고 장면 단위로 공연 대본을 구성해 본다."),
        C("창작시연습", "Poetry Writing Workshop", "이미지;행과 연;퇴고;합평",
          "매주 자작시 한 편을 제출하고 합평(workshop) 방식으로 서로의 작품을 검토한다."),
        C("국어정보학", "Korean Language and Computing", "말뭉치(corpus);형태소 분석;어휘 빈도;사전 편찬",
          "세종 말뭉치를 활용하여 어휘 빈도를 조사하고 간단한 형태소 분석 도구를 사용해 본다.", "lab"),
        C("북한문학의 이해", "Understanding North Korean Literature", "주체문학론;천리마 시대 소설;남북 문학 교류;통일 문학",
          "분단 이후 북한 문학의 전개를 남한 문학과 비교하며 통일 시대의 문학사 서술 방향을 모색한다."),
        C("한국문학과 영상", "Korean Literature and Film", "각색;영상 서사;원작과 영화;매체 전환",
          "소설 원작이 영화와 드라마로 각색되는 과정에서 나타나는 서사 변화를 분석한다."),
    ]),
    Dept("영어영문학과", 120, "HUM", [
        C("영어학개론", "Introduction to English Linguistics", "음성학(phonetics);형태론;통사론;화용론",
          "영어의 소리 체계와 문장 구조를 분석하는 언어학의 기본 방법을 배운다.",
          "req|b=An Introduction to Language (Fromkin)"),
        C("영국소설", "The British Novel", "18세기 소설;빅토리아 시대 소설;모더니즘 소설;여성 작가",
          "Jane Austen의 <Pride and Prejudice>와 Virginia Woolf의 <Mrs Dalloway>를 원문으로 읽는다.", "eng"),
        C("미국문학개관", "Survey of American Literature", "청교도 문학;미국 르네상스;사실주의;재즈 시대",
          "F. Scott Fitzgerald의 <The Great Gatsby>를 통해 재즈 시대 미국 사회의 욕망과 환멸을 읽어 낸다.",
          "b=The Norton Anthology of American Literature"),
        C("셰익스피어", "Shakespeare", "비극;희극;사극;소네트",
          "<Hamlet>, <King Lear>, <Twelfth Night>을 읽고 주요 장면을 직접 낭독한다.", "eng"),
        C("영어음성학", "English Phonetics", "조음 음성학;모음과 자음;강세와 억양;음성 전사",
          "국제음성기호(IPA)로 영어 발음을 전사하는 훈련을 반복하며 한국인 학습자의 발음 오류를 진단한다."),
        C("영어통사론", "English Syntax", "구구조 규칙;변형;X-bar 이론;격 이론",
          "생성문법(generative grammar)의 틀에서 영어 문장의 수형도(tree diagram)를 그리는 연습을 한다.",
          "p=영어학개론"),
        C("영어교육론", "TESOL Methods", "의사소통 교수법;과업 중심 교수법;평가;교실 영어",
          "중등 영어 교사를 준비하는 학생을 위해 마이크로티칭(micro-teaching)을 실시한다."),
        C("고급영어작문", "Advanced English Composition", "논증적 에세이;문단 구성;인용과 표절;퇴고",
          "학술적 에세이(academic essay)를 단계별로 작성하고 튜터와 개별 첨삭을 진행한다.", "eng|sec=2"),
        C("영어회화", "English Conversation", "일상 대화;토론 표현;발표;문화 차이",
          "원어민 교수와 함께 주제별 롤플레이(role-play)로 말하기 유창성을 높인다.", "eng|sec=3|cr=2"),
        C("비즈니스영어", "Business English", "이메일 작성;회의 영어;협상;프레젠테이션",
          "영문 이메일과 보고서 작성, 회의 진행 표현을 실제 기업 사례로 연습한다.", "eng"),
        C("영미시", "British and American Poetry", "낭만주의 시;형이상학파 시;모더니즘 시;운율 분석",
          "Wordsworth, Keats, T. S. Eliot의 시를 낭독하고 운율(meter)을 분석한다."),
        C("영어사", "History of the English Language", "고대 영어;중세 영어;대모음추이(Great Vowel Shift);세계 영어",
          "<Beowulf>와 Chaucer의 <The Canterbury Tales> 원문 일부를 통해 영어의 역사적 변화를 확인한다."),
        C("현대영미드라마", "Modern British and American Drama", "사실주의 극;부조리극;미국 가정극;공연 분석",
          "Arthur Miller의 <Death of a Salesman>과 Samuel Beckett의 <Waiting for Godot>을 비교한다."),
        C("영어의미론", "English Semantics", "어휘 의미;함의와 전제;양화사;화행 이론",
          "문장의 진리 조건(truth condition)과 전제(presupposition)를 형식적으로 분석하는 방법을 익힌다.",
          "p=영어학개론"),
        C("번역의 이론과 실제", "Translation Theory and Practice", "등가 이론;문화 번역;문학 번역;기계번역 후편집",
          "영한 번역과 한영 번역 과제를 병행하며 기계번역 결과물의 후편집(post-editing) 실습을 한다.",
          "ins=미정"),
        C("제2언어습득론", "Second Language Acquisition", "중간언어;입력 가설;개인차 요인;결정적 시기",
          "Krashen의 입력 가설과 결정적 시기 가설을 실증 연구 논문을 통해 비판적으로 검토한다.",
          "b=How Languages Are Learned (Lightbown, Spada)"),
        C("영어권 문화의 이해", "Understanding Anglophone Cultures", "영국 사회;미국 대중문화;다문화주의;영어권 영화",
          "영화와 뉴스 자료를 활용하여 영국, 미국, 호주의 사회와 문화를 비교한다."),
    ]),
    Dept("사학과", 130, "HUM", [
        C("한국사개설", "Survey of Korean History", "고조선;삼국 시대;고려;조선",
          "선사 시대부터 조선 후기까지 한국사의 흐름을 정치, 사회, 문화의 측면에서 개관한다.", "req"),
        C("한국근현대사", "Modern Korean History", "개항;일제 강점기;해방과 분단;산업화와 민주화",
          "개항 이후 대한민국 수립과 민주화에 이르는 과정을 1차 사료를 중심으로 검토한다."),
        C("동양사개설", "Survey of East Asian History", "중국 고대 왕조;일본 막부;유목 제국;동아시아 교류",
          "중국, 일본, 몽골을 아우르는 동아시아 세계의 형성과 교류를 다룬다.", "req"),
        C("서양사개설", "Survey of Western History", "그리스 폴리스;로마 제국;중세 봉건제;르네상스",
          "고대 그리스에서 근대 초기까지 서양 문명의 전개를 시대별로 정리한다.", "req"),
        C("사학개론", "Introduction to Historical Studies", "역사학의 방법;사료 비판;역사 서술;역사 인식",
          "E. H. Carr의 <역사란 무엇인가>를 함께 읽으며 역사가와 사실의 관계를 토론한다.", "req"),
        C("한국고대사", "Ancient Korean History", "고조선;고구려;백제와 신라;가야",
          "<삼국사기>와 <삼국유사>의 기록을 비교하여 고대 국가의 형성 과정을 재구성한다.", "p=한국사개설"),
        C("고려시대사", "History of Goryeo", "문벌 귀족;무신 정권;몽골 침입;고려 불교",
          "무신 정권기와 원 간섭기를 중심으로 고려 사회의 변동을 분석한다."),
        C("조선시대사", "History of Joseon", "양반 관료제;사림과 붕당;임진왜란;실학",
          "<조선왕조실록>의 기사를 직접 검색하고 읽는 실습을 통해 조선 정치사를 이해한다."),
        C("일본근대사", "Modern Japanese History", "메이지 유신;제국주의;다이쇼 데모크라시;전후 일본",
          "메이지 유신 이후 일본이 근대 국가로 전환하는 과정과 제국주의 팽창을 살펴본다."),
        C("중국근현대사", "Modern Chinese History", "아편전쟁;신해혁명;국공 내전;개혁개방",
          "아편전쟁부터 개혁개방까지 중국의 혁명과 국가 건설 과정을 다룬다."),
        C("프랑스혁명사", "History of the French Revolution", "구체제;인권선언;공포 정치;나폴레옹",
          "1789년 혁명의 원인과 전개를 사회경제사와 정치문화사의 관점에서 비교한다."),
        C("미국사", "American History", "식민지 시대;독립혁명;남북전쟁;민권운동",
          "독립혁명에서 민권운동에 이르기까지 미국 민주주의의 형성과 갈등을 추적한다.", "eng"),
        C("역사와 박물관", "History and Museums", "박물관학;유물 해석;전시 기획;문화유산 보존",
          "국립중앙박물관 현장 답사를 포함하며 학생들은 소규모 전시 기획안을 제출한다.", "team"),
        C("한국사 사료강독", "Readings in Korean Historical Sources", "한문 독해;실록;문집;고문서",
          "한문으로 된 실록과 고문서를 강독하며 사료 해석 능력을 기른다.", "p=한국사개설"),
        C("세계 전쟁사", "World History of Warfare", "제1차 세계대전;제2차 세계대전;냉전;총력전",
          "두 차례 세계대전과 냉전을 총력전(total war)의 개념으로 재해석한다."),
        C("구술사와 기억", "Oral History and Memory", "구술 면담;기억의 정치;공공 역사;녹취록 작성",
          "한국전쟁 경험자의 구술 면담을 직접 기획하고 녹취록을 작성한다."),
        C("디지털 역사학", "Digital History", "역사 데이터베이스;지도 시각화;텍스트 마이닝;디지털 아카이브",
          "역사 자료를 데이터로 구축하고 지리정보시스템(GIS)으로 시각화하는 방법을 익힌다.", "lab"),
    ]),
    Dept("철학과", 140, "HUM", [
        C("철학개론", "Introduction to Philosophy", "인식론;형이상학;윤리학;논리학",
          "철학의 주요 분야를 개관하고 '안다는 것은 무엇인가'와 같은 근본 질문을 스스로 논증해 본다.", "req"),
        C("논리학", "Logic", "명제논리;술어논리;타당성;오류론",
          "진리표와 자연연역(natural deduction)을 이용하여 논증의 타당성을 판별하는 방법을 익힌다.",
          "req|b=A Concise Introduction to Logic (Hurley)"),
        C("서양고대철학", "Ancient Western Philosophy", "소크라테스 이전 철학;플라톤;아리스토텔레스;헬레니즘 철학",
          "플라톤의 <국가>와 아리스토텔레스의 <니코마코스 윤리학>을 발췌하여 강독한다."),
        C("서양근대철학", "Modern Western Philosophy", "데카르트;경험론;칸트;독일 관념론",
          "데카르트의 <성찰>에서 칸트의 <순수이성비판>에 이르는 인식론의 전개를 추적한다."),
        C("윤리학", "Ethics", "공리주의;의무론;덕 윤리;메타윤리학",
          "트롤리 문제(trolley problem)와 같은 사고실험을 통해 규범 윤리 이론을 비교 평가한다.", "req"),
        C("동양철학개론", "Introduction to Eastern Philosophy", "공자와 맹자;노장 사상;불교 철학;성리학",
          "<논어>와 <도덕경>의 핵심 구절을 읽고 유가와 도가의 인간관을 비교한다."),
        C("한국철학", "Korean Philosophy", "원효;퇴계와 율곡;사단칠정 논쟁;실학",
          "퇴계와 고봉의 사단칠정 논쟁을 중심으로 조선 성리학의 쟁점을 탐구한다."),
        C("현대 분석철학", "Analytic Philosophy", "프레게;러셀;비트겐슈타인;일상언어학파",
          "프레게의 의미와 지시 구분에서 후기 비트겐슈타인까지 언어철학의 전환을 다룬다."),
        C("현상학과 실존철학", "Phenomenology and Existentialism", "후설;하이데거;사르트르;메를로퐁티",
          "하이데거의 <존재와 시간>을 중심으로 실존 분석의 개념들을 해설한다."),
        C("과학철학", "Philosophy of Science", "귀납의 문제;반증주의;패러다임;과학적 실재론",
          "포퍼의 반증주의와 쿤의 패러다임 이론을 비교하여 과학 지식의 본성을 검토한다.",
          "b=What Is This Thing Called Science? (Chalmers)"),
        C("정치철학", "Political Philosophy", "사회계약론;자유주의;공동체주의;분배 정의",
          "롤스의 <정의론>과 샌델의 공동체주의 비판을 중심으로 정의의 원칙을 토론한다."),
        C("미학", "Aesthetics", "미의 개념;예술의 정의;숭고;예술과 감정",
          "칸트의 <판단력비판>과 현대 예술 작품을 함께 다루며 아름다움의 판단 기준을 탐구한다."),
        C("심리철학", "Philosophy of Mind", "심신 문제;기능주의;의식의 어려운 문제;인공지능과 마음",
          "중국어 방 논증(Chinese room argument)을 통해 기계가 생각할 수 있는지 논의한다."),
        C("생명의료윤리", "Biomedical Ethics", "안락사;장기 이식;유전자 편집;연구 윤리",
          "안락사와 장기 이식 등 의료 현장의 실제 사례를 놓고 찬반 토론을 진행한다.", "ins=two"),
        C("인식론", "Epistemology", "지식의 정의;게티어 문제;회의주의;정당화 이론",
          "게티어 문제(Gettier problem) 이후 지식의 정의를 둘러싼 논쟁을 정리한다.", "p=철학개론"),
        C("불교철학", "Buddhist Philosophy", "연기설;무아;중관 사상;유식 사상",
          "용수의 중관 사상과 유식 사상을 중심으로 불교의 존재론을 이해한다."),
        C("인공지능 윤리", "AI Ethics", "알고리즘 편향;책임의 귀속;프라이버시;자율 무기",
          "알고리즘 편향(algorithmic bias)과 자율주행차의 사고 책임 문제를 철학적으로 분석한다."),
    ]),
    Dept("경제학과", 210, "SOC", [
        C("미시경제학원론", "Principles of Microeconomics", "수요와 공급;탄력성;소비자 선택;시장 구조",
          "가격 결정 원리와 시장 균형을 그래프로 분석하는 기본 도구를 익힌다.",
          "req|sec=2|b=Principles of Economics (Mankiw)|ev=중간고사 30%, 기말고사 40%, 과제 20%, 출석 10%"),
        C("거시경제학원론", "Principles of Macroeconomics", "국민소득;인플레이션;실업;통화정책",
          "GDP 측정 방법과 총수요-총공급 모형으로 경기 변동을 설명한다.", "req|b=맨큐의 경제학"),
        C("중급미시경제학", "Intermediate Microeconomics", "효용 극대화;생산 함수;일반 균형;후생 경제학",
          "라그랑주 승수법(Lagrange multiplier)을 이용하여 소비자와 기업의 최적화 문제를 해결한다.",
          "p=미시경제학원론|b=Intermediate Microeconomics (Varian)"),
        C("중급거시경제학", "Intermediate Macroeconomics", "IS-LM 모형;솔로 성장 모형;경기 변동 이론;개방 경제",
          "IS-LM 모형과 솔로 성장 모형(Solow growth model)을 수식과 그래프로 도출한다.", "p=거시경제학원론"),
        C("계량경제학", "Econometrics", "최소자승법(OLS);회귀분석(regression);가설검정;내생성",
          "실제 경제 데이터를 이용한 회귀분석(regression) 실습을 Stata로 진행한다.",
          "p=경제통계학|b=Introductory Econometrics (Wooldridge)"),
        C("경제통계학", "Statistics for Economics", "확률분포;표본추출;추정;가설검정",
          "경제 자료의 요약과 확률분포, 신뢰구간 추정 방법을 엑셀 실습과 함께 배운다.", "req"),
        C("화폐금융론", "Money and Banking", "화폐의 기능;중앙은행;금리 결정;금융 위기",
          "한국은행의 기준금리 결정 과정을 사례로 통화정책의 전달 경로를 분석한다."),
        C("국제무역론", "International Trade", "비교우위;헥셔-올린 모형;관세;자유무역협정",
          "리카도의 비교우위 이론에서 신무역이론까지 무역 패턴을 설명하는 모형을 배운다."),
        C("노동경제학", "Labor Economics", "노동 공급;최저임금;인적자본;임금 격차",
          "최저임금 인상의 고용 효과에 관한 실증 연구를 읽고 토론한다."),
        C("재정학", "Public Finance", "공공재;외부효과;조세 귀착;사회보장",
          "조세 귀착(tax incidence)과 공공재 공급 문제를 중심으로 정부의 역할을 분석한다."),
        C("게임이론", "Game Theory", "내쉬 균형;혼합 전략;반복 게임;경매 이론",
          "죄수의 딜레마와 경매 등 전략적 상호작용을 내쉬 균형(Nash equilibrium)으로 분석한다.", "eng"),
        C("행동경제학", "Behavioral Economics", "전망 이론;휴리스틱;넛지;시간 불일치",
          "카너먼과 트버스키의 전망 이론(prospect theory)을 중심으로 비합리적 선택을 설명한다."),
        C("한국경제론", "The Korean Economy", "압축 성장;외환위기;재벌 구조;저출산 고령화",
          "1997년 외환위기 전후의 구조 변화와 저출산 고령화가 한국 경제에 미치는 영향을 검토한다."),
        C("경제발전론", "Economic Development", "빈곤의 덫;제도와 성장;해외 원조;무작위 통제 실험",
          "무작위 통제 실험(RCT)을 활용한 개발경제학 연구 사례를 읽는다."),
        C("환경경제학", "Environmental Economics", "외부효과;탄소세;배출권 거래제;비용편익분석",
          "탄소세와 배출권 거래제의 효율성을 비교하고 기후 변화 정책을 평가한다."),
        C("산업조직론", "Industrial Organization", "독과점;가격 차별;진입 장벽;경쟁 정책",
          "플랫폼 기업의 가격 차별과 공정거래위원회 규제 사례를 분석한다."),
        C("경제수학", "Mathematics for Economists", "행렬;편미분;제약 최적화;동학",
          "경제학 전공 과목에 필요한 행렬, 편미분, 제약 최적화 기법을 정리한다.", "req"),
    ]),
    Dept("경영학과", 220, "SOC", [
        C("경영학원론", "Principles of Management", "계획;조직화;리더십;통제",
          "기업 경영의 기본 기능을 국내 기업 사례를 통해 이해한다.", "req|sec=3"),
        C("회계원리", "Principles of Accounting", "복식부기;분개;재무상태표;손익계산서",
          "거래를 분개하고 시산표와 재무제표를 작성하는 회계 순환 과정을 익힌다.",
          "req|sec=2|b=IFRS 회계원리"),
        C("중급회계", "Intermediate Accounting", "수익 인식;재고자산;유형자산;금융부채",
          "K-IFRS 기준서에 따른 자산과 부채의 측정 문제를 심화 학습한다.", "p=회계원리"),
        C("원가관리회계", "Cost and Management Accounting", "원가 배분;활동기준원가계산(ABC);표준원가;CVP 분석",
          "활동기준원가계산(ABC)과 CVP 분석을 이용하여 경영 의사결정 문제를 해결한다.", "p=회계원리"),
        C("재무관리", "Financial Management", "화폐의 시간가치;자본예산;자본비용;배당 정책",
          "순현재가치(NPV)와 내부수익률(IRR)을 이용하여 투자안을 평가한다.",
          "req|b=Corporate Finance (Ross, Westerfield, Jaffe)"),
        C("투자론", "Investments", "포트폴리오 이론;CAPM;효율적 시장 가설;채권 가치평가",
          "마코위츠의 포트폴리오 이론과 CAPM을 실제 주가 데이터에 적용한다.",
          "p=재무관리|b=Investments (Bodie, Kane, Marcus)"),
        C("마케팅원론", "Principles of Marketing", "STP 전략;4P 믹스;소비자 행동;브랜드",
          "시장 세분화와 표적 시장 선정(STP) 과정을 실제 브랜드 사례로 분석한다.",
          "req|b=Principles of Marketing (Kotler, Armstrong)"),
        C("소비자행동론", "Consumer Behavior", "지각;태도 형성;구매 의사결정;준거 집단",
          "소비자의 구매 의사결정 과정을 설문 조사로 분석하는 팀 프로젝트를 수행한다.", "team"),
        C("조직행동론", "Organizational Behavior", "동기부여;리더십;팀 역학;조직 문화",
          "동기부여 이론과 리더십 유형을 사례 토론(case discussion) 방식으로 학습한다."),
        C("인적자원관리", "Human Resource Management", "채용과 선발;성과 평가;보상;노사관계",
          "채용부터 보상, 노사관계에 이르는 인사 관리 제도를 가상의 기업에 맞춰 설계해 본다."),
        C("생산운영관리", "Operations Management", "수요 예측;재고 관리;품질 관리;공급사슬",
          "도요타 생산방식(TPS)과 공급사슬관리(SCM) 사례를 통해 운영 효율화를 다룬다."),
        C("경영정보시스템", "Management Information Systems", "ERP;데이터 웨어하우스;디지털 전환;정보 보안",
          "ERP 시스템 도입 사례를 분석하고 기업의 디지털 전환 전략을 논의한다."),
        C("경영전략", "Strategic Management", "산업 구조 분석;핵심 역량;다각화;글로벌 전략",
          "포터의 5 Forces 모형과 자원기반관점(RBV)으로 기업의 경쟁우위를 분석한다.", "p=경영학원론|eng"),
        C("기업가정신과 창업", "Entrepreneurship", "아이디어 발굴;비즈니스 모델 캔버스;투자 유치;린 스타트업",
          "팀별로 창업 아이템을 정하고 비즈니스 모델 캔버스를 작성해 최종 피칭(pitching)을 한다.", "team"),
        C("세무회계", "Tax Accounting", "법인세;소득세;부가가치세;세무 조정",
          "법인세 세무 조정과 부가가치세 신고서 작성을 실습한다.", "p=회계원리"),
        C("비즈니스 애널리틱스", "Business Analytics", "데이터 전처리;회귀분석;분류 모형;대시보드",
          "파이썬(Python)과 엑셀을 사용하여 판매 데이터를 분석하고 대시보드를 만든다.", "lab"),
        C("국제경영", "International Business", "해외 진출 방식;다국적 기업;문화 차이;글로벌 공급망",
          "한국 기업의 해외 진출 사례를 중심으로 진입 방식과 현지화 전략을 비교한다.", "eng"),
    ]),
    Dept("심리학과", 230, "SOC", [
        C("심리학개론", "Introduction to Psychology", "감각과 지각;학습;기억;성격",
          "인간 행동과 정신 과정을 과학적으로 연구하는 심리학의 주요 분야를 개관한다.",
          "req|sec=2|b=Psychology (Myers, DeWall)"),
        C("심리통계", "Statistics in Psychology", "기술통계;t검정;분산분석(ANOVA);상관과 회귀",
          "SPSS를 이용하여 t검정과 분산분석(ANOVA)을 수행하고 결과를 APA 양식으로 보고한다.", "req|lab"),
        C("심리학연구방법론", "Research Methods in Psychology", "실험 설계;설문 구성;신뢰도와 타당도;연구 윤리",
          "소규모 실험을 직접 설계하고 IRB 연구 윤리 절차에 맞춰 연구 계획서를 작성한다.", "req|p=심리통계"),
        C("인지심리학", "Cognitive Psychology", "주의;작업 기억;언어 처리;의사결정",
          "작업 기억과 주의에 관한 고전 실험을 재현하며 인간 정보처리 모형을 이해한다."),
        C("발달심리학", "Developmental Psychology", "애착;인지 발달;청소년기;노화",
          "피아제의 인지 발달 단계와 볼비의 애착 이론을 중심으로 전 생애 발달을 다룬다."),
        C("사회심리학", "Social Psychology", "동조;태도 변화;귀인;집단 과정",
          "애쉬의 동조 실험과 밀그램의 복종 실험을 재검토하며 사회적 영향력을 분석한다."),
        C("이상심리학", "Abnormal Psychology", "불안장애;우울장애;조현병;성격장애",
          "DSM-5 진단 기준에 따라 주요 정신장애의 증상과 원인을 학습한다.", "b=이상심리학 (권석만)"),
        C("상담심리학", "Counseling Psychology", "정신분석 상담;인간중심 상담;인지행동치료(CBT);상담 윤리",
          "인지행동치료(CBT) 기법을 역할극으로 연습하고 상담 축어록을 분석한다."),
        C("생물심리학", "Biological Psychology", "신경세포;신경전달물질;뇌 구조;수면과 각성",
          "신경전달물질과 뇌 구조가 행동에 미치는 영향을 뇌영상 연구 사례와 함께 살펴본다."),
        C("학습심리학", "Psychology of Learning", "고전적 조건형성;조작적 조건형성;강화 계획;관찰 학습",
          "파블로프와 스키너의 조건형성 원리를 동물 실험 영상과 함께 설명한다."),
        C("성격심리학", "Personality Psychology", "특질 이론;성격 5요인;정신역동 이론;성격 검사",
          "성격 5요인(Big Five) 검사를 직접 실시하고 결과를 해석하는 실습을 한다."),
        C("산업및조직심리학", "Industrial and Organizational Psychology", "인사 선발;직무 분석;직무 스트레스;조직 공정성",
          "직무 분석과 인사 선발 도구의 타당도를 실제 기업 자료로 평가한다."),
        C("건강심리학", "Health Psychology", "스트레스;대처 전략;건강 행동;만성 질환",
          "스트레스 대처 전략과 금연, 운동 같은 건강 행동 변화 프로그램을 설계한다."),
        C("임상심리학", "Clinical Psychology", "심리 평가;MMPI;지능 검사;심리치료 효과",
          "MMPI와 웩슬러 지능검사(WAIS)의 실시와 해석 절차를 배운다.", "p=이상심리학"),
        C("인지신경과학", "Cognitive Neuroscience", "fMRI;EEG;기억의 신경 기제;의사결정의 신경 기제",
          "fMRI와 EEG 연구 논문을 읽고 인지 기능의 신경 기제를 발표한다.", "eng"),
        C("소비자심리학", "Consumer Psychology", "광고 효과;설득;구매 동기;감각 마케팅",
          "광고 메시지가 소비자의 태도와 구매 의도에 미치는 효과를 실험으로 측정한다."),
        C("긍정심리학", "Positive Psychology", "행복;감사;회복탄력성;몰입(flow)",
          "행복과 회복탄력성에 관한 연구를 바탕으로 한 학기 동안 감사 일기를 작성한다."),
    ]),
    Dept("사회학과", 240, "SOC", [
        C("사회학개론", "Introduction to Sociology", "사회화;사회 계층;가족;일탈",
          "사회학적 상상력(sociological imagination)을 바탕으로 일상생활의 문제를 사회 구조와 연결해 생각한다.",
          "req"),
        C("사회조사방법론", "Social Research Methods", "표본 설계;설문지 작성;면접 조사;측정",
          "설문지를 직접 설계하고 학내 구성원을 대상으로 예비 조사를 실시한다.", "req|team"),
        C("사회통계", "Social Statistics", "교차분석;카이제곱 검정;회귀분석(regression);로지스틱 회귀",
          "한국종합사회조사(KGSS) 자료를 R로 분석하는 실습이 매주 진행된다.", "lab"),
        C("고전사회학이론", "Classical Sociological Theory", "마르크스;베버;뒤르켐;짐멜",
          "마르크스, 베버, 뒤르켐의 원전을 읽고 근대 사회를 설명하는 세 가지 관점을 비교한다.", "req"),
        C("현대사회학이론", "Contemporary Sociological Theory", "구조기능주의;상징적 상호작용론;부르디외;하버마스",
          "부르디외의 아비투스(habitus)와 하버마스의 의사소통 행위 이론을 중심으로 현대 이론을 다룬다.",
          "p=고전사회학이론"),
        C("가족사회학", "Sociology of the Family", "결혼과 이혼;돌봄 노동;저출산;다문화 가족",
          "저출산과 1인 가구 증가 등 한국 가족의 변화를 통계 자료로 확인한다."),
        C("도시사회학", "Urban Sociology", "도시화;젠트리피케이션;주거 불평등;공동체",
          "서울 성수동과 을지로의 젠트리피케이션(gentrification) 현장을 답사한다."),
        C("사회계층론", "Social Stratification", "계급;소득 불평등;교육과 이동;세습",
          "소득 불평등과 세대 간 계층 이동을 국제 비교 자료로 분석한다."),
        C("젠더와 사회", "Gender and Society", "젠더 개념;성별 임금 격차;섹슈얼리티;페미니즘 이론",
          "노동시장의 성별 임금 격차와 돌봄의 분배 문제를 중심으로 젠더 관계를 분석한다."),
        C("미디어사회학", "Sociology of Media", "미디어 효과;알고리즘과 여론;팬덤;허위 정보",
          "유튜브 알고리즘과 팬덤 문화가 여론 형성에 미치는 영향을 토론한다."),
        C("인구사회학", "Population Studies", "출산력;사망력;인구 이동;인구 고령화",
          "통계청 인구 자료를 활용하여 지역별 인구 고령화 추이를 분석한다."),
        C("일탈과 범죄", "Deviance and Crime", "아노미 이론;낙인 이론;청소년 비행;형사사법",
          "낙인 이론과 아노미 이론으로 청소년 비행과 재범 문제를 설명한다."),
        C("문화사회학", "Sociology of Culture", "취향;문화자본;대중문화;한류",
          "한류와 K-pop의 글로벌 확산을 문화자본 개념으로 분석한다."),
        C("질적연구방법", "Qualitative Research Methods", "참여관찰;심층면접;근거이론;코딩",
          "참여관찰과 심층면접 자료를 근거이론(grounded theory) 방식으로 코딩한다."),
        C("복지사회학", "Sociology of Welfare", "복지국가 유형;기본소득;사회보험;빈곤",
          "에스핑-앤더슨의 복지국가 유형론을 바탕으로 한국 복지 체제를 평가한다."),
        C("이주와 다문화사회", "Migration and Multicultural Society", "이주 노동;결혼 이주;난민;시민권",
          "이주 노동자와 결혼 이주민, 난민의 경험을 통해 한국 사회의 시민권 문제를 검토한다."),
        C("환경사회학", "Environmental Sociology", "기후 위기;환경 정의;위험 사회;에너지 전환",
          "울리히 벡의 위험 사회(risk society) 개념으로 기후 위기와 환경 정의를 논의한다.", "ins=미정"),
    ]),
    Dept("수학과", 310, "SCI", [
        C("미적분학1", "Calculus I", "극한과 연속;미분법;적분법;평균값 정리",
          "일변수 함수의 극한, 미분, 적분을 엄밀하게 다루고 물리·공학 문제에 응용한다.",
          "req|sec=3|b=Calculus: Early Transcendentals (Stewart)"),
        C("미적분학2", "Calculus II", "무한급수;편미분;중적분;벡터 미적분",
          "무한급수의 수렴 판정과 다변수 함수의 편미분, 중적분을 학습한다.",
          "req|p=미적분학1|b=Calculus: Early Transcendentals (Stewart)"),
        C("선형대수학", "Linear Algebra", "행렬과 연립방정식;벡터 공간;고유값;대각화",
          "행렬의 고유값(eigenvalue)과 대각화를 중심으로 벡터 공간의 구조를 이해한다.",
          "req|b=Linear Algebra and Its Applications (Lay)"),
        C("해석학1", "Real Analysis I", "실수의 완비성;수열의 수렴;연속 함수;리만 적분",
          "엡실론-델타 논법으로 수열과 함수의 수렴을 증명하는 훈련을 한다.",
          "req|p=미적분학2|b=Principles of Mathematical Analysis (Rudin)"),
        C("현대대수학1", "Abstract Algebra I", "군;부분군;준동형사상;환",
          "군(group)과 환(ring)의 정의에서 출발하여 준동형 정리까지 증명한다.",
          "req|b=A First Course in Abstract Algebra (Fraleigh)"),
        C("복소해석학", "Complex Analysis", "해석 함수;코시 적분 정리;로랑 급수;유수 정리",
          "코시 적분 정리와 유수 정리를 이용하여 실적분을 계산한다.", "p=해석학1"),
        C("위상수학", "Topology", "위상 공간;연속 사상;컴팩트성;연결성",
          "거리 공간에서 일반 위상 공간으로 개념을 확장하고 컴팩트성과 연결성을 증명한다."),
        C("미분방정식", "Differential Equations", "1계 미분방정식;2계 선형 미분방정식;라플라스 변환;연립 미분방정식",
          "라플라스 변환(Laplace transform)을 이용하여 선형 미분방정식의 초기값 문제를 해결한다.", "p=미적분학1"),
        C("확률론", "Probability Theory", "확률 공간;확률변수;기댓값;중심극한정리",
          "확률변수와 기댓값을 정의하고 큰 수의 법칙과 중심극한정리를 증명한다.", "p=미적분학2"),
        C("수리통계학", "Mathematical Statistics", "점추정;최대가능도추정;가설검정;신뢰구간",
          "최대가능도추정(MLE)과 네이만-피어슨 보조정리를 중심으로 통계적 추론을 다룬다.", "p=확률론"),
        C("정수론", "Number Theory", "합동식;페르마의 소정리;이차 잉여;RSA 암호",
          "합동식과 페르마의 소정리를 공부하고 RSA 암호의 원리를 이해한다."),
        C("수치해석", "Numerical Analysis", "오차 분석;근 찾기;수치 적분;선형 시스템",
          "뉴턴 방법과 수치 적분 알고리즘을 MATLAB으로 구현한다.", "p=선형대수학|lab"),
        C("이산수학", "Discrete Mathematics", "집합과 관계;조합론;그래프 이론;점화식",
          "조합론과 그래프 이론의 기초를 증명 중심으로 학습한다."),
        C("미분기하학", "Differential Geometry", "곡선론;곡률;곡면론;가우스-보네 정리",
          "곡선과 곡면의 곡률을 계산하고 가우스-보네 정리의 의미를 살펴본다.", "p=해석학1"),
        C("집합론", "Set Theory", "공리적 집합론;순서수;기수;선택 공리",
          "ZFC 공리계와 선택 공리를 바탕으로 무한 집합의 크기를 비교한다."),
        C("수학교육론", "Mathematics Education", "수학 교육과정;교수 학습 이론;오개념;평가",
          "중등 수학 교육과정을 분석하고 학생들의 오개념을 진단하는 수업을 설계한다."),
        C("최적화이론", "Optimization Theory", "선형계획법;쌍대성;볼록 최적화;경사하강법",
          "심플렉스 방법과 볼록 최적화(convex optimization)의 쌍대성 이론을 학습한다.", "p=선형대수학"),
    ]),
    Dept("물리학과", 320, "SCI", [
        C("일반물리학1", "General Physics I", "뉴턴 역학;일과 에너지;운동량;회전 운동",
          "뉴턴의 운동 법칙과 에너지 보존을 중심으로 역학의 기본 원리를 배운다.",
          "req|sec=2|b=Fundamentals of Physics (Halliday, Resnick, Walker)"),
        C("일반물리학실험1", "General Physics Laboratory I", "측정과 오차;자유낙하;진자 운동;충돌",
          "자유낙하와 진자 운동 실험을 통해 측정 오차를 처리하는 방법을 익힌다.", "req|lab|cr=1"),
        C("일반물리학2", "General Physics II", "전기장;자기장;전자기 유도;광학",
          "전기장과 자기장, 전자기 유도 현상을 맥스웰 방정식의 관점에서 정리한다.",
          "req|p=일반물리학1|b=Fundamentals of Physics (Halliday, Resnick, Walker)"),
        C("고전역학", "Classical Mechanics", "라그랑지안;해밀토니안;중심력 문제;강체 운동",
          "라그랑주 역학과 해밀턴 역학으로 중심력 문제와 강체 운동 문제를 해결한다.",
          "req|p=일반물리학1|b=Classical Mechanics (Goldstein)"),
        C("전자기학1", "Electromagnetism I", "정전기학;가우스 법칙;전위;유전체",
          "가우스 법칙과 라플라스 방정식을 이용하여 정전기 문제를 해결한다.",
          "req|b=Introduction to Electrodynamics (Griffiths)"),
        C("양자역학1", "Quantum Mechanics I", "슈뢰딩거 방정식;파동함수;불확정성 원리;수소 원자",
          "슈뢰딩거 방정식을 풀어 무한 퍼텐셜 우물과 조화 진동자의 에너지 준위를 구한다.",
          "req|p=선형대수학|b=Introduction to Quantum Mechanics (Griffiths)"),
        C("열물리학", "Thermal Physics", "열역학 법칙;엔트로피;볼츠만 분포;상전이",
          "엔트로피와 볼츠만 분포를 통해 거시적 열현상을 미시적으로 설명한다."),
        C("통계역학", "Statistical Mechanics", "앙상블;분배 함수;양자 통계;이징 모형",
          "분배 함수를 계산하여 이상 기체와 이징 모형(Ising model)의 성질을 유도한다.", "p=열물리학"),
        C("수리물리학", "Mathematical Physics", "벡터 해석;푸리에 급수;특수 함수;그린 함수",
          "물리학 전 분야에 필요한 푸리에 급수와 특수 함수, 그린 함수 기법을 정리한다.",
          "b=Mathematical Methods in the Physical Sciences (Boas)"),
        C("현대물리학", "Modern Physics", "특수 상대성 이론;광전 효과;원자 모형;핵물리",
          "특수 상대성 이론과 광전 효과 등 20세기 물리학의 전환점을 실험적 증거와 함께 다룬다."),
        C("고체물리학", "Solid State Physics", "결정 구조;격자 진동;에너지 띠;반도체",
          "결정 구조와 에너지 띠 이론으로 금속, 절연체, 반도체의 차이를 설명한다.",
          "p=양자역학1|b=Introduction to Solid State Physics (Kittel)"),
        C("광학", "Optics", "기하광학;간섭;회절;레이저",
          "간섭과 회절 현상을 레이저 실험과 함께 학습한다."),
        C("천체물리학", "Astrophysics", "항성 진화;은하;우주론;블랙홀",
          "항성의 진화와 블랙홀, 팽창 우주론을 관측 자료를 바탕으로 소개한다."),
        C("입자물리학", "Particle Physics", "표준 모형;쿼크;힉스 보손;가속기 실험",
          "표준 모형(Standard Model)의 입자와 상호작용을 LHC 실험 결과와 함께 살펴본다.", "eng"),
        C("전산물리학", "Computational Physics", "수치 적분;몬테카를로 시뮬레이션;미분방정식 풀이;파이썬 프로그래밍",
          "파이썬(Python)으로 몬테카를로 시뮬레이션과 운동 방정식의 수치 해를 구한다.", "lab"),
        C("현대물리실험", "Modern Physics Laboratory", "밀리컨 기름방울 실험;프랑크-헤르츠 실험;전자 회절;방사선 측정",
          "밀리컨 기름방울 실험과 프랑크-헤르츠 실험을 수행하고 실험 보고서를 작성한다.",
          "lab|cr=2|ins=none"),
        C("물리학과 사회", "Physics and Society", "에너지 문제;원자력;과학 윤리;기후 물리",
          "원자력 발전과 기후 변화 등 사회적 쟁점을 물리학의 관점에서 설명하는 비전공자 대상 강의이다.",
          "ty=교양선택"),
    ]),
    Dept("화학과", 330, "SCI", [
        C("일반화학1", "General Chemistry I", "원자 구조;화학 결합;화학량론;기체",
          "원자 구조와 주기율표, 화학 결합의 기본 개념을 배운다.",
          "req|sec=2|b=Chemistry: The Central Science (Brown)"),
        C("일반화학실험1", "General Chemistry Laboratory I", "실험실 안전;산-염기 적정;용액 제조;기체 법칙",
          "산-염기 적정과 용액 제조 실험을 통해 정량 분석의 기초를 익힌다.",
          "req|lab|cr=1|ev=실험 보고서 40%, 실험 태도 20%, 기말고사 30%, 출석 10%"),
        C("일반화학2", "General Chemistry II", "화학 평형;산과 염기;열화학;반응 속도",
          "화학 평형과 반응 속도, 산-염기 평형을 정량적으로 다룬다.", "req|p=일반화학1"),
        C("유기화학1", "Organic Chemistry I", "알케인;입체화학;친핵성 치환 반응;제거 반응",
          "SN1, SN2 반응 메커니즘과 입체화학을 화살표 표기로 설명하는 능력을 기른다.",
          "req|p=일반화학2|b=Organic Chemistry (McMurry)"),
        C("유기화학2", "Organic Chemistry II", "방향족 화합물;카르보닐 화학;아민;합성 전략",
          "카르보닐 화합물의 반응과 다단계 유기 합성 전략을 학습한다.",
          "p=유기화학1|b=Organic Chemistry (McMurry)"),
        C("물리화학1", "Physical Chemistry I", "열역학;화학 퍼텐셜;상평형;용액",
          "열역학 법칙과 화학 퍼텐셜을 이용하여 상평형과 용액의 성질을 분석한다.",
          "req|b=Physical Chemistry (Atkins)"),
        C("분석화학", "Analytical Chemistry", "통계적 데이터 처리;적정법;분광법;크로마토그래피",
          "분광법과 크로마토그래피(chromatography)의 원리를 정량 분석 사례와 함께 배운다.",
          "b=Quantitative Chemical Analysis (Harris)"),
        C("무기화학", "Inorganic Chemistry", "배위 화합물;결정장 이론;대칭과 군론;유기금속",
          "결정장 이론(crystal field theory)으로 전이금속 착물의 색과 자성을 설명한다."),
        C("생화학", "Biochemistry", "단백질 구조;효소 반응 속도론;대사 경로;생체막",
          "효소 반응 속도론과 해당 과정 등 주요 대사 경로를 화학적 관점에서 다룬다.",
          "p=유기화학1|b=Lehninger Principles of Biochemistry"),
        C("고분자화학", "Polymer Chemistry", "중합 반응;분자량 분포;고분자 물성;생분해성 고분자",
          "중합 반응 메커니즘과 생분해성 플라스틱의 설계 원리를 학습한다."),
        C("유기화학실험", "Organic Chemistry Laboratory", "재결정;증류;추출;박층 크로마토그래피(TLC)",
          "재결정, 증류, 추출 등 유기 화합물의 분리·정제 기법을 실습한다.", "lab|cr=2|p=유기화학1"),
        C("분광학", "Spectroscopy", "핵자기공명(NMR);적외선 분광법(IR);질량 분석법;자외선-가시광선 분광법",
          "NMR과 IR 스펙트럼을 해석하여 미지 화합물의 구조를 결정한다."),
        C("양자화학", "Quantum Chemistry", "슈뢰딩거 방정식;분자 궤도 함수;변분법;계산화학",
          "분자 궤도 함수 이론을 배우고 가우시안(Gaussian) 프로그램으로 계산화학 실습을 한다.",
          "p=물리화학1"),
        C("환경화학", "Environmental Chemistry", "대기 오염;수질 화학;미세먼지;온실가스",
          "미세먼지와 온실가스의 생성 반응을 화학적으로 분석한다."),
        C("전기화학", "Electrochemistry", "전극 반응;네른스트 식;이차전지;연료전지",
          "네른스트 식과 전극 반응 속도론을 리튬이온 배터리 사례에 적용한다."),
        C("의약화학", "Medicinal Chemistry", "약물 표적;구조-활성 관계;약동학;신약 개발",
          "구조-활성 관계(SAR) 분석을 통해 신약 후보 물질의 최적화 과정을 이해한다."),
        C("재료화학", "Materials Chemistry", "나노 소재;세라믹;반도체 소재;2차원 물질",
          "그래핀 등 2차원 물질과 나노 소재의 합성 및 응용을 소개한다."),
    ]),
    Dept("생명과학과", 340, "SCI", [
        C("일반생물학1", "General Biology I", "세포 구조;세포 호흡;광합성;멘델 유전",
          "세포의 구조와 에너지 대사, 멘델 유전의 기본 원리를 학습한다.",
          "req|sec=2|b=Campbell Biology"),
        C("일반생물학실험1", "General Biology Laboratory I", "현미경 사용법;세포 관찰;효소 실험;DNA 추출",
          "광학 현미경으로 세포를 관찰하고 식물 세포에서 DNA를 추출하는 실험을 한다.", "req|lab|cr=1"),
        C("세포생물학", "Cell Biology", "세포막;세포 골격;세포 주기;세포 신호 전달",
          "세포 주기 조절과 세포 신호 전달 경로를 분자 수준에서 이해한다.",
          "req|b=Molecular Biology of the Cell (Alberts)"),
        C("분자생물학", "Molecular Biology", "DNA 복제;전사;번역;유전자 발현 조절",
          "DNA 복제, 전사, 번역의 분자 기작과 유전자 발현 조절을 다룬다.", "req|p=일반생물학1"),
        C("유전학", "Genetics", "멘델 유전;연관과 재조합;집단 유전학;유전체학",
          "초파리 교배 실험 자료를 분석하여 연관과 재조합 빈도를 계산한다."),
        C("생리학", "Physiology", "신경계;순환계;호흡계;내분비계",
          "신경계와 내분비계를 중심으로 동물 기관계의 항상성 유지 원리를 설명한다."),
        C("미생물학", "Microbiology", "세균의 구조;미생물 대사;바이러스;항생제 내성",
          "세균과 바이러스의 구조를 비교하고 항생제 내성의 발생 기작을 학습한다."),
        C("면역학", "Immunology", "선천 면역;적응 면역;항체;백신",
          "항체의 구조와 T세포 활성화 과정을 배우고 mRNA 백신의 원리를 이해한다."),
        C("생태학", "Ecology", "개체군 생태;군집 구조;생태계 에너지 흐름;생물 다양성",
          "교내 숲에서 식생 조사를 실시하고 생물 다양성 지수를 계산한다.", "team"),
        C("진화생물학", "Evolutionary Biology", "자연선택;유전적 부동;종 분화;계통수",
          "다윈의 <종의 기원>을 출발점으로 자연선택과 종 분화의 기작을 검토한다."),
        C("발생생물학", "Developmental Biology", "수정;배아 발생;형태 형성;줄기세포",
          "초파리와 제브라피시 배아를 모델로 형태 형성의 유전적 조절을 다룬다."),
        C("신경생물학", "Neurobiology", "활동전위;시냅스 전달;감각계;학습과 기억",
          "활동전위의 발생과 시냅스 가소성(synaptic plasticity)을 전기생리학 자료로 설명한다."),
        C("생물정보학", "Bioinformatics", "서열 정렬;BLAST;유전체 분석;단백질 구조 예측",
          "BLAST를 이용한 서열 정렬과 유전체 데이터 분석을 파이썬으로 실습한다.", "lab"),
        C("식물생물학", "Plant Biology", "식물 호르몬;광합성;식물 발생;스트레스 반응",
          "옥신과 지베렐린 등 식물 호르몬의 작용과 환경 스트레스 반응을 학습한다."),
        C("분자생물학실험", "Molecular Biology Laboratory", "PCR;겔 전기영동;클로닝;형질전환",
          "PCR과 겔 전기영동, 대장균 형질전환 실험을 단계별로 수행한다.", "lab|cr=2|p=분자생물학"),
        C("유전체학과 유전자 편집", "Genomics and Gene Editing", "차세대 염기서열 분석(NGS);CRISPR-Cas9;유전자 치료;생명윤리",
          "CRISPR-Cas9 유전자 가위의 원리와 유전자 치료 임상 사례를 소개한다.", "eng"),
        C("해양생물학", "Marine Biology", "플랑크톤;산호초;심해 생물;해양 보전",
          "플랑크톤에서 심해 생물까지 해양 생태계의 구성과 보전 문제를 다룬다."),
    ]),
    Dept("컴퓨터공학과", 410, "ENG", [
        C("프로그래밍기초", "Introduction to Programming", "변수와 자료형;조건문과 반복문;함수;파일 입출력",
          "파이썬(Python)으로 기초 문법을 익히고 매주 작은 프로그램을 작성한다.", "req|lab|sec=3"),
        C("자료구조", "Data Structures", "배열과 연결 리스트;스택과 큐;트리와 힙;해시 테이블",
          "자료구조(Data Structures)의 구현과 시간 복잡도 분석을 C++ 실습으로 익힌다.",
          "req|sec=2|p=프로그래밍기초|b=Introduction to Algorithms (Cormen et al.)"),
        C("알고리즘", "Algorithms", "분할 정복;동적 계획법;그리디 알고리즘;그래프 알고리즘",
          "동적 계획법(dynamic programming)과 그래프 최단 경로 알고리즘을 설계하고 정확성을 증명한다.",
          "req|p=자료구조|b=Algorithm Design (Kleinberg, Tardos)"),
        C("컴퓨터구조", "Computer Architecture", "명령어 집합;파이프라이닝;캐시 메모리;가상 메모리",
          "MIPS 명령어 집합을 바탕으로 파이프라인과 캐시의 동작을 분석한다.",
          "req|b=Computer Organization and Design (Patterson, Hennessy)"),
        C("운영체제", "Operating Systems", "프로세스와 스레드;CPU 스케줄링;동기화;메모리 관리",
          "xv6 커널을 수정하는 과제를 통해 프로세스 스케줄링과 동기화를 구현한다.",
          "req|p=자료구조|b=Operating System Concepts (Silberschatz)"),
        C("데이터베이스", "Database Systems", "관계형 모델;SQL;정규화;트랜잭션",
          "SQL 질의 작성과 정규화, 트랜잭션 처리 원리를 배우고 팀별로 웹 서비스용 DB를 설계한다.",
          "team|b=Database System Concepts|ev=중간고사 30%, 기말고사 30%, 팀 프로젝트 30%, 출석 10%"),
        C("컴퓨터네트워크", "Computer Networks", "OSI 7계층;TCP/IP;라우팅;소켓 프로그래밍",
          "와이어샤크(Wireshark)로 실제 패킷을 분석하고 소켓 프로그래밍 과제를 수행한다.",
          "b=Computer Networking: A Top-Down Approach (Kurose, Ross)"),
        C("머신러닝", "Machine Learning", "선형 회귀;로지스틱 회귀;서포트 벡터 머신;신경망",
          "지도학습과 비지도학습의 주요 머신러닝 알고리즘을 배우고 scikit-learn으로 실제 데이터에 적용한다.",
          "eng|p=선형대수학|b=Pattern Recognition and Machine Learning (Bishop)"),
        C("딥러닝", "Deep Learning", "합성곱 신경망(CNN);순환 신경망(RNN);트랜스포머;생성 모델",
          "PyTorch로 CNN과 트랜스포머(Transformer) 모델을 구현하고 GPU 서버에서 학습시킨다.",
          "p=머신러닝|lab"),
        C("소프트웨어공학", "Software Engineering", "요구사항 분석;UML 설계;소프트웨어 테스트;형상 관리",
          "애자일(Agile) 방법론에 따라 스프린트 단위로 팀 프로젝트를 진행하고 Git으로 협업한다.", "team"),
        C("컴파일러", "Compilers", "어휘 분석;구문 분석;의미 분석;코드 생성",
          "간단한 프로그래밍 언어의 컴파일러를 어휘 분석기부터 코드 생성기까지 직접 구현한다.", "p=자료구조"),
        C("인공지능", "Artificial Intelligence", "탐색;지식 표현;확률적 추론;강화학습",
          "A* 탐색과 베이즈 네트워크, 강화학습의 기초를 팩맨(Pac-Man) 과제로 실습한다.",
          "b=Artificial Intelligence: A Modern Approach (Russell, Norvig)"),
        C("컴퓨터그래픽스", "Computer Graphics", "변환 행렬;래스터화;셰이딩;광선 추적",
          "OpenGL로 3차원 장면을 렌더링하고 광선 추적(ray tracing) 렌더러를 구현한다."),
        C("정보보호", "Information Security", "암호학 기초;인증;네트워크 보안;시스템 해킹",
          "대칭키·공개키 암호와 버퍼 오버플로 공격 원리를 실습 환경에서 체험한다.", "lab"),
        C("웹프로그래밍", "Web Programming", "HTML/CSS;자바스크립트;REST API;프론트엔드 프레임워크",
          "HTML, CSS, 자바스크립트(JavaScript)로 반응형 웹 페이지를 만들고 REST API 서버와 연동한다.", "lab"),
        C("자연어처리", "Natural Language Processing", "형태소 분석;언어 모델;단어 임베딩;기계번역",
          "한국어 형태소 분석과 단어 임베딩, 트랜스포머 기반 언어 모델을 다룬다.", "p=딥러닝"),
        C("캡스톤디자인", "Capstone Design", "주제 선정;시스템 설계;구현;최종 발표",
          "산학협력 기업이 제안한 과제를 한 학기 동안 팀 단위로 수행하고 작품 전시회에서 발표한다.",
          "req|team|cr=4|ins=two"),
    ]),
    Dept("전자공학과", 420, "ENG", [
        C("회로이론1", "Circuit Theory I", "옴의 법칙;키르히호프 법칙;테브난 등가회로;RLC 회로",
          "키르히호프 법칙과 테브난 등가회로를 이용하여 직류 및 교류 회로를 해석한다.",
          "req|sec=2|b=Engineering Circuit Analysis (Hayt)"),
        C("전자회로1", "Electronic Circuits I", "다이오드;BJT;MOSFET;증폭기",
          "다이오드와 MOSFET 소자의 동작 원리를 배우고 단일 단 증폭기를 설계한다.",
          "req|p=회로이론1|b=Microelectronic Circuits (Sedra, Smith)"),
        C("신호및시스템", "Signals and Systems", "선형 시불변 시스템;컨볼루션;푸리에 변환;라플라스 변환",
          "선형 시불변(LTI) 시스템을 컨볼루션과 푸리에 변환(Fourier transform)으로 해석한다.",
          "req|b=Signals and Systems (Oppenheim, Willsky)"),
        C("디지털논리회로", "Digital Logic Design", "불 대수;조합 논리;순차 논리;유한 상태 기계",
          "불 대수와 카르노 맵으로 논리식을 간소화하고 FPGA 보드에 순차 회로를 구현한다.", "req|lab"),
        C("전자기학", "Engineering Electromagnetics", "맥스웰 방정식;전송선로;평면파;도파관",
          "맥스웰 방정식에서 출발하여 전송선로와 평면파의 전파 특성을 해석한다."),
        C("반도체소자", "Semiconductor Devices", "에너지 밴드;PN 접합;MOS 커패시터;MOSFET 특성",
          "PN 접합과 MOS 구조의 에너지 밴드 다이어그램을 그리고 소자 특성을 유도한다.",
          "b=Semiconductor Physics and Devices (Neamen)"),
        C("디지털신호처리", "Digital Signal Processing", "이산 푸리에 변환;고속 푸리에 변환(FFT);FIR 필터;IIR 필터",
          "FFT 알고리즘과 FIR·IIR 디지털 필터를 MATLAB으로 설계한다.", "p=신호및시스템"),
        C("통신이론", "Communication Theory", "아날로그 변조;디지털 변조;잡음;채널 용량",
          "AM, FM 변조와 디지털 변조 방식을 비교하고 섀넌의 채널 용량을 이해한다.", "p=신호및시스템"),
        C("제어공학", "Control Engineering", "전달 함수;안정도;근궤적;PID 제어기",
          "전달 함수와 근궤적 기법으로 PID 제어기를 설계하고 시뮬링크(Simulink)로 검증한다."),
        C("마이크로프로세서", "Microprocessors", "ARM 구조;어셈블리어;인터럽트;주변장치 제어",
          "ARM Cortex-M 보드를 사용하여 인터럽트와 타이머, UART 통신을 프로그래밍한다.", "lab"),
        C("임베디드시스템", "Embedded Systems", "실시간 운영체제;디바이스 드라이버;센서 인터페이스;저전력 설계",
          "라즈베리 파이(Raspberry Pi)와 센서를 이용한 IoT 시스템을 팀별로 제작한다.", "team"),
        C("VLSI설계", "VLSI Design", "CMOS 논리;레이아웃;타이밍 분석;하드웨어 기술 언어",
          "Verilog로 디지털 회로를 기술하고 CMOS 레이아웃과 타이밍 분석을 수행한다."),
        C("전력전자", "Power Electronics", "정류기;DC-DC 컨버터;인버터;전기차 충전",
          "DC-DC 컨버터와 인버터의 동작을 분석하고 전기차 충전 시스템에 적용한다."),
        C("광전자공학", "Optoelectronics", "광검출기;발광 다이오드(LED);레이저 다이오드;광섬유 통신",
          "LED와 레이저 다이오드, 광검출기의 동작 원리와 광섬유 통신 시스템을 다룬다."),
        C("컴퓨터비전", "Computer Vision", "영상 필터링;특징점 검출;카메라 모델;객체 인식",
          "OpenCV를 이용하여 특징점 검출과 객체 인식 알고리즘을 구현한다.", "eng"),
        C("전자회로실험", "Electronic Circuits Laboratory", "오실로스코프 사용법;증폭기 측정;필터 회로;연산증폭기",
          "오실로스코프와 함수 발생기를 사용하여 연산증폭기(op-amp) 회로의 특성을 측정한다.",
          "lab|cr=2|p=전자회로1"),
        C("무선통신시스템", "Wireless Communication Systems", "페이딩 채널;OFDM;MIMO;5G 이동통신",
          "OFDM과 MIMO 기술을 중심으로 5G 이동통신 시스템의 구조를 이해한다.", "p=통신이론"),
    ]),
    Dept("기계공학과", 430, "ENG", [
        C("정역학", "Statics", "힘의 평형;트러스;마찰;관성 모멘트",
          "자유물체도(free-body diagram)를 그려 트러스와 보에 작용하는 힘의 평형을 계산한다.",
          "req|sec=2|b=Engineering Mechanics: Statics (Meriam)"),
        C("동역학", "Dynamics", "질점의 운동학;뉴턴 법칙;일-에너지 방법;강체 동역학",
          "질점과 강체의 운동을 운동학과 운동역학으로 나누어 해석한다.", "req|p=정역학"),
        C("재료역학", "Mechanics of Materials", "응력과 변형률;비틀림;보의 굽힘;좌굴",
          "응력과 변형률의 관계를 이해하고 보의 굽힘 응력과 처짐을 계산한다.",
          "req|p=정역학|b=Mechanics of Materials (Gere)"),
        C("열역학", "Thermodynamics", "열역학 제1법칙;열역학 제2법칙;엔트로피;사이클 해석",
          "랭킨 사이클과 냉동 사이클을 해석하여 열기관의 효율을 계산한다.",
          "req|b=Thermodynamics: An Engineering Approach (Cengel)"),
        C("유체역학", "Fluid Mechanics", "유체 정역학;베르누이 방정식;관 유동;경계층",
          "베르누이 방정식과 운동량 방정식을 이용하여 관 유동과 항력 문제를 계산한다.", "req"),
        C("열전달", "Heat Transfer", "전도;대류;복사;열교환기",
          "전도, 대류, 복사 열전달을 해석하고 열교환기를 설계한다.", "p=열역학"),
        C("기계설계", "Machine Design", "피로 파괴;축과 베어링;기어;볼트 체결",
          "피로 파괴 기준을 적용하여 축, 기어, 베어링을 설계하는 과제를 수행한다.", "p=재료역학"),
        C("기계진동", "Mechanical Vibrations", "자유 진동;강제 진동;다자유도계;진동 절연",
          "다자유도계의 고유진동수와 모드 형상을 구하고 진동 절연 장치를 설계한다.", "p=동역학"),
        C("공학설계입문", "Introduction to Engineering Design", "설계 프로세스;3D 모델링;시제품 제작;설계 발표",
          "솔리드웍스(SolidWorks)로 3D 모델을 만들고 3D 프린터로 시제품을 제작한다.", "team|lab"),
        C("제조공정", "Manufacturing Processes", "주조;소성가공;절삭가공;적층 제조",
          "주조와 절삭가공, 적층 제조(3D 프린팅) 공정의 원리와 특징을 비교한다."),
        C("로봇공학", "Robotics", "좌표 변환;정기구학;역기구학;경로 계획",
          "로봇 팔의 정기구학과 역기구학을 유도하고 ROS 기반 시뮬레이션을 수행한다.", "eng"),
        C("자동차공학", "Automotive Engineering", "내연기관;동력 전달 장치;전기차 구동;자율주행",
          "내연기관과 전기차 구동 시스템을 비교하고 자율주행 기술 동향을 소개한다."),
        C("유한요소해석", "Finite Element Analysis", "요소 정식화;강성 행렬;메쉬 생성;구조 해석",
          "ANSYS를 사용하여 구조물의 응력 해석을 수행하고 결과의 수렴성을 검토한다.", "p=재료역학|lab"),
        C("메카트로닉스", "Mechatronics", "센서;액추에이터;마이크로컨트롤러;모터 제어",
          "아두이노(Arduino)로 센서와 모터를 제어하는 메카트로닉스 시스템을 제작한다.", "lab"),
        C("에너지공학", "Energy Engineering", "화력 발전;신재생 에너지;수소 에너지;에너지 저장",
          "태양광, 풍력, 수소 등 신재생 에너지 시스템의 효율과 경제성을 평가한다."),
        C("기계공학실험", "Mechanical Engineering Laboratory", "인장 시험;경도 시험;유량 측정;온도 측정",
          "인장 시험과 유량 측정 실험을 수행하고 결과를 공학 보고서 형식으로 작성한다.", "lab|cr=2"),
        C("항공우주공학개론", "Introduction to Aerospace Engineering", "공기역학;비행 성능;추진 기관;궤도 역학",
          "날개 주위의 공기역학과 로켓 추진, 인공위성 궤도 역학의 기초를 소개한다."),
    ]),
    Dept("건축학과", 440, "ENG", [
        C("건축설계1", "Architectural Design Studio I", "공간 구성;스케치;모형 제작;크리틱",
          "소규모 주택을 대상으로 공간 구성 원리를 익히고 모형과 도면으로 표현한다.",
          "req|cr=4|lab|ins=two"),
        C("건축설계2", "Architectural Design Studio II", "대지 분석;프로그램 구성;구조와 형태;최종 프레젠테이션",
          "도심 대지의 근린생활시설을 설계하며 대지 분석부터 최종 크리틱까지 진행한다.",
          "req|cr=4|p=건축설계1"),
        C("서양건축사", "History of Western Architecture", "그리스 신전;고딕 성당;르네상스 건축;모더니즘 건축",
          "파르테논 신전에서 르 코르뷔지에까지 서양 건축 양식의 변천을 다룬다.",
          "b=A World History of Architecture (Fazio, Moffett, Wodehouse)"),
        C("한국건축사", "History of Korean Architecture", "궁궐;사찰;한옥;서원",
          "종묘와 부석사 무량수전 등 대표 건축물을 통해 한국 전통 건축의 공간 특성을 이해한다."),
        C("건축구조", "Architectural Structures", "하중;보와 기둥;철근콘크리트;내진 설계",
          "건축물에 작용하는 하중과 철근콘크리트 부재의 거동을 이해하고 내진 설계 개념을 익힌다.", "req"),
        C("건축환경계획", "Environmental Control Systems", "열환경;빛환경;음환경;패시브 디자인",
          "일조와 자연 환기를 고려한 패시브 디자인(passive design) 전략을 설계 과제에 적용한다."),
        C("건축재료", "Building Materials", "콘크리트;목재;철강;친환경 재료",
          "콘크리트, 목재, 철강 등 주요 건축 재료의 물성과 시공 특성을 비교한다."),
        C("도시계획", "Urban Planning", "토지 이용;교통 계획;도시 재생;스마트 시티",
          "도시 재생 사업 지역을 답사하고 토지 이용 계획안을 작성한다."),
        C("건축CAD", "Architectural CAD", "2D 도면 작성;3D 모델링;렌더링;도면 출력",
          "AutoCAD와 라이노(Rhino)를 사용하여 평면도, 단면도, 입면도를 작성한다.", "lab|cr=2"),
        C("BIM설계", "Building Information Modeling", "Revit 모델링;패밀리 작성;물량 산출;협업 설계",
          "Revit으로 BIM 모델을 구축하고 물량 산출과 간섭 검토를 실습한다.", "lab|p=건축CAD"),
        C("현대건축론", "Theory of Contemporary Architecture", "포스트모더니즘;해체주의;비판적 지역주의;파라메트릭 디자인",
          "자하 하디드와 렘 콜하스 등 현대 건축가의 작품과 이론을 비평한다."),
        C("조경계획", "Landscape Planning", "식재 계획;공원 설계;생태 조경;경관 분석",
          "도시 공원의 식재 계획과 생태 조경 기법을 사례 중심으로 학습한다.", "ins=none"),
        C("건축시공", "Building Construction", "공정 관리;가설 공사;골조 공사;안전 관리",
          "공정표 작성과 현장 안전 관리를 건설 현장 견학과 함께 학습한다."),
        C("실내건축설계", "Interior Architecture Design", "색채 계획;조명 계획;가구 배치;유니버설 디자인",
          "유니버설 디자인 원칙에 따라 카페와 도서관의 실내 공간을 설계한다.", "lab"),
        C("건축법규", "Building Codes and Regulations", "건축법;용도 지역;건폐율과 용적률;피난 규정",
          "건축법의 건폐율과 용적률 규정을 실제 대지에 적용하여 법규 검토서를 작성한다."),
        C("친환경건축", "Sustainable Architecture", "제로에너지 건축;녹색건축 인증;재생 에너지;건물 에너지 시뮬레이션",
          "제로에너지 건축물(ZEB) 인증 기준을 분석하고 건물 에너지 시뮬레이션을 수행한다."),
        C("건축과 도시의 역사", "History of Cities and Architecture", "고대 도시;중세 도시;산업 도시;서울의 도시 형성",
          "고대 로마에서 근대 서울에 이르기까지 도시 공간의 형성과 변화를 다룬다."),
    ]),
    Dept("간호학과", 510, "NUR", [
        C("기본간호학", "Fundamentals of Nursing", "활력징후 측정;감염 관리;투약;환자 안전",
          "활력징후 측정과 무균술, 투약 등 기본 간호 술기를 시뮬레이션 실습실에서 익힌다.",
          "req|lab|sec=2"),
        C("인체해부학", "Human Anatomy", "골격계;근육계;신경계;심혈관계",
          "인체 모형과 해부 영상을 활용하여 골격계와 근육계의 구조를 학습한다.", "req"),
        C("인체생리학", "Human Physiology", "세포 생리;신경 생리;심혈관 생리;신장 생리",
          "심혈관계와 신장의 생리 기전을 간호 임상 상황과 연결하여 이해한다.", "req"),
        C("성인간호학1", "Adult Health Nursing I", "호흡기계 질환;심혈관계 질환;수술 전후 간호;통증 관리",
          "호흡기계와 심혈관계 질환을 가진 성인 환자의 간호 과정을 사례 중심으로 적용한다.",
          "req|cr=4|p=기본간호학"),
        C("아동간호학", "Pediatric Nursing", "성장 발달;예방 접종;소아 질환;가족 중심 간호",
          "영유아의 성장 발달 단계와 예방 접종 일정을 학습하고 가족 중심 간호를 실천한다.", "req"),
        C("모성간호학", "Maternity Nursing", "임신;분만;산욕기;신생아 간호",
          "정상 임신과 분만 과정을 이해하고 산욕기 산모와 신생아 간호를 수행한다.", "req"),
        C("정신간호학", "Psychiatric Nursing", "치료적 의사소통;우울장애 간호;조현병 간호;위기 중재",
          "치료적 의사소통 기법을 역할극으로 연습하고 정신질환자의 위기 중재 방법을 배운다."),
        C("지역사회간호학", "Community Health Nursing", "보건소 사업;역학;건강 증진;재난 간호",
          "보건소 방문 건강관리 사업을 분석하고 지역 주민 대상 건강 교육 프로그램을 기획한다.", "team"),
        C("간호관리학", "Nursing Management", "간호 조직;인력 관리;환자 안전 문화;의료의 질",
          "병동 인력 배치와 환자 안전 문화를 간호 관리자의 관점에서 분석한다."),
        C("약리학", "Pharmacology", "약물 동태;자율신경계 약물;항생제;고위험 약물",
          "항생제와 고위험 약물의 작용 기전과 부작용, 간호 시 주의사항을 정리한다.",
          "b=간호사를 위한 약리학"),
        C("병태생리학", "Pathophysiology", "세포 손상;염증;종양;체액 불균형",
          "염증과 종양, 체액 불균형이 발생하는 병리 기전을 임상 증상과 연결한다.", "p=인체생리학"),
        C("건강사정", "Health Assessment", "문진;신체 검진;심음과 호흡음 청진;간호 기록",
          "청진기를 사용한 심음과 호흡음 청진 등 두부에서 발끝까지의 신체 검진을 실습한다.", "lab"),
        C("노인간호학", "Gerontological Nursing", "노화의 특성;치매 간호;낙상 예방;장기요양",
          "치매 노인의 인지 기능 평가와 낙상 예방 간호 중재를 학습한다."),
        C("간호연구", "Nursing Research", "근거기반간호(EBN);연구 설계;문헌 고찰;자료 분석",
          "근거기반간호(EBN)를 위한 체계적 문헌 고찰 방법을 익히고 연구 계획서를 작성한다."),
        C("응급간호", "Emergency Nursing", "심폐소생술(CPR);중증도 분류;외상 간호;중환자 간호",
          "심폐소생술(CPR)과 응급실 중증도 분류(KTAS)를 시뮬레이션으로 훈련한다.", "lab"),
        C("간호윤리", "Nursing Ethics", "생명윤리 원칙;연명의료 결정;환자 권리;전문직 윤리",
          "연명의료결정법과 관련된 실제 임상 사례를 토론하며 간호사의 윤리적 판단 능력을 기른다."),
        C("임상실습1", "Clinical Practicum I", "병동 실습;간호 과정 적용;사례 보고서;실습 컨퍼런스",
          "대학병원 내과 병동에서 실습하며 담당 환자에게 간호 과정을 적용한 사례 보고서를 제출한다.",
          "req|lab|cr=2|ins=two"),
    ]),
    Dept("음악학과", 610, "MUS", [
        C("서양음악사1", "History of Western Music I", "중세 성가;르네상스 다성음악;바로크 음악;바흐와 헨델",
          "그레고리오 성가에서 바흐까지 서양 음악의 양식 변화를 감상과 함께 다룬다.",
          "req|sec=2|b=A History of Western Music (Burkholder, Grout, Palisca)"),
        C("화성학1", "Harmony I", "3화음;4성부 진행;종지;화음 연결",
          "4성부 화성 진행 규칙을 익히고 주어진 베이스에 화음을 붙이는 과제를 한다.", "req"),
        C("대위법", "Counterpoint", "종 대위법;2성 대위법;모방;푸가",
          "팔레스트리나 양식의 종 대위법에서 출발하여 바흐의 푸가 구조를 분석한다.", "p=화성학1"),
        C("시창청음", "Sight-singing and Ear Training", "음정 청음;리듬 받아쓰기;선율 시창;화성 청음",
          "매 시간 선율 받아쓰기와 시창 평가를 실시한다.", "req|cr=1.5"),
        C("음악분석", "Musical Analysis", "소나타 형식;론도 형식;변주곡;모티브 분석",
          "베토벤 피아노 소나타를 대상으로 소나타 형식의 구조를 분석한다.", "p=화성학1"),
        C("한국음악개론", "Introduction to Korean Traditional Music", "정악;민속악;장단;국악기",
          "가야금과 판소리 등 국악의 갈래와 장단 체계를 감상 위주로 이해한다."),
        C("피아노실기1", "Piano Performance I", "스케일과 아르페지오;바로크 작품;고전 작품;낭만 작품",
          "개인 레슨 방식으로 진행되며 학기말 실기 시험에서 자유곡 2곡을 연주한다.", "cr=2"),
        C("합창", "Choir", "발성;합창 레퍼토리;악보 읽기;정기 연주회",
          "모차르트의 <레퀴엠>을 연습하여 학기말 정기 연주회에서 공연한다.", "cr=1"),
        C("오케스트라", "Orchestra", "파트 연습;합주;지휘자와의 소통;정기 연주회",
          "브람스 교향곡 1번을 합주하고 정기 연주회에 참여한다.", "cr=1|ins=two"),
        C("지휘법", "Conducting", "지휘 도형;박자 젓기;총보 읽기;리허설 기법",
          "기본 지휘 도형과 총보 읽기를 익히고 학생 앙상블을 직접 지휘한다."),
        C("작곡기초", "Introduction to Composition", "선율 작법;모티브 발전;소품 작곡;악보 제작",
          "짧은 피아노 소품을 작곡하고 시벨리우스(Sibelius)로 악보를 제작한다."),
        C("음악과 테크놀로지", "Music Technology", "MIDI;디지털 오디오 워크스테이션;녹음;믹싱",
          "디지털 오디오 워크스테이션(DAW)으로 녹음, 편집, 믹싱 과정을 실습한다.", "lab"),
        C("오페라의 이해", "Understanding Opera", "바로크 오페라;벨칸토 오페라;바그너 악극;베르디",
          "모차르트의 <마술피리>와 베르디의 <라 트라비아타>를 영상으로 감상하고 분석한다."),
        C("재즈의 역사", "History of Jazz", "뉴올리언스 재즈;스윙;비밥;퓨전 재즈",
          "루이 암스트롱에서 마일스 데이비스까지 재즈의 흐름을 음원 감상과 함께 살펴본다."),
        C("음악교육론", "Music Education", "코다이 교수법;오르프 교수법;달크로즈 교수법;음악 교육과정",
          "코다이와 오르프 교수법을 비교하고 초등 음악 수업 지도안을 작성한다."),
        C("음악치료", "Music Therapy", "음악치료의 역사;즉흥 연주;치료 대상별 접근;세션 계획",
          "발달장애 아동과 노인을 대상으로 한 음악치료 세션 계획을 수립해 본다.", "ins=none"),
        C("대중음악의 이해", "Understanding Popular Music", "록;힙합;K-pop;음악 산업",
          "록과 힙합, K-pop의 음악적 특징과 음악 산업 구조를 분석한다.", "ty=교양선택"),
    ]),
    Dept("교양교육원", 900, "GEN", [
        C("글쓰기와 의사소통", "Writing and Communication", "논증적 글쓰기;요약과 비평;보고서 작성;발표",
          "대학 생활에 필요한 보고서와 논증적 글을 쓰고 동료 첨삭(peer review)을 통해 고쳐 쓴다.",
          "ty=교양필수|sec=3"),
        C("대학영어", "College English", "독해;영작문;발표;어휘",
          "영문 기사와 학술 텍스트를 읽고 요약문과 짧은 에세이를 작성한다.", "ty=교양필수|eng|sec=2|cr=2"),
        C("컴퓨팅사고", "Computational Thinking", "문제 분해;알고리즘적 사고;파이썬 기초;데이터 시각화",
          "비전공자를 위해 파이썬으로 문제를 분해하고 해결하는 컴퓨팅 사고를 기른다.", "ty=교양필수|lab"),
        C("통계학의 이해", "Understanding Statistics", "자료 요약;확률;표본과 추정;여론조사 읽기",
          "신문 기사의 여론조사 결과를 올바르게 해석하는 통계적 사고를 기른다."),
        C("한국사의 이해", "Understanding Korean History", "고대 국가;조선 사회;근대 전환;현대사 쟁점",
          "교과서 밖의 쟁점을 중심으로 한국사 전반을 조망하며 역사적 사고력을 기른다."),
        C("생활 속의 화학", "Chemistry in Everyday Life", "식품 첨가물;화장품;세제;의약품",
          "식품 첨가물과 화장품, 세제 등 일상 제품에 숨어 있는 화학 원리를 소개한다."),
        C("우주와 인간", "The Universe and Humanity", "태양계;별의 일생;외계 행성;우주 탐사",
          "태양계와 외계 행성 탐사의 최신 성과를 천체 관측 실습과 함께 소개한다."),
        C("심리학과 일상생활", "Psychology in Everyday Life", "스트레스;대인관계;습관;일상의 의사결정",
          "스트레스와 대인관계, 습관 형성 등 일상 문제를 심리학 연구로 설명한다."),
        C("경제생활과 금융", "Personal Finance", "예금과 대출;신용 관리;주식과 펀드;연금",
          "사회초년생에게 필요한 신용 관리와 연금, 주식 투자의 기초를 다룬다."),
        C("철학과 비판적 사고", "Philosophy and Critical Thinking", "논증 분석;비형식적 오류;토론;허위 정보 판별",
          "일상 언어 속의 논증을 분석하고 오류를 찾아내는 비판적 사고(critical thinking)를 훈련한다.",
          "ty=교양필수"),
        C("영화로 보는 세계", "World Cinema", "이탈리아 네오리얼리즘;프랑스 누벨바그;할리우드 고전 영화;한국 영화",
          "<자전거 도둑>에서 <기생충>까지 세계 영화사의 주요 작품을 감상하고 비평문을 쓴다."),
        C("인공지능과 사회", "AI and Society", "생성형 AI;일자리 변화;개인정보;AI 규제",
          "ChatGPT 같은 생성형 AI가 교육, 노동, 개인정보에 미치는 영향을 토론한다."),
        C("환경과 지속가능성", "Environment and Sustainability", "기후 변화;순환 경제;지속가능발전목표(SDGs);탄소 중립",
          "지속가능발전목표(SDGs)와 탄소 중립 정책을 살펴보고 캠퍼스 실천 프로젝트를 진행한다.", "team"),
        C("생명과학과 윤리", "Life Science and Ethics", "유전자 검사;동물 실험;줄기세포;생명 존중",
          "유전자 검사와 동물 실험을 둘러싼 윤리적 쟁점을 사례 중심으로 토론한다."),
        C("리더십과 팀워크", "Leadership and Teamwork", "리더십 유형;갈등 관리;회의 진행;협업 도구",
          "팀 프로젝트를 통해 갈등 관리와 회의 진행 능력을 기른다.", "team|cr=2"),
        C("중국어1", "Chinese I", "발음과 성조;기초 회화;간체자;중국 문화",
          "중국어 발음과 4성 성조, 기초 회화 표현을 익힌다.", "sec=2"),
        C("일본어1", "Japanese I", "히라가나와 가타카나;기초 문법;인사 표현;일본 문화",
          "히라가나와 가타카나를 익히고 기초 문법과 인사 표현을 배운다.", "ins=none"),
        C("체육실기(요가)", "Yoga", "호흡법;기본 자세;유연성;명상",
          "호흡법과 기본 자세를 중심으로 요가를 실습하며 유연성과 집중력을 기른다.", "cr=1.5|ins=미정"),
        C("진로탐색과 자기계발", "Career Exploration", "자기 이해;직업 탐색;이력서 작성;모의 면접",
          "적성 검사와 모의 면접을 통해 자신의 진로를 설계한다.", "cr=1"),
        C("미술의 이해", "Understanding Art", "르네상스 미술;인상주의;현대 미술;미술관 관람",
          "르네상스에서 현대 미술까지 주요 작품을 감상하고 미술관 관람 보고서를 작성한다."),
        C("문학과 인생", "Literature and Life", "성장 소설;사랑과 죽음;여행 문학;고전 다시 읽기",
          "<어린 왕자>와 <데미안> 등 세계 명작을 읽고 삶의 문제를 토론한다."),
    ]),
]

# --------------------------------------------------------------------------------------
# Sentence pools (written in the plain -다 register; converted per course)
# --------------------------------------------------------------------------------------

INTROS = [
    "{TE}에서는 {t0}, {t1}, {t2} 등을 다룬다.",
    "본 강좌는 {t0}부터 {tl}까지 {Tp}의 핵심 주제를 체계적으로 학습한다.",
    "이 과목은 {TE}의 기본 개념을 익히고 {t0}, {t1:을} 중점적으로 다룬다.",
    "{T:은} {t0}, {t1}, {t2:을} 중심으로 구성된다.",
    "본 교과목에서는 {Tp}의 주요 주제인 {tall:을} 순서대로 학습한다.",
    "강의 목표: {Tp}의 기초가 되는 {t0}, {t1:을} 이해하고 이를 응용할 수 있다.",
    "{TE:은} {t1}, {tl} 등의 주제를 통해 {Tp}에 대한 폭넓은 이해를 목표로 하는 과목이다.",
    "이 수업에서는 {t0}에서 시작하여 {tl}까지 {Tp}의 내용을 단계적으로 학습한다.",
]

METHODS = {
    "HUM": [
        "수업은 강의와 토론을 병행하며 수강생은 매주 읽기 자료에 대한 짧은 응답문을 제출한다.",
        "학기 중 {t:을} 주제로 한 조별 발표가 있다.",
        "기말 과제로 {t}에 관한 소논문(term paper)을 작성한다.",
        "매 수업 전 지정된 텍스트를 읽어 와야 하며 토론 참여도가 평가에 반영된다.",
    ],
    "SOC": [
        "{t}에 관한 사례 분석 보고서를 팀별로 작성한다.",
        "수업은 이론 강의와 사례 토론으로 구성된다.",
        "학기 중 {t:과} 관련된 최신 논문이나 신문 기사를 읽고 발표한다.",
        "매주 퀴즈(quiz)를 통해 학습 내용을 점검한다.",
    ],
    "SCI": [
        "매주 연습문제 풀이 시간(recitation)을 운영한다.",
        "{t}에 관한 숙제가 격주로 부과된다.",
        "강의 노트는 LMS에 미리 게시되며 수업 전 예습을 권장한다.",
        "기초가 부족한 학생을 위해 조교가 주 1회 보충 세션을 진행한다.",
    ],
    "ENG": [
        "{t:을} 주제로 한 팀 프로젝트를 수행하고 학기말에 결과를 발표한다.",
        "이론 강의 후 실습 시간에 배운 내용을 직접 구현해 본다.",
        "매주 과제가 있으며 지각 제출 시 하루에 10%씩 감점된다.",
        "중간 점검 발표와 최종 보고서 제출이 필수이다.",
    ],
    "NUR": [
        "{t}에 관한 임상 사례를 조별로 분석하고 간호 진단을 도출한다.",
        "간호사 국가시험 출제 경향을 반영하여 매 단원 종료 후 형성평가를 실시한다.",
        "{t}와 관련된 표준 간호 지침을 함께 검토한다.",
    ],
    "MUS": [
        "매 수업 감상 자료가 제공되며 감상 일지를 작성한다.",
        "{t:과} 관련된 작품을 조별로 발표하거나 연주하는 시간이 있다.",
        "학기말 발표회에 반드시 참여해야 한다.",
    ],
    "GEN": [
        "비전공자도 쉽게 이해할 수 있도록 사례 중심으로 강의한다.",
        "{t:을} 주제로 조별 활동을 진행한다.",
        "출석과 수업 참여를 중시한다.",
        "온라인 동영상 강의와 대면 수업을 병행하는 블렌디드 러닝(blended learning) 방식으로 운영된다.",
    ],
}

TOPIC_HEADERS = ["주요 내용", "강의 내용", "주차별 주요 주제", "수업 내용"]

EVAL_SCHEMES = {
    "default": [
        "중간고사 30%, 기말고사 40%, 과제 20%, 출석 10%",
        "중간고사 35%, 기말고사 35%, 과제 20%, 출석 10%",
        "중간고사 30%, 기말고사 30%, 퀴즈 20%, 과제 10%, 출석 10%",
        "중간고사 40%, 기말고사 40%, 출석 20%",
    ],
    "team": [
        "중간고사 25%, 기말고사 25%, 팀 프로젝트 40%, 출석 10%",
        "중간고사 20%, 팀 프로젝트 50%, 발표 20%, 출석 10%",
    ],
    "HUM": [
        "발표 20%, 토론 참여 20%, 기말 리포트 50%, 출석 10%",
        "중간고사 30%, 기말 리포트 40%, 발표 20%, 출석 10%",
        "중간고사 30%, 기말고사 30%, 응답문 30%, 출석 10%",
    ],
    "lab": [
        "실험 보고서 40%, 실험 태도 20%, 기말고사 30%, 출석 10%",
        "예비 보고서 20%, 결과 보고서 40%, 실험 수행 30%, 출석 10%",
        "실습 과제 50%, 기말고사 40%, 출석 10%",
    ],
    "MUS": [
        "실기 평가 60%, 출석 및 태도 20%, 과제 20%",
        "중간고사 30%, 기말고사 30%, 감상 일지 30%, 출석 10%",
    ],
    "NUR": [
        "중간고사 35%, 기말고사 35%, 시뮬레이션 실습 평가 20%, 출석 10%",
        "중간고사 30%, 기말고사 40%, 사례 보고서 20%, 출석 10%",
    ],
}

EVAL_FORMS = [
    "평가: {e}",
    "성적 평가는 {e}로 한다.",
    "평가 방법 - {e}",
    "평가 비율은 {e}이다.",
    "[평가] {e}",
    "{e}로 평가함",
]

BOOK_FORMS = [
    "교재: {b}",
    "주교재는 {b}이며 보조 자료는 LMS에 게시한다.",
    "{b:을} 교재로 사용한다.",
    "(교재) {b}",
    "교재는 {b}이고 필요한 읽기 자료는 수업 중 배포한다.",
]

PRE_FORMS = [
    "선수과목: {p}",
    "선수 과목은 {p}이다.",
    "{p:을} 먼저 수강할 것을 권장한다.",
    "{p:을} 이수한 학생을 대상으로 한다.",
    "수강 전 {p} 이수를 권장함",
]

LAB_NOTES = {
    "물리학과": "실험 보고서는 실험 후 1주일 이내에 제출해야 한다.",
    "화학과": "실험복과 보안경을 반드시 착용해야 하며 안전교육 이수 후 실험에 참여할 수 있다.",
    "생명과학과": "실험복과 보안경을 반드시 착용해야 하며 안전교육 이수 후 실험에 참여할 수 있다.",
    "컴퓨터공학과": "실습 시간에는 개인 노트북을 지참할 것",
    "전자공학과": "실습 시간에는 개인 노트북을 지참할 것",
    "기계공학과": "실습실 안전 수칙을 반드시 준수해야 한다.",
    "건축학과": "스튜디오 및 실습실 안전 수칙을 반드시 준수해야 한다.",
    "간호학과": "실습 시 실습복과 명찰을 착용해야 한다.",
    "음악학과": "실습은 음악관 스튜디오에서 진행된다.",
}
DEFAULT_LAB_NOTE = "실습은 전산실에서 진행되며 개인 노트북 지참을 권장한다."

ENG_NOTES = [
    "본 강의는 영어로 진행된다(English-mediated course).",
    "※ 영어강의: 강의, 과제, 시험 모두 영어로 진행함",
    "This course is taught entirely in English.",
]
TEAM_NOTES = [
    "팀 프로젝트(team project) 결과물은 학기말 발표회에서 공개한다.",
    "팀 구성은 2주차 수업에서 확정한다.",
]
MISC_NOTES = [
    "결석 4회 이상 시 F 학점을 부여한다.",
    "※ 수강 인원 40명 제한",
    "수업 자료는 LMS(e-Class)에 게시한다.",
    "상대평가 적용 과목임",
    "첫 주 수업에서 상세한 강의계획서를 배포한다.",
    "출석은 전자출결 시스템으로 확인한다.",
    "※ 과제 표절 시 해당 과제는 0점 처리됨",
]

# --------------------------------------------------------------------------------------
# Instructors
# --------------------------------------------------------------------------------------

SURNAMES = ["김"] * 8 + ["이"] * 6 + ["박"] * 4 + [
    "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송",
    "류", "홍", "전", "고", "문", "손", "양", "배", "백", "허", "남", "노", "곽", "성", "차",
]
GIVEN_NAMES = [
    "민수", "지은", "준호", "서연", "현우", "지훈", "수빈", "예진", "도윤", "하은", "성민", "유진",
    "재원", "혜진", "동현", "은지", "태호", "미경", "상훈", "정희", "영호", "경아", "진우", "소영",
    "승현", "나래", "기훈", "윤서", "창민", "세영", "형준", "다은", "우진", "주연", "종현", "선영",
    "병철", "은영", "민재", "혜원", "석진", "지현", "영수", "정훈", "수연", "재현", "은비", "동욱",
    "현정", "상우", "가영", "인호", "소희", "태윤", "지영", "건우", "명수", "경민", "서준", "용준",
    "채원", "진호", "광수", "다현", "준영", "희정", "성훈", "은정", "재민", "현아", "승민", "보영",
]


def make_faculty(rng: random.Random, size: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < size:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


# --------------------------------------------------------------------------------------
# Description assembly
# --------------------------------------------------------------------------------------


def topics_block(rng: random.Random, spec: Spec, compact: bool = False) -> list[str]:
    """The topic list as units: a multi-line or "1. ... 2. ..." list counts one unit per line.

    Placeholder ``""`` entries only pad the unit count; they are dropped before joining.
    """
    items = spec.topics[:]
    if len(items) > 3 and rng.random() < 0.35:
        items = items[:3]
    kinds, weights = ["num", "circle", "newline", "dash", "prose", "dotnum"], [26, 18, 12, 8, 28, 8]
    if compact:
        kinds, weights = kinds[:2], weights[:2]
    kind = rng.choices(kinds, weights)[0]
    header = rng.choice(TOPIC_HEADERS)
    end = rng.choice(["", ".", "."])  # some list lines keep no final punctuation
    if kind == "num":
        return [f"{header}: " + " ".join(f"{i}) {t}" for i, t in enumerate(items, 1)) + end]
    if kind == "circle":
        return [" ".join(f"{'①②③④⑤'[i]} {t}" for i, t in enumerate(items)) + end]
    if kind == "newline":
        return [f"{header}\n" + "\n".join(f"{i}) {t}" for i, t in enumerate(items, 1))] + [""] * len(items)
    if kind == "dash":
        return [f"{header}:\n" + "\n".join(f"- {t}" for t in items)] + [""] * len(items)
    if kind == "dotnum":
        return ["다루는 내용은 다음과 같다. " + " ".join(f"{i}. {t}" for i, t in enumerate(items, 1)) + end] + [""] * len(items)
    return [f"주요 주제는 {', '.join(items)}이다."]


def pick_eval(rng: random.Random, spec: Spec, style: str) -> str:
    if "ev" in spec.opts:
        return spec.opts["ev"]
    if "team" in spec.opts:
        pool = EVAL_SCHEMES["team"]
    elif "lab" in spec.opts and style in ("SCI", "NUR", "ENG"):
        pool = EVAL_SCHEMES["lab"] + EVAL_SCHEMES["default"][:1]
    elif style in ("HUM", "MUS", "NUR"):
        pool = EVAL_SCHEMES[style] + EVAL_SCHEMES["default"][:2]
    else:
        pool = EVAL_SCHEMES["default"]
    return rng.choice(pool)


def book_line(rng: random.Random, book: str) -> str:
    return fill(rng.choice(BOOK_FORMS), {"b": book})


def build_description(spec: Spec, dept: Dept) -> str:
    """The course's description: 3-8 sentences (by :func:`rough_sentences`).

    Retries with another deterministic seed when the rendering falls outside that range;
    the course-specific and pinned lines (선수과목, 교재, pinned 평가, 영어강의) are in every try.
    """
    for attempt in range(50):
        text = _render_description(spec, dept, attempt)
        if 3 <= len(rough_sentences(text)) <= 8:
            return text
    raise AssertionError(f"no 3-8 sentence rendering for {spec.title}")


def _render_description(spec: Spec, dept: Dept, attempt: int) -> str:
    rng = random.Random(f"{SEED}:{dept.name}:{spec.title}:{attempt}")
    t = spec.topics
    values = {
        "T": spec.title,
        "Tp": f"'{spec.title}' 과목" if "의 " in spec.title else spec.title,
        "TE": f"{spec.title}({spec.english})" if spec.english else spec.title,
        "t0": t[0], "t1": t[1], "t2": t[2], "tl": t[-1], "tall": ", ".join(t),
    }
    intro = fill(rng.choice(INTROS), values)
    head = [intro, spec.custom]
    if rng.random() < 0.2:
        head.reverse()

    middle: list[str] = []
    use_list = rng.random() < 0.65
    if use_list:
        middle += topics_block(rng, spec)
    if not use_list or rng.random() < 0.45:
        method = rng.choice(METHODS[dept.style])
        middle.append(fill(method, {"t": rng.choice(t[1:])}))

    tail: list[str] = []
    pinned: list[str] = []
    if "p" in spec.opts:
        line = fill(rng.choice(PRE_FORMS), {"p": spec.opts["p"]})
        tail.append(line)
        pinned.append(line)
    if "b" in spec.opts:
        line = book_line(rng, spec.opts["b"])
        tail.append(line)
        pinned.append(line)
    if "ev" in spec.opts or rng.random() < 0.7:
        line = fill(rng.choice(EVAL_FORMS), {"e": pick_eval(rng, spec, dept.style)})
        tail.append(line)
        if "ev" in spec.opts:
            pinned.append(line)
    if "lab" in spec.opts and rng.random() < 0.75:
        tail.append(LAB_NOTES.get(dept.name, DEFAULT_LAB_NOTE))
    if "eng" in spec.opts:
        line = rng.choice(ENG_NOTES)
        tail.append(line)
        pinned.append(line)
    if "team" in spec.opts and rng.random() < 0.5:
        tail.append(rng.choice(TEAM_NOTES))
    if rng.random() < 0.3:
        tail.append(rng.choice(MISC_NOTES))
    if rng.random() < 0.3:
        rng.shuffle(tail)

    # 3-8 units: drop optional lines (never the course-specific or pinned ones) if too long.
    def count() -> int:
        return len(head) + len(middle) + len(tail)

    while count() > 8:
        optional = [x for x in tail if x not in pinned]
        if optional:
            tail.remove(optional[-1])
        elif len(middle) > 1 and middle[-1]:
            middle.pop()
        elif len(middle) > 1:
            middle = topics_block(rng, spec, compact=True)
        else:
            break
    if count() < 3:
        middle.append(fill(rng.choice(METHODS[dept.style]), {"t": t[-1]}))
    assert 3 <= count() <= 8, (spec.title, count())
    units = [u for u in head + middle + tail if u]

    register = rng.choices(["da", "ham", "hapnida"], [50, 25, 25])[0]
    sentences = []
    for k, u in enumerate(units):
        reg = register if rng.random() > 0.1 else rng.choice(["da", "ham", "hapnida"])  # real syllabi mix
        s = to_register(u, reg)
        last = k == len(units) - 1
        if reg == "ham" and s.endswith("함.") and rng.random() < (0.5 if last else 0.1):
            s = s[:-1]  # a line without final punctuation
        sentences.append(s)

    # Join: mostly with a space; some descriptions drop the space after a period ("이해한다.또한");
    # a line without final punctuation is often followed by a line break.
    squash = rng.random() < 0.22
    out = sentences[0]
    for prev, s in zip(sentences, sentences[1:]):
        if "\n" in s or "\n" in prev:
            sep = "\n"
        elif not prev.endswith((".", ")")) and rng.random() < 0.5:
            sep = "\n"
        elif squash and prev.endswith(".") and rng.random() < 0.6:
            sep = ""
        else:
            sep = " "
        out += sep + s
    return out


# --------------------------------------------------------------------------------------
# Catalog
# --------------------------------------------------------------------------------------


@dataclass
class Row:
    lecture_id: str
    title: str
    department: str
    instructor: str
    credits: str
    course_type: str
    description: str

    def as_list(self) -> list[str]:
        return [self.lecture_id, self.title, self.department, self.instructor, self.credits,
                self.course_type, self.description]


def fmt_credits(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def build_catalog() -> list[Row]:
    rows: list[Row] = []
    taken: set[str] = set()
    for dept in DEPARTMENTS:
        drng = random.Random(f"{SEED}:dept:{dept.name}")
        faculty = make_faculty(drng, 8, taken)
        numbers = sorted(drng.sample(range(101, 800), len(dept.courses)))
        for spec, number in zip(dept.courses, numbers):
            crng = random.Random(f"{SEED}:course:{spec.title}")
            description = build_description(spec, dept)
            if "cr" in spec.opts:
                credits = float(spec.opts["cr"])
            elif "lab" in spec.opts and dept.style == "SCI":
                credits = 1.0
            else:
                credits = 3.0
            if "ty" in spec.opts:
                course_type = spec.opts["ty"]
            elif dept.style == "GEN":
                course_type = "교양선택"
            else:
                course_type = "전공필수" if "req" in spec.opts else "전공선택"
            sections = int(spec.opts.get("sec", "1"))
            teachers = crng.sample(faculty, sections)
            for s in range(sections):
                instructor = teachers[s]
                override = spec.opts.get("ins")
                if override == "two":
                    other = crng.choice([f for f in faculty if f != instructor])
                    instructor = f"{instructor}, {other}"
                elif override == "none":
                    instructor = ""
                elif override == "미정":
                    instructor = "미정"
                rows.append(Row(f"2{dept.code:03d}{number:03d}{s + 1:03d}", spec.title, dept.name,
                                instructor, fmt_credits(credits), course_type, description))
    return rows


def write_catalog(rows: list[Row], path: Path = CATALOG_PATH) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(row.as_list())


# --------------------------------------------------------------------------------------
# Evaluation questions
# --------------------------------------------------------------------------------------

# (question, course title, acceptable answer spans - each must occur verbatim in the description)
SPAN_QUESTIONS = [
    ("자료구조 수업의 교재는 뭐야?", "자료구조", ["Introduction to Algorithms"]),
    ("운영체제 과목 교재 알려줘", "운영체제", ["Operating System Concepts"]),
    ("알고리즘 수업 선수과목이 뭐야?", "알고리즘", ["자료구조"]),
    ("계량경제학을 들으려면 먼저 어떤 과목을 들어야 해?", "계량경제학", ["경제통계학"]),
    ("해석학1의 선수 과목은?", "해석학1", ["미적분학2"]),
    ("양자역학1 교재가 뭐야?", "양자역학1", ["Introduction to Quantum Mechanics"]),
    ("회계원리 수업에서는 무엇을 배우나요?", "회계원리", ["회계 순환 과정", "거래를 분개하고 시산표와 재무제표를 작성하는 회계 순환 과정"]),
    ("현대소설론에서 중심으로 읽는 작품은?", "현대소설론", ["토지", "박경리의 <토지>"]),
    ("계량경제학 실습은 어떤 프로그램으로 해?", "계량경제학", ["Stata"]),
    ("머신러닝 수업에서 사용하는 라이브러리는?", "머신러닝", ["scikit-learn"]),
    ("딥러닝 수업은 어떤 프레임워크를 써?", "딥러닝", ["PyTorch"]),
    ("컴퓨터네트워크 수업에서 패킷 분석에 쓰는 도구는?", "컴퓨터네트워크", ["와이어샤크(Wireshark)", "Wireshark", "와이어샤크"]),
    ("심리통계 수업에서는 어떤 통계 프로그램을 사용해?", "심리통계", ["SPSS"]),
    ("사회통계 실습에서 분석하는 자료는?", "사회통계", ["한국종합사회조사(KGSS) 자료", "한국종합사회조사(KGSS)", "KGSS"]),
    ("유기화학1 선수과목 알려줘", "유기화학1", ["일반화학2"]),
    ("일반생물학1 교재는?", "일반생물학1", ["Campbell Biology"]),
    ("재무관리에서는 투자안을 어떤 지표로 평가해?", "재무관리", ["순현재가치(NPV)와 내부수익률(IRR)", "순현재가치(NPV)", "NPV"]),
    ("경영전략 수업에서 쓰는 분석 모형은?", "경영전략", ["포터의 5 Forces 모형", "5 Forces 모형"]),
    ("마케팅원론 교재 뭐야?", "마케팅원론", ["Principles of Marketing"]),
    ("합창 수업에서 연습하는 곡은?", "합창", ["모차르트의 <레퀴엠>", "레퀴엠"]),
    ("오케스트라 수업에서 합주하는 곡이 뭐야?", "오케스트라", ["브람스 교향곡 1번"]),
    ("피아노실기1 학기말 실기 시험에서는 몇 곡을 연주해?", "피아노실기1", ["자유곡 2곡", "2곡"]),
    ("건축CAD에서는 어떤 프로그램을 사용해?", "건축CAD", ["AutoCAD와 라이노(Rhino)", "AutoCAD"]),
    ("응급간호 수업에서 훈련하는 응급실 중증도 분류 체계는?", "응급간호", ["KTAS", "응급실 중증도 분류(KTAS)"]),
    ("사학개론에서 함께 읽는 책은?", "사학개론", ["역사란 무엇인가", "E. H. Carr의 <역사란 무엇인가>"]),
    ("정치철학 수업은 어떤 책을 중심으로 해?", "정치철학", ["롤스의 <정의론>", "정의론"]),
    ("미국문학개관에서 재즈 시대를 읽어 내는 작품은?", "미국문학개관", ["The Great Gatsby", "F. Scott Fitzgerald의 <The Great Gatsby>"]),
    ("한국어교육론 수업에서는 지도안을 작성한 뒤 무엇을 진행해?", "한국어교육론", ["모의 수업"]),
    ("소프트웨어공학 팀 프로젝트는 어떤 방법론으로 진행돼?", "소프트웨어공학", ["애자일(Agile) 방법론", "애자일(Agile)", "애자일"]),
    ("데이터베이스 수업 평가 비율 알려줘", "데이터베이스", ["중간고사 30%, 기말고사 30%, 팀 프로젝트 30%, 출석 10%"]),
    ("미시경제학원론 기말고사 비중은 얼마야?", "미시경제학원론", ["40%", "기말고사 40%"]),
    ("일반화학실험1 성적은 어떻게 평가해?", "일반화학실험1", ["실험 보고서 40%, 실험 태도 20%, 기말고사 30%, 출석 10%"]),
    ("로봇공학 시뮬레이션은 어떤 환경에서 해?", "로봇공학", ["ROS", "ROS 기반 시뮬레이션"]),
]

# (question, gold titles, key phrase that must occur in every gold description, exclusive?)
LOOKUP_QUESTIONS = [
    ("문학비평 이론을 배우는 수업 있어?", ["현대문학비평론"], "문학비평 이론", True),
    ("머신러닝 배우는 강의 알려줘", ["머신러닝"], "머신러닝", False),
    ("분개하고 재무제표 작성하는 법을 배우는 수업 있어?", ["회계원리"], "재무제표", True),
    ("내쉬 균형을 다루는 과목이 있나요?", ["게임이론"], "내쉬 균형", True),
    ("젠트리피케이션 관련 수업 있나요?", ["도시사회학"], "젠트리피케이션", True),
    ("PCR이랑 겔 전기영동 실험하는 수업 있어?", ["분자생물학실험"], "겔 전기영동", True),
    ("국악의 장단 체계를 배우는 수업 있어?", ["한국음악개론"], "장단", True),
    ("Revit으로 BIM 모델 만드는 과목 알려줘", ["BIM설계"], "Revit", True),
    ("치매 노인 간호를 다루는 과목 있어?", ["노인간호학"], "치매", True),
    ("블랙홀이나 우주론을 다루는 수업이 있어?", ["천체물리학"], "블랙홀", True),
    ("플랫폼 기업 규제 사례를 분석하는 경제학 수업 있어?", ["산업조직론"], "플랫폼 기업", True),
]

# (question, course title, field)
FIELD_QUESTIONS = [
    ("데이터베이스 담당 교수는 누구야?", "데이터베이스", "instructor"),
    ("현대문학비평론은 누가 가르쳐?", "현대문학비평론", "instructor"),
    ("게임이론 교수님 성함 알려줘", "게임이론", "instructor"),
    ("이상심리학 담당 교수가 누구예요?", "이상심리학", "instructor"),
    ("일반물리학실험1은 몇 학점이야?", "일반물리학실험1", "credits"),
    ("건축설계1은 몇 학점짜리야?", "건축설계1", "credits"),
    ("논리학은 전공필수야 전공선택이야?", "논리학", "course_type"),
    ("글쓰기와 의사소통 이수구분이 뭐야?", "글쓰기와 의사소통", "course_type"),
]

# (question, phrases that must not occur in any title or description)
UNANSWERABLE_QUESTIONS = [
    ("양자 중력 이론 수업 있어?", ["양자 중력", "양자중력", "끈 이론"]),
    ("스쿠버다이빙 배우는 수업 있어?", ["스쿠버", "다이빙"]),
    ("한식 조리 실습 수업이 있나요?", ["한식", "조리 실습", "요리"]),
    ("비트코인 투자 강의 있어?", ["비트코인", "암호화폐", "가상화폐"]),
    ("고대 이집트 상형문자를 배우는 과목 있어?", ["이집트", "상형문자"]),
    ("패션 디자인 수업 있나요?", ["패션"]),
    ("골프 실기 수업 있어?", ["골프"]),
    ("스페인어 회화 수업 있어?", ["스페인어", "스페인"]),
]


def build_questions(rows: list[Row]) -> list[dict[str, object]]:
    by_title: dict[str, list[Row]] = {}
    for r in rows:
        by_title.setdefault(r.title, []).append(r)

    def ids(title: str) -> list[str]:
        assert title in by_title, f"unknown course title {title!r}"
        return [r.lecture_id for r in by_title[title]]

    out: list[dict[str, object]] = []
    for q, title, answers in SPAN_QUESTIONS:
        out.append({"question": q, "gold_lecture_ids": ids(title), "gold_answers": answers})
    for q, titles, _key, _excl in LOOKUP_QUESTIONS:
        out.append({"question": q, "gold_lecture_ids": [i for t in titles for i in ids(t)], "gold_answers": []})
    for q, title, fld in FIELD_QUESTIONS:
        values = sorted({getattr(r, fld) for r in by_title[title]})
        assert len(values) == 1 and values[0] not in ("", "미정"), (title, values)
        out.append({"question": q, "gold_lecture_ids": ids(title), "gold_answers": values})
    for q, _keys in UNANSWERABLE_QUESTIONS:
        out.append({"question": q, "gold_lecture_ids": [], "gold_answers": []})
    return out


def write_questions(questions: list[dict[str, object]], path: Path = QUESTIONS_PATH) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for q in questions:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------------------
# Self-check and summary
# --------------------------------------------------------------------------------------

_SENT_SPLIT = re.compile(r"(?<=[.!?])\s*(?=\S)|\n+")


def rough_sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _SENT_SPLIT.split(text)) if s]


def self_check(rows: list[Row], questions: list[dict[str, object]]) -> dict[str, object]:
    ids = [r.lecture_id for r in rows]
    assert len(ids) == len(set(ids)), "duplicate lecture ids"
    assert all(re.fullmatch(r"\d{10}", i) for i in ids)
    assert len(rows) >= 320, len(rows)
    depts = {r.department for r in rows}
    assert len(depts) >= 16, len(depts)
    assert all(r.course_type in COURSE_TYPES for r in rows)
    assert all(r.description and r.description == r.description.strip() for r in rows)
    assert all(not r.description.startswith("\ufeff") for r in rows)

    # Distinct titles <-> distinct descriptions; sections share one description.
    by_desc: dict[str, list[Row]] = {}
    for r in rows:
        by_desc.setdefault(r.description, []).append(r)
    for group in by_desc.values():
        assert len({(g.title, g.department) for g in group}) == 1, [g.title for g in group]
        if len(group) > 1:
            assert len({g.instructor for g in group}) == len(group), [g.instructor for g in group]
    dup_groups = [[g.lecture_id for g in grp] for grp in by_desc.values() if len(grp) > 1]
    assert len(dup_groups) >= 6, len(dup_groups)

    # Every description keeps its course-specific sentence (up to the converted ending).
    for desc, group in by_desc.items():
        spec = next(s for d in DEPARTMENTS for s in d.courses if s.title == group[0].title)
        assert spec.custom[:-3] in desc, f"custom sentence lost in {spec.title}"

    # The CSV round-trips and has the exact header, no BOM.
    raw = CATALOG_PATH.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with CATALOG_PATH.open(encoding="utf-8", newline="") as f:
        read = list(csv.reader(f))
    assert read[0] == HEADER
    assert read[1:] == [r.as_list() for r in rows]

    # Questions.
    assert len(questions) == 60, len(questions)
    row_by_id = {r.lecture_id: r for r in rows}
    all_text = [r.title + "\n" + r.description for r in rows]
    for q in questions:
        assert set(q) == {"question", "gold_lecture_ids", "gold_answers"}
        for i in q["gold_lecture_ids"]:  # type: ignore[union-attr]
            assert i in row_by_id, f"unknown gold id {i} in {q['question']}"
    for q, title, answers in SPAN_QUESTIONS:
        for r in rows:
            if r.title == title:
                for a in answers:
                    assert a in r.description, f"{a!r} not in description of {title}: {r.description}"
    for q, titles, key, exclusive in LOOKUP_QUESTIONS:
        holders = {r.title for r in rows if key in r.title + "\n" + r.description}
        assert set(titles) <= holders, (q, key, holders)
        if exclusive:
            assert holders == set(titles), (q, key, holders)
    for q in questions[len(SPAN_QUESTIONS) + len(LOOKUP_QUESTIONS):][: len(FIELD_QUESTIONS)]:
        fld = next(f for qq, _t, f in FIELD_QUESTIONS if qq == q["question"])
        for i in q["gold_lecture_ids"]:  # type: ignore[union-attr]
            assert [getattr(row_by_id[i], fld)] == q["gold_answers"], q
    for q, keys in UNANSWERABLE_QUESTIONS:
        for k in keys:
            hits = [t.split("\n")[0] for t in all_text if k in t]
            assert not hits, (q, k, hits)

    n_sent = [len(rough_sentences(d)) for d in by_desc]
    lengths = [len(d) for d in by_desc]
    return {
        "rows": len(rows),
        "distinct_courses": len(by_desc),
        "departments": len(depts),
        "dup_groups": dup_groups,
        "sentences": (min(n_sent), statistics.median(n_sent), max(n_sent)),
        "chars": (min(lengths), statistics.median(lengths), max(lengths)),
        "bytes": len(raw),
    }


def main() -> int:
    rows = build_catalog()
    write_catalog(rows)
    questions = build_questions(rows)
    write_questions(questions)
    info = self_check(rows, questions)

    from collections import Counter

    print(f"wrote {CATALOG_PATH.relative_to(HERE.parent)}: {info['rows']} rows, "
          f"{info['distinct_courses']} distinct descriptions, {info['departments']} departments, "
          f"{info['bytes'] / 1024:.1f} KiB")
    print(f"sentences per description (rough split) min/median/max: {info['sentences']}")
    print(f"characters per description min/median/max: {info['chars']}")
    print("credits:", dict(Counter(r.credits for r in rows)))
    print("이수구분:", dict(Counter(r.course_type for r in rows)))
    print("instructors: two =", sum(", " in r.instructor for r in rows),
          "empty =", sum(r.instructor == "" for r in rows),
          "미정 =", sum(r.instructor == "미정" for r in rows))
    feats = {
        "numbered 1)": sum("1) " in r.description for r in rows),
        "circled ①": sum("①" in r.description for r in rows),
        "newline": sum("\n" in r.description for r in rows),
        "no space after period": sum(bool(re.search(r"\.[가-힣A-Z]", r.description)) for r in rows),
        "angle brackets": sum("<" in r.description for r in rows),
        "-함.": sum(bool(re.search(r"[함음됨임]\.?(\s|$)", r.description)) for r in rows),
        "-니다.": sum("니다." in r.description for r in rows),
        "evaluation %": sum("%" in r.description for r in rows),
        "textbook": sum("교재" in r.description for r in rows),
        "prerequisite": sum(("선수" in r.description or "먼저 수강" in r.description
                             or "이수한 학생" in r.description) for r in rows),
    }
    print("features (rows):", feats)
    print(f"duplicate-description groups ({len(info['dup_groups'])}):")
    for g in info["dup_groups"]:  # type: ignore[union-attr]
        print("   ", ", ".join(g))
    print(f"wrote {QUESTIONS_PATH.relative_to(HERE.parent)}: {len(questions)} questions "
          f"(span {len(SPAN_QUESTIONS)}, lookup {len(LOOKUP_QUESTIONS)}, field {len(FIELD_QUESTIONS)}, "
          f"unanswerable {len(UNANSWERABLE_QUESTIONS)})")
    print("self-check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
