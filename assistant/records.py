"""Frozen dataclasses that carry data between the pipeline stages.

The data flow reads top to bottom::

    ingest  -> Course            (one catalog row)
    split   -> Sentence          (a span of one course description, with character offsets)
    store   -> Sentence.id       (SQLite row id == FAISS id)
    resolve -> Resolution        (which course a question is about, and what it asks of it)
    retrieve-> SentenceMatch, Hit (courses ranked for a query, best sentences first)
    read    -> Span              (an answer span inside a description)
    ask     -> Answer            (what the chat shows)

No raw dicts cross a module boundary: every stage takes and returns these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field


EXTRA_FIELDS: dict[str, str] = {
    "prerequisites": "선수과목",
    "textbook": "교재",
    "evaluation": "평가방법",
    "english_title": "영문명",
    "year": "학년",
    "schedule": "수업시간",
    "college": "대학",
    "classroom": "강의실",
    "capacity": "정원",
    "contact": "연락처",
}
"""Known extra catalog fields: canonical key -> the Korean name the chat uses."""


@dataclass(frozen=True)
class Course:
    """One row of a course catalog.

    Attributes:
        lecture_id: The catalog's lecture id (for example ``"2150387001"``); unique.
        title: Course title (교과목명).
        department: Offering department (개설학과).
        instructor: Instructor name(s) (담당교수); may be empty.
        credits: Credit count (학점), e.g. 3.0 or 0.0 (a 0-credit course); non-negative;
            ``None`` when the catalog gives none.
        course_type: Course type (이수구분), e.g. ``"전공"`` or ``"교양"``.
        description: The course description (강의설명), NFC-normalized, never empty.
        extra: Further catalog columns as ``(key, value)`` pairs, non-empty values only.
            Known columns get a canonical key from :data:`EXTRA_FIELDS` (``"prerequisites"``,
            ``"textbook"`` …) and can be asked for in the chat; any other column keeps its
            header as key and is stored as course metadata.
    """

    lecture_id: str
    title: str
    department: str
    instructor: str
    credits: float | None
    course_type: str
    description: str
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        """The value of extra field ``key`` (``default`` when the catalog has none)."""
        return next((v for k, v in self.extra if k == key), default)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a course description, located by character offsets.

    ``description[start:end] == text`` always holds, so any span found inside ``text`` maps
    back to the original description by adding ``start``.

    Attributes:
        lecture_id: The course the sentence belongs to.
        position: 0-based index of the sentence within its description.
        start: Offset of the first character in the description.
        end: Offset one past the last character in the description.
        text: The sentence text.
        id: SQLite row id (== FAISS id); ``None`` before the sentence is stored.
    """

    lecture_id: str
    position: int
    start: int
    end: int
    text: str
    id: int | None = None


@dataclass(frozen=True)
class SentenceMatch:
    """One retrieved sentence with its fused score and the rank each retriever gave it.

    Attributes:
        sentence: The matched sentence (``id`` set).
        score: Fused relevance score; higher is better.
        dense_rank: 1-based rank in the dense (FAISS) list, or ``None`` if absent.
        keyword_rank: 1-based rank in the keyword (FTS5) list, or ``None`` if absent.
        dense: Cosine similarity of the sentence to the question (``None`` when the
            retriever did not embed the question).
    """

    sentence: Sentence
    score: float
    dense_rank: int | None = None
    keyword_rank: int | None = None
    dense: float | None = None


@dataclass(frozen=True)
class Hit:
    """A course found for a query: the unit the retriever returns and the UI cites.

    Attributes:
        course: The course (for near-duplicate sections, the first lecture id's row).
        score: The course's fused score (each retrieval method's best sentence of the
            course, combined); hits are sorted by it, descending.
        matches: The course's matched sentences, best first.
        passage_start: Start offset (in ``course.description``) of the passage to read:
            the best sentences plus their neighbours.
        passage_end: End offset of that passage.
        lecture_ids: Every lecture id sharing this description (sections), the course's
            own id first.
        sentences: The course's sentences that the passage covers, in order (the reader
            maps an answer span back to its sentence with them).
        course_cosine: Cosine similarity of the question to the course-level vector (title
            and whole description), ``None`` without one.
        course_z: How far ``course_cosine`` stands above the question's similarity to the
            catalog's other courses, in standard deviations (the catalog's own score
            distribution: the relevance signal that transfers across catalogs).
    """

    course: Course
    score: float
    matches: tuple[SentenceMatch, ...]
    passage_start: int
    passage_end: int
    lecture_ids: tuple[str, ...] = field(default_factory=tuple)
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)
    course_cosine: float | None = None
    course_z: float | None = None

    @property
    def best_dense(self) -> float | None:
        """The best cosine of a matched sentence to the question."""
        values = [m.dense for m in self.matches if m.dense is not None]
        return max(values) if values else None

    def __post_init__(self) -> None:
        if not self.lecture_ids:  # never empty: the course's own id at least
            object.__setattr__(self, "lecture_ids", (self.course.lecture_id,))

    @property
    def passage(self) -> str:
        """The passage text, ``course.description[passage_start:passage_end]``."""
        return self.course.description[self.passage_start : self.passage_end]


