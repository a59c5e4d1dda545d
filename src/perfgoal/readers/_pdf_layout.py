"""Characters on a PDF page -> lines -> the text of a cell or a paragraph.

A PDF knows glyphs and their boxes, not words, lines or paragraphs. Lines are glyphs whose
vertical centres agree; a gap wider than a third of the font size between two glyphs is a
space. Consecutive lines are one paragraph (a line wrap) unless:

- the vertical gap between them is more than half a line (paragraph spacing, a blank line);
- the next line starts a numbered item (``2.``, ``（二）``, ``三、``) after a line that ends a
  sentence (``。；！？``);
- the first word of the next line would have fitted in the room left at the end of the line
  (so the writer broke the line, the layout did not).

Wrapped lines are joined without a space between CJK characters, and with one between Latin
words; a Latin word broken in the middle (a long 项目编码 in a narrow cell: the line holds
nothing but part of it) is joined without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Char = dict[str, object]

_ITEM_START = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)）]|[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|"
                         r"[一二三四五六七八九十]+\s*、)")  # fmt: skip
_SENTENCE_END = re.compile(r"[。；;！!？?：:]\s*$")
_LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(slots=True)
class Line:
    chars: list[Char]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 10.0
    widths: list[float] = field(default_factory=list)
    """Width of each character of ``text`` (a space's is the gap it stands for)."""


def _f(char: Char, name: str) -> float:
    value = char.get(name)
    return float(value) if isinstance(value, int | float) else 0.0


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Glyphs -> lines, top to bottom, each left to right."""
    ordered = sorted(chars, key=lambda c: (_f(c, "top") + _f(c, "bottom")) / 2)
    lines: list[Line] = []
    current: list[Char] = []
    centre = 0.0
    for char in ordered:
        mid = (_f(char, "top") + _f(char, "bottom")) / 2
        size = max(_f(char, "size"), 1.0)
        if current and abs(mid - centre) > size * 0.4:
            lines.append(_line(current))
            current = []
        if not current:
            centre = mid
        current.append(char)
    if current:
        lines.append(_line(current))
    return [line for line in lines if line.text.strip()]


def _line(chars: list[Char]) -> Line:
    chars.sort(key=lambda c: _f(c, "x0"))
    texts: list[str] = []
    widths: list[float] = []
    previous: Char | None = None
    for char in chars:
        text = str(char.get("text") or "")
        if previous is not None:
            gap = _f(char, "x0") - _f(previous, "x1")
            size = max(_f(char, "size"), 1.0)
            if gap > size / 3 and texts and texts[-1] != " " and text != " ":
                texts.append(" ")
                widths.append(gap)
        if text == " " and (not texts or texts[-1] == " "):
            previous = char
            continue
        texts.append(text)
        widths.append(_f(char, "x1") - _f(char, "x0"))
        previous = char
    while texts and texts[-1] == " ":
        texts.pop()
        widths.pop()
    while texts and texts[0] == " ":
        texts.pop(0)
        widths.pop(0)
    visible = [c for c in chars if str(c.get("text") or "").strip()] or chars
    return Line(
        chars=chars,
        text="".join(texts),
        x0=min(_f(c, "x0") for c in visible),
        x1=max(_f(c, "x1") for c in visible),
        top=min(_f(c, "top") for c in visible),
        bottom=max(_f(c, "bottom") for c in visible),
        size=max(_f(c, "size") for c in visible) or 10.0,
        widths=widths,
    )


def _first_word_width(line: Line) -> float:
    """The width of what a line-breaking layout would have moved as one piece: a Latin word
    (up to its space), else one character with the punctuation glued to it."""
    text, widths = line.text, line.widths
    if not text:
        return 0.0
    if _LATIN.match(text[0]):
        end = text.find(" ")
        end = len(text) if end < 0 else end
        return sum(widths[:end])
    end = 1
    while end < len(text) and text[end] in "，。、；：！？）》”’,.;:!?)":
        end += 1
    return sum(widths[:end])


def item_number(text: str) -> int | None:
    """The number of a numbered item (``2.``, ``（二）``, ``三、``), if the text starts one."""
    match = _ITEM_START.match(text)
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(0))
    if digits:
        return int(digits)
    numerals = "一二三四五六七八九"
    marker = re.sub(r"[^一二三四五六七八九十]", "", match.group(0))
    if marker == "十":
        return 10
    if len(marker) == 1:
        return numerals.index(marker) + 1
    return None


def wraps(line: Line, following: Line, right: float) -> bool:
    """Whether the layout (not the writer) broke the line: the first word of ``following``
    would not have fitted in the room left at the end of ``line``."""
    room = right - line.x1
    return room <= _first_word_width(following) + 0.5 * following.size


def is_break(line: Line, following: Line, right: float, opening: str = "") -> bool:
    """Whether ``following`` starts a new paragraph rather than continuing ``line``
    (``opening``: the text of the paragraph so far)."""
    if following.top - line.bottom > 0.5 * max(line.size, following.size):
        return True
    number = item_number(following.text)
    if number is not None:
        if _SENTENCE_END.search(line.text):
            return True
        current = item_number(opening)
        if current is not None and number == current + 1:
            return True
    return not wraps(line, following, right)


def join(line: str, following: str, *, whole_word: bool) -> str:
    """Join a wrapped line: a space between Latin words only (``whole_word``: the break fell
    between words, not inside one)."""
    if line and following and _LATIN.match(line[-1]) and _LATIN.match(following[0]):
        return f"{line} {following}" if whole_word else line + following
    return line + following


def paragraphs(lines: Sequence[Line], right: float) -> list[tuple[str, Line]]:
    """Lines -> paragraph texts (with each paragraph's first line)."""
    out: list[tuple[str, Line]] = []
    text, first, previous = "", None, None
    for line in lines:
        if previous is None or first is None or is_break(previous, line, right, text):
            if first is not None:
                out.append((text, first))
            text, first = line.text, line
        else:
            text = join(text, line.text, whole_word=" " in previous.text.strip())
        previous = line
    if first is not None:
        out.append((text, first))
    return out


def cell_lines(chars: Sequence[Char], left: float, right: float) -> tuple[list[Line], float]:
    """A cell's lines and the right edge of its text area: ``left`` and ``right`` are the
    ruled edges, the padding is taken from the line that starts furthest left."""
    lines = group_lines(chars)
    padding = max(0.0, min((line.x0 for line in lines), default=left) - left)
    return lines, right - padding


def cell_text(chars: Sequence[Char], left: float, right: float) -> str:
    """A table cell's text: its lines joined as paragraphs, paragraphs by ``\\n``."""
    lines, edge = cell_lines(chars, left, right)
    return "\n".join(text for text, _ in paragraphs(lines, edge))
