"""Validate the bundled sample corpus and its gold records.

Checks that every file named in ``samples/kashmir/metadata.jsonl`` exists, that
document ids are unique, that metadata values are well formed, that flashpoint's
own ingest reads every declared document under its id (with its sidecar metadata),
that every gold record belongs to a known document, uses only known actor, event,
reference and frame ids, and that every quote occurs verbatim, at its offsets, in
the text as flashpoint reads it.

    python scripts/check_sample.py            # exit status 1 when a problem is found
    python scripts/check_sample.py --samples samples/kashmir --gold gold/sample.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pycountry

from flashpoint.document import FRAME_IDS, PLOVER_TYPES, STATUSES, Document
from flashpoint.vocabulary import fixed_ids

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "kashmir"
GOLD = REPO / "gold" / "sample.jsonl"

# Ids the sample's pack fixes (states use ISO 3166-1 alpha-3).
GROUP_ACTORS, REFERENCE_IDS = fixed_ids("kashmir")
GENRES = ("news", "editorial", "op-ed", "statement", "speech")
KIND = re.compile(rf"^(illustrative )?({'|'.join(GENRES)})$")
META_KEYS = ("file", "id", "title", "author", "outlet", "outlet_country", "published", "kind", "language")  # fmt: skip
MIN_WORDS, MAX_WORDS = 150, 450


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # doc id -> text as flashpoint reads it

    def add(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")


def is_state(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def valid_actor(value: object) -> bool:
    return isinstance(value, str) and (value in GROUP_ACTORS or is_state(value))


def valid_date(value: object) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def read_jsonl(path: Path, report: Report) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            report.add(f"{path.name}:{n}", f"invalid JSON ({err.msg})")
            continue
        if not isinstance(row, dict):
            report.add(f"{path.name}:{n}", "line is not a JSON object")
            continue
        rows.append(row)
    return rows


def check_metadata(row: dict, where: str, report: Report, *, needs_file: bool) -> None:
    keys = META_KEYS if needs_file else META_KEYS[1:]
    for key in keys:
        if key not in row:
            report.add(where, f"missing metadata field {key!r}")
    if not re.fullmatch(r"sample-\d{3}", str(row.get("id", ""))):
        report.add(where, f"id {row.get('id')!r} is not of the form sample-NNN")
    if row.get("published") is not None and not valid_date(row["published"]):
        report.add(where, f"published {row['published']!r} is not an ISO date")
    country = row.get("outlet_country")
    if country is not None and not is_state(country):
        report.add(where, f"outlet_country {country!r} is not an ISO 3166 alpha-3 code")
    if "kind" in row and not KIND.match(str(row["kind"])):
        report.add(where, f"kind {row['kind']!r} is not one of {', '.join(GENRES)}")


def declare(doc_id: str, where: str, report: Report, declared: dict[str, dict]) -> None:
    if doc_id in declared:
        report.add(where, f"duplicate document id {doc_id!r}")


def check_text_files(samples: Path, report: Report, declared: dict[str, dict]) -> None:
    sidecar = samples / "metadata.jsonl"
    if not sidecar.is_file():
        report.add(str(sidecar), "metadata file is missing")
        return
    listed = set()
    for n, row in enumerate(read_jsonl(sidecar, report), 1):
        where = f"metadata.jsonl:{n}"
        path = samples / str(row.get("file", ""))
        listed.add(path.name)
        if path.suffix == ".txt":
            check_metadata(row, where, report, needs_file=True)
        elif not re.fullmatch(r"sample-\d{3}", str(row.get("id", ""))):
            report.add(where, f"id {row.get('id')!r} is not of the form sample-NNN")
        if not path.is_file():
            report.add(where, f"file {row.get('file')!r} does not exist")
            continue
        declare(str(row.get("id")), where, report, declared)
        declared[str(row.get("id"))] = row
    for path in samples.glob("*.txt"):
        if path.name not in listed:
            report.add(path.name, "text file has no metadata line")


def check_jsonl_documents(samples: Path, report: Report, declared: dict[str, dict]) -> None:
    for path in sorted(samples.glob("*.jsonl")):
        if path.name == "metadata.jsonl":
            continue
        for n, row in enumerate(read_jsonl(path, report), 1):
            where = f"{path.name}:{n}"
            check_metadata(row, where, report, needs_file=False)
            if not isinstance(row.get("text"), str) or not row["text"].strip():
                report.add(where, "document has no text")
                continue
            declare(str(row.get("id")), where, report, declared)
            declared[str(row.get("id"))] = row


def check_ingested(samples: Path, report: Report, declared: dict[str, dict]) -> None:
    """Read the folder as flashpoint does; every declared document must come out of it."""
    from flashpoint.ingest import IngestOptions, iter_documents

    docs = {}
    for item in iter_documents([str(samples)], IngestOptions()):
        if isinstance(item, Document):
            docs[item.doc_id] = item
        else:
            report.add("ingest", f"flashpoint cannot read a file: {item}")
    for doc_id, row in declared.items():
        doc = docs.get(doc_id)
        if doc is None:
            report.add(doc_id, "declared document is not read by flashpoint under this id")
            continue
        for key in ("published", "outlet_country"):
            if key in row and row[key] != getattr(doc, key):
                report.add(
                    doc_id, f"{key} read as {getattr(doc, key)!r}, metadata says {row[key]!r}"
                )
        words = len(doc.text.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            report.add(doc_id, f"{words} words, outside {MIN_WORDS}-{MAX_WORDS}")
        report.texts[doc_id] = doc.text


class _MetaTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "title":
            self.title = True
        if tag == "meta":
            name = values.get("name") or values.get("property")
            if name and values.get("content"):
                self.meta[name] = values["content"]


def check_markup_files(samples: Path, report: Report) -> None:
    for path in sorted(samples.glob("*.html")):
        parser = _MetaTags()
        parser.feed(path.read_text(encoding="utf-8"))
        if not parser.title:
            report.add(path.name, "HTML file has no <title>")
        if "author" not in parser.meta:
            report.add(path.name, "HTML file has no author meta tag")
        published = parser.meta.get("article:published_time", "")
        if not valid_date(published[:10]):
            report.add(path.name, "HTML file has no article:published_time meta tag")
    for path in sorted([*samples.glob("*.rss"), *samples.glob("*.xml")]):
        try:
            items = ET.parse(path).getroot().findall("./channel/item")
        except ET.ParseError as err:
            report.add(path.name, f"feed is not well-formed XML ({err})")
            continue
        if not items:
            report.add(path.name, "feed has no items")
        for item in items:
            for tag in ("title", "link", "pubDate", "description"):
                if item.find(tag) is None:
                    report.add(path.name, f"feed item without <{tag}>")


def as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def check_quote(item: dict, text: str, where: str, report: Report) -> None:
    quote = item.get("quote")
    if not isinstance(quote, str) or not quote:
        report.add(where, "item has no quote")
        return
    if quote not in text:
        report.add(where, f"quote not found in the document: {quote[:60]!r}")
        return
    start, end = item.get("start"), item.get("end")
    if start is not None and text[start:end] != quote:
        report.add(where, f"offsets {start}-{end} do not point at the quote {quote[:40]!r}")


def check_gold_record(rec: dict, where: str, report: Report) -> None:
    text = report.texts[rec["doc_id"]]
    for actor in rec.get("actors", []):
        if not valid_actor(actor.get("id")):
            report.add(where, f"unknown actor id {actor.get('id')!r}")
    for actor in rec.get("optional_actors", []):
        if not valid_actor(actor):
            report.add(where, f"unknown optional actor id {actor!r}")
    for i, event in enumerate(rec.get("events", [])):
        at = f"{where} event {i}"
        for role in ("source", "target"):
            for value in as_list(event.get(role)):
                if value is not None and not valid_actor(value):
                    report.add(at, f"unknown {role} {value!r}")
        for value in as_list(event.get("type")):
            if value not in PLOVER_TYPES:
                report.add(at, f"unknown event type {value!r}")
        if event.get("status") not in STATUSES:
            report.add(at, f"unknown status {event.get('status')!r}")
        if event.get("date") is not None and not re.fullmatch(r"\d{4}(-\d{2}){0,2}", event["date"]):
            report.add(at, f"bad date {event['date']!r}")
        check_quote(event, text, at, report)
    for i, rec_item in enumerate(rec.get("recommendations", [])):
        at = f"{where} recommendation {i}"
        for value in as_list(rec_item.get("addressee")):
            if value is not None and not valid_actor(value):
                report.add(at, f"unknown addressee {value!r}")
        check_quote(rec_item, text, at, report)
    for i, ref in enumerate(rec.get("references", [])):
        at = f"{where} reference {i}"
        if ref.get("id") not in REFERENCE_IDS:
            report.add(at, f"unknown reference id {ref.get('id')!r}")
        check_quote(ref, text, at, report)
    frames = [f.get("id") for f in rec.get("frames", [])]
    if not 1 <= len(frames) <= 3:
        report.add(where, f"{len(frames)} frames; gold lists one to three")
    for frame in frames:
        if frame not in FRAME_IDS:
            report.add(where, f"unknown frame {frame!r}")


def check_gold(gold: Path, report: Report) -> None:
    if not gold.is_file():
        report.add(str(gold), "gold file is missing")
        return
    seen = set()
    for n, rec in enumerate(read_jsonl(gold, report), 1):
        where = f"{gold.name}:{n}"
        doc_id = rec.get("doc_id")
        if doc_id not in report.texts:
            report.add(where, f"doc_id {doc_id!r} is not a sample document")
            continue
        if doc_id in seen:
            report.add(where, f"second gold record for {doc_id!r}")
        seen.add(doc_id)
        try:
            check_gold_record(rec, f"{where} ({doc_id})", report)
        except (AttributeError, TypeError, KeyError) as err:
            report.add(where, f"malformed record ({err.__class__.__name__}: {err})")
    for doc_id in sorted(set(report.texts) - seen):
        report.add(gold.name, f"no gold record for {doc_id!r}")


def check(samples: Path = SAMPLES, gold: Path = GOLD) -> Report:
    """Run every check; the report lists problems as 'where: what' lines."""
    report = Report()
    if not samples.is_dir():
        report.add(str(samples), "sample folder is missing")
        return report
    declared: dict[str, dict] = {}
    check_text_files(samples, report, declared)
    check_jsonl_documents(samples, report, declared)
    check_markup_files(samples, report)
    check_ingested(samples, report, declared)
    check_gold(gold, report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args(argv)
    report = check(args.samples, args.gold)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(f"{len(report.texts)} documents, {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
