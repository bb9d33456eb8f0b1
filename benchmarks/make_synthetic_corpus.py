"""Write a synthetic news corpus (JSON Lines) of any size for throughput and memory runs.

Documents are shuffled sentences: from the bundled sample corpus (``samples/kashmir``) when
it is there, else from the short news-style sentences below. The content is meaningless as
a whole; only its size and shape (news-length, the domain's vocabulary) matter here.

    python benchmarks/make_synthetic_corpus.py --docs 10000 --out /tmp/synthetic
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "kashmir"

FALLBACK_SENTENCES = """\
The foreign office in Islamabad summoned the Indian charge d'affaires on Tuesday.
Officials in New Delhi said the talks would resume only after violence ended.
Villagers near the Line of Control spent the night in bunkers as shelling continued.
The United Nations Secretary-General urged both countries to exercise restraint.
Pakistan's army said two soldiers were killed in the exchange of fire near Rawalakot.
India's home ministry announced that mobile internet would be restored in three districts.
We must ask the international community why it stays silent on the plight of Kashmiris.
Our leaders have raised the issue at every forum, yet little has changed on the ground.
The Chinese foreign ministry spokesperson called for dialogue and a peaceful settlement.
Washington said it was watching the situation closely and supported direct talks.
A shutdown was observed in Srinagar on the anniversary of the change in status.
The Hurriyat leadership rejected the elections as a cosmetic exercise.
Security forces cordoned off a village in Pulwama after reports of militant movement.
Traders in the valley say the curfew has cost them most of the tourist season.
The Organisation of Islamic Cooperation expressed concern over human rights in the region.
Prime Minister Imran Khan told the General Assembly that the dispute threatened regional peace.
The Indian external affairs minister said the matter was an internal affair of India.
Analysts believe that back-channel contacts between the two capitals never fully stopped.
The government should invite independent observers to visit both sides of the frontier.
Students in Muzaffarabad marched to the UN observer mission office to submit a memorandum.
The ceasefire agreement of 2003 was reaffirmed by both militaries in February 2021.
Critics argue that the special status was removed without consulting the people of the state.
The editorial board believes that trade across the Line of Control should be reopened.
Human rights groups documented hundreds of detentions under the Public Safety Act.
Pakistan will continue to extend moral, political and diplomatic support to the Kashmiri people.
India accused Pakistan of sponsoring cross-border terrorism and harbouring militant groups.
The Security Council held closed consultations on the situation for the first time in decades.
A delegation of European lawmakers visited the valley on a tour arranged by the government.
Farmers in the Jhelum valley complained that irrigation channels had been damaged.
It is time for the world to stop looking away and demand a plebiscite as promised.
The Indus Waters Treaty has survived three wars, but its future is now openly questioned.
Officials said the new domicile rules would open jobs to residents from other states.
Our diplomats should engage Gulf capitals that have large investments in India.
The chief of army staff visited forward posts and reviewed the operational preparedness.
A grenade attack on a market in Anantnag injured several civilians, police said.
The opposition in Islamabad demanded a joint session of parliament on the crisis.
The Kartarpur corridor showed that the two neighbours can cooperate when they choose to.
Journalists in the valley say they face summons and questioning over their reporting.
The special rapporteurs wrote to New Delhi seeking information about the communication blackout.
Both nuclear-armed neighbours have fought over the region since independence in 1947.
"""

OUTLETS = [("Dawn", "PAK"), ("The Nation", "PAK"), ("The Hindu", "IND"), ("Daily Times", "PAK")]


def sample_sentences() -> list[str]:
    """Sentences of the bundled sample corpus, or the fallback ones above."""
    sentences: list[str] = []
    if SAMPLES.is_dir():
        for path in sorted(SAMPLES.rglob("*")):
            if path.suffix in (".txt", ".md") and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 30]
    return sentences or FALLBACK_SENTENCES.splitlines()


def synthetic_documents(n: int, words: int = 450, seed: int = 7) -> Iterator[dict]:
    """``n`` news-length documents (about ``words`` words each) with metadata, reproducibly."""
    rng = random.Random(seed)
    pool = sample_sentences()
    start = date(2019, 1, 1)
    for i in range(n):
        body, count = [], 0
        while count < words:
            sentence = rng.choice(pool)
            body.append(sentence)
            count += len(sentence.split())
        paragraphs = [" ".join(body[j : j + 4]) for j in range(0, len(body), 4)]
        outlet, country = rng.choice(OUTLETS)
        yield {
            "id": f"synthetic-{i:06d}",
            "title": f"Synthetic report {i}",
            "outlet": outlet,
            "outlet_country": country,
            "published": (start + timedelta(days=i % 1500)).isoformat(),
            "text": "\n\n".join(paragraphs),
        }


def write_corpus(folder: Path, n: int, words: int = 450, shard: int = 1000) -> Path:
    """Write the corpus as JSONL shards of ``shard`` documents each into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    fh = None
    for i, record in enumerate(synthetic_documents(n, words)):
        if i % shard == 0:
            if fh:
                fh.close()
            fh = (folder / f"synthetic-{i // shard:04d}.jsonl").open("w", encoding="utf-8")
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=450, help="approximate words per document")
    parser.add_argument("--out", type=Path, default=Path("synthetic"), help="folder")
    args = parser.parse_args()
    write_corpus(args.out, args.docs, args.words)
    print(f"wrote {args.docs} documents to {args.out}")


if __name__ == "__main__":
    main()
