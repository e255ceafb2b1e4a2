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


def writes_word(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word``: a Latin name as a whole word ("R" not in "React", "C"
    not in "C++"),
    Korean anywhere (case and width aside)."""
    text, word = nfkc_lower(text), nfkc_lower(word)
    if re.fullmatch(r"[a-z0-9+#.]+", word):
        return re.search(rf"(?<![a-z0-9+#]){re.escape(word)}(?![a-z0-9+#])", text) is not None
    return word in text


def nfkc_lower(text: str) -> str:
    """Comparison form of ``text``."""
    return unicodedata.normalize("NFKC", text).lower()


def as_written(word: str, raw: str) -> str:
    """``word`` (matched in comparison form) as the question writes it: 'AI', not 'ai'."""
    i = raw.lower().find(word.lower())
    return raw[i:i + len(word)] if i >= 0 and len(raw.lower()) == len(raw) else word
