"""Sentence splitting of course descriptions, with character offsets into the original text.

The retriever indexes sentences, and the reader and the UI cite spans of the *original*
description, so every sentence is returned as a ``(start, end)`` span with
``description[start:end] == text`` (see :class:`assistant.records.Sentence`).

Splitting is done in three layers, coarse to fine:

1. **Lines.** Catalog descriptions put numbered items and headings on their own lines, and a
   line break there is a stronger boundary than anything kss infers, so lines are split first.
2. **Structural cues kss misses** (measured on kss 6.0.6, ``punct`` backend):

   * inline list markers: ``"목표: 1) 이해 2) 설계"`` and ``"① 이해 ② 설계"`` are one kss
     sentence; they are cut before each marker of a consecutive run (``1) 2)``, ``(1) (2)``,
     ``1. 2.``) and before every circled number / bullet;
   * a sentence end glued to the next sentence: ``"이해한다.또한 …"`` or ``"무엇인가?또한"``
     stays one sentence with ``punct`` (``mecab`` does split it). The cut is made only where
     the period follows a Hangul syllable or closing bracket and precedes Hangul / a
     capitalised word, or follows a lowercase English word and precedes a capitalised one, so
     ``3.5학점``, ``e.g.``, ``Ver.2.0``, ``node.js``, ``네이버.com`` and URLs stay intact.

3. **kss** (``kss.split_sentences``) on each resulting piece.

kss may strip or (rarely, ``mecab``) drop whitespace, so its sentences are mapped back onto
the original text by searching forward from a cursor: exact match first, then a
whitespace-insensitive alignment. Characters kss loses are attached to the neighbouring
sentence, so the spans always cover every non-whitespace character of the input.

kss and its backends are loaded and checked in :mod:`assistant.kss_backend`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.kss_backend import BACKENDS, DEFAULT_BACKEND, available_backends, check_backend, load_kss, quiet
from assistant.records import Sentence
from assistant.text import soft_breaks

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "available_backends",
    "split_description",
    "split_text",
]

# --------------------------------------------------------------------------------------
# Pre-splitting: lines, list markers, glued sentence ends
# --------------------------------------------------------------------------------------

# Every character str.splitlines() treats as a line boundary.
_LINE_RE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")

# URLs, e-mail addresses and bare domains: no cut is ever made inside them.
_PROTECTED_RE = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
    r"\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|edu|gov|kr|io|ac|co|ai)\b\S*"
)

# List markers that may start an item in the middle of a line. Each must be preceded by
# whitespace (or start the line) and followed by whitespace or a letter, never by a digit,
# so "3.5학점", "2)의" inside words and "Ver.2.0" never match.
_NUM_MARKER_RE = re.compile(
    r"(?<!\S)(?:\((?P<paren>\d{1,2})\)|(?P<rpar>\d{1,2})\)|(?P<dot>\d{1,2})\.)"
    r"(?=\s|[^\W\d_])"
)
_CIRCLED = "\u2460-\u2473\u24eb-\u24f4\u2776-\u277f"  # ①-⑳, ⓫-⓴, ❶-❿
_CIRCLED_RE = re.compile(rf"(?<!\S)[{_CIRCLED}](?=\s|[^\W\d_])")
_BULLET_RE = re.compile(r"(?<=\s)[•◦▪▫■□●○◆◇▶►※](?=\s)")

# A marker-only sentence ("1.", "②", "•") that kss might cut off is merged into the next.
_MARKER_ONLY_RE = re.compile(
    rf"^(?:\(?\d{{1,2}}[.)]|[{_CIRCLED}]|[-•◦▪▫■□●○◆◇▶►※*·])$"
)

# Sentence end glued to the next sentence (no space).
#  * Korean: after a Hangul syllable or a closing bracket/quote, before Hangul, an opening
#    bracket/quote, a circled number or a Capitalised word ("한다.Java도"). A lower-case
#    word is excluded so "네이버.com", "한글.hwp" stay whole.
#  * Digits follow only the sentence-final endings 다/요 ("이해한다.2주차에는"), because
#    "제1장.2절"-like references are otherwise plausible.
#  * English: a lower-case word of 2+ letters, a period, a Capitalised word
#    ("algorithms.Students"); single letters are initials/abbreviations ("e.g.Some").
_GLUED_KO_RE = re.compile(
    r"(?<=[가-힣)\]』」》〉’”'\"])[.?!]"
    r"(?=[가-힣(\[『「《〈‘“'\"\u2460-\u2473]|[A-Z][a-z])"
    r"|(?<=[다요])[.?!](?=\d)"
)
_GLUED_EN_RE = re.compile(r"(?<=[a-z]{2})[.?!](?=[A-Z][a-z])")
_EN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc fig figs eq eqs ch chap sec vol no nos pp ed eds al "
    "approx dept univ inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_WORD_BEFORE_RE = re.compile(r"[A-Za-z]+$")


def _protected_mask(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` (URLs, e-mails, domains) inside which no cut may be made."""
    return [m.span() for m in _PROTECTED_RE.finditer(line)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def _list_cuts(line: str) -> list[int]:
    """Offsets in ``line`` where an inline list item starts.

    A numbered marker only counts when it belongs to a consecutive run of the same style
    (``1) … 2) …``), because a lone "2)" or "3." is as likely to be part of the prose
    ("(총 2) …") as a list item. Circled numbers and bullets are unambiguous list markers.
    """
    cuts: list[int] = []
    # style -> list of chains; each chain is a list of (number, offset).
    chains: dict[str, list[list[tuple[int, int]]]] = {}
    for m in _NUM_MARKER_RE.finditer(line):
        style = m.lastgroup or ""
        number = int(m.group(style))
        style_chains = chains.setdefault(style, [])
        for chain in style_chains:
            if chain[-1][0] == number - 1:
                chain.append((number, m.start()))
                break
        else:
            style_chains.append([(number, m.start())])
    for style_chains in chains.values():
        for chain in style_chains:
            if len(chain) >= 2:
                cuts.extend(offset for _, offset in chain)
    cuts.extend(m.start() for m in _CIRCLED_RE.finditer(line))
    cuts.extend(m.start() for m in _BULLET_RE.finditer(line))
    return cuts


def _glued_cuts(line: str) -> list[int]:
    """Offsets just after a sentence-final mark that is glued to the next sentence."""
    cuts = [m.end() for m in _GLUED_KO_RE.finditer(line)]
    for m in _GLUED_EN_RE.finditer(line):
        word = _WORD_BEFORE_RE.search(line, 0, m.start())
        if word is None or word.group().lower() in _EN_ABBREVIATIONS:
            continue
        # "e.g.Some": the word before is a single letter preceded by a period.
        if word.start() > 0 and line[word.start() - 1] == ".":
            continue
        cuts.append(m.end())
    return cuts


def _pieces(line: str) -> list[tuple[int, int]]:
    """Cut one line into pieces at list markers and glued sentence ends.

    Returns:
        Contiguous ``(start, end)`` ranges that partition ``line``.
    """
    protected = _protected_mask(line)
    candidates = _list_cuts(line) + _glued_cuts(line)
    cuts = sorted({c for c in candidates if 0 < c < len(line) and not _inside(c, protected)})
    bounds = [0, *cuts, len(line)]
    return list(zip(bounds[:-1], bounds[1:]))


# --------------------------------------------------------------------------------------
# Mapping kss output back onto the original text
# --------------------------------------------------------------------------------------

# Invisible characters kss may drop; ignored when aligning (but still covered by spans).
_CLOSING_TAIL_RE = re.compile(r"[.!?\s\"'”’)\]」』>]*\Z")


def _one_sentence(piece: str) -> bool:
    """Whether kss's ``punct`` backend returns ``piece`` whole: it splits only at "¶" and
    after ".", "!" or "?" that text follows, so a piece whose only such marks close it is
    one sentence. About half the pieces of real catalogs are, and kss returned every such
    piece of both real catalogs whole; not asking it saves that part of the splitting time."""
    body = _CLOSING_TAIL_RE.sub("", piece)
    return not any(ch in ".!?¶" for ch in body)


_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def _ignorable(ch: str) -> bool:
    return ch.isspace() or ch in _ZERO_WIDTH


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _align_loose(text: str, pos: int, sentence: str) -> int | None:
    """Match ``sentence`` at ``text[pos:]`` ignoring whitespace and zero-width characters.

    Returns:
        The offset just past the last matched character, or ``None`` if it does not match.
    """
    i = pos
    end = None
    for ch in sentence:
        if _ignorable(ch):
            continue
        while i < len(text) and _ignorable(text[i]):
            i += 1
        if i >= len(text) or text[i] != ch:
            return None
        i += 1
        end = i
    return end


def _align(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Map kss sentences back onto ``text`` as trimmed, increasing spans.

    Each sentence is looked for at the cursor: exact match first, then a
    whitespace-insensitive match (kss' mecab path occasionally drops a space). If neither
    matches at the cursor (kss altered or dropped characters), the sentence is searched
    further ahead; text skipped over is re-attached by :func:`_cover`. A sentence that
    cannot be found at all is left to :func:`_cover` too.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for raw in sentences:
        sentence = raw.strip()
        if not sentence:
            continue
        pos = _skip_blank(text, cursor)
        if text.startswith(sentence, pos):
            start, end = pos, pos + len(sentence)
        else:
            loose_end = _align_loose(text, pos, sentence)
            if loose_end is not None:
                start, end = pos, loose_end
            else:
                found = text.find(sentence, pos)
                if found < 0:
                    continue
                start, end = found, found + len(sentence)
        spans.append((start, end))
        cursor = end
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cover(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Extend ``spans`` so every non-whitespace character of ``text`` is inside one.

    Text between two spans goes to the previous sentence (kss drops characters at sentence
    ends, e.g. a closing bracket, more often than at starts); text before the first span
    goes to the first one.
    """
    if not spans:
        start, end = _trim(text, 0, len(text))
        return [(start, end)] if start < end else []
    covered: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(spans):
        if i == 0:
            lead_start, lead_end = _trim(text, 0, start)
            if lead_start < lead_end:  # non-whitespace before the first sentence
                start = lead_start
        next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        gap_start, gap_end = _trim(text, end, next_start)
        if gap_start < gap_end:  # non-whitespace kss lost between two sentences
            end = gap_end
        covered.append((start, end))
    return covered


def _merge_markers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge a span that is only a list marker ("1.", "②") into the following span."""
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in spans:
        if pending is not None:
            start, pending = pending, None
        if _MARKER_ONLY_RE.match(text[start:end]):
            pending = start
            continue
        merged.append((start, end))
    if pending is not None:  # a trailing lone marker stays a sentence of its own
        merged.append((pending, spans[-1][1]))
    return merged


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def split_text(text: str, backend: str = DEFAULT_BACKEND) -> list[tuple[int, int]]:
    """Split Korean (or mixed Korean/English) text into sentence spans.

    Args:
        text: The text to split, e.g. a course description.
        backend: kss backend: ``"punct"`` (default), ``"fast"``, ``"mecab"`` or ``"pecab"``
            (case-insensitive). See :func:`available_backends`.

    Returns:
        ``(start, end)`` character offsets into ``text``: increasing, non-overlapping,
        non-empty, trimmed of surrounding whitespace, and together covering every
        non-whitespace character. ``[]`` for empty or whitespace-only text.

    Raises:
        TypeError: ``text`` is not a string.
        ValueError: ``backend`` is not one of :data:`BACKENDS`.
        DependencyMissingError: kss, or the analyzer the backend needs, is not installed.

    Example:
        >>> split_text("자료구조를 이해한다.또한 3.5학점이다.")
        [(0, 11), (11, 22)]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    # Validate even for empty text so a misconfigured backend fails at the first call,
    # not at the first non-empty description.
    name = check_backend(backend)
    if not text or text.isspace():
        return []
    split_sentences: Callable[..., list[str]] = load_kss().split_sentences

    spans: list[tuple[int, int]] = []
    # a line break that only wraps a word or sentence is no boundary: the splitter sees a
    # zero-width space there (same length, so every offset still points into ``text``)
    soft = soft_breaks(text)
    if soft:
        text = "".join("\u200b" if i in soft else ch for i, ch in enumerate(text))
    for line_match in _LINE_RE.finditer(text):
        line = line_match.group()
        if line.isspace():
            continue
        line_spans: list[tuple[int, int]] = []
        for piece_start, piece_end in _pieces(line):
            piece = line[piece_start:piece_end]
            if piece.isspace():
                continue
            # kss returns the input string itself (not a list) for empty text; pieces are
            # never empty here, but guard so a kss quirk cannot turn into char iteration.
            if name == "punct" and _one_sentence(piece):
                found = [piece.strip()]  # what kss would return, without asking it
            else:
                with quiet(name):
                    found = split_sentences(piece, backend=name, strip=True)
            if isinstance(found, str):
                found = [found]
            for s, e in _cover(piece, _align(piece, found)):
                line_spans.append((piece_start + s, piece_start + e))
        base = line_match.start()
        spans.extend((base + s, base + e) for s, e in _merge_markers(line, line_spans))
    return spans


def split_description(
    lecture_id: str, description: str, backend: str = DEFAULT_BACKEND
) -> list[Sentence]:
    """Split a course description into :class:`~assistant.records.Sentence` records.

    Args:
        lecture_id: The course's lecture id, copied into every sentence.
        description: The course description (NFC-normalized by ingest).
        backend: kss backend, as for :func:`split_text`.

    Returns:
        Sentences with positions ``0..n-1`` in text order and ``id=None`` (not yet
        stored); ``description[s.start:s.end] == s.text`` for each.

    Raises:
        ValueError: ``backend`` is not one of :data:`BACKENDS`.
        DependencyMissingError: kss, or the analyzer the backend needs, is not installed.
    """
    return [
        Sentence(lecture_id=lecture_id, position=i, start=s, end=e, text=description[s:e])  # the original text
        for i, (s, e) in enumerate(split_text(description, backend=backend))
    ]
