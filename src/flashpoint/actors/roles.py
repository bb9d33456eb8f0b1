"""Token rules around alias matches: roles and sectors, "X of Y", locatives, agent-only words.

"Indian security personnel" -> IND/MIL, "the BJP administration" -> IND/GOV,
"the Government of Pakistan" -> PAK/GOV, "the people of Crimea" -> CRIMEANS/CVL,
"US Secretary of State Marco Rubio" -> one USA/GOV mention.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from flashpoint.actors.matcher import Found
from flashpoint.actors.packs import Pack
from flashpoint.lang import load_language

EN = load_language("en")
POSSESSIVE = {"'s", "’s", "'", "’"}
GOVERNING = EN.words("governing_nouns")
LOCATIVE = EN.words("locative_preps")
WEAK_PREPS = EN.words("weak_preps")
AGENT_DEPS = EN.words("party_deps")
AGENT_PREPS = EN.words("party_preps")
FORCE_POSTS = EN.words("force_posts")
COLLECTIVES = EN.words("collective_nouns")
SETTLEMENTS = EN.words("settlement_nouns")
NOUNS = {"NOUN", "PROPN"}
PLACE_ROLES = {"GOV", "CVL", "COP", "LEG", "MIL", "JUD"}  # roles that make a territory act


def is_state(pack: Pack, actor_id: str) -> bool:
    return actor_id in pack.states


def sector_phrase(doc: Doc, i: int, pack: Pack, forward: bool = True) -> tuple[int, str] | None:
    """Longest sector phrase starting (forward) or ending (backward) at token i: (length, code)."""
    for n in range(min(pack.max_sector_len, 5), 0, -1):
        lo, hi = (i, i + n) if forward else (i - n, i)
        if lo < 0 or hi > len(doc):
            continue
        words = doc[lo:hi]
        code = pack.sectors.get(" ".join(t.lower_ for t in words).replace("’", "'"))
        if code is None:
            continue
        last = doc[hi - 1]
        if last.pos_ not in NOUNS or last.dep_ in ("compound", "amod"):
            continue
        if last.ent_type_ in ("DATE", "TIME"):
            continue  # "on Thursday in Minsk": a day is nobody in Minsk
        if hi < len(doc) and doc[hi].text in "-–":
            continue
        if any(t.is_sent_start for t in words[1:]):
            continue
        return n, code
    return None


def head_sector(doc: Doc, f: Found, pack: Pack) -> str | None:
    """Sector of the noun a mention modifies ("India's own very active society" -> CVL)."""
    tok = doc[f.end - 1]
    if tok.dep_ not in ("poss", "amod", "compound", "nmod"):
        return None
    head = tok.head
    if head.i < f.end or head.i - f.end > 7 or head.pos_ not in NOUNS:
        return None
    compound = [c for c in head.lefts if c.dep_ == "compound" and c.i >= f.end]
    for words in (compound + [head], [head]):
        code = pack.sectors.get(" ".join(t.lower_ for t in words))
        if code:
            return code
    return pack.sectors.get(head.lemma_.lower())


def extend_roles(doc: Doc, found: list[Found], pack: Pack) -> list[Found]:
    """Attach role phrases to mentions, merge "title + person" runs, turn people-of-places into actors."""
    found.sort(key=lambda f: f.start)
    starts = {f.start: f for f in found}
    dropped: set[int] = set()
    for f in found:
        if id(f) in dropped or f.kind not in (
            "name",
            "demonym",
            "capital",
            "party",
            "place",
            "person",
        ):
            continue
        if f.kind == "name" and not is_state(pack, f.actor_id):
            continue
        if f.kind == "person":
            _title(doc, f, pack)
        before = (f.start, f.end)
        _forward(doc, f, pack, starts, dropped)
        _backward(doc, f, pack)
        f.role = f.role or (f.start, f.end) != before
        if not f.is_place and not f.role and f.kind in ("name", "demonym", "capital"):
            code = head_sector(doc, f, pack)
            if code:
                f.sector, f.role = code, True
        if f.kind == "capital" and _locative(doc[f.start]):
            f.is_place = True
    kept = [f for f in found if id(f) not in dropped]
    return [f for f in kept if not _nationality_of_person(doc, f, kept)]


def _nationality_of_person(doc: Doc, f: Found, found: list[Found]) -> bool:
    """ "Sir Owen Dixon, the Australian judge": a person's nationality is not a party."""
    if f.kind != "demonym" or not f.role:
        return False
    head = doc[f.end - 1]
    persons = {i: p for p in found if p.kind == "person" for i in range(p.start, p.end)}
    other = persons.get(head.head.i) if head.dep_ == "appos" else None
    if other is None:  # the other way round: the person's name in apposition to the role
        other = next(
            (persons[c.i] for c in head.children if c.dep_ == "appos" and c.i in persons), None
        )
    return other is not None and other.actor_id != f.actor_id


