"""Korean wording helpers shared by the answers and the catalog's words: the particle a
word takes, one line of text, the comparison form of a word, a word as the student wrote it,
and whether a text writes a word."""

from __future__ import annotations

import re
import unicodedata


def particle(word: str, with_batchim: str, without: str) -> str:
    """Korean particle after ``word`` (은/는, 이/가, 을/를 …) by its last syllable."""
    last = word.rstrip(" )")[-1:] if word else ""
    rieul = without == "로"  # 으로/로: a final ㄹ takes 로 ("중급회계1로", "서울로")
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return with_batchim if final and not (rieul and final == 8) else without
    if last.isdigit():
        return with_batchim if last in ("036" if rieul else "013678") else without
    if last.lower() in "lmn":
        return with_batchim
    return without


def one_line(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_LATIN = re.compile(r"[0-9a-z][0-9a-z+#.\-]*")


def writes_word(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word``, case and width aside: a word of Latin letters whole
    ("ai" not in "training", "R" not in "React", "C" not in "C++"), a Korean one anywhere,
    spacing aside (particles and compounds join onto it; "사례분석" in "사례 분석")."""
    text, word = nfkc_lower(text), nfkc_lower(word)
    if _LATIN.fullmatch(word):
        return re.search(rf"(?<![0-9a-z+#]){re.escape(word)}(?![0-9a-z+#])", text) is not None
    return "".join(word.split()) in "".join(text.split())


def nfkc_lower(text: str) -> str:
    """Comparison form of ``text``."""
    return unicodedata.normalize("NFKC", text).lower()


def as_written(word: str, raw: str) -> str:
    """``word`` (matched in comparison form) as the question writes it: 'AI', not 'ai'."""
    i = raw.lower().find(word.lower())
    return raw[i:i + len(word)] if i >= 0 and len(raw.lower()) == len(raw) else word
