"""Silences with an occasion: actors the pack expects to speak on the issue, and what the
store says of their not speaking or not acting.

Two kinds, kept apart:

* ``stance silence``: a sentence names an expected speaker (``expected_speakers`` in the
  pack's topic.yaml) together with words that say it does not act or speak (language data,
  ``occasion_silence_*`` in ``lang/en/stances.yaml``: "has yet to convene", "the
  non-reaction from", "looked the other way"), or the store holds a negated event of a type
  that speaks or acts on the issue (``speaking_types`` in weights.yaml) with that speaker
  as its source ("the OIC has not condemned"). Each row is one sentence: document, sentence index, offsets and quote.
* ``absence of events``: an expected speaker that is the source of no asserted event at or
  above the confidence threshold; the row says how often it is mentioned and where first.

By default both read only the sentences on the pack's topic (relevance); ``relevant_only=
False`` reads every sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from flashpoint.analysis import source
from flashpoint.analysis.scales import load_weights
from flashpoint.lang import load_language
from flashpoint.relevance import load_topic
from flashpoint.store.queries import items as item_queries

STANCE, ABSENCE = "stance silence", "absence of events"
SILENCE_COLUMNS = ["kind", "holder", "holder_name", "on", "on_name", "cue", "doc_id", "sentence",
                   "start", "end", "quote", "date", "relevance", "mentions", "documents"]  # fmt: skip
NOUN_REACH = 80  # characters between a noun cue and the actor that follows it
NOUN_BEFORE = 30  # ... or the actor just before it ("the OIC's inaction")
VERB_REACH = 40  # characters between the actor and the verb cue it is the subject of


@dataclass(frozen=True)
class Cues:
    verbs: re.Pattern[str]
    nouns: re.Pattern[str]
    negation: re.Pattern[str]
    negated_types: frozenset[str]


@lru_cache(maxsize=4)
def load_cues(language: str = "en") -> Cues:
    """The cue words of a language (``lang/<code>/stances.yaml``) and the event types whose
    negation is a silence (``speaking_types`` in weights.yaml)."""
    lang = load_language(language)
    cancellers = "|".join(re.escape(w) for w in sorted(lang.words("silence_cancellers")))
    return Cues(lang.pattern("occasion_silence_verbs"), lang.pattern("occasion_silence_nouns"),
                re.compile(rf"(?:{cancellers})\s+(?:\w+\s+)?$", re.I),
                load_weights().speaking_types)  # fmt: skip


def _holders(cues: Cues, text: str, base: int,
             speakers: list[tuple[int, int, str]]) -> list[tuple[str, str]]:  # fmt: skip
    """(speaker, cue) pairs of one sentence: a verb cue takes the speaker just before it (its
    subject, within ``VERB_REACH``), a noun cue the first one after it (within
    ``NOUN_REACH``), else the one just before it (within ``NOUN_BEFORE``)."""
    found = []
    for rx, noun in ((cues.verbs, False), (cues.nouns, True)):
        for m in rx.finditer(text):
            if cues.negation.search(text[max(0, m.start() - 30) : m.start()]):
                continue
            at, end = base + m.start(), base + m.end()
            before = [a for s, e, a in speakers if e <= at and at - e <= NOUN_BEFORE]
            after = [a for s, e, a in speakers if s >= end and s - end <= NOUN_REACH]
            subject = [a for s, e, a in speakers if e <= at and at - e <= VERB_REACH]
            holder = (after[0] if after else before[-1] if before else None) if noun else (
                subject[-1] if subject else None)  # fmt: skip
            if holder:
                found.append((holder, m.group(0)))
    return found


def silences(
    src: source.Source, since: str | None = None, until: str | None = None,
    min_confidence: float | None = None, relevant_only: bool = True, pack: str | None = None,
    kind: str | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Stance silences (one row per sentence and speaker) and absences of events (one row per
    expected speaker that never acts), ``kind`` telling them apart. The expected speakers
    are those of ``pack`` (None: the pack the store was analysed with)."""
    if kind not in (None, STANCE, ABSENCE):
        raise ValueError(f"unknown kind '{kind}' (choose from '{STANCE}', '{ABSENCE}')")
    con = source.connect(src)
    period = source.Period.parse(since, until)
    topic = load_topic(pack or source.store_pack(con))
    expected = list(topic.expected_speakers)
    names = source.actor_names(con)
    sents = item_queries.sentence_frame(con, period, relevant_only)
    mentions = item_queries.speaker_mentions(con, expected)
    ev = source.events(con, period, min_confidence, relevant_only)
    rows: list[dict] = []
    if kind in (None, STANCE):
        rows += _stance_rows(ev, sents, mentions, expected, topic.actors)
    if kind in (None, ABSENCE):
        rows += _absence_rows(ev, sents, mentions, expected)
    out = pd.DataFrame(rows, columns=SILENCE_COLUMNS)
    if out.empty:
        return out
    out["holder_name"] = [source.display(a, names) for a in out["holder"]]
    out["on_name"] = [source.display(a, names) if a else topic.name for a in out["on"]]
    for column in ("sentence", "start", "end", "mentions", "documents"):
        out[column] = out[column].astype("Int64")
    order = {STANCE: 0, ABSENCE: 1}
    return out.sort_values(["kind", "holder", "date", "doc_id", "sentence"],
                           key=lambda c: c.map(order) if c.name == "kind" else c,
                           na_position="last", ignore_index=True)  # fmt: skip


