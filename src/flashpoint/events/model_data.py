"""Training and held-out data of the event model, read from ``../shared/data`` (no torch here).

Each :class:`Example` is one sentence with whatever labels its corpus gives; a missing label
is ``None`` and its head is not trained (or scored) on it:

- ``type``: a PLOVER root (``YIELD`` for CONCEDE-or-RETREAT, as in ``plv_train.tsv``) or NONE;
- ``quad``: the five-class label of ``cameo_class_train.tsv`` (0 statement / no event,
  1 verbal and 2 material cooperation, 3 verbal and 4 material conflict);
- ``roles``: character spans of the source and target (``plv_train.tsv`` marks, CAMEO BIO tags);
- ``yield_kind``: CONCEDE or RETREAT (synthetic headlines only);
- ``prescriptive``: 1 when the sentence recommends an act (SemEval suggestions, our op-ed and
  speech annotations in ``training/prescriptions.tsv``).

Real sentences are split once, by a hash of their normalised text, into train (80 %) and
held-out (20 %); a sentence in both the PLOVER and the CAMEO file is one example, in one split.
The split is a pure function of the text, so it is the same on every machine and run.
"""

from __future__ import annotations

import csv
import hashlib
import html
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"

TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "YIELD", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "NONE")  # fmt: skip
YIELD_KINDS = ("CONCEDE", "RETREAT")
ROLE_TAGS = ("O", "SOURCE", "TARGET")
HELD_OUT_SHARE = 0.2
csv.field_size_limit(10_000_000)


@dataclass
class Example:
    text: str
    corpus: str
    type: str | None = None
    quad: int | None = None
    roles: list[tuple[int, int, str]] | None = None  # (start, end, "SOURCE"|"TARGET") in text
    yield_kind: str | None = None
    prescriptive: int | None = None
    weight: float = 1.0
    key: str = field(default="", repr=False)


def text_key(text: str) -> str:
    return re.sub(r"\W", "", text).lower()


