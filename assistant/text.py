"""Messy catalog text, read without being rewritten.

Registrar exports wrap lines inside words ("트랜지스\\n터", "semicon-\\nductor"), use tabs as
spaces, and put numbered items and labels ("교재:") on lines of their own. The stored
description stays exactly as exported, so every offset (sentences, answer spans, citations)
points into the original; these helpers say how to *read* it:

- :func:`soft_breaks` — the line breaks that only wrap a word or a sentence, not a line of
  its own (the splitter does not cut there; the reader's spans and labelled values run on);
- :func:`readable` — the text with soft breaks joined and whitespace collapsed, for the
  embedder and the keyword index.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[0-9A-Za-z가-힣]")
# a line that is its own item: a list marker, a bullet, or a label ("교재:", "(평가)", "[선수과목]")
_OWN_LINE = re.compile(r"^\s*(?:\d{1,2}\s*[.)]|\(\d{1,2}\)|[①-⑳•·\-*▶■□○●◦]|[\(\[【<][^\)\]】>\n]{1,12}[\)\]】>]"
                       r"|[가-힣A-Za-z ]{1,14}\s*[:：])")
MIN_WRAPPED_LINE = 20
"""A line shorter than this ends on purpose (a heading, a label, a short item)."""


def soft_breaks(text: str) -> set[int]:
    """Positions of line breaks that only wrap text: a word or a sentence continues across
    them. A break is soft when the line before is long enough to have been wrapped
    (:data:`MIN_WRAPPED_LINE`) and ends inside a word or after a hyphen, and the next line
    does not start an item or a label of its own."""
    out: set[int] = set()
    line_start = 0
    for i, ch in enumerate(text):
        if ch != "\n":
            continue
        line = text[line_start:i]
        nxt_end = text.find("\n", i + 1)
        nxt = text[i + 1 : nxt_end if nxt_end >= 0 else len(text)]
        line_start = i + 1
        if len(line.strip()) < MIN_WRAPPED_LINE or not nxt or _OWN_LINE.match(nxt) or _OWN_LINE.match(line):
            continue
        before, after = line[-1:], nxt[:1]
        if (_WORD.match(before) or before == "-") and _WORD.match(after):
            out.add(i)
    return out


def readable(text: str) -> str:
    """``text`` as a reader sees it: soft breaks joined (a wrapped word becomes whole again,
    a wrapping hyphen goes), every other run of whitespace (tabs, line breaks) one space."""
    soft = soft_breaks(text)
    if soft:
        chars = list(text)
        for i in sorted(soft, reverse=True):
            if chars[i - 1] == "-" and i >= 2 and chars[i - 2].isalpha() and chars[i - 2].islower():
                del chars[i - 1 : i + 1]  # "semicon-\nductor" -> "semiconductor"
            else:
                del chars[i]
        text = "".join(chars)
    return " ".join(text.split())