def _sentence_of(sents: pd.DataFrame, doc_id: str, start: int) -> dict | None:
    rows = sents[(sents["doc_id"] == doc_id) & (sents["start_char"] <= start)
                 & (sents["end_char"] > start)]  # fmt: skip
    return rows.iloc[0].to_dict() if len(rows) else None


def _stance_rows(ev: pd.DataFrame, sents: pd.DataFrame, mentions: pd.DataFrame,
                 expected: list[str], core: frozenset[str]) -> list[dict]:  # fmt: skip
    cues = load_cues()
    found: dict[tuple, dict] = {}
    # each document's mentions as (start, end, actor) sorted by start, and their starts
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for doc_id, start, end, actor in zip(mentions["doc_id"], mentions["start_char"],
                                         mentions["end_char"], mentions["actor_id"], strict=True):  # fmt: skip
        by_doc.setdefault(doc_id, []).append((int(start), int(end), actor))
    starts = {d: [m[0] for m in ms] for d, ms in by_doc.items()}
    for s in sents.itertuples(index=False):
        ms = by_doc.get(s.doc_id)
        if not ms:
            continue
        first = bisect_left(starts[s.doc_id], s.start_char)
        last = bisect_left(starts[s.doc_id], s.end_char)
        inside = [m for m in ms[first:last] if m[1] <= s.end_char]
        speakers = [m for m in inside if m[2] in expected]
        if not speakers:
            continue
        for holder, cue in _holders(cues, s.text, int(s.start_char), speakers):
            # what the silence is on: an actor of the conflict named there, else another actor
            others = sorted((a for _, _, a in inside if a != holder and a not in expected),
                            key=lambda a: a not in core)  # fmt: skip
            key = (s.doc_id, int(s.idx), holder)
            row = found.setdefault(key, _row(STANCE, holder, s, others[0] if others else None))
            row["cue"] = ", ".join(dict.fromkeys([*filter(None, row["cue"].split(", ")), cue]))
    # negated events whose source is an expected speaker
    ev = ev[(ev["status"] == "negated") & ev["source"].isin(expected)
            & ev["type"].isin(cues.negated_types)]  # fmt: skip
    for e in ev.itertuples(index=False):
        s = _sentence_of(sents, e.doc_id, int(e.start_char))
        if s is None:
            continue
        s = pd.Series(s)
        key = (e.doc_id, int(s["idx"]), e.source)
        row = found.setdefault(key, _row(STANCE, e.source, s, e.target if e.target != e.source else None))
        row["on"] = row["on"] or e.target
        row["cue"] = ", ".join(dict.fromkeys([*filter(None, row["cue"].split(", ")), f"not {e.type}"]))
    return list(found.values())


def _row(kind: str, holder: str, s, on: str | None) -> dict:
    get = s.get if isinstance(s, (dict, pd.Series)) else lambda k: getattr(s, k)
    return {"kind": kind, "holder": holder, "on": on, "cue": "", "doc_id": get("doc_id"),
            "sentence": int(get("idx")), "start": int(get("start_char")), "end": int(get("end_char")),
            "quote": str(get("text")).strip(), "date": get("edate"),
            "relevance": None if pd.isna(get("relevance")) else float(get("relevance")),
            "mentions": None, "documents": None}  # fmt: skip


def _absence_rows(ev: pd.DataFrame, sents: pd.DataFrame, mentions: pd.DataFrame,
                  expected: list[str]) -> list[dict]:  # fmt: skip
    acting = set(ev.loc[ev["status"].fillna("asserted") == "asserted", "source"].dropna())
    keys = sents[["doc_id", "start_char", "end_char"]]
    rows = []
    for actor in expected:
        if actor in acting:
            continue
        ms = mentions[mentions["actor_id"] == actor].merge(keys, on="doc_id", suffixes=("", "_s"))
        ms = ms[(ms["start_char"] >= ms["start_char_s"]) & (ms["start_char"] < ms["end_char_s"])]
        row = {"kind": ABSENCE, "holder": actor, "on": None, "cue": "", "doc_id": None,
               "sentence": None, "start": None, "end": None, "quote": None, "date": None,
               "relevance": None, "mentions": len(ms), "documents": ms["doc_id"].nunique()}  # fmt: skip
        if len(ms):
            first = ms.iloc[0]
            s = _sentence_of(sents, first["doc_id"], int(first["start_char"]))
            if s is not None:
                row.update({k: v for k, v in _row(ABSENCE, actor, s, None).items()
                            if k in ("doc_id", "sentence", "start", "end", "quote", "date", "relevance")})
        rows.append(row)
    return rows