def is_held_out(text: str, share: float = HELD_OUT_SHARE) -> bool:
    """The fixed split: a sentence is held out when its text hash falls in the first ``share``."""
    digest = hashlib.sha256(text_key(text).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


MARK_RE = re.compile(r"</?[st]>")


def unmark(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Text and role spans of a ``<s>..</s>``/``<t>..</t>`` marked sentence."""
    out, spans, open_at = [], [], {}
    pos = 0
    length = 0
    for m in MARK_RE.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        tag = m.group()
        role = "SOURCE" if "s" in tag else "TARGET"
        if tag.startswith("</"):
            if role in open_at:
                spans.append((open_at.pop(role), length, role))
        else:
            open_at[role] = length
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    # markers sit next to spaces: trim each span to its non-space characters
    trimmed = []
    for start, end, role in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            trimmed.append((start, end, role))
    return text, trimmed


def _plover(path: Path) -> list[Example]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text, spans = unmark(row["marked_sentence"])
            quad = int(row["gold_penta"]) if row.get("gold_penta", "").strip().isdigit() else None
            out.append(Example(text, "plover", type=row["gold_root"].strip(), quad=quad, roles=spans))
    return out


def _cameo_tags(path: Path) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """CAMEO BIO sentences as (text joined with spaces, role spans), keyed by ``text_key``."""
    sentences, current = [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                current = []
                continue
            token, _, tag = line.rpartition(" ")
            current.append((token, tag))
    if current:
        sentences.append(current)
    out = {}
    for tokens in sentences:
        text, spans = "", []
        previous = None
        for token, tag in tokens:
            if text:
                text += " "
            start = len(text)
            text += token
            role = {"S": "SOURCE", "T": "TARGET"}.get(tag[2:]) if tag != "O" else None
            if role and (tag.startswith("B-") or previous != role):
                spans.append([start, len(text), role])
            elif role:
                spans[-1][1] = len(text)
            previous = role
        out[text_key(text)] = (text, [tuple(s) for s in spans])
    return out


CAMEO_ROOTS = REPO / "training" / "cameo_roots.tsv"


def sentence_digest(text: str) -> str:
    """A short fingerprint of a sentence, so that labels kept by line number find their text."""
    return hashlib.sha1(text_key(text).encode("utf-8")).hexdigest()[:12]


def cameo_roots(path: Path = CAMEO_ROOTS) -> dict[int, tuple[str, str]]:
    """The PLOVER roots we gave to CAMEO sentences that ``plv_train.tsv`` does not cover:
    0-based line of ``cameo_class_train.tsv`` -> (sentence digest, root or NONE)."""
    return {int(row["line"]): (row["digest"].strip(), row["type"].strip().upper()) for row in _offset_rows(path)}


def _cameo(class_path: Path, tag_path: Path | None, roots: dict[int, tuple[str, str]] | None = None) -> list[Example]:
    tagged = _cameo_tags(tag_path) if tag_path and tag_path.is_file() else {}
    roots = roots or {}
    out = []
    with class_path.open(encoding="utf-8") as fh:
        for line, row in enumerate(csv.reader(fh, delimiter="\t")):
            if len(row) < 2 or not row[1].strip().isdigit():
                continue
            text, quad = row[0], int(row[1])
            # class 0 holds statements but also appeals ("urged X to ..."), expressions of
            # concern and calls: REQUEST, ACCUSE or CONSULT in PLOVER, so it gives no type,
            # unless we labelled the sentence's root (``roots``)
            ex = Example(text, "cameo", quad=quad, type=None)
            digest, root = roots.get(line, ("", ""))
            if root and digest == sentence_digest(text):
                kind = root if root in YIELD_KINDS else None
                ex.type, ex.yield_kind = ("YIELD" if kind else root), kind
            found = tagged.get(text_key(text))
            if found:
                ex.roles = _align_spans(text, *found)
            out.append(ex)
    return out


def _align_spans(text: str, spaced: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Move spans from the space-joined token text onto the original sentence."""
    mapping, j = {}, 0
    for i, ch in enumerate(spaced):
        if ch.isspace():
            continue
        while j < len(text) and text[j].isspace():
            j += 1
        if j < len(text) and text[j] == ch:
            mapping[i] = j
            j += 1
        else:  # the texts differ: give up on this sentence's spans
            return []
    out = []
    for start, end, role in spans:
        inside = [mapping[i] for i in range(start, end) if i in mapping]
        if inside:
            out.append((inside[0], inside[-1] + 1, role))
    return out


def real_sentences(data: Path = DATA, roots: Path | None = None, root_types: set[str] | None = None) -> list[Example]:
    """PLOVER and CAMEO news sentences, merged when the same sentence is in both files;
    ``roots``: a file of PLOVER roots we gave to CAMEO sentences (see ``cameo_roots``), of
    which only the ``root_types`` are used when given."""
    plover = _plover(data / "plover" / "plv_train.tsv")
    given = cameo_roots(roots) if roots else None
    if given and root_types:
        given = {line: row for line, row in given.items() if row[1] in root_types}
    cameo = _cameo(data / "cameo_sentences" / "cameo_class_train.tsv",
                   data / "cameo_sentences" / "cameo_ner_train.txt", given)  # fmt: skip
    merged: dict[str, Example] = {}
    for ex in plover + cameo:
        ex.key = text_key(ex.text)
        have = merged.get(ex.key)
        if have is None:
            merged[ex.key] = ex
            continue
        # the PLOVER record gives the type and marked roles, CAMEO the five-class label
        plover, cameo = (have, ex) if ex.corpus == "cameo" else (ex, have)
        have.type = plover.type or cameo.type
        have.quad = cameo.quad if cameo.quad is not None else plover.quad
        have.roles = plover.roles or cameo.roles
        have.corpus = "plover+cameo" if plover.corpus != cameo.corpus else have.corpus
    return list(merged.values())


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    train = [e for e in examples if not is_held_out(e.text)]
    held = [e for e in examples if is_held_out(e.text)]
    return train, held


def pronoun_pairs(examples: list[Example], share: float, seed: int = 13,
                  weight: float = 0.5) -> list[tuple[Example, Example]]:  # fmt: skip
    """(sentence, copy) for sentences that open with their source's name, the copy with the
    name replaced by a subject pronoun ("Pakistan rejected the offer" -> "It rejected the
    offer"; "They" for a phrase ending in a plural common noun: "Indian troops"). The
    labelled sources name actors, never pronouns, so the role head learns that a bare subject
    pronoun acts only from such copies. ``share`` of the sentences that qualify are copied
    (seeded); the copies weigh ``weight``. Every copy is "It" or "They": a person's name
    becomes "It" too, since the data does not say who is a person."""
    rng = random.Random(seed)
    out: list[tuple[Example, Example]] = []
    for e in examples:
        sources = [r for r in e.roles or () if r[2] == "SOURCE"]
        if len(sources) != 1 or sources[0][0] != 0 or e.type is None or e.corpus.endswith(PRONOUN_COPY):
            continue
        end = sources[0][1]
        name, rest = e.text[:end], e.text[end:]
        others = [r for r in e.roles or () if r[2] != "SOURCE"]
        if (not name[:1].isupper() or not rest.startswith(" ") or name.split()[0].lower() in SUBJECT_PRONOUNS
                or any(a < end for a, _, _ in others)):  # fmt: skip
            continue
        if rng.random() >= share:
            continue
        last = name.split()[-1]
        pronoun = "They" if last.islower() and last.endswith("s") and not last.endswith("ss") else "It"
        shift = len(pronoun) - end
        roles = [(0, len(pronoun), "SOURCE")] + [(a + shift, b + shift, r) for a, b, r in others]
        copy = Example(pronoun + rest, e.corpus + PRONOUN_COPY, e.type, e.quad, roles, e.yield_kind,
                       e.prescriptive, weight * e.weight)  # fmt: skip
        out.append((e, copy))
    return out


def pronoun_sources(examples: list[Example], share: float, seed: int = 13, weight: float = 0.5) -> list[Example]:
    """The copies of ``pronoun_pairs``."""
    return [copy for _, copy in pronoun_pairs(examples, share, seed, weight)]


PRONOUN_COPY = "+pronoun"
SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you", "this", "that", "these", "those"})
PLACEHOLDER_RE = re.compile(r"\{(country|city|person|group)_?\d*\}")
FILLERS = {"country": ["Ghana", "Peru", "Norway", "Vietnam", "Kenya", "Chile", "Nepal", "Jordan"],
           "city": ["Accra", "Lima", "Oslo", "Hanoi", "Nairobi", "Quito"],
           "person": ["the president", "the minister", "the governor"],
           "group": ["the opposition", "the rebels", "the union"]}  # fmt: skip


def synthetic_headlines(data: Path = DATA, seed: int = 13) -> list[Example]:
    """Machine-written story headlines with their PLOVER type (a weak, extra training signal)."""
    rng = random.Random(seed)
    out, seen = [], set()
    with (data / "plover" / "ngec_synthetic_events.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            title = PLACEHOLDER_RE.sub(lambda m: rng.choice(FILLERS[m.group(1)]), row["title"]).strip()
            title = re.sub(r"\{[^}]*\}", "", title).strip()
            label = row["label"].strip()
            if not title or label not in {*TYPES, *YIELD_KINDS} or text_key(title) in seen:
                continue
            seen.add(text_key(title))
            kind = label if label in YIELD_KINDS else None
            out.append(Example(title, "synthetic", type="YIELD" if kind else label, yield_kind=kind, weight=0.3))
    return out


def suggestions(data: Path = DATA, limit: int = 2400, seed: int = 13) -> list[Example]:
    """SemEval-2019 suggestion sentences (1 = suggests an act), a seeded sample of ``limit``."""
    rows = []
    with (data / "suggestions" / "semeval2019_task9_train.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) < 3 or row[2].strip() not in ("0", "1"):
                continue
            text = row[1].strip().strip('"').replace('""', '"')
            if text:
                rows.append(Example(text, "suggestions", prescriptive=int(row[2])))
    rng = random.Random(seed)
    rng.shuffle(rows)
    return rows[:limit] if limit else rows


class CorpusTexts:
    """Normalised texts of the ../shared corpora our annotations point into, read once each."""

    def __init__(self, shared: Path = SHARED):
        self.shared = shared
        self._cache: dict[tuple[str, str], str] = {}
        self._webis: dict[str, str] | None = None
        self._satp: list[str] | None = None

    def get(self, corpus: str, name: str) -> str | None:
        from flashpoint.document import normalise_text

        key = (corpus, name)
        if key not in self._cache:
            text = None
            if corpus == "un":
                file = self.shared / "corpus" / "un_general_debate" / name
                text = normalise_text(file.read_text(encoding="utf-8-sig")) if file.is_file() else None
            elif corpus == "webis":
                if self._webis is None:
                    self._webis = _webis_texts(self.shared)
                text = self._webis.get(name)
            elif corpus == "satp":
                if self._satp is None:
                    self._satp = _satp_texts(self.shared)
                row = int(name) if name.isdigit() else -1
                text = self._satp[row] if 0 <= row < len(self._satp) else None
            self._cache[key] = text
        return self._cache[key]


def _offset_rows(path: Path):
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        yield from csv.DictReader(fh, delimiter="\t")


def annotated_prescriptions(path: Path = REPO / "training" / "prescriptions.tsv",
                            shared: Path = SHARED) -> list[Example]:  # fmt: skip
    """Op-ed and speech sentences we labelled as prescriptive or not (offsets into ../shared texts)."""
    texts, out = CorpusTexts(shared), []
    for row in _offset_rows(path):
        corpus = row["corpus"].strip()
        doc = texts.get(corpus, row["file"].strip())
        text = doc[int(row["start"]) : int(row["end"])].strip() if doc else ""
        if text:
            out.append(Example(text, f"prescriptions-{corpus}", prescriptive=int(row["label"])))
    return out


GENRE_FILES = ("events_un.tsv", "events_opeds_incidents.tsv", "events_un_2.tsv", "events_opeds_2.tsv",
               "events_un_3.tsv", "events_opeds_3.tsv", "events_incidents_2.tsv")


def labelled_genre_files(folder: Path = REPO / "training") -> list[str]:
    """Every file of labelled genre sentences, trained on (``GENRE_FILES``) or not."""
    return sorted(p.name for p in folder.glob("events_*.tsv"))


def find_phrase(text: str, phrase: str) -> int:
    """Where a labelled role phrase stands in its sentence: its first occurrence as whole words
    ("we" in "twenty ... we adopted" is the second "we"), else its first occurrence at all."""
    left = r"(?<!\w)" if re.match(r"\w", phrase) else ""  # an edge of punctuation needs no boundary
    right = r"(?!\w)" if re.search(r"\w\Z", phrase) else ""
    found = re.search(left + re.escape(phrase) + right, text)
    return found.start() if found else text.find(phrase)


def annotated_events(folder: Path = REPO / "training", shared: Path = SHARED,
                     files: Sequence[str] = GENRE_FILES) -> list[Example]:  # fmt: skip
    """Speech, editorial and incident-report sentences we labelled with a PLOVER type (or NONE)
    and the source and target phrases, like ``plv_train.tsv`` but in the genres we read."""
    texts, out = CorpusTexts(shared), []
    for name in files:
        for row in _offset_rows(folder / name):
            corpus = row["corpus"].strip()
            doc = texts.get(corpus, row["file"].strip())
            if not doc:
                continue
            start, end = int(row["start"]), int(row["end"])
            text = doc[start:end]
            label = row["type"].strip().upper()
            kind = label if label in YIELD_KINDS else None
            label = "YIELD" if kind else label
            if label not in TYPES or not text.strip():
                continue
            roles = []
            for role, phrase in (("SOURCE", row.get("source") or ""), ("TARGET", row.get("target") or "")):
                at = find_phrase(text, phrase.strip()) if phrase.strip() else -1
                if at >= 0:
                    roles.append((at, at + len(phrase.strip()), role))
            out.append(Example(text, f"genre-{corpus}", type=label, roles=roles, yield_kind=kind))
    return out


def unseen_genre_files(trained: Sequence[str], folder: Path = REPO / "training") -> list[str]:
    """The labelled genre files a model was not trained on."""
    known = set(trained)
    return [f for f in labelled_genre_files(folder) if f not in known]


def unseen_genre_examples(trained: Sequence[str], folder: Path = REPO / "training",
                          shared: Path = SHARED) -> list[Example]:  # fmt: skip
    """Labelled genre sentences of the files a model was not trained on, less any sentence
    whose text is also in a trained file (page furniture such as "ADVERTISEMENT")."""
    seen = {text_key(e.text) for e in annotated_events(folder, shared, files=trained)}
    unseen = unseen_genre_files(trained, folder)
    return [e for e in annotated_events(folder, shared, files=unseen) if text_key(e.text) not in seen]


def _satp_texts(shared: Path) -> list[str]:
    from flashpoint.document import normalise_text

    path = shared / "corpus" / "satp" / "satp_train.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [normalise_text(row[0]) for row in csv.reader(fh, delimiter="\t") if row]


def _webis_texts(shared: Path) -> dict[str, str]:
    from flashpoint.document import normalise_text

    path = shared / "corpus" / "editorials" / "webis_editorials16.tsv"
    out = {}
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                text = html.unescape(row.get("Article Text") or "")  # as the table reader does
                out[str(row.get("Article ID", "")).strip()] = normalise_text(text)
    return out


def gold_sources(gold: Path = REPO / "gold") -> tuple[set[str], set[int]]:
    """The UN speech files and incident-report lines that any gold set (development or check)
    annotates: text the encoder may never read, not even unlabelled."""
    import json

    files, lines = set(), set()
    for path in sorted(gold.glob("*.jsonl")):
        for row in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(row) if row.strip() else {}
            if "line" in record:
                lines.add(int(record["line"]))
            elif record.get("file"):
                files.add(Path(record["file"]).name)
    return files, lines


def adaptation_texts(shared: Path = SHARED, trained: Sequence[str] = GENRE_FILES,
                     folder: Path = REPO / "training", gold: Path = REPO / "gold") -> list[str]:  # fmt: skip
    """Unlabelled documents of our genres for continued masked-language pretraining: the UN
    speeches, the Webis editorials and the incident reports of ../shared/corpus, less every
    document a gold set annotates and less every labelled sentence that is a test (the held-out
    fifth of each genre file and of the prescription labels, and every sentence of the genre
    files not trained on)."""
    from flashpoint.document import normalise_text

    files, lines = gold_sources(gold)
    docs = [normalise_text(p.read_text(encoding="utf-8-sig"))
            for p in sorted((shared / "corpus" / "un_general_debate").glob("*.txt")) if p.name not in files]  # fmt: skip
    docs += list(_webis_texts(shared).values())
    satp = shared / "corpus" / "satp" / "satp_train.tsv"
    if satp.is_file():  # numbered as the incident gold numbers them: one line, one report
        rows = satp.read_text(encoding="utf-8").splitlines()
        docs += [normalise_text(r.split("\t")[0]) for i, r in enumerate(rows) if i not in lines]
    tests = [e.text for e in annotated_events(folder, shared, files=unseen_genre_files(trained, folder))]
    tests += [e.text for e in annotated_events(folder, shared, files=trained) if is_held_out(e.text)]
    tests += [e.text for e in annotated_prescriptions(folder / "prescriptions.tsv", shared) if is_held_out(e.text)]
    tests.sort(key=len, reverse=True)
    out = []
    for doc in docs:
        for text in tests:
            if text in doc:
                doc = doc.replace(text, " ")
        if doc.strip():
            out.append(doc)
    return out
