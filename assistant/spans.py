"""Span post-processing, as pure functions: a window's logits to the best character span,
and a span trimmed to what answers (one line, no label, no trailing particle).

The reader (:mod:`assistant.read`) runs the model; everything after the logits is here, so
it can be tested on hand-made logits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from . import wording
from .question import PARTICLES
from .text import soft_breaks

__all__ = ["decode_span", "trim_span", "with_negation"]

# A label that opens a syllabus line ("교재:", "(교재)", "[평가방법]", "Prerequisite:"): it
# names the field, it is not the answer. Matched where a span starts (``match(text, pos)``).
_LABEL = re.compile(r"\s*(?:[\(\[【<]\s*[^\)\]】>\n]{1,12}\s*[\)\]】>]|[가-힣A-Za-z ]{1,14}\s*[:：])\s*")
_EDGE = " \t\n.,;:·•-–—*\"'“”‘’"
_CLOSING = {"(": ")", "[": "]", "<": ">", "《": "》", "『": "』", "「": "」", "〈": "〉"}


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span of ``text`` to one line and drop a leading label and edge punctuation.

    Syllabi are label lines ("교재: 전력공학\n평가: …"): a span that runs across a line break
    keeps the line where it starts (or the next one when only a label or nothing is left
    there); a label at its start is cut off. Returns the new ``(start, end)``, possibly
    empty (``start == end``).
    """
    soft = soft_breaks(text)
    hard = [i for i in range(start, end) if text[i] == "\n" and i not in soft]
    if hard:
        first, rest = text[start:hard[0]], text[hard[0] + 1 : end]
        label = _LABEL.match(first)
        if first[label.end() if label else 0 :].strip(_EDGE):
            end = hard[0]
        else:
            start = hard[0] + 1
            end = hard[1] if len(hard) > 1 else start + len(rest)
    label = _LABEL.match(text, start, end) if start < end else None
    if label and label.end() < end:
        start = label.end()
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    # a particle glued to the last word ("된장을", "방식은") is not part of the answer; one that
    # cannot follow the syllable before it is the word's own ("성능평가", "농가": 가 follows no
    # final consonant)
    glued = re.search(r"[가-힣]{2,}?(으로|을|를|은|는|이|가|의|에|로)$", text[start:end])
    if glued and end - len(glued.group(1)) - start >= 2 and _fits(text[end - len(glued.group(1)) - 1], glued.group(1)):
        end -= len(glued.group(1))
    # an unbalanced closing bracket belongs to the text around the answer
    if end > start and text[end - 1] in ")]" and text[start:end].count("(") + text[start:end].count("[") < \
            text[start:end].count(")") + text[start:end].count("]"):
        end -= 1
    # a title bracket opened in the span and closed right after it ("<토지" + ">") closes in it
    span = text[start:end]
    for opening, closing in _CLOSING.items():
        if span.count(opening) > span.count(closing) and text[end:end + 1] == closing:
            end += 1
            break
    return start, end


def _script(char: str) -> str:
    return "hangul" if "가" <= char <= "힣" else "latin" if char.isascii() and char.isalpha() else \
        "digit" if char.isdigit() else ""


def _starts_word(text: str, pos: int) -> bool:
    """Whether an answer may start at ``pos``: not inside a word, i.e. not right after a
    character of its own script ("막바지" has no answer "바지"; "수강대상4학년" may start at
    "4학년"). Of KorQuAD 1.0 dev's 5,774 answers, 3 start inside a word."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos <= 0 or pos >= len(text):
        return True
    own = _script(text[pos])
    return not own or _script(text[pos - 1]) != own


_PAIRS = {"이": "가", "을": "를", "은": "는", "으로": "로"}  # after a final consonant: after none


def _fits(syllable: str, particle: str) -> bool:
    """Whether ``particle`` can follow the Hangul ``syllable`` (Korean particles alternate
    with the final consonant of the word they follow: 학생이 but 교재가, 방식은 but 생활영어는;
    :func:`~assistant.wording.particle`); anything can follow another character."""
    if not "가" <= syllable <= "힣":
        return True
    for after_consonant, after_vowel in _PAIRS.items():
        if particle in (after_consonant, after_vowel):
            return wording.particle(syllable, after_consonant, after_vowel) == particle
    return True


# a negation closing the clause a span sits in: "…어려워서 중급회계3[ 이라 불러지는 것이 아님]"
_NEGATION = re.compile(r"[^.\n!?。]{0,16}?(?:아님|아니다|아닙니다|아니라|아닌|않는다|않습니다|않음|않고|않으며"
                       r"|없다|없음|없습니다|없으며|없고|없이)")


def with_negation(text: str, end: int) -> int:
    """Where a span of ``text`` ending at ``end`` should end: at the negation that closes its
    clause, when one follows within a few characters ("중급회계3" -> "중급회계3 이라 불러지는
    것이 아님": cut before it, the span says the opposite of the text), else at ``end``."""
    found = _NEGATION.match(text, end)
    return found.end() if found else end


def decode_span(start_logits: np.ndarray, end_logits: np.ndarray, offsets: Sequence[tuple[int, int]],
                context: Sequence[int], text: str, max_answer_tokens: int = 24,
                top_n: int = 20) -> tuple[int, int, float] | None:
    """The best answer span of one window, from the model's logits (a pure function).

    The span maximises ``start_logit + end_logit`` over the ``top_n`` best starts and ends
    inside the passage tokens (``context``), with ``end >= start`` and at most
    ``max_answer_tokens`` tokens, starting at the start of a word; a last token that is a
    lone Korean particle is dropped,
    and the characters are trimmed to one line without a label (:func:`trim_span`).

    Args:
        start_logits, end_logits: One window's logits, token 0 being ``<s>`` (no answer).
        offsets: Character ``(start, end)`` in ``text`` of each token.
        context: Indices of the tokens that belong to the passage.
        text: The passage.
        max_answer_tokens: Longest span considered.
        top_n: Starts and ends considered.

    Returns:
        ``(start, end, margin)``: character offsets in ``text`` and the span's score minus
        the no-answer score, or ``None`` when no valid span exists.
    """
    if not len(context):
        return None
    null = float(start_logits[0] + end_logits[0])
    lo, hi = context[0], context[-1]
    s_scores = np.asarray(start_logits[lo : hi + 1])
    e_scores = np.asarray(end_logits[lo : hi + 1])
    best_score, best_pair = -np.inf, None
    for s in np.argsort(-s_scores, kind="stable")[:top_n]:
        if not _starts_word(text, offsets[lo + int(s)][0]):  # "막[바지]": no answer starts inside a word
            continue
        for e in np.argsort(-e_scores, kind="stable")[:top_n]:
            if e < s or e - s + 1 > max_answer_tokens:
                continue
            score = float(s_scores[s] + e_scores[e])
            if score > best_score:
                best_score, best_pair = score, (lo + int(s), lo + int(e))
    if best_pair is None:
        return None
    s_tok, e_tok = best_pair
    last = text[offsets[e_tok][0] : offsets[e_tok][1]].strip()
    if e_tok > s_tok and last in PARTICLES and _fits(text[max(offsets[e_tok][0] - 1, 0)], last):  # "농"+"가": a word
        e_tok -= 1
    start, end = trim_span(text, offsets[s_tok][0], offsets[e_tok][1])
    if start >= end:
        return None
    return start, end, best_score - null
