"""Tests for assistant.ingest: every format, encoding and validation rule, on tmp files."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from assistant.errors import CatalogError
from assistant.ingest import COLUMN_ALIASES, MAX_LISTED_PROBLEMS, load_catalog, read_catalog
from assistant.records import Course

from conftest import CATALOG_HEADER, write_catalog

KO_ROWS = [
    ["2150387001", "자료구조", "컴퓨터공학과", "김철수", "3", "전공필수", "스택, 큐, 트리를 배운다. 과제가 매주 있다."],
    ["0012345", "한국사의 이해", "사학과", "", "2", "교양", "조선 후기 사회 변동을 다룬다."],
]
EN_KEYS = ["lecture_id", "title", "department", "instructor", "credits", "course_type", "description"]


def error_of(path: Path, **kwargs: object) -> str:
    with pytest.raises(CatalogError) as info:
        load_catalog(path, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


def assert_korean_rows(courses: list[Course]) -> None:
    assert courses == [
        Course("2150387001", "자료구조", "컴퓨터공학과", "김철수", 3.0, "전공필수",
               "스택, 큐, 트리를 배운다. 과제가 매주 있다."),
        Course("0012345", "한국사의 이해", "사학과", "", 2.0, "교양", "조선 후기 사회 변동을 다룬다."),
    ]


# ----------------------------------------------------------------------------- formats


def test_utf8_csv_with_korean_headers(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "catalog.csv", KO_ROWS)
    courses = load_catalog(path)
    assert_korean_rows(courses)
    assert all(isinstance(c.credits, float) for c in courses)


def test_utf8_bom_csv(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "bom.csv", KO_ROWS, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert_korean_rows(load_catalog(path))


def test_cp949_csv(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "excel.csv", KO_ROWS, encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really not UTF-8
    assert_korean_rows(load_catalog(path))


def test_cp949_only_characters(tmp_path: Path) -> None:
    # 똠 is outside EUC-KR's 2,350 syllables but inside CP949 (the extended Wansung set).
    rows = [["1", "똠방각하", "", "", "", "", "똠양꿍을 만든다."]]
    path = write_catalog(tmp_path / "ext.csv", rows, encoding="cp949")
    (course,) = load_catalog(path)
    assert course.title == "똠방각하"


def test_utf16_excel_unicode_text(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "unicode.txt", KO_ROWS, encoding="utf-16", delimiter="\t")
    assert_korean_rows(load_catalog(path))


def test_undecodable_bytes_name_file_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    good = "강의번호,교과목명,강의설명\n".encode("utf-8")
    path.write_bytes(good + b"1,\xff\xfe\xff,x\n")
    message = error_of(path)
    assert str(path) in message.splitlines()[0]
    assert f"byte offset {len(good) + 2}" in message  # UTF-8 fails at the first 0xff
    assert "UTF-8" in message and "CP949" in message


def test_tsv(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "catalog.tsv", KO_ROWS, delimiter="\t")
    assert_korean_rows(load_catalog(path))


def test_semicolon_txt(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "catalog.txt", KO_ROWS, delimiter=";")
    assert_korean_rows(load_catalog(path))


def test_tab_delimited_csv_suffix_is_sniffed(tmp_path: Path) -> None:
    # The descriptions contain commas, the header does not: the header decides.
    path = write_catalog(tmp_path / "tabs.csv", KO_ROWS, delimiter="\t")
    assert_korean_rows(load_catalog(path))


def test_jsonl_with_english_keys(tmp_path: Path) -> None:
    path = tmp_path / "catalog.jsonl"
    lines = [json.dumps(dict(zip(EN_KEYS, row)), ensure_ascii=False) for row in KO_ROWS]
    path.write_text("\n".join(lines[:1] + [""] + lines[1:]) + "\n", encoding="utf-8")
    assert_korean_rows(load_catalog(path))


def test_ndjson_numbers_and_missing_optional_keys(tmp_path: Path) -> None:
    path = tmp_path / "catalog.ndjson"
    # Exporters that went through pandas/Excel write integral ids as floats (2150387002.0).
    path.write_text(
        '{"id": 2150387001, "name": "AI", "summary": "딥러닝 기초", "credit": 3}\n'
        '{"id": 2150387002.0, "name": "ML", "summary": "회귀 분석", "credit": 1.5, "dept": null}\n',
        encoding="utf-8",
    )
    assert load_catalog(path) == [
        Course("2150387001", "AI", "", "", 3.0, "", "딥러닝 기초"),
        Course("2150387002", "ML", "", "", 1.5, "", "회귀 분석"),
    ]


def test_json_list(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps([dict(zip(EN_KEYS, row)) for row in KO_ROWS], ensure_ascii=False, indent=2),
                    encoding="utf-8")
    assert_korean_rows(load_catalog(path))


def test_xlsx_with_int_and_float_lecture_ids(tmp_path: Path) -> None:
    path = tmp_path / "catalog.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])  # header is the first non-empty row, not necessarily row 1
    ws.append(CATALOG_HEADER)
    ws.append([2150387001, "자료구조", "컴퓨터공학과", "김철수", 3, "전공필수", "스택, 큐, 트리를 배운다. 과제가 매주 있다."])
    ws.append(["0012345", "한국사의 이해", "사학과", None, 2.0, "교양", "조선 후기 사회 변동을 다룬다."])
    ws.append([2150387002.0, "운영체제", "컴퓨터공학과", "이영희", 1.5, "전공선택", "프로세스와 스레드"])
    wb.create_sheet("ignored").append(["not", "read"])
    wb.save(path)

    courses = load_catalog(path)
    assert_korean_rows(courses[:2])
    assert courses[2].lecture_id == "2150387002"
    assert courses[2].credits == 1.5


def test_xlsx_row_numbers_are_sheet_rows(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["강의번호", "교과목명", "강의설명"])
    ws.append([1, "가", "설명"])
    ws.append([])  # a blank row keeps its number in Excel
    ws.append([2, "나", None])
    wb.save(path)
    message = error_of(path)
    assert "row 4: empty description" in message


def test_explicit_mapping_for_unusual_headers(tmp_path: Path) -> None:
    header = ["코드", "수업명", "수업목표", "비고"]
    path = write_catalog(tmp_path / "odd.csv", [["A-01", "글쓰기", "논리적 글쓰기를 익힌다.", "x"]], header)
    assert "missing required column lecture_id" in error_of(path)

    courses = load_catalog(path, mapping={"lecture_id": "코드", "title": " 수업명 ", "description": "수업목표"})
    # a column no field uses is kept as course metadata under its header
    assert courses == [Course("A-01", "글쓰기", "", "", None, "", "논리적 글쓰기를 익힌다.", (("비고", "x"),))]


def test_mapping_overrides_aliases(tmp_path: Path) -> None:
    header = ["강의번호", "교과목명", "강의설명", "상세설명"]
    path = write_catalog(tmp_path / "two.csv", [["1", "가", "짧다", "자세한 설명이다."]], header)
    assert load_catalog(path)[0].description == "짧다"
    assert load_catalog(path, mapping={"description": "상세설명"})[0].description == "자세한 설명이다."


def test_mapping_to_absent_column_and_unknown_field(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "m.csv", KO_ROWS)
    message = error_of(path, mapping={"description": "없는열"})
    assert "'없는열'" in message and "no such column" in message
    assert "headers found:" in message and "'강의설명'" in message
    assert "'descr'" in error_of(path, mapping={"descr": "강의설명"})


def test_header_matching_ignores_case_space_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("\ufeff Lecture ID ,TITLE,Course_Name,Description \n7,제목,다른이름,내용\n", encoding="utf-8")
    # the second title-like header is not used for a field: it is kept, not dropped
    assert load_catalog(path) == [Course("7", "제목", "", "", None, "", "내용", (("Course_Name", "다른이름"),))]


def test_a_handbook_export_with_hours_beside_credits_ingests_as_it_comes(tmp_path: Path) -> None:
    """Handbook headers other than the common ones: 교과목번호, 교과목명(국문)/(영문), 개설전공,
    학점-강의-실습 ("3-3-0"), 교과목해설; CP949 as Korean Excel writes it."""
    header = ["교과목번호", "교과목명(국문)", "교과목명(영문)", "개설전공", "학점-강의-실습", "이수구분", "교과목해설"]
    rows = [["GEB1101", "글쓰기", "Academic Writing", "교양학부", "3-3-0", "교양필수", "논리적 글쓰기를 익힌다."],
            ["CHA1001", "채플", "Chapel", "교목실", "0-1-0", "교양필수", "예배에 참석한다."],
            ["DES2001", "기초디자인", "Basic Design", "디자인학과", "3(2-2)", "전공선택", "조형의 기본 요소를 배운다."]]
    courses = load_catalog(write_catalog(tmp_path / "handbook.csv", rows, header, encoding="cp949"))
    assert [(c.lecture_id, c.title, c.department, c.credits, c.description[:4]) for c in courses] == [
        ("GEB1101", "글쓰기", "교양학부", 3.0, "논리적 "), ("CHA1001", "채플", "교목실", 0.0, "예배에 "),
        ("DES2001", "기초디자인", "디자인학과", 3.0, "조형의 ")]
    assert courses[0].get("english_title") == "Academic Writing"


def test_aliases_cover_every_field_without_overlap() -> None:
    assert set(COLUMN_ALIASES) == set(EN_KEYS)
    seen = [a.lower() for aliases in COLUMN_ALIASES.values() for a in aliases]
    assert len(seen) == len(set(seen))
    assert "강의번호" in COLUMN_ALIASES["lecture_id"] and "강의설명" in COLUMN_ALIASES["description"]


def test_first_listed_alias_wins(tmp_path: Path) -> None:
    header = ["강의번호", "교과목명", "강의설명", "구분", "이수구분"]
    path = write_catalog(tmp_path / "a.csv", [["1", "가", "설명", "주간", "전공필수"]], header)
    assert load_catalog(path)[0].course_type == "전공필수"


# ----------------------------------------------------------------------------- normalization


def test_nfd_input_becomes_nfc(tmp_path: Path) -> None:
    title, desc, dept = "자료구조", "그래프 탐색을 배운다.", "컴퓨터공학과"
    nfd = [unicodedata.normalize("NFD", s) for s in (title, desc, dept)]
    assert nfd[0] != title  # the fixture really is decomposed
    header = [unicodedata.normalize("NFD", h) for h in ["강의번호", "교과목명", "강의설명", "개설학과"]]
    path = write_catalog(tmp_path / "nfd.csv", [["1", nfd[0], nfd[1], nfd[2]]], header)
    (course,) = load_catalog(path)
    assert (course.title, course.description, course.department) == (title, desc, dept)
    assert unicodedata.is_normalized("NFC", course.description)


def test_description_keeps_inner_text_and_normalizes_crlf(tmp_path: Path) -> None:
    inner = "1주차: 소개.\r\n2주차:  실습   (두 칸 공백 유지)\n\n3주차: 시험"
    path = write_catalog(tmp_path / "d.csv", [[" 9 ", "  가  ", f"\n  {inner}  \r\n"]], ["강의번호", "교과목명", "강의설명"])
    (course,) = load_catalog(path)
    assert course.description == inner.replace("\r\n", "\n")
    assert (course.lecture_id, course.title) == ("9", "가")


def test_lecture_id_leading_zeros_kept_from_text(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "z.csv", [["000123", "가", "설명"]], ["강의번호", "교과목명", "강의설명"])
    assert load_catalog(path)[0].lecture_id == "000123"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3.0), ("3.0", 3.0), ("3학점", 3.0), (" 3 ", 3.0), ("1.5", 1.5), ("0", 0.0), ("", None),
     ("2 학점", 2.0), ("３", 3.0), ("30", 30.0),
     # handbooks print the hours beside the credits: 학점-강의-실습, 학점(이론-실습)
     ("3-3-0", 3.0), ("3 - 2 - 2", 3.0), ("3(2-2)", 3.0), ("2 (2)", 2.0), ("1/0/2", 1.0), ("3학점(3-0)", 3.0),
     ("-", None), ("없음", None), ("N/A", None)],
)
def test_credits_variants(tmp_path: Path, raw: str, expected: float | None) -> None:
    """A 0-credit course keeps its 0; an empty cell is no value, not 0."""
    path = write_catalog(tmp_path / "c.csv", [["1", "가", raw, "설명"]], ["강의번호", "교과목명", "학점", "강의설명"])
    assert load_catalog(path)[0].credits == expected


def test_optional_columns_default(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "min.csv", [["1", "가", "설명"]], ["학수번호", "과목명", "설명"])
    assert load_catalog(path) == [Course("1", "가", "", "", None, "", "설명")]


def test_accepts_str_path_and_reports_it_as_given(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "s.csv", KO_ROWS)
    assert len(load_catalog(str(path))) == 2


# ----------------------------------------------------------------------------- validation


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "catalog.pdf"
    path.write_bytes(b"%PDF")
    message = error_of(path)
    assert message.startswith(f"{path}: 1 problem, nothing was ingested")
    assert "'.pdf'" in message and ".xlsx" in message


def test_old_xls_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert "save it as .xlsx" in error_of(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "file not found" in error_of(tmp_path / "nope.csv")


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    path.write_bytes(b"not a zip at all")
    assert "not a readable .xlsx" in error_of(path)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    message = error_of(path)
    assert str(path) in message and "file is empty" in message


def test_header_only(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "h.csv", [])
    message = error_of(path)
    assert "no data rows" in message and "row 1" in message


@pytest.mark.parametrize(("suffix", "text"), [(".json", "[]"), (".jsonl", "\n\n")])
def test_json_without_objects(tmp_path: Path, suffix: str, text: str) -> None:
    path = tmp_path / f"e{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match="no data rows|file is empty"):
        load_catalog(path)


def test_missing_required_columns(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "cols.csv", [["1", "가", "설명"]], ["번호", "교과목명", "내용"])
    message = error_of(path)
    lines = message.splitlines()
    assert lines[0] == f"{path}: 2 problems, nothing was ingested"
    assert "missing required column lecture_id" in message
    assert "missing required column description" in message
    assert "missing required column title" not in message
    assert "학수번호" in message and "교과목개요" in message  # accepted aliases listed
    assert "headers found: '번호', '교과목명', '내용'" in message


def test_duplicate_lecture_id_names_both_rows(tmp_path: Path) -> None:
    rows = [["2150387001", "가", "설명"], ["2", "나", "설명"], [" 2150387001 ", "다", "설명"]]
    path = write_catalog(tmp_path / "dup.csv", rows, ["강의번호", "교과목명", "강의설명"])
    message = error_of(path)
    assert "row 4: duplicate lecture id 2150387001 (first seen in row 2)" in message


def test_empty_lecture_id_title_description(tmp_path: Path) -> None:
    rows = [["", "가", "설명"], ["2", "  ", "설명"], ["3", "다", " \t\n "], ["4", "라", "정상"]]
    path = write_catalog(tmp_path / "blank.csv", rows, ["강의번호", "교과목명", "강의설명"])
    message = error_of(path)
    assert "row 2: empty lecture id" in message
    assert "row 3: empty title" in message
    assert "row 4: empty description" in message
    assert "row 5" not in message


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("삼", "'삼' is not a number"), ("-1", "'-1' is negative"), ("31", "'31' is more than 30"),
     ("3.0.1", "'3.0.1' is not a number"), ("nan", "'nan' is not a number"),
     ("3-3-0-1-1", "'3-3-0-1-1' is not a number"), ("3(2-2", "'3(2-2' is not a number"),
     ("-3-3-0", "'-3-3-0' is negative")],
)
def test_bad_credits(tmp_path: Path, raw: str, reason: str) -> None:
    path = write_catalog(tmp_path / "cr.csv", [["1", "가", raw, "설명"]], ["강의번호", "교과목명", "학점", "강의설명"])
    message = error_of(path)
    assert f"row 2: credits {reason}" in message


def test_excel_scientific_lecture_id_rejected(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "sci.csv", [["2.15039E+09", "가", "설명"]], ["강의번호", "교과목명", "강의설명"])
    assert "row 2: lecture id '2.15039E+09' looks like Excel scientific notation" in error_of(path)


def test_malformed_json_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "1", "title": "가", "description": "설명"}, ensure_ascii=False)
    path.write_text(f'{good}\n{{"id": "2", "title": \n[1, 2]\n', encoding="utf-8")
    message = error_of(path)
    assert message.splitlines()[0] == f"{path}: 2 problems, nothing was ingested"
    assert "line 2: malformed JSON" in message
    assert "line 3: expected a JSON object, got list" in message


def test_jsonl_problems_use_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    objs = [{"id": "1", "title": "가", "description": "설명"}, {"id": "1", "title": "나", "description": ""}]
    path.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in objs), encoding="utf-8")
    message = error_of(path)
    assert "line 2: duplicate lecture id 1 (first seen in line 1)" in message
    assert "line 2: empty description" in message


def test_malformed_json_list_points_at_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"id": "1", "title": "가", "description": "설명"},\n  {"id": "2" "title": "나"}\n]',
                    encoding="utf-8")
    assert "line 3: malformed JSON" in error_of(path)
    path.write_text('{"id": "1"}', encoding="utf-8")
    assert "expected a JSON list of objects" in error_of(path)


def test_json_list_problems_use_object_start_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    objs = [{"id": "1", "title": "가", "description": "설명"}, {"id": "2", "title": "", "description": "설명"}]
    path.write_text(json.dumps(objs, ensure_ascii=False, indent=2), encoding="utf-8")
    # indent=2 puts the second object's "{" on line 7.
    assert "line 7: empty title" in error_of(path)


def test_stray_cells_from_unquoted_comma(tmp_path: Path) -> None:
    path = tmp_path / "stray.csv"
    path.write_text("강의번호,교과목명,강의설명\n1,가,설명, 그리고 더\n", encoding="utf-8")
    assert "row 2: 4 cells but the header has 3 columns" in error_of(path)


def test_unclosed_quote(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('강의번호,교과목명,강의설명\n1,가,설명\n2,나,"열린 따옴표\n3,다,설명\n', encoding="utf-8")
    assert "row 3: a quoted value starts in this row and is never closed" in error_of(path)


def test_many_problems_reported_together_in_one_error(tmp_path: Path) -> None:
    rows = [
        ["2150387001", "가", "3", "설명"],  # row 2: fine
        ["2150387001", "나", "3", "설명"],  # row 3: duplicate
        ["3", "", "3", "설명"],  # row 4: empty title
        ["4", "라", "삼", ""],  # row 5: bad credits + empty description
    ]
    path = write_catalog(tmp_path / "x.csv", rows, ["강의번호", "교과목명", "학점", "강의설명"])
    message = error_of(path)
    assert message.splitlines() == [
        f"{path}: 4 problems, nothing was ingested",
        "  row 3: duplicate lecture id 2150387001 (first seen in row 2)",
        "  row 4: empty title",
        "  row 5: empty description",
        "  row 5: credits '삼' is not a number",
    ]


def test_problem_list_is_capped(tmp_path: Path) -> None:
    rows = [[str(i), "가", ""] for i in range(MAX_LISTED_PROBLEMS + 7)]
    path = write_catalog(tmp_path / "cap.csv", rows, ["강의번호", "교과목명", "강의설명"])
    lines = error_of(path).splitlines()
    assert lines[0] == f"{path}: {MAX_LISTED_PROBLEMS + 7} problems, nothing was ingested"
    assert len(lines) == 1 + MAX_LISTED_PROBLEMS + 1
    assert lines[-1] == "  … and 7 more"


def test_nothing_returned_when_any_row_is_bad(tmp_path: Path) -> None:
    rows = KO_ROWS + [["9", "가", "", "", "", "", ""]]
    path = write_catalog(tmp_path / "partial.csv", rows)
    with pytest.raises(CatalogError, match="row 4: empty description"):
        load_catalog(path)


def test_mapping_one_column_to_two_fields(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "same.csv", [["1", "가"]], ["번호", "이름"])
    message = error_of(path, mapping={"lecture_id": "번호", "title": "이름", "description": "이름"})
    assert "column '이름' is mapped to more than one field" in message


def test_problems_sorted_by_row_across_kinds(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("강의번호,교과목명,강의설명\n1,가,\n2,나,설명,덧붙임\n3,,설명\n", encoding="utf-8")
    lines = error_of(path).splitlines()[1:]
    assert [line.split(":")[0].strip() for line in lines] == ["row 2", "row 3", "row 4"]


def test_known_extra_columns_become_fields_and_others_metadata(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("학수번호,과목명,교과목개요,선수과목,교재,비고\n"
                    "COR1016~COR1034,알바트로스 세미나,신입생 세미나.,,,\n"
                    "CSE2010,자료구조,스택과 큐.,CSE1001,쉽게 배우는 자료구조,분반 2개\n", encoding="utf-8")
    loaded = read_catalog(path)
    first, second = loaded.courses
    assert first.lecture_id == "COR1016~COR1034" and first.extra == ()
    assert second.get("prerequisites") == "CSE1001" and second.get("textbook") == "쉽게 배우는 자료구조"
    assert second.get("비고") == "분반 2개" and second.get("evaluation") == ""
    assert loaded.extra_columns == {"선수과목": "prerequisites", "교재": "textbook", "비고": "비고"}


def test_skip_invalid_ingests_valid_rows_and_reports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("강의번호,교과목명,강의설명,학점\n1,가,설명.,3\n2,나,,3\n3,다,설명.,abc\n4,라,설명.,2\n",
                    encoding="utf-8")
    with pytest.raises(CatalogError, match="row 3: empty description"):
        read_catalog(path)
    loaded = read_catalog(path, skip_invalid=True)
    assert [c.lecture_id for c in loaded.courses] == ["1", "4"]
    assert loaded.skipped == ("row 3: empty description", "row 4: credits 'abc' is not a number")


def test_skip_invalid_still_fails_on_a_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "nocol.csv"
    path.write_text("강의번호,교과목명\n1,가\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="missing required column description"):
        read_catalog(path, skip_invalid=True)


def test_free_text_columns_join_the_description_as_labelled_lines(tmp_path: Path) -> None:
    path = tmp_path / "syllabus.csv"
    goal = "파이썬으로 데이터를 수집하고 분석하는 능력을 기르며 팀 프로젝트로 실제 문제를 해결한다."
    path.write_text("과목코드,강의명,수업개요,수업목표,교재,비고\n"
                    f"DS101,데이터분석,데이터 분석의 기초.,{goal},파이썬 데이터 분석,2분반\n", encoding="utf-8")
    course = read_catalog(path).courses[0]
    assert course.lecture_id == "DS101" and course.title == "데이터분석"
    assert course.description == f"데이터 분석의 기초.\n수업목표: {goal}"  # searchable and citable
    assert course.get("textbook") == "파이썬 데이터 분석" and course.get("비고") == "2분반"
