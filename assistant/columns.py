"""Catalog columns: the header names accepted for each :class:`~assistant.records.Course`
field and for the known extra fields, and the form headers are compared in."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["COLUMN_ALIASES", "EXTRA_ALIASES", "FIELDS", "OPTIONAL_FIELDS", "REQUIRED_FIELDS", "header_key"]

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "lecture_id": ("강의번호", "학수번호", "과목번호", "강좌번호", "과목코드", "교과목번호", "교과목코드", "강좌코드",
                   "학정번호", "교과번호", "lecture_id", "course_id", "course_code", "code", "id"),
    "title": ("교과목명", "과목명", "강좌명", "교과명", "강의명", "교과목", "교과목명(국문)", "과목명(국문)", "국문교과목명",
              "국문과목명", "한글교과목명", "title", "course_title", "course_name", "name"),
    "department": ("개설학과", "학과", "개설학과(부)", "개설학부", "개설전공", "주관학과", "소속학과", "학부(과)", "소속",
                   "department", "dept"),
    "instructor": ("담당교수", "교수", "교수명", "담당교원", "교수자", "담당강사", "강사", "instructor", "professor"),
    # handbooks often print the hours beside the credits in one column: "3-3-0", "3(2-2)"
    "credits": ("학점", "이수학점", "학점수", "학점-강의-실습", "학점-이론-실습", "학-강-실", "학점(이론-실습)",
                "학점(강의-실습)", "학점(시간)", "학점/시간", "credits", "credit"),
    "course_type": ("이수구분", "구분", "과목구분", "교과구분", "course_type", "type"),
    "description": ("강의설명", "교과목개요", "강의개요", "과목설명", "교과목설명", "수업개요", "과목개요", "강좌설명",
                    "강의내용", "수업내용", "교과목해설", "교과목소개", "과목소개", "강의소개", "강좌소개", "수업소개",
                    "교과목내용", "과목내용", "설명", "개요", "description", "course_description", "summary",
                    "overview"),
}
"""Accepted header names for each :class:`Course` field.

Headers are compared after NFC normalization, stripping whitespace and a BOM, lowercasing,
and dropping spaces, ``_`` and ``-`` (so ``"Lecture ID"`` matches ``lecture_id``). When a file
has several headers for one field, the alias listed first wins (``이수구분`` over ``구분``).
"""

EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "prerequisites": ("선수과목", "선수강과목", "선이수과목", "선수과목명", "선수교과목", "prerequisites",
                      "prerequisite"),
    "textbook": ("교재", "주교재", "교재명", "교재및참고문헌", "교재및참고자료", "참고문헌", "textbook",
                 "textbooks"),
    "evaluation": ("평가방법", "성적평가", "성적평가방법", "평가", "평가기준", "evaluation", "grading"),
    "english_title": ("영문명", "영문교과목명", "영문과목명", "과목영문명", "교과목명(영문)", "과목명(영문)",
                      "englishtitle", "english_name"),
    "year": ("학년", "학년학기", "대상학년", "이수학년", "year", "grade"),
    "schedule": ("수업시간", "강의시간", "시간", "요일및시간", "schedule", "time"),
    "college": ("대학", "단과대학", "대학명", "college", "university"),
    "classroom": ("강의실", "classroom", "room"),
    "capacity": ("정원", "수강정원", "capacity"),
    "contact": ("연락처", "이메일", "교수연락처", "교수이메일", "email", "e-mail", "contact"),
}
"""Headers of the known extra columns (compared like :data:`COLUMN_ALIASES`); their values
become :attr:`Course.extra` fields the chat can answer from. Any other column is kept under
its own header as course metadata."""

REQUIRED_FIELDS: tuple[str, ...] = ("lecture_id", "title", "description")
"""Fields whose column must exist and whose value must be non-empty in every row."""

OPTIONAL_FIELDS: tuple[str, ...] = ("department", "instructor", "credits", "course_type")
"""Fields that default to ``""`` (or ``None`` for credits) when the column is absent or empty."""

FIELDS: tuple[str, ...] = (
    "lecture_id",
    "title",
    "department",
    "instructor",
    "credits",
    "course_type",
    "description",
)
"""The :class:`Course` fields, in catalog column order."""


def header_key(name: str) -> str:
    """The form headers are compared in: NFC, no BOM/spaces/_/-, lowercase."""
    name = unicodedata.normalize("NFC", name).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s_\-]+", "", name)
