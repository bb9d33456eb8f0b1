"""Every corpus in ../shared ingests with the right counts and metadata (skips without it)."""

from __future__ import annotations

import re
from collections import Counter

from flashpoint.document import Document
from flashpoint.ingest import IngestOptions, Problem, iter_documents

UN_PATTERN = r"(?P<outlet_country>[A-Z]{3})_\d+_(?P<published>\d{4})"


def read(path, **options) -> tuple[list[Document], list[Problem]]:
    items = list(iter_documents([str(path)], IngestOptions(**options)))
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, Problem)])  # fmt: skip


def test_seeds_take_their_sidecar_metadata(shared_dir):
    docs, problems = read(shared_dir / "corpus" / "seeds")
    assert not problems and len(docs) == 3
    for doc in docs:
        assert doc.outlet_country == "PAK"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.published)
        assert doc.doc_id.startswith(doc.source_path.rsplit("/", 1)[1][:3])  # ids from the sidecar
        assert "published_precision" in doc.metadata and "file" not in doc.metadata
    titled = [d for d in docs if "title_source" not in d.metadata]  # the others' are derived
    assert len(titled) == 1 and titled[0].title and titled[0].author  # one has title and author


def test_un_speeches_with_name_pattern(shared_dir):
    docs, problems = read(shared_dir / "corpus" / "un_general_debate",
                          name_pattern=re.compile(UN_PATTERN))  # fmt: skip
    assert not problems and len(docs) == 155
    countries = Counter(d.outlet_country for d in docs)
    assert set(countries) == {"IND", "PAK"} and sum(countries.values()) == 155
    for doc in docs:
        name = doc.source_path.rsplit("/", 1)[1]
        assert name.startswith(doc.outlet_country) and doc.published == name[-8:-4]
    assert len({d.hash for d in docs}) == 155


def test_webis_editorials_tsv(shared_dir):
    docs, problems = read(shared_dir / "corpus" / "editorials" / "webis_editorials16.tsv")
    assert not problems and len(docs) == 300
    assert Counter(d.outlet for d in docs) == {"aljazeera": 100, "foxnews": 100, "guardian": 100}
    assert len({d.doc_id for d in docs}) == 300
    assert all(re.fullmatch(r"20\d\d-\d{2}-\d{2}", d.published) for d in docs)
    assert all(d.title and d.url.startswith("http") and d.author for d in docs[:50])
    assert not any("&#10;" in d.text or "&amp;" in d.text for d in docs)
    assert all(d.text.strip() == d.text and len(d.text) > 500 for d in docs)
    assert sum(d.text.startswith('"') for d in docs) >= 1  # quotes at the start survive


def test_satp_tsv_without_header(shared_dir):
    path = shared_dir / "corpus" / "satp" / "satp_train.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = sum(1 for line in fh if line.strip())
    docs, problems = read(path)
    assert not problems and len(docs) == rows
    assert docs[0].metadata["source_line"] == 1  # the first row is data
    for doc in docs:
        assert {doc.metadata[f"column_{i}"] for i in range(2, 6)} <= {"0", "1"}
        assert len(doc.text) > 20
