"""Lecture ids as students write them: found in a question ("CSE4070", "cse 4070",
"3000642" for 03000642), taken out of it, and the forms one id goes by."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]{3,}")
# "CSE 4070", "cse-4070": a code's letters and number written apart
_SPACED_ID = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2,5})[\s\-_]+(\d{3,5}[A-Za-z]?)(?![A-Za-z0-9])")


def id_tokens(text: str) -> list[str]:
    """Tokens of ``text`` that may be lecture ids (letters and digits, at least one digit),
    upper-cased, in order; a code written apart ("CSE 4070") also as one token."""
    out = []
    text = unicodedata.normalize("NFKC", text)
    for token in _ID_TOKEN.findall(_SPACED_ID.sub(r"\1\2", text)):
        token = token.strip("-").upper()
        if any(ch.isdigit() for ch in token) and token not in out:
            out.append(token)
    return out


def without_ids(text: str, known: Collection[str]) -> str:
    """``text`` (NFKC) less the lecture ids it writes, in any form in ``known``, with the
    particles glued to them left ("SOC2003이 뭐야?" -> " 이 뭐야?")."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACED_ID.sub(lambda m: " " if f"{m[1]}{m[2]}".upper() in known else m[0], text)
    return _ID_TOKEN.sub(lambda m: " " if m.group().strip("-").upper() in known else m.group(), text)


def id_aliases(lecture_id: str) -> list[str]:
    """The forms a student may write a lecture id in: the whole id and, for composite ids
    ("COR1016~COR1034", "CSE4070-01"), each part, upper-cased."""
    whole = lecture_id.strip().upper()
    parts = [p for p in re.split(r"[~,/\s]+", whole) if p]
    out = [whole] + [p for p in parts if any(ch.isdigit() for ch in p)]
    base = re.match(r"^([A-Z]*\d+)-\d{1,3}$", whole)  # a section suffix: CSE4070-01 -> CSE4070
    if base:
        out.append(base.group(1))
    if whole.isdigit() and whole.startswith("0") and len(whole.lstrip("0")) >= 5:
        out.append(whole.lstrip("0"))  # "3000642" for 03000642: a spreadsheet ate the zero
    return list(dict.fromkeys(out))