def mark_weak(doc: Doc, found: list[Found], pack: Pack) -> None:
    """States only modifying a thing ("an American telephone line") or locating ("in Kosovo")."""
    for f in found:
        if f.is_place or f.role or f.kind not in ("name", "demonym", "capital"):
            continue
        if not (is_state(pack, f.actor_id) or f.actor_id in pack.people):
            continue
        root = doc[f.start : f.end].root
        possessive = f.end < len(doc) and doc[f.end].text in POSSESSIVE
        item = _list_head(root)
        if root.dep_ in ("amod", "compound", "nmod") and not possessive:
            f.weak = not pack.is_act(root.head.lower_) or root.head.i < f.start
        elif item.dep_ == "pobj" and item.head.lower_ in WEAK_PREPS:
            f.weak = True


def _title(doc: Doc, f: Found, pack: Pack) -> None:
    """Take a title standing before a person's name into the mention ("President Trump")."""
    for n in range(4, 0, -1):
        if f.start - n < 0:
            continue
        words = " ".join(t.lower_ for t in doc[f.start - n : f.start])
        if words in pack.person_titles:
            f.start -= n
            return


def _forward(doc: Doc, f: Found, pack: Pack, starts: dict[int, Found], dropped: set[int]) -> None:
    i = f.end
    if i < len(doc) and doc[i].text in POSSESSIVE:
        i += 1
    if i in starts:
        return
    hit = sector_phrase(doc, i, pack)
    if hit is None:
        return
    n, code = hit
    if doc[i + n - 1].lower_ in SETTLEMENTS:
        return  # "Pulwama town": a place
    if f.is_place:
        if not _place_role(f, code, pack):
            return
        f.is_place, f.kind = False, "role"
    elif f.kind == "party":
        code = "GOV" if doc[i + n - 1].lower_ in GOVERNING else "PTY"
    f.end = i + n
    f.sector = f.sector if code == "UNK" and f.sector else code  # "the FC men": still the FC's sector
    nxt = starts.get(f.end)
    if nxt is not None and nxt.kind == "person" and nxt.actor_id == f.actor_id:
        f.end, f.person = nxt.end, nxt.person
        dropped.add(id(nxt))


def _backward(doc: Doc, f: Found, pack: Pack) -> None:
    j = f.start
    if j >= 1 and doc[j - 1].lower_ == "the":
        j -= 1
    if j < 2 or doc[j - 1].lower_ not in ("of", "in", "from"):
        return
    prep = doc[j - 1].lower_
    k = j - 1
    if prep != "of" and doc[k - 1].tag_ in ("VBG", "VBN"):
        k -= 1  # "people living in Crimea"
    hit = sector_phrase(doc, k, pack, forward=False)
    if hit is None:
        return
    n, code = hit
    if doc[k - 1].lower_ in SETTLEMENTS:
        return  # "a village in Pulwama", "the city of Srinagar": a place
    if prep != "of" and code != "CVL" and f.kind != "capital":
        return  # "people living in Crimea", "the government in New Delhi"
    start = k - n
    if f.is_place:
        if not _place_role(f, code, pack):
            return
        f.is_place, f.kind = False, "role"
    elif f.kind == "party":
        return
    if start >= 1 and doc[start - 1].lower_ == "the":
        start -= 1
    f.start = start
    f.sector = code


def _place_role(f: Found, code: str, pack: Pack) -> bool:
    """The people of a territory whose id is one of the pack's ``people`` ("the people of
    Crimea": CRIMEANS) act as themselves; other territories act through their authorities."""
    if f.actor_id in pack.people:
        return code == "CVL"
    return code in PLACE_ROLES and code != "CVL"


def _list_head(tok: Token) -> Token:
    """The first item of a coordination ("in Kabul, Dhaka and Paris": Kabul for each)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _locative(tok: Token) -> bool:
    tok = _list_head(tok)
    return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE


def agent_ok(doc: Doc, start: int, end: int) -> bool:
    """Whether a word like "the world" stands as a party (subject, object, agent) here."""
    root = doc[start:end].root
    if end < len(doc) and doc[end].text in POSSESSIVE:
        return False
    while root.dep_ == "compound" and root.head.lower_ in FORCE_POSTS and root.head.i != root.i:
        root = root.head  # "a grenade at the Police post", "fired upon an Army patrol party"
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "Police and Army cordoned off the area": the Army too
    while root.dep_ == "pobj" and root.head.lower_ == "of" and (
            root.head.head.lower_ in COLLECTIVES or root.head.head.pos_ == "NUM"):  # fmt: skip
        root = root.head.head  # "a group of militants fired": the militants
    if root.dep_ in AGENT_DEPS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in AGENT_PREPS
