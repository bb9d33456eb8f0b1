"""Document text with highlighted spans, built from escaped segments (no document markup runs)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # event | stance | recommendation | reference
    anchor: str | None = None  # element id placed where the span starts
    label: str = ""  # tooltip


def highlight(text: str, spans: list[Span]) -> Markup:
    """HTML of ``text`` with each span wrapped in ``<mark>``; overlapping spans share marks.

    Offsets outside the text or empty spans are ignored; every piece of text is escaped.
    """
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        out.extend(
            f'<span class="anchor" id="{escape(s.anchor)}"></span>'
            for s in starts.get(left, ())
            if s.anchor
        )
        piece = escape(text[left:right])
        covering = [s for s in spans if s.start <= left and right <= s.end]
        if not covering:
            out.append(str(piece))
            continue
        kinds = " ".join(sorted({f"hl-{s.kind}" for s in covering}))
        title = " | ".join(dict.fromkeys(s.label for s in covering if s.label))
        out.append(f'<mark class="{escape(kinds)}" title="{escape(title)}">{piece}</mark>')
    return Markup("".join(out))
