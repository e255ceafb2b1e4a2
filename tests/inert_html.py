"""Whether HTML meant for the chat is inert: only the app's own tags (``ui.app`` markup),
no attribute but ``class``, no raw Markdown syntax or ``<`` in the text, UTF-8 encodable.
Shared by the hostile-input and hostile-catalog tests."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED_TAGS = {"div", "code", "details", "summary", "blockquote", "mark", "br", "ol", "li", "b", "small", "p"}
MARKDOWN_SYNTAX = set("[]`*_|~$\\\"'")


class _Inert(HTMLParser):
    """Collects what a browser (and then Markdown) would treat as live in a chat bubble."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name != "class" or (value and not all(c.isalnum() or c in "-_ " for c in value)):
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag </{tag}>")

    def handle_data(self, data: str) -> None:
        raw = set(data) & MARKDOWN_SYNTAX
        if raw:
            self.problems.append(f"raw Markdown characters {sorted(raw)} in {data[:60]!r}")
        if "<" in data:
            self.problems.append(f"raw '<' in {data[:60]!r}")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration {decl[:40]!r}")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"declaration {data[:40]!r}")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instruction")


def inert_problems(markup: str) -> list[str]:
    """Why ``markup`` is not safe to show (empty list: it is)."""
    problems = []
    try:
        markup.encode("utf-8")
    except UnicodeEncodeError as exc:
        problems.append(f"not encodable as UTF-8 ({exc.reason} at {exc.start})")
    parser = _Inert()
    parser.feed(markup)
    parser.close()
    problems += parser.problems
    if parser.rawdata:  # an unterminated '<…' left unparsed
        problems.append(f"unparsed tail {parser.rawdata[:60]!r}")
    return problems