@dataclass(frozen=True)
class Span:
    """An extractive answer span inside a course description.

    Attributes:
        text: The answer text; equals ``description[start:end]``.
        score: Calibrated confidence in [0, 1], comparable across passages.
        lecture_id: The course the span comes from.
        sentence_id: Row id of the sentence containing the span's start.
        start: Start offset in the course description.
        end: End offset in the course description.
    """

    text: str
    score: float
    lecture_id: str
    sentence_id: int | None
    start: int
    end: int


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from, as the chat shows it.

    Attributes:
        course: The cited course.
        lecture_ids: Every lecture id sharing the course's description (sections).
        sentence: The source sentence (``None`` for answers from catalog fields).
        span_start: Start of the answer inside ``sentence.text`` (0 when not a span).
        span_end: End of the answer inside ``sentence.text`` (0 when not a span).
    """

    course: Course
    lecture_ids: tuple[str, ...]
    sentence: Sentence | None = None
    span_start: int = 0
    span_end: int = 0

    def __post_init__(self) -> None:
        if not self.lecture_ids:  # never empty: the course's own id at least
            object.__setattr__(self, "lecture_ids", (self.course.lecture_id,))


@dataclass(frozen=True)
class Resolution:
    """Which course a question is about, from its own words and the conversation
    (:meth:`assistant.resolve.CourseResolver.resolve`).

    Attributes:
        question: The question as it will be answered: a follow-up carries its course's
            title ("그 과목 교수는?" -> "자료구조 교수는?").
        target: The lecture id it is about, or ``None`` (a search).
        fields: Catalog fields it asks for (:func:`~assistant.question.asked_fields`).
        lecture_ids: Lecture ids written in it.
        named: Lecture ids of every catalog title written in it.
        titles: Those passing the filters, courses of the department it names first.
        discovery: It asks which courses exist ("…배우는 수업 있어?").
        pointed: An ordinal and the rest of the question ("두 번째 거", "몇 학년이야?").
        overview: It asks only what the target course is ("X", "세 번째는?").
        namesakes: Other courses of the target's title that it does not tell apart.
        again: It asks the last search again: for more courses ("다른 건 없어?") or for those
            that fit (``narrow``).
        shown: The courses listed for that search so far (empty: no search listed any).
        narrow: For its courses that fit ("그 중에 교양은?"): the words they must hold (empty:
            nothing usable named), with those the last list was narrowed by; ``None`` for more
            courses of a list not narrowed.
        more: It asks for courses not listed yet ("다른 건 없어?", "더 보여줘"): of the narrowed
            list, when the last one was narrowed (``narrow``).
        leads_to: It asks which courses the target opens ("그 과목 듣고 나면 뭐 들을 수 있어?"):
            those that name it as a prerequisite; asked again ("더 보여줘"), more of them.
        conditions: For a search, the catalog terms it sets beside its topic ("1학점짜리 체육
            수업" -> "1학점"; "프로그래밍 배우는 교양" -> "교양"): a course type's part, credits,
            year, semester, university or department; asked again, the earlier search's.
        search: What to search with: ``question`` less its conditions, its closing request
            ("…배우는 수업 있어?") and laughter (:func:`~assistant.searches.search_text`).
        unknown: Kinds of condition it names that this catalog does not record ("학년" where
            no course has a year): said, not searched.
        shortened: A shortened course name it writes ("일물") and the courses of the titles it
            may stand for, shortest title first (:class:`~assistant.abbreviations.Abbreviations`):
            which one, asked back.
        spelled: The shortened names that stand for one course each ("운체", "컴구"), with that
            course's lecture id: ``question`` has them spelled out.
        joined: Other courses it names beside the target, joined to it ("자료구조랑 운영체제
            학점 알려줘", "A와 B 차이가 뭐야?"): each is answered as the target is.
        besides: A course it asks for others than ("운영체제 말고 다른 과목", "그거 말고 다른
            수영 수업", "설계패턴 대신 들을 만한 거"): a search, that course's title left out.
    """

    question: str
    target: str | None = None
    fields: tuple[str, ...] = ()
    lecture_ids: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    discovery: bool = False
    pointed: tuple[int, str] | None = None
    overview: bool = False
    namesakes: tuple[Course, ...] = ()
    again: bool = False
    shown: tuple[str, ...] = ()
    narrow: tuple[str, ...] | None = None
    leads_to: bool = False
    conditions: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    shortened: tuple[str, tuple[str, ...]] | None = None
    spelled: tuple[tuple[str, str], ...] = ()
    joined: tuple[str, ...] = ()
    besides: str | None = None
    more: bool = False
    search: str = ""


@dataclass(frozen=True)
class Answer:
    """What :func:`assistant.ask.ask` returns for one question.

    Attributes:
        question: The question as typed.
        resolved_question: The question after follow-up resolution (e.g. "그 과목" replaced
            by the course under discussion).
        kind: ``"span"`` (extracted answer), ``"field"`` (from catalog fields),
            ``"lookup"`` (no confident span: matching courses listed), ``"none"``
            (nothing relevant found) or ``"error"`` (bad input; ``message`` says why).
        message: The Korean reply to show, plain text (the UI escapes it).
        spans: Answer spans, best first (``kind == "span"``).
        citations: Sources of the answer, best first.
        courses: Other courses found for the question, best first.
        focus_lecture_id: The course the conversation is now about (for follow-ups).
        answer_text: The short answer itself (the best span, or the field value(s)); empty
            when there is none. ``eval chat`` scores it against gold answers.
        narrowed: What the last search's list was narrowed by to give this one ("그 중에
            교양은?" -> ``("교양",)``): a further narrowing adds to it.
    """

    question: str
    resolved_question: str
    kind: str
    message: str
    spans: tuple[Span, ...] = ()
    citations: tuple[Citation, ...] = ()
    courses: tuple[Hit, ...] = ()
    focus_lecture_id: str | None = None
    answer_text: str = ""
    narrowed: tuple[str, ...] = ()

    @property
    def confident(self) -> bool:
        """True when the answer is a span or a catalog field."""
        return self.kind in {"span", "field"}
