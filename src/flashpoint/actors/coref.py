"""Document-level links: acronyms defined in the text and simple coreference.

- "Boycott, Divestment and Sanctions (BDS)": a parenthesised acronym after a resolved name
  becomes an alias of that actor for the rest of the document.
- "the Bank" after "the World Bank", "the Council" after "the Security Council": a definite
  head noun of an organisation named before -> that organisation; "the organisation" -> the
  last organisation named.
- "the two countries" -> the last two states; as the object of other actors' act ("Britain
  urged both sides") -> the document's main pair of states.
- "the first two" / "the latter" -> items of the last coordination list; "he"/"his" and
  "she"/"her" -> of the people named or referred to in the two sentences before (surnames and
  earlier pronouns included), the last that was a subject, else the last, leaving out those
  known to be of the other sex (the pack's `sex`, a title such as "Mr." or "Ms.", or an
  earlier "he" or "she" that referred to them); "she" looks first among the women known as
  such (most people named are men, so a known man is no likelier referent of "he" than
  another); "it"/"its" -> the last state or
  organisation that was a subject in the two sentences before.
- "Khan" or "Mr. Khan" after "Prime Minister Imran Khan" -> that person, even where the
  surname is too common to name anyone alone; "the Secretary" or "the minister" after
  "Secretary of State Marco Rubio" or "Foreign Minister Ishaq Dar" (within five sentences) ->
  the last person named with a title of that head.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort

from spacy.tokens import Doc

from flashpoint.actors.matcher import Found, sentence_starts, token_hits
from flashpoint.actors.packs import Pack, name_head
from flashpoint.actors.roles import is_state
from flashpoint.lang import load_language
from flashpoint.nlp.syntax import to_infinitive

ACRONYM = re.compile(r"^[A-Z][A-Z&\-]{1,9}$")
EN = load_language("en")
ORG_NOUNS = EN.words("organisation_nouns")
PAIR_NOUNS = EN.words("pair_nouns")
NUMBERS = {w: int(n) for w, n in EN.weights("count_words").items()}
ORDINALS = EN.words("ordinal_references")
MALE = EN.words("male_pronouns")
FEMALE = EN.words("female_pronouns")
TITLES = {**dict.fromkeys(EN.words("male_titles"), "m"), **dict.fromkeys(EN.words("female_titles"), "f")}
NEUTER = EN.words("neuter_pronouns")
TRIGGERS = ORG_NOUNS | set(NUMBERS) | {"both"} | ORDINALS | MALE | FEMALE | NEUTER
SEAT_HOLDERS = EN.words("seat_holders")  # "officials in both countries" speak for them
JOINT_PREPS = EN.words("joint_preps")  # "talks between the two sides"
IMPERSONAL = EN.words("impersonal_verbs")  # "it is clear that", "it remains to be seen"
SUBJECT = {"nsubj", "nsubjpass"}


def link(doc: Doc, found: list[Found], pack: Pack) -> list[Found]:
    found = sorted(found, key=lambda f: f.start)
    found += _acronyms(doc, found)
    found.sort(key=lambda f: f.start)
    taken = {i for f in found for i in range(f.start, f.end)}
    groups = _coordinations(doc, found)
    actors = sorted((f for f in found if not f.is_place), key=lambda f: f.end)
    ends = [f.end for f in actors]
    heads = {id(f): _heads(doc, f, pack) for f in actors}
    out: list[Found] = []
    hits = token_hits(doc, TRIGGERS | {h for hs in heads.values() for h in hs})
    named = _named_again(doc, found, set(taken), pack)  # "Dixon" after "Sir Owen Dixon"
    people = sorted((f for f in actors + named if f.person), key=lambda f: f.end)
    sexes = _sexes(doc, people, pack)  # person -> "m" / "f", where the pack or a title says
    for i in hits:
        tok = doc[i]
        if tok.i in taken:
            continue
        low = tok.lower_
        lead = _name_words(doc, tok.i, taken)  # "the Contact Group": "Contact"
        prev = doc[lead - 1].lower_ if lead else ""
        before = actors[: bisect_right(ends, tok.i)]
        definite = prev in ("the", "this") and not _followed_by_of(doc, tok.i)
        org = _short_form(doc, tok.i, before, heads) if definite else None
        if org is not None and lead < tok.i:
            words = {t.lower_ for f in before if f.actor_id == org.actor_id for t in doc[f.start : f.end]}
            if any(t.lower_ not in words for t in doc[lead : tok.i]):
                org = None  # "the Kellner Group" is not "the Contact Group"
        if org is None and definite and lead == tok.i and low in ORG_NOUNS:
            org = next(
                (f for f in reversed(before) if _is_org(pack, f) and _near(doc, f, tok.i, 5)), None
            )
        if org is not None:
            out.append(_copy(org, lead - 1, tok.i + 1, 0.8))
        elif low in NUMBERS or low == "both":
            out += _pair(doc, tok.i, before, pack, found)
        elif low in ORDINALS and prev == "the":
            out += _ordinal(doc, tok.i, groups)
        elif low in MALE or low in FEMALE:
            sex = "m" if low in MALE else "f"
            women = [f for f in people if sexes.get(f.person) == "f"] if sex == "f" else []
            person = (women and _referent(doc, tok.i, women, people, sex)) or \
                _referent(doc, tok.i, [f for f in people if sexes.get(f.person, sex) == sex], people, sex)
            if person is not None:
                copy = _copy(person, tok.i, tok.i + 1, 0.6)
                out.append(copy)
                insort(people, copy, key=lambda f: f.end)  # "He ... His ...": a chain of references
                sexes.setdefault(person.person, sex)
        elif low in NEUTER:
            owner = _neuter(doc, tok.i, before, pack)
            if owner is not None:
                out.append(_copy(owner, tok.i, tok.i + 1, 0.6))
    taken.update(i for f in out for i in range(f.start, f.end))
    return found + out + [f for f in named if not any(i in taken for i in range(f.start, f.end))]


def _sexes(doc: Doc, people: list[Found], pack: Pack) -> dict[str, str]:
    """The sex of the people that the pack gives, or that a title in front of their name gives
    ("Ms. Lodhi": f)."""
    out: dict[str, str] = {}
    for f in people:
        if f.person is None:
            continue
        known = pack.persons[f.person].sex if f.person in pack.persons else None
        sex = known or _title_sex(doc, f.start - 1, f.end)
        if sex is not None:
            out.setdefault(f.person, sex)
    return out


def _title_sex(doc: Doc, start: int, end: int) -> str | None:
    """The sex that the first title among tokens [start, end) gives ("Ms.": f), if any."""
    return next((TITLES[t.lower_] for t in doc[max(0, start) : end] if t.lower_ in TITLES), None)


def _referent(doc: Doc, i: int, people: list[Found], everyone: list[Found], sex: str) -> Found | None:
    """Who "he" or "she" at token ``i`` refers to: of the people named or referred to in the two
    sentences before, the last one that was a subject ("Dixon spent the summer there. He held
    talks with Nehru"), else the last one. A person the parser names whom no pack knows
    ("Angela Merkel met Putin. She ...") counts too: when it is the one, nobody is returned.
    ``people`` are the candidates, ``everyone`` all the people the packs resolved; an unknown
    person whose title gives the other sex ("Ms. Lodhi" for "he") is left out."""
    near = [f for f in people if f.end <= i and _near(doc, f, i, 2)]
    if not near:
        return None
    spans = [(f.start, f.end, f) for f in near]
    known = {k for f in everyone for k in range(f.start, f.end)}
    spans += [(e.start, e.end, None) for e in doc.ents if e.label_ == "PERSON" and e.end <= i
              and not any(k in known for k in range(e.start, e.end)) and _near(doc, e, i, 2)
              and (_title_sex(doc, e.start - 1, e.start) or sex) == sex]  # fmt: skip
    spans.sort(key=lambda x: x[1])
    subjects = [x for x in spans if {doc[x[1] - 1].dep_, doc[x[0]].dep_} & {"nsubj", "nsubjpass"}]
    return (subjects or spans)[-1][2]


def _name_words(doc: Doc, i: int, taken: set[int]) -> int:
    """Where the capitalised words before token ``i`` begin (at most two, none of them
    another mention): "the Contact Group" gives the index of "Contact"."""
    j = i
    while j > 0 and i - j < 2 and doc[j - 1].is_title and doc[j - 1].pos_ == "PROPN" and j - 1 not in taken:
        j -= 1
    return j


def _named_again(doc: Doc, found: list[Found], taken: set[int], pack: Pack) -> list[Found]:
    """Later references to a person named in full: the surname alone, or a definite title."""
    people = sorted((f for f in found if f.kind == "person" and not f.is_place and f.end - f.start > 1),
                    key=lambda f: f.end)  # fmt: skip
    if not people:
        return []
    surnames: dict[str, list[Found]] = {}
    titles: list[tuple[list[str], Found]] = []
    for f in people:
        span = doc[f.start : f.end]
        name = [t for t in span if t.ent_type_ == "PERSON"]
        if name and name[-1].is_title and name[-1].is_alpha:
            surnames.setdefault(name[-1].text, []).append(f)
        title = [t.lower_ for t in span if t.ent_type_ != "PERSON" and t.i < (name[0].i if name else f.end)]
        if "of" in title:
            title = title[: title.index("of")]  # "secretary of state": the head is "secretary"
        if title and title[-1].isalpha() and len(title[-1]) > 3:  # not "Mr." or "Gen."
            titles.append((title, f))
    out: list[Found] = []
    for i in token_hits(doc, {s.lower() for s in surnames}):
        tok = doc[i]
        if i in taken or tok.text not in surnames or _name_goes_on(doc, i):
            continue
        before = [f for f in surnames[tok.text] if f.end <= i]
        if not before:
            continue
        start = i - 1 if i and doc[i - 1].lower_ in pack.person_titles else i
        if start < i and (start in taken or _name_goes_on(doc, start - 1, back=True)):
            start = i
        elif start == i and _name_goes_on(doc, i - 1, back=True):
            continue  # "Ayub Khan": another person's name
        out.append(_copy(before[-1], start, i + 1, 0.8))
        taken.update(range(start, i + 1))
    words = {w for title, _ in titles for w in title}
    for i in token_hits(doc, {"the", "this"}) if titles else ():
        if i + 1 >= len(doc) or doc[i + 1].lower_ not in words:
            continue
        for title, f in reversed(titles):
            n = _title_words(doc, i + 1, title)
            if n and f.end <= i and _near(doc, f, i, 5) and not any(k in taken for k in range(i, i + 1 + n)):
                out.append(_copy(f, i, i + 1 + n, 0.7))
                taken.update(range(i, i + 1 + n))
                break
    return out


def _name_goes_on(doc: Doc, i: int, back: bool = False) -> bool:
    """Whether the token beside ``i`` (after it, or before it with ``back``) continues a name."""
    j = i if back else i + 1
    return 0 <= j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title


def _title_words(doc: Doc, i: int, title: list[str]) -> int:
    """How many words from token ``i`` repeat the end of ``title`` ("the minister", "the foreign
    minister" for "foreign minister"), 0 if they do not or a name or "of ..." follows."""
    for n in range(min(len(title), 3), 0, -1):
        if i + n > len(doc) or [t.lower_ for t in doc[i : i + n]] != title[-n:]:
            continue
        nxt = doc[i + n] if i + n < len(doc) else None
        if nxt is not None and (nxt.lower_ == "of" or (nxt.pos_ == "PROPN" and nxt.is_title)):
            return 0
        return n
    return 0


def _heads(doc: Doc, f: Found, pack: Pack) -> set[str]:
    """Head nouns a short form of mention ``f`` may use: "bank" for "the World Bank"."""
    if f.weak or f.kind not in ("name", "acronym", "party"):
        return set()
    own = name_head(doc[f.start : f.end].text)
    heads = {own} & pack.org_heads if own else set()
    return heads if is_state(pack, f.actor_id) else heads | pack.heads.get(f.actor_id, set())


def _short_form(doc: Doc, i: int, before: list[Found], heads: dict[int, set[str]]) -> Found | None:
    """ "the Council" -> the last actor named before whose name has the head noun "council"
    (anywhere before when capitalised, else within three sentences)."""
    tok = doc[i]
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for f in reversed(before):
        if tok.lower_ in heads.get(id(f), ()):
            return f if tok.is_title or _near(doc, f, i, 3) else None
    return None


def _neuter(doc: Doc, i: int, before: list[Found], pack: Pack) -> Found | None:
    """ "It must free the prisoners" -> the last state or organisation that was the subject of
    a clause in this sentence or the two before; an impersonal "it is clear that" is nothing."""
    tok = doc[i]
    if tok.lower_ == "it" and (
        tok.dep_ not in SUBJECT or tok.head.lemma_.lower() in IMPERSONAL or _quoted(doc, i)
    ):
        return None
    if tok.lower_ == "its" and tok.dep_ != "poss":
        return None
    for f in reversed(before):
        if not _near(doc, f, i, 2):
            return None
        if _neuter_subject(doc, f, pack):
            return f
    return None


def _neuter_subject(doc: Doc, f: Found, pack: Pack) -> bool:
    """A singular state or organisation named as (part of) the subject of a clause."""
    if f.weak or f.kind in ("pronoun", "deictic", "person") or f.sector == "CVL":
        return False
    if not (is_state(pack, f.actor_id) or _is_org(pack, f) or f.kind == "coref"):
        return False
    root = doc[f.start : f.end].root
    return root.dep_ in SUBJECT or (
        root.dep_ in ("poss", "compound", "amod") and root.head.dep_ in SUBJECT
    )


def _quoted(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].text in ('"', "“")


def _copy(f: Found, start: int, end: int, confidence: float, kind: str = "coref") -> Found:
    return Found(start, end, f.actor_id, f.sector, kind, person=f.person, confidence=confidence)


def _near(doc: Doc, f: Found, i: int, sentences: int) -> bool:
    """Whether mention ``f`` lies within ``sentences`` sentences before token ``i``."""
    starts = sentence_starts(doc)
    return bisect_right(starts, i) - bisect_right(starts, f.start) <= sentences


def _is_org(pack: Pack, f: Found) -> bool:
    return (
        f.kind in ("name", "acronym")
        and not is_state(pack, f.actor_id)
        and f.sector in ("IGO", "NGO", "HRI", "JUD")
    )


def _followed_by_of(doc: Doc, i: int) -> bool:
    return i + 1 < len(doc) and doc[i + 1].lower_ == "of"


def _acronyms(doc: Doc, found: list[Found]) -> list[Found]:
    by_end = {f.end: f for f in found if not f.is_place or f.kind == "place"}
    taken = {i for f in found for i in range(f.start, f.end)}
    aliases: dict[str, Found] = {}
    out: list[Found] = []
    for tok in doc[1:-1]:
        i = tok.i
        if tok.text != "(" or doc[i + 2 if i + 2 < len(doc) else i].text != ")":
            continue
        acr = doc[i + 1]
        if not ACRONYM.match(acr.text):
            continue
        j = i - 1 if doc[i - 1].text in ("'s", "’s", "'", "’") else i
        owner = by_end.get(j)
        if owner is None:
            continue
        aliases.setdefault(acr.text, owner)
    if not aliases:
        return out
    for tok in doc:
        owner = aliases.get(tok.text)
        if owner is not None and tok.i not in taken and tok.i >= owner.end:
            f = _copy(owner, tok.i, tok.i + 1, 0.9, kind="acronym")
            f.is_place = owner.is_place
            out.append(f)
            taken.add(tok.i)
    return out


def _coordinations(doc: Doc, found: list[Found]) -> list[list[Found]]:
    """Lists of mentions joined by coordination ("Malaysia, Turkey and Iran")."""
    by_token = {i: f for f in found for i in range(f.start, f.end) if not f.is_place}
    groups: dict[int, list[Found]] = {}
    for f in found:
        if f.is_place:
            continue
        head = doc[f.start : f.end].root
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        first = by_token.get(head.i)
        if first is not None and f not in groups.setdefault(id(first), []):
            groups[id(first)].append(f)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[-1].end)


def _pair(doc: Doc, i: int, before: list[Found], pack: Pack, found: list[Found]) -> list[Found]:
    """ "the two countries", "both nations", "the two nuclear-armed neighbours": the last states
    named; as the object of an act by other actors ("British diplomats pressed both
    governments"), the document's two main states when neither is among those acting."""
    tok = doc[i]
    if tok.lower_ in NUMBERS and (i == 0 or doc[i - 1].lower_ not in ("the", "these", "both")):
        return []
    n = NUMBERS.get(tok.lower_, 2)
    end = None
    for k in range(i + 1, min(i + 5, len(doc))):
        if doc[k].lower_ in PAIR_NOUNS:
            end = k + 1
            break
        if doc[k].pos_ not in ("ADJ", "PUNCT", "VERB") and doc[k].text != "-":
            return []
    if end is None or whose_people(doc[end - 1]):
        return []
    speakers = _subjects(doc, end - 1)
    start = i - 1 if tok.lower_ in NUMBERS else i
    if start in speakers or i in speakers:
        speakers = set()  # "the two countries agreed": the pair acts itself
    acting = {f.actor_id for f in before if doc[f.start : f.end].root.i in speakers}
    if n == 2 and acting:
        main = _main_pair(doc, found, pack, acting)
        if len(main) == 2:
            return [_copy(f, start, end, 0.8) for f in main]
    states: list[Found] = []
    for f in reversed(before):
        if f.actor_id in acting:
            continue  # "China urged both sides": the one urging is not one of the sides
        if is_state(pack, f.actor_id) and f.actor_id not in {s.actor_id for s in states}:
            states.append(f)
        if len(states) == n:
            break
    if len(states) < n:
        return []
    return [_copy(f, start, end, 0.8) for f in reversed(states)]


def whose_people(noun) -> bool:
    """ "hardline groups on both sides", "villagers on both sides of the line": the pair only
    says whose people another noun names; not "officials in both countries", "talks between
    the two sides"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.pos_ != "ADP" or prep.lower_ in JOINT_PREPS:
        return False
    owner = prep.head
    return owner.pos_ in ("NOUN", "PROPN") and owner.lemma_.lower() not in SEAT_HOLDERS


def _main_pair(doc: Doc, found: list[Found], pack: Pack, acting: set[str]) -> list[Found]:
    """The two states other than ``acting`` a document is most about: named most often as
    parties (ties: the first named), a territory named after a state ("Turkish-administered
    Cyprus") counting for that state."""
    counts: dict[str, int] = {}
    first: dict[str, Found] = {}
    for f in found:
        if f.weak or f.kind in ("pronoun", "deictic"):
            continue
        state = f.actor_id if not f.is_place else _territory_state(doc, f, pack)
        if state and is_state(pack, state) and state not in acting:
            counts[state] = counts.get(state, 0) + 1
            if state not in first or (first[state].end == 0 and not f.is_place):
                first[state] = Found(0, 0, state, "GOV", "name") if f.is_place else f
    ranked = sorted(first, key=lambda s: -counts[s])  # stable: ties keep document order
    return [first[s] for s in ranked[:2]]


def _territory_state(doc: Doc, f: Found, pack: Pack) -> str | None:
    """ "Turkish-administered Cyprus", "Russian-held Crimea" -> TUR, RUS."""
    word = doc[f.start].text.split("-")[0]
    for e in pack.lookup(word):
        if e.kind in ("name", "demonym") and is_state(pack, e.actor_id):
            return e.actor_id
    return None


def _subjects(doc: Doc, i: int) -> set[int]:
    """Token indices of the subjects of the verb governing token i: the whole subject phrase
    ("American and British diplomats"), also of the verb it is joined to, of the verb whose
    purpose it states ("Riyadh was working to persuade the two sides"), of the noun a relative
    clause describes ("diplomats, who pressed both governments"), and of the verb that reports
    a clause whose subject is a pronoun ("China said it regretted ... and urged both sides")."""
    verb = doc[i]
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    out: set[int] = set()
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in SUBJECT]
        out |= {t.i for c in subjects for t in c.subtree}
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            out |= set(range(verb.head.left_edge.i, verb.head.i + 1))
        if verb.head.i == verb.i:
            break
        joined = verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and to_infinitive(verb))
        reported = verb.dep_ == "ccomp" and bool(subjects) and all(c.tag_ == "PRP" for c in subjects)
        if not (joined or reported):
            break
        verb = verb.head
    return out


def _ordinal(doc: Doc, i: int, groups: list[list[Found]]) -> list[Found]:
    """ "the first two", "the latter", "the former" -> items of the last coordination list."""
    word = doc[i].lower_
    count = NUMBERS.get(doc[i + 1].lower_) if i + 1 < len(doc) else None
    group = next((g for g in reversed(groups) if g[-1].end <= i), None)
    if group is None or not _near(doc, group[-1], i, 3):
        return []
    end = i + 2 if count else i + 1
    if count:
        items = group[:count] if word == "first" else group[-count:]
    elif word in ("former", "latter") and len(group) == 2:
        items = [group[0] if word == "former" else group[1]]
    else:
        return []
    return [_copy(f, i - 1, end, 0.8) for f in items]
